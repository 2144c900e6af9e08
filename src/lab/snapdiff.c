/* snapdiff.c: two snapshots compared: what appeared and went, who started
 * or stopped waiting and on what, states, gauges that filled or drained
 * and counts that moved (a semaphore's value, a queue's messages), and
 * deadlocks that formed or cleared. Each change is a line, or with json
 * an object: {"change": ..., "name": ..., ...}. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

/* Numbers whose change says something happened: a semaphore's value, a
 * counter, messages or bytes queued, waiters. */
static const char *const counted[] = {
	"value", "counter", "count", "queued", "messages", "qsize", "rqueue", "wqueue",
	"send_queue", "recv_queue", "to_slave", "to_master", "ncnt", "zcnt",
	"nwaiters", "nattch", "waiting", "taken",
};

struct diff {
	struct buf	*out;
	bool		 json;
	size_t		 n;
};

/* One change: its kind, who, the line's text, and its fields (a desc
 * the caller filled, NULL for none). */
static void
change(struct diff *df, const char *kind, const char *name, const char *text,
    struct desc *fields)
{
	struct desc		*d = desc_new();
	const struct desc_node	*c;

	df->n++;
	if (!df->json) {
		buf_printf(df->out, "%s\n", text);
		desc_free(&d);
		return;
	}
	desc_word(d, "change", kind);
	if (name != NULL)
		desc_string(d, "name", name);
	for (c = fields != NULL ? fields->root->first : NULL; c != NULL; c = c->next)
		desc_copy(d, c, c->name);
	desc_string(d, "text", text);
	desc_write_json(df->out, d->root);
	buf_addc(df->out, '\n');
	desc_free(&d);
}

static const char *
str_or(const struct desc_node *n, const char *name, const char *none)
{
	const char	*s = snapshot_str(n, name);

	return s != NULL ? s : none;
}

static bool
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* " in read on 0<pipe:[4711]>" */
static void
add_wait(struct buf *b, const struct desc_node *item)
{
	const char	*call = snapshot_str(item, "call"), *on = snapshot_str(item, "on");

	if (call != NULL)
		buf_printf(b, " in %s", call);
	if (on != NULL)
		buf_printf(b, " on %s", on);
}

static bool
blocked(const struct desc_node *item)
{
	return same(snapshot_str(item, "state"), "blocked");
}

/* How a list's item is known in both: its descriptor, name or process,
 * else its place. */
static void
add_item_key(struct buf *b, const struct desc_node *item, size_t index)
{
	const struct desc_node	*fd = desc_find_child(item, "fd");
	const char		*name;

	if (item->type == DESC_GROUP && fd != NULL && fd->type == DESC_INT)
		buf_printf(b, "[fd %lld]", (long long)fd->num);
	else if (item->type == DESC_GROUP && (name = snapshot_str(item, "name")) != NULL)
		buf_printf(b, "[%s]", name);
	else if (item->type == DESC_GROUP && (name = snapshot_str(item, "process")) != NULL)
		buf_printf(b, "[%s]", name);
	else
		buf_printf(b, ".%zu", index);
}

static bool
is_counted(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < nitems(counted); i++) {
		if (strcmp(counted[i], name) == 0)
			return true;
	}
	return false;
}

static void	 compare_node(struct diff *, const char *who, const char *path,
		    const struct desc_node *old, const struct desc_node *new);

static void
compare_children(struct diff *df, const char *who, const char *path,
    const struct desc_node *old, const struct desc_node *new)
{
	const struct desc_node	*c, *o;
	struct buf		 key, okey;
	size_t			 i, j;

	buf_init(&key);
	buf_init(&okey);
	for (c = new->first, i = 0; c != NULL; c = c->next, i++) {
		buf_reset(&key);
		buf_adds(&key, path);
		if (new->type == DESC_GROUP)
			buf_printf(&key, "%s%s", *path != '\0' ? "." : "", c->name);
		else
			add_item_key(&key, c, i);
		/* The item at the same place first: lists mostly keep their
		 * order. */
		for (o = old->first, j = 0; o != NULL && j < i; o = o->next)
			j++;
		if (o != NULL) {
			buf_reset(&okey);
			buf_adds(&okey, path);
			if (old->type == DESC_GROUP)
				buf_printf(&okey, "%s%s", *path != '\0' ? "." : "", o->name);
			else
				add_item_key(&okey, o, j);
			if (strcmp(key.data, okey.data) == 0) {
				compare_node(df, who, key.data, o, c);
				continue;
			}
		}
		for (o = old->first, j = 0; o != NULL; o = o->next, j++) {
			buf_reset(&okey);
			buf_adds(&okey, path);
			if (old->type == DESC_GROUP)
				buf_printf(&okey, "%s%s", *path != '\0' ? "." : "", o->name);
			else
				add_item_key(&okey, o, j);
			if (strcmp(key.data, okey.data) == 0)
				break;
		}
		if (o != NULL)
			compare_node(df, who, key.data, o, c);
	}
	buf_free(&key);
	buf_free(&okey);
}

