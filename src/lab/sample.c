/* sample.c: what a frontend shows of the lab, read at one moment
 * (sample.h): the rows, then what the frontend wants of them. */
#include "config.h"

#include <sys/wait.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"
#include "sample.h"
#include "snapshot.h"

/* Where each actor of the lab's list is, by its address: the tree's
 * links are pointers (proc, parent), its rows are indexes. */
struct actor_places {
	const struct actor	**keys;
	size_t			 *at;
	size_t			  mask;
};

static size_t
place_hash(const struct actor *a)
{
	uintptr_t	 h = (uintptr_t)a;

	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	return (size_t)(h ^ (h >> 29));
}

static void
places_init(struct actor_places *p, struct actor *const *actors, size_t n)
{
	size_t	 size = 16, i, j;

	while (size < n * 2)
		size *= 2;
	p->keys = xcalloc(size, sizeof *p->keys);
	p->at = xcalloc(size, sizeof *p->at);
	p->mask = size - 1;
	for (i = 0; i < n; i++) {
		for (j = place_hash(actors[i]) & p->mask; p->keys[j] != NULL; j = (j + 1) & p->mask)
			;
		p->keys[j] = actors[i];
		p->at[j] = i;
	}
}

/* The actor's index in the lab's list, or (size_t)-1. */
static size_t
places_find(const struct actor_places *p, const struct actor *a)
{
	size_t	 j;

	for (j = place_hash(a) & p->mask; p->keys[j] != NULL; j = (j + 1) & p->mask) {
		if (p->keys[j] == a)
			return p->at[j];
	}
	return (size_t)-1;
}

static void
places_free(struct actor_places *p)
{
	freep(&p->keys);
	freep(&p->at);
}

/* Each actor's rows below it, as lists through the lab's indexes: its
 * threads first, then the processes it forked, each in the lab's order. */
struct tree {
	size_t	*first_thread, *first_child, *next, *tail_thread, *tail_child;
};

#define NONE	((size_t)-1)

static void
tree_link(size_t *first, size_t *tail, size_t *next, size_t under, size_t i)
{
	if (first[under] == NONE)
		first[under] = i;
	else
		next[tail[under]] = i;
	tail[under] = i;
}

static void
tree_add(struct sample *s, struct actor **refs, struct lab *lab, const struct tree *t,
    size_t i, int depth, bool last)
{
	struct actor		*a = lab->actors[i];
	struct sample_actor	*row = &s->actors[s->nactors];
	size_t			 k;

	refs[s->nactors++] = a;
	row->name = xstrdup(a->name);
	row->pid = a->pid;
	row->tid = a->tid;
	row->is_thread = a->is_thread;
	row->observed = a->observed;
	row->host = a->proc->place != NULL ? xstrdup(a->proc->place->name) : NULL;
	row->depth = depth;
	row->last = last;
	for (k = t->first_thread[i]; k != NONE; k = t->next[k])
		tree_add(s, refs, lab, t, k, depth + 1,
		    t->next[k] == NONE && t->first_child[i] == NONE);
	for (k = t->first_child[i]; k != NONE; k = t->next[k])
		tree_add(s, refs, lab, t, k, depth + 1, t->next[k] == NONE);
}

/* The actors' rows in tree order, each actor placed once: O(n). */
static void
actor_rows(struct sample *s, struct actor **refs, struct lab *lab)
{
	struct actor_places	 places;
	struct tree		 t;
	struct actor		*a;
	size_t			 n = lab->nactors, i, under;

	t.first_thread = xreallocarray(NULL, n + 1, sizeof *t.first_thread);
	t.first_child = xreallocarray(NULL, n + 1, sizeof *t.first_child);
	t.next = xreallocarray(NULL, n + 1, sizeof *t.next);
	t.tail_thread = xreallocarray(NULL, n + 1, sizeof *t.tail_thread);
	t.tail_child = xreallocarray(NULL, n + 1, sizeof *t.tail_child);
	for (i = 0; i < n; i++)
		t.first_thread[i] = t.first_child[i] = t.next[i] = NONE;
	places_init(&places, lab->actors, n);
	for (i = 0; i < n; i++) {
		a = lab->actors[i];
		if (a->is_thread && (under = places_find(&places, a->proc)) != NONE && under != i)
			tree_link(t.first_thread, t.tail_thread, t.next, under, i);
		else if (!a->is_thread && a->parent != NULL &&
		    (under = places_find(&places, a->parent)) != NONE)
			tree_link(t.first_child, t.tail_child, t.next, under, i);
	}
	for (i = 0; i < n; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->parent == NULL)
			tree_add(s, refs, lab, &t, i, 0, true);
	}
	places_free(&places);
	free(t.first_thread);
	free(t.first_child);
	free(t.next);
	free(t.tail_thread);
	free(t.tail_child);
}

