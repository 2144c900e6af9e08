/* test_complete.c: Tab completion from the command table, against a
 * small lab without processes: each argument type, keywords, keyed
 * values, and the command lines inside every and together. */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "complete.h"
#include "job.h"
#include "lab.h"
#include "mechanism.h"
#include "unit.h"

static struct lab	 lab;

static void
setup(void)
{
	static struct actor	 a = { .name = "consumer" }, b = { .name = "consumer.t1" },
				 c = { .name = "producer" };
	static struct actor	*actors[] = { &a, &b, &c };
	static struct object	 p1 = { .name = "p1", .nids = 1 }, s1 = { .name = "s1", .nids = 1 },
				 sp = { .name = "sp", .nids = 2 };
	static struct object	*objects[] = { &p1, &s1, &sp };
	static struct job	 j = { .id = 7 };
	static struct job	*jobs[] = { &j };

	b.is_thread = true;
	p1.mech = mechanism_find(mechanism_registry, "pipe");
	s1.mech = mechanism_find(mechanism_registry, "socket");
	sp.mech = s1.mech;
	lab.actors = actors;
	lab.nactors = nitems(actors);
	lab.objects = objects;
	lab.nobjects = nitems(objects);
	lab.jobs = jobs;
	lab.njobs = nitems(jobs);
}

/* The completions of the last word of line, joined by spaces; "FILES"
 * when file names are to be completed. */
static char *
complete(const char *line)
{
	static char		*last;
	struct completion	 c;
	struct buf		 b;
	const char		*word = line + strlen(line);
	size_t			 i;

	/* Where readline's word starts: after a blank or a ;. */
	while (word > line && word[-1] != ' ' && word[-1] != ';')
		word--;
	complete_line(&lab, line, (size_t)(word - line), word, &c);
	buf_init(&b);
	buf_add(&b, "", 0);
	if (c.files)
		buf_adds(&b, "FILES");
	for (i = 0; i < c.n; i++)
		buf_printf(&b, "%s%s", b.len > 0 ? " " : "", c.words[i]);
	completion_free(&c);
	free(last);
	last = buf_take(&b);
	return last;
}

static void
test_first_word(void)
{
	CHECK_STR(complete("con"), "consumer consumer.t1");
	CHECK_STR(complete("spa"), "spawn");
	CHECK_STR(complete("pro"), "producer");
	CHECK_STR(complete("consumer wri"), "write");
	CHECK_STR(complete("consumer.t1 pthread_mutex_tr"), "pthread_mutex_trylock");
	/* Another name of a verb, where no name fits. */
	CHECK_STR(complete("consumer cp"), "cpu");
	CHECK_STR(complete("consumer _ex"), "_exit");
	CHECK_STR(complete("consumer acc"), "accept");
	CHECK_STR(complete("consumer accept4"), "accept4");
	/* Hidden verbs (what send becomes on a socket) are not offered. */
	CHECK_STR(complete("consumer socket_se"), "");
}

static void
test_signals(void)
{
	/* The process, not its thread. */
	CHECK_STR(complete("kill con"), "consumer");
	CHECK_STR(complete("kill consumer CO"), "CONT");
	CHECK_STR(complete("kill consumer co"), "cont");
	CHECK_STR(complete("kill consumer SIGCO"), "SIGCONT");
	CHECK_STR(complete("kill consumer sigco"), "sigcont");
	CHECK_STR(complete("kill consumer SigCo"), "SIGCONT");
	CHECK_STR(complete("kill consumer US"), "USR1 USR2");
	/* SI can only go on to SIG. */
	CHECK(strncmp(complete("kill consumer SI"), "SIGABRT SIGALRM SIGBUS", 22) == 0);
	CHECK(strstr(complete("kill consumer SI"), " SIGTERM ") != NULL);
	/* S: the names without SIG. */
	CHECK_STR(complete("kill consumer S"), "SEGV STKFLT STOP SYS");
	CHECK_STR(complete("kill consumer RTMIN+1"),
	    "RTMIN+1 RTMIN+10 RTMIN+11 RTMIN+12 RTMIN+13 RTMIN+14 RTMIN+15 RTMIN+16 "
	    "RTMIN+17 RTMIN+18 RTMIN+19");
	CHECK_STR(complete("consumer signal TE"), "TERM");
	CHECK_STR(complete("consumer block USR1 TE"), "TERM");
	CHECK_STR(complete("consumer block USR1 al"), "all alrm");
	CHECK_STR(complete("tkill consumer.t1 HU"), "HUP");
	CHECK_STR(complete("consumer mq_notify q1 signal US"), "USR1 USR2");
}

