/* bench_lab.c: figures for the lab's cost, measured in one go against a
 * reference run at the same time, as medians of several runs:
 *  - one lab round trip (A write p1 "x", then B read p1, each a command
 *    through the parser, the actor's channel and the real call) against
 *    one round trip of a plain two-process pipe program (plain_pipe) and
 *    the relay floor (relay: the lab's protocol alone), runs of the three
 *    in turn, each pinned the same way in two placements: all on one CPU,
 *    and the controller (the plain parent) on one CPU with the actors
 *    (the plain child) on another;
 *  - one probe sample of a lab with 100 actors and 200 pipes: the
 *    summaries every list line needs (state, descriptors, each pipe's
 *    fill and holders), and the full description of everything (plus
 *    signals, threads and each pipe's contents), read from the kernel;
 *  - one probe sample of 1,000 System V queues and 1,000 UNIX and TCP
 *    sockets held by 50 actors, against the time of ipcs -q plus
 *    ss -xtuap on the same load, run alternately with it;
 *  - one probe sample of 1,000 semaphore sets, 200 shared memory segments
 *    and 800 file locks held by 200 actors, against ipcs -a plus lslocks;
 *  - the time of each further call (write, read, pipe, close) of one actor
 *    as it grows to as many pipes as its descriptor limit allows, up to
 *    10,000 (the soft limit raised to the hard one).
 * usage: bench_lab PLAIN_PIPE_PROGRAM [rt|ipc|sync|pipes]   (only that part;
 * the relay program is found beside the plain one) */
#include "config.h"

#include <sys/resource.h>
#include <sys/wait.h>

#include <sched.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchlib.h"
#include "cmd.h"
#include "desc.h"
#include "lab.h"
#include "loop.h"
#include "mechanism.h"
#include "runtime.h"
#include "session.h"

#define RUNS		7
#define ROUND_TRIPS	2000

static struct lab	*lab;
static struct loop	*loop;

/* Run one command line and wait for it to settle; its time, from the
 * line to settled. */
static int64_t
run(const char *fmt, ...)
{
	struct session	 s;
	struct buf	 b;
	va_list		 ap;
	int64_t		 t0;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	session_init(&s, lab, "bench", true);
	t0 = now_ns();
	session_line(&s, b.data, b.len);
	while (session_busy(&s)) {
		loop_once(loop, -1);
		session_poll(&s);
	}
	t0 = now_ns() - t0;
	if (s.errors || s.failures) {
		fprintf(stderr, "bench: '%s' failed\n", b.data);
		exit(1);
	}
	buf_free(&b);
	return t0;
}

/* Run a reference program with its arguments; the nanoseconds per round
 * trip it prints. */
static int64_t
reference_round_trip(const char *prog, const char *args)
{
	char	 cmd[4096], line[64];
	FILE	*f;

	snprintf(cmd, sizeof cmd, "%s %d %s", prog, ROUND_TRIPS * 5, args);
	f = popen(cmd, "r");
	if (f == NULL || fgets(line, sizeof line, f) == NULL) {
		fprintf(stderr, "bench: cannot run %s\n", prog);
		exit(1);
	}
	if (pclose(f) != 0) {
		fprintf(stderr, "bench: %s failed\n", cmd);
		exit(1);
	}
	return atoll(line);
}

static void
pin_task(pid_t tid, int cpu)
{
	cpu_set_t	 set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(tid, sizeof set, &set) == -1) {
		fprintf(stderr, "bench: cannot pin task %d to CPU %d: %s\n", (int)tid, cpu,
		    strerror(errno));
		exit(1);
	}
}

/* Pin every thread of process pid to cpu (the lab's watcher thread too),
 * and check that each runs there alone; how many threads. */
static int
pin_process(pid_t pid, int cpu)
{
	char		 path[64];
	struct dirent	*e;
	cpu_set_t	 set;
	DIR		*d;
	pid_t		 tid;
	int		 n = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		tid = (pid_t)atoi(e->d_name);
		pin_task(tid, cpu);
		if (sched_getaffinity(tid, sizeof set, &set) == -1 || CPU_COUNT(&set) != 1 ||
		    !CPU_ISSET(cpu, &set)) {
			fprintf(stderr, "bench: task %d is not on CPU %d alone\n", (int)tid, cpu);
			exit(1);
		}
		n++;
	}
	closedir(d);
	return n;
}