static void
compare_node(struct diff *df, const char *who, const char *path, const struct desc_node *old,
    const struct desc_node *new)
{
	struct desc		*f;
	struct buf		 text;
	const char		*how;
	const struct desc_node	*cap;
	int64_t			 max = 0;
	enum desc_type		 kind = DESC_GROUP;	/* none: not a fill */

	if (old->type != new->type)
		return;
	if (new->type == DESC_GROUP || new->type == DESC_LIST) {
		compare_children(df, who, path, old, new);
		return;
	}
	/* A count beside its capacity (a pipe's queued bytes) is a gauge. */
	if (new->type == DESC_INT && new->name != NULL && strcmp(new->name, "queued") == 0 &&
	    new->parent != NULL && (cap = desc_find_child(new->parent, "capacity")) != NULL &&
	    cap->type == DESC_INT && old->num != new->num) {
		max = cap->num;
		kind = DESC_GAUGE;
	} else if (new->type == DESC_GAUGE) {
		max = new->max;
		kind = old->max != new->max ? DESC_GAUGE : old->num != new->num ? DESC_GAUGE :
		    DESC_GROUP;
	}
	if (kind == DESC_GAUGE) {
		how = new->num > old->num ? (new->num >= max && max > 0 ? "filled" : "grew") :
		    new->num == 0 ? "drained" : "shrank";
		f = desc_new();
		desc_string(f, "field", path);
		desc_int(f, "from", old->num);
		desc_int(f, "to", new->num);
		desc_int(f, "capacity", max);
		buf_init(&text);
		buf_printf(&text, "~ %s %s %s: %lld -> %lld of %lld", who, path, how,
		    (long long)old->num, (long long)new->num, (long long)max);
		change(df, new->num > old->num ? "filled" : "drained", who, text.data, f);
		buf_free(&text);
		desc_free(&f);
	} else if ((new->type == DESC_INT || new->type == DESC_SIZE) && old->num != new->num &&
	    (is_counted(new->name) || (new->name == NULL && new->parent != NULL &&
	    is_counted(new->parent->name)))) {
		f = desc_new();
		desc_string(f, "field", path);
		desc_int(f, "from", old->num);
		desc_int(f, "to", new->num);
		buf_init(&text);
		buf_printf(&text, "~ %s %s: %lld -> %lld", who, path, (long long)old->num,
		    (long long)new->num);
		change(df, "value", who, text.data, f);
		buf_free(&text);
		desc_free(&f);
	}
}

/* An actor in both: its wait and its state. */
static void
compare_actor(struct diff *df, const char *name, const struct desc_node *old,
    const struct desc_node *new)
{
	struct desc	*f = desc_new();
	struct buf	 text;
	const char	*was = str_or(old, "state", "unknown"), *is = str_or(new, "state", "unknown");

	buf_init(&text);
	if (!blocked(old) && blocked(new)) {
		buf_printf(&text, "> %s started waiting:", name);
		add_wait(&text, new);
		if (snapshot_str(new, "chain") != NULL)
			buf_printf(&text, " (%s)", snapshot_str(new, "chain"));
		desc_word(f, "from", was);
		if (snapshot_str(new, "call") != NULL)
			desc_word(f, "call", snapshot_str(new, "call"));
		if (snapshot_str(new, "on") != NULL)
			desc_string(f, "on", snapshot_str(new, "on"));
		change(df, "started_waiting", name, text.data, f);
	} else if (blocked(old) && !blocked(new)) {
		buf_printf(&text, "< %s stopped waiting (it was", name);
		add_wait(&text, old);
		buf_printf(&text, "): now %s", is);
		if (snapshot_str(old, "call") != NULL)
			desc_word(f, "call", snapshot_str(old, "call"));
		if (snapshot_str(old, "on") != NULL)
			desc_string(f, "on", snapshot_str(old, "on"));
		desc_word(f, "to", is);
		change(df, "stopped_waiting", name, text.data, f);
	} else if (blocked(old) && (!same(snapshot_str(old, "on"), snapshot_str(new, "on")) ||
	    !same(snapshot_str(old, "call"), snapshot_str(new, "call")))) {
		buf_printf(&text, "> %s now waits", name);
		add_wait(&text, new);
		buf_adds(&text, " (it waited");
		add_wait(&text, old);
		buf_addc(&text, ')');
		if (snapshot_str(new, "call") != NULL)
			desc_word(f, "call", snapshot_str(new, "call"));
		if (snapshot_str(new, "on") != NULL)
			desc_string(f, "on", snapshot_str(new, "on"));
		change(df, "waits_elsewhere", name, text.data, f);
	} else if (!same(was, is)) {
		buf_printf(&text, "~ %s: %s -> %s", name, was, is);
		desc_word(f, "from", was);
		desc_word(f, "to", is);
		change(df, "state", name, text.data, f);
	}
	buf_free(&text);
	desc_free(&f);
	compare_node(df, name, "", old, new);
}

