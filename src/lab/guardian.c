/* guardian.c: the process that cleans up after a controller that died
 * (guardian.h), and the controller's side of talking to it. */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guardian.h"
#include "loop.h"
#include "probe.h"
#include "signames.h"
#include "util.h"
#include "wire.h"

/* How long the guardian waits for SIGKILLed actors to be gone. */
#define GUARDIAN_KILL_WAIT_MS	5000
#define GUARDIAN_RESET_MAX	512

enum guard_type {
	GUARD_HELLO = 1,	/* guardian -> controller: started; its pidfd */
	GUARD_PROCESS,		/* an actor process: its pidfd, its pid */
	GUARD_GONE,		/* that process has ended: its pid */
	GUARD_TERMINAL,		/* the terminal's fd; saved modes and reset bytes */
	GUARD_TERMINAL_OFF,	/* the terminal is the user's again */
	GUARD_GOODBYE,		/* a clean end: exit now */
};

struct guard_msg {
	uint32_t	 type;
	uint32_t	 len;		/* payload bytes that follow */
};

struct guard_terminal {
	struct termios	 saved;
	uint32_t	 reset_len;
	char		 reset[GUARDIAN_RESET_MAX];
};

/* A message the socket did not take yet. */
struct guard_pending {
	uint32_t	 type;
	int		 fd;		/* a duplicate, or -1 */
	void		*payload;
	size_t		 len;
};

struct guardian {
	struct loop		*loop;
	struct runtime		*rt;
	runtime_sweeper		 sweeper;
	void			*sweeper_arg;
	int			 sock;		/* the controller's end */
	pid_t			 pid;
	int			 pidfd;
	bool			 watched;	/* sock is in the loop for POLLOUT */
	struct guard_pending	*pending;
	size_t			 npending;
	/* What a new guardian must be told again. */
	bool			 terminal_on;
	int			 terminal_fd;
	struct guard_terminal	 terminal;
};

/* Send one message with at most one descriptor; -1 with errno. */
static ssize_t
guard_send(int sock, uint32_t type, int fd, const void *payload, size_t len, int flags)
{
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct guard_msg	 m = { type, (uint32_t)len };
	struct cmsghdr		*cm;
	struct msghdr		 msg;
	struct iovec		 iov[2];
	ssize_t			 n;

	memset(&msg, 0, sizeof msg);
	iov[0].iov_base = &m;
	iov[0].iov_len = sizeof m;
	iov[1].iov_base = (void *)payload;
	iov[1].iov_len = len;
	msg.msg_iov = iov;
	msg.msg_iovlen = len > 0 ? 2 : 1;
	if (fd != -1) {
		memset(&control, 0, sizeof control);
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof control.buf;
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	}
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL | flags);
	while (n == -1 && errno == EINTR);
	return n;
}

/* Receive one message; its descriptor (or -1) in *fd. 0 at EOF, -1 on
 * error (EAGAIN when there is none). */
static ssize_t
guard_recv(int sock, struct guard_msg *m, void *payload, size_t size, int *fd, int flags)
{
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(sizeof(int) * 4)];
	} control;
	struct msghdr		 msg;
	struct iovec		 iov[2];
	ssize_t			 n;
	size_t			 nfds = 0;

	*fd = -1;
	memset(&msg, 0, sizeof msg);
	iov[0].iov_base = m;
	iov[0].iov_len = sizeof *m;
	iov[1].iov_base = payload;
	iov[1].iov_len = size;
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof control.buf;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | flags);
	while (n == -1 && errno == EINTR);
	if (n <= 0)
		return n;
	wire_take_fds(&msg, fd, &nfds, 1);
	if ((size_t)n < sizeof *m || m->len != (size_t)n - sizeof *m) {
		/* Not a message of ours: drop it. */
		if (*fd != -1)
			close(*fd);
		*fd = -1;
		m->type = 0;
	}
	return n;
}

/* ---- The guardian process ---- */

struct guard_proc {
	pid_t	 pid;
	int	 pidfd;
};

struct guard_state {
	struct runtime		*rt;
	runtime_sweeper		 sweeper;
	void			*sweeper_arg;
	int			 sock;
	int			 ctl_pidfd;
	pid_t			 ctl_pid;
	int			 err_fd;
	struct guard_proc	*procs;		/* the actors alive */
	size_t			 nprocs;
	int			 tty_fd;
	struct guard_terminal	 terminal;
};

