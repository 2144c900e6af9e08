/* draw.c: the screen: layout, the panes and the widgets that render a
 * description's fields (gauge with history, bytes as hex and text, lists,
 * groups). A frame is drawn from the TUI's sample of the lab alone
 * (sample.h), whose visible rows frame_want chose. Everything is drawn
 * on stdscr and curses sends only what changed, so nothing flickers. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "record.h"
#include "sample.h"
#include "signames.h"
#include "tui_int.h"
#include "widgets.h"

#define MIN_COLS		80
#define MIN_ROWS		24
#define CHANGED_NS		(1500 * NS_PER_MS)
#define LOG_TEXT_COL		18	/* "%8.3f %-8s ": the time and who */

/* s as it is drawn: escaped for the terminal (buf_add_text) when it
 * needs to be, so that no byte of it moves the cursor or acts. */
static const char *
draw_escaped(const char *s)
{
	static struct buf	 esc;
	size_t			 len = strlen(s);

	if (text_is_plain(s, len, false))
		return s;
	buf_reset(&esc);
	buf_add_text(&esc, s, len, false);
	return esc.data;
}

static int
text_cols(const char *s)
{
	int	 cols = 0;

	for (; *s != '\0'; s++) {
		if ((*s & 0xc0) != 0x80)
			cols++;
	}
	return cols;
}

/* Write at most w columns of UTF-8 s at y, x; escaped, so that a control
 * byte shows as \x1b and takes the columns it shows. */
int
draw_text(int y, int x, int w, const char *s)
{
	size_t	 bytes, cols;

	if (w <= 0 || s == NULL)
		return 0;
	s = draw_escaped(s);
	bytes = text_fit(s, strlen(s), (size_t)w, &cols);
	mvaddnstr(y, x, s, (int)bytes);
	return (int)cols;
}

/* The same, ending with an ellipsis when s does not fit: a row cut at
 * the pane's edge says so. */
void
draw_text_cut(int y, int x, int w, const char *s)
{
	const char	*ell = glyph_ellipsis();
	size_t		 len, cols;
	int		 ellw = text_cols(ell), drawn;

	s = draw_escaped(s);
	len = strlen(s);
	if (w <= ellw || text_fit(s, len, (size_t)w, &cols) == len) {
		draw_text(y, x, w, s);
		return;
	}
	drawn = draw_text(y, x, w - ellw, s);
	draw_text(y, x + drawn, ellw, ell);
}

void
draw_box(struct rect r, const char *title, bool focused)
{
	theme_set(ROLE_BORDER);
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	if (title != NULL) {
		theme_set(focused ? ROLE_FOCUS_TITLE : ROLE_TITLE);
		mvaddch(r.y, r.x + 1, ' ');
		draw_text_cut(r.y, r.x + 2, r.w - 5, title);
		addch(' ');
	}
	theme_set(ROLE_NORMAL);
}

/* On a pane's top border (up) or its bottom one, at the right: how
 * many more rows (or log records) there are that way: "↓ 3 more". */
static void
draw_more(struct rect r, bool up, size_t more)
{
	char	 mark[48];
	int	 w;

	if (more == 0)
		return;
	snprintf(mark, sizeof mark, " %s %zu more ", up ? glyph_up() : glyph_down(), more);
	w = text_cols(mark);
	if (w > r.w - 4)
		return;
	theme_set(ROLE_DIM);
	draw_text(up ? r.y : r.y + r.h - 1, r.x + r.w - 2 - w, w, mark);
	theme_set(ROLE_NORMAL);
}

