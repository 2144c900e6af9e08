/* procparse.c: parsers for the text of /proc files. */
#include "config.h"

#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "procparse.h"
#include "util.h"

#define nitems_of(a)	(sizeof (a) / sizeof (a)[0])

/* Split the text after "(comm) " into up to max fields. */
static size_t
split_fields(const char *p, const char *end, const char **fields, size_t max)
{
	size_t	 n = 0;

	while (p < end && n < max) {
		while (p < end && (*p == ' ' || *p == '\n'))
			p++;
		if (p >= end)
			break;
		fields[n++] = p;
		while (p < end && *p != ' ' && *p != '\n')
			p++;
	}
	return n;
}

static bool
field_ll(const char *f, const char *end, long long *out)
{
	char	 tmp[32];
	size_t	 len = 0;
	char	*e;

	while (f + len < end && f[len] != ' ' && f[len] != '\n' && len < sizeof tmp - 1)
		len++;
	if (len == 0 || len == sizeof tmp - 1)
		return false;
	memcpy(tmp, f, len);
	tmp[len] = '\0';
	errno = 0;
	*out = strtoll(tmp, &e, 10);
	return errno == 0 && *e == '\0';
}

static bool
field_ull(const char *f, const char *end, unsigned long long *out)
{
	long long	 v;

	if (!field_ll(f, end, &v) || v < 0)
		return false;
	*out = (unsigned long long)v;
	return true;
}

bool
procparse_stat(const char *buf, size_t len, struct proc_stat *st)
{
	const char	*end = buf + len, *open, *close, *fields[60];
	long long	 v;
	size_t		 n, clen;

	memset(st, 0, sizeof *st);
	open = memchr(buf, '(', len);
	if (open == NULL)
		return false;
	/* comm may hold ')' itself: the last one closes it. */
	for (close = end - 1; close > open && *close != ')'; close--)
		;
	if (close <= open)
		return false;
	if (!field_ll(buf, open, &v))
		return false;
	st->pid = (pid_t)v;
	clen = (size_t)(close - open - 1);
	if (clen >= sizeof st->comm)
		clen = sizeof st->comm - 1;
	memcpy(st->comm, open + 1, clen);
	st->comm[clen] = '\0';

	/* fields[0] is field 3 (state) in proc(5) numbering. */
	n = split_fields(close + 1, end, fields, 60);
	if (n < 20)
		return false;
	st->state = fields[0][0];
	if (!field_ll(fields[1], end, &v))
		return false;
	st->ppid = (pid_t)v;
	if (!field_ll(fields[2], end, &v))
		return false;
	st->pgrp = (pid_t)v;
	if (!field_ll(fields[3], end, &v))
		return false;
	st->session = (pid_t)v;
	if (!field_ll(fields[4], end, &v))
		return false;
	st->tty_nr = (int)v;
	if (!field_ll(fields[6], end, &v) || v < 0 || v > 0xffffffffLL)
		return false;
	st->flags = (unsigned int)v;
	if (!field_ull(fields[11], end, &st->utime) ||
	    !field_ull(fields[12], end, &st->stime))
		return false;
	if (!field_ll(fields[17], end, &v))
		return false;
	st->num_threads = (int)v;
	if (!field_ull(fields[19], end, &st->starttime))
		return false;
	/* Field 39, the CPU it last ran on. */
	st->processor = -1;
	if (n >= 37 && field_ll(fields[36], end, &v) && v >= 0 && v <= 0x7fffffff)
		st->processor = (int)v;
	/* Field 52, exit_code, since Linux 3.5. */
	if (n >= 50 && field_ll(fields[49], end, &v)) {
		st->has_exit_code = true;
		st->exit_code = (int)v;
	}
	return true;
}

/* The next word of [*pp, end) into tmp; false if there is none or it
 * does not fit. */
static bool
next_word(const char **pp, const char *end, char *tmp, size_t size)
{
	const char	*p = *pp;
	size_t		 wl = 0;

	while (p < end && *p == ' ')
		p++;
	while (p + wl < end && p[wl] != ' ' && p[wl] != '\n')
		wl++;
	if (wl == 0 || wl >= size)
		return false;
	memcpy(tmp, p, wl);
	tmp[wl] = '\0';
	*pp = p + wl;
	return true;
}

