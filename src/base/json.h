/* json.h: JSON read back into a description tree (what desc_write_json
 * wrote, or any JSON whose top is an object), and each node's field type
 * kept beside it, so that a tree saved as JSON reads back as it was. */
#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "desc.h"

/* Read text (len bytes, NULs refused) into d's root group: an object
 * becomes a group, an array a list, a number an INT (an integer only:
 * -2^63..2^64-1), true and false a BOOL, null the WORD "null", a string
 * TEXT (\u0000..\u00ff are one byte each, as json_add_string writes
 * bytes; other code points UTF-8). False with *error (the caller's to
 * free) "line L, column C: what was wrong"; d then holds what was read
 * before it. Nesting deeper than JSON_DEPTH is refused. */
#define JSON_DEPTH	64
bool	 json_read(struct desc *d, const char *text, size_t len, char **error);

/* A node's field types, one letter each, in the order desc_write_json
 * writes them (its children follow a group or list): what JSON does not
 * say (a size, a duration, a word, bytes, a gauge). */
void	 desc_add_types(struct buf *, const struct desc_node *);
/* Give a node of d (read by json_read) the types desc_add_types wrote; a
 * node whose letter does not fit what was read keeps what it is (false
 * is returned, the rest is still typed as far as it fits). */
bool	 desc_apply_types(struct desc *d, struct desc_node *, const char *types);

#endif
