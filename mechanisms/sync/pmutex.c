/* pmutex.c: process-shared pthread mutexes and condition variables,
 * placed in shared memory. The view decodes glibc's mutex from the memory
 * itself: locked or not, the owner thread (a tid, named as the actor
 * thread it is), the recursion count, and for a robust mutex whether its
 * owner died. Waiters are the actors asleep in futex() on a word inside
 * the object. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "memory.h"
#include "sync.h"

extern const struct mechanism mutex_mechanism;
extern const struct mechanism cond_mechanism;

#define SYNC_WAITERS	16

/* glibc's own encoding (nptl/pthreadP.h, and the kernel's for robust
 * futexes). */
#define KIND_TYPE_MASK		3	/* normal, recursive, errorcheck, adaptive */
#define KIND_ROBUST		16
#define KIND_PSHARED		128
#define FUTEX_WAITERS_BIT	0x80000000u
#define FUTEX_OWNER_DIED_BIT	0x40000000u
#define FUTEX_TID_BITS		0x3fffffffu
#define OWNER_INCONSISTENT	INT_MAX
#define OWNER_NOTRECOVERABLE	(INT_MAX - 1)

static const char *const type_names[] = { "normal", "recursive", "errorcheck", "adaptive" };

/* The actor thread with this tid: "A", "A.t1"; or the number. */
static const char *
tid_name(struct lab *lab, pid_t tid, char *buf, size_t len)
{
	size_t	 i;

	for (i = lab->nactors; i > 0; i--) {
		if (lab->actors[i - 1]->tid == tid)
			return lab->actors[i - 1]->name;
	}
	snprintf(buf, len, "tid %d", (int)tid);
	return buf;
}

static bool
tid_alive(struct lab *lab, pid_t tid)
{
	size_t	 i;

	for (i = lab->nactors; i > 0; i--) {
		if (lab->actors[i - 1]->tid == tid)
			return !lab->actors[i - 1]->ended && !actor_terminated(lab->actors[i - 1]->proc);
	}
	return true;
}

static bool
sync_read(struct object *o, void *p, size_t len)
{
	struct object	*base;
	int64_t		 off;

	base = mem_base(o, &off);
	return mem_read(base, off, p, len) == (ssize_t)len;
}

static void
describe_place(struct object *o, struct desc *d)
{
	desc_word(d, "in", sync_of(o)->within->name);
	desc_int(d, "offset", sync_of(o)->offset);
}

/* Mutexes. */

enum mutex_condition {
	MUTEX_UNLOCKED,
	MUTEX_LOCKED,
	MUTEX_OWNER_DIED,	/* unlocked: its robust owner died holding it */
	MUTEX_INCONSISTENT,	/* locked after EOWNERDEAD, not yet made consistent */
	MUTEX_NOTRECOVERABLE,	/* unlocked inconsistent: every lock fails */
};

static const char *const mutex_condition_names[] = {
	[MUTEX_UNLOCKED] = "unlocked",
	[MUTEX_LOCKED] = "locked",
	[MUTEX_OWNER_DIED] = "owner-died",
	[MUTEX_INCONSISTENT] = "inconsistent",
	[MUTEX_NOTRECOVERABLE] = "notrecoverable",
};

struct mutex_state {
	enum mutex_condition state;
	pid_t		 owner;		/* the holder's tid, or 0 */
	pid_t		 died;		/* the owner that died, or 0 */
	int		 type;
	bool		 robust;
	unsigned	 count;
	bool		 contended;
};

/* What the lab saw of a mutex's owners: memory forgets the owner that
 * died once the next locker takes it with EOWNERDEAD (glibc writes
 * "inconsistent" where the owner was), so the lab remembers it, from
 * the lock calls' results and from what the view last decoded. */
struct mutex_seen {
	pid_t		 owner;		/* the owner last seen or told, or 0 */
	pid_t		 died;		/* the owner that died holding it, or 0 */
};

/* A mutex: a synchronisation object, and what the lab saw of it. */
struct mutex_object {
	struct sync_object	 base;
	struct mutex_seen	 seen;
};

static struct mutex_seen *
mutex_seen(struct object *o)
{
	return &OBJECT_OF(o, struct mutex_object)->seen;
}

