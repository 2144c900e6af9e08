/* history.h: what the two interactive command lines (the TUI's and the
 * line mode's) share: the history file and Tab completion. */
#ifndef HISTORY_H
#define HISTORY_H

#include <stdbool.h>

struct lab;

/* Read $XDG_STATE_HOME/ipcscope/history (~/.local/state/...), making
 * the directory and its parents (mode 0700) and the file (0600). When
 * history cannot be kept, warn is given the reason, once. */
void	 history_load(void (*warn)(const char *));
/* Add a line, unless it is empty or repeats the last one, and append it
 * to the file. */
void	 history_add(const char *);
/* Cut the file to the last 1000 lines. */
void	 history_save(void);

/* Set readline's completion (src/complete.c): each word from the
 * command table's argument types, file paths from readline's own. */
void	 complete_init(struct lab *);

#endif
