/* locks.c: file locks, waiters and deadlocks (locks.h): the file
 * mechanisms' own, kept as the lab's module for file locks. */
#include "config.h"

#include <sys/sysmacros.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "flocks.h"
#include "lab.h"
#include "locks.h"
#include "mechanism.h"
#include "module.h"

/* The module's state: the locks and waits of the lab's files. */
struct lock_state {
	uint64_t		 gen;
	bool			 valid;
	struct file_lock	*locks;
	size_t			 nlocks;
	struct lock_wait	*waits;
	size_t			 nwaits;
	char			*reported;	/* the cycle last reported */
	/* What the locks were last read from: while /proc/locks lists the
	 * same and no descriptor table or object changed, the locks and
	 * their owners (whose OFD and flock ones cost a read of every
	 * holder's fdinfo) are still what they were. */
	struct lock_table	 table;
	uint64_t		 fds_version;
	uint64_t		 ids_version;
	size_t			 nactors;
	/* The files /proc/locks has locks of, sorted, for observed
	 * processes' files (locks_file_locked): read once a tick (ticks +
	 * 1 in locked_tick) at most, at locked_ns, from the table
	 * locks_refresh read in it if it did, and not by a whole refresh. */
	struct fd_id		*locked;
	size_t			 nlocked;
	uint64_t		 locked_tick;
	int64_t			 locked_ns;
	bool			 locked_of_table;	/* built from table */
};

const char *
lock_kind_name(enum lock_kind k)
{
	switch (k) {
	case LK_POSIX:
		return "posix";
	case LK_OFD:
		return "ofd";
	case LK_FLOCK:
		return "flock";
	case LK_LEASE:
		return "lease";
	case LK_DELEG:
		return "delegation";
	}
	return "?";
}

static struct lock_state *
locks_of(struct lab *lab)
{
	return lab_module_state(lab, &locks_module);
}

/* Empty the state, as a new lab has it. */
static void
locks_clear(struct lock_state *st)
{
	free(st->locks);
	free(st->waits);
	free(st->reported);
	free(st->locked);
	lock_table_clear(&st->table);
	memset(st, 0, sizeof *st);
}

static struct object *
file_by_dev(struct lab *lab, unsigned int major, unsigned int minor, unsigned long ino)
{
	struct fd_id	 id = { makedev(major, minor), (ino_t)ino, -1 };

	return lab_object_by_id(lab, &id, NULL);
}

/* The owners of OFD locks and flocks: the descriptors whose fdinfo lists them. */
static void
find_owners(struct lab *lab, struct lock_state *st, struct object *file)
{
	struct lab_holder	 h[32];
	struct lock_table	 t = { 0 };
	const struct proc_lock	*pl;
	size_t			 n, i, j, k;

	n = lab_holders(file, h, 32);
	for (i = 0; i < n; i++) {
		if (!flocks_read_fd(h[i].a->pid, h[i].fd, &t))
			continue;
		for (k = 0; k < t.n; k++) {
			pl = &t.v[k];
			if (pl->waiter || (pl->kind != LK_OFD && pl->kind != LK_FLOCK))
				continue;
			for (j = 0; j < st->nlocks; j++) {
				struct file_lock	*l = &st->locks[j];

				if (l->file == file && l->kind == pl->kind && l->owner == NULL &&
				    l->write == (pl->type == LT_WRITE) &&
				    l->start == pl->start && l->end == pl->end) {
					l->owner = h[i].a;
					l->owner_fd = h[i].fd;
					break;
				}
			}
		}
	}
	lock_table_clear(&t);
}

/* What a blocked actor waits for, from the call it sleeps in. */
static void
read_wait(struct lab *lab, struct lock_state *st, struct actor *a)
{
	const struct task_info	*ti;
	struct lock_request	 r;
	struct lock_wait	 w;
	struct object		*o;

	if ((ti = actor_sleeping_call(a)) == NULL || !flocks_request(a->proc->pid, ti, &r))
		return;
	if ((o = lab_object_by_fd(lab, a, r.fd)) == NULL)
		return;
	memset(&w, 0, sizeof w);
	w.thread = a;
	w.fd = r.fd;
	w.kind = r.kind;
	w.write = r.type == LT_WRITE;
	w.start = r.start;
	w.end = r.end;
	w.file = o;
	st->waits = xreallocarray(st->waits, st->nwaits + 1, sizeof *st->waits);
	st->waits[st->nwaits++] = w;
}

