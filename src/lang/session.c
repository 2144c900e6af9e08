/* session.c: running lines of the command language one after another. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "lab.h"
#include "session.h"
#include "tally.h"

void
session_init(struct session *s, struct lab *lab, const char *source, bool sync)
{
	memset(s, 0, sizeof *s);
	s->lab = lab;
	s->source = source;
	s->sync = sync;
	s->play_ns = SESSION_PLAY_NS;
}

static void
session_error(struct session *s, const char *line, int column, const char *message)
{
	struct desc	*d;
	struct buf	 where;

	d = desc_new();
	desc_string(d, "message", message);
	buf_init(&where);
	if (s->made) {
		buf_printf(&where, "%s: ", line);
		column = 0;
	} else if (s->at_source != NULL) {
		buf_printf(&where, "%s:%d:", s->at_source, s->at_lineno);
		desc_string(d, "source", s->at_source);
		desc_int(d, "line", s->at_lineno);
		if (column > 0)
			buf_printf(&where, "%d:", column);
		buf_addc(&where, ' ');
	} else if (column > 0)
		buf_printf(&where, "column %d: ", column);
	if (column > 0)
		desc_int(d, "column", column);
	lab_record(s->lab, RECORD_ERROR, NULL, REC_ERROR, d, "%s%s", where.data != NULL ? where.data : "",
	    message);
	buf_free(&where);
}

static void
tallies_free(struct session *s)
{
	size_t	 i, k;

	for (i = 0; i < s->ntallies; i++) {
		for (k = 0; k < s->tallies[i].n; k++)
			free(s->tallies[i].values[k]);
		free(s->tallies[i].values);
		free(s->tallies[i].of);
	}
	freep(&s->tallies);
	s->ntallies = 0;
}

static void
tally_add(struct session *s, const char *of, const char *value)
{
	struct session_tally	*t;
	size_t			 i;

	for (i = 0; i < s->ntallies && strcmp(s->tallies[i].of, of) != 0; i++)
		;
	if (i == s->ntallies) {
		s->tallies = xreallocarray(s->tallies, s->ntallies + 1, sizeof *s->tallies);
		t = &s->tallies[s->ntallies++];
		memset(t, 0, sizeof *t);
		t->of = xstrdup(of);
	}
	t = &s->tallies[i];
	t->values = xreallocarray(t->values, t->n + 1, sizeof *t->values);
	t->values[t->n++] = xstrdup(value);
}

/* A repeat's end: what its runs counted, as histograms. */
static void
tallies_report(struct session *s, const struct session_frame *f)
{
	struct buf	 b;
	struct desc	*d = desc_new();
	size_t		 i;

	buf_init(&b);
	buf_printf(&b, "repeat %d %s: %d run%s", f->repeat, f->name, f->repeat,
	    f->repeat == 1 ? "" : "s");
	desc_int(d, "runs", f->repeat);
	desc_string(d, "file", f->name);
	desc_list(d, "tallies");
	if (s->ntallies == 0)
		buf_adds(&b, ", nothing tallied (tally NAME FIELD counts a value)");
	buf_addc(&b, '\n');
	for (i = 0; i < s->ntallies; i++)
		tally_histogram(&b, d, s->tallies[i].of, s->tallies[i].values, s->tallies[i].n);
	desc_close(d);
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	lab_record(s->lab, RECORD_TALLY, NULL, REC_INFO, d, "%s", b.data);
	buf_free(&b);
	tallies_free(s);
}

/* A repeat's runs are one step: none of their lines is held. */
static bool
in_repeat(const struct session *s)
{
	size_t	 i;

	for (i = 0; i < s->nframes; i++) {
		if (s->frames[i].repeat > 0)
			return true;
	}
	return false;
}

/* What the steps of a script had: nothing held over to the next one. */
static void
steps_clear(struct session *s)
{
	s->go = s->asked = s->chained = false;
	s->forwarding = false;
}

