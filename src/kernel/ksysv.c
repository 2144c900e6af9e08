/* ksysv.c: System V IPC objects by id (ksysv.h). */
#include "config.h"

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksysv.h"
#include "maps.h"
#include "util.h"

#ifndef MSG_COPY
#define MSG_COPY	040000
#endif

/* glibc leaves the caller to declare it. */
union ksysv_semun {
	int			 val;
	struct semid_ds		*buf;
	unsigned short		*array;
};

/* The kernel's ..._INFO and ..._STAT_ANY commands for each kind. */
#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY	13
#endif
#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY	20
#endif
#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY	15
#endif

/* The kernel's record of an object, of any kind. */
union ksysv_ds {
	struct msqid_ds		 msg;
	struct semid_ds		 sem;
	struct shmid_ds		 shm;
};

/* The *_STAT_ANY of index idx: the id there, or -1 with errno. */
static int
stat_any(enum ksysv_kind kind, int idx, union ksysv_ds *ds)
{
	union ksysv_semun	 su = { .buf = &ds->sem };

	switch (kind) {
	case KSYSV_MSG:
		return msgctl(idx, MSG_STAT_ANY, &ds->msg);
	case KSYSV_SEM:
		return semctl(idx, 0, SEM_STAT_ANY, su);
	default:
		return shmctl(idx, SHM_STAT_ANY, &ds->shm);
	}
}

/* The record of id: IPC_STAT; of one the caller may not read, what the
 * kernel lists of it to anyone, at its index (the id's low 15 bits, or
 * 24 on a kernel booted with ipcmni_extend). */
static bool
stat_id(enum ksysv_kind kind, int id, union ksysv_ds *ds)
{
	union ksysv_semun	 su = { .buf = &ds->sem };
	int			 r, shift;

	switch (kind) {
	case KSYSV_MSG:
		r = msgctl(id, IPC_STAT, &ds->msg);
		break;
	case KSYSV_SEM:
		r = semctl(id, 0, IPC_STAT, su);
		break;
	default:
		r = shmctl(id, IPC_STAT, &ds->shm);
		break;
	}
	if (r != -1)
		return true;
	if (errno != EACCES || id < 0)
		return false;
	for (shift = 15; shift <= 24; shift += 9) {
		if (stat_any(kind, id & ((1 << shift) - 1), ds) == id)
			return true;
	}
	errno = EACCES;
	return false;
}

static void
msgq_from(const struct msqid_ds *ds, struct ksysv_msgq *q)
{
	memset(q, 0, sizeof *q);
	q->key = ds->msg_perm.__key;
	q->mode = ds->msg_perm.mode;
	q->uid = ds->msg_perm.uid;
	q->messages = ds->msg_qnum;
	q->bytes = ds->__msg_cbytes;
	q->qbytes = ds->msg_qbytes;
	q->last_sender = ds->msg_lspid;
	q->last_receiver = ds->msg_lrpid;
	q->sent = ds->msg_stime;
	q->received = ds->msg_rtime;
	q->changed = ds->msg_ctime;
}

static void
sem_from(const struct semid_ds *ds, struct ksysv_sem *s)
{
	memset(s, 0, sizeof *s);
	s->key = ds->sem_perm.__key;
	s->mode = ds->sem_perm.mode;
	s->uid = ds->sem_perm.uid;
	s->nsems = (int)ds->sem_nsems;
	s->last_op = ds->sem_otime;
	s->changed = ds->sem_ctime;
}

static void
shm_from(const struct shmid_ds *ds, struct ksysv_shm *s)
{
	memset(s, 0, sizeof *s);
	s->key = ds->shm_perm.__key;
	s->mode = ds->shm_perm.mode;
	s->uid = ds->shm_perm.uid;
	/* IPC_RMID while attached: the kernel marks it and frees it when
	 * the last process detaches. */
	s->removed = (ds->shm_perm.mode & SHM_DEST) != 0;
	s->size = ds->shm_segsz;
	s->nattch = ds->shm_nattch;
	s->creator = ds->shm_cpid;
	s->last_user = ds->shm_lpid;
	s->attached = ds->shm_atime;
	s->detached = ds->shm_dtime;
	s->changed = ds->shm_ctime;
}

bool
ksysv_msgq(int id, struct ksysv_msgq *q)
{
	union ksysv_ds	 ds;

	memset(q, 0, sizeof *q);
	if (!stat_id(KSYSV_MSG, id, &ds))
		return false;
	msgq_from(&ds.msg, q);
	return true;
}

ssize_t
ksysv_msg_copy(int id, long index, struct ksysv_msg *m, size_t max)
{
	if (max > sizeof m->text)
		max = sizeof m->text;
	/* With MSG_COPY the type is the message's place in the queue.
	 * MSG_NOERROR would not cut a long one either (EINVAL). */
	return msgrcv(id, m, max, index, IPC_NOWAIT | MSG_COPY);
}

long
ksysv_msgmax(void)
{
	struct buf	 b;
	long		 v = -1;

	buf_init(&b);
	if (read_file("/proc/sys/kernel/msgmax", &b))
		v = strtol(b.data, NULL, 10);
	buf_free(&b);
	return v > 0 ? v : -1;
}

bool
ksysv_sem(int id, struct ksysv_sem *s)
{
	union ksysv_ds	 ds;

	memset(s, 0, sizeof *s);
	if (!stat_id(KSYSV_SEM, id, &ds))
		return false;
	sem_from(&ds.sem, s);
	return true;
}

