/* host.c: hosts and links. A host is a network namespace the lab makes,
 * with its loopback up, that actors start inside (spawn A on h1); a link
 * joins hosts with veth pairs, two directly, three or more through a
 * bridge of their own (a segment), and gives each an address from the
 * lab's ranges: link N is 198.18.N.0/24 and 2001:2:0:N::/64, and host k
 * is .k and ::k on each of its links. The namespaces are held by
 * descriptors alone (netns.h): no process stays in them and no bind
 * mount names them, so that they go with the last of the lab's actors
 * in them and the controller's descriptors, whatever ends the run.
 * Nothing leaves the machine: a host has no route but its links' and
 * the multicast route through its first link, and every link joins two
 * of the lab's namespaces. */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "desc.h"
#include "host.h"
#include "lab.h"
#include "mechanism.h"
#include "module.h"
#include "netdiag.h"
#include "netns.h"
#include "procparse.h"
#include "rtnl.h"

#define HOSTS_MAX	250	/* host k is .k on its links */
#define LINKS_MAX	250	/* link N is 198.18.N.0/24 */
#define LINK_HOSTS_MAX	16	/* hosts on one segment */

/* The lab's state for hosts: the user namespace they live in when the
 * lab has no CAP_SYS_ADMIN, and how many hosts and links were numbered. */
struct net_state {
	int		 userns;	/* -1: none (root), or not made yet */
	char		*userns_why;	/* why it could not be made, once tried */
	unsigned	 hosts;		/* numbers given, since the start or reset */
	unsigned	 links;
};

struct host {
	struct object	 base;
	struct netns	 ns;
	unsigned	 number;
	bool		 removed;
	struct object	*mroute;	/* the link the multicast route goes through */
};

/* One host's end of a link: its interface there (named after the link),
 * and on a segment the bridge's port that leads to it. */
struct link_end {
	struct object	*host;
	int		 ifindex;	/* in the host */
	int		 port;		/* the bridge's port (segment), or 0 */
	bool		 down;		/* taken down (ifdown) */
	bool		 port_down;	/* the bridge's port to it taken down (ifdown ... port) */
};

struct link {
	struct object	 base;
	unsigned	 number;
	char		 ifname[IF_NAMESIZE];
	struct link_end	 ends[LINK_HOSTS_MAX];
	size_t		 nends;
	struct netns	 sw;		/* a segment: the bridge's namespace; nsfd -1 */
	int		 bridge;	/* its ifindex in sw */
	bool		 snooping, querier;
	int64_t		 querier_at;	/* when the querier was turned on (now_ns) */
	uint64_t	 rate;		/* tbf's, bytes a second; 0: none */
	int64_t		 delay_ns;	/* netem's, where the kernel has it */
	uint32_t	 loss_ppm;
	bool		 removed;
};

extern const struct mechanism host_mechanism;
extern const struct mechanism link_mechanism;
extern const struct lab_module net_module;

static struct host *
host_of(const struct object *o)
{
	return OBJECT_OF(o, struct host);
}

static struct link *
link_of(const struct object *o)
{
	return OBJECT_OF(o, struct link);
}

static struct net_state *
net_state(struct lab *lab)
{
	return lab_module_state(lab, &net_module);
}

struct object *
host_by_name(struct lab *lab, const char *name)
{
	struct object	*o = lab_object(lab, name);

	return o != NULL && o->mech == &host_mechanism ? o : NULL;
}

/* The links o (a host) is on, in the order they were made: the
 * lab's objects are kept in that order. */
static size_t
host_links(const struct object *o, struct object **out, size_t max)
{
	struct lab	*lab = o->lab;
	struct link	*l;
	size_t		 i, j, n = 0;

	for (i = 0; i < lab->nobjects && n < max; i++) {
		if (lab->objects[i]->mech != &link_mechanism)
			continue;
		l = link_of(lab->objects[i]);
		if (l->removed)
			continue;
		for (j = 0; j < l->nends; j++) {
			if (l->ends[j].host == o) {
				out[n++] = &l->base;
				break;
			}
		}
	}
	return n;
}

static struct link_end *
link_end_of(struct link *l, const struct object *host)
{
	size_t	 i;

	for (i = 0; i < l->nends; i++) {
		if (l->ends[i].host == host)
			return &l->ends[i];
	}
	return NULL;
}

/* Host k's address on link N. */
static void
link_addr(unsigned n, unsigned k, int family, void *addr)
{
	struct in_addr	*in = addr;
	struct in6_addr	*in6 = addr;

	if (family == AF_INET) {
		in->s_addr = htonl(0xc6120000u | (n << 8) | k);	/* 198.18.N.k */
		return;
	}
	memset(in6, 0, sizeof *in6);
	in6->s6_addr[0] = 0x20;		/* 2001:2:0:N::k */
	in6->s6_addr[1] = 0x01;
	in6->s6_addr[3] = 0x02;
	in6->s6_addr[6] = (uint8_t)(n >> 8);
	in6->s6_addr[7] = (uint8_t)n;
	in6->s6_addr[14] = (uint8_t)(k >> 8);
	in6->s6_addr[15] = (uint8_t)k;
}

static void
addr_text(int family, const void *addr, char *out, size_t len)
{
	if (inet_ntop(family, addr, out, (socklen_t)len) == NULL)
		snprintf(out, len, "?");
}

/* Host k's address on link N, as text. */
static void
link_addr_text(unsigned n, unsigned k, int family, char *out, size_t len)
{
	struct in6_addr	 a;	/* room for either */

	link_addr(n, k, family, &a);
	addr_text(family, &a, out, len);
}

uint64_t
host_netns(const struct object *o)
{
	return host_of(o)->ns.ino;
}

bool
host_address(struct object *o, int family, const struct object *from, void *addr, char **cause)
{
	struct object	*links[LINKS_MAX];
	struct link	*l;
	size_t		 n, i;

	if (host_of(o)->removed) {
		*cause = xasprintf("%s was removed", o->name);
		return false;
	}
	if (from == o) {
		/* A host to itself: its loopback. */
		if (family == AF_INET)
			((struct in_addr *)addr)->s_addr = htonl(INADDR_LOOPBACK);
		else
			*(struct in6_addr *)addr = in6addr_loopback;
		return true;
	}
	n = host_links(o, links, nitems(links));
	if (n == 0) {
		*cause = xasprintf("%s has no link, so no address but its loopback: link it "
		    "(link %s h2)", o->name, o->name);
		return false;
	}
	l = link_of(links[0]);
	for (i = 0; from != NULL && i < n; i++) {
		if (link_end_of(link_of(links[i]), from) != NULL) {
			l = link_of(links[i]);
			break;
		}
	}
	link_addr(l->number, host_of(o)->number, family, addr);
	return true;
}

/* A cause from a request on a host's rtnetlink socket: what was asked,
 * errno, and what the kernel said besides. */
static char *
rtnl_cause(const char *what, const struct rtnl_err *e)
{
	if (e->msg[0] != '\0')
		return xasprintf("%s: %s (the kernel says: %s)", what, errno_str(e->err), e->msg);
	return xasprintf("%s: %s (%s)", what, errno_str(e->err), strerror(e->err));
}

/* --- the user namespace --- */

/* The user namespace hosts are made in, for a lab without the
 * privilege to make network namespaces of its own: -2 (and *cause) when
 * it cannot be made, -1 when none is needed. */
static int
net_userns(struct lab *lab, char **cause)
{
	struct net_state	*st = net_state(lab);
	const char		*step = "";

	if (st->userns != -1)
		return st->userns;
	if (geteuid() == 0)
		return -1;
	if (st->userns_why != NULL) {
		*cause = xstrdup(st->userns_why);
		return -2;
	}
	st->userns = userns_make(&step);
	if (st->userns == -1) {
		st->userns_why = xasprintf("hosts are network namespaces, and as an ordinary user the "
		    "lab makes them inside a user namespace of its own, which this kernel refused: "
		    "%s: %s (%s): run ipcscope as root for hosts", step, errno_str(errno),
		    errno == ENOSPC ? "no more user namespaces may be made: the limit, "
		    "user.max_user_namespaces, is reached or is 0" : errno == EPERM ?
		    "not permitted: unprivileged user namespaces are off "
		    "(kernel.unprivileged_userns_clone), or a security module forbids them" :
		    strerror(errno));
		*cause = xstrdup(st->userns_why);
		return -2;
	}
	return st->userns;
}

/* A namespace for a host or a segment: as root directly; otherwise (or
 * when root may not: a container) inside the lab's user namespace. */
static bool
net_make(struct lab *lab, struct netns *ns, char **cause)
{
	const char	*step = "";
	int		 userns;

	userns = net_userns(lab, cause);
	if (userns == -2)
		return false;
	if (netns_make(userns, ns, &step))
		return true;
	if (userns == -1 && errno == EPERM) {
		/* Root without CAP_SYS_ADMIN (a container): as a user does. */
		if ((userns = userns_make(&step)) != -1) {
			net_state(lab)->userns = userns;
			if (netns_make(userns, ns, &step))
				return true;
		}
	}
	*cause = xasprintf("cannot make a network namespace: %s: %s (%s)", step, errno_str(errno),
	    strerror(errno));
	return false;
}

