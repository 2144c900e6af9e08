/* lab_int.h: what the lab's own files share beyond lab.h: a function of
 * one that another calls. Only src/lab includes it: mechanisms, the
 * language and the frontends see the lab through lab.h and module.h. */
#ifndef LAB_INT_H
#define LAB_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "record.h"
#include "util.h"

struct actor;
struct buf;
struct call;
struct desc;
struct lab;
struct sample;
struct task_info;
struct wire_reply;

/* A call has this long to reply before the lab looks at its actor;
 * then the settle timer comes back this often while something waits. */
#define SETTLE_FIRST_NS		(300 * NS_PER_US)
#define SETTLE_EVERY_NS		(1 * NS_PER_MS)

/* links.c: the sample's links (sample.h) for its first want_links
 * objects; refs are its actor rows' actors. */
void		 sample_links(struct sample *, struct lab *, struct actor **refs);

/* actor_state.c */
/* Whether a thread the kernel shows asleep is in the call the user
 * asked for, not in the lab's own work around it. */
bool		 task_in_users_call(const struct actor *, const struct call *,
		    const struct task_info *);

/* actors.c */
/* The loop's callbacks of an actor's channel (a frame, or room to
 * write) and of a process's pidfd (it ended): arg is the actor. */
void		 actor_chan_cb(int fd, short revents, void *arg);
void		 actor_pidfd_cb(int fd, short revents, void *arg);
/* Log the stops and continues of the lab's processes (tick: those the
 * tick looks at); with_waitid, the lab's children say which signal. */
void		 lab_check_states(struct lab *, bool with_waitid, bool tick);

/* calls.c */
/* Whether the call sent something a module follows (a signal). */
bool		 call_sends(const struct call *);
/* Have the settle timer look at calls in flight no later than delay
 * from now. */
void		 settle_arm(struct lab *, int64_t delay);
/* Log the call's line as it stands (returned, blocked, lost) as a record
 * of that kind, and keep the line as its text. */
void		 call_record(struct call *, enum record_kind kind);
/* A's call in flight has settled: it becomes the last. */
void		 call_settle(struct actor *a);
/* A call as a description: for JSON records and an actor's current and
 * last calls. */
void		 call_describe(const struct call *, struct desc *, bool with_text);

/* drop.c */
/* Mark the threads of marked processes too. */
void		 lab_mark_threads(struct lab *, bool *gone_actor);
/* Free the marked actors and objects (by index in the lab's lists),
 * leaving nothing that points at them; their names go to names. */
void		 lab_drop_marked(struct lab *, const bool *gone_actor, const bool *gone_object,
		    struct buf *names);
/* Drop the marked actors and the threads of marked processes. */
void		 lab_drop_actors(struct lab *, bool *gone_actor, struct buf *names);

/* chains.c */
/* The mechanism that answers for a descriptor the lab did not make (the
 * first whose claims takes it), or NULL. */
const struct mechanism *lab_claimed_by(struct lab *, const struct fd_entry *);

/* On each tick: record each deadlock of waits that formed since the
 * last (but the file locks module's own). */
void		 lab_chains_tick(struct lab *);
void		 lab_deadlocks_free(struct lab *);

/* observe.c */
/* Free what observed objects were made from (lab_observed_objects). */
void		 lab_observed_sync_free(struct lab *);
/* Forget every rule observe follows (struct observe_rule). */
void		 lab_observe_rules_free(struct lab *);

/* objects.c */
/* The fdinfo lines every mechanism tells its files apart by, for the
 * fd-table reader, and the mechanism each is handed to (lab_new). */
void		 fdinfo_keys_init(struct lab *);
/* Free the lab's lists of objects by name and of those that notice. */
void		 object_lists_free(struct lab *);
/* A few objects about to be dropped (gone_object, by place) taken out
 * of the lists, which then stay in step; false if they will be built
 * again. After lab->forgets moves, object_lists_forgot says they are
 * still current. */
bool		 object_lists_drop(struct lab *, const bool *gone_object);
void		 object_lists_forgot(struct lab *);
/* Each object whose mechanism has notice records what the kernel
 * changed on its own, unless a call is being made (lab_may_notice). */
void		 lab_notice(struct lab *);
/* After a call that may have changed p's descriptors (its reply r
 * names them, or none: all), read them again; shared: a change of open
 * file descriptions, which every holder of the same files shows. */
void		 call_fds_changed(struct actor *p, const struct wire_reply *r, bool shared);
/* A new object of what observed processes hold (observe.c), or of the
 * machine's: with identities ids (nids), or, for a shared_inode kind,
 * the lab's duplicate of holder's descriptor fd. Objects made so go into
 * the lists and the object index at their next use: making n costs
 * O(n log n), not n insertions. */
struct object	*lab_object_observed(struct lab *, const char *name,
		    const struct mechanism *, const struct fd_id *ids, int nids,
		    struct actor *holder, int fd);
/* Whether a live process of the lab's holds a descriptor of file id (the
 * holder index: a search). */
bool		 lab_file_held(struct lab *, const struct fd_id *id);
/* Read descriptor fd of process p again (what tells its file apart from
 * others of its inode may have come since: an anchor). */
void		 lab_fd_reread(struct actor *p, int fd);
/* An open mode as a word: "read", "write", "read-write". */
const char	*access_word(int access);

#endif
