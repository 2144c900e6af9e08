/* wrap.h: text wider than its pane: wrapped rows, a call's middle
 * elided. Plain text, escaped already; knows nothing of the screen. */
#ifndef WRAP_H
#define WRAP_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* A row of wrapped text: its bytes and the columns before them. */
struct wrap_row {
	size_t		 off, len;
	int		 indent;
};
/* The fewest columns of a call left when its middle is elided. */
#define WRAP_MIN_CALL	16
int		 wrap_cols(const char *, size_t len);
/* s (plain text, escaped already) as rows of at most w columns, broken
 * at a blank in the second half of a row where there is one; the rows
 * after the first are indented by hang. Sets *rows (to be freed);
 * returns how many, one at least. */
size_t		 wrap_rows(const char *s, int w, int hang, struct wrap_row **rows);
/* The indent s's rows after the first want in w columns: under the text
 * that follows a label and a gap of two blanks or more ("inode     1234",
 * "  OP        F_GETFL; ..."), or two columns past s's own. */
int		 wrap_hang(const char *s, int w);
/* A call's line ("write(4, \"abc\"..., 2048) = 2048 <3us>") in one row
 * of w columns: the middle of the call replaced by the ellipsis, its
 * name, result, errno and time whole. Appends it to out; false (nothing
 * added) when s is no call or too little of the call would be left. */
bool		 wrap_elide_call(struct buf *out, const char *s, int w, const char *ellipsis);
/* A call's line too wide for one row, in two: its essential row in
 * first (the call, its middle elided as wrap_elide_call does, its result
 * and errno's name, its time, in w columns) and the rest of its result
 * (errno's text, the hint, the data) in rest, which may be empty. false
 * (nothing added) when s is no call or too little of it would be left. */
bool		 wrap_call_split(struct buf *first, struct buf *rest, const char *s, int w,
		    const char *ellipsis);
/* text, made for 80 columns, with each paragraph on one line again, to
 * be wrapped to the width it is shown in: the lines of an indented
 * paragraph are joined; a heading (ending in ':'), a line of a label
 * and its text (a gap of two blanks), a line at the margin stay. */
void		 wrap_reflow(struct buf *out, const char *text);

#endif