static void
guard_take(struct guard_state *s, const struct guard_msg *m, const void *payload, int fd)
{
	size_t	 i;
	pid_t	 pid;

	switch (m->type) {
	case GUARD_PROCESS:
		if (fd == -1 || m->len != sizeof(pid_t))
			break;
		s->procs = xreallocarray(s->procs, s->nprocs + 1, sizeof *s->procs);
		memcpy(&s->procs[s->nprocs].pid, payload, sizeof(pid_t));
		s->procs[s->nprocs++].pidfd = fd;
		return;
	case GUARD_GONE:
		if (m->len != sizeof(pid_t))
			break;
		memcpy(&pid, payload, sizeof pid);
		for (i = 0; i < s->nprocs; i++) {
			if (s->procs[i].pid == pid) {
				close(s->procs[i].pidfd);
				s->procs[i] = s->procs[--s->nprocs];
				break;
			}
		}
		break;
	case GUARD_TERMINAL:
		if (fd == -1 || m->len != sizeof s->terminal)
			break;
		if (s->tty_fd != -1)
			close(s->tty_fd);
		s->tty_fd = fd;
		memcpy(&s->terminal, payload, sizeof s->terminal);
		if (s->terminal.reset_len > sizeof s->terminal.reset)
			s->terminal.reset_len = 0;
		return;
	case GUARD_TERMINAL_OFF:
		if (s->tty_fd != -1)
			close(s->tty_fd);
		s->tty_fd = -1;
		break;
	case GUARD_GOODBYE:
		_exit(0);
	default:
		break;
	}
	if (fd != -1)
		close(fd);
}

/* Read every message there is; false at EOF (the controller is gone). */
static bool
guard_drain(struct guard_state *s, int flags)
{
	struct guard_msg	 m;
	struct guard_terminal	 payload;
	ssize_t			 n;
	int			 fd;

	for (;;) {
		n = guard_recv(s->sock, &m, &payload, sizeof payload, &fd, flags);
		if (n == 0)
			return false;
		if (n == -1)
			return errno == EAGAIN;
		guard_take(s, &m, &payload, fd);
		flags |= MSG_DONTWAIT;
	}
}

/* One line, short enough for any terminal: how the controller ended
 * and what the guardian did about it. */
static void
guard_report(struct guard_state *s, unsigned killed, const struct runtime_sweep *sweep)
{
	struct buf	 b;
	int		 status, i;
	bool		 known = false;

	/* It may take its parent a moment to reap it, or the kernel to
	 * make it a zombie. */
	for (i = 0; i < 100 && !known; i++) {
		known = probe_process_exit(s->ctl_pidfd, s->ctl_pid, &status);
		if (!known)
			usleep(10000);
	}

	if (s->err_fd == -1)
		return;
	buf_init(&b);
	if (!known)
		buf_adds(&b, "ipcscope: ended without cleaning up");
	else if (WIFSIGNALED(status))
		buf_printf(&b, "ipcscope: killed by %s", sig_name(WTERMSIG(status)));
	else
		buf_printf(&b, "ipcscope: exited %d without cleaning up", WEXITSTATUS(status));
	buf_printf(&b, "; the guardian ended %u actor%s, removed %u object%s\n", killed,
	    killed == 1 ? "" : "s", sweep->removed, sweep->removed == 1 ? "" : "s");
	if (!write_all(s->err_fd, b.data, b.len)) {
		/* No one to tell. */
	}
	buf_free(&b);
}

/* The controller is gone: clean up after it, then exit. */
/* The terminal's modes and the bytes that undo a screen's settings, put
 * back (async-signal-safe). A terminal that hung up has nothing to
 * restore: failures are not errors. */
static void
terminal_give_back(int fd, const struct guard_terminal *term)
{
	if (term->reset_len > 0)
		(void)write_all(fd, term->reset, term->reset_len);
	(void)tcsetattr(fd, TCSANOW, &term->saved);
}

