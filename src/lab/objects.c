/* objects.c: the lab's objects and the descriptors that reach them: made
 * and freed, found by name, by identity (the object index) and by
 * descriptor; actors' descriptor tables, read again after a call, and
 * what tells files of one inode apart (fdinfo keys, the anchors of
 * shared_inode files); who holds an object (the holder index); an
 * argument resolved to a descriptor (lab_resolve_fd); what the kernel
 * changed on its own (lab_notice). */
#include "config.h"

#include <sys/resource.h>

#include <linux/kcmp.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"
#include "module.h"
#include "syscalls.h"

/* Where key is, or would go, in a sorted index: a binary search. */
static size_t
index_place(const void *v, size_t n, size_t size, const void *key,
    int (*cmp)(const void *, const void *))
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp((const char *)v + mid * size, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Put elem in its place in a sorted index of *n elements (*cap allocated). */
static void
index_insert(void **v, size_t *n, size_t *cap, size_t size, const void *elem,
    int (*cmp)(const void *, const void *))
{
	size_t	 at = index_place(*v, *n, size, elem, cmp);
	char	*p;

	if (*n == *cap) {
		*cap = *cap < 16 ? 16 : *cap * 2;
		*v = xreallocarray(*v, *cap, size);
	}
	p = (char *)*v + at * size;
	memmove(p + size, p, (*n - at) * size);
	memcpy(p, elem, size);
	(*n)++;
}

/* Take elem out of a sorted index; it must be there, or the index is not
 * what the tables say. */
static void
index_remove(void *v, size_t *n, size_t size, const void *elem,
    int (*cmp)(const void *, const void *), const char *what)
{
	size_t	 at = index_place(v, *n, size, elem, cmp);
	char	*p = (char *)v + at * size;

	if (at == *n || cmp(p, elem) != 0)
		fatal("the %s index lacks an entry it should have", what);
	memmove(p, p + size, (*n - at - 1) * size);
	(*n)--;
}

/* Lists of the lab's objects kept beside lab->objects, so that finding an
 * object by name, or those that notice changes, does not look at every
 * object: added to as objects are made (and renamed), built again when
 * some are dropped (forget, reset: lab->forgets moves). */
struct object_lists {
	struct object	**by_name;	/* sorted by name, then age */
	size_t		  nby_name;
	size_t		  by_name_cap;
	struct object	**noticing;	/* those whose mechanism has notice, in order */
	size_t		  nnoticing;
	size_t		  noticing_cap;
	uint64_t	  forgets;	/* lab->forgets when they were built */
	bool		  stale;	/* objects were added without them */
	size_t		  added;	/* observed objects put in since they were built */
	bool		  kept;		/* kept in step with a drop (object_lists_drop) */
};

/* A few observed objects come and go on each tick of a busy machine: up
 * to this many are put in or taken out of the lists one by one; more
 * (a machine's queues at first) and the lists are built again once. */
#define LISTS_IN_STEP	64

static int
object_name_cmp(const void *a, const void *b)
{
	const struct object	*x = *(struct object *const *)a, *y = *(struct object *const *)b;
	int			 c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return (x->created_ns > y->created_ns) - (x->created_ns < y->created_ns);
}

static struct object_lists *
object_lists(struct lab *lab)
{
	struct object_lists	*l = lab->lists;
	size_t			 i;

	if (l != NULL && l->forgets == lab->forgets && !l->stale)
		return l;
	if (l == NULL)
		l = lab->lists = xcalloc(1, sizeof *l);
	free(l->by_name);
	free(l->noticing);
	l->by_name_cap = l->noticing_cap = lab->nobjects + 16;
	l->by_name = xcalloc(l->by_name_cap, sizeof *l->by_name);
	l->noticing = xcalloc(l->noticing_cap, sizeof *l->noticing);
	l->nnoticing = 0;
	for (i = 0; i < lab->nobjects; i++) {
		l->by_name[i] = lab->objects[i];
		if (lab->objects[i]->mech->notice != NULL)
			l->noticing[l->nnoticing++] = lab->objects[i];
	}
	l->nby_name = lab->nobjects;
	qsort(l->by_name, l->nby_name, sizeof *l->by_name, object_name_cmp);
	l->forgets = lab->forgets;
	l->stale = false;
	l->added = 0;
	return l;
}

static bool
lists_current(const struct lab *lab)
{
	const struct object_lists	*l = lab->lists;

	return l != NULL && l->forgets == lab->forgets && !l->stale;
}

bool
object_lists_drop(struct lab *lab, const bool *gone_object)
{
	struct object_lists	*l = lab->lists;
	struct object		*o;
	size_t			 i, k, n = 0;

	if (!lists_current(lab))
		return false;
	for (i = 0; i < lab->nobjects; i++)
		n += gone_object[i];
	if (n > LISTS_IN_STEP)
		return false;
	for (i = 0; i < lab->nobjects; i++) {
		if (!gone_object[i])
			continue;
		o = lab->objects[i];
		index_remove(l->by_name, &l->nby_name, sizeof o, &o, object_name_cmp, "name");
		for (k = 0; k < l->nnoticing && o->mech->notice != NULL; k++) {
			if (l->noticing[k] == o) {
				memmove(&l->noticing[k], &l->noticing[k + 1],
				    (l->nnoticing - k - 1) * sizeof *l->noticing);
				l->nnoticing--;
				break;
			}
		}
	}
	l->kept = true;
	return true;
}

void
object_lists_forgot(struct lab *lab)
{
	if (lab->lists != NULL && lab->lists->kept)
		lab->lists->forgets = lab->forgets;
	if (lab->lists != NULL)
		lab->lists->kept = false;
}

void
object_lists_free(struct lab *lab)
{
	if (lab->lists == NULL)
		return;
	free(lab->lists->by_name);
	free(lab->lists->noticing);
	freep(&lab->lists);
}

struct object *
lab_object(struct lab *lab, const char *name)
{
	struct object_lists	*l = object_lists(lab);
	size_t			 lo = 0, hi = l->nby_name, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(l->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->nby_name && strcmp(l->by_name[lo]->name, name) == 0)
		return l->by_name[lo];
	return NULL;
}

void
lab_object_rename(struct object *o, char *name)
{
	struct object_lists	*l = o->lab->lists;
	bool			 listed = l != NULL && l->forgets == o->lab->forgets && !l->stale;

	if (listed)
		index_remove(l->by_name, &l->nby_name, sizeof o, &o, object_name_cmp, "name");
	free(o->name);
	o->name = name;
	if (listed)
		index_insert((void **)&l->by_name, &l->nby_name, &l->by_name_cap, sizeof o, &o,
		    object_name_cmp);
}

bool
lab_name_free(struct lab *lab, const char *name, char **cause)
{
	struct actor	*a;
	size_t		 i;

	if (!lab->verbs->name_valid(name, cause))
		return false;
	if ((a = lab_actor(lab, name)) != NULL) {
		*cause = xasprintf("%s is already an actor (pid %d); choose another name",
		    name, (int)a->pid);
		return false;
	}
	if (lab_object(lab, name) != NULL) {
		*cause = xasprintf("%s is already an object (%s); choose another name",
		    name, lab_object(lab, name)->mech->name);
		return false;
	}
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->call != NULL && a->call->newname != NULL &&
		    strcmp(a->call->newname, name) == 0) {
			*cause = xasprintf("%s is being created by %s's %s call; choose another name",
			    name, a->name, a->call->verb->name);
			return false;
		}
	}
	return true;
}