static bool
overlaps(long long s1, long long e1, long long s2, long long e2)
{
	return (e1 == -1 || s2 <= e1) && (e2 == -1 || s1 <= e2);
}

static bool
conflicts(const struct lock_wait *w, const struct file_lock *l)
{
	if (l->file != w->file || (!w->write && !l->write))
		return false;
	if ((w->kind == LK_FLOCK) != (l->kind == LK_FLOCK))
		return false;	/* flock and fcntl locks do not meet */
	if (!overlaps(w->start, w->end, l->start, l->end))
		return false;
	/* One's own lock does not stand in one's way. */
	if (w->kind == LK_POSIX && l->kind == LK_POSIX)
		return l->pid != w->thread->pid;
	if (w->kind != LK_POSIX && l->kind == w->kind)
		return l->owner != w->thread->proc || l->owner_fd != w->fd;
	return true;
}

/* The wait the process is in, if any. */
static struct lock_wait *
wait_of(struct lock_state *st, struct actor *proc)
{
	size_t	 i;

	for (i = 0; i < st->nwaits; i++) {
		if (st->waits[i].thread->proc == proc)
			return &st->waits[i];
	}
	return NULL;
}

static void
find_cycles(struct lock_state *st)
{
	struct lock_wait	*w, *cur;
	size_t			 i, steps;

	for (i = 0; i < st->nwaits; i++) {
		w = &st->waits[i];
		cur = w;
		for (steps = 0; steps <= st->nwaits && cur != NULL && cur->blocker != NULL; steps++) {
			if (cur->blocker == w->thread->proc) {
				w->in_cycle = true;
				break;
			}
			cur = wait_of(st, cur->blocker);
		}
	}
}

static int
locked_cmp(const void *a, const void *b)
{
	return fd_id_cmp(a, b);
}

/* The files t has locks of, for locks_file_locked in this tick. */
static void
locked_build(struct lab *lab, struct lock_state *st, const struct lock_table *t)
{
	size_t	 i, n;

	free(st->locked);
	st->locked = xcalloc(t->n + 1, sizeof *st->locked);
	for (i = n = 0; i < t->n; i++) {
		if (!t->v[i].waiter)
			st->locked[n++] = (struct fd_id){ makedev(t->v[i].major, t->v[i].minor),
			    (ino_t)t->v[i].ino, -1 };
	}
	qsort(st->locked, n, sizeof *st->locked, locked_cmp);
	st->nlocked = n;
	st->locked_tick = lab->ticks + 1;
	st->locked_ns = now_ns();
}

