/* lab_int.h: what the lab's own files share beyond lab.h: a function of
 * one that another calls. Only src/lab includes it: mechanisms, the
 * language and the frontends see the lab through lab.h and module.h. */
#ifndef LAB_INT_H
#define LAB_INT_H

#include <stdbool.h>

#include "util.h"

struct actor;
struct call;
struct desc;
struct task_info;

/* A call has this long to reply before the lab looks at its actor. */
#define SETTLE_FIRST_NS		(300 * NS_PER_US)

/* actor_state.c */
/* Whether a thread the kernel shows asleep is in the call the user
 * asked for, not in the lab's own work around it. */
bool		 task_in_users_call(const struct actor *, const struct call *,
		    const struct task_info *);

/* lab.c */
/* A call as a description: for JSON records and an actor's current and
 * last calls. */
void		 call_describe(const struct call *, struct desc *, bool with_text);
/* An open mode as a word: "read", "write", "read-write". */
const char	*access_word(int access);

#endif
