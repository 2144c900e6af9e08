/* lab.c: the lab model on the controller's side: actors and their
 * channels, calls and how they settle, process ends and reaping, and
 * objects; describe.c describes them. */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <linux/kcmp.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "lab.h"
#include "lab_int.h"
#include "loop.h"
#include "mechanism.h"
#include "module.h"
#include "runtime.h"
#include "signames.h"
#include "syscalls.h"

#define SETTLE_EVERY_NS		(1 * NS_PER_MS)
#define BLOCKED_D_NS		(100 * NS_PER_MS)	/* an uninterruptible sleep this long is a block */
#define SEND_WAIT_NS		(100 * NS_PER_MS)	/* a send's line awaited before what it did */
#define SHUTDOWN_WAIT_NS	(3 * NS_PER_S)

static void	actor_chan_cb(int, short, void *);
static void	actor_pidfd_cb(int, short, void *);
static void	lab_reap_orphans(struct lab *);
static void	settle_cb(void *);
static void	tick_cb(void *);
static void	process_terminated(struct actor *);
static void	fdinfo_keys_init(struct lab *);

struct lab *
lab_new(struct loop *loop, struct runtime *rt, runtime_sweeper sweeper, int64_t tick_ns,
    const struct verb_table *verbs, const struct lab_module *const *modules)
{
	struct lab	*lab;
	size_t		 i;

	lab = xcalloc(1, sizeof *lab);
	lab->loop = loop;
	lab->rt = rt;
	lab->sweeper = sweeper;
	lab->self = getpid();
	lab->gen = 1;
	lab->tick_ns = tick_ns;
	lab->verbs = verbs;
	record_log_init(&lab->log, 2000);
	lab->settle_timer = loop_timer_new(loop, settle_cb, lab);
	while (modules != NULL && modules[lab->nmodules] != NULL)
		lab->nmodules++;
	lab->modules = xcalloc(lab->nmodules + 1, sizeof *lab->modules);
	lab->module_state = xcalloc(lab->nmodules + 1, sizeof *lab->module_state);
	for (i = 0; i < lab->nmodules; i++) {
		lab->modules[i] = modules[i];
		if (modules[i]->lab_state > 0)
			lab->module_state[i] = xcalloc(1, modules[i]->lab_state);
	}
	fdinfo_keys_init(lab);
	LAB_MODULES_CALL(lab, init);
	lab->tick_timer = loop_timer_new(loop, tick_cb, lab);
	loop_timer_at(lab->tick_timer, now_ns() + tick_ns);
	return lab;
}

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
};

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

	if (l != NULL && l->forgets == lab->forgets)
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
	return l;
}

static void
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
	bool			 listed = l != NULL && l->forgets == o->lab->forgets;

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

static struct actor *
actor_new(struct lab *lab, const char *name, pid_t pid, pid_t tid, int chan, int chan_fd)
{
	struct actor	*a;
	char		 path[64];
	size_t		 i;

	a = xcalloc(1, sizeof *a);
	a->name = xstrdup(name);
	a->lab = lab;
	a->proc = a;
	a->module_state = xcalloc(lab->nmodules + 1, sizeof *a->module_state);
	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->actor_state > 0)
			a->module_state[i] = xcalloc(1, lab->modules[i]->actor_state);
	}
	a->pid = pid;
	a->tid = tid;
	a->pidfd = -1;
	/* Kept open from the start, so that the descriptors an actor costs
	 * are all counted when the next one asks lab_fd_room. */
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	a->stat_fd = open(path, O_RDONLY | O_CLOEXEC);
	a->chan_fd = chan_fd;
	a->life = ACTOR_ALIVE;
	a->created_ns = now_ns();
	wire_conn_init(&a->conn, chan);
	if (fcntl(chan, F_SETFL, O_NONBLOCK) == -1)
		fatal("fcntl O_NONBLOCK on a channel: %s", errno_str(errno));
	loop_add_fd(lab->loop, chan, POLLIN, actor_chan_cb, a);
	lab->actors = xreallocarray(lab->actors, lab->nactors + 1, sizeof *lab->actors);
	lab->actors[lab->nactors++] = a;
	return a;
}

/* A process's pidfd, watched in the loop until its end is seen, and the
 * observers told it started. */
static void
actor_watch(struct actor *a, int pidfd)
{
	a->pidfd = pidfd;
	loop_add_fd(a->lab->loop, pidfd, POLLIN, actor_pidfd_cb, a);
	a->pidfd_watched = true;
	observers_process(&a->lab->observers, a->pid, pidfd);
}

struct actor *
lab_actor_adopt(struct lab *lab, const char *name, struct actor *parent, bool thread,
    pid_t pid, pid_t tid, int chan, int chan_fd, int pidfd)
{
	struct actor	*a;

	a = actor_new(lab, name, pid, tid, chan, chan_fd);
	a->is_thread = thread;
	if (thread) {
		a->proc = parent->proc;
		a->parent = NULL;
	} else {
		a->parent = parent;
		if (pidfd != -1)
			actor_watch(a, pidfd);
		else
			a->pidfd = -1;
	}
	lab_changed(lab);
	return a;
}

