/* calls.c: an actor's calls: prepared, sent, dropped, settled and freed;
 * the settle timer armed for them; a call as a line of the log and as a
 * description (call_record, call_describe). */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab.h"
#include "timeline.h"
#include "lab_int.h"
#include "loop.h"
#include "module.h"

/* Whether the call sent something a module follows (a signal): its line
 * comes before what that did. */
bool
call_sends(const struct call *c)
{
	return c != NULL && c->wait.module != NULL;
}

void
call_free(struct call **cp)
{
	struct call	*c = *cp;
	size_t		 i;

	if (c == NULL)
		return;
	buf_free(&c->data);
	buf_free(&c->rdata);
	for (i = 0; i < c->nrfds; i++) {
		if (c->rfds[i] != -1)
			close(c->rfds[i]);
	}
	free(c->newname);
	free(c->waits);
	free(c->on);
	free(c->extra_name);
	free(c->extra);
	free(c->lost);
	free(c->text);
	freep(cp);
}

void
call_set_extra(struct call *c, const char *name, char *value)
{
	free(c->extra_name);
	free(c->extra);
	c->extra_name = xstrdup(name);
	c->extra = value;
}

bool
call_settled(const struct call *c)
{
	const struct task_info	*ti;

	if (c->state != CALL_SENT)
		return (c->created == NULL || actor_started(c->created)) &&
		    (c->wait.module == NULL || c->wait.module->call_settles == NULL ||
		    c->wait.module->call_settles(c->lab, lab_module_state(c->lab, c->wait.module),
		    c));
	/* A stopped actor makes no progress: it is as settled as it gets. */
	if (c->actor->task_gen == c->lab->gen) {
		ti = &c->actor->task;
		if (ti->ok && (ti->state == 'T' || ti->state == 't'))
			return true;
	}
	return false;
}

void
settle_arm(struct lab *lab, int64_t delay)
{
	loop_timer_by(lab->settle_timer, now_ns() + delay);
}

void
lab_settle_soon(struct lab *lab)
{
	settle_arm(lab, SETTLE_FIRST_NS);
}

static struct call *
call_prepare(struct lab *lab, struct actor *a, const struct cmd_entry *verb,
    struct cmd *cmd, char **cause)
{
	struct call		*c;

	c = xcalloc(1, sizeof *c);
	c->lab = lab;
	c->actor = a;
	c->verb = verb;
	c->cmd = cmd;
	c->end_access = -1;
	c->end_which = 0;
	c->fd_closed = -1;
	buf_init(&c->data);
	buf_init(&c->rdata);
	if (!verb->prepare(c, cause)) {
		if (c->err_column != 0)
			cmd->err_column = c->err_column;
		lab_call_drop(&c);
		return NULL;
	}
	c->cmd = NULL;
	return c;
}

struct call *
lab_call_prepare(struct lab *lab, struct actor *a, const struct cmd_entry *verb,
    struct cmd *cmd, char **cause)
{
	if (!actor_can_call(a, cause)) {
		cmd->err_column = cmd->target_column;
		return NULL;
	}
	return call_prepare(lab, a, verb, cmd, cause);
}

bool
lab_call_check(struct lab *lab, struct actor *a, const struct cmd_entry *verb,
    struct cmd *cmd, char **cause)
{
	struct call	*c;

	if ((c = call_prepare(lab, a, verb, cmd, cause)) == NULL)
		return false;
	lab_call_drop(&c);
	return true;
}

void
lab_call_drop(struct call **cp)
{
	struct call	*c = *cp;

	if (c == NULL)
		return;
	if (c->sent_ns == 0 && c->wait.module != NULL && c->wait.module->call_dropped != NULL)
		c->wait.module->call_dropped(c->lab, lab_module_state(c->lab, c->wait.module), c);
	call_free(cp);
}

bool
lab_call_send(struct call **cp, char **cause)
{
	struct call		*c = *cp;
	struct actor		*a = c->actor;
	struct lab		*lab = c->lab;
	struct wire_request	 req;

	c->seq = a->next_seq++;
	memset(&req, 0, sizeof req);
	req.seq = c->seq;
	req.op = c->verb->index;	/* prepare may have turned send into write */
	memcpy(req.arg, c->arg, sizeof req.arg);
	req.data_len = (uint32_t)c->data.len;
	req.start_ns = c->start_ns = lab->start_at;
	if (!wire_send(&a->conn, WIRE_REQUEST, &req, sizeof req, c->data.data, c->data.len)) {
		*cause = xasprintf("%s's channel is closed: it is exiting", a->name);
		lab_call_drop(cp);
		return false;
	}
	if (wire_pending(&a->conn))
		loop_set_events(lab->loop, a->conn.fd, POLLIN | POLLOUT);
	c->state = CALL_SENT;
	c->sent_ns = now_ns();
	a->call = c;
	settle_arm(lab, SETTLE_FIRST_NS);
	return true;
}

struct call *
lab_call(struct lab *lab, struct actor *a, const struct cmd_entry *verb,
    struct cmd *cmd, char **cause)
{
	struct call	*c;

	if ((c = lab_call_prepare(lab, a, verb, cmd, cause)) == NULL)
		return NULL;
	return lab_call_send(&c, cause) ? c : NULL;
}

