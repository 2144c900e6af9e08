/* test_limits.c: the kernel layer reads counters against their limits:
 * a System V segment, queue and set made and used by a child that then
 * ended are listed with that child as creator or last user, no longer
 * alive, read once into a listing the caller keeps for a generation;
 * the machine's limits on them; the test's own queued signals,
 * descriptors and their limits. Each object is removed on every path. */
#include "config.h"

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <signal.h>
#include <string.h>

#include "kunit.h"

static const struct limits_ipc_entry *
find(const struct limits_ipc_table *t, enum limits_ipc k, int id)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].kind == k && t->v[i].id == id)
			return &t->v[i];
	}
	return NULL;
}

static bool
has_user(const struct limits_ipc_entry *e, pid_t pid)
{
	size_t	 i;

	for (i = 0; i < e->nusers; i++) {
		if (e->users[i] == pid)
			return true;
	}
	return false;
}

static void
test_ipc(void)
{
	struct limits_ipc_table		 t, again;
	struct limits_ipc_counts	 c;
	const struct limits_ipc_entry	*e;
	struct { long type; char text[8]; } msg = { 1, "hello" };
	struct sembuf			 op = { 0, 1, 0 };
	int				 shm, q, sem, k;
	pid_t				 child;

	memset(&t, 0, sizeof t);
	memset(&again, 0, sizeof again);
	q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	sem = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	CHECK(q != -1 && sem != -1);
	child = fork();
	if (child == 0) {
		/* The segment is the child's: it makes it, uses it, ends. */
		int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		void *at = id == -1 ? (void *)-1 : shmat(id, NULL, 0);

		if (at != (void *)-1)
			shmdt(at);
		if (msgsnd(q, &msg, 5, 0) == -1 || semop(sem, &op, 1) == -1)
			_exit(1);
		/* The parent finds the segment by its creator. */
		_exit(id == -1 ? 1 : 0);
	}
	CHECK(child > 0);
	CHECK(waitpid(child, &k, 0) == child && WIFEXITED(k) && WEXITSTATUS(k) == 0);
	CHECK(limits_ipc_read(&t, NULL, LIMITS_ALL, NULL, 0) && t.ok);
	shm = -1;
	for (size_t i = 0; i < t.n; i++) {
		if (t.v[i].kind == LIMITS_SEGMENT && t.v[i].creator == child)
			shm = t.v[i].id;
	}
	CHECK(shm != -1);
	e = find(&t, LIMITS_SEGMENT, shm);
	CHECK(e != NULL && e->attached == 0 && e->size == 4096 && has_user(e, child));
	e = find(&t, LIMITS_QUEUE, q);
	CHECK(e != NULL && e->messages == 1 && e->bytes == 5 && e->qbytes >= 5 &&
	    e->creator == 0 && has_user(e, child));
	e = find(&t, LIMITS_SET, sem);
	CHECK(e != NULL && e->size == 2 && has_user(e, child));
	for (k = 0; k < LIMITS_NIPC; k++) {
		CHECK(t.in_use[k] >= 1 && t.max[k] > 0);
		CHECK(limits_ipc_word((enum limits_ipc)k)[0] == 'S');
	}
	CHECK(!limits_pid_alive(child) && limits_pid_alive(getpid()));
	/* Read again with the last table: what has not changed is taken
	 * from it, and says the same. */
	CHECK(limits_ipc_read(&again, &t, LIMITS_ALL, NULL, 0) && again.ok);
	e = find(&again, LIMITS_QUEUE, q);
	CHECK(e != NULL && e->qbytes >= 5 && has_user(e, child));
	e = find(&again, LIMITS_SET, sem);
	CHECK(e != NULL && has_user(e, child));
	limits_ipc_clear(&again);
	/* Queues alone read again: the sets and segments as they were,
	 * though the segment is gone meanwhile. */
	if (shm != -1)
		shmctl(shm, IPC_RMID, NULL);
	CHECK(limits_ipc_read(&again, &t, 1u << LIMITS_QUEUE, NULL, 0) && again.ok);
	CHECK(find(&again, LIMITS_QUEUE, q) != NULL && find(&again, LIMITS_SET, sem) != NULL);
	CHECK(shm == -1 || find(&again, LIMITS_SEGMENT, shm) != NULL);
	limits_ipc_clear(&again);
	CHECK(limits_ipc_read(&again, &t, LIMITS_ALL, NULL, 0) && again.ok);
	CHECK(shm == -1 || find(&again, LIMITS_SEGMENT, shm) == NULL);
	shm = -1;
	/* From the caller's listing, kept for its generation: read into it
	 * once, and taken as it is while the generation is the same (a
	 * queue made since is not in it), read again in the next. */
	{
		struct ksysv_table	 listed[KSYSV_NKINDS];
		int			 q2;

		memset(listed, 0, sizeof listed);
		CHECK(limits_ipc_read(&again, NULL, LIMITS_ALL, listed, 5) && again.ok);
		CHECK(ksysv_fresh(&listed[KSYSV_MSG], KSYSV_MSG, 5));
		CHECK(limits_ipc_listed(listed, 5) == LIMITS_ALL && limits_ipc_listed(listed, 6) == 0);
		CHECK(ksysv_find(&listed[KSYSV_MSG], q) != NULL);
		e = find(&again, LIMITS_QUEUE, q);
		CHECK(e != NULL && e->messages == 1 && e->qbytes >= 5 && has_user(e, child));
		limits_ipc_clear(&again);
		q2 = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		CHECK(q2 != -1);
		CHECK(limits_ipc_read(&again, NULL, LIMITS_ALL, listed, 5) && again.ok);
		CHECK(find(&again, LIMITS_QUEUE, q2) == NULL);
		limits_ipc_clear(&again);
		CHECK(limits_ipc_read(&again, NULL, LIMITS_ALL, listed, 6) && again.ok);
		CHECK(find(&again, LIMITS_QUEUE, q2) != NULL && find(&again, LIMITS_QUEUE, q) != NULL);
		limits_ipc_clear(&again);
		if (q2 != -1)
			msgctl(q2, IPC_RMID, NULL);
		for (k = 0; k < KSYSV_NKINDS; k++)
			ksysv_table_clear(&listed[k]);
	}
	/* The counts, from three calls (the segment is gone). */
	CHECK(limits_ipc_counts(&c) && c.ok);
	CHECK(c.n[LIMITS_QUEUE] >= 1 && c.n[LIMITS_SET] >= 1);
	CHECK(c.messages >= 1 && c.bytes >= 5 && c.semaphores >= 2);
	limits_ipc_clear(&again);
	limits_ipc_clear(&t);
	CHECK(t.n == 0 && t.v == NULL);
	if (shm != -1)
		shmctl(shm, IPC_RMID, NULL);
	msgctl(q, IPC_RMID, NULL);
	semctl(sem, 0, IPC_RMID);
}

