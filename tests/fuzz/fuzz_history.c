/* fuzz_history.c: the history file on arbitrary contents. The bytes are
 * the file ($XDG_STATE_HOME/ipcscope/history, in a directory of the
 * target's own under $TMPDIR or /tmp); it is loaded as a command line starts, the last word of
 * each of its first lines is completed against a small real lab (actors,
 * a thread, objects and their ends, a job, and the command and signal
 * names; each word offered is checked by its verb, as Tab does), lines
 * are added (and appended to the file) as the user runs them, and it is
 * cut to its last lines and loaded again. */
#include "config.h"

#include <signal.h>
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
#include "loop.h"
#include "mechanism.h"
#include "runtime.h"
#include "session.h"

#define COMPLETE_LINES	32	/* each completion scans every name: keep it quick */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char		*state_dir, *history_dir, *history_file;
static struct lab	*lab;
static struct loop	*loop;
static struct runtime	*rt;

static void
remove_files(void)
{
	unlink(history_file);
	rmdir(history_dir);
	rmdir(state_dir);
	lab_free(&lab);
	loop_free(&loop);
	runtime_close(&rt);
}

/* A command run to its end in the lab. */
static void
run(const char *line)
{
	struct session	 s;

	session_init(&s, lab, "fuzz", true);
	session_line(&s, line, strlen(line));
	while (session_busy(&s)) {
		loop_once(loop, -1);
		session_poll(&s);
	}
	if (s.errors || s.failures)
		abort();
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
	static const char *const lines[] = {
		"spawn A", "spawn B", "B thread t1", "A pipe p1", "A socket s1 unix",
		"every 1h echo x",
	};
	const char		*tmp = getenv("TMPDIR");
	char			*dir, *cause = NULL;
	sigset_t		 sigs;
	size_t			 i;

	cmd_init(mechanism_registry);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rt = runtime_open(mechanism_sweep, NULL, &cause)) == NULL)
		abort();
	loop = loop_new();
	lab = lab_new(loop, rt, mechanism_sweep, 100 * NS_PER_MS, cmd_verbs(),
	    cmd_modules(mechanism_modules));
	for (i = 0; i < nitems(lines); i++)
		run(lines[i]);
	complete_init(lab);
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
