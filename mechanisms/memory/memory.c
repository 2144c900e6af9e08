/* memory.c: mappings, the memory behind objects, and addresses back to
 * objects (memory.h): what the memory mechanisms share, kept as the
 * lab's module for memory. */
#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "desc.h"
#include "lab.h"
#include "mechanism.h"
#include "memory.h"
#include "module.h"

#define MEM_VIEW_MAX	256	/* bytes of a region shown */

/* The bytes of an object last shown, to mark what changed. */
struct mem_view {
	struct object	*obj;
	uint64_t	 tick;
	size_t		 prevlen, curlen;
	bool		 have_prev;
	unsigned char	 prev[MEM_VIEW_MAX];
	unsigned char	 cur[MEM_VIEW_MAX];
};

/* The map index: every file-backed or shared mapping of every live actor
 * process, sorted by identity, then by actor order. */
struct map_ref {
	struct fd_id		 id;
	struct actor		*proc;
	const struct map_entry	*e;
	size_t			 order;
};

/* The module's state: the map index, and the objects' views. */
struct memory {
	struct map_ref		*index;
	size_t			 nindex;
	uint64_t		 maps_version;	/* bumped when a process's mappings are read again */
	uint64_t		 index_version;
	struct mem_view		**views;
	size_t			 nviews;
	/* The names of /dev/shm's files observed processes map, by inode
	 * (mem_observed_shm), as last listed. */
	struct shm_name		*shm_names;
	size_t			 nshm_names;
};

struct shm_name {
	ino_t		 ino;
	char		*name;
};

/* ...and an actor process's: its mappings. */
struct memory_proc {
	struct map_table	 maps;		/* valid while valid */
	bool			 valid;
	bool			 valid_once;	/* maps was read at least once */
	uint64_t		 gen;		/* read in this generation (while starting) */
};

static struct memory *
memory_of(struct lab *lab)
{
	return lab_module_state(lab, &memory_module);
}

/* Whether two readings of a process's mappings are the same. */
static bool
map_table_same(const struct map_table *a, const struct map_table *b)
{
	const struct map_entry	*x, *y;
	size_t			 i;

	if (a->ok != b->ok || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		y = &b->v[i];
		if (x->start != y->start || x->end != y->end || x->offset != y->offset ||
		    !fd_id_eq(&x->id, &y->id) || x->read != y->read || x->write != y->write ||
		    x->exec != y->exec || x->shared != y->shared || x->sysv != y->sysv)
			return false;
	}
	return true;
}

const struct map_table *
actor_maps(struct actor *a)
{
	struct actor		*p = a->proc;
	struct memory_proc	*mp = actor_module_state(p, &memory_module);

	if (!mp->valid || (!p->ready && mp->gen != p->lab->gen)) {
		struct map_table	 t;

		memset(&t, 0, sizeof t);
		if (p->life == ACTOR_ALIVE)
			maps_read(p->pid, &t);
		/* An observed process that ran mostly maps what it mapped:
		 * what is built of the mappings then stands. */
		if (p->observed && mp->valid_once && map_table_same(&t, &mp->maps))
			map_table_clear(&t);
		else {
			memory_of(p->lab)->maps_version++;
			map_table_clear(&mp->maps);
			mp->maps = t;
		}
		mp->valid = true;
		mp->valid_once = true;
		mp->gen = p->lab->gen;
	}
	return &mp->maps;
}

static int
map_ref_cmp(const void *a, const void *b)
{
	const struct map_ref	*x = a, *y = b;
	int			 c = fd_id_cmp(&x->id, &y->id);

	return c != 0 ? c : (x->order > y->order) - (x->order < y->order);
}

/* The index, built again if a process's mappings were read again. */
static struct memory *
map_index_build(struct lab *lab)
{
	struct memory		*mem = memory_of(lab);
	const struct map_table	*t;
	struct actor		*a;
	size_t			 i, j, n = 0, order = 0;
	struct map_ref		*v;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life == ACTOR_ALIVE)
			(void)actor_maps(a);
	}
	if (mem->index != NULL && mem->index_version == mem->maps_version)
		return mem;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life == ACTOR_ALIVE)
			n += actor_maps(a)->n;
	}
	v = xcalloc(n + 1, sizeof *v);
	n = 0;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->is_thread || a->life != ACTOR_ALIVE)
			continue;
		t = actor_maps(a);
		for (j = 0; j < t->n; j++)
			v[n++] = (struct map_ref){ t->v[j].id, a, &t->v[j], order++ };
	}
	if (n > 1)
		qsort(v, n, sizeof *v, map_ref_cmp);
	free(mem->index);
	mem->index = v;
	mem->nindex = n;
	mem->index_version = mem->maps_version;
	return mem;
}

