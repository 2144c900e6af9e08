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

static void
test_maps(void)
{
	static const char maps[] =
	    "7f7aca749000-7f7aca74a000 rw-s 00000000 00:1b 2                          /dev/shm/x (deleted)\n"
	    "7f7aca74c000-7f7aca74d000 r--s 00001000 00:01 7   /SYSV00000000 (deleted)\n"
	    "garbage\n"
	    "7f7aca74d000-7f7aca74f000 rw-p 00000000 00:00 0 \n";
	struct proc_map	 m;
	size_t		 pos = 0;
	bool		 ok;

	CHECK(procparse_maps_line(maps, sizeof maps - 1, &pos, &m, &ok) && ok);
	CHECK(m.start == 0x7f7aca749000UL && m.end == 0x7f7aca74a000UL);
	CHECK(m.read && m.write && m.shared && !m.exec && m.major == 0 && m.minor == 0x1b && m.ino == 2);
	CHECK(m.pathlen == 20 && strncmp(m.path, "/dev/shm/x (deleted)", 20) == 0);
	CHECK(procparse_maps_line(maps, sizeof maps - 1, &pos, &m, &ok) && ok);
	CHECK(!m.write && m.offset == 0x1000 && m.minor == 1 && m.ino == 7);
	CHECK(procparse_maps_line(maps, sizeof maps - 1, &pos, &m, &ok) && !ok);
	CHECK(procparse_maps_line(maps, sizeof maps - 1, &pos, &m, &ok) && ok);
	CHECK(!m.shared && m.ino == 0 && m.pathlen == 0);
	CHECK(!procparse_maps_line(maps, sizeof maps - 1, &pos, &m, &ok));
}

static void
test_lock(void)
{
	struct proc_lock	 l;

	CHECK(procparse_lock("1: POSIX  ADVISORY  WRITE 1234 fe:00:5678 0 EOF\n", 48, &l));
	CHECK(!l.waiter && l.kind == LK_POSIX && l.type == LT_WRITE);
	CHECK(l.pid == 1234 && l.major == 0xfe && l.minor == 0 && l.ino == 5678 && l.start == 0 && l.end == -1);
	CHECK(procparse_lock("2: -> OFDLCK ADVISORY  READ  -1 00:1b:5 10 19", 45, &l));
	CHECK(l.waiter && l.pid == -1 && l.kind == LK_OFD && l.type == LT_READ);
	CHECK(l.start == 10 && l.end == 19);
	CHECK(procparse_lock("lock:\t3: FLOCK  ADVISORY  WRITE 77 00:1b:5 0 EOF", 48, &l));
	CHECK(l.id == 3 && l.kind == LK_FLOCK && l.pid == 77);
	CHECK(procparse_lock("4: LEASE  BREAKING  UNLCK 9 00:1b:5 0 EOF", 41, &l));
	CHECK(l.kind == LK_LEASE && l.type == LT_UNLCK);
	CHECK(procparse_lock("5: DELEG  ACTIVE    READ 9 00:1b:5 0 EOF", 40, &l) && l.kind == LK_DELEG);
	/* Kinds and types it does not know are no lock it can tell of. */
	CHECK(!procparse_lock("6: ACCESS ADVISORY  WRITE 9 00:1b:5 0 EOF", 41, &l));
	CHECK(!procparse_lock("7: POSIX  ADVISORY  NONE 9 00:1b:5 0 EOF", 40, &l));
	CHECK(!procparse_lock("3: FLOCK", 8, &l));
	CHECK(!procparse_lock("x: POSIX ADVISORY WRITE 1 0:0:1 5 2", 35, &l));
}

int
main(void)
{
	RUN(test_stat);
	RUN(test_syscall);
	RUN(test_field);
	RUN(test_maps);
	RUN(test_lock);
	return unit_failed != 0;
}
