/* mqueue.c: POSIX message queues: mq_open, mq_send and mq_receive (with
 * priorities and timed forms), mq_getattr, mq_setattr, mq_notify,
 * mq_unlink. A queue descriptor is a file on the mqueue filesystem; its
 * status (QSIZE, the notification) is what read(2) on it returns. The
 * kernel lets nobody look at the messages, so the lab shows those its
 * actors sent and nobody received, labelled as its own record. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "fd.h"
#include "lab.h"
#include "mechanism.h"
#include "names.h"
#include "posixipc.h"
#include "runtime.h"
#include "signames.h"
#include "sigreport.h"

#define MQ_SHOWN	64

extern const struct mechanism mqueue_mechanism;

/* The messages the lab's actors sent and nobody has received. */
struct mq_msg {
	unsigned	 prio;
	char		*data;
	size_t		 len;
};

struct mq_record {
	struct mq_msg	*v;
	size_t		 n;
	size_t		 unknown;	/* received messages the record did not have */
};

/* A queue: its object, and the record of its messages. */
struct mq_object {
	struct object	 base;
	struct mq_record record;
};

static struct mq_record *
record_of(struct object *o)
{
	return &OBJECT_OF(o, struct mq_object)->record;
}

static void
mq_release(struct object *o)
{
	struct mq_record	*r = record_of(o);
	size_t			 i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].data);
	freep(&r->v);
	r->n = 0;
}

/* The queue as the kernel shows it: through a descriptor opened by name
 * while it has one (opening a queue changes nothing about it), else
 * through a holder's. False if neither. */
static bool
mq_read(struct object *o, struct posixipc_mq *q)
{
	struct actor	*holder;
	bool		 ok;
	int		 fd;

	/* An observed queue is read through its holder's descriptor only. */
	if (!o->observed && !o->unlinked && (fd = posixipc_mq_open(o->path)) != -1) {
		ok = posixipc_mq_read(fd, q);
		close(fd);
		return ok;
	}
	if (lab_find_holder(o, -1, O_RDONLY, &holder, &fd))
		return posixipc_mq_read_of(holder->pidfd, fd, q);
	return false;
}

static void
mq_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct mq_record	*r = record_of(o);
	struct posixipc_mq	 q;
	char			 pidbuf[16];
	size_t			 i;

	desc_word(d, "kind", "mqueue");
	if (!mq_read(o, &q)) {
		desc_string(d, "summary", o->unlinked ? "unlinked, and nobody has it open: gone" :
		    "gone");
		desc_string(d, "name", o->path);
		desc_word(d, "state", "gone");
		return;
	}
	desc_text(d, "summary", "%ld/%ld messages, %ld bytes%s", (long)q.attr.mq_curmsgs,
	    (long)q.attr.mq_maxmsg, q.qsize, o->unlinked ? ", unlinked" : "");
	desc_string(d, "name", o->path);
	desc_word(d, "state", o->unlinked ? "unlinked" : "linked");
	desc_gauge(d, "queued", q.attr.mq_curmsgs, q.attr.mq_maxmsg);
	desc_int(d, "count", q.attr.mq_curmsgs);
	desc_int(d, "maxmsg", q.attr.mq_maxmsg);
	desc_int(d, "msgsize", q.attr.mq_msgsize);
	desc_int(d, "qsize", q.qsize);
	desc_group(d, "notify");
	if (q.notify_pid != 0) {
		struct actor *a = lab_actor_by_pid(o->lab, (pid_t)q.notify_pid);

		snprintf(pidbuf, sizeof pidbuf, "%ld", q.notify_pid);
		desc_word(d, "pid", a != NULL ? a->name : pidbuf);
		desc_word(d, "how", q.notify == SIGEV_SIGNAL ? "signal" : q.notify == SIGEV_THREAD ?
		    "thread" : "none");
		if (q.notify == SIGEV_SIGNAL)
			desc_word(d, "signal", sig_name((int)q.signo));
	} else
		desc_word(d, "pid", "none");
	desc_close(d);
	if (detail == DETAIL_FULL) {
		desc_group(d, "limits");
		desc_int(d, "msg_max", posixipc_mq_limit("msg_max"));
		desc_int(d, "msgsize_max", posixipc_mq_limit("msgsize_max"));
		desc_int(d, "queues_max", posixipc_mq_limit("queues_max"));
		desc_close(d);
		/* What the kernel will not show: the lab's own record. */
		desc_text(d, "messages_note", "%s",
		    "the lab's record of what its actors sent and nobody received; the kernel lets nobody read a POSIX queue's messages");
		desc_list(d, "messages");
		for (i = 0; i < r->n && i < MQ_SHOWN; i++) {
			desc_group(d, NULL);
			desc_int(d, "prio", r->v[i].prio);
			desc_int(d, "size", (int64_t)r->v[i].len);
			desc_bytes(d, "data", r->v[i].data, r->v[i].len);
			desc_close(d);
		}
		desc_close(d);
		if ((long)r->n < q.attr.mq_curmsgs)
			desc_int(d, "outside", q.attr.mq_curmsgs - (long)r->n);
	}
	lab_describe_holders(o, d, "holders", -1, -1);
	lab_describe_blocked(o, d, "blocked");
}

