/* timeline.h: what the lab's actors did, in order, as the pictures of
 * a sequence chart need it: calls (which put bytes into an object, which
 * took them out: the verb's flow), blocking, signals with their sender,
 * forks and ends. Kept from the records as they are made (lab_record),
 * emptied by reset; exported as Mermaid text and as Chrome trace JSON. */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "util.h"
#include "verb.h"

#define TIMELINE_MAX	200000	/* events kept, at most; later ones are counted */

enum tl_kind {
	TL_CALL,	/* a call returned (or failed) */
	TL_BLOCKED,	/* a call the kernel shows asleep */
	TL_SIGNAL,	/* a handler ran, or a call took a signal */
	TL_SPAWN,	/* an actor the lab spawned */
	TL_END,		/* a process ended */
};

struct tl_event {
	enum tl_kind	 kind;
	enum verb_flow	 flow;
	int64_t		 time_ns;	/* since the lab started */
	int64_t		 elapsed_ns;	/* TL_CALL: how long it took */
	int64_t		 ret;
	bool		 failed;
	char		*who;		/* the actor */
	char		*what;		/* the call, or the signal */
	char		*object;	/* the call's object, or NULL */
	char		*peer;		/* TL_SIGNAL: the sender; a fork: the child */
	char		*data;		/* a take's bytes, shortened, or NULL */
	char		*sent;		/* a put's, shortened the same way, or NULL */
	char		*text;		/* the record's line */
	/* A take: the put whose bytes it got (the oldest put into its object
	 * not yet taken), or -1. */
	long		 from;
	bool		 datagram;	/* a put: a datagram sent to an address (to) */
	int64_t		 left;		/* a put: its bytes (or 1 message) not taken yet */
};

/* The puts into one object not taken yet, oldest first (a message taken
 * out of order is left in place, with nothing left, and passed over). */
struct tl_queue {
	char		*object;
	size_t		*puts;		/* indexes of events */
	size_t		 head, n, cap;
};

struct timeline {
	struct tl_event	*v;
	size_t		 n, cap;
	size_t		 dropped;	/* past TIMELINE_MAX */
	uint64_t	 gen;		/* bumped when emptied (reset) */
	struct tl_queue	*queues;
	size_t		 nqueues;
};

/* A record made: an event, if it is one the pictures show; flow is the
 * call's verb's (FLOW_NONE for what is no call). */
void	 timeline_note(struct timeline *, const struct record *, enum verb_flow);
void	 timeline_clear(struct timeline *);
/* A flow's name ("none", "puts", "takes", "forks"), as recordings and
 * snapshots keep it, and the flow a name names (false if none). */
const char *timeline_flow_name(enum verb_flow);
bool	 timeline_flow_of(const char *, enum verb_flow *);
/* The sequence chart as Mermaid text: a column per actor, an arrow from
 * each put to the take that got its bytes, signals from sender to
 * receiver, forks, blocking and ends as notes. */
void	 timeline_mermaid(const struct timeline *, struct buf *);
/* The same as Chrome trace JSON (Perfetto opens it): a track per actor,
 * each call a slice, blocked calls as slices of their own, flows from
 * put to take and from a signal's sender to its receiver. */
void	 timeline_trace(const struct timeline *, struct buf *);

#endif
