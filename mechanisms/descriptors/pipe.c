/* pipe.c: anonymous pipes: the pipe call, and the live view of a pipe's
 * buffer that FIFOs share. */
#include "config.h"

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
#include "guard.h"
#include "lab.h"
#include "mechanism.h"
#include "pipe.h"

#define PEEK_MAX	(64 * 1024)

const struct object_end pipe_ends[] = {
	{ "r", 0, O_RDONLY, "read end" },
	{ "w", 0, O_WRONLY, "write end" },
	{ NULL, 0, 0, NULL },
};

static void
add_names(struct buf *b, struct desc_node *list)
{
	struct desc_node	*item, *f;
	const char		*sep = "";
	const char		*last = NULL;

	for (item = list->first; item != NULL; item = item->next) {
		for (f = item->first; f != NULL; f = f->next) {
			if (strcmp(f->name, "actor") != 0)
				continue;
			/* Holders come grouped by actor: name each once. */
			if (last == NULL || strcmp(last, f->str) != 0)
				buf_printf(b, "%s%s", sep, f->str);
			last = f->str;
			sep = " ";
		}
	}
	if (list->first == NULL)
		buf_adds(b, "nobody");
}

/* Whether a process the lab did not make may hold the pipe: only such
 * a one may hold its lock while it waits for a filesystem (an actor
 * writes what it is told, from its own memory), so only then is a look
 * at it guarded. Whether the lab observes any process at all: asking
 * who holds each pipe would cost more than the guard's hand-off. */
static bool
held_by_observed(struct object *o)
{
	struct lab	*lab = o->lab;
	size_t		 i;

	for (i = 0; i < lab->nactors; i++) {
		if (lab->actors[i]->observed)
			return true;
	}
	return false;
}

extern const struct mechanism pipe_mechanism;

/* Whether o's buffer is a pipe's: a pipe's, or a FIFO's (fifo.c's
 * mechanism shows its buffer through this file, by name so that this
 * file needs nothing of that one). */
static bool
pipe_buffered(const struct object *o)
{
	return o->mech == &pipe_mechanism || strcmp(o->mech->name, "fifo") == 0;
}

/* The fill of every observed pipe and FIFO whose holders may have
 * changed it, looked at in one go through the guard (probe_pipes): a
 * whole machine's summaries cost one hand-off rather than one each.
 * Each is kept for this tick's summaries (kept_tick). */
static void
look_all(struct lab *lab)
{
	struct pipe_look	*v;
	struct object		**of, *o;
	struct actor		*holder;
	const struct fd_entry	*fe;
	size_t			 i, n = 0;
	int64_t			 t = now_ns();
	int			 fd;

	v = xcalloc(lab->nobjects + 1, sizeof *v);
	of = xcalloc(lab->nobjects + 1, sizeof *of);
	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		if (!o->observed || !pipe_buffered(o) ||
		    o->kept_tick == lab->ticks + 1)
			continue;
		o->kept_tick = lab->ticks + 1;
		if (o->kept && lab_object_still(o, o->kept_ns))
			continue;
		o->kept = false;
		/* What the lab's own actors hold may change at a command:
		 * looked at as it is described. */
		if (!lab_object_observed_only(o) || !lab_find_holder(o, -1, -1, &holder, &fd) ||
		    holder->pidfd == -1)
			continue;
		fe = fd_table_find(actor_fds(holder), fd);
		v[n].pidfd = holder->pidfd;
		v[n].fd = fd;
		v[n].ino = o->ids[0].ino;
		v[n].readable = fe != NULL && fe->access != O_WRONLY;
		of[n++] = o;
	}
	probe_pipes(v, n);
	for (i = 0; i < n; i++) {
		o = of[i];
		o->kept = v[i].info.ok;
		o->kept_ns = t;
		o->kept_v[0] = v[i].info.queued;
		o->kept_v[1] = v[i].info.capacity;
		pipe_info_clear(&v[i].info);
	}
	free(v);
	free(of);
}

