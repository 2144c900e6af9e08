/* shm.c: System V shared memory: shmget, shmat (read-write or
 * read-only), shmdt, shmctl. A segment is named by its id and outlives
 * every process until it is removed; removed while attached, it loses
 * its key but lives on until the last process detaches. The lab reads
 * its bytes from a process that has it attached. */
#include "config.h"

#include <sys/ipc.h>
#include <sys/shm.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "ksysv.h"
#include "lab.h"
#include "mechanism.h"
#include "memory.h"
#include "runtime.h"
#include "sysv.h"

extern const struct mechanism shm_mechanism;

static int64_t
shm_size(struct object *o)
{
	const struct ksysv_entry *e = sysv_listed(o, KSYSV_SHM);
	struct ksysv_shm	 ks;

	if (e != NULL)
		return (int64_t)e->shm.size;
	return ksysv_shm(sysv_of(o)->id, &ks) ? (int64_t)ks.size : -1;
}

static char *
shm_not_mapped(struct object *o, struct actor *p)
{
	if (shm_size(o) < 0)
		return xasprintf("%s has not mapped %s, and nobody can: the segment is gone "
		    "(removed, and the last process detached)", p->name, o->name);
	return xasprintf("%s has not mapped %s (%s shmat %s maps it)", p->name, o->name,
	    p->name, o->name);
}

/* The device System V segments are mapped from (the kernel's own shm
 * mount): seen in a mapping of one (/SYSVKEY), once for the run. */
static bool	 sysv_dev_known;
static dev_t	 sysv_dev;

static bool
shm_find_dev(struct lab *lab)
{
	const struct map_table	*t;
	struct actor		*a;
	size_t			 i, j;

	for (i = 0; i < lab->nactors && !sysv_dev_known; i++) {
		a = lab->actors[i];
		if (a->is_thread || a->life != ACTOR_ALIVE)
			continue;
		t = actor_maps(a);
		for (j = 0; j < t->n; j++) {
			if (t->v[j].sysv) {
				sysv_dev = t->v[j].id.dev;
				sysv_dev_known = true;
				break;
			}
		}
	}
	return sysv_dev_known;
}

/* An observed segment's identity, what its mappings show: its id as
 * the inode on the kernel's shm device, once that is known. */
static void
shm_observed_identify(struct object *o)
{
	if (o->nids > 0 || !shm_find_dev(o->lab))
		return;
	o->ids[0] = (struct fd_id){ sysv_dev, (ino_t)sysv_of(o)->id, -1 };
	o->nids = 1;
	o->lab->ids_version++;
}

static void
shm_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct sysv_object	*sv = sysv_of(o);
	const struct ksysv_entry *e = sysv_listed(o, KSYSV_SHM);
	struct ksysv_shm	 ks;
	struct buf		 sum;
	char			 b1[16], b2[16];

	desc_word(d, "kind", "shm");
	if (o->observed && detail == DETAIL_FULL)
		shm_observed_identify(o);
	/* As the machine's listing of this generation has it, or by id. */
	if (e != NULL)
		ks = e->shm;
	else if (!ksysv_shm(sv->id, &ks)) {
		desc_text(d, "summary", "gone (%s)", errno_str(errno));
		desc_int(d, "id", sv->id);
		desc_word(d, "state", "gone");
		desc_int(d, "nattch", 0);
		return;
	}
	/* Removed (IPC_RMID) while attached: the kernel frees it when
	 * nattch reaches 0. */
	buf_init(&sum);
	buf_add_uint(&sum, ks.size);
	buf_adds(&sum, " bytes, ");
	if (ks.removed)
		buf_adds(&sum, "removed, still attached ");
	else
		buf_adds(&sum, "attached ");
	buf_add_uint(&sum, ks.nattch);
	buf_adds(&sum, ks.nattch == 1 ? " time" : " times");
	desc_string(d, "summary", sum.data);
	buf_free(&sum);
	if (detail != DETAIL_FULL)
		return;
	desc_int(d, "id", sv->id);
	if (ks.key == IPC_PRIVATE)
		desc_word(d, "key", "IPC_PRIVATE");
	else
		desc_text(d, "key", "0x%08lx", (unsigned long)ks.key);
	desc_word(d, "state", ks.removed ? "removed" : "exists");
	desc_size(d, "size", (int64_t)ks.size);
	desc_int(d, "nattch", (int64_t)ks.nattch);
	desc_word(d, "creator", sysv_pid_name(o->lab, ks.creator, b1, sizeof b1));
	desc_word(d, "last_user", sysv_pid_name(o->lab, ks.last_user, b2, sizeof b2));
	desc_text(d, "mode", "%04o", ks.mode & 0777);
	mem_describe_mappings(o, d, true);
	mem_describe_addresses(o, d);
	mem_describe_contents(o, d, (int64_t)ks.size);
}

