/* fuzz_sigreport.c: signal reports (struct sig_report) as read from the
 * report pipe, on arbitrary bytes: partial records, any signal number,
 * pids and tids the lab knows or not. They go to a small lab with no
 * processes behind it and the signals module alone (its state made
 * here, with no report pipe: nothing reads one): A (pid 4001, a zombie,
 * with thread A.t1 4002), B (4100, reaped) and C (4200, which signals
 * are taken for but never described: it is alive, and that reads
 * /proc). The lab is pid 4000. Each record is logged (text and JSON),
 * and the signal groups of A, A.t1 and B are described through the
 * module, as show and --json would. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "module.h"
#include "siglab.h"
#include "sigreport.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct lab_module	*modules[] = { &signals_module, NULL };
static void			*module_state[1];
static struct lab		 lab;
static struct actor		*actors[4];

static struct actor *
fake_actor(const char *name, struct actor *proc, pid_t pid, pid_t tid,
    enum actor_life life)
{
	struct actor	*a = xcalloc(1, sizeof *a);

	a->name = xstrdup(name);
	a->lab = &lab;
	a->proc = proc != NULL ? proc : a;
	a->is_thread = proc != NULL;
	a->pid = pid;
	a->tid = tid;
	a->pidfd = -1;
	a->stat_fd = -1;
	a->conn.fd = -1;
	a->life = life;
	a->module_state = xcalloc(1, sizeof *a->module_state);
	a->module_state[0] = xcalloc(1, signals_module.actor_state);
	return a;
}

/* Each record as the frontends show it: its line and its JSON. */
static void
sink(void *arg, const struct record *r)
{
	struct buf	 b;

	(void)arg;
	buf_init(&b);
	buf_adds(&b, r->text);
	record_write_json(&b, r);
	buf_free(&b);
}

static void
setup(void)
{
	lab.self = 4000;
	lab.gen = 1;
	lab.modules = modules;
	lab.nmodules = 1;
	module_state[0] = xcalloc(1, signals_module.lab_state);
	lab.module_state = module_state;
	record_log_init(&lab.log, 64);
	lab.log.sink = sink;
	actors[0] = fake_actor("A", NULL, 4001, 4001, ACTOR_ZOMBIE);
	actors[1] = fake_actor("A.t1", actors[0], 4001, 4002, ACTOR_ALIVE);
	actors[2] = fake_actor("B", NULL, 4100, 4100, ACTOR_REAPED);
	actors[3] = fake_actor("C", NULL, 4200, 4200, ACTOR_ALIVE);
	lab.actors = actors;
	lab.nactors = nitems(actors);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct desc	*d;
	struct buf	 b;
	size_t		 i, used;

	if (lab.actors == NULL)
		setup();
	used = siglab_reports(&lab, data, size);
	if (used > size || used % sizeof(struct sig_report) != 0)
		abort();
	d = desc_new();
	for (i = 0; i < 3; i++) {
		desc_group(d, actors[i]->name);
		signals_module.describe_actor(&lab, module_state[0], actors[i],
		    actors[i]->module_state[0], d, DETAIL_FULL);
		desc_close(d);
		(void)lab_actor_taken(actors[i]);
	}
	buf_init(&b);
	desc_write_text(&b, d, 0);
	desc_write_json(&b, d->root);
	buf_free(&b);
	desc_free(&d);
	/* The next input starts from nothing taken. */
	for (i = 0; i < nitems(actors); i++) {
		signals_module.actor_free(&lab, module_state[0], actors[i],
		    actors[i]->module_state[0]);
		memset(actors[i]->module_state[0], 0, signals_module.actor_state);
	}
	record_log_free(&lab.log);
	record_log_init(&lab.log, 64);
	lab.log.sink = sink;
	return 0;
}
