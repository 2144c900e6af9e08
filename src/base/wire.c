/* wire.c: frames over the controller-actor channel. */
#include "config.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "wire.h"

void
wire_conn_init(struct wire_conn *c, int fd)
{
	memset(c, 0, sizeof *c);
	c->fd = fd;
	buf_init(&c->in);
	buf_init(&c->out);
}

void
wire_conn_close(struct wire_conn *c)
{
	size_t	 i;

	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	for (i = 0; i < c->n_in_fds; i++)
		close(c->in_fds[i]);
	c->n_in_fds = 0;
	buf_free(&c->in);
	buf_free(&c->out);
}

void
wire_take_fds(struct msghdr *msg, int *fds, size_t *n, size_t max)
{
	struct cmsghdr	*cm;
	int		*got;
	size_t		 count, i;

	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		got = (int *)CMSG_DATA(cm);
		count = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < count; i++) {
			if (*n < max)
				fds[(*n)++] = got[i];
			else
				close(got[i]);
		}
	}
}

bool
wire_read(struct wire_conn *c)
{
	char		 chunk[65536];
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(sizeof(int) * WIRE_MAX_FDS)];
	} control;
	struct msghdr	 msg;
	struct iovec	 iov;
	ssize_t		 n;

	for (;;) {
		memset(&msg, 0, sizeof msg);
		iov.iov_base = chunk;
		iov.iov_len = sizeof chunk;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof control.buf;
		n = recvmsg(c->fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return true;
			c->eof = true;
			return false;
		}
		wire_take_fds(&msg, c->in_fds, &c->n_in_fds, nitems(c->in_fds));
		/* The controller ran out of descriptors: some that were sent
		 * are lost, and the frames that carried them get -1. */
		if (msg.msg_flags & MSG_CTRUNC)
			c->fds_lost = true;
		if (n == 0) {
			c->eof = true;
			return false;
		}
		buf_add(&c->in, chunk, (size_t)n);
		if ((size_t)n < sizeof chunk)
			return true;
	}
}

bool
wire_next(struct wire_conn *c, struct wire_frame *f)
{
	struct wire_header	 h;
	size_t			 i;

	if (c->in.len < sizeof h)
		return false;
	memcpy(&h, c->in.data, sizeof h);
	if (h.len > WIRE_MAX_FRAME || h.nfds > WIRE_MAX_FDS)
		fatal("bad frame from an actor: type %u, %u bytes, %u fds",
		    h.type, h.len, h.nfds);
	if (c->in.len < sizeof h + h.len)
		return false;
	while (c->n_in_fds < h.nfds && c->fds_lost)
		c->in_fds[c->n_in_fds++] = -1;
	if (c->n_in_fds < h.nfds)
		fatal("frame expects %u descriptors, %zu arrived", h.nfds, c->n_in_fds);
	f->type = h.type;
	f->payload = c->in.data + sizeof h;
	f->len = h.len;
	f->nfds = h.nfds;
	for (i = 0; i < h.nfds; i++)
		f->fds[i] = c->in_fds[i];
	memmove(c->in_fds, c->in_fds + h.nfds, (c->n_in_fds - h.nfds) * sizeof(int));
	c->n_in_fds -= h.nfds;
	return true;
}

void
wire_consume(struct wire_conn *c, const struct wire_frame *f)
{
	buf_consume(&c->in, sizeof(struct wire_header) + f->len);
}

bool
wire_flush(struct wire_conn *c)
{
	ssize_t	 n;

	while (c->out.len > 0) {
		n = send(c->fd, c->out.data, c->out.len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return true;
			return false;
		}
		buf_consume(&c->out, (size_t)n);
	}
	return true;
}

bool
wire_send(struct wire_conn *c, uint32_t type, const void *hdr, size_t hdrlen,
    const void *data, size_t datalen)
{
	struct wire_header	 h;

	memset(&h, 0, sizeof h);
	h.type = type;
	h.len = (uint32_t)(hdrlen + datalen);
	buf_add(&c->out, &h, sizeof h);
	buf_add(&c->out, hdr, hdrlen);
	buf_add(&c->out, data, datalen);
	return wire_flush(c);
}

bool
wire_pending(const struct wire_conn *c)
{
	return c->out.len > 0;
}

bool
wire_put(int fd, uint32_t type, const void *hdr, size_t hdrlen,
    const void *data, size_t datalen, const int *fds, size_t nfds)
{
	struct wire_header	 h;
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(sizeof(int) * WIRE_MAX_FDS)];
	} control;
	struct msghdr		 msg;
	struct cmsghdr		*cm;
	struct iovec		 iov[3];
	size_t			 total, sent = 0, skip, i, niov;
	ssize_t			 n;

	if (nfds > WIRE_MAX_FDS)
		fatal("sending %zu descriptors in one frame", nfds);
	memset(&h, 0, sizeof h);
	h.type = type;
	h.len = (uint32_t)(hdrlen + datalen);
	h.nfds = (uint32_t)nfds;
	total = sizeof h + hdrlen + datalen;

	while (sent < total) {
		struct iovec	 all[3] = {
			{ &h, sizeof h }, { (void *)hdr, hdrlen }, { (void *)data, datalen },
		};

		/* Skip what was sent already. */
		niov = 0;
		skip = sent;
		for (i = 0; i < 3; i++) {
			if (skip >= all[i].iov_len) {
				skip -= all[i].iov_len;
				continue;
			}
			iov[niov].iov_base = (char *)all[i].iov_base + skip;
			iov[niov].iov_len = all[i].iov_len - skip;
			skip = 0;
			niov++;
		}
		memset(&msg, 0, sizeof msg);
		msg.msg_iov = iov;
		msg.msg_iovlen = niov;
		if (sent == 0 && nfds > 0) {
			memset(&control, 0, sizeof control);
			msg.msg_control = control.buf;
			msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
			cm = CMSG_FIRSTHDR(&msg);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
			memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
		}
		n = sendmsg(fd, &msg, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return false;
		}
		sent += (size_t)n;
	}
	return true;
}

bool
wire_get(int fd, uint32_t *type, struct buf *payload, int *fds, size_t *nfds)
{
	struct wire_header	 h;
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(sizeof(int) * WIRE_MAX_FDS)];
	} control;
	struct msghdr		 msg;
	struct iovec		 iov;
	size_t			 got = 0;
	ssize_t			 n;
	char			 chunk[65536];

	*nfds = 0;
	while (got < sizeof h) {
		memset(&msg, 0, sizeof msg);
		iov.iov_base = (char *)&h + got;
		iov.iov_len = sizeof h - got;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof control.buf;
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		wire_take_fds(&msg, fds, nfds, WIRE_MAX_FDS);
		got += (size_t)n;
	}
	if (h.len > WIRE_MAX_FRAME)
		return false;
	*type = h.type;
	buf_reset(payload);
	while (payload->len < h.len) {
		size_t want = h.len - payload->len;

		n = read(fd, chunk, want < sizeof chunk ? want : sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf_add(payload, chunk, (size_t)n);
	}
	if (payload->data == NULL)
		buf_add(payload, "", 0);
	return true;
}