static void	fd_identify(struct lab *, struct fd_entry *, pid_t);
static void	actor_fds_reread(struct actor *, const int *, size_t);
static void	actor_fds_reread_shared(struct actor *, const int *, size_t);

static int
int_cmp(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Sort a list of descriptors and drop repeats and negative ones; the
 * new length. */
static size_t
fds_unique(int *fds, size_t n)
{
	size_t	 i, m = 0;

	qsort(fds, n, sizeof *fds, int_cmp);
	for (i = 0; i < n; i++) {
		if (fds[i] >= 0 && (m == 0 || fds[m - 1] != fds[i]))
			fds[m++] = fds[i];
	}
	return m;
}

void
actor_fds_stale(struct actor *a)
{
	/* The calls that change descriptors are the ones that change
	 * mappings (mmap, shmat, fork): both are read again. */
	a->proc->fds_valid = false;
	LAB_MODULES_CALL_ACTOR(a->lab, process_stale, a->proc);
	/* An observed process's table read again moves the version only
	 * if it changed (actor_fds); the holder index reads it first. */
	if (a->proc->observed)
		a->lab->fds_staled++;
	else
		a->lab->fds_version++;
}

int
actor_fds_full(struct actor *a)
{
	const struct fd_table	*t = actor_fds(a);
	struct rlimit		 rl;
	size_t			 i, below = 0;

	if (!t->ok || prlimit(a->proc->pid, RLIMIT_NOFILE, NULL, &rl) == -1)
		return -1;
	for (i = 0; i < t->n; i++) {
		if ((rlim_t)t->v[i].fd < rl.rlim_cur)
			below++;
	}
	return below >= rl.rlim_cur;
}

/* Whether two tables list the same descriptors, of the same files, open
 * the same way. */
static bool
fd_table_same(const struct fd_table *a, const struct fd_table *b)
{
	const struct fd_entry	*x, *y;
	size_t			 i;

	if (a->ok != b->ok || a->n != b->n || a->error != b->error || a->nslow != 0 ||
	    b->nslow != 0)
		return false;
	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		y = &b->v[i];
		if (x->fd != y->fd || !fd_id_eq(&x->id, &y->id) || x->type != y->type ||
		    x->access != y->access || x->flags != y->flags || x->info_key != y->info_key ||
		    (x->info_value == NULL) != (y->info_value == NULL) ||
		    (x->info_value != NULL && strcmp(x->info_value, y->info_value) != 0) ||
		    (x->link == NULL) != (y->link == NULL) ||
		    (x->link != NULL && strcmp(x->link, y->link) != 0))
			return false;
	}
	return true;
}

const struct fd_table *
actor_fds(struct actor *a)
{
	struct actor	*p = a->proc;
	size_t		 i;

	/* While the lab sets a new actor up its table is still changing
	 * (the controller's descriptors closing): until its hello, read it
	 * again each generation. Within one, callers hold on to it. */
	if (!p->fds_valid || (!p->ready && p->fds_gen != p->lab->gen)) {
		struct fd_table	 t;

		p->lab->fds_reads++;
		memset(&t, 0, sizeof t);
		if (p->life == ACTOR_ALIVE) {
			probe_fds(p->pid, &t, p->lab->fdinfo_keys);
			for (i = 0; i < t.n; i++)
				fd_identify(p->lab, &t.v[i], p->pid);
		}
		/* An observed process that ran mostly has the table it had:
		 * what is built of the tables (the holder index) then stands;
		 * its files' sizes and locks are as they are now. */
		if (p->observed && fd_table_same(&t, &p->fds)) {
			for (i = 0; i < t.n; i++) {
				p->fds.v[i].size = t.v[i].size;
				p->fds.v[i].locked = t.v[i].locked;
			}
			fd_table_clear(&t);
		}
		else {
			p->lab->fds_version++;
			fd_table_clear(&p->fds);
			p->fds = t;
		}
		p->fds_valid = true;
		p->fds_gen = p->lab->gen;
	}
	return &p->fds;
}


void
lab_fds_changed(struct lab *lab)
{
	size_t	 i;

	for (i = 0; i < lab->nactors; i++)
		actor_fds_stale(lab->actors[i]);
}

/* What the kernel changed on its own in the lab's objects: events. A
 * call being made is noticed after, when it settles. */
void
lab_notice(struct lab *lab)
{
	struct object_lists	*l;
	size_t			 i;

	if (!lab_may_notice(lab))
		return;
	l = object_lists(lab);
	for (i = 0; i < l->nnoticing; i++)
		l->noticing[i]->mech->notice(l->noticing[i]);
}

/* After a call that may have changed descriptors: those its reply names
 * are read again, or, if it named none, the whole table (every table, for
 * a verb that changes open file descriptions others share). Mappings
 * change through the same calls (mmap, shmat): they are read again. */
