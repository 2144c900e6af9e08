/* test_desc.c: description trees: paths, text and JSON; text escaped for
 * a terminal. */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

#include "desc.h"
#include "json.h"
#include "signames.h"
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
	CHECK_STR(b.data, "\"h\xc3\xa9 \\u00c2\\u009b\\u00ff\\u001b\"");
	/* As characters: a C1 control is its code point, a stray byte and a
	 * sequence cut short are U+FFFD each, a box corner stays. */
	buf_reset(&b);
	json_add_text(&b, "h\xc3\xa9 \xc2\x9b\xff\x1b[m\xe2\x94\x8c\\\xe2\x94", 16);
	CHECK_STR(b.data, "\"h\xc3\xa9 \\u009b\\ufffd\\u001b[m\xe2\x94\x8c\\\\\\ufffd\\ufffd\"");
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

#define BIT(sig)	(1ULL << ((sig) - 1))

/* A set: its names as a list's were, in text and JSON, the C library's
 * own marked; as cells of the grid, 64 in groups of eight. */
static void
test_sigset(void)
{
	struct desc		*d = desc_new();
	struct desc_node	*n;
	struct buf		 b;

	desc_group(d, "signals");
	desc_sigset(d, "blocked", BIT(SIGUSR1) | BIT(SIGTTIN) | BIT(33) | BIT(64), BIT(32) | BIT(33));
	desc_sigset(d, "pending", 0, BIT(32) | BIT(33));
	desc_close(d);
	n = desc_find(d, "signals.blocked");
	CHECK(n != NULL && n->type == DESC_SIGSET);
	CHECK(desc_sigset_of(n) == (BIT(SIGUSR1) | BIT(SIGTTIN) | BIT(33) | BIT(64)));
	CHECK(desc_find(d, "signals.blocked.0") == NULL);
	buf_init(&b);
	desc_add_value(&b, n);
	CHECK_STR(b.data, "SIGUSR1, SIGTTIN, SIG33(libc), SIGRTMAX");
	buf_reset(&b);
	desc_add_value(&b, desc_find(d, "signals.pending"));
	CHECK_STR(b.data, "none");
	buf_reset(&b);
	desc_write_json(&b, d->root);
	CHECK_STR(b.data, "{\"signals\":{\"blocked\":[\"SIGUSR1\",\"SIGTTIN\",\"SIG33(libc)\","
	    "\"SIGRTMAX\"],\"pending\":[]}}");
	buf_reset(&b);
	desc_write_text(&b, d, 0);
	CHECK_STR(b.data, "signals:\n  blocked: SIGUSR1, SIGTTIN, SIG33(libc), SIGRTMAX\n"
	    "  pending: none\n");
	buf_reset(&b);
	desc_add_sigset_scale(&b);
	CHECK_STR(b.data, "1        9        17       25       33       41       49       57     64");
	buf_reset(&b);
	desc_add_sigset_cells(&b, desc_sigset_of(n), 'B');
	CHECK_STR(b.data, "........ .B...... ....B... ........ B....... ........ ........ .......B");
	CHECK(desc_sigset_column(33) == 36 && b.data[desc_sigset_column(33)] == 'B');
	CHECK(b.data[desc_sigset_column(SIGUSR1)] == 'B' && b.data[desc_sigset_column(64)] == 'B');
	/* Nothing is added to no description. */
	desc_sigset(NULL, "x", 1, 0);
	buf_free(&b);
	desc_free(&d);
}

/* Ranges: data in JSON, a ruler in text whose cells map the bytes
 * exactly (of 20, 0-9 fills the first half and 10-19 the second). */