static void
call_add_text(struct buf *b, const struct call *c)
{
	if (c->verb->format != NULL)
		c->verb->format(c, b);
	else
		buf_printf(b, "%s()", c->verb->name);
}

/* The desc of a call for JSON records and for an actor's "last". */
void
call_describe(const struct call *c, struct desc *d, bool with_text)
{
	desc_word(d, "call", c->verb->name);
	if (c->obj != NULL)
		desc_word(d, "object", c->obj->name);
	switch (c->state) {
	case CALL_SENT:
		desc_word(d, "result", "running");
		break;
	case CALL_BLOCKED:
		desc_word(d, "result", "blocked");
		if (c->blocked.wchan[0] != '\0')
			desc_word(d, "wchan", c->blocked.wchan);
		break;
	case CALL_DONE:
		desc_word(d, "result", "returned");
		desc_int(d, "ret", c->ret);
		/* A function that returns the error number leaves errno alone. */
		if (!cmd_returns_errnum(c->verb, c->actor->is_thread))
			desc_word(d, "errno", c->err != 0 ? errno_str(c->err) : "0");
		else if (c->err != 0)
			desc_word(d, "errnum", errno_str(c->err));
		desc_bytes(d, "data", c->rdata.data != NULL ? c->rdata.data : "", c->rdata.len);
		/* A message put (a put that returns 0: msgsnd, mq_send): its
		 * bytes, to pair it with the take that got it when takes go
		 * out of order (by type, by priority). */
		if (c->verb->flow == FLOW_PUTS && c->ret == 0 && c->err == 0 && c->data.len > 0)
			desc_bytes(d, "sent", c->data.data, c->data.len);
		if (c->extra != NULL)
			desc_text(d, c->extra_name, "%s", c->extra);
		if (c->err == 0 && c->verb->describe_result != NULL)
			c->verb->describe_result(c, d);
		desc_duration(d, "elapsed", c->elapsed_ns);
		if (c->late_ns >= 0)
			desc_duration(d, "late", c->late_ns);
		break;
	case CALL_LOST:
		desc_word(d, "result", "lost");
		desc_string(d, "reason", c->lost != NULL ? c->lost : "the actor ended");
		break;
	}
	if (with_text && c->text != NULL)
		desc_string(d, "text", c->text);
}

void
call_record(struct call *c, enum record_kind kind)
{
	struct desc	*d;
	struct buf	 b;
	const char	*hint;
	bool		 bad;

	buf_init(&b);
	call_add_text(&b, c);
	switch (c->state) {
	case CALL_DONE:
		if (c->err != 0) {
			if (cmd_returns_errnum(c->verb, c->actor->is_thread))
				buf_printf(&b, " = %s (%s)", errno_str(c->err), strerror(c->err));
			else
				buf_printf(&b, " = %lld %s (%s)", (long long)c->ret, errno_str(c->err),
				    strerror(c->err));
			/* A hint only when it is the reason: a descriptor that was
			 * not open is the reason for EBADF, whatever else. */
			if (c->err == EBADF && c->fd_closed != -1)
				buf_printf(&b, ": descriptor %d is not open in %s", c->fd_closed,
				    c->actor->proc->name);
			else if (c->verb->hint != NULL && (hint = c->verb->hint(c)) != NULL)
				buf_printf(&b, ": %s", hint);
		}
		else if (c->verb->format_result != NULL) {
			buf_adds(&b, " = ");
			c->verb->format_result(c, &b);
		} else
			buf_printf(&b, " = %lld", (long long)c->ret);
		buf_adds(&b, " <");
		buf_add_duration(&b, c->elapsed_ns);
		if (c->late_ns >= 0) {
			buf_adds(&b, ", began ");
			buf_add_duration(&b, c->late_ns);
			buf_adds(&b, " after the release");
		}
		buf_adds(&b, ">");
		break;
	case CALL_BLOCKED:
		buf_adds(&b, " blocked");
		if (c->blocked.wchan[0] != '\0')
			buf_printf(&b, " in %s", c->blocked.wchan);
		break;
	case CALL_LOST:
		buf_printf(&b, " = ? (%s)", c->lost != NULL ? c->lost : "the actor ended");
		break;
	case CALL_SENT:
		break;
	}
	free(c->text);
	c->text = xstrdup(b.data);
	d = desc_new();
	call_describe(c, d, false);
	bad = (c->state == CALL_DONE && c->err != 0) ||
	    (c->state == CALL_LOST && c->lost_killed);
	record_add(&c->lab->log, kind, c->actor->name, bad ? REC_ERROR : REC_INFO, d, "%s", b.data);
	lab_noted(c->lab, record_last(&c->lab->log), c->verb->flow, true);
	buf_free(&b);
}

bool
lab_may_notice(struct lab *lab)
{
	const struct call	*c;
	size_t			 i;

	if (lab->quitting)
		return false;
	for (i = 0; i < lab->nactors; i++) {
		c = lab->actors[i]->call;
		if (c != NULL && c->state == CALL_SENT && !call_settled(c))
			return false;
	}
	return true;
}

void
call_settle(struct actor *a)
{
	struct call	*c = a->call;

	a->call = NULL;
	call_free(&a->last);
	a->last = c;
	lab_changed(a->lab);
}