static void
frames_drop(struct session *s)
{
	tallies_free(s);
	steps_clear(s);
	while (s->nframes > 0) {
		s->nframes--;
		lines_free(&s->frames[s->nframes].text);
		free(s->frames[s->nframes].name);
	}
	freep(&s->frames);
}

static char **
lines_dup(char **lines)
{
	char	**copy;
	size_t	 n = 0, i;

	while (lines[n] != NULL)
		n++;
	copy = xcalloc(n + 1, sizeof *copy);
	for (i = 0; i < n; i++)
		copy[i] = xstrdup(lines[i]);
	return copy;
}

static void
outer_drop(struct session *s)
{
	lines_free(&s->outer.text);
	freep(&s->outer.name);
	s->outer.repeat = 0;
	s->chapter_line = 0;
	s->forwarding = false;
}

/* A file's lines to run next (taken over, as its name); the first of a
 * script is kept whole too, to be run again (session_restart). */
static void
frame_push(struct session *s, char **lines, char *name)
{
	struct session_frame	*f;

	if (s->nframes == 0 && !s->forwarding) {
		outer_drop(s);
		s->outer.text = lines_dup(lines);
		s->outer.name = xstrdup(name);
	}
	s->frames = xreallocarray(s->frames, s->nframes + 1, sizeof *s->frames);
	f = &s->frames[s->nframes++];
	f->text = lines;
	f->next = 0;
	f->name = name;
	f->lineno = 0;
	f->repeat = 0;
	f->run = 0;
}

/* What a command left for the script: a chapter begun, a file's lines
 * to run next, a pace, a question asked. */
static void
script_take(struct session *s)
{
	struct desc		*d;

	if (s->ctx.chapter != NULL) {
		s->chapter++;
		free(s->chapter_title);
		s->chapter_title = xstrdup(s->ctx.chapter);
		d = desc_new();
		desc_int(d, "number", s->chapter);
		desc_string(d, "title", s->ctx.chapter);
		lab_record(s->lab, RECORD_CHAPTER, NULL, REC_INFO, d, "== chapter %d: %s ==", s->chapter,
		    s->ctx.chapter);
	}
	if (s->ctx.src_lines != NULL) {
		frame_push(s, s->ctx.src_lines, s->ctx.src_from);
		s->ctx.src_lines = NULL;
		s->ctx.src_from = NULL;
		if (s->ctx.repeat > 0) {
			s->frames[s->nframes - 1].repeat = s->ctx.repeat;
			s->frames[s->nframes - 1].run = 1;
			if (s->nframes == 1 && !s->forwarding)
				s->outer.repeat = s->ctx.repeat;
		}
	}
	if (s->ctx.tally_of != NULL && s->ctx.repeating)
		tally_add(s, s->ctx.tally_of, s->ctx.tally_value);
	if (s->ctx.pace_set) {
		s->pace = (enum session_pace)s->ctx.pace;
		if (s->ctx.pace_ns > 0)
			s->play_ns = s->ctx.pace_ns;
	}
	if (s->ctx.asked && !s->forwarding)
		s->asked = true;
}

static void
session_finish(struct session *s, enum cmd_status r)
{
	if (s->ctx.skip)
		s->skipped = true;
	if (s->ctx.quit)
		s->quit = true;
	/* A script that ends ends the files it sourced: quit, or a require
	 * that does not hold in one of them (typed, it only says so). */
	if (s->ctx.quit || (s->ctx.skip && s->from_frame))
		frames_drop(s);
	else if (r != CMD_ERROR)
		script_take(s);
	if (r == CMD_ERROR) {
		session_error(s, s->cmd->line, s->ctx.column, s->ctx.cause != NULL ? s->ctx.cause : "failed");
		if (s->ctx.failed)
			s->failures++;
		else
			s->errors++;
	} else if (s->ctx.failed)
		s->failures++;
	cmd_ctx_clear(&s->ctx);
	cmd_free(&s->cmd);
}

