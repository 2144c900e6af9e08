/* actors.c: actor processes and threads on the controller's side: spawned
 * or adopted, watched through a pidfd, heard on their channel (hello,
 * replies), stopped and continued, ended, reaped (the lab's children at
 * reap, adopted orphans at once) and freed. */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

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

#define SEND_WAIT_NS		(100 * NS_PER_MS)	/* a send's line awaited before what it did */

static void	lab_reap_orphans(struct lab *);
static void	process_terminated(struct actor *);
static void	take_replies(struct lab *, const struct actor *, bool);

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
	 * are all counted when the next one asks lab_fd_room. An observed
	 * process (no channel) keeps none: a machine has many. */
	a->stat_fd = -1;
	if (chan != -1) {
		snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
		a->stat_fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	a->chan_fd = chan_fd;
	a->life = ACTOR_ALIVE;
	a->created_ns = now_ns();
	wire_conn_init(&a->conn, chan);
	if (chan != -1) {
		if (fcntl(chan, F_SETFL, O_NONBLOCK) == -1)
			fatal("fcntl O_NONBLOCK on a channel: %s", errno_str(errno));
		loop_add_fd(lab->loop, chan, POLLIN, actor_chan_cb, a);
	}
	lab->actors = xreallocarray(lab->actors, lab->nactors + 1, sizeof *lab->actors);
	lab->actors[lab->nactors++] = a;
	return a;
}

/* A process's pidfd, watched in the loop until its end is seen, and the
 * listeners told it started (not of an observed one: the guardian kills
 * what it is told of). */
static void
actor_watch(struct actor *a, int pidfd)
{
	a->pidfd = pidfd;
	loop_add_fd(a->lab->loop, pidfd, POLLIN, actor_pidfd_cb, a);
	a->pidfd_watched = true;
	if (!a->observed)
		listeners_process(&a->lab->listeners, a->pid, pidfd);
}

struct actor *
lab_actor_observed(struct lab *lab, const char *name, struct actor *proc, pid_t pid, pid_t tid,
    int pidfd)
{
	struct actor	*a;

	a = actor_new(lab, name, pid, tid, -1, -1);
	a->observed = true;
	a->ready = true;
	if (proc != NULL) {
		a->is_thread = true;
		a->proc = proc;
	} else
		actor_watch(a, pidfd);
	lab_changed(lab);
	return a;
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
		a->place = parent->proc->place;	/* a fork stays where its parent is */
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
lab_spawn(struct lab *lab, const char *name, struct object *place, char **cause)
{
	const struct lab_module	*m;
	struct actor_keep	 keep[8];
	struct actor_enter	 enter[4];
	ssize_t			 nenter = 0;
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
	if (place != NULL) {
		if (place->mech->place == NULL) {
			*cause = xasprintf("%s is %s, and actors run only inside a host", place->name,
			    place->mech->name);
			return NULL;
		}
		nenter = place->mech->place(place, enter, nitems(enter), cause);
		if (nenter < 0)
			return NULL;
	}
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
		actor_spawned_main(sv[1], keep, nkeep, enter, (size_t)nenter, lab->self,
		    lab->verbs->by_index);
	}
	close(sv[1]);
	/* The lab is the parent and has not reaped it: the pid is its own. */
	pidfd = sys_pidfd_open(pid, 0);
	if (pidfd == -1)
		fatal("pidfd_open of a new actor: %s", errno_str(errno));
	a = actor_new(lab, name, pid, pid, sv[0], ACTOR_FD_BASE);
	a->place = place;
	actor_watch(a, pidfd);
	lab_changed(lab);
	return a;
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

void
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
		/* A blocked call returns because of another's (a write to the
		 * pipe it reads): that call's line first, if its reply is in. */
		if (f.type == WIRE_REPLY && a->call != NULL && a->call->state == CALL_BLOCKED)
			take_replies(a->lab, a, false);
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
		p->reaped_by = xstrdup(p->observed ? "its parent" : "the kernel");
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
	if (!p->observed)
		listeners_process(&lab->listeners, p->pid, -1);
	p->still = false;	/* it ran to its end: what was read of it is old */
	lab->observed_moved = lab->observed_moved || p->observed;
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
	if (p->life == ACTOR_ZOMBIE && p->observed)
		buf_printf(&b, "; a zombie until its parent (pid %d) reaps it", (int)actor_task(p)->ppid);
	else if (p->life == ACTOR_REAPED && p->observed)
		buf_adds(&b, "; reaped by its parent");
	else if (p->life == ACTOR_ZOMBIE && p->parent == NULL)
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

/* Take the replies already in of the calls in flight and not blocked,
 * but skip's: those that send a signal alone (sends), or every one. */
static void
take_replies(struct lab *lab, const struct actor *skip, bool sends)
{
	struct pollfd	 pfd;
	struct actor	*a;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a == skip || a->call == NULL || a->call->state != CALL_SENT ||
		    (sends && !call_sends(a->call)) || a->conn.fd == -1)
			continue;
		pfd = (struct pollfd){ .fd = a->conn.fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) == 1 && pfd.revents != 0)
			actor_chan_cb(a->conn.fd, pfd.revents, a);
	}
}

void
lab_take_sends(struct lab *lab)
{
	take_replies(lab, NULL, true);
}

void
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
void
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
	tid_list_clear(&a->tids);
	thread_wait_clear(&a->wait);
	LAB_MODULES_CALL_ACTOR(lab, actor_free, a);
	for (i = 0; i < lab->nmodules; i++)
		free(a->module_state[i]);
	free(a->module_state);
	free(a->reaped_by);
	free(a->name);
	free(a);
}
