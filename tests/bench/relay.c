/* relay.c: the floor of any round trip a controller relays, as the
 * lab's is: a controller asks actor A, over a socketpair, to write one
 * byte into a pipe and waits for A's answer, then asks B to read it and
 * waits for B's. Nothing else: no frames, no parsing, no /proc. Three
 * processes, four messages, against the plain pair's two processes and
 * two messages. Prints the nanoseconds per round trip.
 * usage: relay ITERATIONS CONTROLLER_CPU ACTORS_CPU */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/wait.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
pin(int cpu)
{
	cpu_set_t	 set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) == -1) {
		perror("relay: sched_setaffinity");
		return -1;
	}
	return 0;
}

/* An actor: each request makes one call on fd (a write or a read of one
 * byte), and its result is the answer. */
static void __attribute__((noreturn))
actor(int chan, int fd, int cpu, int writes)
{
	ssize_t	 r;
	char	 req, c = 'x';

	if (pin(cpu) == -1)
		_exit(1);
	while (read(chan, &req, 1) == 1) {
		r = writes ? write(fd, &c, 1) : read(fd, &c, 1);
		if (write(chan, &r, sizeof r) != sizeof r)
			_exit(1);
	}
	_exit(0);
}

int
main(int argc, char **argv)
{
	long		 n, i;
	long long	 t0, t1;
	ssize_t		 r;
	int		 p[2], a[2], b[2], actors_cpu;
	char		 q = 'q';

	if (argc != 4 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: relay ITERATIONS CONTROLLER_CPU ACTORS_CPU\n");
		return 2;
	}
	actors_cpu = atoi(argv[3]);
	if (pipe(p) == -1 || socketpair(AF_UNIX, SOCK_STREAM, 0, a) == -1 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, b) == -1)
		return 1;
	switch (fork()) {
	case -1:
		return 1;
	case 0:
		close(a[0]);
		close(b[0]);
		close(b[1]);
		close(p[0]);
		actor(a[1], p[1], actors_cpu, 1);
	}
	close(a[1]);
	switch (fork()) {
	case -1:
		return 1;
	case 0:
		close(a[0]);
		close(b[0]);
		close(p[1]);
		actor(b[1], p[0], actors_cpu, 0);
	}
	close(b[1]);
	close(p[0]);
	close(p[1]);
	if (pin(atoi(argv[2])) == -1)
		return 1;
	t0 = now();
	for (i = 0; i < n; i++) {
		if (write(a[0], &q, 1) != 1 || read(a[0], &r, sizeof r) != sizeof r || r != 1)
			return 1;
		if (write(b[0], &q, 1) != 1 || read(b[0], &r, sizeof r) != sizeof r || r != 1)
			return 1;
	}
	t1 = now();
	close(a[0]);
	close(b[0]);
	wait(NULL);
	wait(NULL);
	printf("%lld\n", (t1 - t0) / n);
	return 0;
}
