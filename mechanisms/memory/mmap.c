/* mmap.c: mapped memory. mmap of a POSIX shared memory object or a file
 * (shared, or private: copy-on-write), anonymous shared mappings that a
 * fork passes on, munmap; and the plain loads and stores that are the
 * whole point of shared memory: poke, peek, and incr (a counter added to
 * with a load-add-store, or an atomic add). Stores are instructions, not
 * calls: the other side sees them at once, with nothing in between. */
#include "config.h"

#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "cmd.h"
#include "lab.h"
#include "mechanism.h"
#include "memory.h"
#include "mmap.h"
#include "sync.h"

extern const struct mechanism mmap_mechanism;

#define PEEK_MAX	4096

/* An anonymous shared mapping: its length as made. */
struct anon_object {
	struct object	 base;
	int64_t		 length;
};

static int64_t
anon_size(struct object *o)
{
	return OBJECT_OF(o, struct anon_object)->length;
}

static void
anon_describe(struct object *o, struct desc *d, enum desc_detail detail)
{
	struct mem_mapping	 m[1];
	size_t			 n;

	desc_word(d, "kind", "mmap");
	n = mem_mappings(o, m, 1);
	desc_text(d, "summary", "%lld bytes, anonymous shared, mapped %zu time%s",
	    (long long)anon_size(o), n, n == 1 ? "" : "s");
	if (detail != DETAIL_FULL)
		return;
	desc_word(d, "state", n > 0 ? "mapped" : "gone");
	desc_size(d, "size", anon_size(o));
	desc_int(d, "nmapped", (int64_t)n);
	mem_describe_mappings(o, d, true);
	mem_describe_contents(o, d, anon_size(o));
}

/* Anonymous memory has no name to map it by: a child forked after the
 * mmap inherits the mapping, and nobody else. */
static char *
anon_not_mapped(struct object *o, struct actor *p)
{
	struct actor	*cr = o->creator != NULL ? o->creator->proc : NULL;
	char		*child, *cause;
	unsigned	 i;

	if (cr == p || cr == NULL)
		return xasprintf("%s has unmapped %s: anonymous memory, once unmapped, "
		    "cannot be mapped again", p->name, o->name);
	if (cr->life != ACTOR_ALIVE)
		return xasprintf("%s has not mapped %s: anonymous shared memory is shared "
		    "only with the children its maker (%s, which has ended) forked after "
		    "the mmap", p->name, o->name, cr->name);
	for (i = 2;; i++) {
		child = xasprintf("%s%u", p->name, i);
		if (lab_name_free(o->lab, child, &cause))
			break;
		free(cause);
		free(child);
	}
	cause = xasprintf("%s has not mapped %s: anonymous shared memory is shared only "
	    "with the children %s forks after the mmap (%s fork %s makes one that has it)",
	    p->name, o->name, cr->name, cr->name, child);
	free(child);
	return cause;
}

/* Whether process p holds a descriptor of o. */
static bool
holds(struct actor *p, struct object *o)
{
	const struct fd_table	*t = actor_fds(p);
	size_t			 i;

	for (i = 0; i < t->n; i++) {
		if (object_fd_which(o, &t->v[i]) != -1)
			return true;
	}
	return false;
}

char *
mmap_not_mapped_fd(struct object *o, struct actor *p, const char *open_verb,
    const char *open_rest)
{
	if (holds(p, o))
		return xasprintf("%s has not mapped %s (%s mmap %s maps it)", p->name, o->name,
		    p->name, o->name);
	if (o->unlinked)
		return xasprintf("%s has not mapped %s, holds no descriptor for it, and its name "
		    "is gone: only a descriptor passed on (by fork or sendfd) can map it now",
		    p->name, o->name);
	return xasprintf("%s has not mapped %s (%s %s %s%s, then %s mmap %s, map it)", p->name,
	    o->name, p->name, open_verb, o->name, open_rest, p->name, o->name);
}

/* The memory object (or object inside one) an argument names. */
static struct object *
mem_arg(struct call *c, const char *argname, char **cause)
{
	const struct arg	*a = cmd_arg(c->cmd, argname);
	struct object		*o = lab_object(c->lab, a->str), *base;
	int64_t			 off;

	c->err_column = a->column;
	if (o == NULL) {
		*cause = xasprintf("no object called %s (A shmget, A shm_open or A mmap anon make memory)", a->str);
		return NULL;
	}
	base = mem_base(o, &off);
	if (base->mech->mem_size == NULL) {
		*cause = xasprintf("%s is a %s, not memory that can be mapped", o->name, o->mech->name);
		return NULL;
	}
	c->obj = o;
	c->err_column = 0;
	return o;
}

static void
add_where(struct buf *b, const struct call *c, int64_t off)
{
	buf_printf(b, "0x%llx<%s", (unsigned long long)c->arg[0], c->obj->name);
	if (off != 0)
		buf_printf(b, "+%lld", (long long)off);
	buf_addc(b, '>');
}

/* mmap */

static const struct arg_choice mmap_sharings[] = {
	{ "shared", MAP_SHARED },
	{ "private", MAP_PRIVATE },
	{ NULL, 0 },
};