/* --- hosts --- */

/* Whether the kernel tells a socket's network namespace (the actors'
 * rule for every address rests on it). */
static bool
netns_cookie_works(void)
{
#ifdef SO_NETNS_COOKIE
	uint64_t	 cookie = 0;
	socklen_t	 len = sizeof cookie;
	bool		 ok;
	int		 s;

	if ((s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return false;
	ok = getsockopt(s, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) == 0 && cookie != 0;
	close(s);
	return ok;
#else
	return false;
#endif
}

static void
host_close(struct object *o)
{
	struct host	*h = host_of(o);

	if (h->ns.diag != -1)
		netdiag_source_drop(&o->lab->net, h->ns.diag);
	netns_close(&h->ns);
	o->lab->net.valid = false;
}

/* The living actors inside host o, named in b; how many. */
static size_t
host_actors(const struct object *o, struct buf *b, bool living)
{
	struct lab	*lab = o->lab;
	struct actor	*a;
	size_t		 i, n = 0;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->is_thread || a->place != o)
			continue;
		if (living && a->life != ACTOR_ALIVE)
			continue;
		if (b != NULL)
			buf_printf(b, "%s%s", n > 0 ? ", " : "", a->name);
		n++;
	}
	return n;
}

static struct object *
host_new(struct lab *lab, const char *name, char **cause)
{
	struct net_state	*st = net_state(lab);
	struct netns		 ns;
	struct object		*o;
	struct host		*h;
	struct desc		*d;

	if (!lab_name_free(lab, name, cause))
		return NULL;
	if (st->hosts >= HOSTS_MAX) {
		*cause = xasprintf("the lab numbers %d hosts at most (host k is .k on its links); "
		    "reset starts again", HOSTS_MAX);
		return NULL;
	}
	if (!lab_fd_room("a host", 5, cause))
		return NULL;
	if (!netns_cookie_works()) {
		*cause = xstrdup("this kernel cannot say which network namespace a socket is in "
		    "(SO_NETNS_COOKIE, Linux 5.14 and later), and without it the lab could not "
		    "keep the loopback rule for the machine's own sockets: no hosts here");
		return NULL;
	}
	if (!net_make(lab, &ns, cause))
		return NULL;
	o = lab_object_new(lab, name, &host_mechanism, NULL);
	o->created = true;
	h = host_of(o);
	h->ns = ns;
	h->number = ++st->hosts;
	if (h->ns.diag != -1)
		netdiag_source_add(&lab->net, h->ns.diag, h->ns.ino);
	lab->net.valid = false;
	d = desc_new();
	desc_uint(d, "namespace", h->ns.ino);
	desc_uint(d, "number", h->number);
	lab_record(lab, RECORD_NET, name, REC_INFO, d, "host %s: a network namespace "
	    "(net:[%" PRIu64 "]), loopback up, no route out%s", name, h->ns.ino,
	    st->userns >= 0 ? ", inside the lab's user namespace" : "");
	return o;
}

static ssize_t
host_place(struct object *o, struct actor_enter *enter, size_t max, char **cause)
{
	struct host	*h = host_of(o);
	int		 userns = net_state(o->lab)->userns;
	size_t		 n = 0;

	if (h->removed || h->ns.nsfd == -1) {
		*cause = xasprintf("%s was removed", o->name);
		return -1;
	}
	if (max < 2)
		return -1;
	if (userns >= 0)
		enter[n++] = (struct actor_enter){ userns, CLONE_NEWUSER };
	enter[n++] = (struct actor_enter){ h->ns.nsfd, CLONE_NEWNET };
	return (ssize_t)n;
}

/* The groups of a family (0: both) the kernel keeps for the host's
 * interfaces, read now: the table (freed by the caller), and how many. */
static size_t
host_groups(struct object *o, int family, struct igmp_group **g)
{
	struct host	*h = host_of(o);
	size_t		 n = 0;
	char		 buf[8192];
	ssize_t		 len;

	*g = NULL;
	if (family != AF_INET6 && (len = pread(h->ns.igmp, buf, sizeof buf - 1, 0)) > 0)
		procparse_igmp(buf, (size_t)len, AF_INET, g, &n);
	if (family != AF_INET && h->ns.igmp6 != -1 &&
	    (len = pread(h->ns.igmp6, buf, sizeof buf - 1, 0)) > 0)
		procparse_igmp(buf, (size_t)len, AF_INET6, g, &n);
	return n;
}

/* Whether host o is a member of the group on interface dev (NULL: on
 * any). */
static bool
joined_on(struct object *o, int family, const void *group, const char *dev)
{
	struct igmp_group	*g;
	size_t			 n, i;
	bool			 yes = false;

	if (host_of(o)->removed)
		return false;
	n = host_groups(o, family, &g);
	for (i = 0; i < n && !yes; i++)
		yes = g[i].family == family && g[i].users > 0 &&
		    memcmp(g[i].addr, group, family == AF_INET ? 4 : 16) == 0 &&
		    (dev == NULL || strcmp(g[i].dev, dev) == 0);
	free(g);
	return yes;
}

bool
host_joined(struct object *o, int family, const void *group)
{
	return joined_on(o, family, group, NULL);
}

/* The kernel's timer that ends a new querier's wait may fire up to
 * two thirds of a second late (a long timer's granularity): the lab
 * takes a second more to be sure. */
#define QUERIER_SLACK_MS	1000

/* Whether the segment's bridge forwards by what it heard: snooping, a
 * querier, and the querier on long enough (the time it gives members
 * to answer) for the kernel to trust the table. Otherwise it sends
 * every group to every port. */
static bool
bridge_filters(const struct link *l)
{
	return l->nends > 2 && !l->removed && l->snooping && l->querier &&
	    now_ns() - l->querier_at >= ((int64_t)RTNL_QUERY_RESPONSE_MS + QUERIER_SLACK_MS) *
	    1000000;
}

/* Whether the bridge's table has the group on port. */
static bool
port_heard(const struct rtnl_mdb *m, size_t n, int family, const void *group, int port)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (m[i].port == port && m[i].family == family &&
		    memcmp(m[i].group, group, family == AF_INET ? 4 : 16) == 0)
			return true;
	}
	return false;
}

/* The link a group's datagram from host o leaves by: the one its
 * interface (ifname: a name or o's address on it) names, or else the
 * multicast route's (IPv4), or o's only link; NULL when none or it
 * cannot tell. */
static struct link *
sending_link(struct object *o, int family, const char *ifname)
{
	struct object	*links[LINKS_MAX];
	struct link	*l;
	size_t		 n, i;
	char		 a[INET6_ADDRSTRLEN];

	n = host_links(o, links, LINKS_MAX);
	if (ifname == NULL)
		return family == AF_INET && host_of(o)->mroute != NULL ?
		    link_of(host_of(o)->mroute) : n == 1 ? link_of(links[0]) : NULL;
	for (i = 0; i < n; i++) {
		l = link_of(links[i]);
		link_addr_text(l->number, host_of(o)->number, AF_INET, a, sizeof a);
		if (strcmp(l->ifname, ifname) == 0 || strcmp(a, ifname) == 0)
			return l;
	}
	return NULL;
}

/* A group every host's interface is in by itself, which a snooping
 * bridge sends to every port: 224.0.0.0/24, ff02::1. */
static bool
group_floods(int family, const uint8_t *g)
{
	static const uint8_t	 all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };

	return family == AF_INET ? g[0] == 224 && g[1] == 0 && g[2] == 0 :
	    memcmp(g, all_nodes, sizeof all_nodes) == 0;
}

void
host_unheard(struct object *from, int family, const void *group, const char *ifname,
    struct buf *note)
{
	struct link	*l;
	struct link_end	*end, *own;
	struct rtnl_mdb	*m;
	struct buf	 unheard, heard;
	size_t		 n, j, nu = 0;
	char		 g[INET6_ADDRSTRLEN];

	if ((l = sending_link(from, family, ifname)) == NULL || !bridge_filters(l) ||
	    group_floods(family, group) || (own = link_end_of(l, from)) == NULL ||
	    own->down || own->port_down || !rtnl_mdb_list(l->sw.rtnl, l->bridge, &m, &n, NULL))
		return;
	buf_init(&unheard);
	buf_init(&heard);
	for (j = 0; j < l->nends; j++) {
		end = &l->ends[j];
		if (end == own || end->down || end->port_down)
			continue;
		if (port_heard(m, n, family, group, end->port))
			buf_printf(&heard, "%s%s", heard.len > 0 ? ", " : "", end->host->name);
		else if (joined_on(end->host, family, group, l->ifname)) {
			buf_printf(&unheard, "%s%s", unheard.len > 0 ? ", " : "", end->host->name);
			nu++;
		}
	}
	if (nu > 0) {
		addr_text(family, group, g, sizeof g);
		buf_printf(note, "%sthe bridge of %s snoops and heard no report for %s from %s: it "
		    "sends the group %s%s, so %s %s no copy until %s again",
		    note->len > 0 ? "; " : "", l->base.name, g, unheard.data,
		    heard.len > 0 ? "only to " : "to no port", heard.data != NULL ? heard.data : "",
		    unheard.data, nu == 1 ? "gets" : "get", nu == 1 ? "it reports" : "they report");
	}
	buf_free(&unheard);
	buf_free(&heard);
	free(m);
}

