/* msgq.c: System V message queues: msgget, msgsnd, msgrcv by type,
 * msgctl. A queue is named by its id, which any process may use; it
 * outlives every process until it is removed. Its messages are read with
 * msgrcv(MSG_COPY), which copies without removing. */
#include "config.h"

#include <sys/ipc.h>
#include <sys/msg.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "ksysv.h"
#include "lab.h"
#include "mechanism.h"
#include "runtime.h"
#include "sysv.h"

#define MSG_PEEK_MAX	64		/* messages shown */
#define MSGRCV_DEFAULT	8192		/* the default msgmax */

extern const struct mechanism msgq_mechanism;

static long
msgmax(void)
{
	long	 v = ksysv_msgmax();

	return v > 0 ? v : MSGRCV_DEFAULT;
}

static void
msgq_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct sysv_object	*sv = sysv_of(o);
	const struct ksysv_entry *e = sysv_listed(o, KSYSV_MSG);
	struct ksysv_msgq	 q;
	struct ksysv_msg	*m;
	struct buf		 sum;
	long			 max, i;
	ssize_t			 n;
	char			 b1[16], b2[16];

	desc_word(d, "kind", "msgq");
	/* As the machine's listing of this generation has it, or by id. */
	if (e != NULL)
		q = e->msgq;
	else if (!ksysv_msgq(sv->id, &q)) {
		desc_text(d, "summary", "removed (%s)", errno_str(errno));
		desc_int(d, "id", sv->id);
		desc_word(d, "state", "removed");
		desc_int(d, "messages", 0);
		return;
	}
	/* "2 messages, 6/16384 bytes", without printf: a thousand queues
	 * are described on every refresh. */
	buf_init(&sum);
	buf_add_uint(&sum, q.messages);
	buf_adds(&sum, q.messages == 1 ? " message, " : " messages, ");
	buf_add_uint(&sum, q.bytes);
	buf_addc(&sum, '/');
	buf_add_uint(&sum, q.qbytes);
	buf_adds(&sum, " bytes");
	desc_string(d, "summary", sum.data);
	buf_free(&sum);
	desc_gauge(d, "queued", (int64_t)q.bytes, (int64_t)q.qbytes);
	/* A list line needs no more. */
	if (detail != DETAIL_FULL)
		return;
	desc_int(d, "id", sv->id);
	if (sv->key == IPC_PRIVATE)
		desc_word(d, "key", "IPC_PRIVATE");
	else
		desc_text(d, "key", "0x%08lx", (unsigned long)sv->key);
	desc_word(d, "state", "exists");
	desc_int(d, "qbytes", (int64_t)q.qbytes);
	desc_int(d, "count", (int64_t)q.messages);
	desc_word(d, "last_sender", sysv_pid_name(o->lab, q.last_sender, b1, sizeof b1));
	desc_word(d, "last_receiver", sysv_pid_name(o->lab, q.last_receiver, b2, sizeof b2));
	desc_text(d, "mode", "%04o", q.mode & 0777);
	/* Each message, in order, copied not taken. */
	desc_list(d, "messages");
	if (detail == DETAIL_FULL && q.messages > 0) {
		m = xmalloc(sizeof *m);
		max = msgmax();
		for (i = 0; i < (long)q.messages && i < MSG_PEEK_MAX; i++) {
			n = ksysv_msg_copy(sv->id, i, m, (size_t)max);
			if (n == -1)
				break;
			desc_group(d, NULL);
			desc_int(d, "type", m->type);
			desc_int(d, "size", n);
			desc_bytes(d, "data", m->text, (size_t)n);
			desc_close(d);
		}
		free(m);
	}
	desc_close(d);
	lab_describe_blocked(o, d, "blocked");
}

static void
msgq_destroy(struct object *o)
{
	struct sysv_object	*sv = sysv_of(o);
	struct ksysv_msgq	 q;

	/* Not one removed already: its id may be another queue's now. */
	if (o->created && !o->unlinked && ksysv_msgq(sv->id, &q) && (long)q.key == sv->key)
		msgctl(sv->id, IPC_RMID, NULL);
}

