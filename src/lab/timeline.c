/* timeline.c: the lab's events in order, and the pictures made of them
 * (timeline.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "timeline.h"

#define DATA_SHOWN	16	/* bytes of a take's data on an arrow */
#define TRACE_LOOK_BACK	1000	/* events before a call searched for its blocking */

/* A field of a record's description, as text, or NULL. */
static const char *
field(const struct record *r, const char *name)
{
	const struct desc_node	*n;

	if (r->desc == NULL || (n = desc_find(r->desc, name)) == NULL)
		return NULL;
	return n->str;
}

static int64_t
field_num(const struct record *r, const char *name)
{
	const struct desc_node	*n;

	if (r->desc == NULL || (n = desc_find(r->desc, name)) == NULL)
		return 0;
	return n->num;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* "fork() = 4242<B> <170us>": B. */
static char *
child_name(const char *text)
{
	const char	*eq = strstr(text, " = "), *lt, *gt;

	if (eq == NULL || (lt = strchr(eq, '<')) == NULL || (gt = strchr(lt, '>')) == NULL ||
	    gt == lt + 1)
		return NULL;
	return xstrndup(lt + 1, (size_t)(gt - lt - 1));
}

/* A take's bytes, shortened, printable ASCII only. */
static char *
short_data(const char *data)
{
	struct buf	 b;
	size_t		 i;

	if (data == NULL || *data == '\0')
		return NULL;
	buf_init(&b);
	for (i = 0; data[i] != '\0' && i < DATA_SHOWN; i++)
		buf_addc(&b, data[i] >= 0x20 && data[i] < 0x7f ? data[i] : '.');
	if (data[i] != '\0')
		buf_adds(&b, "...");
	return buf_take(&b);
}

static struct tl_queue *
queue_of(struct timeline *tl, const char *object)
{
	size_t	 i;

	for (i = 0; i < tl->nqueues; i++) {
		if (strcmp(tl->queues[i].object, object) == 0)
			return &tl->queues[i];
	}
	tl->queues = xreallocarray(tl->queues, tl->nqueues + 1, sizeof *tl->queues);
	memset(&tl->queues[tl->nqueues], 0, sizeof *tl->queues);
	tl->queues[tl->nqueues].object = xstrdup(object);
	return &tl->queues[tl->nqueues++];
}

/* How far back a take looks for the datagram it got. */
#define DATAGRAM_WINDOW	512

/* A take on a socket no put went into (a datagram comes from another
 * socket, to its address): the latest datagram sent with the bytes it
 * got that this object has not taken yet, or -1. One datagram may be
 * taken by many (a group's members, a broadcast's receivers). */
static long
datagram_from(struct timeline *tl, const struct tl_event *e)
{
	size_t	 lo = tl->n > DATAGRAM_WINDOW ? tl->n - DATAGRAM_WINDOW : 0, k, j;
	bool	 had;

	for (k = tl->n; k-- > lo;) {
		if (!tl->v[k].datagram || tl->v[k].sent == NULL || strcmp(tl->v[k].sent, e->data) != 0)
			continue;
		for (j = k + 1, had = false; j < tl->n && !had; j++)
			had = tl->v[j].from == (long)k && tl->v[j].object != NULL &&
			    e->object != NULL && strcmp(tl->v[j].object, e->object) == 0;
		if (!had)
			return (long)k;
	}
	return -1;
}

void
timeline_note(struct timeline *tl, const struct record *r, enum verb_flow flow)
{
	struct tl_event	 e;
	const char	*err;

	memset(&e, 0, sizeof e);
	switch (r->kind) {
	case RECORD_CALL:
		e.kind = TL_CALL;
		break;
	case RECORD_BLOCKED:
		e.kind = TL_BLOCKED;
		break;
	case RECORD_SIGNAL:
		e.kind = TL_SIGNAL;
		break;
	case RECORD_SPAWN:
		e.kind = TL_SPAWN;
		break;
	case RECORD_EXIT:
		e.kind = TL_END;
		break;
	default:
		return;
	}
	if (r->who == NULL)
		return;
	if (tl->n >= TIMELINE_MAX) {
		tl->dropped++;
		return;
	}
	e.flow = flow;
	e.time_ns = r->time_ns;
	e.elapsed_ns = field_num(r, "elapsed");
	e.ret = field_num(r, "ret");
	err = field(r, "errno");
	e.failed = err != NULL && strcmp(err, "0") != 0;
	if (r->kind == RECORD_CALL && field(r, "result") != NULL &&
	    strcmp(field(r, "result"), "returned") != 0)
		e.failed = true;
	e.who = xstrdup(r->who);
	e.what = dup_or_null(r->kind == RECORD_SIGNAL ? field(r, "signal") : field(r, "call"));
	e.object = dup_or_null(field(r, "object"));
	if (r->kind == RECORD_SIGNAL)
		e.peer = dup_or_null(field(r, "from"));
	else if (flow == FLOW_FORKS && !e.failed)
		e.peer = child_name(r->text);
	if (flow == FLOW_TAKES)
		e.data = short_data(field(r, "data"));
	else if (flow == FLOW_PUTS) {
		e.sent = short_data(field(r, "sent"));
		e.datagram = field(r, "to") != NULL;
	}
	e.text = xstrdup(r->text);
	e.from = -1;
	if (r->kind == RECORD_CALL && !e.failed && e.object != NULL &&
	    ((flow == FLOW_TAKES && e.ret > 0) || flow == FLOW_PUTS)) {
		struct tl_queue	*q = queue_of(tl, e.object);

		if (flow == FLOW_PUTS) {
			if (q->n == q->cap) {
				q->cap = q->cap == 0 ? 16 : q->cap * 2;
				q->puts = xreallocarray(q->puts, q->cap, sizeof *q->puts);
			}
			/* A put that returns 0 put a message (msgsnd, mq_send): one
			 * take takes it whole; others put ret bytes. */
			e.left = e.ret > 0 ? e.ret : 1;
			q->puts[q->n++] = tl->n;
		} else if (q->head < q->n) {
			struct tl_event	*p = &tl->v[q->puts[q->head]];
			int64_t		 need = e.ret, part;
			size_t		 k;

			if (p->ret <= 0) {
				/* A message: taken whole, and not always the
				 * oldest (msgrcv by type, a queue's priorities):
				 * the oldest not taken with the bytes it got. */
				for (k = q->head; k < q->n; k++) {
					p = &tl->v[q->puts[k]];
					if (p->left > 0 && p->sent != NULL && e.data != NULL &&
					    strcmp(p->sent, e.data) == 0)
						break;
				}
				if (k == q->n)
					k = q->head;
				p = &tl->v[q->puts[k]];
				e.from = (long)q->puts[k];
				p->left = 0;
			} else {
				/* Bytes: a take gets the oldest not taken; its
				 * arrow is from the put they began in, and what
				 * it took of that and later puts is taken. */
				e.from = (long)q->puts[q->head];
				while (need > 0 && q->head < q->n) {
					p = &tl->v[q->puts[q->head]];
					if (p->ret <= 0)
						break;
					part = need < p->left ? need : p->left;
					p->left -= part;
					need -= part;
					if (p->left == 0)
						q->head++;
				}
			}
			while (q->head < q->n && tl->v[q->puts[q->head]].left == 0)
				q->head++;
		}
	}
	if (r->kind == RECORD_CALL && !e.failed && flow == FLOW_TAKES && e.from < 0 &&
	    e.data != NULL)
		e.from = datagram_from(tl, &e);
	if (tl->n == tl->cap) {
		tl->cap = tl->cap == 0 ? 256 : tl->cap * 2;
		tl->v = xreallocarray(tl->v, tl->cap, sizeof *tl->v);
	}
	tl->v[tl->n++] = e;
}

static const char *const flow_names[] = {
	[FLOW_NONE] = "none",
	[FLOW_PUTS] = "puts",
	[FLOW_TAKES] = "takes",
	[FLOW_FORKS] = "forks",
};

const char *
timeline_flow_name(enum verb_flow flow)
{
	return (size_t)flow < nitems(flow_names) ? flow_names[flow] : "none";
}

bool
timeline_flow_of(const char *name, enum verb_flow *flow)
{
	size_t	 i;

	for (i = 0; name != NULL && i < nitems(flow_names); i++) {
		if (strcmp(flow_names[i], name) == 0) {
			*flow = (enum verb_flow)i;
			return true;
		}
	}
	return false;
}

void
timeline_clear(struct timeline *tl)
{
	size_t	 i;

	for (i = 0; i < tl->n; i++) {
		free(tl->v[i].who);
		free(tl->v[i].what);
		free(tl->v[i].object);
		free(tl->v[i].peer);
		free(tl->v[i].data);
		free(tl->v[i].sent);
		free(tl->v[i].text);
	}
	freep(&tl->v);
	tl->n = tl->cap = tl->dropped = 0;
	tl->gen++;
	for (i = 0; i < tl->nqueues; i++) {
		free(tl->queues[i].object);
		free(tl->queues[i].puts);
	}
	freep(&tl->queues);
	tl->nqueues = 0;
}

/* The actors in order of appearance; the index of one by name. */
struct columns {
	char	**names;
	size_t	 n;
};

static size_t
column_of(struct columns *c, const char *name)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		if (strcmp(c->names[i], name) == 0)
			return i;
	}
	c->names = xreallocarray(c->names, c->n + 1, sizeof *c->names);
	c->names[c->n] = xstrdup(name);
	return c->n++;
}

