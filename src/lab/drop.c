/* drop.c: taking actors and objects off the lab's lists, what forget,
 * reset and observe share: nothing left points at them, they are freed,
 * the lists close their gaps and the indexes are built again. */
#include "config.h"

#include <stdlib.h>

#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"

/* Nothing left points at the forgotten (marked) actors and objects. */
static void
unlink_marked(struct lab *lab, const bool *gone_actor, const bool *gone_object)
{
	struct actor	*a;
	struct call	*calls[2];
	size_t		 i, j, k, w;
	bool		 actors = false;

	/* Objects alone (observed ones that went) are many at times:
	 * nothing of an actor's is looked at for each. */
	for (i = 0; i < lab->nactors && !actors; i++)
		actors = gone_actor[i];
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (gone_actor[i])
			continue;
		for (j = 0; j < lab->nactors && actors; j++) {
			if (gone_actor[j] && a->parent == lab->actors[j]) {
				/* Its parent was reaped: the lab (a subreaper) has it. */
				a->parent = NULL;
				a->adopted = true;
			}
		}
		calls[0] = a->call;
		calls[1] = a->last;
		for (k = 0; k < 2; k++) {
			if (calls[k] == NULL)
				continue;
			for (j = 0; j < lab->nactors; j++) {
				if (!gone_actor[j])
					continue;
				if (calls[k]->peer == lab->actors[j])
					calls[k]->peer = NULL;
				if (calls[k]->created == lab->actors[j])
					calls[k]->created = NULL;
			}
			for (j = 0; j < lab->nobjects; j++) {
				if (!gone_object[j])
					continue;
				if (calls[k]->obj == lab->objects[j])
					calls[k]->obj = NULL;
				for (w = 0; w < calls[k]->nwaits; w++) {
					if (calls[k]->waits[w] == lab->objects[j])
						calls[k]->waits[w] = NULL;
				}
			}
		}
	}
	for (i = 0; i < lab->nobjects && actors; i++) {
		for (j = 0; j < lab->nactors && !gone_object[i]; j++) {
			if (gone_actor[j] && lab->objects[i]->creator == lab->actors[j])
				lab->objects[i]->creator = NULL;
		}
	}
	/* A place that goes (a host) is let go of by the reaped actors
	 * that ran in it and stay listed. */
	for (i = 0; i < lab->nactors; i++) {
		for (j = 0; j < lab->nobjects && lab->actors[i]->place != NULL; j++) {
			if (gone_object[j] && lab->actors[i]->place == lab->objects[j])
				lab->actors[i]->place = NULL;
		}
	}
}

/* Free the marked ones and close the gaps; every index is built again. */
void
lab_drop_marked(struct lab *lab, const bool *gone_actor, const bool *gone_object, struct buf *names)
{
	size_t	 i, n;
	bool	 kept;

	unlink_marked(lab, gone_actor, gone_object);
	for (i = n = 0; i < lab->nactors; i++) {
		if (gone_actor[i]) {
			buf_printf(names, "%s%s", names->len > 0 ? ", " : "", lab->actors[i]->name);
			lab_actor_free(lab->actors[i]);
		} else
			lab->actors[n++] = lab->actors[i];
	}
	lab->nactors = n;
	kept = object_lists_drop(lab, gone_object);
	for (i = n = 0; i < lab->nobjects; i++) {
		if (gone_object[i]) {
			buf_printf(names, "%s%s", names->len > 0 ? ", " : "", lab->objects[i]->name);
			/* What outlives processes, if anything is left (a
			 * socket's file): as the end of the run would. */
			if (lab->objects[i]->mech->destroy != NULL && !lab->objects[i]->observed)
				lab->objects[i]->mech->destroy(lab->objects[i]);
			lab_object_free(lab->objects[i]);
		} else
			lab->objects[n++] = lab->objects[i];
	}
	lab->nobjects = n;
	lab->ids_version++;
	lab->fds_version++;
	lab->forgets++;
	if (kept)
		object_lists_forgot(lab);
	listeners_forgotten(&lab->listeners);
	lab_changed(lab);
}

/* A process goes with its threads. */
void
lab_mark_threads(struct lab *lab, bool *gone_actor)
{
	size_t	 i, j;

	for (i = 0; i < lab->nactors; i++) {
		for (j = 0; j < lab->nactors; j++) {
			if (gone_actor[j] && !lab->actors[j]->is_thread &&
			    lab->actors[i]->proc == lab->actors[j])
				gone_actor[i] = true;
		}
	}
}
/* Drop the marked actors and the threads of marked processes, naming
 * them in names: observed ones no longer observed, threads that ended. */
void
lab_drop_actors(struct lab *lab, bool *gone_actor, struct buf *names)
{
	bool	*gone_object = xcalloc(lab->nobjects + 1, sizeof *gone_object);

	lab_mark_threads(lab, gone_actor);
	lab_drop_marked(lab, gone_actor, gone_object, names);
	free(gone_object);
}