bool
procparse_syscall(const char *buf, size_t len, struct proc_syscall *sc)
{
	const char	*p = buf, *end = buf + len;
	unsigned long	 w[8];
	char		 tmp[32], *e;
	size_t		 n;
	long long	 nr;

	memset(sc, 0, sizeof *sc);
	if (len >= 7 && strncmp(buf, "running", 7) == 0) {
		sc->running = true;
		return true;
	}
	if (!next_word(&p, end, tmp, sizeof tmp))
		return false;
	errno = 0;
	nr = strtoll(tmp, &e, 10);
	if (errno != 0 || *e != '\0' || nr < -1 || nr > 0x7fffffff)
		return false;
	for (n = 0; n < nitems_of(w) && next_word(&p, end, tmp, sizeof tmp); n++) {
		errno = 0;
		w[n] = strtoul(tmp, &e, 16);
		if (errno != 0 || *e != '\0' || tmp[0] == '-')
			return false;
	}
	if (nr < 0) {
		/* Blocked, but not in a system call: "-1 SP PC". */
		if (n >= 2) {
			sc->has_regs = true;
			sc->sp = w[0];
			sc->pc = w[1];
		}
		return n > 0;
	}
	if (n < 6)
		return false;
	sc->nr = (long)nr;
	sc->in_call = true;
	memcpy(sc->args, w, sizeof sc->args);
	if (n >= 8) {
		sc->has_regs = true;
		sc->sp = w[6];
		sc->pc = w[7];
	}
	return true;
}

bool
procparse_field(const char *buf, size_t len, const char *key, char *out, size_t outlen)
{
	const char	*p = buf, *end = buf + len, *nl;
	size_t		 klen = strlen(key), vlen;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) > klen && strncmp(p, key, klen) == 0 && p[klen] == ':') {
			p += klen + 1;
			while (p < nl && (*p == ' ' || *p == '\t'))
				p++;
			vlen = (size_t)(nl - p);
			if (outlen == 0)
				return true;
			if (vlen >= outlen)
				vlen = outlen - 1;
			memcpy(out, p, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = nl + 1;
	}
	return false;
}

static bool
hex_ul(const char **pp, const char *end, unsigned long long *out)
{
	const char		*p = *pp;
	unsigned long long	 v = 0;
	int			 d, n = 0;

	while (p < end && n < 17) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else
			break;
		v = v * 16 + (unsigned long long)d;
		p++;
		n++;
	}
	if (n == 0 || n > 16)
		return false;
	*out = v;
	*pp = p;
	return true;
}

static bool
dec_ll(const char **pp, const char *end, long long *out)
{
	const char	*p = *pp;
	long long	 v = 0;
	bool		 neg = false;
	int		 n = 0;

	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	while (p < end && *p >= '0' && *p <= '9') {
		if (v > (LLONG_MAX - (*p - '0')) / 10)
			return false;	/* more than a long long holds */
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n == 0)
		return false;
	*out = neg ? -v : v;
	*pp = p;
	return true;
}

static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

bool
procparse_maps_line(const char *buf, size_t len, size_t *pos, struct proc_map *m, bool *ok)
{
	const char		*p, *end = buf + len, *nl;
	unsigned long long	 a, b, maj, min;
	long long		 ino;

	if (*pos >= len)
		return false;
	p = buf + *pos;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL)
		nl = end;
	*pos = (size_t)(nl - buf) + (nl < end ? 1 : 0);
	*ok = false;
	memset(m, 0, sizeof *m);
	if (!hex_ul(&p, nl, &a) || p >= nl || *p++ != '-' || !hex_ul(&p, nl, &b))
		return true;
	p = skip_blanks(p, nl);
	if (nl - p < 5)
		return true;
	m->read = p[0] == 'r';
	m->write = p[1] == 'w';
	m->exec = p[2] == 'x';
	m->shared = p[3] == 's';
	p = skip_blanks(p + 4, nl);
	if (!hex_ul(&p, nl, &m->offset))
		return true;
	p = skip_blanks(p, nl);
	if (!hex_ul(&p, nl, &maj) || p >= nl || *p++ != ':' || !hex_ul(&p, nl, &min))
		return true;
	p = skip_blanks(p, nl);
	if (!dec_ll(&p, nl, &ino) || ino < 0)
		return true;
	p = skip_blanks(p, nl);
	m->start = (unsigned long)a;
	m->end = (unsigned long)b;
	m->major = (unsigned int)maj;
	m->minor = (unsigned int)min;
	m->ino = (unsigned long)ino;
	m->path = p;
	m->pathlen = (size_t)(nl - p);
	*ok = a < b;
	return true;
}

