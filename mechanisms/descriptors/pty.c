/* pty.c: pseudoterminals: posix_openpt, grantpt, unlockpt and ptsname on
 * the master; the slave opened with open; termios modes set with
 * tcsetattr (as stty names them) and read with tcgetattr; sessions and
 * foreground process groups (setsid, setpgid, tcsetpgrp), which decide
 * who gets the SIGINT a ^C makes. The view reads the pair through a
 * duplicate of the master: the modes, the bytes waiting each way, the
 * foreground process group and the session. */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "fd.h"
#include "lab.h"
#include "mechanism.h"
#include "siglab.h"
#include "waits.h"

extern const struct mechanism pty_mechanism;

static const struct object_end pty_ends[] = {
	{ "m", 0, -1, "master" },
	{ "s", 1, -1, "slave" },
	{ NULL, 0, 0, NULL },
};

/* Every master is /dev/ptmx, one inode; its fdinfo has the number of
 * its slave (/dev/pts/N), which tells them apart. The slaves are files
 * of their own. */
static const char *const pty_fdinfo_keys[] = { "tty-index", NULL };

static bool
pty_handle_fdinfo(struct fd_entry *fe, const char *key, const char *value)
{
	long long	 n;
	char		*end;

	(void)key;
	errno = 0;
	n = strtoll(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0')
		return false;
	fe->id.xid = n;
	return true;
}

/* The modes tcsetattr takes, as stty names them. */
static const struct pty_mode {
	const char	*name;
	int		 field;		/* 0 c_iflag, 1 c_oflag, 2 c_lflag */
	tcflag_t	 bit;
	const char	*what;
} pty_modes[] = {
	{ "icanon", 2, ICANON, "canonical: input is edited and read a line at a time" },
	{ "echo", 2, ECHO, "input is echoed back to the master" },
	{ "isig", 2, ISIG, "^C, ^\\ and ^Z send SIGINT, SIGQUIT and SIGTSTP to the foreground group" },
	{ "iexten", 2, IEXTEN, "^V and other extensions" },
	{ "icrnl", 0, ICRNL, "input CR becomes NL" },
	{ "opost", 1, OPOST, "output is processed" },
	{ "onlcr", 1, ONLCR, "output NL becomes CR NL" },
};

static tcflag_t *
mode_field(struct termios *t, int field)
{
	return field == 0 ? &t->c_iflag : field == 1 ? &t->c_oflag : &t->c_lflag;
}

/* "icanon echo isig -iexten": the modes as stty shows them. */
static void
add_modes(struct buf *b, struct termios *t)
{
	size_t	 i;

	for (i = 0; i < nitems(pty_modes); i++) {
		if (i > 0)
			buf_addc(b, ' ');
		if (!(*mode_field(t, pty_modes[i].field) & pty_modes[i].bit))
			buf_addc(b, '-');
		buf_adds(b, pty_modes[i].name);
	}
}

static const char *
pgrp_actor(struct lab *lab, pid_t pgrp)
{
	size_t	 i;

	/* The group leader if it is an actor, else any member. */
	for (i = 0; i < lab->nactors; i++) {
		if (!lab->actors[i]->is_thread && lab->actors[i]->pid == pgrp &&
		    lab->actors[i]->life == ACTOR_ALIVE)
			return lab->actors[i]->name;
	}
	for (i = 0; i < lab->nactors; i++) {
		if (!lab->actors[i]->is_thread && lab->actors[i]->life == ACTOR_ALIVE &&
		    actor_task(lab->actors[i])->pgrp == pgrp)
			return lab->actors[i]->name;
	}
	return NULL;
}

static void
pty_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct termios	 t;
	struct actor	*holder;
	struct buf	 sum, modes;
	const char	*who;
	pid_t		 pgrp = 0, sid = 0;
	int		 fd, dup, to_master = 0, to_slave = -1, locked = 0, sdup;
	bool		 have_modes;

	(void)detail;
	desc_word(d, "kind", "pty");
	buf_init(&sum);
	buf_init(&modes);
	desc_int(d, "index", o->ids[0].xid);
	desc_word(d, "slave_path", o->path);
	if (!lab_find_holder(o, 0, -1, &holder, &fd) ||
	    (dup = sys_pidfd_getfd(holder->pidfd, fd, 0)) == -1) {
		/* With the master closed the pair is gone: the slave hangs up. */
		desc_word(d, "state", lab_find_holder(o, 1, -1, &holder, &fd) ? "hung up" : "closed");
		desc_text(d, "summary", "%s: %s", o->path,
		    lab_find_holder(o, 1, -1, &holder, &fd) ?
		    "the master is closed: the slave reads end of file or EIO" :
		    "closed: no descriptor is left");
		lab_describe_holders(o, d, "master", 0, -1);
		lab_describe_holders(o, d, "slave", 1, -1);
		buf_free(&sum);
		buf_free(&modes);
		return;
	}
	/* Through the master, ioctls reach the slave's terminal. */
	have_modes = tcgetattr(dup, &t) == 0;
	if (ioctl(dup, FIONREAD, &to_master) == -1)
		to_master = 0;
	if (ioctl(dup, TIOCGPTLCK, &locked) == -1)
		locked = 0;
	if (ioctl(dup, TIOCGPGRP, &pgrp) == -1)
		pgrp = 0;
	if (ioctl(dup, TIOCGSID, &sid) == -1)
		sid = 0;
	close(dup);
	/* What the slave can read needs a slave's descriptor. */
	if (lab_find_holder(o, 1, -1, &holder, &fd) &&
	    (sdup = sys_pidfd_getfd(holder->pidfd, fd, 0)) != -1) {
		if (ioctl(sdup, FIONREAD, &to_slave) == -1)
			to_slave = -1;
		close(sdup);
	}

	desc_word(d, "state", locked ? "locked" : "open");
	buf_printf(&sum, "%s", o->path);
	if (locked)
		buf_adds(&sum, " locked (unlockpt)");
	if (have_modes) {
		add_modes(&modes, &t);
		desc_word(d, "modes", modes.data);
		desc_bool(d, "canonical", (t.c_lflag & ICANON) != 0);
		desc_bool(d, "echo", (t.c_lflag & ECHO) != 0);
		desc_bool(d, "isig", (t.c_lflag & ISIG) != 0);
		buf_printf(&sum, ", %s%s%s", t.c_lflag & ICANON ? "canonical" : "raw",
		    t.c_lflag & ECHO ? " echo" : "", t.c_lflag & ISIG ? " isig" : "");
	}
	desc_int(d, "to_master", to_master);
	if (to_slave >= 0)
		desc_int(d, "to_slave", to_slave);
	if (to_slave > 0)
		buf_printf(&sum, ", %d to read on the slave", to_slave);
	if (to_master > 0)
		buf_printf(&sum, ", %d to read on the master", to_master);
	if (sid > 0) {
		who = pgrp_actor(o->lab, sid);
		desc_word(d, "session", who != NULL ? who : "");
		desc_int(d, "sid", sid);
	} else
		desc_word(d, "session", "");
	if (pgrp > 0) {
		who = pgrp_actor(o->lab, pgrp);
		desc_word(d, "foreground", who != NULL ? who : "");
		desc_int(d, "foreground_pgid", pgrp);
		buf_printf(&sum, ", foreground %s", who != NULL ? who : "");
		if (who == NULL)
			buf_printf(&sum, "%d", (int)pgrp);
	} else
		desc_word(d, "foreground", "");
	desc_string(d, "summary", sum.data);
	lab_describe_holders(o, d, "master", 0, -1);
	lab_describe_holders(o, d, "slave", 1, -1);
	lab_describe_blocked(o, d, "blocked");
	buf_free(&sum);
	buf_free(&modes);
}