bool
lab_fd_room(const char *what, unsigned want, char **cause)
{
	struct rlimit	 rl;

	if (fd_room(want))
		return true;
	getrlimit(RLIMIT_NOFILE, &rl);
	*cause = xasprintf("the lab is out of descriptors for %s: its limit of open files is %llu "
	    "(ulimit -n), and it keeps %d free to read the kernel with; end some actors, or raise "
	    "the hard limit", what, (unsigned long long)rl.rlim_cur, FD_RESERVE);
	return false;
}

/* Actors keep the lab's descriptors from ACTOR_FD_BASE up, with a
 * channel for each thread above them. */
#define ACTOR_FD_NEEDED	(ACTOR_FD_BASE + 24)

struct actor *
lab_spawn(struct lab *lab, const char *name, char **cause)
{
	const struct lab_module	*m;
	struct actor_keep	 keep[8];
	struct actor		*a;
	struct rlimit		 rl;
	size_t			 nkeep = 0, i;
	pid_t			 pid;
	int			 sv[2], pidfd, manifest;

	if (!lab_name_free(lab, name, cause))
		return NULL;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < ACTOR_FD_NEEDED) {
		*cause = xasprintf("cannot spawn %s: actors keep the lab's descriptors from %d up, so "
		    "they need a limit of open files of at least %d, and this one is %llu (ulimit -n)",
		    name, ACTOR_FD_BASE, ACTOR_FD_NEEDED, (unsigned long long)rl.rlim_cur);
		return NULL;
	}
	if (!lab_fd_room("a new actor", 4, cause))
		return NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		*cause = xasprintf("cannot make a channel for %s: socketpair: %s", name,
		    errno_str(errno));
		return NULL;
	}
	/* What the modules' code in the actor needs (the report pipe), and
	 * the run's manifest (or none), last. */
	for (i = 0; i < lab->nmodules && nkeep < nitems(keep) - 1; i++) {
		m = lab->modules[i];
		if (m->actor_fd > 0 && m->actor_fd_of != NULL)
			keep[nkeep++] = (struct actor_keep){ m->actor_fd_of(lab, lab->module_state[i]),
			    m->actor_fd, m->actor_fd_what };
	}
	manifest = runtime_manifest_fd();
	if (manifest != -1)
		keep[nkeep++] = (struct actor_keep){ manifest, RUNTIME_MANIFEST_FD, "manifest" };
	pid = fork();
	if (pid == -1) {
		*cause = xasprintf("cannot spawn %s: fork: %s (%s)", name, errno_str(errno),
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return NULL;
	}
	if (pid == 0) {
		runtime_manifest_moved(manifest != -1 ? RUNTIME_MANIFEST_FD : -1);
		actor_spawned_main(sv[1], keep, nkeep, lab->self, lab->verbs->by_index);
	}
	close(sv[1]);
	/* The lab is the parent and has not reaped it: the pid is its own. */
	pidfd = sys_pidfd_open(pid, 0);
	if (pidfd == -1)
		fatal("pidfd_open of a new actor: %s", errno_str(errno));
	a = actor_new(lab, name, pid, pid, sv[0], ACTOR_FD_BASE);
	actor_watch(a, pidfd);
	lab_changed(lab);
	return a;
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

const struct fd_table *
actor_fds(struct actor *a)
{
	struct actor	*p = a->proc;
	size_t		 i;

	/* While the lab sets a new actor up its table is still changing
	 * (the controller's descriptors closing): until its hello, read it
	 * again each generation. Within one, callers hold on to it. */
	if (!p->fds_valid || (!p->ready && p->fds_gen != p->lab->gen)) {
		p->lab->fds_version++;
		if (p->life == ACTOR_ALIVE) {
			probe_fds(p->pid, &p->fds, p->lab->fdinfo_keys);
			for (i = 0; i < p->fds.n; i++)
				fd_identify(p->lab, &p->fds.v[i], p->pid);
		} else
			fd_table_clear(&p->fds);
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
static void
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

/* Handle the ends of processes, but skip's, that have ended and whose
 * end the loop has not read yet: a call that returns because another
 * process ended (a robust mutex's owner, a pipe's last writer) is
 * logged after that end. One poll over every pidfd. */
static void
lab_take_ends(struct lab *lab, const struct actor *skip)
{
	struct pollfd	 pfd_few[32], *pfd = pfd_few;
	struct actor	*who_few[32], **who = who_few, *p;
	size_t		 i, n = 0;

	/* Called before every reply: a lab of a few actors allocates
	 * nothing (and a callback may come back here). */
	if (lab->nactors > nitems(pfd_few)) {
		pfd = xcalloc(lab->nactors, sizeof *pfd);
		who = xcalloc(lab->nactors, sizeof *who);
	}
	for (i = 0; i < lab->nactors; i++) {
		p = lab->actors[i];
		if (p->is_thread || p == skip || !p->pidfd_watched || p->life != ACTOR_ALIVE)
			continue;
		pfd[n] = (struct pollfd){ .fd = p->pidfd, .events = POLLIN };
		who[n++] = p;
	}
	if (n > 0 && poll(pfd, n, 0) > 0) {
		for (i = 0; i < n; i++) {
			if ((pfd[i].revents & POLLIN) && who[i]->pidfd_watched)
				actor_pidfd_cb(who[i]->pidfd, POLLIN, who[i]);
		}
	}
	if (pfd != pfd_few) {
		free(pfd);
		free(who);
	}
}

/* After a call that may have changed descriptors: those its reply names
 * are read again, or, if it named none, the whole table (every table, for
 * a verb that changes open file descriptions others share). Mappings
 * change through the same calls (mmap, shmat): they are read again. */
static void
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

static void
actor_reply(struct actor *a, const struct wire_frame *f)
{
	struct wire_reply	 r;
	struct call		*c = a->call;
	size_t			 i;

	if (f->len < sizeof r)
		fatal("short reply from %s", a->name);
	memcpy(&r, f->payload, sizeof r);
	if (c == NULL || r.seq != c->seq || f->len != sizeof r + r.data_len)
		fatal("reply from %s matches no call (seq %u)", a->name, r.seq);
	c->ret = r.ret;
	c->err = r.err;
	memcpy(c->val, r.val, sizeof c->val);
	c->elapsed_ns = r.elapsed_ns;
	c->late_ns = c->start_ns != 0 && r.began_ns >= c->start_ns ?
	    r.began_ns - c->start_ns : -1;
	a->ran_ns = r.began_ns != 0 ? r.began_ns + r.elapsed_ns : 0;
	buf_add(&c->rdata, (const char *)f->payload + sizeof r, r.data_len);
	for (i = 0; i < f->nfds; i++)
		c->rfds[i] = f->fds[i];
	c->nrfds = f->nfds;
	if (r.nfds_changed < -1 || r.nfds_changed > WIRE_MAX_CHANGED)
		fatal("reply from %s names %d descriptors", a->name, (int)r.nfds_changed);
	c->state = CALL_DONE;
	a->lab->gen++;
	if (!(c->verb->effects & EFF_KEEPS_FDS))
		call_fds_changed(a->proc, &r, (c->verb->effects & EFF_SHARED_FDS) != 0);
	if (r.tool_err != 0) {
		c->state = CALL_LOST;
		c->lost = xasprintf("not made: the lab could not prepare it: %s",
		    errno_str(r.tool_err));
		call_record(c, RECORD_CALL);
		call_settle(a);
		return;
	}
	if (c->verb->finish != NULL)
		c->verb->finish(c);
	if (c->obj != NULL && c->obj->mech->read_done != NULL && c->err == 0 &&
	    c->rdata.len > 0)
		c->obj->mech->read_done(c);
	call_record(c, RECORD_CALL);
	call_settle(a);
	lab_notice(a->lab);
}

static void
actor_chan_closed(struct actor *a)
{
	struct call	*c;

	loop_del_fd(a->lab->loop, a->conn.fd);
	wire_conn_close(&a->conn);
	a->conn.fd = -1;
	/* A thread ends alone only by pthread_exit; any other thread's
	 * channel closes because its whole process is ending (a fault, a
	 * fatal signal), and its call settles with the process's status
	 * when the pidfd says so. */
	if (a->is_thread && !actor_terminated(a) && a->call != NULL &&
	    (a->call->verb->effects & EFF_ENDS_THREAD)) {
		/* Only this thread ended; the process goes on, without the
		 * thread's channel. */
		a->ended = true;
		actor_fds_stale(a->proc);
		if ((c = a->call) != NULL) {
			c->state = CALL_LOST;
			c->lost = xstrdup("the thread ended");
			call_record(c, RECORD_CALL);
			call_settle(a);
		}
		lab_record(a->lab, RECORD_ENDED, a->name, REC_INFO, NULL, "thread ended");
	}
	/* A process's calls are settled when its end is known (pidfd). */
	lab_changed(a->lab);
}

/* Whether a's reply should wait: another process the lab or an actor
 * is killing has not ended yet, and the call may have returned because
 * of it (a robust mutex handed over, a pipe's last writer gone). Not a
 * call that sends a signal itself: its line comes before what it did. */
static bool
lab_reply_waits(struct actor *a)
{
	struct lab	*lab = a->lab;
	struct actor	*p;
	size_t		 i, k;

	if (a->call == NULL || call_sends(a->call))
		return false;
	lab_take_ends(lab, a->proc);
	for (i = 0; i < lab->nactors; i++) {
		p = lab->actors[i];
		if (p->is_thread || p == a->proc || actor_terminated(p))
			continue;
		for (k = 0; k < lab->nmodules; k++) {
			if (lab->modules[k]->ending != NULL &&
			    lab->modules[k]->ending(lab, lab->module_state[k], p))
				return true;
		}
	}
	return false;
}

/* Whether the actor may have written records outside its channel (a
 * handler's signal report) before this frame: a reply says how many. */
static bool
frame_follows_aside(const struct wire_frame *f)
{
	struct wire_reply	 r;

	if (f->type != WIRE_REPLY || f->len < sizeof r)
		return true;
	memcpy(&r, f->payload, sizeof r);
	return r.aside != 0;
}

static void
actor_chan_cb(int fd, short revents, void *arg)
{
	struct actor		*a = arg;
	struct wire_frame	 f;
	bool			 open = true;

	if (revents & POLLOUT) {
		if (!wire_flush(&a->conn))
			open = false;
		else if (!wire_pending(&a->conn))
			loop_set_events(a->lab->loop, fd, POLLIN);
	}
	if (revents & (POLLIN | POLLHUP | POLLERR))
		open = wire_read(&a->conn) && open;
	a->reply_waits = false;
	while (wire_next(&a->conn, &f)) {
		/* What a handler reported during the call comes first, but
		 * for a call that sends a signal: it is what the signal did,
		 * after the send. A reply says whether there is any (what
		 * others report meanwhile comes in the loop's order). */
		if (!call_sends(a->call) && frame_follows_aside(&f))
			lab_catch_up(a->lab);
		/* A reply that may be another process's end's doing (it is
		 * being killed) waits for that end: settle_cb comes back. */
		if (f.type == WIRE_REPLY && open && lab_reply_waits(a)) {
			a->reply_waits = true;
			settle_arm(a->lab, SETTLE_EVERY_NS);
			break;
		}
		switch (f.type) {
		case WIRE_FAIL:
			lab_record(a->lab, RECORD_START, a->name, REC_ERROR, NULL, "could not start: %.*s",
			    (int)(f.len > 200 ? 200 : f.len), (const char *)f.payload);
			break;
		case WIRE_HELLO:
			a->ready = true;
			actor_fds_stale(a->proc);
			lab_changed(a->lab);
			break;
		case WIRE_REPLY:
			actor_reply(a, &f);
			break;
		default:
			fatal("unexpected frame type %u from %s", f.type, a->name);
		}
		wire_consume(&a->conn, &f);
	}
	if (!open) {
		if (!call_sends(a->call))
			lab_catch_up(a->lab);
		actor_chan_closed(a);
	}
}

/* Learn how a terminated process ended, without reaping it. */
static void
process_learn_status(struct actor *p)
{
	const struct task_info	*ti;
	struct sig_sets		 parent_sigs;
	siginfo_t		 si;

	memset(&si, 0, sizeof si);
	if (waitid(P_PIDFD, (id_t)p->pidfd, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid != 0) {
		actor_set_life(p, ACTOR_ZOMBIE);
		p->status_known = true;
		switch (si.si_code) {
		case CLD_EXITED:
			p->status = W_EXITCODE(si.si_status, 0);
			break;
		case CLD_DUMPED:
			p->status = si.si_status | WCOREFLAG;
			break;
		default:
			p->status = si.si_status;
			break;
		}
		return;
	}
	p->lab->gen++;
	ti = actor_task(p);
	if (ti->ok && ti->state == 'Z') {
		actor_set_life(p, ACTOR_ZOMBIE);
		if (ti->has_exit_code) {
			p->status_known = true;
			p->status = ti->exit_code;
		}
		return;
	}
	/* Already reaped by someone else: the pidfd remembers (Linux 6.15).
	 * The kernel reaps it as it ends when the parent ignores SIGCHLD;
	 * otherwise the parent (one of its threads) did, with a wait call. */
	if (p->life == ACTOR_ALIVE)
		actor_set_life(p, ACTOR_REAPED);
	if (!p->status_known && probe_pidfd_exit(p->pidfd, &p->status))
		p->status_known = true;
	if (p->reaped_by == NULL && p->parent != NULL) {
		probe_signals(p->parent->pid, p->parent->pid, &parent_sigs);
		p->reaped_by = xstrdup(parent_sigs.ok &&
		    (parent_sigs.ignored & (1ULL << (SIGCHLD - 1))) ? "the kernel" : p->parent->name);
	} else if (p->reaped_by == NULL)
		p->reaped_by = xstrdup("the kernel");
}

/* Reap a terminated child of the lab; false if it is not the lab's. */
static bool
process_reap(struct actor *p)
{
	siginfo_t	 si;

	memset(&si, 0, sizeof si);
	if (p->pidfd == -1 ||
	    waitid(P_PIDFD, (id_t)p->pidfd, &si, WEXITED | WNOHANG) != 0 || si.si_pid == 0)
		return false;
	actor_set_life(p, ACTOR_REAPED);
	free(p->reaped_by);
	p->reaped_by = xstrdup("the lab");
	lab_changed(p->lab);
	return true;
}

/* Settle what an ended process leaves: its threads' calls and channels. */
static void
process_settle_calls(struct actor *p)
{
	struct lab	*lab = p->lab;
	struct actor	*a;
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	actor_add_status(&b, p);
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->proc != p)
			continue;
		if (a->call != NULL) {
			a->call->state = CALL_LOST;
			a->call->lost = xstrdup(b.data);
			a->call->lost_killed = p->status_known && WIFSIGNALED(p->status);
			call_record(a->call, RECORD_CALL);
			call_settle(a);
		}
		if (a->conn.fd != -1) {
			loop_del_fd(lab->loop, a->conn.fd);
			wire_conn_close(&a->conn);
			a->conn.fd = -1;
		}
		if (a->is_thread)
			a->ended = true;
	}
	buf_free(&b);
}

static void
process_terminated(struct actor *p)
{
	struct lab	*lab = p->lab;
	struct desc	*d;
	struct buf	 b;
	bool		 ours;

	if (p->pidfd_watched) {
		loop_del_fd(lab->loop, p->pidfd);
		p->pidfd_watched = false;
	}
	observers_process(&lab->observers, p->pid, -1);
	process_learn_status(p);
	actor_fds_stale(p);
	process_settle_calls(p);

	/* Adopted orphans are reaped at once, as init would (waitid fails
	 * with ECHILD while their own parent lives); the lab's own children
	 * stay zombies until "reap". */
	ours = p->life == ACTOR_ZOMBIE && (p->parent != NULL || p->adopted) && process_reap(p);

	buf_init(&b);
	actor_add_status(&b, p);
	d = desc_new();
	desc_word(d, "state", actor_state_name(actor_state(p)));
	if (p->status_known && WIFEXITED(p->status))
		desc_int(d, "exit", WEXITSTATUS(p->status));
	if (p->status_known && WIFSIGNALED(p->status))
		desc_word(d, "signal", sig_name(WTERMSIG(p->status)));
	if (p->life == ACTOR_ZOMBIE && p->parent == NULL)
		buf_printf(&b, "; a zombie until reaped (reap %s)", p->name);
	else if (p->life == ACTOR_ZOMBIE && p->parent != NULL)
		buf_printf(&b, "; a zombie until %s reaps it (%s waitpid %s)",
		    p->parent->name, p->parent->name, p->name);
	else if (ours)
		buf_adds(&b, "; its parent had ended, so the lab reaped it");
	else if (p->reaped_by != NULL && strcmp(p->reaped_by, "the kernel") == 0)
		buf_adds(&b, "; no zombie: its parent ignores SIGCHLD (or set SA_NOCLDWAIT)");
	else if (p->reaped_by != NULL)
		buf_printf(&b, "; reaped by %s", p->reaped_by);
	lab_record(lab, RECORD_EXIT, p->name,
	    p->status_known && WIFSIGNALED(p->status) ? REC_ERROR : REC_INFO, d, "%s", b.data);
	buf_free(&b);
	lab_changed(lab);
	lab_notice(lab);	/* what it held is closed */
}

bool
lab_send_unanswered(struct lab *lab, const struct actor *about)
{
	const struct task_info	*ti;
	const struct call	*c;
	struct actor		*a;
	size_t			 i;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		c = a->call;
		if (c == NULL || c->state != CALL_SENT || !call_sends(c) ||
		    a->proc == about || a->conn.fd == -1 || actor_terminated(a) ||
		    now_ns() - c->sent_ns > SEND_WAIT_NS)
			continue;
		ti = actor_task(a->proc);
		if (ti->ok && (ti->state == 'T' || ti->state == 't'))
			continue;
		return true;
	}
	return false;
}

void
lab_take_sends(struct lab *lab)
{
	struct pollfd	 pfd;
	struct actor	*a;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->call == NULL || a->call->state != CALL_SENT || !call_sends(a->call) ||
		    a->conn.fd == -1)
			continue;
		pfd = (struct pollfd){ .fd = a->conn.fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) == 1 && pfd.revents != 0)
			actor_chan_cb(a->conn.fd, pfd.revents, a);
	}
}