static void __attribute__((noreturn))
guard_clean(struct guard_state *s)
{
	struct runtime_sweep	 sweep = { 0, 0 };
	struct pollfd		*p;
	int64_t			 deadline;
	unsigned		 killed = 0;
	size_t			*which, i, left;

	/* The last messages it sent are still in the socket. */
	while (guard_drain(s, MSG_DONTWAIT))
		continue;
	alarm(GUARDIAN_MAX_S);
	/* The user sees the terminal first. */
	if (s->tty_fd != -1)
		terminal_give_back(s->tty_fd, &s->terminal);
	/* Each may be ending already (its watcher thread saw the
	 * controller go): it is one of the actors ended all the same. */
	for (i = 0; i < s->nprocs; i++)
		sys_pidfd_send_signal(s->procs[i].pidfd, SIGKILL);
	/* Gone means their descriptors and mappings are released too. */
	p = xcalloc(s->nprocs + 1, sizeof *p);
	which = xcalloc(s->nprocs + 1, sizeof *which);
	deadline = now_ns() + (int64_t)GUARDIAN_KILL_WAIT_MS * NS_PER_MS;
	while (now_ns() < deadline) {
		for (i = left = 0; i < s->nprocs; i++) {
			if (s->procs[i].pidfd == -1)
				continue;
			p[left].fd = s->procs[i].pidfd;
			p[left].events = POLLIN;
			which[left++] = i;
		}
		if (left == 0)
			break;
		if (poll(p, (nfds_t)left, 100) <= 0)
			continue;
		for (i = 0; i < left; i++) {
			if (p[i].revents != 0) {
				close(s->procs[which[i]].pidfd);
				s->procs[which[i]].pidfd = -1;
				killed++;
			}
		}
	}
	free(which);
	free(p);
	runtime_sweep_own(s->rt, s->sweeper, s->sweeper_arg, &sweep);
	/* The directory, its files (FIFOs, socket files), the lock. */
	runtime_close(&s->rt);
	guard_report(s, killed, &sweep);
	_exit(0);
}

/* Keep only the descriptors in keep (sorted), closing every other. */
static void
close_all_but(const int *keep, size_t n)
{
	unsigned int	 from = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((unsigned int)keep[i] > from)
			syscall(SYS_close_range, from, (unsigned int)keep[i] - 1, 0U);
		from = (unsigned int)keep[i] + 1;
	}
	syscall(SYS_close_range, from, ~0U, 0U);
}

static int
int_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void __attribute__((noreturn))
guardian_main(struct guardian *g, int sock, int ctl_pidfd, pid_t ctl_pid)
{
	static const int	 quiet[] = { SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU,
				    SIGPIPE };
	struct guard_state	 s;
	struct sigaction	 sa;
	struct pollfd		 p[2];
	struct rlimit		 rl;
	sigset_t		 none;
	size_t			 i, nkeep = 0;
	pid_t			 me;
	int			 keep[8], null, self, sig;

	memset(&s, 0, sizeof s);
	s.rt = g->rt;
	s.sweeper = g->sweeper;
	s.sweeper_arg = g->sweeper_arg;
	s.sock = sock;
	s.ctl_pidfd = ctl_pidfd;
	s.ctl_pid = ctl_pid;
	s.tty_fd = -1;

	/* Away from the terminal's job control and signals. */
	setsid();
	prctl(PR_SET_NAME, GUARDIAN_NAME);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++) {
		sa.sa_handler = SIG_DFL;
		for (i = 0; i < nitems(quiet); i++) {
			if (quiet[i] == sig)
				sa.sa_handler = SIG_IGN;
		}
		sigaction(sig, &sa, NULL);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* It may hold the pidfds of many actors. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	/* Nothing of the controller's but what it needs: the standard
	 * descriptors go to /dev/null (a pipe's reader must see EOF when
	 * the controller ends), standard error is kept for the report. */
	s.err_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	keep[nkeep++] = sock;
	keep[nkeep++] = ctl_pidfd;
	if (g->rt->lock_fd != -1)
		keep[nkeep++] = g->rt->lock_fd;
	if (s.err_fd != -1)
		keep[nkeep++] = s.err_fd;
	keep[nkeep++] = STDIN_FILENO;
	keep[nkeep++] = STDOUT_FILENO;
	keep[nkeep++] = STDERR_FILENO;
	qsort(keep, nkeep, sizeof *keep, int_cmp);
	close_all_but(keep, nkeep);
	g->rt->manifest_fd = -1;	/* closed: the guardian only reads it */
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null != -1) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}

	self = sys_pidfd_open(getpid(), 0);
	me = getpid();
	if (self == -1 || guard_send(sock, GUARD_HELLO, self, &me, sizeof me, 0) == -1)
		_exit(1);
	close(self);

	p[0].fd = sock;
	p[0].events = POLLIN;
	p[1].fd = ctl_pidfd;
	p[1].events = POLLIN;
	for (;;) {
		p[0].revents = p[1].revents = 0;
		if (poll(p, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			guard_clean(&s);
		}
		if (p[0].revents != 0 && !guard_drain(&s, 0))
			guard_clean(&s);	/* EOF: the controller is gone */
		if (p[1].revents != 0)
			guard_clean(&s);
	}
}

