/* snapshot.h: everything the lab shows, at one moment, kept as one
 * description tree: each process, thread and object with its whole
 * description (as show gives it), the wait chains and deadlocks, when
 * and on which machine it was taken. Saved as JSON (save, --load), read
 * back into the panes, compared (--diff), drawn as a wait-for graph
 * (--dot). A loaded snapshot is only read: nothing in it can be called. */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "desc.h"
#include "util.h"

struct lab;

/* The format's name and the version this program writes and reads. */
#define SNAPSHOT_FORMAT		"ipcscope snapshot"
#define SNAPSHOT_VERSION	1

struct snapshot {
	char			*path;		/* the file it was read from, or NULL */
	struct desc		*doc;		/* the whole of it */
	const char		*time;		/* "2026-11-30 15:40:01 UTC" */
	const char		*host;		/* the machine's name */
	const char		*boot_id;
	/* The items, each a group with a "name" (in doc). */
	struct desc_node	**actors;
	size_t			  nactors;
	struct desc_node	**objects;
	size_t			  nobjects;
	struct desc_node	 *deadlocks;	/* a list of "a -> b -> a" lines */
	bool			  events;	/* a replay's: the lab's timeline holds its
						 * events (the sequence chart shows them) */
	struct snapshot		 *older;	/* one loaded before it, kept while the lab
						 * lives: samples point into it */
};

/* save.c: the lab as it is now (lab->gen bumped: read afresh). */
struct snapshot	*snapshot_take(struct lab *);
/* save.c: the snapshot as JSON, one object and a newline. */
void		 snapshot_write(struct buf *, const struct snapshot *);
/* Write it to path (replaced whole, through a temporary file); false with
 * a one-line cause. */
bool		 snapshot_save(const struct snapshot *, const char *path, char **cause);

/* A snapshot of a tree laid out as a snapshot file is (taken or read),
 * which it then owns; NULL with a cause if it is not one (doc freed). */
struct snapshot	*snapshot_of(struct desc *doc, char **cause);
/* Read a snapshot from path; NULL with a one-line cause that says where
 * the file is wrong ("snap.json: line 3, column 7: ..."). */
struct snapshot	*snapshot_load(const char *path, char **cause);
void		 snapshot_free(struct snapshot **);

/* An actor or object of the snapshot by name, or NULL. */
struct desc_node *snapshot_actor(const struct snapshot *, const char *name);
struct desc_node *snapshot_object(const struct snapshot *, const char *name);
/* An item's description, its name left out, into d's open group. */
void		 snapshot_describe_item(const struct desc_node *, struct desc *);
/* The snapshot itself: when, where, what it holds (show lab). */
void		 snapshot_describe(const struct snapshot *, struct desc *);
/* "snapshot of HOST taken 2026-11-30 15:40:01 UTC": what a screen says of it. */
void		 snapshot_add_label(struct buf *, const struct snapshot *);
/* A field of an item, as a string, or NULL. */
const char	*snapshot_str(const struct desc_node *, const char *name);

/* waitgraph.c: the wait-for graph as Graphviz DOT: processes and
 * threads that wait or are waited for, the objects waited on, an edge
 * from each waiter to its object and from the object to each process
 * that could end the wait; the edges of a deadlock in red. */
void		 snapshot_dot(struct buf *, const struct snapshot *);

/* snapdiff.c: what changed from old to new, a line each (or a JSON
 * object each): what appeared, what went, what started or stopped
 * waiting, state changes, gauges that filled or drained and numbers that
 * changed in objects, deadlocks that formed or cleared. The number of
 * changes. */
size_t		 snapshot_diff(struct buf *, const struct snapshot *old,
		    const struct snapshot *new, bool json);

#endif
