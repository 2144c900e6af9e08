/* history.h: what the two interactive command lines (the TUI's and the
 * line mode's) share: the history file and Tab completion. */
#ifndef HISTORY_H
#define HISTORY_H

struct lab;

/* Read $XDG_STATE_HOME/ipcscope/history (~/.local/state/...). */
void	 history_load(void);
/* Add a line, unless it is empty or repeats the last one. */
void	 history_add(const char *);
/* Write the history back, private to the user. */
void	 history_save(void);

/* Set readline's completion: verbs, then names of actors, objects and
 * jobs, signals, and file paths for a word starting with / or ./ */
void	 complete_init(struct lab *);

#endif
