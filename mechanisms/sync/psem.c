/* psem.c: POSIX semaphores. A named one (sem_open) is a small file in
 * /dev/shm that each process maps; an unnamed one (sem_init) is a sem_t
 * placed in memory the processes already share. Either way the value is
 * a word in shared memory, changed by atomic instructions, and the
 * kernel only sees a process when it has to sleep: in futex() on that
 * word. So the view reads the value from memory, and who waits from the
 * futex address each blocked actor sleeps on. */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "memory.h"
#include "names.h"
#include "runtime.h"
#include "sync.h"

extern const struct mechanism psem_mechanism;

#define SHM_DIR		"/dev/shm"
#define PSEM_WAITERS	16

/* glibc's sem_t on 64-bit Linux: one 64-bit word, the value in the low
 * half and the number of waiters in the high half. */
static bool
psem_read(struct object *o, uint32_t *value, uint32_t *nwaiters)
{
	struct object	*base;
	uint64_t	 data;
	int64_t		 off;
	int		 fd;
	bool		 ok;

	base = mem_base(o, &off);
	ok = mem_read(base, off, &data, sizeof data) == (ssize_t)sizeof data;
	if (!ok && o->path != NULL && !o->unlinked) {
		/* Nobody maps it now: the file still holds it. */
		if ((fd = open(o->path, O_RDONLY | O_CLOEXEC)) != -1) {
			ok = pread(fd, &data, sizeof data, 0) == (ssize_t)sizeof data;
			close(fd);
		}
	}
	if (!ok)
		return false;
	*value = (uint32_t)data;
	*nwaiters = (uint32_t)(data >> 32);
	return true;
}

static int64_t
psem_size(struct object *o)
{
	if (o->path == NULL)
		return -1;
	return mem_file_size(o);
}

static char *
psem_not_mapped(struct object *o, struct actor *p)
{
	return o->unlinked ?
	    xasprintf("%s has not opened %s, and its name is gone (sem_unlink): only a "
	    "child forked while a process has it open shares it", p->name, o->name) :
	    xasprintf("%s has not opened %s (%s sem_open %s maps it)", p->name, o->name,
	    p->name, o->name);
}

static void
psem_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct mem_waiter	 w[PSEM_WAITERS];
	uint32_t		 value, nwaiters;
	struct buf		 sum;
	size_t			 n;
	bool			 ok;

	desc_word(d, "kind", "psem");
	ok = psem_read(o, &value, &nwaiters);
	n = mem_futex_waiters(o, w, PSEM_WAITERS);
	if (!ok) {
		desc_text(d, "summary", "%s", sync_of(o)->within != NULL ?
		    "not readable: nobody maps the memory it is in" : "gone: unlinked, and nobody has it open");
		desc_word(d, "state", "gone");
		return;
	}
	buf_init(&sum);
	buf_printf(&sum, "value %u", value);
	if (n > 0)
		buf_printf(&sum, ", %zu waiting", n);
	if (o->path != NULL && o->unlinked)
		buf_adds(&sum, ", unlinked");
	desc_string(d, "summary", sum.data);
	buf_free(&sum);
	if (detail != DETAIL_FULL)
		return;
	if (o->path != NULL) {
		desc_word(d, "type", "named");
		desc_string(d, "name", o->path + strlen(SHM_DIR "/sem."));
		desc_string(d, "path", o->path);
		desc_bool(d, "linked", !o->unlinked);
	} else {
		desc_word(d, "type", "unnamed");
		desc_word(d, "in", sync_of(o)->within->name);
		desc_int(d, "offset", sync_of(o)->offset);
	}
	desc_word(d, "state", "exists");
	desc_int(d, "value", value);
	mem_describe_waiters(d, w, n, PSEM_WAITERS, "the value to be 1 or more");
	/* What glibc counts: a waiter adds itself before it sleeps. */
	desc_int(d, "nwaiters", nwaiters);
	if (o->path != NULL)
		mem_describe_mappings(o, d, true);
}

/* "/ipcscope.PID.NAME", the name sem_open and sem_unlink take, from the
 * file glibc makes for it ("/dev/shm/sem.ipcscope.PID.NAME"). */
static char *
kernel_name(const struct object *o)
{
	return xasprintf("/%s", o->path + strlen(SHM_DIR "/sem."));
}

