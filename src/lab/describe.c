/* describe.c: the lab described: an actor (its state, threads, descriptors
 * and calls), the lab itself, anything by name (lab_describe), a line for
 * each actor and object, the calls blocked on an object; and the names a
 * log line or a description gives an object's end or an actor's descriptor
 * ("p1.w", "4<p1.w>"). */
#include "config.h"

#include <linux/kcmp.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "guard.h"
#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"
#include "module.h"
#include "runtime.h"
#include "signames.h"
#include "snapshot.h"
#include "syscalls.h"

/* "p1.w": an object and, if it has more than one, the end. */
void
lab_add_end_name(struct buf *b, const struct object *o, int which, int access)
{
	const struct object_end	*e;

	buf_adds(b, o->name);
	for (e = o->mech->ends; e != NULL && e->suffix != NULL; e++) {
		/* An end that is the whole of a one-identity object (a
		 * socket that is not a pair) goes without saying. */
		if (e->access == -1 && o->nids == 1)
			break;
		if (e->which == which && (e->access == -1 || e->access == access)) {
			buf_printf(b, ".%s", e->suffix);
			break;
		}
	}
}

void
lab_add_call_fd(struct buf *b, const struct call *c, int fd)
{
	buf_printf(b, "%d", fd);
	if (c->obj == NULL)
		return;
	buf_addc(b, '<');
	lab_add_end_name(b, c->obj, c->end_which, c->end_access);
	buf_addc(b, '>');
}

/* The object end an actor's descriptor is ("p1.r"); false if none. */
static bool
add_fd_object(struct buf *b, struct actor *a, int fd)
{
	const struct fd_entry	*fe = fd_table_find(actor_fds(a->proc), fd);
	struct object		*o;
	int			 which;

	if (fe == NULL || (o = lab_object_by_id(a->lab, &fe->id, &which)) == NULL)
		return false;
	lab_add_end_name(b, o, which, fe->access);
	return true;
}

void
lab_add_actor_fd(struct buf *b, struct actor *a, int fd)
{
	size_t	 len;

	buf_printf(b, "%d<", fd);
	len = b->len;
	if (add_fd_object(b, a, fd))
		buf_addc(b, '>');
	else {
		b->len = len - 1;	/* no object: the number alone */
		b->data[b->len] = '\0';
	}
}

void
lab_add_fd_name(struct buf *b, struct actor *a, int fd)
{
	if (!add_fd_object(b, a, fd))
		buf_printf(b, "%d", fd);
}

/* A descriptor of an observed process: the lab's object if it is one
 * ("0<p1.r>"), else what the kernel names its file ("0<pipe:[4711]>"). */
static void
add_observed_fd(struct buf *b, struct actor *p, int fd)
{
	const struct fd_entry	*fe;
	size_t			 len = b->len;

	buf_printf(b, "%d<", fd);
	if (add_fd_object(b, p, fd)) {
		buf_addc(b, '>');
		return;
	}
	fe = fd_table_find(actor_fds(p), fd);
	if (fe != NULL && fe->link != NULL)
		buf_printf(b, "%s>", fe->link);
	else {
		b->len = len;
		buf_printf(b, "%d", fd);
	}
}

/* What an observed thread waits on, in words: "0<pipe:[4711]>", "3, 4",
 * "/tmp/f", "set 32769", "queue 5", "pid 4242". False if nothing. */
static bool
add_wait_on(struct buf *b, struct actor *a, const struct thread_wait *tw)
{
	size_t	 i;

	switch (tw->kind) {
	case WAIT_FD:
		add_observed_fd(b, a->proc, tw->on.fd.fd);
		return true;
	case WAIT_FDSET:
		if (tw->on.set.how == WAIT_SET_EPOLL) {
			add_observed_fd(b, a->proc, tw->on.set.epfd);
			if (tw->on.set.n > 0)
				buf_adds(b, ":");
		}
		for (i = 0; i < tw->on.set.n && i < 8; i++) {
			buf_adds(b, i > 0 ? ", " : tw->on.set.how == WAIT_SET_EPOLL ? " " : "");
			add_observed_fd(b, a->proc, tw->on.set.v[i].fd);
		}
		if (tw->on.set.n > 8)
			buf_printf(b, " and %zu more", tw->on.set.n - 8);
		return tw->on.set.n > 0 || tw->on.set.how == WAIT_SET_EPOLL;
	default:
		return waits_add_operand(b, tw);
	}
}

