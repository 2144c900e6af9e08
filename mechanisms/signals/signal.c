/* signal.c: signals. Sending them from the lab (kill, killpg, tkill,
 * sigqueue) and from an actor (kill, killpg, sigqueue, pthread_kill,
 * raise, alarm, and faults it causes itself); dispositions (default,
 * ignore, catch with SA_ flags) and masks (block, unblock, setmask);
 * taking them in a call (sigwait, sigwaitinfo, sigtimedwait, sigsuspend,
 * pause, sigpending). A send settles once the kernel has dealt with the
 * signal (siglab.h); a caught signal is reported as the handler saw it
 * (sigreport.h). signalfd is its own mechanism (signalfd.c). */
#include "config.h"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "probe.h"
#include "siglab.h"
#include "signames.h"
#include "sigreport.h"
#include "waits.h"

/* The process a send is for: an actor (by name, or pid:N when N is one
 * of the lab's), or any other process by pid:N. Every send, from the lab
 * or from an actor, asks siglab_target_allowed first: never pid 0 or -1,
 * group 0 or 1, ipcscope's own processes or their group. */
struct target {
	struct actor	*a;		/* NULL for an outside process */
	pid_t		 pid;
};

static bool
resolve_process(struct lab *lab, const struct arg *arg, const char *verb,
    struct target *t, char **cause)
{
	struct actor	*a;

	memset(t, 0, sizeof *t);
	if (arg->is_number) {
		t->pid = (pid_t)arg->num;
		if (!siglab_target_allowed(lab, t->pid, cause))
			return false;
		a = lab_actor_by_pid(lab, t->pid);
		if (a != NULL && a->life != ACTOR_REAPED)
			t->a = a;
		return true;
	}
	a = lab_actor(lab, arg->str);
	if (a == NULL) {
		*cause = lab_object(lab, arg->str) != NULL ?
		    xasprintf("%s is an object; %s signals a process", arg->str, verb) :
		    xasprintf("no actor called %s (show lists them; pid:N names any process)",
		    arg->str);
		return false;
	}
	if (a->is_thread) {
		*cause = xasprintf("%s signals a process; %s is a thread of %s: tkill %s SIG from the lab, or %s pthread_kill %s SIG",
		    verb, a->name, a->proc->name, a->name, a->proc->name, a->name);
		return false;
	}
	if (a->life == ACTOR_REAPED) {
		*cause = xasprintf("%s was reaped; its pid %d may be another process's now",
		    a->name, (int)a->pid);
		return false;
	}
	t->a = a;
	t->pid = a->pid;
	return siglab_target_allowed(lab, t->pid, cause);
}

/* The process group killpg sends to: an actor's group, or pid:N for the
 * group N (killpg(2)'s own meaning, not the group of process N). Group 1
 * and 0 are refused: glibc's killpg(1) is kill(-1), every process the
 * sender may signal, and killpg(0) is the sender's own group; so is a
 * group holding ipcscope's own processes. */
static bool
resolve_group(struct lab *lab, const struct arg *arg, pid_t *pgid, char **cause)
{
	const struct task_info	*ti;
	struct target		 t;

	if (arg->is_number)
		*pgid = (pid_t)arg->num;
	else {
		if (!resolve_process(lab, arg, "killpg", &t, cause))
			return false;
		lab->gen++;
		ti = actor_task(t.a);
		if (!ti->ok) {
			*cause = xasprintf("%s has ended; its process group is not known", t.a->name);
			return false;
		}
		*pgid = ti->pgrp;
	}
	if (*pgid == 1) {
		*cause = xstrdup("killpg 1 would be kill(-1): every process you may signal; "
		    "ipcscope never sends to it");
		return false;
	}
	return siglab_target_allowed(lab, -*pgid, cause);
}

static void
add_target(struct buf *b, pid_t pid, const struct actor *a)
{
	buf_printf(b, "%d", (int)pid);
	if (a != NULL)
		buf_printf(b, "<%s>", a->name);
}

/* The thread a thread-directed send is for: a thread actor, or a process
 * actor's main thread. */
static struct actor *
resolve_thread(struct lab *lab, const struct arg *arg, char **cause)
{
	struct actor	*a = lab_actor(lab, arg->str);
	const char	*dot = strchr(arg->str, '.');
	char		*proc;

	if (a == NULL) {
		if (lab_object(lab, arg->str) != NULL) {
			*cause = xasprintf("%s is an object; name a thread (A.t1) or an actor (its main thread)",
			    arg->str);
			return NULL;
		}
		/* What would make it: the thread of an actor, or the actor. */
		proc = dot != NULL ? xstrndup(arg->str, (size_t)(dot - arg->str)) : xstrdup(arg->str);
		if (dot != NULL && lab_actor(lab, proc) != NULL)
			*cause = xasprintf("no thread called %s (%s thread %s makes it)", arg->str, proc,
			    dot + 1);
		else
			*cause = xasprintf("no actor called %s (spawn %s makes one)%s%s", proc, proc,
			    dot != NULL ? ", so no thread " : "", dot != NULL ? arg->str : "");
		free(proc);
		return NULL;
	}
	if (actor_terminated(a)) {
		*cause = xasprintf("%s has ended; it has no threads to signal", a->proc->name);
		return NULL;
	}
	if (a->is_thread && a->ended) {
		*cause = xasprintf("thread %s has ended (pthread_exit): its tid %d is no longer its",
		    a->name, (int)a->tid);
		return NULL;
	}
	return siglab_target_allowed(lab, a->pid, cause) ? a : NULL;
}

/* Flights for every live lab process in a process group. */
static void
group_flights(struct lab *lab, pid_t pgid, int sig, uint64_t *lo, uint64_t *hi)
{
	const struct task_info	*ti;
	struct actor		*p;
	uint64_t		 id;
	size_t			 i;

	*lo = *hi = 0;
	lab->gen++;
	for (i = 0; i < lab->nactors; i++) {
		p = lab->actors[i];
		if (p->is_thread || p->life != ACTOR_ALIVE)
			continue;
		ti = actor_task(p);
		if (!ti->ok || ti->pgrp != pgid)
			continue;
		if ((id = siglab_flight(lab, p, 0, sig)) == 0)
			continue;
		if (*lo == 0)
			*lo = id;
		*hi = id;
	}
}

/* What a signal-0 send to call's target means (a thread for tgkill and
 * pthread_kill, a group for killpg), and why a send failed. */
static const char *
send_note(const char *call, int sig, int ret, int err)
{
	if (ret == 0 && sig == 0 && (strcmp(call, "tgkill") == 0 ||
	    strcmp(call, "pthread_kill") == 0))
		return "signal 0 sends nothing: the thread exists and may be signalled";
	if (ret == 0 && sig == 0 && strcmp(call, "killpg") == 0)
		return "signal 0 sends nothing: the group has a process that may be signalled";
	if (ret == 0 && sig == 0)
		return "signal 0 sends nothing: the process exists and may be signalled";
	if (ret == 0)
		return NULL;
	switch (err) {
	case EPERM:
		return "the sender may not signal that process (another user's, and no CAP_KILL)";
	case ESRCH:
		return "no such process (or thread)";
	case EAGAIN:
		return "the signals queued for the receiver's user (all its processes) reached the receiver's RLIMIT_SIGPENDING";
	case EINVAL:
		return "not a signal the kernel knows";
	}
	return NULL;
}

/* The lab's own sends. */

struct lab_send {
	uint64_t	 lo, hi;	/* signals in flight */
};

static void
lab_send_record(struct lab *lab, const char *call, const char *target, int sig,
    int ret, int err, const char *text)
{
	const char	*note = send_note(call, sig, ret, err);
	struct desc	*d;

	d = desc_new();
	desc_word(d, "call", call);
	desc_word(d, "target", target);
	desc_word(d, "signal", sig_name(sig));
	desc_int(d, "ret", ret);
	desc_word(d, "errno", ret == -1 ? errno_str(err) : "0");
	if (ret == -1)
		lab_record(lab, RECORD_CALL, "lab", REC_ERROR, d, "%s = -1 %s (%s)%s%s", text,
		    errno_str(err), strerror(err), note != NULL ? ": " : "",
		    note != NULL ? note : "");
	else
		lab_record(lab, RECORD_CALL, "lab", REC_INFO, d, "%s = 0%s%s%s", text,
		    note != NULL ? " (" : "", note != NULL ? note : "", note != NULL ? ")" : "");
	lab_changed(lab);
}

static enum cmd_status
poll_lab_send(struct cmd_ctx *ctx)
{
	struct lab_send	*s = ctx->state;

	return siglab_flights_done(ctx->lab, s->lo, s->hi) ? CMD_DONE : CMD_PENDING;
}

static enum cmd_status
lab_send_wait(struct cmd_ctx *ctx, uint64_t lo, uint64_t hi)
{
	struct lab_send	*s;

	if (lo == 0 || !ctx->sync)
		return CMD_DONE;
	s = xcalloc(1, sizeof *s);
	s->lo = lo;
	s->hi = hi;
	ctx->state = s;
	ctx->poll = poll_lab_send;
	return cmd_poll(ctx);
}

