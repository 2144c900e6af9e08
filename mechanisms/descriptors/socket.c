/* socket.c: sockets: UNIX domain (stream, datagram, seqpacket; path
 * names in the lab's runtime directory or abstract names), TCP and UDP
 * over IPv4 and IPv6, and socketpair. The verbs are the real calls:
 * socket, bind, listen, connect, accept, send and recv (through the
 * generic send and recv), sendto, recvfrom, shutdown, sendmsg with
 * SCM_RIGHTS and SCM_CREDENTIALS (sendfd), recvmsg, setsockopt and
 * getsockopt (broadcast and multicast too: a group is joined only inside
 * a lab host, and the groups joined are kept). What a socket is now (its state, its queues, its peer, a
 * listener's backlog) comes from sock_diag netlink (netdiag.c); the bytes
 * waiting to be read are peeked with MSG_PEEK on a duplicate of a
 * holder's descriptor, which takes nothing. */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "maps.h"
#include "mechanism.h"
#include "netdiag.h"
#include "procs.h"
#include "runtime.h"
#include "socket.h"
#include "../net/host.h"

#define SOCK_ADDR_LEN	128		/* "@" and a 107-byte name, or an inet address */
#define PEEK_MAX	(64 * 1024)
#define RECV_DEFAULT	65536
#define RECV_MAX	(1024 * 1024)
#define SEND_MAX	(4 * 1024 * 1024)
#define BACKLOG_DEFAULT	5
#define SHOW_BYTES	32
#define FDS_MAX		4		/* descriptors a recvmsg reports */

static const struct object_end socket_ends[] = {
	{ "a", 0, -1, "first socket" },
	{ "b", 1, -1, "second socket" },
	{ NULL, 0, 0, NULL },
};

/* A kind of socket as one number: its family and type (below 16). */
#define SOCK_KIND(family, type)	((family) << 8 | (type))
#define SOCK_KIND_FAMILY(kind)	((kind) >> 8)
#define SOCK_KIND_TYPE(kind)	((kind) & 0xff)

/* The kinds of socket, as the socket verb names them. */
static const struct arg_choice sock_kinds[] = {
	{ "unix", SOCK_KIND(AF_UNIX, SOCK_STREAM) },
	{ "unix-dgram", SOCK_KIND(AF_UNIX, SOCK_DGRAM) },
	{ "unix-seqpacket", SOCK_KIND(AF_UNIX, SOCK_SEQPACKET) },
	{ "tcp", SOCK_KIND(AF_INET, SOCK_STREAM) },
	{ "tcp6", SOCK_KIND(AF_INET6, SOCK_STREAM) },
	{ "udp", SOCK_KIND(AF_INET, SOCK_DGRAM) },
	{ "udp6", SOCK_KIND(AF_INET6, SOCK_DGRAM) },
	{ NULL, 0 },
};

/* The types of a socketpair, as it and show name them. */
static const struct arg_choice sock_types[] = {
	{ "stream", SOCK_STREAM },
	{ "dgram", SOCK_DGRAM },
	{ "seqpacket", SOCK_SEQPACKET },
	{ NULL, 0 },
};

/* A multicast group a socket joined, as the lab saw the join made: the
 * group, and the interface as the join named it (a name, an IPv4
 * address, or "" when the route to the group chose it). The kernel has
 * no getsockopt that lists them. */
struct sock_group {
	char		 group[INET6_ADDRSTRLEN];
	char		 ifname[INET6_ADDRSTRLEN];
};

/* What the lab knows of one socket besides the kernel's view: its
 * addresses as last seen (to find a TCP socket that lives on after its
 * last descriptor closed, by its two addresses), the backlog it was
 * given, the file a bind made, and the groups it joined. */
struct sock_side {
	char		 local[SOCK_ADDR_LEN];
	char		 remote[SOCK_ADDR_LEN];
	int		 backlog;		/* listen's, -1 before */
	char		*path;			/* a UNIX path bind made, or NULL */
	/* The abstract address bind gave it, as the kernel has it: its
	 * name may hold NULs, which local shows as @. NULL if none. */
	void		*abstract;
	size_t		 abstract_len;
	dev_t		 path_dev;
	ino_t		 path_ino;
	int		 seen_state;		/* TCP: last state logged (TCP_*), SEEN_* */
	uint32_t	 seen_unread;		/* TCP: bytes to read at the last look while held */
	struct sock_group *groups;
	size_t		 ngroups;
};

/* A TCP side's state as last logged: not yet connected or listening
 * (what its own calls do is their log line), or gone from the kernel. */
#define SEEN_NEW	0
#define SEEN_GONE	(-1)

/* A socket: its object, its kind, where it was made, and what the lab
 * keeps of each side (a socketpair has two). */
struct sock {
	struct object	 base;
	int		 family;
	int		 type;
	/* Made by an actor inside a lab host, so in the host's network
	 * namespace: that host's name (an address by host name is seen
	 * from it), and the namespace's inode (its sock_diag dump's); a
	 * socket passed out of the machine's own keeps the machine's
	 * namespace, whoever holds it. Observed ones, and the machine's:
	 * NULL and 0. */
	char		*host;
	uint64_t	 ns;
	/* IP_MULTICAST_LOOP (or IPV6_) turned off by a setsockopt that
	 * returned: a group's datagrams it sends skip this host's members. */
	bool		 mc_loop_off;
	/* IP_MULTICAST_TTL set to 0 likewise: meant to keep a group's
	 * datagrams on the host, which Linux does not. */
	bool		 mc_ttl_zero;
	/* IPV6_MULTICAST_HOPS set to 0: they stay on the host. */
	bool		 mc_hops_zero;
	/* IP_MULTICAST_IF or IPV6_ set: the interface, by name or address,
	 * a group's datagrams leave by ("" for the route's). */
	char		 mc_if[INET6_ADDRSTRLEN];
	struct sock_side side[2];
};

static struct sock *
sock_of(const struct object *o)
{
	return OBJECT_OF(o, struct sock);
}

static const char *
kind_name(int family, int type)
{
	const char	*name = cmd_choice_word(sock_kinds, SOCK_KIND(family, type));

	return name != NULL ? name : "socket";
}

static const char *
family_name(int family)
{
	switch (family) {
	case AF_UNIX:
		return "AF_UNIX";
	case AF_INET:
		return "AF_INET";
	case AF_INET6:
		return "AF_INET6";
	default:
		return "AF_?";
	}
}

static const char *
type_name(int type)
{
	switch (type) {
	case SOCK_STREAM:
		return "SOCK_STREAM";
	case SOCK_DGRAM:
		return "SOCK_DGRAM";
	case SOCK_SEQPACKET:
		return "SOCK_SEQPACKET";
	default:
		return "SOCK_?";
	}
}

static const char *
type_word(int type)
{
	const char	*word = cmd_choice_word(sock_types, type);

	return word != NULL ? word : "?";
}

/* A new socket of the lab's, the call's (its name, its actor): its
 * kind's dump is wanted from now on. */
static struct sock *
sock_new(struct call *c, int family, int type)
{
	struct lab	*lab = c->lab;
	struct object	*place;
	struct sock	*s;

	s = sock_of(lab_object_new(lab, c->newname, &socket_mechanism, c->actor->proc));
	if (family == AF_UNIX)
		lab->net.want |= NETDIAG_UNIX;
	else if (type == SOCK_STREAM)
		lab->net.want |= family == AF_INET6 ? NETDIAG_TCP6 : NETDIAG_TCP;
	else
		lab->net.want |= family == AF_INET6 ? NETDIAG_UDP6 : NETDIAG_UDP;
	lab->net.valid = false;

	s->family = family;
	s->type = type;
	if ((place = lab_actor_place(c->actor)) != NULL) {
		s->host = xstrdup(place->name);
		s->ns = host_netns(place);
	}
	s->side[0].backlog = s->side[1].backlog = -1;
	return s;
}

/* The host a socket of the lab's is in, or NULL: the machine's own
 * network (or its host is gone: an address by host name is refused). */
static struct object *
sock_place(struct lab *lab, const struct sock *s)
{
	return s != NULL && s->host != NULL ? host_by_name(lab, s->host) : NULL;
}

/* The host whose addresses a call's address is taken in: its socket's
 * (the call's object), or for a descriptor that is no socket of the
 * lab's, the actor's; the actor checks again what the socket is. */
static struct object *
call_place(const struct call *c)
{
	if (c->obj != NULL && c->obj->mech == &socket_mechanism)
		return sock_place(c->lab, sock_of(c->obj));
	return lab_actor_place(c->actor);
}

/* The network namespace a socket of the lab's is in: its host's, or the
 * machine's own (as the dump says it). */
static uint64_t
sock_ns(const struct sock *s, const struct netdiag *nd)
{
	return s->ns != 0 ? s->ns : nd->self_ns;
}

/* An address as sa_text writes it ("127.0.0.1:80", "[::]:80"): on
 * loopback; bound to every interface. */
static bool
text_loopback(const char *a)
{
	return strncmp(a, "127.", 4) == 0 || strncmp(a, "[::1]", 5) == 0 ||
	    strncmp(a, "[::ffff:127.", 12) == 0;
}

static bool
text_wildcard(const char *a)
{
	return strncmp(a, "0.0.0.0:", 8) == 0 || strncmp(a, "[::]:", 5) == 0;
}

/* Where the peer of a dumped inet socket is: in its own namespace when
 * its remote address is a loopback one (every host has 127.0.0.1);
 * anywhere otherwise (0), as the lab's hosts' addresses are each
 * host's own. */
static uint64_t
peer_ns(const struct sock_diag *sd)
{
	return text_loopback(sd->remote) ? sd->ns : 0;
}

/* A socket address as text: "/path", "@abstract", "" (unnamed),
 * "127.0.0.1:80", "[::1]:80". Used on both sides. */
static void
sa_text(const void *sa, size_t len, char *out, size_t outlen)
{
	const struct sockaddr_un	*un = sa;
	const struct sockaddr_in	*in = sa;
	const struct sockaddr_in6	*in6 = sa;
	size_t				 off = offsetof(struct sockaddr_un, sun_path), n, i;
	char				 a[INET6_ADDRSTRLEN];

	out[0] = '\0';
	if (len < sizeof(sa_family_t))
		return;
	switch (((const struct sockaddr *)sa)->sa_family) {
	case AF_UNIX:
		if (len <= off)
			return;		/* unnamed */
		n = len - off;
		if (n > sizeof un->sun_path)
			n = sizeof un->sun_path;
		if (un->sun_path[0] == '\0') {
			/* Abstract: every byte counts; show a NUL as @. */
			snprintf(out, outlen, "@");
			for (i = 1; i < n && i + 1 < outlen; i++)
				out[i] = un->sun_path[i] == '\0' ? '@' : un->sun_path[i];
			out[i < outlen ? i : outlen - 1] = '\0';
		} else
			snprintf(out, outlen, "%.*s", (int)strnlen(un->sun_path, n), un->sun_path);
		break;
	case AF_INET:
		inet_ntop(AF_INET, &in->sin_addr, a, sizeof a);
		snprintf(out, outlen, "%s:%u", a, ntohs(in->sin_port));
		break;
	case AF_INET6:
		inet_ntop(AF_INET6, &in6->sin6_addr, a, sizeof a);
		snprintf(out, outlen, "[%s]:%u", a, ntohs(in6->sin6_port));
		break;
	}
}

/* The lab's one rule for inet addresses (NETWORKING in the manual): a
 * socket binds, connects and sends to loopback only: 127.0.0.0/8, ::1,
 * or ::ffff:127.0.0.0/104 (IPv4 loopback on an IPv6 socket). The
 * wildcard address (0.0.0.0, ::) is refused as well: bound, it takes
 * what comes in on every interface; as a destination Linux takes it for
 * this host, but saying 127.0.0.1 or ::1 says the same without doubt.
 * Pure, so both sides use it: the controller to refuse an address in
 * prepare, the actor as a last guard before the call. */
enum inet_scope {
	SCOPE_NOT_INET,		/* a UNIX address: no rule */
	SCOPE_LOOPBACK,
	SCOPE_WILDCARD,
	SCOPE_OTHER,
};

#define LOOPBACK_RULE	"on the machine's own network the lab's sockets stay on loopback, " \
			"127.0.0.0/8 and ::1; inside a host (host h1, spawn A on h1) every " \
			"address is the lab's (see NETWORKING in ipcscope(1))"

static enum inet_scope
inet_scope(const void *sa, size_t len)
{
	const struct sockaddr_in	*in = sa;
	const struct sockaddr_in6	*in6 = sa;
	const uint8_t			*a6;
	uint32_t			 a;

	if (len < sizeof(sa_family_t))
		return SCOPE_NOT_INET;
	switch (((const struct sockaddr *)sa)->sa_family) {
	case AF_INET:
		if (len < sizeof *in)
			return SCOPE_OTHER;
		a = ntohl(in->sin_addr.s_addr);
		if (a >> 24 == 127)
			return SCOPE_LOOPBACK;
		return a == INADDR_ANY ? SCOPE_WILDCARD : SCOPE_OTHER;
	case AF_INET6:
		if (len < sizeof *in6)
			return SCOPE_OTHER;
		a6 = in6->sin6_addr.s6_addr;
		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && a6[12] == 127))
			return SCOPE_LOOPBACK;
		if (IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && (a6[12] | a6[13] | a6[14] | a6[15]) == 0))
			return SCOPE_WILDCARD;
		return SCOPE_OTHER;
	case AF_UNIX:
		return SCOPE_NOT_INET;
	default:
		return SCOPE_OTHER;
	}
}

/* The controller's refusal of an address the rule does not allow; host
 * as the user wrote it. */
static bool
loopback_only(const struct sockaddr_storage *ss, socklen_t len, const char *host, char **cause)
{
	const char	*lb = ss->ss_family == AF_INET6 ? "[" : "";	/* [::1], as written */
	const char	*rb = ss->ss_family == AF_INET6 ? "]" : "";

	switch (inet_scope(ss, len)) {
	case SCOPE_NOT_INET:
	case SCOPE_LOOPBACK:
		return true;
	case SCOPE_WILDCARD:
		*cause = xasprintf("%s%s%s is the wildcard address (every interface), not a loopback "
		    "address: " LOOPBACK_RULE, lb, host, rb);
		return false;
	default:
		*cause = xasprintf("%s%s%s is not a loopback address: " LOOPBACK_RULE, lb, host, rb);
		return false;
	}
}

/* The actor's last guard: an address the rule refuses never reaches the
 * kernel, whatever the request says. The call is not made. */
static bool
actor_loopback_only(struct actor_call *c, int fd, const void *sa, size_t len)
{
	enum inet_scope	 scope = inet_scope(sa, len);

	if (scope == SCOPE_NOT_INET || scope == SCOPE_LOOPBACK || actor_fd_in_host(fd))
		return true;	/* inside a host, its network is the lab's own */
	c->tool_err = EADDRNOTAVAIL;
	return false;
}

/* An inet address from text; host defaults to loopback, port to 0. The
 * host may be a host of the lab's by name (h2:8080): its address as seen
 * from place. In the machine's own namespace (place NULL) an address the
 * loopback rule refuses is an error; inside a host every address is the
 * lab's. */
static bool
parse_inet(struct lab *lab, const struct object *place, const char *text, int family,
    struct sockaddr_storage *ss, socklen_t *len, char **cause)
{
	struct object		*named;
	struct sockaddr_in	*in = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)ss;
	char			 host[INET6_ADDRSTRLEN + 2];
	const char		*port = NULL, *colon, *p;
	char			*end;
	long			 pn = 0;
	size_t			 hl;
	bool			 v6 = family == AF_INET6;

	memset(ss, 0, sizeof *ss);
	if (text[0] == '[') {
		p = strchr(text, ']');
		if (p == NULL || (p[1] != '\0' && p[1] != ':'))
			goto bad;
		hl = (size_t)(p - text - 1);
		if (hl >= sizeof host)
			goto bad;
		memcpy(host, text + 1, hl);
		host[hl] = '\0';
		port = p[1] == ':' ? p + 2 : NULL;
		if (!v6) {
			*cause = xasprintf("[%s] is an IPv6 address, and this is an IPv4 socket (tcp, udp): "
			    "give 127.0.0.1:PORT, or make a tcp6 or udp6 socket", host);
			return false;
		}
	} else {
		colon = strrchr(text, ':');
		if (v6 && colon != NULL && strchr(text, ':') != colon) {
			/* "::1": an IPv6 address without a port. */
			snprintf(host, sizeof host, "%s", text);
		} else if (colon != NULL) {
			hl = (size_t)(colon - text);
			if (hl >= sizeof host)
				goto bad;
			memcpy(host, text, hl);
			host[hl] = '\0';
			port = colon + 1;
		} else if (text[0] >= '0' && text[0] <= '9' && strchr(text, '.') == NULL) {
			host[0] = '\0';		/* "8080": a port */
			port = text;
		} else
			snprintf(host, sizeof host, "%s", text);
	}
	if (port != NULL) {
		errno = 0;
		pn = strtol(port, &end, 10);
		if (*port == '\0' || *end != '\0' || errno != 0 || pn < 0 || pn > 65535) {
			*cause = xasprintf("the port in '%s' is not a number from 0 to 65535",
			    word_short(text));
			return false;
		}
	}
	if (host[0] == '\0' || strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "%s", v6 ? "::1" : "127.0.0.1");
	if (v6) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)pn);
		*len = sizeof *in6;
	} else {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)pn);
		*len = sizeof *in;
	}
	if ((named = host_by_name(lab, host)) != NULL) {
		if (!host_address(named, family, place, v6 ? (void *)&in6->sin6_addr :
		    (void *)&in->sin_addr, cause))
			return false;
	} else if (v6 && inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
		goto bad;
	else if (!v6 && inet_pton(AF_INET, host, &in->sin_addr) != 1) {
		if (strchr(host, ':') != NULL) {
			*cause = xasprintf("%s is an IPv6 address, and this is an IPv4 socket: "
			    "make a tcp6 or udp6 socket", host);
			return false;
		}
		goto bad;
	}
	if (place != NULL)
		return true;
	return loopback_only(ss, *len, host, cause);
bad:
	*cause = xasprintf("'%s' is not an %s address: write HOST:PORT with a numeric host (%s), "
	    "or just a port", word_short(text), v6 ? "IPv6" : "IPv4", v6 ? "[::1]:8080" : "127.0.0.1:8080");
	return false;
}

/* A UNIX address from text (len bytes, which may hold NULs): "@name", or
 * a NUL and the name as C writes it ("\0name"), is abstract; a name
 * without a slash is a file in the lab's runtime directory; anything
 * else a path. */
static bool
parse_unix(struct lab *lab, const char *text, size_t textlen, struct sockaddr_storage *ss,
    socklen_t *len, char **cause)
{
	struct sockaddr_un	*un = (struct sockaddr_un *)ss;
	char			*path;
	size_t			 n;

	memset(ss, 0, sizeof *ss);
	un->sun_family = AF_UNIX;
	if (textlen == 1 && text[0] == '@') {
		/* Autobind: the kernel picks an abstract name. */
		*len = (socklen_t)offsetof(struct sockaddr_un, sun_path);
		return true;
	}
	if (textlen > 0 && (text[0] == '@' || text[0] == '\0')) {
		/* Every byte after the first is the name, NULs too. */
		n = textlen - 1;
		if (n + 1 > sizeof un->sun_path) {
			*cause = xasprintf("an abstract name is at most %zu bytes after the @ (or \\0)",
			    sizeof un->sun_path - 1);
			return false;
		}
		memcpy(un->sun_path + 1, text + 1, n);
		*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
		return true;
	}
	if (memchr(text, '\0', textlen) != NULL) {
		*cause = xstrdup("a UNIX socket's path ends at its first NUL byte: write the path "
		    "without one, or start with \\0 (or @) for an abstract name");
		return false;
	}
	path = strchr(text, '/') != NULL ? xstrdup(text) : runtime_path(lab->rt, text);
	n = strlen(path);
	if (n == 0 || n >= sizeof un->sun_path) {
		*cause = xasprintf("a UNIX socket's path is at most %zu bytes, and %s is %zu",
		    sizeof un->sun_path - 1, word_short(path), n);
		free(path);
		return false;
	}
	memcpy(un->sun_path, path, n);
	free(path);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return true;
}

static bool
parse_addr(struct lab *lab, const struct object *place, int family, const char *text,
    size_t textlen, struct buf *out, char **cause)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	if (family != AF_UNIX && memchr(text, '\0', textlen) != NULL) {
		*cause = xstrdup("an inet address holds no NUL byte: write HOST:PORT or a port");
		return false;
	}
	if (family == AF_UNIX ? !parse_unix(lab, text, textlen, &ss, &len, cause) :
	    !parse_inet(lab, place, text, family, &ss, &len, cause))
		return false;
	buf_add(out, &ss, len);
	return true;
}

/* A sockaddr in a log line: {AF_UNIX, "/run/.../s1.sock"}. */
static void
add_sockaddr(struct buf *b, const void *sa, size_t len)
{
	char	 text[SOCK_ADDR_LEN];

	if (len < sizeof(sa_family_t)) {
		buf_adds(b, "NULL");
		return;
	}
	sa_text(sa, len, text, sizeof text);
	if (((const struct sockaddr *)sa)->sa_family == AF_UNIX &&
	    len <= offsetof(struct sockaddr_un, sun_path))
		buf_adds(b, "{AF_UNIX}");	/* unnamed, or autobind */
	else if (((const struct sockaddr *)sa)->sa_family == AF_UNIX &&
	    ((const struct sockaddr_un *)sa)->sun_path[0] == '\0') {
		/* Abstract, as strace writes it: every byte of the name counts. */
		buf_adds(b, "{AF_UNIX, @");
		buf_add_quoted(b, ((const struct sockaddr_un *)sa)->sun_path + 1,
		    len - offsetof(struct sockaddr_un, sun_path) - 1, SOCK_ADDR_LEN);
		buf_addc(b, '}');
	} else if (((const struct sockaddr *)sa)->sa_family == AF_UNIX) {
		buf_adds(b, "{AF_UNIX, ");
		buf_add_quoted(b, text, strlen(text), SOCK_ADDR_LEN);
		buf_addc(b, '}');
	} else
		buf_printf(b, "{%s, %s}", family_name(((const struct sockaddr *)sa)->sa_family), text);
}

