/* unit.h: a tiny harness for the unit tests. Each CHECK prints a line on
 * failure; a test program's exit status is the number of failures, and
 * it prints "ok NAME" or "FAIL NAME" per test for tests/run to count. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int	unit_failed;
static int	unit_test_failed;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		unit_failed++;						\
		unit_test_failed++;					\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *unit_a = (a), *unit_b = (b);			\
	if (unit_a == NULL || unit_b == NULL || strcmp(unit_a, unit_b) != 0) { \
		printf("  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
		    unit_a ? unit_a : "(null)", unit_b ? unit_b : "(null)"); \
		unit_failed++;						\
		unit_test_failed++;					\
	}								\
} while (0)

#define RUN(test) do {							\
	unit_test_failed = 0;						\
	test();								\
	printf("%s %s\n", unit_test_failed ? "FAIL" : "ok", #test);	\
} while (0)

#endif