/* --- posix_openpt, grantpt, unlockpt, ptsname --- */

static bool
openpt_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");

	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	c->newname = xstrdup(name->str);
	c->arg[0] = O_RDWR | O_NOCTTY;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[0] |= O_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[0] |= O_CLOEXEC;
	return true;
}

static void
openpt_perform(struct actor_call *c)
{
	unsigned int	 n = 0;
	int		 fd;

	actor_begin(c);
	fd = posix_openpt((int)c->req->arg[0]);
	actor_end(c, fd);
	actor_fd_changed(c, fd);
	if (fd != -1 && ioctl(fd, TIOCGPTN, &n) == 0)
		c->val[0] = n;
}

static void
openpt_finish(struct call *c)
{
	struct object	*o;
	struct stat	 st;

	if (c->ret < 0)
		return;
	o = lab_object_new(c->lab, c->newname, &pty_mechanism, c->actor->proc);
	object_set_id(o, 0, c->actor, (int)c->ret);
	o->path = xasprintf("/dev/pts/%lld", (long long)c->val[0]);
	/* The slave exists from now on, locked until unlockpt; it is a
	 * file of its own in devpts (its fdinfo has no index). */
	if (stat(o->path, &st) == 0) {
		o->ids[1] = (struct fd_id){ st.st_dev, st.st_ino, -1 };
		o->nids = 2;
		o->lab->ids_version++;
	}
	c->obj = o;
	c->end_which = 0;
	c->end_access = O_RDWR;
}

