/* readfloor.c: the kernel reads a first sample of the whole machine
 * cannot do without, and nothing made of them (readfloor.h). Per process:
 * its stat; its descriptor directory and every link in it; the fdinfo of
 * each descriptor whose kind or mount only fdinfo says (a file with a
 * path, an anonymous inode); the link's own mode of a pipe (which end);
 * its maps (who attaches which segment); each thread's stat and syscall.
 * Once: every System V queue, set (with its values) and segment, the
 * UNIX, TCP and UDP sock_diag dumps, and /proc/locks. Nothing is parsed,
 * nothing kept: what a sample adds to this is the lab's own work. */
#include "config.h"

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readfloor.h"
#include "util.h"

#define MAX_THREADS	8

struct floor_run {
	pid_t		*pids;
	size_t		 npids;
	int		 nthreads;
	int		 k;		/* this thread's share: pids k, k + n, ... */
	size_t		 bytes;		/* read, so that no read is left out */
};

/* Each numbered entry of directory dfd, handed to fn. */
static void
each_number(int dfd, void (*fn)(const char *, void *), void *arg)
{
	struct dir_reader	 d;
	const char		*name;

	dir_reader_init(&d, dfd);
	while ((name = dir_next(&d, NULL)) != NULL) {
		if (name[0] >= '0' && name[0] <= '9')
			fn(name, arg);
	}
}

static size_t
read_whole(const char *path)
{
	char	 buf[65536];
	ssize_t	 n;
	size_t	 total = 0;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		total += (size_t)n;
	close(fd);
	return total;
}

struct in_dir {
	struct floor_run	*r;
	pid_t			 pid;
	int			 dfd;
};

static void
one_fd(const char *name, void *arg)
{
	struct in_dir	*in = arg;
	struct stat	 st;
	char		 link[4096], path[64];
	ssize_t		 n;

	if ((n = readlinkat(in->dfd, name, link, sizeof link - 1)) == -1)
		return;
	link[n] = '\0';
	if (link[0] == '/' || strncmp(link, "anon_inode:", 11) == 0) {
		snprintf(path, sizeof path, "/proc/%d/fdinfo/%s", (int)in->pid, name);
		in->r->bytes += read_whole(path);
	} else if (strncmp(link, "pipe:", 5) == 0 &&
	    fstatat(in->dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		in->r->bytes += (size_t)st.st_mode;
}

static void
one_thread(const char *name, void *arg)
{
	struct in_dir	*in = arg;
	char		 path[96];

	snprintf(path, sizeof path, "/proc/%d/task/%s/stat", (int)in->pid, name);
	in->r->bytes += read_whole(path);
	snprintf(path, sizeof path, "/proc/%d/task/%s/syscall", (int)in->pid, name);
	in->r->bytes += read_whole(path);
}

static void
one_process(struct floor_run *r, pid_t pid)
{
	struct in_dir	 in = { r, pid, -1 };
	char		 path[64];

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	r->bytes += read_whole(path);
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	if ((in.dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		each_number(in.dfd, one_fd, &in);
		close(in.dfd);
	}
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	r->bytes += read_whole(path);
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((in.dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		each_number(in.dfd, one_thread, &in);
		close(in.dfd);
	}
}

static void *
processes(void *arg)
{
	struct floor_run	*r = arg;
	size_t			 i;

	for (i = (size_t)r->k; i < r->npids; i += (size_t)r->nthreads)
		one_process(r, r->pids[i]);
	return NULL;
}

static void
sysv_all(struct floor_run *r)
{
	struct msqid_ds		 q;
	struct semid_ds		 s;
	struct shmid_ds		 m;
	unsigned short		 values[32000];
	union { struct semid_ds *buf; unsigned short *array; } u;
	int			 i, last, id;

	last = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&q);
	for (i = 0; i <= last; i++)
		r->bytes += msgctl(i, MSG_STAT_ANY, &q) != -1;
	u.buf = &s;
	last = semctl(0, 0, SEM_INFO, u);
	for (i = 0; i <= last; i++) {
		u.buf = &s;
		if ((id = semctl(i, 0, SEM_STAT_ANY, u)) == -1)
			continue;
		u.array = values;
		r->bytes += semctl(id, 0, GETALL, u) != -1;
	}
	last = shmctl(0, SHM_INFO, &m);
	for (i = 0; i <= last; i++)
		r->bytes += shmctl(i, SHM_STAT_ANY, &m) != -1;
}

static void
diag_dump(struct floor_run *r, const void *req, size_t len)
{
	struct {
		struct nlmsghdr	 h;
		char		 req[128];
	}			 msg;
	char			 buf[65536];
	struct nlmsghdr		*h;
	ssize_t			 n;
	int			 s;
	bool			 done = false;

	if ((s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)) == -1)
		return;
	memset(&msg, 0, sizeof msg);
	msg.h.nlmsg_len = NLMSG_LENGTH(len);
	msg.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	memcpy(msg.req, req, len);
	if (send(s, &msg, msg.h.nlmsg_len, 0) == -1)
		done = true;
	while (!done && (n = recv(s, buf, sizeof buf, 0)) > 0) {
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
				done = true;
				break;
			}
			r->bytes += h->nlmsg_len;
		}
	}
	close(s);
}

