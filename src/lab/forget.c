/* forget.c: dropping what has ended from the lab (forget), and a fresh
 * lab in the same run (reset). What is forgotten is gone from the
 * kernel: a process reaped, a thread that ended, an object nothing is
 * left of; the lab only stops listing it. A reset ends everything as the
 * end of a run does, and the run goes on. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "lab_int.h"
#include "mechanism.h"
#include "module.h"
#include "runtime.h"

/* Why an object is not gone, or NULL if nothing of it is left: no
 * descriptor, no mapping, no name, no kernel object. */
static const char *
object_kept(struct object *o)
{
	struct lab		*lab = o->lab;
	struct lab_holder	 h[1];
	struct object		*in;
	const char		*why;
	size_t			 i;

	if (o->mech->fd_backed && lab_holders(o, h, 1) > 0)
		return "an actor still holds a descriptor of it";
	if (o->mech->gone != NULL)
		return o->mech->gone(o) ? NULL : o->mech->kept_why != NULL ?
		    o->mech->kept_why(o) : "it is still there in the kernel";
	if ((in = object_inside(o, NULL)) != NULL)
		return object_kept(in) == NULL ? NULL : "the memory it lies in is still there";
	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->object_kept != NULL &&
		    (why = lab->modules[i]->object_kept(lab, lab->module_state[i], o)) != NULL)
			return why;
	}
	if (o->path != NULL && !o->unlinked)
		return "its name is still there (unlink it first)";
	if (!o->mech->fd_backed && o->mech->mem_size == NULL)
		return "the lab cannot tell that it is gone";
	return NULL;
}

bool
lab_object_gone(struct object *o)
{
	return object_kept(o) == NULL;
}

/* Why an actor is not over, or NULL if it is gone from the kernel: a
 * process reaped, a thread ended. */
static const char *
actor_kept(struct actor *a)
{
	if (a->is_thread && (a->ended || a->proc->life == ACTOR_REAPED))
		return NULL;
	if (a->is_thread)
		return "it is still running: pthread_exit ends a thread";
	if (a->life == ACTOR_REAPED)
		return NULL;
	if (a->observed && a->life == ACTOR_ZOMBIE)
		return "it is a zombie until its parent reaps it";
	if (a->observed)
		return "it is observed and alive: unobserve it";
	if (a->life == ACTOR_ZOMBIE)
		return a->parent == NULL || a->adopted ? "it is a zombie: reap it first" :
		    "it is a zombie until its parent reaps it (waitpid)";
	return "it is alive: kill it first";
}

/* The objects inside one that goes (a mutex in its memory) go with it. */
static void
mark_within(struct lab *lab, bool *gone_object)
{
	struct object	*in;
	size_t		 i, j;
	bool		 more = true;

	while (more) {
		more = false;
		for (i = 0; i < lab->nobjects; i++) {
			if (gone_object[i] || (in = object_inside(lab->objects[i], NULL)) == NULL)
				continue;
			for (j = 0; j < lab->nobjects && !gone_object[i]; j++) {
				if (gone_object[j] && lab->objects[j] == in) {
					gone_object[i] = true;
					more = true;
				}
			}
		}
	}
}


/* The actor (*actor set) or object called name, at *index, if forget
 * may drop it now; false with why not. */
static bool
forget_find(struct lab *lab, const char *name, bool *actor, size_t *index, char **cause)
{
	const char	*why;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		if (strcmp(lab->actors[i]->name, name) != 0)
			continue;
		if ((why = actor_kept(lab->actors[i])) != NULL) {
			*cause = xasprintf("%s has not ended: %s", name, why);
			return false;
		}
		*actor = true;
		*index = i;
		return true;
	}
	for (i = 0; i < lab->nobjects; i++) {
		if (strcmp(lab->objects[i]->name, name) != 0)
			continue;
		if ((why = object_kept(lab->objects[i])) != NULL) {
			*cause = xasprintf("%s is not gone: %s", name, why);
			return false;
		}
		*actor = false;
		*index = i;
		return true;
	}
	*cause = xasprintf("no actor or object called %s (show lists them)", name);
	return false;
}

bool
lab_forget_check(struct lab *lab, const char *name, char **cause)
{
	size_t	 index;
	bool	 actor;

	return forget_find(lab, name, &actor, &index, cause);
}

