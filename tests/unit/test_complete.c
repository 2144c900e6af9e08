/* test_complete.c: Tab completion from the command table, against a
 * small lab without processes: each argument type, keywords, keyed
 * values, and the command lines inside every and together. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "cmd.h"
#include "complete.h"
#include "job.h"
#include "lab.h"
#include "loop.h"
#include "mechanism.h"
#include "runtime.h"
#include "session.h"
#include "unit.h"

static struct lab	*lab;
static struct loop	*loop;

/* A command run to its end in the lab, as a script runs it. */
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

/* A real lab: the actors and objects the checks name. */
static void
setup(void)
{
	static const char *const lines[] = {
		"spawn consumer", "spawn producer", "consumer pipe p1",
		"consumer socket s1 unix", "consumer socketpair sp", "consumer thread t1",
		"consumer socket s2 unix", "consumer bind s2", "consumer listen s2",
		"every 1h echo x",
		/* What only one kind of argument takes. */
		"spawn A", "spawn B", "A thread t1", "A open f1 rw create", "A msgget q1",
		"A mq_open mq1 create", "A shmget m1 4k", "A shm_open sh1 create",
		"A ftruncate sh1 4k", "A mmap sh1", "A ftruncate f1 4k", "A sem_init ps1 sh1 64 value 1", "A socketpair ap", "A fork C",
		"spawn Z", "kill Z KILL", "wait Z exited",
	};
	size_t	 i;

	for (i = 0; i < nitems(lines); i++)
		run(lines[i]);
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
	complete_line(lab, line, (size_t)(word - line), word, &c);
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
	CHECK_STR(complete("consumer write "), "nonblock p1 p1.r p1.w s1 s2 sp sp.a sp.b");
	/* What show describes: no end is described apart from its object. */
	CHECK_STR(complete("show "),
	    "A A.t1 B C Z ap consumer consumer.t1 f1 job1 lab m1 mq1 p1 producer ps1 q1 s1 s2 sh1 sp");
	CHECK_STR(complete("show p1"), "p1");
	/* A semaphore or mutex, not any object. */
	CHECK_STR(complete("A incr sh1 0 10 with "), "ps1");
	/* The sockets of the lab's it can connect to. */
	CHECK_STR(complete("consumer connect s1 "), "s2");
	CHECK_STR(complete("cancel "), "all job1");
	/* A list of descriptors. */
	CHECK_STR(complete("consumer poll p1.r s"), "s1 s2 sp sp.a sp.b");
	CHECK_STR(complete("consumer select p1.r p1.w:out ti"), "timeout");
	CHECK_STR(complete("help fcnt"), "fcntl");
	CHECK_STR(complete("help mq_no"), "mq_notify");
	CHECK_STR(complete("help socketp"), "socketpair");
	/* A new name, a number, free text: nothing to offer. */
	CHECK_STR(complete("spawn "), "on");	/* the new name, or the host first */
	CHECK_STR(complete("consumer pipe "), "cloexec nonblock");
	CHECK_STR(complete("sleep "), "");
	CHECK_STR(complete("echo con"), "");
	/* Inside a string, nothing. */
	CHECK_STR(complete("consumer write p1 \"con"), "");
}

/* Only what the argument takes: the kind of object, an actor, a thread
 * or a process, an end only where an end is taken, the verb's choices
 * and flags for that object. */
static void
test_kinds(void)
{
	char	 cpus[512];
	int	 i;

	/* Not Z, which has ended. */
	CHECK_STR(complete("tkill "), "A A.t1 B C consumer consumer.t1 producer");
	CHECK_STR(complete("A pthread_kill "), "A A.t1");
	CHECK_STR(complete("reap "), "Z");
	CHECK_STR(complete("forget "), "");
	CHECK_STR(complete("signals "), "A A.t1 B C Z consumer consumer.t1 producer");
	CHECK_STR(complete("show p1"), "p1");
	snprintf(cpus, sizeof cpus, "0");
	for (i = 1; i < parse_cpu_count(); i++)
		snprintf(cpus + strlen(cpus), sizeof cpus - strlen(cpus), " %d", i);
	snprintf(cpus + strlen(cpus), sizeof cpus - strlen(cpus), " all");
	CHECK(parse_cpu_count() > 10 || strcmp(complete("A cpu "), cpus) == 0);
	CHECK_STR(complete("A cpu a"), "all");
	CHECK_STR(complete("A fcntl f1 setlk "), "read unlock write");
	CHECK_STR(complete("A msgsnd "), "nonblock nowait q1");
	CHECK_STR(complete("A shmat "), "m1 readonly");
	CHECK_STR(complete("A munmap "), "sh1");
	CHECK_STR(complete("A sendfd "), "ap ap.a ap.b cred nowait");
	CHECK_STR(complete("A mq_send "), "mq1 timeout");
	CHECK_STR(complete("A mq_send mq1 \"x\" "), "timeout");
	CHECK_STR(complete("A mmap "), "anon f1 offset readonly sh1");
	CHECK_STR(complete("A bind ap.a "), "");
	CHECK_STR(complete("A waitpid "), "C nohang");
	CHECK_STR(complete("A close "), "ap.a ap.b f1 mq1 sh1");
}

