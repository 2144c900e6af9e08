/* pipe.h: what pipes and FIFOs share: a FIFO is a pipe with a name in
 * the filesystem, and the kernel keeps the same buffer behind both. */
#ifndef MECH_PIPE_H
#define MECH_PIPE_H

#include "desc.h"
#include "mechanism.h"

struct object;

/* The ends of pipes and FIFOs: r and w. */
extern const struct object_end pipe_ends[];

/* Describe a pipe or FIFO from the kernel: the bytes queued against the
 * capacity, who holds each end and who is blocked on it, and in full
 * detail the queued bytes themselves, peeked with tee(2). */
void	pipe_describe_buffer(struct object *, struct desc *, enum desc_detail);
/* An observed process's pipe or FIFO descriptor (describe_fd), and who
 * ends a wait on one (woken_by): mechanism.h. */
void	pipe_describe_fd(struct lab *, struct actor *p, const struct fd_entry *fe,
	    struct desc *d);
size_t	pipe_woken_by(struct lab *, const struct fd_entry *fe, const struct thread_wait *tw,
	    struct file_want *out, size_t max);

#endif