static bool
mmap_prepare(struct call *c, char **cause)
{
	const struct arg	*target = cmd_arg(c->cmd, "TARGET");
	const struct arg	*length = cmd_arg(c->cmd, "LENGTH");
	const struct arg	*sharing = cmd_arg(c->cmd, "SHARING");
	const struct arg	*offset = cmd_arg(c->cmd, "offset");
	bool			 anon = cmd_arg(c->cmd, "anon")->present;
	bool			 private = sharing->present && sharing->num == MAP_PRIVATE;
	int64_t			 size, off = offset->present ? offset->num : 0;
	struct object		*o;
	int			 fd = -1;

	if (off % sysconf(_SC_PAGESIZE) != 0) {
		*cause = xasprintf("offset %lld is not a multiple of the page size (%ld): mmap would fail with EINVAL",
		    (long long)off, sysconf(_SC_PAGESIZE));
		c->err_column = offset->column;
		return false;
	}
	if (anon) {
		if (target->is_number || !lab_name_free(c->lab, target->str, cause)) {
			if (target->is_number)
				*cause = xstrdup("with anon, TARGET is the new mapping's name (A mmap m1 anon 4k)");
			c->err_column = target->column;
			return false;
		}
		if (!length->present) {
			*cause = xstrdup("an anonymous mapping needs a LENGTH (A mmap m1 anon 4k)");
			return false;
		}
		if (private) {
			*cause = xstrdup("private anonymous memory is the process's own, with nothing to share or see; map it shared");
			c->err_column = sharing->column;
			return false;
		}
		c->newname = xstrdup(target->str);
	} else {
		o = target->is_number ? NULL : lab_object(c->lab, target->str);
		if (o != NULL && o->mech == &mmap_mechanism) {
			/* No name or descriptor to map it by. */
			*cause = xasprintf("%s is anonymous memory, with no name or descriptor to map "
			    "it by: only the children %s forks after its mmap have it", o->name,
			    o->creator != NULL ? o->creator->proc->name : "its maker");
			c->err_column = target->column;
			return false;
		}
		if (!lab_resolve_fd(c, target, -1, &fd, cause))
			return false;
		if (c->obj == NULL || c->obj->mech->mem_size == NULL) {
			*cause = xasprintf("%s is not a file or shared memory object; mmap maps those (or anon memory)",
			    target->str);
			c->err_column = target->column;
			return false;
		}
	}
	size = c->obj != NULL ? c->obj->mech->mem_size(c->obj) : -1;
	if (!length->present && size <= off) {
		*cause = xasprintf("%s is %lld bytes: nothing to map%s", c->obj->name, (long long)size,
		    size == 0 ? " (ftruncate gives it a size)" : "");
		return false;
	}
	c->arg[0] = fd;
	c->arg[1] = length->present ? length->num : size - off;
	c->arg[2] = PROT_READ | (cmd_arg(c->cmd, "readonly")->present ? 0 : PROT_WRITE);
	c->arg[3] = (private ? MAP_PRIVATE : MAP_SHARED) | (anon ? MAP_ANONYMOUS : 0);
	c->arg[4] = off;
	return true;
}

static void
mmap_perform(struct actor_call *c)
{
	void	*p;

	actor_begin(c);
	p = mmap(NULL, (size_t)c->req->arg[1], (int)c->req->arg[2], (int)c->req->arg[3],
	    (int)c->req->arg[0], (off_t)c->req->arg[4]);
	actor_end(c, p == MAP_FAILED ? -1 : (int64_t)(uintptr_t)p);
	actor_fds_unchanged(c);
}

static void
mmap_finish(struct call *c)
{
	struct object		*o;

	if (c->ret == -1 || !(c->arg[3] & MAP_ANONYMOUS))
		return;
	o = lab_object_new(c->lab, c->newname, &mmap_mechanism, c->actor->proc);
	OBJECT_OF(o, struct anon_object)->length = c->arg[1];
	c->obj = o;
	/* Its identity: the inode the kernel gave it, from the mappings. */
	(void)mem_identify(o, c->actor, (unsigned long)c->ret);
}

static void
mmap_format(const struct call *c, struct buf *b)
{
	buf_printf(b, "mmap(NULL, %lld, %s, %s%s, ", (long long)c->arg[1],
	    c->arg[2] & PROT_WRITE ? "PROT_READ|PROT_WRITE" : "PROT_READ",
	    c->arg[3] & MAP_PRIVATE ? "MAP_PRIVATE" : "MAP_SHARED",
	    c->arg[3] & MAP_ANONYMOUS ? "|MAP_ANONYMOUS" : "");
	if (c->arg[3] & MAP_ANONYMOUS)
		buf_adds(b, "-1");
	else
		lab_add_call_fd(b, c, (int)c->arg[0]);
	buf_printf(b, ", %lld)", (long long)c->arg[4]);
}

static void
mmap_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "0x%llx", (unsigned long long)c->ret);
}

static const char *
mmap_hint(const struct call *c)
{
	switch (c->err) {
	case EACCES:
		if (c->end_access == O_WRONLY)
			return "a mapping reads: the descriptor is open for writing only";
		if (c->end_access == O_RDONLY && (c->arg[2] & PROT_WRITE) && (c->arg[3] & MAP_SHARED))
			return "a shared writable mapping needs the descriptor open rw (readonly, or "
			    "private, would do with this one)";
		return NULL;
	case EINVAL:
		return "a length of 0, or an offset that is not page-aligned";
	case ENODEV:
		return "this kind of file cannot be mapped";
	default:
		return NULL;
	}
}