/* Which descriptors of a set a thread waits on are ready now, as poll
 * says with no wait ("5<pipe:[4711]>", or "none"): one that is, while
 * the thread sleeps, was missed (an edge-triggered watch whose data
 * was left unread) or woke it this instant. Not said when they cannot
 * be asked (no ptrace access). */
static void
describe_ready(struct actor *a, const struct thread_wait *tw, struct desc *d)
{
	const struct wait_pollfd	*w;
	const struct fd_entry		*fe;
	struct buf			 b;
	size_t				 i, nready = 0;
	short				 revents, events;

	if (a->proc->pidfd == -1)
		return;
	buf_init(&b);
	for (i = 0; i < tw->on.set.n; i++) {
		w = &tw->on.set.v[i];
		events = (short)(w->events & (POLLIN | POLLPRI | POLLOUT | POLLRDHUP));
		fe = fd_table_find(actor_fds(a->proc), w->fd);
		/* epoll's watch is of a file: the number may be another's now. */
		if (fe == NULL || (tw->on.set.how == WAIT_SET_EPOLL &&
		    (fe->id.dev != w->dev || fe->id.ino != w->ino)))
			continue;
		/* A file or a directory is always ready, but on a filesystem
		 * that answers a poll itself (FUSE), whose duplicate's poll
		 * and close would ask it: not asked. */
		if (S_ISREG(fe->type) || S_ISDIR(fe->type) || fe->slow_since != 0)
			continue;
		if (!probe_fd_ready(a->proc->pidfd, w->fd, events, &revents)) {
			if (errno == EPERM || errno == EACCES) {
				buf_free(&b);
				return;
			}
			continue;
		}
		if (!(revents & (events | POLLERR | POLLHUP)))
			continue;
		if (nready++ > 0)
			buf_adds(&b, ", ");
		add_observed_fd(&b, a->proc, w->fd);
	}
	desc_string(d, "ready", nready > 0 ? b.data : "none");
	buf_free(&b);
}

static bool
call_waits_on(const struct call *c, const struct object *o)
{
	size_t	 i;

	if (c->obj == o)
		return true;
	for (i = 0; i < c->nwaits; i++) {
		if (c->waits[i] == o)
			return true;
	}
	return false;
}

void
lab_describe_blocked(struct object *o, struct desc *d, const char *name)
{
	struct lab	*lab = o->lab;
	struct actor	*a;
	const char	*call;
	size_t		 i;

	if (d == NULL)
		return;
	desc_list(d, name);
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->call == NULL || !call_waits_on(a->call, o) ||
		    actor_state(a) != STATE_BLOCKED)
			continue;
		desc_group(d, NULL);
		desc_word(d, "actor", a->name);
		call = a->task.in_call ? syscall_name(a->task.nr) : NULL;
		desc_word(d, "call", call != NULL ? call : a->call->verb->name);
		desc_close(d);
	}
	desc_close(d);
}

/* The controlling terminal: as the mechanism of its kind names it (an
 * object of the lab's, or the device), else major:minor. */
