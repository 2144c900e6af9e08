/* fuzz_wire.c: frames on the controller-actor channel, as either side
 * reads them from a real socketpair. The first byte picks the reader
 * (bit 0: the actor's wire_get, else the controller's wire_read and
 * wire_next); then come segments, each a byte whose low three bits say
 * how many real descriptors go with it (0 to 7, beyond WIRE_MAX_FDS), a
 * 16-bit little-endian length and that many bytes, each sent with one
 * sendmsg. The controller reads after each segment, the actor once all
 * is sent and the sender is closed. A frame that breaks the protocol is
 * fatal by design (wire.h): the target comes back from fatal() and goes
 * on. No descriptor may be left open, no memory leaked. */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wire.h"

#define MAX_SEGMENTS	64
#define CHECK_FDS	64

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int		 null_fd = -1;
static int		 low_fd;			/* the lowest free at start */
static bool		 was_open[CHECK_FDS];	/* from low_fd up, at start */
static jmp_buf		 on_fatal;
static struct wire_conn	 conn;

static void
fatal_back(void)
{
	longjmp(on_fatal, 1);
}

static void
setup(void)
{
	int	 i;

	if ((null_fd = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		abort();
	low_fd = dup(null_fd);
	close(low_fd);
	for (i = 0; i < CHECK_FDS; i++)
		was_open[i] = fcntl(low_fd + i, F_GETFD) != -1;
}

/* Whatever the bytes, every descriptor received was closed. */
static void
check_no_fds_left(void)
{
	int	 i;

	for (i = 0; i < CHECK_FDS; i++) {
		if (!was_open[i] && fcntl(low_fd + i, F_GETFD) != -1) {
			fprintf(stderr, "fuzz_wire: descriptor %d left open\n", low_fd + i);
			abort();
		}
	}
}

/* Send one segment with nfds descriptors; false if the socket takes no
 * more now. */
static bool
send_segment(int fd, const uint8_t *p, size_t len, size_t nfds)
{
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(sizeof(int) * 7)];
	} control;
	struct msghdr	 msg;
	struct cmsghdr	*cm;
	struct iovec	 iov = { (void *)p, len };
	int		 fds[7];
	size_t		 i;
	ssize_t		 n;

	memset(&msg, 0, sizeof msg);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (nfds > 0) {
		memset(&control, 0, sizeof control);
		for (i = 0; i < nfds; i++)
			fds[i] = null_fd;
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	/* Descriptors need a byte to travel with. */
	if (len == 0 && nfds == 0)
		return true;
	if (len == 0) {
		iov.iov_base = "";
		iov.iov_len = 1;
	}
	do
		n = sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	while (n == -1 && errno == EINTR);
	return n != -1;
}

/* Take every complete frame, as the lab does, and let it go. */
static void
take_frames(struct wire_conn *c)
{
	struct wire_frame	 f;
	const unsigned char	*p;
	unsigned		 sum = 0;
	size_t			 i;

	while (wire_next(c, &f)) {
		if (f.nfds > WIRE_MAX_FDS)
			abort();
		p = f.payload;
		for (i = 0; i < f.len; i++)
			sum += p[i];
		for (i = 0; i < f.nfds; i++)
			close(f.fds[i]);
		wire_consume(c, &f);
	}
	(void)sum;
}

/* Send each segment and read what came, as the lab's loop would. */
static void
controller_feed(int wfd, const uint8_t *data, size_t size)
{
	size_t		 pos = 0, len, nseg = 0;
	unsigned	 nfds;

	while (pos + 3 <= size && nseg++ < MAX_SEGMENTS) {
		nfds = data[pos] & 7;
		len = (size_t)data[pos + 1] | (size_t)data[pos + 2] << 8;
		pos += 3;
		if (len > size - pos)
			len = size - pos;
		if (!send_segment(wfd, data + pos, len, nfds))
			break;
		pos += len;
		wire_read(&conn);
		take_frames(&conn);
	}
	/* The actor's end closes: what is left is read to the end. */
	shutdown(wfd, SHUT_WR);
	while (wire_read(&conn))
		take_frames(&conn);
	take_frames(&conn);
}

static void
controller_side(int rfd, int wfd, const uint8_t *data, size_t size)
{
	wire_conn_init(&conn, rfd);
	fatal_hook = fatal_back;
	if (setjmp(on_fatal) == 0)
		controller_feed(wfd, data, size);
	fatal_hook = NULL;
	close(wfd);
	wire_conn_close(&conn);
}

static void
actor_side(int rfd, int wfd, const uint8_t *data, size_t size)
{
	struct buf	 payload;
	uint32_t	 type;
	size_t		 pos = 0, len, nseg = 0, nfds, i;
	int		 fds[WIRE_MAX_FDS];
	bool		 more;

	while (pos + 3 <= size && nseg++ < MAX_SEGMENTS) {
		nfds = data[pos] & 7;
		len = (size_t)data[pos + 1] | (size_t)data[pos + 2] << 8;
		pos += 3;
		if (len > size - pos)
			len = size - pos;
		if (!send_segment(wfd, data + pos, len, nfds))
			break;
		pos += len;
	}
	close(wfd);
	buf_init(&payload);
	do {
		more = wire_get(rfd, &type, &payload, fds, &nfds);
		if (nfds > WIRE_MAX_FDS)
			abort();
		for (i = 0; i < nfds; i++)
			close(fds[i]);
	} while (more);
	buf_free(&payload);
	close(rfd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int	 sv[2];

	if (null_fd == -1)
		setup();
	if (size < 1)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		abort();
	if (data[0] & 1)
		actor_side(sv[0], sv[1], data + 1, size - 1);
	else
		controller_side(sv[0], sv[1], data + 1, size - 1);
	check_no_fds_left();
	return 0;
}
