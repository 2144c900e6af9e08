/* keys.c: keys. libtermkey decodes them (curses never reads the
 * terminal); each is named as termkey writes it in vim style ("q",
 * "<Up>", "<C-z>", "<F9>") and looked up in one table of bindings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "cmd.h"
#include "cmdline.h"
#include "keys.h"
#include "lab.h"
#include "menu.h"
#include "recording.h"

/* Which panes a binding works in; 0 for all. */
#define IN_ACTORS	(1U << PANE_ACTORS)
#define IN_OBJECTS	(1U << PANE_OBJECTS)
#define IN_DETAIL	(1U << PANE_DETAIL)
#define IN_LOG		(1U << PANE_LOG)
#define IN_LISTS	(IN_ACTORS | IN_OBJECTS)
#define IN_ALL		0U

struct binding {
	const char	*keys;		/* names, separated by blanks */
	unsigned	 panes;
	const char	*help;
	int		(*fn)(struct tui *);
};

size_t
keys_name(TermKey *tk, TermKeyKey *key, char *buf, size_t len)
{
	return termkey_strfkey(tk, buf, len, key, TERMKEY_FORMAT_VIM);
}

/* Tab goes from each list to the detail of what is selected in it:
 * the actors, the actor's detail, the objects, the object's detail, the
 * log. Shift-Tab goes back: from the detail to the list it shows. */
static int
next_pane(struct tui *t)
{
	switch (t->focus) {
	case PANE_ACTORS:
	case PANE_OBJECTS:
		t->detail_of = t->focus;
		t->focus = PANE_DETAIL;
		break;
	case PANE_DETAIL:
		t->focus = t->detail_of == PANE_ACTORS ? PANE_OBJECTS : PANE_LOG;
		break;
	default:
		t->focus = PANE_ACTORS;
		break;
	}
	if (t->focus == PANE_ACTORS || t->focus == PANE_OBJECTS)
		t->detail_of = t->focus;
	t->detail_scroll = 0;
	return UI_REDRAW;
}

static int
prev_pane(struct tui *t)
{
	switch (t->focus) {
	case PANE_ACTORS:
		t->focus = PANE_LOG;
		break;
	case PANE_OBJECTS:
		t->focus = PANE_ACTORS;
		break;
	case PANE_DETAIL:
		t->focus = t->detail_of;
		break;
	default:
		t->focus = PANE_DETAIL;
		break;
	}
	if (t->focus == PANE_ACTORS || t->focus == PANE_OBJECTS)
		t->detail_of = t->focus;
	t->detail_scroll = 0;
	return UI_REDRAW;
}

/* Move a list's selection by delta rows (clamped). */
static int
move_list(struct tui *t, int delta)
{
	char		**rows, *sel;
	size_t		 n, i, cur = 0;
	long		 want;

	if (t->focus == PANE_ACTORS) {
		rows = t->actor_rows;
		n = t->nactor_rows;
		sel = t->sel_actor;
	} else {
		rows = t->object_rows;
		n = t->nobject_rows;
		sel = t->sel_object;
	}
	if (n == 0)
		return UI_HANDLED;
	for (i = 0; i < n; i++) {
		if (strcmp(rows[i], sel) == 0)
			cur = i;
	}
	want = (long)cur + delta;
	if (want < 0)
		want = 0;
	if (want >= (long)n)
		want = (long)n - 1;
	snprintf(sel, sizeof t->sel_actor, "%s", rows[want]);
	t->detail_scroll = 0;
	return UI_REDRAW;
}

