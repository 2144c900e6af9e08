/* fuzz_parse.c: the command parser on arbitrary bytes. It must never
 * crash, leak or read out of bounds, and must return either a command or
 * an error with a cause. The same bytes as the words before one being
 * completed (cmd_parse_next) must give a place in the verb's arguments. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "cmd.h"
#include "mechanism.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 ready;
	struct cmd	*cmd;
	struct cmd_next	 next;
	struct buf	 b;
	char		*cause;
	int		 column;

	if (!ready) {
		cmd_init(mechanism_registry);
		ready = 1;
	}
	cmd = cmd_parse((const char *)data, size, &cause, &column);
	if (cmd != NULL) {
		buf_init(&b);
		cmd_add_usage(&b, cmd->entry);
		buf_free(&b);
		cmd_free(&cmd);
	} else if (cause != NULL) {
		if (column < 0 || (size_t)column > size + 1)
			abort();
		free(cause);
	}
	cmd_parse_next((const char *)data, size, &next);
	if ((next.kind == NEXT_ARG || next.kind == NEXT_VALUE) &&
	    (next.entry == NULL || next.pos > CMD_MAX_ARGS))
		abort();
	if (next.kind == NEXT_LINE && next.line_start > size)
		abort();
	cmd_next_clear(&next);
	return 0;
}
