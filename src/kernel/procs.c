/* procs.c: the machine's processes and their threads from /proc (procs.h). */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procs.h"
#include "util.h"

/* PF_KTHREAD of the task's flags (include/linux/sched.h). */
#define PROCS_PF_KTHREAD	0x00200000U

/* The number a /proc entry's name is, or -1 if it is not one. */
static pid_t
name_pid(const char *name)
{
	long	 v = 0;

	if (*name == '\0')
		return -1;
	for (; *name != '\0'; name++) {
		if (*name < '0' || *name > '9' || v > 0x7fffffff / 10)
			return -1;
		v = v * 10 + (*name - '0');
	}
	return v > 0 ? (pid_t)v : -1;
}

/* Read path (relative to dfd) into buf: false with errno. */
static bool
read_at(int dfd, const char *path, char *buf, size_t size, size_t *len)
{
	ssize_t	 n;
	int	 fd, saved;

	if ((fd = openat(dfd, path, O_RDONLY | O_CLOEXEC)) == -1)
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

/* Fill e from the stat file of process pid, dfd being /proc's directory
 * or AT_FDCWD. */
static bool
read_entry(int dfd, pid_t pid, uid_t uid, struct proc_entry *e)
{
	struct proc_stat	 st;
	char			 path[32], buf[1024];
	size_t			 len;

	snprintf(path, sizeof path, "%s%d/stat", dfd == AT_FDCWD ? "/proc/" : "", (int)pid);
	if (!read_at(dfd, path, buf, sizeof buf, &len))
		return false;
	if (!procparse_stat(buf, len, &st)) {
		errno = EINVAL;
		return false;
	}
	memset(e, 0, sizeof *e);
	e->pid = pid;
	e->ppid = st.ppid;
	e->uid = uid;
	copy_str(e->comm, sizeof e->comm, st.comm);
	e->state = st.state;
	e->kernel_thread = (st.flags & PROCS_PF_KTHREAD) != 0;
	e->start = st.starttime;
	e->threads = st.num_threads;
	return true;
}

void
proc_list_clear(struct proc_list *l)
{
	freep(&l->v);
	l->n = 0;
	l->cap = 0;
	l->ok = false;
	l->error = 0;
}

bool
procs_list(const struct proc_filter *f, struct proc_list *l)
{
	struct proc_entry	 e;
	struct dir_reader	 d;
	struct stat		 sb;
	const char		*name;
	pid_t			 pid;
	ino_t			 ino;
	int			 dfd;

	l->n = 0;
	l->ok = false;
	l->error = 0;
	if ((dfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		l->error = errno;
		return false;
	}
	dir_reader_init(&d, dfd);
	while ((name = dir_next(&d, &ino)) != NULL) {
		if ((pid = name_pid(name)) == -1)
			continue;
		if (f != NULL && f->skip != NULL && f->skip(pid, ino, f->skip_arg))
			continue;
		/* Gone since the directory was read: left out. */
		if (fstatat(dfd, name, &sb, 0) == -1)
			continue;
		if (f != NULL && f->by_uid && sb.st_uid != f->uid)
			continue;
		if (!read_entry(dfd, pid, sb.st_uid, &e))
			continue;
		if (f != NULL && f->comm != NULL && fnmatch(f->comm, e.comm, 0) != 0)
			continue;
		if (l->n == l->cap) {
			l->cap = l->cap == 0 ? 256 : l->cap * 2;
			l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
		}
		e.dir_ino = ino > 1 ? ino : 0;
		l->v[l->n++] = e;
	}
	l->error = d.error;
	close(dfd);
	if (l->error != 0) {
		errno = l->error;
		return false;
	}
	l->ok = true;
	return true;
}

bool
procs_read(pid_t pid, struct proc_entry *e)
{
	struct stat	 sb;
	char		 path[32];

	if (pid <= 0) {
		errno = ENOENT;
		return false;
	}
	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	if (stat(path, &sb) == -1)
		return false;
	return read_entry(AT_FDCWD, pid, sb.st_uid, e);
}

/* Schedstat files kept open (tid_list's stat_fds), and the most that
 * may be: a quarter of the limit of open files, 1024 at most. */
static size_t	 stat_kept;

static bool
stat_keep_room(void)
{
	struct rlimit	 rl;
	rlim_t		 most = 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur / 4 < most)
		most = rl.rlim_cur / 4;
	return stat_kept < most;
}

static void
stat_fds_close(struct tid_list *t)
{
	size_t	 i;

	for (i = 0; t->stat_fds != NULL && i < t->n; i++) {
		if (t->stat_fds[i] != -1) {
			close(t->stat_fds[i]);
			stat_kept--;
		}
	}
	freep(&t->stat_fds);
}

void
tid_list_clear(struct tid_list *t)
{
	stat_fds_close(t);
	freep(&t->v);
	t->n = 0;
	t->cap = 0;
	t->ok = false;
	t->error = 0;
}

static int
tid_cmp(const void *a, const void *b)
{
	pid_t	 x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

bool
procs_threads(pid_t pid, struct tid_list *t)
{
	struct dir_reader	 d;
	const char		*name;
	char			 path[48];
	pid_t			 tid;
	int			 dfd;

	stat_fds_close(t);
	t->n = 0;
	t->ok = false;
	t->error = 0;
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		t->error = errno;
		return false;
	}
	dir_reader_init(&d, dfd);
	while ((name = dir_next(&d, NULL)) != NULL) {
		if ((tid = name_pid(name)) == -1)
			continue;
		if (t->n == t->cap) {
			t->cap = t->cap == 0 ? 16 : t->cap * 2;
			t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
		}
		t->v[t->n++] = tid;
	}
	t->error = d.error;
	close(dfd);
	if (t->error != 0) {
		errno = t->error;
		return false;
	}
	qsort(t->v, t->n, sizeof *t->v, tid_cmp);
	t->ok = true;
	return true;
}

bool
procs_schedstat(pid_t pid, pid_t tid, struct proc_schedstat *ss)
{
	char	 path[64], buf[128];
	size_t	 len;

	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
	if (!read_at(AT_FDCWD, path, buf, sizeof buf, &len))
		return false;
	if (!procparse_schedstat(buf, len, ss)) {
		errno = EINVAL;
		return false;
	}
	return true;
}

/* A thread id spread over 64 bits, so that sums of different sets of
 * them differ. */
static uint64_t
tid_mix(pid_t tid)
{
	uint64_t	 x = (uint64_t)(uint32_t)tid + 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

bool
procs_run_stamp_tids(pid_t pid, struct run_stamp *rs, struct tid_list *tids)
{
	struct proc_schedstat	 ss;
	size_t			 i;

	memset(rs, 0, sizeof *rs);
	if (!procs_threads(pid, tids)) {
		errno = tids->error;
		return false;
	}
	for (i = 0; i < tids->n; i++) {
		/* A thread that ends between the list and its read is not
		 * counted: the next stamp, without it, differs anyway. */
		if (!procs_schedstat(pid, tids->v[i], &ss))
			continue;
		rs->run_ns += ss.run_ns;
		rs->timeslices += ss.timeslices;
		rs->threads++;
		rs->tid_sum += tid_mix(tids->v[i]);
	}
	if (rs->threads == 0) {
		errno = ESRCH;
		return false;
	}
	rs->ok = true;
	return true;
}

/* A thread's schedstat through the descriptor kept for it, opening it
 * first if there is room (fd: its place in the list's stat_fds). A
 * descriptor of /proc/PID/task/TID names that thread alone: once it
 * has ended, reads fail, whatever takes its id. */
static bool
schedstat_kept(pid_t pid, pid_t tid, int *fd, struct proc_schedstat *ss)
{
	char	 path[64], buf[128];
	ssize_t	 n;

	if (*fd == -1 && stat_keep_room()) {
		snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
		if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return false;
		stat_kept++;
	}
	if (*fd == -1)
		return procs_schedstat(pid, tid, ss);
	do
		n = pread(*fd, buf, sizeof buf - 1, 0);
	while (n == -1 && errno == EINTR);
	if (n <= 0) {
		if (n == 0)
			errno = ESRCH;
		return false;
	}
	buf[n] = '\0';
	if (!procparse_schedstat(buf, (size_t)n, ss)) {
		errno = EINVAL;
		return false;
	}
	return true;
}

bool
procs_run_stamp_known(pid_t pid, struct run_stamp *rs, struct tid_list *tids)
{
	struct proc_schedstat	 ss;
	size_t			 i;

	memset(rs, 0, sizeof *rs);
	if (!tids->ok || tids->n == 0) {
		errno = EINVAL;
		return false;
	}
	if (tids->stat_fds == NULL) {
		tids->stat_fds = xcalloc(tids->n, sizeof *tids->stat_fds);
		for (i = 0; i < tids->n; i++)
			tids->stat_fds[i] = -1;
	}
	for (i = 0; i < tids->n; i++) {
		/* One gone: the process ran (it ended a thread). */
		if (!schedstat_kept(pid, tids->v[i], &tids->stat_fds[i], &ss))
			return false;
		rs->run_ns += ss.run_ns;
		rs->timeslices += ss.timeslices;
		rs->threads++;
		rs->tid_sum += tid_mix(tids->v[i]);
	}
	rs->ok = true;
	return true;
}

bool
procs_run_stamp(pid_t pid, struct run_stamp *rs)
{
	struct tid_list	 tids;
	bool		 ok;
	int		 saved;

	memset(&tids, 0, sizeof tids);
	ok = procs_run_stamp_tids(pid, rs, &tids);
	saved = errno;
	tid_list_clear(&tids);
	errno = saved;
	return ok;
}

bool
run_stamp_ran(const struct run_stamp *a, const struct run_stamp *b)
{
	if (!a->ok || !b->ok)
		return true;
	return a->run_ns != b->run_ns || a->timeslices != b->timeslices ||
	    a->threads != b->threads || a->tid_sum != b->tid_sum;
}

int
procs_same_netns(pid_t pid)
{
	static struct stat	 self;
	static bool		 self_known;
	struct stat		 st;
	char			 path[64];

	if (!self_known) {
		if (stat("/proc/self/ns/net", &self) == -1)
			return -1;
		self_known = true;
	}
	snprintf(path, sizeof path, "/proc/%d/ns/net", (int)pid);
	if (stat(path, &st) == -1)
		return -1;
	return st.st_dev == self.st_dev && st.st_ino == self.st_ino;
}
