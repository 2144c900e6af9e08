/* rtnl.c: interfaces, addresses, routes and qdiscs through plain rtnetlink. */
#include "config.h"

#include <sys/socket.h>

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/gen_stats.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rtnl.h"
#include "util.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK		10
#endif

/* A request being built: a header, its fixed part, attributes. */
struct req {
	union {
		struct nlmsghdr	 h;
		char		 buf[1024];
	}		 u;
	bool		 full;		/* an attribute did not fit: a bug */
};

/* Sequence numbers of the requests of this process: an answer to
 * another (one left over) is told apart by its own. */
static uint32_t	 rtnl_seq;

/* What a request was told, for a caller that asked (e not NULL). */
static void
err_set(struct rtnl_err *e, int err, const char *msg)
{
	if (e == NULL)
		return;
	e->err = err;
	copy_str(e->msg, sizeof e->msg, msg);
}

/* Extended acks, and acks that do not echo the request. */
static bool
rtnl_prepare(int rtnl)
{
	int	 one = 1;

	/* Without extended acks an error is a bare errno; a kernel too old
	 * for them still answers, so their absence is no failure. */
	if (setsockopt(rtnl, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one) == -1 &&
	    errno != ENOPROTOOPT)
		return false;
	if (setsockopt(rtnl, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one) == -1 &&
	    errno != ENOPROTOOPT)
		return false;
	return true;
}

int
rtnl_socket(void)
{
	int	 fd, saved;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd == -1)
		return -1;
	if (!rtnl_prepare(fd)) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* Start a request of this type with its fixed part (copied). */
static void
req_start(struct req *r, uint16_t type, uint16_t flags, const void *fixed, size_t len)
{
	memset(r, 0, sizeof *r);
	r->u.h.nlmsg_type = type;
	r->u.h.nlmsg_flags = flags;
	r->u.h.nlmsg_len = NLMSG_LENGTH(len);
	memcpy(NLMSG_DATA(&r->u.h), fixed, len);
}

/* An attribute; its offset in the request, for a nest to be closed. */
static size_t
req_put(struct req *r, uint16_t type, const void *data, size_t len)
{
	struct rtattr	*a;
	size_t		 at = NLMSG_ALIGN(r->u.h.nlmsg_len);

	if (at + RTA_SPACE(len) > sizeof r->u.buf) {
		r->full = true;
		return at;
	}
	a = (struct rtattr *)(r->u.buf + at);
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len > 0)
		memcpy(RTA_DATA(a), data, len);
	r->u.h.nlmsg_len = (uint32_t)(at + RTA_SPACE(len));
	return at;
}

static void
req_put_u8(struct req *r, uint16_t type, uint8_t v)
{
	req_put(r, type, &v, sizeof v);
}

static void
req_put_u32(struct req *r, uint16_t type, uint32_t v)
{
	req_put(r, type, &v, sizeof v);
}

static void
req_put_u64(struct req *r, uint16_t type, uint64_t v)
{
	req_put(r, type, &v, sizeof v);
}

static void
req_put_str(struct req *r, uint16_t type, const char *s)
{
	req_put(r, type, s, strlen(s) + 1);
}

/* A nest is an attribute whose length is set once what it holds is in. */
static size_t
req_nest(struct req *r, uint16_t type)
{
	return req_put(r, type | NLA_F_NESTED, NULL, 0);
}

static void
req_nest_end(struct req *r, size_t at)
{
	struct rtattr	*a = (struct rtattr *)(r->u.buf + at);

	if (!r->full)
		a->rta_len = (unsigned short)(r->u.h.nlmsg_len - at);
}

void
nl_drain(int fd)
{
	char	 buf[4096];

	while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
		continue;
}

/* Send a request and read its answer, without waiting: each data message
 * goes to each. */
static bool
transact(int fd, struct req *r, rtnl_each_fn each, void *arg, struct rtnl_err *e)
{
	struct sockaddr_nl	 sa = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr	 align;
		char		 buf[32768];
	}			 rx;
	struct rtnl_err		 spare;
	ssize_t			 n;
	int			 done = 0;

	if (e == NULL)
		e = &spare;
	err_set(e, 0, "");
	if (r->full)
		fatal("rtnetlink request too long");
	r->u.h.nlmsg_seq = __atomic_add_fetch(&rtnl_seq, 1, __ATOMIC_RELAXED);
	/* What an earlier request left (a dump cut short): an answer
	 * to this one must not be taken from among it. */
	nl_drain(fd);
	if (sendto(fd, r->u.buf, r->u.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof sa) == -1) {
		err_set(e, errno, "");
		return false;
	}
	while (done == 0) {
		n = recv(fd, rx.buf, sizeof rx.buf, MSG_DONTWAIT | MSG_TRUNC);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			/* EAGAIN: the answer was not there, which rtnetlink
			 * never does; waiting for it is not ours to do. */
			err_set(e, errno, "");
			return false;
		}
		if (n == 0 || (size_t)n > sizeof rx.buf) {
			err_set(e, n == 0 ? EIO : EMSGSIZE, "");
			return false;
		}
		done = rtnl_parse_reply(rx.buf, (size_t)n, r->u.h.nlmsg_seq, each, arg, e);
	}
	return done == 1;
}

