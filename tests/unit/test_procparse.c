/* test_procparse.c: parsers of /proc text. */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdlib.h>

#include "procparse.h"
#include "unit.h"

static void
test_stat(void)
{
	static const char zombie[] = "2256 (k) Z 2255 2246 1164 0 -1 4228172 18 0 0 0 3 4 0 0 20 0 1 0 20397 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 1 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 9\n";
	static const char odd[] = "77 (a) b) (c) S 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 3 0 5 0 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
	struct proc_stat	 st;

	CHECK(procparse_stat(zombie, sizeof zombie - 1, &st));
	CHECK(st.pid == 2256 && st.state == 'Z' && st.ppid == 2255 && st.pgrp == 2246);
	CHECK(st.utime == 3 && st.stime == 4 && st.num_threads == 1);
	CHECK(st.has_exit_code && st.exit_code == 9 && st.processor == 1 && st.flags == 4228172);
	CHECK_STR(st.comm, "k");

	CHECK(procparse_stat(odd, sizeof odd - 1, &st));
	CHECK_STR(st.comm, "a) b) (c");
	CHECK(st.state == 'S' && st.num_threads == 3 && !st.has_exit_code && st.processor == 0);
	/* A line too short to show the CPU. */
	CHECK(procparse_stat("1 (a) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5\n", 48, &st));
	CHECK(st.processor == -1 && st.starttime == 5);

	CHECK(!procparse_stat("", 0, &st));
	CHECK(!procparse_stat("12 (x", 5, &st));
	CHECK(!procparse_stat("12 (x) S 1", 10, &st));
}

static void
test_syscall(void)
{
	static const char blocked[] = "0 0x3 0x7ffd1950ab06 0xa 0x7fdb0e585b60 0x0 0x7fdb0e573740 0x7ffd1950aaf8 0x7fdb0e66e2ad\n";
	static const char short_call[] = "7 0x1 0x2 0x3 0x4 0x5 0x6\n";
	struct proc_syscall	 sc;

	CHECK(procparse_syscall(blocked, sizeof blocked - 1, &sc));
	CHECK(sc.in_call && sc.nr == 0 && sc.args[0] == 3 && sc.args[2] == 10);
	CHECK(sc.args[5] == 0x7fdb0e573740UL);
	CHECK(sc.has_regs && sc.sp == 0x7ffd1950aaf8UL && sc.pc == 0x7fdb0e66e2adUL);
	/* Arguments without the registers: the call, but no sp or pc. */
	CHECK(procparse_syscall(short_call, sizeof short_call - 1, &sc));
	CHECK(sc.in_call && sc.nr == 7 && sc.args[5] == 6 && !sc.has_regs);
	CHECK(procparse_syscall("running\n", 8, &sc) && sc.running && !sc.in_call);
	CHECK(procparse_syscall("-1 0x7ffd 0x7fdb\n", 17, &sc) && !sc.in_call && !sc.running);
	CHECK(sc.has_regs && sc.sp == 0x7ffd && sc.pc == 0x7fdb);
	CHECK(!procparse_syscall("x 1 2", 5, &sc));
	CHECK(!procparse_syscall("", 0, &sc));
	CHECK(!procparse_syscall("-1\n", 3, &sc));
	CHECK(!procparse_syscall("-2 0x1 0x2\n", 11, &sc));
	/* Too few arguments, or one that is not hex. */
	CHECK(!procparse_syscall("0 0x3 0x4\n", 10, &sc));
	CHECK(!procparse_syscall("0 0x3 0x4 0x5 zz 0x7 0x8\n", 25, &sc));
	CHECK(!procparse_syscall("0 0x3 0x4 0x5 -6 0x7 0x8\n", 25, &sc));
}

static void
test_sched(void)
{
	static const char sched[] =
	    "cat (3459, #threads: 1)\n"
	    "-------------------------------------------------------------------\n"
	    "se.exec_start_x                              :                  123.000000\n"
	    "se.exec_start                                :      31150200.395040\n"
	    "se.vruntime                                  :           145.376840\n";
	unsigned long long	 ns;

	CHECK(procparse_sched_exec_start(sched, sizeof sched - 1, &ns));
	CHECK(ns == 31150200395040ULL);
	CHECK(procparse_sched_exec_start("se.exec_start : 12\n", 19, &ns) && ns == 12000000ULL);
	CHECK(procparse_sched_exec_start("se.exec_start : 1.5\n", 20, &ns) && ns == 1500000ULL);
	CHECK(!procparse_sched_exec_start("se.vruntime : 12.000000\n", 24, &ns));
	CHECK(!procparse_sched_exec_start("se.exec_start : x\n", 18, &ns));
	CHECK(!procparse_sched_exec_start("se.exec_start : 1.\n", 19, &ns));
	CHECK(!procparse_sched_exec_start("se.exec_start   \n", 17, &ns));
}

static void
test_schedstat(void)
{
	struct proc_schedstat	 ss;

	CHECK(procparse_schedstat("988255 17 4\n", 12, &ss));
	CHECK(ss.run_ns == 988255 && ss.wait_ns == 17 && ss.timeslices == 4);
	CHECK(!procparse_schedstat("988255 17\n", 10, &ss));
	CHECK(!procparse_schedstat("1 -2 3\n", 7, &ss));
	/* The largest a long long holds, and one more. */
	CHECK(procparse_schedstat("9223372036854775807 0 1", 23, &ss));
	CHECK(ss.run_ns == 9223372036854775807ULL);
	CHECK(!procparse_schedstat("9223372036854775808 0 1", 23, &ss));
	CHECK(!procparse_schedstat("99999999999999999999 0 1", 24, &ss));
}

