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
	} else if (s->at_source != NULL) {
		buf_printf(&where, "%s:%d:", s->at_source, s->at_lineno);
		desc_string(d, "source", s->at_source);
		desc_int(d, "line", s->at_lineno);
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
frames_drop(struct session *s)
{
	while (s->nframes > 0) {
		s->nframes--;
		lines_free(&s->frames[s->nframes].text);
		free(s->frames[s->nframes].name);
	}
	freep(&s->frames);
}

/* What a command left for the script: a chapter begun, a file's lines
 * to run next. */
static void
script_take(struct session *s)
{
	struct session_frame	*f;
	struct desc		*d;

	if (s->ctx.chapter != NULL) {
		s->chapter++;
		free(s->chapter_title);
		s->chapter_title = xstrdup(s->ctx.chapter);
		d = desc_new();
		desc_int(d, "number", s->chapter);
		desc_string(d, "title", s->ctx.chapter);
		lab_record(s->lab, RECORD_CHAPTER, NULL, REC_INFO, d, "== chapter %d: %s ==", s->chapter,
		    s->ctx.chapter);
	}
	if (s->ctx.src_lines != NULL) {
		s->frames = xreallocarray(s->frames, s->nframes + 1, sizeof *s->frames);
		f = &s->frames[s->nframes++];
		f->text = s->ctx.src_lines;
		f->next = 0;
		f->name = s->ctx.src_from;
		f->lineno = 0;
		s->ctx.src_lines = NULL;
		s->ctx.src_from = NULL;
	}
}

static void
session_finish(struct session *s, enum cmd_status r)
{
	if (s->ctx.skip)
		s->skipped = true;
	if (s->ctx.quit)
		s->quit = true;
	/* A script that ends ends the files it sourced. */
	if (s->skipped || s->quit)
		frames_drop(s);
	else if (r != CMD_ERROR)
		script_take(s);
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

static void
run_line(struct session *s, const char *line, size_t len)
{
	enum cmd_status	 r;
	char		*cause;
	int		 column;

	if (s->cmd != NULL)
		fatal("a line was given while a command runs");
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
	s->ctx.depth = s->nframes;
	r = cmd_run(&s->ctx);
	if (r != CMD_PENDING)
		session_finish(s, r);
}

void
session_line(struct session *s, const char *line, size_t len)
{
	s->lineno++;
	s->at_source = s->source;
	s->at_lineno = s->lineno;
	run_line(s, line, len);
}

bool
session_feed(struct session *s)
{
	struct session_frame	*f;

	while (s->nframes > 0) {
		f = &s->frames[s->nframes - 1];
		if (f->text[f->next] != NULL) {
			f->lineno++;
			s->at_source = f->name;
			s->at_lineno = f->lineno;
			f->next++;
			run_line(s, f->text[f->next - 1], strlen(f->text[f->next - 1]));
			return true;
		}
		lines_free(&f->text);
		free(f->name);
		s->nframes--;
	}
	return false;
}

bool
session_sourcing(const struct session *s)
{
	size_t	 i;

	for (i = 0; i < s->nframes; i++) {
		if (s->frames[i].text[s->frames[i].next] != NULL)
			return true;
	}
	return false;
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

void
session_end(struct session *s)
{
	session_cancel(s);
	frames_drop(s);
	freep(&s->chapter_title);
}
