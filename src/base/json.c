/* json.c: JSON read back into a description tree, and the field types
 * that JSON does not say, kept as a string of letters beside it. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "signames.h"

struct reader {
	const char	*text;
	size_t		 len;
	size_t		 at;
	struct desc	*d;
	char		*error;
	struct buf	 str;	/* the string being read */
	struct buf	 name;	/* the member name being read */
};

/* Fail at the reader's place with "line L, column C: what". */
static bool
fail(struct reader *r, const char *what)
{
	size_t	 i, line = 1, col = 1;

	if (r->error != NULL)
		return false;
	for (i = 0; i < r->at && i < r->len; i++) {
		if (r->text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)r->text[i] & 0xc0) != 0x80)
			col++;
	}
	r->error = xasprintf("line %zu, column %zu: %s", line, col, what);
	return false;
}

static void
skip_space(struct reader *r)
{
	while (r->at < r->len && (r->text[r->at] == ' ' || r->text[r->at] == '\t' ||
	    r->text[r->at] == '\n' || r->text[r->at] == '\r'))
		r->at++;
}

static int
peek(struct reader *r)
{
	skip_space(r);
	return r->at < r->len ? (unsigned char)r->text[r->at] : -1;
}

static int
hex4(struct reader *r)
{
	int	 v = 0, i, c;

	if (r->len - r->at < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((c = hex_digit((unsigned char)r->text[r->at + i])) == -1)
			return -1;
		v = v * 16 + c;
	}
	r->at += 4;
	return v;
}