static enum cmd_status
lab_send_error(struct cmd_ctx *ctx, const char *argname, char *cause)
{
	ctx->cause = cause;
	ctx->column = cmd_arg(ctx->cmd, argname)->column;
	return CMD_ERROR;
}

/* The lab's sends check their target as they resolve it, doing nothing. */
static bool
check_lab_target(struct cmd_ctx *ctx, const char *argname, bool ok, char **cause)
{
	if (!ok) {
		ctx->cause = *cause;
		*cause = NULL;
		ctx->column = cmd_arg(ctx->cmd, argname)->column;
	}
	return ok;
}

static bool
check_lab_process(struct cmd_ctx *ctx)
{
	struct target	 t;
	char		*cause = NULL;
	bool		 ok;

	ok = resolve_process(ctx->lab, cmd_arg(ctx->cmd, "TARGET"), ctx->cmd->entry->name,
	    &t, &cause);
	return check_lab_target(ctx, "TARGET", ok, &cause);
}

static bool
check_lab_group(struct cmd_ctx *ctx)
{
	pid_t	 pgid;
	char	*cause = NULL;
	bool	 ok;

	ok = resolve_group(ctx->lab, cmd_arg(ctx->cmd, "TARGET"), &pgid, &cause);
	return check_lab_target(ctx, "TARGET", ok, &cause);
}

static bool
check_lab_thread(struct cmd_ctx *ctx)
{
	char	*cause = NULL;
	bool	 ok;

	ok = resolve_thread(ctx->lab, cmd_arg(ctx->cmd, "THREAD"), &cause) != NULL;
	return check_lab_target(ctx, "THREAD", ok, &cause);
}

static enum cmd_status
run_lab_kill(struct cmd_ctx *ctx)
{
	struct lab	*lab = ctx->lab;
	int		 sig = (int)cmd_arg(ctx->cmd, "SIGNAL")->num;
	struct target	 t;
	struct buf	 b, text;
	uint64_t	 id = 0;
	char		*cause = NULL;
	int		 r, err = 0;

	if (!resolve_process(lab, cmd_arg(ctx->cmd, "TARGET"), "kill", &t, &cause))
		return lab_send_error(ctx, "TARGET", cause);
	if (t.a != NULL)
		id = siglab_flight(lab, t.a, 0, sig);
	/* By pidfd, so that it reaches exactly that process even if its pid
	 * has been reused. */
	if (t.a != NULL && t.a->pidfd != -1)
		r = sys_pidfd_send_signal(t.a->pidfd, sig);
	else
		r = kill(t.pid, sig);
	if (r == -1)
		err = errno;
	buf_init(&b);
	buf_init(&text);
	add_target(&b, t.pid, t.a);
	buf_printf(&text, "kill(%s, %s)", b.data, sig_name(sig));
	lab_send_record(lab, "kill", t.a != NULL ? t.a->name : b.data, sig, r, err, text.data);
	buf_free(&b);
	buf_free(&text);
	lab_settle_soon(lab);
	return lab_send_wait(ctx, r == 0 ? id : 0, id);
}

static const struct arg_spec lab_kill_args[] = {
	{ "TARGET", ARG_PROCESS, 0, NULL, "an actor, or pid:N for any process" },
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "TERM, SIGKILL, 9, RTMIN+1, or 0 to test" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_lab_kill = {
	.name = "kill",
	.scope = CMD_LAB,
	.args = lab_kill_args,
	.summary = "send a signal to a process from the lab (process-directed)",
	.help = "The lab sends SIGNAL to the actor's process (pidfd_send_signal, so it "
	    "reaches exactly that process even if its pid is reused). The kernel gives "
	    "a process-directed signal to any one thread that does not block it. A "
	    "script goes on once the kernel has dealt with it: a handler ran, it is "
	    "pending (blocked), or the process stopped or ended. pid:N sends to any "
	    "process with kill(2) and shows the kernel's answer as it is (EPERM, "
	    "ESRCH); never ipcscope's own controller. Signal 0 sends nothing: it asks "
	    "whether the process exists and may be signalled.",
	.example = "kill B TERM",
	.run = run_lab_kill,
	.check = check_lab_process,
};

static enum cmd_status
run_lab_killpg(struct cmd_ctx *ctx)
{
	struct lab		*lab = ctx->lab;
	const struct arg	*arg = cmd_arg(ctx->cmd, "TARGET");
	int			 sig = (int)cmd_arg(ctx->cmd, "SIGNAL")->num;
	struct buf		 text;
	uint64_t		 lo = 0, hi = 0;
	char			*cause = NULL;
	pid_t			 pgid;
	int			 r, err = 0;

	if (!resolve_group(lab, arg, &pgid, &cause))
		return lab_send_error(ctx, "TARGET", cause);
	group_flights(lab, pgid, sig, &lo, &hi);
	r = killpg(pgid, sig);
	if (r == -1)
		err = errno;
	buf_init(&text);
	buf_printf(&text, "killpg(%d, %s)", (int)pgid, sig_name(sig));
	lab_send_record(lab, "killpg", arg->str, sig, r, err, text.data);
	buf_free(&text);
	lab_settle_soon(lab);
	return lab_send_wait(ctx, r == 0 ? lo : 0, hi);
}

static const struct arg_spec killpg_args[] = {
	{ "TARGET", ARG_PROCESS, ARG_GROUP, NULL, "an actor (its process group), or pid:N for group N" },
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "TERM, SIGKILL, 9, RTMIN+1, or 0 to test" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_lab_killpg = {
	.name = "killpg",
	.scope = CMD_LAB,
	.args = killpg_args,
	.summary = "send a signal to every process of a process group",
	.help = "The lab sends SIGNAL to the process group of the actor (every actor "
	    "spawned is the leader of its own; forks stay in their parent's, and "
	    "setpgid moves them), as a terminal does to a job on Ctrl-C. pid:N names "
	    "the group N (not the group of process N). Group 1 is refused: glibc's "
	    "killpg(1) is kill(-1), every process the sender may signal; so are "
	    "group 0 (the sender's own) and the group that holds ipcscope itself.",
	.example = "killpg A TERM",
	.run = run_lab_killpg,
	.check = check_lab_group,
};

static enum cmd_status
run_lab_tkill(struct cmd_ctx *ctx)
{
	struct lab	*lab = ctx->lab;
	int		 sig = (int)cmd_arg(ctx->cmd, "SIGNAL")->num;
	struct actor	*a;
	struct buf	 text;
	uint64_t	 id;
	char		*cause = NULL;
	int		 r, err = 0;

	if ((a = resolve_thread(lab, cmd_arg(ctx->cmd, "THREAD"), &cause)) == NULL)
		return lab_send_error(ctx, "THREAD", cause);
	id = siglab_flight(lab, a->proc, a->tid, sig);
	r = (int)syscall(SYS_tgkill, a->pid, a->tid, sig);
	if (r == -1)
		err = errno;
	buf_init(&text);
	buf_printf(&text, "tgkill(%d<%s>, %d<%s>, %s)", (int)a->pid, a->proc->name, (int)a->tid,
	    a->name, sig_name(sig));
	lab_send_record(lab, "tgkill", a->name, sig, r, err, text.data);
	buf_free(&text);
	lab_settle_soon(lab);
	return lab_send_wait(ctx, r == 0 ? id : 0, id);
}

static const struct arg_spec tkill_args[] = {
	{ "THREAD", ARG_REF, 0, NULL, "a thread (A.t1), or an actor for its main thread" },
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "TERM, USR1, RTMIN+1, or 0 to test" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_lab_tkill = {
	.name = "tkill",
	.alias = "tgkill",
	.scope = CMD_LAB,
	.args = tkill_args,
	.summary = "send a signal to one thread (tgkill)",
	.help = "The lab calls tgkill(pid, tid, SIGNAL): the signal is pending to that "
	    "thread alone (SigPnd, not ShdPnd) and only that thread can take it; if "
	    "it blocks it, it waits there even when other threads would not. Its "
	    "action (ending or stopping) is still the whole process's.",
	.example = "tkill A.t1 USR1",
	.run = run_lab_tkill,
	.check = check_lab_thread,
};

static enum cmd_status
run_lab_sigqueue(struct cmd_ctx *ctx)
{
	struct lab	*lab = ctx->lab;
	int		 sig = (int)cmd_arg(ctx->cmd, "SIGNAL")->num;
	int64_t		 value = cmd_arg(ctx->cmd, "VALUE")->num;
	struct target	 t;
	siginfo_t	 si;
	union sigval	 sv;
	struct buf	 b, text;
	uint64_t	 id = 0;
	char		*cause = NULL;
	int		 r, err = 0;

	if (!resolve_process(lab, cmd_arg(ctx->cmd, "TARGET"), "sigqueue", &t, &cause))
		return lab_send_error(ctx, "TARGET", cause);
	if (t.a != NULL)
		id = siglab_flight(lab, t.a, 0, sig);
	sv.sival_ptr = (void *)(intptr_t)value;
	if (t.a != NULL && t.a->pidfd != -1) {
		/* What sigqueue(3) fills in, sent by pidfd. */
		memset(&si, 0, sizeof si);
		si.si_signo = sig;
		si.si_code = SI_QUEUE;
		si.si_pid = getpid();
		si.si_uid = getuid();
		si.si_value = sv;
		r = (int)syscall(SYS_pidfd_send_signal, t.a->pidfd, sig, &si, 0);
	} else
		r = sigqueue(t.pid, sig, sv);
	if (r == -1)
		err = errno;
	buf_init(&b);
	buf_init(&text);
	add_target(&b, t.pid, t.a);
	buf_printf(&text, "sigqueue(%s, %s, {%lld})", b.data, sig_name(sig), (long long)value);
	lab_send_record(lab, "sigqueue", t.a != NULL ? t.a->name : b.data, sig, r, err, text.data);
	buf_free(&b);
	buf_free(&text);
	lab_settle_soon(lab);
	return lab_send_wait(ctx, r == 0 ? id : 0, id);
}

static const struct arg_spec sigqueue_args[] = {
	{ "TARGET", ARG_PROCESS, 0, NULL, "an actor, or pid:N for any process" },
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "RTMIN, RTMIN+1, USR1..." },
	{ "VALUE", ARG_INT, 0, NULL, "the si_value the receiver sees" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_lab_sigqueue = {
	.name = "sigqueue",
	.scope = CMD_LAB,
	.args = sigqueue_args,
	.summary = "send a signal with a value (SI_QUEUE)",
	.help = "The lab sends SIGNAL with VALUE as si_value, with si_code SI_QUEUE. A "
	    "real-time signal (RTMIN..RTMAX) is queued: sent three times while "
	    "blocked, it is delivered three times, in order, each with its value. A "
	    "standard signal is only a bit: sent again while pending it is merged. "
	    "Queued signals are counted per user, over all the processes of the "
	    "receiver's real user (show's signals.sigq.user_queued), against the "
	    "receiver's RLIMIT_SIGPENDING: beyond it sigqueue fails with EAGAIN.",
	.example = "sigqueue B RTMIN 42",
	.run = run_lab_sigqueue,
	.check = check_lab_process,
};

/* Sends from an actor. */

static bool
send_prepare(struct call *c, const char *verb, char **cause)
{
	const struct arg	*arg = cmd_arg(c->cmd, "TARGET");
	struct target		 t;
	int			 sig = (int)cmd_arg(c->cmd, "SIGNAL")->num;

	if (!resolve_process(c->lab, arg, verb, &t, cause)) {
		c->err_column = arg->column;
		return false;
	}
	c->peer = t.a;
	c->arg[0] = t.pid;
	c->arg[1] = sig;
	if (t.a != NULL)
		siglab_call_waits(c, siglab_flight(c->lab, t.a, 0, sig), 0);
	return true;
}

static void
send_settle_flights(struct call *c)
{
	/* A send that failed put nothing in flight. */
	if (c->err != 0)
		siglab_call_waits(c, 0, 0);
}

static bool
kill_prepare(struct call *c, char **cause)
{
	return send_prepare(c, "kill", cause);
}

static void
kill_perform(struct actor_call *c)
{
	int	 r;

	/* The lab never asks for these (siglab_target_allowed); an actor
	 * refuses them all the same. */
	if (c->req->arg[0] <= 0) {
		c->tool_err = EINVAL;
		return;
	}
	actor_begin(c);
	r = kill((pid_t)c->req->arg[0], (int)c->req->arg[1]);
	actor_end(c, r);
}

static void
add_peer(struct buf *b, const struct call *c)
{
	add_target(b, (pid_t)c->arg[0], c->peer);
}

static void
kill_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "kill(");
	add_peer(b, c);
	buf_printf(b, ", %s)", sig_name((int)c->arg[1]));
}

static void
send_result(const struct call *c, struct buf *b)
{
	const char	*note = send_note(c->verb->name, (int)c->arg[1], 0, 0);

	buf_printf(b, "%lld", (long long)c->ret);
	if (note != NULL)
		buf_printf(b, " (%s)", note);
}

static const char *
send_hint(const struct call *c)
{
	return send_note(c->verb->name, (int)c->arg[1], -1, c->err);
}

static const struct cmd_entry cmd_kill = {
	.name = "kill",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = lab_kill_args,
	.summary = "kill(): send a signal to a process",
	.help = "The actor calls kill(pid, SIGNAL): the signal comes from it (the "
	    "receiver's si_pid and si_uid are its), and the kernel checks its "
	    "permission: its real or effective uid must match the receiver's, or it "
	    "needs CAP_KILL. pid:N reaches any process; the answer (EPERM, ESRCH) is "
	    "the kernel's.",
	.example = "A kill B TERM",
	.prepare = kill_prepare,
	.perform = kill_perform,
	.finish = send_settle_flights,
	.format = kill_format,
	.format_result = send_result,
	.hint = send_hint,
};

static bool
killpg_prepare(struct call *c, char **cause)
{
	const struct arg	*arg = cmd_arg(c->cmd, "TARGET");
	int			 sig = (int)cmd_arg(c->cmd, "SIGNAL")->num;
	uint64_t		 lo, hi;
	pid_t			 pgid;

	if (!resolve_group(c->lab, arg, &pgid, cause)) {
		c->err_column = arg->column;
		return false;
	}
	c->arg[0] = pgid;
	c->arg[1] = sig;
	group_flights(c->lab, (pid_t)c->arg[0], sig, &lo, &hi);
	siglab_call_waits(c, lo, hi);
	return true;
}

static void
killpg_perform(struct actor_call *c)
{
	int	 r;

	/* killpg(1) is kill(-1), killpg(0) the caller's own group. */
	if (c->req->arg[0] <= 1) {
		c->tool_err = EINVAL;
		return;
	}
	actor_begin(c);
	r = killpg((pid_t)c->req->arg[0], (int)c->req->arg[1]);
	actor_end(c, r);
}

static void
killpg_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "killpg(%lld, %s)", (long long)c->arg[0], sig_name((int)c->arg[1]));
}

