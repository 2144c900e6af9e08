/* session.h: running lines of the command language one after another, as
 * a script, stdin or a command line gives them: parse, run, and keep a
 * command that is still going (an actor call not yet settled, wait,
 * sleep) until it is done. Errors become "error" records. */
#ifndef SESSION_H
#define SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"

struct lab;

struct session {
	struct lab	*lab;
	struct cmd_ctx	 ctx;
	struct cmd	*cmd;		/* the command running, or NULL */
	bool		 sync;		/* actor calls wait until settled */
	bool		 trace;		/* echo each command before it runs */
	/* The line running was made for the user (a menu's), not typed:
	 * its errors quote it instead of naming a column of it. */
	bool		 made;
	const char	*source;	/* "script.isc", "stdin", or NULL (typed) */
	int		 lineno;
	int		 errors;	/* commands refused */
	int		 failures;	/* checks (expect, wait) that did not hold */
	bool		 skipped;	/* a require that does not hold here: a script ends */
	bool		 quit;		/* quit ran: the frontend ends the lab */
};

void	 session_init(struct session *, struct lab *, const char *source, bool sync);
/* Run one line (without its newline). The session must not be busy. */
void	 session_line(struct session *, const char *line, size_t len);
bool	 session_busy(const struct session *);
/* Check the running command after events; finish it if it is done. */
void	 session_poll(struct session *);
/* Give up on the running command (Ctrl-C, quitting). */
void	 session_cancel(struct session *);

#endif
