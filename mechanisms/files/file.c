/* file.c: files. open (a FIFO, a pty's slave, or a regular file in the
 * lab's runtime directory, made with create), unlink, ftruncate, and the
 * locks on them: flock here, fcntl record and OFD locks through fd.c's
 * fcntl. A file's view shows its size, who holds it, its bytes and
 * mappings (a file can be mapped), and its locks on a byte-range ruler:
 * each holder's ranges, each waiter's requested range, and a deadlock
 * when the waits form a cycle (locks.h). */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "fd.h"
#include "lab.h"
#include "locks.h"
#include "mechanism.h"
#include "memory.h"
#include "mmap.h"
#include "names.h"
#include "runtime.h"

extern const struct mechanism file_mechanism;

/* An observed file's holder's descriptor of it, as the last sample read
 * it: its size, and whether its filesystem may hang a read (a file
 * locked on NFS is what a stuck service often waits for). NULL if none
 * holds it now. */
static const struct fd_entry *
observed_entry(struct object *o)
{
	struct actor	*holder;
	int		 fd;

	if (!lab_find_holder(o, 0, -1, &holder, &fd))
		return NULL;
	return fd_table_find(actor_fds(holder), fd);
}

static void
file_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	const struct fd_entry	*fe = o->observed ? observed_entry(o) : NULL;
	int64_t			 size;
	bool			 gone, local = fe == NULL || fe->local;
	int			 held, waiting;
	struct buf		 sum;

	/* An observed one is stat'ed with its holders' tables (through the
	 * guard where its filesystem is not a local one), not here. */
	if (o->observed) {
		size = fe != NULL ? fe->size : -1;
		gone = fe == NULL;
	} else {
		size = mem_file_size(o);
		gone = size < 0 && mem_file_gone(o);
	}

	desc_word(d, "kind", "file");
	if (gone) {
		desc_text(d, "summary", "gone: unlinked, and nobody holds or maps it");
		if (detail == DETAIL_FULL) {
			desc_string(d, "path", o->path);
			desc_bool(d, "linked", false);
		}
		return;
	}
	locks_count(o, &held, &waiting);
	buf_init(&sum);
	if (size < 0)
		buf_adds(&sum, "size unknown");
	else
		buf_printf(&sum, "%lld bytes", (long long)size);
	buf_printf(&sum, ", %d lock%s", held, held == 1 ? "" : "s");
	if (waiting > 0)
		buf_printf(&sum, ", %d waiting", waiting);
	if (o->unlinked)
		buf_adds(&sum, ", unlinked");
	desc_string(d, "summary", sum.data);
	buf_free(&sum);
	if (detail != DETAIL_FULL)
		return;
	desc_string(d, "path", o->path);
	desc_bool(d, "linked", !o->unlinked);
	mem_describe_file_size(d, size);
	lab_describe_holders(o, d, "holders", -1, -1);
	locks_describe(o, d, size);
	mem_describe_mappings(o, d, true);
	if (!local)
		desc_string(d, "contents", "not read: its filesystem is not a local one, "
		    "and a read of it may not answer");
	else if (size != 0)
		mem_describe_contents(o, d, size);
}

/* The topology's: who locks it, who waits to, who maps it. */
static void
file_describe_links(struct object *o, struct desc *d)
{
	locks_describe_who(o, d);
	mem_describe_links(o, d);
}

static void
file_destroy(struct object *o)
{
	if (!o->unlinked)
		unlink(o->path);
}

/* An object with a file to open, its path in the request data. */
static struct object *
path_arg(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	struct object		*o;

	o = lab_object(c->lab, name->str);
	c->err_column = name->column;
	if (o == NULL) {
		*cause = lab_actor(c->lab, name->str) != NULL ?
		    xasprintf("%s is an actor, not a file: NAME is a file, FIFO or pty the lab made",
		    name->str) :
		    xasprintf("no file called %s (%s open %s rw create makes one; %s mkfifo %s a FIFO)",
		    name->str, c->actor->name, name->str, c->actor->name, name->str);
		return NULL;
	}
	if (o->path == NULL) {
		*cause = xasprintf("%s is a %s, not a file: it has no name in the filesystem",
		    o->name, o->mech->name);
		return NULL;
	}
	c->err_column = 0;
	c->obj = o;
	buf_adds(&c->data, o->path);
	return o;
}

static void
add_path(struct buf *b, const struct call *c)
{
	buf_add_quoted(b, c->data.data, c->data.len, 256);
}

/* open */

static const struct arg_choice open_modes[] = {
	{ "r", O_RDONLY },
	{ "w", O_WRONLY },
	{ "rw", O_RDWR },
	{ NULL, 0 },
};

