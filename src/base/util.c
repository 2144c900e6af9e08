/* util.c: allocation that cannot fail, fatal errors, growable buffers, time and text helpers. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "errnames.h"
#include "util.h"

void (*fatal_hook)(void);

static void
out_of_memory(size_t size)
{
	fprintf(stderr, "ipcscope: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void	*p;

	p = malloc(size == 0 ? 1 : size);
	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
	if (p == NULL)
		out_of_memory(n * size);
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	p = realloc(p, size == 0 ? 1 : size);
	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s) + 1);
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void *
xmemdup(const void *src, size_t len)
{
	void	*p;

	p = xmalloc(len);
	if (len != 0)
		memcpy(p, src, len);
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) == -1)
		out_of_memory(strlen(fmt));
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
freep(void *pp)
{
	void	**p = pp;

	free(*p);
	*p = NULL;
}

void
fatal_at(const char *file, int line, const char *fmt, ...)
{
	va_list	 ap;
	void	(*hook)(void) = fatal_hook;

	fatal_hook = NULL;
	if (hook != NULL)
		hook();
	fprintf(stderr, "ipcscope: internal error at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->size = 0;
}

void
buf_free(struct buf *b)
{
	freep(&b->data);
	b->len = 0;
	b->size = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static void
buf_reserve(struct buf *b, size_t more)
{
	size_t	 need;

	if (more > SIZE_MAX - b->len - 1)
		out_of_memory(SIZE_MAX);
	need = b->len + more + 1;
	if (need <= b->size)
		return;
	if (b->size == 0)
		b->size = 64;
	while (b->size < need)
		b->size = b->size > SIZE_MAX / 2 ? need : b->size * 2;
	b->data = xrealloc(b->data, b->size);
}

void
buf_add(struct buf *b, const void *p, size_t len)
{
	buf_reserve(b, len);
	if (len != 0)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("vsnprintf failed for format \"%s\"", fmt);
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_consume(struct buf *b, size_t n)
{
	if (n > b->len)
		fatal("consuming %zu bytes of a %zu-byte buffer", n, b->len);
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}

char *
buf_take(struct buf *b)
{
	char	*s;

	if (b->data == NULL)
		return xstrdup("");
	s = b->data;
	buf_init(b);
	return s;
}

/* \n \t \r or \xHH for one byte, in out (4 bytes): its length. */
static size_t
escape_byte(char *out, unsigned char c)
{
	static const char	 hex[] = "0123456789abcdef";

	out[0] = '\\';
	switch (c) {
	case '\n': out[1] = 'n'; return 2;
	case '\t': out[1] = 't'; return 2;
	case '\r': out[1] = 'r'; return 2;
	}
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 0xf];
	return 4;
}

static void
buf_add_escaped_byte(struct buf *b, unsigned char c)
{
	char	 esc[4];

	buf_add(b, esc, escape_byte(esc, c));
}

void
buf_add_quoted(struct buf *b, const void *p, size_t len, size_t max)
{
	const unsigned char	*s = p;
	size_t			 i, shown;

	shown = len < max ? len : max;
	buf_addc(b, '"');
	for (i = 0; i < shown; i++) {
		if (s[i] == '\\' || s[i] == '"') {
			buf_addc(b, '\\');
			buf_addc(b, (char)s[i]);
		} else if (s[i] >= 0x20 && s[i] < 0x7f)
			buf_addc(b, (char)s[i]);
		else
			buf_add_escaped_byte(b, s[i]);
	}
	buf_addc(b, '"');
	if (shown < len)
		buf_adds(b, "...");
}

