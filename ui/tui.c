/* tui.c: the full-screen interface, the top of ui/: setup and teardown,
 * the key reader in the one event loop, the sample taken and the frame
 * drawn when it shows something new, suspend and resize, and giving the
 * terminal back sane on every way out: by endwin on an orderly one, by
 * the guardian when the controller dies (a crash, SIGKILL). */
#include "config.h"

#include <sys/ioctl.h>

#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "app.h"
#include "cmdline.h"
#include "frame.h"
#include "guardian.h"
#include "job.h"
#include "keyguard.h"
#include "keys.h"
#include "lab.h"
#include "loop.h"
#include "menu.h"
#include "recording.h"
#include "sample.h"
#include "theme.h"
#include "view.h"

#define DRAW_GAP_NS	(25 * NS_PER_MS)	/* at most 40 frames a second */

/* The lab a newcomer sees at once: a producer filling a pipe that a
 * consumer drains, more slowly, so it fills; stop, kill or feed them. */
static const char *const demo_lines[] = {
	"spawn producer",
	"producer pipe p1",
	"producer fork consumer",
	"producer close p1.r",
	"consumer close p1.w",
	"every 250ms producer write p1 2k",
	"every 500ms consumer read p1 2k",
};

/* What the demo's message line says: the keys, from the state the demo
 * starts in (the objects pane, p1 selected), that stop the consumer:
 * Shift-Tab to the actors, j from producer to consumer, k for the
 * signals. It fits in 80 columns. */
static const char	 demo_hint[] =
    "Demo: to stop the consumer: Shift-Tab, j, k, type STOP, Enter. p1 fills. ? help";

static struct tui	*current;
static void		(*next_fatal_hook)(void);
static struct termios	 saved_tio;
static bool		 saved_tio_ok;

/* Statistics for the benchmark, written at exit if IPCSCOPE_TUI_STATS
 * names a file. */
static int64_t		*stat_frames, *stat_keys;
static size_t		 nstat_frames, nstat_keys;
static int64_t		 last_draw;

/* Whether a record is what happened (a call, a process's or object's
 * change), which answers a question, rather than a check or a word. */
static bool
answers(const struct record *r)
{
	switch (r->kind) {
	case RECORD_CALL:
	case RECORD_BLOCKED:
	case RECORD_SPAWN:
	case RECORD_EXIT:
	case RECORD_STOP:
	case RECORD_CONTINUE:
	case RECORD_REAP:
	case RECORD_ENDED:
	case RECORD_SIGNAL:
	case RECORD_NOTIFY:
	case RECORD_STATE:
	case RECORD_DEADLOCK:
		return true;
	default:
		return false;
	}
}

/* Play: the next step goes once its time since the last has passed. */
static void
play_cb(void *arg)
{
	struct tui	*t = arg;

	if (t->session.pace == PACE_PLAY && session_held(&t->session) == HOLD_STEP) {
		session_go(&t->session, PACE_PLAY);
		t->dirty = true;
	}
}

/* While a script plays and waits for its step, the timer is set. */
static void
play_arm(struct tui *t)
{
	if (t->session.pace == PACE_PLAY && session_held(&t->session) == HOLD_STEP &&
	    !session_busy(&t->session) && !loop_timer_armed(t->play_timer))
		loop_timer_at(t->play_timer, now_ns() + t->session.play_ns);
}

/* The help view opens on text, under title (taken over). */
static void
help_view(struct tui *t, char *title, const char *text)
{
	free(t->help_text);
	t->help_text = xstrdup(text);
	free(t->help_title);
	t->help_title = title;
	t->help_scroll = 0;
	t->overlay = OVERLAY_HELP;
}