static void
map_index_free(struct memory *mem)
{
	free(mem->index);
	mem->index = NULL;
	mem->nindex = 0;
}

bool
mem_identify(struct object *o, struct actor *a, unsigned long addr)
{
	const struct map_table	*t = actor_maps(a);
	size_t			 i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].start == addr) {
			o->ids[0] = t->v[i].id;
			o->nids = 1;
			o->lab->ids_version++;
			object_forget_reused(o);
			return true;
		}
	}
	return false;
}

struct object *
mem_base(struct object *o, int64_t *off)
{
	struct object	*in;
	int64_t		 k;

	*off = 0;
	while ((in = object_inside(o, &k)) != NULL) {
		*off += k;
		o = in;
	}
	return o;
}

size_t
mem_mappings(struct object *o, struct mem_mapping *out, size_t max)
{
	struct memory	*mem;
	size_t		 lo, n = 0;

	if (o->nids == 0)
		return 0;
	mem = map_index_build(o->lab);
	FD_ID_LOWER_BOUND(mem->index, mem->nindex, &o->ids[0], lo);
	for (; lo < mem->nindex && fd_id_cmp(&mem->index[lo].id, &o->ids[0]) == 0; lo++) {
		if (n < max)
			out[n] = (struct mem_mapping){ mem->index[lo].proc, mem->index[lo].e };
		n++;
	}
	return n;
}

const struct map_entry *
mem_mapping_in(struct actor *proc, struct object *o, int64_t off)
{
	const struct map_table	*t = actor_maps(proc);
	const struct map_entry	*e;
	size_t			 i;

	if (o->nids == 0)
		return NULL;
	for (i = 0; i < t->n; i++) {
		e = &t->v[i];
		if (fd_id_cmp(&e->id, &o->ids[0]) == 0 && off >= (int64_t)e->offset &&
		    off < (int64_t)(e->offset + (e->end - e->start)))
			return e;
	}
	return NULL;
}

struct object *
mem_object_at(struct actor *proc, unsigned long addr, int64_t *off)
{
	const struct map_entry	*e = map_table_find(actor_maps(proc), addr);
	struct object		*o, *base, *best = NULL;
	struct lab		*lab = proc->lab;
	int64_t			 where, boff;
	size_t			 i;

	if (e == NULL)
		return NULL;
	where = (int64_t)(addr - e->start + e->offset);
	base = lab_object_by_id(lab, &e->id, NULL);
	if (base == NULL || base->mech->mem_size == NULL)
		return NULL;
	/* A synchronisation object placed there, the innermost one. */
	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		if (o->mech->sync_size == 0 || object_inside(o, NULL) == NULL ||
		    mem_base(o, &boff) != base)
			continue;
		if (where >= boff && where < boff + (int64_t)o->mech->sync_size) {
			best = o;
			*off = where - boff;
		}
	}
	if (best != NULL)
		return best;
	*off = where;
	return base;
}

ssize_t
mem_read(struct object *o, int64_t off, void *p, size_t len)
{
	struct mem_mapping	 m[16];
	struct actor		*holder;
	const struct map_entry	*e;
	size_t			 n, i, avail;
	ssize_t			 r;
	int			 fd, dup;

	n = mem_mappings(o, m, 16);
	for (i = 0; i < n && i < 16; i++) {
		e = m[i].e;
		/* A private copy may have diverged: the shared memory is the
		 * object's. */
		if (!e->shared || !e->read || off < (int64_t)e->offset ||
		    off >= (int64_t)(e->offset + (e->end - e->start)))
			continue;
		avail = (size_t)((int64_t)(e->offset + (e->end - e->start)) - off);
		if (len > avail)
			len = avail;
		if (maps_read_mem(m[i].proc->pid, e->start + (unsigned long)(off - (int64_t)e->offset), p, len))
			return (ssize_t)len;
	}
	/* Nobody maps it: through a descriptor, if anybody has one. */
	if (!o->mech->fd_backed || !lab_find_holder(o, 0, -1, &holder, &fd))
		return -1;
	if ((dup = sys_pidfd_getfd(holder->proc->pidfd, fd, 0)) == -1)
		return -1;
	r = pread(dup, p, len, off);
	close(dup);
	return r;
}

