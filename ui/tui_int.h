/* tui_int.h: what the TUI's files share. Not for the core. */
#ifndef TUI_INT_H
#define TUI_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <curses.h>
#include <termkey.h>

#include "desc.h"
#include "session.h"
#include "util.h"

struct app;
struct lab;
struct loop_timer;
struct object;
struct actor;
struct record_log;
struct sample;

/* What a key handler did; the loop acts on it (htop's HandlerResult). */
#define UI_IGNORED	0x0
#define UI_HANDLED	0x1
#define UI_REDRAW	0x2
#define UI_QUIT		0x4

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

/* Colour pairs and their monochrome stand-ins: theme.c. */
enum role {
	ROLE_NORMAL,
	ROLE_BORDER,
	ROLE_TITLE,
	ROLE_SELECTED,
	ROLE_FOCUS_TITLE,
	ROLE_CHANGED,
	ROLE_ERROR,
	ROLE_SIGNAL,
	ROLE_BLOCKED,
	ROLE_GOOD,
	ROLE_DIM,
	ROLE_KEY,
	ROLE_GAUGE,
	ROLE_COUNT,
};

/* The bytes from the terminal on their way to termkey. libtermkey 0.22
 * reads and writes out of bounds on some CSI sequences a terminal may
 * be sent: an intermediate byte (ESC [ - S) or a private one (ESC [ < A)
 * before a cursor or function key's letter, a CSI u without a code
 * point (ESC [ ; u), ESC [ 27 ~ without its third parameter, 16
 * parameters. The guard gives termkey such a sequence with '@' for its
 * final byte, which termkey knows no key for (ESC [ 1 $ @), or cut at
 * its 16th ';'. Where termkey's keys start is not always known (control
 * strings, X10 mouse reports, a sequence forced out half-way), so one
 * is taken to start at every ESC [, and at every 0x9b (8-bit CSI) that
 * is not inside a UTF-8 character: it may spoil garbage, never let a
 * harmful sequence by. */
struct keys_guard {
	bool		 utf8;		/* termkey decodes UTF-8 */
	bool		 esc;		/* the last byte was an ESC */
	bool		 string;	/* in a control string (OSC, DCS), up to its end */
	bool		 drop;		/* the rest of a sequence cut short, up to its final byte */
	int		 more;		/* UTF-8 continuation bytes still due */
	int		 raw;		/* bytes of an X10 mouse report still due */
	/* A CSI sequence, up to its final byte (0x40 to 0x7e). */
	bool		 csi;
	int		 csi_len;	/* its bytes so far, after ESC [ */
	bool		 inter;		/* an intermediate byte (0x20 to 0x2f) */
	bool		 initial;	/* a private byte (< = > ?) before its parameters */
	bool		 priv;		/* one anywhere */
	bool		 priv_q;	/* only a '?' before its parameters */
	bool		 unsure;	/* another may have started inside (0x9b) */
	int		 params;	/* its ';' so far */
	bool		 present;	/* digits since the last ';' */
	long		 value;		/* their value (at most 0x110000) */
	long		 p0, p2;	/* its first and third parameters, -1 if none */
};

struct rect {
	int	 y, x, h, w;
};

struct tui;

/* Where a line to run comes from: what its errors say, and whether it
 * is the user's latest (its outcome replaces the message line's). */
enum line_origin {
	LINE_TYPED,	/* on the command line: errors name its column */
	LINE_MADE,	/* by a menu or a key: errors quote it */
	LINE_SETUP,	/* the demo's, a -s script's: errors name a column */
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

/* A line's text the last time it was drawn, to highlight what changed. */
struct memo {
	char		*key;
	char		*text;
	int64_t		 changed;	/* when it last changed */
	char		*hl;		/* the columns that changed then, or NULL */
};

#define HIST_LEN	24

/* The recent fill of an object, one sample per tick while visible. */
struct history {
	const void		*key;		/* the object (sample_object's key) */
	int64_t			 used[HIST_LEN];
	int64_t			 capacity;
	size_t			 n;
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

	struct queued_line	*queue;		/* lines waiting for the session */
	size_t			 nqueue;

	struct memo		*memos;
	size_t			 nmemos;
	struct history		*hists;
	size_t			 nhists;

	/* Rows of the two lists as last drawn, for moving the selection. */
	char			**actor_rows;
	size_t			 nactor_rows;
	char			**object_rows;
	size_t			 nobject_rows;

