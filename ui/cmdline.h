/* cmdline.h: the command line at the bottom of the screen: readline in
 * callback mode inside curses. */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <termkey.h>

#include "view.h"

void		 cmdline_init(struct tui *);
void		 cmdline_end(void);
void		 cmdline_open(struct tui *, const char *prefill, int cursor_back);
void		 cmdline_close(struct tui *);
/* A key while the command line is open: UI_* flags. */
int		 cmdline_key(struct tui *, TermKeyKey *, const char *name);
/* On row y, with what Tab could complete above it. */
void		 cmdline_draw(struct tui *, int y);

#endif
