/* list.h: what the two lists (actors, objects) share: their rows by
 * name, the selection kept on a row that exists, the rows their pane
 * shows around it, and their box. */
#ifndef LIST_H
#define LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "screen.h"

/* Keep the selection (sel, selsize bytes) on a row that exists, the
 * first if it is gone; the rows a pane r shows so that it stays in
 * view: from *first, as many as the return value (at most). *selp is
 * the selected row. */
size_t		 list_window(struct rect r, char *sel, size_t selsize, char **rows, size_t n,
		    size_t *selp, size_t *firstp);
/* The same, and the pane's box with its title, what to do when it is
 * empty, and how many rows there are above and below. */
void		 list_begin(struct rect r, const char *title, bool focused, char *sel,
		    size_t selsize, char **rows, size_t n, const char *empty, size_t *selp,
		    size_t *firstp);
/* Rows made again: n names, name(arg, i), kept where name has them (a
 * sample's), not copied: the array alone is the rows'. */
void		 list_set_rows(char ***rows, size_t *nrows, size_t n,
		    char *(*name)(void *, size_t), void *arg);
void		 list_rows_free(char **rows, size_t n);

#endif
