/* signames.c: signal names, numbers and default actions. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signames.h"

struct signame {
	int		 number;
	const char	*name;		/* without the SIG prefix */
	enum sig_action	 action;
	const char	*describe;
};

static const struct signame signames[] = {
	{ SIGHUP,	"HUP",		SIGACT_TERM,	"Hangup" },
	{ SIGINT,	"INT",		SIGACT_TERM,	"Interrupt" },
	{ SIGQUIT,	"QUIT",		SIGACT_CORE,	"Quit" },
	{ SIGILL,	"ILL",		SIGACT_CORE,	"Illegal instruction" },
	{ SIGTRAP,	"TRAP",		SIGACT_CORE,	"Trace/breakpoint trap" },
	{ SIGABRT,	"ABRT",		SIGACT_CORE,	"Aborted" },
	{ SIGBUS,	"BUS",		SIGACT_CORE,	"Bus error" },
	{ SIGFPE,	"FPE",		SIGACT_CORE,	"Floating-point exception" },
	{ SIGKILL,	"KILL",		SIGACT_TERM,	"Killed (cannot be caught, blocked or ignored)" },
	{ SIGUSR1,	"USR1",		SIGACT_TERM,	"User defined signal 1" },
	{ SIGSEGV,	"SEGV",		SIGACT_CORE,	"Segmentation fault" },
	{ SIGUSR2,	"USR2",		SIGACT_TERM,	"User defined signal 2" },
	{ SIGPIPE,	"PIPE",		SIGACT_TERM,	"Broken pipe" },
	{ SIGALRM,	"ALRM",		SIGACT_TERM,	"Alarm clock" },
	{ SIGTERM,	"TERM",		SIGACT_TERM,	"Terminated" },
#ifdef SIGSTKFLT
	{ SIGSTKFLT,	"STKFLT",	SIGACT_TERM,	"Stack fault" },
#endif
	{ SIGCHLD,	"CHLD",		SIGACT_IGNORE,	"Child stopped or exited" },
	{ SIGCONT,	"CONT",		SIGACT_CONT,	"Continued" },
	{ SIGSTOP,	"STOP",		SIGACT_STOP,	"Stopped (cannot be caught, blocked or ignored)" },
	{ SIGTSTP,	"TSTP",		SIGACT_STOP,	"Stopped from the terminal" },
	{ SIGTTIN,	"TTIN",		SIGACT_STOP,	"Background read from the terminal" },
	{ SIGTTOU,	"TTOU",		SIGACT_STOP,	"Background write to the terminal" },
	{ SIGURG,	"URG",		SIGACT_IGNORE,	"Urgent data on a socket" },
	{ SIGXCPU,	"XCPU",		SIGACT_CORE,	"CPU time limit exceeded" },
	{ SIGXFSZ,	"XFSZ",		SIGACT_CORE,	"File size limit exceeded" },
	{ SIGVTALRM,	"VTALRM",	SIGACT_TERM,	"Virtual timer expired" },
	{ SIGPROF,	"PROF",		SIGACT_TERM,	"Profiling timer expired" },
	{ SIGWINCH,	"WINCH",	SIGACT_IGNORE,	"Window changed" },
	{ SIGIO,	"IO",		SIGACT_TERM,	"I/O possible" },
#ifdef SIGPWR
	{ SIGPWR,	"PWR",		SIGACT_TERM,	"Power failure" },
#endif
	{ SIGSYS,	"SYS",		SIGACT_CORE,	"Bad system call" },
};

static const struct {
	const char	*alias;
	int		 number;
} aliases[] = {
	{ "IOT",	SIGABRT },
	{ "POLL",	SIGIO },
	{ "CLD",	SIGCHLD },
};

static const struct signame *
sig_find(int number)
{
	size_t	 i;

	for (i = 0; i < nitems(signames); i++) {
		if (signames[i].number == number)
			return &signames[i];
	}
	return NULL;
}

int
sig_max(void)
{
	return SIGRTMAX;
}

/* Parse "+n"/"-n" after RTMIN/RTMAX; returns the offset or INT_MIN-ish error. */
static bool
sig_parse_offset(const char *s, int *offset)
{
	char	*end;
	long	 v;

	*offset = 0;
	if (*s == '\0')
		return true;
	if ((*s != '+' && *s != '-') || !isdigit((unsigned char)s[1]))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < -64 || v > 64)
		return false;
	*offset = (int)v;
	return true;
}

