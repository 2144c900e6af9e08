/* kernel.h: the kernel layer (src/kernel, libkernel.a): everything that
 * reads the kernel's state, for any process the user may read, not only
 * the lab's actors. Its rules:
 *
 * - It takes what the kernel names things by: a pid, a tid, a pidfd, a
 *   descriptor number, an identity (device and inode, struct fd_id), a
 *   System V id. It knows no actor, object, lab or mechanism.
 * - A reader returns bool (or -1) with errno set, or fills an ok flag
 *   and an error in what it returns. What the kernel says (gone, not
 *   permitted, not there) is an answer, never fatal(): fatal() and the
 *   aborting allocators are for bugs and memory.
 * - What it allocates goes into a table the caller owns (struct
 *   fd_table, map_table, lock_table, pipe_info, netdiag), emptied and
 *   freed by the table's *_clear.
 * - It never opens an object anew to look at it (an open of a FIFO
 *   wakes a blocked opener): it duplicates a descriptor the process
 *   holds (pidfd_getfd) and closes it at once. A POSIX queue, whose
 *   open changes nothing, is the exception.
 * - Its files include only libc, <linux/...>, src/base and src/kernel
 *   headers. It builds as libkernel.a, and its unit tests
 *   (tests/unit/kernel) link with libkernel.a and libbase.a alone:
 *   that they link is the proof that it needs nothing above it.
 *
 * The readers, one header each:
 *   probe.h      tasks (state, the call a thread sleeps in, wchan), fd
 *                tables and fdinfo, pipe peeks (tee), signal sets, how a
 *                process ended; pidfd_open, pidfd_getfd, kcmp
 *   procparse.h  pure parsers of /proc text (unit-tested, fuzzed)
 *   netdiag.h    sockets through sock_diag netlink (UNIX, TCP, UDP), of
 *                the caller's network namespace and others
 *   netns.h      network namespaces held by descriptors alone, made by a
 *                short-lived child (in a user namespace when unprivileged)
 *   rtnl.h       interfaces, addresses, routes, qdiscs through rtnetlink
 *   maps.h       /proc/PID/maps, smaps, map_files; process_vm_readv
 *   flocks.h     /proc/locks, fdinfo lock lines, a blocked lock request
 *   guard.h      reads that may hang (a filesystem that does not answer)
 *                made by a worker thread with a deadline: "slow"
 *   ksysv.h      System V queues, semaphore sets, segments by id
 *   klimits.h    counters against their limits: every System V object of
 *                the machine and who made and used it, a process's queued
 *                signals and descriptors, the machine's limits
 *   posixipc.h   POSIX queues through a descriptor; their limits
 *   procs.h      the machine's processes (by uid, by name), their threads,
 *                whether a process ran since a previous look
 *   waits.h      what any thread is blocked in, on what, since when
 *   schedclock.h each CPU's scheduler clock against CLOCK_MONOTONIC
 */
#ifndef KERNEL_H
#define KERNEL_H

#include "flocks.h"
#include "guard.h"
#include "ksysv.h"
#include "klimits.h"
#include "maps.h"
#include "netdiag.h"
#include "netns.h"
#include "posixipc.h"
#include "probe.h"
#include "procparse.h"
#include "procs.h"
#include "rtnl.h"
#include "schedclock.h"
#include "waits.h"

#endif
