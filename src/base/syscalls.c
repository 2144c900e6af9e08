/* syscalls.c: names of the system calls a thread can be blocked in, for
 * the architecture this is built for. */
#include "config.h"

#include <stddef.h>
#include <sys/syscall.h>

#include "syscalls.h"
#include "util.h"

#if defined(__x86_64__) && !defined(__NR_futex_wait)
#define __NR_futex_wait	455	/* Linux 6.7; older headers lack it */
#endif

struct syscall_name {
	long		 nr;
	const char	*name;
	bool		 fd_first;
};

#define SC(n, fd)	{ __NR_##n, #n, fd }

static const struct syscall_name names[] = {
#ifdef __NR_read
	SC(read, true),
#endif
#ifdef __NR_write
	SC(write, true),
#endif
#ifdef __NR_readv
	SC(readv, true),
#endif
#ifdef __NR_writev
	SC(writev, true),
#endif
#ifdef __NR_pread64
	SC(pread64, true),
#endif
#ifdef __NR_pwrite64
	SC(pwrite64, true),
#endif
#ifdef __NR_preadv
	SC(preadv, true),
#endif
#ifdef __NR_pwritev
	SC(pwritev, true),
#endif
#ifdef __NR_preadv2
	SC(preadv2, true),
#endif
#ifdef __NR_pwritev2
	SC(pwritev2, true),
#endif
#ifdef __NR_open
	SC(open, false),
#endif
#ifdef __NR_openat
	SC(openat, false),
#endif
#ifdef __NR_openat2
	SC(openat2, false),
#endif
#ifdef __NR_creat
	SC(creat, false),
#endif
#ifdef __NR_close
	SC(close, true),
#endif
#ifdef __NR_wait4
	SC(wait4, false),
#endif
#ifdef __NR_waitid
	SC(waitid, false),
#endif
#ifdef __NR_futex
	SC(futex, false),
#endif
#ifdef __NR_futex_wait
	SC(futex_wait, false),
#endif
#ifdef __NR_futex_waitv
	SC(futex_waitv, false),
#endif
#ifdef __NR_nanosleep
	SC(nanosleep, false),
#endif
#ifdef __NR_clock_nanosleep
	SC(clock_nanosleep, false),
#endif
#ifdef __NR_pause
	SC(pause, false),
#endif
#ifdef __NR_restart_syscall
	SC(restart_syscall, false),
#endif
#ifdef __NR_rt_sigsuspend
	SC(rt_sigsuspend, false),
#endif
#ifdef __NR_rt_sigtimedwait
	SC(rt_sigtimedwait, false),
#endif
#ifdef __NR_poll
	SC(poll, false),
#endif
#ifdef __NR_ppoll
	SC(ppoll, false),
#endif
#ifdef __NR_select
	SC(select, false),
#endif
#ifdef __NR_pselect6
	SC(pselect6, false),
#endif
#ifdef __NR_epoll_wait
	SC(epoll_wait, true),
#endif
#ifdef __NR_epoll_pwait
	SC(epoll_pwait, true),
#endif
#ifdef __NR_epoll_pwait2
	SC(epoll_pwait2, true),
#endif
#ifdef __NR_msgsnd
	SC(msgsnd, false),
#endif
#ifdef __NR_msgrcv
	SC(msgrcv, false),
#endif
#ifdef __NR_semop
	SC(semop, false),
#endif
#ifdef __NR_semtimedop
	SC(semtimedop, false),
#endif
#ifdef __NR_mq_timedsend
	SC(mq_timedsend, true),
#endif
#ifdef __NR_mq_timedreceive
	SC(mq_timedreceive, true),
#endif
#ifdef __NR_accept
	SC(accept, true),
#endif
#ifdef __NR_accept4
	SC(accept4, true),
#endif
#ifdef __NR_connect
	SC(connect, true),
#endif
#ifdef __NR_recvfrom
	SC(recvfrom, true),
#endif
#ifdef __NR_recvmsg
	SC(recvmsg, true),
#endif
#ifdef __NR_recvmmsg
	SC(recvmmsg, true),
#endif
#ifdef __NR_sendto
	SC(sendto, true),
#endif
#ifdef __NR_sendmsg
	SC(sendmsg, true),
#endif
#ifdef __NR_sendmmsg
	SC(sendmmsg, true),
#endif
#ifdef __NR_splice
	SC(splice, true),
#endif
#ifdef __NR_tee
	SC(tee, true),
#endif
#ifdef __NR_sendfile
	SC(sendfile, true),
#endif
#ifdef __NR_flock
	SC(flock, true),
#endif
#ifdef __NR_fcntl
	SC(fcntl, true),
#endif
#ifdef __NR_ioctl
	SC(ioctl, true),
#endif
#ifdef __NR_kill
	SC(kill, false),
#endif
#ifdef __NR_exit_group
	SC(exit_group, false),
#endif
};

static const struct syscall_name *
lookup(long nr)
{
	size_t	 i;

	for (i = 0; i < nitems(names); i++) {
		if (names[i].nr == nr)
			return &names[i];
	}
	return NULL;
}

const char *
syscall_name(long nr)
{
	const struct syscall_name	*s = lookup(nr);

	return s != NULL ? s->name : NULL;
}

bool
syscall_takes_fd(long nr)
{
	const struct syscall_name	*s = lookup(nr);

	return s != NULL && s->fd_first;
}

bool
syscall_is_channel_wait(long nr)
{
#ifdef __NR_recvmsg
	if (nr == __NR_recvmsg)
		return true;
#endif
#ifdef __NR_read
	if (nr == __NR_read)
		return true;
#endif
	return false;
}

bool
syscall_is_futex(long nr)
{
#ifdef __NR_futex
	if (nr == __NR_futex)
		return true;
#endif
#ifdef __NR_futex_wait
	if (nr == __NR_futex_wait)
		return true;
#endif
#ifdef __NR_futex_waitv
	if (nr == __NR_futex_waitv)
		return true;
#endif
	return false;
}