static double
us(int64_t ns)
{
	return (double)ns / 1000.0;
}

/* One placement: the controller on ctl_cpu; actors A and B (every thread
 * of theirs) on actor_cpu; the references pinned the same way (the plain
 * parent and the relay's controller on ctl_cpu, the plain child and the
 * relay's actors on actor_cpu). Runs of the three in turn, so that all
 * see the same machine. */
static void
rt_placement(const char *plain, const char *relay, const char *what, int ctl_cpu,
    int actor_cpu, struct runtime *rt)
{
	int64_t	 lab_ns[RUNS], plain_ns[RUNS], relay_ns[RUNS], t0;
	int64_t	 lab_m, plain_m, relay_m;
	char	 args[64];
	size_t	 k;
	int	 r, i, threads = 0;

	/* Actors are forked from the controller and inherit its CPU; each
	 * task is pinned again and checked all the same. */
	pin_task(0, actor_cpu);
	lab = lab_new(loop, rt, mechanism_sweep, 100 * NS_PER_MS, cmd_verbs(),
	    cmd_modules(mechanism_modules));
	run("spawn A");
	run("A pipe p1");
	run("A fork B");
	run("A close p1.r");
	run("B close p1.w");
	for (k = 0; k < lab->nactors; k++) {
		if (!lab->actors[k]->is_thread)
			threads += pin_process(lab->actors[k]->pid, actor_cpu);
	}
	pin_task(0, ctl_cpu);
	snprintf(args, sizeof args, "%d %d", ctl_cpu, actor_cpu);
	for (r = 0; r < RUNS; r++) {
		plain_ns[r] = reference_round_trip(plain, args);
		relay_ns[r] = reference_round_trip(relay, args);
		t0 = now_ns();
		for (i = 0; i < ROUND_TRIPS; i++) {
			run("A write p1 \"x\"");
			run("B read p1 1");
		}
		lab_ns[r] = (now_ns() - t0) / ROUND_TRIPS;
	}
	lab_free(&lab);
	/* median sorts: [0] is then the least, [RUNS - 1] the most */
	plain_m = median(plain_ns, RUNS);
	relay_m = median(relay_ns, RUNS);
	lab_m = median(lab_ns, RUNS);
	printf("round trip %s; medians of %d runs of each in turn:\n", what, RUNS);
	printf("  (actors A and B: %d threads, each pinned)\n", threads);
	printf("  plain two-process pipe          %8.2f us   (runs %.2f-%.2f)\n", us(plain_m),
	    us(plain_ns[0]), us(plain_ns[RUNS - 1]));
	printf("  relay floor (protocol alone)    %8.2f us   (runs %.2f-%.2f)  %5.2fx plain\n",
	    us(relay_m), us(relay_ns[0]), us(relay_ns[RUNS - 1]), (double)relay_m / plain_m);
	printf("  lab write + read                %8.2f us   (runs %.2f-%.2f)  %5.2fx plain, "
	    "%.2fx relay\n", us(lab_m), us(lab_ns[0]), us(lab_ns[RUNS - 1]),
	    (double)lab_m / plain_m, (double)lab_m / relay_m);
	fflush(stdout);
}

/* The round trip in both placements, on the first two CPUs this process
 * may use; the process's own CPUs are given back after. */
