/* main.c: options, the controller's setup (signals, runtime directory,
 * the lab), the choice of frontend, and an orderly end on every path. */
#include "config.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "app.h"
#include "cast.h"
#include "cmd.h"
#include "guard.h"
#include "guardian.h"
#include "lab.h"
#include "lesson.h"
#include "loop.h"
#include "mechanism.h"
#include "probe.h"
#include "recording.h"
#include "runtime.h"
#include "signames.h"
#include "snapshot.h"

#define DELAY_DEFAULT_NS	(100 * NS_PER_MS)

/* The frontends, chosen by name: "batch" for --batch, "line" for
 * --line, else "tui" (which falls back to "line" where it cannot run). */
static const struct frontend *const frontends[] = {
	&batch_frontend,
	&list_frontend,
	&line_frontend,
	&tui_frontend,
};

static struct app	 app;
static struct runtime	*rt;
static struct guardian	*guardian;
/* Guardians that ended young in a row: one that cannot live is not
 * started again and again. */
static int		 guardian_failures;
static int64_t		 guardian_started_ns;

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: ipcscope [--demo | --line] [-d DELAY] [-p PID,...] [-s FILE]\n"
	    "       ipcscope [--line] [-d DELAY] --lesson [NAME]\n"
	    "       ipcscope [-jx] [-d DELAY] [-p PID,...] --batch FILE|-\n"
	    "       ipcscope [-j] [-p PID,...] --list [--dot]\n"
	    "       ipcscope --cast FILE [OPTION...]\n"
	    "       ipcscope --load FILE [--batch FILE|- | --list [--dot]]\n"
	    "       ipcscope [-j] --diff OLD NEW\n"
	    "       ipcscope --replay FILE [--batch FILE|-]\n"
	    "\n"
	    "An interactive laboratory for Linux inter-process communication: spawn\n"
	    "real processes, wire them with pipes and FIFOs, make them call the real\n"
	    "system calls, send signals, and watch the kernel's state change.\n"
	    "\n"
	    "  --demo             start with a ready lab: a producer filling a pipe\n"
	    "                     that a consumer drains\n"
	    "  --line             a plain command line instead of the full screen\n"
	    "  -s, --source FILE  run the commands in FILE first, then go on interactively\n"
	    "  --lesson [NAME]    start the lesson NAME (its chapters narrated, its\n"
	    "                     checks run); without NAME, list the lessons\n"
	    "  -b, --batch FILE   run the commands in FILE (- for stdin) without a terminal\n"
	    "  -j, --json         print every result and event as one JSON object per line\n"
	    "  -x, --trace        print each command before it runs\n"
	    "  -d, --delay D      refresh every D (default 100ms)\n"
	    "  -p, --pid PID,...  observe these processes from the start (observe PID)\n"
	    "  --list             print the observed processes (-p, else all) once: what\n"
	    "                     each waits on and where its chain of waits ends\n"
	    "  --read-timeout T   a read of another process that may hang (a file on a\n"
	    "                     filesystem that does not answer) is slow after T\n"
	    "                     (default 200ms)\n"
	    "  --dot              with --list: the wait-for graph as Graphviz DOT\n"
	    "  --load FILE        show a snapshot (saved by save FILE), read-only\n"
	    "  --diff OLD NEW     print what changed from one snapshot to another\n"
	    "  --record FILE      keep the run in FILE: each command and event with\n"
	    "                     its time, and the lab after each change\n"
	    "  --replay FILE      play a recording back into the panes, read-only,\n"
	    "                     at its pace (Space steps); without a terminal,\n"
	    "                     print its events\n"
	    "  --cast FILE        record the session to FILE as an asciicast (asciinema\n"
	    "                     play FILE), with a marker at each chapter\n"
	    "  -h, --help         show this help\n"
	    "  -V, --version      show the version\n"
	    "\n"
	    "Without --batch, ipcscope opens the lab full-screen. In it, ? lists the\n"
	    "keys and help the commands; man ipcscope has everything.\n");
}

/* --record FILE: not a script this run reads (--batch, -s, --lesson's),
 * and a file that can be made; false with a one-line cause. */
