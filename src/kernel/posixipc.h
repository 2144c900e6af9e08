/* posixipc.h: POSIX message queues as the kernel shows them: a queue's
 * attributes (mq_getattr) and status (what a read of its descriptor
 * gives: bytes queued and who is to be notified), through a descriptor
 * of it, this process's own or another's duplicated by its pidfd; and
 * the system's limits (/proc/sys/fs/mqueue). The kernel lets nobody
 * look at the messages themselves. */
#ifndef POSIXIPC_H
#define POSIXIPC_H

#include <mqueue.h>
#include <stdbool.h>

struct posixipc_mq {
	struct mq_attr	 attr;		/* mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs */
	bool		 have_status;	/* the four below were read */
	long		 qsize;		/* bytes of the messages queued (QSIZE) */
	long		 notify;	/* SIGEV_SIGNAL, SIGEV_THREAD or SIGEV_NONE */
	long		 signo;		/* the signal, for SIGEV_SIGNAL */
	long		 notify_pid;	/* who registered (mq_notify), 0 if nobody */
};

/* The queue behind descriptor fd of this process; false with errno
 * (EBADF if fd is no queue). */
bool	 posixipc_mq_read(int fd, struct posixipc_mq *);
/* The same through a duplicate of descriptor fd of the process behind
 * pidfd (pidfd_getfd), closed at once. */
bool	 posixipc_mq_read_of(int pidfd, int fd, struct posixipc_mq *);
/* A descriptor of the queue called name ("/q1") to read it by, opened
 * read-only and non-blocking (an open changes nothing about a queue);
 * -1 with errno. */
int	 posixipc_mq_open(const char *name);
/* A limit from /proc/sys/fs/mqueue: "msg_max", "msgsize_max",
 * "queues_max", "msg_default", "msgsize_default"; -1 if unknown. */
long	 posixipc_mq_limit(const char *name);

#endif
