/* lab.h: the lab model. Actors (real processes and threads), the objects
 * they create (pipes, FIFOs...), the calls in flight, and the event log.
 * The state shown is always read from the kernel through probes; what the
 * lab itself remembers is names, identities and the calls it made. */
#ifndef LAB_H
#define LAB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "desc.h"
#include "ksysv.h"
#include "module.h"
#include "netdiag.h"
#include "listener.h"
#include "probe.h"
#include "procs.h"
#include "record.h"
#include "timeline.h"
#include "runtime.h"
#include "schedclock.h"
#include "verb.h"
#include "waits.h"
#include "wire.h"

struct loop;
struct loop_timer;
struct runtime;
struct mechanism;
struct object_end;
struct snapshot;

enum actor_life {
	ACTOR_ALIVE,
	ACTOR_ZOMBIE,		/* terminated, not yet reaped */
	ACTOR_REAPED,		/* terminated and reaped: gone from the kernel */
};

enum call_state {
	CALL_SENT,		/* asked; the actor is making it */
	CALL_BLOCKED,		/* the kernel shows the actor asleep in it */
	CALL_DONE,		/* the reply came */
	CALL_LOST,		/* the actor ended before replying */
};

struct call {
	struct lab		*lab;
	struct actor		*actor;
	const struct cmd_entry	*verb;
	struct cmd		*cmd;		/* during prepare only */
	uint32_t		 seq;
	enum call_state		 state;

	/* The request, filled by prepare. */
	int64_t			 arg[WIRE_VALS];
	struct buf		 data;
	struct object		*obj;		/* the object it works on, if any */
	int			 end_access;	/* the end of obj it uses: its open mode, -1 if none */
	int			 end_which;	/* ...and which of obj's identities */
	/* A descriptor number it names that the actor did not have open
	 * when it was prepared (-1: none): an EBADF is that, not a hint. */
	int			 fd_closed;
	char			*newname;	/* the name it will give (pipe p1, fork B) */
	/* A call that waits on many (poll, select, epoll_wait): the objects
	 * of its set, and the set as text ("p1.r s1 e1") for "blocked on". */
	struct object		**waits;
	size_t			 nwaits;
	char			*on;
	struct actor		*peer;		/* the actor it concerns (kill B) */
	struct actor		*created;	/* the actor it made (fork, thread) */
	int			 err_column;	/* prepare: where in the line the error is */

	/* The reply. */
	int64_t			 ret;
	int			 err;
	int64_t			 val[WIRE_VALS];
	struct buf		 rdata;
	/* One more thing the call reported, shown as last.NAME: recvfrom's
	 * "address", recvmsg's "cred". Both malloc'd, or NULL. */
	char			*extra_name;
	char			*extra;
	int			 rfds[WIRE_MAX_FDS];
	size_t			 nrfds;
	int64_t			 elapsed_ns;
	int64_t			 late_ns;	/* began this long after start_ns, or -1 */

	int64_t			 sent_ns;
	int64_t			 start_ns;	/* made no earlier than this (together), or 0 */
	struct task_info	 blocked;	/* what the kernel showed when it blocked */
	struct module_wait	 wait;		/* what it sent that a module follows (signals) */
	int			 blocked_seen;	/* consecutive sightings asleep in the call */
	int64_t			 asleep_ns;	/* when the first of them was */
	char			*lost;		/* why no reply came: "killed by SIGPIPE" */
	bool			 lost_killed;	/* ...a signal ended its process */
	char			*text;		/* the log line once settled */
};

/* The most processes lab_wakers names for one wait. */
#define LAB_WAKERS	16

struct actor {
	char			*name;		/* "A", or "A.t1" for a thread */
	struct lab		*lab;
	struct actor		*proc;		/* the process (itself for a process) */
	struct actor		*parent;	/* forked from; NULL if the lab spawned it */
	bool			 is_thread;
	pid_t			 pid;
	pid_t			 tid;
	int			 pidfd;		/* processes: -1 once closed */
	bool			 pidfd_watched;	/* in the loop until the end is seen */
	bool			 end_waits;	/* ended; handled once a send's line is in */
	bool			 reply_waits;	/* a reply waits for a killed process's end */
	struct wire_conn	 conn;		/* conn.fd -1 when the channel is closed */
	int			 chan_fd;	/* the channel's number inside the actor */
	bool			 ready;		/* said hello: the lab's setup in it is over */
	uint32_t		 next_seq;
	struct call		*call;		/* in flight, NULL when idle */
	struct call		*last;		/* the last one settled */
	int64_t			 created_ns;
	int64_t			 ran_ns;	/* its last call returned then: it ran */

