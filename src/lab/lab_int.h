/* lab_int.h: what the lab's own files share beyond lab.h: a function of
 * one that another calls. Only src/lab includes it: mechanisms, the
 * language and the frontends see the lab through lab.h and module.h. */
#ifndef LAB_INT_H
#define LAB_INT_H

#include <stdbool.h>

struct call;
struct desc;

/* lab.c */
/* A call as a description: for JSON records and an actor's current and
 * last calls. */
void		 call_describe(const struct call *, struct desc *, bool with_text);
/* An open mode as a word: "read", "write", "read-write". */
const char	*access_word(int access);

#endif
