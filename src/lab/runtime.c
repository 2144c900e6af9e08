/* runtime.c: the lab's private runtime directory and the sweep of
 * directories that crashed runs left behind. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procparse.h"
#include "runtime.h"
#include "util.h"

/* Remove a directory and what is in it, never following symlinks. */
static void
remove_tree(int parent, const char *name)
{
	struct dirent	*de;
	DIR		*d;
	int		 fd;

	if (unlinkat(parent, name, 0) == 0 || errno == ENOENT)
		return;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return;
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		remove_tree(fd, de->d_name);
	}
	closedir(d);
	unlinkat(parent, name, AT_REMOVEDIR);
}

static bool
private_dir(const char *path, char **cause)
{
	struct stat	 st;

	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		*cause = xasprintf("cannot create %s: %s", path, strerror(errno));
		return false;
	}
	if (lstat(path, &st) == -1) {
		*cause = xasprintf("cannot use %s: %s", path, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		*cause = xasprintf("refusing to use %s: it must be a directory of yours with mode 0700",
		    path);
		return false;
	}
	return true;
}

/* The manifest of this run, open for appending. Actors, being forks,
 * inherit it (a spawned actor moves it to RUNTIME_MANIFEST_FD), so an
 * actor records what it made even after setuid or under a lowered
 * RLIMIT_NOFILE: neither stops a write to a descriptor it holds. */
static int	manifest_fd = -1;

void
runtime_record(const char *kind, const char *fmt, ...)
{
	char	 line[RUNTIME_RECORD_MAX];
	va_list	 ap;
	int	 n, m;

	if (manifest_fd == -1)
		return;
	n = snprintf(line, sizeof line, "%s ", kind);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)(n + m) >= sizeof line - 1)
		return;
	n += m;
	line[n++] = '\n';
	/* One write with O_APPEND: records of several actors never mix. */
	if (write(manifest_fd, line, (size_t)n) != n) {
		/* Nothing better to do: the disk is full or the file gone. */
	}
}

int
runtime_manifest_fd(void)
{
	return manifest_fd;
}

void
runtime_manifest_moved(int fd)
{
	manifest_fd = fd;
}

void
manifest_reader_init(struct manifest_reader *r, runtime_sweeper sweeper, void *arg)
{
	memset(r, 0, sizeof *r);
	r->sweeper = sweeper;
	r->arg = arg;
}

static void
manifest_line(struct manifest_reader *r, char *line)
{
	char	*space;

	space = strchr(line, ' ');
	if (space == NULL || space == line)
		return;
	*space = '\0';
	r->records++;
	if (r->sweeper(r->arg, line, space + 1))
		r->removed++;
}

void
manifest_reader_feed(struct manifest_reader *r, const char *data, size_t len)
{
	const char	*nl;
	size_t		 take;

	while (len > 0) {
		nl = memchr(data, '\n', len);
		take = nl != NULL ? (size_t)(nl - data) : len;
		if (!r->overlong && r->len + take < sizeof r->line) {
			memcpy(r->line + r->len, data, take);
			r->len += take;
		} else
			r->overlong = true;	/* no record is this long: skip it */
		data += take;
		len -= take;
		if (nl == NULL)
			break;
		data++;
		len--;
		if (!r->overlong) {
			r->line[r->len] = '\0';
			/* A record has no NUL in it: one that does is not ours. */
			if (strlen(r->line) == r->len)
				manifest_line(r, r->line);
		}
		r->len = 0;
		r->overlong = false;
	}
}

void
manifest_reader_end(struct manifest_reader *r)
{
	/* A last line without its newline was cut short by a crash in the
	 * middle of a write: what it names may still be whole. */
	if (r->len > 0 && !r->overlong) {
		r->line[r->len] = '\0';
		if (strlen(r->line) == r->len)
			manifest_line(r, r->line);
	}
	r->len = 0;
	r->overlong = false;
}

/* Give each record of the manifest in directory dirfd to the sweeper,
 * however long it is. */
