/* job.c: commands repeated every so often. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "desc.h"
#include "job.h"
#include "lab.h"
#include "loop.h"
#include "module.h"

/* The jobs module's state: the lab's jobs, and the last number given. */
struct jobs {
	struct job	**v;
	size_t		 n;
	int		 last;
};

static struct jobs *
jobs_of(struct lab *lab)
{
	return lab_module_state(lab, &job_module);
}

size_t
job_count(struct lab *lab)
{
	return jobs_of(lab)->n;
}

struct job *
job_at(struct lab *lab, size_t i)
{
	return jobs_of(lab)->v[i];
}

static void
job_free(struct job *j)
{
	loop_timer_free(&j->timer);
	free(j->line);
	free(j->last_error);
	free(j->ended);
	free(j);
}

void
job_cancel(struct job *j, const char *why)
{
	if (j->ended != NULL)
		return;
	j->ended = xstrdup(why);
	loop_timer_at(j->timer, 0);
	lab_record(j->lab, RECORD_JOB, NULL, REC_INFO, NULL, "job%d ended (%s): every %s",
	    j->id, why, j->line);
}

static void
job_free_all(struct jobs *js)
{
	size_t	 i;

	for (i = 0; i < js->n; i++)
		job_free(js->v[i]);
	freep(&js->v);
	js->n = 0;
}

void
job_describe(struct job *j, struct desc *d)
{
	struct buf	 b;

	buf_init(&b);
	buf_adds(&b, "every ");
	buf_add_duration(&b, j->period);
	buf_printf(&b, " %s: %llu runs, %llu skipped", j->line, (unsigned long long)j->runs,
	    (unsigned long long)j->skips);
	if (j->ended != NULL)
		buf_printf(&b, "; ended (%s)", j->ended);
	desc_word(d, "kind", "job");
	desc_string(d, "summary", b.data);
	buf_free(&b);
	desc_word(d, "state", j->ended != NULL ? "ended" : "running");
	if (j->ended != NULL)
		desc_string(d, "why", j->ended);
	desc_duration(d, "period", j->period);
	desc_string(d, "command", j->line);
	desc_int(d, "runs", (int64_t)j->runs);
	desc_int(d, "skipped", (int64_t)j->skips);
}

static void
job_error(struct job *j, const char *cause)
{
	char	 name[16];

	if (j->last_error != NULL && strcmp(j->last_error, cause) == 0)
		return;		/* said already */
	free(j->last_error);
	j->last_error = xstrdup(cause);
	snprintf(name, sizeof name, "job%d", j->id);
	lab_record(j->lab, RECORD_ERROR, name, REC_ERROR, NULL, "job%d: %s", j->id, cause);
}

enum job_round { ROUND_RAN, ROUND_SKIPPED, ROUND_GONE, ROUND_ENDED, ROUND_REFUSED };

/* One round: run the command once, or skip it, and count it. Every
 * outcome but ROUND_RAN and ROUND_SKIPPED comes with a cause. */