/* ---- The controller's side ---- */

static void	guardian_sock_cb(int, short, void *);

static void
pending_free(struct guard_pending *pm)
{
	if (pm->fd != -1)
		close(pm->fd);
	free(pm->payload);
}

static void
guardian_drop_pending(struct guardian *g)
{
	size_t	 i;

	for (i = 0; i < g->npending; i++)
		pending_free(&g->pending[i]);
	free(g->pending);
	g->pending = NULL;
	g->npending = 0;
}

static void
guardian_watch(struct guardian *g, bool want)
{
	if (want && !g->watched)
		loop_add_fd(g->loop, g->sock, POLLOUT, guardian_sock_cb, g);
	else if (!want && g->watched)
		loop_del_fd(g->loop, g->sock);
	g->watched = want;
}

/* Send what waits, in order, while the socket takes it. */
static void
guardian_flush(struct guardian *g)
{
	struct guard_pending	*pm;
	size_t			 done = 0;

	while (done < g->npending) {
		pm = &g->pending[done];
		if (guard_send(g->sock, pm->type, pm->fd, pm->payload, pm->len, MSG_DONTWAIT) == -1) {
			if (errno == EAGAIN || errno == ENOBUFS)
				break;
			/* The guardian is gone: its pidfd says so, and a new
			 * one is told everything again. */
			done = g->npending;
			break;
		}
		pending_free(pm);
		done++;
	}
	if (done > 0) {
		memmove(g->pending, g->pending + done, (g->npending - done) * sizeof *g->pending);
		g->npending -= done;
	}
	guardian_watch(g, g->npending > 0);
}

static void
guardian_sock_cb(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	guardian_flush(arg);
}

/* Queue a message (fd duplicated) and send what can be sent. */
static void
guardian_tell(struct guardian *g, uint32_t type, int fd, const void *payload, size_t len)
{
	struct guard_pending	*pm;

	if (g == NULL || g->sock == -1)
		return;
	if (g->npending == 0 &&
	    guard_send(g->sock, type, fd, payload, len, MSG_DONTWAIT) != -1)
		return;
	if (g->npending == 0 && errno != EAGAIN && errno != ENOBUFS)
		return;		/* gone; a new one is told everything */
	g->pending = xreallocarray(g->pending, g->npending + 1, sizeof *g->pending);
	pm = &g->pending[g->npending++];
	pm->type = type;
	pm->fd = fd == -1 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 3);
	pm->payload = len > 0 ? xmemdup(payload, len) : NULL;
	pm->len = len;
	guardian_flush(g);
}

/* Fork the guardian (twice, so that it is no child of ours) and wait
 * for its hello. */
static bool
guardian_spawn(struct guardian *g, char **cause)
{
	struct guard_msg	 m;
	struct pollfd		 p;
	pid_t			 pid, ctl_pid = getpid();
	char			 payload[64];
	int			 sv[2], ctl_pidfd, fd, status, size = 1 << 20;
	ssize_t			 n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		*cause = xasprintf("cannot start the guardian: socketpair: %s", errno_str(errno));
		return false;
	}
	/* Room for many pidfds in flight when it is slow to read. */
	if (setsockopt(sv[0], SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) == -1)
		setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	ctl_pidfd = sys_pidfd_open(ctl_pid, 0);
	if (ctl_pidfd == -1) {
		*cause = xasprintf("cannot start the guardian: pidfd_open: %s", errno_str(errno));
		close(sv[0]);
		close(sv[1]);
		return false;
	}
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		if (fork() != 0)
			_exit(0);	/* the guardian is re-parented */
		guardian_main(g, sv[1], ctl_pidfd, ctl_pid);
	}
	close(sv[1]);
	close(ctl_pidfd);
	if (pid == -1) {
		*cause = xasprintf("cannot start the guardian: fork: %s", errno_str(errno));
		close(sv[0]);
		return false;
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		continue;
	p.fd = sv[0];
	p.events = POLLIN;
	if (poll(&p, 1, 5000) != 1 ||
	    (n = guard_recv(sv[0], &m, payload, sizeof payload, &fd, MSG_DONTWAIT)) <= 0 ||
	    m.type != GUARD_HELLO || fd == -1 || m.len != sizeof(pid_t)) {
		*cause = xstrdup("cannot start the guardian: it did not answer");
		close(sv[0]);
		return false;
	}
	g->sock = sv[0];
	g->pidfd = fd;
	memcpy(&g->pid, payload, sizeof g->pid);
	if (g->terminal_on)
		guardian_tell(g, GUARD_TERMINAL, g->terminal_fd, &g->terminal, sizeof g->terminal);
	return true;
}

