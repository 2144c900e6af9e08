/* registry.c: every mechanism the lab knows, and the modules of the
 * mechanisms' families. Adding a mechanism is a file in its family's
 * folder (descriptors, files, messages, memory, sync, signals), a line
 * here, and its line in Makefile.am. The order here is the order of the
 * menus and of help. */
#include "config.h"

#include <stddef.h>

#include "mechanism.h"
#include "module.h"

extern const struct mechanism fd_mechanism;
extern const struct mechanism pipe_mechanism;
extern const struct mechanism fifo_mechanism;
extern const struct mechanism signal_mechanism;
extern const struct mechanism signalfd_mechanism;
extern const struct mechanism eventfd_mechanism;
extern const struct mechanism msgq_mechanism;
extern const struct mechanism mqueue_mechanism;
extern const struct mechanism socket_mechanism;
extern const struct mechanism epoll_mechanism;
extern const struct mechanism pty_mechanism;
extern const struct mechanism shm_mechanism;
extern const struct mechanism mmap_mechanism;
extern const struct mechanism pshm_mechanism;
extern const struct mechanism file_mechanism;
extern const struct mechanism sem_mechanism;
extern const struct mechanism psem_mechanism;
extern const struct mechanism mutex_mechanism;
extern const struct mechanism cond_mechanism;
extern const struct mechanism host_mechanism;
extern const struct mechanism link_mechanism;

const struct mechanism *const mechanism_registry[] = {
	&fd_mechanism,
	&pipe_mechanism,
	&fifo_mechanism,
	&file_mechanism,
	&msgq_mechanism,
	&mqueue_mechanism,
	&eventfd_mechanism,
	&socket_mechanism,
	&pty_mechanism,
	&shm_mechanism,
	&pshm_mechanism,
	&mmap_mechanism,
	&sem_mechanism,
	&psem_mechanism,
	&mutex_mechanism,
	&cond_mechanism,
	&epoll_mechanism,
	&signal_mechanism,
	&signalfd_mechanism,
	&host_mechanism,
	&link_mechanism,
	NULL,
};

/* The mechanisms' parts the lab calls as modules (module.h). */
extern const struct lab_module signals_module;
extern const struct lab_module locks_module;
extern const struct lab_module memory_module;
extern const struct lab_module net_module;

const struct lab_module *const mechanism_modules[] = {
	&signals_module,
	&locks_module,
	&memory_module,
	&net_module,
	NULL,
};

bool
mechanism_sweep(void *arg, const char *kind, const char *args)
{
	const struct mechanism	*m = mechanism_find(mechanism_registry, kind);

	(void)arg;
	return m != NULL && m->sweep != NULL && m->sweep(args);
}
