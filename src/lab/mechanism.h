/* mechanism.h: the contract of an IPC mechanism. A mechanism is one file
 * in its family's folder of mechanisms/ exporting one const struct
 * mechanism, listed once in mechanisms/registry.c. It brings its own commands (actor verbs named
 * after the real calls, and any lab verbs), and describes its objects
 * from the kernel's state; it never draws. */
#ifndef MECHANISM_H
#define MECHANISM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "desc.h"
#include "probe.h"
#include "verb.h"

struct actor;
struct fd_entry;
struct thread_wait;
struct lab;
struct object;
struct actor_enter;
struct sync_ref;

/* A named end of an object reached through descriptors: p1.r, p1.w. An
 * end is the object's identity number which (0 or 1: a pty's master and
 * slave are two files), opened with access (O_RDONLY, O_WRONLY, O_RDWR,
 * or -1 for any). */
struct object_end {
	const char	*suffix;	/* "r" */
	int		 which;
	int		 access;
	const char	*what;		/* "read end" */
};

/* The full screen's menus (ui/menu.c) are made of what each mechanism
 * offers. A new object (the n menu): the call that makes one, what
 * follows the name in it (" rw create"; MEM stands for the memory the
 * object goes in: the menu puts the newest memory object's name there),
 * the prefix of the names it suggests ("p": p1, p2...), and a line on
 * what it is. The menu lists them by group, then in registry order. */
enum menu_group {
	MENU_BYTES,		/* pipes, sockets: bytes from one end to the other */
	MENU_MESSAGES,		/* message queues */
	MENU_EVENTS,		/* counters and waiting on many */
	MENU_TERMINALS,
	MENU_MEMORY,		/* shared memory */
	MENU_FILES,		/* files, their locks */
	MENU_SYNC,		/* semaphores, mutexes, condition variables */
	MENU_PLACES,		/* what the lab makes itself, no actor (hosts, links):
				   rest is the whole command after the verb, NAME in
				   it the name suggested, PLACES the two newest places */
	MENU_GROUPS		/* how many */
};

struct menu_new {
	enum menu_group	 group;
	const char	*verb;		/* "pipe" */
	const char	*rest;		/* after the name: "", " create", " MEM 64" */
	const char	*prefix;	/* "p" */
	const char	*text;		/* "pipe: anonymous, one-way; its maker gets both ends" */
	/* Offered in an actor's own menu too, with this text ("pipe: a new
	 * pipe..."), or NULL. */
	const char	*actor_text;
};

/* A call a menu offers: the command line after "ACTOR " (%s in it is
 * the object's name), run as it is or, with prefill, put on the command
 * line to finish with the cursor cursor_back characters from its end;
 * and the item's text (%s the object's name). In an object's menu the
 * actor's name goes before the text ("B: write to p1..."), or before
 * object_text if it is set. when says where it is offered: */
struct menu_call {
	unsigned	 when;
#define MENU_WRITES	0x1	/* on an object the actor holds an end of that writes */
#define MENU_READS	0x2	/* ... that reads */
#define MENU_UNHELD	0x4	/* on one it holds none of, whose name is linked */
#define MENU_CREATOR	0x8	/* to its creator, while its name is linked (the
				   object's menu only) */
#define MENU_PROCESS	0x10	/* a call an actor makes on itself: a process's own
				   thread */
#define MENU_THREAD	0x20	/* ... a thread it started */
	const char	*command;	/* "write %s \"\"" */
	const char	*text;		/* "write to %s..." */
	const char	*object_text;	/* "open it for reading", or NULL */
	bool		 prefill;
	int		 cursor_back;
};

/* The full screen's signal menu (the k key): the lab verbs that send a
 * signal, written "VERB ACTOR SIGNAL", to a whole process and to one
 * thread. */
struct menu_signal {
	const char	*process;	/* "kill" */
	const char	*thread;	/* "tkill" */
};