static bool
open_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	const struct arg	*mode = cmd_arg(c->cmd, "MODE");
	bool			 create = cmd_arg(c->cmd, "create")->present;
	struct object		*o = lab_object(c->lab, name->str);
	char			*path;

	c->arg[0] = mode->num;
	if (create && o != NULL && o->unlinked && o->mech->runtime_file) {
		/* Its name was unlinked: a new file of that name (the old
		 * object is renamed, names.h). */
		c->obj = o;
		buf_adds(&c->data, o->path);
		c->arg[0] |= O_CREAT | O_EXCL;
	} else if (create && o == NULL) {
		/* A new regular file in the runtime directory. */
		if (!lab_name_free(c->lab, name->str, cause)) {
			c->err_column = name->column;
			return false;
		}
		c->newname = xstrdup(name->str);
		path = runtime_path(c->lab->rt, name->str);
		buf_adds(&c->data, path);
		free(path);
		c->arg[0] |= O_CREAT | O_EXCL;
	} else if (path_arg(c, cause) == NULL)
		return false;
	if (cmd_arg(c->cmd, "noctty")->present)
		c->arg[0] |= O_NOCTTY;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[0] |= O_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[0] |= O_CLOEXEC;
	c->end_access = (int)mode->num;
	return true;
}

static void
open_perform(struct actor_call *c)
{
	char	*path = xstrndup(c->data, c->data_len);
	int	 fd;

	actor_begin(c);
	fd = open(path, (int)c->req->arg[0], 0600);
	actor_end(c, fd);
	actor_fd_changed(c, fd);
	free(path);
}

static void
open_finish(struct call *c)
{
	struct object	*o;

	if (c->ret < 0 || !(c->arg[0] & O_CREAT))
		return;
	if (c->obj == NULL)
		o = lab_object_new(c->lab, c->newname, &file_mechanism, c->actor->proc);
	else if (names_renew(c, &file_mechanism))
		o = c->obj;
	else
		return;
	o->path = xstrdup(c->data.data);
	object_set_id(o, 0, c->actor, (int)c->ret);
	c->obj = o;
}

static void
open_format(const struct call *c, struct buf *b)
{
	int	 flags = (int)c->arg[0];

	buf_adds(b, "open(");
	add_path(b, c);
	buf_adds(b, (flags & O_ACCMODE) == O_RDONLY ? ", O_RDONLY" :
	    (flags & O_ACCMODE) == O_WRONLY ? ", O_WRONLY" : ", O_RDWR");
	if (flags & O_CREAT)
		buf_adds(b, "|O_CREAT|O_EXCL");
	if (flags & O_NONBLOCK)
		buf_adds(b, "|O_NONBLOCK");
	if (flags & O_NOCTTY)
		buf_adds(b, "|O_NOCTTY");
	if (flags & O_CLOEXEC)
		buf_adds(b, "|O_CLOEXEC");
	if (flags & O_CREAT)
		buf_adds(b, ", 0600");
	buf_addc(b, ')');
}

static void
open_result(const struct call *c, struct buf *b)
{
	/* Named from the table: a pty's slave is the object's second file. */
	lab_add_actor_fd(b, c->actor, (int)c->ret);
	names_add_renewed(b, c);
}

static const char *
open_hint(const struct call *c)
{
	const char	*gone = names_gone_hint(c, "file");

	if (gone != NULL)
		return gone;
	/* The lab's files that are not regular files are FIFOs. */
	if (c->err == ENXIO && c->obj != NULL && c->obj->mech != &file_mechanism &&
	    c->obj->mech->runtime_file)
		return "nonblock: a FIFO opened for writing needs a reader already";
	/* A terminal's slave (its mechanism names terminals). */
	if (c->err == EIO && c->obj != NULL && c->obj->mech->describe_tty != NULL)
		return "the slave is locked until the master's holder calls unlockpt";
	return NULL;
}

