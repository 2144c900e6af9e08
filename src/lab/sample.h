/* sample.h: what a frontend shows of the lab, read at one moment: every
 * actor (in the tree of who made whom) and every object as a row, and
 * for the rows the frontend shows, their description at the detail it
 * shows them at. A frontend takes one on the lab's tick and after a
 * change, at its own pace, and draws from it alone: it reads no actor,
 * no object and no /proc as it draws (htop's ScreenManager: scan the
 * machine, then draw the panels). The lab knows nothing of samples. */
#ifndef SAMPLE_H
#define SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "desc.h"
#include "lab.h"

struct sample_actor {
	char			*name;
	pid_t			 pid;
	pid_t			 tid;
	bool			 is_thread;
	bool			 observed;	/* not the lab's: observe chose it */
	char			*host;		/* the host it runs inside, or NULL */
	int			 depth;		/* 0: a process the lab spawned or adopted */
	bool			 last;		/* the last row under its process or parent */
	bool			 want;		/* the frontend shows it: describe it */
	/* What a wanted row shows (NULL and zero otherwise). */
	struct desc		*desc;		/* at DETAIL_SUMMARY */
	enum actor_state	 state;
	bool			 ended;		/* a process that terminated: status says how */
	bool			 zombie;	/* ...and is not reaped */
	bool			 killed;	/* ...by a signal */
	char			*status;	/* "exited 0", "killed by SIGTERM" */
	bool			 blocked;	/* want_links: asleep in a call */
};

struct sample_object {
	char			*name;		/* in the sample's names */
	const char		*mech;		/* its mechanism's name */
	bool			 has_path;	/* a file behind it (a FIFO's) */
	bool			 observed;	/* what observed processes hold, or the
						 * machine's: not the lab's */
	const void		*key;		/* the object, to key what a frontend keeps of
						 * it (a gauge's history): never to be read */
	bool			 want;
	struct desc		*desc;		/* at DETAIL_SUMMARY when wanted, else NULL */
};

/* The one item a frontend shows whole (the detail pane's). */
struct sample_item {
	char			*name;		/* what was asked for; NULL: nothing */
	bool			 found;		/* an actor or object of that name */
	bool			 is_object;
	const char		*kind;		/* "actor", "thread" or the mechanism's name */
	const void		*key;		/* the object, as in sample_object; NULL */
	struct desc		*desc;		/* at DETAIL_FULL */
};

/* An event of the lab's timeline, as a sequence chart draws it. */
struct sample_event {
	enum tl_kind		 kind;
	enum verb_flow		 flow;
	bool			 failed;
	int64_t			 ret;
	char			*who;
	char			*what;		/* the call, or the signal */
	char			*object;
	char			*peer;		/* a signal's sender, a fork's child */
	char			*data;		/* a take's first bytes */
	char			*put_who;	/* a take: who put its bytes, and how */
	char			*put_what;
	char			*text;
};

#define SAMPLE_EVENTS	200	/* the latest events a sample holds, at most */

/* How an actor is tied to an object, for the topology: what puts into
 * it is drawn on its left, what takes out of it on its right. */
enum link_kind {
	LINK_PUTS,	/* holds its write end (O_WRONLY): a pipe's, a FIFO's */
	LINK_TAKES,	/* holds its read end (O_RDONLY) */
	LINK_HOLDS,	/* holds a descriptor both ways (a socket, a file) */
	LINK_MAPS,	/* maps it */
	LINK_LOCKS,	/* holds a lock on it */
	LINK_WAITS,	/* asleep in a call on it, none of the above (a lock
			 * waited for, a semaphore, a thread of a holder) */
};

struct sample_link {
	size_t			 object;	/* its index in objects */
	enum link_kind		 kind;
	char			*actor;		/* the actor's name, or the kernel's ("pid 42") */
	bool			 observed;	/* an observed process */
	char			*end;		/* the end it holds: p1.w's "w"; "" */
	char			*how;		/* "fd 4", "write 0-9", "rw"; or NULL */
	/* Asleep in a call through this tie: the call ("read"), and which
	 * way it moves bytes (a waiting put on the left, a take right). */
	bool			 blocked;
	char			*call;
	enum verb_flow		 flow;
};

/* Two of the lab's sockets connected to each other, or a pair's two
 * sides (a == b). */
struct sample_peer {
	size_t			 a, b;		/* objects' indexes */
	char			*a_end, *b_end;	/* "sp.a", "c1" */
};

struct sample {
	/* Every process and thread, in tree order: a process the lab
	 * spawned, its threads, then the children it forked, each with its
	 * own threads and children, in the order the lab made them. */
	struct sample_actor	*actors;
	size_t			 nactors;
	struct sample_object	*objects;	/* in the lab's order */
	size_t			 nobjects;
	char			*names;		/* the objects' names, one after another */
	struct sample_item	 full;
	/* The lab's counts. */
	size_t			 processes;
	size_t			 threads;
	size_t			 observed;	/* processes the lab did not make (of processes) */
	size_t			 jobs;		/* the frontend's to fill (jobs are the language's) */
	/* A loaded snapshot shown instead of the lab: "snapshot of HOST
	 * taken TIME"; NULL for the lab itself. */
	char			*snapshot;
	/* The latest events, oldest first, when the frontend wants them
	 * (want_events, set by its want function), and how many there
	 * have been. */
	bool			 want_events;
	struct sample_event	*events;
	size_t			 nevents;
	size_t			 events_total;
	uint64_t		 events_gen;	/* the timeline's: emptied, it moves */
	/* Who holds what, when the frontend wants it (want_links: the
	 * first want_links objects, in the lab's order): each actor's ties
	 * to each object, grouped by object, and the connections between
	 * objects. Each actor row says then whether it is blocked. */
	size_t			 want_links;
	struct sample_link	*links;
	size_t			 nlinks;
	struct sample_peer	*peers;
	size_t			 npeers;
};

/* What a frontend shows of the rows: it sets want on the rows it will
 * draw and may name one item with sample_want_full. Called once, by
 * sample_take, with every row made and nothing described yet. */
typedef void	 (*sample_want_fn)(void *arg, struct sample *);

/* Read the lab for a frontend now: the rows, then the descriptions of
 * what want asks for. Kernel state comes through the lab's caches,
 * which its tick and its events renew (lab->gen). */
struct sample	*sample_take(struct lab *, sample_want_fn, void *arg);
/* Show the actor or object name whole (DETAIL_FULL). */
void		 sample_want_full(struct sample *, const char *name);
/* Which parts of two samples differ: their rows, wanted the same way,
 * with equal descriptions, and their counts (0: they would be drawn
 * alike). */
#define SAMPLE_ACTORS	0x1
#define SAMPLE_OBJECTS	0x2
#define SAMPLE_FULL	0x4
#define SAMPLE_COUNTS	0x8
#define SAMPLE_EVENTS_PART 0x10
#define SAMPLE_LINKS	0x20
unsigned	 sample_diff(const struct sample *, const struct sample *);
/* links.c: a sample's links and peers as a snapshot keeps them (lists
 * "links" and "peers", objects by name), and read back from one into a
 * sample of a snapshot, for its first want_links objects. */
void		 sample_links_describe(const struct sample *, struct desc *);
void		 sample_links_saved(struct sample *, const struct desc_node *links,
		    const struct desc_node *peers);
bool		 sample_same(const struct sample *, const struct sample *);
void		 sample_free(struct sample **);

#endif
