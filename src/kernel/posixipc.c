/* posixipc.c: POSIX message queues as the kernel shows them (posixipc.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "posixipc.h"
#include "probe.h"
#include "util.h"

bool
posixipc_mq_read(int fd, struct posixipc_mq *q)
{
	char	 status[256];
	ssize_t	 n;

	memset(q, 0, sizeof *q);
	if (mq_getattr((mqd_t)fd, &q->attr) == -1)
		return false;
	/* "QSIZE:6 NOTIFY:0 SIGNO:0 NOTIFY_PID:0": the queue's file reads so. */
	n = pread(fd, status, sizeof status - 1, 0);
	if (n > 0) {
		status[n] = '\0';
		q->have_status = sscanf(status, "QSIZE:%ld NOTIFY:%ld SIGNO:%ld NOTIFY_PID:%ld",
		    &q->qsize, &q->notify, &q->signo, &q->notify_pid) == 4;
	}
	return true;
}

bool
posixipc_mq_read_of(int pidfd, int fd, struct posixipc_mq *q)
{
	bool	 ok;
	int	 dup, saved;

	if ((dup = sys_pidfd_getfd(pidfd, fd, 0)) == -1) {
		memset(q, 0, sizeof *q);
		return false;
	}
	ok = posixipc_mq_read(dup, q);
	saved = errno;
	close(dup);
	errno = saved;
	return ok;
}

int
posixipc_mq_open(const char *name)
{
	return (int)mq_open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

long
posixipc_mq_limit(const char *name)
{
	struct buf	 b;
	char		 path[96];
	long		 v = -1;

	snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", name);
	buf_init(&b);
	if (read_file(path, &b))
		v = strtol(b.data, NULL, 10);
	buf_free(&b);
	return v;
}
