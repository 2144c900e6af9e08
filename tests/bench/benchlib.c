/* benchlib.c: what the benchmarks share (benchlib.h). */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>

#include "benchlib.h"
#include "util.h"

static int
cmp64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int64_t
median(int64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp64);
	return v[n / 2];
}

int64_t
time_tool(char *const argv[])
{
	posix_spawn_file_actions_t	 fa;
	extern char			**environ;
	int64_t				 t0;
	pid_t				 pid;
	int				 st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	t0 = now_ns();
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		fprintf(stderr, "bench: cannot run %s\n", argv[0]);
		exit(1);
	}
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	posix_spawn_file_actions_destroy(&fa);
	return now_ns() - t0;
}
