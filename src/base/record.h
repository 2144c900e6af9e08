/* record.h: the event log. Everything the lab reports (a call and its
 * result, an actor blocking, dying or being reaped, the output of show,
 * help and expect, an error) is a record: a type, who it concerns, one
 * human line and, for JSON, structured fields. The lab keeps the last
 * records for the TUI and hands each new one to the frontend's sink. */
#ifndef RECORD_H
#define RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "desc.h"

/* What a record tells. Its name (record_kind_name) is the "type" of its
 * JSON. */
enum record_kind {
	RECORD_CALL,		/* a call and its result */
	RECORD_BLOCKED,		/* a call the kernel shows asleep */
	RECORD_SPAWN,		/* an actor spawned */
	RECORD_START,		/* an actor that could not start */
	RECORD_EXIT,		/* a process ended */
	RECORD_STOP,		/* a process stopped */
	RECORD_CONTINUE,	/* a stopped process continued */
	RECORD_REAP,		/* a process reaped, by the lab or its parent */
	RECORD_ENDED,		/* a thread ended */
	RECORD_SIGNAL,		/* a handler ran or a call took a signal */
	RECORD_NOTIFY,		/* a POSIX queue's notification came */
	RECORD_STATE,		/* an object changed on its own (a TCP state) */
	RECORD_DEADLOCK,	/* a cycle of waits on file locks */
	RECORD_SHOW,		/* show's output (several lines) */
	RECORD_HELP,		/* help's output (several lines) */
	RECORD_ECHO,		/* echo's text, or a command echoed as it runs */
	RECORD_EXPECT,		/* a check and whether it held */
	RECORD_JOB,		/* a job started or ended */
	RECORD_SKIP,		/* a script that cannot run here */
	RECORD_FORGET,		/* what forget took off the lists */
	RECORD_RESET,		/* reset */
	RECORD_ERROR,		/* a command that failed */
	RECORD_GUARDIAN,	/* the guardian could not be started or is gone */
	RECORD_OBSERVE,		/* a process observed, or no longer */
	RECORD_HEALTH,		/* a health finding appeared or cleared */
	RECORD_SNAPSHOT,	/* a snapshot saved or loaded, a graph written */
	RECORD_SAY,		/* narration: a caption for the audience */
	RECORD_CHAPTER,		/* a script's chapter begins */
	RECORD_ASK,		/* a question for the audience (ask) */
	RECORD_TALLY,		/* a value tallied, or a repeat's histograms (several lines) */
	RECORD_NET,		/* a host or link made, changed or removed */
	/* (the last: record_kind_of goes up to it) */
};

enum record_level {
	REC_INFO,
	REC_ERROR,	/* a call failed, an actor died, a check failed */
};

struct record {
	enum record_kind	 kind;
	char			*who;	/* actor or object name, or NULL */
	char			*text;	/* the human line (show and help: several lines,
					 * record_multiline); raw: writers escape it */
	struct desc		*desc;	/* fields for JSON, or NULL */
	enum record_level	 level;
	int64_t			 time_ns;	/* since the lab started */
};

typedef void	(*record_sink)(void *arg, const struct record *);

struct record_log {
	struct record	*ring;
	size_t		 size;
	size_t		 first;
	size_t		 count;
	uint64_t	 total;		/* records ever added */
	record_sink	 sink;
	void		*sink_arg;
	int64_t		 start_ns;
};

void	 record_log_init(struct record_log *, size_t size);
void	 record_log_free(struct record_log *);
/* The record added last, or NULL. */
const struct record *record_last(const struct record_log *);
/* Add a record: desc is taken over (freed with the record). */
void	 record_add(struct record_log *, enum record_kind, const char *who,
	    enum record_level, struct desc *, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
void	 record_addv(struct record_log *, enum record_kind, const char *who,
	    enum record_level, struct desc *, const char *fmt, va_list)
	    __attribute__((format(printf, 6, 0)));
/* A record as it was made before (a recording played back): from's
 * kind, who, text, level and time, with desc (taken over). */
void	 record_add_copy(struct record_log *, const struct record *from, struct desc *);
/* "call", "blocked", "show"...: a kind as JSON's "type" names it. */
const char	*record_kind_name(enum record_kind);
/* The kind a name names; false if none. */
bool	 record_kind_of(const char *name, enum record_kind *);
/* The i-th kept record, 0 the oldest. */
const struct record *record_get(const struct record_log *, size_t i);

/* A show or help record: its text is lines. Any other record is one
 * line, and a newline in its text (echo "a\nb") is shown as \n. */
bool	 record_multiline(const struct record *);

/* One JSON object for a record: {"type":..,"time":..,"who":..,"text":..,
 * then the desc fields}. */
void	 record_write_json(struct buf *, const struct record *);

#endif
