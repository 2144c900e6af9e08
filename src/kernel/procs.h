/* procs.h: the processes of the machine, from /proc, for any user: every
 * process (or those of one uid, or whose name matches a pattern) with
 * what its stat says, read once; a process's threads; and whether a
 * process ran since a previous look (each thread's schedstat), so that
 * a caller can leave alone what a process that has not run cannot have
 * changed (its descriptors, its mappings). */
#ifndef PROCS_H
#define PROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "procparse.h"

/* One process, from its /proc/PID/stat and the owner of /proc/PID. */
struct proc_entry {
	pid_t			 pid;
	pid_t			 ppid;
	/* The owner of /proc/PID: the process's effective uid, or root (of
	 * its user namespace) for a process that is not dumpable (a setuid
	 * program, or one that said so with prctl). */
	uid_t			 uid;
	char			 comm[16];
	char			 state;		/* R S D T t Z X I */
	bool			 kernel_thread;
	/* Its start time (field 22 of stat, clock ticks after boot): a pid
	 * with the same start time is the same process. */
	unsigned long long	 start;
	int			 threads;
	/* The inode procs_list saw /proc/PID's directory with (0: not
	 * listed, or not known): the kernel gives the directory of a new
	 * process of the same pid another, since the old one's is dropped
	 * when it is reaped; it may also give a still process a new one
	 * when its entry was evicted, never the old to a new process. */
	ino_t			 dir_ino;
};

/* Which processes to list; a field left 0 or NULL takes any. */
struct proc_filter {
	bool		 by_uid;
	uid_t		 uid;		/* with by_uid: only processes /proc shows as this uid's */
	const char	*comm;		/* a shell pattern (fnmatch) the name must match */
	/* Processes the caller knows already, not read at all (NULL: none),
	 * told by pid and by the inode /proc lists the process's directory
	 * with (proc_entry's dir_ino). */
	bool		(*skip)(pid_t, ino_t dir_ino, void *arg);
	void		*skip_arg;
};

/* Processes by pid, in the order /proc lists them (ascending). */
struct proc_list {
	struct proc_entry	*v;
	size_t			 n;
	size_t			 cap;
	bool			 ok;
	int			 error;		/* errno when !ok */
};

/* List the processes that pass the filter (NULL: every one): per process
 * one stat of /proc/PID and one read of its stat file, the stat file
 * only if the uid passes. A process that ends while it is listed is left
 * out. False with errno if /proc cannot be read. */
bool	 procs_list(const struct proc_filter *, struct proc_list *);
void	 proc_list_clear(struct proc_list *);
/* One process: false with errno (ENOENT: no such process). A thread id
 * that is not a process's own reads that thread's stat. */
bool	 procs_read(pid_t, struct proc_entry *);

/* A process's thread ids, ascending (the first is the pid's own thread
 * unless it has ended). */
struct tid_list {
	pid_t		*v;
	size_t		 n;
	size_t		 cap;
	bool		 ok;
	int		 error;
	/* Each thread's schedstat kept open for procs_run_stamp_known
	 * (NULL, or -1 where not), while descriptors are plenty: a read
	 * rather than an open, a read and a close. */
	int		*stat_fds;
};
bool	 procs_threads(pid_t, struct tid_list *);
void	 tid_list_clear(struct tid_list *);

/* One thread's schedstat: time run, time waited to run, times run. */
bool	 procs_schedstat(pid_t, pid_t tid, struct proc_schedstat *);

/* What a process's threads have run, summed, at one look: plain data
 * for the caller to keep. */
struct run_stamp {
	bool		 ok;		/* false: the process could not be read */
	uint64_t	 run_ns;	/* time its threads have spent on a CPU */
	uint64_t	 timeslices;	/* times they were given one */
	uint32_t	 threads;
	uint64_t	 tid_sum;	/* its thread ids, mixed: which threads */
};
/* Take a stamp: a schedstat read per thread. False with errno if the
 * process is gone (or cannot be read). */
bool	 procs_run_stamp(pid_t, struct run_stamp *);
/* The same, keeping the threads it listed in tids (cleared first; the
 * caller frees it with tid_list_clear), for whom wants them too. */
bool	 procs_run_stamp_tids(pid_t, struct run_stamp *, struct tid_list *tids);
/* A stamp from the threads a listing found before (tids), without
 * listing them again: a thread that came since was made by one of them,
 * which ran, and one that went ran to its end, so the stamp differs
 * either way. False (errno) if one of them cannot be read. */
bool	 procs_run_stamp_known(pid_t, struct run_stamp *, struct tid_list *tids);
/* Whether the process ran between two stamps of it: a thread was given
 * a CPU, or a thread came or went (which takes one that ran). A stamp
 * that is not ok counts as a change. A thread's run time grows while it
 * runs only at the scheduler's tick and when it stops: of two stamps
 * taken closer than a tick (1 to 10 ms) apart, a thread that ran through
 * both may show no change. */
bool	 run_stamp_ran(const struct run_stamp *before, const struct run_stamp *after);

/* Whether the process is in this process's network namespace (1), in
 * another (0), or it cannot be told (-1, errno: EACCES without ptrace
 * access, ESRCH gone): its sockets are in the sock_diag dump only if 1. */
int	 procs_same_netns(pid_t);

#endif
