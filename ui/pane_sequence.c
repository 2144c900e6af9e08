/* pane_sequence.c: the sequence chart, in the detail pane's place (S):
 * time flows down, a column per actor, and each transfer an arrow from
 * the call that put the bytes to the call that took them (write to read,
 * msgsnd to msgrcv), a signal from its sender to its receiver, a fork
 * from parent to child; a blocked call is a gap in its actor's column
 * until it returns. Drawn from the sample's events alone. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "pane.h"
#include "sample.h"
#include "theme.h"

#define COL_MIN		12	/* columns an actor's lane takes, at least */

struct lanes {
	char		**names;
	size_t		 n;
	bool		*blocked;	/* asleep in a call: a gap */
	bool		*ended;
	bool		*begun;
};

static long
lane_of(const struct lanes *l, const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < l->n; i++) {
		if (strcmp(l->names[i], name) == 0)
			return (long)i;
	}
	return -1;
}

static void
lane_add(struct lanes *l, const char *name)
{
	if (name == NULL || lane_of(l, name) >= 0)
		return;
	l->names = xreallocarray(l->names, l->n + 1, sizeof *l->names);
	l->names[l->n++] = (char *)name;
}

/* A note beside lane x: to its right, or to its left where only that
 * has room for it whole, or where there is more room; cut with "..."
 * to the room there is. */
static void
put_note(struct cell *row, int w, int x, const char *s, enum role role)
{
	int	 len = (int)strlen(s), right = w - x - 2, left = x - 1, room;
	char	*cut;

	room = len <= right || (len > left && right >= left) ? right : left;
	if (room < 4)
		return;
	cut = len > room ? xasprintf("%.*s...", room - 3, s) : xstrdup(s);
	len = (int)strlen(cut);
	cells_text(row, w, room == right ? x + 2 : x - 1 - len, w, cut, role);
	free(cut);
}

/* The lanes' own marks on a row: a line where an actor is, a gap where it
 * sleeps in a call. */
static void
row_lanes(struct cell *row, int w, const struct lanes *l, int colw, bool utf8)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (!l->begun[i] || l->ended[i] || l->blocked[i])
			continue;
		cells_glyph(row, w, (int)i * colw + colw / 2, utf8 ? "\xe2\x94\x82" : "|", ROLE_DIM);
	}
}

/* An arrow from lane a to lane b, labelled; a dashed one for a signal. */
static void
row_arrow(struct cell *row, int w, int colw, long a, long b, const char *label, bool dashed,
    bool utf8, enum role role)
{
	int	 xa = (int)a * colw + colw / 2, xb = (int)b * colw + colw / 2, lo, hi, x, len;
	const char *line = dashed ? "~" : utf8 ? "\xe2\x94\x80" : "-";

	if (a == b) {
		/* To itself: a loop, and the label beside it. */
		cells_glyph(row, w, xa + 1, utf8 ? "\xe2\x86\xba" : "@", role);
		cells_text(row, w, xa + 3, w, label, role);
		return;
	}
	lo = xa < xb ? xa : xb;
	hi = xa < xb ? xb : xa;
	for (x = lo + 1; x < hi; x++)
		cells_glyph(row, w, x, line, role);
	if (xb > xa)
		cells_glyph(row, w, xb - 1, utf8 ? "\xe2\x96\xb6" : ">", role);
	else
		cells_glyph(row, w, xb + 1, utf8 ? "\xe2\x97\x80" : "<", role);
	/* The label over the middle of the line, as much as fits. */
	len = (int)strlen(label);
	if (len > hi - lo - 4)
		len = hi - lo - 4;
	if (len > 0) {
		char	*cut = xstrndup(label, (size_t)len);

		cells_text(row, w, lo + 2 + (hi - lo - 4 - len) / 2, w, cut, role);
		free(cut);
	}
}