static void
mq_destroy(struct object *o)
{
	if (!o->unlinked)
		mq_unlink(o->path);
}

static bool
mq_sweep(const char *args)
{
	/* Only names with the lab's tag are recorded. */
	return strncmp(args, "/ipcscope.", 10) == 0 && strchr(args + 1, '/') == NULL &&
	    mq_unlink(args) == 0;
}

static struct object *
mq_object(struct call *c, const struct arg *a, char **cause)
{
	struct object	*o = lab_object(c->lab, a->str);

	if (o == NULL || o->mech != &mqueue_mechanism) {
		*cause = o == NULL ?
		    xasprintf("no POSIX message queue called %s (%s mq_open %s create makes one)",
			a->str, c->actor->name, a->str) :
		    xasprintf("%s is a %s, not a POSIX message queue", o->name, o->mech->name);
		c->err_column = a->column;
		return NULL;
	}
	return o;
}

static void
add_name(struct buf *b, const struct call *c)
{
	buf_add_quoted(b, c->data.data, strlen(c->data.data), 256);
}

/* mq_open */

static const struct arg_choice mq_modes[] = {
	{ "r", O_RDONLY },
	{ "w", O_WRONLY },
	{ "rw", O_RDWR },
	{ NULL, 0 },
};

static bool
mq_open_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");
	const struct arg	*mode = cmd_arg(c->cmd, "MODE");
	const struct arg	*maxmsg = cmd_arg(c->cmd, "maxmsg");
	const struct arg	*msgsize = cmd_arg(c->cmd, "msgsize");
	struct object		*o = lab_object(c->lab, name->str);
	char			*path;
	int			 flags;

	if (o != NULL && o->mech != &mqueue_mechanism) {
		*cause = xasprintf("%s is a %s, not a POSIX message queue", o->name, o->mech->name);
		c->err_column = name->column;
		return false;
	}
	if (o == NULL && !lab_name_free(c->lab, name->str, cause))
		return false;
	flags = mode->present ? (int)mode->num : O_RDWR;
	if (cmd_arg(c->cmd, "create")->present)
		flags |= O_CREAT;
	if (cmd_arg(c->cmd, "excl")->present)
		flags |= O_EXCL;
	if (cmd_arg(c->cmd, "nonblock")->present)
		flags |= O_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		flags |= O_CLOEXEC;
	if ((maxmsg->present || msgsize->present) && !(flags & O_CREAT)) {
		*cause = xstrdup("maxmsg and msgsize are for a new queue: add create");
		c->err_column = maxmsg->present ? maxmsg->column : msgsize->column;
		return false;
	}
	c->arg[0] = flags;
	c->arg[1] = maxmsg->present || msgsize->present;
	c->arg[2] = maxmsg->present ? maxmsg->num : posixipc_mq_limit("msg_default");
	c->arg[3] = msgsize->present ? msgsize->num : posixipc_mq_limit("msgsize_default");
	if (o != NULL) {
		c->obj = o;
		buf_adds(&c->data, o->path);
	} else {
		c->newname = xstrdup(name->str);
		path = xasprintf("/%s.%s", c->lab->rt->tag, name->str);
		buf_adds(&c->data, path);
		free(path);
	}
	return true;
}

static void
mq_open_perform(struct actor_call *c)
{
	struct mq_attr	 attr;
	char		*name = xstrndup(c->data, c->data_len);
	mqd_t		 q;

	memset(&attr, 0, sizeof attr);
	attr.mq_maxmsg = c->req->arg[2];
	attr.mq_msgsize = c->req->arg[3];
	actor_begin(c);
	q = mq_open(name, (int)c->req->arg[0], 0600, c->req->arg[1] ? &attr : NULL);
	actor_end(c, (int64_t)q);
	actor_fd_changed(c, (int)q);
	if (q != (mqd_t)-1 && (c->req->arg[0] & O_CREAT))
		runtime_record("mqueue", "%s", name);
	free(name);
}

