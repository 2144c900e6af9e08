/* waitgraph.c: a snapshot's wait-for graph as Graphviz DOT, drawn from
 * the descriptions alone (what a blocked thread is on, who could end its
 * wait, the deadlocks), so a live lab and a loaded file draw alike. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

/* A DOT string, quoted: valid UTF-8 (a byte that is not becomes '?'),
 * no control character but the line breaks DOT writes as \n. */
static void
add_quoted(struct buf *b, const char *s)
{
	size_t		 n, len = strlen(s);
	uint32_t	 cp;

	buf_addc(b, '"');
	while (*s != '\0') {
		n = 1;
		if (*s == '"' || *s == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, *s);
		} else if (*s == '\n')
			buf_adds(b, "\\n");
		else if ((unsigned char)*s >= 0x80) {
			if ((n = utf8_decode(s, len, &cp)) != 0 && cp >= 0xa0)
				buf_add(b, s, n);
			else {
				buf_addc(b, '?');
				n = n == 0 ? 1 : n;
			}
		} else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_addc(b, *s);
		s += n;
		len -= n;
	}
	buf_addc(b, '"');
}

/* What a thread waits on, as one object for every waiter: "0<pipe:[4711]>"
 * is the pipe whichever descriptor reaches it. */
static char *
object_key(const char *on)
{
	size_t	 n = strspn(on, "0123456789"), len = strlen(on);

	if (n > 0 && on[n] == '<' && len > n + 1 && on[len - 1] == '>')
		return xstrndup(on + n + 1, len - n - 2);
	return xstrdup(on);
}

/* Whether the deadlocks have waiter's process just before waker. */
static bool
in_cycle(const struct snapshot *s, const char *waiter, const char *waker)
{
	const struct desc_node	*c;
	const char		*p, *arrow;
	size_t			 wl = strlen(waiter), kl = strlen(waker);

	for (c = s->deadlocks != NULL ? s->deadlocks->first : NULL; c != NULL; c = c->next) {
		if (c->type != DESC_TEXT && c->type != DESC_WORD)
			continue;
		for (p = c->str; (arrow = strstr(p, " -> ")) != NULL; p = arrow + 4) {
			if ((size_t)(arrow - p) == wl && strncmp(p, waiter, wl) == 0 &&
			    strncmp(arrow + 4, waker, kl) == 0 &&
			    (arrow[4 + kl] == '\0' || arrow[4 + kl] == ' '))
				return true;
		}
	}
	return false;
}

static bool
in_any_cycle(const struct snapshot *s, const char *name)
{
	const struct desc_node	*c;
	const char		*p, *arrow;
	size_t			 len = strlen(name);

	for (c = s->deadlocks != NULL ? s->deadlocks->first : NULL; c != NULL; c = c->next) {
		if (c->type != DESC_TEXT && c->type != DESC_WORD)
			continue;
		for (p = c->str; p != NULL; p = arrow != NULL ? arrow + 4 : NULL) {
			arrow = strstr(p, " -> ");
			if ((arrow != NULL ? (size_t)(arrow - p) : strlen(p)) == len &&
			    strncmp(p, name, len) == 0)
				return true;
		}
	}
	return false;
}

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Names already drawn as nodes. */
struct drawn {
	char	**names;
	size_t	  n;
};

static bool
drawn_add(struct drawn *d, const char *name)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		if (strcmp(d->names[i], name) == 0)
			return false;
	}
	d->names = xreallocarray(d->names, d->n + 1, sizeof *d->names);
	d->names[d->n++] = xstrdup(name);
	return true;
}

