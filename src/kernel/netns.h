/* netns.h: network namespaces held by descriptors alone, made by a
 * short-lived child; and the user namespace a caller without
 * CAP_SYS_ADMIN makes them in. */
#ifndef NETNS_H
#define NETNS_H

#include <stdbool.h>
#include <stdint.h>

/* A network namespace held by descriptors alone: no process stays in it
 * and no bind mount names it; it goes when the last of them closes (and
 * no process is inside). */
struct netns {
	int		 nsfd;		/* the namespace (for setns(nsfd, CLONE_NEWNET)) */
	int		 rtnl;		/* a NETLINK_ROUTE socket made inside it (rtnl_socket) */
	int		 diag;		/* a NETLINK_SOCK_DIAG socket made inside it */
	int		 igmp;		/* /proc/self/net/igmp opened inside it: read with pread at 0 */
	int		 igmp6;		/* /proc/self/net/igmp6 (-1 when IPv6 is off) */
	uint64_t	 ino;		/* its inode, as /proc/PID/ns/net of a process inside shows */
};

/* A user namespace for a caller without CAP_SYS_ADMIN: the caller's own
 * uid and gid mapped to themselves (setgroups deny), made by a child that
 * unshares CLONE_NEWUSER, whose maps the caller writes; its descriptor
 * (O_CLOEXEC), or -1 with errno and *step naming what failed
 * ("unshare(CLONE_NEWUSER)", "uid_map"...). */
int		 userns_make(const char **step);
/* A new network namespace with lo up, made by a child of the caller
 * (which enters userns first when it is not -1, unshares CLONE_NEWNET,
 * opens the descriptors above inside and sends them back, and exits).
 * Every descriptor is CLOEXEC. The child is reaped here, by its pid:
 * SIGCHLD plays no part. False with errno and *step naming what failed;
 * nothing is left open then. */
bool		 netns_make(int userns, struct netns *, const char **step);
/* Close what is open; each descriptor becomes -1. */
void		 netns_close(struct netns *);
/* A namespace's inode, from its descriptor (fstat's st_ino); 0 on error. */
uint64_t	 netns_ino_of_fd(int nsfd);
/* The caller's own network namespace's inode (/proc/self/ns/net); 0 on error. */
uint64_t	 netns_self_ino(void);

#endif
