/* schedclock.c: each CPU's task clock against CLOCK_MONOTONIC (schedclock.h). */
#include "config.h"

#include <sched.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procparse.h"
#include "schedclock.h"
#include "util.h"

/* Tries per CPU: the one read in the shortest window is kept. */
#define MEASURE_TRIES	3

void
sched_clock_clear(struct sched_clock *c)
{
	freep(&c->offset);
	freep(&c->how);
	c->ncpu = 0;
	c->ok = false;
	c->taken = 0;
}

/* The calling thread's exec_start: false with errno. */
static bool
own_exec_start(uint64_t *ns)
{
	char		 buf[4096];
	ssize_t		 n;
	unsigned long long v;
	int		 fd;

	if ((fd = open("/proc/thread-self/sched", O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	do
		n = read(fd, buf, sizeof buf - 1);
	while (n == -1 && errno == EINTR);
	close(fd);
	if (n <= 0) {
		errno = n == 0 ? EINVAL : errno;
		return false;
	}
	if (!procparse_sched_exec_start(buf, (size_t)n, &v)) {
		errno = EINVAL;
		return false;
	}
	*ns = v;
	return true;
}

/* The offset of the CPU the calling thread is on, which must be cpu.
 * sched_yield updates the caller's exec_start to the task clock now;
 * CLOCK_MONOTONIC read just after is ahead of it by the offset, give or
 * take the time between (the window: microseconds; longer if a tick or
 * another task came between, which the shortest of several leaves out). */
static bool
measure_here(int cpu, int64_t *offset)
{
	int64_t		 before, mono, after, window, best = INT64_MAX;
	uint64_t	 task;
	int		 i;

	for (i = 0; i < MEASURE_TRIES; i++) {
		before = now_ns();
		sched_yield();
		mono = now_ns();
		if (!own_exec_start(&task))
			return false;
		after = now_ns();
		if (sched_getcpu() != cpu)
			continue;
		window = after - before;
		if (window < best) {
			best = window;
			*offset = mono - (int64_t)task;
		}
	}
	if (best == INT64_MAX) {
		errno = EAGAIN;
		return false;
	}
	return true;
}

/* Each CPU's stolen time from /proc/stat, in ns (-1: not listed). */
static void
read_steal(int64_t *steal, int ncpu)
{
	struct buf		 b;
	const char		*p, *end, *nl;
	unsigned long long	 ticks;
	long			 hz = sysconf(_SC_CLK_TCK);
	int			 cpu, i;

	for (i = 0; i < ncpu; i++)
		steal[i] = -1;
	buf_init(&b);
	if (hz > 0 && read_file("/proc/stat", &b)) {
		end = b.data + b.len;
		for (p = b.data; p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			if (procparse_cpu_steal(p, (size_t)(nl - p), &cpu, &ticks) && cpu < ncpu)
				steal[cpu] = (int64_t)(ticks * (NS_PER_S / (unsigned long long)hz));
		}
	}
	buf_free(&b);
}

/* CPUs not measured take a measured one's offset, moved by how much
 * more or less has been stolen from them. */
static void
estimate_rest(struct sched_clock *c)
{
	int64_t	*steal = xcalloc((size_t)c->ncpu, sizeof *steal);
	int	 ref = -1, i;

	read_steal(steal, c->ncpu);
	for (i = 0; i < c->ncpu && ref == -1; i++) {
		if (c->how[i] == SCHED_OFFSET_MEASURED && steal[i] != -1)
			ref = i;
	}
	for (i = 0; i < c->ncpu && ref == -1; i++) {
		if (c->how[i] == SCHED_OFFSET_MEASURED)
			ref = i;
	}
	for (i = 0; i < c->ncpu; i++) {
		if (c->how[i] != SCHED_OFFSET_NONE || ref == -1)
			continue;
		c->offset[i] = c->offset[ref];
		if (steal[i] != -1 && steal[ref] != -1)
			c->offset[i] += steal[i] - steal[ref];
		c->how[i] = SCHED_OFFSET_ESTIMATED;
	}
	free(steal);
}

/* Measure cpu, on which the calling thread is now; false with errno. */
static bool
measure_cpu(struct sched_clock *c, int cpu)
{
	if (cpu < 0 || cpu >= c->ncpu) {
		errno = EINVAL;
		return false;
	}
	if (!measure_here(cpu, &c->offset[cpu]))
		return false;
	c->how[cpu] = SCHED_OFFSET_MEASURED;
	c->ok = true;
	return true;
}

bool
sched_clock_measure(struct sched_clock *c)
{
	cpu_set_t	*old, *one;
	size_t		 size;
	long		 conf = sysconf(_SC_NPROCESSORS_CONF);
	int		 cpu, error = 0;
	bool		 moved = false;

	sched_clock_clear(c);
	c->ncpu = conf > 0 && conf < 65536 ? (int)conf : 1;
	c->offset = xcalloc((size_t)c->ncpu, sizeof *c->offset);
	c->how = xcalloc((size_t)c->ncpu, sizeof *c->how);
	size = CPU_ALLOC_SIZE(c->ncpu);
	if ((old = CPU_ALLOC(c->ncpu)) == NULL || (one = CPU_ALLOC(c->ncpu)) == NULL)
		fatal("out of memory");
	if (sched_getaffinity(0, size, old) == -1) {
		/* Where to move back to is not known: only the CPU it is on. */
		if (!measure_cpu(c, sched_getcpu()))
			error = errno;
		CPU_ZERO_S(size, old);
	}
	for (cpu = 0; cpu < c->ncpu; cpu++) {
		/* Only where the caller may run: a thread that was pinned
		 * stays on its CPUs. */
		if (!CPU_ISSET_S(cpu, size, old))
			continue;
		CPU_ZERO_S(size, one);
		CPU_SET_S(cpu, size, one);
		if (sched_setaffinity(0, size, one) == -1)
			continue;	/* offline, or outside the cpuset */
		moved = true;
		if (!measure_cpu(c, cpu) && error == 0)
			error = errno;
	}
	if (moved && sched_setaffinity(0, size, old) == -1) {
		/* Its cpuset changed meanwhile: any CPU the kernel allows. */
		for (cpu = 0; cpu < c->ncpu; cpu++)
			CPU_SET_S(cpu, size, one);
		(void)sched_setaffinity(0, size, one);
	}
	CPU_FREE(old);
	CPU_FREE(one);
	c->taken = now_ns();
	if (!c->ok) {
		errno = error != 0 ? error : EINVAL;
		return false;
	}
	estimate_rest(c);
	return true;
}

bool
sched_clock_monotonic(const struct sched_clock *c, int cpu, uint64_t task_ns, int64_t *mono,
    bool *estimated)
{
	if (!c->ok || cpu < 0 || cpu >= c->ncpu || c->how[cpu] == SCHED_OFFSET_NONE)
		return false;
	*mono = (int64_t)task_ns + c->offset[cpu];
	*estimated = c->how[cpu] == SCHED_OFFSET_ESTIMATED;
	return true;
}
