/* test_parse.c: the command language parser, without actors or a terminal. */
#include "config.h"

#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "mechanism.h"
#include "signames.h"
#include "unit.h"

static struct cmd *
parse(const char *line, char **cause, int *column)
{
	return cmd_parse(line, strlen(line), cause, column);
}

/* The error message for a line that must not parse; column in *column. */
static char *
parse_error(const char *line, int *column)
{
	struct cmd	*cmd;
	char		*cause;

	cmd = parse(line, &cause, column);
	if (cmd != NULL) {
		cmd_free(&cmd);
		return NULL;
	}
	return cause;
}

static void
test_lab_verb(void)
{
	struct cmd	*cmd;
	char		*cause;
	int		 column;

	cmd = parse("spawn A", &cause, &column);
	CHECK(cmd != NULL);
	CHECK_STR(cmd->entry->name, "spawn");
	CHECK(cmd->target == NULL);
	CHECK_STR(cmd_arg(cmd, "NAME")->str, "A");
	CHECK(cmd_arg(cmd, "NAME")->column == 7);
	cmd_free(&cmd);
	CHECK(cmd == NULL);
}

static void
test_actor_verb(void)
{
	struct cmd	*cmd;
	const struct arg *a;
	char		*cause;
	int		 column;

	cmd = parse("A write p1 \"hel\\x00lo\\n\" nonblock", &cause, &column);
	CHECK(cmd != NULL);
	CHECK_STR(cmd->entry->name, "write");
	CHECK_STR(cmd->target, "A");
	CHECK_STR(cmd_arg(cmd, "TARGET")->str, "p1");
	CHECK(!cmd_arg(cmd, "TARGET")->is_number);
	a = cmd_arg(cmd, "DATA");
	CHECK(a->quoted && a->len == 7 && memcmp(a->str, "hel\0lo\n", 7) == 0);
	CHECK(cmd_arg(cmd, "nonblock")->present);
	cmd_free(&cmd);

	cmd = parse("A.t1 write 4 64k", &cause, &column);
	CHECK(cmd != NULL);
	CHECK_STR(cmd->target, "A.t1");
	CHECK(cmd_arg(cmd, "TARGET")->is_number && cmd_arg(cmd, "TARGET")->num == 4);
	CHECK(cmd_arg(cmd, "DATA")->is_number && cmd_arg(cmd, "DATA")->num == 65536);
	CHECK(!cmd_arg(cmd, "nonblock")->present);
	cmd_free(&cmd);

	cmd = parse("B read p1.r 5   # a comment", &cause, &column);
	CHECK(cmd != NULL);
	CHECK_STR(cmd_arg(cmd, "TARGET")->str, "p1.r");
	CHECK(cmd_arg(cmd, "COUNT")->num == 5);
	cmd_free(&cmd);

	cmd = parse("A write p1 'literal \\n'", &cause, &column);
	CHECK(cmd != NULL);
	CHECK(cmd_arg(cmd, "DATA")->len == 10);
	cmd_free(&cmd);
}

static void
test_empty(void)
{
	char	*cause = (char *)1;
	int	 column;

	CHECK(parse("", &cause, &column) == NULL && cause == NULL);
	CHECK(parse("   # only a comment", &cause, &column) == NULL && cause == NULL);
	CHECK(parse("\t\r", &cause, &column) == NULL && cause == NULL);
}

