/* netns.c: network namespaces held by descriptors alone, made by a
 * short-lived child; the user namespace they are made in when the caller
 * may not make them in its own. */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <linux/netlink.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"
#include "rtnl.h"
#include "util.h"
#include "wire.h"

/* What the child does, in order: a failure is told by its place here,
 * as the child's strings are the parent's only by the accident of fork. */
enum make_step {
	MAKE_SETNS_USER,
	MAKE_UNSHARE_NET,
	MAKE_NSFD,
	MAKE_RTNL,
	MAKE_DIAG,
	MAKE_IGMP,
	MAKE_IGMP6,
	MAKE_LO,
	MAKE_SEND,
};
static const char *const make_steps[] = {
	"setns(CLONE_NEWUSER)",
	"unshare(CLONE_NEWNET)",
	"open /proc/self/ns/net",
	"socket(NETLINK_ROUTE)",
	"socket(NETLINK_SOCK_DIAG)",
	"open /proc/self/net/igmp",
	"open /proc/self/net/igmp6",
	"lo up",
	"sendmsg(SCM_RIGHTS)",
};

/* The child's answer, with the descriptors (SCM_RIGHTS) when it made them. */
struct made {
	int	 err;		/* errno, 0 when made */
	int	 step;		/* enum make_step that failed */
	int	 nfds;		/* 5, or 4 without igmp6 */
};

#define MADE_FDS	5

uint64_t
netns_ino_of_fd(int nsfd)
{
	struct stat	 st;

	return fstat(nsfd, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

uint64_t
netns_self_ino(void)
{
	struct stat	 st;

	return stat("/proc/self/ns/net", &st) == 0 ? (uint64_t)st.st_ino : 0;
}

void
netns_close(struct netns *ns)
{
	int	*fds[] = { &ns->nsfd, &ns->rtnl, &ns->diag, &ns->igmp, &ns->igmp6 };
	size_t	 i;

	for (i = 0; i < nitems(fds); i++) {
		if (*fds[i] != -1)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

/* Send the answer, with n descriptors. */
static bool
made_send(int sock, const struct made *m, const int *fds, int n)
{
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(MADE_FDS * sizeof(int))];
	}		 cbuf;
	struct iovec	 iov = { (void *)m, sizeof *m };
	struct msghdr	 msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr	*c;

	if (n > 0) {
		memset(&cbuf, 0, sizeof cbuf);
		msg.msg_control = cbuf.buf;
		msg.msg_controllen = CMSG_SPACE((size_t)n * sizeof(int));
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
		memcpy(CMSG_DATA(c), fds, (size_t)n * sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == (ssize_t)sizeof *m;
}

/* No duplicate address detection on the interfaces to come, written to
 * the namespace's sysctls from inside it: an interface's link-local
 * address stays tentative for a second after it is up otherwise, and
 * neighbour discovery waits for it, so the first packets to a new link's
 * IPv6 addresses would be lost. Every address in a namespace of the
 * caller's is the caller's to give: none can be a duplicate. Best
 * effort: without it IPv6 starts a second late. */
static void
no_dad(void)
{
	static const char *const paths[] = {
		"/proc/sys/net/ipv6/conf/all/accept_dad",
		"/proc/sys/net/ipv6/conf/default/accept_dad",
	};
	ssize_t	 w;
	size_t	 i;
	int	 fd;

	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		if ((fd = open(paths[i], O_WRONLY | O_CLOEXEC)) == -1)
			continue;
		w = write(fd, "0\n", 2);
		(void)w;
		close(fd);
	}
}

/* The child: into the user namespace, a network namespace of its own,
 * the descriptors opened inside, lo up, all sent back; then it ends. It
 * allocates nothing (the parent may have had threads). */
static void __attribute__((noreturn))
make_child(int userns, int sock)
{
	struct made	 m = { 0, 0, 0 };
	struct rtnl_err	 e;
	int		 fds[MADE_FDS];

	if (userns != -1 && setns(userns, CLONE_NEWUSER) == -1) {
		m.step = MAKE_SETNS_USER;
		goto fail;
	}
	if (unshare(CLONE_NEWNET) == -1) {
		m.step = MAKE_UNSHARE_NET;
		goto fail;
	}
	if ((fds[0] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) == -1) {
		m.step = MAKE_NSFD;
		goto fail;
	}
	if ((fds[1] = rtnl_socket()) == -1) {
		m.step = MAKE_RTNL;
		goto fail;
	}
	fds[2] = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fds[2] == -1) {
		m.step = MAKE_DIAG;
		goto fail;
	}
	if ((fds[3] = open("/proc/self/net/igmp", O_RDONLY | O_CLOEXEC)) == -1) {
		m.step = MAKE_IGMP;
		goto fail;
	}
	/* No igmp6 is no IPv6, which is no failure. */
	m.nfds = MADE_FDS;
	if ((fds[4] = open("/proc/self/net/igmp6", O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno != ENOENT) {
			m.step = MAKE_IGMP6;
			goto fail;
		}
		m.nfds = MADE_FDS - 1;
	}
	if (!rtnl_link_set_up(fds[1], 1, true, &e)) {
		errno = e.err;
		m.step = MAKE_LO;
		goto fail;
	}
	if (m.nfds == MADE_FDS)
		no_dad();
	if (!made_send(sock, &m, fds, m.nfds))
		_exit(1);
	_exit(0);

fail:
	m.err = errno != 0 ? errno : EIO;
	m.nfds = 0;
	made_send(sock, &m, NULL, 0);
	_exit(1);
}

/* The child's answer: the descriptors into ns, or false with errno. */
static bool
made_recv(int sock, struct netns *ns, const char **step)
{
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(MADE_FDS * sizeof(int))];
	}		 cbuf;
	struct made	 m;
	struct iovec	 iov = { &m, sizeof m };
	struct msghdr	 msg = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf.buf, .msg_controllen = sizeof cbuf.buf };
	int		 fds[MADE_FDS] = { -1, -1, -1, -1, -1 };
	size_t		 nfds = 0, i;
	ssize_t		 n;

	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) == -1 && errno == EINTR)
		continue;
	if (n == -1 || n != (ssize_t)sizeof m) {
		*step = n == -1 ? "recvmsg" : "the child ended without an answer";
		if (n != -1)
			errno = EIO;
		return false;
	}
	wire_take_fds(&msg, fds, &nfds, MADE_FDS);
	if (m.err != 0 || nfds != (size_t)m.nfds || nfds < MADE_FDS - 1) {
		for (i = 0; i < nfds; i++)
			close(fds[i]);
		if (m.err != 0 && m.step >= 0 && m.step < (int)nitems(make_steps)) {
			*step = make_steps[m.step];
			errno = m.err;
		} else {
			*step = make_steps[MAKE_SEND];
			errno = EIO;
		}
		return false;
	}
	ns->nsfd = fds[0];
	ns->rtnl = fds[1];
	ns->diag = fds[2];
	ns->igmp = fds[3];
	ns->igmp6 = fds[4];
	return true;
}

