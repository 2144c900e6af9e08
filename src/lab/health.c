/* health.c: what an engineer woken at night wants pointed out, found on
 * the tick and kept as findings: System V objects left with nobody (no
 * attachment, their creator and last users dead), a writer blocked on a
 * full descriptor whose every reader is stopped or blocked elsewhere,
 * zombies piling up under one parent, counters near their limits (queued
 * signals, open descriptors, a queue's bytes, the machine's System V
 * objects, the pages of a user's buffers, and the counters a mechanism
 * knows the limit of: health_fd), and descriptor counts that
 * keep growing. Each finding is recorded once as it appears and once as
 * it clears. The kernel's numbers come from the kernel layer (limits.h);
 * the processes are the lab's actors and what it observes, and what is
 * machine-wide is looked at only while the lab observes. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klimits.h"
#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"

/* Looked at this often: the counters move slowly, and the whole
 * machine's System V objects are read each time. */
#define HEALTH_EVERY_NS		(1000 * NS_PER_MS)
/* Near a limit: at this share of it, in percent. */
#define HEALTH_NEAR		90
/* Zombies under one parent: from this many. */
#define HEALTH_ZOMBIES		3
/* Descriptor counts kept per process, one a look: growing when none of
 * the steps fell and at least HEALTH_GROWS of them rose. */
#define HEALTH_SAMPLES		5
#define HEALTH_GROWS		3

/* A process's descriptor counts, by name (a pointer may be freed by
 * forget; a name is never given to another process). */
struct growth {
	char		*name;
	size_t		 n;
	uint64_t	 count[HEALTH_SAMPLES];
	int64_t		 at[HEALTH_SAMPLES];
	bool		 seen;
};

/* A zombie as first seen: the kernel keeps no time of death. */
struct zombie {
	pid_t			 pid;
	unsigned long long	 start;
	int64_t			 first_ns;
	bool			 seen;
};

struct health_state {
	int64_t		 last_ns;
	struct growth	*growth;
	size_t		 ngrowth;
	struct zombie	*zombies;
	size_t		 nzombies;
	/* The findings of the look being made. */
	struct health_finding *now;
	size_t		 nnow;
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
	free(f->text);
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

/* The machine's System V objects: those left with nobody, a queue near
 * full, the machine near its limit of each kind. */
static void
look_ipc(struct lab *lab, struct health_state *hs)
{
	struct limits_ipc_table	 t;
	const struct limits_ipc_entry *e;
	struct buf		 b;
	pid_t			 users[LIMITS_USERS];
	size_t			 i, k, n;
	bool			 dead;

	memset(&t, 0, sizeof t);
	if (!observing(lab) || !limits_ipc_read(&t)) {
		limits_ipc_clear(&t);
		return;
	}
	buf_init(&b);
	for (i = 0; i < t.n; i++) {
		e = &t.v[i];
		/* The kernel keeps no creator of a queue or a set: one that
		 * nobody ever used is not said to be left. */
		dead = e->nusers > 0 || e->creator > 0;
		if (e->creator > 0 && limits_pid_alive(e->creator))
			dead = false;
		for (k = 0; k < e->nusers && dead; k++)
			dead = !limits_pid_alive(e->users[k]);
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
		}
		if (e->kind == LIMITS_QUEUE && near(e->bytes, e->qbytes)) {
			add(hs, "limit", NULL, "%s %d (key 0x%08x) holds %llu bytes of the %llu it "
			    "takes: senders will block", limits_ipc_word(e->kind), e->id,
			    (unsigned)e->key, (unsigned long long)e->bytes,
			    (unsigned long long)e->qbytes);
			buf_reset(&b);
			buf_printf(&b, "bytes %d", e->id);
			key_add(hs, b.data);
		}
	}
	for (k = 0; k < LIMITS_NIPC; k++) {
		if (t.max[k] > 0 && near(t.in_use[k], (uint64_t)t.max[k])) {
			add(hs, "limit", NULL, "the machine has %zu %ss of the %ld %s allows",
			    t.in_use[k], limits_ipc_word((enum limits_ipc)k), t.max[k],
			    limits_ipc_sysctl((enum limits_ipc)k));
			buf_reset(&b);
			buf_printf(&b, "machine %zu", k);
			key_add(hs, b.data);
		}
	}
	buf_free(&b);
	limits_ipc_clear(&t);
}

/* The threads of process p the lab knows. */
static bool
thread_of(const struct actor *t, const struct actor *p)
{
	return t->proc == p && !(t->is_thread && t->ended);
}

/* How process p stands as a reader: 1 stopped, 2 blocked (in *in, the
 * call of one of its threads), 0 it may read. */
