/* frame.c: a frame: the panes laid out on the screen, what they show of
 * a sample (frame_want, which the sample asks before it describes
 * anything), and drawing them from it, all or only those whose part of
 * the sample changed. Curses sends only what changed on the screen, so
 * nothing flickers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "frame.h"
#include "session.h"
#include "list.h"
#include "menu.h"
#include "pane.h"
#include "recording.h"
#include "sample.h"
#include "theme.h"
#include "wrap.h"

#define MIN_COLS		80
#define MIN_ROWS		24

#define CAPTION_ROWS		4	/* of narration shown, at most */

static struct rect	r_actors, r_objects, r_detail, r_log, r_caption;
static const struct rect r_none;

/* What the caption box holds, row by row: the narration or question
 * (bold, centred; CAPTION_ROWS at most), its answer, and while a script
 * runs the line it runs next. */
struct caption {
	struct buf	 text;		/* the rows, each ending in a newline */
	int		 nbold;		/* the first rows: the narration's */
	int		 rows;
	bool		 next;		/* the last row is the next line */
};

static void
caption_add(struct caption *c, const char *s, int w, int most)
{
	struct wrap_row	*rows = NULL;
	size_t		 n, i;

	n = wrap_rows(s, w, 0, &rows);
	for (i = 0; i < n && (int)i < most; i++) {
		buf_add(&c->text, s + rows[i].off, rows[i].len);
		if ((int)i == most - 1 && i + 1 < n)
			buf_adds(&c->text, glyph_ellipsis());
		buf_addc(&c->text, '\n');
		c->rows++;
	}
	free(rows);
}

static void
caption_make(struct tui *t, int w, struct caption *c)
{
	const char	*next;
	struct buf	 b;

	memset(c, 0, sizeof *c);
	buf_init(&c->text);
	if (t->caption != NULL)
		caption_add(c, t->caption, w, CAPTION_ROWS);
	c->nbold = c->rows;
	if (t->answer != NULL) {
		buf_init(&b);
		buf_printf(&b, "Answer: %s", t->answer);
		caption_add(c, b.data, w, 2);
		buf_free(&b);
	}
	if (t->replay != NULL && (next = replay_next_command(t->replay)) != NULL) {
		buf_init(&b);
		buf_printf(&b, "%s %s", replay_playing(t->replay) ? "playing, then:" : "next:",
		    next);
		caption_add(c, b.data, w, 1);
		buf_free(&b);
		c->next = true;
	} else if (session_sourcing(&t->session) &&
	    (next = session_next_line(&t->session)) != NULL) {
		buf_init(&b);
		buf_printf(&b, "%s %s", session_held(&t->session) != HOLD_NONE ? "next:" :
		    "running, then:", next);
		caption_add(c, b.data, w, 1);
		buf_free(&b);
		c->next = true;
	}
}

/* The chapter told now (a script's, or a replay's), its number in *n;
 * NULL if none. */
static const char *
chapter_now(const struct tui *t, int *n)
{
	const char	*title = t->session.chapter_title;
	int		 number = t->session.chapter;

	if (t->replay != NULL)
		number = replay_chapter_now(t->replay, &title);
	if (n != NULL)
		*n = number;
	return title;
}

/* The caption's box: its rows and a border, between the log and the
 * status rows; none when there is nothing to tell, or zoomed. */
static int
caption_height(struct tui *t)
{
	struct caption	 c;

	if (t->zoomed || (t->caption == NULL && chapter_now(t, NULL) == NULL &&
	    !session_sourcing(&t->session) &&
	    (t->replay == NULL || replay_next_command(t->replay) == NULL)))
		return 0;
	caption_make(t, t->cols - 6, &c);
	buf_free(&c.text);
	return c.rows + 2;
}

