/* names.h: a name made again. A POSIX name unlinked, a System V key whose
 * object was removed, a file of the runtime directory unlinked: a later
 * call that creates under the same name makes a new kernel object, and
 * the lab makes it a new object. The name follows the kernel: it goes to
 * the new object, and the old one, which lost it, is renamed NAME-N. */
#ifndef NAMES_H
#define NAMES_H

#include <stdbool.h>

#include "util.h"

struct call;
struct mechanism;
struct object;

/* A call that named an object (c->obj) got another kernel object under
 * that name. If another call already made the lab's object for it (two
 * actors creating at once), c->obj becomes that one and false is
 * returned. Otherwise the old object is marked unlinked and renamed
 * NAME-N, a new object of mechanism m takes the name (creator: the
 * calling actor; path, identities and the rest are the caller's to set),
 * c->obj is the new one, the call reports the old one's new name as
 * last.previous, and true is returned. */
bool	 names_renew(struct call *c, const struct mechanism *m);
/* An unlink of o's name (mq_unlink, shm_unlink, sem_unlink, unlink)
 * would remove another object's: o lost the name, and the lab knows the
 * object that has it now. Refuse, saying which: true with *cause set. */
bool	 names_unlink_refused(struct call *c, struct object *o, char **cause);
/* After a call's result: " (new: the old q1, unlinked, is now q1-1)" if
 * the call renewed its object's name, nothing otherwise. */
void	 names_add_renewed(struct buf *, const struct call *);
/* The hint for ENOENT from a call on an object that lost its name:
 * "q1 was unlinked: no queue has its name now (create makes a new one)";
 * NULL for any other failure. what is the kind of object ("queue"). */
const char *names_gone_hint(const struct call *c, const char *what);

#endif
