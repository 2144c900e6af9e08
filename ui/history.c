/* history.c: the history file and Tab completion, for both command lines. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "complete.h"
#include "history.h"
#include "util.h"

static char		*history_file;
static bool		 history_failed;	/* said once: no more tries */
static void		(*history_warn)(const char *);
static struct lab	*complete_lab;
static struct completion complete_matches;
static size_t		 complete_next;

/* mkdir -p, mode 0700 for the directories it makes. */
static bool
history_mkdirs(const char *dir, char **cause)
{
	char	*path = xstrdup(dir), *p = path;
	bool	 last;

	for (;;) {
		p += strspn(p, "/");
		p += strcspn(p, "/");
		last = *p == '\0';
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			*cause = xasprintf("cannot make %s: %s", path, strerror(errno));
			free(path);
			return false;
		}
		if (last)
			break;
		*p = '/';
	}
	free(path);
	return true;
}

/* $XDG_STATE_HOME/ipcscope/history (~/.local/state/...), its directory
 * made and the file there, or NULL with a cause. */
static char *
history_path(char **cause)
{
	const char	*state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char		*dir, *path = NULL;
	int		 fd;

	/* A relative XDG_STATE_HOME is not to be used (the XDG spec). */
	if (state != NULL && state[0] == '/')
		dir = xasprintf("%s/ipcscope", state);
	else if (home != NULL && home[0] == '/')
		dir = xasprintf("%s/.local/state/ipcscope", home);
	else {
		*cause = xstrdup("neither XDG_STATE_HOME nor HOME names a directory");
		return NULL;
	}
	if (history_mkdirs(dir, cause)) {
		path = xasprintf("%s/history", dir);
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd == -1) {
			*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
			freep(&path);
		} else
			close(fd);
	}
	free(dir);
	return path;
}

/* Say once why history is not kept, and try no more. */
static void
history_fail(const char *why)
{
	char	*msg = xasprintf("history will not be saved: %s", why);

	history_failed = true;
	history_warn(msg);
	free(msg);
}

void
history_load(void (*warn)(const char *))
{
	char	*why = NULL;

	history_warn = warn;
	using_history();
	stifle_history(1000);
	history_file = history_path(&why);
	if (history_file == NULL) {
		history_fail(why);
		free(why);
		return;
	}
	read_history(history_file);
}

void
history_add(const char *line)
{
	char		*why;
	HIST_ENTRY	*last;
	int		 error;

	if (*line == '\0')
		return;
	last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last != NULL && strcmp(last->line, line) == 0)
		return;
	add_history(line);
	/* Each line is written as it is run: a lab that is killed keeps
	 * its history too. */
	if (history_file == NULL || history_failed)
		return;
	if ((error = append_history(1, history_file)) != 0) {
		why = xasprintf("cannot write %s: %s", history_file, strerror(error));
		history_fail(why);
		free(why);
	}
}

void
history_save(void)
{
	if (history_file != NULL && !history_failed)
		history_truncate_file(history_file, 1000);
	freep(&history_file);
}

static char *
complete_gen(const char *text, int state)
{
	(void)text;
	if (state == 0)
		complete_next = 0;
	if (complete_next >= complete_matches.n)
		return NULL;
	return xstrdup(complete_matches.words[complete_next++]);
}

/* The words come from the command table (complete_line); paths from
 * readline's own file name completion. */
static char **
complete(const char *text, int start, int end)
{
	(void)end;
	completion_free(&complete_matches);
	complete_line(complete_lab, rl_line_buffer, (size_t)start, text, &complete_matches);
	rl_attempted_completion_over = !complete_matches.files;
	if (complete_matches.files)
		return NULL;
	/* A group's field ends in a dot: its own fields come next, with no
	 * blank between. */
	if (complete_matches.n == 1 && complete_matches.words[0][0] != '\0' &&
	    complete_matches.words[0][strlen(complete_matches.words[0]) - 1] == '.')
		rl_completion_suppress_append = 1;
	return rl_completion_matches(text, complete_gen);
}

void
complete_init(struct lab *lab)
{
	complete_lab = lab;
	rl_readline_name = "ipcscope";
	rl_attempted_completion_function = complete;
	/* A word ends at a blank, and at the ; between together's calls;
	 * inside a quoted string nothing is completed. */
	rl_completer_word_break_characters = " \t\n;";
	rl_completer_quote_characters = "\"'";
	/* Tab lists the matches at once when it cannot add to the word
	 * (A <Tab>: the calls A can make); an inputrc may say otherwise. */
	rl_variable_bind("show-all-if-unmodified", "on");
}
