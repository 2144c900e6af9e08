/* wire.h: the private channel between the controller and one actor (a
 * process or a thread): a UNIX stream socketpair carrying frames. The
 * controller asks for one call at a time with a request; the actor makes
 * the call and answers with a reply. Descriptors travel with a frame as
 * SCM_RIGHTS (a forked actor's channel, its pidfd). The controller side
 * never blocks; the actor side does, since blocking is its job. */
#ifndef WIRE_H
#define WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define WIRE_VALS	8
#define WIRE_MAX_FDS	4
#define WIRE_MAX_CHANGED 16
#define WIRE_MAX_FRAME	(8 * 1024 * 1024)

enum wire_type {
	WIRE_REQUEST = 1,	/* controller -> actor */
	WIRE_REPLY,		/* actor -> controller */
	WIRE_HELLO,		/* actor -> controller: set up, serving from now on */
	WIRE_FAIL,		/* actor -> controller: the lab's setup failed; why, as text */
};

struct wire_header {
	uint32_t	 type;
	uint32_t	 len;		/* payload bytes after the header */
	uint32_t	 nfds;		/* descriptors sent with this frame */
	uint32_t	 pad;
};

struct wire_request {
	uint32_t	 seq;
	uint32_t	 op;		/* the verb's index in the command table */
	int64_t		 arg[WIRE_VALS];
	uint32_t	 data_len;	/* data follows */
	uint32_t	 pad;
	int64_t		 start_ns;	/* CLOCK_MONOTONIC: make the call no earlier; 0 now */
};

struct wire_reply {
	uint32_t	 seq;
	int32_t		 err;		/* errno of the call, 0 if it succeeded */
	int32_t		 tool_err;	/* the lab's own preparation failed (errno), the call was not made */
	/* Records the actor's process wrote to the lab's other descriptors
	 * (signal reports) since this thread's last reply: the controller
	 * reads them before the reply only if there are any. */
	uint32_t	 aside;
	int64_t		 ret;		/* the call's return value */
	int64_t		 val[WIRE_VALS];	/* results besides ret (fds of a pipe, a tid) */
	int64_t		 elapsed_ns;	/* time spent in the call */
	int64_t		 began_ns;	/* CLOCK_MONOTONIC when the call began */
	uint32_t	 data_len;	/* data follows (bytes read) */
	/* The descriptors the call may have opened, closed or changed
	 * (fds_changed[0..nfds_changed)), which the controller reads again;
	 * -1: not said, so any may have, and it reads the whole table. */
	int32_t		 nfds_changed;
	int32_t		 fds_changed[WIRE_MAX_CHANGED];
};

/* The controller's end of a channel. */
struct wire_conn {
	int		 fd;
	struct buf	 in;
	int		 in_fds[16];
	size_t		 n_in_fds;
	struct buf	 out;
	bool		 eof;		/* the actor's end is closed */
	bool		 fds_lost;	/* descriptors sent were lost (MSG_CTRUNC) */
};

/* A received frame; payload points into the connection's buffer and is
 * valid until the next wire_ call on it. fds are owned by the caller. */
struct wire_frame {
	uint32_t	 type;
	const void	*payload;
	size_t		 len;
	int		 fds[WIRE_MAX_FDS];
	size_t		 nfds;
};

void	 wire_conn_init(struct wire_conn *, int fd);
/* Close the descriptor and any received descriptors not yet taken. */
void	 wire_conn_close(struct wire_conn *);
/* Read what is available without blocking. False on EOF or error. */
bool	 wire_read(struct wire_conn *);
/* Take the next complete frame; false if none is complete yet. A frame
 * that breaks the protocol is a bug and is fatal. */
bool	 wire_next(struct wire_conn *, struct wire_frame *);
/* The previous frame is done with: drop it from the buffer. */
void	 wire_consume(struct wire_conn *, const struct wire_frame *);
/* Queue a frame and send what the socket takes now; the rest goes on
 * wire_flush. False if the actor's end is closed. */
bool	 wire_send(struct wire_conn *, uint32_t type, const void *hdr, size_t hdrlen,
	    const void *data, size_t datalen);
bool	 wire_flush(struct wire_conn *);
bool	 wire_pending(const struct wire_conn *);

/* Actor side, blocking. wire_put sends a whole frame with fds; wire_get
 * receives one into payload (fds appended to fds, at most WIRE_MAX_FDS).
 * Both return false when the controller is gone. */
bool	 wire_put(int fd, uint32_t type, const void *hdr, size_t hdrlen,
	    const void *data, size_t datalen, const int *fds, size_t nfds);
bool	 wire_get(int fd, uint32_t *type, struct buf *payload, int *fds, size_t *nfds);

struct msghdr;
/* Move the descriptors a received message carried into fds (up to max,
 * counted in *n); any beyond max are closed. */
void	 wire_take_fds(struct msghdr *, int *fds, size_t *n, size_t max);

#endif
