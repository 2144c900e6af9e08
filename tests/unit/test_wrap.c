/* test_wrap.c: text wider than its pane: a call's line that loses the
 * middle of its call and keeps its result, rows wrapped at blanks and
 * indented, and help paragraphs joined again. */
#include "config.h"

#include <stdlib.h>

#include "wrap.h"
#include "unit.h"

/* s elided to w columns, or "(no)" when it is not. */
static const char *
elided(const char *s, int w)
{
	static struct buf	 b;

	buf_reset(&b);
	if (!wrap_elide_call(&b, s, w, "~"))
		return "(no)";
	return b.data;
}

static void
test_elide(void)
{
	const char	*w = "write(4<p1.w>, \"abcdefghijklmnopqrstuvwxyzabcdef\"..., 2048) = 2048 <3.8us>";
	const char	*dl = "fcntl(3<f1>, F_SETLKW, {F_WRLCK, SEEK_SET, 0, 10}) = -1 EDEADLK "
	    "(Resource deadlock avoided) <1.9us>";

	/* It fits: as it is. */
	CHECK_STR(elided(w, 200), w);
	/* The middle goes, the start, the end of the call and the result stay. */
	CHECK_STR(elided(w, 60), "write(4<p1.w>, \"abcdefghij~zabcdef\"..., 2048) = 2048 <3.8us>");
	CHECK(wrap_cols(elided(w, 60), strlen(elided(w, 60))) == 60);
	CHECK_STR(elided(dl, 80), "fcntl(3<f1>, F_SET~SET, 0, 10}) = -1 EDEADLK "
	    "(Resource deadlock avoided) <1.9us>");
	CHECK(wrap_cols(elided(dl, 80), strlen(elided(dl, 80))) == 80);
	/* Too little of the call would be left: wrap instead. */
	CHECK_STR(elided(dl, 60), "(no)");
	/* A blocked call: what it is blocked in stays. */
	CHECK_STR(elided("write(4<p1.w>, \"abcdefghijklmnopqrstuvwxyzabcdef\"..., 2048) blocked in anon_pipe_write", 60),
	    "write(4<p1.w>, \"abc~ef\"..., 2048) blocked in anon_pipe_write");
	/* " = " in a string or in brackets is not the result. */
	CHECK_STR(elided("write(3, \"a = b) = c\", 9) = 9 <1us>", 20), "(no)");
	CHECK_STR(elided("for (i = 0; i < 1000000; i++) (*(uint64_t *)0x7f5930c6c000<m1>)++ = 2000000 <277us>", 40),
	    "for (i = 0; ~00<m1>)++ = 2000000 <277us>");
	/* No call: no eliding. */
	CHECK_STR(elided("killed by SIGTERM; a zombie until reaped (reap B) and more words", 30), "(no)");
	CHECK_STR(elided("x = 5 and a very long line of words after it", 20), "(no)");
}

/* The rows of s in w columns with the hang, joined by '|'. */
static const char *
rows(const char *s, int w, int hang)
{
	static struct buf	 b;
	struct wrap_row		*r = NULL;
	size_t			 i, n;

	buf_reset(&b);
	buf_add(&b, "", 0);
	n = wrap_rows(s, w, hang, &r);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%*s%.*s", i ? "|" : "", r[i].indent, "", (int)r[i].len, s + r[i].off);
	free(r);
	return b.data;
}

static void
test_rows(void)
{
	CHECK_STR(rows("short", 10, 2), "short");
	CHECK_STR(rows("", 10, 2), "");
	/* At a blank, the rows after the first indented. */
	CHECK_STR(rows("the quick brown fox jumps", 12, 2), "the quick|  brown fox|  jumps");
	/* A word longer than a row is cut where the row ends. */
	CHECK_STR(rows("abcdefghijklmnop", 6, 2), "abcdef|  ghij|  klmn|  op");
	/* No blank in the row's second half: cut there rather than leave it half empty. */
	CHECK_STR(rows("a bcdefghijklmnop", 8, 0), "a bcdefg|hijklmno|p");
	/* Every byte is in some row, whatever the width. */
	CHECK_STR(rows("one two", 1, 4), "o|n|e|t|w|o");
	/* A list of choices with no blank: after a '|' (rows joined by '|'
	 * here too). */
	CHECK_STR(rows("one of:  getfl|nonblock|block|getpipe", 20, 9),
	    "one of:  getfl||         nonblock||         block||         getpipe");
	/* UTF-8: one column a code point. */
	CHECK_STR(rows("\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88 ab", 4, 0), "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88|ab");
}

static void
test_hang(void)
{
	CHECK(wrap_hang("inode     14298384", 40) == 10);
	CHECK(wrap_hang("  OP           F_GETFL; set or clear", 60) == 15);
	CHECK(wrap_hang("  plain prose here", 40) == 4);
	CHECK(wrap_hang("plain", 40) == 2);
	/* Not past half the width. */
	CHECK(wrap_hang("  spawn NAME                         start a new actor", 40) == 4);
}

static void
test_reflow(void)
{
	struct buf	 b;

	buf_init(&b);
	wrap_reflow(&b, "usage: A fcntl\n  The actor calls\n  fcntl on it.\n  TARGET   an object\n"
	    "  OP       what\nexample: A fcntl f1\nLab commands:\n  a heading:\n  next");
	CHECK_STR(b.data, "usage: A fcntl\n  The actor calls fcntl on it.\n  TARGET   an object\n"
	    "  OP       what\nexample: A fcntl f1\nLab commands:\n  a heading:\n  next");
	buf_reset(&b);
	/* A label's text going on under it is joined; a list of choices
	 * after its '|' without a blank. */
	wrap_reflow(&b, "  OP           F_GETFL; set\n               or clear\n"
	    "               one of:  getfl|\n                        block\n  TYPE         locks");
	CHECK_STR(b.data, "  OP           F_GETFL; set or clear\n               one of:  getfl|block\n"
	    "  TYPE         locks");
	buf_free(&b);
}

/* A call's line split into its essential row and the rest, or "(no)". */
static const char *
split(const char *s, int w)
{
	static struct buf	 b;
	struct buf		 rest;

	buf_reset(&b);
	buf_init(&rest);
	if (!wrap_call_split(&b, &rest, s, w, "~")) {
		buf_free(&rest);
		return "(no)";
	}
	buf_printf(&b, " / %s", rest.data);
	buf_free(&rest);
	return b.data;
}

static void
test_split(void)
{
	/* The call elided, the result, errno's name, the time; the rest under. */
	CHECK_STR(split("fcntl(3<f1>, F_SETLKW, {F_WRLCK, SEEK_SET, 0, 10}) = -1 EDEADLK "
	    "(Resource deadlock avoided): waiting would deadlock <1.9us, began 56us after the release>", 50),
	    "fcntl(3<f1>, F_S~SET, 0, 10}) = -1 EDEADLK <1.9us> / (Resource deadlock avoided): "
	    "waiting would deadlock <began 56us after the release>");
	CHECK_STR(split("for (i = 0; i < 100000; i++) (*(uint64_t *)0x7f5930c6c000<m1>)++ = 200000 "
	    "(the counter as this actor last left it) <61us>", 40),
	    "for (i = 0; i~000<m1>)++ = 200000 <61us> / (the counter as this actor last left it)");
	/* No call: no split. */
	CHECK_STR(split("killed by SIGTERM; a zombie until reaped", 20), "(no)");
}

int
main(void)
{
	RUN(test_elide);
	RUN(test_rows);
	RUN(test_hang);
	RUN(test_reflow);
	RUN(test_split);
	return unit_failed;
}
