/* test_flocks.c: the kernel layer reads file locks: a POSIX lock, an OFD
 * lock and a flock in /proc/locks and in the fdinfo of the descriptor
 * that took each; and what children blocked in fcntl(F_SETLKW),
 * fcntl(F_OFD_SETLKW) and flock ask for. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "kunit.h"

/* The file the tests lock, and two more open file descriptions of it:
 * one for an OFD lock, one for a flock. The locks test_held takes stay
 * for test_waiters. */
static int	 lock_fd = -1, ofd_fd = -1, flock_fd = -1;

/* The first lock of the table on st's file of this kind, waiter or not. */
static const struct proc_lock *
find_lock(const struct lock_table *t, const struct stat *st, enum lock_kind kind, bool waiter)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		const struct proc_lock	*l = &t->v[i];

		if (makedev(l->major, l->minor) == st->st_dev && l->ino == st->st_ino &&
		    l->kind == kind && l->waiter == waiter)
			return l;
	}
	return NULL;
}

static bool
set_lock(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock	 fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	return fcntl(fd, cmd, &fl) == 0;
}

static void
test_held(void)
{
	struct lock_table	 t, fdl;
	const struct proc_lock	*l;
	struct stat		 st;
	int			 ofd = ofd_fd, fl = flock_fd;
	int			 tries;

	memset(&t, 0, sizeof t);
	memset(&fdl, 0, sizeof fdl);
	CHECK(fstat(lock_fd, &st) == 0);
	CHECK(set_lock(lock_fd, F_SETLK, F_WRLCK, 0, 10));
	CHECK(set_lock(ofd, F_OFD_SETLK, F_RDLCK, 20, 10));
	CHECK(flock(fl, LOCK_SH) == 0);

	CHECK(flocks_read(&t) && t.ok);
	l = find_lock(&t, &st, LK_POSIX, false);
	CHECK(l != NULL && l->type == LT_WRITE && l->pid == getpid() && l->start == 0 && l->end == 9);
	l = find_lock(&t, &st, LK_OFD, false);
	CHECK(l != NULL && l->type == LT_READ && l->pid == -1 && l->start == 20 && l->end == 29);
	l = find_lock(&t, &st, LK_FLOCK, false);
	CHECK(l != NULL && l->type == LT_READ && l->start == 0 && l->end == -1);

	/* Each descriptor's fdinfo lists the lock taken through it. */
	CHECK(flocks_read_fd(getpid(), ofd, &fdl) && fdl.n == 1);
	CHECK(fdl.n == 1 && fdl.v[0].kind == LK_OFD && fdl.v[0].start == 20);
	CHECK(flocks_read_fd(getpid(), fl, &fdl) && fdl.n == 1 && fdl.v[0].kind == LK_FLOCK);
	CHECK(flocks_read_fd(getpid(), lock_fd, &fdl) && fdl.n == 1 && fdl.v[0].kind == LK_POSIX);
	CHECK(!flocks_read_fd(getpid(), 999, &fdl) && errno == ENOENT);

	/* The same locks read again are the same table; one fewer is not.
	 * The table is the machine's: others' locks may come and go between
	 * two reads, so a pair is read again a few times before it counts
	 * as different. */
	for (tries = 0; tries < 5; tries++) {
		lock_table_clear(&t);
		CHECK(flocks_read(&t));
		if (flocks_read(&fdl) && lock_table_eq(&t, &fdl))
			break;
	}
	CHECK(tries < 5);
	CHECK(flock(fl, LOCK_UN) == 0);
	CHECK(flocks_read(&fdl) && !lock_table_eq(&t, &fdl));
	CHECK(find_lock(&fdl, &st, LK_FLOCK, false) == NULL);
	CHECK(flock(fl, LOCK_SH) == 0);

	lock_table_clear(&t);
	lock_table_clear(&fdl);
	CHECK(t.v == NULL && t.n == 0);
}

/* Children that block on the parent's locks, each through an open file
 * description of its own. */
struct waiter {
	int	 how;		/* 0: F_SETLKW; 1: F_OFD_SETLKW from the position; 2: flock */
	int	 fd;		/* the child's descriptor: the parent looks for it */
};

