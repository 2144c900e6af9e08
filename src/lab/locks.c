/* locks.c: file locks, waiters and deadlocks (locks.h). */
#include "config.h"

#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "lab.h"
#include "locks.h"
#include "mechanism.h"
#include "memory.h"

#define RULER_WIDTH	32

struct lock_state {
	uint64_t		 gen;
	bool			 valid;
	struct file_lock	*locks;
	size_t			 nlocks;
	struct lock_wait	*waits;
	size_t			 nwaits;
	char			*reported;	/* the cycle last reported */
	/* What the locks were last read from: while /proc/locks reads the
	 * same and no descriptor table or object changed, the locks and
	 * their owners (whose OFD and flock ones cost a read of every
	 * holder's fdinfo) are still what they were. */
	struct buf		 text;
	uint64_t		 fds_version;
	uint64_t		 ids_version;
	size_t			 nactors;
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
	}
	return "?";
}

static bool
kind_of(const char *s, enum lock_kind *k)
{
	if (strcmp(s, "POSIX") == 0)
		*k = LK_POSIX;
	else if (strcmp(s, "OFDLCK") == 0)
		*k = LK_OFD;
	else if (strcmp(s, "FLOCK") == 0)
		*k = LK_FLOCK;
	else
		return false;
	return true;
}

void
locks_free(struct lab *lab)
{
	struct lock_state	*st = lab->locks;

	if (st == NULL)
		return;
	free(st->locks);
	free(st->waits);
	free(st->reported);
	buf_free(&st->text);
	free(st);
	lab->locks = NULL;
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
	struct proc_lock	 pl;
	struct buf		 b;
	enum lock_kind		 k;
	char			 path[64];
	const char		*p, *nl;
	size_t			 n, i, j;

	n = lab_holders(file, h, 32);
	buf_init(&b);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)h[i].a->pid, h[i].fd);
		buf_reset(&b);
		if (!read_file(path, &b))
			continue;
		for (p = b.data; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			if (strncmp(p, "lock:", 5) != 0 ||
			    !procparse_lock(p, nl != NULL ? (size_t)(nl - p) : strlen(p), &pl) ||
			    pl.waiter || !kind_of(pl.kind, &k) || k == LK_POSIX)
				continue;
			for (j = 0; j < st->nlocks; j++) {
				struct file_lock	*l = &st->locks[j];

				if (l->file == file && l->kind == k && l->owner == NULL &&
				    l->write == (strcmp(pl.type, "WRITE") == 0) &&
				    l->start == pl.start && l->end == pl.end) {
					l->owner = h[i].a;
					l->owner_fd = h[i].fd;
					break;
				}
			}
		}
	}
	buf_free(&b);
}

