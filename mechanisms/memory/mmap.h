/* mmap.h: what mmap.c gives the mechanisms whose memory is reached
 * through a descriptor (files, POSIX shared memory objects): the way an
 * actor maps it. */
#ifndef MECH_MMAP_H
#define MECH_MMAP_H

struct actor;
struct object;

/* Why process p has not mapped o, memory reached through a descriptor,
 * and the way it can: mmap a descriptor it holds, or open the name
 * first, with "ACTOR open_verb NAME open_rest" ("shm_open", ""; "open",
 * " rw"), while the name is there. Allocated. */
char	*mmap_not_mapped_fd(struct object *, struct actor *p, const char *open_verb,
	    const char *open_rest);

#endif