/* A file whose holders could end a wait (woken_by), and the open mode
 * they must hold it with: O_RDONLY, O_WRONLY, or -1 for any. */
struct file_want {
	struct fd_id	 id;
	int		 access;
	pid_t		 pid;		/* not 0: this process, whatever it holds (a
					 * lock's owner) */
	/* Not "": not a file but who else may end the wait, processes
	 * the lab need not see ("any process connecting to
	 * 127.0.0.1:8080", "any process that may signal it"): the wait
	 * is a way out, never part of a deadlock. The others given with
	 * it are those the lab sees that may. */
	char		 anyone[160];
};

/* What an observed process's descriptor is as an object (observe_fd):
 * the object's mechanism (the one asked, or one of its family's: a
 * FIFO's), its identities (the descriptor's among them; a pair's two,
 * the lower inode first), and its name, a lab name that stays the
 * object's while it lives, made of what the kernel numbers it by (its
 * inode: "pipe-4711"). */
struct observed_fd {
	const struct mechanism	*mech;
	struct fd_id		 ids[2];
	int			 nids;
	char			 name[48];
	/* Set with a false answer when a later look may answer otherwise
	 * though the descriptor is the same (a file locked later): else it
	 * is not asked again while held. */
	bool			 retry;
};

struct mechanism {
	const char		*name;		/* "pipe": the kind of its objects */
	const char		*title;		/* "anonymous pipes" */
	const char		*help;		/* a paragraph for help NAME */

	/* The size of its objects: a mechanism with state of its own keeps
	 * it in a struct of its own whose first member, base, is the
	 * struct object the lab knows (a System V queue's id and key), and
	 * reaches it with OBJECT_OF. lab_object_new allocates this many
	 * bytes, zeroed. 0: sizeof(struct object), no state of its own. */
	size_t			 object_size;

	/* Its verbs, NULL-terminated. Actor verbs run through the actor
	 * call path (verb.h); lab verbs run in the controller. */
	const struct cmd_entry	*const *commands;

	/* The verbs that generic send and recv become on its objects
	 * ("write", "read"), or NULL if it has none. */
	const char		*send_verb;
	const char		*recv_verb;
	/* For the help of send and recv, made from every mechanism's: what
	 * its objects are called there ("pipes", "an eventfd"), and what
	 * send_verb and recv_verb are ("write", "an 8-byte write"; NULL: the
	 * verb's name). Objects with the same call are said together ("write
	 * for pipes and FIFOs"), and so are calls on objects of the same name
	 * ("msgsnd and mq_send for message queues"). NULL help_objects: the
	 * help leaves it out. */
	const char		*help_objects;
	const char		*help_send;
	const char		*help_recv;

	/* The full screen's menus: the new objects it makes (ending with a
	 * NULL verb), or NULL. */
	const struct menu_new	*menu_new;
	/* Sending and receiving on an object an actor holds (MENU_WRITES,
	 * MENU_READS items, ending with a NULL command). NULL: send and recv,
	 * if it has send_verb and recv_verb ("send on q1...", "receive from
	 * q1"). */
	const struct menu_call	*menu_io;
	/* The other calls on its objects (MENU_UNHELD, MENU_CREATOR), and
	 * those an actor makes on itself (MENU_PROCESS, MENU_THREAD), each
	 * ending with a NULL command; or NULL. */
	const struct menu_call	*menu_calls;
	const struct menu_call	*menu_actor;
	/* The verbs the signal menu sends with, or NULL; the menu takes the
	 * first mechanism's in the registry. */
	const struct menu_signal *menu_signal;

