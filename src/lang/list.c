/* list.c: --list: the processes observed (-p, or every process the user
 * may read), printed once, as lsfd and lsipc do: a line for each and
 * each of its threads (its state, what it is blocked in and on, for how
 * long, and where its chain of waits ends), then a line for each object
 * (what they hold, the machine's System V objects), or with --json one
 * object each, its whole description; then what health points out (a
 * section of lines, or with --json one object: "health", a list). For
 * scripts and bug reports. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "desc.h"
#include "lab.h"
#include "mechanism.h"
#include "snapshot.h"

/* What of a process could not be read, and why: its descriptors
 * ("; fds: needs ptrace access"), each descriptor that could not be read
 * in time ("; fd 5 slow: /mnt/x/f did not answer within 200 ms") or at
 * all ("; fd 3: another network namespace"). */
static void
list_unseen(struct buf *b, struct desc_node *root)
{
	struct desc_node	*fds, *fd, *num, *why;
	bool			 slow;

	if ((why = desc_find_child(root, "fds_hidden")) != NULL && why->str != NULL) {
		buf_adds(b, "; fds: ");
		buf_add_text(b, why->str, strlen(why->str), false);
	}
	fds = desc_find_child(root, "fds");
	for (fd = fds != NULL ? fds->first : NULL; fd != NULL; fd = fd->next) {
		slow = (why = desc_find_child(fd, "slow")) != NULL;
		if (!slow && (why = desc_find_child(fd, "hidden")) == NULL)
			continue;
		num = desc_find_child(fd, "fd");
		buf_printf(b, "; fd %lld%s: ", num != NULL ? (long long)num->num : -1LL,
		    slow ? " slow" : "");
		buf_add_text(b, why->str, strlen(why->str), false);
	}
}

/* The line of an actor: its summary, its chain's end if it has one, and
 * what of it could not be read in time. */
static void
list_line(struct buf *b, struct actor *a)
{
	struct desc		*d = desc_new();
	struct desc_node	*sum, *chain;

	/* The line needs the summary and the chain alone: not the whole
	 * description (every descriptor's contents and sharers). */
	lab_describe_actor(a, d, DETAIL_SUMMARY);
	if (a->observed)
		lab_describe_chain(a, d);
	sum = desc_find_child(d->root, "summary");
	chain = desc_find_child(d->root, "chain");
	buf_printf(b, "%s%-20s ", a->is_thread ? "  " : "", a->name);
	if (sum != NULL)
		buf_add_text(b, sum->str, strlen(sum->str), false);
	if (chain != NULL) {
		buf_adds(b, "; ");
		buf_add_text(b, chain->str, strlen(chain->str), false);
	}
	list_unseen(b, d->root);
	buf_addc(b, '\n');
	desc_free(&d);
}

static void
list_json(struct buf *b, struct actor *a)
{
	struct desc	*d = desc_new();

	desc_word(d, "name", a->name);
	lab_describe_actor(a, d, DETAIL_FULL);
	desc_write_json(b, d->root);
	buf_addc(b, '\n');
	desc_free(&d);
}

/* An object's line: its name, kind and summary; or its whole
 * description as JSON. */
static void
list_object(struct buf *b, struct object *o, bool json)
{
	struct desc		*d = desc_new();
	struct desc_node	*kind, *sum;

	if (json) {
		desc_word(d, "name", o->name);
		o->mech->describe(o, d, DETAIL_FULL);
		if (o->observed)
			desc_bool(d, "observed", true);
		desc_write_json(b, d->root);
		buf_addc(b, '\n');
		desc_free(&d);
		return;
	}
	o->mech->describe(o, d, DETAIL_SUMMARY);
	kind = desc_find_child(d->root, "kind");
	sum = desc_find_child(d->root, "summary");
	buf_printf(b, "%-20s %-8s ", o->name, kind != NULL ? kind->str : o->mech->name);
	if (sum != NULL)
		buf_add_text(b, sum->str, strlen(sum->str), false);
	buf_addc(b, '\n');
	desc_free(&d);
}

