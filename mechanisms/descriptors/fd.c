/* fd.c: the calls that work on any descriptor: read, write, close, fcntl. */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "fd.h"
#include "lab.h"
#include "mechanism.h"
#include "socket.h"

#define READ_DEFAULT	65536
#define READ_MAX	(1024 * 1024)
#define SHOW_BYTES	32

/* read */

static bool
read_prepare(struct call *c, char **cause)
{
	const struct arg	*count = cmd_arg(c->cmd, "COUNT");
	int			 fd;

	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), O_RDONLY, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = count->present ? count->num : READ_DEFAULT;
	if (c->arg[1] > READ_MAX) {
		*cause = xstrdup("COUNT is at most 1M per call");
		return false;
	}
	c->arg[2] = cmd_arg(c->cmd, "nonblock")->present;
	return true;
}

static void
read_perform(struct actor_call *c)
{
	size_t		 count = (size_t)c->req->arg[1];
	struct iovec	 iov;
	ssize_t		 n;
	char		*p;

	p = xmalloc(count);
	iov.iov_base = p;
	iov.iov_len = count;
	actor_begin(c);
	if (c->req->arg[2])
		n = preadv2((int)c->req->arg[0], &iov, 1, -1, RWF_NOWAIT);
	else
		n = read((int)c->req->arg[0], p, count);
	actor_end(c, n);
	if (n > 0)
		buf_add(&c->out, p, (size_t)n);
	free(p);
}

static void
read_format(const struct call *c, struct buf *b)
{
	buf_adds(b, c->arg[2] ? "preadv2(" : "read(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	if (c->state == CALL_DONE && c->ret >= 0)
		buf_add_quoted(b, c->rdata.data, c->rdata.len, SHOW_BYTES);
	else
		buf_adds(b, "...");
	buf_printf(b, ", %lld", (long long)c->arg[1]);
	if (c->arg[2])
		buf_adds(b, ", -1, RWF_NOWAIT");
	buf_addc(b, ')');
}

static bool
is_eventfd(const struct call *c)
{
	return c->obj != NULL && strcmp(c->obj->mech->name, "eventfd") == 0;
}

static const char *
rw_hint(const struct call *c)
{
	bool	 reading = strcmp(c->verb->name, "read") == 0;

	switch (c->err) {
	case EOPNOTSUPP:
		/* Only preadv2 and pwritev2 ask for RWF_NOWAIT. */
		if (!(reading ? c->arg[2] : c->arg[3]))
			return NULL;
		return "this kind of file refuses RWF_NOWAIT: make the descriptor nonblocking "
		    "instead (fcntl TARGET nonblock)";
	case EAGAIN:
		if (reading && is_eventfd(c))
			return "the counter is 0: nothing to take, and the call does not wait";
		return "nothing can be moved now and the call does not wait";
	case EINVAL:
		if (!is_eventfd(c))
			return NULL;
		return reading ? "an eventfd gives exactly 8 bytes, its counter: read at least 8 "
		    "(eventfd_read does)" : "an eventfd takes exactly 8 bytes, a 64-bit number to "
		    "add (eventfd_write writes one)";
	case EIO:
		if (c->obj == NULL || strcmp(c->obj->mech->name, "pty") != 0)
			return NULL;
		if (c->end_which == 0)
			return "no slave descriptor is open any more";
		return "the terminal is hung up, or the caller is in a background group";
	case EBADF:
		if (reading && c->end_access == O_WRONLY)
			return "the descriptor is open for writing only";
		if (!reading && c->end_access == O_RDONLY)
			return "the descriptor is open for reading only";
		return NULL;
	default:
		return NULL;
	}
}

static const struct arg_spec read_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "an object (p1 picks a read end), an end (p1.r) or a number" },
	{ "COUNT", ARG_SIZE, ARG_OPTIONAL, NULL, "the most bytes to take (default 64k, at most 1M)" },
	{ "nonblock", ARG_FLAG, 0, NULL, "this call only: preadv2 with RWF_NOWAIT, EAGAIN instead of waiting" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_read = {
	.name = "read",
	.flow = FLOW_TAKES,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = read_args,
	.summary = "read(): take up to COUNT bytes; blocks while a pipe is empty",
	.help = "The actor calls read on the descriptor. On a pipe or FIFO it returns "
	    "what is queued, up to COUNT bytes, and those bytes are gone for every "
	    "other reader; when nothing is queued it blocks until a write, returns 0 "
	    "(end of file) once no write end is open, or fails with EAGAIN if the "
	    "descriptor is O_NONBLOCK or nonblock is given.",
	.example = "B read p1 5",
	.prepare = read_prepare,
	.perform = read_perform,
	.format = read_format,
	.hint = rw_hint,
};

/* write */

static bool
write_prepare(struct call *c, char **cause)
{
	const struct arg	*data = cmd_arg(c->cmd, "DATA");
	int			 fd;

	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), O_WRONLY, &fd, cause))
		return false;
	c->arg[0] = fd;
	if (data->is_number) {
		c->arg[1] = data->num;
		c->arg[2] = 1;		/* generated */
	} else {
		c->arg[1] = (int64_t)data->len;
		buf_add(&c->data, data->str, data->len);
	}
	c->arg[3] = cmd_arg(c->cmd, "nonblock")->present;
	/* A UDP socket binds on its first write as on a send: the socket
	 * mechanism's rule says where (socket.h). */
	c->arg[4] = (c->obj == NULL || c->obj->mech == &socket_mechanism) &&
	    lab_actor_place(c->actor) == NULL;
	return true;
}

