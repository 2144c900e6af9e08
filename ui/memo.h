/* memo.h: what each line of the screen showed, by a key of the line's
 * own ("a:A", "d:p1:queued:0"), so that a line whose text changed is
 * drawn highlighted for a while (CHANGED_NS), and the columns of it
 * that changed (a signal grid's cells). */
#ifndef MEMO_H
#define MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct memo {
	char		*key;
	char		*text;
	int64_t		 changed;	/* when it last changed */
	char		*hl;		/* the columns that changed then, or NULL */
};

/* A hash table of memos, and when the first highlight drawn since
 * fade_at was last cleared ends (0: none): the frame after that one
 * draws it plain. */
struct memos {
	struct memo	*v;
	size_t		 n;
	int64_t		 fade_at;
};

/* Whether what key shows changed lately; remembers text. */
bool		 memo_changed(struct memos *, const char *key, const char *text, int64_t now);
/* The columns of text that differ from what key showed last: kept and
 * returned while the change is recent (non-space where it changed),
 * NULL otherwise. */
const char	*memo_cells(struct memos *, const char *key, const char *text, int64_t now);
void		 memo_free(struct memos *);

#endif