/* The multicast groups the kernel keeps for the host's interfaces
 * (its /proc/net/igmp and igmp6), but those every interface joins by
 * itself (all hosts, solicited nodes). */
static void
describe_groups(struct object *o, struct desc *d)
{
	struct igmp_group	*g;
	size_t			 n, i;
	char			 a[INET6_ADDRSTRLEN];
	const uint8_t		*b;

	n = host_groups(o, 0, &g);
	desc_list(d, "groups");
	for (i = 0; i < n; i++) {
		b = g[i].addr;
		if (g[i].family == AF_INET && b[0] == 224 && b[1] == 0 && b[2] == 0 && b[3] == 1)
			continue;	/* 224.0.0.1: all hosts */
		if (g[i].family == AF_INET6 && b[0] == 0xff && (b[1] & 0x0f) <= 2 &&
		    (b[11] == 0x01 || (b[15] == 1 && b[14] == 0 && b[13] == 0)))
			continue;	/* ff02::1, ff01::1, ff02::1:ffXX:XXXX */
		addr_text(g[i].family, g[i].addr, a, sizeof a);
		desc_group(d, NULL);
		desc_word(d, "group", a);
		desc_word(d, "interface", g[i].dev);
		desc_uint(d, "users", g[i].users);
		desc_close(d);
	}
	desc_close(d);
	free(g);
}

static const char *
link_state_word(const struct rtnl_link *rl)
{
	if (!(rl->flags & IFF_UP))
		return "down";
	if (!rl->carrier)
		return "no-carrier";
	return "up";
}

/* One of a host's interfaces, found in ls (its namespace's, n of them)
 * by ifindex; err says why when it is not there (ls NULL: the dump
 * failed). */
static void
describe_interface(struct desc *d, const struct rtnl_link *ls, size_t nls, int err,
    int ifindex, const char *link, unsigned n, unsigned k)
{
	const struct rtnl_link	*rl = NULL;
	char			 a[INET6_ADDRSTRLEN + 8];
	size_t			 i;

	for (i = 0; i < nls && rl == NULL; i++) {
		if (ls[i].ifindex == ifindex)
			rl = &ls[i];
	}
	desc_group(d, NULL);
	if (rl == NULL) {
		desc_int(d, "index", ifindex);
		desc_text(d, "error", "%s", errno_str(ls != NULL ? ENODEV : err));
		desc_close(d);
		return;
	}
	desc_word(d, "name", rl->name);
	desc_word(d, "state", link_state_word(rl));
	if (link != NULL) {
		if (strcmp(link, rl->name) != 0)
			desc_word(d, "link", link);	/* a name too long for an interface */
		link_addr_text(n, k, AF_INET, a, sizeof a);
		desc_text(d, "address", "%s/24", a);
		link_addr_text(n, k, AF_INET6, a, sizeof a);
		desc_text(d, "address6", "%s/64", a);
	} else {
		desc_word(d, "address", "127.0.0.1/8");
		desc_word(d, "address6", "::1/128");
	}
	desc_uint(d, "rx_packets", rl->rx_packets);
	desc_uint(d, "tx_packets", rl->tx_packets);
	desc_uint(d, "rx_dropped", rl->rx_dropped);
	desc_uint(d, "tx_dropped", rl->tx_dropped);
	desc_close(d);
}

static void
host_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct host	*h = host_of(o);
	struct object	*links[LINKS_MAX];
	struct link	*l;
	struct rtnl_link *ls;
	struct rtnl_err	 e;
	struct buf	 who;
	size_t		 nlinks, nactors, nls, i;
	char		 a[INET_ADDRSTRLEN];

	desc_word(d, "kind", "host");
	buf_init(&who);
	nactors = host_actors(o, &who, true);
	nlinks = h->removed ? 0 : host_links(o, links, nitems(links));
	if (h->removed)
		desc_text(d, "summary", "removed%s%s", nactors > 0 ? "; still inside: " : "",
		    nactors > 0 ? who.data : "");
	else if (nlinks == 0)
		desc_text(d, "summary", "%zu actor%s, no link (loopback only)", nactors,
		    nactors == 1 ? "" : "s");
	else {
		link_addr_text(link_of(links[0])->number, h->number, AF_INET, a, sizeof a);
		desc_text(d, "summary", "%zu actor%s, %zu link%s, %s%s", nactors,
		    nactors == 1 ? "" : "s", nlinks, nlinks == 1 ? "" : "s", a,
		    nlinks > 1 ? "..." : "");
	}
	desc_word(d, "state", h->removed ? "removed" : "up");
	desc_uint(d, "number", h->number);
	if (h->ns.ino != 0)
		desc_text(d, "namespace", "net:[%" PRIu64 "]", h->ns.ino);
	desc_list(d, "actors");
	for (i = 0; i < o->lab->nactors; i++) {
		if (!o->lab->actors[i]->is_thread && o->lab->actors[i]->place == o)
			desc_word(d, NULL, o->lab->actors[i]->name);
	}
	desc_close(d);
	buf_free(&who);
	if (h->removed || detail == DETAIL_SUMMARY)
		return;
	/* Every interface in one dump. */
	e.err = 0;
	if (!rtnl_link_list(h->ns.rtnl, &ls, &nls, &e))
		ls = NULL;
	desc_list(d, "interfaces");
	describe_interface(d, ls, nls, e.err, 1, NULL, 0, 0);
	for (i = 0; i < nlinks; i++) {
		l = link_of(links[i]);
		describe_interface(d, ls, nls, e.err, link_end_of(l, o)->ifindex, l->base.name,
		    l->number, h->number);
	}
	desc_close(d);
	free(ls);
	if (h->mroute != NULL && link_end_of(link_of(h->mroute), o)->down)
		desc_text(d, "multicast_route", "none: %s is down (224.0.0.0/4 comes back with it)",
		    h->mroute->name);
	else if (h->mroute != NULL)
		desc_text(d, "multicast_route", "224.0.0.0/4 through %s", h->mroute->name);
	else
		desc_word(d, "multicast_route", "none (no link: a join must name an interface)");
	describe_groups(o, d);
}

/* For the topology: the hosts each link of this one joins it to, drawn
 * connected as sockets are. */
static void
host_describe_links(struct object *o, struct desc *d)
{
	struct object	*links[LINKS_MAX];
	struct link	*l;
	size_t		 n, i, j;

	if (host_of(o)->removed)
		return;
	n = host_links(o, links, nitems(links));
	desc_list(d, "peers");
	for (i = 0; i < n; i++) {
		l = link_of(links[i]);
		for (j = 0; j < l->nends; j++) {
			if (l->ends[j].host == o)
				continue;
			desc_group(d, NULL);
			desc_text(d, "end", "%s %s", o->name, l->base.name);
			desc_text(d, "peer", "%s %s", l->ends[j].host->name, l->base.name);
			desc_word(d, "peer_object", l->ends[j].host->name);
			desc_close(d);
		}
	}
	desc_close(d);
}

/* Removed, and no process inside is left in the kernel (the reaped
 * ones that are still listed let go of it when it is dropped). */
static bool
host_gone(struct object *o)
{
	struct lab	*lab = o->lab;
	size_t		 i;

	if (!host_of(o)->removed)
		return false;
	for (i = 0; i < lab->nactors; i++) {
		if (!lab->actors[i]->is_thread && lab->actors[i]->place == o &&
		    lab->actors[i]->life != ACTOR_REAPED)
			return false;
	}
	return true;
}

static const char *
host_kept_why(struct object *o)
{
	if (!host_of(o)->removed)
		return "it is up: remove it first";
	return "a process inside it is still in the kernel (a zombie: reap it)";
}

/* --- links --- */

/* Whether an interface called name is in one of l's hosts already: lo,
 * or another link's. */
static bool
ifname_taken(const struct link *l, const char *name)
{
	struct lab	*lab = l->base.lab;
	struct link	*o;
	size_t		 i, j, k;

	if (strcmp(name, "lo") == 0)
		return true;
	for (i = 0; i < lab->nobjects; i++) {
		if (lab->objects[i]->mech != &link_mechanism)
			continue;
		o = link_of(lab->objects[i]);
		if (o == l || o->removed || strcmp(o->ifname, name) != 0)
			continue;
		for (j = 0; j < o->nends; j++) {
			for (k = 0; k < l->nends; k++) {
				if (o->ends[j].host == l->ends[k].host)
					return true;
			}
		}
	}
	return false;
}

/* A link's interface name in each host: its own name if it fits and no
 * interface of those hosts has it, else lN (N its number), else lN.M. */
