/* fuzz_procparse.c: the /proc text parsers on arbitrary bytes. */
#include "config.h"

#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procparse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_stat	 st;
	struct proc_syscall	 sc;
	struct proc_map		 m;
	struct proc_lock	 l;
	struct proc_schedstat	 ss;
	struct proc_epoll_tfd	 t;
	struct igmp_group	*groups = NULL;
	unsigned long long	 ns;
	int			 cpu;
	char			 value[32];
	size_t			 pos = 0, ngroups = 0, i;
	bool			 ok;

	procparse_stat((const char *)data, size, &st);
	procparse_syscall((const char *)data, size, &sc);
	procparse_field((const char *)data, size, "SigPnd", value, sizeof value);
	procparse_field((const char *)data, size, "flags", value, 1);
	while (procparse_maps_line((const char *)data, size, &pos, &m, &ok))
		continue;
	procparse_lock((const char *)data, size, &l);
	procparse_sched_exec_start((const char *)data, size, &ns);
	procparse_schedstat((const char *)data, size, &ss);
	pos = 0;
	while (procparse_epoll_line((const char *)data, size, &pos, &t, &ok))
		continue;
	procparse_cpu_steal((const char *)data, size, &cpu, &ns);
	/* Both families into one table: each call adds what it found. */
	i = procparse_igmp((const char *)data, size, AF_INET, &groups, &ngroups);
	if (procparse_igmp((const char *)data, size, AF_INET6, &groups, &ngroups) + i != ngroups)
		abort();
	for (i = 0; i < ngroups; i++) {
		if (groups[i].ifindex <= 0 || memchr(groups[i].dev, '\0', sizeof groups[i].dev) == NULL ||
		    (groups[i].family != AF_INET && groups[i].family != AF_INET6))
			abort();
	}
	free(groups);
	return 0;
}
