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
#include <unistd.h>

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

/* The manifest of this run; actors, being forks, know it too. */
static char	*manifest_path;

void
runtime_record(const char *kind, const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;
	int	 fd, n, m;

	if (manifest_path == NULL)
		return;
	n = snprintf(line, sizeof line, "%s ", kind);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)(n + m) >= sizeof line - 1)
		return;
	n += m;
	line[n++] = '\n';
	fd = open(manifest_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		return;
	if (write(fd, line, (size_t)n) != n) {
		/* Nothing better to do: the lab removes it on a clean end anyway. */
	}
	close(fd);
}

/* Give each record of a dead run's manifest to the sweeper. */
static void
sweep_manifest(int dirfd, runtime_sweeper sweeper)
{
	char	 buf[65536], *line, *next, *space;
	ssize_t	 n;
	int	 fd;

	fd = openat(dirfd, "objects", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		space = strchr(line, ' ');
		if (space == NULL)
			continue;
		*space = '\0';
		sweeper(line, space + 1);
	}
}

static int
sweep(const char *base, pid_t self, runtime_sweeper sweeper)
{
	struct dirent	*de;
	DIR		*d;
	char		*end, path[4096];
	long		 pid;
	int		 bfd, lfd, swept = 0;

	bfd = open(base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (bfd == -1)
		return 0;
	d = fdopendir(bfd);
	if (d == NULL) {
		close(bfd);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		pid = strtol(de->d_name, &end, 10);
		if (*end != '\0' || pid <= 0 || pid == self)
			continue;
		snprintf(path, sizeof path, "%s/lock", de->d_name);
		lfd = openat(bfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (lfd != -1 && flock(lfd, LOCK_EX | LOCK_NB) == -1) {
			close(lfd);	/* a live run holds it */
			continue;
		}
		if (sweeper != NULL) {
			int dfd = openat(bfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (dfd != -1) {
				sweep_manifest(dfd, sweeper);
				close(dfd);
			}
		}
		remove_tree(bfd, de->d_name);
		if (lfd != -1)
			close(lfd);
		swept++;
	}
	closedir(d);
	return swept;
}

struct runtime *
runtime_open(runtime_sweeper sweeper, char **cause)
{
	struct runtime	*rt;
	const char	*xdg;
	char		*lock;

	rt = xcalloc(1, sizeof *rt);
	rt->lock_fd = -1;
	xdg = getenv("XDG_RUNTIME_DIR");
	if (xdg != NULL && xdg[0] == '/')
		rt->base = xasprintf("%s/ipcscope", xdg);
	else
		rt->base = xasprintf("/tmp/ipcscope-%u", (unsigned)geteuid());
	if (!private_dir(rt->base, cause))
		goto fail;
	rt->swept = sweep(rt->base, getpid(), sweeper);
	rt->dir = xasprintf("%s/%d", rt->base, (int)getpid());
	rt->tag = xasprintf("ipcscope.%d", (int)getpid());
	remove_tree(AT_FDCWD, rt->dir);	/* a stale run with our pid */
	if (mkdir(rt->dir, 0700) == -1) {
		*cause = xasprintf("cannot create %s: %s", rt->dir, strerror(errno));
		goto fail;
	}
	rt->manifest = runtime_path(rt, "objects");
	manifest_path = rt->manifest;
	lock = runtime_path(rt, "lock");
	rt->lock_fd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	free(lock);
	if (rt->lock_fd == -1 || flock(rt->lock_fd, LOCK_EX | LOCK_NB) == -1) {
		*cause = xasprintf("cannot lock %s/lock: %s", rt->dir, strerror(errno));
		goto fail;
	}
	return rt;
fail:
	runtime_close(&rt);
	return NULL;
}

void
runtime_close(struct runtime **rtp)
{
	struct runtime	*rt = *rtp;

	if (rt == NULL)
		return;
	if (rt->dir != NULL)
		remove_tree(AT_FDCWD, rt->dir);
	if (rt->lock_fd != -1)
		close(rt->lock_fd);
	if (rt->base != NULL)
		rmdir(rt->base);	/* only if no other run uses it */
	if (manifest_path == rt->manifest)
		manifest_path = NULL;
	free(rt->base);
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
