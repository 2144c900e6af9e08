/* frame.h: a frame of the full screen, drawn from the TUI's sample of
 * the lab alone: what it shows of the sample's rows, and drawing it. */
#ifndef FRAME_H
#define FRAME_H

#include "view.h"

struct sample;

/* What a frame draws again: all (the screen erased first), or the
 * panes whose part of the sample changed. */
#define FRAME_ACTORS	0x1
#define FRAME_OBJECTS	0x2
#define FRAME_DETAIL	0x4
#define FRAME_STATUS	0x8
#define FRAME_ALL	0xff

/* What a frame shows of a sample's rows (a sample_want_fn, arg the
 * TUI): the rows its panes have room for around the selections, and the
 * detail pane's item. It keeps the lists' rows for the keys. */
void		 frame_want(void *arg, struct sample *);
/* What of the screen a change between two samples touches (FRAME_*). */
unsigned	 frame_changed(const struct sample *before, const struct sample *now);
/* Draw what (FRAME_*) of t->sample; a menu, the help view or the
 * command line open, or a screen too small, draw it all. */
void		 frame_draw(struct tui *, unsigned what);

#endif