static void
block_on_lock(void *arg)
{
	struct waiter	*w = arg;
	struct flock	 fl;
	char		 path[64];

	snprintf(path, sizeof path, "/proc/self/fd/%d", lock_fd);
	if (dup2(open(path, O_RDWR), w->fd) == -1)
		_exit(1);
	memset(&fl, 0, sizeof fl);
	switch (w->how) {
	case 0:
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = 5;
		fl.l_len = 10;
		fcntl(w->fd, F_SETLKW, &fl);
		break;
	case 1:
		/* From position 100, back to 10, then 5 bytes before it: 5-9. */
		lseek(w->fd, 100, SEEK_SET);
		fl.l_type = F_RDLCK;
		fl.l_whence = SEEK_CUR;
		fl.l_start = -90;
		fl.l_len = -5;
		fcntl(w->fd, F_OFD_SETLKW, &fl);
		break;
	case 2:
		flock(w->fd, LOCK_EX);
		break;
	}
}

static void
test_waiters(void)
{
	struct waiter		 w[3] = { { 0, 60 }, { 1, 61 }, { 2, 62 } };
	struct lock_request	 r;
	struct lock_table	 t;
	struct task_info	 ti;
	struct stat		 st;
	pid_t			 pid[3];
	int			 i;

	memset(&t, 0, sizeof t);
	CHECK(fstat(lock_fd, &st) == 0);
	for (i = 0; i < 3; i++)
		pid[i] = child_start(block_on_lock, &w[i]);

	/* fcntl(F_SETLKW): a POSIX write lock of 5-14. */
	CHECK(pid[0] > 0 && wait_in_call(pid[0], pid[0], SYS_fcntl, -1, &ti));
	CHECK(flocks_request(pid[0], &ti, &r));
	CHECK(r.kind == LK_POSIX && r.type == LT_WRITE && r.fd == 60 && r.start == 5 && r.end == 14);
	/* /proc/locks has it as a waiter. */
	CHECK(flocks_read(&t) && find_lock(&t, &st, LK_POSIX, true) != NULL);
	CHECK(find_lock(&t, &st, LK_POSIX, true) != NULL &&
	    find_lock(&t, &st, LK_POSIX, true)->pid == pid[0]);

	/* fcntl(F_OFD_SETLKW) from the position with a negative length. */
	CHECK(pid[1] > 0 && wait_in_call(pid[1], pid[1], SYS_fcntl, -1, &ti));
	CHECK(flocks_request(pid[1], &ti, &r));
	CHECK(r.kind == LK_OFD && r.type == LT_READ && r.fd == 61 && r.start == 5 && r.end == 9);

	/* flock(LOCK_EX): the whole file. */
	CHECK(pid[2] > 0 && wait_in_call(pid[2], pid[2], SYS_flock, -1, &ti));
	CHECK(flocks_request(pid[2], &ti, &r));
	CHECK(r.kind == LK_FLOCK && r.type == LT_WRITE && r.fd == 62 && r.start == 0 && r.end == -1);

	/* A call that waits for no lock. */
	probe_task(getpid(), getpid(), true, NULL, &ti);
	CHECK(!flocks_request(getpid(), &ti, &r) && errno == EINVAL);
	for (i = 0; i < 3; i++)
		child_end(pid[i]);
	lock_table_clear(&t);
}

int
main(void)
{
	char	 path[64];

	lock_fd = temp_file(4096);
	snprintf(path, sizeof path, "/proc/self/fd/%d", lock_fd);
	ofd_fd = open(path, O_RDWR | O_CLOEXEC);
	flock_fd = open(path, O_RDWR | O_CLOEXEC);
	if (lock_fd == -1 || ofd_fd == -1 || flock_fd == -1) {
		printf("  cannot make a file to lock in /tmp\n");
		return 1;
	}
	RUN(test_held);
	RUN(test_waiters);
	close(lock_fd);
	close(ofd_fd);
	close(flock_fd);
	return unit_failed != 0;
}
