/* theme.c: colours, with a monochrome fallback and NO_COLOR respected,
 * and glyphs, UTF-8 or ASCII by the locale. */
#include "config.h"

#include <stdlib.h>

#include "theme.h"

static bool	use_color;
static bool	use_utf8;

static const struct {
	short	 fg, bg;
	attr_t	 color_attr;
	attr_t	 mono_attr;
} roles[ROLE_COUNT] = {
	[ROLE_NORMAL] =		{ -1, -1, 0, 0 },
	[ROLE_BORDER] =		{ COLOR_BLUE, -1, 0, 0 },
	[ROLE_TITLE] =		{ COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[ROLE_SELECTED] =	{ COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[ROLE_FOCUS_TITLE] =	{ COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_CHANGED] =	{ COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_ERROR] =		{ COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_SIGNAL] =		{ COLOR_YELLOW, -1, 0, A_BOLD },
	[ROLE_BLOCKED] =	{ COLOR_MAGENTA, -1, A_BOLD, A_UNDERLINE },
	[ROLE_GOOD] =		{ COLOR_GREEN, -1, 0, 0 },
	[ROLE_DIM] =		{ -1, -1, A_DIM, A_DIM },
	[ROLE_KEY] =		{ COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[ROLE_GAUGE] =		{ COLOR_GREEN, -1, 0, 0 },
};

bool
theme_init(bool utf8)
{
	int	 i;

	use_utf8 = utf8;
	use_color = false;
	if (getenv("NO_COLOR") == NULL && has_colors() && start_color() == OK) {
		use_default_colors();
		for (i = 1; i < ROLE_COUNT; i++)
			init_pair((short)i, roles[i].fg, roles[i].bg);
		use_color = true;
	}
	return use_color;
}

attr_t
theme_attr(enum role r)
{
	if (use_color)
		return COLOR_PAIR(r) | roles[r].color_attr;
	return roles[r].mono_attr;
}

short
theme_pair(enum role r)
{
	return use_color ? (short)r : 0;
}

void
theme_set(enum role r)
{
	attrset(theme_attr(r));
}

const char *
glyph_spark(int level)
{
	static const char *const utf8[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	static const char *const ascii[] = { "_", ".", ",", "-", "=", "+", "*", "#" };

	if (level < 0)
		level = 0;
	if (level > 7)
		level = 7;
	return use_utf8 ? utf8[level] : ascii[level];
}

const char *
glyph_arrow(void)
{
	return use_utf8 ? "\xe2\x86\x92" : ">";
}

const char *
glyph_tree_mid(void)
{
	return use_utf8 ? "\xe2\x94\x9c " : "|-";
}

const char *
glyph_tree_last(void)
{
	return use_utf8 ? "\xe2\x94\x94 " : "`-";
}

const char *
glyph_tree_line(void)
{
	return use_utf8 ? "\xe2\x94\x82 " : "| ";
}

const char *
glyph_bar_full(void)
{
	return use_utf8 ? "\xe2\x96\x88" : "#";
}

const char *
glyph_bar_empty(void)
{
	return use_utf8 ? "\xc2\xb7" : ".";
}

const char *
glyph_up(void)
{
	return use_utf8 ? "\xe2\x86\x91" : "^";
}

const char *
glyph_down(void)
{
	return use_utf8 ? "\xe2\x86\x93" : "v";
}

/* Where text was left out: a line's middle, or its end at the edge. */
const char *
glyph_ellipsis(void)
{
	return use_utf8 ? "\xe2\x80\xa6" : "...";
}
