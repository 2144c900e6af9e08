/* locks.h: file locks as the kernel shows them, and who waits for whom.
 * Held locks and waiters come from /proc/locks; the owner of an
 * open-file-description lock (which /proc/locks shows as pid -1) and of
 * a flock from the fdinfo of the descriptors that hold the file; what a
 * blocked actor asked for from its own system call (/proc/PID/syscall
 * and the struct flock in its memory). From these the wait-for graph
 * between processes, and any cycle in it: a deadlock. Read at most once
 * per generation. */
#ifndef LOCKS_H
#define LOCKS_H

#include <stdbool.h>
#include <stdint.h>

#include "procparse.h"	/* enum lock_kind */

struct actor;
struct desc;
struct lab;
struct lab_module;
struct object;

struct file_lock {
	struct object		*file;
	enum lock_kind		 kind;
	bool			 write;
	long long		 start, end;	/* end -1: to the end of the file */
	pid_t			 pid;		/* POSIX: the owner; else as /proc/locks says */
	struct actor		*owner;		/* the actor process holding it, or NULL */
	int			 owner_fd;	/* OFD and flock: its descriptor there, or -1 */
};

struct lock_wait {
	struct object		*file;
	struct actor		*thread;	/* the blocked actor (a process or a thread) */
	enum lock_kind		 kind;
	bool			 write;
	long long		 start, end;
	int			 fd;
	struct actor		*blocker;	/* a process holding a conflicting lock */
	bool			 in_cycle;	/* part of a deadlock */
};

/* Read the state anew if the generation moved on. */
void		 locks_refresh(struct lab *);

/* Describe the locks on a file object: locks, waiters, ruler, deadlock. */
void		 locks_describe(struct object *, struct desc *, long long size);
/* Only who holds a lock on the file and who waits for one, as lists
 * locks and waiters (the topology's). */
void		 locks_describe_who(struct object *, struct desc *);
/* How many locks a file has, and waiters (for a summary). */
void		 locks_count(struct object *, int *held, int *waiting);
/* Whether /proc/locks has a lock on the file id (device and inode), of
 * anyone's: a search, in what was read of it this tick, or up to age_ns
 * ago. */
bool		 locks_file_locked(struct lab *, const struct fd_id *id, int64_t age_ns);

const char	*lock_kind_name(enum lock_kind);

struct fd_entry;
struct file_want;
struct thread_wait;
/* For a thread blocked taking a lock (a thread_wait of WAIT_FD_LOCK) on
 * the file fe: the processes whose locks stand in its way, as file_want
 * with pid set (mechanism.h's woken_by). */
size_t		 locks_woken_by(struct lab *, const struct fd_entry *fe,
		    const struct thread_wait *tw, struct file_want *out, size_t max);
/* The lab's module for file locks (module.h): its state is the locks
 * and waits read last; a deadlock that forms is recorded each tick. */
extern const struct lab_module locks_module;

#endif