void
pipe_describe_buffer(struct object *o, struct desc *d, enum desc_detail detail)
{
	const struct fd_entry	*fe;
	struct pipe_info	 pi;
	struct actor		*holder;
	struct desc		*held;
	struct desc_node	*readers, *writers, *blocked;
	struct buf		 sum;
	int			 fd;
	bool			 have = false;

	/* Query the buffer through any holder, a reader if there is one:
	 * only a read end can be peeked. */
	memset(&pi, 0, sizeof pi);
	if (detail != DETAIL_FULL && o->observed && o->kept_tick != o->lab->ticks + 1)
		look_all(o->lab);
	if (detail != DETAIL_FULL && o->kept &&
	    (o->kept_tick == o->lab->ticks + 1 || lab_object_still(o, o->kept_ns))) {
		/* Of a pipe only processes that have not run since hold:
		 * its fill as it was. */
		pi.queued = o->kept_v[0];
		pi.capacity = o->kept_v[1];
		have = true;
	} else if (lab_find_holder(o, -1, -1, &holder, &fd)) {
		int64_t	 t = now_ns();

		fe = fd_table_find(actor_fds(holder), fd);
		have = probe_pipe(holder->pidfd, fd, o->ids[0].ino, held_by_observed(o),
		    fe != NULL && fe->access != O_WRONLY, detail == DETAIL_FULL ? PEEK_MAX : 0, &pi);
		o->kept = have && o->observed;
		o->kept_ns = t;
		o->kept_v[0] = pi.queued;
		o->kept_v[1] = pi.capacity;
	}

	held = desc_new();
	lab_describe_holders(o, held, "readers", -1, O_RDONLY);
	lab_describe_holders(o, held, "writers", -1, O_WRONLY);
	lab_describe_blocked(o, held, "blocked");
	readers = desc_find(held, "readers");
	writers = desc_find(held, "writers");
	blocked = desc_find(held, "blocked");

	buf_init(&sum);
	if (have)
		buf_printf(&sum, "%lld/%lld bytes queued", (long long)pi.queued,
		    (long long)pi.capacity);
	else if (pi.slow_since != 0) {
		buf_adds(&sum, "slow: ");
		guard_say(&sum, "the pipe", pi.slow_since);
	} else if (readers->first == NULL && writers->first == NULL)
		buf_adds(&sum, o->path != NULL ? "not open" : "closed: no descriptor is left");
	else
		buf_adds(&sum, "cannot be read now");
	if (readers->first != NULL || writers->first != NULL) {
		buf_adds(&sum, ", writers ");
		add_names(&sum, writers);
		buf_adds(&sum, ", readers ");
		add_names(&sum, readers);
	}
	if (blocked->first != NULL) {
		buf_adds(&sum, ", blocked ");
		add_names(&sum, blocked);
	}
	desc_string(d, "summary", sum.data);
	buf_free(&sum);

	desc_int(d, "inode", (int64_t)o->ids[0].ino);
	if (have) {
		desc_word(d, "state", "open");
		desc_gauge(d, "queued", pi.queued, pi.capacity);
		desc_size(d, "capacity", pi.capacity);
		if (detail == DETAIL_SUMMARY)
			;
		else if (pi.peeked)
			desc_bytes(d, "contents", pi.contents.data, pi.contents.len);
		else
			desc_text(d, "contents", "(cannot peek: no read end is open)");
	} else {
		/* With no descriptor left the kernel has freed the buffer. */
		desc_word(d, "state", "closed");
		desc_gauge(d, "queued", 0, 0);
		desc_size(d, "capacity", 0);
	}
	pipe_info_clear(&pi);
	desc_move(d, held, "readers");
	desc_move(d, held, "writers");
	desc_move(d, held, "blocked");
	desc_free(&held);
}

static void
pipe_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	desc_word(d, "kind", "pipe");
	pipe_describe_buffer(o, d, detail);
}

