/* replay.c: a fuzz target without libFuzzer. It runs the target's
 * LLVMFuzzerTestOneInput once on each file named, and on each file of a
 * directory named, and prints how many inputs it ran; so every build
 * replays the corpora, and a parser that breaks on one fails the suite. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Run the target on one file's bytes; false if it cannot be read. */
static bool
replay_file(const char *path)
{
	struct buf	 b;
	uint8_t		*copy;

	buf_init(&b);
	if (!read_file(path, &b)) {
		fprintf(stderr, "replay: %s: %s\n", path, errno_str(errno));
		buf_free(&b);
		return false;
	}
	/* A buffer of exactly its size, as libFuzzer gives: a read past
	 * the end is a sanitizer's report. */
	copy = xmalloc(b.len);
	if (b.len > 0)
		memcpy(copy, b.data, b.len);
	LLVMFuzzerTestOneInput(copy, b.len);
	free(copy);
	buf_free(&b);
	return true;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of a directory, in name order; false if it cannot be read. */
static bool
replay_dir(const char *dir, size_t *count)
{
	struct dirent	*de;
	char		**names = NULL, *path;
	size_t		 n = 0, i;
	bool		 ok = true;
	DIR		*d;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, errno_str(errno));
		return false;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (replay_file(path))
			(*count)++;
		else
			ok = false;
		free(path);
		free(names[i]);
	}
	free(names);
	return ok;
}

int
main(int argc, char **argv)
{
	struct stat	 st;
	size_t		 count = 0;
	bool		 ok = true;
	int		 i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], errno_str(errno));
			ok = false;
		} else if (S_ISDIR(st.st_mode))
			ok = replay_dir(argv[i], &count) && ok;
		else if (replay_file(argv[i]))
			count++;
		else
			ok = false;
	}
	printf("%zu inputs\n", count);
	return ok ? 0 : 1;
}