int
sig_parse(const char *text)
{
	const char	*s = text;
	char		*end;
	long		 v;
	int		 offset, sig;
	size_t		 i;

	if (isdigit((unsigned char)*s)) {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno != 0 || *end != '\0' || v < 0 || v > SIGRTMAX)
			return -1;
		return (int)v;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	if (strncasecmp(s, "RTMIN", 5) == 0) {
		if (!sig_parse_offset(s + 5, &offset) || offset < 0)
			return -1;
		sig = SIGRTMIN + offset;
		return sig <= SIGRTMAX ? sig : -1;
	}
	if (strncasecmp(s, "RTMAX", 5) == 0) {
		if (!sig_parse_offset(s + 5, &offset) || offset > 0)
			return -1;
		sig = SIGRTMAX + offset;
		return sig >= SIGRTMIN ? sig : -1;
	}
	for (i = 0; i < nitems(signames); i++) {
		if (strcasecmp(s, signames[i].name) == 0)
			return signames[i].number;
	}
	for (i = 0; i < nitems(aliases); i++) {
		if (strcasecmp(s, aliases[i].alias) == 0)
			return aliases[i].number;
	}
	return -1;
}

const char *
sig_name(int sig)
{
	static char			 name[32];
	const struct signame		*sn;

	if (sig == 0)
		return "0";
	sn = sig_find(sig);
	if (sn != NULL)
		snprintf(name, sizeof name, "SIG%s", sn->name);
	else if (sig == SIGRTMIN)
		snprintf(name, sizeof name, "SIGRTMIN");
	else if (sig == SIGRTMAX)
		snprintf(name, sizeof name, "SIGRTMAX");
	else if (sig > SIGRTMIN && sig < SIGRTMAX)
		snprintf(name, sizeof name, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(name, sizeof name, "SIG%d", sig);
	return name;
}

enum sig_action
sig_default_action(int sig)
{
	const struct signame	*sn;

	sn = sig_find(sig);
	if (sn != NULL)
		return sn->action;
	return SIGACT_TERM;	/* real-time signals terminate by default */
}

const char *
sig_action_name(enum sig_action action)
{
	switch (action) {
	case SIGACT_TERM:
		return "terminate";
	case SIGACT_CORE:
		return "core";
	case SIGACT_IGNORE:
		return "ignore";
	case SIGACT_STOP:
		return "stop";
	case SIGACT_CONT:
		return "continue";
	}
	return "?";
}

const char *
sig_describe(int sig)
{
	const struct signame	*sn;

	if (sig == 0)
		return "No signal: checks that the process exists and may be signalled";
	sn = sig_find(sig);
	if (sn != NULL)
		return sn->describe;
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		return "Real-time signal (queued, delivered in order)";
	return "Reserved by the C library";
}

void
sig_add_examples(struct buf *b)
{
	buf_printf(b, "TERM, SIGKILL, 9, RTMIN+1 (1 to %d)", SIGRTMAX);
}

/* si_code: the ones every signal can have, then each fault's and
 * SIGCHLD's and SIGIO's own (which are small positive numbers that mean
 * different things for different signals). */
const char *
sig_code_name(int sig, int code)
{
	static char	 other[32];

	switch (code) {
	case SI_USER:		return "SI_USER";
	case SI_KERNEL:		return "SI_KERNEL";
	case SI_QUEUE:		return "SI_QUEUE";
	case SI_TIMER:		return "SI_TIMER";
	case SI_MESGQ:		return "SI_MESGQ";
	case SI_ASYNCIO:	return "SI_ASYNCIO";
	case SI_SIGIO:		return "SI_SIGIO";
	case SI_TKILL:		return "SI_TKILL";
	default:		break;
	}
	switch (sig) {
	case SIGSEGV:
		switch (code) {
		case SEGV_MAPERR:	return "SEGV_MAPERR";
		case SEGV_ACCERR:	return "SEGV_ACCERR";
#ifdef SEGV_BNDERR
		case SEGV_BNDERR:	return "SEGV_BNDERR";
#endif
#ifdef SEGV_PKUERR
		case SEGV_PKUERR:	return "SEGV_PKUERR";
#endif
		}
		break;
	case SIGBUS:
		switch (code) {
		case BUS_ADRALN:	return "BUS_ADRALN";
		case BUS_ADRERR:	return "BUS_ADRERR";
		case BUS_OBJERR:	return "BUS_OBJERR";
#ifdef BUS_MCEERR_AR
		case BUS_MCEERR_AR:	return "BUS_MCEERR_AR";
		case BUS_MCEERR_AO:	return "BUS_MCEERR_AO";
#endif
		}
		break;
	case SIGFPE:
		switch (code) {
		case FPE_INTDIV:	return "FPE_INTDIV";
		case FPE_INTOVF:	return "FPE_INTOVF";
		case FPE_FLTDIV:	return "FPE_FLTDIV";
		case FPE_FLTOVF:	return "FPE_FLTOVF";
		case FPE_FLTUND:	return "FPE_FLTUND";
		case FPE_FLTRES:	return "FPE_FLTRES";
		case FPE_FLTINV:	return "FPE_FLTINV";
		case FPE_FLTSUB:	return "FPE_FLTSUB";
		}
		break;
	case SIGILL:
		switch (code) {
		case ILL_ILLOPC:	return "ILL_ILLOPC";
		case ILL_ILLOPN:	return "ILL_ILLOPN";
		case ILL_ILLADR:	return "ILL_ILLADR";
		case ILL_ILLTRP:	return "ILL_ILLTRP";
		case ILL_PRVOPC:	return "ILL_PRVOPC";
		case ILL_PRVREG:	return "ILL_PRVREG";
		case ILL_COPROC:	return "ILL_COPROC";
		case ILL_BADSTK:	return "ILL_BADSTK";
		}
		break;
	case SIGTRAP:
		switch (code) {
		case TRAP_BRKPT:	return "TRAP_BRKPT";
		case TRAP_TRACE:	return "TRAP_TRACE";
		}
		break;
	case SIGCHLD:
		switch (code) {
		case CLD_EXITED:	return "CLD_EXITED";
		case CLD_KILLED:	return "CLD_KILLED";
		case CLD_DUMPED:	return "CLD_DUMPED";
		case CLD_TRAPPED:	return "CLD_TRAPPED";
		case CLD_STOPPED:	return "CLD_STOPPED";
		case CLD_CONTINUED:	return "CLD_CONTINUED";
		}
		break;
	case SIGIO:
		switch (code) {
		case POLL_IN:		return "POLL_IN";
		case POLL_OUT:		return "POLL_OUT";
		case POLL_MSG:		return "POLL_MSG";
		case POLL_ERR:		return "POLL_ERR";
		case POLL_PRI:		return "POLL_PRI";
		case POLL_HUP:		return "POLL_HUP";
		}
		break;
	}
	snprintf(other, sizeof other, "%d", code);
	return other;
}

bool
sig_code_has_sender(int sig, int code)
{
	if (sig == SIGCHLD && code > 0)
		return true;	/* si_pid is the child */
	return code == SI_USER || code == SI_QUEUE || code == SI_TKILL || code == SI_MESGQ;
}

const char *
sig_action_short(enum sig_action action)
{
	switch (action) {
	case SIGACT_TERM:
		return "term";
	case SIGACT_CORE:
		return "core";
	case SIGACT_IGNORE:
		return "ign";
	case SIGACT_STOP:
		return "stop";
	case SIGACT_CONT:
		return "cont";
	}
	return "?";
}

uint64_t
sig_libc_mask(void)
{
	uint64_t	 mask = 0;
	int		 sig;

	for (sig = SIGSYS + 1; sig < SIGRTMIN && sig <= 64; sig++)
		mask |= 1ULL << (sig - 1);
	return mask;
}

void
sig_add_set(struct buf *b, uint64_t set)
{
	const char	*sep = "";
	int		 sig;

	buf_addc(b, '[');
	for (sig = 1; sig <= 64; sig++) {
		if (set & (1ULL << (sig - 1))) {
			buf_printf(b, "%s%s", sep, sig_name(sig));
			sep = " ";
		}
	}
	buf_addc(b, ']');
}

void
sig_mask_to_set(uint64_t mask, sigset_t *set)
{
	int	 sig;

	sigemptyset(set);
	for (sig = 1; sig <= 64; sig++) {
		if (mask & (1ULL << (sig - 1)))
			sigaddset(set, sig);	/* the C library's 32 and 33 refuse */
	}
}

uint64_t
sig_set_to_mask(const sigset_t *set)
{
	uint64_t	 mask = 0;
	int		 sig;

	for (sig = 1; sig <= 64; sig++) {
		if (sigismember(set, sig) == 1)
			mask |= 1ULL << (sig - 1);
	}
	return mask;
}
