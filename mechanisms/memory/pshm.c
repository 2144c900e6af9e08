/* pshm.c: POSIX shared memory: shm_open, shm_unlink. An object is a file
 * in /dev/shm (a tmpfs) with a per-run name; it starts at 0 bytes
 * (ftruncate sizes it) and is used by mapping it (mmap). Unlinked while
 * mapped, it lives on until the last mapping and descriptor go. */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "memory.h"
#include "mmap.h"
#include "names.h"
#include "runtime.h"

extern const struct mechanism pshm_mechanism;

#define SHM_DIR		"/dev/shm"

static void
pshm_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct mem_mapping	 m[1];
	int64_t			 size = mem_file_size(o);
	bool			 gone = size < 0 && mem_file_gone(o);
	size_t			 n;

	desc_word(d, "kind", "pshm");
	n = mem_mappings(o, m, 1);
	if (gone)
		desc_text(d, "summary", "gone: unlinked, and nobody holds or maps it");
	else if (size < 0)
		desc_text(d, "summary", "size unknown, mapped %zu time%s%s", n, n == 1 ? "" : "s",
		    o->unlinked ? ", unlinked" : "");
	else
		desc_text(d, "summary", "%lld bytes, mapped %zu time%s%s", (long long)size, n,
		    n == 1 ? "" : "s", o->unlinked ? ", unlinked" : "");
	if (detail != DETAIL_FULL)
		return;
	desc_string(d, "name", o->path + strlen(SHM_DIR));
	desc_bool(d, "linked", !o->unlinked);
	if (!gone)
		mem_describe_file_size(d, size);
	lab_describe_holders(o, d, "holders", -1, -1);
	mem_describe_mappings(o, d, true);
	mem_describe_addresses(o, d);
	if (!gone && size != 0)
		mem_describe_contents(o, d, size);
}

static void
pshm_destroy(struct object *o)
{
	if (!o->unlinked)
		shm_unlink(o->path + strlen(SHM_DIR));
}

/* "/ipcscope.PID.NAME" from a dead run. */
static bool
pshm_sweep(const char *args)
{
	return strncmp(args, "/ipcscope.", 10) == 0 && strchr(args + 1, '/') == NULL &&
	    shm_unlink(args) == 0;
}

/* shm_open */

static const struct arg_choice shm_open_modes[] = {
	{ "r", O_RDONLY },
	{ "rw", O_RDWR },
	{ NULL, 0 },
};

static bool
shm_open_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	const struct arg	*mode = cmd_arg(c->cmd, "MODE");
	struct object		*o = lab_object(c->lab, name->str);
	bool			 create = cmd_arg(c->cmd, "create")->present;
	char			*kname;

	c->err_column = name->column;
	if (o != NULL && o->mech != &pshm_mechanism) {
		*cause = xasprintf("%s is a %s, not a POSIX shared memory object", o->name, o->mech->name);
		return false;
	}
	if (o == NULL && !lab_name_free(c->lab, name->str, cause))
		return false;
	if (o == NULL && !create) {
		*cause = xasprintf("no shared memory object %s yet: add create", name->str);
		return false;
	}
	c->err_column = 0;
	c->obj = o;
	c->newname = o == NULL ? xstrdup(name->str) : NULL;
	/* An object's own name in the kernel (q1-1 lost it to q1: names.h). */
	if (o != NULL)
		buf_adds(&c->data, o->path + strlen(SHM_DIR));
	else {
		kname = xasprintf("/%s.%s", c->lab->rt->tag, name->str);
		buf_adds(&c->data, kname);
		free(kname);
	}
	c->arg[0] = mode->present ? mode->num : O_RDWR;
	if (create)
		c->arg[0] |= O_CREAT;
	if (cmd_arg(c->cmd, "excl")->present)
		c->arg[0] |= O_EXCL;
	c->end_access = (int)(c->arg[0] & O_ACCMODE);
	return true;
}

static void
shm_open_perform(struct actor_call *c)
{
	char	*name = xstrndup(c->data, c->data_len);
	int	 fd;

	actor_begin(c);
	fd = shm_open(name, (int)c->req->arg[0], 0600);
	actor_end(c, fd);
	actor_fd_changed(c, fd);
	if (fd != -1 && (c->req->arg[0] & O_CREAT))
		runtime_record("pshm", "%s", name);
	free(name);
}

static void
shm_open_finish(struct call *c)
{
	struct object	*o = c->obj;

	if (c->ret < 0)
		return;
	/* The object the lab knows by this name, opened again; or, once the
	 * name was unlinked (or is another object's), a new one. */
	if (o != NULL && !o->unlinked && lab_object_by_fd(c->lab, c->actor, (int)c->ret) == o)
		return;
	if (o == NULL)
		o = lab_object_new(c->lab, c->newname, &pshm_mechanism, c->actor->proc);
	else if (names_renew(c, &pshm_mechanism))
		o = c->obj;
	else
		return;
	o->path = xasprintf("%s%s", SHM_DIR, c->data.data);
	object_set_id(o, 0, c->actor, (int)c->ret);
	c->obj = o;
}

static void
shm_open_format(const struct call *c, struct buf *b)
{
	int	 flags = (int)c->arg[0];

	buf_adds(b, "shm_open(");
	buf_add_quoted(b, c->data.data, c->data.len, 128);
	buf_adds(b, (flags & O_ACCMODE) == O_RDONLY ? ", O_RDONLY" : ", O_RDWR");
	if (flags & O_CREAT)
		buf_adds(b, "|O_CREAT");
	if (flags & O_EXCL)
		buf_adds(b, "|O_EXCL");
	buf_adds(b, ", 0600)");
}