static void
link_ifname(struct link *l, const char *name)
{
	unsigned	 m;

	if (strlen(name) < sizeof l->ifname && !ifname_taken(l, name)) {
		snprintf(l->ifname, sizeof l->ifname, "%s", name);
		return;
	}
	snprintf(l->ifname, sizeof l->ifname, "l%u", l->number);
	for (m = 1; ifname_taken(l, l->ifname) && m < 1000; m++)
		snprintf(l->ifname, sizeof l->ifname, "l%u.%u", l->number, m);
}

/* The multicast route of host o through link l, if it has none yet: a
 * host's first link carries it, as a machine's default route would. */
static void
host_mroute(struct object *o, struct link *l, int ifindex)
{
	struct host	*h = host_of(o);
	struct rtnl_err	 e;
	struct in_addr	 group = { htonl(0xe0000000u) };

	if (h->mroute != NULL)
		return;
	if (rtnl_route_add(h->ns.rtnl, AF_INET, &group, 4, ifindex, &e))
		h->mroute = &l->base;
}

/* Addresses and the interface up: host o's end of l. */
static bool
link_end_setup(struct link *l, struct link_end *end, char **cause)
{
	struct host	*h = host_of(end->host);
	struct rtnl_err	 e;
	struct in_addr	 in;
	struct in6_addr	 in6;

	if (!rtnl_link_index(h->ns.rtnl, l->ifname, &end->ifindex, &e)) {
		*cause = rtnl_cause("cannot find the link's interface", &e);
		return false;
	}
	link_addr(l->number, h->number, AF_INET, &in);
	if (!rtnl_addr_add(h->ns.rtnl, end->ifindex, AF_INET, &in, 24, &e)) {
		*cause = rtnl_cause("cannot give it its address", &e);
		return false;
	}
	link_addr(l->number, h->number, AF_INET6, &in6);
	(void)rtnl_addr_add(h->ns.rtnl, end->ifindex, AF_INET6, &in6, 64, &e);	/* IPv6 may be off */
	if (!rtnl_link_set_up(h->ns.rtnl, end->ifindex, true, &e)) {
		*cause = rtnl_cause("cannot bring it up", &e);
		return false;
	}
	host_mroute(end->host, l, end->ifindex);
	return true;
}

/* The bridge's port to host k of a segment: named after the host, but
 * for the names the segment's namespace has already (lo, br0) and those
 * of the form pN, which name the ports of hosts whose names do not fit. */
static void
port_name(const struct object *host, char *out, size_t len)
{
	const char	*n = host->name;

	if (strlen(n) < len && strcmp(n, "lo") != 0 && strcmp(n, "br0") != 0 &&
	    !(n[0] == 'p' && n[1] != '\0' && strspn(n + 1, "0123456789") == strlen(n + 1)))
		snprintf(out, len, "%s", n);
	else
		snprintf(out, len, "p%u", host_of(host)->number);
}

static bool
link_build(struct link *l, char **cause)
{
	struct rtnl_err	 e;
	struct host	*a = host_of(l->ends[0].host), *b;
	char		 port[IF_NAMESIZE];
	size_t		 i;

	if (l->nends == 2) {
		b = host_of(l->ends[1].host);
		if (!rtnl_veth_add(a->ns.rtnl, l->ifname, l->ifname, b->ns.nsfd, &e)) {
			*cause = rtnl_cause("cannot make a veth pair", &e);
			return false;
		}
		return link_end_setup(l, &l->ends[0], cause) && link_end_setup(l, &l->ends[1], cause);
	}
	if (!net_make(l->base.lab, &l->sw, cause))
		return false;
	if (!rtnl_bridge_add(l->sw.rtnl, "br0", l->snooping, l->querier, &e) ||
	    !rtnl_link_index(l->sw.rtnl, "br0", &l->bridge, &e)) {
		*cause = rtnl_cause("cannot make the segment's bridge", &e);
		return false;
	}
	for (i = 0; i < l->nends; i++) {
		b = host_of(l->ends[i].host);
		port_name(l->ends[i].host, port, sizeof port);
		if (!rtnl_veth_add(l->sw.rtnl, port, l->ifname, b->ns.nsfd, &e) ||
		    !rtnl_link_index(l->sw.rtnl, port, &l->ends[i].port, &e) ||
		    !rtnl_link_master(l->sw.rtnl, l->ends[i].port, l->bridge, &e) ||
		    !rtnl_link_set_up(l->sw.rtnl, l->ends[i].port, true, &e)) {
			*cause = rtnl_cause("cannot join a host to the segment's bridge", &e);
			return false;
		}
		if (!link_end_setup(l, &l->ends[i], cause))
			return false;
	}
	if (!rtnl_link_set_up(l->sw.rtnl, l->bridge, true, &e)) {
		*cause = rtnl_cause("cannot bring the bridge up", &e);
		return false;
	}
	return true;
}

/* Take the link apart: its veths (a pair goes with either end), the
 * segment's namespace with its bridge; the multicast routes through it
 * move to each host's next link. */
static void
link_teardown(struct link *l)
{
	struct object	*links[LINKS_MAX];
	struct rtnl_err	 e;
	struct host	*h;
	struct link_end	*end;
	size_t		 i, n;

	for (i = 0; i < l->nends; i++) {
		h = host_of(l->ends[i].host);
		if (l->ends[i].ifindex > 0 && h->ns.rtnl != -1)
			(void)rtnl_link_del(h->ns.rtnl, l->ends[i].ifindex, &e);
		l->ends[i].ifindex = 0;
	}
	netns_close(&l->sw);
	l->removed = true;
	for (i = 0; i < l->nends; i++) {
		h = host_of(l->ends[i].host);
		if (h->mroute != &l->base)
			continue;
		h->mroute = NULL;
		n = host_links(l->ends[i].host, links, nitems(links));
		if (n > 0 && (end = link_end_of(link_of(links[0]), l->ends[i].host)) != NULL)
			host_mroute(l->ends[i].host, link_of(links[0]), end->ifindex);
	}
}

/* The lab's object o takes over the link built in tmp, which is freed:
 * the multicast routes that name tmp name o. */
static void
link_adopt(struct link *l, struct link *tmp)
{
	struct object	 base = l->base;
	size_t		 i;

	*l = *tmp;
	l->base = base;
	for (i = 0; i < l->nends; i++) {
		if (host_of(l->ends[i].host)->mroute == &tmp->base)
			host_of(l->ends[i].host)->mroute = &l->base;
	}
	free(tmp->base.name);
	free(tmp);
}


static void
rate_text(uint64_t rate, char *out, size_t len)
{
	uint64_t	 bits = rate * 8;

	if (bits >= 1000000000 && bits % 1000000000 == 0)
		snprintf(out, len, "%" PRIu64 "gbit", bits / 1000000000);
	else if (bits >= 1000000 && bits % 1000000 == 0)
		snprintf(out, len, "%" PRIu64 "mbit", bits / 1000000);
	else if (bits >= 1000 && bits % 1000 == 0)
		snprintf(out, len, "%" PRIu64 "kbit", bits / 1000);
	else
		snprintf(out, len, "%" PRIu64 "bit", bits);
}

/* qsort: a bridge's table by group (IPv4 first). */
static int
mdb_cmp(const void *a, const void *b)
{
	const struct rtnl_mdb	*x = a, *y = b;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return memcmp(x->group, y->group, sizeof x->group);
}

/* The groups the segment's bridge heard reports for, in order, each
 * with the hosts whose ports reported it; not the bridge's own, nor
 * IPv6's solicited-node groups (every address has one). */
static void
describe_heard(const struct link *l, struct desc *d)
{
	static const uint8_t	 solicited[13] = { 0xff, 0x02, [11] = 0x01, [12] = 0xff };
	struct rtnl_mdb	*m;
	struct buf	 who;
	size_t		 n, i, k;
	char		 g[INET6_ADDRSTRLEN];

	if (!rtnl_mdb_list(l->sw.rtnl, l->bridge, &m, &n, NULL))
		return;
	if (n > 1)
		qsort(m, n, sizeof *m, mdb_cmp);
	desc_list(d, "heard");
	for (i = 0; i < n; i++) {
		/* Once per group (at the first of its entries, which the
		 * sort puts together), not a solicited-node one. */
		if ((i > 0 && mdb_cmp(&m[i - 1], &m[i]) == 0) || (m[i].family == AF_INET6 &&
		    memcmp(m[i].group, solicited, sizeof solicited) == 0))
			continue;
		/* The hosts in the link's order, each whose port reported it
		 * (the bridge's own port is none of them). */
		buf_init(&who);
		for (k = 0; k < l->nends; k++) {
			if (port_heard(m + i, n - i, m[i].family, m[i].group, l->ends[k].port))
				buf_printf(&who, "%s%s", who.len > 0 ? ", " : "",
				    l->ends[k].host->name);
		}
		if (who.len > 0) {
			addr_text(m[i].family, m[i].group, g, sizeof g);
			desc_group(d, NULL);
			desc_word(d, "group", g);
			desc_text(d, "from", "%s", who.data);
			desc_close(d);
		}
		buf_free(&who);
	}
	desc_close(d);
	free(m);
}

