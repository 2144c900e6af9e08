/* cmd_script.c: lab verbs for scripts told to an audience: say (narration,
 * a caption), chapter (a part that can be found again) and source (a
 * file's lines run next, as if typed). The session runs what they leave
 * in the command's context (session.c). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lab.h"
#include "session.h"

#define REPEAT_MAX	1000

static enum cmd_status
run_say(struct cmd_ctx *ctx)
{
	const struct arg	*text = cmd_arg(ctx->cmd, "TEXT");

	lab_record(ctx->lab, RECORD_SAY, NULL, REC_INFO, NULL, "%s",
	    text->present ? text->str : "");
	return CMD_DONE;
}

static const struct arg_spec say_args[] = {
	{ "TEXT", ARG_TEXT, ARG_OPTIONAL, NULL, "what to tell the audience (none: the caption goes)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_say = {
	.name = "say",
	.scope = CMD_LAB,
	.args = say_args,
	.summary = "narrate: show a caption to the audience (and log it)",
	.help = "The full screen shows TEXT as a caption above the command line, "
	    "in bold and framed, to be read from the back of a room, until the next "
	    "say or chapter (say alone takes it away); the log and batch output "
	    "have it as a line of its own (JSON type say). "
	    "A lesson tells its story with say, and checks it with expect.",
	.example = "say \"Bytes go in at one end and come out at the other, in order.\"",
	.run = run_say,
	.reads_only = true,
};

static enum cmd_status
run_chapter(struct cmd_ctx *ctx)
{
	const struct arg	*title = cmd_arg(ctx->cmd, "TITLE");

	ctx->chapter = xstrdup(title->str);
	return CMD_DONE;
}

static const struct arg_spec chapter_args[] = {
	{ "TITLE", ARG_TEXT, 0, NULL, "the chapter's title" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_chapter = {
	.name = "chapter",
	.scope = CMD_LAB,
	.args = chapter_args,
	.summary = "begin a script's next chapter, numbered from 1",
	.help = "Chapters divide a script or a lesson into parts: each is "
	    "numbered in order, shown as a caption and in the log (\"== chapter 2: "
	    "TITLE ==\"; JSON type chapter, with its number and title).",
	.example = "chapter \"Who blocks, and who can wake it\"",
	.run = run_chapter,
	.reads_only = true,
};

/* Where a script named in a script is: beside the script that names it,
 * if it is there (a lesson's parts, wherever the lessons are), else as
 * named (from the directory ipcscope started in). */
static char *
script_path(const struct cmd_ctx *ctx, const char *file)
{
	const char	*slash;
	char		*near;

	if (file[0] == '/' || ctx->at_source == NULL || strcmp(ctx->at_source, "stdin") == 0 ||
	    (slash = strrchr(ctx->at_source, '/')) == NULL)
		return xstrdup(file);
	near = xasprintf("%.*s/%s", (int)(slash - ctx->at_source), ctx->at_source, file);
	if (access(near, R_OK) == 0)
		return near;
	free(near);
	return xstrdup(file);
}

static enum cmd_status
run_source(struct cmd_ctx *ctx)
{
	const struct arg	*file = cmd_arg(ctx->cmd, "FILE");
	char			*path;

	if (ctx->depth >= SESSION_SOURCE_DEPTH) {
		ctx->cause = xasprintf("source nests more than %d files deep (does a file "
		    "source itself?)", SESSION_SOURCE_DEPTH);
		ctx->column = file->column;
		return CMD_ERROR;
	}
	path = script_path(ctx, file->str);
	if ((ctx->src_lines = read_lines(path)) == NULL) {
		ctx->cause = xasprintf("cannot read %s: %s", word_short(file->str),
		    strerror(errno));
		ctx->column = file->column;
		free(path);
		return CMD_ERROR;
	}
	ctx->src_from = path;
	return CMD_DONE;
}