void
call_fds_changed(struct actor *p, const struct wire_reply *r, bool shared)
{
	int	 fds[WIRE_MAX_CHANGED];
	size_t	 i, n;

	if (r->nfds_changed < 0) {
		if (shared)
			lab_fds_changed(p->lab);
		else
			actor_fds_stale(p);
		return;
	}
	LAB_MODULES_CALL_ACTOR(p->lab, process_stale, p);
	for (i = n = 0; i < (size_t)r->nfds_changed; i++)
		fds[n++] = r->fds_changed[i];
	n = fds_unique(fds, n);
	if (shared)
		actor_fds_reread_shared(p, fds, n);
	else
		actor_fds_reread(p, fds, n);
}

/* A new object at the end of the lab's list, its fields but its
 * identities set. */
static struct object *
object_alloc(struct lab *lab, const char *name, const struct mechanism *mech,
    struct actor *creator)
{
	struct object	*o;
	size_t		 size = mech->object_size != 0 ? mech->object_size : sizeof *o;

	if (size < sizeof *o)
		fatal("%s: objects of %zu bytes, smaller than struct object", mech->name, size);
	o = xcalloc(1, size);
	o->name = xstrdup(name);
	o->mech = mech;
	o->lab = lab;
	o->creator = creator;
	o->created_ns = now_ns();
	/* Room doubles as the list reaches each power of two (it only ever
	 * grows at its end, and forget and reset shrink it in place). */
	if ((lab->nobjects & (lab->nobjects - 1)) == 0)
		lab->objects = xreallocarray(lab->objects, lab->nobjects * 2 + 1,
		    sizeof *lab->objects);
	lab->objects[lab->nobjects++] = o;
	return o;
}

/* Put o, just made, in the lists by name and of those that notice. */
static void
lists_insert(struct object_lists *l, struct object *o)
{
	index_insert((void **)&l->by_name, &l->nby_name, &l->by_name_cap, sizeof o, &o,
	    object_name_cmp);
	if (o->mech->notice != NULL) {
		if (l->nnoticing == l->noticing_cap) {
			l->noticing_cap = l->noticing_cap * 2 + 16;
			l->noticing = xreallocarray(l->noticing, l->noticing_cap,
			    sizeof *l->noticing);
		}
		l->noticing[l->nnoticing++] = o;
	}
}

struct object *
lab_object_new(struct lab *lab, const char *name, const struct mechanism *mech,
    struct actor *creator)
{
	struct object_lists	*l;
	struct object		*o;

	o = object_alloc(lab, name, mech, creator);
	l = object_lists(lab);
	if (l->nby_name < lab->nobjects)	/* not just built, with o in */
		lists_insert(l, o);
	lab_changed(lab);	/* no identity yet: the indexes stand */
	return o;
}

void *
object_of(const struct object *o, size_t size)
{
	size_t	 have = o->mech->object_size != 0 ? o->mech->object_size : sizeof *o;

	if (size > have)
		fatal("%s, a %s, taken for an object of %zu bytes (it has %zu)", o->name,
		    o->mech->name, size, have);
	return (void *)o;
}

struct object *
object_inside(const struct object *o, int64_t *offset)
{
	struct object	*in = NULL;
	int64_t		 off = 0;

	if (o->mech->inside != NULL)
		in = o->mech->inside(o, &off);
	if (offset != NULL)
		*offset = in != NULL ? off : 0;
	return in;
}

/* The object index: each identity of each descriptor-backed or memory
 * object, sorted by identity, then by the object's place in the lab. It
 * is built again when ids_version moved without it (an object forgotten,
 * an identity set outside object_set_id), and kept in step by
 * object_set_id otherwise, so that a new object costs a search. */
struct id_ref {
	struct fd_id	 id;
	struct object	*o;
	size_t		 order;		/* the object's place in lab->objects */
	int		 which;
};

/* The holder index: each descriptor of each live process, sorted by
 * identity, then by actor and descriptor (the order lists show). It is
 * built again when fds_version moved without it (a whole table read
 * again, a process ended, something forgotten), and kept in step when a
 * call's descriptors alone are read again (actor_fds_reread). */
struct holder_ref {
	struct fd_id	 id;
	struct actor	*a;
	size_t		 place;		/* the actor's place in lab->actors */
	int		 fd;
	int		 access;
};

static size_t	holders_of(struct object *, struct actor *, int, int, struct holder_ref **);

/* Anchored objects' ids (object_set_id) start here, above the kernel's. */
#define ANCHOR_XID_BASE	((int64_t)1 << 62)

/* The anchors: the lab's duplicate of the file of each object of a
 * shared_inode mechanism, sorted by the identity the lab gave the object
 * (the file's device and inode, and an id of the lab's). They are the
 * lab's means of telling such files apart (identify_shared), so the lab
 * keeps them, not the objects. */
struct anchor {
	struct fd_id	 id;
	struct object	*o;
	int		 fd;
};

static int
anchor_cmp(const void *a, const void *b)
{
	return fd_id_cmp(&((const struct anchor *)a)->id, &((const struct anchor *)b)->id);
}

/* Where o's anchor is in the lab's, or nanchors if it has none. */
static size_t
anchor_place(const struct object *o)
{
	struct lab	*lab = o->lab;
	size_t		 i;

	for (i = 0; i < lab->nanchors; i++) {
		if (lab->anchors[i].o == o)
			break;
	}
	return i;
}

/* Anchor object o with a duplicate of actor a's descriptor fd, under
 * the identity id; false if it cannot be duplicated. */
static bool
anchor_add(struct object *o, struct actor *a, int fd, const struct fd_id *id)
{
	struct lab	*lab = o->lab;
	struct anchor	 an = { *id, o, sys_pidfd_getfd(a->proc->pidfd, fd, 0) };

	if (an.fd == -1)
		return false;
	index_insert((void **)&lab->anchors, &lab->nanchors, &lab->anchors_cap, sizeof an, &an,
	    anchor_cmp);
	return true;
}

/* Let go of o's anchor, if it has one; true if it had. */
static bool
anchor_remove(struct object *o)
{
	struct lab	*lab = o->lab;
	size_t		 at = anchor_place(o);

	if (at == lab->nanchors)
		return false;
	close(lab->anchors[at].fd);
	memmove(&lab->anchors[at], &lab->anchors[at + 1],
	    (lab->nanchors - at - 1) * sizeof *lab->anchors);
	lab->nanchors--;
	return true;
}

