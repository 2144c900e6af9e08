/* siglab.c: the lab's side of signals: the reports actors send, signals
 * in flight, and an actor's signal description (siglab.h). */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab.h"
#include "loop.h"
#include "mechanism.h"
#include "module.h"
#include "probe.h"
#include "siglab.h"
#include "signames.h"
#include "sigreport.h"

#define SIGLOG_KEEP	16
/* A signal whose fate the kernel does not show (a caught one whose
 * handler never reports, say) is let go after this long. */
#define FLIGHT_MAX_NS	(2 * NS_PER_S)

struct sig_log {
	struct sig_report	 v[SIGLOG_KEEP];
	uint32_t		 n;		/* taken in all: v[(n - 1) % KEEP] is the newest */
	uint32_t		 count[65];	/* taken, per signal */
};

enum flight_kind {
	FLIGHT_CAUGHT,		/* a handler will report it */
	FLIGHT_TERM,		/* its default action ends the process */
	FLIGHT_STOP,		/* ...stops it */
	FLIGHT_CONT,		/* continues a stopped one */
};

struct sig_flight {
	uint64_t		 id;
	struct actor		*proc;
	pid_t			 tid;		/* 0: to the process */
	int			 sig;
	enum flight_kind	 kind;
	uint32_t		 seen;		/* proc's count[sig] when it was sent */
	int64_t			 until;
};

/* The module's state: the report pipe, and the signals in flight. */
struct signals {
	int			 report[2];	/* the actors' reports: read, write */
	bool			 reports_wait;	/* they wait for a send's line: the pipe
						 * is out of the loop */
	struct sig_flight	*flights;	/* signals sent, not yet dealt with */
	size_t			 nflights;
	uint64_t		 next_flight;
};

/* ...and an actor's: what it took. */
struct signals_actor {
	struct sig_log		*log;		/* processes: signals taken */
	uint32_t		 taken;		/* threads: how many it took itself */
	long			 uid;		/* processes: real uid, read in */
	uint64_t		 uid_gen;	/* ...lab generation uid_gen - 1 */
	int64_t			 uid_ns;	/* ...at this time */
};

static void	report_cb(int, short, void *);
static void	siglab_drain(struct lab *);

static struct signals *
signals_of(struct lab *lab)
{
	return lab_module_state(lab, &signals_module);
}

static struct signals_actor *
signals_actor(struct actor *a)
{
	return actor_module_state(a, &signals_module);
}

/* The signals a process has taken so far, or NULL if none. */
static const struct sig_log *
taken_log(struct actor *p)
{
	return signals_actor(p)->log;
}

static struct sig_log *
actor_log(struct actor *p)
{
	struct signals_actor	*sa = signals_actor(p);

	if (sa->log == NULL)
		sa->log = xcalloc(1, sizeof *sa->log);
	return sa->log;
}

/* "A.t1": the actor that is this thread of p, else "tid N". */
static void
add_thread_name(struct buf *b, struct actor *p, pid_t tid)
{
	size_t	 i;

	for (i = 0; i < p->lab->nactors; i++) {
		if (p->lab->actors[i]->proc == p && p->lab->actors[i]->tid == tid) {
			buf_adds(b, p->lab->actors[i]->name);
			return;
		}
	}
	buf_printf(b, "tid %d", (int)tid);
}

void
siglab_add_sender(struct buf *b, struct lab *lab, pid_t pid)
{
	struct actor	*s;

	if (pid == lab->self)
		buf_adds(b, "the lab");
	else if (pid == 0)
		buf_adds(b, "the kernel");
	else if ((s = lab_actor_by_pid(lab, pid)) != NULL)
		buf_adds(b, s->name);
	else
		buf_printf(b, "pid %d", (int)pid);
}