static bool
word_into(const char **pp, const char *end, char *out, size_t outlen)
{
	const char	*p = skip_blanks(*pp, end);
	size_t		 n = 0;

	while (p + n < end && p[n] != ' ' && p[n] != '\t' && p[n] != '\n')
		n++;
	if (n == 0 || n >= outlen)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	*pp = p + n;
	return true;
}

/* The kind or type a word names: its index in names, or -1. */
static int
word_index(const char *word, const char *const *names, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(word, names[i]) == 0)
			return (int)i;
	}
	return -1;
}

bool
procparse_lock(const char *buf, size_t len, struct proc_lock *l)
{
	/* In the order of enum lock_kind and enum lock_type. */
	static const char *const kinds[] = { "POSIX", "OFDLCK", "FLOCK", "LEASE", "DELEG" };
	static const char *const types[] = { "READ", "WRITE", "UNLCK" };
	const char		*p = buf, *end = buf + len, *nl;
	char			 kind[8], mode[16], type[16];
	long long		 v;
	unsigned long long	 maj, min, ino;
	int			 k, t;

	if ((nl = memchr(buf, '\n', len)) != NULL)
		end = nl;
	memset(l, 0, sizeof *l);
	p = skip_blanks(p, end);
	if (end - p > 5 && strncmp(p, "lock:", 5) == 0)
		p = skip_blanks(p + 5, end);
	if (!dec_ll(&p, end, &v) || v < 0 || v > 0x7fffffff || p >= end || *p++ != ':')
		return false;
	l->id = (int)v;
	p = skip_blanks(p, end);
	if (end - p >= 2 && p[0] == '-' && p[1] == '>') {
		l->waiter = true;
		p += 2;
	}
	if (!word_into(&p, end, kind, sizeof kind) ||
	    !word_into(&p, end, mode, sizeof mode))
		return false;
	/* A lease being broken says so before its type. */
	if (!word_into(&p, end, type, sizeof type))
		return false;
	if (strcmp(type, "BREAKING") == 0 && !word_into(&p, end, type, sizeof type))
		return false;
	if ((k = word_index(kind, kinds, sizeof kinds / sizeof kinds[0])) == -1 ||
	    (t = word_index(type, types, sizeof types / sizeof types[0])) == -1)
		return false;
	l->kind = (enum lock_kind)k;
	l->type = (enum lock_type)t;
	p = skip_blanks(p, end);
	if (!dec_ll(&p, end, &v) || v < -1 || v > 0x7fffffff)
		return false;
	l->pid = (pid_t)v;
	p = skip_blanks(p, end);
	if (!hex_ul(&p, end, &maj) || p >= end || *p++ != ':' || !hex_ul(&p, end, &min) ||
	    p >= end || *p++ != ':')
		return false;
	if (!dec_ll(&p, end, &v) || v < 0)
		return false;
	ino = (unsigned long long)v;
	l->major = (unsigned int)maj;
	l->minor = (unsigned int)min;
	l->ino = (unsigned long)ino;
	p = skip_blanks(p, end);
	if (!dec_ll(&p, end, &l->start) || l->start < 0)
		return false;
	p = skip_blanks(p, end);
	if (end - p >= 3 && strncmp(p, "EOF", 3) == 0)
		l->end = -1;
	else if (!dec_ll(&p, end, &l->end) || l->end < l->start)
		return false;
	return true;
}

bool
procparse_sched_exec_start(const char *buf, size_t len, unsigned long long *ns)
{
	static const char	 key[] = "se.exec_start";
	const char		*p = buf, *end = buf + len, *nl;
	long long		 ms, frac;
	int			 digits;

	for (; p < end; p = nl < end ? nl + 1 : end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) <= sizeof key - 1 || strncmp(p, key, sizeof key - 1) != 0 ||
		    (p[sizeof key - 1] != ' ' && p[sizeof key - 1] != ':'))
			continue;
		p = skip_blanks(p + sizeof key - 1, nl);
		if (p >= nl || *p++ != ':')
			return false;
		p = skip_blanks(p, nl);
		if (!dec_ll(&p, nl, &ms) || ms < 0 || ms > 9223372036LL * 1000)
			return false;
		frac = 0;
		digits = 0;
		if (p < nl && *p == '.') {
			/* Six decimals of a millisecond: nanoseconds. */
			for (p++; p < nl && *p >= '0' && *p <= '9'; p++) {
				if (digits++ < 6)
					frac = frac * 10 + (*p - '0');
			}
			if (digits == 0)
				return false;
			for (; digits < 6; digits++)
				frac *= 10;
		}
		*ns = (unsigned long long)ms * 1000000ULL + (unsigned long long)frac;
		return true;
	}
	return false;
}

