/* chains.c: who could end a blocked thread's wait, and the chain of
 * waits walked to its end: a process that runs (or sleeps in a call no
 * other process ends, a timer), one that is stopped, a wait the lab
 * cannot follow, or a cycle back to where it started: a deadlock. The
 * mechanism of the file a thread waits on says which open mode ends the
 * wait (mechanism.h: claims, woken_by); the processes that hold the
 * same file so are its wakers. A wait that others than those the lab
 * sees may end (an accept, a sigwait: file_want's anyone) is a way out. */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"
#include "procs.h"

#define CHAIN_DEPTH	16
#define CHAIN_WAKERS	LAB_WAKERS

const struct mechanism *
lab_claimed_by(struct lab *lab, const struct fd_entry *fe)
{
	const struct mechanism *const	*m;

	for (m = lab->verbs->mechanisms(); *m != NULL; m++) {
		if ((*m)->claims != NULL && (*m)->claims(fe))
			return *m;
	}
	return NULL;
}

/* The files or processes whose holders end a wait on no descriptor:
 * the first mechanism that answers for it. */
static size_t
wait_wakers(struct lab *lab, const struct thread_wait *tw, struct file_want *out, size_t max)
{
	const struct mechanism *const	*m;
	size_t				 n;

	for (m = lab->verbs->mechanisms(); *m != NULL; m++) {
		if ((*m)->woken_by_wait != NULL && (n = (*m)->woken_by_wait(lab, tw, out, max)) > 0)
			return n;
	}
	return 0;
}

/* A poll, select or epoll wait ends when any descriptor of its set is
 * ready: the wakers of each, as if the thread read (or wrote) it alone.
 * 0 (not followed) if one of them is a file no mechanism answers for:
 * something the lab cannot see may wake it. *stands: every one's answer
 * stands while the tables do (mechanism.h: woken_by_stands). */
static size_t
set_wakers(struct actor *a, const struct thread_wait *tw, struct file_want *out, size_t max,
    bool *stands)
{
	static const struct {
		unsigned int	 events;
		int		 op;
	} ops[] = { { POLLIN, WAIT_FD_READ }, { POLLOUT, WAIT_FD_WRITE } };
	const struct mechanism	*m;
	const struct fd_entry	*fe;
	struct thread_wait	 one;
	size_t			 i, k, n = 0, got;

	*stands = true;
	for (i = 0; i < tw->on.set.n; i++) {
		fe = fd_table_find(actor_fds(a->proc), tw->on.set.v[i].fd);
		if (fe == NULL || (m = lab_claimed_by(a->lab, fe)) == NULL || m->woken_by == NULL) {
			*stands = false;
			return 0;
		}
		*stands = *stands && m->woken_by_stands;
		for (k = 0; k < nitems(ops); k++) {
			if (!(tw->on.set.v[i].events & ops[k].events))
				continue;
			memset(&one, 0, sizeof one);
			one.pid = tw->pid;
			one.tid = tw->tid;
			one.kind = WAIT_FD;
			one.on.fd.fd = tw->on.set.v[i].fd;
			one.on.fd.op = (enum wait_fd_op)ops[k].op;
			got = m->woken_by(a->lab, fe, &one, out + n, max - n);
			if (got == 0)
				return 0;
			n += got;
			if (n == max)
				return n;
		}
	}
	return n;
}

/* The live process whose pid, or whose thread's id, id is; NULL if none. */
static struct actor *
process_of_id(struct lab *lab, pid_t id)
{
	struct actor	*a;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->proc->life == ACTOR_ALIVE && (a->is_thread ? a->tid == id : a->pid == id))
			return a->proc;
	}
	return NULL;
}

static bool
holds_for(int have, int want)
{
	return want == -1 || have == O_RDWR || have == want;
}

/* A wait for a child (wait4, waitid) ends when one it waits for ends
 * (or stops, with WUNTRACED): those children, as far as the lab sees
 * them (observed processes or actors whose parent is the waiter). */
static size_t
child_wakers(struct actor *a, const struct thread_wait *tw, struct actor **out, size_t max,
    bool *followed)
{
	const struct task_info	*ti;
	struct lab		*lab = a->lab;
	struct actor		*c;
	size_t			 i, n = 0;

	*followed = true;
	for (i = 0; i < lab->nactors && n < max; i++) {
		c = lab->actors[i];
		if (c->is_thread || c->life != ACTOR_ALIVE || c == a->proc)
			continue;
		ti = actor_task(c);
		if (!ti->ok || ti->ppid != a->pid)
			continue;
		if ((tw->on.child.idtype == P_PID && c->pid != (pid_t)tw->on.child.id) ||
		    (tw->on.child.idtype == P_PGID && ti->pgrp != (pid_t)tw->on.child.id))
			continue;
		out[n++] = c;
	}
	return n;
}