static const char *
how_word(int how)
{
	switch (how) {
	case SIGHOW_HANDLER:
		return "handler";
	case SIGHOW_HANDLER_INFO:
		return "handler(siginfo)";
	case SIGHOW_SIGWAIT:
		return "sigwait";
	case SIGHOW_SIGWAITINFO:
		return "sigwaitinfo";
	case SIGHOW_SIGNALFD:
		return "signalfd";
	}
	return "?";
}

/* One report as description fields, and as a line for the log. */
static void
describe_report(struct actor *p, const struct sig_report *r, struct desc *d, struct buf *line)
{
	struct buf	 b;

	buf_init(&b);
	desc_word(d, "signal", sig_name(r->sig));
	desc_word(d, "how", how_word(r->how));
	add_thread_name(&b, p, r->tid);
	desc_word(d, "thread", b.data);
	if (line != NULL) {
		buf_printf(line, "%s %s by ", sig_name(r->sig),
		    r->how <= SIGHOW_HANDLER_INFO ? "caught" : "taken");
		buf_adds(line, r->how == SIGHOW_HANDLER ? "a handler (no siginfo: it sees the number only)" :
		    r->how == SIGHOW_HANDLER_INFO ? "a handler" : how_word(r->how));
	}
	if (r->has_info) {
		desc_word(d, "code", sig_code_name(r->sig, r->code));
		if (line != NULL)
			buf_printf(line, ": %s", sig_code_name(r->sig, r->code));
		if (sig_code_has_sender(r->sig, r->code)) {
			buf_reset(&b);
			siglab_add_sender(&b, p->lab, r->sender_pid);
			desc_word(d, "from", b.data);
			desc_int(d, "pid", r->sender_pid);
			desc_int(d, "uid", r->sender_uid);
			if (line != NULL)
				buf_printf(line, " from %s (pid %d, uid %d)", b.data, (int)r->sender_pid,
				    (int)r->sender_uid);
		}
		if (r->code == SI_QUEUE || r->code == SI_MESGQ || r->code == SI_TIMER) {
			desc_int(d, "value", r->value);
			if (line != NULL)
				buf_printf(line, ", value %lld", (long long)r->value);
		}
		if (r->sig == SIGCHLD && r->code > 0) {
			desc_int(d, "status", r->status);
			if (line != NULL)
				buf_printf(line, ", %s %d",
				    r->code == CLD_EXITED ? "exit status" : "signal", (int)r->status);
		}
		if (r->code > 0 && (r->sig == SIGSEGV || r->sig == SIGBUS || r->sig == SIGFPE ||
		    r->sig == SIGILL || r->sig == SIGTRAP)) {
			desc_text(d, "addr", "0x%llx", (unsigned long long)r->addr);
			if (line != NULL)
				buf_printf(line, " at 0x%llx", (unsigned long long)r->addr);
		}
	}
	if (r->depth > 1) {
		desc_int(d, "nested", r->depth);
		if (line != NULL)
			buf_printf(line, " (inside %d handlers)", (int)r->depth - 1);
	}
	buf_free(&b);
}

/* A SIGEV_THREAD notification ran: no signal, but an event the actor
 * sees all the same (its function runs). */
static void
notified(struct actor *p, const struct sig_report *r)
{
	struct desc	*d;
	struct buf	 line;

	buf_init(&line);
	d = desc_new();
	buf_adds(&line, "SIGEV_THREAD notification for ");
	if (p->life == ACTOR_ALIVE && r->value >= 0 && r->value < INT32_MAX)
		lab_add_actor_fd(&line, p, (int)r->value);
	else
		buf_printf(&line, "%lld", (long long)r->value);
	buf_printf(&line, ": its function runs in a new thread (tid %d) the C library started",
	    (int)r->tid);
	desc_word(d, "how", "thread");
	desc_int(d, "fd", r->value);
	desc_int(d, "tid", r->tid);
	lab_record(p->lab, RECORD_NOTIFY, p->name, REC_INFO, d, "%s", line.data);
	buf_free(&line);
	lab_changed(p->lab);
}

