/* probe.c: reading the kernel's state of processes, descriptors and pipes. */
#include "config.h"

#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guard.h"
#include "probe.h"
#include "procparse.h"

int
sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

int
sys_kcmp(pid_t a, pid_t b, int type, unsigned long x, unsigned long y)
{
	return (int)syscall(SYS_kcmp, a, b, type, x, y);
}

int
sys_pidfd_getfd(int pidfd, int fd, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_getfd, pidfd, fd, flags);
}

int
sys_pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

/* From <linux/pidfd.h> of Linux 6.15; older headers lack it. */
struct probe_pidfd_info {
	uint64_t	 mask;
	uint64_t	 cgroupid;
	uint32_t	 pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
	int32_t		 exit_code;
	uint32_t	 coredump_mask;
	uint32_t	 spare1;
};
#define PROBE_PIDFD_GET_INFO	_IOWR(0xFF, 11, struct probe_pidfd_info)
#define PROBE_PIDFD_INFO_EXIT	(1ULL << 3)

bool
probe_pidfd_exit(int pidfd, int *status)
{
	struct probe_pidfd_info	 info;

	memset(&info, 0, sizeof info);
	info.mask = PROBE_PIDFD_INFO_EXIT;
	if (ioctl(pidfd, PROBE_PIDFD_GET_INFO, &info) == -1)
		return false;
	if (!(info.mask & PROBE_PIDFD_INFO_EXIT))
		return false;
	*status = info.exit_code;
	return true;
}

bool
probe_process_exit(int pidfd, pid_t pid, int *status)
{
	struct task_info	 ti;
	int			 fd = -1;

	if (probe_pidfd_exit(pidfd, status))
		return true;
	/* Not reaped yet: a zombie's stat has its status. */
	probe_task(pid, pid, false, &fd, &ti);
	if (fd != -1)
		close(fd);
	if (!ti.ok || ti.state != 'Z' || !ti.has_exit_code)
		return false;
	*status = ti.exit_code;
	return true;
}

static bool
read_small(const char *path, char *buf, size_t size, size_t *len)
{
	ssize_t	 n;
	int	 fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return false;
	do
		n = read(fd, buf, size - 1);
	while (n == -1 && errno == EINTR);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	*len = (size_t)n;
	return true;
}

/* The stat file through a descriptor kept open: a pread is a third of
 * an open, read and close. */
