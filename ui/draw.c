/* draw.c: the screen: layout, the panes and the widgets that render a
 * description's fields (gauge with history, bytes as hex and text, lists,
 * groups). Only what is visible is probed. Everything is drawn on stdscr
 * and curses sends only what changed, so nothing flickers. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "job.h"
#include "lab.h"
#include "mechanism.h"
#include "signames.h"
#include "tui_int.h"

#define MIN_COLS		80
#define MIN_ROWS		24
#define CHANGED_NS		(1500 * NS_PER_MS)

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

/* The same, ending with "..." when s does not fit: a message that goes on. */
static void
draw_text_cut(int y, int x, int w, const char *s)
{
	size_t	 len, cols;
	int	 drawn;

	s = draw_escaped(s);
	len = strlen(s);
	if (w <= 3 || text_fit(s, len, (size_t)w, &cols) == len) {
		draw_text(y, x, w, s);
		return;
	}
	drawn = draw_text(y, x, w - 3, s);
	draw_text(y, x + drawn, 3, "...");
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
		draw_text(r.y, r.x + 2, r.w - 5, title);
		addch(' ');
	}
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
	return m->changed != 0 && now - m->changed < CHANGED_NS;
}

struct history *
tui_history(struct tui *t, const struct object *o)
{
	size_t	 i;

	/* Objects were dropped (forget, reset): their memory may be reused. */
	if (t->forgets != t->lab->forgets) {
		t->nhists = 0;
		t->forgets = t->lab->forgets;
	}
	for (i = 0; i < t->nhists; i++) {
		if (t->hists[i].obj == o)
			return &t->hists[i];
	}
	t->hists = xreallocarray(t->hists, t->nhists + 1, sizeof *t->hists);
	memset(&t->hists[t->nhists], 0, sizeof *t->hists);
	t->hists[t->nhists].obj = o;
	return &t->hists[t->nhists++];
}

static bool	sample_now;

void
tui_sample_histories(struct tui *t)
{
	(void)t;
	sample_now = true;
}

static void
history_push(struct tui *t, const struct object *o, int64_t used, int64_t capacity)
{
	struct history	*h = tui_history(t, o);

	if (h->n == HIST_LEN) {
		memmove(h->used, h->used + 1, (HIST_LEN - 1) * sizeof *h->used);
		h->n--;
	}
	h->used[h->n++] = used;
	h->capacity = capacity;
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
}

/* The state part of an actor's row. */
static enum role
actor_row_state(struct actor *a, struct desc *d, struct buf *b)
{
	struct desc_node	*call = desc_find(d, "call"), *on = desc_find(d, "on");
	const char		*state = actor_state(a);

	if (actor_terminated(a) && !a->is_thread) {
		if (a->life == ACTOR_ZOMBIE)
			buf_adds(b, "zombie: ");
		actor_add_status(b, a);
		return a->life == ACTOR_ZOMBIE || (a->status_known && WIFSIGNALED(a->status)) ?
		    ROLE_ERROR : ROLE_DIM;
	}
	buf_adds(b, state);
	if (strcmp(state, "blocked") == 0) {
		if (call != NULL)
			buf_printf(b, " %s", call->str);
		if (on != NULL)
			buf_printf(b, " %s", on->str);
		return ROLE_BLOCKED;
	}
	if (strcmp(state, "stopped") == 0)
		return ROLE_SIGNAL;
	if (strcmp(state, "ended") == 0 || strcmp(state, "zombie") == 0)
		return ROLE_DIM;
	return ROLE_NORMAL;
}

/* "3:p1.r 4:p1.w": the descriptors that lead to the lab's objects, and
 * any other that is not standard I/O on /dev/null or the lab's own. */
static void
add_actor_fds(struct buf *b, struct desc *d)
{
	struct desc_node	*fds = desc_find(d, "fds"), *item, *fd, *obj;

	if (fds == NULL)
		return;
	for (item = fds->first; item != NULL; item = item->next) {
		fd = desc_find_child(item, "fd");
		obj = desc_find_child(item, "object");
		if (fd == NULL || fd->num < 3)
			continue;
		if (obj != NULL && strncmp(obj->str, "(lab ", 5) == 0)	/* its channel, its reports */
			continue;
		buf_printf(b, "%s%lld", b->len ? " " : "", (long long)fd->num);
		if (obj != NULL)
			buf_printf(b, ":%s", obj->str);
	}
}

