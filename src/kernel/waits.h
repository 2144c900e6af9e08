/* waits.h: what a thread of any process the user may read is blocked in,
 * on what, and since when: the call from /proc/PID/task/TID/syscall and
 * stat, decoded into a kind and its operands; what a call passes by
 * address (a pollfd array, fd sets, a path, a signal set, a struct
 * flock, semaphore operations, a message's type, a timespec, a futex
 * word) read from the process's memory with process_vm_readv; what an
 * epoll instance watches from its fdinfo; when the thread last ran from
 * its sched file (schedclock.h turns it into CLOCK_MONOTONIC).
 *
 * Reading the call needs ptrace access to the process (the syscall file
 * is mode 0400 and checked so), and so do its memory and fdinfo: for
 * another user's process (without CAP_SYS_PTRACE) there is the state,
 * the CPU and since when, and error says why no more (waits_reason).
 *
 * The arguments are decoded for x86-64 processes only. On another
 * architecture, and for a 32-bit (ia32) or x32 process on x86-64, a
 * call is WAIT_CALL: its number, in the ABI the thread called through,
 * and its raw arguments. An ia32 process is told by its stack pointer
 * and program counter both below 4 GiB (its whole address space is),
 * an x32 call by the x32 bit of its number. */
#ifndef WAITS_H
#define WAITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "flocks.h"
#include "ksysv.h"
#include "procparse.h"
#include "schedclock.h"

enum wait_kind {
	WAIT_NONE,	/* in no system call: running, runnable, stopped, a
			 * zombie, or asleep outside a call (a page fault) */
	WAIT_UNKNOWN,	/* asleep, but its call could not be read (error) */
	WAIT_FD,	/* on one descriptor: on.fd */
	WAIT_FDSET,	/* on a set of descriptors: poll, select, epoll: on.set */
	WAIT_FUTEX,	/* on.futex */
	WAIT_SEMOP,	/* a System V semaphore set: on.semop */
	WAIT_MSGQ,	/* a System V message queue: on.msgq */
	WAIT_CHILD,	/* wait4, waitid: on.child */
	WAIT_OPEN,	/* opening a path (a FIFO with no other end): on.open */
	WAIT_SIGNAL,	/* rt_sigtimedwait, rt_sigsuspend, pause: on.signal */
	WAIT_SLEEP,	/* nanosleep, clock_nanosleep: on.sleep */
	WAIT_RESTART,	/* restart_syscall: a call interrupted and restarted
			 * (by a stop, or a handler), whose first call this
			 * read cannot tell; wchan may. A poll restarted so
			 * is WAIT_FDSET (its name stays restart_syscall):
			 * its registers still hold its set */
	WAIT_CALL,	/* another call, or one not decoded: nr, name, args */
};

/* What a call on one descriptor does with it. */
enum wait_fd_op {
	WAIT_FD_READ,		/* read readv pread64 preadv preadv2 recvfrom recvmsg
				 * recvmmsg mq_timedreceive (a read of an eventfd or a
				 * signalfd too) */
	WAIT_FD_WRITE,		/* write writev pwrite64 pwritev pwritev2 sendto sendmsg
				 * sendmmsg mq_timedsend */
	WAIT_FD_ACCEPT,		/* accept accept4 */
	WAIT_FD_CONNECT,	/* connect */
	WAIT_FD_TRANSFER,	/* splice tee sendfile: from fd to to_fd */
	WAIT_FD_LOCK,		/* flock, fcntl F_SETLKW or F_OFD_SETLKW: lock */
	WAIT_FD_IOCTL,		/* ioctl; args[1] is the request */
	WAIT_FD_FCNTL,		/* fcntl with another command; args[1] */
};

struct wait_fd {
	enum wait_fd_op		 op;
	int			 fd;	/* for a transfer, the descriptor read */
	int			 to_fd;	/* a transfer's descriptor written; else -1 */
	bool			 lock_known;	/* WAIT_FD_LOCK: the request was read */
	struct lock_request	 lock;
};

/* One descriptor of a set. */
struct wait_pollfd {
	int			 fd;
	/* What it waits for: poll's events (POLLIN...); select's sets as
	 * the kernel takes them: POLLIN for readfds, POLLOUT for writefds,
	 * POLLPRI for exceptfds; epoll's event mask as the kernel keeps it
	 * (EPOLLIN... EPOLLET, and EPOLLERR and EPOLLHUP, which it adds to
	 * every watch). */
	unsigned int		 events;
	/* epoll only: the file watched (fd is the number it was added as,
	 * which may since be closed or be another file) and the data. */
	dev_t			 dev;
	unsigned long		 ino;
	uint64_t		 data;
};

