/* health.c: what an engineer woken at night wants pointed out, found on
 * the tick and kept as findings: System V objects left with nobody (no
 * attachment, their creator and last users dead), a writer blocked on a
 * full descriptor whose every reader is stopped or blocked elsewhere,
 * zombies piling up under one parent, counters near their limits (queued
 * signals, open descriptors, a queue's bytes, the machine's System V
 * objects, the pages of a user's buffers, and the counters a mechanism
 * knows the limit of: health_fd), and descriptor counts that keep
 * growing. Each finding is recorded once as it appears and once as it
 * clears. The kernel's numbers come from the kernel layer (klimits.h);
 * the processes are the lab's actors and what it observes, and what is
 * machine-wide is looked at only while the lab observes. */
#include "config.h"

#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klimits.h"
#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"

/* A look comes this often (from the tick), or at once when asked. */
#define HEALTH_EVERY_NS		(1000 * NS_PER_MS)
/* The whole machine's System V objects of a kind are read again at least
 * this often (a creator that dies changes nothing else), and when their
 * counts moved, but not sooner than the second: on a loaded machine a
 * read costs milliseconds, and their counts may move all the time. */
#define HEALTH_IPC_NS		(30 * NS_PER_S)
#define HEALTH_IPC_MIN_NS	(3 * NS_PER_S)
/* Near a limit: at this share of it, in percent. */
#define HEALTH_NEAR		90
/* Zombies under one parent: from this many. */
#define HEALTH_ZOMBIES		3
/* A process is looked into this often (its status, its children, its
 * descriptors: tens of microseconds each time). */
#define HEALTH_PROC_NS		(2 * NS_PER_S)
/* Descriptor counts kept per process, one a look (a stat): growing when
 * none of the steps fell and at least HEALTH_GROWS of them rose. */
#define HEALTH_SAMPLES		5
#define HEALTH_GROWS		3
/* Processes looked into on one look, at most: with more, each is looked
 * into less often (and what was found in it kept in between), so that a
 * look costs about the same however many the lab observes. */
#define HEALTH_BATCH		32
/* A zombie not seen for this long is forgotten. */
#define HEALTH_ZOMBIE_NS	(30 * NS_PER_S)

/* What is kept of a process between looks, by name (a pointer may be
 * freed by forget; a name names one process at a time, and one gone at
 * a look is forgotten): its descriptor counts, its user, what the last
 * look into it found. */
struct proc_look {
	char			*name;
	size_t			 n;
	uint64_t		 count[HEALTH_SAMPLES];
	int64_t			 at[HEALTH_SAMPLES];
	bool			 uid_known;
	uid_t			 uid;
	int64_t			 looked_ns;
	struct health_finding	*found;
	size_t			 nfound;
	bool			 seen;
};

/* A zombie as first seen: the kernel keeps no time of death. */
struct zombie {
	pid_t			 pid;
	unsigned long long	 start;
	int64_t			 first_ns;
	int64_t			 seen_ns;
};

struct health_state {
	int64_t		 last_ns;
	struct proc_look *procs;
	size_t		 nprocs;
	struct zombie	*zombies;
	size_t		 nzombies;
	/* The findings of the look being made. */
	struct health_finding *now;
	size_t		 nnow;
	/* The machine's System V objects as last read, their counts then,
	 * when, and what was found in them. */
	struct limits_ipc_table	 ipc;
	struct limits_ipc_counts ipc_counts;
	int64_t		 ipc_ns[LIMITS_NIPC];
	struct health_finding *ipc_found;
	size_t		 nipc_found;
	/* What look_buffers found, and what it was found from: the tables'
	 * version, the processes' uids as known (uids_version), the soft
	 * limit and the processes (by count): while these stand, so do the
	 * findings. */
	struct health_finding *buffers_found;
	size_t		 nbuffers_found;
	bool		 buffers_valid;
	uint64_t	 buffers_fds_version;
	uint64_t	 buffers_uids_version;
	long		 buffers_soft;
	size_t		 buffers_nactors;
	uint64_t	 uids_version;	/* bumped when a process's uid is learned or changes */
};

static struct health_state *
state_of(struct lab *lab)
{
	if (lab->health_state == NULL)
		lab->health_state = xcalloc(1, sizeof *lab->health_state);
	return lab->health_state;
}

static void
finding_free(struct health_finding *f)
{
	free(f->key);
	free(f->kind);
	free(f->who);
	free(f->object);
	free(f->text);
}

static void
findings_free(struct health_finding *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		finding_free(&v[i]);
	free(v);
}

static void
finding_copy(struct health_finding *to, const struct health_finding *from)
{
	to->key = xstrdup(from->key);
	to->kind = xstrdup(from->kind);
	to->who = from->who != NULL ? xstrdup(from->who) : NULL;
	to->object = from->object != NULL ? xstrdup(from->object) : NULL;
	to->text = xstrdup(from->text);
	to->since_ns = from->since_ns;
}

