/* sem.c: System V semaphore sets: semget, semop (several operations done
 * all at once or not at all, SEM_UNDO, wait-for-zero, IPC_NOWAIT, a
 * timeout), semctl. The view reads each value, the counts of waiters and
 * the last pid from the kernel (semctl), and who waits, for what, from
 * each blocked actor's own call: /proc shows semtimedop(id, sops, n), and
 * the operations are read from its memory. */
#include "config.h"

#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "ksysv.h"
#include "lab.h"
#include "mechanism.h"
#include "runtime.h"
#include "sync.h"
#include "sysv.h"

extern const struct mechanism sem_mechanism;

#define SEM_MAX_OPS	KSYSV_SEMOP_MAX	/* operations in one semop: as many as a waiter's are read */
#define SEM_SHOWN	64	/* semaphores a view lists */
#define SEM_VMX		32767	/* SEMVMX: the largest value */

/* A set: a System V object, and its size once read. */
struct sem_object {
	struct sysv_object	 base;
	int			 nsems;		/* 0: not read yet */
};

static struct sem_object *
sem_of(struct object *o)
{
	return OBJECT_OF(o, struct sem_object);
}

union semun {
	int			 val;
	struct semid_ds		*buf;
	unsigned short		*array;
};

/* The number of semaphores in a set, or -1 if it is gone. */
static int
set_size(int id)
{
	struct ksysv_sem	 s;

	return ksysv_sem(id, &s) ? s.nsems : -1;
}

/* "0:-1 1:+1 2:0": operations as written. */
static void
add_ops(struct buf *b, const struct sembuf *ops, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s%u:%s%d", i > 0 ? " " : "", ops[i].sem_num,
		    ops[i].sem_op > 0 ? "+" : "", ops[i].sem_op);
}

/* One waiter: an actor asleep in semop on this set, the operations it
 * asked for, and the first that cannot be done now. */
static bool
read_waiter(struct object *o, struct actor *a, const unsigned short *vals, int nsems,
    struct buf *ops, struct buf *why)
{
	const struct task_info	*ti;
	struct ksysv_semop	 r;
	const struct sembuf	*sops = r.ops;
	size_t			 n, i;

	if ((ti = actor_sleeping_call(a)) == NULL || !ksysv_semop_request(a->proc->pid, ti, &r) ||
	    r.id != sysv_of(o)->id)
		return false;
	n = r.nops;
	add_ops(ops, sops, n);
	for (i = 0; i < n; i++) {
		if (sops[i].sem_num >= nsems)
			continue;
		if (sops[i].sem_op < 0 && vals[sops[i].sem_num] < -sops[i].sem_op) {
			buf_printf(why, "semaphore %u to reach %d (it is %u)", sops[i].sem_num,
			    -sops[i].sem_op, vals[sops[i].sem_num]);
			break;
		}
		if (sops[i].sem_op == 0 && vals[sops[i].sem_num] != 0) {
			buf_printf(why, "semaphore %u to be 0 (it is %u)", sops[i].sem_num,
			    vals[sops[i].sem_num]);
			break;
		}
	}
	if (why->len == 0)
		buf_adds(why, "its turn (the values allow it now)");
	if (r.timed)
		buf_adds(why, ", with a timeout");
	return true;
}

/* The set's size never changes: read once, kept with the set. */
static int
set_nsems(struct object *o)
{
	struct sem_object	*so = sem_of(o);
	const struct ksysv_entry *e;
	int			 n;

	if (so->nsems == 0) {		/* every set has one at least */
		if ((e = sysv_listed(o, KSYSV_SEM)) != NULL)
			n = e->sem.nsems;
		else if ((n = set_size(so->base.id)) < 0)
			return -1;
		so->nsems = n;
	}
	return so->nsems;
}

/* Actors asleep in semop on the set, from their own blocked calls (the
 * full view has the kernel's counts too). Which sets they sleep on is
 * gathered once a generation: a list line per set must not go through
 * every actor. */
static struct {
	struct lab	*lab;
	uint64_t	 gen;
	int		*ids;
	size_t		 n, size;
} sleepers;