	/* Processes. */
	enum actor_life		 life;
	bool			 status_known;
	int			 status;	/* wait status once terminated */
	char			*reaped_by;	/* "the lab", an actor's name, "the kernel" */
	int			 stop_signal;	/* from waitid, when the lab is the parent */
	int64_t			 stop_seen_ns;	/* seen stopped, its signal not told yet */
	bool			 continued;	/* ...and CLD_CONTINUED, not yet reported */
	char			 seen_state;	/* last state letter reported as an event */
	bool			 adopted;	/* its parent actor, reaped, was forgotten: the
						 * lab is its parent (a subreaper) */
	/* Observed (observe.c): a process the lab did not make, and its
	 * threads. It has no channel and takes no calls; the lab never
	 * signals it on its own, nor tells the guardian of it. */
	bool			 observed;
	unsigned long long	 start_time;	/* observed: stat's starttime, its identity */
	int			 rule;		/* observed by a rule (its index + 1), or 0:
						 * by pid, kept listed once it ends */
	struct thread_wait	 wait;		/* observed: what it waits on (actor_wait) */
	struct run_stamp	 stamp;		/* observed: how much it has run (procs.h) */
	struct tid_list		 tids;		/* observed: its threads, as last listed */
	/* Observed: when the first stamp that has not changed since was
	 * taken, and whether the last one did not change: what its threads
	 * read after quiet_since (task_ns, wait_ns) still holds (read_holds
	 * in actor_state.c). */
	int64_t			 quiet_since;
	bool			 still;
	int64_t			 task_ns;	/* when task was read */
	int64_t			 wait_ns;	/* when wait was read */
	/* Who could end its wait (lab_wakers), read in generation
	 * wakers_gen - 1 and while lab->forgets was wakers_forgets. */
	struct actor		*wakers[LAB_WAKERS];
	size_t			 nwakers;
	bool			 wakers_followed;
	char			 wakers_anyone[160];	/* file_want's anyone: "" if none */
	uint64_t		 wakers_gen;
	uint64_t		 wakers_forgets;
	/* Kept past its generation (woken_by_stands) while the thread has
	 * not run since wakers_ns and the tables are at wakers_fds. */
	bool			 wakers_keep;
	int64_t			 wakers_ns;
	uint64_t		 wakers_fds;
	bool			 chain_mark;	/* chains.c's, false between its uses */
	/* The files its wait wants (lab_wakers), to ask who outside the lab
	 * holds them, and a process it wants that the lab does not list. */
	struct fd_id		 want_ids[LAB_WAKERS];
	int			 want_access[LAB_WAKERS];
	size_t			 nwant_ids;
	pid_t			 want_unlisted;
	uint64_t		 wait_gen;	/* ...read in this generation, plus one */

	/* Threads: the thread has ended (pthread_exit). */
	bool			 ended;

	/* Probe cache, valid while gen equals lab->gen. */
	int			 stat_fd;	/* /proc/PID/task/TID/stat, kept open */
	struct task_info	 task;
	uint64_t		 task_gen;
	struct fd_table		 fds;		/* processes: valid while fds_valid */
	bool			 fds_valid;
	uint64_t		 fds_gen;	/* read in this generation (while starting) */
	pid_t			 watch_tid;	/* the lab's watcher thread, once seen */
	/* Processes: the object it runs inside (a host: the network
	 * namespace it entered when it started), which a fork inherits;
	 * NULL: the machine's own. Threads: their process's. */
	struct object		*place;
	void			**module_state;	/* each module's, in the lab's order (module.h) */
};

/* What every object is. A mechanism with state of its own embeds this
 * first in a struct of its own (mechanism.h: object_size, OBJECT_OF). */
