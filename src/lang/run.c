/* run.c: running a parsed command: a lab verb's check and run, an actor
 * verb's call prepared and sent to its actor, and a pending command
 * polled until it is done. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lab.h"
#include "snapshot.h"

void
cmd_ctx_clear(struct cmd_ctx *ctx)
{
	freep(&ctx->cause);
	freep(&ctx->state);
	ctx->poll = NULL;
	ctx->deadline = 0;
	ctx->expired = false;
	ctx->call = NULL;
	ctx->column = 0;
	ctx->failed = false;
	ctx->skip = false;
	ctx->quit = false;
	lines_free(&ctx->src_lines);
	freep(&ctx->src_from);
	freep(&ctx->chapter);
	ctx->pace_set = false;
	ctx->asked = false;
	freep(&ctx->tally_of);
	freep(&ctx->tally_value);
	ctx->repeat = 0;
}

void
cmd_no_field(struct cmd_ctx *ctx, const struct arg *name, const struct arg *field,
    const struct desc *d)
{
	struct buf	 b;

	buf_init(&b);
	buf_printf(&b, "%s has no field %s; its fields: ", name->str, word_short(field->str));
	desc_add_field_names(&b, d->root);
	ctx->cause = buf_take(&b);
	ctx->column = field->column;
}

static enum cmd_status
poll_settled(struct cmd_ctx *ctx)
{
	return call_settled(ctx->call) ? CMD_DONE : CMD_PENDING;
}

struct call *
cmd_call_prepare(struct cmd_ctx *ctx)
{
	struct cmd	*cmd = ctx->cmd;
	struct actor	*a;
	struct call	*c;
	const char	*dot;
	char		*proc;

	a = lab_actor(ctx->lab, cmd->target);
	if (a == NULL) {
		if (lab_object(ctx->lab, cmd->target) != NULL)
			ctx->cause = xasprintf("%s is an object, not an actor; a call starts with the actor making it (A %s %s ...)",
			    cmd->target, cmd->entry->name, cmd->target);
		else if ((dot = strchr(cmd->target, '.')) != NULL) {
			proc = xstrndup(cmd->target, (size_t)(dot - cmd->target));
			if (lab_actor(ctx->lab, proc) != NULL)
				ctx->cause = xasprintf("no thread called %s (%s thread %s makes it)",
				    cmd->target, proc, dot + 1);
			else
				ctx->cause = xasprintf("no actor called %s (spawn %s makes one), so no thread %s",
				    proc, proc, cmd->target);
			free(proc);
		} else
			ctx->cause = xasprintf("no actor called %s (spawn %s makes one)",
			    cmd->target, cmd->target);
		ctx->column = cmd->target_column;
		return NULL;
	}
	c = lab_call_prepare(ctx->lab, a, cmd->entry, cmd, &ctx->cause);
	if (c == NULL) {
		/* Where it went wrong: the actor (it cannot take a call), the
		 * argument prepare named, or the verb. */
		ctx->column = cmd->err_column != 0 ? cmd->err_column : cmd->verb_column;
		return NULL;
	}
	return c;
}

enum cmd_status
cmd_call_send(struct cmd_ctx *ctx, struct call *c)
{
	if (!lab_call_send(&c, &ctx->cause)) {
		ctx->column = ctx->cmd->verb_column;
		return CMD_ERROR;
	}
	ctx->call = c;
	if (!ctx->sync || ctx->cmd->background || call_settled(c))
		return CMD_DONE;
	ctx->poll = poll_settled;
	return CMD_PENDING;
}

static enum cmd_status
run_actor(struct cmd_ctx *ctx)
{
	struct call	*c;

	if ((c = cmd_call_prepare(ctx)) == NULL)
		return CMD_ERROR;
	return cmd_call_send(ctx, c);
}

enum cmd_status
cmd_run(struct cmd_ctx *ctx)
{
	struct buf	 b;

	/* A snapshot is only read: what it shows cannot be called. */
	if (ctx->lab->snapshot != NULL && !ctx->cmd->entry->reads_only) {
		buf_init(&b);
		snapshot_add_label(&b, ctx->lab->snapshot);
		ctx->cause = xasprintf("%s: this is a %s, read-only: nothing in it can be called "
		    "or changed (show, expect, save and dot read it)", ctx->cmd->entry->name, b.data);
		buf_free(&b);
		return CMD_ERROR;
	}
	if (ctx->cmd->entry->scope == CMD_ACTOR)
		return run_actor(ctx);
	if (ctx->cmd->entry->check != NULL && !ctx->cmd->entry->check(ctx))
		return CMD_ERROR;
	return ctx->cmd->entry->run(ctx);
}

bool
cmd_check(struct lab *lab, struct cmd *cmd, int *column)
{
	struct cmd_ctx	 ctx;
	struct actor	*a;
	char		*cause = NULL;
	bool		 ok = true;

	*column = 0;
	if (cmd->entry->scope == CMD_LAB) {
		if (cmd->entry->check == NULL)
			return true;
		memset(&ctx, 0, sizeof ctx);
		ctx.lab = lab;
		ctx.cmd = cmd;
		ok = cmd->entry->check(&ctx);
		*column = ctx.column;
		cmd_ctx_clear(&ctx);
		return ok;
	}
	if ((a = lab_actor(lab, cmd->target)) == NULL) {
		*column = cmd->target_column;
		return false;
	}
	cmd->err_column = 0;
	if (!lab_call_check(lab, a, cmd->entry, cmd, &cause)) {
		*column = cmd->err_column;
		ok = false;
	}
	free(cause);
	return ok;
}

enum cmd_status
cmd_poll(struct cmd_ctx *ctx)
{
	enum cmd_status	 r;

	if (ctx->poll == NULL)
		return CMD_DONE;
	r = ctx->poll(ctx);
	if (r == CMD_PENDING && ctx->deadline != 0 && now_ns() >= ctx->deadline) {
		ctx->expired = true;
		r = ctx->poll(ctx);
	}
	return r;
}

static bool
lab_has_actor(void *arg, const char *name)
{
	struct lab	*lab = arg;

	/* A snapshot's actors parse as actors, to be refused as such. */
	return lab_actor(lab, name) != NULL ||
	    (lab->snapshot != NULL && snapshot_actor(lab->snapshot, name) != NULL);
}

struct cmd *
cmd_parse_lab(struct lab *lab, const char *line, size_t len, char **cause, int *column)
{
	const struct cmd_names	 names = { lab_has_actor, lab, false };

	return cmd_parse_names(line, len, &names, cause, column);
}