static int
id_ref_cmp(const void *a, const void *b)
{
	const struct id_ref	*x = a, *y = b;
	int			 c = fd_id_cmp(&x->id, &y->id);

	if (c != 0)
		return c;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return (x->which > y->which) - (x->which < y->which);
}

static int
holder_ref_cmp_order(const void *a, const void *b)
{
	const struct holder_ref	*x = a, *y = b;

	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

static int
holder_ref_cmp(const void *a, const void *b)
{
	const struct holder_ref	*x = a, *y = b;
	int			 c = fd_id_cmp(&x->id, &y->id);

	return c != 0 ? c : holder_ref_cmp_order(a, b);
}

static bool
object_indexed(const struct object *o)
{
	return o->mech->fd_backed || o->mech->mem_size != NULL;
}

static void
obj_index_build(struct lab *lab)
{
	struct object	*o;
	size_t		 i, n = 0;
	int		 k;

	if (lab->obj_index != NULL && lab->obj_index_version == lab->ids_version)
		return;
	free(lab->obj_index);
	lab->obj_index_cap = lab->nobjects * 2 + 1;
	lab->obj_index = xcalloc(lab->obj_index_cap, sizeof *lab->obj_index);
	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		for (k = 0; object_indexed(o) && k < o->nids; k++)
			lab->obj_index[n++] = (struct id_ref){ o->ids[k], o, i, k };
	}
	if (n > 1)
		qsort(lab->obj_index, n, sizeof *lab->obj_index, id_ref_cmp);
	lab->nobj_index = n;
	lab->obj_index_version = lab->ids_version;
}

/* An object's place in the lab's list: new objects are at its end. */
static size_t
object_place(const struct object *o)
{
	struct lab	*lab = o->lab;
	size_t		 i = lab->nobjects;

	while (i-- > 0) {
		if (lab->objects[i] == o)
			return i;
	}
	fatal("object %s is not in the lab's list", o->name);
}

/* Set identity which of o to id, in the object index too. */
static void
object_put_id(struct object *o, int which, const struct fd_id *id)
{
	struct lab	*lab = o->lab;
	struct id_ref	 ref;
	bool		 indexed = lab->obj_index != NULL &&
			    lab->obj_index_version == lab->ids_version && object_indexed(o);

	if (indexed) {
		ref = (struct id_ref){ o->ids[which], o, object_place(o), which };
		if (which < o->nids)
			index_remove(lab->obj_index, &lab->nobj_index, sizeof ref, &ref,
			    id_ref_cmp, "object");
		ref.id = *id;
		index_insert((void **)&lab->obj_index, &lab->nobj_index, &lab->obj_index_cap,
		    sizeof ref, &ref, id_ref_cmp);
	}
	o->ids[which] = *id;
	if (o->nids < which + 1)
		o->nids = which + 1;
	lab->ids_version++;
	if (indexed)
		lab->obj_index_version = lab->ids_version;
}

struct object *
lab_object_by_id(struct lab *lab, const struct fd_id *id, int *which)
{
	size_t	 i;

	obj_index_build(lab);
	FD_ID_LOWER_BOUND(lab->obj_index, lab->nobj_index, id, i);
	if (i == lab->nobj_index || fd_id_cmp(&lab->obj_index[i].id, id) != 0)
		return NULL;
	if (which != NULL)
		*which = lab->obj_index[i].which;
	return lab->obj_index[i].o;
}

size_t
lab_objects_by_id(struct lab *lab, const struct fd_id *id, struct object **out, size_t max)
{
	size_t	 i, n = 0;

	obj_index_build(lab);
	FD_ID_LOWER_BOUND(lab->obj_index, lab->nobj_index, id, i);
	for (; i < lab->nobj_index && fd_id_cmp(&lab->obj_index[i].id, id) == 0; i++) {
		if (n < max)
			out[n] = lab->obj_index[i].o;
		n++;
	}
	return n;
}

size_t
lab_objects_by_inode(struct lab *lab, dev_t dev, ino_t ino, struct object **out, int *which,
    size_t max)
{
	struct fd_id	 key = { dev, ino, INT64_MIN };
	size_t		 i, n = 0;

	obj_index_build(lab);
	FD_ID_LOWER_BOUND(lab->obj_index, lab->nobj_index, &key, i);
	for (; i < lab->nobj_index && lab->obj_index[i].id.dev == dev &&
	    lab->obj_index[i].id.ino == ino; i++) {
		if (!lab->obj_index[i].o->mech->fd_backed)
			continue;
		if (n < max) {
			out[n] = lab->obj_index[i].o;
			which[n] = lab->obj_index[i].which;
		}
		n++;
	}
	return n;
}

static void
holder_index_build(struct lab *lab)
{
	const struct fd_table	*t;
	struct actor		*a;
	size_t			 i, j, n = 0;

	/* Every change to a table, and every end of a process, bumps the
	 * version; the tables of actors still starting are read again each
	 * generation, which bumps it too. */
	if (lab->holder_index != NULL && lab->holder_index_version == lab->fds_version &&
	    lab->holder_index_gen == lab->gen && lab->holder_index_staled == lab->fds_staled)
		return;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life == ACTOR_ALIVE &&
		    (!a->fds_valid || (!a->ready && a->fds_gen != lab->gen)))
			(void)actor_fds(a);
	}
	lab->holder_index_gen = lab->gen;
	lab->holder_index_staled = lab->fds_staled;
	if (lab->holder_index != NULL && lab->holder_index_version == lab->fds_version)
		return;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life == ACTOR_ALIVE)
			n += actor_fds(a)->n;
	}
	free(lab->holder_index);
	lab->holder_index_cap = n + 1;
	lab->holder_index = xcalloc(lab->holder_index_cap, sizeof *lab->holder_index);
	n = 0;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->is_thread || a->life != ACTOR_ALIVE)
			continue;
		t = actor_fds(a);
		for (j = 0; j < t->n; j++)
			lab->holder_index[n++] = (struct holder_ref){ t->v[j].id, a, i, t->v[j].fd,
			    t->v[j].access };
	}
	if (n > 1)
		qsort(lab->holder_index, n, sizeof *lab->holder_index, holder_ref_cmp);
	lab->nholder_index = n;
	lab->holder_index_version = lab->fds_version;
	lab->holder_index_gen = lab->gen;
}