void
siglab_take(struct lab *lab, const struct sig_report *r)
{
	struct actor	*p, *who;
	struct sig_log	*log;
	struct desc	*d;
	struct buf	 line;
	size_t		 i;

	p = lab_actor_by_pid(lab, r->pid);
	if (p != NULL && r->sig == 0 && r->how == SIGHOW_NOTIFY_THREAD) {
		notified(p, r);
		return;
	}
	if (p == NULL || r->sig < 1 || r->sig > 64)
		return;		/* a process the lab does not know (yet) */
	log = actor_log(p);
	log->v[log->n % SIGLOG_KEEP] = *r;
	log->n++;
	log->count[r->sig]++;
	who = p;
	for (i = 0; i < lab->nactors; i++) {
		if (lab->actors[i]->proc == p && lab->actors[i]->tid == r->tid)
			who = lab->actors[i];
	}
	if (who->is_thread)
		signals_actor(who)->taken++;
	buf_init(&line);
	d = desc_new();
	describe_report(p, r, d, &line);
	lab_record(lab, RECORD_SIGNAL, who->name, REC_INFO, d, "%s", line.data);
	buf_free(&line);
	lab->gen++;
	lab_changed(lab);
}

size_t
siglab_reports(struct lab *lab, const void *buf, size_t len)
{
	struct sig_report	 r;
	size_t			 used;

	for (used = 0; len - used >= sizeof r; used += sizeof r) {
		memcpy(&r, (const char *)buf + used, sizeof r);
		siglab_take(lab, &r);
	}
	return used;
}

static void
siglab_drain(struct lab *lab)
{
	struct signals		*sg = signals_of(lab);
	struct sig_report	 r[64];
	ssize_t			 n;

	/* What a signal did is logged after the send's line. */
	lab_take_sends(lab);
	if (lab_send_unanswered(lab, NULL)) {
		if (!sg->reports_wait)
			loop_del_fd(lab->loop, sg->report[0]);
		sg->reports_wait = true;
		lab_settle_soon(lab);
		return;
	}
	if (sg->reports_wait)
		loop_add_fd(lab->loop, sg->report[0], POLLIN, report_cb, lab);
	sg->reports_wait = false;
	for (;;) {
		n = read(sg->report[0], r, sizeof r);
		if (n <= 0)
			return;
		siglab_reports(lab, r, (size_t)n);
		if ((size_t)n < sizeof r)
			return;
	}
}

static void
report_cb(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	siglab_drain(arg);
}

/* How many signals an actor (a thread: those it took itself) has taken
 * so far by a handler or a call. */
static uint32_t
siglab_taken(struct actor *a)
{
	if (a->is_thread)
		return signals_actor(a)->taken;
	return taken_log(a) != NULL ? taken_log(a)->n : 0;
}

/* Signals in flight. */

uint64_t
siglab_flight(struct lab *lab, struct actor *proc, pid_t tid, int sig)
{
	struct signals		*sg = signals_of(lab);
	struct sig_flight	*f;
	struct sig_sets		 ss;
	uint64_t		 bit;
	enum flight_kind	 kind;

	if (sig <= 0 || sig > 64 || actor_terminated(proc))
		return 0;
	bit = 1ULL << (sig - 1);
	probe_signals(proc->pid, proc->pid, &ss);
	if (!ss.ok)
		return 0;
	if (sig == SIGKILL)
		kind = FLIGHT_TERM;
	else if (sig == SIGSTOP)
		kind = FLIGHT_STOP;
	else if (sig == SIGCONT)
		kind = FLIGHT_CONT;	/* caught or not, it continues first */
	else if (ss.caught & bit)
		kind = FLIGHT_CAUGHT;
	else if (ss.ignored & bit)
		return 0;		/* discarded as it is sent */
	else {
		switch (sig_default_action(sig)) {
		case SIGACT_TERM:
		case SIGACT_CORE:
			kind = FLIGHT_TERM;
			break;
		case SIGACT_STOP:
			kind = FLIGHT_STOP;
			break;
		default:
			return 0;	/* ignored by default */
		}
	}
	sg->flights = xreallocarray(sg->flights, sg->nflights + 1, sizeof *sg->flights);
	f = &sg->flights[sg->nflights++];
	f->id = ++sg->next_flight;
	f->proc = proc;
	f->tid = tid;
	f->sig = sig;
	f->kind = kind;
	f->seen = taken_log(proc) != NULL ? taken_log(proc)->count[sig] : 0;
	f->until = now_ns() + FLIGHT_MAX_NS;
	lab_settle_soon(lab);
	return f->id;
}