static int
reader_stands(struct lab *lab, struct actor *p, const char **in)
{
	enum actor_state	 st;
	size_t			 i;
	bool			 stopped = true;

	*in = NULL;
	for (i = 0; i < lab->nactors; i++) {
		struct actor *t = lab->actors[i];

		if (!thread_of(t, p))
			continue;
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
	struct buf		 b, key;
	const char		*in = NULL;
	size_t			 n, i;
	bool			 followed, all_stopped = true;
	int			 how;

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
		how = wakers[i] == t->proc ? 2 : reader_stands(lab, wakers[i], &in);
		if (how == 0) {
			buf_free(&b);
			return;
		}
		all_stopped = all_stopped && how == 1;
		buf_printf(&b, "%s%s", i == 0 ? "" : ", ", wakers[i]->name);
		if (how == 1)
			buf_adds(&b, " stopped");
		else if (in != NULL)
			buf_printf(&b, " blocked in %s", in);
		else
			buf_adds(&b, " blocked");
	}
	buf_init(&key);
	add_fd(&key, t->proc, tw->on.fd.fd);
	if (n == 1)
		add(hs, "stalled", t->proc->name, "%s is blocked writing %s, full: its only reader "
		    "%s is %s", t->name, key.data, wakers[0]->name,
		    all_stopped ? "stopped" : strchr(b.data, ' ') + 1);
	else
		add(hs, "stalled", t->proc->name, "%s is blocked writing %s, full: every reader "
		    "is %s (%s)", t->name, key.data, all_stopped ? "stopped" :
		    "stopped or blocked elsewhere", b.data);
	buf_printf(&key, " %s", t->name);
	key_add(hs, key.data);
	buf_free(&key);
	buf_free(&b);
}

/* The children of every thread of process pid (/proc/PID/task/TID/children). */
static size_t
children_of(pid_t pid, pid_t *out, size_t max)
{
	struct buf	 b;
	struct dirent	*de;
	DIR		*dir;
	char		 path[320], *p, *end;
	size_t		 n = 0;
	long		 v;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((dir = opendir(path)) == NULL)
		return 0;
	buf_init(&b);
	while ((de = readdir(dir)) != NULL && n < max) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%s/children", (int)pid, de->d_name);
		if (!read_file(path, &b))
			continue;
		for (p = b.data; n < max; p = end) {
			v = strtol(p, &end, 10);
			if (end == p)
				break;
			out[n++] = (pid_t)v;
		}
	}
	closedir(dir);
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
	hs->zombies[i].seen = true;
	return &hs->zombies[i];
}

#define HEALTH_CHILDREN	4096