/* "ID KEY" from a dead run: remove it if it is still that queue. */
static bool
msgq_sweep(const char *args)
{
	struct ksysv_msgq	 q;
	long			 id, key;

	if (sscanf(args, "%ld %ld", &id, &key) != 2)
		return false;
	return ksysv_msgq((int)id, &q) && (long)q.key == key && msgctl((int)id, IPC_RMID, NULL) == 0;
}

/* The queue an argument names. */
static struct object *
msgq_arg(struct call *c, const char *argname, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, argname);
	struct object		*o = lab_object(c->lab, a->str);

	c->err_column = a->column;
	if (o == NULL) {
		*cause = xasprintf("no message queue called %s (%s msgget %s makes one)", a->str,
		    c->actor->name, a->str);
		return NULL;
	}
	if (o->mech != &msgq_mechanism) {
		*cause = xasprintf("%s is a %s, not a System V message queue", o->name, o->mech->name);
		return NULL;
	}
	c->obj = o;
	c->err_column = 0;
	return o;
}

/* msgget */

static bool
queue_exists(long key)
{
	return msgget((key_t)key, 0) != -1;
}

static bool
msgget_prepare(struct call *c, char **cause)
{
	return sysv_get_prepare(c, &msgq_mechanism, queue_exists, cause);
}

static void
msgget_perform(struct actor_call *c)
{
	int	 id;

	actor_begin(c);
	id = msgget((key_t)c->req->arg[0], (int)c->req->arg[1]);
	actor_end(c, id);
	if (id != -1 && c->req->arg[2])
		runtime_record("msgq", "%d %lld", id, (long long)c->req->arg[0]);
}

static void
msgget_finish(struct call *c)
{
	(void)sysv_get_finish(c, &msgq_mechanism);
}

static void
msgget_format(const struct call *c, struct buf *b)
{
	sysv_get_format(c, b, "msgget", -1);
}

static const char *
msgget_hint(const struct call *c)
{
	if (c->err == ENOSPC)
		return "the system's limit on queues is reached (/proc/sys/kernel/msgmni)";
	return sysv_get_hint(c, "queue");
}

