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

/* A request: count reads of fn, each size bytes of data, one after
 * the other, then count bytes that say which come with a descriptor
 * (those descriptors, in order, ride with it). Each read is answered
 * as it is done: its index, then its data. */
struct guard_request {
	guard_fn	 fn;
	size_t		 size;
	uint32_t	 count;
};
struct guard_answer_head {
	uint32_t	 index;
};

/* The most reads one request carries: the descriptors one message
 * may pass. */
#define GUARD_MAX_BATCH	128

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
	static unsigned char	 buf[sizeof(struct guard_request) + GUARD_MAX_DATA +
				    GUARD_MAX_BATCH];
	struct guard_request	 req;
	struct guard_answer_head head;
	struct msghdr		 msg;
	struct iovec		 iov, out[2];
	struct cmsghdr		*cm;
	union {
		char		 space[CMSG_SPACE(sizeof(int) * GUARD_MAX_BATCH)];
		struct cmsghdr	 align;
	} ctl;
	int			 fds[GUARD_MAX_BATCH];
	unsigned char		*data, *hasfd;
	ssize_t			 n;
	size_t			 nfds, used, i;
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
		if (req.count == 0 || req.count > GUARD_MAX_BATCH ||
		    (size_t)n != sizeof req + req.size * req.count + req.count)
			_exit(1);
		nfds = 0;
		cm = CMSG_FIRSTHDR(&msg);
		if (cm != NULL && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			nfds = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(cm), nfds * sizeof(int));
		}
		data = buf + sizeof req;
		hasfd = data + req.size * req.count;
		for (i = used = 0; i < req.count; i++) {
			fd = hasfd[i] && used < nfds ? fds[used++] : -1;
			req.fn(data + req.size * i, fd);
			if (fd != -1)
				close(fd);
			head.index = (uint32_t)i;
			out[0].iov_base = &head;
			out[0].iov_len = sizeof head;
			out[1].iov_base = data + req.size * i;
			out[1].iov_len = req.size;
			memset(&msg, 0, sizeof msg);
			msg.msg_iov = out;
			msg.msg_iovlen = 2;
			if (sendmsg(sock, &msg, MSG_NOSIGNAL) == -1)
				_exit(0);
		}
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

/* Send count reads (data: count blocks of req->size bytes; fds: one
 * each, -1 for none). */
static bool
helper_send(const struct guard_request *req, const void *data, const int *fds)
{
	unsigned char	 hasfd[GUARD_MAX_BATCH];
	int		 pass[GUARD_MAX_BATCH];
	struct msghdr	 msg;
	struct iovec	 iov[3];
	struct cmsghdr	*cm;
	union {
		char		 space[CMSG_SPACE(sizeof(int) * GUARD_MAX_BATCH)];
		struct cmsghdr	 align;
	} ctl;
	size_t		 i, npass = 0, len = sizeof *req + req->size * req->count + req->count;

	for (i = 0; i < req->count; i++) {
		hasfd[i] = fds[i] != -1;
		if (fds[i] != -1)
			pass[npass++] = fds[i];
	}
	memset(&msg, 0, sizeof msg);
	iov[0].iov_base = (void *)req;
	iov[0].iov_len = sizeof *req;
	iov[1].iov_base = (void *)data;
	iov[1].iov_len = req->size * req->count;
	iov[2].iov_base = hasfd;
	iov[2].iov_len = req->count;
	msg.msg_iov = iov;
	msg.msg_iovlen = 3;
	if (npass > 0) {
		memset(&ctl, 0, sizeof ctl);
		msg.msg_control = ctl.space;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * npass);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * npass);
		memcpy(CMSG_DATA(cm), pass, sizeof(int) * npass);
	}
	return sendmsg(helper.sock, &msg, MSG_NOSIGNAL) == (ssize_t)len;
}

/* Wait up to the deadline for the helper's answer to read index: true
 * with data (size bytes) filled, false if it did not come. */
static bool
helper_answer(uint32_t index, void *data, size_t size)
{
	struct pollfd		 pfd = { helper.sock, POLLIN, 0 };
	struct guard_answer_head head;
	struct iovec		 iov[2];
	struct msghdr		 msg;
	int64_t			 end = now_ns() + (int64_t)deadline_ms * 1000000, left;
	int			 n;

	for (;;) {
		left = end - now_ns();
		if (left <= 0)
			return false;
		n = poll(&pfd, 1, (int)((left + 999999) / 1000000));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		iov[0].iov_base = &head;
		iov[0].iov_len = sizeof head;
		iov[1].iov_base = data;
		iov[1].iov_len = size;
		memset(&msg, 0, sizeof msg);
		msg.msg_iov = iov;
		msg.msg_iovlen = 2;
		return recvmsg(helper.sock, &msg, 0) == (ssize_t)(sizeof head + size) &&
		    head.index == index;
	}
}