static void
shm_open_result(const struct call *c, struct buf *b)
{
	lab_add_actor_fd(b, c->actor, (int)c->ret);
	names_add_renewed(b, c);
}

static const char *
shm_open_hint(const struct call *c)
{
	const char	*gone = names_gone_hint(c, "object");

	if (gone != NULL)
		return gone;
	switch (c->err) {
	case ENOENT:
		return "no object has this name: add create";
	case EEXIST:
		return "an object has this name already, and excl asks for a new one";
	default:
		return NULL;
	}
}

static const struct arg_spec shm_open_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "the object's name in the lab (in the kernel: /ipcscope.PID.NAME)" },
	{ "MODE", ARG_CHOICE, ARG_OPTIONAL, shm_open_modes, "O_RDONLY or O_RDWR (the default)" },
	{ "create", ARG_FLAG, 0, NULL, "O_CREAT: make it if it does not exist" },
	{ "excl", ARG_FLAG, 0, NULL, "O_EXCL: fail with EEXIST if it does" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_shm_open = {
	.name = "shm_open",
	.scope = CMD_ACTOR,
	.args = shm_open_args,
	.summary = "shm_open(): a POSIX shared memory object, by name",
	.help = "The actor opens (with create: makes) a named shared memory object and "
	    "gets a descriptor. It is 0 bytes until ftruncate sizes it; then mmap "
	    "maps it, and every process mapping it shared sees the same bytes. After "
	    "shm_unlink, create makes a new object of the name, and the old one "
	    "becomes NAME-1.",
	.example = "A shm_open m1 create",
	.prepare = shm_open_prepare,
	.perform = shm_open_perform,
	.finish = shm_open_finish,
	.format = shm_open_format,
	.format_result = shm_open_result,
	.hint = shm_open_hint,
};

/* shm_unlink */

static bool
shm_unlink_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	struct object		*o = lab_object(c->lab, name->str);

	if (o == NULL || o->mech != &pshm_mechanism) {
		*cause = o == NULL ?
		    xasprintf("no shared memory object called %s", name->str) :
		    xasprintf("%s is a %s, not a POSIX shared memory object", o->name, o->mech->name);
		c->err_column = name->column;
		return false;
	}
	if (names_unlink_refused(c, o, cause)) {
		c->err_column = name->column;
		return false;
	}
	c->obj = o;
	buf_adds(&c->data, o->path + strlen(SHM_DIR));
	return true;
}

static void
shm_unlink_perform(struct actor_call *c)
{
	char	*name = xstrndup(c->data, c->data_len);
	int	 r;

	actor_begin(c);
	r = shm_unlink(name);
	actor_end(c, r);
	free(name);
}

static void
shm_unlink_finish(struct call *c)
{
	if (c->ret == 0)
		c->obj->unlinked = true;
}

static void
shm_unlink_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "shm_unlink(");
	buf_add_quoted(b, c->data.data, c->data.len, 128);
	buf_addc(b, ')');
}

static const struct arg_spec shm_unlink_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "a POSIX shared memory object" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_shm_unlink = {
	.name = "shm_unlink",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = shm_unlink_args,
	.summary = "shm_unlink(): remove a shared memory object's name",
	.help = "The actor removes the name. Nobody new can open it, but those that "
	    "have it open or mapped keep using it; the memory is freed when the last "
	    "descriptor and mapping go.",
	.example = "A shm_unlink m1",
	.prepare = shm_unlink_prepare,
	.perform = shm_unlink_perform,
	.finish = shm_unlink_finish,
	.format = shm_unlink_format,
};

static const struct cmd_entry *const pshm_commands[] = {
	&cmd_shm_open,
	&cmd_shm_unlink,
	NULL,
};

static char *
pshm_not_mapped(struct object *o, struct actor *p)
{
	return mmap_not_mapped_fd(o, p, "shm_open", "");
}

static const struct menu_new pshm_menu_new[] = {
	{ MENU_MEMORY, "shm_open", " create", "m", "POSIX shared memory object (then ftruncate, mmap)",
	    NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct menu_call pshm_menu_calls[] = {
	{ MENU_UNHELD, "open %s r", "open %s for reading", "open it for reading", false, 0 },
	{ MENU_UNHELD, "open %s w", "open %s for writing", "open it for writing", false, 0 },
	{ 0, NULL, NULL, NULL, false, 0 },
};

/* Observed processes' shared memory objects: what they map of /dev/shm
 * ("pshm-4711", by inode). */
static ssize_t
pshm_observe_machine(struct lab *lab, uint64_t *stamp, int64_t **out)
{
	return mem_observed_shm(lab, false, stamp, out);
}

static void
pshm_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	(void)fe;
	(void)mem_observed_shm_init(o, number);
}

const struct mechanism pshm_mechanism = {
	.name = "pshm",
	.title = "POSIX shared memory",
	.help = "A named object in /dev/shm, opened with shm_open, sized with ftruncate "
	    "and mapped with mmap. Like a System V segment it carries data with no "
	    "call between writer and reader, but it is reached through a descriptor "
	    "and a name, and removed with shm_unlink (the lab removes its own when it "
	    "ends, and a dead run's on the next start).",
	.commands = pshm_commands,
	.menu_new = pshm_menu_new,
	.menu_calls = pshm_menu_calls,
	.fd_backed = true,
	.describe = pshm_describe,
	.describe_links = mem_describe_links,
	.destroy = pshm_destroy,
	.sweep = pshm_sweep,
	.mem_size = mem_file_size,
	.observe_machine = pshm_observe_machine,
	.observe_init = pshm_observe_init,
	.not_mapped = pshm_not_mapped,
};
