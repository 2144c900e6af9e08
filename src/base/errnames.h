/* errnames.h: errno values by name. */
#ifndef ERRNAMES_H
#define ERRNAMES_H

/* The symbolic name of an errno value ("EAGAIN"), or NULL if unknown.
 * Where two names share a value (EAGAIN/EWOULDBLOCK) the first listed in
 * the kernel headers wins. */
const char	*errno_name(int value);

/* The value of a symbolic errno name, case-insensitive; -1 if unknown. */
int		 errno_from_name(const char *name);

#endif
