/* pane_log.c: the log pane: the newest records (or scrolled back), each
 * with its time and who; a call too wide loses the middle of its call,
 * anything else wraps. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "record.h"
#include "theme.h"
#include "wrap.h"

#define LOG_TEXT_COL		18	/* "%8.3f %-8s ": the time and who */

static enum role
record_role(const struct record *r)
{
	if (r->level == REC_ERROR)
		return ROLE_ERROR;
	if (r->kind == RECORD_BLOCKED)
		return ROLE_BLOCKED;
	if (r->who != NULL && strcmp(r->who, "lab") == 0)
		return ROLE_SIGNAL;	/* the lab's own signals (kill A) */
	switch (r->kind) {
	case RECORD_EXIT:
	case RECORD_STOP:
	case RECORD_CONTINUE:
	case RECORD_REAP:
		return ROLE_SIGNAL;
	case RECORD_EXPECT:
		return ROLE_GOOD;
	case RECORD_JOB:
	case RECORD_SPAWN:
		return ROLE_DIM;
	default:
		return ROLE_NORMAL;
	}
}

/* A row of the log as drawn, and the record it belongs to. */
struct log_row {
	char		*text;
	size_t		 rec;		/* its index in the log */
	bool		 first;		/* the record's first row: time and actor */
};

struct log_rows {
	struct log_row	*v;
	size_t		 n;
};

static void
log_row_add(struct log_rows *lr, size_t rec, bool first, int indent, const char *s, size_t len)
{
	lr->v = xreallocarray(lr->v, lr->n + 1, sizeof *lr->v);
	lr->v[lr->n].text = xasprintf("%*s%.*s", indent, "", (int)len, s);
	lr->v[lr->n].rec = rec;
	lr->v[lr->n].first = first;
	lr->n++;
}

/* A help record's text is read in the help view: the log keeps its
 * first line and says so. */
static void
log_help_line(struct buf *b, const char *text)
{
	size_t	 len = strcspn(text, "\n"), lines = 1;
	const char *s;

	for (s = text; *s != '\0'; s++)
		lines += *s == '\n';
	buf_add(b, text, len);
	if (lines > 1)
		buf_printf(b, " (%zu lines, in the help view)", lines);
}

/* A call's line too wide even with its middle elided (its head, the
 * time and who, is head bytes): its essential row first, the call
 * elided, its result, errno and time; then the rest of its result
 * (errno's text, the hint) on rows under it, which the log may drop
 * when it is short. They leave room for the " …" that says so. */
static bool
log_call_rows(struct log_rows *lr, size_t i, const char *line, size_t head, int w)
{
	struct buf	 first, rest, cont;
	struct wrap_row	*wr = NULL;
	int		 text_w = w - wrap_cols(line, head);
	size_t		 k, n;
	bool		 ok;

	buf_init(&first);
	buf_init(&rest);
	buf_add(&first, line, head);
	ok = wrap_call_split(&first, &rest, line + head, text_w, glyph_ellipsis());
	if (ok && rest.len > 0 && rest.data[0] != '\0') {
		buf_reset(&first);
		buf_reset(&rest);
		buf_add(&first, line, head);
		ok = wrap_call_split(&first, &rest, line + head, text_w - 2, glyph_ellipsis());
	}
	if (ok) {
		log_row_add(lr, i, true, 0, first.data, first.len);
		if (rest.len > 0 && rest.data[0] != '\0') {
			buf_init(&cont);
			buf_printf(&cont, "%*s%s", LOG_TEXT_COL + 2, "", rest.data);
			n = wrap_rows(cont.data, w - 2, LOG_TEXT_COL + 2, &wr);
			for (k = 0; k < n; k++)
				log_row_add(lr, i, false, wr[k].indent, cont.data + wr[k].off,
				    wr[k].len);
			freep(&wr);
			buf_free(&cont);
		}
	}
	buf_free(&first);
	buf_free(&rest);
	return ok;
}

/* The rows of record i, in order, w columns wide, each starting with
 * the time and the actor or as many blanks: a call too wide loses the
 * middle of its call, unless every line is to be whole; anything else
 * too wide wraps, its rows after the first indented. */
