/* observe.c: processes the lab did not make, observed. One is chosen by
 * its pid, or by a rule that follows every process matching it (all, a
 * user's, a command name's), now and as they start. Each becomes an
 * actor that has no channel and takes no calls (struct actor's
 * observed), addressed by its pidfd, so that a pid used again is never
 * taken for it; its threads are followed on each tick. The lab never
 * signals an observed process on its own, nor tells the guardian of it:
 * observing changes nothing of what is observed. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab.h"
#include "guard.h"
#include "lab_int.h"
#include "mechanism.h"
#include "probe.h"
#include "procs.h"

/* A kernel thread (PF_KTHREAD: kthreadd and its children). Nothing of
 * IPC to see. Not told by pid 2 and its children: in a pid namespace (a
 * container) pid 2 is anybody's. */
static bool
proc_is_kernel(const struct proc_entry *pe)
{
	return pe->kernel_thread;
}

/* Whether pid is the lab's own: the controller, its guardian, an actor
 * or an actor's thread. */
static bool
proc_is_labs(struct lab *lab, pid_t pid)
{
	struct actor	*a;

	if (pid == lab->self || (lab->guardian != 0 && pid == lab->guardian) ||
	    guard_is_helper(pid))
		return true;
	a = lab_actor_by_pid(lab, pid);
	return a != NULL && !a->observed;
}

/* The name an observed process goes by: its command, as a name may be
 * written (letters, digits, _ and -, starting with a letter), then its
 * pid: "cat-4242". */
static char *
observed_name(struct lab *lab, const char *comm, pid_t pid)
{
	struct buf	 b;
	const char	*c;
	char		*name;
	int		 n;

	buf_init(&b);
	if (!isalpha((unsigned char)comm[0]))
		buf_addc(&b, 'p');
	for (c = comm; *c != '\0'; c++)
		buf_addc(&b, isalnum((unsigned char)*c) || *c == '_' || *c == '-' ? *c : '_');
	buf_printf(&b, "-%d", (int)pid);
	name = buf_take(&b);
	for (n = 2; lab_actor(lab, name) != NULL || lab_object(lab, name) != NULL; n++) {
		char *next = xasprintf("%s-%d", name, n);

		free(name);
		name = next;
		if (n > 99)
			break;
	}
	return name;
}

/* The threads of observed process p as the kernel has them now: a new
 * one becomes a thread actor ("cat-4242.t4250"), one that is gone is
 * marked ended. */
static void
observed_threads(struct lab *lab, struct actor *p, const struct tid_list *listed)
{
	struct tid_list	 tids;
	struct actor	*a;
	char		*name;
	bool		*seen;
	size_t		 i, k, first = lab->nactors;

	memset(&tids, 0, sizeof tids);
	if (listed != NULL && listed->ok)
		tids = *listed;
	else if (!procs_threads(p->pid, &tids)) {
		tid_list_clear(&tids);
		return;
	}
	/* A process of one thread has no thread actors to find. */
	if (tids.n == 1 && tids.v[0] == p->pid) {
		for (i = 0; i < first; i++) {
			a = lab->actors[i];
			if (a->is_thread && a->proc == p && !a->ended) {
				a->ended = true;
				lab_changed(lab);
			}
		}
		if (listed == NULL || !listed->ok)
			tid_list_clear(&tids);
		return;
	}
	seen = xcalloc(lab->nactors + 1, sizeof *seen);
	for (k = 0; k < tids.n; k++) {
		if (tids.v[k] == p->pid)
			continue;
		for (i = 0; i < first; i++) {
			a = lab->actors[i];
			if (a->is_thread && a->proc == p && a->tid == tids.v[k] && !a->ended) {
				seen[i] = true;
				break;
			}
		}
		if (i < first)
			continue;
		name = xasprintf("%s.t%d", p->name, (int)tids.v[k]);
		lab_actor_observed(lab, name, p, p->pid, tids.v[k], -1);
		free(name);
	}
	if (listed == NULL || !listed->ok)
		tid_list_clear(&tids);
	for (i = 0; i < first; i++) {
		a = lab->actors[i];
		if (a->is_thread && a->proc == p && !a->ended && !seen[i]) {
			a->ended = true;
			lab_changed(lab);
		}
	}
	free(seen);
}

/* The processes unobserve took away while a rule follows them
 * (lab->observe_left): one is let go of as it is observed by pid again,
 * and once it has ended (its pid gone, or another process's). */