static void
add_ctty(struct desc *d, struct lab *lab, int tty_nr)
{
	const struct mechanism *const	*m;
	unsigned int			 major = ((unsigned int)tty_nr >> 8) & 0xfff;
	unsigned int			 minor = ((unsigned int)tty_nr & 0xff) |
					    (((unsigned int)tty_nr >> 12) & 0xfff00);

	if (tty_nr == 0) {
		desc_word(d, "ctty", "none");
		return;
	}
	for (m = lab->verbs->mechanisms(); *m != NULL; m++) {
		if ((*m)->describe_tty != NULL && (*m)->describe_tty(lab, major, minor, d, "ctty"))
			return;
	}
	desc_text(d, "ctty", "%u:%u", major, minor);
}

bool
process_is_watcher(struct actor *p, pid_t tid)
{
	struct buf	 b;
	char		 path[64];
	bool		 is;

	if (p->watch_tid != 0)
		return tid == p->watch_tid;
	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", (int)p->pid, (int)tid);
	buf_init(&b);
	is = read_file(path, &b) && strncmp(b.data, ACTOR_WATCH_NAME "\n",
	    sizeof ACTOR_WATCH_NAME) == 0;
	buf_free(&b);
	if (is)
		p->watch_tid = tid;
	return is;
}

static void
actor_describe_threads(struct actor *p, struct desc *d)
{
	struct dirent	*de;
	struct actor	*a;
	DIR		*dir;
	char		 path[64], comm[64];
	struct buf	 b;
	size_t		 i;
	long		 tid;
	bool		 named;

	desc_list(d, "threads");
	snprintf(path, sizeof path, "/proc/%d/task", (int)p->pid);
	dir = p->life == ACTOR_ALIVE ? opendir(path) : NULL;
	buf_init(&b);
	while (dir != NULL && (de = readdir(dir)) != NULL) {
		tid = strtol(de->d_name, NULL, 10);
		if (tid <= 0)
			continue;
		named = false;
		for (i = 0; i < p->lab->nactors; i++) {
			a = p->lab->actors[i];
			if (a->proc == p && a->tid == tid && !a->ended) {
				desc_group(d, NULL);
				desc_int(d, "tid", tid);
				desc_word(d, "name", a->name);
				desc_word(d, "state", actor_state_name(actor_state(a)));
				desc_close(d);
				named = true;
				break;
			}
		}
		if (named)
			continue;
		if (process_is_watcher(p, (pid_t)tid))
			snprintf(comm, sizeof comm, "%s", ACTOR_WATCH_NAME);
		else {
			snprintf(path, sizeof path, "/proc/%d/task/%ld/comm", (int)p->pid, tid);
			comm[0] = '\0';
			if (read_file(path, &b))
				snprintf(comm, sizeof comm, "%.*s", (int)strcspn(b.data, "\n"), b.data);
		}
		desc_group(d, NULL);
		desc_int(d, "tid", tid);
		desc_word(d, "name", comm);
		if (strcmp(comm, ACTOR_WATCH_NAME) == 0)
			desc_text(d, "note", "the lab's: ends the actor if the lab dies; blocks every signal");
		desc_close(d);
	}
	if (dir != NULL)
		closedir(dir);
	buf_free(&b);
	desc_close(d);
}

/* What a descriptor an actor keeps for a module is ("signal reports"),
 * or NULL if it is none. */
static const char *
module_fd_what(const struct lab *lab, const struct fd_entry *e)
{
	size_t	 i;

	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->actor_fd > 0 && e->fd == lab->modules[i]->actor_fd &&
		    e->type == lab->modules[i]->actor_fd_type)
			return lab->modules[i]->actor_fd_what;
	}
	return NULL;
}

/* The other descriptors, in the processes the lab shows, of the very
 * open file description fe is (kcmp: inherited across fork or passed,
 * not opened again): they share its offset, its O_NONBLOCK and its
 * flock and OFD locks. */
