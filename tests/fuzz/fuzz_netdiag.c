/* fuzz_netdiag.c: sock_diag replies on arbitrary bytes. The first byte
 * says which dump the reply is of (UNIX, TCP, TCP6, UDP, UDP6; 8: memory
 * asked for), the rest is one buffer as recv() gave it. Every socket
 * parsed must then be found again by the lookups. */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netdiag.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		int	 family, proto;
	} dumps[] = {
		{ AF_UNIX, 0 }, { AF_INET, IPPROTO_TCP }, { AF_INET6, IPPROTO_TCP },
		{ AF_INET, IPPROTO_UDP }, { AF_INET6, IPPROTO_UDP },
	};
	struct netdiag		 nd;
	const struct sock_diag	*s, *found;
	void			*buf;
	size_t			 i;
	int			 which, err = 0;

	if (size < 1)
		return 0;
	which = (data[0] & 7) % (int)nitems(dumps);
	/* A copy of its own size and malloc's alignment, as recv's buffer
	 * is aligned for a struct nlmsghdr. */
	buf = xmalloc(size - 1);
	memcpy(buf, data + 1, size - 1);
	memset(&nd, 0, sizeof nd);
	netdiag_parse(&nd, dumps[which].family, dumps[which].proto, (data[0] & 8) != 0,
	    buf, size - 1, &err);
	netdiag_index(&nd);
	for (i = 0; i < nd.n; i++) {
		s = &nd.v[i];
		(void)netdiag_state_name(s->state);
		if (s->ino != 0 && ((found = netdiag_by_ino(&nd, s->ino)) == NULL ||
		    found->ino != s->ino))
			abort();
		if (s->family == AF_UNIX) {
			if (memchr(s->name, '\0', sizeof s->name) == NULL ||
			    (s->nicons > 0 && s->icons == NULL))
				abort();
			continue;
		}
		if (memchr(s->local, '\0', sizeof s->local) == NULL ||
		    memchr(s->remote, '\0', sizeof s->remote) == NULL)
			abort();
		if ((found = netdiag_by_local(&nd, 0, s->type, s->local)) == NULL ||
		    strcmp(found->local, s->local) != 0 || found->type != s->type)
			abort();
		if (s->type == SOCK_STREAM &&
		    netdiag_by_addrs(&nd, 0, s->local, s->remote) == NULL)
			abort();
	}
	netdiag_clear(&nd);
	free(buf);
	return 0;
}