size_t
utf8_decode(const void *p, size_t len, uint32_t *cp)
{
	const unsigned char	*s = p;
	uint32_t		 c;
	size_t			 n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and what is past U+10FFFF are not UTF-8. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t
text_char(const void *p, size_t len)
{
	const unsigned char	*s = p;
	uint32_t		 cp;
	size_t			 n;

	if (len > 0 && s[0] >= 0x20 && s[0] < 0x7f)
		return 1;	/* the common case, first */
	n = utf8_decode(p, len, &cp);
	if (n == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 0;
	return n;
}

int
text_char_cols(const void *p, size_t len)
{
	uint32_t	 cp;

	if (utf8_decode(p, len, &cp) == 0 || cp < 0x300)
		return 1;
	return wcwidth((wchar_t)cp) == 2 ? 2 : 1;
}

bool
text_is_plain(const void *p, size_t len, bool keep_nl)
{
	const unsigned char	*s = p;
	size_t			 i = 0, n;

	while (i < len) {
		n = text_char(s + i, len - i);
		if (n == 0 && !(keep_nl && s[i] == '\n'))
			return false;
		i += n != 0 ? n : 1;
	}
	return true;
}

size_t
text_fit(const char *s, size_t len, size_t cols, size_t *used)
{
	size_t	 i = 0, n, w;

	*used = 0;
	while (i < len) {
		n = text_char(s + i, len - i);
		if (n == 0)
			n = 1;	/* not escaped yet: one column, as good a guess as any */
		w = (size_t)text_char_cols(s + i, n);
		if (*used + w > cols)
			break;
		*used += w;
		i += n;
	}
	return i;
}

void
buf_add_text(struct buf *b, const void *p, size_t len, bool keep_nl)
{
	const unsigned char	*s = p;
	size_t			 i = 0, run, n;

	buf_add(b, "", 0);	/* a string, even when there is nothing to add */
	while (i < len) {
		for (run = i; run < len && (n = text_char(s + run, len - run)) != 0; run += n)
			;
		buf_add(b, s + i, run - i);
		if (run == len)
			break;
		if (keep_nl && s[run] == '\n')
			buf_addc(b, '\n');
		else
			buf_add_escaped_byte(b, s[run]);
		i = run + 1;
	}
}

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *
word_short(const char *word)
{
	/* Each column of the result is at most 4 bytes (a character of
	 * UTF-8, or a quarter of \xHH), then "..." and the NUL. */
	static __thread char	 slots[WORD_SLOTS][WORD_SHOWN * 4 + 4];
	static __thread unsigned next;
	const unsigned char	*s = (const unsigned char *)word;
	const char		*piece;
	char			*out = slots[next++ % WORD_SLOTS], esc[4];
	size_t			 len = strlen(word), i = 0, o = 0, cols = 0, n, size, w;

	while (i < len) {
		n = text_char(s + i, len - i);
		if (n != 0) {
			piece = word + i;
			size = n;
			w = (size_t)text_char_cols(s + i, n);
		} else {
			piece = esc;
			size = w = escape_byte(esc, s[i]);
			n = 1;
		}
		if (cols + w > WORD_SHOWN)
			break;
		memcpy(out + o, piece, size);
		o += size;
		cols += w;
		i += n;
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

int64_t
now_ns(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		fatal("clock_gettime: %s", strerror(errno));
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

void
realtime_after(struct timespec *ts, int64_t ns)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ns / NS_PER_S;
	ts->tv_nsec += ns % NS_PER_S;
	if (ts->tv_nsec >= NS_PER_S) {
		ts->tv_sec++;
		ts->tv_nsec -= NS_PER_S;
	}
}

void
buf_add_duration(struct buf *b, int64_t ns)
{
	if (ns < 0)
		ns = 0;
	if (ns < 10 * NS_PER_US)
		buf_printf(b, "%.1fus", (double)ns / NS_PER_US);
	else if (ns < NS_PER_MS)
		buf_printf(b, "%lldus", (long long)(ns / NS_PER_US));
	else if (ns < 100 * NS_PER_MS)
		buf_printf(b, "%.1fms", (double)ns / NS_PER_MS);
	else if (ns < NS_PER_S)
		buf_printf(b, "%lldms", (long long)(ns / NS_PER_MS));
	else
		buf_printf(b, "%.2fs", (double)ns / NS_PER_S);
}

void
buf_add_size(struct buf *b, int64_t bytes)
{
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
		buf_printf(b, "%lld MiB", (long long)(bytes / (1024 * 1024)));
	else if (bytes >= 1024 && bytes % 1024 == 0)
		buf_printf(b, "%lld KiB", (long long)(bytes / 1024));
	else
		buf_printf(b, "%lld B", (long long)bytes);
}

const char *
errno_str(int value)
{
	static char	 unknown[16];
	const char	*name;

	name = errno_name(value);
	if (name != NULL)
		return name;
	snprintf(unknown, sizeof unknown, "E%d", value);
	return unknown;
}

bool
write_all(int fd, const void *p, size_t len)
{
	const char	*s = p;
	ssize_t		 n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return false;
		}
		s += n;
		len -= (size_t)n;
	}
	return true;
}

bool
fd_room(unsigned want)
{
	int	 fds[FD_RESERVE + 16];
	unsigned n, i;
	bool	 ok = true;

	if (want > 16)
		want = 16;
	/* Exact, and cheap: take them, then give them back. */
	for (n = 0; n < FD_RESERVE + want; n++) {
		fds[n] = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
		if (fds[n] == -1) {
			/* With standard error closed, any descriptor will do. */
			fds[n] = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (fds[n] == -1) {
				ok = errno != EMFILE && errno != ENFILE;
				break;
			}
		}
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	return ok;
}

void
dir_reader_init(struct dir_reader *r, int fd)
{
	r->fd = fd;
	r->error = 0;
	r->len = r->at = 0;
}

const char *
dir_next(struct dir_reader *r, ino_t *ino)
{
	struct dirent64	*de;
	ssize_t		 n;

	for (;;) {
		if (r->at >= r->len) {
			n = getdents64(r->fd, r->buf, sizeof r->buf);
			if (n <= 0) {
				r->error = n < 0 ? errno : 0;
				return NULL;
			}
			r->len = (size_t)n;
			r->at = 0;
		}
		de = (struct dirent64 *)(void *)(r->buf + r->at);
		r->at += de->d_reclen;
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		if (ino != NULL)
			*ino = (ino_t)de->d_ino;
		return de->d_name;
	}
}

bool
read_file(const char *path, struct buf *b)
{
	char	 chunk[4096];
	ssize_t	 n;
	int	 fd, saved;

	buf_reset(b);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return false;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			errno = saved;
			return false;
		}
		if (n == 0)
			break;
		buf_add(b, chunk, (size_t)n);
	}
	close(fd);
	if (b->data == NULL)
		buf_add(b, "", 0);
	return true;
}

void
fill_pattern(char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		p[i] = (char)('a' + i % 26);
}

void
buf_add_pattern(struct buf *b, size_t len)
{
	buf_reserve(b, len);
	fill_pattern(b->data + b->len, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_add_uint(struct buf *b, unsigned long long v)
{
	char	 d[24];
	size_t	 n = sizeof d;

	do {
		d[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_add(b, d + n, sizeof d - n);
}

void
copy_str(char *dst, size_t size, const char *src)
{
	size_t	 n = strlen(src);

	if (size == 0)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void
buf_add_flags(struct buf *b, unsigned long long v, const struct flag_name *t)
{
	const char	*sep = "";

	for (; t->name != NULL; t++) {
		if (v & t->bit) {
			buf_adds(b, sep);
			buf_adds(b, t->name);
			sep = "|";
		}
	}
	if (*sep == '\0')
		buf_adds(b, "0");
}

char **
lines_split(const char *text, size_t len)
{
	const char	*p = text, *end = text + len, *nl;
	char		**lines;
	size_t		 n = 0;

	lines = xcalloc(1, sizeof *lines);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		lines = xreallocarray(lines, n + 2, sizeof *lines);
		lines[n++] = xstrndup(p, (size_t)(nl - p));
		lines[n] = NULL;
		p = nl + 1;
	}
	return lines;
}

char **
read_lines(const char *path)
{
	struct buf	 b;
	char		**lines;
	int		 err;

	buf_init(&b);
	if (!read_file(path, &b)) {
		err = errno;
		buf_free(&b);
		errno = err;
		return NULL;
	}
	lines = lines_split(b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return lines;
}

void
lines_free(char ***linesp)
{
	char	**l;

	if (*linesp == NULL)
		return;
	for (l = *linesp; *l != NULL; l++)
		free(*l);
	freep(linesp);
}
