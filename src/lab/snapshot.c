/* snapshot.c: a snapshot as data: read from its file and checked, its
 * items found by name and described from what was saved. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "snapshot.h"

const char *
snapshot_str(const struct desc_node *n, const char *name)
{
	const struct desc_node	*c = n != NULL ? desc_find_child(n, name) : NULL;

	if (c == NULL || (c->type != DESC_TEXT && c->type != DESC_WORD && c->type != DESC_BYTES) ||
	    memchr(c->str, '\0', c->len) != NULL)
		return NULL;
	return c->str;
}

/* The groups of a list, each with a name; false with a cause. */
static bool
index_items(struct desc_node *root, const char *list, struct desc_node ***items, size_t *n,
    char **cause)
{
	struct desc_node	*l = desc_find_child(root, list), *c;
	const char		*name;
	size_t			 i = 0, j;

	if (l == NULL || l->type != DESC_LIST) {
		*cause = xasprintf("no \"%s\" list: not a whole snapshot", list);
		return false;
	}
	for (c = l->first; c != NULL; c = c->next)
		i++;
	*items = xcalloc(i + 1, sizeof **items);
	for (c = l->first, i = 0; c != NULL; c = c->next, i++) {
		name = snapshot_str(c, "name");
		if (c->type != DESC_GROUP || name == NULL || *name == '\0') {
			*cause = xasprintf("%s item %zu has no \"name\"", list, i);
			return false;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(snapshot_str((*items)[j], "name"), name) == 0) {
				*cause = xasprintf("%s items %zu and %zu are both called %s", list, j,
				    i, word_short(name));
				return false;
			}
		}
		(*items)[i] = c;
	}
	*n = i;
	return true;
}

/* The saved field types, where they fit what was read. */
static void
apply_types(struct desc *doc, const char *list, struct desc_node **items, size_t n)
{
	struct desc_node	*types = desc_find_child(doc->root, "types"), *l, *t;
	size_t			 i;

	if (types == NULL || (l = desc_find_child(types, list)) == NULL || l->type != DESC_LIST)
		return;
	for (t = l->first, i = 0; t != NULL && i < n; t = t->next, i++) {
		if (t->type == DESC_TEXT && memchr(t->str, '\0', t->len) == NULL)
			(void)desc_apply_types(doc, items[i], t->str);
	}
}

/* Check what was read and index it; false with a cause. */
static bool
snapshot_index(struct snapshot *s, char **cause)
{
	struct desc_node	*root = s->doc->root, *version, *host;
	const char		*format = snapshot_str(root, "format");

	if (format == NULL || strcmp(format, SNAPSHOT_FORMAT) != 0) {
		*cause = xasprintf("not an ipcscope snapshot (no \"format\": \"%s\")",
		    SNAPSHOT_FORMAT);
		return false;
	}
	version = desc_find_child(root, "version");
	if (version == NULL || version->type != DESC_INT) {
		*cause = xasprintf("no \"version\": not a whole snapshot");
		return false;
	}
	if (version->num != SNAPSHOT_VERSION) {
		*cause = xasprintf("a snapshot of version %lld: this ipcscope reads version %d",
		    (long long)version->num, SNAPSHOT_VERSION);
		return false;
	}
	if ((s->time = snapshot_str(root, "time")) == NULL) {
		*cause = xasprintf("no \"time\": not a whole snapshot");
		return false;
	}
	host = desc_find_child(root, "host");
	s->host = snapshot_str(host, "name");
	s->boot_id = snapshot_str(host, "boot_id");
	if (s->host == NULL)
		s->host = "an unnamed host";
	if (!index_items(root, "actors", &s->actors, &s->nactors, cause) ||
	    !index_items(root, "objects", &s->objects, &s->nobjects, cause))
		return false;
	s->deadlocks = desc_find_child(root, "deadlocks");
	if (s->deadlocks != NULL && s->deadlocks->type != DESC_LIST) {
		*cause = xasprintf("\"deadlocks\" is not a list");
		return false;
	}
	apply_types(s->doc, "actors", s->actors, s->nactors);
	apply_types(s->doc, "objects", s->objects, s->nobjects);
	return true;
}

/* A snapshot made of a tree (save.c's, or one read): indexed. */
struct snapshot *
snapshot_of(struct desc *doc, char **cause)
{
	struct snapshot	*s = xcalloc(1, sizeof *s);

	s->doc = doc;
	if (!snapshot_index(s, cause))
		snapshot_free(&s);
	return s;
}

struct snapshot *
snapshot_load(const char *path, char **cause)
{
	struct snapshot	*s;
	struct desc	*doc;
	struct buf	 b;
	char		*why = NULL;

	buf_init(&b);
	if (!read_file(path, &b)) {
		*cause = xasprintf("%s: %s", path, errno_str(errno));
		buf_free(&b);
		return NULL;
	}
	doc = desc_new();
	if (!json_read(doc, b.data, b.len, &why)) {
		*cause = xasprintf("%s: not a snapshot: %s", path, why);
		free(why);
		buf_free(&b);
		desc_free(&doc);
		return NULL;
	}
	buf_free(&b);
	if ((s = snapshot_of(doc, &why)) == NULL) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
		return NULL;
	}
	s->path = xstrdup(path);
	return s;
}

void
snapshot_free(struct snapshot **sp)
{
	struct snapshot	*s = *sp, *older;

	while (s != NULL) {
		older = s->older;
		free(s->path);
		desc_free(&s->doc);
		free(s->actors);
		free(s->objects);
		free(s);
		s = older;
	}
	*sp = NULL;
}

static struct desc_node *
find(struct desc_node **items, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(snapshot_str(items[i], "name"), name) == 0)
			return items[i];
	}
	return NULL;
}

struct desc_node *
snapshot_actor(const struct snapshot *s, const char *name)
{
	return find(s->actors, s->nactors, name);
}

struct desc_node *
snapshot_object(const struct snapshot *s, const char *name)
{
	return find(s->objects, s->nobjects, name);
}

void
snapshot_describe_item(const struct desc_node *item, struct desc *d)
{
	const struct desc_node	*c;

	for (c = item->first; c != NULL; c = c->next) {
		if (strcmp(c->name, "name") != 0 && strcmp(c->name, "mechanism") != 0)
			desc_copy(d, c, c->name);
	}
}

void
snapshot_add_label(struct buf *b, const struct snapshot *s)
{
	buf_printf(b, "snapshot of %s taken %s", s->host, s->time);
}

void
snapshot_describe(const struct snapshot *s, struct desc *d)
{
	const struct desc_node	*host = desc_find_child(s->doc->root, "host"), *c;
	struct buf		 b;

	buf_init(&b);
	desc_word(d, "kind", "snapshot");
	snapshot_add_label(&b, s);
	buf_adds(&b, ", read-only");
	desc_string(d, "summary", b.data);
	buf_free(&b);
	if (s->path != NULL)
		desc_string(d, "file", s->path);
	desc_string(d, "time", s->time);
	if (host != NULL && host->type == DESC_GROUP)
		desc_copy(d, host, "host");
	desc_int(d, "actors", (int64_t)s->nactors);
	desc_int(d, "objects", (int64_t)s->nobjects);
	desc_list(d, "deadlocks");
	for (c = s->deadlocks != NULL ? s->deadlocks->first : NULL; c != NULL; c = c->next)
		desc_copy(d, c, NULL);
	desc_close(d);
}
