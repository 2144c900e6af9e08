/* fuzz_json.c: the JSON reader (what --load and --diff read) on
 * arbitrary bytes: it must never crash, and must either read a tree or
 * say where the text is wrong. A tree read is written back as JSON,
 * read again and given its types, and written again to the same text;
 * the input's second half is tried as a types string on what was read.
 * What reads as a snapshot is drawn as a graph and compared with itself:
 * no change. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "snapshot.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
has_c1(const struct buf *b)
{
	size_t	 i;

	for (i = 0; i + 5 <= b->len; i++) {
		if (memcmp(b->data + i, "\\u008", 5) == 0 || memcmp(b->data + i, "\\u009", 5) == 0)
			return true;
	}
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct desc	*d = desc_new(), *again = desc_new(), *snap;
	struct snapshot	*s;
	struct buf	 b, text, types;
	char		*error = NULL;
	bool		 ok;

	ok = json_read(d, (const char *)data, size, &error);
	if (ok != (error == NULL) || (!ok && strncmp(error, "line ", 5) != 0))
		abort();	/* a failure says where */
	free(error);
	if (ok) {
		/* What was written reads back, takes its own types, and
		 * writes the same text again; but for a C1 control, which the
		 * writer gives by its code point (\u0080..\u009f), the
		 * reader by the one byte it also stands for. */
		buf_init(&b);
		buf_init(&text);
		buf_init(&types);
		desc_write_json(&b, d->root);
		desc_add_types(&types, d->root);
		if (!json_read(again, b.data, b.len, &error) ||
		    !desc_apply_types(again, again->root, types.data))
			abort();
		desc_write_json(&text, again->root);
		if (!has_c1(&b) && (text.len != b.len || memcmp(text.data, b.data, b.len) != 0))
			abort();
		buf_free(&types);
		/* As a snapshot: checked, drawn, compared with itself. */
		snap = desc_new();
		if (!json_read(snap, (const char *)data, size, &error))
			abort();
		if ((s = snapshot_of(snap, &error)) != NULL) {
			buf_reset(&text);
			snapshot_dot(&text, s);
			if (snapshot_diff(&text, s, s, size & 1) != 0)
				abort();
			snapshot_free(&s);
		}
		free(error);
		/* Types from the input itself: anything, never a crash. */
		(void)desc_apply_types(d, d->root, size > 0 ? (const char *)data + size / 2 : "");
		buf_free(&text);
		buf_free(&b);
	}
	desc_free(&d);
	desc_free(&again);
	return 0;
}