/* Whether process p holds a descriptor of the file id open so. */
static bool
process_holds(struct actor *p, const struct fd_id *id, int access)
{
	const struct fd_table	*fds = actor_fds(p);
	size_t			 k;

	for (k = 0; k < fds->n; k++) {
		if (fd_id_eq(&fds->v[k].id, id) && holds_for(fds->v[k].access, access))
			return true;
	}
	return false;
}

size_t
lab_processes_holding(struct lab *lab, const struct fd_id *id, int access, struct actor **out,
    size_t max)
{
	struct actor	*p;
	size_t		 i, n = 0;

	for (i = 0; i < lab->nactors && n < max; i++) {
		p = lab->actors[i];
		if (!p->is_thread && p->life == ACTOR_ALIVE && process_holds(p, id, access))
			out[n++] = p;
	}
	return n;
}

/* lab_wakers, read afresh: what the thread waits on, the files or
 * processes its mechanism says end it, and who holds those. */
static size_t
wakers_read(struct actor *a, struct actor **out, size_t max, bool *followed)
{
	const struct thread_wait	*tw;
	const struct fd_entry		*fe;
	const struct mechanism		*m;
	struct file_want		 want[LAB_WAKERS];
	struct lab			*lab = a->lab;
	struct actor			*p;
	size_t				 i, w, nwant, n = 0;
	bool				*held;

	*followed = false;
	a->wakers_keep = false;
	a->wakers_anyone[0] = '\0';
	a->nwant_ids = 0;
	a->want_unlisted = 0;
	if (actor_state(a) != STATE_BLOCKED)
		return 0;
	tw = actor_wait(a);
	if (tw->kind == WAIT_CHILD)
		return child_wakers(a, tw, out, max, followed);
	memset(want, 0, sizeof want);
	nwant = 0;
	if (tw->kind == WAIT_FD) {
		fe = fd_table_find(actor_fds(a->proc), tw->on.fd.fd);
		if (fe != NULL && (m = lab_claimed_by(lab, fe)) != NULL && m->woken_by != NULL) {
			nwant = m->woken_by(lab, fe, tw, want, nitems(want));
			a->wakers_keep = m->woken_by_stands;
		}
	} else if (tw->kind == WAIT_FDSET)
		nwant = set_wakers(a, tw, want, nitems(want), &a->wakers_keep);
	else
		nwant = wait_wakers(lab, tw, want, nitems(want));
	if (nwant == 0)
		return 0;
	*followed = true;
	for (w = 0; w < nwant && a->wakers_anyone[0] == '\0'; w++)
		copy_str(a->wakers_anyone, sizeof a->wakers_anyone, want[w].anyone);
	/* Who is wanted, looked up once: by pid (or a thread's id), or
	 * as a file's holders, from the lab's index of every descriptor. */
	held = xcalloc(lab->nactors + 1, sizeof *held);
	for (w = 0; w < nwant; w++) {
		if (want[w].anyone[0] != '\0')
			continue;	/* who else: no file */
		if (want[w].pid != 0) {
			if ((p = process_of_id(lab, want[w].pid)) != NULL)
				p->chain_mark = true;
			else if (kill(want[w].pid, 0) == 0 || errno == EPERM)
				a->want_unlisted = want[w].pid;
		} else {
			lab_id_holders(lab, &want[w].id, want[w].access, held);
			a->want_ids[a->nwant_ids] = want[w].id;
			a->want_access[a->nwant_ids++] = want[w].access;
		}
	}
	for (i = 0; i < lab->nactors; i++) {
		p = lab->actors[i];
		if ((held[i] || p->chain_mark) && !p->is_thread && p->life == ACTOR_ALIVE &&
		    n < max)
			out[n++] = p;
		p->chain_mark = false;
	}
	free(held);
	return n;
}

