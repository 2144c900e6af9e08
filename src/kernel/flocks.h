/* flocks.h: file locks as the kernel shows them, by identity: every lock
 * and waiter of the system from /proc/locks (by device and inode, and
 * the pid that took it; an OFD lock shows pid -1), the locks held through
 * one descriptor of a process (the "lock:" lines of its fdinfo, which is
 * how the owner of an OFD lock or a flock is found), and the lock a task
 * asleep in fcntl(F_SETLKW or F_OFD_SETLKW) or flock(2) asks for, from
 * its system call and the struct flock in its memory. */
#ifndef FLOCKS_H
#define FLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "probe.h"
#include "procparse.h"

/* Locks and waiters (waiter set), as the kernel lists them. */
struct lock_table {
	struct proc_lock	*v;
	size_t			 n;
	bool			 ok;
};

/* Every lock of the system, from /proc/locks; false with errno if it
 * cannot be read. */
bool	 flocks_read(struct lock_table *);
/* The locks held through descriptor fd of process pid (its fdinfo's
 * "lock:" lines): a lock is listed on every descriptor of the open file
 * description that took it. False with errno if fdinfo cannot be read. */
bool	 flocks_read_fd(pid_t, int fd, struct lock_table *);
void	 lock_table_clear(struct lock_table *);
/* Whether two tables list the same locks in the same order. */
bool	 lock_table_eq(const struct lock_table *, const struct lock_table *);

/* A lock a blocked task asks for. */
struct lock_request {
	enum lock_kind	 kind;		/* LK_POSIX, LK_OFD or LK_FLOCK */
	enum lock_type	 type;		/* LT_READ or LT_WRITE */
	int		 fd;
	long long	 start;
	long long	 end;		/* inclusive; -1: to the end of the file */
};

/* What a thread of process pid asleep in a system call (ti from
 * probe_task with want_call) waits to lock: fcntl(F_SETLKW or
 * F_OFD_SETLKW) with its struct flock read from the process's memory
 * (a process of this program's own ABI; ptrace access needed), its
 * l_whence and l_len turned into a range as the kernel does; or flock's
 * whole file. False with errno: EINVAL if the call waits for no lock,
 * else what reading the request failed with. */
bool	 flocks_request(pid_t, const struct task_info *, struct lock_request *);

#endif
