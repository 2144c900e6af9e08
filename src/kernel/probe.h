/* probe.h: reading the kernel's state of processes, threads, descriptors
 * and pipes, by identity (pid/tid, descriptor number, device and inode),
 * so the same code serves the lab's objects and anybody else's. A probe
 * that needs another process's descriptor duplicates it with
 * pidfd_getfd, queries it and closes it at once: it never opens the
 * object anew, which would change what the user is watching (an open
 * of a FIFO wakes a blocked opener). */
#ifndef PROBE_H
#define PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

struct task_info {
	bool		 ok;		/* false: no such task (gone, or reaped) */
	char		 state;		/* R S D T t Z X I */
	pid_t		 ppid;
	pid_t		 pgrp;
	pid_t		 session;
	int		 tty_nr;	/* the controlling terminal (its device), 0 if none */
	int		 num_threads;
	int		 cpu;		/* the CPU it last ran on */
	bool		 has_exit_code;
	int		 exit_code;	/* a zombie's wait status */
	bool		 in_call;	/* sleeping inside a system call */
	long		 nr;		/* ...this one */
	unsigned long	 args[6];
	char		 wchan[48];	/* the kernel function it sleeps in */
	char		 comm[32];
};

/* Read /proc/PID/task/TID/stat and, with want_call, for a sleeping task,
 * syscall and wchan: the call it sleeps in. stat_fd, if not NULL, keeps
 * the stat file open between reads (-1 at first); it is closed, and set
 * to -1, once the task is gone. */
void	 probe_task(pid_t pid, pid_t tid, bool want_call, int *stat_fd, struct task_info *);

/* What a descriptor refers to, as far as telling objects apart goes:
 * most files by device and inode; files that share one inode by an id
 * as well, which the caller gives them (from a line of their fdinfo, or
 * by kcmp against a file it knows). */
struct fd_id {
	dev_t		 dev;
	ino_t		 ino;
	int64_t		 xid;		/* the caller's; the readers give -1 */
};

bool	 fd_id_eq(const struct fd_id *, const struct fd_id *);
/* Order by device, inode, then extra id: for indexes sorted by identity. */
int	 fd_id_cmp(const struct fd_id *, const struct fd_id *);

/* The first element of the sorted array v (n elements, each with a
 * member id) whose identity is not below key, or n. */
#define FD_ID_LOWER_BOUND(v, n, key, out) do {				\
	size_t	 lo_ = 0, hi_ = (n);						\
									\
	while (lo_ < hi_) {						\
		size_t	 mid_ = lo_ + (hi_ - lo_) / 2;			\
									\
		if (fd_id_cmp(&(v)[mid_].id, (key)) < 0)		\
			lo_ = mid_ + 1;					\
		else							\
			hi_ = mid_;					\
	}								\
	(out) = lo_;							\
} while (0)

struct fd_entry {
	int		 fd;
	struct fd_id	 id;
	mode_t		 type;		/* S_IFIFO, S_IFSOCK, S_IFREG, S_IFCHR... */
	int		 access;	/* O_RDONLY, O_WRONLY or O_RDWR */
	int		 flags;		/* from fdinfo (O_NONBLOCK...), -1 if not read
					 * (probe_fd_flags asks) */
	/* The first of the fdinfo keys the reader was asked for that the
	 * descriptor's fdinfo has: its place in that list, and the line's
	 * value (allocated); -1 and NULL if none. */
	int		 info_key;
	char		*info_value;
	char		*link;		/* what readlink shows: "pipe:[1234]" */
	/* A regular file's size as its stat had it (-1: not a regular
	 * file, or not known), and whether its filesystem answers a stat
	 * from memory or a local disk (a pipe's, a socket's: true). */
	int64_t		 size;
	bool		 local;
	/* Its fdinfo lists a lock taken through it (a file with a path):
	 * this process's, or its open file description's. */
	bool		 locked;
	/* Not 0: the file's filesystem did not answer its stat in time
	 * (guard.h), since then (CLOCK_MONOTONIC ns). Its type is then
	 * 0 and its identity one no file has (device -1). */
	int64_t		 slow_since;
};

/* A process's descriptors, sorted by number. */
struct fd_table {
	struct fd_entry	*v;
	size_t		 n;
	size_t		 cap;		/* entries allocated */
	bool		 ok;
	int		 error;		/* errno when !ok */
	size_t		 nslow;		/* entries whose stat was slow */
};

/* List /proc/PID/fd: each descriptor's identity, open mode and flags,
 * and the first line of its fdinfo whose key is one of keys (a
 * NULL-terminated list, or NULL for none: the lines a caller needs to
 * tell apart files that share an inode). */