static void
actor_pidfd_cb(int fd, short revents, void *arg)
{
	struct actor	*p = arg;

	(void)fd;
	(void)revents;
	/* The channel's last words (a reply) come before the end, and a
	 * handler's report before both; a send that ended it before all,
	 * waited for (settle_cb) while its reply is still to come. */
	lab_take_sends(p->lab);
	if (lab_send_unanswered(p->lab, p)) {
		if (p->pidfd_watched) {
			loop_del_fd(p->lab->loop, p->pidfd);
			p->pidfd_watched = false;
		}
		p->end_waits = true;
		settle_arm(p->lab, SETTLE_EVERY_NS);
		return;
	}
	p->end_waits = false;
	lab_catch_up(p->lab);
	if (p->conn.fd != -1)
		actor_chan_cb(p->conn.fd, POLLIN, p);
	process_terminated(p);
	/* Its zombie children are the lab's now: reaped after its end. */
	lab_reap_orphans(p->lab);
}

/* Whether a process's pidfd says it has ended (its end not yet handled). */
static bool
process_pidfd_ended(const struct actor *p)
{
	struct pollfd	 pfd = { .fd = p->pidfd, .events = POLLIN };

	return p->pidfd_watched && poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

/* Zombies re-parented to the lab after their parent ended, reaped at once
 * as init would. The parent's end is the cause, so it is handled (and
 * logged) first: SIGCHLD for the orphan can come before the parent's
 * pidfd is read, and an orphan whose parent has not ended for the lab
 * yet waits for it. */
static void
lab_reap_orphans(struct lab *lab)
{
	struct actor	*p, *up;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		p = lab->actors[i];
		if (p->is_thread || p->life != ACTOR_ZOMBIE || (p->parent == NULL && !p->adopted))
			continue;
		up = p->parent;
		if (up != NULL && up->life == ACTOR_ALIVE) {
			if (!process_pidfd_ended(up))
				continue;
			actor_pidfd_cb(up->pidfd, POLLIN, up);	/* reaps p too */
			if (up->life == ACTOR_ALIVE)
				continue;	/* a send's line comes first */
		}
		if (p->life == ACTOR_ZOMBIE && process_reap(p))
			lab_record(lab, RECORD_REAP, p->name, REC_INFO, NULL,
			    "its parent had ended, so the lab reaped it");
	}
}

