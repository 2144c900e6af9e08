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
};

struct desc_node {
	enum desc_type		 type;
	char			*name;		/* NULL for list items */
	int64_t			 num;		/* INT, SIZE, DURATION, BOOL, GAUGE used */
	bool			 is_unsigned;	/* INT: num holds a uint64_t */
	int64_t			 max;		/* GAUGE capacity */
	char			*str;		/* WORD, TEXT, BYTES (len bytes, NUL after) */
	unsigned char		*mask;		/* BYTES: nonzero for each byte that changed, or NULL */
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

/* Move the top-level node called name from another tree into d's open
 * group (nothing if from has none). */
void	 desc_move(struct desc *d, struct desc *from, const char *name);

/* The child of a group called name; NULL if none. */
struct desc_node	*desc_find_child(const struct desc_node *, const char *name);
/* Find a node by a dotted path ("last.errno", "readers.0"); NULL if none. */
struct desc_node	*desc_find(const struct desc *, const char *path);
/* The node's children's names, comma-separated, for "no such field" hints. */
void			 desc_add_field_names(struct buf *, const struct desc_node *);

/* A node's value as it reads in one line of text. */
void	 desc_add_value(struct buf *, const struct desc_node *);
/* The whole tree as indented text, "name: value" per line, each line
 * starting with indent spaces. */
void	 desc_write_text(struct buf *, const struct desc *, int indent);
/* A node as JSON (an object for the root). Bytes become strings in which
 * each character U+0000..U+00FF stands for one byte. */
void	 desc_write_json(struct buf *, const struct desc_node *);
/* JSON string escaping for bytes, same convention. */
void	 json_add_string(struct buf *, const void *, size_t);

#endif