/* The mutex is taken by tid, with EOWNERDEAD if died: its last owner died. */
static void
mutex_taken(struct object *o, pid_t tid, bool died)
{
	struct mutex_seen	*seen = mutex_seen(o);

	if (died && seen->owner != 0 && seen->owner != tid)
		seen->died = seen->owner;
	seen->owner = tid;
}

static bool
mutex_decode(struct object *o, struct mutex_state *s)
{
	pthread_mutex_t	 m;
	unsigned	 lockw;
	int		 owner;

	if (!sync_read(o, &m, sizeof m))
		return false;
	memset(s, 0, sizeof *s);
	lockw = (unsigned)m.__data.__lock;
	owner = m.__data.__owner;
	s->type = m.__data.__kind & KIND_TYPE_MASK;
	s->robust = (m.__data.__kind & KIND_ROBUST) != 0;
	s->count = m.__data.__count;
	if (s->robust) {
		s->owner = (pid_t)(lockw & FUTEX_TID_BITS);
		s->contended = (lockw & FUTEX_WAITERS_BIT) != 0;
		if (s->owner == 0 && (lockw & FUTEX_OWNER_DIED_BIT))
			s->died = owner;
	} else {
		s->owner = lockw != 0 ? owner : 0;
		s->contended = lockw > 1;
	}
	if (owner == OWNER_NOTRECOVERABLE)
		s->state = MUTEX_NOTRECOVERABLE;
	else if (s->owner != 0 && owner == OWNER_INCONSISTENT)
		s->state = MUTEX_INCONSISTENT;
	else if (s->owner != 0)
		s->state = MUTEX_LOCKED;
	else if (s->died != 0)
		s->state = MUTEX_OWNER_DIED;
	else
		s->state = MUTEX_UNLOCKED;
	/* The owner that died, which memory no longer says once another
	 * thread took the mutex: the one the lab last knew. */
	if (s->died != 0)
		mutex_seen(o)->died = s->died;
	else if (s->state == MUTEX_INCONSISTENT) {
		if (s->owner != 0 && mutex_seen(o)->owner != s->owner)
			mutex_taken(o, s->owner, true);
		s->died = mutex_seen(o)->died;
	} else if (s->state == MUTEX_NOTRECOVERABLE)
		s->died = mutex_seen(o)->died;
	if (s->owner != 0 && s->state == MUTEX_LOCKED)
		mutex_seen(o)->owner = s->owner;
	return true;
}

static void
mutex_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct mutex_state	 s;
	struct mem_waiter	 w[SYNC_WAITERS];
	struct buf		 sum;
	char			 b1[24], b2[24];
	const char		*owner = NULL, *died = NULL;
	size_t			 n;

	desc_word(d, "kind", "mutex");
	if (!mutex_decode(o, &s)) {
		desc_text(d, "summary", "not readable: nobody maps %s", sync_of(o)->within->name);
		desc_word(d, "state", "unknown");
		return;
	}
	if (s.owner != 0)
		owner = tid_name(o->lab, s.owner, b1, sizeof b1);
	if (s.died != 0)
		died = tid_name(o->lab, s.died, b2, sizeof b2);
	n = mem_futex_waiters(o, w, SYNC_WAITERS);
	buf_init(&sum);
	if (s.state == MUTEX_NOTRECOVERABLE && died != NULL)
		buf_printf(&sum, "not recoverable: its owner %s died and it was unlocked "
		    "inconsistent; every lock fails with ENOTRECOVERABLE", died);
	else if (s.state == MUTEX_NOTRECOVERABLE)
		buf_adds(&sum, "not recoverable: every lock fails with ENOTRECOVERABLE");
	else if (s.state == MUTEX_OWNER_DIED)
		buf_printf(&sum, "unlocked: its owner %s died holding it; the next locker gets EOWNERDEAD", died);
	else if (owner != NULL) {
		buf_printf(&sum, "locked by %s", owner);
		if (!tid_alive(o->lab, s.owner))
			buf_adds(&sum, " (ended)");
		if (s.type == PTHREAD_MUTEX_RECURSIVE && s.count > 1)
			buf_printf(&sum, " %u times", s.count);
		if (s.state == MUTEX_INCONSISTENT && died != NULL)
			buf_printf(&sum, ", inconsistent (its last owner %s died)", died);
		else if (s.state == MUTEX_INCONSISTENT)
			buf_adds(&sum, ", inconsistent (its last owner died)");
	} else
		buf_adds(&sum, "unlocked");
	if (n > 0)
		buf_printf(&sum, ", %zu waiting", n);
	desc_string(d, "summary", sum.data);
	buf_free(&sum);
	if (detail != DETAIL_FULL)
		return;
	describe_place(o, d);
	desc_word(d, "type", type_names[s.type]);
	desc_bool(d, "robust", s.robust);
	desc_word(d, "state", mutex_condition_names[s.state]);
	desc_word(d, "owner", owner != NULL ? owner : "none");
	if (s.type == PTHREAD_MUTEX_RECURSIVE)
		desc_int(d, "count", owner != NULL ? s.count : 0);
	if (s.robust)
		desc_word(d, "died", died != NULL ? died : s.state == MUTEX_INCONSISTENT ||
		    s.state == MUTEX_NOTRECOVERABLE ? "unknown" : "none");
	mem_describe_waiters(d, w, n, SYNC_WAITERS, "the mutex");
}

