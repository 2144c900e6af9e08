/* test_waits.c: the kernel layer lists the machine's processes (all of
 * them, by name, by uid), a process's threads, and whether a process ran
 * since a previous look. Children made for it are killed and reaped. */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/syscall.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "kunit.h"

/* A child's name, for the listing to find it by. */
#define CHILD_COMM	"kwaits-child"

/* Descriptors the children block on, in the parent (other ends kept
 * open so that the children stay blocked). */
static int	 empty_pipe[2] = { -1, -1 };
static int	 other_pipe[2] = { -1, -1 };

static void
name_child(void)
{
	prctl(PR_SET_NAME, CHILD_COMM);
}

static void
block_read(void *arg)
{
	char	 c;

	(void)arg;
	name_child();
	if (dup2(empty_pipe[0], 40) == -1)
		_exit(1);
	read(40, &c, 1);
}

/* The processes listed, their threads, whether they ran. */

static void *
thread_read(void *arg)
{
	char	 c;

	(void)arg;
	read(other_pipe[0], &c, 1);
	return NULL;
}

static void
two_threads(void *arg)
{
	pthread_t	 t;
	char		 c;

	name_child();
	if (pthread_create(&t, NULL, thread_read, NULL) != 0)
		_exit(1);
	/* Woken by a byte, it reads again. */
	for (;;)
		read(*(int *)arg, &c, 1);
}

static const struct proc_entry *
list_find(const struct proc_list *l, pid_t pid)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].pid == pid)
			return &l->v[i];
	}
	return NULL;
}

static void
test_listing(void)
{
	struct proc_filter	 f;
	struct proc_list	 l;
	struct proc_entry	 e;
	struct tid_list		 tids;
	struct run_stamp	 s1, s2;
	const struct proc_entry	*found;
	struct task_info	 ti;
	pid_t			 c, r;
	size_t			 i;
	int			 wake[2], queued, tries;

	memset(&l, 0, sizeof l);
	memset(&tids, 0, sizeof tids);
	memset(&f, 0, sizeof f);
	CHECK(pipe2(wake, O_CLOEXEC) == 0);
	c = child_start(two_threads, &wake[0]);
	r = child_start(block_read, NULL);
	CHECK(wait_in_call(c, c, SYS_read, -1, &ti) && wait_in_call(r, r, SYS_read, -1, &ti));

	/* Every process: this one and its children among them. */
	CHECK(procs_list(NULL, &l) && l.ok && l.n > 2);
	CHECK((found = list_find(&l, getpid())) != NULL && found->state == 'R');
	found = list_find(&l, c);
	CHECK(found != NULL && found->ppid == getpid() && found->threads == 2);
	CHECK(found != NULL && found->state == 'S' && found->uid == geteuid());
	CHECK(found != NULL && strcmp(found->comm, CHILD_COMM) == 0 && !found->kernel_thread);
	for (i = 1; i < l.n; i++)
		CHECK(l.v[i - 1].pid < l.v[i].pid);
	/* A kernel thread is one (kthreadd, pid 2, where it is seen). */
	if ((found = list_find(&l, 2)) != NULL && found->ppid == 0)
		CHECK(found->kernel_thread);

	/* By name: the two children alone. */
	f.comm = "kwaits-*";
	CHECK(procs_list(&f, &l) && l.n == 2);
	CHECK(list_find(&l, c) != NULL && list_find(&l, r) != NULL);
	CHECK(list_find(&l, getpid()) == NULL);
	/* By uid: theirs, then one nobody has. */
	f.by_uid = true;
	f.uid = geteuid();
	CHECK(procs_list(&f, &l) && l.n == 2);
	f.uid = 54321;
	CHECK(procs_list(&f, &l) && l.n == 0);

	/* One process, whose start time is its identity with its pid. */
	CHECK(procs_read(c, &e) && e.pid == c && e.ppid == getpid() && e.start != 0);
	f.by_uid = false;
	CHECK(procs_list(&f, &l) && list_find(&l, c) != NULL && list_find(&l, c)->start == e.start);

	/* Its threads: itself and the one it made, each read apart. */
	CHECK(procs_threads(c, &tids) && tids.ok && tids.n == 2);
	CHECK(tids.n == 2 && tids.v[0] == c && tids.v[1] > c);
	if (tids.n == 2)
		CHECK(wait_in_call(c, tids.v[1], SYS_read, -1, &ti));

	/* Whether it ran: not while it sleeps; yes once woken. */
	CHECK(procs_run_stamp(c, &s1) && s1.threads == 2);
	sleep_ms(50);
	CHECK(procs_run_stamp(c, &s2) && !run_stamp_ran(&s1, &s2));
	CHECK(write(wake[1], "w", 1) == 1);
	for (tries = 0; tries < 2500; tries++) {
		if (ioctl(wake[0], FIONREAD, &queued) == 0 && queued == 0)
			break;
		sleep_ms(2);
	}
	CHECK(queued == 0 && wait_in_call(c, c, SYS_read, -1, &ti));
	CHECK(procs_run_stamp(c, &s2) && run_stamp_ran(&s1, &s2));
	/* A stamp not taken counts as a change. */
	s2 = s1;
	CHECK(!run_stamp_ran(&s1, &s2));
	s2.ok = false;
	CHECK(run_stamp_ran(&s1, &s2));

	child_end(c);
	child_end(r);
	/* Gone: no entry, no threads, no stamp. */
	CHECK(!procs_read(c, &e) && errno == ENOENT);
	CHECK(!procs_threads(c, &tids) && tids.error == ENOENT);
	CHECK(!procs_run_stamp(c, &s2) && !s2.ok);
	proc_list_clear(&l);
	tid_list_clear(&tids);
	CHECK(l.v == NULL && tids.v == NULL);
	close(wake[0]);
	close(wake[1]);
}

int
main(void)
{
	if (pipe2(empty_pipe, O_CLOEXEC) == -1 || pipe2(other_pipe, O_CLOEXEC) == -1) {
		printf("  cannot make the pipes the tests need\n");
		return 1;
	}
	RUN(test_listing);
	return unit_failed != 0;
}
