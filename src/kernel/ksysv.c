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

bool
ksysv_msgq(int id, struct ksysv_msgq *q)
{
	struct msqid_ds	 ds;

	memset(q, 0, sizeof *q);
	if (msgctl(id, IPC_STAT, &ds) == -1)
		return false;
	q->key = ds.msg_perm.__key;
	q->mode = ds.msg_perm.mode;
	q->messages = ds.msg_qnum;
	q->bytes = ds.__msg_cbytes;
	q->qbytes = ds.msg_qbytes;
	q->last_sender = ds.msg_lspid;
	q->last_receiver = ds.msg_lrpid;
	q->sent = ds.msg_stime;
	q->received = ds.msg_rtime;
	q->changed = ds.msg_ctime;
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
	struct semid_ds		 ds;
	union ksysv_semun	 u = { .buf = &ds };

	memset(s, 0, sizeof *s);
	if (semctl(id, 0, IPC_STAT, u) == -1)
		return false;
	s->key = ds.sem_perm.__key;
	s->mode = ds.sem_perm.mode;
	s->nsems = (int)ds.sem_nsems;
	s->last_op = ds.sem_otime;
	s->changed = ds.sem_ctime;
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
	struct shmid_ds	 ds;

	memset(s, 0, sizeof *s);
	if (shmctl(id, IPC_STAT, &ds) == -1)
		return false;
	s->key = ds.shm_perm.__key;
	s->mode = ds.shm_perm.mode;
	/* IPC_RMID while attached: the kernel marks it and frees it when
	 * the last process detaches. */
	s->removed = (ds.shm_perm.mode & SHM_DEST) != 0;
	s->size = ds.shm_segsz;
	s->nattch = ds.shm_nattch;
	s->creator = ds.shm_cpid;
	s->last_user = ds.shm_lpid;
	s->attached = ds.shm_atime;
	s->detached = ds.shm_dtime;
	s->changed = ds.shm_ctime;
	return true;
}

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

uint64_t
ksysv_stamp(enum ksysv_kind kind)
{
	uint64_t	 a, b;
	int		 max = info(kind, &a, &b);

	if (max == -1)
		return 0;
	/* Mixed so that no two likely states meet (FNV-1a over the three). */
	{
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
}

static int
ksysv_int64_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

ssize_t
ksysv_list(enum ksysv_kind kind, int64_t **ids)
{
	union ksysv_semun	 su;
	struct msqid_ds		 mq;
	struct semid_ds		 sd;
	struct shmid_ds		 sh;
	uint64_t		 a, b;
	size_t			 n = 0;
	int			 max, idx, id;

	*ids = NULL;
	if ((max = info(kind, &a, &b)) == -1)
		return -1;
	*ids = xcalloc((size_t)max + 2, sizeof **ids);
	/* Each index up to the highest used: the id there, if any (the
	 * _ANY commands ask no read permission: a listing, as ipcs). */
	for (idx = 0; idx <= max; idx++) {
		switch (kind) {
		case KSYSV_MSG:
			id = msgctl(idx, MSG_STAT_ANY, &mq);
			break;
		case KSYSV_SEM:
			su.buf = &sd;
			id = semctl(idx, 0, SEM_STAT_ANY, su);
			break;
		default:
			id = shmctl(idx, SHM_STAT_ANY, &sh);
			break;
		}
		if (id >= 0)
			(*ids)[n++] = id;
	}
	qsort(*ids, n, sizeof **ids, ksysv_int64_cmp);
	return (ssize_t)n;
}
