/* poll.c: waiting on many descriptors at once: poll and select on a set
 * named in the call, and epoll, whose instance is an object of its own
 * with an interest list. The view shows the set a blocked actor waits
 * on, and the call's result which members woke it. An epoll instance's
 * interest list is read from its fdinfo, and whether each member is
 * ready now is asked with poll(0) on a duplicate of the member. */
#include "config.h"

#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"

#define SET_MAX		16		/* descriptors in one poll or select */
#define EVENTS_MAX	16		/* events one epoll_wait returns */

extern const struct mechanism epoll_mechanism;

/* --- the set: "p1.r s1:out e1" --- */

/* Resolve the SET list into pollfds (c->data), the objects waited on
 * (c->waits) and their names (c->on). */
static bool
take_set(struct call *c, char **cause)
{
	const struct arg	*list = cmd_arg(c->cmd, "SET");
	struct pollfd		 pfd;
	struct arg		 a;
	struct buf		 on;
	char			*words, *w, *save = NULL, *colon;
	int			 fd, want;
	bool			 ok = true;

	if (list->num > SET_MAX) {
		*cause = xasprintf("a set has at most %d descriptors, not %lld", SET_MAX,
		    (long long)list->num);
		c->err_column = list->column;
		return false;
	}
	buf_init(&on);
	c->waits = xcalloc(SET_MAX, sizeof *c->waits);
	words = xstrdup(list->str);
	for (w = strtok_r(words, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
		memset(&pfd, 0, sizeof pfd);
		pfd.events = POLLIN;
		want = O_RDONLY;
		if ((colon = strchr(w, ':')) != NULL) {
			*colon++ = '\0';
			if (strcmp(colon, "in") == 0)
				;
			else if (strcmp(colon, "out") == 0) {
				pfd.events = POLLOUT;
				want = O_WRONLY;
			} else if (strcmp(colon, "inout") == 0) {
				pfd.events = POLLIN | POLLOUT;
				want = -1;
			} else {
				*cause = xasprintf("'%s:%s': a member is NAME, NAME:in, NAME:out or NAME:inout",
				    word_short(w), word_short(colon));
				c->err_column = list->column;
				ok = false;
				break;
			}
		}
		memset(&a, 0, sizeof a);
		a.present = true;
		a.column = list->column;
		a.str = w;
		a.len = strlen(w);
		a.is_number = parse_int(w, &a.num);
		if (!a.is_number && !ref_valid(w)) {
			*cause = xasprintf("'%s' is not a descriptor: a member is an object (p1), an end (p1.r) or a number",
			    word_short(w));
			c->err_column = list->column;
			ok = false;
			break;
		}
		c->obj = NULL;
		if (!lab_resolve_fd(c, &a, want, &fd, cause)) {
			ok = false;
			break;
		}
		pfd.fd = fd;
		buf_add(&c->data, &pfd, sizeof pfd);
		if (c->obj != NULL) {
			c->waits[c->nwaits++] = c->obj;
			if (on.len > 0)
				buf_addc(&on, ' ');
			lab_add_end_name(&on, c->obj, c->end_which, c->end_access);
		} else
			buf_printf(&on, "%s%d", on.len > 0 ? " " : "", fd);
	}
	free(words);
	c->obj = NULL;		/* the call is on the set, not one object */
	c->end_access = -1;
	if (!ok) {
		buf_free(&on);
		return false;
	}
	c->on = buf_take(&on);
	return true;
}

static int64_t
timeout_ms(const struct cmd *cmd)
{
	const struct arg	*t = cmd_arg(cmd, "timeout");

	if (!t->present)
		return -1;
	return (t->num + 999999) / 1000000;	/* rounded up, as the kernel does */
}

static void
add_poll_events(struct buf *b, int ev)
{
	static const struct flag_name	 names[] = {
		{ POLLIN, "POLLIN" }, { POLLPRI, "POLLPRI" }, { POLLOUT, "POLLOUT" },
		{ POLLERR, "POLLERR" }, { POLLHUP, "POLLHUP" }, { POLLNVAL, "POLLNVAL" },
		{ POLLRDHUP, "POLLRDHUP" }, { 0, NULL },
	};

	buf_add_flags(b, (unsigned long long)(unsigned int)ev, names);
}

/* Which members are ready, by name: last.ready. */
static void
set_ready(struct call *c)
{
	const struct pollfd	*p = (const struct pollfd *)c->data.data;
	size_t			 i, n = c->data.len / sizeof *p;
	struct buf		 b;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (p[i].revents == 0)
			continue;
		if (b.len > 0)
			buf_addc(&b, ' ');
		lab_add_fd_name(&b, c->actor, p[i].fd);
	}
	call_set_extra(c, "ready", buf_take(&b));
}