/* The socket object an argument names, and the descriptor. A number
 * that is no object of the lab's will do too: the real call decides. */
static bool
sock_fd(struct call *c, const char *argname, int *fd, struct sock **sp, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, argname);

	if (!lab_resolve_fd(c, a, -1, fd, cause))
		return false;
	if (c->obj != NULL && c->obj->mech != &socket_mechanism) {
		*cause = xasprintf("%s is a %s, not a socket", c->obj->name, c->obj->mech->name);
		c->err_column = a->column;
		return false;
	}
	*sp = c->obj != NULL ? sock_of(c->obj) : NULL;
	return true;
}

static struct sock_side *
call_side(const struct call *c)
{
	struct sock	*s;

	if (c->obj == NULL || c->obj->mech != &socket_mechanism)
		return NULL;
	s = sock_of(c->obj);
	return &s->side[c->end_which == 1 ? 1 : 0];
}

/* Data to send: a string, or a size of generated bytes. */
static bool
take_data(struct call *c, const struct arg *data, char **cause)
{
	if (!data->present)
		return true;
	if (data->is_number) {
		if (data->num > SEND_MAX) {
			*cause = xstrdup("a send is at most 4M of generated bytes per call");
			c->err_column = data->column;
			return false;
		}
		buf_add_pattern(&c->data, (size_t)data->num);
	} else
		buf_add(&c->data, data->str, data->len);
	return true;
}

static bool
take_count(struct call *c, int64_t *count, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, "COUNT");

	*count = a->present ? a->num : RECV_DEFAULT;
	if (*count > RECV_MAX) {
		*cause = xstrdup("COUNT is at most 1M per call");
		c->err_column = a->column;
		return false;
	}
	return true;
}

static void
add_msg_flags(struct buf *b, int64_t flags)
{
	static const struct flag_name	 names[] = {
		{ MSG_PEEK, "MSG_PEEK" }, { MSG_DONTWAIT, "MSG_DONTWAIT" },
		{ MSG_NOSIGNAL, "MSG_NOSIGNAL" }, { 0, NULL },
	};

	buf_add_flags(b, (unsigned long long)flags, names);
}

/* nowait, or nonblock where the verb takes it too (what send and recv
 * become): MSG_DONTWAIT. */
static int
nowait_flag(const struct cmd *cmd)
{
	return cmd_arg(cmd, "nowait")->present ||
	    (cmd_has_arg(cmd, "nonblock") && cmd_arg(cmd, "nonblock")->present) ? MSG_DONTWAIT : 0;
}

/* Sent data in a log line: "hello" or "abcd..." for generated bytes. */
static void
add_sent(struct buf *b, const struct call *c, size_t off)
{
	buf_add_quoted(b, c->data.data + off, c->data.len - off, SHOW_BYTES);
}

/* --- describe --- */

/* The lab's socket that has inode ino (on the sockets' filesystem,
 * which the socket like holds), and which of its two. */
static struct object *
object_by_ino(const struct object *like, uint32_t ino, int *which)
{
	struct fd_id	 id = { like->ids[0].dev, (ino_t)ino, -1 };
	struct object	*o;

	if (ino == 0 || like->nids == 0)
		return NULL;
	o = lab_object_by_id(like->lab, &id, which);
	return o != NULL && o->mech == &socket_mechanism ? o : NULL;
}

/* The lab's inet socket last seen with this local address. */
static struct object *
object_by_local(struct lab *lab, const char *local, int *which)
{
	struct object	*o;
	struct sock	*s;
	size_t		 i;
	int		 k;

	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		if (o->mech != &socket_mechanism)
			continue;
		s = sock_of(o);
		for (k = 0; k < o->nids; k++) {
			if (s->family != AF_UNIX && strcmp(s->side[k].local, local) == 0) {
				*which = k;
				return o;
			}
		}
	}
	return NULL;
}

/* "c1", "sp.b": an object's side by name. */
static void
side_name(char *out, size_t len, const struct object *o, int which)
{
	copy_str(out, len, o->name);
	if (o->nids > 1 && strlen(out) + 3 <= len) {
		strcat(out, ".");
		strcat(out, socket_ends[which].suffix);
	}
}

/* The port of "127.0.0.1:80" or "[::1]:80". */
static const char *
addr_port(const char *addr)
{
	const char	*colon = strrchr(addr, ':');

	return colon != NULL ? colon + 1 : "";
}

/* Whether a connection to addr is one a listener at local takes: the
 * same address, or the same port on a wildcard address. */
static bool
listener_takes(const char *local, const char *addr)
{
	if (strcmp(local, addr) == 0)
		return true;
	if (!text_wildcard(local))
		return false;
	return strcmp(addr_port(local), addr_port(addr)) == 0;
}

/* The lab's socket at the other end of sd (o's side), and which of its
 * two in *which; or NULL, and in name (len bytes) a connection waiting in
 * a listener's backlog ("(waiting in sv's backlog)"), or "". */
static struct object *
peer_object(struct object *o, const struct sock *s, const struct sock_diag *sd, int *which,
    char *name, size_t len)
{
	const struct netdiag	*nd = &o->lab->net;
	const struct sock_diag	*p = NULL;
	struct object		*po = NULL, *lo;
	uint64_t		 ns;
	size_t			 i, j;

	name[0] = '\0';
	if (s->family == AF_UNIX) {
		po = object_by_ino(o, sd->peer, which);
		/* Not accepted yet: the client is in a listener's backlog. */
		for (i = 0; po == NULL && i < nd->n && name[0] == '\0'; i++) {
			for (j = 0; j < nd->v[i].nicons; j++) {
				if (nd->v[i].icons[j] == sd->ino &&
				    (lo = object_by_ino(o, nd->v[i].ino, which)) != NULL) {
					snprintf(name, len, "(waiting in %s's backlog)", lo->name);
					break;
				}
			}
		}
	} else if (sd->remote[0] != '\0' && strcmp(addr_port(sd->remote), "0") != 0) {
		ns = peer_ns(sd);
		p = sd->type == SOCK_DGRAM ? netdiag_by_local(nd, ns, SOCK_DGRAM, sd->remote) :
		    netdiag_by_addrs(nd, ns, sd->remote, sd->local);
		if (p != NULL)
			po = object_by_ino(o, p->ino, which);
		if (po == NULL && p != NULL && p->ino == 0 && p->state != TCP_TIME_WAIT) {
			for (i = 0; i < nd->n; i++) {
				if (nd->v[i].state == TCP_LISTEN && nd->v[i].family == sd->family &&
				    (ns == 0 || nd->v[i].ns == ns) &&
				    listener_takes(nd->v[i].local, sd->remote) &&
				    (lo = object_by_ino(o, nd->v[i].ino, which)) != NULL) {
					snprintf(name, len, "(waiting in %s's backlog)", lo->name);
					break;
				}
			}
		}
		/* A datagram socket's peer need not send back: by address. */
		if (po == NULL && p == NULL && sd->type == SOCK_DGRAM)
			po = object_by_local(o->lab, sd->remote, which);
	}
	return po;
}

/* The socket at the other end: a lab socket ("sv"), a connection in a
 * listener's backlog, or just an address. */
static void
describe_peer(struct object *o, const struct sock *s, const struct sock_diag *sd,
    struct desc *d, struct buf *sum)
{
	struct object		*po, *place;
	struct actor		*holder;
	char			 name[SOCK_ADDR_LEN + 8];
	int			 which, fd;

	po = peer_object(o, s, sd, &which, name, sizeof name);
	if (po != NULL)
		side_name(name, sizeof name, po, which);
	desc_word(d, "peer", name);
	/* Who holds the other end: the actor at the other end. */
	if (po == NULL || !lab_find_holder(po, which, -1, &holder, &fd))
		holder = NULL;
	desc_word(d, "peer_actor", holder != NULL ? holder->name : "");
	/* The two halves of a pair go without saying. */
	if (name[0] != '\0' && po != o) {
		buf_adds(sum, name[0] == '(' ? ", " : " peer ");
		buf_adds(sum, name);
		if (holder != NULL) {
			buf_adds(sum, " (");
			buf_adds(sum, holder->name);
			/* On another host: which, as the actors pane says it. */
			place = lab_actor_place(holder);
			if (place != NULL && (s->host == NULL || strcmp(s->host, place->name) != 0)) {
				buf_addc(sum, '@');
				buf_adds(sum, place->name);
			}
			buf_addc(sum, ')');
		}
	}
}

/* A listener's connections waiting to be accepted: the client sockets
 * the lab knows, by name. */
static void
describe_pending(struct object *o, const struct sock_diag *sd, struct desc *d)
{
	const struct netdiag	*nd = &o->lab->net;
	const struct sock_diag	*e;
	struct object		*po;
	char			 name[SOCK_ADDR_LEN + 8];
	size_t			 i, j;
	int			 which;

	desc_list(d, "pending");
	if (sd->family == AF_UNIX) {
		for (j = 0; j < sd->nicons; j++) {
			/* Each is the inode of a connecting client. */
			po = object_by_ino(o, sd->icons[j], &which);
			if (po != NULL) {
				side_name(name, sizeof name, po, which);
				desc_word(d, NULL, name);
			} else
				desc_text(d, NULL, "inode %u", sd->icons[j]);
		}
	} else {
		for (i = 0; i < nd->n; i++) {
			e = &nd->v[i];
			if (e->family != sd->family || e->type != SOCK_STREAM || e->ino != 0 ||
			    (e->state != TCP_ESTABLISHED && e->state != TCP_SYN_RECV &&
			    e->state != 12 /* TCP_NEW_SYN_RECV */) || !listener_takes(sd->local, e->local))
				continue;
			po = object_by_local(o->lab, e->remote, &which);
			if (po != NULL) {
				side_name(name, sizeof name, po, which);
				desc_word(d, NULL, name);
			} else
				desc_word(d, NULL, e->remote);
		}
	}
	desc_close(d);
}