bool
lab_reap_check(struct actor *a, char **cause)
{
	if (a->is_thread) {
		*cause = xasprintf("%s is a thread; reap works on a process", a->name);
		return false;
	}
	if (a->life == ACTOR_ALIVE) {
		*cause = xasprintf("%s is still running: reap takes a terminated actor (kill %s TERM, then wait %s exited)",
		    a->name, a->name, a->name);
		return false;
	}
	if (a->life == ACTOR_REAPED) {
		*cause = xasprintf("%s was already reaped by %s", a->name,
		    a->reaped_by != NULL ? a->reaped_by : "its parent");
		return false;
	}
	return true;
}

bool
lab_reap(struct lab *lab, struct actor *a, char **cause)
{
	struct buf	 b;

	if (!lab_reap_check(a, cause))
		return false;
	if (!process_reap(a)) {
		*cause = xasprintf("%s is not the lab's child: its parent %s reaps it (%s waitpid %s)",
		    a->name, a->parent != NULL ? a->parent->name : "?",
		    a->parent != NULL ? a->parent->name : "?", a->name);
		return false;
	}
	buf_init(&b);
	actor_add_status(&b, a);
	lab_record(lab, RECORD_REAP, a->name, REC_INFO, NULL, "reaped by the lab: %s", b.data);
	buf_free(&b);
	return true;
}

