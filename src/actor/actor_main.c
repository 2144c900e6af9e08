/* actor_main.c: the actor side: process setup, the watcher thread, the
 * serve loop, and the fork and thread calls that create new actors. */
#include "config.h"

#include <sys/prctl.h>
#include <linux/capability.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "probe.h"
#include "verb.h"

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE	(1U << 1)
#endif

/* The process's tool descriptors (channels), stored as fd + 1 so that a
 * zeroed slot is empty. Lock-free: fork may copy it mid-update. */
static _Atomic int	tool_fds[64];
/* User threads still running: when the last one calls pthread_exit the
 * process ends, as a real program would. */
static _Atomic int	user_threads;
static int		lifeline = -1;
/* Records written to the lab's descriptors besides the channels (a signal
 * handler's report) by any thread: each reply says how many since the
 * thread's last one. */
static _Atomic uint32_t	aside_written;
/* The calling thread is a user thread the actor started (thread_main),
 * not its process's own: kept, since every reply asks. */
static __thread bool	in_user_thread;
/* The verb of a wire op: the lab's table, in memory since the fork. */
static const struct cmd_entry *(*verb_by_index)(uint32_t);
/* The user threads' handles by tid, for pthread_kill. */
static struct {
	_Atomic pid_t	 tid;
	pthread_t	 handle;
} threads[64];

static void
thread_register(void)
{
	pid_t	 tid = (pid_t)syscall(SYS_gettid), empty;
	size_t	 i;

	for (i = 0; i < nitems(threads); i++) {
		empty = 0;
		if (atomic_compare_exchange_strong(&threads[i].tid, &empty, tid)) {
			threads[i].handle = pthread_self();
			return;
		}
	}
}

static void
thread_unregister(void)
{
	pid_t	 tid = (pid_t)syscall(SYS_gettid);
	size_t	 i;

	for (i = 0; i < nitems(threads); i++) {
		if (atomic_load(&threads[i].tid) == tid)
			atomic_store(&threads[i].tid, 0);
	}
}

bool
actor_thread_handle(pid_t tid, pthread_t *handle)
{
	size_t	 i;

	for (i = 0; i < nitems(threads); i++) {
		if (atomic_load(&threads[i].tid) == tid) {
			*handle = threads[i].handle;
			return true;
		}
	}
	return false;
}

static void	start_failed(int, const char *, int, int) __attribute__((noreturn));

/* The machine's own network namespace's cookie, taken before the actor
 * entered a host's (inherited by forks). */
static uint64_t	machine_netns;

/* A socket's network namespace cookie, or 0. */
static uint64_t
netns_cookie(int fd)
{
#ifdef SO_NETNS_COOKIE
	uint64_t	 cookie = 0;
	socklen_t	 len = sizeof cookie;

	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) == 0)
		return cookie;
#else
	(void)fd;
#endif
	return 0;
}

static void
tool_fd_add(int fd)
{
	size_t	 i;
	int	 empty;

	for (i = 0; i < nitems(tool_fds); i++) {
		empty = 0;
		if (atomic_compare_exchange_strong(&tool_fds[i], &empty, fd + 1))
			return;
	}
	_exit(126);	/* more than 64 threads in one actor */
}

static void
tool_fd_del(int fd)
{
	size_t	 i;
	int	 want;

	for (i = 0; i < nitems(tool_fds); i++) {
		want = fd + 1;
		if (atomic_compare_exchange_strong(&tool_fds[i], &want, 0))
			return;
	}
}

void
actor_begin(struct actor_call *c)
{
	c->t0 = now_ns();
}

void
actor_end(struct actor_call *c, int64_t ret)
{
	int	 saved = errno;

	c->elapsed_ns = now_ns() - c->t0;
	c->ret = ret;
	/* The verb's table entry says how its function reports failure. */
	if (cmd_returns_errnum(verb_by_index(c->req->op), actor_in_thread()))
		c->err = (int)ret;
	else
		c->err = ret == -1 ? saved : 0;
}

