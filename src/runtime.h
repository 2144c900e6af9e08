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
	char	*manifest;	/* BASE/PID/objects: what outlives processes */
	char	*tag;		/* "ipcscope.PID": names of POSIX objects carry it */
	int	 lock_fd;
	int	 swept;		/* earlier runs' directories removed at start */
};

/* What a dead run left behind: each line of its manifest, "KIND ARGS". */
typedef void	(*runtime_sweeper)(const char *kind, const char *args);

/* Create the run's directory after sweeping stale ones, each record of
 * theirs given to sweeper first; on failure a one-line cause. */
struct runtime	*runtime_open(runtime_sweeper, char **cause);
/* Remove the run's directory and everything in it, and BASE if empty. */
void		 runtime_close(struct runtime **);
/* BASE/PID/name, malloc'd. */
char		*runtime_path(const struct runtime *, const char *name);

/* Record in the manifest something just created that outlives the
 * processes using it (a System V queue, a POSIX queue's name), so that
 * it is removed even if the lab is killed: "KIND ARGS". Called in the
 * actor that made it, the moment the call returns; it only opens,
 * writes and closes the manifest. */
void		 runtime_record(const char *kind, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