void
locks_refresh(struct lab *lab)
{
	struct lock_state	*st = locks_of(lab);
	struct lock_table	 t = { 0 };
	const struct proc_lock	*pl;
	struct file_lock	 l;
	struct object		*o;
	size_t			 i, j;

	if (st->valid && st->gen == lab->gen)
		return;
	st->valid = true;
	st->gen = lab->gen;
	st->nwaits = 0;
	if (!flocks_read(&t))
		lock_table_clear(&t);
	if (lock_table_eq(&t, &st->table) && st->fds_version == lab->fds_version &&
	    st->ids_version == lab->ids_version && st->nactors == lab->nactors) {
		/* Nothing moved: only a POSIX owner may have been reaped.
		 * The files locked are those of the table kept, when it is
		 * what locked was built from. */
		if (st->locked_of_table) {
			st->locked_tick = lab->ticks + 1;
			st->locked_ns = now_ns();
		}
		for (i = 0; i < st->nlocks; i++) {
			if (st->locks[i].kind == LK_POSIX && st->locks[i].owner != NULL &&
			    st->locks[i].owner->life == ACTOR_REAPED)
				st->locks[i].owner = NULL;
		}
		lock_table_clear(&t);
		goto waits;
	}
	st->nlocks = 0;
	for (i = 0; i < t.n; i++) {
		pl = &t.v[i];
		if (pl->waiter || (pl->kind != LK_POSIX && pl->kind != LK_OFD && pl->kind != LK_FLOCK))
			continue;
		if ((o = file_by_dev(lab, pl->major, pl->minor, pl->ino)) == NULL)
			continue;
		memset(&l, 0, sizeof l);
		l.file = o;
		l.kind = pl->kind;
		l.write = pl->type == LT_WRITE;
		l.start = pl->start;
		l.end = pl->end;
		l.pid = pl->pid;
		l.owner_fd = -1;
		if (l.kind == LK_POSIX) {
			l.owner = lab_actor_by_pid(lab, pl->pid);
			if (l.owner != NULL && l.owner->life == ACTOR_REAPED)
				l.owner = NULL;
		}
		st->locks = xreallocarray(st->locks, st->nlocks + 1, sizeof *st->locks);
		st->locks[st->nlocks++] = l;
	}
	/* One look at a file's holders settles all its OFD locks and flocks
	 * that belong to the lab. */
	for (i = 0; i < st->nlocks; i++) {
		if (st->locks[i].kind != LK_POSIX && st->locks[i].owner == NULL)
			find_owners(lab, st, st->locks[i].file);
	}
	lock_table_clear(&st->table);
	st->table = t;
	locked_build(lab, st, &st->table);
	st->locked_of_table = true;
	st->fds_version = lab->fds_version;
	st->ids_version = lab->ids_version;
	st->nactors = lab->nactors;
waits:
	for (i = 0; i < lab->nactors; i++)
		read_wait(lab, st, lab->actors[i]);
	for (i = 0; i < st->nwaits; i++) {
		for (j = 0; j < st->nlocks; j++) {
			if (conflicts(&st->waits[i], &st->locks[j])) {
				st->waits[i].blocker = st->locks[j].owner;
				break;
			}
		}
	}
	find_cycles(st);
}


bool
locks_file_locked(struct lab *lab, const struct fd_id *id, int64_t age_ns)
{
	struct lock_state	*st;
	struct fd_id		 key = { id->dev, id->ino, -1 };

	st = locks_of(lab);
	if (st->locked_tick != lab->ticks + 1 &&
	    (st->locked_tick == 0 || now_ns() - st->locked_ns > age_ns)) {
		struct lock_table	 t = { 0 };

		if (flocks_read(&t))
			locked_build(lab, st, &t);
		st->locked_of_table = false;
		lock_table_clear(&t);
	}
	return st->nlocked > 0 && bsearch(&key, st->locked, st->nlocked, sizeof *st->locked,
	    locked_cmp) != NULL;
}

void
locks_count(struct object *o, int *held, int *waiting)
{
	struct lock_state	*st;
	size_t			 i;

	locks_refresh(o->lab);
	st = locks_of(o->lab);
	*held = *waiting = 0;
	for (i = 0; i < st->nlocks; i++)
		*held += st->locks[i].file == o;
	for (i = 0; i < st->nwaits; i++)
		*waiting += st->waits[i].file == o;
}

static void
add_range(struct buf *b, long long start, long long end)
{
	if (end == -1)
		buf_printf(b, "%lld-EOF", start);
	else
		buf_printf(b, "%lld-%lld", start, end);
}

static void
add_who(struct buf *b, const struct file_lock *l)
{
	if (l->owner != NULL)
		buf_adds(b, l->owner->name);
	else
		buf_printf(b, "pid %d", (int)l->pid);
}

static void
add_cycle(struct buf *b, struct lock_state *st, struct lock_wait *w)
{
	struct lock_wait	*cur = w;
	size_t			 steps;

	for (steps = 0; steps <= st->nwaits && cur != NULL; steps++) {
		if (b->len > 0)
			buf_adds(b, ", ");
		buf_printf(b, "%s waits for %s (%s %s %s ", cur->thread->name,
		    cur->blocker->name, cur->file->name, lock_kind_name(cur->kind),
		    cur->write ? "write" : "read");
		add_range(b, cur->start, cur->end);
		buf_addc(b, ')');
		if (cur->blocker == w->thread->proc)
			break;
		cur = wait_of(st, cur->blocker);
	}
}

