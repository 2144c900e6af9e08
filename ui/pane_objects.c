/* pane_objects.c: the objects pane: each object's row its kind and its
 * fill (a gauge, its sparkline, who writes and who reads) or its own
 * summary; an object health points something out about is marked "!". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "pane.h"
#include "sample.h"
#include "spark.h"
#include "theme.h"

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

void
pane_objects(struct tui *t, struct rect r, int64_t now)
{
	const struct sample	*s = t->sample;
	const struct desc_node	*kind, *gauge, *state, *sum;
	struct buf		 line, key, flow;
	char			 title[64];
	size_t			 i, n = s->nobjects, sel, first;
	int			 y, spark;
	enum role		 role;

	snprintf(title, sizeof title, "Objects (%zu)", n);
	list_begin(r, title, t->focus == PANE_OBJECTS, t->sel_object, sizeof t->sel_object,
	    t->object_rows, n, s->snapshot != NULL ? "none in the snapshot" : "none yet: n makes one",
	    &sel, &first);
	buf_init(&line);
	buf_init(&key);
	buf_init(&flow);
	for (i = first, y = r.y + 1; i < n && y < r.y + r.h - 1; i++, y++) {
		const struct sample_object	*o = &s->objects[i];
		struct desc			*d = o->desc;
		bool				 health;

		kind = d != NULL ? pane_text_field(d, "kind") : NULL;
		gauge = d != NULL ? spark_gauge(d) : NULL;
		state = d != NULL ? pane_text_field(d, "state") : NULL;
		sum = d != NULL ? pane_text_field(d, "summary") : NULL;
		health = d != NULL && desc_find(d, "health") != NULL;
		buf_reset(&line);
		buf_printf(&line, "%-8s %-7s %s%s", o->name, kind != NULL ? kind->str : o->mech,
		    health ? "! " : "", o->observed ? "observed, " : "");
		role = ROLE_NORMAL;
		if (gauge != NULL && gauge->max > 0) {
			spark_add_size(&line, gauge->num);
			buf_addc(&line, '/');
			spark_add_size(&line, gauge->max);
			buf_addc(&line, ' ');
			/* Who writes and reads matters more than the
			 * sparkline: it gets the room that is left. */
			buf_reset(&flow);
			buf_add(&flow, "", 0);	/* a string, if no flow */
			add_flow(&flow, d);
			spark = r.w - 2 - text_cols(line.data) - 1 - text_cols(flow.data);
			if (spark >= 3) {
				spark_add(&line, spark_history(&t->hists, o->key), spark < 8 ? (size_t)spark : 8);
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
		else if (memo_changed(&t->memos, key.data, gauge != NULL && sum != NULL ? sum->str : line.data,
		    now) && role == ROLE_NORMAL)
			role = ROLE_CHANGED;
		if (health && role != ROLE_SELECTED)
			role = ROLE_ERROR;
		theme_set(role);
		mvhline(y, r.x + 1, ' ', r.w - 2);
		draw_text_cut(y, r.x + 1, r.w - 2, line.data);
	}
	theme_set(ROLE_NORMAL);
	buf_free(&line);
	buf_free(&key);
	buf_free(&flow);
}