static void
left_drop(struct lab *lab, pid_t pid)
{
	size_t	 i;

	for (i = 0; i < lab->nobserve_left; i++) {
		if (lab->observe_left[i].pid == pid) {
			lab->observe_left[i] = lab->observe_left[--lab->nobserve_left];
			return;
		}
	}
}

static bool
left_has(struct lab *lab, pid_t pid)
{
	size_t	 i;

	for (i = 0; i < lab->nobserve_left; i++) {
		if (lab->observe_left[i].pid == pid)
			return true;
	}
	return false;
}

static void
left_prune(struct lab *lab)
{
	struct proc_entry	 pe;
	size_t			 i = 0;

	while (i < lab->nobserve_left) {
		if (!procs_read(lab->observe_left[i].pid, &pe) ||
		    pe.start != lab->observe_left[i].start || pe.state == 'Z' || pe.state == 'X')
			lab->observe_left[i] = lab->observe_left[--lab->nobserve_left];
		else
			i++;
	}
}

bool
lab_observe_pid(struct lab *lab, pid_t pid, int rule, struct actor **out, char **cause)
{
	struct proc_entry	 pe;
	struct actor		*a;
	char			*name;
	int			 pidfd;

	*out = NULL;
	a = lab_actor_by_pid(lab, pid);
	if (a != NULL && a->observed && a->life == ACTOR_ALIVE) {
		*out = a;
		return true;
	}
	if (a != NULL && !a->observed && a->life != ACTOR_REAPED) {
		*cause = xasprintf("pid %d is the lab's actor %s", (int)pid, a->name);
		return false;
	}
	if (pid == lab->self || (lab->guardian != 0 && pid == lab->guardian)) {
		*cause = xasprintf("pid %d is ipcscope's own %s", (int)pid,
		    pid == lab->self ? "controller" : "guardian");
		return false;
	}
	/* The pidfd first: what is read after it is of this process, and
	 * it says when this one ends, whatever takes its pid later. */
	pidfd = sys_pidfd_open(pid, 0);
	if (pidfd == -1) {
		*cause = errno == ESRCH ? xasprintf("no process %d", (int)pid) :
		    xasprintf("cannot observe pid %d: pidfd_open: %s", (int)pid, errno_str(errno));
		return false;
	}
	if (!procs_read(pid, &pe) || pe.state == 'Z' || pe.state == 'X') {
		close(pidfd);
		*cause = xasprintf("pid %d has ended", (int)pid);
		return false;
	}
	if (proc_is_kernel(&pe)) {
		close(pidfd);
		*cause = xasprintf("pid %d is a kernel thread (%s): it has no descriptors, "
		    "memory or calls of its own to observe", (int)pid, pe.comm);
		return false;
	}
	if (rule == 0)
		left_drop(lab, pid);
	name = observed_name(lab, pe.comm, pid);
	a = lab_actor_observed(lab, name, NULL, pid, pid, pidfd);
	a->start_time = pe.start;
	/* Its threads; its first stamp is taken on the first tick (which
	 * reads its descriptors again, once): a listing (--list) that ends
	 * before any tick need not take it. */
	a->quiet_since = now_ns();
	procs_threads(pid, &a->tids);
	a->rule = rule;
	free(name);
	observed_threads(lab, a, &a->tids);
	if (rule != 0)
		lab_record(lab, RECORD_OBSERVE, a->name, REC_INFO, NULL,
		    "observing %s: pid %d (%s), which matches %s", a->name, (int)pid, pe.comm,
		    lab->observe_rules[rule - 1].text);
	else
		lab_record(lab, RECORD_OBSERVE, a->name, REC_INFO, NULL,
		    "observing %s: pid %d (%s)", a->name, (int)pid, pe.comm);
	if (rule == 0)
		lab_observed_objects(lab);
	*out = a;
	return true;
}

static bool
rule_matches(const struct observe_rule *r, const struct proc_entry *pe)
{
	switch (r->kind) {
	case OBSERVE_ALL:
		return true;
	case OBSERVE_USER:
		return pe->uid == r->uid;
	case OBSERVE_COMM:
		return strcmp(pe->comm, r->comm) == 0;
	}
	return false;
}

/* Kernel threads and zombies passed over are all read again this often. */
#define OBSERVE_PASSED_NS	(30 * NS_PER_S)

/* Every process now that a rule matches and is not observed yet is
 * observed; how many. */
struct pids {
	pid_t			*v;
	size_t			 n;
	/* The passed over, and those of them seen again in this scan. */
	const struct observe_passed *passed;
	size_t			 npassed;
	struct observe_passed	*again;
	size_t			 nagain;
};

