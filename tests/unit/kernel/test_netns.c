/* test_netns.c: network namespaces held by descriptors alone, wired
 * through rtnetlink and looked at from outside: two joined by a veth
 * carry a UDP datagram, three on a bridge hear one broadcast, a TBF
 * reads back as set (and netem is refused where the kernel has none),
 * a group joined inside shows in the namespace's igmp files, a listener
 * made inside is found by a sock_diag dump of that namespace, and a
 * namespace whose descriptors are closed goes. As root the namespaces
 * are made directly; otherwise in a user namespace of the caller's (and
 * the children that act inside enter it first). Exit 77 when no
 * namespace can be made here. */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <linux/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "kunit.h"

static int	 userns = -1;

/* A namespace, or a failed check that says which step failed. */
static bool
ns_make(struct netns *ns)
{
	const char	*step = "";

	if (netns_make(userns, ns, &step))
		return true;
	printf("  netns_make: %s: %s\n", step, errno_str(errno));
	return false;
}

static void
say_err(const char *what, const struct rtnl_err *e)
{
	printf("  %s: %s%s%s\n", what, errno_str(e->err), e->msg[0] != '\0' ? ": " : "",
	    e->msg);
}

/* Fork a child that enters ns (its user namespace first, when the test
 * made one) and ends with fn(arg)'s status; -1 if fork failed. */
static pid_t
start_in(const struct netns *ns, int (*fn)(void *), void *arg)
{
	pid_t	 pid = fork();

	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (userns != -1 && setns(userns, CLONE_NEWUSER) == -1)
		_exit(90);
	if (setns(ns->nsfd, CLONE_NEWNET) == -1)
		_exit(91);
	_exit(fn(arg));
}