static void
add_utf8(struct buf *b, uint32_t cp)
{
	char	 u[4];

	if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* The escape after a backslash; \u0000..\u00ff is that byte. */
static bool
read_escape(struct reader *r, struct buf *b)
{
	int	 c, lo;
	uint32_t cp;

	if (r->at >= r->len)
		return fail(r, "the file ends inside a string");
	c = (unsigned char)r->text[r->at++];
	switch (c) {
	case '"': case '\\': case '/':
		buf_addc(b, (char)c);
		return true;
	case 'b': buf_addc(b, '\b'); return true;
	case 'f': buf_addc(b, '\f'); return true;
	case 'n': buf_addc(b, '\n'); return true;
	case 'r': buf_addc(b, '\r'); return true;
	case 't': buf_addc(b, '\t'); return true;
	case 'u':
		break;
	default:
		r->at--;
		return fail(r, "an unknown escape in a string (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
	}
	if ((c = hex4(r)) < 0)
		return fail(r, "\\u needs four hex digits");
	cp = (uint32_t)c;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(r, "a low surrogate with no high one before it");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (r->len - r->at < 2 || r->text[r->at] != '\\' || r->text[r->at + 1] != 'u')
			return fail(r, "a high surrogate with no low one after it");
		r->at += 2;
		if ((lo = hex4(r)) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return fail(r, "a high surrogate with no low one after it");
		cp = 0x10000 + ((cp - 0xd800) << 10) + ((uint32_t)lo - 0xdc00);
	}
	if (cp <= 0xff)
		buf_addc(b, (char)cp);
	else
		add_utf8(b, cp);
	return true;
}

static bool
read_string(struct reader *r, struct buf *b)
{
	int	 c;

	buf_reset(b);
	r->at++;	/* the quote */
	for (;;) {
		if (r->at >= r->len)
			return fail(r, "the file ends inside a string");
		c = (unsigned char)r->text[r->at];
		if (c == '"') {
			r->at++;
			return true;
		}
		if (c < 0x20)
			return fail(r, "a control character inside a string (escape it)");
		r->at++;
		if (c == '\\') {
			if (!read_escape(r, b))
				return false;
		} else
			buf_addc(b, (char)c);
	}
}

static bool
read_number(struct reader *r, const char *name)
{
	const char	*s = r->text + r->at;
	size_t		 n = 0, avail = r->len - r->at;
	char		 digits[32];
	char		*end;
	bool		 neg = false;

	if (n < avail && s[n] == '-') {
		neg = true;
		n++;
	}
	if (n >= avail || s[n] < '0' || s[n] > '9')
		return fail(r, "a number needs a digit");
	if (s[n] == '0' && n + 1 < avail && s[n + 1] >= '0' && s[n + 1] <= '9')
		return fail(r, "a number with a leading zero");
	while (n < avail && s[n] >= '0' && s[n] <= '9')
		n++;
	if (n < avail && (s[n] == '.' || s[n] == 'e' || s[n] == 'E')) {
		r->at += n;
		return fail(r, "a number with a fraction or an exponent (only integers are read)");
	}
	if (n >= sizeof digits) {
		r->at += n;
		return fail(r, "a number out of range (-2^63 to 2^64-1)");
	}
	memcpy(digits, s, n);
	digits[n] = '\0';
	errno = 0;
	if (neg) {
		long long v = strtoll(digits, &end, 10);

		if (errno != 0)
			return fail(r, "a number out of range (-2^63 to 2^64-1)");
		desc_int(r->d, name, v);
	} else {
		unsigned long long v = strtoull(digits, &end, 10);

		if (errno != 0)
			return fail(r, "a number out of range (-2^63 to 2^64-1)");
		if (v > INT64_MAX)
			desc_uint(r->d, name, v);
		else
			desc_int(r->d, name, (int64_t)v);
	}
	r->at += n;
	return true;
}

static bool
read_word(struct reader *r, const char *word)
{
	size_t	 n = strlen(word);

	if (r->len - r->at < n || memcmp(r->text + r->at, word, n) != 0)
		return fail(r, "not a JSON value (a string, number, object, array, true, false or null)");
	r->at += n;
	return true;
}

static bool	 read_value(struct reader *, const char *name, int depth);

static bool
read_members(struct reader *r, int depth)
{
	char	*name;
	bool	 ok;

	r->at++;	/* { */
	if (peek(r) == '}') {
		r->at++;
		return true;
	}
	for (;;) {
		if (peek(r) != '"')
			return fail(r, r->at >= r->len ? "the file ends inside an object" :
			    "a member name (a string) expected");
		if (!read_string(r, &r->name))
			return false;
		if (r->name.len > 0 && memchr(r->name.data, '\0', r->name.len) != NULL)
			return fail(r, "a member name holds a NUL");
		if (peek(r) != ':')
			return fail(r, r->at >= r->len ? "the file ends inside an object" :
			    "':' expected after a member name");
		r->at++;
		name = xstrndup(r->name.len > 0 ? r->name.data : "", r->name.len);
		ok = read_value(r, name, depth + 1);
		free(name);
		if (!ok)
			return false;
		switch (peek(r)) {
		case ',':
			r->at++;
			continue;
		case '}':
			r->at++;
			return true;
		case -1:
			return fail(r, "the file ends inside an object");
		default:
			return fail(r, "',' or '}' expected after a member");
		}
	}
}

static bool
read_items(struct reader *r, int depth)
{
	r->at++;	/* [ */
	if (peek(r) == ']') {
		r->at++;
		return true;
	}
	for (;;) {
		if (!read_value(r, NULL, depth + 1))
			return false;
		switch (peek(r)) {
		case ',':
			r->at++;
			continue;
		case ']':
			r->at++;
			return true;
		case -1:
			return fail(r, "the file ends inside an array");
		default:
			return fail(r, "',' or ']' expected after an item");
		}
	}
}

static bool
read_value(struct reader *r, const char *name, int depth)
{
	struct desc_node	*n;
	bool			 ok;

	if (depth > JSON_DEPTH)
		return fail(r, "nested too deep");
	switch (peek(r)) {
	case -1:
		return fail(r, "the file ends where a value should be");
	case '{':
		desc_group(r->d, name);
		ok = read_members(r, depth);
		if (ok)
			desc_close(r->d);
		return ok;
	case '[':
		desc_list(r->d, name);
		ok = read_items(r, depth);
		if (ok)
			desc_close(r->d);
		return ok;
	case '"':
		if (!read_string(r, &r->str))
			return false;
		desc_bytes(r->d, name, r->str.data, r->str.len);
		n = r->d->cur->last;
		n->type = DESC_TEXT;
		return true;
	case 't':
		if (!read_word(r, "true"))
			return false;
		desc_bool(r->d, name, true);
		return true;
	case 'f':
		if (!read_word(r, "false"))
			return false;
		desc_bool(r->d, name, false);
		return true;
	case 'n':
		if (!read_word(r, "null"))
			return false;
		desc_word(r->d, name, "null");
		return true;
	default:
		return read_number(r, name);
	}
}

bool
json_read(struct desc *d, const char *text, size_t len, char **error)
{
	struct reader	 r = { .text = text, .len = len, .d = d };
	bool		 ok;

	*error = NULL;
	buf_init(&r.str);
	buf_init(&r.name);
	if (len > 0 && memchr(text, '\0', len) != NULL) {
		r.at = (size_t)((const char *)memchr(text, '\0', len) - text);
		ok = fail(&r, "a NUL byte: not a JSON text");
	} else if (peek(&r) != '{')
		ok = fail(&r, r.at >= len ? "empty: no JSON object" :
		    "not a JSON object (it should start with '{')");
	else
		ok = read_members(&r, 0);
	if (ok && peek(&r) != -1)
		ok = fail(&r, "more after the end of the object");
	buf_free(&r.str);
	buf_free(&r.name);
	/* A failure leaves groups open: close them, keeping what was read. */
	d->cur = d->root;
	*error = r.error;
	return ok;
}

static char
type_letter(const struct desc_node *n)
{
	switch (n->type) {
	case DESC_GROUP:	return 'g';
	case DESC_LIST:		return 'l';
	case DESC_INT:		return n->is_unsigned ? 'u' : 'i';
	case DESC_SIZE:		return 'z';
	case DESC_DURATION:	return 'd';
	case DESC_WORD:		return 'w';
	case DESC_TEXT:		return 't';
	case DESC_BYTES:	return 'b';
	case DESC_GAUGE:	return 'G';
	case DESC_BOOL:		return 'B';
	case DESC_SIGSET:	return 'S';
	case DESC_RANGES:	return 'R';
	}
	return '?';
}

void
desc_add_types(struct buf *b, const struct desc_node *n)
{
	const struct desc_node	*c;

	buf_addc(b, type_letter(n));
	if (n->type != DESC_GROUP && n->type != DESC_LIST)
		return;
	for (c = n->first; c != NULL; c = c->next)
		desc_add_types(b, c);
}

/* A list of signal names read back as a set: "SIGUSR1", "SIG33(libc)". */
static bool
apply_sigset(struct desc_node *n)
{
	struct desc_node	*c;
	uint64_t		 set = 0, libc = 0;
	char			 name[32];
	size_t			 len;
	int			 sig;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type != DESC_TEXT || c->len >= sizeof name)
			return false;
		memcpy(name, c->str, c->len + 1);
		len = strlen(name);
		if (len > 6 && strcmp(name + len - 6, "(libc)") == 0) {
			name[len - 6] = '\0';
			if ((sig = sig_parse(name)) < 1 && strncmp(name, "SIG", 3) == 0)
				sig = sig_parse(name + 3);
			if (sig < 1 || sig > 64)
				return false;
			libc |= 1ULL << (sig - 1);
		} else if ((sig = sig_parse(name)) < 1 || sig > 64)
			return false;
		set |= 1ULL << (sig - 1);
	}
	n->type = DESC_SIGSET;
	n->num = (int64_t)set;
	n->max = (int64_t)libc;
	n->first = n->last = NULL;
	return true;
}