static void
columns_make(const struct timeline *tl, struct columns *c)
{
	size_t	 i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < tl->n; i++) {
		column_of(c, tl->v[i].who);
		/* A sender that is an actor (not "lab", not "pid N"). */
		if (tl->v[i].kind == TL_CALL && tl->v[i].peer != NULL)
			column_of(c, tl->v[i].peer);
	}
}

static void
columns_free(struct columns *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
}

static bool
is_column(const struct columns *c, const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < c->n; i++) {
		if (strcmp(c->names[i], name) == 0)
			return true;
	}
	return false;
}

/* Text on a Mermaid arrow or note: no statement ends or entity starts
 * in it, on one line. */
static void
add_mermaid_text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ';' || *s == '#')
			buf_addc(b, ',');
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			buf_addc(b, ' ');
		else
			buf_addc(b, *s);
	}
}

void
timeline_mermaid(const struct timeline *tl, struct buf *b)
{
	struct columns	 c;
	size_t		 i;

	columns_make(tl, &c);
	buf_adds(b, "sequenceDiagram\n");
	for (i = 0; i < c.n; i++) {
		buf_printf(b, "    participant a%zu as ", i);
		add_mermaid_text(b, c.names[i]);
		buf_addc(b, '\n');
	}
	for (i = 0; i < tl->n; i++) {
		const struct tl_event *e = &tl->v[i];
		size_t w = column_of(&c, e->who);

		switch (e->kind) {
		case TL_CALL:
			if (e->flow == FLOW_FORKS && e->peer != NULL) {
				buf_printf(b, "    a%zu->>a%zu: %s()\n", w, column_of(&c, e->peer),
				    e->what != NULL ? e->what : "fork");
			} else if (e->flow == FLOW_TAKES && e->from >= 0) {
				const struct tl_event *p = &tl->v[e->from];

				buf_printf(b, "    a%zu->>a%zu: ", column_of(&c, p->who), w);
				add_mermaid_text(b, p->what);
				buf_adds(b, " > ");
				add_mermaid_text(b, e->what);
				buf_adds(b, " ");
				add_mermaid_text(b, e->object);
				if (e->data != NULL) {
					buf_adds(b, " \"");
					add_mermaid_text(b, e->data);
					buf_addc(b, '"');
				}
				buf_printf(b, " (%lld)\n", (long long)e->ret);
			} else if (e->flow == FLOW_TAKES && !e->failed && e->ret == 0) {
				buf_printf(b, "    Note over a%zu: ", w);
				add_mermaid_text(b, e->what);
				buf_adds(b, " ");
				add_mermaid_text(b, e->object != NULL ? e->object : "");
				buf_adds(b, " = 0: end of file\n");
			}
			break;
		case TL_BLOCKED:
			buf_printf(b, "    Note over a%zu: blocked in ", w);
			add_mermaid_text(b, e->what != NULL ? e->what : "a call");
			if (e->object != NULL) {
				buf_addc(b, ' ');
				add_mermaid_text(b, e->object);
			}
			buf_addc(b, '\n');
			break;
		case TL_SIGNAL:
			if (is_column(&c, e->peer) && strcmp(e->peer, e->who) != 0)
				buf_printf(b, "    a%zu-)a%zu: ", column_of(&c, e->peer), w);
			else
				buf_printf(b, "    Note over a%zu: ", w);
			add_mermaid_text(b, e->what != NULL ? e->what : "a signal");
			if (!is_column(&c, e->peer) && e->peer != NULL) {
				buf_adds(b, " from ");
				add_mermaid_text(b, e->peer);
			}
			buf_addc(b, '\n');
			break;
		case TL_END:
			buf_printf(b, "    Note over a%zu: ", w);
			add_mermaid_text(b, e->text);
			buf_addc(b, '\n');
			break;
		case TL_SPAWN:
			break;
		}
	}
	if (tl->dropped > 0)
		buf_printf(b, "    %%%% %zu later events were not kept\n", tl->dropped);
	columns_free(&c);
}