static void
openpt_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "posix_openpt(O_RDWR|O_NOCTTY");
	if (c->arg[0] & O_NONBLOCK)
		buf_adds(b, "|O_NONBLOCK");
	if (c->arg[0] & O_CLOEXEC)
		buf_adds(b, "|O_CLOEXEC");
	buf_addc(b, ')');
}

static void
openpt_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld<%s.m> (/dev/pts/%lld)", (long long)c->ret, c->newname,
	    (long long)c->val[0]);
}

static const struct arg_spec openpt_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the pseudoterminal's name; NAME.m is the master, NAME.s the slave" },
	{ "nonblock", ARG_FLAG, 0, NULL, "O_NONBLOCK on the master" },
	{ "cloexec", ARG_FLAG, 0, NULL, "O_CLOEXEC" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_openpt = {
	.name = "posix_openpt",
	.scope = CMD_ACTOR,
	.args = openpt_args,
	.summary = "posix_openpt(): a new pseudoterminal; the actor gets its master",
	.help = "The actor opens /dev/ptmx and gets the master of a new pseudoterminal; "
	    "its slave, /dev/pts/N, exists but is locked until unlockpt. What is "
	    "written to the master is the terminal's input, which the slave reads "
	    "through the line discipline (editing, echo, signals); what the slave "
	    "writes, the master reads.",
	.example = "A posix_openpt pt1",
	.prepare = openpt_prepare,
	.perform = openpt_perform,
	.finish = openpt_finish,
	.format = openpt_format,
	.format_result = openpt_result,
};

/* The pty an argument names, and its master's descriptor. */
static bool
master_fd(struct call *c, int *fd, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, "PTY");
	struct object		*o = lab_object(c->lab, a->str);
	struct arg		 m;
	char			*name;
	bool			 ok;

	if (a->is_number || (o != NULL && o->mech != &pty_mechanism) ||
	    strchr(a->str, '.') != NULL) {
		if (!lab_resolve_fd(c, a, -1, fd, cause))
			return false;
		if (c->obj != NULL && c->obj->mech != &pty_mechanism) {
			*cause = xasprintf("%s is a %s, not a pseudoterminal", c->obj->name,
			    c->obj->mech->name);
			return false;
		}
		return true;
	}
	/* A bare name: its master. */
	name = xasprintf("%s.m", a->str);
	m = *a;
	m.str = name;
	m.len = strlen(name);
	ok = lab_resolve_fd(c, &m, -1, fd, cause);
	free(name);
	return ok;
}

static bool
ptctl_prepare(struct call *c, char **cause)
{
	int	 fd;

	if (!master_fd(c, &fd, cause))
		return false;
	c->arg[0] = fd;
	return true;
}

static void
grantpt_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = grantpt((int)c->req->arg[0]);
	actor_end(c, r);
}

static void
unlockpt_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = unlockpt((int)c->req->arg[0]);
	actor_end(c, r);
}

