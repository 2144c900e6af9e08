/* klimits.c: the kernel's counters against their limits (klimits.h). */
#include "config.h"

#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksysv.h"
#include "klimits.h"
#include "procs.h"
#include "util.h"

static const struct {
	const char	*word;
	enum ksysv_kind	 kind;		/* as the kernel layer lists them */
	const char	*sysctl;
} kinds_of[LIMITS_NIPC] = {
	[LIMITS_QUEUE] = { "System V message queue", KSYSV_MSG, "kernel.msgmni" },
	[LIMITS_SET] = { "System V semaphore set", KSYSV_SEM, "kernel.sem (semmni)" },
	[LIMITS_SEGMENT] = { "System V shared memory segment", KSYSV_SHM, "kernel.shmmni" },
};

const char *
limits_ipc_word(enum limits_ipc k)
{
	return kinds_of[k].word;
}

const char *
limits_ipc_sysctl(enum limits_ipc k)
{
	return kinds_of[k].sysctl;
}

/* A number from a file of /proc/sys: its field'th (0: the first). */
static long
sysctl_long(const char *path, int field)
{
	struct buf	 b;
	const char	*p;
	char		*end;
	long		 v = -1;
	int		 i;

	buf_init(&b);
	if (read_file(path, &b)) {
		p = b.data;
		for (i = 0; i <= field; i++) {
			errno = 0;
			v = strtol(p, &end, 10);
			if (end == p || errno != 0) {
				v = -1;
				break;
			}
			p = end;
		}
	}
	buf_free(&b);
	return v;
}

static void
add_user(struct limits_ipc_entry *e, pid_t pid)
{
	size_t	 i;

	if (pid <= 0)
		return;
	for (i = 0; i < e->nusers; i++) {
		if (e->users[i] == pid)
			return;
	}
	if (e->nusers < LIMITS_USERS)
		e->users[e->nusers++] = pid;
}

static struct limits_ipc_entry *
entry_new(struct limits_ipc_table *t, enum limits_ipc k)
{
	struct limits_ipc_entry	*e;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	e = &t->v[t->n];
	memset(e, 0, sizeof *e);
	e->kind = k;
	return e;
}

/* One object of the machine's listing into a new entry. */
static void
entry_from(struct limits_ipc_table *t, enum limits_ipc k, const struct ksysv_entry *ke)
{
	struct limits_ipc_entry	*e = entry_new(t, k);

	e->id = ke->id;
	switch (k) {
	case LIMITS_QUEUE:
		e->key = ke->msgq.key;
		e->uid = ke->msgq.uid;
		e->bytes = ke->msgq.bytes;
		e->messages = ke->msgq.messages;
		e->qbytes = ke->msgq.qbytes;
		e->changed = (long long)ke->msgq.changed;
		add_user(e, ke->msgq.last_sender);
		add_user(e, ke->msgq.last_receiver);
		break;
	case LIMITS_SET:
		e->key = ke->sem.key;
		e->uid = ke->sem.uid;
		e->size = (uint64_t)ke->sem.nsems;
		e->used = (long long)ke->sem.last_op;
		e->changed = (long long)ke->sem.changed;
		break;
	default:
		e->key = ke->shm.key;
		e->uid = ke->shm.uid;
		e->size = ke->shm.size;
		e->creator = ke->shm.creator;
		add_user(e, ke->shm.last_user);
		e->attached = ke->shm.nattch;
		break;
	}
	t->n++;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct limits_ipc_entry	*x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* What the listing does not say: the last semop of each of a set's
 * semaphores; from prev (sorted) when the same set has not changed
 * since. */
static void
complete(struct limits_ipc_entry *e, const struct limits_ipc_table *prev)
{
	const struct limits_ipc_entry	*old = NULL;
	uint64_t			 i;
	int				 pid;

	if (e->kind != LIMITS_SET || e->used == 0)
		return;		/* never operated on: no last pid */
	if (prev != NULL && prev->n > 0)
		old = bsearch(e, prev->v, prev->n, sizeof *prev->v, entry_cmp);
	if (old != NULL && old->changed == e->changed && old->used == e->used) {
		memcpy(e->users, old->users, sizeof e->users);
		e->nusers = old->nusers;
		return;
	}
	for (i = 0; i < e->size && e->nusers < LIMITS_USERS; i++) {
		pid = semctl(e->id, (int)i, GETPID);
		if (pid == -1)
			break;
		add_user(e, pid);
	}
}

bool
limits_ipc_read(struct limits_ipc_table *t, struct limits_ipc_table *prev, unsigned int kinds,
    struct ksysv_table *listed, uint64_t gen)
{
	static const char *const	 maxfile[LIMITS_NIPC] = {
		[LIMITS_QUEUE] = "/proc/sys/kernel/msgmni",
		[LIMITS_SET] = "/proc/sys/kernel/sem",
		[LIMITS_SEGMENT] = "/proc/sys/kernel/shmmni",
	};
	struct ksysv_table	 own;
	struct ksysv_table	*kt;
	struct limits_ipc_entry	*e;
	size_t			 first, i;
	int			 k;

	limits_ipc_clear(t);
	if (prev != NULL && prev->n > 0)
		qsort(prev->v, prev->n, sizeof *prev->v, entry_cmp);
	if (prev == NULL || !prev->ok)
		kinds = LIMITS_ALL;
	memset(&own, 0, sizeof own);
	for (k = 0; k < LIMITS_NIPC; k++) {
		first = t->n;
		if (!(kinds & (1u << k))) {
			/* Not read again: as the last table has it. */
			for (i = 0; i < prev->n; i++) {
				if (prev->v[i].kind != (enum limits_ipc)k)
					continue;
				e = entry_new(t, (enum limits_ipc)k);
				*e = prev->v[i];
				t->n++;
			}
			t->in_use[k] = prev->in_use[k];
			t->max[k] = prev->max[k];
			continue;
		}
		/* The caller's listing of the kind (read unless it is of
		 * gen), or one read here. */
		kt = listed != NULL ? &listed[kinds_of[k].kind] : &own;
		if (!ksysv_refresh(kt, kinds_of[k].kind, listed != NULL ? gen : 0)) {
			t->ok = false;
			t->error = kt->error;
			ksysv_table_clear(&own);
			errno = t->error;
			return false;
		}
		for (i = 0; i < kt->n; i++)
			entry_from(t, (enum limits_ipc)k, &kt->v[i]);
		t->in_use[k] = t->n - first;
		/* kernel.sem: semmsl semmns semopm semmni. */
		t->max[k] = sysctl_long(maxfile[k], k == LIMITS_SET ? 3 : 0);
		for (i = first; i < t->n; i++)
			complete(&t->v[i], prev);
	}
	ksysv_table_clear(&own);
	t->ok = true;
	return true;
}

unsigned int
limits_ipc_listed(const struct ksysv_table *listed, uint64_t gen)
{
	unsigned int	 kinds = 0;
	int		 k;

	for (k = 0; k < LIMITS_NIPC; k++) {
		if (ksysv_fresh(&listed[kinds_of[k].kind], kinds_of[k].kind, gen))
			kinds |= 1u << k;
	}
	return kinds;
}

bool
limits_ipc_counts(struct limits_ipc_counts *c)
{
	struct msginfo		 mi;
	struct seminfo		 si;
	struct shm_info		 hi;
	union {
		int		 val;
		struct seminfo	*info;
	} arg;

	memset(c, 0, sizeof *c);
	memset(&mi, 0, sizeof mi);
	memset(&si, 0, sizeof si);
	memset(&hi, 0, sizeof hi);
	arg.info = &si;
	if (msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi) == -1 ||
	    semctl(0, 0, SEM_INFO, arg) == -1 ||
	    shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&hi) == -1)
		return false;
	c->n[LIMITS_QUEUE] = (uint64_t)mi.msgpool;
	c->messages = (uint64_t)mi.msgmap;
	c->bytes = (uint64_t)mi.msgtql;
	c->n[LIMITS_SET] = (uint64_t)si.semusz;
	c->semaphores = (uint64_t)si.semaem;
	c->n[LIMITS_SEGMENT] = (uint64_t)hi.used_ids;
	c->pages = (uint64_t)hi.shm_tot;
	c->ok = true;
	return true;
}

