/* plain_pipe.c: the reference for the lab's round trip: a plain program
 * of two processes. The parent writes one byte into a pipe, the child
 * reads it and answers with one byte through a second pipe, the parent
 * reads that: one round trip. Prints the nanoseconds per round trip.
 * With CPUs given, the parent runs on the first and the child on the
 * second (the same one for both: one core).
 * usage: plain_pipe ITERATIONS [PARENT_CPU CHILD_CPU] */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Run on cpu alone (none: where the scheduler likes). */
static int
pin(int cpu)
{
	cpu_set_t	 set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) == -1) {
		perror("plain_pipe: sched_setaffinity");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int		 there[2], back[2];
	int		 parent_cpu = argc > 3 ? atoi(argv[2]) : -1;
	int		 child_cpu = argc > 3 ? atoi(argv[3]) : -1;
	long		 n = argc > 1 ? atol(argv[1]) : 10000, i;
	long long	 t0, t1;
	char		 c = 'x';
	pid_t		 pid;

	if (n <= 0 || pipe(there) == -1 || pipe(back) == -1)
		return 1;
	pid = fork();
	if (pid == -1)
		return 1;
	if (pid == 0) {
		if (pin(child_cpu) == -1)
			_exit(1);
		close(there[1]);
		close(back[0]);
		while (read(there[0], &c, 1) == 1)
			if (write(back[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	if (pin(parent_cpu) == -1)
		return 1;
	close(there[0]);
	close(back[1]);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			return 1;
	}
	t1 = now();
	close(there[1]);
	waitpid(pid, NULL, 0);
	printf("%lld\n", (t1 - t0) / n);
	return 0;
}