static void
rt_bench(const char *plain, struct runtime *rt)
{
	char		 relay[4096], what[256];
	const char	*slash = strrchr(plain, '/');
	cpu_set_t	 mine;
	int		 cpus[2], ncpus = 0, cpu;

	snprintf(relay, sizeof relay, "%.*srelay", slash == NULL ? 0 : (int)(slash - plain + 1),
	    plain);
	if (access(relay, X_OK) == -1) {
		fprintf(stderr, "bench: cannot run %s: %s\n", relay, strerror(errno));
		exit(1);
	}
	if (sched_getaffinity(0, sizeof mine, &mine) == -1) {
		perror("bench: sched_getaffinity");
		exit(1);
	}
	for (cpu = 0; cpu < CPU_SETSIZE && ncpus < 2; cpu++) {
		if (CPU_ISSET(cpu, &mine))
			cpus[ncpus++] = cpu;
	}
	snprintf(what, sizeof what, "on one core: everything on CPU %d", cpus[0]);
	rt_placement(plain, relay, what, cpus[0], cpus[0], rt);
	if (ncpus < 2)
		printf("round trip across cores: skipped: this machine lets the benchmark run on "
		    "one CPU only (CPU %d)\n", cpus[0]);
	else {
		snprintf(what, sizeof what, "across cores: the controller (the plain parent, the "
		    "relay's controller) on CPU %d, the actors (the plain child, the relay's actors) "
		    "on CPU %d", cpus[0], cpus[1]);
		rt_placement(plain, relay, what, cpus[0], cpus[1], rt);
	}
	if (sched_setaffinity(0, sizeof mine, &mine) == -1) {
		perror("bench: sched_setaffinity");
		exit(1);
	}
}

/* One probe sample: what a refresh of the screen reads and describes,
 * for every actor and every object (the screen does only the visible
 * ones), with the kernel looked at afresh (a new generation); cold, the
 * descriptor tables are read again too. */
/* Where a sample's time goes: the actors, then each kind of object. */
struct part {
	const char	*name;
	int64_t		 ns;
};
static struct part	 parts[32];
static int64_t		 last_objects_ns;	/* the last sample's objects, without the actors */

static void
part_add(const char *name, int64_t ns)
{
	size_t	 i;

	for (i = 0; i < 32 && parts[i].name != NULL; i++) {
		if (strcmp(parts[i].name, name) == 0)
			break;
	}
	if (i < 32) {
		parts[i].name = name;
		parts[i].ns += ns;
	}
}

static int64_t
probe_sample(bool cold)
{
	struct desc	*d = desc_new();
	int64_t		 t0 = now_ns(), t1, t;
	size_t		 i;

	lab->gen++;
	if (cold)
		lab_fds_changed(lab);
	for (i = 0; i < lab->nactors; i++) {
		desc_reset(d);
		lab_describe_actor(lab->actors[i], d, DETAIL_SUMMARY);
	}
	t1 = now_ns();
	if (!cold)
		part_add("actors", t1 - t0);
	last_objects_ns = now_ns();
	for (i = 0; i < lab->nobjects; i++) {
		desc_reset(d);
		lab->objects[i]->mech->describe(lab->objects[i], d, DETAIL_SUMMARY);
		t = now_ns();
		if (!cold)
			part_add(lab->objects[i]->mech->name, t - t1);
		t1 = t;
	}
	last_objects_ns = now_ns() - last_objects_ns;
	t0 = now_ns() - t0;
	desc_free(&d);
	return t0;
}

/* The warm samples' time by part, as a mean per sample. */
static void
parts_print(int runs)
{
	size_t	 i;

	printf("  of which (mean per sample):");
	for (i = 0; i < 32 && parts[i].name != NULL; i++)
		printf(" %s %.2f ms", parts[i].name, (double)parts[i].ns / runs / NS_PER_MS);
	printf("\n");
	memset(parts, 0, sizeof parts);
}

/* 50 actors; each makes 20 System V queues with a message in each, and
 * 20 sockets: 5 UNIX socketpairs, a UNIX listener with a client and the
 * accepted socket, and a TCP listener with 3 clients and the 3 accepted
 * sockets, bytes queued on some. */
static void
ipc_load(void)
{
	int	 i, j;

	for (i = 0; i < 50; i++) {
		run("spawn Y%d", i);
		for (j = 0; j < 20; j++) {
			run("Y%d msgget mq%d_%d", i, i, j);
			run("Y%d msgsnd mq%d_%d 1 \"queued\"", i, i, j);
		}
		for (j = 0; j < 5; j++) {
			run("Y%d socketpair sp%d_%d", i, i, j);
			run("Y%d send sp%d_%d.a \"pending\"", i, i, j);
		}
		run("Y%d socket ul%d unix", i, i);
		run("Y%d bind ul%d", i, i);
		run("Y%d listen ul%d", i, i);
		run("Y%d socket uc%d unix", i, i);
		run("Y%d connect uc%d ul%d", i, i, i);
		run("Y%d accept ul%d ua%d", i, i, i);
		run("Y%d socket tl%d tcp", i, i);
		run("Y%d bind tl%d", i, i);
		run("Y%d listen tl%d", i, i);
		for (j = 0; j < 3; j++) {
			run("Y%d socket tc%d_%d tcp", i, i, j);
			run("Y%d connect tc%d_%d tl%d", i, i, j, i);
			run("Y%d accept tl%d ta%d_%d", i, i, i, j);
			run("Y%d send tc%d_%d \"bytes\"", i, i, j);
		}
	}
}