static int
pid_cmp(const void *a, const void *b)
{
	pid_t	 x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static int
passed_cmp(const void *a, const void *b)
{
	const struct observe_passed	*x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static bool
pid_known(pid_t pid, ino_t dir_ino, void *arg)
{
	struct pids			*known = arg;
	struct observe_passed		 key = { pid, 0 };
	const struct observe_passed	*p;

	if (bsearch(&pid, known->v, known->n, sizeof *known->v, pid_cmp) != NULL)
		return true;
	/* A kernel thread or a zombie stays one while its directory does. */
	p = known->npassed == 0 ? NULL : bsearch(&key, known->passed, known->npassed,
	    sizeof *known->passed, passed_cmp);
	if (p == NULL || dir_ino == 0 || p->dir_ino != dir_ino)
		return false;
	known->again[known->nagain++] = *p;
	return true;
}

static size_t
rules_scan(struct lab *lab)
{
	struct proc_filter	 f;
	struct pids		 known;
	struct proc_list	 procs;
	struct proc_entry	*pe;
	struct actor		*a;
	char			*cause;
	size_t			 i, k, added = 0;

	if (lab->nobserve_rules == 0)
		return 0;
	/* Those the lab has already are not read again: of a whole machine,
	 * only the processes new since the last tick are. */
	left_prune(lab);
	memset(&known, 0, sizeof known);
	known.v = xcalloc(lab->nactors + lab->nobserve_left + 2, sizeof *known.v);
	for (i = 0; i < lab->nobserve_left; i++)
		known.v[known.n++] = lab->observe_left[i].pid;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life != ACTOR_REAPED)
			known.v[known.n++] = a->pid;
	}
	known.v[known.n++] = lab->self;
	if (lab->guardian != 0)
		known.v[known.n++] = lab->guardian;
	qsort(known.v, known.n, sizeof *known.v, pid_cmp);
	/* The machine's kernel threads (often more than its processes) and
	 * zombies are read once, and then passed over while /proc lists
	 * them with the same directory; every 30 s all are read again. */
	if (now_ns() - lab->passed_ns > OBSERVE_PASSED_NS) {
		lab->nobserve_passed = 0;
		lab->passed_ns = now_ns();
	}
	known.passed = lab->observe_passed;
	known.npassed = lab->nobserve_passed;
	known.again = xcalloc(lab->nobserve_passed + 1, sizeof *known.again);
	memset(&f, 0, sizeof f);
	f.skip = pid_known;
	f.skip_arg = &known;
	memset(&procs, 0, sizeof procs);
	procs_list(&f, &procs);
	free(known.v);
	for (k = 0; k < procs.n; k++) {
		pe = &procs.v[k];
		a = lab_actor_by_pid(lab, pe->pid);
		if ((a != NULL && a->life != ACTOR_REAPED) || proc_is_labs(lab, pe->pid) ||
		    left_has(lab, pe->pid))
			continue;
		if (proc_is_kernel(pe) || pe->state == 'Z' || pe->state == 'X') {
			if (pe->dir_ino != 0) {
				known.again = xreallocarray(known.again, known.nagain + 1,
				    sizeof *known.again);
				known.again[known.nagain++] =
				    (struct observe_passed){ pe->pid, pe->dir_ino };
			}
			continue;
		}
		for (i = 0; i < lab->nobserve_rules; i++) {
			if (!rule_matches(&lab->observe_rules[i], pe))
				continue;
			cause = NULL;
			if (lab_observe_pid(lab, pe->pid, (int)i + 1, &a, &cause))
				added++;
			free(cause);	/* it ended meanwhile */
			break;
		}
	}
	proc_list_clear(&procs);
	/* Those not listed now are gone. */
	if (known.nagain > 1)
		qsort(known.again, known.nagain, sizeof *known.again, passed_cmp);
	free(lab->observe_passed);
	lab->observe_passed = known.again;
	lab->nobserve_passed = known.nagain;
	return added;
}