struct object {
	char			*name;
	const struct mechanism	*mech;
	struct lab		*lab;
	struct actor		*creator;
	struct fd_id		 ids[2];	/* fd_backed: what its descriptors are */
	int			 nids;
	char			*path;		/* a file behind it (FIFO), or NULL */
	bool			 unlinked;	/* the file (or name) was removed */
	bool			 created;	/* the lab made it: the lab removes it */
	/* Observed (observe.c): what processes the lab did not make hold,
	 * or the machine's System V object numbered observed_number; never
	 * removed, unlinked or closed by the lab, dropped once gone. */
	bool			 observed;
	int64_t			 observed_number;
	int64_t			 created_ns;
	/* What a mechanism read of an observed object for its summary (a
	 * pipe's fill, an eventfd's counter) at kept_ns, taken again only
	 * once one of its holders ran since (lab_object_still). */
	bool			 kept;
	int64_t			 kept_ns;
	int64_t			 kept_v[2];
	/* The tick (ticks + 1) in which kept was read with the others of
	 * its kind in one go: good for that tick's summaries. */
	uint64_t		 kept_tick;
};

/* Indexes by identity, so that finding an object's holders, or the
 * object behind a descriptor, does not scan everything (objects.c). */
struct id_ref;
struct holder_ref;
struct anchor;
struct object_lists;
struct health_state;

/* A condition health.c points out (lab_health_tick). */
struct health_finding {
	char			*key;		/* what it is about: the same while it lasts */
	char			*kind;		/* orphaned, stalled, zombies, limit, growing */
	char			*who;		/* the process it is about, or NULL */
	char			*object;	/* the lab's object it is about, or NULL */
	char			*text;
	int64_t			 since_ns;	/* first seen */
};

struct lab {
	struct actor		**actors;
	size_t			 nactors;
	struct object		**objects;
	size_t			 nobjects;
	struct object_lists	*lists;		/* by name, and those that notice (objects.c) */
	struct loop		*loop;
	struct runtime		*rt;
	struct record_log	 log;
	struct timeline		 timeline;	/* what the actors did, for the pictures */
	uint64_t		 gen;		/* bumped when kernel state may have changed */
	struct netdiag		 net;		/* sockets, dumped at most once a generation */
	uint64_t		 net_fds;	/* fds_version of the chains' last dump */
	/* The machine's System V objects of each kind (enum ksysv_kind), read
	 * at most once a generation (ksysv_refresh) by whoever needs them
	 * whole: the observed objects' listing, health; what is described
	 * in the same generation is taken from them (lab_observed_objects
	 * keeps them for the objects it made). */
	struct ksysv_table	 sysv[KSYSV_NKINDS];
	struct id_ref		*obj_index;	/* every object's identities, sorted */
	size_t			 nobj_index;
	size_t			 obj_index_cap;
	uint64_t		 ids_version;	/* bumped when an identity is set */
	uint64_t		 obj_index_version;
	struct holder_ref	*holder_index;	/* every live descriptor of the lab's processes, sorted */
	size_t			 nholder_index;
	size_t			 holder_index_cap;
	uint64_t		 fds_version;	/* bumped when a table changes */
	uint64_t		 fds_reads;	/* ...and when one is read again */
	uint64_t		 holder_index_version;
	uint64_t		 holder_index_gen;
	/* Bumped when an observed process's table is to be read again
	 * (actor_fds_stale); the holder index reads such tables first. */
	uint64_t		 fds_staled;
	uint64_t		 holder_index_staled;
	uint64_t		 ticks;		/* refresh ticks so far */
	/* Since the last look for deadlocks (lab_chains_tick), an observed
	 * process ran, came or went: its waits may have changed. */
	bool			 observed_moved;
	int64_t			 start_at;	/* calls sent now start at this time (together), or 0 */
	struct anchor		*anchors;	/* shared_inode objects' files, the lab's
						 * duplicates, sorted by identity (objects.c) */
	size_t			 nanchors;
	size_t			 anchors_cap;
	/* The fdinfo lines the mechanisms tell files apart by (their
	 * fdinfo_keys), NULL-terminated, for the fd-table reader, and the
	 * mechanism each is handed to. */
	const char		**fdinfo_keys;
	const struct mechanism	**fdinfo_owners;
	pid_t			 self;
	pid_t			 guardian;	/* the guardian process (guardian.h), or 0 */
	struct loop_timer	*settle_timer;	/* watches calls not yet settled */
	struct loop_timer	*tick_timer;	/* state changes: stopped, continued */
	int64_t			 tick_ns;
	bool			 quitting;	/* shutting down: no more events */
	bool			 states_wait;	/* a stop or continue waits for a send's line */
	uint64_t		 forgets;	/* bumped when actors or objects are dropped
						 * (forget, reset): the lab's lists are built again */
	runtime_sweeper		 sweeper;	/* what the run's manifest is given to on reset */
	struct listener_list	 listeners;	/* told of changes, ticks, ends (listener.h) */
	/* Its parts (module.h), in the order lab_new was given them, and
	 * the state each keeps. */
	const struct lab_module	**modules;
	size_t			 nmodules;
	void			**module_state;
	const struct verb_table	*verbs;		/* the command table's (verb.h) */
	/* What observe follows (observe.c): processes that start and match
	 * a rule are observed on the next tick. */
	struct observe_rule	*observe_rules;
	size_t			 nobserve_rules;
	/* Processes unobserve took away by name: no rule takes them again
	 * while they live (by pid and start time). */
	struct observe_left	*observe_left;
	size_t			 nobserve_left;
	/* Processes the rules passed over that stay so while they live
	 * (kernel threads, zombies), by pid and /proc directory inode,
	 * sorted; all read again every passed_ns + 30 s. */
	struct observe_passed	*observe_passed;
	size_t			 nobserve_passed;
	int64_t			 passed_ns;
	/* The descriptors of every process the lab does not list (chains.c:
	 * who outside the lab may end a wait), read at unseen_ns. */
	struct unseen_ref	*unseen;
	size_t			 nunseen;
	int64_t			 unseen_ns;
	/* Each CPU's task clock against CLOCK_MONOTONIC, for how long an
	 * observed thread has waited (measured again every 10 s). */
	struct sched_clock	 clock;
	int64_t			 clock_ns;
	/* The deadlocks of waits the tick saw last (chains.c), as lines:
	 * each is recorded once, as it forms. */
	char			**deadlocks;
	size_t			 ndeadlocks;
	/* What health.c points out now, and what it keeps between looks. */
	struct health_finding	*health;
	size_t			 nhealth;
	struct health_state	*health_state;
	/* What observed objects were last made from (observe.c). */
	struct observed_sync	*observed_sync;
	/* A snapshot loaded (snapshot.h): what the panes, show and expect
	 * read instead of the lab's own, and no call is made; NULL. */
	struct snapshot		*snapshot;
};

