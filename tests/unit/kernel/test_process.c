/* test_process.c: the kernel layer reads processes: a pipe's queued bytes
 * (peeked, not taken), the fd table and fdinfo, an eventfd's count, a
 * child asleep in read, a child's signal sets, mappings, and a child's
 * memory. Each test makes the object, then reads it back. */
#include "config.h"

#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kunit.h"

static void
test_pipe_peek(void)
{
	struct pipe_info	 pi;
	char			 back[8];
	int			 p[2], pidfd, queued = -1;

	memset(&pi, 0, sizeof pi);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(write(p[1], "hello", 5) == 5);
	CHECK((pidfd = sys_pidfd_open(getpid(), 0)) != -1);
	CHECK(probe_pipe(pidfd, p[0], 0, true, true, 64, &pi));
	CHECK(pi.ok && pi.queued == 5 && pi.capacity >= 4096);
	CHECK(pi.peeked && pi.contents.len == 5 && memcmp(pi.contents.data, "hello", 5) == 0);
	/* The peek took nothing. */
	CHECK(ioctl(p[0], FIONREAD, &queued) == 0 && queued == 5);
	CHECK(read(p[0], back, sizeof back) == 5 && memcmp(back, "hello", 5) == 0);
	/* A write end is counted, not peeked. */
	CHECK(write(p[1], "xy", 2) == 2);
	CHECK(probe_pipe(pidfd, p[1], 0, false, false, 64, &pi) && pi.queued == 2 && !pi.peeked);
	/* No such descriptor: an answer, not a crash. */
	CHECK(!probe_pipe(pidfd, 999, 0, true, true, 64, &pi) && !pi.ok && pi.error == EBADF);
	pipe_info_clear(&pi);
	close(pidfd);
	close(p[0]);
	close(p[1]);
}

/* A read for the guard: one byte from the descriptor it is given. */
struct byte_job {
	ssize_t	 n;
	char	 c;
	pid_t	 by;
};

static void
byte_read(void *arg, int fd)
{
	struct byte_job	*j = arg;

	j->by = getpid();
	j->n = read(fd, &j->c, 1);
}

/* A read is made by a helper process with the caller's descriptor; one
 * that hangs is given up on at the deadline and said slow, and the next
 * read is made by a new helper. */
static void
test_guard(void)
{
	struct byte_job	 j;
	int64_t		 t0;
	int		 p[2], i;

	guard_set_deadline(100);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	memset(&j, 0, sizeof j);
	CHECK(write(p[1], "a", 1) == 1);
	CHECK(guard_call("pipe", byte_read, &j, sizeof j, p[0]) == GUARD_DONE && j.n == 1 &&
	    j.c == 'a' && j.by != getpid() && guard_is_helper(j.by));
	/* Nothing to read: it hangs, and is given up on. */
	t0 = now_ns();
	j.n = -2;
	CHECK(guard_call("pipe", byte_read, &j, sizeof j, p[0]) == GUARD_SLOW && j.n == -2);
	CHECK(now_ns() - t0 >= 100000000 && now_ns() - t0 < 1000000000);
	/* Killed, the helper ends (a pipe's read lets go of it), and the
	 * key is asked again, by a new helper. */
	for (i = 0; i < 200 && guard_stuck_count() > 0; i++)
		usleep(5000);
	CHECK(guard_stuck_count() == 0 && !guard_stuck("pipe", NULL));
	CHECK(write(p[1], "c", 1) == 1);
	CHECK(guard_call("pipe", byte_read, &j, sizeof j, p[0]) == GUARD_DONE && j.n == 1 &&
	    j.c == 'c');
	/* Without a deadline, directly. */
	guard_set_deadline(0);
	CHECK(write(p[1], "d", 1) == 1);
	CHECK(guard_call("pipe", byte_read, &j, sizeof j, p[0]) == GUARD_DONE && j.c == 'd' &&
	    j.by == getpid());
	guard_set_deadline(200);
	close(p[0]);
	close(p[1]);
}