size_t
lab_wakers(struct actor *a, struct actor **out, size_t max, bool *followed)
{
	struct lab	*lab = a->lab;
	size_t		 n;

	/* Read once a generation: the walks ask for the same thread's
	 * wakers many times, and reading them reads the kernel (a socket's
	 * peer is a whole sock_diag dump). An observed thread that has not
	 * run since, blocked on a file whose wakers are its holders alone
	 * (woken_by_stands), keeps them while no table changed. */
	if ((a->wakers_gen != lab->gen + 1 || a->wakers_forgets != lab->forgets) &&
	    !(a->wakers_keep && a->wakers_forgets == lab->forgets &&
	    actor_read_holds(a, a->wakers_gen, a->wakers_ns) &&
	    lab_fds_version_now(lab) == a->wakers_fds)) {
		a->wakers_ns = now_ns();
		a->nwakers = wakers_read(a, a->wakers, LAB_WAKERS, &a->wakers_followed);
		a->wakers_gen = lab->gen + 1;
		a->wakers_forgets = lab->forgets;
		a->wakers_fds = lab_fds_version_now(lab);
	}
	*followed = a->wakers_followed;
	n = a->nwakers < max ? a->nwakers : max;
	memcpy(out, a->wakers, n * sizeof *out);
	return n;
}

const char *
lab_wakers_anyone(struct actor *a)
{
	struct actor	*wakers[LAB_WAKERS];
	bool		 followed;

	(void)lab_wakers(a, wakers, LAB_WAKERS, &followed);
	return a->wakers_anyone;
}

/* Walk from process p: true when the walk comes back to start (a cycle
 * through every process on path). */
static bool
walk(struct actor *p, struct actor *start, struct actor **path, size_t depth, size_t *len)
{
	struct actor	*wakers[CHAIN_WAKERS];
	struct lab	*lab = p->lab;
	size_t		 i, j, k, n;
	bool		 followed, seen;

	path[depth] = p;
	if (depth + 1 >= CHAIN_DEPTH)
		return false;
	for (i = 0; i < lab->nactors; i++) {
		struct actor *t = lab->actors[i];

		if (t->proc != p)
			continue;
		n = lab_wakers(t, wakers, CHAIN_WAKERS, &followed);
		for (j = 0; j < n; j++) {
			/* Waiting also for itself (it holds the other end
			 * too) is no cycle through others. */
			if (wakers[j] == start && depth > 0) {
				*len = depth + 1;
				return true;
			}
		}
		for (j = 0; j < n; j++) {
			for (k = 0, seen = false; k <= depth; k++)
				seen = seen || path[k] == wakers[j];
			if (!seen && walk(wakers[j], start, path, depth + 1, len))
				return true;
		}
	}
	return false;
}

/* A wait on a private futex with no timeout: only another thread of the
 * same process can end it (a lock, a condition, a join of the C library
 * or the language's runtime). */
static bool
waits_on_own_threads(const struct thread_wait *tw)
{
	return tw->kind == WAIT_FUTEX && !tw->on.futex.shared && tw->args[3] == 0;
}

/* Whether process p can move on its own: a thread of it that is not
 * blocked, or blocked in a wait the lab cannot follow (a sleep, a call
 * nobody here ends) but for a wait only its own threads end, or in one
 * that others than those the lab sees may end (a signal's, an accept's).
 * Its thread that can, in *why; thread except is not asked (the one
 * whose wait is being walked). */
static bool
may_move(struct actor *p, struct actor *except, struct actor **why)
{
	struct actor	*wakers[CHAIN_WAKERS];
	struct lab	*lab = p->lab;
	size_t		 i;
	bool		 followed;

	for (i = 0; i < lab->nactors; i++) {
		struct actor *t = lab->actors[i];

		if (t->proc != p || (t->is_thread && t->ended) || t == except)
			continue;
		(void)lab_wakers(t, wakers, CHAIN_WAKERS, &followed);
		if (actor_state(t) != STATE_BLOCKED ||
		    (!followed && !waits_on_own_threads(actor_wait(t))) ||
		    t->wakers_anyone[0] != '\0') {
			*why = t;
			return true;
		}
	}
	return false;
}

/* A descriptor of a process the lab does not list. */
struct unseen_ref {
	struct fd_id	 id;
	int		 access;
	pid_t		 pid;
};

static int
unseen_cmp(const void *a, const void *b)
{
	const struct unseen_ref	*x = a, *y = b;

	return fd_id_cmp(&x->id, &y->id);
}

