/* fuzz_history.c: the history file on arbitrary contents. The bytes are
 * the file ($XDG_STATE_HOME/ipcscope/history, in a directory of the
 * target's own under $TMPDIR or /tmp); it is loaded as a command line starts, the last word of
 * each of its first lines is completed against a small lab (actors,
 * objects and their ends, jobs, and the command and signal names; not
 * expect's fields, which need real ones to describe), lines
 * are added (and appended to the file) as the user runs them, and it is
 * cut to its last lines and loaded again. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"
#include "history.h"
#include "job.h"
#include "lab.h"
#include "mechanism.h"

#define COMPLETE_LINES	32	/* each completion scans every name: keep it quick */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char		*state_dir, *history_dir, *history_file;
static struct lab	 lab;

static void
remove_files(void)
{
	unlink(history_file);
	rmdir(history_dir);
	rmdir(state_dir);
}

/* The directory is the target's own: history is always kept. */
static void
warn(const char *why)
{
	fprintf(stderr, "%s\n", why);
	abort();
}

static void
setup(void)
{
	static struct actor	 a = { .name = "A" }, b = { .name = "B.t1" };
	static struct actor	*actors[] = { &a, &b };
	static struct object	 p1 = { .name = "p1" }, s1 = { .name = "s1" };
	static struct object	*objects[] = { &p1, &s1 };
	static struct job	 j = { .id = 7 };
	static struct job	*jobs[] = { &j };
	const char		*tmp = getenv("TMPDIR");
	char			*dir;

	cmd_init(mechanism_registry);
	p1.mech = mechanism_find(mechanism_registry, "pipe");
	s1.mech = mechanism_find(mechanism_registry, "socket");
	if (p1.mech == NULL || s1.mech == NULL)
		abort();
	lab.actors = actors;
	lab.nactors = nitems(actors);
	lab.objects = objects;
	lab.nobjects = nitems(objects);
	lab.jobs = jobs;
	lab.njobs = nitems(jobs);
	complete_init(&lab);
	dir = xasprintf("%s/ipcscope-fuzz-history.XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	state_dir = dir;
	history_dir = xasprintf("%s/ipcscope", dir);
	history_file = xasprintf("%s/history", history_dir);
	if (setenv("XDG_STATE_HOME", state_dir, 1) == -1)
		abort();
	atexit(remove_files);
}

/* Complete the last word of a line, as Tab would. */
static void
complete_line(const char *line)
{
	const char	*word = strrchr(line, ' ');
	char		**matches, *saved;
	size_t		 i;

	/* expect's fields come from describing real actors and objects,
	 * which this lab has only the names of. */
	if (strstr(line, "expect") != NULL)
		return;
	word = word != NULL ? word + 1 : line;
	saved = rl_line_buffer;
	rl_line_buffer = (char *)line;	/* what readline would have */
	matches = rl_attempted_completion_function(word, (int)(word - line),
	    (int)strlen(line));
	rl_line_buffer = saved;
	for (i = 0; matches != NULL && matches[i] != NULL; i++)
		free(matches[i]);
	free(matches);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	HIST_ENTRY	*e;
	FILE		*f;
	char		*line;
	int		 i, n;

	if (state_dir == NULL)
		setup();
	/* The directory is made by the first load. */
	if ((f = fopen(history_file, "w")) == NULL) {
		history_load(warn);
		history_save();
		if ((f = fopen(history_file, "w")) == NULL)
			abort();
	}
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);

	clear_history();
	history_load(warn);
	n = history_length;
	if (n < 0 || n > 1000)
		abort();
	for (i = 0; i < n; i++) {
		if ((e = history_get(history_base + i)) == NULL || e->line == NULL)
			abort();
		if (i < COMPLETE_LINES)
			complete_line(e->line);
	}
	history_add("");
	history_add("A write p1 \"hi\"");
	history_add("A write p1 \"hi\"");
	/* A line recalled and run again (a copy: adding to a full history
	 * frees its oldest entry). */
	if (n > 0 && (e = history_get(history_base)) != NULL) {
		line = xstrdup(e->line);
		history_add(line);
		free(line);
	}
	history_save();

	clear_history();
	history_load(warn);
	history_save();
	clear_history();
	return 0;
}
