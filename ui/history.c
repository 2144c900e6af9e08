/* history.c: the history file and Tab completion, for both command lines. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"
#include "history.h"
#include "job.h"
#include "lab.h"
#include "signames.h"

static char		*history_file;
static struct lab	*complete_lab;

static char *
history_path(void)
{
	const char	*state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char		*parent, *dir, *path = NULL;

	if (state != NULL && state[0] == '/')
		parent = xstrdup(state);
	else if (home != NULL && home[0] == '/')
		parent = xasprintf("%s/.local/state", home);
	else
		return NULL;
	dir = xasprintf("%s/ipcscope", parent);
	if ((mkdir(parent, 0700) == 0 || errno == EEXIST) &&
	    (mkdir(dir, 0700) == 0 || errno == EEXIST))
		path = xasprintf("%s/history", dir);
	free(parent);
	free(dir);
	return path;
}

void
history_load(void)
{
	using_history();
	history_file = history_path();
	if (history_file != NULL)
		read_history(history_file);
	stifle_history(1000);
}

void
history_add(const char *line)
{
	HIST_ENTRY	*last;

	if (*line == '\0')
		return;
	last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last == NULL || strcmp(last->line, line) != 0)
		add_history(line);
}

void
history_save(void)
{
	if (history_file == NULL)
		return;
	write_history(history_file);
	chmod(history_file, 0600);
	freep(&history_file);
}

static char *
complete_gen(const char *text, int state)
{
	static size_t		 index, phase;
	static char		 scratch[64];
	struct lab		*lab = complete_lab;
	size_t			 len = strlen(text);
	const char		*cand;
	int			 sig;

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
			if (cmd_by_index((uint32_t)index)->hidden) {
				index++;
				continue;
			}
			cand = cmd_by_index((uint32_t)index++)->name;
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
			/* show lab */
			phase++;
			index = 0;
			cand = "lab";
			break;
		case 4:
			if (index >= lab->njobs) {
				phase++;
				index = 0;
				continue;
			}
			snprintf(scratch, sizeof scratch, "job%d", lab->jobs[index++]->id);
			cand = scratch;
			break;
		case 5:
			sig = (int)++index;
			if (sig > sig_max()) {
				phase++;
				continue;
			}
			snprintf(scratch, sizeof scratch, "%s", sig_name(sig));
			cand = scratch;
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
	if (text[0] == '/' || strncmp(text, "./", 2) == 0 || strncmp(text, "~/", 2) == 0)
		return NULL;	/* readline's own filename completion */
	rl_attempted_completion_over = 1;
	return rl_completion_matches(text, complete_gen);
}

void
complete_init(struct lab *lab)
{
	complete_lab = lab;
	rl_readline_name = "ipcscope";
	rl_attempted_completion_function = complete;
}