/* The reply is the pollfds with revents: keep them in the request. */
static void
take_revents(struct call *c)
{
	if (c->ret >= 0 && c->rdata.len == c->data.len)
		memcpy(c->data.data, c->rdata.data, c->data.len);
	buf_reset(&c->rdata);
	if (c->ret >= 0)
		set_ready(c);
}

/* --- poll --- */

static bool
poll_prepare(struct call *c, char **cause)
{
	if (!take_set(c, cause))
		return false;
	c->arg[0] = (int64_t)(c->data.len / sizeof(struct pollfd));
	c->arg[1] = timeout_ms(c->cmd);
	return true;
}

static void
poll_perform(struct actor_call *c)
{
	struct pollfd	 p[SET_MAX];
	size_t		 n = (size_t)c->req->arg[0];
	int		 r;

	memcpy(p, c->data, n * sizeof *p);
	actor_begin(c);
	r = poll(p, n, (int)c->req->arg[1]);
	actor_end(c, r);
	buf_add(&c->out, p, n * sizeof *p);
}

static void
poll_finish(struct call *c)
{
	take_revents(c);
}

static void
poll_format(const struct call *c, struct buf *b)
{
	const struct pollfd	*p = (const struct pollfd *)c->data.data;
	size_t			 i, n = c->data.len / sizeof *p;

	buf_adds(b, "poll([");
	for (i = 0; i < n; i++) {
		buf_adds(b, i > 0 ? ", {fd=" : "{fd=");
		lab_add_actor_fd(b, c->actor, p[i].fd);
		buf_adds(b, ", events=");
		add_poll_events(b, p[i].events);
		if (c->state == CALL_DONE && p[i].revents != 0) {
			buf_adds(b, ", revents=");
			add_poll_events(b, p[i].revents);
		}
		buf_addc(b, '}');
	}
	buf_printf(b, "], %zu, %lld)", n, (long long)c->arg[1]);
}

static void
ready_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld", (long long)c->ret);
	if (c->ret == 0)
		buf_adds(b, " (timed out)");
	else if (c->extra != NULL && c->extra[0] != '\0')
		buf_printf(b, " (ready: %s)", c->extra);
}

static const char *
poll_hint(const struct call *c)
{
	switch (c->err) {
	case EINTR:
		return "a signal was caught while it waited";
	case EINVAL:
		return "too many descriptors for RLIMIT_NOFILE, or a bad timeout";
	default:
		return NULL;
	}
}

