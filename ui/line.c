/* line.c: the line mode (--line): readline in callback mode fed by the
 * one event loop, events printed above the prompt as they happen. For
 * terminals the full-screen interface cannot use, and for screen readers. */
#include "config.h"


#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "app.h"
#include "cmd.h"
#include "guardian.h"
#include "history.h"
#include "lab.h"
#include "loop.h"
#include "session.h"

#define PROMPT	"ipcscope> "

static struct app	*line_app;
static struct session	 line_session;
static bool		 line_prompt;	/* readline owns the current line */
static bool		 line_eof;

static void	on_line(char *);

static void
prompt_show(void)
{
	if (!line_prompt) {
		rl_callback_handler_install(PROMPT, on_line);
		line_prompt = true;
	}
}

static void
prompt_hide(void)
{
	if (line_prompt) {
		rl_callback_handler_remove();
		line_prompt = false;
	}
}

/* Print a record above the prompt, then redraw what was being typed. */
static void
line_record(void *arg, const struct record *r)
{
	char	*saved = NULL;
	int	 point = 0;

	if (line_prompt) {
		saved = rl_copy_text(0, rl_end);
		point = rl_point;
		rl_save_prompt();
		rl_replace_line("", 0);
		rl_redisplay();
		fputs("\r\033[K", stdout);
	}
	output_record(arg, r);
	if (line_prompt) {
		rl_restore_prompt();
		rl_replace_line(saved, 0);
		rl_point = point;
		rl_redisplay();
		free(saved);
	}
}

static void
on_line(char *text)
{
	if (text == NULL) {
		line_eof = true;
		fputc('\n', stdout);
		prompt_hide();
		return;
	}
	history_add(text);
	/* readline is done with this line: print events plainly until the
	 * command finishes and the prompt comes back. */
	prompt_hide();
	session_line(&line_session, text, strlen(text));
	free(text);
}

static void
stdin_cb(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	(void)arg;
	if (line_prompt)
		rl_callback_read_char();
}

/* Until the command running is done, and the lines of the files it
 * sourced have run. */
static void
line_settle(struct app *app, struct session *s)
{
	while (app->quit_signal == 0 && !s->quit) {
		if (!session_busy(s) && !session_feed(s))
			break;
		while (session_busy(s) && app->quit_signal == 0) {
			loop_once(app->loop, -1);
			session_poll(s);
		}
	}
}

/* --source (or --lesson): its commands run first, one after another. */
static void
run_source(struct app *app, struct session *s)
{
	char	*cause = NULL;

	if (!session_source(s, app->source, &cause)) {
		output_message(stderr, "%s", cause);
		free(cause);
		return;
	}
	line_settle(app, s);
}

/* Readline changes the terminal's modes while it reads, and turns
 * bracketed paste on: should the controller die, the guardian puts both
 * back. */
static void
line_guard(struct app *app)
{
	static const char	 paste_off[] = "\033[?2004l";
	struct termios		 saved;
	const char		*paste = rl_variable_value("enable-bracketed-paste");
	const char		*term = getenv("TERM");
	bool			 reset;

	if (tcgetattr(STDIN_FILENO, &saved) == -1)
		return;
	reset = paste != NULL && strcmp(paste, "on") == 0 && term != NULL &&
	    strcmp(term, "dumb") != 0;
	guardian_set_terminal(app->guardian, STDIN_FILENO, &saved, paste_off,
	    reset ? sizeof paste_off - 1 : 0);
}

/* History that cannot be kept is said on stderr. */
static void
line_warn(const char *why)
{
	fprintf(stderr, "ipcscope: %s\n", why);
}

static int
line_run(struct app *app)
{
	struct session	*s = &line_session;

	line_app = app;
	app->interactive = true;
	session_init(s, app->lab, NULL, true);
	s->trace = app->trace;
	app->lab->log.sink = line_record;
	app->lab->log.sink_arg = &app->out;

	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	complete_init(app->lab);
	history_load(line_warn);
	line_guard(app);

	printf("ipcscope %s: a laboratory for Linux IPC.\nhelp lists the commands, Tab completes, quit or Ctrl-D ends.\n",
	    PACKAGE_VERSION);
	if (app->source != NULL)
		run_source(app, s);
	loop_add_fd(app->loop, STDIN_FILENO, POLLIN, stdin_cb, NULL);
	prompt_show();
	while (app->quit_signal == 0 && !s->quit && !line_eof && !app->out.broken) {
		loop_once(app->loop, -1);
		if (app->interrupted) {
			/* Ctrl-C: drop the line being typed, or stop waiting for
			 * the command running (its call goes on in the actor). */
			app->interrupted = false;
			session_end(s);
			if (line_prompt) {
				rl_point = rl_end;
				rl_redisplay();
				fputs("^C\n", stdout);
				rl_replace_line("", 0);
				rl_free_line_state();
				rl_callback_sigcleanup();
				prompt_hide();
			} else
				fputs("^C\n", stdout);
		}
		session_poll(s);
		while (!session_busy(s) && session_feed(s))
			session_poll(s);
		if (!session_busy(s) && !line_eof)
			prompt_show();
	}
	prompt_hide();
	guardian_clear_terminal(app->guardian);
	loop_del_fd(app->loop, STDIN_FILENO);
	session_free(s);
	history_save();
	app->lab->log.sink = output_record;
	return s->errors > 0 || s->failures > 0 ? 1 : 0;
}

const struct frontend line_frontend = {
	.name = "line",
	.run = line_run,
};