bool
lab_observe_rule(struct lab *lab, enum observe_kind kind, const char *arg, size_t *added,
    char **cause)
{
	struct observe_rule	 r;
	struct passwd		*pw;
	char			*end;
	size_t			 i;

	memset(&r, 0, sizeof r);
	r.kind = kind;
	switch (kind) {
	case OBSERVE_ALL:
		r.text = xstrdup("all");
		break;
	case OBSERVE_USER:
		if ((pw = getpwnam(arg)) != NULL)
			r.uid = pw->pw_uid;
		else {
			errno = 0;
			r.uid = (uid_t)strtoul(arg, &end, 10);
			if (arg[0] == '\0' || *end != '\0' || errno != 0) {
				*cause = xasprintf("no user called %s", arg);
				return false;
			}
		}
		r.text = xasprintf("user %s", arg);
		break;
	case OBSERVE_COMM:
		if (strlen(arg) > 15) {
			*cause = xasprintf("a command name is at most 15 characters in the kernel "
			    "(comm), and '%.32s' is longer", arg);
			return false;
		}
		r.comm = xstrdup(arg);
		r.text = xasprintf("comm %s", arg);
		break;
	}
	for (i = 0; i < lab->nobserve_rules; i++) {
		if (strcmp(lab->observe_rules[i].text, r.text) == 0)
			break;
	}
	if (i == lab->nobserve_rules) {
		lab->observe_rules = xreallocarray(lab->observe_rules, lab->nobserve_rules + 1,
		    sizeof *lab->observe_rules);
		lab->observe_rules[lab->nobserve_rules++] = r;
		/* A new rule takes what it matches, even what was taken away. */
		for (i = 0; i < lab->nobserve_left; ) {
			struct proc_entry pe;

			if (procs_read(lab->observe_left[i].pid, &pe) &&
			    rule_matches(&lab->observe_rules[lab->nobserve_rules - 1], &pe))
				lab->observe_left[i] = lab->observe_left[--lab->nobserve_left];
			else
				i++;
		}
	} else {
		free(r.comm);
		free(r.text);
	}
	*added = rules_scan(lab);
	lab_observed_objects(lab);
	return true;
}

void
lab_observe_rules_free(struct lab *lab)
{
	size_t	 i;

	for (i = 0; i < lab->nobserve_rules; i++) {
		free(lab->observe_rules[i].comm);
		free(lab->observe_rules[i].text);
	}
	free(lab->observe_rules);
	lab->observe_rules = NULL;
	lab->nobserve_rules = 0;
	freep(&lab->observe_left);
	lab->nobserve_left = 0;
	freep(&lab->observe_passed);
	lab->nobserve_passed = 0;
}

/* Stop observing the marked processes (and their threads). */
static void
drop(struct lab *lab, bool *gone, const char *why)
{
	struct buf	 names;

	buf_init(&names);
	lab->observed_moved = true;
	lab_drop_actors(lab, gone, &names);
	if (names.len > 0 && why != NULL)
		lab_record(lab, RECORD_OBSERVE, NULL, REC_INFO, NULL, "%s: %s", why, names.data);
	buf_free(&names);
}

/* A process taken away by name that a rule matches is not taken again
 * by it (nor by another rule) while it runs: the rule that matches it,
 * or NULL. */
static const char *
left_add(struct lab *lab, struct actor *a)
{
	struct proc_entry	 pe;
	size_t			 i;

	if (a->life == ACTOR_REAPED || !procs_read(a->pid, &pe) || pe.start != a->start_time)
		return NULL;
	for (i = 0; i < lab->nobserve_rules; i++) {
		if (rule_matches(&lab->observe_rules[i], &pe))
			break;
	}
	if (i == lab->nobserve_rules)
		return NULL;
	if (left_has(lab, a->pid))
		return lab->observe_rules[i].text;
	lab->observe_left = xreallocarray(lab->observe_left, lab->nobserve_left + 1,
	    sizeof *lab->observe_left);
	lab->observe_left[lab->nobserve_left].pid = a->pid;
	lab->observe_left[lab->nobserve_left++].start = pe.start;
	return lab->observe_rules[i].text;
}

size_t
lab_unobserve(struct lab *lab, struct actor *only)
{
	const char	*rule = NULL;
	char		*name = NULL;
	bool		*gone;
	size_t		 i, n = 0;
	pid_t		 pid = 0;

	if (only == NULL)
		lab_observe_rules_free(lab);
	else if ((rule = left_add(lab, only)) != NULL) {
		name = xstrdup(only->name);
		pid = only->pid;
	}
	gone = xcalloc(lab->nactors + 1, sizeof *gone);
	for (i = 0; i < lab->nactors; i++) {
		struct actor *a = lab->actors[i];

		if (a->observed && !a->is_thread && (only == NULL || a == only)) {
			gone[i] = true;
			n++;
		}
	}
	drop(lab, gone, "no longer observed");
	free(gone);
	if (rule != NULL)
		lab_record(lab, RECORD_OBSERVE, NULL, REC_INFO, NULL,
		    "%s matches %s, which leaves it alone while it runs (observe %d takes "
		    "it back)", name, rule, (int)pid);
	free(name);
	lab_observed_objects(lab);
	return n;
}

