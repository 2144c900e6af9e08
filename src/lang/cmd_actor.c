/* cmd_actor.c: the calls every actor can make whatever the mechanism:
 * fork, thread (pthread_create), exit, pthread_exit, waitpid, and the
 * generic send and recv, which become the object's own call. */
#include "config.h"

#include <sys/resource.h>
#include <sys/wait.h>

#include <sched.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "signames.h"

static const struct arg_spec no_args[] = {
	{ NULL, 0, 0, NULL, NULL },
};

static const struct arg_spec name_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the new actor's name" },
	{ NULL, 0, 0, NULL, NULL },
};

/* fork */

static bool
fork_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");

	if (c->actor->is_thread) {
		/* Any thread may fork; the child is a copy of that thread. */
	}
	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	if (!lab_fd_room("a new actor", 4, cause))
		return false;
	c->newname = xstrdup(name->str);
	return true;
}

static void
fork_perform(struct actor_call *c)
{
	actor_do_fork(c);
}

static void
fork_finish(struct call *c)
{
	int	 pidfd;

	if (c->ret <= 0)
		return;
	if (c->nrfds < 1 || c->rfds[0] == -1) {
		/* The channel was lost on its way (the lab had no descriptor
		 * for it): a child the lab cannot reach must not live on. Its
		 * parent has not reaped it, so the pid is still its own. */
		kill((pid_t)c->ret, SIGKILL);
		call_set_extra(c, "lost", xstrdup("the lab could not take the child's channel "
		    "(out of descriptors); the child was killed"));
		return;
	}
	pidfd = c->nrfds >= 2 ? c->rfds[1] : -1;
	c->created = lab_actor_adopt(c->lab, c->newname, c->actor->proc, false,
	    (pid_t)c->ret, (pid_t)c->ret, c->rfds[0], (int)c->val[1], pidfd);
	c->rfds[0] = -1;
	if (c->nrfds >= 2)
		c->rfds[1] = -1;
}

static void
fork_format(const struct call *c, struct buf *b)
{
	(void)c;
	buf_adds(b, "fork()");
}

static void
fork_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld<%s>", (long long)c->ret, c->newname);
}

static const struct cmd_entry cmd_fork = {
	.name = "fork",
	.flow = FLOW_FORKS,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = name_args,
	.summary = "fork(): a child actor that inherits every descriptor",
	.help = "The actor calls fork(). The child, named NAME, is a copy of the calling "
	    "thread: it holds the same descriptors (both ends of every pipe, until "
	    "it closes those it does not use), the same signal dispositions and "
	    "mask. Its parent is the actor, which reaps it with waitpid.",
	.example = "A fork B",
	.prepare = fork_prepare,
	.perform = fork_perform,
	.finish = fork_finish,
	.format = fork_format,
	.format_result = fork_result,
};

/* thread */

static bool
thread_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	char			*full;

	full = xasprintf("%s.%s", c->actor->proc->name, name->str);
	if (lab_actor(c->lab, full) != NULL) {
		*cause = xasprintf("%s already has a thread called %s", c->actor->proc->name, full);
		free(full);
		return false;
	}
	if (!lab_fd_room("a new thread", 2, cause)) {
		free(full);
		return false;
	}
	c->newname = full;
	return true;
}

static void
thread_perform(struct actor_call *c)
{
	actor_do_thread(c);
}

static void
thread_finish(struct call *c)
{
	if (c->ret != 0)
		return;
	if (c->nrfds < 1 || c->rfds[0] == -1) {
		/* Its channel was lost on the way: the thread finds no one
		 * to serve and ends its process, as a lost controller would. */
		call_set_extra(c, "lost", xstrdup("the lab could not take the thread's channel "
		    "(out of descriptors); the thread ends its process"));
		return;
	}
	c->created = lab_actor_adopt(c->lab, c->newname, c->actor, true, c->actor->pid,
	    (pid_t)c->val[0], c->rfds[0], (int)c->val[1], -1);
	c->rfds[0] = -1;
}

static void
thread_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "pthread_create(%s)", c->newname);
}

static void
thread_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "0 (tid %lld)", (long long)c->val[0]);
}