static const struct cmd_entry cmd_killpg = {
	.name = "killpg",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = killpg_args,
	.summary = "killpg(): send a signal to a process group",
	.help = "The actor sends SIGNAL to every process of a group: the group of an "
	    "actor, or pid:N for group N. Its own group includes itself. Groups 1 "
	    "and 0 (kill(-1) and the caller's own group) and the group that holds "
	    "ipcscope are refused, as for the lab's killpg.",
	.example = "A killpg A USR1",
	.prepare = killpg_prepare,
	.perform = killpg_perform,
	.finish = send_settle_flights,
	.format = killpg_format,
	.format_result = send_result,
	.hint = send_hint,
};

static bool
sigqueue_prepare(struct call *c, char **cause)
{
	if (!send_prepare(c, "sigqueue", cause))
		return false;
	c->arg[2] = cmd_arg(c->cmd, "VALUE")->num;
	return true;
}

static void
sigqueue_perform(struct actor_call *c)
{
	union sigval	 sv;
	int		 r;

	if (c->req->arg[0] <= 0) {
		c->tool_err = EINVAL;
		return;
	}
	sv.sival_ptr = (void *)(intptr_t)c->req->arg[2];
	actor_begin(c);
	r = sigqueue((pid_t)c->req->arg[0], (int)c->req->arg[1], sv);
	actor_end(c, r);
}

static void
sigqueue_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "sigqueue(");
	add_peer(b, c);
	buf_printf(b, ", %s, {%lld})", sig_name((int)c->arg[1]), (long long)c->arg[2]);
}

static const struct cmd_entry cmd_sigqueue = {
	.name = "sigqueue",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = sigqueue_args,
	.summary = "sigqueue(): send a signal with a value",
	.help = "The actor sends SIGNAL with VALUE (si_code SI_QUEUE). Real-time "
	    "signals queue, one entry each, against the receiver's RLIMIT_SIGPENDING "
	    "(B setrlimit sigpending 3 makes it small): beyond it the call fails "
	    "with EAGAIN.",
	.example = "A sigqueue B RTMIN 7",
	.prepare = sigqueue_prepare,
	.perform = sigqueue_perform,
	.finish = send_settle_flights,
	.format = sigqueue_format,
	.format_result = send_result,
	.hint = send_hint,
};

static bool
pthread_kill_prepare(struct call *c, char **cause)
{
	const struct arg	*arg = cmd_arg(c->cmd, "THREAD");
	struct actor		*t;
	int			 sig = (int)cmd_arg(c->cmd, "SIGNAL")->num;

	if ((t = resolve_thread(c->lab, arg, cause)) == NULL) {
		c->err_column = arg->column;
		return false;
	}
	if (t->proc != c->actor->proc) {
		*cause = t->is_thread ?
		    xasprintf("pthread_kill reaches only threads of the caller's own process; %s is %s's (tkill %s from the lab reaches it)",
		    t->name, t->proc->name, t->name) :
		    xasprintf("pthread_kill reaches only threads of the caller's own process; %s is another process (kill %s, or tkill %s for its main thread)",
		    t->name, t->name, t->name);
		c->err_column = arg->column;
		return false;
	}
	c->peer = t;
	c->arg[0] = t->tid;
	c->arg[1] = sig;
	siglab_call_waits(c, siglab_flight(c->lab, t->proc, t->tid, sig), 0);
	return true;
}