static void
tui_record(void *arg, const struct record *r)
{
	struct tui	*t = arg;

	t->dirty = true;
	/* Help, and a repeat's histograms, are read whole and scrolled in
	 * the help view, not in the log's few lines. */
	if (r->kind == RECORD_HELP && t->overlay != OVERLAY_MENU) {
		help_view(t, t->help_asked != NULL ? t->help_asked : xstrdup("help"), r->text);
		t->help_asked = NULL;
	}
	if (r->kind == RECORD_TALLY && r->who == NULL && t->overlay != OVERLAY_MENU)
		help_view(t, xstrdup("histograms"), r->text);
	if (r->kind == RECORD_ERROR)
		freep(&t->help_asked);
	/* Narration stays on the screen until the next; a chapter begins
	 * without the last one's. A question waits for its answer: what
	 * the next step's first event says. */
	if (r->kind == RECORD_SAY || r->kind == RECORD_CHAPTER || r->kind == RECORD_ASK) {
		freep(&t->caption);
		freep(&t->answer);
		t->asking = r->kind == RECORD_ASK;
		if (r->kind != RECORD_CHAPTER && r->text[0] != '\0')
			t->caption = xstrdup(r->text);
	} else if (t->asking && !t->session.asked && r->who != NULL && answers(r)) {
		/* Only once the step after the question was let go. */
		t->answer = xasprintf("%s: %s", r->who, r->text);
		t->asking = false;
	}
	if (r->kind == RECORD_ERROR || (r->kind == RECORD_EXPECT && r->level == REC_ERROR))
		tui_message(t, true, "%s", r->text);
}

/* Something changed in the lab: sample it before the next frame. */
static void
tui_changed(void *arg)
{
	((struct tui *)arg)->stale = true;
}

/* Read what the screen shows of the lab (frame_want says what), and
 * draw only if it differs from what was drawn: an idle lab costs its
 * tick's sample, not a frame. The tick's goes into the gauges'
 * histories. */
static void
take_sample(struct tui *t, bool ticked)
{
	struct sample	*s = sample_take(t->lab, frame_want, t);

	s->jobs = job_count(t->lab);
	t->panes |= frame_changed(t->sample, s);
	/* A replay's place, and the line it shows as next, are in the status
	 * bar and the caption. */
	if (t->replay != NULL) {
		struct buf	 b;

		buf_init(&b);
		replay_add_status(&b, t->replay);
		buf_printf(&b, "\n%s", replay_next_command(t->replay) != NULL ?
		    replay_next_command(t->replay) : "");
		if (t->replay_shown == NULL || strcmp(t->replay_shown, b.data) != 0) {
			free(t->replay_shown);
			t->replay_shown = buf_take(&b);
			t->dirty = true;
		}
		buf_free(&b);
	}
	sample_free(&t->sample);
	t->sample = s;
	t->stale = false;
	if (t->replay != NULL)
		replay_prune(t->replay);	/* no sample points into older snapshots */
	if (ticked && spark_sample(&t->hists, s))
		t->panes |= FRAME_OBJECTS | FRAME_DETAIL;
}

static void
stats_add(int64_t **v, size_t *n, int64_t x)
{
	if (*n % 1024 == 0)
		*v = xreallocarray(*v, *n + 1024, sizeof **v);
	(*v)[(*n)++] = x;
}

static void
draw(struct tui *t)
{
	if (t->stale || t->sample == NULL)
		take_sample(t, false);
	last_draw = now_ns();
	frame_draw(t, t->dirty ? FRAME_ALL : t->panes);
	/* Once the highlight of a changed line has faded, a frame shows it. */
	loop_timer_at(t->fade_timer, t->memos.fade_at);
	/* Frames of a settled lab, not of one being set up. */
	if (t->nqueue == 0 && !session_busy(&t->session))
		stats_add(&stat_frames, &nstat_frames, t->frame_ns);
	if (t->key_ns != 0) {
		stats_add(&stat_keys, &nstat_keys, now_ns() - t->key_ns);
		t->key_ns = 0;
	}
	t->dirty = false;
	t->panes = 0;
}

static void	suspend(struct tui *);