/* Skip the processes the lab lists (procs_list's filter). */
static bool
listed(pid_t pid, ino_t dir_ino, void *arg)
{
	struct lab	*lab = arg;

	(void)dir_ino;
	return pid == lab->self || pid == lab->guardian || lab_actor_by_pid(lab, pid) != NULL;
}

#define UNSEEN_EVERY_NS	(5 * NS_PER_S)

/* Every descriptor of every process the lab does not list, read again
 * when older than UNSEEN_EVERY_NS or when fresh is asked. Not read while
 * a rule observes every process: then the lab lists them all. */
static void
unseen_read(struct lab *lab, bool fresh)
{
	struct proc_filter	 f;
	struct proc_list	 procs;
	struct fd_table		 t;
	size_t			 i, k, n = 0, cap = 0;

	for (i = 0; i < lab->nobserve_rules; i++) {
		if (lab->observe_rules[i].kind == OBSERVE_ALL) {
			lab->nunseen = 0;
			return;
		}
	}
	if (!fresh && lab->unseen_ns != 0 && now_ns() - lab->unseen_ns < UNSEEN_EVERY_NS)
		return;
	free(lab->unseen);
	lab->unseen = NULL;
	memset(&f, 0, sizeof f);
	f.skip = listed;
	f.skip_arg = lab;
	memset(&procs, 0, sizeof procs);
	memset(&t, 0, sizeof t);
	procs_list(&f, &procs);
	for (i = 0; i < procs.n; i++) {
		if (procs.v[i].kernel_thread || !probe_fds(procs.v[i].pid, &t, NULL))
			continue;
		for (k = 0; k < t.n; k++) {
			if (n == cap) {
				cap = cap == 0 ? 256 : cap * 2;
				lab->unseen = xreallocarray(lab->unseen, cap, sizeof *lab->unseen);
			}
			lab->unseen[n++] = (struct unseen_ref){ t.v[k].id, t.v[k].access,
			    procs.v[i].pid };
		}
	}
	fd_table_clear(&t);
	proc_list_clear(&procs);
	if (n > 1)
		qsort(lab->unseen, n, sizeof *lab->unseen, unseen_cmp);
	lab->nunseen = n;
	lab->unseen_ns = now_ns();
}

/* A process the lab does not list that may end one of p's threads'
 * waits: it holds a file they want, or is a process they want; 0 if
 * none. */
static pid_t
outside_waker(struct actor *p, bool fresh)
{
	struct lab		*lab = p->lab;
	struct unseen_ref	 key, *u;
	struct actor		*t;
	size_t			 i, k;

	for (i = 0; i < lab->nactors; i++) {
		t = lab->actors[i];
		if (t->proc != p || actor_state(t) != STATE_BLOCKED)
			continue;
		if (t->want_unlisted != 0)
			return t->want_unlisted;
		if (t->nwant_ids == 0)
			continue;
		unseen_read(lab, fresh);
		if (lab->nunseen == 0)
			continue;	/* (bsearch of no array) */
		for (k = 0; k < t->nwant_ids; k++) {
			key.id = t->want_ids[k];
			u = bsearch(&key, lab->unseen, lab->nunseen, sizeof *lab->unseen, unseen_cmp);
			if (u == NULL)
				continue;
			/* bsearch finds one of its holders: look at them all. */
			while (u > lab->unseen && fd_id_cmp(&u[-1].id, &key.id) == 0)
				u--;
			for (; u < lab->unseen + lab->nunseen && fd_id_cmp(&u->id, &key.id) == 0; u++) {
				if (t->want_access[k] == -1 || u->access == O_RDWR ||
				    u->access == t->want_access[k])
					return u->pid;
			}
		}
	}
	return 0;
}

/* Everything a's wait depends on, followed through every waker of every
 * thread: the first process in it that may move (*mover, its thread in
 * *thread; a's own process by another of its threads), or NULL when
 * none can: nobody can move. When none of those the lab lists can,
 * *outside is a process it does not list that may end one of the waits
 * (it holds a file one wants), or 0; fresh: its descriptors read now. */