static bool
mutex_sync_ref(struct call *c, struct object *o, struct sync_ref *r, char **cause)
{
	uint64_t	 addr;

	if (!mem_sync_locate(c, o, &addr, cause))
		return false;
	r->kind = SYNC_MUTEX;
	r->where = (int64_t)addr;
	return true;
}

static void
add_obj(struct buf *b, int64_t addr, const struct object *o)
{
	buf_printf(b, "0x%llx<%s>", (unsigned long long)addr, o->name);
}

/* pthread_mutex_init */

static const struct arg_choice mutex_types[] = {
	{ "normal", PTHREAD_MUTEX_NORMAL },
	{ "errorcheck", PTHREAD_MUTEX_ERRORCHECK },
	{ "recursive", PTHREAD_MUTEX_RECURSIVE },
	{ NULL, 0 },
};

static bool
mutex_init_prepare(struct call *c, char **cause)
{
	const struct arg	*type = cmd_arg(c->cmd, "TYPE");

	if (!mem_sync_prepare_new(c, sizeof(pthread_mutex_t), cause))
		return false;
	c->arg[1] = type->present ? type->num : PTHREAD_MUTEX_NORMAL;
	c->arg[2] = cmd_arg(c->cmd, "robust")->present;
	return true;
}

static void
mutex_init_perform(struct actor_call *c)
{
	pthread_mutexattr_t	 attr;
	int			 r;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_settype(&attr, (int)c->req->arg[1]);
	if (c->req->arg[2])
		pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	actor_begin(c);
	r = pthread_mutex_init((pthread_mutex_t *)(uintptr_t)c->req->arg[0], &attr);
	actor_end(c, r);
	pthread_mutexattr_destroy(&attr);
}

static void
mutex_init_finish(struct call *c)
{
	mem_sync_finish_new(c, &mutex_mechanism);
}

static void
add_place(struct buf *b, const struct call *c, int64_t off)
{
	const struct object	*o = c->obj, *in = object_inside(o, NULL);

	buf_printf(b, "0x%llx<", (unsigned long long)c->arg[0]);
	if (in != NULL)
		buf_printf(b, "%s=%s", o->name, in->name);
	else
		buf_adds(b, o->name);
	buf_printf(b, "+%lld>", (long long)off);
}

static void
mutex_init_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "pthread_mutex_init(");
	add_place(b, c, c->arg[3]);
	buf_printf(b, ", {PTHREAD_PROCESS_SHARED, %s%s})",
	    c->arg[1] == PTHREAD_MUTEX_ERRORCHECK ? "PTHREAD_MUTEX_ERRORCHECK" :
	    c->arg[1] == PTHREAD_MUTEX_RECURSIVE ? "PTHREAD_MUTEX_RECURSIVE" : "PTHREAD_MUTEX_NORMAL",
	    c->arg[2] ? ", PTHREAD_MUTEX_ROBUST" : "");
}

