/* klimits.h: the kernel's counters and the limits they run into, for
 * any process the user may read and for the whole machine: every System V
 * object of the machine (as the kernel lists them: ksysv.h), with who
 * made and last used it, and the machine's limits on how many there may
 * be; a process's queued signals against its RLIMIT_SIGPENDING, its open
 * descriptors against its RLIMIT_NOFILE; whether a pid is a live
 * process; the pages a user's pipes may take before the kernel gives
 * them less. Nothing is opened anew and nothing changed: each is a read
 * of /proc or a query. (klimits, so as not to be taken for the C
 * library's limits.h.) */
#ifndef KLIMITS_H
#define KLIMITS_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ksysv.h"

enum limits_ipc {
	LIMITS_QUEUE,		/* message queues */
	LIMITS_SET,		/* semaphore sets */
	LIMITS_SEGMENT,		/* shared memory segments */
	LIMITS_NIPC,
};

/* "System V message queue"...: the kind as a reader would name it. */
const char	*limits_ipc_word(enum limits_ipc);
/* "kernel.msgmni"...: the sysctl that limits how many there may be. */
const char	*limits_ipc_sysctl(enum limits_ipc);

#define LIMITS_USERS	4

/* One System V object. */
struct limits_ipc_entry {
	enum limits_ipc	 kind;
	int		 id;
	key_t		 key;
	uid_t		 uid;		/* its owner */
	/* Who made it (a segment's cpid; the kernel keeps none for a
	 * queue or a set: 0) and the last processes that used it (a
	 * queue's last sender and receiver, a segment's last shmat or
	 * shmdt, each of a set's semaphores' last semop, up to
	 * LIMITS_USERS different ones); 0 where none. */
	pid_t		 creator;
	pid_t		 users[LIMITS_USERS];
	size_t		 nusers;
	uint64_t	 attached;	/* a segment's attachments */
	uint64_t	 size;		/* a segment's bytes; a set's semaphores */
	uint64_t	 messages;	/* a queue's */
	uint64_t	 bytes;		/* ...and their bytes */
	uint64_t	 qbytes;	/* the most it holds */
	/* A queue's or set's last change (IPC_SET...: ctime) and a set's
	 * last semop (otime): a set's last users are taken from the
	 * caller's last table while they stay. */
	long long	 changed;
	long long	 used;
};

/* The machine's System V objects (those of the caller's IPC namespace),
 * and for each kind how many there are and may be. */
struct limits_ipc_table {
	struct limits_ipc_entry	*v;
	size_t			 n;
	size_t			 cap;
	size_t			 in_use[LIMITS_NIPC];
	long			 max[LIMITS_NIPC];	/* -1 if unknown */
	bool			 ok;
	int			 error;
};
/* Read them: the machine's listing of each kind (ksysv.h: the kernel's
 * whole record of each object, which no permission is needed for), the
 * limits from /proc/sys, and (GETPID) the last users of a set's
 * semaphores, which the listing does not say. listed, if not NULL, is
 * the caller's listing of each kind (indexed by enum ksysv_kind), kept
 * for its generation gen: a kind to be read is read into it
 * (ksysv_refresh) unless it is of gen already. NULL: they are read
 * here. prev, if not NULL, is the caller's last table (sorted here): a
 * set of the same id that has not changed since (its ctime and otime)
 * keeps the last users it had instead of asking again, and the kinds
 * not in kinds (a bit 1 << kind each; LIMITS_ALL) are taken from it
 * whole, not read. False with errno if a kind cannot be listed. */
#define LIMITS_ALL	((1u << LIMITS_NIPC) - 1)
bool	 limits_ipc_read(struct limits_ipc_table *, struct limits_ipc_table *prev,
	    unsigned int kinds, struct ksysv_table *listed, uint64_t gen);
/* The kinds (a bit 1 << kind each) whose listing in listed (indexed by
 * enum ksysv_kind, as limits_ipc_read takes it) is of generation gen:
 * what limits_ipc_read would read of them now costs no call. */
unsigned int limits_ipc_listed(const struct ksysv_table *listed, uint64_t gen);
void	 limits_ipc_clear(struct limits_ipc_table *);

/* How many of each kind there are, and the messages, their bytes and
 * the semaphores of them all: three calls (MSG_INFO, SEM_INFO,
 * SHM_INFO), no file read. What differs from a previous count says the
 * objects changed; the same count says little (a last user may have
 * changed). */
struct limits_ipc_counts {
	bool		 ok;
	uint64_t	 n[LIMITS_NIPC];
	uint64_t	 messages, bytes, semaphores, pages;
};
bool	 limits_ipc_counts(struct limits_ipc_counts *);

/* Whether pid is a process that lives: not gone, not a zombie. */
bool	 limits_pid_alive(pid_t);

/* A process's counters. A field it could not read is 0 with its
 * _known false. */
struct limits_proc {
	/* Its real user, from its status. */
	bool		 uid_known;
	uid_t		 uid;
	/* Signals queued for its real user (the kernel counts them per
	 * user) and its RLIMIT_SIGPENDING, from its status. */
	bool		 sigq_known;
	uint64_t	 sigq;
	uint64_t	 sigq_max;
	/* Its open descriptors (the size of /proc/PID/fd) and its
	 * RLIMIT_NOFILE (soft; UINT64_MAX if unlimited). */
	bool		 fds_known;
	uint64_t	 fds;
	bool		 nofile_known;
	uint64_t	 nofile;
};
bool	 limits_proc_read(pid_t, struct limits_proc *);
/* Its open descriptors alone (one stat of /proc/PID/fd). */
bool	 limits_fds(pid_t, uint64_t *);

/* The pages every user's pipes and FIFOs may take before new ones get
 * one page (fs.pipe-user-pages-soft; 0 is no limit), or -1. Each takes
 * LIMITS_BUFFER_PAGES unless it was made larger or smaller. */
long	 limits_buffer_pages_soft(void);
#define LIMITS_BUFFER_PAGES	16
/* "fs.pipe-user-pages-soft". */
const char	*limits_buffer_pages_sysctl(void);

#endif