static int
count_waiters(struct object *o)
{
	const struct task_info	*ti;
	struct lab		*lab = o->lab;
	struct actor		*a;
	size_t			 i;
	int			 n = 0;

	if (sleepers.lab != lab || sleepers.gen != lab->gen) {
		sleepers.lab = lab;
		sleepers.gen = lab->gen;
		sleepers.n = 0;
		for (i = 0; i < lab->nactors; i++) {
			a = lab->actors[i];
			if ((ti = actor_sleeping_call(a)) == NULL ||
			    (ti->nr != SYS_semop && ti->nr != SYS_semtimedop))
				continue;
			if (sleepers.n == sleepers.size) {
				sleepers.size = sleepers.size * 2 + 8;
				sleepers.ids = xreallocarray(sleepers.ids, sleepers.size, sizeof *sleepers.ids);
			}
			sleepers.ids[sleepers.n++] = (int)ti->args[0];
		}
	}
	for (i = 0; i < sleepers.n; i++)
		n += sleepers.ids[i] == sysv_of(o)->id;
	return n;
}

static void
sem_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct sysv_object	*sv = sysv_of(o);
	const struct ksysv_entry *e;
	struct ksysv_sem	 ks;
	struct ksysv_semnum	 sn;
	unsigned short		*vals;
	struct buf		 sum, ops, why;
	char			 b1[16];
	int			 nsems, i, nwait;
	size_t			 k;

	desc_word(d, "kind", "sem");
	/* One call for a list line: GETALL, into a buffer the size the set
	 * was made with. */
	nsems = set_nsems(o);
	vals = xcalloc(nsems > 0 ? (size_t)nsems : 1, sizeof *vals);
	if (nsems < 0 || !ksysv_sem_values(sv->id, vals)) {
		desc_text(d, "summary", "gone (%s)", errno_str(nsems < 0 ? EINVAL : errno));
		desc_int(d, "id", sv->id);
		desc_word(d, "state", "gone");
		free(vals);
		return;
	}
	nwait = count_waiters(o);
	buf_init(&sum);
	buf_printf(&sum, "%d semaphore%s:", nsems, nsems == 1 ? "" : "s");
	for (i = 0; i < nsems && i < 16; i++)
		buf_printf(&sum, " %u", vals[i]);
	if (nsems > 16)
		buf_adds(&sum, " ...");
	if (nwait > 0)
		buf_printf(&sum, ", %d waiting", nwait);
	desc_string(d, "summary", sum.data);
	buf_reset(&sum);
	/* Its numbers as the machine's listing of this generation has
	 * them, or by id. */
	if (detail == DETAIL_FULL && (e = sysv_listed(o, KSYSV_SEM)) != NULL)
		ks = e->sem;
	else if (detail != DETAIL_FULL || !ksysv_sem(sv->id, &ks)) {
		buf_free(&sum);
		free(vals);
		return;
	}
	desc_int(d, "id", sv->id);
	if (ks.key == IPC_PRIVATE)
		desc_word(d, "key", "IPC_PRIVATE");
	else
		desc_text(d, "key", "0x%08lx", (unsigned long)ks.key);
	desc_word(d, "state", "exists");
	desc_int(d, "nsems", nsems);
	for (i = 0; i < nsems; i++)
		buf_printf(&sum, "%s%u", i > 0 ? " " : "", vals[i]);
	desc_string(d, "values", sum.data);
	buf_free(&sum);
	desc_list(d, "semaphores");
	for (i = 0; i < nsems && i < SEM_SHOWN; i++) {
		(void)ksysv_sem_num(sv->id, i, &sn);	/* -1 for what it could not read */
		desc_group(d, NULL);
		desc_int(d, "num", i);
		desc_int(d, "value", vals[i]);
		desc_int(d, "ncnt", sn.ncnt);
		desc_int(d, "zcnt", sn.zcnt);
		desc_word(d, "last_pid", sysv_pid_name(o->lab, sn.last_pid, b1, sizeof b1));
		desc_close(d);
	}
	desc_close(d);
	desc_list(d, "waiters");
	buf_init(&ops);
	buf_init(&why);
	for (k = 0; k < o->lab->nactors; k++) {
		buf_reset(&ops);
		buf_reset(&why);
		if (!read_waiter(o, o->lab->actors[k], vals, nsems, &ops, &why))
			continue;
		desc_group(d, NULL);
		desc_word(d, "actor", o->lab->actors[k]->name);
		desc_word(d, "call", "semop");
		desc_string(d, "ops", ops.data);
		desc_string(d, "waits_for", why.data);
		desc_close(d);
	}
	buf_free(&ops);
	buf_free(&why);
	desc_close(d);
	/* The kernel keeps seconds. */
	if (ks.last_op != 0)
		desc_text(d, "last_semop", "%llds ago", (long long)(time(NULL) - ks.last_op));
	else
		desc_word(d, "last_semop", "never");
	desc_text(d, "mode", "%04o", ks.mode & 0777);
	free(vals);
}

