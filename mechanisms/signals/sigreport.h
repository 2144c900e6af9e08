/* sigreport.h: what an actor tells the lab about a signal it took: a
 * handler of the lab's ran (catch), or a call took it (sigwaitinfo,
 * signalfd). Each is one fixed-size record written with one write(2),
 * which is atomic on a pipe, to the report pipe every actor holds at
 * SIGREPORT_FD; the lab reads them (siglab.c). The handler is the
 * actor's only code that runs on a signal, and it only writes. */
#ifndef SIGREPORT_H
#define SIGREPORT_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>

#include "actor.h"

#define SIGREPORT_FD	(ACTOR_FD_BASE + 1)

enum sig_how {
	SIGHOW_HANDLER,		/* a handler without SA_SIGINFO: it sees the number only */
	SIGHOW_HANDLER_INFO,	/* a handler with SA_SIGINFO: the whole siginfo_t */
	SIGHOW_SIGWAIT,		/* sigwait(): the number only */
	SIGHOW_SIGWAITINFO,	/* sigwaitinfo() or sigtimedwait() */
	SIGHOW_SIGNALFD,	/* read from a signalfd */
	/* No signal (sig 0): a SIGEV_THREAD notification's function ran,
	 * in a thread the C library started (tid); value is the descriptor
	 * it was registered on (mq_notify). */
	SIGHOW_NOTIFY_THREAD,
};

struct sig_report {
	int32_t		 pid;
	int32_t		 tid;		/* the thread that took it */
	int32_t		 sig;
	int32_t		 how;		/* enum sig_how */
	int32_t		 has_info;
	int32_t		 code;		/* si_code */
	int32_t		 sender_pid;
	int32_t		 sender_uid;
	int32_t		 status;	/* si_status (SIGCHLD) */
	int32_t		 depth;		/* handlers running in this thread, this one included */
	int64_t		 value;		/* si_value (sigqueue) */
	uint64_t	 addr;		/* si_addr (faults) */
	int64_t		 ns;		/* CLOCK_MONOTONIC */
};

/* The lab's handlers: sigaction(SIG, catch) installs one or the other. */
void	sigreport_handler(int);
void	sigreport_handler_info(int, siginfo_t *, void *);

/* Report a signal a call took (sigwaitinfo, signalfd): si may be NULL. */
void	sigreport_taken(int sig, const siginfo_t *si, enum sig_how);
/* Report that a SIGEV_THREAD notification's function runs (in its
 * thread) for the descriptor fd. */
void	sigreport_notified(int fd);

/* A fault verb sets this around the instruction that faults: a handler
 * for a fault the kernel raised (si_code > 0, or any fault without
 * SA_SIGINFO) jumps back there instead of returning to the instruction
 * that would fault again. */
extern __thread sigjmp_buf	*sigreport_fault_jmp;

#endif
