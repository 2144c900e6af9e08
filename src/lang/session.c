/* session.c: running lines of the command language one after another. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "lab.h"
#include "session.h"

void
session_init(struct session *s, struct lab *lab, const char *source, bool sync)
{
	memset(s, 0, sizeof *s);
	s->lab = lab;
	s->source = source;
	s->sync = sync;
}

static void
session_error(struct session *s, const char *line, int column, const char *message)
{
	struct desc	*d;
	struct buf	 where;

	d = desc_new();
	desc_string(d, "message", message);
	buf_init(&where);
	if (s->made) {
		buf_printf(&where, "%s: ", line);
		column = 0;
	} else if (s->source != NULL) {
		buf_printf(&where, "%s:%d:", s->source, s->lineno);
		desc_string(d, "source", s->source);
		desc_int(d, "line", s->lineno);
		if (column > 0)
			buf_printf(&where, "%d:", column);
		buf_addc(&where, ' ');
	} else if (column > 0)
		buf_printf(&where, "column %d: ", column);
	if (column > 0)
		desc_int(d, "column", column);
	lab_record(s->lab, RECORD_ERROR, NULL, REC_ERROR, d, "%s%s", where.data != NULL ? where.data : "",
	    message);
	buf_free(&where);
}

static void
session_finish(struct session *s, enum cmd_status r)
{
	if (s->ctx.skip)
		s->skipped = true;
	if (s->ctx.quit)
		s->quit = true;
	if (r == CMD_ERROR) {
		session_error(s, s->cmd->line, s->ctx.column, s->ctx.cause != NULL ? s->ctx.cause : "failed");
		if (s->ctx.failed)
			s->failures++;
		else
			s->errors++;
	} else if (s->ctx.failed)
		s->failures++;
	cmd_ctx_clear(&s->ctx);
	cmd_free(&s->cmd);
}

void
session_line(struct session *s, const char *line, size_t len)
{
	enum cmd_status	 r;
	char		*cause;
	int		 column;

	if (s->cmd != NULL)
		fatal("a line was given while a command runs");
	s->lineno++;
	s->cmd = cmd_parse_lab(s->lab, line, len, &cause, &column);
	if (s->cmd == NULL) {
		if (cause != NULL) {
			char *text = xstrndup(line, len);

			session_error(s, text, column, cause);
			free(text);
			s->errors++;
			free(cause);
		}
		return;
	}
	if (s->trace)
		lab_record(s->lab, RECORD_ECHO, NULL, REC_INFO, NULL, "+ %s", s->cmd->line);
	memset(&s->ctx, 0, sizeof s->ctx);
	s->ctx.lab = s->lab;
	s->ctx.cmd = s->cmd;
	s->ctx.sync = s->sync;
	r = cmd_run(&s->ctx);
	if (r != CMD_PENDING)
		session_finish(s, r);
}

bool
session_busy(const struct session *s)
{
	return s->cmd != NULL;
}

void
session_poll(struct session *s)
{
	enum cmd_status	 r;

	if (s->cmd == NULL)
		return;
	r = cmd_poll(&s->ctx);
	if (r != CMD_PENDING)
		session_finish(s, r);
}

void
session_cancel(struct session *s)
{
	if (s->cmd == NULL)
		return;
	cmd_ctx_clear(&s->ctx);
	cmd_free(&s->cmd);
}
