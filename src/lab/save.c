/* save.c: a snapshot of the lab as it is now, and the snapshot written
 * as JSON to a file. */
#include "config.h"

#include <sys/utsname.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "lab.h"
#include "mechanism.h"
#include "sample.h"
#include "snapshot.h"

static void
describe_host(struct desc *d)
{
	struct utsname	 u;
	struct buf	 boot;

	desc_group(d, "host");
	if (uname(&u) == 0) {
		desc_string(d, "name", u.nodename);
		desc_string(d, "system", u.sysname);
		desc_string(d, "release", u.release);
		desc_string(d, "version", u.version);
		desc_string(d, "machine", u.machine);
	}
	buf_init(&boot);
	if (read_file("/proc/sys/kernel/random/boot_id", &boot)) {
		while (boot.len > 0 && boot.data[boot.len - 1] == '\n')
			boot.data[--boot.len] = '\0';
		desc_string(d, "boot_id", boot.data);
	}
	buf_free(&boot);
	desc_close(d);
}

/* A cycle from a chain's words, "deadlock: a -> b -> a" or "deadlock: a
 * waits for itself...", as one line from its least name (as the lab
 * records each deadlock), or NULL. */
static char *
chain_cycle(const char *chain)
{
	const char	*p, *arrow;
	char		*names[64];
	size_t		 n = 0, i, first = 0;
	struct buf	 b;

	if (strncmp(chain, "deadlock: ", 10) != 0)
		return NULL;
	p = chain + 10;
	if ((arrow = strstr(p, " waits for itself")) != NULL && strstr(p, " -> ") == NULL) {
		int len = (int)(arrow - p);

		return xasprintf("%.*s -> %.*s", len, p, len, p);
	}
	while (n < nitems(names) && (arrow = strstr(p, " -> ")) != NULL) {
		names[n++] = xstrndup(p, (size_t)(arrow - p));
		p = arrow + 4;
	}
	if (n == 0)
		return NULL;
	for (i = 1; i < n; i++) {
		if (strcmp(names[i], names[first]) < 0)
			first = i;
	}
	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s -> ", names[(first + i) % n]);
	buf_adds(&b, names[first]);
	for (i = 0; i < n; i++)
		free(names[i]);
	return buf_take(&b);
}

/* A cycle from an object's "deadlock" words, "F waits for E (f3 ...), E
 * waits for F (f4 ...)" (the file locks'), as chain_cycle makes one. */
static char *
object_cycle(const char *words)
{
	struct buf	 chain;
	const char	*p = words, *w;
	char		*cycle;
	size_t		 n = 0;

	buf_init(&chain);
	buf_adds(&chain, "deadlock: ");
	while ((w = strstr(p, " waits for ")) != NULL) {
		buf_printf(&chain, "%.*s -> ", (int)(w - p), p);
		n++;
		if ((p = strstr(w, "), ")) == NULL)
			break;
		p += 3;
	}
	if (n == 0) {
		buf_free(&chain);
		return NULL;
	}
	/* Back to the first, as a chain's words end. */
	buf_printf(&chain, "%.*s", (int)(strstr(words, " waits for ") - words), words);
	cycle = chain_cycle(chain.data);
	buf_free(&chain);
	return cycle;
}

static void
add_deadlock(char ***cycles, size_t *n, char *cycle)
{
	size_t	 i;

	if (cycle == NULL)
		return;
	for (i = 0; i < *n; i++) {
		if (strcmp((*cycles)[i], cycle) == 0) {
			free(cycle);
			return;
		}
	}
	*cycles = xreallocarray(*cycles, *n + 1, sizeof **cycles);
	(*cycles)[(*n)++] = cycle;
}

/* Each blocked process's chain, and the deadlocks: those the tick named,
 * those the chains name now, those of the lab's file locks. */