static const char *
short_path(struct lab *lab, const char *path)
{
	size_t	 n = strlen(lab->rt->dir);

	if (strncmp(path, lab->rt->dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static const char *
unit_word(enum netdiag_unit u)
{
	switch (u) {
	case NQ_BYTES:
		return "bytes";
	case NQ_NEXT_DATAGRAM:
		return "bytes of the next datagram";
	case NQ_ALL_MESSAGES:
		return "bytes of all the messages";
	case NQ_MEMORY:
		return "bytes of memory";
	case NQ_CONNECTIONS:
		return "connections";
	}
	return "";
}

static const char *
state_word(const struct sock *s, const struct sock_diag *sd)
{
	/* Unconnected: ss says UNCONN for what is not a TCP socket. */
	if (sd->state == TCP_CLOSE && (s->family == AF_UNIX || s->type == SOCK_DGRAM))
		return "UNCONN";
	return netdiag_state_name(sd->state);
}

/* Peek at what is queued to read, through a holder's descriptor. */
static void
describe_contents(struct object *o, int which, const struct sock *s, struct desc *d)
{
	struct actor	*holder;
	char		*p;
	ssize_t		 n;
	int		 fd, dup;

	if (!lab_find_holder(o, which, -1, &holder, &fd) ||
	    (dup = sys_pidfd_getfd(holder->pidfd, fd, 0)) == -1) {
		desc_text(d, "contents", "(cannot peek: no descriptor the lab can reach)");
		return;
	}
	p = xmalloc(PEEK_MAX);
	n = recv(dup, p, PEEK_MAX, MSG_PEEK | MSG_DONTWAIT);
	close(dup);
	if (n >= 0)
		desc_bytes(d, s->type == SOCK_STREAM ? "contents" : "next_message", p, (size_t)n);
	else if (errno == EAGAIN || errno == EWOULDBLOCK)
		desc_bytes(d, s->type == SOCK_STREAM ? "contents" : "next_message", "", 0);
	free(p);
}

static void
describe_side(struct object *o, int which, struct desc *d, enum desc_detail detail,
    struct buf *sum)
{
	struct sock		*s = sock_of(o);
	struct sock_side	*side = &s->side[which];
	const struct sock_diag	*sd = NULL, *peer;
	struct actor		*holder;
	const char		*state;
	int			 fd;
	bool			 held;

	held = lab_find_holder(o, which, -1, &holder, &fd);
	if (which < o->nids)
		sd = netdiag_by_ino(&o->lab->net, (uint32_t)o->ids[which].ino);
	/* A TCP socket nobody holds may live on (FIN_WAIT, TIME_WAIT),
	 * known only by its addresses. */
	if (sd == NULL && s->type == SOCK_STREAM && s->family != AF_UNIX &&
	    side->local[0] != '\0' && side->remote[0] != '\0')
		sd = netdiag_by_addrs(&o->lab->net, sock_ns(s, &o->lab->net), side->local,
		    side->remote);
	if (sd == NULL && held && s->family != AF_UNIX && o->lab->net.error == 0) {
		/* sock_diag lists the inet sockets in the kernel's lookup
		 * tables: not one that is new, only bound, or closed. */
		state = s->type == SOCK_STREAM ? "CLOSE" : "UNCONN";
		desc_word(d, "state", state);
		desc_word(d, "local", side->local);
		desc_word(d, "remote", "");
		buf_adds(sum, state);
		if (side->local[0] != '\0') {
			buf_addc(sum, ' ');
			buf_adds(sum, side->local);
		}
		return;
	}
	if (sd == NULL) {
		desc_word(d, "state", held ? "?" : "closed");
		desc_word(d, "local", side->local);
		desc_word(d, "remote", side->remote);
		if (held)
			buf_adds(sum, "not seen by sock_diag (netlink failed)");
		else
			buf_adds(sum, "closed: no descriptor is left");
		return;
	}
	if (s->family != AF_UNIX) {
		copy_str(side->local, sizeof side->local, sd->local);
		if (strcmp(addr_port(sd->remote), "0") != 0)
			copy_str(side->remote, sizeof side->remote, sd->remote);
	} else if (sd->name[0] != '\0')
		copy_str(side->local, sizeof side->local, sd->name);

	desc_word(d, "state", state_word(s, sd));
	buf_adds(sum, state_word(s, sd));
	if (!held)
		buf_adds(sum, " (closed by its holders)");
	desc_int(d, "inode", sd->ino);
	desc_word(d, "local", side->local);
	if (s->family != AF_UNIX && strcmp(addr_port(sd->remote), "0") != 0)
		desc_word(d, "remote", sd->remote);
	else if (s->family == AF_UNIX && (peer = netdiag_by_ino(&o->lab->net, sd->peer)) != NULL)
		desc_word(d, "remote", peer->name);	/* the peer's name, as getpeername gives it */
	else
		desc_word(d, "remote", "");
	/* A UNIX socket's name says little once it is connected; one in the
	 * runtime directory goes by its file's name. */
	if (side->local[0] != '\0' && (s->family != AF_UNIX || sd->state != TCP_ESTABLISHED)) {
		buf_addc(sum, ' ');
		buf_adds(sum, short_path(o->lab, side->local));
	}

	if (sd->state == TCP_LISTEN) {
		desc_gauge(d, "backlog", sd->rqueue, sd->wqueue);
		desc_int(d, "waiting", sd->rqueue);
		if (d != NULL)
			describe_pending(o, sd, d);
		buf_adds(sum, ", backlog ");
		buf_add_uint(sum, sd->rqueue);
		buf_addc(sum, '/');
		buf_add_uint(sum, sd->wqueue);
		return;
	}
	describe_peer(o, s, sd, d, sum);
	desc_int(d, "recv_queue", sd->rqueue);
	desc_word(d, "recv_queue_unit", unit_word(sd->rq_unit));
	desc_bool(d, "eof", sd->eof);
	desc_int(d, "send_queue", sd->wqueue);
	desc_word(d, "send_queue_unit", unit_word(sd->wq_unit));
	if (s->family != AF_UNIX && s->type == SOCK_STREAM && sd->have_mem) {
		desc_size(d, "recv_memory", sd->rmem);
		desc_size(d, "send_memory", sd->wmem);
	}
	if (s->family == AF_UNIX)
		desc_word(d, "shutdown", (const char *[]){ "none", "rd", "wr", "rdwr" }[sd->shutdown & 3]);
	if (sd->rqueue > 0) {
		switch (sd->rq_unit) {
		case NQ_NEXT_DATAGRAM:
			buf_adds(sum, ", next message ");
			buf_add_uint(sum, sd->rqueue);
			buf_adds(sum, sd->rqueue == 1 ? " byte" : " bytes");
			break;
		case NQ_ALL_MESSAGES:
			/* A read takes one message: next_message is it. */
			buf_adds(sum, ", ");
			buf_add_uint(sum, sd->rqueue);
			buf_adds(sum, sd->rqueue == 1 ? " byte in messages to read" :
			    " bytes in messages to read");
			break;
		case NQ_MEMORY:
			buf_adds(sum, ", datagrams to read (");
			buf_add_uint(sum, sd->rqueue);
			buf_adds(sum, " bytes of memory)");
			break;
		default:
			buf_adds(sum, ", ");
			buf_add_uint(sum, sd->rqueue);
			buf_adds(sum, sd->rqueue == 1 ? " byte to read" : " bytes to read");
		}
	}
	if (sd->eof)
		buf_adds(sum, sd->rqueue > 0 ? ", then end of file" : ", reads get end of file");
	if (sd->wqueue > 0 && sd->wq_unit == NQ_BYTES) {
		buf_adds(sum, ", ");
		buf_add_uint(sum, sd->wqueue);
		buf_adds(sum, sd->wqueue == 1 ? " byte unacknowledged" : " bytes unacknowledged");
	}
	if (detail != DETAIL_FULL || !held)
		return;
	if (sd->rqueue > 0)
		describe_contents(o, which, s, d);
	else
		desc_bytes(d, s->type == SOCK_STREAM ? "contents" : "next_message", "", 0);
}

/* The groups the socket joined, while it is held: its last close left
 * them all. */
static void
describe_groups(struct object *o, const struct sock_side *side, struct desc *d,
    struct buf *sum)
{
	struct actor	*holder;
	size_t		 i;
	int		 fd;

	if (side->ngroups == 0 || !lab_find_holder(o, 0, -1, &holder, &fd))
		return;
	desc_list(d, "groups");
	buf_adds(sum, ", member of ");
	for (i = 0; i < side->ngroups; i++) {
		desc_group(d, NULL);
		desc_word(d, "group", side->groups[i].group);
		desc_word(d, "interface", side->groups[i].ifname[0] != '\0' ?
		    side->groups[i].ifname : "(the route's)");
		desc_close(d);
		if (i > 0)
			buf_adds(sum, ", ");
		buf_adds(sum, side->groups[i].group);
		if (side->groups[i].ifname[0] != '\0')
			buf_printf(sum, " on %s", side->groups[i].ifname);
	}
	desc_close(d);
}

static void	socket_notice(struct object *);
static const struct sock_diag *diag_peer(struct lab *, const struct sock_diag *);

/* The sockets dumped (at most once a generation), and the version of the
 * descriptor tables that dump answers for (lab->net_fds). */
static void
net_dump(struct lab *lab)
{
	netdiag_refresh(&lab->net, lab->gen);
	lab->net_fds = lab_fds_version_now(lab);
}

/* Whether the last dump was taken with the tables as they are: who is
 * connected to whom moves only with a table (a socket made, connected or
 * accepted is a descriptor more). */
static bool
net_dump_current(struct lab *lab)
{
	return lab->net.valid && lab->net_fds == lab_fds_version_now(lab);
}

/* Whether the holders of socket ino (of o's socket file system) have
 * all been still since the last dump: false if none holds it (a TCP
 * socket's timers move it then). */
static bool
still_since_dump(struct object *o, uint64_t ino)
{
	struct fd_id	 id = o->ids[0];

	id.ino = ino;
	return lab_id_still_since(o->lab, &id, o->lab->net.at);
}

/* Whether an observed socket's line may be said from the last dump: what
 * sock_diag says of a socket (its state, queues and peer) moves only when
 * a holder of it or of its peer runs, so while every one of them has been
 * still since (a TUI's idle tick would otherwise dump every socket of the
 * machine for the few in view). */
static bool
dump_stands(struct object *o)
{
	struct lab		*lab = o->lab;
	const struct sock_diag	*sd, *peer;
	int			 k;

	if (!o->observed || !net_dump_current(lab))
		return false;
	for (k = 0; k < o->nids; k++) {
		if ((sd = netdiag_by_ino(&lab->net, (uint32_t)o->ids[k].ino)) == NULL ||
		    !still_since_dump(o, o->ids[k].ino))
			return false;
		if (o->nids == 1 && (peer = diag_peer(lab, sd)) != NULL &&
		    !still_since_dump(o, peer->ino))
			return false;
	}
	return true;
}

static void
socket_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct sock	*s = sock_of(o);
	struct desc	*full = detail == DETAIL_FULL ? d : NULL;
	struct buf	 sum, side;
	int		 k;

	/* A list line needs the kind and the summary only: the rest goes to
	 * full, which is NULL then. Only the full view needs the memory. */
	if (full != NULL && s->family != AF_UNIX)
		o->lab->net.want |= NETDIAG_MEMINFO;
	if (full != NULL || !dump_stands(o))
		net_dump(o->lab);
	/* A state shown is a state logged, however briefly it lasted. */
	socket_notice(o);
	desc_word(d, "kind", "socket");
	buf_init(&sum);
	buf_init(&side);
	buf_adds(&sum, s->family == AF_UNIX ? "unix" : kind_name(s->family, s->type));
	if (s->family == AF_UNIX || s->type == SOCK_SEQPACKET) {
		buf_addc(&sum, ' ');
		buf_adds(&sum, type_word(s->type));
	}
	if (o->nids > 1) {
		/* A pair: the two sockets side by side. */
		buf_adds(&sum, " pair:");
		desc_word(full, "family", "unix");
		desc_word(full, "type", type_word(s->type));
		for (k = 0; k < o->nids; k++) {
			desc_group(full, socket_ends[k].suffix);
			buf_reset(&side);
			describe_side(o, k, full, detail, &side);
			lab_describe_holders(o, full, "holders", k, -1);
			desc_close(full);
			buf_adds(&sum, k > 0 ? "; " : " ");
			buf_adds(&sum, socket_ends[k].suffix);
			buf_adds(&sum, ": ");
			buf_adds(&sum, side.data);
		}
		desc_string(d, "summary", sum.data);
		lab_describe_holders(o, full, "holders", -1, -1);
	} else {
		desc_word(full, "family", kind_name(s->family, s->type));
		desc_word(full, "type", type_word(s->type));
		buf_addc(&sum, ' ');
		describe_side(o, 0, full, detail, &sum);
		describe_groups(o, &s->side[0], full, &sum);
		desc_string(d, "summary", sum.data);
		lab_describe_holders(o, full, "holders", -1, -1);
	}
	lab_describe_blocked(o, full, "blocked");
	buf_free(&sum);
	buf_free(&side);
}

/* The topology's: each side's peer that is the lab's socket, as a list
 * "peers" of {end, peer, peer_object}; a listener has none. From the
 * dump describe reads, taken again only when it would be. */
static void
socket_describe_links(struct object *o, struct desc *d)
{
	struct sock		*s = sock_of(o);
	const struct sock_diag	*sd;
	struct object		*po;
	char			 name[SOCK_ADDR_LEN + 8], end[SOCK_ADDR_LEN + 8];
	int			 k, which;

	if (!dump_stands(o))
		net_dump(o->lab);
	desc_list(d, "peers");
	for (k = 0; k < o->nids; k++) {
		sd = netdiag_by_ino(&o->lab->net, (uint32_t)o->ids[k].ino);
		if (sd == NULL || sd->state == TCP_LISTEN ||
		    (po = peer_object(o, s, sd, &which, name, sizeof name)) == NULL)
			continue;
		side_name(name, sizeof name, po, which);
		side_name(end, sizeof end, o, k);
		desc_group(d, NULL);
		desc_word(d, "end", end);
		desc_word(d, "peer", name);
		desc_word(d, "peer_object", po->name);
		desc_close(d);
	}
	desc_close(d);
}

/* What a TCP state means, when the kernel moved a socket into it. */
static const char *
tcp_state_why(int state)
{
	switch (state) {
	case TCP_ESTABLISHED:
		return "connected";
	case TCP_SYN_SENT:
		return "it sent a SYN and waits for the answer";
	case TCP_FIN_WAIT1:
		return "it sent its FIN and waits for the peer to acknowledge it";
	case TCP_FIN_WAIT2:
		return "its FIN was acknowledged; it waits for the peer's FIN";
	case TCP_TIME_WAIT:
		return "both sides closed; the kernel keeps the connection a while "
		    "(2*MSL) so that late segments are not taken for a new one";
	case TCP_CLOSE:
		return "no connection: reset, refused or closed";
	case TCP_CLOSE_WAIT:
		return "the peer closed its side (a FIN came): reads return 0 once "
		    "the data is read";
	case TCP_LAST_ACK:
		return "closed after the peer; it waits for the ACK of its own FIN";
	case TCP_LISTEN:
		return "listening";
	case TCP_CLOSING:
		return "both sides sent a FIN at once";
	case SEEN_GONE:
		return "the kernel has forgotten the connection";
	}
	return "";
}

static const char *
seen_name(int state)
{
	return state == SEEN_GONE ? "closed" : netdiag_state_name(state);
}

/* A connection's state from which a reset ends it. */
static bool
tcp_connected(int state)
{
	return state == TCP_ESTABLISHED || state == TCP_SYN_RECV || state == TCP_FIN_WAIT1 ||
	    state == TCP_FIN_WAIT2 || state == TCP_CLOSE_WAIT || state == TCP_CLOSING ||
	    state == TCP_LAST_ACK;
}

/* The lab's TCP socket at the other end of side (its addresses crossed). */
static struct object *
tcp_peer_object(struct object *o, const struct sock_side *side)
{
	struct object	*po;
	struct sock	*ps;
	size_t		 i;

	if (side->local[0] == '\0' || side->remote[0] == '\0')
		return NULL;
	for (i = 0; i < o->lab->nobjects; i++) {
		po = o->lab->objects[i];
		if (po == o || po->mech != &socket_mechanism)
			continue;
		ps = sock_of(po);
		if (ps->family == AF_UNIX || ps->type != SOCK_STREAM)
			continue;
		if (strcmp(ps->side[0].local, side->remote) == 0 &&
		    strcmp(ps->side[0].remote, side->local) == 0)
			return po;
	}
	return NULL;
}

/* Why a connection ended in a reset, when the lab can tell: this socket
 * was closed with bytes unread (its last holder closed it, or ended), or
 * the peer was. The kernel answers such a close with a reset (RST), not
 * a FIN, and the reset gives the other side's next call an error. */
static bool
tcp_reset_why(struct object *o, int from, int to, bool held, struct buf *b)
{
	struct sock		*s = sock_of(o);
	struct sock_side	*side = &s->side[0];
	struct object		*po;
	struct sock		*ps;
	struct lab_holder	 h[1];

	if (!tcp_connected(from) || (to != TCP_CLOSE && to != SEEN_GONE))
		return false;
	if (!held && side->seen_unread > 0) {
		buf_printf(b, "closed with %u byte%s unread, so the kernel reset the connection "
		    "(it sent a RST, not a FIN)",
		    side->seen_unread, side->seen_unread == 1 ? "" : "s");
		return true;
	}
	if ((po = tcp_peer_object(o, side)) == NULL)
		return false;
	ps = sock_of(po);
	if (ps->side[0].seen_unread == 0 || lab_holders(po, h, 1) > 0)
		return false;
	/* The cause first: the peer's close, logged before this reset. */
	socket_notice(po);
	buf_printf(b, "reset: the peer %s was closed with %u byte%s unread, so the kernel "
	    "sent a reset (RST)", po->name, ps->side[0].seen_unread,
	    ps->side[0].seen_unread == 1 ? "" : "s");
	if (held)
		buf_printf(b, "; the next call here gets %s, then reads return 0",
		    from == TCP_CLOSE_WAIT ? "EPIPE" : "ECONNRESET");
	return true;
}

/* Controller: a TCP socket's state changes with no call of its own (the
 * peer's FIN, an ACK, the TIME_WAIT timer): each change is an event.
 * The first state a socket reaches (LISTEN, ESTABLISHED: its own
 * listen, connect or accept) is the call's line. */
static void
socket_notice(struct object *o)
{
	struct sock		*s = sock_of(o);
	struct sock_side	*side = &s->side[0];
	const struct sock_diag	*sd = NULL;
	struct actor		*holder;
	struct desc		*d;
	struct buf		 why;
	int			 fd, state;
	bool			 held;

	/* What observed processes' connections go through is theirs: the
	 * log is the lab's. */
	if (s->family == AF_UNIX || s->type != SOCK_STREAM || o->nids < 1 ||
	    o->observed || !lab_may_notice(o->lab))
		return;
	netdiag_refresh(&o->lab->net, o->lab->gen);
	if (o->lab->net.error != 0)
		return;
	held = lab_find_holder(o, 0, -1, &holder, &fd);
	sd = netdiag_by_ino(&o->lab->net, (uint32_t)o->ids[0].ino);
	if (sd == NULL && side->local[0] != '\0' && side->remote[0] != '\0')
		sd = netdiag_by_addrs(&o->lab->net, sock_ns(s, &o->lab->net), side->local,
		    side->remote);
	if (sd != NULL) {
		state = sd->state;
		copy_str(side->local, sizeof side->local, sd->local);
		if (strcmp(addr_port(sd->remote), "0") != 0)
			copy_str(side->remote, sizeof side->remote, sd->remote);
	} else
		state = held ? TCP_CLOSE : SEEN_GONE;
	if (held && sd != NULL && state != TCP_LISTEN)
		side->seen_unread = sd->rqueue;
	if (state == side->seen_state)
		return;
	if (side->seen_state == SEEN_NEW) {
		/* Not connected yet: the state its own calls give it. */
		if (state != TCP_CLOSE && state != SEEN_GONE)
			side->seen_state = state;
		return;
	}
	d = desc_new();
	desc_word(d, "from", seen_name(side->seen_state));
	desc_word(d, "to", seen_name(state));
	buf_init(&why);
	if (tcp_reset_why(o, side->seen_state, state, held, &why))
		desc_word(d, "reset", "yes");
	else
		buf_adds(&why, tcp_state_why(state));
	lab_record(o->lab, RECORD_STATE, o->name, REC_INFO, d, "TCP %s -> %s: %s",
	    seen_name(side->seen_state), seen_name(state), why.data);
	buf_free(&why);
	side->seen_state = state;
}

/* Gone when no descriptor holds it and the kernel has forgotten it: a
 * TCP socket lives on in FIN_WAIT2 or TIME_WAIT, found by its addresses. */
static bool
socket_gone(struct object *o)
{
	struct sock		*s = sock_of(o);
	struct lab_holder	 h[1];
	int			 k;

	if (lab_holders(o, h, 1) > 0)
		return false;
	if (s->family == AF_UNIX || s->type != SOCK_STREAM)
		return true;
	netdiag_refresh(&o->lab->net, o->lab->gen);
	if (o->lab->net.error != 0)
		return false;
	for (k = 0; k < o->nids; k++) {
		if (netdiag_by_ino(&o->lab->net, (uint32_t)o->ids[k].ino) != NULL ||
		    (s->side[k].local[0] != '\0' && s->side[k].remote[0] != '\0' &&
		    netdiag_by_addrs(&o->lab->net, sock_ns(s, &o->lab->net), s->side[k].local,
		    s->side[k].remote) != NULL))
			return false;
	}
	return true;
}

static void
socket_destroy(struct object *o)
{
	struct sock	*s = sock_of(o);
	struct stat	 st;
	int		 k;

	for (k = 0; k < 2; k++) {
		if (s->side[k].path != NULL && lstat(s->side[k].path, &st) == 0 &&
		    S_ISSOCK(st.st_mode) && st.st_dev == s->side[k].path_dev &&
		    st.st_ino == s->side[k].path_ino)
			unlink(s->side[k].path);
	}
}

static void
socket_release(struct object *o)
{
	struct sock	*s = sock_of(o);
	int		 k;

	for (k = 0; k < 2; k++) {
		freep(&s->side[k].path);
		freep(&s->side[k].abstract);
		freep(&s->side[k].groups);
		s->side[k].ngroups = 0;
	}
	freep(&s->host);
}

/* "DEV INO PATH" from a dead run: the file a bind made. */
static bool
socket_sweep(const char *args)
{
	unsigned long long	 dev, ino;
	struct stat		 st;
	int			 n = 0;

	if (sscanf(args, "%llu %llu %n", &dev, &ino, &n) != 2 || n == 0)
		return false;
	return lstat(args + n, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_dev == (dev_t)dev &&
	    st.st_ino == (ino_t)ino && unlink(args + n) == 0;
}

/* --- socket and socketpair --- */

static bool
socket_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	int			 kind = (int)cmd_arg(c->cmd, "TYPE")->num;

	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	c->newname = xstrdup(name->str);
	c->arg[0] = SOCK_KIND_FAMILY(kind);
	c->arg[1] = SOCK_KIND_TYPE(kind);
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[1] |= SOCK_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[1] |= SOCK_CLOEXEC;
	return true;
}

static void
socket_perform(struct actor_call *c)
{
	int	 fd;

	actor_begin(c);
	fd = socket((int)c->req->arg[0], (int)c->req->arg[1], 0);
	actor_end(c, fd);
	actor_fd_changed(c, fd);
}

static void
socket_finish(struct call *c)
{
	struct object	*o;

	if (c->ret < 0)
		return;
	o = &sock_new(c, (int)c->arg[0], (int)(c->arg[1] & 0xf))->base;
	object_set_id(o, 0, c->actor, (int)c->ret);
	c->obj = o;
	c->end_access = O_RDWR;
	c->end_which = 0;
}

static void
add_type_flags(struct buf *b, int64_t type)
{
	buf_adds(b, type_name((int)(type & 0xf)));
	if (type & SOCK_NONBLOCK)
		buf_adds(b, "|SOCK_NONBLOCK");
	if (type & SOCK_CLOEXEC)
		buf_adds(b, "|SOCK_CLOEXEC");
}

static void
socket_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "socket(%s, ", family_name((int)c->arg[0]));
	add_type_flags(b, c->arg[1]);
	buf_adds(b, ", 0)");
}

static void
socket_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld<%s>", (long long)c->ret, c->newname);
}

static const char *
socket_hint(const struct call *c)
{
	switch (c->err) {
	case EAFNOSUPPORT:
		return "this kernel has no such address family (IPv6 turned off?)";
	case EMFILE:
		return "the actor has as many descriptors open as its limit allows (ulimit -n)";
	default:
		return NULL;
	}
}

static const struct arg_spec socket_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the socket's name in the lab" },
	{ "TYPE", ARG_CHOICE, 0, sock_kinds,
	  "unix: AF_UNIX stream (and dgram, seqpacket); tcp, udp: AF_INET; tcp6, udp6: AF_INET6" },
	{ "nonblock", ARG_FLAG, 0, NULL, "SOCK_NONBLOCK: calls fail with EAGAIN (connect: EINPROGRESS) instead of waiting" },
	{ "cloexec", ARG_FLAG, 0, NULL, "SOCK_CLOEXEC" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_socket = {
	.name = "socket",
	.scope = CMD_ACTOR,
	.args = socket_args,
	.summary = "socket(): a new socket, UNIX, TCP or UDP",
	.help = "The actor calls socket. A stream socket (unix, tcp) is then either "
	    "bound and listening, to accept connections, or connected to a listener; "
	    "a datagram socket (unix-dgram, udp) sends to any address with sendto, or "
	    "connects to fix one. TCP and UDP sockets stay on loopback (127.0.0.1, ::1) on the "
	    "machine's own network; inside a host they use its addresses. "
	    "Its state, queues and peer are shown from sock_diag.",
	.example = "A socket s1 unix",
	.prepare = socket_prepare,
	.perform = socket_perform,
	.finish = socket_finish,
	.format = socket_format,
	.format_result = socket_result,
	.hint = socket_hint,
};

static bool
socketpair_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	const struct arg	*type = cmd_arg(c->cmd, "TYPE");

	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	c->newname = xstrdup(name->str);
	c->arg[0] = AF_UNIX;
	c->arg[1] = type->present ? type->num : SOCK_STREAM;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[1] |= SOCK_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[1] |= SOCK_CLOEXEC;
	return true;
}

static void
socketpair_perform(struct actor_call *c)
{
	int	 sv[2] = { -1, -1 }, r;

	actor_begin(c);
	r = socketpair((int)c->req->arg[0], (int)c->req->arg[1], 0, sv);
	actor_end(c, r);
	actor_fd_changed(c, sv[0]);
	actor_fd_changed(c, sv[1]);
	c->val[0] = sv[0];
	c->val[1] = sv[1];
}

static void
socketpair_finish(struct call *c)
{
	struct object	*o;

	if (c->ret != 0)
		return;
	o = &sock_new(c, AF_UNIX, (int)(c->arg[1] & 0xf))->base;
	object_set_id(o, 0, c->actor, (int)c->val[0]);
	object_set_id(o, 1, c->actor, (int)c->val[1]);
	c->obj = o;
}

static void
socketpair_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "socketpair(AF_UNIX, ");
	add_type_flags(b, c->arg[1]);
	buf_adds(b, ", 0, ");
	if (c->state == CALL_DONE && c->ret == 0)
		buf_printf(b, "[%lld<%s.a>, %lld<%s.b>]", (long long)c->val[0], c->newname,
		    (long long)c->val[1], c->newname);
	else
		buf_adds(b, "...");
	buf_addc(b, ')');
}

static const struct arg_spec socketpair_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the pair's name; its two sockets are NAME.a and NAME.b" },
	{ "TYPE", ARG_CHOICE, ARG_OPTIONAL, sock_types, "SOCK_STREAM (the default), SOCK_DGRAM or SOCK_SEQPACKET" },
	{ "nonblock", ARG_FLAG, 0, NULL, "SOCK_NONBLOCK on both" },
	{ "cloexec", ARG_FLAG, 0, NULL, "SOCK_CLOEXEC on both" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_socketpair = {
	.name = "socketpair",
	.scope = CMD_ACTOR,
	.args = socketpair_args,
	.summary = "socketpair(): two connected UNIX sockets, NAME.a and NAME.b",
	.help = "The actor calls socketpair and holds both sockets, already connected "
	    "to each other: what is sent on one is received on the other, both ways. "
	    "Fork after it and let each process close the socket it does not use.",
	.example = "A socketpair sp",
	.prepare = socketpair_prepare,
	.perform = socketpair_perform,
	.finish = socketpair_finish,
	.format = socketpair_format,
};

/* --- the bind before listen, connect and sends --- */

/* Where a reply says what the actor bound first (sock_actor_bind_first):
 * val[3] the step, val[4..7] the address bound, or tried. No verb that
 * binds first uses these values otherwise. */
#define VAL_BIND_STEP	3
#define VAL_BIND_ADDR	4
enum bind_step { BIND_NONE, BIND_MADE, BIND_FAILED };
/* The request's last argument: the socket may be an inet one (it is not
 * a UNIX socket of the lab's), so the actor looks whether to bind it. */
#define ARG_MAY_BIND	(WIRE_VALS - 1)

/* Whether the actor binds an unbound inet socket first (below): on the
 * machine itself; inside a host the kernel binds as it would (the
 * actor tells which its socket is in). */
static void
may_bind(struct call *c, const struct sock *s)
{
	c->arg[ARG_MAY_BIND] = s == NULL || s->family != AF_UNIX;
}

_Static_assert(sizeof(struct sockaddr_in6) <= sizeof(int64_t) * (WIRE_VALS - VAL_BIND_ADDR),
    "a bound address fits in the reply's values");

/* The kernel binds an unbound inet socket itself in some calls: to
 * every interface (0.0.0.0 or ::, a new port) in listen and in UDP's
 * first send of any kind (send, sendto, sendmsg, write), to the route's
 * source in connect. The lab binds it first instead, to the loopback
 * address of its family, port 0, in the same call: the address is the
 * lab's choice, not the kernel's, and the call's line says it. type
 * limits it to the sockets the call binds (SOCK_STREAM for listen,
 * SOCK_DGRAM for sends, 0 for any); dest is where the call goes, if it
 * says: an IPv6 socket headed for ::ffff:127.0.0.1 binds to that, as ::1
 * could not reach it. A socket is unbound when its port is 0 (the
 * address is then the wildcard: the rule lets nothing else be bound).
 * false when the bind failed: the call is not made, and the reply says
 * why. Runs in the actor; one getsockname (and getsockopt) when bound. */
bool
sock_actor_bind_first(struct actor_call *c, int fd, int type, const void *dest, size_t destlen)
{
	const struct sockaddr_in6	*to6 = dest;
	struct sockaddr_storage		 ss;
	struct sockaddr_in		*in = (struct sockaddr_in *)&ss;
	struct sockaddr_in6		*in6 = (struct sockaddr_in6 *)&ss;
	socklen_t			 len = sizeof ss, olen;
	int				 have, r;

	memset(&ss, 0, sizeof ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return true;		/* not a socket: the call says so */
	if (ss.ss_family == AF_INET && in->sin_port == 0) {
		memset(in, 0, sizeof *in);
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *in;
	} else if (ss.ss_family == AF_INET6 && in6->sin6_port == 0) {
		memset(in6, 0, sizeof *in6);
		in6->sin6_family = AF_INET6;
		if (dest != NULL && destlen >= sizeof *to6 && to6->sin6_family == AF_INET6 &&
		    IN6_IS_ADDR_V4MAPPED(&to6->sin6_addr)) {
			in6->sin6_addr.s6_addr[10] = in6->sin6_addr.s6_addr[11] = 0xff;
			in6->sin6_addr.s6_addr[12] = 127;
			in6->sin6_addr.s6_addr[15] = 1;
		} else
			in6->sin6_addr = in6addr_loopback;
		len = sizeof *in6;
	} else
		return true;		/* bound, or not inet */
	if (actor_fd_in_host(fd))
		return true;		/* inside a host: the kernel binds as it would */
	olen = sizeof have;
	if (type != 0 && getsockopt(fd, SOL_SOCKET, SO_TYPE, &have, &olen) == 0 && have != type)
		return true;		/* the kernel binds nothing in this call */
	actor_begin(c);
	r = bind(fd, (struct sockaddr *)&ss, len);
	if (r == -1) {
		actor_end(c, -1);
		c->val[VAL_BIND_STEP] = BIND_FAILED;
		memcpy(&c->val[VAL_BIND_ADDR], &ss, len);
		return false;
	}
	len = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		len = ss.ss_family == AF_INET ? sizeof *in : sizeof *in6;
	c->val[VAL_BIND_STEP] = BIND_MADE;
	memcpy(&c->val[VAL_BIND_ADDR], &ss, len);
	return true;
}

/* The address a reply says the actor bound first (or tried to), and its
 * length; 0 if it bound nothing. */
static socklen_t
bound_first(const struct call *c, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (c->state != CALL_DONE || c->val[VAL_BIND_STEP] == BIND_NONE)
		return 0;
	memcpy(ss, &c->val[VAL_BIND_ADDR], sizeof(struct sockaddr_in6));
	return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
}

/* A call's line with the bind made first, as the program would have made
 * it: "bind(3<t1>, {AF_INET, 127.0.0.1:0}, 16) = 0 (bound to
 * 127.0.0.1:41234); listen(3<t1>, 5)"; if that bind failed, "listen(3<t1>,
 * 5) not made: bind(3<t1>, {AF_INET6, [::1]:0}, 28)", which its error
 * follows. */
void
sock_format_bind_first(const struct call *c, struct buf *b, int fd,
    void (*format)(const struct call *, struct buf *))
{
	struct sockaddr_storage	 got, asked;
	socklen_t		 len = bound_first(c, &got);
	char			 text[SOCK_ADDR_LEN];

	if (len == 0) {
		format(c, b);
		return;
	}
	asked = got;
	if (asked.ss_family == AF_INET)
		((struct sockaddr_in *)&asked)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&asked)->sin6_port = 0;
	if (c->val[VAL_BIND_STEP] == BIND_FAILED) {
		format(c, b);
		buf_adds(b, " not made: ");
	}
	buf_adds(b, "bind(");
	lab_add_call_fd(b, c, fd);
	buf_adds(b, ", ");
	add_sockaddr(b, &asked, len);
	buf_printf(b, ", %u)", (unsigned)len);
	if (c->val[VAL_BIND_STEP] == BIND_FAILED)
		return;
	sa_text(&got, len, text, sizeof text);
	buf_printf(b, " = 0 (bound to %s); ", text);
	format(c, b);
}

/* Why the bind first failed, or NULL if it did not. */
static const char *
bind_first_hint(const struct call *c)
{
	if (c->state != CALL_DONE || c->val[VAL_BIND_STEP] != BIND_FAILED)
		return NULL;
	switch (c->err) {
	case EADDRNOTAVAIL:
		return "no interface has this loopback address (lo down, or IPv6 off on it?), and "
		    "the lab binds inet sockets nowhere else";
	case EADDRINUSE:
		return "no free port on loopback";
	default:
		return "the lab binds an unbound inet socket to loopback first, and that failed";
	}
}

/* finish: the socket's address, from the bind first, for what names it
 * by its address (a sendto to it). */
static void
bind_first_finish(struct call *c)
{
	struct sock_side	*side = call_side(c);
	struct sockaddr_storage	 ss;
	socklen_t		 len = bound_first(c, &ss);

	if (side != NULL && len != 0 && c->val[VAL_BIND_STEP] == BIND_MADE)
		sa_text(&ss, len, side->local, sizeof side->local);
}

/* describe_result: last.bound, the address the bind first got. */
static void
bind_first_describe(const struct call *c, struct desc *d)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = bound_first(c, &ss);
	char			 text[SOCK_ADDR_LEN];

	if (len == 0 || c->val[VAL_BIND_STEP] != BIND_MADE)
		return;
	sa_text(&ss, len, text, sizeof text);
	desc_word(d, "bound", text);
}

