/* cast.c: --cast FILE, a relay as script(1) is one. The full screen
 * needs a terminal of its own, so its output cannot be teed: the relay
 * makes a pseudoterminal, runs the program again on it, passes keys in
 * and output out, and writes each chunk of output, each resize and each
 * chapter begun as an event of an asciicast (version 2). */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cast.h"
#include "desc.h"
#include "lab.h"
#include "listener.h"
#include "output.h"
#include "record.h"
#include "util.h"

/* After the program ends, its guardian may still be giving the terminal
 * back (after a crash) and saying what it cleaned up: output is waited
 * for until nothing holds the pseudoterminal, this long at most. */
#define CAST_LINGER_NS	(3 * NS_PER_S)
/* A chapter's label is one line, at most this long: written at once. */
#define CAST_LABEL_MAX	512
/* Reads of output before a marker, at most: a screen that never stops
 * drawing must not hold the marker back for ever. */
#define CAST_DRAIN_MAX	64

struct cast {
	int		 file;		/* the recording */
	int		 master;	/* the pseudoterminal's side the relay holds */
	int		 labels;	/* chapters' labels come in here, or -1 */
	int		 sigfd;
	pid_t		 child;
	int64_t		 start_ns;
	bool		 keys;		/* standard input is a terminal: keys go in */
	bool		 errors_shown;	/* standard error is a terminal: it is recorded too */
	bool		 raw;		/* ...and it is in raw mode now */
	bool		 modes_known;	/* saved holds the terminal's modes */
	struct termios	 saved;		/* given back on every way out */
	struct winsize	 size;
	unsigned char	 held[4];	/* a character the chunk's end cut */
	size_t		 nheld;
	struct buf	 label;		/* a label not yet ended by its newline */
	bool		 out_gone;	/* standard output cannot be written */
	int		 error;		/* the recording could not be written: errno */
	bool		 ended;		/* the program ended, with status */
	int		 status;
	int64_t		 ended_ns;
	bool		 hung_up;	/* nothing holds the pseudoterminal any longer */
	char		 self[PATH_MAX];	/* this program's file */
};

/* The relay running, for its fatal hook. */
static struct cast	*cast_running;

/* Signals the relay reads from its signalfd; those of them that would
 * end it are passed on to the program, which ends in order. */
static const int	 cast_signals[] = { SIGCHLD, SIGWINCH, SIGHUP, SIGINT, SIGQUIT, SIGTERM };

static void
cast_put(struct cast *c, const struct buf *b)
{
	if (c->error == 0 && !write_all(c->file, b->data, b->len))
		c->error = errno;
}

/* One event: [TIME, "CODE", "DATA"], the time in seconds from the start. */
static void
cast_event(struct cast *c, const char *code, const void *data, size_t len)
{
	struct buf	 b;
	int64_t		 t = now_ns() - c->start_ns;

	buf_init(&b);
	buf_printf(&b, "[%lld.%06lld, \"%s\", ", (long long)(t / NS_PER_S),
	    (long long)(t % NS_PER_S / NS_PER_US), code);
	json_add_text(&b, data, len);
	buf_adds(&b, "]\n");
	cast_put(c, &b);
	buf_free(&b);
}

/* How many bytes at the end of s begin a character that the next chunk
 * ends: a lead byte with fewer continuation bytes after it than it needs. */
static size_t
utf8_unfinished(const unsigned char *s, size_t len)
{
	size_t	 back, need;

	for (back = 1; back <= 3 && back <= len; back++) {
		if ((s[len - back] & 0xc0) == 0x80)
			continue;
		if (s[len - back] >= 0xf0)
			need = 4;
		else if (s[len - back] >= 0xe0)
			need = 3;
		else if (s[len - back] >= 0xc0)
			need = 2;
		else
			return 0;
		return need > back ? back : 0;
	}
	return 0;
}

/* Output of the program: to standard output as it is, and to the
 * recording as text, a character cut by the chunk's end kept for the
 * next (an event holds whole characters). */
static void
cast_output(struct cast *c, const void *data, size_t len)
{
	struct buf	 text;
	size_t		 keep;

	if (!c->out_gone && !write_all(STDOUT_FILENO, data, len))
		c->out_gone = true;
	buf_init(&text);
	buf_add(&text, c->held, c->nheld);
	buf_add(&text, data, len);
	keep = utf8_unfinished((const unsigned char *)text.data, text.len);
	memcpy(c->held, text.data + text.len - keep, keep);
	c->nheld = keep;
	if (text.len > keep)
		cast_event(c, "o", text.data, text.len - keep);
	buf_free(&text);
}