/* pipe */

static bool
pipe_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");

	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	c->newname = xstrdup(name->str);
	c->arg[0] = 0;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[0] |= O_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[0] |= O_CLOEXEC;
	return true;
}

static void
pipe_perform(struct actor_call *c)
{
	int	 fds[2] = { -1, -1 }, r;

	actor_begin(c);
	r = pipe2(fds, (int)c->req->arg[0]);
	actor_end(c, r);
	actor_fd_changed(c, fds[0]);
	actor_fd_changed(c, fds[1]);
	c->val[0] = fds[0];
	c->val[1] = fds[1];
}

extern const struct mechanism pipe_mechanism;

static void
pipe_finish(struct call *c)
{
	const struct fd_entry	*fe;
	struct object		*o;

	if (c->ret != 0)
		return;
	fe = fd_table_find(actor_fds(c->actor), (int)c->val[0]);
	if (fe == NULL)
		return;		/* closed already by another thread */
	o = lab_object_new(c->lab, c->newname, &pipe_mechanism, c->actor->proc);
	object_set_id(o, 0, c->actor, (int)c->val[0]);
}

static void
pipe_format(const struct call *c, struct buf *b)
{
	bool	 two = c->arg[0] != 0;

	buf_adds(b, two ? "pipe2(" : "pipe(");
	if (c->state == CALL_DONE && c->ret == 0)
		buf_printf(b, "[%lld<%s.r>, %lld<%s.w>]", (long long)c->val[0], c->newname,
		    (long long)c->val[1], c->newname);
	else
		buf_adds(b, "...");
	if (two) {
		buf_adds(b, ", ");
		if ((c->arg[0] & O_NONBLOCK) && (c->arg[0] & O_CLOEXEC))
			buf_adds(b, "O_NONBLOCK|O_CLOEXEC");
		else if (c->arg[0] & O_NONBLOCK)
			buf_adds(b, "O_NONBLOCK");
		else
			buf_adds(b, "O_CLOEXEC");
	}
	buf_addc(b, ')');
}

static const struct arg_spec pipe_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the pipe's name; its ends are NAME.r and NAME.w" },
	{ "nonblock", ARG_FLAG, 0, NULL, "O_NONBLOCK on both ends (pipe2)" },
	{ "cloexec", ARG_FLAG, 0, NULL, "O_CLOEXEC on both ends (pipe2)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_pipe = {
	.name = "pipe",
	.alias = "pipe2",
	.scope = CMD_ACTOR,
	.args = pipe_args,
	.summary = "pipe(): a one-way byte stream; the actor gets both ends",
	.help = "The actor calls pipe and holds both ends: NAME.r, which only reads, "
	    "and NAME.w, which only writes. The kernel keeps a buffer between them "
	    "(64 KiB by default). To connect two processes, fork after the pipe: "
	    "the child inherits both ends, and each closes the end it does not use.",
	.example = "A pipe p1",
	.prepare = pipe_prepare,
	.perform = pipe_perform,
	.finish = pipe_finish,
	.format = pipe_format,
};

static const struct cmd_entry *const pipe_commands[] = {
	&cmd_pipe,
	NULL,
};