/* Whether a process seen stopped and now not was continued (SIGCONT),
 * rather than woken to die: SIGKILL wakes a stopped process too (any
 * other signal waits, pending, until SIGCONT), and /proc sampled on its
 * way out shows it running or a zombie. For the lab's children the
 * kernel says which: waitid reports CLD_CONTINUED for SIGCONT alone.
 * For the others, a process on its way out shows it: gone, a zombie,
 * or SIGKILL pending. */
static bool
process_continued(struct actor *p, const struct task_info *ti)
{
	struct sig_sets	 ss;
	siginfo_t	 si;

	if (p->continued) {
		p->continued = false;
		return true;
	}
	if (p->parent == NULL && p->pidfd != -1) {
		memset(&si, 0, sizeof si);
		return waitid(P_PIDFD, (id_t)p->pidfd, &si, WCONTINUED | WNOHANG) == 0 &&
		    si.si_pid != 0 && si.si_code == CLD_CONTINUED;
	}
	if (ti->state == 'Z' || ti->state == 'X')
		return false;
	probe_signals(p->pid, p->pid, &ss);
	if (!ss.ok)
		return false;
	return !((ss.pending | ss.shared_pending) & (1ULL << (SIGKILL - 1)));
}

/* Whether the tick looks in /proc for a process's stop or continue. The
 * lab's own children tell it with SIGCHLD, on which every process is
 * looked at (lab_sigchld), so an idle one costs the tick nothing; those
 * the lab did not fork (an actor's children) tell the lab nothing, and
 * /proc alone shows them; a child with a call in flight, or whose stop
 * or continue the lab heard of but has not logged yet, is looked at as
 * well. What a frontend shows is read by its sample. */
