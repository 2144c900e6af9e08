/* mechanism.h: the contract of an IPC mechanism. A mechanism is one file
 * in mechanisms/ exporting one const struct mechanism, listed once in
 * mechanisms/registry.c. It brings its own commands (actor verbs named
 * after the real calls, and any lab verbs), and describes its objects
 * from the kernel's state; it never draws. */
#ifndef MECHANISM_H
#define MECHANISM_H

#include <stdbool.h>

#include "cmd.h"
#include "desc.h"

struct object;

/* A named end of an object reached through descriptors: p1.r, p1.w. */
struct object_end {
	const char	*suffix;	/* "r" */
	int		 access;	/* O_RDONLY, O_WRONLY or O_RDWR */
	const char	*what;		/* "read end" */
};

struct mechanism {
	const char		*name;		/* "pipe": the kind of its objects */
	const char		*title;		/* "anonymous pipes" */
	const char		*help;		/* a paragraph for help NAME */

	/* Its verbs, NULL-terminated. Actor verbs run through the actor
	 * call path (cmd.h); lab verbs run in the controller. */
	const struct cmd_entry	*const *commands;

	/* The verbs that generic send and recv become on its objects
	 * ("write", "read"), or NULL if it has none. */
	const char		*send_verb;
	const char		*recv_verb;

	/* Its objects are reached through descriptors that share one
	 * identity (device and inode); ends names them by open mode.
	 * NULL ends: any descriptor of the object will do. */
	bool			 fd_backed;
	const struct object_end	*ends;		/* ends with suffix NULL */

	/* Controller. Add the object's live state, read from the kernel,
	 * to d: first "kind" (the mechanism's name) and "summary" (one line
	 * for lists), then its own fields. With DETAIL_SUMMARY only what a
	 * list line needs (it is called for every visible object on every
	 * refresh); with DETAIL_FULL everything (show, expect, --json, the
	 * detail pane). */
	void			(*describe)(struct object *, struct desc *d, enum desc_detail);

	/* Controller. Remove what outlives the processes (a FIFO's file);
	 * called once when the lab ends. May be NULL. */
	void			(*destroy)(struct object *);
};

/* mechanisms/registry.c: every mechanism, NULL-terminated. */
extern const struct mechanism *const mechanism_registry[];

#endif