	/* What the frame draws: the lab as last sampled (sample.h). */
	struct sample		*sample;
	bool			 stale;		/* the lab changed, or what shows of it:
						 * sample again before the next frame */
	bool			 dirty;		/* the screen differs from the last frame */
	int64_t			 fade_at;	/* a highlight in the last frame ends then */
	struct loop_timer	*fade_timer;
	bool			 quit;
	int64_t			 frame_ns;	/* the last frame's build and draw time */
	int64_t			 key_ns;	/* when the last key came, until drawn */
};

/* theme.c */
void		 theme_init(struct tui *);
attr_t		 theme_attr(enum role);
short		 theme_pair(enum role);
void		 theme_set(enum role);
/* Glyphs, UTF-8 or ASCII. */
const char	*glyph_spark(int level);	/* 0..7 */
const char	*glyph_arrow(void);
const char	*glyph_tree_mid(void);
const char	*glyph_tree_last(void);
const char	*glyph_bar_full(void);
const char	*glyph_bar_empty(void);
const char	*glyph_up(void);
const char	*glyph_down(void);
const char	*glyph_ellipsis(void);

/* draw.c */
/* What a frame shows of a sample's rows (a sample_want_fn, arg the
 * TUI): the rows its panes have room for around the selections, and the
 * detail pane's item. */
void		 frame_want(void *arg, struct sample *);
/* A tick's sample into the gauges' histories: whether a sparkline moved. */
bool		 frame_histories(struct tui *, const struct sample *);
/* The screen from t->sample alone. */
void		 draw_frame(struct tui *);
/* Write at y, x at most w columns of s (UTF-8 aware, one column a code
 * point: the text drawn is ASCII apart from our own glyphs). */
int		 draw_text(int y, int x, int w, const char *s);
/* The same, ending with an ellipsis when s does not fit in w columns. */
void		 draw_text_cut(int y, int x, int w, const char *s);
void		 draw_box(struct rect, const char *title, bool focused);
/* The columns of text that differ from what key showed last: kept and
 * returned while the change is recent (non-space where it changed),
 * NULL otherwise. */
const char	*draw_changed_cells(struct tui *, const char *key, const char *text,
		    int64_t now);
struct history	*tui_history(struct tui *, const void *key);

/* wrap.c */
/* A row of wrapped text: its bytes and the columns before them. */
struct wrap_row {
	size_t		 off, len;
	int		 indent;
};
/* The fewest columns of a call left when its middle is elided. */
#define WRAP_MIN_CALL	16
int		 wrap_cols(const char *, size_t len);
/* s (plain text, escaped already) as rows of at most w columns, broken
 * at a blank in the second half of a row where there is one; the rows
 * after the first are indented by hang. Sets *rows (to be freed);
 * returns how many, one at least. */
size_t		 wrap_rows(const char *s, int w, int hang, struct wrap_row **rows);
/* The indent s's rows after the first want in w columns: under the text
 * that follows a label and a gap of two blanks or more ("inode     1234",
 * "  OP        F_GETFL; ..."), or two columns past s's own. */
int		 wrap_hang(const char *s, int w);
/* A call's line ("write(4, \"abc\"..., 2048) = 2048 <3us>") in one row
 * of w columns: the middle of the call replaced by the ellipsis, its
 * name, result, errno and time whole. Appends it to out; false (nothing
 * added) when s is no call or too little of the call would be left. */
bool		 wrap_elide_call(struct buf *out, const char *s, int w, const char *ellipsis);
/* A call's line too wide for one row, in two: its essential row in
 * first (the call, its middle elided as wrap_elide_call does, its result
 * and errno's name, its time, in w columns) and the rest of its result
 * (errno's text, the hint, the data) in rest, which may be empty. false
 * (nothing added) when s is no call or too little of it would be left. */
bool		 wrap_call_split(struct buf *first, struct buf *rest, const char *s, int w,
		    const char *ellipsis);
/* text, made for 80 columns, with each paragraph on one line again, to
 * be wrapped to the width it is shown in: the lines of an indented
 * paragraph are joined; a heading (ending in ':'), a line of a label
 * and its text (a gap of two blanks), a line at the margin stay. */
void		 wrap_reflow(struct buf *out, const char *text);

/* keyguard.c */
void		 keys_guard_init(struct keys_guard *, bool utf8);
/* The len bytes read, as termkey may have them, into out (room for len
 * bytes); returns how many. */
size_t		 keys_guard(struct keys_guard *, const char *, size_t len, char *out);
/* termkey holds nothing (getkey gave TERMKEY_RES_NONE): the next byte
 * starts a key. After a sequence that never finished, which termkey was
 * forced to give as keys, this puts the guard back in step. */
void		 keys_guard_idle(struct keys_guard *);

/* keys.c */
/* The name of a key as bindings write it: "q", "<Up>", "<C-c>", "<F9>". */
size_t		 keys_name(TermKey *, TermKeyKey *, char *, size_t);
int		 keys_handle(struct tui *, TermKeyKey *, const char *name);
/* The binding of a key name in a pane: its index in the table, or
 * keys_count() if it has none there. */
size_t		 keys_lookup(enum pane, const char *name);
/* The help overlay's lines, from the key table and the command table. */
void		 keys_add_help(struct buf *);
/* The binding table: its size, and the key names of entry i (blank
 * separated) and the panes it works in (0: all). */
size_t		 keys_count(void);
const char	*keys_binding(size_t, unsigned *panes);

/* menu.c */
void		 menu_open_actions(struct tui *);
void		 menu_open_signals(struct tui *);
void		 menu_open_new(struct tui *);
void		 menu_close(struct tui *);
int		 menu_key(struct tui *, const char *name);
void		 menu_draw(struct tui *);

/* cmdline.c */
void		 cmdline_init(struct tui *);
void		 cmdline_end(void);
void		 cmdline_open(struct tui *, const char *prefill, int cursor_back);
void		 cmdline_close(struct tui *);
int		 cmdline_key(struct tui *, TermKeyKey *, const char *name);
void		 cmdline_draw(struct tui *, int y);

/* tui.c */
/* Run a command line as typed, through the session (queued if busy). */
void		 tui_run_line(struct tui *, const char *line);
/* The same for a line a menu or a key made. */
void		 tui_run_made(struct tui *, const char *line);
void		 tui_message(struct tui *, bool error, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
void		 tui_suspend(struct tui *);
struct actor	*tui_selected_actor(struct tui *);
struct object	*tui_selected_object(struct tui *);
/* A name not yet taken, from a stem: p2, p3... */
char		*tui_free_name(struct tui *, const char *stem);

#endif