static const struct arg_spec poll_args[] = {
	{ "SET", ARG_LIST, ARG_EACH_FD, NULL, "the descriptors: objects, ends or numbers, each NAME (readable), NAME:out (writable) or NAME:inout" },
	{ "timeout", ARG_DURATION, ARG_OPTIONAL | ARG_KEYED, NULL, "give up after this long (default: wait for ever)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_pollv = {
	.name = "poll",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = poll_args,
	.summary = "poll(): wait until one of a set of descriptors is ready",
	.help = "The actor waits until a descriptor of the set can be read (or written, "
	    "with :out), or the timeout passes. While it waits, the actor shows the "
	    "set it waits on, and each object shows the actor among those blocked on "
	    "it. The result says which woke it: last.ready names them (p1.r s1), and "
	    "the log shows each revents.",
	.example = "A poll p1.r s1 e1 timeout 5s",
	.prepare = poll_prepare,
	.perform = poll_perform,
	.finish = poll_finish,
	.format = poll_format,
	.format_result = ready_result,
	.hint = poll_hint,
};

/* --- select --- */

static bool
select_prepare(struct call *c, char **cause)
{
	const struct pollfd	*p;
	size_t			 i, n;

	if (!take_set(c, cause))
		return false;
	p = (const struct pollfd *)c->data.data;
	n = c->data.len / sizeof *p;
	c->arg[0] = (int64_t)n;
	c->arg[1] = cmd_arg(c->cmd, "timeout")->present ? cmd_arg(c->cmd, "timeout")->num : -1;
	c->arg[2] = 0;
	for (i = 0; i < n; i++) {
		if (p[i].fd >= FD_SETSIZE) {
			*cause = xasprintf("select cannot wait on descriptor %d: it stops at FD_SETSIZE (%d); poll can",
			    p[i].fd, FD_SETSIZE);
			return false;
		}
		if (p[i].fd + 1 > c->arg[2])
			c->arg[2] = p[i].fd + 1;
	}
	return true;
}

static void
select_perform(struct actor_call *c)
{
	struct pollfd	 p[SET_MAX];
	struct timeval	 tv, *tvp = NULL;
	fd_set		 rd, wr;
	size_t		 i, n = (size_t)c->req->arg[0];
	int		 r;

	memcpy(p, c->data, n * sizeof *p);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	for (i = 0; i < n; i++) {
		if (p[i].events & POLLIN)
			FD_SET(p[i].fd, &rd);
		if (p[i].events & POLLOUT)
			FD_SET(p[i].fd, &wr);
	}
	if (c->req->arg[1] >= 0) {
		tv.tv_sec = c->req->arg[1] / 1000000000;
		tv.tv_usec = (c->req->arg[1] % 1000000000) / 1000;
		tvp = &tv;
	}
	actor_begin(c);
	r = select((int)c->req->arg[2], &rd, &wr, NULL, tvp);
	actor_end(c, r);
	for (i = 0; i < n; i++) {
		p[i].revents = 0;
		if (r > 0 && (p[i].events & POLLIN) && FD_ISSET(p[i].fd, &rd))
			p[i].revents |= POLLIN;
		if (r > 0 && (p[i].events & POLLOUT) && FD_ISSET(p[i].fd, &wr))
			p[i].revents |= POLLOUT;
	}
	buf_add(&c->out, p, n * sizeof *p);
}

static void
add_fdset(struct buf *b, const struct call *c, short ev, bool after)
{
	const struct pollfd	*p = (const struct pollfd *)c->data.data;
	size_t			 i, n = c->data.len / sizeof *p;
	const char		*sep = "";

	buf_addc(b, '[');
	for (i = 0; i < n; i++) {
		if (!(p[i].events & ev) || (after && !(p[i].revents & ev)))
			continue;
		buf_adds(b, sep);
		lab_add_actor_fd(b, c->actor, p[i].fd);
		sep = " ";
	}
	buf_addc(b, ']');
}

static void
select_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "select(%lld, ", (long long)c->arg[2]);
	add_fdset(b, c, POLLIN, false);
	buf_adds(b, ", ");
	add_fdset(b, c, POLLOUT, false);
	buf_adds(b, ", NULL, ");
	if (c->arg[1] < 0)
		buf_adds(b, "NULL)");
	else
		buf_printf(b, "{tv_sec=%lld, tv_usec=%lld})", (long long)(c->arg[1] / 1000000000),
		    (long long)(c->arg[1] % 1000000000 / 1000));
}

static void
select_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld", (long long)c->ret);
	if (c->ret == 0) {
		buf_adds(b, " (timed out)");
		return;
	}
	buf_printf(b, " (ready: %s)", c->extra != NULL ? c->extra : "");
}

