/* keys.h: keys as libtermkey names them, vim style ("q", "<Up>", "<C-z>",
 * "<F9>"), and the one table of bindings, which the help view lists. */
#ifndef KEYS_H
#define KEYS_H

#include <stddef.h>

#include <termkey.h>

#include "util.h"
#include "view.h"

/* The name of a key as bindings write it: "q", "<Up>", "<C-c>", "<F9>". */
size_t		 keys_name(TermKey *, TermKeyKey *, char *, size_t);
/* What the key does, where the focus, an overlay or the command line
 * is: UI_* flags, which the loop acts on. */
int		 keys_handle(struct tui *, TermKeyKey *, const char *name);
/* The binding of a key name in a pane: its index in the table, or
 * keys_count() if it has none there. */
size_t		 keys_lookup(enum pane, const char *name);
/* The help overlay's lines, from the key table and the command table. */
void		 keys_add_help(struct buf *);
/* The binding table: its size, and the key names of entry i (blank
 * separated) and the panes it works in (0: all). */
size_t		 keys_count(void);
const char	*keys_binding(size_t, unsigned *panes);

#endif