static void
shm_destroy(struct object *o)
{
	struct sysv_object	*sv = sysv_of(o);
	struct ksysv_shm	 ks;

	if (o->created && !o->unlinked && ksysv_shm(sv->id, &ks))
		shmctl(sv->id, IPC_RMID, NULL);
}

/* "ID KEY" from a dead run: remove it if it is still that segment. */
static bool
shm_sweep(const char *args)
{
	struct ksysv_shm	 ks;
	long			 id, key;

	if (sscanf(args, "%ld %ld", &id, &key) != 2)
		return false;
	return ksysv_shm((int)id, &ks) && (long)ks.key == key && !ks.removed &&
	    shmctl((int)id, IPC_RMID, NULL) == 0;
}

static struct object *
shm_arg(struct call *c, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, "SEGMENT");
	struct object		*o = lab_object(c->lab, a->str);

	c->err_column = a->column;
	if (o == NULL) {
		*cause = xasprintf("no shared memory segment called %s (%s shmget %s 4k makes one)",
		    a->str, c->actor->name, a->str);
		return NULL;
	}
	if (o->mech != &shm_mechanism) {
		*cause = xasprintf("%s is a %s, not a System V shared memory segment", o->name, o->mech->name);
		return NULL;
	}
	c->obj = o;
	c->err_column = 0;
	return o;
}

/* shmget */

static bool
segment_exists(long key)
{
	return shmget((key_t)key, 0, 0) != -1;
}

static bool
shmget_prepare(struct call *c, char **cause)
{
	const struct arg	*size = cmd_arg(c->cmd, "SIZE");

	if (!sysv_get_prepare(c, &shm_mechanism, segment_exists, cause))
		return false;
	c->arg[3] = size->num;
	return true;
}

static void
shmget_perform(struct actor_call *c)
{
	int	 id;

	actor_begin(c);
	id = shmget((key_t)c->req->arg[0], (size_t)c->req->arg[3], (int)c->req->arg[1]);
	actor_end(c, id);
	if (id != -1 && c->req->arg[2])
		runtime_record("shm", "%d %lld", id, (long long)c->req->arg[0]);
}

static void
shmget_finish(struct call *c)
{
	(void)sysv_get_finish(c, &shm_mechanism);
}

static void
shmget_format(const struct call *c, struct buf *b)
{
	sysv_get_format(c, b, "shmget", c->arg[3]);
}

static const char *
shmget_hint(const struct call *c)
{
	switch (c->err) {
	case EINVAL:
		if (c->arg[3] == 0)
			return "a segment's size is at least 1 byte (SHMMIN)";
		return "the size is over SHMMAX (/proc/sys/kernel/shmmax), or larger than the existing segment with this key";
	case ENOSPC:
		return "the system's limit on segments is reached (/proc/sys/kernel/shmmni)";
	default:
		return sysv_get_hint(c, "segment");
	}
}

static const struct arg_spec shmget_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the segment's name in the lab" },
	{ "SIZE", ARG_SIZE, 0, NULL, "its size in bytes (4k)" },
	{ "KEY", ARG_WORD, ARG_OPTIONAL, NULL, "private (IPC_PRIVATE, the default) or a number (0x1234)" },
	{ "create", ARG_FLAG, 0, NULL, "IPC_CREAT: make it if no segment has the key" },
	{ "excl", ARG_FLAG, 0, NULL, "IPC_EXCL: fail with EEXIST if one has" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_shmget = {
	.name = "shmget",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = shmget_args,
	.summary = "shmget(): a System V shared memory segment, new or by key",
	.help = "The actor calls shmget. The segment exists on its own, zero-filled, "
	    "until shmctl rmid (the lab removes the ones it made when it ends); nobody "
	    "sees its bytes until they attach it with shmat.",
	.example = "A shmget m1 4k",
	.prepare = shmget_prepare,
	.perform = shmget_perform,
	.finish = shmget_finish,
	.format = shmget_format,
	.format_result = sysv_get_result,
	.hint = shmget_hint,
};

/* shmat */

static bool
shmat_prepare(struct call *c, char **cause)
{
	struct object	*o = shm_arg(c, cause);

	if (o == NULL)
		return false;
	c->arg[0] = sysv_of(o)->id;
	c->arg[1] = cmd_arg(c->cmd, "readonly")->present ? SHM_RDONLY : 0;
	return true;
}

static void
shmat_perform(struct actor_call *c)
{
	void	*p;

	actor_begin(c);
	p = shmat((int)c->req->arg[0], NULL, (int)c->req->arg[1]);
	actor_end(c, p == (void *)-1 ? -1 : (int64_t)(uintptr_t)p);
	actor_fds_unchanged(c);
}

/* The segment's identity is what the actor's mappings show at the
 * address it got: the kernel's shm device, inode = the id. */
static void
shmat_finish(struct call *c)
{
	if (c->ret != -1 && c->obj->nids == 0)
		(void)mem_identify(c->obj, c->actor, (unsigned long)c->ret);
}

static void
shmat_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "shmat(");
	sysv_add_id(b, c);
	buf_printf(b, ", NULL, %s)", c->arg[1] ? "SHM_RDONLY" : "0");
}