static bool
flight_done(struct sig_flight *f)
{
	struct actor		*p = f->proc;
	const struct task_info	*ti;
	struct sig_sets		 ss;
	struct dirent		*de;
	DIR			*dir;
	char			 path[64];
	uint64_t		 bit = 1ULL << (f->sig - 1);
	uint32_t		 taken = taken_log(p) != NULL ? taken_log(p)->count[f->sig] : 0;
	pid_t			 tid;
	bool			 stopped, all_block = true, found = false;
	bool			 thread_blocks = false, pending = false, shared = false;

	if (actor_terminated(p) || now_ns() > f->until || taken > f->seen)
		return true;
	ti = actor_task(p);
	if (!ti->ok)
		return false;	/* ending: the pidfd will say */
	stopped = ti->state == 'T' || ti->state == 't';
	if (f->kind == FLIGHT_CONT)
		return !stopped;
	if (stopped)
		return true;	/* what is pending waits for SIGCONT */
	snprintf(path, sizeof path, "/proc/%d/task", (int)p->pid);
	if ((dir = opendir(path)) == NULL)
		return false;
	while ((de = readdir(dir)) != NULL) {
		tid = (pid_t)strtol(de->d_name, NULL, 10);
		if (tid <= 0)
			continue;
		probe_signals(p->pid, tid, &ss);
		if (!ss.ok)
			continue;
		if (!(ss.blocked & bit))
			all_block = false;
		if (ss.shared_pending & bit)
			shared = true;
		if (tid == f->tid) {
			found = true;
			pending = (ss.pending & bit) != 0;
			thread_blocks = (ss.blocked & bit) != 0;
		}
	}
	closedir(dir);
	/* Pending where it is blocked: it stays there. */
	if (f->tid != 0)
		return found && pending && thread_blocks;
	if (shared)
		return all_block;
	/* Otherwise it is on its way: to a handler or a call, which report
	 * it (taken, above), or to the end or stop of the process. */
	return false;
}

static void
flight_remove(struct signals *sg, size_t i)
{
	sg->nflights--;
	memmove(&sg->flights[i], &sg->flights[i + 1],
	    (sg->nflights - i) * sizeof *sg->flights);
}

/* Look at every signal in flight; true if some still are. */
static bool
siglab_flights_check(struct lab *lab, struct signals *sg)
{
	size_t	 i;

	if (sg->nflights == 0)
		return false;
	siglab_drain(lab);
	for (i = 0; i < sg->nflights; ) {
		if (flight_done(&sg->flights[i]))
			flight_remove(sg, i);
		else
			i++;
	}
	return sg->nflights > 0;
}

/* Forget signals lo..hi that were never sent (a call not made after all). */
static void
siglab_flights_drop(struct signals *sg, uint64_t lo, uint64_t hi)
{
	size_t	 i;

	for (i = 0; i < sg->nflights; ) {
		if (sg->flights[i].id >= lo && sg->flights[i].id <= hi)
			flight_remove(sg, i);
		else
			i++;
	}
}

/* An actor process is forgotten: the signals in flight to it go. */
static void
siglab_forget(struct signals *sg, struct actor *proc)
{
	size_t	 i;

	for (i = 0; i < sg->nflights; ) {
		if (sg->flights[i].proc == proc)
			flight_remove(sg, i);
		else
			i++;
	}
}