void
lab_observe_tick(struct lab *lab)
{
	struct actor	*a;
	bool		*gone = NULL;
	struct proc_entry pe;
	size_t		 i, n = lab->nactors;
	int64_t		 t;

	for (i = 0; i < n; i++) {
		a = lab->actors[i];
		if (!a->observed || a->is_thread)
			continue;
		a->still = false;
		if (a->life == ACTOR_ALIVE) {
			struct run_stamp	 now;

			/* A process that has not run cannot have changed its
			 * threads or its descriptors: they are read again only
			 * if it ran (or a file's stat was slow). Its threads are
			 * listed again only then. */
			t = now_ns();
			if (a->fds.nslow == 0 && procs_run_stamp_known(a->pid, &now, &a->tids) &&
			    !run_stamp_ran(&a->stamp, &now))
				a->still = true;
			else {
				tid_list_clear(&a->tids);
				if (!procs_run_stamp_tids(a->pid, &now, &a->tids) ||
				    run_stamp_ran(&a->stamp, &now) || a->fds.nslow > 0) {
					observed_threads(lab, a, &a->tids);
					actor_fds_stale(a);
					a->quiet_since = t;
					lab->observed_moved = true;
				} else
					a->still = true;
			}
			a->stamp = now;
		}
		/* A zombie whose parent reaped it is gone. */
		if (a->life == ACTOR_ZOMBIE) {
			if (!procs_read(a->pid, &pe) || pe.start != a->start_time ||
			    pe.state != 'Z') {
				actor_set_life(a, ACTOR_REAPED);
				free(a->reaped_by);
				a->reaped_by = xstrdup("its parent");
				lab_record(lab, RECORD_REAP, a->name, REC_INFO, NULL,
				    "%s reaped by its parent", a->name);
				lab_changed(lab);
			}
		}
		/* What a rule observed goes once it is gone from the kernel;
		 * what was chosen by pid stays listed until forget. */
		if (a->rule != 0 && a->life == ACTOR_REAPED) {
			if (gone == NULL)
				gone = xcalloc(lab->nactors + 1, sizeof *gone);
			gone[i] = true;
		}
	}
	if (gone != NULL)
		drop(lab, gone, NULL);
	free(gone);
	/* Observed threads that ended go at once: thread pools come and go. */
	gone = NULL;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->observed && a->is_thread && a->ended) {
			if (gone == NULL)
				gone = xcalloc(lab->nactors + 1, sizeof *gone);
			gone[i] = true;
		}
	}
	if (gone != NULL)
		drop(lab, gone, NULL);
	free(gone);
	if (rules_scan(lab) > 0)
		lab->observed_moved = true;
	lab_observed_objects(lab);
}

/* What observed processes hold, and the machine's System V objects, as
 * the lab's objects (mechanism.h: observe_fd, observe_machine), marked
 * observed: made as they appear, dropped as they go, never removed or
 * closed by the lab. */

/* The machine's objects are listed whatever the kernel says this often:
 * what the stamps miss is an object removed and another made at its
 * index between two ticks (its counts as they were), a rare pair; a
 * listing of a machine's thousands costs some milliseconds. */
#define OBSERVE_RELIST_NS	(30 * NS_PER_S)

/* What the observed objects were last made from: the generation (the
 * tables read since are looked at again), the descriptors' version,
 * what each mechanism said of the machine's (by its place in the
 * registry), and the files no mechanism made an object of (sorted), not
 * asked again while held. */
struct observed_sync {
	bool		 synced;
	uint64_t	 gen;
	uint64_t	 fds_version;
	uint64_t	 fds_reads;
	uint64_t	*stamps;
	int64_t		 listed_ns;
	struct fd_id	*declined;
	size_t		 ndeclined;
};

void
lab_observed_sync_free(struct lab *lab)
{
	size_t	 k;

	for (k = 0; k < KSYSV_NKINDS; k++)
		ksysv_table_clear(&lab->sysv[k]);
	if (lab->observed_sync == NULL)
		return;
	free(lab->observed_sync->stamps);
	free(lab->observed_sync->declined);
	freep(&lab->observed_sync);
}

static int
fd_id_qcmp(const void *a, const void *b)
{
	return fd_id_cmp(a, b);
}

