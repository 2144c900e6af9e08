/* tui.h: the full-screen interface: a view over the lab. */
#ifndef TUI_H
#define TUI_H

#include <stdbool.h>

struct app;

/* Run the lab full-screen until it ends; the exit status. With demo, a
 * ready lab (a producer and a consumer on a pipe) is set up first.
 * Returns -1 with nothing done if the terminal cannot be used, so the
 * caller can fall back to the line mode. */
int	tui_run(struct app *, bool demo);

#endif