/* Hash of memos: the text of each line as last drawn. */
static size_t
memo_hash(const char *s)
{
	size_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct memo *
memo_slot(struct tui *t, const char *key)
{
	struct memo	*old;
	size_t		 i, n, mask;

	if (t->nmemos == 0 || t->memos == NULL) {
		t->nmemos = 1024;
		t->memos = xcalloc(t->nmemos, sizeof *t->memos);
	}
	mask = t->nmemos - 1;
	for (i = memo_hash(key) & mask;; i = (i + 1) & mask) {
		if (t->memos[i].key == NULL || strcmp(t->memos[i].key, key) == 0)
			break;
	}
	if (t->memos[i].key != NULL)
		return &t->memos[i];
	/* A new key: grow at three quarters full. */
	for (n = 0, i = 0; i < t->nmemos; i++)
		n += t->memos[i].key != NULL;
	if ((n + 1) * 4 > t->nmemos * 3) {
		old = t->memos;
		n = t->nmemos;
		t->nmemos *= 2;
		t->memos = xcalloc(t->nmemos, sizeof *t->memos);
		mask = t->nmemos - 1;
		for (i = 0; i < n; i++) {
			size_t	 j;

			if (old[i].key == NULL)
				continue;
			for (j = memo_hash(old[i].key) & mask; t->memos[j].key != NULL;
			    j = (j + 1) & mask)
				;
			t->memos[j] = old[i];
		}
		free(old);
	}
	mask = t->nmemos - 1;
	for (i = memo_hash(key) & mask; t->memos[i].key != NULL; i = (i + 1) & mask)
		;
	t->memos[i].key = xstrdup(key);
	return &t->memos[i];
}

/* A line highlighted as changed in this frame stops being so at: the
 * frame after the first of them is drawn then, with nothing else new. */
static void
fade_at(struct tui *t, int64_t when)
{
	if (t->fade_at == 0 || when < t->fade_at)
		t->fade_at = when;
}

/* Whether what key shows changed lately; remembers text. */
static bool
changed(struct tui *t, const char *key, const char *text, int64_t now)
{
	struct memo	*m = memo_slot(t, key);

	if (m->text == NULL) {
		m->text = xstrdup(text);
		m->changed = 0;
		return false;
	}
	if (strcmp(m->text, text) != 0) {
		free(m->text);
		m->text = xstrdup(text);
		m->changed = now;
	}
	if (m->changed == 0 || now - m->changed >= CHANGED_NS)
		return false;
	fade_at(t, m->changed + CHANGED_NS);
	return true;
}

struct history *
tui_history(struct tui *t, const void *key)
{
	size_t	 i;

	for (i = 0; i < t->nhists; i++) {
		if (t->hists[i].key == key)
			return &t->hists[i];
	}
	t->hists = xreallocarray(t->hists, t->nhists + 1, sizeof *t->hists);
	memset(&t->hists[t->nhists], 0, sizeof *t->hists);
	t->hists[t->nhists].key = key;
	return &t->hists[t->nhists++];
}

/* One more sample of a gauge; whether what its sparkline shows moved
 * (a full history of one value pushed again does not). */
static bool
history_push(struct tui *t, const void *key, int64_t used, int64_t capacity)
{
	struct history	*h = tui_history(t, key);
	bool		 same;
	size_t		 i;

	same = h->n == HIST_LEN && h->capacity == capacity;
	for (i = 0; same && i < h->n; i++)
		same = h->used[i] == used;
	if (h->n == HIST_LEN) {
		memmove(h->used, h->used + 1, (HIST_LEN - 1) * sizeof *h->used);
		h->n--;
	}
	h->used[h->n++] = used;
	h->capacity = capacity;
	return !same;
}

static void
add_sparkline(struct buf *b, const struct history *h, size_t width)
{
	size_t	 i, first;
	int	 level;

	if (h == NULL || h->n == 0 || h->capacity <= 0)
		return;
	first = h->n > width ? h->n - width : 0;
	for (i = first; i < h->n; i++) {
		level = h->used[i] == 0 ? 0 : (int)(1 + (h->used[i] * 6) / h->capacity);
		buf_adds(b, glyph_spark(level));
	}
}

static void
add_short_size(struct buf *b, int64_t v)
{
	if (v < 10240)
		buf_printf(b, "%lld", (long long)v);
	else if (v < 10 * 1024 * 1024)
		buf_printf(b, "%lldK", (long long)(v / 1024));
	else
		buf_printf(b, "%lldM", (long long)(v / (1024 * 1024)));
}

/* "A B→C": the actors in a description's writers and readers lists. */
static void
add_flow(struct buf *b, struct desc *d)
{
	struct desc_node	*lists[2] = { desc_find(d, "writers"), desc_find(d, "readers") };
	struct desc_node	*item, *f;
	const char		*last;
	int			 i;

	if (lists[0] == NULL || lists[1] == NULL)
		return;
	for (i = 0; i < 2; i++) {
		last = NULL;
		if (i == 1)
			buf_adds(b, glyph_arrow());
		for (item = lists[i]->first; item != NULL; item = item->next) {
			f = item->first;
			if (f == NULL || f->str == NULL || (last != NULL && strcmp(last, f->str) == 0))
				continue;
			if (last != NULL)
				buf_addc(b, ' ');
			buf_adds(b, f->str);
			last = f->str;
		}
		if (last == NULL)
			buf_adds(b, "-");
	}
}

static struct rect	r_actors, r_objects, r_detail, r_log;

static void
layout(struct tui *t)
{
	int	 avail = t->rows - 2, log_h, top_h, left_w;

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
	/* Zoomed: the focused pane has the screen, the others are not drawn. */
	if (t->zoomed) {
		struct rect	 all = { 0, 0, avail, t->cols }, none = { 0, 0, 0, 0 };

		r_actors = t->focus == PANE_ACTORS ? all : none;
		r_objects = t->focus == PANE_OBJECTS ? all : none;
		r_detail = t->focus == PANE_DETAIL ? all : none;
		r_log = t->focus == PANE_LOG ? all : none;
	}
}

/* The state part of an actor's row. */
static enum role
actor_row_state(const struct sample_actor *a, struct buf *b)
{
	struct desc_node	*call = desc_find(a->desc, "call"), *on = desc_find(a->desc, "on");
	enum actor_state	 state = a->state;

	if (a->ended) {
		if (a->zombie)
			buf_adds(b, "zombie: ");
		buf_adds(b, a->status);
		return a->zombie || a->killed ? ROLE_ERROR : ROLE_DIM;
	}
	buf_adds(b, actor_state_name(state));
	if (state == STATE_BLOCKED) {
		if (call != NULL)
			buf_printf(b, " %s", call->str);
		if (on != NULL)
			buf_printf(b, " %s", on->str);
		return ROLE_BLOCKED;
	}
	if (state == STATE_STOPPED)
		return ROLE_SIGNAL;
	if (state == STATE_ENDED || state == STATE_ZOMBIE)
		return ROLE_DIM;
	return ROLE_NORMAL;
}

/* "3:p1.r 4:p1.w": the descriptors that lead to the lab's objects, and
 * any other that is not standard I/O on /dev/null or the lab's own. */
static void
add_actor_fds(struct buf *b, struct desc *d)
{
	struct desc_node	*fds, *item, *fd, *obj;

	if (d == NULL || (fds = desc_find(d, "fds")) == NULL)
		return;
	for (item = fds->first; item != NULL; item = item->next) {
		fd = desc_find_child(item, "fd");
		obj = desc_find_child(item, "object");
		if (fd == NULL || fd->num < 3)
			continue;
		if (obj != NULL && obj->str != NULL && strncmp(obj->str, "(lab ", 5) == 0)
			continue;	/* its channel, its reports */
		buf_printf(b, "%s%lld", b->len ? " " : "", (long long)fd->num);
		if (obj != NULL && obj->str != NULL)
			buf_printf(b, ":%s", obj->str);
	}
}

/* The descriptors of an actor's row in room columns: all of them, or
 * the first ones that fit and " …" (or "…" alone) for the rest: a row
 * never drops them without a sign. */
static const char *
actor_fds_fit(struct buf *fds, int room)
{
	const char	*ell = glyph_ellipsis();
	int		 ellw = text_cols(ell);
	size_t		 cut, used;

	if (text_cols(fds->data) <= room)
		return fds->data;
	if (room < ellw)
		return "";
	/* The whole descriptors that leave room for " …". */
	cut = text_fit(fds->data, fds->len, (size_t)(room > ellw + 1 ? room - ellw - 1 : 0), &used);
	while (cut > 0 && fds->data[cut] != ' ')
		cut--;
	fds->len = cut;
	if (cut > 0)
		buf_addc(fds, ' ');
	buf_adds(fds, ell);
	return fds->data;
}

/* Each row's tree: "├ ", "│ └ ": the rows of a process's threads and
 * children under it, the last of them with a corner. */
static char **
actor_prefixes(struct tui *t, const struct sample *s)
{
	char		**prefixes = xcalloc(s->nactors + 1, sizeof *prefixes);
	bool		 *lastat = xcalloc(s->nactors + 2, sizeof *lastat);
	struct buf	  b;
	size_t		  i;
	int		  level, depth;

	buf_init(&b);
	for (i = 0; i < s->nactors; i++) {
		depth = s->actors[i].depth;
		buf_reset(&b);
		buf_adds(&b, "");
		for (level = 1; level < depth; level++)
			buf_adds(&b, lastat[level] ? "  " : (t->utf8 ? "\xe2\x94\x82 " : "| "));
		if (depth > 0)
			buf_adds(&b, s->actors[i].last ? glyph_tree_last() : glyph_tree_mid());
		lastat[depth] = s->actors[i].last;
		prefixes[i] = xstrdup(b.data);
	}
	buf_free(&b);
	free(lastat);
	return prefixes;
}

static void
free_rows(char **rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

/* Keep the selection on a row that exists; first row if none. */
static void
fix_selection(char *sel, size_t size, char **rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(rows[i], sel) == 0)
			return;
	}
	snprintf(sel, size, "%s", n > 0 ? rows[0] : "");
}