void
actor_end_error(struct actor_call *c, int err)
{
	c->elapsed_ns = now_ns() - c->t0;
	c->ret = err == 0 ? 0 : -1;
	c->err = err;
}

void
actor_fd_changed(struct actor_call *c, int fd)
{
	int	 i;

	if (c->nchanged < 0)
		c->nchanged = 0;
	if (fd < 0)
		return;
	for (i = 0; i < c->nchanged; i++) {
		if (c->changed[i] == fd)
			return;
	}
	if (c->nchanged == WIRE_MAX_CHANGED)
		c->too_many = true;
	else
		c->changed[c->nchanged++] = fd;
}

void
actor_fds_unchanged(struct actor_call *c)
{
	if (c->nchanged == -1)
		c->nchanged = 0;
}

bool
actor_in_thread(void)
{
	return in_user_thread;
}

void
actor_wrote_aside(void)
{
	atomic_fetch_add(&aside_written, 1);
}

static void *
watcher_main(void *arg)
{
	struct pollfd	 p;

	(void)arg;
	p.fd = lifeline;
	p.events = POLLRDHUP;
	for (;;) {
		p.revents = 0;
		if (poll(&p, 1, -1) == -1 && errno == EINTR)
			continue;
		if (p.revents != 0)
			_exit(0);	/* the controller is gone: so is the lab */
	}
	return NULL;
}

static void
watcher_start(void)
{
	pthread_attr_t	 attr;
	pthread_t	 t;
	sigset_t	 all, old;

	/* The watcher inherits a full mask, so no signal is ever delivered
	 * to it: they all go to the user's threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if ((errno = pthread_create(&t, &attr, watcher_main, NULL)) != 0)
		start_failed(lifeline, "start the lab's watcher thread", -1, errno);
	pthread_setname_np(t, ACTOR_WATCH_NAME);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void __attribute__((noreturn))
actor_serve(int chan)
{
	const struct cmd_entry	*e;
	struct wire_request	 req;
	struct wire_reply	 reply;
	struct actor_call	 c;
	struct buf		 payload;
	uint32_t		 type;
	size_t			 nfds, i;
	uint32_t		 aside_seen = atomic_load(&aside_written), aside;
	int			 fds[WIRE_MAX_FDS];

	buf_init(&payload);
	/* The lab's setup is over: from here on what the user sees is the
	 * actor's own doing. */
	if (!wire_put(chan, WIRE_HELLO, NULL, 0, NULL, 0, NULL, 0))
		_exit(0);
	for (;;) {
		if (!wire_get(chan, &type, &payload, fds, &nfds))
			_exit(0);	/* the controller is gone */
		for (i = 0; i < nfds; i++)
			close(fds[i]);
		if (type != WIRE_REQUEST || payload.len < sizeof req)
			_exit(124);
		memcpy(&req, payload.data, sizeof req);
		e = verb_by_index(req.op);
		if (e == NULL || e->perform == NULL || payload.len != sizeof req + req.data_len)
			_exit(124);

		memset(&c, 0, sizeof c);
		c.nchanged = -1;
		c.req = &req;
		c.data = payload.data + sizeof req;
		c.data_len = req.data_len;
		c.chan = chan;
		buf_init(&c.out);
		/* Calls started together wait for the same moment, so that
		 * they really run at once. */
		if (req.start_ns > 0) {
			struct timespec	 at = { req.start_ns / NS_PER_S, req.start_ns % NS_PER_S };
			int		 slack = prctl(PR_GET_TIMERSLACK);

			/* A timer may fire up to its slack (50 us by default)
			 * late: ask for none, so that actors released together
			 * wake within microseconds of each other. */
			prctl(PR_SET_TIMERSLACK, 1UL);
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR)
				continue;
			if (slack > 0)
				prctl(PR_SET_TIMERSLACK, (unsigned long)slack);
		}
		e->perform(&c);

		memset(&reply, 0, sizeof reply);
		reply.seq = req.seq;
		reply.err = c.err;
		reply.tool_err = c.tool_err;
		reply.ret = c.ret;
		memcpy(reply.val, c.val, sizeof reply.val);
		reply.elapsed_ns = c.elapsed_ns;
		reply.began_ns = c.t0;
		reply.data_len = (uint32_t)c.out.len;
		reply.nfds_changed = c.too_many ? -1 : c.nchanged;
		aside = atomic_load(&aside_written);
		reply.aside = aside - aside_seen;
		aside_seen = aside;
		for (i = 0; (int)i < c.nchanged; i++)
			reply.fds_changed[i] = c.changed[i];
		if (!wire_put(chan, WIRE_REPLY, &reply, sizeof reply, c.out.data, c.out.len,
		    c.fds, c.nfds))
			_exit(0);
		for (i = 0; i < c.nfds; i++)
			close(c.fds[i]);
		buf_free(&c.out);
	}
}