static void
closure(struct actor *a, struct actor **mover, struct actor **thread, pid_t *outside,
    bool fresh)
{
	struct actor	*seen[CHAIN_DEPTH * 4], *wakers[CHAIN_WAKERS];
	struct lab	*lab = a->lab;
	size_t		 nseen = 0, next = 0, i, j, k, n;
	bool		 followed, known;

	*mover = *thread = NULL;
	*outside = 0;
	seen[nseen++] = a->proc;
	while (next < nseen) {
		struct actor *p = seen[next++];

		if (may_move(p, p == a->proc ? a : NULL, thread)) {
			*mover = p;
			return;
		}
		for (i = 0; i < lab->nactors; i++) {
			if (lab->actors[i]->proc != p)
				continue;
			n = lab_wakers(lab->actors[i], wakers, CHAIN_WAKERS, &followed);
			for (j = 0; j < n; j++) {
				for (k = 0, known = false; k < nseen; k++)
					known = known || seen[k] == wakers[j];
				if (!known && nseen < nitems(seen))
					seen[nseen++] = wakers[j];
			}
		}
	}
	/* None the lab lists can move: one it does not may yet. */
	for (i = 0; i < nseen && *outside == 0; i++)
		*outside = outside_waker(seen[i], fresh);
}

/* Whether a's process has other threads the lab lists, alive (an
 * actor's watcher thread is the lab's, not listed). */
static bool
other_threads(struct actor *a)
{
	struct lab	*lab = a->lab;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		if (lab->actors[i]->proc == a->proc && lab->actors[i] != a &&
		    !(lab->actors[i]->is_thread && lab->actors[i]->ended))
			return true;
	}
	return false;
}

void
lab_describe_chain(struct actor *a, struct desc *d)
{
	struct actor	*wakers[CHAIN_WAKERS], *path[CHAIN_DEPTH];
	struct buf	 b;
	size_t		 i, n, len = 0;
	bool		 followed, self = false, others = false;

	n = lab_wakers(a, wakers, CHAIN_WAKERS, &followed);
	if (!followed)
		return;
	desc_list(d, "waits_for");
	for (i = 0; i < n; i++) {
		desc_group(d, NULL);
		desc_word(d, "process", wakers[i]->name);
		desc_word(d, "state", actor_state_name(actor_state(wakers[i])));
		desc_close(d);
		if (wakers[i] == a->proc)
			self = true;
		else
			others = true;
	}
	desc_close(d);
	buf_init(&b);
	if (a->wakers_anyone[0] != '\0')
		buf_printf(&b, "%s may end it", a->wakers_anyone);
	else if (n == 0 && actor_wait(a)->kind == WAIT_CHILD)
		buf_adds(&b, "no child it waits for is one the lab sees (observe it)");
	else if (n == 0)
		buf_adds(&b, "nobody the lab sees holds the other end");
	else if (self && !others && !other_threads(a))
		buf_printf(&b, "deadlock: %s waits for itself, the only one that holds the other end",
		    a->proc->name);
	else {
		struct actor	*mover, *thread;
		pid_t		 outside;

		closure(a, &mover, &thread, &outside, false);
		if (mover == NULL && outside != 0) {
			struct proc_entry pe;

			buf_printf(&b, "pid %d", (int)outside);
			if (procs_read(outside, &pe))
				buf_printf(&b, " (%s)", pe.comm);
			buf_printf(&b, ", which the lab does not observe, may end it "
			    "(observe %d)", (int)outside);
		} else if (mover != NULL) {
			const struct thread_wait *tw;
			enum actor_state	 st = actor_state(thread);

			buf_printf(&b, "%s may end it", mover->name);
			if (st == STATE_STOPPED)
				buf_adds(&b, ", and is stopped");
			else if (st == STATE_BLOCKED) {
				tw = actor_wait(thread);
				buf_adds(&b, ", and is blocked");
				if (tw->name != NULL)
					buf_printf(&b, " in %s", tw->name);
			} else
				buf_printf(&b, ": it is %s", actor_state_name(st));
		} else if (walk(a->proc, a->proc, path, 0, &len) && len > 1) {
			buf_adds(&b, "deadlock: ");
			for (i = 0; i < len; i++)
				buf_printf(&b, "%s -> ", path[i]->name);
			buf_adds(&b, path[0]->name);
		} else
			buf_printf(&b, "nobody can move: every process %s waits for is blocked "
			    "by another of them", a->proc->name);
	}
	desc_string(d, "chain", b.data);
	buf_free(&b);
}

/* A cycle as one line, from its least name, so that the same cycle
 * seen from any of its processes is one line. */
static char *
cycle_key(struct actor **path, size_t len)
{
	struct buf	 b;
	size_t		 i, first = 0;

	for (i = 1; i < len; i++) {
		if (strcmp(path[i]->name, path[first]->name) < 0)
			first = i;
	}
	buf_init(&b);
	for (i = 0; i < len; i++)
		buf_printf(&b, "%s -> ", path[(first + i) % len]->name);
	buf_adds(&b, path[first]->name);
	return buf_take(&b);
}