static size_t
row_index(char **rows, size_t n, const char *sel)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(rows[i], sel) == 0)
			return i;
	}
	return 0;
}

/* The part of the two lists that is the same: keep the selection on a
 * row that exists, draw the box, say what to do when it is empty, and
 * find the selected row and the first one shown so it stays in view. */
/* The rows a list shows in its pane: the selection kept on a row that
 * exists, the selected row and the first one shown so that it stays in
 * view; how many rows fit. */
static size_t
list_window(struct rect r, char *sel, size_t selsize, char **rows, size_t n, size_t *selp,
    size_t *firstp)
{
	size_t	 visible = r.h > 2 ? (size_t)(r.h - 2) : 1;

	fix_selection(sel, selsize, rows, n);
	*selp = row_index(rows, n, sel);
	*firstp = *selp >= visible ? *selp - visible + 1 : 0;
	return visible;
}

static void
list_begin(struct tui *t, struct rect r, const char *title, enum pane pane, char *sel,
    size_t selsize, char **rows, size_t n, const char *empty, size_t *selp, size_t *firstp)
{
	size_t	 visible = list_window(r, sel, selsize, rows, n, selp, firstp);

	draw_box(r, title, t->focus == pane);
	if (n == 0) {
		theme_set(ROLE_DIM);
		draw_text(r.y + 1, r.x + 2, r.w - 4, empty);
		theme_set(ROLE_NORMAL);
	}
	/* A list longer than its pane says so, above and below. */
	draw_more(r, true, *firstp);
	draw_more(r, false, n > *firstp + visible ? n - *firstp - visible : 0);
}

static void
draw_actors(struct tui *t, int64_t now)
{
	const struct sample	*s = t->sample;
	struct rect		 r = r_actors;
	struct buf		 line, state, fds, key;
	char			**prefixes, title[64];
	size_t			 i, n = s->nactors, sel, first, threads;
	int			 y, col, namew;
	enum role		 role;

	if (r.h == 0)		/* another pane is zoomed */
		return;
	prefixes = actor_prefixes(t, s);
	/* Processes, and the threads they started, each counted as what it
	 * is: "Actors (3 + 2 threads)". */
	for (i = 0, threads = 0; i < n; i++)
		threads += s->actors[i].is_thread;
	if (threads == 0)
		snprintf(title, sizeof title, "Actors (%zu)", n);
	else
		snprintf(title, sizeof title, "Actors (%zu + %zu thread%s)", n - threads, threads,
		    threads == 1 ? "" : "s");
	list_begin(t, r, title, PANE_ACTORS, t->sel_actor, sizeof t->sel_actor, t->actor_rows, n,
	    "none yet: s spawns one", &sel, &first);
	namew = 8;
	for (i = 0; i < n; i++) {
		int w = text_cols(prefixes[i]) + (int)strlen(s->actors[i].name);

		if (w > namew)
			namew = w;
	}
	if (namew > r.w / 3)
		namew = r.w / 3;
	buf_init(&line);
	buf_init(&state);
	buf_init(&fds);
	buf_init(&key);
	for (i = first, y = r.y + 1; i < n && y < r.y + r.h - 1; i++, y++) {
		const struct sample_actor	*a = &s->actors[i];

		buf_reset(&state);
		buf_reset(&fds);
		role = a->desc != NULL ? actor_row_state(a, &state) : ROLE_DIM;
		add_actor_fds(&fds, a->desc);
		buf_reset(&line);
		buf_printf(&line, "%s%-*s %6d %s", prefixes[i], namew - text_cols(prefixes[i]),
		    a->name, (int)(a->is_thread ? a->tid : a->pid), state.len > 0 ? state.data : "");
		buf_reset(&key);
		buf_printf(&key, "a:%s", a->name);
		if (i == sel && t->detail_of == PANE_ACTORS)
			role = ROLE_SELECTED;
		else if (changed(t, key.data, line.data, now) && role == ROLE_NORMAL)
			role = ROLE_CHANGED;
		theme_set(role);
		mvhline(y, r.x + 1, ' ', r.w - 2);
		col = text_cols(line.data);
		draw_text_cut(y, r.x + 1, r.w - 2, line.data);
		if (fds.len > 0 && col < r.w - 2) {
			const char	*shown = actor_fds_fit(&fds, r.w - 2 - col - 2);

			if (role != ROLE_SELECTED)
				theme_set(ROLE_DIM);
			draw_text(y, r.x + r.w - 2 - text_cols(shown), text_cols(shown), shown);
		}
	}
	theme_set(ROLE_NORMAL);
	free_rows(prefixes, n);
	buf_free(&line);
	buf_free(&state);
	buf_free(&fds);
	buf_free(&key);
}

