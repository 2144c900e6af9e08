/* test_desc.c: description trees: paths, text and JSON. */
#include "config.h"

#include <stdlib.h>

#include "desc.h"
#include "unit.h"

static struct desc *
sample(void)
{
	struct desc	*d = desc_new();

	desc_word(d, "kind", "pipe");
	desc_gauge(d, "queued", 5, 65536);
	desc_bytes(d, "contents", "he\0\xffo", 5);
	desc_list(d, "readers");
	desc_group(d, NULL);
	desc_word(d, "actor", "B");
	desc_int(d, "fd", 3);
	desc_close(d);
	desc_close(d);
	desc_group(d, "last");
	desc_word(d, "errno", "EAGAIN");
	desc_close(d);
	return d;
}

static void
test_find(void)
{
	struct desc	*d = sample();

	CHECK(desc_find(d, "queued")->num == 5);
	CHECK_STR(desc_find(d, "last.errno")->str, "EAGAIN");
	CHECK_STR(desc_find(d, "readers.0.actor")->str, "B");
	CHECK(desc_find(d, "readers.1") == NULL);
	CHECK(desc_find(d, "nope") == NULL);
	CHECK(desc_find(d, "last.nope") == NULL);
	desc_free(&d);
	CHECK(d == NULL);
}

static void
test_json(void)
{
	struct desc	*d = sample();
	struct buf	 b;

	buf_init(&b);
	desc_write_json(&b, d->root);
	CHECK_STR(b.data, "{\"kind\":\"pipe\",\"queued\":{\"used\":5,\"capacity\":65536},"
	    "\"contents\":\"he\\u0000\\u00ffo\",\"readers\":[{\"actor\":\"B\",\"fd\":3}],"
	    "\"last\":{\"errno\":\"EAGAIN\"}}");
	buf_free(&b);
	desc_free(&d);
}

static void
test_text(void)
{
	struct desc	*d = sample();
	struct buf	 b;

	buf_init(&b);
	desc_write_text(&b, d, 2);
	CHECK(strstr(b.data, "  kind: pipe\n") != NULL);
	CHECK(strstr(b.data, "  queued: 5/65536\n") != NULL);
	CHECK(strstr(b.data, "  contents: \"he\\x00\\xffo\"\n") != NULL);
	CHECK(strstr(b.data, "  readers:\n    - actor=B fd=3\n") != NULL);
	buf_free(&b);
	desc_free(&d);
}

static void
test_quoted(void)
{
	struct buf	 b;

	buf_init(&b);
	buf_add_quoted(&b, "a\"b\\\n\x01", 6, 64);
	CHECK_STR(b.data, "\"a\\\"b\\\\\\n\\x01\"");
	buf_reset(&b);
	buf_add_quoted(&b, "abcdef", 6, 3);
	CHECK_STR(b.data, "\"abc\"...");
	buf_free(&b);
}

int
main(void)
{
	RUN(test_find);
	RUN(test_json);
	RUN(test_text);
	RUN(test_quoted);
	return unit_failed != 0;
}