static const struct arg_spec mmap_args[] = {
	{ "TARGET", ARG_FD, 0, NULL, "a POSIX shared memory object or a file (or its descriptor); with anon, the new mapping's name" },
	{ "SHARING", ARG_CHOICE, ARG_OPTIONAL, mmap_sharings,
	  "MAP_SHARED (the default): stores reach the object and everyone mapping it; MAP_PRIVATE: copy on write" },
	{ "LENGTH", ARG_SIZE, ARG_OPTIONAL, NULL, "bytes to map (default: the whole object from the offset)" },
	{ "anon", ARG_FLAG, 0, NULL, "MAP_ANONYMOUS: new memory, shared with the children forked after" },
	{ "readonly", ARG_FLAG, 0, NULL, "PROT_READ only (default PROT_READ|PROT_WRITE)" },
	{ "offset", ARG_SIZE, ARG_OPTIONAL | ARG_KEYED, NULL, "where in the object to start, a multiple of the page size" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_mmap = {
	.name = "mmap",
	.scope = CMD_ACTOR,
	.args = mmap_args,
	.summary = "mmap(): map a shared memory object, a file, or new anonymous memory",
	.help = "The actor maps memory into its address space. shared: its stores go to "
	    "the object, and every process mapping it sees them at once. private: "
	    "the actor gets a copy-on-write view: its stores copy the page they touch "
	    "and nobody else sees them (the view shows how much was copied). anon "
	    "makes new memory of LENGTH bytes; a child forked afterwards shares it, the "
	    "classic way for a parent and child to share memory without a name.",
	.example = "A mmap m1 anon 4k",
	.prepare = mmap_prepare,
	.perform = mmap_perform,
	.finish = mmap_finish,
	.format = mmap_format,
	.format_result = mmap_result,
	.hint = mmap_hint,
};

/* munmap */

static bool
munmap_prepare(struct call *c, char **cause)
{
	const struct map_entry	*e;
	struct object		*o = mem_arg(c, "TARGET", cause), *base;
	int64_t			 off;

	if (o == NULL)
		return false;
	base = mem_base(o, &off);
	if (base != o || (e = mem_mapping_in(c->actor->proc, o, 0)) == NULL) {
		*cause = xasprintf("%s has not mapped %s", c->actor->proc->name, o->name);
		c->err_column = cmd_arg(c->cmd, "TARGET")->column;
		return false;
	}
	c->arg[0] = (int64_t)e->start;
	c->arg[1] = (int64_t)(e->end - e->start);
	return true;
}

static void
munmap_perform(struct actor_call *c)
{
	int	 r;

	actor_begin(c);
	r = munmap((void *)(uintptr_t)c->req->arg[0], (size_t)c->req->arg[1]);
	actor_end(c, r);
	actor_fds_unchanged(c);
}

static void
munmap_format(const struct call *c, struct buf *b)
{
	buf_adds(b, "munmap(");
	add_where(b, c, 0);
	buf_printf(b, ", %lld)", (long long)c->arg[1]);
}

static const struct arg_spec munmap_args[] = {
	{ "TARGET", ARG_REF, 0, NULL, "memory the actor has mapped" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_munmap = {
	.name = "munmap",
	.scope = CMD_ACTOR,
	.args = munmap_args,
	.summary = "munmap(): unmap memory from the actor",
	.help = "The actor unmaps its (first) mapping of the object. The object stays "
	    "for everyone else; an anonymous mapping is gone when the last process "
	    "unmaps it.",
	.example = "A munmap m1",
	.prepare = munmap_prepare,
	.perform = munmap_perform,
	.format = munmap_format,
};

/* poke and peek */

enum width { W_BYTES, W_U8, W_U16, W_U32, W_U64 };
static const struct arg_choice widths[] = {
	{ "u8", W_U8 },
	{ "u16", W_U16 },
	{ "u32", W_U32 },
	{ "u64", W_U64 },
	{ NULL, 0 },
};
static const int width_bytes[] = { 0, 1, 2, 4, 8 };
static const char *const width_type[] = { "", "uint8_t", "uint16_t", "uint32_t", "uint64_t" };

static bool
poke_prepare(struct call *c, char **cause)
{
	const struct arg	*value = cmd_arg(c->cmd, "VALUE");
	const struct arg	*type = cmd_arg(c->cmd, "TYPE");
	const struct arg	*offset = cmd_arg(c->cmd, "OFFSET");
	struct object		*o = mem_arg(c, "TARGET", cause);
	enum width		 w;
	uint64_t		 addr;
	int64_t			 len;

	if (o == NULL)
		return false;
	if (value->quoted) {
		if (type->present) {
			*cause = xstrdup("a quoted string is stored as its bytes; TYPE is for numbers");
			c->err_column = type->column;
			return false;
		}
		w = W_BYTES;
		len = (int64_t)value->len;
		if (len == 0) {
			*cause = xstrdup("nothing to store: the string is empty");
			c->err_column = value->column;
			return false;
		}
	} else if (value->is_number) {
		w = type->present ? (enum width)type->num : W_U64;
		len = width_bytes[w];
		if (w != W_U64 && (value->num < 0 || (uint64_t)value->num >> (8 * len) != 0)) {
			*cause = xasprintf("%lld does not fit in a %s", (long long)value->num, width_type[w]);
			c->err_column = value->column;
			return false;
		}
	} else {
		*cause = xasprintf("VALUE is a quoted string (\"hello\") or a number (42), not '%s'",
		    word_short(value->str));
		c->err_column = value->column;
		return false;
	}
	if (!mem_locate(c, o, offset->num, len, true, &addr, cause)) {
		c->err_column = offset->column;
		return false;
	}
	c->arg[0] = (int64_t)addr;
	c->arg[1] = len;
	c->arg[2] = w;
	c->arg[3] = value->num;
	c->arg[4] = offset->num;
	if (w == W_BYTES)
		buf_add(&c->data, value->str, value->len);
	return true;
}

static void
poke_perform(struct actor_call *c)
{
	void		*p = (void *)(uintptr_t)c->req->arg[0];
	uint64_t	 v = (uint64_t)c->req->arg[3];

	actor_begin(c);
	switch ((enum width)c->req->arg[2]) {
	case W_BYTES:
		memcpy(p, c->data, c->data_len);
		break;
	case W_U8:
		*(volatile uint8_t *)p = (uint8_t)v;
		break;
	case W_U16:
		*(volatile uint16_t *)p = (uint16_t)v;
		break;
	case W_U32:
		*(volatile uint32_t *)p = (uint32_t)v;
		break;
	case W_U64:
		*(volatile uint64_t *)p = v;
		break;
	}
	actor_end(c, c->req->arg[1]);
}

static void
poke_format(const struct call *c, struct buf *b)
{
	if (c->arg[2] == W_BYTES) {
		buf_adds(b, "memcpy(");
		add_where(b, c, c->arg[4]);
		buf_adds(b, ", ");
		buf_add_quoted(b, c->data.data, c->data.len, 32);
		buf_printf(b, ", %lld)", (long long)c->arg[1]);
		return;
	}
	buf_printf(b, "*(%s *)", width_type[c->arg[2]]);
	add_where(b, c, c->arg[4]);
	buf_printf(b, " = %lld", (long long)c->arg[3]);
}

static void
poke_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld bytes stored", (long long)c->ret);
}

static const struct arg_spec poke_args[] = {
	{ "TARGET", ARG_REF, 0, NULL, "memory the actor has mapped (or an object inside it)" },
	{ "OFFSET", ARG_SIZE, 0, NULL, "where, in bytes from the start" },
	{ "VALUE", ARG_VALUE, 0, NULL, "a quoted string (its bytes), or a number" },
	{ "TYPE", ARG_CHOICE, ARG_OPTIONAL, widths, "the width of a number (default u64)" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_poke = {
	.name = "poke",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = poke_args,
	.summary = "store bytes or a number into mapped memory (no system call)",
	.help = "The actor stores into its mapping of the object, with ordinary store "
	    "instructions: no system call is made, and everybody else mapping the "
	    "memory shared sees the bytes at once. In a private mapping the store "
	    "copies the page first, and only this actor sees it.",
	.example = "A poke m1 0 \"hello\"",
	.prepare = poke_prepare,
	.perform = poke_perform,
	.format = poke_format,
	.format_result = poke_result,
};

static bool
peek_prepare(struct call *c, char **cause)
{
	const struct arg	*what = cmd_arg(c->cmd, "LENGTH");
	const struct arg	*type = cmd_arg(c->cmd, "TYPE");
	const struct arg	*offset = cmd_arg(c->cmd, "OFFSET");
	struct object		*o = mem_arg(c, "TARGET", cause);
	enum width		 w = W_BYTES;
	uint64_t		 addr;
	int64_t			 len;

	if (o == NULL)
		return false;
	if (type->present && what->present) {
		*cause = xstrdup("give a LENGTH of bytes or a TYPE of number, not both");
		c->err_column = type->column;
		return false;
	}
	if (type->present) {
		w = (enum width)type->num;
		len = width_bytes[w];
	} else
		len = what->present ? what->num : 16;
	if (len <= 0 || len > PEEK_MAX) {
		*cause = xasprintf("LENGTH is 1 to %d bytes", PEEK_MAX);
		c->err_column = what->column;
		return false;
	}
	if (!mem_locate(c, o, offset->num, len, false, &addr, cause)) {
		c->err_column = offset->column;
		return false;
	}
	c->arg[0] = (int64_t)addr;
	c->arg[1] = len;
	c->arg[2] = w;
	c->arg[4] = offset->num;
	return true;
}

static void
peek_perform(struct actor_call *c)
{
	const void	*p = (const void *)(uintptr_t)c->req->arg[0];
	uint64_t	 v = 0;

	actor_begin(c);
	switch ((enum width)c->req->arg[2]) {
	case W_BYTES:
		buf_add(&c->out, p, (size_t)c->req->arg[1]);
		actor_end(c, c->req->arg[1]);
		return;
	case W_U8:
		v = *(const volatile uint8_t *)p;
		break;
	case W_U16:
		v = *(const volatile uint16_t *)p;
		break;
	case W_U32:
		v = *(const volatile uint32_t *)p;
		break;
	case W_U64:
		v = *(const volatile uint64_t *)p;
		break;
	}
	actor_end(c, 0);
	c->ret = (int64_t)v;	/* a load has no errno: all ones is a value */
}

static void
peek_format(const struct call *c, struct buf *b)
{
	if (c->arg[2] == W_BYTES) {
		buf_printf(b, "memcpy(buf, ");
		add_where(b, c, c->arg[4]);
		buf_printf(b, ", %lld)", (long long)c->arg[1]);
		return;
	}
	buf_printf(b, "*(%s *)", width_type[c->arg[2]]);
	add_where(b, c, c->arg[4]);
}

static void
peek_result(const struct call *c, struct buf *b)
{
	if (c->arg[2] != W_BYTES) {
		buf_printf(b, "%lld", (long long)c->ret);
		return;
	}
	buf_add_quoted(b, c->rdata.data, c->rdata.len, 64);
}

static const struct arg_spec peek_args[] = {
	{ "TARGET", ARG_REF, 0, NULL, "memory the actor has mapped (or an object inside it)" },
	{ "OFFSET", ARG_SIZE, 0, NULL, "where, in bytes from the start" },
	{ "TYPE", ARG_CHOICE, ARG_OPTIONAL, widths, "load a number of this width (its value is the result)" },
	{ "LENGTH", ARG_SIZE, ARG_OPTIONAL, NULL, "bytes to load (default 16), shown as last.data" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_peek = {
	.name = "peek",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS,
	.args = peek_args,
	.summary = "load bytes or a number from mapped memory (no system call)",
	.help = "The actor loads from its mapping of the object, with ordinary loads: "
	    "no system call, and nothing is consumed: the bytes stay for the next "
	    "reader. A number's value is the call's result (last.ret); bytes are "
	    "last.data.",
	.example = "B peek m1 0 5",
	.prepare = peek_prepare,
	.perform = peek_perform,
	.format = peek_format,
	.format_result = peek_result,
};

/* incr */

static bool
incr_prepare(struct call *c, char **cause)
{
	const struct arg	*offset = cmd_arg(c->cmd, "OFFSET");
	const struct arg	*times = cmd_arg(c->cmd, "N");
	struct object		*o = mem_arg(c, "TARGET", cause);
	bool			 atomic = cmd_arg(c->cmd, "atomic")->present;
	struct sync_ref		 guard;
	uint64_t		 addr;

	if (o == NULL)
		return false;
	if (times->num < 1 || times->num > 1000000000) {
		*cause = xstrdup("N is 1 to 1000000000");
		c->err_column = times->column;
		return false;
	}
	if (!mem_locate(c, o, offset->num, 8, true, &addr, cause)) {
		c->err_column = offset->column;
		return false;
	}
	if (!sync_arg(c, "with", &guard, cause))
		return false;
	if (atomic && guard.kind != SYNC_NONE) {
		*cause = xstrdup("atomic or with a lock, not both");
		c->err_column = cmd_arg(c->cmd, "with")->column;
		return false;
	}
	if (atomic && addr % 8 != 0) {
		*cause = xasprintf("an atomic add needs an 8-byte aligned counter; offset %lld is not",
		    (long long)offset->num);
		c->err_column = offset->column;
		return false;
	}
	c->arg[0] = (int64_t)addr;
	c->arg[1] = times->num;
	c->arg[2] = atomic;
	c->arg[4] = offset->num;
	buf_add(&c->data, &guard, sizeof guard);
	if (guard.kind != SYNC_NONE)
		buf_adds(&c->data, cmd_arg(c->cmd, "with")->str);
	return true;
}

static void
incr_perform(struct actor_call *c)
{
	volatile uint64_t	*p = (volatile uint64_t *)(uintptr_t)c->req->arg[0];
	struct sync_ref		 guard;
	uint64_t		 v = 0;
	int64_t			 i, n = c->req->arg[1];
	int			 err;

	memcpy(&guard, c->data, sizeof guard);
	actor_begin(c);
	if (guard.kind != SYNC_NONE) {
		/* Take the lock around every load, add and store. */
		for (i = 0; i < n; i++) {
			if ((err = sync_take(&guard)) != 0) {
				actor_end_error(c, err);
				c->val[0] = i;
				return;
			}
			v = *p;
			*p = ++v;
			if ((err = sync_give(&guard)) != 0) {
				actor_end_error(c, err);
				c->val[0] = i + 1;
				return;
			}
		}
	} else if (c->req->arg[2]) {
		for (i = 0; i < n; i++)
			v = __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
	} else {
		/* Load, add, store: another process's store in between is
		 * lost when this one lands. */
		for (i = 0; i < n; i++) {
			v = *p;
			*p = v + 1;
		}
		v++;
	}
	actor_end(c, 0);
	c->ret = (int64_t)v;
}

static void
incr_format(const struct call *c, struct buf *b)
{
	struct sync_ref	 guard;
	const char	*name = c->data.data + sizeof guard;

	memcpy(&guard, c->data.data, sizeof guard);
	buf_printf(b, "for (i = 0; i < %lld; i++) ", (long long)c->arg[1]);
	if (guard.kind != SYNC_NONE) {
		buf_adds(b, "{ ");
		sync_add_call(b, &guard, true, name);
		buf_adds(b, "; (*(uint64_t *)");
		add_where(b, c, c->arg[4]);
		buf_adds(b, ")++; ");
		sync_add_call(b, &guard, false, name);
		buf_adds(b, "; }");
	} else if (c->arg[2]) {
		buf_adds(b, "atomic_fetch_add((uint64_t *)");
		add_where(b, c, c->arg[4]);
		buf_adds(b, ", 1)");
	} else {
		buf_adds(b, "(*(uint64_t *)");
		add_where(b, c, c->arg[4]);
		buf_adds(b, ")++");
	}
}

static const char *
incr_hint(const struct call *c)
{
	static char	 hint[96];

	snprintf(hint, sizeof hint, "taking or giving back the lock failed after %lld adds",
	    (long long)c->val[0]);
	return hint;
}

static void
incr_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld (the counter as this actor last left it)", (long long)c->ret);
}

static const struct arg_spec incr_args[] = {
	{ "TARGET", ARG_REF, 0, NULL, "memory the actor has mapped" },
	{ "OFFSET", ARG_SIZE, 0, NULL, "where the 64-bit counter is" },
	{ "N", ARG_INT, 0, NULL, "how many times to add 1" },
	{ "atomic", ARG_FLAG, 0, NULL, "add with one atomic instruction (lock xadd) instead of load, add, store" },
	{ "with", ARG_REF, ARG_OPTIONAL | ARG_KEYED, NULL,
	    "take this semaphore (System V: its semaphore 0) or mutex around each add, and give it back after" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_incr = {
	.name = "incr",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS | EFF_FUTEX_WAIT,
	.args = incr_args,
	.summary = "add 1 to a shared 64-bit counter N times: plain, or atomic",
	.help = "The actor adds 1 to the counter N times. Plainly, each time is a load, an "
	    "add and a store: when two actors do it at once, one's store overwrites "
	    "the other's and updates are lost. With atomic each add is one indivisible "
	    "instruction and none is lost. None is lost either with a lock: with "
	    "NAME takes a semaphore or mutex before each load and gives it back after "
	    "the store, so only one actor at a time is between the two.\n\n"
	    "To see updates lost, give the two actors a CPU each and start them "
	    "at one moment: A cpu 0, B cpu 1, then together A incr m1 0 "
	    "100000000; B incr m1 0 100000000. Pinning matters: a million adds take "
	    "about a third of a millisecond, and left alone the scheduler often "
	    "wakes both on one CPU, where the first finishes its whole loop "
	    "before the second begins. Nothing is lost then, though the code is "
	    "just as wrong: on one CPU an update is lost only when an actor is "
	    "preempted between its load and its store. The log says when each "
	    "call began after the release (began 350us after the release, for a "
	    "loop that took 300us: they never overlapped); a hundred million adds run "
	    "long enough that a late start still overlaps.",
	.example = "together A incr m1 0 100000000; B incr m1 0 100000000",
	.prepare = incr_prepare,
	.perform = incr_perform,
	.format = incr_format,
	.format_result = incr_result,
	.hint = incr_hint,
};

/* produce and consume: a ring of 64-bit slots in shared memory, guarded
 * the classic way: a semaphore counting the empty slots, one counting the
 * full ones, and a lock around the indexes. At OFFSET: the count of items
 * put (head), the count taken (tail), then SLOTS slots. */

#define RING_MAX_SLOTS	65536
#define RING_MAX_ITEM	(1 << 24)	/* what the consumer tallies */

enum { RING_EMPTY, RING_FULL, RING_LOCK, RING_NREFS };
static const char *const ring_ref_args[] = { "empty", "full", "lock" };

struct ring {
	uint64_t	 head;
	uint64_t	 tail;
	uint64_t	 slot[];
};

static bool
ring_prepare(struct call *c, bool producer, char **cause)
{
	const struct arg	*offset = cmd_arg(c->cmd, "OFFSET");
	const struct arg	*slots = cmd_arg(c->cmd, "SLOTS");
	const struct arg	*count = cmd_arg(c->cmd, "N");
	const struct arg	*from = producer ? cmd_arg(c->cmd, "from") : NULL;
	struct object		*o = mem_arg(c, "MEM", cause);
	struct sync_ref		 refs[RING_NREFS];
	uint64_t		 addr;
	int64_t			 first = from != NULL && from->present ? from->num : 1;
	int			 i;

	if (o == NULL)
		return false;
	if (slots->num < 1 || slots->num > RING_MAX_SLOTS) {
		*cause = xasprintf("SLOTS is 1 to %d", RING_MAX_SLOTS);
		c->err_column = slots->column;
		return false;
	}
	if (count->num < 1 || count->num > 100000000) {
		*cause = xstrdup("N is 1 to 100000000");
		c->err_column = count->column;
		return false;
	}
	if (producer && (first < 1 || first + count->num - 1 > RING_MAX_ITEM)) {
		*cause = xasprintf("items are numbered 1 to %d: from %lld and %lld items go past it",
		    RING_MAX_ITEM, (long long)first, (long long)count->num);
		c->err_column = from->present ? from->column : count->column;
		return false;
	}
	if (offset->num % 8 != 0) {
		*cause = xasprintf("offset %lld is not a multiple of 8", (long long)offset->num);
		c->err_column = offset->column;
		return false;
	}
	if (!mem_locate(c, o, offset->num, 16 + 8 * slots->num, true, &addr, cause) ||
	    !mem_sync_free(o, offset->num, 16 + 8 * slots->num, cause)) {
		c->err_column = offset->column;
		return false;
	}
	for (i = 0; i < RING_NREFS; i++) {
		if (!sync_arg(c, ring_ref_args[i], &refs[i], cause))
			return false;
	}
	for (i = 0; i < RING_NREFS; i++)
		buf_add(&c->data, &refs[i], sizeof refs[i]);
	for (i = 0; i < RING_NREFS; i++) {
		const struct arg	*a = cmd_arg(c->cmd, ring_ref_args[i]);

		buf_adds(&c->data, a->present ? a->str : "");
		buf_addc(&c->data, '\0');
	}
	c->arg[0] = (int64_t)addr;
	c->arg[1] = slots->num;
	c->arg[2] = count->num;
	c->arg[3] = first;
	c->arg[4] = offset->num;
	return true;
}

static bool
produce_prepare(struct call *c, char **cause)
{
	return ring_prepare(c, true, cause);
}

static bool
consume_prepare(struct call *c, char **cause)
{
	return ring_prepare(c, false, cause);
}

/* Take or give back one of the refs; the error stops the loop. */
#define RING_STEP(call) do {							\
	if ((err = (call)) != 0)						\
		goto out;							\
} while (0)

static void
produce_perform(struct actor_call *c)
{
	struct ring		*r = (struct ring *)(uintptr_t)c->req->arg[0];
	struct sync_ref		 refs[RING_NREFS];
	uint64_t		 slots = (uint64_t)c->req->arg[1], h;
	int64_t			 i = 0, n = c->req->arg[2], first = c->req->arg[3];
	int			 err = 0;

	memcpy(refs, c->data, sizeof refs);
	actor_begin(c);
	for (i = 0; i < n; i++) {
		RING_STEP(sync_take(&refs[RING_EMPTY]));
		RING_STEP(sync_take(&refs[RING_LOCK]));
		h = r->head;
		r->slot[h % slots] = (uint64_t)(first + i);
		r->head = h + 1;
		RING_STEP(sync_give(&refs[RING_LOCK]));
		RING_STEP(sync_give(&refs[RING_FULL]));
	}
out:
	actor_end_error(c, err);
	c->ret = err != 0 ? -1 : i;
	c->val[0] = i;
}

static void
consume_perform(struct actor_call *c)
{
	struct ring		*r = (struct ring *)(uintptr_t)c->req->arg[0];
	struct sync_ref		 refs[RING_NREFS];
	uint64_t		 slots = (uint64_t)c->req->arg[1], t, item, lo = UINT64_MAX, hi = 0;
	int64_t			 i = 0, n = c->req->arg[2], distinct = 0, dups = 0, foreign = 0;
	unsigned char		*seen;
	int			 err = 0;

	memcpy(refs, c->data, sizeof refs);
	seen = xcalloc(RING_MAX_ITEM / 8 + 1, 1);
	actor_begin(c);
	for (i = 0; i < n; i++) {
		RING_STEP(sync_take(&refs[RING_FULL]));
		RING_STEP(sync_take(&refs[RING_LOCK]));
		t = r->tail;
		item = r->slot[t % slots];
		r->tail = t + 1;
		RING_STEP(sync_give(&refs[RING_LOCK]));
		RING_STEP(sync_give(&refs[RING_EMPTY]));
		if (item < 1 || item > RING_MAX_ITEM) {
			foreign++;
			continue;
		}
		if (seen[item / 8] & (1u << (item % 8)))
			dups++;
		else {
			seen[item / 8] |= (unsigned char)(1u << (item % 8));
			distinct++;
		}
		if (item < lo)
			lo = item;
		if (item > hi)
			hi = item;
	}
out:
	actor_end_error(c, err);
	c->ret = err != 0 ? -1 : distinct;
	c->val[0] = i;
	c->val[1] = distinct;
	c->val[2] = dups;
	c->val[3] = foreign;
	c->val[4] = lo == UINT64_MAX ? 0 : (int64_t)lo;
	c->val[5] = (int64_t)hi;
	free(seen);
}

static void
consume_finish(struct call *c)
{
	call_set_extra(c, "tally", xasprintf("%lld received, %lld distinct, %lld duplicates, "
	    "%lld foreign, items %lld to %lld", (long long)c->val[0], (long long)c->val[1],
	    (long long)c->val[2], (long long)c->val[3], (long long)c->val[4], (long long)c->val[5]));
}

static void
ring_format(const struct call *c, struct buf *b, bool producer)
{
	struct sync_ref	 refs[RING_NREFS];
	const char	*names[RING_NREFS], *p;
	int		 i;

	memcpy(refs, c->data.data, sizeof refs);
	p = c->data.data + sizeof refs;
	for (i = 0; i < RING_NREFS; i++) {
		names[i] = p;
		p += strlen(p) + 1;
	}
	buf_printf(b, "for (i = 0; i < %lld; i++) { ", (long long)c->arg[2]);
	sync_add_call(b, &refs[producer ? RING_EMPTY : RING_FULL], true,
	    names[producer ? RING_EMPTY : RING_FULL]);
	buf_adds(b, "; ");
	if (refs[RING_LOCK].kind != SYNC_NONE) {
		sync_add_call(b, &refs[RING_LOCK], true, names[RING_LOCK]);
		buf_adds(b, "; ");
	}
	if (producer)
		buf_printf(b, "ring->slot[ring->head++ %% %lld] = %lld + i; ", (long long)c->arg[1],
		    (long long)c->arg[3]);
	else
		buf_printf(b, "item = ring->slot[ring->tail++ %% %lld]; ", (long long)c->arg[1]);
	if (refs[RING_LOCK].kind != SYNC_NONE) {
		sync_add_call(b, &refs[RING_LOCK], false, names[RING_LOCK]);
		buf_adds(b, "; ");
	}
	sync_add_call(b, &refs[producer ? RING_FULL : RING_EMPTY], false,
	    names[producer ? RING_FULL : RING_EMPTY]);
	buf_adds(b, "; } with ring = ");
	add_where(b, c, c->arg[4]);
}

static void
produce_format(const struct call *c, struct buf *b)
{
	ring_format(c, b, true);
}

static void
consume_format(const struct call *c, struct buf *b)
{
	ring_format(c, b, false);
}

static void
produce_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld items put", (long long)c->ret);
}

static void
consume_result(const struct call *c, struct buf *b)
{
	buf_printf(b, "%lld distinct items (%lld received, %lld duplicates)", (long long)c->ret,
	    (long long)c->val[0], (long long)c->val[2]);
}

static const char *
ring_hint(const struct call *c)
{
	static char	 hint[96];

	snprintf(hint, sizeof hint, "a semaphore or the lock failed after %lld items", (long long)c->val[0]);
	return hint;
}

static const struct arg_spec produce_args[] = {
	{ "MEM", ARG_REF, 0, NULL, "shared memory the actor maps" },
	{ "OFFSET", ARG_SIZE, 0, NULL, "where the ring starts: head, tail, then the slots (16 + 8 x SLOTS bytes)" },
	{ "SLOTS", ARG_INT, 0, NULL, "how many 64-bit slots the ring has" },
	{ "N", ARG_INT, 0, NULL, "how many items to put" },
	{ "from", ARG_INT, ARG_OPTIONAL | ARG_KEYED, NULL, "the first item's number (default 1); the rest follow" },
	{ "empty", ARG_REF, ARG_KEYED, NULL, "the semaphore counting empty slots (start it at SLOTS)" },
	{ "full", ARG_REF, ARG_KEYED, NULL, "the semaphore counting full slots (start it at 0)" },
	{ "lock", ARG_REF, ARG_OPTIONAL | ARG_KEYED, NULL, "a mutex or semaphore (at 1) held while the indexes move" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct arg_spec consume_args[] = {
	{ "MEM", ARG_REF, 0, NULL, "shared memory the actor maps" },
	{ "OFFSET", ARG_SIZE, 0, NULL, "where the ring starts" },
	{ "SLOTS", ARG_INT, 0, NULL, "how many slots the ring has" },
	{ "N", ARG_INT, 0, NULL, "how many items to take" },
	{ "empty", ARG_REF, ARG_KEYED, NULL, "the semaphore counting empty slots" },
	{ "full", ARG_REF, ARG_KEYED, NULL, "the semaphore counting full slots" },
	{ "lock", ARG_REF, ARG_OPTIONAL | ARG_KEYED, NULL, "a mutex or semaphore (at 1) held while the indexes move" },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct cmd_entry cmd_produce = {
	.name = "produce",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS | EFF_FUTEX_WAIT,
	.args = produce_args,
	.summary = "put N numbered items into a ring in shared memory (the producer)",
	.help = "The actor puts items FIRST, FIRST+1, ... into a ring of SLOTS slots at "
	    "OFFSET: for each, it waits for an empty slot (takes empty), takes the "
	    "lock, stores the item at head and moves head on, gives the lock back and "
	    "gives full. With two producers and no lock, both can store into the "
	    "same slot: items are lost and others read twice.",
	.example = "A produce m1 0 8 10000 empty e1 full f1 lock mx1 &",
	.prepare = produce_prepare,
	.perform = produce_perform,
	.format = produce_format,
	.format_result = produce_result,
	.hint = ring_hint,
};

static const struct cmd_entry cmd_consume = {
	.name = "consume",
	.scope = CMD_ACTOR,
	.effects = EFF_KEEPS_FDS | EFF_FUTEX_WAIT,
	.args = consume_args,
	.summary = "take N items from a ring in shared memory and count them (the consumer)",
	.help = "The actor takes N items: for each, it waits for a full slot (takes "
	    "full), takes the lock, reads the item at tail and moves tail on, gives "
	    "the lock back and gives empty. It counts what it got: last.tally says "
	    "how many were received, distinct, duplicated, and the lowest and "
	    "highest, so a lost or doubled item shows.",
	.example = "B consume m1 0 8 10000 empty e1 full f1 lock mx1",
	.prepare = consume_prepare,
	.perform = consume_perform,
	.finish = consume_finish,
	.format = consume_format,
	.format_result = consume_result,
	.hint = ring_hint,
};

static const struct cmd_entry *const mmap_commands[] = {
	&cmd_mmap,
	&cmd_munmap,
	&cmd_poke,
	&cmd_peek,
	&cmd_incr,
	&cmd_produce,
	&cmd_consume,
	NULL,
};

static const struct menu_new mmap_menu_new[] = {
	{ MENU_MEMORY, "mmap", " anon 4k", "a",
	    "anonymous shared memory, shared with children forked later", NULL },
	{ 0, NULL, NULL, NULL, NULL, NULL },
};

const struct mechanism mmap_mechanism = {
	.name = "mmap",
	.title = "mapped memory: mmap, and loads and stores",
	.object_size = sizeof(struct anon_object),
	.help = "mmap maps a shared memory object or a file into an actor's address "
	    "space, or makes new anonymous memory that forked children share. poke, "
	    "peek and incr then use any mapped memory (System V segments too) with "
	    "plain loads and stores: no system call carries the data. The view of a "
	    "memory object shows its bytes (those changed since the last tick in "
	    "colour) and each mapping: which actor, at what address (the kernel's "
	    "choice in each process's own layout), shared or private, and for a private one how much it "
	    "has copied on write.",
	.commands = mmap_commands,
	.menu_new = mmap_menu_new,
	.describe = anon_describe,
	.describe_links = mem_describe_links,
	.mem_size = anon_size,
	.not_mapped = anon_not_mapped,
};