/* --- bind, listen, connect, accept --- */

/* The names a call reports, "LOCAL\0REMOTE", from the actor. */
static void
report_names(struct actor_call *c, int fd)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	char			 text[SOCK_ADDR_LEN];

	len = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		len = 0;
	sa_text(&ss, len, text, sizeof text);
	buf_add(&c->out, text, strlen(text) + 1);
	len = sizeof ss;
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1)
		len = 0;
	sa_text(&ss, len, text, sizeof text);
	buf_adds(&c->out, text);
}

/* Split "LOCAL\0REMOTE" into the side's addresses. */
static void
take_names(struct call *c, struct sock_side *side, bool remote_too)
{
	const char	*local = c->rdata.data != NULL ? c->rdata.data : "";
	size_t		 n = strlen(local);

	if (side != NULL && local[0] != '\0')
		snprintf(side->local, sizeof side->local, "%s", local);
	if (remote_too && c->rdata.len >= n + 1) {
		if (side != NULL)
			snprintf(side->remote, sizeof side->remote, "%s", local + n + 1);
		call_set_extra(c, "address", xstrdup(local + n + 1));
	}
	buf_reset(&c->rdata);
}

static bool
bind_prepare(struct call *c, char **cause)
{
	const struct arg	*addr = cmd_arg(c->cmd, "ADDR");
	struct sock		*s;
	char			*text;
	size_t			 textlen;
	int			 fd;
	bool			 ok;

	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	if (s == NULL) {
		*cause = xstrdup("bind needs a socket of the lab's (its family decides the address)");
		return false;
	}
	c->arg[0] = fd;
	if (addr->present && s->family != AF_UNIX && s->host != NULL &&
	    addr->len > 0 && strspn(addr->str, "0123456789") == addr->len) {
		/* A port alone, inside a host: every interface of it, as
		 * servers bind (on the machine itself, loopback). */
		text = xasprintf("%s:%s", s->family == AF_INET6 ? "[::]" : "0.0.0.0", addr->str);
		textlen = strlen(text);
	} else if (addr->present) {
		text = xmemdup(addr->str, addr->len + 1);
		textlen = addr->len;
	} else {
		if (s->family == AF_UNIX)
			text = xasprintf("%s.sock", c->obj->name);
		else if (s->host != NULL)
			text = xstrdup(s->family == AF_INET6 ? "[::]:0" : "0.0.0.0:0");
		else
			text = xstrdup(s->family == AF_INET6 ? "[::1]:0" : "127.0.0.1:0");
		textlen = strlen(text);
	}
	ok = parse_addr(c->lab, sock_place(c->lab, s), s->family, text, textlen, &c->data,
	    cause);
	free(text);
	if (!ok) {
		c->err_column = addr->column;
		return false;
	}
	/* A path: the actor records it, so that it is removed even if the
	 * lab is killed. */
	c->arg[1] = s->family == AF_UNIX && ((struct sockaddr_un *)c->data.data)->sun_path[0] != '\0';
	return true;
}

/* A socket file in the manifest by its absolute path, so that a sweep
 * from any directory finds it, with its device and inode, so that it
 * removes only that file. */
static void
record_socket_file(const char *path, const struct stat *st)
{
	char	 cwd[PATH_MAX];

	if (path[0] == '/') {
		runtime_record("socket", "%llu %llu %s", (unsigned long long)st->st_dev,
		    (unsigned long long)st->st_ino, path);
		return;
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (getcwd(cwd, sizeof cwd) != NULL)
		runtime_record("socket", "%llu %llu %s/%s", (unsigned long long)st->st_dev,
		    (unsigned long long)st->st_ino, strcmp(cwd, "/") == 0 ? "" : cwd, path);
}

static void
bind_perform(struct actor_call *c)
{
	const struct sockaddr_un	*un = (const void *)c->data;
	struct stat			 st;
	int				 fd = (int)c->req->arg[0], r;

	if (!actor_loopback_only(c, fd, c->data, c->data_len))
		return;
	actor_begin(c);
	r = bind(fd, (const struct sockaddr *)c->data, (socklen_t)c->data_len);
	actor_end(c, r);
	if (r == 0 && c->req->arg[1] && stat(un->sun_path, &st) == 0)
		record_socket_file(un->sun_path, &st);
	if (r == 0)
		report_names(c, fd);
}

static void
bind_finish(struct call *c)
{
	struct sock_side	*side = call_side(c);
	const struct sockaddr_un *un = (const void *)c->data.data;
	struct stat		 st;

	if (c->ret != 0) {
		buf_reset(&c->rdata);
		return;
	}
	if (side != NULL && c->arg[1] && stat(un->sun_path, &st) == 0) {
		free(side->path);
		side->path = xstrdup(un->sun_path);
		side->path_dev = st.st_dev;
		side->path_ino = st.st_ino;
	}
	if (side != NULL && c->data.len > offsetof(struct sockaddr_un, sun_path) &&
	    un->sun_family == AF_UNIX && un->sun_path[0] == '\0') {
		free(side->abstract);
		side->abstract = xmemdup(c->data.data, c->data.len);
		side->abstract_len = c->data.len;
	}
	take_names(c, side, false);
	/* The address it got, as data: last.data (port 0 picks one). */
	if (side != NULL)
		buf_adds(&c->rdata, side->local);
}

static void
bind_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "bind(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	add_sockaddr(b, c->data.data, c->data.len);
	buf_printf(b, ", %zu)", c->data.len);
}

static void
bind_result(const struct call *c, struct buf *b)
{
	char	 asked[SOCK_ADDR_LEN];

	sa_text(c->data.data, c->data.len, asked, sizeof asked);
	buf_printf(b, "%lld", (long long)c->ret);
	if (c->rdata.len > 0 && strcmp(asked, c->rdata.data) != 0)
		buf_printf(b, " (bound to %s)", c->rdata.data);
}

/* Whether the call's socket (arg[0]) listens now: SO_ACCEPTCONN through
 * a duplicate of the actor's descriptor; -1 if it cannot be told. */
static int
call_sock_listens(const struct call *c)
{
	socklen_t	 len = sizeof(int);
	int		 dup, on = -1;

	if ((dup = sys_pidfd_getfd(c->actor->proc->pidfd, (int)c->arg[0], 0)) == -1)
		return -1;
	if (getsockopt(dup, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == -1)
		on = -1;
	close(dup);
	return on;
}

/* Whether the call's socket (arg[0]) has an address of its own (bound)
 * and a peer (connected), read through a duplicate of the actor's
 * descriptor; false if it cannot be told. */
static bool
call_sock_state(const struct call *c, bool *bound, bool *connected)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss;
	int			 dup;

	if ((dup = sys_pidfd_getfd(c->actor->proc->pidfd, (int)c->arg[0], 0)) == -1)
		return false;
	memset(&ss, 0, sizeof ss);
	if (getsockname(dup, (struct sockaddr *)&ss, &len) == -1) {
		close(dup);
		return false;
	}
	if (ss.ss_family == AF_UNIX)
		*bound = len > sizeof(sa_family_t);
	else if (ss.ss_family == AF_INET)
		*bound = ((struct sockaddr_in *)&ss)->sin_port != 0;
	else
		*bound = ((struct sockaddr_in6 *)&ss)->sin6_port != 0;
	len = sizeof ss;
	*connected = getpeername(dup, (struct sockaddr *)&ss, &len) == 0;
	close(dup);
	return true;
}

static const char *
bind_hint(const struct call *c)
{
	bool	 bound, connected;

	switch (c->err) {
	case EADDRINUSE:
		return "another socket has this address: a UNIX path stays taken until its file is "
		    "unlinked, a port until its socket is closed (and in TIME_WAIT, unless reuseaddr)";
	case EINVAL:
		if (call_sock_state(c, &bound, &connected) && bound)
			return "the socket is bound already";
		return NULL;
	case ENOENT:
		return "a directory on the path does not exist";
	case EACCES:
		if (c->obj == NULL || c->obj->mech != &socket_mechanism)
			return NULL;
		return sock_of(c->obj)->family == AF_UNIX ?
		    "no permission to create the file there" :
		    "a port below 1024 needs CAP_NET_BIND_SERVICE";
	case EADDRNOTAVAIL:
		return "no interface of this machine has that address";
	default:
		return NULL;
	}
}

static const struct arg_spec bind_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "ADDR", ARG_WORD, ARG_OPTIONAL, NULL,
	  "unix: a name (a file in the runtime directory), a /path, @abstract or \"\\0abstract\", or @ for a name the kernel picks (default: SOCKET.sock); "
	  "inet: HOST:PORT, [::1]:PORT or PORT, HOST a loopback address (default: loopback, port 0: the kernel picks one); inside a host any address or a host's name, and PORT alone is every interface" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_bind = {
	.name = "bind",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = bind_args,
	.summary = "bind(): give a socket its address",
	.help = "The actor binds the socket to an address. A UNIX path is a file that "
	    "stays until it is unlinked (the lab removes the ones its actors made); an "
	    "abstract name (@name, or \"\\0name\" as C writes it: every byte after "
	    "the @ or NUL) is no file and vanishes with the socket. On the machine's own "
	    "network an inet socket binds to loopback, and only there: another address "
	    "is refused; inside a host it binds to any of the host's (a port alone: "
	    "every interface, 0.0.0.0 or ::). Port 0 lets the "
	    "kernel pick a free one: last.data and show hold the address it got.",
	.example = "B bind srv",
	.prepare = bind_prepare,
	.perform = bind_perform,
	.finish = bind_finish,
	.format = bind_format,
	.format_result = bind_result,
	.hint = bind_hint,
};

static bool
listen_prepare(struct call *c, char **cause)
{
	const struct arg	*backlog = cmd_arg(c->cmd, "BACKLOG");
	struct sock		*s;
	int			 fd;

	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = backlog->present ? backlog->num : BACKLOG_DEFAULT;
	may_bind(c, s);
	if (c->arg[1] < 0 || c->arg[1] > 65535) {
		*cause = xstrdup("BACKLOG is 0 to 65535 (the kernel caps it at net.core.somaxconn)");
		c->err_column = backlog->column;
		return false;
	}
	return true;
}

static void
listen_perform(struct actor_call *c)
{
	int	 r;

	if (c->req->arg[ARG_MAY_BIND] &&
	    !sock_actor_bind_first(c, (int)c->req->arg[0], SOCK_STREAM, NULL, 0))
		return;
	actor_begin(c);
	r = listen((int)c->req->arg[0], (int)c->req->arg[1]);
	actor_end(c, r);
	if (r == 0)
		report_names(c, (int)c->req->arg[0]);
}

static void
listen_finish(struct call *c)
{
	struct sock_side	*side = call_side(c);

	if (c->ret == 0 && side != NULL)
		side->backlog = (int)c->arg[1];
	take_names(c, c->ret == 0 ? side : NULL, false);
}

static void
listen_call_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "listen(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", %lld)", (long long)c->arg[1]);
}

static void
listen_format(const struct call *c, struct buf *b)
{
	sock_format_bind_first(c, b, (int)c->arg[0], listen_call_format);
}

static const char *
listen_hint(const struct call *c)
{
	const char	*hint;
	bool		 bound, connected;

	if ((hint = bind_first_hint(c)) != NULL)
		return hint;
	switch (c->err) {
	case EOPNOTSUPP:
		return "only stream and seqpacket sockets listen";
	case EINVAL:
		if (!call_sock_state(c, &bound, &connected))
			return NULL;
		if (connected)
			return "a connected socket cannot listen";
		if (!bound)
			return "a UNIX socket must be bound first";
		return NULL;
	case EADDRINUSE:
		return "another socket listens on the port";
	default:
		return NULL;
	}
}

static const struct arg_spec listen_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a stream or seqpacket socket (bound, if UNIX)" },
	{ "BACKLOG", ARG_INT, ARG_OPTIONAL, NULL, "how many connections may wait to be accepted (default 5)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_listen = {
	.name = "listen",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = listen_args,
	.summary = "listen(): take connections, up to BACKLOG waiting",
	.help = "The actor makes the socket a listener. Connections then complete "
	    "without the listener doing anything and wait in its backlog until "
	    "accept takes them; when the backlog is full, a UNIX connect waits (or "
	    "fails with EAGAIN if nonblocking) and a TCP one keeps resending its SYN. "
	    "show lists the connections waiting, by name. On the machine's own network a "
	    "TCP socket not bound yet is bound to loopback first, in the same call "
	    "(last.bound).",
	.example = "B listen srv 1",
	.prepare = listen_prepare,
	.perform = listen_perform,
	.finish = listen_finish,
	.format = listen_format,
	.hint = listen_hint,
	.describe_result = bind_first_describe,
};

/* Whether a socket of the lab's named as the target can be reached from
 * the call's network at the address it is bound to: from another
 * namespace, not at an abstract name (each namespace has its own) nor
 * at a loopback address (each has its own loopback); a socket bound to
 * every interface of a host is reached at that host's address. */
static bool
target_reachable(const struct call *c, const struct object *o, const struct sock *t,
    char **cause)
{
	const struct object	*here = call_place(c);
	const char		*from = here != NULL ? here->name : NULL, *local = t->side[0].local;

	if ((from == NULL && t->host == NULL) ||
	    (from != NULL && t->host != NULL && strcmp(from, t->host) == 0))
		return true;
	if (t->family == AF_UNIX && t->side[0].abstract == NULL)
		return true;	/* a path: the file system is the machine's */
	if (t->family == AF_UNIX) {
		*cause = xasprintf("%s's abstract name is in %s's network namespace, and each has "
		    "its own: %s cannot reach it from %s (bind %s to a path)", o->name,
		    t->host != NULL ? t->host : "the machine", c->actor->name,
		    from != NULL ? from : "the machine", o->name);
		return false;
	}
	if (t->host != NULL && text_wildcard(local))
		return true;
	if (t->host == NULL || text_loopback(local)) {
		*cause = xasprintf("%s is bound to %s on %s's loopback, which %s cannot reach from "
		    "%s%s", o->name, local, t->host != NULL ? t->host : "the machine",
		    c->actor->name, from != NULL ? from : "the machine", t->host != NULL ?
		    ": bind it to a port alone (every interface) or to its link address" :
		    ": the machine's own sockets are on no link");
		return false;
	}
	return true;
}

/* The address a TO argument means: a socket of the lab's (its address),
 * or an address. */
static bool
take_target(struct call *c, const struct arg *to, int family, struct buf *out, char **cause)
{
	struct object		*o = lab_object(c->lab, to->str);
	struct sock		*t;
	char			 text[SOCK_ADDR_LEN];

	c->err_column = to->column;
	if (o != NULL && o->mech != &socket_mechanism) {
		*cause = xasprintf("%s is a %s, not a socket", o->name, o->mech->name);
		return false;
	}
	if (o != NULL) {
		t = sock_of(o);
		if (t->family != family) {
			*cause = xasprintf("%s is a %s socket and %s a %s one: a socket reaches only its own family",
			    o->name, kind_name(t->family, t->type),
			    c->obj != NULL ? c->obj->name : "this",
			    c->obj != NULL ? kind_name(sock_of(c->obj)->family,
			    sock_of(c->obj)->type) : family_name(family));
			return false;
		}
		if (t->side[0].local[0] == '\0' || o->nids > 1) {
			*cause = xasprintf("%s has no address yet: bind it first", o->name);
			return false;
		}
		if (!target_reachable(c, o, t, cause))
			return false;
		if (t->side[0].abstract != NULL) {
			buf_add(out, t->side[0].abstract, t->side[0].abstract_len);
			return true;
		}
		/* On loopback, as every inet socket of the lab's on the
		 * machine is; one bound to every interface of a host is
		 * reached at that host's address. */
		if (t->host != NULL && text_wildcard(t->side[0].local))
			snprintf(text, sizeof text, "%s%s%s:%s", family == AF_INET6 ? "[" : "",
			    t->host, family == AF_INET6 ? "]" : "", addr_port(t->side[0].local));
		else
			snprintf(text, sizeof text, "%s", t->side[0].local);
		return parse_addr(c->lab, call_place(c), family, text, strlen(text), out, cause);
	}
	if (!parse_addr(c->lab, call_place(c), family, to->str, to->len, out, cause))
		return false;
	c->err_column = 0;
	return true;
}

static bool
connect_prepare(struct call *c, char **cause)
{
	struct sock	*s;
	int		 fd;

	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	if (s == NULL) {
		*cause = xstrdup("connect needs a socket of the lab's (its family decides the address)");
		return false;
	}
	c->arg[0] = fd;
	may_bind(c, s);
	return take_target(c, cmd_arg(c->cmd, "TO"), s->family, &c->data, cause);
}

static void
connect_perform(struct actor_call *c)
{
	int	 r;

	if (!actor_loopback_only(c, (int)c->req->arg[0], c->data, c->data_len))
		return;
	if (c->req->arg[ARG_MAY_BIND] &&
	    !sock_actor_bind_first(c, (int)c->req->arg[0], 0, c->data, c->data_len))
		return;
	actor_begin(c);
	r = connect((int)c->req->arg[0], (const struct sockaddr *)c->data, (socklen_t)c->data_len);
	actor_end(c, r);
	if (r == 0 || c->err == EINPROGRESS)
		report_names(c, (int)c->req->arg[0]);
}

static void
connect_finish(struct call *c)
{
	struct sock_side	*side = call_side(c);

	take_names(c, c->ret == 0 || c->err == EINPROGRESS ? side : NULL, true);
	/* Not connected yet (EINPROGRESS): the peer is the one asked for. */
	if (side != NULL && c->err == EINPROGRESS)
		sa_text(c->data.data, c->data.len, side->remote, sizeof side->remote);
}

static void
connect_call_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "connect(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	add_sockaddr(b, c->data.data, c->data.len);
	buf_printf(b, ", %zu)", c->data.len);
}

static void
connect_format(const struct call *c, struct buf *b)
{
	sock_format_bind_first(c, b, (int)c->arg[0], connect_call_format);
}

static const char *
connect_hint(const struct call *c)
{
	const char	*hint;

	if ((hint = bind_first_hint(c)) != NULL)
		return hint;
	switch (c->err) {
	case ECONNREFUSED:
		return "nothing listens at that address";
	case ENOENT:
		return "no socket file at that path";
	case EAGAIN:
		return "the listener's backlog is full and the socket is nonblocking";
	case EINPROGRESS:
		return "nonblocking: the connection goes on without the caller; show has its state";
	case EISCONN:
		return "the socket is connected already";
	case EPROTOTYPE:
		return "the socket at that address is of another type (stream, dgram, seqpacket)";
	case ETIMEDOUT:
		return "no answer: the listener's backlog stayed full";
	case EALREADY:
		return "a nonblocking connect is still going on";
	default:
		return NULL;
	}
}

static const struct arg_spec connect_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "TO", ARG_WORD, ARG_OBJECTS, NULL, "a socket of the lab's (its address), or an address as bind takes it" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_connect = {
	.name = "connect",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = connect_args,
	.summary = "connect(): connect to a listener, or fix a datagram socket's peer",
	.help = "The actor connects the socket to TO. A stream connect completes when "
	    "the listener's kernel takes it into the backlog, before any accept; "
	    "when the backlog is full it waits. A datagram socket only records the "
	    "address: send then goes there, and only datagrams from there arrive. "
	    "On the machine's own network an inet socket not bound yet is bound to "
	    "loopback first (last.bound).",
	.example = "A connect c1 srv",
	.prepare = connect_prepare,
	.perform = connect_perform,
	.finish = connect_finish,
	.format = connect_format,
	.hint = connect_hint,
	.describe_result = bind_first_describe,
};