/* Reap child pid, which has ended or is about to. */
static void
reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		continue;
}

bool
netns_make(int userns, struct netns *ns, const char **step)
{
	const char	*spare;
	pid_t		 pid;
	const struct timeval deadline = { 5, 0 };
	int		 sv[2], saved;
	bool		 ok;

	if (step == NULL)
		step = &spare;
	ns->nsfd = ns->rtnl = ns->diag = ns->igmp = ns->igmp6 = -1;
	ns->ino = 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		*step = "socketpair";
		return false;
	}
	if ((pid = fork()) == -1) {
		saved = errno;
		close(sv[0]);
		close(sv[1]);
		*step = "fork";
		errno = saved;
		return false;
	}
	if (pid == 0) {
		close(sv[0]);
		make_child(userns, sv[1]);
	}
	close(sv[1]);
	/* The child makes a few kernel calls and answers within a
	 * millisecond; one that does not within seconds is killed, so
	 * that the caller waits no longer than that. */
	(void)setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &deadline, sizeof deadline);
	ok = made_recv(sv[0], ns, step);
	saved = errno;
	close(sv[0]);
	if (!ok && (saved == EAGAIN || saved == EWOULDBLOCK)) {
		kill(pid, SIGKILL);
		*step = "the namespace's maker did not answer within 5 s";
		saved = ETIMEDOUT;
	}
	reap(pid);
	if (!ok) {
		errno = saved;
		return false;
	}
	ns->ino = netns_ino_of_fd(ns->nsfd);
	return true;
}

/* Write a whole map (or "deny") to a file of /proc/PID. */
static bool
write_proc(pid_t pid, const char *file, const char *text)
{
	char	 path[64];
	int	 fd;
	bool	 ok;

	snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, file);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return false;
	ok = write_all(fd, text, strlen(text));
	if (close(fd) == -1)
		ok = false;
	return ok;
}

/* The parent's half: the child's namespace mapped and opened. */
static int
userns_map(pid_t pid, const char **step)
{
	char	 map[64], path[64];
	int	 fd;

	/* Without CAP_SETGID in the parent namespace, a gid map is
	 * refused until setgroups is denied (a kernel without the file
	 * has no such rule). */
	if (!write_proc(pid, "setgroups", "deny") && errno != ENOENT) {
		*step = "setgroups";
		return -1;
	}
	snprintf(map, sizeof map, "%lu %lu 1\n", (unsigned long)geteuid(),
	    (unsigned long)geteuid());
	if (!write_proc(pid, "uid_map", map)) {
		*step = "uid_map";
		return -1;
	}
	snprintf(map, sizeof map, "%lu %lu 1\n", (unsigned long)getegid(),
	    (unsigned long)getegid());
	if (!write_proc(pid, "gid_map", map)) {
		*step = "gid_map";
		return -1;
	}
	snprintf(path, sizeof path, "/proc/%ld/ns/user", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		*step = "open /proc/PID/ns/user";
	return fd;
}

int
userns_make(const char **step)
{
	const char	*spare;
	pid_t		 pid;
	ssize_t		 n;
	int		 sv[2], err = 0, fd = -1, saved;
	char		 c;

	if (step == NULL)
		step = &spare;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		*step = "socketpair";
		return -1;
	}
	if ((pid = fork()) == -1) {
		saved = errno;
		close(sv[0]);
		close(sv[1]);
		*step = "fork";
		errno = saved;
		return -1;
	}
	if (pid == 0) {
		/* The child holds the namespace until the parent, done with
		 * it, closes its end. */
		close(sv[0]);
		if (unshare(CLONE_NEWUSER) == -1)
			err = errno;
		if (write(sv[1], &err, sizeof err) != (ssize_t)sizeof err)
			_exit(1);
		while (read(sv[1], &c, 1) == -1 && errno == EINTR)
			continue;
		_exit(0);
	}
	close(sv[1]);
	while ((n = read(sv[0], &err, sizeof err)) == -1 && errno == EINTR)
		continue;
	if (n != (ssize_t)sizeof err) {
		*step = "the child ended without an answer";
		err = n == -1 ? errno : EIO;
	} else if (err != 0)
		*step = "unshare(CLONE_NEWUSER)";
	else if ((fd = userns_map(pid, step)) == -1)
		err = errno;
	close(sv[0]);
	reap(pid);
	if (fd == -1)
		errno = err;
	return fd;
}