/* Every actor is gone (reset): their reports not read yet and every
 * signal in flight go. */
static void
siglab_forget_all(struct signals *sg)
{
	char	 buf[4096];

	/* What the ended actors reported last is theirs: let it go. */
	while (read(sg->report[0], buf, sizeof buf) > 0)
		;
	sg->nflights = 0;
}

/* Whether a signal that ends it is in flight to the process proc. */
static bool
siglab_ending(struct signals *sg, const struct actor *proc)
{
	size_t	 i;

	for (i = 0; i < sg->nflights; i++) {
		if (sg->flights[i].proc == proc && sg->flights[i].kind == FLIGHT_TERM &&
		    now_ns() <= sg->flights[i].until)
			return true;
	}
	return false;
}

void
siglab_call_waits(struct call *c, uint64_t lo, uint64_t hi)
{
	if (lo == 0)
		c->wait = (struct module_wait){ NULL, 0, 0 };
	else
		c->wait = (struct module_wait){ &signals_module, lo, hi != 0 ? hi : lo };
}

bool
siglab_flights_done(struct lab *lab, uint64_t lo, uint64_t hi)
{
	struct signals	*sg = signals_of(lab);
	size_t		 i;

	/* What a signal did is logged before its send settles. */
	if (lab->states_wait || sg->reports_wait)
		return false;
	for (i = 0; i < sg->nflights; i++) {
		if (sg->flights[i].id >= lo && sg->flights[i].id <= hi)
			return false;
	}
	return true;
}

/* Where signals may go. */

/* ipcscope's own processes, which no send of the lab's or an actor's may
 * reach, nor the process group of any of them: the controller and its
 * guardian (guardian.h). */
struct own_process {
	pid_t		 pid;
	const char	*what;
};

static size_t
own_processes(const struct lab *lab, struct own_process *own)
{
	size_t	 n = 0;

	own[n].pid = lab->self;
	own[n++].what = "controller";
	if (lab->guardian > 0) {
		own[n].pid = lab->guardian;
		own[n++].what = "guardian";
	}
	return n;
}

bool
siglab_own_group(const struct lab *lab, pid_t pgid)
{
	struct own_process	 own[4];
	size_t			 n = own_processes(lab, own), i;

	for (i = 0; i < n; i++) {
		if (getpgid(own[i].pid) == pgid)
			return true;
	}
	return false;
}

bool
siglab_target_allowed(const struct lab *lab, pid_t target, char **cause)
{
	struct own_process	 own[4];
	size_t			 n = own_processes(lab, own), i;

	if (target == 0) {
		*cause = xstrdup("kill(0) and killpg(0) mean the sender's own process group; "
		    "ipcscope never sends to it");
		return false;
	}
	if (target == -1) {
		*cause = xstrdup("killpg 1 would be kill(-1): every process you may signal; "
		    "ipcscope never sends to it");
		return false;
	}
	if (target > 0) {
		for (i = 0; i < n; i++) {
			if (own[i].pid == target) {
				*cause = xasprintf("pid %d is ipcscope's own %s; ipcscope never signals it",
				    (int)target, own[i].what);
				return false;
			}
		}
		return true;
	}
	for (i = 0; i < n; i++) {
		if (getpgid(own[i].pid) == -target) {
			*cause = xasprintf("process group %d holds ipcscope's own %s (and the job "
			    "it runs in); ipcscope never signals it", (int)-target, own[i].what);
			return false;
		}
	}
	return true;
}

/* Description. */