uint64_t
lab_fds_version_now(struct lab *lab)
{
	holder_index_build(lab);
	return lab->fds_version;
}

/* Whether the holder index says what every live table says now. */
static bool
holder_index_current(const struct lab *lab)
{
	return lab->holder_index != NULL && lab->holder_index_version == lab->fds_version;
}

/* An actor's place in the lab's list. */
static size_t
actor_place(const struct actor *a)
{
	struct lab	*lab = a->lab;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		if (lab->actors[i] == a)
			return i;
	}
	fatal("actor %s is not in the lab's list", a->name);
}

static struct holder_ref
holder_ref_of(struct actor *p, size_t place, const struct fd_entry *fe)
{
	return (struct holder_ref){ fe->id, p, place, fe->fd, fe->access };
}

struct object *
lab_object_by_fd(struct lab *lab, struct actor *a, int fd)
{
	const struct fd_entry	*fe;

	fe = fd_table_find(actor_fds(a), fd);
	if (fe == NULL)
		return NULL;
	return lab_object_by_id(lab, &fe->id, NULL);
}

/* Which of an object's identities id is, or -1. */
static int
object_id_which(const struct object *o, const struct fd_id *id)
{
	int	 i;

	if (!o->mech->fd_backed)
		return -1;
	for (i = 0; i < o->nids; i++) {
		if (fd_id_eq(&o->ids[i], id))
			return i;
	}
	return -1;
}

int
object_fd_which(const struct object *o, const struct fd_entry *fe)
{
	return object_id_which(o, &fe->id);
}

bool
object_fd_is_end(const struct object *o, const struct fd_entry *fe, const struct object_end *e)
{
	return object_fd_which(o, fe) == e->which && (e->access == -1 || fe->access == e->access);
}

void
object_forget_reused(struct object *o)
{
	struct object	**same;
	size_t		  i, n;
	int		  k;

	/* By the object index: a search, not a look at every object. */
	for (k = 0; k < o->nids; k++) {
		n = lab_objects_by_id(o->lab, &o->ids[k], NULL, 0);
		same = xcalloc(n + 1, sizeof *same);
		n = lab_objects_by_id(o->lab, &o->ids[k], same, n);
		for (i = 0; i < n; i++) {
			if (same[i] != o && same[i]->unlinked) {
				same[i]->nids = 0;
				o->lab->ids_version++;
			}
		}
		free(same);
	}
}

bool
object_set_id(struct object *o, int which, struct actor *a, int fd)
{
	/* Apart from the ids mechanisms read in fdinfo (fd_identify). */
	static int64_t		 next_xid = ANCHOR_XID_BASE;
	const struct fd_entry	*fe;
	struct fd_id		 id, own;

	/* The call that made fd named it in its reply, so its table has
	 * it already (or the whole table is read again now). */
	fe = fd_table_find(actor_fds(a), fd);
	if (fe == NULL)
		return false;
	id = fe->id;
	if (o->mech->shared_inode && anchor_place(o) == o->lab->nanchors) {
		/* An id of the lab's own, which kcmp gives its descriptors. */
		own = (struct fd_id){ id.dev, id.ino, next_xid };
		if (!anchor_add(o, a, fd, &own)) {
			object_put_id(o, which, &id);
			return false;
		}
		next_xid++;
		object_put_id(o, which, &own);
		actor_fds_reread(a->proc, &fd, 1);
	} else
		object_put_id(o, which, &id);
	object_forget_reused(o);
	return true;
}

struct object *
lab_object_observed(struct lab *lab, const char *name, const struct mechanism *mech,
    const struct fd_id *ids, int nids, struct actor *holder, int fd)
{
	struct object	*o;
	int		 k;

	o = object_alloc(lab, name, mech, NULL);
	o->observed = true;
	/* Many come at once (a machine's queues): the lists and the
	 * object index are built again once, at their next use, rather
	 * than each kept in step object by object; a few are put in. */
	if (lists_current(lab) && lab->lists->added < LISTS_IN_STEP) {
		lab->lists->added++;
		lists_insert(lab->lists, o);
	} else if (lab->lists != NULL)
		lab->lists->stale = true;
	if (mech->shared_inode && holder != NULL) {
		/* Told apart by the lab's duplicate of the file (kcmp). */
		if (!object_set_id(o, 0, holder, fd))
			o->nids = 0;
		return o;
	}
	for (k = 0; k < nids && k < 2; k++)
		o->ids[k] = ids[k];
	o->nids = nids;
	lab->ids_version++;
	return o;
}

void
object_drop_anchor(struct object *o)
{
	if (anchor_remove(o))
		lab_fds_changed(o->lab);
}

/* A descriptor of a file that shares one inode with others gets the id
 * of the object whose file it is, by kcmp against the lab's duplicate:
 * only the anchors of that inode are asked. */
static void
identify_shared(struct lab *lab, struct fd_entry *fe, pid_t pid)
{
	struct fd_id	 key = { fe->id.dev, fe->id.ino, ANCHOR_XID_BASE };
	struct anchor	*an;
	size_t		 i;

	if (lab->nanchors == 0 || fe->id.xid != -1)
		return;		/* none, or the kernel gave it an id */
	FD_ID_LOWER_BOUND(lab->anchors, lab->nanchors, &key, i);
	for (; i < lab->nanchors; i++) {
		an = &lab->anchors[i];
		if (an->id.dev != key.dev || an->id.ino != key.ino)
			break;
		if (sys_kcmp(lab->self, pid, KCMP_FILE, an->fd, fe->fd) == 0) {
			fe->id.xid = an->id.xid;
			return;
		}
	}
}

/* The fdinfo keys of every mechanism (fdinfo_keys), for the fd-table
 * reader, and the mechanism each is handed to. */