static bool
accept_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	struct sock		*s;
	int			 fd;

	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	c->newname = xstrdup(name->str);
	c->arg[0] = fd;
	c->arg[1] = 0;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[1] |= SOCK_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[1] |= SOCK_CLOEXEC;
	return true;
}

static void
accept_perform(struct actor_call *c)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss, ol;
	int			 fd, v;

	actor_begin(c);
	fd = accept4((int)c->req->arg[0], (struct sockaddr *)&ss, &len, (int)c->req->arg[1]);
	actor_end(c, fd);
	actor_fd_changed(c, fd);
	if (fd == -1)
		return;
	ol = sizeof v;
	c->val[0] = getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &ol) == 0 ? v : AF_UNIX;
	ol = sizeof v;
	c->val[1] = getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &ol) == 0 ? v : SOCK_STREAM;
	c->val[2] = len;
	report_names(c, fd);
}

static void
accept_finish(struct call *c)
{
	struct object	*o;
	struct sock	*s;

	if (c->ret < 0)
		return;
	s = sock_new(c, (int)c->val[0], (int)c->val[1]);
	o = &s->base;
	object_set_id(o, 0, c->actor, (int)c->ret);
	take_names(c, &s->side[0], true);
	c->obj = o;
	c->end_which = 0;
	c->end_access = O_RDWR;
}

static void
accept_format(const struct call *c, struct buf *b)
{
	buf_adds(b, c->arg[1] != 0 ? "accept4(" : "accept(");
	/* After finish, obj is the new socket: the listener by its number. */
	lab_add_actor_fd(b, c->actor, (int)c->arg[0]);
	buf_adds(b, ", ");
	if (c->state == CALL_DONE && c->ret >= 0 && c->extra != NULL) {
		if (c->val[0] == AF_UNIX && c->extra[0] == '\0')
			buf_adds(b, "{AF_UNIX}");	/* an unbound client */
		else if (c->val[0] == AF_UNIX)
			buf_printf(b, "{AF_UNIX, \"%s\"}", c->extra);
		else
			buf_printf(b, "{%s, %s}", family_name((int)c->val[0]), c->extra);
		buf_printf(b, ", [%lld]", (long long)c->val[2]);
	} else
		buf_adds(b, "..., ...");
	if (c->arg[1] != 0) {
		buf_adds(b, ", ");
		if ((c->arg[1] & SOCK_NONBLOCK) && (c->arg[1] & SOCK_CLOEXEC))
			buf_adds(b, "SOCK_NONBLOCK|SOCK_CLOEXEC");
		else
			buf_adds(b, c->arg[1] & SOCK_NONBLOCK ? "SOCK_NONBLOCK" : "SOCK_CLOEXEC");
	}
	buf_addc(b, ')');
}

static const char *
accept_hint(const struct call *c)
{
	switch (c->err) {
	case EINVAL:
		return "the socket is not listening: listen first";
	case EAGAIN:
		return "no connection is waiting, and the call (or socket) is nonblocking";
	case EOPNOTSUPP:
		return "datagram sockets have no connections to accept";
	default:
		return NULL;
	}
}

static const struct arg_spec accept_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a listening socket" },
	{ "NAME", ARG_NAME, 0, NULL, "the name of the connected socket it returns" },
	{ "nonblock", ARG_FLAG, 0, NULL, "SOCK_NONBLOCK on the new socket (accept4)" },
	{ "cloexec", ARG_FLAG, 0, NULL, "SOCK_CLOEXEC on the new socket (accept4)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_accept = {
	.name = "accept",
	.alias = "accept4",
	.scope = CMD_ACTOR,
	.args = accept_args,
	.summary = "accept(): take a connection from the backlog as a new socket",
	.help = "The actor takes the first connection waiting on the listener and gets "
	    "a new socket, NAME, connected to the client; the listener goes on "
	    "listening. With nothing waiting it blocks (EAGAIN if the listener is "
	    "nonblocking). last.address is the client's address.",
	.example = "B accept srv c1",
	.prepare = accept_prepare,
	.perform = accept_perform,
	.finish = accept_finish,
	.format = accept_format,
	.format_result = socket_result,
	.hint = accept_hint,
};

/* --- send, recv, sendto, recvfrom --- */

static const struct cmd_entry cmd_sendto;

/* The multicast group a sendto's destination is (struct in_addr or
 * in6_addr, its family in *family), or NULL; c is a sendto's. */
static const void *
sendto_group(const struct call *c, int *family)
{
	const struct sockaddr_in	*in = (const struct sockaddr_in *)c->data.data;
	const struct sockaddr_in6	*in6 = (const struct sockaddr_in6 *)c->data.data;
	size_t				 alen = (size_t)c->arg[2];

	if (alen > c->data.len || alen < sizeof(sa_family_t))
		return NULL;
	*family = in->sin_family;
	if (in->sin_family == AF_INET && alen >= sizeof *in &&
	    IN_MULTICAST(ntohl(in->sin_addr.s_addr)))
		return &in->sin_addr;
	if (in6->sin6_family == AF_INET6 && alen >= sizeof *in6 &&
	    IN6_IS_ADDR_MULTICAST(&in6->sin6_addr))
		return &in6->sin6_addr;
	return NULL;
}

/* What an inet datagram socket's send says more than its errno: the
 * broadcast that needs SO_BROADCAST, the group with no route. */
static const char *
send_inet_hint(const struct call *c)
{
	static char	 hint[160];
	struct sock	*s;
	int		 family;

	if (c->obj == NULL || c->obj->mech != &socket_mechanism)
		return NULL;
	s = sock_of(c->obj);
	if (s->family == AF_UNIX || s->type != SOCK_DGRAM)
		return NULL;
	switch (c->err) {
	case EACCES:
		snprintf(hint, sizeof hint, "a broadcast needs SO_BROADCAST first: setsockopt %s "
		    "broadcast", c->obj->name);
		return hint;
	case ENETUNREACH:
		if (c->verb != &cmd_sendto || sendto_group(c, &family) == NULL)
			return "no route to this address";
		snprintf(hint, sizeof hint, "no route to the group: a host's multicast route goes "
		    "through its first link; or choose one: setsockopt %s %s IF", c->obj->name,
		    s->family == AF_INET6 ? "ipv6_multicast_if" : "ip_multicast_if");
		return hint;
	default:
		return NULL;
	}
}

static const char *
send_hint(const struct call *c)
{
	const char	*hint;

	if ((hint = bind_first_hint(c)) != NULL || (hint = send_inet_hint(c)) != NULL)
		return hint;
	switch (c->err) {
	case ENOTCONN:
		return "the socket is not connected: connect it (or sendto an address)";
	case EDESTADDRREQ:
		return "the socket has no peer: connect it, or use sendto with an address";
	case EPIPE:
		return "the peer closed or shut down its end (the kernel sent SIGPIPE too)";
	case EAGAIN:
		return "the send buffer is full (or the peer's receive queue) and the call is nonblocking";
	case EMSGSIZE:
		return "a datagram this large does not fit (the send buffer, or 65507 bytes for UDP)";
	case ECONNREFUSED:
		return "nobody listens at the peer's address (an earlier datagram was refused)";
	case ECONNRESET:
		return "the peer reset the connection (it closed with data unread)";
	default:
		return NULL;
	}
}

static const char *
recv_hint(const struct call *c)
{
	int	 listens;

	switch (c->err) {
	case ENOTCONN:
		return "the socket is not connected";
	case EAGAIN:
		return "nothing is queued and the call is nonblocking";
	case EINVAL:
		/* A UNIX stream socket says EINVAL whether it listens or is
		 * not connected yet. */
		if ((listens = call_sock_listens(c)) == 1)
			return "a listening socket has connections, not data: accept";
		if (listens == 0 && c->obj != NULL && sock_of(c->obj)->family == AF_UNIX &&
		    sock_of(c->obj)->type == SOCK_STREAM)
			return "the socket is not connected (a UNIX stream socket says EINVAL)";
		return NULL;
	case ECONNRESET:
		return "the peer reset the connection (it closed with data unread)";
	default:
		return NULL;
	}
}

static bool
send_prepare(struct call *c, char **cause)
{
	struct sock	*s;
	int		 fd;

	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = nowait_flag(c->cmd);
	may_bind(c, s);
	return take_data(c, cmd_arg(c->cmd, "DATA"), cause);
}

static void
send_perform(struct actor_call *c)
{
	ssize_t	 n;

	if (c->req->arg[ARG_MAY_BIND] &&
	    !sock_actor_bind_first(c, (int)c->req->arg[0], SOCK_DGRAM, NULL, 0))
		return;
	actor_begin(c);
	n = send((int)c->req->arg[0], c->data, c->data_len, (int)c->req->arg[1]);
	actor_end(c, n);
}

static void
send_call_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "send(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	add_sent(b, c, 0);
	buf_printf(b, ", %zu, ", c->data.len);
	add_msg_flags(b, c->arg[1]);
	buf_addc(b, ')');
}

static void
send_format(const struct call *c, struct buf *b)
{
	sock_format_bind_first(c, b, (int)c->arg[0], send_call_format);
}

static const struct arg_spec send_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "DATA", ARG_DATA, 0, NULL, "a quoted string, or a size (4k) of generated bytes" },
	{ "nonblock", ARG_FLAG, 0, NULL, "MSG_DONTWAIT" },
	{ "nowait", ARG_FLAG, 0, NULL, "MSG_DONTWAIT" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sock_send = {
	.name = "socket_send",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.hidden = true,
	.args = send_args,
	.summary = "send(): what send on a socket makes",
	.prepare = send_prepare,
	.perform = send_perform,
	.finish = bind_first_finish,
	.format = send_format,
	.hint = send_hint,
	.describe_result = bind_first_describe,
};

static bool
recv_prepare(struct call *c, char **cause)
{
	struct sock	*s;
	int64_t		 count;
	int		 fd;

	if (!sock_fd(c, "SOCKET", &fd, &s, cause) || !take_count(c, &count, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = count;
	c->arg[2] = nowait_flag(c->cmd) | (cmd_arg(c->cmd, "peek")->present ? MSG_PEEK : 0);
	return true;
}

static void
recv_perform(struct actor_call *c)
{
	size_t	 count = (size_t)c->req->arg[1];
	ssize_t	 n;
	char	*p = xmalloc(count > 0 ? count : 1);

	actor_begin(c);
	n = recv((int)c->req->arg[0], p, count, (int)c->req->arg[2]);
	actor_end(c, n);
	if (n > 0)
		buf_add(&c->out, p, (size_t)n);
	free(p);
}

static void
recv_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "recv(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	if (c->state == CALL_DONE && c->ret >= 0)
		buf_add_quoted(b, c->rdata.data, c->rdata.len, SHOW_BYTES);
	else
		buf_adds(b, "...");
	buf_printf(b, ", %lld, ", (long long)c->arg[1]);
	add_msg_flags(b, c->arg[2]);
	buf_addc(b, ')');
}

static const struct arg_spec recv_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "COUNT", ARG_SIZE, ARG_OPTIONAL, NULL, "the most bytes to take (default 64k)" },
	{ "nonblock", ARG_FLAG, 0, NULL, "MSG_DONTWAIT" },
	{ "nowait", ARG_FLAG, 0, NULL, "MSG_DONTWAIT" },
	{ "peek", ARG_FLAG, 0, NULL, "MSG_PEEK" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sock_recv = {
	.name = "socket_recv",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.hidden = true,
	.args = recv_args,
	.summary = "recv(): what recv on a socket makes",
	.prepare = recv_prepare,
	.perform = recv_perform,
	.format = recv_format,
	.hint = recv_hint,
};

static bool
sendto_prepare(struct call *c, char **cause)
{
	struct sock	*s;
	int		 fd;

	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	if (s == NULL) {
		*cause = xstrdup("sendto needs a socket of the lab's (its family decides the address)");
		return false;
	}
	c->arg[0] = fd;
	c->arg[1] = nowait_flag(c->cmd);
	may_bind(c, s);
	if (!take_target(c, cmd_arg(c->cmd, "TO"), s->family, &c->data, cause))
		return false;
	c->arg[2] = (int64_t)c->data.len;	/* the address, then the data */
	return take_data(c, cmd_arg(c->cmd, "DATA"), cause);
}

static void
sendto_perform(struct actor_call *c)
{
	size_t	 alen = (size_t)c->req->arg[2];
	ssize_t	 n;

	if (!actor_loopback_only(c, (int)c->req->arg[0], c->data, alen))
		return;
	if (c->req->arg[ARG_MAY_BIND] &&
	    !sock_actor_bind_first(c, (int)c->req->arg[0], SOCK_DGRAM, c->data, alen))
		return;
	actor_begin(c);
	n = sendto((int)c->req->arg[0], c->data + alen, c->data_len - alen, (int)c->req->arg[1],
	    (const struct sockaddr *)c->data, (socklen_t)alen);
	actor_end(c, n);
}

static void
sendto_call_format(const struct call *c, struct buf *b)
{
	size_t	 alen = (size_t)c->arg[2];

	buf_adds(b, "sendto(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	add_sent(b, c, alen);
	buf_printf(b, ", %zu, ", c->data.len - alen);
	add_msg_flags(b, c->arg[1]);
	buf_adds(b, ", ");
	add_sockaddr(b, c->data.data, alen);
	buf_printf(b, ", %zu)", alen);
}

static void
sendto_format(const struct call *c, struct buf *b)
{
	sock_format_bind_first(c, b, (int)c->arg[0], sendto_call_format);
}

/* A datagram sent to a group: say where it does not go that a reader
 * would expect it to, as the call's note: no member of this host gets
 * it (IP_MULTICAST_LOOP off); TTL 0, where it stays; members a snooping
 * bridge did not hear report. */
static void
sendto_finish(struct call *c)
{
	const void	*group;
	struct object	*place;
	struct sock	*s;
	struct buf	 note;
	int		 family;
	bool		 v4, stays = false;

	bind_first_finish(c);
	if (c->ret < 0 || c->obj == NULL || c->obj->mech != &socket_mechanism ||
	    (group = sendto_group(c, &family)) == NULL)
		return;
	v4 = family == AF_INET;
	s = sock_of(c->obj);
	place = sock_place(c->lab, s);
	buf_init(&note);
	if (s->mc_loop_off)
		buf_adds(&note, "multicast loop is off on this socket: no member on this host "
		    "gets a copy, only those on the link");
	else if (s->mc_ttl_zero && v4 && place != NULL && host_joined(place, AF_INET, group)) {
		buf_printf(&note, "TTL 0: it stays on %s, which has a member of the group",
		    place->name);
		stays = true;
	} else if (s->mc_ttl_zero && v4)
		buf_adds(&note, "TTL 0, yet with no member of the group on this host Linux puts "
		    "it on the link all the same: only a router would drop it");
	/* What goes on the link, to a snooping bridge. */
	if (place != NULL && !stays && !(!v4 && s->mc_hops_zero))
		host_unheard(place, family, group, s->mc_if[0] != '\0' ? s->mc_if : NULL, &note);
	if (note.len > 0)
		call_set_extra(c, "note", buf_take(&note));
	buf_free(&note);
}

/* describe_result: last.bound, and the datagram itself with where it
 * went (sent, to), so that the timeline can join it to each take that
 * got it on another socket (a group's members, a broadcast's). */
static void
sendto_describe(const struct call *c, struct desc *d)
{
	size_t	 alen = (size_t)c->arg[2];
	char	 text[SOCK_ADDR_LEN];

	bind_first_describe(c, d);
	if (c->ret < 0 || alen > c->data.len)
		return;
	desc_bytes(d, "sent", c->data.data + alen, c->data.len - alen);
	sa_text(c->data.data, alen, text, sizeof text);
	desc_word(d, "to", text);
}

/* The bytes sent, and the note sendto_finish made. */
static void
sendto_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld", (long long)c->ret);
	if (c->extra_name != NULL && strcmp(c->extra_name, "note") == 0)
		buf_printf(b, " (%s)", c->extra);
}

static const struct arg_spec sendto_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "DATA", ARG_DATA, 0, NULL, "a quoted string, or a size (4k) of generated bytes" },
	{ "TO", ARG_WORD, ARG_OBJECTS, NULL, "a socket of the lab's (its address), or an address as bind takes it" },
	{ "nowait", ARG_FLAG, 0, NULL, "MSG_DONTWAIT: EAGAIN instead of waiting" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sendto = {
	.name = "sendto",
	.flow = FLOW_PUTS,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = sendto_args,
	.summary = "sendto(): send a datagram to an address",
	.help = "The actor sends DATA to the address TO, which need not be connected: "
	    "each datagram is one message, received whole by one recvfrom. A UNIX "
	    "datagram waits while the receiver's queue is full; UDP drops what does "
	    "not fit instead. On the machine's own network a UDP socket not bound yet "
	    "is bound to loopback first (last.bound), and TO is a loopback address; "
	    "inside a host TO is any address: a host's (h2:9000), its link's broadcast "
	    "address (with setsockopt broadcast), a group's.",
	.example = "A sendto u1 \"ping\" u2",
	.prepare = sendto_prepare,
	.perform = sendto_perform,
	.finish = sendto_finish,
	.format = sendto_format,
	.format_result = sendto_result,
	.hint = send_hint,
	.describe_result = sendto_describe,
};

static void
recvfrom_perform(struct actor_call *c)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss;
	size_t			 count = (size_t)c->req->arg[1];
	ssize_t			 n;
	char			*p = xmalloc(count > 0 ? count : 1);
	char			 text[SOCK_ADDR_LEN];

	memset(&ss, 0, sizeof ss);
	actor_begin(c);
	n = recvfrom((int)c->req->arg[0], p, count, (int)c->req->arg[2], (struct sockaddr *)&ss, &len);
	actor_end(c, n);
	c->val[0] = len;
	c->val[1] = ss.ss_family;
	if (n >= 0) {
		/* The sender's address, then the data. */
		sa_text(&ss, len, text, sizeof text);
		buf_add(&c->out, text, strlen(text) + 1);
		buf_add(&c->out, p, (size_t)n);
	}
	free(p);
}

static void
recvfrom_finish(struct call *c)
{
	size_t	 n;

	if (c->ret < 0 || c->rdata.len == 0)
		return;
	n = strlen(c->rdata.data) + 1;
	call_set_extra(c, "address", xstrdup(c->rdata.data));
	buf_consume(&c->rdata, n);
}

static void
recvfrom_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "recvfrom(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	if (c->state == CALL_DONE && c->ret >= 0)
		buf_add_quoted(b, c->rdata.data, c->rdata.len, SHOW_BYTES);
	else
		buf_adds(b, "...");
	buf_printf(b, ", %lld, ", (long long)c->arg[1]);
	add_msg_flags(b, c->arg[2]);
	if (c->state == CALL_DONE && c->ret >= 0 && c->val[0] == 0)
		buf_adds(b, ", {}, [0])");	/* an unbound UNIX sender */
	else if (c->state == CALL_DONE && c->ret >= 0 && c->extra != NULL) {
		if (c->val[1] == AF_UNIX)
			buf_printf(b, ", {AF_UNIX, \"%s\"}", c->extra);
		else
			buf_printf(b, ", {%s, %s}", family_name((int)c->val[1]), c->extra);
		buf_printf(b, ", [%lld])", (long long)c->val[0]);
	} else
		buf_adds(b, ", ..., ...)");
}

static const struct arg_spec recvfrom_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "COUNT", ARG_SIZE, ARG_OPTIONAL, NULL, "the most bytes to take (default 64k); a longer datagram is cut" },
	{ "nowait", ARG_FLAG, 0, NULL, "MSG_DONTWAIT: EAGAIN instead of waiting" },
	{ "peek", ARG_FLAG, 0, NULL, "MSG_PEEK: look without taking" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_recvfrom = {
	.name = "recvfrom",
	.flow = FLOW_TAKES,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = recvfrom_args,
	.summary = "recvfrom(): receive a datagram and the sender's address",
	.help = "The actor receives one datagram (or, on a stream socket, what is "
	    "queued) and the address it came from, in last.address. An unbound "
	    "UNIX sender has no address. With nothing queued it blocks.",
	.example = "B recvfrom u2",
	.prepare = recv_prepare,
	.perform = recvfrom_perform,
	.finish = recvfrom_finish,
	.format = recvfrom_format,
	.hint = recv_hint,
};

/* --- shutdown --- */

static const struct arg_choice shutdown_hows[] = {
	{ "rd", SHUT_RD },
	{ "wr", SHUT_WR },
	{ "rdwr", SHUT_RDWR },
	{ NULL, 0 },
};

static bool
shutdown_prepare(struct call *c, char **cause)
{
	struct sock		*s;
	int			 fd;

	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = cmd_arg(c->cmd, "HOW")->num;
	return true;
}

static void
shutdown_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = shutdown((int)c->req->arg[0], (int)c->req->arg[1]);
	actor_end(c, r);
}

static void
shutdown_format(const struct call *c, struct buf *b)
{
	static const char *const names[] = { "SHUT_RD", "SHUT_WR", "SHUT_RDWR" };

	buf_adds(b, "shutdown(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", %s)", names[c->arg[1] & 3]);
}

static const char *
shutdown_hint(const struct call *c)
{
	return c->err == ENOTCONN ? "the socket is not connected" : NULL;
}