static bool
read_stat(const char *path, int *fdp, char *buf, size_t size, size_t *len)
{
	ssize_t	 n;

	if (fdp == NULL)
		return read_small(path, buf, size, len);
	if (*fdp == -1 && (*fdp = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return read_small(path, buf, size, len);	/* out of descriptors */
	n = pread(*fdp, buf, size - 1, 0);
	if (n <= 0) {
		close(*fdp);
		*fdp = -1;
		return false;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return true;
}

void
probe_task(pid_t pid, pid_t tid, bool want_call, int *stat_fd, struct task_info *ti)
{
	char			 path[64], buf[1024];
	struct proc_stat	 st;
	struct proc_syscall	 sc;
	size_t			 len;

	memset(ti, 0, sizeof *ti);
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	if (!read_stat(path, stat_fd, buf, sizeof buf, &len) || !procparse_stat(buf, len, &st))
		return;
	ti->ok = true;
	ti->state = st.state;
	ti->ppid = st.ppid;
	ti->pgrp = st.pgrp;
	ti->session = st.session;
	ti->tty_nr = st.tty_nr;
	ti->num_threads = st.num_threads;
	ti->cpu = st.processor;
	ti->has_exit_code = st.has_exit_code;
	ti->exit_code = st.exit_code;
	snprintf(ti->comm, sizeof ti->comm, "%s", st.comm);
	if (!want_call || (st.state != 'S' && st.state != 'D'))
		return;
	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
	if (read_small(path, buf, sizeof buf, &len) && procparse_syscall(buf, len, &sc) &&
	    sc.in_call) {
		ti->in_call = true;
		ti->nr = sc.nr;
		memcpy(ti->args, sc.args, sizeof ti->args);
	}
	snprintf(path, sizeof path, "/proc/%d/task/%d/wchan", (int)pid, (int)tid);
	if (read_small(path, buf, sizeof buf, &len) && strcmp(buf, "0") != 0)
		snprintf(ti->wchan, sizeof ti->wchan, "%.*s", (int)sizeof ti->wchan - 1, buf);
}

static void
fd_entry_free(struct fd_entry *e)
{
	freep(&e->link);
	freep(&e->info_value);
}

void
fd_table_clear(struct fd_table *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		fd_entry_free(&t->v[i]);
	freep(&t->v);
	t->n = 0;
	t->cap = 0;
	t->ok = false;
	t->error = 0;
	t->nslow = 0;
}

bool
fd_id_eq(const struct fd_id *a, const struct fd_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->xid == b->xid;
}

int
fd_id_cmp(const struct fd_id *x, const struct fd_id *y)
{
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->xid != y->xid)
		return x->xid < y->xid ? -1 : 1;
	return 0;
}

/* fdinfo's flags line (octal), or -1 if it is not one. */
static int
flags_parse(const char *value)
{
	char	*end;
	long	 v = strtol(value, &end, 8);

	return *end == '\0' && end != value && v >= 0 && v <= INT_MAX ? (int)v : -1;
}

/* The flags of a descriptor, and the first of the wanted keys its
 * fdinfo has, from /proc/PID/fdinfo/FD: e's flags, info_key and
 * info_value. */
static bool
probe_fdinfo(pid_t pid, const char *name, const char *const *keys, struct fd_entry *e)
{
	char	 buf[1024], value[64], path[64];
	ssize_t	 n;
	int	 f, k;

	snprintf(path, sizeof path, "/proc/%d/fdinfo/%s", (int)pid, name);
	if ((f = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(f, buf, sizeof buf - 1);
	close(f);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if (!procparse_field(buf, (size_t)n, "flags", value, sizeof value) ||
	    (e->flags = flags_parse(value)) == -1)
		return false;
	for (k = 0; keys != NULL && keys[k] != NULL; k++) {
		if (procparse_field(buf, (size_t)n, keys[k], value, sizeof value)) {
			e->info_key = k;
			e->info_value = xstrdup(value);
			break;
		}
	}
	return true;
}

bool
probe_fdinfo_text(pid_t pid, int fd, char *buf, size_t size, size_t *len)
{
	char	 path[64];

	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)pid, fd);
	return read_small(path, buf, size, len);
}

bool
probe_fdinfo_field(pid_t pid, int fd, const char *key, char *out, size_t outlen)
{
	char	 path[64], buf[2048];
	size_t	 len;

	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)pid, fd);
	return read_small(path, buf, sizeof buf, &len) &&
	    procparse_field(buf, len, key, out, outlen);
}

int
probe_fd_flags(pid_t pid, int fd)
{
	char	 value[32];

	if (!probe_fdinfo_field(pid, fd, "flags", value, sizeof value))
		return -1;
	return flags_parse(value);
}

static int
fd_entry_cmp(const void *a, const void *b)
{
	const struct fd_entry	*x = a, *y = b;

	return (x->fd > y->fd) - (x->fd < y->fd);
}

/* The device of the kernel's pipe and socket filesystems, and the one
 * inode every eventfd, epoll, signalfd and timerfd shares (the kernel's
 * anonymous inode), learned once from files of our own: a descriptor
 * whose link says "pipe:[INODE]" or "socket:[INODE]" has that device and
 * that inode, and one whose link says "anon_inode:[eventfd]" that device
 * and inode, with no need to ask the kernel for them. False: not known. */
enum internal { INTERNAL_PIPE, INTERNAL_SOCKET, INTERNAL_ANON, INTERNAL_N };

static bool
internal_id(enum internal kind, struct stat *out)
{
	static struct stat	 st[INTERNAL_N];
	static bool		 tried[INTERNAL_N], known[INTERNAL_N];
	int			 fds[2] = { -1, -1 };

	if (!tried[kind]) {
		tried[kind] = true;
		if (kind == INTERNAL_PIPE ? pipe2(fds, O_CLOEXEC) == 0 :
		    kind == INTERNAL_SOCKET ?
		    (fds[0] = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) != -1 :
		    (fds[0] = eventfd(0, EFD_CLOEXEC)) != -1) {
			known[kind] = fstat(fds[0], &st[kind]) == 0;
			close(fds[0]);
			if (fds[1] != -1)
				close(fds[1]);
		}
	}
	*out = st[kind];
	return known[kind];
}