/* The "signals" group of an actor or thread. */
static void
siglab_describe(struct actor *a, struct desc *d)
{
	struct actor		*p = a->proc;
	const struct sig_log	*log = taken_log(p);
	const struct sig_report	*r, *latest = NULL;
	struct sig_sets		 ss;
	uint32_t		 i;

	/* An ended process has no sets; what it received is still known. */
	memset(&ss, 0, sizeof ss);
	if (!actor_terminated(a) && !(a->is_thread && a->ended))
		probe_signals(a->pid, a->tid, &ss);
	if (!ss.ok && log == NULL)
		return;
	desc_group(d, "signals");
	if (ss.ok) {
		desc_sigset(d, "pending", ss.pending, sig_libc_mask());
		desc_sigset(d, "pending_process", ss.shared_pending, sig_libc_mask());
		desc_sigset(d, "blocked", ss.blocked, sig_libc_mask());
		desc_sigset(d, "ignored", ss.ignored, sig_libc_mask());
		desc_sigset(d, "caught", ss.caught, sig_libc_mask());
	}
	if (ss.ok && ss.sigq_used >= 0) {
		/* SigQ: the kernel counts queued signals per real user,
		 * over all its processes, against the receiver's own
		 * RLIMIT_SIGPENDING: not the actor's signals. */
		desc_group(d, "sigq");
		desc_int(d, "uid", ss.uid);
		desc_int(d, "user_queued", ss.sigq_used);
		desc_int(d, "limit", ss.sigq_limit);
		desc_close(d);
	}
	desc_int(d, "taken", siglab_taken(a));
	desc_list(d, "received");
	for (i = log == NULL || log->n <= SIGLOG_KEEP ? 0 : log->n - SIGLOG_KEEP;
	    log != NULL && i < log->n; i++) {
		r = &log->v[i % SIGLOG_KEEP];
		if (a->is_thread && r->tid != a->tid)
			continue;
		desc_group(d, NULL);
		describe_report(p, r, d, NULL);
		desc_close(d);
		latest = r;
	}
	desc_close(d);
	if (latest != NULL) {
		desc_group(d, "latest");
		describe_report(p, latest, d, NULL);
		desc_close(d);
	}
	desc_close(d);
}

/* The module: where the lab calls signals. */

/* The report pipe: made with the lab, read in its loop. */
static void
signals_init(struct lab *lab, void *st)
{
	struct signals	*sg = st;

	if (pipe2(sg->report, O_CLOEXEC | O_NONBLOCK) == -1)
		fatal("pipe for signal reports: %s", errno_str(errno));
	/* Room for thousands of reports between two reads. */
	(void)fcntl(sg->report[1], F_SETPIPE_SZ, 1 << 20);
	loop_add_fd(lab->loop, sg->report[0], POLLIN, report_cb, lab);
}

static void
signals_cleanup(struct lab *lab, void *st)
{
	struct signals	*sg = st;

	if (sg->report[0] > 0) {
		if (!sg->reports_wait)
			loop_del_fd(lab->loop, sg->report[0]);
		sg->reports_wait = false;
		close(sg->report[0]);
		close(sg->report[1]);
	}
	sg->report[0] = sg->report[1] = -1;
	free(sg->flights);
	sg->flights = NULL;
	sg->nflights = 0;
}

static void
signals_reset(struct lab *lab, void *st)
{
	siglab_forget_all(st);
}

/* Read every report waiting: before a reply is handled, so that what a
 * handler wrote during the call is known when the call settles. */
static void
signals_before_event(struct lab *lab, void *st)
{
	siglab_drain(lab);
}

static bool
signals_call_settles(struct lab *lab, void *st, const struct call *c)
{
	return siglab_flights_done(lab, c->wait.lo, c->wait.hi);
}

static void
signals_call_dropped(struct lab *lab, void *st, const struct call *c)
{
	siglab_flights_drop(st, c->wait.lo, c->wait.hi);
}

static bool
signals_ending(struct lab *lab, void *st, const struct actor *proc)
{
	return siglab_ending(st, proc);
}

static bool
signals_in_flight(const struct lab *lab, const void *st)
{
	const struct signals	*sg = st;

	return sg->nflights > 0;
}