/* A value that the argument's type takes, for the arguments after the
 * one completed; NULL where only the lab's names would do. */
static const char *
placeholder(const struct arg_spec *s)
{
	switch (s->type) {
	case ARG_FD:		return "3";
	case ARG_SIGNAL:	return "USR1";
	case ARG_SIGSET:	return "USR1";
	case ARG_INT:		return "1";
	case ARG_SIZE:		return "64";
	case ARG_DURATION:	return "1ms";
	case ARG_DATA:		return "\"x\"";
	case ARG_NAME:		return "fresh";
	case ARG_WORD:		return "1";
	case ARG_VALUE:		return "1";
	case ARG_TEXT:		return "x";
	case ARG_LINE:		return "echo x";
	case ARG_CPUS:		return "0";
	case ARG_TOPIC:		return "kill";
	case ARG_JOB:		return "all";
	case ARG_FIELD:		return "state";
	case ARG_CHOICE:	return s->choices[0].word;
	case ARG_REF:
	case ARG_PROCESS:
	case ARG_LIST:
	case ARG_FLAG:
		return NULL;
	}
	return NULL;
}

/* The property: whatever Tab offers for an argument, put in the line
 * (the rest filled in with values of their types), is not refused at
 * that argument by the parser or the verb's own check. For every verb
 * of the lab's and of an actor (A, and its thread A.t1), at the first
 * argument and at the one after the first word offered. */
static void
check_offers(const char *head, const struct cmd_entry *e, const char *given, int depth)
{
	struct completion	 c;
	struct cmd		*cmd;
	struct buf		 line, full;
	const char		*fill;
	char			*cause = NULL;
	size_t			 i, j;
	int			 column, at;
	bool			 descended = false;

	buf_init(&line);
	buf_printf(&line, "%s%s%s ", head, e->name, given);
	complete_line(lab, line.data, line.len, "", &c);
	for (i = 0; i < c.n; i++) {
		/* A keyword: whether it fits may hang on words not typed
		 * yet (send's nowait on a socket, not on a file). */
		for (j = 0; e->args[j].name != NULL; j++) {
			if ((e->args[j].type == ARG_FLAG || (e->args[j].flags & ARG_KEYED)) &&
			    strcmp(e->args[j].name, c.words[i]) == 0)
				break;
		}
		if (e->args[j].name != NULL)
			continue;
		buf_init(&full);
		buf_printf(&full, "%s%s", line.data, c.words[i]);
		at = (int)line.len + 1;
		cmd = cmd_parse_lab(lab, full.data, full.len, &cause, &column);
		if (cmd == NULL && column == 0 && cause != NULL && strncmp(cause, "missing ", 8) == 0) {
			/* Fill in what is still missing, after it. */
			freep(&cause);
			cmd = cmd_parse_partial(full.data, full.len);
			for (j = 0; cmd != NULL && e->args[j].name != NULL; j++) {
				if (cmd->args[j].present || (e->args[j].flags & ARG_OPTIONAL) ||
				    e->args[j].type == ARG_FLAG)
					continue;
				if ((fill = placeholder(&e->args[j])) == NULL)
					break;
				buf_printf(&full, " %s", fill);
			}
			if (cmd != NULL && e->args[j].name != NULL) {
				cmd_free(&cmd);
				buf_free(&full);
				continue;	/* only a name of the lab's would do there */
			}
			cmd_free(&cmd);
			cmd = cmd_parse_lab(lab, full.data, full.len, &cause, &column);
		}
		if (cmd == NULL && column == at) {
			printf("  '%s': offered '%s', refused by the parser: %s (column %d)\n",
			    full.data, c.words[i], cause, column);
			unit_failed++;
			unit_test_failed++;
		} else if (cmd != NULL && !cmd_check(lab, cmd, &column) && column == at) {
			printf("  '%s': offered '%s', refused by %s's check\n", full.data,
			    c.words[i], e->name);
			unit_failed++;
			unit_test_failed++;
		}
		freep(&cause);
		cmd_free(&cmd);
		buf_free(&full);
		if (depth == 0 && !descended) {
			descended = true;
			buf_init(&full);
			buf_printf(&full, "%s %s", given, c.words[i]);
			check_offers(head, e, full.data, 1);
			buf_free(&full);
		}
	}
	completion_free(&c);
	buf_free(&line);
}

static void
test_offers_fit(void)
{
	const struct cmd_entry	*e;
	size_t			 i;

	for (i = 0; i < cmd_count(); i++) {
		e = cmd_by_index((uint32_t)i);
		if (e->hidden || strcmp(e->name, "quit") == 0 || strcmp(e->name, "reset") == 0)
			continue;
		if (e->scope == CMD_LAB)
			check_offers("", e, "", 0);
		else {
			check_offers("A ", e, "", 0);
			check_offers("A.t1 ", e, "", 0);
		}
	}
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
	setup();
	RUN(test_first_word);
	RUN(test_signals);
	RUN(test_choices_and_flags);
	RUN(test_names);
	RUN(test_kinds);
	RUN(test_offers_fit);
	RUN(test_paths);
	RUN(test_inner_lines);
	lab_free(&lab);
	loop_free(&loop);
	runtime_close(&rt);
	return unit_failed != 0;
}