/* Read what the program has written, up to now (a read of the master
 * waits for what the kernel is still passing over), at most most reads. */
static void
cast_drain(struct cast *c, int most)
{
	static char	 data[65536];
	ssize_t		 n;

	while (!c->hung_up && most-- > 0) {
		n = read(c->master, data, sizeof data);
		if (n > 0) {
			cast_output(c, data, (size_t)n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		c->hung_up = true;	/* EIO: its last holder closed it */
	}
}

/* Labels of chapters begun, a line each: a marker for each, after all
 * the output the program wrote before it began the chapter. False when
 * there was nothing to read. */
static bool
cast_labels(struct cast *c)
{
	char		 data[4096];
	char		*nl;
	ssize_t		 n;

	n = read(c->labels, data, sizeof data);
	if (n == -1 && errno == EINTR)
		return true;
	if (n == -1 && errno == EAGAIN)
		return false;
	if (n <= 0) {
		close(c->labels);
		c->labels = -1;
		return false;
	}
	buf_add(&c->label, data, (size_t)n);
	if (memchr(c->label.data, '\n', c->label.len) != NULL)
		cast_drain(c, CAST_DRAIN_MAX);
	while ((nl = memchr(c->label.data, '\n', c->label.len)) != NULL) {
		cast_event(c, "m", c->label.data, (size_t)(nl - c->label.data));
		buf_consume(&c->label, (size_t)(nl - c->label.data) + 1);
	}
	if (c->label.len > CAST_LABEL_MAX)
		buf_reset(&c->label);	/* no label: not a line of ours */
	return true;
}

/* The terminal's size, or 80x24 without one. */
static void
cast_size(struct winsize *ws)
{
	if ((ioctl(STDOUT_FILENO, TIOCGWINSZ, ws) == -1 &&
	    ioctl(STDIN_FILENO, TIOCGWINSZ, ws) == -1) || ws->ws_col == 0 || ws->ws_row == 0) {
		memset(ws, 0, sizeof *ws);
		ws->ws_col = 80;
		ws->ws_row = 24;
	}
}

/* The terminal was resized: so is the pseudoterminal (the program gets
 * its SIGWINCH from it), and the recording says so. */
static void
cast_resize(struct cast *c)
{
	struct winsize	 ws;
	char		 text[32];

	cast_size(&ws);
	if (ws.ws_col == c->size.ws_col && ws.ws_row == c->size.ws_row)
		return;
	c->size = ws;
	if (ioctl(c->master, TIOCSWINSZ, &ws) == -1)
		return;
	snprintf(text, sizeof text, "%ux%u", ws.ws_col, ws.ws_row);
	cast_event(c, "r", text, strlen(text));
}

static void
cast_raw(struct cast *c)
{
	struct termios	 raw;

	if (!c->keys || c->raw)
		return;
	raw = c->saved;
	cfmakeraw(&raw);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
		c->raw = true;
}

static void
cast_restore(struct cast *c)
{
	if (!c->raw)
		return;
	(void)tcsetattr(STDIN_FILENO, TCSADRAIN, &c->saved);
	c->raw = false;
}

/* A bug in the relay: the terminal given back before it aborts. */
static void
cast_fatal(void)
{
	if (cast_running != NULL)
		cast_restore(cast_running);
}

/* The program stopped itself (the full screen's Ctrl-Z): the relay
 * stops too, the terminal given back, so that the shell has it; fg
 * continues the relay, which continues the program. A program run
 * without keys was stopped by someone else, who continues it. */
static void
cast_suspend(struct cast *c)
{
	if (!c->keys)
		return;
	cast_restore(c);
	kill(getpid(), SIGSTOP);
	cast_raw(c);
	cast_resize(c);
	kill(c->child, SIGCONT);
}

static void
cast_reap(struct cast *c)
{
	pid_t	 pid;
	int	 status;

	while (!c->ended && (pid = waitpid(c->child, &status, WNOHANG | WUNTRACED)) != 0) {
		if (pid == -1) {
			if (errno == EINTR)
				continue;
			fatal("waitpid %d: %s", (int)c->child, errno_str(errno));
		}
		if (WIFSTOPPED(status)) {
			cast_suspend(c);
			continue;
		}
		c->status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
		c->ended = true;
		c->ended_ns = now_ns();
	}
}

static void
cast_signal(struct cast *c)
{
	struct signalfd_siginfo	 si;

	while (read(c->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			cast_reap(c);
			break;
		case SIGWINCH:
			cast_resize(c);
			break;
		default:
			/* The program ends in order, and the recording with it. */
			if (!c->ended)
				kill(c->child, (int)si.ssi_signo);
			break;
		}
	}
}

/* Keys, passed in as they come. A program that does not read them for
 * long fills the pseudoterminal's queue: then they are dropped, as the
 * relay must not stop passing output out. */
static bool
cast_keys(struct cast *c)
{
	char	 data[4096];
	ssize_t	 n;

	n = read(STDIN_FILENO, data, sizeof data);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (!write_all(c->master, data, (size_t)n)) {
		/* Dropped. */
	}
	return true;
}

/* Until the program has ended and nothing holds the pseudoterminal (its
 * guardian, after a crash, gives it back and says what it cleaned up),
 * or that has taken CAST_LINGER_NS. */
static void
cast_run(struct cast *c)
{
	struct pollfd	 p[4];
	int64_t		 left;
	nfds_t		 n;
	bool		 keys_open = c->keys;
	int		 timeout;

	for (;;) {
		left = c->ended ? c->ended_ns + CAST_LINGER_NS - now_ns() : 0;
		if (c->ended && (c->hung_up || left <= 0))
			break;
		n = 0;
		p[n].fd = c->sigfd;
		p[n++].events = POLLIN;
		p[n].fd = c->hung_up ? -1 : c->master;
		p[n++].events = POLLIN;
		p[n].fd = c->labels;
		p[n++].events = POLLIN;
		/* Keys typed once the program has ended are the shell's. */
		p[n].fd = keys_open && !c->ended ? STDIN_FILENO : -1;
		p[n++].events = POLLIN;
		timeout = c->ended ? (int)(left / NS_PER_MS) + 1 : -1;
		if (poll(p, n, timeout) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll: %s", errno_str(errno));
		}
		if (p[1].revents != 0)
			cast_drain(c, 1);
		if (p[2].revents != 0)
			cast_labels(c);
		if (p[3].revents != 0 && !cast_keys(c))
			keys_open = false;
		if (p[0].revents != 0)
			cast_signal(c);
	}
	/* Labels the program wrote just before it ended. */
	while (c->labels != -1 && cast_labels(c))
		continue;
}

/* {"version": 2, "width": W, "height": H, "timestamp": T, "env": {...},
 * "title": "ipcscope ..."}: the program's words as the title. */
static void
cast_header(struct cast *c, char **args)
{
	static const char	*const vars[] = { "SHELL", "TERM" };
	struct buf		 b, title;
	const char		*v, *sep = "";
	size_t			 i;

	buf_init(&b);
	buf_printf(&b, "{\"version\": 2, \"width\": %u, \"height\": %u, \"timestamp\": %lld, "
	    "\"env\": {", c->size.ws_col, c->size.ws_row, (long long)time(NULL));
	for (i = 0; i < nitems(vars); i++) {
		if ((v = getenv(vars[i])) == NULL)
			continue;
		buf_printf(&b, "%s\"%s\": ", sep, vars[i]);
		json_add_text(&b, v, strlen(v));
		sep = ", ";
	}
	buf_init(&title);
	buf_adds(&title, "ipcscope");
	for (i = 1; args[i] != NULL; i++)
		buf_printf(&title, " %s", args[i]);
	buf_adds(&b, "}, \"title\": ");
	json_add_text(&b, title.data, title.len);
	buf_adds(&b, "}\n");
	cast_put(c, &b);
	buf_free(&title);
	buf_free(&b);
}

/* The child: a session of its own whose terminal is the slave side,
 * the labels' descriptor kept across exec and named in the
 * environment, the program again. Its output goes to the slave side;
 * its input and its errors do where they come from or go to a terminal
 * (what a script reads stays what it reads, to its end; errors a
 * terminal would not show are not recorded). A failure is told to the relay
 * through report as an errno. */
static void __attribute__((noreturn))
cast_child(struct cast *c, char **args, int slave, int labels, int report,
    const sigset_t *mask, const struct sigaction *sigpipe)
{
	char	 fd_text[16];
	int	 error;

	sigprocmask(SIG_SETMASK, mask, NULL);
	sigaction(SIGPIPE, sigpipe, NULL);
	if (setsid() == -1 || ioctl(slave, TIOCSCTTY, 0) == -1 ||
	    (c->keys && dup2(slave, STDIN_FILENO) == -1) || dup2(slave, STDOUT_FILENO) == -1 ||
	    (c->errors_shown && dup2(slave, STDERR_FILENO) == -1) ||
	    fcntl(labels, F_SETFD, 0) == -1)
		goto failed;
	snprintf(fd_text, sizeof fd_text, "%d", labels);
	if (setenv(CAST_FD_ENV, fd_text, 1) == -1)
		goto failed;
	/* By its own name, which is what ps and the kernel call it. */
	execv(c->self, args);
failed:
	error = errno;
	if (write(report, &error, sizeof error) == -1) {
		/* The relay sees the child end all the same. */
	}
	_exit(127);
}

/* The program started on the slave side; false with *cause if it could
 * not be. */
static bool
cast_start(struct cast *c, char **args, int slave, int labels, const sigset_t *mask,
    const struct sigaction *sigpipe, char **cause)
{
	int	 report[2], error;
	ssize_t	 n;

	if (pipe2(report, O_CLOEXEC) == -1) {
		*cause = xasprintf("cannot start: %s", errno_str(errno));
		return false;
	}
	if ((c->child = fork()) == -1) {
		*cause = xasprintf("cannot start: %s", errno_str(errno));
		close(report[0]);
		close(report[1]);
		return false;
	}
	if (c->child == 0)
		cast_child(c, args, slave, labels, report[1], mask, sigpipe);
	close(report[1]);
	while ((n = read(report[0], &error, sizeof error)) == -1 && errno == EINTR)
		continue;
	close(report[0]);
	if (n != (ssize_t)sizeof error)
		return true;	/* closed by exec */
	while (waitpid(c->child, NULL, 0) == -1 && errno == EINTR)
		continue;
	*cause = xasprintf("cannot run %s in the new terminal: %s", c->self, errno_str(error));
	return false;
}

/* The pseudoterminal, the terminal's modes and size given to it: its
 * master in c, its slave in *slave. */
static bool
cast_terminal(struct cast *c, int *slave, char **cause)
{
	char	 name[PATH_MAX];

	if ((c->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1 ||
	    grantpt(c->master) == -1 || unlockpt(c->master) == -1 ||
	    (errno = ptsname_r(c->master, name, sizeof name)) != 0 ||
	    (*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot make a terminal to record: %s", errno_str(errno));
		return false;
	}
	if (c->modes_known)
		(void)tcsetattr(*slave, TCSANOW, &c->saved);
	(void)ioctl(c->master, TIOCSWINSZ, &c->size);
	if (fcntl(c->master, F_SETFL, O_NONBLOCK) == -1) {
		*cause = xasprintf("cannot make a terminal to record: %s", errno_str(errno));
		return false;
	}
	return true;
}

/* The words the program runs with again: argv less drop. */
static char **
cast_args(char **argv, char *const *drop, size_t ndrop)
{
	char	**args;
	size_t	  i, j, n = 0;

	while (argv[n] != NULL)
		n++;
	args = xcalloc(n + 1, sizeof *args);
	for (i = n = 0; argv[i] != NULL; i++) {
		for (j = 0; j < ndrop && drop[j] != argv[i]; j++)
			continue;
		if (j == ndrop)
			args[n++] = argv[i];
	}
	return args;
}

/* Descriptors 0, 1 and 2 open, so that none of the relay's own takes
 * one of their places in the program. */
static void
cast_standard_fds(void)
{
	int	 fd;

	while ((fd = open("/dev/null", O_RDWR)) != -1 && fd <= STDERR_FILENO)
		continue;
	if (fd > STDERR_FILENO)
		close(fd);
}

int
cast_relay(const char *path, char **argv, char *const *drop, size_t ndrop)
{
	struct cast		 c;
	struct sigaction	 sigpipe, ign;
	sigset_t		 sigs, old;
	char			**args, *cause = NULL;
	int			 slave = -1, labels[2] = { -1, -1 };
	size_t			 i;
	ssize_t			 n;

	cast_standard_fds();
	memset(&c, 0, sizeof c);
	c.master = c.labels = c.sigfd = -1;
	c.start_ns = now_ns();
	buf_init(&c.label);
	if ((n = readlink("/proc/self/exe", c.self, sizeof c.self - 1)) > 0)
		c.self[n] = '\0';
	else
		copy_str(c.self, sizeof c.self, "/proc/self/exe");
	c.keys = isatty(STDIN_FILENO);
	c.errors_shown = isatty(STDERR_FILENO);
	c.modes_known = tcgetattr(c.keys ? STDIN_FILENO : STDOUT_FILENO, &c.saved) == 0;
	cast_size(&c.size);
	if ((c.file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644)) == -1) {
		output_message(stderr, "--cast %s: %s: the recording needs a file it can write",
		    path, errno_str(errno));
		return 2;
	}
	args = cast_args(argv, drop, ndrop);

	sigemptyset(&sigs);
	for (i = 0; i < nitems(cast_signals); i++)
		sigaddset(&sigs, cast_signals[i]);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &sigpipe);
	/* SIGCHLD ignored by whoever started it would reap the child for
	 * us, and the relay would never hear how it ended. */
	signal(SIGCHLD, SIG_DFL);
	if (sigprocmask(SIG_BLOCK, &sigs, &old) == -1 ||
	    (c.sigfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		cause = xasprintf("cannot record: %s", errno_str(errno));
	else if (pipe2(labels, O_CLOEXEC | O_NONBLOCK) == -1)
		cause = xasprintf("cannot record: %s", errno_str(errno));
	if (cause == NULL && cast_terminal(&c, &slave, &cause)) {
		cast_header(&c, args);
		if (cast_start(&c, args, slave, labels[1], &old, &sigpipe, &cause)) {
			c.labels = labels[0];
			labels[0] = -1;
		}
	}
	if (slave != -1)
		close(slave);
	if (labels[1] != -1)
		close(labels[1]);
	if (cause == NULL) {
		cast_running = &c;
		fatal_hook = cast_fatal;
		cast_raw(&c);
		cast_run(&c);
		cast_restore(&c);
		fatal_hook = NULL;
		cast_running = NULL;
		if (c.nheld > 0)
			cast_event(&c, "o", c.held, c.nheld);
	}
	if (close(c.file) == -1 && c.error == 0)
		c.error = errno;
	if (cause == NULL && c.error != 0)
		cause = xasprintf("--cast %s: %s: the recording is not whole and was removed", path,
		    errno_str(c.error));
	if (cause != NULL) {
		unlink(path);
		output_message(stderr, "%s", cause);
		free(cause);
	}
	if (labels[0] != -1)
		close(labels[0]);
	if (c.master != -1)
		close(c.master);
	if (c.sigfd != -1)
		close(c.sigfd);
	buf_free(&c.label);
	free(args);
	if (cause != NULL && !c.ended)
		return 1;
	return c.status;
}

/* ---- In the program the relay runs ---- */

static int	 cast_labels_fd = -1;

void
cast_take(void)
{
	const char	*v = getenv(CAST_FD_ENV);
	struct stat	 st;
	char		*end;
	long		 fd;

	if (v == NULL)
		return;
	errno = 0;
	fd = strtol(v, &end, 10);
	/* Only the write end of a pipe: what else the variable may name is
	 * not ours to write to. */
	if (end != v && *end == '\0' && errno == 0 && fd > STDERR_FILENO && fd < INT_MAX &&
	    fstat((int)fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    (fcntl((int)fd, F_GETFL) & O_ACCMODE) == O_WRONLY &&
	    fcntl((int)fd, F_SETFD, FD_CLOEXEC) == 0 &&
	    fcntl((int)fd, F_SETFL, O_WRONLY | O_NONBLOCK) == 0)
		cast_labels_fd = (int)fd;
	unsetenv(CAST_FD_ENV);
}

/* A chapter began: its label as one line to the relay. Never waited
 * for (the controller never blocks): a label the relay has no room for
 * is lost. */
static void
cast_chapter(void *arg, const struct record *r, enum verb_flow flow, bool timed)
{
	const struct desc_node	*number, *title;
	struct buf		 b;
	size_t			 i;

	(void)arg;
	(void)flow;
	(void)timed;
	if (r->kind != RECORD_CHAPTER || r->desc == NULL ||
	    (number = desc_find(r->desc, "number")) == NULL ||
	    (title = desc_find(r->desc, "title")) == NULL || title->str == NULL)
		return;
	buf_init(&b);
	buf_printf(&b, "chapter %lld: ", (long long)number->num);
	buf_add(&b, title->str, title->len);
	if (b.len > CAST_LABEL_MAX - 1)
		b.len = CAST_LABEL_MAX - 1;
	for (i = 0; i < b.len; i++) {
		if (b.data[i] == '\n' || b.data[i] == '\r')
			b.data[i] = ' ';
	}
	buf_addc(&b, '\n');
	if (write(cast_labels_fd, b.data, b.len) == -1) {
		/* Lost; the recording goes on. */
	}
	buf_free(&b);
}

static const struct lab_listener cast_listener = { .recorded = cast_chapter };

void
cast_listen(struct lab *lab)
{
	if (cast_labels_fd != -1)
		lab_listen(lab, &cast_listener);
}
