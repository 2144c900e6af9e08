/* waits.c: what a thread is blocked in, on what, and since when (waits.h). */
#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <linux/futex.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "maps.h"
#include "probe.h"
#include "procparse.h"
#include "signames.h"
#include "syscalls.h"
#include "util.h"
#include "waits.h"

#if defined(__x86_64__)
#define WAITS_DECODE	1
/* An x32 call's number has this bit (asm/unistd.h's __X32_SYSCALL_BIT). */
#define WAITS_X32_BIT	0x40000000L
/* Linux 6.7; older headers lack it. */
#ifndef SYS_futex_wait
#define SYS_futex_wait	455
#endif
#else
#define WAITS_DECODE	0
#endif

/* A 32-bit process's addresses are all below this. */
#define WAITS_4G	0x100000000ULL

/* Something could not be read: the read is not complete, and the first
 * reason is kept. */
static void
missing(struct thread_wait *tw, int error)
{
	tw->complete = false;
	if (tw->error == 0)
		tw->error = error != 0 ? error : EIO;
}

/* Read a small /proc file into buf (NUL-terminated): false with errno. */
static bool
read_small(const char *path, char *buf, size_t size, size_t *len)
{
	ssize_t	 n;
	int	 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	do
		n = read(fd, buf, size - 1);
	while (n == -1 && errno == EINTR);
	saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return false;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return true;
}

static void
task_path(char *path, size_t size, const struct thread_wait *tw, const char *file)
{
	snprintf(path, size, "/proc/%d/task/%d/%s", (int)tw->pid, (int)tw->tid, file);
}

/* len bytes at addr of the thread's process; false (and missing) if not
 * all of them could be read. */
static bool
read_mem(struct thread_wait *tw, unsigned long addr, void *p, size_t len)
{
	if (addr == 0) {
		missing(tw, EFAULT);
		return false;
	}
	if (maps_read_mem(tw->pid, addr, p, len))
		return true;
	missing(tw, errno);
	return false;
}

/* A NUL-terminated string at addr, up to PATH_MAX bytes, read a page at
 * a time (the next page may not be mapped); NULL if it cannot be read. */
static char *
read_string(struct thread_wait *tw, unsigned long addr, bool *cut)
{
	char		*s = xmalloc(PATH_MAX);
	size_t		 len = 0, chunk;
	long		 page = sysconf(_SC_PAGESIZE);

	if (page <= 0)
		page = 4096;
	*cut = false;
	while (len < PATH_MAX) {
		chunk = (size_t)page - (size_t)((addr + len) % (unsigned long)page);
		if (chunk > PATH_MAX - len)
			chunk = PATH_MAX - len;
		if (!read_mem(tw, addr + len, s + len, chunk)) {
			free(s);
			return NULL;
		}
		if (memchr(s + len, '\0', chunk) != NULL)
			return s;
		len += chunk;
	}
	s[PATH_MAX - 1] = '\0';
	*cut = true;
	return s;
}

/* On one descriptor. */

static void
decode_fd(struct thread_wait *tw, int op, unsigned what)
{
	struct wait_fd		*w = &tw->on.fd;
	struct task_info	 ti;

	tw->kind = WAIT_FD;
	w->op = (enum wait_fd_op)op;
	w->fd = (int)tw->args[0];
	w->to_fd = -1;
#ifdef SYS_splice
	if (tw->nr == SYS_splice)
		w->to_fd = (int)tw->args[2];
#endif
#ifdef SYS_tee
	if (tw->nr == SYS_tee)
		w->to_fd = (int)tw->args[1];
#endif
#ifdef SYS_sendfile
	if (tw->nr == SYS_sendfile) {
		w->fd = (int)tw->args[1];
		w->to_fd = (int)tw->args[0];
	}
#endif
#ifdef SYS_fcntl
	if (tw->nr == SYS_fcntl)
		w->op = tw->args[1] == F_SETLKW || tw->args[1] == F_OFD_SETLKW ? WAIT_FD_LOCK :
		    WAIT_FD_FCNTL;
#endif
	if (w->op != WAIT_FD_LOCK || !(what & WAITS_OPERANDS))
		return;
	memset(&ti, 0, sizeof ti);
	ti.ok = true;
	ti.in_call = true;
	ti.nr = tw->nr;
	memcpy(ti.args, tw->args, sizeof ti.args);
	if (flocks_request(tw->pid, &ti, &w->lock))
		w->lock_known = true;
	else
		missing(tw, errno);
}