void
limits_ipc_clear(struct limits_ipc_table *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

bool
limits_pid_alive(pid_t pid)
{
	struct proc_entry	 pe;

	if (pid <= 0 || !procs_read(pid, &pe))
		return false;
	return pe.state != 'Z' && pe.state != 'X';
}

/* "SigQ:\t3/63432" in /proc/PID/status. */
static bool
status_sigq(const char *status, uint64_t *queued, uint64_t *max)
{
	const char		*p = strstr(status, "\nSigQ:");
	unsigned long long	 q, m;

	if (p == NULL || sscanf(p + 6, " %llu/%llu", &q, &m) != 2)
		return false;
	*queued = q;
	*max = m;
	return true;
}

/* "Max open files            1024                 1048576              files"
 * in /proc/PID/limits, for a process prlimit may not ask. */
static bool
limits_nofile(pid_t pid, uint64_t *soft)
{
	struct rlimit	 rl;
	struct buf	 b;
	char		 path[64];
	const char	*p;
	bool		 ok = false;

	if (prlimit(pid, RLIMIT_NOFILE, NULL, &rl) == 0) {
		*soft = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_cur;
		return true;
	}
	snprintf(path, sizeof path, "/proc/%d/limits", (int)pid);
	buf_init(&b);
	if (read_file(path, &b) && (p = strstr(b.data, "Max open files")) != NULL) {
		p += strlen("Max open files");
		while (*p == ' ')
			p++;
		if (strncmp(p, "unlimited", 9) == 0) {
			*soft = UINT64_MAX;
			ok = true;
		} else
			ok = sscanf(p, "%" SCNu64, soft) == 1;
	}
	buf_free(&b);
	return ok;
}

bool
limits_fds(pid_t pid, uint64_t *n)
{
	struct stat	 st;
	char		 path[64];

	/* Since Linux 6.2 the size of /proc/PID/fd is the number of open
	 * descriptors. */
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	if (stat(path, &st) == -1 || st.st_size <= 0)
		return false;
	*n = (uint64_t)st.st_size;
	return true;
}

bool
limits_proc_read(pid_t pid, struct limits_proc *lp)
{
	struct buf	 b;
	char		 path[64];
	bool		 any = false;

	memset(lp, 0, sizeof *lp);
	buf_init(&b);
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (read_file(path, &b)) {
		const char	*u = strstr(b.data, "\nUid:");
		unsigned int	 uid;

		lp->sigq_known = status_sigq(b.data, &lp->sigq, &lp->sigq_max);
		if (u != NULL && sscanf(u + 5, " %u", &uid) == 1) {
			lp->uid = (uid_t)uid;
			lp->uid_known = true;
		}
		any = true;
	}
	buf_free(&b);
	lp->fds_known = limits_fds(pid, &lp->fds);
	lp->nofile_known = limits_nofile(pid, &lp->nofile);
	return any || lp->fds_known || lp->nofile_known;
}

long
limits_buffer_pages_soft(void)
{
	return sysctl_long("/proc/sys/fs/pipe-user-pages-soft", 0);
}

const char *
limits_buffer_pages_sysctl(void)
{
	return "fs.pipe-user-pages-soft";
}
