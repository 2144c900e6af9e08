/* kunit.h: what the kernel layer's unit tests share: children that make
 * a real kernel object in another process and wait in a call, and the
 * wait for a task to be asleep in a given system call (static inline:
 * not every test uses each). The tests link with libkernel.a and
 * libbase.a only. */
#ifndef KUNIT_H
#define KUNIT_H

#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"
#include "../unit.h"

/* Fork a child that runs fn(arg) and then sleeps until it is killed;
 * the child dies with the test. -1 if fork failed. */
static inline pid_t
child_start(void (*fn)(void *), void *arg)
{
	pid_t	 pid = fork();

	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	fn(arg);
	for (;;)
		pause();
}

/* Kill and reap a child (nothing if pid is -1). */
static inline void
child_end(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
}

static inline void
sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Wait up to 5 s for thread tid of process pid to sleep in system call
 * nr (or nr2, if not -1); ti holds the last look. */
static inline bool
wait_in_call(pid_t pid, pid_t tid, long nr, long nr2, struct task_info *ti)
{
	int	 i;

	for (i = 0; i < 2500; i++) {
		probe_task(pid, tid, true, NULL, ti);
		if (ti->ok && ti->in_call && (ti->nr == nr || (nr2 != -1 && ti->nr == nr2)))
			return true;
		sleep_ms(2);
	}
	return false;
}

/* A byte from the child (it says it is ready); false on end of file. */
static inline bool
child_ready(int fd)
{
	char	 c;
	ssize_t	 n;

	while ((n = read(fd, &c, 1)) == -1 && errno == EINTR)
		;
	return n == 1;
}

/* A file of size bytes in /tmp, unlinked at once; its descriptor (read
 * and write), or -1. */
static inline int
temp_file(size_t size)
{
	char	 path[] = "/tmp/ipcscope-unit.XXXXXX";
	int	 fd = mkstemp(path);

	if (fd == -1)
		return -1;
	unlink(path);
	if (ftruncate(fd, (off_t)size) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

#endif
