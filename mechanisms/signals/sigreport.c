/* sigreport.c: the actor side of signal reports: the lab's handlers, and
 * the record a call that took a signal sends. Everything here runs in a
 * signal handler: only async-signal-safe calls (write, clock_gettime,
 * gettid, sigaction), errno saved and restored. */
#include "config.h"

#include <sys/syscall.h>

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sigreport.h"

__thread sigjmp_buf	*sigreport_fault_jmp;
static __thread int	 depth;

static void
report(int sig, const siginfo_t *si, enum sig_how how)
{
	struct sig_report	 r;
	struct timespec		 ts;
	int			 saved = errno;

	memset(&r, 0, sizeof r);
	r.pid = (int32_t)getpid();
	r.tid = (int32_t)syscall(SYS_gettid);
	r.sig = sig;
	r.how = how;
	r.depth = depth;
	if (si != NULL) {
		r.has_info = 1;
		r.code = si->si_code;
		r.sender_pid = si->si_pid;
		r.sender_uid = (int32_t)si->si_uid;
		r.status = si->si_status;
		r.value = (int64_t)(intptr_t)si->si_value.sival_ptr;
		if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL ||
		    sig == SIGTRAP)
			r.addr = (uint64_t)(uintptr_t)si->si_addr;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	r.ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	/* Counted first, so that the reply of the call it happened in tells
	 * the lab to read it before the reply. Non-blocking: if the lab has
	 * stopped reading, the record is lost, never the actor. */
	actor_wrote_aside();
	(void)!write(SIGREPORT_FD, &r, sizeof r);
	errno = saved;
}

static bool
is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL ||
	    sig == SIGTRAP;
}

static void
leave(int sig, const siginfo_t *si)
{
	struct sigaction	 dfl;

	if (!is_fault(sig))
		return;
	/* The fault verb's own fault: back to the verb. */
	if (sigreport_fault_jmp != NULL && (si == NULL || si->si_code > 0))
		siglongjmp(*sigreport_fault_jmp, sig);
	/* A fault the kernel raised anywhere else would come back at once
	 * when the handler returns: let it end the process as it would. */
	if (si != NULL && si->si_code > 0) {
		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigaction(sig, &dfl, NULL);
	}
}

void
sigreport_handler(int sig)
{
	depth++;
	report(sig, NULL, SIGHOW_HANDLER);
	depth--;
	leave(sig, NULL);
}

void
sigreport_handler_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	depth++;
	report(sig, si, SIGHOW_HANDLER_INFO);
	depth--;
	leave(sig, si);
}

void
sigreport_taken(int sig, const siginfo_t *si, enum sig_how how)
{
	report(sig, si, how);
}

void
sigreport_notified(int fd)
{
	siginfo_t	 si;

	memset(&si, 0, sizeof si);
	si.si_value.sival_int = fd;
	report(0, &si, SIGHOW_NOTIFY_THREAD);
}