bool	 probe_fds(pid_t, struct fd_table *, const char *const *keys);
/* Read again only descriptors fds[0..n) of a table probe_fds read (with
 * the same keys): each one open now takes its place (new, or what the
 * number is now), each one closed leaves; the others stay as they were.
 * The cost is that of the n descriptors, whatever the size of the
 * table. False, the table unchanged, if the process's descriptors
 * cannot be read (it is gone). */
bool	 probe_fds_update(pid_t, struct fd_table *, const char *const *keys, const int *fds,
	    size_t n);
void	 fd_table_clear(struct fd_table *);
/* The entry of descriptor fd, or NULL: a binary search. */
const struct fd_entry *fd_table_find(const struct fd_table *, int fd);


struct pipe_info {
	bool		 ok;
	int		 error;
	int64_t		 slow_since;	/* not 0: it did not answer in time (guard.h) */
	int64_t		 queued;	/* FIONREAD */
	int64_t		 capacity;	/* F_GETPIPE_SZ */
	bool		 peeked;	/* contents holds the queued bytes (up to the limit) */
	struct buf	 contents;
};

/* Query the pipe or FIFO behind descriptor fd of the process behind
 * pidfd. With a read end, peek at up to peek_max queued bytes with
 * tee(2), which copies without consuming. Both take the pipe's lock,
 * which a writer holds while its bytes come from a file that does not
 * answer: with guarded, the query goes through the guard (guard.h),
 * keyed by the pipe's inode ino, and is false with slow_since set when
 * it is slow. Without, it is made directly (a pipe only processes that
 * write what the caller tells them hold). */
bool	 probe_pipe(int pidfd, int fd, ino_t ino, bool guarded, bool readable,
	    size_t peek_max, struct pipe_info *);
void	 pipe_info_clear(struct pipe_info *);
/* Many pipes at once, each as probe_pipe guarded without a peek (their
 * fill alone), in as few of the guard's hand-offs as they fit. */
struct pipe_look {
	int		 pidfd;
	int		 fd;
	ino_t		 ino;
	bool		 readable;
	struct pipe_info info;		/* what probe_pipe would fill */
};
void	 probe_pipes(struct pipe_look *, size_t);

/* pidfd_open, pidfd_getfd, pidfd_send_signal without needing libc wrappers. */
int	 sys_pidfd_open(pid_t, unsigned int);
int	 sys_pidfd_getfd(int pidfd, int fd, unsigned int);
/* kcmp(2): 0 when two processes' descriptors are one open file. */
int	 sys_kcmp(pid_t, pid_t, int type, unsigned long, unsigned long);
int	 sys_pidfd_send_signal(int pidfd, int sig);
/* What descriptor fd of the process behind pidfd is ready for now, of
 * events (POLLIN...), as poll says with no wait, in *revents (POLLHUP
 * and POLLERR too): through a duplicate (pidfd_getfd: the same open
 * file; nothing is taken). False with errno if it cannot be asked
 * (EPERM: needs ptrace access). */
bool	 probe_fd_ready(int pidfd, int fd, short events, short *revents);
/* A field of /proc/PID/fdinfo/FD ("eventfd-count"); false if absent. */
bool	 probe_fdinfo_field(pid_t, int fd, const char *key, char *out, size_t outlen);
/* The whole of /proc/PID/fdinfo/FD, for more than one field of it
 * (procparse_field); false (errno) if it cannot be read. */
bool	 probe_fdinfo_text(pid_t, int fd, char *buf, size_t size, size_t *len);
/* The flags of /proc/PID/fdinfo/FD (O_NONBLOCK...), or -1: a table's
 * entries leave them unknown where the reader had no need to ask. */
int	 probe_fd_flags(pid_t, int fd);

/* The exit status of a process that was reaped, kept by its pidfd
 * (Linux 6.15); false if the kernel cannot tell. */
bool	 probe_pidfd_exit(int pidfd, int *status);
/* How a process that has ended ended, reaped (the pidfd) or a zombie
 * (its stat); false if it is not known (yet). */
bool	 probe_process_exit(int pidfd, pid_t pid, int *status);

/* Signal sets of one thread, from /proc/PID/task/TID/status: pending to
 * the thread (SigPnd) and to the process (ShdPnd), blocked, ignored and
 * caught. Bit n-1 stands for signal n. */
struct sig_sets {
	bool		 ok;
	uint64_t	 pending;
	uint64_t	 shared_pending;
	uint64_t	 blocked;
	uint64_t	 ignored;
	uint64_t	 caught;
	/* The process's queued signals and its RLIMIT_SIGPENDING (SigQ), and
	 * its real user id. */
	long		 sigq_used;
	long		 sigq_limit;
	long		 uid;
};
void	 probe_signals(pid_t, pid_t tid, struct sig_sets *);

#endif