static void
sweep_manifest(int dirfd, runtime_sweeper sweeper, void *arg, struct runtime_sweep *count)
{
	struct manifest_reader	 r;
	char			 buf[16384];
	ssize_t			 n;
	int			 fd;

	fd = openat(dirfd, "objects", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return;
	manifest_reader_init(&r, sweeper, arg);
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		manifest_reader_feed(&r, buf, (size_t)n);
	}
	manifest_reader_end(&r);
	close(fd);
	if (count != NULL) {
		count->records += r.records;
		count->removed += r.removed;
	}
}

/* Past the digits at p, or NULL if there is none. */
static const char *
skip_digits(const char *p)
{
	const char	*start = p;

	while (*p >= '0' && *p <= '9')
		p++;
	return p == start ? NULL : p;
}

/* A run directory's name: "PID-START" or "PID-START.N" (START is the
 * process's start time in clock ticks since boot), or "PID" as runs of
 * earlier versions named it. */
static bool
run_dir_name(const char *name)
{
	const char	*p;

	if ((p = skip_digits(name)) == NULL)
		return false;
	if (*p == '\0')
		return true;
	if (*p != '-' || (p = skip_digits(p + 1)) == NULL)
		return false;
	if (*p == '.' && (p = skip_digits(p + 1)) == NULL)
		return false;
	return *p == '\0';
}

