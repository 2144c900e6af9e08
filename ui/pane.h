/* pane.h: the panes and bars a frame is made of (frame.c lays them out
 * and says which to draw). Each draws the whole of its place from the
 * TUI's sample and the screen's own state (view.h), and reads nothing
 * of the lab. */
#ifndef PANE_H
#define PANE_H

#include <stdint.h>
#include <string.h>

#include "desc.h"
#include "screen.h"
#include "view.h"

/* pane_actors.c: the actors as a tree, each row its state and its
 * descriptors. */
void	 pane_actors(struct tui *, struct rect, int64_t now);
/* pane_objects.c: the objects, each row its fill (a gauge, with its
 * sparkline, who writes and reads) or its own summary. */
void	 pane_objects(struct tui *, struct rect, int64_t now);
/* pane_detail.c: the selected actor or object whole, each field drawn
 * by its type, scrolled. */
void	 pane_detail(struct tui *, struct rect, int64_t now);
/* pane_sequence.c: the sequence chart of the latest events, in the
 * detail pane's place. */
void	 pane_sequence(struct tui *, struct rect, int64_t now);
/* pane_topology.c: who holds what, in the detail pane's place: each
 * object between the actors that put into it and those that take from
 * it. */
void	 pane_topology(struct tui *, struct rect, int64_t now);
/* pane_log.c: the newest records, or scrolled back. */
void	 pane_log(struct tui *, struct rect);
/* pane_help.c: the help view, over the panes. */
void	 pane_help(struct tui *);
/* status.c: the bar of keys and counts, and the message line, at the
 * bottom. */
void	 status_bar(struct tui *);
void	 status_message(struct tui *);

/* A top-level field that is text (a word or a string), or NULL. */
static inline const struct desc_node *
pane_text_field(const struct desc *d, const char *name)
{
	const struct desc_node	*n = desc_find_child(d->root, name);

	return n != NULL && (n->type == DESC_WORD || n->type == DESC_TEXT) ? n : NULL;
}

#endif
