/* menu.h: menus whose items are command lines: the calls that fit the
 * selection, the signals, new objects. */
#ifndef MENU_H
#define MENU_H

#include "view.h"

void		 menu_open_actions(struct tui *);
void		 menu_open_signals(struct tui *);
void		 menu_open_new(struct tui *);
void		 menu_close(struct tui *);
/* A key while a menu is open: UI_* flags. */
int		 menu_key(struct tui *, const char *name);
/* Over the panes, in the middle of the screen. */
void		 menu_draw(struct tui *);

#endif
