/* host.h: hosts and links (host.c), as the socket mechanism needs them:
 * a host's address by its name ("h2:8080"), and the rule of what is the
 * lab's own network. */
#ifndef HOST_H
#define HOST_H

#include <stdbool.h>
#include <stdint.h>

struct buf;
struct lab;
struct object;

/* The lab's host called name, or NULL if name is none. */
struct object	*host_by_name(struct lab *, const char *name);
/* The address (struct in_addr or in6_addr, by family) of host as seen
 * from host from (NULL: the machine itself): its address on a link they
 * share, else on its first link; false with a cause when it has none. */
bool		 host_address(struct object *host, int family, const struct object *from,
		    void *addr, char **cause);

/* Whether an interface of host is a member of the group (struct
 * in_addr or in6_addr by family), as its /proc/net/igmp says now. */
bool		 host_joined(struct object *host, int family, const void *group);
/* Append to note the members a datagram host from sends to the group
 * does not reach on the segment it leaves by (ifname: the socket's
 * multicast interface, a name or an address; NULL: by the route): a
 * snooping bridge heard no report from them (their port was down when
 * they joined, say). Nothing when every member gets it. */
void		 host_unheard(struct object *from, int family, const void *group,
		    const char *ifname, struct buf *note);
/* The inode of host's network namespace (what its sockets' dump says). */
uint64_t	 host_netns(const struct object *host);

#endif