static void
ptsname_perform(struct actor_call *c)
{
	char	 name[64];
	int	 r;

	actor_begin(c);
	r = ptsname_r((int)c->req->arg[0], name, sizeof name);
	actor_end(c, r);
	if (r == 0)
		buf_adds(&c->out, name);
}

static void
ptctl_format(const struct call *c, struct buf *b)
{
	/* ptsname is made as ptsname_r (thread-safe; it returns the error
	 * number). */
	buf_printf(b, "%s(", strcmp(c->verb->name, "ptsname") == 0 ? "ptsname_r" : c->verb->name);
	lab_add_call_fd(b, c, (int)c->arg[0]);
	if (strcmp(c->verb->name, "ptsname") == 0 && c->state == CALL_DONE && c->ret == 0) {
		buf_adds(b, ", ");
		buf_add_quoted(b, c->rdata.data, c->rdata.len, 64);
	}
	buf_addc(b, ')');
}

static const char *
ptctl_hint(const struct call *c)
{
	switch (c->err) {
	case ENOTTY:
	case EINVAL:
		if (c->obj != NULL && c->obj->mech == &pty_mechanism && c->end_which == 0)
			return NULL;
		return "the descriptor is not a pseudoterminal's master";
	default:
		return NULL;
	}
}

static const struct arg_spec ptctl_args[] = {
	{ "PTY", ARG_FD, 0, NULL, "a pseudoterminal (its master), or a descriptor" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_grantpt = {
	.name = "grantpt",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = ptctl_args,
	.summary = "grantpt(): give the slave to the caller's user (devpts does this already)",
	.help = "The actor calls grantpt on the master. On Linux with devpts the slave "
	    "already belongs to the caller; the call is there to be portable.",
	.example = "A grantpt pt1",
	.prepare = ptctl_prepare,
	.perform = grantpt_perform,
	.format = ptctl_format,
	.hint = ptctl_hint,
};

static const struct cmd_entry cmd_unlockpt = {
	.name = "unlockpt",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = ptctl_args,
	.summary = "unlockpt(): let the slave be opened",
	.help = "The actor unlocks the slave: until then opening /dev/pts/N fails "
	    "with EIO.",
	.example = "A unlockpt pt1",
	.prepare = ptctl_prepare,
	.perform = unlockpt_perform,
	.format = ptctl_format,
	.hint = ptctl_hint,
};

static const struct cmd_entry cmd_ptsname = {
	.name = "ptsname",
	.alias = "ptsname_r",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.returns = RETURNS_ERRNUM,
	.args = ptctl_args,
	.summary = "ptsname(): the slave's path",
	.help = "The actor asks for the slave's path, /dev/pts/N; last.data holds it.",
	.example = "A ptsname pt1",
	.prepare = ptctl_prepare,
	.perform = ptsname_perform,
	.format = ptctl_format,
	.hint = ptctl_hint,
};

/* --- tcsetattr, tcgetattr --- */

static bool
tcsetattr_prepare(struct call *c, char **cause)
{
	const struct arg	*modes = cmd_arg(c->cmd, "MODES");
	char			*words, *w, *save = NULL;
	const char		*name;
	size_t			 i;
	bool			 off;
	int			 fd;

	c->obj = NULL;
	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = c->arg[2] = c->arg[3] = 0;	/* set, clear (mode bits), raw/sane */
	words = xstrdup(modes->str);
	for (w = strtok_r(words, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "raw") == 0 || strcmp(w, "sane") == 0) {
			c->arg[3] = w[0] == 'r' ? 1 : 2;
			continue;
		}
		off = w[0] == '-';
		name = off ? w + 1 : w;
		for (i = 0; i < nitems(pty_modes); i++) {
			if (strcmp(pty_modes[i].name, name) == 0)
				break;
		}
		if (i == nitems(pty_modes)) {
			*cause = xasprintf("'%s' is not a mode: raw, sane, or icanon, echo, isig, iexten, "
			    "icrnl, opost, onlcr, each with - to turn it off", word_short(w));
			c->err_column = modes->column;
			free(words);
			return false;
		}
		c->arg[off ? 2 : 1] |= 1 << i;
	}
	free(words);
	buf_adds(&c->data, modes->str);
	return true;
}

static void
tcsetattr_perform(struct actor_call *c)
{
	struct termios	 t;
	size_t		 i;
	int		 r;

	if (tcgetattr((int)c->req->arg[0], &t) == -1) {
		c->tool_err = errno;
		return;
	}
	if (c->req->arg[3] == 1)
		cfmakeraw(&t);
	else if (c->req->arg[3] == 2) {
		t.c_iflag |= ICRNL;
		t.c_oflag |= OPOST | ONLCR;
		t.c_lflag |= ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN;
	}
	for (i = 0; i < nitems(pty_modes); i++) {
		if (c->req->arg[1] & (1 << i))
			*mode_field(&t, pty_modes[i].field) |= pty_modes[i].bit;
		if (c->req->arg[2] & (1 << i))
			*mode_field(&t, pty_modes[i].field) &= ~pty_modes[i].bit;
	}
	actor_begin(c);
	r = tcsetattr((int)c->req->arg[0], TCSANOW, &t);
	actor_end(c, r);
}

static void
tcsetattr_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "tcsetattr(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", TCSANOW, {%s})", c->data.data);
}

