/* benchlib.h: what the benchmarks share: medians, and the time of a
 * program run with its output thrown away. */
#ifndef BENCHLIB_H
#define BENCHLIB_H

#include <stddef.h>
#include <stdint.h>

/* The median of v's n values (v is sorted in place: v[0] is then the
 * least, v[n - 1] the most). */
int64_t	median(int64_t *v, size_t n);
/* Run argv (looked up in PATH) with its output thrown away; its time in
 * nanoseconds, fork to reaped. Exits if it cannot be run. */
int64_t	time_tool(char *const argv[]);

#endif