static const struct arg_spec open_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "a file, a FIFO, or a pseudoterminal (its slave); with create, a new file's name" },
	{ "MODE", ARG_CHOICE, 0, open_modes, "O_RDONLY, O_WRONLY or O_RDWR" },
	{ "create", ARG_FLAG, 0, NULL, "O_CREAT|O_EXCL: a new regular file in the lab's runtime directory" },
	{ "nonblock", ARG_FLAG, 0, NULL, "O_NONBLOCK: do not wait for the other side" },
	{ "noctty", ARG_FLAG, 0, NULL, "O_NOCTTY: a terminal does not become the caller's controlling terminal" },
	{ "cloexec", ARG_FLAG, 0, NULL, "O_CLOEXEC" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_open = {
	.name = "open",
	.scope = CMD_ACTOR,
	.args = open_args,
	.summary = "open(): open a file (create makes one), a FIFO, or a pty's slave",
	.help = "The actor opens the file. With create the file is new, in the lab's "
	    "runtime directory (the lab removes it when it ends). Each open makes a new "
	    "open file description, which matters for locks: OFD locks and flocks "
	    "belong to it, POSIX record locks to the process. A FIFO's open blocks "
	    "until somebody opens the other side (nonblock: a reader returns at once, "
	    "a writer fails with ENXIO); rw never blocks (Linux). On a pseudoterminal "
	    "it opens the slave, /dev/pts/N: a session leader with no controlling "
	    "terminal gets it as its own unless noctty is given. After unlink, create "
	    "makes a new file of the name, and the old one becomes NAME-1.",
	.example = "A open f1 rw create",
	.prepare = open_prepare,
	.perform = open_perform,
	.finish = open_finish,
	.format = open_format,
	.format_result = open_result,
	.hint = open_hint,
};

/* unlink */

static bool
unlink_prepare(struct call *c, char **cause)
{
	struct object	*o = path_arg(c, cause);

	if (o == NULL)
		return false;
	if (!o->mech->runtime_file) {
		*cause = xasprintf("%s is a %s: its file is not the lab's to remove", o->name, o->mech->name);
		return false;
	}
	if (names_unlink_refused(c, o, cause)) {
		c->err_column = cmd_arg(c->cmd, "NAME")->column;
		return false;
	}
	return true;
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
	{ "NAME", ARG_REF, 0, NULL, "a file or FIFO the lab made" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_unlink = {
	.name = "unlink",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = unlink_args,
	.summary = "unlink(): remove a file's or FIFO's name; open descriptors still work",
	.help = "The actor removes the name. Nobody new can open it, but the "
	    "descriptors already open (and the mappings) keep working until they "
	    "are closed.",
	.example = "A unlink f1",
	.prepare = unlink_prepare,
	.perform = unlink_perform,
	.finish = unlink_finish,
	.format = unlink_format,
};

/* ftruncate */

static bool
ftruncate_prepare(struct call *c, char **cause)
{
	int	 fd;

	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), O_WRONLY, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = cmd_arg(c->cmd, "SIZE")->num;
	return true;
}

static void
ftruncate_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = ftruncate((int)c->req->arg[0], (off_t)c->req->arg[1]);
	actor_end(c, r);
}

static void
ftruncate_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "ftruncate(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", %lld)", (long long)c->arg[1]);
}

static const char *
ftruncate_hint(const struct call *c)
{
	if (c->err != EINVAL && c->err != EBADF)
		return NULL;
	/* Memory behind a descriptor: a file, a POSIX shared memory object. */
	if (c->err == EINVAL && (c->obj == NULL ||
	    !c->obj->mech->fd_backed || c->obj->mech->mem_size == NULL))
		return "ftruncate needs a regular file or shared memory object";
	if (c->end_access == O_RDONLY)
		return "the descriptor is open for reading only: ftruncate needs it open for writing";
	return NULL;
}

static const struct arg_spec ftruncate_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a file or POSIX shared memory object open for writing" },
	{ "SIZE", ARG_SIZE, 0, NULL, "its new size; growing adds zero bytes" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_ftruncate = {
	.name = "ftruncate",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = ftruncate_args,
	.summary = "ftruncate(): set a file's or shared memory object's size",
	.help = "The actor sets the size. A new POSIX shared memory object is 0 bytes "
	    "until this is done; a mapping's bytes past the end of the file raise "
	    "SIGBUS when touched.",
	.example = "A ftruncate m1 4k",
	.prepare = ftruncate_prepare,
	.perform = ftruncate_perform,
	.format = ftruncate_format,
	.hint = ftruncate_hint,
};

/* flock */

static const struct arg_choice flock_ops[] = {
	{ "sh", LOCK_SH },
	{ "ex", LOCK_EX },
	{ "un", LOCK_UN },
	{ NULL, 0 },
};

static bool
flock_prepare(struct call *c, char **cause)
{
	int	 fd;

	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = cmd_arg(c->cmd, "OP")->num;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[1] |= LOCK_NB;
	return true;
}

static void
flock_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = flock((int)c->req->arg[0], (int)c->req->arg[1]);
	actor_end(c, r);
	actor_fd_changed(c, (int)c->req->arg[0]);	/* its fdinfo shows the lock */
}

