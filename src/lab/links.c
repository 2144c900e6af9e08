/* links.c: who holds what, for the topology (sample.h's links): each
 * object's holders by their descriptors (the holder index), what its
 * mechanism says ties it besides (describe_links: mappings, locks, the
 * socket at the other end), and the actors asleep in a call on it. All
 * from the lab's caches, as the rest of a sample is. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"
#include "sample.h"
#include "timeline.h"

#define HOLDERS_MAX	64	/* descriptors of one object drawn, at most */

/* An actor asleep in a call on an object. */
struct asleep {
	struct actor	*a;
	struct object	*o;
	const char	*call;
	enum verb_flow	 flow;
};

struct asleep_list {
	struct asleep	*v;
	size_t		 n, cap;
};

static void
asleep_add(struct asleep_list *l, struct actor *a, struct object *o, const char *call,
    enum verb_flow flow)
{
	if (o == NULL)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 8 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = (struct asleep){ a, o, call, flow };
}

/* What an observed thread sleeps on, as the kernel says: a descriptor,
 * or each of a set's. */
static void
asleep_observed(struct asleep_list *l, struct lab *lab, struct actor *a)
{
	const struct thread_wait	*tw = actor_wait(a);
	enum verb_flow			 flow = FLOW_NONE;
	size_t				 i;

	if (tw->kind == WAIT_FD) {
		if (tw->on.fd.op == WAIT_FD_READ)
			flow = FLOW_TAKES;
		else if (tw->on.fd.op == WAIT_FD_WRITE)
			flow = FLOW_PUTS;
		asleep_add(l, a, lab_object_by_fd(lab, a->proc, tw->on.fd.fd), tw->name, flow);
	} else if (tw->kind == WAIT_FDSET) {
		for (i = 0; i < tw->on.set.n; i++)
			asleep_add(l, a, lab_object_by_fd(lab, a->proc, tw->on.set.v[i].fd),
			    tw->name, FLOW_NONE);
	}
}

/* Every actor blocked, and on what; each row marked. */
static void
asleep_find(struct asleep_list *l, struct sample *s, struct lab *lab, struct actor **refs)
{
	struct actor	*a;
	struct call	*c;
	size_t		 i, k;

	for (i = 0; i < s->nactors; i++) {
		a = refs[i];
		if (!(s->actors[i].blocked = actor_state(a) == STATE_BLOCKED))
			continue;
		if (a->observed) {
			asleep_observed(l, lab, a);
			continue;
		}
		if ((c = a->call) == NULL)
			continue;
		asleep_add(l, a, c->obj, c->verb->name, c->verb->flow);
		for (k = 0; k < c->nwaits; k++)
			asleep_add(l, a, c->waits[k], c->verb->name, FLOW_NONE);
	}
}

static struct sample_link *
link_add(struct sample *s, size_t *cap, size_t object, enum link_kind kind, const char *actor,
    bool observed)
{
	struct sample_link	*k;

	if (s->nlinks == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		s->links = xreallocarray(s->links, *cap, sizeof *s->links);
	}
	k = &s->links[s->nlinks++];
	memset(k, 0, sizeof *k);
	k->object = object;
	k->kind = kind;
	k->actor = xstrdup(actor);
	k->observed = observed;
	k->end = xstrdup("");
	return k;
}

/* The descriptors of it each process holds: which end, which way. */
static void
fd_links(struct sample *s, size_t *cap, size_t i, struct object *o)
{
	struct lab_holder	 h[HOLDERS_MAX];
	const struct fd_entry	*fe;
	struct sample_link	*k;
	enum link_kind		 kind;
	struct buf		 end;
	size_t			 n, j;

	if (!o->mech->fd_backed)
		return;
	buf_init(&end);
	n = lab_holders(o, h, HOLDERS_MAX);
	for (j = 0; j < n; j++) {
		if ((fe = fd_table_find(actor_fds(h[j].a), h[j].fd)) == NULL)
			continue;
		kind = fe->access == O_WRONLY ? LINK_PUTS : fe->access == O_RDONLY ? LINK_TAKES :
		    LINK_HOLDS;
		k = link_add(s, cap, i, kind, h[j].a->name, h[j].a->observed);
		buf_reset(&end);
		lab_add_end_name(&end, o, object_fd_which(o, fe), fe->access);
		free(k->end);
		/* "p1.w" says "w" beside p1. */
		k->end = xstrdup(end.data + (end.len > strlen(o->name) ? strlen(o->name) + 1 : end.len));
		k->how = xasprintf("fd %d", h[j].fd);
	}
	buf_free(&end);
}

static const char *
item_str(const struct desc_node *item, const char *name)
{
	const struct desc_node	*n = desc_find_child(item, name);

	return n != NULL && n->str != NULL ? n->str : NULL;
}

static bool
is_observed(struct lab *lab, const char *name)
{
	struct actor	*a = lab_actor(lab, name);

	return a != NULL && a->observed;
}

