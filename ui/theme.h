/* theme.h: colour roles with monochrome fallbacks (NO_COLOR respected),
 * and glyphs, UTF-8 or ASCII by the locale. The bottom of the screen's
 * files: it includes none of them. */
#ifndef THEME_H
#define THEME_H

#include <stdbool.h>

#include <curses.h>

/* What a piece of the screen is, for its colour. */
enum role {
	ROLE_NORMAL,
	ROLE_BORDER,
	ROLE_TITLE,
	ROLE_SELECTED,
	ROLE_FOCUS_TITLE,
	ROLE_CHANGED,
	ROLE_ERROR,
	ROLE_SIGNAL,
	ROLE_BLOCKED,
	ROLE_GOOD,
	ROLE_DIM,
	ROLE_KEY,
	ROLE_GAUGE,
	ROLE_COUNT,
};

/* Once curses is on: glyphs in UTF-8 or not; whether there is colour. */
bool		 theme_init(bool utf8);
attr_t		 theme_attr(enum role);
short		 theme_pair(enum role);
void		 theme_set(enum role);
/* Glyphs, UTF-8 or ASCII. */
const char	*glyph_spark(int level);	/* 0..7 */
const char	*glyph_arrow(void);
const char	*glyph_tree_mid(void);
const char	*glyph_tree_last(void);
const char	*glyph_tree_line(void);		/* under a row that has more below it */
const char	*glyph_bar_full(void);
const char	*glyph_bar_empty(void);
const char	*glyph_up(void);
const char	*glyph_down(void);
const char	*glyph_ellipsis(void);

#endif
