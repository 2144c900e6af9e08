/* sync.h: a lock or semaphore used by the memory workloads (incr ... with
 * NAME, and the ring verbs produce and consume): what the lab resolves a
 * name to, and how the actor then takes and gives it back. Each
 * synchronisation mechanism says how through its sync_ref hook. */
#ifndef SYNC_H
#define SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

struct call;

enum sync_kind {
	SYNC_NONE,
	SYNC_SYSV_SEM,		/* where: a set's id; its semaphore 0 */
	SYNC_POSIX_SEM,		/* where: the sem_t's address in the actor */
	SYNC_MUTEX,		/* where: the pthread_mutex_t's address */
};

struct sync_ref {
	int64_t		 kind;
	int64_t		 where;
};

/* The argument argname (absent: SYNC_NONE) as a lock the calling actor can
 * take; false with a cause if it names nothing of the kind. */
bool	 sync_arg(struct call *, const char *argname, struct sync_ref *, char **cause);

/* Actor side: take (wait, lock) and give back (post, unlock). 0, or the
 * error number. */
int	 sync_take(const struct sync_ref *);
int	 sync_give(const struct sync_ref *);

/* "sem_wait(sem1)", "pthread_mutex_lock(mx1)": for a call's log line. */
void	 sync_add_call(struct buf *, const struct sync_ref *, bool take, const char *name);

#endif