static void
handle_key(struct tui *t, TermKeyKey *key)
{
	char	 name[64];
	int	 r;
	bool	 stopped, busy;

	keys_name(t->tk, key, name, sizeof name);
	t->key_ns = now_ns();
	if (strcmp(name, "<Escape>") == 0 && !t->cmd_active && t->overlay == OVERLAY_NONE &&
	    (session_busy(&t->session) || session_sourcing(&t->session))) {
		busy = session_busy(&t->session);
		stopped = session_sourcing(&t->session);
		session_end(&t->session);
		tui_message(t, false, "%s%s", busy ? "stopped waiting (the call goes on in the "
		    "actor)" : "the script stopped", busy && stopped ? "; the rest of the script is "
		    "not run (R runs its chapter again)" : stopped ? " (R runs its chapter again)" : "");
		return;
	}
	/* The too-small screen still lets one quit. */
	if ((t->cols < 80 || t->rows < 24) && strcmp(name, "q") == 0 && !t->cmd_active) {
		t->quit = true;
		return;
	}
	r = keys_handle(t, key, name);
	if (r & UI_QUIT)
		t->quit = true;
	if (r & UI_SUSPEND)
		suspend(t);
	/* A key may move a selection or a pane: what is shown, so what
	 * is sampled. */
	t->stale = true;
	t->dirty = true;
}

static void
drain_keys(struct tui *t)
{
	TermKeyKey	 key;
	TermKeyResult	 r;

	while ((r = termkey_getkey(t->tk, &key)) == TERMKEY_RES_KEY && !t->quit)
		handle_key(t, &key);
	if (r == TERMKEY_RES_AGAIN)
		loop_timer_at(t->key_timer, now_ns() + termkey_get_waittime(t->tk) * NS_PER_MS);
	else if (r == TERMKEY_RES_NONE)
		keys_guard_idle(&t->guard);
	else if (r == TERMKEY_RES_EOF)
		t->quit = true;
}

/* What the terminal sent, into termkey through the guard (keys.c). */
static void
read_keys(struct tui *t)
{
	TermKeyKey	 key;
	char		 in[256], out[sizeof in];
	size_t		 room = termkey_get_buffer_remaining(t->tk);
	ssize_t		 n;

	/* Full of a sequence that never ends: it is keys now, not after
	 * the key timer while the terminal stays readable. */
	if (room == 0) {
		if (termkey_getkey_force(t->tk, &key) == TERMKEY_RES_KEY)
			handle_key(t, &key);
		return;
	}
	do
		n = read(STDIN_FILENO, in, room < sizeof in ? room : sizeof in);
	while (n == -1 && errno == EINTR);
	if (n == 0)
		t->quit = true;		/* the terminal is gone */
	else if (n > 0)
		termkey_push_bytes(t->tk, out, keys_guard(&t->guard, in, (size_t)n, out));
}

static void
stdin_cb(int fd, short revents, void *arg)
{
	struct tui	*t = arg;

	(void)fd;
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		t->quit = true;		/* the terminal is gone */
		return;
	}
	read_keys(t);
	drain_keys(t);
}

/* A lone Escape, or the start of a sequence that never finished. */
static void
key_timer_cb(void *arg)
{
	struct tui	*t = arg;
	TermKeyKey	 key;

	if (termkey_getkey_force(t->tk, &key) == TERMKEY_RES_KEY)
		handle_key(t, &key);
	drain_keys(t);
}

/* The lab's tick read the kernel anew: sample what is shown. */
static void
tui_ticked(void *arg)
{
	take_sample(arg, true);
}

/* Highlights of changed lines end: draw them plain. */
static void
fade_cb(void *arg)
{
	((struct tui *)arg)->dirty = true;
}

/* Objects were freed (forget, reset): a history kept for one would go
 * to a new object at its address. */
static void
tui_forgotten(void *arg)
{
	struct tui	*t = arg;

	spark_clear(&t->hists);
	t->stale = true;
}

static void
resize(struct tui *t)
{
	struct winsize	 ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	t->stale = true;
	t->dirty = true;
}

static void	terminal_guard(struct tui *);

static void
suspend(struct tui *t)
{
	endwin();
	guardian_clear_terminal(t->app->guardian);
	termkey_stop(t->tk);
	/* SIGTSTP is the lab's to handle; SIGSTOP stops us the same way
	 * for the shell, and fg sends SIGCONT. */
	kill(getpid(), SIGSTOP);
	termkey_start(t->tk);
	reset_prog_mode();
	terminal_guard(t);
	resize(t);
}