static void
ipc_bench(void)
{
	char *const	 ipcs[] = { (char *)"ipcs", (char *)"-q", NULL };
	char *const	 ss[] = { (char *)"ss", (char *)"-xtuap", NULL };
	int64_t		 warm[RUNS], cold[RUNS], tools[RUNS], t;
	int		 r;

	ipc_load();
	memset(parts, 0, sizeof parts);
	printf("lab: %zu actors, %zu objects: 1000 System V queues and 1000 sockets "
	    "(250 UNIX pairs, 50 UNIX listeners with 100 connected, 50 TCP listeners with 300 connected)\n",
	    lab->nactors, lab->nobjects);
	/* In turn, so that all see the same machine: the tools, a sample
	 * reading every table again, then a sample as a refresh makes it. */
	for (r = 0; r < RUNS; r++) {
		t = time_tool(ipcs);
		tools[r] = t + time_tool(ss);
		cold[r] = probe_sample(true);
		warm[r] = probe_sample(false);
	}
	printf("probe sample, summaries of every object (median of %d): %.2f ms\n", RUNS,
	    (double)median(warm, RUNS) / NS_PER_MS);
	parts_print(RUNS);
	printf("probe sample, with every descriptor table read again (median of %d): %.2f ms\n",
	    RUNS, (double)median(cold, RUNS) / NS_PER_MS);
	printf("ipcs -q plus ss -xtuap on the same load (median of %d): %.2f ms\n", RUNS,
	    (double)median(tools, RUNS) / NS_PER_MS);
	printf("ratio probe / tools: %.3f (cold: %.3f)\n",
	    (double)median(warm, RUNS) / median(tools, RUNS),
	    (double)median(cold, RUNS) / median(tools, RUNS));
}

/* 200 actors; each makes 5 semaphore sets of 4 (values set), a 4k segment
 * it attaches, and holds 4 locks on one of 50 files it shares with 3
 * others: 2 POSIX write locks on ranges of its own, an OFD read lock and
 * a shared flock. */
static void
sync_load(void)
{
	int	 i, j, k;

	for (i = 0; i < 200; i++) {
		run("spawn Z%d", i);
		for (j = 0; j < 5; j++) {
			run("Z%d semget ss%d_%d 4", i, i, j);
			run("Z%d semctl ss%d_%d setall %d 1 0 2", i, i, j, j);
		}
		run("Z%d shmget sg%d 4k", i, i);
		run("Z%d shmat sg%d", i, i);
		k = i % 4 * 100;
		run("Z%d open lf%d rw%s", i, i / 4, i % 4 == 0 ? " create" : "");
		run("Z%d fcntl lf%d setlk write %d+10", i, i / 4, k);
		run("Z%d fcntl lf%d setlk write %d+10", i, i / 4, k + 20);
		run("Z%d fcntl lf%d ofd_setlk read %d+10", i, i / 4, k + 40);
		run("Z%d flock lf%d sh", i, i / 4);
	}
}