static const struct menu_new pipe_menu_new[] = {
	{ MENU_BYTES, "pipe", "", "p", "pipe: anonymous, one-way; its maker gets both ends",
	    "pipe: a new pipe..." },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

/* A pipe: the kernel's pipe with no name (a FIFO's file is one too,
 * with its path: fifo.c's); one whose link cannot be read, too. */
static bool
pipe_claims(const struct fd_entry *fe)
{
	return S_ISFIFO(fe->type) && (fe->link == NULL || strncmp(fe->link, "pipe:", 5) == 0);
}

/* What an observed process's pipe holds: through a duplicate of its
 * descriptor (pidfd_getfd: the same open file, so no reader or writer
 * is added), the bytes queued, and with a read end the bytes themselves,
 * copied by tee(2) without taking them. */
void
pipe_describe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe, struct desc *d)
{
	struct pipe_info	 pi;
	struct actor		*holders[16];
	size_t			 i, n;
	int			 other = fe->access == O_RDONLY ? O_WRONLY : O_RDONLY;

	/* The other end, as processes: who writes to what it reads, or
	 * reads what it writes. */
	n = lab_processes_holding(lab, &fe->id, other, holders, nitems(holders));
	desc_list(d, other == O_WRONLY ? "writers" : "readers");
	for (i = 0; i < n; i++)
		desc_word(d, NULL, holders[i]->name);
	desc_close(d);
	memset(&pi, 0, sizeof pi);
	if (p->pidfd != -1 &&
	    probe_pipe(p->pidfd, fe->fd, fe->id.ino, true, fe->access != O_WRONLY, PEEK_MAX, &pi)) {
		desc_int(d, "queued", pi.queued);
		desc_int(d, "capacity", pi.capacity);
		if (pi.peeked)
			desc_bytes(d, "bytes", pi.contents.data, pi.contents.len);
	} else if (pi.slow_since != 0) {
		struct buf	 b;

		/* A writer holds the pipe's lock while it waits for a file
		 * that does not answer: its queue cannot be read now. */
		buf_init(&b);
		guard_say(&b, "the pipe", pi.slow_since);
		desc_string(d, "slow", b.data);
		buf_free(&b);
	} else
		desc_string(d, "hidden", pi.error == EPERM || pi.error == EACCES ?
		    "needs ptrace access" : errno_str(pi.error));
	pipe_info_clear(&pi);
}

/* An observed process's pipe is one object for both its ends, named
 * after its inode ("pipe-4711"). */
static bool
pipe_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	(void)lab;
	(void)p;
	out->mech = &pipe_mechanism;
	out->ids[0] = fe->id;
	out->nids = 1;
	snprintf(out->name, sizeof out->name, "pipe-%llu", (unsigned long long)fe->id.ino);
	return true;
}

/* A reader of an empty pipe waits for a writer; a writer of a full one
 * for a reader. */
size_t
pipe_woken_by(struct lab *lab, const struct fd_entry *fe, const struct thread_wait *tw,
    struct file_want *out, size_t max)
{
	(void)lab;
	if (max == 0 || (tw->on.fd.op != WAIT_FD_READ && tw->on.fd.op != WAIT_FD_WRITE))
		return 0;
	/* Asleep elsewhere than in the pipe (a write whose bytes come from
	 * a file mapped from a filesystem that does not answer sleeps in
	 * that filesystem, holding the pipe): the other end cannot wake it. */
	if (tw->wchan[0] != '\0' && strstr(tw->wchan, "pipe") == NULL)
		return 0;
	out[0].id = fe->id;
	out[0].access = tw->on.fd.op == WAIT_FD_READ ? O_WRONLY : O_RDONLY;
	return 1;
}

const struct mechanism pipe_mechanism = {
	.name = "pipe",
	.title = "anonymous pipes",
	.help = "A pipe is a one-way byte stream with a buffer in the kernel. Reads "
	    "take bytes out (each byte goes to exactly one reader) and keep no "
	    "message boundaries; a read of an empty pipe blocks, a write to a full "
	    "one blocks. show p1 displays the bytes queued, peeked with tee(2) "
	    "without consuming them, who holds each end and who is blocked on it.",
	.commands = pipe_commands,
	.send_verb = "write",
	.recv_verb = "read",
	.help_objects = "pipes",
	.menu_new = pipe_menu_new,
	.menu_io = fd_menu_io,
	.fd_backed = true,
	.ends = pipe_ends,
	.describe = pipe_describe,
	.claims = pipe_claims,
	.describe_fd = pipe_describe_fd,
	.observe_fd = pipe_observe_fd,
	.woken_by = pipe_woken_by,
	.woken_by_stands = true,
};
