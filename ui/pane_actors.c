/* pane_actors.c: the actors pane: every process and thread as a tree,
 * each row its pid or tid, its state (what it is blocked in and on) and
 * its descriptors that lead to the lab's objects; a process that health
 * points something out in is marked "!" (its details say what). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "list.h"
#include "pane.h"
#include "sample.h"
#include "theme.h"

/* The state part of an actor's row. */
static enum role
actor_row_state(const struct sample_actor *a, struct buf *b)
{
	struct desc_node	*call = desc_find(a->desc, "call"), *on = desc_find(a->desc, "on");
	struct desc_node	*hidden = desc_find(a->desc, "hidden");
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
		else if (hidden != NULL && hidden->str != NULL)
			buf_printf(b, " (its call: %s)", hidden->str);
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

	/* Another user's process: why its descriptors are not shown. */
	if (d != NULL && (fds = desc_find(d, "fds_hidden")) != NULL && fds->str != NULL)
		buf_printf(b, "fds: %s", fds->str);
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
		else if (desc_find_child(item, "slow") != NULL)
			buf_adds(b, ":slow");	/* its filesystem did not answer */
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
actor_prefixes(const struct sample *s)
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
			buf_adds(&b, lastat[level] ? "  " : glyph_tree_line());
		if (depth > 0)
			buf_adds(&b, s->actors[i].last ? glyph_tree_last() : glyph_tree_mid());
		lastat[depth] = s->actors[i].last;
		prefixes[i] = xstrdup(b.data);
	}
	buf_free(&b);
	free(lastat);
	return prefixes;
}

void
pane_actors(struct tui *t, struct rect r, int64_t now)
{
	const struct sample	*s = t->sample;
	struct buf		 line, state, fds, key;
	char			**prefixes, title[64];
	size_t			 i, n = s->nactors, sel, first, threads;
	int			 y, col, namew;
	enum role		 role;

	prefixes = actor_prefixes(s);
	/* Processes, and the threads they started, each counted as what it
	 * is: "Actors (3 + 2 threads)". */
	for (i = 0, threads = 0; i < n; i++)
		threads += s->actors[i].is_thread;
	if (threads == 0)
		snprintf(title, sizeof title, "Actors (%zu)", n);
	else
		snprintf(title, sizeof title, "Actors (%zu + %zu thread%s)", n - threads, threads,
		    threads == 1 ? "" : "s");
	list_begin(r, title, t->focus == PANE_ACTORS, t->sel_actor, sizeof t->sel_actor,
	    t->actor_rows, n, s->snapshot != NULL ? "none in the snapshot" : "none yet: s spawns one",
	    &sel, &first);
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
		const char			*host;
		bool				 health;

		buf_reset(&state);
		buf_reset(&fds);
		role = a->desc != NULL ? actor_row_state(a, &state) : ROLE_DIM;
		add_actor_fds(&fds, a->desc);
		health = a->desc != NULL && desc_find(a->desc, "health") != NULL;
		if (health && role != ROLE_DIM)
			role = ROLE_ERROR;
		/* A process on a host says which; its threads go without. */
		host = a->is_thread ? NULL : a->host;
		buf_reset(&line);
		buf_printf(&line, "%s%-*s %6d %s%s%s%s%s%s", prefixes[i], namew - text_cols(prefixes[i]),
		    a->name, (int)(a->is_thread ? a->tid : a->pid), health ? "! " : "",
		    host != NULL ? "@" : "", host != NULL ? host : "", host != NULL ? " " : "",
		    a->observed ? "observed, " : "", state.len > 0 ? state.data : "");
		buf_reset(&key);
		buf_printf(&key, "a:%s", a->name);
		if (i == sel && t->detail_of == PANE_ACTORS)
			role = ROLE_SELECTED;
		else if (memo_changed(&t->memos, key.data, line.data, now) && role == ROLE_NORMAL)
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
	list_rows_free(prefixes, n);
	buf_free(&line);
	buf_free(&state);
	buf_free(&fds);
	buf_free(&key);
}