/* Who hears each line run (session_hear), or NULL. */
static session_heard_fn	 heard;
static void		*heard_arg;

void
session_hear(session_heard_fn fn, void *arg)
{
	heard = fn;
	heard_arg = arg;
}

static void
run_line(struct session *s, const char *line, size_t len)
{
	enum cmd_status	 r;
	char		*cause;
	int		 column;

	if (s->cmd != NULL)
		fatal("a line was given while a command runs");
	s->cmd = cmd_parse_lab(s->lab, line, len, &cause, &column);
	if (heard != NULL && (s->cmd != NULL || cause != NULL)) {
		char *text = xstrndup(line, len);

		heard(heard_arg, text, s->at_source, s->at_lineno, in_repeat(s));
		free(text);
	}
	if (s->cmd == NULL) {
		if (cause != NULL) {
			char *text = xstrndup(line, len);

			session_error(s, text, column, cause);
			free(text);
			s->errors++;
			free(cause);
		}
		return;
	}
	if (s->trace)
		lab_record(s->lab, RECORD_ECHO, NULL, REC_INFO, NULL, "+ %s", s->cmd->line);
	memset(&s->ctx, 0, sizeof s->ctx);
	s->ctx.lab = s->lab;
	s->ctx.cmd = s->cmd;
	s->ctx.sync = s->sync;
	s->ctx.depth = s->nframes;
	s->ctx.repeating = in_repeat(s);
	s->ctx.at_source = s->at_source;
	r = cmd_run(&s->ctx);
	if (r != CMD_PENDING)
		session_finish(s, r);
}

void
session_line(struct session *s, const char *line, size_t len)
{
	s->from_frame = false;
	s->lineno++;
	s->at_source = s->source;
	s->at_lineno = s->lineno;
	run_line(s, line, len);
}

/* A line that runs nothing: blank, or a comment. */
static bool
line_empty(const char *line)
{
	line += strspn(line, " \t");
	return *line == '\0' || *line == '#';
}

/* Whether line's first word is word. */
static bool
line_verb(const char *line, const char *word)
{
	size_t	 n = strlen(word);

	line += strspn(line, " \t");
	return strncmp(line, word, n) == 0 && (line[n] == '\0' || line[n] == ' ' ||
	    line[n] == '\t');
}

/* The next line a script would run, comments passed over, and its frame
 * (NULL if none). */
static const char *
next_line(const struct session *s, size_t *frame)
{
	const struct session_frame	*f;
	size_t				 i, at;

	for (i = s->nframes; i > 0; i--) {
		f = &s->frames[i - 1];
		for (at = f->next; f->text[at] != NULL; at++) {
			if (!line_empty(f->text[at])) {
				if (frame != NULL)
					*frame = i - 1;
				return f->text[at];
			}
		}
	}
	return NULL;
}

/* Why line, the next, would wait now. */
static enum session_hold
hold_for(const struct session *s, const char *line)
{
	if (!s->can_hold || s->forwarding || s->go || s->chained || in_repeat(s))
		return HOLD_NONE;
	/* A check and a wait go with the step before them. */
	if (line_verb(line, "expect") || line_verb(line, "wait"))
		return HOLD_NONE;
	if (s->asked)
		return HOLD_ASK;
	switch (s->pace) {
	case PACE_STEP:
	case PACE_PLAY:
		return HOLD_STEP;
	case PACE_CHAPTER:
		return line_verb(line, "chapter") ? HOLD_STEP : HOLD_NONE;
	case PACE_RUN:
		break;
	}
	return HOLD_NONE;
}

enum session_hold
session_held(const struct session *s)
{
	const char	*line = next_line(s, NULL);

	return line == NULL ? HOLD_NONE : hold_for(s, line);
}

const char *
session_next_line(const struct session *s)
{
	return next_line(s, NULL);
}

void
session_go(struct session *s, enum session_pace pace)
{
	s->pace = pace;
	s->go = true;
}