static int
move_by(struct tui *t, int delta)
{
	switch (t->focus) {
	case PANE_ACTORS:
	case PANE_OBJECTS:
		return move_list(t, delta);
	case PANE_DETAIL:
		if (t->sequence) {
			/* Back through the chart: the pane stops at its oldest. */
			t->seq_scroll -= delta;
			if (t->seq_scroll < 0)
				t->seq_scroll = 0;
			return UI_REDRAW;
		}
		t->detail_scroll -= delta;
		if (t->detail_scroll > 0)
			t->detail_scroll = 0;
		return UI_REDRAW;
	case PANE_LOG:
		t->log_scroll -= delta;
		if (t->log_scroll < 0)
			t->log_scroll = 0;
		return UI_REDRAW;
	default:
		return UI_HANDLED;
	}
}

static int up(struct tui *t) { return move_by(t, -1); }
static int down(struct tui *t) { return move_by(t, 1); }
static int page_up(struct tui *t) { return move_by(t, -10); }
static int page_down(struct tui *t) { return move_by(t, 10); }
static int top(struct tui *t) { return move_by(t, -100000); }
static int bottom(struct tui *t) { return move_by(t, 100000); }

static int
actions(struct tui *t)
{
	menu_open_actions(t);
	return UI_REDRAW;
}

static int
signals(struct tui *t)
{
	menu_open_signals(t);
	return UI_REDRAW;
}

static int
command(struct tui *t)
{
	cmdline_open(t, "", 0);
	return UI_REDRAW;
}

static int
spawn(struct tui *t)
{
	char	*name = tui_free_name(t, "A"), *line;

	line = xasprintf("spawn %s", name);
	cmdline_open(t, line, 0);
	free(line);
	free(name);
	return UI_REDRAW;
}

static int
new_object(struct tui *t)
{
	menu_open_new(t);
	return UI_REDRAW;
}

static int
reap(struct tui *t)
{
	struct actor	*a = tui_selected_actor(t);
	char		*line;

	if (a == NULL) {
		tui_message(t, true, "select an actor to reap");
		return UI_REDRAW;
	}
	line = xasprintf("reap %s", a->proc->name);
	tui_run_made(t, line);
	free(line);
	return UI_REDRAW;
}

/* r in the objects pane: reaping is an actor's. */
static int
on_actor_only(struct tui *t)
{
	tui_message(t, true, "r reaps an actor: Tab to the actors pane and select one");
	return UI_REDRAW;
}

static int
quit(struct tui *t)
{
	size_t	 i, alive = 0;

	for (i = 0; i < t->lab->nactors; i++) {
		/* Observed processes are not the lab's to kill, and go on. */
		if (!t->lab->actors[i]->is_thread && !t->lab->actors[i]->observed &&
		    !actor_terminated(t->lab->actors[i]))
			alive++;
	}
	if (alive == 0)
		return UI_QUIT;
	t->confirm_quit = true;
	tui_message(t, false, "%zu actor%s alive: quit and kill %s? (y/n)", alive,
	    alive == 1 ? " is" : "s are", alive == 1 ? "it" : "them");
	return UI_REDRAW;
}

static int
help(struct tui *t)
{
	t->overlay = OVERLAY_HELP;
	t->help_scroll = 0;
	freep(&t->help_title);
	freep(&t->help_text);
	return UI_REDRAW;
}

/* The focused pane gets the whole screen, and back (tmux's zoom). */
static int
zoom(struct tui *t)
{
	t->zoomed = !t->zoomed;
	tui_message(t, false, t->zoomed ? "zoomed: z again shows every pane" : "every pane again");
	return UI_REDRAW;
}

/* A script held between steps (a lesson, -s, source): let it go on. */
static bool
script_here(struct tui *t)
{
	if (session_sourcing(&t->session))
		return true;
	tui_message(t, false, "no script is running: ipcscope --lesson NAME, -s FILE or "
	    "source FILE starts one");
	return false;
}

/* A replay steps, plays and pauses as a script does: a step is a line
 * that ran and what came of it. */
enum replay_go {
	REPLAY_STEP,
	REPLAY_CHAPTER,
	REPLAY_PLAY,
};