/* A top-level field that is text (a word or a string), or NULL. */
static const struct desc_node *
text_field(const struct desc *d, const char *name)
{
	const struct desc_node	*n = desc_find_child(d->root, name);

	return n != NULL && (n->type == DESC_WORD || n->type == DESC_TEXT) ? n : NULL;
}

/* What an object's list line draws as its fill: its first gauge (a
 * queue's bytes or messages against the capacity). */
static const struct desc_node *
first_gauge(const struct desc *d)
{
	const struct desc_node	*n;

	for (n = d->root->first; n != NULL; n = n->next) {
		if (n->type == DESC_GAUGE)
			return n;
	}
	return NULL;
}

static void
draw_objects(struct tui *t, int64_t now)
{
	const struct sample	*s = t->sample;
	struct rect		 r = r_objects;
	const struct desc_node	*kind, *gauge, *state, *sum;
	struct buf		 line, key, flow;
	char			 title[64];
	size_t			 i, n = s->nobjects, sel, first;
	int			 y, spark;
	enum role		 role;

	if (r.h == 0)
		return;
	snprintf(title, sizeof title, "Objects (%zu)", n);
	list_begin(t, r, title, PANE_OBJECTS, t->sel_object, sizeof t->sel_object, t->object_rows,
	    n, "none yet: n makes one", &sel, &first);
	buf_init(&line);
	buf_init(&key);
	buf_init(&flow);
	for (i = first, y = r.y + 1; i < n && y < r.y + r.h - 1; i++, y++) {
		const struct sample_object	*o = &s->objects[i];
		struct desc			*d = o->desc;

		kind = d != NULL ? text_field(d, "kind") : NULL;
		gauge = d != NULL ? first_gauge(d) : NULL;
		state = d != NULL ? text_field(d, "state") : NULL;
		sum = d != NULL ? text_field(d, "summary") : NULL;
		buf_reset(&line);
		buf_printf(&line, "%-8s %-7s ", o->name, kind != NULL ? kind->str : o->mech);
		role = ROLE_NORMAL;
		if (gauge != NULL && gauge->max > 0) {
			add_short_size(&line, gauge->num);
			buf_addc(&line, '/');
			add_short_size(&line, gauge->max);
			buf_addc(&line, ' ');
			/* Who writes and reads matters more than the
			 * sparkline: it gets the room that is left. */
			buf_reset(&flow);
			buf_add(&flow, "", 0);	/* a string, if no flow */
			add_flow(&flow, d);
			spark = r.w - 2 - text_cols(line.data) - 1 - text_cols(flow.data);
			if (spark >= 3) {
				add_sparkline(&line, tui_history(t, o->key), spark < 8 ? (size_t)spark : 8);
				buf_addc(&line, ' ');
			}
			buf_adds(&line, flow.data);
			if (gauge->num == gauge->max)
				role = ROLE_SIGNAL;
		} else if (state != NULL && strcmp(state->str, "closed") == 0 && o->has_path)
			buf_adds(&line, "not open");
		else if (sum != NULL)
			buf_adds(&line, sum->str);	/* sockets, eventfds, ptys: their own line */
		else if (state != NULL)
			buf_adds(&line, state->str);
		buf_reset(&key);
		buf_printf(&key, "o:%s", o->name);
		/* A sparkline moves all the time: compare without it. */
		if (i == sel && t->detail_of == PANE_OBJECTS)
			role = ROLE_SELECTED;
		else if (changed(t, key.data, gauge != NULL && sum != NULL ? sum->str : line.data,
		    now) && role == ROLE_NORMAL)
			role = ROLE_CHANGED;
		theme_set(role);
		mvhline(y, r.x + 1, ' ', r.w - 2);
		draw_text_cut(y, r.x + 1, r.w - 2, line.data);
	}
	theme_set(ROLE_NORMAL);
	buf_free(&line);
	buf_free(&key);
	buf_free(&flow);
}

/* Words that mean nothing without their name on a line of others
 * ("last_pid A", not a bare "A" after the counts). */
static bool
labelled(const char *name)
{
	static const char *const names[] = { "last_pid", "ops", "waits_for", "from", "value",
		"addr", "status", "nested", NULL };
	size_t	 i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(name, names[i]) == 0)
			return true;
	}
	return false;
}

/* One list item or group on a line: "B fd 3", "tid 1234 A idle". */
static void
add_inline(struct buf *b, const struct desc_node *n)
{
	const struct desc_node	*c;
	const char		*sep = "";

	if (n->type != DESC_GROUP) {
		desc_add_value(b, n);
		return;
	}
	for (c = n->first; c != NULL; c = c->next) {
		buf_adds(b, sep);
		if (c->type == DESC_INT || c->type == DESC_SIZE)
			buf_printf(b, "%s %lld", c->name, (long long)c->num);
		else if (c->type == DESC_GROUP || c->type == DESC_LIST || c->type == DESC_SIGSET ||
		    c->type == DESC_RANGES)
			continue;
		else {
			if (c->name != NULL && labelled(c->name))
				buf_printf(b, "%s ", c->name);
			desc_add_value(b, c);
		}
		sep = " ";
	}
}

