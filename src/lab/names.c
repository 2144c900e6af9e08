/* names.c: a name made again (names.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "mechanism.h"
#include "names.h"

/* The first NAME-N that is free (NAME shortened if the whole would be
 * too long for a name). */
static char *
names_free_variant(struct lab *lab, const char *base)
{
	size_t	 keep = strlen(base);
	char	*name, *cause;
	int	 n = 1;

	for (;;) {
		name = xasprintf("%.*s-%d", (int)keep, base, n);
		cause = NULL;
		if (lab_name_free(lab, name, &cause))
			return name;
		free(cause);
		cause = NULL;
		if (!lab->verbs->name_valid(name, &cause) && keep > 1)
			keep--;		/* too long: the same N, less of the base */
		else
			n++;
		free(cause);
		free(name);
	}
}

/* The object that has the old one's name in the kernel now, if the lab
 * has one already: the same file or POSIX name, or the same key. */
static struct object *
names_holder(struct lab *lab, const struct object *old)
{
	struct object	*o;
	size_t		 i;

	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		if (o != old && !o->unlinked && object_same_name(old, o))
			return o;
	}
	return NULL;
}

bool
names_renew(struct call *c, const struct mechanism *m)
{
	struct object	*old = c->obj, *o;
	char		*name;
	size_t		 i;

	if ((o = names_holder(c->lab, old)) != NULL) {
		c->obj = o;
		return false;
	}
	/* The name goes to the new object from the last one that had it
	 * (the call may have named an older one, q1-1). */
	for (i = 0; i < c->lab->nobjects; i++) {
		if (object_same_name(c->obj, c->lab->objects[i]))
			old = c->lab->objects[i];
	}
	name = xstrdup(old->name);
	lab_object_rename(old, names_free_variant(c->lab, name));
	old->unlinked = true;
	o = lab_object_new(c->lab, name, m, c->actor->proc);
	free(name);
	call_set_extra(c, "previous", xstrdup(old->name));
	c->obj = o;
	return true;
}

bool
names_unlink_refused(struct call *c, struct object *o, char **cause)
{
	struct object	*now;

	if (!o->unlinked || (now = names_holder(c->lab, o)) == NULL)
		return false;
	*cause = xasprintf("%s is unlinked already: the name is %s's now, and %s %s removes it",
	    o->name, now->name, c->verb->name, now->name);
	return true;
}

void
names_add_renewed(struct buf *b, const struct call *c)
{
	if (c->obj == NULL || c->extra_name == NULL || strcmp(c->extra_name, "previous") != 0)
		return;
	buf_printf(b, " (new: the old %s, %s, is now %s)", c->obj->name,
	    c->obj->path != NULL ? "unlinked" : "removed", c->extra);
}

const char *
names_gone_hint(const struct call *c, const char *what)
{
	static char	 hint[192];
	bool		 named;

	if (c->err != ENOENT || c->obj == NULL || !c->obj->unlinked)
		return NULL;
	named = c->obj->path != NULL;
	snprintf(hint, sizeof hint, "%s was %s: no %s has its %s now (create makes a new one)",
	    c->obj->name, named ? "unlinked" : "removed", what, named ? "name" : "key");
	return hint;
}