static void
test_ranges(void)
{
	struct desc		*d = desc_new();
	struct desc_node	*n;
	struct buf		 b;
	int			 from, to, i;

	desc_ranges(d, "ruler", 20);
	desc_range(d, 0, 10, RANGE_WRITE, false, "A", "posix");
	desc_range(d, 10, 10, RANGE_WRITE, false, "B", "ofd");
	desc_range(d, 5, -1, RANGE_SHARED, true, "C", "flock");
	desc_close(d);
	desc_word(d, "after", "x");	/* closed: back in the root */
	n = desc_find(d, "ruler");
	CHECK(n != NULL && n->type == DESC_RANGES && n->len == 3);
	CHECK(desc_find(d, "after") != NULL && desc_find(d, "after")->parent == d->root);
	CHECK(desc_ranges_scale(n) == 20);
	desc_range_cells(&n->ranges[0], 20, DESC_RULER_WIDTH, &from, &to);
	CHECK(from == 0 && to == 15);
	desc_range_cells(&n->ranges[1], 20, DESC_RULER_WIDTH, &from, &to);
	CHECK(from == 16 && to == 31);
	desc_range_cells(&n->ranges[2], 20, DESC_RULER_WIDTH, &from, &to);
	CHECK(from == 8 && to == 31);
	buf_init(&b);
	desc_write_text(&b, d, 2);
	CHECK_STR(b.data, "  ruler:\n"
	    "    - bytes        |0                             20|\n"
	    "    - A W          |################................| posix\n"
	    "    - B W          |................################| ofd\n"
	    "    - C R?         |........????????????????????????| flock, waiting\n"
	    "  after: x\n");
	buf_reset(&b);
	desc_write_json(&b, n);
	CHECK_STR(b.data, "{\"extent\":20,\"ranges\":["
	    "{\"start\":0,\"len\":10,\"kind\":\"write\",\"waiting\":false,\"owner\":\"A\",\"how\":\"posix\"},"
	    "{\"start\":10,\"len\":10,\"kind\":\"write\",\"waiting\":false,\"owner\":\"B\",\"how\":\"ofd\"},"
	    "{\"start\":5,\"len\":-1,\"kind\":\"shared\",\"waiting\":true,\"owner\":\"C\",\"how\":\"flock\"}]}");
	buf_reset(&b);
	desc_add_value(&b, n);
	CHECK_STR(b.data, "A write 0-9 posix, B write 10-19 ofd, C shared 5-EOF flock waiting");
	desc_free(&d);

	/* The ruler reaches the end of the furthest range; a file of
	 * unknown size and no range spans a byte. Many ranges keep their
	 * order; none overflows, however far it lies. */
	d = desc_new();
	desc_ranges(d, "ruler", -1);
	desc_close(d);
	CHECK(desc_ranges_scale(desc_find(d, "ruler")) == 1);
	desc_ranges(d, "far", 4);
	for (i = 0; i < 9; i++)
		desc_range(d, i * 10, 10, i % 2 ? RANGE_READ : RANGE_EXCLUSIVE, false, "A", "posix");
	desc_range(d, INT64_MAX - 9, 10, RANGE_WRITE, false, "B", "posix");
	desc_close(d);
	n = desc_find(d, "far");
	CHECK(n->len == 10 && n->ranges[8].start == 80 && n->ranges[8].kind == RANGE_EXCLUSIVE);
	CHECK(desc_ranges_scale(n) == INT64_MAX);
	desc_range_cells(&n->ranges[9], INT64_MAX, DESC_RULER_WIDTH, &from, &to);
	CHECK(from == DESC_RULER_WIDTH - 1 && to == DESC_RULER_WIDTH - 1);
	desc_range_cells(&n->ranges[0], INT64_MAX, DESC_RULER_WIDTH, &from, &to);
	CHECK(from == 0 && to == 0);
	/* No lock starts before the file, but nothing breaks if one does. */
	desc_range_cells(&(struct desc_range){ .start = -5, .len = 3 }, 20, DESC_RULER_WIDTH,
	    &from, &to);
	CHECK(from == 0 && to == 0);
	desc_range_cells(&(struct desc_range){ .start = INT64_MIN, .len = INT64_MAX }, 20,
	    DESC_RULER_WIDTH, &from, &to);
	CHECK(from == 0 && to == 0);
	buf_reset(&b);
	desc_write_text(&b, d, 0);
	CHECK(strstr(b.data, "- bytes        |0                              1|\n") != NULL);
	CHECK(strstr(b.data, "- A W          |#...............................| posix\n") != NULL);
	CHECK(strstr(b.data, "- A R          |=...............................| posix\n") != NULL);
	buf_free(&b);
	desc_free(&d);
}

/* Equal trees: every field's type, name and value, in order; bytes
 * past a NUL, a mask, ranges and sets count. */
