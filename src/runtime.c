/* runtime.c: the lab's private runtime directory and the sweep of
 * directories that crashed runs left behind. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

static int
sweep(const char *base, pid_t self)
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
		remove_tree(bfd, de->d_name);
		if (lfd != -1)
			close(lfd);
		swept++;
	}
	closedir(d);
	return swept;
}

struct runtime *
runtime_open(char **cause)
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
	rt->swept = sweep(rt->base, getpid());
	rt->dir = xasprintf("%s/%d", rt->base, (int)getpid());
	rt->tag = xasprintf("ipcscope.%d", (int)getpid());
	remove_tree(AT_FDCWD, rt->dir);	/* a stale run with our pid */
	if (mkdir(rt->dir, 0700) == -1) {
		*cause = xasprintf("cannot create %s: %s", rt->dir, strerror(errno));
		goto fail;
	}
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
	free(rt->base);
	free(rt->dir);
	free(rt->tag);
	freep(rtp);
}

char *
runtime_path(const struct runtime *rt, const char *name)
{
	return xasprintf("%s/%s", rt->dir, name);
}