static char *
dup_opt(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The timeline's latest events. */
static void
copy_events(struct sample *s, const struct timeline *tl)
{
	const struct tl_event	*e, *p;
	struct sample_event	*se;
	size_t			 first = tl->n > SAMPLE_EVENTS ? tl->n - SAMPLE_EVENTS : 0, i;

	s->events_total = tl->n + tl->dropped;
	s->events_gen = tl->gen;
	s->events = xcalloc(tl->n - first + 1, sizeof *s->events);
	for (i = first; i < tl->n; i++) {
		e = &tl->v[i];
		se = &s->events[s->nevents++];
		se->kind = e->kind;
		se->flow = e->flow;
		se->failed = e->failed;
		se->ret = e->ret;
		se->who = xstrdup(e->who);
		se->what = dup_opt(e->what);
		se->object = dup_opt(e->object);
		se->peer = dup_opt(e->peer);
		se->data = dup_opt(e->data);
		se->text = xstrdup(e->text);
		if (e->from >= 0) {
			p = &tl->v[e->from];
			se->put_who = xstrdup(p->who);
			se->put_what = dup_opt(p->what);
		}
	}
}

static void
describe_actor_row(struct sample_actor *row, struct actor *a)
{
	struct buf	 b;

	row->desc = desc_new();
	lab_describe_actor(a, row->desc, DETAIL_SUMMARY);
	row->state = actor_state(a);
	row->ended = actor_terminated(a) && !a->is_thread;
	if (!row->ended)
		return;
	row->zombie = a->life == ACTOR_ZOMBIE;
	row->killed = a->status_known && WIFSIGNALED(a->status);
	buf_init(&b);
	actor_add_status(&b, a);
	row->status = xstrdup(b.data);
	buf_free(&b);
}

static void
describe_full(struct sample_item *it, struct lab *lab)
{
	struct actor	*a;
	struct object	*o;

	if (it->name == NULL)
		return;
	if ((a = lab_actor(lab, it->name)) != NULL) {
		it->found = true;
		it->kind = a->is_thread ? "thread" : a->observed ? "observed" : "actor";
		it->desc = desc_new();
		lab_describe_actor(a, it->desc, DETAIL_FULL);
	} else if ((o = lab_object(lab, it->name)) != NULL) {
		it->found = true;
		it->is_object = true;
		it->kind = o->mech->name;
		it->key = o;
		it->desc = desc_new();
		o->mech->describe(o, it->desc, DETAIL_FULL);
		lab_describe_object_health(o, it->desc);
		if (o->observed)
			desc_bool(it->desc, "observed", true);
	}
}

/* A snapshot's state word as the lab's state. */
static enum actor_state
saved_state(const char *word)
{
	enum actor_state	 st;

	for (st = STATE_STARTING; word != NULL && st <= STATE_ENDED; st++) {
		if (strcmp(actor_state_name(st), word) == 0)
			return st;
	}
	return STATE_IDLE;
}

/* A loaded snapshot's rows: its items in the order saved (the panes'),
 * a thread under its process, a process under the parent it names. */
/* The objects' names (s->nobjects of them; NULL: none) copied into one
 * allocation, s->names: a whole machine has thousands, taken each tick. */
static void
names_pack(struct sample *s, const char *const *names)
{
	size_t	 i, len = 0, at = 0;

	for (i = 0; i < s->nobjects; i++)
		len += (names[i] != NULL ? strlen(names[i]) : 0) + 1;
	s->names = xmalloc(len + 1);
	for (i = 0; i < s->nobjects; i++) {
		if (names[i] == NULL) {
			s->objects[i].name = NULL;
			continue;
		}
		len = strlen(names[i]) + 1;
		memcpy(s->names + at, names[i], len);
		s->objects[i].name = s->names + at;
		at += len;
	}
}

static void
saved_rows(struct sample *s, const struct snapshot *snap)
{
	struct sample_actor	*row;
	const struct desc_node	*item;
	const char		*kind, *up, **names;
	struct desc_node	*n;
	size_t			 i, j;

	s->actors = xcalloc(snap->nactors + 1, sizeof *s->actors);
	for (i = 0; i < snap->nactors; i++) {
		item = snap->actors[i];
		row = &s->actors[s->nactors++];
		row->name = xstrdup(snapshot_str(item, "name"));
		kind = snapshot_str(item, "kind");
		row->is_thread = kind != NULL && strcmp(kind, "thread") == 0;
		row->observed = desc_find_child(item, "observed") != NULL;
		row->host = snapshot_str(item, "host") != NULL ? xstrdup(snapshot_str(item, "host")) :
		    NULL;
		row->pid = (n = desc_find_child(item, "pid")) != NULL ? (pid_t)n->num : 0;
		row->tid = (n = desc_find_child(item, "tid")) != NULL ? (pid_t)n->num : row->pid;
		up = snapshot_str(item, row->is_thread ? "process" : "parent");
		for (j = i; up != NULL && j-- > 0;) {
			if (strcmp(s->actors[j].name, up) == 0) {
				row->depth = s->actors[j].depth + 1;
				break;
			}
		}
		if (row->is_thread)
			s->threads++;
		else if (row->observed)
			s->observed++;
	}
	/* The last row under its parent: no later row at its depth before
	 * one above it. */
	for (i = 0; i < s->nactors; i++) {
		s->actors[i].last = true;
		for (j = i + 1; j < s->nactors && s->actors[j].depth >= s->actors[i].depth; j++) {
			if (s->actors[j].depth == s->actors[i].depth) {
				s->actors[i].last = false;
				break;
			}
		}
	}
	s->processes = s->nactors - s->threads;
	s->objects = xcalloc(snap->nobjects + 1, sizeof *s->objects);
	s->nobjects = snap->nobjects;
	names = xcalloc(snap->nobjects + 1, sizeof *names);
	for (i = 0; i < snap->nobjects; i++)
		names[i] = snapshot_str(snap->objects[i], "name");
	names_pack(s, names);
	free(names);
	for (i = 0; i < snap->nobjects; i++) {
		s->objects[i].mech = snapshot_str(snap->objects[i], "mechanism");
		if (s->objects[i].mech == NULL)
			s->objects[i].mech = "object";
		s->objects[i].has_path = desc_find_child(snap->objects[i], "path") != NULL;
		s->objects[i].key = snap->objects[i];
	}
}

/* A row of a snapshot described from what was saved. */
static void
saved_actor_row(struct sample_actor *row, const struct desc_node *item)
{
	const char	*status;

	row->desc = desc_new();
	snapshot_describe_item(item, row->desc);
	row->state = saved_state(snapshot_str(item, "state"));
	row->ended = !row->is_thread && (row->state == STATE_ZOMBIE ||
	    row->state == STATE_EXITED || row->state == STATE_KILLED);
	if (!row->ended)
		return;
	row->zombie = row->state == STATE_ZOMBIE;
	row->killed = desc_find_child(item, "signal") != NULL;
	status = snapshot_str(item, "summary");
	row->status = xstrdup(status != NULL ? status : actor_state_name(row->state));
}

static struct sample *
saved_sample(struct lab *lab, sample_want_fn want, void *arg)
{
	const struct snapshot	*snap = lab->snapshot;
	struct sample		*s = xcalloc(1, sizeof *s);
	struct desc_node	*item;
	struct buf		 b;
	const char		*kind;
	size_t			 i;

	saved_rows(s, snap);
	buf_init(&b);
	snapshot_add_label(&b, snap);
	s->snapshot = buf_take(&b);
	if (want != NULL)
		want(arg, s);
	if (s->want_events && snap->events)
		copy_events(s, &lab->timeline);
	if (s->want_links > 0) {
		sample_links_saved(s, desc_find_child(snap->doc->root, "links"),
		    desc_find_child(snap->doc->root, "peers"));
		for (i = 0; i < s->nactors; i++) {
			const char *state = snapshot_str(snap->actors[i], "state");

			s->actors[i].blocked = state != NULL && strcmp(state, "blocked") == 0;
		}
	}
	for (i = 0; i < s->nactors; i++) {
		if (s->actors[i].want)
			saved_actor_row(&s->actors[i], snap->actors[i]);
	}
	for (i = 0; i < s->nobjects; i++) {
		if (s->objects[i].want) {
			s->objects[i].desc = desc_new();
			snapshot_describe_item(snap->objects[i], s->objects[i].desc);
		}
	}
	if (s->full.name == NULL)
		return s;
	if ((item = snapshot_actor(snap, s->full.name)) != NULL) {
		kind = snapshot_str(item, "kind");
		s->full.kind = kind != NULL && strcmp(kind, "thread") == 0 ? "thread" :
		    desc_find_child(item, "observed") != NULL ? "observed" : "actor";
	} else if ((item = snapshot_object(snap, s->full.name)) != NULL) {
		s->full.is_object = true;
		s->full.kind = snapshot_str(item, "mechanism");
		s->full.key = item;
	}
	if (item != NULL) {
		s->full.found = true;
		s->full.desc = desc_new();
		snapshot_describe_item(item, s->full.desc);
	}
	return s;
}

struct sample *
sample_take(struct lab *lab, sample_want_fn want, void *arg)
{
	struct sample	*s = xcalloc(1, sizeof *s);
	struct actor	**refs;
	struct object	*o;
	const char	**names;
	size_t		 i;

	if (lab->snapshot != NULL) {
		free(s);
		return saved_sample(lab, want, arg);
	}
	s->actors = xcalloc(lab->nactors + 1, sizeof *s->actors);
	refs = xcalloc(lab->nactors + 1, sizeof *refs);
	actor_rows(s, refs, lab);
	for (i = 0; i < lab->nactors; i++) {
		if (lab->actors[i]->is_thread)
			s->threads++;
		else if (lab->actors[i]->observed)
			s->observed++;
	}
	s->processes = lab->nactors - s->threads;
	s->objects = xcalloc(lab->nobjects + 1, sizeof *s->objects);
	s->nobjects = lab->nobjects;
	names = xcalloc(lab->nobjects + 1, sizeof *names);
	for (i = 0; i < lab->nobjects; i++)
		names[i] = lab->objects[i]->name;
	names_pack(s, names);
	free(names);
	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		s->objects[i].mech = o->mech->name;
		s->objects[i].has_path = o->path != NULL;
		s->objects[i].observed = o->observed;
		s->objects[i].key = o;
	}
	if (want != NULL)
		want(arg, s);
	/* In the order a frame drew them: what a description notices is
	 * logged in that order. */
	for (i = 0; i < s->nactors; i++) {
		if (s->actors[i].want)
			describe_actor_row(&s->actors[i], refs[i]);
	}
	for (i = 0; i < s->nobjects; i++) {
		if (s->objects[i].want) {
			o = lab->objects[i];
			s->objects[i].desc = desc_new();
			o->mech->describe(o, s->objects[i].desc, DETAIL_SUMMARY);
			lab_describe_object_health(o, s->objects[i].desc);
		}
	}
	describe_full(&s->full, lab);
	if (s->want_events)
		copy_events(s, &lab->timeline);
	if (s->want_links > 0)
		sample_links(s, lab, refs);
	free(refs);
	return s;
}