static void
shmat_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "0x%llx", (unsigned long long)c->ret);
}

static const char *
shmat_hint(const struct call *c)
{
	if (c->err == EINVAL || c->err == EIDRM)
		return "the segment is gone (removed, and the last process detached)";
	return NULL;
}

static const struct arg_spec shmat_args[] = {
	{ "SEGMENT", ARG_REF, 0, NULL, "a System V shared memory segment" },
	{ "readonly", ARG_FLAG, 0, NULL, "SHM_RDONLY: map it for reading only" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_shmat = {
	.name = "shmat",
	.scope = CMD_ACTOR,
	.args = shmat_args,
	.summary = "shmat(): map a System V segment into the actor's memory",
	.help = "The actor attaches the segment where the kernel finds a free place among "
	    "the process's own mappings. Every actor is a fork, and fork copies the "
	    "address space: actors begin with the lab's layout (ASLR places things anew "
	    "only at exec), so two that mapped the same things get the same address, and "
	    "one that mapped something else first gets another. Programs started apart "
	    "get different ones: a pointer into shared memory is good only where the "
	    "addresses agree. Stores by one process are seen by every other at once, "
	    "with no call in between. A forked child inherits the attachment.",
	.example = "A shmat m1",
	.prepare = shmat_prepare,
	.perform = shmat_perform,
	.finish = shmat_finish,
	.format = shmat_format,
	.format_result = shmat_result,
	.hint = shmat_hint,
};

/* shmdt */

static bool
shmdt_prepare(struct call *c, char **cause)
{
	const struct map_entry	*e;
	struct object		*o = shm_arg(c, cause);

	if (o == NULL)
		return false;
	if ((e = mem_mapping_in(c->actor->proc, o, 0)) == NULL) {
		*cause = xasprintf("%s has not attached %s (%s shmat %s)", c->actor->proc->name,
		    o->name, c->actor->name, o->name);
		return false;
	}
	c->arg[0] = sysv_of(o)->id;
	c->arg[1] = (int64_t)e->start;
	return true;
}

static void
shmdt_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = shmdt((const void *)(uintptr_t)c->req->arg[1]);
	actor_end(c, r);
	actor_fds_unchanged(c);
}

static void
shmdt_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "shmdt(0x%llx<%s>)", (unsigned long long)c->arg[1], c->obj->name);
}

