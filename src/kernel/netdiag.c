/* netdiag.c: sockets as the kernel sees them, through sock_diag netlink. */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netdiag.h"
#include "netns.h"
#include "rtnl.h"
#include "util.h"

const char *
netdiag_state_name(int state)
{
	static const char *const names[] = {
		"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
		"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
		"NEW_SYN_RECV",
	};

	return state >= 0 && state < (int)nitems(names) ? names[state] : "?";
}

static struct sock_diag *
add(struct netdiag *nd)
{
	if (nd->n == nd->cap) {
		nd->cap = nd->cap == 0 ? 256 : nd->cap * 2;
		nd->v = xreallocarray(nd->v, nd->cap, sizeof *nd->v);
	}
	memset(&nd->v[nd->n], 0, sizeof *nd->v);
	return &nd->v[nd->n++];
}

/* The size of a UNIX socket attribute's value; 0 for a variable one. */
static size_t
unix_attr_size(unsigned short type)
{
	switch (type) {
	case UNIX_DIAG_PEER:
		return sizeof(uint32_t);
	case UNIX_DIAG_RQLEN:
		return sizeof(struct unix_diag_rqlen);
	case UNIX_DIAG_SHUTDOWN:
		return sizeof(uint8_t);
	default:
		return 0;
	}
}

static void
parse_unix(struct netdiag *nd, struct nlmsghdr *h)
{
	struct unix_diag_msg	*m = NLMSG_DATA(h);
	struct unix_diag_rqlen	*rq;
	struct rtattr		*a;
	struct sock_diag	*s;
	int			 len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
	size_t			 nl, i;

	s = add(nd);
	s->ino = m->udiag_ino;
	s->family = AF_UNIX;
	s->type = m->udiag_type;
	s->state = m->udiag_state;
	for (a = (struct rtattr *)(m + 1); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		/* An attribute too short for its value is left out. */
		if (RTA_PAYLOAD(a) < unix_attr_size(a->rta_type))
			continue;
		switch (a->rta_type) {
		case UNIX_DIAG_NAME:
			nl = RTA_PAYLOAD(a);
			if (nl == 0)
				break;
			if (nl > sizeof s->name - 1)
				nl = sizeof s->name - 1;
			memcpy(s->name, RTA_DATA(a), nl);
			s->name[nl] = '\0';
			/* Abstract: every byte counts, a NUL shows as @ (as ss
			 * writes it). */
			for (i = nl - 1; s->name[0] == '\0' && i > 0; i--) {
				if (s->name[i] == '\0')
					s->name[i] = '@';
			}
			if (s->name[0] == '\0')
				s->name[0] = '@';
			break;
		case UNIX_DIAG_PEER:
			s->peer = *(uint32_t *)RTA_DATA(a);
			break;
		case UNIX_DIAG_RQLEN:
			rq = RTA_DATA(a);
			s->rqueue = rq->udiag_rqueue;
			s->wqueue = rq->udiag_wqueue;
			break;
		case UNIX_DIAG_ICONS:
			free(s->icons);		/* a second list replaces the first */
			s->nicons = RTA_PAYLOAD(a) / sizeof(uint32_t);
			s->icons = xmemdup(RTA_DATA(a), s->nicons * sizeof(uint32_t));
			break;
		case UNIX_DIAG_SHUTDOWN:
			s->shutdown = *(uint8_t *)RTA_DATA(a);
			break;
		}
	}
	/* A listener: rqueue is the connections waiting to be accepted,
	 * wqueue the backlog. Otherwise rqueue is the bytes queued to read
	 * (of a datagram socket, the next datagram's) and wqueue the memory
	 * of what was sent and not yet taken by the peer. */
	if (s->state == TCP_LISTEN)
		s->rq_unit = s->wq_unit = NQ_CONNECTIONS;
	else {
		s->rq_unit = s->type == SOCK_DGRAM ? NQ_NEXT_DATAGRAM :
		    s->type == SOCK_SEQPACKET ? NQ_ALL_MESSAGES : NQ_BYTES;
		s->wq_unit = NQ_MEMORY;
		s->eof = (s->shutdown & 1) != 0;	/* RCV_SHUTDOWN */
	}
}

/* "127.0.0.1:80", "[::1]:80"; by hand, as this runs for every socket
 * of every dump. */
