/* fuzz_procparse.c: the /proc text parsers on arbitrary bytes. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "procparse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_stat	 st;
	struct proc_syscall	 sc;
	struct proc_map		 m;
	struct proc_lock	 l;
	char			 value[32];
	size_t			 pos = 0;
	bool			 ok;

	procparse_stat((const char *)data, size, &st);
	procparse_syscall((const char *)data, size, &sc);
	procparse_field((const char *)data, size, "SigPnd", value, sizeof value);
	procparse_field((const char *)data, size, "flags", value, 1);
	while (procparse_maps_line((const char *)data, size, &pos, &m, &ok))
		continue;
	procparse_lock((const char *)data, size, &l);
	return 0;
}