static void
sem_destroy(struct object *o)
{
	struct sysv_object	*sv = sysv_of(o);

	if (o->created && !o->unlinked && set_size(sv->id) >= 0)
		semctl(sv->id, 0, IPC_RMID);
}

/* "ID KEY" from a dead run: remove it if it is still that set. */
static bool
sem_sweep(const char *args)
{
	struct ksysv_sem	 ks;
	long			 id, key;

	if (sscanf(args, "%ld %ld", &id, &key) != 2)
		return false;
	return ksysv_sem((int)id, &ks) && (long)ks.key == key && semctl((int)id, 0, IPC_RMID) == 0;
}

static struct object *
sem_arg(struct call *c, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, "SET");
	struct object		*o = lab_object(c->lab, a->str);

	c->err_column = a->column;
	if (o == NULL) {
		*cause = xasprintf("no semaphore set called %s (%s semget %s 1 makes one)", a->str,
		    c->actor->name, a->str);
		return NULL;
	}
	if (o->mech != &sem_mechanism) {
		*cause = xasprintf("%s is a %s, not a System V semaphore set", o->name, o->mech->name);
		return NULL;
	}
	c->obj = o;
	c->err_column = 0;
	return o;
}

static bool
sem_sync_ref(struct call *c, struct object *o, struct sync_ref *r, char **cause)
{
	(void)c;
	(void)cause;
	r->kind = SYNC_SYSV_SEM;
	r->where = sysv_of(o)->id;
	return true;
}

/* semget */

static bool
set_exists(long key)
{
	return semget((key_t)key, 0, 0) != -1;
}

static bool
semget_prepare(struct call *c, char **cause)
{
	if (!sysv_get_prepare(c, &sem_mechanism, set_exists, cause))
		return false;
	c->arg[3] = cmd_arg(c->cmd, "NSEMS")->num;
	return true;
}

static void
semget_perform(struct actor_call *c)
{
	int	 id;

	actor_begin(c);
	id = semget((key_t)c->req->arg[0], (int)c->req->arg[3], (int)c->req->arg[1]);
	actor_end(c, id);
	if (id != -1 && c->req->arg[2])
		runtime_record("sem", "%d %lld", id, (long long)c->req->arg[0]);
}

static void
semget_finish(struct call *c)
{
	(void)sysv_get_finish(c, &sem_mechanism);
}

static void
semget_format(const struct call *c, struct buf *b)
{
	sysv_get_format(c, b, "semget", c->arg[3]);
}

static const char *
semget_hint(const struct call *c)
{
	switch (c->err) {
	case EINVAL:
		return "NSEMS is 1 to SEMMSL (the first number in /proc/sys/kernel/sem), and no "
		    "more than the existing set with this key has";
	case ENOSPC:
		return "the system's limit on sets (SEMMNI) or on semaphores (SEMMNS) is reached: /proc/sys/kernel/sem";
	default:
		return sysv_get_hint(c, "semaphore set");
	}
}