/* Why process p has not mapped base, and the way it can, if there is
 * one: its mechanism knows. */
static char *
not_mapped(struct actor *p, struct object *base)
{
	if (base->mech->not_mapped != NULL)
		return base->mech->not_mapped(base, p);
	return xasprintf("%s has not mapped %s", p->name, base->name);
}

bool
mem_locate(struct call *c, struct object *o, int64_t off, int64_t len, bool write,
    uint64_t *addr, char **cause)
{
	struct object		*base;
	const struct map_entry	*e;
	int64_t			 boff, size, mlen;

	base = mem_base(o, &boff);
	off += boff;
	if (off < 0 || len < 0) {
		*cause = xstrdup("an offset is 0 or more");
		return false;
	}
	size = base->mech->mem_size != NULL ? base->mech->mem_size(base) : -1;
	if (size >= 0 && off + len > size) {
		if (base == o)
			*cause = xasprintf("bytes %lld to %lld are past the end of %s (%lld bytes)%s",
			    (long long)off, (long long)(off + len - 1), o->name, (long long)size,
			    base->path != NULL ? ": a store there would raise SIGBUS (ftruncate grows it)" : "");
		else
			*cause = xasprintf("%s lies at offset %lld of %s, past its end (%lld bytes)",
			    o->name, (long long)boff, base->name, (long long)size);
		return false;
	}
	e = mem_mapping_in(c->actor->proc, base, off);
	if (e == NULL) {
		if (mem_mapping_in(c->actor->proc, base, 0) != NULL)
			*cause = xasprintf("offset %lld of %s is past the part %s has mapped",
			    (long long)off, base->name, c->actor->proc->name);
		else
			*cause = not_mapped(c->actor->proc, base);
		return false;
	}
	mlen = (int64_t)(e->offset + (e->end - e->start)) - off;
	if (len > mlen) {
		*cause = xasprintf("bytes %lld to %lld of %s run past %s's mapping (which ends at %lld)",
		    (long long)off, (long long)(off + len - 1), base->name, c->actor->proc->name,
		    (long long)(e->offset + (e->end - e->start)));
		return false;
	}
	if (write && !e->write) {
		*cause = xasprintf("%s has %s mapped read-only: a store would be killed by SIGSEGV",
		    c->actor->proc->name, base->name);
		return false;
	}
	*addr = e->start + (uint64_t)(off - (int64_t)e->offset);
	return true;
}

void
mem_describe_mappings(struct object *o, struct desc *d, bool full)
{
	struct mem_mapping	 m[64];
	size_t			 n, i;
	long			 kb;

	if (d == NULL)
		return;
	n = mem_mappings(o, m, 64);
	desc_list(d, "mappings");
	for (i = 0; i < n && i < 64; i++) {
		desc_group(d, NULL);
		desc_word(d, "actor", m[i].proc->name);
		desc_text(d, "address", "0x%lx", m[i].e->start);
		desc_size(d, "length", (int64_t)(m[i].e->end - m[i].e->start));
		if (m[i].e->offset != 0)
			desc_int(d, "offset", (int64_t)m[i].e->offset);
		desc_word(d, "access", m[i].e->write ? "rw" : m[i].e->read ? "r" : "none");
		desc_word(d, "sharing", m[i].e->shared ? "shared" : "private");
		if (full && !m[i].e->shared && (kb = maps_copied_kb(m[i].proc->pid, m[i].e->start)) >= 0)
			desc_size(d, "copied", (int64_t)kb * 1024);
		desc_close(d);
	}
	desc_close(d);
}

void
mem_describe_links(struct object *o, struct desc *d)
{
	mem_describe_mappings(o, d, false);
}

/* "0-4,9": the offsets whose bytes differ. */
static void
add_changed(struct buf *b, const unsigned char *x, size_t xlen, const unsigned char *y, size_t ylen)
{
	size_t	 i, start = 0, len = xlen > ylen ? xlen : ylen;
	bool	 in = false, diff;

	for (i = 0; i <= len; i++) {
		diff = i < len && (i >= xlen || i >= ylen || x[i] != y[i]);
		if (diff && !in) {
			start = i;
			in = true;
		} else if (!diff && in) {
			if (b->len > 0)
				buf_addc(b, ',');
			buf_add_uint(b, start);
			if (i - 1 > start) {
				buf_addc(b, '-');
				buf_add_uint(b, i - 1);
			}
			in = false;
		}
	}
}

