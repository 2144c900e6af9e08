/* pane_topology.c: the topology, in the detail pane's place (T): a row
 * for each object in the middle, the actors that put into it on its left
 * with arrows into it, those that take from it on its right with arrows
 * out to them; mappings, locks held and waited for beside it; the
 * sockets connected to each other below; then the actors that hold
 * nothing. A blocked actor is marked "!" and the tie it sleeps through
 * drawn in the blocked colour. Drawn from the sample's links alone. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "pane.h"
#include "sample.h"
#include "spark.h"
#include "theme.h"

#define OBJ_MIN		12	/* columns of the object's box, at least */

struct glyphs {
	const char	*line, *dline, *right, *left, *bar;
};

/* The columns a row is cut into: names, arrows, the box, arrows, names. */
struct cols {
	int	 w;		/* the row */
	int	 lname, larrow;	/* the left side's name and arrow widths */
	int	 box;		/* where the box starts, and its width */
	int	 boxw;
	int	 rarrow;	/* where the right side's arrow starts */
	int	 rname;		/* ...and its name */
};

/* An object's fill (its first gauge), if it has one the sample holds. */
static const struct desc_node *
fill_of(const struct sample_object *o)
{
	const struct desc_node	*gauge = o->desc != NULL ? spark_gauge(o->desc) : NULL;

	return gauge != NULL && gauge->max > 0 ? gauge : NULL;
}

/* "!B" for a blocked actor, "~cat-42" for an observed one; cut to most
 * columns with a "~" at the end of what was cut. */
static char *
actor_label(const char *name, const char *host, bool blocked, bool observed, int most)
{
	char	*s = xasprintf("%s%s%s%s%s", blocked ? "!" : "", observed ? "~" : "", name,
		    host != NULL ? "@" : "", host != NULL ? host : "");
	int	 len = (int)strlen(s);

	if (most < 1)
		most = 1;
	if (len > most) {
		s[most - 1] = '+';
		s[most] = '\0';
	}
	return s;
}

/* An arrow over [x, x + len): a line (double for a mapping) with the
 * label in its middle, as much as fits, and heads where it points. */
static void
put_arrow(struct cell *row, int w, int x, int len, const char *label, bool dbl, bool head_left,
    bool head_right, const struct glyphs *g, enum role role)
{
	int	 i, llen = (int)strlen(label), room = len - 4;

	if (len < 2)
		return;
	for (i = 0; i < len; i++)
		cells_glyph(row, w, x + i, dbl ? g->dline : g->line, role);
	if (head_left)
		cells_glyph(row, w, x, g->left, role);
	if (head_right)
		cells_glyph(row, w, x + len - 1, g->right, role);
	if (room <= 0 || llen == 0)
		return;
	if (llen > room)
		llen = room;
	cells_glyph(row, w, x + 1 + (room - llen) / 2, " ", role);
	cells_text(row, w, x + 2 + (room - llen) / 2, llen, label, role);
	cells_glyph(row, w, x + 2 + (room - llen) / 2 + llen, " ", role);
}

/* What a tie says on its arrow: the call it sleeps in, else its end
 * and descriptor, or how it maps or locks. */
static char *
link_label(const struct sample_link *k)
{
	const char	*how = k->how != NULL ? k->how : "";
	const char	*sep = k->end[0] != '\0' && how[0] != '\0' ? " " : "";

	switch (k->kind) {
	case LINK_MAPS:
		return xasprintf("maps %s", how);
	case LINK_LOCKS:
		return xasprintf("holds %s", how);
	case LINK_WAITS:
		if (k->call != NULL && how[0] == '\0')
			return xasprintf("%s", k->call);
		return xasprintf("waits %s", how);
	default:
		if (k->blocked && k->call != NULL)
			return xasprintf("%s %s%s%s", k->call, k->end, sep, how);
		return xasprintf("%s%s%s", k->end, sep, how);
	}
}

/* Whether a tie is drawn on the object's left: what puts into it, a lock
 * held; a tie both ways or a mapping where there are fewer so far. */
static bool
link_left(const struct sample_link *k, int nleft, int nright)
{
	switch (k->kind) {
	case LINK_PUTS:
	case LINK_LOCKS:
		return true;
	case LINK_TAKES:
		return false;
	case LINK_WAITS:
		return k->flow == FLOW_PUTS;
	default:
		return nleft <= nright;
	}
}

