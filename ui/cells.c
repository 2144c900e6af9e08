/* cells.c: rows of a picture, cell by cell (cells.h). */
#include "config.h"

#include <curses.h>

#include "cells.h"

void
cells_clear(struct cell *row, int w)
{
	int	 x;

	for (x = 0; x < w; x++) {
		row[x].glyph = " ";
		row[x].role = ROLE_NORMAL;
	}
}

void
cells_text(struct cell *row, int w, int x, int most, const char *s, enum role role)
{
	int	 end = x + most < w ? x + most : w;

	for (; *s != '\0' && x < end; s++, x++) {
		if (x < 0)
			continue;
		row[x].ch[0] = (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f ? *s : '.';
		row[x].ch[1] = '\0';
		row[x].glyph = row[x].ch;
		row[x].role = role;
	}
}

void
cells_glyph(struct cell *row, int w, int x, const char *g, enum role role)
{
	if (x < 0 || x >= w)
		return;
	row[x].glyph = g;
	row[x].role = role;
}

void
cells_draw(const struct cell *row, int w, int y, int x0)
{
	int	 x;

	for (x = 0; x < w; x++) {
		theme_set(row[x].role);
		mvaddstr(y, x0 + x, row[x].glyph);
	}
	theme_set(ROLE_NORMAL);
}
