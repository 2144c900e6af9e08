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
	int		 repeat;	/* repeat: the runs in all (0: source) */
	int		 run;		/* ...and this one, from 1 */
};

/* The values a tally line took in the runs of a repeat. */
struct session_tally {
	char		*of;		/* "A last.ret" */
	char		**values;
	size_t		 n;
};

#define SESSION_SOURCE_DEPTH	16	/* files sourcing files, at most */
#define SESSION_PLAY_NS		(3 * NS_PER_S)	/* pace play's default */

/* How a script's lines go where the frontend can hold them (the full
 * screen): at once, a step at a time, to the next chapter, or a step at
 * a time on a timer. A step is a line and the expect and wait lines
 * after it; a chapter line goes with the line after it. */
enum session_pace {
	PACE_RUN,
	PACE_STEP,
	PACE_CHAPTER,
	PACE_PLAY,
};

/* Why the next line waits (session_held). */
enum session_hold {
	HOLD_NONE,
	HOLD_STEP,	/* for the next step to be let go (session_go) */
	HOLD_ASK,	/* an ask ran: for a key, whatever the pace */
};

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
	bool		 from_frame;	/* the line running is a sourced file's */
	struct session_frame *frames;	/* sourced files, the innermost last */
	size_t		 nframes;
	int		 chapter;	/* chapters begun, the number of the last */
	char		*chapter_title;	/* the last's, or NULL */
	/* Where the line running came from (a sourced file's, or source's). */
	const char	*at_source;
	int		 at_lineno;

	/* Steps: held only where the frontend can let them go. */
	bool		 can_hold;
	enum session_pace pace;
	int64_t		 play_ns;	/* PACE_PLAY's time between steps */
	bool		 go;		/* the next step may start */
	bool		 asked;		/* an ask ran: the next step waits for go */
	bool		 chained;	/* a chapter line ran: the next goes with it */
	/* The outermost script, kept whole to be run again from a chapter
	 * (session_restart): its lines, name, and the chapter line that ran
	 * last in it; while forwarding, its lines run unheld up to that. */
	struct session_frame outer;
	size_t		 chapter_line;
	bool		 forwarding;
	size_t		 forward_to;	/* the line forwarding stops at */
	struct session_tally *tallies;	/* of the repeat running */
	size_t		 ntallies;
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
/* Run the lines of file path next, as source does; false with *cause
 * if it cannot be read. */
bool	 session_source(struct session *, const char *path, char **cause);
/* Whether the next line of a script waits, and why. */
enum session_hold session_held(const struct session *);
/* The next line of a script to run (comments passed over), or NULL. */
const char *session_next_line(const struct session *);
/* Let the next step go; with pace, from now on at that pace. */
void	 session_go(struct session *, enum session_pace);
/* The script again from the start of its chapter: reset the lab, run
 * its lines up to that chapter at once, then hold. False with *cause
 * if there is no script to run again. The session must not be busy. */
bool	 session_restart(struct session *, char **cause);
/* Check the running command after events; finish it if it is done. */
void	 session_poll(struct session *);
/* Give up on the running command (Ctrl-C, quitting). */
void	 session_cancel(struct session *);
/* Cancel, and drop what sourced files had left to run. */
void	 session_end(struct session *);
/* End, and free what the session keeps (the script, the chapter). */
void	 session_free(struct session *);

/* Each line any session runs (blank lines and comments aside), before it
 * runs, told to fn with where it came from (source NULL: typed) and
 * whether it is a repeat's: a recording. One hearer for the program;
 * NULL for none. */
typedef void	 (*session_heard_fn)(void *arg, const char *line, const char *source,
		    int lineno, bool repeating);
void	 session_hear(session_heard_fn, void *arg);

#endif