static const struct arg_spec mutex_init_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the mutex's name in the lab" },
	{ "MEM", ARG_REF, 0, NULL, "shared memory the actor has mapped (shmat, mmap)" },
	{ "OFFSET", ARG_SIZE, 0, NULL, "where in it the mutex goes (a multiple of 8; it takes 40 bytes)" },
	{ "TYPE", ARG_CHOICE, ARG_OPTIONAL, mutex_types,
	    "normal (the default: relocking deadlocks, anybody's unlock is undefined), "
	    "errorcheck (EDEADLK, EPERM instead), recursive (the owner may lock again)" },
	{ "robust", ARG_FLAG, 0, NULL, "PTHREAD_MUTEX_ROBUST: if the owner dies, the next locker gets EOWNERDEAD" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mutex_init = {
	.name = "pthread_mutex_init",
	.alias = "mutex_init",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.returns = RETURNS_ERRNUM,
	.args = mutex_init_args,
	.summary = "pthread_mutex_init(): a process-shared mutex inside shared memory",
	.help = "The actor makes a mutex with PTHREAD_PROCESS_SHARED in 40 bytes of memory "
	    "it has mapped, so that every process mapping that memory can lock it. "
	    "The view decodes it from the memory: who owns it (a thread), and who waits.",
	.example = "A pthread_mutex_init mx1 m1 64 errorcheck",
	.prepare = mutex_init_prepare,
	.perform = mutex_init_perform,
	.finish = mutex_init_finish,
	.format = mutex_init_format,
};

/* lock, trylock, timedlock, unlock, consistent */

enum mutex_op { MX_LOCK, MX_TRYLOCK, MX_TIMEDLOCK, MX_UNLOCK, MX_CONSISTENT };
static const char *const mutex_calls[] = {
	"pthread_mutex_lock", "pthread_mutex_trylock", "pthread_mutex_timedlock",
	"pthread_mutex_unlock", "pthread_mutex_consistent",
};

static bool
mutex_op_prepare(struct call *c, char **cause, enum mutex_op op)
{
	int64_t	 timeout = op == MX_TIMEDLOCK ? cmd_arg(c->cmd, "DURATION")->num : 0;

	return mem_sync_prepare_op(c, "MUTEX", &mutex_mechanism, "mutex", (int)op, timeout, cause);
}

static bool mx_lock_prepare(struct call *c, char **cause) { return mutex_op_prepare(c, cause, MX_LOCK); }
static bool mx_trylock_prepare(struct call *c, char **cause) { return mutex_op_prepare(c, cause, MX_TRYLOCK); }
static bool mx_timedlock_prepare(struct call *c, char **cause) { return mutex_op_prepare(c, cause, MX_TIMEDLOCK); }
static bool mx_unlock_prepare(struct call *c, char **cause) { return mutex_op_prepare(c, cause, MX_UNLOCK); }
static bool mx_consistent_prepare(struct call *c, char **cause) { return mutex_op_prepare(c, cause, MX_CONSISTENT); }

static void
mutex_op_perform(struct actor_call *c)
{
	pthread_mutex_t	*m = (pthread_mutex_t *)(uintptr_t)c->req->arg[0];
	struct timespec	 ts;
	int		 r;

	if (c->req->arg[1] == MX_TIMEDLOCK)
		realtime_after(&ts, c->req->arg[2]);
	actor_begin(c);
	switch (c->req->arg[1]) {
	case MX_LOCK:
		r = pthread_mutex_lock(m);
		break;
	case MX_TRYLOCK:
		r = pthread_mutex_trylock(m);
		break;
	case MX_TIMEDLOCK:
		r = pthread_mutex_timedlock(m, &ts);
		break;
	case MX_UNLOCK:
		r = pthread_mutex_unlock(m);
		break;
	default:
		r = pthread_mutex_consistent(m);
		break;
	}
	actor_end(c, r);
}

static void
mutex_op_finish(struct call *c)
{
	struct mutex_seen	*seen;

	if (c->obj == NULL)
		return;
	seen = mutex_seen(c->obj);
	switch (c->arg[1]) {
	case MX_LOCK:
	case MX_TRYLOCK:
	case MX_TIMEDLOCK:
		if (c->err == 0 || c->err == EOWNERDEAD)
			mutex_taken(c->obj, c->actor->tid, c->err == EOWNERDEAD);
		break;
	case MX_UNLOCK:
		if (c->err == 0)
			seen->owner = 0;
		break;
	default:
		if (c->err == 0)
			seen->died = 0;	/* consistent again */
		break;
	}
}

static void
mutex_op_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "%s(", mutex_calls[c->arg[1]]);
	add_obj(b, c->arg[0], c->obj);
	if (c->arg[1] == MX_TIMEDLOCK) {
		buf_adds(b, ", now + ");
		buf_add_duration(b, c->arg[2]);
	}
	buf_addc(b, ')');
}

