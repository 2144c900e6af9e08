/* widgets.c: the detail pane's lines, and the widgets drawn from field
 * types: the signal grid and the byte-range ruler (widgets.h). */
#include "config.h"

#include <ctype.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "signames.h"
#include "util.h"
#include "widgets.h"

void
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

void
dl_free(struct dlines *dl)
{
	size_t	 i;

	for (i = 0; i < dl->n; i++) {
		free(dl->v[i].text);
		free(dl->v[i].key);
		free(dl->v[i].hl);
	}
	free(dl->v);
	dl->v = NULL;
	dl->n = 0;
}

/* A set's row label: its name, but for the kernel's two pending sets,
 * which read as the thread's and the process's. */
static const char *
grid_label(const char *name)
{
	if (strcmp(name, "pending") == 0)
		return "thread";
	if (strcmp(name, "pending_process") == 0)
		return "process";
	return name;
}

void
widget_signal_grid(struct memos *memos, struct dlines *dl, const char *owner,
    const struct desc_node *group, int indent, int width, int64_t now)
{
	const struct desc_node	*c;
	const char		*hl;
	struct buf		 b, cells, key, hlb;
	uint64_t		 any = 0, libc = 0;
	size_t			 half, split = (size_t)desc_sigset_column(33);
	int			 sig, pad = indent + 10;
	bool			 two = width - pad < 72;

	for (c = group->first; c != NULL && c->type != DESC_SIGSET; c = c->next)
		;
	if (c == NULL)
		return;
	buf_init(&b);
	buf_init(&cells);
	buf_init(&key);
	buf_init(&hlb);
	/* The scale, in the title's colour; its second half on a line of
	 * its own when the rows are in two. */
	buf_printf(&b, "%*s%-9s ", indent, "", group->name != NULL ? group->name : "");
	desc_add_sigset_scale(&cells);
	if (two)
		cells.data[split - 1] = '\0';
	buf_adds(&b, cells.data);
	dl_add(dl, ROLE_TITLE, NULL, "%s", b.data);
	if (two)
		dl_add(dl, ROLE_TITLE, NULL, "%*s%s", pad, "", cells.data + split);
	for (c = group->first; c != NULL; c = c->next) {
		if (c->type != DESC_SIGSET || c->name == NULL)
			continue;
		any |= desc_sigset_of(c);
		libc |= (uint64_t)c->max;
		buf_reset(&cells);
		desc_add_sigset_cells(&cells, desc_sigset_of(c), (char)toupper((unsigned char)c->name[0]));
		buf_reset(&key);
		buf_printf(&key, "sg:%s:%s", owner, c->name);
		hl = memo_cells(memos, key.data, cells.data, now);
		for (half = 0; half < (two ? 2u : 1u); half++) {
			buf_reset(&b);
			buf_printf(&b, "%*s  %-7s ", indent, "", half == 0 ? grid_label(c->name) : "");
			buf_reset(&hlb);
			buf_printf(&hlb, "%*s", (int)b.len, "");
			if (!two)
				buf_adds(&b, cells.data);
			else if (half == 0)
				buf_add(&b, cells.data, split - 1);
			else
				buf_adds(&b, cells.data + split);
			if (hl != NULL) {
				if (!two)
					buf_adds(&hlb, hl);
				else if (half == 0)
					buf_add(&hlb, hl, split - 1);
				else
					buf_adds(&hlb, hl + split);
			}
			dl_add(dl, ROLE_NORMAL, NULL, "%s", b.data);
			if (hl != NULL)
				dl->v[dl->n - 1].hl = xstrdup(hlb.data);
		}
	}
	/* The signals that appear, each with its default action; not the
	 * C library's own. */
	buf_reset(&b);
	for (sig = 1; sig <= 64; sig++) {
		if (!(any & ~libc & (1ULL << (sig - 1))))
			continue;
		if (b.len == 0)
			buf_printf(&b, "%*s  ", indent, "");
		else
			buf_adds(&b, "  ");
		buf_printf(&b, "%s %s", sig_name(sig) + 3, sig_action_short(sig_default_action(sig)));
	}
	if (b.len > 0)
		dl_add(dl, ROLE_DIM, NULL, "%s", b.data);
	buf_free(&b);
	buf_free(&cells);
	buf_free(&key);
	buf_free(&hlb);
}

void
widget_ruler(struct dlines *dl, const struct desc_node *n, int indent)
{
	struct buf	 b;
	int64_t		 scale = desc_ranges_scale(n);
	size_t		 i;

	buf_init(&b);
	dl_add(dl, ROLE_TITLE, NULL, "%*s%s", indent, "", n->name != NULL ? n->name : "");
	buf_printf(&b, "%*s  ", indent, "");
	desc_add_ruler_scale(&b, scale);
	dl_add(dl, ROLE_NORMAL, NULL, "%s", b.data);
	for (i = 0; i < n->len; i++) {
		buf_reset(&b);
		buf_printf(&b, "%*s  ", indent, "");
		desc_add_ruler_row(&b, &n->ranges[i], scale);
		dl_add(dl, ROLE_NORMAL, NULL, "%s", b.data);
	}
	buf_free(&b);
}
