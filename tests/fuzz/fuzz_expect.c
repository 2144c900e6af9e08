/* fuzz_expect.c: expect's paths and comparisons. The bytes are the rest
 * of an expect line ("A last.errno == EAGAIN", "q1 messages.0.data has
 * hi") and go through the command parser; the field is looked up in a
 * description as show gives it (an actor for A, an object for any other
 * name), compared, and shown as a failed check would show it, or the
 * fields are listed as a missing one lists them. The bytes up to the
 * first blank are also looked up as a path on their own. */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "desc.h"
#include "mechanism.h"
#include "signames.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct desc	*actor, *object;

static void
add_report(struct desc *d, const char *name, const char *sig, const char *code)
{
	desc_group(d, name);
	desc_word(d, "signal", sig);
	desc_word(d, "how", "handler(siginfo)");
	desc_word(d, "thread", "A.t1");
	desc_word(d, "code", code);
	desc_word(d, "from", "the lab");
	desc_int(d, "pid", 4000);
	desc_int(d, "uid", 0);
	desc_int(d, "value", -7);
	desc_close(d);
}

/* An actor as show A gives it, with a call settled and signals taken. */
static struct desc *
make_actor(void)
{
	static const unsigned char	 data[] = { 'h', 'i', 0, 0xff, '\n' };
	struct desc			*d = desc_new();
	uint64_t			 libc = sig_libc_mask();
	int				 i;

	desc_word(d, "kind", "actor");
	desc_text(d, "summary", "pid %d %s", 4001, "blocked in read(3<p1.r>)");
	desc_int(d, "pid", 4001);
	desc_word(d, "parent", "lab");
	desc_word(d, "state", "blocked");
	desc_word(d, "kstate", "S");
	desc_word(d, "kparent", "lab");
	desc_word(d, "wchan", "pipe_read");
	desc_string(d, "on", "p1.r s1");
	desc_list(d, "threads");
	desc_group(d, NULL);
	desc_int(d, "tid", 4001);
	desc_word(d, "name", "A");
	desc_word(d, "state", "blocked");
	desc_close(d);
	desc_group(d, NULL);
	desc_int(d, "tid", 4002);
	desc_word(d, "name", "ipcscope-watch");
	desc_string(d, "note", "the lab's: ends the actor if the lab dies");
	desc_close(d);
	desc_close(d);
	desc_list(d, "fds");
	for (i = 0; i < 5; i++) {
		desc_group(d, NULL);
		desc_int(d, "fd", i);
		desc_word(d, "object", i < 3 ? "-" : i == 3 ? "p1.r" : "p1.w");
		desc_word(d, "access", i == 3 ? "read" : "write");
		desc_string(d, "flags", i == 4 ? "O_NONBLOCK|O_CLOEXEC" : "0");
		desc_close(d);
	}
	desc_close(d);
	desc_group(d, "signals");
	desc_sigset(d, "pending", 1ULL << (SIGUSR2 - 1), libc);
	desc_sigset(d, "pending_process", 0, libc);
	desc_sigset(d, "blocked", 1ULL << (SIGUSR2 - 1) | 1ULL << (SIGRTMIN + 1 - 1), libc);
	desc_sigset(d, "ignored", 1ULL << (SIGPIPE - 1), libc);
	desc_sigset(d, "caught", 1ULL << (SIGUSR1 - 1) | 1ULL << (33 - 1), libc);
	desc_group(d, "sigq");
	desc_int(d, "uid", 0);
	desc_int(d, "user_queued", 4);
	desc_int(d, "limit", 96365);
	desc_close(d);
	desc_int(d, "taken", 2);
	desc_list(d, "received");
	add_report(d, NULL, "SIGUSR1", "SI_USER");
	add_report(d, NULL, "SIGRTMIN", "SI_QUEUE");
	desc_close(d);
	add_report(d, "latest", "SIGRTMIN", "SI_QUEUE");
	desc_close(d);
	desc_group(d, "last");
	desc_word(d, "call", "read");
	desc_word(d, "result", "returned");
	desc_int(d, "ret", -1);
	desc_word(d, "errno", "EAGAIN");
	desc_bytes(d, "data", data, sizeof data);
	desc_duration(d, "elapsed", 1234);
	desc_list(d, "values");
	desc_int(d, NULL, 3);
	desc_int(d, NULL, 4);
	desc_uint(d, NULL, UINT64_MAX);
	desc_close(d);
	desc_list(d, "ready");
	desc_word(d, NULL, "p1.r");
	desc_close(d);
	desc_string(d, "address", "127.0.0.1:40000");
	desc_string(d, "text", "read(3<p1.r>, \"hi\\0\\xff\\n\", 5) = 5 <1.2us>");
	desc_close(d);
	desc_bool(d, "deadlock", false);
	desc_word(d, "reaped_by", "the lab");
	return d;
}