/* The object's view, made at its first look. */
static struct mem_view *
view_of(struct memory *mem, struct object *o)
{
	struct mem_view	*v;
	size_t		 i;

	for (i = 0; i < mem->nviews; i++) {
		if (mem->views[i]->obj == o)
			return mem->views[i];
	}
	v = xcalloc(1, sizeof *v);
	v->obj = o;
	mem->views = xreallocarray(mem->views, mem->nviews + 1, sizeof *mem->views);
	mem->views[mem->nviews++] = v;
	return v;
}

void
mem_describe_contents(struct object *o, struct desc *d, int64_t size)
{
	struct mem_view	*v;
	unsigned char	 now[MEM_VIEW_MAX], mask[MEM_VIEW_MAX];
	struct buf	 b;
	size_t		 len = MEM_VIEW_MAX, i;
	ssize_t		 n;

	if (d == NULL)
		return;
	if (size >= 0 && (int64_t)len > size)
		len = (size_t)size;
	n = len > 0 ? mem_read(o, 0, now, len) : 0;
	if (n < 0) {
		desc_word(d, "contents", "unseen: no actor maps it");
		return;
	}
	v = view_of(memory_of(o->lab), o);
	if (v->tick != o->lab->ticks) {
		/* A new tick: what was current is what changes count from. */
		if (v->tick != 0) {
			memcpy(v->prev, v->cur, v->curlen);
			v->prevlen = v->curlen;
			v->have_prev = true;
		}
		v->tick = o->lab->ticks;
	}
	memcpy(v->cur, now, (size_t)n);
	v->curlen = (size_t)n;
	if (!v->have_prev) {
		memcpy(v->prev, now, (size_t)n);
		v->prevlen = (size_t)n;
		v->have_prev = true;
	}
	for (i = 0; i < (size_t)n; i++)
		mask[i] = i >= v->prevlen || v->prev[i] != now[i];
	desc_bytes_mask(d, "contents", now, (size_t)n, mask);
	buf_init(&b);
	add_changed(&b, now, (size_t)n, v->prev, v->prevlen);
	desc_string(d, "changed", b.len > 0 ? b.data : "none");
	buf_free(&b);
}

int64_t
mem_file_size(struct object *o)
{
	struct mem_mapping	 m[1];
	struct actor		*holder;
	struct stat		 st;
	int			 fd, dup;

	if (!o->unlinked && o->path != NULL && stat(o->path, &st) == 0)
		return (int64_t)st.st_size;
	/* Unlinked, it lives on in whoever holds or maps it. */
	if (o->mech->fd_backed && lab_find_holder(o, 0, -1, &holder, &fd) &&
	    (dup = sys_pidfd_getfd(holder->proc->pidfd, fd, 0)) != -1) {
		if (fstat(dup, &st) == -1)
			st.st_size = -1;
		close(dup);
		return (int64_t)st.st_size;
	}
	if (mem_mappings(o, m, 1) == 0)
		return -1;
	return maps_file_size(m[0].proc->pid, m[0].e->start, m[0].e->end);
}

void
mem_describe_addresses(struct object *o, struct desc *d)
{
	struct mem_mapping	 m[64];
	size_t			 n, i;
	bool			 same = true;

	if (d == NULL || (n = mem_mappings(o, m, nitems(m))) < 2)
		return;
	if (n > nitems(m))
		n = nitems(m);
	for (i = 1; i < n; i++)
		same = same && m[i].e->start == m[0].e->start;
	if (same)
		desc_string(d, "addresses", "the same in each: every actor is a fork (of the lab "
		    "or of an actor) and began with its parent's layout (fork copies the address "
		    "space; ASLR places things anew only at exec), so the kernel found the same "
		    "free place in each");
	else
		desc_string(d, "addresses", "differ: the kernel chooses a free place among each "
		    "process's own mappings, and theirs differ");
}

void
mem_describe_file_size(struct desc *d, int64_t size)
{
	if (size >= 0)
		desc_size(d, "size", size);
	else
		desc_word(d, "size", "unknown: only a descriptor or CAP_CHECKPOINT_RESTORE "
		    "(to open /proc/PID/map_files) shows it");
}

