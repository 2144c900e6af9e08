/* lang.c: the language put together: the table of the core's verbs
 * (cmd_lab.c, cmd_actor.c, cmd_snapshot.c, cmd_script.c) and the mechanisms', and what the lab is given
 * of it (cmd_verbs, cmd_modules). */
#include "config.h"

#include "cmd.h"

/* The core's verbs: cmd_lab.c, cmd_actor.c, cmd_snapshot.c and
 * cmd_script.c. */
extern const struct cmd_entry *const cmd_lab_verbs[];
extern const struct cmd_entry *const cmd_actor_verbs[];
extern const struct cmd_entry *const cmd_snapshot_verbs[];
extern const struct cmd_entry *const cmd_script_verbs[];

void
cmd_init(const struct mechanism *const *mechs)
{
	static const struct cmd_entry *const *const core[] = {
		cmd_lab_verbs, cmd_snapshot_verbs, cmd_script_verbs, cmd_actor_verbs, NULL
	};

	cmd_table_init(core, mechs);
}

const struct verb_table *
cmd_verbs(void)
{
	static const struct verb_table	 verbs = {
		.by_index = cmd_by_index,
		.name_valid = name_valid,
		.mechanisms = cmd_mechanisms,
	};

	return &verbs;
}

const struct lab_module *const *
cmd_modules(const struct lab_module *const *mechs)
{
	static const struct lab_module	*all[32];
	size_t				 n = 0, i;

	for (i = 0; mechs != NULL && mechs[i] != NULL; i++) {
		if (n + 2 > nitems(all))
			fatal("too many modules");
		all[n++] = mechs[i];
	}
	all[n++] = &job_module;
	all[n] = NULL;
	return all;
}