/* Forget what was read of the processes of a cycle and their threads,
 * so that the next look reads them afresh. */
static void
forget_reads(struct lab *lab, struct actor **path, size_t len)
{
	struct actor	*a;
	size_t		 i, k;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		for (k = 0; k < len; k++) {
			if (a->proc == path[k]) {
				a->task_gen = 0;
				a->wait_gen = 0;
				a->wakers_gen = 0;
				break;
			}
		}
	}
}

/* Whether the cycle seen from t is still there when its processes are
 * read afresh: a new deadlock is told only then, not from reads a tick
 * carried over (a thread woken but not yet run reads as still asleep). */
static bool
cycle_confirmed(struct lab *lab, struct actor *t, struct actor **path, size_t len,
    const char *key)
{
	struct actor	*mover, *thread;
	char		*again;
	pid_t		 outside;
	bool		 same;

	forget_reads(lab, path, len);
	if (actor_state(t) != STATE_BLOCKED)
		return false;
	closure(t, &mover, &thread, &outside, true);
	len = 0;
	if (mover != NULL || outside != 0 || !walk(t->proc, t->proc, path, 0, &len) || len < 2)
		return false;
	again = cycle_key(path, len);
	same = strcmp(again, key) == 0;
	free(again);
	return same;
}

void
lab_chains_tick(struct lab *lab)
{
	struct actor	*path[CHAIN_DEPTH], *mover, *thread;
	char		**now = NULL, *key;
	size_t		 nnow = 0, i, j, len;
	pid_t		 outside;
	bool		 known, look = lab->observed_moved;

	/* A deadlock forms only when a process blocks: with no observed
	 * process that ran, came or went, and no call of the lab's in
	 * flight, the deadlocks are those of the last look. */
	for (i = 0; i < lab->nactors && !look; i++)
		look = !lab->actors[i]->observed && lab->actors[i]->call != NULL;
	if (!look)
		return;
	lab->observed_moved = false;
	for (i = 0; i < lab->nactors; i++) {
		struct actor		*t = lab->actors[i];
		const struct thread_wait *tw;

		/* An actor with no call in flight blocks in nothing: its
		 * task is not read for this (an idle lab reads no /proc). */
		if ((!t->observed && t->call == NULL) || actor_state(t) != STATE_BLOCKED)
			continue;
		tw = actor_wait(t);
		/* The lab's own lock waits are the file locks module's. */
		if (!t->observed && tw->kind == WAIT_FD && tw->on.fd.op == WAIT_FD_LOCK)
			continue;
		if (lab_wakers_anyone(t)[0] != '\0')
			continue;	/* others may end it */
		closure(t, &mover, &thread, &outside, false);
		len = 0;
		if (mover != NULL || outside != 0 || !walk(t->proc, t->proc, path, 0, &len) ||
		    len < 2)
			continue;
		key = cycle_key(path, len);
		for (j = 0, known = false; j < nnow; j++)
			known = known || strcmp(now[j], key) == 0;
		for (j = 0; !known && j < lab->ndeadlocks; j++) {
			if (strcmp(lab->deadlocks[j], key) == 0)
				break;
		}
		if (known || (j == lab->ndeadlocks && !cycle_confirmed(lab, t, path, len, key))) {
			free(key);
			continue;
		}
		now = xreallocarray(now, nnow + 1, sizeof *now);
		now[nnow++] = key;
	}
	/* Each deadlock is told once, as it forms. */
	for (i = 0; i < nnow; i++) {
		for (j = 0, known = false; j < lab->ndeadlocks; j++)
			known = known || strcmp(lab->deadlocks[j], now[i]) == 0;
		if (!known)
			lab_record(lab, RECORD_DEADLOCK, NULL, REC_ERROR, NULL,
			    "deadlock: %s; none of them can go on until one is ended or interrupted",
			    now[i]);
	}
	lab_deadlocks_free(lab);
	lab->deadlocks = now;
	lab->ndeadlocks = nnow;
}

void
lab_deadlocks_free(struct lab *lab)
{
	size_t	 i;

	for (i = 0; i < lab->ndeadlocks; i++)
		free(lab->deadlocks[i]);
	free(lab->deadlocks);
	lab->deadlocks = NULL;
	lab->ndeadlocks = 0;
}
