/* eventfd.c: eventfd: a 64-bit counter behind a descriptor. A write adds
 * to it; a read takes all of it (or, in semaphore mode, one) and blocks
 * while it is zero; a write blocks while the sum would pass
 * 0xfffffffffffffffe. The counter is read live from fdinfo. */
#include "config.h"

#include <sys/eventfd.h>
#include <sys/uio.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"

extern const struct mechanism eventfd_mechanism;

/* The most the counter holds. */
#define EVENTFD_MAX	0xfffffffffffffffeULL

static const struct object_end eventfd_ends[] = {
	{ NULL, 0, 0, NULL },
};

/* Every eventfd is the one anon_inode:[eventfd]; the kernel numbers each
 * in its fdinfo, and the number tells them apart. */
static const char *const eventfd_fdinfo_keys[] = { "eventfd-id", NULL };

static bool
eventfd_handle_fdinfo(struct fd_entry *fe, const char *key, const char *value)
{
	long long	 id;
	char		*end;

	(void)key;
	errno = 0;
	id = strtoll(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0')
		return false;
	fe->id.xid = id;
	return true;
}

/* The counter of eventfd o (NULL: one that is no object), read through
 * descriptor fd of pid. What was read of an observed one is kept: taken
 * again once one of its holders has run, and good for the rest of the
 * tick it was read in (health and the summaries read it once). */
static bool
counter_read(struct object *o, pid_t pid, int fd, uint64_t *count, bool *semaphore)
{
	char	 info[2048], value[64];
	size_t	 len;
	int64_t	 t;
	bool	 have = false;

	*count = 0;
	*semaphore = false;
	if (o != NULL && o->kept && (lab_object_still(o, o->kept_ns) ||
	    (o->kept_tick == o->lab->ticks + 1 && lab_object_observed_only(o)))) {
		*count = (uint64_t)o->kept_v[0];
		*semaphore = o->kept_v[1] != 0;
		return true;
	}
	t = now_ns();
	/* Its fdinfo read once for both. */
	if (probe_fdinfo_text(pid, fd, info, sizeof info, &len) &&
	    procparse_field(info, len, "eventfd-count", value, sizeof value)) {
		*count = strtoull(value, NULL, 16);	/* the kernel prints it in hex */
		have = true;
		if (procparse_field(info, len, "eventfd-semaphore", value, sizeof value))
			*semaphore = strtol(value, NULL, 10) != 0;
	}
	if (o != NULL) {
		o->kept = have && o->observed;
		o->kept_ns = t;
		o->kept_tick = o->lab->ticks + 1;
		o->kept_v[0] = (int64_t)*count;
		o->kept_v[1] = *semaphore;
	}
	return have;
}

/* A counter at 90% of the most it holds or more: writes will block (or
 * fail with EAGAIN) until someone reads. */
static bool
eventfd_health_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe, struct buf *b)
{
	uint64_t	 count;
	bool		 semaphore;

	if (!counter_read(p->observed ? lab_object_by_id(lab, &fe->id, NULL) : NULL, p->pid,
	    fe->fd, &count, &semaphore))
		return false;
	if (count < EVENTFD_MAX / 10 * 9)
		return false;
	buf_printf(b, "its eventfd %d is at %" PRIu64 " of the most it counts, %" PRIu64 ": "
	    "writes block until it is read", fe->fd, count, (uint64_t)EVENTFD_MAX);
	return true;
}

static void
eventfd_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct actor	*holder;
	uint64_t	 count = 0;
	bool		 have = false, semaphore = false;
	int		 fd;

	(void)detail;
	desc_word(d, "kind", "eventfd");
	if (lab_find_holder(o, -1, -1, &holder, &fd))
		have = counter_read(o, holder->pid, fd, &count, &semaphore);
	if (have)
		desc_text(d, "summary", "counter %" PRIu64 "%s", count,
		    semaphore ? " (semaphore mode)" : "");
	else
		desc_text(d, "summary", "closed: no descriptor is left");
	desc_int(d, "id", o->ids[0].xid);
	desc_word(d, "state", have ? "open" : "closed");
	if (have) {
		desc_uint(d, "counter", count);
		desc_bool(d, "semaphore", semaphore);
	}
	lab_describe_holders(o, d, "holders", -1, -1);
	lab_describe_blocked(o, d, "blocked");
}