void
fdinfo_keys_init(struct lab *lab)
{
	const struct mechanism	*const *m;
	const char		*const *k;
	size_t			 n = 0;

	for (m = lab->verbs->mechanisms(); *m != NULL; m++) {
		for (k = (*m)->fdinfo_keys; k != NULL && *k != NULL; k++)
			n++;
	}
	lab->fdinfo_keys = xcalloc(n + 1, sizeof *lab->fdinfo_keys);
	lab->fdinfo_owners = xcalloc(n + 1, sizeof *lab->fdinfo_owners);
	n = 0;
	for (m = lab->verbs->mechanisms(); *m != NULL; m++) {
		for (k = (*m)->fdinfo_keys; k != NULL && *k != NULL; k++) {
			if ((*m)->handle_fdinfo == NULL)
				fatal("%s asks for fdinfo's %s, and has no handle_fdinfo", (*m)->name, *k);
			lab->fdinfo_keys[n] = *k;
			lab->fdinfo_owners[n++] = *m;
		}
	}
}

/* What tells a descriptor's file apart from others of its inode: a line
 * of its fdinfo that a mechanism asked for, which it claims
 * (handle_fdinfo), or else kcmp against the lab's anchors. */
static void
fd_identify(struct lab *lab, struct fd_entry *fe, pid_t pid)
{
	const struct mechanism	*m;

	if (fe->info_key >= 0) {
		m = lab->fdinfo_owners[fe->info_key];
		if (m->handle_fdinfo(fe, lab->fdinfo_keys[fe->info_key], fe->info_value) &&
		    fe->id.xid >= 0 && fe->id.xid < ANCHOR_XID_BASE)
			return;
		fe->id.xid = -1;	/* not an id: as if there were no such line */
	}
	identify_shared(lab, fe, pid);
}

static void
actor_fds_reread(struct actor *p, const int *fds, size_t n)
{
	struct lab		*lab = p->lab;
	struct holder_ref	 ref;
	struct fd_entry		*fe;
	size_t			 i, place = 0;
	bool			 indexed;

	if (n == 0)
		return;
	if (p->life != ACTOR_ALIVE || !p->ready || !p->fds_valid || !p->fds.ok) {
		actor_fds_stale(p);
		return;
	}
	indexed = holder_index_current(lab);
	if (indexed)
		place = actor_place(p);
	for (i = 0; indexed && i < n; i++) {
		if ((fe = (struct fd_entry *)fd_table_find(&p->fds, fds[i])) != NULL) {
			ref = holder_ref_of(p, place, fe);
			index_remove(lab->holder_index, &lab->nholder_index, sizeof ref, &ref,
			    holder_ref_cmp, "holder");
		}
	}
	if (!probe_fds_update(p->pid, &p->fds, lab->fdinfo_keys, fds, n)) {
		actor_fds_stale(p);	/* gone: the whole read says so */
		return;
	}
	for (i = 0; i < n; i++) {
		if ((fe = (struct fd_entry *)fd_table_find(&p->fds, fds[i])) == NULL)
			continue;
		fd_identify(lab, fe, p->pid);
		if (indexed) {
			ref = holder_ref_of(p, place, fe);
			index_insert((void **)&lab->holder_index, &lab->nholder_index,
			    &lab->holder_index_cap, sizeof ref, &ref, holder_ref_cmp);
		}
	}
	lab->fds_version++;
	if (indexed)
		lab->holder_index_version = lab->fds_version;
}

/* After a call that changed flags of open file descriptions (fcntl's
 * O_NONBLOCK), which every descriptor of the same file description
 * shows: its own descriptors and every holder's of the same files, in
 * any process, are read again. */
static void
actor_fds_reread_shared(struct actor *p, const int *fds, size_t n)
{
	struct lab		*lab = p->lab;
	const struct fd_entry	*fe;
	struct holder_ref	 key, *h = NULL;
	struct actor		*q;
	size_t			 i, j, k = 0, cap = 0, nmine;
	int			*mine;

	if (p->life != ACTOR_ALIVE || !p->ready || !p->fds_valid || !p->fds.ok) {
		lab_fds_changed(lab);
		return;
	}
	holder_index_build(lab);
	for (i = 0; i < n; i++) {
		if ((fe = fd_table_find(&p->fds, fds[i])) == NULL)
			continue;
		key = (struct holder_ref){ fe->id, NULL, 0, -1, 0 };
		j = index_place(lab->holder_index, lab->nholder_index, sizeof key, &key,
		    holder_ref_cmp);
		for (; j < lab->nholder_index && fd_id_eq(&lab->holder_index[j].id, &fe->id); j++) {
			if (k == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				h = xreallocarray(h, cap, sizeof *h);
			}
			h[k++] = lab->holder_index[j];
		}
	}
	mine = xcalloc(k + n + 1, sizeof *mine);
	for (i = 0; i < lab->nactors; i++) {
		q = lab->actors[i];
		nmine = 0;
		if (q == p) {
			for (j = 0; j < n; j++)
				mine[nmine++] = fds[j];
		}
		for (j = 0; j < k; j++) {
			if (h[j].a == q)
				mine[nmine++] = h[j].fd;
		}
		actor_fds_reread(q, mine, fds_unique(mine, nmine));
	}
	free(mine);
	free(h);
}

bool
lab_file_held(struct lab *lab, const struct fd_id *id)
{
	size_t	 i;

	holder_index_build(lab);
	FD_ID_LOWER_BOUND(lab->holder_index, lab->nholder_index, id, i);
	return i < lab->nholder_index && fd_id_eq(&lab->holder_index[i].id, id);
}

void
lab_fd_reread(struct actor *p, int fd)
{
	actor_fds_reread(p, &fd, 1);
}

const char *
access_word(int access)
{
	switch (access) {
	case O_RDONLY:
		return "read";
	case O_WRONLY:
		return "write";
	default:
		return "read-write";
	}
}

static bool
access_fits(int have, int want)
{
	if (want == -1 || have == want)
		return true;
	return have == O_RDWR;
}

bool
object_same_name(const struct object *a, const struct object *b)
{
	if (a->path != NULL)
		return b->path != NULL && strcmp(a->path, b->path) == 0;
	return b->path == NULL && a->mech == b->mech && a->mech->same_name != NULL &&
	    a->mech->same_name(a, b);
}

/* Whether object o had the name that object now has. */
static bool
object_had_name(const struct object *o, const struct object *now)
{
	return o != now && o->unlinked && object_same_name(o, now);
}

/* Why an actor's descriptor of an older object of this name does not
 * count: "; its 3 is q1-1, which had the name before", for each such
 * descriptor process p holds. */