/* What a blocked actor waits for, from the call it sleeps in. */
static void
read_wait(struct lab *lab, struct lock_state *st, struct actor *a)
{
	const struct task_info	*ti;
	struct lock_wait	 w;
	struct flock		 fl;
	struct object		*o;

	if ((ti = actor_sleeping_call(a)) == NULL)
		return;
	memset(&w, 0, sizeof w);
	w.thread = a;
	w.fd = (int)ti->args[0];
	if (ti->nr == SYS_fcntl && (ti->args[1] == F_SETLKW || ti->args[1] == F_OFD_SETLKW)) {
		if (!mem_read_at(a->proc, ti->args[2], &fl, sizeof fl))
			return;
		w.kind = ti->args[1] == F_SETLKW ? LK_POSIX : LK_OFD;
		w.write = fl.l_type == F_WRLCK;
		/* SEEK_SET is what the lab's calls use. */
		w.start = fl.l_start;
		w.end = fl.l_len == 0 ? -1 : fl.l_start + fl.l_len - 1;
	} else if (ti->nr == SYS_flock) {
		w.kind = LK_FLOCK;
		w.write = (ti->args[1] & LOCK_EX) != 0;
		w.start = 0;
		w.end = -1;
	} else
		return;
	if ((o = lab_object_by_fd(lab, a, w.fd)) == NULL)
		return;
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

void
locks_refresh(struct lab *lab)
{
	struct lock_state	*st = lab->locks;
	struct proc_lock	 pl;
	struct file_lock	 l;
	struct object		*o;
	struct buf		 b;
	enum lock_kind		 k;
	const char		*p, *nl;
	size_t			 i, j;

	if (st == NULL)
		st = lab->locks = xcalloc(1, sizeof *st);
	if (st->valid && st->gen == lab->gen)
		return;
	st->valid = true;
	st->gen = lab->gen;
	st->nwaits = 0;
	buf_init(&b);
	if (!read_file("/proc/locks", &b))
		buf_reset(&b);
	if (b.len == st->text.len && (b.len == 0 || memcmp(b.data, st->text.data, b.len) == 0) &&
	    st->fds_version == lab->fds_version && st->ids_version == lab->ids_version &&
	    st->nactors == lab->nactors) {
		/* Nothing moved: only a POSIX owner may have been reaped. */
		for (i = 0; i < st->nlocks; i++) {
			if (st->locks[i].kind == LK_POSIX && st->locks[i].owner != NULL &&
			    st->locks[i].owner->life == ACTOR_REAPED)
				st->locks[i].owner = NULL;
		}
		buf_free(&b);
		goto waits;
	}
	st->nlocks = 0;
	if (b.len > 0) {
		for (p = b.data; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			if (!procparse_lock(p, nl != NULL ? (size_t)(nl - p) : strlen(p), &pl) ||
			    pl.waiter || !kind_of(pl.kind, &k))
				continue;
			if ((o = file_by_dev(lab, pl.major, pl.minor, pl.ino)) == NULL)
				continue;
			memset(&l, 0, sizeof l);
			l.file = o;
			l.kind = k;
			l.write = strcmp(pl.type, "WRITE") == 0;
			l.start = pl.start;
			l.end = pl.end;
			l.pid = pl.pid;
			l.owner_fd = -1;
			if (k == LK_POSIX) {
				l.owner = lab_actor_by_pid(lab, pl.pid);
				if (l.owner != NULL && l.owner->life == ACTOR_REAPED)
					l.owner = NULL;
			}
			st->locks = xreallocarray(st->locks, st->nlocks + 1, sizeof *st->locks);
			st->locks[st->nlocks++] = l;
		}
	}
	/* One look at a file's holders settles all its OFD locks and flocks
	 * that belong to the lab. */
	for (i = 0; i < st->nlocks; i++) {
		if (st->locks[i].kind != LK_POSIX && st->locks[i].owner == NULL)
			find_owners(lab, st, st->locks[i].file);
	}
	buf_free(&st->text);
	st->text = b;
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

void
locks_count(struct object *o, int *held, int *waiting)
{
	struct lock_state	*st;
	size_t			 i;

	locks_refresh(o->lab);
	st = o->lab->locks;
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

/* One line of the ruler: the bytes start to end (-1: to the end of the
 * file) drawn over [0, scale), RULER_WIDTH cells between two bars. Cell
 * i holds the bytes [i*scale/W, (i+1)*scale/W): the range fills every
 * cell that holds one of its bytes, so 10-19 of 20 fills the second
 * half exactly, to the last cell. */
static void
add_bar(struct buf *b, long long start, long long end, long long scale, char fill)
{
	int	 i;
	long long from, to;

	from = start * RULER_WIDTH / scale;
	to = end == -1 ? RULER_WIDTH - 1 : ((end + 1) * RULER_WIDTH + scale - 1) / scale - 1;
	if (to >= RULER_WIDTH)
		to = RULER_WIDTH - 1;
	if (to < from)
		to = from;
	buf_addc(b, '|');
	for (i = 0; i < RULER_WIDTH; i++)
		buf_addc(b, i >= from && i <= to ? fill : '.');
	buf_addc(b, '|');
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

void
locks_describe(struct object *o, struct desc *d, long long size)
{
	struct lock_state	*st;
	struct lock_wait	*w;
	struct file_lock	*l;
	struct buf		 b;
	long long		 scale = size > 0 ? size : 1;
	size_t			 i;
	char			 end[24];

	if (d == NULL)
		return;
	locks_refresh(o->lab);
	st = o->lab->locks;
	for (i = 0; i < st->nlocks; i++) {
		if (st->locks[i].file == o && st->locks[i].end != -1 && st->locks[i].end + 1 > scale)
			scale = st->locks[i].end + 1;
	}
	for (i = 0; i < st->nwaits; i++) {
		if (st->waits[i].file == o && st->waits[i].end != -1 && st->waits[i].end + 1 > scale)
			scale = st->waits[i].end + 1;
	}
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
	/* The ruler: each holder's range and each waiter's, over the file. */
	desc_list(d, "ruler");
	buf_reset(&b);
	/* The scale: 0 under the first cell, the file's end against the
	 * closing bar, as wide as the rows under it. */
	buf_printf(&b, "%-12s |0", "bytes");
	snprintf(end, sizeof end, "%lld", scale);
	while (b.len + strlen(end) < 14 + RULER_WIDTH)
		buf_addc(&b, ' ');
	buf_printf(&b, "%s|", end);
	desc_string(d, NULL, b.data);
	for (i = 0; i < st->nlocks; i++) {
		l = &st->locks[i];
		if (l->file != o)
			continue;
		buf_reset(&b);
		add_who(&b, l);
		buf_printf(&b, " %s", l->write ? "W" : "R");
		while (b.len < 13)
			buf_addc(&b, ' ');
		add_bar(&b, l->start, l->end, scale, l->write ? '#' : '=');
		buf_printf(&b, " %s", lock_kind_name(l->kind));
		desc_string(d, NULL, b.data);
	}
	for (i = 0; i < st->nwaits; i++) {
		w = &st->waits[i];
		if (w->file != o)
			continue;
		buf_reset(&b);
		buf_printf(&b, "%s %s?", w->thread->name, w->write ? "W" : "R");
		while (b.len < 13)
			buf_addc(&b, ' ');
		add_bar(&b, w->start, w->end, scale, '?');
		buf_printf(&b, " %s, waiting", lock_kind_name(w->kind));
		desc_string(d, NULL, b.data);
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

char *
locks_cycle_text(struct lab *lab, struct actor *proc)
{
	struct lock_state	*st;
	struct lock_wait	*w;
	struct buf		 b;

	locks_refresh(lab);
	st = lab->locks;
	w = wait_of(st, proc);
	if (w == NULL || !w->in_cycle)
		return NULL;
	buf_init(&b);
	add_cycle(&b, st, w);
	return buf_take(&b);
}

void
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
	if (i == lab->nactors && (lab->locks == NULL || lab->locks->reported == NULL))
		return;
	locks_refresh(lab);
	st = lab->locks;
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
