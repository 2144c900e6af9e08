/* pane_help.c: the help view: the keys' help, or the text a help
 * command gave, over the panes, every line whole (wrapped to the width,
 * reflowed from the 80 columns it was made for) and scrolled like less. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "pane.h"
#include "theme.h"
#include "wrap.h"

/* The help view: the keys' help, or the text a help command gave, over
 * the panes, every line whole (wrapped) and scrolled like less. */
void
pane_help(struct tui *t)
{
	struct rect	 r = { 0, 0, t->rows - 2, t->cols };
	struct wrap_row	*wr = NULL;
	struct buf	 b, flowed;
	const char	*s, *e, *text;
	char		 title[160], *line;
	int		 y, w = r.w - 4, rows = r.h - 2, first;
	size_t		 n = 0, k, nw;
	struct hrow {
		char	*text;
		bool	 heading;
	}		*hr = NULL;

	buf_init(&b);
	buf_init(&flowed);
	if (t->help_text != NULL)
		text = t->help_text;
	else {
		keys_add_help(&b);
		text = b.data;
	}
	/* Made for 80 columns; the view may be narrower, or wider. */
	wrap_reflow(&flowed, text);
	text = flowed.data;
	snprintf(title, sizeof title, "%s", t->help_title != NULL ? t->help_title :
	    "Help: ipcscope, a laboratory for Linux IPC");
	for (s = text; *s != '\0'; s = e + 1) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		line = xstrndup(s, (size_t)(e - s));
		if (!text_is_plain(line, strlen(line), false)) {
			char	*esc = xstrdup(draw_escaped(line));

			free(line);
			line = esc;
		}
		nw = wrap_rows(line, w, wrap_hang(line, w), &wr);
		hr = xreallocarray(hr, n + nw, sizeof *hr);
		for (k = 0; k < nw; k++, n++) {
			hr[n].text = xasprintf("%*s%.*s", wr[k].indent, "", (int)wr[k].len,
			    line + wr[k].off);
			/* A heading starts at the margin, its rows after
			 * the first too. */
			hr[n].heading = line[0] != '\0' && strncmp(line, "  ", 2) != 0;
		}
		freep(&wr);
		free(line);
		if (*e == '\0')
			break;
	}
	first = t->help_scroll;
	if (first > (int)n - rows)
		first = (int)n - rows;
	if (first < 0)
		first = 0;
	t->help_scroll = first;
	theme_set(ROLE_NORMAL);
	for (y = 0; y < r.h; y++)
		mvhline(r.y + y, r.x, ' ', r.w);
	draw_box(r, title, true);
	for (k = (size_t)first, y = r.y + 1; k < n && y < r.y + r.h - 1; k++, y++) {
		theme_set(hr[k].heading ? ROLE_TITLE : ROLE_NORMAL);
		draw_text(y, r.x + 2, w, hr[k].text);
	}
	draw_more(r, true, (size_t)first);
	draw_more(r, false, n > (size_t)first + (size_t)rows ? n - (size_t)first - (size_t)rows : 0);
	theme_set(ROLE_NORMAL);
	for (k = 0; k < n; k++)
		free(hr[k].text);
	free(hr);
	buf_free(&b);
	buf_free(&flowed);
}