/* Whether a link names a file of the kernel's anonymous inode. */
static bool
link_anon_shared(const char *link)
{
	static const char *const shared[] = {
		"anon_inode:[eventfd]", "anon_inode:[eventpoll]", "anon_inode:[signalfd]",
		"anon_inode:[timerfd]",
	};
	size_t	 i;

	for (i = 0; i < sizeof shared / sizeof shared[0]; i++) {
		if (strcmp(link, shared[i]) == 0)
			return true;
	}
	return false;
}

/* The inode of a link "PREFIX[INODE]" of the kernel's own files. */
static bool
link_inode(const char *link, const char *prefix, ino_t *ino)
{
	size_t			 n = strlen(prefix);
	unsigned long long	 v;
	char			*end;

	if (strncmp(link, prefix, n) != 0 || link[n] != '[')
		return false;
	errno = 0;
	v = strtoull(link + n + 1, &end, 10);
	if (errno != 0 || end == link + n + 1 || strcmp(end, "]") != 0)
		return false;
	*ino = (ino_t)v;
	return true;
}

/* The stat of a descriptor's file, made by the guard's helper. */
struct fd_stat_job {
	char		 path[64];	/* /proc/PID/fd/N */
	bool		 ok;
	dev_t		 dev;
	ino_t		 ino;
	mode_t		 mode;
	int64_t		 size;		/* -1 if the cache has none */
};

/* AT_STATX_DONT_SYNC: a network or FUSE filesystem answers from what it
 * has cached, and asks its server only for what it has not: the device,
 * inode and type are what is wanted, and never change; the size is as
 * the cache has it. */
static void
fd_stat_run(void *arg, int unused)
{
	struct fd_stat_job	*j = arg;
	struct statx		 stx;

	(void)unused;
	if (statx(AT_FDCWD, j->path, AT_STATX_DONT_SYNC, STATX_TYPE | STATX_INO | STATX_SIZE,
	    &stx) == -1)
		return;
	j->ok = true;
	j->dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
	j->ino = stx.stx_ino;
	j->mode = stx.stx_mode;
	j->size = (stx.stx_mask & STATX_SIZE) ? (int64_t)stx.stx_size : -1;
}

/* Filesystems whose stat answers from memory or a local disk: a file on
 * one is stat'ed directly. Any other (network, FUSE, autofs) goes through
 * the guard, and so does a mount this process cannot see (another mount
 * namespace's). */
static const char *const local_fs[] = {
	"tmpfs", "devtmpfs", "devpts", "proc", "sysfs", "cgroup", "cgroup2", "mqueue",
	"hugetlbfs", "ramfs", "bpf", "tracefs", "debugfs", "securityfs", "pstore",
	"configfs", "binfmt_misc", "nsfs", "pipefs", "sockfs", "anon_inodefs",
	"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "overlay", "squashfs",
	"iso9660", "vfat", "exfat", "erofs", "zfs",
};

struct mount_kind {
	long		 id;
	bool		 local;
};

static struct mount_kind *mounts;
static size_t		 nmounts;
static int64_t		 mounts_read_at;

static int
mount_kind_cmp(const void *a, const void *b)
{
	const struct mount_kind	*x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* /proc/self/mountinfo: each mount's id and whether its type is local. */
static void
mounts_read(void)
{
	struct buf	 b;
	char		*line, *next, *dash, type[64];
	size_t		 i, cap = 0;
	long		 id;

	nmounts = 0;
	buf_init(&b);
	if (!read_file("/proc/self/mountinfo", &b) || b.data == NULL) {
		buf_free(&b);
		return;
	}
	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((dash = strstr(line, " - ")) == NULL || sscanf(line, "%ld", &id) != 1 ||
		    sscanf(dash + 3, "%63s", type) != 1)
			continue;
		if (nmounts == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			mounts = xreallocarray(mounts, cap, sizeof *mounts);
		}
		mounts[nmounts].id = id;
		mounts[nmounts].local = false;
		for (i = 0; i < nitems(local_fs); i++) {
			if (strcmp(type, local_fs[i]) == 0)
				mounts[nmounts].local = true;
		}
		nmounts++;
	}
	buf_free(&b);
	qsort(mounts, nmounts, sizeof *mounts, mount_kind_cmp);
}

/* Whether a stat of a file on mount mnt_id answers without asking a
 * filesystem that may not answer. The mounts are read again when one
 * not known is asked for, at most once a second. */
