/* fd.h: what the calls on any descriptor (fd.c) give the mechanisms
 * whose objects are read and written as they are: pipes, FIFOs, files,
 * pseudoterminals. */
#ifndef MECH_FD_H
#define MECH_FD_H

#include "mechanism.h"

/* The menus' write and read on such an object an actor holds: a string
 * to finish or 4 KiB; blocking or not (a mechanism's menu_io). */
extern const struct menu_call fd_menu_io[];

#endif
