/* maps.c: a process's mappings and its memory (maps.h). */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "maps.h"
#include "procparse.h"
#include "util.h"

void
map_table_clear(struct map_table *t)
{
	freep(&t->v);
	t->n = 0;
	t->ok = false;
}

bool
maps_read(pid_t pid, struct map_table *t)
{
	struct proc_map	 m;
	struct buf	 b;
	char		 path[64];
	size_t		 pos = 0, cap = 0;
	bool		 ok;
	int		 saved;

	map_table_clear(t);
	buf_init(&b);
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	if (!read_file(path, &b)) {
		saved = errno;
		buf_free(&b);
		errno = saved;
		return false;
	}
	while (procparse_maps_line(b.data, b.len, &pos, &m, &ok)) {
		/* Private anonymous memory (heap, stacks) is nobody else's. */
		if (!ok || (m.ino == 0 && !m.shared))
			continue;
		if (t->n == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			t->v = xreallocarray(t->v, cap, sizeof *t->v);
		}
		t->v[t->n++] = (struct map_entry){
			.start = m.start, .end = m.end, .offset = m.offset,
			.id = { makedev(m.major, m.minor), (ino_t)m.ino, -1 },
			.read = m.read, .write = m.write, .exec = m.exec, .shared = m.shared,
			.sysv = m.pathlen > 5 && strncmp(m.path, "/SYSV", 5) == 0,
		};
	}
	buf_free(&b);
	t->ok = true;
	return true;
}

const struct map_entry *
map_table_find(const struct map_table *t, unsigned long addr)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		if (addr >= t->v[i].start && addr < t->v[i].end)
			return &t->v[i];
	}
	return NULL;
}

bool
maps_read_mem(pid_t pid, unsigned long addr, void *p, size_t len)
{
	struct iovec	 local = { p, len }, remote = { (void *)addr, len };
	ssize_t		 n;

	n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return true;
	if (n >= 0)
		errno = EFAULT;	/* only part of it is mapped */
	return false;
}

long
maps_copied_kb(pid_t pid, unsigned long start)
{
	struct buf	 b;
	char		 path[64], head[32];
	const char	*p, *q;
	long		 kb = -1;
	int		 n, saved;

	buf_init(&b);
	snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
	if (!read_file(path, &b)) {
		saved = errno;
		buf_free(&b);
		errno = saved;
		return -1;
	}
	n = snprintf(head, sizeof head, "%lx-", start);
	for (p = b.data; p != NULL && *p != '\0'; p = (q = strchr(p, '\n')) != NULL ? q + 1 : NULL) {
		if (strncmp(p, head, (size_t)n) != 0)
			continue;
		if ((q = strstr(p, "\nAnonymous:")) != NULL)
			kb = strtol(q + 11, NULL, 10);
		break;
	}
	buf_free(&b);
	if (kb == -1)
		errno = ENOENT;
	return kb;
}

int64_t
maps_file_size(pid_t pid, unsigned long start, unsigned long end)
{
	struct stat	 st;
	char		 path[96];
	int		 fd, saved;

	snprintf(path, sizeof path, "/proc/%d/map_files/%lx-%lx", (int)pid, start, end);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	return (int64_t)st.st_size;
}