	/* Its objects are reached through descriptors, which finish sets
	 * the identities of (object ids[]); ends names them. NULL ends: any
	 * descriptor of the object will do. */
	bool			 fd_backed;
	const struct object_end	*ends;		/* ends with suffix NULL */
	/* Keys of lines of its descriptors' /proc/PID/fdinfo/FD that tell
	 * apart files sharing one inode (all an eventfd's files are one
	 * anon_inode: "eventfd-id"), NULL-terminated, or NULL. The lab asks
	 * the fd-table reader for every mechanism's, and hands a descriptor
	 * that has one to handle_fdinfo. */
	const char *const	*fdinfo_keys;
	/* Controller, as a descriptor is read (lsfd's handle_fdinfo): its
	 * fdinfo has key, one of fdinfo_keys, with this value. Claim it:
	 * set fe->id.xid, the id its file is told apart by (0 or more,
	 * below 2^62, where the lab's own begin), and return true; false
	 * if the value makes none (the descriptor has no id then). */
	bool			(*handle_fdinfo)(struct fd_entry *fe, const char *key,
				    const char *value);
	/* Its files all share one inode and carry no id of their own (every
	 * epoll instance is anon_inode:[eventpoll]): the lab keeps a
	 * duplicate of each object's file (its anchors, until
	 * object_drop_anchor) and tells the actors' descriptors apart by
	 * comparing them with it (kcmp). */
	bool			 shared_inode;
	/* Objects with a name in the kernel that is no path (a System V
	 * key): whether two of its objects, neither with a path, have or
	 * had one name, so that a call that makes an object under a name
	 * an older one lost takes it (names.h). NULL: only a path names
	 * them. */
	bool			(*same_name)(const struct object *, const struct object *);
	/* Its objects are files the lab makes in its runtime directory
	 * (mkfifo, open ... create): unlink removes their names, and a name
	 * unlinked can be made again by the verb of any such kind. */
	bool			 runtime_file;

	/* Controller. Add the object's live state, read from the kernel,
	 * to d: first "kind" (the mechanism's name) and "summary" (one line
	 * for lists), then its own fields. With DETAIL_SUMMARY only what a
	 * list line needs (it is called for every visible object on every
	 * refresh); with DETAIL_FULL everything (show, expect, --json, the
	 * detail pane). */
	void			(*describe)(struct object *, struct desc *d, enum desc_detail);
	/* Controller, for the topology (sample.h's links): what ties the
	 * object to processes besides their descriptors of it, which the
	 * lab knows, and to the lab's other objects, as describe's
	 * DETAIL_FULL names them: lists "mappings" of {actor, access},
	 * "locks" of {holder, type, range}, "waiters" of {actor, call},
	 * and "peers" of {end, peer, peer_object} (a socket's side and the
	 * lab's socket at its other end). Cheap: no bytes read, nothing
	 * remembered as shown. NULL: its descriptors alone tie it. */
	void			(*describe_links)(struct object *, struct desc *d);

	/* Controller. Remove what outlives the processes (a FIFO's file, a
	 * queue); called once when the lab ends. May be NULL. */
	void			(*destroy)(struct object *);

	/* Controller. Free what the object's own state holds (object_size;
	 * not the object, which is the lab's), as the lab frees it: when it
	 * is forgotten, at reset, or when the lab ends. May be NULL. */
	void			(*release)(struct object *);

	/* Controller, at start. A run that died without ending its lab left
	 * a record in its manifest: "NAME ARGS", written by runtime_record
	 * with this mechanism's name as the kind. Remove the thing if it is
	 * still there and still the one recorded; true if it was removed.
	 * Also called by the guardian when the controller died, and at a
	 * clean end for what a call the lab never heard back from made.
	 * May be NULL. */
	bool			(*sweep)(const char *args);

