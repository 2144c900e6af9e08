/* readfloor.h: the reads alone of a first whole-machine sample, as a
 * reference for its time (readfloor.c says which). */
#ifndef READFLOOR_H
#define READFLOOR_H

#include <stddef.h>
#include <stdint.h>

/* The time in nanoseconds of one such set of reads of this machine, its
 * processes shared among nthreads threads (1 to 8) and the machine-wide
 * reads in one more when nthreads > 1; *nprocs the processes listed. -1
 * if /proc cannot be read. */
int64_t	read_floor(int nthreads, size_t *nprocs);

#endif