static void
psem_destroy(struct object *o)
{
	char	*name;

	if (o->path != NULL && !o->unlinked) {
		name = kernel_name(o);
		sem_unlink(name);
		free(name);
	}
}

/* "/ipcscope.PID.NAME" from a dead run. */
static bool
psem_sweep(const char *args)
{
	return strncmp(args, "/ipcscope.", 10) == 0 && strchr(args + 1, '/') == NULL &&
	    sem_unlink(args) == 0;
}

static bool
psem_sync_ref(struct call *c, struct object *o, struct sync_ref *r, char **cause)
{
	uint64_t	 addr;

	if (!mem_sync_locate(c, o, &addr, cause))
		return false;
	r->kind = SYNC_POSIX_SEM;
	r->where = (int64_t)addr;
	return true;
}

/* "0x7f3a...<sem1>" */
static void
add_sem(struct buf *b, const struct call *c)
{
	buf_printf(b, "0x%llx<%s>", (unsigned long long)c->arg[0], c->obj->name);
}

/* sem_open */

static bool
sem_open_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	const struct arg	*value = cmd_arg(c->cmd, "value");
	struct object		*o = lab_object(c->lab, name->str);
	bool			 create = cmd_arg(c->cmd, "create")->present;
	char			*kname;

	c->err_column = name->column;
	if (o != NULL && (o->mech != &psem_mechanism || o->path == NULL)) {
		*cause = xasprintf("%s is a %s, not a named POSIX semaphore", o->name,
		    o->mech == &psem_mechanism ? "semaphore in memory (sem_init)" : o->mech->name);
		return false;
	}
	if (o == NULL && !lab_name_free(c->lab, name->str, cause))
		return false;
	if (o == NULL && !create) {
		*cause = xasprintf("no semaphore %s yet: add create", name->str);
		return false;
	}
	if (value->present && !create) {
		*cause = xstrdup("value is the start of a new semaphore: it goes with create");
		c->err_column = value->column;
		return false;
	}
	if (value->present && (value->num < 0 || value->num > UINT32_MAX)) {
		*cause = xasprintf("a semaphore's value is 0 to SEM_VALUE_MAX (%d)", SEM_VALUE_MAX);
		c->err_column = value->column;
		return false;
	}
	c->err_column = 0;
	c->obj = o;
	c->newname = o == NULL ? xstrdup(name->str) : NULL;
	/* An object's own name in the kernel (s1-1 lost it to s1: names.h). */
	kname = o != NULL ? kernel_name(o) : xasprintf("/%s.%s", c->lab->rt->tag, name->str);
	buf_adds(&c->data, kname);
	free(kname);
	c->arg[0] = 0;
	if (create)
		c->arg[0] |= O_CREAT;
	if (cmd_arg(c->cmd, "excl")->present)
		c->arg[0] |= O_EXCL;
	c->arg[1] = value->present ? value->num : 0;
	return true;
}

static void
sem_open_perform(struct actor_call *c)
{
	char	*name = xstrndup(c->data, c->data_len);
	sem_t	*s;

	actor_begin(c);
	s = sem_open(name, (int)c->req->arg[0], 0600, (unsigned int)c->req->arg[1]);
	actor_end(c, s == SEM_FAILED ? -1 : (int64_t)(uintptr_t)s);
	actor_fds_unchanged(c);	/* the file it opens to map is closed again */
	if (s != SEM_FAILED && (c->req->arg[0] & O_CREAT))
		runtime_record("psem", "%s", name);
	free(name);
}

static void
sem_open_finish(struct call *c)
{
	struct object	*o = c->obj;
	int64_t		 off;

	if (c->ret == -1)
		return;
	/* The semaphore the lab knows by this name, mapped again; or, once
	 * the name was unlinked (or is another semaphore's), a new one. */
	if (o != NULL && !o->unlinked && (o->nids == 0 ||
	    mem_object_at(c->actor->proc, (unsigned long)c->ret, &off) == o)) {
		if (o->nids == 0)
			(void)mem_identify(o, c->actor, (unsigned long)c->ret);
		return;
	}
	if (o == NULL)
		o = lab_object_new(c->lab, c->newname, &psem_mechanism, c->actor->proc);
	else if (names_renew(c, &psem_mechanism))
		o = c->obj;
	else
		return;
	o->path = xasprintf("%s/sem.%s", SHM_DIR, c->data.data + 1);
	o->created = true;
	c->obj = o;
	(void)mem_identify(o, c->actor, (unsigned long)c->ret);
}