static void
pthread_kill_perform(struct actor_call *c)
{
	pthread_t	 h;
	int		 r;

	/* pthread_kill takes the pthread_t, which only this process has. */
	if (!actor_thread_handle((pid_t)c->req->arg[0], &h)) {
		c->tool_err = ESRCH;
		return;
	}
	actor_begin(c);
	r = pthread_kill(h, (int)c->req->arg[1]);
	actor_end(c, r);
}

static void
pthread_kill_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "pthread_kill(<%s>, %s)", c->peer->name, sig_name((int)c->arg[1]));
}

static const struct cmd_entry cmd_pthread_kill = {
	.name = "pthread_kill",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.returns = RETURNS_ERRNUM,
	.args = tkill_args,
	.summary = "pthread_kill(): send a signal to a thread of the same process",
	.help = "The actor calls pthread_kill on one of its own threads (its pthread_t "
	    "exists only inside the process). The signal is pending to that thread "
	    "alone, and only that thread can take it.",
	.example = "A pthread_kill A.t1 USR1",
	.prepare = pthread_kill_prepare,
	.perform = pthread_kill_perform,
	.finish = send_settle_flights,
	.format = pthread_kill_format,
	.format_result = send_result,
	.hint = send_hint,
};

static bool
raise_prepare(struct call *c, char **cause)
{
	(void)cause;
	c->arg[1] = cmd_arg(c->cmd, "SIGNAL")->num;
	return true;
}

static void
raise_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = raise((int)c->req->arg[1]);
	actor_end(c, r == 0 ? 0 : -1);
}

static void
raise_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "raise(%s)", sig_name((int)c->arg[1]));
}

static const struct arg_spec raise_args[] = {
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "the signal" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_raise = {
	.name = "raise",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = raise_args,
	.summary = "raise(): send a signal to the calling thread",
	.help = "The calling thread sends SIGNAL to itself (tgkill to its own tid). If "
	    "it does not block it, a handler runs before raise returns; a default "
	    "action ends or stops the process there.",
	.example = "A raise USR1",
	.prepare = raise_prepare,
	.perform = raise_perform,
	.format = raise_format,
};

static bool
alarm_prepare(struct call *c, char **cause)
{
	c->arg[0] = cmd_arg(c->cmd, "DELAY")->num;
	if (c->arg[0] >= (int64_t)1000000 * NS_PER_S) {
		*cause = xstrdup("DELAY is too long: under 1000000 seconds");
		return false;
	}
	return true;
}

static void
alarm_perform(struct actor_call *c)
{
	struct itimerval	 it, old;
	int64_t			 ns = c->req->arg[0];

	if (ns % NS_PER_S == 0) {
		actor_begin(c);
		c->ret = alarm((unsigned)(ns / NS_PER_S));
		c->elapsed_ns = now_ns() - c->t0;
		return;
	}
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = ns / NS_PER_S;
	it.it_value.tv_usec = (ns % NS_PER_S) / 1000;
	if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
		it.it_value.tv_usec = 1;
	actor_begin(c);
	actor_end(c, setitimer(ITIMER_REAL, &it, &old));
	c->val[0] = (int64_t)old.it_value.tv_sec * NS_PER_S + old.it_value.tv_usec * 1000;
}

static void
alarm_format(const struct call *c, struct buf *b)
{
	if (c->arg[0] % NS_PER_S == 0)
		buf_printf(b, "alarm(%lld)", (long long)(c->arg[0] / NS_PER_S));
	else {
		buf_adds(b, "setitimer(ITIMER_REAL, {");
		buf_add_duration(b, c->arg[0]);
		buf_adds(b, "})");
	}
}

static void
alarm_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld", (long long)c->ret);
	if (c->arg[0] % NS_PER_S == 0 && c->ret > 0)
		buf_printf(b, " (an alarm was due in %llds: this one replaces it)", (long long)c->ret);
	else if (c->arg[0] == 0)
		buf_adds(b, " (no alarm now)");
	else
		buf_adds(b, " (SIGALRM comes when it expires)");
}