	/* Memory that can be mapped (a System V segment, a POSIX shared
	 * memory object, a file, an anonymous shared mapping): its size in
	 * bytes now, from the kernel, or -1 if it cannot be known. Its
	 * identity ids[0] is what /proc/PID/maps shows for its mappings
	 * (memory.h). NULL for other kinds. */
	int64_t			(*mem_size)(struct object *);
	/* A synchronisation object placed inside memory (an unnamed
	 * semaphore, a process-shared mutex): its size there, so that an
	 * address an actor sleeps on is found to be in it. 0 for others. */
	size_t			 sync_size;
	/* Controller: the object this one lies inside (the memory a
	 * semaphore was placed in), and at which offset (*offset), or NULL
	 * if none; what lies inside goes with it (forget). NULL for kinds
	 * that never lie inside another (object_inside asks). */
	struct object		*(*inside)(const struct object *, int64_t *offset);
	/* A semaphore or mutex that the memory workloads (incr ... with,
	 * produce, consume) can take around their stores: how the calling
	 * actor takes it (mechanisms/sync/sync.h). NULL for other kinds. */
	bool			(*sync_ref)(struct call *, struct object *, struct sync_ref *,
				    char **cause);
	/* Controller. A read of one of its descriptors returned data (a
	 * signalfd's records): say what it means (call_set_extra), and tell
	 * the lab what it learnt. NULL when the bytes speak for themselves. */
	void			(*read_done)(struct call *);
	/* Controller, on each tick and after each call settles or process
	 * ends (and from describe, if a state it shows may be one not yet
	 * logged): record (lab_record) each change the kernel made to the
	 * object on its own since the last look, as every such change is an
	 * event in the log (a TCP connection's state: the peer's FIN, the
	 * TIME_WAIT timer). NULL when the kernel changes nothing by itself,
	 * or the change is seen through a process (a signal, an end).
	 * Not while a call is being made (lab_may_notice): what it changes
	 * is logged after its line. */
	void			(*notice)(struct object *);
	/* Controller, for memory that can be mapped (mem_size): why process
	 * p has not mapped it (or opened it), and the way p can, if there is
	 * one: each suggestion a command that works now. Allocated. NULL: a
	 * plain "has not mapped". */
	char			*(*not_mapped)(struct object *, struct actor *p);
	/* Controller. Whether a terminal device (a process's controlling
	 * terminal: its major and minor number) is one of its kind; if it
	 * is, add the field key to d naming it: the lab's object by name, or
	 * the device. The lab asks each mechanism until one answers. NULL
	 * for other kinds. */
	bool			(*describe_tty)(struct lab *, unsigned int major,
				    unsigned int minor, struct desc *d, const char *key);
	/* Observed processes (observe.c): whether a descriptor the lab did
	 * not make is a file of its kind, from what the kernel shows (its
	 * type, its link); the first mechanism in the registry that claims
	 * it answers for it. NULL: it claims none. */
	bool			(*claims)(const struct fd_entry *);
	/* Describe such a descriptor of an observed process p, within its
	 * fds (a pipe's bytes queued, peeked without taking them). NULL:
	 * its number and file alone. */
	void			(*describe_fd)(struct lab *, struct actor *p,
				    const struct fd_entry *fe, struct desc *d);
	/* For a thread blocked in a call on such a file (fe; tw says the
	 * call: waits.h's WAIT_FD_*): the files whose holders could end the
	 * wait, each with the open mode they must hold it with (a pipe's
	 * reader waits for a holder of its write end; a socket's for its
	 * peer's), up to max in out; how many. 0: holding a file is not
	 * what ends it, or the lab cannot tell. */
	size_t			(*woken_by)(struct lab *, const struct fd_entry *fe,
				    const struct thread_wait *tw, struct file_want *out,
				    size_t max);
	/* woken_by's answer rests on nothing but the file, its peer (which
	 * a connected socket keeps) and the lab's descriptor tables: it
	 * stands while the waiting thread has not run and no table changed,
	 * and the chains keep it across ticks (lab_wakers). */
	bool			 woken_by_stands;

	/* For a thread blocked in a wait on no descriptor that its kind's
	 * objects end (waits.h: WAIT_SEMOP, WAIT_MSGQ, WAIT_FUTEX,
	 * WAIT_SIGNAL): the
	 * processes that could end it, as file_want with pid set (a thread
	 * id names its process); how many. 0: not its kind's wait, or the
	 * lab cannot tell. */
	size_t			(*woken_by_wait)(struct lab *, const struct thread_wait *tw,
				    struct file_want *out, size_t max);