static const struct arg_spec shutdown_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a connected socket" },
	{ "HOW", ARG_CHOICE, 0, shutdown_hows, "SHUT_RD, SHUT_WR (the peer reads end of file) or SHUT_RDWR" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_shutdown = {
	.name = "shutdown",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = shutdown_args,
	.summary = "shutdown(): end one direction of a connection, for every holder",
	.help = "The actor shuts the connection down in one direction or both, for "
	    "the socket itself, not just this descriptor: after wr the peer reads end "
	    "of file once the queue is empty, and a TCP socket goes to FIN_WAIT; "
	    "sending then fails with EPIPE. close does this only when the last "
	    "descriptor goes.",
	.example = "A shutdown c1 wr",
	.prepare = shutdown_prepare,
	.perform = shutdown_perform,
	.format = shutdown_format,
	.hint = shutdown_hint,
};

/* --- sendfd (sendmsg with SCM_RIGHTS) and recvmsg --- */

static bool
sendfd_prepare(struct call *c, char **cause)
{
	const struct arg	*data = cmd_arg(c->cmd, "DATA");
	struct sock		*s;
	struct object		*sock_obj;
	int			 fd, passed, access, which;

	/* The socket, then the descriptor to pass; the call is on the
	 * socket. */
	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	sock_obj = c->obj;
	access = c->end_access;
	which = c->end_which;
	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "FD"), -1, &passed, cause))
		return false;
	c->obj = sock_obj;
	c->end_access = access;
	c->end_which = which;
	c->arg[0] = fd;
	c->arg[1] = passed;
	c->arg[2] = cmd_arg(c->cmd, "cred")->present;
	c->arg[3] = nowait_flag(c->cmd);
	may_bind(c, s);
	if (data->present)
		return take_data(c, data, cause);
	/* A stream socket passes descriptors only with data: one byte. */
	buf_add(&c->data, "", 1);
	return true;
}

static void
sendfd_perform(struct actor_call *c)
{
	union {
		char		 buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr	 align;
	}			 u;
	struct ucred		 cred;
	struct cmsghdr		*cm;
	struct msghdr		 msg;
	struct iovec		 iov;
	int			 passed = (int)c->req->arg[1];
	ssize_t			 n;

	memset(&u, 0, sizeof u);
	memset(&msg, 0, sizeof msg);
	iov.iov_base = (void *)c->data;
	iov.iov_len = c->data_len;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(int));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &passed, sizeof passed);
	if (c->req->arg[2]) {
		msg.msg_controllen += CMSG_SPACE(sizeof cred);
		cm = CMSG_NXTHDR(&msg, cm);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_CREDENTIALS;
		cm->cmsg_len = CMSG_LEN(sizeof cred);
		cred.pid = getpid();
		cred.uid = getuid();
		cred.gid = getgid();
		memcpy(CMSG_DATA(cm), &cred, sizeof cred);
	}
	if (c->req->arg[ARG_MAY_BIND] &&
	    !sock_actor_bind_first(c, (int)c->req->arg[0], SOCK_DGRAM, NULL, 0))
		return;
	actor_begin(c);
	n = sendmsg((int)c->req->arg[0], &msg, (int)c->req->arg[3]);
	actor_end(c, n);
}

static void
sendfd_call_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "sendmsg(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", {");
	add_sent(b, c, 0);
	buf_adds(b, ", SCM_RIGHTS [");
	lab_add_actor_fd(b, c->actor, (int)c->arg[1]);
	buf_addc(b, ']');
	if (c->arg[2])
		buf_printf(b, ", SCM_CREDENTIALS {pid=%d}", (int)c->actor->proc->pid);
	buf_adds(b, "}, ");
	add_msg_flags(b, c->arg[3]);
	buf_addc(b, ')');
}

static void
sendfd_format(const struct call *c, struct buf *b)
{
	sock_format_bind_first(c, b, (int)c->arg[0], sendfd_call_format);
}

static const char *
sendfd_hint(const struct call *c)
{
	switch (c->err) {
	case ETOOMANYREFS:
		return "too many descriptors are in flight (the receiver must take them)";
	default:
		return send_hint(c);
	}
}