static void
sem_open_format(const struct call *c, struct buf *b)
{
	int	 flags = (int)c->arg[0];

	buf_adds(b, "sem_open(");
	buf_add_quoted(b, c->data.data, c->data.len, 128);
	if (flags & O_CREAT) {
		buf_adds(b, flags & O_EXCL ? ", O_CREAT|O_EXCL" : ", O_CREAT");
		buf_printf(b, ", 0600, %lld", (long long)c->arg[1]);
	} else
		buf_adds(b, ", 0");
	buf_addc(b, ')');
}

static void
sem_open_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "0x%llx", (unsigned long long)c->ret);
	names_add_renewed(b, c);
}

static const char *
sem_open_hint(const struct call *c)
{
	const char	*gone = names_gone_hint(c, "semaphore");

	if (gone != NULL)
		return gone;
	switch (c->err) {
	case ENOENT:
		return "no semaphore has this name: add create";
	case EEXIST:
		return "a semaphore has this name already, and excl asks for a new one";
	case EINVAL:
		return "the value is over SEM_VALUE_MAX";
	default:
		return NULL;
	}
}

static const struct arg_spec sem_open_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "the semaphore's name in the lab (in the kernel: /ipcscope.PID.NAME)" },
	{ "create", ARG_FLAG, 0, NULL, "O_CREAT: make it if it does not exist" },
	{ "excl", ARG_FLAG, 0, NULL, "O_EXCL: fail with EEXIST if it does" },
	{ "value", ARG_INT, ARG_OPTIONAL | ARG_KEYED, NULL, "a new semaphore's value (default 0)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sem_open = {
	.name = "sem_open",
	.scope = CMD_ACTOR,
	.args = sem_open_args,
	.summary = "sem_open(): a named POSIX semaphore",
	.help = "The actor opens (with create: makes, with a value) a named semaphore. "
	    "glibc makes it a 32-byte file in /dev/shm and maps it: the value is a "
	    "word of shared memory, and every process that opens the name maps the "
	    "same word. It lives until sem_unlink and the last process closes it. "
	    "After sem_unlink, create makes a new one of the name, and the old one "
	    "becomes NAME-1.",
	.example = "A sem_open sem1 create value 1",
	.prepare = sem_open_prepare,
	.perform = sem_open_perform,
	.finish = sem_open_finish,
	.format = sem_open_format,
	.format_result = sem_open_result,
	.hint = sem_open_hint,
};

/* sem_close */

static bool
sem_close_prepare(struct call *c, char **cause)
{
	uint64_t	 addr;
	struct object	*o = mem_sync_arg(c, "SEM", &psem_mechanism, "POSIX semaphore", &addr, cause);

	if (o == NULL)
		return false;
	if (o->path == NULL) {
		*cause = xasprintf("%s is not named: it lives in %s, and nothing opened it", o->name,
		    sync_of(o)->within->name);
		return false;
	}
	c->obj = o;
	c->arg[0] = (int64_t)addr;
	return true;
}

static void
sem_close_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = sem_close((sem_t *)(uintptr_t)c->req->arg[0]);
	actor_end(c, r);
	actor_fds_unchanged(c);
}

static void
sem_close_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "sem_close(");
	add_sem(b, c);
	buf_addc(b, ')');
}

