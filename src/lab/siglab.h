/* siglab.h: the lab's side of signals. Reports from the actors' handlers
 * and signal-taking calls (sigreport.h), the last ones kept per process;
 * signals in flight, so that a send settles only once the kernel has
 * dealt with it (delivered, left pending, stopped or ended the target);
 * and an actor's signal description: the sets per thread, the queue
 * against its limit, what it received. */
#ifndef SIGLAB_H
#define SIGLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "desc.h"

struct lab;
struct lab_module;
struct actor;

/* The report pipe: made with the lab, read in its loop. */
void		 siglab_init(struct lab *);
void		 siglab_free(struct lab *);
/* Its write end, for a new actor (which keeps it at SIGREPORT_FD). */
int		 siglab_report_fd(const struct lab *);
/* Read every report waiting: before a reply is handled, so that what a
 * handler wrote during the call is known when the call settles. */
void		 siglab_drain(struct lab *);
/* The reports in bytes read from the pipe, each taken: whole records
 * only (each came with one atomic write). Returns the bytes used. */
size_t		 siglab_reports(struct lab *, const void *, size_t);
void		 siglab_actor_free(struct actor *);
/* A signal an actor took: log it and keep it with the process. */
struct sig_report;
void		 siglab_take(struct lab *, const struct sig_report *);

/* A signal is about to be sent to a process (tid 0) or one thread of it.
 * Returns an id to wait for, or 0 when there is nothing to wait for
 * (signal 0, an ignored signal, an ended process). Call before sending:
 * what the target does with the signal is read now. */
uint64_t	 siglab_flight(struct lab *, struct actor *proc, pid_t tid, int sig);
/* Call c settles once the signals in flight lo..hi (hi 0: lo alone; lo
 * 0: none) are dealt with (a send verb's prepare). */
struct call;
void		 siglab_call_waits(struct call *, uint64_t lo, uint64_t hi);
/* Whether the signals in flight with ids lo..hi have all been dealt with. */
bool		 siglab_flights_done(struct lab *, uint64_t lo, uint64_t hi);
/* Whether a signal that ends it is in flight to the process proc. */
bool		 siglab_ending(struct lab *, const struct actor *proc);
/* Forget signals lo..hi that were never sent (a call not made after all). */
void		 siglab_flights_drop(struct lab *, uint64_t lo, uint64_t hi);
/* Look at every signal in flight; true if some still are. */
bool		 siglab_flights_check(struct lab *);
/* An actor process is forgotten: the signals in flight to it go. */
void		 siglab_forget(struct lab *, struct actor *proc);
/* Every actor is gone (reset): their reports not read yet and every
 * signal in flight go. */
void		 siglab_forget_all(struct lab *);

/* Whether the lab or an actor may send to target, named as kill(2) names
 * it: a process (> 0) or a process group (-pgid). Never to 0 or -1 (the
 * sender's own group, every process it may signal: killpg 0 and 1 are
 * these), nor to ipcscope's own processes or a group holding one of
 * them. Every send goes through here first; false with one line why. */
bool		 siglab_target_allowed(const struct lab *, pid_t target, char **cause);
/* Whether process group pgid holds one of ipcscope's own processes. */
bool		 siglab_own_group(const struct lab *, pid_t pgid);

/* How many signals an actor (a thread: those it took itself) has taken
 * so far by a handler or a call. */
uint32_t	 siglab_taken(const struct actor *);

/* Who sent a signal: an actor's name, "the lab", or "pid N". */
struct buf;
void		 siglab_add_sender(struct buf *, struct lab *, pid_t);
/* The "signals" group of an actor or thread. */
void		 siglab_describe(struct actor *, struct desc *);

/* The lab's module for signals (module.h). */
extern const struct lab_module signals_module;

#endif