static void
test_fd_table(void)
{
	struct fd_table		 t;
	const struct fd_entry	*e;
	struct stat		 st;
	char			 pos[32], link[32];
	int			 fd, p[2];

	memset(&t, 0, sizeof t);
	CHECK((fd = temp_file(0)) != -1);
	CHECK(write(fd, "0123456789", 10) == 10);
	CHECK(lseek(fd, 7, SEEK_SET) == 7);
	CHECK(dup2(fd, 50) == 50);
	CHECK(fcntl(50, F_SETFL, O_NONBLOCK) == 0);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(fstat(fd, &st) == 0);

	CHECK(probe_fds(getpid(), &t, NULL) && t.ok);
	e = fd_table_find(&t, 50);
	CHECK(e != NULL);
	if (e != NULL) {
		CHECK(e->type == S_IFREG && e->access == O_RDWR);
		/* A file with a path has its fdinfo read for its mount: its
		 * flags come with it, as probe_fd_flags reads them. */
		CHECK(e->flags != -1 && (e->flags & O_NONBLOCK) != 0 &&
		    (probe_fd_flags(getpid(), 50) & O_NONBLOCK) != 0);
		CHECK(e->id.dev == st.st_dev && e->id.ino == st.st_ino && e->id.xid == -1);
		CHECK(e->info_key == -1 && e->info_value == NULL);	/* none asked for */
	}
	/* The same open file as fd, by identity. */
	CHECK(fd_table_find(&t, fd) != NULL && e != NULL &&
	    fd_id_eq(&fd_table_find(&t, fd)->id, &e->id));
	e = fd_table_find(&t, p[0]);
	CHECK(e != NULL && e->type == S_IFIFO && e->access == O_RDONLY);
	if (e != NULL) {
		CHECK(fstat(p[0], &st) == 0);
		snprintf(link, sizeof link, "pipe:[%llu]", (unsigned long long)st.st_ino);
		CHECK_STR(e->link, link);
		/* Its identity from the link alone, the same as fstat's. */
		CHECK(e->id.dev == st.st_dev && e->id.ino == st.st_ino);
	}
	e = fd_table_find(&t, p[1]);
	CHECK(e != NULL && e->access == O_WRONLY);
	CHECK(fd_table_find(&t, 999) == NULL);
	/* The position after the lseek, from fdinfo. */
	CHECK(probe_fdinfo_field(getpid(), 50, "pos", pos, sizeof pos));
	CHECK_STR(pos, "7");
	CHECK(!probe_fdinfo_field(getpid(), 50, "no-such-key", pos, sizeof pos));
	fd_table_clear(&t);
	CHECK(t.v == NULL && t.n == 0);
	/* A process that is not there. */
	CHECK(!probe_fds(0x7ffffff0, &t, NULL) && t.error == ENOENT);
	close(50);
	close(fd);
	close(p[0]);
	close(p[1]);
}