static const struct arg_spec select_args[] = {
	{ "SET", ARG_LIST, ARG_EACH_FD, NULL, "the descriptors: NAME goes in readfds, NAME:out in writefds, NAME:inout in both" },
	{ "timeout", ARG_DURATION, ARG_OPTIONAL | ARG_KEYED, NULL, "give up after this long (default: wait for ever)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_select = {
	.name = "select",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = select_args,
	.summary = "select(): the same wait, with descriptor sets",
	.help = "The actor waits, as with poll, with the set given as fd_sets: readfds "
	    "and writefds. select cannot wait on descriptors of FD_SETSIZE (1024) or "
	    "more. last.ready names the members that woke it.",
	.example = "A select p1.r s1 timeout 1s",
	.prepare = select_prepare,
	.perform = select_perform,
	.finish = poll_finish,
	.format = select_format,
	.format_result = select_result,
	.hint = poll_hint,
};

/* --- epoll --- */

struct epoll_item {
	int		 tfd;		/* the descriptor number when it was added */
	uint32_t	 events;
	uint64_t	 data;
	dev_t		 dev;
	ino_t		 ino;
};

/* The interest list, from fdinfo of a descriptor of the instance. */
static size_t
read_items(pid_t pid, int fd, struct epoll_item *v, size_t max)
{
	char			 path[64], line[256];
	FILE			*f;
	unsigned long long	 ino, data;
	unsigned int		 events, sdev;
	size_t			 n = 0;
	int			 tfd;

	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)pid, fd);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	while (n < max && fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "tfd: %d events: %x data: %llx pos:%*d ino:%llx sdev:%x", &tfd,
		    &events, &data, &ino, &sdev) != 5)
			continue;
		v[n].tfd = tfd;
		v[n].events = events;
		v[n].data = data;
		/* The kernel's dev_t: major in the top 12 bits. */
		v[n].dev = makedev(sdev >> 20, sdev & 0xfffff);
		v[n].ino = (ino_t)ino;
		n++;
	}
	fclose(f);
	return n;
}

/* The object an interest item is, by the holder's own descriptor tfd
 * (which tells apart files that share an inode). *held is false when
 * that descriptor is closed, or another file now: the entry lives on
 * while the file is open elsewhere, and is matched by inode if only one
 * object has it. */
static struct object *
item_object(struct lab *lab, struct actor *holder, const struct epoll_item *it, int *which,
    int *access, bool *held)
{
	const struct fd_entry	*fe;
	struct object		*o, *found = NULL, *v[8];
	size_t			 i, m;
	int			 n = 0, w[8];

	fe = fd_table_find(actor_fds(holder), it->tfd);
	*held = fe != NULL && fe->id.dev == it->dev && fe->id.ino == it->ino;
	if (*held) {
		o = lab_object_by_fd(lab, holder, it->tfd);
		if (o != NULL) {
			*which = object_fd_which(o, fe);
			*access = fe->access;
		}
		return o;
	}
	/* By inode, from the objects' index: a file of one object alone. */
	m = lab_objects_by_inode(lab, it->dev, it->ino, v, w, nitems(v));
	for (i = 0; i < m && i < nitems(v) && n < 2; i++) {
		if (v[i]->mech->shared_inode)
			continue;
		found = v[i];
		*which = w[i];
		n++;
	}
	if (m > nitems(v))
		n = 2;		/* too many to tell: none */
	*access = -1;
	return n == 1 ? found : NULL;
}