static const char *
tty_hint(const struct call *c)
{
	bool	 pgrp = strcmp(c->verb->name, "tcsetpgrp") == 0;
	bool	 terminal = c->obj != NULL && c->obj->mech == &pty_mechanism;

	switch (c->err) {
	case ENOTTY:
		/* tcsetpgrp's ENOTTY is also a terminal that is not the
		 * caller's controlling one. */
		if (!pgrp)
			return "the descriptor is not a terminal";
		if (terminal)
			return "it is not the caller's controlling terminal";
		return c->obj != NULL ? "the descriptor is not a terminal" :
		    "the descriptor is not a terminal, or not the caller's controlling one";
	case EIO:
		return terminal && c->end_which == 1 ? "the terminal is hung up: its master is closed" :
		    NULL;
	case EPERM:
		return pgrp ? "that group is in another session" : NULL;
	default:
		return NULL;
	}
}

static const struct arg_spec tcsetattr_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a pseudoterminal's end (pt1.s, pt1.m) or a descriptor" },
	{ "MODES", ARG_LIST, 0, NULL, "raw, sane, or icanon echo isig iexten icrnl opost onlcr, -name to turn one off" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_tcsetattr = {
	.name = "tcsetattr",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = tcsetattr_args,
	.summary = "tcsetattr(): change the terminal's modes, as stty names them",
	.help = "The actor reads the terminal's modes, changes those named and sets "
	    "them (TCSANOW). icanon: input is read a line at a time, with editing; "
	    "echo: input is echoed to the master; isig: ^C sends SIGINT to the "
	    "foreground process group (^\\ SIGQUIT, ^Z SIGTSTP). raw turns all of "
	    "that off; sane turns it on. Through either end it is the slave's "
	    "terminal that changes.",
	.example = "A tcsetattr pt1 -echo -isig",
	.prepare = tcsetattr_prepare,
	.perform = tcsetattr_perform,
	.format = tcsetattr_format,
	.hint = tty_hint,
};

static bool
tcgetattr_prepare(struct call *c, char **cause)
{
	int	 fd;

	c->obj = NULL;
	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	return true;
}

static void
tcgetattr_perform(struct actor_call *c)
{
	struct termios	 t;
	struct buf	 b;
	int		 r;

	actor_begin(c);
	r = tcgetattr((int)c->req->arg[0], &t);
	actor_end(c, r);
	if (r == 0) {
		buf_init(&b);
		add_modes(&b, &t);
		buf_add(&c->out, b.data, b.len);
		buf_free(&b);
	}
}

static void
tcgetattr_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "tcgetattr(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	if (c->state == CALL_DONE && c->ret == 0)
		buf_printf(b, ", {%s})", c->rdata.data);
	else
		buf_adds(b, ", ...)");
}

