/* screen.h: the screen's primitives: text drawn escaped and cut at a
 * width, boxes with a title, the marks of what a pane holds beyond
 * what it shows. They draw on stdscr and know nothing of the panes. */
#ifndef SCREEN_H
#define SCREEN_H

#include <stdbool.h>
#include <stddef.h>

struct rect {
	int	 y, x, h, w;
};

/* s as it is drawn: escaped for the terminal (buf_add_text) when it
 * needs to be; valid until the next call. */
const char	*draw_escaped(const char *s);
/* The columns of UTF-8 s: one a code point (the text drawn is ASCII
 * apart from our own glyphs). */
int		 text_cols(const char *s);
/* Write at y, x at most w columns of s; the columns written. */
int		 draw_text(int y, int x, int w, const char *s);
/* The same, ending with an ellipsis when s does not fit in w columns. */
void		 draw_text_cut(int y, int x, int w, const char *s);
void		 draw_box(struct rect, const char *title, bool focused);
/* On the box's top border (up) or its bottom one: "↓ 3 more". */
void		 draw_more(struct rect, bool up, size_t more);
/* Blank the whole of r. */
void		 draw_clear(struct rect);

#endif
