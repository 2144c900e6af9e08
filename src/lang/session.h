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

/* A file source ran, its lines run one by one before the next line of
 * the session's own. */
struct session_frame {
	char		**text;	/* its lines */
	size_t		 next;
	char		*name;
	int		 lineno;
};

#define SESSION_SOURCE_DEPTH	16	/* files sourcing files, at most */

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
	struct session_frame *frames;	/* sourced files, the innermost last */
	size_t		 nframes;
	int		 chapter;	/* chapters begun, the number of the last */
	char		*chapter_title;	/* the last's, or NULL */
	/* Where the line running came from (a sourced file's, or source's). */
	const char	*at_source;
	int		 at_lineno;
};

void	 session_init(struct session *, struct lab *, const char *source, bool sync);
/* Run one line (without its newline). The session must not be busy. */
void	 session_line(struct session *, const char *line, size_t len);
bool	 session_busy(const struct session *);
/* Run the next line of the files source gave, if one waits; false if
 * none does (the frontend's own lines come next). The session must not
 * be busy. */
bool	 session_feed(struct session *);
/* Lines of sourced files wait to run. */
bool	 session_sourcing(const struct session *);
/* Check the running command after events; finish it if it is done. */
void	 session_poll(struct session *);
/* Give up on the running command (Ctrl-C, quitting). */
void	 session_cancel(struct session *);
/* Cancel, and drop what sourced files had left to run. */
void	 session_end(struct session *);

#endif