/* Add a finding of this look; key says what it is about, so that one
 * that lasts is the same finding from look to look. */
static void __attribute__((format(printf, 4, 5)))
add(struct health_state *hs, const char *kind, const char *who, const char *fmt, ...)
{
	struct health_finding	*f;
	struct buf		 key;
	va_list			 ap;

	hs->now = xreallocarray(hs->now, hs->nnow + 1, sizeof *hs->now);
	f = &hs->now[hs->nnow++];
	memset(f, 0, sizeof *f);
	va_start(ap, fmt);
	f->text = xvasprintf(fmt, ap);
	va_end(ap);
	f->kind = xstrdup(kind);
	f->who = who != NULL ? xstrdup(who) : NULL;
	buf_init(&key);
	buf_printf(&key, "%s %s ", kind, who != NULL ? who : "-");
	f->key = buf_take(&key);
}

/* The key carries what makes the finding itself, not its numbers: the
 * same condition with a count that moved is the same finding. */
static void
key_add(struct health_state *hs, const char *what)
{
	struct health_finding	*f = &hs->now[hs->nnow - 1];
	char			*key = xasprintf("%s%s", f->key, what);

	free(f->key);
	f->key = key;
}

static bool
near(uint64_t used, uint64_t max)
{
	return max > 0 && used * 100 >= max * HEALTH_NEAR;
}

/* Whether the lab watches the machine beyond its own actors. */
static bool
observing(const struct lab *lab)
{
	size_t	 i;

	if (lab->nobserve_rules > 0)
		return true;
	for (i = 0; i < lab->nactors; i++) {
		if (lab->actors[i]->observed)
			return true;
	}
	return false;
}

static void
add_pids(struct buf *b, const pid_t *pids, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s%d", i == 0 ? "" : i + 1 == n ? " and " : ", ", (int)pids[i]);
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t	 x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* Whether every pid the table names lives, each asked once. */
struct alive {
	pid_t	 pid;
	bool	 alive;
};

static struct alive *
pids_alive(const struct limits_ipc_table *t, size_t *np)
{
	struct alive	*v;
	pid_t		*pids;
	size_t		 i, k, n = 0, m = 0;

	pids = xcalloc(t->n * (LIMITS_USERS + 1) + 1, sizeof *pids);
	for (i = 0; i < t->n; i++) {
		if (t->v[i].creator > 0)
			pids[n++] = t->v[i].creator;
		for (k = 0; k < t->v[i].nusers; k++)
			pids[n++] = t->v[i].users[k];
	}
	qsort(pids, n, sizeof *pids, pid_cmp);
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		if (m > 0 && v[m - 1].pid == pids[i])
			continue;
		v[m].pid = pids[i];
		v[m].alive = limits_pid_alive(pids[i]);
		m++;
	}
	free(pids);
	*np = m;
	return v;
}

static bool
alive_in(const struct alive *v, size_t n, pid_t pid)
{
	const struct alive	*a = bsearch(&pid, v, n, sizeof *v, pid_cmp);

	return a != NULL && a->alive;
}

/* The findings of one read of the machine's System V objects: those left
 * with nobody, a queue near full. */
/* The observed object of System V object id of kind k, or NULL: named
 * after its mechanism (the one of that kind) and id ("NAME-5", or
 * "NAME-5-2" where that was taken). */
static struct object *
ipc_object(struct lab *lab, enum limits_ipc k, int id)
{
	static const enum ksysv_kind kinds[LIMITS_NIPC] = {
		[LIMITS_QUEUE] = KSYSV_MSG,
		[LIMITS_SET] = KSYSV_SEM,
		[LIMITS_SEGMENT] = KSYSV_SHM,
	};
	const struct mechanism	*const *m;
	struct object		*o;
	char			 name[64];
	int			 n;

	for (m = lab->verbs->mechanisms(); *m != NULL; m++) {
		if ((*m)->sysv_kind == (int)kinds[k] + 1)
			break;
	}
	if (*m == NULL)
		return NULL;
	for (n = 1; n < 4; n++) {
		if (n == 1)
			snprintf(name, sizeof name, "%s-%d", (*m)->name, id);
		else
			snprintf(name, sizeof name, "%s-%d-%d", (*m)->name, id, n);
		o = lab_object(lab, name);
		if (o != NULL && o->observed && o->observed_number == id && o->mech == *m)
			return o;
	}
	return NULL;
}