static void
describe_chains(struct desc *d, struct lab *lab)
{
	struct desc_node	*actors = desc_find_child(d->root, "actors"), *a, *c, *w;
	struct desc_node	*objects, *o;
	char			**cycles = NULL;
	const char		*chain;
	size_t			 n = 0, i;

	desc_list(d, "chains");
	for (a = actors->first; a != NULL; a = a->next) {
		if ((chain = snapshot_str(a, "chain")) == NULL)
			continue;
		desc_group(d, NULL);
		desc_copy(d, desc_find_child(a, "name"), "name");
		if ((c = desc_find_child(a, "on")) != NULL)
			desc_copy(d, c, "on");
		desc_list(d, "waits_for");
		w = desc_find_child(a, "waits_for");
		for (c = w != NULL ? w->first : NULL; c != NULL; c = c->next) {
			if (snapshot_str(c, "process") != NULL)
				desc_word(d, NULL, snapshot_str(c, "process"));
		}
		desc_close(d);
		desc_string(d, "chain", chain);
		desc_close(d);
		add_deadlock(&cycles, &n, chain_cycle(chain));
	}
	desc_close(d);
	for (i = 0; i < lab->ndeadlocks; i++)
		add_deadlock(&cycles, &n, xstrdup(lab->deadlocks[i]));
	/* The lab's own file lock deadlocks, which its files describe. */
	objects = desc_find_child(d->root, "objects");
	for (o = objects != NULL ? objects->first : NULL; o != NULL; o = o->next) {
		if ((chain = snapshot_str(o, "deadlock")) != NULL)
			add_deadlock(&cycles, &n, object_cycle(chain));
	}
	desc_list(d, "deadlocks");
	for (i = 0; i < n; i++) {
		desc_string(d, NULL, cycles[i]);
		free(cycles[i]);
	}
	free(cycles);
	desc_close(d);
}

/* Each item's field types, in a list beside the items. */
static void
describe_types(struct desc *d, const char *list)
{
	struct desc_node	*items = desc_find_child(d->root, list), *c;
	struct buf		 b;

	buf_init(&b);
	desc_list(d, list);
	for (c = items->first; c != NULL; c = c->next) {
		buf_reset(&b);
		desc_add_types(&b, c);
		desc_word(d, NULL, b.data);
	}
	desc_close(d);
	buf_free(&b);
}

/* Every object's links, for the topology of a snapshot. */
static void
want_all_links(void *arg, struct sample *s)
{
	(void)arg;
	s->want_links = s->nobjects;
}

struct snapshot *
snapshot_take(struct lab *lab)
{
	struct desc	*d = desc_new();
	struct sample	*rows;
	struct actor	*a;
	struct object	*o;
	struct timespec	 now;
	struct tm	 tm;
	char		 when[64], *cause = NULL;
	struct snapshot	*s, *shown;
	size_t		 i;

	lab->gen++;
	desc_string(d, "format", SNAPSHOT_FORMAT);
	desc_int(d, "version", SNAPSHOT_VERSION);
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	desc_string(d, "time", when);
	desc_int(d, "time_ns", (int64_t)now.tv_sec * NS_PER_S + now.tv_nsec);
	describe_host(d);
	/* Processes in the panes' order: each followed by its threads and
	 * the processes it made. */
	/* The lab itself, even while a loaded snapshot is shown (a run
	 * recorded across a load): the rows, not the snapshot's. */
	shown = lab->snapshot;
	lab->snapshot = NULL;
	rows = sample_take(lab, want_all_links, NULL);
	lab->snapshot = shown;
	desc_list(d, "actors");
	for (i = 0; i < rows->nactors; i++) {
		if ((a = lab_actor(lab, rows->actors[i].name)) == NULL)
			continue;
		desc_group(d, NULL);
		desc_word(d, "name", a->name);
		lab_describe_actor(a, d, DETAIL_FULL);
		desc_close(d);
	}
	desc_close(d);
	desc_list(d, "objects");
	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		desc_group(d, NULL);
		desc_word(d, "name", o->name);
		desc_word(d, "mechanism", o->mech->name);
		o->mech->describe(o, d, DETAIL_FULL);
		desc_close(d);
	}
	desc_close(d);
	/* Who holds what: the topology's ties, objects by name. */
	sample_links_describe(rows, d);
	sample_free(&rows);
	describe_chains(d, lab);
	desc_group(d, "types");
	describe_types(d, "actors");
	describe_types(d, "objects");
	desc_close(d);
	if ((s = snapshot_of(d, &cause)) == NULL)
		fatal("a snapshot taken is not one: %s", cause);
	return s;
}

void
snapshot_write(struct buf *b, const struct snapshot *s)
{
	desc_write_json(b, s->doc->root);
	buf_addc(b, '\n');
}

bool
snapshot_save(const struct snapshot *s, const char *path, char **cause)
{
	struct buf	 b;
	ssize_t		 n;
	size_t		 off = 0;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644)) == -1) {
		*cause = xasprintf("%s: %s", path, errno_str(errno));
		return false;
	}
	buf_init(&b);
	snapshot_write(&b, s);
	while (off < b.len) {
		if ((n = write(fd, b.data + off, b.len - off)) == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xasprintf("%s: %s", path, errno_str(errno));
			buf_free(&b);
			close(fd);
			return false;
		}
		off += (size_t)n;
	}
	buf_free(&b);
	if (close(fd) == -1) {
		*cause = xasprintf("%s: %s", path, errno_str(errno));
		return false;
	}
	return true;
}
