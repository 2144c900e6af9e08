/* bench_observe.c: the cost of observing the whole machine, under a load
 * of processes the lab did not make, against the tools one would run
 * instead, measured in one go as medians of several runs:
 *  - the load: 250 processes (100 pairs and 50 that attach segments),
 *    about 7,000 descriptors, 5,000 System V queues with a message each,
 *    5,000 semaphore sets, 1,000 segments attached 20 to a process, 800
 *    pipes with bytes queued (each pair shares 8, the writer in one, the
 *    reader in the other), 2,000 UNIX sockets (1,000 socketpairs split
 *    across the pairs), 400 TCP connections on 127.0.0.1 (the clients in
 *    one process of a pair, the accepted sockets and the listener in the
 *    other), 800 fcntl locks (4 files locked by each process of a pair)
 *    and 1,000 eventfds; each pair's first process waits in poll on
 *    its TCP clients (an hour's timeout), its second in read on a
 *    socketpair, and the 50 in pause, as idle servers and workers do;
 *  - the tools: ipcs -a, lslocks, ss -xap, ss -tuanp and lsof -n, each
 *    timed fork to reaped with its output thrown away, and their sum;
 *  - cold: ipcscope --list, the real program, fork to reaped: every
 *    process of the machine observed, described, its waits and chains;
 *  - cold in one process: a new lab, observe all, its first tick and the
 *    summary of every actor and object (what the panes' lines need);
 *  - warm: a further tick of that lab (the steady state: the processes
 *    have not run since, and the kernel says so cheaply) and the summary
 *    of every actor and object again;
 *  - the reads alone: what a cold sample cannot do without, nothing made
 *    of them (readfloor.c), in one thread and shared among two, for the
 *    cold figures' bound on this machine.
 * Runs alternate between the tools and ipcscope, so that both see the
 * same machine. With "-- COMMAND..." the command is run once the figures
 * are printed, with the load still in place (tui.sh's observe figure).
 * Everything made is removed at the end, or on SIGINT/SIGTERM.
 * usage: bench_observe IPCSCOPE [RUNS] [-- COMMAND...] */
#include "config.h"

#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchlib.h"
#include "readfloor.h"
#include "cmd.h"
#include "desc.h"
#include "lab.h"
#include "loop.h"
#include "mechanism.h"
#include "runtime.h"

#define PAIRS		100
#define ATTACHERS	50
#define QUEUES		5000
#define SEMSETS		5000
#define SEGMENTS	1000
#define PIPES_PER	8	/* per pair */
#define SOCKPAIRS_PER	10
#define TCP_PER		4
#define LOCKS_PER	4	/* per process of a pair */
#define EVENTFDS_PER	5
#define SEGS_PER	(SEGMENTS / ATTACHERS)
#define MAX_RUNS	15

static pid_t	 kids[2 * PAIRS + ATTACHERS];
static int	 nkids;
static int	 msq[QUEUES], sem[SEMSETS], shm[SEGMENTS];
static int	 nmsq, nsem, nshm;
static char	 lockdir[] = "/tmp/ipcscope-bench-XXXXXX";
static struct runtime	*rt;		/* the bench's runtime, for the labs it makes */
static int	 ready[2];	/* each process of the load writes its pid when ready */

static void __attribute__((noreturn))
die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Everything the load made goes: its processes (by pid, reaped: the
 * bench is their subreaper), its System V objects (by id), its files. */