static void
test_equal(void)
{
	struct desc	*a = sample(), *b = sample();
	unsigned char	 m1[3] = { 0, 1, 0 }, m2[3] = { 0, 0, 1 };

	CHECK(desc_equal(a, b));
	CHECK(desc_equal(NULL, NULL));
	CHECK(!desc_equal(a, NULL));
	desc_int(b, "more", 1);
	CHECK(!desc_equal(a, b));
	desc_int(a, "more", 2);
	CHECK(!desc_equal(a, b));
	desc_free(&a);
	desc_free(&b);

	a = desc_new();
	b = desc_new();
	desc_bytes(a, "data", "ab\0c", 4);
	desc_bytes(b, "data", "ab\0d", 4);
	CHECK(!desc_equal(a, b));
	desc_reset(a);
	desc_reset(b);
	desc_bytes_mask(a, "mem", "abc", 3, m1);
	desc_bytes_mask(b, "mem", "abc", 3, m2);
	CHECK(!desc_equal(a, b));
	desc_reset(b);
	desc_bytes_mask(b, "mem", "abc", 3, m1);
	CHECK(desc_equal(a, b));
	desc_reset(a);
	desc_reset(b);
	desc_word(a, "state", "idle");
	desc_text(b, "state", "idle");
	CHECK(!desc_equal(a, b));
	desc_reset(a);
	desc_reset(b);
	desc_sigset(a, "blocked", 1 << 9, 0);
	desc_sigset(b, "blocked", 1 << 10, 0);
	CHECK(!desc_equal(a, b));
	desc_reset(a);
	desc_reset(b);
	desc_ranges(a, "locks", 100);
	desc_range(a, 0, 10, RANGE_READ, false, "A", "posix");
	desc_close(a);
	desc_ranges(b, "locks", 100);
	desc_range(b, 0, 10, RANGE_READ, false, "B", "posix");
	desc_close(b);
	CHECK(!desc_equal(a, b));
	desc_free(&a);
	desc_free(&b);
}

/* JSON read back: a tree written reads back whole with its types. */
static void
test_json_read(void)
{
	struct desc	*d = sample(), *back = desc_new();
	struct buf	 b, types;
	char		*error;

	desc_sigset(d, "blocked", (1ULL << (SIGUSR1 - 1)) | (1ULL << 32), 1ULL << 32);
	desc_ranges(d, "locks", 100);
	desc_range(d, 0, 10, RANGE_WRITE, false, "A", "posix");
	desc_range(d, 5, -1, RANGE_SHARED, true, "pid 7", "flock");
	desc_close(d);
	desc_duration(d, "blocked_for", 1500000000);
	desc_size(d, "size", 4096);
	desc_bytes(d, "c1", "\xc2\x85\x85", 3);
	buf_init(&b);
	buf_init(&types);
	desc_write_json(&b, d->root);
	desc_add_types(&types, d->root);
	CHECK(json_read(back, b.data, b.len, &error));
	CHECK(error == NULL);
	CHECK(!desc_equal(d, back));	/* a gauge reads as a group, bytes as text */
	CHECK(desc_apply_types(back, back->root, types.data));
	CHECK(desc_equal(d, back));
	CHECK(desc_find(back, "blocked_for")->type == DESC_DURATION);
	CHECK(desc_find(back, "queued")->type == DESC_GAUGE);
	CHECK(desc_find(back, "contents")->len == 5);
	/* A C1 control (U+0085, two bytes) and the lone byte 0x85 each
	 * read back as what they were. */
	CHECK(strstr(b.data, "\\u00c2\\u0085\\u0085") != NULL);
	CHECK(desc_find(back, "c1")->len == 3 &&
	    memcmp(desc_find(back, "c1")->str, "\xc2\x85\x85", 3) == 0);
	CHECK(desc_find(back, "locks")->type == DESC_RANGES && desc_find(back, "locks")->len == 2);
	CHECK_STR(desc_find(back, "locks")->ranges[1].owner, "pid 7");
	/* Types that do not fit leave what was read. */
	CHECK(!desc_apply_types(back, back->root, "gl"));
	buf_free(&b);
	buf_free(&types);
	desc_free(&d);
	desc_free(&back);
}