/* The host an actor of the sample is on, or NULL: the machine's own. */
static const char *
actor_host(const struct sample *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->nactors; i++) {
		if (strcmp(s->actors[i].name, name) == 0)
			return s->actors[i].host;
	}
	return NULL;
}

/* A tie on the left: the actor's name against its arrow, which points
 * into the box for what puts into it. */
static void
put_left(struct cell *row, const struct cols *c, const struct sample *s,
    const struct sample_link *k, const struct glyphs *g)
{
	enum role	 role = k->blocked ? ROLE_BLOCKED : k->kind == LINK_MAPS ? ROLE_GOOD :
			    ROLE_NORMAL;
	char		*name = actor_label(k->actor, actor_host(s, k->actor), k->blocked,
			    k->observed, c->lname);
	char		*label = link_label(k);
	int		 len = (int)strlen(name);

	cells_text(row, c->w, c->lname - len, len, name, k->blocked ? ROLE_BLOCKED : ROLE_TITLE);
	put_arrow(row, c->w, c->lname + 1, c->larrow - 2, label, k->kind == LINK_MAPS,
	    k->kind == LINK_HOLDS, k->kind == LINK_PUTS || k->kind == LINK_HOLDS ||
	    k->kind == LINK_WAITS, g, role);
	free(name);
	free(label);
}

/* A tie on the right: an arrow out of the box to what takes from it,
 * into the box from what waits for it. */
static void
put_right(struct cell *row, const struct cols *c, const struct sample *s,
    const struct sample_link *k, const struct glyphs *g)
{
	enum role	 role = k->blocked ? ROLE_BLOCKED : k->kind == LINK_MAPS ? ROLE_GOOD :
			    ROLE_NORMAL;
	char		*name = actor_label(k->actor, actor_host(s, k->actor), k->blocked,
			    k->observed, c->w - c->rname);
	char		*label = link_label(k);
	bool		 in = k->kind == LINK_WAITS && k->flow != FLOW_TAKES;

	put_arrow(row, c->w, c->rarrow, c->rname - c->rarrow - 1, label, k->kind == LINK_MAPS,
	    in || k->kind == LINK_HOLDS, k->kind == LINK_TAKES || k->kind == LINK_HOLDS ||
	    (k->kind == LINK_WAITS && !in), g, role);
	cells_text(row, c->w, c->rname, c->w - c->rname, name,
	    k->blocked ? ROLE_BLOCKED : ROLE_TITLE);
	free(name);
	free(label);
}

/* The box's row: its bars, and on its first row the object's name and
 * kind. */
static void
put_box(struct cell *row, const struct cols *c, const struct sample_object *o, int y,
    const struct glyphs *g)
{
	const struct desc_node	*gauge;
	char			*text;

	cells_glyph(row, c->w, c->box, g->bar, ROLE_BORDER);
	cells_glyph(row, c->w, c->box + c->boxw - 1, g->bar, ROLE_BORDER);
	/* Its fill under its name, as the objects pane shows it. */
	if (y == 1 && (gauge = fill_of(o)) != NULL) {
		struct buf	 b;

		buf_init(&b);
		spark_add_size(&b, gauge->num);
		buf_addc(&b, '/');
		spark_add_size(&b, gauge->max);
		cells_text(row, c->w, c->box + 2, c->boxw - 4, b.data,
		    gauge->num >= gauge->max ? ROLE_ERROR : ROLE_DIM);
		buf_free(&b);
	}
	if (y != 0)
		return;
	text = xasprintf("%s %s", o->name != NULL ? o->name : "?", o->mech);
	cells_text(row, c->w, c->box + 2, c->boxw - 4, text, ROLE_TITLE);
	if ((int)strlen(text) > c->boxw - 4 && c->boxw > 4)
		cells_text(row, c->w, c->box + c->boxw - 3, 1, "+", ROLE_TITLE);
	free(text);
}

