/* wrap.c: text wider than its pane. A line is wrapped into rows, the
 * rows after the first indented; a call's line may instead lose the
 * middle of its call, never its result, errno or time. The text is
 * plain already (escaped for the terminal): one column a code point,
 * two for a wide one. */
#include "config.h"

#include <string.h>

#include "wrap.h"

/* The columns of len bytes of s. */
int
wrap_cols(const char *s, size_t len)
{
	size_t	 i = 0, n;
	int	 cols = 0;

	while (i < len) {
		n = text_char(s + i, len - i);
		if (n == 0)
			n = 1;
		cols += text_char_cols(s + i, n);
		i += n;
	}
	return cols;
}

/* The bytes of s from the end that take at most cols columns. */
static size_t
fit_end(const char *s, size_t len, int cols)
{
	size_t	 i = 0, n;
	int	 left = wrap_cols(s, len);

	while (i < len && left > cols) {
		n = text_char(s + i, len - i);
		if (n == 0)
			n = 1;
		left -= text_char_cols(s + i, n);
		i += n;
	}
	return len - i;
}

int
wrap_hang(const char *s, int w)
{
	const char	*p = s, *word;
	int		 lead, hang;

	while (*p == ' ')
		p++;
	lead = (int)(p - s);
	/* "inode     14298384", "  OP           F_GETFL; ...": a label,
	 * a gap of two blanks or more, and the text the rows go under. */
	word = p;
	while (*p != '\0' && !(p[0] == ' ' && p[1] == ' '))
		p++;
	if (*p != '\0' && p > word) {
		while (*p == ' ')
			p++;
		hang = wrap_cols(s, (size_t)(p - s));
		if (*p != '\0' && hang <= w / 2)
			return hang;
	}
	hang = lead + 2;
	return hang <= w / 2 ? hang : 0;
}

size_t
wrap_rows(const char *s, int w, int hang, struct wrap_row **rows)
{
	size_t	 len = strlen(s), pos = 0, n = 0, fit, brk, cols;

	if (w < 1)
		w = 1;
	if (hang >= w)
		hang = 0;
	do {
		int	 indent = n == 0 ? 0 : hang;

		fit = text_fit(s + pos, len - pos, (size_t)(w - indent), &cols);
		if (fit == 0 && pos < len)	/* a wide character in one column */
			fit = text_char(s + pos, len - pos) > 0 ? text_char(s + pos, len - pos) : 1;
		brk = fit;
		/* At a blank, when there is one in the row's last half; or
		 * else after a '|' of a list of choices (a|b|c). */
		if (pos + fit < len) {
			size_t	 b = fit;

			while (b > fit / 2 && s[pos + b] != ' ')
				b--;
			if (b > fit / 2)
				brk = b;
			else {
				b = fit;
				while (b > fit / 2 && s[pos + b - 1] != '|')
					b--;
				if (b > fit / 2)
					brk = b;
			}
		}
		*rows = xreallocarray(*rows, n + 1, sizeof **rows);
		(*rows)[n].off = pos;
		(*rows)[n].len = brk;
		(*rows)[n].indent = indent;
		n++;
		pos += brk;
		if (pos < len) {
			while (s[pos] == ' ')
				pos++;
		}
	} while (pos < len);
	return n;
}

/* Where a call's result starts: the first " = " or " blocked" outside
 * quotes and brackets, or 0 if there is none. */
static size_t
result_start(const char *s)
{
	size_t	 i;
	int	 depth = 0;
	bool	 quoted = false;

	for (i = 0; s[i] != '\0'; i++) {
		if (quoted) {
			if (s[i] == '\\' && s[i + 1] != '\0')
				i++;
			else if (s[i] == '"')
				quoted = false;
			continue;
		}
		switch (s[i]) {
		case '"':
			quoted = true;
			break;
		case '(': case '[': case '{':
			depth++;
			break;
		case ')': case ']': case '}':
			depth--;
			break;
		case ' ':
			if (depth == 0 && i > 0 && (strncmp(s + i, " = ", 3) == 0 ||
			    strncmp(s + i, " blocked", 8) == 0))
				return i;
			break;
		}
	}
	return 0;
}

bool
wrap_elide_call(struct buf *out, const char *s, int w, const char *ellipsis)
{
	size_t	 len = strlen(s), res = result_start(s), open, head, tail;
	int	 room, ell = wrap_cols(ellipsis, strlen(ellipsis)), keep;
	size_t	 used;

	if (res == 0 || (open = strcspn(s, "(")) >= res)
		return false;
	/* What stays whole: the result; and the call's name and its '('. */
	room = w - wrap_cols(s + res, len - res);
	if (wrap_cols(s, res) <= room) {
		buf_adds(out, s);
		return true;
	}
	keep = room - ell;
	if (keep < WRAP_MIN_CALL || keep < wrap_cols(s, open + 1) + 4)
		return false;
	/* Three fifths of the room for the start (the name, the first
	 * arguments), the rest for the end (the last, the ')'). */
	head = text_fit(s, res, (size_t)(keep * 3 / 5), &used);
	if (head < open + 1)
		head = text_fit(s, res, (size_t)wrap_cols(s, open + 1), &used);
	tail = fit_end(s + head, res - head, keep - (int)used);
	buf_add(out, s, head);
	buf_adds(out, ellipsis);
	buf_add(out, s + res - tail, tail);
	buf_adds(out, s + res);
	return true;
}

