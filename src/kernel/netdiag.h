/* netdiag.h: sockets as the kernel sees them, through sock_diag netlink:
 * one dump per family and protocol (UNIX, TCP and UDP over IPv4 and
 * IPv6), kept for a lab generation and searched by inode, or by address
 * for a TCP socket that has no inode any more (closed, in TIME_WAIT).
 * The caller's network namespace is dumped, then each other namespace
 * it gave a sock_diag socket of (a source). */
#ifndef NETDIAG_H
#define NETDIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the kernel counts in a queue: bytes of data; the bytes of the
 * next datagram only (a UNIX datagram socket); the bytes of every
 * message queued, of which a read takes one (a UNIX seqpacket socket);
 * memory, which counts the kernel's overhead too (a UNIX socket's send
 * side, UDP); or connections (a listener: waiting to be accepted, and
 * the backlog). */
enum netdiag_unit {
	NQ_BYTES,
	NQ_NEXT_DATAGRAM,
	NQ_ALL_MESSAGES,
	NQ_MEMORY,
	NQ_CONNECTIONS,
};

struct sock_diag {
	uint32_t	 ino;		/* 0 for a TCP socket nobody holds */
	uint64_t	 ns;		/* the inode of the network namespace it is in */
	int		 family;	/* AF_UNIX, AF_INET, AF_INET6 */
	int		 type;		/* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	int		 state;		/* TCP_ESTABLISHED... (UNIX uses the same numbers) */
	/* In the unit rq_unit says. TCP's are bytes of data: sock_diag
	 * counts a FIN as a byte (it takes one of sequence space), which
	 * is taken off here, as SIOCINQ does. */
	uint32_t	 rqueue;
	uint32_t	 wqueue;
	/* Once what is queued is read, a read returns end of file: the
	 * peer's FIN came (TCP), or no more can come (UNIX: shut down for
	 * reading, by its peer's close or shutdown, or its own). */
	bool		 eof;
	enum netdiag_unit	 rq_unit, wq_unit;
	uint32_t	 rmem, wmem;	/* memory held by the queues (inet), bytes */
	bool		 have_mem;	/* rmem and wmem were asked for */
	/* UNIX */
	char		 name[112];	/* path, or @abstract; "" if unbound */
	uint32_t	 peer;		/* peer's inode, 0 if none */
	uint32_t	*icons;		/* a listener's pending connections' inodes */
	size_t		 nicons;
	int		 shutdown;	/* bits: 1 no more reads, 2 no more writes */
	/* inet */
	char		 local[64];	/* "127.0.0.1:43211" */
	char		 remote[64];
};

/* A sock_diag socket made inside another network namespace: the caller
 * owns it (and closes it, after netdiag_source_drop). */
struct netdiag_source {
	int		 fd;
	uint64_t	 ns;		/* that namespace's inode */
	int		 error;		/* errno of its last dump that failed, or 0 */
};

struct netdiag {
	struct sock_diag	*v;		/* as dumped */
	size_t			 n;
	size_t			 cap;
	struct sock_diag	**by_ino;	/* all of them, by inode */
	struct sock_diag	**by_local;	/* the inet ones, by local address */
	size_t			 nlocal;
	unsigned		 want;		/* NETDIAG_* of the dumps wanted */
	uint64_t		 gen;		/* the lab generation it is of */
	int64_t			 at;		/* when it was dumped (now_ns) */
	bool			 valid;
	unsigned		 have;		/* the want it was dumped with */
	int			 error;		/* errno of a dump of the caller's own that failed */
	uint64_t		 self_ns;	/* the caller's namespace, as last dumped */
	struct netdiag_source	*sources;	/* kept by netdiag_clear */
	size_t			 nsources;
};

/* Which dumps: a socket of the lab's of each kind asks for its own. */
#define NETDIAG_UNIX	0x01
#define NETDIAG_TCP	0x02
#define NETDIAG_TCP6	0x04
#define NETDIAG_UDP	0x08
#define NETDIAG_UDP6	0x10
#define NETDIAG_MEMINFO	0x20	/* and the inet sockets' memory (a full view asks) */

/* Dump the sockets wanted again (at most once a generation), of the
 * caller's namespace and then of each source. */
void			 netdiag_refresh(struct netdiag *, uint64_t gen);
/* Forget the sockets and free their tables; the sources stay. */
void			 netdiag_clear(struct netdiag *);
/* Dump another namespace too, through fd (a NETLINK_SOCK_DIAG socket
 * made in it, whose inode is ns), from the next refresh on; the same fd
 * again changes nothing. Dropped, it is dumped no more (the caller still
 * closes it); the last one dropped frees the list. */
void			 netdiag_source_add(struct netdiag *, int fd, uint64_t ns);
void			 netdiag_source_drop(struct netdiag *, int fd);
/* Forget every source (none is closed). */
void			 netdiag_sources_free(struct netdiag *);
/* One buffer of a dump's reply (family AF_UNIX, or an inet family with
 * proto; mem: memory was asked for): its sockets added to nd. True when
 * the dump is over: done, or an error (its errno in *err). */
bool			 netdiag_parse(struct netdiag *, int family, int proto, bool mem,
			    const void *buf, size_t len, int *err);
/* Index what was parsed, for the lookups below. */
void			 netdiag_index(struct netdiag *);
const struct sock_diag	*netdiag_by_ino(const struct netdiag *, uint32_t ino);
/* A TCP socket by its two addresses ("127.0.0.1:80"), in any namespace
 * (the first dumped), or in namespace ns (an inode; 0: any). */
const struct sock_diag	*netdiag_by_addrs(const struct netdiag *, uint64_t ns,
			    const char *local, const char *remote);
/* An inet socket of this type by its local address alone, likewise. */
const struct sock_diag	*netdiag_by_local(const struct netdiag *, uint64_t ns, int type,
			    const char *local);
/* "ESTABLISHED", "LISTEN", "TIME_WAIT"... */
const char		*netdiag_state_name(int);

#endif
