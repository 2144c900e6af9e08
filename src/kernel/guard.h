/* guard.h: reads that may hang in the kernel, made by a helper process
 * with a deadline, so that the caller never does. A stat of a file on a
 * network or FUSE filesystem that does not answer, or a look at a pipe
 * whose lock a writer holds while it waits for such a file, sleeps in
 * the kernel for as long as the filesystem is silent, and once the
 * request is sent no signal ends it. The caller hands the read to a
 * helper (a fork of itself, "ipcscope-read") and waits for it up to the
 * deadline. Past it the caller is told "slow" and goes on; the helper is
 * killed, and ends when the kernel lets its read go; a new helper takes
 * the next read. What a read was about (its key: a mount, a pipe) is not
 * asked again until that helper has ended: the next reads of it answer
 * at once that it is still slow.
 *
 * Reads that cannot hang (most of /proc) are made directly: a hand-off
 * costs some microseconds. In a child forked from a process that uses
 * the guard (an actor), reads are made directly as well. */
#ifndef GUARD_H
#define GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

enum guard_answer {
	GUARD_DONE,		/* made; data holds what it read */
	GUARD_SLOW,		/* not done within the deadline: given up on now */
	GUARD_STILL_SLOW,	/* not asked: an earlier read of the key has not
				 * returned (or too many reads are stuck) */
};

/* The deadline in milliseconds (200 unless set); 0 makes every read
 * directly, unguarded. */
void		 guard_set_deadline(unsigned ms);
unsigned	 guard_deadline(void);

/* A read: it reads what data asks and fills data in, with fd (a copy of
 * the caller's descriptor, or -1). */
typedef void	(*guard_fn)(void *data, int fd);
/* Call fn(data, fd) in the helper; data (size bytes, at most 128 KiB)
 * is copied for it, with a copy of descriptor fd (-1: none), and copied
 * back when it is done in time. It must hold all the read needs and
 * fills: no pointer (the helper's memory is its own). key (NULL: none)
 * names what the read is about. */
enum guard_answer guard_call(const char *key, guard_fn fn, void *data, size_t size, int fd);
/* n reads of fn at once, in as few hand-offs as they fit: datas holds n
 * blocks of size bytes, each with its key and descriptor (keys[i],
 * fds[i]); out[i] says what became of each, as guard_call would. Each
 * answer is waited for up to the deadline from the one before: one that
 * does not come is given up on, and the reads after it go to a new
 * helper. */
void		 guard_call_many(const char *const *keys, guard_fn fn, void *datas,
		    size_t size, const int *fds, size_t n, enum guard_answer *out);
/* Whether pid is a helper of the guard's (not to be observed). */
bool		 guard_is_helper(pid_t);

/* Whether a read of key is stuck now, and since when (CLOCK_MONOTONIC
 * ns); how many reads are stuck. */
bool		 guard_stuck(const char *key, int64_t *since);
size_t		 guard_stuck_count(void);

/* When the read that went slow began: now less the deadline for
 * GUARD_SLOW, the stuck read's start for GUARD_STILL_SLOW (key's). */
int64_t		 guard_slow_since(enum guard_answer, const char *key);
/* What a slow read says of what: "/mnt/x/f did not answer within
 * 200 ms", or, stuck for longer, "/mnt/x/f has not answered for 12 s". */
void		 guard_say(struct buf *, const char *what, int64_t since);

#endif
