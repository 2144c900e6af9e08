/* cells.h: a row of a picture made cell by cell before it is drawn (the
 * sequence chart, the topology): each cell a glyph one column wide and
 * its colour, later text and glyphs put over earlier ones. */
#ifndef CELLS_H
#define CELLS_H

#include "theme.h"

struct cell {
	const char	*glyph;
	enum role	 role;
	char		 ch[2];		/* an ASCII character's own glyph */
};

/* Blank w cells. */
void	 cells_clear(struct cell *, int w);
/* s from x on, at most most columns (none if most < 1), each byte
 * printable ASCII or '.'; what falls outside the row is left out. */
void	 cells_text(struct cell *, int w, int x, int most, const char *s, enum role);
/* One glyph at x, if x is in the row. */
void	 cells_glyph(struct cell *, int w, int x, const char *glyph, enum role);
/* The row drawn at y, from x0. */
void	 cells_draw(const struct cell *, int w, int y, int x0);

#endif
