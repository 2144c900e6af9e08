/* schedclock.h: the scheduler's clock turned into CLOCK_MONOTONIC.
 *
 * /proc/PID/task/TID/sched's se.exec_start is when the thread last ran,
 * on the task clock of the CPU it ran on: that CPU's scheduler clock
 * (ns since boot) less the time the hypervisor stole from the CPU, and
 * the time spent in interrupts when the kernel accounts it apart
 * (CONFIG_IRQ_TIME_ACCOUNTING). So each CPU's task clock is behind
 * CLOCK_MONOTONIC by an offset of its own, which grows as time is
 * stolen: seconds on a virtual machine that has been up for hours, and
 * different on each CPU (on one up for 8.6 hours, 6.01 s on one CPU and
 * 5.33 s on the other, the difference being what /proc/stat shows
 * stolen from each).
 *
 * The offset of a CPU is measured: the calling thread moves to it,
 * yields (which sets its exec_start to the task clock now) and reads its
 * own exec_start beside CLOCK_MONOTONIC; then it moves back. That costs
 * two context switches per CPU; the offsets change only by the time
 * stolen since, so measuring every few seconds is enough. A CPU the
 * calling thread may not run on (its affinity) is estimated from a
 * measured one and the difference of their stolen time in /proc/stat
 * (to some tens of milliseconds: 33 ms off on that machine, where the
 * measured offsets differ by 687 ms; time in interrupts is not in it).
 *
 * What it cannot undo: time stolen from a CPU while a thread slept is
 * in the offset measured after, so a sleep that began before the
 * measurement is made to look as much shorter (on that machine, some
 * 0.2 ms a second on average). CLOCK_BOOTTIME is CLOCK_MONOTONIC plus
 * the time suspended; converted to CLOCK_MONOTONIC, a sleep that spans
 * a suspend shows as short as CLOCK_MONOTONIC has it. */
#ifndef SCHEDCLOCK_H
#define SCHEDCLOCK_H

#include <stdbool.h>
#include <stdint.h>

enum sched_offset {
	SCHED_OFFSET_NONE,	/* not known: the CPU is offline, or nothing measured */
	SCHED_OFFSET_MEASURED,	/* on the CPU, to some microseconds */
	SCHED_OFFSET_ESTIMATED,	/* from another CPU's and their stolen time */
};

struct sched_clock {
	bool		 ok;		/* at least one CPU was measured */
	int		 ncpu;		/* CPUs 0 to ncpu-1 (those configured) */
	int64_t		*offset;	/* CLOCK_MONOTONIC less each CPU's task clock, ns */
	enum sched_offset *how;
	int64_t		 taken;		/* CLOCK_MONOTONIC when it was measured */
};

/* Measure each CPU's offset (see above); the calling thread's affinity is
 * as it was after. False with errno if no CPU could be measured (no
 * /proc/thread-self/sched: a kernel without scheduler debugging). */
bool	 sched_clock_measure(struct sched_clock *);
void	 sched_clock_clear(struct sched_clock *);
/* The CLOCK_MONOTONIC time of task-clock time task_ns on cpu, in *mono;
 * *estimated says whether the CPU's offset was estimated. False if the
 * CPU's offset is not known. */
bool	 sched_clock_monotonic(const struct sched_clock *, int cpu, uint64_t task_ns,
	    int64_t *mono, bool *estimated);

#endif