static int
replay_key(struct tui *t, enum replay_go go)
{
	if (replay_done(t->replay)) {
		tui_message(t, false, "the replay has ended: what it shows stays; q quits");
		return UI_REDRAW;
	}
	if (go == REPLAY_STEP)
		replay_step(t->replay);
	else if (go == REPLAY_CHAPTER) {
		if (!replay_chapter(t->replay))
			tui_message(t, false, "no chapter was left: the replay has ended");
	} else if (replay_playing(t->replay)) {
		replay_play(t->replay, false);
		tui_message(t, false, "paused: Space steps, p plays again");
	} else {
		replay_play(t->replay, true);
		tui_message(t, false, "playing at the pace it was recorded; p pauses");
	}
	return UI_REDRAW;
}

static int
script_step(struct tui *t)
{
	if (t->replay != NULL)
		return replay_key(t, REPLAY_STEP);
	/* A step at a time; but a question answered while playing plays on
	 * (the timer leaves its answer on the screen for a while). */
	if (script_here(t))
		session_go(&t->session, session_held(&t->session) == HOLD_ASK &&
		    t->session.pace == PACE_PLAY ? PACE_PLAY : PACE_STEP);
	return UI_REDRAW;
}

static int
script_chapter(struct tui *t)
{
	if (t->replay != NULL)
		return replay_key(t, REPLAY_CHAPTER);
	if (script_here(t))
		session_go(&t->session, PACE_CHAPTER);
	return UI_REDRAW;
}

static int
script_play(struct tui *t)
{
	if (t->replay != NULL)
		return replay_key(t, REPLAY_PLAY);
	if (!script_here(t))
		return UI_REDRAW;
	if (t->session.pace == PACE_PLAY && session_held(&t->session) == HOLD_ASK)
		session_go(&t->session, PACE_PLAY);	/* a question answered, playing on */
	else if (t->session.pace == PACE_PLAY) {
		t->session.pace = PACE_STEP;
		tui_message(t, false, "paused: Space steps, p plays again");
	} else {
		session_go(&t->session, PACE_PLAY);
		tui_message(t, false, "playing: a step every %.3g s; p pauses",
		    (double)t->session.play_ns / NS_PER_S);
	}
	return UI_REDRAW;
}

static int
script_restart(struct tui *t)
{
	char	*cause = NULL;
	int	 chapter = t->session.chapter;

	if (t->replay != NULL) {
		tui_message(t, true, "a replay plays forward only: ipcscope --replay FILE again "
		    "starts it anew");
		return UI_REDRAW;
	}
	if (!session_restart(&t->session, &cause)) {
		tui_message(t, true, "%s", cause);
		free(cause);
	} else if (chapter > 0)
		tui_message(t, false, "the lab anew, and the script again up to chapter %d: "
		    "Space goes on", chapter);
	else
		tui_message(t, false, "the lab anew, and the script from its start: Space goes on");
	return UI_REDRAW;
}

/* The sequence chart in the detail pane's place, and back. */
static int
sequence(struct tui *t)
{
	t->sequence = !t->sequence;
	t->seq_scroll = 0;
	t->topology = false;
	t->stale = true;	/* the sample holds the events only when asked */
	tui_message(t, false, t->sequence ? "the sequence chart: time flows down; in its pane "
	    "the arrows go back through it, z gives it the screen, S shows the detail again" :
	    "the detail again");
	return UI_REDRAW;
}

/* The topology in the detail pane's place, and back. */
static int
topology(struct tui *t)
{
	t->topology = !t->topology;
	t->sequence = false;
	t->stale = true;	/* the sample holds the links only when asked */
	tui_message(t, false, t->topology ? "the topology: writers on the left, readers on the "
	    "right, ! blocked; z gives it the screen, T shows the detail again" :
	    "the detail again");
	return UI_REDRAW;
}

static int
log_whole(struct tui *t)
{
	t->log_whole = !t->log_whole;
	tui_message(t, false, t->log_whole ? "the log shows every line whole, wrapped" :
	    "the log elides the middle of a call too wide for it");
	return UI_REDRAW;
}