bool
procparse_schedstat(const char *buf, size_t len, struct proc_schedstat *ss)
{
	const char	*p = buf, *end = buf + len;
	long long	 v[3];
	int		 i;

	memset(ss, 0, sizeof *ss);
	for (i = 0; i < 3; i++) {
		p = skip_blanks(p, end);
		if (!dec_ll(&p, end, &v[i]) || v[i] < 0)
			return false;
	}
	ss->run_ns = (unsigned long long)v[0];
	ss->wait_ns = (unsigned long long)v[1];
	ss->timeslices = (unsigned long long)v[2];
	return true;
}

/* "KEY:" then blanks, at p; false if the key is not there. */
static bool
key_colon(const char **pp, const char *end, const char *key)
{
	const char	*p = skip_blanks(*pp, end);
	size_t		 klen = strlen(key);

	if ((size_t)(end - p) < klen + 1 || strncmp(p, key, klen) != 0 || p[klen] != ':')
		return false;
	*pp = skip_blanks(p + klen + 1, end);
	return true;
}

bool
procparse_epoll_line(const char *buf, size_t len, size_t *pos, struct proc_epoll_tfd *t,
    bool *ok)
{
	const char		*p, *end = buf + len, *nl;
	long long		 fd, fpos;
	unsigned long long	 events, ino, sdev;

	if (*pos >= len)
		return false;
	p = buf + *pos;
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		nl = end;
	*pos = (size_t)(nl - buf) + (nl < end ? 1 : 0);
	*ok = false;
	memset(t, 0, sizeof *t);
	if (!key_colon(&p, nl, "tfd") || !dec_ll(&p, nl, &fd) || fd < 0 || fd > 0x7fffffff ||
	    !key_colon(&p, nl, "events") || !hex_ul(&p, nl, &events) || events > 0xffffffffULL ||
	    !key_colon(&p, nl, "data") || !hex_ul(&p, nl, &t->data) ||
	    !key_colon(&p, nl, "pos") || !dec_ll(&p, nl, &fpos) ||
	    !key_colon(&p, nl, "ino") || !hex_ul(&p, nl, &ino) ||
	    !key_colon(&p, nl, "sdev") || !hex_ul(&p, nl, &sdev) || sdev > 0xffffffffULL)
		return true;
	t->fd = (int)fd;
	t->events = (unsigned int)events;
	t->ino = (unsigned long)ino;
	/* The kernel's dev_t: 12 bits of major above 20 of minor. */
	t->major = (unsigned int)(sdev >> 20);
	t->minor = (unsigned int)(sdev & 0xfffff);
	*ok = true;
	return true;
}

bool
procparse_cpu_steal(const char *buf, size_t len, int *cpu, unsigned long long *steal)
{
	const char	*p = buf, *end = buf + len, *nl;
	long long	 v;
	int		 i;

	if ((nl = memchr(buf, '\n', len)) != NULL)
		end = nl;
	if (end - p < 4 || strncmp(p, "cpu", 3) != 0)
		return false;
	p += 3;
	if (!dec_ll(&p, end, &v) || v < 0 || v > 0x7fffffff)
		return false;	/* "cpu " is the sum of them all */
	*cpu = (int)v;
	/* user nice system idle iowait irq softirq steal */
	for (i = 0; i < 8; i++) {
		p = skip_blanks(p, end);
		if (!dec_ll(&p, end, &v) || v < 0)
			return false;
	}
	*steal = (unsigned long long)v;
	return true;
}

/* Exactly n hex digits at *pp, then a blank or the end of the line, as
 * bytes (two digits a byte, the first the high one). */