bool
mem_file_gone(struct object *o)
{
	struct mem_mapping	 m[1];
	struct actor		*holder;
	struct stat		 st;
	int			 fd;

	if (!o->unlinked && o->path != NULL && stat(o->path, &st) == 0)
		return false;
	if (o->mech->fd_backed && lab_find_holder(o, 0, -1, &holder, &fd))
		return false;
	return mem_mappings(o, m, 1) == 0;
}


/* Synchronisation objects in memory. */

bool
mem_sync_locate(struct call *c, struct object *o, uint64_t *addr, char **cause)
{
	/* A named one is its own memory: the actor must have opened it. */
	if (object_inside(o, NULL) == NULL && mem_mapping_in(c->actor->proc, o, 0) == NULL) {
		*cause = xasprintf("%s has not opened %s (%s sem_open %s)", c->actor->proc->name,
		    o->name, c->actor->name, o->name);
		return false;
	}
	return mem_locate(c, o, 0, (int64_t)o->mech->sync_size, true, addr, cause);
}

struct object *
mem_sync_arg(struct call *c, const char *argname, const struct mechanism *m,
    const char *what, uint64_t *addr, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, argname);
	struct object		*o = lab_object(c->lab, a->str);

	c->err_column = a->column;
	if (o == NULL) {
		*cause = xasprintf("no %s called %s", what, a->str);
		return NULL;
	}
	if (o->mech != m) {
		*cause = xasprintf("%s is a %s, not a %s", o->name, o->mech->name, what);
		return NULL;
	}
	if (!mem_sync_locate(c, o, addr, cause))
		return NULL;
	c->err_column = 0;
	return o;
}

bool
mem_sync_prepare_op(struct call *c, const char *argname, const struct mechanism *m,
    const char *what, int op, int64_t timeout, char **cause)
{
	uint64_t		 addr;
	struct object		*o = mem_sync_arg(c, argname, m, what, &addr, cause);

	if (o == NULL)
		return false;
	c->obj = o;
	c->arg[0] = (int64_t)addr;
	c->arg[1] = op;
	c->arg[2] = timeout;
	return true;
}

bool
mem_sync_free(struct object *mem, int64_t off, int64_t len, char **cause)
{
	struct object	*s, *base;
	int64_t		 boff, soff;
	size_t		 i;

	base = mem_base(mem, &boff);
	off += boff;
	for (i = 0; i < mem->lab->nobjects; i++) {
		s = mem->lab->objects[i];
		if (s->mech->sync_size == 0 || object_inside(s, NULL) == NULL ||
		    mem_base(s, &soff) != base)
			continue;
		if (off < soff + (int64_t)s->mech->sync_size && soff < off + len) {
			*cause = xasprintf("bytes %lld to %lld of %s hold %s (a %s) already", (long long)soff,
			    (long long)(soff + (int64_t)s->mech->sync_size - 1), base->name, s->name,
			    s->mech->name);
			return false;
		}
	}
	return true;
}

bool
mem_sync_prepare_new(struct call *c, size_t size, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	const struct arg	*mem = cmd_arg(c->cmd, "MEM");
	const struct arg	*offset = cmd_arg(c->cmd, "OFFSET");
	struct object		*o, *base;
	uint64_t		 addr;
	int64_t			 boff;

	c->err_column = name->column;
	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	c->err_column = mem->column;
	if ((o = lab_object(c->lab, mem->str)) == NULL) {
		*cause = xasprintf("no memory called %s (A shmget, A shm_open or A mmap anon make some)",
		    mem->str);
		return false;
	}
	base = mem_base(o, &boff);
	if (object_inside(o, NULL) != NULL || base->mech->mem_size == NULL) {
		*cause = xasprintf("%s is a %s, not memory that can be mapped", o->name, o->mech->name);
		return false;
	}
	c->err_column = offset->column;
	if (offset->num % 8 != 0) {
		*cause = xasprintf("offset %lld is not a multiple of 8: the kernel's atomic words must be aligned",
		    (long long)offset->num);
		return false;
	}
	/* Two objects in the same bytes would corrupt each other. */
	if (!mem_sync_free(o, offset->num, (int64_t)size, cause))
		return false;
	if (!mem_locate(c, o, offset->num, (int64_t)size, true, &addr, cause))
		return false;
	c->err_column = 0;
	c->obj = o;
	c->newname = xstrdup(name->str);
	c->arg[0] = (int64_t)addr;
	c->arg[3] = offset->num;
	return true;
}

