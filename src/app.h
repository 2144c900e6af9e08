/* app.h: what main hands a frontend (batch mode, the line mode, the TUI):
 * the lab, the loop, how records are printed, and the signals that came. */
#ifndef APP_H
#define APP_H

#include <stdbool.h>
#include <stdint.h>

#include "output.h"

struct guardian;
struct lab;
struct loop;

struct app {
	struct lab	*lab;
	struct loop	*loop;
	struct output	 out;
	struct guardian	*guardian;	/* the frontend tells it the terminal's modes */
	bool		 trace;		/* -x: echo each command */
	bool		 interactive;	/* SIGINT cancels the line instead of quitting */
	int		 quit_signal;	/* INT, TERM, HUP or QUIT arrived */
	bool		 interrupted;	/* SIGINT in an interactive frontend */
	int64_t		 delay_ns;
	const char	*source;	/* --source: commands to run first, or NULL */
	/* The frontend's own signals (SIGWINCH, SIGTSTP, SIGCONT in the TUI). */
	void		(*on_signal)(struct app *, int sig);
};

/* src/batch.c: run a script (path, or "-" for stdin); the exit status:
 * 0, 1 if a command was refused or a check failed, BATCH_SKIPPED if the
 * script ended on a require that does not hold here. */
#define BATCH_SKIPPED	77
int	batch_run(struct app *, const char *path);
/* ui/line.c: the interactive command line; the exit status. */
int	line_run(struct app *);
/* The lines of a --source file, for an interactive frontend to run
 * first: a NULL-terminated array, or NULL with a message printed. */
char	**source_lines(const char *path);
void	 source_free(char ***);

#endif
