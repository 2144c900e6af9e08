/* signalfd.c: signals read from a descriptor. signalfd(-1, mask) makes a
 * file that is readable while one of the mask's signals is pending to
 * the reading thread or its process; a read takes them as struct
 * signalfd_siginfo records of 128 bytes. The signals must be blocked,
 * or they are delivered the usual way first. All signalfds share one
 * inode (anon_inode:[signalfd]): the lab tells them apart as it does
 * epoll instances. The mask is read live from fdinfo. */
#include "config.h"

#include <sys/signalfd.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "probe.h"
#include "siglab.h"
#include "signames.h"
#include "sigreport.h"
#include "waits.h"

extern const struct mechanism signalfd_mechanism;

static void
signalfd_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct actor	*holder;
	struct sig_sets	 ss;
	struct buf	 b;
	char		 value[64];
	uint64_t	 mask = 0, ready = 0;
	bool		 have = false;
	int		 fd;

	desc_word(d, "kind", "signalfd");
	if (lab_find_holder(o, -1, -1, &holder, &fd) &&
	    probe_fdinfo_field(holder->pid, fd, "sigmask", value, sizeof value)) {
		mask = strtoull(value, NULL, 16);
		have = true;
		/* What a read by the holder's main thread would take now. */
		probe_signals(holder->pid, holder->pid, &ss);
		if (ss.ok)
			ready = (ss.pending | ss.shared_pending) & mask;
	}
	buf_init(&b);
	if (have) {
		buf_adds(&b, "mask ");
		sig_add_set(&b, mask);
		if (ready != 0) {
			buf_printf(&b, "; readable in %s: ", holder->name);
			sig_add_set(&b, ready);
		} else
			buf_adds(&b, "; nothing pending");
	} else
		buf_adds(&b, "closed: no descriptor is left");
	desc_string(d, "summary", b.data);
	buf_free(&b);
	desc_word(d, "state", have ? "open" : "closed");
	if (have) {
		desc_sigset(d, "mask", mask, sig_libc_mask());
		desc_sigset(detail == DETAIL_FULL ? d : NULL, "readable", ready, sig_libc_mask());
	}
	lab_describe_holders(o, d, "holders", -1, -1);
	lab_describe_blocked(o, d, "blocked");
}

static bool
signalfd_prepare(struct call *c, char **cause)
{
	const struct arg	*name = cmd_arg(c->cmd, "NAME");

	if (!lab_name_free(c->lab, name->str, cause)) {
		c->err_column = name->column;
		return false;
	}
	c->newname = xstrdup(name->str);
	c->arg[0] = cmd_arg(c->cmd, "SIGNALS")->num;
	c->arg[1] = 0;
	if (cmd_arg(c->cmd, "nonblock")->present)
		c->arg[1] |= SFD_NONBLOCK;
	if (cmd_arg(c->cmd, "cloexec")->present)
		c->arg[1] |= SFD_CLOEXEC;
	return true;
}

static void
signalfd_perform(struct actor_call *c)
{
	sigset_t	 set;
	int		 fd;

	sig_mask_to_set((uint64_t)c->req->arg[0], &set);
	actor_begin(c);
	fd = signalfd(-1, &set, (int)c->req->arg[1]);
	actor_end(c, fd);
	actor_fd_changed(c, fd);
}

static void
signalfd_finish(struct call *c)
{
	struct object	*o;

	if (c->ret < 0)
		return;
	o = lab_object_new(c->lab, c->newname, &signalfd_mechanism, c->actor->proc);
	object_set_id(o, 0, c->actor, (int)c->ret);
	c->obj = o;
	c->end_access = O_RDWR;
}

static void
signalfd_format(const struct call *c, struct buf *b)
{
	static const struct flag_name	 names[] = {
		{ SFD_NONBLOCK, "SFD_NONBLOCK" }, { SFD_CLOEXEC, "SFD_CLOEXEC" }, { 0, NULL },
	};

	buf_adds(b, "signalfd(-1, ");
	sig_add_set(b, (uint64_t)c->arg[0]);
	buf_adds(b, ", ");
	buf_add_flags(b, (unsigned long long)c->arg[1], names);
	buf_addc(b, ')');
}

static void
signalfd_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld<%s>", (long long)c->ret, c->newname);
}

