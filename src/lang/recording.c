/* recording.c: a run recorded as JSON lines, and played back into the
 * lab's log and panes (recording.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "lab.h"
#include "loop.h"
#include "recording.h"
#include "session.h"
#include "snapshot.h"
#include "timeline.h"

/* ---- recording ---- */

struct recorder {
	struct lab		*lab;
	char			*path;
	int			 fd;
	off_t			 whole;		/* the file's whole lines end here */
	bool			 failed;
	struct loop_timer	*timer;		/* a snapshot, after a change */
	int64_t			 ticked_ns;	/* a tick's last armed it */
	struct lab_listener	 listener;
	struct buf		 last;		/* the last snapshot written, its time left out */
};

static int64_t
recorder_now(const struct recorder *r)
{
	return now_ns() - r->lab->log.start_ns;
}

/* A line (b, without its newline) to the file, at once: what was
 * recorded up to a crash is kept. A write that fails ends the recording,
 * said once in the log, and the file is cut back to its whole lines: a
 * replay plays what came before. */
static void
recorder_put(struct recorder *r, struct buf *b)
{
	size_t	 off = 0;
	ssize_t	 n;
	int	 saved;

	if (r->failed)
		return;
	buf_addc(b, '\n');
	while (off < b->len) {
		if ((n = write(r->fd, b->data + off, b->len - off)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off == b->len) {
		r->whole += (off_t)off;
		return;
	}
	saved = off < b->len && errno != 0 ? errno : ENOSPC;
	r->failed = true;
	if (ftruncate(r->fd, r->whole) == -1) {
		/* What was cut short stays; a replay says so. */
	}
	lab_record(r->lab, RECORD_ERROR, NULL, REC_ERROR, NULL,
	    "recording to %s stopped: %s; what came before is kept", r->path, errno_str(saved));
}

static void	recorder_snapshot(void *);

static void
recorder_heard(void *arg, const char *line, const char *source, int lineno, bool repeating)
{
	struct recorder	*r = arg;
	struct buf	 b;

	/* The lab as the line finds it: a step played back ends on it. The
	 * runs of a repeat are one step, and may be thousands of lines. */
	if (!repeating)
		recorder_snapshot(r);
	buf_init(&b);
	buf_printf(&b, "{\"at_ns\":%lld,\"command\":", (long long)recorder_now(r));
	json_add_string(&b, line, strlen(line));
	if (source != NULL) {
		buf_adds(&b, ",\"source\":");
		json_add_string(&b, source, strlen(source));
		buf_printf(&b, ",\"line\":%d", lineno);
	}
	if (repeating)
		buf_adds(&b, ",\"repeat\":true");
	buf_addc(&b, '}');
	recorder_put(r, &b);
	buf_free(&b);
}

static void
recorder_arm(struct recorder *r)
{
	if (!r->failed)
		loop_timer_by(r->timer, now_ns() + RECORDING_SETTLE_NS);
}

static void
recorder_recorded(void *arg, const struct record *rec, enum verb_flow flow, bool timed)
{
	struct recorder	*r = arg;
	const char	*type = record_kind_name(rec->kind);
	struct buf	 b;

	buf_init(&b);
	buf_printf(&b, "{\"at_ns\":%lld,\"type\":", (long long)rec->time_ns);
	json_add_string(&b, type, strlen(type));
	if (rec->who != NULL) {
		buf_adds(&b, ",\"who\":");
		json_add_string(&b, rec->who, strlen(rec->who));
	}
	if (rec->level == REC_ERROR)
		buf_adds(&b, ",\"error\":true");
	buf_adds(&b, ",\"text\":");
	json_add_string(&b, rec->text, strlen(rec->text));
	if (flow != FLOW_NONE)
		buf_printf(&b, ",\"flow\":\"%s\"", timeline_flow_name(flow));
	if (!timed)
		buf_adds(&b, ",\"timeline\":false");
	if (rec->desc != NULL) {
		buf_adds(&b, ",\"fields\":");
		desc_write_json(&b, rec->desc->root);
		buf_adds(&b, ",\"types\":\"");
		desc_add_types(&b, rec->desc->root);
		buf_addc(&b, '"');
	}
	buf_addc(&b, '}');
	recorder_put(r, &b);
	buf_free(&b);
	recorder_arm(r);
}

static void
recorder_changed(void *arg)
{
	recorder_arm(arg);
}

/* A tick: what only the kernel changed (an observed process, a TCP
 * state) is kept too, but at most once a RECORDING_TICK_NS: a blocked
 * process's time asleep changes on every tick. */
static void
recorder_ticked(void *arg)
{
	struct recorder	*r = arg;
	int64_t		 now = now_ns();

	if (now - r->ticked_ns < RECORDING_TICK_NS)
		return;
	r->ticked_ns = now;
	recorder_arm(r);
}

/* The lab as it is now, if it differs from the last written (its time
 * aside): a snapshot line, "at_ns" first. */
static void
recorder_snapshot(void *arg)
{
	struct recorder		*r = arg;
	struct snapshot		*s;
	const struct desc_node	*c;
	struct buf		 b, now, whole;

	if (r->failed)
		return;
	s = snapshot_take(r->lab);
	buf_init(&now);
	for (c = s->doc->root->first; c != NULL; c = c->next) {
		if (c->name != NULL && strncmp(c->name, "time", 4) == 0)
			continue;
		desc_write_json(&now, c);
	}
	if (r->last.data == NULL || now.len != r->last.len ||
	    memcmp(now.data, r->last.data, now.len) != 0) {
		/* snapshot_write's object with "at_ns" put first, and
		 * without its newline (recorder_put adds one). */
		buf_init(&whole);
		snapshot_write(&whole, s);
		buf_init(&b);
		buf_printf(&b, "{\"at_ns\":%lld,", (long long)recorder_now(r));
		buf_add(&b, whole.data + 1, whole.len - 2);
		buf_free(&whole);
		recorder_put(r, &b);
		buf_free(&b);
		buf_free(&r->last);
		r->last = now;
	} else
		buf_free(&now);
	snapshot_free(&s);
}

int
recording_create(const char *path, char **cause)
{
	struct stat	 st;
	int		 fd;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*cause = xasprintf("--record %s: not a regular file", path);
		return -1;
	}
	/* Not waiting for a reader, should it have become a FIFO since. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0644);
	if (fd == -1) {
		*cause = xasprintf("--record %s: %s", path, errno_str(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf("--record %s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (fcntl(fd, F_SETFL, 0) == -1)
		fatal("fcntl: %s", errno_str(errno));
	return fd;
}

struct recorder *
recorder_open(struct lab *lab, struct loop *loop, const char *path, char **cause)
{
	struct recorder	*r;
	struct timespec	 now;
	struct tm	 tm;
	char		 when[64], host[256];
	struct buf	 b;
	int		 fd;

	if ((fd = recording_create(path, cause)) == -1)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->lab = lab;
	r->path = xstrdup(path);
	r->fd = fd;
	r->timer = loop_timer_new(loop, recorder_snapshot, r);
	buf_init(&r->last);
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (gethostname(host, sizeof host) == -1)
		copy_str(host, sizeof host, "?");
	host[sizeof host - 1] = '\0';
	buf_init(&b);
	buf_printf(&b, "{\"format\":\"%s\",\"version\":%d,\"program\":\"ipcscope %s\","
	    "\"time\":\"%s\",\"time_ns\":%lld,\"host\":", RECORDING_FORMAT, RECORDING_VERSION,
	    PACKAGE_VERSION, when, (long long)now.tv_sec * NS_PER_S + now.tv_nsec);
	json_add_string(&b, host, strlen(host));
	buf_addc(&b, '}');
	recorder_put(r, &b);
	buf_free(&b);
	/* The lab as it starts: what a replay shows first. */
	recorder_snapshot(r);
	r->listener = (struct lab_listener){
		.changed = recorder_changed,
		.ticked = recorder_ticked,
		.recorded = recorder_recorded,
		.arg = r,
	};
	lab_listen(lab, &r->listener);
	session_hear(recorder_heard, r);
	return r;
}

void
recorder_close(struct recorder **rp)
{
	struct recorder	*r = *rp;
	struct buf	 b;

	if (r == NULL)
		return;
	session_hear(NULL, NULL);
	lab_unlisten(r->lab, &r->listener);
	loop_timer_free(&r->timer);
	recorder_snapshot(r);
	buf_init(&b);
	buf_printf(&b, "{\"at_ns\":%lld,\"end\":true}", (long long)recorder_now(r));
	recorder_put(r, &b);
	buf_free(&b);
	if (close(r->fd) == -1 && !r->failed)
		fprintf(stderr, "ipcscope: --record %s: %s\n", r->path, errno_str(errno));
	buf_free(&r->last);
	free(r->path);
	free(r);
	*rp = NULL;
}

/* ---- playing back ---- */

enum item_kind {
	ITEM_COMMAND,
	ITEM_RECORD,
	ITEM_SNAPSHOT,
	ITEM_END,
};

struct item {
	enum item_kind	 kind;
	int64_t		 at_ns;
	struct desc	*doc;		/* the line read (a snapshot's: NULL) */
	char		*text;		/* a snapshot's line, read again when shown */
	char		*command;	/* ITEM_COMMAND's line */
	bool		 repeat;	/* ...a repeat's: no step of its own */
	enum verb_flow	 flow;		/* ITEM_RECORD's, and whether it is on the timeline */
	bool		 timed;
};

struct replay {
	char			*path;
	struct item		*v;
	size_t			 n, next;
	size_t			 next_command;	/* the first command from next, or n */
	char			*warning;	/* what was wrong at its end, or NULL */
	int64_t			 end_ns;	/* the last line's time */
	struct lab		*lab;
	struct loop_timer	*timer;
	bool			 playing;
	int64_t			 at_ns;		/* where it is, in the recording's time */
	int64_t			 base_ns;	/* playing: now_ns() at its time at_ns */
	int			 chapter;
	char			*chapter_title;
	bool			 sampled;	/* a frontend keeps samples of what it shows */
};

static const struct desc_node *
field(const struct desc *d, const char *name, enum desc_type type)
{
	const struct desc_node	*n = desc_find_child(d->root, name);

	return n != NULL && n->type == type ? n : NULL;
}

/* A snapshot line's tree as a snapshot (its time in the recording left
 * out), or NULL with *why. */
static struct snapshot *
snapshot_line(const struct desc *doc, char **why)
{
	struct desc		*d = desc_new();
	const struct desc_node	*c;

	for (c = doc->root->first; c != NULL; c = c->next) {
		if (c->name == NULL || strcmp(c->name, "at_ns") != 0)
			desc_copy(d, c, c->name);
	}
	return snapshot_of(d, why);
}

/* JSON's "line 1, column 9: ...", for a line of a file: "column 9: ...". */
static void
json_why(char **why)
{
	char	*s = *why;

	if (s != NULL && strncmp(s, "line 1, ", 8) == 0) {
		*why = xstrdup(s + 8);
		free(s);
	}
}

/* One line of a recording read into it, or false with *why. */
static bool
item_read(struct replay *r, const char *line, char **why)
{
	struct item		 it = { 0 };
	const struct desc_node	*n, *f;
	enum record_kind	 kind;

	it.doc = desc_new();
	if (!json_read(it.doc, line, strlen(line), why)) {
		json_why(why);
		goto bad;
	}
	if ((n = field(it.doc, "at_ns", DESC_INT)) == NULL || n->num < 0) {
		*why = xstrdup("no \"at_ns\", the time it happened");
		goto bad;
	}
	it.at_ns = n->num;
	if (r->n > 0 && it.at_ns < r->v[r->n - 1].at_ns) {
		*why = xstrdup("a time earlier than the line before");
		goto bad;
	}
	if ((n = field(it.doc, "command", DESC_TEXT)) != NULL) {
		it.kind = ITEM_COMMAND;
		it.command = n->str;
		it.repeat = field(it.doc, "repeat", DESC_BOOL) != NULL;
	} else if ((n = field(it.doc, "type", DESC_TEXT)) != NULL) {
		it.kind = ITEM_RECORD;
		it.timed = field(it.doc, "timeline", DESC_BOOL) == NULL;
		if (!record_kind_of(n->str, &kind) || field(it.doc, "text", DESC_TEXT) == NULL) {
			*why = xasprintf("a record of no kind this program knows ('%s'), or "
			    "without its text", word_short(n->str));
			goto bad;
		}
		if ((f = field(it.doc, "flow", DESC_TEXT)) != NULL &&
		    !timeline_flow_of(f->str, &it.flow))
			it.flow = FLOW_NONE;
	} else if ((n = field(it.doc, "format", DESC_TEXT)) != NULL &&
	    strcmp(n->str, SNAPSHOT_FORMAT) == 0) {
		struct snapshot	*snap;

		/* Checked now, kept as text: read whole, a long recording's
		 * snapshots would take many times the file's size. */
		if ((snap = snapshot_line(it.doc, why)) == NULL)
			goto bad;
		snapshot_free(&snap);
		it.kind = ITEM_SNAPSHOT;
		desc_free(&it.doc);
		it.text = xstrdup(line);
	} else if (field(it.doc, "end", DESC_BOOL) != NULL)
		it.kind = ITEM_END;
	else {
		*why = xstrdup("neither a command, a record, a snapshot nor the end");
		goto bad;
	}
	if (r->n % 256 == 0)
		r->v = xreallocarray(r->v, r->n + 256, sizeof *r->v);
	r->v[r->n++] = it;
	return true;
bad:
	desc_free(&it.doc);
	return false;
}

/* The header: this program's format, a version it reads. */
static bool
header_read(const char *line, char **why)
{
	struct desc		*d = desc_new();
	const struct desc_node	*n;
	bool			 ok = false;

	if (!json_read(d, line, strlen(line), why))
		;
	else if ((n = field(d, "format", DESC_TEXT)) == NULL ||
	    strcmp(n->str, RECORDING_FORMAT) != 0)
		*why = xstrdup("not a recording (ipcscope --record FILE makes one)");
	else if ((n = field(d, "version", DESC_INT)) == NULL || n->num < 1 ||
	    n->num > RECORDING_VERSION)
		*why = xasprintf("a recording of a version this program does not read "
		    "(it reads %d)", RECORDING_VERSION);
	else
		ok = true;
	desc_free(&d);
	return ok;
}

/* The next line run that is a step of its own (not a repeat's). */
static void
next_command_find(struct replay *r)
{
	size_t	 i;

	for (i = r->next; i < r->n; i++) {
		if (r->v[i].kind == ITEM_COMMAND && !r->v[i].repeat)
			break;
	}
	r->next_command = i;
}

struct replay *
replay_load(const char *path, char **cause)
{
	struct replay	*r;
	struct buf	 b;
	char		**lines = NULL, *why = NULL;
	size_t		 i;
	bool		 whole;

	buf_init(&b);
	if (!read_file(path, &b)) {
		*cause = xasprintf("%s: %s", path, errno_str(errno));
		buf_free(&b);
		return NULL;
	}
	/* A file that does not end with a newline was cut short (a crash, a
	 * full disk): its last line may be a part of one. */
	whole = b.len == 0 || b.data[b.len - 1] == '\n';
	lines = lines_split(b.data, b.len);
	buf_free(&b);
	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	if (lines[0] == NULL || !header_read(lines[0], &why)) {
		*cause = xasprintf("%s: line 1: %s", path, why != NULL ? why : "empty");
		goto bad;
	}
	for (i = 1; lines[i] != NULL; i++) {
		if (lines[i][0] == '\0' || item_read(r, lines[i], &why))
			continue;
		if (!whole && lines[i + 1] == NULL) {
			r->warning = xasprintf("%s: line %zu is cut short (%s): played up to the "
			    "line before it", path, i + 1, why);
			freep(&why);
			break;
		}
		*cause = xasprintf("%s: line %zu: %s", path, i + 1, why);
		goto bad;
	}
	for (i = 0; i < r->n && r->v[i].kind != ITEM_SNAPSHOT; i++)
		;
	if (i == r->n) {
		*cause = xasprintf("%s: no snapshot of the lab in it (a recording begins "
		    "with one): not a whole recording", path);
		goto bad;
	}
	if (r->n > 0)
		r->end_ns = r->v[r->n - 1].at_ns;
	next_command_find(r);
	lines_free(&lines);
	return r;
bad:
	free(why);
	lines_free(&lines);
	replay_free(&r);
	return NULL;
}

const char *
replay_warning(const struct replay *r)
{
	return r->warning;
}

/* A record line made a record again: its fields typed as they were. */
static void
feed_record(struct replay *r, const struct item *it)
{
	const struct desc_node	*fields = desc_find_child(it->doc->root, "fields");
	const struct desc_node	*types = field(it->doc, "types", DESC_TEXT), *c, *who;
	struct record		 rec = { 0 };
	struct desc		*d = NULL;

	record_kind_of(field(it->doc, "type", DESC_TEXT)->str, &rec.kind);
	who = field(it->doc, "who", DESC_TEXT);
	rec.who = who != NULL ? who->str : NULL;
	rec.text = field(it->doc, "text", DESC_TEXT)->str;
	rec.level = field(it->doc, "error", DESC_BOOL) != NULL ? REC_ERROR : REC_INFO;
	rec.time_ns = it->at_ns;
	if (fields != NULL && fields->type == DESC_GROUP) {
		d = desc_new();
		for (c = fields->first; c != NULL; c = c->next)
			desc_copy(d, c, c->name);
		if (types != NULL)
			desc_apply_types(d, d->root, types->str);
	}
	if (rec.kind == RECORD_CHAPTER && d != NULL) {
		const struct desc_node *num = desc_find_child(d->root, "number"),
		    *title = desc_find_child(d->root, "title");

		r->chapter = num != NULL && num->type == DESC_INT ? (int)num->num : r->chapter + 1;
		free(r->chapter_title);
		r->chapter_title = title != NULL && title->str != NULL ? xstrdup(title->str) : NULL;
	}
	lab_record_again(r->lab, &rec, d, it->flow, it->timed);
}

/* A snapshot line shown in the panes, as load shows one, but quietly: the
 * replay's status says what it is. */
/* A snapshot line shown in the panes, as load shows one, but quietly: the
 * replay's status says what it is. The ones before go once no sample
 * points into them. */
static void
feed_snapshot(struct replay *r, const struct item *it)
{
	struct desc	*doc = desc_new();
	struct snapshot	*s = NULL;
	char		*why = NULL;

	if (json_read(doc, it->text, strlen(it->text), &why))
		s = snapshot_line(doc, &why);
	desc_free(&doc);
	if (s == NULL) {
		/* Checked as it was read: not to happen. */
		fatal("%s: a snapshot at %.3f s is not one: %s", r->path,
		    (double)it->at_ns / NS_PER_S, why);
	}
	s->path = xstrdup(r->path);
	s->events = true;
	s->older = r->lab->snapshot;
	r->lab->snapshot = s;
	/* Nothing holds a sample of the ones before (the full screen says
	 * when its samples have moved on: replay_prune). */
	if (!r->sampled)
		replay_prune(r);
	lab_changed(r->lab);
}

static void
feed(struct replay *r)
{
	const struct item	*it = &r->v[r->next++];

	r->at_ns = it->at_ns;
	switch (it->kind) {
	case ITEM_RECORD:
		feed_record(r, it);
		break;
	case ITEM_SNAPSHOT:
		feed_snapshot(r, it);
		break;
	case ITEM_COMMAND:
	case ITEM_END:
		lab_changed(r->lab);	/* the next line to show */
		break;
	}
	if (r->next_command < r->next)
		next_command_find(r);
}

/* When the next line is due, playing: its time after the one before,
 * a pause longer than REPLAY_IDLE_NS cut to it. */
static int64_t
next_due(const struct replay *r)
{
	int64_t	 gap = r->v[r->next].at_ns - r->at_ns;

	return r->base_ns + (gap < REPLAY_IDLE_NS ? gap : REPLAY_IDLE_NS);
}

/* Playing: what is due now, and the timer for what comes next. */
static void
replay_due(void *arg)
{
	struct replay	*r = arg;
	int64_t		 now = now_ns();

	/* Late by more than a pause is played (stopped with Ctrl-Z, say):
	 * go on from here, not everything due since at once. */
	if (r->playing && r->next < r->n && now - next_due(r) > REPLAY_IDLE_NS)
		r->base_ns += now - next_due(r);
	while (r->playing && r->next < r->n && next_due(r) <= now) {
		r->base_ns = next_due(r);
		feed(r);
	}
	if (r->next >= r->n && r->playing) {
		r->playing = false;
		lab_changed(r->lab);
	}
	if (r->playing)
		loop_timer_at(r->timer, next_due(r));
}

void
replay_prune(struct replay *r)
{
	if (r->lab != NULL && r->lab->snapshot != NULL)
		snapshot_free(&r->lab->snapshot->older);
}

void
replay_start(struct replay *r, struct lab *lab, struct loop *loop, bool play, bool sampled)
{
	bool	 shown = false;

	r->lab = lab;
	r->sampled = sampled;
	r->timer = loop_timer_new(loop, replay_due, r);
	/* The lab as the recording began, at once. */
	while (r->next < r->n && !shown) {
		shown = r->v[r->next].kind == ITEM_SNAPSHOT;
		feed(r);
	}
	replay_play(r, play);
}

void
replay_play(struct replay *r, bool play)
{
	r->playing = play && r->next < r->n;
	if (r->playing) {
		r->base_ns = now_ns();
		replay_due(r);
	} else if (r->timer != NULL)
		loop_timer_at(r->timer, 0);
}

bool
replay_step(struct replay *r)
{
	bool	 seen = false;

	replay_play(r, false);
	if (r->next >= r->n)
		return false;
	while (r->next < r->n) {
		if (r->v[r->next].kind == ITEM_COMMAND && !r->v[r->next].repeat) {
			if (seen)
				break;
			seen = true;
		}
		feed(r);
	}
	return true;
}

bool
replay_chapter(struct replay *r)
{
	const struct item	*it;
	const struct desc_node	*type;

	replay_play(r, false);
	while (r->next < r->n) {
		it = &r->v[r->next];
		type = it->kind == ITEM_RECORD ? field(it->doc, "type", DESC_TEXT) : NULL;
		feed(r);
		if (type != NULL && strcmp(type->str, "chapter") == 0)
			return true;
	}
	return false;
}

void
replay_rest(struct replay *r)
{
	replay_play(r, false);
	while (r->next < r->n)
		feed(r);
}

void
replay_whole(struct replay *r, struct lab *lab, struct loop *loop)
{
	replay_start(r, lab, loop, false, false);
	replay_rest(r);
}

bool
replay_playing(const struct replay *r)
{
	return r->playing;
}

bool
replay_done(const struct replay *r)
{
	return r->next >= r->n;
}

const char *
replay_next_command(const struct replay *r)
{
	return r->next_command < r->n ? r->v[r->next_command].command : NULL;
}

int
replay_chapter_now(const struct replay *r, const char **title)
{
	*title = r->chapter_title;
	return r->chapter;
}

void
replay_add_status(struct buf *b, const struct replay *r)
{
	const char	*base = strrchr(r->path, '/');

	buf_printf(b, "replay of %s: %.1f s of %.1f s, %s", base != NULL ? base + 1 : r->path,
	    (double)r->at_ns / NS_PER_S, (double)r->end_ns / NS_PER_S,
	    r->next >= r->n ? "ended" : r->playing ? "playing" : "held");
}

void
replay_free(struct replay **rp)
{
	struct replay	*r = *rp;
	size_t		 i;

	if (r == NULL)
		return;
	loop_timer_free(&r->timer);
	for (i = 0; i < r->n; i++) {
		desc_free(&r->v[i].doc);
		free(r->v[i].text);
	}
	free(r->v);
	free(r->warning);
	free(r->chapter_title);
	free(r->path);
	free(r);
	*rp = NULL;
}