static bool
tick_looks_at(const struct actor *p)
{
	return p->parent != NULL || p->pidfd == -1 || p->call != NULL || p->stop_seen_ns != 0 ||
	    p->continued;
}

/* Stopped and continued, for every process the lab has (on the tick,
 * those tick_looks_at names). The lab's own children announce it with
 * SIGCHLD (with_waitid, which also tells the signal); the others are
 * seen on the tick. A change that may be a send's doing waits for the
 * send's line (settle_cb looks again). */
static void
lab_check_states(struct lab *lab, bool with_waitid, bool tick)
{
	const struct task_info	*ti;
	struct actor		*p;
	siginfo_t		 si;
	size_t			 i;
	bool			 stopped;

	lab->states_wait = false;
	for (i = 0; i < lab->nactors; i++) {
		p = lab->actors[i];
		if (p->is_thread || p->life != ACTOR_ALIVE || (tick && !tick_looks_at(p)))
			continue;
		if (with_waitid && p->parent == NULL && p->pidfd != -1) {
			memset(&si, 0, sizeof si);
			if (waitid(P_PIDFD, (id_t)p->pidfd, &si,
			    WSTOPPED | WCONTINUED | WNOHANG) == 0 && si.si_pid != 0) {
				if (si.si_code == CLD_STOPPED)
					p->stop_signal = si.si_status;
				p->continued = si.si_code == CLD_CONTINUED;
			}
		}
		ti = actor_task(p);
		if (!ti->ok)
			continue;
		stopped = ti->state == 'T' || ti->state == 't';
		if (!stopped)
			p->stop_seen_ns = 0;
		if (stopped != (p->seen_state == 'T') && lab_send_unanswered(lab, p)) {
			lab->states_wait = true;
			settle_arm(lab, SETTLE_EVERY_NS);
			continue;
		}
		if (stopped && p->seen_state != 'T') {
			/* Seen in /proc before SIGCHLD was read, or before its
			 * last thread stopped (the kernel tells the group's stop
			 * then): the lab's children say which signal, soon. */
			if (p->stop_signal == 0 && p->parent == NULL && p->pidfd != -1) {
				memset(&si, 0, sizeof si);
				if (waitid(P_PIDFD, (id_t)p->pidfd, &si, WSTOPPED | WNOHANG) == 0 &&
				    si.si_pid != 0 && si.si_code == CLD_STOPPED)
					p->stop_signal = si.si_status;
				if (p->stop_signal == 0 && ti->state == 'T') {
					if (p->stop_seen_ns == 0)
						p->stop_seen_ns = now_ns();
					if (now_ns() - p->stop_seen_ns < SEND_WAIT_NS) {
						lab->states_wait = true;
						settle_arm(lab, SETTLE_EVERY_NS);
						continue;
					}
				}
			}
			p->stop_seen_ns = 0;
			if (p->stop_signal != 0)
				lab_record(lab, RECORD_STOP, p->name, REC_INFO, NULL, "stopped by %s",
				    sig_name(p->stop_signal));
			else
				lab_record(lab, RECORD_STOP, p->name, REC_INFO, NULL, "stopped");
			p->seen_state = 'T';
			p->continued = false;
		} else if (!stopped && p->seen_state == 'T') {
			/* Killed while stopped: its end says so (pidfd). */
			if (process_continued(p, ti))
				lab_record(lab, RECORD_CONTINUE, p->name, REC_INFO, NULL, "continued");
			p->seen_state = ti->state;
			p->stop_signal = 0;
		} else if (!stopped) {
			p->seen_state = ti->state;
			p->continued = false;	/* stopped and continued between two looks */
		}
	}
}

