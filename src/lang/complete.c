/* complete.c: Tab completion from the command table. The parser says
 * which verb and which of its arguments the word being typed is
 * (cmd_parse_next); the argument's type says what may fit there, and the
 * lab what exists now; each word that names something of the lab's, and
 * each choice and keyword, is then put in the line and offered only if
 * the verb's own check takes it (cmd_check: a lab verb's check, an actor
 * verb's prepare), so that Tab never offers what the command refuses. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "complete.h"
#include "desc.h"
#include "job.h"
#include "lab.h"
#include "mechanism.h"
#include "signames.h"

struct completer {
	struct lab		*lab;
	const char		*word;
	size_t			 len;
	struct completion	*out;
	const char		*line;		/* the command the word is in, up to it */
	size_t			 line_len;
};

static void
push(struct completion *out, const char *cand, size_t cand_len)
{
	out->words = xreallocarray(out->words, out->n + 1, sizeof *out->words);
	out->words[out->n++] = xstrndup(cand, cand_len);
}

static void
add_word(struct completer *c, const char *cand, size_t cand_len)
{
	if (cand_len >= c->len && strncmp(cand, c->word, c->len) == 0)
		push(c->out, cand, cand_len);
}

static void
add(struct completer *c, const char *cand)
{
	add_word(c, cand, strlen(cand));
}

/* The argument the last word of cmd went to: the one that starts there,
 * or a list it joined. */
static const struct arg *
last_arg(const struct cmd *cmd, int column)
{
	const struct arg	*a, *found = NULL;
	size_t			 i;

	for (i = 0; cmd->entry->args != NULL && cmd->entry->args[i].name != NULL; i++) {
		a = &cmd->args[i];
		if (!a->present || a->column > column)
			continue;
		if (a->column == column)
			return a;
		if ((cmd->entry->args[i].type == ARG_LIST || cmd->entry->args[i].type == ARG_SIGSET) &&
		    (found == NULL || a->column > found->column))
			found = a;
	}
	return found;
}

/* Whether the verb takes cand where the word is: the line with it,
 * parsed as typed so far, is not refused at cand's argument. A line
 * whose other words do not parse or resolve says nothing about cand. */
static bool
fits(struct completer *c, const char *cand, size_t cand_len)
{
	struct cmd		*cmd;
	const struct arg	*a;
	struct buf		 b;
	int			 column;
	bool			 ok = true;

	buf_init(&b);
	buf_add(&b, c->line, c->line_len);
	buf_add(&b, cand, cand_len);
	if ((cmd = cmd_parse_partial(b.data, b.len)) != NULL &&
	    (a = last_arg(cmd, (int)c->line_len + 1)) != NULL && !cmd_check(c->lab, cmd, &column))
		ok = column != a->column;
	cmd_free(&cmd);
	buf_free(&b);
	return ok;
}

/* A word of the verb's argument: offered if the verb takes it there. */
static void
add_arg_word(struct completer *c, const char *cand, size_t cand_len)
{
	if (cand_len >= c->len && strncmp(cand, c->word, c->len) == 0 &&
	    fits(c, cand, cand_len))
		push(c->out, cand, cand_len);
}

static void
add_arg(struct completer *c, const char *cand)
{
	add_arg_word(c, cand, strlen(cand));
}

/* The verbs by their names; by their other names (cpu, _exit) only
 * when no name fits, so that a list is not each verb twice. */
static void
add_verbs(struct completer *c, enum cmd_scope scope)
{
	const struct cmd_entry	*e;
	size_t			 i, before = c->out->n;
	int			 pass;

	for (pass = 0; pass < 2 && c->out->n == before; pass++) {
		for (i = 0; i < cmd_count(); i++) {
			e = cmd_by_index((uint32_t)i);
			if (e->scope != scope || e->hidden)
				continue;
			if (pass == 0)
				add(c, e->name);
			else if (e->alias != NULL)
				add(c, e->alias);
		}
	}
}

/* help's topics: every verb, and every mechanism that brings verbs. */
static void
add_topics(struct completer *c)
{
	const struct cmd_entry	*e;
	size_t			 i;

	add_verbs(c, CMD_LAB);
	add_verbs(c, CMD_ACTOR);
	for (i = 0; i < cmd_count(); i++) {
		e = cmd_by_index((uint32_t)i);
		if (e->mechanism != NULL)
			add(c, e->mechanism->name);
	}
}

static void
add_actors(struct completer *c, bool threads)
{
	size_t	 i;

	for (i = 0; i < c->lab->nactors; i++) {
		if (threads || !c->lab->actors[i]->is_thread)
			add_arg(c, c->lab->actors[i]->name);
	}
}

