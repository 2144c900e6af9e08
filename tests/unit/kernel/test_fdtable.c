/* test_fdtable.c: a descriptor table read again for a few descriptors
 * (probe_fds_update) is the table a whole read gives. The descriptors are
 * a child's, changed step by step on request: the test's own table would
 * change under the probe (it opens /proc while it reads). */
#include "config.h"

#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "kunit.h"

/* What the child does at each step; it answers with the descriptors the
 * step may have changed. */
static void
child_step(int step, int *changed, size_t *n)
{
	int	 p[2], sv[2], i;

	*n = 0;
	switch (step) {
	case 0:		/* ten pipes: 3..22 and around */
		for (i = 0; i < 10; i++) {
			if (pipe(p) == 0) {
				changed[(*n)++] = p[0];
				changed[(*n)++] = p[1];
			}
		}
		break;
	case 1:		/* holes in the middle and at the end */
		close(7);
		close(12);
		changed[(*n)++] = 7;
		changed[(*n)++] = 12;
		break;
	case 2:		/* the numbers given out again, to another kind */
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
			changed[(*n)++] = sv[0];
			changed[(*n)++] = sv[1];
		}
		changed[(*n)++] = eventfd(0, EFD_NONBLOCK);
		break;
	case 3:		/* dup2 over an open descriptor; flags changed */
		dup2(8, 5);
		fcntl(9, F_SETFL, O_NONBLOCK);
		changed[(*n)++] = 5;
		changed[(*n)++] = 9;
		break;
	case 4:		/* a number never open, and one closed twice named */
		close(13);
		changed[(*n)++] = 13;
		changed[(*n)++] = 13;
		changed[(*n)++] = 900;
		break;
	}
}

static void
child_main(int ctl, int answer)
{
	int	 changed[32];
	size_t	 n = 0;
	int	 step;

	/* Set up: the table is the child's own from here on. */
	if (write(answer, &n, sizeof n) != sizeof n)
		_exit(1);
	while (read(ctl, &step, sizeof step) == sizeof step) {
		child_step(step, changed, &n);
		if (write(answer, &n, sizeof n) != sizeof n ||
		    write(answer, changed, n * sizeof *changed) != (ssize_t)(n * sizeof *changed))
			_exit(1);
	}
	_exit(0);
}

static bool
tables_same(const struct fd_table *a, const struct fd_table *b)
{
	size_t	 i;

	if (a->n != b->n) {
		printf("  %zu descriptors, a whole read says %zu\n", a->n, b->n);
		return false;
	}
	for (i = 0; i < a->n; i++) {
		if (a->v[i].fd != b->v[i].fd || !fd_id_eq(&a->v[i].id, &b->v[i].id) ||
		    a->v[i].type != b->v[i].type || a->v[i].access != b->v[i].access ||
		    a->v[i].flags != b->v[i].flags || strcmp(a->v[i].link, b->v[i].link) != 0 ||
		    a->v[i].info_key != b->v[i].info_key ||
		    (a->v[i].info_value == NULL) != (b->v[i].info_value == NULL) ||
		    (a->v[i].info_value != NULL &&
		    strcmp(a->v[i].info_value, b->v[i].info_value) != 0)) {
			printf("  entry %zu: fd %d %s, a whole read says fd %d %s\n", i, a->v[i].fd,
			    a->v[i].link, b->v[i].fd, b->v[i].link);
			return false;
		}
	}
	return true;
}

/* Lines of fdinfo asked for: step 2's eventfd has the first. */
static const char *const keys[] = { "eventfd-id", NULL };

static void
test_update_is_whole_read(void)
{
	struct fd_table	 t, whole;
	int		 ctl[2], answer[2], changed[32], step, status;
	size_t		 n, i, nkept;
	pid_t		 pid;

	memset(&t, 0, sizeof t);
	memset(&whole, 0, sizeof whole);
	/* The child's own two ends sit high, out of the way. */
	if (pipe(ctl) == -1 || pipe(answer) == -1)
		abort();
	pid = fork();
	if (pid == 0) {
		dup2(ctl[0], 200);
		dup2(answer[1], 201);
		for (step = 3; step < 200; step++)
			close(step);
		child_main(200, 201);
	}
	close(ctl[0]);
	close(answer[1]);
	CHECK(read(answer[0], &n, sizeof n) == sizeof n);
	CHECK(probe_fds(pid, &t, keys));
	for (step = 0; step <= 4; step++) {
		CHECK(write(ctl[1], &step, sizeof step) == sizeof step);
		CHECK(read(answer[0], &n, sizeof n) == sizeof n);
		CHECK(n <= 32 && read(answer[0], changed, n * sizeof *changed) ==
		    (ssize_t)(n * sizeof *changed));
		CHECK(probe_fds_update(pid, &t, keys, changed, n));
		CHECK(probe_fds(pid, &whole, keys));
		if (!tables_same(&t, &whole))
			printf("  after step %d\n", step);
		CHECK(tables_same(&t, &whole));
	}
	/* The eventfd step 2 made keeps its fdinfo line, read in part. */
	for (i = 0, nkept = 0; i < t.n; i++)
		nkept += t.v[i].info_key == 0 && t.v[i].info_value != NULL;
	CHECK(nkept == 1);
	/* The lookups: found, and absent below, between and above. */
	CHECK(fd_table_find(&t, 9) != NULL && fd_table_find(&t, 9)->fd == 9);
	CHECK(fd_table_find(&t, 9)->flags & O_NONBLOCK);
	CHECK(fd_table_find(&t, 13) == NULL);
	CHECK(fd_table_find(&t, -1) == NULL);
	CHECK(fd_table_find(&t, 900) == NULL);
	CHECK(fd_table_find(&t, 201) != NULL);
	/* Gone: false, and the table as it was. */
	close(ctl[1]);
	waitpid(pid, &status, 0);
	n = t.n;
	changed[0] = 3;
	CHECK(!probe_fds_update(pid, &t, keys, changed, 1));
	CHECK(t.n == n);
	close(answer[0]);
	fd_table_clear(&t);
	fd_table_clear(&whole);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(test_update_is_whole_read);
	return unit_failed;
}