/* A lock's range, or a wait's, as a ruler draws it. */
static void
add_ruler_range(struct desc *d, const char *owner, enum lock_kind kind, bool write,
    long long start, long long end, bool waiting)
{
	enum range_kind	 rk;

	if (kind == LK_FLOCK)
		rk = write ? RANGE_EXCLUSIVE : RANGE_SHARED;
	else
		rk = write ? RANGE_WRITE : RANGE_READ;
	desc_range(d, start, end == -1 ? -1 : end - start + 1, rk, waiting, owner,
	    lock_kind_name(kind));
}

void
locks_describe_who(struct object *o, struct desc *d)
{
	struct lock_state	*st;
	struct lock_wait	*w;
	struct file_lock	*l;
	struct buf		 b;
	size_t			 i;

	if (d == NULL)
		return;
	locks_refresh(o->lab);
	st = locks_of(o->lab);
	buf_init(&b);
	desc_list(d, "locks");
	for (i = 0; i < st->nlocks; i++) {
		l = &st->locks[i];
		if (l->file != o)
			continue;
		desc_group(d, NULL);
		buf_reset(&b);
		add_who(&b, l);
		desc_string(d, "holder", b.data);
		desc_word(d, "kind", lock_kind_name(l->kind));
		desc_word(d, "type", l->write ? "write" : "read");
		buf_reset(&b);
		add_range(&b, l->start, l->end);
		desc_string(d, "range", b.data);
		if (l->owner_fd != -1)
			desc_int(d, "fd", l->owner_fd);
		desc_close(d);
	}
	desc_close(d);
	desc_list(d, "waiters");
	for (i = 0; i < st->nwaits; i++) {
		w = &st->waits[i];
		if (w->file != o)
			continue;
		desc_group(d, NULL);
		desc_word(d, "actor", w->thread->name);
		desc_word(d, "kind", lock_kind_name(w->kind));
		desc_word(d, "type", w->write ? "write" : "read");
		buf_reset(&b);
		add_range(&b, w->start, w->end);
		desc_string(d, "range", b.data);
		desc_word(d, "call", w->kind == LK_FLOCK ? "flock" :
		    w->kind == LK_POSIX ? "fcntl(F_SETLKW)" : "fcntl(F_OFD_SETLKW)");
		desc_word(d, "blocked_by", w->blocker != NULL ? w->blocker->name : "unknown");
		desc_close(d);
	}
	desc_close(d);
	buf_free(&b);
}

void
locks_describe(struct object *o, struct desc *d, long long size)
{
	struct lock_state	*st;
	struct lock_wait	*w;
	struct file_lock	*l;
	struct buf		 b;
	size_t			 i;

	if (d == NULL)
		return;
	locks_describe_who(o, d);
	st = locks_of(o->lab);
	buf_init(&b);
	/* Each holder's range and each waiter's, over the file. */
	desc_ranges(d, "ruler", size);
	for (i = 0; i < st->nlocks; i++) {
		l = &st->locks[i];
		if (l->file != o)
			continue;
		buf_reset(&b);
		add_who(&b, l);
		add_ruler_range(d, b.data, l->kind, l->write, l->start, l->end, false);
	}
	for (i = 0; i < st->nwaits; i++) {
		w = &st->waits[i];
		if (w->file == o)
			add_ruler_range(d, w->thread->name, w->kind, w->write, w->start, w->end,
			    true);
	}
	desc_close(d);
	buf_reset(&b);
	for (i = 0; i < st->nwaits; i++) {
		w = &st->waits[i];
		if (w->file == o && w->in_cycle) {
			add_cycle(&b, st, w);
			break;
		}
	}
	desc_string(d, "deadlock", b.len > 0 ? b.data : "none");
	buf_free(&b);
}