static void
hexdump(struct dlines *dl, const char *key, const unsigned char *p, const unsigned char *mask,
    size_t len, int width)
{
	struct buf	 b, hl;
	/* "  0000 " and per bytes in hex and as text: as many as fit. */
	size_t		 per = width >= 9 + 4 * 16 ? 16 : width >= 9 + 4 * 8 ? 8 : 4, off, i;
	/* Memory (with a mask of what changed) gets more room than a peek. */
	size_t		 max_lines = mask != NULL ? 256 / per : 8;
	bool		 any;

	buf_init(&b);
	buf_init(&hl);
	for (off = 0; off < len && off / per < max_lines; off += per) {
		buf_reset(&b);
		buf_reset(&hl);
		buf_printf(&b, "  %04zx ", off);
		buf_adds(&hl, "       ");
		any = false;
		for (i = 0; i < per; i++) {
			if (off + i < len)
				buf_printf(&b, " %02x", p[off + i]);
			else
				buf_adds(&b, "   ");
			if (mask != NULL && off + i < len && mask[off + i]) {
				buf_adds(&hl, " **");
				any = true;
			} else
				buf_adds(&hl, "   ");
		}
		buf_adds(&b, "  ");
		buf_adds(&hl, "  ");
		for (i = 0; i < per && off + i < len; i++) {
			buf_addc(&b, p[off + i] >= 0x20 && p[off + i] < 0x7f ? (char)p[off + i] : '.');
			buf_addc(&hl, mask != NULL && mask[off + i] ? '*' : ' ');
		}
		dl_add(dl, ROLE_NORMAL, mask != NULL ? NULL : key, "%s", b.data);
		if (any)
			dl->v[dl->n - 1].hl = xstrdup(hl.data);
	}
	if (len > max_lines * per)
		dl_add(dl, ROLE_DIM, NULL, "  ... %zu more bytes", len - max_lines * per);
	buf_free(&b);
	buf_free(&hl);
}

/* The marked columns of a line again, in the changed colour. */
static void
draw_highlights(int y, int x, int w, const char *text, const char *hl)
{
	char	 one[2] = { 0, 0 };
	int	 i;

	theme_set(ROLE_CHANGED);
	for (i = 0; i < w && text[i] != '\0' && hl[i] != '\0'; i++) {
		if (hl[i] == ' ')
			continue;
		one[0] = text[i];
		draw_text(y, x + i, 1, one);
	}
}


const char *
draw_changed_cells(struct tui *t, const char *key, const char *text, int64_t now)
{
	struct memo	*m = memo_slot(t, key);
	size_t		 i, n;

	if (m->text == NULL) {
		m->text = xstrdup(text);
		return NULL;
	}
	if (strcmp(m->text, text) != 0) {
		n = strlen(text);
		free(m->hl);
		m->hl = xmalloc(n + 1);
		for (i = 0; i < n; i++)
			m->hl[i] = i < strlen(m->text) && m->text[i] == text[i] ? ' ' : '*';
		m->hl[n] = '\0';
		free(m->text);
		m->text = xstrdup(text);
		m->changed = now;
	}
	if (m->hl == NULL || now - m->changed >= CHANGED_NS)
		return NULL;
	fade_at(t, m->changed + CHANGED_NS);
	return m->hl;
}

/* An actor's signals: its sets as a grid, then the queue and the last
 * ones received. */
static void
signals_section(struct tui *t, struct dlines *dl, const char *owner, const struct desc_node *n,
    int indent, int width, int64_t now)
{
	const struct desc_node	*c, *r, *queued, *uid, *limit, *taken;
	struct buf		 b, key;
	size_t			 shown;

	buf_init(&b);
	buf_init(&key);
	widget_signal_grid(t, dl, owner, n, indent, width, now);
	c = desc_find_child(n, "sigq");
	queued = c != NULL ? desc_find_child(c, "user_queued") : NULL;
	uid = c != NULL ? desc_find_child(c, "uid") : NULL;
	limit = c != NULL ? desc_find_child(c, "limit") : NULL;
	if (queued != NULL && uid != NULL && limit != NULL) {
		/* The kernel counts queued signals per user, over all its
		 * processes, against this actor's own limit. */
		buf_printf(&b, "%*s  sigq    %lld queued for all of uid %lld; limit %lld", indent, "",
		    (long long)queued->num, (long long)uid->num, (long long)limit->num);
		buf_printf(&key, "sg:%s:sigq", owner);
		dl_add(dl, ROLE_NORMAL, key.data, "%s", b.data);
	}
	/* The last few received, newest last. */
	if ((r = desc_find_child(n, "received")) != NULL && r->first != NULL) {
		for (shown = 0, c = r->first; c != NULL; c = c->next)
			shown++;
		taken = desc_find_child(n, "taken");
		dl_add(dl, ROLE_TITLE, NULL, "%*s  received (%lld in all)", indent, "",
		    (long long)(taken != NULL ? taken->num : (int64_t)shown));
		for (c = r->first; c != NULL; c = c->next, shown--) {
			if (shown > 4)
				continue;
			buf_reset(&b);
			buf_printf(&b, "%*s    ", indent, "");
			add_inline(&b, c);
			dl_add(dl, ROLE_SIGNAL, NULL, "%s", b.data);
		}
	}
	buf_free(&b);
	buf_free(&key);
}

/* A field of the detail pane's item; o keys an object's histories, NULL
 * for an actor. */