static const struct arg_spec sem_close_args[] = {
	{ "SEM", ARG_REF, 0, NULL, "a named semaphore the actor has open" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sem_close = {
	.name = "sem_close",
	.scope = CMD_ACTOR,
	.args = sem_close_args,
	.summary = "sem_close(): unmap a named semaphore from the actor",
	.help = "The actor closes the semaphore: glibc unmaps it. The semaphore and its "
	    "value stay, for others and for the next sem_open.",
	.example = "A sem_close sem1",
	.prepare = sem_close_prepare,
	.perform = sem_close_perform,
	.format = sem_close_format,
};

/* sem_unlink */

static bool
sem_unlink_prepare(struct call *c, char **cause)
{
	const struct arg	*arg = cmd_arg(c->cmd, "NAME");
	struct object		*o = lab_object(c->lab, arg->str);
	char			*name;

	if (o == NULL || o->mech != &psem_mechanism || o->path == NULL) {
		*cause = o == NULL ? xasprintf("no semaphore called %s", arg->str) :
		    xasprintf("%s is not a named POSIX semaphore", o->name);
		c->err_column = arg->column;
		return false;
	}
	if (names_unlink_refused(c, o, cause)) {
		c->err_column = arg->column;
		return false;
	}
	c->obj = o;
	name = kernel_name(o);
	buf_adds(&c->data, name);
	free(name);
	return true;
}

static void
sem_unlink_perform(struct actor_call *c)
{
	char	*name = xstrndup(c->data, c->data_len);
	int	 r;

	actor_begin(c);
	r = sem_unlink(name);
	actor_end(c, r);
	free(name);
}

static void
sem_unlink_finish(struct call *c)
{
	if (c->ret == 0)
		c->obj->unlinked = true;
}

static void
sem_unlink_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "sem_unlink(");
	buf_add_quoted(b, c->data.data, c->data.len, 128);
	buf_addc(b, ')');
}

static const char *
sem_unlink_hint(const struct call *c)
{
	return c->err == ENOENT ? "the name is gone already (unlinked)" : NULL;
}

static const struct arg_spec sem_unlink_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "a named semaphore" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sem_unlink = {
	.name = "sem_unlink",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = sem_unlink_args,
	.summary = "sem_unlink(): remove a named semaphore's name",
	.help = "The actor removes the name. Processes that have the semaphore open keep "
	    "using it; a new sem_open of the name makes a different one.",
	.example = "A sem_unlink sem1",
	.prepare = sem_unlink_prepare,
	.perform = sem_unlink_perform,
	.finish = sem_unlink_finish,
	.format = sem_unlink_format,
	.hint = sem_unlink_hint,
};

/* sem_init */

static bool
sem_init_prepare(struct call *c, char **cause)
{
	const struct arg	*value = cmd_arg(c->cmd, "value");

	if (value->present && (value->num < 0 || value->num > UINT32_MAX)) {
		*cause = xasprintf("a semaphore's value is 0 to SEM_VALUE_MAX (%d)", SEM_VALUE_MAX);
		c->err_column = value->column;
		return false;
	}
	if (!mem_sync_prepare_new(c, sizeof(sem_t), cause))
		return false;
	c->arg[1] = value->present ? value->num : 0;
	return true;
}

static void
sem_init_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = sem_init((sem_t *)(uintptr_t)c->req->arg[0], 1, (unsigned int)c->req->arg[1]);
	actor_end(c, r);
}

static void
sem_init_finish(struct call *c)
{
	mem_sync_finish_new(c, &psem_mechanism);
}

static void
sem_init_format(const struct call *c, struct buf *b)
{
	struct object	*in = object_inside(c->obj, NULL);

	buf_printf(b, "sem_init(0x%llx<", (unsigned long long)c->arg[0]);
	if (in != NULL)
		buf_printf(b, "%s=", c->obj->name);
	buf_printf(b, "%s+%lld>, 1, %lld)", in != NULL ? in->name : c->obj->name,
	    (long long)c->arg[3], (long long)c->arg[1]);
}

static const char *
sem_init_hint(const struct call *c)
{
	return c->err == EINVAL ? "the value is over SEM_VALUE_MAX" : NULL;
}

static const struct arg_spec sem_init_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the semaphore's name in the lab" },
	{ "MEM", ARG_REF, 0, NULL, "shared memory the actor has mapped (shmat, mmap)" },
	{ "OFFSET", ARG_SIZE, 0, NULL, "where in it the sem_t goes (a multiple of 8; it takes 32 bytes)" },
	{ "value", ARG_INT, ARG_OPTIONAL | ARG_KEYED, NULL, "its start (default 0)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_sem_init = {
	.name = "sem_init",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = sem_init_args,
	.summary = "sem_init(): an unnamed POSIX semaphore inside shared memory",
	.help = "The actor makes a process-shared semaphore (pshared 1) in 32 bytes of "
	    "memory it has mapped. Any process that maps the same memory can use "
	    "it, each at its own address: the lab finds it there for each actor.",
	.example = "A sem_init sem1 m1 0 value 1",
	.prepare = sem_init_prepare,
	.perform = sem_init_perform,
	.finish = sem_init_finish,
	.format = sem_init_format,
	.hint = sem_init_hint,
};