void
sample_want_full(struct sample *s, const char *name)
{
	free(s->full.name);
	s->full.name = name != NULL ? xstrdup(name) : NULL;
}

static bool
str_same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
actor_same(const struct sample_actor *a, const struct sample_actor *b)
{
	return str_same(a->name, b->name) && a->pid == b->pid && a->tid == b->tid &&
	    a->is_thread == b->is_thread && a->depth == b->depth && a->last == b->last &&
	    a->want == b->want && a->state == b->state && a->ended == b->ended &&
	    a->zombie == b->zombie && a->killed == b->killed && str_same(a->status, b->status) &&
	    desc_equal(a->desc, b->desc);
}

static bool
link_same(const struct sample_link *a, const struct sample_link *b)
{
	return a->object == b->object && a->kind == b->kind && str_same(a->actor, b->actor) &&
	    a->observed == b->observed && str_same(a->end, b->end) && str_same(a->how, b->how) &&
	    a->blocked == b->blocked && str_same(a->call, b->call) && a->flow == b->flow;
}

/* Whether the topology would be drawn alike: its ties, its connections,
 * and the actors it names (those that hold nothing too). */
static bool
links_same(const struct sample *a, const struct sample *b)
{
	size_t	 i;

	if (a->want_links != b->want_links || a->nlinks != b->nlinks || a->npeers != b->npeers ||
	    a->nactors != b->nactors || a->nobjects != b->nobjects)
		return false;
	for (i = 0; i < a->nlinks; i++) {
		if (!link_same(&a->links[i], &b->links[i]))
			return false;
	}
	for (i = 0; i < a->npeers; i++) {
		if (a->peers[i].a != b->peers[i].a || a->peers[i].b != b->peers[i].b ||
		    !str_same(a->peers[i].a_end, b->peers[i].a_end) ||
		    !str_same(a->peers[i].b_end, b->peers[i].b_end))
			return false;
	}
	for (i = 0; a->want_links > 0 && i < a->nactors; i++) {
		if (!str_same(a->actors[i].name, b->actors[i].name) ||
		    a->actors[i].blocked != b->actors[i].blocked ||
		    a->actors[i].observed != b->actors[i].observed)
			return false;
	}
	for (i = 0; a->want_links > 0 && i < a->nobjects; i++) {
		if (!str_same(a->objects[i].name, b->objects[i].name) ||
		    !str_same(a->objects[i].mech, b->objects[i].mech))
			return false;
		/* The topology draws their fill too. */
		if (i < a->want_links && (a->objects[i].desc == NULL) != (b->objects[i].desc == NULL))
			return false;
		if (i < a->want_links && a->objects[i].desc != NULL &&
		    !desc_equal(a->objects[i].desc, b->objects[i].desc))
			return false;
	}
	return true;
}