static bool
record_check(const char *path, char **cause)
{
	const char	*reads[] = { app.script, app.source };
	struct stat	 a, b;
	size_t		 i;
	int		 fd;

	for (i = 0; i < nitems(reads); i++) {
		if (reads[i] == NULL || strcmp(reads[i], "-") == 0)
			continue;
		if (strcmp(reads[i], path) == 0 || (stat(reads[i], &a) == 0 &&
		    stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)) {
			*cause = xasprintf("--record %s: the script this run reads; a recording "
			    "would overwrite it", path);
			return false;
		}
	}
	if ((fd = recording_create(path, cause)) == -1)
		return false;
	close(fd);
	return true;
}

/* After the lab has ended: remove what a call the lab never heard back
 * from made (it is in the manifest), then the run's directory, and tell
 * the guardian goodbye. */
static void
end_run(void)
{
	if (rt != NULL)
		runtime_sweep_own(rt, mechanism_sweep, NULL, NULL);
	runtime_close(&rt);
	guardian_stop(&guardian);
	app.guardian = NULL;
}

/* On a fatal error: leave nothing behind, then abort. */
static void
emergency_end(void)
{
	if (app.lab != NULL)
		lab_shutdown(app.lab);
	end_run();
}

/* Every signal whose default action ends the process, but KILL and STOP:
 * the controller takes them from its signalfd and ends in order. Those
 * a fault raises (SEGV, BUS, FPE, ILL, TRAP, SYS) cannot be blocked: the
 * kernel kills a process that faults with them blocked, and the
 * guardian cleans up; sent from outside, they are read like the rest. */
static void
add_ending_signals(sigset_t *set)
{
	static const int ending[] = { SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS,
	    SIGFPE, SIGUSR1, SIGSEGV, SIGUSR2, SIGALRM, SIGTERM, SIGSTKFLT, SIGXCPU, SIGXFSZ,
	    SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSYS };
	size_t	 i;
	int	 sig;

	for (i = 0; i < nitems(ending); i++)
		sigaddset(set, ending[i]);
	for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		sigaddset(set, sig);
}

/* An actor process started or ended: the guardian kills the ones alive
 * if the controller dies. */
static void
tell_guardian(void *arg, pid_t pid, int pidfd)
{
	(void)arg;
	if (pidfd != -1)
		guardian_add_process(guardian, pidfd, pid);
	else
		guardian_process_gone(guardian, pid);
}

static const struct lab_listener guardian_listener = { .process = tell_guardian };

static void	guardian_cb(int, short, void *);

static void
guardian_watch(void)
{
	if (guardian != NULL) {
		loop_add_fd(app.loop, guardian_pidfd(guardian), POLLIN, guardian_cb, NULL);
		guardian_started_ns = now_ns();
		if (app.lab != NULL)
			app.lab->guardian = guardian_pid(guardian);
	} else if (app.lab != NULL)
		app.lab->guardian = 0;
}

/* The guardian ended while the controller lives (someone killed it):
 * start another and tell it every live actor again. */
static void
guardian_cb(int fd, short revents, void *arg)
{
	struct lab	*lab = app.lab;
	struct actor	*a;
	char		*cause = NULL;
	pid_t		 old = guardian_pid(guardian);
	size_t		 i;
	int		 status;
	bool		 known;

	(void)revents;
	(void)arg;
	known = probe_process_exit(fd, old, &status);
	loop_del_fd(app.loop, fd);
	if (now_ns() - guardian_started_ns < NS_PER_S)
		guardian_failures++;
	else
		guardian_failures = 0;
	if (guardian_failures >= 3) {
		guardian_stop(&guardian);
		guardian_watch();
		lab_record(lab, RECORD_GUARDIAN, NULL, REC_ERROR, NULL,
		    "the guardian (pid %d) keeps ending; no new one is started: if ipcscope is "
		    "killed now, what it made stays until its next start", (int)old);
		return;
	}
	if (!guardian_restart(guardian, &cause)) {
		guardian_stop(&guardian);
		guardian_watch();
		lab_record(lab, RECORD_GUARDIAN, NULL, REC_ERROR, NULL,
		    "the guardian (pid %d) ended and %s: if ipcscope is killed now, what it made "
		    "stays until its next start", (int)old, cause);
		free(cause);
		return;
	}
	guardian_watch();
	for (i = 0; i < lab->nactors; i++) {
		a = lab->actors[i];
		if (!a->is_thread && a->life == ACTOR_ALIVE && a->pidfd != -1)
			guardian_add_process(guardian, a->pidfd, a->pid);
	}
	if (known && WIFSIGNALED(status))
		lab_record(lab, RECORD_GUARDIAN, NULL, REC_ERROR, NULL,
		    "the guardian (pid %d) was killed by %s; a new one, pid %d, watches the lab",
		    (int)old, sig_name(WTERMSIG(status)), (int)guardian_pid(guardian));
	else
		lab_record(lab, RECORD_GUARDIAN, NULL, REC_ERROR, NULL,
		    "the guardian (pid %d) ended; a new one, pid %d, watches the lab", (int)old,
		    (int)guardian_pid(guardian));
}

