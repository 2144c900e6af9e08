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
#include "lab_int.h"
#include "probe.h"
#include "procs.h"

/* A kernel thread: kthreadd and its children. Nothing of IPC to see. */
static bool
proc_is_kernel(const struct proc_entry *pe)
{
	return pe->kernel_thread || pe->pid == 2 || pe->ppid == 2;
}

/* Whether pid is the lab's own: the controller, its guardian, an actor
 * or an actor's thread. */
static bool
proc_is_labs(struct lab *lab, pid_t pid)
{
	struct actor	*a;

	if (pid == lab->self || (lab->guardian != 0 && pid == lab->guardian))
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

/* Every process now that a rule matches and is not observed yet is
 * observed; how many. */
struct pids {
	pid_t	*v;
	size_t	 n;
};

static int
pid_cmp(const void *a, const void *b)
{
	pid_t	 x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static bool
pid_known(pid_t pid, void *arg)
{
	const struct pids	*known = arg;

	return bsearch(&pid, known->v, known->n, sizeof *known->v, pid_cmp) != NULL;
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
	memset(&known, 0, sizeof known);
	known.v = xcalloc(lab->nactors + 2, sizeof *known.v);
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life != ACTOR_REAPED)
			known.v[known.n++] = a->pid;
	}
	known.v[known.n++] = lab->self;
	if (lab->guardian != 0)
		known.v[known.n++] = lab->guardian;
	qsort(known.v, known.n, sizeof *known.v, pid_cmp);
	memset(&f, 0, sizeof f);
	f.skip = pid_known;
	f.skip_arg = &known;
	memset(&procs, 0, sizeof procs);
	procs_list(&f, &procs);
	free(known.v);
	for (k = 0; k < procs.n; k++) {
		pe = &procs.v[k];
		a = lab_actor_by_pid(lab, pe->pid);
		if ((a != NULL && a->life != ACTOR_REAPED) || proc_is_labs(lab, pe->pid))
			continue;
		if (proc_is_kernel(pe) || pe->state == 'Z' || pe->state == 'X')
			continue;
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
	} else {
		free(r.comm);
		free(r.text);
	}
	*added = rules_scan(lab);
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

size_t
lab_unobserve(struct lab *lab, struct actor *only)
{
	bool	*gone;
	size_t	 i, n = 0;

	if (only == NULL)
		lab_observe_rules_free(lab);
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
			 * if it ran. Its threads are listed again only then. */
			t = now_ns();
			if (procs_run_stamp_known(a->pid, &now, &a->tids) &&
			    !run_stamp_ran(&a->stamp, &now))
				a->still = true;
			else {
				tid_list_clear(&a->tids);
				if (!procs_run_stamp_tids(a->pid, &now, &a->tids) ||
				    run_stamp_ran(&a->stamp, &now)) {
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
}