static void
test_errors(void)
{
	char	*cause;
	int	 column;

	cause = parse_error("spwan A", &column);
	CHECK(cause != NULL && strstr(cause, "did you mean spawn?") != NULL);
	CHECK(column == 1);
	free(cause);

	cause = parse_error("A wrte p1 \"x\"", &column);
	CHECK(cause != NULL && strstr(cause, "did you mean write?") != NULL);
	CHECK(column == 3);
	free(cause);

	cause = parse_error("A write p1 hello", &column);
	CHECK(cause != NULL && strstr(cause, "quoted string") != NULL);
	CHECK(column == 12);
	free(cause);

	cause = parse_error("A write p1 \"unterminated", &column);
	CHECK(cause != NULL && strstr(cause, "unterminated") != NULL);
	free(cause);

	cause = parse_error("A write p1 \"bad \\q escape\"", &column);
	CHECK(cause != NULL && strstr(cause, "unknown escape") != NULL);
	free(cause);

	cause = parse_error("kill A NOSUCHSIG", &column);
	CHECK(cause != NULL && strstr(cause, "not a signal") != NULL);
	CHECK(column == 8);
	free(cause);

	cause = parse_error("spawn", &column);
	CHECK(cause != NULL && strstr(cause, "missing NAME") != NULL);
	free(cause);

	cause = parse_error("spawn A B", &column);
	CHECK(cause != NULL && strstr(cause, "unexpected 'B'") != NULL);
	CHECK(column == 9);
	free(cause);

	cause = parse_error("spawn 1abc", &column);
	CHECK(cause != NULL && strstr(cause, "starts with a letter") != NULL);
	free(cause);

	cause = parse_error("spawn show", &column);
	CHECK(cause != NULL && strstr(cause, "lab command") != NULL);
	free(cause);

	cause = parse_error("A spawn B", &column);
	CHECK(cause != NULL && strstr(cause, "lab command") != NULL);
	free(cause);

	cause = parse_error("sleep forever", &column);
	CHECK(cause != NULL && strstr(cause, "duration") != NULL);
	free(cause);

	cause = parse_error("A open f1 x", &column);
	CHECK(cause != NULL && strstr(cause, "r|w|rw") != NULL);
	free(cause);

	cause = parse_error("A write p1 \"a\"b", &column);
	CHECK(cause != NULL && strstr(cause, "space after") != NULL);
	free(cause);

	cause = parse_error("A write 4 2M", &column);
	CHECK(cause != NULL && strstr(cause, "at most 1M") != NULL);
	free(cause);
}

/* pid:N names one process: what kill(2) makes of 0 and negative pids
 * (the sender's group, every process, a group) never parses. */
/* With the lab's actors known, a first word that is neither a command
 * nor an actor is an unknown command, with the nearest command; an
 * actor's unknown call comes with the nearest call. */
static bool
only_A(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "A") == 0;
}

static char *
parse_error_names(const char *line, int *column)
{
	const struct cmd_names	 names = { only_A, NULL, false };
	struct cmd		*cmd;
	char			*cause;

	cmd = cmd_parse_names(line, strlen(line), &names, &cause, column);
	if (cmd != NULL) {
		cmd_free(&cmd);
		return NULL;
	}
	return cause;
}

static void
test_unknown_names(void)
{
	static const char *const unknown[] = { "frobnicate now", "attach 123", "include FILE",
	    "frobnicate" };
	char	*cause;
	size_t	 i;
	int	 column;

	for (i = 0; i < nitems(unknown); i++) {
		cause = parse_error_names(unknown[i], &column);
		CHECK(cause != NULL && strncmp(cause, "unknown command '", 17) == 0 &&
		    strstr(cause, "for actor") == NULL);
		CHECK(column == 1);
		free(cause);
	}
	cause = parse_error_names("spwan now", &column);
	CHECK(cause != NULL && strstr(cause, "unknown command 'spwan' (did you mean spawn?)") != NULL);
	free(cause);
	cause = parse_error_names("sig A", &column);
	CHECK(cause != NULL && strstr(cause, "(did you mean signals?)") != NULL);
	free(cause);
	cause = parse_error_names("write A p1", &column);
	CHECK(cause != NULL && strstr(cause, "'write' is a call an actor makes") != NULL &&
	    strstr(cause, "(A write ...)") != NULL);
	free(cause);
	/* The actor's unknown call. */
	cause = parse_error_names("A now", &column);
	CHECK(cause != NULL && strstr(cause, "unknown call 'now' for actor A") != NULL);
	CHECK(column == 3);
	free(cause);
	cause = parse_error_names("A wrte p1 \"x\"", &column);
	CHECK(cause != NULL && strstr(cause, "unknown call 'wrte' for actor A (did you mean write?)") != NULL);
	free(cause);
	/* A name that is not an actor yet, with a call: the run says so. */
	cause = parse_error_names("B write p1 \"x\"", &column);
	CHECK(cause == NULL);
	/* A lab command second, and a thread that is not there. */
	cause = parse_error_names("B spawn", &column);
	CHECK(cause != NULL && strstr(cause, "'spawn' is a lab command: write it first (spawn B)") != NULL);
	free(cause);
	cause = parse_error_names("A.t1 now", &column);
	CHECK(cause != NULL && strstr(cause, "unknown call 'now' for actor A.t1") != NULL);
	free(cause);
}