/* IPCSCOPE_TEST_CRASH=segv|abort: SIGUSR2 makes the controller crash
 * for real, with no chance to clean up, as a bug would: the exit-path
 * tests check that the guardian leaves nothing. */
static const char	*test_crash;

/* A fault or an abort: the terminal back to the user before the process
 * dies, so that the shell's prompt, which comes as soon as it is dead,
 * is not wiped by the guardian giving it back later. Then the fault
 * happens again (or abort raises again) under the default: death, with
 * its status. The fault signals are not
 * blocked, as the other ending signals are for the signalfd, or a fault
 * would kill at once: one sent (kill -SEGV) is made pending and blocked
 * again here, and the signalfd takes it as it takes the others. */
static const int	 crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
static pid_t		 crash_pid;	/* the controller's: a child forked with the
					 * handler has a terminal of none of its own */

static void
crash_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t	*uc = ucv;
	int		 saved = errno;

	if (sig != SIGABRT && si->si_code <= 0 && getpid() == crash_pid) {
		sigaddset(&uc->uc_sigmask, sig);
		syscall(SYS_tgkill, crash_pid, crash_pid, sig);
		errno = saved;
		return;
	}
	if (getpid() == crash_pid)
		guardian_crash_terminal(guardian);
	/* Death by the default action, now: pending once this returns, even
	 * for a fault that would not come again. */
	signal(sig, SIG_DFL);
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
	errno = saved;
}

static void
crash_handlers(void)
{
	struct sigaction	 sa;
	sigset_t		 faults;
	size_t			 i;

	static char		 altstack[64 * 1024];
	stack_t			 ss;

	crash_pid = getpid();
	/* Its own stack: a stack overflow is a fault too. */
	memset(&ss, 0, sizeof ss);
	ss.ss_sp = altstack;
	ss.ss_size = sizeof altstack;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = crash_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&faults);
	for (i = 0; i < nitems(crash_signals); i++) {
		sigaction(crash_signals[i], &sa, NULL);
		if (crash_signals[i] != SIGABRT)
			sigaddset(&faults, crash_signals[i]);
	}
	sigprocmask(SIG_UNBLOCK, &faults, NULL);
}

static void __attribute__((noreturn))
crash_now(void)
{
	volatile int	*page;

	if (strcmp(test_crash, "abort") == 0)
		abort();
	/* A store to a page that forbids it: a real SIGSEGV. */
	page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED)
		*page = 1;
	abort();
}

static void
signal_cb(int fd, short revents, void *arg)
{
	struct signalfd_siginfo	 si;
	ssize_t			 n;

	(void)revents;
	(void)arg;
	while ((n = read(fd, &si, sizeof si)) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGUSR2 && test_crash != NULL)
			crash_now();
		switch (si.ssi_signo) {
		case SIGCHLD:
			lab_sigchld(app.lab);
			break;
		case SIGINT:
			if (app.interactive) {
				app.interrupted = true;
				break;
			}
			app.quit_signal = (int)si.ssi_signo;
			break;
		case SIGWINCH:
		case SIGTSTP:
		case SIGCONT:
			if (app.on_signal != NULL)
				app.on_signal(&app, (int)si.ssi_signo);
			break;
		default:
			app.quit_signal = (int)si.ssi_signo;
			break;
		}
	}
}

/* Standard output is a pipe and its reader went away ("| head"). */
static void
stdout_cb(int fd, short revents, void *arg)
{
	(void)arg;
	if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
		app.out.broken = true;
		loop_del_fd(app.loop, fd);
	}
}

static const struct frontend *
frontend_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < nitems(frontends); i++) {
		if (strcmp(frontends[i]->name, name) == 0)
			return frontends[i];
	}
	fatal("no frontend called %s", name);
}

