/* listener.c: the lab's list of listeners and telling them (listener.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "listener.h"
#include "util.h"

void
listener_add(struct listener_list *l, const struct lab_listener *o)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = o;
}

void
listener_remove(struct listener_list *l, const struct lab_listener *o)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i] == o) {
			memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
			l->n--;
			return;
		}
	}
}

void
listener_list_free(struct listener_list *l)
{
	freep(&l->v);
	l->n = 0;
}

void
listeners_changed(const struct listener_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->changed != NULL)
			l->v[i]->changed(l->v[i]->arg);
	}
}

void
listeners_ticked(const struct listener_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->ticked != NULL)
			l->v[i]->ticked(l->v[i]->arg);
	}
}

void
listeners_forgotten(const struct listener_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->forgotten != NULL)
			l->v[i]->forgotten(l->v[i]->arg);
	}
}

void
listeners_process(const struct listener_list *l, pid_t pid, int pidfd)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->process != NULL)
			l->v[i]->process(l->v[i]->arg, pid, pidfd);
	}
}

void
listeners_recorded(const struct listener_list *l, const struct record *r, enum verb_flow flow,
    bool timed)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->recorded != NULL)
			l->v[i]->recorded(l->v[i]->arg, r, flow, timed);
	}
}