/* The help view, like less: it scrolls; q or Esc closes it. */
static int
help_key(struct tui *t, const char *name)
{
	int	 page = t->rows - 5 > 1 ? t->rows - 5 : 1;

	if (strcmp(name, "<Down>") == 0 || strcmp(name, "j") == 0 || strcmp(name, "<Enter>") == 0)
		t->help_scroll++;
	else if (strcmp(name, "<Up>") == 0 || strcmp(name, "k") == 0)
		t->help_scroll--;
	else if (strcmp(name, "<PageDown>") == 0 || strcmp(name, "<Space>") == 0 ||
	    strcmp(name, "f") == 0)
		t->help_scroll += page;
	else if (strcmp(name, "<PageUp>") == 0 || strcmp(name, "b") == 0)
		t->help_scroll -= page;
	else if (strcmp(name, "<Home>") == 0 || strcmp(name, "g") == 0)
		t->help_scroll = 0;
	else if (strcmp(name, "<End>") == 0 || strcmp(name, "G") == 0)
		t->help_scroll = 1 << 20;	/* the drawing stops at the last page */
	else if (strcmp(name, "q") == 0 || strcmp(name, "<Escape>") == 0 ||
	    strcmp(name, "?") == 0 || strcmp(name, "<F1>") == 0 || strcmp(name, "<C-c>") == 0)
		t->overlay = OVERLAY_NONE;
	else
		return UI_HANDLED;
	if (t->help_scroll < 0)
		t->help_scroll = 0;
	return UI_REDRAW;
}

/* Ctrl-Z: the loop stops the program (tui.c). */
static int
suspend(struct tui *t)
{
	(void)t;
	return UI_SUSPEND | UI_REDRAW;
}

static int
repaint(struct tui *t)
{
	clearok(curscr, TRUE);
	return UI_REDRAW;
}

static const struct binding bindings[] = {
	{ "<Tab> <Right> l", IN_ALL, "next pane: from a list, the detail of its selection", next_pane },
	{ "<S-Tab> <Left> h", IN_ALL, "previous pane: from the detail, the list it shows", prev_pane },
	{ "<Up>", IN_ALL, "up: previous item, or scroll", up },
	{ "k", IN_OBJECTS | IN_DETAIL | IN_LOG, "up", up },
	{ "<Down> j", IN_ALL, "down: next item, or scroll", down },
	{ "<PageUp>", IN_ALL, "ten up", page_up },
	{ "<PageDown>", IN_ALL, "ten down", page_down },
	{ "<Home> g", IN_ALL, "first item; the oldest of the log", top },
	{ "<End> G", IN_ALL, "last item; the log follows again", bottom },
	{ "<Enter>", IN_LISTS | IN_DETAIL, "the calls that fit the selection", actions },
	{ "k", IN_ACTORS, "send the selected actor a signal; type its name or number (STOP, 19)", signals },
	{ "<F9>", IN_ALL, "send the selected actor a signal", signals },
	{ ":", IN_ALL, "type a command", command },
	{ "s", IN_ALL, "spawn an actor", spawn },
	{ "n", IN_ALL, "make a new object: a menu of every kind the lab can make", new_object },
	{ "r", IN_ACTORS, "reap the selected zombie", reap },
	{ "r", IN_OBJECTS, "reaps an actor: say so, and where to go", on_actor_only },
	{ "z", IN_ALL, "zoom: the focused pane gets the whole screen; z again gives it back", zoom },
	{ "S", IN_ALL, "the sequence chart in the detail pane's place: arrows from writer to reader; S again gives the detail back", sequence },
	{ "T", IN_ALL, "the topology in the detail pane's place: who holds which end of what, who maps, locks or waits, blocked ones marked !; T again gives the detail back", topology },
	{ "<Space>", IN_ALL, "a script's next step (a lesson, -s, source) or a replay's: the line shown as next runs", script_step },
	{ "]", IN_ALL, "a script or a replay on to its next chapter", script_chapter },
	{ "p", IN_ALL, "a script plays on, a step every few seconds (pace play), a replay at its pace; p again pauses", script_play },
	{ "R", IN_ALL, "a script's chapter again: the lab anew, the script run up to the chapter's start", script_restart },
	{ "w", IN_LOG, "whole log lines: a call too wide is wrapped, not elided; w again elides", log_whole },
	{ "? <F1>", IN_ALL, "this help", help },
	{ "<C-l>", IN_ALL, "redraw the screen", repaint },
	{ "<C-z>", IN_ALL, "suspend (fg resumes)", suspend },
	{ "q <F10> <C-c>", IN_ALL, "quit (asks first while actors live)", quit },
};