/* The helper went away before it was asked (killed by someone): a new
 * one. */
static void
helper_lost(void)
{
	kill(helper.pid, SIGKILL);
	waitpid(helper.pid, NULL, 0);
	helper_close(&helper);
}

/* Give up on the helper, stuck in a read about key: killed, it ends
 * when the kernel lets its read go; until then key is not asked again. */
static void
helper_give_up(const char *key)
{
	kill(helper.pid, SIGKILL);
	close(helper.sock);
	helper.sock = -1;
	stuck[nstuck].key = key != NULL ? xstrdup(key) : NULL;
	stuck[nstuck].since = now_ns();
	stuck[nstuck].h = helper;
	nstuck++;
	helper.pid = 0;
	helper.pidfd = -1;
}

/* Whether reads go through a helper now: not when the guard is off,
 * nor in a child forked from the process that has one. */
static bool
guarded(size_t size)
{
	if (deadline_ms == 0 || size > GUARD_MAX_DATA || (owner != 0 && owner != getpid()))
		return false;
	owner = getpid();
	stuck_reap();
	return true;
}

/* Send count reads from first to a helper, starting one if need be:
 * false if none would take them. */
static bool
helper_take(guard_fn fn, unsigned char *first, size_t size, const int *fds, size_t count)
{
	struct guard_request	 req;
	int			 tries;

	memset(&req, 0, sizeof req);
	req.fn = fn;
	req.size = size;
	req.count = (uint32_t)count;
	for (tries = 0; tries < 2; tries++) {
		if (helper.pid == 0 && !helper_start())
			return false;
		if (helper_send(&req, first, fds))
			return true;
		helper_lost();
	}
	return false;
}

enum guard_answer
guard_call(const char *key, guard_fn fn, void *data, size_t size, int fd)
{
	enum guard_answer	 how;

	guard_call_many(&key, fn, data, size, &fd, 1, &how);
	return how;
}

void
guard_call_many(const char *const *keys, guard_fn fn, void *datas, size_t size,
    const int *fds, size_t n, enum guard_answer *out)
{
	unsigned char	*data = datas;
	unsigned char	*batch;
	int		 bfds[GUARD_MAX_BATCH];
	size_t		 place[GUARD_MAX_BATCH];
	size_t		 i, k, count, most;

	if (!guarded(size)) {
		for (i = 0; i < n; i++) {
			fn(data + size * i, fds[i]);
			out[i] = GUARD_DONE;
		}
		return;
	}
	most = size > 0 ? GUARD_MAX_DATA / size : GUARD_MAX_BATCH;
	if (most > GUARD_MAX_BATCH)
		most = GUARD_MAX_BATCH;
	batch = xcalloc(most, size);
	i = 0;
	while (i < n) {
		/* The next reads whose keys are not stuck, up to a request's
		 * worth. */
		for (count = 0; i < n && count < most; i++) {
			if (key_stuck(keys[i], NULL) || nstuck == GUARD_MAX_STUCK) {
				out[i] = GUARD_STILL_SLOW;
				continue;
			}
			memcpy(batch + size * count, data + size * i, size);
			bfds[count] = fds[i];
			place[count++] = i;
		}
		if (count == 0)
			break;
		if (!helper_take(fn, batch, size, bfds, count)) {
			/* No helper to be had: read directly, as without the guard. */
			for (k = 0; k < count; k++) {
				fn(data + size * place[k], fds[place[k]]);
				out[place[k]] = GUARD_DONE;
			}
			continue;
		}
		/* Each answer within the deadline of the one before: one that
		 * does not come is given up on, and the reads after it in the
		 * request are asked again of a new helper. */
		for (k = 0; k < count; k++) {
			if (helper_answer((uint32_t)k, data + size * place[k], size)) {
				out[place[k]] = GUARD_DONE;
				continue;
			}
			helper_give_up(keys[place[k]]);
			out[place[k]] = GUARD_SLOW;
			i = place[k] + 1;
			break;
		}
	}
	free(batch);
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