/* A ruler's JSON, {"extent", "ranges": [{start, len, kind, waiting,
 * owner, how}]}, read back as byte ranges (in d's arena). */
static bool
apply_ranges(struct desc *d, struct desc_node *n)
{
	static const enum range_kind kinds[] = { RANGE_READ, RANGE_WRITE, RANGE_SHARED,
	    RANGE_EXCLUSIVE };
	struct desc_node	*extent = desc_find_child(n, "extent");
	struct desc_node	*list = desc_find_child(n, "ranges"), *c, *f[6], *cur;
	static const char *const fields[] = { "start", "len", "kind", "waiting", "owner", "how" };
	size_t			 i, k;

	if (extent == NULL || extent->type != DESC_INT || list == NULL || list->type != DESC_LIST)
		return false;
	for (c = list->first; c != NULL; c = c->next) {
		for (i = 0; i < nitems(fields); i++) {
			f[i] = c->type == DESC_GROUP ? desc_find_child(c, fields[i]) : NULL;
			if (f[i] == NULL || f[i]->type != (i < 2 ? DESC_INT : i == 3 ? DESC_BOOL :
			    DESC_TEXT) || (f[i]->type == DESC_TEXT &&
			    memchr(f[i]->str, '\0', f[i]->len) != NULL))
				return false;
		}
		for (k = 0; k < nitems(kinds) && strcmp(range_kind_name(kinds[k]), f[2]->str) != 0; k++)
			;
		if (k == nitems(kinds))
			return false;
	}
	/* Every range is good: the node becomes the ruler. */
	n->type = DESC_RANGES;
	n->num = extent->num;
	n->first = n->last = NULL;
	n->len = 0;
	cur = d->cur;
	d->cur = n;
	for (c = list->first; c != NULL; c = c->next) {
		for (i = 0; i < nitems(fields); i++)
			f[i] = desc_find_child(c, fields[i]);
		for (k = 0; strcmp(range_kind_name(kinds[k]), f[2]->str) != 0; k++)
			;
		desc_range(d, f[0]->num, f[1]->num, kinds[k], f[3]->num != 0, f[4]->str, f[5]->str);
	}
	d->cur = cur;
	return true;
}