void
lab_sigchld(struct lab *lab)
{
	lab->gen++;
	lab_take_sends(lab);
	lab_check_states(lab, true, false);
	lab_reap_orphans(lab);
	lab_changed(lab);
}

static void
settle_cb(void *arg)
{
	struct lab		*lab = arg;
	const struct task_info	*ti;
	struct actor		*a;
	struct call		*c;
	size_t			 i;
	int64_t			 now = now_ns(), first = 0;
	bool			 again = false, flying;

	lab->gen++;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		c = a->call;
		if (c == NULL || c->state != CALL_SENT)
			continue;
		/* A call has SETTLE_FIRST_NS to reply before the lab looks at
		 * its actor: most reply well within it, and the reply settles
		 * them without a read of /proc. */
		if (now - c->sent_ns < SETTLE_FIRST_NS) {
			if (first == 0 || c->sent_ns + SETTLE_FIRST_NS < first)
				first = c->sent_ns + SETTLE_FIRST_NS;
			continue;
		}
		/* Still waiting for its start, which is the lab's doing. */
		if (c->start_ns != 0 && now_ns() < c->start_ns + SETTLE_EVERY_NS) {
			again = true;
			continue;
		}
		/* A new thread's creator waits for it to start: the lab's
		 * own doing, however long a busy machine makes it. */
		if (c->verb->effects & EFF_STARTS_THREAD) {
			again = true;
			continue;
		}
		ti = actor_task(a);
		if (task_in_users_call(a, c, ti)) {
			/* Asleep in the call twice in a row: a brief wait on a
			 * lock inside the call is not a block. An uninterruptible
			 * sleep (a disk's journal on a busy machine, a lock) is
			 * the kernel at work, not a wait for another process: it
			 * is a block only once it has lasted BLOCKED_D_NS. */
			if (c->blocked_seen++ == 0)
				c->asleep_ns = now_ns();
			if (c->blocked_seen >= 2 &&
			    (ti->state != 'D' || now_ns() - c->asleep_ns >= BLOCKED_D_NS)) {
				c->state = CALL_BLOCKED;
				c->blocked = *ti;
				call_record(c, RECORD_BLOCKED);
				lab_changed(lab);
				continue;
			}
		} else
			c->blocked_seen = 0;
		again = true;
	}
	flying = lab->states_wait;
	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->in_flight != NULL &&
		    lab->modules[i]->in_flight(lab, lab->module_state[i]))
			flying = true;
	}
	lab_take_sends(lab);
	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->settle != NULL &&
		    lab->modules[i]->settle(lab, lab->module_state[i]))
			again = true;
	}
	/* Ends that waited for a send's line; replies that waited for an end. */
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->end_waits)
			actor_pidfd_cb(a->pidfd, POLLIN, a);
		if (a->end_waits)
			again = true;
	}
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->reply_waits && a->conn.fd != -1)
			actor_chan_cb(a->conn.fd, 0, a);
		if (a->reply_waits)
			again = true;
	}
	/* A stop or continue a signal made is logged before the send
	 * settles, not a tick later, after what follows it. */
	if (flying)
		lab_check_states(lab, false, false);
	if (lab->states_wait)
		again = true;
	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->held_back != NULL &&
		    lab->modules[i]->held_back(lab, lab->module_state[i]))
			again = true;
	}
	if (again)
		loop_timer_at(lab->settle_timer, now_ns() + SETTLE_EVERY_NS);
	if (first != 0)
		loop_timer_by(lab->settle_timer, first);
	observers_changed(&lab->observers);
}