static bool
signals_settle(struct lab *lab, void *st)
{
	struct signals	*sg = st;
	bool		 again = siglab_flights_check(lab, sg);

	if (sg->reports_wait)
		siglab_drain(lab);
	return again;
}

static bool
signals_held_back(const struct lab *lab, const void *st)
{
	const struct signals	*sg = st;

	return sg->reports_wait;
}

static void
signals_actor_free(struct lab *lab, void *st, struct actor *a, void *actor_st)
{
	struct signals_actor	*sa = actor_st;

	if (!a->is_thread)
		siglab_forget(st, a);
	free(sa->log);
	sa->log = NULL;
}

static uint64_t
signals_actor_taken(struct lab *lab, void *st, struct actor *a)
{
	return siglab_taken(a);
}

static void
signals_describe_actor(struct lab *lab, void *st, struct actor *a, void *actor_st,
    struct desc *d, enum desc_detail detail)
{
	if (detail == DETAIL_FULL)
		siglab_describe(a, d);
}

/* The report pipe's write end, which a new actor keeps at SIGREPORT_FD. */
static int
signals_actor_fd_of(const struct lab *lab, const void *st)
{
	const struct signals	*sg = st;

	return sg->report[1];
}

const struct lab_module signals_module = {
	.name = "signals",
	.lab_state = sizeof(struct signals),
	.actor_state = sizeof(struct signals_actor),
	.init = signals_init,
	.cleanup = signals_cleanup,
	.reset = signals_reset,
	.before_event = signals_before_event,
	.call_settles = signals_call_settles,
	.call_dropped = signals_call_dropped,
	.ending = signals_ending,
	.in_flight = signals_in_flight,
	.settle = signals_settle,
	.held_back = signals_held_back,
	.actor_free = signals_actor_free,
	.actor_taken = signals_actor_taken,
	.describe_actor = signals_describe_actor,
	.actor_fd = SIGREPORT_FD,
	.actor_fd_type = S_IFIFO,
	.actor_fd_what = "signal reports",
	.actor_fd_of = signals_actor_fd_of,
};

/* A process's real user id (status's Uid), -1 if it cannot be read;
 * read once a generation (every signal wait asks of every process), and
 * not again while an observed process has not run. */
static long
process_uid(struct actor *p)
{
	struct signals_actor	*sa = signals_actor(p);
	struct sig_sets		 ss;

	if (sa->uid_gen != p->lab->gen + 1 && !actor_read_holds(p, sa->uid_gen, sa->uid_ns)) {
		memset(&ss, 0, sizeof ss);
		sa->uid_ns = now_ns();
		probe_signals(p->pid, p->pid, &ss);
		sa->uid = ss.ok ? ss.uid : -1;
		sa->uid_gen = p->lab->gen + 1;
	}
	return sa->uid;
}

size_t
siglab_woken_by(struct lab *lab, pid_t pid, struct file_want *out, size_t max)
{
	struct actor	*p, *waiter = NULL;
	long		 uid, other;
	size_t		 i, n = 0;

	for (i = 0; i < lab->nactors && waiter == NULL; i++) {
		p = lab->actors[i];
		if (!p->is_thread && p->pid == pid && p->life == ACTOR_ALIVE)
			waiter = p;
	}
	if (max == 0 || waiter == NULL || (uid = process_uid(waiter)) < 0)
		return 0;
	/* Who may send to it, as kill(2) has it, taken wide: a process of
	 * its user, or root's. Some are not the lab's to see: it may move. */
	snprintf(out[n++].anyone, sizeof out->anyone,
	    uid == 0 ? "any process that may signal it (root's)" :
	    "any process that may signal it (uid %ld, or root's)", uid);
	for (i = 0; i < lab->nactors && n < max; i++) {
		p = lab->actors[i];
		if (p->is_thread || p->life != ACTOR_ALIVE || p->pid == pid)
			continue;
		if ((other = process_uid(p)) == uid || other == 0)
			out[n++].pid = p->pid;
	}
	return n;
}
