/* test_signames.c: signal names both ways. */
#include "config.h"

#include <signal.h>

#include "signames.h"
#include "unit.h"

static void
test_parse(void)
{
	CHECK(sig_parse("TERM") == SIGTERM);
	CHECK(sig_parse("SIGTERM") == SIGTERM);
	CHECK(sig_parse("sigterm") == SIGTERM);
	CHECK(sig_parse("15") == SIGTERM);
	CHECK(sig_parse("0") == 0);
	CHECK(sig_parse("SIGRTMIN") == SIGRTMIN);
	CHECK(sig_parse("RTMIN+3") == SIGRTMIN + 3);
	CHECK(sig_parse("SIGRTMAX-1") == SIGRTMAX - 1);
	CHECK(sig_parse("IOT") == SIGABRT);
	CHECK(sig_parse("CLD") == SIGCHLD);
	CHECK(sig_parse("65") == -1);
	CHECK(sig_parse("RTMIN+99") == -1);
	CHECK(sig_parse("RTMAX+1") == -1);
	CHECK(sig_parse("RTMIN-1") == -1);
	CHECK(sig_parse("FOO") == -1);
	CHECK(sig_parse("") == -1);
	CHECK(sig_parse("-9") == -1);
}

static void
test_name(void)
{
	int	 sig;

	CHECK_STR(sig_name(SIGPIPE), "SIGPIPE");
	CHECK_STR(sig_name(SIGRTMIN + 2), "SIGRTMIN+2");
	CHECK_STR(sig_name(SIGRTMAX), "SIGRTMAX");
	/* Every name parses back to its number. */
	for (sig = 1; sig <= SIGRTMAX; sig++) {
		if (sig > SIGSYS && sig < SIGRTMIN)
			continue;	/* reserved by the C library */
		CHECK(sig_parse(sig_name(sig)) == sig);
	}
	CHECK(sig_default_action(SIGCHLD) == SIGACT_IGNORE);
	CHECK(sig_default_action(SIGSEGV) == SIGACT_CORE);
	CHECK(sig_default_action(SIGTSTP) == SIGACT_STOP);
	CHECK(sig_default_action(SIGCONT) == SIGACT_CONT);
	CHECK(sig_default_action(SIGRTMIN + 1) == SIGACT_TERM);
}

int
main(void)
{
	RUN(test_parse);
	RUN(test_name);
	return unit_failed != 0;
}