bool
actor_fd_in_host(int fd)
{
	uint64_t	 cookie;

	if (machine_netns == 0)
		return false;	/* the kernel cannot tell: the machine's rule */
	cookie = netns_cookie(fd);
	return cookie != 0 && cookie != machine_netns;
}

/* Become the only channel and start serving it: for a new process. */
static void __attribute__((noreturn))
actor_process_start(int chan)
{
	size_t	 i;

	for (i = 0; i < nitems(tool_fds); i++)
		atomic_store(&tool_fds[i], 0);
	for (i = 0; i < nitems(threads); i++)
		atomic_store(&threads[i].tid, 0);
	in_user_thread = false;
	thread_register();
	tool_fd_add(chan);
	atomic_store(&user_threads, 1);
	lifeline = chan;
	watcher_start();
	actor_serve(chan);
}

/* The kernel's struct sigaction (the same on x86_64 and arm64). */
struct ksigaction {
	void		*handler;
	unsigned long	 flags;
	void		*restorer;
	uint64_t	 mask;
};

/* The C library refuses sigaction on the signals it keeps for itself
 * (SIGCANCEL, SIGSETXID: 32 and 33), so one inherited as ignored would
 * stay ignored. Reset those through the kernel; leave the library's own
 * handlers in place. */
static void
reset_libc_signals(void)
{
	struct ksigaction	 old, dfl;
	int			 sig;

	memset(&dfl, 0, sizeof dfl);
	dfl.handler = SIG_DFL;
	for (sig = SIGSYS + 1; sig < SIGRTMIN; sig++) {
		if (syscall(SYS_rt_sigaction, sig, NULL, &old, sizeof old.mask) == 0 &&
		    old.handler == SIG_IGN)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
	}
}

/* The lab's setup in a new actor failed: say why on the channel, which
 * the controller reads as the reason the actor could not start. */
static void
start_failed(int chan, const char *what, int fd, int err)
{
	struct rlimit	 rl;
	char		 text[256];
	int		 n;

	if (fd >= 0 && err == EBADF && getrlimit(RLIMIT_NOFILE, &rl) == 0 && (rlim_t)fd >= rl.rlim_cur)
		n = snprintf(text, sizeof text, "cannot place %s at descriptor %d: the limit of open "
		    "files is %llu (ulimit -n)", what, fd, (unsigned long long)rl.rlim_cur);
	else if (fd >= 0)
		n = snprintf(text, sizeof text, "cannot place %s at descriptor %d: %s (%s)", what, fd,
		    errno_str(err), strerror(err));
	else
		n = snprintf(text, sizeof text, "cannot %s: %s (%s)", what, errno_str(err),
		    strerror(err));
	if (n > 0)
		wire_put(chan, WIRE_FAIL, NULL, 0, text, (size_t)n < sizeof text ? (size_t)n :
		    sizeof text - 1, NULL, 0);
	_exit(127);
}