/* The health section: a finding a line, under its heading. */
static void
list_health(struct buf *b, struct lab *lab, bool json)
{
	struct desc	*d;
	size_t		 i;

	if (json) {
		d = desc_new();
		lab_describe_health(lab, d);
		desc_write_json(b, d->root);
		buf_addc(b, '\n');
		desc_free(&d);
		return;
	}
	if (lab->nhealth == 0) {
		buf_adds(b, "health: nothing to point out\n");
		return;
	}
	buf_adds(b, "health:\n");
	for (i = 0; i < lab->nhealth; i++) {
		buf_printf(b, "  %-9s ", lab->health[i].kind);
		buf_add_text(b, lab->health[i].text, strlen(lab->health[i].text), false);
		buf_addc(b, '\n');
	}
}

/* A loaded snapshot listed as the lab would be, or its graph. */
static void
list_saved(struct buf *b, const struct snapshot *s, bool json)
{
	const struct desc_node	*item;
	const char		*str;
	size_t			 i;

	for (i = 0; i < s->nactors; i++) {
		item = s->actors[i];
		if (json) {
			desc_write_json(b, item);
			buf_addc(b, '\n');
			continue;
		}
		str = snapshot_str(item, "kind");
		buf_printf(b, "%s%-20s ", str != NULL && strcmp(str, "thread") == 0 ? "  " : "",
		    snapshot_str(item, "name"));
		if ((str = snapshot_str(item, "summary")) != NULL)
			buf_add_text(b, str, strlen(str), false);
		if ((str = snapshot_str(item, "chain")) != NULL) {
			buf_adds(b, "; ");
			buf_add_text(b, str, strlen(str), false);
		}
		buf_addc(b, '\n');
	}
}

/* What is shown as a snapshot: the one loaded, or the lab's now. */
static int
list_snapshot(struct app *app)
{
	struct snapshot	*taken = NULL, *s = app->lab->snapshot;
	struct buf	 b;

	if (s == NULL)
		s = taken = snapshot_take(app->lab);
	buf_init(&b);
	if (app->dot)
		snapshot_dot(&b, s);
	else
		list_saved(&b, s, app->out.json);
	if (fwrite(b.data, 1, b.len, app->out.out) != b.len)
		app->out.broken = true;
	buf_free(&b);
	snapshot_free(&taken);
	fflush(app->out.out);
	return 0;
}

static int
list_run(struct app *app)
{
	struct lab	*lab = app->lab;
	struct actor	*a;
	struct buf	 b;
	char		*cause = NULL;
	size_t		 i, added, n = 0;

	lab->log.sink = NULL;	/* the listing alone: no "observing" lines */
	if (lab->snapshot != NULL)
		return list_snapshot(app);
	for (i = 0; i < lab->nactors; i++)
		n += lab->actors[i]->observed && !lab->actors[i]->is_thread;
	/* The kernel looked at afresh, once: what observing all reads
	 * (the machine's System V objects) is what the listing shows. */
	lab->gen++;
	/* Without -p, every process this user may read. */
	if (n == 0 && !lab_observe_rule(lab, OBSERVE_ALL, "", &added, &cause)) {
		output_message(stderr, "%s", cause);
		free(cause);
		return 1;
	}
	if (app->dot)
		return list_snapshot(app);
	/* Found first, so that each process's line can say it. */
	lab_health_tick(lab, true);
	buf_init(&b);
	for (i = 0; i < lab->nactors && !app->out.broken; i++) {
		a = lab->actors[i];
		if (!a->observed)
			continue;
		buf_reset(&b);
		if (app->out.json)
			list_json(&b, a);
		else
			list_line(&b, a);
		if (fwrite(b.data, 1, b.len, app->out.out) != b.len)
			app->out.broken = true;
	}
	/* Then what they hold, and the machine's System V objects. */
	for (i = 0; i < lab->nobjects && !app->out.broken; i++) {
		buf_reset(&b);
		list_object(&b, lab->objects[i], app->out.json);
		if (fwrite(b.data, 1, b.len, app->out.out) != b.len)
			app->out.broken = true;
	}
	/* Last, what health points out. */
	buf_reset(&b);
	list_health(&b, lab, app->out.json);
	if (!app->out.broken && fwrite(b.data, 1, b.len, app->out.out) != b.len)
		app->out.broken = true;
	buf_free(&b);
	fflush(app->out.out);
	return 0;
}

const struct frontend list_frontend = {
	.name = "list",
	.run = list_run,
};