static void
test_eventfd(void)
{
	/* The fdinfo lines asked for: the second is the one an eventfd has. */
	static const char *const keys[] = { "no-such-key", "eventfd-id", NULL };
	struct fd_table		 t;
	const struct fd_entry	*e, *e2;
	char			 value[32];
	int			 efd, efd2;

	memset(&t, 0, sizeof t);
	CHECK((efd = eventfd(3, EFD_CLOEXEC)) != -1);
	CHECK((efd2 = eventfd(0, EFD_CLOEXEC)) != -1);
	CHECK(eventfd_write(efd, 4) == 0);
	CHECK(probe_fdinfo_field(getpid(), efd, "eventfd-count", value, sizeof value));
	CHECK(strtoull(value, NULL, 16) == 7);	/* the kernel prints it in hex */
	/* Its id sets it apart from other eventfds, which share its inode:
	 * the reader keeps the line it was asked for, and gives no id itself. */
	CHECK(probe_fds(getpid(), &t, keys));
	CHECK((e = fd_table_find(&t, efd)) != NULL && (e2 = fd_table_find(&t, efd2)) != NULL);
	if (e != NULL && e2 != NULL) {
		CHECK(e->id.dev == e2->id.dev && e->id.ino == e2->id.ino);
		CHECK(e->info_key == 1 && e2->info_key == 1);
		CHECK(e->info_value != NULL && e2->info_value != NULL &&
		    strcmp(e->info_value, e2->info_value) != 0);
		CHECK(e->id.xid == -1);
	}
	/* Not asked for: not kept. */
	CHECK(probe_fds(getpid(), &t, NULL));
	CHECK((e = fd_table_find(&t, efd)) != NULL && e->info_key == -1 && e->info_value == NULL);
	fd_table_clear(&t);
	close(efd);
	close(efd2);
}

static void
block_in_read(void *arg)
{
	int	*p = arg;
	char	 c;

	close(p[1]);
	(void)read(p[0], &c, 1);
}

static void
test_task_blocked(void)
{
	struct task_info	 ti;
	pid_t			 pid;
	int			 p[2];

	CHECK(pipe(p) == 0);
	pid = child_start(block_in_read, p);
	CHECK(pid > 0);
	CHECK(wait_in_call(pid, pid, SYS_read, -1, &ti));
	CHECK(ti.ok && ti.state == 'S' && ti.in_call);
	CHECK(ti.nr == SYS_read && ti.args[0] == (unsigned long)p[0] && ti.args[2] == 1);
	CHECK(ti.ppid == getpid() && ti.num_threads == 1);
	/* A task that is running is in no call to tell of. */
	probe_task(getpid(), getpid(), true, NULL, &ti);
	CHECK(ti.ok && ti.state == 'R' && !ti.in_call);
	child_end(pid);
	/* Reaped: gone. */
	probe_task(pid, pid, true, NULL, &ti);
	CHECK(!ti.ok);
	close(p[0]);
	close(p[1]);
}

/* Block SIGUSR1 and SIGUSR2, say so, and wait. */
static void
block_usr(void *arg)
{
	int		*ready = arg;
	sigset_t	 set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGTERM, SIG_IGN);
	(void)write(ready[1], "r", 1);
}

#define BIT(sig)	(1ULL << ((sig) - 1))

static void
test_signal_sets(void)
{
	struct sig_sets	 ss;
	pid_t		 pid;
	int		 ready[2], i;

	memset(&ss, 0, sizeof ss);
	CHECK(pipe(ready) == 0);
	pid = child_start(block_usr, ready);
	CHECK(pid > 0 && child_ready(ready[0]));
	/* To the process, and to the thread. */
	CHECK(kill(pid, SIGUSR1) == 0);
	CHECK(syscall(SYS_tgkill, pid, pid, SIGUSR2) == 0);
	for (i = 0; i < 2500; i++) {
		probe_signals(pid, pid, &ss);
		if (ss.ok && (ss.shared_pending & BIT(SIGUSR1)) && (ss.pending & BIT(SIGUSR2)))
			break;
		sleep_ms(2);
	}
	CHECK(ss.ok);
	CHECK((ss.blocked & (BIT(SIGUSR1) | BIT(SIGUSR2))) == (BIT(SIGUSR1) | BIT(SIGUSR2)));
	CHECK((ss.shared_pending & BIT(SIGUSR1)) != 0 && (ss.pending & BIT(SIGUSR1)) == 0);
	CHECK((ss.pending & BIT(SIGUSR2)) != 0 && (ss.shared_pending & BIT(SIGUSR2)) == 0);
	CHECK((ss.ignored & BIT(SIGTERM)) != 0 && (ss.ignored & BIT(SIGUSR1)) == 0);
	CHECK(ss.sigq_used >= 2 && ss.sigq_limit > 0 && ss.uid == (long)getuid());
	child_end(pid);
	probe_signals(pid, pid, &ss);
	CHECK(!ss.ok);
	close(ready[0]);
	close(ready[1]);
}