static void
add_epoll_events(struct buf *b, uint32_t ev)
{
	static const struct flag_name	 names[] = {
		{ EPOLLIN, "EPOLLIN" }, { EPOLLPRI, "EPOLLPRI" }, { EPOLLOUT, "EPOLLOUT" },
		{ EPOLLERR, "EPOLLERR" }, { EPOLLHUP, "EPOLLHUP" }, { EPOLLRDHUP, "EPOLLRDHUP" },
		{ EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE" }, { EPOLLONESHOT, "EPOLLONESHOT" },
		{ EPOLLET, "EPOLLET" }, { 0, NULL },
	};

	buf_add_flags(b, ev, names);
}

/* Whether a member is ready now: poll(0) on a duplicate of it. */
static int
ready_now(struct actor *holder, int tfd, uint32_t events)
{
	struct pollfd	 p;
	int		 dup;

	if ((dup = sys_pidfd_getfd(holder->pidfd, tfd, 0)) == -1)
		return -1;
	p.fd = dup;
	p.events = (short)(events & (EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP));
	p.revents = 0;
	if (poll(&p, 1, 0) == -1)
		p.revents = 0;
	close(dup);
	return p.revents & (p.events | POLLERR | POLLHUP);
}

static void
epoll_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct epoll_item	 items[64];
	struct actor		*holder;
	struct object		*t;
	struct buf		 sum, name, ready, ev;
	size_t			 i, n;
	int			 fd, which, access, r;
	bool			 held;

	(void)detail;
	desc_word(d, "kind", "epoll");
	if (!lab_find_holder(o, -1, -1, &holder, &fd)) {
		/* Nobody holds it: let the kernel free it, as it would have. */
		object_drop_anchor(o);
		desc_text(d, "summary", "closed: no descriptor is left");
		desc_word(d, "state", "closed");
		desc_list(d, "watching");
		desc_close(d);
		lab_describe_holders(o, d, "holders", -1, -1);
		return;
	}
	n = read_items(holder->pid, fd, items, nitems(items));
	buf_init(&sum);
	buf_init(&name);
	buf_init(&ready);
	buf_init(&ev);
	buf_printf(&sum, "%zu watched", n);
	desc_word(d, "state", "open");
	desc_list(d, "watching");
	for (i = 0; i < n; i++) {
		buf_reset(&name);
		t = item_object(o->lab, holder, &items[i], &which, &access, &held);
		if (t != NULL)
			lab_add_end_name(&name, t, which, access);
		else
			buf_printf(&name, "fd %d", items[i].tfd);
		r = held ? ready_now(holder, items[i].tfd, items[i].events) : -1;
		desc_group(d, NULL);
		desc_word(d, "name", name.data);
		desc_int(d, "fd", items[i].tfd);
		if (!held)
			desc_text(d, "note", "%s closed descriptor %d: watched while the file is open elsewhere",
			    holder->name, items[i].tfd);
		buf_reset(&ev);
		add_epoll_events(&ev, items[i].events);
		desc_word(d, "events", ev.data);
		desc_word(d, "ready", r > 0 ? "yes" : r == 0 ? "no" : "?");
		desc_close(d);
		buf_printf(&sum, "%s%s", i == 0 ? ": " : " ", name.data);
		if (r > 0)
			buf_printf(&ready, "%s%s", ready.len > 0 ? " " : "", name.data);
	}
	desc_close(d);
	if (ready.len > 0)
		buf_printf(&sum, "; ready now: %s", ready.data);
	desc_string(d, "ready_now", ready.len > 0 ? ready.data : "");
	desc_string(d, "summary", sum.data);
	lab_describe_holders(o, d, "holders", -1, -1);
	lab_describe_blocked(o, d, "blocked");
	buf_free(&sum);
	buf_free(&name);
	buf_free(&ready);
	buf_free(&ev);
}

static bool
epoll_create_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");

	if (!lab_name_free(c->lab, name->str, cause))
		return false;
	c->newname = xstrdup(name->str);
	c->arg[0] = cmd_arg(c->cmd, "cloexec")->present ? EPOLL_CLOEXEC : 0;
	return true;
}

static void
epoll_create_perform(struct actor_call *c)
{
	int	 fd;

	actor_begin(c);
	fd = epoll_create1((int)c->req->arg[0]);
	actor_end(c, fd);
	actor_fd_changed(c, fd);
}

static void
epoll_create_finish(struct call *c)
{
	struct object	*o;

	if (c->ret < 0)
		return;
	o = lab_object_new(c->lab, c->newname, &epoll_mechanism, c->actor->proc);
	object_set_id(o, 0, c->actor, (int)c->ret);
	c->obj = o;
	c->end_access = O_RDWR;
	c->end_which = 0;
}

static void
epoll_create_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "epoll_create1(%s)", c->arg[0] ? "EPOLL_CLOEXEC" : "0");
}

static void
epoll_create_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld<%s>", (long long)c->ret, c->newname);
}

static const struct arg_spec epoll_create_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the epoll instance's name" },
	{ "cloexec", ARG_FLAG, 0, NULL, "EPOLL_CLOEXEC" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_epoll_create = {
	.name = "epoll_create",
	.alias = "epoll_create1",
	.scope = CMD_ACTOR,
	.args = epoll_create_args,
	.summary = "epoll_create1(): an epoll instance, with an empty interest list",
	.help = "The actor makes an epoll instance: a descriptor with a list of the "
	    "descriptors it watches (epoll_ctl adds to it) and a list of those ready, "
	    "which epoll_wait returns. show lists what it watches, read from its "
	    "fdinfo, and which are ready now.",
	.example = "A epoll_create ep1",
	.prepare = epoll_create_prepare,
	.perform = epoll_create_perform,
	.finish = epoll_create_finish,
	.format = epoll_create_format,
	.format_result = epoll_create_result,
};

/* The epoll instance an argument names. */
static bool
epoll_fd(struct call *c, int *fd, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, "EPOLL");

	c->obj = NULL;
	if (!lab_resolve_fd(c, a, -1, fd, cause))
		return false;
	if (c->obj != NULL && c->obj->mech != &epoll_mechanism) {
		*cause = xasprintf("%s is a %s, not an epoll instance", c->obj->name, c->obj->mech->name);
		c->err_column = a->column;
		return false;
	}
	return true;
}