static const char *
mutex_op_hint(const struct call *c)
{
	switch (c->err) {
	case EPERM:
		return "this thread does not own the mutex (an errorcheck, recursive or robust mutex checks)";
	case EDEADLK:
		return "this thread owns the mutex already: an errorcheck mutex refuses to deadlock";
	case EBUSY:
		return "the mutex is locked";
	case ETIMEDOUT:
		return "the mutex stayed locked until the time passed";
	case EOWNERDEAD:
		return "the owner died holding it: this thread owns it now; make the data good, then "
		    "pthread_mutex_consistent, or unlocking makes it unusable";
	case ENOTRECOVERABLE:
		return "its owner died and it was unlocked without pthread_mutex_consistent: it can never be locked again";
	case EINVAL:
		if (c->arg[1] == MX_CONSISTENT)
			return "the mutex is not robust, or not in the state its owner's death leaves";
		return NULL;
	case EAGAIN:
		return "a recursive mutex's count is at its limit";
	default:
		return NULL;
	}
}

static const struct arg_spec mutex_op_args[] = {
	{ "MUTEX", ARG_REF, 0, NULL, "a mutex in memory the actor maps" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct arg_spec mutex_timed_args[] = {
	{ "MUTEX", ARG_REF, 0, NULL, "a mutex in memory the actor maps" },
	{ "DURATION", ARG_DURATION, 0, NULL, "how long to wait at most (the deadline is now plus this, on CLOCK_REALTIME)" },
	{ NULL, 0, 0, NULL, NULL },
};

/* A verb of the mutex (ops mutex_op) or condition variable (cond_op)
 * family: its prepare is id_prepare. */
#define SYNC_OP(id, ops, verb, short_, args_, what, more, ex)		\
static const struct cmd_entry cmd_##id = {				\
	.name = verb,							\
	.alias = short_,						\
	.scope = CMD_ACTOR,						\
	.effects = EFF_KEEPS_FDS | EFF_FUTEX_WAIT,			\
	.returns = RETURNS_ERRNUM,					\
	.args = args_,							\
	.summary = verb "(): " what,					\
	.help = more,							\
	.example = ex,							\
	.prepare = id##_prepare,					\
	.perform = ops##_perform,					\
	.finish = ops##_finish,						\
	.format = ops##_format,						\
	.hint = ops##_hint,						\
}
#define MUTEX_OP(id, ...)	SYNC_OP(id, mutex_op, __VA_ARGS__)

MUTEX_OP(mx_lock, "pthread_mutex_lock", "mutex_lock", mutex_op_args, "lock, waiting while another thread holds it",
    "The actor's thread locks the mutex, sleeping in futex while another thread owns "
    "it. A robust mutex whose owner died is handed over with EOWNERDEAD.",
    "A mutex_lock mx1");
MUTEX_OP(mx_trylock, "pthread_mutex_trylock", "mutex_trylock", mutex_op_args, "lock, or fail with EBUSY",
    "The actor's thread locks the mutex if nobody holds it, and fails with EBUSY otherwise.",
    "A mutex_trylock mx1");
MUTEX_OP(mx_timedlock, "pthread_mutex_timedlock", "mutex_timedlock", mutex_timed_args, "lock with a deadline",
    "The actor's thread waits for the mutex as pthread_mutex_lock does, but gives up "
    "with ETIMEDOUT when the deadline passes.",
    "A mutex_timedlock mx1 2s");
MUTEX_OP(mx_unlock, "pthread_mutex_unlock", "mutex_unlock", mutex_op_args, "unlock, waking a waiter",
    "The actor's thread unlocks the mutex and wakes one waiter. An errorcheck (or "
    "recursive, or robust) mutex refuses an unlock by a thread that does not own "
    "it with EPERM; a normal one does not check, and the result is undefined.",
    "A mutex_unlock mx1");
MUTEX_OP(mx_consistent, "pthread_mutex_consistent", "mutex_consistent", mutex_op_args,
    "mark a robust mutex usable again after EOWNERDEAD",
    "After a lock returned EOWNERDEAD, the new owner repairs the shared data and calls "
    "this; without it, its unlock leaves the mutex not recoverable (ENOTRECOVERABLE "
    "for everyone after).",
    "B mutex_consistent mx1");

/* Condition variables. */

static void
cond_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct mem_waiter	 w[SYNC_WAITERS];
	pthread_cond_t		 cv;
	size_t			 n;

	desc_word(d, "kind", "cond");
	if (!sync_read(o, &cv, sizeof cv)) {
		desc_text(d, "summary", "not readable: nobody maps %s", sync_of(o)->within->name);
		return;
	}
	n = mem_futex_waiters(o, w, SYNC_WAITERS);
	if (n == 0)
		desc_string(d, "summary", "nobody waiting");
	else
		desc_text(d, "summary", "%zu waiting", n);
	if (detail != DETAIL_FULL)
		return;
	describe_place(o, d);
	mem_describe_waiters(d, w, n, SYNC_WAITERS, "a signal or broadcast");
	/* glibc's count of waiters, which includes those woken but not yet
	 * back with the mutex. */
	desc_int(d, "nwaiters", cv.__data.__wrefs >> 3);
}