static const struct cmd_entry cmd_thread = {
	.name = "thread",
	.alias = "pthread_create",
	.scope = CMD_ACTOR,
	.effects = EFF_STARTS_THREAD,
	.returns = RETURNS_ERRNUM,
	.args = name_args,
	.summary = "pthread_create(): a new thread, addressed as ACTOR.NAME",
	.help = "The actor calls pthread_create. The new thread shares the process's "
	    "descriptors, memory and signal dispositions, starts with the creating "
	    "thread's signal mask, and takes calls of its own: A.t1 read p1.",
	.example = "A thread t1",
	.prepare = thread_prepare,
	.perform = thread_perform,
	.finish = thread_finish,
	.format = thread_format,
	.format_result = thread_result,
};

/* exit */

static bool
exit_prepare(struct call *c, char **cause)
{
	const struct arg	*code = cmd_arg(c->cmd, "CODE");

	if (code->present && (code->num < 0 || code->num > 255)) {
		*cause = xstrdup("an exit status is 0 to 255");
		return false;
	}
	c->arg[0] = code->present ? code->num : 0;
	return true;
}

static void
exit_perform(struct actor_call *c)
{
	_exit((int)c->req->arg[0]);
}

static void
exit_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "_exit(%lld)", (long long)c->arg[0]);
}

static const struct arg_spec exit_args[] = {
	{ "CODE", ARG_INT, ARG_OPTIONAL, NULL, "the exit status, 0 to 255 (default 0)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_exit = {
	.name = "exit",
	.alias = "_exit",
	.scope = CMD_ACTOR,
	.args = exit_args,
	.summary = "_exit(CODE): end the whole process",
	.help = "The actor calls _exit: every thread of the process ends, its "
	    "descriptors close, and it stays a zombie until its parent reaps it.",
	.example = "A exit 3",
	.prepare = exit_prepare,
	.perform = exit_perform,
	.format = exit_format,
};

/* pthread_exit */

static bool
pthread_exit_prepare(struct call *c, char **cause)
{
	(void)c;
	(void)cause;
	return true;
}

static void
pthread_exit_perform(struct actor_call *c)
{
	actor_do_pthread_exit(c);
}

static void
pthread_exit_format(const struct call *c, struct buf *b)
{
	(void)c;
	buf_adds(b, "pthread_exit(NULL)");
}

static const struct cmd_entry cmd_pthread_exit = {
	.name = "pthread_exit",
	.scope = CMD_ACTOR,
	.effects = EFF_ENDS_THREAD,
	.args = no_args,
	.summary = "end only this thread",
	.help = "The thread calls pthread_exit. The process goes on with its other "
	    "threads; when the last one leaves, the process exits with status 0.",
	.example = "A.t1 pthread_exit",
	.prepare = pthread_exit_prepare,
	.perform = pthread_exit_perform,
	.format = pthread_exit_format,
};

/* waitpid */

static bool
waitpid_prepare(struct call *c, char **cause)
{
	const struct arg	*target = cmd_arg(c->cmd, "CHILD");
	struct actor		*t;
	int64_t			 pid;

	c->arg[1] = cmd_arg(c->cmd, "nohang")->present ? WNOHANG : 0;
	if (!target->present) {
		c->arg[0] = -1;
		return true;
	}
	if (parse_int(target->str, &pid)) {
		c->arg[0] = pid;
		return true;
	}
	t = lab_actor(c->lab, target->str);
	c->err_column = target->column;
	if (t == NULL || t->is_thread) {
		*cause = xasprintf("%s is not an actor process; waitpid takes a child actor, a pid, or -1 (any child)",
		    word_short(target->str));
		return false;
	}
	if (t->parent != c->actor->proc) {
		*cause = xasprintf("%s is not %s's child: a process waits only for its own children "
		    "(its pid would get ECHILD)", t->name, c->actor->proc->name);
		return false;
	}
	if (t->proc->life == ACTOR_REAPED) {
		*cause = xasprintf("%s was already reaped by %s; its pid may be another process's now",
		    t->name, t->reaped_by != NULL ? t->reaped_by : "its parent");
		return false;
	}
	c->err_column = 0;
	c->peer = t;
	c->arg[0] = t->pid;
	return true;
}

static void
waitpid_perform(struct actor_call *c)
{
	int	 status = 0;
	pid_t	 r;

	actor_begin(c);
	r = waitpid((pid_t)c->req->arg[0], &status, (int)c->req->arg[1]);
	actor_end(c, r);
	c->val[0] = status;
}

static void
waitpid_finish(struct call *c)
{
	struct actor	*child;

	if (c->ret <= 0)
		return;
	child = lab_actor_by_pid(c->lab, (pid_t)c->ret);
	if (child == NULL || child->life == ACTOR_REAPED)
		return;
	c->peer = child;
	actor_set_life(child, ACTOR_REAPED);
	child->status = (int)c->val[0];
	child->status_known = true;
	free(child->reaped_by);
	child->reaped_by = xstrdup(c->actor->proc->name);
}

static void
add_status(struct buf *b, int status)
{
	if (WIFEXITED(status))
		buf_printf(b, "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		buf_printf(b, "killed by %s%s", sig_name(WTERMSIG(status)),
		    WCOREDUMP(status) ? ", core dumped" : "");
	else
		buf_printf(b, "0x%x", (unsigned)status);
}

static void
waitpid_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "waitpid(%lld", (long long)c->arg[0]);
	if (c->peer != NULL && c->arg[0] > 0)
		buf_printf(b, "<%s>", c->peer->name);
	if (c->state == CALL_DONE && c->ret > 0) {
		buf_adds(b, ", [");
		add_status(b, (int)c->val[0]);
		buf_adds(b, "]");
	} else
		buf_adds(b, ", ...");
	buf_printf(b, ", %s)", c->arg[1] & WNOHANG ? "WNOHANG" : "0");
}