/* On a set of descriptors. */

static void
set_add(struct wait_set *s, size_t *cap, int fd, unsigned int events)
{
	if (s->n == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		s->v = xreallocarray(s->v, *cap, sizeof *s->v);
	}
	memset(&s->v[s->n], 0, sizeof s->v[s->n]);
	s->v[s->n].fd = fd;
	s->v[s->n].events = events;
	s->n++;
}

static void
decode_poll(struct thread_wait *tw, int how, unsigned what)
{
	struct wait_set	*s = &tw->on.set;
	struct pollfd	*fds;
	size_t		 n, i, cap = 0;

	tw->kind = WAIT_FDSET;
	s->how = (enum wait_set_how)how;
	s->epfd = -1;
	s->count = (long)tw->args[1];
	if (!(what & WAITS_OPERANDS) || tw->args[1] == 0)
		return;
	n = tw->args[1];
	if (n > WAIT_SET_MAX) {
		n = WAIT_SET_MAX;
		s->cut = true;
	}
	fds = xreallocarray(NULL, n, sizeof *fds);
	if (read_mem(tw, tw->args[0], fds, n * sizeof *fds)) {
		for (i = 0; i < n; i++)
			set_add(s, &cap, fds[i].fd, (unsigned int)(unsigned short)fds[i].events);
	}
	free(fds);
}

static void
decode_select(struct thread_wait *tw, int how, unsigned what)
{
	/* The kernel's POLLIN_SET, POLLOUT_SET and POLLEX_SET, in short. */
	static const unsigned int	 events[3] = { POLLIN, POLLOUT, POLLPRI };
	struct wait_set			*s = &tw->on.set;
	unsigned long			*bits[3] = { NULL, NULL, NULL };
	size_t				 nfds, words, bpw = 8 * sizeof (unsigned long), cap = 0;
	size_t				 fd, k;
	unsigned int			 ev;

	tw->kind = WAIT_FDSET;
	s->how = (enum wait_set_how)how;
	s->epfd = -1;
	s->count = (long)(int)tw->args[0];
	if (!(what & WAITS_OPERANDS) || s->count <= 0)
		return;
	nfds = (size_t)s->count;
	if (nfds > WAIT_SET_MAX) {
		nfds = WAIT_SET_MAX;
		s->cut = true;
	}
	words = (nfds + bpw - 1) / bpw;
	for (k = 0; k < 3; k++) {
		if (tw->args[1 + k] == 0)
			continue;	/* no such set */
		bits[k] = xcalloc(words, sizeof (unsigned long));
		if (!read_mem(tw, tw->args[1 + k], bits[k], words * sizeof (unsigned long)))
			goto out;
	}
	for (fd = 0; fd < nfds; fd++) {
		ev = 0;
		for (k = 0; k < 3; k++) {
			if (bits[k] != NULL && (bits[k][fd / bpw] >> (fd % bpw) & 1))
				ev |= events[k];
		}
		if (ev != 0)
			set_add(s, &cap, (int)fd, ev);
	}
out:
	for (k = 0; k < 3; k++)
		free(bits[k]);
}

static void
decode_epoll(struct thread_wait *tw, int how, unsigned what)
{
	struct wait_set		*s = &tw->on.set;
	struct proc_epoll_tfd	 t;
	struct buf		 b;
	char			 path[64];
	size_t			 pos = 0, cap = 0;
	bool			 ok;

	tw->kind = WAIT_FDSET;
	s->how = (enum wait_set_how)how;
	s->epfd = (int)tw->args[0];
	s->count = (long)(int)tw->args[2];
	if (!(what & WAITS_OPERANDS))
		return;
	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)tw->pid, s->epfd);
	buf_init(&b);
	if (!read_file(path, &b)) {
		missing(tw, errno);
		buf_free(&b);
		return;
	}
	while (procparse_epoll_line(b.data, b.len, &pos, &t, &ok)) {
		if (!ok)
			continue;
		if (s->n == WAIT_SET_MAX) {
			s->cut = true;
			break;
		}
		set_add(s, &cap, t.fd, t.events);
		s->v[s->n - 1].dev = makedev(t.major, t.minor);
		s->v[s->n - 1].ino = t.ino;
		s->v[s->n - 1].data = t.data;
	}
	buf_free(&b);
}

