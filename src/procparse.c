/* procparse.c: parsers for the text of /proc files. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "procparse.h"

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
	if (!field_ull(fields[11], end, &st->utime) ||
	    !field_ull(fields[12], end, &st->stime))
		return false;
	if (!field_ll(fields[17], end, &v))
		return false;
	st->num_threads = (int)v;
	if (!field_ull(fields[19], end, &st->starttime))
		return false;
	/* Field 52, exit_code, since Linux 3.5. */
	if (n >= 50 && field_ll(fields[49], end, &v)) {
		st->has_exit_code = true;
		st->exit_code = (int)v;
	}
	return true;
}

bool
procparse_syscall(const char *buf, size_t len, struct proc_syscall *sc)
{
	const char	*p = buf, *end = buf + len;
	char		 tmp[32], *e;
	size_t		 i, wl;
	long long	 nr;

	memset(sc, 0, sizeof *sc);
	if (len >= 7 && strncmp(buf, "running", 7) == 0) {
		sc->running = true;
		return true;
	}
	for (i = 0; i < 7; i++) {
		while (p < end && *p == ' ')
			p++;
		wl = 0;
		while (p + wl < end && p[wl] != ' ' && p[wl] != '\n')
			wl++;
		if (wl == 0 || wl >= sizeof tmp)
			return i > 0 && !sc->in_call;
		memcpy(tmp, p, wl);
		tmp[wl] = '\0';
		p += wl;
		errno = 0;
		if (i == 0) {
			nr = strtoll(tmp, &e, 10);
			if (errno != 0 || *e != '\0')
				return false;
			if (nr < 0)
				return true;	/* blocked, but not in a system call */
			sc->nr = (long)nr;
			sc->in_call = true;
		} else {
			sc->args[i - 1] = strtoul(tmp, &e, 16);
			if (errno != 0 || *e != '\0')
				return false;
		}
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
