/* observer.c: the lab's list of observers and telling them (observer.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "observer.h"
#include "util.h"

void
observer_add(struct observer_list *l, const struct lab_observer *o)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = o;
}

void
observer_remove(struct observer_list *l, const struct lab_observer *o)
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
observer_list_free(struct observer_list *l)
{
	freep(&l->v);
	l->n = 0;
}

void
observers_changed(const struct observer_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->changed != NULL)
			l->v[i]->changed(l->v[i]->arg);
	}
}

void
observers_ticked(const struct observer_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->ticked != NULL)
			l->v[i]->ticked(l->v[i]->arg);
	}
}

void
observers_forgotten(const struct observer_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->forgotten != NULL)
			l->v[i]->forgotten(l->v[i]->arg);
	}
}

void
observers_process(const struct observer_list *l, pid_t pid, int pidfd)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->process != NULL)
			l->v[i]->process(l->v[i]->arg, pid, pidfd);
	}
}
