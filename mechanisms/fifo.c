/* fifo.c: named pipes: mkfifo in the lab's runtime directory, open (which
 * blocks until the other side opens too), unlink. The buffer behind a
 * FIFO is a pipe's, and is shown the same way. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "lab.h"
#include "mechanism.h"
#include "pipe.h"
#include "runtime.h"

extern const struct mechanism fifo_mechanism;

static void
fifo_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	desc_word(d, "kind", "fifo");
	pipe_describe_buffer(o, d, detail);
	desc_string(d, "path", o->path);
	desc_bool(d, "linked", !o->unlinked);
}

static void
fifo_destroy(struct object *o)
{
	if (!o->unlinked)
		unlink(o->path);
}

/* A FIFO object named by arg, with its path in the request data; with
 * any, any object with a file to open (a pty's slave) will do. */
static struct object *
fifo_arg(struct call *c, const char *argname, bool any, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, argname);
	struct object		*o;

	o = lab_object(c->lab, name->str);
	if (o == NULL) {
		*cause = xasprintf("no FIFO called %s (A mkfifo %s makes one)", name->str, name->str);
		return NULL;
	}
	if (o->path == NULL) {
		*cause = xasprintf("%s is a %s, not a FIFO: it has no name in the filesystem",
		    o->name, o->mech->name);
		return NULL;
	}
	if (!any && o->mech != &fifo_mechanism) {
		*cause = xasprintf("%s is a %s, not a FIFO: its file is not the lab's to remove",
		    o->name, o->mech->name);
		return NULL;
	}
	c->obj = o;
	buf_adds(&c->data, o->path);
	return o;
}

static void
add_path(struct buf *b, const struct call *c)
{
	buf_add_quoted(b, c->data.data, c->data.len, 256);
}

/* mkfifo */

static bool
mkfifo_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	char			*path;

	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	c->newname = xstrdup(name->str);
	path = runtime_path(c->lab->rt, name->str);
	buf_adds(&c->data, path);
	free(path);
	return true;
}

static void
mkfifo_perform(struct actor_call *c)
{
	char	*path = xstrndup(c->data, c->data_len);
	int	 r;

	actor_begin(c);
	r = mkfifo(path, 0600);
	actor_end(c, r);
	free(path);
}

static void
mkfifo_finish(struct call *c)
{
	struct object	*o;
	struct stat	 st;

	if (c->ret != 0 || stat(c->data.data, &st) == -1)
		return;
	o = lab_object_new(c->lab, c->newname, &fifo_mechanism, c->actor->proc);
	o->path = xstrdup(c->data.data);
	o->ids[0] = (struct fd_id){ st.st_dev, st.st_ino, -1 };
	o->nids = 1;
}

static void
mkfifo_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "mkfifo(");
	add_path(b, c);
	buf_adds(b, ", 0600)");
}

static const struct arg_spec mkfifo_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the FIFO's name; its file is NAME in the lab's runtime directory" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mkfifo = {
	.name = "mkfifo",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = mkfifo_args,
	.summary = "mkfifo(): a named pipe, a file in the lab's runtime directory",
	.help = "The actor creates a FIFO, a pipe with a name in the filesystem, so that "
	    "unrelated processes can open it. The file stays until it is unlinked "
	    "(or the lab ends), whether anybody has it open or not; the buffer "
	    "exists only while somebody does.",
	.example = "A mkfifo f1",
	.prepare = mkfifo_prepare,
	.perform = mkfifo_perform,
	.finish = mkfifo_finish,
	.format = mkfifo_format,
};

/* open */

static const int open_modes[] = { O_RDONLY, O_WRONLY, O_RDWR };

static bool
open_prepare(struct call *c, char **cause)
{
	const struct arg	*mode = cmd_arg(c->cmd, "MODE");

	if (fifo_arg(c, "NAME", true, cause) == NULL)
		return false;
	c->arg[0] = open_modes[mode->num];
	if (cmd_arg(c->cmd, "noctty")->present)
		c->arg[0] |= O_NOCTTY;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[0] |= O_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[0] |= O_CLOEXEC;
	c->end_access = open_modes[mode->num];
	return true;
}