static void
write_perform(struct actor_call *c)
{
	size_t		 len = (size_t)c->req->arg[1];
	struct iovec	 iov;
	ssize_t		 n;
	char		*gen = NULL;
	const char	*p = c->data;

	if (c->req->arg[4] && !sock_actor_bind_first(c, (int)c->req->arg[0], SOCK_DGRAM, NULL, 0))
		return;
	if (c->req->arg[2]) {
		gen = xmalloc(len);
		fill_pattern(gen, len);
		p = gen;
	}
	iov.iov_base = (void *)p;
	iov.iov_len = len;
	actor_begin(c);
	if (c->req->arg[3])
		n = pwritev2((int)c->req->arg[0], &iov, 1, -1, RWF_NOWAIT);
	else
		n = write((int)c->req->arg[0], p, len);
	actor_end(c, n);
	free(gen);
}

static void
write_call_format(const struct call *c, struct buf *b)
{
	char	 shown[SHOW_BYTES];
	size_t	 len = (size_t)c->arg[1];

	buf_adds(b, c->arg[3] ? "pwritev2(" : "write(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	if (c->arg[2]) {
		fill_pattern(shown, sizeof shown);
		buf_add_quoted(b, shown, len < sizeof shown ? len : sizeof shown, SHOW_BYTES);
		if (len > sizeof shown)
			buf_adds(b, "...");
	} else
		buf_add_quoted(b, c->data.data, c->data.len, SHOW_BYTES);
	buf_printf(b, ", %zu", len);
	if (c->arg[3])
		buf_adds(b, ", -1, RWF_NOWAIT");
	buf_addc(b, ')');
}

static void
write_format(const struct call *c, struct buf *b)
{
	sock_format_bind_first(c, b, (int)c->arg[0], write_call_format);
}