/* Objects, and with ends each one's ends (p1.r, p1.w). */
static void
add_objects(struct completer *c, bool ends)
{
	const struct object_end	*end;
	struct object		*o;
	char			*name;
	size_t			 i;

	for (i = 0; i < c->lab->nobjects; i++) {
		o = c->lab->objects[i];
		add_arg(c, o->name);
		for (end = ends ? o->mech->ends : NULL; end != NULL && end->suffix != NULL; end++) {
			/* As lab_add_end_name names them: a socket that is
			 * not a pair has no end but itself. */
			if (end->which >= o->nids || (end->access == -1 && o->nids == 1))
				continue;
			name = xasprintf("%s.%s", o->name, end->suffix);
			add_arg(c, name);
			free(name);
		}
	}
}

static void
add_jobs(struct completer *c)
{
	char	 name[32];
	size_t	 i;

	for (i = 0; i < job_count(c->lab); i++) {
		snprintf(name, sizeof name, "job%d", job_at(c->lab, i)->id);
		add_arg(c, name);
	}
}

/* Signal names as the parser takes them, in any case: TERM, or SIGTERM
 * once the word starts with SIG (or could only go on to it), in lower
 * case when the word is typed in lower case. */
static void
add_signals(struct completer *c)
{
	const char	*name;
	char		 cand[32];
	size_t		 before = c->out->n, i;
	bool		 lower = false, upper = false, with_sig;
	int		 sig, pass;

	for (i = 0; i < c->len; i++) {
		lower |= islower((unsigned char)c->word[i]) != 0;
		upper |= isupper((unsigned char)c->word[i]) != 0;
	}
	lower = lower && !upper;
	for (pass = 0; pass < 2; pass++) {
		with_sig = pass == 1;
		if (with_sig && strncasecmp(c->word, "SIG", c->len < 3 ? c->len : 3) != 0)
			break;
		if (with_sig && c->len < 3 && c->out->n > before)
			break;	/* S: the names without SIG are enough */
		for (sig = 1; sig <= sig_max(); sig++) {
			name = sig_name(sig);
			if (sig_parse(name) != sig || strlen(name) >= sizeof cand)
				continue;
			snprintf(cand, sizeof cand, "%s", with_sig ? name : name + 3);
			if (strncasecmp(cand, c->word, c->len) != 0)
				continue;
			for (i = 0; cand[i] != '\0'; i++) {
				cand[i] = lower ? (char)tolower((unsigned char)cand[i]) :
				    (char)toupper((unsigned char)cand[i]);
			}
			push(c->out, cand, strlen(cand));
		}
	}
}

static void
add_choices(struct completer *c, const struct arg_choice *choice)
{
	for (; choice->word != NULL; choice++)
		add_arg_word(c, choice->word, strlen(choice->word));
}

/* The fields of what name describes, as show prints them and expect
 * reads them: after a dot, the fields of that group (last.errno) or the
 * items of that list (readers.0). A group is offered with its dot, to
 * go on into it. */
static void
add_fields(struct completer *c, const char *name)
{
	struct desc		*d = desc_new();
	struct desc_node	*n, *child;
	const char		*dot = strrchr(c->word, '.');
	char			*parent, *cand, *cause = NULL;
	int			 plen = dot != NULL ? (int)(dot - c->word) + 1 : 0, i;

	if (!lab_describe(c->lab, name, d, &cause)) {
		free(cause);
		desc_free(&d);
		return;
	}
	n = d->root;
	if (dot != NULL) {
		parent = xstrndup(c->word, (size_t)(dot - c->word));
		n = desc_find(d, parent);
		free(parent);
	}
	for (child = n != NULL ? n->first : NULL, i = 0; child != NULL; child = child->next, i++) {
		if (child->name != NULL)
			cand = xasprintf("%.*s%s%s", plen, c->word, child->name,
			    child->type == DESC_GROUP ? "." : "");
		else
			cand = xasprintf("%.*s%d%s", plen, c->word, i,
			    child->type == DESC_GROUP ? "." : "");
		add(c, cand);
		free(cand);
	}
	desc_free(&d);
}

static bool
looks_like_path(const char *word)
{
	return word[0] == '/' || strncmp(word, "./", 2) == 0 ||
	    strncmp(word, "../", 3) == 0 || strncmp(word, "~/", 2) == 0;
}

