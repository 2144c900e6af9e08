/* fuzz_manifest.c: the sweep's reader of a run's manifest on arbitrary
 * bytes, fed in pieces of arbitrary sizes (as read(2) gives them): every
 * record it hands on must be exactly a line of the input, in order, and
 * no line may be lost or cut, whatever the pieces. The sweeper here only
 * compares; it never removes anything. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct want {
	const char	*data;	/* the manifest */
	size_t		 len;
	size_t		 pos;	/* where the next line starts */
	unsigned	 seen;
};

/* The next line of the input that is a record: shorter than a record
 * can be, no NUL in it, a kind before its first space. */
static bool
next_record(struct want *w, const char **kind, size_t *kind_len, const char **args,
    size_t *args_len)
{
	const char	*line, *nl, *space;
	size_t		 len;

	while (w->pos < w->len) {
		line = w->data + w->pos;
		nl = memchr(line, '\n', w->len - w->pos);
		len = nl != NULL ? (size_t)(nl - line) : w->len - w->pos;
		w->pos += len + (nl != NULL);
		if (len >= RUNTIME_RECORD_MAX || memchr(line, '\0', len) != NULL)
			continue;
		space = memchr(line, ' ', len);
		if (space == NULL || space == line)
			continue;
		*kind = line;
		*kind_len = (size_t)(space - line);
		*args = space + 1;
		*args_len = len - *kind_len - 1;
		return true;
	}
	return false;
}

static bool
check(void *arg, const char *kind, const char *args)
{
	struct want	*w = arg;
	const char	*k, *a;
	size_t		 kl, al;

	if (!next_record(w, &k, &kl, &a, &al))
		abort();	/* a record the input does not have */
	if (strlen(kind) != kl || memcmp(kind, k, kl) != 0 || strlen(args) != al ||
	    memcmp(args, a, al) != 0)
		abort();	/* not the line that comes next */
	w->seen++;
	return (w->seen & 1) != 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest_reader	 r;
	struct want		 w;
	const char		*k, *a;
	size_t			 kl, al, off = 0, piece;
	uint32_t		 seed = 1;
	unsigned		 records = 0;

	/* The first two bytes choose the pieces; the rest is the file. */
	if (size >= 2) {
		seed = (uint32_t)data[0] << 8 | data[1];
		data += 2;
		size -= 2;
	}
	memset(&w, 0, sizeof w);
	w.data = (const char *)data;
	w.len = size;
	manifest_reader_init(&r, check, &w);
	while (off < size) {
		seed = seed * 1103515245 + 12345;
		piece = 1 + (seed >> 16) % (seed & 0x100 ? 16384 : 64);
		if (piece > size - off)
			piece = size - off;
		manifest_reader_feed(&r, (const char *)data + off, piece);
		off += piece;
	}
	manifest_reader_end(&r);
	/* No line was lost. */
	if (next_record(&w, &k, &kl, &a, &al))
		abort();
	for (off = 0; off < w.seen; off++)
		records++;
	if (r.records != records || r.removed != (records + 1) / 2)
		abort();
	return 0;
}