/* Call hook of every module of the lab that has one, with its state and
 * the arguments after (the files of src/lab). */
#define LAB_MODULES_CALL(lab, hook, ...) do {					\
	size_t	 mi_;								\
	for (mi_ = 0; mi_ < (lab)->nmodules; mi_++) {				\
		if ((lab)->modules[mi_]->hook != NULL)				\
			(lab)->modules[mi_]->hook((lab), (lab)->module_state[mi_],	\
			    ##__VA_ARGS__);					\
	}									\
} while (0)
/* The same for a hook about actor a, given its state too. */
#define LAB_MODULES_CALL_ACTOR(lab, hook, a, ...) do {				\
	size_t	 mi_;								\
	for (mi_ = 0; mi_ < (lab)->nmodules; mi_++) {				\
		if ((lab)->modules[mi_]->hook != NULL)				\
			(lab)->modules[mi_]->hook((lab), (lab)->module_state[mi_],	\
			    (a), (a)->module_state[mi_], ##__VA_ARGS__);		\
	}									\
} while (0)

/* A lab in the run rt (or NULL: no manifest), whose reset gives the
 * manifest's records to sweeper (main: the registry's), sampling the
 * kernel every tick_ns; its verbs are verbs' (kept; main: cmd_verbs), its
 * parts are modules (NULL-terminated, kept; main: cmd_modules of the
 * registry's). */
struct lab	*lab_new(struct loop *, struct runtime *, runtime_sweeper, int64_t tick_ns,
		    const struct verb_table *verbs, const struct lab_module *const *modules);
/* Tell obs of what happens from now on, until lab_unlisten. */
void		 lab_listen(struct lab *, const struct lab_listener *obs);
void		 lab_unlisten(struct lab *, const struct lab_listener *obs);
/* Kill every actor, reap every process, remove every object; then free. */
void		 lab_free(struct lab **);
/* Kill and reap everything now (also from a fatal error path). */
void		 lab_shutdown(struct lab *);
/* Its work: every actor killed and reaped, every object's destroy; the
 * lab's lists stay as they were (lab_reset empties them). */
void		 lab_end_all(struct lab *);
/* Free one actor or object (already out of the lab's lists, or about
 * to be). */
void		 lab_actor_free(struct actor *);
void		 lab_object_free(struct object *);

/* forget.c. Drop from the lab what has ended and is gone from the
 * kernel: with a name, that actor or object (false with a cause if it
 * has not), else every one; a process goes with its threads, memory with
 * the objects in it. Logged. */