static bool
binding_has_key(const char *keys, const char *name)
{
	size_t	 len = strlen(name);
	const char *p = keys;

	/* An empty name (termkey names some keys so) is no binding's; and
	 * strstr would find it again at p for ever. */
	if (len == 0)
		return false;
	while ((p = strstr(p, name)) != NULL) {
		if ((p == keys || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
			return true;
		p += len;
	}
	return false;
}

size_t
keys_lookup(enum pane pane, const char *name)
{
	size_t	 i;

	for (i = 0; i < nitems(bindings); i++) {
		if ((bindings[i].panes == IN_ALL || (bindings[i].panes & (1U << pane))) &&
		    binding_has_key(bindings[i].keys, name))
			break;
	}
	return i;
}

int
keys_handle(struct tui *t, TermKeyKey *key, const char *name)
{
	size_t	 i;

	if (t->confirm_quit) {
		t->confirm_quit = false;
		if (strcmp(name, "y") == 0 || strcmp(name, "Y") == 0 || strcmp(name, "<Enter>") == 0)
			return UI_QUIT;
		tui_message(t, false, "not quitting");
		return UI_REDRAW;
	}
	if (t->cmd_active)
		return cmdline_key(t, key, name);
	if (t->overlay == OVERLAY_MENU)
		return menu_key(t, name);
	if (t->overlay == OVERLAY_HELP)
		return help_key(t, name);
	if ((i = keys_lookup(t->focus, name)) < nitems(bindings))
		return bindings[i].fn(t) | UI_HANDLED;
	return UI_IGNORED;
}

void
keys_add_help(struct buf *b)
{
	static const char *const pane_names[] = { "actors", "objects", "detail", "log" };
	char		 where[64];
	size_t		 i;
	int		 p;

	buf_adds(b, "Keys\n");
	for (i = 0; i < nitems(bindings); i++) {
		where[0] = '\0';
		if (bindings[i].panes != IN_ALL) {
			for (p = 0; p < PANE_COUNT; p++) {
				if (bindings[i].panes & (1U << p))
					snprintf(where + strlen(where), sizeof where - strlen(where),
					    "%s%s", where[0] ? ", " : " (in ", pane_names[p]);
			}
			strcat(where, ")");
		}
		buf_printf(b, "  %-18s %s%s\n", bindings[i].keys, bindings[i].help, where);
	}
	buf_adds(b, "  Esc                leave the command line, a menu or this help\n"
	    "  q                  close this help (Up, Down, PageUp, PageDown, Home, End scroll it)\n\n"
	    "help COMMAND (help fcntl) on the command line opens its help here.\n\n"
	    "On the command line (:) every command of the lab works, with Tab "
	    "completion and the history of earlier runs (Up, Down).\n\n");
	cmd_add_help(b, NULL, &(char *){ NULL });
}

size_t
keys_count(void)
{
	return nitems(bindings);
}

const char *
keys_binding(size_t i, unsigned *panes)
{
	*panes = bindings[i].panes;
	return bindings[i].keys;
}