static void
log_record_rows(struct tui *t, struct log_rows *lr, size_t i, int w)
{
	const struct record	*rec = record_get(t->log, i);
	struct wrap_row		*wr = NULL;
	struct buf		 line, one, help;
	const char		*s, *e, *esc;
	bool			 multi = record_multiline(rec), first = true;
	size_t			 k, n, head;

	buf_init(&line);
	buf_init(&one);
	buf_init(&help);
	if (rec->kind == RECORD_HELP) {
		log_help_line(&help, rec->text);
		s = help.data;
		multi = false;
	} else
		s = rec->text;
	/* Any record but a show or help is one line: a newline in its
	 * text is drawn as \n. */
	for (;; s = e + 1) {
		e = multi ? strchr(s, '\n') : NULL;
		buf_reset(&line);
		if (first)
			buf_printf(&line, "%8.3f %-8s ", (double)rec->time_ns / NS_PER_S,
			    rec->who != NULL ? rec->who : "");
		else
			buf_printf(&line, "%*s", LOG_TEXT_COL, "");
		head = line.len;
		buf_add(&line, s, e != NULL ? (size_t)(e - s) : strlen(s));
		buf_adds(&line, "");
		esc = draw_escaped(line.data + head);
		if (esc != line.data + head) {
			char	*copy = xstrdup(esc);

			line.len = head;
			buf_adds(&line, copy);
			free(copy);
		}
		buf_reset(&one);
		if (!multi && !t->log_whole && wrap_cols(line.data, line.len) > w) {
			buf_add(&one, line.data, head);
			if (!wrap_elide_call(&one, line.data + head, w - wrap_cols(line.data, head),
			    glyph_ellipsis()))
				buf_reset(&one);
		}
		if (one.len == 0 && !multi && !t->log_whole && wrap_cols(line.data, line.len) > w &&
		    log_call_rows(lr, i, line.data, head, w))
			;
		else if (one.len > 0)
			log_row_add(lr, i, first, 0, one.data, one.len);
		else {
			n = wrap_rows(line.data, w, LOG_TEXT_COL +
			    (multi ? wrap_hang(line.data + head, w - LOG_TEXT_COL) : 2), &wr);
			for (k = 0; k < n; k++)
				log_row_add(lr, i, first && k == 0, wr[k].indent,
				    line.data + wr[k].off, wr[k].len);
			freep(&wr);
		}
		first = false;
		if (e == NULL)
			break;
	}
	buf_free(&line);
	buf_free(&one);
	buf_free(&help);
}

/* A row whose record goes on below the pane: it ends in " …". */
static char *
log_row_cut(const char *text, int w)
{
	size_t	 len = strlen(text), used, fit;
	int	 room = w - 1 - text_cols(glyph_ellipsis());

	while (len > 0 && text[len - 1] == ' ')
		len--;
	fit = text_fit(text, len, (size_t)(room > 0 ? room : 0), &used);
	return xasprintf("%.*s %s", (int)fit, text, glyph_ellipsis());
}

void
pane_log(struct tui *t, struct rect r)
{
	const struct record	*rec;
	struct log_rows		 lr = { NULL, 0 };	/* newest first */
	const struct record_log	*log = t->log;
	char			 title[64];
	int			 rows = r.h - 2, y, w = r.w - 2;
	size_t			 i, k, want, from, to, top_first, top_last;

	/* The rows from the newest back, as many as the scroll needs. */
	want = (size_t)t->log_scroll + (size_t)rows;
	for (i = log->count; i > 0 && lr.n < want; i--) {
		struct log_rows	 one = { NULL, 0 };

		log_record_rows(t, &one, i - 1, w);
		lr.v = xreallocarray(lr.v, lr.n + one.n, sizeof *lr.v);
		for (k = one.n; k > 0; k--)
			lr.v[lr.n++] = one.v[k - 1];
		free(one.v);
	}
	/* Scrolled past the oldest: the oldest rows fill the pane. */
	if (lr.n < want && t->log_scroll > 0)
		t->log_scroll = lr.n > (size_t)rows ? (int)(lr.n - (size_t)rows) : 0;
	snprintf(title, sizeof title, t->log_scroll == 0 ? "Log%s" : "Log (scrolled back: End follows)%s",
	    t->log_whole ? " (whole lines: w elides)" : "");
	draw_box(r, title, t->focus == PANE_LOG);
	from = (size_t)t->log_scroll;
	to = from + (size_t)rows < lr.n ? from + (size_t)rows : lr.n;
	/* Following the newest, the oldest record shown starts with its
	 * first row (the time, who, the call and its result): what does
	 * not fit is the end of its rows, and its last row shown says so.
	 * A show's lines are read whole in the detail pane, and any record
	 * is read row by row scrolled back: they are cut at the top. */
	top_first = to;
	top_last = to;
	if (to > from && t->log_scroll == 0 &&
	    !record_multiline(record_get(log, lr.v[to - 1].rec))) {
		top_first = to - 1;
		while (!lr.v[top_first].first && top_first + 1 < lr.n)
			top_first++;
		top_last = to - 1;
		while (top_last > from && lr.v[top_last - 1].rec == lr.v[top_first].rec)
			top_last--;
	}
	for (k = from, y = r.y + r.h - 2; k < to; k++, y--) {
		size_t	 shown = k;

		if (k >= top_last && top_first != to - 1)
			shown = k + (top_first - (to - 1));
		rec = record_get(log, lr.v[shown].rec);
		theme_set(record_role(rec));
		if (k == top_last && shown > 0 && shown != top_last &&
		    lr.v[shown - 1].rec == lr.v[shown].rec && !lr.v[shown - 1].first) {
			char	*cut = log_row_cut(lr.v[shown].text, w);

			draw_text(y, r.x + 1, w, cut);
			free(cut);
		} else
			draw_text(y, r.x + 1, w, lr.v[shown].text);
	}
	/* The records not shown, older above and newer below. */
	if (to > from) {
		size_t	 older = top_first != to ? lr.v[top_first].rec :
		    lr.v[to - 1].rec + (lr.v[to - 1].first ? 0 : 1);
		size_t	 newer = log->count - 1 - lr.v[from].rec +
		    (from > 0 && lr.v[from - 1].rec == lr.v[from].rec ? 1 : 0);

		draw_more(r, true, older);
		draw_more(r, false, newer);
	}
	theme_set(ROLE_NORMAL);
	for (k = 0; k < lr.n; k++)
		free(lr.v[k].text);
	free(lr.v);
}