enum wait_set_how {
	WAIT_SET_POLL,		/* poll ppoll */
	WAIT_SET_SELECT,	/* select pselect6 */
	WAIT_SET_EPOLL,		/* epoll_wait epoll_pwait epoll_pwait2 */
};

#define WAIT_SET_MAX	65536	/* descriptors read of one set at most */

struct wait_set {
	enum wait_set_how	 how;
	int			 epfd;	/* epoll: the instance; else -1 */
	/* The call's count: poll's nfds, select's nfds (highest + 1),
	 * epoll's maxevents. */
	long			 count;
	struct wait_pollfd	*v;	/* allocated; thread_wait_clear frees */
	size_t			 n;
	bool			 cut;	/* more than WAIT_SET_MAX */
};

struct wait_futex {
	unsigned long		 addr;
	/* The command without its flags: FUTEX_WAIT, FUTEX_WAIT_BITSET,
	 * FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_WAIT_REQUEUE_PI...; the
	 * futex_wait call (Linux 6.7) is given as FUTEX_WAIT_BITSET. */
	int			 op;
	bool			 shared;	/* across processes: no FUTEX_PRIVATE_FLAG */
	bool			 realtime;	/* FUTEX_CLOCK_REALTIME */
	unsigned int		 val;		/* the value a wait expects the word to hold */
	unsigned int		 bitset;	/* WAIT_BITSET's; else all ones */
	unsigned long		 addr2;		/* WAIT_REQUEUE_PI: the PI futex; else 0 */
	bool			 word_known;	/* the word was read from memory */
	unsigned int		 word;		/* the word at addr now */
	/* A PI futex's owner (LOCK_PI, LOCK_PI2, TRYLOCK_PI): the thread id
	 * in the word (FUTEX_TID_MASK), in the process's pid namespace; 0
	 * if none, not known or not PI. */
	pid_t			 owner;
	/* Where the word is the first of a glibc pthread_mutex_t (x86-64:
	 * int __lock, unsigned __count, int __owner, unsigned __nusers, int
	 * __kind), as a wait on a locked mutex's word is: its __owner, the
	 * thread id that holds it, when the layout fits (the word locked,
	 * 1 or 2, an owner, a kind glibc makes); 0 otherwise. A guess from
	 * the memory, not the kernel's word: the caller says so. */
	pid_t			 mutex_owner;
};

struct wait_msgq {
	int			 msqid;
	bool			 send;		/* msgsnd; else msgrcv */
	size_t			 size;		/* msgsz */
	long			 type;		/* msgrcv's msgtyp; msgsnd's mtype */
	bool			 type_known;	/* msgsnd: mtype read from memory */
	int			 flags;		/* msgflg */
};

/* Whom wait4 and waitid wait for, in waitid's terms: wait4's pid -1 is
 * P_ALL, 0 is P_PGID 0 (its own group), -G is P_PGID G, P is P_PID P. */
struct wait_child {
	int			 idtype;	/* P_ALL, P_PID, P_PGID, P_PIDFD */
	long			 id;
	int			 options;	/* WNOHANG... WEXITED (waitid) */
};

struct wait_open {
	int			 dirfd;		/* AT_FDCWD (-100) for open and creat */
	char			*path;		/* allocated; NULL if it could not be read */
	bool			 path_cut;	/* longer than PATH_MAX: cut */
	uint64_t		 flags;		/* O_RDONLY...; openat2's how.flags */
	uint64_t		 mode;
	uint64_t		 resolve;	/* openat2's how.resolve */
};

struct wait_signal {
	bool			 set_known;
	/* Bit n-1 for signal n. rt_sigtimedwait: the signals it waits for
	 * (from its memory); rt_sigsuspend and pause: the mask blocked while
	 * it waits (from its status), so any other signal wakes it. */
	uint64_t		 set;
	bool			 mask;		/* set is a mask, not what it waits for */
};

struct wait_sleep {
	int			 clock;		/* CLOCK_MONOTONIC for nanosleep */
	bool			 absolute;	/* TIMER_ABSTIME: ns is a time on clock */
	bool			 known;		/* the timespec was read */
	int64_t			 ns;		/* how long, or until when */
};