static void
unload(void)
{
	char	 path[64];
	int	 i;

	for (i = 0; i < nkids; i++)
		kill(kids[i], SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	for (i = 0; i < nmsq; i++)
		msgctl(msq[i], IPC_RMID, NULL);
	for (i = 0; i < nsem; i++)
		semctl(sem[i], 0, IPC_RMID);
	for (i = 0; i < nshm; i++)
		shmctl(shm[i], IPC_RMID, NULL);
	nkids = nmsq = nsem = nshm = 0;
	if (lockdir[sizeof lockdir - 2] != 'X') {
		for (i = 0; i < 2 * PAIRS * LOCKS_PER; i++) {
			snprintf(path, sizeof path, "%s/%d", lockdir, i);
			unlink(path);
		}
		rmdir(lockdir);
	}
	/* The bench's own runtime directory too. */
	if (rt != NULL)
		runtime_close(&rt);
}

static void
on_signal(int sig)
{
	(void)sig;
	exit(1);	/* atexit: unload */
}

/* This process of the load is ready: its pid to the bench; then it
 * waits to be killed, as a server would, in one of three ways: in poll
 * on fds (n of them, with a timeout of an hour), in read on fd, or (fd
 * -1) in pause. */
static void __attribute__((noreturn))
hold(const struct pollfd *fds, nfds_t n, int fd)
{
	pid_t	 self = getpid();
	char	 c;

	if (write(ready[1], &self, sizeof self) != sizeof self)
		_exit(1);
	close(ready[1]);
	for (;;) {
		if (n > 0)
			poll((struct pollfd *)fds, n, 3600 * 1000);
		else if (fd != -1 && read(fd, &c, 1) == 0)
			_exit(0);
		else
			pause();
	}
}

static void
lock_files(int first)
{
	struct flock	 fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char		 path[64];
	int		 i, fd;

	for (i = first; i < first + LOCKS_PER; i++) {
		snprintf(path, sizeof path, "%s/%d", lockdir, i);
		fd = open(path, O_RDWR | O_CREAT, 0600);
		if (fd == -1 || fcntl(fd, F_SETLK, &fl) == -1)
			die("lock");
	}
}

static void
eventfds(void)
{
	int	 i;

	for (i = 0; i < EVENTFDS_PER; i++) {
		if (eventfd((unsigned)i, 0) == -1)
			die("eventfd");
	}
}

/* One pair: A makes the pipes, socketpairs and TCP connections, forks
 * B, and each keeps its side; each locks its files and makes its
 * eventfds. */
static void __attribute__((noreturn))
pair(int n)
{
	struct sockaddr_in	 sin = { .sin_family = AF_INET };
	socklen_t		 len = sizeof sin;
	int			 p[PIPES_PER][2], sv[SOCKPAIRS_PER][2];
	int			 cl[TCP_PER], ac[TCP_PER], lst, i;
	struct pollfd		 pfd[TCP_PER];
	char			 bytes[100];

	memset(bytes, 'x', sizeof bytes);
	for (i = 0; i < PIPES_PER; i++) {
		if (pipe(p[i]) == -1 || write(p[i][1], bytes, sizeof bytes) != sizeof bytes)
			die("pipe");
	}
	for (i = 0; i < SOCKPAIRS_PER; i++) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]) == -1)
			die("socketpair");
		if (i % 2 == 0 && write(sv[i][0], bytes, 10) != 10)
			die("socketpair write");
	}
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lst = socket(AF_INET, SOCK_STREAM, 0);
	if (lst == -1 || bind(lst, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    listen(lst, 16) == -1 || getsockname(lst, (struct sockaddr *)&sin, &len) == -1)
		die("listen");
	for (i = 0; i < TCP_PER; i++) {
		cl[i] = socket(AF_INET, SOCK_STREAM, 0);
		if (cl[i] == -1 || connect(cl[i], (struct sockaddr *)&sin, sizeof sin) == -1 ||
		    (ac[i] = accept(lst, NULL, NULL)) == -1)
			die("connect");
	}
	switch (fork()) {
	case -1:
		die("fork");
	case 0:
		/* B: the read ends, the other sides, the accepted sockets
		 * and the listener. */
		for (i = 0; i < PIPES_PER; i++)
			close(p[i][1]);
		for (i = 0; i < SOCKPAIRS_PER; i++)
			close(sv[i][0]);
		for (i = 0; i < TCP_PER; i++)
			close(cl[i]);
		lock_files((2 * n + 1) * LOCKS_PER);
		eventfds();
		hold(NULL, 0, sv[SOCKPAIRS_PER - 1][1]);
	default:
		break;
	}
	for (i = 0; i < PIPES_PER; i++)
		close(p[i][0]);
	for (i = 0; i < SOCKPAIRS_PER; i++)
		close(sv[i][1]);
	for (i = 0; i < TCP_PER; i++)
		close(ac[i]);
	close(lst);
	lock_files(2 * n * LOCKS_PER);
	eventfds();
	for (i = 0; i < TCP_PER; i++)
		pfd[i] = (struct pollfd){ .fd = cl[i], .events = POLLIN };
	hold(pfd, TCP_PER, -1);
}

