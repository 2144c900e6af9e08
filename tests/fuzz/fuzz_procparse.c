/* fuzz_procparse.c: the /proc text parsers on arbitrary bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "procparse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_stat	 st;
	struct proc_syscall	 sc;
	char			 value[32];

	procparse_stat((const char *)data, size, &st);
	procparse_syscall((const char *)data, size, &sc);
	procparse_field((const char *)data, size, "SigPnd", value, sizeof value);
	procparse_field((const char *)data, size, "flags", value, 1);
	return 0;
}