/* What fits argument i of the verb. */
static void
add_for_type(struct completer *c, const struct cmd_next *next, size_t i)
{
	const struct cmd_entry	*e = next->entry;
	const struct arg_spec	*s = &e->args[i];
	size_t			 ref;
	char			 num[16];
	int			 cpu;

	switch (s->type) {
	case ARG_REF:
		add_actors(c, true);
		add_objects(c, true);
		/* What show and expect describe besides: the lab, its jobs. */
		if (e->scope == CMD_LAB) {
			add_arg(c, "lab");
			add_jobs(c);
		}
		break;
	case ARG_FD:
		add_objects(c, true);
		break;
	case ARG_PROCESS:
		add_actors(c, false);
		break;
	case ARG_SIGNAL:
		add_signals(c);
		break;
	case ARG_SIGSET:
		add_signals(c);
		add(c, "all");
		add(c, "none");
		break;
	case ARG_CHOICE:
		add_choices(c, s->choices);
		break;
	case ARG_FLAG:
		add_arg(c, s->name);
		break;
	case ARG_CPUS:
		add_arg(c, "all");
		for (cpu = 0; cpu < parse_cpu_count(); cpu++) {
			snprintf(num, sizeof num, "%d", cpu);
			add_arg(c, num);
		}
		break;
	case ARG_TOPIC:
		add_topics(c);
		break;
	case ARG_JOB:
		add_jobs(c);
		add(c, "all");
		break;
	case ARG_FIELD:
		for (ref = i; ref > 0 && e->args[ref - 1].type != ARG_REF; ref--)
			;
		if (ref > 0 && next->values[ref - 1] != NULL)
			add_fields(c, next->values[ref - 1]);
		break;
	case ARG_LIST:
		if (s->flags & ARG_EACH_FD)
			add_objects(c, true);
		break;
	case ARG_WORD:
		/* Any word: a file's path, or where the table says so the
		 * lab's names (a child, a group, a socket to connect to),
		 * by name alone. */
		if (looks_like_path(c->word))
			c->out->files = true;
		else {
			if (s->flags & ARG_ACTORS)
				add_actors(c, true);
			if (s->flags & ARG_OBJECTS)
				add_objects(c, false);
		}
		break;
	case ARG_NAME:		/* a new name */
	case ARG_DATA:
	case ARG_SIZE:
	case ARG_INT:
	case ARG_DURATION:
	case ARG_VALUE:
	case ARG_TEXT:
	case ARG_LINE:
		break;
	}
}

static void
add_args(struct completer *c, const struct cmd_next *next)
{
	const struct cmd_entry	*e = next->entry;
	const struct arg_spec	*s;
	size_t			 i;
	bool			 positional = true;

	for (i = 0; e->args != NULL && e->args[i].name != NULL; i++) {
		s = &e->args[i];
		if (s->type == ARG_FLAG || (s->flags & ARG_KEYED)) {
			if (!next->given[i] && s->type == ARG_FLAG)
				add_arg(c, s->name);
			else if (!next->given[i])
				add(c, s->name);
			continue;
		}
		/* The next positional argument, and the ones after an
		 * optional choice the parser skips when the word is not one. */
		if (i < next->pos || !positional)
			continue;
		add_for_type(c, next, i);
		positional = (s->flags & ARG_OPTIONAL) && s->type == ARG_CHOICE;
	}
}

/* A command line inside another (every's, together's parts): from its
 * start, or after its last ; outside quotes. */
static size_t
inner_line_start(const char *line, size_t from, size_t to)
{
	size_t	 i, start = from;
	char	 quote = 0;

	for (i = from; i < to; i++) {
		if (quote != 0) {
			if (line[i] == '\\' && quote == '"' && i + 1 < to)
				i++;
			else if (line[i] == quote)
				quote = 0;
		} else if (line[i] == '"' || line[i] == '\'')
			quote = line[i];
		else if (line[i] == ';')
			start = i + 1;
	}
	return start;
}

static int
word_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
complete_line(struct lab *lab, const char *line, size_t start, const char *word,
    struct completion *out)
{
	struct completer	 c = { lab, word, strlen(word), out, NULL, 0 };
	struct cmd_next		 next;
	size_t			 from = 0, i, n;

	memset(out, 0, sizeof *out);
	for (;;) {
		cmd_parse_next(line + from, start - from, &next);
		if (next.kind != NEXT_LINE)
			break;
		from = inner_line_start(line, from + next.line_start, start);
		cmd_next_clear(&next);
	}
	c.line = line + from;
	c.line_len = start - from;
	switch (next.kind) {
	case NEXT_VERB:
		add_verbs(&c, CMD_LAB);
		add_actors(&c, true);
		break;
	case NEXT_ACTOR_VERB:
		add_verbs(&c, CMD_ACTOR);
		break;
	case NEXT_ARG:
		add_args(&c, &next);
		break;
	case NEXT_VALUE:
		add_for_type(&c, &next, next.pos);
		break;
	case NEXT_LINE:
	case NEXT_NONE:
		break;
	}
	cmd_next_clear(&next);
	if (out->n == 0)
		return;
	qsort(out->words, out->n, sizeof *out->words, word_cmp);
	for (i = n = 1; i < out->n; i++) {
		if (strcmp(out->words[i], out->words[n - 1]) == 0)
			free(out->words[i]);
		else
			out->words[n++] = out->words[i];
	}
	out->n = n;
}

void
completion_free(struct completion *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		free(c->words[i]);
	freep(&c->words);
	c->n = 0;
}