static const struct arg_choice epoll_ctl_ops[] = {
	{ "add", EPOLL_CTL_ADD },
	{ "mod", EPOLL_CTL_MOD },
	{ "del", EPOLL_CTL_DEL },
	{ NULL, 0 },
};

static bool
epoll_ctl_prepare(struct call *c, char **cause)
{
	const struct arg	*target = cmd_arg(c->cmd, "TARGET");
	struct object		*epoll;
	uint32_t		 ev = 0;
	struct buf		 name;
	int			 fd, tfd, want, access, which;

	if (cmd_arg(c->cmd, "in")->present)
		ev |= EPOLLIN;
	if (cmd_arg(c->cmd, "out")->present)
		ev |= EPOLLOUT;
	want = ev == EPOLLOUT ? O_WRONLY : ev == (EPOLLIN | EPOLLOUT) ? -1 : O_RDONLY;
	if (ev == 0)
		ev = EPOLLIN;
	if (cmd_arg(c->cmd, "et")->present)
		ev |= EPOLLET;
	if (cmd_arg(c->cmd, "oneshot")->present)
		ev |= EPOLLONESHOT;
	if (cmd_arg(c->cmd, "exclusive")->present)
		ev |= EPOLLEXCLUSIVE;
	/* The arguments in their order: the instance, then the target;
	 * the call is on the instance. */
	if (!epoll_fd(c, &fd, cause))
		return false;
	epoll = c->obj;
	access = c->end_access;
	which = c->end_which;
	c->obj = NULL;
	if (!lab_resolve_fd(c, target, want, &tfd, cause))
		return false;
	/* The target's name, for the log. */
	buf_init(&name);
	if (c->obj != NULL)
		lab_add_end_name(&name, c->obj, c->end_which, c->end_access);
	c->on = name.len > 0 ? buf_take(&name) : NULL;
	buf_free(&name);
	c->obj = epoll;
	c->end_access = access;
	c->end_which = which;
	c->arg[0] = fd;
	c->arg[1] = cmd_arg(c->cmd, "OP")->num;
	c->arg[2] = tfd;
	c->arg[3] = ev;
	return true;
}

static void
epoll_ctl_perform(struct actor_call *c)
{
	struct epoll_event	 e;
	int			 r;

	memset(&e, 0, sizeof e);
	e.events = (uint32_t)c->req->arg[3];
	e.data.fd = (int)c->req->arg[2];
	actor_begin(c);
	r = epoll_ctl((int)c->req->arg[0], (int)c->req->arg[1], (int)c->req->arg[2], &e);
	actor_end(c, r);
}

