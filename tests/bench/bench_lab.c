/* bench_lab.c: figures for the lab's cost, measured in one go against a
 * reference run at the same time, as medians of several runs:
 *  - one lab round trip (A write p1 "x", then B read p1, each a command
 *    through the parser, the actor's channel and the real call) against
 *    one round trip of a plain two-process pipe program (plain_pipe);
 *  - one probe sample of a lab with 100 actors and 200 pipes: the
 *    summaries every list line needs (state, descriptors, each pipe's
 *    fill and holders), and the full description of everything (plus
 *    signals, threads and each pipe's contents), read from the kernel.
 * usage: bench_lab PLAIN_PIPE_PROGRAM */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "desc.h"
#include "lab.h"
#include "loop.h"
#include "mechanism.h"
#include "runtime.h"
#include "session.h"

#define RUNS		7
#define ROUND_TRIPS	2000

static struct lab	*lab;
static struct loop	*loop;

static void
run(const char *fmt, ...)
{
	struct session	 s;
	struct buf	 b;
	va_list		 ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	session_init(&s, lab, "bench", true);
	session_line(&s, b.data, b.len);
	while (session_busy(&s)) {
		loop_once(loop, -1);
		session_poll(&s);
	}
	if (s.errors || s.failures) {
		fprintf(stderr, "bench: '%s' failed\n", b.data);
		exit(1);
	}
	buf_free(&b);
}

static int
cmp64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int64_t
median(int64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp64);
	return v[n / 2];
}

static int64_t
plain_round_trip(const char *prog)
{
	char	 cmd[4096], line[64];
	FILE	*f;

	snprintf(cmd, sizeof cmd, "%s %d", prog, ROUND_TRIPS * 5);
	f = popen(cmd, "r");
	if (f == NULL || fgets(line, sizeof line, f) == NULL) {
		fprintf(stderr, "bench: cannot run %s\n", prog);
		exit(1);
	}
	pclose(f);
	return atoll(line);
}

int
main(int argc, char **argv)
{
	struct runtime	*rt;
	struct desc	*d;
	int64_t		 lab_ns[RUNS], plain_ns[RUNS], probe_ns[RUNS * 3], t0;
	char		*cause = NULL;
	sigset_t	 sigs;
	int		 r, i, j;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_lab PLAIN_PIPE_PROGRAM\n");
		return 2;
	}
	cmd_init(mechanism_registry);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	rt = runtime_open(NULL, &cause);
	if (rt == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		return 1;
	}
	loop = loop_new();
	lab = lab_new(loop, rt, 100 * NS_PER_MS);

	/* Round trips, alternating with the reference so both see the same
	 * machine. */
	run("spawn A");
	run("A pipe p1");
	run("A fork B");
	run("A close p1.r");
	run("B close p1.w");
	for (r = 0; r < RUNS; r++) {
		plain_ns[r] = plain_round_trip(argv[1]);
		t0 = now_ns();
		for (i = 0; i < ROUND_TRIPS; i++) {
			run("A write p1 \"x\"");
			run("B read p1 1");
		}
		lab_ns[r] = (now_ns() - t0) / ROUND_TRIPS;
	}
	printf("round trip, plain two-process pipe (median of %d runs): %lld ns\n", RUNS,
	    (long long)median(plain_ns, RUNS));
	printf("round trip, lab write + read      (median of %d runs): %lld ns\n", RUNS,
	    (long long)median(lab_ns, RUNS));
	printf("ratio lab / plain: %.1f\n", (double)median(lab_ns, RUNS) / median(plain_ns, RUNS));

	/* A lab of 100 actors and 200 pipes, each with bytes queued. */
	for (i = 0; i < 100; i++) {
		run("spawn X%d", i);
		for (j = 0; j < 2; j++) {
			run("X%d pipe q%d_%d", i, i, j);
			run("X%d write q%d_%d 100", i, i, j);
		}
	}
	printf("lab: %zu actors, %zu objects (%zu pipes)\n", lab->nactors, lab->nobjects,
	    lab->nobjects - 1);
	for (r = 0; r < RUNS * 3; r++) {
		d = desc_new();
		t0 = now_ns();
		lab_describe_all(lab, d);
		probe_ns[r] = now_ns() - t0;
		desc_free(&d);
	}
	printf("probe sample, summaries (every list line), 100 actors and 200 pipes (median of %d): %.2f ms\n",
	    RUNS * 3, (double)median(probe_ns, RUNS * 3) / NS_PER_MS);
	for (r = 0; r < RUNS * 3; r++) {
		t0 = now_ns();
		lab->gen++;
		for (i = 0; i < (int)lab->nactors; i++) {
			d = desc_new();
			lab_describe_actor(lab->actors[i], d, DETAIL_FULL);
			desc_free(&d);
		}
		for (i = 0; i < (int)lab->nobjects; i++) {
			d = desc_new();
			lab->objects[i]->mech->describe(lab->objects[i], d, DETAIL_FULL);
			desc_free(&d);
		}
		probe_ns[r] = now_ns() - t0;
	}
	printf("probe sample, full (show of everything), 100 actors and 200 pipes (median of %d): %.2f ms\n",
	    RUNS * 3, (double)median(probe_ns, RUNS * 3) / NS_PER_MS);

	lab_free(&lab);
	loop_free(&loop);
	runtime_close(&rt);
	return 0;
}