static void
sync_bench(void)
{
	char *const	 ipcs[] = { (char *)"ipcs", (char *)"-a", NULL };
	char *const	 lslocks[] = { (char *)"lslocks", NULL };
	int64_t		 warm[RUNS], cold[RUNS], tools[RUNS], objects[RUNS], t;
	int		 r;
	FILE		*f;
	char		 line[512];
	int		 nlocks = 0;

	sync_load();
	memset(parts, 0, sizeof parts);
	if ((f = fopen("/proc/locks", "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL)
			nlocks += strstr(line, "->") == NULL;
		fclose(f);
	}
	printf("lab: %zu actors, %zu objects: 1000 semaphore sets of 4, 200 shared memory segments "
	    "attached, 50 files with 800 locks (400 POSIX, 200 OFD, 200 flock; %d locks in /proc/locks)\n",
	    lab->nactors, lab->nobjects, nlocks);
	for (r = 0; r < RUNS; r++) {
		t = time_tool(ipcs);
		tools[r] = t + time_tool(lslocks);
		cold[r] = probe_sample(true);
		warm[r] = probe_sample(false);
		objects[r] = last_objects_ns;
	}
	printf("probe sample, summaries of every object (median of %d): %.2f ms\n", RUNS,
	    (double)median(warm, RUNS) / NS_PER_MS);
	parts_print(RUNS);
	printf("probe sample, with every descriptor table and mapping read again (median of %d): %.2f ms\n",
	    RUNS, (double)median(cold, RUNS) / NS_PER_MS);
	printf("ipcs -a plus lslocks on the same load (median of %d): %.2f ms\n", RUNS,
	    (double)median(tools, RUNS) / NS_PER_MS);
	printf("ratio probe / tools: %.3f (cold: %.3f; the objects alone, without the actors' "
	    "own state, which the tools do not show: %.3f)\n",
	    (double)median(warm, RUNS) / median(tools, RUNS),
	    (double)median(cold, RUNS) / median(tools, RUNS),
	    (double)median(objects, RUNS) / median(tools, RUNS));
}

/* One actor grows to as many pipes as its descriptor limit allows, up to
 * 10,000: the time of each call as it grows, and at a few sizes that of
 * each further call of each kind (the write pays for nothing before it:
 * each round ends with a close). */
static void
pipes_bench(void)
{
	static const int	 at[] = { 10, 100, 1000, 5000 };
	struct rlimit		 rl;
	rlim_t			 soft;
	int64_t			*grow, w[RUNS], rd[RUNS], pp[RUNS], cr[RUNS], cw[RUNS];
	int			 max, held, next = 0, r;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		perror("bench: getrlimit");
		exit(1);
	}
	soft = rl.rlim_cur;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		rl.rlim_cur = soft;
	/* Two descriptors a pipe; stdio, the lab's own three and a few
	 * for the calls measured left over. */
	max = rl.rlim_cur > 20020 ? 10000 : (int)((rl.rlim_cur - 20) / 2);
	printf("one actor with many pipes: RLIMIT_NOFILE %llu (soft, raised from %llu to the hard "
	    "limit), so up to %d pipes\n", (unsigned long long)rl.rlim_cur,
	    (unsigned long long)soft, max);
	grow = xcalloc((size_t)max, sizeof *grow);
	run("spawn A");
	for (held = 0; held < max; held++) {
		grow[held] = run("A pipe p%d", held);
		if (held + 1 != max && (next == (int)nitems(at) || held + 1 != at[next]))
			continue;
		next++;
		for (r = 0; r < RUNS; r++) {
			w[r] = run("A write p0 \"x\"");
			rd[r] = run("A read p0 1");
			pp[r] = run("A pipe extra%d_%d", held + 1, r);
			cr[r] = run("A close extra%d_%d.r", held + 1, r);
			cw[r] = run("A close extra%d_%d.w", held + 1, r);
		}
		printf("  %5d pipes (%5d descriptors): pipe while growing %.3f ms (median of the "
		    "last %d); further write %.3f ms, read %.3f ms, pipe %.3f ms, close %.3f ms, "
		    "close %.3f ms (medians of %d)\n", held + 1, 2 * (held + 1) + 6,
		    (double)median(grow + (held + 1 > 100 ? held + 1 - 100 : 0),
		    held + 1 > 100 ? 100 : (size_t)held + 1) / NS_PER_MS,
		    held + 1 > 100 ? 100 : held + 1,
		    (double)median(w, RUNS) / NS_PER_MS, (double)median(rd, RUNS) / NS_PER_MS,
		    (double)median(pp, RUNS) / NS_PER_MS, (double)median(cr, RUNS) / NS_PER_MS,
		    (double)median(cw, RUNS) / NS_PER_MS, RUNS);
		fflush(stdout);
	}
	free(grow);
}

int
main(int argc, char **argv)
{
	struct runtime	*rt;
	struct desc	*d;
	int64_t		 probe_ns[RUNS * 3], t0;
	char		*cause = NULL;
	sigset_t	 sigs;
	int		 r, i, j;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "ipc") != 0 &&
	    strcmp(argv[2], "sync") != 0 && strcmp(argv[2], "pipes") != 0 &&
	    strcmp(argv[2], "rt") != 0)) {
		fprintf(stderr, "usage: bench_lab PLAIN_PIPE_PROGRAM [rt|ipc|sync|pipes]\n");
		return 2;
	}
	cmd_init(mechanism_registry);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	rt = runtime_open(mechanism_sweep, NULL, &cause);
	if (rt == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		return 1;
	}
	loop = loop_new();
	if (argc == 3 && strcmp(argv[2], "sync") == 0)
		goto sync_part;
	if (argc == 3 && strcmp(argv[2], "pipes") == 0)
		goto pipes_part;
	/* The round trips, each placement in a lab of its own. */
	if (argc == 2 || strcmp(argv[2], "rt") == 0)
		rt_bench(argv[1], rt);
	if (argc == 3 && strcmp(argv[2], "rt") == 0)
		goto out;
	if (argc == 3)
		goto ipc;
	lab = lab_new(loop, rt, mechanism_sweep, 100 * NS_PER_MS, cmd_verbs(),
	    cmd_modules(mechanism_modules));

	/* A lab of 100 actors and 200 pipes, each with bytes queued. */
	for (i = 0; i < 100; i++) {
		run("spawn X%d", i);
		for (j = 0; j < 2; j++) {
			run("X%d pipe q%d_%d", i, i, j);
			run("X%d write q%d_%d 100", i, i, j);
		}
	}
	printf("lab: %zu actors, %zu objects (%zu pipes)\n", lab->nactors, lab->nobjects,
	    lab->nobjects - 1);
	for (r = 0; r < RUNS * 3; r++) {
		d = desc_new();
		t0 = now_ns();
		lab_describe_all(lab, d);
		probe_ns[r] = now_ns() - t0;
		desc_free(&d);
	}
	printf("probe sample, summaries (every list line), 100 actors and 200 pipes (median of %d): %.2f ms\n",
	    RUNS * 3, (double)median(probe_ns, RUNS * 3) / NS_PER_MS);
	for (r = 0; r < RUNS * 3; r++) {
		t0 = now_ns();
		lab->gen++;
		for (i = 0; i < (int)lab->nactors; i++) {
			d = desc_new();
			lab_describe_actor(lab->actors[i], d, DETAIL_FULL);
			desc_free(&d);
		}
		for (i = 0; i < (int)lab->nobjects; i++) {
			d = desc_new();
			lab->objects[i]->mech->describe(lab->objects[i], d, DETAIL_FULL);
			desc_free(&d);
		}
		probe_ns[r] = now_ns() - t0;
	}
	printf("probe sample, full (show of everything), 100 actors and 200 pipes (median of %d): %.2f ms\n",
	    RUNS * 3, (double)median(probe_ns, RUNS * 3) / NS_PER_MS);
	lab_free(&lab);

ipc:
	/* A fresh lab for queues and sockets. */
	lab = lab_new(loop, rt, mechanism_sweep, 100 * NS_PER_MS, cmd_verbs(),
	    cmd_modules(mechanism_modules));
	ipc_bench();
	lab_free(&lab);
	if (argc == 3)
		goto out;

sync_part:
	/* A fresh lab for semaphores, segments and locks. */
	lab = lab_new(loop, rt, mechanism_sweep, 100 * NS_PER_MS, cmd_verbs(),
	    cmd_modules(mechanism_modules));
	sync_bench();
	lab_free(&lab);
	if (argc == 3)
		goto out;

pipes_part:
	/* A fresh lab: one actor with thousands of pipes. */
	lab = lab_new(loop, rt, mechanism_sweep, 100 * NS_PER_MS, cmd_verbs(),
	    cmd_modules(mechanism_modules));
	pipes_bench();
	lab_free(&lab);
out:
	loop_free(&loop);
	runtime_close(&rt);
	return 0;
}