static void
test_pid_targets(void)
{
	static const char *const refused[][2] = {
		{ "kill pid:0 TERM", "pid:0 would be kill(0): the sender's own process group" },
		{ "A killpg pid:0 KILL", "pid:0 would be kill(0)" },
		{ "kill pid:-1 KILL", "pid:-1 would be kill(-1): every process you may signal" },
		{ "A sigqueue pid:-1 USR1 1", "pid:-1 would be kill(-1)" },
		{ "A kill pid:-42 TERM", "pid:-42 would name process group 42 to kill(2); killpg pid:42" },
		{ "kill pid:99999999999 TERM", "not a process id" },
	};
	struct cmd	*cmd;
	char		*cause;
	int		 column;
	size_t		 i;

	for (i = 0; i < nitems(refused); i++) {
		cause = parse_error(refused[i][0], &column);
		CHECK(cause != NULL && strstr(cause, refused[i][1]) != NULL);
		CHECK(cause != NULL && strstr(cause, "\n") == NULL);
		free(cause);
	}
	cmd = parse("killpg pid:1 0", &cause, &column);
	CHECK(cmd != NULL && cmd_arg(cmd, "TARGET")->is_number && cmd_arg(cmd, "TARGET")->num == 1);
	cmd_free(&cmd);
}

static void
test_nul_byte(void)
{
	static const char line[] = "A write p1 x\0y";
	struct cmd	*cmd;
	char		*cause;
	int		 column;

	cmd = cmd_parse(line, sizeof line - 1, &cause, &column);
	CHECK(cmd == NULL && cause != NULL && strstr(cause, "NUL") != NULL);
	CHECK(column == 13);
	free(cause);
	cmd = cmd_parse("A write p1 \"x\"\0", 15, &cause, &column);
	CHECK(cmd == NULL && cause != NULL && strstr(cause, "NUL") != NULL);
	free(cause);
}

static void
test_huge_string(void)
{
	size_t	 n = 2 * 1024 * 1024;
	char	*line, *cause;
	int	 column;
	struct cmd *cmd;

	line = malloc(n + 32);
	strcpy(line, "A write p1 \"");
	memset(line + 12, 'x', n);
	strcpy(line + 12 + n, "\"");
	cmd = cmd_parse(line, strlen(line), &cause, &column);
	CHECK(cmd == NULL && cause != NULL && strstr(cause, "too long") != NULL);
	free(cause);
	free(line);
}

/* A choice's value is what its table gives the word, not its place in
 * the list: LOCK_EX, not 1. */
static void
test_choice_values(void)
{
	struct cmd	*cmd;
	char		*cause;
	int		 column;

	cmd = parse("A flock f1 ex", &cause, &column);
	CHECK(cmd != NULL && cmd_arg(cmd, "OP")->num == LOCK_EX);
	cmd_free(&cmd);
	cmd = parse("A setrlimit nofile 64", &cause, &column);
	CHECK(cmd != NULL && cmd_arg(cmd, "RESOURCE")->num == RLIMIT_NOFILE);
	cmd_free(&cmd);
	cmd = parse("A socketpair sp seqpacket", &cause, &column);
	CHECK(cmd != NULL && cmd_arg(cmd, "TYPE")->num == SOCK_SEQPACKET);
	cmd_free(&cmd);
}

/* An argument name the verb does not have is a bug that stops the
 * program, not an argument left out. */
static void
test_unknown_arg_name(void)
{
	/* Not a literal, which tests/lint/args.sh would refuse. */
	const char	*misspelt = "DTA";
	struct cmd	*cmd;
	char		*cause, said[256];
	int		 column, fds[2], status;
	size_t		 len;
	ssize_t		 n;
	pid_t		 pid;

	cmd = parse("A write p1 \"hi\"", &cause, &column);
	CHECK(cmd != NULL);
	if (cmd == NULL)
		return;
	CHECK(cmd_has_arg(cmd, "DATA"));
	CHECK(!cmd_has_arg(cmd, misspelt));
	CHECK(pipe(fds) == 0);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		dup2(fds[1], 2);
		(void)cmd_arg(cmd, misspelt);
		_exit(0);
	}
	close(fds[1]);
	/* Its message comes in several writes: read to the end. */
	len = 0;
	while (len < sizeof said - 1 && (n = read(fds[0], said + len, sizeof said - 1 - len)) > 0)
		len += (size_t)n;
	said[len] = '\0';
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	CHECK(strstr(said, "write has no argument DTA") != NULL);
	cmd_free(&cmd);
}