static void
cols_make(struct cols *c, const struct sample *s, int w)
{
	size_t	 i;
	int	 want = OBJ_MIN, side;

	for (i = 0; i < s->nobjects && i < s->want_links; i++) {
		if (s->objects[i].name != NULL &&
		    (int)(strlen(s->objects[i].name) + strlen(s->objects[i].mech)) + 5 > want)
			want = (int)(strlen(s->objects[i].name) + strlen(s->objects[i].mech)) + 5;
	}
	if (want > w / 3)
		want = w / 3;
	c->w = w;
	c->boxw = want;
	side = (w - want) / 2;
	/* The names as wide as the longest (with its marks), the arrows
	 * the rest, so that their labels fit. */
	c->lname = 4;
	for (i = 0; i < s->nlinks; i++) {
		if ((int)strlen(s->links[i].actor) + 2 > c->lname)
			c->lname = (int)strlen(s->links[i].actor) + 2;
	}
	if (c->lname > side * 2 / 5)
		c->lname = side * 2 / 5;
	c->larrow = side - c->lname;
	c->box = side;
	c->rarrow = side + want + 1;
	c->rname = c->rarrow + c->larrow - 1;
}

/* How many rows object i takes: its longer side, one at least. */
static int
object_rows(const struct sample *s, size_t i)
{
	size_t	 j;
	int	 nleft = 0, nright = 0, n;

	for (j = 0; j < s->nlinks; j++) {
		if (s->links[j].object != i)
			continue;
		if (link_left(&s->links[j], nleft, nright))
			nleft++;
		else
			nright++;
	}
	n = nleft > nright ? nleft : nright;
	/* A row for its name, and one for its fill if it has one. */
	return n > (fill_of(&s->objects[i]) != NULL ? 2 : 1) ? n :
	    fill_of(&s->objects[i]) != NULL ? 2 : 1;
}

/* Object i's rows into rows (most of them), its ties placed as they
 * come on the side each belongs to. */
static void
object_draw(struct cell *rows, int most, const struct cols *c, const struct sample *s,
    size_t i, const struct glyphs *g)
{
	size_t	 j;
	int	 nleft = 0, nright = 0, n = object_rows(s, i), y;

	for (y = 0; y < n && y < most; y++) {
		cells_clear(&rows[y * c->w], c->w);
		put_box(&rows[y * c->w], c, &s->objects[i], y, g);
	}
	for (j = 0; j < s->nlinks; j++) {
		if (s->links[j].object != i)
			continue;
		if (link_left(&s->links[j], nleft, nright)) {
			if (nleft < most)
				put_left(&rows[nleft * c->w], c, s, &s->links[j], g);
			nleft++;
		} else {
			if (nright < most)
				put_right(&rows[nright * c->w], c, s, &s->links[j], g);
			nright++;
		}
	}
}

/* Two sockets connected: "sp.a ◀══ connected ══▶ sp.b", the line over
 * the boxes' column. */
static void
peer_draw(struct cell *row, const struct cols *c, const struct sample_peer *p,
    const struct glyphs *g)
{
	int	 len = (int)strlen(p->a_end);

	cells_clear(row, c->w);
	if (len > c->box - 1)
		len = c->box - 1;
	cells_text(row, c->w, c->box - 1 - len, len, p->a_end, ROLE_TITLE);
	put_arrow(row, c->w, c->box, c->boxw, "connected", true, true, true, g, ROLE_GOOD);
	cells_text(row, c->w, c->box + c->boxw + 1, c->w - c->box - c->boxw - 1, p->b_end,
	    ROLE_TITLE);
}

static bool
actor_linked(const struct sample *s, const char *name)
{
	size_t	 j;

	for (j = 0; j < s->nlinks; j++) {
		if (strcmp(s->links[j].actor, name) == 0)
			return true;
	}
	return false;
}

/* The processes that hold nothing shown, in one row: "holding nothing:
 * C, !D", and how many did not fit. */
