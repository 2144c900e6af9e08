/* signames.h: signal names, numbers and default actions. */
#ifndef SIGNAMES_H
#define SIGNAMES_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "util.h"

enum sig_action {
	SIGACT_TERM,		/* terminate the process */
	SIGACT_CORE,		/* terminate and dump core */
	SIGACT_IGNORE,		/* ignored */
	SIGACT_STOP,		/* stop the process */
	SIGACT_CONT,		/* continue a stopped process */
};

/* Parse a signal: "TERM", "SIGTERM", "sigterm", "15", "SIGRTMIN+3",
 * "RTMAX-1", and "0" (no signal: a permission and existence probe).
 * Returns the number, or -1 when the text is not a signal. */
int		 sig_parse(const char *);

/* "SIGTERM", "SIGRTMIN+3", "SIG32" (reserved by the C library). Returns a
 * pointer to static storage that stays valid until the next call. */
const char	*sig_name(int);

/* The kernel's default action for a signal. */
enum sig_action	 sig_default_action(int);
const char	*sig_action_name(enum sig_action);

/* The short word for the grid: term core ign stop cont. */
const char	*sig_action_short(enum sig_action);

/* si_code by name for this signal: "SI_QUEUE", "SEGV_MAPERR",
 * "CLD_EXITED", or the number. Static storage for numbers. */
const char	*sig_code_name(int sig, int code);
/* Whether si_pid and si_uid are a sender's (kill, sigqueue, tgkill, a
 * message queue) or the child's (SIGCHLD), not another union member. */
bool		 sig_code_has_sender(int sig, int code);

/* Sets of signals travel as 64-bit masks, bit n-1 for signal n. */
void		 sig_mask_to_set(uint64_t, sigset_t *);
uint64_t	 sig_set_to_mask(const sigset_t *);

/* A set of signals as C writes one: "[SIGUSR1 SIGUSR2]". */
void		 sig_add_set(struct buf *, uint64_t set);

/* The signals the C library keeps for itself (glibc: 32 and 33, for
 * thread cancellation and setxid), between SIGSYS and SIGRTMIN. */
uint64_t	 sig_libc_mask(void);

/* A short description ("Broken pipe"). */
const char	*sig_describe(int);

/* Highest signal number (64 on Linux). */
int		 sig_max(void);

/* Append a list of signal names for error hints. */
void		 sig_add_examples(struct buf *);

#endif
