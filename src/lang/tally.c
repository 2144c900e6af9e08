/* tally.c: histograms of what the runs of a repeat counted (tally.h). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"

struct bin {
	const char	*value;		/* a value, or NULL for a range */
	int64_t		 from, to;
	size_t		 count;
};

static bool
as_number(const char *s, int64_t *v)
{
	char	*end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return *s != '\0' && *end == '\0' && errno == 0;
}

static int
by_number(const void *a, const void *b)
{
	int64_t	 x = ((const struct bin *)a)->from, y = ((const struct bin *)b)->from;

	return (x > y) - (x < y);
}

/* Text: the most counted first, then in order. */
static int
by_count(const void *a, const void *b)
{
	const struct bin	*x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->value, y->value);
}

static void
add_bar(struct buf *b, size_t count, size_t most)
{
	size_t	 w = most == 0 ? 0 : (count * TALLY_BAR + most - 1) / most, i;

	for (i = 0; i < w; i++)
		buf_addc(b, '#');
	for (; i < TALLY_BAR; i++)
		buf_addc(b, ' ');
	buf_printf(b, " %zu\n", count);
}

void
tally_histogram(struct buf *b, struct desc *d, const char *of, char *const *values, size_t n)
{
	struct bin	*bins = NULL;
	size_t		 nbins = 0, i, k, most = 0, w = 0;
	int64_t		 v, lo = INT64_MAX, hi = INT64_MIN;
	bool		 numbers = n > 0;
	char		 label[64];

	for (i = 0; i < n && numbers; i++) {
		numbers = as_number(values[i], &v);
		if (numbers && v < lo)
			lo = v;
		if (numbers && v > hi)
			hi = v;
	}
	/* Each value with its count. */
	for (i = 0; i < n; i++) {
		for (k = 0; k < nbins && strcmp(bins[k].value, values[i]) != 0; k++)
			;
		if (k == nbins) {
			bins = xreallocarray(bins, nbins + 1, sizeof *bins);
			bins[nbins].value = values[i];
			bins[nbins].from = bins[nbins].to = numbers ? strtoll(values[i], NULL, 10) : 0;
			bins[nbins++].count = 0;
		}
		bins[k].count++;
	}
	/* Numbers of many kinds: ranges of equal width instead. */
	if (numbers && nbins > TALLY_BINS) {
		/* As few ranges as cover lo to hi, TALLY_BINS at most, their
		 * bounds as offsets from lo (no int64 overflow). */
		uint64_t span = (uint64_t)hi - (uint64_t)lo, uw, off;

		uw = span / TALLY_BINS + 1;
		nbins = (size_t)(span / uw + 1);
		bins = xreallocarray(bins, nbins, sizeof *bins);
		for (k = 0; k < nbins; k++) {
			off = (uint64_t)k * uw;
			bins[k].value = NULL;
			bins[k].from = (int64_t)((uint64_t)lo + off);
			bins[k].to = (int64_t)((uint64_t)lo + (span - off < uw - 1 ? span : off + uw - 1));
			bins[k].count = 0;
		}
		for (i = 0; i < n; i++) {
			as_number(values[i], &v);
			bins[((uint64_t)v - (uint64_t)lo) / uw].count++;
		}
	}
	if (nbins > 1)
		qsort(bins, nbins, sizeof *bins, numbers ? by_number : by_count);
	buf_printf(b, "%s, %zu value%s:\n", of, n, n == 1 ? "" : "s");
	desc_group(d, NULL);
	desc_string(d, "of", of);
	desc_list(d, "values");
	for (k = 0; k < nbins; k++) {
		if (bins[k].count > most)
			most = bins[k].count;
		if (bins[k].value != NULL)
			w = strlen(bins[k].value) > w ? strlen(bins[k].value) : w;
		else {
			snprintf(label, sizeof label, "%lld..%lld", (long long)bins[k].from,
			    (long long)bins[k].to);
			w = strlen(label) > w ? strlen(label) : w;
		}
	}
	if (w > 40)
		w = 40;
	for (k = 0; k < nbins; k++) {
		desc_group(d, NULL);
		if (bins[k].value != NULL) {
			buf_printf(b, "  %-*.*s  ", (int)w, (int)w, bins[k].value);
			desc_string(d, "value", bins[k].value);
		} else {
			snprintf(label, sizeof label, "%lld..%lld", (long long)bins[k].from,
			    (long long)bins[k].to);
			buf_printf(b, "  %-*s  ", (int)w, label);
			desc_int(d, "from", bins[k].from);
			desc_int(d, "to", bins[k].to);
		}
		desc_uint(d, "count", bins[k].count);
		desc_close(d);
		add_bar(b, bins[k].count, most);
	}
	desc_close(d);
	desc_close(d);
	free(bins);
}