/* pthread_cond_init */

static bool
cond_init_prepare(struct call *c, char **cause)
{
	return mem_sync_prepare_new(c, sizeof(pthread_cond_t), cause);
}

static void
cond_init_perform(struct actor_call *c)
{
	pthread_condattr_t	 attr;
	int			 r;

	pthread_condattr_init(&attr);
	pthread_condattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	actor_begin(c);
	r = pthread_cond_init((pthread_cond_t *)(uintptr_t)c->req->arg[0], &attr);
	actor_end(c, r);
	pthread_condattr_destroy(&attr);
}

static void
cond_init_finish(struct call *c)
{
	mem_sync_finish_new(c, &cond_mechanism);
}

static void
cond_init_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "pthread_cond_init(");
	add_place(b, c, c->arg[3]);
	buf_adds(b, ", {PTHREAD_PROCESS_SHARED})");
}

static const struct arg_spec cond_init_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the condition variable's name in the lab" },
	{ "MEM", ARG_REF, 0, NULL, "shared memory the actor has mapped (shmat, mmap)" },
	{ "OFFSET", ARG_SIZE, 0, NULL, "where in it it goes (a multiple of 8; it takes 48 bytes)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_cond_init = {
	.name = "pthread_cond_init",
	.alias = "cond_init",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.returns = RETURNS_ERRNUM,
	.args = cond_init_args,
	.summary = "pthread_cond_init(): a process-shared condition variable in shared memory",
	.help = "The actor makes a condition variable with PTHREAD_PROCESS_SHARED in 48 "
	    "bytes of memory it has mapped. Threads wait on it holding a mutex "
	    "(pthread_cond_wait releases the mutex while asleep and takes it back "
	    "before returning) until another signals or broadcasts.",
	.example = "A pthread_cond_init cv1 m1 128",
	.prepare = cond_init_prepare,
	.perform = cond_init_perform,
	.finish = cond_init_finish,
	.format = cond_init_format,
};

/* wait, timedwait, signal, broadcast */

enum cond_op { CV_WAIT, CV_TIMEDWAIT, CV_SIGNAL, CV_BROADCAST };
static const char *const cond_calls[] = {
	"pthread_cond_wait", "pthread_cond_timedwait", "pthread_cond_signal", "pthread_cond_broadcast",
};

static bool
cond_op_prepare(struct call *c, char **cause, enum cond_op op)
{
	const struct arg	*timeout = op == CV_TIMEDWAIT ? cmd_arg(c->cmd, "DURATION") : NULL;
	uint64_t		 addr, maddr = 0;
	struct object		*o, *m = NULL;

	if (op == CV_WAIT || op == CV_TIMEDWAIT) {
		m = mem_sync_arg(c, "MUTEX", &mutex_mechanism, "mutex", &maddr, cause);
		if (m == NULL)
			return false;
	}
	if ((o = mem_sync_arg(c, "COND", &cond_mechanism, "condition variable", &addr, cause)) == NULL)
		return false;
	c->obj = o;
	c->arg[0] = (int64_t)addr;
	c->arg[1] = op;
	c->arg[2] = timeout != NULL && timeout->present ? timeout->num : 0;
	c->arg[3] = (int64_t)maddr;
	/* The mutex's name, for the log line. */
	if (m != NULL)
		buf_adds(&c->data, m->name);
	return true;
}

