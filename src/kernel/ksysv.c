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