/* On a futex. */

/* A glibc pthread_mutex_t's owner, if the word at addr begins one that
 * is locked (waits.h's mutex_owner); 0 if the layout does not fit. */
static pid_t
glibc_mutex_owner(struct thread_wait *tw, unsigned long addr)
{
	struct {
		int		 lock;
		unsigned int	 count;
		int		 owner;
		unsigned int	 nusers;
		int		 kind;
	} m;
	int	 kind;

	if (!read_mem(tw, addr, &m, sizeof m))
		return 0;
	/* PTHREAD_MUTEX_{NORMAL,RECURSIVE,ERRORCHECK,ADAPTIVE} (the low two
	 * bits), with the robust (16), process-shared (128) and elision
	 * (256, 512) bits glibc keeps in __kind; the priority protocols (PI
	 * 32, PP 64) keep their owner, or a ceiling, in the word. */
	kind = m.kind & ~(3 | 16 | 128 | 256 | 512);
	if ((m.lock != 1 && m.lock != 2) || m.owner <= 0 || m.kind < 0 || kind != 0)
		return 0;
	return (pid_t)m.owner;
}

static void
decode_futex(struct thread_wait *tw, int unused, unsigned what)
{
	struct wait_futex	*f = &tw->on.futex;
	int			 op = (int)tw->args[1];

	(void)unused;
	tw->kind = WAIT_FUTEX;
	f->addr = tw->args[0];
	f->op = op & FUTEX_CMD_MASK;
	f->shared = !(op & FUTEX_PRIVATE_FLAG);
	f->realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
	f->val = (unsigned int)tw->args[2];
	f->bitset = f->op == FUTEX_WAIT_BITSET ? (unsigned int)tw->args[5] : ~0U;
	f->addr2 = f->op == FUTEX_WAIT_REQUEUE_PI ? tw->args[4] : 0;
#if WAITS_DECODE
	if (tw->nr == SYS_futex_wait) {
		/* futex_wait(uaddr, val, mask, flags, timeout, clockid):
		 * FUTEX2_PRIVATE is FUTEX_PRIVATE_FLAG's bit. */
		f->op = FUTEX_WAIT_BITSET;
		f->val = (unsigned int)tw->args[1];
		f->bitset = (unsigned int)tw->args[2];
		f->shared = !(tw->args[3] & FUTEX_PRIVATE_FLAG);
		f->realtime = tw->args[5] == CLOCK_REALTIME;
		f->addr2 = 0;
	}
#endif
	if (!(what & WAITS_OPERANDS))
		return;
	if (!read_mem(tw, f->addr, &f->word, sizeof f->word))
		return;
	f->word_known = true;
	if (f->op == FUTEX_LOCK_PI || f->op == FUTEX_LOCK_PI2 || f->op == FUTEX_TRYLOCK_PI)
		f->owner = (pid_t)(f->word & FUTEX_TID_MASK);
	else if (f->op == FUTEX_WAIT || f->op == FUTEX_WAIT_BITSET)
		f->mutex_owner = glibc_mutex_owner(tw, f->addr);
}

/* On System V objects. */

static void
decode_semop(struct thread_wait *tw, int unused, unsigned what)
{
	struct ksysv_semop	*r = &tw->on.semop;
	struct task_info	 ti;

	(void)unused;
	tw->kind = WAIT_SEMOP;
	if (what & WAITS_OPERANDS) {
		memset(&ti, 0, sizeof ti);
		ti.ok = true;
		ti.in_call = true;
		ti.nr = tw->nr;
		memcpy(ti.args, tw->args, sizeof ti.args);
		if (ksysv_semop_request(tw->pid, &ti, r))
			return;
		missing(tw, errno);
	}
	/* What the call itself says, without its operations. */
	memset(r, 0, sizeof *r);
	r->id = (int)tw->args[0];
	r->nops = tw->args[2];
#ifdef SYS_semtimedop
	r->timed = tw->nr == SYS_semtimedop && tw->args[3] != 0;
#endif
}

