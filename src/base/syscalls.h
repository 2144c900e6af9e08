/* syscalls.h: names of the system calls a thread can be blocked in. */
#ifndef SYSCALLS_H
#define SYSCALLS_H

#include <stdbool.h>

/* "read" for __NR_read; NULL if the number is not in the table. */
const char	*syscall_name(long nr);
/* The call's first argument is a descriptor (read, write, accept...). */
bool		 syscall_takes_fd(long nr);
/* The lab's own wait for a command: a read of the actor's channel. */
bool		 syscall_is_channel_wait(long nr);
/* A futex wait: how the C library's own locks sleep. */
bool		 syscall_is_futex(long nr);

#endif