static void
add_shared(struct actor *p, const struct fd_entry *fe, struct desc *d)
{
	const struct fd_table	*fds;
	struct lab		*lab = p->lab;
	struct actor		*q;
	struct buf		 b;
	size_t			 i, k;
	bool			 any = false;

	buf_init(&b);
	for (i = 0; i < lab->nactors; i++) {
		q = lab->actors[i];
		if (q->is_thread || q->life != ACTOR_ALIVE)
			continue;
		fds = actor_fds(q);
		for (k = 0; k < fds->n; k++) {
			if ((q == p && fds->v[k].fd == fe->fd) || !fd_id_eq(&fds->v[k].id, &fe->id) ||
			    sys_kcmp(p->pid, q->pid, KCMP_FILE, (unsigned long)fe->fd,
			    (unsigned long)fds->v[k].fd) != 0)
				continue;
			if (!any)
				desc_list(d, "shared_with");
			any = true;
			buf_reset(&b);
			buf_printf(&b, "%s fd %d", q->name, fds->v[k].fd);
			desc_string(d, NULL, b.data);
		}
	}
	if (any)
		desc_close(d);
	buf_free(&b);
}

static void
actor_describe_fds(struct actor *p, struct desc *d, enum desc_detail detail)
{
	const struct fd_table	*t = actor_fds(p);
	struct object		*o;
	struct buf		 b;
	const char		*what;
	size_t			 i, k;
	int			 flags;
	bool			 lab_channel;

	/* What cannot be seen is said, not left blank (nor "none"). */
	if (!t->ok && p->observed && p->life == ACTOR_ALIVE) {
		desc_string(d, "fds_hidden", waits_reason(t->error));
		return;
	}
	desc_list(d, "fds");
	buf_init(&b);
	for (i = 0; i < t->n; i++) {
		desc_group(d, NULL);
		desc_int(d, "fd", t->v[i].fd);
		lab_channel = false;
		/* Channels sit from ACTOR_FD_BASE up: only those are looked for. */
		for (k = 0; t->v[i].fd >= ACTOR_FD_BASE && t->v[i].type == S_IFSOCK &&
		    k < p->lab->nactors; k++) {
			if (p->lab->actors[k]->proc == p && p->lab->actors[k]->chan_fd == t->v[i].fd)
				lab_channel = true;
		}
		o = lab_object_by_fd(p->lab, p, t->v[i].fd);
		buf_reset(&b);
		if (o != NULL) {
			lab_add_end_name(&b, o, object_fd_which(o, &t->v[i]), t->v[i].access);
			desc_word(d, "object", b.data);
		} else if (lab_channel)
			desc_word(d, "object", "(lab channel)");
		else if ((what = module_fd_what(p->lab, &t->v[i])) != NULL) {
			buf_printf(&b, "(lab %s)", what);
			desc_word(d, "object", b.data);
		} else if (t->v[i].fd == RUNTIME_MANIFEST_FD && t->v[i].type == S_IFREG)
			desc_word(d, "object", "(lab manifest)");
		if (t->v[i].slow_since != 0) {
			/* Its filesystem did not answer the stat: what it is
			 * is not known, and that is said. */
			buf_reset(&b);
			guard_say(&b, t->v[i].link, t->v[i].slow_since);
			desc_string(d, "slow", b.data);
		}
		if (detail == DETAIL_SUMMARY) {
			desc_close(d);
			continue;
		}
		desc_word(d, "access", access_word(t->v[i].access));
		/* What another holder of the open file may have changed
		 * (F_SETFL) while this process slept: read now. */
		if ((flags = t->v[i].flags) == -1 || p->observed)
			flags = probe_fd_flags(p->pid, t->v[i].fd);
		if (flags != -1) {
			buf_reset(&b);
			if (flags & O_NONBLOCK)
				buf_adds(&b, "O_NONBLOCK");
			if (flags & O_CLOEXEC)
				buf_printf(&b, "%sO_CLOEXEC", b.len ? "|" : "");
			desc_word(d, "flags", b.len ? b.data : "0");
		}
		desc_string(d, "file", t->v[i].link);
		if (p->observed && (o == NULL || o->observed)) {
			const struct mechanism *m = lab_claimed_by(p->lab, &t->v[i]);

			if (m != NULL && m->describe_fd != NULL)
				m->describe_fd(p->lab, p, &t->v[i], d);
		}
		if (p->observed)
			add_shared(p, &t->v[i], d);
		desc_close(d);
	}
	buf_free(&b);
	desc_close(d);
}