static bool
mount_is_local(long mnt_id)
{
	struct mount_kind	 key = { mnt_id, false }, *m;
	int64_t			 now;

	if (mnt_id < 0)
		return false;
	m = nmounts == 0 ? NULL : bsearch(&key, mounts, nmounts, sizeof *mounts, mount_kind_cmp);
	if (m == NULL && (now = now_ns()) - mounts_read_at > 1000000000) {
		mounts_read_at = now;
		mounts_read();
		if (nmounts > 0)
			m = bsearch(&key, mounts, nmounts, sizeof *mounts, mount_kind_cmp);
	}
	return m != NULL && m->local;
}

/* The stat of a file with a path (the only ones a filesystem that does
 * not answer can hold up), through the guard unless its filesystem is a
 * local one, keyed by its mount: while
 * one stat of a mount is stuck, no other of that mount is asked. False
 * if the descriptor is gone; true with e's slow_since set if slow. */
static bool
fd_stat_guarded(pid_t pid, int fd, long mnt_id, struct stat *st, struct fd_entry *e)
{
	struct fd_stat_job	 j;
	enum guard_answer	 how;
	char			 key[64];

	memset(&j, 0, sizeof j);
	snprintf(j.path, sizeof j.path, "/proc/%d/fd/%d", (int)pid, fd);
	if (mnt_id >= 0)
		snprintf(key, sizeof key, "mount %ld", mnt_id);
	else
		snprintf(key, sizeof key, "fd %d/%d", (int)pid, fd);
	how = guard_call(key, fd_stat_run, &j, sizeof j, -1);
	if (how != GUARD_DONE) {
		memset(st, 0, sizeof *st);
		st->st_dev = (dev_t)-1;
		st->st_ino = (ino_t)(((uint64_t)(uint32_t)pid << 32) | (uint32_t)fd);
		e->slow_since = guard_slow_since(how, key);
		return true;
	}
	if (!j.ok)
		return false;
	memset(st, 0, sizeof *st);
	st->st_dev = j.dev;
	st->st_ino = j.ino;
	st->st_mode = j.mode;
	st->st_size = j.size;
	return true;
}

/* The stat of a descriptor's file: directly, but for a file with a path
 * on a filesystem that is not local (its mount from fdinfo's mnt_id),
 * which goes through the guard. */
static bool
fd_stat(int dfd, pid_t pid, const char *name, int fd, const char *link, struct stat *st,
    struct fd_entry *e)
{
	char	 buf[1024], value[32];
	size_t	 len;
	long	 mnt_id = -1;

	if (link[0] == '/') {
		/* The same read says how it is open: e's flags. */
		if (probe_fdinfo_text(pid, fd, buf, sizeof buf, &len)) {
			if (procparse_field(buf, len, "mnt_id", value, sizeof value))
				mnt_id = strtol(value, NULL, 10);
			if (procparse_field(buf, len, "flags", value, sizeof value))
				e->flags = flags_parse(value);
			e->locked = procparse_field(buf, len, "lock", NULL, 0);
		}
		if (!mount_is_local(mnt_id)) {
			e->local = false;
			return fd_stat_guarded(pid, fd, mnt_id, st, e);
		}
	}
	return fstatat(dfd, name, st, 0) == 0;
}

/* One descriptor, named by its number as text, of process pid, whose
 * /proc/PID/fd is open at dfd; false if it is not open (closed meanwhile).
 * A whole machine has thousands: each costs as few system calls as its
 * kind allows. The link comes first; a pipe's or a socket's names its
 * inode, so the file is not asked; fdinfo is read only where a
 * mechanism's key may be (anonymous inodes, terminals), and otherwise
 * the access comes from the link's own mode (flags stay unknown, -1). */
static bool
probe_fd(int dfd, pid_t pid, const char *name, const char *const *keys, int fd,
    struct fd_entry *e)
{
	char		 link[PATH_MAX];
	struct stat	 lst, st;
	ssize_t		 n;
	ino_t		 ino;
	bool		 info;