static void
addr_text(char *buf, size_t len, int family, const uint32_t *addr, uint16_t port)
{
	char		 digits[8];
	unsigned	 p = ntohs(port);
	size_t		 n = 0, d = 0;

	if (family == AF_INET6)
		buf[n++] = '[';
	if (inet_ntop(family, addr, buf + n, (socklen_t)(len - n - 8)) == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	n += strlen(buf + n);
	if (family == AF_INET6)
		buf[n++] = ']';
	buf[n++] = ':';
	do {
		digits[d++] = (char)('0' + p % 10);
		p /= 10;
	} while (p != 0);
	while (d > 0)
		buf[n++] = digits[--d];
	buf[n] = '\0';
}

static void
parse_inet(struct netdiag *nd, struct nlmsghdr *h, int proto, bool want_mem)
{
	struct inet_diag_msg	*m = NLMSG_DATA(h);
	struct rtattr		*a;
	struct sock_diag	*s;
	uint32_t		*mem;
	int			 len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));

	s = add(nd);
	s->ino = m->idiag_inode;
	s->family = m->idiag_family;
	s->type = proto == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM;
	s->state = m->idiag_state;
	s->rqueue = m->idiag_rqueue;
	s->wqueue = m->idiag_wqueue;
	s->have_mem = want_mem;
	/* TCP gives bytes (or, listening, the accept queue and the
	 * backlog); UDP gives memory. */
	if (proto == IPPROTO_UDP)
		s->rq_unit = s->wq_unit = NQ_MEMORY;
	else if (s->state == TCP_LISTEN)
		s->rq_unit = s->wq_unit = NQ_CONNECTIONS;
	else {
		s->rq_unit = s->wq_unit = NQ_BYTES;
		/* sock_diag gives rcv_nxt - copied_seq and write_seq -
		 * snd_una: a SYN and a FIN are in both, as one byte of
		 * sequence space each. The peer's FIN came in these states,
		 * and is counted until a read takes it, at the end of the
		 * data; ours is counted until it is acknowledged, which these
		 * states wait for. The peer's SYN is never counted (it moves
		 * copied_seq with rcv_nxt); ours is until it is acknowledged:
		 * in SYN_SENT and SYN_RECV. */
		if ((s->state == TCP_SYN_SENT || s->state == TCP_SYN_RECV) && s->wqueue > 0)
			s->wqueue--;
		if (s->state == TCP_CLOSE_WAIT || s->state == TCP_LAST_ACK ||
		    s->state == TCP_CLOSING || s->state == TCP_TIME_WAIT) {
			s->eof = true;
			if (s->rqueue > 0)
				s->rqueue--;
		}
		if ((s->state == TCP_FIN_WAIT1 || s->state == TCP_CLOSING ||
		    s->state == TCP_LAST_ACK) && s->wqueue > 0)
			s->wqueue--;
	}
	addr_text(s->local, sizeof s->local, m->idiag_family, m->id.idiag_src, m->id.idiag_sport);
	addr_text(s->remote, sizeof s->remote, m->idiag_family, m->id.idiag_dst, m->id.idiag_dport);
	for (a = (struct rtattr *)(m + 1); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == INET_DIAG_SKMEMINFO && RTA_PAYLOAD(a) >= (int)(4 * sizeof(uint32_t))) {
			mem = RTA_DATA(a);
			s->rmem = mem[SK_MEMINFO_RMEM_ALLOC];
			s->wmem = mem[SK_MEMINFO_WMEM_ALLOC];
		}
	}
}

/* The errno an error or done message carries (a negative number after
 * the header, 0 for none); EIO if it carries none that is one. */
static int
msg_errno(const struct nlmsghdr *h)
{
	int	 e;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof e))
		return EIO;
	memcpy(&e, NLMSG_DATA(h), sizeof e);
	return e <= 0 && e > -4096 ? -e : EIO;
}

bool
netdiag_parse(struct netdiag *nd, int family, int proto, bool mem, const void *buf,
    size_t len, int *err)
{
	struct nlmsghdr	*h;
	ssize_t		 n = (ssize_t)len;	/* signed: NLMSG_NEXT can take it below 0 */

	for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
		/* A dump the kernel could not make (no handler for the
		 * protocol: ENOENT) ends with its errno in the done message. */
		if (h->nlmsg_type == NLMSG_DONE) {
			if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
				*err = msg_errno(h);
			return true;
		}
		if (h->nlmsg_type == NLMSG_ERROR) {
			*err = msg_errno(h);
			return true;
		}
		/* A message too short for its header is no socket. */
		if (family == AF_UNIX && h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct unix_diag_msg)))
			parse_unix(nd, h);
		else if (family != AF_UNIX &&
		    h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
			parse_inet(nd, h, proto, mem);
	}
	return false;
}