static void
link_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct link		*l = link_of(o);
	struct link_end		*end;
	struct rtnl_link	 rl[LINK_HOSTS_MAX];
	const char		*ends[LINK_HOSTS_MAX];
	struct rtnl_qdisc	 q;
	struct rtnl_err		 e;
	struct buf		 hosts;
	const char		*state = "up", *s;
	char			 a[INET6_ADDRSTRLEN + 8], rate[32];
	size_t			 i;

	desc_word(d, "kind", "link");
	buf_init(&hosts);
	/* Each end read once: its state here, its counters below. */
	for (i = 0; i < l->nends; i++) {
		buf_printf(&hosts, "%s%s", i > 0 ? (l->nends == 2 ? " - " : ", ") : "",
		    l->ends[i].host->name);
		if (l->removed)
			s = "removed";
		else if (!rtnl_link_get(host_of(l->ends[i].host)->ns.rtnl, l->ends[i].ifindex,
		    &rl[i], &e))
			s = "?";
		else
			s = link_state_word(&rl[i]);
		ends[i] = s;
		if (strcmp(s, "up") != 0 && strcmp(state, "up") == 0)
			state = s;
	}
	rate_text(l->rate, rate, sizeof rate);
	desc_text(d, "summary", "%s%s: 198.18.%u.0/24, %s%s%s", l->nends > 2 ? "segment " : "",
	    hosts.data, l->number, state, l->rate != 0 ? ", rate " : "", l->rate != 0 ? rate : "");
	buf_free(&hosts);
	desc_word(d, "state", state);
	desc_word(d, "type", l->nends > 2 ? "segment" : "pair");
	desc_text(d, "network", "198.18.%u.0/24", l->number);
	desc_text(d, "network6", "2001:2:0:%u::/64", l->number);
	desc_word(d, "interface", l->ifname);
	if (l->rate != 0)
		desc_word(d, "rate", rate);
	if (l->delay_ns != 0)
		desc_duration(d, "delay", l->delay_ns);
	if (l->loss_ppm != 0)
		desc_text(d, "loss", "%u.%04u%%", l->loss_ppm / 10000, l->loss_ppm % 10000);
	desc_list(d, "ends");
	for (i = 0; i < l->nends; i++) {
		end = &l->ends[i];
		desc_group(d, NULL);
		desc_word(d, "host", end->host->name);
		link_addr_text(l->number, host_of(end->host)->number, AF_INET, a, sizeof a);
		desc_word(d, "address", a);
		if (detail == DETAIL_FULL) {
			link_addr_text(l->number, host_of(end->host)->number, AF_INET6, a, sizeof a);
			desc_word(d, "address6", a);
		}
		desc_word(d, "state", ends[i]);
		if (detail == DETAIL_FULL && !l->removed && strcmp(ends[i], "?") != 0) {
			desc_uint(d, "tx_packets", rl[i].tx_packets);
			desc_uint(d, "rx_packets", rl[i].rx_packets);
			desc_uint(d, "tx_dropped", rl[i].tx_dropped);
			desc_uint(d, "rx_dropped", rl[i].rx_dropped);
			if (rtnl_qdisc_get(host_of(end->host)->ns.rtnl, end->ifindex, &q, &e)) {
				desc_word(d, "qdisc", q.kind);
				desc_uint(d, "qdisc_drops", q.drops);
				desc_uint(d, "qdisc_backlog", q.backlog);
			}
		}
		desc_close(d);
	}
	desc_close(d);
	if (l->nends > 2) {
		desc_group(d, "bridge");
		desc_bool(d, "snooping", l->snooping);
		desc_bool(d, "querier", l->querier);
		if (l->snooping && !l->removed) {
			if (bridge_filters(l))
				desc_text(d, "forwards", "each group to the ports heard");
			else if (l->querier)
				desc_text(d, "forwards", "every group everywhere until the querier "
				    "has been on %d s", (RTNL_QUERY_RESPONSE_MS + QUERIER_SLACK_MS) /
				    1000);
			else
				desc_text(d, "forwards", "every group everywhere: no querier");
			if (detail == DETAIL_FULL)
				describe_heard(l, d);
		}
		desc_close(d);
	}
}

static bool
link_gone(struct object *o)
{
	return link_of(o)->removed;
}

static const char *
link_kept_why(struct object *o)
{
	(void)o;
	return "it is up: remove it first";
}

static void
link_destroy(struct object *o)
{
	struct link	*l = link_of(o);

	netns_close(&l->sw);
	l->removed = true;
}

static void
link_release(struct object *o)
{
	netns_close(&link_of(o)->sw);
}

/* --- verbs --- */

/* Each word of a list, one at a time: *p moves past it. */
static bool
next_word(const char **p, char *out, size_t len)
{
	const char	*s = *p;
	size_t		 n;

	while (*s == ' ')
		s++;
	n = strcspn(s, " ");
	if (n == 0)
		return false;
	snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), s);
	*p = s + n;
	return true;
}

static enum cmd_status
run_host(struct cmd_ctx *ctx)
{
	const struct arg	*names = cmd_arg(ctx->cmd, "NAMES");
	const char		*p = names->str, *q;
	char			 name[128], other[128];

	/* Every name checked before any host is made. */
	while (next_word(&p, name, sizeof name)) {
		ctx->column = names->column + (int)(p - names->str - strlen(name));
		if (!lab_name_free(ctx->lab, name, &ctx->cause))
			return CMD_ERROR;
		for (q = names->str; next_word(&q, other, sizeof other) && q < p - strlen(name);) {
			if (strcmp(other, name) == 0) {
				ctx->cause = xasprintf("%s is named twice", name);
				return CMD_ERROR;
			}
		}
	}
	ctx->column = 0;
	p = names->str;
	while (next_word(&p, name, sizeof name)) {
		if (host_new(ctx->lab, name, &ctx->cause) == NULL) {
			ctx->column = names->column + (int)(p - names->str - strlen(name));
			return CMD_ERROR;
		}
	}
	return CMD_DONE;
}

