/* lesson.c: the lessons installed with the program (lesson.h). A lesson
 * is NAME.isc in the lessons' directory; its first line, a comment, is
 * its title, and its chapter lines are its chapters. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "util.h"

#define LESSON_EXT	".isc"

const char *
lesson_dir(void)
{
	const char	*dir = getenv("IPCSCOPE_LESSONS");

	return dir != NULL && *dir != '\0' ? dir : LESSONDIR;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lessons' names, sorted, NULL-terminated (lines_free); NULL with
 * errno if the directory cannot be read. */
static char **
lesson_names(void)
{
	DIR		*d;
	struct dirent	*de;
	char		**names;
	size_t		 n = 0, len;

	if ((d = opendir(lesson_dir())) == NULL)
		return NULL;
	names = xcalloc(1, sizeof *names);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= strlen(LESSON_EXT) ||
		    strcmp(de->d_name + len - strlen(LESSON_EXT), LESSON_EXT) != 0)
			continue;
		names = xreallocarray(names, n + 2, sizeof *names);
		names[n++] = xstrndup(de->d_name, len - strlen(LESSON_EXT));
		names[n] = NULL;
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	return names;
}

/* "a, b and c", or "none". */
static char *
names_joined(char **names)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	for (i = 0; names != NULL && names[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&b, names[i + 1] == NULL ? " and " : ", ");
		buf_adds(&b, names[i]);
	}
	if (b.len == 0)
		buf_adds(&b, "none");
	return buf_take(&b);
}

char *
lesson_path(const char *name, char **cause)
{
	char	**names, *path, *all;

	*cause = NULL;
	path = xasprintf("%s/%s%s", lesson_dir(), name, LESSON_EXT);
	if (strchr(name, '/') == NULL && name[0] != '\0' && access(path, R_OK) == 0)
		return path;
	free(path);
	if ((names = lesson_names()) == NULL) {
		*cause = xasprintf("no lessons can be read in %s: %s", lesson_dir(),
		    strerror(errno));
		return NULL;
	}
	all = names_joined(names);
	*cause = xasprintf("no lesson called '%s'; the lessons: %s (ipcscope --lesson lists "
	    "them)", word_short(name), all);
	free(all);
	lines_free(&names);
	return NULL;
}

/* A lesson's title (its first line, a comment) and how many chapters
 * it has. */
static void
lesson_read(const char *path, char **title, int *chapters)
{
	char	**lines, **l;

	*title = NULL;
	*chapters = 0;
	if ((lines = read_lines(path)) == NULL)
		return;
	if (lines[0] != NULL && lines[0][0] == '#')
		*title = xstrdup(lines[0] + strspn(lines[0], "# "));
	for (l = lines; *l != NULL; l++) {
		if (strncmp(*l, "chapter ", 8) == 0)
			(*chapters)++;
	}
	lines_free(&lines);
}

bool
lesson_list(FILE *f)
{
	char	**names, *path, *title;
	size_t	 i, w = 0;
	int	 chapters;

	if ((names = lesson_names()) == NULL || names[0] == NULL) {
		fprintf(stderr, "ipcscope: no lessons in %s%s%s\n", lesson_dir(),
		    names == NULL ? ": " : "", names == NULL ? strerror(errno) : "");
		lines_free(&names);
		return false;
	}
	for (i = 0; names[i] != NULL; i++) {
		if (strlen(names[i]) > w)
			w = strlen(names[i]);
	}
	fprintf(f, "Lessons, in %s:\n", lesson_dir());
	for (i = 0; names[i] != NULL; i++) {
		path = xasprintf("%s/%s%s", lesson_dir(), names[i], LESSON_EXT);
		lesson_read(path, &title, &chapters);
		fprintf(f, "  %-*s  %s (%d chapter%s)\n", (int)w, names[i],
		    title != NULL ? title : "(no title)", chapters, chapters == 1 ? "" : "s");
		free(title);
		free(path);
	}
	fprintf(f, "Start one with: ipcscope --lesson NAME (in the full screen or with --line);\n"
	    "check one without a terminal with: ipcscope --batch %s/NAME%s\n", lesson_dir(),
	    LESSON_EXT);
	lines_free(&names);
	return true;
}