/* An eventfd the lab did not make: its file is the one anon_inode. */
static bool
eventfd_claims(const struct fd_entry *fe)
{
	return fe->link != NULL && strcmp(fe->link, "anon_inode:[eventfd]") == 0;
}

extern const struct mechanism eventfd_mechanism;

/* An observed process's eventfd, named after its id ("eventfd-12"). */
static bool
eventfd_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	(void)lab;
	(void)p;
	if (fe->id.xid < 0)
		return false;	/* no eventfd-id: nothing tells it apart */
	out->mech = &eventfd_mechanism;
	out->ids[0] = fe->id;
	out->nids = 1;
	snprintf(out->name, sizeof out->name, "eventfd-%lld", (long long)fe->id.xid);
	return true;
}

/* eventfd */

static bool
eventfd_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	const struct arg	*init = cmd_arg(c->cmd, "INITVAL");

	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	if (init->present && (init->num < 0 || init->num > 0xffffffffLL)) {
		*cause = xstrdup("INITVAL is 0 to 4294967295 (an unsigned int)");
		c->err_column = init->column;
		return false;
	}
	c->newname = xstrdup(name->str);
	c->arg[0] = init->present ? init->num : 0;
	c->arg[1] = 0;
	if (cmd_arg(c->cmd, "semaphore")->present)
		c->arg[1] |= EFD_SEMAPHORE;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[1] |= EFD_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[1] |= EFD_CLOEXEC;
	return true;
}

static void
eventfd_perform(struct actor_call *c)
{
	int	 fd;

	actor_begin(c);
	fd = eventfd((unsigned int)c->req->arg[0], (int)c->req->arg[1]);
	actor_end(c, fd);
	actor_fd_changed(c, fd);
}

static void
eventfd_finish(struct call *c)
{
	struct object	*o;

	if (c->ret < 0)
		return;
	o = lab_object_new(c->lab, c->newname, &eventfd_mechanism, c->actor->proc);
	object_set_id(o, 0, c->actor, (int)c->ret);
	c->obj = o;
	c->end_access = O_RDWR;
}

static void
add_flags(struct buf *b, int64_t flags)
{
	static const struct flag_name	 names[] = {
		{ EFD_SEMAPHORE, "EFD_SEMAPHORE" }, { EFD_NONBLOCK, "EFD_NONBLOCK" },
		{ EFD_CLOEXEC, "EFD_CLOEXEC" }, { 0, NULL },
	};

	buf_add_flags(b, (unsigned long long)flags, names);
}

static void
eventfd_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "eventfd(%lld, ", (long long)c->arg[0]);
	add_flags(b, c->arg[1]);
	buf_addc(b, ')');
}

static void
eventfd_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld<%s>", (long long)c->ret, c->newname);
}