static const struct arg_spec tcgetattr_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a pseudoterminal's end or a descriptor" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_tcgetattr = {
	.name = "tcgetattr",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = tcgetattr_args,
	.summary = "tcgetattr(): read the terminal's modes",
	.help = "The actor reads the terminal's modes; last.data holds them as stty "
	    "would name them (icanon echo isig -iexten ...).",
	.example = "B tcgetattr pt1.s",
	.prepare = tcgetattr_prepare,
	.perform = tcgetattr_perform,
	.format = tcgetattr_format,
	.hint = tty_hint,
};

/* --- sessions and process groups --- */

static bool
setsid_prepare(struct call *c, char **cause)
{
	(void)cause;
	(void)c;
	return true;
}

static void
setsid_perform(struct actor_call *c)
{
	pid_t	 sid;

	actor_begin(c);
	sid = setsid();
	actor_end(c, sid);
}

static const char *
setsid_hint(const struct call *c)
{
	return c->err == EPERM ? "the caller leads a process group already (as every spawned actor "
	    "does): fork, and call setsid in the child" : NULL;
}

static const struct arg_spec no_args[] = {
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_setsid = {
	.name = "setsid",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = no_args,
	.summary = "setsid(): a new session, with no controlling terminal",
	.help = "The actor's process leaves its session and process group and leads "
	    "new ones, with no controlling terminal; the first terminal it then opens "
	    "without noctty becomes its controlling terminal, with its group in the "
	    "foreground. A process group leader cannot (EPERM): every spawned actor "
	    "is one, so fork first.",
	.example = "B setsid",
	.prepare = setsid_prepare,
	.perform = setsid_perform,
	.hint = setsid_hint,
};

/* A process group by actor name, or a number. Never the group of
 * ipcscope's own controller: an actor in it would share the signals meant
 * for ipcscope (^C, the shell's job control), and a send to the actor's
 * group would reach the controller. */
static bool
take_pgid(struct call *c, const struct arg *a, int64_t *pgid, char **cause)
{
	struct actor	*who;

	if (!a->present) {
		*pgid = 0;
		return true;
	}
	if (!parse_int(a->str, pgid)) {
		who = lab_actor(c->lab, a->str);
		if (who == NULL || actor_terminated(who)) {
			*cause = xasprintf("%s is not a live actor or a number", word_short(a->str));
			c->err_column = a->column;
			return false;
		}
		*pgid = actor_task(who->proc)->pgrp;
	}
	if (*pgid > 0 && *pgid <= INT_MAX && siglab_own_group(c->lab, (pid_t)*pgid)) {
		*cause = xasprintf("process group %lld holds ipcscope's own controller (and the job it "
		    "runs in); no actor joins it or puts it in a terminal's foreground",
		    (long long)*pgid);
		c->err_column = a->column;
		return false;
	}
	return true;
}

static bool
setpgid_prepare(struct call *c, char **cause)
{
	return take_pgid(c, cmd_arg(c->cmd, "PGID"), &c->arg[0], cause);
}

static void
setpgid_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = setpgid(0, (pid_t)c->req->arg[0]);
	actor_end(c, r);
}

static void
setpgid_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "setpgid(0, %lld)", (long long)c->arg[0]);
}

static const char *
setpgid_hint(const struct call *c)
{
	switch (c->err) {
	case EPERM:
		return "the group is in another session, or the caller leads its session";
	default:
		return NULL;
	}
}

static const struct arg_spec setpgid_args[] = {
	{ "PGID", ARG_WORD, ARG_OPTIONAL | ARG_ACTORS, NULL, "the group to join: an actor (its group) or a number; default: a new group led by the caller" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_setpgid = {
	.name = "setpgid",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = setpgid_args,
	.summary = "setpgid(): move the caller to another process group, or a new one",
	.help = "The actor's process joins the process group PGID of its session, or "
	    "leads a new one. The terminal sends its signals to one group, the "
	    "foreground one.",
	.example = "C setpgid",
	.prepare = setpgid_prepare,
	.perform = setpgid_perform,
	.format = setpgid_format,
	.hint = setpgid_hint,
};

static bool
tcsetpgrp_prepare(struct call *c, char **cause)
{
	int	 fd;

	c->obj = NULL;
	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	if (!take_pgid(c, cmd_arg(c->cmd, "PGID"), &c->arg[1], cause))
		return false;
	if (c->arg[1] == 0)
		c->arg[1] = actor_task(c->actor->proc)->pgrp;
	return true;
}

static void
tcsetpgrp_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = tcsetpgrp((int)c->req->arg[0], (pid_t)c->req->arg[1]);
	actor_end(c, r);
}

static void
tcsetpgrp_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "tcsetpgrp(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", %lld)", (long long)c->arg[1]);
}

