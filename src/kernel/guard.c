/* guard.c: reads that may hang, made by a helper process with a deadline
 * (guard.h). The helper is a fork of the caller, so a read is a function
 * of the caller's and its data: they go over a socketpair, with the one
 * descriptor the read needs, and the data comes back. A helper that
 * misses the deadline is killed (it ends when the kernel lets it go) and
 * reaped through its pidfd; a new one takes the next read.
 *
 * A process, not a thread: a thread asleep in the kernel keeps the whole
 * process from ending (and its descriptors open: a pipe into which it
 * prints never sees end of file), where a helper process that is left
 * behind keeps nothing of the caller's. */
#include "config.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guard.h"
#include "util.h"

/* Reads stuck at once beyond which none is asked: each holds a process. */
#define GUARD_MAX_STUCK	16
/* The most data a read carries (a pipe's peek and its counts). */
#define GUARD_MAX_DATA	(128 * 1024)

struct guard_request {
	guard_fn	 fn;
	size_t		 size;
};

struct guard_helper {
	pid_t		 pid;
	int		 pidfd;
	int		 sock;
};

struct guard_stuck {
	char		*key;		/* NULL: a read about nothing named */
	int64_t		 since;
	struct guard_helper h;
};

static struct guard_helper helper = { 0, -1, -1 };
static pid_t		 owner;		/* the process the helpers are of */
static unsigned		 deadline_ms = 200;
static struct guard_stuck stuck[GUARD_MAX_STUCK];
static size_t		 nstuck;

void
guard_set_deadline(unsigned ms)
{
	deadline_ms = ms;
}

unsigned
guard_deadline(void)
{
	return deadline_ms;
}

/* The helper's side: nothing of the caller's kept open but the socket
 * (descriptors 0-2 on /dev/null), each request run and its data sent
 * back, until the socket closes. */
static void __attribute__((noreturn))
helper_main(int sock)
{
	static unsigned char	 buf[sizeof(struct guard_request) + GUARD_MAX_DATA];
	struct guard_request	 req;
	struct msghdr		 msg;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	union {
		char		 space[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	 align;
	} ctl;
	ssize_t			 n;
	int			 fd, null;

	prctl(PR_SET_NAME, "ipcscope-read");
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	if (sock != 3) {
		dup2(sock, 3);
		sock = 3;
	}
	syscall(SYS_close_range, 4U, ~0U, 0U);
	for (;;) {
		memset(&msg, 0, sizeof msg);
		iov.iov_base = buf;
		iov.iov_len = sizeof buf;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl.space;
		msg.msg_controllen = sizeof ctl.space;
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
		if (n == -1 && errno == EINTR)
			continue;
		if (n < (ssize_t)sizeof req)
			_exit(0);
		memcpy(&req, buf, sizeof req);
		if ((size_t)n != sizeof req + req.size)
			_exit(1);
		fd = -1;
		cm = CMSG_FIRSTHDR(&msg);
		if (cm != NULL && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof fd);
		req.fn(buf + sizeof req, fd);
		if (fd != -1)
			close(fd);
		if (send(sock, buf + sizeof req, req.size, MSG_NOSIGNAL) == -1)
			_exit(0);
	}
}

static void
helper_close(struct guard_helper *h)
{
	if (h->sock != -1)
		close(h->sock);
	if (h->pidfd != -1)
		close(h->pidfd);
	h->sock = h->pidfd = -1;
	h->pid = 0;
}

/* A new helper; false if none can be made. */
static bool
helper_start(void)
{
	int	 sv[2];
	pid_t	 pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1)
		return false;
	if ((pid = fork()) == -1) {
		close(sv[0]);
		close(sv[1]);
		return false;
	}
	if (pid == 0) {
		close(sv[0]);
		helper_main(sv[1]);
	}
	close(sv[1]);
	helper.pid = pid;
	helper.sock = sv[0];
	helper.pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	return true;
}

/* Helpers given up on that have ended are reaped, and their keys may be
 * asked again. */
static void
stuck_reap(void)
{
	siginfo_t	 si;
	size_t		 i = 0;
	bool		 ended;
	int		 r;

	while (i < nstuck) {
		memset(&si, 0, sizeof si);
		if (stuck[i].h.pidfd != -1)
			r = waitid(P_PIDFD, (id_t)stuck[i].h.pidfd, &si, WEXITED | WNOHANG);
		else
			r = waitid(P_PID, (id_t)stuck[i].h.pid, &si, WEXITED | WNOHANG);
		ended = (r == 0 && si.si_pid != 0) || (r == -1 && errno == ECHILD);
		if (!ended) {
			i++;
			continue;
		}
		helper_close(&stuck[i].h);
		free(stuck[i].key);
		stuck[i] = stuck[--nstuck];
	}
}