/* A result's essential part, from the " = " at res: the value, and the
 * errno's name after a -1 ("= -1 EDEADLK"); its end. A blocked call's
 * " blocked in WCHAN" is all essential. */
static size_t
result_core_end(const char *s, size_t res)
{
	size_t	 i = res;

	if (strncmp(s + i, " = ", 3) != 0)
		return strlen(s);
	i += 3;
	if (s[i] == '-' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		i += strcspn(s + i, " ");
		if (s[i] == ' ' && s[i + 1] == 'E') {
			size_t	 j = i + 1;

			while ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9'))
				j++;
			if (s[j] == ' ' || s[j] == '\0')
				i = j;
		}
		return i;
	}
	return i + strcspn(s + i, " ");
}

/* Where a call's time starts: its last " <" followed by a digit, in a
 * line that ends with '>'; len if there is none. */
static size_t
time_start(const char *s, size_t from, size_t len)
{
	size_t	 i;

	if (len == 0 || s[len - 1] != '>')
		return len;
	for (i = len - 1; i > from; i--) {
		if (s[i - 1] == ' ' && s[i] == '<' && s[i + 1] >= '0' && s[i + 1] <= '9')
			return i - 1;
	}
	return len;
}

bool
wrap_call_split(struct buf *first, struct buf *rest, const char *s, int w, const char *ellipsis)
{
	size_t	 len = strlen(s), res = result_start(s), core, when, more;
	struct buf essential;
	bool	 ok;

	if (res == 0)
		return false;
	core = result_core_end(s, res);
	when = time_start(s, core, len);
	if (when < core)
		when = core;
	/* "<2.6us, began 56us after the release>": the time taken is
	 * essential, when it began goes with the rest. */
	more = when + strcspn(s + when, ",");
	if (more >= len)
		more = len;
	buf_init(&essential);
	buf_add(&essential, s, core);
	buf_add(&essential, s + when, more - when);
	if (more < len)
		buf_adds(&essential, ">");
	buf_adds(&essential, "");
	ok = wrap_elide_call(first, essential.data, w, ellipsis);
	buf_free(&essential);
	if (!ok)
		return false;
	while (core < when && s[core] == ' ')
		core++;
	buf_add(rest, s + core, when - core);
	if (more < len) {
		if (when > core)
			buf_addc(rest, ' ');
		buf_adds(rest, "<");
		buf_add(rest, s + more + 2, len - more - 2);
	}
	buf_adds(rest, "");
	return true;
}

/* Whether a line is prose that goes on in the next: indented (a help's
 * paragraphs are), with no gap of two blanks after its start (a label
 * and its text), not a heading (ending in ':'). */
static bool
prose(const char *s, size_t len, size_t *lead)
{
	size_t	 i = 0;

	while (i < len && s[i] == ' ')
		i++;
	*lead = i;
	if (i == 0 || i == len || s[len - 1] == ':')
		return false;
	for (; i + 1 < len; i++) {
		if (s[i] == ' ' && s[i + 1] == ' ')
			return false;
	}
	return true;
}

/* Where the text of a label line (a label, a gap of two blanks or
 * more, its text: "  OP           F_GETFL; ...") starts; -1 if s is
 * none. */
static int
label_hang(const char *s, size_t len)
{
	size_t	 i = 0;

	while (i < len && s[i] == ' ')
		i++;
	if (i == 0)
		return -1;
	for (; i + 1 < len; i++) {
		if (s[i] == ' ' && s[i + 1] == ' ') {
			while (i < len && s[i] == ' ')
				i++;
			return i < len ? wrap_cols(s, i) : -1;
		}
	}
	return -1;
}

void
wrap_reflow(struct buf *out, const char *text)
{
	const char	*s = text, *e;
	size_t		 len, lead;
	int		 hang = -1;	/* where the line's rows go on; -1: none do */
	bool		 cur;

	buf_adds(out, "");
	for (; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		len = (size_t)(e - s);
		cur = prose(s, len, &lead);
		if (cur && hang >= 0 && (int)lead == hang) {
			/* A paragraph's next line, or a label's text going on
			 * under it; a list of choices (a|b|) goes on unbroken. */
			if (out->len == 0 || out->data[out->len - 1] != '|')
				buf_addc(out, ' ');
			buf_add(out, s + lead, len - lead);
			buf_adds(out, "");
			continue;
		}
		if (s != text)
			buf_addc(out, '\n');
		buf_add(out, s, len);
		buf_adds(out, "");
		hang = cur ? (int)lead : label_hang(s, len);
	}
}