static void
ipc_scan(struct lab *lab, struct health_state *hs, struct limits_ipc_table *t)
{
	struct object			*o;
	const struct limits_ipc_entry *e;
	struct alive		*alive;
	struct buf		 b;
	pid_t			 users[LIMITS_USERS];
	size_t			 i, k, n, nalive;
	bool			 dead;

	alive = pids_alive(t, &nalive);
	buf_init(&b);
	for (i = 0; i < t->n; i++) {
		e = &t->v[i];
		/* The kernel keeps no creator of a queue or a set: one that
		 * nobody ever used is not said to be left. */
		dead = e->nusers > 0 || e->creator > 0;
		if (e->creator > 0 && alive_in(alive, nalive, e->creator))
			dead = false;
		for (k = 0; k < e->nusers && dead; k++)
			dead = !alive_in(alive, nalive, e->users[k]);
		if (e->kind == LIMITS_SEGMENT && e->attached > 0)
			dead = false;
		if (dead) {
			buf_reset(&b);
			if (e->creator > 0)
				buf_printf(&b, "its creator %d", (int)e->creator);
			/* The creator, as the last to use it too, is said once. */
			for (k = 0, n = 0; k < e->nusers; k++) {
				if (e->users[k] != e->creator)
					users[n++] = e->users[k];
			}
			if (n > 0) {
				buf_adds(&b, e->creator > 0 ? " and " : "");
				buf_adds(&b, n == 1 ? "its last user " : "its last users ");
				add_pids(&b, users, n);
			}
			buf_adds(&b, n + (e->creator > 0) > 1 ? ", all dead" : " dead");
			add(hs, "orphaned", NULL, "%s %d (key 0x%08x) is left with nobody: %s%s%s",
			    limits_ipc_word(e->kind), e->id, (unsigned)e->key,
			    e->kind == LIMITS_SEGMENT ? "no attachment, " : "", b.data,
			    e->kind == LIMITS_QUEUE && e->messages > 0 ? "; messages wait in it" : "");
			buf_reset(&b);
			buf_printf(&b, "%d %d", (int)e->kind, e->id);
			key_add(hs, b.data);
			/* Its row in the objects is marked too. */
			if ((o = ipc_object(lab, e->kind, e->id)) != NULL)
				hs->now[hs->nnow - 1].object = xstrdup(o->name);
		}
		if (e->kind == LIMITS_QUEUE && near(e->bytes, e->qbytes)) {
			add(hs, "limit", NULL, "%s %d (key 0x%08x) holds %llu bytes of the %llu it "
			    "takes: senders will block", limits_ipc_word(e->kind), e->id,
			    (unsigned)e->key, (unsigned long long)e->bytes,
			    (unsigned long long)e->qbytes);
			buf_reset(&b);
			buf_printf(&b, "bytes %d", e->id);
			key_add(hs, b.data);
			if ((o = ipc_object(lab, e->kind, e->id)) != NULL)
				hs->now[hs->nnow - 1].object = xstrdup(o->name);
		}
	}
	buf_free(&b);
	free(alive);
}

static void
ipc_forget(struct health_state *hs)
{
	findings_free(hs->ipc_found, hs->nipc_found);
	hs->ipc_found = NULL;
	hs->nipc_found = 0;
	limits_ipc_clear(&hs->ipc);
	memset(hs->ipc_ns, 0, sizeof hs->ipc_ns);
}

/* Whether the counts of kind k differ. */
static bool
counts_moved(const struct limits_ipc_counts *a, const struct limits_ipc_counts *b,
    enum limits_ipc k)
{
	if (a->n[k] != b->n[k])
		return true;
	switch (k) {
	case LIMITS_QUEUE:
		return a->messages != b->messages || a->bytes != b->bytes;
	case LIMITS_SET:
		return a->semaphores != b->semaphores;
	default:
		return a->pages != b->pages;
	}
}

/* The machine's System V objects, while the lab observes. Listing them
 * costs milliseconds on a loaded machine (a call an object): a kind is
 * read again when asked now, when its counts moved (HEALTH_IPC_MIN_NS
 * after its last read at the soonest), and every HEALTH_IPC_NS else;
 * what was found is kept in between. A read is the lab's listing of
 * the kind (lab->sysv), taken as it is when the observed objects' sync
 * read it in this generation already, and then taken whether due or
 * not. The machine near its limit of each kind, from the counts, each
 * look. */