static void
decode_msgq(struct thread_wait *tw, int send, unsigned what)
{
	struct wait_msgq	*m = &tw->on.msgq;
	long			 type;

	tw->kind = WAIT_MSGQ;
	m->msqid = (int)tw->args[0];
	m->send = send;
	m->size = tw->args[2];
	if (!send) {
		/* msgrcv(msqid, msgp, msgsz, msgtyp, msgflg) */
		m->type = (long)tw->args[3];
		m->type_known = true;
		m->flags = (int)tw->args[4];
		return;
	}
	/* msgsnd(msqid, msgp, msgsz, msgflg): the type leads the message. */
	m->flags = (int)tw->args[3];
	if ((what & WAITS_OPERANDS) && read_mem(tw, tw->args[1], &type, sizeof type)) {
		m->type = type;
		m->type_known = true;
	}
}

/* For a child. */

static void
decode_child(struct thread_wait *tw, int unused, unsigned what)
{
	struct wait_child	*c = &tw->on.child;
	int			 pid = (int)tw->args[0];

	(void)unused;
	(void)what;
	tw->kind = WAIT_CHILD;
#ifdef SYS_waitid
	if (tw->nr == SYS_waitid) {
		c->idtype = (int)tw->args[0];
		c->id = (long)(int)tw->args[1];
		c->options = (int)tw->args[3];
		return;
	}
#endif
	c->options = (int)tw->args[2];
	if (pid == -1)
		c->idtype = P_ALL;
	else if (pid <= 0) {
		c->idtype = P_PGID;
		c->id = -(long)pid;
	} else {
		c->idtype = P_PID;
		c->id = pid;
	}
}

/* Opening a path. */

static void
decode_open(struct thread_wait *tw, int unused, unsigned what)
{
	struct wait_open	*o = &tw->on.open;
	uint64_t		 how[3];	/* struct open_how: flags, mode, resolve */
	unsigned long		 path = tw->args[1];

	(void)unused;
	tw->kind = WAIT_OPEN;
	o->dirfd = (int)tw->args[0];
	o->flags = tw->args[2];
	o->mode = tw->args[3];
#ifdef SYS_open
	if (tw->nr == SYS_open) {
		o->dirfd = AT_FDCWD;
		path = tw->args[0];
		o->flags = tw->args[1];
		o->mode = tw->args[2];
	}
#endif
#ifdef SYS_creat
	if (tw->nr == SYS_creat) {
		o->dirfd = AT_FDCWD;
		path = tw->args[0];
		o->flags = O_CREAT | O_WRONLY | O_TRUNC;
		o->mode = tw->args[1];
	}
#endif
#ifdef SYS_openat2
	if (tw->nr == SYS_openat2) {
		o->flags = o->mode = 0;
		if ((what & WAITS_OPERANDS) && tw->args[3] >= sizeof how &&
		    read_mem(tw, tw->args[2], how, sizeof how)) {
			o->flags = how[0];
			o->mode = how[1];
			o->resolve = how[2];
		}
	}
#endif
	if (what & WAITS_OPERANDS)
		o->path = read_string(tw, path, &o->path_cut);
}

/* For a signal. */

static void
decode_signal(struct thread_wait *tw, int unused, unsigned what)
{
	struct wait_signal	*s = &tw->on.signal;
	struct sig_sets		 ss;

	(void)unused;
	tw->kind = WAIT_SIGNAL;
	if (!(what & WAITS_OPERANDS))
		return;
#ifdef SYS_rt_sigtimedwait
	if (tw->nr == SYS_rt_sigtimedwait) {
		/* rt_sigtimedwait(set, info, timeout, sigsetsize) */
		if (tw->args[3] >= sizeof s->set && read_mem(tw, tw->args[0], &s->set, sizeof s->set))
			s->set_known = true;
		else if (tw->args[3] < sizeof s->set)
			missing(tw, EINVAL);
		return;
	}
#endif
	/* rt_sigsuspend and pause sleep with the mask they were given (or
	 * had) as the thread's own: its status shows it, no memory read. */
	s->mask = true;
	errno = 0;
	probe_signals(tw->pid, tw->tid, &ss);
	if (!ss.ok) {
		missing(tw, errno != 0 ? errno : ESRCH);
		return;
	}
	s->set = ss.blocked;
	s->set_known = true;
}

/* Sleeping. */

