/* ksysv.h: System V IPC objects by id, as the kernel shows them to
 * whoever may read them: a message queue's numbers (IPC_STAT) and its
 * messages, copied without taking them (msgrcv with MSG_COPY); a
 * semaphore set's numbers, values, waiter counts and last pids
 * (semctl); a shared memory segment's numbers (shmctl); and what a task
 * asleep in semop asks for, from its call and its memory. And every
 * object of a kind on the machine, read at once into a table the caller
 * keeps (ksysv_refresh). (ksysv, so as not to be taken for the
 * mechanisms' sysv.h.) */
#ifndef KSYSV_H
#define KSYSV_H

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "probe.h"

/* Each reader returns false with errno when the kernel refuses: EINVAL
 * or EIDRM for an id that is gone (or never was). The numbers of an
 * object the caller may not read (IPC_STAT's EACCES) are what the
 * kernel lists of it to anyone (the *_STAT_ANY commands, as ipcs and
 * ksysv_refresh read them); its values, messages and waiters stay
 * refused. */

struct ksysv_msgq {
	key_t		 key;
	mode_t		 mode;		/* permissions: mode & 0777 */
	uid_t		 uid;		/* its owner */
	uint64_t	 messages;	/* queued (msg_qnum) */
	uint64_t	 bytes;		/* of text queued (msg_cbytes) */
	uint64_t	 qbytes;	/* the most it holds (msg_qbytes) */
	pid_t		 last_sender;	/* msg_lspid, 0 if none */
	pid_t		 last_receiver;	/* msg_lrpid */
	time_t		 sent, received, changed;
};
bool	 ksysv_msgq(int id, struct ksysv_msgq *);

/* One message: its type and (up to KSYSV_MSG_MAX bytes of) its text. */
#define KSYSV_MSG_MAX	65536
struct ksysv_msg {
	long		 type;
	char		 text[KSYSV_MSG_MAX];
};
/* Copy message number index (0: the oldest) of queue id into m, without
 * taking it; max (at most KSYSV_MSG_MAX) is the room for its text.
 * Its size in bytes, or -1 with errno: ENOMSG when there is no such
 * message, E2BIG when its text is longer than max (MSG_COPY cannot cut
 * one: give it msgmax), ENOSYS on a kernel without MSG_COPY. */
ssize_t	 ksysv_msg_copy(int id, long index, struct ksysv_msg *m, size_t max);
/* The largest message a queue takes (/proc/sys/kernel/msgmax), or -1. */
long	 ksysv_msgmax(void);

struct ksysv_sem {
	key_t		 key;
	mode_t		 mode;
	uid_t		 uid;
	int		 nsems;		/* semaphores in the set */
	time_t		 last_op;	/* sem_otime: 0 if never */
	time_t		 changed;
};
bool	 ksysv_sem(int id, struct ksysv_sem *);
/* Every value of the set (GETALL, one call) into values, which has room
 * for the set's nsems (fixed when it was made). */
bool	 ksysv_sem_values(int id, unsigned short *values);

/* One semaphore's waiters: for it to grow (GETNCNT) and for it to be 0
 * (GETZCNT), and the last process to operate on it (GETPID). A field
 * the kernel did not give is -1 (and the result false). */
struct ksysv_semnum {
	int		 ncnt;
	int		 zcnt;
	pid_t		 last_pid;
};
bool	 ksysv_sem_num(int id, int num, struct ksysv_semnum *);

/* What a thread asleep in semop or semtimedop asks for. */
#define KSYSV_SEMOP_MAX	32
struct ksysv_semop {
	int		 id;		/* the set */
	size_t		 nops;
	struct sembuf	 ops[KSYSV_SEMOP_MAX];
	bool		 timed;		/* semtimedop with a timeout */
};
/* Of a thread of process pid asleep in a system call (ti from probe_task
 * with want_call): the set and the operations, read from its memory
 * (ptrace access needed). False with errno: EINVAL when the call is no
 * semop, E2BIG when it has more than KSYSV_SEMOP_MAX operations, else
 * what reading them failed with. */
bool	 ksysv_semop_request(pid_t, const struct task_info *, struct ksysv_semop *);

struct ksysv_shm {
	key_t		 key;
	mode_t		 mode;
	uid_t		 uid;
	bool		 removed;	/* IPC_RMID while attached (SHM_DEST) */
	uint64_t	 size;
	uint64_t	 nattch;	/* attachments */
	pid_t		 creator;	/* shm_cpid */
	pid_t		 last_user;	/* shm_lpid: the last shmat or shmdt */
	time_t		 attached, detached, changed;
};
bool	 ksysv_shm(int id, struct ksysv_shm *);

/* The System V objects of one kind on the machine (the caller's IPC
 * namespace), whoever may read them. */
enum ksysv_kind {
	KSYSV_MSG,
	KSYSV_SEM,
	KSYSV_SHM,
};
#define KSYSV_NKINDS	3
/* What the kernel says cheaply of them all (MSG_INFO, SEM_INFO,
 * SHM_INFO: how many there are, the highest index used, how many
 * semaphores or pages), as one number: the same number, the
 * same objects, unless one was removed and another made in its place
 * meanwhile. 0 if it cannot be read. */
uint64_t ksysv_stamp(enum ksysv_kind);

/* Every object of one kind on the machine, as one read found them: the
 * kernel's whole record of each (its *_STAT_ANY: one call an index up
 * to the highest used, and no read permission asked, as ipcs), which is
 * what the readers by id give. A semaphore set's values and waiters are
 * not in it. Kept for a generation of the caller's (as netdiag). */
struct ksysv_entry {
	int		 id;
	union {
		struct ksysv_msgq	 msgq;
		struct ksysv_sem	 sem;
		struct ksysv_shm	 shm;
	};
};
struct ksysv_table {
	enum ksysv_kind	 kind;
	struct ksysv_entry *v;		/* sorted by id */
	size_t		 n;
	size_t		 cap;
	uint64_t	 stamp;		/* ksysv_stamp's number, taken before the read */
	uint64_t	 gen;		/* the caller's generation it is of */
	bool		 valid;
	int		 error;		/* why it could not be read, or 0 */
};
/* Read the machine's objects of kind into t, unless t holds them for
 * generation gen already. False with errno (t->error) if they cannot be
 * listed; t is then empty and not valid. */
bool	 ksysv_refresh(struct ksysv_table *t, enum ksysv_kind, uint64_t gen);
/* Whether t holds kind's objects as of generation gen. */
bool	 ksysv_fresh(const struct ksysv_table *t, enum ksysv_kind, uint64_t gen);
/* The object of id in t, or NULL. */
const struct ksysv_entry *ksysv_find(const struct ksysv_table *t, int id);
void	 ksysv_table_clear(struct ksysv_table *);

#endif
