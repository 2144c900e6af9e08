/* desc.h: a description of an actor's or object's state as a small tree of
 * typed fields. Mechanisms build it from kernel state; the text writer
 * (show), the JSON writer (--json) and the TUI widgets render it, and
 * expect addresses its fields by path ("last.errno"). */
#ifndef DESC_H
#define DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum desc_type {
	DESC_GROUP,	/* named children */
	DESC_LIST,	/* unnamed children, in order */
	DESC_INT,	/* a number */
	DESC_SIZE,	/* a number of bytes */
	DESC_DURATION,	/* nanoseconds */
	DESC_WORD,	/* a keyword: a state, a call name, an errno name */
	DESC_TEXT,	/* free text */
	DESC_BYTES,	/* raw bytes (data, buffer contents) */
	DESC_GAUGE,	/* used out of capacity */
	DESC_BOOL,
	DESC_SIGSET,	/* a set of signals: bit n-1 for signal n */
	DESC_RANGES,	/* byte ranges over an extent: a file's locks */
};

/* What a range of a DESC_RANGES is: a record or OFD lock's read or
 * write, a flock's shared or exclusive. */
enum range_kind {
	RANGE_READ,
	RANGE_WRITE,
	RANGE_SHARED,
	RANGE_EXCLUSIVE,
};

struct desc_range {
	int64_t		 start;
	int64_t		 len;		/* -1: to the end of the file, however long */
	enum range_kind	 kind;
	bool		 waiting;	/* asked for and waited for, not held */
	const char	*owner;		/* who holds it or waits: "A", "pid 1234" */
	const char	*how;		/* the lock's kind: "posix", "ofd", "flock" */
};

struct desc_node {
	enum desc_type		 type;
	char			*name;		/* NULL for list items */
	int64_t			 num;		/* INT, SIZE, DURATION, BOOL, GAUGE used;
						 * SIGSET the set; RANGES the extent
						 * (bytes, -1 unknown) */
	bool			 is_unsigned;	/* INT: num holds a uint64_t */
	int64_t			 max;		/* GAUGE capacity; SIGSET the signals
						 * the C library keeps for itself */
	char			*str;		/* WORD, TEXT, BYTES (len bytes, NUL after) */
	unsigned char		*mask;		/* BYTES: nonzero for each byte that changed, or NULL */
	struct desc_range	*ranges;	/* RANGES: len of them */
	size_t			 len;
	struct desc_node	*parent;
	struct desc_node	*first;
	struct desc_node	*last;
	struct desc_node	*next;
};

/* How much to describe: a summary (what a one-line list needs, cheap to
 * read from the kernel) or everything (show, --json, the detail pane). */
enum desc_detail {
	DETAIL_SUMMARY,
	DETAIL_FULL,
};

/* A description's nodes and strings come from its own arena, freed at
 * once with it: a refresh builds and drops thousands of them. */
struct desc_chunk;

struct desc {
	struct desc_node	*root;		/* a group */
	struct desc_node	*cur;		/* the open group or list */
	struct desc_chunk	*chunks;	/* the arena, newest first */
};

struct desc	*desc_new(void);
void		 desc_free(struct desc **);
/* Empty it for reuse, keeping some of its memory. */
void		 desc_reset(struct desc *);

/* Every function that adds takes a NULL desc too, and does nothing: a
 * summary can pass NULL for what only the full view shows. */

/* Open a named group or list inside the current one (name NULL inside a
 * list); close returns to its parent. */
void	 desc_group(struct desc *, const char *name);
void	 desc_list(struct desc *, const char *name);
void	 desc_close(struct desc *);