/* One object to make. */
struct observed_new {
	struct observed_fd	 of;
	const struct fd_entry	*fe;		/* the descriptor it was seen through, or NULL */
	int			 fd;		/* ...its number */
	struct actor		*holder;
	int64_t			 number;	/* observe_machine's, or -1 */
};

/* What processes hold first, then the machine's, by number: the lists
 * show them in the order they are made. */
static int
observed_new_cmp(const void *a, const void *b)
{
	const struct observed_new	*x = a, *y = b;
	int				 c;

	if ((x->number < 0) != (y->number < 0))
		return x->number < 0 ? -1 : 1;
	if (x->number >= 0)
		return (x->number > y->number) - (x->number < y->number);
	c = fd_id_cmp(&x->of.ids[0], &y->of.ids[0]);
	return c != 0 ? c : strcmp(x->of.name, y->of.name);
}

static int
int64_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static struct observed_new *
new_push(struct observed_new **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap < 16 ? 16 : *cap * 2;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	memset(&(*v)[*n], 0, sizeof **v);
	return &(*v)[(*n)++];
}

/* The machine's objects of mechanism m: the new ones go to v, those gone
 * are marked in gone (by place in the lab's list). */
static void
machine_sync(struct lab *lab, const struct mechanism *m, uint64_t *stamp, bool observing,
    bool *gone, struct observed_new **v, size_t *n, size_t *cap)
{
	struct observed_new	*e;
	int64_t			*now = NULL, *known;
	ssize_t			 got = 0;
	size_t			 i, nknown = 0;

	if (observing) {
		if (!lab->observed_sync->synced)
			*stamp = 0;
		got = m->observe_machine(lab, stamp, &now);
		if (got < 0)
			return;		/* nothing changed */
	}
	/* Those it has: gone unless the machine has them still. */
	known = xcalloc(lab->nobjects + 1, sizeof *known);
	for (i = 0; i < lab->nobjects; i++) {
		struct object	*o = lab->objects[i];

		if (!o->observed || o->mech != m || o->observed_number < 0)
			continue;
		if (got == 0 || bsearch(&o->observed_number, now, (size_t)got, sizeof *now,
		    int64_cmp) == NULL)
			gone[i] = true;
		else
			known[nknown++] = o->observed_number;
	}
	qsort(known, nknown, sizeof *known, int64_cmp);
	for (i = 0; i < (size_t)got; i++) {
		if (nknown > 0 && bsearch(&now[i], known, nknown, sizeof *known, int64_cmp) != NULL)
			continue;
		e = new_push(v, n, cap);
		e->of.mech = m;
		e->number = now[i];
		snprintf(e->of.name, sizeof e->of.name, "%s-%lld", m->name, (long long)now[i]);
	}
	free(known);
	free(now);
}

/* The files observed processes hold that no object has yet: each a new
 * one in v (those of a shared_inode kind, told apart only by kcmp, in
 * shared); observed objects nobody holds any more are marked in gone. */
static void
fds_sync(struct lab *lab, bool *gone, struct observed_new **v, size_t *n, size_t *cap,
    struct observed_new **shared, size_t *nshared, size_t *shared_cap)
{
	struct observed_sync	*os = lab->observed_sync;
	const struct fd_table	*t;
	const struct mechanism	*m;
	struct observed_new	*e, ne;
	struct fd_id		*declined = NULL;
	struct actor		*p, *h;
	size_t			 i, j, ndeclined = 0, dcap = 0;
	int			 fd;