/* After each tick: report a cycle that has just formed. */
static void
locks_check(struct lab *lab)
{
	struct lock_state	*st;
	struct buf		 b;
	size_t			 i;

	/* Only while somebody waits for a lock is there a cycle to find. */
	for (i = 0; i < lab->nactors; i++) {
		struct call	*c = lab->actors[i]->call;

		if (c != NULL && c->state == CALL_BLOCKED &&
		    (strcmp(c->verb->name, "fcntl") == 0 || strcmp(c->verb->name, "flock") == 0))
			break;
	}
	if (i == lab->nactors && locks_of(lab)->reported == NULL)
		return;
	locks_refresh(lab);
	st = locks_of(lab);
	buf_init(&b);
	for (i = 0; i < st->nwaits; i++) {
		if (st->waits[i].in_cycle) {
			add_cycle(&b, st, &st->waits[i]);
			break;
		}
	}
	if (b.len > 0 && (st->reported == NULL || strcmp(st->reported, b.data) != 0)) {
		lab_record(lab, RECORD_DEADLOCK, NULL, REC_ERROR, NULL,
		    "deadlock: %s; none of them can go on until one is ended or interrupted", b.data);
		free(st->reported);
		st->reported = xstrdup(b.data);
	} else if (b.len == 0 && st->reported != NULL) {
		free(st->reported);
		st->reported = NULL;
	}
	buf_free(&b);
}

/* The module: where the lab calls file locks. */

static void
locks_tick(struct lab *lab, void *st)
{
	locks_check(lab);
}

static void
locks_cleanup(struct lab *lab, void *st)
{
	locks_clear(st);
}

const struct lab_module locks_module = {
	.name = "file locks",
	.lab_state = sizeof(struct lock_state),
	.cleanup = locks_cleanup,
	.reset = locks_cleanup,
	.tick = locks_tick,
};

/* Whether a lock held conflicts with one asked for by process pid
 * through descriptor fd (a lock held through that very descriptor, or
 * by that process for POSIX locks, is its own). */
static bool
request_conflicts(const struct lock_request *r, const struct proc_lock *l)
{
	if (l->waiter || (r->type != LT_WRITE && l->type != LT_WRITE))
		return false;
	if ((r->kind == LK_FLOCK) != (l->kind == LK_FLOCK))
		return false;
	return overlaps(r->start, r->end, l->start, l->end);
}

size_t
locks_woken_by(struct lab *lab, const struct fd_entry *fe, const struct thread_wait *tw,
    struct file_want *out, size_t max)
{
	struct lock_table	 all, held;
	const struct fd_table	*fds;
	const struct lock_request *r = &tw->on.fd.lock;
	struct actor		*p;
	size_t			 i, k, j, n = 0;
	bool			 found;

	if (tw->on.fd.op != WAIT_FD_LOCK || !tw->on.fd.lock_known || max == 0)
		return 0;
	memset(&all, 0, sizeof all);
	if (!flocks_read(&all))
		return 0;
	/* POSIX locks are the process's: /proc/locks names the owner. */
	for (i = 0; i < all.n && n < max; i++) {
		const struct proc_lock *l = &all.v[i];

		if (l->kind != LK_POSIX || l->ino != (unsigned long)fe->id.ino ||
		    makedev(l->major, l->minor) != fe->id.dev || l->pid == tw->pid ||
		    !request_conflicts(r, l))
			continue;
		for (j = 0; j < n && out[j].pid != l->pid; j++)
			continue;
		if (j < n)
			continue;
		memset(&out[n], 0, sizeof out[n]);
		out[n++].pid = l->pid;
	}
	lock_table_clear(&all);
	/* OFD locks and flocks are the open file description's: its owners
	 * are the processes whose descriptors of the file list it. */
	for (i = 0; i < lab->nactors && n < max; i++) {
		p = lab->actors[i];
		if (p->is_thread || p->life != ACTOR_ALIVE)
			continue;
		fds = actor_fds(p);
		for (k = 0; k < fds->n && n < max; k++) {
			if (!fd_id_eq(&fds->v[k].id, &fe->id) ||
			    (p->pid == tw->pid && fds->v[k].fd == r->fd))
				continue;
			memset(&held, 0, sizeof held);
			if (!flocks_read_fd(p->pid, fds->v[k].fd, &held))
				continue;
			for (j = 0; j < held.n; j++) {
				if (held.v[j].kind != LK_POSIX && request_conflicts(r, &held.v[j]))
					break;
			}
			found = j < held.n;
			lock_table_clear(&held);
			if (found) {
				memset(&out[n], 0, sizeof out[n]);
				out[n++].pid = p->pid;
				break;
			}
		}
	}
	return n;
}