static void
decode_sleep(struct thread_wait *tw, int unused, unsigned what)
{
	struct wait_sleep	*s = &tw->on.sleep;
	struct timespec		 ts;
	unsigned long		 req = tw->args[0];

	(void)unused;
	tw->kind = WAIT_SLEEP;
	s->clock = CLOCK_MONOTONIC;
#ifdef SYS_clock_nanosleep
	if (tw->nr == SYS_clock_nanosleep) {
		s->clock = (int)tw->args[0];
		s->absolute = (tw->args[1] & TIMER_ABSTIME) != 0;
		req = tw->args[2];
	}
#endif
	if (!(what & WAITS_OPERANDS) || !read_mem(tw, req, &ts, sizeof ts))
		return;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NS_PER_S ||
	    ts.tv_sec > INT64_MAX / NS_PER_S - 1) {
		missing(tw, EINVAL);
		return;
	}
	s->ns = (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
	s->known = true;
}

static void
decode_restart(struct thread_wait *tw, int unused, unsigned what)
{
	(void)unused;
	(void)what;
	tw->kind = WAIT_RESTART;
}

/* The calls decoded: a call's kind, how (a wait_fd_op, a wait_set_how,
 * or msgsnd's 1), and what reads the rest. */
struct call_decoder {
	long		 nr;
	int		 how;
	void		(*decode)(struct thread_wait *, int how, unsigned what);
};

#define FD(call, op)	{ SYS_##call, WAIT_FD_##op, decode_fd }

static const struct call_decoder decoders[] = {
#if WAITS_DECODE
	FD(read, READ), FD(readv, READ), FD(pread64, READ), FD(preadv, READ),
	FD(preadv2, READ), FD(recvfrom, READ), FD(recvmsg, READ), FD(recvmmsg, READ),
	FD(mq_timedreceive, READ),
	FD(write, WRITE), FD(writev, WRITE), FD(pwrite64, WRITE), FD(pwritev, WRITE),
	FD(pwritev2, WRITE), FD(sendto, WRITE), FD(sendmsg, WRITE), FD(sendmmsg, WRITE),
	FD(mq_timedsend, WRITE),
	FD(accept, ACCEPT), FD(accept4, ACCEPT), FD(connect, CONNECT),
	FD(splice, TRANSFER), FD(tee, TRANSFER), FD(sendfile, TRANSFER),
	FD(flock, LOCK), FD(fcntl, FCNTL), FD(ioctl, IOCTL),
	{ SYS_poll, WAIT_SET_POLL, decode_poll },
	{ SYS_ppoll, WAIT_SET_POLL, decode_poll },
	{ SYS_select, WAIT_SET_SELECT, decode_select },
	{ SYS_pselect6, WAIT_SET_SELECT, decode_select },
	{ SYS_epoll_wait, WAIT_SET_EPOLL, decode_epoll },
	{ SYS_epoll_pwait, WAIT_SET_EPOLL, decode_epoll },
	{ SYS_epoll_pwait2, WAIT_SET_EPOLL, decode_epoll },
	{ SYS_futex, 0, decode_futex },
	{ SYS_futex_wait, 0, decode_futex },
	{ SYS_semop, 0, decode_semop },
	{ SYS_semtimedop, 0, decode_semop },
	{ SYS_msgrcv, 0, decode_msgq },
	{ SYS_msgsnd, 1, decode_msgq },
	{ SYS_wait4, 0, decode_child },
	{ SYS_waitid, 0, decode_child },
	{ SYS_open, 0, decode_open },
	{ SYS_openat, 0, decode_open },
	{ SYS_openat2, 0, decode_open },
	{ SYS_creat, 0, decode_open },
	{ SYS_rt_sigtimedwait, 0, decode_signal },
	{ SYS_rt_sigsuspend, 0, decode_signal },
	{ SYS_pause, 0, decode_signal },
	{ SYS_nanosleep, 0, decode_sleep },
	{ SYS_clock_nanosleep, 0, decode_sleep },
	{ SYS_restart_syscall, 0, decode_restart },
#endif
};

/* Whether a call was made through the ABI the decoders are for. */
static bool
abi_native(long nr, const struct proc_syscall *sc)
{
#if WAITS_DECODE
	if (nr & WAITS_X32_BIT)
		return false;
	if (sc->has_regs && sc->sp < WAITS_4G && sc->pc < WAITS_4G)
		return false;
	return true;
#else
	(void)nr;
	(void)sc;
	return false;
#endif
}