void
mem_sync_finish_new(struct call *c, const struct mechanism *m)
{
	struct sync_object	*so;

	if (c->ret != 0)
		return;
	if (m->inside != mem_sync_inside)
		fatal("%s: placed in memory, but its objects are no sync_object", m->name);
	so = OBJECT_OF(lab_object_new(c->lab, c->newname, m, c->actor->proc), struct sync_object);
	so->within = c->obj;
	so->offset = c->arg[3];
	c->obj = &so->base;
}

struct object *
mem_sync_inside(const struct object *o, int64_t *offset)
{
	const struct sync_object	*so = OBJECT_OF(o, struct sync_object);

	*offset = so->offset;
	return so->within;
}

size_t
mem_futex_waiters(struct object *o, struct mem_waiter *out, size_t max)
{
	struct lab		*lab = o->lab;
	const struct task_info	*ti;
	struct actor		*a;
	struct object		*at;
	int64_t			 off;
	size_t			 i, n = 0;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if ((ti = actor_sleeping_call(a)) == NULL || ti->nr != SYS_futex)
			continue;
		if ((at = mem_object_at(a->proc, ti->args[0], &off)) != o)
			continue;
		if (n < max)
			out[n] = (struct mem_waiter){ a, off };
		n++;
	}
	return n;
}

void
mem_describe_waiters(struct desc *d, const struct mem_waiter *w, size_t n, size_t max,
    const char *what)
{
	size_t	 i;

	desc_list(d, "waiters");
	for (i = 0; i < n && i < max; i++) {
		desc_group(d, NULL);
		desc_word(d, "actor", w[i].a->name);
		desc_word(d, "call", w[i].a->call != NULL ? w[i].a->call->verb->name : "futex");
		desc_string(d, "waits_for", what);
		desc_close(d);
	}
	desc_close(d);
}

/* The module: where the lab calls memory. */

static void
memory_process_stale(struct lab *lab, void *st, struct actor *p, void *proc_st)
{
	struct memory_proc	*mp = proc_st;

	mp->valid = false;
}

static void
memory_actor_free(struct lab *lab, void *st, struct actor *a, void *actor_st)
{
	struct memory		*mem = st;
	struct memory_proc	*mp = actor_st;

	map_table_clear(&mp->maps);
	mem->maps_version++;	/* the index points at it no more */
}

static void
memory_object_free(struct lab *lab, void *st, struct object *o)
{
	struct memory	*mem = st;
	size_t		 i;

	for (i = 0; i < mem->nviews; i++) {
		if (mem->views[i]->obj == o) {
			free(mem->views[i]);
			mem->views[i] = mem->views[--mem->nviews];
			break;
		}
	}
}

static const char *
memory_object_kept(struct lab *lab, void *st, struct object *o)
{
	struct mem_mapping	 m[1];

	if (o->mech->mem_size != NULL && mem_mappings(o, m, 1) > 0)
		return "an actor still maps it";
	return NULL;
}

static int
shm_name_cmp(const void *a, const void *b)
{
	const struct shm_name	*x = a, *y = b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

static int
ino_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* /dev/shm's files, by inode, as they are now. */
static void
shm_names_read(struct memory *mem)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dir;
	size_t		 i, cap = 0;

	for (i = 0; i < mem->nshm_names; i++)
		free(mem->shm_names[i].name);
	mem->nshm_names = 0;
	if ((dir = opendir("/dev/shm")) == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || fstatat(dirfd(dir), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(st.st_mode))
			continue;
		if (mem->nshm_names == cap) {
			cap = cap < 16 ? 16 : cap * 2;
			if (cap < mem->nshm_names + 1)
				cap = mem->nshm_names + 1;
			mem->shm_names = xreallocarray(mem->shm_names, cap, sizeof *mem->shm_names);
		}
		mem->shm_names[mem->nshm_names++] = (struct shm_name){ st.st_ino,
		    xstrdup(de->d_name) };
	}
	closedir(dir);
	if (mem->nshm_names > 1)
		qsort(mem->shm_names, mem->nshm_names, sizeof *mem->shm_names, shm_name_cmp);
}