static const struct arg_spec eventfd_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the eventfd's name" },
	{ "INITVAL", ARG_INT, ARG_OPTIONAL, NULL, "the counter's first value (default 0)" },
	{ "semaphore", ARG_FLAG, 0, NULL, "EFD_SEMAPHORE: a read takes 1, not all" },
	{ "nonblock", ARG_FLAG, 0, NULL, "EFD_NONBLOCK: reads and writes fail with EAGAIN instead of waiting" },
	{ "cloexec", ARG_FLAG, 0, NULL, "EFD_CLOEXEC" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_eventfd = {
	.name = "eventfd",
	.scope = CMD_ACTOR,
	.args = eventfd_args,
	.summary = "eventfd(): a counter behind a descriptor",
	.help = "The actor calls eventfd. Writes add to the counter; a read returns the "
	    "whole counter and sets it to 0, or with semaphore takes 1; a read of 0 "
	    "blocks. Fork shares it; show lists the counter as the kernel has it.",
	.example = "A eventfd e1 0 semaphore",
	.prepare = eventfd_prepare,
	.perform = eventfd_perform,
	.finish = eventfd_finish,
	.format = eventfd_format,
	.format_result = eventfd_result,
};

/* eventfd_write and eventfd_read: the real write and read of 8 bytes. */

static bool
efd_write_prepare(struct call *c, char **cause)
{
	const struct arg	*value = cmd_arg(c->cmd, "DATA");
	char			*end;
	int			 fd;

	if (cmd_arg(c->cmd, "nonblock")->present) {
		*cause = xstrdup("Linux cannot make an eventfd write nonblocking for one call "
		    "(RWF_NOWAIT is refused): make the descriptor nonblocking, A fcntl e1 nonblock");
		return false;
	}
	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	errno = 0;
	if (value->is_number)
		c->arg[1] = value->num;
	else if (value->str[0] == '-' || !isdigit((unsigned char)value->str[0]) ||
	    (c->arg[1] = (int64_t)strtoull(value->str, &end, 0), errno != 0 || *end != '\0')) {
		*cause = xasprintf("an eventfd takes a number to add, not '%s'",
		    word_short(value->str));
		c->err_column = value->column;
		return false;
	}
	return true;
}

static void
efd_write_perform(struct actor_call *c)
{
	uint64_t	 v = (uint64_t)c->req->arg[1];
	ssize_t		 n;

	actor_begin(c);
	n = write((int)c->req->arg[0], &v, sizeof v);
	actor_end(c, n);
}

static void
efd_write_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "write(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", [%" PRIu64 "], 8)", (uint64_t)c->arg[1]);
}

static const char *
efd_write_hint(const struct call *c)
{
	switch (c->err) {
	case EAGAIN:
		return "the counter would pass 0xfffffffffffffffe, and the descriptor is "
		    "nonblocking: a read makes room";
	case EINVAL:
		return "0xffffffffffffffff is the one number an eventfd refuses";
	default:
		return NULL;
	}
}

static const struct arg_spec efd_write_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "the eventfd (or a descriptor number)" },
	{ "DATA", ARG_VALUE, 0, NULL, "the number to add: 1 or more (0xffffffffffffffff is refused with EINVAL)" },
	{ "nonblock", ARG_FLAG, 0, NULL, "(refused: make the descriptor nonblocking instead)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_efd_write = {
	.name = "eventfd_write",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = efd_write_args,
	.summary = "write(): add DATA, a number, to an eventfd's counter",
	.help = "The actor writes 8 bytes, the number DATA, to the eventfd: the kernel adds it to "
	    "the counter and wakes a reader. A write that would take the counter past "
	    "0xfffffffffffffffe blocks until a read makes room (EAGAIN if the "
	    "descriptor is nonblocking).",
	.example = "A eventfd_write e1 3",
	.prepare = efd_write_prepare,
	.perform = efd_write_perform,
	.format = efd_write_format,
	.hint = efd_write_hint,
};

static bool
efd_read_prepare(struct call *c, char **cause)
{
	int	 fd;

	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = cmd_arg(c->cmd, "nonblock")->present;
	return true;
}

static void
efd_read_perform(struct actor_call *c)
{
	struct iovec	 iov;
	uint64_t	 v = 0;
	ssize_t		 n;

	iov.iov_base = &v;
	iov.iov_len = sizeof v;
	actor_begin(c);
	if (c->req->arg[1])
		n = preadv2((int)c->req->arg[0], &iov, 1, -1, RWF_NOWAIT);
	else
		n = read((int)c->req->arg[0], &v, sizeof v);
	actor_end(c, n);
	c->val[0] = (int64_t)v;
}