static void
look_ipc(struct lab *lab, struct health_state *hs, int64_t now, bool now_too)
{
	struct limits_ipc_counts c;
	struct limits_ipc_table	 t;
	char			 key[32];
	unsigned int		 kinds = 0;
	size_t			 i, start, k;

	if (!observing(lab) || !limits_ipc_counts(&c)) {
		ipc_forget(hs);
		return;
	}
	/* A kind the lab has listed in this generation anyway (the observed
	 * objects' sync does every few seconds) is read again at no cost. */
	kinds = limits_ipc_listed(lab->sysv, lab->gen);
	for (k = 0; k < LIMITS_NIPC; k++) {
		if (now_too || !hs->ipc.ok || hs->ipc_ns[k] == 0 ||
		    now - hs->ipc_ns[k] >= HEALTH_IPC_NS ||
		    (now - hs->ipc_ns[k] >= HEALTH_IPC_MIN_NS &&
		    counts_moved(&c, &hs->ipc_counts, (enum limits_ipc)k)))
			kinds |= 1u << k;
	}
	if (kinds != 0) {
		memset(&t, 0, sizeof t);
		if (!limits_ipc_read(&t, &hs->ipc, kinds, lab->sysv, lab->gen)) {
			limits_ipc_clear(&t);
			ipc_forget(hs);
			return;
		}
		findings_free(hs->ipc_found, hs->nipc_found);
		start = hs->nnow;
		ipc_scan(lab, hs, &t);
		/* Keep a copy of what the read found, for the looks between. */
		hs->nipc_found = hs->nnow - start;
		hs->ipc_found = xcalloc(hs->nipc_found + 1, sizeof *hs->ipc_found);
		for (i = 0; i < hs->nipc_found; i++)
			finding_copy(&hs->ipc_found[i], &hs->now[start + i]);
		limits_ipc_clear(&hs->ipc);
		hs->ipc = t;
		/* A kind's counts are kept as of its last read. */
		for (k = 0; k < LIMITS_NIPC; k++) {
			if (!(kinds & (1u << k)))
				continue;
			hs->ipc_ns[k] = now;
			hs->ipc_counts.n[k] = c.n[k];
		}
		if (kinds & (1u << LIMITS_QUEUE)) {
			hs->ipc_counts.messages = c.messages;
			hs->ipc_counts.bytes = c.bytes;
		}
		if (kinds & (1u << LIMITS_SET))
			hs->ipc_counts.semaphores = c.semaphores;
		if (kinds & (1u << LIMITS_SEGMENT))
			hs->ipc_counts.pages = c.pages;
	} else {
		for (i = 0; i < hs->nipc_found; i++) {
			hs->now = xreallocarray(hs->now, hs->nnow + 1, sizeof *hs->now);
			finding_copy(&hs->now[hs->nnow++], &hs->ipc_found[i]);
		}
	}
	for (k = 0; k < LIMITS_NIPC; k++) {
		if (hs->ipc.max[k] > 0 && near(c.n[k], (uint64_t)hs->ipc.max[k])) {
			add(hs, "limit", NULL, "the machine has %llu %ss of the %ld %s allows",
			    (unsigned long long)c.n[k], limits_ipc_word((enum limits_ipc)k),
			    hs->ipc.max[k], limits_ipc_sysctl((enum limits_ipc)k));
			snprintf(key, sizeof key, "machine %zu", k);
			key_add(hs, key);
		}
	}
}

/* The threads of process p the lab knows. */
static bool
thread_of(const struct actor *t, const struct actor *p)
{
	return t->proc == p && !(t->is_thread && t->ended);
}

/* How process p stands as a reader, the thread writer (blocked) aside:
 * 1 stopped, 2 blocked (in *in, the call of one of its threads), 0 it
 * may read. */
static int
reader_stands(struct lab *lab, struct actor *p, struct actor *writer, const char **in)
{
	enum actor_state	 st;
	size_t			 i;
	bool			 stopped = true;

	*in = NULL;
	for (i = 0; i < lab->nactors; i++) {
		struct actor *t = lab->actors[i];

		if (!thread_of(t, p))
			continue;
		if (t == writer) {
			stopped = false;
			continue;
		}
		st = actor_state(t);
		if (st == STATE_STOPPED)
			continue;
		/* An actor of the lab's with no call in flight takes the
		 * next the user asks for: it may read. */
		if (!t->observed && t->call == NULL)
			return 0;
		if (st != STATE_BLOCKED)
			return 0;
		stopped = false;
		if (*in == NULL && t->observed)
			*in = actor_wait(t)->name;
		else if (*in == NULL && t->call != NULL)
			*in = t->call->verb->name;
	}
	return stopped ? 1 : 2;
}

/* A descriptor as the log names it: the lab's object, else what the
 * kernel names its file. */
static void
add_fd(struct buf *b, struct actor *p, int fd)
{
	const struct fd_entry	*fe = fd_table_find(actor_fds(p), fd);
	size_t			 len = b->len;

	lab_add_actor_fd(b, p, fd);
	if (strchr(b->data + len, '<') == NULL && fe != NULL && fe->link != NULL)
		buf_printf(b, "<%s>", fe->link);
}

/* A thread blocked writing whose every reader is stopped, or blocked
 * in something else: it waits for someone who will not come soon. */