/* Add fd to the descriptors kept, in ascending order. */
static void
kept_add(int *kept, size_t *n, int fd)
{
	size_t	 j;

	for (j = *n; j > 0 && kept[j - 1] > fd; j--)
		kept[j] = kept[j - 1];
	kept[j] = fd;
	(*n)++;
}

/* Close every descriptor from 3 up but those in kept (ascending). */
static void
close_all_but(const int *kept, size_t n)
{
	unsigned int	 from = 3;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((unsigned int)kept[i] > from)
			syscall(SYS_close_range, from, (unsigned int)kept[i] - 1U, 0U);
		from = (unsigned int)kept[i] + 1U;
	}
	syscall(SYS_close_range, from, ~0U, 0U);
}

/* Enter the namespaces of the actor's place, before anything else: the
 * process has one thread and its own filesystem context, as setns into
 * a user namespace needs. Entering one grants every capability inside
 * it; they are dropped again, so that the actor can do there only what
 * its user could do outside. */
static void
enter_place(int chan, const struct actor_enter *enter, size_t nenter)
{
	struct __user_cap_header_struct	 hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct	 none[2];
	bool				 user = false;
	size_t				 i;
	int				 s;

	/* The machine's own namespace, known to every actor (and its
	 * forks): a socket of a host it is handed is told apart by it. */
	if ((s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) != -1) {
		machine_netns = netns_cookie(s);
		close(s);
	}
	for (i = 0; i < nenter; i++) {
		if (setns(enter[i].fd, enter[i].nstype) == -1)
			start_failed(chan, enter[i].nstype == CLONE_NEWUSER ?
			    "enter the lab's user namespace (setns)" :
			    "enter the host's network namespace (setns)", -1, errno);
		if (enter[i].nstype == CLONE_NEWUSER)
			user = true;
	}
	if (user) {
		memset(none, 0, sizeof none);
		if (syscall(SYS_capset, &hdr, none) == -1)
			start_failed(chan, "drop the capabilities setns gave (capset)", -1, errno);
		/* The new credentials made it undumpable: the lab reads its
		 * /proc files as its owner's. */
		prctl(PR_SET_DUMPABLE, 1);
	}
}

void
actor_spawned_main(int chan, const struct actor_keep *keep, size_t nkeep,
    const struct actor_enter *enter, size_t nenter, pid_t controller,
    const struct cmd_entry *(*by_index)(uint32_t))
{
	static const struct rlimit no_core = { 0, 0 };
	struct sigaction	 sa;
	sigset_t		 empty;
	int			 kept[16];
	size_t			 nkept = 0, i;
	int			 sig, null;

	verb_by_index = by_index;
	enter_place(chan, enter, nenter);
	/* Only the channel and the lab's descriptors to keep (the signal
	 * reports, the manifest) survive from the controller. */
	if (dup2(chan, ACTOR_FD_BASE) == -1)
		start_failed(chan, "the lab's channel", ACTOR_FD_BASE, errno);
	chan = ACTOR_FD_BASE;
	kept_add(kept, &nkept, chan);
	for (i = 0; i < nkeep && nkept < nitems(kept) - 1; i++) {
		if (dup2(keep[i].fd, keep[i].at) == -1) {
			char	 what[64];

			snprintf(what, sizeof what, "the %s", keep[i].what);
			start_failed(chan, what, keep[i].at, errno);
		}
		kept_add(kept, &nkept, keep[i].at);
	}
	close_all_but(kept, nkept);
	for (i = 0; i < nkept; i++)
		fcntl(kept[i], F_SETFD, FD_CLOEXEC);
	null = open("/dev/null", O_RDWR);
	if (null == -1)
		start_failed(chan, "open /dev/null", -1, errno);
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (null > 2)
		close(null);

	/* A clean slate: default dispositions, nothing blocked. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);	/* KILL, STOP and libc's own refuse */
	reset_libc_signals();
	sigemptyset(&empty);
	sigprocmask(SIG_SETMASK, &empty, NULL);
	/* A fault's default action dumps core: not into the user's
	 * directory. */
	setrlimit(RLIMIT_CORE, &no_core);

	/* Its own process group, like a shell job: the terminal's signals
	 * do not reach it, and if the controller is killed a stopped actor
	 * is in an orphaned group and gets SIGHUP and SIGCONT. */
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != controller)
		_exit(0);
	actor_process_start(chan);
}