/* An object: a queue with messages, waiters and a gauge. */
static struct desc *
make_object(void)
{
	struct desc	*d = desc_new();
	int		 i;

	desc_word(d, "kind", "msgq");
	desc_string(d, "summary", "2 messages, 7/16384 bytes");
	desc_int(d, "id", 32768);
	desc_gauge(d, "queued", 7, 16384);
	desc_size(d, "capacity", 16384);
	desc_int(d, "count", 2);
	desc_list(d, "messages");
	for (i = 0; i < 2; i++) {
		desc_group(d, NULL);
		desc_int(d, "type", i + 1);
		desc_bytes(d, "data", i == 0 ? "hi" : "there", i == 0 ? 2 : 5);
		desc_close(d);
	}
	desc_close(d);
	desc_list(d, "waiters");
	desc_group(d, NULL);
	desc_word(d, "actor", "B");
	desc_word(d, "op", "msgrcv");
	desc_list(d, "waits_for");
	desc_word(d, NULL, "A");
	desc_close(d);
	desc_close(d);
	desc_close(d);
	desc_list(d, "readers");
	desc_close(d);
	desc_bool(d, "linked", true);
	desc_bytes(d, "contents", "", 0);
	desc_duration(d, "age", 3 * 1000000000LL);
	desc_ranges(d, "ruler", 20);
	desc_range(d, 0, 10, RANGE_WRITE, false, "A", "posix");
	desc_range(d, 5, -1, RANGE_SHARED, true, "B", "flock");
	desc_close(d);
	return d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct arg	*name, *field;
	struct desc_node	*n;
	struct desc		*tree;
	struct cmd		*cmd;
	struct buf		 line, b;
	char			*cause = NULL, *path;
	int			 column;
	bool			 ok;

	if (actor == NULL) {
		cmd_init(mechanism_registry);
		actor = make_actor();
		object = make_object();
	}
	/* A path alone, any bytes. */
	path = xmalloc(size + 1);
	memcpy(path, data, size);
	path[size] = '\0';
	path[strcspn(path, " ")] = '\0';
	if ((n = desc_find(actor, path)) != NULL) {
		buf_init(&b);
		desc_add_value(&b, n);
		buf_free(&b);
	}
	(void)desc_find(object, path);
	(void)desc_find_child(actor->root, path);
	free(path);

	buf_init(&line);
	buf_adds(&line, "expect ");
	buf_add(&line, data, size);
	cmd = cmd_parse(line.data, line.len, &cause, &column);
	buf_free(&line);
	if (cmd == NULL) {
		free(cause);
		return 0;
	}
	if (strcmp(cmd->entry->name, "expect") != 0)
		abort();
	name = cmd_arg(cmd, "NAME");
	field = cmd_arg(cmd, "FIELD");
	tree = strcmp(name->str, "A") == 0 ? actor : object;
	buf_init(&b);
	if ((n = desc_find(tree, field->str)) == NULL)
		desc_add_field_names(&b, tree->root);
	else if (cmd_expect_compare(cmd, n, &ok, &cause)) {
		desc_add_value(&b, n);
		desc_write_json(&b, n);
	} else
		free(cause);
	buf_free(&b);
	cmd_free(&cmd);
	return 0;
}