static void
look_writer(struct lab *lab, struct health_state *hs, struct actor *t)
{
	struct actor		*wakers[LAB_WAKERS];
	const struct thread_wait *tw;
	const struct fd_entry	*fe;
	struct object		*o;
	struct buf		 b, key;
	const char		*in = NULL;
	size_t			 n, i;
	bool			 followed, all_stopped = true;
	int			 how, which;

	if ((!t->observed && t->call == NULL) || actor_state(t) != STATE_BLOCKED)
		return;
	tw = actor_wait(t);
	if (tw->kind != WAIT_FD || tw->on.fd.op != WAIT_FD_WRITE)
		return;
	n = lab_wakers(t, wakers, LAB_WAKERS, &followed);
	if (!followed || n == 0)
		return;
	buf_init(&b);
	for (i = 0; i < n; i++) {
		how = reader_stands(lab, wakers[i], t, &in);
		if (how == 0) {
			buf_free(&b);
			return;
		}
		all_stopped = all_stopped && how == 1;
		buf_printf(&b, "%s%s", i == 0 ? "" : ", ", wakers[i]->name);
		/* Its own process, no other thread of which can read. */
		if (wakers[i] == t->proc)
			buf_adds(&b, " itself");
		else if (how == 1)
			buf_adds(&b, " stopped");
		else if (in != NULL)
			buf_printf(&b, " blocked in %s", in);
		else
			buf_adds(&b, " blocked");
	}
	buf_init(&key);
	add_fd(&key, t->proc, tw->on.fd.fd);
	if (n == 1 && wakers[0] == t->proc)
		add(hs, "stalled", t->proc->name, "%s is blocked writing %s, full: its only reader "
		    "is its own process, and no thread of it can read", t->name, key.data);
	else if (n == 1)
		add(hs, "stalled", t->proc->name, "%s is blocked writing %s, full: its only reader "
		    "%s is %s", t->name, key.data, wakers[0]->name,
		    all_stopped ? "stopped" : strchr(b.data, ' ') + 1);
	else
		add(hs, "stalled", t->proc->name, "%s is blocked writing %s, full: every reader "
		    "is %s (%s)", t->name, key.data, all_stopped ? "stopped" :
		    "stopped or blocked elsewhere", b.data);
	buf_printf(&key, " %s", t->name);
	key_add(hs, key.data);
	/* The lab's object, if the file is one: its row is marked too. */
	if ((fe = fd_table_find(actor_fds(t->proc), tw->on.fd.fd)) != NULL &&
	    (o = lab_object_by_id(lab, &fe->id, &which)) != NULL)
		hs->now[hs->nnow - 1].object = xstrdup(o->name);
	buf_free(&key);
	buf_free(&b);
}

/* The children of every thread of process p the lab knows
 * (/proc/PID/task/TID/children). */
static size_t
children_of(struct lab *lab, struct actor *p, pid_t *out, size_t max)
{
	struct buf	 b;
	char		 path[64], *s, *end;
	size_t		 i, n = 0;
	long		 v;

	buf_init(&b);
	/* An observed process's threads are its tid list; the lab's
	 * actor's, its thread actors. */
	for (i = 0; n < max && (p->observed && p->tids.ok ? i < p->tids.n : i < lab->nactors);
	    i++) {
		pid_t	 tid;

		if (p->observed && p->tids.ok)
			tid = p->tids.v[i];
		else if (thread_of(lab->actors[i], p))
			tid = lab->actors[i]->tid;
		else
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)p->pid, (int)tid);
		if (!read_file(path, &b))
			continue;
		for (s = b.data; n < max; s = end) {
			v = strtol(s, &end, 10);
			if (end == s)
				break;
			out[n++] = (pid_t)v;
		}
	}
	buf_free(&b);
	return n;
}

static struct zombie *
zombie_seen(struct health_state *hs, pid_t pid, unsigned long long start, int64_t now)
{
	size_t	 i;

	for (i = 0; i < hs->nzombies; i++) {
		if (hs->zombies[i].pid == pid && hs->zombies[i].start == start)
			break;
	}
	if (i == hs->nzombies) {
		hs->zombies = xreallocarray(hs->zombies, hs->nzombies + 1, sizeof *hs->zombies);
		hs->zombies[i].pid = pid;
		hs->zombies[i].start = start;
		hs->zombies[i].first_ns = now;
		hs->nzombies++;
	}
	hs->zombies[i].seen_ns = now;
	return &hs->zombies[i];
}

#define HEALTH_CHILDREN	4096

/* Zombies piling up under p: children it has not reaped. */
static void
look_zombies(struct lab *lab, struct health_state *hs, struct actor *p, int64_t now)
{
	pid_t			*kids = xcalloc(HEALTH_CHILDREN, sizeof *kids);
	struct proc_entry	 pe;
	struct zombie		*z;
	size_t			 n, i, zombies = 0;
	int64_t			 oldest = now;

	n = children_of(lab, p, kids, HEALTH_CHILDREN);
	for (i = 0; i < n; i++) {
		if (!procs_read(kids[i], &pe) || pe.state != 'Z')
			continue;
		z = zombie_seen(hs, pe.pid, pe.start, now);
		zombies++;
		if (z->first_ns < oldest)
			oldest = z->first_ns;
	}
	free(kids);
	if (zombies < HEALTH_ZOMBIES)
		return;
	add(hs, "zombies", p->name, "%s has %zu zombie children it has not reaped, the oldest "
	    "seen dead for %.0fs", p->name, zombies, (double)(now - oldest) / 1e9);
}

