/* modules.c: the lab's side of its modules (module.h): the state each
 * keeps with the lab and with each actor, and the hooks every module is
 * asked at once (lab_catch_up, lab_actor_taken). */
#include "config.h"

#include "lab.h"
#include "module.h"

/* A module's place in the lab's list. */
static size_t
module_index(const struct lab *lab, const struct lab_module *m)
{
	size_t	 i;

	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i] == m)
			return i;
	}
	fatal("module %s is not one of the lab's", m->name);
}

void *
lab_module_state(struct lab *lab, const struct lab_module *m)
{
	return lab->module_state[module_index(lab, m)];
}

void *
actor_module_state(struct actor *a, const struct lab_module *m)
{
	return a->module_state[module_index(a->lab, m)];
}

void
lab_catch_up(struct lab *lab)
{
	LAB_MODULES_CALL(lab, before_event);
}

uint64_t
lab_actor_taken(struct actor *a)
{
	struct lab	*lab = a->lab;
	uint64_t	 n = 0;
	size_t		 i;

	for (i = 0; i < lab->nmodules; i++) {
		if (lab->modules[i]->actor_taken != NULL)
			n += lab->modules[i]->actor_taken(lab, lab->module_state[i], a);
	}
	return n;
}
