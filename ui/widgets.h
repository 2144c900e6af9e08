/* widgets.h: the detail pane's lines, and the widgets for description
 * fields with a shape of their own: a group's signal sets (DESC_SIGSET)
 * as a grid, byte ranges (DESC_RANGES) as a ruler. Not for the core. */
#ifndef WIDGETS_H
#define WIDGETS_H

#include <stddef.h>
#include <stdint.h>

#include "desc.h"
#include "memo.h"
#include "theme.h"

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

void	 dl_add(struct dlines *, enum role, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	 dl_free(struct dlines *);

/* The signal sets among group's fields as a grid: a scale titled with
 * the group's name, a row per set with one cell per signal 1 to 64
 * (marked with the set name's initial: P pending, B blocked...), the
 * cells that changed since the last tick in colour, in two halves when
 * width is under 72 cells; then each signal in a set, with its default
 * action. owner keys the rows' memory of what they showed (memos).
 * Nothing if group holds no set. */
void	 widget_signal_grid(struct memos *, struct dlines *, const char *owner,
	    const struct desc_node *group, int indent, int width, int64_t now);
/* Byte ranges as a ruler: its name, the scale, a row per range. */
void	 widget_ruler(struct dlines *, const struct desc_node *, int indent);

#endif