static const struct arg_spec shmdt_args[] = {
	{ "SEGMENT", ARG_REF, 0, NULL, "a segment the actor has attached" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_shmdt = {
	.name = "shmdt",
	.scope = CMD_ACTOR,
	.args = shmdt_args,
	.summary = "shmdt(): unmap a System V segment from the actor",
	.help = "The actor detaches the segment (its first attachment). The segment "
	    "stays unless it was removed and this was the last attachment.",
	.example = "A shmdt m1",
	.prepare = shmdt_prepare,
	.perform = shmdt_perform,
	.format = shmdt_format,
};

/* shmctl */

enum shmctl_op { CTL_STAT, CTL_RMID };

static const struct arg_choice shmctl_ops[] = {
	{ "stat", CTL_STAT },
	{ "rmid", CTL_RMID },
	{ NULL, 0 },
};

static bool
shmctl_prepare(struct call *c, char **cause)
{
	struct object	*o = shm_arg(c, cause);

	if (o == NULL)
		return false;
	c->arg[0] = sysv_of(o)->id;
	c->arg[1] = cmd_arg(c->cmd, "OP")->num;
	return true;
}

static void
shmctl_perform(struct actor_call *c)
{
	struct shmid_ds	 ds;
	int		 r, id = (int)c->req->arg[0];

	memset(&ds, 0, sizeof ds);
	actor_begin(c);
	if (c->req->arg[1] == CTL_STAT)
		r = shmctl(id, IPC_STAT, &ds);
	else
		r = shmctl(id, IPC_RMID, NULL);
	actor_end(c, r);
	c->val[0] = (int64_t)ds.shm_segsz;
	c->val[1] = (int64_t)ds.shm_nattch;
	c->val[2] = ds.shm_cpid;
	c->val[3] = ds.shm_lpid;
	c->val[4] = (ds.shm_perm.mode & SHM_DEST) != 0;
}

static void
shmctl_finish(struct call *c)
{
	if (c->ret == 0 && c->arg[1] == CTL_RMID)
		c->obj->unlinked = true;
}

static void
shmctl_format(const struct call *c, struct buf *b)
{
	char	 b1[16], b2[16];

	buf_adds(b, "shmctl(");
	sysv_add_id(b, c);
	if (c->arg[1] == CTL_RMID) {
		buf_adds(b, ", IPC_RMID, NULL)");
		return;
	}
	buf_adds(b, ", IPC_STAT, ");
	if (c->state == CALL_DONE && c->ret == 0)
		buf_printf(b, "{segsz=%lld, nattch=%lld, cpid=%s, lpid=%s%s}",
		    (long long)c->val[0], (long long)c->val[1],
		    sysv_pid_name(c->lab, (pid_t)c->val[2], b1, sizeof b1),
		    sysv_pid_name(c->lab, (pid_t)c->val[3], b2, sizeof b2),
		    c->val[4] ? ", SHM_DEST" : "");
	else
		buf_adds(b, "...");
	buf_addc(b, ')');
}

static const char *
shmctl_hint(const struct call *c)
{
	if (c->err == EINVAL || c->err == EIDRM)
		return "the segment is gone: it was removed and the last process detached";
	return NULL;
}

static const struct arg_spec shmctl_args[] = {
	{ "SEGMENT", ARG_REF, 0, NULL, "a System V shared memory segment" },
	{ "OP", ARG_CHOICE, 0, shmctl_ops, "IPC_STAT; IPC_RMID (remove it once nobody has it attached)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_shmctl = {
	.name = "shmctl",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = shmctl_args,
	.summary = "shmctl(): a segment's status, or remove it",
	.help = "stat reads the segment's size, number of attachments and the pids that "
	    "made it and last attached or detached it. rmid removes it: its key is "
	    "gone at once (nobody new can get it), but the memory lives on, usable, "
	    "until the last process attached detaches or ends.",
	.example = "A shmctl m1 rmid",
	.prepare = shmctl_prepare,
	.perform = shmctl_perform,
	.finish = shmctl_finish,
	.format = shmctl_format,
	.hint = shmctl_hint,
};

static const struct cmd_entry *const shm_commands[] = {
	&cmd_shmget,
	&cmd_shmat,
	&cmd_shmdt,
	&cmd_shmctl,
	NULL,
};

/* Gone once removed and detached by all: until then the kernel keeps it. */
static bool
shm_gone(struct object *o)
{
	struct ksysv_shm	 ks;

	return !ksysv_shm(sysv_of(o)->id, &ks);
}

static const struct menu_new shm_menu_new[] = {
	{ MENU_MEMORY, "shmget", " 4k", "m", "System V shared memory segment (then shmat)", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

extern const struct mechanism shm_mechanism;

static ssize_t
shm_observe_machine(struct lab *lab, uint64_t *stamp, int64_t **out)
{
	return sysv_observe_machine(lab, &shm_mechanism, stamp, out);
}

/* An observed segment: its id, its key as the kernel has it, and its
 * identity in mappings when the lab knows the device. */
static void
shm_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	struct sysv_object	*sv = sysv_of(o);
	const struct ksysv_entry *e;
	struct ksysv_shm	 ks;

	(void)fe;
	sv->id = (int)number;
	if ((e = sysv_listed(o, KSYSV_SHM)) != NULL)
		sv->key = (long)e->shm.key;
	else
		sv->key = ksysv_shm(sv->id, &ks) ? (long)ks.key : IPC_PRIVATE;
	if (sysv_dev_known)
		shm_observed_identify(o);
}

const struct mechanism shm_mechanism = {
	.name = "shm",
	.title = "System V shared memory",
	.object_size = sizeof(struct sysv_object),
	.help = "A segment of memory that processes attach into their own address space "
	    "with shmat. Once attached there is no call between writer and reader: a "
	    "store is a store, seen at once by everyone attached, and reading it "
	    "consumes nothing. That makes it the fastest way to share data, and the "
	    "one that needs a semaphore or mutex to keep two writers apart. The view "
	    "shows its bytes (what changed since the last tick in colour), who has it "
	    "attached and at which address in each, and whether those are the same.",
	.commands = shm_commands,
	.menu_new = shm_menu_new,
	.same_name = sysv_same_key,
	.describe = shm_describe,
	.describe_links = mem_describe_links,
	.destroy = shm_destroy,
	.observe_machine = shm_observe_machine,
	.sysv_kind = KSYSV_SHM + 1,
	.observe_init = shm_observe_init,
	.sweep = shm_sweep,
	.gone = shm_gone,
	.mem_size = shm_size,
	.not_mapped = shm_not_mapped,
};