void	 desc_int(struct desc *, const char *name, int64_t);
void	 desc_uint(struct desc *, const char *name, uint64_t);
void	 desc_size(struct desc *, const char *name, int64_t bytes);
void	 desc_duration(struct desc *, const char *name, int64_t ns);
void	 desc_bool(struct desc *, const char *name, bool);
void	 desc_word(struct desc *, const char *name, const char *);
void	 desc_text(struct desc *, const char *name, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* desc_text without the formatting. */
void	 desc_string(struct desc *, const char *name, const char *);
void	 desc_bytes(struct desc *, const char *name, const void *, size_t);
/* Bytes of memory, with a mask: nonzero for each byte that changed. */
void	 desc_bytes_mask(struct desc *, const char *name, const void *, size_t,
	    const unsigned char *mask);
void	 desc_gauge(struct desc *, const char *name, int64_t used, int64_t capacity);
/* A set of signals, bit n-1 for signal n; those in libc are the C
 * library's own (32 and 33 in glibc), named "SIG33(libc)". */
void	 desc_sigset(struct desc *, const char *name, uint64_t set, uint64_t libc);
/* Byte ranges over an extent (a file's size; -1 unknown): open with
 * desc_ranges, add each with desc_range, desc_close. The strings are
 * copied. */
void	 desc_ranges(struct desc *, const char *name, int64_t extent);
void	 desc_range(struct desc *, int64_t start, int64_t len, enum range_kind, bool waiting,
	    const char *owner, const char *how);

/* Move the top-level node called name from another tree into d's open
 * group (nothing if from has none). */
void	 desc_move(struct desc *d, struct desc *from, const char *name);

/* Copy a node (from any tree) and all below it into d's open group,
 * called name (NULL inside a list). */
void	 desc_copy(struct desc *d, const struct desc_node *from, const char *name);

/* The child of a group called name; NULL if none. */
struct desc_node	*desc_find_child(const struct desc_node *, const char *name);
/* Find a node by a dotted path ("last.errno", "readers.0"); NULL if none. */
struct desc_node	*desc_find(const struct desc *, const char *path);
/* Whether two trees hold the same fields with the same values, in the
 * same order (two NULLs are equal). */
bool			 desc_equal(const struct desc *, const struct desc *);
/* The node's children's names, comma-separated, for "no such field" hints. */
void			 desc_add_field_names(struct buf *, const struct desc_node *);

/* A node's value as it reads in one line of text. */
void	 desc_add_value(struct buf *, const struct desc_node *);

/* A signal set's members. */
uint64_t desc_sigset_of(const struct desc_node *);
/* A signal as a set names it: "SIGUSR1", "SIG33(libc)". */
void	 desc_add_signal(struct buf *, const struct desc_node *, int sig);
/* A set as 64 cells in eight groups of eight ("....B... ........ ..."):
 * mark where a signal is in it, '.' where not. The scale numbers the
 * groups over the same columns; signal n's cell is column
 * desc_sigset_column(n). The signal grid's rows, in text and on the
 * screen. */
void	 desc_add_sigset_cells(struct buf *, uint64_t set, char mark);
void	 desc_add_sigset_scale(struct buf *);
int	 desc_sigset_column(int sig);

/* Ranges drawn over a ruler: the bytes the ruler spans (the extent, or
 * further to the end of the furthest range; 1 at least), and the cells
 * from..to of width that a range covers. Cell i holds the bytes
 * [i*scale/width, (i+1)*scale/width): a range fills every cell that
 * holds one of its bytes. */
int64_t	 desc_ranges_scale(const struct desc_node *);
void	 desc_range_cells(const struct desc_range *, int64_t scale, int width, int *from,
	    int *to);
/* One range as a line of text reads: "A write 0-9 posix", "B shared
 * 0-EOF flock waiting". */
void	 desc_add_range(struct buf *, const struct desc_range *);
/* "read", "write", "shared", "exclusive". */
const char *range_kind_name(enum range_kind);
/* A ruler's rows, as show's text and the screen draw them: the scale
 * ("bytes        |0           20|") and a range's row ("A W          |
 * ########........| posix", "B W?  ... | posix, waiting"): an owner's
 * read or shared range in '=', a write or exclusive one in '#', a wait
 * in '?', over DESC_RULER_WIDTH cells. */
#define DESC_RULER_WIDTH	32
void	 desc_add_ruler_scale(struct buf *, int64_t scale);
void	 desc_add_ruler_row(struct buf *, const struct desc_range *, int64_t scale);
/* The whole tree as indented text, "name: value" per line, each line
 * starting with indent spaces. */
void	 desc_write_text(struct buf *, const struct desc *, int indent);
/* A node as JSON (an object for the root). Bytes become strings in which
 * each character U+0000..U+00FF stands for one byte. */
void	 desc_write_json(struct buf *, const struct desc_node *);
/* JSON string escaping for bytes, same convention. */
void	 json_add_string(struct buf *, const void *, size_t);
/* JSON string escaping for text read as characters (a terminal's output
 * in a recording): UTF-8 as it is, controls (C1 too) as \u00XX, a byte
 * that starts no UTF-8 as U+FFFD. */
void	 json_add_text(struct buf *, const void *, size_t);

#endif