/* Two sockets connected, once: a pair's sides, or two objects. */
static void
peer_add(struct sample *s, size_t *cap, size_t i, const char *end, const char *peer,
    const char *peer_object)
{
	size_t	 j, p;

	for (j = 0; j < s->nobjects; j++) {
		if (s->objects[j].name != NULL && strcmp(s->objects[j].name, peer_object) == 0)
			break;
	}
	if (j == s->nobjects)
		return;
	for (p = 0; p < s->npeers; p++) {
		if ((strcmp(s->peers[p].a_end, peer) == 0 && strcmp(s->peers[p].b_end, end) == 0) ||
		    (strcmp(s->peers[p].a_end, end) == 0 && strcmp(s->peers[p].b_end, peer) == 0))
			return;
	}
	if (s->npeers == *cap) {
		*cap = *cap == 0 ? 4 : *cap * 2;
		s->peers = xreallocarray(s->peers, *cap, sizeof *s->peers);
	}
	s->peers[s->npeers++] = (struct sample_peer){ i, j, xstrdup(end), xstrdup(peer) };
}

/* What its mechanism says ties it: mappings, locks and their waiters,
 * the socket at the other end. */
static void
mech_links(struct sample *s, size_t *cap, size_t *peer_cap, size_t i, struct object *o)
{
	struct desc		*d;
	const struct desc_node	*list, *item;
	struct sample_link	*k;
	const char		*who, *type, *range, *end, *peer, *po;

	if (o->mech->describe_links == NULL)
		return;
	d = desc_new();
	o->mech->describe_links(o, d);
	if ((list = desc_find(d, "mappings")) != NULL) {
		for (item = list->first; item != NULL; item = item->next) {
			if ((who = item_str(item, "actor")) == NULL)
				continue;
			k = link_add(s, cap, i, LINK_MAPS, who, is_observed(o->lab, who));
			k->how = xstrdup((type = item_str(item, "access")) != NULL ? type : "");
		}
	}
	if ((list = desc_find(d, "locks")) != NULL) {
		for (item = list->first; item != NULL; item = item->next) {
			if ((who = item_str(item, "holder")) == NULL)
				continue;
			type = item_str(item, "type");
			range = item_str(item, "range");
			k = link_add(s, cap, i, LINK_LOCKS, who, is_observed(o->lab, who));
			k->how = xasprintf("%s %s", type != NULL ? type : "", range != NULL ? range : "");
		}
	}
	if ((list = desc_find(d, "waiters")) != NULL) {
		for (item = list->first; item != NULL; item = item->next) {
			if ((who = item_str(item, "actor")) == NULL)
				continue;
			type = item_str(item, "type");
			range = item_str(item, "range");
			k = link_add(s, cap, i, LINK_WAITS, who, is_observed(o->lab, who));
			k->how = xasprintf("%s %s", type != NULL ? type : "", range != NULL ? range : "");
			k->blocked = true;
		}
	}
	if ((list = desc_find(d, "peers")) != NULL) {
		for (item = list->first; item != NULL; item = item->next) {
			end = item_str(item, "end");
			peer = item_str(item, "peer");
			po = item_str(item, "peer_object");
			if (end != NULL && peer != NULL && po != NULL)
				peer_add(s, peer_cap, i, end, peer, po);
		}
	}
	desc_free(&d);
}

/* Whether an actor asleep in a call that moves bytes so sleeps through
 * this tie: exactly (its end, its lock), or through a descriptor both
 * ways. */
static bool
link_fits(const struct sample_link *k, enum verb_flow flow, bool exactly)
{
	if (k->kind == LINK_HOLDS)
		return !exactly;
	switch (flow) {
	case FLOW_TAKES:
		return k->kind == LINK_TAKES;
	case FLOW_PUTS:
		return k->kind == LINK_PUTS;
	default:
		return k->kind == LINK_WAITS;
	}
}

/* An actor asleep on object i: the tie it sleeps through (the end its
 * call takes from or puts into, the lock it waits for) marked; or a tie
 * of its own (a thread of a holder, a semaphore's waiter). */
static void
asleep_link(struct sample *s, size_t *cap, size_t i, const struct asleep *z)
{
	struct sample_link	*k = NULL;
	size_t			 j;
	int			 pass;

	for (pass = 0; pass < 2 && k == NULL; pass++) {
		for (j = 0; j < s->nlinks && k == NULL; j++) {
			if (s->links[j].object == i && strcmp(s->links[j].actor, z->a->name) == 0 &&
			    link_fits(&s->links[j], z->flow, pass == 0))
				k = &s->links[j];
		}
	}
	if (k == NULL)
		k = link_add(s, cap, i, LINK_WAITS, z->a->name, z->a->observed);
	k->blocked = true;
	k->flow = z->flow;
	if (k->call == NULL && z->call != NULL)
		k->call = xstrdup(z->call);
}

