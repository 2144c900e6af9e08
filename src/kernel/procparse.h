/* procparse.h: parsers for the text of /proc files. Pure functions over a
 * buffer, so they can be unit-tested and fuzzed without /proc. */
#ifndef PROCPARSE_H
#define PROCPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* /proc/PID/task/TID/stat */
struct proc_stat {
	pid_t			 pid;
	char			 comm[32];
	char			 state;		/* R S D T t Z X I ... */
	pid_t			 ppid;
	unsigned int		 flags;		/* PF_*: PF_KTHREAD (0x00200000) for a kernel thread */
	pid_t			 pgrp;
	pid_t			 session;
	int			 tty_nr;	/* the controlling terminal, 0 if none */
	int			 num_threads;
	unsigned long long	 utime, stime;	/* clock ticks */
	unsigned long long	 starttime;	/* clock ticks after boot */
	int			 processor;	/* the CPU it last ran on; -1 if not shown */
	bool			 has_exit_code;
	int			 exit_code;	/* wait status of a zombie */
};
bool	procparse_stat(const char *, size_t, struct proc_stat *);

/* /proc/PID/task/TID/syscall: "running", "-1 SP PC" (blocked outside a
 * call) or "NR A0 A1 A2 A3 A4 A5 SP PC". NR is the number in the ABI the
 * thread made the call through (a 32-bit process's own numbers). */
struct proc_syscall {
	bool		 running;
	bool		 in_call;
	long		 nr;
	unsigned long	 args[6];
	bool		 has_regs;	/* sp and pc were given */
	unsigned long	 sp, pc;	/* its stack pointer and program counter */
};
bool	procparse_syscall(const char *, size_t, struct proc_syscall *);

/* A "Key:\tvalue" line of /proc/PID/status or fdinfo; the value is copied
 * to out (at most outlen-1 bytes). False if the key is absent. */
bool	procparse_field(const char *, size_t, const char *key, char *out, size_t outlen);

/* One line of /proc/PID/maps: "START-END PERMS OFFSET MAJ:MIN INODE PATH". */
struct proc_map {
	unsigned long		 start, end;
	bool			 read, write, exec, shared;
	unsigned long long	 offset;
	unsigned int		 major, minor;
	unsigned long		 ino;
	const char		*path;		/* in the buffer, up to the newline; "" if none */
	size_t			 pathlen;
};
/* Parse the line at *pos and move *pos past it; false at the end or on a
 * line that is not one (skipped: *pos still moves on). */
bool	procparse_maps_line(const char *, size_t, size_t *pos, struct proc_map *, bool *ok);

/* One lock from /proc/locks, or the "lock:" lines of fdinfo:
 * "1: POSIX  ADVISORY  WRITE 1234 fe:00:5678 0 EOF", a waiter with "->". */
enum lock_kind {
	LK_POSIX,	/* POSIX: fcntl F_SETLK, owned by a process */
	LK_OFD,		/* OFDLCK: fcntl F_OFD_SETLK, owned by an open file description */
	LK_FLOCK,	/* FLOCK: flock(2), whole file, owned by an open file description */
	LK_LEASE,	/* LEASE: fcntl F_SETLEASE */
	LK_DELEG,	/* DELEG: an NFS server's delegation */
};
enum lock_type {
	LT_READ,	/* READ: shared */
	LT_WRITE,	/* WRITE: exclusive */
	LT_UNLCK,	/* UNLCK: a lease being broken to nothing */
};
struct proc_lock {
	int			 id;
	bool			 waiter;
	enum lock_kind		 kind;
	enum lock_type		 type;
	pid_t			 pid;		/* -1 for OFD locks */
	unsigned int		 major, minor;
	unsigned long		 ino;
	long long		 start;
	long long		 end;		/* inclusive; -1 for EOF */
};
/* False for a line that is not one, or a kind or type not listed above
 * (ACCESS, UNKNOWN). */
bool	procparse_lock(const char *, size_t, struct proc_lock *);

/* /proc/PID/task/TID/sched: "se.exec_start  :  31150200.395040", the
 * scheduler's task clock (ns since boot on one CPU, in ms with six
 * decimals) when the thread last ran. False if the line is not there. */
bool	procparse_sched_exec_start(const char *, size_t, unsigned long long *ns);

/* /proc/PID/task/TID/schedstat: "RUN_NS WAIT_NS TIMESLICES". */
struct proc_schedstat {
	unsigned long long	 run_ns;	/* time on a CPU */
	unsigned long long	 wait_ns;	/* time runnable, waiting for one */
	unsigned long long	 timeslices;	/* times it was given a CPU */
};
bool	procparse_schedstat(const char *, size_t, struct proc_schedstat *);

/* A "tfd:" line of an epoll instance's fdinfo: "tfd: 5 events: 19 data: 5
 * pos:0 ino:2f6 sdev:d", what it watches (events, data, ino and sdev in
 * hex; sdev is the kernel's encoding: major << 20 | minor). */
struct proc_epoll_tfd {
	int			 fd;		/* the descriptor it was added as */
	unsigned int		 events;	/* EPOLLIN...: what it waits for */
	unsigned long long	 data;		/* the caller's data */
	unsigned long		 ino;
	unsigned int		 major, minor;	/* of the watched file's device */
};
/* Parse the line at *pos and move *pos past it; false at the end.
 * *ok says whether the line was a tfd line (other lines: pos:, flags:). */
bool	procparse_epoll_line(const char *, size_t, size_t *pos, struct proc_epoll_tfd *,
	    bool *ok);

/* A "cpuN ..." line of /proc/stat: its CPU and the time stolen from it
 * by the hypervisor (the eighth number), in clock ticks (USER_HZ). */
bool	procparse_cpu_steal(const char *, size_t, int *cpu, unsigned long long *steal);

/* A multicast group an interface has joined, from /proc/net/igmp or
 * /proc/net/igmp6 (of the namespace the file was opened in). */
struct igmp_group {
	int		 ifindex;
	char		 dev[16];
	int		 family;	/* AF_INET, AF_INET6 */
	uint8_t		 addr[16];	/* network order: 4 bytes for AF_INET */
	unsigned	 users;		/* sockets (and the kernel) that joined it */
};
/* Add the groups of /proc/net/igmp text (family AF_INET) or igmp6
 * (AF_INET6) to *out, which grows (xreallocarray) with *n; how many were
 * added. A line that is not one is skipped. */
size_t	procparse_igmp(const char *, size_t, int family, struct igmp_group **out, size_t *n);

#endif