static void
actor_node(struct buf *b, const struct snapshot *s, struct drawn *d, const char *name,
    const char *state_if_unknown)
{
	const struct desc_node	*item = snapshot_actor(s, name);
	const char		*state = snapshot_str(item, "state"), *proc;
	struct buf		 label;

	if (!drawn_add(d, name))
		return;
	if (state == NULL)
		state = state_if_unknown != NULL ? state_if_unknown : "unknown";
	proc = snapshot_str(item, "process");
	buf_init(&label);
	buf_printf(&label, "%s\n%s", name, state);
	buf_adds(b, "  ");
	add_quoted(b, name);
	buf_adds(b, " [shape=box, label=");
	add_quoted(b, label.data);
	if (in_any_cycle(s, proc != NULL ? proc : name))
		buf_adds(b, ", color=red, penwidth=2");
	buf_adds(b, "];\n");
	buf_free(&label);
}

void
snapshot_dot(struct buf *b, const struct snapshot *s)
{
	struct drawn		 d = { NULL, 0 };
	const struct desc_node	*item, *wf, *w, *obj_item;
	const char		*name, *on, *state, *call, *proc, *waker;
	struct buf		 label;
	char			*key, *obj;
	bool			 cycle, by_lock;
	size_t			 i;

	buf_adds(b, "digraph waits {\n  rankdir=LR;\n  node [fontname=\"monospace\"];\n"
	    "  edge [fontname=\"monospace\"];\n");
	buf_init(&label);
	buf_adds(&label, "who waits for whom: ");
	snapshot_add_label(&label, s);
	buf_adds(b, "  label=");
	add_quoted(b, label.data);
	buf_adds(b, ";\n");
	buf_free(&label);
	for (i = 0; i < s->nactors; i++) {
		item = s->actors[i];
		name = snapshot_str(item, "name");
		state = snapshot_str(item, "state");
		if ((on = snapshot_str(item, "on")) == NULL || state == NULL ||
		    strcmp(state, "blocked") != 0)
			continue;
		proc = snapshot_str(item, "process");
		if (proc == NULL)
			proc = name;
		call = snapshot_str(item, "call");
		key = object_key(on);
		obj = xasprintf("object %s", key);
		actor_node(b, s, &d, name, NULL);
		if (drawn_add(&d, obj)) {
			buf_adds(b, "  ");
			add_quoted(b, obj);
			buf_adds(b, " [shape=ellipse, label=");
			add_quoted(b, key);
			buf_adds(b, "];\n");
		}
		wf = desc_find_child(item, "waits_for");
		/* The lab's own actors: what their object says blocks them
		 * (a file lock's waiters, each with what it is blocked by). */
		by_lock = false;
		if (wf == NULL && (obj_item = snapshot_object(s, key)) != NULL &&
		    (wf = desc_find_child(obj_item, "waiters")) != NULL)
			by_lock = true;
		cycle = false;
		for (w = wf != NULL ? wf->first : NULL; w != NULL; w = w->next) {
			waker = snapshot_str(w, by_lock ? "blocked_by" : "process");
			if (waker == NULL || (by_lock && !same(snapshot_str(w, "actor"), name)))
				continue;
			actor_node(b, s, &d, waker, snapshot_str(w, "state"));
			buf_adds(b, "  ");
			add_quoted(b, obj);
			buf_adds(b, " -> ");
			add_quoted(b, waker);
			if (in_cycle(s, proc, waker)) {
				cycle = true;
				buf_adds(b, " [color=red, penwidth=2, label=\"deadlock\"]");
			} else
				buf_adds(b, " [style=dashed, label=\"may end it\"]");
			buf_adds(b, ";\n");
		}
		buf_adds(b, "  ");
		add_quoted(b, name);
		buf_adds(b, " -> ");
		add_quoted(b, obj);
		buf_adds(b, " [label=");
		add_quoted(b, call != NULL ? call : "waits");
		if (cycle)
			buf_adds(b, ", color=red, penwidth=2");
		buf_adds(b, "];\n");
		free(key);
		free(obj);
	}
	buf_adds(b, "}\n");
	for (i = 0; i < d.n; i++)
		free(d.names[i]);
	free(d.names);
}
