/* fifo.c: named pipes: mkfifo in the lab's runtime directory (open, which
 * blocks until the other side opens too, and unlink are file.c's). The buffer behind a
 * FIFO is a pipe's, and is shown the same way. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "fd.h"
#include "lab.h"
#include "mechanism.h"
#include "names.h"
#include "pipe.h"
#include "runtime.h"

extern const struct mechanism fifo_mechanism;

static void
fifo_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct actor	*holder;
	int		 fd;

	desc_word(d, "kind", "fifo");
	/* Unlinked, it lives while somebody has it open, and no longer. */
	if (o->unlinked && !lab_find_holder(o, 0, -1, &holder, &fd)) {
		desc_text(d, "summary", "gone: unlinked, and nobody has it open");
		desc_word(d, "state", "gone");
		desc_list(d, "readers");
		desc_close(d);
		desc_list(d, "writers");
		desc_close(d);
		desc_string(d, "path", o->path);
		desc_bool(d, "linked", false);
		return;
	}
	pipe_describe_buffer(o, d, detail);
	desc_string(d, "path", o->path);
	desc_bool(d, "linked", !o->unlinked);
}

/* A FIFO the lab did not make: the kernel's pipe, with a path. */
static bool
fifo_claims(const struct fd_entry *fe)
{
	return S_ISFIFO(fe->type) && fe->link != NULL && strncmp(fe->link, "pipe:", 5) != 0;
}

extern const struct mechanism fifo_mechanism;

/* An observed process's FIFO is one object for both its ends, named
 * after its inode ("fifo-4711"). */
static bool
fifo_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	(void)lab;
	(void)p;
	out->mech = &fifo_mechanism;
	out->ids[0] = fe->id;
	out->nids = 1;
	snprintf(out->name, sizeof out->name, "fifo-%llu", (unsigned long long)fe->id.ino);
	return true;
}

/* An observed FIFO: its path, as the holder's descriptor shows it. */
static void
fifo_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	(void)number;
	if (fe != NULL && fe->link != NULL && fe->link[0] == '/')
		o->path = xstrdup(fe->link);
}

static void
fifo_destroy(struct object *o)
{
	if (!o->unlinked)
		unlink(o->path);
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
	struct object		*o = lab_object(c->lab, name->str);
	char			*path;

	/* A FIFO or file whose name was unlinked: its name can be made
	 * again, a new FIFO (the old object is renamed, names.h). */
	if (o != NULL && o->unlinked && o->mech->runtime_file) {
		c->obj = o;
		buf_adds(&c->data, o->path);
		return true;
	}
	if (!lab_name_free(c->lab, name->str, cause)) {
		c->err_column = name->column;
		return false;
	}
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
	if (c->obj == NULL)
		o = lab_object_new(c->lab, c->newname, &fifo_mechanism, c->actor->proc);
	else if (names_renew(c, &fifo_mechanism))
		o = c->obj;
	else
		return;
	o->path = xstrdup(c->data.data);
	o->ids[0] = (struct fd_id){ st.st_dev, st.st_ino, -1 };
	o->nids = 1;
	o->lab->ids_version++;
	object_forget_reused(o);
	c->obj = o;
}

static void
mkfifo_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld", (long long)c->ret);
	names_add_renewed(b, c);
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
	    "exists only while somebody does. Once its name is unlinked, mkfifo NAME "
	    "makes a new FIFO of that name, and the old one is renamed NAME-1.",
	.example = "A mkfifo f1",
	.prepare = mkfifo_prepare,
	.perform = mkfifo_perform,
	.finish = mkfifo_finish,
	.format = mkfifo_format,
	.format_result = mkfifo_result,
};

static const struct cmd_entry *const fifo_commands[] = {
	&cmd_mkfifo,
	NULL,
};

/* An open of a FIFO that waits for its other side: any process that
 * opens it the other way may end it, none the lab need see (had one the
 * other side open, the open would not wait). The path is looked up from
 * where the process resolves it, without asking its filesystem to
 * revalidate (a FIFO's node lives on whatever filesystem holds it). */
static size_t
fifo_woken_by_wait(struct lab *lab, const struct thread_wait *tw, struct file_want *out,
    size_t max)
{
	const struct wait_open	*w = &tw->on.open;
	struct statx		 stx;
	char			 path[PATH_MAX + 64];
	int			 acc;

	(void)lab;
	if (tw->kind != WAIT_OPEN || w->path == NULL || w->path_cut || max == 0)
		return 0;
	if (w->path[0] == '/')
		snprintf(path, sizeof path, "/proc/%d/root%s", (int)tw->pid, w->path);
	else if (w->dirfd == AT_FDCWD)
		snprintf(path, sizeof path, "/proc/%d/cwd/%s", (int)tw->pid, w->path);
	else
		snprintf(path, sizeof path, "/proc/%d/fd/%d/%s", (int)tw->pid, w->dirfd, w->path);
	if (statx(AT_FDCWD, path, AT_STATX_DONT_SYNC, STATX_TYPE, &stx) == -1 ||
	    !S_ISFIFO(stx.stx_mode))
		return 0;
	acc = (int)(w->flags & O_ACCMODE);
	if (acc == O_RDWR)
		return 0;	/* Linux opens a FIFO for both at once */
	snprintf(out[0].anyone, sizeof out[0].anyone, "any process that opens %s for %s",
	    w->path, acc == O_RDONLY ? "writing" : "reading");
	return 1;
}

static const struct menu_new fifo_menu_new[] = {
	{ MENU_BYTES, "mkfifo", "", "f", "FIFO: a named pipe, a file anybody can open",
	    "mkfifo: a new FIFO..." },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct menu_call fifo_menu_calls[] = {
	{ MENU_UNHELD, "open %s r", "open %s for reading (blocks until a writer)",
	    "open it for reading", false, 0 },
	{ MENU_UNHELD, "open %s w", "open %s for writing (blocks until a reader)",
	    "open it for writing", false, 0 },
	{ MENU_CREATOR, "unlink %s", "unlink it (open descriptors go on working)", NULL, false, 0 },
	{ 0, NULL, NULL, NULL, false, 0 },
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
	.help_objects = "FIFOs",
	.menu_new = fifo_menu_new,
	.menu_io = fd_menu_io,
	.menu_calls = fifo_menu_calls,
	.fd_backed = true,
	.ends = pipe_ends,
	.runtime_file = true,
	.describe = fifo_describe,
	.destroy = fifo_destroy,
	.claims = fifo_claims,
	.describe_fd = pipe_describe_fd,
	.woken_by = pipe_woken_by,
	.woken_by_stands = true,
	.woken_by_wait = fifo_woken_by_wait,
	.observe_fd = fifo_observe_fd,
	.observe_init = fifo_observe_init,
};