static const struct arg_spec alarm_args[] = {
	{ "DELAY", ARG_DURATION, 0, NULL, "1s, 2 (seconds), 500ms; 0 cancels" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_alarm = {
	.name = "alarm",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = alarm_args,
	.summary = "alarm(): SIGALRM to the process after a delay",
	.help = "The actor asks the kernel for SIGALRM after DELAY: alarm(seconds) for "
	    "whole seconds, setitimer(ITIMER_REAL) for less. One alarm per process: "
	    "a new one replaces the old (alarm returns the seconds it had left), 0 "
	    "cancels. Its default action terminates the process. wait A signalled "
	    "waits for a caught one.",
	.example = "A alarm 1s",
	.prepare = alarm_prepare,
	.perform = alarm_perform,
	.format = alarm_format,
	.format_result = alarm_result,
};

/* fault: the actor makes the processor fault, so that the kernel sends
 * the signal to the faulting thread (synchronous, with the fault's
 * si_code and address). A handler of the lab's jumps back here. */

enum fault_kind { FAULT_SEGV, FAULT_FPE, FAULT_BUS, FAULT_ILL, FAULT_ABORT };

static const struct arg_choice fault_kinds[] = {
	{ "segv", FAULT_SEGV },
	{ "fpe", FAULT_FPE },
	{ "bus", FAULT_BUS },
	{ "ill", FAULT_ILL },
	{ "abort", FAULT_ABORT },
	{ NULL, 0 },
};

static bool
fault_prepare(struct call *c, char **cause)
{
	c->arg[0] = cmd_arg(c->cmd, "KIND")->num;
#if !defined(__x86_64__) && !defined(__i386__)
	if (c->arg[0] == FAULT_FPE) {
		*cause = xstrdup("this processor does not trap an integer division by zero (only x86 does): there is no SIGFPE to see");
		return false;
	}
#endif
	(void)cause;
	return true;
}

static void __attribute__((noinline))
fault_segv(void)
{
	/* A store to address 16: never mapped (SEGV_MAPERR). */
#if defined(__x86_64__)
	__asm__ volatile("movl $1, (%0)" : : "r"(16UL) : "memory");
#elif defined(__aarch64__)
	__asm__ volatile("str wzr, [%0]" : : "r"(16UL) : "memory");
#else
	*(volatile int *)(uintptr_t)16 = 1;
#endif
}

static void __attribute__((noinline))
fault_fpe(void)
{
#if defined(__x86_64__) || defined(__i386__)
	/* 1 / 0 in the processor, out of the compiler's sight. */
	__asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\tcltd\n\tidivl %%ecx"
	    : : : "eax", "ecx", "edx", "cc");
#endif
}

static void __attribute__((noinline))
fault_ill(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ volatile("ud2");
#elif defined(__aarch64__)
	__asm__ volatile(".inst 0x00000000");
#else
	abort();
#endif
}

static void
fault_perform(struct actor_call *c)
{
	sigjmp_buf		 jb;
	static void *volatile	 map;
	volatile int		 caught = 0;
	int			 sig, fd;

	map = NULL;
	if ((sig = sigsetjmp(jb, 1)) != 0) {
		/* A handler caught it and jumped back. */
		sigreport_fault_jmp = NULL;
		caught = sig;
		c->elapsed_ns = now_ns() - c->t0;
		c->ret = 0;
		c->val[0] = caught;
		if (map != NULL)
			munmap(map, 4096);
		return;
	}
	if (c->req->arg[0] == FAULT_BUS) {
		/* A shared mapping past the end of an empty file. */
		fd = memfd_create("ipcscope-fault", MFD_CLOEXEC);
		if (fd == -1) {
			c->tool_err = errno;
			return;
		}
		map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		if (map == MAP_FAILED) {
			map = NULL;
			c->tool_err = errno;
			return;
		}
	}
	sigreport_fault_jmp = &jb;
	actor_begin(c);
	switch (c->req->arg[0]) {
	case FAULT_SEGV:
		fault_segv();
		break;
	case FAULT_FPE:
		fault_fpe();
		break;
	case FAULT_BUS:
		*(volatile char *)map = 1;
		break;
	case FAULT_ILL:
		fault_ill();
		break;
	case FAULT_ABORT:
		abort();
	}
	/* Not reached when it faulted: an ignored or blocked fault is not
	 * ignored, the kernel ends the process. */
	sigreport_fault_jmp = NULL;
	actor_end(c, 0);
	if (map != NULL)
		munmap(map, 4096);
}

static const char *const fault_calls[] = {
	"store to address 0x10", "divide 1 by 0", "store past the end of a mapped file",
	"ud2 (an invalid instruction)", "abort()",
};

static void
fault_format(const struct call *c, struct buf *b)
{
	buf_adds(b, fault_calls[c->arg[0]]);
}

static void
fault_result(const struct call *c, struct buf *b)
{
	if (c->val[0] != 0)
		buf_printf(b, "%s caught: the handler jumped back (siglongjmp)",
		    sig_name((int)c->val[0]));
	else
		buf_adds(b, "0 (no fault)");
}

static const struct arg_spec fault_args[] = {
	{ "KIND", ARG_CHOICE, 0, fault_kinds,
	  "segv: store to address 16; fpe: divide by zero; bus: touch a mapping past its file's end; ill: an invalid instruction; abort: abort()" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_fault = {
	.name = "fault",
	.scope = CMD_ACTOR,
	.args = fault_args,
	.summary = "make the processor fault: a synchronous signal to this thread",
	.help = "The calling thread faults on purpose. The kernel sends the signal to "
	    "exactly that thread with the fault's si_code and address: segv "
	    "(SIGSEGV, SEGV_MAPERR at 0x10), fpe (SIGFPE, FPE_INTDIV), bus (SIGBUS, "
	    "BUS_ADRERR), ill (SIGILL, ILL_ILLOPN). With a handler (signal SEGV "
	    "catch siginfo) the handler sees it and jumps back, and the call "
	    "returns; ignored or blocked, the kernel ends the process anyway. abort "
	    "raises SIGABRT: even when caught, abort ends the process when the "
	    "handler returns. Dumping core is off in actors (RLIMIT_CORE 0).",
	.example = "A.t1 fault segv",
	.prepare = fault_prepare,
	.perform = fault_perform,
	.format = fault_format,
	.format_result = fault_result,
};

/* signal: the disposition, with sigaction. */

enum { ACT_DEFAULT, ACT_IGNORE, ACT_CATCH };

static const struct arg_choice sig_actions[] = {
	{ "default", ACT_DEFAULT },
	{ "ignore", ACT_IGNORE },
	{ "catch", ACT_CATCH },
	{ NULL, 0 },
};

static const struct {
	const char	*word;
	int		 flag;
} sa_flags[] = {
	{ "restart", SA_RESTART },
	{ "nodefer", SA_NODEFER },
	{ "resethand", SA_RESETHAND },
	{ "siginfo", SA_SIGINFO },
};

static bool
signal_prepare(struct call *c, char **cause)
{
	const struct arg	*flag;
	size_t			 i;

	c->arg[0] = cmd_arg(c->cmd, "SIGNAL")->num;
	c->arg[1] = cmd_arg(c->cmd, "ACTION")->num;
	c->arg[2] = 0;
	if (c->arg[0] == 0) {
		*cause = xstrdup("signal 0 is not a signal: it has no disposition");
		c->err_column = cmd_arg(c->cmd, "SIGNAL")->column;
		return false;
	}
	for (i = 0; i < nitems(sa_flags); i++) {
		flag = cmd_arg(c->cmd, sa_flags[i].word);
		if (!flag->present)
			continue;
		if (c->arg[1] != ACT_CATCH) {
			*cause = xasprintf("%s is a flag of a handler: it goes with catch",
			    sa_flags[i].word);
			c->err_column = flag->column;
			return false;
		}
		c->arg[2] |= sa_flags[i].flag;
	}
	return true;
}

static void
signal_perform(struct actor_call *c)
{
	struct sigaction	 sa, old;
	int			 r;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = (int)c->req->arg[2];
	switch (c->req->arg[1]) {
	case ACT_DEFAULT:
		sa.sa_handler = SIG_DFL;
		break;
	case ACT_IGNORE:
		sa.sa_handler = SIG_IGN;
		break;
	default:
		if (sa.sa_flags & SA_SIGINFO)
			sa.sa_sigaction = sigreport_handler_info;
		else
			sa.sa_handler = sigreport_handler;
		break;
	}
	memset(&old, 0, sizeof old);
	actor_begin(c);
	r = sigaction((int)c->req->arg[0], &sa, &old);
	actor_end(c, r);
	c->val[0] = old.sa_handler == SIG_DFL ? ACT_DEFAULT :
	    old.sa_handler == SIG_IGN ? ACT_IGNORE : ACT_CATCH;
	c->val[1] = old.sa_flags;
}

static const struct flag_name sa_flag_names[] = {
	{ SA_RESTART, "SA_RESTART" }, { SA_NODEFER, "SA_NODEFER" },
	{ SA_RESETHAND, "SA_RESETHAND" }, { SA_SIGINFO, "SA_SIGINFO" }, { 0, NULL },
};

static void
add_action(struct buf *b, int64_t action, int64_t flags)
{
	if (action == ACT_DEFAULT)
		buf_adds(b, "SIG_DFL");
	else if (action == ACT_IGNORE)
		buf_adds(b, "SIG_IGN");
	else {
		buf_adds(b, "handler, ");
		buf_add_flags(b, (unsigned long long)flags, sa_flag_names);
	}
}

static void
signal_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "sigaction(%s, {", sig_name((int)c->arg[0]));
	add_action(b, c->arg[1], c->arg[2]);
	buf_adds(b, "}, &old)");
}

static void
signal_result(const struct call *c, struct buf *b)
{
	buf_adds(b, "0 (it was ");
	add_action(b, c->val[0], c->val[1]);
	buf_addc(b, ')');
}

static const char *
signal_hint(const struct call *c)
{
	int	 sig = (int)c->arg[0];

	if (c->err != EINVAL)
		return NULL;
	if (sig == SIGKILL || sig == SIGSTOP)
		return "SIGKILL and SIGSTOP cannot be caught or ignored: the kernel refuses";
	if (sig > SIGSYS && sig < SIGRTMIN)
		return "signals 32 and 33 are the C library's own (thread cancellation, setxid): glibc refuses them";
	return NULL;
}

static const struct arg_spec signal_args[] = {
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "the signal" },
	{ "ACTION", ARG_CHOICE, 0, sig_actions,
	  "SIG_DFL, SIG_IGN, or the lab's handler, which reports what it sees" },
	{ "restart", ARG_FLAG, 0, NULL, "SA_RESTART: a slow call the handler interrupts goes on" },
	{ "nodefer", ARG_FLAG, 0, NULL, "SA_NODEFER: the signal is not blocked while its handler runs" },
	{ "resethand", ARG_FLAG, 0, NULL, "SA_RESETHAND: back to the default after one delivery" },
	{ "siginfo", ARG_FLAG, 0, NULL, "SA_SIGINFO: the handler gets the siginfo_t (sender, code, value)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_signal = {
	.name = "signal",
	.alias = "sigaction",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = signal_args,
	.summary = "sigaction(): what the process does with a signal",
	.help = "The actor sets the disposition of SIGNAL for its whole process (all "
	    "threads share it): default (the kernel's action: terminate, core, "
	    "stop, continue or ignore, shown by signals), ignore, or catch. The "
	    "lab's handler reports each delivery: the signal and the thread that "
	    "ran it, and with siginfo what the handler sees in siginfo_t: si_code, "
	    "the sender's pid and uid, si_value, the fault address. Without restart "
	    "a slow call it interrupts (read on an empty pipe) fails with EINTR; "
	    "with restart the kernel restarts it. SIGKILL and SIGSTOP cannot be "
	    "changed: the kernel answers EINVAL.",
	.example = "A signal USR1 catch siginfo",
	.prepare = signal_prepare,
	.perform = signal_perform,
	.format = signal_format,
	.format_result = signal_result,
	.hint = signal_hint,
};

/* block, unblock, setmask: the calling thread's mask. */

static bool
mask_prepare(struct call *c, char **cause)
{
	(void)cause;
	c->arg[0] = cmd_arg(c->cmd, "SIGNALS")->num;
	return true;
}

static void
mask_perform(struct actor_call *c, int how)
{
	sigset_t	 set, old;
	int		 r;

	sig_mask_to_set((uint64_t)c->req->arg[0], &set);
	sigemptyset(&old);
	/* What the log says it is: sigprocmask in a process's own thread,
	 * pthread_sigmask in one it started (their results differ: returns). */
	actor_begin(c);
	r = actor_in_thread() ? pthread_sigmask(how, &set, &old) : sigprocmask(how, &set, &old);
	actor_end(c, r);
	c->val[0] = (int64_t)sig_set_to_mask(&old);
}

static void
block_perform(struct actor_call *c)
{
	mask_perform(c, SIG_BLOCK);
}

static void
unblock_perform(struct actor_call *c)
{
	mask_perform(c, SIG_UNBLOCK);
}

static void
setmask_perform(struct actor_call *c)
{
	mask_perform(c, SIG_SETMASK);
}

static void
mask_format(const struct call *c, struct buf *b, const char *how)
{
	buf_printf(b, "%s(%s, ", c->actor->is_thread ? "pthread_sigmask" : "sigprocmask", how);
	sig_add_set(b, (uint64_t)c->arg[0]);
	buf_adds(b, ", &old)");
}

static void
block_format(const struct call *c, struct buf *b)
{
	mask_format(c, b, "SIG_BLOCK");
}

static void
unblock_format(const struct call *c, struct buf *b)
{
	mask_format(c, b, "SIG_UNBLOCK");
}

static void
setmask_format(const struct call *c, struct buf *b)
{
	mask_format(c, b, "SIG_SETMASK");
}

static void
mask_result(const struct call *c, struct buf *b)
{
	uint64_t	 unblockable = (1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1));

	buf_adds(b, "0 (the mask was ");
	sig_add_set(b, (uint64_t)c->val[0]);
	buf_addc(b, ')');
	if (strcmp(c->verb->name, "unblock") != 0 && ((uint64_t)c->arg[0] & unblockable))
		buf_adds(b, "; SIGKILL and SIGSTOP are left out: they cannot be blocked");
}

