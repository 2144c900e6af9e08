/* app.h: what main hands a frontend (batch mode, the line mode, the TUI):
 * the lab, the loop, how records are printed, the options, and the
 * signals that came; and the frontends main chooses from. */
#ifndef APP_H
#define APP_H

#include <stdbool.h>
#include <stdint.h>

#include "output.h"

struct guardian;
struct lab;
struct loop;
struct recorder;
struct replay;

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
	const char	*script;	/* --batch: the script, "-" for stdin */
	const char	*source;	/* --source: commands to run first, or NULL */
	bool		 lesson;	/* source is --lesson's: told a step at a time */
	bool		 demo;		/* --demo: the TUI starts with a ready lab */
	bool		 dot;		/* --dot: --list prints the wait-for graph */
	struct recorder	*recorder;	/* --record's, or NULL */
	struct replay	*replay;	/* --replay's (the TUI plays it), or NULL */
	/* The frontend's own signals (SIGWINCH, SIGTSTP, SIGCONT in the TUI). */
	void		(*on_signal)(struct app *, int sig);
};

/* A frontend: how a person (or a script) drives the lab. main chooses
 * one by the options (--batch, --line, else the TUI) from its table of
 * these; run is called once, after the lab, the loop and the guardian
 * are set up, and before they end. */
struct frontend {
	const char	*name;		/* "batch", "line", "tui" */
	/* Signals it handles itself through app->on_signal (the TUI's
	 * resize and suspend), ending with 0; NULL for none. main reads
	 * them from its signalfd, so they are blocked from the start. */
	const int	*signals;
	/* Run the lab until a quit, an end of input or an ending signal;
	 * the exit status. FRONTEND_CANNOT, with nothing done, if it cannot
	 * work here (the TUI on a terminal curses cannot use): main then
	 * says why and takes the line mode. */
	int		(*run)(struct app *);
};
#define FRONTEND_CANNOT	(-1)

/* src/lang/batch.c: runs app->script; the exit status: 0, 1 if a
 * command was refused or a check failed, BATCH_SKIPPED if the script
 * ended on a require that does not hold here. */
#define BATCH_SKIPPED	77
extern const struct frontend	batch_frontend;
/* src/lang/list.c: --list: the observed processes printed once. */
extern const struct frontend	list_frontend;
/* ui/line.c: the interactive command line (--line). */
extern const struct frontend	line_frontend;
/* ui/tui.c: the full screen; with app->demo, a ready lab first. */
extern const struct frontend	tui_frontend;

#endif