static void __attribute__((noreturn))
attacher(int n)
{
	int	 i;

	for (i = n * SEGS_PER; i < (n + 1) * SEGS_PER; i++) {
		if (shmat(shm[i], NULL, SHM_RDONLY) == (void *)-1)
			die("shmat");
	}
	hold(NULL, 0, -1);
}

static void
load(void)
{
	struct { long type; char text[16]; } m = { 1, "a message" };
	pid_t	 pid;
	int	 i, got;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		die("subreaper");
	if (mkdtemp(lockdir) == NULL)
		die("mkdtemp");
	for (i = 0; i < QUEUES; i++) {
		if ((msq[nmsq] = msgget(IPC_PRIVATE, 0600)) == -1)
			die("msgget");
		nmsq++;
		if (msgsnd(msq[i], &m, sizeof m.text, IPC_NOWAIT) == -1)
			die("msgsnd");
	}
	for (i = 0; i < SEMSETS; i++) {
		if ((sem[nsem] = semget(IPC_PRIVATE, 1, 0600)) == -1)
			die("semget");
		nsem++;
	}
	for (i = 0; i < SEGMENTS; i++) {
		if ((shm[nshm] = shmget(IPC_PRIVATE, 4096, 0600)) == -1)
			die("shmget");
		nshm++;
	}
	if (pipe(ready) == -1)
		die("pipe");
	for (i = 0; i < PAIRS + ATTACHERS; i++) {
		if ((pid = fork()) == -1)
			die("fork");
		if (pid == 0) {
			close(ready[0]);
			if (i < PAIRS)
				pair(i);
			attacher(i - PAIRS);
		}
	}
	close(ready[1]);
	for (got = 0; got < 2 * PAIRS + ATTACHERS; got++) {
		if (read(ready[0], &kids[nkids], sizeof kids[0]) != sizeof kids[0])
			die("a process of the load failed");
		nkids++;
	}
	close(ready[0]);
}

/* Every descriptor of the machine's processes: the load's size as
 * the tools see it. */
static int
count_fds(void)
{
	char	 path[64];
	FILE	*f;
	int	 n = 0, i;

	for (i = 0; i < nkids; i++) {
		snprintf(path, sizeof path, "ls /proc/%d/fd | wc -l", (int)kids[i]);
		if ((f = popen(path, "r")) != NULL) {
			int	 k = 0;

			if (fscanf(f, "%d", &k) == 1)
				n += k;
			pclose(f);
		}
	}
	return n;
}

static struct loop	*loop;

/* The summary of every actor and object: what the panes' lines need. */
static void
summaries(struct lab *lab)
{
	struct desc	*d = desc_new();
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		desc_reset(d);
		lab_describe_actor(lab->actors[i], d, DETAIL_SUMMARY);
	}
	for (i = 0; i < lab->nobjects; i++) {
		desc_reset(d);
		lab->objects[i]->mech->describe(lab->objects[i], d, DETAIL_SUMMARY);
	}
	desc_free(&d);
}

/* One tick of lab, as its timer runs it, and the summaries. */
static int64_t
tick(struct lab *lab)
{
	uint64_t before = lab->ticks;
	int64_t	 t0;

	/* Once the tick is due, the loop runs it at once. */
	do {
		usleep(5000);
		t0 = now_ns();
		loop_once(loop, 0);
	} while (lab->ticks == before);
	summaries(lab);
	return now_ns() - t0;
}