/* What is kept of a process, by its name: the list is sorted by name
 * (a whole machine's hundreds are looked up each look). */
static struct proc_look *
proc_look_of(struct health_state *hs, const char *name)
{
	size_t	 lo = 0, hi = hs->nprocs, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(hs->procs[mid].name, name)) == 0) {
			lo = mid;
			goto found;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	hs->procs = xreallocarray(hs->procs, hs->nprocs + 1, sizeof *hs->procs);
	memmove(&hs->procs[lo + 1], &hs->procs[lo], (hs->nprocs - lo) * sizeof *hs->procs);
	memset(&hs->procs[lo], 0, sizeof hs->procs[lo]);
	hs->procs[lo].name = xstrdup(name);
	hs->nprocs++;
found:
	hs->procs[lo].seen = true;
	return &hs->procs[lo];
}

/* The counters of p's descriptors that their mechanism knows a limit of
 * (health_fd): those told apart by their fdinfo. */
static void
look_fds(struct lab *lab, struct health_state *hs, struct actor *p)
{
	const struct fd_table	*fds = actor_fds(p);
	const struct mechanism	*m;
	struct buf		 b;
	char			 key[32];
	size_t			 i;

	buf_init(&b);
	for (i = 0; i < fds->n; i++) {
		if (fds->v[i].info_key < 0)
			continue;
		m = lab->fdinfo_owners[fds->v[i].info_key];
		buf_reset(&b);
		if (m->health_fd == NULL || !m->health_fd(lab, p, &fds->v[i], &b))
			continue;
		add(hs, "limit", p->name, "%s: %s", p->name, b.data);
		snprintf(key, sizeof key, "fd %d", fds->v[i].fd);
		key_add(hs, key);
	}
	buf_free(&b);
}

/* A process's counters: queued signals, descriptors against their
 * limit. */
static void
look_counters(struct health_state *hs, struct actor *p, struct proc_look *g)
{
	struct limits_proc	 lp;

	if (!limits_proc_read(p->pid, &lp))
		return;
	if (g->uid_known != lp.uid_known || g->uid != lp.uid)
		hs->uids_version++;
	g->uid_known = lp.uid_known;
	g->uid = lp.uid;
	if (lp.sigq_known && near(lp.sigq, lp.sigq_max)) {
		add(hs, "limit", p->name, "%s: %llu signals queued of the %llu its RLIMIT_SIGPENDING "
		    "allows its user; more are lost", p->name, (unsigned long long)lp.sigq,
		    (unsigned long long)lp.sigq_max);
		key_add(hs, "signals");
	}
	if (lp.fds_known && lp.nofile_known && lp.nofile != UINT64_MAX && near(lp.fds, lp.nofile)) {
		add(hs, "limit", p->name, "%s has %llu descriptors open of the %llu its "
		    "RLIMIT_NOFILE allows", p->name, (unsigned long long)lp.fds,
		    (unsigned long long)lp.nofile);
		key_add(hs, "nofile");
	}
}

/* Whether p's number of open descriptors keeps growing: a sample each
 * look (one stat), the finding made afresh each time. */
static void
look_growth(struct health_state *hs, struct actor *p, struct proc_look *g, int64_t now)
{
	uint64_t	 fds;
	size_t		 i, rose = 0;
	bool		 fell = false;

	/* An observed process that has not run since the last sample (its
	 * stamp moved last before it) has the descriptors it had then. */
	if (p->observed && p->still && g->n > 0 && p->quiet_since <= g->at[g->n - 1])
		fds = g->count[g->n - 1];
	else if (!limits_fds(p->pid, &fds))
		return;
	/* A look asked for now, soon after the last, takes no sample: the
	 * steps stay of about one length. */
	if (g->n == 0 || now - g->at[g->n - 1] >= HEALTH_EVERY_NS / 2) {
		if (g->n == HEALTH_SAMPLES) {
			memmove(g->count, g->count + 1, (HEALTH_SAMPLES - 1) * sizeof *g->count);
			memmove(g->at, g->at + 1, (HEALTH_SAMPLES - 1) * sizeof *g->at);
			g->n--;
		}
		g->count[g->n] = fds;
		g->at[g->n] = now;
		g->n++;
	}
	if (g->n < HEALTH_SAMPLES)
		return;
	for (i = 1; i < g->n; i++) {
		rose += g->count[i] > g->count[i - 1];
		fell = fell || g->count[i] < g->count[i - 1];
	}
	if (fell || rose < HEALTH_GROWS)
		return;
	add(hs, "growing", p->name, "%s: descriptors growing, %llu to %llu in %.1fs (%.1f a second)",
	    p->name, (unsigned long long)g->count[0], (unsigned long long)g->count[g->n - 1],
	    (double)(g->at[g->n - 1] - g->at[0]) / 1e9,
	    (double)(g->count[g->n - 1] - g->count[0]) * 1e9 / (double)(g->at[g->n - 1] - g->at[0]));
}