static void
test_values(void)
{
	int64_t	 v;

	CHECK(parse_size("512", &v) && v == 512);
	CHECK(parse_size("4k", &v) && v == 4096);
	CHECK(parse_size("64KiB", &v) && v == 65536);
	CHECK(parse_size("1M", &v) && v == 1048576);
	CHECK(parse_size("2kB", &v) && v == 2000);
	CHECK(!parse_size("k", &v));
	CHECK(!parse_size("-1", &v));
	CHECK(!parse_size("4q", &v));
	CHECK(!parse_size("99999999999999999999", &v));
	CHECK(!parse_size("9999999999999G", &v));

	CHECK(parse_duration("250ms", &v) && v == 250 * NS_PER_MS);
	CHECK(parse_duration("1.5s", &v) && v == 1500 * NS_PER_MS);
	CHECK(parse_duration("2", &v) && v == 2 * NS_PER_S);
	CHECK(parse_duration("100us", &v) && v == 100 * NS_PER_US);
	CHECK(parse_duration("0.25", &v) && v == 250 * NS_PER_MS);
	CHECK(!parse_duration("1.", &v));
	CHECK(!parse_duration("fast", &v));
	CHECK(!parse_duration("5m", &v));

	CHECK(parse_int("-1", &v) && v == -1);
	CHECK(parse_int("0x10", &v) && v == 16);
	CHECK(!parse_int("", &v));
	CHECK(!parse_int("12a", &v));
}

static void
test_expect_args(void)
{
	struct cmd	*cmd;
	char		*cause;
	int		 column;

	cmd = parse("expect B state blocked", &cause, &column);
	CHECK(cmd != NULL);
	CHECK(!cmd_arg(cmd, "OP")->present);
	CHECK_STR(cmd_arg(cmd, "VALUE")->str, "blocked");
	cmd_free(&cmd);

	cmd = parse("expect p1 queued >= 4k", &cause, &column);
	CHECK(cmd != NULL);
	CHECK(cmd_arg(cmd, "OP")->present && cmd_arg(cmd, "OP")->num == 6);
	CHECK(cmd_arg(cmd, "VALUE")->is_number && cmd_arg(cmd, "VALUE")->num == 4096);
	cmd_free(&cmd);

	cmd = parse("wait B blocked timeout 2s", &cause, &column);
	CHECK(cmd != NULL);
	CHECK(cmd_arg(cmd, "timeout")->present && cmd_arg(cmd, "timeout")->num == 2 * NS_PER_S);
	cmd_free(&cmd);

	cmd = parse("echo hello   world", &cause, &column);
	CHECK(cmd != NULL);
	CHECK_STR(cmd_arg(cmd, "TEXT")->str, "hello world");
	cmd_free(&cmd);

	/* every keeps its command as written, quotes and all. */
	cmd = parse("every 250ms A write p1 \"a  b\"   # comment", &cause, &column);
	CHECK(cmd != NULL);
	CHECK_STR(cmd_arg(cmd, "COMMAND")->str, "A write p1 \"a  b\"");
	CHECK(cmd_arg(cmd, "COMMAND")->column == 13);
	cmd_free(&cmd);
}

static void
test_help_lists_every_verb(void)
{
	struct buf	 b;
	struct buf	 one;
	char		*cause = NULL;
	size_t		 i;

	buf_init(&b);
	cmd_add_help(&b, NULL, &cause);
	CHECK(cause == NULL);
	for (i = 0; i < cmd_count(); i++) {
		const struct cmd_entry *e = cmd_by_index((uint32_t)i);

		if (e->hidden)
			continue;
		CHECK(strstr(b.data, e->name) != NULL);
		buf_init(&one);
		cmd_add_help(&one, e->name, &cause);
		CHECK(cause == NULL && strstr(one.data, "usage:") != NULL);
		buf_free(&one);
	}
	cmd_add_help(&b, "nosuchverb", &cause);
	CHECK(cause != NULL);
	free(cause);
	buf_free(&b);
}

int
main(void)
{
	cmd_init(mechanism_registry);
	RUN(test_lab_verb);
	RUN(test_actor_verb);
	RUN(test_empty);
	RUN(test_errors);
	RUN(test_unknown_names);
	RUN(test_pid_targets);
	RUN(test_nul_byte);
	RUN(test_huge_string);
	RUN(test_values);
	RUN(test_choice_values);
	RUN(test_unknown_arg_name);
	RUN(test_expect_args);
	RUN(test_help_lists_every_verb);
	return unit_failed != 0;
}
