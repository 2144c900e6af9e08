/* cmd_snapshot.c: lab verbs for what is shown, kept and read later:
 * save (a snapshot to a file), load (a snapshot into the panes, read-only),
 * dot (the wait-for graph as Graphviz DOT) and export (what the actors
 * did, as a Mermaid sequence diagram or a Chrome trace). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lab.h"
#include "snapshot.h"

static size_t
count_items(const struct desc_node *list)
{
	const struct desc_node	*c;
	size_t			 n = 0;

	for (c = list->first; c != NULL; c = c->next)
		n++;
	return n;
}

/* The snapshot shown: the one loaded, or one taken of the lab now
 * (*taken set: the caller frees it). */
static struct snapshot *
shown(struct lab *lab, struct snapshot **taken)
{
	*taken = NULL;
	if (lab->snapshot != NULL)
		return lab->snapshot;
	return *taken = snapshot_take(lab);
}

static enum cmd_status
run_save(struct cmd_ctx *ctx)
{
	const struct arg	*file = cmd_arg(ctx->cmd, "FILE");
	struct snapshot		*taken, *s = shown(ctx->lab, &taken);
	bool			 ok;

	ok = snapshot_save(s, file->str, &ctx->cause);
	if (ok)
		lab_record(ctx->lab, RECORD_SNAPSHOT, NULL, REC_INFO, NULL,
		    "saved to %s: %zu process%s and thread%s, %zu object%s, %zu deadlock%s "
		    "(taken %s)", file->str, s->nactors, s->nactors == 1 ? "" : "es",
		    s->nactors == 1 ? "" : "s", s->nobjects, s->nobjects == 1 ? "" : "s",
		    s->deadlocks != NULL ? count_items(s->deadlocks) : 0,
		    s->deadlocks != NULL && count_items(s->deadlocks) == 1 ? "" : "s", s->time);
	else
		ctx->column = file->column;
	snapshot_free(&taken);
	return ok ? CMD_DONE : CMD_ERROR;
}

