/* signal.c: signals: kill from the lab and from an actor, dispositions
 * (default, ignore), and blocking with the thread's signal mask. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "lab.h"
#include "mechanism.h"
#include "signames.h"

/* kill, from the lab */

static enum cmd_status
run_lab_kill(struct cmd_ctx *ctx)
{
	const struct arg	*target = cmd_arg(ctx->cmd, "ACTOR");
	struct actor		*a;

	a = lab_actor(ctx->lab, target->str);
	if (a == NULL) {
		ctx->cause = lab_object(ctx->lab, target->str) != NULL ?
		    xasprintf("%s is an object; kill signals an actor", target->str) :
		    xasprintf("no actor called %s (show lists them)", target->str);
		ctx->column = target->column;
		return CMD_ERROR;
	}
	if (!lab_kill(ctx->lab, a, (int)cmd_arg(ctx->cmd, "SIGNAL")->num, &ctx->cause)) {
		ctx->column = target->column;
		return CMD_ERROR;
	}
	return CMD_DONE;
}

static const struct arg_spec kill_args[] = {
	{ "ACTOR", ARG_REF, 0, NULL, "an actor process" },
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "TERM, SIGKILL, 9, RTMIN+1, or 0 to test" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_lab_kill = {
	.name = "kill",
	.scope = CMD_LAB,
	.args = kill_args,
	.summary = "send a signal to an actor from the lab",
	.help = "The lab sends SIGNAL to the actor's process (pidfd_send_signal, so it "
	    "reaches exactly that process even if its pid is reused). With the "
	    "default disposition TERM kills it, STOP stops it and CONT resumes it; "
	    "show and the log say what the kernel did. Signal 0 only checks that it "
	    "exists. A killed actor the lab spawned stays a zombie until reap.",
	.example = "kill B TERM",
	.run = run_lab_kill,
};

/* kill, from an actor */

static bool
kill_prepare(struct call *c, char **cause)
{
	const struct arg	*target = cmd_arg(c->cmd, "ACTOR");
	struct actor		*t;

	t = lab_actor(c->lab, target->str);
	if (t == NULL) {
		*cause = xasprintf("no actor called %s (show lists them)", target->str);
		return false;
	}
	if (t->is_thread) {
		*cause = xasprintf("kill signals a process; %s is a thread: %s kill %s",
		    t->name, c->actor->name, t->proc->name);
		return false;
	}
	if (t->life == ACTOR_REAPED) {
		*cause = xasprintf("%s was reaped; its pid %d may be another process's now",
		    t->name, (int)t->pid);
		return false;
	}
	c->peer = t;
	c->arg[0] = t->pid;
	c->arg[1] = cmd_arg(c->cmd, "SIGNAL")->num;
	return true;
}

static void
kill_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = kill((pid_t)c->req->arg[0], (int)c->req->arg[1]);
	actor_end(c, r);
}

static void
kill_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "kill(%lld<%s>, %s)", (long long)c->arg[0], c->peer->name,
	    sig_name((int)c->arg[1]));
}

static const struct cmd_entry cmd_kill = {
	.name = "kill",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = kill_args,
	.summary = "kill(): send a signal to another actor",
	.help = "The actor calls kill(pid, SIGNAL): the signal comes from it, with its "
	    "pid as the sender, and the kernel checks its permission.",
	.example = "A kill B TERM",
	.prepare = kill_prepare,
	.perform = kill_perform,
	.format = kill_format,
};

/* signal: disposition */

static bool
signal_prepare(struct call *c, char **cause)
{
	(void)cause;
	c->arg[0] = cmd_arg(c->cmd, "SIGNAL")->num;
	c->arg[1] = cmd_arg(c->cmd, "ACTION")->num;
	return true;
}

static void
signal_perform(struct actor_call *c)
{
	struct sigaction	 sa;
	int			 r;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = c->req->arg[1] == 0 ? SIG_DFL : SIG_IGN;
	actor_begin(c);
	r = sigaction((int)c->req->arg[0], &sa, NULL);
	actor_end(c, r);
}

static void
signal_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "sigaction(%s, {%s}, NULL)", sig_name((int)c->arg[0]),
	    c->arg[1] == 0 ? "SIG_DFL" : "SIG_IGN");
}

static const struct arg_spec signal_args[] = {
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "the signal" },
	{ "ACTION", ARG_CHOICE, 0, "default|ignore", "SIG_DFL or SIG_IGN" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_signal = {
	.name = "signal",
	.alias = "sigaction",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = signal_args,
	.summary = "sigaction(): what the process does with a signal",
	.help = "The actor sets the disposition of SIGNAL for its whole process: default "
	    "(the kernel's action: terminate, core, stop, continue or ignore) or "
	    "ignore. SIGKILL and SIGSTOP cannot be changed: the kernel answers EINVAL. "
	    "Ignoring SIGPIPE makes a write with no reader fail with EPIPE instead of "
	    "killing the writer.",
	.example = "A signal PIPE ignore",
	.prepare = signal_prepare,
	.perform = signal_perform,
	.format = signal_format,
};

/* block and unblock: the calling thread's mask */

static bool
mask_prepare(struct call *c, char **cause)
{
	(void)cause;
	c->arg[0] = cmd_arg(c->cmd, "SIGNAL")->num;
	return true;
}

static void
mask_perform(struct actor_call *c, int how)
{
	sigset_t	 set;
	int		 r;

	sigemptyset(&set);
	sigaddset(&set, (int)c->req->arg[0]);
	actor_begin(c);
	r = pthread_sigmask(how, &set, NULL);
	actor_end_errnum(c, r);
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
mask_format(const struct call *c, struct buf *b, const char *how)
{
	buf_printf(b, "%s(%s, [%s], NULL)",
	    c->actor->is_thread ? "pthread_sigmask" : "sigprocmask", how,
	    sig_name((int)c->arg[0]));
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

static const struct arg_spec mask_args[] = {
	{ "SIGNAL", ARG_SIGNAL, 0, NULL, "the signal" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_block = {
	.name = "block",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = mask_args,
	.summary = "sigprocmask(SIG_BLOCK): hold a signal pending",
	.help = "The calling thread adds SIGNAL to its mask. A blocked signal is not "
	    "delivered: it stays pending (show lists it) until it is unblocked. "
	    "SIGKILL and SIGSTOP cannot be blocked; the kernel silently leaves them "
	    "out.",
	.example = "A block PIPE",
	.prepare = mask_prepare,
	.perform = block_perform,
	.format = block_format,
};

static const struct cmd_entry cmd_unblock = {
	.name = "unblock",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = mask_args,
	.summary = "sigprocmask(SIG_UNBLOCK): let a pending signal in",
	.help = "The calling thread removes SIGNAL from its mask; if it is pending, it "
	    "is delivered now.",
	.example = "A unblock PIPE",
	.prepare = mask_prepare,
	.perform = unblock_perform,
	.format = unblock_format,
};

static const struct cmd_entry *const signal_commands[] = {
	&cmd_lab_kill,
	&cmd_kill,
	&cmd_signal,
	&cmd_block,
	&cmd_unblock,
	NULL,
};

const struct mechanism signal_mechanism = {
	.name = "signal",
	.title = "signals",
	.help = "Signals from the lab (kill A TERM) and from actors (A kill B TERM), "
	    "dispositions (A signal PIPE ignore) and the thread's mask (A block PIPE). "
	    "show A lists the signals pending, blocked and ignored, from "
	    "/proc/PID/task/TID/status.",
	.commands = signal_commands,
};