static void
epoll_ctl_format(const struct call *c, struct buf *b)
{
	static const char *const ops[] = { "", "EPOLL_CTL_ADD", "EPOLL_CTL_DEL", "EPOLL_CTL_MOD" };

	buf_adds(b, "epoll_ctl(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", %s, %lld", ops[c->arg[1] & 3], (long long)c->arg[2]);
	if (c->on != NULL)
		buf_printf(b, "<%s>", c->on);
	if (c->arg[1] == EPOLL_CTL_DEL)
		buf_adds(b, ", NULL)");
	else {
		buf_adds(b, ", {");
		add_epoll_events(b, (uint32_t)c->arg[3]);
		buf_printf(b, ", data=%lld})", (long long)c->arg[2]);
	}
}

static const char *
epoll_ctl_hint(const struct call *c)
{
	switch (c->err) {
	case EEXIST:
		return "the descriptor is watched already: use mod";
	case ENOENT:
		return "the descriptor is not watched: add it first";
	case EPERM:
		return "this kind of file cannot be watched (a regular file is always ready)";
	case EINVAL:
		if (c->arg[0] == c->arg[2])
			return "an epoll instance cannot watch itself";
		if ((c->arg[3] & EPOLLEXCLUSIVE) && c->arg[1] == EPOLL_CTL_MOD)
			return "exclusive cannot be used with mod";
		if ((c->arg[3] & EPOLLEXCLUSIVE) && c->obj != NULL && c->obj->mech == &epoll_mechanism)
			return "exclusive cannot watch another epoll instance";
		return NULL;
	case ELOOP:
		return "epoll instances watching each other would make a loop";
	default:
		return NULL;
	}
}

static const struct arg_spec epoll_ctl_args[] = {
	{ "EPOLL", ARG_FD, 0, NULL, "an epoll instance" },
	{ "OP", ARG_CHOICE, 0, epoll_ctl_ops, "EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL" },
	{ "TARGET", ARG_FD, 0, NULL, "the descriptor to watch: an object, an end or a number" },
	{ "in", ARG_FLAG, 0, NULL, "EPOLLIN: readable (the default)" },
	{ "out", ARG_FLAG, 0, NULL, "EPOLLOUT: writable" },
	{ "et", ARG_FLAG, 0, NULL, "EPOLLET: edge-triggered, reported once per change" },
	{ "oneshot", ARG_FLAG, 0, NULL, "EPOLLONESHOT: reported once, then off until mod" },
	{ "exclusive", ARG_FLAG, 0, NULL, "EPOLLEXCLUSIVE: wake one waiter, not all" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_epoll_ctl = {
	.name = "epoll_ctl",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = epoll_ctl_args,
	.summary = "epoll_ctl(): add a descriptor to an epoll's interest list, change or remove it",
	.help = "The actor adds TARGET to the epoll instance's interest list (or changes "
	    "its events, or removes it). The entry is for the open file: closing the "
	    "descriptor removes it only when no other descriptor of that file is "
	    "left, so a forked child's copy keeps it watched.",
	.example = "A epoll_ctl ep1 add p1.r",
	.prepare = epoll_ctl_prepare,
	.perform = epoll_ctl_perform,
	.format = epoll_ctl_format,
	.hint = epoll_ctl_hint,
};

static bool
epoll_wait_prepare(struct call *c, char **cause)
{
	const struct arg	*max = cmd_arg(c->cmd, "MAXEVENTS");
	struct epoll_item	 items[SET_MAX];
	struct object		*t;
	struct buf		 on;
	size_t			 i, n;
	int			 fd, which, access;
	bool			 held;

	if (!epoll_fd(c, &fd, cause))
		return false;
	c->arg[0] = fd;
	c->arg[1] = max->present ? max->num : EVENTS_MAX;
	if (c->arg[1] < 1 || c->arg[1] > EVENTS_MAX) {
		*cause = xasprintf("MAXEVENTS is 1 to %d", EVENTS_MAX);
		c->err_column = max->column;
		return false;
	}
	c->arg[2] = timeout_ms(c->cmd);
	/* What it will wait on: the interest list as it is now. */
	n = read_items(c->actor->proc->pid, fd, items, nitems(items));
	c->waits = xcalloc(n + 1, sizeof *c->waits);
	buf_init(&on);
	if (c->obj != NULL)
		buf_printf(&on, "%s:", c->obj->name);
	for (i = 0; i < n; i++) {
		t = item_object(c->lab, c->actor->proc, &items[i], &which, &access, &held);
		buf_addc(&on, ' ');
		if (t != NULL) {
			c->waits[c->nwaits++] = t;
			lab_add_end_name(&on, t, which, access);
		} else
			buf_printf(&on, "%d", items[i].tfd);
	}
	if (n == 0)
		buf_adds(&on, " (nothing)");
	c->on = buf_take(&on);
	return true;
}

static void
epoll_wait_perform(struct actor_call *c)
{
	struct epoll_event	 ev[EVENTS_MAX];
	int			 r, i;

	actor_begin(c);
	r = epoll_wait((int)c->req->arg[0], ev, (int)c->req->arg[1], (int)c->req->arg[2]);
	actor_end(c, r);
	for (i = 0; i < r; i++) {
		int64_t	 pair[2] = { ev[i].events, ev[i].data.fd };

		buf_add(&c->out, pair, sizeof pair);
	}
}

static void
epoll_wait_finish(struct call *c)
{
	const int64_t	*p = (const int64_t *)c->rdata.data;
	size_t		 i, n = c->rdata.len / (2 * sizeof(int64_t));
	struct buf	 ready;

	if (c->ret < 0)
		return;
	/* Keep the events in data for the log; last.ready names them. */
	buf_reset(&c->data);
	buf_add(&c->data, c->rdata.data, c->rdata.len);
	buf_reset(&c->rdata);
	buf_init(&ready);
	for (i = 0; i < n; i++) {
		if (ready.len > 0)
			buf_addc(&ready, ' ');
		lab_add_fd_name(&ready, c->actor, (int)p[2 * i + 1]);
	}
	call_set_extra(c, "ready", buf_take(&ready));
}

static void
epoll_wait_format(const struct call *c, struct buf *b)
{
	const int64_t	*p = (const int64_t *)c->data.data;
	size_t		 i, n;

	buf_adds(b, "epoll_wait(");
	lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_adds(b, ", ");
	if (c->state == CALL_DONE && c->ret >= 0) {
		n = c->data.len / (2 * sizeof(int64_t));
		buf_addc(b, '[');
		for (i = 0; i < n; i++) {
			buf_adds(b, i > 0 ? ", {" : "{");
			add_epoll_events(b, (uint32_t)p[2 * i]);
			buf_adds(b, ", data=");
			lab_add_actor_fd(b, c->actor, (int)p[2 * i + 1]);
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
	} else
		buf_adds(b, "...");
	buf_printf(b, ", %lld, %lld)", (long long)c->arg[1], (long long)c->arg[2]);
}

static const struct arg_spec epoll_wait_args[] = {
	{ "EPOLL", ARG_FD, 0, NULL, "an epoll instance" },
	{ "MAXEVENTS", ARG_INT, ARG_OPTIONAL, NULL, "the most events to return (default and at most 16)" },
	{ "timeout", ARG_DURATION, ARG_OPTIONAL | ARG_KEYED, NULL, "give up after this long (default: wait for ever)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_epoll_wait = {
	.name = "epoll_wait",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = epoll_wait_args,
	.summary = "epoll_wait(): wait until a watched descriptor is ready",
	.help = "The actor waits until the epoll instance has a ready descriptor, and "
	    "takes the events (at most MAXEVENTS). While it waits it shows the "
	    "interest list it waits on; last.ready names the descriptors that woke it. "
	    "A level-triggered entry stays ready while the data is there; with et it "
	    "is reported once per change.",
	.example = "A epoll_wait ep1 timeout 2s",
	.prepare = epoll_wait_prepare,
	.perform = epoll_wait_perform,
	.finish = epoll_wait_finish,
	.format = epoll_wait_format,
	.format_result = ready_result,
	.hint = poll_hint,
};

static const struct cmd_entry *const epoll_commands[] = {
	&cmd_pollv,
	&cmd_select,
	&cmd_epoll_create,
	&cmd_epoll_ctl,
	&cmd_epoll_wait,
	NULL,
};

static const struct menu_new epoll_menu_new[] = {
	{ MENU_EVENTS, "epoll_create", "", "ep", "epoll instance: wait on many descriptors", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

/* An epoll instance the lab did not make: its file is the one
 * anon_inode. */
static bool
epoll_claims(const struct fd_entry *fe)
{
	return fe->link != NULL && strcmp(fe->link, "anon_inode:[eventpoll]") == 0;
}

extern const struct mechanism epoll_mechanism;

/* An observed process's epoll instance, named after the process and
 * descriptor it was first seen through ("epoll-4242-5"): its file has
 * no number of its own. The lab tells it apart by a duplicate (kcmp). */
static bool
epoll_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	(void)lab;
	out->mech = &epoll_mechanism;
	out->ids[0] = fe->id;
	out->nids = 1;
	snprintf(out->name, sizeof out->name, "epoll-%d-%d", (int)p->pid, fe->fd);
	return true;
}

const struct mechanism epoll_mechanism = {
	.name = "epoll",
	.title = "waiting on many: poll, select and epoll",
	.help = "poll and select wait on a set named in the call; an epoll instance is "
	    "an object of its own, with an interest list that outlives each wait. "
	    "A blocked actor shows the set it waits on, each object in the set shows "
	    "the actor as blocked on it, and the result names what woke it "
	    "(last.ready). show of an epoll instance lists what it watches, from its "
	    "fdinfo, and which of those are ready now.",
	.commands = epoll_commands,
	.menu_new = epoll_menu_new,
	.fd_backed = true,
	.shared_inode = true,
	.describe = epoll_describe,
	.claims = epoll_claims,
	.observe_fd = epoll_observe_fd,
};