static bool
forget_one(struct lab *lab, const char *name, bool *gone_actor, bool *gone_object,
    char **cause)
{
	size_t	 index;
	bool	 actor;

	if (!forget_find(lab, name, &actor, &index, cause))
		return false;
	if (actor)
		gone_actor[index] = true;
	else
		gone_object[index] = true;
	return true;
}

bool
lab_forget(struct lab *lab, const char *name, char **cause)
{
	struct buf	 names, kept;
	bool		*gone_actor, *gone_object;
	size_t		 i;
	bool		 ok = true;

	lab->gen++;
	gone_actor = xcalloc(lab->nactors + 1, sizeof *gone_actor);
	gone_object = xcalloc(lab->nobjects + 1, sizeof *gone_object);
	buf_init(&names);
	buf_init(&kept);
	if (name != NULL)
		ok = forget_one(lab, name, gone_actor, gone_object, cause);
	else {
		for (i = 0; i < lab->nactors; i++) {
			gone_actor[i] = actor_kept(lab->actors[i]) == NULL;
			/* A zombie has ended but is still in the kernel. */
			if (!lab->actors[i]->is_thread && lab->actors[i]->life == ACTOR_ZOMBIE)
				buf_printf(&kept, "%s%s", kept.len > 0 ? ", " : "",
				    lab->actors[i]->name);
		}
		for (i = 0; i < lab->nobjects; i++)
			gone_object[i] = lab_object_gone(lab->objects[i]);
	}
	if (ok) {
		lab_mark_threads(lab, gone_actor);
		mark_within(lab, gone_object);
		lab_drop_marked(lab, gone_actor, gone_object, &names);
		if (kept.len > 0)
			buf_printf(&kept, ": %s still in the kernel until reaped",
			    strchr(kept.data, ',') != NULL ? "zombies are" : "a zombie is");
		lab_record(lab, RECORD_FORGET, NULL, REC_INFO, NULL, "%s%s%s%s",
		    names.len > 0 ? "forgot " : "nothing has ended and gone from the kernel",
		    names.len > 0 ? names.data : "", kept.len > 0 ? "; kept " : "",
		    kept.len > 0 ? kept.data : "");
	}
	buf_free(&names);
	buf_free(&kept);
	free(gone_actor);
	free(gone_object);
	return ok;
}

void
lab_reset(struct lab *lab)
{
	struct actor	*a;
	size_t		 i, nproc = 0, nobj = 0;

	/* What is observed is let go, not removed. */
	for (i = 0; i < lab->nobjects; i++)
		nobj += !lab->objects[i]->observed;
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && !a->observed && a->life == ACTOR_ALIVE)
			nproc++;
	}
	/* Everything ends as at the end of a run: every actor killed and
	 * reaped, every object's destroy. */
	lab_end_all(lab);
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && !a->observed && a->life == ACTOR_ALIVE)
			listeners_process(&lab->listeners, a->pid, -1);
		lab_actor_free(a);
	}
	lab->nactors = 0;
	for (i = 0; i < lab->nobjects; i++)
		lab_object_free(lab->objects[i]);
	lab->nobjects = 0;
	LAB_MODULES_CALL(lab, reset);
	lab_observe_rules_free(lab);
	lab_observed_sync_free(lab);
	lab_deadlocks_free(lab);
	lab_health_free(lab);
	netdiag_clear(&lab->net);
	lab->net.want = 0;
	lab->start_at = 0;
	lab->ids_version++;
	lab->fds_version++;
	lab->forgets++;
	listeners_forgotten(&lab->listeners);
	/* ...and what the manifest names, made by a call the lab never heard
	 * back from; the run's directory is emptied. */
	if (lab->rt != NULL)
		runtime_reset(lab->rt, lab->sweeper, NULL);
	timeline_clear(&lab->timeline);
	lab_record(lab, RECORD_RESET, NULL, REC_INFO, NULL,
	    "reset: %zu actor process%s killed, %zu object%s removed, the run's manifest "
	    "swept; a fresh lab", nproc, nproc == 1 ? "" : "es", nobj, nobj == 1 ? "" : "s");
	lab_changed(lab);
}
