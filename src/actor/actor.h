/* actor.h: the actor side. An actor process is a fork of the controller
 * that serves its channel: it waits for a request, makes the real call
 * the request names (the verb's perform), and replies. Each thread of an
 * actor serves its own channel. The tool's machinery keeps out of the
 * way of what the user studies: the actor starts with default signal
 * dispositions and an empty mask, catches nothing, and its one helper
 * thread ("ipcscope-watch", every signal blocked, so it never takes a
 * signal meant for the user's threads) only ends the process if the
 * controller disappears while a user thread is blocked. Channels sit at
 * descriptors from ACTOR_FD_BASE up, so the user's start at 3. */
#ifndef ACTOR_H
#define ACTOR_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"
#include "wire.h"

#define ACTOR_FD_BASE		1000
#define ACTOR_WATCH_NAME	"ipcscope-watch"

/* What a verb's perform gets and fills, inside the actor. */
struct actor_call {
	const struct wire_request	*req;
	const char			*data;
	size_t				 data_len;
	int				 chan;		/* this thread's channel */

	int64_t				 ret;
	int				 err;
	int				 tool_err;	/* the lab's own step failed first */
	int64_t				 val[WIRE_VALS];
	int64_t				 elapsed_ns;
	struct buf			 out;		/* data for the reply */
	int				 fds[WIRE_MAX_FDS];	/* sent with the reply, then closed */
	size_t				 nfds;
	int64_t				 t0;
	/* The descriptors the call changed (actor_fd_changed), -1 if it did
	 * not say; too_many: more than a reply holds. */
	int				 nchanged;
	int				 changed[WIRE_MAX_CHANGED];
	bool				 too_many;
};

/* Time the real call: actor_begin right before it, actor_end right after
 * with its return value, read as the verb's table entry says (returns:
 * -1 takes errno, or the value is the error number). actor_end_error
 * ends one of the lab's own loops (incr, produce) whose step failed with
 * an error: ret -1 and that error, like errno. */
void	actor_begin(struct actor_call *);
void	actor_end(struct actor_call *, int64_t ret);
void	actor_end_error(struct actor_call *, int err);
/* What the call did to the process's descriptors, so that the lab reads
 * again only those rather than the whole table (which it does after a
 * verb without EFF_KEEPS_FDS whose perform says nothing of the kind):
 * actor_fd_changed names a descriptor the call may have opened, closed
 * or changed (one below 0, what a failed open returns, names none, but
 * still says the call named what it changed); actor_fds_unchanged says
 * it changed none (mmap: its mappings are read again all the same).
 * Name every descriptor the call may have touched: one left out stays
 * in the lab's table as it was. Past WIRE_MAX_CHANGED the whole table
 * is read again. */
void	actor_fd_changed(struct actor_call *, int fd);
void	actor_fds_unchanged(struct actor_call *);
/* The calling thread is one the actor started (A.t1), not its process's
 * own. */
bool	actor_in_thread(void);
/* The actor wrote a record to one of the lab's descriptors other than
 * its channels (a signal handler's report): counted, so that the next
 * reply says so (wire_reply.aside) and the lab reads them before it.
 * Async-signal-safe; call it before the write. */
void	actor_wrote_aside(void);

/* A descriptor of the lab's a spawned actor keeps (the signal report
 * pipe's write end, the run's manifest): fd in the controller, placed at
 * at (from ACTOR_FD_BASE + 1 up); what names it if it cannot be ("signal
 * reports"). */
struct actor_keep {
	int		 fd;
	int		 at;
	const char	*what;
};

/* A namespace a spawned actor enters first of all (setns): fd in the
 * controller, nstype CLONE_NEWUSER or CLONE_NEWNET, in the order given
 * (a user namespace before the network namespace it owns). */
struct actor_enter {
	int		 fd;
	int		 nstype;
};

/* The child side of lab_spawn: never returns. The namespaces are
 * entered (after a user namespace, with no capabilities left: the actor
 * is as unprivileged inside as it was outside); the channel and the
 * lab's descriptors to keep (the modules', the manifest) are moved to
 * their places, and every other descriptor closed; if that fails, the
 * actor says why (WIRE_FAIL) and exits 127. by_index finds the verb of
 * a request's op (verb.h: the table the lab was given). */
struct cmd_entry;
void	actor_spawned_main(int chan, const struct actor_keep *, size_t nkeep,
	    const struct actor_enter *, size_t nenter, pid_t controller,
	    const struct cmd_entry *(*by_index)(uint32_t)) __attribute__((noreturn));

/* Whether socket fd is inside one of the lab's hosts: it is not of the
 * machine's own network namespace, whoever holds it (one passed out of
 * a host keeps the host's, one passed in keeps the machine's). False
 * when the kernel cannot tell. */
bool	actor_fd_in_host(int fd);

/* The pthread_t of one of the process's user threads, by tid. */
bool	actor_thread_handle(pid_t tid, pthread_t *);

/* Process and thread verbs that need the actor's own machinery. */
void	actor_do_fork(struct actor_call *);
void	actor_do_thread(struct actor_call *);
void	actor_do_pthread_exit(struct actor_call *) __attribute__((noreturn));

#endif