static const struct arg_spec sendfd_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a connected UNIX socket" },
	{ "FD", ARG_FD, 0, NULL, "the descriptor to pass: an object (p1.w) or a number" },
	{ "DATA", ARG_DATA, ARG_OPTIONAL, NULL, "the data it goes with (default one zero byte)" },
	{ "cred", ARG_FLAG, 0, NULL, "SCM_CREDENTIALS too: the sender's pid, uid and gid" },
	{ "nowait", ARG_FLAG, 0, NULL, "MSG_DONTWAIT" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sendfd = {
	.name = "sendfd",
	.flow = FLOW_PUTS,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = sendfd_args,
	.summary = "sendmsg() with SCM_RIGHTS: pass a descriptor over a UNIX socket",
	.help = "The actor sends a copy of one of its descriptors over a UNIX socket, "
	    "as SCM_RIGHTS ancillary data with DATA. The receiver gets a new "
	    "descriptor for the same open file when it calls recvmsg; the sender may "
	    "close its own meanwhile. With cred the message also carries "
	    "SCM_CREDENTIALS, which the receiver sees if it set passcred.",
	.example = "A sendfd sp.a p1.w",
	.prepare = sendfd_prepare,
	.perform = sendfd_perform,
	.finish = bind_first_finish,
	.format = sendfd_format,
	.hint = sendfd_hint,
	.describe_result = bind_first_describe,
};

static void
recvmsg_perform(struct actor_call *c)
{
	union {
		char		 buf[CMSG_SPACE(16 * sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr	 align;
	}			 u;
	struct ucred		 cred;
	struct cmsghdr		*cm;
	struct msghdr		 msg;
	struct iovec		 iov;
	size_t			 count = (size_t)c->req->arg[1], i, nfds = 0, k;
	ssize_t			 n;
	char			*p = xmalloc(count > 0 ? count : 1);
	int			 fd;

	memset(&msg, 0, sizeof msg);
	iov.iov_base = p;
	iov.iov_len = count;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof u.buf;
	actor_begin(c);
	n = recvmsg((int)c->req->arg[0], &msg, (int)c->req->arg[2]);
	actor_end(c, n);
	actor_fds_unchanged(c);		/* but for the descriptors it received */
	c->val[5] = -1;
	if (n >= 0) {
		buf_add(&c->out, p, (size_t)n);
		c->val[6] = msg.msg_flags;
		for (cm = CMSG_FIRSTHDR(&msg); cm != NULL; cm = CMSG_NXTHDR(&msg, cm)) {
			if (cm->cmsg_level != SOL_SOCKET)
				continue;
			if (cm->cmsg_type == SCM_RIGHTS) {
				k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
				for (i = 0; i < k; i++, nfds++) {
					memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof fd);
					actor_fd_changed(c, fd);
					if (nfds < FDS_MAX)
						c->val[1 + nfds] = fd;
				}
			} else if (cm->cmsg_type == SCM_CREDENTIALS) {
				memcpy(&cred, CMSG_DATA(cm), sizeof cred);
				c->val[5] = cred.pid;
				c->val[7] = (int64_t)cred.uid << 32 | cred.gid;
			}
		}
	}
	c->val[0] = (int64_t)nfds;
	free(p);
}

static const char *
pid_actor(struct lab *lab, pid_t pid)
{
	struct actor	*a = lab_actor_by_pid(lab, pid);

	return a != NULL ? a->name : NULL;
}

static void
recvmsg_finish(struct call *c)
{
	const char	*who;

	/* Credentials that came with it: last.cred. */
	if (c->ret < 0)
		return;
	if (c->val[5] == -1)
		return;
	who = pid_actor(c->lab, (pid_t)c->val[5]);
	call_set_extra(c, "cred", xasprintf("pid=%lld%s%s%s uid=%lld gid=%lld",
	    (long long)c->val[5], who != NULL ? " (" : "", who != NULL ? who : "",
	    who != NULL ? ")" : "", (long long)(c->val[7] >> 32),
	    (long long)(c->val[7] & 0xffffffff)));
}

static void
recvmsg_format(const struct call *c, struct buf *b)
{
	int64_t	 i;

	buf_adds(b, "recvmsg(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", {");
	if (c->state == CALL_DONE && c->ret >= 0) {
		buf_add_quoted(b, c->rdata.data, c->rdata.len, SHOW_BYTES);
		if (c->val[0] > 0) {
			buf_adds(b, ", SCM_RIGHTS [");
			for (i = 0; i < c->val[0] && i < FDS_MAX; i++) {
				if (i > 0)
					buf_adds(b, ", ");
				lab_add_actor_fd(b, c->actor, (int)c->val[1 + i]);
			}
			if (c->val[0] > FDS_MAX)
				buf_adds(b, ", ...");
			buf_addc(b, ']');
		}
		if (c->extra != NULL)
			buf_printf(b, ", SCM_CREDENTIALS {%s}", c->extra);
		if (c->val[6] & MSG_TRUNC)
			buf_adds(b, ", MSG_TRUNC");
		if (c->val[6] & MSG_CTRUNC)
			buf_adds(b, ", MSG_CTRUNC");
	} else
		buf_adds(b, "...");
	buf_adds(b, "}, ");
	add_msg_flags(b, c->arg[2]);
	buf_addc(b, ')');
}

static const struct arg_spec recvmsg_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "COUNT", ARG_SIZE, ARG_OPTIONAL, NULL, "the most bytes to take (default 64k)" },
	{ "nowait", ARG_FLAG, 0, NULL, "MSG_DONTWAIT: EAGAIN instead of waiting" },
	{ "peek", ARG_FLAG, 0, NULL, "MSG_PEEK: look without taking (descriptors still arrive)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_recvmsg = {
	.name = "recvmsg",
	.flow = FLOW_TAKES,
	.scope = CMD_ACTOR,
	.args = recvmsg_args,
	.summary = "recvmsg(): receive data and any descriptors or credentials with it",
	.help = "The actor receives a message with its ancillary data: descriptors "
	    "passed with SCM_RIGHTS become new descriptors of the actor, for the same "
	    "open files (the log and show name them: 5<p1.w>), and SCM_CREDENTIALS "
	    "arrive if the socket has passcred set (last.address holds them). A plain "
	    "recv would drop the descriptors.",
	.example = "B recvmsg sp.b",
	.prepare = recv_prepare,
	.perform = recvmsg_perform,
	.finish = recvmsg_finish,
	.format = recvmsg_format,
	.hint = recv_hint,
};

/* --- setsockopt and getsockopt --- */

/* How an option's value is given and read back: an int (on or off, a
 * number, a size), what the kernel reads as a struct (a group and an
 * interface), or an interface. */
enum opt_kind {
	OPT_BOOL, OPT_INT, OPT_SIZE, OPT_CRED, OPT_FAMILY, OPT_TYPE,
	OPT_TTL,	/* 0 to 255 */
	OPT_HOPS,	/* -1 to 255, -1 the default */
	OPT_GROUP,	/* a group and an interface: struct ip_mreqn, struct ipv6_mreq */
	OPT_IF4,	/* an interface by name or address: struct ip_mreqn; reads an address */
	OPT_IF6,	/* an interface by name: its index */
};

enum sock_opt_id {
	SOPT_PASSCRED, SOPT_REUSEADDR, SOPT_RCVBUF, SOPT_SNDBUF, SOPT_KEEPALIVE, SOPT_NODELAY,
	SOPT_PEERCRED, SOPT_TYPE, SOPT_DOMAIN, SOPT_ERROR, SOPT_ACCEPTCONN,
	SOPT_BROADCAST, SOPT_ADD_MEMBERSHIP, SOPT_DROP_MEMBERSHIP, SOPT_JOIN_GROUP,
	SOPT_LEAVE_GROUP, SOPT_MULTICAST_LOOP, SOPT_MULTICAST_TTL, SOPT_MULTICAST_IF,
	SOPT_MULTICAST_ALL, SOPT_MULTICAST_LOOP6, SOPT_MULTICAST_HOPS, SOPT_MULTICAST_IF6,
};

/* family: the sockets an IP option is for (AF_INET, AF_INET6), 0 for
 * any; member: 1 for a join, -1 for a leave (which the kernel has no
 * getsockopt for). */
static const struct sock_opt {
	int		 level;
	int		 opt;
	enum opt_kind	 kind;
	bool		 get_only;
	const char	*macro;
	int		 family;
	int		 member;
} sock_opts[] = {
	[SOPT_PASSCRED] = { SOL_SOCKET, SO_PASSCRED, OPT_BOOL, false, "SO_PASSCRED", 0, 0 },
	[SOPT_REUSEADDR] = { SOL_SOCKET, SO_REUSEADDR, OPT_BOOL, false, "SO_REUSEADDR", 0, 0 },
	[SOPT_RCVBUF] = { SOL_SOCKET, SO_RCVBUF, OPT_SIZE, false, "SO_RCVBUF", 0, 0 },
	[SOPT_SNDBUF] = { SOL_SOCKET, SO_SNDBUF, OPT_SIZE, false, "SO_SNDBUF", 0, 0 },
	[SOPT_KEEPALIVE] = { SOL_SOCKET, SO_KEEPALIVE, OPT_BOOL, false, "SO_KEEPALIVE", 0, 0 },
	[SOPT_NODELAY] = { IPPROTO_TCP, TCP_NODELAY, OPT_BOOL, false, "TCP_NODELAY", 0, 0 },
	[SOPT_PEERCRED] = { SOL_SOCKET, SO_PEERCRED, OPT_CRED, true, "SO_PEERCRED", 0, 0 },
	[SOPT_TYPE] = { SOL_SOCKET, SO_TYPE, OPT_TYPE, true, "SO_TYPE", 0, 0 },
	[SOPT_DOMAIN] = { SOL_SOCKET, SO_DOMAIN, OPT_FAMILY, true, "SO_DOMAIN", 0, 0 },
	[SOPT_ERROR] = { SOL_SOCKET, SO_ERROR, OPT_INT, true, "SO_ERROR", 0, 0 },
	[SOPT_ACCEPTCONN] = { SOL_SOCKET, SO_ACCEPTCONN, OPT_BOOL, true, "SO_ACCEPTCONN", 0, 0 },
	[SOPT_BROADCAST] = { SOL_SOCKET, SO_BROADCAST, OPT_BOOL, false, "SO_BROADCAST", 0, 0 },
	[SOPT_ADD_MEMBERSHIP] = { SOL_IP, IP_ADD_MEMBERSHIP, OPT_GROUP, false,
	    "IP_ADD_MEMBERSHIP", AF_INET, 1 },
	[SOPT_DROP_MEMBERSHIP] = { SOL_IP, IP_DROP_MEMBERSHIP, OPT_GROUP, false,
	    "IP_DROP_MEMBERSHIP", AF_INET, -1 },
	[SOPT_JOIN_GROUP] = { SOL_IPV6, IPV6_JOIN_GROUP, OPT_GROUP, false,
	    "IPV6_JOIN_GROUP", AF_INET6, 1 },
	[SOPT_LEAVE_GROUP] = { SOL_IPV6, IPV6_LEAVE_GROUP, OPT_GROUP, false,
	    "IPV6_LEAVE_GROUP", AF_INET6, -1 },
	[SOPT_MULTICAST_LOOP] = { SOL_IP, IP_MULTICAST_LOOP, OPT_BOOL, false,
	    "IP_MULTICAST_LOOP", AF_INET, 0 },
	[SOPT_MULTICAST_TTL] = { SOL_IP, IP_MULTICAST_TTL, OPT_TTL, false,
	    "IP_MULTICAST_TTL", AF_INET, 0 },
	[SOPT_MULTICAST_IF] = { SOL_IP, IP_MULTICAST_IF, OPT_IF4, false,
	    "IP_MULTICAST_IF", AF_INET, 0 },
	[SOPT_MULTICAST_ALL] = { SOL_IP, IP_MULTICAST_ALL, OPT_BOOL, false,
	    "IP_MULTICAST_ALL", AF_INET, 0 },
	[SOPT_MULTICAST_LOOP6] = { SOL_IPV6, IPV6_MULTICAST_LOOP, OPT_BOOL, false,
	    "IPV6_MULTICAST_LOOP", AF_INET6, 0 },
	[SOPT_MULTICAST_HOPS] = { SOL_IPV6, IPV6_MULTICAST_HOPS, OPT_HOPS, false,
	    "IPV6_MULTICAST_HOPS", AF_INET6, 0 },
	[SOPT_MULTICAST_IF6] = { SOL_IPV6, IPV6_MULTICAST_IF, OPT_IF6, false,
	    "IPV6_MULTICAST_IF", AF_INET6, 0 },
};

static const struct arg_choice sock_opt_words[] = {
	{ "passcred", SOPT_PASSCRED },
	{ "reuseaddr", SOPT_REUSEADDR },
	{ "rcvbuf", SOPT_RCVBUF },
	{ "sndbuf", SOPT_SNDBUF },
	{ "keepalive", SOPT_KEEPALIVE },
	{ "nodelay", SOPT_NODELAY },
	{ "peercred", SOPT_PEERCRED },
	{ "type", SOPT_TYPE },
	{ "domain", SOPT_DOMAIN },
	{ "error", SOPT_ERROR },
	{ "acceptconn", SOPT_ACCEPTCONN },
	{ "broadcast", SOPT_BROADCAST },
	{ "ip_add_membership", SOPT_ADD_MEMBERSHIP },
	{ "ip_drop_membership", SOPT_DROP_MEMBERSHIP },
	{ "ipv6_join_group", SOPT_JOIN_GROUP },
	{ "ipv6_leave_group", SOPT_LEAVE_GROUP },
	{ "ip_multicast_loop", SOPT_MULTICAST_LOOP },
	{ "ip_multicast_ttl", SOPT_MULTICAST_TTL },
	{ "ip_multicast_if", SOPT_MULTICAST_IF },
	{ "ip_multicast_all", SOPT_MULTICAST_ALL },
	{ "ipv6_multicast_loop", SOPT_MULTICAST_LOOP6 },
	{ "ipv6_multicast_hops", SOPT_MULTICAST_HOPS },
	{ "ipv6_multicast_if", SOPT_MULTICAST_IF6 },
	{ NULL, 0 },
};

/* A setsockopt request beyond arg[0] (the descriptor), arg[1] (the
 * option) and arg[2] (an int's value): a struct's length, the struct
 * first in data; the length of an interface's name after it in data,
 * NUL included (the actor looks its index up in its own namespace);
 * and whether an interface was named at all, by name or address. */
#define SOPT_ARG_LEN	3
#define SOPT_ARG_NAME	4
#define SOPT_ARG_IF	5

/* Where multicast may go. The actor's text (spawn A on h1) is the
 * verbs' own: host NAME, spawn NAME on HOST. */
#define HOSTS_RULE	"multicast stays inside the lab's hosts: make one with host h1 " \
			"and spawn A on h1"

static const char *
level_name(int level)
{
	switch (level) {
	case SOL_SOCKET:
		return "SOL_SOCKET";
	case SOL_IP:
		return "SOL_IP";
	case SOL_IPV6:
		return "SOL_IPV6";
	default:
		return "IPPROTO_TCP";
	}
}

/* Whether this call may reach beyond the machine (a join's reports, a
 * multicast interface other than loopback): an actor inside a lab host,
 * on a socket made there (or a number the actor's guard judges). */
static bool
call_inside_host(const struct call *c, const struct sock *s)
{
	return s != NULL ? s->host != NULL : lab_actor_place(c->actor) != NULL;
}

/* The refusal of what would leave the machine: where the call is, what
 * it would do there. */
static char *
outside_hosts(const struct call *c, const struct sock *s, const char *what)
{
	if (lab_actor_place(c->actor) == NULL)
		return xasprintf("%s is on the machine's own network, where %s: " HOSTS_RULE,
		    c->actor->name, what);
	return xasprintf("%s was made on the machine's own network and stays in it, whoever "
	    "holds it, where %s: make the socket inside the host", s != NULL ? c->obj->name :
	    "the socket", what);
}

/* Controller, for a call on the machine's own network (its namespace is
 * the controller's): whether interface name is there, and a loopback
 * one if it must be. */
static bool
machine_if(const char *name, bool loopback, char **cause)
{
	struct ifreq	 ifr;
	int		 fd, r, err;

	memset(&ifr, 0, sizeof ifr);
	copy_str(ifr.ifr_name, sizeof ifr.ifr_name, name);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		*cause = xasprintf("cannot look at interface %s: %s", name, errno_str(errno));
		return false;
	}
	r = ioctl(fd, SIOCGIFFLAGS, &ifr);
	err = errno;
	close(fd);
	if (r == -1 && err == ENODEV) {
		*cause = xasprintf("no interface is called %s (ip link lists them)", name);
		return false;
	}
	if (r == -1) {
		*cause = xasprintf("cannot look at interface %s: %s", name, errno_str(err));
		return false;
	}
	if (loopback && !(ifr.ifr_flags & IFF_LOOPBACK)) {
		*cause = xasprintf("%s is not a loopback interface, and on the machine's own network "
		    "multicast leaves through loopback only: " HOSTS_RULE, name);
		return false;
	}
	return true;
}

/* Whether a word can be an interface's name, as the kernel takes one:
 * below IF_NAMESIZE, no slash, colon or blank (nor quote, backslash or
 * control, which no link of the lab's has). */
static bool
if_name_valid(const char *name)
{
	const char	*p;
	size_t		 n = strlen(name);

	if (n == 0 || n >= IF_NAMESIZE || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (p = name; *p != '\0'; p++) {
		if (*p <= ' ' || *p > '~' || strchr("/:\"\\", *p) != NULL)
			return false;
	}
	return true;
}

/* An interface as the user named it, for an option of family: an IPv4
 * address (into *addr), or a name (into *name: the actor looks its index
 * up in its own namespace). On the machine's own network (machine) the
 * interface must be there, and a loopback one if loopback says so. */
static bool
take_if(struct call *c, const char *text, int family, bool machine, bool loopback,
    struct in_addr *addr, const char **name, char **cause)
{
	const char	*word = cmd_choice_word(sock_opt_words, (int)c->arg[1]);
	struct in6_addr	 a6;
	struct in_addr	 a4;

	*name = NULL;
	if (inet_pton(AF_INET, text, &a4) == 1) {
		if (family == AF_INET6) {
			*cause = xasprintf("%s names an interface by its name (lo), not by an address",
			    word);
			return false;
		}
		if (machine && loopback && ntohl(a4.s_addr) >> 24 != 127) {
			*cause = xasprintf("%s is not a loopback address, and on the machine's own network "
			    "multicast leaves through loopback only: " HOSTS_RULE, text);
			return false;
		}
		*addr = a4;
		return true;
	}
	if (inet_pton(AF_INET6, text, &a6) == 1) {
		*cause = xasprintf("%s names an interface by its name (lo)%s, not by an IPv6 address",
		    word, family == AF_INET ? " or an IPv4 address" : "");
		return false;
	}
	if (!if_name_valid(text)) {
		*cause = xasprintf("'%s' is not an interface's name (lo; ip link lists them)%s",
		    word_short(text), family == AF_INET ? " nor an IPv4 address" : "");
		return false;
	}
	if (machine && !machine_if(text, loopback, cause))
		return false;
	*name = text;
	return true;
}

/* A group's address, of the option's family: 224.0.0.0/4, ff00::/8. */
static bool
parse_group(const char *text, int family, const char *word, void *out, char **cause)
{
	struct in6_addr	 a6;
	struct in_addr	 a4;
	bool		 is4 = inet_pton(AF_INET, text, &a4) == 1;
	bool		 is6 = inet_pton(AF_INET6, text, &a6) == 1;

	if (family == AF_INET6 && is4) {
		*cause = xasprintf("%s is an IPv4 address, and %s joins IPv6 groups: "
		    "ip_add_membership, on a udp socket, joins IPv4 ones", text, word);
		return false;
	}
	if (family == AF_INET && is6) {
		*cause = xasprintf("%s is an IPv6 address, and %s joins IPv4 groups: "
		    "ipv6_join_group, on a udp6 socket, joins IPv6 ones", text, word);
		return false;
	}
	if (family == AF_INET6 && !is6) {
		*cause = xasprintf("'%s' is not an IPv6 address: a group is written as ff05::1",
		    word_short(text));
		return false;
	}
	if (family == AF_INET && !is4) {
		*cause = xasprintf("'%s' is not an IPv4 address: a group is written as 239.1.1.1",
		    word_short(text));
		return false;
	}
	if (family == AF_INET6 && a6.s6_addr[0] != 0xff) {
		*cause = xasprintf("%s is not a multicast address: IPv6's groups are ff00::/8 "
		    "(ff02::/16 this link's, ff05::/16 the site's)", text);
		return false;
	}
	if (family == AF_INET && ntohl(a4.s_addr) >> 28 != 0xe) {
		*cause = xasprintf("%s is not a multicast address: IPv4's groups are 224.0.0.0/4 "
		    "(239.0.0.0/8 for a site's own use)", text);
		return false;
	}
	if (family == AF_INET6)
		memcpy(out, &a6, sizeof a6);
	else
		memcpy(out, &a4, sizeof a4);
	return true;
}

/* A group is joined by a datagram socket of its family. A number that
 * is no socket of the lab's: the kernel decides. */
static bool
group_socket(struct call *c, const struct sock_opt *o, const struct sock *s, char **cause)
{
	const char	*word = cmd_choice_word(sock_opt_words, (int)c->arg[1]);

	if (s == NULL)
		return true;
	c->err_column = cmd_arg(c->cmd, "SOCKET")->column;
	if (s->family == AF_UNIX || s->type != SOCK_DGRAM) {
		*cause = xasprintf("%s is a %s socket, and a group is joined by a datagram socket "
		    "(udp, udp6): a stream has one peer", c->obj->name, kind_name(s->family, s->type));
		return false;
	}
	if (s->family != o->family) {
		*cause = xasprintf("%s is a %s socket and %s is IPv%s's: use %s", c->obj->name,
		    kind_name(s->family, s->type), word, o->family == AF_INET6 ? "6" : "4",
		    o->family == AF_INET6 ? "ip_add_membership and ip_drop_membership" :
		    "ipv6_join_group and ipv6_leave_group");
		return false;
	}
	c->err_column = 0;
	return true;
}

/* The request's interface: an IPv4 struct's address is in the struct;
 * a name follows it in data. */
static void
put_if_name(struct call *c, const char *name)
{
	c->arg[SOPT_ARG_LEN] = (int64_t)c->data.len;
	if (name == NULL)
		return;
	buf_add(&c->data, name, strlen(name) + 1);
	c->arg[SOPT_ARG_NAME] = (int64_t)strlen(name) + 1;
}

/* ip_add_membership GROUP [IF] and the others: struct ip_mreqn or
 * ipv6_mreq. A join on the machine's own network is refused: it would
 * send IGMP or MLD reports out of the machine's interfaces. */
static bool
take_group(struct call *c, const struct sock_opt *o, const struct sock *s, char **cause)
{
	const struct arg	*v = cmd_arg(c->cmd, "VALUE");
	const struct arg	*ifa = cmd_arg(c->cmd, "IF");
	const char		*word = cmd_choice_word(sock_opt_words, (int)c->arg[1]);
	const char		*name = NULL;
	struct ip_mreqn		 m4;
	struct ipv6_mreq	 m6;
	bool			 v6 = o->family == AF_INET6;
	bool			 inside = call_inside_host(c, s);

	if (!group_socket(c, o, s, cause))
		return false;
	if (!v->present) {
		*cause = xasprintf("%s needs a GROUP, a multicast address (%s), and may name an "
		    "interface after it", word, v6 ? "ff05::1" : "239.1.1.1");
		return false;
	}
	memset(&m4, 0, sizeof m4);
	memset(&m6, 0, sizeof m6);
	c->err_column = v->column;
	if (!parse_group(v->str, o->family, word, v6 ? (void *)&m6.ipv6mr_multiaddr :
	    (void *)&m4.imr_multiaddr, cause))
		return false;
	if (o->member > 0 && !inside) {
		*cause = outside_hosts(c, s, v6 ? "a join sends MLD reports out of its interfaces" :
		    "a join sends IGMP reports out of its interfaces");
		c->err_column = cmd_arg(c->cmd, "OPTION")->column;
		return false;
	}
	if (ifa->present) {
		c->err_column = ifa->column;
		if (!take_if(c, ifa->str, o->family, !inside, false, &m4.imr_address, &name, cause))
			return false;
	}
	c->err_column = 0;
	if (v6)
		buf_add(&c->data, &m6, sizeof m6);
	else
		buf_add(&c->data, &m4, sizeof m4);
	put_if_name(c, name);
	c->arg[SOPT_ARG_IF] = ifa->present;
	return true;
}

/* ip_multicast_if ADDR|IF (struct ip_mreqn), ipv6_multicast_if IF (an
 * index): on the machine's own network, a loopback one. */
static bool
take_mcast_if(struct call *c, const struct sock_opt *o, const struct sock *s, char **cause)
{
	const struct arg	*v = cmd_arg(c->cmd, "VALUE");
	const char		*word = cmd_choice_word(sock_opt_words, (int)c->arg[1]);
	const char		*name = NULL;
	struct ip_mreqn		 m4;

	if (!v->present) {
		*cause = xasprintf("%s needs an interface: its name (lo)%s", word,
		    o->kind == OPT_IF4 ? " or one of its addresses (127.0.0.1)" : "");
		return false;
	}
	memset(&m4, 0, sizeof m4);
	c->err_column = v->column;
	if (!take_if(c, v->str, o->family, !call_inside_host(c, s), true, &m4.imr_address, &name,
	    cause))
		return false;
	c->err_column = 0;
	if (o->kind == OPT_IF4)
		buf_add(&c->data, &m4, sizeof m4);
	put_if_name(c, name);
	c->arg[SOPT_ARG_IF] = 1;
	return true;
}

/* ip_multicast_ttl N (0 to 255), ipv6_multicast_hops N (-1 to 255). */
static bool
take_hops(struct call *c, const struct sock_opt *o, char **cause)
{
	const struct arg	*v = cmd_arg(c->cmd, "VALUE");
	const char		*word = cmd_choice_word(sock_opt_words, (int)c->arg[1]);
	long long		 n, least = o->kind == OPT_HOPS ? -1 : 0;
	char			*end;

	if (!v->present) {
		*cause = xasprintf("%s needs a VALUE", word);
		return false;
	}
	errno = 0;
	n = strtoll(v->str, &end, 10);
	if (v->str[0] == '\0' || *end != '\0' || errno != 0 || n < least || n > 255) {
		*cause = xasprintf("%s is a number from %lld to 255, the routers a datagram to a "
		    "group may cross (%s), not '%s'", word, least, o->kind == OPT_HOPS ?
		    "-1: the default, 1" : "0: it stays on this host", word_short(v->str));
		c->err_column = v->column;
		return false;
	}
	c->arg[2] = n;
	return true;
}

static bool
setsockopt_prepare(struct call *c, char **cause)
{
	enum sock_opt_id	 id = (enum sock_opt_id)cmd_arg(c->cmd, "OPTION")->num;
	const struct sock_opt	*o = &sock_opts[id];
	const struct arg	*v = cmd_arg(c->cmd, "VALUE");
	const struct arg	*ifa = cmd_arg(c->cmd, "IF");
	struct sock		*s;
	int64_t			 n = 1;
	int			 fd;

	if (o->get_only) {
		*cause = xasprintf("%s can only be read: getsockopt",
		    cmd_choice_word(sock_opt_words, id));
		c->err_column = cmd_arg(c->cmd, "OPTION")->column;
		return false;
	}
	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = id;
	if (ifa->present && o->kind != OPT_GROUP) {
		*cause = xasprintf("%s takes one VALUE: an interface follows a group only "
		    "(ip_add_membership 239.1.1.1 IF)", cmd_choice_word(sock_opt_words, id));
		c->err_column = ifa->column;
		return false;
	}
	switch (o->kind) {
	case OPT_GROUP:
		return take_group(c, o, s, cause);
	case OPT_IF4:
	case OPT_IF6:
		return take_mcast_if(c, o, s, cause);
	case OPT_TTL:
	case OPT_HOPS:
		return take_hops(c, o, cause);
	default:
		break;
	}
	if (v->present) {
		if (strcmp(v->str, "on") == 0 || strcmp(v->str, "yes") == 0)
			n = 1;
		else if (strcmp(v->str, "off") == 0 || strcmp(v->str, "no") == 0)
			n = 0;
		else if (!parse_size(v->str, &n) || n < 0 || n > 0x7fffffff) {
			*cause = xasprintf("VALUE is a number, a size (64k), on or off, not '%s'",
			    word_short(v->str));
			c->err_column = v->column;
			return false;
		}
	} else if (o->kind != OPT_BOOL) {
		*cause = xasprintf("%s needs a VALUE", cmd_choice_word(sock_opt_words, id));
		return false;
	}
	c->arg[2] = n;
	return true;
}

/* Whether a multicast interface, by index (or, without one, by IPv4
 * address), is a loopback one of the socket's own namespace. */
static bool
actor_if_loopback(int fd, unsigned int idx, const struct in_addr *addr)
{
	struct ifreq	 ifr;

	if (idx == 0)
		return ntohl(addr->s_addr) >> 24 == 127;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_ifindex = (int)idx;
	if (ioctl(fd, SIOCGIFNAME, &ifr) == -1 || ioctl(fd, SIOCGIFFLAGS, &ifr) == -1)
		return false;
	return (ifr.ifr_flags & IFF_LOOPBACK) != 0;
}

static void
setsockopt_perform(struct actor_call *c)
{
	const struct sock_opt	*o = &sock_opts[c->req->arg[1]];
	size_t			 len = (size_t)c->req->arg[SOPT_ARG_LEN];
	size_t			 namelen = (size_t)c->req->arg[SOPT_ARG_NAME];
	const char		*name = NULL;
	struct in_addr		 none = { 0 };
	union {
		int		 i;
		struct ip_mreqn	 m4;
		struct ipv6_mreq m6;
	}			 v;
	unsigned int		 idx = 0;
	int			 fd = (int)c->req->arg[0], r;

	memset(&v, 0, sizeof v);
	if (len > sizeof v || len > c->data_len || namelen > c->data_len - len ||
	    (namelen > 0 && c->data[len + namelen - 1] != '\0')) {
		c->tool_err = EINVAL;
		return;
	}
	if (namelen > 0)
		name = c->data + len;
	if (len > 0)
		memcpy(&v, c->data, len);
	else {
		v.i = (int)c->req->arg[2];
		len = sizeof v.i;
	}
	if (o->member > 0 && !actor_fd_in_host(fd)) {
		c->tool_err = EPERM;
		return;
	}
	if (name != NULL) {
		errno = 0;
		if ((idx = if_nametoindex(name)) == 0) {
			c->tool_err = errno != 0 ? errno : ENODEV;
			return;
		}
		c->val[1] = idx;
		if (o->kind == OPT_IF6)
			v.i = (int)idx;
		else if (o->family == AF_INET6)
			v.m6.ipv6mr_interface = idx;
		else
			v.m4.imr_ifindex = (int)idx;
	}
	if ((o->kind == OPT_IF4 || o->kind == OPT_IF6) && !actor_fd_in_host(fd) &&
	    !actor_if_loopback(fd, idx, o->kind == OPT_IF4 ? &v.m4.imr_address : &none)) {
		c->tool_err = EADDRNOTAVAIL;
		return;
	}
	actor_begin(c);
	r = setsockopt(fd, o->level, o->opt, &v, (socklen_t)len);
	actor_end(c, r);
}

/* A request's interface index as a program finds it:
 * if_nametoindex("lo"), or 0. */
static void
add_ifindex(struct buf *b, const struct call *c)
{
	if (c->arg[SOPT_ARG_NAME] > 0)
		buf_printf(b, "if_nametoindex(\"%s\")", c->data.data + c->arg[SOPT_ARG_LEN]);
	else
		buf_addc(b, '0');
}

static void
add_in_addr(struct buf *b, const struct in_addr *a)
{
	char	 text[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, a, text, sizeof text);
	buf_printf(b, "inet_addr(\"%s\")", text);
}

static void
setsockopt_format(const struct call *c, struct buf *b)
{
	const struct sock_opt	*o = &sock_opts[c->arg[1]];
	size_t			 len = (size_t)c->arg[SOPT_ARG_LEN];
	struct ip_mreqn		 m4;
	struct ipv6_mreq	 m6;
	char			 text[INET6_ADDRSTRLEN];

	buf_adds(b, "setsockopt(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", %s, %s, ", level_name(o->level), o->macro);
	if (o->kind == OPT_IF6) {
		buf_addc(b, '[');
		add_ifindex(b, c);
		buf_printf(b, "], %zu)", sizeof(int));
	} else if (o->family == AF_INET && len == sizeof m4 && c->data.len >= len) {
		memcpy(&m4, c->data.data, sizeof m4);
		buf_adds(b, "{imr_multiaddr=");
		add_in_addr(b, &m4.imr_multiaddr);
		buf_adds(b, ", imr_address=");
		add_in_addr(b, &m4.imr_address);
		buf_adds(b, ", imr_ifindex=");
		add_ifindex(b, c);
		buf_printf(b, "}, %zu)", sizeof m4);
	} else if (o->family == AF_INET6 && len == sizeof m6 && c->data.len >= len) {
		memcpy(&m6, c->data.data, sizeof m6);
		inet_ntop(AF_INET6, &m6.ipv6mr_multiaddr, text, sizeof text);
		buf_printf(b, "{ipv6mr_multiaddr=inet_pton(AF_INET6, \"%s\"), ipv6mr_interface=",
		    text);
		add_ifindex(b, c);
		buf_printf(b, "}, %zu)", sizeof m6);
	} else
		buf_printf(b, "[%lld], 4)", (long long)c->arg[2]);
}

/* The group a join or leave named, and its interface as named ("" for
 * the route's). */
static void
call_group(const struct call *c, struct sock_group *g)
{
	const struct sock_opt	*o = &sock_opts[c->arg[1]];
	struct ip_mreqn		 m4;
	struct ipv6_mreq	 m6;

	memset(g, 0, sizeof *g);
	if (o->family == AF_INET6 && c->data.len >= sizeof m6) {
		memcpy(&m6, c->data.data, sizeof m6);
		inet_ntop(AF_INET6, &m6.ipv6mr_multiaddr, g->group, sizeof g->group);
	} else if (o->family == AF_INET && c->data.len >= sizeof m4) {
		memcpy(&m4, c->data.data, sizeof m4);
		inet_ntop(AF_INET, &m4.imr_multiaddr, g->group, sizeof g->group);
		if (m4.imr_address.s_addr != INADDR_ANY)
			inet_ntop(AF_INET, &m4.imr_address, g->ifname, sizeof g->ifname);
	}
	if (c->arg[SOPT_ARG_NAME] > 0)
		copy_str(g->ifname, sizeof g->ifname, c->data.data + c->arg[SOPT_ARG_LEN]);
}

/* ip_multicast_if or ipv6_multicast_if returned: the interface it
 * named, as a join's is read. */
static void
mcast_if_set(const struct call *c, struct sock *s)
{
	struct sock_group	 g;

	call_group(c, &g);
	copy_str(s->mc_if, sizeof s->mc_if, g.ifname);
}

/* A join or leave made: the socket's groups as the lab keeps them. A
 * leave takes the first membership of the group on its interface (any,
 * if either leaves it to the route), as the kernel's does. */
static void
setsockopt_finish(struct call *c)
{
	const struct sock_opt	*o = &sock_opts[c->arg[1]];
	struct sock_side	*side = call_side(c);
	struct sock_group	 g, *m;
	struct sock		*s;
	size_t			 i;

	/* What the lab keeps of the multicast options set. */
	if (c->ret == 0 && c->obj != NULL && c->obj->mech == &socket_mechanism) {
		s = sock_of(c->obj);
		switch (c->arg[1]) {
		case SOPT_MULTICAST_LOOP:
		case SOPT_MULTICAST_LOOP6:
			s->mc_loop_off = c->arg[2] == 0;
			break;
		case SOPT_MULTICAST_TTL:
			s->mc_ttl_zero = c->arg[2] == 0;
			break;
		case SOPT_MULTICAST_HOPS:
			s->mc_hops_zero = c->arg[2] == 0;
			break;
		case SOPT_MULTICAST_IF:
		case SOPT_MULTICAST_IF6:
			mcast_if_set(c, s);
			break;
		}
	}
	if (c->ret != 0 || o->member == 0 || side == NULL)
		return;
	call_group(c, &g);
	if (o->member > 0) {
		side->groups = xreallocarray(side->groups, side->ngroups + 1, sizeof *side->groups);
		side->groups[side->ngroups++] = g;
		return;
	}
	for (i = 0; i < side->ngroups; i++) {
		m = &side->groups[i];
		if (strcmp(m->group, g.group) != 0 || (m->ifname[0] != '\0' && g.ifname[0] != '\0' &&
		    strcmp(m->ifname, g.ifname) != 0))
			continue;
		memmove(m, m + 1, (side->ngroups - i - 1) * sizeof *m);
		side->ngroups--;
		break;
	}
}

/* Whether the call's socket is a stream one, as the lab knows it. */
static bool
call_sock_stream(const struct call *c)
{
	return c->obj != NULL && c->obj->mech == &socket_mechanism &&
	    sock_of(c->obj)->type == SOCK_STREAM;
}

static const char *
sockopt_hint(const struct call *c)
{
	static char		 hint[160];
	const struct sock_opt	*o = &sock_opts[c->arg[1]];
	bool			 named = c->arg[SOPT_ARG_IF] != 0;

	switch (c->err) {
	case ENOPROTOOPT:
		if (o->family == AF_INET6)
			return "IPv6's options are for IPv6 sockets (udp6)";
		return "this kind of socket has no such option (nodelay is TCP's)";
	case EOPNOTSUPP:
		return "this kind of socket has no such option";
	case EINVAL:
		if (o->family != 0 && call_sock_stream(c))
			return "multicast is for datagram sockets (udp, udp6): a stream has one peer";
		return NULL;
	case ENODEV:
		if (o->member != 0 && !named)
			return "no interface named, and no route to the group chooses one: name an "
			    "interface after the group (a host's multicast route goes through its "
			    "first link)";
		if (o->member != 0 || o->kind == OPT_IF4)
			return "no interface has this address, or none is up by that name";
		return NULL;
	case EADDRINUSE:
		if (o->member > 0)
			return "the socket is already a member of this group on this interface";
		return NULL;
	case EADDRNOTAVAIL:
		if (o->member < 0 && c->obj != NULL) {
			snprintf(hint, sizeof hint, "the socket is not a member of this group (on this "
			    "interface): show %s lists the groups it joined", c->obj->name);
			return hint;
		}
		if (o->member < 0)
			return "the socket is not a member of this group (on this interface)";
		if (o->kind == OPT_IF4)
			return "no interface has this address";
		return NULL;
	case ENOBUFS:
		if (o->member > 0 && o->family == AF_INET)
			return "a socket joins at most net.ipv4.igmp_max_memberships groups (20 by "
			    "default)";
		return NULL;
	default:
		return NULL;
	}
}

static const struct arg_spec setsockopt_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "OPTION", ARG_CHOICE, 0, sock_opt_words, "passcred, reuseaddr, keepalive, nodelay, "
	  "broadcast, ip_multicast_loop, ip_multicast_all, ipv6_multicast_loop (on or off); "
	  "rcvbuf, sndbuf (a size); ip_multicast_ttl, ipv6_multicast_hops (a number); "
	  "ip_multicast_if, ipv6_multicast_if (an interface); ip_add_membership, "
	  "ip_drop_membership, ipv6_join_group, ipv6_leave_group (a group, then an interface)" },
	{ "VALUE", ARG_WORD, ARG_OPTIONAL, NULL, "on (the default), off, or a number or size; "
	  "a group's address (239.1.1.1, ff05::1); an interface's name (lo) or, for IPv4, one "
	  "of its addresses" },
	{ "IF", ARG_WORD, ARG_OPTIONAL, NULL, "after a group: the interface to join it on, by "
	  "name (lo) or, for IPv4, address; left out, the route to the group chooses" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_setsockopt = {
	.name = "setsockopt",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = setsockopt_args,
	.summary = "setsockopt(): set a socket option",
	.help = "The actor sets an option of the socket: passcred (SO_PASSCRED: "
	    "receive SCM_CREDENTIALS with every message), reuseaddr, keepalive, "
	    "nodelay (TCP_NODELAY), rcvbuf and sndbuf (the kernel doubles the value "
	    "for its own bookkeeping), broadcast (SO_BROADCAST: without it a send to a "
	    "broadcast address fails with EACCES). Multicast: ip_add_membership GROUP "
	    "[IF] and ip_drop_membership (a udp socket), ipv6_join_group and "
	    "ipv6_leave_group (udp6) join and leave a group on the interface IF, or on "
	    "the one the route to the group goes through; show lists the groups joined. "
	    "ip_multicast_loop (the sender's own groups get its datagrams too), "
	    "ip_multicast_ttl, ip_multicast_if, ip_multicast_all (on, the default: a "
	    "socket gets what comes to its port for any group joined on the host, not "
	    "only its own) and ipv6_multicast_loop, "
	    "ipv6_multicast_hops, ipv6_multicast_if. A join is made only inside a lab "
	    "host (host h1, spawn A on h1): on the machine's own network it would send "
	    "IGMP or MLD reports out of real interfaces, so the lab refuses it there, "
	    "and a multicast interface there is a loopback one.",
	.example = "B setsockopt sp.b passcred",
	.prepare = setsockopt_prepare,
	.perform = setsockopt_perform,
	.finish = setsockopt_finish,
	.format = setsockopt_format,
	.hint = sockopt_hint,
};

static bool
getsockopt_prepare(struct call *c, char **cause)
{
	const struct arg	*opt = cmd_arg(c->cmd, "OPTION");
	const struct sock_opt	*o = &sock_opts[opt->num];
	struct sock		*s;
	int			 fd;

	if (o->member != 0) {
		*cause = xasprintf("%s cannot be read back: the kernel has no getsockopt for it; "
		    "show %s lists the groups the lab saw the socket join",
		    cmd_choice_word(sock_opt_words, (int)opt->num),
		    word_short(cmd_arg(c->cmd, "SOCKET")->str));
		c->err_column = opt->column;
		return false;
	}
	if (!sock_fd(c, "SOCKET", &fd, &s, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = opt->num;
	return true;
}

static void
getsockopt_perform(struct actor_call *c)
{
	const struct sock_opt	*o = &sock_opts[c->req->arg[1]];
	struct ucred		 cred;
	socklen_t		 len;
	char			 name[IF_NAMESIZE];
	int			 v = 0, r;

	if (o->kind == OPT_CRED) {
		len = sizeof cred;
		actor_begin(c);
		r = getsockopt((int)c->req->arg[0], o->level, o->opt, &cred, &len);
		actor_end(c, r);
		if (r == 0) {
			c->val[0] = cred.pid;
			c->val[1] = cred.uid;
			c->val[2] = cred.gid;
		}
		return;
	}
	len = sizeof v;
	actor_begin(c);
	r = getsockopt((int)c->req->arg[0], o->level, o->opt, &v, &len);
	actor_end(c, r);
	/* IP_MULTICAST_IF reads a struct in_addr: its bytes, as they are. */
	c->val[0] = o->kind == OPT_IF4 ? (int64_t)(uint32_t)v : v;
	/* An index is a name in the actor's namespace only. */
	if (r == 0 && o->kind == OPT_IF6 && v > 0 && if_indextoname((unsigned int)v, name) != NULL) {
		buf_adds(&c->out, name);
		c->val[1] = 1;
	}
}

/* The value read, as data expect can compare: "1", "212992",
 * "pid=123 uid=0 gid=0", "SOCK_STREAM", "127.0.0.1", "lo". */
static void
getsockopt_finish(struct call *c)
{
	const struct sock_opt	*o = &sock_opts[c->arg[1]];
	const char		*who;
	struct in_addr		 a;
	uint32_t		 bytes;
	char			 text[INET_ADDRSTRLEN];

	if (c->ret != 0)
		return;
	if (o->kind == OPT_IF6 && c->val[1] == 1)
		return;		/* the interface's name, as the actor found it */
	buf_reset(&c->rdata);
	switch (o->kind) {
	case OPT_CRED:
		buf_printf(&c->rdata, "pid=%lld uid=%lld gid=%lld", (long long)c->val[0],
		    (long long)c->val[1], (long long)c->val[2]);
		who = pid_actor(c->lab, (pid_t)c->val[0]);
		if (who != NULL)
			call_set_extra(c, "actor", xstrdup(who));
		break;
	case OPT_TYPE:
		buf_adds(&c->rdata, type_name((int)c->val[0]));
		break;
	case OPT_FAMILY:
		buf_adds(&c->rdata, family_name((int)c->val[0]));
		break;
	case OPT_INT:
		buf_adds(&c->rdata, c->val[0] != 0 ? errno_str((int)c->val[0]) : "0");
		break;
	case OPT_IF4:
		bytes = (uint32_t)c->val[0];
		memcpy(&a, &bytes, sizeof a);
		buf_adds(&c->rdata, inet_ntop(AF_INET, &a, text, sizeof text));
		break;
	default:
		buf_printf(&c->rdata, "%lld", (long long)c->val[0]);
	}
}

static void
getsockopt_format(const struct call *c, struct buf *b)
{
	const struct sock_opt	*o = &sock_opts[c->arg[1]];

	buf_adds(b, "getsockopt(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", %s, %s, ", level_name(o->level), o->macro);
	if (c->state == CALL_DONE && c->ret == 0) {
		if (o->kind == OPT_CRED)
			buf_printf(b, "{pid=%lld%s%s%s, uid=%lld, gid=%lld}", (long long)c->val[0],
			    c->extra != NULL ? " (" : "", c->extra != NULL ? c->extra : "",
			    c->extra != NULL ? ")" : "", (long long)c->val[1], (long long)c->val[2]);
		else if (o->kind == OPT_IF4)
			buf_printf(b, "[inet_addr(\"%s\")]", c->rdata.data);
		else if (o->kind == OPT_IF6 && c->val[1] == 1)
			buf_printf(b, "[if_nametoindex(\"%s\")]", c->rdata.data);
		else
			buf_printf(b, "[%s]", c->rdata.data);
	} else
		buf_adds(b, "...");
	buf_addc(b, ')');
}

static const struct arg_spec getsockopt_args[] = {
	{ "SOCKET", ARG_FD, 0, NULL, "a socket" },
	{ "OPTION", ARG_CHOICE, 0, sock_opt_words, "peercred: the peer's pid, uid and gid when it connected; and the others" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_getsockopt = {
	.name = "getsockopt",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = getsockopt_args,
	.summary = "getsockopt(): read a socket option (peercred: who is at the other end)",
	.help = "The actor reads an option of the socket; last.data holds it as text. "
	    "peercred (SO_PEERCRED) is the pid, uid and gid of the process that "
	    "connected (or made the pair), as the kernel recorded them then; error "
	    "(SO_ERROR) is how a nonblocking connect ended. ip_multicast_if reads back "
	    "an address only (0.0.0.0 when the interface was set by name); "
	    "ipv6_multicast_if an interface, by name. The memberships cannot be read "
	    "back: show lists the groups the socket joined.",
	.example = "B getsockopt c1 peercred",
	.prepare = getsockopt_prepare,
	.perform = getsockopt_perform,
	.finish = getsockopt_finish,
	.format = getsockopt_format,
	.hint = sockopt_hint,
};

static const struct cmd_entry *const socket_commands[] = {
	&cmd_socket,
	&cmd_socketpair,
	&cmd_bind,
	&cmd_listen,
	&cmd_connect,
	&cmd_accept,
	&cmd_sock_send,
	&cmd_sock_recv,
	&cmd_sendto,
	&cmd_recvfrom,
	&cmd_shutdown,
	&cmd_sendfd,
	&cmd_recvmsg,
	&cmd_setsockopt,
	&cmd_getsockopt,
	NULL,
};

static const struct menu_new socket_menu_new[] = {
	{ MENU_BYTES, "socketpair", "", "sp", "socketpair: two connected UNIX sockets", NULL },
	{ MENU_BYTES, "socket", " unix", "s", "socket: UNIX, TCP or UDP (bind, listen, connect...)",
	    NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

static bool
socket_claims(const struct fd_entry *fe)
{
	return S_ISSOCK(fe->type);
}

/* The peer of a socket the kernel dumped: a UNIX socket's by inode, a
 * TCP socket's by its addresses swapped. */
static const struct sock_diag *
diag_peer(struct lab *lab, const struct sock_diag *sd)
{
	if (sd->family == AF_UNIX && sd->peer != 0)
		return netdiag_by_ino(&lab->net, sd->peer);
	if (sd->family != AF_UNIX && sd->type == SOCK_STREAM && sd->remote[0] != '\0')
		return netdiag_by_addrs(&lab->net, peer_ns(sd), sd->remote, sd->local);
	return NULL;
}

/* An observed process's socket: its state and queues as sock_diag has
 * them, its address, and the processes holding its peer. */
static void
socket_describe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe, struct desc *d)
{
	const struct sock_diag	*sd, *peer;
	struct actor		*holders[16];
	struct fd_id		 id;
	size_t			 i, n;

	lab->net.want |= NETDIAG_UNIX | NETDIAG_TCP | NETDIAG_TCP6 | NETDIAG_UDP | NETDIAG_UDP6;
	netdiag_refresh(&lab->net, lab->gen);
	if ((sd = netdiag_by_ino(&lab->net, (uint32_t)fe->id.ino)) == NULL) {
		/* sock_diag answers for this network namespace only: what is
		 * not in its dump is said, not left blank. */
		switch (procs_same_netns(p->pid)) {
		case 0:
			desc_string(d, "hidden", "another network namespace");
			break;
		case 1:
			desc_string(d, "hidden", "not in sock_diag's dump (a kind it does not "
			    "list, or closed)");
			break;
		default:
			desc_string(d, "hidden", errno == EACCES || errno == EPERM ?
			    "not in this network namespace's sock_diag dump; which namespace "
			    "it is in needs ptrace access" : "not in sock_diag's dump");
			break;
		}
		return;
	}
	desc_word(d, "state", netdiag_state_name(sd->state));
	desc_int(d, "rqueue", sd->rqueue);
	desc_int(d, "wqueue", sd->wqueue);
	if (sd->family == AF_UNIX && sd->name[0] != '\0')
		desc_string(d, "address", sd->name);
	else if (sd->family != AF_UNIX) {
		desc_word(d, "local", sd->local);
		if (sd->remote[0] != '\0')
			desc_word(d, "remote", sd->remote);
	}
	if ((peer = diag_peer(lab, sd)) == NULL || peer->ino == 0)
		return;
	id = fe->id;
	id.ino = peer->ino;
	n = lab_processes_holding(lab, &id, -1, holders, nitems(holders));
	desc_list(d, "peer");
	for (i = 0; i < n; i++)
		desc_word(d, NULL, holders[i]->name);
	desc_close(d);
}

/* An observed process's socket as an object: a connected UNIX socket
 * with its peer, as a pair (a socketpair, or a connection's two ends)
 * named after the lower inode ("socket-4711"); any other alone. */
static bool
socket_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	const struct sock_diag	*sd, *peer = NULL;

	(void)p;
	lab->net.want |= NETDIAG_UNIX | NETDIAG_TCP | NETDIAG_TCP6 | NETDIAG_UDP | NETDIAG_UDP6;
	netdiag_refresh(&lab->net, lab->gen);
	if ((sd = netdiag_by_ino(&lab->net, (uint32_t)fe->id.ino)) == NULL)
		return false;	/* a kind sock_diag does not dump (netlink...) */
	out->mech = &socket_mechanism;
	out->ids[0] = fe->id;
	out->nids = 1;
	if (sd->family == AF_UNIX && sd->peer != 0)
		peer = netdiag_by_ino(&lab->net, sd->peer);
	if (peer != NULL && peer->peer == sd->ino && sd->state == TCP_ESTABLISHED) {
		out->ids[1] = fe->id;
		out->ids[1].ino = peer->ino;
		if (out->ids[1].ino < out->ids[0].ino) {
			out->ids[1] = out->ids[0];
			out->ids[0].ino = peer->ino;
		}
		out->nids = 2;
	}
	snprintf(out->name, sizeof out->name, "socket-%llu",
	    (unsigned long long)out->ids[0].ino);
	return true;
}

/* Its family and type, as sock_diag has them. */
static void
socket_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	struct sock		*s = sock_of(o);
	const struct sock_diag	*sd;

	(void)fe;
	(void)number;
	s->side[0].backlog = s->side[1].backlog = -1;
	s->family = AF_UNIX;
	s->type = SOCK_STREAM;
	if (o->nids > 0 && (sd = netdiag_by_ino(&o->lab->net, (uint32_t)o->ids[0].ino)) != NULL) {
		s->family = sd->family;
		s->type = sd->type;
	}
}

/* A want for the holders of socket ino (of fe's socket file system). */
static size_t
want_socket(const struct fd_entry *fe, uint32_t ino, struct file_want *out, size_t max)
{
	if (max == 0 || ino == 0)
		return 0;
	memset(out, 0, sizeof *out);
	out->id = fe->id;
	out->id.ino = ino;
	out->access = -1;
	return 1;
}

/* What a socket is reached at, for a person: a UNIX socket's path or
 * @name, an inet socket's address; "" for an unbound UNIX socket. */
static const char *
diag_address(const struct sock_diag *sd)
{
	return sd->family == AF_UNIX ? sd->name : sd->local;
}

/* A listener's accept ends when anyone connects to it: says so, and
 * names the sockets the lab sees connected or connecting to it (they
 * evidently do): a UNIX listener's pending clients and the peers of the
 * connections it accepted (which take its address), an inet listener's
 * clients by their remote address. */
static size_t
listener_woken_by(struct lab *lab, const struct fd_entry *fe, const struct sock_diag *sd,
    struct file_want *out, size_t max)
{
	const struct netdiag	*nd = &lab->net;
	const struct sock_diag	*e;
	size_t			 i, n = 0;

	if (diag_address(sd)[0] == '\0')
		return 0;
	snprintf(out[n++].anyone, sizeof out->anyone, "any process connecting to %s",
	    diag_address(sd));
	for (i = 0; i < sd->nicons && n < max; i++)
		n += want_socket(fe, sd->icons[i], out + n, max - n);
	for (i = 0; i < nd->n && n < max; i++) {
		e = &nd->v[i];
		if (e == sd || e->family != sd->family || e->type != sd->type || e->ino == 0)
			continue;
		if (sd->family == AF_UNIX && e->state == TCP_ESTABLISHED &&
		    strcmp(e->name, sd->name) == 0)
			n += want_socket(fe, e->peer, out + n, max - n);
		else if (sd->family != AF_UNIX && (e->state == TCP_ESTABLISHED ||
		    e->state == TCP_SYN_SENT) && listener_takes(sd->local, e->remote))
			n += want_socket(fe, e->ino, out + n, max - n);
	}
	return n;
}

/* The listener a UNIX connect waits for (its backlog full), by the path
 * the call gives, read from the caller's memory. */
static const struct sock_diag *
unix_connect_target(struct lab *lab, const struct thread_wait *tw)
{
	const struct netdiag	*nd = &lab->net;
	struct sockaddr_un	 sun;
	char			 name[sizeof sun.sun_path + 2];
	size_t			 len = tw->args[2], i;

	if (len <= offsetof(struct sockaddr_un, sun_path) || len > sizeof sun)
		return NULL;
	memset(&sun, 0, sizeof sun);
	if (!maps_read_mem(tw->pid, tw->args[1], &sun, len) || sun.sun_family != AF_UNIX)
		return NULL;
	len -= offsetof(struct sockaddr_un, sun_path);
	if (sun.sun_path[0] == '\0') {
		/* Abstract: sock_diag names it @name. */
		name[0] = '@';
		memcpy(name + 1, sun.sun_path + 1, len - 1);
		name[len] = '\0';
	} else
		copy_str(name, sizeof name, sun.sun_path);
	for (i = 0; i < nd->n; i++) {
		if (nd->v[i].family == AF_UNIX && nd->v[i].state == TCP_LISTEN &&
		    strcmp(nd->v[i].name, name) == 0)
			return &nd->v[i];
	}
	return NULL;
}

/* A connect that waits (a UNIX listener's backlog full; a TCP SYN the
 * listener's full queue dropped) ends when the listener's holders
 * accept. */
static size_t
connect_woken_by(struct lab *lab, const struct fd_entry *fe, const struct thread_wait *tw,
    const struct sock_diag *sd, struct file_want *out, size_t max)
{
	const struct netdiag	*nd = &lab->net;
	const struct sock_diag	*l = NULL;
	size_t			 i;

	if (sd->family == AF_UNIX)
		l = unix_connect_target(lab, tw);
	else if (sd->remote[0] != '\0') {
		for (i = 0; i < nd->n && l == NULL; i++) {
			if (nd->v[i].family == sd->family && nd->v[i].state == TCP_LISTEN &&
			    listener_takes(nd->v[i].local, sd->remote))
				l = &nd->v[i];
		}
	}
	return l != NULL ? want_socket(fe, l->ino, out, max) : 0;
}

/* A datagram socket with no peer is sent to by address, by anyone: says
 * so, and names the sockets the lab sees connected to it. */
static size_t
datagram_woken_by(struct lab *lab, const struct fd_entry *fe, const struct sock_diag *sd,
    struct file_want *out, size_t max)
{
	const struct netdiag	*nd = &lab->net;
	const struct sock_diag	*e;
	size_t			 i, n = 0;

	if (diag_address(sd)[0] == '\0')
		return 0;
	snprintf(out[n++].anyone, sizeof out->anyone, "any process that may send to %s",
	    diag_address(sd));
	for (i = 0; i < nd->n && n < max; i++) {
		e = &nd->v[i];
		if (e == sd || e->family != sd->family || e->type != SOCK_DGRAM || e->ino == 0)
			continue;
		if ((sd->family == AF_UNIX && e->peer == sd->ino) ||
		    (sd->family != AF_UNIX && strcmp(e->remote, sd->local) == 0))
			n += want_socket(fe, e->ino, out + n, max - n);
	}
	return n;
}

/* A read or write on a connected socket waits for its peer's holders:
 * a UNIX socket's peer by inode, a TCP socket's by the addresses swapped
 * (loopback: both ends are on this machine). A listener's accept (or a
 * poll for its reading) waits for whoever connects; a connect for the
 * listener's holders; a read of a datagram socket with no peer for
 * whoever sends to it. */
static size_t
socket_woken_by(struct lab *lab, const struct fd_entry *fe, const struct thread_wait *tw,
    struct file_want *out, size_t max)
{
	const struct sock_diag	*sd, *peer = NULL;
	enum wait_fd_op		 op = tw->on.fd.op;

	if (max == 0 || (op != WAIT_FD_READ && op != WAIT_FD_WRITE && op != WAIT_FD_ACCEPT &&
	    op != WAIT_FD_CONNECT))
		return 0;
	/* The last dump answers while the tables are as they were, for any
	 * thread that ran since (a dump a tick is a whole sock_diag walk). */
	if (!net_dump_current(lab)) {
		lab->net.want |= NETDIAG_UNIX | NETDIAG_TCP | NETDIAG_TCP6 | NETDIAG_UDP |
		    NETDIAG_UDP6;
		net_dump(lab);
	}
	if ((sd = netdiag_by_ino(&lab->net, (uint32_t)fe->id.ino)) == NULL)
		return 0;
	if (sd->state == TCP_LISTEN)
		return op == WAIT_FD_ACCEPT || op == WAIT_FD_READ ?
		    listener_woken_by(lab, fe, sd, out, max) : 0;
	if (op == WAIT_FD_CONNECT)
		return connect_woken_by(lab, fe, tw, sd, out, max);
	if (op == WAIT_FD_ACCEPT)
		return 0;
	peer = diag_peer(lab, sd);
	if (peer == NULL && sd->type == SOCK_DGRAM && op == WAIT_FD_READ)
		return datagram_woken_by(lab, fe, sd, out, max);
	if (peer == NULL || peer->ino == 0)
		return 0;
	return want_socket(fe, peer->ino, out, max);
}

const struct mechanism socket_mechanism = {
	.name = "socket",
	.title = "sockets: UNIX, TCP and UDP",
	.object_size = sizeof(struct sock),
	.help = "Sockets connect processes through the kernel: UNIX domain sockets on "
	    "this machine (stream, datagram and seqpacket, named by a path or an "
	    "abstract @name, or made in pairs), and TCP and UDP: on the machine's own "
	    "network on loopback only (other addresses are refused, and a socket the "
	    "kernel would bind to every interface is bound to 127.0.0.1 or ::1 first), "
	    "inside the lab's hosts on their own addresses. show "
	    "reads each socket from sock_diag netlink, as ss does: its state "
	    "(LISTEN, ESTABLISHED, FIN_WAIT2, CLOSE_WAIT, TIME_WAIT...), its queues "
	    "(in bytes where the kernel counts bytes, and labelled memory where it "
	    "counts memory), its peer by name, and a listener's backlog with the "
	    "connections waiting in it. The bytes waiting to be read are peeked with "
	    "MSG_PEEK, which takes nothing.",
	.commands = socket_commands,
	.send_verb = "socket_send",
	.recv_verb = "socket_recv",
	.help_objects = "sockets",
	.help_send = "send",
	.help_recv = "recv",
	.menu_new = socket_menu_new,
	.fd_backed = true,
	.ends = socket_ends,
	.describe = socket_describe,
	.describe_links = socket_describe_links,
	.destroy = socket_destroy,
	.release = socket_release,
	.sweep = socket_sweep,
	.notice = socket_notice,
	.gone = socket_gone,
	.claims = socket_claims,
	.describe_fd = socket_describe_fd,
	.observe_fd = socket_observe_fd,
	.observe_init = socket_observe_init,
	.woken_by = socket_woken_by,
	.woken_by_stands = true,
};
