/* view.h: what the screen's parts share: the state of the full screen
 * (struct tui: the focus and selections, the overlays, the message
 * line, the lines waiting for the session, the sample drawn) and what
 * any part may do with it (view.c: a message, a line run, the selected
 * actor or object). It includes none of the parts: tui.c, the top,
 * calls them, and they report back through it or by the flags their
 * key handlers return. Not for the core. */
#ifndef VIEW_H
#define VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <termkey.h>

#include "keyguard.h"
#include "memo.h"
#include "session.h"
#include "spark.h"
#include "util.h"

struct app;
struct lab;
struct loop_timer;
struct object;
struct actor;
struct record_log;
struct replay;
struct sample;

/* What a key handler did; the loop acts on it (htop's HandlerResult). */
#define UI_IGNORED	0x0
#define UI_HANDLED	0x1
#define UI_REDRAW	0x2
#define UI_QUIT		0x4
#define UI_SUSPEND	0x8	/* stop the program, as Ctrl-Z does */

enum pane {
	PANE_ACTORS,
	PANE_OBJECTS,
	PANE_DETAIL,
	PANE_LOG,
	PANE_COUNT,
};

enum overlay {
	OVERLAY_NONE,
	OVERLAY_MENU,
	OVERLAY_HELP,
};

struct tui;

/* Where a line to run comes from: what its errors say, and whether it
 * is the user's latest (its outcome replaces the message line's). */
enum line_origin {
	LINE_TYPED,	/* on the command line: errors name its column */
	LINE_MADE,	/* by a menu or a key: errors quote it */
	LINE_SETUP,	/* the demo's: errors name a column */
};

struct queued_line {
	char			*text;
	enum line_origin	 origin;
};

struct menu_item {
	char		*label;
	char		*command;	/* run it; NULL for a submenu or a separator */
	bool		 prefill;	/* put it on the command line instead */
	int		 cursor_back;	/* prefill: cursor this far from the end */
	void		(*choose)(struct tui *, struct menu_item *);	/* or this */
	char		*arg;		/* for choose */
};

struct menu {
	char			*title;
	struct menu_item	*items;
	size_t			 n;
	size_t			 sel;
	size_t			 top;
	char			*footer;
	/* A menu one chooses from by typing (the signals): the item that
	 * fits what was typed, or -1; NULL where letters move (j, k). */
	long			(*find)(const struct menu *, const char *typed);
	char			 typed[24];	/* what was typed, shown */
};

struct tui {
	struct app		*app;
	struct lab		*lab;
	const struct record_log	*log;		/* the lab's, as its sink hears of it */
	struct session		 session;
	TermKey			*tk;
	struct keys_guard	 guard;		/* what is read goes through it to tk */
	struct loop_timer	*key_timer;
	bool			 utf8;
	bool			 color;
	bool			 curses_on;
	int			 rows, cols;

	enum pane		 focus;
	char			 sel_actor[80];
	char			 sel_object[80];
	enum pane		 detail_of;	/* PANE_ACTORS or PANE_OBJECTS */
	int			 detail_scroll;
	int			 log_scroll;	/* lines up from the newest; 0 follows */

	bool			 zoomed;	/* the focused pane has the whole screen */
	bool			 log_whole;	/* every log line whole, wrapped: no call elided */
	bool			 sequence;	/* the sequence chart in the detail pane's place */
	bool			 topology;	/* ...or the topology (never both) */
	int			 seq_scroll;	/* the chart's rows up from the newest; 0 follows */
	size_t			 seq_seen;	/* events it had drawn (events_total) */

	enum overlay		 overlay;
	struct menu		 menu;
	int			 help_scroll;	/* the help view's first row */
	char			*help_title;	/* what the help view shows: a help */
	char			*help_text;	/* record's text; NULL: the keys' help */
	char			*help_asked;	/* the help command typed last, its title */
	bool			 confirm_quit;

	bool			 cmd_active;	/* the command line has the keys */
	char			*msg;		/* the message line */
	bool			 msg_error;
	int64_t			 msg_time;

	char			*caption;	/* narration (say) or a question (ask), or NULL */
	char			*answer;	/* the question's answer, once the next step ran */
	bool			 asking;	/* a question shown waits for its answer */
	struct loop_timer	*play_timer;	/* pace play's next step */
	struct replay		*replay;	/* --replay's, played into the panes, or NULL */
	char			*replay_shown;	/* its status as last drawn */

	struct queued_line	*queue;		/* lines waiting for the session */
	size_t			 nqueue;

	struct memos		 memos;		/* each line's text as last drawn */
	struct histories	 hists;		/* the gauges' recent fill */

	/* Rows of the two lists as last sampled, for moving the selection:
	 * the names in sample, which is never dropped but for a new one. */
	char			**actor_rows;
	size_t			 nactor_rows;
	char			**object_rows;
	size_t			 nobject_rows;

	/* What the frame draws: the lab as last sampled (sample.h). */
	struct sample		*sample;
	bool			 stale;		/* the lab changed, or what shows of it:
						 * sample again before the next frame */
	bool			 dirty;		/* the whole screen is to be drawn again */
	unsigned		 panes;		/* ...or only these (frame.h's FRAME_*) */
	struct loop_timer	*fade_timer;	/* a highlight drawn ends */
	bool			 quit;
	int64_t			 frame_ns;	/* the last frame's build and draw time */
	int64_t			 key_ns;	/* when the last key came, until drawn */
};

/* view.c. The functions keep the prefix of the struct they act on. */
/* Say something on the message line. */
void		 tui_message(struct tui *, bool error, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* Run a command line as typed, through the session (queued if busy). */
void		 tui_run_line(struct tui *, const char *line);
/* The same for a line a menu or a key made. */
void		 tui_run_made(struct tui *, const char *line);
/* A line to run once the session is free (the demo's, a script's). */
void		 tui_queue(struct tui *, const char *line, enum line_origin);
/* Give the session the lines queued, as long as it is free. */
void		 tui_feed_queue(struct tui *);
struct actor	*tui_selected_actor(struct tui *);
struct object	*tui_selected_object(struct tui *);
/* A name not yet taken, from a stem: p2, p3... */
char		*tui_free_name(struct tui *, const char *stem);

#endif
