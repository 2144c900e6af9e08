/* klimits.c: the kernel's counters against their limits (klimits.h). */
#include "config.h"

#include <sys/resource.h>
#include <sys/sem.h>
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
	const char	*file;		/* in /proc/sysvipc */
	const char	*sysctl;
} kinds[LIMITS_NIPC] = {
	[LIMITS_QUEUE] = { "System V message queue", "msg", "kernel.msgmni" },
	[LIMITS_SET] = { "System V semaphore set", "sem", "kernel.sem (semmni)" },
	[LIMITS_SEGMENT] = { "System V shared memory segment", "shm", "kernel.shmmni" },
};

const char *
limits_ipc_word(enum limits_ipc k)
{
	return kinds[k].word;
}

const char *
limits_ipc_sysctl(enum limits_ipc k)
{
	return kinds[k].sysctl;
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

/* One line of /proc/sysvipc/FILE into a new entry: false for the header
 * or a line that does not parse. */
static bool
parse_line(struct limits_ipc_table *t, enum limits_ipc k, const char *line)
{
	struct limits_ipc_entry	*e = entry_new(t, k);
	unsigned long long	 a, b;
	unsigned int		 perms, uid;
	int			 key, id, p1, p2, n;

	switch (k) {
	case LIMITS_QUEUE:
		/* key msqid perms cbytes qnum lspid lrpid uid ... */
		n = sscanf(line, "%d %d %o %llu %llu %d %d %u", &key, &id, &perms, &a, &b,
		    &p1, &p2, &uid);
		if (n != 8)
			return false;
		e->bytes = a;
		e->messages = b;
		add_user(e, p1);
		add_user(e, p2);
		break;
	case LIMITS_SET:
		/* key semid perms nsems uid ... */
		n = sscanf(line, "%d %d %o %llu %u", &key, &id, &perms, &a, &uid);
		if (n != 5)
			return false;
		e->size = a;
		break;
	case LIMITS_SEGMENT:
		/* key shmid perms size cpid lpid nattch uid ... */
		n = sscanf(line, "%d %d %o %llu %d %d %llu %u", &key, &id, &perms, &a, &p1,
		    &p2, &b, &uid);
		if (n != 8)
			return false;
		e->size = a;
		e->creator = p1;
		add_user(e, p2);
		e->attached = b;
		break;
	default:
		return false;
	}
	e->key = (key_t)key;
	e->id = id;
	e->uid = (uid_t)uid;
	t->n++;
	return true;
}

/* What /proc/sysvipc does not say: a queue's limit in bytes when it
 * holds some, the last semop of each of a set's semaphores. */
static void
complete(struct limits_ipc_entry *e)
{
	struct ksysv_msgq	 q;
	uint64_t		 i;
	int			 pid;

	if (e->kind == LIMITS_QUEUE && e->bytes > 0 && ksysv_msgq(e->id, &q))
		e->qbytes = q.qbytes;
	if (e->kind == LIMITS_SET) {
		for (i = 0; i < e->size && e->nusers < LIMITS_USERS; i++) {
			pid = semctl(e->id, (int)i, GETPID);
			if (pid == -1)
				break;
			add_user(e, pid);
		}
	}
}

bool
limits_ipc_read(struct limits_ipc_table *t)
{
	static const char *const	 maxfile[LIMITS_NIPC] = {
		[LIMITS_QUEUE] = "/proc/sys/kernel/msgmni",
		[LIMITS_SET] = "/proc/sys/kernel/sem",
		[LIMITS_SEGMENT] = "/proc/sys/kernel/shmmni",
	};
	struct buf		 b;
	char			 path[64];
	char			*line, *next;
	size_t			 first;
	int			 k;

	limits_ipc_clear(t);
	buf_init(&b);
	for (k = 0; k < LIMITS_NIPC; k++) {
		snprintf(path, sizeof path, "/proc/sysvipc/%s", kinds[k].file);
		if (!read_file(path, &b)) {
			t->ok = false;
			t->error = errno;
			buf_free(&b);
			errno = t->error;
			return false;
		}
		first = t->n;
		for (line = b.data; line != NULL && *line != '\0'; line = next) {
			next = strchr(line, '\n');
			if (next != NULL)
				*next++ = '\0';
			(void)parse_line(t, (enum limits_ipc)k, line);
		}
		t->in_use[k] = t->n - first;
		/* kernel.sem: semmsl semmns semopm semmni. */
		t->max[k] = sysctl_long(maxfile[k], k == LIMITS_SET ? 3 : 0);
	}
	buf_free(&b);
	for (first = 0; first < t->n; first++)
		complete(&t->v[first]);
	t->ok = true;
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
limits_proc_read(pid_t pid, struct limits_proc *lp)
{
	struct buf	 b;
	struct stat	 st;
	char		 path[64];
	bool		 any = false;

	memset(lp, 0, sizeof *lp);
	buf_init(&b);
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (read_file(path, &b)) {
		lp->sigq_known = status_sigq(b.data, &lp->sigq, &lp->sigq_max);
		any = true;
	}
	buf_free(&b);
	/* Since Linux 6.2 the size of /proc/PID/fd is the number of open
	 * descriptors. */
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	if (stat(path, &st) == 0 && st.st_size > 0) {
		lp->fds = (uint64_t)st.st_size;
		lp->fds_known = true;
	}
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
