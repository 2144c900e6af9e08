/* batch.c: batch mode: run a script's lines in order, without a terminal,
 * printing every result and event as it happens. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "lab.h"
#include "loop.h"
#include "session.h"

#define LINE_MAX_LEN	(4 * 1024 * 1024)

struct reader {
	int		 fd;
	struct buf	 buf;
	bool		 eof;
	bool		 watched;
	bool		 skipping;	/* dropping the rest of an overlong line */
	int		 error;
};

static void
reader_cb(int fd, short revents, void *arg)
{
	struct reader	*r = arg;
	char		 chunk[65536];
	ssize_t		 n;

	(void)revents;
	n = read(fd, chunk, sizeof chunk);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (n == -1)
			r->error = errno;
		r->eof = true;
		return;
	}
	buf_add(&r->buf, chunk, (size_t)n);
}

/* Take the next whole line; false if none is complete yet. */
static bool
reader_line(struct reader *r, struct session *s, struct buf *line)
{
	char	*nl;
	size_t	 len;

	for (;;) {
		nl = r->buf.len > 0 ? memchr(r->buf.data, '\n', r->buf.len) : NULL;
		if (nl == NULL && r->buf.len > LINE_MAX_LEN) {
			if (!r->skipping) {
				s->lineno++;
				lab_record(s->lab, RECORD_ERROR, NULL, REC_ERROR, NULL,
				    "%s:%d: line is longer than 4 MiB; skipped", s->source, s->lineno);
				s->errors++;
			}
			r->skipping = true;
			buf_reset(&r->buf);
			return false;
		}
		if (nl == NULL && !(r->eof && r->buf.len > 0))
			return false;
		len = nl != NULL ? (size_t)(nl - r->buf.data) : r->buf.len;
		if (r->skipping) {
			r->skipping = false;
			buf_consume(&r->buf, nl != NULL ? len + 1 : len);
			continue;
		}
		buf_reset(line);
		buf_add(line, r->buf.data, len);
		buf_consume(&r->buf, nl != NULL ? len + 1 : len);
		return true;
	}
}

static int
batch_run(struct app *app)
{
	struct session	 s;
	struct reader	 r;
	struct buf	 line;
	const char	*path = app->script, *source;

	memset(&r, 0, sizeof r);
	buf_init(&r.buf);
	buf_init(&line);
	if (strcmp(path, "-") == 0) {
		r.fd = STDIN_FILENO;
		source = "stdin";
	} else {
		r.fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r.fd == -1) {
			output_message(stderr, "cannot read %s: %s", path, strerror(errno));
			return 2;
		}
		source = path;
	}
	session_init(&s, app->lab, source, true);
	s.trace = app->trace;

	while (app->quit_signal == 0 && !s.quit && !app->out.broken && !s.skipped) {
		if (!session_busy(&s)) {
			if (session_feed(&s))
				continue;
			if (reader_line(&r, &s, &line)) {
				session_line(&s, line.data, line.len);
				continue;
			}
			if (r.eof)
				break;
			if (!r.watched) {
				loop_add_fd(app->loop, r.fd, POLLIN, reader_cb, &r);
				r.watched = true;
			}
		} else if (r.watched) {
			loop_del_fd(app->loop, r.fd);
			r.watched = false;
		}
		loop_once(app->loop, -1);
		session_poll(&s);
	}
	if (r.watched)
		loop_del_fd(app->loop, r.fd);
	session_free(&s);
	if (r.error != 0)
		output_message(stderr, "reading %s: %s", source, strerror(r.error));
	if (r.fd != STDIN_FILENO)
		close(r.fd);
	buf_free(&r.buf);
	buf_free(&line);
	if (!app->out.json && (s.failures > 0 || s.errors > 0)) {
		output_message(app->out.err, "%s: %d check%s failed, %d command%s refused",
		    source, s.failures, s.failures == 1 ? "" : "s", s.errors,
		    s.errors == 1 ? "" : "s");
	}
	if (s.failures > 0 || s.errors > 0 || r.error != 0)
		return 1;
	/* What the script needs is not here (require): skipped, as automake's
	 * test drivers count status 77. */
	return s.skipped ? BATCH_SKIPPED : 0;
}

const struct frontend batch_frontend = {
	.name = "batch",
	.run = batch_run,
};
