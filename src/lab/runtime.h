/* runtime.h: the lab's private runtime directory and its manifest. Each
 * run gets BASE/ID (mode 0700), ID being "PID-START" (the controller's
 * pid and start time, so a later run that gets the same pid is still
 * another run), holding its files (FIFOs, socket files), a lock file the
 * run and its guardian hold with flock(2) while they live, and the
 * manifest of what outlives processes. BASE is $XDG_RUNTIME_DIR/ipcscope
 * or /tmp/ipcscope-UID. At start, every run directory whose lock is free
 * (the run and its guardian are gone) is swept. */
#ifndef RUNTIME_H
#define RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

/* The longest manifest record. */
#define RUNTIME_RECORD_MAX	4096
/* Where a spawned actor keeps the manifest open. */
#define RUNTIME_MANIFEST_FD	1002

/* What sweeps found: records read, and how many named something that
 * was still there and was removed. */
struct runtime_sweep {
	unsigned	 records;
	unsigned	 removed;
};

struct runtime {
	char			*base;		/* BASE */
	char			*id;		/* "PID-START": the run's identity */
	char			*dir;		/* BASE/ID */
	char			*manifest;	/* BASE/ID/objects: what outlives processes */
	char			*tag;		/* "ipcscope.ID": names of POSIX objects carry it */
	int			 lock_fd;
	int			 manifest_fd;	/* open for appending */
	int			 swept;		/* earlier runs' directories removed at start */
	struct runtime_sweep	 sweep_count;	/* and what their manifests named */
};

/* What a dead run left behind: each line of its manifest, "KIND ARGS".
 * True if it named something still there, now removed. */
typedef bool	(*runtime_sweeper)(void *arg, const char *kind, const char *args);

/* Create the run's directory after sweeping stale ones, each record of
 * theirs given to sweeper first; on failure a one-line cause. */
struct runtime	*runtime_open(runtime_sweeper, void *arg, char **cause);
/* Give each record of this run's own manifest to the sweeper: at the end
 * of the run, for what was made by a call the lab never heard back from. */
void		 runtime_sweep_own(const struct runtime *, runtime_sweeper, void *arg,
		    struct runtime_sweep *);
/* A fresh start for a run that goes on (reset): the sweep of its own
 * manifest, which is emptied, and everything in its directory removed
 * but the lock and the manifest. */
void		 runtime_reset(const struct runtime *, runtime_sweeper, void *arg);
/* Remove the run's directory and everything in it, and BASE if empty. */
void		 runtime_close(struct runtime **);
/* BASE/ID/name, malloc'd. */
char		*runtime_path(const struct runtime *, const char *name);

/* Record in the manifest something just created that outlives the
 * processes using it (a System V queue, a POSIX queue's name), so that
 * it is removed even if the lab is killed: "KIND ARGS". Called in the
 * actor that made it, the moment the call returns: one write(2) to the
 * manifest's descriptor, which the actor holds whatever it did since
 * (setuid, a lower RLIMIT_NOFILE). */
void		 runtime_record(const char *kind, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* The manifest's descriptor in this process, and where an actor moved
 * it. */
int		 runtime_manifest_fd(void);
void		 runtime_manifest_moved(int fd);

/* A manifest read in pieces of any size, each whole line given to the
 * sweeper (pure: the sweep and the fuzz target use it). */
struct manifest_reader {
	runtime_sweeper	 sweeper;
	void		*arg;
	char		 line[RUNTIME_RECORD_MAX];
	size_t		 len;
	bool		 overlong;
	unsigned	 records;
	unsigned	 removed;
};
void	manifest_reader_init(struct manifest_reader *, runtime_sweeper, void *arg);
void	manifest_reader_feed(struct manifest_reader *, const char *data, size_t len);
void	manifest_reader_end(struct manifest_reader *);

#endif
