/* maps.h: a process's mappings and its memory, by pid: /proc/PID/maps
 * (what is mapped where, by the identity of the file or segment mapped),
 * a mapping's copied-on-write kilobytes (/proc/PID/smaps), the size of
 * the file a mapping maps (/proc/PID/map_files) and bytes at an address
 * (process_vm_readv). Any process the user may read (ptrace access for
 * the memory, smaps and map_files). */
#ifndef MAPS_H
#define MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "probe.h"

struct map_entry {
	unsigned long	 start, end;
	uint64_t	 offset;	/* into the file or segment */
	struct fd_id	 id;		/* device and inode of what is mapped; xid -1 */
	bool		 read, write, exec, shared;
	bool		 sysv;		/* a System V segment (/SYSVKEY): inode = its id */
};

struct map_table {
	struct map_entry	*v;
	size_t			 n;
	bool			 ok;
};

/* The mappings of process pid that others can share: file-backed ones
 * and shared anonymous ones (private anonymous memory, the heap and
 * stacks, is nobody else's and is left out). False with errno if the
 * maps cannot be read (the process is gone, or not ours to read). */
bool	 maps_read(pid_t, struct map_table *);
void	 map_table_clear(struct map_table *);
/* The mapping of the table that holds address addr, or NULL. */
const struct map_entry *map_table_find(const struct map_table *, unsigned long addr);

/* Copy len bytes at address addr of process pid into p; false with errno
 * unless all of them could be read. */
bool	 maps_read_mem(pid_t, unsigned long addr, void *p, size_t len);

/* Kilobytes the private mapping of process pid that starts at start has
 * copied on write (its "Anonymous" in smaps); -1 with errno if unknown. */
long	 maps_copied_kb(pid_t, unsigned long start);

/* The size of the file the mapping start-end of process pid maps,
 * through /proc/PID/map_files (which only CAP_CHECKPOINT_RESTORE may
 * open); -1 with errno if it cannot be told. */
int64_t	 maps_file_size(pid_t, unsigned long start, unsigned long end);

#endif