static void
test_choices_and_flags(void)
{
	CHECK_STR(complete("consumer fcntl p1.w get"), "getfl getlk getpipe");
	CHECK_STR(complete("consumer fcntl p1.w setlk w"), "write");
	CHECK_STR(complete("consumer signal USR1 ig"), "ignore");
	CHECK_STR(complete("consumer signal USR1 catch re"), "resethand restart");
	CHECK_STR(complete("consumer write p1 \"x\" no"), "nonblock");
	/* A flag given once is not offered again. */
	CHECK_STR(complete("consumer pipe p2 nonblock "), "cloexec");
	/* An optional choice the parser may skip: the choice, and what
	 * comes after it. */
	CHECK_STR(complete("consumer mmap s1 "), "anon offset private readonly shared");
	CHECK_STR(complete("wait consumer bl"), "blocked");
	CHECK_STR(complete("wait consumer blocked ti"), "timeout");
	CHECK_STR(complete("expect consumer state "), "!= < <= = == > >= has lacks within");
}

static void
test_names(void)
{
	CHECK_STR(complete("consumer read p"), "p1 p1.r p1.w");
	CHECK_STR(complete("consumer write "), "nonblock p1 p1.r p1.w s1 sp sp.a sp.b");
	CHECK_STR(complete("show "),
	    "consumer consumer.t1 job7 lab p1 p1.r p1.w producer s1 sp sp.a sp.b");
	CHECK_STR(complete("consumer incr s1 0 10 with "),
	    "consumer consumer.t1 p1 p1.r p1.w producer s1 sp sp.a sp.b");
	CHECK_STR(complete("consumer connect s1 "),
	    "consumer consumer.t1 p1 p1.r p1.w producer s1 sp sp.a sp.b");
	CHECK_STR(complete("cancel "), "all job7");
	/* A list of descriptors. */
	CHECK_STR(complete("consumer poll p1.r s"), "s1 sp sp.a sp.b");
	CHECK_STR(complete("consumer select p1.r p1.w:out ti"), "timeout");
	CHECK_STR(complete("help fcnt"), "fcntl");
	CHECK_STR(complete("help mq_no"), "mq_notify");
	CHECK_STR(complete("help socketp"), "socketpair");
	/* A new name, a number, free text: nothing to offer. */
	CHECK_STR(complete("spawn "), "");
	CHECK_STR(complete("consumer pipe "), "cloexec nonblock");
	CHECK_STR(complete("sleep "), "");
	CHECK_STR(complete("echo con"), "");
	/* Inside a string, nothing. */
	CHECK_STR(complete("consumer write p1 \"con"), "");
}

static void
test_paths(void)
{
	CHECK_STR(complete("consumer bind s1 /tm"), "FILES");
	CHECK_STR(complete("consumer connect s1 ./x"), "FILES");
	/* Where no path fits, a path is not completed. */
	CHECK_STR(complete("kill consumer /x"), "");
}

static void
test_inner_lines(void)
{
	CHECK_STR(complete("every 1s con"), "consumer consumer.t1");
	CHECK_STR(complete("every 1s kill consumer CO"), "CONT");
	CHECK_STR(complete("together consumer incr s1 0 9; pro"), "producer");
	CHECK_STR(complete("together consumer incr s1 0 9;pro"), "producer");
	CHECK_STR(complete("together consumer incr s1 0 9; producer inc"), "incr");
	CHECK_STR(complete("together consumer write p1 \"a;b\" no"), "nonblock");
	CHECK_STR(complete("together consumer write p1 \"a;b\" ; pro"), "producer");
	CHECK_STR(complete("every 1s together consumer incr s1 0 9; producer incr s1 0 9 at"),
	    "atomic");
}

int
main(void)
{
	cmd_init(mechanism_registry);
	setup();
	RUN(test_first_word);
	RUN(test_signals);
	RUN(test_choices_and_flags);
	RUN(test_names);
	RUN(test_paths);
	RUN(test_inner_lines);
	return unit_failed != 0;
}
