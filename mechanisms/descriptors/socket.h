/* socket.h: what other calls on a socket's descriptor need of the socket
 * mechanism: the lab's rule that inet sockets stay on loopback, for a
 * write(2) on a UDP socket, which binds it as a send does. */
#ifndef MECH_SOCKET_H
#define MECH_SOCKET_H

#include <stdbool.h>
#include <stddef.h>

#include "mechanism.h"

struct actor_call;
struct buf;
struct call;

extern const struct mechanism socket_mechanism;

/* Actor. Before a call on fd that would have the kernel bind an unbound
 * inet socket of this type (SOCK_STREAM, SOCK_DGRAM, or 0 for any), bind
 * it to the loopback address of its family, port 0 (to
 * ::ffff:127.0.0.1 on an IPv6 socket when dest, if not NULL, is an IPv4
 * address). Says so in the reply's val[3..7], which the caller must not
 * use. false: that bind failed and the call must not be made (ret and
 * err are set). */
bool	sock_actor_bind_first(struct actor_call *, int fd, int type, const void *dest,
	    size_t destlen);

/* Controller. The call's line as format writes it, preceded by the bind
 * the actor made first ("bind(...) = 0 (bound to 127.0.0.1:41234); "), or
 * followed by it if it failed (" not made: bind(...)"). */
void	sock_format_bind_first(const struct call *, struct buf *, int fd,
	    void (*format)(const struct call *, struct buf *));

#endif