/* A new lab observing the whole machine: its first sample (cold), then
 * warm further ticks. In a process of its own, which ends without
 * freeing the lab: lab_free reaps every child of its process, and the
 * bench's children are the load. */
static void
in_process(int64_t *cold, int64_t *warm, int nwarm, size_t *nactors, size_t *nobjects)
{
	struct lab	*lab;
	char		*cause = NULL;
	size_t		 added = 0, n[2];
	int64_t		 t0;
	int		 i, fds[2];
	pid_t		 pid;

	if (pipe(fds) == -1 || (pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		close(fds[0]);
		lab = lab_new(loop, rt, mechanism_sweep, 20 * NS_PER_MS, cmd_verbs(),
		    cmd_modules(mechanism_modules));
		t0 = now_ns();
		if (!lab_observe_rule(lab, OBSERVE_ALL, NULL, &added, &cause)) {
			fprintf(stderr, "bench: observe all: %s\n", cause);
			_exit(1);
		}
		summaries(lab);
		*cold = now_ns() - t0;
		for (i = 0; i < nwarm; i++)
			warm[i] = tick(lab);
		n[0] = lab->nactors;
		n[1] = lab->nobjects;
		if (write(fds[1], cold, sizeof *cold) != sizeof *cold ||
		    write(fds[1], warm, nwarm * sizeof *warm) != (ssize_t)(nwarm * sizeof *warm) ||
		    write(fds[1], n, sizeof n) != sizeof n)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], cold, sizeof *cold) != sizeof *cold ||
	    read(fds[0], warm, nwarm * sizeof *warm) != (ssize_t)(nwarm * sizeof *warm) ||
	    read(fds[0], n, sizeof n) != sizeof n) {
		fprintf(stderr, "bench: the observing process failed\n");
		exit(1);
	}
	close(fds[0]);
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
	*nactors = n[0];
	*nobjects = n[1];
}

static double
ms(int64_t ns)
{
	return (double)ns / NS_PER_MS;
}

