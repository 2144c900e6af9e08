/* sysv.h: what the System V mechanisms (message queues, shared memory,
 * semaphore sets) share: a key, private or a number, that gets an
 * object again under its name; a pid shown as the actor it is. */
#ifndef SYSV_H
#define SYSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ksysv.h"
#include "lab.h"
#include "mechanism.h"
#include "util.h"

struct call;
struct mechanism;

/* What a System V object is besides what every object is: the kernel's
 * id, and its key (0: IPC_PRIVATE). Message queues and segments are
 * this (object_size); a semaphore set embeds it first. */
struct sysv_object {
	struct object	 base;
	int		 id;
	long		 key;
};

/* A System V object of any of the three kinds. */
static inline struct sysv_object *
sysv_of(const struct object *o)
{
	return OBJECT_OF(o, struct sysv_object);
}
/* Whether two objects of one kind have (had) one key (the mechanisms'
 * same_name: a removed key's object got again is a new one). */
bool	 sysv_same_key(const struct object *, const struct object *);

/* Prepare an XXXget call from its NAME, KEY, create and excl arguments:
 * c->arg[0] the key, c->arg[1] IPC_CREAT/IPC_EXCL|0600, c->arg[2]
 * whether it will create the object (exists(key) says whether one has
 * the key now); c->obj an object got again, or c->newname. */
bool	 sysv_get_prepare(struct call *, const struct mechanism *, bool (*exists)(long key),
	    char **cause);
/* "msgget(IPC_PRIVATE, IPC_CREAT|0600)", or with a size (0 or more)
 * after the key: "shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600)". */
void	 sysv_get_format(const struct call *, struct buf *, const char *call, int64_t size);
/* "5<q1>": an XXXget's result; and when the key's object was removed and
 * the call made a new one, what became of the old one (names.h). */
void	 sysv_get_result(const struct call *, struct buf *);
/* The hint for an XXXget's errno, what being the object ("queue"). */
const char *sysv_get_hint(const struct call *, const char *what);
/* Register the object an XXXget made: a new name, or a key whose object
 * was removed made again (the old object is renamed, names.h). */
struct object *sysv_get_finish(struct call *, const struct mechanism *);
/* An actor's name for a pid, the number otherwise, "none" for 0. */
const char *sysv_pid_name(struct lab *, pid_t, char *, size_t);
/* The machine's objects of mechanism m's kind (its sysv_kind;
 * observe_machine): their ids, but those of the lab's own objects of m;
 * -1 if the kernel's stamp is *stamp still. Listed from the lab's table
 * of the kind (lab->sysv), read now unless it is of this generation. */
ssize_t	 sysv_observe_machine(struct lab *, const struct mechanism *m, uint64_t *stamp,
	    int64_t **out);
/* What the machine's listing of this generation has of o (a System V
 * object of that kind), or NULL: not listed this generation (read it by
 * id), or gone. */
const struct ksysv_entry *sysv_listed(const struct object *o, enum ksysv_kind);
/* "5<q1>": an id and its object. */
void	 sysv_add_id(struct buf *, const struct call *);

#endif
