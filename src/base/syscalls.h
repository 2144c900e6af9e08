/* syscalls.h: names of the system calls an actor can be blocked in. */
#ifndef SYSCALLS_H
#define SYSCALLS_H

#include <stdbool.h>

/* "read" for __NR_read; NULL if the number is not in the table. */
const char	*syscall_name(long nr);
/* The call's first argument is a descriptor (read, write, accept...). */
bool		 syscall_takes_fd(long nr);
/* The lab's own wait for a command on the actor's channel chan, by the
 * call and its first argument: a select up to it (chan + 1), or a read
 * of it. */
bool		 syscall_is_channel_wait(long nr, unsigned long first, int chan);
/* A futex wait: how the C library's own locks sleep. */
bool		 syscall_is_futex(long nr);

#endif