/* Who the kernel says the parent is now: an actor, the lab, or a pid. */
static const char *
kernel_parent_name(struct lab *lab, pid_t ppid)
{
	static char	 pid[16];
	size_t		 i;

	if (ppid == lab->self)
		return "lab";
	for (i = 0; i < lab->nactors; i++) {
		if (!lab->actors[i]->is_thread && lab->actors[i]->pid == ppid &&
		    lab->actors[i]->life == ACTOR_ALIVE)
			return lab->actors[i]->name;
	}
	snprintf(pid, sizeof pid, "%d", (int)ppid);
	return pid;
}

/* "pid 123 blocked in read on p1": an actor's one line; returns the
 * call it is blocked in, or NULL. */
static const char *
actor_add_summary(struct buf *b, struct actor *a)
{
	const struct task_info	*ti = actor_task(a);
	enum actor_state	 state = actor_state(a);
	const char		*call = NULL;

	buf_adds(b, "pid ");
	buf_add_uint(b, (unsigned long long)a->pid);
	if (a->is_thread) {
		buf_adds(b, " tid ");
		buf_add_uint(b, (unsigned long long)a->tid);
	}
	buf_addc(b, ' ');
	buf_adds(b, actor_state_name(state));
	if (state == STATE_BLOCKED && a->observed) {
		const struct thread_wait *tw = actor_wait(a);

		if (tw->since_known)
			buf_printf(b, " %llds", (long long)((now_ns() - tw->since) / NS_PER_S));
		call = tw->name != NULL ? tw->name : ti->in_call ? syscall_name(ti->nr) : NULL;
		if (call != NULL)
			buf_printf(b, " in %s", call);
		else if (tw->error != 0)
			buf_printf(b, " (its call: %s)", waits_reason(tw->error));
		if (tw->kind != WAIT_NONE && tw->kind != WAIT_UNKNOWN) {
			size_t len = b->len;

			buf_adds(b, " on ");
			if (!add_wait_on(b, a, tw)) {
				b->len = len;
				b->data[len] = '\0';
			}
		}
	} else if (state == STATE_BLOCKED) {
		call = ti->in_call ? syscall_name(ti->nr) : NULL;
		if (call == NULL && a->call != NULL)
			call = a->call->verb->name;
		if (call != NULL)
			buf_printf(b, " in %s", call);
		if (a->call != NULL && a->call->on != NULL)
			buf_printf(b, " on %s", a->call->on);
		else if (a->call != NULL && a->call->obj != NULL)
			buf_printf(b, " on %s", a->call->obj->name);
	}
	if (actor_terminated(a) && !a->is_thread) {
		buf_reset(b);
		buf_printf(b, "pid %d ", (int)a->pid);
		actor_add_status(b, a->proc);
		if (a->proc->life == ACTOR_ZOMBIE)
			buf_adds(b, " (zombie: not reaped)");
	}
	return call;
}

/* What health.c points out about the object or the process called name
 * (a list of texts), if anything. */
static void
health_list(struct lab *lab, const char *name, bool object, struct desc *d)
{
	const char	*about;
	size_t		 i;
	bool		 any = false;

	for (i = 0; i < lab->nhealth; i++) {
		about = object ? lab->health[i].object : lab->health[i].who;
		if (about == NULL || strcmp(about, name) != 0)
			continue;
		if (!any)
			desc_list(d, "health");
		any = true;
		desc_string(d, NULL, lab->health[i].text);
	}
	if (any)
		desc_close(d);
}

void
lab_describe_object_health(struct object *o, struct desc *d)
{
	health_list(o->lab, o->name, true, d);
}

static void
describe_health(struct actor *p, struct desc *d)
{
	health_list(p->lab, p->name, false, d);
}

