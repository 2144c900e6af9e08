/* fuzz_rtnl.c: rtnetlink replies on arbitrary bytes: one buffer as
 * recv() gave it (seeds join the buffers of one answer), read as the
 * answer to the request of its first message's sequence number; each
 * data message read as an interface, a qdisc and a bridge's groups, and
 * the whole buffer too. What comes out is text that ends within its field. */
#include "config.h"

#include <linux/netlink.h>
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rtnl.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_link(const struct rtnl_link *l)
{
	if (memchr(l->name, '\0', sizeof l->name) == NULL ||
	    memchr(l->kind, '\0', sizeof l->kind) == NULL)
		abort();
}

static void
check_qdisc(const struct rtnl_qdisc *q)
{
	if (memchr(q->kind, '\0', sizeof q->kind) == NULL)
		abort();
}

static void
check_group(const struct rtnl_mdb *m, void *arg)
{
	(void)arg;
	if (m->family != 0 && m->family != AF_INET && m->family != AF_INET6)
		abort();
}

static void
each(const void *msg, size_t len, void *arg)
{
	struct rtnl_link	 l;
	struct rtnl_qdisc	 q;
	uint32_t		 parent;
	int			 ifindex;

	(*(size_t *)arg)++;
	if (rtnl_parse_link(msg, len, &l))
		check_link(&l);
	if (rtnl_parse_qdisc(msg, len, &ifindex, &parent, &q))
		check_qdisc(&q);
	rtnl_parse_mdb(msg, len, check_group, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr		 h;
	struct rtnl_link	 l;
	struct rtnl_qdisc	 q;
	struct rtnl_err		 e;
	uint32_t		 seq = 0, parent;
	size_t			 seen = 0;
	void			*buf;
	int			 ifindex, end;

	/* A copy of its own size and malloc's alignment, as recv's buffer
	 * is aligned for a struct nlmsghdr. */
	buf = xmalloc(size);
	if (size > 0)
		memcpy(buf, data, size);
	if (size >= sizeof h) {
		memcpy(&h, buf, sizeof h);
		seq = h.nlmsg_seq;
	}
	memset(&e, 0xff, sizeof e);
	end = rtnl_parse_reply(buf, size, seq, each, &seen, &e);
	if (end < -1 || end > 1 || (end == -1 && (e.err <= 0 ||
	    memchr(e.msg, '\0', sizeof e.msg) == NULL)) || (end == 1 && e.err != 0))
		abort();
	if (rtnl_parse_link(buf, size, &l))
		check_link(&l);
	if (rtnl_parse_qdisc(buf, size, &ifindex, &parent, &q))
		check_qdisc(&q);
	rtnl_parse_mdb(buf, size, check_group, NULL);
	free(buf);
	return 0;
}