static enum job_round
job_round(struct job *j, char **cause)
{
	struct cmd_ctx	 ctx;
	struct cmd	*cmd;
	struct actor	*a;
	enum job_round	 r = ROUND_RAN;
	char		*busy;
	int		 column;

	*cause = NULL;
	cmd = cmd_parse(j->line, strlen(j->line), cause, &column);
	if (cmd == NULL)
		fatal("a job's line no longer parses: %s", *cause);
	if (cmd->entry->scope == CMD_ACTOR) {
		a = lab_actor(j->lab, cmd->target);
		if (a == NULL) {
			*cause = xasprintf("no actor called %s (spawn %s makes one)", cmd->target,
			    cmd->target);
			r = ROUND_GONE;
		} else if (actor_terminated(a) || (a->is_thread && a->ended)) {
			*cause = xasprintf("%s has ended; it can make no more calls", cmd->target);
			r = ROUND_ENDED;
		}
		if (r != ROUND_RAN) {
			cmd_free(&cmd);
			return r;
		}
		/* Busy or stopped: this round is skipped, as a real loop in a
		 * stopped or blocked program would not run either. */
		if (!actor_can_call(a, &busy)) {
			free(busy);
			cmd_free(&cmd);
			j->skips++;
			return ROUND_SKIPPED;
		}
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.lab = j->lab;
	ctx.cmd = cmd;
	ctx.sync = false;
	if (cmd_run(&ctx) == CMD_ERROR) {
		*cause = ctx.cause != NULL ? ctx.cause : xstrdup("failed");
		ctx.cause = NULL;
		r = ROUND_REFUSED;
	} else
		j->runs++;
	cmd_ctx_clear(&ctx);
	cmd_free(&cmd);
	return r;
}

static void
job_cb(void *arg)
{
	struct job	*j = arg;
	char		*cause;

	loop_timer_at(j->timer, now_ns() + j->period);
	switch (job_round(j, &cause)) {
	case ROUND_RAN:
	case ROUND_SKIPPED:
		break;
	case ROUND_GONE:
		job_cancel(j, "its actor is gone");
		break;
	case ROUND_ENDED:
		job_cancel(j, "its actor has ended");
		break;
	case ROUND_REFUSED:
		job_error(j, cause);
		break;
	}
	free(cause);
}

/* The first round runs before the job exists: a command refused then
 * is refused whole, and leaves no job behind. */
struct job *
job_start(struct lab *lab, int64_t period, const char *line, char **cause)
{
	static const char *const lasting[] = { "wait", "sleep", "every", "quit", "reset" };
	struct jobs	*js = jobs_of(lab);
	struct job	*j;
	struct cmd	*cmd;
	enum job_round	 r;
	int		 column;
	size_t		 i;

	cmd = cmd_parse_lab(lab, line, strlen(line), cause, &column);
	if (cmd == NULL) {
		if (*cause == NULL)
			*cause = xstrdup("every needs a command to repeat: every 1s A write p1 \"x\"");
		return NULL;
	}
	for (i = 0; i < nitems(lasting); i++) {
		if (cmd->entry->scope == CMD_LAB && strcmp(cmd->entry->name, lasting[i]) == 0) {
			*cause = xasprintf("every cannot repeat %s", lasting[i]);
			cmd_free(&cmd);
			return NULL;
		}
	}
	cmd_free(&cmd);

	j = xcalloc(1, sizeof *j);
	j->lab = lab;
	j->line = xstrdup(line);
	j->period = period;
	j->timer = loop_timer_new(lab->loop, job_cb, j);
	r = job_round(j, cause);
	if (r != ROUND_RAN && r != ROUND_SKIPPED) {
		job_free(j);
		return NULL;
	}
	j->id = ++js->last;
	js->v = xreallocarray(js->v, js->n + 1, sizeof *js->v);
	js->v[js->n++] = j;
	loop_timer_at(j->timer, now_ns() + period);
	return j;
}

struct job *
job_find(struct lab *lab, const char *name)
{
	struct jobs	*js = jobs_of(lab);
	size_t		 i;
	char		 want[16];

	for (i = 0; i < js->n; i++) {
		snprintf(want, sizeof want, "job%d", js->v[i]->id);
		if (strcmp(want, name) == 0)
			return js->v[i];
	}
	return NULL;
}

/* The module: the lab's end stops jobs, reset frees them, and show and
 * expect find them by name. */

static void
jobs_end_all(struct lab *lab, void *st)
{
	struct jobs	*js = st;
	size_t		 i;

	for (i = 0; i < js->n; i++)
		loop_timer_at(js->v[i]->timer, 0);
}

static void
jobs_cleanup(struct lab *lab, void *st)
{
	job_free_all(st);
}

static void
jobs_reset(struct lab *lab, void *st)
{
	struct jobs	*js = st;

	job_free_all(js);
	js->last = 0;
}

static bool
jobs_owns_name(struct lab *lab, void *st, const char *name)
{
	return job_find(lab, name) != NULL;
}

static void
jobs_describe_name(struct lab *lab, void *st, const char *name, struct desc *d)
{
	job_describe(job_find(lab, name), d);
}

const struct lab_module job_module = {
	.name = "jobs",
	.lab_state = sizeof(struct jobs),
	.cleanup = jobs_cleanup,
	.end_all = jobs_end_all,
	.reset = jobs_reset,
	.things = "job",
	.owns_name = jobs_owns_name,
	.describe_name = jobs_describe_name,
};
