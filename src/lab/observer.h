/* observer.h: what the lab tells those who watch it as it happens (the
 * TUI, main for the guardian): observers registered with lab_observe,
 * several at once, each told in the order it registered. The lab keeps
 * a pointer: an observer lives until lab_unobserve or lab_free. */
#ifndef OBSERVER_H
#define OBSERVER_H

#include <stddef.h>
#include <sys/types.h>

/* Each callback may be NULL; each gets arg. None may observe or
 * unobserve from inside a callback. */
struct lab_observer {
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
	void	*arg;
};

/* The lab's list of observers (struct lab's observers). */
struct observer_list {
	const struct lab_observer	**v;
	size_t				  n;
};

void	observer_add(struct observer_list *, const struct lab_observer *);
/* Nothing happens if it is not in the list. */
void	observer_remove(struct observer_list *, const struct lab_observer *);
void	observer_list_free(struct observer_list *);

/* Tell every observer (the lab, when it happens). */
void	observers_changed(const struct observer_list *);
void	observers_ticked(const struct observer_list *);
void	observers_forgotten(const struct observer_list *);
void	observers_process(const struct observer_list *, pid_t, int pidfd);

#endif