static bool
apply(struct desc *d, struct desc_node *n, const char **types)
{
	struct desc_node	*c, *used, *cap;
	char			 t = **types;

	if (t == '\0')
		return false;
	(*types)++;
	switch (t) {
	case 'g':
	case 'l':
		if (n->type != (t == 'g' ? DESC_GROUP : DESC_LIST))
			return false;
		for (c = n->first; c != NULL; c = c->next) {
			if (!apply(d, c, types))
				return false;
		}
		return true;
	case 'i': case 'u': case 'z': case 'd':
		if (n->type != DESC_INT)
			return false;
		n->type = t == 'z' ? DESC_SIZE : t == 'd' ? DESC_DURATION : DESC_INT;
		if (t == 'u')
			n->is_unsigned = true;
		return true;
	case 'w': case 't': case 'b':
		if (n->type != DESC_TEXT)
			return false;
		n->type = t == 'w' ? DESC_WORD : t == 'b' ? DESC_BYTES : DESC_TEXT;
		return true;
	case 'B':
		return n->type == DESC_BOOL;
	case 'G':
		if (n->type != DESC_GROUP || (used = desc_find_child(n, "used")) == NULL ||
		    (cap = desc_find_child(n, "capacity")) == NULL || used->type != DESC_INT ||
		    cap->type != DESC_INT)
			return false;
		n->type = DESC_GAUGE;
		n->num = used->num;
		n->max = cap->num;
		n->first = n->last = NULL;
		return true;
	case 'S':
		return n->type == DESC_LIST && apply_sigset(n);
	case 'R':
		return n->type == DESC_GROUP && apply_ranges(d, n);
	default:
		return false;
	}
}

bool
desc_apply_types(struct desc *d, struct desc_node *n, const char *types)
{
	return apply(d, n, &types) && *types == '\0';
}