void
lab_describe_actor(struct actor *a, struct desc *d, enum desc_detail detail)
{
	const struct task_info	*ti;
	struct actor		*p = a->proc;
	enum actor_state	 state = actor_state(a);
	const char		*call;
	struct buf		 sum;

	ti = actor_task(a);
	buf_init(&sum);
	desc_word(d, "kind", a->is_thread ? "thread" : a->observed ? "observed" : "actor");
	call = actor_add_summary(&sum, a);
	desc_string(d, "summary", sum.data);
	buf_free(&sum);

	desc_int(d, "pid", a->pid);
	if (a->is_thread) {
		desc_int(d, "tid", a->tid);
		desc_word(d, "process", p->name);
	} else if (a->observed)
		desc_word(d, "parent", ti->ok ? kernel_parent_name(a->lab, ti->ppid) : "-");
	else
		desc_word(d, "parent", p->parent != NULL ? p->parent->name : "lab");
	if (a->observed)
		desc_bool(d, "observed", true);
	if (p->place != NULL)
		desc_word(d, "host", p->place->name);	/* the network it is on */
	desc_word(d, "state", actor_state_name(state));
	if (!a->is_thread)
		describe_health(a, d);
	if (a->observed && state == STATE_BLOCKED) {
		const struct thread_wait *tw = actor_wait(a);
		struct buf		 on;

		if (tw->since_known)
			desc_duration(d, "blocked_for", now_ns() - tw->since);
		buf_init(&on);
		if (add_wait_on(&on, a, tw))
			desc_string(d, "on", on.data);
		buf_free(&on);
		if (tw->kind == WAIT_FDSET && detail == DETAIL_FULL)
			describe_ready(a, tw, d);
		if (tw->error != 0)
			desc_string(d, "hidden", waits_reason(tw->error));
		if (detail == DETAIL_FULL)
			lab_describe_chain(a, d);
	} else if (state == STATE_BLOCKED && a->call != NULL && detail == DETAIL_FULL)
		lab_describe_chain(a, d);	/* an actor's: the same walk */
	if (call != NULL)
		desc_word(d, "call", call);
	if (a->call != NULL && a->call->on != NULL && state == STATE_BLOCKED)
		desc_string(d, "on", a->call->on);
	else if (a->call != NULL && a->call->obj != NULL && state == STATE_BLOCKED)
		desc_word(d, "on", a->call->obj->name);
	/* A summary is what an actor's row shows: its state, what it is
	 * blocked in and on, its descriptors. */
	if (ti->ok && detail == DETAIL_FULL) {
		desc_text(d, "kstate", "%c", ti->state);
		if (ti->wchan[0] != '\0')
			desc_word(d, "wchan", ti->wchan);
		else if (a->observed && (ti->state == 'S' || ti->state == 'D')) {
			struct task_info	 full;

			/* Its stat was read without its call: asked now. */
			probe_task(a->pid, a->tid, true, NULL, &full);
			if (full.wchan[0] != '\0')
				desc_word(d, "wchan", full.wchan);
		}
		if (!a->is_thread) {
			desc_int(d, "ppid", ti->ppid);
			desc_word(d, "kparent", kernel_parent_name(a->lab, ti->ppid));
			desc_int(d, "pgid", ti->pgrp);
			desc_int(d, "sid", ti->session);
			add_ctty(d, a->lab, ti->tty_nr);
		}
	}
	if (!a->is_thread && actor_terminated(a)) {
		if (p->status_known && WIFEXITED(p->status))
			desc_int(d, "exit", WEXITSTATUS(p->status));
		if (p->status_known && WIFSIGNALED(p->status))
			desc_word(d, "signal", sig_name(WTERMSIG(p->status)));
		desc_bool(d, "reaped", p->life == ACTOR_REAPED);
		if (p->reaped_by != NULL)
			desc_string(d, "reaped_by", p->reaped_by);
	}
	if (detail == DETAIL_FULL && !a->is_thread && p->life == ACTOR_ALIVE)
		actor_describe_threads(p, d);
	if (!a->is_thread && p->life == ACTOR_ALIVE)
		actor_describe_fds(p, d, detail);
	if (detail == DETAIL_SUMMARY)
		return;
	LAB_MODULES_CALL_ACTOR(a->lab, describe_actor, a, d, detail);
	if (a->observed)
		return;
	if (a->call != NULL) {
		desc_group(d, "current");
		call_describe(a->call, d, true);
		desc_close(d);
	}
	desc_group(d, "last");
	if (a->last != NULL)
		call_describe(a->last, d, true);
	desc_close(d);
}

