/* test_sample.c: what a frontend reads of a real lab (sample.h): every
 * actor in tree order (a process, its threads, its children, at their
 * depth, the last of each marked), every object; descriptions only of
 * the rows wanted, and the one item wanted whole; two samples of a lab
 * that did nothing are the same, and one after a call is not. And what
 * the tick reads without a sample: not the lab's idle children, whose
 * stops and continues come with SIGCHLD, but an actor's child. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lab.h"
#include "loop.h"
#include "mechanism.h"
#include "runtime.h"
#include "sample.h"
#include "session.h"
#include "unit.h"

static struct lab	*lab;
static struct loop	*loop;

static void
run(const char *line)
{
	struct session	 s;

	session_init(&s, lab, "test", true);
	session_line(&s, line, strlen(line));
	while (session_busy(&s)) {
		loop_once(loop, -1);
		session_poll(&s);
	}
	if (s.errors || s.failures) {
		printf("  '%s' failed\n", line);
		exit(1);
	}
}

/* What the test's frontend shows: the rows named in want_rows (blank
 * separated), and full whole. */
static const char	*want_rows;
static const char	*want_full;
static int		 wants;

static bool
named(const char *list, const char *name)
{
	size_t	 len = strlen(name);
	const char *p;

	for (p = list; p != NULL && (p = strstr(p, name)) != NULL; p += len) {
		if ((p == list || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
			return true;
	}
	return false;
}

static void
want(void *arg, struct sample *s)
{
	size_t	 i;

	(void)arg;
	wants++;
	/* Asked with the rows made and nothing described yet. */
	for (i = 0; i < s->nactors; i++) {
		CHECK(s->actors[i].desc == NULL);
		s->actors[i].want = named(want_rows, s->actors[i].name);
	}
	for (i = 0; i < s->nobjects; i++) {
		CHECK(s->objects[i].desc == NULL);
		s->objects[i].want = named(want_rows, s->objects[i].name);
	}
	if (want_full != NULL)
		sample_want_full(s, want_full);
}

static struct sample *
take(const char *rows, const char *full)
{
	want_rows = rows;
	want_full = full;
	return sample_take(lab, want, NULL);
}

/* "A0L A.t11L B1L C0L": each row's name, depth, and L if it is the last. */
static void
add_tree(char *out, size_t size, const struct sample *s)
{
	size_t	 i, len;

	out[0] = '\0';
	for (i = 0; i < s->nactors; i++) {
		len = strlen(out);
		snprintf(out + len, size - len, "%s%s%d%s", i > 0 ? " " : "", s->actors[i].name,
		    s->actors[i].depth, s->actors[i].last ? "L" : "");
	}
}

static void
test_tree(void)
{
	struct sample	*s;
	char		 tree[256];

	run("spawn A");
	run("spawn C");
	run("A fork B");
	run("A thread t1");
	run("B fork D");
	run("A fork E");
	run("C pipe p1");
	s = take("", NULL);
	add_tree(tree, sizeof tree, s);
	/* A's thread, then its children in the order it made them, each
	 * under it; C after all of A's. */
	CHECK_STR(tree, "A0L A.t11 B1 D2L E1L C0L");
	CHECK(s->processes == 5 && s->threads == 1);
	CHECK(s->nobjects == 1 && strcmp(s->objects[0].name, "p1") == 0);
	CHECK(s->nobjects == 1 && strcmp(s->objects[0].mech, "pipe") == 0);
	CHECK(s->actors[1].is_thread && s->actors[1].tid != s->actors[1].pid);
	sample_free(&s);
	CHECK(s == NULL);
}

static void
test_wanted_only(void)
{
	struct sample	*s;
	size_t		 i;
	int		 before = wants;

	s = take("B p1", "C");
	CHECK(wants == before + 1);
	for (i = 0; i < s->nactors; i++) {
		bool	 b = strcmp(s->actors[i].name, "B") == 0;

		CHECK(s->actors[i].want == b);
		CHECK((s->actors[i].desc != NULL) == b);
		if (b) {
			CHECK(s->actors[i].state == STATE_IDLE);
			CHECK(!s->actors[i].ended);
			CHECK(desc_find(s->actors[i].desc, "summary") != NULL);
			/* A summary: no threads' list, which only the full view has. */
			CHECK(desc_find(s->actors[i].desc, "threads") == NULL);
		}
	}
	CHECK(s->objects[0].desc != NULL && desc_find(s->objects[0].desc, "kind") != NULL);
	CHECK(s->full.found && !s->full.is_object && strcmp(s->full.kind, "actor") == 0);
	CHECK(s->full.desc != NULL && desc_find(s->full.desc, "threads") != NULL);
	sample_free(&s);

	s = take("", "p1");
	CHECK(s->objects[0].desc == NULL);
	CHECK(s->full.found && s->full.is_object && s->full.key == lab_object(lab, "p1"));
	sample_free(&s);

	s = take("", "nobody");
	CHECK(!s->full.found && s->full.desc == NULL);
	sample_free(&s);
}

static void
test_same(void)
{
	struct sample	*a, *b;

	lab->gen++;
	a = take("A B C p1", "p1");
	lab->gen++;
	b = take("A B C p1", "p1");
	CHECK(sample_same(a, b));
	sample_free(&b);
	/* Another row wanted: drawn otherwise. */
	b = take("A B C D p1", "p1");
	CHECK(!sample_same(a, b));
	sample_free(&b);
	b = take("A B C p1", "C");
	CHECK(!sample_same(a, b));
	sample_free(&b);
	/* Bytes in the pipe: its row and its detail differ. */
	run("C write p1 1k");
	b = take("A B C p1", "p1");
	CHECK(!sample_same(a, b));
	sample_free(&a);
	a = take("A B C p1", "p1");
	CHECK(sample_same(a, b));
	sample_free(&b);
	/* A thread's end, a process's end. */
	run("A.t1 pthread_exit");
	b = take("A B C p1", "p1");
	CHECK(!sample_same(a, b));
	sample_free(&a);
	sample_free(&b);
	run("E exit 3");
	while (lab_actor(lab, "E")->life == ACTOR_ALIVE)
		loop_once(loop, -1);
	a = take("E", NULL);
	CHECK(strcmp(a->actors[4].name, "E") == 0);
	/* A's child: A has not reaped it. */
	CHECK(a->actors[4].ended && !a->actors[4].killed && a->actors[4].zombie);
	CHECK_STR(a->actors[4].status, "exited 3");
	sample_free(&a);
	CHECK(sample_same(NULL, NULL));
}

/* Whether the log has a record of who's whose text is text. */
static bool
logged(const char *who, const char *text)
{
	const struct record	*r;
	size_t			 i;

	for (i = 0; i < lab->log.count; i++) {
		r = record_get(&lab->log, i);
		if (r->who != NULL && strcmp(r->who, who) == 0 && strcmp(r->text, text) == 0)
			return true;
	}
	return false;
}

/* What main does on SIGCHLD, until the log says text of who. */
static bool
sigchld_until(const char *who, const char *text)
{
	int64_t	 until = now_ns() + 5 * NS_PER_S;

	while (!logged(who, text) && now_ns() < until) {
		loop_once(loop, 10 * NS_PER_MS);
		lab_sigchld(lab);
	}
	return logged(who, text);
}

static void
test_tick_reads(void)
{
	struct actor	*c, *d;
	uint64_t	 gen;
	int64_t		 until;

	run("spawn P");
	run("P fork Q");
	c = lab_actor(lab, "P");
	d = lab_actor(lab, "Q");
	gen = lab->gen;
	until = now_ns() + 400 * NS_PER_MS;
	while (now_ns() < until)
		loop_once(loop, until - now_ns());
	/* Ticks went by: Q, which only /proc tells of, was read on the
	 * last; P, the lab's idle child, on none. */
	CHECK(lab->gen >= gen + 3);
	CHECK(d->task_gen == lab->gen);
	CHECK(c->task_gen <= gen);
	/* Its stop and continue are logged all the same, from SIGCHLD. */
	kill(c->pid, SIGSTOP);
	CHECK(sigchld_until("P", "stopped by SIGSTOP"));
	kill(c->pid, SIGCONT);
	CHECK(sigchld_until("P", "continued"));
	/* Q's from the tick. */
	kill(d->pid, SIGSTOP);
	until = now_ns() + 5 * NS_PER_S;
	while (!logged("Q", "stopped") && now_ns() < until)
		loop_once(loop, 10 * NS_PER_MS);
	CHECK(logged("Q", "stopped"));
	kill(d->pid, SIGCONT);
}

int
main(void)
{
	struct runtime	*rt;
	sigset_t	 sigs;
	char		*cause = NULL;

	cmd_init(mechanism_registry);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rt = runtime_open(mechanism_sweep, NULL, &cause)) == NULL) {
		printf("  %s\n", cause);
		return 1;
	}
	loop = loop_new();
	lab = lab_new(loop, rt, mechanism_sweep, 100 * NS_PER_MS, cmd_verbs(),
	    cmd_modules(mechanism_modules));
	RUN(test_tree);
	RUN(test_wanted_only);
	RUN(test_same);
	RUN(test_tick_reads);
	lab_free(&lab);
	loop_free(&loop);
	runtime_close(&rt);
	return unit_failed != 0;
}