static void
tui_signal(struct app *app, int sig)
{
	struct tui	*t = current;

	(void)app;
	if (t == NULL)
		return;
	switch (sig) {
	case SIGWINCH:
		resize(t);
		break;
	case SIGTSTP:
		suspend(t);
		break;
	case SIGCONT:
		resize(t);
		break;
	}
}

/* Give the terminal back first, then let the usual end happen. */
static void
tui_fatal_hook(void)
{
	if (current != NULL && current->curses_on) {
		endwin();
		current->curses_on = false;
	}
	if (next_fatal_hook != NULL)
		next_fatal_hook();
}

/* What the guardian writes to the terminal should the controller die
 * with the screen on: leave the alternate screen, show the cursor, plain
 * attributes, keypad off. */
static void
terminal_guard(struct tui *t)
{
	static const char *const caps[] = { "rmcup", "cnorm", "sgr0", "rmkx" };
	char		 reset[256];
	const char	*cap;
	size_t		 i, len, n = 0;

	if (!saved_tio_ok)
		return;
	for (i = 0; i < nitems(caps); i++) {
		cap = tigetstr((char *)caps[i]);
		if (cap == NULL || cap == (char *)-1)
			continue;
		len = strlen(cap);
		if (n + len <= sizeof reset) {
			memcpy(reset + n, cap, len);
			n += len;
		}
	}
	guardian_set_terminal(t->app->guardian, STDOUT_FILENO, &saved_tio, reset, n);
}

static int
cmp64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
stats_write(void)
{
	const char	*path = getenv("IPCSCOPE_TUI_STATS");
	FILE		*f;

	if (path == NULL || (f = fopen(path, "we")) == NULL)
		goto out;
	if (nstat_frames > 0) {
		qsort(stat_frames, nstat_frames, sizeof *stat_frames, cmp64);
		fprintf(f, "frames %zu median_ns %lld p90_ns %lld\n", nstat_frames,
		    (long long)stat_frames[nstat_frames / 2],
		    (long long)stat_frames[nstat_frames * 9 / 10]);
	}
	if (nstat_keys > 0) {
		qsort(stat_keys, nstat_keys, sizeof *stat_keys, cmp64);
		fprintf(f, "keys %zu median_ns %lld p90_ns %lld\n", nstat_keys,
		    (long long)stat_keys[nstat_keys / 2], (long long)stat_keys[nstat_keys * 9 / 10]);
	}
	fclose(f);
out:
	freep(&stat_frames);
	freep(&stat_keys);
	nstat_frames = nstat_keys = 0;
}