static const struct arg_spec semget_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the set's name in the lab" },
	{ "NSEMS", ARG_INT, 0, NULL, "how many semaphores it has (each starts at 0)" },
	{ "KEY", ARG_WORD, ARG_OPTIONAL, NULL, "private (IPC_PRIVATE, the default) or a number (0x1234)" },
	{ "create", ARG_FLAG, 0, NULL, "IPC_CREAT: make it if no set has the key" },
	{ "excl", ARG_FLAG, 0, NULL, "IPC_EXCL: fail with EEXIST if one has" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_semget = {
	.name = "semget",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = semget_args,
	.summary = "semget(): a System V semaphore set, new or by key",
	.help = "The actor calls semget for a set of NSEMS semaphores, each a counter "
	    "that never goes below 0. A new set's values are 0: semctl setval or "
	    "setall gives them a start. The set lives until semctl rmid (the lab "
	    "removes the ones it made when it ends).",
	.example = "A semget s1 2",
	.prepare = semget_prepare,
	.perform = semget_perform,
	.finish = semget_finish,
	.format = semget_format,
	.format_result = sysv_get_result,
	.hint = semget_hint,
};

/* semop */

static bool
parse_op(const char *w, int nsems, struct sembuf *op, char **cause)
{
	const char	*colon = strchr(w, ':'), *word = w;
	char		*num;
	int64_t		 n = 0, v;

	if (colon != NULL) {
		num = xstrndup(w, (size_t)(colon - w));
		if (!parse_int(num, &n) || n < 0) {
			*cause = xasprintf("'%s': the semaphore number before ':' is 0 or more",
			    word_short(w));
			free(num);
			return false;
		}
		free(num);
		w = colon + 1;
	}
	if (nsems >= 0 && n >= nsems) {
		*cause = xasprintf("semaphore %lld is not in the set: it has %d (0 to %d)", (long long)n,
		    nsems, nsems - 1);
		return false;
	}
	if (!parse_int(w, &v) || v < -32768 || v > 32767) {
		*cause = xasprintf("'%s' is not an operation: SEM:OP with OP -1 (wait and take 1), "
		    "+1 (give 1) or 0 (wait for zero)", word_short(word));
		return false;
	}
	op->sem_num = (unsigned short)n;
	op->sem_op = (short)v;
	return true;
}

static bool
semop_prepare(struct call *c, char **cause)
{
	const struct arg	*list = cmd_arg(c->cmd, "OPS");
	const struct arg	*timeout = cmd_arg(c->cmd, "timeout");
	struct object		*o = sem_arg(c, cause);
	struct sembuf		 op;
	char			*words, *w, *save = NULL;
	short			 flg = 0;
	int			 nsems, n = 0;

	if (o == NULL)
		return false;
	if (cmd_arg(c->cmd, "undo")->present)
		flg |= SEM_UNDO;
	if (cmd_arg(c->cmd, "nowait")->present)
		flg |= IPC_NOWAIT;
	/* A gone set: the kernel says so (EINVAL or EIDRM). */
	nsems = set_size(sysv_of(o)->id);
	c->err_column = list->column;
	if (list->num > SEM_MAX_OPS) {
		*cause = xasprintf("at most %d operations in one semop", SEM_MAX_OPS);
		return false;
	}
	words = xstrdup(list->str);
	for (w = strtok_r(words, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
		if (!parse_op(w, nsems, &op, cause)) {
			free(words);
			return false;
		}
		op.sem_flg = flg;
		buf_add(&c->data, &op, sizeof op);
		n++;
	}
	free(words);
	c->err_column = 0;
	c->arg[0] = sysv_of(o)->id;
	c->arg[1] = n;
	c->arg[2] = timeout->present ? timeout->num : -1;
	return true;
}

static void
semop_perform(struct actor_call *c)
{
	struct sembuf	 ops[SEM_MAX_OPS];
	struct timespec	 ts;
	size_t		 n = (size_t)c->req->arg[1];
	int		 r;

	memcpy(ops, c->data, n * sizeof *ops);
	actor_begin(c);
	if (c->req->arg[2] >= 0) {
		ts.tv_sec = c->req->arg[2] / 1000000000LL;
		ts.tv_nsec = c->req->arg[2] % 1000000000LL;
		r = semtimedop((int)c->req->arg[0], ops, n, &ts);
	} else
		r = semop((int)c->req->arg[0], ops, n);
	actor_end(c, r);
}

static void
semop_format(const struct call *c, struct buf *b)
{
	const struct sembuf	*ops = (const struct sembuf *)(const void *)c->data.data;
	size_t			 i, n = (size_t)c->arg[1];

	buf_adds(b, c->arg[2] >= 0 ? "semtimedop(" : "semop(");
	sysv_add_id(b, c);
	buf_adds(b, ", {");
	for (i = 0; i < n; i++) {
		buf_printf(b, "%s{%u, %s%d, ", i > 0 ? ", " : "", ops[i].sem_num,
		    ops[i].sem_op > 0 ? "+" : "", ops[i].sem_op);
		if ((ops[i].sem_flg & (SEM_UNDO | IPC_NOWAIT)) == (SEM_UNDO | IPC_NOWAIT))
			buf_adds(b, "SEM_UNDO|IPC_NOWAIT}");
		else if (ops[i].sem_flg & SEM_UNDO)
			buf_adds(b, "SEM_UNDO}");
		else if (ops[i].sem_flg & IPC_NOWAIT)
			buf_adds(b, "IPC_NOWAIT}");
		else
			buf_adds(b, "0}");
	}
	buf_printf(b, "}, %zu", n);
	if (c->arg[2] >= 0) {
		buf_adds(b, ", {");
		buf_add_duration(b, c->arg[2]);
		buf_adds(b, "}");
	}
	buf_addc(b, ')');
}

static const char *
semop_hint(const struct call *c)
{
	switch (c->err) {
	case EAGAIN:
		if (c->arg[2] >= 0)
			return "the timeout passed before all the operations could be done at once";
		return "nowait: the operations would have to wait (a value too small, or a wait for zero on a value that is not)";
	case EIDRM:
		return "the set was removed while the actor waited";
	case EINVAL:
		return "the set is gone (removed)";
	case ERANGE:
		return "the operation would take a value past SEMVMX (32767), or an undo adjustment past its limit";
	case EFBIG:
		return "a semaphore number is not in the set";
	case E2BIG:
		return "more operations than SEMOPM allows in one call (the third number in /proc/sys/kernel/sem)";
	case EINTR:
		return "a signal interrupted the wait";
	default:
		return NULL;
	}
}

static const struct arg_spec semop_args[] = {
	{ "SET", ARG_REF, 0, NULL, "a System V semaphore set" },
	{ "OPS", ARG_LIST, 0, NULL,
	    "one or more SEM:OP (OP alone is semaphore 0): -N waits until the value is N or more "
	    "and takes N, +N adds N, 0 waits until the value is 0" },
	{ "undo", ARG_FLAG, 0, NULL, "SEM_UNDO: the kernel undoes these operations when the process ends" },
	{ "nowait", ARG_FLAG, 0, NULL, "IPC_NOWAIT: fail with EAGAIN instead of waiting" },
	{ "timeout", ARG_DURATION, ARG_OPTIONAL | ARG_KEYED, NULL, "semtimedop: give up with EAGAIN after this long" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_semop = {
	.name = "semop",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = semop_args,
	.summary = "semop(): wait on, take from and give to semaphores, all at once",
	.help = "The actor does all the operations together or, if any cannot be done "
	    "now, none of them: it sleeps until all can (or fails with EAGAIN given "
	    "nowait, or when the timeout passes). 0:-1 takes 1 from semaphore 0, "
	    "waiting while it is 0; 1:+2 gives 2 to semaphore 1; 2:0 waits until "
	    "semaphore 2 is 0. With undo the kernel keeps each process's total and "
	    "reverses it when the process ends, so a crash does not leave a "
	    "semaphore taken. The set's view names each actor waiting and what for.",
	.example = "A semop s1 0:-1 undo",
	.prepare = semop_prepare,
	.perform = semop_perform,
	.format = semop_format,
	.hint = semop_hint,
};

/* semctl */

enum semctl_op {
	CTL_GETVAL, CTL_SETVAL, CTL_GETALL, CTL_SETALL, CTL_GETNCNT, CTL_GETZCNT, CTL_GETPID,
	CTL_STAT, CTL_RMID,
};
static const char *const ctl_names[] = {
	"GETVAL", "SETVAL", "GETALL", "SETALL", "GETNCNT", "GETZCNT", "GETPID", "IPC_STAT", "IPC_RMID",
};
static const struct arg_choice semctl_ops[] = {
	{ "getval", CTL_GETVAL },
	{ "setval", CTL_SETVAL },
	{ "getall", CTL_GETALL },
	{ "setall", CTL_SETALL },
	{ "getncnt", CTL_GETNCNT },
	{ "getzcnt", CTL_GETZCNT },
	{ "getpid", CTL_GETPID },
	{ "stat", CTL_STAT },
	{ "rmid", CTL_RMID },
	{ NULL, 0 },
};

static bool
semctl_prepare(struct call *c, char **cause)
{
	const struct arg	*opa = cmd_arg(c->cmd, "OP");
	const struct arg	*list = cmd_arg(c->cmd, "VALUES");
	struct object		*o = sem_arg(c, cause);
	int64_t			 v[2] = { 0, 0 }, x;
	unsigned short		 us;
	char			*words, *w, *save = NULL;
	int			 op, nsems, want, n = 0;

	if (o == NULL)
		return false;
	op = (int)opa->num;
	nsems = set_size(sysv_of(o)->id);
	c->arg[0] = sysv_of(o)->id;
	c->arg[1] = op;
	switch (op) {
	case CTL_GETVAL: case CTL_GETNCNT: case CTL_GETZCNT: case CTL_GETPID:
		want = 1;
		break;
	case CTL_SETVAL:
		want = 2;
		break;
	case CTL_SETALL:
		want = nsems;
		break;
	default:
		want = 0;
		break;
	}
	c->err_column = list->present ? list->column : opa->column;
	if (op == CTL_SETALL && nsems < 0) {
		*cause = xasprintf("%s is gone", o->name);
		return false;
	}
	if ((int)list->num != want) {
		if (op == CTL_SETVAL)
			*cause = xstrdup("setval takes a semaphore number and a value: semctl s1 setval 0 1");
		else if (op == CTL_SETALL)
			*cause = xasprintf("setall takes one value per semaphore: %s has %d", o->name, nsems);
		else if (want == 1)
			*cause = xasprintf("%s takes a semaphore number: semctl %s %s 0", opa->str, o->name,
			    opa->str);
		else
			*cause = xasprintf("%s takes no more arguments", opa->str);
		return false;
	}
	words = xstrdup(list->present ? list->str : "");
	for (w = strtok_r(words, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save), n++) {
		if (!parse_int(w, &x) || x < INT32_MIN || x > INT32_MAX) {
			*cause = xasprintf("'%s' is not a number", word_short(w));
			free(words);
			return false;
		}
		if (op == CTL_SETALL) {
			/* SETALL takes unsigned shorts: check here what the
			 * kernel cannot see once it is cut to 16 bits. */
			if (x < 0 || x > SEM_VMX) {
				*cause = xasprintf("'%s': a semaphore's value is 0 to SEMVMX (%d)",
				    word_short(w), SEM_VMX);
				free(words);
				return false;
			}
			us = (unsigned short)x;
			buf_add(&c->data, &us, sizeof us);
		} else
			v[n] = x;
	}
	free(words);
	if (want >= 1 && op != CTL_SETALL && (v[0] < 0 || (nsems >= 0 && v[0] >= nsems))) {
		*cause = xasprintf("semaphore %lld is not in the set: it has %d (0 to %d)",
		    (long long)v[0], nsems, nsems - 1);
		return false;
	}
	c->err_column = 0;
	c->arg[2] = v[0];
	c->arg[3] = v[1];
	c->arg[4] = op == CTL_SETALL ? nsems : 0;
	return true;
}

static void
semctl_perform(struct actor_call *c)
{
	struct semid_ds	 ds;
	unsigned short	 vals[SEM_SHOWN * 8];
	union semun	 u;
	int		 id = (int)c->req->arg[0], num = (int)c->req->arg[2], r, n;

	memset(&ds, 0, sizeof ds);
	actor_begin(c);
	switch (c->req->arg[1]) {
	case CTL_GETVAL:
		r = semctl(id, num, GETVAL);
		break;
	case CTL_SETVAL:
		u.val = (int)c->req->arg[3];
		r = semctl(id, num, SETVAL, u);
		break;
	case CTL_GETALL:
		/* The set's size first: GETALL fills as many as it has. */
		u.buf = &ds;
		if ((r = semctl(id, 0, IPC_STAT, u)) == 0) {
			n = (int)ds.sem_nsems;
			if (n > (int)(sizeof vals / sizeof vals[0])) {
				actor_end(c, -1);
				c->err = E2BIG;
				return;
			}
			u.array = vals;
			r = semctl(id, 0, GETALL, u);
			if (r == 0)
				buf_add(&c->out, vals, (size_t)n * sizeof vals[0]);
		}
		break;
	case CTL_SETALL:
		n = (int)c->req->arg[4];
		memcpy(vals, c->data, (size_t)n * sizeof vals[0]);
		u.array = vals;
		r = semctl(id, 0, SETALL, u);
		break;
	case CTL_GETNCNT:
		r = semctl(id, num, GETNCNT);
		break;
	case CTL_GETZCNT:
		r = semctl(id, num, GETZCNT);
		break;
	case CTL_GETPID:
		r = semctl(id, num, GETPID);
		break;
	case CTL_STAT:
		u.buf = &ds;
		r = semctl(id, 0, IPC_STAT, u);
		break;
	default:
		r = semctl(id, 0, IPC_RMID);
		break;
	}
	actor_end(c, r);
	c->val[0] = (int64_t)ds.sem_nsems;
	c->val[1] = (int64_t)ds.sem_otime;
	c->val[2] = (int64_t)ds.sem_ctime;
}

static void
add_values(struct buf *b, const struct buf *data, const char *sep)
{
	const unsigned short	*v = (const unsigned short *)(const void *)data->data;
	size_t			 i, n = data->len / sizeof *v;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s%u", i > 0 ? sep : "", v[i]);
}

static void
semctl_finish(struct call *c)
{
	struct buf	 b;

	if (c->ret == -1)
		return;
	if (c->arg[1] == CTL_RMID)
		c->obj->unlinked = true;
	else if (c->arg[1] == CTL_GETALL) {
		buf_init(&b);
		add_values(&b, &c->rdata, " ");
		call_set_extra(c, "values", buf_take(&b));
	}
}

static void
semctl_format(const struct call *c, struct buf *b)
{
	const unsigned short	*v = (const unsigned short *)(const void *)c->data.data;
	size_t			 i;

	buf_adds(b, "semctl(");
	sysv_add_id(b, c);
	buf_printf(b, ", %lld, %s", (long long)c->arg[2], ctl_names[c->arg[1]]);
	switch (c->arg[1]) {
	case CTL_SETVAL:
		buf_printf(b, ", %lld", (long long)c->arg[3]);
		break;
	case CTL_GETALL:
		buf_adds(b, ", [");
		if (c->state == CALL_DONE && c->ret == 0)
			add_values(b, &c->rdata, ", ");
		else
			buf_adds(b, "...");
		buf_adds(b, "]");
		break;
	case CTL_SETALL:
		buf_adds(b, ", [");
		for (i = 0; i < (size_t)c->arg[4]; i++)
			buf_printf(b, "%s%u", i > 0 ? ", " : "", v[i]);
		buf_adds(b, "]");
		break;
	case CTL_STAT:
		if (c->state == CALL_DONE && c->ret == 0)
			buf_printf(b, ", {nsems=%lld}", (long long)c->val[0]);
		else
			buf_adds(b, ", ...");
		break;
	default:
		break;
	}
	buf_addc(b, ')');
}

static void
semctl_result(const struct call *c, struct buf *b)
{
	char	 b1[16];

	if (c->arg[1] == CTL_GETPID && c->ret > 0)
		buf_printf(b, "%lld (%s)", (long long)c->ret,
		    sysv_pid_name(c->lab, (pid_t)c->ret, b1, sizeof b1));
	else
		buf_printf(b, "%lld", (long long)c->ret);
}

static const char *
semctl_hint(const struct call *c)
{
	switch (c->err) {
	case ERANGE:
		return "a semaphore's value is 0 to SEMVMX (32767)";
	case EINVAL:
	case EIDRM:
		return "the set is gone (removed)";
	case E2BIG:
		return "the set is larger than the lab reads in one GETALL";
	default:
		return NULL;
	}
}

static const struct arg_spec semctl_args[] = {
	{ "SET", ARG_REF, 0, NULL, "a System V semaphore set" },
	{ "OP", ARG_CHOICE, 0, semctl_ops,
	    "GETVAL, SETVAL, GETALL, SETALL, GETNCNT, GETZCNT, GETPID, IPC_STAT or IPC_RMID" },
	{ "VALUES", ARG_LIST, ARG_OPTIONAL, NULL,
	    "a semaphore number (getval, getncnt, getzcnt, getpid); a number and a value "
	    "(setval); one value per semaphore (setall)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_semctl = {
	.name = "semctl",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = semctl_args,
	.summary = "semctl(): read or set semaphore values, count waiters, remove a set",
	.help = "getval and getall read values (getall's are in last.values), setval and "
	    "setall set them (which wakes any waiter the new value lets through, and "
	    "clears undo totals), getncnt and getzcnt count the processes waiting for "
	    "a semaphore to grow or to be 0, getpid gives the last process to operate "
	    "on it. rmid removes the set at once: every waiter fails with EIDRM.",
	.example = "A semctl s1 setval 0 1",
	.prepare = semctl_prepare,
	.perform = semctl_perform,
	.finish = semctl_finish,
	.format = semctl_format,
	.format_result = semctl_result,
	.hint = semctl_hint,
};

static const struct cmd_entry *const sem_commands[] = {
	&cmd_semget,
	&cmd_semop,
	&cmd_semctl,
	NULL,
};

/* Gone once removed: a set is removed at once. */
static bool
sem_gone(struct object *o)
{
	return set_size(sysv_of(o)->id) < 0;
}

static const struct menu_new sem_menu_new[] = {
	{ MENU_SYNC, "semget", " 1", "s", "System V semaphore set (then semctl setval, semop)", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

/* A semop that must wait (to take, or for zero) waits for whoever
 * changes those semaphores; the lab names the last process that did
 * (GETPID): the one holding what it took, in the usual use. */
static size_t
sem_woken_by_wait(struct lab *lab, const struct thread_wait *tw, struct file_want *out,
    size_t max)
{
	struct ksysv_semnum	 sn;
	size_t			 i, j, n = 0;

	(void)lab;
	if (tw->kind != WAIT_SEMOP)
		return 0;
	for (i = 0; i < tw->on.semop.nops && i < KSYSV_SEMOP_MAX && n < max; i++) {
		if (tw->on.semop.ops[i].sem_op > 0 ||
		    !ksysv_sem_num(tw->on.semop.id, tw->on.semop.ops[i].sem_num, &sn) ||
		    sn.last_pid <= 0 || sn.last_pid == tw->pid)
			continue;
		for (j = 0; j < n && out[j].pid != sn.last_pid; j++)
			continue;
		if (j == n) {
			memset(&out[n], 0, sizeof out[n]);
			out[n++].pid = sn.last_pid;
		}
	}
	return n;
}

extern const struct mechanism sem_mechanism;

static ssize_t
sem_observe_machine(struct lab *lab, uint64_t *stamp, int64_t **out)
{
	return sysv_observe_machine(lab, &sem_mechanism, stamp, out);
}

/* An observed set: its id, and its key as the kernel has it. */
static void
sem_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	struct sysv_object	*sv = sysv_of(o);
	const struct ksysv_entry *e;
	struct ksysv_sem	 ks;

	(void)fe;
	sv->id = (int)number;
	/* Its key, and its size, which never changes. */
	if ((e = sysv_listed(o, KSYSV_SEM)) != NULL) {
		sv->key = (long)e->sem.key;
		sem_of(o)->nsems = e->sem.nsems;
	} else
		sv->key = ksysv_sem(sv->id, &ks) ? (long)ks.key : IPC_PRIVATE;
}

const struct mechanism sem_mechanism = {
	.name = "sem",
	.title = "System V semaphore sets",
	.object_size = sizeof(struct sem_object),
	.help = "A set of counters that never go below 0, kept by the kernel. semop "
	    "takes from them (waiting while a value is too small), gives to them, or "
	    "waits for one to be 0; several operations in one semop happen all at "
	    "once or not at all. The view shows each value, how many wait on it "
	    "(ncnt for a value to grow, zcnt for it to be 0), the last process to "
	    "operate on it, and which actors wait and for what, read from their "
	    "own blocked calls.",
	.commands = sem_commands,
	.menu_new = sem_menu_new,
	.same_name = sysv_same_key,
	.describe = sem_describe,
	.destroy = sem_destroy,
	.observe_machine = sem_observe_machine,
	.sysv_kind = KSYSV_SEM + 1,
	.observe_init = sem_observe_init,
	.sweep = sem_sweep,
	.gone = sem_gone,
	.sync_ref = sem_sync_ref,
	.woken_by_wait = sem_woken_by_wait,
};