int
main(int argc, char **argv)
{
	static char *const	 tools[][4] = {
		{ "ipcs", "-a", NULL }, { "lslocks", NULL }, { "ss", "-xap", NULL },
		{ "ss", "-tuanp", NULL }, { "lsof", "-n", NULL },
	};
	enum { NTOOLS = sizeof tools / sizeof tools[0] };
	int64_t		 tool_ns[NTOOLS][MAX_RUNS], sum_ns[MAX_RUNS], list_ns[MAX_RUNS];
	int64_t		 cold_ns[MAX_RUNS], warm_ns[MAX_RUNS * 5], w[5];
	int64_t		 floor_ns[2][MAX_RUNS];
	char		*list_argv[] = { argv[1], (char *)"--list", NULL };
	char		*cause = NULL;
	struct rlimit	 rl;
	size_t		 nactors = 0, nobjects = 0, nprocs = 0;
	sigset_t	 sigs;
	int		 runs = 7, r, t, i, cmd = 0;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			cmd = i + 1;
			break;
		}
		runs = atoi(argv[i]);
	}
	if (argc < 2 || runs < 1 || runs > MAX_RUNS || (cmd != 0 && cmd >= argc)) {
		fprintf(stderr, "usage: bench_observe IPCSCOPE [RUNS] [-- COMMAND...]\n");
		return 2;
	}
	for (t = 0; t < NTOOLS; t++) {
		char	 which[64];

		snprintf(which, sizeof which, "command -v %s > /dev/null", tools[t][0]);
		if (system(which) != 0) {
			fprintf(stderr, "bench: %s is not installed\n", tools[t][0]);
			return 1;
		}
	}
	/* The lab's file limit: as many as the hard limit allows. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	atexit(unload);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	load();
	printf("load: %d processes, %d descriptors, %d System V queues, %d semaphore sets, "
	    "%d segments, %d pipes, %d UNIX sockets, %d TCP connections, %d locks, %d eventfds\n",
	    nkids, count_fds(), nmsq, nsem, nshm, PAIRS * PIPES_PER, 2 * PAIRS * SOCKPAIRS_PER,
	    PAIRS * TCP_PER, 2 * PAIRS * LOCKS_PER, 2 * PAIRS * EVENTFDS_PER);
	fflush(stdout);

	cmd_init(mechanism_registry);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	rt = runtime_open(mechanism_sweep, NULL, &cause);
	if (rt == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		return 1;
	}
	loop = loop_new();
	/* BENCH_PROFILE: the in-process samples alone, for a profiler to
	 * look at: many warm ones, or with "cold", ten cold ones. */
	if (getenv("BENCH_PROFILE") != NULL && strcmp(getenv("BENCH_PROFILE"), "cold") == 0) {
		for (r = 0; r < 10; r++) {
			in_process(&cold_ns[r], w, 0, &nactors, &nobjects);
			printf("cold %.1f ms\n", ms(cold_ns[r]));
		}
		return 0;
	}
	if (getenv("BENCH_PROFILE") != NULL) {
		int64_t	 many[100];

		in_process(&cold_ns[0], many, 100, &nactors, &nobjects);
		printf("cold %.1f ms, warm %.2f ms (median of 100)\n", ms(cold_ns[0]),
		    ms(median(many, 100)));
		return 0;
	}
	for (r = 0; r < runs; r++) {
		sum_ns[r] = 0;
		for (t = 0; t < NTOOLS; t++) {
			tool_ns[t][r] = time_tool(tools[t]);
			sum_ns[r] += tool_ns[t][r];
		}
		list_ns[r] = time_tool(list_argv);
		in_process(&cold_ns[r], w, 5, &nactors, &nobjects);
		for (i = 0; i < 5; i++)
			warm_ns[r * 5 + i] = w[i];
		floor_ns[0][r] = read_floor(1, &nprocs);
		floor_ns[1][r] = read_floor(2, &nprocs);
	}
	printf("ipcscope observing the machine: %zu processes and threads, %zu objects\n",
	    nactors, nobjects);
	printf("tools on the same load (median of %d):", runs);
	for (t = 0; t < NTOOLS; t++) {
		printf(" %s%s%s %.1f ms", tools[t][0], tools[t][1] != NULL ? " " : "",
		    tools[t][1] != NULL ? tools[t][1] : "", ms(median(tool_ns[t], runs)));
	}
	printf("\n  their sum: %.1f ms\n", ms(median(sum_ns, runs)));
	printf("ipcscope --list, fork to reaped (cold; median of %d): %.1f ms = 1/%.1f of the tools\n",
	    runs, ms(median(list_ns, runs)),
	    (double)median(sum_ns, runs) / median(list_ns, runs));
	printf("first sample of a new lab, observe all and every summary (cold; median of %d): "
	    "%.1f ms = 1/%.1f of the tools\n", runs, ms(median(cold_ns, runs)),
	    (double)median(sum_ns, runs) / median(cold_ns, runs));
	printf("further tick and every summary (warm; median of %d): %.2f ms = 1/%.1f of the tools\n",
	    runs * 5, ms(median(warm_ns, runs * 5)),
	    (double)median(sum_ns, runs) / median(warm_ns, runs * 5));
	for (i = 0; i < 2; i++) {
		printf("the reads alone of a cold sample, nothing made of them, %s "
		    "(%zu processes; median of %d): %.1f ms = 1/%.1f of the tools\n",
		    i == 0 ? "in one thread" : "shared among two", nprocs, runs,
		    ms(median(floor_ns[i], runs)),
		    (double)median(sum_ns, runs) / median(floor_ns[i], runs));
	}
	fflush(stdout);
	loop_free(&loop);
	if (cmd != 0) {
		pid_t	 pid = fork();
		int	 st;

		if (pid == 0) {
			sigprocmask(SIG_UNBLOCK, &sigs, NULL);
			execvp(argv[cmd], argv + cmd);
			_exit(127);
		}
		while (pid > 0 && waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
	}
	return 0;
}