static void
test_epoll(void)
{
	static const char info[] =
	    "pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1038\n"
	    "tfd:        4 events:       19 data:                4  pos:0 ino:2a4d159 sdev:f\n"
	    "tfd:       12 events: 8000001c data: ffffffffffffffff  pos:-1 ino:2f6 sdev:8fffff\n"
	    "tfd:        5 events: 19\n";
	struct proc_epoll_tfd	 t;
	size_t			 pos = 0;
	bool			 ok;
	int			 lines = 0;

	while (procparse_epoll_line(info, sizeof info - 1, &pos, &t, &ok) && !ok)
		lines++;
	CHECK(lines == 4 && ok);
	CHECK(t.fd == 4 && t.events == 0x19 && t.data == 4 && t.ino == 0x2a4d159);
	CHECK(t.major == 0 && t.minor == 0xf);
	CHECK(procparse_epoll_line(info, sizeof info - 1, &pos, &t, &ok) && ok);
	CHECK(t.fd == 12 && t.events == 0x8000001cU && t.data == 0xffffffffffffffffULL);
	CHECK(t.ino == 0x2f6 && t.major == 8 && t.minor == 0xfffff);
	/* A line cut short is no watched descriptor. */
	CHECK(procparse_epoll_line(info, sizeof info - 1, &pos, &t, &ok) && !ok);
	CHECK(!procparse_epoll_line(info, sizeof info - 1, &pos, &t, &ok));
}

static void
test_steal(void)
{
	unsigned long long	 steal;
	int			 cpu;

	CHECK(procparse_cpu_steal("cpu1 886506 2370 841788 1341836 7727 0 8534 548 0 0\n", 52, &cpu,
	    &steal));
	CHECK(cpu == 1 && steal == 548);
	CHECK(!procparse_cpu_steal("cpu  1790381 4999 1541630 2800370 18826 0 9368 1168 0 0", 55, &cpu,
	    &steal));
	CHECK(!procparse_cpu_steal("cpu0 1 2 3 4 5 6 7\n", 19, &cpu, &steal));
	CHECK(!procparse_cpu_steal("intr 1 2 3 4 5 6 7 8\n", 21, &cpu, &steal));
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

static void
test_igmp(void)
{
	/* A group is printed as its __be32 read as a host integer: these
	 * bytes are a little-endian machine's; on another they would be
	 * printed the other way round, and mean the same. */
	static const char igmp[] =
	    "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n"
	    "1\tlo        :     1      V3\n"
	    "\t\t\t\t010000E0     1 0:00000000\t\t0\n"
	    "3\tm0        :     2      V3\n"
	    "\t\t\t\t030201EF     2 0:00000000\t\t0\n"
	    "\t\t\t\t0302zzEF     2 0:00000000\t\t0\n"
	    "5\taveryveryverylo:     1      V3\n"
	    "\t\t\t\t010000E0     1 0:00000000\t\t0\n"
	    "x\tbroken    :     1      V3\n"
	    "\t\t\t\t010000E0     1 0:00000000\t\t0\n";
	static const char igmp6[] =
	    "1    lo              ff020000000000000000000000000001     1 0000000C 0\n"
	    "3    m0              ff120000000000000000000000001234     2 00000004 0\n"
	    "3    m0              ff12000000000000000000000000123      2 00000004 0\n"
	    "5    averyveryverylo ff020000000000000000000000000001     1 0000000C 0";
	struct igmp_group	*g = NULL;
	uint8_t			 want[16];
	uint32_t		 host;
	size_t			 n = 0;

	CHECK(procparse_igmp(igmp, sizeof igmp - 1, AF_INET, &g, &n) == 3 && n == 3);
	/* The bytes the kernel printed, in memory order, are the address. */
	host = 0x030201EF;
	memcpy(want, &host, 4);
	CHECK(n == 3 && g[1].ifindex == 3 && g[1].family == AF_INET && g[1].users == 2 &&
	    memcmp(g[1].addr, want, 4) == 0);
	CHECK(n == 3 && g[2].ifindex == 5);
	if (n == 3) {
		CHECK_STR(g[0].dev, "lo");
		CHECK_STR(g[2].dev, "averyveryverylo");
	}
	CHECK(procparse_igmp(igmp6, sizeof igmp6 - 1, AF_INET6, &g, &n) == 3 && n == 6);
	inet_pton(AF_INET6, "ff12::1234", want);
	CHECK(n == 6 && g[4].ifindex == 3 && g[4].family == AF_INET6 && g[4].users == 2 &&
	    memcmp(g[4].addr, want, 16) == 0);
	/* The last line has no newline; it counts. */
	CHECK(n == 6 && g[5].ifindex == 5);
	CHECK(procparse_igmp(igmp6, sizeof igmp6 - 1, AF_UNIX, &g, &n) == 0 && n == 6);
	CHECK(procparse_igmp("", 0, AF_INET, &g, &n) == 0);
	/* A group before any device is of none. */
	CHECK(procparse_igmp("\t\t\t\t010000E0     1 0:0\n", 24, AF_INET, &g, &n) == 0);
	free(g);
}

int
main(void)
{
	RUN(test_stat);
	RUN(test_syscall);
	RUN(test_field);
	RUN(test_maps);
	RUN(test_lock);
	RUN(test_sched);
	RUN(test_schedstat);
	RUN(test_epoll);
	RUN(test_steal);
	RUN(test_igmp);
	return unit_failed != 0;
}