static void
test_maps(void)
{
	struct map_table	 t;
	const struct map_entry	*e;
	unsigned char		*shared, *priv, *copy;
	int			 fd;

	memset(&t, 0, sizeof t);
	shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(shared != MAP_FAILED && priv != MAP_FAILED);
	CHECK((fd = temp_file(8192)) != -1);
	copy = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(copy != MAP_FAILED);
	if (shared == MAP_FAILED || priv == MAP_FAILED || copy == MAP_FAILED)
		return;
	shared[0] = 1;
	priv[0] = 1;

	CHECK(maps_read(getpid(), &t) && t.ok);
	/* Shared anonymous memory is an inode of its own. */
	e = map_table_find(&t, (unsigned long)shared + 100);
	CHECK(e != NULL);
	if (e != NULL) {
		CHECK(e->start == (unsigned long)shared && e->end == (unsigned long)shared + 8192);
		CHECK(e->shared && e->read && e->write && !e->exec && e->id.ino != 0);
	}
	/* Private anonymous memory is nobody else's: left out. */
	CHECK(map_table_find(&t, (unsigned long)priv) == NULL);
	/* A private file mapping copies a page on its first write. */
	e = map_table_find(&t, (unsigned long)copy);
	CHECK(e != NULL && !e->shared && e->offset == 0);
	CHECK(maps_copied_kb(getpid(), (unsigned long)copy) == 0);
	copy[0] = 'x';
	CHECK(maps_copied_kb(getpid(), (unsigned long)copy) == 4);
	CHECK(maps_copied_kb(getpid(), 16) == -1 && errno == ENOENT);
	/* The mapped file's size, for those allowed to open map_files. */
	if (e != NULL) {
		int64_t	 size = maps_file_size(getpid(), e->start, e->end);

		CHECK(size == 8192 || (size == -1 && (errno == EPERM || errno == EACCES)));
	}
	map_table_clear(&t);
	CHECK(t.v == NULL && t.n == 0 && !t.ok);
	CHECK(!maps_read(0x7ffffff0, &t) && errno == ENOENT);
	munmap(shared, 8192);
	munmap(priv, 8192);
	munmap(copy, 8192);
	close(fd);
}

static char	 child_bytes[32] = "the parent's bytes";

static void
write_bytes(void *arg)
{
	int	*ready = arg;

	snprintf(child_bytes, sizeof child_bytes, "the child's own");
	(void)write(ready[1], "r", 1);
}

static void
test_child_memory(void)
{
	char	 got[32];
	pid_t	 pid;
	int	 ready[2];

	CHECK(pipe(ready) == 0);
	pid = child_start(write_bytes, ready);
	CHECK(pid > 0 && child_ready(ready[0]));
	memset(got, 0, sizeof got);
	/* The child's copy, at the same address as ours. */
	CHECK(maps_read_mem(pid, (unsigned long)child_bytes, got, 16));
	CHECK_STR(got, "the child's own");
	CHECK_STR(child_bytes, "the parent's bytes");
	/* Nothing is mapped at page 0. */
	CHECK(!maps_read_mem(pid, 0, got, 4) && errno == EFAULT);
	child_end(pid);
	CHECK(!maps_read_mem(pid, (unsigned long)child_bytes, got, 4) && errno == ESRCH);
	close(ready[0]);
	close(ready[1]);
}

int
main(void)
{
	RUN(test_pipe_peek);
	RUN(test_fd_table);
	RUN(test_guard);
	RUN(test_eventfd);
	RUN(test_task_blocked);
	RUN(test_signal_sets);
	RUN(test_maps);
	RUN(test_child_memory);
	return unit_failed != 0;
}
