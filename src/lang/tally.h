/* tally.h: what the runs of a repeat counted, as histograms. */
#ifndef TALLY_H
#define TALLY_H

#include <stddef.h>

#include "desc.h"
#include "util.h"

#define TALLY_BINS	8	/* values more varied than this are put in ranges */
#define TALLY_BAR	30	/* the columns of the longest bar */

/* The histogram of n values counted as of ("A last.ret"): each value
 * with its count, or, when they are numbers of more than TALLY_BINS
 * kinds, as few ranges of equal width as cover them, TALLY_BINS at most; a bar of #s each. Text on b,
 * a heading line and a line a value; the same in d, as a group (of, and
 * a list of values: value or from and to, and count) in the list open. */
void	tally_histogram(struct buf *b, struct desc *d, const char *of, char *const *values,
	    size_t n);

#endif