/* The full screen cannot run here: say why, and take the line mode. */
static const struct frontend *
frontend_fallback(void)
{
	const char	*term = getenv("TERM");

	if (!isatty(STDOUT_FILENO))
		fprintf(stderr, "ipcscope: standard output is not a terminal; using the line mode\n");
	else
		output_message(stderr, "the terminal (TERM=%s) cannot show the full screen; "
		    "using the line mode", word_short(term != NULL ? term : ""));
	return frontend_find("line");
}

/* -p PID,...: the processes to observe from the start. */
static pid_t	*start_pids;
static size_t	 nstart_pids;

static bool
pids_add(const char *list)
{
	const char	*p = list;
	char		*end;
	long		 pid;

	for (;;) {
		errno = 0;
		pid = strtol(p, &end, 10);
		if (end == p || errno != 0 || pid <= 0 || pid > INT_MAX || (*end != ',' && *end != '\0')) {
			output_message(stderr, "-p takes process ids separated by commas (-p 4242,4250), "
			    "not '%s'", word_short(list));
			return false;
		}
		start_pids = xreallocarray(start_pids, nstart_pids + 1, sizeof *start_pids);
		start_pids[nstart_pids++] = (pid_t)pid;
		if (*end == '\0')
			return true;
		p = end + 1;
	}
}

/* Observe the processes of -p; false, having said why, if one cannot be. */
static bool
observe_pids(void)
{
	struct actor	*a;
	char		*cause = NULL;
	size_t		 i;
	bool		 ok = true;

	for (i = 0; i < nstart_pids && ok; i++) {
		if (!lab_observe_pid(app.lab, start_pids[i], 0, &a, &cause)) {
			output_message(stderr, "-p %d: %s", (int)start_pids[i], cause);
			free(cause);
			ok = false;
		}
	}
	free(start_pids);
	start_pids = NULL;
	return ok;
}

/* Every actor costs the controller descriptors (its channel, pidfd and
 * stat file): take all the system allows this user. */