static void
draw_caption(struct tui *t, struct rect r)
{
	static const char	 script_keys[] = " Space step  ] chapter  p play  R again  Esc stop ";
	static const char	 replay_keys[] = " Space step  ] chapter  p play or pause  q quit ";
	const char		*keys = t->replay != NULL ? replay_keys : script_keys;
	int			 kw = text_cols(keys);
	struct caption		 c;
	struct buf		 title;
	const char		*row, *nl, *chapter;
	char			*line;
	int			 i, cols, number;

	if (r.h == 0)
		return;
	buf_init(&title);
	if ((chapter = chapter_now(t, &number)) != NULL)
		buf_printf(&title, "chapter %d: %s", number, chapter);
	else
		buf_adds(&title, t->asking || t->answer != NULL ? "question" : "narration");
	draw_clear(r);
	draw_box(r, title.data, true);
	caption_make(t, r.w - 6, &c);
	row = c.text.data;
	for (i = 0; i < c.rows && row != NULL; i++, row = nl + 1) {
		nl = strchr(row, '\n');
		line = xstrndup(row, (size_t)(nl - row));
		cols = text_cols(line);
		if (i < c.nbold) {
			/* Centred and bold, as a caption is. */
			attron(A_BOLD);
			draw_text(r.y + 1 + i, r.x + 3 + (r.w - 6 - cols) / 2, r.w - 6, line);
			attroff(A_BOLD);
		} else {
			theme_set(c.next && i == c.rows - 1 ? ROLE_DIM : ROLE_GOOD);
			draw_text(r.y + 1 + i, r.x + 3, r.w - 6, line);
			theme_set(ROLE_NORMAL);
		}
		free(line);
	}
	if (c.next && r.w > kw + 5) {
		theme_set(ROLE_KEY);
		draw_text(r.y + r.h - 1, r.x + r.w - kw - 3, kw + 1, keys);
		theme_set(ROLE_NORMAL);
	}
	buf_free(&c.text);
	buf_free(&title);
}

static void
layout(struct tui *t)
{
	int	 cap = caption_height(t), avail = t->rows - 2 - cap, log_h, top_h, left_w;

	log_h = avail * 30 / 100;
	if (log_h < 6)
		log_h = 6;
	top_h = avail - log_h;
	left_w = t->cols * 45 / 100;
	if (left_w < 38)
		left_w = 38;
	r_actors = (struct rect){ 0, 0, top_h * 55 / 100, left_w };
	if (r_actors.h < 5)
		r_actors.h = 5;
	r_objects = (struct rect){ r_actors.h, 0, top_h - r_actors.h, left_w };
	r_detail = (struct rect){ 0, left_w, top_h, t->cols - left_w };
	r_log = (struct rect){ top_h, 0, log_h, t->cols };
	r_caption = (struct rect){ avail, 0, cap, t->cols };
	/* Zoomed: the focused pane has the screen, the others are not drawn. */
	if (t->zoomed) {
		struct rect	 all = { 0, 0, avail, t->cols }, none = { 0, 0, 0, 0 };

		r_actors = t->focus == PANE_ACTORS ? all : none;
		r_objects = t->focus == PANE_OBJECTS ? all : none;
		r_detail = t->focus == PANE_DETAIL ? all : none;
		r_log = t->focus == PANE_LOG ? all : none;
	}
}

static void
draw_too_small(struct tui *t)
{
	char	 line[128];

	erase();
	snprintf(line, sizeof line, "ipcscope needs at least %dx%d; this terminal is %dx%d.",
	    MIN_COLS, MIN_ROWS, t->cols, t->rows);
	draw_text(t->rows / 2 - 1, 0, t->cols, line);
	draw_text(t->rows / 2, 0, t->cols, "Make it larger, or press q to quit.");
}

static char *
actor_name(void *arg, size_t i)
{
	return ((struct sample *)arg)->actors[i].name;
}

static char *
object_name(void *arg, size_t i)
{
	return ((struct sample *)arg)->objects[i].name;
}

/* The rows of a list its pane shows: from, up to to. */
static void
shown_rows(struct rect r, char *sel, size_t selsize, char **rows, size_t n, size_t *from,
    size_t *to)
{
	size_t	 selected, visible;

	visible = list_window(r, sel, selsize, rows, n, &selected, from);
	*to = r.h == 0 ? *from : *from + visible < n ? *from + visible : n;
}