static const struct arg_spec write_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "an object (p1 picks a write end), an end (p1.w) or a number" },
	{ "DATA", ARG_DATA, 0, NULL, "a quoted string, or a size (64k) of generated bytes a-z" },
	{ "nonblock", ARG_FLAG, 0, NULL, "this call only: pwritev2 with RWF_NOWAIT, EAGAIN instead of waiting" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_write = {
	.name = "write",
	.flow = FLOW_PUTS,
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = write_args,
	.summary = "write(): queue DATA; blocks while a pipe is full",
	.help = "The actor calls write on the descriptor. On a pipe it queues the bytes "
	    "for a reader; when the pipe is full it blocks until a reader makes room "
	    "(or fails with EAGAIN, or writes what fits, if nonblocking). A write of "
	    "at most PIPE_BUF (4096) bytes is never split. With no read end open it "
	    "fails with EPIPE and the kernel sends SIGPIPE, which by default kills "
	    "the writer.",
	.example = "A write p1 \"hello\"",
	.prepare = write_prepare,
	.perform = write_perform,
	.format = write_format,
	.hint = rw_hint,
};

/* close */

static bool
close_prepare(struct call *c, char **cause)
{
	const struct arg	*target = cmd_arg(c->cmd, "TARGET");
	const struct object_end	*e;
	struct object		*o;
	struct buf		 b;
	size_t			 held;
	int			 fd, first, k;

	/* A bare object name with two ends held is ambiguous. */
	if (!target->is_number && strchr(target->str, '.') == NULL &&
	    (o = lab_object(c->lab, target->str)) != NULL && o->mech->fd_backed &&
	    o->mech->ends != NULL) {
		held = lab_held_by(o, c->actor, &first, 1);
		if (held > 1) {
			buf_init(&b);
			buf_printf(&b, "%s holds %zu descriptors of %s: say which", c->actor->proc->name,
			    held, o->name);
			for (e = o->mech->ends, k = 0; e->suffix != NULL; e++) {
				if (e->which < o->nids && !(e->access == -1 && o->nids == 1))
					buf_printf(&b, "%s close %s.%s", k++ == 0 ? "," : " or", o->name,
					    e->suffix);
			}
			buf_printf(&b, " or close %d", first);
			*cause = buf_take(&b);
			c->err_column = target->column;
			return false;
		}
	}
	if (!lab_resolve_fd(c, target, -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	return true;
}

static void
close_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = close((int)c->req->arg[0]);
	actor_end(c, r);
	actor_fd_changed(c, (int)c->req->arg[0]);
}

static void
close_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "close(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_addc(b, ')');
}

static const struct arg_spec close_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "an end (p1.r), an object held once (f1) or a number" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_close = {
	.name = "close",
	.scope = CMD_ACTOR,
	.args = close_args,
	.summary = "close(): let go of a descriptor",
	.help = "The actor closes the descriptor. A pipe's reader sees end of file "
	    "only when every write end, in every process, is closed; a writer gets "
	    "EPIPE only when every read end is closed.",
	.example = "B close p1.w",
	.prepare = close_prepare,
	.perform = close_perform,
	.format = close_format,
};

/* fcntl */

enum fcntl_op {
	FC_GETFL, FC_NONBLOCK, FC_BLOCK, FC_GETPIPE, FC_SETPIPE,
	FC_SETLK, FC_SETLKW, FC_GETLK, FC_OFD_SETLK, FC_OFD_SETLKW, FC_OFD_GETLK,
};
static const int lock_cmds[] = { F_SETLK, F_SETLKW, F_GETLK, F_OFD_SETLK, F_OFD_SETLKW, F_OFD_GETLK };
static const char *const lock_cmd_names[] = {
	"F_SETLK", "F_SETLKW", "F_GETLK", "F_OFD_SETLK", "F_OFD_SETLKW", "F_OFD_GETLK",
};
static const struct arg_choice fcntl_ops[] = {
	{ "getfl", FC_GETFL },
	{ "nonblock", FC_NONBLOCK },
	{ "block", FC_BLOCK },
	{ "getpipe", FC_GETPIPE },
	{ "setpipe", FC_SETPIPE },
	{ "setlk", FC_SETLK },
	{ "setlkw", FC_SETLKW },
	{ "getlk", FC_GETLK },
	{ "ofd_setlk", FC_OFD_SETLK },
	{ "ofd_setlkw", FC_OFD_SETLKW },
	{ "ofd_getlk", FC_OFD_GETLK },
	{ NULL, 0 },
};
static const struct arg_choice lock_types[] = {
	{ "read", F_RDLCK },
	{ "write", F_WRLCK },
	{ "unlock", F_UNLCK },
	{ NULL, 0 },
};

#define IS_LOCK_OP(op)	((op) >= FC_SETLK)

/* A byte range: START-END (inclusive), START+LEN, START- (to the end of
 * the file, however long it grows); as l_start and l_len. */
static bool
parse_range(const char *s, int64_t *start, int64_t *len)
{
	const char	*sep = strpbrk(s, "-+");
	char		*head;
	int64_t		 a, b;
	bool		 ok;

	if (sep == NULL || sep == s)
		return false;
	head = xstrndup(s, (size_t)(sep - s));
	ok = parse_size(head, &a);
	free(head);
	if (!ok)
		return false;
	*start = a;
	if (sep[1] == '\0') {
		*len = 0;
		return *sep == '-';
	}
	if (!parse_size(sep + 1, &b))
		return false;
	if (*sep == '+') {
		*len = b;
		return b > 0;
	}
	*len = b - a + 1;
	return b >= a;
}

static bool
fcntl_prepare(struct call *c, char **cause)
{
	const struct arg	*op = cmd_arg(c->cmd, "OP");
	const struct arg	*type = cmd_arg(c->cmd, "TYPE");
	const struct arg	*value = cmd_arg(c->cmd, "VALUE");
	int64_t			 size = 0, start = 0, len = 0;
	int			 fd;

	if (op->num == FC_SETPIPE) {
		if (!value->present) {
			*cause = xstrdup("setpipe needs a size: A fcntl p1.w setpipe 1M");
			return false;
		}
		if (!parse_size(value->str, &size) || size > 0x7fffffff) {
			*cause = xasprintf("'%s' is not a size F_SETPIPE_SZ takes (512, 64k, 1M)",
			    word_short(value->str));
			c->err_column = value->column;
			return false;
		}
	} else if (IS_LOCK_OP(op->num)) {
		if (!type->present) {
			*cause = xasprintf("%s needs a lock TYPE: read, write or unlock (A fcntl f1 %s write 0-9)",
			    op->str, op->str);
			return false;
		}
		if (type->num == F_UNLCK && (op->num == FC_GETLK || op->num == FC_OFD_GETLK)) {
			*cause = xstrdup("getlk asks whether a read or write lock could be placed: give read or write");
			c->err_column = type->column;
			return false;
		}
		if (value->present && !parse_range(value->str, &start, &len)) {
			*cause = xasprintf("'%s' is not a byte range: START-END (0-9), START+LEN (0+10) or START- (to the end)",
			    word_short(value->str));
			c->err_column = value->column;
			return false;
		}
	} else if (value->present || type->present) {
		*cause = xasprintf("%s takes no further arguments", op->str);
		c->err_column = value->present ? value->column : type->column;
		return false;
	}
	if (!IS_LOCK_OP(op->num) && type->present) {
		*cause = xasprintf("a lock TYPE goes with the lock operations, not %s", op->str);
		c->err_column = type->column;
		return false;
	}
	if (!lab_resolve_fd(c, cmd_arg(c->cmd, "TARGET"), -1, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = op->num;
	c->arg[2] = size;
	c->arg[3] = type->present ? type->num : 0;
	c->arg[4] = start;
	c->arg[5] = len;
	return true;
}

static void
fcntl_perform(struct actor_call *c)
{
	int	 fd = (int)c->req->arg[0], fl, r;

	switch ((enum fcntl_op)c->req->arg[1]) {
	case FC_GETFL:
		actor_begin(c);
		r = fcntl(fd, F_GETFL);
		actor_end(c, r);
		break;
	case FC_NONBLOCK:
	case FC_BLOCK:
		fl = fcntl(fd, F_GETFL);
		if (fl == -1) {
			actor_begin(c);
			actor_end(c, -1);
			break;
		}
		fl = c->req->arg[1] == FC_NONBLOCK ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
		c->val[0] = fl;
		actor_begin(c);
		r = fcntl(fd, F_SETFL, fl);
		actor_end(c, r);
		break;
	case FC_GETPIPE:
		actor_begin(c);
		r = fcntl(fd, F_GETPIPE_SZ);
		actor_end(c, r);
		break;
	case FC_SETPIPE:
		actor_begin(c);
		r = fcntl(fd, F_SETPIPE_SZ, (int)c->req->arg[2]);
		actor_end(c, r);
		break;
	default: {
		/* On the stack, where a blocked F_SETLKW's request is read
		 * from by the lab (locks.c). */
		struct flock	 lk;

		memset(&lk, 0, sizeof lk);
		lk.l_type = (short)c->req->arg[3];
		lk.l_whence = SEEK_SET;
		lk.l_start = (off_t)c->req->arg[4];
		lk.l_len = (off_t)c->req->arg[5];
		actor_begin(c);
		r = fcntl(fd, lock_cmds[c->req->arg[1] - FC_SETLK], &lk);
		actor_end(c, r);
		c->val[0] = lk.l_type;
		c->val[1] = lk.l_start;
		c->val[2] = lk.l_len;
		c->val[3] = lk.l_pid;
		break;
	}
	}
	/* Its flags, or its locks, which its fdinfo shows. */
	actor_fd_changed(c, fd);
}

static const char *
lock_type_name(int64_t t)
{
	return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : "F_UNLCK";
}

static void
add_lock_range(struct buf *b, int64_t start, int64_t len)
{
	if (len == 0)
		buf_printf(b, "%lld-EOF", (long long)start);
	else
		buf_printf(b, "%lld-%lld", (long long)start, (long long)(start + len - 1));
}

/* F_GETLK's answer as last.lock: the conflicting lock and its owner. */
static void
fcntl_finish(struct call *c)
{
	struct actor	*a;
	struct buf	 b;

	if (c->ret != 0 || (c->arg[1] != FC_GETLK && c->arg[1] != FC_OFD_GETLK))
		return;
	buf_init(&b);
	if (c->val[0] == F_UNLCK)
		buf_adds(&b, "none: the lock could be placed");
	else {
		buf_printf(&b, "%s ", lock_type_name(c->val[0]));
		add_lock_range(&b, c->val[1], c->val[2]);
		if (c->val[3] == -1)
			buf_adds(&b, " held by an open file description (pid -1)");
		else {
			buf_printf(&b, " held by pid %lld", (long long)c->val[3]);
			if ((a = lab_actor_by_pid(c->lab, (pid_t)c->val[3])) != NULL)
				buf_printf(&b, " (%s)", a->name);
		}
	}
	call_set_extra(c, "lock", buf_take(&b));
}

static void
add_open_flags(struct buf *b, int64_t flags)
{
	static const struct {
		int		 bit;
		const char	*name;
	} bits[] = {
		{ O_CREAT, "O_CREAT" }, { O_EXCL, "O_EXCL" }, { O_TRUNC, "O_TRUNC" },
		{ O_APPEND, "O_APPEND" }, { O_NONBLOCK, "O_NONBLOCK" },
		{ O_DIRECT, "O_DIRECT" }, { O_LARGEFILE, "O_LARGEFILE" },
		{ O_NOATIME, "O_NOATIME" }, { O_CLOEXEC, "O_CLOEXEC" },
		{ O_SYNC, "O_SYNC" },
	};
	size_t	 i;

	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		buf_adds(b, "O_RDONLY");
		break;
	case O_WRONLY:
		buf_adds(b, "O_WRONLY");
		break;
	default:
		buf_adds(b, "O_RDWR");
		break;
	}
	for (i = 0; i < nitems(bits); i++) {
		if ((flags & bits[i].bit) == bits[i].bit)
			buf_printf(b, "|%s", bits[i].name);
	}
}

static void
fcntl_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "fcntl(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	switch ((enum fcntl_op)c->arg[1]) {
	case FC_GETFL:
		buf_adds(b, ", F_GETFL)");
		break;
	case FC_NONBLOCK:
	case FC_BLOCK:
		buf_adds(b, ", F_SETFL, ");
		if (c->state == CALL_DONE && c->err == 0)
			add_open_flags(b, c->val[0]);
		else
			buf_adds(b, c->arg[1] == FC_NONBLOCK ? "...|O_NONBLOCK" : "...&~O_NONBLOCK");
		buf_addc(b, ')');
		break;
	case FC_GETPIPE:
		buf_adds(b, ", F_GETPIPE_SZ)");
		break;
	case FC_SETPIPE:
		buf_printf(b, ", F_SETPIPE_SZ, %lld)", (long long)c->arg[2]);
		break;
	default:
		buf_printf(b, ", %s, {%s, SEEK_SET, %lld, %lld})", lock_cmd_names[c->arg[1] - FC_SETLK],
		    lock_type_name(c->arg[3]), (long long)c->arg[4], (long long)c->arg[5]);
		break;
	}
}