bool
session_feed(struct session *s)
{
	struct session_frame	*f;
	const char		*line;
	bool			 step;

	while (s->nframes > 0) {
		f = &s->frames[s->nframes - 1];
		if ((line = f->text[f->next]) == NULL && f->run < f->repeat) {
			f->run++;
			f->next = 0;
			f->lineno = 0;
			continue;
		}
		if (line == NULL) {
			if (f->repeat > 0)
				tallies_report(s, f);
			lines_free(&f->text);
			free(f->name);
			s->nframes--;
			/* A script's end: nothing of its steps carries over. */
			if (s->nframes == 0)
				steps_clear(s);
			continue;
		}
		if (s->forwarding && s->nframes == 1 && f->next >= s->forward_to)
			s->forwarding = false;
		if (!line_empty(line) && hold_for(s, line) != HOLD_NONE)
			return false;
		f->lineno++;
		f->next++;
		if (line_empty(line))
			continue;
		s->at_source = f->name;
		s->at_lineno = f->lineno;
		/* A line that starts a step takes the go it was given. */
		step = !line_verb(line, "expect") && !line_verb(line, "wait");
		if (step && !s->chained) {
			s->go = false;
			s->asked = false;
		}
		s->chained = line_verb(line, "chapter");
		if (s->chained && s->nframes == 1)
			s->chapter_line = f->next - 1;
		s->from_frame = true;
		run_line(s, line, strlen(line));
		return true;
	}
	return false;
}

bool
session_source(struct session *s, const char *path, char **cause)
{
	char	**lines;

	if ((lines = read_lines(path)) == NULL) {
		*cause = xasprintf("cannot read %s: %s", word_short(path), strerror(errno));
		return false;
	}
	frame_push(s, lines, xstrdup(path));
	return true;
}

bool
session_restart(struct session *s, char **cause)
{
	if (s->outer.text == NULL) {
		*cause = xstrdup("no script to run again: a lesson, -s FILE or source FILE starts one");
		return false;
	}
	session_cancel(s);
	frames_drop(s);
	s->chapter = 0;
	freep(&s->chapter_title);
	s->go = s->asked = s->chained = false;
	s->forwarding = true;
	s->forward_to = s->chapter_line;
	s->frames = xcalloc(1, sizeof *s->frames);
	s->frames[0].text = lines_dup(s->outer.text);
	s->frames[0].name = xstrdup(s->outer.name);
	s->frames[0].repeat = s->outer.repeat;
	s->frames[0].run = s->outer.repeat > 0 ? 1 : 0;
	s->nframes = 1;
	/* It holds where it was, whatever its pace was. */
	if (s->pace == PACE_RUN)
		s->pace = PACE_STEP;
	/* The lab as new, then the script's lines up to its chapter. */
	s->at_source = NULL;
	run_line(s, "reset", 5);
	return true;
}

bool
session_sourcing(const struct session *s)
{
	size_t	 i;

	for (i = 0; i < s->nframes; i++) {
		if (s->frames[i].text[s->frames[i].next] != NULL)
			return true;
	}
	return false;
}

bool
session_busy(const struct session *s)
{
	return s->cmd != NULL;
}

void
session_poll(struct session *s)
{
	enum cmd_status	 r;

	if (s->cmd == NULL)
		return;
	r = cmd_poll(&s->ctx);
	if (r != CMD_PENDING)
		session_finish(s, r);
}

void
session_cancel(struct session *s)
{
	if (s->cmd == NULL)
		return;
	cmd_ctx_clear(&s->ctx);
	cmd_free(&s->cmd);
}

void
session_end(struct session *s)
{
	session_cancel(s);
	frames_drop(s);
	s->go = s->asked = s->chained = false;
	s->forwarding = false;
}

void
session_free(struct session *s)
{
	session_end(s);
	outer_drop(s);
	freep(&s->chapter_title);
}