static void
open_perform(struct actor_call *c)
{
	char	*path = xstrndup(c->data, c->data_len);
	int	 fd;

	actor_begin(c);
	fd = open(path, (int)c->req->arg[0]);
	actor_end(c, fd);
	free(path);
}

static void
open_format(const struct call *c, struct buf *b)
{
	int	 flags = (int)c->arg[0];

	buf_adds(b, "open(");
	add_path(b, c);
	buf_adds(b, (flags & O_ACCMODE) == O_RDONLY ? ", O_RDONLY" :
	    (flags & O_ACCMODE) == O_WRONLY ? ", O_WRONLY" : ", O_RDWR");
	if (flags & O_NONBLOCK)
		buf_adds(b, "|O_NONBLOCK");
	if (flags & O_NOCTTY)
		buf_adds(b, "|O_NOCTTY");
	if (flags & O_CLOEXEC)
		buf_adds(b, "|O_CLOEXEC");
	buf_addc(b, ')');
}

static void
open_result(const struct call *c, struct buf *b)
{
	/* Named from the table: a pty's slave is the object's second file. */
	lab_add_actor_fd(b, c->actor, (int)c->ret);
}

static const struct arg_spec open_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "a FIFO, or a pseudoterminal (its slave)" },
	{ "MODE", ARG_CHOICE, 0, "r|w|rw", "O_RDONLY, O_WRONLY or O_RDWR" },
	{ "nonblock", ARG_FLAG, 0, NULL, "O_NONBLOCK: do not wait for the other side" },
	{ "noctty", ARG_FLAG, 0, NULL, "O_NOCTTY: a terminal does not become the caller's controlling terminal" },
	{ "cloexec", ARG_FLAG, 0, NULL, "O_CLOEXEC" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_open = {
	.name = "open",
	.scope = CMD_ACTOR,
	.args = open_args,
	.summary = "open(): open a FIFO (blocks until the other side opens), or a pty's slave",
	.help = "The actor opens the FIFO. Opening for reading blocks until somebody "
	    "opens it for writing, and the other way round. With nonblock, a reader "
	    "returns at once and a writer fails with ENXIO when no reader is there. "
	    "rw never blocks (Linux). On a pseudoterminal it opens the slave, "
	    "/dev/pts/N: a session leader with no controlling terminal gets it as "
	    "its own unless noctty is given.",
	.example = "B open f1 r",
	.prepare = open_prepare,
	.perform = open_perform,
	.format = open_format,
	.format_result = open_result,
};

/* unlink */

static bool
unlink_prepare(struct call *c, char **cause)
{
	return fifo_arg(c, "NAME", false, cause) != NULL;
}

static void
unlink_perform(struct actor_call *c)
{
	char	*path = xstrndup(c->data, c->data_len);
	int	 r;

	actor_begin(c);
	r = unlink(path);
	actor_end(c, r);
	free(path);
}

static void
unlink_finish(struct call *c)
{
	if (c->ret == 0)
		c->obj->unlinked = true;
}

static void
unlink_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "unlink(");
	add_path(b, c);
	buf_addc(b, ')');
}

static const struct arg_spec unlink_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "a FIFO" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_unlink = {
	.name = "unlink",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = unlink_args,
	.summary = "unlink(): remove a FIFO's name; open descriptors still work",
	.help = "The actor removes the FIFO's file. Nobody new can open it, but the "
	    "descriptors already open keep working until they are closed.",
	.example = "A unlink f1",
	.prepare = unlink_prepare,
	.perform = unlink_perform,
	.finish = unlink_finish,
	.format = unlink_format,
};

static const struct cmd_entry *const fifo_commands[] = {
	&cmd_mkfifo,
	&cmd_open,
	&cmd_unlink,
	NULL,
};

const struct mechanism fifo_mechanism = {
	.name = "fifo",
	.title = "named pipes (FIFOs)",
	.help = "A FIFO is a pipe with a name in the filesystem: any process allowed "
	    "to open the file can join. The lab makes them in its private runtime "
	    "directory and removes them when it ends. Opening blocks until both "
	    "sides are there; after that it is a pipe in every way.",
	.commands = fifo_commands,
	.send_verb = "write",
	.recv_verb = "read",
	.fd_backed = true,
	.ends = pipe_ends,
	.describe = fifo_describe,
	.destroy = fifo_destroy,
};