/* Bad JSON is refused with where it is wrong, never read past. */
static void
test_json_bad(void)
{
	static const struct {
		const char	*text;
		const char	*error;
	} bad[] = {
		{ "", "line 1, column 1: empty: no JSON object" },
		{ "not json", "line 1, column 1: not a JSON object (it should start with '{')" },
		{ "[1]", "line 1, column 1: not a JSON object (it should start with '{')" },
		{ "{\"a\":1", "line 1, column 7: the file ends inside an object" },
		{ "{\"a\":\"xy", "line 1, column 9: the file ends inside a string" },
		{ "{\"a\":[1,", "line 1, column 9: the file ends where a value should be" },
		{ "{\n  \"a\": 1.5}", "line 2, column 9: a number with a fraction or an exponent "
		    "(only integers are read)" },
		{ "{\"a\":01}", "line 1, column 6: a number with a leading zero" },
		{ "{\"a\":1} x", "line 1, column 9: more after the end of the object" },
		{ "{\"a\" 1}", "line 1, column 6: ':' expected after a member name" },
		{ "{a:1}", "line 1, column 2: a member name (a string) expected" },
		{ "{\"a\":tru}", "line 1, column 6: not a JSON value (a string, number, object, "
		    "array, true, false or null)" },
		{ "{\"a\":\"\\x\"}", "line 1, column 8: an unknown escape in a string "
		    "(\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)" },
		{ "{\"a\":\"\\ud800\"}", "line 1, column 13: a high surrogate with no low one after it" },
		{ "{\"a\":\"\\u12\"}", "line 1, column 9: \\u needs four hex digits" },
		{ "{\"a\":18446744073709551616}", "line 1, column 6: a number out of range "
		    "(-2^63 to 2^64-1)" },
		{ "{\"a\":\"\t\"}", "line 1, column 7: a control character inside a string (escape it)" },
		{ "{\"a\":1 \"b\":2}", "line 1, column 8: ',' or '}' expected after a member" },
	};
	struct desc	*d;
	char		*error;
	char		 deep[200];
	size_t		 i;
	const char	*good = "{\"s\":\"\\u00ff\\u0000\\ud83d\\ude00\",\"n\":-9223372036854775808,"
	    "\"u\":18446744073709551615,\"z\":null,\"l\":[[],{}]}";

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = desc_new();
		CHECK(!json_read(d, bad[i].text, strlen(bad[i].text), &error));
		CHECK_STR(error, bad[i].error);
		free(error);
		desc_free(&d);
	}
	/* Nesting past the limit, and a NUL. */
	memset(deep, '[', sizeof deep);
	memcpy(deep, "{\"a\":", 5);
	d = desc_new();
	CHECK(!json_read(d, deep, sizeof deep, &error));
	CHECK(error != NULL && strstr(error, "nested too deep") != NULL);
	free(error);
	desc_free(&d);
	d = desc_new();
	CHECK(!json_read(d, "{\"a\":\0}", 7, &error));
	CHECK_STR(error, "line 1, column 6: a NUL byte: not a JSON text");
	free(error);
	desc_free(&d);
	/* Good: escapes as bytes, numbers at both ends, null. */
	d = desc_new();
	CHECK(json_read(d, good, strlen(good), &error));
	CHECK(desc_find(d, "s")->len == 6 && memcmp(desc_find(d, "s")->str,
	    "\xff\0\xf0\x9f\x98\x80", 6) == 0);
	CHECK(desc_find(d, "n")->num == INT64_MIN);
	CHECK(desc_find(d, "u")->is_unsigned && (uint64_t)desc_find(d, "u")->num == UINT64_MAX);
	CHECK_STR(desc_find(d, "z")->str, "null");
	CHECK(desc_find(d, "l.1")->type == DESC_GROUP);
	desc_free(&d);
}

int
main(void)
{
	RUN(test_find);
	RUN(test_json);
	RUN(test_text);
	RUN(test_sigset);
	RUN(test_ranges);
	RUN(test_quoted);
	RUN(test_escape);
	RUN(test_word_short);
	RUN(test_equal);
	RUN(test_json_read);
	RUN(test_json_bad);
	return unit_failed != 0;
}