bool		 lab_forget(struct lab *, const char *name, char **cause);
/* Whether nothing of an object is left in the kernel. */
bool		 lab_object_gone(struct object *);
/* End every actor and remove every object as the end of a run does,
 * sweep the run's manifest, and go on with an empty lab: names start
 * again; the guardian stays. Logged. */
void		 lab_reset(struct lab *);

/* The lab's processes may have changed state: a SIGCHLD arrived. */
void		 lab_sigchld(struct lab *);

struct actor	*lab_actor(struct lab *, const char *name);
struct object	*lab_object(struct lab *, const char *name);
/* Give an object another name (taking name, malloc'd). */
void		 lab_object_rename(struct object *, char *name);
/* A name can be given to something new: not taken, not reserved by a call
 * in flight, not a command. */
bool		 lab_name_free(struct lab *, const char *name, char **cause);

/* Whether the lab can hold want more descriptors for long (a new actor
 * or thread, an object's anchor) and keep FD_RESERVE free for its
 * probes; if not, a cause that names what it was for. */
bool		 lab_fd_room(const char *what, unsigned want, char **cause);
/* Spawn a new actor process, inside place (an object whose mechanism
 * has place: a host), or NULL: on the machine itself. */
struct actor	*lab_spawn(struct lab *, const char *name, struct object *place, char **cause);
/* Reap a terminated actor the lab is the parent of. */
bool		 lab_reap(struct lab *, struct actor *, char **cause);
/* Whether lab_reap may take it: a process that ended and is not reaped. */
bool		 lab_reap_check(struct actor *, char **cause);
/* Whether forget NAME may drop it now: it has ended and is gone. */
bool		 lab_forget_check(struct lab *, const char *name, char **cause);

/* The actor has finished starting, or will never (it ended). */
bool		 actor_started(const struct actor *);
/* The object an actor (or its thread) runs inside (a host), or NULL:
 * the machine's own namespaces. */
struct object	*lab_actor_place(const struct actor *);
/* An actor can take a call now: alive, not stopped, not busy. */
bool		 actor_can_call(struct actor *, char **cause);
/* Start an actor call for a parsed command: prepare, then send. */
struct call	*lab_call(struct lab *, struct actor *, const struct cmd_entry *,
		    struct cmd *, char **cause);
/* The same in two steps, so that a command of several calls (together)
 * checks them all before it sends any: prepare checks that the actor can
 * take the call (if not, the command's error column is its target's) and
 * resolves its arguments, sending nothing; send sends
 * it (on failure the call is dropped and *cp set to NULL); drop frees a
 * prepared call that will not be sent, and the signals it would have put
 * in flight. */
struct call	*lab_call_prepare(struct lab *, struct actor *, const struct cmd_entry *,
		    struct cmd *, char **cause);
bool		 lab_call_send(struct call **, char **cause);
void		 lab_call_drop(struct call **);
/* Whether the verb's prepare takes the command's arguments, whether or
 * not the actor is free: prepared and dropped, nothing sent (Tab). */
bool		 lab_call_check(struct lab *, struct actor *, const struct cmd_entry *,
		    struct cmd *, char **cause);
/* Kernel state may have changed: a new generation, and frontends told. */
void		 lab_changed(struct lab *);
/* Whether a mechanism's notice may record changes now: not while a call
 * is being made (sent, neither settled nor blocked), since what the
 * kernel changed may be that call's doing, logged after its line. */
bool		 lab_may_notice(struct lab *);
/* Handle the replies already come of calls that send a signal: what the
 * signal did (a handler's report, a stop, an end) is logged after the
 * send. */
void		 lab_take_sends(struct lab *);
/* Whether what is seen now (of the process about: a stop, a continue,
 * its end; NULL: a handler's report) may be the doing of a signal an
 * actor sent whose line is still to come: a call that sends a signal,
 * not answered yet, from another process that can answer (not
 * stopped), for a short while at most. What it did waits for it. */
bool		 lab_send_unanswered(struct lab *, const struct actor *about);
/* Look at calls and signals in flight again soon. */
void		 lab_settle_soon(struct lab *);
/* A call has settled: replied, blocked, lost, or the actor stopped; and
 * the signals it sent have been dealt with. */
bool		 call_settled(const struct call *);
void		 call_free(struct call **);
/* Set what the call reported besides its result (last.NAME); takes value. */
void		 call_set_extra(struct call *, const char *name, char *value);