/* Decode the call of sc into tw, reading what says. */
static void
decode(const struct proc_syscall *sc, unsigned what, struct thread_wait *tw)
{
	size_t	 i;

	memset(&tw->on, 0, sizeof tw->on);
	tw->in_call = sc->in_call;
	tw->nr = sc->in_call ? sc->nr : 0;
	memcpy(tw->args, sc->args, sizeof tw->args);
	tw->native = sc->in_call && abi_native(sc->nr, sc);
	tw->name = tw->native ? syscall_name(sc->nr) : NULL;
	if (!sc->in_call) {
		tw->kind = WAIT_NONE;
		return;
	}
	tw->kind = WAIT_CALL;
	if (!tw->native)
		return;
	for (i = 0; i < nitems(decoders); i++) {
		if (decoders[i].nr == tw->nr) {
			decoders[i].decode(tw, decoders[i].how, what);
			return;
		}
	}
}

void
waits_decode(const struct proc_syscall *sc, struct thread_wait *tw)
{
	decode(sc, 0, tw);
}

/* The kernel function the thread sleeps in, as a hint. */
static void
read_wchan(struct thread_wait *tw)
{
	char	 path[64], buf[64];
	size_t	 len;

	task_path(path, sizeof path, tw, "wchan");
	if (read_small(path, buf, sizeof buf, &len) && strcmp(buf, "0") != 0)
		copy_str(tw->wchan, sizeof tw->wchan, buf);
}

/* A poll interrupted (by a stop, or a handler) goes on in
 * restart_syscall with the registers of its first call untouched: its
 * descriptors are still at args[0], args[1] of them. Where it sleeps
 * says it was a poll (ppoll, select and epoll_wait are called again
 * instead, and show themselves). */
static bool
restarted_poll(const char *wchan)
{
	return strncmp(wchan, "poll_schedule_timeout", 21) == 0 ||
	    strcmp(wchan, "do_sys_poll") == 0 || strcmp(wchan, "do_restart_poll") == 0;
}

/* What the thread's syscall file says, decoded. */
static void
read_call(struct thread_wait *tw, unsigned what)
{
	struct proc_syscall	 sc;
	char			 path[64], buf[256];
	size_t			 len;

	task_path(path, sizeof path, tw, "syscall");
	if (!read_small(path, buf, sizeof buf, &len)) {
		tw->kind = WAIT_UNKNOWN;
		missing(tw, errno);
		read_wchan(tw);
		return;
	}
	if (!procparse_syscall(buf, len, &sc)) {
		tw->kind = WAIT_UNKNOWN;
		missing(tw, EINVAL);
		return;
	}
	if (!sc.in_call) {
		/* Woken since its stat was read, or asleep outside a call. */
		tw->kind = WAIT_NONE;
		if (!sc.running)
			read_wchan(tw);
		return;
	}
	decode(&sc, what, tw);
	if (tw->kind == WAIT_RESTART || tw->kind == WAIT_CALL)
		read_wchan(tw);
	if (tw->kind == WAIT_RESTART && tw->native && restarted_poll(tw->wchan))
		decode_poll(tw, WAIT_SET_POLL, what);
}

/* When the thread last ran, from its sched file. */
static void
read_since(struct thread_wait *tw, const struct sched_clock *clock)
{
	char			 path[64], buf[4096];
	unsigned long long	 ns;
	size_t			 len;
	int64_t			 mono, now;
	bool			 estimated;

	task_path(path, sizeof path, tw, "sched");
	if (!read_small(path, buf, sizeof buf, &len) ||
	    !procparse_sched_exec_start(buf, len, &ns) || ns == 0)
		return;
	tw->exec_start = ns;
	if (clock == NULL || !sched_clock_monotonic(clock, tw->cpu, ns, &mono, &estimated))
		return;
	/* Not after now, whatever the offset's error. */
	if (mono > (now = now_ns()))
		mono = now;
	tw->since = mono;
	tw->since_known = true;
	tw->since_estimated = estimated;
}

/* What the thread is in, from its state, the CPU it last ran on and its
 * command as its stat has them. */
static void
read_rest(struct thread_wait *tw, char state, int cpu, const char *comm, unsigned what,
    const struct sched_clock *clock)
{
	tw->ok = true;
	tw->state = state;
	tw->cpu = cpu;
	copy_str(tw->comm, sizeof tw->comm, comm);
	if (state == 'S' || state == 'D')
		read_call(tw, what);
	if ((what & WAITS_SINCE) && state != 'R')
		read_since(tw, clock);
}