static const struct arg_spec msgget_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the queue's name in the lab" },
	{ "KEY", ARG_WORD, ARG_OPTIONAL, NULL, "private (IPC_PRIVATE, the default) or a number (0x1234)" },
	{ "create", ARG_FLAG, 0, NULL, "IPC_CREAT: make it if no queue has the key" },
	{ "excl", ARG_FLAG, 0, NULL, "IPC_EXCL: fail with EEXIST if one has" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_msgget = {
	.name = "msgget",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = msgget_args,
	.summary = "msgget(): a System V message queue, new or by key",
	.help = "The actor calls msgget. A private queue is always new; by key, the "
	    "queue with that key, made with create if there is none. The id it "
	    "returns is the queue's everywhere: any actor can send to and receive "
	    "from it by name. It outlives every process until msgctl rmid (the lab "
	    "removes the ones it made when it ends).",
	.example = "A msgget q1",
	.prepare = msgget_prepare,
	.perform = msgget_perform,
	.finish = msgget_finish,
	.format = msgget_format,
	.format_result = sysv_get_result,
	.hint = msgget_hint,
};

/* msgsnd */

static bool
msgsnd_prepare(struct call *c, char **cause)
{
	const struct arg	*type = cmd_arg(c->cmd, "TYPE");
	const struct arg	*data = cmd_arg(c->cmd, "DATA");
	struct object		*o = msgq_arg(c, "QUEUE", cause);

	if (o == NULL)
		return false;
	c->arg[0] = sysv_of(o)->id;
	c->arg[1] = type->present ? type->num : 1;	/* send: type 1 */
	if (data->is_number) {
		c->arg[2] = data->num;
		c->arg[3] = 1;
	} else {
		c->arg[2] = (int64_t)data->len;
		buf_add(&c->data, data->str, data->len);
	}
	c->arg[4] = cmd_arg(c->cmd, "nowait")->present || cmd_arg(c->cmd, "nonblock")->present ?
	    IPC_NOWAIT : 0;
	return true;
}

static void
msgsnd_perform(struct actor_call *c)
{
	size_t	 len = (size_t)c->req->arg[2];
	long	*m;
	int	 r;

	m = xmalloc(sizeof(long) + len);
	m[0] = (long)c->req->arg[1];
	if (c->req->arg[3])
		fill_pattern((char *)(m + 1), len);
	else if (len > 0)
		memcpy(m + 1, c->data, len);
	actor_begin(c);
	r = msgsnd((int)c->req->arg[0], m, len, (int)c->req->arg[4]);
	actor_end(c, r);
	free(m);
}

static void
msgsnd_format(const struct call *c, struct buf *b)
{
	char	 shown[32];
	size_t	 len = (size_t)c->arg[2];

	buf_adds(b, "msgsnd(");
	sysv_add_id(b, c);
	buf_printf(b, ", {%lld, ", (long long)c->arg[1]);
	if (c->arg[3]) {
		fill_pattern(shown, sizeof shown);
		buf_add_quoted(b, shown, len < sizeof shown ? len : sizeof shown, 32);
		if (len > sizeof shown)
			buf_adds(b, "...");
	} else
		buf_add_quoted(b, c->data.data, c->data.len, 32);
	buf_printf(b, "}, %zu, %s)", len, c->arg[4] ? "IPC_NOWAIT" : "0");
}

static const char *
msgsnd_hint(const struct call *c)
{
	switch (c->err) {
	case EINVAL:
		if (c->arg[1] < 1)
			return "a message type must be 1 or more";
		if (c->arg[2] > msgmax())
			return "the message is larger than msgmax (/proc/sys/kernel/msgmax)";
		return "no such queue, or it was removed";
	case EIDRM:
		return "the queue was removed while the call waited";
	case EAGAIN:
		return "the queue is full (msg_qbytes) and nowait was given";
	default:
		return NULL;
	}
}

static const struct arg_spec msgsnd_args[] = {
	{ "QUEUE", ARG_REF, 0, NULL, "a System V message queue" },
	{ "TYPE", ARG_INT, 0, NULL, "the message type, 1 or more" },
	{ "DATA", ARG_DATA, 0, NULL, "a quoted string, or a size (100) of generated bytes" },
	{ "nowait", ARG_FLAG, 0, NULL, "IPC_NOWAIT: fail with EAGAIN instead of waiting for room" },
	{ "nonblock", ARG_FLAG, 0, NULL, "the same as nowait" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_msgsnd = {
	.name = "msgsnd",
	.flow = FLOW_PUTS,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = msgsnd_args,
	.summary = "msgsnd(): queue a message of a type",
	.help = "The actor sends one message: its boundaries are kept, and a receiver "
	    "takes it whole. When the queue holds msg_qbytes bytes the call blocks "
	    "until a receiver makes room (EAGAIN with nowait).",
	.example = "A msgsnd q1 1 \"hello\"",
	.prepare = msgsnd_prepare,
	.perform = msgsnd_perform,
	.format = msgsnd_format,
	.hint = msgsnd_hint,
};

/* msgrcv */

static bool
msgrcv_prepare(struct call *c, char **cause)
{
	const struct arg	*type = cmd_arg(c->cmd, "TYPE");
	const struct arg	*size = cmd_arg(c->cmd, "SIZE");
	struct object		*o = msgq_arg(c, "QUEUE", cause);

	if (o == NULL)
		return false;
	c->arg[0] = sysv_of(o)->id;
	c->arg[1] = type->present ? type->num : 0;
	c->arg[2] = size->present ? size->num : MSGRCV_DEFAULT;
	if (c->arg[2] > 1024 * 1024) {
		*cause = xstrdup("SIZE is at most 1M");
		c->err_column = size->column;
		return false;
	}
	c->arg[3] = 0;
	if (cmd_arg(c->cmd, "nowait")->present || cmd_arg(c->cmd, "nonblock")->present)
		c->arg[3] |= IPC_NOWAIT;
	if (cmd_arg(c->cmd, "except")->present)
		c->arg[3] |= MSG_EXCEPT;
	if (cmd_arg(c->cmd, "noerror")->present)
		c->arg[3] |= MSG_NOERROR;
	return true;
}

static void
msgrcv_perform(struct actor_call *c)
{
	size_t	 size = (size_t)c->req->arg[2];
	long	*m;
	ssize_t	 n;

	m = xcalloc(1, sizeof(long) + size);
	actor_begin(c);
	n = msgrcv((int)c->req->arg[0], m, size, (long)c->req->arg[1], (int)c->req->arg[3]);
	actor_end(c, n);
	if (n >= 0) {
		c->val[0] = m[0];
		buf_add(&c->out, m + 1, (size_t)n);
	}
	free(m);
}

static void
add_rcv_flags(struct buf *b, int64_t f)
{
	static const struct flag_name	 names[] = {
		{ IPC_NOWAIT, "IPC_NOWAIT" }, { MSG_EXCEPT, "MSG_EXCEPT" },
		{ MSG_NOERROR, "MSG_NOERROR" }, { 0, NULL },
	};

	buf_add_flags(b, (unsigned long long)f, names);
}

static void
msgrcv_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "msgrcv(");
	sysv_add_id(b, c);
	if (c->state == CALL_DONE && c->ret >= 0) {
		buf_printf(b, ", {%lld, ", (long long)c->val[0]);
		buf_add_quoted(b, c->rdata.data, c->rdata.len, 32);
		buf_adds(b, "}");
	} else
		buf_adds(b, ", ...");
	buf_printf(b, ", %lld, %lld, ", (long long)c->arg[2], (long long)c->arg[1]);
	add_rcv_flags(b, c->arg[3]);
	buf_addc(b, ')');
}

static const char *
msgrcv_hint(const struct call *c)
{
	switch (c->err) {
	case ENOMSG:
		return "no message of that type is queued, and nowait was given";
	case E2BIG:
		return "the message is longer than SIZE: raise SIZE, or noerror cuts it";
	case EIDRM:
		return "the queue was removed while the call waited";
	default:
		return NULL;
	}
}

static const struct arg_spec msgrcv_args[] = {
	{ "QUEUE", ARG_REF, 0, NULL, "a System V message queue" },
	{ "TYPE", ARG_INT, ARG_OPTIONAL, NULL, "0: the first; >0: the first of that type; <0: the lowest type up to |TYPE|" },
	{ "SIZE", ARG_SIZE, ARG_OPTIONAL, NULL, "the most bytes to take (default 8192)" },
	{ "nowait", ARG_FLAG, 0, NULL, "IPC_NOWAIT: fail with ENOMSG instead of waiting" },
	{ "nonblock", ARG_FLAG, 0, NULL, "the same as nowait" },
	{ "except", ARG_FLAG, 0, NULL, "MSG_EXCEPT: the first message not of TYPE" },
	{ "noerror", ARG_FLAG, 0, NULL, "MSG_NOERROR: cut a longer message instead of E2BIG" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_msgrcv = {
	.name = "msgrcv",
	.flow = FLOW_TAKES,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = msgrcv_args,
	.summary = "msgrcv(): take one message, by type",
	.help = "The actor takes one whole message out of the queue: with TYPE 0 the "
	    "first, with TYPE > 0 the first of that type (later ones of other types "
	    "stay), with TYPE < 0 the first of the lowest type up to |TYPE|. When "
	    "none fits it blocks (ENOMSG with nowait). last.data holds the message, "
	    "last.type... is in the log: msgrcv(id, {type, data}, ...).",
	.example = "B msgrcv q1 2",
	.prepare = msgrcv_prepare,
	.perform = msgrcv_perform,
	.format = msgrcv_format,
	.hint = msgrcv_hint,
};

/* msgctl */

enum msgctl_op { CTL_STAT, CTL_RMID, CTL_QBYTES };

static const struct arg_choice msgctl_ops[] = {
	{ "stat", CTL_STAT },
	{ "rmid", CTL_RMID },
	{ "qbytes", CTL_QBYTES },
	{ NULL, 0 },
};

static bool
msgctl_prepare(struct call *c, char **cause)
{
	const struct arg	*op = cmd_arg(c->cmd, "OP");
	const struct arg	*value = cmd_arg(c->cmd, "VALUE");
	struct object		*o = msgq_arg(c, "QUEUE", cause);

	if (o == NULL)
		return false;
	if (op->num == CTL_QBYTES && !value->present) {
		*cause = xstrdup("qbytes needs a size: A msgctl q1 qbytes 1k");
		return false;
	}
	if (op->num != CTL_QBYTES && value->present) {
		*cause = xasprintf("%s takes no value", op->str);
		c->err_column = value->column;
		return false;
	}
	c->arg[0] = sysv_of(o)->id;
	c->arg[1] = op->num;
	c->arg[2] = value->present ? value->num : 0;
	return true;
}

static void
msgctl_perform(struct actor_call *c)
{
	struct msqid_ds	 ds;
	int		 r, id = (int)c->req->arg[0];

	memset(&ds, 0, sizeof ds);
	switch ((enum msgctl_op)c->req->arg[1]) {
	case CTL_STAT:
		actor_begin(c);
		r = msgctl(id, IPC_STAT, &ds);
		actor_end(c, r);
		c->val[0] = (int64_t)ds.msg_qnum;
		c->val[1] = (int64_t)ds.__msg_cbytes;
		c->val[2] = (int64_t)ds.msg_qbytes;
		c->val[3] = ds.msg_lspid;
		c->val[4] = ds.msg_lrpid;
		break;
	case CTL_RMID:
		actor_begin(c);
		r = msgctl(id, IPC_RMID, NULL);
		actor_end(c, r);
		break;
	case CTL_QBYTES:
		if (msgctl(id, IPC_STAT, &ds) == -1) {
			actor_begin(c);
			actor_end(c, -1);
			break;
		}
		ds.msg_qbytes = (msglen_t)c->req->arg[2];
		actor_begin(c);
		r = msgctl(id, IPC_SET, &ds);
		actor_end(c, r);
		break;
	}
}

static void
msgctl_finish(struct call *c)
{
	if (c->ret == 0 && c->arg[1] == CTL_RMID)
		c->obj->unlinked = true;
}

static void
msgctl_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "msgctl(");
	sysv_add_id(b, c);
	switch ((enum msgctl_op)c->arg[1]) {
	case CTL_STAT:
		buf_adds(b, ", IPC_STAT, ");
		if (c->state == CALL_DONE && c->ret == 0)
			buf_printf(b, "{qnum=%lld, cbytes=%lld, qbytes=%lld, lspid=%lld, lrpid=%lld}",
			    (long long)c->val[0], (long long)c->val[1], (long long)c->val[2],
			    (long long)c->val[3], (long long)c->val[4]);
		else
			buf_adds(b, "...");
		buf_addc(b, ')');
		break;
	case CTL_RMID:
		buf_adds(b, ", IPC_RMID, NULL)");
		break;
	case CTL_QBYTES:
		buf_printf(b, ", IPC_SET, {qbytes=%lld})", (long long)c->arg[2]);
		break;
	}
}

static const char *
msgctl_hint(const struct call *c)
{
	if (c->err == EPERM && c->arg[1] == CTL_QBYTES)
		return "raising qbytes above msgmnb needs CAP_SYS_RESOURCE";
	if (c->err == EINVAL || c->err == EIDRM)
		return "no such queue: it was removed";
	return NULL;
}

static const struct arg_spec msgctl_args[] = {
	{ "QUEUE", ARG_REF, 0, NULL, "a System V message queue" },
	{ "OP", ARG_CHOICE, 0, msgctl_ops, "IPC_STAT; IPC_RMID (remove it); IPC_SET of msg_qbytes" },
	{ "VALUE", ARG_SIZE, ARG_OPTIONAL, NULL, "qbytes: the queue's new size in bytes" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_msgctl = {
	.name = "msgctl",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = msgctl_args,
	.summary = "msgctl(): stat, remove, or resize a queue",
	.help = "The actor calls msgctl. stat reads the queue's numbers (IPC_STAT); rmid "
	    "removes it at once, waking every blocked sender and receiver with EIDRM; "
	    "qbytes sets how many bytes it holds before senders block.",
	.example = "A msgctl q1 qbytes 1k",
	.prepare = msgctl_prepare,
	.perform = msgctl_perform,
	.finish = msgctl_finish,
	.format = msgctl_format,
	.hint = msgctl_hint,
};

static const struct cmd_entry *const msgq_commands[] = {
	&cmd_msgget,
	&cmd_msgsnd,
	&cmd_msgrcv,
	&cmd_msgctl,
	NULL,
};

/* Gone once removed: a queue is removed at once, messages and all. */
static bool
msgq_gone(struct object *o)
{
	struct ksysv_msgq	 q;

	return !ksysv_msgq(sysv_of(o)->id, &q);
}

static const struct menu_new msgq_menu_new[] = {
	{ MENU_MESSAGES, "msgget", "", "q", "System V message queue", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

/* A msgrcv that waits for a message waits for whoever sends to the
 * queue, a msgsnd on a full queue for whoever receives: the lab names
 * the last process that did (msg_lspid, msg_lrpid). */
static size_t
msgq_woken_by_wait(struct lab *lab, const struct thread_wait *tw, struct file_want *out,
    size_t max)
{
	struct ksysv_msgq	 q;
	pid_t			 who;

	(void)lab;
	if (tw->kind != WAIT_MSGQ || max == 0 || !ksysv_msgq(tw->on.msgq.msqid, &q))
		return 0;
	who = tw->on.msgq.send ? q.last_receiver : q.last_sender;
	if (who <= 0 || who == tw->pid)
		return 0;
	memset(&out[0], 0, sizeof out[0]);
	out[0].pid = who;
	return 1;
}

extern const struct mechanism msgq_mechanism;

static ssize_t
msgq_observe_machine(struct lab *lab, uint64_t *stamp, int64_t **out)
{
	return sysv_observe_machine(lab, &msgq_mechanism, stamp, out);
}

/* An observed queue: its id, and its key as the kernel has it. */
static void
msgq_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	struct sysv_object	*sv = sysv_of(o);
	const struct ksysv_entry *e;
	struct ksysv_msgq	 q;

	(void)fe;
	sv->id = (int)number;
	if ((e = sysv_listed(o, KSYSV_MSG)) != NULL)
		sv->key = (long)e->msgq.key;
	else
		sv->key = ksysv_msgq(sv->id, &q) ? (long)q.key : IPC_PRIVATE;
}

const struct mechanism msgq_mechanism = {
	.name = "msgq",
	.title = "System V message queues",
	.object_size = sizeof(struct sysv_object),
	.help = "A System V message queue keeps messages whole, each with a type, and "
	    "lets a receiver pick by type; send and recv on one are msgsnd with type 1 "
	    "and msgrcv of any type. It is named by an id that any process can use "
	    "and outlives every process until it is removed. show reads every queued "
	    "message with msgrcv(MSG_COPY), which copies without taking, and the "
	    "bytes used against msg_qbytes, the last sender and receiver, and who is "
	    "blocked.",
	.commands = msgq_commands,
	.send_verb = "msgsnd",
	.recv_verb = "msgrcv",
	.help_objects = "message queues",
	.menu_new = msgq_menu_new,
	.same_name = sysv_same_key,
	.describe = msgq_describe,
	.destroy = msgq_destroy,
	.observe_machine = msgq_observe_machine,
	.sysv_kind = KSYSV_MSG + 1,
	.observe_init = msgq_observe_init,
	.sweep = msgq_sweep,
	.gone = msgq_gone,
	.woken_by_wait = msgq_woken_by_wait,
};
