/* lab.c: the lab made and freed, and its work in the loop: the settle
 * timer looks at calls in flight, signals, and ends and replies that
 * wait (settle_cb), the tick at stops and continues, modules and objects
 * (tick_cb); and the end of a run (lab_shutdown). Its parts are the other
 * files of src/lab, which share lab_int.h. */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "guard.h"
#include "lab.h"
#include "lab_int.h"
#include "loop.h"
#include "mechanism.h"
#include "module.h"
#include "snapshot.h"
#include "syscalls.h"

#define BLOCKED_D_NS		(100 * NS_PER_MS)	/* an uninterruptible sleep this long is a block */
#define SHUTDOWN_WAIT_NS	(3 * NS_PER_S)

static void	settle_cb(void *);
static void	tick_cb(void *);

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
	lab->observed_moved = true;
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
	listeners_changed(&lab->listeners);
}

static void
tick_cb(void *arg)
{
	struct lab	*lab = arg;

	lab->gen++;
	lab->ticks++;
	lab_take_sends(lab);
	lab_check_states(lab, false, true);
	lab_observe_tick(lab);
	lab_chains_tick(lab);
	lab_health_tick(lab, false);
	LAB_MODULES_CALL(lab, tick);
	lab_notice(lab);
	loop_timer_at(lab->tick_timer, now_ns() + lab->tick_ns);
	listeners_ticked(&lab->listeners);
}

void
lab_shutdown(struct lab *lab)
{
	if (lab->quitting)
		return;
	lab->quitting = true;
	lab_end_all(lab);
}

/* Whether every child left is a reader given up on (guard.h): one asleep
 * in a filesystem that does not answer ends when it answers, and is not
 * waited for. */
static bool
only_helpers_left(void)
{
	struct buf	 b;
	char		*p, *end;
	long		 pid;
	size_t		 n = 0;
	bool		 only = true;

	buf_init(&b);
	if (!read_file("/proc/thread-self/children", &b) || b.data == NULL) {
		buf_free(&b);
		return false;
	}
	for (p = b.data; only; p = end, n++) {
		pid = strtol(p, &end, 10);
		if (end == p)
			break;
		only = guard_is_helper((pid_t)pid);
	}
	buf_free(&b);
	return only && n > 0;
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
		if (!a->is_thread && !a->observed && a->life == ACTOR_ALIVE && a->pidfd != -1)
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
		if (only_helpers_left())
			break;
		if (now_ns() > deadline) {
			fprintf(stderr, "ipcscope: some actors did not die within 3 s of SIGKILL\n");
			break;
		}
		usleep(1000);
	}
	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		/* What is observed is not the lab's to remove. */
		if (o->mech->destroy != NULL && !o->observed)
			o->mech->destroy(o);
	}
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
	netdiag_sources_free(&lab->net);
	LAB_MODULES_CALL(lab, cleanup);
	for (i = 0; i < lab->nmodules; i++)
		free(lab->module_state[i]);
	free(lab->module_state);
	free(lab->modules);
	loop_timer_free(&lab->settle_timer);
	loop_timer_free(&lab->tick_timer);
	record_log_free(&lab->log);
	timeline_clear(&lab->timeline);
	listener_list_free(&lab->listeners);
	lab_observe_rules_free(lab);
	sched_clock_clear(&lab->clock);
	lab_deadlocks_free(lab);
	lab_health_free(lab);
	lab_observed_sync_free(lab);
	free(lab->unseen);
	snapshot_free(&lab->snapshot);
	freep(labp);
}