static void
mask_describe(const struct call *c, struct desc *d)
{
	desc_sigset(d, "old", (uint64_t)c->val[0], sig_libc_mask());
}

static const struct arg_spec mask_args[] = {
	{ "SIGNALS", ARG_SIGSET, 0, NULL, "signals (USR1 TERM RTMIN+1), all, or none" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_block = {
	.name = "block",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.returns = RETURNS_ERRNUM_IN_THREAD,
	.args = mask_args,
	.summary = "sigprocmask(SIG_BLOCK): hold signals pending",
	.help = "The calling thread adds SIGNALS to its mask (each thread has its own: "
	    "A.t1 block USR1 is pthread_sigmask in that thread). A blocked signal is "
	    "not delivered: it stays pending, to the thread or to the process, until "
	    "it is unblocked or taken by sigwait. A standard signal pending is one "
	    "bit: sent again it is merged. SIGKILL and SIGSTOP cannot be blocked; "
	    "the kernel silently leaves them out.",
	.example = "A block USR1 USR2",
	.prepare = mask_prepare,
	.perform = block_perform,
	.format = block_format,
	.format_result = mask_result,
	.describe_result = mask_describe,
};

static const struct cmd_entry cmd_unblock = {
	.name = "unblock",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.returns = RETURNS_ERRNUM_IN_THREAD,
	.args = mask_args,
	.summary = "sigprocmask(SIG_UNBLOCK): let pending signals in",
	.help = "The calling thread removes SIGNALS from its mask; those pending are "
	    "delivered before the call returns (standard signals lowest number "
	    "first, then real-time ones in the order sent).",
	.example = "A unblock USR1",
	.prepare = mask_prepare,
	.perform = unblock_perform,
	.format = unblock_format,
	.format_result = mask_result,
	.describe_result = mask_describe,
};

static const struct cmd_entry cmd_setmask = {
	.name = "setmask",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.returns = RETURNS_ERRNUM_IN_THREAD,
	.args = mask_args,
	.summary = "sigprocmask(SIG_SETMASK): replace the mask",
	.help = "The calling thread's mask becomes exactly SIGNALS (none empties it).",
	.example = "A setmask none",
	.prepare = mask_prepare,
	.perform = setmask_perform,
	.format = setmask_format,
	.format_result = mask_result,
	.describe_result = mask_describe,
};

static void
sigpending_perform(struct actor_call *c)
{
	sigset_t	 set;
	int		 r;

	sigemptyset(&set);
	actor_begin(c);
	r = sigpending(&set);
	actor_end(c, r);
	c->val[0] = (int64_t)sig_set_to_mask(&set);
}

static bool
noargs_prepare(struct call *c, char **cause)
{
	(void)c;
	(void)cause;
	return true;
}

static void
sigpending_format(const struct call *c, struct buf *b)
{
	(void)c;
	buf_adds(b, "sigpending(&set)");
}

static void
sigpending_result(const struct call *c, struct buf *b)
{
	buf_adds(b, "0, set ");
	sig_add_set(b, (uint64_t)c->val[0]);
}

static void
sigpending_describe(const struct call *c, struct desc *d)
{
	desc_sigset(d, "set", (uint64_t)c->val[0], sig_libc_mask());
}

static const struct arg_spec no_args[] = {
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sigpending = {
	.name = "sigpending",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = no_args,
	.summary = "sigpending(): the signals pending and blocked",
	.help = "The calling thread asks which signals wait for it: pending to it or "
	    "to its process, and blocked by it (last.set).",
	.example = "A sigpending",
	.prepare = noargs_prepare,
	.perform = sigpending_perform,
	.format = sigpending_format,
	.format_result = sigpending_result,
	.describe_result = sigpending_describe,
};

/* sigwait, sigwaitinfo, sigtimedwait: take a pending signal in a call. */

enum { WAIT_PLAIN, WAIT_INFO, WAIT_TIMED };

static bool
sigwait_prepare_how(struct call *c, int how)
{
	const struct arg	*timeout = how == WAIT_TIMED ? cmd_arg(c->cmd, "timeout") : NULL;

	c->arg[0] = cmd_arg(c->cmd, "SIGNALS")->num;
	c->arg[1] = timeout != NULL && timeout->present ? timeout->num : -1;
	c->arg[2] = how;
	return true;
}

static bool sigwait_prepare(struct call *c, char **cause) { (void)cause; return sigwait_prepare_how(c, WAIT_PLAIN); }
static bool sigwaitinfo_prepare(struct call *c, char **cause) { (void)cause; return sigwait_prepare_how(c, WAIT_INFO); }
static bool sigtimedwait_prepare(struct call *c, char **cause) { (void)cause; return sigwait_prepare_how(c, WAIT_TIMED); }

static void
sigwait_perform(struct actor_call *c)
{
	struct timespec	 ts;
	siginfo_t	 si;
	sigset_t	 set;
	int		 r, sig = 0;

	sig_mask_to_set((uint64_t)c->req->arg[0], &set);
	memset(&si, 0, sizeof si);
	switch (c->req->arg[2]) {
	case WAIT_PLAIN:
		actor_begin(c);
		r = sigwait(&set, &sig);
		actor_end(c, r);
		/* It returns 0 and stores the signal through its pointer. */
		if (r == 0) {
			c->val[6] = sig;
			sigreport_taken(sig, NULL, SIGHOW_SIGWAIT);
		}
		return;
	case WAIT_INFO:
		actor_begin(c);
		r = sigwaitinfo(&set, &si);
		actor_end(c, r);
		break;
	default:
		ts.tv_sec = c->req->arg[1] / NS_PER_S;
		ts.tv_nsec = c->req->arg[1] % NS_PER_S;
		actor_begin(c);
		r = sigtimedwait(&set, &si, &ts);
		actor_end(c, r);
		break;
	}
	if (r <= 0)
		return;
	c->val[0] = 1;
	c->val[1] = si.si_code;
	c->val[2] = si.si_pid;
	c->val[3] = si.si_uid;
	c->val[4] = (int64_t)(intptr_t)si.si_value.sival_ptr;
	c->val[5] = si.si_status;
	sigreport_taken(r, &si, SIGHOW_SIGWAITINFO);
}

static void
sigwait_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "%s(", c->verb->name);
	sig_add_set(b, (uint64_t)c->arg[0]);
	if (c->arg[2] == WAIT_PLAIN)
		buf_adds(b, ", &sig)");
	else if (c->arg[2] == WAIT_INFO)
		buf_adds(b, ", &info)");
	else {
		buf_adds(b, ", &info, {");
		buf_add_duration(b, c->arg[1]);
		buf_adds(b, "})");
	}
}

/* The signal taken: sigwait's *sig, the others' result. */
static int
taken_sig(const struct call *c)
{
	return c->arg[2] == WAIT_PLAIN ? (int)c->val[6] : (int)c->ret;
}

static void
sigwait_result(const struct call *c, struct buf *b)
{
	int	 sig = taken_sig(c), code = (int)c->val[1];

	if (c->arg[2] == WAIT_PLAIN) {
		buf_printf(b, "0 (sig = %s)", sig_name(sig));
		return;
	}
	buf_printf(b, "%s", sig_name(sig));
	if (c->val[0] == 0)
		return;
	buf_printf(b, " (%s", sig_code_name(sig, code));
	if (sig_code_has_sender(sig, code)) {
		buf_adds(b, " from ");
		siglab_add_sender(b, c->lab, (pid_t)c->val[2]);
	}
	if (code == SI_QUEUE || code == SI_MESGQ || code == SI_TIMER)
		buf_printf(b, ", value %lld", (long long)c->val[4]);
	buf_addc(b, ')');
}

static void
sigwait_describe(const struct call *c, struct desc *d)
{
	struct buf	 b;
	int		 sig = taken_sig(c), code = (int)c->val[1];

	desc_word(d, "signal", sig_name(sig));
	if (c->val[0] == 0)
		return;
	desc_word(d, "code", sig_code_name(sig, code));
	if (sig_code_has_sender(sig, code)) {
		buf_init(&b);
		siglab_add_sender(&b, c->lab, (pid_t)c->val[2]);
		desc_word(d, "from", b.data);
		buf_free(&b);
		desc_int(d, "pid", c->val[2]);
		desc_int(d, "uid", c->val[3]);
	}
	if (code == SI_QUEUE || code == SI_MESGQ || code == SI_TIMER)
		desc_int(d, "value", c->val[4]);
	if (sig == SIGCHLD && code > 0)
		desc_int(d, "status", c->val[5]);
}

static const char *
sigwait_hint(const struct call *c)
{
	if (c->err == EAGAIN)
		return "none of the signals came within the timeout";
	if (c->err == EINTR)
		return "a signal outside the set was caught by a handler";
	return NULL;
}

static const struct arg_spec sigwait_args[] = {
	{ "SIGNALS", ARG_SIGSET, 0, NULL, "the signals to take (block them first)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct arg_spec sigtimedwait_args[] = {
	{ "SIGNALS", ARG_SIGSET, 0, NULL, "the signals to take (block them first)" },
	{ "timeout", ARG_DURATION, ARG_KEYED, NULL, "how long to wait" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sigwait = {
	.name = "sigwait",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.returns = RETURNS_ERRNUM,
	.args = sigwait_args,
	.summary = "sigwait(): take a pending signal, no handler",
	.help = "The calling thread waits until one of SIGNALS is pending and takes it: "
	    "no handler runs, and the call returns its number. Block the signals "
	    "first (A block USR1), or they may be delivered the usual way to a thread "
	    "that does not wait.",
	.example = "A sigwait USR1 USR2",
	.prepare = sigwait_prepare,
	.perform = sigwait_perform,
	.format = sigwait_format,
	.format_result = sigwait_result,
	.describe_result = sigwait_describe,
	.hint = sigwait_hint,
};

static const struct cmd_entry cmd_sigwaitinfo = {
	.name = "sigwaitinfo",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = sigwait_args,
	.summary = "sigwaitinfo(): take a pending signal with its siginfo",
	.help = "Like sigwait, and the siginfo_t too: last.signal, last.code, "
	    "last.from (the sender, as an actor), last.pid, last.uid, last.value.",
	.example = "A sigwaitinfo RTMIN",
	.prepare = sigwaitinfo_prepare,
	.perform = sigwait_perform,
	.format = sigwait_format,
	.format_result = sigwait_result,
	.describe_result = sigwait_describe,
	.hint = sigwait_hint,
};

static const struct cmd_entry cmd_sigtimedwait = {
	.name = "sigtimedwait",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = sigtimedwait_args,
	.summary = "sigtimedwait(): sigwaitinfo with a timeout",
	.help = "Like sigwaitinfo, giving up with EAGAIN after the timeout.",
	.example = "A sigtimedwait USR1 timeout 1s",
	.prepare = sigtimedwait_prepare,
	.perform = sigwait_perform,
	.format = sigwait_format,
	.format_result = sigwait_result,
	.describe_result = sigwait_describe,
	.hint = sigwait_hint,
};

/* sigsuspend and pause: sleep until a handler has run. */

static bool
sigsuspend_prepare(struct call *c, char **cause)
{
	(void)cause;
	c->arg[0] = cmd_arg(c->cmd, "MASK")->num;
	return true;
}

static void
sigsuspend_perform(struct actor_call *c)
{
	sigset_t	 set;
	int		 r;

	sig_mask_to_set((uint64_t)c->req->arg[0], &set);
	actor_begin(c);
	r = sigsuspend(&set);
	actor_end(c, r);
}

static void
sigsuspend_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "sigsuspend(");
	sig_add_set(b, (uint64_t)c->arg[0]);
	buf_addc(b, ')');
}

static const char *
suspend_hint(const struct call *c)
{
	return c->err == EINTR ? "a handler ran: it always returns -1 EINTR then" : NULL;
}

static const struct arg_spec sigsuspend_args[] = {
	{ "MASK", ARG_SIGSET, ARG_OPTIONAL, NULL, "the mask while it waits (default none)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sigsuspend = {
	.name = "sigsuspend",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = sigsuspend_args,
	.summary = "sigsuspend(): swap the mask and sleep until a handler runs",
	.help = "The calling thread replaces its mask with MASK (none by default) and "
	    "sleeps, in one step, until a signal is caught; then the old mask comes "
	    "back and it returns -1 EINTR. Blocking a signal, checking a flag, then "
	    "sigsuspend with it unblocked is how a program waits for a signal "
	    "without losing one that comes in between.",
	.example = "A sigsuspend",
	.prepare = sigsuspend_prepare,
	.perform = sigsuspend_perform,
	.format = sigsuspend_format,
	.hint = suspend_hint,
};

static void
pause_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = pause();
	actor_end(c, r);
}

static void
pause_format(const struct call *c, struct buf *b)
{
	(void)c;
	buf_adds(b, "pause()");
}

static const struct cmd_entry cmd_pause = {
	.name = "pause",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = no_args,
	.summary = "pause(): sleep until a signal is caught",
	.help = "The calling thread sleeps until a signal's handler runs (then -1 "
	    "EINTR) or a signal ends the process. Ignored and blocked signals do not "
	    "wake it.",
	.example = "A pause",
	.prepare = noargs_prepare,
	.perform = pause_perform,
	.format = pause_format,
	.hint = suspend_hint,
};

/* signals: the table of signals, or an actor's grid. Each is a
 * description (the data, for --json), and its text is written from it. */

static void
describe_table(struct desc *d)
{
	int	 sig;

	desc_list(d, "signals");
	for (sig = 1; sig <= 64; sig++) {
		desc_group(d, NULL);
		desc_int(d, "number", sig);
		desc_word(d, "name", sig_name(sig));
		desc_word(d, "default", sig_action_name(sig_default_action(sig)));
		desc_string(d, "meaning", sig_describe(sig));
		desc_close(d);
	}
	desc_close(d);
}

static const char *
field_str(const struct desc_node *group, const char *name)
{
	const struct desc_node	*n = desc_find_child(group, name);

	return n != NULL && n->str != NULL ? n->str : "?";
}

static int64_t
field_num(const struct desc_node *group, const char *name)
{
	const struct desc_node	*n = desc_find_child(group, name);

	return n != NULL ? n->num : 0;
}

/* Every signal but the real-time ones between RTMIN+1 and RTMAX. */
static void
add_table(struct buf *b, const struct desc *d)
{
	const struct desc_node	*list = desc_find(d, "signals"), *item;
	int64_t			 sig;

	buf_adds(b, " no  signal        default    meaning\n");
	for (item = list != NULL ? list->first : NULL; item != NULL; item = item->next) {
		sig = field_num(item, "number");
		if (sig > SIGRTMIN + 1 && sig < SIGRTMAX)
			continue;
		buf_printf(b, " %2lld  %-13s %-10s %s\n", (long long)sig, field_str(item, "name"),
		    field_str(item, "default"), field_str(item, "meaning"));
		if (sig == SIGRTMIN + 1)
			buf_printf(b, " ..  %-13s %-10s %s\n", "...", "terminate",
			    "the same, each up to SIGRTMAX");
	}
}

struct grid_thread {
	struct actor	*a;		/* NULL: a thread that is no actor */
	pid_t		 tid;
	struct sig_sets	 ss;
};

/* A process's signal sets, read now: the process's own (pending to it,
 * ignored, caught), each thread's (pending to it, blocked), and SigQ.
 * False when it has ended. */
static bool
describe_sets(struct desc *d, struct actor *p)
{
	struct grid_thread	 t[65];
	struct dirent		*de;
	DIR			*dir;
	char			 path[64];
	uint64_t		 libc = sig_libc_mask();
	size_t			 n = 0, i, k;

	snprintf(path, sizeof path, "/proc/%d/task", (int)p->pid);
	if (actor_terminated(p) || (dir = opendir(path)) == NULL)
		return false;
	while ((de = readdir(dir)) != NULL && n < nitems(t)) {
		t[n].tid = (pid_t)strtol(de->d_name, NULL, 10);
		if (t[n].tid <= 0)
			continue;
		/* The lab's watcher blocks everything and takes nothing. */
		if (process_is_watcher(p, t[n].tid))
			continue;
		probe_signals(p->pid, t[n].tid, &t[n].ss);
		if (!t[n].ss.ok)
			continue;
		t[n].a = NULL;
		for (k = 0; k < p->lab->nactors; k++) {
			if (p->lab->actors[k]->proc == p && p->lab->actors[k]->tid == t[n].tid)
				t[n].a = p->lab->actors[k];
		}
		n++;
	}
	closedir(dir);
	if (n == 0)
		return false;
	desc_int(d, "pid", p->pid);
	desc_sigset(d, "pending_process", t[0].ss.shared_pending, libc);
	desc_list(d, "threads");
	for (i = 0; i < n; i++) {
		desc_group(d, NULL);
		if (t[i].a != NULL)
			desc_word(d, "name", t[i].a->name);
		desc_int(d, "tid", t[i].tid);
		desc_sigset(d, "pending", t[i].ss.pending, libc);
		desc_sigset(d, "blocked", t[i].ss.blocked, libc);
		desc_close(d);
	}
	desc_close(d);
	desc_sigset(d, "ignored", t[0].ss.ignored, libc);
	desc_sigset(d, "caught", t[0].ss.caught, libc);
	if (t[0].ss.sigq_used >= 0) {
		desc_group(d, "sigq");
		desc_int(d, "uid", t[0].ss.uid);
		desc_int(d, "user_queued", t[0].ss.sigq_used);
		desc_int(d, "limit", t[0].ss.sigq_limit);
		desc_close(d);
	}
	return true;
}

/* The signals in the set called name, none if there is no such set. */
static uint64_t
set_of(const struct desc_node *group, const char *name)
{
	const struct desc_node	*n = group != NULL ? desc_find_child(group, name) : NULL;

	return n != NULL ? desc_sigset_of(n) : 0;
}

static void
add_grid_row(struct buf *b, const char *label, uint64_t set, char mark)
{
	buf_printf(b, "%-16s ", label);
	desc_add_sigset_cells(b, set, mark);
	buf_addc(b, '\n');
}

/* What a thread is called: its actor's name, else its tid in the grid
 * and "a thread" in a sentence. */
static void
add_thread_name(struct buf *b, const struct desc_node *thread, bool grid)
{
	const struct desc_node	*name = desc_find_child(thread, "name");

	if (name != NULL && name->str != NULL)
		buf_adds(b, name->str);
	else if (grid)
		buf_printf(b, "tid %lld", (long long)field_num(thread, "tid"));
	else
		buf_adds(b, "a thread");
}

/* Where one signal is, as a sentence: " pending to A.t1; blocked by A;". */
static void
add_signal_places(struct buf *b, const struct desc *d, int sig)
{
	const struct desc_node	*threads = desc_find(d, "threads"), *th;
	const struct desc_node	*caught = desc_find(d, "caught");
	uint64_t		 bit = 1ULL << (sig - 1);

	if (set_of(d->root, "pending_process") & bit)
		buf_adds(b, " pending to the process;");
	for (th = threads != NULL ? threads->first : NULL; th != NULL; th = th->next) {
		if (set_of(th, "pending") & bit) {
			buf_adds(b, " pending to ");
			add_thread_name(b, th, false);
			buf_addc(b, ';');
		}
	}
	for (th = threads != NULL ? threads->first : NULL; th != NULL; th = th->next) {
		if (set_of(th, "blocked") & bit) {
			buf_adds(b, " blocked by ");
			add_thread_name(b, th, false);
			buf_addc(b, ';');
		}
	}
	if (set_of(d->root, "ignored") & bit)
		buf_adds(b, " ignored;");
	if (set_of(d->root, "caught") & bit)
		buf_adds(b, caught != NULL && ((uint64_t)caught->max & bit) ?
		    " caught by the C library;" : " caught;");
}

/* The grid as text, from the sets: a row per set, the cells of the
 * signals in it marked; then each signal that appears, with its
 * default action and where it is. */
static void
add_grid(struct buf *b, const char *who, const struct desc *d)
{
	const struct desc_node	*root = d->root, *threads = desc_find(d, "threads");
	const struct desc_node	*sigq = desc_find(d, "sigq"), *th;
	struct buf		 label;
	uint64_t		 any;
	int			 sig;

	buf_init(&label);
	buf_printf(b, "%s (pid %lld): P pending, B blocked, I ignored, C caught\n", who,
	    (long long)field_num(root, "pid"));
	buf_printf(b, "%-16s ", "");
	desc_add_sigset_scale(b);
	buf_addc(b, '\n');
	add_grid_row(b, "pending process", set_of(root, "pending_process"), 'P');
	any = set_of(root, "pending_process") | set_of(root, "ignored") | set_of(root, "caught");
	for (th = threads != NULL ? threads->first : NULL; th != NULL; th = th->next) {
		buf_reset(&label);
		buf_adds(&label, "pending ");
		add_thread_name(&label, th, true);
		add_grid_row(b, label.data, set_of(th, "pending"), 'P');
		buf_reset(&label);
		buf_adds(&label, "blocked ");
		add_thread_name(&label, th, true);
		add_grid_row(b, label.data, set_of(th, "blocked"), 'B');
		any |= set_of(th, "pending") | set_of(th, "blocked");
	}
	add_grid_row(b, "ignored", set_of(root, "ignored"), 'I');
	add_grid_row(b, "caught", set_of(root, "caught"), 'C');
	if (sigq != NULL)
		buf_printf(b, "sigq %lld queued for uid %lld, over all its processes; this "
		    "process's RLIMIT_SIGPENDING %lld\n", (long long)field_num(sigq, "user_queued"),
		    (long long)field_num(sigq, "uid"), (long long)field_num(sigq, "limit"));
	for (sig = 1; sig <= 64; sig++) {
		if (!(any & (1ULL << (sig - 1))))
			continue;
		buf_printf(b, "  %-13s %-9s", sig_name(sig), sig_action_name(sig_default_action(sig)));
		add_signal_places(b, d, sig);
		b->data[b->len - 1] = '\n';
	}
	buf_free(&label);
}

static bool
check_signals(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "ACTOR");

	if (name->present && lab_actor(ctx->lab, name->str) == NULL) {
		ctx->cause = lab_object(ctx->lab, name->str) != NULL ?
		    xasprintf("%s is an object; signals shows an actor's signals", name->str) :
		    xasprintf("no actor called %s (show lists them)", name->str);
		ctx->column = name->column;
		return false;
	}
	return true;
}

static enum cmd_status
run_signals(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "ACTOR");
	struct actor		*a = NULL;
	struct desc		*d = desc_new();
	struct buf		 b;

	if (name->present)
		a = lab_actor(ctx->lab, name->str);	/* check_signals found it */
	buf_init(&b);
	if (a == NULL) {
		describe_table(d);
		add_table(&b, d);
	} else if (describe_sets(d, a->proc))
		add_grid(&b, a->proc->name, d);
	else {
		buf_printf(&b, "%s has ended: no signals to show", a->proc->name);
		desc_free(&d);
	}
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	lab_record(ctx->lab, RECORD_SHOW, a != NULL ? a->proc->name : NULL, REC_INFO, d, "%s", b.data);
	buf_free(&b);
	return CMD_DONE;
}