static bool
object_same(const struct sample_object *a, const struct sample_object *b)
{
	return str_same(a->name, b->name) && str_same(a->mech, b->mech) &&
	    a->has_path == b->has_path && a->observed == b->observed && a->key == b->key &&
	    a->want == b->want &&
	    desc_equal(a->desc, b->desc);
}

unsigned
sample_diff(const struct sample *a, const struct sample *b)
{
	unsigned	 parts = 0;
	size_t		 i;

	if (a == NULL || b == NULL)
		return a == b ? 0 : SAMPLE_ACTORS | SAMPLE_OBJECTS | SAMPLE_FULL | SAMPLE_COUNTS |
		    SAMPLE_LINKS;
	if (a->processes != b->processes || a->threads != b->threads || a->observed != b->observed ||
	    a->nobjects != b->nobjects || a->jobs != b->jobs || !str_same(a->snapshot, b->snapshot))
		parts |= SAMPLE_COUNTS;
	if (a->nactors != b->nactors)
		parts |= SAMPLE_ACTORS;
	for (i = 0; !(parts & SAMPLE_ACTORS) && i < a->nactors; i++) {
		if (!actor_same(&a->actors[i], &b->actors[i]))
			parts |= SAMPLE_ACTORS;
	}
	if (a->nobjects != b->nobjects)
		parts |= SAMPLE_OBJECTS;
	for (i = 0; !(parts & SAMPLE_OBJECTS) && i < a->nobjects; i++) {
		if (!object_same(&a->objects[i], &b->objects[i]))
			parts |= SAMPLE_OBJECTS;
	}
	if (!str_same(a->full.name, b->full.name) || a->full.found != b->full.found ||
	    a->full.is_object != b->full.is_object || !str_same(a->full.kind, b->full.kind) ||
	    a->full.key != b->full.key || !desc_equal(a->full.desc, b->full.desc))
		parts |= SAMPLE_FULL;
	if (a->want_events != b->want_events || a->events_total != b->events_total ||
	    a->nevents != b->nevents || a->events_gen != b->events_gen)
		parts |= SAMPLE_EVENTS_PART;
	if (!links_same(a, b))
		parts |= SAMPLE_LINKS;
	return parts;
}