static const struct arg_spec source_args[] = {
	{ "FILE", ARG_WORD, 0, NULL, "a script: commands, one a line" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_source = {
	.name = "source",
	.scope = CMD_LAB,
	.args = source_args,
	.summary = "run the commands in FILE next, one after another, as if typed",
	.help = "Each line of FILE runs in turn, each once the one before is done "
	    "(an actor's call settled, a wait or sleep over); then what came after "
	    "source. An error names FILE and its line. A relative FILE named in a "
	    "script is looked for beside that script first (a lesson's parts), "
	    "then from the directory ipcscope started in. A file may source another, "
	    "16 deep at most. In the full screen, Escape stops the command running "
	    "and the rest of the file; so do Ctrl-C at the plain command line, and "
	    "quit or a require that does not hold.",
	.example = "source setup.isc",
	.run = run_source,
	.reads_only = true,
};

static enum cmd_status
run_ask(struct cmd_ctx *ctx)
{
	const struct arg	*q = cmd_arg(ctx->cmd, "QUESTION");

	lab_record(ctx->lab, RECORD_ASK, NULL, REC_INFO, NULL, "Question: %s", q->str);
	ctx->asked = true;
	return CMD_DONE;
}

static const struct arg_spec ask_args[] = {
	{ "QUESTION", ARG_TEXT, 0, NULL, "what the audience is to predict" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_ask = {
	.name = "ask",
	.scope = CMD_LAB,
	.args = ask_args,
	.summary = "predict, then reveal: ask the audience, and wait for a key",
	.help = "The full screen shows QUESTION as the caption and holds the "
	    "script, whatever its pace, until Space: the audience predicts, then "
	    "the next step runs and the caption shows its answer, the kernel's, "
	    "under the question. In batch output it is a line of its own (JSON "
	    "type ask), and the script goes on.",
	.example = "ask \"B reads before anyone writes: what happens to B?\"",
	.run = run_ask,
	.reads_only = true,
};

static const struct arg_choice pace_choices[] = {
	{ "run", PACE_RUN },
	{ "step", PACE_STEP },
	{ "chapter", PACE_CHAPTER },
	{ "play", PACE_PLAY },
	{ NULL, 0 },
};

static enum cmd_status
run_pace(struct cmd_ctx *ctx)
{
	const struct arg	*how = cmd_arg(ctx->cmd, "HOW");
	const struct arg	*every = cmd_arg(ctx->cmd, "DURATION");

	if (every->present && how->num != PACE_PLAY) {
		ctx->cause = xstrdup("only play takes a time between steps");
		ctx->column = every->column;
		return CMD_ERROR;
	}
	ctx->pace_set = true;
	ctx->pace = (int)how->num;
	ctx->pace_ns = every->present ? every->num : 0;
	return CMD_DONE;
}

static const struct arg_spec pace_args[] = {
	{ "HOW", ARG_CHOICE, 0, pace_choices, "run (every line at once), step (a step a key), "
	    "chapter (to the next chapter a key) or play (a step every DURATION)" },
	{ "DURATION", ARG_DURATION, ARG_OPTIONAL, NULL, "play's time between steps (default 3s)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_pace = {
	.name = "pace",
	.scope = CMD_LAB,
	.args = pace_args,
	.summary = "how a script goes in the full screen: run, step, chapter or play",
	.help = "In the full screen a script (a lesson, -s FILE, source FILE) can "
	    "be held between steps: a step is a line with the expect and wait "
	    "lines after it, and a chapter line goes with the line after it. run "
	    "holds nothing (the default, but for a lesson); step holds before "
	    "each step until Space; chapter runs on to the next chapter line, "
	    "then holds until ]; play lets a step go every DURATION. Space, ] and "
	    "p set the pace too. The line about to run is shown under the "
	    "caption while it waits. Batch and the plain command line run every "
	    "line at once.",
	.example = "pace play 2s",
	.run = run_pace,
	.reads_only = true,
};

static enum cmd_status
run_tally(struct cmd_ctx *ctx)
{
	const struct arg	*name = cmd_arg(ctx->cmd, "NAME");
	const struct arg	*field = cmd_arg(ctx->cmd, "FIELD");
	const struct desc_node	*n;
	struct desc		*d = desc_new(), *rd;
	struct buf		 value;

	if (!lab_describe(ctx->lab, name->str, d, &ctx->cause)) {
		ctx->column = name->column;
		desc_free(&d);
		return CMD_ERROR;
	}
	if ((n = desc_find(d, field->str)) == NULL) {
		cmd_no_field(ctx, name, field, d);
		desc_free(&d);
		return CMD_ERROR;
	}
	buf_init(&value);
	/* A quantity counts as its number (a gauge as what it holds), so
	 * that many of them fall into ranges. */
	switch (n->type) {
	case DESC_INT:
		if (n->is_unsigned)
			buf_printf(&value, "%llu", (unsigned long long)(uint64_t)n->num);
		else
			buf_printf(&value, "%lld", (long long)n->num);
		break;
	case DESC_SIZE:
	case DESC_DURATION:
	case DESC_GAUGE:
		buf_printf(&value, "%lld", (long long)n->num);
		break;
	default:
		desc_add_value(&value, n);
		break;
	}
	ctx->tally_of = xasprintf("%s %s", name->str, field->str);
	ctx->tally_value = xstrdup(value.data != NULL ? value.data : "");
	rd = desc_new();
	desc_string(rd, "of", ctx->tally_of);
	desc_string(rd, "value", ctx->tally_value);
	lab_record(ctx->lab, RECORD_TALLY, name->str, REC_INFO, rd, "tally %s: %s", ctx->tally_of,
	    ctx->tally_value);
	buf_free(&value);
	desc_free(&d);
	return CMD_DONE;
}

static const struct arg_spec tally_args[] = {
	{ "NAME", ARG_REF, 0, NULL, "an actor, thread or object" },
	{ "FIELD", ARG_FIELD, 0, NULL, "a field as show prints it: last.ret, queued" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_tally = {
	.name = "tally",
	.scope = CMD_LAB,
	.args = tally_args,
	.summary = "count a field's value now, for the histogram at a repeat's end",
	.help = "Takes FIELD of NAME as show prints it (as expect reads it; a "
	    "size, a duration or a gauge as its number: bytes, nanoseconds, what "
	    "it holds) and counts it. At the end of a repeat, each field tallied in its runs is "
	    "shown as a histogram: each value with how often it came, or, for "
	    "numbers of more than 8 values, at most 8 ranges of equal width; a bar of # "
	    "each, in the log and, in the full screen, in a view of its own. "
	    "Outside a repeat the value is only logged.",
	.example = "tally A last.ret",
	.run = run_tally,
	.reads_only = true,
};

static enum cmd_status
run_repeat(struct cmd_ctx *ctx)
{
	const struct arg	*times = cmd_arg(ctx->cmd, "N");
	enum cmd_status		 st;

	if (times->num < 1 || times->num > REPEAT_MAX) {
		ctx->cause = xasprintf("N is from 1 to %d, not %lld", REPEAT_MAX,
		    (long long)times->num);
		ctx->column = times->column;
		return CMD_ERROR;
	}
	if (ctx->repeating) {
		ctx->cause = xstrdup("a repeat does not run within a repeat");
		return CMD_ERROR;
	}
	if ((st = run_source(ctx)) == CMD_DONE)
		ctx->repeat = (int)times->num;
	return st;
}

static const struct arg_spec repeat_args[] = {
	{ "N", ARG_INT, 0, NULL, "how many times, 1 to 1000" },
	{ "FILE", ARG_WORD, 0, NULL, "a script to run each time" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_repeat = {
	.name = "repeat",
	.scope = CMD_LAB,
	.args = repeat_args,
	.summary = "run FILE N times, then show what its tally lines counted",
	.help = "Runs the commands in FILE N times over, as source would, and at "
	    "the end shows a histogram of every value its tally lines counted: a "
	    "race run many times, and how many updates it lost each time; the "
	    "order in which messages came. In the full screen the runs are one "
	    "step, and the histograms open in a view of their own (Escape closes "
	    "it). Its JSON (type tally) has runs, file and tallies, each with of "
	    "and values (value, or from and to, and count).",
	.example = "repeat 20 race.isc",
	.run = run_repeat,
	.reads_only = true,
};

const struct cmd_entry *const cmd_script_verbs[] = {
	&cmd_say,
	&cmd_chapter,
	&cmd_ask,
	&cmd_pace,
	&cmd_source,
	&cmd_repeat,
	&cmd_tally,
	NULL,
};