static void
efd_read_format(const struct call *c, struct buf *b)
{
	buf_adds(b, c->arg[1] ? "preadv2(" : "read(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	if (c->state == CALL_DONE && c->ret == 8)
		buf_printf(b, ", [%" PRIu64 "], 8", (uint64_t)c->val[0]);
	else
		buf_adds(b, ", ..., 8");
	if (c->arg[1])
		buf_adds(b, ", -1, RWF_NOWAIT");
	buf_addc(b, ')');
}

static void
efd_read_finish(struct call *c)
{
	char	 text[32];

	/* The value read, as data expect can compare ("3"). */
	if (c->ret == 8) {
		snprintf(text, sizeof text, "%" PRIu64, (uint64_t)c->val[0]);
		buf_reset(&c->rdata);
		buf_adds(&c->rdata, text);
	}
}

static const char *
efd_read_hint(const struct call *c)
{
	if (c->err == EAGAIN)
		return "the counter is 0: nothing to take, and the call does not wait "
		    "(without nonblock it waits for a write)";
	return NULL;
}

static const struct arg_spec efd_read_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "the eventfd (or a descriptor number)" },
	{ "nonblock", ARG_FLAG, 0, NULL, "this call only: preadv2 with RWF_NOWAIT, EAGAIN instead of waiting" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_efd_read = {
	.name = "eventfd_read",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = efd_read_args,
	.summary = "read(): take an eventfd's counter (or 1, in semaphore mode)",
	.help = "The actor reads 8 bytes from the eventfd: the whole counter, which drops "
	    "to 0, or in semaphore mode 1. While the counter is 0 the read blocks "
	    "(EAGAIN if nonblocking). last.data holds the value read, as text.",
	.example = "B eventfd_read e1",
	.prepare = efd_read_prepare,
	.perform = efd_read_perform,
	.finish = efd_read_finish,
	.format = efd_read_format,
	.hint = efd_read_hint,
};

static const struct cmd_entry *const eventfd_commands[] = {
	&cmd_eventfd,
	&cmd_efd_write,
	&cmd_efd_read,
	NULL,
};

static const struct menu_new eventfd_menu_new[] = {
	{ MENU_EVENTS, "eventfd", "", "e", "eventfd: a counter behind a descriptor", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct menu_call eventfd_menu_io[] = {
	{ MENU_WRITES, "send %s 1", "add to %s's counter (eventfd_write)...", NULL, true, 0 },
	{ MENU_READS, "recv %s", "receive from %s (blocks while it is empty)", NULL, false, 0 },
	{ MENU_READS, "recv %s nonblock", "receive from %s without waiting", NULL, false, 0 },
	{ 0, NULL, NULL, NULL, false, 0 },
};

const struct mechanism eventfd_mechanism = {
	.name = "eventfd",
	.title = "event counters (eventfd)",
	.help = "An eventfd is a counter behind a descriptor, for waking a process "
	    "cheaply. The counter is read live from /proc/PID/fdinfo (eventfd-count), "
	    "and each eventfd has an id there (eventfd-id), which tells apart "
	    "eventfds that all share one inode.",
	.commands = eventfd_commands,
	.send_verb = "eventfd_write",
	.recv_verb = "eventfd_read",
	.help_objects = "an eventfd",
	.help_send = "an 8-byte write",
	.help_recv = "an 8-byte read",
	.menu_new = eventfd_menu_new,
	.menu_io = eventfd_menu_io,
	.fd_backed = true,
	.ends = eventfd_ends,
	.fdinfo_keys = eventfd_fdinfo_keys,
	.handle_fdinfo = eventfd_handle_fdinfo,
	.health_fd = eventfd_health_fd,
	.describe = eventfd_describe,
	.claims = eventfd_claims,
	.observe_fd = eventfd_observe_fd,
};
