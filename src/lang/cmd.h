/* cmd.h: the one command language. Every action, whatever typed it (a key,
 * the command line, a script, stdin, a test) is parsed by cmd_parse into a
 * struct cmd and run by cmd_run. Commands are entries in one table: the
 * lab's own verbs (spawn, kill, show, ...) and actor verbs, which are the
 * real call names (pipe, fork, read, write, ...) and come from src/ and
 * from each mechanism. What a verb is (the types below the table) is the
 * lab's, src/lab/verb.h: the lab and the actor side use it without the
 * language. */
#ifndef CMD_H
#define CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "verb.h"

/* Build the table from the core's verbs and the mechanisms' (NULL-terminated):
 * lang.c. */
void			 cmd_init(const struct mechanism *const *);
/* The same from the sets of verbs given (NULL-terminated, each a
 * NULL-terminated list), then each mechanism's; once. */
void			 cmd_table_init(const struct cmd_entry *const *const *sets,
			    const struct mechanism *const *);
/* The mechanisms cmd_init was given, NULL-terminated (none before it). */
const struct mechanism	*const *cmd_mechanisms(void);
/* What the lab asks of the table (verb.h), for lab_new. */
const struct verb_table	*cmd_verbs(void);
/* The lab's modules (module.h): the mechanisms' (NULL-terminated), then
 * the language's own (jobs); NULL-terminated, for lab_new. */
struct lab_module;
const struct lab_module	*const *cmd_modules(const struct lab_module *const *);
/* job.c: jobs, the language's module. */
extern const struct lab_module job_module;
const struct cmd_entry	*cmd_find(enum cmd_scope, const char *name);
/* The same, hidden verbs too. */
const struct cmd_entry	*cmd_lookup(enum cmd_scope, const char *name);
const struct cmd_entry	*cmd_by_index(uint32_t);
size_t			 cmd_count(void);

/* The verb nearest to what was typed, of the lab's or actors' or both,
 * if one is near enough to suggest; NULL if none is. */
const char		*cmd_nearest(const char *typed, bool lab, bool actor);

/* Parse one line. Returns NULL with *cause NULL for an empty line or a
 * comment; NULL with *cause set (and *column) for an error. */
struct cmd	*cmd_parse(const char *line, size_t len, char **cause, int *column);
/* What the parser may ask of the lab: whether a name is an actor's. With
 * it, a first word that is neither a command nor an actor is an unknown
 * command ("frobnicate now"), not an actor with an unknown call. */
struct cmd_names {
	bool	(*is_actor)(void *arg, const char *name);
	void	*arg;
	bool	 partial;	/* cmd_parse_partial's: a line being typed */
};
struct cmd	*cmd_parse_names(const char *line, size_t len, const struct cmd_names *,
		    char **cause, int *column);
/* cmd_parse_names with the lab's actors. */
struct cmd	*cmd_parse_lab(struct lab *, const char *line, size_t len, char **cause,
		    int *column);
/* A line being typed, for Tab: arguments not typed yet are left empty,
 * with columns after the line's end (cmd_check). NULL if the words typed
 * do not parse. */
struct cmd	*cmd_parse_partial(const char *line, size_t len);
void		 cmd_free(struct cmd **);

/* Where the next word of a line goes: the verb and which of its
 * arguments, for completion. */
enum cmd_next_kind {
	NEXT_VERB,		/* the first word: a lab verb or an actor */
	NEXT_ACTOR_VERB,	/* the call after an actor's name (target) */
	NEXT_ARG,		/* an argument of entry: a keyword not yet given,
				   or the positional argument pos (and those
				   after it, while the ones before are optional
				   choices the parser may skip) */
	NEXT_VALUE,		/* the value of the keyed argument entry->args[pos] */
	NEXT_LINE,		/* a command line of its own, from line_start */
	NEXT_NONE,		/* free text, or nothing more fits */
};

