/* record.c: the event log. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

void
record_log_init(struct record_log *log, size_t size)
{
	memset(log, 0, sizeof *log);
	log->ring = xcalloc(size, sizeof *log->ring);
	log->size = size;
	log->start_ns = now_ns();
}

static void
record_clear(struct record *r)
{
	free(r->who);
	free(r->text);
	desc_free(&r->desc);
	memset(r, 0, sizeof *r);
}

void
record_log_free(struct record_log *log)
{
	size_t	 i;

	for (i = 0; i < log->count; i++)
		record_clear(&log->ring[(log->first + i) % log->size]);
	freep(&log->ring);
	log->count = 0;
}

/* The next slot of the ring, the oldest record dropped for it if full. */
static struct record *
record_slot(struct record_log *log)
{
	struct record	*r;

	if (log->count == log->size) {
		record_clear(&log->ring[log->first]);
		log->first = (log->first + 1) % log->size;
		log->count--;
	}
	r = &log->ring[(log->first + log->count) % log->size];
	log->count++;
	log->total++;
	return r;
}

void
record_addv(struct record_log *log, enum record_kind kind, const char *who,
    enum record_level level, struct desc *desc, const char *fmt, va_list ap)
{
	struct record	*r = record_slot(log);

	r->kind = kind;
	r->who = who != NULL ? xstrdup(who) : NULL;
	r->text = xvasprintf(fmt, ap);
	r->desc = desc;
	r->level = level;
	r->time_ns = now_ns() - log->start_ns;
	if (log->sink != NULL)
		log->sink(log->sink_arg, r);
}

void
record_add_copy(struct record_log *log, const struct record *from, struct desc *desc)
{
	struct record	*r = record_slot(log);

	r->kind = from->kind;
	r->who = from->who != NULL ? xstrdup(from->who) : NULL;
	r->text = xstrdup(from->text);
	r->desc = desc;
	r->level = from->level;
	r->time_ns = from->time_ns;
	if (log->sink != NULL)
		log->sink(log->sink_arg, r);
}

const struct record *
record_last(const struct record_log *log)
{
	return log->count == 0 ? NULL : &log->ring[(log->first + log->count - 1) % log->size];
}

void
record_add(struct record_log *log, enum record_kind kind, const char *who,
    enum record_level level, struct desc *desc, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	record_addv(log, kind, who, level, desc, fmt, ap);
	va_end(ap);
}

const char *
record_kind_name(enum record_kind kind)
{
	static const char *const names[] = {
		[RECORD_CALL] = "call",
		[RECORD_BLOCKED] = "blocked",
		[RECORD_SPAWN] = "spawn",
		[RECORD_START] = "start",
		[RECORD_EXIT] = "exit",
		[RECORD_STOP] = "stop",
		[RECORD_CONTINUE] = "continue",
		[RECORD_REAP] = "reap",
		[RECORD_ENDED] = "ended",
		[RECORD_SIGNAL] = "signal",
		[RECORD_NOTIFY] = "notify",
		[RECORD_STATE] = "state",
		[RECORD_DEADLOCK] = "deadlock",
		[RECORD_SHOW] = "show",
		[RECORD_HELP] = "help",
		[RECORD_ECHO] = "echo",
		[RECORD_EXPECT] = "expect",
		[RECORD_JOB] = "job",
		[RECORD_SKIP] = "skip",
		[RECORD_FORGET] = "forget",
		[RECORD_RESET] = "reset",
		[RECORD_ERROR] = "error",
		[RECORD_GUARDIAN] = "guardian",
		[RECORD_OBSERVE] = "observe",
		[RECORD_HEALTH] = "health",
		[RECORD_SNAPSHOT] = "snapshot",
		[RECORD_SAY] = "say",
		[RECORD_CHAPTER] = "chapter",
		[RECORD_ASK] = "ask",
		[RECORD_TALLY] = "tally",
		[RECORD_NET] = "net",
	};

	if ((size_t)kind >= nitems(names) || names[kind] == NULL)
		fatal("record kind %d has no name", (int)kind);
	return names[kind];
}

bool
record_kind_of(const char *name, enum record_kind *kind)
{
	int	 k;

	for (k = RECORD_CALL; k <= RECORD_NET; k++) {
		if (strcmp(record_kind_name((enum record_kind)k), name) == 0) {
			*kind = (enum record_kind)k;
			return true;
		}
	}
	return false;
}

const struct record *
record_get(const struct record_log *log, size_t i)
{
	if (i >= log->count)
		return NULL;
	return &log->ring[(log->first + i) % log->size];
}

bool
record_multiline(const struct record *r)
{
	return r->kind == RECORD_SHOW || r->kind == RECORD_HELP || r->kind == RECORD_TALLY;
}

void
record_write_json(struct buf *b, const struct record *r)
{
	struct desc_node	*c;
	const char		*type = record_kind_name(r->kind);

	buf_adds(b, "{\"type\":");
	json_add_string(b, type, strlen(type));
	buf_printf(b, ",\"time\":%.6f", (double)r->time_ns / NS_PER_S);
	if (r->who != NULL) {
		buf_adds(b, ",\"who\":");
		json_add_string(b, r->who, strlen(r->who));
	}
	if (r->level == REC_ERROR)
		buf_adds(b, ",\"error\":true");
	buf_adds(b, ",\"text\":");
	json_add_string(b, r->text, strlen(r->text));
	if (r->desc != NULL) {
		for (c = r->desc->root->first; c != NULL; c = c->next) {
			if (c->name == NULL)
				continue;
			buf_addc(b, ',');
			json_add_string(b, c->name, strlen(c->name));
			buf_addc(b, ':');
			desc_write_json(b, c);
		}
	}
	buf_addc(b, '}');
}