static const char *
fcntl_hint(const struct call *c)
{
	switch (c->err) {
	case EDEADLK:
		return "waiting would deadlock: the lock's owner waits for a lock this process holds (the kernel checks POSIX locks only)";
	case EAGAIN:
	case EACCES:
		if (IS_LOCK_OP(c->arg[1]))
			return "a conflicting lock is held (getlk shows whose); setlkw would wait for it";
		return NULL;
	case EBADF:
		/* F_GETLK and unlocking need no open mode. */
		if (c->arg[1] == FC_GETLK || c->arg[1] == FC_OFD_GETLK)
			return NULL;
		if (IS_LOCK_OP(c->arg[1]) && c->arg[3] == F_RDLCK && c->end_access == O_WRONLY)
			return "a read lock needs the file open for reading, and it is open for writing only";
		if (IS_LOCK_OP(c->arg[1]) && c->arg[3] == F_WRLCK && c->end_access == O_RDONLY)
			return "a write lock needs the file open for writing, and it is open for reading only";
		return NULL;
	case EINVAL:
		if (IS_LOCK_OP(c->arg[1]))
			return "this kind of file takes no record locks";
		return NULL;
	default:
		return NULL;
	}
}

static void
fcntl_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld", (long long)c->ret);
	if (c->extra != NULL)
		buf_printf(b, ": %s", c->extra);
	if (c->arg[1] == FC_GETFL) {
		buf_adds(b, " (");
		add_open_flags(b, c->ret);
		buf_addc(b, ')');
	}
}