bool
sample_same(const struct sample *a, const struct sample *b)
{
	return sample_diff(a, b) == 0;
}

void
sample_free(struct sample **sp)
{
	struct sample	*s = *sp;
	size_t		 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nactors; i++) {
		free(s->actors[i].name);
		free(s->actors[i].host);
		free(s->actors[i].status);
		desc_free(&s->actors[i].desc);
	}
	free(s->actors);
	for (i = 0; i < s->nobjects; i++)
		desc_free(&s->objects[i].desc);
	free(s->objects);
	free(s->names);
	free(s->full.name);
	desc_free(&s->full.desc);
	free(s->snapshot);
	for (i = 0; i < s->nevents; i++) {
		free(s->events[i].who);
		free(s->events[i].what);
		free(s->events[i].object);
		free(s->events[i].peer);
		free(s->events[i].data);
		free(s->events[i].put_who);
		free(s->events[i].put_what);
		free(s->events[i].text);
	}
	free(s->events);
	for (i = 0; i < s->nlinks; i++) {
		free(s->links[i].actor);
		free(s->links[i].end);
		free(s->links[i].how);
		free(s->links[i].call);
	}
	free(s->links);
	for (i = 0; i < s->npeers; i++) {
		free(s->peers[i].a_end);
		free(s->peers[i].b_end);
	}
	free(s->peers);
	freep(sp);
}