void
frame_want(void *arg, struct sample *s)
{
	struct tui	*t = arg;
	const char	*full;
	size_t		 i, from, to;

	list_set_rows(&t->actor_rows, &t->nactor_rows, s->nactors, actor_name, s);
	list_set_rows(&t->object_rows, &t->nobject_rows, s->nobjects, object_name, s);
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		/* Nothing shown; the selections stay on rows that exist. */
		shown_rows(r_none, t->sel_actor, sizeof t->sel_actor, t->actor_rows,
		    t->nactor_rows, &from, &to);
		shown_rows(r_none, t->sel_object, sizeof t->sel_object, t->object_rows,
		    t->nobject_rows, &from, &to);
		return;
	}
	layout(t);
	shown_rows(r_actors, t->sel_actor, sizeof t->sel_actor, t->actor_rows, s->nactors, &from,
	    &to);
	for (i = from; i < to; i++)
		s->actors[i].want = true;
	shown_rows(r_objects, t->sel_object, sizeof t->sel_object, t->object_rows, s->nobjects,
	    &from, &to);
	for (i = from; i < to; i++)
		s->objects[i].want = true;
	full = t->detail_of == PANE_OBJECTS ? t->sel_object : t->sel_actor;
	if (t->sequence)
		s->want_events = r_detail.h > 0;
	else if (t->topology) {
		s->want_links = r_detail.h > 0 ? (size_t)r_detail.h : 0;	/* a row each, at least */
		/* Their fill, in their boxes. */
		for (i = 0; i < s->nobjects && i < s->want_links; i++)
			s->objects[i].want = true;
	}
	else if (r_detail.h > 0 && full[0] != '\0')
		sample_want_full(s, full);
}

unsigned
frame_changed(const struct sample *a, const struct sample *b)
{
	unsigned	 parts = sample_diff(a, b), what = 0;

	if (parts & SAMPLE_ACTORS)
		what |= FRAME_ACTORS;
	if (parts & SAMPLE_OBJECTS)
		what |= FRAME_OBJECTS;
	if (parts & (SAMPLE_FULL | SAMPLE_EVENTS_PART | SAMPLE_LINKS))
		what |= FRAME_DETAIL;
	if (parts & SAMPLE_COUNTS)
		what |= FRAME_STATUS;
	return what;
}

/* One pane of what, in its place, blanked first: a pane draws only the
 * rows it has. */
static void
frame_pane(struct tui *t, unsigned what, unsigned which, struct rect r, int64_t now,
    void (*draw)(struct tui *, struct rect, int64_t))
{
	if (!(what & which) || r.h == 0)
		return;
	if (what != FRAME_ALL)
		draw_clear(r);
	draw(t, r, now);
}

void
frame_draw(struct tui *t, unsigned what)
{
	int64_t	 start = now_ns();

	/* Drawn from the sample alone (frame_want chose what it holds):
	 * nothing of the lab or the kernel is read here. */
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		draw_too_small(t);
		curs_set(0);
		refresh();
		t->frame_ns = now_ns() - start;
		return;
	}
	/* What is drawn over the panes is drawn again with them all. */
	if (t->overlay != OVERLAY_NONE || t->cmd_active)
		what = FRAME_ALL;
	/* The first highlight drawn that ends: of the panes drawn now, or
	 * of those drawn before and left as they are. */
	if (what == FRAME_ALL) {
		t->memos.fade_at = 0;
		erase();
	}
	layout(t);
	frame_pane(t, what, FRAME_ACTORS, r_actors, start, pane_actors);
	frame_pane(t, what, FRAME_OBJECTS, r_objects, start, pane_objects);
	frame_pane(t, what, FRAME_DETAIL, r_detail, start, t->sequence ? pane_sequence :
	    t->topology ? pane_topology : pane_detail);
	if (what == FRAME_ALL && r_log.h > 0)
		pane_log(t, r_log);
	if (what == FRAME_ALL)
		draw_caption(t, r_caption);
	if (what & FRAME_STATUS)
		status_bar(t);
	if (what == FRAME_ALL)
		status_message(t);
	if (t->overlay == OVERLAY_MENU)
		menu_draw(t);
	else if (t->overlay == OVERLAY_HELP)
		pane_help(t);
	if (t->cmd_active) {
		cmdline_draw(t, t->rows - 1);
		curs_set(1);
	} else
		curs_set(0);
	refresh();
	t->frame_ns = now_ns() - start;
}