static void
raise_fd_limit(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* --diff OLD NEW: what changed between two snapshots, like diff(1): 0
 * when nothing did, 1 when something did, 2 when one cannot be read. */
static int
diff_main(int argc, char **argv, bool other_options)
{
	struct snapshot	*old = NULL, *new = NULL;
	struct buf	 b;
	char		*cause = NULL;
	size_t		 n;

	if (argc != 2 || other_options) {
		fprintf(stderr, "ipcscope: usage: ipcscope [-j] --diff OLD NEW (two snapshots "
		    "saved by save FILE, and nothing else)\n");
		return 2;
	}
	if ((old = snapshot_load(argv[0], &cause)) == NULL ||
	    (new = snapshot_load(argv[1], &cause)) == NULL) {
		output_message(stderr, "%s", cause);
		free(cause);
		snapshot_free(&old);
		return 2;
	}
	buf_init(&b);
	if (!app.out.json) {
		buf_adds(&b, "--- ");
		snapshot_add_label(&b, old);
		buf_printf(&b, " (%s)\n+++ ", argv[0]);
		snapshot_add_label(&b, new);
		buf_printf(&b, " (%s)\n", argv[1]);
		if (old->boot_id != NULL && new->boot_id != NULL &&
		    strcmp(old->boot_id, new->boot_id) != 0)
			buf_adds(&b, "note: taken on different boots or machines: the same name may "
			    "not be the same process\n");
	}
	n = snapshot_diff(&b, old, new, app.out.json);
	if (n == 0 && !app.out.json)
		buf_adds(&b, "no change\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	snapshot_free(&old);
	snapshot_free(&new);
	return fflush(stdout) == 0 && !ferror(stdout) ? (n > 0) : 2;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch",	required_argument,	NULL, 'b' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "trace",	no_argument,		NULL, 'x' },
		{ "delay",	required_argument,	NULL, 'd' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "demo",	no_argument,		NULL, 'D' },
		{ "line",	no_argument,		NULL, 'L' },
		{ "source",	required_argument,	NULL, 's' },
		{ "pid",	required_argument,	NULL, 'p' },
		{ "list",	no_argument,		NULL, 'l' },
		{ "read-timeout", required_argument,	NULL, 'R' },
		{ "dot",	no_argument,		NULL, 'G' },
		{ "load",	required_argument,	NULL, 'O' },
		{ "diff",	no_argument,		NULL, 'F' },
		{ "lesson",	optional_argument,	NULL, 'E' },
		{ "record",	required_argument,	NULL, 'K' },
		{ "replay",	required_argument,	NULL, 'Y' },
		{ "cast",	required_argument,	NULL, 'C' },
		{ NULL,		0,			NULL, 0 },
	};
	const struct frontend	*fe;
	const int		*sig;
	bool			 line = false, list = false, diff = false;
	const char		*load = NULL, *lesson = NULL, *cast = NULL;
	const char		*record = NULL, *replay = NULL;
	char			*cast_words[2];	/* --cast and its file, as argv has them */
	size_t			 ncast_words = 0;
	static char		*lesson_file;	/* --lesson's, for the run (app.source) */
	bool			 lessons = false;
	struct snapshot		*loaded = NULL;
	sigset_t		 sigs;
	char			*cause = NULL;
	int			 ch, sigfd, status;
	int64_t			 read_timeout;
	bool			 ok, replay_print;

	/* Under --cast's relay: where chapters are told (before anything
	 * can be started that would inherit it). */
	cast_take();
	setlocale(LC_ALL, "");
	app.delay_ns = DELAY_DEFAULT_NS;
	while ((ch = getopt_long(argc, argv, "b:jxd:hVs:p:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			app.script = optarg;
			break;
		case 'j':
			app.out.json = true;
			break;
		case 'x':
			app.trace = true;
			break;
		case 'd':
			if (!parse_duration(optarg, &app.delay_ns) || app.delay_ns < NS_PER_MS ||
			    app.delay_ns > 60 * NS_PER_S) {
				output_message(stderr, "-d takes a duration from 1ms to 60s, such as 100ms or 0.5s, not '%s'",
				    word_short(optarg));
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("ipcscope %s\n", PACKAGE_VERSION);
			return 0;
		case 'D':
			app.demo = true;
			break;
		case 'L':
			line = true;
			break;
		case 'l':
			list = true;
			break;
		case 'G':
			app.dot = true;
			break;
		case 'O':
			load = optarg;
			break;
		case 'F':
			diff = true;
			break;
		case 'K':
			record = optarg;
			break;
		case 'Y':
			replay = optarg;
			break;
		case 'p':
			if (!pids_add(optarg))
				return 2;
			break;
		case 'R':
			if (!parse_duration(optarg, &read_timeout) || read_timeout < NS_PER_MS ||
			    read_timeout > 60 * NS_PER_S) {
				output_message(stderr, "--read-timeout takes a duration from 1ms to 60s, such as 200ms or 2s, not '%s'",
				    word_short(optarg));
				return 2;
			}
			guard_set_deadline((unsigned)(read_timeout / NS_PER_MS));
			break;
		case 's':
			app.source = optarg;
			break;
		case 'E':
			/* --lesson NAME as well as --lesson=NAME; alone, the list. */
			if (optarg == NULL && optind < argc && argv[optind][0] != '-')
				optarg = argv[optind++];
			lessons = true;
			lesson = optarg;
			break;
		case 'C':
			if (cast != NULL) {
				output_message(stderr, "--cast is given twice ('%s', then '%s'); a session "
				    "is recorded to one file", word_short(cast), word_short(optarg));
				return 2;
			}
			cast = optarg;
			/* The words the relay takes out again: --cast FILE, or
			 * --cast=FILE alone. */
			ncast_words = 0;
			if (optarg == argv[optind - 1] && optind >= 3)
				cast_words[ncast_words++] = argv[optind - 2];
			cast_words[ncast_words++] = argv[optind - 1];
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (diff)
		return diff_main(argc - optind, argv + optind, list || load != NULL ||
		    app.script != NULL || app.demo || line || app.source != NULL || nstart_pids > 0 || app.dot ||
		    cast != NULL || record != NULL || replay != NULL);
	if (lessons && (list || load != NULL || app.script != NULL || app.demo ||
	    app.source != NULL || nstart_pids > 0)) {
		fprintf(stderr, "ipcscope: --lesson does not go with --%s%s\n",
		    list ? "list" : load != NULL ? "load" : app.script != NULL ? "batch" :
		    app.demo ? "demo" : app.source != NULL ? "source" : "pid",
		    app.script != NULL ? "; to check a lesson without a terminal: ipcscope "
		    "--batch FILE, with the file ipcscope --lesson lists" : "");
		return 2;
	}
	if (replay != NULL && (record != NULL || load != NULL || nstart_pids > 0 || app.demo ||
	    lessons || app.source != NULL || list)) {
		fprintf(stderr, "ipcscope: --replay plays a recording, read-only; it does not go "
		    "with --%s\n", record != NULL ? "record" : load != NULL ? "load" :
		    nstart_pids > 0 ? "pid" : app.demo ? "demo" : lessons ? "lesson" :
		    app.source != NULL ? "source" : "list");
		return 2;
	}
	if (record != NULL && (list || load != NULL)) {
		fprintf(stderr, "ipcscope: --record keeps a run of the lab; it does not go with "
		    "--%s\n", list ? "list" : "load");
		return 2;
	}
	if (lessons && lesson == NULL && (record != NULL || replay != NULL || cast != NULL)) {
		fprintf(stderr, "ipcscope: --lesson without a name lists the lessons; to record one: "
		    "ipcscope --%s FILE --lesson NAME\n", cast != NULL ? "cast" : "record");
		return 2;
	}
	if (lessons && lesson == NULL)
		return lesson_list(stdout) ? 0 : 1;
	if (lesson != NULL) {
		if ((lesson_file = lesson_path(lesson, &cause)) == NULL) {
			output_message(stderr, "%s", cause);
			free(cause);
			return 2;
		}
		app.source = lesson_file;
		app.lesson = true;
	}
	if (app.dot && !list) {
		fprintf(stderr, "ipcscope: --dot goes with --list (in the lab, the dot command "
		    "writes the graph)\n");
		return 2;
	}
	if (load != NULL && (nstart_pids > 0 || app.demo)) {
		fprintf(stderr, "ipcscope: --load shows a snapshot, read-only; it does not go with "
		    "--%s\n", nstart_pids > 0 ? "pid" : "demo");
		return 2;
	}
	if (optind != argc) {
		output_message(stderr, "unexpected argument '%s'; to run a script: ipcscope --batch %s",
		    word_short(argv[optind]), word_short(argv[optind]));
		return 2;
	}
	if (list && (app.script != NULL || app.demo || line || app.source != NULL || cast != NULL)) {
		fprintf(stderr, "ipcscope: --list prints once and ends; it does not go with --%s\n",
		    app.script != NULL ? "batch" : app.demo ? "demo" : line ? "line" :
		    app.source != NULL ? "source" : "cast");
		return 2;
	}
	if (app.script != NULL && (app.demo || line || app.source != NULL)) {
		fprintf(stderr, "ipcscope: --%s is for the terminal; it does not go with --batch\n",
		    app.demo ? "demo" : line ? "line" : "source");
		return 2;
	}
	if (app.script == NULL && !list && replay == NULL && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "ipcscope: standard input is not a terminal; to run commands from it: ipcscope --batch -\n");
		return 2;
	}

	if (load != NULL && (loaded = snapshot_load(load, &cause)) == NULL) {
		output_message(stderr, "%s", cause);
		free(cause);
		return 2;
	}
	if (replay != NULL && (app.replay = replay_load(replay, &cause)) == NULL) {
		output_message(stderr, "%s", cause);
		free(cause);
		return 2;
	}
	if (app.replay != NULL && replay_warning(app.replay) != NULL)
		output_message(stderr, "%s", replay_warning(app.replay));
	/* Without a terminal or a script, a replay prints its events. */
	replay_print = replay != NULL && app.script == NULL && !isatty(STDIN_FILENO);
	/* The recording's file made now: one that cannot be is said before
	 * anything runs (and outside --cast's recording), and a script is not
	 * overwritten by its own recording. */
	if (record != NULL && !record_check(record, &cause)) {
		output_message(stderr, "%s", cause);
		free(cause);
		replay_free(&app.replay);
		snapshot_free(&loaded);
		return 2;
	}
	/* Every option checked here, so that the program run again under
	 * the relay does not fail on one inside the recording. */
	if (cast != NULL) {
		snapshot_free(&loaded);
		replay_free(&app.replay);
		return cast_relay(cast, argv, cast_words, ncast_words);
	}

	test_crash = getenv("IPCSCOPE_TEST_CRASH");
	if (test_crash != NULL && strcmp(test_crash, "segv") != 0 && strcmp(test_crash, "abort") != 0)
		test_crash = NULL;
	cmd_init(mechanism_registry);
	raise_fd_limit();
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	add_ending_signals(&sigs);
	fe = frontend_find(list ? "list" : app.script != NULL ? "batch" : line ? "line" : "tui");
	for (sig = fe->signals; sig != NULL && *sig != 0; sig++)
		sigaddset(&sigs, *sig);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL) == -1 ||
	    (sigfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK)) == -1) {
		fprintf(stderr, "ipcscope: signalfd: %s\n", strerror(errno));
		return 1;
	}

	rt = runtime_open(mechanism_sweep, NULL, &cause);
	if (rt == NULL) {
		output_message(stderr, "%s", cause);
		free(cause);
		return 1;
	}
	if (rt->swept > 0)
		fprintf(stderr, "ipcscope: removed %d runtime director%s left by runs that did not end "
		    "cleanly, and %u object%s they had made\n", rt->swept, rt->swept == 1 ? "y" : "ies",
		    rt->sweep_count.removed, rt->sweep_count.removed == 1 ? "" : "s");

	app.loop = loop_new();
	/* First, while no actor exists and before the controller is a
	 * subreaper (the guardian must not be its child). */
	guardian = guardian_start(app.loop, rt, mechanism_sweep, NULL, &cause);
	if (guardian == NULL) {
		fprintf(stderr, "ipcscope: %s; if ipcscope is killed, what it made stays until its "
		    "next start\n", cause);
		free(cause);
		cause = NULL;
	}
	crash_handlers();
	/* Actors whose parent ends are re-parented to the lab, which reaps them. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		fprintf(stderr, "ipcscope: cannot become a subreaper: %s\n", strerror(errno));

	app.out.out = stdout;
	app.out.err = stderr;
	app.lab = lab_new(app.loop, rt, mechanism_sweep, app.delay_ns, cmd_verbs(),
	    cmd_modules(mechanism_modules));
	app.lab->log.sink = output_record;
	app.lab->log.sink_arg = &app.out;
	lab_listen(app.lab, &guardian_listener);
	cast_listen(app.lab);
	app.guardian = guardian;
	guardian_watch();
	fatal_hook = emergency_end;
	loop_add_fd(app.loop, sigfd, POLLIN, signal_cb, NULL);
	/* No events asked for: poll reports only an error or a hangup. */
	loop_add_fd(app.loop, STDOUT_FILENO, 0, stdout_cb, NULL);

	/* The full screen shows what -p observed in its log, from the ring;
	 * printed now, it would be drawn over. */
	if (strcmp(fe->name, "tui") == 0 || strcmp(fe->name, "list") == 0)
		app.lab->log.sink = NULL;
	if (record != NULL && (app.recorder = recorder_open(app.lab, app.loop, record,
	    &cause)) == NULL) {
		output_message(stderr, "%s", cause);
		freep(&cause);
		ok = false;
	} else
		ok = observe_pids();
	if (loaded != NULL)
		cmd_snapshot_show(app.lab, loaded, load);
	app.lab->log.sink = output_record;
	/* The full screen plays a replay at its pace; the others have it
	 * whole before their script. */
	if (ok && app.replay != NULL && (replay_print || strcmp(fe->name, "tui") != 0))
		replay_whole(app.replay, app.lab, app.loop);
	if (ok && replay_print)
		status = 0;
	else if (ok) {
		status = fe->run(&app);
		if (status == FRONTEND_CANNOT) {
			/* The full screen would have played it: the line mode
			 * has it whole first, as the others do. */
			if (app.replay != NULL)
				replay_whole(app.replay, app.lab, app.loop);
			status = frontend_fallback()->run(&app);
		}
	} else
		status = record != NULL && app.recorder == NULL ? 2 : 1;

	recorder_close(&app.recorder);
	fatal_hook = NULL;
	app.lab->log.sink = NULL;
	lab_free(&app.lab);
	loop_del_fd(app.loop, sigfd);
	if (!app.out.broken)
		loop_del_fd(app.loop, STDOUT_FILENO);
	if (guardian != NULL)
		loop_del_fd(app.loop, guardian_pidfd(guardian));
	close(sigfd);
	end_run();
	replay_free(&app.replay);
	loop_free(&app.loop);
	if (app.out.broken)
		return 128 + SIGPIPE;	/* as if SIGPIPE had ended it, silently */
	if (app.quit_signal != 0) {
		fflush(stdout);
		fprintf(stderr, "ipcscope: ended by %s; the lab was cleaned up\n",
		    strsignal(app.quit_signal));
		return 128 + app.quit_signal;
	}
	return status;
}