void
actor_do_fork(struct actor_call *c)
{
	pid_t	 pid;
	size_t	 i;
	int	 sv[2], fd, pidfd;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		c->tool_err = errno;
		return;
	}
	actor_begin(c);
	pid = fork();
	if (pid == 0) {
		/* The child keeps the user's descriptors, as fork does, but
		 * not its parent's channels. */
		close(sv[0]);
		for (i = 0; i < nitems(tool_fds); i++) {
			fd = atomic_exchange(&tool_fds[i], 0) - 1;
			if (fd >= 0 && fd != sv[1])
				close(fd);
		}
		if (dup2(sv[1], ACTOR_FD_BASE) == -1)
			start_failed(sv[1], "the lab's channel", ACTOR_FD_BASE, errno);
		close(sv[1]);
		fcntl(ACTOR_FD_BASE, F_SETFD, FD_CLOEXEC);
		actor_process_start(ACTOR_FD_BASE);
	}
	actor_end(c, pid);
	close(sv[1]);
	if (pid == -1) {
		close(sv[0]);
		return;
	}
	c->val[0] = pid;
	c->val[1] = ACTOR_FD_BASE;
	c->fds[c->nfds++] = sv[0];
	/* The child cannot be reaped before this: only our own calls reap. */
	pidfd = sys_pidfd_open(pid, 0);
	if (pidfd != -1)
		c->fds[c->nfds++] = pidfd;
}

struct thread_start {
	int	 chan;
	sem_t	 ready;
	pid_t	 tid;
};

static void *
thread_main(void *arg)
{
	struct thread_start	*st = arg;
	int			 chan = st->chan;

	st->tid = (pid_t)syscall(SYS_gettid);
	in_user_thread = true;
	thread_register();
	sem_post(&st->ready);
	actor_serve(chan);
}

void
actor_do_thread(struct actor_call *c)
{
	struct thread_start	 st;
	pthread_attr_t		 attr;
	pthread_t		 t;
	int			 sv[2], tchan, r;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		c->tool_err = errno;
		return;
	}
	tchan = fcntl(sv[1], F_DUPFD_CLOEXEC, ACTOR_FD_BASE);
	close(sv[1]);
	if (tchan == -1) {
		c->tool_err = errno;
		close(sv[0]);
		return;
	}
	tool_fd_add(tchan);
	st.chan = tchan;
	st.tid = 0;
	sem_init(&st.ready, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	actor_begin(c);
	r = pthread_create(&t, &attr, thread_main, &st);
	actor_end(c, r);
	pthread_attr_destroy(&attr);
	if (r != 0) {
		tool_fd_del(tchan);
		close(tchan);
		close(sv[0]);
		sem_destroy(&st.ready);
		return;
	}
	atomic_fetch_add(&user_threads, 1);
	while (sem_wait(&st.ready) == -1 && errno == EINTR)
		;
	sem_destroy(&st.ready);
	c->val[0] = st.tid;
	c->val[1] = tchan;
	c->fds[c->nfds++] = sv[0];
}

void
actor_do_pthread_exit(struct actor_call *c)
{
	/* The last user thread to leave ends the process with status 0. */
	if (atomic_fetch_sub(&user_threads, 1) == 1)
		_exit(0);
	/* Closing the channel tells the controller this thread is done. */
	thread_unregister();
	tool_fd_del(c->chan);
	close(c->chan);
	pthread_exit(NULL);
}
