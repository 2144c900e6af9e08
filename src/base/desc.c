/* desc.c: description trees and their text and JSON writers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "signames.h"

#define CHUNK_SIZE	1024
#define CHUNK_MAX	(64 * 1024)	/* under malloc's mmap threshold: reused, not faulted in */

struct desc_chunk {
	struct desc_chunk	*next;
	size_t			 used;
	size_t			 size;
	max_align_t		 data[];
};

/* n bytes from the arena, aligned for anything. */
static void *
arena(struct desc *d, size_t n)
{
	struct desc_chunk	*c = d->chunks;
	size_t			 size;
	void			*p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (c == NULL || c->size - c->used < n) {
		/* Each chunk twice the last, up to CHUNK_MAX: a big
		 * description takes few. */
		size = c == NULL ? CHUNK_SIZE : c->size < CHUNK_MAX ? c->size * 2 : CHUNK_MAX;
		if (n > size / 2)
			size = n;
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		/* A large piece gets a chunk of its own, behind the current
		 * one, which keeps its room. */
		if (d->chunks != NULL && size == n) {
			c->next = d->chunks->next;
			d->chunks->next = c;
		} else {
			c->next = d->chunks;
			d->chunks = c;
		}
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static char *
arena_mem(struct desc *d, const void *s, size_t len)
{
	char	*p = arena(d, len + 1);

	if (len != 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static struct desc_node *
desc_add(struct desc *d, enum desc_type type, const char *name)
{
	struct desc_node	*n, *parent = d->cur;

	if (parent->type == DESC_RANGES)
		fatal("a field added inside desc_ranges: close it first");
	n = arena(d, sizeof *n);
	memset(n, 0, sizeof *n);
	n->type = type;
	n->name = name != NULL ? arena_mem(d, name, strlen(name)) : NULL;
	n->parent = parent;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	return n;
}

struct desc *
desc_new(void)
{
	struct desc	*d;

	d = xcalloc(1, sizeof *d);
	d->root = arena(d, sizeof *d->root);
	memset(d->root, 0, sizeof *d->root);
	d->root->type = DESC_GROUP;
	d->cur = d->root;
	return d;
}

void
desc_reset(struct desc *d)
{
	struct desc_chunk	*c, *next;

	/* Keep one chunk for what comes next. */
	for (c = d->chunks != NULL ? d->chunks->next : NULL; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	if (d->chunks != NULL) {
		d->chunks->next = NULL;
		d->chunks->used = 0;
	}
	d->root = arena(d, sizeof *d->root);
	memset(d->root, 0, sizeof *d->root);
	d->root->type = DESC_GROUP;
	d->cur = d->root;
}

void
desc_free(struct desc **dp)
{
	struct desc_chunk	*c, *next;

	if (*dp == NULL)
		return;
	for (c = (*dp)->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	freep(dp);
}

void
desc_group(struct desc *d, const char *name)
{
	if (d == NULL)
		return;
	d->cur = desc_add(d, DESC_GROUP, name);
}

void
desc_list(struct desc *d, const char *name)
{
	if (d == NULL)
		return;
	d->cur = desc_add(d, DESC_LIST, name);
}

void
desc_close(struct desc *d)
{
	if (d == NULL)
		return;
	if (d->cur->parent == NULL)
		fatal("desc_close with no open group");
	d->cur = d->cur->parent;
}

void
desc_int(struct desc *d, const char *name, int64_t v)
{
	if (d == NULL)
		return;
	desc_add(d, DESC_INT, name)->num = v;
}

void
desc_uint(struct desc *d, const char *name, uint64_t v)
{
	struct desc_node	*n;

	if (d == NULL)
		return;
	n = desc_add(d, DESC_INT, name);
	n->num = (int64_t)v;
	n->is_unsigned = true;
}

void
desc_size(struct desc *d, const char *name, int64_t v)
{
	if (d == NULL)
		return;
	desc_add(d, DESC_SIZE, name)->num = v;
}

void
desc_duration(struct desc *d, const char *name, int64_t ns)
{
	if (d == NULL)
		return;
	desc_add(d, DESC_DURATION, name)->num = ns;
}

void
desc_bool(struct desc *d, const char *name, bool v)
{
	if (d == NULL)
		return;
	desc_add(d, DESC_BOOL, name)->num = v;
}

void
desc_word(struct desc *d, const char *name, const char *word)
{
	struct desc_node	*n;

	if (d == NULL)
		return;
	n = desc_add(d, DESC_WORD, name);
	n->len = strlen(word);
	n->str = arena_mem(d, word, n->len);
}

void
desc_text(struct desc *d, const char *name, const char *fmt, ...)
{
	va_list			 ap;
	char			*text;

	if (d == NULL)
		return;
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	desc_string(d, name, text);
	free(text);
}

void
desc_string(struct desc *d, const char *name, const char *text)
{
	struct desc_node	*n;

	if (d == NULL)
		return;
	n = desc_add(d, DESC_TEXT, name);
	n->len = strlen(text);
	n->str = arena_mem(d, text, n->len);
}

void
desc_bytes(struct desc *d, const char *name, const void *p, size_t len)
{
	struct desc_node	*n;

	if (d == NULL)
		return;
	n = desc_add(d, DESC_BYTES, name);
	n->str = arena_mem(d, p, len);
	n->len = len;
}

void
desc_bytes_mask(struct desc *d, const char *name, const void *p, size_t len,
    const unsigned char *mask)
{
	struct desc_node	*n;

	if (d == NULL)
		return;
	desc_bytes(d, name, p, len);
	n = d->cur->last;
	n->mask = (unsigned char *)arena_mem(d, mask, len);
}

void
desc_gauge(struct desc *d, const char *name, int64_t used, int64_t capacity)
{
	struct desc_node	*n;

	if (d == NULL)
		return;
	n = desc_add(d, DESC_GAUGE, name);
	n->num = used;
	n->max = capacity;
}

void
desc_sigset(struct desc *d, const char *name, uint64_t set, uint64_t libc)
{
	struct desc_node	*n;

	if (d == NULL)
		return;
	n = desc_add(d, DESC_SIGSET, name);
	n->num = (int64_t)set;
	n->max = (int64_t)libc;
}

void
desc_ranges(struct desc *d, const char *name, int64_t extent)
{
	if (d == NULL)
		return;
	d->cur = desc_add(d, DESC_RANGES, name);
	d->cur->num = extent;
}

void
desc_range(struct desc *d, int64_t start, int64_t len, enum range_kind kind, bool waiting,
    const char *owner, const char *how)
{
	struct desc_node	*n;
	struct desc_range	*r;

	if (d == NULL)
		return;
	n = d->cur;
	if (n->type != DESC_RANGES)
		fatal("desc_range outside desc_ranges");
	/* The arena does not grow a piece: room for 4, then twice as much
	 * each time it is full. */
	if (n->len == 0 || (n->len >= 4 && (n->len & (n->len - 1)) == 0)) {
		r = arena(d, (n->len == 0 ? 4 : n->len * 2) * sizeof *r);
		if (n->len != 0)
			memcpy(r, n->ranges, n->len * sizeof *r);
		n->ranges = r;
	}
	r = &n->ranges[n->len++];
	r->start = start;
	r->len = len;
	r->kind = kind;
	r->waiting = waiting;
	r->owner = arena_mem(d, owner, strlen(owner));
	r->how = arena_mem(d, how, strlen(how));
}

void
desc_move(struct desc *d, struct desc *from, const char *name)
{
	struct desc_node	*n, *prev = NULL, *parent = d->cur;

	for (n = from->root->first; n != NULL; prev = n, n = n->next) {
		if (n->name != NULL && strcmp(n->name, name) == 0)
			break;
	}
	if (n == NULL)
		return;
	/* The node lives in from's arena: d takes the arena over, and from
	 * starts a new one. */
	if (from->chunks != NULL) {
		struct desc_chunk	*last = from->chunks;

		while (last->next != NULL)
			last = last->next;
		last->next = d->chunks;
		d->chunks = from->chunks;
		from->chunks = NULL;
	}
	if (prev != NULL)
		prev->next = n->next;
	else
		from->root->first = n->next;
	if (from->root->last == n)
		from->root->last = prev;
	n->next = NULL;
	n->parent = parent;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
}

void
desc_copy(struct desc *d, const struct desc_node *from, const char *name)
{
	struct desc_node	*n;
	const struct desc_node	*c;
	size_t			 i;

	if (d == NULL)
		return;
	n = desc_add(d, from->type, name);
	n->num = from->num;
	n->is_unsigned = from->is_unsigned;
	n->max = from->max;
	n->len = from->len;
	if (from->str != NULL)
		n->str = arena_mem(d, from->str, from->len);
	if (from->mask != NULL)
		n->mask = (unsigned char *)arena_mem(d, from->mask, from->len);
	if (from->type == DESC_RANGES) {
		n->ranges = arena(d, (from->len + 1) * sizeof *n->ranges);
		for (i = 0; i < from->len; i++) {
			n->ranges[i] = from->ranges[i];
			n->ranges[i].owner = arena_mem(d, from->ranges[i].owner,
			    strlen(from->ranges[i].owner));
			n->ranges[i].how = arena_mem(d, from->ranges[i].how,
			    strlen(from->ranges[i].how));
		}
	}
	if (from->type != DESC_GROUP && from->type != DESC_LIST)
		return;
	d->cur = n;
	for (c = from->first; c != NULL; c = c->next)
		desc_copy(d, c, c->name);
	d->cur = n->parent;
}

static struct desc_node *
desc_child(const struct desc_node *n, const char *name, size_t len)
{
	struct desc_node	*c;
	char			*end;
	unsigned long		 index;

	if (n->type == DESC_LIST) {
		index = strtoul(name, &end, 10);
		if (end != name + len || len == 0)
			return NULL;
		for (c = n->first; c != NULL && index > 0; c = c->next)
			index--;
		return c;
	}
	for (c = n->first; c != NULL; c = c->next) {
		if (c->name != NULL && strlen(c->name) == len &&
		    strncmp(c->name, name, len) == 0)
			return c;
	}
	return NULL;
}

struct desc_node *
desc_find_child(const struct desc_node *n, const char *name)
{
	return desc_child(n, name, strlen(name));
}

struct desc_node *
desc_find(const struct desc *d, const char *path)
{
	struct desc_node	*n = d->root;
	const char		*dot;
	size_t			 len;

	while (n != NULL && *path != '\0') {
		dot = strchr(path, '.');
		len = dot != NULL ? (size_t)(dot - path) : strlen(path);
		n = desc_child(n, path, len);
		path += len;
		if (*path == '.')
			path++;
	}
	return n;
}

static bool
str_equal(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
node_equal(const struct desc_node *a, const struct desc_node *b)
{
	const struct desc_node	*x, *y;
	size_t			 i;

	if (a->type != b->type || a->num != b->num || a->is_unsigned != b->is_unsigned ||
	    a->max != b->max || a->len != b->len || !str_equal(a->name, b->name))
		return false;
	if ((a->str == NULL) != (b->str == NULL) || (a->mask == NULL) != (b->mask == NULL))
		return false;
	if (a->str != NULL && (a->type == DESC_BYTES ? memcmp(a->str, b->str, a->len) != 0 :
	    strcmp(a->str, b->str) != 0))
		return false;
	if (a->mask != NULL && memcmp(a->mask, b->mask, a->len) != 0)
		return false;
	for (i = 0; a->type == DESC_RANGES && i < a->len; i++) {
		const struct desc_range	*r = &a->ranges[i], *s = &b->ranges[i];

		if (r->start != s->start || r->len != s->len || r->kind != s->kind ||
		    r->waiting != s->waiting || !str_equal(r->owner, s->owner) ||
		    !str_equal(r->how, s->how))
			return false;
	}
	for (x = a->first, y = b->first; x != NULL && y != NULL; x = x->next, y = y->next) {
		if (!node_equal(x, y))
			return false;
	}
	return x == NULL && y == NULL;
}

bool
desc_equal(const struct desc *a, const struct desc *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return node_equal(a->root, b->root);
}

void
desc_add_field_names(struct buf *b, const struct desc_node *n)
{
	struct desc_node	*c;
	const char		*sep = "";

	for (c = n->first; c != NULL; c = c->next) {
		if (c->name == NULL)
			continue;
		buf_printf(b, "%s%s", sep, c->name);
		sep = ", ";
	}
}

static bool
desc_is_scalar(const struct desc_node *n)
{
	return n->type != DESC_GROUP && n->type != DESC_LIST && n->type != DESC_RANGES;
}

uint64_t
desc_sigset_of(const struct desc_node *n)
{
	return n->type == DESC_SIGSET ? (uint64_t)n->num : 0;
}

void
desc_add_signal(struct buf *b, const struct desc_node *n, int sig)
{
	buf_adds(b, sig_name(sig));
	if (n->type == DESC_SIGSET && ((uint64_t)n->max & (1ULL << (sig - 1))))
		buf_adds(b, "(libc)");
}

int
desc_sigset_column(int sig)
{
	return (sig - 1) + (sig - 1) / 8;
}

void
desc_add_sigset_cells(struct buf *b, uint64_t set, char mark)
{
	int	 sig;

	for (sig = 1; sig <= 64; sig++) {
		if (sig > 1 && (sig - 1) % 8 == 0)
			buf_addc(b, ' ');
		buf_addc(b, (set & (1ULL << (sig - 1))) ? mark : '.');
	}
}

void
desc_add_sigset_scale(struct buf *b)
{
	size_t	 start = b->len;
	int	 sig;

	for (sig = 1; sig <= 64; sig += 8) {
		while ((int)(b->len - start) < desc_sigset_column(sig))
			buf_addc(b, ' ');
		buf_printf(b, "%d", sig);
	}
	while ((int)(b->len - start) < desc_sigset_column(64))
		buf_addc(b, ' ');
	buf_adds(b, "64");
}

const char *
range_kind_name(enum range_kind kind)
{
	switch (kind) {
	case RANGE_READ:
		return "read";
	case RANGE_WRITE:
		return "write";
	case RANGE_SHARED:
		return "shared";
	case RANGE_EXCLUSIVE:
		return "exclusive";
	}
	return "?";
}

/* start + len (len not negative), or INT64_MAX past it. */
static int64_t
range_end(const struct desc_range *r)
{
	return r->start > 0 && r->len > INT64_MAX - r->start ? INT64_MAX : r->start + r->len;
}

int64_t
desc_ranges_scale(const struct desc_node *n)
{
	int64_t		 scale = n->num > 0 ? n->num : 1;
	size_t		 i;

	for (i = 0; n->type == DESC_RANGES && i < n->len; i++) {
		if (n->ranges[i].len >= 0 && range_end(&n->ranges[i]) > scale)
			scale = range_end(&n->ranges[i]);
	}
	return scale;
}

/* a * b / c rounded down, or up; none negative, c not 0, a no more
 * than c (so the result is no more than b); exact however large a is. */
static int64_t
mul_div(int64_t a, int64_t b, int64_t c, bool up)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128	 p = (unsigned __int128)(uint64_t)a * (uint64_t)b;

	return (int64_t)((p + (up ? (uint64_t)c - 1 : 0)) / (uint64_t)c);
#else
	long double		 q = (long double)a * b / c;
	int64_t			 down = (int64_t)q;

	return up && (long double)down < q ? down + 1 : down;
#endif
}

void
desc_range_cells(const struct desc_range *r, int64_t scale, int width, int *from, int *to)
{
	int64_t		 f, t;

	if (r->start <= 0)
		f = 0;
	else
		f = r->start >= scale ? width - 1 : mul_div(r->start, width, scale, false);
	if (r->len < 0 || range_end(r) >= scale)
		t = width - 1;
	else if (range_end(r) <= 0)
		t = f;
	else
		t = mul_div(range_end(r), width, scale, true) - 1;
	if (t < f)
		t = f;
	*from = (int)f;
	*to = (int)t;
}

static bool
range_writes(enum range_kind kind)
{
	return kind == RANGE_WRITE || kind == RANGE_EXCLUSIVE;
}

void
desc_add_ruler_scale(struct buf *b, int64_t scale)
{
	size_t	 start = b->len;
	char	 end[24];

	/* 0 under the first cell, the end against the closing bar, as
	 * wide as the rows under it. */
	buf_printf(b, "%-12s |0", "bytes");
	snprintf(end, sizeof end, "%lld", (long long)scale);
	while (b->len - start + strlen(end) < 14 + DESC_RULER_WIDTH)
		buf_addc(b, ' ');
	buf_printf(b, "%s|", end);
}

void
desc_add_ruler_row(struct buf *b, const struct desc_range *r, int64_t scale)
{
	size_t	 start = b->len;
	int	 from, to, i;

	buf_printf(b, "%s %s%s", r->owner, range_writes(r->kind) ? "W" : "R",
	    r->waiting ? "?" : "");
	while (b->len - start < 13)
		buf_addc(b, ' ');
	desc_range_cells(r, scale, DESC_RULER_WIDTH, &from, &to);
	buf_addc(b, '|');
	for (i = 0; i < DESC_RULER_WIDTH; i++)
		buf_addc(b, i < from || i > to ? '.' : r->waiting ? '?' :
		    range_writes(r->kind) ? '#' : '=');
	buf_printf(b, "| %s%s", r->how, r->waiting ? ", waiting" : "");
}

void
desc_add_range(struct buf *b, const struct desc_range *r)
{
	buf_printf(b, "%s %s %lld-", r->owner, range_kind_name(r->kind), (long long)r->start);
	if (r->len < 0)
		buf_adds(b, "EOF");
	else
		buf_printf(b, "%lld", (long long)(range_end(r) - 1));
	buf_printf(b, " %s%s", r->how, r->waiting ? " waiting" : "");
}

void
desc_add_value(struct buf *b, const struct desc_node *n)
{
	struct desc_node	*c;
	const char		*sep = "";
	size_t			 i;
	int			 sig;

	switch (n->type) {
	case DESC_INT:
		if (n->is_unsigned)
			buf_printf(b, "%llu", (unsigned long long)n->num);
		else
			buf_printf(b, "%lld", (long long)n->num);
		break;
	case DESC_SIZE:
		buf_printf(b, "%lld", (long long)n->num);
		break;
	case DESC_DURATION:
		buf_add_duration(b, n->num);
		break;
	case DESC_BOOL:
		buf_adds(b, n->num ? "yes" : "no");
		break;
	case DESC_WORD:
	case DESC_TEXT:
		/* A value is on one line, a path with a newline too. */
		buf_add_text(b, n->str, n->len, false);
		break;
	case DESC_BYTES:
		buf_add_quoted(b, n->str, n->len, 64);
		break;
	case DESC_GAUGE:
		buf_printf(b, "%lld/%lld", (long long)n->num, (long long)n->max);
		break;
	case DESC_SIGSET:
		/* As a list of their names reads. */
		if (n->num == 0)
			buf_adds(b, "none");
		for (sig = 1; sig <= 64; sig++) {
			if (!(desc_sigset_of(n) & (1ULL << (sig - 1))))
				continue;
			buf_adds(b, sep);
			desc_add_signal(b, n, sig);
			sep = ", ";
		}
		break;
	case DESC_RANGES:
		if (n->len == 0)
			buf_adds(b, "none");
		for (i = 0; i < n->len; i++) {
			buf_adds(b, sep);
			desc_add_range(b, &n->ranges[i]);
			sep = ", ";
		}
		break;
	case DESC_LIST:
	case DESC_GROUP:
		if (n->first == NULL) {
			buf_adds(b, n->type == DESC_LIST ? "none" : "-");
			break;
		}
		for (c = n->first; c != NULL; c = c->next) {
			buf_adds(b, sep);
			if (n->type == DESC_GROUP && c->name != NULL)
				buf_printf(b, "%s=", c->name);
			if (n->type == DESC_GROUP && c->type == DESC_TEXT &&
			    strchr(c->str, ' ') != NULL) {
				buf_add_quoted(b, c->str, c->len, 256);
				sep = " ";
				continue;
			}
			if (c->type == DESC_GROUP)
				buf_addc(b, '(');
			desc_add_value(b, c);
			if (c->type == DESC_GROUP)
				buf_addc(b, ')');
			sep = n->type == DESC_LIST ? ", " : " ";
		}
		break;
	}
}

/* A list of scalars reads best on one line; a list of groups, one item
 * per line. */
static bool
desc_fits_line(const struct desc_node *n)
{
	struct desc_node	*c;

	for (c = n->first; c != NULL; c = c->next) {
		/* Long texts (a ruler's lines) one per line too. */
		if (!desc_is_scalar(c) || (c->type == DESC_TEXT && c->len >= 40))
			return false;
	}
	return true;
}

/* A group of scalars on one line: "fd=3 object=p1.r access=read". */
static bool
desc_group_inline(const struct desc_node *n)
{
	struct desc_node	*c;

	if (n->type != DESC_GROUP || n->name != NULL)
		return false;
	for (c = n->first; c != NULL; c = c->next) {
		if (!desc_is_scalar(c))
			return false;
	}
	return true;
}

/* Byte ranges as a ruler: the scale, then a row per range. */
static void
desc_write_ruler(struct buf *b, const struct desc_node *n, int indent)
{
	int64_t		 scale = desc_ranges_scale(n);
	size_t		 i;

	buf_printf(b, "%*s- ", indent, "");
	desc_add_ruler_scale(b, scale);
	buf_addc(b, '\n');
	for (i = 0; i < n->len; i++) {
		buf_printf(b, "%*s- ", indent, "");
		desc_add_ruler_row(b, &n->ranges[i], scale);
		buf_addc(b, '\n');
	}
}

static void
desc_write_node(struct buf *b, const struct desc_node *n, int indent)
{
	struct desc_node	*c;
	int			 i;

	for (c = n->first; c != NULL; c = c->next) {
		for (i = 0; i < indent; i++)
			buf_addc(b, ' ');
		if (c->name != NULL)
			buf_printf(b, "%s:", c->name);
		else
			buf_adds(b, "-");
		if (c->type == DESC_RANGES) {
			buf_addc(b, '\n');
			desc_write_ruler(b, c, indent + 2);
		} else if (desc_is_scalar(c) || desc_group_inline(c) ||
		    (c->type == DESC_LIST && desc_fits_line(c)) ||
		    c->first == NULL) {
			buf_addc(b, ' ');
			desc_add_value(b, c);
			buf_addc(b, '\n');
		} else {
			buf_addc(b, '\n');
			desc_write_node(b, c, indent + 2);
		}
	}
}

void
desc_write_text(struct buf *b, const struct desc *d, int indent)
{
	desc_write_node(b, d->root, indent);
}

/* One byte in a JSON string: printable ASCII as it is, the escapes
 * JSON has, any other byte as \u00XX. */
static void
json_add_ascii(struct buf *b, unsigned char c)
{
	switch (c) {
	case '"':
		buf_adds(b, "\\\"");
		break;
	case '\\':
		buf_adds(b, "\\\\");
		break;
	case '\n':
		buf_adds(b, "\\n");
		break;
	case '\t':
		buf_adds(b, "\\t");
		break;
	case '\r':
		buf_adds(b, "\\r");
		break;
	default:
		if (c < 0x20 || c >= 0x7f)
			buf_printf(b, "\\u%04x", c);
		else
			buf_addc(b, (char)c);
		break;
	}
}

void
json_add_string(struct buf *b, const void *p, size_t len)
{
	const unsigned char	*s = p;
	size_t			 i, n;
	uint32_t		 cp;

	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		/* Printable UTF-8 as it is, as the text writers keep it; any
		 * other byte alone, as \u00XX, which reads back as that byte
		 * (json.c): a C1 control's two bytes are two of them, so that
		 * it is told from the lone byte of its code point. */
		if (s[i] >= 0x80 && (n = utf8_decode(s + i, len - i, &cp)) != 0 &&
		    text_char(s + i, len - i) != 0) {
			buf_add(b, s + i, n);
			i += n - 1;
			continue;
		}
		json_add_ascii(b, s[i]);
	}
	buf_addc(b, '"');
}

void
json_add_text(struct buf *b, const void *p, size_t len)
{
	const unsigned char	*s = p;
	size_t			 i, n;
	uint32_t		 cp;

	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] < 0x80) {
			json_add_ascii(b, s[i]);
			continue;
		}
		/* What reads it wants characters: a byte of no UTF-8 is the
		 * replacement character, a C1 control its code point. */
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			buf_adds(b, "\\ufffd");
		else if (cp <= 0x9f)
			buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			buf_add(b, s + i, n);
		i += n != 0 ? n - 1 : 0;
	}
	buf_addc(b, '"');
}

void
desc_write_json(struct buf *b, const struct desc_node *n)
{
	struct desc_node	*c;
	const struct desc_range	*r;
	const char		*sep = "";
	size_t			 i;
	int			 sig;

	switch (n->type) {
	case DESC_INT:
	case DESC_SIZE:
	case DESC_DURATION:
		if (n->is_unsigned)
			buf_printf(b, "%llu", (unsigned long long)n->num);
		else
			buf_printf(b, "%lld", (long long)n->num);
		break;
	case DESC_BOOL:
		buf_adds(b, n->num ? "true" : "false");
		break;
	case DESC_WORD:
	case DESC_TEXT:
	case DESC_BYTES:
		json_add_string(b, n->str, n->len);
		break;
	case DESC_GAUGE:
		buf_printf(b, "{\"used\":%lld,\"capacity\":%lld}",
		    (long long)n->num, (long long)n->max);
		break;
	case DESC_SIGSET:
		/* The names, as a list of them was. */
		buf_addc(b, '[');
		for (sig = 1; sig <= 64; sig++) {
			if (!(desc_sigset_of(n) & (1ULL << (sig - 1))))
				continue;
			buf_printf(b, "%s\"", sep);
			desc_add_signal(b, n, sig);	/* nothing to escape */
			buf_addc(b, '"');
			sep = ",";
		}
		buf_addc(b, ']');
		break;
	case DESC_RANGES:
		buf_printf(b, "{\"extent\":%lld,\"ranges\":[", (long long)n->num);
		for (i = 0; i < n->len; i++) {
			r = &n->ranges[i];
			buf_printf(b, "%s{\"start\":%lld,\"len\":%lld,\"kind\":\"%s\","
			    "\"waiting\":%s,\"owner\":", sep, (long long)r->start,
			    (long long)r->len, range_kind_name(r->kind),
			    r->waiting ? "true" : "false");
			json_add_string(b, r->owner, strlen(r->owner));
			buf_adds(b, ",\"how\":");
			json_add_string(b, r->how, strlen(r->how));
			buf_addc(b, '}');
			sep = ",";
		}
		buf_adds(b, "]}");
		break;
	case DESC_GROUP:
		buf_addc(b, '{');
		for (c = n->first; c != NULL; c = c->next) {
			buf_adds(b, sep);
			json_add_string(b, c->name != NULL ? c->name : "",
			    c->name != NULL ? strlen(c->name) : 0);
			buf_addc(b, ':');
			desc_write_json(b, c);
			sep = ",";
		}
		buf_addc(b, '}');
		break;
	case DESC_LIST:
		buf_addc(b, '[');
		for (c = n->first; c != NULL; c = c->next) {
			buf_adds(b, sep);
			desc_write_json(b, c);
			sep = ",";
		}
		buf_addc(b, ']');
		break;
	}
}