	/* Health (health.c): for descriptor fe of process p (an actor or
	 * an observed one) that is a file of its kind, told apart by its
	 * fdinfo (fdinfo_keys), a counter near its limit: said in b (what
	 * follows the process's name), true. NULL: it has none. */
	bool			(*health_fd)(struct lab *, struct actor *p,
				    const struct fd_entry *fe, struct buf *b);
	/* Observed processes' files as the lab's objects (observe.c): of a
	 * descriptor fe of process p that it claims, whose file no object
	 * has, the object it is, in *out; false: none (it is described
	 * within its process alone). The lab makes it, marked observed
	 * (never removed or closed by the lab), and drops it once no
	 * process holds it. NULL: none. */
	bool			(*observe_fd)(struct lab *, struct actor *p,
				    const struct fd_entry *fe, struct observed_fd *out);
	/* Objects of its kind that are no descriptor's, observed while the
	 * lab observes anything (System V's, the whole machine's; POSIX
	 * shared memory and named semaphores that observed processes map): their numbers (ids), sorted, in *out (allocated), the
	 * lab's own left out; how many. -1 when nothing changed since the
	 * last call, as far as the kernel says cheaply: *stamp is what it
	 * said then (0: list them whatever it says). The lab makes each
	 * new one ("msgq-32768") and drops each that is gone. */
	ssize_t			(*observe_machine)(struct lab *, uint64_t *stamp, int64_t **out);
	/* The System V kind its machine's objects are (enum ksysv_kind, plus
	 * one; 0: none), which health's findings about them name. */
	int			 sysv_kind;
	/* A new observed object's own state (object_size): from the
	 * descriptor it was made of (fe), or its number (observe_machine:
	 * fe NULL). NULL: none. */
	void			(*observe_init)(struct object *, const struct fd_entry *fe,
				    int64_t number);

	/* Controller: whether nothing of the object is left in the kernel
	 * (forget drops it). NULL: the lab's rule, which fits objects of
	 * descriptors, mappings and names: none held, none mapped, and its
	 * path or name unlinked (and, within memory, that memory gone). */
	bool			(*gone)(struct object *);
	/* Why gone says no, when "it is still there in the kernel" is not
	 * the reason (a host actors listed ran inside). NULL: that. */
	const char		*(*kept_why)(struct object *);

	/* Controller: its objects are places actors run inside (a host):
	 * the namespaces a new actor started in o enters, in order, put in
	 * enter (at most max; actor.h); how many, or -1 and *cause when
	 * none can start there now. NULL: nothing runs inside its objects. */
	ssize_t			(*place)(struct object *o, struct actor_enter *enter, size_t max,
				    char **cause);
};

/* A mechanism's object as its own struct type, which embeds struct
 * object first as base (object_size): checked when built (base first)
 * and when run (the object is as large as type: object_of calls fatal
 * otherwise). o may be const: the result is not (as strchr's). */
#define OBJECT_OF(o, type) ((type *)object_of((o), sizeof(type) +			\
	0 * sizeof(struct { _Static_assert(offsetof(type, base) == 0,			\
	    #type " embeds struct object first, as base"); char c_; })))
void			*object_of(const struct object *, size_t size);

/* The object o lies inside, and where in it (offset may be NULL), from
 * its mechanism's inside; NULL if none. */
struct object		*object_inside(const struct object *, int64_t *offset);

/* Find a mechanism by name in the registry (for the sweep). */
const struct mechanism	*mechanism_find(const struct mechanism *const *, const char *name);
/* A record "KIND ARGS" of a run's manifest, given to the registry's
 * mechanism of that kind to remove (a runtime_sweeper; arg unused). */
bool			 mechanism_sweep(void *arg, const char *kind, const char *args);

/* mechanisms/registry.c: every mechanism, NULL-terminated. */
extern const struct mechanism *const mechanism_registry[];

#endif