static const struct arg_spec host_args[] = {
	{ "NAMES", ARG_LIST, 0, NULL, "one or more names of new hosts" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_host = {
	.name = "host",
	.scope = CMD_LAB,
	.args = host_args,
	.summary = "make hosts: network namespaces that actors start inside",
	.help = "The lab makes each host a network namespace of its own, with its "
	    "loopback up and no route out of the machine: spawn A on h1 starts an actor "
	    "inside it, and its sockets see only that host's interfaces, addresses and "
	    "ports. link joins hosts. The namespace is held by the lab's descriptors "
	    "alone (nothing in /run/netns), so it goes when the run ends, however it "
	    "ends. As an ordinary user the hosts live inside a user namespace the lab "
	    "makes, where only your own uid and gid exist.",
	.example = "host h1 h2 h3",
	.run = run_host,
};

/* The hosts of a link command, checked: at least two, each once. */
static bool
link_hosts(struct cmd_ctx *ctx, struct object **hosts, size_t *n)
{
	const struct arg	*list = cmd_arg(ctx->cmd, "HOSTS");
	const char		*p = list->str;
	char			 name[128];
	struct object		*o;
	size_t			 i;

	*n = 0;
	while (next_word(&p, name, sizeof name)) {
		ctx->column = list->column + (int)(p - list->str - strlen(name));
		o = lab_object(ctx->lab, name);
		if (o == NULL || o->mech != &host_mechanism) {
			ctx->cause = o != NULL ? xasprintf("%s is %s, not a host", name,
			    o->mech->name) : xasprintf("no host called %s (host %s makes one)",
			    name, name);
			return false;
		}
		if (host_of(o)->removed) {
			ctx->cause = xasprintf("%s was removed", name);
			return false;
		}
		for (i = 0; i < *n; i++) {
			if (hosts[i] == o) {
				ctx->cause = xasprintf("%s is named twice: a link joins different hosts",
				    name);
				return false;
			}
		}
		if (*n == LINK_HOSTS_MAX) {
			ctx->cause = xasprintf("a segment joins %d hosts at most", LINK_HOSTS_MAX);
			return false;
		}
		hosts[(*n)++] = o;
	}
	if (*n < 2) {
		ctx->cause = xstrdup("a link joins two hosts or more: link h1 h2");
		return false;
	}
	ctx->column = 0;
	return true;
}

static bool
check_link(struct cmd_ctx *ctx)
{
	struct object	*hosts[LINK_HOSTS_MAX];
	size_t		 n;

	return link_hosts(ctx, hosts, &n);
}

static enum cmd_status
run_link(struct cmd_ctx *ctx)
{
	struct lab		*lab = ctx->lab;
	struct net_state	*st = net_state(lab);
	const struct arg	*as = cmd_arg(ctx->cmd, "as");
	struct object		*hosts[LINK_HOSTS_MAX], *o;
	struct link		*l;
	struct desc		*d;
	char			 name[32];
	unsigned		 k;
	size_t			 n, i;

	if (!link_hosts(ctx, hosts, &n))
		return CMD_ERROR;
	if (st->links >= LINKS_MAX) {
		ctx->cause = xasprintf("the lab numbers %d links at most (link N is 198.18.N.0/24); "
		    "reset starts again", LINKS_MAX);
		return CMD_ERROR;
	}
	if (as->present)
		snprintf(name, sizeof name, "%s", as->str);
	else {
		/* lN after its number, N, which its interfaces take too. */
		for (k = st->links + 1; ; k++) {
			snprintf(name, sizeof name, "l%u", k);
			if (lab_object(lab, name) == NULL && lab_actor(lab, name) == NULL)
				break;
		}
	}
	if (!lab_name_free(lab, as->present ? as->str : name, &ctx->cause)) {
		ctx->column = as->column;
		return CMD_ERROR;
	}
	if (!lab_fd_room("a segment", 5, &ctx->cause))
		return CMD_ERROR;
	/* Built first, and made an object of the lab's only once it
	 * stands: a link refused leaves nothing, not even its name. */
	l = xcalloc(1, sizeof *l);
	l->base.lab = lab;
	l->base.name = xstrdup(as->present ? as->str : name);
	l->sw.nsfd = l->sw.rtnl = l->sw.diag = l->sw.igmp = l->sw.igmp6 = -1;
	l->number = st->links + 1;
	for (i = 0; i < n; i++)
		l->ends[i].host = hosts[i];
	l->nends = n;
	link_ifname(l, l->base.name);
	if (!link_build(l, &ctx->cause)) {
		link_teardown(l);
		free(l->base.name);
		free(l);
		return CMD_ERROR;
	}
	st->links = l->number;
	o = lab_object_new(lab, l->base.name, &link_mechanism, NULL);
	link_adopt(link_of(o), l);
	o->created = true;
	l = link_of(o);
	lab->net.valid = false;
	lab_changed(lab);
	d = desc_new();
	desc_text(d, "network", "198.18.%u.0/24", l->number);
	desc_word(d, "type", n > 2 ? "segment" : "pair");
	desc_list(d, "hosts");
	for (i = 0; i < n; i++)
		desc_word(d, NULL, hosts[i]->name);
	desc_close(d);
	if (n == 2)
		lab_record(lab, RECORD_NET, o->name, REC_INFO, d, "link %s: %s 198.18.%u.%u <-> "
		    "%s 198.18.%u.%u (a veth pair, interface %s on each)", o->name, hosts[0]->name,
		    l->number, host_of(hosts[0])->number, hosts[1]->name, l->number,
		    host_of(hosts[1])->number, l->ifname);
	else
		lab_record(lab, RECORD_NET, o->name, REC_INFO, d, "link %s: a segment of %zu hosts "
		    "on 198.18.%u.0/24 through a bridge (interface %s on each)", o->name, n,
		    l->number, l->ifname);
	return CMD_DONE;
}

static const struct arg_spec link_args[] = {
	{ "HOSTS", ARG_LIST, 0, NULL, "two hosts (a veth pair), or more (a segment: a bridge)" },
	{ "as", ARG_NAME, ARG_OPTIONAL | ARG_KEYED, NULL, "the link's name (default lN, N its number)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_link = {
	.name = "link",
	.scope = CMD_LAB,
	.args = link_args,
	.summary = "join hosts: a veth pair, or a segment through a bridge",
	.help = "Two hosts are joined by a veth pair; three or more by a segment, a "
	    "bridge in a namespace of its own with a veth to each. Link N has the "
	    "networks 198.18.N.0/24 and 2001:2:0:N::/64, and host k (the k-th host "
	    "made) is .k and ::k on each of its links, on an interface named after the "
	    "link. A host's first link carries its multicast route (224.0.0.0/4). "
	    "Addresses may be written by host name: A connect t1 h2:8080. ifdown and "
	    "ifup take a link down and up, tc shapes it, snooping sets a segment's "
	    "IGMP snooping, remove takes it away.",
	.example = "link h1 h2",
	.run = run_link,
	.check = check_link,
};

/* A link of the lab's by the word of argument name. */
static struct link *
ctx_link(struct cmd_ctx *ctx, const char *argname)
{
	const struct arg	*a = cmd_arg(ctx->cmd, argname);
	struct object		*o = lab_object(ctx->lab, a->str);

	if (o == NULL || o->mech != &link_mechanism || link_of(o)->removed) {
		ctx->cause = o == NULL ? xasprintf("no link called %s (link h1 h2 makes one)", a->str) :
		    o->mech != &link_mechanism ? xasprintf("%s is %s, not a link", a->str,
		    o->mech->name) : xasprintf("%s was removed", a->str);
		ctx->column = a->column;
		return NULL;
	}
	return link_of(o);
}

/* The ends an ifdown or ifup takes: every end, or the named host's. */
static bool
updown_ends(struct cmd_ctx *ctx, struct link **lp, struct link_end **only)
{
	const struct arg	*h = cmd_arg(ctx->cmd, "HOST");
	const struct arg	*port = cmd_arg(ctx->cmd, "port");
	struct object		*o;

	if ((*lp = ctx_link(ctx, "LINK")) == NULL)
		return false;
	*only = NULL;
	if (port->present && (*lp)->nends == 2) {
		ctx->cause = xasprintf("%s is a veth pair: only a segment (three hosts or more) "
		    "has a bridge with ports", (*lp)->base.name);
		ctx->column = port->column;
		return false;
	}
	if (port->present && !h->present) {
		ctx->cause = xasprintf("port takes the host whose port it is: %s %s HOST port",
		    ctx->cmd->entry->name, (*lp)->base.name);
		ctx->column = port->column;
		return false;
	}
	if (!h->present)
		return true;
	o = host_by_name(ctx->lab, h->str);
	if (o == NULL || (*only = link_end_of(*lp, o)) == NULL) {
		ctx->cause = o == NULL ? xasprintf("no host called %s", h->str) :
		    xasprintf("%s is not on %s", h->str, (*lp)->base.name);
		ctx->column = h->column;
		return false;
	}
	return true;
}

static bool
check_updown(struct cmd_ctx *ctx)
{
	struct link	*l;
	struct link_end	*only;

	return updown_ends(ctx, &l, &only);
}

/* ifdown/ifup LINK HOST port: the bridge's port to the host, which keeps
 * its interface up, its address and routes, and sees no carrier. */
static enum cmd_status
run_port_updown(struct cmd_ctx *ctx, struct link *l, struct link_end *end, bool up)
{
	struct rtnl_err	 e;

	if (!rtnl_link_set_up(l->sw.rtnl, end->port, up, &e)) {
		ctx->cause = rtnl_cause(up ? "cannot bring the port up" : "cannot take the port down",
		    &e);
		return CMD_ERROR;
	}
	end->port_down = !up;
	lab_changed(ctx->lab);
	if (up)
		lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL,
		    "link %s: the bridge's port to %s up: %s has its carrier back; the "
		    "bridge learns its groups again only from its reports, and an IPv4 host "
		    "sends none for that (it answers the querier's query)", l->base.name,
		    end->host->name, end->host->name);
	else
		lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL,
		    "link %s: the bridge's port to %s down: %s keeps its address and routes, "
		    "sees no carrier, and what it sends is lost; the bridge forgets the "
		    "groups it heard from that port", l->base.name, end->host->name,
		    end->host->name);
	return CMD_DONE;
}

static enum cmd_status
run_updown(struct cmd_ctx *ctx, bool up)
{
	struct link	*l;
	struct link_end	*only, *end;
	struct rtnl_err	 e;
	struct buf	 who;
	size_t		 i;

	if (!updown_ends(ctx, &l, &only))
		return CMD_ERROR;
	if (cmd_arg(ctx->cmd, "port")->present)
		return run_port_updown(ctx, l, only, up);
	buf_init(&who);
	for (i = 0; i < l->nends; i++) {
		end = &l->ends[i];
		if (only != NULL && end != only)
			continue;
		if (!rtnl_link_set_up(host_of(end->host)->ns.rtnl, end->ifindex, up, &e)) {
			ctx->cause = rtnl_cause(up ? "cannot bring it up" : "cannot take it down", &e);
			buf_free(&who);
			return CMD_ERROR;
		}
		end->down = !up;
		if (up && host_of(end->host)->mroute == &l->base) {
			/* The kernel dropped the route with the interface; its
			 * address's own route comes back by itself. */
			host_of(end->host)->mroute = NULL;
			host_mroute(end->host, l, end->ifindex);
		}
		buf_printf(&who, "%s%s", who.len > 0 ? ", " : "", end->host->name);
	}
	lab_changed(ctx->lab);
	lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL, "link %s %s on %s%s",
	    l->base.name, up ? "up" : "down", who.data, up ? "" : only != NULL ?
	    ": that side has no route on it any more, and the other sees no carrier" :
	    ": no packet crosses it");
	buf_free(&who);
	return CMD_DONE;
}

static enum cmd_status
run_ifdown(struct cmd_ctx *ctx)
{
	return run_updown(ctx, false);
}

static enum cmd_status
run_ifup(struct cmd_ctx *ctx)
{
	return run_updown(ctx, true);
}