static bool cv_wait_prepare(struct call *c, char **cause) { return cond_op_prepare(c, cause, CV_WAIT); }
static bool cv_timedwait_prepare(struct call *c, char **cause) { return cond_op_prepare(c, cause, CV_TIMEDWAIT); }
static bool cv_signal_prepare(struct call *c, char **cause) { return cond_op_prepare(c, cause, CV_SIGNAL); }
static bool cv_broadcast_prepare(struct call *c, char **cause) { return cond_op_prepare(c, cause, CV_BROADCAST); }

static void
cond_op_perform(struct actor_call *c)
{
	pthread_cond_t	*cv = (pthread_cond_t *)(uintptr_t)c->req->arg[0];
	pthread_mutex_t	*m = (pthread_mutex_t *)(uintptr_t)c->req->arg[3];
	struct timespec	 ts;
	int		 r;

	if (c->req->arg[1] == CV_TIMEDWAIT)
		realtime_after(&ts, c->req->arg[2]);
	actor_begin(c);
	switch (c->req->arg[1]) {
	case CV_WAIT:
		r = pthread_cond_wait(cv, m);
		break;
	case CV_TIMEDWAIT:
		r = pthread_cond_timedwait(cv, m, &ts);
		break;
	case CV_SIGNAL:
		r = pthread_cond_signal(cv);
		break;
	default:
		r = pthread_cond_broadcast(cv);
		break;
	}
	actor_end(c, r);
}

static void
cond_op_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "%s(", cond_calls[c->arg[1]]);
	add_obj(b, c->arg[0], c->obj);
	if (c->arg[1] == CV_WAIT || c->arg[1] == CV_TIMEDWAIT)
		buf_printf(b, ", 0x%llx<%s>", (unsigned long long)c->arg[3], c->data.data);
	if (c->arg[1] == CV_TIMEDWAIT) {
		buf_adds(b, ", now + ");
		buf_add_duration(b, c->arg[2]);
	}
	buf_addc(b, ')');
}

/* A wait takes the mutex back on its way out, from an owner that may
 * have died. */
static void
cond_op_finish(struct call *c)
{
	struct object	*m;

	if ((c->arg[1] != CV_WAIT && c->arg[1] != CV_TIMEDWAIT) ||
	    (c->err != 0 && c->err != ETIMEDOUT && c->err != EOWNERDEAD) ||
	    (m = lab_object(c->lab, c->data.data)) == NULL || m->mech != &mutex_mechanism)
		return;
	mutex_taken(m, c->actor->tid, c->err == EOWNERDEAD);
}

static const char *
cond_op_hint(const struct call *c)
{
	switch (c->err) {
	case ETIMEDOUT:
		return "nobody signalled before the time passed (the thread holds the mutex again)";
	case EPERM:
		return "the thread does not hold the mutex (an errorcheck or robust mutex checks)";
	case EOWNERDEAD:
		return "woken, the thread took back a robust mutex whose owner had died";
	default:
		return NULL;
	}
}