static void
wait_start(struct thread_wait *tw, pid_t pid, pid_t tid)
{
	memset(tw, 0, sizeof *tw);
	tw->pid = pid;
	tw->tid = tid;
	tw->cpu = -1;
	tw->complete = true;
}

bool
waits_read(pid_t pid, pid_t tid, unsigned what, const struct sched_clock *clock,
    struct thread_wait *tw)
{
	struct proc_stat	 st;
	char			 path[64], buf[1024];
	size_t			 len;

	wait_start(tw, pid, tid);
	task_path(path, sizeof path, tw, "stat");
	if (!read_small(path, buf, sizeof buf, &len)) {
		missing(tw, errno);
		return false;
	}
	if (!procparse_stat(buf, len, &st)) {
		missing(tw, EINVAL);
		return false;
	}
	read_rest(tw, st.state, st.processor, st.comm, what, clock);
	return true;
}

bool
waits_read_task(const struct task_info *ti, pid_t pid, pid_t tid, unsigned what,
    const struct sched_clock *clock, struct thread_wait *tw)
{
	if (ti == NULL || !ti->ok)
		return waits_read(pid, tid, what, clock, tw);
	wait_start(tw, pid, tid);
	read_rest(tw, ti->state, ti->cpu, ti->comm, what, clock);
	return true;
}

void
thread_wait_clear(struct thread_wait *tw)
{
	if (tw->kind == WAIT_FDSET)
		freep(&tw->on.set.v);
	else if (tw->kind == WAIT_OPEN)
		freep(&tw->on.open.path);
	memset(&tw->on, 0, sizeof tw->on);
	tw->kind = WAIT_NONE;
}

/* What an errno of a read means to a person. */
static const struct {
	int		 error;
	const char	*reason;
} reasons[] = {
	{ 0, "" },
	{ EACCES, "needs ptrace access" },
	{ EPERM, "needs ptrace access" },
	{ ESRCH, "gone" },
	{ ENOENT, "gone" },
	{ EFAULT, "bad address in the call" },
	{ E2BIG, "too many to read" },
};

const char *
waits_reason(int error)
{
	size_t	 i;

	for (i = 0; i < nitems(reasons); i++) {
		if (reasons[i].error == error)
			return reasons[i].reason;
	}
	return errno_str(error);
}

/* The signals a sigwait or sigtimedwait waits for: "SIGUSR1, SIGTERM"
 * (a mask, sigsuspend's, says nothing: any other signal wakes it). */
static bool
add_signals(struct buf *b, const struct wait_signal *ws)
{
	int	 sig, n = 0;

	if (!ws->set_known || ws->mask || ws->set == 0)
		return false;
	for (sig = 1; sig <= 64; sig++) {
		if (!(ws->set >> (sig - 1) & 1))
			continue;
		if (n++ == 8) {
			buf_adds(b, " and more");
			break;
		}
		buf_printf(b, "%s%s", n > 1 ? ", " : "", sig_name(sig));
	}
	return true;
}

bool
waits_add_operand(struct buf *b, const struct thread_wait *tw)
{
	switch (tw->kind) {
	case WAIT_OPEN:
		if (tw->on.open.path == NULL)
			return false;
		buf_add_text(b, tw->on.open.path, strlen(tw->on.open.path), false);
		return true;
	case WAIT_SEMOP:
		buf_printf(b, "semaphore set %d", tw->on.semop.id);
		return true;
	case WAIT_MSGQ:
		buf_printf(b, "queue %d", tw->on.msgq.msqid);
		return true;
	case WAIT_CHILD:
		if (tw->on.child.idtype == P_PID)
			buf_printf(b, "pid %ld", tw->on.child.id);
		else if (tw->on.child.idtype == P_PGID)
			buf_printf(b, "group %ld", tw->on.child.id);
		else
			buf_adds(b, "any child");
		return true;
	case WAIT_FUTEX:
		buf_printf(b, "futex 0x%lx", tw->on.futex.addr);
		return true;
	case WAIT_SIGNAL:
		return add_signals(b, &tw->on.signal);
	default:
		return false;
	}
}