	e->info_key = -1;
	e->info_value = NULL;
	e->flags = -1;
	e->slow_since = 0;
	e->size = -1;
	e->local = true;
	e->locked = false;
	n = readlinkat(dfd, name, link, sizeof link - 1);
	if (n == -1)
		return false;
	link[n] = '\0';
	memset(&st, 0, sizeof st);
	if (link_inode(link, "socket:", &ino) && internal_id(INTERNAL_SOCKET, &st))
		st.st_ino = ino;
	else if (link_inode(link, "pipe:", &ino) && internal_id(INTERNAL_PIPE, &st))
		st.st_ino = ino;
	else if (!(link_anon_shared(link) && internal_id(INTERNAL_ANON, &st)) &&
	    !fd_stat(dfd, pid, name, fd, link, &st, e))
		return false;
	info = strncmp(link, "anon_inode:", 11) == 0 ||
	    (S_ISCHR(st.st_mode) && (strncmp(link, "/dev/pts/", 9) == 0 ||
	    strcmp(link, "/dev/ptmx") == 0 || strncmp(link, "/dev/tty", 8) == 0));
	if (S_ISSOCK(st.st_mode))
		e->access = O_RDWR;	/* a socket is always open for both */
	else if (info && probe_fdinfo(pid, name, keys, e))
		e->access = e->flags & O_ACCMODE;	/* fdinfo's flags have it */
	else if (!info && e->flags != -1)
		e->access = e->flags & O_ACCMODE;	/* read with its mount */
	else {
		/* The link's own mode says how the file is open: the
		 * kernel gives it r-x for reading and -wx for writing. */
		freep(&e->info_value);
		e->info_key = -1;
		e->flags = -1;
		if (fstatat(dfd, name, &lst, AT_SYMLINK_NOFOLLOW) == -1)
			return false;
		if ((lst.st_mode & S_IRUSR) && (lst.st_mode & S_IWUSR))
			e->access = O_RDWR;
		else if (lst.st_mode & S_IWUSR)
			e->access = O_WRONLY;
		else
			e->access = O_RDONLY;
	}
	e->fd = fd;
	e->id.dev = st.st_dev;
	e->id.ino = st.st_ino;
	e->id.xid = -1;
	e->type = st.st_mode & S_IFMT;
	if (S_ISREG(st.st_mode))
		e->size = st.st_size;
	e->link = xstrdup(link);
	return true;
}

/* /proc/PID/fd opened; false if it cannot be. */
static bool
fd_dir_open(pid_t pid, int *dfd)
{
	char	 dir[64];

	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
	return (*dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1;
}

static void
fd_table_reserve(struct fd_table *t, size_t want)
{
	if (want <= t->cap)
		return;
	t->cap = t->cap == 0 ? 16 : t->cap;
	while (t->cap < want)
		t->cap *= 2;
	t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
}

bool
probe_fds(pid_t pid, struct fd_table *t, const char *const *keys)
{
	struct dir_reader	 d;
	struct fd_entry		 e;
	const char		*name;
	char			*end;
	long			 fd;
	int			 dfd;

	fd_table_clear(t);
	if (!fd_dir_open(pid, &dfd)) {
		t->error = errno;
		return false;
	}
	dir_reader_init(&d, dfd);
	while ((name = dir_next(&d, NULL)) != NULL) {
		fd = strtol(name, &end, 10);
		if (*end != '\0' || fd < 0 || fd > INT_MAX)
			continue;
		if (!probe_fd(dfd, pid, name, keys, (int)fd, &e)) {
			/* A link the kernel does not show (no ptrace access:
			 * another user's process, or one in a user namespace
			 * above ours, as a container's init) is none shown: the
			 * whole table is hidden, and said so, not "none". */
			if (errno == EACCES || errno == EPERM) {
				int	 err = errno;

				fd_table_clear(t);
				t->error = err;
				close(dfd);
				errno = err;
				return false;
			}
			continue;	/* closed meanwhile */
		}
		fd_table_reserve(t, t->n + 1);
		t->v[t->n++] = e;
		if (e.slow_since != 0)
			t->nslow++;
	}
	close(dfd);
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, fd_entry_cmp);
	t->ok = true;
	return true;
}