static void
detail_node(struct tui *t, struct dlines *dl, const void *o, const char *owner,
    const struct desc_node *n, int indent, int width, int64_t now)
{
	const struct desc_node	*c;
	struct buf		 b, key;
	int			 bar, fill, i;

	buf_init(&b);
	buf_init(&key);
	buf_printf(&key, "d:%s:%s:%d", owner, n->name != NULL ? n->name : "-", indent);
	switch (n->type) {
	case DESC_GAUGE:
		bar = width - indent - 34;
		if (bar > 40)
			bar = 40;
		if (bar < 8)
			bar = 8;
		fill = n->max > 0 ? (int)((n->num * bar + n->max - 1) / n->max) : 0;
		buf_printf(&b, "%*s%-9s ", indent, "", n->name);
		for (i = 0; i < bar; i++)
			buf_adds(&b, i < fill ? glyph_bar_full() : glyph_bar_empty());
		buf_printf(&b, " %lld/%lld bytes", (long long)n->num, (long long)n->max);
		dl_add(dl, n->max > 0 && n->num == n->max ? ROLE_SIGNAL : ROLE_GAUGE, key.data,
		    "%s", b.data);
		if (o != NULL) {
			buf_reset(&b);
			buf_printf(&b, "%*s%-9s ", indent, "", "history");
			add_sparkline(&b, tui_history(t, o), HIST_LEN);
			dl_add(dl, ROLE_GAUGE, NULL, "%s", b.data);
		}
		break;
	case DESC_BYTES:
		if (n->mask != NULL)
			dl_add(dl, ROLE_NORMAL, NULL, "%*s%s (the first %zu bytes; changed since the last tick in colour)",
			    indent, "", n->name, n->len);
		else
			dl_add(dl, ROLE_NORMAL, NULL, "%*s%s (%zu bytes, peeked: nothing is consumed)",
			    indent, "", n->name, n->len);
		hexdump(dl, key.data, (const unsigned char *)n->str, n->mask, n->len, width);
		break;
	case DESC_LIST:
		for (c = n->first; c != NULL; c = c->next) {
			if ((c->type == DESC_GROUP && c->first != NULL && c->first->next != NULL &&
			    c->first->next->next != NULL) || (c->type == DESC_TEXT && c->len >= 40))
				break;	/* long items: one per line */
		}
		if (c == NULL) {
			buf_printf(&b, "%*s%-9s ", indent, "", n->name);
			if (n->first == NULL)
				buf_adds(&b, "none");
			for (c = n->first; c != NULL; c = c->next) {
				add_inline(&b, c);
				if (c->next != NULL)
					buf_adds(&b, ", ");
			}
			dl_add(dl, ROLE_NORMAL, key.data, "%s", b.data);
			break;
		}
		dl_add(dl, ROLE_TITLE, NULL, "%*s%s", indent, "", n->name);
		for (c = n->first; c != NULL; c = c->next) {
			buf_reset(&b);
			buf_printf(&b, "%*s  ", indent, "");
			add_inline(&b, c);
			dl_add(dl, ROLE_NORMAL, NULL, "%s", b.data);
		}
		break;
	case DESC_RANGES:
		widget_ruler(dl, n, indent);
		break;
	case DESC_GROUP:
		if (o == NULL && n->parent != NULL && n->parent->parent == NULL &&
		    strcmp(n->name, "signals") == 0) {
			signals_section(t, dl, owner, n, indent, width, now);
			break;
		}
		dl_add(dl, ROLE_TITLE, NULL, "%*s%s", indent, "", n->name);
		for (c = n->first; c != NULL; c = c->next)
			detail_node(t, dl, o, owner, c, indent + 2, width, now);
		break;
	default:
		buf_printf(&b, "%*s%-9s ", indent, "", n->name);
		desc_add_value(&b, n);
		/* errno, or the error number a pthread function returned. */
		dl_add(dl, n->type == DESC_WORD && n->str != NULL &&
		    (strcmp(n->str, "blocked") == 0) ? ROLE_BLOCKED :
		    n->type == DESC_WORD && n->str != NULL && n->str[0] == 'E' &&
		    (strcmp(n->name, "errno") == 0 || strcmp(n->name, "errnum") == 0) ?
		    ROLE_ERROR : ROLE_NORMAL, key.data, "%s", b.data);
		break;
	}
	buf_free(&b);
	buf_free(&key);
}

static void
draw_detail(struct tui *t, int64_t now)
{
	const struct sample_item *it = &t->sample->full;
	struct rect		 r = r_detail;
	const void		*o = it->key;
	struct desc		*d = it->desc;
	struct desc_node	*n;
	const struct desc_node	*sum;
	struct dlines		 dl = { NULL, 0 };
	struct drow {
		size_t		 line;	/* in dl */
		struct wrap_row	 row;
	}			*dr = NULL;
	char			 title[128];
	const char		*owner = it->name;
	size_t			 i, ndr = 0;
	int			 y, rows = r.h - 2, first, width = r.w - 3;
	enum role		 role = ROLE_NORMAL;

	if (r.h == 0)
		return;
	if (!it->found || d == NULL) {
		draw_box(r, "Detail", t->focus == PANE_DETAIL);
		theme_set(ROLE_DIM);
		draw_text(r.y + 1, r.x + 2, r.w - 4, "select an actor or an object");
		theme_set(ROLE_NORMAL);
		return;
	}
	snprintf(title, sizeof title, "%s: %s", it->name, it->kind);
	draw_box(r, title, t->focus == PANE_DETAIL);
	if ((sum = text_field(d, "summary")) != NULL)
		dl_add(&dl, ROLE_TITLE, NULL, "%s", sum->str);
	/* Bytes take many lines: after everything else. */
	for (n = d->root->first; n != NULL; n = n->next) {
		if (strcmp(n->name, "summary") == 0 || strcmp(n->name, "kind") == 0 ||
		    n->type == DESC_BYTES)
			continue;
		detail_node(t, &dl, o, owner, n, 0, r.w - 2, now);
	}
	for (n = d->root->first; n != NULL; n = n->next) {
		if (n->type == DESC_BYTES)
			detail_node(t, &dl, o, owner, n, 0, r.w - 2, now);
	}
	/* Every line whole: one wider than the pane wraps, its rows after
	 * the first indented under its text. */
	for (i = 0; i < dl.n; i++) {
		struct wrap_row	*wr = NULL;
		size_t		 k, nw;

		if (!text_is_plain(dl.v[i].text, strlen(dl.v[i].text), false)) {
			char	*esc = xstrdup(draw_escaped(dl.v[i].text));

			free(dl.v[i].text);
			dl.v[i].text = esc;
		}
		nw = wrap_rows(dl.v[i].text, width, wrap_hang(dl.v[i].text, width), &wr);
		dr = xreallocarray(dr, ndr + nw, sizeof *dr);
		for (k = 0; k < nw; k++, ndr++) {
			dr[ndr].line = i;
			dr[ndr].row = wr[k];
		}
		free(wr);
	}
	/* Scroll: detail_scroll is 0 or negative (rows from the top). */
	first = -t->detail_scroll;
	if (first > (int)ndr - rows)
		first = (int)ndr - rows;
	if (first < 0)
		first = 0;
	t->detail_scroll = -first;
	for (i = (size_t)first, y = r.y + 1; i < ndr && y < r.y + r.h - 1; i++, y++) {
		struct dline	*l = &dl.v[dr[i].line];
		int		 x = r.x + 2 + dr[i].row.indent;

		if (i == (size_t)first || dr[i].line != dr[i - 1].line) {
			role = l->role;
			if (l->key != NULL && changed(t, l->key, l->text, now) &&
			    (role == ROLE_NORMAL || role == ROLE_GAUGE))
				role = ROLE_CHANGED;
		}
		theme_set(role);
		mvaddnstr(y, x, l->text + dr[i].row.off, (int)dr[i].row.len);
		if (l->hl != NULL && dr[i].row.off < strlen(l->hl))
			draw_highlights(y, x, wrap_cols(l->text + dr[i].row.off, dr[i].row.len),
			    l->text + dr[i].row.off, l->hl + dr[i].row.off);
	}
	draw_more(r, true, (size_t)first);
	draw_more(r, false, ndr > (size_t)first + (size_t)rows ? ndr - (size_t)first - (size_t)rows : 0);
	theme_set(ROLE_NORMAL);
	free(dr);
	dl_free(&dl);
}

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

