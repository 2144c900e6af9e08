/* runtime.h: the lab's private runtime directory. Each run gets
 * BASE/PID (mode 0700) holding its files (FIFOs) and a lock file that the
 * run holds with flock(2) while it lives. BASE is $XDG_RUNTIME_DIR/ipcscope
 * or /tmp/ipcscope-UID. At start, directories of runs whose lock is free
 * (the run crashed or was killed) are swept. */
#ifndef RUNTIME_H
#define RUNTIME_H

#include <stdbool.h>

struct runtime {
	char	*base;		/* BASE */
	char	*dir;		/* BASE/PID */
	char	*tag;		/* "ipcscope.PID": names of POSIX objects carry it */
	int	 lock_fd;
	int	 swept;		/* earlier runs' directories removed at start */
};

/* Create the run's directory after sweeping stale ones; on failure a
 * one-line cause. */
struct runtime	*runtime_open(char **cause);
/* Remove the run's directory and everything in it, and BASE if empty. */
void		 runtime_close(struct runtime **);
/* BASE/PID/name, malloc'd. */
char		*runtime_path(const struct runtime *, const char *name);

#endif