static const struct arg_spec signals_args[] = {
	{ "ACTOR", ARG_REF, ARG_OPTIONAL, NULL, "an actor: its grid; without it, the table" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_lab_signals = {
	.name = "signals",
	.scope = CMD_LAB,
	.args = signals_args,
	.summary = "the signals and their default actions, or an actor's grid",
	.help = "Without ACTOR: every signal with its number and its default action "
	    "(terminate, core, ignore, stop, continue). With ACTOR: its process's "
	    "signal grid, one column per signal 1 to 64: pending to the process "
	    "(ShdPnd), and for each thread pending to it (SigPnd) and blocked by it, "
	    "then ignored and caught (the process's), read from "
	    "/proc/PID/task/TID/status; SigQ, the signals queued for its real user "
	    "over all that user's processes, against its limit; and each signal "
	    "that appears, with its default action.",
	.example = "signals A",
	.run = run_signals,
	.check = check_signals,
};

static const struct cmd_entry *const signal_commands[] = {
	&cmd_lab_signals,
	&cmd_lab_kill,
	&cmd_lab_killpg,
	&cmd_lab_tkill,
	&cmd_lab_sigqueue,
	&cmd_kill,
	&cmd_killpg,
	&cmd_sigqueue,
	&cmd_pthread_kill,
	&cmd_raise,
	&cmd_alarm,
	&cmd_fault,
	&cmd_signal,
	&cmd_block,
	&cmd_unblock,
	&cmd_setmask,
	&cmd_sigpending,
	&cmd_sigwait,
	&cmd_sigwaitinfo,
	&cmd_sigtimedwait,
	&cmd_sigsuspend,
	&cmd_pause,
	NULL,
};

/* What an actor's menu offers: a handler, the mask, taking one in a call. */
static const struct menu_call signal_menu_actor[] = {
	{ MENU_PROCESS | MENU_THREAD, "signal USR1 catch siginfo",
	    "sigaction: catch a signal and see what the handler sees...", NULL, true, 0 },
	{ MENU_PROCESS, "block USR1", "sigprocmask: hold signals pending...", NULL, true, 0 },
	{ MENU_THREAD, "block USR1", "pthread_sigmask: hold signals pending...", NULL, true, 0 },
	{ MENU_PROCESS | MENU_THREAD, "unblock USR1", "unblock: let pending signals in...", NULL,
	    true, 0 },
	{ MENU_PROCESS | MENU_THREAD, "sigwaitinfo USR1",
	    "sigwaitinfo: take a blocked signal in a call...", NULL, true, 0 },
	{ 0, NULL, NULL, NULL, false, 0 },
};

static const struct menu_signal signal_menu_signal = { "kill", "tkill" };

/* A thread taking a signal in a call (sigwait, sigsuspend, pause) is
 * woken by whoever may signal it. */
static size_t
signal_woken_by_wait(struct lab *lab, const struct thread_wait *tw, struct file_want *out,
    size_t max)
{
	if (tw->kind != WAIT_SIGNAL)
		return 0;
	return siglab_woken_by(lab, tw->pid, out, max);
}

const struct mechanism signal_mechanism = {
	.name = "signal",
	.title = "signals",
	.help = "Signals sent from the lab (kill A TERM, killpg, tkill A.t1 USR1, "
	    "sigqueue A RTMIN 7) and from actors (A kill B TERM, A sigqueue, A "
	    "pthread_kill A.t1, A raise, A alarm 1s, A fault segv); what a process "
	    "does with them (A signal USR1 catch siginfo, ignore, default) and what "
	    "each thread holds back (A block USR1, A.t1 unblock USR1); taking them "
	    "in a call (sigwait, sigwaitinfo, sigtimedwait, sigsuspend, pause, and "
	    "signalfd). show A has each thread's sets from "
	    "/proc/PID/task/TID/status (pending to the thread and to the process, "
	    "blocked, ignored, caught), SigQ against its limit, and the signals it "
	    "received as its handlers saw them. signals lists every signal with its "
	    "default action.",
	.commands = signal_commands,
	.menu_actor = signal_menu_actor,
	.menu_signal = &signal_menu_signal,
	.woken_by_wait = signal_woken_by_wait,
};