static void
waitpid_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld", (long long)c->ret);
	if (c->peer != NULL && c->ret > 0)
		buf_printf(b, "<%s>", c->peer->name);
}

static const struct arg_spec waitpid_args[] = {
	{ "CHILD", ARG_WORD, ARG_OPTIONAL | ARG_ACTORS, NULL, "a child actor, a pid, or -1 for any child (the default)" },
	{ "nohang", ARG_FLAG, 0, NULL, "WNOHANG: return 0 at once if no child has ended" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_waitpid = {
	.name = "waitpid",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = waitpid_args,
	.summary = "waitpid(): reap a child, blocking until one ends",
	.help = "The actor waits for a child to end and collects its status, which "
	    "removes the zombie. Without nohang it blocks while its children run; "
	    "with no children at all it fails with ECHILD.",
	.example = "A waitpid B",
	.prepare = waitpid_prepare,
	.perform = waitpid_perform,
	.finish = waitpid_finish,
	.format = waitpid_format,
	.format_result = waitpid_result,
};

/* send and recv: become the object's own call. */

static bool
spec_has(const struct arg_spec *s, const char *name)
{
	for (; s->name != NULL; s++) {
		if (strcmp(s->name, name) == 0)
			return true;
	}
	return false;
}

/* Where the verb send or recv becomes takes the generic argument s: the
 * argument of the same name; or, for TARGET, its first (the object: a
 * queue, a socket), and for COUNT, its size (msgrcv's SIZE). -1 if it
 * has no place for it (an eventfd reads 8 bytes, whatever COUNT says). */
static int
generic_slot(const struct cmd_entry *verb, const struct arg_spec *s)
{
	const struct arg_spec	*v;
	int			 i;

	for (v = verb->args, i = 0; v->name != NULL; v++, i++) {
		if (strcmp(v->name, s->name) == 0)
			return i;
	}
	if (strcmp(s->name, "TARGET") == 0)
		return 0;
	if (strcmp(s->name, "COUNT") != 0)
		return -1;
	for (v = verb->args, i = 0; v->name != NULL; v++, i++) {
		if (v->type == ARG_SIZE && !(v->flags & ARG_KEYED))
			return i;
	}
	return -1;
}

/* Prepare the call as the verb it becomes, which reads its own
 * arguments: send's and recv's, each where that verb takes it. */
static bool
generic_prepare_as(struct call *c, const struct cmd_entry *verb, char **cause)
{
	struct cmd		*generic = c->cmd, as;
	const struct arg_spec	*s;
	size_t			 i;
	int			 slot;
	bool			 ok;

	as = *generic;
	as.entry = verb;
	memset(as.args, 0, sizeof as.args);
	for (s = generic->entry->args, i = 0; s->name != NULL; s++, i++) {
		if ((slot = generic_slot(verb, s)) != -1)
			as.args[slot] = generic->args[i];
	}
	c->verb = verb;
	c->cmd = &as;
	ok = verb->prepare(c, cause);
	c->cmd = generic;
	return ok;
}

static bool
generic_prepare(struct call *c, char **cause, bool send)
{
	const struct arg	*target = cmd_arg(c->cmd, "TARGET");
	const struct mechanism	*m = NULL;
	const struct cmd_entry	*verb;
	const struct arg_spec	*s;
	struct object		*o;
	const char		*name;
	char			*base;
	size_t			 i;

	if (target->is_number) {
		o = lab_object_by_fd(c->lab, c->actor, (int)target->num);
		if (o != NULL)
			m = o->mech;
	} else {
		base = xstrndup(target->str, strcspn(target->str, "."));
		o = lab_object(c->lab, base);
		free(base);
		if (o == NULL) {
			*cause = xasprintf("no object called %s (show lists them)", target->str);
			return false;
		}
		m = o->mech;
	}
	name = m != NULL ? (send ? m->send_verb : m->recv_verb) : (send ? "write" : "read");
	if (name == NULL) {
		*cause = xasprintf("a %s has no %s call", m->name, send ? "send" : "receive");
		return false;
	}
	verb = cmd_lookup(CMD_ACTOR, name);
	if (verb == NULL)
		fatal("mechanism %s names verb %s, which does not exist", m->name, name);
	/* A flag the real call has no use for is an error, not ignored. */
	for (s = c->cmd->entry->args, i = 0; s->name != NULL; s++, i++) {
		if (s->type != ARG_FLAG || !c->cmd->args[i].present || spec_has(verb->args, s->name))
			continue;
		*cause = xasprintf("%s on a %s is %s, which takes no %s%s", c->cmd->entry->name,
		    m != NULL ? m->name : "descriptor", verb->name, s->name,
		    strcmp(s->name, "nowait") == 0 && spec_has(verb->args, "nonblock") ?
		    " (nonblock does that here)" : "");
		c->err_column = c->cmd->args[i].column;
		return false;
	}
	return generic_prepare_as(c, verb, cause);
}

static bool
send_prepare(struct call *c, char **cause)
{
	return generic_prepare(c, cause, true);
}

static bool
recv_prepare(struct call *c, char **cause)
{
	return generic_prepare(c, cause, false);
}

static void
generic_perform(struct actor_call *c)
{
	/* prepare always turns send and recv into another verb. */
	(void)c;
	_exit(124);
}

/* The help of send and recv, from each mechanism's call: "write for
 * pipes and FIFOs, msgsnd and mq_send for message queues, ...". */

struct io_said {
	const char	*calls[8];	/* "msgsnd", "mq_send" */
	size_t		 ncalls;
	const char	*objects[16];	/* "pipes", "FIFOs" */
	size_t		 nobjects;
};

/* "a", "a and b", "a, b and c". */
static void
add_list(struct buf *b, const char *const *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(b, i + 1 == n ? " and " : ", ");
		buf_adds(b, v[i]);
	}
}

static char *
io_help(const struct mechanism *const *mechs, bool send, const char *head, const char *tail)
{
	struct io_said	 said[32], *s;
	const char	*call;
	struct buf	 b;
	size_t		 i, j, n = 0;

	/* The objects of each call, in the registry's order. */
	for (i = 0; mechs[i] != NULL; i++) {
		if (mechs[i]->help_objects == NULL ||
		    (send ? mechs[i]->send_verb : mechs[i]->recv_verb) == NULL)
			continue;
		call = send ? mechs[i]->help_send : mechs[i]->help_recv;
		if (call == NULL)
			call = send ? mechs[i]->send_verb : mechs[i]->recv_verb;
		for (j = 0; j < n && strcmp(said[j].calls[0], call) != 0; j++)
			;
		if (j == n) {
			if (n == nitems(said))
				fatal("too many calls for the help of send and recv");
			said[n].calls[0] = call;
			said[n].ncalls = 1;
			said[n++].nobjects = 0;
		}
		s = &said[j];
		if (s->nobjects == nitems(s->objects))
			fatal("too many objects for %s in the help of send and recv", call);
		s->objects[s->nobjects++] = mechs[i]->help_objects;
	}
	/* Calls next to each other on the same objects are said together. */
	for (i = 1, j = 0; i < n; i++) {
		s = &said[j];
		if (s->nobjects == 1 && said[i].nobjects == 1 &&
		    strcmp(s->objects[0], said[i].objects[0]) == 0 &&
		    s->ncalls < nitems(s->calls))
			s->calls[s->ncalls++] = said[i].calls[0];
		else
			said[++j] = said[i];
	}
	if (n > 0)
		n = j + 1;
	buf_init(&b);
	buf_adds(&b, head);
	for (i = 0; i < n; i++) {
		buf_adds(&b, i == 0 ? ": " : ", ");
		add_list(&b, said[i].calls, said[i].ncalls);
		buf_adds(&b, " for ");
		add_list(&b, said[i].objects, said[i].nobjects);
	}
	buf_printf(&b, ". %s", tail);
	return buf_take(&b);
}

static char *
send_help(const struct mechanism *const *mechs)
{
	return io_help(mechs, true, "Send on any object with the call that fits it",
	    "The log shows the real call that was made. A flag the real call cannot "
	    "take is refused.");
}

static char *
recv_help(const struct mechanism *const *mechs)
{
	return io_help(mechs, false, "Receive from any object with the call that fits it",
	    "The log shows the real call that was made. A flag the real call cannot "
	    "take is refused.");
}

static const struct arg_spec send_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "an object, an end, or a descriptor number" },
	{ "DATA", ARG_DATA, 0, NULL, "a quoted string, or a size (4k) of generated bytes" },
	{ "nonblock", ARG_FLAG, 0, NULL, "do not wait: fail with EAGAIN instead" },
	{ "nowait", ARG_FLAG, 0, NULL, "MSG_DONTWAIT, where the call takes flags (as nonblock)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_send = {
	.name = "send",
	.flow = FLOW_PUTS,
	.scope = CMD_ACTOR,
	.args = send_args,
	.summary = "send DATA with the object's own call (write for a pipe)",
	.make_help = send_help,
	.example = "A send p1 \"hello\"",
	.prepare = send_prepare,
	.perform = generic_perform,
};

