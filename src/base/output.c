/* output.c: records printed as text or JSON lines. */
#include "config.h"

#include <sys/ioctl.h>

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "output.h"

/* A message quotes at most WORD_SHOWN characters of a word the user typed,
 * so only one that quotes text unbounded comes near this: it is cut here,
 * wherever it is written. */
#define ERROR_LINE_MAX	400
#define WRAP_INDENT	"  "

/* Events about an actor read "A: write(...) = 5"; results of lab
 * commands (show, help, echo, expect) stand alone. */
static bool
prefixed(const struct record *r)
{
	if (r->who == NULL)
		return false;
	switch (r->kind) {
	case RECORD_SHOW:
	case RECORD_HELP:
	case RECORD_ECHO:
	case RECORD_EXPECT:
	case RECORD_ERROR:
		return false;
	default:
		return true;
	}
}

/* The columns of the terminal f writes to, or 0 when it is not one. */
static int
terminal_width(FILE *f)
{
	struct winsize	 ws;
	int		 fd = fileno(f);

	if (fd == -1 || !isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) == -1)
		return 0;
	return ws.ws_col;
}

/* Add one line of escaped text, wrapped at blanks to width columns when
 * width is not 0, the lines after the first indented. */
static void
add_line(struct buf *b, const char *s, size_t len, int width)
{
	size_t	 fit, used, cut, room = (size_t)width, indent = strlen(WRAP_INDENT);

	while (width > 0 && (fit = text_fit(s, len, room, &used)) < len) {
		/* The last blank that fits, but not one that leaves nothing. */
		for (cut = fit; cut > 0 && s[cut] != ' '; cut--)
			;
		if (cut == 0 && fit > 0)
			cut = fit;
		else if (cut == 0)	/* a wide character in one column */
			cut = text_char(s, len) > 0 ? text_char(s, len) : 1;
		buf_add(b, s, cut);
		buf_addc(b, '\n');
		while (cut < len && s[cut] == ' ')
			cut++;
		s += cut;
		len -= cut;
		if ((size_t)width > indent + 10) {
			buf_adds(b, WRAP_INDENT);
			room = (size_t)width - indent;
		}
	}
	buf_add(b, s, len);
	buf_addc(b, '\n');
}

/* The same, cut at ERROR_LINE_MAX columns first. */
static void
add_line_limited(struct buf *b, const char *s, size_t len, int width)
{
	struct buf	 cut;
	size_t		 used;

	if (text_fit(s, len, ERROR_LINE_MAX, &used) == len) {
		add_line(b, s, len, width);
		return;
	}
	buf_init(&cut);
	buf_add(&cut, s, text_fit(s, len, ERROR_LINE_MAX - 3, &used));
	buf_adds(&cut, "...");
	add_line(b, cut.data, cut.len, width);
	buf_free(&cut);
}

/* Add text, escaped for a terminal, as lines: several if lines (a show),
 * else one. */
static void
add_text(struct buf *b, const char *text, bool lines, bool limit, int width)
{
	struct buf	 esc;
	const char	*s, *nl;
	size_t		 len;

	buf_init(&esc);
	buf_add_text(&esc, text, strlen(text), lines);
	for (s = esc.data; ; s = nl + 1) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		if (limit)
			add_line_limited(b, s, len, width);
		else
			add_line(b, s, len, width);
		if (nl == NULL)
			break;
	}
	buf_free(&esc);
}

static void
output_write(struct output *o, FILE *f, const struct buf *b)
{
	/* Keep stdout and stderr in order when both go to one place. */
	if (f == o->err)
		fflush(o->out);
	fwrite(b->data, 1, b->len, f);
	if (fflush(f) == EOF && errno == EPIPE)
		o->broken = true;	/* like "| head": the reader is gone */
}

void
output_record(void *arg, const struct record *r)
{
	struct output	*o = arg;
	struct buf	 b, line;
	FILE		*f;
	bool		 err;

	buf_init(&b);
	if (o->json) {
		record_write_json(&b, r);
		buf_addc(&b, '\n');
		f = o->out;
	} else {
		err = r->level == REC_ERROR &&
		    (r->kind == RECORD_ERROR || r->kind == RECORD_EXPECT);
		f = err ? o->err : o->out;
		buf_init(&line);
		if (r->kind == RECORD_ERROR)
			buf_adds(&line, "ipcscope: ");
		if (prefixed(r))
			buf_printf(&line, "%s: ", r->who);
		buf_adds(&line, r->text);
		add_text(&b, line.data, record_multiline(r), err, err ? terminal_width(f) : 0);
		buf_free(&line);
	}
	output_write(o, f, &b);
	buf_free(&b);
}

void
output_message(FILE *f, const char *fmt, ...)
{
	struct buf	 line, b;
	va_list		 ap;

	buf_init(&line);
	buf_adds(&line, "ipcscope: ");
	va_start(ap, fmt);
	buf_vprintf(&line, fmt, ap);
	va_end(ap);
	buf_init(&b);
	add_text(&b, line.data, false, true, terminal_width(f));
	fflush(stdout);
	fwrite(b.data, 1, b.len, f);
	fflush(f);
	buf_free(&line);
	buf_free(&b);
}