struct thread_wait {
	pid_t			 pid, tid;
	bool			 ok;		/* its stat was read; false: error */
	char			 state;		/* R S D T t Z X I ... */
	int			 cpu;		/* the CPU it last ran on, -1 if not known */
	char			 comm[16];

	/* The call, for a thread asleep (S or D) in one. */
	bool			 in_call;
	long			 nr;
	const char		*name;		/* syscall_name(nr), NULL if not in its table */
	unsigned long		 args[6];
	bool			 native;	/* through the ABI decoded (x86-64) */
	enum wait_kind		 kind;
	union {
		struct wait_fd		 fd;
		struct wait_set		 set;
		struct wait_futex	 futex;
		struct ksysv_semop	 semop;	/* id and nops from the call even
						 * when the operations are unread */
		struct wait_msgq	 msgq;
		struct wait_child	 child;
		struct wait_open	 open;
		struct wait_signal	 signal;
		struct wait_sleep	 sleep;
	}			 on;
	/* Whether all that was asked for was read: false when something
	 * could not be (it is left unknown: a _known flag false, a NULL
	 * path, no descriptors), error saying why. */
	bool			 complete;
	/* The first errno met: ESRCH or ENOENT, the thread is gone; EACCES
	 * or EPERM, it needs ptrace access; EFAULT, an address in the call
	 * is not mapped; E2BIG, more semaphore operations than are read. */
	int			 error;
	/* The kernel function it sleeps in, when the call says little:
	 * WAIT_NONE asleep, WAIT_UNKNOWN, WAIT_RESTART and WAIT_CALL; "" if
	 * not read or not shown (another user's process). */
	char			 wchan[48];

	/* When it last ran: for a thread asleep, when it went to sleep (or
	 * last woke and slept again: a signal handled, a spurious wake). */
	bool			 since_known;	/* false: no sched file, or no offset
						 * for its CPU: the caller measures
						 * from its own first look */
	bool			 since_estimated;	/* its CPU's offset was estimated */
	int64_t			 since;		/* CLOCK_MONOTONIC, ns */
	uint64_t		 exec_start;	/* the task clock's value, ns; 0 if unread */
};

/* What waits_read reads beyond the stat and syscall files. */
#define WAITS_OPERANDS	0x1	/* memory and fdinfo: the sets, the path... */
#define WAITS_SINCE	0x2	/* the sched file: since when */
#define WAITS_ALL	(WAITS_OPERANDS | WAITS_SINCE)

/* Read what thread tid of process pid is blocked in, with what (the
 * WAITS_ flags), converting since with clock (NULL: exec_start only).
 * Returns tw->ok. tw is overwritten: clear it first if it held a read
 * (thread_wait_clear). A thread seen running or runnable, stopped or a
 * zombie is WAIT_NONE with its state. */
bool	 waits_read(pid_t pid, pid_t tid, unsigned what, const struct sched_clock *clock,
	    struct thread_wait *tw);
/* The same, with the thread's stat as the caller just read it (probe_task,
 * which need not have read its call): the file is not read again. */
struct task_info;
bool	 waits_read_task(const struct task_info *, pid_t pid, pid_t tid, unsigned what,
	    const struct sched_clock *clock, struct thread_wait *tw);
/* Free what a read allocated (a set's descriptors, a path); the rest is
 * left as it was, kind WAIT_NONE. */
void	 thread_wait_clear(struct thread_wait *);

/* Decode the call of a parsed syscall line into tw: in_call, nr, args,
 * native, name, kind and what the arguments themselves hold (nothing is
 * read: no _known flag is set). waits_read does this, then reads. */
void	 waits_decode(const struct proc_syscall *, struct thread_wait *);

/* A reason for an errno a read gave, for a person: "needs ptrace
 * access", "gone", "bad address in the call"...; else its name. */
const char *waits_reason(int error);

struct buf;
/* What a wait not on descriptors is on, in words, added to b: the path
 * an open waits on, "semaphore set 32769", "queue 5", "pid 4242", "any
 * child", "futex 0x7f12...", the signals a sigwait takes ("SIGUSR1").
 * False (nothing added) for a wait on
 * descriptors, whose names are the caller's, and for one on nothing. */
bool	 waits_add_operand(struct buf *, const struct thread_wait *);

#endif
