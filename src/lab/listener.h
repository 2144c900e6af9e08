/* listener.h: what the lab tells those who watch it as it happens (the
 * TUI, main for the guardian): listeners registered with lab_listen,
 * several at once, each told in the order it registered. The lab keeps
 * a pointer: an listener lives until lab_unlisten or lab_free. */
#ifndef LISTENER_H
#define LISTENER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "record.h"
#include "verb.h"

/* Each callback may be NULL; each gets arg. None may listen or
 * unlisten from inside a callback. */
struct lab_listener {
	/* Something started, settled or ended (after every command, call
	 * and event): what shows the lab is out of date. */
	void	(*changed)(void *arg);
	/* A tick sampled the kernel anew (every refresh period). */
	void	(*ticked)(void *arg);
	/* Actors or objects were freed (forget, reset): a pointer kept to
	 * one is stale, and a new one may get its address. */
	void	(*forgotten)(void *arg);
	/* An actor process started (pidfd: its pidfd, the lab's) or ended,
	 * was reaped or was dropped (pidfd -1). Threads are not told. */
	void	(*process)(void *arg, pid_t pid, int pidfd);
	/* A record was made (after the log's sink had it), with the flow of
	 * the call's verb (FLOW_NONE for what is no call), and whether it is
	 * on the actors' timeline: a recording. */
	void	(*recorded)(void *arg, const struct record *, enum verb_flow, bool timed);
	void	*arg;
};

/* The lab's list of listeners (struct lab's listeners). */
struct listener_list {
	const struct lab_listener	**v;
	size_t				  n;
};

void	listener_add(struct listener_list *, const struct lab_listener *);
/* Nothing happens if it is not in the list. */
void	listener_remove(struct listener_list *, const struct lab_listener *);
void	listener_list_free(struct listener_list *);

/* Tell every listener (the lab, when it happens). */
void	listeners_changed(const struct listener_list *);
void	listeners_ticked(const struct listener_list *);
void	listeners_forgotten(const struct listener_list *);
void	listeners_process(const struct listener_list *, pid_t, int pidfd);
void	listeners_recorded(const struct listener_list *, const struct record *, enum verb_flow,
	    bool timed);

#endif
