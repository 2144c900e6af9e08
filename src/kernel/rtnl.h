/* rtnl.h: interfaces, addresses, routes and qdiscs through plain
 * rtnetlink, on a NETLINK_ROUTE socket the caller gives (one made inside
 * a network namespace acts on that namespace). A request is one message
 * asking for an ack; the answer is read without waiting, as rtnetlink
 * answers within sendmsg: what is not queued when sendmsg returns is
 * EAGAIN, never a wait. The requests are built apart from the parsers of
 * what comes back, which are pure and fuzzed. */
#ifndef RTNL_H
#define RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a request that failed was told. */
struct rtnl_err {
	int	 err;		/* errno */
	char	 msg[160];	/* the kernel's extended ack, or "" */
};

/* A NETLINK_ROUTE socket (CLOEXEC) in the caller's namespace, with
 * extended acks asked for (NETLINK_EXT_ACK) and acks that do not echo
 * the request (NETLINK_CAP_ACK); -1 with errno. */
int	 rtnl_socket(void);
/* Read and drop what is queued on a netlink socket (what an earlier
 * request left), without waiting. */
void	 nl_drain(int fd);

bool	 rtnl_link_index(int rtnl, const char *name, int *ifindex, struct rtnl_err *);
bool	 rtnl_link_set_up(int rtnl, int ifindex, bool up, struct rtnl_err *);
/* A veth pair: name in the socket's namespace, peer made in the namespace
 * of peer_nsfd (-1: the same). */
bool	 rtnl_veth_add(int rtnl, const char *name, const char *peer, int peer_nsfd,
	    struct rtnl_err *);
/* A bridge, with IGMP/MLD snooping or not, and itself the querier or
 * not; a member has RTNL_QUERY_RESPONSE_MS to answer its queries. */
#define RTNL_QUERY_RESPONSE_MS	10000
bool	 rtnl_bridge_add(int rtnl, const char *name, bool snooping, bool querier,
	    struct rtnl_err *);
bool	 rtnl_bridge_set(int rtnl, int ifindex, bool snooping, bool querier, struct rtnl_err *);
/* Enslave to a bridge; master_ifindex 0 frees the interface. */
bool	 rtnl_link_master(int rtnl, int ifindex, int master_ifindex, struct rtnl_err *);
bool	 rtnl_link_del(int rtnl, int ifindex, struct rtnl_err *);
/* addr in network order (4 or 16 bytes). IPv4: local, address and the
 * broadcast of the prefix; IPv6: without duplicate address detection,
 * so it is usable at once. */
bool	 rtnl_addr_add(int rtnl, int ifindex, int family, const void *addr, int prefixlen,
	    struct rtnl_err *);
/* A route to dst/prefixlen out of the interface (scope link) in the main
 * table, made or replaced; the delete matches it whatever its scope. */
bool	 rtnl_route_add(int rtnl, int family, const void *dst, int prefixlen, int ifindex,
	    struct rtnl_err *);
bool	 rtnl_route_del(int rtnl, int family, const void *dst, int prefixlen, int ifindex,
	    struct rtnl_err *);
/* TBF as the root qdisc (handle 1:0), made or replaced: rate in bytes a
 * second, burst (the bucket) and limit (the queue behind it) in bytes.
 * limit 0 drops everything: the kernel gives TBF no queue then. */
bool	 rtnl_qdisc_tbf(int rtnl, int ifindex, uint64_t rate, uint32_t burst, uint32_t limit,
	    struct rtnl_err *);
/* netem as the root qdisc: a delay in µs, a loss in parts per million. A
 * kernel without it says ENOENT, "Specified qdisc kind is unknown." */
bool	 rtnl_qdisc_netem(int rtnl, int ifindex, uint32_t delay_us, uint32_t loss_ppm,
	    struct rtnl_err *);
/* The root qdisc back to the default; true when it is the default already. */
bool	 rtnl_qdisc_del(int rtnl, int ifindex, struct rtnl_err *);

struct rtnl_link {
	int		 ifindex;
	char		 name[16];
	char		 kind[16];	/* "veth", "bridge", "" */
	unsigned	 flags;		/* IFF_UP, IFF_LOWER_UP, ... */
	int		 operstate;	/* IF_OPER_UP... */
	bool		 carrier;
	int		 master;	/* its bridge's ifindex, or 0 */
	int		 mtu;
	uint64_t	 rx_packets, tx_packets, rx_bytes, tx_bytes, rx_dropped, tx_dropped;
};
bool	 rtnl_link_get(int rtnl, int ifindex, struct rtnl_link *, struct rtnl_err *);
/* Every interface of the socket's namespace (RTM_GETLINK dump): *links
 * (xreallocarray, the caller frees it) and *n. */
bool	 rtnl_link_list(int rtnl, struct rtnl_link **links, size_t *n, struct rtnl_err *);

struct rtnl_qdisc {
	char		 kind[16];	/* "tbf", "noqueue", "pfifo_fast"... */
	uint64_t	 rate;		/* tbf: bytes a second */
	uint32_t	 burst, limit;	/* tbf: bytes */
	uint64_t	 bytes, packets;
	uint32_t	 drops, overlimits, qlen, backlog;
};
/* The root qdisc of an interface (an RTM_GETQDISC dump, kept to the
 * interface's root); ENOENT when it has none shown. */
bool	 rtnl_qdisc_get(int rtnl, int ifindex, struct rtnl_qdisc *, struct rtnl_err *);

/* A group a bridge heard a report for (its multicast database), on one
 * of its ports. */
struct rtnl_mdb {
	int		 bridge;	/* the bridge's ifindex */
	int		 port;		/* the port's (the bridge's own for itself) */
	int		 family;	/* AF_INET, AF_INET6; 0: a MAC group */
	unsigned char	 group[16];	/* network order: 4 or 16 bytes */
	bool		 permanent;	/* added by hand, not heard */
};
/* The IP groups of bridge (RTM_GETMDB dump, kept to that bridge): *out
 * (xreallocarray, the caller frees it) and *n. */
bool	 rtnl_mdb_list(int rtnl, int bridge, struct rtnl_mdb **out, size_t *n,
	    struct rtnl_err *);

/* The parsers, on what the kernel sends (pure: fuzzed). */

/* Called with each message of a reply that is no ack, error or done. */
typedef void	(*rtnl_each_fn)(const void *msg, size_t len, void *arg);
/* One buffer of a reply to request seq: each message of another seq is
 * skipped; each data message goes to each (if not NULL). 0 while more is
 * to come, 1 at its end (the ack, or the end of a dump), -1 at an error
 * (e filled). */
int	 rtnl_parse_reply(const void *buf, size_t len, uint32_t seq, rtnl_each_fn each,
	    void *arg, struct rtnl_err *e);
/* An RTM_NEWLINK message; false if it is none. */
bool	 rtnl_parse_link(const void *msg, size_t len, struct rtnl_link *);
typedef void	(*rtnl_mdb_fn)(const struct rtnl_mdb *, void *arg);
/* Each group of an RTM_NEWMDB message (or RTM_GETMDB, as a dump's are),
 * to each; false if it is none. */
bool	 rtnl_parse_mdb(const void *msg, size_t len, rtnl_mdb_fn each, void *arg);
/* An RTM_NEWQDISC message, its interface and parent; false if it is none. */
bool	 rtnl_parse_qdisc(const void *msg, size_t len, int *ifindex, uint32_t *parent,
	    struct rtnl_qdisc *);

#endif