static void
mq_open_finish(struct call *c)
{
	struct object	*o = c->obj;

	if (c->ret < 0)
		return;
	c->end_access = (int)(c->arg[0] & O_ACCMODE);
	/* The queue the lab knows by this name, opened again; or, once the
	 * name was unlinked (or is another queue's), a new queue. */
	if (o != NULL && !o->unlinked && lab_object_by_fd(c->lab, c->actor, (int)c->ret) == o)
		return;
	if (o == NULL)
		o = lab_object_new(c->lab, c->newname, &mqueue_mechanism, c->actor->proc);
	else if (names_renew(c, &mqueue_mechanism))
		o = c->obj;
	else
		return;
	o->path = xstrdup(c->data.data);
	o->created = (c->arg[0] & O_CREAT) != 0;
	object_set_id(o, 0, c->actor, (int)c->ret);
	c->obj = o;
}

static void
add_open_flags(struct buf *b, int64_t f)
{
	buf_adds(b, (f & O_ACCMODE) == O_RDONLY ? "O_RDONLY" :
	    (f & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "O_RDWR");
	if (f & O_CREAT)
		buf_adds(b, "|O_CREAT");
	if (f & O_EXCL)
		buf_adds(b, "|O_EXCL");
	if (f & O_NONBLOCK)
		buf_adds(b, "|O_NONBLOCK");
	if (f & O_CLOEXEC)
		buf_adds(b, "|O_CLOEXEC");
}

static void
mq_open_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "mq_open(");
	add_name(b, c);
	buf_adds(b, ", ");
	add_open_flags(b, c->arg[0]);
	if (c->arg[0] & O_CREAT) {
		buf_adds(b, ", 0600, ");
		if (c->arg[1])
			buf_printf(b, "{maxmsg=%lld, msgsize=%lld}", (long long)c->arg[2],
			    (long long)c->arg[3]);
		else
			buf_adds(b, "NULL");
	}
	buf_addc(b, ')');
}

static void
mq_open_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld<%s>", (long long)c->ret, c->obj != NULL ? c->obj->name : c->newname);
	names_add_renewed(b, c);
}

static const char *
mq_open_hint(const struct call *c)
{
	const char	*gone = names_gone_hint(c, "queue");

	if (gone != NULL)
		return gone;
	switch (c->err) {
	case EINVAL:
		return "maxmsg or msgsize is 0 or over /proc/sys/fs/mqueue/msg_max or msgsize_max";
	case ENOENT:
		return "no queue has this name: add create";
	case EEXIST:
		return "the queue exists, and excl asks for a new one";
	case ENOSPC:
		return "the system's limit on queues is reached (/proc/sys/fs/mqueue/queues_max)";
	case EMFILE:
		/* The kernel says EMFILE for both. */
		switch (actor_fds_full(c->actor)) {
		case 1:
			return "the actor has as many descriptors open as its limit allows (ulimit nofile)";
		case 0:
			return "the queue's bytes would pass its user's RLIMIT_MSGQUEUE (ulimit msgqueue)";
		default:
			return NULL;
		}
	default:
		return NULL;
	}
}