static const struct arg_spec fcntl_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "an object, an end or a descriptor number" },
	{ "OP", ARG_CHOICE, 0, fcntl_ops,
	  "F_GETFL; set or clear O_NONBLOCK with F_SETFL; F_GETPIPE_SZ; F_SETPIPE_SZ; "
	  "record locks F_SETLK, F_SETLKW (waits), F_GETLK; the same on the open file description, F_OFD_*" },
	{ "TYPE", ARG_CHOICE, ARG_OPTIONAL, lock_types, "locks: F_RDLCK, F_WRLCK or F_UNLCK" },
	{ "VALUE", ARG_WORD, ARG_OPTIONAL, NULL,
	  "setpipe: the capacity (rounded up to pages); locks: the bytes, START-END, START+LEN or START- (default: the whole file)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_fcntl = {
	.name = "fcntl",
	.scope = CMD_ACTOR,
	.effects = EFF_SHARED_FDS,
	.args = fcntl_args,
	.summary = "fcntl(): O_NONBLOCK on or off, a pipe's capacity, record locks",
	.help = "The actor calls fcntl. nonblock and block change O_NONBLOCK on the open "
	    "file description, which every descriptor sharing it sees (a parent and "
	    "its forked child share them). setpipe sets a pipe's capacity; the kernel "
	    "rounds it up and returns the size it chose. setlk, setlkw and getlk are "
	    "POSIX record locks over byte ranges: owned by the process, shared by "
	    "readers, exclusive for a writer; unlocking part of a range splits it; "
	    "closing ANY descriptor of the file releases all of the process's locks "
	    "on it; and the kernel refuses a setlkw that would deadlock (EDEADLK). "
	    "ofd_setlk, ofd_setlkw and ofd_getlk are the same on the open file "
	    "description: they go only when its last descriptor closes, and a cycle "
	    "of them simply hangs (the file's view names the cycle). getlk answers "
	    "with the lock that would conflict and its owner's pid (last.lock).",
	.example = "A fcntl f1 setlkw write 0-9",
	.prepare = fcntl_prepare,
	.perform = fcntl_perform,
	.finish = fcntl_finish,
	.format = fcntl_format,
	.format_result = fcntl_result,
	.hint = fcntl_hint,
};