/* The text of an extended ack's message, from the TLVs at p. */
static void
ack_text(const char *p, const char *end, struct rtnl_err *e)
{
	struct nlattr	 a;
	size_t		 len;

	while (end - p >= (ptrdiff_t)NLA_HDRLEN) {
		memcpy(&a, p, sizeof a);
		if (a.nla_len < NLA_HDRLEN || a.nla_len > end - p)
			return;
		if ((a.nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			len = a.nla_len - NLA_HDRLEN;
			if (len > sizeof e->msg - 1)
				len = sizeof e->msg - 1;
			memcpy(e->msg, p + NLA_HDRLEN, len);
			e->msg[len] = '\0';
			e->msg[strcspn(e->msg, "\n")] = '\0';
			return;
		}
		p += NLA_ALIGN(a.nla_len);
	}
}

/* An error or done message: its errno (0 for an ack), and the kernel's
 * text if it gave one. */
static int
msg_error(const struct nlmsghdr *h, struct rtnl_err *e)
{
	const char	*data = NLMSG_DATA(h), *end = (const char *)h + h->nlmsg_len;
	struct nlmsgerr	 m;
	size_t		 skip;
	int		 err;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof err))
		return h->nlmsg_type == NLMSG_DONE ? 0 : EIO;
	memcpy(&err, data, sizeof err);
	err = err <= 0 && err > -4096 ? -err : EIO;
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return err;
	/* After the error, the request's header (and its body unless the
	 * ack is capped), then the TLVs; a done message has them at once. */
	if (h->nlmsg_type == NLMSG_DONE)
		skip = sizeof err;
	else {
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof m))
			return err;
		memcpy(&m, data, sizeof m);
		skip = sizeof m;
		if (!(h->nlmsg_flags & NLM_F_CAPPED) && m.msg.nlmsg_len > NLMSG_HDRLEN)
			skip += m.msg.nlmsg_len - NLMSG_HDRLEN;
	}
	skip = NLMSG_ALIGN(skip);
	if (skip < (size_t)(end - data))
		ack_text(data + skip, end, e);
	return err;
}

int
rtnl_parse_reply(const void *buf, size_t len, uint32_t seq, rtnl_each_fn each, void *arg,
    struct rtnl_err *e)
{
	const struct nlmsghdr	*h;
	ssize_t			 n = (ssize_t)len;	/* signed: NLMSG_NEXT can take it below 0 */
	int			 err;

	for (h = buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_seq != seq)
			continue;
		switch (h->nlmsg_type) {
		case NLMSG_NOOP:
		case NLMSG_OVERRUN:
			break;
		case NLMSG_DONE:
		case NLMSG_ERROR:
			err_set(e, 0, "");
			if ((err = msg_error(h, e)) == 0)
				return 1;
			e->err = err;
			return -1;
		default:
			if (each != NULL)
				each(h, h->nlmsg_len, arg);
			break;
		}
	}
	return 0;
}

/* Attributes of a message or nest, each copied out by type: at[t] is
 * the attribute of type t (the last one given), NULL if absent. */
static void
attrs(const void *p, size_t len, const struct rtattr **at, unsigned max)
{
	const struct rtattr	*a;
	int			 n = (int)len;

	memset(at, 0, (max + 1) * sizeof *at);
	for (a = p; RTA_OK(a, n); a = RTA_NEXT(a, n)) {
		if ((a->rta_type & NLA_TYPE_MASK) <= max)
			at[a->rta_type & NLA_TYPE_MASK] = a;
	}
}

/* An attribute's value copied into v (size bytes, zeroed first); false
 * if it is absent or too short. Copied: a 64-bit value in a message is
 * aligned to 4 bytes only. */
static bool
attr_get(const struct rtattr *a, void *v, size_t size)
{
	memset(v, 0, size);
	if (a == NULL || RTA_PAYLOAD(a) < size)
		return false;
	memcpy(v, RTA_DATA(a), size);
	return true;
}