ssize_t
mem_observed_shm(struct lab *lab, bool sems, uint64_t *stamp, int64_t **out)
{
	struct memory		*mem = memory_of(lab);
	const struct map_table	*t;
	const struct shm_name	*sn;
	struct shm_name		 key;
	struct object		*o;
	struct actor		*a;
	struct stat		 st;
	struct fd_id		 id;
	uint64_t		 now;
	size_t			 i, j, n = 0, cap = 0, k;

	*out = NULL;
	/* Those that ran are read again; the others' stand. */
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->observed && !a->is_thread && a->life == ACTOR_ALIVE)
			(void)actor_maps(a);
	}
	/* Mappings read again, or a process ended (its descriptors' version
	 * moves then too). */
	now = ((mem->maps_version << 32) ^ lab->fds_version) + 1;
	if (*stamp != 0 && *stamp == now)
		return -1;
	*stamp = now;
	if (stat("/dev/shm", &st) == -1)
		return 0;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->observed || a->is_thread || a->life != ACTOR_ALIVE)
			continue;
		t = actor_maps(a);
		for (j = 0; j < t->n; j++) {
			if (t->v[j].id.dev != st.st_dev || !t->v[j].shared)
				continue;
			if (n == cap) {
				cap = cap < 16 ? 16 : cap * 2;
				*out = xreallocarray(*out, cap, sizeof **out);
			}
			(*out)[n++] = (int64_t)t->v[j].id.ino;
		}
	}
	if (n == 0)
		return 0;
	qsort(*out, n, sizeof **out, ino_cmp);
	shm_names_read(mem);
	for (i = k = 0; i < n; i++) {
		if (k > 0 && (*out)[k - 1] == (*out)[i])
			continue;
		/* A POSIX object has a name there: a named semaphore's is
		 * sem.NAME. The lab's own are its objects already. */
		key.ino = (ino_t)(*out)[i];
		sn = mem->nshm_names == 0 ? NULL : bsearch(&key, mem->shm_names,
		    mem->nshm_names, sizeof *mem->shm_names, shm_name_cmp);
		if (sn == NULL || (strncmp(sn->name, "sem.", 4) == 0) != sems)
			continue;
		id = (struct fd_id){ st.st_dev, key.ino, -1 };
		if ((o = lab_object_by_id(lab, &id, NULL)) != NULL && !o->observed)
			continue;
		(*out)[k++] = (*out)[i];
	}
	return (ssize_t)k;
}

bool
mem_observed_shm_init(struct object *o, int64_t ino)
{
	struct memory		*mem = memory_of(o->lab);
	const struct shm_name	*sn;
	struct shm_name		 key = { (ino_t)ino, NULL };
	struct stat		 st;

	if (stat("/dev/shm", &st) == -1)
		return false;
	o->ids[0] = (struct fd_id){ st.st_dev, (ino_t)ino, -1 };
	o->nids = 1;
	o->lab->ids_version++;
	sn = mem->nshm_names == 0 ? NULL : bsearch(&key, mem->shm_names, mem->nshm_names,
	    sizeof *mem->shm_names, shm_name_cmp);
	o->path = xasprintf("/dev/shm/%s", sn != NULL ? sn->name : "?");
	return sn != NULL;
}

static void
memory_cleanup(struct lab *lab, void *st)
{
	struct memory	*mem = st;
	size_t		 i;

	map_index_free(mem);
	for (i = 0; i < mem->nviews; i++)
		free(mem->views[i]);
	free(mem->views);
	mem->views = NULL;
	mem->nviews = 0;
	for (i = 0; i < mem->nshm_names; i++)
		free(mem->shm_names[i].name);
	free(mem->shm_names);
	mem->shm_names = NULL;
	mem->nshm_names = 0;
}

static void
memory_reset(struct lab *lab, void *st)
{
	struct memory	*mem = st;

	memory_cleanup(lab, mem);
	mem->maps_version++;
}

const struct lab_module memory_module = {
	.name = "memory",
	.lab_state = sizeof(struct memory),
	.actor_state = sizeof(struct memory_proc),
	.cleanup = memory_cleanup,
	.reset = memory_reset,
	.process_stale = memory_process_stale,
	.actor_free = memory_actor_free,
	.object_free = memory_object_free,
	.object_kept = memory_object_kept,
};
