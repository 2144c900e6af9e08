/* test_listen.c: what the lab tells its listeners (a real lab, a real
 * actor): processes started and ended, changes, ticks, forgotten actors
 * and objects, each listener in the order it registered and none once it
 * unlistened; reset gives the manifest to the sweeper given at lab_new;
 * quit ends the session that ran it and leaves the lab as it was. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lab.h"
#include "loop.h"
#include "mechanism.h"
#include "runtime.h"
#include "session.h"
#include "unit.h"

static struct lab	*lab;
static struct loop	*loop;

/* What the listeners were told, in order: "1changed 2changed 1ticked". */
static char		 told[4096];

struct watcher {
	char	 name;
	int	 changed, ticked, forgotten;
	int	 started, ended;	/* process events with a pidfd, with -1 */
	pid_t	 last_pid;
};

static void
tell(struct watcher *w, const char *what)
{
	size_t	 len = strlen(told);

	snprintf(told + len, sizeof told - len, "%c%s ", w->name, what);
}

static void
on_changed(void *arg)
{
	struct watcher	*w = arg;

	w->changed++;
	tell(w, "changed");
}

static void
on_ticked(void *arg)
{
	((struct watcher *)arg)->ticked++;
}

static void
on_forgotten(void *arg)
{
	struct watcher	*w = arg;

	w->forgotten++;
	tell(w, "forgotten");
}

static void
on_process(void *arg, pid_t pid, int pidfd)
{
	struct watcher	*w = arg;

	if (pidfd != -1)
		w->started++;
	else
		w->ended++;
	w->last_pid = pid;
	tell(w, pidfd != -1 ? "started" : "ended");
}

static struct watcher		 w1 = { .name = '1' }, w2 = { .name = '2' };
static const struct lab_listener obs1 = {
	.changed = on_changed, .ticked = on_ticked, .forgotten = on_forgotten,
	.process = on_process, .arg = &w1,
};
/* Only some events: the others are NULL. */
static const struct lab_listener obs2 = {
	.changed = on_changed, .process = on_process, .arg = &w2,
};

/* The sweeper given at lab_new: what reset gives the manifest to. */
static char		 swept[256];

static bool
test_sweeper(void *arg, const char *kind, const char *args)
{
	(void)arg;
	snprintf(swept + strlen(swept), sizeof swept - strlen(swept), "%s %s;", kind, args);
	return false;
}

/* A command run to its end in the lab, as a script runs it; the
 * session, for what it says after. */
static void
run(struct session *s, const char *line)
{
	session_init(s, lab, "test", true);
	session_line(s, line, strlen(line));
	while (session_busy(s)) {
		loop_once(loop, -1);
		session_poll(s);
	}
	if (s->errors || s->failures) {
		printf("  '%s' failed\n", line);
		exit(1);
	}
}

static void
test_spawn_and_reset(void)
{
	struct session	 s;
	struct actor	*a;

	told[0] = '\0';
	run(&s, "spawn A");
	a = lab_actor(lab, "A");
	CHECK(a != NULL);
	CHECK(w1.started == 1 && w2.started == 1);
	CHECK(a != NULL && w1.last_pid == a->pid && w2.last_pid == a->pid);
	CHECK(w1.changed > 0 && w2.changed > 0);
	/* Each event goes to the first listener, then the second. */
	CHECK(strncmp(told, "1started 2started 1changed 2changed ", 36) == 0);
	run(&s, "A pipe p1");

	told[0] = '\0';
	w1.forgotten = w2.forgotten = 0;
	runtime_record("test", "a record for reset's sweep");
	run(&s, "reset");
	CHECK(w1.ended == 1 && w2.ended == 1);
	CHECK(w1.forgotten == 1);
	CHECK(w2.forgotten == 0);
	CHECK(strstr(told, "1ended 2ended ") != NULL);
	CHECK(strstr(told, "1forgotten ") != NULL);
	/* Forgotten before the change that redraws. */
	CHECK(strstr(told, "1forgotten ") != NULL &&
	    strstr(strstr(told, "1forgotten "), "1changed ") != NULL);
	CHECK_STR(swept, "test a record for reset's sweep;");
	CHECK(lab->nactors == 0 && lab->nobjects == 0);
}

static void
test_forget(void)
{
	struct session	 s;

	run(&s, "spawn B");
	run(&s, "B exit 0");
	while (lab_actor(lab, "B")->life == ACTOR_ALIVE)
		loop_once(loop, -1);
	run(&s, "reap B");
	w1.forgotten = 0;
	run(&s, "forget B");
	CHECK(lab_actor(lab, "B") == NULL);
	CHECK(w1.forgotten == 1);
}

static void
test_ticks(void)
{
	int64_t	 until = now_ns() + 5 * NS_PER_S;

	w1.ticked = 0;
	while (w1.ticked < 2 && now_ns() < until)
		loop_once(loop, -1);
	CHECK(w1.ticked >= 2);
}

static void
test_unlisten(void)
{
	int	 c1 = w1.changed, c2 = w2.changed;

	lab_unlisten(lab, &obs1);
	lab_changed(lab);
	CHECK(w1.changed == c1);
	CHECK(w2.changed == c2 + 1);
	/* Not listening: nothing happens. */
	lab_unlisten(lab, &obs1);
	lab_listen(lab, &obs1);
	lab_changed(lab);
	CHECK(w1.changed == c1 + 1);
	CHECK(w2.changed == c2 + 2);
}

/* quit is the session's: it ends what ran it, not the lab. */
static void
test_quit(void)
{
	struct session	 s;

	run(&s, "spawn Q");
	CHECK(!s.quit);
	run(&s, "quit");
	CHECK(s.quit);
	CHECK(lab_actor(lab, "Q") != NULL);
	run(&s, "echo after");
	CHECK(!s.quit);
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
	lab = lab_new(loop, rt, test_sweeper, 10 * NS_PER_MS, cmd_verbs(),
	    cmd_modules(mechanism_modules));
	lab_listen(lab, &obs1);
	lab_listen(lab, &obs2);
	RUN(test_spawn_and_reset);
	RUN(test_forget);
	RUN(test_ticks);
	RUN(test_unlisten);
	RUN(test_quit);
	lab_free(&lab);
	loop_free(&loop);
	runtime_close(&rt);
	return unit_failed != 0;
}