/* One dump through fd: family AF_UNIX, or an inet family with proto.
 * recv_flags: MSG_DONTWAIT for a socket that is not ours alone, which a
 * dump must not wait on (netlink makes each part of a dump as the one
 * before is read, so it is queued when asked for). */
static int
dump_on(struct netdiag *nd, int fd, int recv_flags, int family, int proto, bool mem)
{
	struct {
		struct nlmsghdr	 nlh;
		union {
			struct unix_diag_req	 u;
			struct inet_diag_req_v2	 i;
		} r;
	}			 req;
	struct sockaddr_nl	 sa = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr	 align;
		char		 buf[32768];
	}			 rx;
	ssize_t			 n;
	int			 err = 0;
	bool			 done = false;

	memset(&req, 0, sizeof req);
	req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	if (family == AF_UNIX) {
		req.nlh.nlmsg_len = NLMSG_LENGTH(sizeof req.r.u);
		req.r.u.sdiag_family = AF_UNIX;
		req.r.u.udiag_states = ~0U;
		req.r.u.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN |
		    UDIAG_SHOW_ICONS;
	} else {
		req.nlh.nlmsg_len = NLMSG_LENGTH(sizeof req.r.i);
		req.r.i.sdiag_family = (uint8_t)family;
		req.r.i.sdiag_protocol = (uint8_t)proto;
		req.r.i.idiag_states = ~0U;
		req.r.i.idiag_ext = mem ? 1 << (INET_DIAG_SKMEMINFO - 1) : 0;
	}
	if (sendto(fd, &req, req.nlh.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof sa) == -1)
		return errno;
	while (!done) {
		n = recv(fd, rx.buf, sizeof rx.buf, recv_flags);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n == 0 ? EIO : errno;
			break;
		}
		done = netdiag_parse(nd, family, proto, mem, rx.buf, (size_t)n, &err);
	}
	return err;
}

/* One dump of the caller's namespace, on a socket of its own. */
static int
dump(struct netdiag *nd, int family, int proto, bool mem)
{
	int	 fd, err;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd == -1)
		return errno;
	err = dump_on(nd, fd, 0, family, proto, mem);
	close(fd);
	return err;
}

/* Forget the sockets, keeping the arrays for the next dump. */
static void
netdiag_reset(struct netdiag *nd)
{
	size_t	 i;

	for (i = 0; i < nd->n; i++)
		free(nd->v[i].icons);
	nd->n = 0;
	nd->nlocal = 0;
	nd->valid = false;
}

void
netdiag_clear(struct netdiag *nd)
{
	netdiag_reset(nd);
	freep(&nd->v);
	freep(&nd->by_local);
	freep(&nd->by_ino);
	nd->cap = 0;
}

void
netdiag_source_add(struct netdiag *nd, int fd, uint64_t ns)
{
	size_t	 i;

	for (i = 0; i < nd->nsources; i++) {
		if (nd->sources[i].fd == fd)
			return;
	}
	nd->sources = xreallocarray(nd->sources, nd->nsources + 1, sizeof *nd->sources);
	nd->sources[nd->nsources].fd = fd;
	nd->sources[nd->nsources].ns = ns;
	nd->sources[nd->nsources].error = 0;
	nd->nsources++;
	/* Its sockets are wanted at the next refresh, in this generation too. */
	nd->valid = false;
}

void
netdiag_source_drop(struct netdiag *nd, int fd)
{
	size_t	 i;

	for (i = 0; i < nd->nsources; i++) {
		if (nd->sources[i].fd != fd)
			continue;
		memmove(&nd->sources[i], &nd->sources[i + 1],
		    (nd->nsources - i - 1) * sizeof *nd->sources);
		if (--nd->nsources == 0)
			freep(&nd->sources);
		nd->valid = false;
		return;
	}
}

void
netdiag_sources_free(struct netdiag *nd)
{
	freep(&nd->sources);
	nd->nsources = 0;
}

