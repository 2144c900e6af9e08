/* guardian.h: a small process of ipcscope's own that outlives the
 * controller, so that nothing the lab made outlives both.
 *
 * The controller starts it first thing (a double fork, so it is no
 * child of the controller and is re-parented when the controller dies)
 * and tells it, over a SOCK_SEQPACKET socketpair, the pidfd of every
 * actor process and, while the screen is the lab's, the terminal's
 * saved modes and the bytes that undo the screen's settings. When the
 * controller ends without saying goodbye (any signal, SIGKILL included,
 * or a crash), the guardian restores the terminal, SIGKILLs every actor
 * through its pidfd and waits for them to end, gives each record of the
 * run's manifest to the mechanisms' sweeps, removes the run's
 * directory, says in one line what it did, and exits: within
 * milliseconds. On a clean end the controller says goodbye and the
 * guardian exits at once.
 *
 * It cannot be what is left behind: it is in a session of its own (the
 * terminal's signals never reach it), holds no IPC object, exits as
 * soon as the controller is gone, and takes at most GUARDIAN_MAX_S
 * seconds to clean up (an alarm ends it). Should it die while the
 * controller lives, the controller starts another and tells it
 * everything again. It shares the run's lock, so no next start sweeps
 * the run while it cleans up. */
#ifndef GUARDIAN_H
#define GUARDIAN_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

#include "runtime.h"

#define GUARDIAN_NAME	"ipcscope-guard"
#define GUARDIAN_MAX_S	30

struct guardian;
struct loop;

/* Start the guardian of the run rt; its sweeps go to sweeper. NULL with
 * a one-line cause if it could not be started. Call before the
 * controller becomes a subreaper. */
struct guardian	*guardian_start(struct loop *, struct runtime *, runtime_sweeper, void *arg,
		    char **cause);
/* The guardian's pid and a pidfd that is readable when it has ended
 * (the controller watches it and calls guardian_restart). */
pid_t		 guardian_pid(const struct guardian *);
int		 guardian_pidfd(const struct guardian *);
/* It ended while the controller lives: start another, which is told
 * the terminal again; the caller tells it the processes again. False
 * with a cause if it could not be started. */
bool		 guardian_restart(struct guardian *, char **cause);
/* An actor process: the guardian kills it if the controller dies. The
 * pidfd stays the caller's. */
void		 guardian_add_process(struct guardian *, int pidfd, pid_t);
/* That process has ended: the guardian lets go of it. */
void		 guardian_process_gone(struct guardian *, pid_t);
/* The terminal on fd is in the lab's modes: should the controller die,
 * write reset (rmcup, cnorm...) to it and give it back the modes saved.
 * The fd stays the caller's. */
void		 guardian_set_terminal(struct guardian *, int fd, const struct termios *saved,
		    const char *reset, size_t len);
/* The terminal is back in the user's modes (an end, a suspend). */
void		 guardian_clear_terminal(struct guardian *);
/* From the handler of a fault or an abort (async-signal-safe): the
 * terminal given back at once, as the guardian would once the controller
 * is gone, and the guardian told it is done. A shell goes on as soon as
 * its job dies: its prompt must not come before the terminal is its own
 * again (a full screen's leaving would wipe it). */
void		 guardian_crash_terminal(struct guardian *);
/* A clean end, after the lab was cleaned up: tell the guardian goodbye
 * and wait (up to a second) for it to exit. */
void		 guardian_stop(struct guardian **);

#endif