static bool
hex_bytes(const char **pp, const char *end, uint8_t *out, size_t n)
{
	const char	*p = *pp;
	size_t		 i;
	int		 hi, lo;

	if ((size_t)(end - p) < 2 * n)
		return false;
	for (i = 0; i < n; i++) {
		if ((hi = hex_digit((unsigned char)p[2 * i])) == -1 ||
		    (lo = hex_digit((unsigned char)p[2 * i + 1])) == -1)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	p += 2 * n;
	if (p < end && *p != ' ' && *p != '\t')
		return false;
	*pp = p;
	return true;
}

/* An unsigned decimal number that fits an int. */
static bool
dec_uint(const char **pp, const char *end, unsigned *out)
{
	long long	 v;

	if (*pp >= end || **pp == '-' || !dec_ll(pp, end, &v) || v > INT_MAX)
		return false;
	*out = (unsigned)v;
	return true;
}

/* "IDX DEV" at the start of a line: the index, and the name up to a
 * blank or a colon (a name has neither). */
static bool
igmp_dev(const char **pp, const char *end, int *ifindex, char *dev, size_t devlen)
{
	const char	*p = *pp;
	unsigned	 idx;
	size_t		 n = 0;

	if (!dec_uint(&p, end, &idx) || idx == 0)
		return false;
	p = skip_blanks(p, end);
	while (p + n < end && p[n] != ' ' && p[n] != '\t' && p[n] != ':')
		n++;
	if (n == 0 || n >= devlen)
		return false;
	memcpy(dev, p, n);
	dev[n] = '\0';
	*ifindex = (int)idx;
	*pp = p + n;
	return true;
}

static struct igmp_group *
igmp_add(struct igmp_group **out, size_t *n)
{
	struct igmp_group	*g;

	*out = xreallocarray(*out, *n + 1, sizeof **out);
	g = &(*out)[(*n)++];
	memset(g, 0, sizeof *g);
	return g;
}

/* An igmp line: a device ("1\tlo        :     1      V3"), which the
 * group lines after it ("\t\t\t\t010000E0     1 0:00000000\t\t0") are
 * of. A group is the kernel's __be32 printed as a host integer (%08X):
 * its bytes in memory are the address in network order. */
static void
igmp4_line(const char *p, const char *nl, struct igmp_group *dev, bool *have_dev,
    struct igmp_group **out, size_t *n, size_t *added)
{
	struct igmp_group	*g;
	uint8_t			 b[4];
	uint32_t		 group;
	unsigned		 users;

	if (p == nl)
		return;
	/* A line that is not a group's is a device's (or the heading):
	 * the groups after one that is not a device are of none. */
	if (*p != ' ' && *p != '\t') {
		*have_dev = igmp_dev(&p, nl, &dev->ifindex, dev->dev, sizeof dev->dev) &&
		    (p = skip_blanks(p, nl)) < nl && *p == ':';
		return;
	}
	p = skip_blanks(p, nl);
	if (!*have_dev || !hex_bytes(&p, nl, b, sizeof b))
		return;
	p = skip_blanks(p, nl);
	if (!dec_uint(&p, nl, &users))
		return;
	group = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	g = igmp_add(out, n);
	*g = *dev;
	g->family = AF_INET;
	memcpy(g->addr, &group, sizeof group);
	g->users = users;
	(*added)++;
}

/* An igmp6 line: "1    lo              ff020000000000000000000000000001     1 0000000C 0". */
static void
igmp6_line(const char *p, const char *nl, struct igmp_group **out, size_t *n, size_t *added)
{
	struct igmp_group	 g;

	memset(&g, 0, sizeof g);
	if (!igmp_dev(&p, nl, &g.ifindex, g.dev, sizeof g.dev))
		return;
	p = skip_blanks(p, nl);
	if (!hex_bytes(&p, nl, g.addr, 16))
		return;
	p = skip_blanks(p, nl);
	if (!dec_uint(&p, nl, &g.users))
		return;
	g.family = AF_INET6;
	*igmp_add(out, n) = g;
	(*added)++;
}

size_t
procparse_igmp(const char *buf, size_t len, int family, struct igmp_group **out, size_t *n)
{
	const char		*p = buf, *end = buf + len, *nl;
	struct igmp_group	 dev;
	bool			 have_dev = false;
	size_t			 added = 0;

	if (family != AF_INET && family != AF_INET6)
		return 0;
	memset(&dev, 0, sizeof dev);
	for (; p < end; p = nl < end ? nl + 1 : end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (family == AF_INET)
			igmp4_line(p, nl, &dev, &have_dev, out, n, &added);
		else
			igmp6_line(p, nl, out, n, &added);
	}
	return added;
}