/* sem_wait, sem_trywait, sem_timedwait, sem_post, sem_getvalue */

enum psem_op { OP_WAIT, OP_TRYWAIT, OP_TIMEDWAIT, OP_POST, OP_GETVALUE };
static const char *const op_calls[] = {
	"sem_wait", "sem_trywait", "sem_timedwait", "sem_post", "sem_getvalue",
};

static bool
psem_op_prepare(struct call *c, char **cause, enum psem_op op)
{
	int64_t	 timeout = op == OP_TIMEDWAIT ? cmd_arg(c->cmd, "DURATION")->num : 0;

	return mem_sync_prepare_op(c, "SEM", &psem_mechanism, "POSIX semaphore", (int)op, timeout,
	    cause);
}

static bool sem_wait_prepare(struct call *c, char **cause) { return psem_op_prepare(c, cause, OP_WAIT); }
static bool sem_trywait_prepare(struct call *c, char **cause) { return psem_op_prepare(c, cause, OP_TRYWAIT); }
static bool sem_timedwait_prepare(struct call *c, char **cause) { return psem_op_prepare(c, cause, OP_TIMEDWAIT); }
static bool sem_post_prepare(struct call *c, char **cause) { return psem_op_prepare(c, cause, OP_POST); }
static bool sem_getvalue_prepare(struct call *c, char **cause) { return psem_op_prepare(c, cause, OP_GETVALUE); }

static void
psem_op_perform(struct actor_call *c)
{
	sem_t		*s = (sem_t *)(uintptr_t)c->req->arg[0];
	struct timespec	 ts;
	int		 r, v = 0;

	if (c->req->arg[1] == OP_TIMEDWAIT)
		realtime_after(&ts, c->req->arg[2]);
	actor_begin(c);
	switch (c->req->arg[1]) {
	case OP_WAIT:
		r = sem_wait(s);
		break;
	case OP_TRYWAIT:
		r = sem_trywait(s);
		break;
	case OP_TIMEDWAIT:
		r = sem_timedwait(s, &ts);
		break;
	case OP_POST:
		r = sem_post(s);
		break;
	default:
		r = sem_getvalue(s, &v);
		break;
	}
	actor_end(c, r);
	c->val[0] = v;
}

static void
psem_op_finish(struct call *c)
{
	if (c->arg[1] == OP_GETVALUE && c->ret == 0)
		call_set_extra(c, "value", xasprintf("%lld", (long long)c->val[0]));
}

static void
psem_op_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "%s(", op_calls[c->arg[1]]);
	add_sem(b, c);
	if (c->arg[1] == OP_TIMEDWAIT) {
		buf_adds(b, ", now + ");
		buf_add_duration(b, c->arg[2]);
	} else if (c->arg[1] == OP_GETVALUE) {
		if (c->state == CALL_DONE && c->ret == 0)
			buf_printf(b, ", [%lld]", (long long)c->val[0]);
		else
			buf_adds(b, ", ...");
	}
	buf_addc(b, ')');
}

static const char *
psem_op_hint(const struct call *c)
{
	switch (c->err) {
	case EAGAIN:
		return "the value is 0: sem_wait would wait";
	case ETIMEDOUT:
		return "the value stayed 0 until the time passed";
	case EOVERFLOW:
		return "the value is at SEM_VALUE_MAX already";
	case EINTR:
		return "a signal interrupted the wait";
	default:
		return NULL;
	}
}

static const struct arg_spec sem_op_args[] = {
	{ "SEM", ARG_REF, 0, NULL, "a POSIX semaphore (named and open, or in memory the actor maps)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct arg_spec sem_timedwait_args[] = {
	{ "SEM", ARG_REF, 0, NULL, "a POSIX semaphore (named and open, or in memory the actor maps)" },
	{ "DURATION", ARG_DURATION, 0, NULL, "how long to wait at most (the deadline is now plus this, on CLOCK_REALTIME)" },
	{ NULL, 0, 0, NULL, NULL },
};

#define PSEM_OP(verb, what, more, ex)						\
static const struct cmd_entry cmd_##verb = {				\
	.name = #verb,							\
	.scope = CMD_ACTOR,						\
	.effects = EFF_KEEPS_FDS | EFF_FUTEX_WAIT,			\
	.args = sem_op_args,						\
	.summary = #verb "(): " what,					\
	.help = more,							\
	.example = ex,							\
	.prepare = verb##_prepare,					\
	.perform = psem_op_perform,					\
	.finish = psem_op_finish,					\
	.format = psem_op_format,					\
	.hint = psem_op_hint,						\
}