/* Kernel state. A task's state is probed at most once per generation; a
 * process's descriptor table only changes through its own calls, so it
 * is probed again only after one of them: the descriptors its reply
 * names, or the whole table at its next use when it named none (or on
 * lab_fds_changed). */
const struct task_info	*actor_task(struct actor *);
/* An observed process looked at on its own (show): whether it ran since
 * its last stamp, so that what was read of it is read again if so. */
void		 actor_recheck(struct actor *p);
/* Whether what was read of observed actor a (thread or process) in
 * generation read_gen (0: never) at read_ns holds still: its process has
 * not run since (actor_state.c says why that is enough). */
bool		 actor_read_holds(const struct actor *a, uint64_t read_gen, int64_t read_ns);
/* An actor's call in flight that sleeps inside a system call (S or D):
 * the kernel's view of what it waits in (nr, args); NULL otherwise. */
const struct task_info	*actor_sleeping_call(struct actor *);
const struct fd_table	*actor_fds(struct actor *);
/* The actor's process has a descriptor at every number below its
 * RLIMIT_NOFILE (an open or socket now fails with EMFILE): 1 yes, 0 no,
 * -1 if it cannot be told. */
int			 actor_fds_full(struct actor *);
void			 lab_fds_changed(struct lab *);
/* An actor's process may have changed any of its descriptors: read the
 * whole table again at its next use. */
void			 actor_fds_stale(struct actor *);
/* A process has become a zombie, or been reaped. */
void			 actor_set_life(struct actor *, enum actor_life);
/* The actor process with this pid: a live or zombie one, else the last
 * one reaped; NULL if none. */
struct actor		*lab_actor_by_pid(struct lab *, pid_t);
/* Whether a thread of process p is the lab's watcher (actor.h). */
bool			 process_is_watcher(struct actor *p, pid_t tid);
/* What an actor is doing, as the kernel shows it (actor_state). */
enum actor_state {
	STATE_STARTING,		/* spawned or forked, the lab's setup not done */
	STATE_IDLE,		/* no call of the user's in flight */
	STATE_RUNNING,		/* in a call, not asleep in it */
	STATE_BLOCKED,		/* asleep in the call the user asked for */
	STATE_STOPPED,		/* SIGSTOP and the like, or traced */
	STATE_EXITING,		/* a process whose task is gone or dying, not yet a zombie */
	STATE_ZOMBIE,		/* terminated, not yet reaped */
	STATE_EXITED,		/* reaped: it exited */
	STATE_KILLED,		/* reaped: a signal ended it */
	STATE_ENDED,		/* a thread that ended */
};
enum actor_state	 actor_state(struct actor *);
/* "idle", "blocked"...: the state as show, the TUI and wait name it. */
const char		*actor_state_name(enum actor_state);
bool			 actor_terminated(const struct actor *);
/* The processes that could end a blocked thread's wait, observed or an
 * actor's (the holders of the file it waits on, in the open mode its
 * mechanism says ends it), up to max in out; how many. followed: false
 * when the lab cannot tell (chains.c). */
size_t		 lab_wakers(struct actor *, struct actor **out, size_t max, bool *followed);
/* Who else may end that wait, processes the lab need not see ("any
 * process that may signal it"): "" when only those lab_wakers names can
 * (mechanism.h: file_want's anyone). */
const char	*lab_wakers_anyone(struct actor *);
/* Whether every holder of the file id is an observed process that has
 * not run since ns (actor_read_holds); false if none holds it. */
bool		 lab_id_still_since(struct lab *, const struct fd_id *id, int64_t ns);
/* The version of the descriptor tables (fds_version) once every stale
 * one is read again: what is built of them stands while it is the same
 * (objects.c). */
uint64_t	 lab_fds_version_now(struct lab *);
/* The live processes (actors or observed) holding a descriptor of the
 * file id open so (O_RDONLY, O_WRONLY, or -1 for any), up to max in
 * out; how many (chains.c). */
size_t		 lab_processes_holding(struct lab *, const struct fd_id *id, int access,
		    struct actor **out, size_t max);
/* A blocked thread's waits_for and its chain's end (a process that may
 * end it, who else may, or a deadlock) in d. */
void		 lab_describe_chain(struct actor *, struct desc *);
/* health.c. Look for what to point out (at most once a second, unless
 * now): System V objects left with nobody, writers whose readers will
 * not read, zombies piling up, counters near their limits, descriptors
 * growing; record each finding as it appears and as it clears. */
