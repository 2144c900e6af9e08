/* sysv.c: what the System V mechanisms share (sysv.h). */
#include "config.h"

#include <sys/ipc.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "names.h"
#include "sysv.h"

bool
sysv_get_prepare(struct call *c, const struct mechanism *m, bool (*exists)(long),
    char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	const struct arg	*key = cmd_arg(c->cmd, "KEY");
	struct object		*o, *other;
	int64_t			 k = IPC_PRIVATE;
	size_t			 i;
	int			 flags = 0600;

	if (key->present && strcmp(key->str, "private") != 0 &&
	    (!parse_int(key->str, &k) || k <= 0 || k > 0x7fffffff)) {
		*cause = xasprintf("KEY is private or a number from 1 to 0x7fffffff, not '%s'",
		    word_short(key->str));
		c->err_column = key->column;
		return false;
	}
	if (cmd_arg(c->cmd, "create")->present || k == IPC_PRIVATE)
		flags |= IPC_CREAT;
	if (cmd_arg(c->cmd, "excl")->present)
		flags |= IPC_EXCL;
	/* A name that is already the object with this key: get it again. */
	o = lab_object(c->lab, name->str);
	if (o != NULL && (o->mech != m || k == IPC_PRIVATE || sysv_of(o)->key != k)) {
		*cause = xasprintf("%s is already an object; a %s by key may be got again under its name only with the same key",
		    name->str, m->name);
		c->err_column = name->column;
		return false;
	}
	if (o == NULL && !lab_name_free(c->lab, name->str, cause))
		return false;
	/* A key is one object's: a second name for it would be a second
	 * object in the lab for one in the kernel. */
	for (i = 0; o == NULL && k != IPC_PRIVATE && i < c->lab->nobjects; i++) {
		other = c->lab->objects[i];
		if (other->mech == m && !other->unlinked && sysv_of(other)->key == k) {
			*cause = xasprintf("key 0x%llx is %s's: %s %s 0x%llx gets it again",
			    (long long)k, other->name, c->verb->name, other->name, (long long)k);
			c->err_column = key->column;
			return false;
		}
	}
	c->obj = o;
	c->newname = o == NULL ? xstrdup(name->str) : NULL;
	c->arg[0] = k;
	c->arg[1] = flags;
	/* Would this create it? Private always does; by key only if it is
	 * not there yet. The lab removes only what it made. */
	c->arg[2] = k == IPC_PRIVATE || ((flags & IPC_CREAT) && !exists((long)k));
	return true;
}

struct object *
sysv_get_finish(struct call *c, const struct mechanism *m)
{
	struct object	*o = c->obj;

	if (c->ret < 0)
		return NULL;
	/* Got again: the object the lab knows by this key. Once it was
	 * removed (or the key is another object's), the call made a new one. */
	if (o != NULL && !o->unlinked && sysv_of(o)->id == (int)c->ret)
		return NULL;
	if (o == NULL)
		o = lab_object_new(c->lab, c->newname, m, c->actor->proc);
	else if (names_renew(c, m))
		o = c->obj;
	else
		return NULL;
	sysv_of(o)->id = (int)c->ret;
	sysv_of(o)->key = (long)c->arg[0];
	o->created = c->arg[2] != 0;
	c->obj = o;
	return o;
}

void
sysv_get_format(const struct call *c, struct buf *b, const char *call, int64_t size)
{
	if (c->arg[0] == IPC_PRIVATE)
		buf_printf(b, "%s(IPC_PRIVATE, ", call);
	else
		buf_printf(b, "%s(0x%llx, ", call, (long long)c->arg[0]);
	if (size >= 0)
		buf_printf(b, "%lld, ", (long long)size);
	if (c->arg[1] & IPC_CREAT)
		buf_adds(b, "IPC_CREAT|");
	if (c->arg[1] & IPC_EXCL)
		buf_adds(b, "IPC_EXCL|");
	buf_printf(b, "0%o)", (unsigned)(c->arg[1] & 0777));
}

void
sysv_get_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld<%s>", (long long)c->ret, c->obj != NULL ? c->obj->name : c->newname);
	names_add_renewed(b, c);
}

const char *
sysv_get_hint(const struct call *c, const char *what)
{
	static char	 hint[128];
	const char	*gone = names_gone_hint(c, what);

	if (gone != NULL)
		return gone;
	switch (c->err) {
	case ENOENT:
		snprintf(hint, sizeof hint, "no %s has this key: add create", what);
		return hint;
	case EEXIST:
		snprintf(hint, sizeof hint, "a %s has this key already, and excl asks for a new one", what);
		return hint;
	default:
		return NULL;
	}
}

bool
sysv_same_key(const struct object *a, const struct object *b)
{
	return sysv_of(a)->key != IPC_PRIVATE && sysv_of(a)->key == sysv_of(b)->key;
}

const char *
sysv_pid_name(struct lab *lab, pid_t pid, char *buf, size_t len)
{
	struct actor	*a;

	if (pid == 0)
		return "none";
	if ((a = lab_actor_by_pid(lab, pid)) != NULL)
		return a->name;
	snprintf(buf, len, "%d", (int)pid);
	return buf;
}

void
sysv_add_id(struct buf *b, const struct call *c)
{
	buf_printf(b, "%lld", (long long)c->arg[0]);
	if (c->obj != NULL)
		buf_printf(b, "<%s>", c->obj->name);
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

const struct ksysv_entry *
sysv_listed(const struct object *o, enum ksysv_kind kind)
{
	const struct ksysv_table	*t = &o->lab->sysv[kind];

	if (!ksysv_fresh(t, kind, o->lab->gen))
		return NULL;
	return ksysv_find(t, sysv_of(o)->id);
}

ssize_t
sysv_observe_machine(struct lab *lab, const struct mechanism *m, uint64_t *stamp,
    int64_t **out)
{
	enum ksysv_kind		 kind = (enum ksysv_kind)(m->sysv_kind - 1);
	struct ksysv_table	*t = &lab->sysv[kind];
	uint64_t		 now;
	int64_t			*own;
	size_t			 i, k, n = 0, nown = 0;

	*out = NULL;
	/* What the kernel says cheaply, unless the table of this generation
	 * says it already, or it is to be listed anyway (*stamp 0). */
	if (*stamp != 0) {
		now = ksysv_fresh(t, kind, lab->gen) ? t->stamp : ksysv_stamp(kind);
		if (now == *stamp)
			return -1;
	}
	if (!ksysv_refresh(t, kind, lab->gen)) {
		*stamp = 0;
		return 0;
	}
	*stamp = t->stamp;
	/* The lab's own are its objects already. */
	own = xcalloc(lab->nobjects + 1, sizeof *own);
	for (i = 0; i < lab->nobjects; i++) {
		if (lab->objects[i]->mech == m && !lab->objects[i]->observed &&
		    !lab->objects[i]->unlinked)
			own[nown++] = sysv_of(lab->objects[i])->id;
	}
	if (nown > 0)
		qsort(own, nown, sizeof *own, id_cmp);
	*out = xcalloc(t->n + 1, sizeof **out);
	for (i = k = 0; i < t->n; i++) {
		(*out)[k] = t->v[i].id;
		if (nown == 0 || bsearch(&(*out)[k], own, nown, sizeof *own, id_cmp) == NULL)
			k++;
	}
	n = k;
	free(own);
	return (ssize_t)n;
}