/* What is read once for the whole machine. */
static void *
machine(void *arg)
{
	struct floor_run	*r = arg;
	struct unix_diag_req	 u;
	struct inet_diag_req_v2	 in;
	static const int	 families[] = { AF_INET, AF_INET6 };
	static const int	 protocols[] = { IPPROTO_TCP, IPPROTO_UDP };
	size_t			 f, p;

	sysv_all(r);
	memset(&u, 0, sizeof u);
	u.sdiag_family = AF_UNIX;
	u.udiag_states = ~0u;
	u.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;
	diag_dump(r, &u, sizeof u);
	for (f = 0; f < nitems(families); f++) {
		for (p = 0; p < nitems(protocols); p++) {
			memset(&in, 0, sizeof in);
			in.sdiag_family = families[f];
			in.sdiag_protocol = protocols[p];
			in.idiag_states = ~0u;
			diag_dump(r, &in, sizeof in);
		}
	}
	r->bytes += read_whole("/proc/locks");
	return NULL;
}

static void
add_pid(const char *name, void *arg)
{
	struct floor_run	*r = arg;

	r->pids = xreallocarray(r->pids, r->npids + 1, sizeof *r->pids);
	r->pids[r->npids++] = (pid_t)atoi(name);
}

int64_t
read_floor(int nthreads, size_t *nprocs)
{
	struct floor_run	 all, each[MAX_THREADS], whole;
	pthread_t		 th[MAX_THREADS], mt;
	int64_t			 t0;
	bool			 started[MAX_THREADS];
	int			 dfd, k;

	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > MAX_THREADS)
		nthreads = MAX_THREADS;
	memset(&all, 0, sizeof all);
	memset(&whole, 0, sizeof whole);
	t0 = now_ns();
	if ((dfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	each_number(dfd, add_pid, &all);
	close(dfd);
	for (k = 0; k < nthreads; k++) {
		each[k] = all;
		each[k].nthreads = nthreads;
		each[k].k = k;
	}
	if (nthreads == 1) {
		machine(&whole);
		processes(&each[0]);
	} else {
		/* The machine's reads beside the processes' shares. */
		if (!(started[0] = pthread_create(&mt, NULL, machine, &whole) == 0))
			machine(&whole);
		for (k = 1; k < nthreads; k++) {
			if (!(started[k] = pthread_create(&th[k], NULL, processes, &each[k]) == 0))
				processes(&each[k]);
		}
		processes(&each[0]);
		for (k = 1; k < nthreads; k++) {
			if (started[k])
				pthread_join(th[k], NULL);
		}
		if (started[0])
			pthread_join(mt, NULL);
	}
	t0 = now_ns() - t0;
	*nprocs = all.npids;
	free(all.pids);
	return t0;
}
