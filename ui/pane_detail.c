/* pane_detail.c: the detail pane: the selected actor or object whole,
 * as its description's fields, each drawn by its type (a gauge with
 * its history, bytes as hex and text, lists, groups, an actor's signal
 * sets as a grid, byte ranges as a ruler), wrapped and scrolled; the
 * lines whose text changed lately in colour. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "sample.h"
#include "spark.h"
#include "theme.h"
#include "widgets.h"
#include "wrap.h"

/* Words that mean nothing without their name on a line of others
 * ("last_pid A", not a bare "A" after the counts). */
static bool
labelled(const char *name)
{
	static const char *const names[] = { "last_pid", "ops", "waits_for", "from", "value",
		"addr", "status", "nested", "slow", "hidden", NULL };
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
	widget_signal_grid(&t->memos, dl, owner, n, indent, width, now);
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
			spark_add(&b, spark_history(&t->hists, o), HIST_LEN);
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

void
pane_detail(struct tui *t, struct rect r, int64_t now)
{
	const struct sample_item *it = &t->sample->full;
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

	if (!it->found || d == NULL) {
		draw_box(r, "Detail", t->focus == PANE_DETAIL);
		theme_set(ROLE_DIM);
		draw_text(r.y + 1, r.x + 2, r.w - 4, "select an actor or an object");
		theme_set(ROLE_NORMAL);
		return;
	}
	snprintf(title, sizeof title, "%s: %s", it->name, it->kind);
	draw_box(r, title, t->focus == PANE_DETAIL);
	if ((sum = pane_text_field(d, "summary")) != NULL)
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
			if (l->key != NULL && memo_changed(&t->memos, l->key, l->text, now) &&
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