/* The status a child ended with (its exit code), or -1. */
static int
child_status(pid_t pid)
{
	int	 st;

	if (pid <= 0)
		return -1;
	while (waitpid(pid, &st, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The test has no child left: each maker was reaped. */
static bool
no_children(void)
{
	return waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

static bool
addr4(int rtnl, int ifindex, const char *text, int prefix)
{
	struct in_addr	 a;
	struct rtnl_err	 e;

	if (inet_pton(AF_INET, text, &a) != 1)
		return false;
	if (rtnl_addr_add(rtnl, ifindex, AF_INET, &a, prefix, &e))
		return true;
	say_err(text, &e);
	return false;
}

static bool
link_up(int rtnl, int ifindex)
{
	struct rtnl_err	 e;

	if (rtnl_link_set_up(rtnl, ifindex, true, &e))
		return true;
	say_err("link up", &e);
	return false;
}

/* Wait up to 3 s for an interface to be operationally up (the kernel
 * sets it from its link watch, up to a second late). */
static bool
wait_oper_up(int rtnl, int ifindex, struct rtnl_link *l)
{
	int	 i;

	for (i = 0; i < 300; i++) {
		if (rtnl_link_get(rtnl, ifindex, l, NULL) && l->operstate == IF_OPER_UP)
			return true;
		sleep_ms(10);
	}
	return false;
}

/* A UDP receiver: bound to bind_addr:port, says it is ready on ready_fd,
 * then waits up to 5 s for "hello". */
struct receiver {
	const char	*bind_addr;
	int		 port;
	int		 ready_fd;
};

static int
udp_receive(void *arg)
{
	struct receiver		*r = arg;
	struct sockaddr_in	 sa = { .sin_family = AF_INET };
	struct timeval		 tv = { 5, 0 };
	char			 buf[16];
	ssize_t			 n;
	int			 fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	sa.sin_port = htons((uint16_t)r->port);
	inet_pton(AF_INET, r->bind_addr, &sa.sin_addr);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == -1)
		return 2;
	if (write(r->ready_fd, "r", 1) != 1)
		return 3;
	n = recv(fd, buf, sizeof buf, 0);
	return n == 5 && memcmp(buf, "hello", 5) == 0 ? 0 : 4;
}

struct sender {
	const char	*to;
	int		 port;
	bool		 broadcast;
};

static int
udp_send(void *arg)
{
	struct sender		*s = arg;
	struct sockaddr_in	 sa = { .sin_family = AF_INET };
	int			 fd, one = 1;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	sa.sin_port = htons((uint16_t)s->port);
	inet_pton(AF_INET, s->to, &sa.sin_addr);
	if (fd == -1 || (s->broadcast &&
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) == -1))
		return 2;
	return sendto(fd, "hello", 5, 0, (struct sockaddr *)&sa, sizeof sa) == 5 ? 0 : 3;
}

static void
test_veth_udp(void)
{
	struct netns		 a, b;
	struct rtnl_link	 la, lb, *links = NULL;
	struct rtnl_err		 e;
	struct receiver		 r = { "198.18.1.2", 7000, -1 };
	struct sender		 s = { "198.18.1.2", 7000, false };
	struct in_addr		 dst;
	struct in6_addr		 a6;
	uint64_t		 tx0;
	size_t			 n = 0, i;
	pid_t			 rpid;
	int			 ia = 0, ib = 0, p[2], lo = 0;

	if (!ns_make(&a) || !ns_make(&b)) {
		CHECK(!"namespaces made");
		return;
	}
	CHECK(no_children());
	CHECK(a.ino != 0 && b.ino != 0 && a.ino != b.ino && a.ino != netns_self_ino());
	CHECK(a.ino == netns_ino_of_fd(a.nsfd));
	CHECK(a.rtnl != -1 && a.diag != -1 && a.igmp != -1);
	CHECK(fcntl(a.nsfd, F_GETFD) == FD_CLOEXEC && fcntl(a.rtnl, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(a.igmp, F_GETFD) == FD_CLOEXEC && fcntl(a.diag, F_GETFD) == FD_CLOEXEC);
	/* lo came up in the maker. */
	CHECK(rtnl_link_get(a.rtnl, 1, &la, &e) && (la.flags & IFF_UP) && strcmp(la.name, "lo") == 0);

	CHECK(rtnl_veth_add(a.rtnl, "va", "vb", b.nsfd, &e));
	CHECK(rtnl_link_index(a.rtnl, "va", &ia, &e) && ia > 1);
	CHECK(rtnl_link_index(b.rtnl, "vb", &ib, &e) && ib > 1);
	/* Each end is in its own namespace only. */
	CHECK(!rtnl_link_index(a.rtnl, "vb", &lo, &e) && e.err == ENODEV);
	CHECK(!rtnl_veth_add(a.rtnl, "va", "vc", -1, &e) && e.err == EEXIST);
	CHECK(!rtnl_veth_add(a.rtnl, "much-too-long-name", "x", -1, &e) && e.err == EINVAL);
	CHECK(addr4(a.rtnl, ia, "198.18.1.1", 24) && addr4(b.rtnl, ib, "198.18.1.2", 24));
	CHECK(inet_pton(AF_INET6, "fd00:198:18::1", &a6) == 1);
	CHECK(rtnl_addr_add(a.rtnl, ia, AF_INET6, &a6, 64, &e));
	CHECK(link_up(a.rtnl, ia) && link_up(b.rtnl, ib));
	CHECK(wait_oper_up(a.rtnl, ia, &la) && wait_oper_up(b.rtnl, ib, &lb));
	CHECK_STR(la.kind, "veth");
	CHECK_STR(la.name, "va");
	CHECK(la.carrier && (la.flags & IFF_LOWER_UP) && la.mtu == 1500 && la.master == 0);

	/* A route of its own, replaced, deleted; a second delete finds none. */
	inet_pton(AF_INET, "198.18.9.0", &dst);
	CHECK(rtnl_route_add(a.rtnl, AF_INET, &dst, 24, ia, &e));
	CHECK(rtnl_route_add(a.rtnl, AF_INET, &dst, 24, ia, &e));
	CHECK(rtnl_route_del(a.rtnl, AF_INET, &dst, 24, ia, &e));
	CHECK(!rtnl_route_del(a.rtnl, AF_INET, &dst, 24, ia, &e) && e.err == ESRCH);

	tx0 = la.tx_packets;
	CHECK(pipe(p) == 0);
	r.ready_fd = p[1];
	rpid = start_in(&b, udp_receive, &r);
	CHECK(child_ready(p[0]));
	CHECK(child_status(start_in(&a, udp_send, &s)) == 0);
	CHECK(child_status(rpid) == 0);
	close(p[0]);
	close(p[1]);
	/* The datagram (and ARP before it) went out of one end, into the other. */
	CHECK(rtnl_link_get(a.rtnl, ia, &la, &e) && la.tx_packets >= tx0 + 2 && la.tx_bytes > 0);
	CHECK(rtnl_link_get(b.rtnl, ib, &lb, &e) && lb.rx_packets >= la.tx_packets - 1);

	CHECK(rtnl_link_list(a.rtnl, &links, &n, &e) && n == 2);
	for (i = 0; i < n; i++)
		CHECK(links[i].ifindex == 1 || (links[i].ifindex == ia && strcmp(links[i].kind, "veth") == 0));
	free(links);

	/* A veth's end deleted takes its peer with it. */
	CHECK(rtnl_link_del(a.rtnl, ia, &e));
	CHECK(!rtnl_link_get(b.rtnl, ib, &lb, &e) && e.err == ENODEV);
	netns_close(&a);
	netns_close(&b);
	CHECK(a.nsfd == -1 && a.rtnl == -1 && a.igmp6 == -1);
}

static void
test_bridge(void)
{
	static const char *const addrs[] = { "198.18.2.1", "198.18.2.2", "198.18.2.3" };
	struct netns		 sw, h[3];
	struct rtnl_link	 l;
	struct rtnl_err		 e;
	struct receiver		 r = { "0.0.0.0", 7001, -1 };
	struct sender		 s = { "198.18.2.255", 7001, true };
	char			 port[8];
	pid_t			 rpid[2];
	int			 br = 0, ip[3], ih, i, p[2];

	if (!ns_make(&sw)) {
		CHECK(!"namespace made");
		return;
	}
	CHECK(rtnl_bridge_add(sw.rtnl, "br0", true, false, &e));
	CHECK(!rtnl_bridge_add(sw.rtnl, "br0", true, false, &e) && e.err == EEXIST);
	CHECK(rtnl_link_index(sw.rtnl, "br0", &br, &e) && link_up(sw.rtnl, br));
	for (i = 0; i < 3; i++) {
		if (!ns_make(&h[i])) {
			CHECK(!"namespace made");
			return;
		}
		snprintf(port, sizeof port, "p%d", i + 1);
		CHECK(rtnl_veth_add(sw.rtnl, port, "eth0", h[i].nsfd, &e));
		CHECK(rtnl_link_index(sw.rtnl, port, &ip[i], &e));
		CHECK(rtnl_link_master(sw.rtnl, ip[i], br, &e) && link_up(sw.rtnl, ip[i]));
		CHECK(rtnl_link_index(h[i].rtnl, "eth0", &ih, &e));
		CHECK(addr4(h[i].rtnl, ih, addrs[i], 24) && link_up(h[i].rtnl, ih));
		CHECK(wait_oper_up(h[i].rtnl, ih, &l));
	}
	CHECK(rtnl_link_get(sw.rtnl, ip[1], &l, &e) && l.master == br);
	CHECK(rtnl_link_get(sw.rtnl, br, &l, &e) && strcmp(l.kind, "bridge") == 0);
	CHECK(rtnl_bridge_set(sw.rtnl, br, false, false, &e));
	CHECK(rtnl_link_master(sw.rtnl, ip[2], 0, &e));
	CHECK(rtnl_link_get(sw.rtnl, ip[2], &l, &e) && l.master == 0);
	CHECK(rtnl_link_master(sw.rtnl, ip[2], br, &e));

	/* One broadcast from the first host reaches the two others. */
	CHECK(pipe(p) == 0);
	r.ready_fd = p[1];
	for (i = 0; i < 2; i++) {
		rpid[i] = start_in(&h[i + 1], udp_receive, &r);
		CHECK(child_ready(p[0]));
	}
	CHECK(child_status(start_in(&h[0], udp_send, &s)) == 0);
	for (i = 0; i < 2; i++)
		CHECK(child_status(rpid[i]) == 0);
	close(p[0]);
	close(p[1]);
	CHECK(rtnl_link_get(sw.rtnl, ip[0], &l, &e) && l.rx_packets >= 1);
	for (i = 0; i < 3; i++)
		netns_close(&h[i]);
	netns_close(&sw);
	CHECK(no_children());
}

/* The groups a parse gave, up to four. */
struct mdb_seen {
	size_t		 n;
	struct rtnl_mdb	 m[4];
};

static void
keep_group(const struct rtnl_mdb *m, void *arg)
{
	struct mdb_seen	*seen = arg;

	if (seen->n < 4)
		seen->m[seen->n++] = *m;
}

/* A bridge's multicast database as a dump gives it (a port with two
 * groups added by hand, and the solicited-node group of its IPv6
 * link-local address): each entry, with its port, family and group; a
 * message of another kind is none. */
static void
test_mdb_parse(void)
{
	static const unsigned char dump[] = {
	0xb8, 0x00, 0x00, 0x00, 0x56, 0x00, 0x02, 0x00, 0x2a, 0x00, 0x00, 0x00,
	0xe2, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0xa0, 0x00, 0x01, 0x00, 0x34, 0x00, 0x01, 0x00, 0x30, 0x00, 0x01, 0x00,
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xbb, 0x84, 0x09,
	0x86, 0xdd, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x88, 0x65, 0x00, 0x00,
	0x05, 0x00, 0x05, 0x00, 0x02, 0x00, 0x00, 0x00, 0x34, 0x00, 0x01, 0x00,
	0x30, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0xff, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x12, 0x34, 0x86, 0xdd, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x05, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x34, 0x00, 0x01, 0x00, 0x30, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0xef, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x05, 0x00,
	0x04, 0x00, 0x00, 0x00,
	};
	struct mdb_seen		 seen = { 0, { { 0 } } };
	unsigned char		 other[sizeof dump];
	struct in_addr		 g4;
	struct in6_addr		 g6;

	CHECK(rtnl_parse_mdb(dump, sizeof dump, keep_group, &seen));
	CHECK(seen.n == 3);
	CHECK(inet_pton(AF_INET, "239.1.1.1", &g4) == 1 && inet_pton(AF_INET6, "ff0e::1234", &g6) == 1);
	CHECK(seen.m[0].family == AF_INET6 && seen.m[0].group[0] == 0xff && seen.m[0].group[11] == 0x01);
	CHECK(seen.m[1].family == AF_INET6 && memcmp(seen.m[1].group, &g6, 16) == 0 && seen.m[1].permanent);
	CHECK(seen.m[2].family == AF_INET && memcmp(seen.m[2].group, &g4, 4) == 0 && seen.m[2].permanent);
	CHECK(seen.m[2].bridge == 2 && seen.m[2].port == 4);
	/* A message cut short is none: nothing of it is read. */
	seen.n = 0;
	CHECK(!rtnl_parse_mdb(dump, 20, keep_group, &seen) && seen.n == 0);
	memcpy(other, dump, sizeof dump);
	other[4] = 16;		/* RTM_NEWLINK */
	CHECK(!rtnl_parse_mdb(other, sizeof other, keep_group, &seen) && seen.n == 0);
}

static void
test_qdisc(void)
{
	struct netns		 a;
	struct rtnl_qdisc	 q;
	struct rtnl_err		 e;
	int			 ia = 0, ib = 0;
	bool			 netem;

	if (!ns_make(&a)) {
		CHECK(!"namespace made");
		return;
	}
	CHECK(rtnl_veth_add(a.rtnl, "qa", "qb", -1, &e));
	CHECK(rtnl_link_index(a.rtnl, "qa", &ia, &e) && rtnl_link_index(a.rtnl, "qb", &ib, &e));
	CHECK(link_up(a.rtnl, ia) && link_up(a.rtnl, ib));
	CHECK(rtnl_qdisc_get(a.rtnl, ia, &q, &e) && strcmp(q.kind, "noqueue") == 0);
	/* The default root is there already: nothing to delete is no error. */
	CHECK(rtnl_qdisc_del(a.rtnl, ia, &e) && e.err == 0);

	CHECK(rtnl_qdisc_tbf(a.rtnl, ia, 125000, 10000, 30000, &e));
	if (e.err != 0)
		say_err("tbf", &e);
	CHECK(rtnl_qdisc_get(a.rtnl, ia, &q, &e));
	CHECK_STR(q.kind, "tbf");
	CHECK(q.rate == 125000 && q.limit == 30000 && q.burst >= 9990 && q.burst <= 10010);
	/* Replaced in place; a rate past 32 bits goes as RATE64. */
	CHECK(rtnl_qdisc_tbf(a.rtnl, ia, 10000000000ULL, 200000, 400000, &e));
	CHECK(rtnl_qdisc_get(a.rtnl, ia, &q, &e) && q.rate == 10000000000ULL);
	CHECK(q.limit == 400000 && q.burst >= 199000 && q.burst <= 201000);
	CHECK(!rtnl_qdisc_tbf(a.rtnl, ia, 0, 1000, 1000, &e) && e.err == EINVAL);

	netem = rtnl_qdisc_netem(a.rtnl, ib, 20000, 10000, &e);
	if (!netem) {
		/* The kernel says why: the caller quotes it. */
		CHECK(e.err == ENOENT && e.msg[0] != '\0');
		printf("  netem: %s: %s\n", errno_str(e.err), e.msg);
	} else
		CHECK(rtnl_qdisc_get(a.rtnl, ib, &q, &e) && strcmp(q.kind, "netem") == 0);

	CHECK(rtnl_qdisc_del(a.rtnl, ia, &e));
	CHECK(rtnl_qdisc_get(a.rtnl, ia, &q, &e) && strcmp(q.kind, "tbf") != 0);
	CHECK(!rtnl_qdisc_get(a.rtnl, 999, &q, &e) && e.err == ENOENT);
	CHECK(!rtnl_qdisc_tbf(a.rtnl, 999, 1000, 1000, 1000, &e) && e.err == ENODEV);
	netns_close(&a);
}

/* A member of groups joined on ifindex: says it is ready, then stays. */
struct member {
	int	 ifindex;
	int	 ready_fd;
};

static int
join_groups(void *arg)
{
	struct member		*m = arg;
	struct ip_mreqn		 mr;
	struct ipv6_mreq	 m6;
	int			 fd, fd6;
	char			 c = 'r';

	memset(&mr, 0, sizeof mr);
	inet_pton(AF_INET, "239.1.2.3", &mr.imr_multiaddr);
	mr.imr_ifindex = m->ifindex;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd == -1 || setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof mr) == -1)
		return 2;
	memset(&m6, 0, sizeof m6);
	inet_pton(AF_INET6, "ff12::1234", &m6.ipv6mr_multiaddr);
	m6.ipv6mr_interface = (unsigned)m->ifindex;
	fd6 = socket(AF_INET6, SOCK_DGRAM, 0);
	/* No IPv6 here: the IPv4 group alone. */
	if (fd6 == -1 || setsockopt(fd6, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof m6) == -1)
		c = '4';
	if (write(m->ready_fd, &c, 1) != 1)
		return 3;
	for (;;)
		pause();
}

/* A namespace's igmp file read whole (pread from 0: the descriptor is
 * read again each time), its groups into *g. */
static size_t
read_groups(int fd, int family, struct igmp_group **g, size_t *n)
{
	char	 buf[16384];
	size_t	 len = 0;
	ssize_t	 got;

	*n = 0;
	while (len < sizeof buf &&
	    (got = pread(fd, buf + len, sizeof buf - len, (off_t)len)) > 0)
		len += (size_t)got;
	return procparse_igmp(buf, len, family, g, n);
}

static const struct igmp_group *
find_group(const struct igmp_group *g, size_t n, int ifindex, int family, const char *text)
{
	uint8_t	 addr[16];
	size_t	 i;

	inet_pton(family, text, addr);
	for (i = 0; i < n; i++) {
		if (g[i].ifindex == ifindex && g[i].family == family &&
		    memcmp(g[i].addr, addr, family == AF_INET ? 4 : 16) == 0)
			return &g[i];
	}
	return NULL;
}

static void
test_igmp(void)
{
	struct netns			 a;
	struct member			 m;
	struct rtnl_err			 e;
	struct igmp_group		*g = NULL;
	const struct igmp_group		*found;
	size_t				 n;
	pid_t				 pid;
	int				 ia = 0, p[2];
	char				 c = 0;

	if (!ns_make(&a)) {
		CHECK(!"namespace made");
		return;
	}
	CHECK(rtnl_veth_add(a.rtnl, "ma", "mb", -1, &e));
	CHECK(rtnl_link_index(a.rtnl, "ma", &ia, &e) && link_up(a.rtnl, ia));
	CHECK(pipe(p) == 0);
	m.ifindex = ia;
	m.ready_fd = p[1];
	pid = start_in(&a, join_groups, &m);
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(read_groups(a.igmp, AF_INET, &g, &n) > 0);
	found = find_group(g, n, ia, AF_INET, "239.1.2.3");
	CHECK(found != NULL && found->users == 1 && strcmp(found->dev, "ma") == 0);
	CHECK(find_group(g, n, 1, AF_INET, "224.0.0.1") != NULL);
	freep(&g);
	if (c == 'r' && a.igmp6 != -1) {
		read_groups(a.igmp6, AF_INET6, &g, &n);
		found = find_group(g, n, ia, AF_INET6, "ff12::1234");
		CHECK(found != NULL && found->users == 1 && strcmp(found->dev, "ma") == 0);
		freep(&g);
	} else
		printf("  no IPv6 here: igmp6 not looked at\n");
	/* The member gone, so is its group. */
	child_end(pid);
	read_groups(a.igmp, AF_INET, &g, &n);
	CHECK(find_group(g, n, ia, AF_INET, "239.1.2.3") == NULL);
	freep(&g);
	close(p[0]);
	close(p[1]);
	netns_close(&a);
}

/* A TCP listener on 127.0.0.1:port; its inode goes back on ready_fd. */
struct listener {
	int	 port;
	int	 ready_fd;
};

static int
listen_tcp(void *arg)
{
	struct listener		*l = arg;
	struct sockaddr_in	 sa = { .sin_family = AF_INET };
	struct stat		 st;
	uint32_t		 ino;
	int			 fd;

	sa.sin_port = htons((uint16_t)l->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(fd, 1) == -1 || fstat(fd, &st) == -1)
		return 2;
	ino = (uint32_t)st.st_ino;
	if (write(l->ready_fd, &ino, sizeof ino) != sizeof ino)
		return 3;
	for (;;)
		pause();
}

static void
test_netdiag(void)
{
	struct netns		 a;
	struct netdiag		 nd;
	struct listener		 l;
	struct sockaddr_in	 sa = { .sin_family = AF_INET };
	socklen_t		 salen = sizeof sa;
	const struct sock_diag	*s;
	struct stat		 st;
	char			 local[64];
	uint32_t		 ino = 0;
	pid_t			 pid;
	int			 host, p[2], junk[2];

	if (!ns_make(&a)) {
		CHECK(!"namespace made");
		return;
	}
	/* A listener here and one inside, on the same address and port. */
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	host = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(host != -1 && bind(host, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    listen(host, 1) == 0 && getsockname(host, (struct sockaddr *)&sa, &salen) == 0);
	CHECK(fstat(host, &st) == 0);
	snprintf(local, sizeof local, "127.0.0.1:%d", ntohs(sa.sin_port));
	CHECK(pipe(p) == 0);
	l.port = ntohs(sa.sin_port);
	l.ready_fd = p[1];
	pid = start_in(&a, listen_tcp, &l);
	CHECK(read(p[0], &ino, sizeof ino) == sizeof ino && ino != 0);

	memset(&nd, 0, sizeof nd);
	nd.want = NETDIAG_TCP | NETDIAG_UNIX;
	netdiag_refresh(&nd, 1);
	/* Not a source yet: not seen. */
	CHECK(netdiag_by_ino(&nd, ino) == NULL);
	netdiag_source_add(&nd, a.diag, a.ino);
	/* A source that cannot dump says so; the others are dumped. */
	CHECK(pipe(junk) == 0);
	netdiag_source_add(&nd, junk[0], 1);
	netdiag_refresh(&nd, 1);
	CHECK(nd.nsources == 2 && nd.sources[0].error == 0 && nd.sources[1].error == ENOTSOCK);
	CHECK(nd.error == 0 && nd.self_ns == netns_self_ino());
	s = netdiag_by_ino(&nd, ino);
	CHECK(s != NULL && s->ns == a.ino && s->state == TCP_LISTEN);
	CHECK((s = netdiag_by_ino(&nd, (uint32_t)st.st_ino)) != NULL && s->ns == nd.self_ns);
	s = netdiag_by_local(&nd, a.ino, SOCK_STREAM, local);
	CHECK(s != NULL && s->ino == ino);
	s = netdiag_by_local(&nd, nd.self_ns, SOCK_STREAM, local);
	CHECK(s != NULL && s->ino == (uint32_t)st.st_ino);
	/* Any namespace: the caller's own first. */
	s = netdiag_by_local(&nd, 0, SOCK_STREAM, local);
	CHECK(s != NULL && s->ino == (uint32_t)st.st_ino);
	CHECK(netdiag_by_addrs(&nd, a.ino, local, "0.0.0.0:0") != NULL);
	CHECK(netdiag_by_addrs(&nd, 12345, local, "0.0.0.0:0") == NULL);
	netdiag_source_drop(&nd, junk[0]);
	close(junk[0]);
	close(junk[1]);

	/* Cleared, the table is empty and the source stays. */
	netdiag_clear(&nd);
	CHECK(nd.n == 0 && nd.nsources == 1);
	netdiag_refresh(&nd, 2);
	CHECK((s = netdiag_by_ino(&nd, ino)) != NULL && s->ns == a.ino);
	netdiag_source_drop(&nd, a.diag);
	CHECK(nd.nsources == 0 && nd.sources == NULL);
	netdiag_refresh(&nd, 2);
	CHECK(netdiag_by_ino(&nd, ino) == NULL);
	netdiag_clear(&nd);
	netdiag_sources_free(&nd);

	child_end(pid);
	close(p[0]);
	close(p[1]);
	close(host);
	netns_close(&a);
}

/* Whether any process shows the namespace of this inode as its own. */
static bool
ino_in_proc(uint64_t ino)
{
	struct dirent	*de;
	struct stat	 st;
	char		 path[300];
	bool		 found = false;
	DIR		*d;

	if ((d = opendir("/proc")) == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/ns/net", de->d_name);
		found = stat(path, &st) == 0 && (uint64_t)st.st_ino == ino;
	}
	closedir(d);
	return found;
}

static void
test_gone(void)
{
	struct netns		 a, b;
	struct rtnl_link	 l;
	struct rtnl_err		 e;
	uint64_t		 ino;
	int			 ib = 0, i;
	bool			 gone = false;

	if (!ns_make(&a) || !ns_make(&b)) {
		CHECK(!"namespaces made");
		return;
	}
	/* A's end of a veth, whose peer lives in B: when A goes, its
	 * interfaces are deleted, and the peer with them. */
	CHECK(rtnl_veth_add(a.rtnl, "ga", "gb", b.nsfd, &e));
	CHECK(rtnl_link_index(b.rtnl, "gb", &ib, &e));
	ino = a.ino;
	CHECK(!ino_in_proc(ino));
	CHECK(no_children());
	netns_close(&a);
	for (i = 0; i < 500 && !gone; i++) {
		gone = !rtnl_link_get(b.rtnl, ib, &l, &e) && e.err == ENODEV;
		if (!gone)
			sleep_ms(10);
	}
	CHECK(gone);
	if (gone)
		printf("  gone within %d ms\n", i * 10);
	CHECK(!ino_in_proc(ino));
	netns_close(&b);
}

int
main(void)
{
	struct netns	 probe;
	const char	*step = "";

	/* Pure: wherever namespaces are not. */
	RUN(test_mdb_parse);
	if (geteuid() != 0 && (userns = userns_make(&step)) == -1) {
		printf("no user namespace here: %s: %s\n", step, errno_str(errno));
		return 77;
	}
	if (!netns_make(userns, &probe, &step)) {
		printf("no network namespace here: %s: %s\n", step, errno_str(errno));
		return 77;
	}
	netns_close(&probe);
	if (userns != -1)
		printf("  unprivileged: in a user namespace of uid %lu\n", (unsigned long)geteuid());
	RUN(test_veth_udp);
	RUN(test_bridge);
	RUN(test_qdisc);
	RUN(test_igmp);
	RUN(test_netdiag);
	RUN(test_gone);
	return unit_failed != 0;
}
