/* memory.h: memory that processes share, as the kernel shows it. Each
 * process's mappings come from /proc/PID/maps (read again only after its
 * own calls, like its descriptor table), indexed by the identity of what
 * is mapped (device and inode: a System V segment is inode = its id on
 * the kernel's shm device; an anonymous shared mapping is an inode of
 * its own there too). From that the lab tells where an object is mapped
 * in each actor, reads its bytes from a process that maps it
 * (process_vm_readv), and turns an address an actor sleeps on (a futex)
 * back into an object and an offset. */
#ifndef MEMORY_H
#define MEMORY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lab.h"
#include "maps.h"
#include "mechanism.h"
#include "probe.h"
#include "util.h"

struct actor;
struct call;
struct desc;
struct lab_module;

/* The mappings of an actor's process, read again after its own calls. */
const struct map_table	*actor_maps(struct actor *);

/* Observed processes' POSIX shared memory (sems false) or named
 * semaphores (sems true): the inodes of /dev/shm's files they map, but
 * the lab's own objects', sorted, in *out (allocated); how many, or -1
 * if no process's mappings were read again since *stamp (0: list them).
 * For a mechanism's observe_machine. */
ssize_t	mem_observed_shm(struct lab *, bool sems, uint64_t *stamp, int64_t **out);
/* A new observed object of one of them (observe_init): its identity and
 * its path, from the names last listed; false if its name is not known. */
bool	mem_observed_shm_init(struct object *, int64_t ino);

/* One mapping of an object in one actor process. */
struct mem_mapping {
	struct actor		*proc;
	const struct map_entry	*e;
};

/* Every mapping of the object by a live actor, in actor order; returns
 * how many (at most max are stored). */
size_t	mem_mappings(struct object *, struct mem_mapping *, size_t max);
/* The first mapping of the object in this process covering offset off,
 * or NULL. */
const struct map_entry *mem_mapping_in(struct actor *proc, struct object *, int64_t off);

/* Give a memory object the identity of the actor's mapping that starts
 * at addr (where its shmat or mmap put it); false if there is none. */
bool	mem_identify(struct object *, struct actor *, unsigned long addr);

/* The object an address of an actor's process is in (a memory object, or
 * a synchronisation object placed inside one), and the offset in it;
 * NULL if none. */
struct object	*mem_object_at(struct actor *proc, unsigned long addr, int64_t *off);

/* Read len bytes at offset off of a memory object: from a process that
 * maps it shared, else through a descriptor of it. Returns the number of
 * bytes read, -1 if nobody maps or holds it. */
ssize_t	mem_read(struct object *, int64_t off, void *, size_t len);

/* The address in the calling actor of len bytes at offset off of a memory
 * object (or of a synchronisation object inside one: off counts from it).
 * Refuses with a cause the user can act on when the actor has it not
 * mapped, the bytes run past the mapping or the object's end, or (write)
 * the mapping is read-only. */
bool	mem_locate(struct call *, struct object *, int64_t off, int64_t len, bool write,
	    uint64_t *addr, char **cause);

/* The memory object a synchronisation object lies in, and where: its
 * own for a memory object. */
struct object	*mem_base(struct object *, int64_t *off);

/* The mappings of an object, as a list "mappings" of {actor, address,
 * length, offset, access, shared, copied (kB written privately)}. */
void	mem_describe_mappings(struct object *, struct desc *, bool full);
/* The topology's (mechanism.h's describe_links): the mappings, without
 * what each has copied. */
void	mem_describe_links(struct object *, struct desc *);
/* The first bytes of the object, "contents", with "changed": the bytes
 * that differ from the previous tick's, as ranges. */
void	mem_describe_contents(struct object *, struct desc *, int64_t size);

/* The size of an object with a file (path): stat, or once the name is
 * gone fstat through a descriptor somebody holds, or the file a mapping
 * maps (/proc/PID/map_files); -1 if unknown. */
int64_t	mem_file_size(struct object *);
/* The object's file has no name, and no actor holds or maps it: the
 * kernel has freed it. */
bool	mem_file_gone(struct object *);
/* "addresses": whether every mapping of the object is at the same
 * address, and why (two or more mappings). */
void	mem_describe_addresses(struct object *, struct desc *);
/* "size": the size, or why it is unknown (-1: unlinked, only mapped, and
 * the lab may not open the mapping's file). */
void	mem_describe_file_size(struct desc *, int64_t size);

/* A synchronisation object (a semaphore, a mutex): the mechanisms that
 * make them (sync_size) embed this first in their objects
 * (object_size), and give mem_sync_inside as their inside. One placed
 * in memory (sem_init, pthread_mutex_init: mem_sync_finish_new) lies
 * within that memory object at offset; a named one is its own memory. */
struct sync_object {
	struct object	 base;
	struct object	*within;	/* NULL: not placed in another object */
	int64_t		 offset;
};
static inline struct sync_object *
sync_of(const struct object *o)
{
	return OBJECT_OF(o, struct sync_object);
}
/* The mechanisms' inside: the memory object it lies in, and where. */
struct object	*mem_sync_inside(const struct object *, int64_t *offset);

/* A synchronisation object of mechanism m (what: "POSIX semaphore") named
 * by the argument argname, and its address in the calling actor; NULL
 * with a cause if there is none, or the actor cannot reach it. */
struct object	*mem_sync_arg(struct call *, const char *argname, const struct mechanism *m,
		    const char *what, uint64_t *addr, char **cause);
/* The address of a synchronisation object in the calling actor (a named
 * one must be open in it). */
bool	mem_sync_locate(struct call *, struct object *, uint64_t *addr, char **cause);
/* Prepare an operation on the object argname names: c->obj, c->arg[0] its
 * address, c->arg[1] op, c->arg[2] timeout (ns; 0 for an operation that
 * has none). */
bool	mem_sync_prepare_op(struct call *, const char *argname, const struct mechanism *m,
	    const char *what, int op, int64_t timeout, char **cause);
/* Prepare a call that makes a synchronisation object of size bytes: NAME
 * is free, MEM and OFFSET are checked (memory the actor maps writable, an
 * aligned offset, no other object in those bytes). c->obj is the memory,
 * c->newname the name, c->arg[0] the address in the calling actor and
 * c->arg[3] the offset. mem_sync_finish_new registers what it made. */
bool	mem_sync_prepare_new(struct call *, size_t size, char **cause);
void	mem_sync_finish_new(struct call *, const struct mechanism *);

/* No synchronisation object lies in bytes off to off+len-1 of the memory;
 * false with a cause naming the one that does. */
bool	mem_sync_free(struct object *mem, int64_t off, int64_t len, char **cause);

/* The actors (threads) asleep in futex() on a word inside the object, and
 * the word's offset in it: who waits for a semaphore, mutex or condition
 * variable, as the kernel shows it. Returns how many (at most max
 * stored). */
struct mem_waiter {
	struct actor	*a;
	int64_t		 off;
};
size_t	mem_futex_waiters(struct object *, struct mem_waiter *, size_t max);
/* Those waiters (n found, max stored) as a list "waiters" of {actor, call,
 * waits_for: what}. */
void	mem_describe_waiters(struct desc *, const struct mem_waiter *, size_t n, size_t max,
	    const char *what);

/* The lab's module for memory (module.h): each process's mappings, the
 * index of them by identity, and the bytes of objects last shown. */
extern const struct lab_module memory_module;

#endif
