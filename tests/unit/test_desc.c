/* test_desc.c: description trees: paths, text and JSON; text escaped for
 * a terminal. */
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

/* What a terminal must not get is escaped; printable UTF-8 is not. */
static void
test_escape(void)
{
	static const char	 mixed[] = "\x1b]2;X\x07 h\xc3\xa9llo \xe2\x86\x92 \xc2\x9b\x9b\xff"
	    "\xc3 \xed\xa0\x80 \xc0\xaf \x7f\\x\n\t";
	struct buf		 b;
	uint32_t		 cp;

	buf_init(&b);
	buf_add_text(&b, mixed, sizeof mixed - 1, false);
	CHECK_STR(b.data, "\\x1b]2;X\\x07 h\xc3\xa9llo \xe2\x86\x92 \\xc2\\x9b\\x9b\\xff"
	    "\\xc3 \\xed\\xa0\\x80 \\xc0\\xaf \\x7f\\x\\n\\t");
	CHECK(text_is_plain(b.data, b.len, false));
	CHECK(!text_is_plain(mixed, sizeof mixed - 1, false));
	/* Escaping twice changes nothing. */
	buf_reset(&b);
	buf_add_text(&b, "a\\x1b\n", 6, true);
	CHECK_STR(b.data, "a\\x1b\n");
	buf_free(&b);
	buf_add_text(&b, "", 0, false);
	CHECK(b.len == 0 && b.data != NULL && b.data[0] == '\0');
	CHECK(utf8_decode("\xf0\x9f\x98\x80", 4, &cp) == 4 && cp == 0x1f600);
	CHECK(utf8_decode("\xf4\x90\x80\x80", 4, &cp) == 0);	/* past U+10FFFF */
	CHECK(utf8_decode("\xe2\x86", 2, &cp) == 0);		/* cut short */
	buf_reset(&b);
	json_add_string(&b, "h\xc3\xa9 \xc2\x9b\xff\x1b", 8);
	CHECK_STR(b.data, "\"h\xc3\xa9 \\u009b\\u00ff\\u001b\"");
	buf_free(&b);
}

/* A word in a message: 32 columns of it at most, escaped, then "...". */
static void
test_word_short(void)
{
	char	 big[100];

	CHECK_STR(word_short("p1"), "p1");
	CHECK_STR(word_short("\x1b[2J"), "\\x1b[2J");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK(strlen(word_short(big)) == 35 && strcmp(word_short(big) + 32, "...") == 0);
	big[32] = '\0';
	CHECK_STR(word_short(big), big);
	/* An escape is not cut in two: 8 of them fill 32 columns. */
	memset(big, '\x01', 9);
	big[9] = '\0';
	CHECK_STR(word_short(big), "\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01...");
	/* Nor a character: 32 of U+00E9 are 64 bytes. */
	for (int i = 0; i < 33; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2);
	big[66] = '\0';
	CHECK(strlen(word_short(big)) == 64 + 3);
}

int
main(void)
{
	RUN(test_find);
	RUN(test_json);
	RUN(test_text);
	RUN(test_quoted);
	RUN(test_escape);
	RUN(test_word_short);
	return unit_failed != 0;
}