/* Where descriptor fd is, or would go, in the table. */
static size_t
fd_table_place(const struct fd_table *t, int fd)
{
	size_t	 lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->v[mid].fd < fd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
probe_fds_update(pid_t pid, struct fd_table *t, const char *const *keys, const int *fds,
    size_t n)
{
	struct fd_entry	 e;
	char		 name[16];
	size_t		 i, at;
	bool		 open_now, held;
	int		 dfd;

	if (!fd_dir_open(pid, &dfd))
		return false;
	for (i = 0; i < n; i++) {
		if (fds[i] < 0)
			continue;
		snprintf(name, sizeof name, "%d", fds[i]);
		open_now = probe_fd(dfd, pid, name, keys, fds[i], &e);
		at = fd_table_place(t, fds[i]);
		held = at < t->n && t->v[at].fd == fds[i];
		if (held && t->v[at].slow_since != 0)
			t->nslow--;
		if (open_now && e.slow_since != 0)
			t->nslow++;
		if (held)
			fd_entry_free(&t->v[at]);
		if (open_now && held)
			t->v[at] = e;
		else if (open_now) {
			fd_table_reserve(t, t->n + 1);
			memmove(&t->v[at + 1], &t->v[at], (t->n - at) * sizeof *t->v);
			t->v[at] = e;
			t->n++;
		} else if (held) {
			memmove(&t->v[at], &t->v[at + 1], (t->n - at - 1) * sizeof *t->v);
			t->n--;
		}
	}
	close(dfd);
	return true;
}

const struct fd_entry *
fd_table_find(const struct fd_table *t, int fd)
{
	size_t	 at = fd_table_place(t, fd);

	return at < t->n && t->v[at].fd == fd ? &t->v[at] : NULL;
}

void
pipe_info_clear(struct pipe_info *pi)
{
	buf_free(&pi->contents);
	memset(pi, 0, sizeof *pi);
}

/* A look at a pipe, made by the guard's helper: a duplicate of the
 * descriptor comes with it, and the bytes peeked come back inline. */
struct pipe_job {
	bool		 readable;
	size_t		 peek_max;
	bool		 ok;
	int		 error;
	int		 queued;
	int		 capacity;
	bool		 peeked;
	size_t		 len;
	char		 bytes[];	/* peek_max of them */
};

/* Copy what is queued without taking it: tee(2) into a scratch pipe. */
static void
pipe_peek(struct pipe_job *j, int dup)
{
	ssize_t	 n, copied;
	int	 scratch[2];

	if (pipe2(scratch, O_CLOEXEC | O_NONBLOCK) == -1)
		return;
	if (fcntl(scratch[1], F_GETPIPE_SZ) < j->capacity)
		fcntl(scratch[1], F_SETPIPE_SZ, j->capacity);
	copied = tee(dup, scratch[1], j->peek_max, SPLICE_F_NONBLOCK);
	if (copied > 0) {
		j->peeked = true;
		while (j->len < j->peek_max &&
		    (n = read(scratch[0], j->bytes + j->len, j->peek_max - j->len)) > 0)
			j->len += (size_t)n;
	}
	close(scratch[0]);
	close(scratch[1]);
}

/* With a duplicate of the descriptor (the caller's pidfd_getfd: the
 * helper may not be let at the process, where its parent is). */
static void
pipe_run(void *arg, int dup)
{
	struct pipe_job	*j = arg;

	if (ioctl(dup, FIONREAD, &j->queued) == -1 ||
	    (j->capacity = fcntl(dup, F_GETPIPE_SZ)) == -1) {
		j->error = errno;
		return;
	}
	j->ok = true;
	if (j->readable && j->queued > 0 && j->peek_max > 0)
		pipe_peek(j, dup);
	else if (j->readable)
		j->peeked = true;
}

/* What a look the guard answered (how) says, but the bytes: pi's fill
 * and counts, or why there are none. */
static bool
pipe_info_take(struct pipe_info *pi, enum guard_answer how, const char *key,
    const struct pipe_job *j)
{
	if (how != GUARD_DONE) {
		pi->slow_since = guard_slow_since(how, key);
		pi->error = ETIMEDOUT;
		return false;
	}
	if (!j->ok) {
		pi->error = j->error;
		return false;
	}
	pi->ok = true;
	pi->queued = j->queued;
	pi->capacity = j->capacity;
	pi->peeked = j->peeked;
	return true;
}

bool
probe_pipe(int pidfd, int fd, ino_t ino, bool guarded, bool readable, size_t peek_max,
    struct pipe_info *pi)
{
	struct pipe_job		*j;
	enum guard_answer	 how;
	char			 key[64];
	size_t			 size = sizeof *j + peek_max;
	bool			 ok;
	int			 dup;

	pipe_info_clear(pi);
	buf_init(&pi->contents);
	/* Taking a duplicate asks nothing of the pipe: no lock. */
	if ((dup = sys_pidfd_getfd(pidfd, fd, 0)) == -1) {
		pi->error = errno;
		return false;
	}
	j = xcalloc(1, size);
	j->readable = readable;
	j->peek_max = peek_max;
	snprintf(key, sizeof key, "pipe %llu", (unsigned long long)ino);
	if (guarded)
		how = guard_call(key, pipe_run, j, size, dup);
	else {
		pipe_run(j, dup);
		how = GUARD_DONE;
	}
	close(dup);
	if ((ok = pipe_info_take(pi, how, key, j)))
		buf_add(&pi->contents, j->bytes, j->len);
	free(j);
	return ok;
}

void
probe_pipes(struct pipe_look *v, size_t n)
{
	struct pipe_job		*jobs;
	enum guard_answer	*how;
	const char		**keys;
	char			(*names)[32];
	int			*dups;
	size_t			*at, m = 0, i, k;

	jobs = xcalloc(n + 1, sizeof *jobs);
	how = xcalloc(n + 1, sizeof *how);
	keys = xcalloc(n + 1, sizeof *keys);
	names = xcalloc(n + 1, sizeof *names);
	dups = xcalloc(n + 1, sizeof *dups);
	at = xcalloc(n + 1, sizeof *at);
	for (i = 0; i < n; i++) {
		pipe_info_clear(&v[i].info);
		buf_init(&v[i].info.contents);
		/* Taking a duplicate asks nothing of the pipe: no lock. One
		 * that cannot be had is asked nothing more. */
		if ((dups[m] = sys_pidfd_getfd(v[i].pidfd, v[i].fd, 0)) == -1) {
			v[i].info.error = errno;
			continue;
		}
		snprintf(names[m], sizeof names[m], "pipe %llu", (unsigned long long)v[i].ino);
		keys[m] = names[m];
		jobs[m].readable = v[i].readable;
		at[m++] = i;
	}
	guard_call_many(keys, pipe_run, jobs, sizeof *jobs, dups, m, how);
	for (k = 0; k < m; k++) {
		close(dups[k]);
		(void)pipe_info_take(&v[at[k]].info, how[k], keys[k], &jobs[k]);
	}
	free(jobs);
	free(how);
	free(keys);
	free(names);
	free(dups);
	free(at);
}

void
probe_signals(pid_t pid, pid_t tid, struct sig_sets *ss)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "SigPnd", offsetof(struct sig_sets, pending) },
		{ "ShdPnd", offsetof(struct sig_sets, shared_pending) },
		{ "SigBlk", offsetof(struct sig_sets, blocked) },
		{ "SigIgn", offsetof(struct sig_sets, ignored) },
		{ "SigCgt", offsetof(struct sig_sets, caught) },
	};
	char	 path[64], buf[4096], value[32];
	size_t	 len, i;
	char	*end;

	memset(ss, 0, sizeof *ss);
	snprintf(path, sizeof path, "/proc/%d/task/%d/status", (int)pid, (int)tid);
	if (!read_small(path, buf, sizeof buf, &len))
		return;
	for (i = 0; i < nitems(keys); i++) {
		if (!procparse_field(buf, len, keys[i].key, value, sizeof value))
			return;
		*(uint64_t *)((char *)ss + keys[i].off) = strtoull(value, &end, 16);
	}
	ss->sigq_used = ss->sigq_limit = ss->uid = -1;
	if (procparse_field(buf, len, "SigQ", value, sizeof value)) {
		ss->sigq_used = strtol(value, &end, 10);
		if (*end == '/')
			ss->sigq_limit = strtol(end + 1, NULL, 10);
	}
	if (procparse_field(buf, len, "Uid", value, sizeof value))
		ss->uid = strtol(value, NULL, 10);
	ss->ok = true;
}

bool
probe_fd_ready(int pidfd, int fd, short events, short *revents)
{
	struct pollfd	 p;
	int		 dup, n, saved;

	*revents = 0;
	if ((dup = sys_pidfd_getfd(pidfd, fd, 0)) == -1)
		return false;
	p.fd = dup;
	p.events = events;
	p.revents = 0;
	do
		n = poll(&p, 1, 0);
	while (n == -1 && errno == EINTR);
	saved = errno;
	close(dup);
	if (n == -1) {
		errno = saved;
		return false;
	}
	*revents = p.revents;
	return true;
}