struct held {
	uid_t		 uid;
	struct fd_id	 id;
};

static int
held_cmp(const void *a, const void *b)
{
	const struct held	*x = a, *y = b;

	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return fd_id_cmp(&x->id, &y->id);
}

/* The buffers every user's processes hold (distinct FIFOs and pipes,
 * each at its default size: the lab does not ask each its size) against
 * the pages a user may take before new ones get one page. */
static void
look_buffers(struct lab *lab, struct health_state *hs)
{
	struct held		*v = NULL;
	const struct proc_look	*pl;
	char			 key[32];
	size_t			 n = 0, cap = 0, i, j, distinct, first;
	long			 soft = limits_buffer_pages_soft();

	if (soft <= 0)
		return;
	if (hs->buffers_valid && hs->buffers_fds_version == lab->fds_version &&
	    hs->buffers_uids_version == hs->uids_version && hs->buffers_soft == soft &&
	    hs->buffers_nactors == lab->nactors) {
		for (i = 0; i < hs->nbuffers_found; i++) {
			hs->now = xreallocarray(hs->now, hs->nnow + 1, sizeof *hs->now);
			finding_copy(&hs->now[hs->nnow++], &hs->buffers_found[i]);
		}
		return;
	}
	first = hs->nnow;
	for (i = 0; i < lab->nactors; i++) {
		struct actor		*p = lab->actors[i];
		const struct fd_table	*fds;

		if (p->is_thread || p->life != ACTOR_ALIVE)
			continue;
		pl = proc_look_of(hs, p->name);
		if (!pl->uid_known)
			continue;
		fds = actor_fds(p);
		for (j = 0; j < fds->n; j++) {
			if (!S_ISFIFO(fds->v[j].type))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[n].uid = pl->uid;
			v[n].id = fds->v[j].id;
			n++;
		}
	}
	if (n > 0)
		qsort(v, n, sizeof *v, held_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1, distinct = 1; j < n && v[j].uid == v[i].uid; j++)
			distinct += held_cmp(&v[j], &v[j - 1]) != 0;
		if (!near(distinct * LIMITS_BUFFER_PAGES, (uint64_t)soft))
			continue;
		add(hs, "limit", NULL, "user %u holds %zu pipes and FIFOs, about %zu pages of "
		    "the %ld %s allows; new ones get one page", (unsigned)v[i].uid, distinct,
		    distinct * LIMITS_BUFFER_PAGES, soft, limits_buffer_pages_sysctl());
		snprintf(key, sizeof key, "pages %u", (unsigned)v[i].uid);
		key_add(hs, key);
	}
	free(v);
	findings_free(hs->buffers_found, hs->nbuffers_found);
	hs->nbuffers_found = hs->nnow - first;
	hs->buffers_found = xcalloc(hs->nbuffers_found + 1, sizeof *hs->buffers_found);
	for (i = 0; i < hs->nbuffers_found; i++)
		finding_copy(&hs->buffers_found[i], &hs->now[first + i]);
	hs->buffers_valid = true;
	hs->buffers_fds_version = lab->fds_version;
	hs->buffers_uids_version = hs->uids_version;
	hs->buffers_soft = soft;
	hs->buffers_nactors = lab->nactors;
}

static void
record_change(struct lab *lab, const struct health_finding *f, bool cleared, int64_t now)
{
	if (!cleared)
		lab_record(lab, RECORD_HEALTH, f->who, REC_ERROR, NULL, "health: %s", f->text);
	else
		lab_record(lab, RECORD_HEALTH, f->who, REC_INFO, NULL, "health cleared after %.0fs: %s",
		    (double)(now - f->since_ns) / 1e9, f->text);
}