struct guardian *
guardian_start(struct loop *loop, struct runtime *rt, runtime_sweeper sweeper, void *arg,
    char **cause)
{
	struct guardian	*g;

	g = xcalloc(1, sizeof *g);
	g->loop = loop;
	g->rt = rt;
	g->sweeper = sweeper;
	g->sweeper_arg = arg;
	g->sock = -1;
	g->pidfd = -1;
	g->terminal_fd = -1;
	if (!guardian_spawn(g, cause)) {
		free(g);
		return NULL;
	}
	return g;
}

pid_t
guardian_pid(const struct guardian *g)
{
	return g != NULL ? g->pid : 0;
}

int
guardian_pidfd(const struct guardian *g)
{
	return g != NULL ? g->pidfd : -1;
}

bool
guardian_restart(struct guardian *g, char **cause)
{
	int	 subreaper = 0;
	bool	 ok;

	guardian_watch(g, false);
	guardian_drop_pending(g);
	if (g->sock != -1)
		close(g->sock);
	if (g->pidfd != -1)
		close(g->pidfd);
	g->sock = g->pidfd = -1;
	g->pid = 0;
	/* A subreaper would adopt it: the new one must not be ours. */
	prctl(PR_GET_CHILD_SUBREAPER, &subreaper);
	if (subreaper)
		prctl(PR_SET_CHILD_SUBREAPER, 0);
	ok = guardian_spawn(g, cause);
	if (subreaper)
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	return ok;
}

void
guardian_add_process(struct guardian *g, int pidfd, pid_t pid)
{
	if (pidfd != -1)
		guardian_tell(g, GUARD_PROCESS, pidfd, &pid, sizeof pid);
}

void
guardian_process_gone(struct guardian *g, pid_t pid)
{
	guardian_tell(g, GUARD_GONE, -1, &pid, sizeof pid);
}

void
guardian_set_terminal(struct guardian *g, int fd, const struct termios *saved,
    const char *reset, size_t len)
{
	if (g == NULL)
		return;
	memset(&g->terminal, 0, sizeof g->terminal);
	g->terminal.saved = *saved;
	if (len > sizeof g->terminal.reset)
		len = 0;
	if (len > 0)
		memcpy(g->terminal.reset, reset, len);
	g->terminal.reset_len = (uint32_t)len;
	g->terminal_on = true;
	g->terminal_fd = fd;
	guardian_tell(g, GUARD_TERMINAL, fd, &g->terminal, sizeof g->terminal);
}

void
guardian_clear_terminal(struct guardian *g)
{
	if (g == NULL || !g->terminal_on)
		return;
	g->terminal_on = false;
	g->terminal_fd = -1;
	guardian_tell(g, GUARD_TERMINAL_OFF, -1, NULL, 0);
}

void
guardian_crash_terminal(struct guardian *g)
{
	if (g == NULL || !g->terminal_on)
		return;
	g->terminal_on = false;
	/* First the word, so that the guardian does not give it back a
	 * second time once the shell has printed on it. */
	if (g->sock != -1)
		(void)guard_send(g->sock, GUARD_TERMINAL_OFF, -1, NULL, 0, MSG_DONTWAIT);
	terminal_give_back(g->terminal_fd, &g->terminal);
}

void
guardian_stop(struct guardian **gp)
{
	struct guardian	*g = *gp;
	struct pollfd	 p;
	int64_t		 deadline;

	if (g == NULL)
		return;
	guardian_watch(g, false);
	guardian_drop_pending(g);
	if (g->sock != -1) {
		/* Blocking: the goodbye must arrive. */
		fcntl(g->sock, F_SETFL, 0);
		guard_send(g->sock, GUARD_GOODBYE, -1, NULL, 0, 0);
		close(g->sock);
	}
	if (g->pidfd != -1) {
		p.fd = g->pidfd;
		p.events = POLLIN;
		deadline = now_ns() + NS_PER_S;
		while (now_ns() < deadline) {
			p.revents = 0;
			if (poll(&p, 1, 100) == 1)
				break;
		}
		close(g->pidfd);
	}
	freep(gp);
}