struct cmd_next {
	enum cmd_next_kind	 kind;
	const struct cmd_entry	*entry;
	char			*target;	/* the actor making the call, or NULL */
	bool			 given[CMD_MAX_ARGS];	/* parallel to entry->args */
	char			*values[CMD_MAX_ARGS];	/* the words given, or NULL */
	size_t			 pos;
	size_t			 line_start;
};

/* What the word after line[0, len) can be, len being where it starts:
 * the words before it are matched to the command table as cmd_parse
 * matches them, values that do not convert taken as given. An
 * unterminated string gives NEXT_NONE. cmd_next_clear frees target and
 * values. */
void		 cmd_parse_next(const char *line, size_t len, struct cmd_next *);
void		 cmd_next_clear(struct cmd_next *);

/* The argument named name (a spec name). A name the verb does not have
 * is a bug, fatal: it would read as an argument not given
 * (tests/lint/args.sh finds such names before anything runs). */
const struct arg *cmd_arg(const struct cmd *, const char *name);
/* Whether the verb has an argument called name: for code that serves
 * several verbs whose arguments differ (recv and recvfrom). */
bool		 cmd_has_arg(const struct cmd *, const char *name);

/* Start running a command; CMD_PENDING means keep calling cmd_poll. */
enum cmd_status	 cmd_run(struct cmd_ctx *);
enum cmd_status	 cmd_poll(struct cmd_ctx *);
/* An actor command in two steps, for a command of several calls that
 * checks them all before it sends any (together): prepare finds the actor
 * and prepares its call, sending nothing (NULL with ctx->cause if it is
 * refused; lab_call_drop frees one that will not be sent); send sends it
 * and goes on as cmd_run would. */
struct call	*cmd_call_prepare(struct cmd_ctx *);
enum cmd_status	 cmd_call_send(struct cmd_ctx *, struct call *);
void		 cmd_ctx_clear(struct cmd_ctx *);
/* FIELD is not one of what NAME's description d has: the cause, listing
 * those it has, at FIELD's column (expect, tally). */
void		 cmd_no_field(struct cmd_ctx *, const struct arg *name,
		    const struct arg *field, const struct desc *d);
/* Whether the command's words name what its verb takes, sending and
 * changing nothing: a lab verb's check, an actor verb's prepare (busy or
 * not). False with the column of the argument refused, or 0 when the
 * refusal is about no argument in particular. */
bool		 cmd_check(struct lab *, struct cmd *, int *column);

/* The words of a choice as a list: "r|w|rw". */
void		 cmd_add_choices(struct buf *, const struct arg_choice *);
/* The word of a choice that stands for value, or NULL if none does. */
const char	*cmd_choice_word(const struct arg_choice *, int value);

/* Usage line: "write TARGET DATA [nonblock]", actor verbs prefixed "ACTOR ". */
void		 cmd_add_usage(struct buf *, const struct cmd_entry *);
/* help and help VERB. */
void		 cmd_add_help(struct buf *, const char *topic, char **cause);

/* Value parsers, shared with expect and tests. */
bool	 parse_size(const char *, int64_t *);
bool	 parse_duration(const char *, int64_t *ns);
bool	 parse_int(const char *, int64_t *);
/* How many CPUs an ARG_CPUS may name: 0 to this less one. */
int	 parse_cpu_count(void);
bool	 name_valid(const char *, char **cause);
bool	 name_reserved(const char *);
/* NAME or NAME.PART: an actor, a thread, an object or an end. */
bool	 ref_valid(const char *);

/* expect's comparison: whether node n holds against the OP and VALUE of
 * a parsed expect line; false with a cause when OP compares numbers and
 * one side is not a number. */
struct desc_node;
bool	 cmd_expect_compare(const struct cmd *, const struct desc_node *, bool *ok,
	    char **cause);

/* A snapshot (snapshot.h) the lab shows from now on, read from file: said
 * in the log, its deadlocks with it (cmd_snapshot.c, load and --load). */
struct snapshot;
void	 cmd_snapshot_show(struct lab *, struct snapshot *, const char *file);

#endif