static void
draw_log(struct tui *t)
{
	struct rect		 r = r_log;
	const struct record	*rec;
	struct log_rows		 lr = { NULL, 0 };	/* newest first */
	const struct record_log	*log = t->log;
	char			 title[64];
	int			 rows = r.h - 2, y, w = r.w - 2;
	size_t			 i, k, want, from, to, top_first, top_last;

	if (r.h == 0)
		return;
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

/* "1 actor ", "2 objects ": a count and its noun, singular or plural. */
static void
add_count(struct buf *b, size_t n, const char *noun)
{
	buf_printf(b, "%zu %s%s ", n, noun, n == 1 ? "" : "s");
}

/* The columns all the key hints take. */
static int
keys_cols(const char *const *pairs)
{
	int	 cols = 0;

	for (; pairs[0] != NULL; pairs += 2)
		cols += text_cols(pairs[0]) + text_cols(pairs[1]) + 1;
	return cols;
}

/* The key hints, as many as fit; the columns used. */
static int
draw_keys(int y, int x, int w, const char *const *pairs)
{
	int	 col = x;

	for (; pairs[0] != NULL && col < x + w; pairs += 2) {
		if (col + text_cols(pairs[0]) + text_cols(pairs[1]) + 2 > x + w)
			break;
		theme_set(ROLE_KEY);
		col += draw_text(y, col, x + w - col, pairs[0]);
		theme_set(ROLE_NORMAL);
		col += draw_text(y, col, x + w - col, pairs[1]);
		col += draw_text(y, col, x + w - col, " ");
	}
	return col - x;
}

static void
draw_status(struct tui *t)
{
	/* Without the arrows when all would not fit (80 columns): they
	 * move in every program; z is what a newcomer does not know. */
	static const char *const normal[] = {
		"Tab", " pane", "\xe2\x86\x91\xe2\x86\x93", " move", "Enter", " calls",
		":", " command", "k", " signal", "s", " spawn", "n", " new", "z", " zoom",
		"?", " help", "q", " quit", NULL,
	};
	static const char *const normal_ascii[] = {
		"Tab", " pane", "Up/Dn", " move", "Enter", " calls", ":", " command",
		"k", " signal", "s", " spawn", "n", " new", "z", " zoom", "?", " help",
		"q", " quit", NULL,
	};
	static const char *const cmd[] = {
		"Enter", " run", "Tab", " complete", "Up/Dn", " history", "Esc", " leave", NULL,
	};
	static const char *const menu[] = {
		"Up/Dn", " choose", "Enter", " run", "Esc", " close", NULL,
	};
	static const char *const help[] = {
		"\xe2\x86\x91\xe2\x86\x93", " scroll", "PgUp PgDn", " page", "Home End", " top, end",
		"q Esc", " close", NULL,
	};
	static const char *const help_ascii[] = {
		"Up/Dn", " scroll", "PgUp PgDn", " page", "Home End", " top, end", "q Esc", " close",
		NULL,
	};
	const char	*bar[nitems(normal)];
	char		 right[96];
	int		 y = t->rows - 2, rw, used;
	size_t		 i, n = 0;
	struct buf	 counts;

	theme_set(ROLE_NORMAL);
	mvhline(y, 0, ' ', t->cols);
	if (t->cmd_active)
		used = draw_keys(y, 0, t->cols, cmd);
	else if (t->overlay == OVERLAY_MENU)
		used = draw_keys(y, 0, t->cols, menu);
	else if (t->overlay == OVERLAY_HELP)
		used = draw_keys(y, 0, t->cols, t->utf8 ? help : help_ascii);
	else {
		const char *const *all = t->utf8 ? normal : normal_ascii;

		for (i = 0; all[i] != NULL; i += 2) {
			if (i == 2 && keys_cols(all) >= t->cols)
				continue;
			bar[n++] = all[i];
			bar[n++] = strcmp(all[i], "z") == 0 && t->zoomed ? " back" : all[i + 1];
		}
		bar[n] = NULL;
		used = draw_keys(y, 0, t->cols, bar);
	}
	/* The counts, where the keys leave room. */
	buf_init(&counts);
	add_count(&counts, t->sample->processes, "actor");
	if (t->sample->threads > 0)
		add_count(&counts, t->sample->threads, "thread");
	add_count(&counts, t->sample->nobjects, "object");
	add_count(&counts, t->sample->jobs, "job");
	snprintf(right, sizeof right, "%s", counts.data);
	buf_free(&counts);
	rw = text_cols(right);
	if (used + rw < t->cols) {
		theme_set(ROLE_DIM);
		draw_text(y, t->cols - rw, rw, right);
	}
	theme_set(ROLE_NORMAL);
}

static void
draw_message(struct tui *t)
{
	int	 y = t->rows - 1;

	theme_set(ROLE_NORMAL);
	mvhline(y, 0, ' ', t->cols);
	if (t->msg == NULL)
		return;
	theme_set(t->msg_error ? ROLE_ERROR : ROLE_NORMAL);
	draw_text_cut(y, 0, t->cols, t->msg);
	theme_set(ROLE_NORMAL);
}

/* The help view: the keys' help, or the text a help command gave, over
 * the panes, every line whole (wrapped) and scrolled like less. */
static void
draw_help(struct tui *t)
{
	struct rect	 r = { 0, 0, t->rows - 2, t->cols };
	struct wrap_row	*wr = NULL;
	struct buf	 b, flowed;
	const char	*s, *e, *text;
	char		 title[160], *line;
	int		 y, w = r.w - 4, rows = r.h - 2, first;
	size_t		 n = 0, k, nw;
	struct hrow {
		char	*text;
		bool	 heading;
	}		*hr = NULL;

	buf_init(&b);
	buf_init(&flowed);
	if (t->help_text != NULL)
		text = t->help_text;
	else {
		keys_add_help(&b);
		text = b.data;
	}
	/* Made for 80 columns; the view may be narrower, or wider. */
	wrap_reflow(&flowed, text);
	text = flowed.data;
	snprintf(title, sizeof title, "%s", t->help_title != NULL ? t->help_title :
	    "Help: ipcscope, a laboratory for Linux IPC");
	for (s = text; *s != '\0'; s = e + 1) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		line = xstrndup(s, (size_t)(e - s));
		if (!text_is_plain(line, strlen(line), false)) {
			char	*esc = xstrdup(draw_escaped(line));

			free(line);
			line = esc;
		}
		nw = wrap_rows(line, w, wrap_hang(line, w), &wr);
		hr = xreallocarray(hr, n + nw, sizeof *hr);
		for (k = 0; k < nw; k++, n++) {
			hr[n].text = xasprintf("%*s%.*s", wr[k].indent, "", (int)wr[k].len,
			    line + wr[k].off);
			/* A heading starts at the margin, its rows after
			 * the first too. */
			hr[n].heading = line[0] != '\0' && strncmp(line, "  ", 2) != 0;
		}
		freep(&wr);
		free(line);
		if (*e == '\0')
			break;
	}
	first = t->help_scroll;
	if (first > (int)n - rows)
		first = (int)n - rows;
	if (first < 0)
		first = 0;
	t->help_scroll = first;
	theme_set(ROLE_NORMAL);
	for (y = 0; y < r.h; y++)
		mvhline(r.y + y, r.x, ' ', r.w);
	draw_box(r, title, true);
	for (k = (size_t)first, y = r.y + 1; k < n && y < r.y + r.h - 1; k++, y++) {
		theme_set(hr[k].heading ? ROLE_TITLE : ROLE_NORMAL);
		draw_text(y, r.x + 2, w, hr[k].text);
	}
	draw_more(r, true, (size_t)first);
	draw_more(r, false, n > (size_t)first + (size_t)rows ? n - (size_t)first - (size_t)rows : 0);
	theme_set(ROLE_NORMAL);
	for (k = 0; k < n; k++)
		free(hr[k].text);
	free(hr);
	buf_free(&b);
	buf_free(&flowed);
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

/* A list's rows as the keys move through them: the names, in order. */
static void
set_rows(char ***rows, size_t *nrows, size_t n, const char *(*name)(const struct sample *, size_t),
    const struct sample *s)
{
	size_t	 i;

	free_rows(*rows, *nrows);
	*rows = xcalloc(n + 1, sizeof **rows);
	for (i = 0; i < n; i++)
		(*rows)[i] = xstrdup(name(s, i));
	*nrows = n;
}

static const char *
actor_name(const struct sample *s, size_t i)
{
	return s->actors[i].name;
}

static const char *
object_name(const struct sample *s, size_t i)
{
	return s->objects[i].name;
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

	set_rows(&t->actor_rows, &t->nactor_rows, s->nactors, actor_name, s);
	set_rows(&t->object_rows, &t->nobject_rows, s->nobjects, object_name, s);
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		fix_selection(t->sel_actor, sizeof t->sel_actor, t->actor_rows, t->nactor_rows);
		fix_selection(t->sel_object, sizeof t->sel_object, t->object_rows, t->nobject_rows);
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
	if (r_detail.h > 0 && full[0] != '\0')
		sample_want_full(s, full);
}

bool
frame_histories(struct tui *t, const struct sample *s)
{
	const struct desc_node	*gauge;
	size_t			 i;
	bool			 moved = false;

	for (i = 0; i < s->nobjects; i++) {
		if (s->objects[i].desc == NULL)
			continue;
		gauge = first_gauge(s->objects[i].desc);
		if (gauge != NULL && gauge->max > 0 &&
		    history_push(t, s->objects[i].key, gauge->num, gauge->max))
			moved = true;
	}
	return moved;
}

void
draw_frame(struct tui *t)
{
	int64_t	 start = now_ns();

	/* Drawn from the sample alone (frame_want chose what it holds):
	 * nothing of the lab or the kernel is read here. */
	t->fade_at = 0;
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		draw_too_small(t);
		curs_set(0);
		refresh();
		t->frame_ns = now_ns() - start;
		return;
	}
	erase();
	layout(t);
	draw_actors(t, start);
	draw_objects(t, start);
	draw_detail(t, start);
	draw_log(t);
	draw_status(t);
	draw_message(t);
	if (t->overlay == OVERLAY_MENU)
		menu_draw(t);
	else if (t->overlay == OVERLAY_HELP)
		draw_help(t);
	if (t->cmd_active) {
		cmdline_draw(t, t->rows - 1);
		curs_set(1);
	} else
		curs_set(0);
	refresh();
	t->frame_ns = now_ns() - start;
}