static const struct cmd_entry *const fd_commands[] = {
	&cmd_read,
	&cmd_write,
	&cmd_close,
	&cmd_fcntl,
	NULL,
};

const struct menu_call fd_menu_io[] = {
	{ MENU_WRITES, "write %s \"\"", "write to %s...", NULL, true, 1 },
	{ MENU_WRITES, "write %s 4k", "write 4 KiB to %s", NULL, false, 0 },
	{ MENU_READS, "read %s", "read from %s (blocks while it is empty)", NULL, false, 0 },
	{ MENU_READS, "read %s nonblock", "read from %s without waiting", NULL, false, 0 },
	{ 0, NULL, NULL, NULL, false, 0 },
};

const struct mechanism fd_mechanism = {
	.name = "fd",
	.title = "calls on any descriptor",
	.help = "read, write, close and fcntl work on a descriptor of any kind. The "
	    "descriptor is named by its number (4), by an object (p1: the lab picks "
	    "the end that fits the call) or by an end (p1.w). The log shows each call "
	    "as a program makes it, with the descriptor's object: write(4<p1.w>, ...).",
	.commands = fd_commands,
};

bool
fd_is_mqueue(const struct fd_entry *fe)
{
	struct stat	 st;

	if (!S_ISREG(fe->type) || fe->link == NULL || fe->link[0] != '/' ||
	    fe->link[1] == '\0' || strchr(fe->link + 1, '/') != NULL ||
	    strchr(fe->link, ' ') != NULL)
		return false;
	return stat(fe->link, &st) == -1 || st.st_dev != fe->id.dev || st.st_ino != fe->id.ino;
}