static void
trace_sep(struct buf *b, bool *first)
{
	buf_adds(b, *first ? "\n" : ",\n");
	*first = false;
}

/* Microseconds, as the trace format counts. */
static void
add_us(struct buf *b, const char *name, int64_t ns)
{
	buf_printf(b, ",\"%s\":%lld.%03lld", name, (long long)(ns / 1000),
	    (long long)(ns % 1000 < 0 ? -(ns % 1000) : ns % 1000));
}

void
timeline_trace(const struct timeline *tl, struct buf *b)
{
	struct columns	 c;
	const struct tl_event *bl;
	size_t		 i, k;
	bool		 first = true;
	int64_t		 start;

	columns_make(tl, &c);
	buf_adds(b, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");
	trace_sep(b, &first);
	buf_adds(b, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":\"ipcscope lab\"}}");
	for (i = 0; i < c.n; i++) {
		trace_sep(b, &first);
		buf_printf(b, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%zu,\"args\":{\"name\":", i + 1);
		json_add_string(b, c.names[i], strlen(c.names[i]));
		buf_adds(b, "}}");
	}
	for (i = 0; i < tl->n; i++) {
		const struct tl_event *e = &tl->v[i];
		size_t t = column_of(&c, e->who) + 1;

		switch (e->kind) {
		case TL_CALL:
			/* Asleep in it: the stretch since the kernel showed it
			 * so, which the call's own slice covers too (the reply's
			 * time, less what the call took, may come later). */
			bl = NULL;
			for (k = i; k > 0 && i - k < TRACE_LOOK_BACK; k--) {
				const struct tl_event *o = &tl->v[k - 1];

				if (o->kind == TL_BLOCKED && strcmp(o->who, e->who) == 0)
					bl = o;
				if (strcmp(o->who, e->who) == 0 && (o->kind == TL_BLOCKED ||
				    o->kind == TL_CALL))
					break;
			}
			start = e->time_ns - e->elapsed_ns;
			if (bl != NULL && bl->time_ns < start)
				start = bl->time_ns;
			trace_sep(b, &first);
			buf_adds(b, "{\"name\":");
			json_add_string(b, e->what != NULL ? e->what : "call",
			    strlen(e->what != NULL ? e->what : "call"));
			buf_printf(b, ",\"cat\":\"call\",\"ph\":\"X\",\"pid\":1,\"tid\":%zu", t);
			add_us(b, "ts", start);
			add_us(b, "dur", e->time_ns - start);
			buf_adds(b, ",\"args\":{\"line\":");
			json_add_string(b, e->text, strlen(e->text));
			buf_adds(b, "}}");
			if (bl != NULL) {
				trace_sep(b, &first);
				buf_adds(b, "{\"name\":\"blocked\",\"cat\":\"blocked\",\"ph\":\"X\",\"pid\":1");
				buf_printf(b, ",\"tid\":%zu", t);
				add_us(b, "ts", bl->time_ns);
				add_us(b, "dur", e->time_ns - bl->time_ns);
				buf_adds(b, ",\"args\":{\"line\":");
				json_add_string(b, bl->text, strlen(bl->text));
				buf_adds(b, "}}");
			}
			/* A flow from the put to this take. */
			if (e->flow == FLOW_TAKES && e->from >= 0) {
				const struct tl_event *p = &tl->v[e->from];
				/* From within the put to the take's end (a blocked
				 * take began before the put); the replies may have
				 * come in either order: never backwards. */
				int64_t	 to = e->time_ns - (e->elapsed_ns < 2000 ? e->elapsed_ns : 2000) / 2;
				int64_t	 at = p->time_ns - p->elapsed_ns / 2;

				trace_sep(b, &first);
				buf_printf(b, "{\"name\":\"bytes\",\"cat\":\"flow\",\"ph\":\"s\",\"id\":%zu,"
				    "\"pid\":1,\"tid\":%zu", i, column_of(&c, p->who) + 1);
				add_us(b, "ts", at < to ? at : to);
				buf_adds(b, "}");
				trace_sep(b, &first);
				buf_printf(b, "{\"name\":\"bytes\",\"cat\":\"flow\",\"ph\":\"f\",\"bp\":\"e\","
				    "\"id\":%zu,\"pid\":1,\"tid\":%zu", i, t);
				add_us(b, "ts", to);
				buf_adds(b, "}");
			}
			break;
		case TL_SIGNAL:
			trace_sep(b, &first);
			buf_adds(b, "{\"name\":");
			json_add_string(b, e->what != NULL ? e->what : "signal",
			    strlen(e->what != NULL ? e->what : "signal"));
			buf_printf(b, ",\"cat\":\"signal\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%zu", t);
			add_us(b, "ts", e->time_ns);
			buf_adds(b, ",\"args\":{\"line\":");
			json_add_string(b, e->text, strlen(e->text));
			buf_adds(b, "}}");
			break;
		case TL_END:
			trace_sep(b, &first);
			buf_printf(b, "{\"name\":\"ended\",\"cat\":\"end\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,"
			    "\"tid\":%zu", t);
			add_us(b, "ts", e->time_ns);
			buf_adds(b, ",\"args\":{\"line\":");
			json_add_string(b, e->text, strlen(e->text));
			buf_adds(b, "}}");
			break;
		case TL_BLOCKED:
		case TL_SPAWN:
			break;
		}
	}
	buf_adds(b, "\n]}\n");
	columns_free(&c);
}