PSEM_OP(sem_wait, "take 1, waiting while the value is 0",
    "The actor takes 1 from the value. At 0 it sleeps (in futex, on the "
    "semaphore's word) until somebody posts; the view names it as a waiter.",
    "A sem_wait sem1");
PSEM_OP(sem_trywait, "take 1, or fail with EAGAIN at 0",
    "The actor takes 1 if the value is above 0, and fails with EAGAIN otherwise.",
    "A sem_trywait sem1");
PSEM_OP(sem_post, "give 1, waking a waiter",
    "The actor adds 1 to the value and, if anybody waits, wakes one. Any process "
    "may post: a semaphore has no owner.",
    "B sem_post sem1");
PSEM_OP(sem_getvalue, "read the value",
    "The actor reads the value (in last.value). It may be stale the moment it is read.",
    "A sem_getvalue sem1");

static const struct cmd_entry cmd_sem_timedwait = {
	.name = "sem_timedwait",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS | EFF_FUTEX_WAIT,
	.args = sem_timedwait_args,
	.summary = "sem_timedwait(): sem_wait with a deadline",
	.help = "The actor waits as sem_wait does, but gives up with ETIMEDOUT when the "
	    "deadline passes.",
	.example = "A sem_timedwait sem1 2s",
	.prepare = sem_timedwait_prepare,
	.perform = psem_op_perform,
	.format = psem_op_format,
	.hint = psem_op_hint,
};

static const struct cmd_entry *const psem_commands[] = {
	&cmd_sem_open,
	&cmd_sem_close,
	&cmd_sem_unlink,
	&cmd_sem_init,
	&cmd_sem_wait,
	&cmd_sem_trywait,
	&cmd_sem_timedwait,
	&cmd_sem_post,
	&cmd_sem_getvalue,
	NULL,
};

/* A named semaphore is gone once unlinked and nobody has it open; an
 * unnamed one with the memory it lies in. */
static bool
psem_gone(struct object *o)
{
	uint32_t	 value, nwaiters;

	if (sync_of(o)->within != NULL)
		return lab_object_gone(sync_of(o)->within);
	return o->unlinked && !psem_read(o, &value, &nwaiters);
}

static const struct menu_new psem_menu_new[] = {
	{ MENU_SYNC, "sem_open", " create value 1", "sem", "named POSIX semaphore", NULL },
	{ MENU_SYNC, "sem_init", " MEM 0 value 1", "sem",
	    "POSIX semaphore inside shared memory (name the memory)", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

/* Observed processes' named semaphores: what they map of /dev/shm
 * ("psem-4711", by inode). */
static ssize_t
psem_observe_machine(struct lab *lab, uint64_t *stamp, int64_t **out)
{
	return mem_observed_shm(lab, true, stamp, out);
}

static void
psem_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	(void)fe;
	(void)mem_observed_shm_init(o, number);
}

const struct mechanism psem_mechanism = {
	.name = "psem",
	.title = "POSIX semaphores",
	.object_size = sizeof(struct sync_object),
	.help = "A counter that never goes below 0, in shared memory: named (sem_open, "
	    "a file in /dev/shm that each process maps) or unnamed (sem_init in "
	    "memory already shared). Taking and giving are atomic instructions on "
	    "that memory; only a process that must wait enters the kernel, asleep "
	    "in futex on the semaphore's word. The view reads the value from the "
	    "memory, and names the waiters by the futex address each sleeps on. "
	    "Unlike a System V set, nothing records the last process to use it.",
	.commands = psem_commands,
	.menu_new = psem_menu_new,
	.describe = psem_describe,
	.destroy = psem_destroy,
	.sweep = psem_sweep,
	.gone = psem_gone,
	.mem_size = psem_size,
	.observe_machine = psem_observe_machine,
	.observe_init = psem_observe_init,
	.not_mapped = psem_not_mapped,
	.sync_size = sizeof(sem_t),
	.inside = mem_sync_inside,
	.sync_ref = psem_sync_ref,
};