/* The lab's own processes and files: what the guardian protects, where
 * the run's files are. */
static void
lab_describe_self(struct lab *lab, struct desc *d)
{
	size_t	 i, alive = 0;

	for (i = 0; i < lab->nactors; i++) {
		if (!lab->actors[i]->is_thread && lab->actors[i]->life == ACTOR_ALIVE)
			alive++;
	}
	desc_word(d, "kind", "lab");
	desc_text(d, "summary", "controller pid %d, guardian %s", (int)lab->self,
	    lab->guardian > 0 ? "on watch" : "none");
	desc_int(d, "pid", lab->self);
	if (lab->guardian > 0)
		desc_int(d, "guardian", lab->guardian);
	else
		desc_word(d, "guardian", "none");
	desc_string(d, "run", lab->rt->id);
	desc_string(d, "directory", lab->rt->dir);
	desc_string(d, "manifest", lab->rt->manifest);
	desc_int(d, "processes", (int64_t)alive);
	desc_int(d, "objects", (int64_t)lab->nobjects);
	/* What health points out, in the lab and in what it observes. */
	desc_list(d, "health");
	for (i = 0; i < lab->nhealth; i++)
		desc_string(d, NULL, lab->health[i].text);
	desc_close(d);
}

/* The module whose thing is called name, or -1. */
static ssize_t
module_owning(struct lab *lab, const char *name)
{
	size_t	 i;

	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->owns_name != NULL &&
		    lab->modules[i]->owns_name(lab, lab->module_state[i], name))
			return (ssize_t)i;
	}
	return -1;
}

bool
lab_describable(struct lab *lab, const char *name, char **cause)
{
	struct buf	 b;
	size_t		 i, n = 0;

	if (lab->snapshot != NULL) {
		if (strcmp(name, "lab") == 0 || snapshot_actor(lab->snapshot, name) != NULL ||
		    snapshot_object(lab->snapshot, name) != NULL)
			return true;
		buf_init(&b);
		snapshot_add_label(&b, lab->snapshot);
		*cause = xasprintf("no actor or object called %s in the %s (show lists them)",
		    name, b.data);
		buf_free(&b);
		return false;
	}
	if (strcmp(name, "lab") == 0 || lab_actor(lab, name) != NULL ||
	    lab_object(lab, name) != NULL || module_owning(lab, name) != -1)
		return true;
	/* "no actor, object or job called X": what else has a name. */
	buf_init(&b);
	buf_adds(&b, "no actor");
	for (i = 0; i < lab->nmodules; i++)
		n += lab->modules[i]->things != NULL;
	buf_adds(&b, n > 0 ? ", object" : " or object");
	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->things != NULL)
			buf_printf(&b, "%s%s", --n > 0 ? ", " : " or ", lab->modules[i]->things);
	}
	*cause = xasprintf("%s called %s (show lists them)", b.data, name);
	buf_free(&b);
	return false;
}