static int
by_ino(const void *a, const void *b)
{
	const struct sock_diag	*x = *(struct sock_diag *const *)a, *y = *(struct sock_diag *const *)b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

static int
by_local(const void *a, const void *b)
{
	const struct sock_diag	*x = *(struct sock_diag *const *)a, *y = *(struct sock_diag *const *)b;
	int			 c = strcmp(x->local, y->local);

	/* One address in several namespaces: in the order dumped, the
	 * caller's own first. */
	return c != 0 ? c : (x > y) - (x < y);
}

/* The first inet entry with this local address, by binary search. */
static size_t
local_lower(const struct netdiag *nd, const char *local)
{
	size_t	 lo = 0, hi = nd->nlocal, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(nd->by_local[mid]->local, local) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
netdiag_index(struct netdiag *nd)
{
	size_t	 i;

	/* Pointers are sorted, not the entries: they are large. */
	nd->by_ino = xreallocarray(nd->by_ino, nd->cap + 1, sizeof *nd->by_ino);
	nd->by_local = xreallocarray(nd->by_local, nd->cap + 1, sizeof *nd->by_local);
	nd->nlocal = 0;
	for (i = 0; i < nd->n; i++) {
		nd->by_ino[i] = &nd->v[i];
		if (nd->v[i].family != AF_UNIX)
			nd->by_local[nd->nlocal++] = &nd->v[i];
	}
	if (nd->n > 1)
		qsort(nd->by_ino, nd->n, sizeof *nd->by_ino, by_ino);
	if (nd->nlocal > 1)
		qsort(nd->by_local, nd->nlocal, sizeof *nd->by_local, by_local);
}

void
netdiag_refresh(struct netdiag *nd, uint64_t gen)
{
	static const struct {
		unsigned	 bit;
		int		 family, proto;
	} dumps[] = {
		{ NETDIAG_UNIX, AF_UNIX, 0 },
		{ NETDIAG_TCP, AF_INET, IPPROTO_TCP }, { NETDIAG_TCP6, AF_INET6, IPPROTO_TCP },
		{ NETDIAG_UDP, AF_INET, IPPROTO_UDP }, { NETDIAG_UDP6, AF_INET6, IPPROTO_UDP },
	};
	struct netdiag_source	*src;
	size_t			 i, j, from;
	bool			 mem = (nd->want & NETDIAG_MEMINFO) != 0;
	int			 err;

	/* Again within a generation only if more is wanted now. */
	if (nd->valid && nd->gen == gen && (nd->want & ~nd->have) == 0)
		return;
	netdiag_reset(nd);
	nd->error = 0;
	nd->self_ns = netns_self_ino();
	for (i = 0; i < nitems(dumps); i++) {
		if (!(nd->want & dumps[i].bit))
			continue;
		err = dump(nd, dumps[i].family, dumps[i].proto, mem);
		if (err != 0 && nd->error == 0)
			nd->error = err;
	}
	for (i = 0; i < nd->n; i++)
		nd->v[i].ns = nd->self_ns;
	/* A source that fails says so in its error; the others go on. */
	for (j = 0; j < nd->nsources; j++) {
		src = &nd->sources[j];
		src->error = 0;
		from = nd->n;
		for (i = 0; i < nitems(dumps); i++) {
			if (!(nd->want & dumps[i].bit))
				continue;
			/* What a dump of this source that failed left. */
			nl_drain(src->fd);
			err = dump_on(nd, src->fd, MSG_DONTWAIT, dumps[i].family, dumps[i].proto,
			    mem);
			if (err != 0 && src->error == 0)
				src->error = err;
		}
		for (i = from; i < nd->n; i++)
			nd->v[i].ns = src->ns;
	}
	netdiag_index(nd);
	nd->gen = gen;
	nd->at = now_ns();
	nd->have = nd->want;
	/* Memory is asked for by the full view that wants it, each time. */
	nd->want &= ~NETDIAG_MEMINFO;
	nd->valid = true;
}

const struct sock_diag *
netdiag_by_ino(const struct netdiag *nd, uint32_t ino)
{
	struct sock_diag	 key, *kp = &key, **found;

	if (ino == 0 || nd->n == 0)
		return NULL;
	key.ino = ino;
	found = bsearch(&kp, nd->by_ino, nd->n, sizeof *nd->by_ino, by_ino);
	return found != NULL ? *found : NULL;
}

const struct sock_diag *
netdiag_by_addrs(const struct netdiag *nd, uint64_t ns, const char *local, const char *remote)
{
	const struct sock_diag	*s;
	size_t			 i;

	for (i = local_lower(nd, local); i < nd->nlocal &&
	    strcmp(nd->by_local[i]->local, local) == 0; i++) {
		s = nd->by_local[i];
		if (s->type == SOCK_STREAM && (ns == 0 || s->ns == ns) &&
		    strcmp(s->remote, remote) == 0)
			return s;
	}
	return NULL;
}

const struct sock_diag *
netdiag_by_local(const struct netdiag *nd, uint64_t ns, int type, const char *local)
{
	const struct sock_diag	*s;
	size_t			 i;

	for (i = local_lower(nd, local); i < nd->nlocal &&
	    strcmp(nd->by_local[i]->local, local) == 0; i++) {
		s = nd->by_local[i];
		if (s->type == type && (ns == 0 || s->ns == ns))
			return s;
	}
	return NULL;
}
