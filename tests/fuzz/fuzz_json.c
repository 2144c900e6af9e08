/* fuzz_json.c: the JSON reader (what --load and --diff read) on
 * arbitrary bytes: it must never crash, and must either read a tree or
 * say where the text is wrong. A tree read is written back as JSON and
 * read again to the same tree once given its types; the input's second
 * half is tried as a types string on what was read. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct desc	*d = desc_new(), *again = desc_new();
	struct buf	 b, types;
	char		*error = NULL;
	bool		 ok;

	ok = json_read(d, (const char *)data, size, &error);
	if (ok != (error == NULL) || (!ok && strncmp(error, "line ", 5) != 0))
		abort();	/* a failure says where */
	free(error);
	if (ok) {
		buf_init(&b);
		desc_write_json(&b, d->root);
		buf_init(&types);
		desc_add_types(&types, d->root);
		/* What was written reads back as it was, with its types. */
		if (!json_read(again, b.data, b.len, &error) ||
		    !desc_apply_types(again->root, types.data) || !desc_equal(d, again))
			abort();
		buf_free(&types);
		/* Types from the input itself: anything, never a crash. */
		(void)desc_apply_types(d->root, size > 0 ? (const char *)data + size / 2 : "");
		buf_free(&b);
	}
	desc_free(&d);
	desc_free(&again);
	return 0;
}
