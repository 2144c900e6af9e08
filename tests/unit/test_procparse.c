/* test_procparse.c: parsers of /proc text. */
#include "config.h"

#include "procparse.h"
#include "unit.h"

static void
test_stat(void)
{
	static const char zombie[] = "2256 (k) Z 2255 2246 1164 0 -1 4228172 18 0 0 0 3 4 0 0 20 0 1 0 20397 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 1 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 9\n";
	static const char odd[] = "77 (a) b) (c) S 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 3 0 5 0 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
	struct proc_stat	 st;

	CHECK(procparse_stat(zombie, sizeof zombie - 1, &st));
	CHECK(st.pid == 2256 && st.state == 'Z' && st.ppid == 2255 && st.pgrp == 2246);
	CHECK(st.utime == 3 && st.stime == 4 && st.num_threads == 1);
	CHECK(st.has_exit_code && st.exit_code == 9);
	CHECK_STR(st.comm, "k");

	CHECK(procparse_stat(odd, sizeof odd - 1, &st));
	CHECK_STR(st.comm, "a) b) (c");
	CHECK(st.state == 'S' && st.num_threads == 3 && !st.has_exit_code);

	CHECK(!procparse_stat("", 0, &st));
	CHECK(!procparse_stat("12 (x", 5, &st));
	CHECK(!procparse_stat("12 (x) S 1", 10, &st));
}

static void
test_syscall(void)
{
	static const char blocked[] = "0 0x3 0x7ffd1950ab06 0xa 0x7fdb0e585b60 0x0 0x7fdb0e573740 0x7ffd1950aaf8 0x7fdb0e66e2ad\n";
	struct proc_syscall	 sc;

	CHECK(procparse_syscall(blocked, sizeof blocked - 1, &sc));
	CHECK(sc.in_call && sc.nr == 0 && sc.args[0] == 3 && sc.args[2] == 10);
	CHECK(procparse_syscall("running\n", 8, &sc) && sc.running && !sc.in_call);
	CHECK(procparse_syscall("-1 0x7ffd 0x7fdb\n", 17, &sc) && !sc.in_call && !sc.running);
	CHECK(!procparse_syscall("x 1 2", 5, &sc));
}

static void
test_field(void)
{
	static const char status[] = "Name:\tk\nSigPnd:\t0000000000001000\nShdPnd:\t0000000000000000\n";
	char	 v[32];

	CHECK(procparse_field(status, sizeof status - 1, "SigPnd", v, sizeof v));
	CHECK_STR(v, "0000000000001000");
	CHECK(procparse_field(status, sizeof status - 1, "Name", v, sizeof v));
	CHECK_STR(v, "k");
	CHECK(!procparse_field(status, sizeof status - 1, "Sig", v, sizeof v));
	CHECK(!procparse_field(status, sizeof status - 1, "SigBlk", v, sizeof v));
}

int
main(void)
{
	RUN(test_stat);
	RUN(test_syscall);
	RUN(test_field);
	return unit_failed != 0;
}
