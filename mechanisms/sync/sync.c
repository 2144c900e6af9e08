/* sync.c: locks and semaphores taken by the memory workloads (sync.h). */
#include "config.h"

#include <sys/ipc.h>
#include <sys/sem.h>

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <string.h>

#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "sync.h"

bool
sync_arg(struct call *c, const char *argname, struct sync_ref *r, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, argname);
	struct object		*o;

	r->kind = SYNC_NONE;
	r->where = 0;
	if (!a->present)
		return true;
	c->err_column = a->column;
	if ((o = lab_object(c->lab, a->str)) == NULL) {
		*cause = xasprintf("no semaphore or mutex called %s", a->str);
		return false;
	}
	if (o->mech->sync_ref == NULL) {
		*cause = xasprintf("%s is a %s: a semaphore (System V or POSIX) or a mutex will do",
		    o->name, o->mech->name);
		return false;
	}
	if (!o->mech->sync_ref(c, o, r, cause))
		return false;
	c->err_column = 0;
	return true;
}

static int
sysv_op(int id, short op)
{
	struct sembuf	 sb = { 0, op, 0 };

	while (semop(id, &sb, 1) == -1) {
		if (errno != EINTR)
			return errno;
	}
	return 0;
}

int
sync_take(const struct sync_ref *r)
{
	switch (r->kind) {
	case SYNC_SYSV_SEM:
		return sysv_op((int)r->where, -1);
	case SYNC_POSIX_SEM:
		while (sem_wait((sem_t *)(uintptr_t)r->where) == -1) {
			if (errno != EINTR)
				return errno;
		}
		return 0;
	case SYNC_MUTEX:
		return pthread_mutex_lock((pthread_mutex_t *)(uintptr_t)r->where);
	default:
		return 0;
	}
}

int
sync_give(const struct sync_ref *r)
{
	switch (r->kind) {
	case SYNC_SYSV_SEM:
		return sysv_op((int)r->where, 1);
	case SYNC_POSIX_SEM:
		return sem_post((sem_t *)(uintptr_t)r->where) == -1 ? errno : 0;
	case SYNC_MUTEX:
		return pthread_mutex_unlock((pthread_mutex_t *)(uintptr_t)r->where);
	default:
		return 0;
	}
}

void
sync_add_call(struct buf *b, const struct sync_ref *r, bool take, const char *name)
{
	switch (r->kind) {
	case SYNC_SYSV_SEM:
		buf_printf(b, "semop(%lld<%s>, {0, %s, 0}, 1)", (long long)r->where, name,
		    take ? "-1" : "+1");
		break;
	case SYNC_POSIX_SEM:
		buf_printf(b, "%s(%s)", take ? "sem_wait" : "sem_post", name);
		break;
	case SYNC_MUTEX:
		buf_printf(b, "%s(%s)", take ? "pthread_mutex_lock" : "pthread_mutex_unlock", name);
		break;
	default:
		break;
	}
}
