/* siglab.h: the lab's side of signals, a module of the lab's
 * (module.h). Reports from the actors' handlers and signal-taking calls
 * (sigreport.h), the last ones kept per process; signals in flight, so
 * that a send settles only once the kernel has dealt with it
 * (delivered, left pending, stopped or ended the target); and an
 * actor's signal description: the sets per thread, the queue against
 * its limit, what it received. */
#ifndef SIGLAB_H
#define SIGLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "desc.h"

struct actor;
struct buf;
struct call;
struct file_want;
struct lab;
struct lab_module;
struct sig_report;

/* The module: the report pipe (made with the lab, read in its loop and
 * before each reply or process end), the signals in flight, and what
 * each actor took ("signals" in its description). */
extern const struct lab_module signals_module;

/* The reports in bytes read from the pipe, each taken: whole records
 * only (each came with one atomic write). Returns the bytes used. */
size_t		 siglab_reports(struct lab *, const void *, size_t);
/* A signal an actor took: log it and keep it with the process. */
void		 siglab_take(struct lab *, const struct sig_report *);

/* A signal is about to be sent to a process (tid 0) or one thread of it.
 * Returns an id to wait for, or 0 when there is nothing to wait for
 * (signal 0, an ignored signal, an ended process). Call before sending:
 * what the target does with the signal is read now. */
uint64_t	 siglab_flight(struct lab *, struct actor *proc, pid_t tid, int sig);
/* Call c settles once the signals in flight lo..hi (hi 0: lo alone; lo
 * 0: none) are dealt with (a send verb's prepare). */
void		 siglab_call_waits(struct call *, uint64_t lo, uint64_t hi);
/* Whether the signals in flight with ids lo..hi have all been dealt with. */
bool		 siglab_flights_done(struct lab *, uint64_t lo, uint64_t hi);

/* Whether the lab or an actor may send to target, named as kill(2) names
 * it: a process (> 0) or a process group (-pgid). Never to 0 or -1 (the
 * sender's own group, every process it may signal: killpg 0 and 1 are
 * these), nor to ipcscope's own processes or a group holding one of
 * them. Every send goes through here first; false with one line why. */
bool		 siglab_target_allowed(const struct lab *, pid_t target, char **cause);
/* Whether process group pgid holds one of ipcscope's own processes. */
bool		 siglab_own_group(const struct lab *, pid_t pgid);

/* Who sent a signal: an actor's name, "the lab", or "pid N". */
void		 siglab_add_sender(struct buf *, struct lab *, pid_t);

/* Who may end a wait for a signal of process pid (sigwait, sigsuspend,
 * pause, a signalfd's read): a file_want with its anyone said ("any
 * process that may signal it"), then the live processes the lab sees
 * that may (its user's, or root's), as pids; how many (mechanism.h's
 * woken_by_wait). */
size_t		 siglab_woken_by(struct lab *, pid_t pid, struct file_want *out, size_t max);

#endif