/* An item one snapshot has and the other not: "- NAME went: SUMMARY" or
 * "+ NAME appeared: SUMMARY" (what: "went" or "appeared"), with its kind. */
static void
presence(struct diff *df, const struct desc_node *item, const char *name, bool actors,
    const char *what)
{
	struct desc	*f = desc_new();
	struct buf	 text;

	buf_init(&text);
	buf_printf(&text, "%c %s %s: %s", what[0] == 'w' ? '-' : '+', name, what,
	    str_or(item, "summary", ""));
	desc_word(f, "kind", actors ? str_or(item, "kind", "actor") :
	    str_or(item, "mechanism", "object"));
	change(df, what, name, text.data, f);
	buf_free(&text);
	desc_free(&f);
}

/* The items of one list of both: gone, new, changed. */
static void
compare_items(struct diff *df, struct desc_node *const *olds, size_t nold,
    struct desc_node *const *news, size_t nnew, const struct snapshot *o,
    const struct snapshot *n, bool actors)
{
	const struct desc_node	*other;
	const char		*name;
	size_t			 i;

	for (i = 0; i < nold; i++) {
		name = snapshot_str(olds[i], "name");
		if ((actors ? snapshot_actor(n, name) : snapshot_object(n, name)) != NULL)
			continue;
		presence(df, olds[i], name, actors, "went");
	}
	for (i = 0; i < nnew; i++) {
		name = snapshot_str(news[i], "name");
		other = actors ? snapshot_actor(o, name) : snapshot_object(o, name);
		if (other != NULL) {
			if (actors)
				compare_actor(df, name, other, news[i]);
			else
				compare_node(df, name, "", other, news[i]);
			continue;
		}
		presence(df, news[i], name, actors, "appeared");
	}
}

static bool
has_line(const struct desc_node *list, const char *line)
{
	const struct desc_node	*c;

	for (c = list != NULL ? list->first : NULL; c != NULL; c = c->next) {
		if ((c->type == DESC_TEXT || c->type == DESC_WORD) && strcmp(c->str, line) == 0)
			return true;
	}
	return false;
}

static void
compare_deadlocks(struct diff *df, const struct desc_node *old, const struct desc_node *new,
    bool formed)
{
	const struct desc_node	*c;
	struct desc		*f;
	struct buf		 text;

	buf_init(&text);
	for (c = new != NULL ? new->first : NULL; c != NULL; c = c->next) {
		if ((c->type != DESC_TEXT && c->type != DESC_WORD) || has_line(old, c->str))
			continue;
		buf_reset(&text);
		buf_printf(&text, "%s deadlock %s: %s", formed ? "!" : "=",
		    formed ? "formed" : "cleared", c->str);
		f = desc_new();
		desc_string(f, "cycle", c->str);
		change(df, formed ? "deadlock_formed" : "deadlock_cleared", NULL, text.data, f);
		desc_free(&f);
	}
	buf_free(&text);
}

size_t
snapshot_diff(struct buf *out, const struct snapshot *old, const struct snapshot *new, bool json)
{
	struct diff	 df = { out, json, 0 };

	compare_deadlocks(&df, new->deadlocks, old->deadlocks, false);
	compare_deadlocks(&df, old->deadlocks, new->deadlocks, true);
	compare_items(&df, old->actors, old->nactors, new->actors, new->nactors, old, new, true);
	compare_items(&df, old->objects, old->nobjects, new->objects, new->nobjects, old, new,
	    false);
	return df.n;
}
