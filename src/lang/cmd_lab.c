/* cmd_lab.c: the lab's own verbs: spawn, reap, show, wait, sleep, together,
 * expect, echo, every, jobs, cancel, help, require, quit. (kill belongs
 * to the signal mechanism.) */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "desc.h"
#include "job.h"
#include "lab.h"
#include "mechanism.h"
#include "module.h"
#include "signames.h"

#define WAIT_DEFAULT_NS		(5 * NS_PER_S)

static const struct arg_spec no_args[] = {
	{ NULL, 0, 0, NULL, NULL },
};

static enum cmd_status
poll_spawn(struct cmd_ctx *ctx)
{
	struct actor	*a = lab_actor(ctx->lab, ctx->state);

	return a == NULL || actor_started(a) ? CMD_DONE : CMD_PENDING;
}

/* The place a new actor starts in (spawn ... on HOST), or NULL: the
 * machine itself; false when the word names none. */
static bool
spawn_place(struct cmd_ctx *ctx, struct object **place)
{
	const struct arg	*on = cmd_arg(ctx->cmd, "on");

	*place = NULL;
	if (!on->present)
		return true;
	*place = lab_object(ctx->lab, on->str);
	if (*place == NULL || (*place)->mech->place == NULL) {
		ctx->cause = *place != NULL ?
		    xasprintf("%s is %s, and actors start only inside a host (host h1 makes one)",
		    on->str, (*place)->mech->name) : lab_actor(ctx->lab, on->str) != NULL ?
		    xasprintf("%s is an actor: spawn ... on names a host (host h1 makes one)",
		    on->str) : xasprintf("no host called %s (host %s makes one)", on->str, on->str);
		ctx->column = on->column;
		return false;
	}
	return true;
}

static bool
check_spawn(struct cmd_ctx *ctx)
{
	struct object	*place;

	return spawn_place(ctx, &place);
}

static enum cmd_status
run_spawn(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "NAME");
	struct object		*place;
	struct actor		*a;
	struct desc		*d;

	if (!spawn_place(ctx, &place))
		return CMD_ERROR;
	a = lab_spawn(ctx->lab, name->str, place, &ctx->cause);
	if (a == NULL) {
		ctx->column = name->column;
		return CMD_ERROR;
	}
	d = desc_new();
	desc_int(d, "pid", a->pid);
	if (place != NULL) {
		desc_word(d, "host", place->name);
		lab_record(ctx->lab, RECORD_SPAWN, a->name, REC_INFO, d, "spawned on %s, pid %d",
		    place->name, (int)a->pid);
	} else
		lab_record(ctx->lab, RECORD_SPAWN, a->name, REC_INFO, d, "spawned, pid %d",
		    (int)a->pid);
	if (!ctx->sync || actor_started(a))
		return CMD_DONE;
	ctx->state = xstrdup(a->name);
	ctx->poll = poll_spawn;
	return CMD_PENDING;
}

static const struct arg_spec spawn_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the new actor's name: a letter, then letters, digits, _ or -" },
	{ "on", ARG_REF, ARG_OPTIONAL | ARG_KEYED, NULL,
	    "a host to start it inside (host h1 makes one): its own network" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_spawn = {
	.name = "spawn",
	.scope = CMD_LAB,
	.args = spawn_args,
	.summary = "start a new actor process",
	.help = "Start a new actor: a real process, the lab's child, in a process group "
	    "of its own, with default signal dispositions, nothing blocked, and "
	    "standard input and output on /dev/null. It waits for calls: A pipe p1, "
	    "A fork B, A write p1 \"hi\". Its own descriptors start at 3. With on HOST "
	    "it starts inside that host's network namespace (host h1): its sockets "
	    "see that host's interfaces, addresses and ports; a fork stays there.",
	.example = "spawn A on h1",
	.run = run_spawn,
	.check = check_spawn,
};

static struct actor *
ctx_actor(struct cmd_ctx *ctx, const struct arg *arg)
{
	struct actor	*a;

	a = lab_actor(ctx->lab, arg->str);
	if (a == NULL) {
		if (lab_object(ctx->lab, arg->str) != NULL)
			ctx->cause = xasprintf("%s is an object, not an actor", arg->str);
		else
			ctx->cause = xasprintf("no actor called %s (show lists them)", arg->str);
		ctx->column = arg->column;
	}
	return a;
}

static bool
check_reap(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "ACTOR");
	struct actor		*a;

	if ((a = ctx_actor(ctx, name)) == NULL)
		return false;
	if (!lab_reap_check(a, &ctx->cause)) {
		ctx->column = name->column;
		return false;
	}
	return true;
}

static enum cmd_status
run_reap(struct cmd_ctx *ctx)
{
	struct actor	*a;

	if ((a = ctx_actor(ctx, cmd_arg(ctx->cmd, "ACTOR"))) == NULL)
		return CMD_ERROR;
	return lab_reap(ctx->lab, a, &ctx->cause) ? CMD_DONE : CMD_ERROR;
}

static const struct arg_spec reap_args[] = {
	{ "ACTOR", ARG_REF, 0, NULL, "a terminated actor the lab spawned" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_reap = {
	.name = "reap",
	.scope = CMD_LAB,
	.args = reap_args,
	.summary = "collect a terminated actor's exit status (waitid)",
	.help = "A terminated process stays a zombie until its parent collects its exit "
	    "status. The lab is the parent of the actors it spawned and leaves them "
	    "zombies until you reap them, so that you can see the state; an actor "
	    "forked by another actor is reaped by that parent (B waitpid C). Orphans "
	    "re-parented to the lab are reaped at once.",
	.example = "reap A",
	.run = run_reap,
	.check = check_reap,
};

static bool
check_forget(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "NAME");

	if (name->present && !lab_forget_check(ctx->lab, name->str, &ctx->cause)) {
		ctx->column = name->column;
		return false;
	}
	return true;
}

static enum cmd_status
run_forget(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "NAME");

	if (!lab_forget(ctx->lab, name->present ? name->str : NULL, &ctx->cause)) {
		ctx->column = name->column;
		return CMD_ERROR;
	}
	return CMD_DONE;
}