static void
test_zombie_dead(void)
{
	pid_t	 child = fork();
	int	 i;

	if (child == 0)
		_exit(0);
	CHECK(child > 0);
	/* A zombie lives no more. */
	for (i = 0; i < 100 && limits_pid_alive(child); i++)
		sleep_ms(10);
	CHECK(!limits_pid_alive(child));
	waitpid(child, NULL, 0);
	CHECK(!limits_pid_alive(child));
	CHECK(!limits_pid_alive(0) && !limits_pid_alive(-1));
}

static void
test_proc(void)
{
	struct limits_proc	 a, b;
	struct rlimit		 rl;
	union sigval		 v = { 0 };
	sigset_t		 set, old;
	int			 p[2];

	CHECK(limits_proc_read(getpid(), &a));
	CHECK(a.sigq_known && a.fds_known && a.nofile_known);
	CHECK(a.uid_known && a.uid == getuid());
	CHECK(getrlimit(RLIMIT_SIGPENDING, &rl) == 0 && a.sigq_max == rl.rlim_cur);
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && a.nofile == rl.rlim_cur);
	CHECK(pipe(p) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	CHECK(sigqueue(getpid(), SIGRTMIN, v) == 0 && sigqueue(getpid(), SIGRTMIN, v) == 0);
	CHECK(limits_proc_read(getpid(), &b));
	CHECK(b.fds == a.fds + 2);
	CHECK(b.sigq >= 2);
	/* Take them back before unblocking. */
	{
		struct timespec	 zero = { 0, 0 };

		while (sigtimedwait(&set, NULL, &zero) > 0)
			;
	}
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	close(p[0]);
	close(p[1]);
	CHECK(!limits_proc_read(999999999, &a));
	CHECK(limits_buffer_pages_soft() >= 0);
	CHECK(strcmp(limits_buffer_pages_sysctl(), "fs.pipe-user-pages-soft") == 0);
}

int
main(void)
{
	RUN(test_ipc);
	RUN(test_zombie_dead);
	RUN(test_proc);
	return unit_failed != 0;
}
