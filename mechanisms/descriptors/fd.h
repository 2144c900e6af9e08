/* fd.h: what the calls on any descriptor (fd.c) give the mechanisms
 * whose objects are read and written as they are: pipes, FIFOs, files,
 * pseudoterminals. */
#ifndef MECH_FD_H
#define MECH_FD_H

#include "mechanism.h"

/* The menus' write and read on such an object an actor holds: a string
 * to finish or 4 KiB; blocking or not (a mechanism's menu_io). */
extern const struct menu_call fd_menu_io[];

struct fd_entry;
/* Whether a regular file's descriptor is a POSIX message queue's: its
 * link is the queue's name, "/NAME", which is no file of that identity
 * (the queues' filesystem need not be mounted). */
bool	fd_is_mqueue(const struct fd_entry *);

#endif