static void
actor_rows_add(struct tui *t, struct actor *p, int depth, bool last, struct buf *prefix,
    char ***rows, size_t *n, char ***prefixes)
{
	struct lab	*lab = t->lab;
	size_t		 i, nkids = 0, seen = 0, save;

	*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
	*prefixes = xreallocarray(*prefixes, *n + 1, sizeof **prefixes);
	(*rows)[*n] = xstrdup(p->name);
	save = prefix->len;
	if (depth > 0)
		buf_adds(prefix, last ? glyph_tree_last() : glyph_tree_mid());
	(*prefixes)[*n] = xstrdup(prefix->data != NULL ? prefix->data : "");
	prefix->len = save;
	if (prefix->data != NULL)
		prefix->data[save] = '\0';
	(*n)++;
	/* Threads, then children, each one deeper. */
	for (i = 0; i < lab->nactors; i++) {
		if ((lab->actors[i]->is_thread && lab->actors[i]->proc == p) ||
		    (!lab->actors[i]->is_thread && lab->actors[i]->parent == p))
			nkids++;
	}
	if (depth > 0)
		buf_adds(prefix, last ? "  " : (t->utf8 ? "\xe2\x94\x82 " : "| "));
	for (i = 0; i < lab->nactors; i++) {
		struct actor *c = lab->actors[i];

		if (c->is_thread && c->proc == p) {
			seen++;
			actor_rows_add(t, c, depth + 1, seen == nkids, prefix, rows, n, prefixes);
		}
	}
	for (i = 0; i < lab->nactors; i++) {
		struct actor *c = lab->actors[i];

		if (!c->is_thread && c->parent == p) {
			seen++;
			actor_rows_add(t, c, depth + 1, seen == nkids, prefix, rows, n, prefixes);
		}
	}
	prefix->len = save;
	if (prefix->data != NULL)
		prefix->data[save] = '\0';
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
static void
list_begin(struct tui *t, struct rect r, const char *title, enum pane pane, char *sel,
    size_t selsize, char **rows, size_t n, const char *empty, size_t *selp, size_t *firstp)
{
	size_t	 visible = r.h > 2 ? (size_t)(r.h - 2) : 1;

	fix_selection(sel, selsize, rows, n);
	draw_box(r, title, t->focus == pane);
	if (n == 0) {
		theme_set(ROLE_DIM);
		draw_text(r.y + 1, r.x + 2, r.w - 4, empty);
		theme_set(ROLE_NORMAL);
	}
	*selp = row_index(rows, n, sel);
	*firstp = *selp >= visible ? *selp - visible + 1 : 0;
}

static void
draw_actors(struct tui *t, int64_t now)
{
	struct rect	 r = r_actors;
	struct lab	*lab = t->lab;
	struct buf	 line, state, fds, prefix, key;
	char		**prefixes = NULL, title[64];
	size_t		 i, n = 0, sel, first;
	int		 y, col, namew;
	enum role	 role;

	free_rows(t->actor_rows, t->nactor_rows);
	t->actor_rows = NULL;
	buf_init(&prefix);
	for (i = 0; i < lab->nactors; i++) {
		if (!lab->actors[i]->is_thread && lab->actors[i]->parent == NULL)
			actor_rows_add(t, lab->actors[i], 0, true, &prefix, &t->actor_rows, &n,
			    &prefixes);
	}
	t->nactor_rows = n;
	snprintf(title, sizeof title, "Actors (%zu)", n);
	list_begin(t, r, title, PANE_ACTORS, t->sel_actor, sizeof t->sel_actor, t->actor_rows, n,
	    "none yet: s spawns one", &sel, &first);
	namew = 8;
	for (i = 0; i < n; i++) {
		int w = text_cols(prefixes[i]) + (int)strlen(t->actor_rows[i]);

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
		struct actor	*a = lab_actor(lab, t->actor_rows[i]);
		struct desc	*d = desc_new();

		lab_describe_actor(a, d, DETAIL_SUMMARY);
		buf_reset(&state);
		buf_reset(&fds);
		role = actor_row_state(a, d, &state);
		add_actor_fds(&fds, d);
		buf_reset(&line);
		buf_printf(&line, "%s%-*s %6d %s", prefixes[i], namew - text_cols(prefixes[i]),
		    a->name, (int)(a->is_thread ? a->tid : a->pid), state.data);
		buf_reset(&key);
		buf_printf(&key, "a:%s", a->name);
		if (i == sel && t->detail_of == PANE_ACTORS)
			role = ROLE_SELECTED;
		else if (changed(t, key.data, line.data, now) && role == ROLE_NORMAL)
			role = ROLE_CHANGED;
		theme_set(role);
		mvhline(y, r.x + 1, ' ', r.w - 2);
		col = draw_text(y, r.x + 1, r.w - 2, line.data);
		if (fds.len > 0 && col + 2 + text_cols(fds.data) < r.w - 2) {
			if (role != ROLE_SELECTED)
				theme_set(ROLE_DIM);
			draw_text(y, r.x + r.w - 2 - text_cols(fds.data), text_cols(fds.data), fds.data);
		}
		desc_free(&d);
	}
	theme_set(ROLE_NORMAL);
	free_rows(prefixes, n);
	buf_free(&line);
	buf_free(&state);
	buf_free(&fds);
	buf_free(&key);
	buf_free(&prefix);
}

static void
draw_objects(struct tui *t, int64_t now)
{
	struct rect		 r = r_objects;
	struct lab		*lab = t->lab;
	struct desc_node	*kind, *gauge, *state, *sum;
	struct buf		 line, key;
	char			 title[64];
	size_t			 i, n = lab->nobjects, sel, first;
	int			 y;
	enum role		 role;

	free_rows(t->object_rows, t->nobject_rows);
	t->object_rows = xcalloc(n + 1, sizeof *t->object_rows);
	for (i = 0; i < n; i++)
		t->object_rows[i] = xstrdup(lab->objects[i]->name);
	t->nobject_rows = n;
	snprintf(title, sizeof title, "Objects (%zu)", n);
	list_begin(t, r, title, PANE_OBJECTS, t->sel_object, sizeof t->sel_object, t->object_rows,
	    n, "none yet: n makes one", &sel, &first);
	buf_init(&line);
	buf_init(&key);
	for (i = first, y = r.y + 1; i < n && y < r.y + r.h - 1; i++, y++) {
		struct object	*o = lab->objects[i];
		struct desc	*d = desc_new();

		o->mech->describe(o, d, DETAIL_SUMMARY);
		kind = desc_find(d, "kind");
		gauge = desc_find(d, "queued");
		state = desc_find(d, "state");
		buf_reset(&line);
		buf_printf(&line, "%-8s %-7s ", o->name, kind != NULL ? kind->str : o->mech->name);
		role = ROLE_NORMAL;
		if (gauge != NULL && gauge->type == DESC_GAUGE && gauge->max > 0) {
			if (sample_now)
				history_push(t, o, gauge->num, gauge->max);
			add_short_size(&line, gauge->num);
			buf_addc(&line, '/');
			add_short_size(&line, gauge->max);
			buf_addc(&line, ' ');
			add_sparkline(&line, tui_history(t, o), 8);
			buf_addc(&line, ' ');
			add_flow(&line, d);
			if (gauge->num == gauge->max)
				role = ROLE_SIGNAL;
		} else if (state != NULL && strcmp(state->str, "closed") == 0 && o->path != NULL)
			buf_adds(&line, "not open");
		else if ((sum = desc_find(d, "summary")) != NULL)
			buf_adds(&line, sum->str);	/* sockets, eventfds, ptys: their own line */
		else if (state != NULL)
			buf_adds(&line, state->str);
		buf_reset(&key);
		buf_printf(&key, "o:%s", o->name);
		/* A sparkline moves all the time: compare without it. */
		if (i == sel && t->detail_of == PANE_OBJECTS)
			role = ROLE_SELECTED;
		else if (changed(t, key.data, gauge != NULL && (sum = desc_find(d, "summary")) != NULL ?
		    sum->str : line.data, now) && role == ROLE_NORMAL)
			role = ROLE_CHANGED;
		theme_set(role);
		mvhline(y, r.x + 1, ' ', r.w - 2);
		draw_text(y, r.x + 1, r.w - 2, line.data);
		desc_free(&d);
	}
	theme_set(ROLE_NORMAL);
	buf_free(&line);
	buf_free(&key);
}

/* The detail pane draws lines; these collect them before drawing. */
struct dline {
	char		*text;
	enum role	 role;
	char		*key;		/* for change highlighting, or NULL */
	char		*hl;		/* per column: non-space is drawn as changed; or NULL */
};

struct dlines {
	struct dline	*v;
	size_t		 n;
};

static void
dl_add(struct dlines *dl, enum role role, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
dl_add(struct dlines *dl, enum role role, const char *key, const char *fmt, ...)
{
	va_list	 ap;

	dl->v = xreallocarray(dl->v, dl->n + 1, sizeof *dl->v);
	va_start(ap, fmt);
	dl->v[dl->n].text = xvasprintf(fmt, ap);
	va_end(ap);
	dl->v[dl->n].role = role;
	dl->v[dl->n].key = key != NULL ? xstrdup(key) : NULL;
	dl->v[dl->n].hl = NULL;
	dl->n++;
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
		else if (c->type == DESC_GROUP || c->type == DESC_LIST)
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
	size_t		 per = width >= 75 ? 16 : 8, off, i;
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


/* The columns of text that differ from what key showed last; kept and
 * returned while the change is recent, NULL otherwise. */
static const char *
changed_cells(struct tui *t, const char *key, const char *text, int64_t now)
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
	return m->hl != NULL && now - m->changed < CHANGED_NS ? m->hl : NULL;
}

/* A list of signal names ("SIGUSR1", "SIG33(libc)") as a mask. */
static uint64_t
sig_mask_of(const struct desc_node *list)
{
	const struct desc_node	*c;
	uint64_t		 mask = 0;
	char			 name[32];
	int			 sig;

	for (c = list != NULL ? list->first : NULL; c != NULL; c = c->next) {
		if (c->str == NULL)
			continue;
		snprintf(name, sizeof name, "%.*s", (int)strcspn(c->str, "("), c->str);
		if ((sig = sig_parse(name)) > 0)
			mask |= 1ULL << (sig - 1);
	}
	return mask;
}

/* An actor's signals as a grid: one cell per signal 1 to 64, a row per
 * set, the cells that changed since the last tick in colour; then the
 * signals that appear with their default action, the queue, and the
 * last ones received. */
static void
signal_grid(struct tui *t, struct dlines *dl, const char *owner, const struct desc_node *n,
    int indent, int width, int64_t now)
{
	static const struct {
		const char	*field;
		const char	*label;
		char		 mark;
	} rows[] = {
		{ "pending", "thread", 'P' },
		{ "pending_process", "process", 'P' },
		{ "blocked", "blocked", 'B' },
		{ "ignored", "ignored", 'I' },
		{ "caught", "caught", 'C' },
	};
	const struct desc_node	*c, *r;
	const char		*hl;
	struct buf		 b, cells, key, hlb;
	uint64_t		 mask, any = 0;
	size_t			 i, half, shown;
	int			 sig, pad = indent + 10;
	bool			 two = width - pad < 72;

	buf_init(&b);
	buf_init(&cells);
	buf_init(&key);
	buf_init(&hlb);
	if (desc_find_child(n, "blocked") != NULL) {
		buf_printf(&b, "%*s%-9s ", indent, "", "signals");
		buf_reset(&cells);
		sig_add_grid_ruler(&cells);
		if (two)
			cells.data[sig_grid_column(33) - 1] = '\0';
		buf_adds(&b, cells.data);
		dl_add(dl, ROLE_TITLE, NULL, "%s", b.data);
		if (two)
			dl_add(dl, ROLE_TITLE, NULL, "%*s%s", pad, "", cells.data + sig_grid_column(33));
	}
	for (i = 0; i < nitems(rows); i++) {
		if ((r = desc_find_child(n, rows[i].field)) == NULL)
			continue;
		mask = sig_mask_of(r);
		any |= mask;
		buf_reset(&cells);
		sig_add_grid_row(&cells, mask, rows[i].mark);
		buf_reset(&key);
		buf_printf(&key, "sg:%s:%s", owner, rows[i].field);
		hl = changed_cells(t, key.data, cells.data, now);
		for (half = 0; half < (two ? 2u : 1u); half++) {
			buf_reset(&b);
			buf_printf(&b, "%*s  %-7s ", indent, "", half == 0 ? rows[i].label : "");
			buf_reset(&hlb);
			buf_printf(&hlb, "%*s", (int)b.len, "");
			if (!two)
				buf_adds(&b, cells.data);
			else if (half == 0)
				buf_add(&b, cells.data, (size_t)sig_grid_column(33) - 1);
			else
				buf_adds(&b, cells.data + sig_grid_column(33));
			if (hl != NULL) {
				if (!two)
					buf_adds(&hlb, hl);
				else if (half == 0)
					buf_add(&hlb, hl, (size_t)sig_grid_column(33) - 1);
				else
					buf_adds(&hlb, hl + sig_grid_column(33));
			}
			dl_add(dl, ROLE_NORMAL, NULL, "%s", b.data);
			if (hl != NULL)
				dl->v[dl->n - 1].hl = xstrdup(hlb.data);
		}
	}
	/* The signals that appear, each with its default action. */
	buf_reset(&b);
	for (sig = 1; sig <= 64; sig++) {
		if (!(any & (1ULL << (sig - 1))) || (sig > SIGSYS && sig < SIGRTMIN))
			continue;
		if (b.len == 0)
			buf_printf(&b, "%*s  ", indent, "");
		else
			buf_adds(&b, "  ");
		buf_printf(&b, "%s %s", sig_name(sig) + 3, sig_action_short(sig_default_action(sig)));
	}
	if (b.len > 0)
		dl_add(dl, ROLE_DIM, NULL, "%s", b.data);
	if ((c = desc_find_child(n, "sigq")) != NULL) {
		buf_reset(&b);
		buf_printf(&b, "%*s  sigq    %lld of %lld queued for uid %lld",
		    indent, "", (long long)desc_find_child(c, "queued")->num,
		    (long long)desc_find_child(c, "limit")->num,
		    (long long)desc_find_child(c, "uid")->num);
		buf_reset(&key);
		buf_printf(&key, "sg:%s:sigq", owner);
		dl_add(dl, ROLE_NORMAL, key.data, "%s", b.data);
	}
	/* The last few received, newest last. */
	if ((r = desc_find_child(n, "received")) != NULL && r->first != NULL) {
		for (shown = 0, c = r->first; c != NULL; c = c->next)
			shown++;
		dl_add(dl, ROLE_TITLE, NULL, "%*s  received (%lld in all)", indent, "",
		    (long long)desc_find_child(n, "taken")->num);
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
	buf_free(&cells);
	buf_free(&key);
	buf_free(&hlb);
}

static void
detail_node(struct tui *t, struct dlines *dl, const struct object *o, const char *owner,
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
	case DESC_GROUP:
		if (o == NULL && n->parent != NULL && n->parent->parent == NULL &&
		    strcmp(n->name, "signals") == 0) {
			signal_grid(t, dl, owner, n, indent, width, now);
			break;
		}
		dl_add(dl, ROLE_TITLE, NULL, "%*s%s", indent, "", n->name);
		for (c = n->first; c != NULL; c = c->next)
			detail_node(t, dl, o, owner, c, indent + 2, width, now);
		break;
	default:
		buf_printf(&b, "%*s%-9s ", indent, "", n->name);
		desc_add_value(&b, n);
		dl_add(dl, n->type == DESC_WORD && n->str != NULL &&
		    (strcmp(n->str, "blocked") == 0) ? ROLE_BLOCKED :
		    n->type == DESC_WORD && n->str != NULL && n->str[0] == 'E' &&
		    strcmp(n->name, "errno") == 0 ? ROLE_ERROR : ROLE_NORMAL, key.data, "%s", b.data);
		break;
	}
	buf_free(&b);
	buf_free(&key);
}

static void
draw_detail(struct tui *t, int64_t now)
{
	struct rect		 r = r_detail;
	struct actor		*a = NULL;
	struct object		*o = NULL;
	struct desc		*d;
	struct desc_node	*n, *sum;
	struct dlines		 dl = { NULL, 0 };
	char			 title[128], owner[80];
	size_t			 i;
	int			 y, rows = r.h - 2, first;
	enum role		 role;

	if (t->detail_of == PANE_OBJECTS)
		o = tui_selected_object(t);
	else
		a = tui_selected_actor(t);
	if (o == NULL && a == NULL) {
		draw_box(r, "Detail", t->focus == PANE_DETAIL);
		theme_set(ROLE_DIM);
		draw_text(r.y + 1, r.x + 2, r.w - 4, "select an actor or an object");
		theme_set(ROLE_NORMAL);
		return;
	}
	d = desc_new();
	if (o != NULL) {
		o->mech->describe(o, d, DETAIL_FULL);
		snprintf(title, sizeof title, "%s: %s", o->name, o->mech->name);
		snprintf(owner, sizeof owner, "%s", o->name);
	} else {
		lab_describe_actor(a, d, DETAIL_FULL);
		snprintf(title, sizeof title, "%s: %s", a->name, a->is_thread ? "thread" : "actor");
		snprintf(owner, sizeof owner, "%s", a->name);
	}
	draw_box(r, title, t->focus == PANE_DETAIL);
	sum = desc_find(d, "summary");
	if (sum != NULL)
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
	/* Scroll: detail_scroll is 0 or negative (lines from the top). */
	first = -t->detail_scroll;
	if (first > (int)dl.n - rows)
		first = (int)dl.n - rows;
	if (first < 0)
		first = 0;
	t->detail_scroll = -first;
	for (i = (size_t)first, y = r.y + 1; i < dl.n && y < r.y + r.h - 1; i++, y++) {
		role = dl.v[i].role;
		if (dl.v[i].key != NULL && changed(t, dl.v[i].key, dl.v[i].text, now) &&
		    (role == ROLE_NORMAL || role == ROLE_GAUGE))
			role = ROLE_CHANGED;
		theme_set(role);
		draw_text(y, r.x + 2, r.w - 3, dl.v[i].text);
		if (dl.v[i].hl != NULL)
			draw_highlights(y, r.x + 2, r.w - 3, dl.v[i].text, dl.v[i].hl);
	}
	theme_set(ROLE_DIM);
	if (first > 0)
		draw_text(r.y, r.x + r.w - 3, 1, glyph_up());
	if ((size_t)first + (size_t)rows < dl.n)
		draw_text(r.y + r.h - 1, r.x + r.w - 3, 1, glyph_down());
	theme_set(ROLE_NORMAL);
	for (i = 0; i < dl.n; i++) {
		free(dl.v[i].text);
		free(dl.v[i].key);
		free(dl.v[i].hl);
	}
	free(dl.v);
	desc_free(&d);
}

static enum role
record_role(const struct record *r)
{
	if (r->level == REC_ERROR)
		return ROLE_ERROR;
	if (strcmp(r->type, "blocked") == 0)
		return ROLE_BLOCKED;
	if (strcmp(r->type, "exit") == 0 || strcmp(r->type, "stop") == 0 ||
	    strcmp(r->type, "continue") == 0 || strcmp(r->type, "reap") == 0 ||
	    (r->who != NULL && strcmp(r->who, "lab") == 0))
		return ROLE_SIGNAL;
	if (strcmp(r->type, "expect") == 0)
		return ROLE_GOOD;
	if (strcmp(r->type, "job") == 0 || strcmp(r->type, "spawn") == 0)
		return ROLE_DIM;
	return ROLE_NORMAL;
}

static void
draw_log(struct tui *t)
{
	struct rect		 r = r_log;
	const struct record	*rec;
	struct lab		*lab = t->lab;
	char			 title[64];
	int			 rows = r.h - 2, y, skip = t->log_scroll, nl, line;
	size_t			 i;
	const char		*s, *e;
	struct buf		 b;

	snprintf(title, sizeof title, t->log_scroll == 0 ? "Log" : "Log (scrolled back: End follows)");
	draw_box(r, title, t->focus == PANE_LOG);
	buf_init(&b);
	y = r.y + r.h - 2;
	/* Newest at the bottom; a record of several lines takes several.
	 * Any other is one line: draw_text shows a newline in it as \n. */
	for (i = lab->log.count; i > 0 && y > r.y; i--) {
		rec = record_get(&lab->log, i - 1);
		nl = 1;
		for (s = rec->text; *s != '\0' && record_multiline(rec); s++)
			nl += *s == '\n';
		for (line = nl - 1; line >= 0 && y > r.y; line--) {
			if (skip > 0) {
				skip--;
				continue;
			}
			s = rec->text;
			for (int k = 0; k < line; k++)
				s = strchr(s, '\n') + 1;
			e = nl > 1 ? strchr(s, '\n') : NULL;
			buf_reset(&b);
			if (line == 0)
				buf_printf(&b, "%8.3f %-8s ", (double)rec->time_ns / NS_PER_S,
				    rec->who != NULL ? rec->who : "");
			else
				buf_printf(&b, "%8s %-8s ", "", "");
			buf_add(&b, s, e != NULL ? (size_t)(e - s) : strlen(s));
			theme_set(record_role(rec));
			draw_text(y, r.x + 1, r.w - 2, b.data);
			y--;
		}
	}
	if (skip > 0)	/* scrolled past the oldest */
		t->log_scroll -= skip;
	(void)rows;
	theme_set(ROLE_NORMAL);
	buf_free(&b);
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
	static const char *const normal[] = {
		"Tab", " pane", "\xe2\x86\x91\xe2\x86\x93", " move", "Enter", " calls",
		":", " command", "k", " signal", "s", " spawn", "n", " new", "?", " help",
		"q", " quit", NULL,
	};
	static const char *const normal_ascii[] = {
		"Tab", " pane", "Up/Dn", " move", "Enter", " calls", ":", " command",
		"k", " signal", "s", " spawn", "n", " new", "?", " help", "q", " quit", NULL,
	};
	static const char *const cmd[] = {
		"Enter", " run", "Tab", " complete", "Up/Dn", " history", "Esc", " leave", NULL,
	};
	static const char *const menu[] = {
		"Up/Dn", " choose", "Enter", " run", "Esc", " close", NULL,
	};
	static const char *const help[] = {
		"Up/Dn", " scroll", "any other key", " closes", NULL,
	};
	char	 right[96];
	int	 y = t->rows - 2, rw, used;

	theme_set(ROLE_NORMAL);
	mvhline(y, 0, ' ', t->cols);
	if (t->cmd_active)
		used = draw_keys(y, 0, t->cols, cmd);
	else if (t->overlay == OVERLAY_MENU)
		used = draw_keys(y, 0, t->cols, menu);
	else if (t->overlay == OVERLAY_HELP)
		used = draw_keys(y, 0, t->cols, help);
	else
		used = draw_keys(y, 0, t->cols, t->utf8 ? normal : normal_ascii);
	/* The counts, where the keys leave room. */
	snprintf(right, sizeof right, "%zu actors %zu objects %zu jobs ",
	    t->lab->nactors, t->lab->nobjects, t->lab->njobs);
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

static void
draw_help(struct tui *t)
{
	struct rect	 r;
	struct buf	 b;
	const char	*s, *e;
	int		 y, skip, lines = 0;

	r.h = t->rows - 4;
	r.w = t->cols - 6;
	r.y = 1;
	r.x = 3;
	theme_set(ROLE_NORMAL);
	for (y = 0; y < r.h; y++)
		mvhline(r.y + y, r.x, ' ', r.w);
	draw_box(r, "Help: ipcscope, a laboratory for Linux IPC", true);
	buf_init(&b);
	keys_add_help(&b);
	for (s = b.data; *s != '\0'; s++)
		lines += *s == '\n';
	if (t->help_scroll > lines - (r.h - 2))
		t->help_scroll = lines - (r.h - 2) > 0 ? lines - (r.h - 2) : 0;
	skip = t->help_scroll;
	for (s = b.data, y = r.y + 1; *s != '\0' && y < r.y + r.h - 1; s = e + 1) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		if (skip > 0) {
			skip--;
		} else {
			char *one = xstrndup(s, (size_t)(e - s));

			theme_set(strncmp(one, "  ", 2) != 0 ? ROLE_TITLE : ROLE_NORMAL);
			draw_text(y++, r.x + 2, r.w - 4, one);
			free(one);
		}
		if (*e == '\0')
			break;
	}
	theme_set(ROLE_NORMAL);
	buf_free(&b);
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

void
draw_frame(struct tui *t)
{
	int64_t	 start = now_ns();

	/* Drawn from the lab's latest sample of the kernel (its tick, or
	 * the event that changed something), not read again here. */
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
	sample_now = false;
	t->frame_ns = now_ns() - start;
}
