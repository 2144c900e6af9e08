/* screen.c: the screen's primitives (screen.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "theme.h"
#include "util.h"

/* s as it is drawn: escaped for the terminal (buf_add_text) when it
 * needs to be, so that no byte of it moves the cursor or acts. */
const char *
draw_escaped(const char *s)
{
	static struct buf	 esc;
	size_t			 len = strlen(s);

	if (text_is_plain(s, len, false))
		return s;
	buf_reset(&esc);
	buf_add_text(&esc, s, len, false);
	return esc.data;
}

int
text_cols(const char *s)
{
	int	 cols = 0;

	for (; *s != '\0'; s++) {
		if ((*s & 0xc0) != 0x80)
			cols++;
	}
	return cols;
}

/* Write at most w columns of UTF-8 s at y, x; escaped, so that a control
 * byte shows as \x1b and takes the columns it shows. */
int
draw_text(int y, int x, int w, const char *s)
{
	size_t	 bytes, cols;

	if (w <= 0 || s == NULL)
		return 0;
	s = draw_escaped(s);
	bytes = text_fit(s, strlen(s), (size_t)w, &cols);
	mvaddnstr(y, x, s, (int)bytes);
	return (int)cols;
}

/* The same, ending with an ellipsis when s does not fit: a row cut at
 * the pane's edge says so. */
void
draw_text_cut(int y, int x, int w, const char *s)
{
	const char	*ell = glyph_ellipsis();
	size_t		 len, cols;
	int		 ellw = text_cols(ell), drawn;

	s = draw_escaped(s);
	len = strlen(s);
	if (w <= ellw || text_fit(s, len, (size_t)w, &cols) == len) {
		draw_text(y, x, w, s);
		return;
	}
	drawn = draw_text(y, x, w - ellw, s);
	draw_text(y, x + drawn, ellw, ell);
}

void
draw_box(struct rect r, const char *title, bool focused)
{
	theme_set(ROLE_BORDER);
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	if (title != NULL) {
		theme_set(focused ? ROLE_FOCUS_TITLE : ROLE_TITLE);
		mvaddch(r.y, r.x + 1, ' ');
		draw_text_cut(r.y, r.x + 2, r.w - 5, title);
		addch(' ');
	}
	theme_set(ROLE_NORMAL);
}

/* On a pane's top border (up) or its bottom one, at the right: how
 * many more rows (or log records) there are that way: "↓ 3 more". */
void
draw_more(struct rect r, bool up, size_t more)
{
	char	 mark[48];
	int	 w;

	if (more == 0)
		return;
	snprintf(mark, sizeof mark, " %s %zu more ", up ? glyph_up() : glyph_down(), more);
	w = text_cols(mark);
	if (w > r.w - 4)
		return;
	theme_set(ROLE_DIM);
	draw_text(up ? r.y : r.y + r.h - 1, r.x + r.w - 2 - w, w, mark);
	theme_set(ROLE_NORMAL);
}

void
draw_clear(struct rect r)
{
	int	 y;

	theme_set(ROLE_NORMAL);
	for (y = 0; y < r.h; y++)
		mvhline(r.y + y, r.x, ' ', r.w);
}
