/* output.c: records printed as text or JSON lines. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "output.h"

/* Events about an actor read "A: write(...) = 5"; results of lab
 * commands (show, help, echo, expect) stand alone. */
static bool
prefixed(const struct record *r)
{
	static const char *const plain[] = { "show", "help", "echo", "expect", "error" };
	size_t	 i;

	if (r->who == NULL)
		return false;
	for (i = 0; i < nitems(plain); i++) {
		if (strcmp(r->type, plain[i]) == 0)
			return false;
	}
	return true;
}

void
output_record(void *arg, const struct record *r)
{
	struct output	*o = arg;
	struct buf	 b;
	FILE		*f;

	buf_init(&b);
	if (o->json) {
		record_write_json(&b, r);
		buf_addc(&b, '\n');
		f = o->out;
	} else {
		if (strcmp(r->type, "error") == 0)
			buf_adds(&b, "ipcscope: ");
		if (prefixed(r))
			buf_printf(&b, "%s: ", r->who);
		buf_adds(&b, r->text);
		buf_addc(&b, '\n');
		f = r->level == REC_ERROR &&
		    (strcmp(r->type, "error") == 0 || strcmp(r->type, "expect") == 0) ?
		    o->err : o->out;
	}
	/* Keep stdout and stderr in order when both go to one place. */
	if (f == o->err)
		fflush(o->out);
	fwrite(b.data, 1, b.len, f);
	if (fflush(f) == EOF && errno == EPIPE)
		o->broken = true;	/* like "| head": the reader is gone */
	buf_free(&b);
}