	for (i = 0; i < lab->nactors; i++) {
		p = lab->actors[i];
		if (!p->observed || p->is_thread || p->life != ACTOR_ALIVE)
			continue;
		/* Only the tables read again since the last look: the others
		 * are as they were (their process has not run). */
		t = actor_fds(p);
		if (os->synced && p->fds_gen < os->gen)
			continue;
		for (j = 0; j < t->n; j++) {
			if (lab_object_by_id(lab, &t->v[j].id, NULL) != NULL)
				continue;
			if ((m = lab_claimed_by(lab, &t->v[j])) == NULL || m->observe_fd == NULL)
				continue;
			memset(&ne, 0, sizeof ne);
			if ((os->ndeclined > 0 && bsearch(&t->v[j].id, os->declined, os->ndeclined,
			    sizeof *os->declined, fd_id_qcmp) != NULL) ||
			    !m->observe_fd(lab, p, &t->v[j], &ne.of) || ne.of.mech == NULL) {
				/* Not asked again while it is held (a netlink
				 * socket sock_diag does not dump), unless it
				 * may be another time (a file not locked yet). */
				if (ne.of.retry)
					continue;
				if (ndeclined == dcap) {
					dcap = dcap < 16 ? 16 : dcap * 2;
					declined = xreallocarray(declined, dcap, sizeof *declined);
				}
				declined[ndeclined++] = t->v[j].id;
				continue;
			}
			ne.fe = &t->v[j];
			ne.fd = t->v[j].fd;
			ne.holder = p;
			ne.number = -1;
			if (ne.of.mech->shared_inode)
				e = new_push(shared, nshared, shared_cap);
			else
				e = new_push(v, n, cap);
			*e = ne;
		}
	}
	/* Those of tables not looked at stay declined while still held. */
	for (i = 0; i < os->ndeclined; i++) {
		if (!lab_file_held(lab, &os->declined[i]))
			continue;
		if (ndeclined == dcap) {
			dcap = dcap < 16 ? 16 : dcap * 2;
			declined = xreallocarray(declined, dcap, sizeof *declined);
		}
		declined[ndeclined++] = os->declined[i];
	}
	if (ndeclined > 1)
		qsort(declined, ndeclined, sizeof *declined, fd_id_qcmp);
	for (i = j = 0; i < ndeclined; i++) {
		if (j == 0 || !fd_id_eq(&declined[j - 1], &declined[i]))
			declined[j++] = declined[i];
	}
	free(os->declined);
	os->declined = declined;
	os->ndeclined = j;
	/* Tables read again but as they were take no holder away. */
	for (i = 0; i < lab->nobjects && (!os->synced || lab->fds_version != os->fds_version); i++) {
		struct object	*o = lab->objects[i];

		if (o->observed && o->observed_number < 0 && !lab_find_holder(o, -1, -1, &h, &fd))
			gone[i] = true;
	}
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The actors' names, sorted (NULL: none asked for yet), for name_taken
 * of thousands of new objects at once. */
struct actor_names {
	const char	**v;
	size_t		  n;
};

static void
actor_names_read(struct lab *lab, struct actor_names *an)
{
	size_t	 i;

	an->v = xcalloc(lab->nactors + 1, sizeof *an->v);
	for (i = 0; i < lab->nactors; i++)
		an->v[i] = lab->actors[i]->name;
	an->n = lab->nactors;
	qsort(an->v, an->n, sizeof *an->v, str_cmp);
}

/* Whether a name is taken (by an object, or an actor: of an, if given). */
static bool
name_taken(struct lab *lab, const char *name, const struct actor_names *an)
{
	if (lab_object(lab, name) != NULL)
		return true;
	if (an == NULL)
		return lab_actor(lab, name) != NULL;
	return bsearch(&name, an->v, an->n, sizeof *an->v, str_cmp) != NULL;
}

/* Make e's object: its name, if taken, with -2, -3... after it. */
static void
observed_make(struct lab *lab, struct observed_new *e, bool check)
{
	struct object	*o;
	char		 name[64];
	int		 k;

	snprintf(name, sizeof name, "%s", e->of.name);
	for (k = 2; check && name_taken(lab, name, NULL) && k < 1000; k++)
		snprintf(name, sizeof name, "%s-%d", e->of.name, k);
	o = lab_object_observed(lab, name, e->of.mech, e->of.ids, e->of.nids, e->holder,
	    e->fe != NULL ? e->fe->fd : -1);
	o->observed_number = e->number;
	if (e->of.mech->observe_init != NULL)
		e->of.mech->observe_init(o, e->fe, e->number);
}

void
lab_observed_objects(struct lab *lab)
{
	const struct mechanism	*const *m;
	struct observed_new	*v = NULL, *shared = NULL;
	struct observed_sync	*os;
	struct actor_names	 an = { NULL, 0 };
	struct buf		 names;
	bool			*gone, observing = lab->nobserve_rules > 0, any = false;
	size_t			 i, n = 0, cap = 0, nshared = 0, shared_cap = 0, k, before;
	uint64_t		 listed_gen;
	bool			 fds;

	for (i = 0; i < lab->nactors && !observing; i++)
		observing = lab->actors[i]->observed && !lab->actors[i]->is_thread;
	for (i = 0; i < lab->nobjects && !any; i++)
		any = lab->objects[i]->observed;
	if (lab->observed_sync == NULL)
		lab->observed_sync = xcalloc(1, sizeof *lab->observed_sync);
	os = lab->observed_sync;
	if (!observing && !any) {
		os->synced = false;
		return;
	}
	/* A steady tick reads nothing again: descriptor tables change only
	 * when their process ran (fds_version), and each kind of the
	 * machine's says whether its objects changed. A table to be read
	 * (a process new, or one that ran) is read now, which moves the
	 * version. */
	for (i = 0; i < lab->nactors; i++) {
		struct actor *p = lab->actors[i];

		if (p->observed && !p->is_thread && p->life == ACTOR_ALIVE && !p->fds_valid)
			(void)actor_fds(p);
	}
	before = lab->nobjects;
	gone = xcalloc(before + 1, sizeof *gone);
	fds = !os->synced || lab->fds_version != os->fds_version || lab->fds_reads != os->fds_reads ||
	    !observing;
	if (fds)
		fds_sync(lab, gone, &v, &n, &cap, &shared, &nshared, &shared_cap);
	/* A machine's objects can be made and removed leaving what the
	 * kernel says cheaply the same: listed anyway now and then. */
	if (os->stamps == NULL) {
		for (k = 0, m = lab->verbs->mechanisms(); *m != NULL; m++)
			k++;
		os->stamps = xcalloc(k + 1, sizeof *os->stamps);
	}
	if (now_ns() - os->listed_ns >= OBSERVE_RELIST_NS) {
		os->listed_ns = now_ns();
		for (m = lab->verbs->mechanisms(); *m != NULL; m++)
			os->stamps[m - lab->verbs->mechanisms()] = 0;
	}
	listed_gen = lab->gen;
	for (m = lab->verbs->mechanisms(); *m != NULL; m++) {
		if ((*m)->observe_machine != NULL)
			machine_sync(lab, *m, &os->stamps[m - lab->verbs->mechanisms()],
			    observing, gone, &v, &n, &cap);
	}
	/* One object for the two ends of a pair, and for a file two
	 * processes hold. */
	if (n > 1)
		qsort(v, n, sizeof *v, observed_new_cmp);
	for (i = k = 0; i < n; i++) {
		if (k > 0 && v[i].number < 0 && v[k - 1].number < 0 &&
		    fd_id_eq(&v[i].of.ids[0], &v[k - 1].of.ids[0]))
			continue;
		v[k++] = v[i];
	}
	n = k;
	/* Taken names first, while the lists stand; then made all at once. */
	if (n > 0)
		actor_names_read(lab, &an);
	for (i = 0; i < n; i++) {
		if (name_taken(lab, v[i].of.name, &an)) {
			observed_make(lab, &v[i], true);
			v[i].of.mech = NULL;
		}
	}
	for (i = 0; i < n; i++) {
		if (v[i].of.mech != NULL)
			observed_make(lab, &v[i], false);
	}
	free(an.v);
	/* A shared_inode file is told apart only once the lab has a
	 * duplicate of one: each is asked again after those made. */
	for (i = 0; i < nshared; i++) {
		const struct fd_entry *fe;

		/* Read again: the table may have moved since it was looked at. */
		lab_fd_reread(shared[i].holder, shared[i].fd);
		fe = fd_table_find(actor_fds(shared[i].holder), shared[i].fd);
		if (fe == NULL || lab_object_by_id(lab, &fe->id, NULL) != NULL)
			continue;
		shared[i].fe = fe;
		observed_make(lab, &shared[i], true);
	}
	/* gone was sized before the new ones, which are at the list's end. */
	for (i = 0; i < before && !gone[i]; i++)
		;
	buf_init(&names);
	if (i < before) {
		bool	*g = xcalloc(lab->nobjects + 1, sizeof *g);
		bool	*ga = xcalloc(lab->nactors + 1, sizeof *ga);

		memcpy(g, gone, before * sizeof *g);
		lab_drop_marked(lab, ga, g, &names);
		free(g);
		free(ga);
	}
	buf_free(&names);
	if (n + nshared > 0)
		lab_changed(lab);
	/* What was made and dropped is the lab's doing, not the kernel's:
	 * the machine's System V objects as read for it are of this sample
	 * still, for their descriptions and health. */
	for (k = 0; k < KSYSV_NKINDS; k++) {
		if (ksysv_fresh(&lab->sysv[k], (enum ksysv_kind)k, listed_gen))
			lab->sysv[k].gen = lab->gen;
	}
	os->fds_version = lab->fds_version;
	os->fds_reads = lab->fds_reads;
	os->gen = lab->gen;
	os->synced = observing;
	free(gone);
	free(v);
	free(shared);
}