static void
flock_format(const struct call *c, struct buf *b)
{
	int	 op = (int)c->arg[1];

	buf_adds(b, "flock(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, (op & LOCK_EX) ? ", LOCK_EX" : (op & LOCK_SH) ? ", LOCK_SH" : ", LOCK_UN");
	if (op & LOCK_NB)
		buf_adds(b, "|LOCK_NB");
	buf_addc(b, ')');
}

static const char *
flock_hint(const struct call *c)
{
	if (c->err == EWOULDBLOCK)
		return "another open file description holds a conflicting lock, and nonblock was given";
	return NULL;
}

static const struct arg_spec flock_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a file (or a descriptor of one)" },
	{ "OP", ARG_CHOICE, 0, flock_ops, "LOCK_SH (shared), LOCK_EX (exclusive) or LOCK_UN (unlock)" },
	{ "nonblock", ARG_FLAG, 0, NULL, "LOCK_NB: fail with EWOULDBLOCK instead of waiting" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_flock = {
	.name = "flock",
	.scope = CMD_ACTOR,
	.args = flock_args,
	.summary = "flock(): lock a whole file, shared or exclusive",
	.help = "The actor locks the whole file. The lock belongs to the open file "
	    "description: descriptors that share it (dup, fork) share the lock, and "
	    "it goes when the last of them is closed. An exclusive lock waits while "
	    "any other holds one; a shared one while another holds it exclusively. "
	    "flock and fcntl locks do not see each other. The kernel does not look "
	    "for deadlocks between flocks: a cycle simply hangs (the view names it).",
	.example = "A flock f1 ex",
	.prepare = flock_prepare,
	.perform = flock_perform,
	.format = flock_format,
	.hint = flock_hint,
};

static const struct cmd_entry *const file_commands[] = {
	&cmd_open,
	&cmd_unlink,
	&cmd_ftruncate,
	&cmd_flock,
	NULL,
};

static char *
file_not_mapped(struct object *o, struct actor *p)
{
	return mmap_not_mapped_fd(o, p, "open", " rw");
}

static const struct menu_new file_menu_new[] = {
	{ MENU_FILES, "open", " rw create", "f", "file: for locks (fcntl, flock) or to map", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct menu_call file_menu_calls[] = {
	{ MENU_UNHELD, "open %s r", "open %s for reading", "open it for reading", false, 0 },
	{ MENU_UNHELD, "open %s w", "open %s for writing", "open it for writing", false, 0 },
	{ 0, NULL, NULL, NULL, false, 0 },
};

/* A regular file the lab did not make: a lock on it is the files
 * family's to follow. */
static bool
file_claims(const struct fd_entry *fe)
{
	return S_ISREG(fe->type) && !fd_is_mqueue(fe);
}

extern const struct mechanism file_mechanism;

#define FILE_LOCKS_AGE_NS	(5 * NS_PER_S)

/* An observed process's regular file, while somebody locks it: named
 * after its inode ("file-4711"), with its path. */
static bool
file_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	(void)p;
	/* Its own fdinfo says at once what this process (or its open file)
	 * locks; another's lock is found in /proc/locks, which a file of
	 * a process that runs every tick (a terminal's) would read every
	 * tick: read again after FILE_LOCKS_AGE_NS. */
	if (!fe->locked && !locks_file_locked(lab, &fe->id, FILE_LOCKS_AGE_NS)) {
		out->retry = true;	/* it may be locked later */
		return false;
	}
	out->mech = &file_mechanism;
	out->ids[0] = fe->id;
	out->nids = 1;
	snprintf(out->name, sizeof out->name, "file-%llu", (unsigned long long)fe->id.ino);
	return true;
}

static void
file_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	(void)number;
	if (fe != NULL && fe->link != NULL && fe->link[0] == '/')
		o->path = xstrdup(fe->link);
}

const struct mechanism file_mechanism = {
	.name = "file",
	.title = "files and their locks",
	.help = "Regular files in the lab's runtime directory, made with open ... create. "
	    "Processes coordinate through them with locks: fcntl record locks (POSIX, "
	    "owned by the process, over byte ranges), open-file-description locks "
	    "(fcntl ofd_*, owned by the open file), and flock (whole file). The view "
	    "draws a ruler of the file's bytes with each holder's ranges and each "
	    "waiter's request, read from /proc/locks (OFD owners from fdinfo, since "
	    "/proc/locks shows them as pid -1), and names a deadlock when the waits "
	    "form a cycle. A file can be mapped too (mmap), shared or private.",
	.commands = file_commands,
	.send_verb = "write",
	.recv_verb = "read",
	.help_objects = "files",
	.menu_new = file_menu_new,
	.menu_io = fd_menu_io,
	.menu_calls = file_menu_calls,
	.fd_backed = true,
	.runtime_file = true,
	.describe = file_describe,
	.describe_links = file_describe_links,
	.destroy = file_destroy,
	.mem_size = mem_file_size,
	.not_mapped = file_not_mapped,
	.claims = file_claims,
	.woken_by = locks_woken_by,
	.observe_fd = file_observe_fd,
	.observe_init = file_observe_init,
};