/* A read returned records: name them, and log each as taken. */
static void
signalfd_read_done(struct call *c)
{
	const struct signalfd_siginfo	*si;
	struct sig_report		 r;
	struct buf			 b;
	size_t				 off;

	buf_init(&b);
	for (off = 0; off + sizeof *si <= c->rdata.len; off += sizeof *si) {
		si = (const struct signalfd_siginfo *)(const void *)(c->rdata.data + off);
		memset(&r, 0, sizeof r);
		r.pid = c->actor->pid;
		r.tid = c->actor->tid;
		r.sig = (int32_t)si->ssi_signo;
		r.how = SIGHOW_SIGNALFD;
		r.has_info = 1;
		r.code = si->ssi_code;
		r.sender_pid = (int32_t)si->ssi_pid;
		r.sender_uid = (int32_t)si->ssi_uid;
		r.status = si->ssi_status;
		r.value = (int64_t)si->ssi_ptr;
		r.addr = si->ssi_addr;
		r.ns = now_ns();
		siglab_take(c->lab, &r);
		if (b.len > 0)
			buf_adds(&b, "; ");
		buf_printf(&b, "%s %s", sig_name(r.sig), sig_code_name(r.sig, r.code));
		if (sig_code_has_sender(r.sig, r.code)) {
			buf_adds(&b, " from ");
			siglab_add_sender(&b, c->lab, r.sender_pid);
		}
		if (r.code == SI_QUEUE)
			buf_printf(&b, " value %lld", (long long)r.value);
	}
	if (b.len > 0)
		call_set_extra(c, "signals", buf_take(&b));
	buf_free(&b);
}

static const struct arg_spec signalfd_args[] = {
	{ "NAME", ARG_NAME, 0, NULL, "the signalfd's name" },
	{ "SIGNALS", ARG_SIGSET, 0, NULL, "the signals it reads (block them first)" },
	{ "nonblock", ARG_FLAG, 0, NULL, "SFD_NONBLOCK: a read with nothing pending fails with EAGAIN" },
	{ "cloexec", ARG_FLAG, 0, NULL, "SFD_CLOEXEC" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_signalfd = {
	.name = "signalfd",
	.scope = CMD_ACTOR,
	.args = signalfd_args,
	.summary = "signalfd(): read signals from a descriptor",
	.help = "The actor makes a descriptor for SIGNALS. It is readable (poll, "
	    "epoll) while one of them is pending to the reading thread or its "
	    "process; read takes them, 128 bytes each (struct signalfd_siginfo), and "
	    "blocks while none is pending. Block the signals first (A block USR1): "
	    "otherwise the usual delivery takes them before a read can. last.signals "
	    "names what a read took.",
	.example = "A signalfd sf1 USR1 USR2",
	.prepare = signalfd_prepare,
	.perform = signalfd_perform,
	.finish = signalfd_finish,
	.format = signalfd_format,
	.format_result = signalfd_result,
};

static const struct cmd_entry *const signalfd_commands[] = {
	&cmd_signalfd,
	NULL,
};

static const struct object_end signalfd_ends[] = {
	{ NULL, 0, 0, NULL },
};

/* A descriptor the lab did not make is a signalfd by its link. */
static bool
signalfd_claims(const struct fd_entry *fe)
{
	return fe->link != NULL && strcmp(fe->link, "anon_inode:[signalfd]") == 0;
}

extern const struct mechanism signalfd_mechanism;

/* An observed process's signalfd, named after the process and
 * descriptor it was first seen through ("signalfd-4242-5"). */
static bool
signalfd_observe_fd(struct lab *lab, struct actor *p, const struct fd_entry *fe,
    struct observed_fd *out)
{
	(void)lab;
	out->mech = &signalfd_mechanism;
	out->ids[0] = fe->id;
	out->nids = 1;
	snprintf(out->name, sizeof out->name, "signalfd-%d-%d", (int)p->pid, fe->fd);
	return true;
}

/* A read of a signalfd waits for a signal, which whoever may signal the
 * reader sends. */
static size_t
signalfd_woken_by(struct lab *lab, const struct fd_entry *fe, const struct thread_wait *tw,
    struct file_want *out, size_t max)
{
	(void)fe;
	if (tw->on.fd.op != WAIT_FD_READ)
		return 0;
	return siglab_woken_by(lab, tw->pid, out, max);
}

const struct mechanism signalfd_mechanism = {
	.name = "signalfd",
	.title = "signalfd",
	.help = "A descriptor that signals are read from (A signalfd sf1 USR1, then A "
	    "read sf1). show sf1 has its mask from fdinfo and what is pending for it.",
	.commands = signalfd_commands,
	.recv_verb = "read",
	.help_objects = "signalfds",
	.fd_backed = true,
	.ends = signalfd_ends,
	.shared_inode = true,
	.describe = signalfd_describe,
	.read_done = signalfd_read_done,
	.claims = signalfd_claims,
	.observe_fd = signalfd_observe_fd,
	.woken_by = signalfd_woken_by,
};