static const struct arg_spec mq_open_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the queue's name in the lab (in the kernel: /ipcscope.PID.NAME)" },
	{ "MODE", ARG_CHOICE, ARG_OPTIONAL, mq_modes, "O_RDONLY, O_WRONLY or O_RDWR (default rw)" },
	{ "create", ARG_FLAG, 0, NULL, "O_CREAT: make it if it is not there" },
	{ "excl", ARG_FLAG, 0, NULL, "O_EXCL: fail with EEXIST if it is" },
	{ "nonblock", ARG_FLAG, 0, NULL, "O_NONBLOCK: EAGAIN instead of waiting" },
	{ "cloexec", ARG_FLAG, 0, NULL, "O_CLOEXEC" },
	{ "maxmsg", ARG_INT, ARG_OPTIONAL | ARG_KEYED, NULL, "with create: how many messages it holds" },
	{ "msgsize", ARG_SIZE, ARG_OPTIONAL | ARG_KEYED, NULL, "with create: the largest message" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mq_open = {
	.name = "mq_open",
	.scope = CMD_ACTOR,
	.args = mq_open_args,
	.summary = "mq_open(): open (or make) a POSIX message queue",
	.help = "The actor opens the queue and gets a descriptor for it. A queue is a "
	    "name: another actor opens the same one with mq_open NAME. It outlives "
	    "every process until mq_unlink (the lab unlinks those it made). After "
	    "mq_unlink, mq_open NAME create makes a new queue: it takes the name, "
	    "and the old one becomes NAME-1.",
	.example = "A mq_open q1 create maxmsg 4 msgsize 64",
	.prepare = mq_open_prepare,
	.perform = mq_open_perform,
	.finish = mq_open_finish,
	.format = mq_open_format,
	.format_result = mq_open_result,
	.hint = mq_open_hint,
};

/* mq_send and mq_receive */

/* TARGET: a POSIX queue the actor holds, or a descriptor number (what
 * it is, the kernel says). */
static bool
mq_resolve(struct call *c, int want, int *fd, char **cause)
{
	const struct arg	*target = cmd_arg(c->cmd, "TARGET");

	if (!lab_resolve_fd(c, target, want, fd, cause))
		return false;
	if (!target->is_number && c->obj != NULL && c->obj->mech != &mqueue_mechanism) {
		*cause = xasprintf("%s is a %s, not a POSIX message queue", c->obj->name,
		    c->obj->mech->name);
		c->err_column = target->column;
		return false;
	}
	c->err_column = 0;
	return true;
}

/* nonblock, which send and recv take, has no POSIX queue form: it is
 * refused whatever the queue. */
static bool
refuse_nonblock(struct call *c, char **cause)
{
	const struct arg	*nonblock = cmd_arg(c->cmd, "nonblock");

	if (!nonblock->present)
		return false;
	*cause = xasprintf("a POSIX queue call has no nonblocking form of its own: make the "
	    "descriptor nonblocking (%s mq_setattr %s nonblock), or give a timeout",
	    c->actor->name, word_short(cmd_arg(c->cmd, "TARGET")->str));
	c->err_column = nonblock->column;
	return true;
}

static bool
mq_send_prepare(struct call *c, char **cause)
{
	const struct arg	*data = cmd_arg(c->cmd, "DATA");
	const struct arg	*prio = cmd_arg(c->cmd, "PRIO");
	const struct arg	*timeout = cmd_arg(c->cmd, "timeout");
	int			 fd;

	if (refuse_nonblock(c, cause) || !mq_resolve(c, O_WRONLY, &fd, cause))
		return false;
	if (prio->present && (prio->num < 0 || prio->num >= 32768)) {
		*cause = xstrdup("PRIO is 0 to 32767 (MQ_PRIO_MAX is 32768 on Linux)");
		c->err_column = prio->column;
		return false;
	}
	c->arg[0] = fd;
	c->arg[1] = prio->present ? prio->num : 0;
	c->arg[2] = timeout->present ? timeout->num : -1;
	if (data->is_number) {
		buf_add_pattern(&c->data, (size_t)data->num);
	} else
		buf_add(&c->data, data->str, data->len);
	return true;
}

static void
mq_send_perform(struct actor_call *c)
{
	struct timespec	 ts;
	int		 r;

	if (c->req->arg[2] >= 0)
		realtime_after(&ts, c->req->arg[2]);
	actor_begin(c);
	if (c->req->arg[2] >= 0)
		r = mq_timedsend((mqd_t)c->req->arg[0], c->data, c->data_len,
		    (unsigned)c->req->arg[1], &ts);
	else
		r = mq_send((mqd_t)c->req->arg[0], c->data, c->data_len, (unsigned)c->req->arg[1]);
	actor_end(c, r);
}

static void
mq_send_finish(struct call *c)
{
	struct mq_record	*r;

	if (c->ret != 0 || c->obj == NULL || c->obj->mech != &mqueue_mechanism)
		return;
	r = record_of(c->obj);
	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	r->v[r->n].prio = (unsigned)c->arg[1];
	r->v[r->n].data = xmemdup(c->data.data, c->data.len);
	r->v[r->n].len = c->data.len;
	r->n++;
}

static void
mq_send_format(const struct call *c, struct buf *b)
{
	buf_adds(b, c->arg[2] >= 0 ? "mq_timedsend(" : "mq_send(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	buf_add_quoted(b, c->data.data, c->data.len, 32);
	buf_printf(b, ", %zu, %lld", c->data.len, (long long)c->arg[1]);
	if (c->arg[2] >= 0) {
		buf_adds(b, ", +");
		buf_add_duration(b, c->arg[2]);
	}
	buf_addc(b, ')');
}

/* EBADF on an open descriptor: not a queue, or a queue opened the other
 * way (wrong_mode). */
static const char *
mq_badf_hint(const struct call *c, int wrong_mode, const char *why)
{
	if (c->obj != NULL && c->obj->mech != &mqueue_mechanism)
		return "the descriptor is not a message queue";
	return c->obj != NULL && c->end_access == wrong_mode ? why : NULL;
}

static const char *
mq_send_hint(const struct call *c)
{
	switch (c->err) {
	case EMSGSIZE:
		return "the message is longer than the queue's msgsize";
	case EAGAIN:
		return "the queue is full and the descriptor is nonblocking";
	case ETIMEDOUT:
		return "the queue stayed full until the timeout";
	case EBADF:
		return mq_badf_hint(c, O_RDONLY, "the descriptor is open for reading only");
	default:
		return NULL;
	}
}

static const struct arg_spec mq_send_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a queue (or its descriptor number)" },
	{ "DATA", ARG_DATA, 0, NULL, "a quoted string, or a size of generated bytes" },
	{ "PRIO", ARG_INT, ARG_OPTIONAL, NULL, "the priority, 0 to 32767 (default 0)" },
	{ "timeout", ARG_DURATION, ARG_OPTIONAL | ARG_KEYED, NULL, "mq_timedsend: give up with ETIMEDOUT after this long" },
	{ "nonblock", ARG_FLAG, 0, NULL, "(refused: make the descriptor nonblocking with mq_setattr)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mq_send = {
	.name = "mq_send",
	.flow = FLOW_PUTS,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = mq_send_args,
	.summary = "mq_send(): queue a message with a priority",
	.help = "The actor sends one message. Higher priorities are received first, and "
	    "within a priority the oldest. When the queue holds maxmsg messages the "
	    "call blocks (EAGAIN if nonblocking; ETIMEDOUT with a timeout).",
	.example = "A mq_send q1 \"urgent\" 10",
	.prepare = mq_send_prepare,
	.perform = mq_send_perform,
	.finish = mq_send_finish,
	.format = mq_send_format,
	.hint = mq_send_hint,
};

/* The queue's msgsize, asked of the kernel, for a default receive size. */
static long
mq_msgsize(struct object *o)
{
	struct posixipc_mq	 q;

	return mq_read(o, &q) ? q.attr.mq_msgsize : -1;
}

static bool
mq_receive_prepare(struct call *c, char **cause)
{
	const struct arg	*size = cmd_arg(c->cmd, "SIZE");
	const struct arg	*timeout = cmd_arg(c->cmd, "timeout");
	int			 fd;

	if (refuse_nonblock(c, cause) || !mq_resolve(c, O_RDONLY, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = size->present ? size->num : -1;
	if (c->arg[1] == -1 && c->obj != NULL && c->obj->mech == &mqueue_mechanism)
		c->arg[1] = mq_msgsize(c->obj);
	if (c->arg[1] < 0)
		c->arg[1] = 8192;
	if (c->arg[1] > 1024 * 1024) {
		*cause = xstrdup("SIZE is at most 1M");
		return false;
	}
	c->arg[2] = timeout->present ? timeout->num : -1;
	return true;
}

static void
mq_receive_perform(struct actor_call *c)
{
	struct timespec	 ts;
	unsigned	 prio = 0;
	ssize_t		 n;
	char		*buf = xmalloc((size_t)c->req->arg[1] + 1);

	if (c->req->arg[2] >= 0)
		realtime_after(&ts, c->req->arg[2]);
	actor_begin(c);
	if (c->req->arg[2] >= 0)
		n = mq_timedreceive((mqd_t)c->req->arg[0], buf, (size_t)c->req->arg[1], &prio, &ts);
	else
		n = mq_receive((mqd_t)c->req->arg[0], buf, (size_t)c->req->arg[1], &prio);
	actor_end(c, n);
	if (n >= 0) {
		buf_add(&c->out, buf, (size_t)n);
		c->val[0] = prio;
	}
	free(buf);
}

static void
mq_receive_finish(struct call *c)
{
	struct mq_record	*r;
	size_t			 i;

	if (c->ret < 0 || c->obj == NULL || c->obj->mech != &mqueue_mechanism)
		return;
	/* Take the message out of the record: the first with this priority
	 * and these bytes. */
	r = record_of(c->obj);
	for (i = 0; i < r->n; i++) {
		if (r->v[i].prio == (unsigned)c->val[0] && r->v[i].len == c->rdata.len &&
		    memcmp(r->v[i].data, c->rdata.data, c->rdata.len) == 0) {
			free(r->v[i].data);
			memmove(&r->v[i], &r->v[i + 1], (r->n - i - 1) * sizeof *r->v);
			r->n--;
			return;
		}
	}
	r->unknown++;
}

static void
mq_receive_format(const struct call *c, struct buf *b)
{
	buf_adds(b, c->arg[2] >= 0 ? "mq_timedreceive(" : "mq_receive(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	if (c->state == CALL_DONE && c->ret >= 0)
		buf_add_quoted(b, c->rdata.data, c->rdata.len, 32);
	else
		buf_adds(b, "...");
	buf_printf(b, ", %lld, ", (long long)c->arg[1]);
	if (c->state == CALL_DONE && c->ret >= 0)
		buf_printf(b, "[%lld]", (long long)c->val[0]);
	else
		buf_adds(b, "...");
	if (c->arg[2] >= 0) {
		buf_adds(b, ", +");
		buf_add_duration(b, c->arg[2]);
	}
	buf_addc(b, ')');
}

static const char *
mq_receive_hint(const struct call *c)
{
	switch (c->err) {
	case EMSGSIZE:
		return "SIZE is smaller than the queue's msgsize: the buffer must hold the largest message";
	case EAGAIN:
		return "the queue is empty and the descriptor is nonblocking";
	case ETIMEDOUT:
		return "the queue stayed empty until the timeout";
	case EBADF:
		return mq_badf_hint(c, O_WRONLY, "the descriptor is open for writing only");
	default:
		return NULL;
	}
}

static const struct arg_spec mq_receive_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a queue (or its descriptor number)" },
	{ "SIZE", ARG_SIZE, ARG_OPTIONAL, NULL, "the buffer (default: the queue's msgsize, which is the least allowed)" },
	{ "timeout", ARG_DURATION, ARG_OPTIONAL | ARG_KEYED, NULL, "mq_timedreceive: give up with ETIMEDOUT after this long" },
	{ "nonblock", ARG_FLAG, 0, NULL, "(refused: make the descriptor nonblocking with mq_setattr)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mq_receive = {
	.name = "mq_receive",
	.flow = FLOW_TAKES,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = mq_receive_args,
	.summary = "mq_receive(): take the oldest message of the highest priority",
	.help = "The actor takes one whole message: of the highest priority queued, the "
	    "oldest. The buffer must be at least the queue's msgsize (EMSGSIZE if "
	    "not). An empty queue blocks (EAGAIN if nonblocking; ETIMEDOUT with a "
	    "timeout). The priority is in the log: mq_receive(..., [PRIO]).",
	.example = "B mq_receive q1",
	.prepare = mq_receive_prepare,
	.perform = mq_receive_perform,
	.finish = mq_receive_finish,
	.format = mq_receive_format,
	.hint = mq_receive_hint,
};

/* mq_getattr and mq_setattr */

static const struct arg_choice mq_blocking[] = {
	{ "nonblock", O_NONBLOCK },
	{ "block", 0 },
	{ NULL, 0 },
};

static bool
mq_attr_prepare(struct call *c, char **cause)
{
	/* mq_setattr's; mq_getattr has none and changes nothing. */
	const struct arg	*mode = cmd_has_arg(c->cmd, "MODE") ? cmd_arg(c->cmd, "MODE") : NULL;
	int			 fd;

	if (!mq_resolve(c, -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = mode != NULL && mode->present ? mode->num : -1;
	return true;
}

static void
mq_attr_perform(struct actor_call *c)
{
	struct mq_attr	 attr, old;
	int		 r;

	memset(&attr, 0, sizeof attr);
	memset(&old, 0, sizeof old);
	actor_begin(c);
	if (c->req->arg[1] == -1)
		r = mq_getattr((mqd_t)c->req->arg[0], &old);
	else {
		attr.mq_flags = c->req->arg[1];
		r = mq_setattr((mqd_t)c->req->arg[0], &attr, &old);
	}
	actor_end(c, r);
	actor_fd_changed(c, (int)c->req->arg[0]);	/* its O_NONBLOCK */
	c->val[0] = old.mq_flags;
	c->val[1] = old.mq_maxmsg;
	c->val[2] = old.mq_msgsize;
	c->val[3] = old.mq_curmsgs;
}

static void
mq_attr_format(const struct call *c, struct buf *b)
{
	bool	 done = c->state == CALL_DONE && c->ret == 0;

	buf_adds(b, c->arg[1] == -1 ? "mq_getattr(" : "mq_setattr(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	if (c->arg[1] != -1)
		buf_printf(b, ", {flags=%s}", c->arg[1] ? "O_NONBLOCK" : "0");
	if (done)
		buf_printf(b, ", {flags=%s, maxmsg=%lld, msgsize=%lld, curmsgs=%lld})",
		    c->val[0] & O_NONBLOCK ? "O_NONBLOCK" : "0", (long long)c->val[1],
		    (long long)c->val[2], (long long)c->val[3]);
	else
		buf_adds(b, ", ...)");
}

static const struct arg_spec mq_getattr_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a queue (or its descriptor number)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mq_getattr = {
	.name = "mq_getattr",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = mq_getattr_args,
	.summary = "mq_getattr(): flags, maxmsg, msgsize and messages queued",
	.prepare = mq_attr_prepare,
	.perform = mq_attr_perform,
	.format = mq_attr_format,
};

static const struct arg_spec mq_setattr_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a queue (or its descriptor number)" },
	{ "MODE", ARG_CHOICE, 0, mq_blocking, "set or clear O_NONBLOCK, the only attribute that can change" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mq_setattr = {
	.name = "mq_setattr",
	.scope = CMD_ACTOR,
	.effects = EFF_SHARED_FDS,
	.args = mq_setattr_args,
	.summary = "mq_setattr(): make a queue descriptor nonblocking, or not",
	.help = "The actor sets O_NONBLOCK on its open queue description: sends to a full "
	    "queue and receives from an empty one then fail with EAGAIN.",
	.example = "A mq_setattr q1 nonblock",
	.prepare = mq_attr_prepare,
	.perform = mq_attr_perform,
	.format = mq_attr_format,
};

/* mq_notify */

enum notify_how { NOTIFY_SIGNAL, NOTIFY_THREAD, NOTIFY_NONE };

static const struct arg_choice notify_hows[] = {
	{ "signal", NOTIFY_SIGNAL },
	{ "thread", NOTIFY_THREAD },
	{ "none", NOTIFY_NONE },		/* unregister */
	{ NULL, 0 },
};

/* Actor: the notification came (the registration is gone): tell the
 * lab, as a handler tells it of a signal. */
static void
notify_thread(union sigval sv)
{
	sigreport_notified(sv.sival_int);
}

static bool
mq_notify_prepare(struct call *c, char **cause)
{
	const struct arg	*how = cmd_arg(c->cmd, "HOW");
	const struct arg	*sig = cmd_arg(c->cmd, "SIGNAL");
	int			 fd;

	if (sig->present && how->num != NOTIFY_SIGNAL) {
		*cause = xstrdup("a SIGNAL goes with signal only");
		c->err_column = sig->column;
		return false;
	}
	if (!mq_resolve(c, -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = how->num;
	c->arg[2] = sig->present ? sig->num : SIGUSR1;
	return true;
}

static void
mq_notify_perform(struct actor_call *c)
{
	struct sigevent	 ev;
	int		 r;

	memset(&ev, 0, sizeof ev);
	if (c->req->arg[1] == NOTIFY_SIGNAL) {
		ev.sigev_notify = SIGEV_SIGNAL;
		ev.sigev_signo = (int)c->req->arg[2];
	} else {
		ev.sigev_notify = SIGEV_THREAD;
		ev.sigev_notify_function = notify_thread;
		ev.sigev_value.sival_int = (int)c->req->arg[0];
	}
	actor_begin(c);
	r = mq_notify((mqd_t)c->req->arg[0], c->req->arg[1] == NOTIFY_NONE ? NULL : &ev);
	actor_end(c, r);
}

static void
mq_notify_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "mq_notify(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	if (c->arg[1] == NOTIFY_SIGNAL)
		buf_printf(b, ", {SIGEV_SIGNAL, %s})", sig_name((int)c->arg[2]));
	else if (c->arg[1] == NOTIFY_THREAD)
		buf_adds(b, ", {SIGEV_THREAD})");
	else
		buf_adds(b, ", NULL)");
}

static const char *
mq_notify_hint(const struct call *c)
{
	if (c->err == EBUSY)
		return "another process is registered already: one at a time per queue";
	return NULL;
}

static const struct arg_spec mq_notify_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a queue (or its descriptor number)" },
	{ "HOW", ARG_CHOICE, 0, notify_hows, "SIGEV_SIGNAL, SIGEV_THREAD, or unregister" },
	{ "SIGNAL", ARG_SIGNAL, ARG_OPTIONAL, NULL, "with signal: which (default SIGUSR1)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mq_notify = {
	.name = "mq_notify",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = mq_notify_args,
	.summary = "mq_notify(): be told when an empty queue gets a message",
	.help = "The actor registers for one notification: when a message arrives in the "
	    "empty queue and nobody is blocked in mq_receive, the kernel sends SIGNAL "
	    "(by default it kills the process, unless it is caught or ignored) or runs "
	    "a thread, then forgets the registration. One process at a time may be "
	    "registered (EBUSY).",
	.example = "A mq_notify q1 signal USR1",
	.prepare = mq_notify_prepare,
	.perform = mq_notify_perform,
	.format = mq_notify_format,
	.hint = mq_notify_hint,
};

/* mq_unlink */

static bool
mq_unlink_prepare(struct call *c, char **cause)
{
	struct object	*o = mq_object(c, cmd_arg(c->cmd, "NAME"), cause);

	if (o == NULL)
		return false;
	if (names_unlink_refused(c, o, cause)) {
		c->err_column = cmd_arg(c->cmd, "NAME")->column;
		return false;
	}
	c->obj = o;
	buf_adds(&c->data, o->path);
	return true;
}

static void
mq_unlink_perform(struct actor_call *c)
{
	char	*name = xstrndup(c->data, c->data_len);
	int	 r;

	actor_begin(c);
	r = mq_unlink(name);
	actor_end(c, r);
	free(name);
}

static void
mq_unlink_finish(struct call *c)
{
	if (c->ret == 0)
		c->obj->unlinked = true;
}

static void
mq_unlink_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "mq_unlink(");
	add_name(b, c);
	buf_addc(b, ')');
}

static const struct arg_spec mq_unlink_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "a POSIX message queue" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mq_unlink = {
	.name = "mq_unlink",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = mq_unlink_args,
	.summary = "mq_unlink(): remove a queue's name; it goes when the last descriptor closes",
	.example = "A mq_unlink q1",
	.prepare = mq_unlink_prepare,
	.perform = mq_unlink_perform,
	.finish = mq_unlink_finish,
	.format = mq_unlink_format,
};

static const struct cmd_entry *const mqueue_commands[] = {
	&cmd_mq_open,
	&cmd_mq_send,
	&cmd_mq_receive,
	&cmd_mq_getattr,
	&cmd_mq_setattr,
	&cmd_mq_notify,
	&cmd_mq_unlink,
	NULL,
};

static const struct object_end mqueue_ends[] = {
	{ NULL, 0, 0, NULL },
};

static const struct menu_new mqueue_menu_new[] = {
	{ MENU_MESSAGES, "mq_open", " create", "m", "POSIX message queue", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

/* A POSIX queue the lab did not make. */
static bool
mq_claims(const struct fd_entry *fe)
{
	return fd_is_mqueue(fe);
}

/* An observed process's queue, named after its inode ("mqueue-4711"):
 * read through a duplicate of a holder's descriptor (pidfd_getfd). */
static bool
mq_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	(void)lab;
	(void)p;
	out->mech = &mqueue_mechanism;
	out->ids[0] = fe->id;
	out->nids = 1;
	snprintf(out->name, sizeof out->name, "mqueue-%llu", (unsigned long long)fe->id.ino);
	return true;
}

/* Its name, as its holder's descriptor shows it. */
static void
mq_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	(void)number;
	o->path = xstrdup(fe != NULL && fe->link != NULL ? fe->link : "?");
}

const struct mechanism mqueue_mechanism = {
	.name = "mqueue",
	.title = "POSIX message queues",
	.object_size = sizeof(struct mq_object),
	.help = "A POSIX message queue keeps messages whole, with priorities: the highest "
	    "comes out first. It is a name (/ipcscope.PID.NAME in the kernel) opened "
	    "as a descriptor. show reads the count, the bytes queued (QSIZE) and the "
	    "notification from the kernel through a descriptor of the queue; the "
	    "messages themselves the kernel lets nobody see, so show lists those the "
	    "lab's actors sent and nobody received, as the lab's record, and says "
	    "how many the kernel counts beyond it. Limits: /proc/sys/fs/mqueue.",
	.commands = mqueue_commands,
	.send_verb = "mq_send",
	.recv_verb = "mq_receive",
	.help_objects = "message queues",
	.menu_new = mqueue_menu_new,
	.fd_backed = true,
	.ends = mqueue_ends,
	.describe = mq_describe,
	.destroy = mq_destroy,
	.claims = mq_claims,
	.observe_fd = mq_observe_fd,
	.observe_init = mq_observe_init,
	.release = mq_release,
	.sweep = mq_sweep,
};