void		 lab_health_tick(struct lab *, bool now);
/* The findings as a list, "health": kind, process, text, for. */
void		 lab_describe_health(struct lab *, struct desc *);
/* describe.c: what health points out about the lab's object o (a list
 * "health" of texts), if anything: after its mechanism's describe. */
void		 lab_describe_object_health(struct object *o, struct desc *d);
void		 lab_health_free(struct lab *);
/* What an observed thread waits on, read once a generation (waits.h). */
const struct thread_wait *actor_wait(struct actor *);
/* "exited 0", "killed by SIGTERM (core dumped)". */
void			 actor_add_status(struct buf *, const struct actor *);

/* Resolve an ARG_FD (4, p1, p1.w) to a descriptor of the call's actor.
 * want is O_RDONLY or O_WRONLY (the end a bare object name picks), or -1
 * for any. Sets call->obj and call->end_access. */
bool		 lab_resolve_fd(struct call *, const struct arg *, int want, int *fd,
		    char **cause);
/* The object with this identity, and which of its identities, or NULL. */
struct object	*lab_object_by_id(struct lab *, const struct fd_id *, int *which);
/* Every object with this identity, in the lab's order: up to max of them
 * in out; how many there are. */
size_t		 lab_objects_by_id(struct lab *, const struct fd_id *, struct object **out,
		    size_t max);
/* The objects of descriptors (fd_backed) one of whose identities is the
 * file dev/ino, whatever tells files of that inode apart; their
 * identity's place in *which; how many there are (up to max given). */
size_t		 lab_objects_by_inode(struct lab *, dev_t dev, ino_t ino, struct object **out,
		    int *which, size_t max);
/* The object behind an actor's descriptor, or NULL. */
struct object	*lab_object_by_fd(struct lab *, struct actor *, int fd);
/* Which of an object's identities a descriptor has (0 or 1), or -1 if
 * it is not one of the object's. */
int		 object_fd_which(const struct object *, const struct fd_entry *);
/* Whether a descriptor is end e of the object. */
bool		 object_fd_is_end(const struct object *, const struct fd_entry *,
		    const struct object_end *);
/* Set an object's identity number which from an actor's descriptor. */
bool		 object_set_id(struct object *, int which, struct actor *, int fd);
/* Object o has just been given its identities: an unlinked object with
 * one of them is a freed file whose inode number the kernel gave to o,
 * and it forgets the identity (it is gone). object_set_id does this. */
void		 object_forget_reused(struct object *o);
/* Whether two objects are (or were) of one name: one file or POSIX
 * name, or one name of their mechanism's own (same_name: a key); names.h:
 * a name made again. */
bool		 object_same_name(const struct object *, const struct object *);
/* A shared_inode object no actor holds any more: the lab lets go of its
 * duplicate, so that the kernel frees it as it would have. */
void		 object_drop_anchor(struct object *);
/* A descriptor in a call's log line: "4<p1.w>" when the call resolved it
 * to an object's end, "4" otherwise. */
void		 lab_add_call_fd(struct buf *, const struct call *, int fd);
/* "p1.w", "s1", "sp.b": an object's end by name. */
void		 lab_add_end_name(struct buf *, const struct object *, int which, int access);
/* The same for any descriptor of an actor, from its descriptor table. */
void		 lab_add_actor_fd(struct buf *, struct actor *, int fd);
/* Only the name, "p1.r", or the number of a descriptor that is no
 * object's. */
void		 lab_add_fd_name(struct buf *, struct actor *, int fd);

/* Register a new object (from a mechanism's finish). */
struct object	*lab_object_new(struct lab *, const char *name, const struct mechanism *,
		    struct actor *creator);
/* Register a new actor process or thread (from fork and thread's finish). */
struct actor	*lab_actor_adopt(struct lab *, const char *name, struct actor *parent,
		    bool thread, pid_t pid, pid_t tid, int chan, int chan_fd, int pidfd);
/* An observed process (proc NULL, watched through pidfd) or a thread of
 * one (proc): an actor with no channel (observe.c). */
struct actor	*lab_actor_observed(struct lab *, const char *name, struct actor *proc,
		    pid_t pid, pid_t tid, int pidfd);

