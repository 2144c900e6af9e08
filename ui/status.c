/* status.c: the two rows at the bottom: the keys that work now and the
 * lab's counts; the message line (the latest outcome). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "recording.h"
#include "sample.h"
#include "theme.h"

/* "1 actor ", "2 objects ": a count and its noun, singular or plural. */
static void
add_count(struct buf *b, size_t n, const char *noun)
{
	buf_printf(b, "%zu %s%s ", n, noun, n == 1 ? "" : "s");
}

/* The columns all the key hints take. */
static int
keys_cols(const char *const *pairs)
{
	int	 cols = 0;

	for (; pairs[0] != NULL; pairs += 2)
		cols += text_cols(pairs[0]) + text_cols(pairs[1]) + 1;
	return cols;
}

/* The key hints, as many as fit; the columns used. */
static int
draw_keys(int y, int x, int w, const char *const *pairs)
{
	int	 col = x;

	for (; pairs[0] != NULL && col < x + w; pairs += 2) {
		if (col + text_cols(pairs[0]) + text_cols(pairs[1]) + 2 > x + w)
			break;
		theme_set(ROLE_KEY);
		col += draw_text(y, col, x + w - col, pairs[0]);
		theme_set(ROLE_NORMAL);
		col += draw_text(y, col, x + w - col, pairs[1]);
		col += draw_text(y, col, x + w - col, " ");
	}
	return col - x;
}

void
status_bar(struct tui *t)
{
	/* Without the arrows when all would not fit (80 columns): they
	 * move in every program; z is what a newcomer does not know. */
	static const char *const normal[] = {
		"Tab", " pane", "\xe2\x86\x91\xe2\x86\x93", " move", "Enter", " calls",
		":", " command", "k", " signal", "s", " spawn", "n", " new", "z", " zoom",
		"?", " help", "q", " quit", NULL,
	};
	static const char *const normal_ascii[] = {
		"Tab", " pane", "Up/Dn", " move", "Enter", " calls", ":", " command",
		"k", " signal", "s", " spawn", "n", " new", "z", " zoom", "?", " help",
		"q", " quit", NULL,
	};
	static const char *const cmd[] = {
		"Enter", " run", "Tab", " complete", "Up/Dn", " history", "Esc", " leave", NULL,
	};
	static const char *const menu[] = {
		"Up/Dn", " choose", "Enter", " run", "Esc", " close", NULL,
	};
	static const char *const help[] = {
		"\xe2\x86\x91\xe2\x86\x93", " scroll", "PgUp PgDn", " page", "Home End", " top, end",
		"q Esc", " close", NULL,
	};
	static const char *const help_ascii[] = {
		"Up/Dn", " scroll", "PgUp PgDn", " page", "Home End", " top, end", "q Esc", " close",
		NULL,
	};
	const char	*bar[nitems(normal)];
	char		 right[96];
	int		 y = t->rows - 2, rw, used;
	size_t		 i, n = 0;
	struct buf	 counts;

	theme_set(ROLE_NORMAL);
	mvhline(y, 0, ' ', t->cols);
	if (t->cmd_active)
		used = draw_keys(y, 0, t->cols, cmd);
	else if (t->overlay == OVERLAY_MENU)
		used = draw_keys(y, 0, t->cols, menu);
	else if (t->overlay == OVERLAY_HELP)
		used = draw_keys(y, 0, t->cols, t->utf8 ? help : help_ascii);
	else {
		const char *const *all = t->utf8 ? normal : normal_ascii;

		for (i = 0; all[i] != NULL; i += 2) {
			if (i == 2 && keys_cols(all) >= t->cols)
				continue;
			bar[n++] = all[i];
			bar[n++] = strcmp(all[i], "z") == 0 && t->zoomed ? " back" : all[i + 1];
		}
		bar[n] = NULL;
		used = draw_keys(y, 0, t->cols, bar);
	}
	/* The counts, where the keys leave room; a snapshot says so first,
	 * over the keys if need be: nothing in it is live. */
	if (t->sample->snapshot != NULL || t->replay != NULL) {
		buf_init(&counts);
		buf_addc(&counts, ' ');
		if (t->replay != NULL)
			replay_add_status(&counts, t->replay);
		else
			buf_adds(&counts, t->sample->snapshot);
		buf_adds(&counts, ", read-only ");
		rw = text_cols(counts.data);
		if (rw >= t->cols - used)
			mvhline(y, 0, ' ', t->cols);
		theme_set(ROLE_ERROR);
		draw_text(y, rw < t->cols - used ? t->cols - rw : 0, t->cols, counts.data);
		buf_free(&counts);
		theme_set(ROLE_NORMAL);
		return;
	}
	buf_init(&counts);
	add_count(&counts, t->sample->processes - t->sample->observed, "actor");
	if (t->sample->observed > 0)
		buf_printf(&counts, "%zu observed ", t->sample->observed);
	if (t->sample->threads > 0)
		add_count(&counts, t->sample->threads, "thread");
	add_count(&counts, t->sample->nobjects, "object");
	add_count(&counts, t->sample->jobs, "job");
	snprintf(right, sizeof right, "%s", counts.data);
	buf_free(&counts);
	rw = text_cols(right);
	if (used + rw < t->cols) {
		theme_set(ROLE_DIM);
		draw_text(y, t->cols - rw, rw, right);
	}
	theme_set(ROLE_NORMAL);
}

void
status_message(struct tui *t)
{
	int	 y = t->rows - 1;

	theme_set(ROLE_NORMAL);
	mvhline(y, 0, ' ', t->cols);
	if (t->msg == NULL)
		return;
	theme_set(t->msg_error ? ROLE_ERROR : ROLE_NORMAL);
	draw_text_cut(y, 0, t->cols, t->msg);
	theme_set(ROLE_NORMAL);
}