static const struct arg_spec updown_args[] = {
	{ "LINK", ARG_REF, 0, NULL, "a link" },
	{ "HOST", ARG_REF, ARG_OPTIONAL, NULL, "only this host's end of it (default: every end)" },
	{ "port", ARG_FLAG, ARG_OPTIONAL, NULL, "a segment's: the bridge's port to HOST, not HOST's interface (a cable out of the switch)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_ifdown = {
	.name = "ifdown",
	.scope = CMD_LAB,
	.args = updown_args,
	.summary = "take a link down (every end, or one host's)",
	.help = "The link's interfaces are set down (IFF_UP off), as ip link set dev "
	    "DEV down does. The host whose end is down loses its routes through it: a "
	    "send fails with ENETUNREACH, and TCP keeps what it sent queued and resends "
	    "it once the link is up again. An end left up sees no carrier, and drops "
	    "what it sends. On a segment, port takes the bridge's port to HOST down "
	    "instead: HOST keeps its interface, address and routes, sees no carrier, "
	    "and what it sends is lost (its IGMP reports too).",
	.example = "ifdown l1 h2",
	.run = run_ifdown,
	.check = check_updown,
};

static const struct cmd_entry cmd_ifup = {
	.name = "ifup",
	.scope = CMD_LAB,
	.args = updown_args,
	.summary = "bring a link up again",
	.help = "The link's interfaces are set up again; their addresses and routes "
	    "come back with them (the multicast route too).",
	.example = "ifup l1",
	.run = run_ifup,
	.check = check_updown,
};

enum tc_what { TC_RATE, TC_DELAY, TC_LOSS, TC_NONE };

static const struct arg_choice tc_words[] = {
	{ "rate", TC_RATE },
	{ "delay", TC_DELAY },
	{ "loss", TC_LOSS },
	{ "none", TC_NONE },
	{ NULL, 0 },
};

/* "1mbit", "512kbit", "1gbit", "800bit": bits a second, as tc writes
 * them; the result in bytes a second. */
static bool
parse_rate(const char *s, uint64_t *out)
{
	static const struct { const char *unit; uint64_t mult; } units[] = {
		{ "gbit", 1000000000 }, { "mbit", 1000000 }, { "kbit", 1000 }, { "bit", 1 },
	};
	char		*end;
	double		 v;
	size_t		 i;

	v = strtod(s, &end);
	if (end == s || v <= 0)
		return false;
	for (i = 0; i < nitems(units); i++) {
		if (strcmp(end, units[i].unit) == 0) {
			*out = (uint64_t)(v * (double)units[i].mult / 8);
			return *out >= 1;
		}
	}
	return false;
}

/* "5%", "0.5%" or "5": a loss in percent, as parts per million. */
static bool
parse_loss(const char *s, uint32_t *ppm)
{
	char	*end;
	double	 v;

	v = strtod(s, &end);
	if (end == s || (*end != '\0' && strcmp(end, "%") != 0) || v < 0 || v > 100)
		return false;
	*ppm = (uint32_t)(v * 10000 + 0.5);
	return true;
}

/* Take every end's shaping off; false with a cause if one refuses. */
/* tbf at rate (bytes a second) on every end, in the place of netem. */
static bool
tc_tbf(struct link *l, uint64_t rate, char **cause)
{
	struct link_end	*end;
	struct rtnl_err	 e;
	uint32_t	 burst, limit;
	size_t		 i;

	/* A burst of 10 ms at the rate (a full frame at least), and 50 ms
	 * of queue behind it. */
	burst = (uint32_t)(rate / 100 > 1600 ? rate / 100 : 1600);
	limit = burst + (uint32_t)(rate / 20);
	for (i = 0; i < l->nends; i++) {
		end = &l->ends[i];
		if (!rtnl_qdisc_tbf(host_of(end->host)->ns.rtnl, end->ifindex, rate, burst, limit,
		    &e)) {
			*cause = rtnl_cause("cannot shape it (tbf)", &e);
			return false;
		}
	}
	l->rate = rate;
	l->delay_ns = 0;
	l->loss_ppm = 0;
	return true;
}

static bool
tc_none(struct link *l, char **cause)
{
	struct link_end	*end;
	struct rtnl_err	 e;
	size_t		 i;

	for (i = 0; i < l->nends; i++) {
		end = &l->ends[i];
		if (!rtnl_qdisc_del(host_of(end->host)->ns.rtnl, end->ifindex, &e) &&
		    e.err != ENOENT && e.err != EINVAL) {
			*cause = rtnl_cause("cannot take the shaping off", &e);
			return false;
		}
	}
	l->rate = 0;
	l->delay_ns = 0;
	l->loss_ppm = 0;
	return true;
}

/* netem on every end, with the link's delay and loss: the first end's
 * answer says whether the kernel has it (nothing changed if not). */
static bool
tc_netem(struct link *l, int64_t delay_ns, uint32_t loss_ppm, const char *what, char **cause)
{
	struct link_end	*end;
	struct rtnl_err	 e;
	char		*why;
	size_t		 i;

	for (i = 0; i < l->nends; i++) {
		end = &l->ends[i];
		if (rtnl_qdisc_netem(host_of(end->host)->ns.rtnl, end->ifindex,
		    (uint32_t)(delay_ns / 1000), loss_ppm, &e))
			continue;
		if (i == 0 && (e.err == ENOENT || e.err == EOPNOTSUPP)) {
			*cause = xasprintf("%s needs netem, and this kernel has none (%s%s%s): only "
			    "rate (tbf) shapes a link here", what, errno_str(e.err),
			    e.msg[0] != '\0' ? ", the kernel says: " : "", e.msg);
			return false;
		}
		why = rtnl_cause("netem refused", &e);
		if (i > 0 && !tc_none(l, cause))
			free(*cause);
		*cause = i > 0 ? xasprintf("%s: the shaping was taken off every end", why) : why;
		if (i > 0)
			free(why);
		return false;
	}
	l->rate = 0;	/* netem takes tbf's place */
	l->delay_ns = delay_ns;
	l->loss_ppm = loss_ppm;
	return true;
}

static enum cmd_status
run_tc(struct cmd_ctx *ctx)
{
	const struct arg	*what = cmd_arg(ctx->cmd, "WHAT");
	const struct arg	*value = cmd_arg(ctx->cmd, "VALUE");
	struct link		*l;
	uint64_t		 rate = 0;
	uint32_t		 loss = 0;
	int64_t			 ns = 0;
	char			 text[32];

	if ((l = ctx_link(ctx, "LINK")) == NULL)
		return CMD_ERROR;
	if (what->num != TC_NONE && !value->present) {
		ctx->cause = xasprintf("%s needs a value: tc %s %s", what->str, l->base.name,
		    what->num == TC_RATE ? "rate 1mbit" : what->num == TC_DELAY ? "delay 50ms" :
		    "loss 5%");
		return CMD_ERROR;
	}
	switch (what->num) {
	case TC_RATE:
		if (!parse_rate(value->str, &rate)) {
			ctx->cause = xasprintf("a rate is bits a second with a unit, as tc writes it: "
			    "1mbit, 512kbit, 1gbit; not '%s'", value->str);
			ctx->column = value->column;
			return CMD_ERROR;
		}
		if (!tc_tbf(l, rate, &ctx->cause))
			return CMD_ERROR;
		break;
	case TC_DELAY:
		if (!parse_duration(value->str, &ns) || ns < 0 || ns > 60 * NS_PER_S) {
			ctx->cause = xasprintf("a delay is a duration up to a minute: 50ms, 1s; not '%s'",
			    value->str);
			ctx->column = value->column;
			return CMD_ERROR;
		}
		if (!tc_netem(l, ns, l->loss_ppm, "delay", &ctx->cause))
			return CMD_ERROR;
		break;
	case TC_LOSS:
		if (!parse_loss(value->str, &loss)) {
			ctx->cause = xasprintf("a loss is a percentage from 0 to 100: 5%%, 0.5%%; not '%s'",
			    value->str);
			ctx->column = value->column;
			return CMD_ERROR;
		}
		if (!tc_netem(l, l->delay_ns, loss, "loss", &ctx->cause))
			return CMD_ERROR;
		break;
	default:
		if (!tc_none(l, &ctx->cause))
			return CMD_ERROR;
		break;
	}
	lab_changed(ctx->lab);
	rate_text(rate, text, sizeof text);
	switch (what->num) {
	case TC_RATE:
		lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL,
		    "link %s: rate %s each way (tbf)", l->base.name, text);
		break;
	case TC_NONE:
		lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL,
		    "link %s: shaping off", l->base.name);
		break;
	default:
		lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL,
		    "link %s: delay %lld ms, loss %u.%04u%% each way (netem)", l->base.name,
		    (long long)(l->delay_ns / NS_PER_MS), l->loss_ppm / 10000, l->loss_ppm % 10000);
		break;
	}
	return CMD_DONE;
}