/* Zombies piling up under p: children it has not reaped. */
static void
look_zombies(struct health_state *hs, struct actor *p, int64_t now)
{
	pid_t			*kids = xcalloc(HEALTH_CHILDREN, sizeof *kids);
	struct proc_entry	 pe;
	struct zombie		*z;
	size_t			 n, i, zombies = 0;
	int64_t			 oldest = now;

	n = children_of(p->pid, kids, HEALTH_CHILDREN);
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

static struct growth *
growth_of(struct health_state *hs, const char *name)
{
	size_t	 i;

	for (i = 0; i < hs->ngrowth; i++) {
		if (strcmp(hs->growth[i].name, name) == 0)
			break;
	}
	if (i == hs->ngrowth) {
		hs->growth = xreallocarray(hs->growth, hs->ngrowth + 1, sizeof *hs->growth);
		memset(&hs->growth[i], 0, sizeof hs->growth[i]);
		hs->growth[i].name = xstrdup(name);
		hs->ngrowth++;
	}
	hs->growth[i].seen = true;
	return &hs->growth[i];
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
 * limit, and whether their number keeps growing. */
static void
look_counters(struct health_state *hs, struct actor *p, int64_t now)
{
	struct limits_proc	 lp;
	struct growth		*g;
	size_t			 i, rose = 0;
	bool			 fell = false;

	if (!limits_proc_read(p->pid, &lp))
		return;
	if (lp.sigq_known && near(lp.sigq, lp.sigq_max))
		add(hs, "limit", p->name, "%s: %llu signals queued of the %llu its RLIMIT_SIGPENDING "
		    "allows its user; more are lost", p->name, (unsigned long long)lp.sigq,
		    (unsigned long long)lp.sigq_max);
	if (lp.sigq_known && near(lp.sigq, lp.sigq_max))
		key_add(hs, "signals");
	if (lp.fds_known && lp.nofile_known && lp.nofile != UINT64_MAX && near(lp.fds, lp.nofile)) {
		add(hs, "limit", p->name, "%s has %llu descriptors open of the %llu its "
		    "RLIMIT_NOFILE allows", p->name, (unsigned long long)lp.fds,
		    (unsigned long long)lp.nofile);
		key_add(hs, "nofile");
	}
	if (!lp.fds_known)
		return;
	g = growth_of(hs, p->name);
	if (g->n == HEALTH_SAMPLES) {
		memmove(g->count, g->count + 1, (HEALTH_SAMPLES - 1) * sizeof *g->count);
		memmove(g->at, g->at + 1, (HEALTH_SAMPLES - 1) * sizeof *g->at);
		g->n--;
	}
	g->count[g->n] = lp.fds;
	g->at[g->n] = now;
	g->n++;
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

/* The buffers every user's processes hold (distinct FIFOs and pipes,
 * each at its default size: the lab does not ask each its size) against
 * the pages a user may take before new ones get one page. */
static void
look_buffers(struct lab *lab, struct health_state *hs)
{
	struct {
		uid_t		 uid;
		struct fd_id	*ids;
		size_t		 n;
	} *users = NULL;
	struct stat	 st;
	char		 path[64];
	size_t		 nusers = 0, i, j, k, u;
	long		 soft = limits_buffer_pages_soft();

	if (soft <= 0)
		return;
	for (i = 0; i < lab->nactors; i++) {
		struct actor		*p = lab->actors[i];
		const struct fd_table	*fds;

		if (p->is_thread || p->life != ACTOR_ALIVE)
			continue;
		snprintf(path, sizeof path, "/proc/%d", (int)p->pid);
		if (stat(path, &st) == -1)
			continue;
		for (u = 0; u < nusers && users[u].uid != st.st_uid; u++)
			;
		if (u == nusers) {
			users = xreallocarray(users, nusers + 1, sizeof *users);
			memset(&users[u], 0, sizeof users[u]);
			users[u].uid = st.st_uid;
			nusers++;
		}
		fds = actor_fds(p);
		for (j = 0; j < fds->n; j++) {
			if (!S_ISFIFO(fds->v[j].type))
				continue;
			for (k = 0; k < users[u].n && !fd_id_eq(&users[u].ids[k], &fds->v[j].id); k++)
				;
			if (k < users[u].n)
				continue;
			users[u].ids = xreallocarray(users[u].ids, users[u].n + 1, sizeof *users[u].ids);
			users[u].ids[users[u].n++] = fds->v[j].id;
		}
	}
	for (u = 0; u < nusers; u++) {
		uint64_t pages = users[u].n * LIMITS_BUFFER_PAGES;

		if (near(pages, (uint64_t)soft)) {
			add(hs, "limit", NULL, "user %u holds %zu pipes and FIFOs, about %llu pages of "
			    "the %ld %s allows; new ones get one page", (unsigned)users[u].uid,
			    users[u].n, (unsigned long long)pages, soft, limits_buffer_pages_sysctl());
			snprintf(path, sizeof path, "pages %u", (unsigned)users[u].uid);
			key_add(hs, path);
		}
		free(users[u].ids);
	}
	free(users);
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
	int64_t			 now = now_ns();
	size_t			 i, j, keep;
	bool			 known;

	if (!now_too && hs->last_ns != 0 && now - hs->last_ns < HEALTH_EVERY_NS)
		return;
	hs->last_ns = now;
	for (i = 0; i < hs->ngrowth; i++)
		hs->growth[i].seen = false;
	for (i = 0; i < hs->nzombies; i++)
		hs->zombies[i].seen = false;
	look_ipc(lab, hs);
	for (i = 0; i < lab->nactors; i++) {
		struct actor *a = lab->actors[i];

		look_writer(lab, hs, a);
		if (a->is_thread || a->life != ACTOR_ALIVE)
			continue;
		look_zombies(hs, a, now);
		look_counters(hs, a, now);
		look_fds(lab, hs, a);
	}
	look_buffers(lab, hs);
	/* Forget what was not seen this time. */
	for (i = 0, keep = 0; i < hs->ngrowth; i++) {
		if (hs->growth[i].seen)
			hs->growth[keep++] = hs->growth[i];
		else
			free(hs->growth[i].name);
	}
	hs->ngrowth = keep;
	for (i = 0, keep = 0; i < hs->nzombies; i++) {
		if (hs->zombies[i].seen)
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
	for (i = 0; i < hs->ngrowth; i++)
		free(hs->growth[i].name);
	free(hs->growth);
	free(hs->zombies);
	free(hs);
	lab->health_state = NULL;
}