static void
tick_cb(void *arg)
{
	struct lab	*lab = arg;

	lab->gen++;
	lab->ticks++;
	lab_take_sends(lab);
	lab_check_states(lab, false, true);
	LAB_MODULES_CALL(lab, tick);
	lab_notice(lab);
	loop_timer_at(lab->tick_timer, now_ns() + lab->tick_ns);
	observers_ticked(&lab->observers);
}

struct object *
lab_object_new(struct lab *lab, const char *name, const struct mechanism *mech,
    struct actor *creator)
{
	struct object_lists	*l;
	struct object		*o;
	size_t			 size = mech->object_size != 0 ? mech->object_size : sizeof *o;

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
	l = object_lists(lab);
	if (l->nby_name < lab->nobjects) {	/* not just built, with o in */
		index_insert((void **)&l->by_name, &l->nby_name, &l->by_name_cap, sizeof o, &o,
		    object_name_cmp);
		if (mech->notice != NULL) {
			if (l->nnoticing == l->noticing_cap) {
				l->noticing_cap *= 2;
				l->noticing = xreallocarray(l->noticing, l->noticing_cap,
				    sizeof *l->noticing);
			}
			l->noticing[l->nnoticing++] = o;
		}
	}
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
	    lab->holder_index_gen == lab->gen)
		return;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life == ACTOR_ALIVE &&
		    (!a->fds_valid || (!a->ready && a->fds_gen != lab->gen)))
			(void)actor_fds(a);
	}
	lab->holder_index_gen = lab->gen;
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
static void
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

void
lab_describe_holders(struct object *o, struct desc *d, const char *name, int which, int access)
{
	struct holder_ref	*v;
	size_t			 i, n;

	if (d == NULL)
		return;
	n = holders_of(o, NULL, which, access, &v);
	desc_list(d, name);
	for (i = 0; i < n; i++) {
		desc_group(d, NULL);
		desc_word(d, "actor", v[i].a->name);
		desc_int(d, "fd", v[i].fd);
		desc_close(d);
	}
	desc_close(d);
	free(v);
}

void
lab_shutdown(struct lab *lab)
{
	if (lab->quitting)
		return;
	lab->quitting = true;
	lab_end_all(lab);
}

void
lab_end_all(struct lab *lab)
{
	struct actor	*a;
	struct object	*o;
	int64_t		 deadline;
	size_t		 i;
	pid_t		 r;

	LAB_MODULES_CALL(lab, end_all);
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life == ACTOR_ALIVE && a->pidfd != -1)
			sys_pidfd_send_signal(a->pidfd, SIGKILL);
	}
	/* Every actor is the lab's child or, once its parent is gone, its
	 * adopted child (the lab is a subreaper): reap them all. */
	deadline = now_ns() + SHUTDOWN_WAIT_NS;
	for (;;) {
		r = waitpid(-1, NULL, WNOHANG | __WALL);
		if (r > 0)
			continue;
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			break;		/* ECHILD: none left */
		if (now_ns() > deadline) {
			fprintf(stderr, "ipcscope: some actors did not die within 3 s of SIGKILL\n");
			break;
		}
		usleep(1000);
	}
	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		if (o->mech->destroy != NULL)
			o->mech->destroy(o);
	}
}

void
lab_actor_free(struct actor *a)
{
	struct lab	*lab = a->lab;
	size_t		 i;

	if (a->conn.fd != -1) {
		loop_del_fd(lab->loop, a->conn.fd);
		wire_conn_close(&a->conn);
	}
	if (a->pidfd_watched)
		loop_del_fd(lab->loop, a->pidfd);
	if (a->pidfd != -1)
		close(a->pidfd);
	if (a->stat_fd != -1)
		close(a->stat_fd);
	call_free(&a->call);
	call_free(&a->last);
	fd_table_clear(&a->fds);
	LAB_MODULES_CALL_ACTOR(lab, actor_free, a);
	for (i = 0; i < lab->nmodules; i++)
		free(a->module_state[i]);
	free(a->module_state);
	free(a->reaped_by);
	free(a->name);
	free(a);
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

void
lab_free(struct lab **labp)
{
	struct lab	*lab = *labp;
	size_t		 i;

	if (lab == NULL)
		return;
	lab_shutdown(lab);
	for (i = 0; i < lab->nactors; i++)
		lab_actor_free(lab->actors[i]);
	free(lab->actors);
	for (i = 0; i < lab->nobjects; i++)
		lab_object_free(lab->objects[i]);
	free(lab->objects);
	free(lab->obj_index);
	free(lab->anchors);
	free(lab->fdinfo_keys);
	free(lab->fdinfo_owners);
	free(lab->holder_index);
	object_lists_free(lab);
	netdiag_clear(&lab->net);
	LAB_MODULES_CALL(lab, cleanup);
	for (i = 0; i < lab->nmodules; i++)
		free(lab->module_state[i]);
	free(lab->module_state);
	free(lab->modules);
	loop_timer_free(&lab->settle_timer);
	loop_timer_free(&lab->tick_timer);
	record_log_free(&lab->log);
	observer_list_free(&lab->observers);
	freep(labp);
}