static const struct arg_spec recv_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "an object, an end, or a descriptor number" },
	{ "COUNT", ARG_SIZE, ARG_OPTIONAL, NULL, "the most bytes to take (default 64k)" },
	{ "nonblock", ARG_FLAG, 0, NULL, "do not wait: fail with EAGAIN instead" },
	{ "nowait", ARG_FLAG, 0, NULL, "MSG_DONTWAIT, where the call takes flags (as nonblock)" },
	{ "peek", ARG_FLAG, 0, NULL, "MSG_PEEK, where the call takes flags: look without taking" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_recv = {
	.name = "recv",
	.flow = FLOW_TAKES,
	.scope = CMD_ACTOR,
	.args = recv_args,
	.summary = "receive with the object's own call (read for a pipe)",
	.make_help = recv_help,
	.example = "B recv p1",
	.prepare = recv_prepare,
	.perform = generic_perform,
};

/* sched_setaffinity */

static bool
affinity_prepare(struct call *c, char **cause)
{
	(void)cause;
	c->arg[0] = cmd_arg(c->cmd, "CPUS")->num;	/* the parser made the set */
	return true;
}

static void
affinity_perform(struct actor_call *c)
{
	cpu_set_t	 set;
	uint64_t	 mask = (uint64_t)c->req->arg[0];
	int		 i, r;

	CPU_ZERO(&set);
	for (i = 0; i < 64; i++) {
		if (mask & (1ULL << i))
			CPU_SET(i, &set);
	}
	actor_begin(c);
	r = sched_setaffinity(0, sizeof set, &set);
	actor_end(c, r);
}

static void
affinity_format(const struct call *c, struct buf *b)
{
	uint64_t	 mask = (uint64_t)c->arg[0];
	bool		 first = true;
	int		 i;

	buf_adds(b, "sched_setaffinity(0, {");
	for (i = 0; i < 64; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		buf_printf(b, "%s%d", first ? "" : ",", i);
		first = false;
	}
	buf_adds(b, "})");
}

static const struct arg_spec affinity_args[] = {
	{ "CPUS", ARG_CPUS, 0, NULL, "the CPUs it may run on: 0, 0,1, or all" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sched_setaffinity = {
	.name = "sched_setaffinity",
	.alias = "cpu",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = affinity_args,
	.summary = "choose the CPUs the thread may run on",
	.help = "The thread calls sched_setaffinity. Two actors on one CPU take turns, "
	    "so a race between them shows only when one is preempted at the wrong "
	    "instruction; on two CPUs they truly run at once and a race shows at once "
	    "(two writers of shared memory lose updates). A fork inherits the setting.",
	.example = "A cpu 0",
	.prepare = affinity_prepare,
	.perform = affinity_perform,
	.format = affinity_format,
};

/* setrlimit and setuid: a process's limits and its user, which decide
 * what the kernel lets it do (queue signals, signal others). */

static const struct arg_choice rlimits[] = {
	{ "sigpending", RLIMIT_SIGPENDING },
	{ "msgqueue", RLIMIT_MSGQUEUE },
	{ "nofile", RLIMIT_NOFILE },
	{ "memlock", RLIMIT_MEMLOCK },
	{ "nproc", RLIMIT_NPROC },
	{ NULL, 0 },
};

static const char *
rlimit_name(int64_t resource)
{
	switch (resource) {
	case RLIMIT_SIGPENDING:	return "RLIMIT_SIGPENDING";
	case RLIMIT_MSGQUEUE:	return "RLIMIT_MSGQUEUE";
	case RLIMIT_NOFILE:	return "RLIMIT_NOFILE";
	case RLIMIT_MEMLOCK:	return "RLIMIT_MEMLOCK";
	case RLIMIT_NPROC:	return "RLIMIT_NPROC";
	}
	return "?";
}

static bool
rlim_value(const struct arg *a, int64_t *v, char **cause)
{
	if (strcmp(a->str, "unlimited") == 0 || strcmp(a->str, "infinity") == 0) {
		*v = -1;
		return true;
	}
	if (!parse_size(a->str, v) || *v < 0) {
		*cause = xasprintf("'%s' is not a limit: a number (3, 64k) or unlimited",
		    word_short(a->str));
		return false;
	}
	return true;
}

static bool
setrlimit_prepare(struct call *c, char **cause)
{
	const struct arg	*soft = cmd_arg(c->cmd, "SOFT");
	const struct arg	*hard = cmd_arg(c->cmd, "HARD");

	c->arg[0] = cmd_arg(c->cmd, "RESOURCE")->num;
	if (!rlim_value(soft, &c->arg[1], cause)) {
		c->err_column = soft->column;
		return false;
	}
	c->arg[2] = -2;		/* the hard limit stays */
	if (hard->present && !rlim_value(hard, &c->arg[2], cause)) {
		c->err_column = hard->column;
		return false;
	}
	return true;
}

static rlim_t
rlim_of(int64_t v)
{
	return v < 0 ? RLIM_INFINITY : (rlim_t)v;
}

static int64_t
rlim_back(rlim_t v)
{
	return v == RLIM_INFINITY ? -1 : (int64_t)v;
}

static void
setrlimit_perform(struct actor_call *c)
{
	int		 res = (int)c->req->arg[0];
	struct rlimit	 old, rl;
	int		 r;

	if (getrlimit(res, &old) == -1) {
		c->tool_err = errno;
		return;
	}
	rl.rlim_cur = rlim_of(c->req->arg[1]);
	rl.rlim_max = c->req->arg[2] == -2 ? old.rlim_max : rlim_of(c->req->arg[2]);
	actor_begin(c);
	r = setrlimit(res, &rl);
	actor_end(c, r);
	c->val[0] = rlim_back(old.rlim_cur);
	c->val[1] = rlim_back(old.rlim_max);
	c->val[2] = rlim_back(rl.rlim_max);
}

static void
add_rlim(struct buf *b, int64_t v)
{
	if (v < 0)
		buf_adds(b, "RLIM_INFINITY");
	else
		buf_printf(b, "%lld", (long long)v);
}

static void
setrlimit_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "setrlimit(%s, {", rlimit_name(c->arg[0]));
	add_rlim(b, c->arg[1]);
	buf_adds(b, ", ");
	if (c->arg[2] == -2 && c->state == CALL_DONE)
		add_rlim(b, c->val[2]);
	else if (c->arg[2] == -2)
		buf_adds(b, "hard");
	else
		add_rlim(b, c->arg[2]);
	buf_adds(b, "})");
}

static void
setrlimit_result(const struct call *c, struct buf *b)
{
	buf_adds(b, "0 (it was {");
	add_rlim(b, c->val[0]);
	buf_adds(b, ", ");
	add_rlim(b, c->val[1]);
	buf_adds(b, "})");
}

static const char *
setrlimit_hint(const struct call *c)
{
	/* Limits as the actor had them (val[1]) and asked (val[2], soft
	 * arg[1]); -1 is unlimited. */
	int64_t		 soft = c->arg[1], hard = c->val[2], was = c->val[1];
	long long	 nr_open;
	FILE		*f;

	if (c->state != CALL_DONE)
		return NULL;
	if (c->err == EPERM && c->arg[0] == RLIMIT_NOFILE &&
	    (f = fopen("/proc/sys/fs/nr_open", "re")) != NULL) {
		if (fscanf(f, "%lld", &nr_open) != 1)
			nr_open = -1;
		fclose(f);
		if (nr_open > 0 && (hard < 0 || hard > nr_open || soft < 0 || soft > nr_open))
			return "no descriptor limit may be above /proc/sys/fs/nr_open, privileged or not";
	}
	if (c->err == EPERM && was >= 0 && (hard < 0 || hard > was))
		return "raising the hard limit needs CAP_SYS_RESOURCE";
	if (c->err == EINVAL && hard >= 0 && (soft < 0 || soft > hard))
		return "the soft limit may not be above the hard one";
	return NULL;
}

static const struct arg_spec setrlimit_args[] = {
	{ "RESOURCE", ARG_CHOICE, 0, rlimits,
	  "sigpending: signals queued to its user; msgqueue: bytes of POSIX queues" },
	{ "SOFT", ARG_WORD, 0, NULL, "the limit the kernel enforces: a number, or unlimited" },
	{ "HARD", ARG_WORD, ARG_OPTIONAL, NULL, "the ceiling for SOFT (default: unchanged)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_setrlimit = {
	.name = "setrlimit",
	.alias = "ulimit",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = setrlimit_args,
	.summary = "setrlimit(): a resource limit of the process",
	.help = "The actor sets one of its process's limits. sigpending caps the "
	    "real-time and sigqueue'd signals queued to processes of its real user "
	    "(all of them, counted together: show's signals.sigq.user_queued) when it "
	    "is the one receiving: beyond it, sigqueue to it fails with EAGAIN. "
	    "msgqueue caps the bytes of POSIX message queues its user may create. A "
	    "fork inherits the limits.",
	.example = "B setrlimit sigpending 3",
	.prepare = setrlimit_prepare,
	.perform = setrlimit_perform,
	.format = setrlimit_format,
	.format_result = setrlimit_result,
	.hint = setrlimit_hint,
};

static bool
setuid_prepare(struct call *c, char **cause)
{
	const struct arg	*uid = cmd_arg(c->cmd, "UID");

	c->arg[0] = uid->num;
	if (uid->num < 0 || uid->num > 0xfffffffe) {
		*cause = xasprintf("UID is a user id from 0 to 4294967294, not %lld",
		    (long long)uid->num);
		c->err_column = uid->column;
		return false;
	}
	return true;
}

static void
setuid_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = setuid((uid_t)c->req->arg[0]);
	actor_end(c, r);
}

static void
setuid_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "setuid(%lld)", (long long)c->arg[0]);
}

static const char *
setuid_hint(const struct call *c)
{
	return c->err == EPERM ? "only a privileged process may take another user's id" : NULL;
}

static const struct arg_spec setuid_args[] = {
	{ "UID", ARG_INT, 0, NULL, "the user id (65534 is nobody)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_setuid = {
	.name = "setuid",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = setuid_args,
	.summary = "setuid(): become another user, for good",
	.help = "The actor's process takes user id UID (real, effective and saved: a "
	    "root process cannot come back). The kernel then checks its signals "
	    "like any user's: kill to another user's process fails with EPERM, and "
	    "its queued signals count against the new user's limit. The lab still "
	    "sees and signals it. All its threads change together.",
	.example = "A setuid 65534",
	.prepare = setuid_prepare,
	.perform = setuid_perform,
	.format = setuid_format,
	.hint = setuid_hint,
};

const struct cmd_entry *const cmd_actor_verbs[] = {
	&cmd_fork,
	&cmd_thread,
	&cmd_exit,
	&cmd_pthread_exit,
	&cmd_waitpid,
	&cmd_sched_setaffinity,
	&cmd_setrlimit,
	&cmd_setuid,
	&cmd_send,
	&cmd_recv,
	NULL,
};