void
sample_links(struct sample *s, struct lab *lab, struct actor **refs)
{
	struct asleep_list	 asleep;
	size_t			 cap = 0, peer_cap = 0, i, j;

	memset(&asleep, 0, sizeof asleep);
	asleep_find(&asleep, s, lab, refs);
	for (i = 0; i < lab->nobjects && i < s->want_links; i++) {
		fd_links(s, &cap, i, lab->objects[i]);
		mech_links(s, &cap, &peer_cap, i, lab->objects[i]);
		for (j = 0; j < asleep.n; j++) {
			if (asleep.v[j].o == lab->objects[i])
				asleep_link(s, &cap, i, &asleep.v[j]);
		}
	}
	free(asleep.v);
}

static const char *const link_names[] = {
	[LINK_PUTS] = "puts",
	[LINK_TAKES] = "takes",
	[LINK_HOLDS] = "holds",
	[LINK_MAPS] = "maps",
	[LINK_LOCKS] = "locks",
	[LINK_WAITS] = "waits",
};

void
sample_links_describe(const struct sample *s, struct desc *d)
{
	const struct sample_link	*k;
	const struct sample_peer	*p;
	size_t				 i;

	desc_list(d, "links");
	for (i = 0; i < s->nlinks; i++) {
		k = &s->links[i];
		desc_group(d, NULL);
		desc_word(d, "object", s->objects[k->object].name);
		desc_word(d, "kind", link_names[k->kind]);
		desc_word(d, "actor", k->actor);
		if (k->observed)
			desc_bool(d, "observed", true);
		if (k->end[0] != '\0')
			desc_string(d, "end", k->end);
		if (k->how != NULL)
			desc_string(d, "how", k->how);
		if (k->blocked) {
			desc_bool(d, "blocked", true);
			if (k->call != NULL)
				desc_word(d, "call", k->call);
			desc_word(d, "flow", timeline_flow_name(k->flow));
		}
		desc_close(d);
	}
	desc_close(d);
	desc_list(d, "peers");
	for (i = 0; i < s->npeers; i++) {
		p = &s->peers[i];
		desc_group(d, NULL);
		desc_word(d, "a", s->objects[p->a].name);
		desc_word(d, "b", s->objects[p->b].name);
		desc_string(d, "a_end", p->a_end);
		desc_string(d, "b_end", p->b_end);
		desc_close(d);
	}
	desc_close(d);
}

/* The row of the object a saved link names, if it is one of the first
 * want_links; -1 if not. */
static long
saved_object(const struct sample *s, const struct desc_node *item, const char *field)
{
	const struct desc_node	*n = desc_find_child(item, field);
	size_t			 i;

	for (i = 0; n != NULL && n->str != NULL && i < s->nobjects && i < s->want_links; i++) {
		if (s->objects[i].name != NULL && strcmp(s->objects[i].name, n->str) == 0)
			return (long)i;
	}
	return -1;
}

static int
name_index(const char *const *names, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < n; i++) {
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return (int)i;
	}
	return -1;
}

void
sample_links_saved(struct sample *s, const struct desc_node *links, const struct desc_node *peers)
{
	const struct desc_node	*item;
	struct sample_link	*k;
	size_t			 cap = 0, peer_cap = 0;
	long			 o, o2;
	int			 kind;

	for (item = links != NULL ? links->first : NULL; item != NULL; item = item->next) {
		kind = name_index(link_names, nitems(link_names), item_str(item, "kind"));
		if ((o = saved_object(s, item, "object")) < 0 || kind < 0 ||
		    item_str(item, "actor") == NULL)
			continue;
		k = link_add(s, &cap, (size_t)o, (enum link_kind)kind, item_str(item, "actor"),
		    desc_find_child(item, "observed") != NULL);
		if (item_str(item, "end") != NULL) {
			free(k->end);
			k->end = xstrdup(item_str(item, "end"));
		}
		if (item_str(item, "how") != NULL)
			k->how = xstrdup(item_str(item, "how"));
		if (desc_find_child(item, "blocked") != NULL) {
			k->blocked = true;
			if (item_str(item, "call") != NULL)
				k->call = xstrdup(item_str(item, "call"));
			if (!timeline_flow_of(item_str(item, "flow"), &k->flow))
				k->flow = FLOW_NONE;
		}
	}
	for (item = peers != NULL ? peers->first : NULL; item != NULL; item = item->next) {
		if ((o = saved_object(s, item, "a")) < 0 || (o2 = saved_object(s, item, "b")) < 0 ||
		    item_str(item, "a_end") == NULL || item_str(item, "b_end") == NULL)
			continue;
		if (s->npeers == peer_cap) {
			peer_cap = peer_cap == 0 ? 8 : peer_cap * 2;
			s->peers = xreallocarray(s->peers, peer_cap, sizeof *s->peers);
		}
		s->peers[s->npeers++] = (struct sample_peer){ (size_t)o, (size_t)o2,
		    xstrdup(item_str(item, "a_end")), xstrdup(item_str(item, "b_end")) };
	}
}