bool
ksysv_sem_values(int id, unsigned short *values)
{
	union ksysv_semun	 u = { .array = values };

	return semctl(id, 0, GETALL, u) != -1;
}

bool
ksysv_sem_num(int id, int num, struct ksysv_semnum *n)
{
	n->ncnt = semctl(id, num, GETNCNT);
	n->zcnt = semctl(id, num, GETZCNT);
	n->last_pid = (pid_t)semctl(id, num, GETPID);
	return n->ncnt != -1 && n->zcnt != -1 && n->last_pid != -1;
}

bool
ksysv_semop_request(pid_t pid, const struct task_info *ti, struct ksysv_semop *r)
{
	size_t	 n;

	memset(r, 0, sizeof *r);
	if (!ti->ok || !ti->in_call || (ti->nr != SYS_semop && ti->nr != SYS_semtimedop)) {
		errno = EINVAL;
		return false;
	}
	n = ti->args[2];
	if (n == 0) {
		errno = EINVAL;
		return false;
	}
	if (n > KSYSV_SEMOP_MAX) {
		errno = E2BIG;
		return false;
	}
	if (!maps_read_mem(pid, ti->args[1], r->ops, n * sizeof *r->ops))
		return false;
	r->id = (int)ti->args[0];
	r->nops = n;
	r->timed = ti->nr == SYS_semtimedop && ti->args[3] != 0;
	return true;
}

bool
ksysv_shm(int id, struct ksysv_shm *s)
{
	union ksysv_ds	 ds;

	memset(s, 0, sizeof *s);
	if (!stat_id(KSYSV_SHM, id, &ds))
		return false;
	shm_from(&ds.shm, s);
	return true;
}

/* The highest index used, and the stamp's other numbers; -1 if unread. */
static int
info(enum ksysv_kind kind, uint64_t *a, uint64_t *b)
{
	union ksysv_semun	 su;
	struct msginfo		 mi;
	struct seminfo		 si;
	struct shm_info		 hi;
	int			 max = -1;

	*a = *b = 0;
	switch (kind) {
	case KSYSV_MSG:
		if ((max = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi)) != -1) {
			*a = (uint64_t)mi.msgpool;	/* queues (not messages: a send
							 * changes no queue) */
		}
		break;
	case KSYSV_SEM:
		su.buf = (struct semid_ds *)(void *)&si;
		if ((max = semctl(0, 0, SEM_INFO, su)) != -1) {
			*a = (uint64_t)si.semusz;	/* sets */
			*b = (uint64_t)si.semaem;	/* semaphores */
		}
		break;
	case KSYSV_SHM:
		if ((max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&hi)) != -1) {
			*a = (uint64_t)hi.used_ids;
			*b = (uint64_t)hi.shm_tot;
		}
		break;
	}
	return max;
}

/* The stamp of what info said. */
static uint64_t
stamp_of(int max, uint64_t a, uint64_t b)
{
	/* Mixed so that no two likely states meet (FNV-1a over the three). */
	uint64_t	 v[3] = { (uint64_t)max + 1, a, b }, h = 1469598103934665603ULL;
	size_t		 i, k;

	for (i = 0; i < 3; i++) {
		for (k = 0; k < 8; k++) {
			h ^= (v[i] >> (k * 8)) & 0xff;
			h *= 1099511628211ULL;
		}
	}
	return h != 0 ? h : 1;
}

uint64_t
ksysv_stamp(enum ksysv_kind kind)
{
	uint64_t	 a, b;
	int		 max = info(kind, &a, &b);

	return max == -1 ? 0 : stamp_of(max, a, b);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct ksysv_entry	*x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

void
ksysv_table_clear(struct ksysv_table *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

bool
ksysv_fresh(const struct ksysv_table *t, enum ksysv_kind kind, uint64_t gen)
{
	return t->valid && t->kind == kind && t->gen == gen;
}

bool
ksysv_refresh(struct ksysv_table *t, enum ksysv_kind kind, uint64_t gen)
{
	struct ksysv_entry	*e;
	union ksysv_ds		 ds;
	uint64_t		 a, b;
	int			 max, idx, id;

	if (ksysv_fresh(t, kind, gen))
		return true;
	t->n = 0;
	t->kind = kind;
	t->gen = gen;
	t->valid = false;
	/* The stamp first: what changes during the read moves the next. */
	if ((max = info(kind, &a, &b)) == -1) {
		t->error = errno;
		return false;
	}
	t->error = 0;
	t->stamp = stamp_of(max, a, b);
	if (t->cap < (size_t)max + 1) {
		t->cap = (size_t)max + 1;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	/* Each index up to the highest used: the object there, if any.
	 * The ids come in the order of their indexes, not sorted (the
	 * sequence number is above the index). */
	for (idx = 0; idx <= max; idx++) {
		if ((id = stat_any(kind, idx, &ds)) < 0)
			continue;
		e = &t->v[t->n++];
		e->id = id;
		switch (kind) {
		case KSYSV_MSG:
			msgq_from(&ds.msg, &e->msgq);
			break;
		case KSYSV_SEM:
			sem_from(&ds.sem, &e->sem);
			break;
		case KSYSV_SHM:
			shm_from(&ds.shm, &e->shm);
			break;
		}
	}
	qsort(t->v, t->n, sizeof *t->v, entry_cmp);
	t->valid = true;
	return true;
}

const struct ksysv_entry *
ksysv_find(const struct ksysv_table *t, int id)
{
	struct ksysv_entry	 key;

	if (!t->valid || t->n == 0)
		return NULL;
	key.id = id;
	return bsearch(&key, t->v, t->n, sizeof *t->v, entry_cmp);
}