static void
add_held_before(struct buf *b, struct object *o, struct actor *p)
{
	const struct fd_table	*t = actor_fds(p);
	struct object		*old;
	size_t			 i, j;

	for (i = 0; i < o->lab->nobjects; i++) {
		old = o->lab->objects[i];
		if (!object_had_name(old, o))
			continue;
		for (j = 0; j < t->n; j++) {
			if (object_fd_which(old, &t->v[j]) != -1)
				buf_printf(b, "; its %d is %s, which had the name before", t->v[j].fd,
				    old->name);
		}
	}
}

bool
lab_resolve_fd(struct call *c, const struct arg *arg, int want, int *fd, char **cause)
{
	const struct fd_table	*t;
	const struct fd_entry	*fe;
	const struct object_end	*e, *end = NULL;
	struct actor		*a = c->actor;
	struct holder_ref	*h;
	struct object		*o;
	struct buf		 b;
	const char		*dot;
	char			*name;
	size_t			 i, held;
	int			 which;

	if (arg->is_number) {
		*fd = (int)arg->num;
		if (*fd >= ACTOR_FD_BASE) {
			*cause = xasprintf("descriptor %d is the lab's own (descriptors from %d are its channels to the actor and its signal reports); the actor's start at 3",
			    *fd, ACTOR_FD_BASE);
			c->err_column = arg->column;
			return false;
		}
		c->obj = lab_object_by_fd(c->lab, a, *fd);
		t = actor_fds(a);
		fe = fd_table_find(t, *fd);
		if (fe == NULL && t->ok && c->fd_closed == -1)
			c->fd_closed = *fd;
		c->end_access = fe != NULL ? fe->access : -1;
		if (c->obj != NULL)
			c->end_which = fe != NULL ? object_fd_which(c->obj, fe) : 0;
		return true;
	}
	dot = strchr(arg->str, '.');
	name = dot != NULL ? xstrndup(arg->str, (size_t)(dot - arg->str)) : xstrdup(arg->str);
	c->err_column = arg->column;
	o = lab_object(c->lab, name);
	if (o == NULL) {
		if (lab_actor(c->lab, name) != NULL)
			*cause = xasprintf("%s is an actor, not a descriptor: name an object (p1) or a number",
			    name);
		else
			*cause = xasprintf("no object called %s (show lists them)", name);
		free(name);
		return false;
	}
	free(name);
	if (!o->mech->fd_backed) {
		*cause = xasprintf("%s is a %s, which is not used through a descriptor",
		    o->name, o->mech->name);
		return false;
	}
	if (dot != NULL) {
		for (e = o->mech->ends; e != NULL && e->suffix != NULL; e++) {
			if (strcmp(e->suffix, dot + 1) == 0)
				end = e;
		}
		if (end != NULL && end->which >= o->nids) {
			*cause = xasprintf("%s has no end '%s': it is a single %s", o->name,
			    dot + 1, o->mech->name);
			return false;
		}
		if (end == NULL) {
			buf_init(&b);
			buf_printf(&b, "%s has no end '%s'", o->name, dot + 1);
			for (e = o->mech->ends, i = 0; e != NULL && e->suffix != NULL; e++, i++)
				buf_printf(&b, "%s%s.%s (%s)", i == 0 ? "; its ends are " : ", ",
				    o->name, e->suffix, e->what);
			*cause = buf_take(&b);
			return false;
		}
	}
	/* The object's descriptors this actor holds, in descriptor order:
	 * the first that fits. */
	held = holders_of(o, a->proc, -1, -1, &h);
	for (i = 0; i < held; i++) {
		which = object_id_which(o, &h[i].id);
		if (end != NULL ? which == end->which && (end->access == -1 ||
		    h[i].access == end->access) : access_fits(h[i].access, want)) {
			*fd = h[i].fd;
			c->obj = o;
			c->end_access = h[i].access;
			c->end_which = which;
			free(h);
			return true;
		}
	}
	buf_init(&b);
	if (end != NULL)
		buf_printf(&b, "%s holds no %s of %s", a->proc->name, end->what, o->name);
	else if (want != -1)
		buf_printf(&b, "%s holds no %s descriptor for %s", a->proc->name,
		    access_word(want), o->name);
	else
		buf_printf(&b, "%s holds no descriptor for %s", a->proc->name, o->name);
	for (i = 0; i < held; i++)
		buf_printf(&b, "%s%d (%s)", i == 0 ? "; it holds " : ", ", h[i].fd,
		    access_word(h[i].access));
	if (held > 0)
		buf_adds(&b, "; name a descriptor or an end to use it anyway");
	else
		add_held_before(&b, o, a->proc);
	free(h);
	*cause = buf_take(&b);
	return false;
}

/* The descriptors of an object's identity which (-1: any) that fit
 * access, held by process p (NULL: any), in actor and descriptor order;
 * the caller frees *out. */