static void
attr_str(const struct rtattr *a, char *out, size_t outlen)
{
	size_t	 len;

	out[0] = '\0';
	if (a == NULL)
		return;
	len = RTA_PAYLOAD(a);
	if (len > outlen - 1)
		len = outlen - 1;
	memcpy(out, RTA_DATA(a), len);
	out[len] = '\0';
}

/* A whole message of type want or want2 with its fixed part (size
 * bytes, copied into fixed): where its attributes are, and their
 * length; false if it is none. */
static bool
msg_fixed(const void *msg, size_t len, uint16_t want, uint16_t want2, void *fixed,
    size_t size, const void **body, size_t *blen)
{
	const struct nlmsghdr	*h = msg;

	if (len < NLMSG_LENGTH(NLMSG_ALIGN(size)) || h->nlmsg_len > len ||
	    h->nlmsg_len < NLMSG_LENGTH(NLMSG_ALIGN(size)) ||
	    (h->nlmsg_type != want && h->nlmsg_type != want2))
		return false;
	memcpy(fixed, NLMSG_DATA(h), size);
	*body = (const char *)NLMSG_DATA(h) + NLMSG_ALIGN(size);
	*blen = h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(size));
	return true;
}

bool
rtnl_parse_link(const void *msg, size_t len, struct rtnl_link *l)
{
	const struct rtattr		*at[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	const void			*body;
	struct ifinfomsg		 ifi;
	size_t				 blen;
	struct rtnl_link_stats64	 s64;
	struct rtnl_link_stats		 s32;
	uint32_t			 u32;
	uint8_t				 u8;

	memset(l, 0, sizeof *l);
	if (!msg_fixed(msg, len, RTM_NEWLINK, RTM_NEWLINK, &ifi, sizeof ifi, &body, &blen))
		return false;
	l->ifindex = ifi.ifi_index;
	l->flags = ifi.ifi_flags;
	attrs(body, blen, at, IFLA_MAX);
	attr_str(at[IFLA_IFNAME], l->name, sizeof l->name);
	if (attr_get(at[IFLA_OPERSTATE], &u8, sizeof u8))
		l->operstate = u8;
	if (attr_get(at[IFLA_CARRIER], &u8, sizeof u8))
		l->carrier = u8 != 0;
	if (attr_get(at[IFLA_MASTER], &u32, sizeof u32))
		l->master = (int)u32;
	if (attr_get(at[IFLA_MTU], &u32, sizeof u32))
		l->mtu = (int)u32;
	if (at[IFLA_LINKINFO] != NULL) {
		attrs(RTA_DATA(at[IFLA_LINKINFO]), RTA_PAYLOAD(at[IFLA_LINKINFO]), info,
		    IFLA_INFO_MAX);
		attr_str(info[IFLA_INFO_KIND], l->kind, sizeof l->kind);
	}
	if (attr_get(at[IFLA_STATS64], &s64, sizeof s64)) {
		l->rx_packets = s64.rx_packets;
		l->tx_packets = s64.tx_packets;
		l->rx_bytes = s64.rx_bytes;
		l->tx_bytes = s64.tx_bytes;
		l->rx_dropped = s64.rx_dropped;
		l->tx_dropped = s64.tx_dropped;
	} else if (attr_get(at[IFLA_STATS], &s32, sizeof s32)) {
		l->rx_packets = s32.rx_packets;
		l->tx_packets = s32.tx_packets;
		l->rx_bytes = s32.rx_bytes;
		l->tx_bytes = s32.tx_bytes;
		l->rx_dropped = s32.rx_dropped;
		l->tx_dropped = s32.tx_dropped;
	}
	return true;
}

/* TBF's parameters as its dump gives them: the rate, the queue's limit,
 * and the bucket as the time it takes to fill (in 64 ns ticks), made
 * bytes again at that rate. */
static void
parse_tbf(const struct rtattr *opts, struct rtnl_qdisc *q)
{
	const struct rtattr	*at[TCA_TBF_MAX + 1];
	struct tc_tbf_qopt	 p;
	uint64_t		 rate64;
	long double		 burst;

	attrs(RTA_DATA(opts), RTA_PAYLOAD(opts), at, TCA_TBF_MAX);
	if (!attr_get(at[TCA_TBF_PARMS], &p, sizeof p))
		return;
	q->rate = p.rate.rate;
	if (attr_get(at[TCA_TBF_RATE64], &rate64, sizeof rate64) && rate64 > q->rate)
		q->rate = rate64;
	q->limit = p.limit;
	burst = (long double)q->rate * ((uint64_t)p.buffer << 6) / 1e9L + 0.5L;
	q->burst = burst >= (long double)UINT32_MAX ? UINT32_MAX : (uint32_t)burst;
}

bool
rtnl_parse_qdisc(const void *msg, size_t len, int *ifindex, uint32_t *parent,
    struct rtnl_qdisc *q)
{
	const struct rtattr	*at[TCA_MAX + 1], *st[TCA_STATS_MAX + 1];
	const void		*body;
	struct tcmsg		 tcm;
	size_t			 blen;
	struct gnet_stats_basic	 basic;
	struct gnet_stats_queue	 queue;
	struct tc_stats		 old;

	memset(q, 0, sizeof *q);
	*ifindex = 0;
	*parent = 0;
	if (!msg_fixed(msg, len, RTM_NEWQDISC, RTM_NEWQDISC, &tcm, sizeof tcm, &body, &blen))
		return false;
	*ifindex = tcm.tcm_ifindex;
	*parent = tcm.tcm_parent;
	attrs(body, blen, at, TCA_MAX);
	attr_str(at[TCA_KIND], q->kind, sizeof q->kind);
	if (at[TCA_OPTIONS] != NULL && strcmp(q->kind, "tbf") == 0)
		parse_tbf(at[TCA_OPTIONS], q);
	if (at[TCA_STATS2] != NULL) {
		attrs(RTA_DATA(at[TCA_STATS2]), RTA_PAYLOAD(at[TCA_STATS2]), st, TCA_STATS_MAX);
		/* The kernel gives the basic counters without the tail
		 * padding of their struct: 12 bytes. */
		if (st[TCA_STATS_BASIC] != NULL &&
		    RTA_PAYLOAD(st[TCA_STATS_BASIC]) >= sizeof basic.bytes + sizeof basic.packets) {
			memcpy(&basic.bytes, RTA_DATA(st[TCA_STATS_BASIC]), sizeof basic.bytes);
			memcpy(&basic.packets, (const char *)RTA_DATA(st[TCA_STATS_BASIC]) +
			    sizeof basic.bytes, sizeof basic.packets);
			q->bytes = basic.bytes;
			q->packets = basic.packets;
		}
		if (attr_get(st[TCA_STATS_QUEUE], &queue, sizeof queue)) {
			q->qlen = queue.qlen;
			q->backlog = queue.backlog;
			q->drops = queue.drops;
			q->overlimits = queue.overlimits;
		}
	} else if (attr_get(at[TCA_STATS], &old, sizeof old)) {
		q->bytes = old.bytes;
		q->packets = old.packets;
		q->drops = old.drops;
		q->overlimits = old.overlimits;
		q->qlen = old.qlen;
		q->backlog = old.backlog;
	}
	return true;
}

/* The entries of an MDBA_MDB_ENTRY: each MDBA_MDB_ENTRY_INFO is a
 * struct br_mdb_entry, then attributes of its own. */
static void
parse_mdb_entry(int bridge, const struct rtattr *entry, rtnl_mdb_fn each, void *arg)
{
	const struct rtattr	*a;
	struct br_mdb_entry	 be;
	struct rtnl_mdb		 m;
	int			 n = (int)RTA_PAYLOAD(entry);

	for (a = RTA_DATA(entry); RTA_OK(a, n); a = RTA_NEXT(a, n)) {
		if ((a->rta_type & NLA_TYPE_MASK) != MDBA_MDB_ENTRY_INFO ||
		    !attr_get(a, &be, sizeof be))
			continue;
		memset(&m, 0, sizeof m);
		m.bridge = bridge;
		m.port = (int)be.ifindex;
		m.permanent = be.state == MDB_PERMANENT;
		if (be.addr.proto == htons(ETH_P_IP)) {
			m.family = AF_INET;
			memcpy(m.group, &be.addr.u.ip4, sizeof be.addr.u.ip4);
		} else if (be.addr.proto == htons(ETH_P_IPV6)) {
			m.family = AF_INET6;
			memcpy(m.group, &be.addr.u.ip6, sizeof be.addr.u.ip6);
		}
		each(&m, arg);
	}
}

bool
rtnl_parse_mdb(const void *msg, size_t len, rtnl_mdb_fn each, void *arg)
{
	const struct rtattr	*a, *e;
	const void		*body;
	struct br_port_msg	 bpm;
	size_t			 blen;
	int			 n, ne;

	/* A dump's messages are RTM_GETMDB. */
	if (!msg_fixed(msg, len, RTM_NEWMDB, RTM_GETMDB, &bpm, sizeof bpm, &body, &blen))
		return false;
	n = (int)blen;
	for (a = body; RTA_OK(a, n); a = RTA_NEXT(a, n)) {
		if ((a->rta_type & NLA_TYPE_MASK) != MDBA_MDB)
			continue;
		ne = (int)RTA_PAYLOAD(a);
		for (e = RTA_DATA(a); RTA_OK(e, ne); e = RTA_NEXT(e, ne)) {
			if ((e->rta_type & NLA_TYPE_MASK) == MDBA_MDB_ENTRY)
				parse_mdb_entry((int)bpm.ifindex, e, each, arg);
		}
	}
	return true;
}

/* The requests. */

static bool
name_ok(const char *name, struct rtnl_err *e)
{
	if (name[0] != '\0' && strlen(name) < IFNAMSIZ)
		return true;
	err_set(e, EINVAL, "an interface name has 1 to 15 bytes");
	return false;
}

static void
ifinfo_start(struct req *r, uint16_t type, uint16_t flags, int ifindex)
{
	struct ifinfomsg	 ifi;

	memset(&ifi, 0, sizeof ifi);
	ifi.ifi_family = AF_UNSPEC;
	ifi.ifi_index = ifindex;
	req_start(r, type, NLM_F_REQUEST | NLM_F_ACK | flags, &ifi, sizeof ifi);
}

/* The first interface of an answer, into arg (zeroed before). */
static void
got_link(const void *msg, size_t len, void *arg)
{
	struct rtnl_link	*l = arg;

	if (l->ifindex == 0)
		rtnl_parse_link(msg, len, l);
}

bool
rtnl_link_index(int rtnl, const char *name, int *ifindex, struct rtnl_err *e)
{
	struct req		 r;
	struct rtnl_link	 l;

	*ifindex = 0;
	if (!name_ok(name, e))
		return false;
	ifinfo_start(&r, RTM_GETLINK, 0, 0);
	req_put_u32(&r, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	req_put_str(&r, IFLA_IFNAME, name);
	memset(&l, 0, sizeof l);
	if (!transact(rtnl, &r, got_link, &l, e))
		return false;
	*ifindex = l.ifindex;
	return *ifindex != 0;
}

bool
rtnl_link_set_up(int rtnl, int ifindex, bool up, struct rtnl_err *e)
{
	struct req		 r;
	struct ifinfomsg	*ifi;

	ifinfo_start(&r, RTM_NEWLINK, 0, ifindex);
	ifi = NLMSG_DATA(&r.u.h);
	ifi->ifi_flags = up ? IFF_UP : 0;
	ifi->ifi_change = IFF_UP;
	return transact(rtnl, &r, NULL, NULL, e);
}

bool
rtnl_veth_add(int rtnl, const char *name, const char *peer, int peer_nsfd, struct rtnl_err *e)
{
	struct req		 r;
	struct ifinfomsg	 pi;
	size_t			 info, data, pn;

	if (!name_ok(name, e) || !name_ok(peer, e))
		return false;
	ifinfo_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	req_put_str(&r, IFLA_IFNAME, name);
	info = req_nest(&r, IFLA_LINKINFO);
	req_put_str(&r, IFLA_INFO_KIND, "veth");
	data = req_nest(&r, IFLA_INFO_DATA);
	/* The peer is an interface message of its own inside. */
	memset(&pi, 0, sizeof pi);
	pi.ifi_family = AF_UNSPEC;
	pn = req_put(&r, VETH_INFO_PEER, &pi, sizeof pi);
	req_put_str(&r, IFLA_IFNAME, peer);
	if (peer_nsfd != -1)
		req_put_u32(&r, IFLA_NET_NS_FD, (uint32_t)peer_nsfd);
	req_nest_end(&r, pn);
	req_nest_end(&r, data);
	req_nest_end(&r, info);
	return transact(rtnl, &r, NULL, NULL, e);
}

/* The bridge's kind and its multicast settings. */
static void
bridge_info(struct req *r, bool snooping, bool querier)
{
	size_t	 info, data;

	info = req_nest(r, IFLA_LINKINFO);
	req_put_str(r, IFLA_INFO_KIND, "bridge");
	data = req_nest(r, IFLA_INFO_DATA);
	req_put_u8(r, IFLA_BR_MCAST_SNOOPING, snooping);
	/* The time a member has to answer a query, in clock_t (1/100 s):
	 * the kernel's default, set so that the lab knows it. A querier
	 * turned on waits this long before the bridge trusts what it
	 * heard. */
	req_put_u64(r, IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, RTNL_QUERY_RESPONSE_MS / 10);
	req_put_u8(r, IFLA_BR_MCAST_QUERIER, querier);
	req_nest_end(r, data);
	req_nest_end(r, info);
}

bool
rtnl_bridge_add(int rtnl, const char *name, bool snooping, bool querier, struct rtnl_err *e)
{
	struct req	 r;

	if (!name_ok(name, e))
		return false;
	ifinfo_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	req_put_str(&r, IFLA_IFNAME, name);
	bridge_info(&r, snooping, querier);
	return transact(rtnl, &r, NULL, NULL, e);
}

bool
rtnl_bridge_set(int rtnl, int ifindex, bool snooping, bool querier, struct rtnl_err *e)
{
	struct req	 r;

	ifinfo_start(&r, RTM_NEWLINK, 0, ifindex);
	bridge_info(&r, snooping, querier);
	return transact(rtnl, &r, NULL, NULL, e);
}

bool
rtnl_link_master(int rtnl, int ifindex, int master_ifindex, struct rtnl_err *e)
{
	struct req	 r;

	ifinfo_start(&r, RTM_NEWLINK, 0, ifindex);
	req_put_u32(&r, IFLA_MASTER, (uint32_t)master_ifindex);
	return transact(rtnl, &r, NULL, NULL, e);
}

bool
rtnl_link_del(int rtnl, int ifindex, struct rtnl_err *e)
{
	struct req	 r;

	ifinfo_start(&r, RTM_DELLINK, 0, ifindex);
	return transact(rtnl, &r, NULL, NULL, e);
}

static size_t
addr_len(int family, int prefixlen, struct rtnl_err *e)
{
	size_t		 len;

	len = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	if (len != 0 && prefixlen >= 0 && (size_t)prefixlen <= len * 8)
		return len;
	err_set(e, EINVAL, len == 0 ? "an address is IPv4 or IPv6" :
	    "a prefix is no longer than the address");
	return 0;
}

bool
rtnl_addr_add(int rtnl, int ifindex, int family, const void *addr, int prefixlen,
    struct rtnl_err *e)
{
	struct req		 r;
	struct ifaddrmsg	 ifa;
	uint32_t		 a4, mask;
	size_t			 len;

	if ((len = addr_len(family, prefixlen, e)) == 0)
		return false;
	memset(&ifa, 0, sizeof ifa);
	ifa.ifa_family = (uint8_t)family;
	ifa.ifa_prefixlen = (uint8_t)prefixlen;
	ifa.ifa_index = (uint32_t)ifindex;
	ifa.ifa_scope = RT_SCOPE_UNIVERSE;
	if (family == AF_INET6)
		ifa.ifa_flags = IFA_F_NODAD;
	req_start(&r, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
	    &ifa, sizeof ifa);
	req_put(&r, IFA_LOCAL, addr, len);
	req_put(&r, IFA_ADDRESS, addr, len);
	if (family == AF_INET6)
		req_put_u32(&r, IFA_FLAGS, IFA_F_NODAD);
	else if (prefixlen < 31) {
		/* /31 and /32 have no broadcast address. */
		memcpy(&a4, addr, sizeof a4);
		mask = prefixlen == 0 ? 0 : htonl(~0U << (32 - prefixlen));
		a4 |= ~mask;
		req_put(&r, IFA_BROADCAST, &a4, sizeof a4);
	}
	return transact(rtnl, &r, NULL, NULL, e);
}

static bool
route(int rtnl, bool add, int family, const void *dst, int prefixlen, int ifindex,
    struct rtnl_err *e)
{
	struct req	 r;
	struct rtmsg	 rtm;
	size_t		 len;

	if ((len = addr_len(family, prefixlen, e)) == 0)
		return false;
	memset(&rtm, 0, sizeof rtm);
	rtm.rtm_family = (uint8_t)family;
	rtm.rtm_dst_len = (uint8_t)prefixlen;
	rtm.rtm_table = RT_TABLE_MAIN;
	rtm.rtm_type = RTN_UNICAST;
	if (add) {
		rtm.rtm_protocol = RTPROT_STATIC;
		rtm.rtm_scope = RT_SCOPE_LINK;
		req_start(&r, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
		    NLM_F_REPLACE, &rtm, sizeof rtm);
	} else {
		/* As ip route del does: any scope matches. */
		rtm.rtm_scope = RT_SCOPE_NOWHERE;
		req_start(&r, RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, &rtm, sizeof rtm);
	}
	if (prefixlen > 0)
		req_put(&r, RTA_DST, dst, len);
	req_put_u32(&r, RTA_OIF, (uint32_t)ifindex);
	return transact(rtnl, &r, NULL, NULL, e);
}

bool
rtnl_route_add(int rtnl, int family, const void *dst, int prefixlen, int ifindex,
    struct rtnl_err *e)
{
	return route(rtnl, true, family, dst, prefixlen, ifindex, e);
}

bool
rtnl_route_del(int rtnl, int family, const void *dst, int prefixlen, int ifindex,
    struct rtnl_err *e)
{
	return route(rtnl, false, family, dst, prefixlen, ifindex, e);
}

/* A request on the root qdisc of an interface. */
static void
qdisc_start(struct req *r, uint16_t type, uint16_t flags, int ifindex, uint32_t handle)
{
	struct tcmsg	 tcm;

	memset(&tcm, 0, sizeof tcm);
	tcm.tcm_family = AF_UNSPEC;
	tcm.tcm_ifindex = ifindex;
	tcm.tcm_handle = handle;
	tcm.tcm_parent = TC_H_ROOT;
	req_start(r, type, NLM_F_REQUEST | NLM_F_ACK | flags, &tcm, sizeof tcm);
}

bool
rtnl_qdisc_tbf(int rtnl, int ifindex, uint64_t rate, uint32_t burst, uint32_t limit,
    struct rtnl_err *e)
{
	struct req		 r;
	struct tc_tbf_qopt	 p;
	long double		 ticks;
	size_t			 opts;

	if (rate == 0) {
		err_set(e, EINVAL, "a rate is more than 0 bytes a second");
		return false;
	}
	/* The kernel takes the rate from the parameters (and from RATE64
	 * past 32 bits), the bucket from BURST, the queue from the limit.
	 * A rate of an unknown link layer would want the table tc
	 * computes; Ethernet's is computed by the kernel itself. */
	memset(&p, 0, sizeof p);
	p.rate.rate = rate > UINT32_MAX ? UINT32_MAX : (uint32_t)rate;
	p.rate.linklayer = TC_LINKLAYER_ETHERNET;
	p.limit = limit;
	ticks = (long double)burst * 1e9L / (long double)rate / 64;
	p.buffer = ticks >= (long double)UINT32_MAX ? UINT32_MAX : (uint32_t)ticks;
	qdisc_start(&r, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, ifindex, TC_H_MAKE(1U << 16, 0));
	req_put_str(&r, TCA_KIND, "tbf");
	opts = req_nest(&r, TCA_OPTIONS);
	req_put(&r, TCA_TBF_PARMS, &p, sizeof p);
	req_put_u32(&r, TCA_TBF_BURST, burst);
	if (rate > UINT32_MAX)
		req_put(&r, TCA_TBF_RATE64, &rate, sizeof rate);
	req_nest_end(&r, opts);
	return transact(rtnl, &r, NULL, NULL, e);
}

bool
rtnl_qdisc_netem(int rtnl, int ifindex, uint32_t delay_us, uint32_t loss_ppm,
    struct rtnl_err *e)
{
	struct req		 r;
	struct tc_netem_qopt	 p;
	int64_t			 ns = (int64_t)delay_us * 1000;
	size_t			 opts;

	/* netem's options are its struct followed by attributes, in one
	 * attribute that is no nest: as tc sends them. */
	memset(&p, 0, sizeof p);
	p.limit = 1000;
	p.latency = (uint32_t)(ns >> 6);
	if (loss_ppm > 1000000)
		loss_ppm = 1000000;
	p.loss = (uint32_t)((uint64_t)loss_ppm * UINT32_MAX / 1000000);
	qdisc_start(&r, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, ifindex, TC_H_MAKE(1U << 16, 0));
	req_put_str(&r, TCA_KIND, "netem");
	opts = req_put(&r, TCA_OPTIONS, &p, sizeof p);
	req_put(&r, TCA_NETEM_LATENCY64, &ns, sizeof ns);
	req_nest_end(&r, opts);
	return transact(rtnl, &r, NULL, NULL, e);
}

bool
rtnl_qdisc_del(int rtnl, int ifindex, struct rtnl_err *e)
{
	struct req	 r;
	struct rtnl_err	 got;
	bool		 ok;

	qdisc_start(&r, RTM_DELQDISC, 0, ifindex, 0);
	ok = transact(rtnl, &r, NULL, NULL, &got);
	/* The default root has handle 0, which the kernel will not delete
	 * ("Cannot delete qdisc with handle of zero"): it is there already. */
	if (!ok && got.err == ENOENT) {
		err_set(&got, 0, "");
		ok = true;
	}
	if (e != NULL)
		*e = got;
	return ok;
}

bool
rtnl_link_get(int rtnl, int ifindex, struct rtnl_link *l, struct rtnl_err *e)
{
	struct req	 r;

	memset(l, 0, sizeof *l);
	ifinfo_start(&r, RTM_GETLINK, 0, ifindex);
	if (!transact(rtnl, &r, got_link, l, e))
		return false;
	if (l->ifindex != ifindex) {
		err_set(e, EIO, "no interface in the answer");
		return false;
	}
	return true;
}

struct link_list {
	struct rtnl_link	*v;
	size_t			 n, cap;
};

static void
got_links(const void *msg, size_t len, void *arg)
{
	struct link_list	*ll = arg;
	struct rtnl_link	 l;

	if (!rtnl_parse_link(msg, len, &l))
		return;
	if (ll->n == ll->cap) {
		ll->cap = ll->cap == 0 ? 8 : ll->cap * 2;
		ll->v = xreallocarray(ll->v, ll->cap, sizeof *ll->v);
	}
	ll->v[ll->n++] = l;
}

bool
rtnl_link_list(int rtnl, struct rtnl_link **links, size_t *n, struct rtnl_err *e)
{
	struct req		 r;
	struct link_list	 ll = { NULL, 0, 0 };

	/* A dump asks for no ack: its end is its done message. */
	ifinfo_start(&r, RTM_GETLINK, NLM_F_DUMP, 0);
	r.u.h.nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	if (!transact(rtnl, &r, got_links, &ll, e)) {
		free(ll.v);
		*links = NULL;
		*n = 0;
		return false;
	}
	*links = ll.v;
	*n = ll.n;
	return true;
}

struct qdisc_find {
	int			 ifindex;
	bool			 found;
	struct rtnl_qdisc	*q;
};

static void
got_qdisc(const void *msg, size_t len, void *arg)
{
	struct qdisc_find	*f = arg;
	struct rtnl_qdisc	 q;
	uint32_t		 parent;
	int			 ifindex;

	if (!f->found && rtnl_parse_qdisc(msg, len, &ifindex, &parent, &q) &&
	    ifindex == f->ifindex && parent == TC_H_ROOT) {
		*f->q = q;
		f->found = true;
	}
}

bool
rtnl_qdisc_get(int rtnl, int ifindex, struct rtnl_qdisc *q, struct rtnl_err *e)
{
	struct req		 r;
	struct qdisc_find	 f = { ifindex, false, q };

	memset(q, 0, sizeof *q);
	qdisc_start(&r, RTM_GETQDISC, NLM_F_DUMP, ifindex, 0);
	r.u.h.nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	if (!transact(rtnl, &r, got_qdisc, &f, e))
		return false;
	if (!f.found) {
		err_set(e, ENOENT, "no root qdisc shown for the interface");
		return false;
	}
	return true;
}

struct mdb_list {
	int		 bridge;
	struct rtnl_mdb	*v;
	size_t		 n, cap;
};

static void
got_group(const struct rtnl_mdb *m, void *arg)
{
	struct mdb_list	*ml = arg;

	if (m->bridge != ml->bridge || m->family == 0)
		return;
	if (ml->n == ml->cap) {
		ml->cap = ml->cap == 0 ? 8 : ml->cap * 2;
		ml->v = xreallocarray(ml->v, ml->cap, sizeof *ml->v);
	}
	ml->v[ml->n++] = *m;
}

static void
got_mdb(const void *msg, size_t len, void *arg)
{
	rtnl_parse_mdb(msg, len, got_group, arg);
}

bool
rtnl_mdb_list(int rtnl, int bridge, struct rtnl_mdb **out, size_t *n, struct rtnl_err *e)
{
	struct req		 r;
	struct br_port_msg	 bpm;
	struct mdb_list		 ml = { bridge, NULL, 0, 0 };

	memset(&bpm, 0, sizeof bpm);
	bpm.family = AF_BRIDGE;
	req_start(&r, RTM_GETMDB, NLM_F_REQUEST | NLM_F_DUMP, &bpm, sizeof bpm);
	if (!transact(rtnl, &r, got_mdb, &ml, e)) {
		free(ml.v);
		*out = NULL;
		*n = 0;
		return false;
	}
	*out = ml.v;
	*n = ml.n;
	return true;
}
