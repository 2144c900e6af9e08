/* module.h: the lab's parts that keep state of their own beside actors,
 * objects and calls (signals in flight and the handlers' reports, file
 * locks and who waits for whom, mappings, jobs). The lab calls each
 * through this one interface, at the points where what it does
 * concerns them, and names none: main gives lab_new their list (the
 * mechanisms' from mechanisms/registry.c, then the language's, from
 * cmd_modules). A module keeps its state in what the lab allocates for
 * it, zeroed: lab_state bytes for the lab, actor_state bytes for each
 * actor (process or thread), found with lab_module_state and
 * actor_module_state. Every callback may be NULL; all of them run in
 * the controller. */
#ifndef MODULE_H
#define MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "desc.h"

struct actor;
struct call;
struct lab;
struct object;

/* What a call set going that a module follows to its end (the signals
 * it sent, in flight), in the module's own terms: the call settles once
 * the module says so (call_settles), and its line is logged before
 * anything that did. module NULL: nothing. */
struct module_wait {
	const struct lab_module	*module;
	uint64_t		 lo, hi;
};

struct lab_module {
	const char	*name;		/* "signals" */
	size_t		 lab_state;	/* bytes of state for the lab, or 0 */
	size_t		 actor_state;	/* ...for each actor, or 0 */

	/* The lab and its loop are made: set up (signals: the report pipe,
	 * read in the loop). */
	void		(*init)(struct lab *, void *st);
	/* The lab is freed, after every actor and object: free what st
	 * holds (st itself is the lab's). */
	void		(*cleanup)(struct lab *, void *st);
	/* The run ends (lab_end_all: the lab's end, or reset), before any
	 * actor is killed: stop what would act on the lab (jobs' timers). */
	void		(*end_all)(struct lab *, void *st);
	/* reset: every actor and object is gone; go on as a new lab does. */
	void		(*reset)(struct lab *, void *st);

	/* Before a reply or a process end is handled, and before a wait
	 * looks (lab_catch_up): take in what came outside the loop's
	 * order (the reports handlers wrote during the call). */
	void		(*before_event)(struct lab *, void *st);
	/* Whether what call c set going (c->wait, this module's) is dealt
	 * with: a call settles only then. */
	bool		(*call_settles)(struct lab *, void *st, const struct call *c);
	/* Call c, prepared with a wait of this module's, is dropped
	 * without being sent: forget what it would have set going. */
	void		(*call_dropped)(struct lab *, void *st, const struct call *c);
	/* Whether something of the module's in flight will end process
	 * proc (a signal): a reply that may be that end's doing waits. */
	bool		(*ending)(struct lab *, void *st, const struct actor *proc);
	/* Whether something is in flight (the settle timer asks before it
	 * looks: a stop or continue it may have made is read then). */
	bool		(*in_flight)(const struct lab *, const void *st);
	/* The settle timer: look at what is in flight; true if some still
	 * is, to be looked at again. */
	bool		(*settle)(struct lab *, void *st);
	/* Whether what the module heard is held back until a send's line
	 * is in (lab_send_unanswered): the settle timer comes back. */
	bool		(*held_back)(const struct lab *, const void *st);
	/* Each tick, after the actors' states are read: record what
	 * changed on its own (a deadlock formed). */
	void		(*tick)(struct lab *, void *st);

	/* A process's descriptors or mappings may have changed (its own
	 * call, its end): what was read of them is stale. */
	void		(*process_stale)(struct lab *, void *st, struct actor *proc,
			    void *proc_st);
	/* An actor is freed (forget, reset, the lab's end), before actor_st
	 * is: let go of it. */
	void		(*actor_free)(struct lab *, void *st, struct actor *, void *actor_st);
	/* An object is freed: let go of it. */
	void		(*object_free)(struct lab *, void *st, struct object *);
	/* Why forget must keep an object that is the module's concern ("an
	 * actor still maps it"), or NULL. */
	const char	*(*object_kept)(struct lab *, void *st, struct object *);
	/* How many of the module's events an actor (a thread: those it
	 * took itself) has taken so far (signals caught or taken by a
	 * call): wait A signalled waits for this to grow. */
	uint64_t	(*actor_taken)(struct lab *, void *st, struct actor *);

	/* Add the module's group to an actor's description (signals). */
	void		(*describe_actor)(struct lab *, void *st, struct actor *, void *actor_st,
			    struct desc *, enum desc_detail);
	/* Names the module gives its own things (job1), which show and
	 * expect take: what they are ("job", for "no actor, object or job
	 * called X"), whether name is one, and its description. */
	const char	*things;
	bool		(*owns_name)(struct lab *, void *st, const char *name);
	void		(*describe_name)(struct lab *, void *st, const char *name, struct desc *);

	/* A descriptor of the module's every spawned actor keeps (signals:
	 * the report pipe's write end): at actor_fd, from ACTOR_FD_BASE + 1
	 * up (0: none); a descriptor of type actor_fd_type (S_IFIFO) there
	 * is shown as "(lab WHAT)", and one that cannot be placed is named
	 * as "the WHAT". actor_fd_of gives the controller's. */
	int		 actor_fd;
	unsigned	 actor_fd_type;
	const char	*actor_fd_what;
	int		(*actor_fd_of)(const struct lab *, const void *st);
};

/* mechanisms/registry.c: the mechanisms' modules, NULL-terminated. */
extern const struct lab_module *const mechanism_modules[];

/* A module's state in this lab, or in this actor (fatal if the lab was
 * not given the module). */
void	*lab_module_state(struct lab *, const struct lab_module *);
void	*actor_module_state(struct actor *, const struct lab_module *);

/* The lab's modules' before_event: what came outside the loop's order is
 * taken in (a wait that looks for a signal). */
void	 lab_catch_up(struct lab *);
/* What an actor has taken of every module's events (actor_taken). */
uint64_t lab_actor_taken(struct actor *);

#endif
