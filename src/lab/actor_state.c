/* actor_state.c: an actor found by name or pid, and what it is doing now
 * as the kernel shows it: its task (read once a generation), its state
 * (actor_state), how its process ended, whether it can take a call. */
#include "config.h"

#include <sys/wait.h>

#include <string.h>

#include "actor.h"
#include "lab.h"
#include "lab_int.h"
#include "procs.h"
#include "module.h"
#include "signames.h"
#include "syscalls.h"

struct actor *
lab_actor(struct lab *lab, const char *name)
{
	size_t	 i;

	for (i = 0; i < lab->nactors; i++) {
		if (strcmp(lab->actors[i]->name, name) == 0)
			return lab->actors[i];
	}
	return NULL;
}

bool
actor_terminated(const struct actor *a)
{
	return a->proc->life != ACTOR_ALIVE;
}

/* A process that has not run since its last stamp (lab_observe_tick)
 * has the same threads in the same states, blocked in the same calls
 * since the same time: what was read of an observed thread after its
 * process last ran (read_ns) still holds, whatever the generation, and
 * is not read again (a machine has hundreds asleep). A thread woken but
 * not yet run is what this misses, until it runs: a deadlock is
 * confirmed from fresh reads before it is told (lab_chains_tick). */
bool
actor_read_holds(const struct actor *a, uint64_t read_gen, int64_t read_ns)
{
	return a->observed && read_gen != 0 && a->proc->still && read_ns >= a->proc->quiet_since;
}

void
actor_recheck(struct actor *p)
{
	struct run_stamp	 now;

	if (p->observed && p->still &&
	    (!procs_run_stamp_known(p->pid, &now, &p->tids) || run_stamp_ran(&p->stamp, &now)))
		p->still = false;
}

const struct task_info *
actor_task(struct actor *a)
{
	if (a->task_gen != a->lab->gen && !actor_read_holds(a, a->task_gen, a->task_ns)) {
		/* With no call in flight, the call it sleeps in is the lab's
		 * own wait for a command: not worth reading. An observed
		 * process's is read with its wait (actor_wait), from this
		 * stat; it keeps no stat file open. */
		a->task_ns = now_ns();
		probe_task(a->pid, a->tid, a->call != NULL,
		    a->observed ? NULL : &a->stat_fd, &a->task);
		a->task_gen = a->lab->gen;
	}
	return &a->task;
}

const struct task_info *
actor_sleeping_call(struct actor *a)
{
	const struct task_info	*ti;

	if (a->call == NULL || a->ended || actor_terminated(a->proc))
		return NULL;
	ti = actor_task(a);
	if (!ti->ok || !ti->in_call || (ti->state != 'S' && ti->state != 'D'))
		return NULL;
	return ti;
}

void
actor_set_life(struct actor *p, enum actor_life life)
{
	p->life = life;
	p->lab->fds_version++;	/* its descriptors are no one's now */
	LAB_MODULES_CALL_ACTOR(p->lab, process_stale, p);
}

struct actor *
lab_actor_by_pid(struct lab *lab, pid_t pid)
{
	struct actor	*a, *reaped = NULL;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (a->is_thread || a->pid != pid)
			continue;
		if (a->life != ACTOR_REAPED)
			return a;
		reaped = a;
	}
	return reaped;
}

/* Asleep in the lab's own wait for a command, not in a user's call. */
static bool
task_in_channel_wait(const struct actor *a, const struct task_info *ti)
{
	return ti->in_call && syscall_is_channel_wait(ti->nr) &&
	    (int)ti->args[0] == a->chan_fd;
}

/* Asleep in the call the user asked for: not in the lab's own work
 * around it (its wait for a command, the record of what a call made, a
 * handler's report: descriptors from ACTOR_FD_BASE up are the lab's, and
 * no user's call may name one), and not in a lock of the C library's
 * inside another call (setuid waits in futex for every thread to change
 * its ids). */
bool
task_in_users_call(const struct actor *a, const struct call *c, const struct task_info *ti)
{
	if (!ti->ok || !ti->in_call || (ti->state != 'S' && ti->state != 'D'))
		return false;
	if (task_in_channel_wait(a, ti))
		return false;
	if (syscall_takes_fd(ti->nr) && (int)ti->args[0] >= ACTOR_FD_BASE)
		return false;
	return !syscall_is_futex(ti->nr) || (c->verb->effects & EFF_FUTEX_WAIT);
}

const struct thread_wait *
actor_wait(struct actor *a)
{
	struct lab	*lab = a->lab;
	int64_t		 now;

	if (a->wait_gen == lab->gen + 1 || actor_read_holds(a, a->wait_gen, a->wait_ns))
		return &a->wait;
	now = now_ns();
	if (!lab->clock.ok || now - lab->clock_ns > 10 * NS_PER_S) {
		sched_clock_clear(&lab->clock);
		sched_clock_measure(&lab->clock);
		lab->clock_ns = now;
	}
	thread_wait_clear(&a->wait);
	a->wait_ns = now;
	waits_read_task(actor_task(a), a->pid, a->tid, WAITS_ALL,
	    lab->clock.ok ? &lab->clock : NULL, &a->wait);
	a->wait_gen = lab->gen + 1;
	return &a->wait;
}