static const struct arg_spec tc_args[] = {
	{ "LINK", ARG_REF, 0, NULL, "a link" },
	{ "WHAT", ARG_CHOICE, 0, tc_words, "rate, delay, loss, or none" },
	{ "VALUE", ARG_WORD, ARG_OPTIONAL, NULL, "1mbit (rate), 50ms (delay), 5% (loss)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_tc = {
	.name = "tc",
	.scope = CMD_LAB,
	.args = tc_args,
	.summary = "shape a link: a rate limit (tbf), or delay and loss where the kernel has netem",
	.help = "rate puts a token bucket filter (tbf) on every end of the link, so "
	    "each way carries at most that many bits a second; what comes faster "
	    "waits in its queue (50 ms of it) and past that is dropped. delay and loss "
	    "need netem, which not every kernel has: the lab asks for it and, if the "
	    "kernel refuses, says what it answered. none takes the shaping off.",
	.example = "tc l1 rate 1mbit",
	.run = run_tc,
};

static enum cmd_status
run_snooping(struct cmd_ctx *ctx)
{
	const struct arg	*on = cmd_arg(ctx->cmd, "STATE");
	bool			 querier = cmd_arg(ctx->cmd, "querier")->present;
	struct link		*l;
	struct rtnl_err		 e;

	if ((l = ctx_link(ctx, "LINK")) == NULL)
		return CMD_ERROR;
	if (l->nends < 3) {
		ctx->cause = xasprintf("%s is a veth pair: only a segment (three hosts or more) has "
		    "a bridge to snoop", l->base.name);
		return CMD_ERROR;
	}
	if (!rtnl_bridge_set(l->sw.rtnl, l->bridge, on->num != 0, querier, &e)) {
		ctx->cause = rtnl_cause("cannot set the bridge's snooping", &e);
		return CMD_ERROR;
	}
	/* The kernel trusts its table a response time after the querier
	 * is turned on (snooping alone restarts nothing). */
	if (querier && !l->querier)
		l->querier_at = now_ns();
	l->snooping = on->num != 0;
	l->querier = querier;
	lab_changed(ctx->lab);
	if (!l->snooping)
		lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL,
		    "link %s: IGMP snooping off: a group's datagrams go to every port",
		    l->base.name);
	else if (!querier)
		lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL,
		    "link %s: IGMP snooping on: the bridge notes the reports it hears, but with "
		    "no querier on the segment it still sends every group to every port "
		    "(snooping %s on querier makes it one)", l->base.name, l->base.name);
	else
		lab_record(ctx->lab, RECORD_NET, l->base.name, REC_INFO, NULL,
		    "link %s: IGMP snooping on, the bridge the querier: once it has been on "
		    "%d s (the time it gives members to answer), a group goes only to the "
		    "ports that reported it, to none if nobody did (224.0.0.x still goes "
		    "everywhere)", l->base.name, RTNL_QUERY_RESPONSE_MS / 1000);
	return CMD_DONE;
}

static const struct arg_choice on_off[] = {
	{ "on", 1 },
	{ "off", 0 },
	{ NULL, 0 },
};

static const struct arg_spec snooping_args[] = {
	{ "LINK", ARG_REF, 0, NULL, "a segment (a link of three hosts or more)" },
	{ "STATE", ARG_CHOICE, 0, on_off, "on or off" },
	{ "querier", ARG_FLAG, ARG_OPTIONAL, NULL, "the bridge also sends IGMP and MLD queries: without a querier on the segment, Linux's bridge floods every group" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_snooping = {
	.name = "snooping",
	.scope = CMD_LAB,
	.args = snooping_args,
	.summary = "a segment's IGMP and MLD snooping, and its querier",
	.help = "A segment's bridge forwards a group's datagrams to every port while "
	    "snooping is off (the lab's default). With snooping on it learns from the "
	    "members' IGMP and MLD reports which ports want which group (show LINK "
	    "lists them), but Linux forwards by that only while a querier is on the "
	    "segment, and only once the querier has been on for the time it gives "
	    "members to answer (10 s): with querier, the bridge is that querier. Then "
	    "a group goes only to the ports that reported it, and to none if nobody "
	    "did (224.0.0.x still goes everywhere). A member whose reports the bridge "
	    "missed gets nothing until it reports again, when it answers a query: its "
	    "port was down when it joined (ifdown LINK HOST port), say, for a port "
	    "going down makes the bridge forget that port's groups, and an IPv4 host "
	    "does not report when its carrier comes back. A send to the group then "
	    "says which members get no copy, and why.",
	.example = "snooping l1 on querier",
	.run = run_snooping,
};

static enum cmd_status
run_remove(struct cmd_ctx *ctx)
{
	const struct arg	*a = cmd_arg(ctx->cmd, "NAME");
	struct object		*o = lab_object(ctx->lab, a->str), *links[LINKS_MAX];
	struct buf		 b;
	size_t			 n;

	ctx->column = a->column;
	if (o == NULL || (o->mech != &host_mechanism && o->mech != &link_mechanism)) {
		ctx->cause = o == NULL ? xasprintf("no host or link called %s", a->str) :
		    xasprintf("%s is %s: remove takes hosts and links", a->str, o->mech->name);
		return CMD_ERROR;
	}
	if (o->mech == &link_mechanism) {
		if (link_of(o)->removed) {
			ctx->cause = xasprintf("%s was removed", a->str);
			return CMD_ERROR;
		}
		link_teardown(link_of(o));
	} else {
		if (host_of(o)->removed) {
			ctx->cause = xasprintf("%s was removed", a->str);
			return CMD_ERROR;
		}
		buf_init(&b);
		if (host_actors(o, &b, true) > 0) {
			ctx->cause = xasprintf("%s still runs inside %s: end it first (kill NAME KILL)",
			    b.data, a->str);
			buf_free(&b);
			return CMD_ERROR;
		}
		buf_free(&b);
		if ((n = host_links(o, links, nitems(links))) > 0) {
			ctx->cause = xasprintf("%s is on %s%s: remove its links first", a->str,
			    links[0]->name, n > 1 ? " and more" : "");
			return CMD_ERROR;
		}
		host_close(o);
		host_of(o)->removed = true;
	}
	ctx->column = 0;
	lab_changed(ctx->lab);
	lab_record(ctx->lab, RECORD_NET, o->name, REC_INFO, NULL, "%s %s removed", o->mech->name,
	    o->name);
	return CMD_DONE;
}

static const struct arg_spec remove_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "a host or a link" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_remove = {
	.name = "remove",
	.scope = CMD_LAB,
	.args = remove_args,
	.summary = "remove a host or a link",
	.help = "A link's interfaces go (and a segment's bridge); a host's network "
	    "namespace goes once no actor is left inside it and it is on no link. "
	    "forget then takes it off the lists. The end of the run removes every "
	    "host and link.",
	.example = "remove l1",
	.run = run_remove,
};

static const struct cmd_entry *const host_commands[] = {
	&cmd_host,
	&cmd_link,
	&cmd_ifdown,
	&cmd_ifup,
	&cmd_tc,
	&cmd_snooping,
	&cmd_remove,
	NULL,
};

static const struct cmd_entry *const link_commands[] = {
	NULL,
};

static void
net_init(struct lab *lab, void *p)
{
	struct net_state	*st = p;

	(void)lab;
	st->userns = -1;
}

static void
net_cleanup(struct lab *lab, void *p)
{
	struct net_state	*st = p;

	(void)lab;
	if (st->userns >= 0)
		close(st->userns);
	free(st->userns_why);
}

static void
net_reset(struct lab *lab, void *p)
{
	struct net_state	*st = p;

	(void)lab;
	st->hosts = st->links = 0;
}

static const struct menu_new host_menu_new[] = {
	{ MENU_PLACES, "host", " NAME", "h", "host: a network namespace that actors start inside "
	    "(spawn A on h1)", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct menu_new link_menu_new[] = {
	{ MENU_PLACES, "link", " PLACES", "l", "link: joins hosts, two by a veth pair, more by a "
	    "bridge", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

const struct lab_module net_module = {
	.name = "hosts",
	.lab_state = sizeof(struct net_state),
	.init = net_init,
	.cleanup = net_cleanup,
	.reset = net_reset,
};

const struct mechanism host_mechanism = {
	.name = "host",
	.title = "hosts (network namespaces)",
	.help = "A host is a network namespace of the lab's: its own loopback, "
	    "interfaces, addresses, routes, ports and sockets. host h1 makes one, spawn "
	    "A on h1 starts an actor inside it, link h1 h2 joins hosts. show h1 gives its "
	    "interfaces with their counters, its multicast route, and the groups its "
	    "interfaces joined (its /proc/net/igmp and igmp6).",
	.object_size = sizeof(struct host),
	.commands = host_commands,
	.menu_new = host_menu_new,
	.describe = host_describe,
	.describe_links = host_describe_links,
	.destroy = host_close,
	.release = host_close,
	.gone = host_gone,
	.kept_why = host_kept_why,
	.place = host_place,
};

const struct mechanism link_mechanism = {
	.name = "link",
	.title = "links between hosts (veth pairs, bridges)",
	.help = "A link joins hosts: two by a veth pair, more by a bridge. show l1 gives "
	    "each end's host, address, state (up, down, no-carrier), its packets and "
	    "drops, and the shaping (tc).",
	.object_size = sizeof(struct link),
	.commands = link_commands,
	.menu_new = link_menu_new,
	.describe = link_describe,
	.destroy = link_destroy,
	.release = link_release,
	.gone = link_gone,
	.kept_why = link_kept_why,
};
