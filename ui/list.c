/* list.c: what the two lists share (list.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "theme.h"
#include "util.h"

void
list_rows_free(char **rows, size_t n)
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

/* The rows a list shows in its pane: the selection kept on a row that
 * exists, the selected row and the first one shown so that it stays in
 * view; how many rows fit. */
size_t
list_window(struct rect r, char *sel, size_t selsize, char **rows, size_t n, size_t *selp,
    size_t *firstp)
{
	size_t	 visible = r.h > 2 ? (size_t)(r.h - 2) : 1;

	fix_selection(sel, selsize, rows, n);
	*selp = row_index(rows, n, sel);
	*firstp = *selp >= visible ? *selp - visible + 1 : 0;
	return visible;
}

/* The part of the two lists that is the same: keep the selection on a
 * row that exists, draw the box, say what to do when it is empty, and
 * find the selected row and the first one shown so it stays in view. */
void
list_begin(struct rect r, const char *title, bool focused, char *sel, size_t selsize,
    char **rows, size_t n, const char *empty, size_t *selp, size_t *firstp)
{
	size_t	 visible = list_window(r, sel, selsize, rows, n, selp, firstp);

	draw_box(r, title, focused);
	if (n == 0) {
		theme_set(ROLE_DIM);
		draw_text(r.y + 1, r.x + 2, r.w - 4, empty);
		theme_set(ROLE_NORMAL);
	}
	/* A list longer than its pane says so, above and below. */
	draw_more(r, true, *firstp);
	draw_more(r, false, n > *firstp + visible ? n - *firstp - visible : 0);
}

/* A list's rows as the keys move through them: the names, in order. */
void
list_set_rows(char ***rows, size_t *nrows, size_t n, char *(*name)(void *, size_t), void *arg)
{
	size_t	 i;

	*rows = xreallocarray(*rows, n + 1, sizeof **rows);
	for (i = 0; i < n; i++)
		(*rows)[i] = name(arg, i);
	*nrows = n;
}