enum actor_state
actor_state(struct actor *a)
{
	const struct task_info	*ti;
	struct actor		*p = a->proc;

	if (p->life == ACTOR_REAPED)
		return p->status_known && WIFSIGNALED(p->status) ? STATE_KILLED : STATE_EXITED;
	if (p->life == ACTOR_ZOMBIE)
		return STATE_ZOMBIE;
	if (a->is_thread && a->ended)
		return STATE_ENDED;
	if (!a->ready && a->conn.fd != -1)
		return STATE_STARTING;
	ti = actor_task(a);
	if (!ti->ok)
		return a->is_thread ? STATE_ENDED : STATE_EXITING;
	switch (ti->state) {
	case 'T':
	case 't':
		return STATE_STOPPED;
	case 'Z':
	case 'X':
		return a->is_thread ? STATE_ENDED : STATE_EXITING;
	default:
		break;
	}
	/* An observed process's calls are its own: asleep in one, it is
	 * blocked in it. */
	if (a->observed)
		return ti->state == 'S' || ti->state == 'D' ? STATE_BLOCKED : STATE_RUNNING;
	/* With no call of the user's in flight, whatever runs is the lab's
	 * own code between calls: the program is idle (kstate has the
	 * kernel's letter). */
	if (a->call == NULL)
		return STATE_IDLE;
	/* Blocked once the lab has seen it asleep in the call twice (a wait
	 * for a lock inside the call is brief: it is still running). */
	if (a->call->state == CALL_BLOCKED && (ti->state == 'S' || ti->state == 'D') &&
	    !task_in_channel_wait(a, ti))
		return STATE_BLOCKED;
	return STATE_RUNNING;
}

const char *
actor_state_name(enum actor_state state)
{
	static const char *const names[] = {
		[STATE_STARTING] = "starting",
		[STATE_IDLE] = "idle",
		[STATE_RUNNING] = "running",
		[STATE_BLOCKED] = "blocked",
		[STATE_STOPPED] = "stopped",
		[STATE_EXITING] = "exiting",
		[STATE_ZOMBIE] = "zombie",
		[STATE_EXITED] = "exited",
		[STATE_KILLED] = "killed",
		[STATE_ENDED] = "ended",
	};

	if ((size_t)state >= nitems(names) || names[state] == NULL)
		fatal("actor state %d has no name", (int)state);
	return names[state];
}

void
actor_add_status(struct buf *b, const struct actor *a)
{
	const struct actor	*p = a->proc;

	if (!p->status_known) {
		buf_adds(b, "ended (status not known)");
		return;
	}
	if (WIFEXITED(p->status))
		buf_printf(b, "exited %d", WEXITSTATUS(p->status));
	else if (WIFSIGNALED(p->status)) {
		buf_printf(b, "killed by %s", sig_name(WTERMSIG(p->status)));
		if (WCOREDUMP(p->status))
			buf_adds(b, " (core dumped)");
	} else
		buf_printf(b, "status 0x%x", (unsigned)p->status);
}

struct object *
lab_actor_place(const struct actor *a)
{
	return a->proc->place;
}

bool
actor_can_call(struct actor *a, char **cause)
{
	const struct task_info	*now;
	struct buf		 b;

	if (a->observed) {
		*cause = xasprintf("%s is observed, not the lab's: it makes only its own calls "
		    "(spawn an actor to make calls)", a->name);
		return false;
	}
	if (actor_terminated(a)) {
		buf_init(&b);
		buf_printf(&b, "%s has ended (", a->name);
		actor_add_status(&b, a);
		buf_adds(&b, "); it can make no more calls");
		*cause = buf_take(&b);
		return false;
	}
	if (a->is_thread && a->ended) {
		*cause = xasprintf("thread %s has ended; it can make no more calls", a->name);
		return false;
	}
	if (a->conn.fd == -1) {
		*cause = xasprintf("%s is exiting; it can make no more calls", a->name);
		return false;
	}
	if (a->call != NULL) {
		*cause = xasprintf("%s is busy in %s(); it takes its next call when that returns (wait %s done)",
		    a->name, a->call->verb->name, a->name);
		return false;
	}
	/* A stop from outside the lab is an event nothing else tells: the
	 * state is read afresh, whatever the generation (the read is the
	 * generation's sample too: no call in flight, no syscall to read).
	 * But not for an actor whose call returned less than
	 * SETTLE_FIRST_NS ago and that the lab has not seen stopped since
	 * (a script's next call): it ran then, and a stop so close is the
	 * same race as one just after the read. */
	if (a->proc->seen_state == 'T' || a->ran_ns == 0 ||
	    now_ns() - a->ran_ns >= SETTLE_FIRST_NS) {
		probe_task(a->pid, a->tid, false, &a->stat_fd, &a->task);
		a->task_gen = a->lab->gen;
	}
	now = &a->task;
	if (a->task_gen == a->lab->gen && now->ok && (now->state == 'T' || now->state == 't')) {
		*cause = xasprintf("%s is stopped; continue it first: kill %s CONT",
		    a->name, a->proc->name);
		return false;
	}
	return true;
}

bool
actor_started(const struct actor *a)
{
	return a->ready || a->conn.fd == -1 || actor_terminated(a);
}
