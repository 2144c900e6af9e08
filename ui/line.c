/* line.c: the interactive command line: readline in callback mode fed by
 * the one event loop, events printed above the prompt as they happen,
 * history kept across runs, Tab completion of verbs, names and signals. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "app.h"
#include "cmd.h"
#include "lab.h"
#include "loop.h"
#include "session.h"
#include "signames.h"

#define PROMPT	"ipcscope> "

static struct app	*line_app;
static struct session	 line_session;
static bool		 line_prompt;	/* readline owns the current line */
static bool		 line_eof;
static char		*history_path;

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
	if (*text != '\0' && (history_length == 0 ||
	    strcmp(history_get(history_base + history_length - 1)->line, text) != 0))
		add_history(text);
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

static char *
history_file(void)
{
	const char	*state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char		*dir, *parent, *path;

	if (state != NULL && state[0] == '/')
		parent = xstrdup(state);
	else if (home != NULL && home[0] == '/')
		parent = xasprintf("%s/.local/state", home);
	else
		return NULL;
	dir = xasprintf("%s/ipcscope", parent);
	/* mkdir -p of two levels at most, private. */
	if (mkdir(parent, 0700) == -1 && errno != EEXIST) {
		free(parent);
		free(dir);
		return NULL;
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		free(parent);
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/history", dir);
	free(parent);
	free(dir);
	return path;
}

/* Completion: verbs first, then names of actors and objects, signals. */
static char *
complete_gen(const char *text, int state)
{
	static size_t	 index, phase;
	static struct buf found;
	const struct cmd_entry *e;
	struct lab	*lab = line_app->lab;
	size_t		 len = strlen(text);
	const char	*cand;
	int		 sig;

	if (state == 0) {
		index = 0;
		phase = 0;
	}
	for (;;) {
		cand = NULL;
		switch (phase) {
		case 0:
			if (index >= cmd_count()) {
				phase++;
				index = 0;
				continue;
			}
			e = cmd_by_index((uint32_t)index++);
			cand = e->name;
			break;
		case 1:
			if (index >= lab->nactors) {
				phase++;
				index = 0;
				continue;
			}
			cand = lab->actors[index++]->name;
			break;
		case 2:
			if (index >= lab->nobjects) {
				phase++;
				index = 0;
				continue;
			}
			cand = lab->objects[index++]->name;
			break;
		case 3:
			sig = (int)++index;
			if (sig > sig_max()) {
				phase++;
				continue;
			}
			buf_reset(&found);
			buf_adds(&found, sig_name(sig));
			cand = found.data;
			break;
		default:
			return NULL;
		}
		if (strncmp(cand, text, len) == 0)
			return xstrdup(cand);
	}
}

static char **
complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;
	return rl_completion_matches(text, complete_gen);
}

int
line_run(struct app *app)
{
	struct session	*s = &line_session;

	line_app = app;
	session_init(s, app->lab, NULL, true);
	s->trace = app->trace;
	app->lab->log.sink = line_record;
	app->lab->log.sink_arg = &app->out;

	rl_readline_name = "ipcscope";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_attempted_completion_function = complete;
	using_history();
	history_path = history_file();
	if (history_path != NULL)
		read_history(history_path);
	stifle_history(1000);

	printf("ipcscope %s: a laboratory for Linux IPC. help lists the commands; quit or Ctrl-D ends.\n",
	    PACKAGE_VERSION);
	loop_add_fd(app->loop, STDIN_FILENO, POLLIN, stdin_cb, NULL);
	prompt_show();
	while (app->quit_signal == 0 && !app->lab->quit && !line_eof && !app->out.broken) {
		loop_once(app->loop, -1);
		if (app->interrupted) {
			/* Ctrl-C: drop the line being typed, or stop waiting for
			 * the command running (its call goes on in the actor). */
			app->interrupted = false;
			session_cancel(s);
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
		if (!session_busy(s) && !line_eof)
			prompt_show();
	}
	prompt_hide();
	loop_del_fd(app->loop, STDIN_FILENO);
	session_cancel(s);
	if (history_path != NULL) {
		write_history(history_path);
		chmod(history_path, 0600);
		free(history_path);
	}
	app->lab->log.sink = output_record;
	return s->errors > 0 || s->failures > 0 ? 1 : 0;
}
