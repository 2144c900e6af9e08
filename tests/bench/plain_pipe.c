/* plain_pipe.c: the reference for the lab's round trip: a plain program
 * of two processes. The parent writes one byte into a pipe, the child
 * reads it and answers with one byte through a second pipe, the parent
 * reads that: one round trip. Prints the nanoseconds per round trip.
 * usage: plain_pipe ITERATIONS */
#include <errno.h>
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

int
main(int argc, char **argv)
{
	int		 there[2], back[2];
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
		close(there[1]);
		close(back[0]);
		while (read(there[0], &c, 1) == 1)
			if (write(back[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
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