static int
tui_run(struct app *app)
{
	struct tui	 t;
	const struct lab_listener obs = {
		.changed = tui_changed,
		.ticked = tui_ticked,
		.forgotten = tui_forgotten,
		.arg = &t,
	};
	SCREEN		*screen;
	const char	*term = getenv("TERM");
	int64_t		 now;
	size_t		 i;
	int		 status;

	memset(&t, 0, sizeof t);
	t.app = app;
	t.lab = app->lab;
	t.log = &app->lab->log;
	t.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0 ||
	    !isatty(STDOUT_FILENO))
		return FRONTEND_CANNOT;
	saved_tio_ok = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL)
		return FRONTEND_CANNOT;
	t.tk = termkey_new(STDIN_FILENO, TERMKEY_FLAG_NOTERMIOS | TERMKEY_FLAG_SPACESYMBOL |
	    TERMKEY_FLAG_CTRLC | (t.utf8 ? TERMKEY_FLAG_UTF8 : TERMKEY_FLAG_RAW));
	keys_guard_init(&t.guard, t.utf8);
	if (t.tk == NULL) {
		endwin();
		delscreen(screen);
		return FRONTEND_CANNOT;
	}
	current = &t;
	t.curses_on = true;
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	typeahead(-1);		/* curses never reads: termkey does */
	t.color = theme_init(t.utf8);
	terminal_guard(&t);
	next_fatal_hook = fatal_hook;
	fatal_hook = tui_fatal_hook;
	app->on_signal = tui_signal;

	session_init(&t.session, t.lab, NULL, true);
	t.session.trace = app->trace;
	t.lab->log.sink = tui_record;
	t.lab->log.sink_arg = &t;
	lab_listen(t.lab, &obs);
	t.focus = PANE_ACTORS;
	t.detail_of = PANE_ACTORS;
	loop_add_fd(app->loop, STDIN_FILENO, POLLIN, stdin_cb, &t);
	t.key_timer = loop_timer_new(app->loop, key_timer_cb, &t);
	t.fade_timer = loop_timer_new(app->loop, fade_cb, &t);

	t.session.can_hold = true;
	t.play_timer = loop_timer_new(app->loop, play_cb, &t);
	if (app->source != NULL) {
		char	*cause = NULL;

		/* A lesson is told a step at a time; -s runs at once. */
		if (app->lesson)
			t.session.pace = PACE_STEP;
		if (!session_source(&t.session, app->source, &cause)) {
			tui_message(&t, true, "%s", cause);
			free(cause);
		}
	}
	if (app->demo) {
		for (i = 0; i < nitems(demo_lines); i++)
			tui_queue(&t, demo_lines[i], LINE_SETUP);
		t.focus = PANE_OBJECTS;
		t.detail_of = PANE_OBJECTS;
		snprintf(t.sel_object, sizeof t.sel_object, "p1");
		tui_message(&t, false, "%s", demo_hint);
	} else if (app->replay != NULL) {
		t.replay = app->replay;
		replay_start(t.replay, t.lab, app->loop, false, true);
		tui_message(&t, false, "a replay, read-only: Space steps, p plays it at its pace, "
		    "] goes to the next chapter, q quits");
	} else if (app->lab->snapshot != NULL)
		tui_message(&t, false, "ipcscope %s: a snapshot, read-only: Tab and the arrows look "
		    "around, : show and expect, q quits", PACKAGE_VERSION);
	else
		tui_message(&t, false, "ipcscope %s: s spawns an actor, : types a command, ? helps, q quits",
		    PACKAGE_VERSION);
	draw(&t);
	/* After the greeting: a word that history cannot be kept stays. */
	cmdline_init(&t);

	while (!t.quit && app->quit_signal == 0 && !t.session.quit && !app->out.broken) {
		tui_feed_queue(&t);
		play_arm(&t);
		loop_once(app->loop, t.dirty || t.panes != 0 || t.stale ? DRAW_GAP_NS : -1);
		session_poll(&t.session);
		tui_feed_queue(&t);
		/* A key is answered at once; other changes at most 40 times
		 * a second: a sample, and a frame if it shows anything new. */
		now = now_ns();
		if ((t.dirty || t.panes != 0 || t.stale) && (t.key_ns != 0 || now - last_draw >= DRAW_GAP_NS)) {
			if (t.stale)
				take_sample(&t, false);
			if (t.dirty || t.panes != 0)
				draw(&t);
			else
				last_draw = now;
		}
	}

	status = t.session.errors > 0 ? 1 : 0;
	session_free(&t.session);
	for (i = 0; i < t.nqueue; i++)
		free(t.queue[i].text);
	free(t.queue);
	app->on_signal = NULL;
	t.lab->log.sink = output_record;
	t.lab->log.sink_arg = &app->out;
	lab_unlisten(t.lab, &obs);
	loop_timer_free(&t.key_timer);
	loop_timer_free(&t.fade_timer);
	loop_timer_free(&t.play_timer);
	loop_del_fd(app->loop, STDIN_FILENO);
	menu_close(&t);
	cmdline_end();
	endwin();
	t.curses_on = false;
	guardian_clear_terminal(app->guardian);
	delscreen(screen);
	termkey_destroy(t.tk);
	fatal_hook = next_fatal_hook;
	current = NULL;
	stats_write();
	memo_free(&t.memos);
	free(t.hists.v);
	sample_free(&t.sample);
	free(t.actor_rows);
	free(t.object_rows);
	free(t.replay_shown);
	free(t.msg);
	free(t.help_title);
	free(t.help_text);
	free(t.help_asked);
	free(t.caption);
	free(t.answer);
	return status;
}

static const int tui_signals[] = { SIGWINCH, SIGTSTP, SIGCONT, 0 };

const struct frontend tui_frontend = {
	.name = "tui",
	.signals = tui_signals,
	.run = tui_run,
};