/* Observing processes the lab did not make (observe.c). */
enum observe_kind {
	OBSERVE_ALL,		/* every process but the lab's own and the kernel's */
	OBSERVE_USER,		/* a user's */
	OBSERVE_COMM,		/* those of a command name (comm) */
};
struct observe_left {
	pid_t			 pid;
	unsigned long long	 start;
};
struct observe_passed {
	pid_t			 pid;
	ino_t			 dir_ino;
};
struct observe_rule {
	enum observe_kind	 kind;
	uid_t			 uid;
	char			*comm;
	char			*text;		/* "user alice", as said */
};
/* Observe process pid (rule: the rule's index + 1 that chose it, or 0);
 * its actor, new or already observed, in *out. False with a cause: no
 * such process, the lab's own, a kernel thread. */
bool		 lab_observe_pid(struct lab *, pid_t, int rule, struct actor **out,
		    char **cause);
/* Follow a rule (arg: the user's name or uid, or the command name):
 * every process it matches now is observed (how many in *added), and
 * each that starts later on the next tick. */
bool		 lab_observe_rule(struct lab *, enum observe_kind, const char *arg,
		    size_t *added, char **cause);
/* Stop observing one process (only), or every one and every rule
 * (NULL); how many processes. */
size_t		 lab_unobserve(struct lab *, struct actor *only);
/* What observed processes hold, and the machine's System V objects, as
 * objects marked observed: those new made, those gone dropped (each
 * tick, and as processes are observed; --list). */
void		 lab_observed_objects(struct lab *);
/* Each tick: observed processes' threads, those reaped by their parent,
 * those a rule chose that are gone, and new processes a rule matches. */
void		 lab_observe_tick(struct lab *);

/* Describe an actor or object; false with a cause if the name is unknown. */
bool		 lab_describe(struct lab *, const char *name, struct desc *, char **cause);
/* Whether lab_describe describes name: lab, an actor, an object, a job. */
bool		 lab_describable(struct lab *, const char *name, char **cause);
void		 lab_describe_actor(struct actor *, struct desc *, enum desc_detail);
/* One line per actor and object. */
void		 lab_describe_all(struct lab *, struct desc *);

/* Add to the event log. */
void		 lab_record(struct lab *, enum record_kind, const char *who,
		    enum record_level, struct desc *, const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));
/* A record just made, to the listeners and, if timed (what an actor
 * did), to the timeline, with the flow of its call's verb (FLOW_NONE for
 * what is no call). lab_record and call_record call it. */
void		 lab_noted(struct lab *, const struct record *, enum verb_flow, bool timed);
/* A record made before (a recording played back), as it was, with d
 * (taken over): to the log, the listeners and, if timed, the timeline. */
void		 lab_record_again(struct lab *, const struct record *, struct desc *d,
		    enum verb_flow, bool timed);

/* Which holders have descriptors on an object, for mechanisms' describe:
 * a list of {actor, fd} in d under name, filtered by the identity which
 * and by access (-1: all). */
void		 lab_describe_holders(struct object *, struct desc *, const char *name,
		    int which, int access);
/* The live descriptors of an object: up to max {actor process, fd}. */
struct lab_holder {
	struct actor	*a;
	int		 fd;
};
size_t		 lab_holders(struct object *, struct lab_holder *, size_t max);
/* The descriptors of an object that one actor's process holds, in
 * descriptor order: up to max of them in fds; how many there are. */
size_t		 lab_held_by(struct object *, struct actor *, int *fds, size_t max);
/* Calls blocked on an object, as a list of {actor, call}. */
void		 lab_describe_blocked(struct object *, struct desc *, const char *name);
/* A live holder of the object with a descriptor of identity which and the
 * access wanted (-1: any), preferring readable ones; false if none. */
bool		 lab_find_holder(struct object *, int which, int access, struct actor **, int *fd);
/* Mark in held (one flag per place in lab->actors) each live process that
 * holds a descriptor of file id open so (access: O_RDONLY, O_WRONLY, or
 * -1 for any; O_RDWR fits both), from the holder index. */
void		 lab_id_holders(struct lab *, const struct fd_id *id, int access, bool *held);
/* Whether observed object o can have changed since since_ns: false
 * unless every process holding it is observed and has not run since
 * (what only its holders change, a pipe's fill, an eventfd's counter). */
bool		 lab_object_still(struct object *o, int64_t since_ns);
/* Whether only processes the lab observes hold o (none of its actors,
 * whose commands may change it between ticks). */
bool		 lab_object_observed_only(struct object *o);

#endif