/* Whether run directory name in base was made less than a minute ago. */
static bool
run_dir_young(int base, const char *name)
{
	struct stat	 st;
	struct timespec	 now;

	if (fstatat(base, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return false;
	clock_gettime(CLOCK_REALTIME, &now);
	return now.tv_sec - st.st_mtim.tv_sec < 60;
}

/* Sweep every run directory whose lock no live run holds. There is no
 * exception for a name like ours: a dead run may have had our pid. */
static int
sweep(const char *base, runtime_sweeper sweeper, void *arg, struct runtime_sweep *count)
{
	struct dirent	*de;
	DIR		*d;
	char		 path[4096];
	int		 bfd, lfd, dfd, swept = 0;

	bfd = open(base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (bfd == -1)
		return 0;
	d = fdopendir(bfd);
	if (d == NULL) {
		close(bfd);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (!run_dir_name(de->d_name))
			continue;
		snprintf(path, sizeof path, "%s/lock", de->d_name);
		lfd = openat(bfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (lfd != -1 && flock(lfd, LOCK_EX | LOCK_NB) == -1) {
			close(lfd);	/* a live run (or its guardian) holds it */
			continue;
		}
		/* No lock yet: a run starting now, between its mkdir and
		 * the rename of its held lock into place (runtime_open). It
		 * is a dead one's only once it is no longer young. */
		if (lfd == -1 && run_dir_young(bfd, de->d_name))
			continue;
		dfd = openat(bfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd != -1) {
			if (sweeper != NULL)
				sweep_manifest(dfd, sweeper, arg, count);
			close(dfd);
		}
		remove_tree(bfd, de->d_name);
		if (lfd != -1)
			close(lfd);
		swept++;
	}
	closedir(d);
	return swept;
}

/* The start time of this process in clock ticks since boot: with the
 * pid, an identity no later process shares. */
static unsigned long long
self_start_time(void)
{
	struct proc_stat	 st;
	struct buf		 b;
	unsigned long long	 start = 0;

	buf_init(&b);
	if (read_file("/proc/self/stat", &b) && procparse_stat(b.data, b.len, &st))
		start = st.starttime;
	buf_free(&b);
	return start;
}

struct runtime *
runtime_open(runtime_sweeper sweeper, void *arg, char **cause)
{
	struct runtime		*rt;
	const char		*xdg;
	unsigned long long	 start;
	char			*lock, *final;
	int			 n, remade = 0;

	rt = xcalloc(1, sizeof *rt);
	rt->lock_fd = -1;
	rt->manifest_fd = -1;
	xdg = getenv("XDG_RUNTIME_DIR");
	if (xdg != NULL && xdg[0] == '/')
		rt->base = xasprintf("%s/ipcscope", xdg);
	else
		rt->base = xasprintf("/tmp/ipcscope-%u", (unsigned)geteuid());
	if (!private_dir(rt->base, cause))
		goto fail;
	rt->swept = sweep(rt->base, sweeper, arg, &rt->sweep_count);
	/* The run's identity is its pid and start time; should a directory
	 * of that name still be held (a guardian of a dead run with our pid,
	 * sweeping), take the next free one. */
	start = self_start_time();
	for (n = 0;; n++) {
		free(rt->id);
		rt->id = n == 0 ? xasprintf("%d-%llu", (int)getpid(), start) :
		    xasprintf("%d-%llu.%d", (int)getpid(), start, n);
		free(rt->dir);
		rt->dir = xasprintf("%s/%s", rt->base, rt->id);
		if (mkdir(rt->dir, 0700) == 0)
			break;
		/* A run that ended since removed the base directory (its
		 * rmdir, when it was the last run in it): make it again. */
		if (errno == ENOENT && remade++ < 10) {
			if (!private_dir(rt->base, cause)) {
				free(rt->dir);
				rt->dir = NULL;
				goto fail;
			}
			n--;
			continue;
		}
		if (errno != EEXIST || n == 99) {
			*cause = xasprintf("cannot create %s: %s", rt->dir, strerror(errno));
			free(rt->dir);
			rt->dir = NULL;
			goto fail;
		}
	}
	rt->tag = xasprintf("ipcscope.%s", rt->id);
	/* The lock is made and taken under another name, then renamed into
	 * place: another run's sweep never finds it there and not held. */
	lock = runtime_path(rt, "lock.new");
	final = runtime_path(rt, "lock");
	rt->lock_fd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (rt->lock_fd == -1 || flock(rt->lock_fd, LOCK_EX | LOCK_NB) == -1 ||
	    rename(lock, final) == -1) {
		*cause = xasprintf("cannot lock %s/lock: %s", rt->dir, strerror(errno));
		free(lock);
		free(final);
		goto fail;
	}
	free(lock);
	free(final);
	rt->manifest = runtime_path(rt, "objects");
	rt->manifest_fd = open(rt->manifest, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (rt->manifest_fd == -1) {
		*cause = xasprintf("cannot create %s: %s", rt->manifest, strerror(errno));
		goto fail;
	}
	manifest_fd = rt->manifest_fd;
	return rt;
fail:
	runtime_close(&rt);
	return NULL;
}

void
runtime_sweep_own(const struct runtime *rt, runtime_sweeper sweeper, void *arg,
    struct runtime_sweep *count)
{
	int	 dfd;

	dfd = open(rt->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd == -1)
		return;
	sweep_manifest(dfd, sweeper, arg, count);
	close(dfd);
}

void
runtime_reset(const struct runtime *rt, runtime_sweeper sweeper, void *arg)
{
	struct dirent	*de;
	DIR		*d;
	int		 dfd;

	dfd = open(rt->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd == -1)
		return;
	sweep_manifest(dfd, sweeper, arg, NULL);
	if (rt->manifest_fd != -1)
		(void)!ftruncate(rt->manifest_fd, 0);
	d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, "lock") != 0 && strcmp(de->d_name, "objects") != 0)
			remove_tree(dirfd(d), de->d_name);
	}
	closedir(d);
}

void
runtime_close(struct runtime **rtp)
{
	struct runtime	*rt = *rtp;

	if (rt == NULL)
		return;
	if (rt->dir != NULL)
		remove_tree(AT_FDCWD, rt->dir);
	if (rt->manifest_fd != -1) {
		if (manifest_fd == rt->manifest_fd)
			manifest_fd = -1;
		close(rt->manifest_fd);
	}
	if (rt->lock_fd != -1)
		close(rt->lock_fd);
	if (rt->base != NULL)
		rmdir(rt->base);	/* only if no other run uses it */
	free(rt->base);
	free(rt->id);
	free(rt->dir);
	free(rt->manifest);
	free(rt->tag);
	freep(rtp);
}

char *
runtime_path(const struct runtime *rt, const char *name)
{
	return xasprintf("%s/%s", rt->dir, name);
}