void
lab_health_tick(struct lab *lab, bool now_too)
{
	struct health_state	*hs = state_of(lab);
	struct health_finding	*f;
	int64_t			 now = now_ns(), every;
	size_t			 i, j, keep, alive, first;
	bool			 known;

	if (!now_too && hs->last_ns != 0 && now - hs->last_ns < HEALTH_EVERY_NS)
		return;
	hs->last_ns = now;
	for (i = 0; i < hs->nprocs; i++)
		hs->procs[i].seen = false;
	look_ipc(lab, hs, now, now_too);
	for (i = 0, alive = 0; i < lab->nactors; i++)
		alive += !lab->actors[i]->is_thread && lab->actors[i]->life == ACTOR_ALIVE;
	/* With more processes than a look takes, each is looked into once
	 * in so many looks. */
	every = HEALTH_EVERY_NS * (int64_t)((alive + HEALTH_BATCH - 1) / HEALTH_BATCH);
	if (every < HEALTH_PROC_NS)
		every = HEALTH_PROC_NS;
	every -= HEALTH_EVERY_NS / 2;
	for (i = 0; i < lab->nactors; i++) {
		struct actor		*a = lab->actors[i];
		struct proc_look	*pl;

		look_writer(lab, hs, a);
		if (a->is_thread || a->life != ACTOR_ALIVE)
			continue;
		pl = proc_look_of(hs, a->name);
		if (now_too || pl->looked_ns == 0 || now - pl->looked_ns >= every) {
			first = hs->nnow;
			look_zombies(lab, hs, a, now);
			look_counters(hs, a, pl);
			look_fds(lab, hs, a);
			findings_free(pl->found, pl->nfound);
			pl->nfound = hs->nnow - first;
			pl->found = xcalloc(pl->nfound + 1, sizeof *pl->found);
			for (j = 0; j < pl->nfound; j++)
				finding_copy(&pl->found[j], &hs->now[first + j]);
			pl->looked_ns = now;
		} else {
			for (j = 0; j < pl->nfound; j++) {
				hs->now = xreallocarray(hs->now, hs->nnow + 1, sizeof *hs->now);
				finding_copy(&hs->now[hs->nnow++], &pl->found[j]);
			}
		}
		look_growth(hs, a, pl, now);
	}
	look_buffers(lab, hs);
	/* Forget what was not seen this time. */
	for (i = 0, keep = 0; i < hs->nprocs; i++) {
		if (hs->procs[i].seen)
			hs->procs[keep++] = hs->procs[i];
		else {
			free(hs->procs[i].name);
			findings_free(hs->procs[i].found, hs->procs[i].nfound);
		}
	}
	hs->nprocs = keep;
	for (i = 0, keep = 0; i < hs->nzombies; i++) {
		if (now - hs->zombies[i].seen_ns < HEALTH_ZOMBIE_NS)
			hs->zombies[keep++] = hs->zombies[i];
	}
	hs->nzombies = keep;
	/* One finding of one key a look. */
	for (i = 0, keep = 0; i < hs->nnow; i++) {
		for (j = 0, known = false; j < keep && !known; j++)
			known = strcmp(hs->now[j].key, hs->now[i].key) == 0;
		if (known)
			finding_free(&hs->now[i]);
		else
			hs->now[keep++] = hs->now[i];
	}
	hs->nnow = keep;
	/* Each new one told as it appears, each gone one as it clears; one
	 * that lasts keeps its start and takes the newest text. */
	for (i = 0; i < lab->nhealth; i++) {
		f = &lab->health[i];
		for (j = 0, known = false; j < hs->nnow && !known; j++)
			known = strcmp(hs->now[j].key, f->key) == 0;
		if (!known)
			record_change(lab, f, true, now);
	}
	for (j = 0; j < hs->nnow; j++) {
		hs->now[j].since_ns = now;
		for (i = 0, known = false; i < lab->nhealth && !known; i++) {
			if (strcmp(hs->now[j].key, lab->health[i].key) == 0) {
				known = true;
				hs->now[j].since_ns = lab->health[i].since_ns;
			}
		}
		if (!known)
			record_change(lab, &hs->now[j], false, now);
	}
	for (i = 0; i < lab->nhealth; i++)
		finding_free(&lab->health[i]);
	free(lab->health);
	lab->health = hs->now;
	lab->nhealth = hs->nnow;
	hs->now = NULL;
	hs->nnow = 0;
}

void
lab_describe_health(struct lab *lab, struct desc *d)
{
	int64_t	 now = now_ns();
	size_t	 i;

	desc_list(d, "health");
	for (i = 0; i < lab->nhealth; i++) {
		desc_group(d, NULL);
		desc_word(d, "kind", lab->health[i].kind);
		if (lab->health[i].who != NULL)
			desc_word(d, "process", lab->health[i].who);
		if (lab->health[i].object != NULL)
			desc_word(d, "object", lab->health[i].object);
		desc_string(d, "text", lab->health[i].text);
		desc_duration(d, "for", now - lab->health[i].since_ns);
		desc_close(d);
	}
	desc_close(d);
}

void
lab_health_free(struct lab *lab)
{
	struct health_state	*hs = lab->health_state;
	size_t			 i;

	for (i = 0; i < lab->nhealth; i++)
		finding_free(&lab->health[i]);
	free(lab->health);
	lab->health = NULL;
	lab->nhealth = 0;
	if (hs == NULL)
		return;
	for (i = 0; i < hs->nprocs; i++) {
		free(hs->procs[i].name);
		findings_free(hs->procs[i].found, hs->procs[i].nfound);
	}
	free(hs->procs);
	free(hs->zombies);
	ipc_forget(hs);
	findings_free(hs->buffers_found, hs->nbuffers_found);
	free(hs);
	lab->health_state = NULL;
}