static const struct arg_spec forget_args[] = {
	{ "NAME", ARG_REF, ARG_OPTIONAL, NULL, "one actor or object; without it, all that have ended" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_forget = {
	.name = "forget",
	.scope = CMD_LAB,
	.args = forget_args,
	.summary = "drop what has ended from the lab's lists",
	.help = "Ended actors and closed objects stay listed, so that you can see how "
	    "they ended. forget drops what is gone from the kernel: actors reaped "
	    "(exited or killed, and collected) with their threads, threads that ended, "
	    "and objects nothing is left of (no descriptor, no mapping, the name "
	    "unlinked or the System V object removed; a TCP socket once its TIME_WAIT "
	    "is over). They leave the panes, show, --json and expect, and their names "
	    "are free again. A zombie is kept: it is still in the kernel until reaped. "
	    "With NAME, that one alone, or an error saying why it has not ended.",
	.example = "forget",
	.run = run_forget,
	.check = check_forget,
};

/* observe: "PID [PID...]" (or pid:N), "all", "user NAME", "comm NAME". */
static enum cmd_status
run_observe(struct cmd_ctx *ctx)
{
	const struct arg	*what = cmd_arg(ctx->cmd, "WHAT");
	struct actor		*a;
	char			*words, *w, *save = NULL, *end;
	const char		*first, *arg;
	enum observe_kind	 kind;
	long long		 pid;
	size_t			 added, n = 0;

	words = xstrdup(what->str);
	first = strtok_r(words, " \t", &save);
	if (first == NULL) {
		free(words);
		ctx->cause = xstrdup("observe what? a pid, all, user NAME or comm NAME");
		ctx->column = what->column;
		return CMD_ERROR;
	}
	if (strcmp(first, "all") == 0 || strcmp(first, "user") == 0 || strcmp(first, "comm") == 0) {
		kind = first[0] == 'a' ? OBSERVE_ALL : first[0] == 'u' ? OBSERVE_USER : OBSERVE_COMM;
		arg = kind == OBSERVE_ALL ? "" : strtok_r(NULL, " \t", &save);
		if (arg == NULL || strtok_r(NULL, " \t", &save) != NULL) {
			ctx->cause = kind == OBSERVE_ALL ? xstrdup("observe all takes nothing after it") :
			    xasprintf("observe %s takes one %s", first,
			    kind == OBSERVE_USER ? "user name or uid" : "command name");
			ctx->column = what->column;
			free(words);
			return CMD_ERROR;
		}
		if (!lab_observe_rule(ctx->lab, kind, arg, &added, &ctx->cause)) {
			ctx->column = what->column;
			free(words);
			return CMD_ERROR;
		}
		lab_record(ctx->lab, RECORD_OBSERVE, NULL, REC_INFO, NULL,
		    "observe %s%s%s: %zu process%s now, and each that starts", first,
		    arg[0] != '\0' ? " " : "", arg, added, added == 1 ? "" : "es");
		free(words);
		return CMD_DONE;
	}
	for (w = (char *)first; w != NULL; w = strtok_r(NULL, " \t", &save)) {
		const char *digits = strncmp(w, "pid:", 4) == 0 ? w + 4 : w;

		errno = 0;
		pid = strtoll(digits, &end, 10);
		if (digits[0] == '\0' || *end != '\0' || errno != 0 || pid <= 0 || pid > INT_MAX) {
			ctx->cause = xasprintf("'%s' is not a process id: observe PID, all, user NAME "
			    "or comm NAME", word_short(w));
			ctx->column = what->column + (int)(w - words);
			free(words);
			return CMD_ERROR;
		}
		if (!lab_observe_pid(ctx->lab, (pid_t)pid, 0, &a, &ctx->cause)) {
			ctx->column = what->column + (int)(w - words);
			free(words);
			return CMD_ERROR;
		}
		n++;
	}
	free(words);
	return CMD_DONE;
}

static const struct arg_spec observe_args[] = {
	{ "WHAT", ARG_TEXT, 0, NULL, "PID... (or pid:N), all, user NAME, or comm NAME" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_observe = {
	.name = "observe",
	.scope = CMD_LAB,
	.args = observe_args,
	.summary = "show processes the lab did not make, beside its actors",
	.help = "Observed processes appear in the panes, show, --json and expect as "
	    "actors do, marked observed, named after their command and pid "
	    "(cat-4242, its threads cat-4242.t4250): their threads and states, the "
	    "call each is blocked in, their descriptors. The lab follows each by "
	    "its pidfd, so a pid used again is never taken for it, and never "
	    "signals it on its own or makes calls in it. observe PID takes those "
	    "processes; all, user NAME and comm NAME follow a rule: every process "
	    "it matches now, and each that starts later (the lab's own processes "
	    "and kernel threads are left out). A process a rule chose leaves the "
	    "lists once it has ended and is reaped; one chosen by pid stays until "
	    "forget. ipcscope -p PID,... observes them from the start.",
	.example = "observe 4242",
	.run = run_observe,
};

static enum cmd_status
run_unobserve(struct cmd_ctx *ctx)
{
	const struct arg	*what = cmd_arg(ctx->cmd, "WHAT");
	struct actor		*a = NULL;
	size_t			 n;

	if (strcmp(what->str, "all") != 0) {
		a = lab_actor(ctx->lab, what->str);
		if (a == NULL || !a->observed || a->is_thread) {
			ctx->cause = a == NULL ? xasprintf("no observed process called %s", what->str) :
			    xasprintf("%s is %s", what->str, a->is_thread ? "a thread: unobserve its process" :
			    "the lab's actor, not an observed process");
			ctx->column = what->column;
			return CMD_ERROR;
		}
	}
	n = lab_unobserve(ctx->lab, a);
	if (a == NULL)
		lab_record(ctx->lab, RECORD_OBSERVE, NULL, REC_INFO, NULL,
		    "unobserve all: %zu process%s, and every rule", n, n == 1 ? "" : "es");
	return CMD_DONE;
}

static const struct arg_spec unobserve_args[] = {
	{ "WHAT", ARG_WORD, ARG_ACTORS, NULL, "an observed process, or all (and every rule)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_unobserve = {
	.name = "unobserve",
	.scope = CMD_LAB,
	.args = unobserve_args,
	.summary = "stop observing a process, or all of them",
	.help = "The process leaves the lists with its threads; nothing is done to it. "
	    "A rule that matches it leaves it alone while it runs; observe PID takes it "
	    "back, and so does a rule given after. "
	    "unobserve all also ends every rule observe follows (all, user, comm).",
	.example = "unobserve all",
	.run = run_unobserve,
};

static enum cmd_status
run_reset(struct cmd_ctx *ctx)
{
	lab_reset(ctx->lab);
	return CMD_DONE;
}

static const struct arg_spec reset_args[] = {
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_reset = {
	.name = "reset",
	.scope = CMD_LAB,
	.args = reset_args,
	.summary = "end every actor and remove every object: a fresh lab",
	.help = "Everything ends as at the end of a run: every actor is killed and reaped, "
	    "every object removed (queues, segments, sets, names, files), jobs are "
	    "cancelled, and the run's manifest is swept for what a call the lab never "
	    "heard back from made. Then the lab goes on, empty: names start again "
	    "(spawn A, pipe p1), the guardian stays, the log is kept. Nothing of the "
	    "old lab is left in ipcs or /dev/shm.",
	.example = "reset",
	.run = run_reset,
};

static void
show_all(struct cmd_ctx *ctx)
{
	struct desc		*d;
	struct desc_node	*list, *item;
	struct buf		 b;
	const char		*name, *kind, *sum;

	d = desc_new();
	lab_describe_all(ctx->lab, d);
	buf_init(&b);
	list = desc_find(d, "actors");
	for (item = list->first; item != NULL; item = item->next) {
		name = item->first->str;
		sum = item->first->next->str;
		buf_printf(&b, "%-10s %-8s %s\n", name,
		    desc_find_child(item, "observed") != NULL ? "observed" : "actor", sum);
	}
	list = desc_find(d, "objects");
	for (item = list->first; item != NULL; item = item->next) {
		name = item->first->str;
		kind = item->first->next->str;
		sum = item->first->next->next->str;
		buf_printf(&b, "%-10s %-8s %s\n", name, kind, sum);
	}
	if (b.len == 0)
		buf_adds(&b, "the lab is empty: spawn A starts an actor\n");
	if (b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	lab_record(ctx->lab, RECORD_SHOW, NULL, REC_INFO, d, "%s", b.data);
	buf_free(&b);
}

/* health: what the lab points out now, a line each. */
static enum cmd_status
run_health(struct cmd_ctx *ctx)
{
	struct desc		*d;
	struct buf		 b;
	size_t			 i;

	lab_health_tick(ctx->lab, true);
	d = desc_new();
	lab_describe_health(ctx->lab, d);
	buf_init(&b);
	for (i = 0; i < ctx->lab->nhealth; i++) {
		buf_printf(&b, "%s%-9s ", i > 0 ? "\n" : "", ctx->lab->health[i].kind);
		buf_add_duration(&b, now_ns() - ctx->lab->health[i].since_ns);
		buf_printf(&b, "  %s", ctx->lab->health[i].text);
	}
	lab_record(ctx->lab, RECORD_SHOW, NULL, REC_INFO, d, "%s",
	    b.len > 0 ? b.data : "health: nothing to point out");
	buf_free(&b);
	return CMD_DONE;
}

static const struct cmd_entry cmd_health = {
	.name = "health",
	.scope = CMD_LAB,
	.args = no_args,
	.summary = "point out what is wrong: orphans, stalls, zombies, limits, leaks",
	.help = "Look now and list, a line each with how long it has lasted, what "
	    "the lab points out in what it observes and in its actors: System V "
	    "objects left with nobody (no attachment, their creator and last users "
	    "dead; looked for while the lab observes), a writer blocked on a full "
	    "descriptor whose every reader is stopped or blocked elsewhere, a "
	    "parent with zombie children piling up, counters near their limits "
	    "(queued signals, open descriptors, a queue's bytes, the machine's "
	    "System V objects, the pages of a user's buffers, an object's own "
	    "counter) and descriptor counts "
	    "that keep growing. The lab looks on its own (a process every 2 "
	    "seconds, System V objects when their counts move) and logs each "
	    "finding as it appears and as it clears; an affected process's "
	    "health field says it, and show lab lists them all.",
	.example = "health",
	.run = run_health,
};

/* show's and expect's name: what lab_describe describes. */
static bool
check_describable(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "NAME");

	if (name->present && !lab_describable(ctx->lab, name->str, &ctx->cause)) {
		ctx->column = name->column;
		return false;
	}
	return true;
}

static enum cmd_status
run_show(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "NAME");
	struct desc		*d;
	struct buf		 b;

	if (!name->present) {
		show_all(ctx);
		return CMD_DONE;
	}
	d = desc_new();
	if (!lab_describe(ctx->lab, name->str, d, &ctx->cause)) {
		desc_free(&d);
		ctx->column = name->column;
		return CMD_ERROR;
	}
	buf_init(&b);
	buf_printf(&b, "%s:\n", name->str);
	desc_write_text(&b, d, 2);
	if (b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	lab_record(ctx->lab, RECORD_SHOW, name->str, REC_INFO, d, "%s", b.data);
	buf_free(&b);
	return CMD_DONE;
}

static const struct arg_spec show_args[] = {
	{ "NAME", ARG_REF, ARG_OPTIONAL, NULL, "an actor, thread or object, or lab; without it, everything" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_show = {
	.name = "show",
	.scope = CMD_LAB,
	.args = show_args,
	.summary = "print the live state of the lab, an actor or an object",
	.help = "Print state read from the kernel now: for an actor its state, the call "
	    "it is blocked in (from /proc/PID/syscall and wchan), its threads and "
	    "descriptors, and its last call; for a pipe the bytes queued and the "
	    "capacity, the queued bytes themselves (peeked with tee(2), not "
	    "consumed), who holds each end and who is blocked on it. With --json the "
	    "same fields come as one JSON object. expect checks any field shown here. "
	    "show lab names the lab's own processes (the controller, its guardian) and "
	    "files (the run's directory and manifest).",
	.example = "show p1",
	.run = run_show,
	.check = check_describable,
	.reads_only = true,
};

/* What wait waits for: a state of the actor's, or one of these. */
enum wait_for {
	WAIT_BLOCKED,
	WAIT_DONE,		/* its call returned */
	WAIT_IDLE,
	WAIT_RUNNING,
	WAIT_STOPPED,
	WAIT_EXITED,		/* terminated: a zombie or reaped; a thread ended */
	WAIT_ZOMBIE,
	WAIT_REAPED,
	WAIT_ENDED,		/* a thread, or a process, that ended */
	WAIT_SIGNALLED,		/* it took a signal after the wait began */
};

static const struct arg_choice wait_states[] = {
	{ "blocked", WAIT_BLOCKED },
	{ "done", WAIT_DONE },
	{ "idle", WAIT_IDLE },
	{ "running", WAIT_RUNNING },
	{ "stopped", WAIT_STOPPED },
	{ "exited", WAIT_EXITED },
	{ "zombie", WAIT_ZOMBIE },
	{ "reaped", WAIT_REAPED },
	{ "ended", WAIT_ENDED },
	{ "signalled", WAIT_SIGNALLED },
	{ NULL, 0 },
};

/* Whether an actor is in one of the states wait knows now. */
static bool
wait_holds(struct actor *a, enum wait_for want)
{
	enum actor_state	 now = actor_state(a);

	switch (want) {
	case WAIT_DONE:
		return a->call == NULL;
	case WAIT_EXITED:
		return actor_terminated(a) || (a->is_thread && a->ended);
	case WAIT_REAPED:
		return a->proc->life == ACTOR_REAPED;
	case WAIT_ENDED:
		return a->ended || actor_terminated(a);
	case WAIT_BLOCKED:
		return now == STATE_BLOCKED;
	case WAIT_IDLE:
		return now == STATE_IDLE;
	case WAIT_RUNNING:
		return now == STATE_RUNNING;
	case WAIT_STOPPED:
		return now == STATE_STOPPED;
	case WAIT_ZOMBIE:
		return now == STATE_ZOMBIE;
	case WAIT_SIGNALLED:
		break;
	}
	return false;
}

struct wait_state {
	char		 name[80];
	enum wait_for	 want;
	int64_t		 timeout;
	uint64_t	 taken;		/* signals taken when the wait began */
};

static enum cmd_status
poll_wait(struct cmd_ctx *ctx)
{
	struct wait_state	*w = ctx->state;
	struct actor		*a;
	struct buf		 b;

	ctx->lab->gen++;	/* look at the kernel afresh */
	a = lab_actor(ctx->lab, w->name);
	if (a == NULL) {
		ctx->cause = xasprintf("%s is gone", w->name);
		return CMD_ERROR;
	}
	if (w->want == WAIT_SIGNALLED) {
		lab_catch_up(ctx->lab);
		if (lab_actor_taken(a) > w->taken)
			return CMD_DONE;
	} else if (wait_holds(a, w->want))
		return CMD_DONE;
	if (!ctx->expired)
		return CMD_PENDING;
	buf_init(&b);
	buf_printf(&b, "wait: %s did not become %s within ", w->name,
	    cmd_choice_word(wait_states, w->want));
	buf_add_duration(&b, w->timeout);
	buf_printf(&b, " (it is %s)", actor_state_name(actor_state(a)));
	ctx->cause = buf_take(&b);
	ctx->failed = true;
	return CMD_ERROR;
}

static bool
check_wait(struct cmd_ctx *ctx)
{
	return ctx_actor(ctx, cmd_arg(ctx->cmd, "ACTOR")) != NULL;
}

static enum cmd_status
run_wait(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "ACTOR");
	const struct arg	*state = cmd_arg(ctx->cmd, "STATE");
	const struct arg	*timeout = cmd_arg(ctx->cmd, "timeout");
	struct wait_state	*w;

	if (ctx_actor(ctx, name) == NULL)
		return CMD_ERROR;
	w = xcalloc(1, sizeof *w);
	snprintf(w->name, sizeof w->name, "%s", name->str);
	w->want = (enum wait_for)state->num;
	w->timeout = timeout->present ? timeout->num : WAIT_DEFAULT_NS;
	w->taken = lab_actor_taken(lab_actor(ctx->lab, name->str));
	ctx->state = w;
	ctx->poll = poll_wait;
	ctx->deadline = now_ns() + w->timeout;
	return cmd_poll(ctx);
}

static const struct arg_spec wait_args[] = {
	{ "ACTOR", ARG_REF, 0, NULL, "an actor or thread" },
	{ "STATE", ARG_CHOICE, 0, wait_states,
	  "done: its call returned; exited: terminated (zombie or reaped); signalled: it took a signal" },
	{ "timeout", ARG_DURATION, ARG_OPTIONAL | ARG_KEYED, NULL, "give up after this long (default 5s)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_wait = {
	.name = "wait",
	.scope = CMD_LAB,
	.args = wait_args,
	.summary = "wait until an actor is in a state, as the kernel shows it",
	.help = "Pause the script until ACTOR is in STATE, read from the kernel: blocked "
	    "(asleep in a call), done (its last call returned), idle, running, "
	    "stopped, exited (terminated: a zombie or reaped), zombie, reaped, or "
	    "ended (a thread), or signalled (a handler ran, or a call took a "
	    "signal, after the wait began: A alarm 1s, then wait A signalled). "
	    "The lab keeps running meanwhile. If the state does not "
	    "come within the timeout, the wait fails and the script's exit status "
	    "will say so.",
	.example = "wait B blocked timeout 2s",
	.run = run_wait,
	.check = check_wait,
};

static enum cmd_status
poll_sleep(struct cmd_ctx *ctx)
{
	return ctx->expired ? CMD_DONE : CMD_PENDING;
}

static enum cmd_status
run_sleep(struct cmd_ctx *ctx)
{
	ctx->poll = poll_sleep;
	ctx->deadline = now_ns() + cmd_arg(ctx->cmd, "DURATION")->num;
	return CMD_PENDING;
}

static const struct arg_spec sleep_args[] = {
	{ "DURATION", ARG_DURATION, 0, NULL, "250ms, 1.5s, 2 (seconds)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sleep = {
	.name = "sleep",
	.scope = CMD_LAB,
	.args = sleep_args,
	.summary = "pause the script; the lab keeps running",
	.help = "Pause before the next command. Actors and events go on meanwhile.",
	.example = "sleep 250ms",
	.run = run_sleep,
	.reads_only = true,
};

/* together: several calls released at one moment. */

#define TOGETHER_DELAY_NS	(5 * NS_PER_MS)	/* time for every request to arrive */
#define TOGETHER_MAX		8

/* Split at semicolons outside quotes; the parts stay in line. */
static size_t
split_calls(const char *line, size_t len, size_t *starts, size_t *lens, size_t max)
{
	size_t	 i, n = 0, start = 0;
	char	 quote = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && quote != 0) {
			if (line[i] == '\\' && quote == '"' && i + 1 < len)
				i++;
			else if (line[i] == quote)
				quote = 0;
			continue;
		}
		if (i < len && (line[i] == '"' || line[i] == '\'')) {
			quote = line[i];
			continue;
		}
		if (i == len || line[i] == ';') {
			if (n == max)
				return max + 1;
			starts[n] = start;
			lens[n++] = i - start;
			start = i + 1;
		}
	}
	return n;
}

/* A part as written, without the blanks around it. */
static const char *
part_text(const struct cmd *cmd)
{
	return cmd->line + strspn(cmd->line, " \t");
}

static int
part_len(const struct cmd *cmd)
{
	const char	*p = part_text(cmd);
	size_t		 len = strlen(p);

	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	return (int)len;
}

/* Why part i cannot go with the parts before it: the same thread twice
 * (one call at a time), or two parts that would make one name. */
static char *
together_clash(struct call **calls, size_t i)
{
	size_t	 j;

	for (j = 0; j < i; j++) {
		if (calls[j]->actor == calls[i]->actor)
			return xasprintf("%s has two calls here; a thread makes one call at a time "
			    "(A and A.t1 can go together)", calls[i]->actor->name);
		if (calls[j]->newname != NULL && calls[i]->newname != NULL &&
		    strcmp(calls[j]->newname, calls[i]->newname) == 0)
			return xasprintf("two calls here would make %s", calls[i]->newname);
	}
	return NULL;
}

static enum cmd_status
run_together(struct cmd_ctx *ctx)
{
	const struct arg	*calls = cmd_arg(ctx->cmd, "CALLS");
	struct cmd		*cmds[TOGETHER_MAX];
	struct call		*prepared[TOGETHER_MAX];
	struct cmd_ctx		 sub;
	size_t			 starts[TOGETHER_MAX], lens[TOGETHER_MAX], n, i, j;
	char			*cause = NULL, *call;
	int			 column;
	enum cmd_status		 r = CMD_DONE;

	n = split_calls(calls->str, calls->len, starts, lens, TOGETHER_MAX);
	if (n > TOGETHER_MAX) {
		ctx->cause = xasprintf("at most %d calls go together", TOGETHER_MAX);
		ctx->column = calls->column;
		return CMD_ERROR;
	}
	/* Parse them all first: a mistake in one starts none. */
	for (i = 0; i < n; i++) {
		cmds[i] = cmd_parse_lab(ctx->lab, calls->str + starts[i], lens[i], &cause, &column);
		if (cmds[i] == NULL || cmds[i]->entry->scope != CMD_ACTOR) {
			if (cmds[i] == NULL && cause == NULL)
				cause = xstrdup("an empty call between semicolons");
			else if (cmds[i] != NULL)
				cause = xasprintf("%s is a lab command; together starts actors' calls",
				    cmds[i]->entry->name);
			ctx->cause = cause;
			ctx->column = calls->column + (int)starts[i] + (column > 0 ? column - 1 : 0);
			for (j = 0; j <= i; j++)
				cmd_free(&cmds[j]);
			return CMD_ERROR;
		}
	}
	/* Then prepare them all, sending nothing: a part refused (no such
	 * actor, a busy one, an argument that does not resolve) starts none. */
	for (i = 0; i < n; i++) {
		memset(&sub, 0, sizeof sub);
		sub.lab = ctx->lab;
		sub.cmd = cmds[i];
		prepared[i] = cmd_call_prepare(&sub);
		if (prepared[i] != NULL && (sub.cause = together_clash(prepared, i)) != NULL) {
			sub.column = cmds[i]->target_column;
			lab_call_drop(&prepared[i]);
		}
		if (prepared[i] == NULL) {
			call = xstrndup(part_text(cmds[i]), (size_t)part_len(cmds[i]));
			ctx->cause = xasprintf("%s: %s; none of the calls was made", word_short(call),
			    sub.cause);
			free(call);
			ctx->column = calls->column + (int)starts[i] +
			    (sub.column > 0 ? sub.column - 1 : 0);
			cmd_ctx_clear(&sub);
			for (j = 0; j < n; j++) {
				if (j < i)
					lab_call_drop(&prepared[j]);
				cmd_free(&cmds[j]);
			}
			return CMD_ERROR;
		}
	}
	ctx->lab->start_at = now_ns() + TOGETHER_DELAY_NS;
	for (i = 0; i < n; i++) {
		memset(&sub, 0, sizeof sub);
		sub.lab = ctx->lab;
		sub.cmd = cmds[i];
		/* Only an actor that ended since it was prepared fails here. */
		if (cmd_call_send(&sub, prepared[i]) == CMD_ERROR && r != CMD_ERROR) {
			call = xstrndup(part_text(cmds[i]), (size_t)part_len(cmds[i]));
			ctx->cause = xasprintf("%s: %s", word_short(call), sub.cause);
			free(call);
			ctx->column = calls->column + (int)starts[i];
			r = CMD_ERROR;
		}
		cmd_ctx_clear(&sub);
		cmd_free(&cmds[i]);
	}
	ctx->lab->start_at = 0;
	return r;
}

static const struct arg_spec together_args[] = {
	{ "CALLS", ARG_LINE, 0, NULL, "actors' calls separated by semicolons" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_together = {
	.name = "together",
	.scope = CMD_LAB,
	.args = together_args,
	.summary = "start several actors' calls at the same moment",
	.help = "Sends each call, then releases them all at one moment a few "
	    "milliseconds later, so that they really run at once (a script line "
	    "ending in & starts a call without waiting, but the next line's call "
	    "starts a little later). Races and deadlocks need this: two actors "
	    "incrementing one counter, or taking two locks in opposite orders. It "
	    "does not wait for them: wait A done does. Each call's log line says "
	    "when it really began after the release (last.late).\n\n"
	    "At one moment is not yet at the same time: two actors on one CPU take "
	    "turns, and a short loop ends before the other's turn comes. For a race "
	    "to show, give each actor its own CPU first (A cpu 0, B cpu 1) and "
	    "give the calls enough work to overlap even if one wakes late: with "
	    "a hundred million adds each, updates are lost in nearly every run on two "
	    "CPUs; with one million and no pinning, often none is.",
	.example = "together A incr m1 0 100000000; B incr m1 0 100000000",
	.run = run_together,
};

enum expect_op { OP_EQ, OP_EQ1, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_HAS, OP_LACKS };

static const struct arg_choice expect_ops[] = {
	{ "==", OP_EQ },
	{ "=", OP_EQ1 },
	{ "!=", OP_NE },
	{ "<", OP_LT },
	{ "<=", OP_LE },
	{ ">", OP_GT },
	{ ">=", OP_GE },
	{ "has", OP_HAS },
	{ "lacks", OP_LACKS },
	{ NULL, 0 },
};

/* What a field holds, which decides the units a value compared with it
 * is written in: every comparison takes the same. */
enum expect_kind {
	EK_NUMBER,	/* an integer, a gauge's used part: 5, -1, 64k */
	EK_SIZE,	/* bytes: 512, 4k, 1M */
	EK_DURATION,	/* 250ms, 1.5s, 2 (seconds) */
	EK_BOOL,	/* yes, no */
	EK_COUNT,	/* a list, by its length: 3, none */
	EK_SIGNAL,	/* a signal's name: USR1, SIGUSR1, 10 */
	EK_TEXT,	/* words, text, bytes: compared as they are */
	EK_GROUP,	/* fields of its own */
};

static enum expect_kind
expect_kind(const struct desc_node *n)
{
	switch (n->type) {
	case DESC_INT:
	case DESC_GAUGE:
		return EK_NUMBER;
	case DESC_SIZE:
		return EK_SIZE;
	case DESC_DURATION:
		return EK_DURATION;
	case DESC_BOOL:
		return EK_BOOL;
	case DESC_LIST:
	case DESC_SIGSET:
	case DESC_RANGES:
		return EK_COUNT;
	case DESC_WORD:
		return strncmp(n->str, "SIG", 3) == 0 && sig_parse(n->str) > 0 ? EK_SIGNAL : EK_TEXT;
	case DESC_TEXT:
	case DESC_BYTES:
		return EK_TEXT;
	case DESC_GROUP:
		break;
	}
	return EK_GROUP;
}

/* The field's value as a number of its kind. */
static int64_t
expect_have(const struct desc_node *n, enum expect_kind kind)
{
	const struct desc_node	*c;
	int64_t			 count = 0;

	if (kind == EK_SIGNAL)
		return sig_parse(n->str);
	if (kind != EK_COUNT)
		return n->num;
	if (n->type == DESC_SIGSET)
		return __builtin_popcountll(desc_sigset_of(n));
	if (n->type == DESC_RANGES)
		return (int64_t)n->len;
	for (c = n->first; c != NULL; c = c->next)
		count++;
	return count;
}

/* The value written, in the units of the field's kind; false if it is
 * not one. */
static bool
expect_want(const struct desc_node *n, enum expect_kind kind, const struct arg *value,
    int64_t *want)
{
	const char		*s = value->str;
	unsigned long long	 u;
	char			*end;
	int			 sig;

	if (value->quoted && kind != EK_SIGNAL)
		return false;
	switch (kind) {
	case EK_NUMBER:
		if (n->type == DESC_INT && n->is_unsigned && isdigit((unsigned char)*s)) {
			errno = 0;
			u = strtoull(s, &end, 0);
			if (errno == 0 && *end == '\0') {
				*want = (int64_t)u;
				return true;
			}
		}
		return parse_int(s, want) || parse_size(s, want);
	case EK_SIZE:
		return parse_size(s, want) || parse_int(s, want);
	case EK_DURATION:
		return parse_duration(s, want);
	case EK_BOOL:
		if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0)
			*want = 1;
		else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
			*want = 0;
		else
			return false;
		return true;
	case EK_COUNT:
		if (strcmp(s, "none") == 0) {
			*want = 0;
			return true;
		}
		return parse_int(s, want);
	case EK_SIGNAL:
		if ((sig = sig_parse(s)) < 0)
			return false;
		*want = sig;
		return true;
	case EK_TEXT:
	case EK_GROUP:
		break;
	}
	return false;
}

/* have against want: below 0, 0 or above; unsigned fields as unsigned. */
static int
expect_order(const struct desc_node *n, int64_t have, int64_t want)
{
	if (n->type == DESC_INT && n->is_unsigned)
		return (uint64_t)have < (uint64_t)want ? -1 : (uint64_t)have > (uint64_t)want;
	return have < want ? -1 : have > want;
}

static bool
expect_text_equal(const struct desc_node *n, const struct arg *value)
{
	return n->len == value->len && memcmp(n->str, value->str, n->len) == 0;
}

/* One item of a list (for has and lacks) equals the value; never an
 * error, as a list may hold items of several kinds. */
static bool
expect_item_equal(const struct desc_node *n, const struct arg *value)
{
	enum expect_kind	 kind = expect_kind(n);
	int64_t			 want;

	if (kind == EK_TEXT)
		return expect_text_equal(n, value);
	if (kind == EK_GROUP || kind == EK_COUNT || !expect_want(n, kind, value, &want))
		return false;
	return expect_order(n, expect_have(n, kind), want) == 0;
}

/* A set holds a signal named as the parser takes one (USR1, SIGUSR1,
 * 10), or as the set names it (SIG33(libc)). */
static bool
expect_set_has(const struct desc_node *n, const struct arg *value)
{
	struct buf	 name;
	uint64_t	 set = desc_sigset_of(n);
	bool		 found = false;
	int		 sig;

	if (!value->quoted && (sig = sig_parse(value->str)) > 0 && sig <= 64)
		return (set & (1ULL << (sig - 1))) != 0;
	buf_init(&name);
	for (sig = 1; sig <= 64 && !found; sig++) {
		if (!(set & (1ULL << (sig - 1))))
			continue;
		buf_reset(&name);
		desc_add_signal(&name, n, sig);
		found = name.len == value->len && memcmp(name.data, value->str, name.len) == 0;
	}
	buf_free(&name);
	return found;
}

/* Ranges hold a range written as they show it ("A write 0-9 posix"). */
static bool
expect_ranges_have(const struct desc_node *n, const struct arg *value)
{
	struct buf	 text;
	bool		 found = false;
	size_t		 i;

	buf_init(&text);
	for (i = 0; i < n->len && !found; i++) {
		buf_reset(&text);
		desc_add_range(&text, &n->ranges[i]);
		found = text.len == value->len && memcmp(text.data, value->str, text.len) == 0;
	}
	buf_free(&text);
	return found;
}

static bool
expect_has(const struct desc_node *n, const struct arg *value)
{
	const struct desc_node	*c, *g;

	if (n->type == DESC_WORD || n->type == DESC_TEXT || n->type == DESC_BYTES)
		return memmem(n->str, n->len, value->str, value->len) != NULL;
	if (n->type == DESC_SIGSET)
		return expect_set_has(n, value);
	if (n->type == DESC_RANGES)
		return expect_ranges_have(n, value);
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DESC_GROUP) {
			for (g = c->first; g != NULL; g = g->next) {
				if (g->type != DESC_GROUP && g->type != DESC_LIST &&
				    expect_item_equal(g, value))
					return true;
			}
		} else if (c->type != DESC_LIST && expect_item_equal(c, value))
			return true;
	}
	return false;
}

/* Why the value is not one the field can be compared with. */
static char *
expect_unit_cause(const struct desc_node *n, enum expect_kind kind, enum expect_op op,
    const char *name, const char *field, const struct arg *value)
{
	struct buf	 b;

	buf_init(&b);
	buf_printf(&b, "%s %s ", name, word_short(field));
	switch (kind) {
	case EK_NUMBER:
		buf_adds(&b, "is a number: compare it with a number or a size (5, -1, 64k)");
		break;
	case EK_SIZE:
		buf_adds(&b, "is a size in bytes: compare it with a size (512, 4k, 1M)");
		break;
	case EK_DURATION:
		buf_adds(&b, "is a duration: compare it with one such as 250ms, 1.5s or 2 (seconds)");
		break;
	case EK_BOOL:
		buf_adds(&b, "is yes or no: compare it with yes or no");
		break;
	case EK_COUNT:
		buf_adds(&b, "is a list: == < > and the rest compare its length (3, none); "
		    "has and lacks look for an item");
		break;
	case EK_SIGNAL:
		buf_adds(&b, "is a signal: compare it with a signal (USR1, SIGUSR1, 10)");
		break;
	case EK_TEXT:
		buf_printf(&b, "is text, and %s compares numbers: use ==, !=, has or lacks",
		    cmd_choice_word(expect_ops, op));
		break;
	case EK_GROUP:
		buf_adds(&b, "has fields of its own: compare one of them (");
		desc_add_field_names(&b, n);
		buf_addc(&b, ')');
		break;
	}
	if (kind != EK_TEXT && kind != EK_GROUP) {
		buf_adds(&b, value->quoted ? ", not a quoted string" : ", not ");
		if (!value->quoted)
			buf_printf(&b, "'%s'", word_short(value->str));
	}
	return buf_take(&b);
}

bool
cmd_expect_compare(const struct cmd *cmd, const struct desc_node *n, bool *ok, char **cause)
{
	const struct arg	*name = cmd_arg(cmd, "NAME");
	const struct arg	*field = cmd_arg(cmd, "FIELD");
	const struct arg	*opa = cmd_arg(cmd, "OP");
	const struct arg	*value = cmd_arg(cmd, "VALUE");
	enum expect_op		 op = opa->present ? (enum expect_op)opa->num : OP_EQ;
	enum expect_kind	 kind = expect_kind(n);
	int64_t			 want;
	int			 order;

	if (op == OP_HAS || op == OP_LACKS) {
		*ok = expect_has(n, value) == (op == OP_HAS);
		return true;
	}
	if (kind == EK_TEXT && (op == OP_EQ || op == OP_EQ1 || op == OP_NE)) {
		*ok = expect_text_equal(n, value) == (op != OP_NE);
		return true;
	}
	if (kind == EK_TEXT || kind == EK_GROUP || !expect_want(n, kind, value, &want)) {
		*cause = expect_unit_cause(n, kind, op, name->str, field->str, value);
		return false;
	}
	order = expect_order(n, expect_have(n, kind), want);
	switch (op) {
	case OP_EQ:
	case OP_EQ1:
		*ok = order == 0;
		break;
	case OP_NE:
		*ok = order != 0;
		break;
	case OP_LT:
		*ok = order < 0;
		break;
	case OP_LE:
		*ok = order <= 0;
		break;
	case OP_GT:
		*ok = order > 0;
		break;
	default:
		*ok = order >= 0;
		break;
	}
	return true;
}

/* Check once. With final false, a check that does not hold yet is
 * neither recorded nor failed: PENDING, to be checked again. */
static enum cmd_status
check_expect(struct cmd_ctx *ctx, bool final)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "NAME");
	const struct arg	*field = cmd_arg(ctx->cmd, "FIELD");
	const struct arg	*opa = cmd_arg(ctx->cmd, "OP");
	const struct arg	*value = cmd_arg(ctx->cmd, "VALUE");
	struct desc_node	*n;
	struct desc		*d, *rd;
	struct buf		 b, shown;
	enum expect_op		 op = opa->present ? (enum expect_op)opa->num : OP_EQ;
	bool			 ok;

	d = desc_new();
	if (!lab_describe(ctx->lab, name->str, d, &ctx->cause)) {
		desc_free(&d);
		ctx->column = name->column;
		return CMD_ERROR;
	}
	n = desc_find(d, field->str);
	if (n == NULL && !final) {
		desc_free(&d);		/* not there yet (within) */
		return CMD_PENDING;
	}
	if (n == NULL) {
		cmd_no_field(ctx, name, field, d);
		desc_free(&d);
		return CMD_ERROR;
	}
	if (!cmd_expect_compare(ctx->cmd, n, &ok, &ctx->cause)) {
		/* Text cannot be ordered: the operator is wrong; otherwise the
		 * value is not in the field's units. */
		ctx->column = (expect_kind(n) == EK_TEXT || expect_kind(n) == EK_GROUP) &&
		    opa->present ? opa->column : value->column;
		desc_free(&d);
		return CMD_ERROR;
	}
	if (!ok && !final) {
		desc_free(&d);
		return CMD_PENDING;
	}

	buf_init(&shown);
	desc_add_value(&shown, n);
	buf_init(&b);
	buf_printf(&b, "expect %s %s %s ", name->str, word_short(field->str),
	    cmd_choice_word(expect_ops, op));
	if (value->quoted)
		buf_add_quoted(&b, value->str, value->len, 64);
	else
		buf_adds(&b, word_short(value->str));
	if (ok)
		buf_adds(&b, ": ok");
	else
		buf_printf(&b, ": FAILED, it is %s", shown.data);
	rd = desc_new();
	desc_bool(rd, "ok", ok);
	desc_word(rd, "field", field->str);
	desc_string(rd, "actual", shown.data);
	lab_record(ctx->lab, RECORD_EXPECT, name->str, ok ? REC_INFO : REC_ERROR, rd, "%s", b.data);
	buf_free(&b);
	buf_free(&shown);
	desc_free(&d);
	if (!ok)
		ctx->failed = true;
	return CMD_DONE;
}

static enum cmd_status
poll_expect(struct cmd_ctx *ctx)
{
	ctx->lab->gen++;	/* look at the kernel afresh */
	return check_expect(ctx, ctx->expired);
}

static enum cmd_status
run_expect(struct cmd_ctx *ctx)
{
	const struct arg	*within = cmd_arg(ctx->cmd, "within");

	if (!within->present)
		return check_expect(ctx, true);
	ctx->poll = poll_expect;
	ctx->deadline = now_ns() + within->num;
	return check_expect(ctx, false);
}

/* expect's name, unless within may wait for it to come. */
static bool
check_expect_name(struct cmd_ctx *ctx)
{
	return cmd_arg(ctx->cmd, "within")->present || check_describable(ctx);
}

static const struct arg_spec expect_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "an actor, thread or object" },
	{ "FIELD", ARG_FIELD, 0, NULL, "a field as show prints it; dots go inside: last.errno, readers.0.actor" },
	{ "OP", ARG_CHOICE, ARG_OPTIONAL, expect_ops,
	  "the comparison (default ==); has: a list holds it, or text contains it; lacks: the opposite" },
	{ "VALUE", ARG_VALUE, 0, NULL, "in the field's units: a number, size (64k), duration (250ms) or signal (USR1), a word (blocked, EAGAIN) or a quoted string" },
	{ "within", ARG_DURATION, ARG_OPTIONAL | ARG_KEYED, NULL,
	  "keep checking until it holds, for at most this long (what the kernel does on its own: TCP states)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_expect = {
	.name = "expect",
	.scope = CMD_LAB,
	.args = expect_args,
	.summary = "check a fact about the lab; the script fails if it does not hold",
	.help = "Read NAME's state from the kernel, as show prints it, and compare one "
	    "field with VALUE. Every operator takes VALUE in the field's units: a "
	    "duration as 250ms, 1.5s or 2 (seconds), a size as 512, 4k or 1M, a number as "
	    "a number, a gauge by its used part, a list by its length (none is 0), yes or "
	    "no, a signal as USR1, SIGUSR1 or 10; other words and strings compare as text. "
	    "A value in other units is refused. A failed check is "
	    "reported and makes ipcscope --batch exit with status 1, so a script is "
	    "also a test. With within, the check is made again as the lab samples "
	    "the kernel until it holds or the time is up: for what changes without "
	    "a call, like a TCP socket leaving FIN_WAIT1 when the ACK comes.",
	.example = "expect p1 queued == 5",
	.run = run_expect,
	.check = check_expect_name,
	.reads_only = true,
};

static enum cmd_status
run_echo(struct cmd_ctx *ctx)
{
	const struct arg	*text = cmd_arg(ctx->cmd, "TEXT");

	lab_record(ctx->lab, RECORD_ECHO, NULL, REC_INFO, NULL, "%s", text->present ? text->str : "");
	return CMD_DONE;
}

static const struct arg_spec echo_args[] = {
	{ "TEXT", ARG_TEXT, ARG_OPTIONAL, NULL, "words to print" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_echo = {
	.name = "echo",
	.scope = CMD_LAB,
	.args = echo_args,
	.summary = "print a line (a heading in a script's output)",
	.example = "echo \"-- a pipe is one-way --\"",
	.run = run_echo,
	.reads_only = true,
};

static enum cmd_status
run_help(struct cmd_ctx *ctx)
{
	const struct arg	*topic = cmd_arg(ctx->cmd, "TOPIC");
	struct buf		 b;

	buf_init(&b);
	cmd_add_help(&b, topic->present ? topic->str : NULL, &ctx->cause);
	if (ctx->cause != NULL) {
		buf_free(&b);
		ctx->column = topic->column;
		return CMD_ERROR;
	}
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	lab_record(ctx->lab, RECORD_HELP, NULL, REC_INFO, NULL, "%s", b.data);
	buf_free(&b);
	return CMD_DONE;
}

static const struct arg_spec help_args[] = {
	{ "TOPIC", ARG_TOPIC, ARG_OPTIONAL, NULL, "a command (write, spawn) or a mechanism (pipe)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_help = {
	.name = "help",
	.scope = CMD_LAB,
	.args = help_args,
	.summary = "list the commands, or explain one",
	.example = "help write",
	.run = run_help,
	.reads_only = true,
};

static enum cmd_status
run_every(struct cmd_ctx *ctx)
{
	const struct arg	*period = cmd_arg(ctx->cmd, "DURATION");
	const struct arg	*line = cmd_arg(ctx->cmd, "COMMAND");
	struct job		*j;

	if (period->num < 10 * NS_PER_MS) {
		ctx->cause = xstrdup("every repeats at most 100 times a second: 10ms or more");
		ctx->column = period->column;
		return CMD_ERROR;
	}
	j = job_start(ctx->lab, period->num, line->str, &ctx->cause);
	if (j == NULL) {
		ctx->column = line->column;
		return CMD_ERROR;
	}
	lab_record(ctx->lab, RECORD_JOB, NULL, REC_INFO, NULL, "job%d: every %s, %s (cancel job%d stops it)",
	    j->id, period->str, j->line, j->id);
	return CMD_DONE;
}

static const struct arg_spec every_args[] = {
	{ "DURATION", ARG_DURATION, 0, NULL, "how often: 250ms, 1s" },
	{ "COMMAND", ARG_LINE, 0, NULL, "the command to repeat, as it would be typed" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_every = {
	.name = "every",
	.scope = CMD_LAB,
	.args = every_args,
	.summary = "repeat a command every DURATION (a job)",
	.help = "Start a job that runs COMMAND now and then every DURATION, as a loop in "
	    "a program would: a producer that writes, a consumer that reads. A round "
	    "is skipped while the actor is still in its last call or is stopped; an "
	    "error is reported once; the job ends when its actor does. jobs lists "
	    "them, cancel stops one.",
	.example = "every 500ms A write p1 \"tick\"",
	.run = run_every,
};

static enum cmd_status
run_jobs(struct cmd_ctx *ctx)
{
	struct desc		*d, *one;
	struct desc_node	*sum;
	struct buf		 b;
	struct job		*j;
	size_t			 i;

	d = desc_new();
	buf_init(&b);
	desc_list(d, "jobs");
	for (i = 0; i < job_count(ctx->lab); i++) {
		j = job_at(ctx->lab, i);
		one = desc_new();
		job_describe(j, one);
		sum = desc_find(one, "summary");
		desc_group(d, NULL);
		desc_text(d, "name", "job%d", j->id);
		desc_string(d, "summary", sum->str);
		desc_close(d);
		buf_printf(&b, "%sjob%-4d %s", b.len ? "\n" : "", j->id, sum->str);
		desc_free(&one);
	}
	desc_close(d);
	lab_record(ctx->lab, RECORD_SHOW, NULL, REC_INFO, d, "%s", b.len ? b.data : "no jobs");
	buf_free(&b);
	return CMD_DONE;
}

static const struct cmd_entry cmd_jobs = {
	.name = "jobs",
	.scope = CMD_LAB,
	.args = no_args,
	.summary = "list the jobs started with every",
	.run = run_jobs,
};

static enum cmd_status
run_cancel(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "JOB");
	struct job		*j;
	size_t			 i;

	if (strcmp(name->str, "all") == 0) {
		for (i = 0; i < job_count(ctx->lab); i++)
			job_cancel(job_at(ctx->lab, i), "cancelled");
		return CMD_DONE;
	}
	j = job_find(ctx->lab, name->str);
	if (j == NULL || j->ended != NULL) {
		ctx->cause = j == NULL ?
		    xasprintf("no job called %s (jobs lists them)", word_short(name->str)) :
		    xasprintf("%s has ended already (%s)", name->str, j->ended);
		ctx->column = name->column;
		return CMD_ERROR;
	}
	job_cancel(j, "cancelled");
	return CMD_DONE;
}

static const struct arg_spec cancel_args[] = {
	{ "JOB", ARG_JOB, 0, NULL, "a job (job1), or all" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_cancel = {
	.name = "cancel",
	.scope = CMD_LAB,
	.args = cancel_args,
	.summary = "stop a job (or all)",
	.example = "cancel job1",
	.run = run_cancel,
};

/* Whether the lab runs as root: uid 0 of the machine's own user namespace
 * (the whole uid range mapped as it is). uid 0 of another user namespace
 * has no other user to become and no limit above the hard one. */
static bool
require_root_holds(void)
{
	FILE		*f;
	unsigned long	 inside, outside, count;
	bool		 whole;

	if (geteuid() != 0)
		return false;
	if ((f = fopen("/proc/self/uid_map", "re")) == NULL)
		return true;	/* no user namespaces: there is only the one */
	whole = fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3 &&
	    inside == 0 && outside == 0 && count == 4294967295UL;
	fclose(f);
	return whole;
}

static enum cmd_status
run_require(struct cmd_ctx *ctx)
{
	const struct arg	*reason = cmd_arg(ctx->cmd, "REASON");
	struct desc		*d;

	if (require_root_holds())
		return CMD_DONE;
	d = desc_new();
	desc_word(d, "needs", "root");
	if (reason->present)
		desc_string(d, "reason", reason->str);
	lab_record(ctx->lab, RECORD_SKIP, NULL, REC_INFO, d, "skipped: this script needs root%s%s%s",
	    reason->present ? " (" : "", reason->present ? reason->str : "",
	    reason->present ? ")" : "");
	ctx->skip = true;
	return CMD_DONE;
}

/* What a script may need: root alone, so far. */
static const struct arg_choice require_needs[] = {
	{ "root", 0 },
	{ NULL, 0 },
};

static const struct arg_spec require_args[] = {
	{ "WHAT", ARG_CHOICE, 0, require_needs, "what the script needs: root (uid 0 of the machine, not of a user namespace)" },
	{ "REASON", ARG_TEXT, ARG_OPTIONAL, NULL, "why, in a few words" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_require = {
	.name = "require",
	.scope = CMD_LAB,
	.args = require_args,
	.summary = "end a script here, skipped, unless the lab runs as root",
	.help = "A script that needs root (setuid to another user, a limit above "
	    "the hard one, signals across users) says so on its first line. As "
	    "root it goes on; otherwise it prints one line, skipped: this script "
	    "needs root (REASON), and ends: ipcscope --batch exits with status 77, "
	    "which test runners count as skipped, neither passed nor failed. Typed "
	    "at the command line it only prints the line.",
	.example = "require root setuid to another user",
	.run = run_require,
	.reads_only = true,
};

static enum cmd_status
run_quit(struct cmd_ctx *ctx)
{
	ctx->quit = true;
	return CMD_DONE;
}

static const struct cmd_entry cmd_quit = {
	.name = "quit",
	.alias = "exit",
	.scope = CMD_LAB,
	.args = no_args,
	.summary = "end the lab: kill and reap every actor, remove every object",
	.run = run_quit,
	.reads_only = true,
};

const struct cmd_entry *const cmd_lab_verbs[] = {
	&cmd_spawn,
	&cmd_reap,
	&cmd_forget,
	&cmd_reset,
	&cmd_observe,
	&cmd_unobserve,
	&cmd_show,
	&cmd_health,
	&cmd_wait,
	&cmd_sleep,
	&cmd_together,
	&cmd_expect,
	&cmd_echo,
	&cmd_every,
	&cmd_jobs,
	&cmd_cancel,
	&cmd_help,
	&cmd_require,
	&cmd_quit,
	NULL,
};