static size_t
holders_of(struct object *o, struct actor *p, int which, int access, struct holder_ref **out)
{
	struct lab		*lab = o->lab;
	struct holder_ref	*v, key;
	size_t			 i, n = 0, cap = 4;
	int			 k;

	holder_index_build(lab);
	v = xcalloc(cap, sizeof *v);
	for (k = 0; k < o->nids && o->mech->fd_backed; k++) {
		if (which != -1 && k != which)
			continue;
		key = (struct holder_ref){ o->ids[k], NULL, p != NULL ? actor_place(p) : 0, -1, 0 };
		i = index_place(lab->holder_index, lab->nholder_index, sizeof key, &key,
		    holder_ref_cmp);
		for (; i < lab->nholder_index && fd_id_cmp(&lab->holder_index[i].id, &o->ids[k]) == 0;
		    i++) {
			if (p != NULL && lab->holder_index[i].a != p)
				break;
			if (!access_fits(lab->holder_index[i].access, access))
				continue;
			if (n == cap) {
				cap *= 2;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[n++] = lab->holder_index[i];
		}
	}
	if (o->nids > 1 && which == -1)
		qsort(v, n, sizeof *v, holder_ref_cmp_order);
	*out = v;
	return n;
}

void
lab_id_holders(struct lab *lab, const struct fd_id *id, int access, bool *held)
{
	struct holder_ref	 key;
	size_t			 i;

	holder_index_build(lab);
	key = (struct holder_ref){ *id, NULL, 0, -1, 0 };
	i = index_place(lab->holder_index, lab->nholder_index, sizeof key, &key, holder_ref_cmp);
	for (; i < lab->nholder_index && fd_id_cmp(&lab->holder_index[i].id, id) == 0; i++) {
		if (access_fits(lab->holder_index[i].access, access))
			held[lab->holder_index[i].place] = true;
	}
}

bool
lab_id_still_since(struct lab *lab, const struct fd_id *id, int64_t ns)
{
	struct holder_ref	 key;
	size_t			 i, n = 0;

	holder_index_build(lab);
	key = (struct holder_ref){ *id, NULL, 0, -1, 0 };
	i = index_place(lab->holder_index, lab->nholder_index, sizeof key, &key, holder_ref_cmp);
	for (; i < lab->nholder_index && fd_id_cmp(&lab->holder_index[i].id, id) == 0; i++, n++) {
		if (!actor_read_holds(lab->holder_index[i].a, 1, ns))
			return false;
	}
	return n > 0;
}

bool
lab_object_observed_only(struct object *o)
{
	struct lab		*lab = o->lab;
	size_t			 i;
	int			 k;

	holder_index_build(lab);
	for (k = 0; k < o->nids && o->mech->fd_backed; k++) {
		FD_ID_LOWER_BOUND(lab->holder_index, lab->nholder_index, &o->ids[k], i);
		for (; i < lab->nholder_index && fd_id_cmp(&lab->holder_index[i].id, &o->ids[k]) == 0;
		    i++) {
			if (!lab->holder_index[i].a->observed)
				return false;
		}
	}
	return true;
}

bool
lab_object_still(struct object *o, int64_t since_ns)
{
	struct lab		*lab = o->lab;
	struct holder_ref	 key;
	struct actor		*a;
	size_t			 i;
	int			 k;

	if (!o->observed || !o->mech->fd_backed)
		return false;
	holder_index_build(lab);
	for (k = 0; k < o->nids; k++) {
		key = (struct holder_ref){ o->ids[k], NULL, 0, -1, 0 };
		i = index_place(lab->holder_index, lab->nholder_index, sizeof key, &key,
		    holder_ref_cmp);
		for (; i < lab->nholder_index && fd_id_cmp(&lab->holder_index[i].id, &o->ids[k]) == 0;
		    i++) {
			a = lab->holder_index[i].a;
			if (!a->observed || !a->still || a->quiet_since > since_ns)
				return false;
		}
	}
	return true;
}

bool
lab_find_holder(struct object *o, int which, int access, struct actor **holder, int *fd)
{
	struct lab		*lab = o->lab;
	struct holder_ref	*h, *best = NULL;
	size_t			 i;
	int			 k;

	holder_index_build(lab);
	for (k = 0; k < o->nids && o->mech->fd_backed; k++) {
		if (which != -1 && k != which)
			continue;
		FD_ID_LOWER_BOUND(lab->holder_index, lab->nholder_index, &o->ids[k], i);
		for (; i < lab->nholder_index && fd_id_cmp(&lab->holder_index[i].id, &o->ids[k]) == 0;
		    i++) {
			h = &lab->holder_index[i];
			if (h->a->pidfd == -1 || !access_fits(h->access, access))
				continue;
			/* Prefer an end that can be read: it can be peeked; then
			 * the first in actor and descriptor order. */
			if (best == NULL ||
			    (best->access == O_WRONLY && h->access != O_WRONLY) ||
			    ((best->access == O_WRONLY) == (h->access == O_WRONLY) &&
			    holder_ref_cmp_order(h, best) < 0))
				best = h;
		}
	}
	if (best != NULL) {
		*holder = best->a;
		*fd = best->fd;
	}
	return best != NULL;
}

size_t
lab_holders(struct object *o, struct lab_holder *out, size_t max)
{
	struct holder_ref	*v;
	size_t			 i, n;

	n = holders_of(o, NULL, -1, -1, &v);
	for (i = 0; i < n && i < max; i++)
		out[i] = (struct lab_holder){ v[i].a, v[i].fd };
	free(v);
	return n < max ? n : max;
}

size_t
lab_held_by(struct object *o, struct actor *a, int *fds, size_t max)
{
	struct holder_ref	*v;
	size_t			 i, n;

	n = holders_of(o, a->proc, -1, -1, &v);
	for (i = 0; i < n && i < max; i++)
		fds[i] = v[i].fd;
	free(v);
	return n;
}

/* The most holders of an observed object whose open file descriptions
 * are told apart (each pair is a kcmp). */
#define HOLDERS_OPEN_MAX	16

void
lab_describe_holders(struct object *o, struct desc *d, const char *name, int which, int access)
{
	struct holder_ref	*v;
	size_t			 i, n;

	int			 open[HOLDERS_OPEN_MAX], nopen = 0;
	size_t			 k;

	if (d == NULL)
		return;
	n = holders_of(o, NULL, which, access, &v);
	desc_list(d, name);
	for (i = 0; i < n; i++) {
		desc_group(d, NULL);
		desc_word(d, "actor", v[i].a->name);
		desc_int(d, "fd", v[i].fd);
		/* What observed processes hold: which open file description
		 * each descriptor is, numbered within the object (kcmp), so
		 * that those inherited or dup'd, which share an offset,
		 * O_NONBLOCK and flock and OFD locks, show one number, and two
		 * opens of one file two. */
		if (o->observed && n <= HOLDERS_OPEN_MAX) {
			for (k = 0; k < i; k++) {
				if (fd_id_eq(&v[k].id, &v[i].id) && sys_kcmp(v[k].a->pid, v[i].a->pid,
				    KCMP_FILE, (unsigned long)v[k].fd, (unsigned long)v[i].fd) == 0)
					break;
			}
			open[i] = k < i ? open[k] : ++nopen;
			desc_int(d, "open_file", open[i]);
		}
		desc_close(d);
	}
	desc_close(d);
	free(v);
}

void
lab_object_free(struct object *o)
{
	if (o->mech->release != NULL)
		o->mech->release(o);
	if (o->mech->shared_inode)
		anchor_remove(o);
	LAB_MODULES_CALL(o->lab, object_free, o);
	free(o->name);
	free(o->path);
	free(o);
}