static const struct arg_spec cond_wait_args[] = {
	{ "COND", ARG_REF, 0, NULL, "a condition variable in memory the actor maps" },
	{ "MUTEX", ARG_REF, 0, NULL, "the mutex the thread holds, released while it waits" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct arg_spec cond_timedwait_args[] = {
	{ "COND", ARG_REF, 0, NULL, "a condition variable in memory the actor maps" },
	{ "MUTEX", ARG_REF, 0, NULL, "the mutex the thread holds, released while it waits" },
	{ "DURATION", ARG_DURATION, 0, NULL, "how long to wait at most (CLOCK_REALTIME deadline)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct arg_spec cond_signal_args[] = {
	{ "COND", ARG_REF, 0, NULL, "a condition variable in memory the actor maps" },
	{ NULL, 0, 0, NULL, NULL },
};

#define COND_OP(id, ...)	SYNC_OP(id, cond_op, __VA_ARGS__)

COND_OP(cv_wait, "pthread_cond_wait", "cond_wait", cond_wait_args,
    "release the mutex, sleep until signalled, take the mutex back",
    "The actor's thread, holding the mutex, atomically releases it and sleeps on the "
    "condition variable. Woken by a signal or broadcast, it locks the mutex again "
    "before returning: the view shows it waiting on the condition variable, then "
    "on the mutex.",
    "A cond_wait cv1 mx1");
COND_OP(cv_timedwait, "pthread_cond_timedwait", "cond_timedwait", cond_timedwait_args,
    "pthread_cond_wait with a deadline",
    "As pthread_cond_wait, but it gives up with ETIMEDOUT (holding the mutex again) "
    "when the deadline passes.",
    "A cond_timedwait cv1 mx1 2s");
COND_OP(cv_signal, "pthread_cond_signal", "cond_signal", cond_signal_args, "wake one waiter",
    "The actor's thread wakes at least one thread waiting on the condition variable, "
    "if any waits; with none waiting the signal is lost.",
    "B cond_signal cv1");
COND_OP(cv_broadcast, "pthread_cond_broadcast", "cond_broadcast", cond_signal_args, "wake every waiter",
    "The actor's thread wakes every thread waiting on the condition variable; they "
    "then take the mutex one at a time.",
    "B cond_broadcast cv1");

static const struct cmd_entry *const mutex_commands[] = {
	&cmd_mutex_init,
	&cmd_mx_lock,
	&cmd_mx_trylock,
	&cmd_mx_timedlock,
	&cmd_mx_unlock,
	&cmd_mx_consistent,
	NULL,
};

static const struct cmd_entry *const cond_commands[] = {
	&cmd_cond_init,
	&cmd_cv_wait,
	&cmd_cv_timedwait,
	&cmd_cv_signal,
	&cmd_cv_broadcast,
	NULL,
};

static const struct menu_new mutex_menu_new[] = {
	{ MENU_SYNC, "pthread_mutex_init", " MEM 64", "mx",
	    "process-shared mutex inside shared memory (name the memory)", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct menu_new cond_menu_new[] = {
	{ MENU_SYNC, "pthread_cond_init", " MEM 128", "cv",
	    "process-shared condition variable inside shared memory", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

/* A wait on a locked glibc mutex's word waits for its owner thread. */
static size_t
mutex_woken_by_wait(struct lab *lab, const struct thread_wait *tw, struct file_want *out,
    size_t max)
{
	(void)lab;
	if (tw->kind != WAIT_FUTEX || max == 0 ||
	    (tw->on.futex.mutex_owner <= 0 && tw->on.futex.owner <= 0))
		return 0;
	memset(&out[0], 0, sizeof out[0]);
	out[0].pid = tw->on.futex.owner > 0 ? tw->on.futex.owner : tw->on.futex.mutex_owner;
	return 1;
}

const struct mechanism mutex_mechanism = {
	.name = "mutex",
	.title = "process-shared pthread mutexes",
	.object_size = sizeof(struct mutex_object),
	.help = "A pthread mutex in shared memory with PTHREAD_PROCESS_SHARED: threads of "
	    "different processes lock it. It belongs to the thread that locked it. "
	    "Locking a free mutex is one atomic instruction; only a thread that "
	    "must wait enters the kernel, asleep in futex. The view decodes glibc's "
	    "mutex from the memory: the owner thread, the recursion count, a robust "
	    "mutex whose owner died, and the waiters by their futex address.",
	.commands = mutex_commands,
	.menu_new = mutex_menu_new,
	.describe = mutex_describe,
	.sync_size = sizeof(pthread_mutex_t),
	.inside = mem_sync_inside,
	.sync_ref = mutex_sync_ref,
	.woken_by_wait = mutex_woken_by_wait,
};

const struct mechanism cond_mechanism = {
	.name = "cond",
	.title = "process-shared pthread condition variables",
	.object_size = sizeof(struct sync_object),
	.help = "A pthread condition variable in shared memory with PTHREAD_PROCESS_SHARED. "
	    "A thread holding a mutex waits on it (releasing the mutex while asleep) "
	    "until another thread signals or broadcasts; it remembers nothing, so a "
	    "signal with nobody waiting is lost. The view names the waiters.",
	.commands = cond_commands,
	.menu_new = cond_menu_new,
	.describe = cond_describe,
	.sync_size = sizeof(pthread_cond_t),
	.inside = mem_sync_inside,
};
