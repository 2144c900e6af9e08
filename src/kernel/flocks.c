/* flocks.c: file locks from /proc/locks, fdinfo and blocked calls (flocks.h). */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flocks.h"
#include "maps.h"
#include "util.h"

void
lock_table_clear(struct lock_table *t)
{
	freep(&t->v);
	t->n = 0;
	t->ok = false;
}

/* Add the locks of text to t: lines of /proc/locks, or of fdinfo,
 * whose lock lines are those with "lock:" before a /proc/locks line
 * (the other lines, "pos:\t0", are no lock to the parser). */
static void
add_locks(struct lock_table *t, const char *text, size_t len)
{
	struct proc_lock	 l;
	const char		*p = text, *end = text + len, *nl;
	size_t			 cap = t->n;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (!procparse_lock(p, (size_t)(nl - p), &l))
			continue;
		if (t->n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			t->v = xreallocarray(t->v, cap, sizeof *t->v);
		}
		t->v[t->n++] = l;
	}
}

/* Read path into t: false with errno if it cannot be read. */
static bool
read_locks(const char *path, struct lock_table *t)
{
	struct buf	 b;
	int		 saved;

	lock_table_clear(t);
	buf_init(&b);
	if (!read_file(path, &b)) {
		saved = errno;
		buf_free(&b);
		errno = saved;
		return false;
	}
	add_locks(t, b.data, b.len);
	buf_free(&b);
	t->ok = true;
	return true;
}

bool
flocks_read(struct lock_table *t)
{
	return read_locks("/proc/locks", t);
}

bool
flocks_read_fd(pid_t pid, int fd, struct lock_table *t)
{
	char	 path[64];

	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)pid, fd);
	return read_locks(path, t);
}

static bool
lock_eq(const struct proc_lock *a, const struct proc_lock *b)
{
	return a->id == b->id && a->waiter == b->waiter && a->kind == b->kind &&
	    a->type == b->type && a->pid == b->pid && a->major == b->major &&
	    a->minor == b->minor && a->ino == b->ino && a->start == b->start && a->end == b->end;
}

bool
lock_table_eq(const struct lock_table *a, const struct lock_table *b)
{
	size_t	 i;

	if (a->ok != b->ok || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		if (!lock_eq(&a->v[i], &b->v[i]))
			return false;
	}
	return true;
}

/* Where l_whence counts from: 0, the descriptor's position, or the
 * file's end. */
static bool
whence_base(pid_t pid, int fd, int whence, long long *base)
{
	struct stat	 st;
	char		 path[64], value[32];
	char		*end;

	switch (whence) {
	case SEEK_SET:
		*base = 0;
		return true;
	case SEEK_CUR:
		if (!probe_fdinfo_field(pid, fd, "pos", value, sizeof value))
			return false;
		*base = strtoll(value, &end, 10);
		if (*end != '\0') {
			errno = EINVAL;
			return false;
		}
		return true;
	case SEEK_END:
		snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
		if (stat(path, &st) == -1)
			return false;
		*base = (long long)st.st_size;
		return true;
	}
	errno = EINVAL;
	return false;
}

bool
flocks_request(pid_t pid, const struct task_info *ti, struct lock_request *r)
{
	struct flock	 fl;
	long long	 base;

	memset(r, 0, sizeof *r);
	if (!ti->ok || !ti->in_call) {
		errno = EINVAL;
		return false;
	}
	r->fd = (int)ti->args[0];
	if (ti->nr == SYS_flock) {
		r->kind = LK_FLOCK;
		r->type = (ti->args[1] & LOCK_EX) != 0 ? LT_WRITE : LT_READ;
		r->start = 0;
		r->end = -1;
		return true;
	}
	if (ti->nr != SYS_fcntl || (ti->args[1] != F_SETLKW && ti->args[1] != F_OFD_SETLKW)) {
		errno = EINVAL;
		return false;
	}
	if (!maps_read_mem(pid, ti->args[2], &fl, sizeof fl))
		return false;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK) {
		errno = EINVAL;	/* F_UNLCK does not wait */
		return false;
	}
	if (!whence_base(pid, r->fd, fl.l_whence, &base))
		return false;
	r->kind = ti->args[1] == F_SETLKW ? LK_POSIX : LK_OFD;
	r->type = fl.l_type == F_WRLCK ? LT_WRITE : LT_READ;
	/* As the kernel makes a range of it: a negative length reaches
	 * back from the start, none reaches to the end. */
	r->start = base + fl.l_start;
	if (fl.l_len > 0)
		r->end = r->start + fl.l_len - 1;
	else if (fl.l_len < 0) {
		r->end = r->start - 1;
		r->start += fl.l_len;
	} else
		r->end = -1;
	return true;
}