static bool
key_stuck(const char *key, int64_t *since)
{
	size_t	 i;

	for (i = 0; key != NULL && i < nstuck; i++) {
		if (stuck[i].key != NULL && strcmp(stuck[i].key, key) == 0) {
			if (since != NULL)
				*since = stuck[i].since;
			return true;
		}
	}
	return false;
}

static bool
helper_send(const struct guard_request *req, const void *data, int fd)
{
	struct msghdr	 msg;
	struct iovec	 iov[2];
	struct cmsghdr	*cm;
	union {
		char		 space[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	 align;
	} ctl;

	memset(&msg, 0, sizeof msg);
	iov[0].iov_base = (void *)req;
	iov[0].iov_len = sizeof *req;
	iov[1].iov_base = (void *)data;
	iov[1].iov_len = req->size;
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	if (fd != -1) {
		memset(&ctl, 0, sizeof ctl);
		msg.msg_control = ctl.space;
		msg.msg_controllen = sizeof ctl.space;
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	}
	return sendmsg(helper.sock, &msg, MSG_NOSIGNAL) == (ssize_t)(sizeof *req + req->size);
}

/* Wait for the helper's answer up to the deadline: true with data
 * filled, false if it did not come. */
static bool
helper_answer(void *data, size_t size)
{
	struct pollfd	 pfd = { helper.sock, POLLIN, 0 };
	int64_t		 end = now_ns() + (int64_t)deadline_ms * 1000000, left;
	int		 n;

	for (;;) {
		left = end - now_ns();
		if (left <= 0)
			return false;
		n = poll(&pfd, 1, (int)((left + 999999) / 1000000));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		return recv(helper.sock, data, size, 0) == (ssize_t)size;
	}
}

enum guard_answer
guard_call(const char *key, guard_fn fn, void *data, size_t size, int fd)
{
	struct guard_request	 req = { fn, size };
	int			 tries;

	if (deadline_ms == 0 || size > GUARD_MAX_DATA || (owner != 0 && owner != getpid())) {
		fn(data, fd);
		return GUARD_DONE;
	}
	owner = getpid();
	stuck_reap();
	if (key_stuck(key, NULL) || nstuck == GUARD_MAX_STUCK)
		return GUARD_STILL_SLOW;
	for (tries = 0; tries < 2; tries++) {
		if (helper.pid == 0 && !helper_start())
			break;
		if (helper_send(&req, data, fd))
			break;
		/* It ended (killed by someone): a new one. */
		kill(helper.pid, SIGKILL);
		waitpid(helper.pid, NULL, 0);
		helper_close(&helper);
	}
	if (helper.pid == 0 || tries == 2) {
		/* No helper to be had: read directly, as without the guard. */
		fn(data, fd);
		return GUARD_DONE;
	}
	if (helper_answer(data, size))
		return GUARD_DONE;
	/* Given up on: killed, it ends when the kernel lets its read go;
	 * until then its key is not asked again. */
	kill(helper.pid, SIGKILL);
	close(helper.sock);
	helper.sock = -1;
	stuck[nstuck].key = key != NULL ? xstrdup(key) : NULL;
	stuck[nstuck].since = now_ns();
	stuck[nstuck].h = helper;
	nstuck++;
	helper.pid = 0;
	helper.pidfd = -1;
	return GUARD_SLOW;
}

bool
guard_stuck(const char *key, int64_t *since)
{
	stuck_reap();
	return key_stuck(key, since);
}

size_t
guard_stuck_count(void)
{
	stuck_reap();
	return nstuck;
}

bool
guard_is_helper(pid_t pid)
{
	size_t	 i;

	if (pid == helper.pid && pid != 0)
		return true;
	for (i = 0; i < nstuck; i++) {
		if (stuck[i].h.pid == pid)
			return true;
	}
	return false;
}

int64_t
guard_slow_since(enum guard_answer how, const char *key)
{
	int64_t	 since;

	if (how == GUARD_STILL_SLOW && key_stuck(key, &since))
		return since - (int64_t)deadline_ms * 1000000;
	return now_ns() - (int64_t)deadline_ms * 1000000;
}

void
guard_say(struct buf *b, const char *what, int64_t since)
{
	int64_t	 waited = now_ns() - since;

	buf_add_text(b, what, strlen(what), false);
	if (waited < 1000000000)
		buf_printf(b, " did not answer within %u ms", deadline_ms);
	else
		buf_printf(b, " has not answered for %lld s", (long long)(waited / 1000000000));
}