static void
idle_draw(struct cell *row, int w, const struct sample *s)
{
	struct buf	 b;
	size_t		 i, shown = 0, more = 0;
	char		*tail;

	buf_init(&b);
	buf_adds(&b, "holding nothing:");
	for (i = 0; i < s->nactors; i++) {
		const struct sample_actor	*a = &s->actors[i];
		size_t				 len = b.len;

		if (a->is_thread || a->ended || actor_linked(s, a->name))
			continue;
		buf_printf(&b, "%s %s%s%s%s%s", shown > 0 ? "," : "", a->blocked ? "!" : "",
		    a->observed ? "~" : "", a->name, a->host != NULL ? "@" : "",
		    a->host != NULL ? a->host : "");
		if ((int)b.len > w - 12) {
			b.len = len;
			b.data[len] = '\0';
			more++;
		} else
			shown++;
	}
	cells_clear(row, w);
	if (shown + more > 0) {
		tail = more > 0 ? xasprintf("%s and %zu more", b.data, more) : xstrdup(b.data);
		cells_text(row, w, 0, w, tail, ROLE_DIM);
		free(tail);
	}
	buf_free(&b);
}

static void
glyphs_pick(struct glyphs *g, bool utf8)
{
	if (utf8)
		*g = (struct glyphs){ "\xe2\x94\x80", "\xe2\x95\x90", "\xe2\x96\xb6",
		    "\xe2\x97\x80", "\xe2\x94\x83" };
	else
		*g = (struct glyphs){ "-", "=", ">", "<", "|" };
}

static bool
any_idle(const struct sample *s)
{
	size_t	 i;

	for (i = 0; i < s->nactors; i++) {
		if (!s->actors[i].is_thread && !s->actors[i].ended &&
		    !actor_linked(s, s->actors[i].name))
			return true;
	}
	return false;
}

void
pane_topology(struct tui *t, struct rect r, int64_t now)
{
	const struct sample	*s = t->sample;
	struct glyphs		 g;
	struct cols		 c;
	struct cell		*rows;
	size_t			 i, nobj, drawn = 0, p;
	int			 w = r.w - 2, h = r.h - 2, y = 0, n, k, tail;
	char			 legend[160];

	(void)now;
	draw_box(r, "Topology: who holds what (T: the detail again)", t->focus == PANE_DETAIL);
	if (s == NULL || w < 30 || h < 1)
		return;
	glyphs_pick(&g, t->utf8);
	nobj = s->nobjects < s->want_links ? s->nobjects : s->want_links;
	if (nobj == 0 && s->nactors == 0) {
		theme_set(ROLE_DIM);
		draw_text(r.y + 1, r.x + 2, w - 2, "nothing yet: the actors and the objects they "
		    "hold are drawn here, writers on the left, readers on the right");
		theme_set(ROLE_NORMAL);
		return;
	}
	cols_make(&c, s, w);
	rows = xcalloc((size_t)w * (size_t)(h + 1), sizeof *rows);
	if (h >= 8) {
		/* The legend, shorter where the pane is narrow; none where
		 * even that does not fit. */
		snprintf(legend, sizeof legend, "puts %s%s object %s%s takes   %s%s maps   "
		    "!blocked  ~observed", g.line, g.right, g.line, g.right, g.dline, g.dline);
		if (text_cols(legend) > w)
			snprintf(legend, sizeof legend, "%s%s maps  !blocked  ~observed", g.dline,
			    g.dline);
		if (text_cols(legend) <= w) {
			theme_set(ROLE_DIM);
			draw_text(r.y + 1, r.x + 1 + (w - text_cols(legend)) / 2, w, legend);
			theme_set(ROLE_NORMAL);
			y = 2;
		}
	}
	/* What goes below the objects: the connections, the idle ones. */
	tail = (int)s->npeers + (any_idle(s) ? 1 : 0);
	if (tail > (h - y) / 2)
		tail = (h - y) / 2;
	for (i = 0; i < nobj; i++) {
		n = object_rows(s, i);
		if (y + n > h - tail && drawn > 0)
			break;
		object_draw(rows, h - tail - y, &c, s, i, &g);
		for (k = 0; k < n && y < h - tail; k++, y++)
			cells_draw(&rows[k * w], w, r.y + 1 + y, r.x + 1);
		drawn++;
	}
	for (p = 0; p < s->npeers && y < h; p++, y++) {
		peer_draw(rows, &c, &s->peers[p], &g);
		cells_draw(rows, w, r.y + 1 + y, r.x + 1);
	}
	if (any_idle(s) && y < h) {
		idle_draw(rows, w, s);
		cells_draw(rows, w, r.y + 1 + y, r.x + 1);
	}
	if (drawn < s->nobjects)
		draw_more(r, false, s->nobjects - drawn);
	free(rows);
}