static const struct arg_spec file_args[] = {
	{ "FILE", ARG_WORD, 0, NULL, "a file name" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_save = {
	.name = "save",
	.scope = CMD_LAB,
	.args = file_args,
	.summary = "save a snapshot of everything shown to a file (JSON)",
	.help = "The snapshot holds each process, thread and object with its whole "
	    "description (as show gives it), each blocked process's chain of waits, "
	    "the deadlocks, and when and on which machine it was taken (uname, boot "
	    "id). ipcscope --load FILE shows it again, ipcscope --diff OLD NEW "
	    "compares two. On a loaded snapshot, save writes it again.",
	.example = "save stuck.json",
	.run = run_save,
	.reads_only = true,
};

void
cmd_snapshot_show(struct lab *lab, struct snapshot *s, const char *file)
{
	const struct desc_node	*c;
	struct buf		 b;

	/* The one shown before stays until the lab ends: samples may
	 * still point into it. */
	s->older = lab->snapshot;
	lab->snapshot = s;
	buf_init(&b);
	snapshot_add_label(&b, s);
	lab_record(lab, RECORD_SNAPSHOT, NULL, REC_INFO, NULL,
	    "loaded %s: %s, read-only: %zu process%s and thread%s, %zu object%s", file,
	    b.data, s->nactors, s->nactors == 1 ? "" : "es", s->nactors == 1 ? "" : "s",
	    s->nobjects, s->nobjects == 1 ? "" : "s");
	buf_free(&b);
	for (c = s->deadlocks != NULL ? s->deadlocks->first : NULL; c != NULL; c = c->next) {
		if (c->type == DESC_TEXT || c->type == DESC_WORD)
			lab_record(lab, RECORD_DEADLOCK, NULL, REC_ERROR, NULL,
			    "deadlock (in the snapshot): %s", c->str);
	}
	lab_changed(lab);
}

static enum cmd_status
run_load(struct cmd_ctx *ctx)
{
	const struct arg	*file = cmd_arg(ctx->cmd, "FILE");
	struct snapshot		*s;

	if ((s = snapshot_load(file->str, &ctx->cause)) == NULL) {
		ctx->column = file->column;
		return CMD_ERROR;
	}
	cmd_snapshot_show(ctx->lab, s, file->str);
	return CMD_DONE;
}

static const struct cmd_entry cmd_load = {
	.name = "load",
	.scope = CMD_LAB,
	.args = file_args,
	.summary = "show a saved snapshot in the panes, read-only",
	.help = "The snapshot's processes, threads and objects take the panes' place "
	    "as they were when it was saved; the status bar says when it was "
	    "taken. show and expect read it; every call and every change is refused, "
	    "for nothing in it is live. The lab goes on underneath, unseen, until "
	    "the end of the run. ipcscope --load FILE starts on it.",
	.example = "load stuck.json",
	.run = run_load,
	.reads_only = true,
};

/* b written to the file FILE names; false with the cause if it cannot
 * be. */
static bool
write_whole(struct cmd_ctx *ctx, const struct buf *b)
{
	const struct arg	*file = cmd_arg(ctx->cmd, "FILE");
	size_t			 off = 0;
	ssize_t			 n;
	int			 fd;

	fd = open(file->str, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	while (fd != -1 && off < b->len) {
		if ((n = write(fd, b->data + off, b->len - off)) == -1 && errno != EINTR)
			break;
		off += n > 0 ? (size_t)n : 0;
	}
	if (fd == -1 || off < b->len || close(fd) == -1) {
		ctx->cause = xasprintf("%s: %s", file->str, errno_str(errno));
		ctx->column = file->column;
		if (fd != -1 && off < b->len)
			close(fd);
		return false;
	}
	return true;
}

static enum cmd_status
run_dot(struct cmd_ctx *ctx)
{
	const struct arg	*file = cmd_arg(ctx->cmd, "FILE");
	struct snapshot		*taken, *s = shown(ctx->lab, &taken);
	struct buf		 b;
	bool			 ok;

	buf_init(&b);
	snapshot_dot(&b, s);
	snapshot_free(&taken);
	ok = write_whole(ctx, &b);
	buf_free(&b);
	if (!ok)
		return CMD_ERROR;
	lab_record(ctx->lab, RECORD_SNAPSHOT, NULL, REC_INFO, NULL,
	    "the wait-for graph written to %s (Graphviz: dot -Tsvg %s)", file->str, file->str);
	return CMD_DONE;
}

static const struct cmd_entry cmd_dot = {
	.name = "dot",
	.scope = CMD_LAB,
	.args = file_args,
	.summary = "write the wait-for graph to a file as Graphviz DOT",
	.help = "A box for each process or thread that waits or is waited for (its "
	    "name and state), an ellipse for each object waited on, an edge from "
	    "each waiter to its object labelled with the call, and from the object "
	    "to each process that could end the wait. The edges of a deadlock are "
	    "red. Draw it with dot -Tsvg FILE > graph.svg. ipcscope --list --dot "
	    "prints it.",
	.example = "dot waits.dot",
	.run = run_dot,
	.reads_only = true,
};

enum export_kind {
	EXPORT_MERMAID,
	EXPORT_TRACE,
};

static const struct arg_choice export_kinds[] = {
	{ "mermaid", EXPORT_MERMAID },
	{ "trace", EXPORT_TRACE },
	{ NULL, 0 },
};

static enum cmd_status
run_export(struct cmd_ctx *ctx)
{
	const struct arg	*kind = cmd_arg(ctx->cmd, "KIND");
	const struct arg	*file = cmd_arg(ctx->cmd, "FILE");
	struct buf		 b;
	bool			 ok;

	buf_init(&b);
	if (kind->num == EXPORT_MERMAID)
		timeline_mermaid(&ctx->lab->timeline, &b);
	else
		timeline_trace(&ctx->lab->timeline, &b);
	ok = write_whole(ctx, &b);
	buf_free(&b);
	if (!ok)
		return CMD_ERROR;
	lab_record(ctx->lab, RECORD_SNAPSHOT, NULL, REC_INFO, NULL, "%zu event%s written to %s "
	    "as %s", ctx->lab->timeline.n, ctx->lab->timeline.n == 1 ? "" : "s", file->str,
	    kind->num == EXPORT_MERMAID ? "a Mermaid sequence diagram" :
	    "a Chrome trace (Perfetto opens it)");
	return CMD_DONE;
}

static const struct arg_spec export_args[] = {
	{ "KIND", ARG_CHOICE, 0, export_kinds, "mermaid (a sequence diagram) or trace (Chrome trace JSON)" },
	{ "FILE", ARG_WORD, 0, NULL, "a file name" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_export = {
	.name = "export",
	.scope = CMD_LAB,
	.args = export_args,
	.summary = "write what the actors did as a sequence diagram or a trace, for slides",
	.help = "Everything the actors did since the lab began (or its last "
	    "reset), in order. mermaid: a Mermaid sequence diagram, a column "
	    "per actor, an arrow from each call that put bytes or a message into "
	    "an object to the call that took them out (write to read, send to "
	    "recv, msgsnd to msgrcv, mq_send to mq_receive), from a signal's "
	    "sender to its receiver, from a parent to the child it forked; "
	    "blocking, end of file and ends as notes. trace: Chrome trace JSON "
	    "that Perfetto and chrome://tracing open: a track per actor, each "
	    "call a slice, the time asleep in a blocked call a slice of its own, "
	    "signals as instants, and a flow from each put to its take.",
	.example = "export mermaid lesson.mmd",
	.run = run_export,
	.reads_only = true,
};

const struct cmd_entry *const cmd_snapshot_verbs[] = {
	&cmd_save,
	&cmd_load,
	&cmd_dot,
	&cmd_export,
	NULL,
};