static const struct arg_spec tcsetpgrp_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "the caller's controlling terminal (pt1.s)" },
	{ "PGID", ARG_WORD, ARG_OPTIONAL | ARG_ACTORS, NULL, "the group: an actor (its group) or a number; default the caller's" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_tcsetpgrp = {
	.name = "tcsetpgrp",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = tcsetpgrp_args,
	.summary = "tcsetpgrp(): make a process group the terminal's foreground",
	.help = "The actor makes PGID the foreground process group of its controlling "
	    "terminal: the group that ^C interrupts and that may read it. A "
	    "background group that reads gets SIGTTIN.",
	.example = "B tcsetpgrp pt1.s C",
	.prepare = tcsetpgrp_prepare,
	.perform = tcsetpgrp_perform,
	.format = tcsetpgrp_format,
	.hint = tty_hint,
};

static const struct cmd_entry *const pty_commands[] = {
	&cmd_openpt,
	&cmd_grantpt,
	&cmd_unlockpt,
	&cmd_ptsname,
	&cmd_tcsetattr,
	&cmd_tcgetattr,
	&cmd_setsid,
	&cmd_setpgid,
	&cmd_tcsetpgrp,
	NULL,
};

/* A controlling terminal that is a pty's slave: Unix98 slaves are majors
 * 136 to 143, /dev/pts/N. The lab's pty by name, or the device. */
static bool
pty_describe_tty(struct lab *lab, unsigned int major, unsigned int minor, struct desc *d,
    const char *key)
{
	struct object	*o;
	unsigned int	 n;
	size_t		 i;

	if (major < 136 || major > 143)
		return false;
	n = (major - 136) * 256 + minor;
	for (i = 0; i < lab->nobjects; i++) {
		o = lab->objects[i];
		if (o->mech == &pty_mechanism && o->nids == 2 && o->ids[0].xid == (int64_t)n) {
			desc_word(d, key, o->name);
			return true;
		}
	}
	desc_text(d, key, "/dev/pts/%u", n);
	return true;
}

/* A descriptor of a pty by its link: a master (the number of its slave
 * is its tty-index, kept as its xid), or a slave (/dev/pts/N); -1 if
 * neither. *master says which. */
static long
pty_number(const struct fd_entry *fe, bool *master)
{
	const char	*p;
	char		*end;
	long		 n;

	*master = false;
	if (fe->link == NULL || !S_ISCHR(fe->type))
		return -1;
	if (strcmp(fe->link, "/dev/ptmx") == 0 || strcmp(fe->link, "/dev/pts/ptmx") == 0) {
		*master = true;
		return fe->id.xid >= 0 ? (long)fe->id.xid : -1;
	}
	if (strncmp(fe->link, "/dev/pts/", 9) != 0)
		return -1;
	p = fe->link + 9;
	errno = 0;
	n = strtol(p, &end, 10);
	if (errno != 0 || end == p || *end != '\0' || n < 0)
		return -1;
	return n;
}

/* A pty master or slave the lab did not make: by its link. */
static bool
pty_claims(const struct fd_entry *fe)
{
	bool	 master;

	return pty_number(fe, &master) >= 0;
}

/* A read on one side of a pty waits for what the other side's holders
 * write, a write (its buffer full) for them to read: the processes that
 * hold the other side of the same pty, paired by number (a master's
 * tty-index, a slave's /dev/pts/N). */
static size_t
pty_woken_by(struct lab *lab, const struct fd_entry *fe, const struct thread_wait *tw,
    struct file_want *out, size_t max)
{
	const struct fd_table	*fds;
	struct actor		*p;
	size_t			 i, k, n = 0;
	long			 num, other;
	bool			 master, other_master;

	if (tw->on.fd.op != WAIT_FD_READ && tw->on.fd.op != WAIT_FD_WRITE)
		return 0;
	if ((num = pty_number(fe, &master)) < 0)
		return 0;
	for (i = 0; i < lab->nactors && n < max; i++) {
		p = lab->actors[i];
		if (p->is_thread || p->life != ACTOR_ALIVE)
			continue;
		fds = actor_fds(p);
		for (k = 0; k < fds->n; k++) {
			other = pty_number(&fds->v[k], &other_master);
			if (other == num && other_master != master) {
				memset(&out[n], 0, sizeof out[n]);
				out[n++].pid = p->pid;
				break;
			}
		}
	}
	/* None the lab sees: a terminal's other side is often held by one
	 * it does not (a terminal emulator, sshd), and a person types:
	 * not followed (0), so that the reader may move. */
	return n;
}

static const struct menu_new pty_menu_new[] = {
	{ MENU_TERMINALS, "posix_openpt", "", "pt", "pseudoterminal: a master and a slave", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct menu_call pty_menu_calls[] = {
	{ MENU_UNHELD, "open %s r", "open %s (its slave) for reading", "open it for reading", false, 0 },
	{ MENU_UNHELD, "open %s w", "open %s (its slave) for writing", "open it for writing", false, 0 },
	{ 0, NULL, NULL, NULL, false, 0 },
};

/* An observed process's master or slave: the pair as one object, named
 * after its number ("pty-3"): the master's identity (/dev/ptmx and the
 * number), and the slave's file in devpts. */
static bool
pty_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	struct stat	 st;
	char		 path[64];
	long		 index;
	bool		 master;

	(void)lab;
	(void)p;
	if ((index = pty_number(fe, &master)) < 0)
		return false;
	if (master) {
		/* A master: its number is its fdinfo's. */
		out->ids[0] = fe->id;
	} else {
		/* A slave: its master, as one opened through /dev/ptmx. */
		if (stat("/dev/ptmx", &st) == -1)
			return false;
		out->ids[0] = (struct fd_id){ st.st_dev, st.st_ino, index };
	}
	snprintf(path, sizeof path, "/dev/pts/%ld", index);
	if (stat(path, &st) == -1)
		return false;
	out->ids[1] = (struct fd_id){ st.st_dev, st.st_ino, -1 };
	out->nids = 2;
	out->mech = &pty_mechanism;
	snprintf(out->name, sizeof out->name, "pty-%ld", index);
	return true;
}

/* Its slave's path, from its number. */
static void
pty_observe_init(struct object *o, const struct fd_entry *fe, int64_t number)
{
	(void)fe;
	(void)number;
	if (o->nids > 0)
		o->path = xasprintf("/dev/pts/%lld", (long long)o->ids[0].xid);
}

const struct mechanism pty_mechanism = {
	.name = "pty",
	.title = "pseudoterminals",
	.help = "A pseudoterminal is a pair: the master, which a terminal emulator or "
	    "ssh holds, and the slave, /dev/pts/N, which a shell holds as its "
	    "terminal. Between them the line discipline edits input into lines "
	    "(icanon), echoes it (echo), and turns ^C into SIGINT for the slave's "
	    "foreground process group (isig). show reads the modes, the bytes "
	    "waiting each way (FIONREAD), the session and the foreground group "
	    "through a duplicate of the master.",
	.commands = pty_commands,
	.send_verb = "write",
	.recv_verb = "read",
	.help_objects = "pseudoterminals",
	.menu_new = pty_menu_new,
	.menu_io = fd_menu_io,
	.menu_calls = pty_menu_calls,
	.describe_tty = pty_describe_tty,
	.fd_backed = true,
	.ends = pty_ends,
	.fdinfo_keys = pty_fdinfo_keys,
	.handle_fdinfo = pty_handle_fdinfo,
	.claims = pty_claims,
	.woken_by = pty_woken_by,
	.woken_by_stands = true,
	.describe = pty_describe,
	.observe_fd = pty_observe_fd,
	.observe_init = pty_observe_init,
};
