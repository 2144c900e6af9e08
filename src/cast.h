/* cast.h: --cast FILE: the session recorded as an asciicast (version 2)
 * by a relay through a pseudoterminal, with a marker at each chapter. */
#ifndef CAST_H
#define CAST_H

#include <stddef.h>

struct lab;

/* Where the relay tells the program it runs which descriptor takes
 * the chapters' labels. */
#define CAST_FD_ENV	"IPCSCOPE_CAST_FD"

/* The relay: path made (or emptied), this program run again in a new
 * pseudoterminal the size of this terminal with argv (argv[0] first)
 * less the ndrop words in drop (--cast and its file), its output passed
 * on to standard output and recorded, keys passed in, until it ends and
 * nothing holds the pseudoterminal any longer. Returns the exit status:
 * the program's, 128 + N when signal N ended it, 2 when path cannot be
 * made (said in one line, as an option's error), 1 when the relay
 * could not start (said; path removed). */
int	 cast_relay(const char *path, char **argv, char *const *drop, size_t ndrop);

/* In the program the relay runs: the descriptor for chapter labels,
 * taken from the environment (and removed from it) and made
 * close-on-exec; call first thing. Then cast_listen has the lab's
 * chapters written to it, one line each. Nothing happens outside a
 * relay. */
void	 cast_take(void);
void	 cast_listen(struct lab *);

#endif