bool
lab_describe(struct lab *lab, const char *name, struct desc *d, char **cause)
{
	struct actor	*a;
	struct object	*o;
	struct desc_node *item;
	ssize_t		 k;

	if (!lab_describable(lab, name, cause))
		return false;
	if (lab->snapshot != NULL) {
		if (strcmp(name, "lab") == 0)
			snapshot_describe(lab->snapshot, d);
		else if ((item = snapshot_actor(lab->snapshot, name)) != NULL ||
		    (item = snapshot_object(lab->snapshot, name)) != NULL)
			snapshot_describe_item(item, d);
		return true;
	}
	lab->gen++;
	if (strcmp(name, "lab") == 0) {
		lab_describe_self(lab, d);
		return true;
	}
	if ((a = lab_actor(lab, name)) != NULL) {
		actor_recheck(a->proc);
		lab_describe_actor(a, d, DETAIL_FULL);
		return true;
	}
	if ((o = lab_object(lab, name)) != NULL) {
		o->mech->describe(o, d, DETAIL_FULL);
		lab_describe_object_health(o, d);
		if (o->observed)
			desc_bool(d, "observed", true);
		return true;
	}
	if ((k = module_owning(lab, name)) != -1) {
		lab->modules[k]->describe_name(lab, lab->module_state[k], name, d);
		return true;
	}
	fatal("%s is described but not found", name);
}

/* show's list of a snapshot's actors and objects, as of the lab's. */
static void
describe_all_saved(const struct snapshot *s, struct desc *d)
{
	const char	*str;
	size_t		 i;

	desc_list(d, "actors");
	for (i = 0; i < s->nactors; i++) {
		desc_group(d, NULL);
		desc_word(d, "name", snapshot_str(s->actors[i], "name"));
		desc_string(d, "summary", (str = snapshot_str(s->actors[i], "summary")) != NULL ?
		    str : "");
		if (desc_find_child(s->actors[i], "observed") != NULL)
			desc_bool(d, "observed", true);
		desc_close(d);
	}
	desc_close(d);
	desc_list(d, "objects");
	for (i = 0; i < s->nobjects; i++) {
		desc_group(d, NULL);
		desc_word(d, "name", snapshot_str(s->objects[i], "name"));
		desc_word(d, "kind", (str = snapshot_str(s->objects[i], "kind")) != NULL ? str :
		    (str = snapshot_str(s->objects[i], "mechanism")) != NULL ? str : "object");
		desc_word(d, "summary", (str = snapshot_str(s->objects[i], "summary")) != NULL ?
		    str : "");
		desc_close(d);
	}
	desc_close(d);
}

void
lab_describe_all(struct lab *lab, struct desc *d)
{
	struct desc	*one = desc_new();
	struct desc_node *kind, *sum;
	struct buf	 line;
	size_t		 i;

	if (lab->snapshot != NULL) {
		describe_all_saved(lab->snapshot, d);
		desc_free(&one);
		return;
	}
	lab->gen++;
	desc_list(d, "actors");
	buf_init(&line);
	for (i = 0; i < lab->nactors; i++) {
		buf_reset(&line);
		(void)actor_add_summary(&line, lab->actors[i]);
		desc_group(d, NULL);
		desc_word(d, "name", lab->actors[i]->name);
		desc_string(d, "summary", line.data);
		if (lab->actors[i]->observed)
			desc_bool(d, "observed", true);
		desc_close(d);
	}
	buf_free(&line);
	desc_close(d);
	desc_list(d, "objects");
	for (i = 0; i < lab->nobjects; i++) {
		desc_reset(one);
		lab->objects[i]->mech->describe(lab->objects[i], one, DETAIL_SUMMARY);
		kind = desc_find_child(one->root, "kind");
		sum = desc_find_child(one->root, "summary");
		desc_group(d, NULL);
		desc_word(d, "name", lab->objects[i]->name);
		desc_word(d, "kind", kind != NULL ? kind->str : lab->objects[i]->mech->name);
		desc_word(d, "summary", sum != NULL ? sum->str : "");
		if (lab->objects[i]->observed)
			desc_bool(d, "observed", true);
		desc_close(d);
	}
	desc_close(d);
	desc_free(&one);
}