/* The row an event makes, if it makes one; the lanes' state moves on. */
static bool
event_row(const struct sample_event *e, struct lanes *l, struct cell *row, int w, int colw,
    bool utf8)
{
	long		 me = lane_of(l, e->who), from;
	struct buf	 label;
	bool		 drawn = true;

	if (me < 0)
		return false;
	l->begun[me] = true;
	row_lanes(row, w, l, colw, utf8);
	buf_init(&label);
	switch (e->kind) {
	case TL_CALL:
		l->blocked[me] = false;
		row_lanes(row, w, l, colw, utf8);
		if (e->flow == FLOW_FORKS && e->peer != NULL && lane_of(l, e->peer) >= 0) {
			buf_printf(&label, "%s()", e->what != NULL ? e->what : "fork");
			l->begun[lane_of(l, e->peer)] = true;
			row_arrow(row, w, colw, me, lane_of(l, e->peer), label.data, false, utf8,
			    ROLE_GOOD);
		} else if (e->flow == FLOW_TAKES && e->put_who != NULL &&
		    (from = lane_of(l, e->put_who)) >= 0) {
			buf_printf(&label, "%s>%s %s", e->put_what != NULL ? e->put_what : "put",
			    e->what != NULL ? e->what : "take", e->object != NULL ? e->object : "");
			if (e->data != NULL)
				buf_printf(&label, " \"%s\"", e->data);
			row_arrow(row, w, colw, from, me, label.data, false, utf8, ROLE_NORMAL);
		} else if (e->flow == FLOW_TAKES && !e->failed && e->ret == 0) {
			buf_printf(&label, "%s %s = 0: end of file", e->what != NULL ? e->what : "",
			    e->object != NULL ? e->object : "");
			put_note(row, w, (int)me * colw + colw / 2, label.data, ROLE_DIM);
		} else
			drawn = false;
		break;
	case TL_BLOCKED:
		l->blocked[me] = true;
		buf_printf(&label, "blocked in %s%s%s", e->what != NULL ? e->what : "a call",
		    e->object != NULL ? " " : "", e->object != NULL ? e->object : "");
		cells_glyph(row, w, (int)me * colw + colw / 2, utf8 ? "\xe2\x94\x86" : ":", ROLE_BLOCKED);
		put_note(row, w, (int)me * colw + colw / 2, label.data, ROLE_BLOCKED);
		break;
	case TL_SIGNAL:
		from = lane_of(l, e->peer);
		if (from >= 0 && from != me)
			row_arrow(row, w, colw, from, me, e->what != NULL ? e->what : "signal", true,
			    utf8, ROLE_SIGNAL);
		else {
			buf_printf(&label, "%s%s%s", e->what != NULL ? e->what : "a signal",
			    e->peer != NULL ? " from " : "", e->peer != NULL ? e->peer : "");
			put_note(row, w, (int)me * colw + colw / 2, label.data, ROLE_SIGNAL);
		}
		break;
	case TL_END:
		l->ended[me] = true;
		cells_glyph(row, w, (int)me * colw + colw / 2, utf8 ? "\xe2\x9c\x95" : "x", ROLE_ERROR);
		put_note(row, w, (int)me * colw + colw / 2, e->text, ROLE_ERROR);
		break;
	case TL_SPAWN:
		drawn = false;
		break;
	}
	buf_free(&label);
	return drawn;
}

void
pane_sequence(struct tui *t, struct rect r, int64_t now)
{
	const struct sample	*s = t->sample;
	struct lanes		 l;
	struct cell		*rows, *row;
	size_t			 i, nrows = 0, first, new_from, rows_before_new = 0;
	int			 w = r.w - 2, h = r.h - 3, colw, x, y;

	(void)now;
	draw_box(r, "Sequence: time flows down (S: the detail again)", t->focus == PANE_DETAIL);
	if (s == NULL || w < 10 || h < 1)
		return;
	memset(&l, 0, sizeof l);
	for (i = 0; i < s->nevents; i++) {
		lane_add(&l, s->events[i].who);
		if (s->events[i].kind == TL_CALL && s->events[i].flow == FLOW_FORKS)
			lane_add(&l, s->events[i].peer);
	}
	if (l.n == 0) {
		theme_set(ROLE_DIM);
		draw_text(r.y + 1, r.x + 2, w - 2, "nothing yet: the calls that move bytes, signals "
		    "and forks are drawn here as they happen");
		theme_set(ROLE_NORMAL);
		free(l.names);
		return;
	}
	colw = w / (int)l.n;
	if (colw < COL_MIN)
		colw = COL_MIN;
	l.blocked = xcalloc(l.n, sizeof *l.blocked);
	l.ended = xcalloc(l.n, sizeof *l.ended);
	l.begun = xcalloc(l.n, sizeof *l.begun);
	/* Every event's row, in order; the newest that fit are shown. */
	rows = xcalloc((s->nevents + 1) * (size_t)w, sizeof *rows);
	/* Scrolled back, what came since is more rows below, not a shift
	 * of the rows looked at: the rows made by the events since. */
	new_from = s->events_total - t->seq_seen < s->nevents ?
	    s->nevents - (size_t)(s->events_total - t->seq_seen) : 0;
	if (s->events_total < t->seq_seen)
		new_from = s->nevents;	/* emptied (reset): nothing new below */
	for (i = 0; i < s->nevents; i++) {
		if (i == new_from)
			rows_before_new = nrows;
		row = &rows[nrows * (size_t)w];
		cells_clear(row, w);
		if (event_row(&s->events[i], &l, row, w, colw, t->utf8))
			nrows++;
	}
	/* The names over their lanes. */
	theme_set(ROLE_TITLE);
	for (i = 0; i < l.n && (int)i * colw < w; i++) {
		int	 len = (int)strlen(l.names[i]);

		if (len > colw - 1)
			len = colw - 1;
		x = (int)i * colw + colw / 2 - len / 2;
		if (x < 0)
			x = 0;
		if (len > w - x)
			len = w - x;
		if (len > 0)
			mvaddnstr(r.y + 1, r.x + 1 + x, l.names[i], len);
	}
	theme_set(ROLE_NORMAL);
	if (t->seq_scroll > 0 && new_from < s->nevents)
		t->seq_scroll += (int)(nrows - rows_before_new);
	t->seq_seen = s->events_total;
	/* The newest rows that fit, or as far back as scrolled (up to the
	 * oldest). */
	first = nrows > (size_t)h ? nrows - (size_t)h : 0;
	if ((size_t)t->seq_scroll > first)
		t->seq_scroll = (int)first;
	first -= (size_t)t->seq_scroll;
	for (i = first, y = r.y + 2; i < nrows && y < r.y + 2 + h; i++, y++)
		cells_draw(&rows[i * (size_t)w], w, y, r.x + 1);
	draw_more(r, true, first);
	draw_more(r, false, (size_t)t->seq_scroll);
	free(rows);
	free(l.names);
	free(l.blocked);
	free(l.ended);
	free(l.begun);
}
