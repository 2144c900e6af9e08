/* cmd.c: the command table, help generated from it, and the verb nearest
 * to a word. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "mechanism.h"

static struct cmd_entry	**table;
static size_t		  ntable;
static const struct mechanism *const *mechanisms;

static void
cmd_add(const struct cmd_entry *src, const struct mechanism *m)
{
	struct cmd_entry	*e;
	size_t			 i;

	for (i = 0; i < ntable; i++) {
		if (table[i]->scope == src->scope && strcmp(table[i]->name, src->name) == 0)
			fatal("verb %s is defined twice", src->name);
	}
	if (src->scope == CMD_LAB && src->run == NULL)
		fatal("lab verb %s has no run", src->name);
	if (src->scope == CMD_ACTOR && (src->prepare == NULL || src->perform == NULL))
		fatal("actor verb %s lacks prepare or perform", src->name);
	e = xmemdup(src, sizeof *src);
	if (src->make_help != NULL)
		e->help = src->make_help(mechanisms);
	e->mechanism = m;
	e->index = (uint32_t)ntable;
	table = xreallocarray(table, ntable + 1, sizeof *table);
	table[ntable++] = e;
}

void
cmd_table_init(const struct cmd_entry *const *const *sets, const struct mechanism *const *mechs)
{
	const struct cmd_entry	*const *v;
	size_t			 i;

	if (table != NULL)
		return;
	mechanisms = mechs;
	for (i = 0; sets[i] != NULL; i++) {
		for (v = sets[i]; *v != NULL; v++)
			cmd_add(*v, NULL);
	}
	for (i = 0; mechs[i] != NULL; i++) {
		for (v = mechs[i]->commands; v != NULL && *v != NULL; v++)
			cmd_add(*v, mechs[i]);
	}
}

const struct mechanism *const *
cmd_mechanisms(void)
{
	static const struct mechanism *const none[] = { NULL };

	return mechanisms != NULL ? mechanisms : none;
}

const struct cmd_entry *
cmd_find(enum cmd_scope scope, const char *name)
{
	const struct cmd_entry	*e = cmd_lookup(scope, name);

	return e != NULL && !e->hidden ? e : NULL;
}

const struct cmd_entry *
cmd_lookup(enum cmd_scope scope, const char *name)
{
	size_t	 i;

	for (i = 0; i < ntable; i++) {
		if (table[i]->scope != scope)
			continue;
		if (strcmp(table[i]->name, name) == 0 ||
		    (table[i]->alias != NULL && strcmp(table[i]->alias, name) == 0))
			return table[i];
	}
	return NULL;
}

const struct mechanism *
mechanism_find(const struct mechanism *const *mechs, const char *name)
{
	size_t	 i;

	for (i = 0; mechs[i] != NULL; i++) {
		if (strcmp(mechs[i]->name, name) == 0)
			return mechs[i];
	}
	return NULL;
}

const struct cmd_entry *
cmd_by_index(uint32_t i)
{
	return i < ntable ? table[i] : NULL;
}

size_t
cmd_count(void)
{
	return ntable;
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, prev, cur, tmp;
	size_t	 row[64];

	if (la >= nitems(row) || lb >= nitems(row))
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = prev + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			if (row[j] + 1 < cur)
				cur = row[j] + 1;
			if (row[j - 1] + 1 < cur)
				cur = row[j - 1] + 1;
			prev = row[j];
			row[j] = cur;
		}
	}
	tmp = row[lb];
	return tmp;
}

/* Whether a verb is near enough to what was typed to suggest it: a few
 * letters apart (fewer for a short word), or one of them the start of
 * the other ("sig" for signals, "killall" for kill). */
static bool
one_starts_other(const char *typed, const char *name)
{
	size_t	 lt = strlen(typed), ln = strlen(name);

	return lt >= 3 && ln >= 3 && strncasecmp(typed, name, ln < lt ? ln : lt) == 0;
}

static bool
near_enough(const char *typed, const char *name, size_t d)
{
	size_t	 lt = strlen(typed);
	size_t	 most = lt / 3 > 2 ? lt / 3 : 2;

	return (d <= most && d < lt) || one_starts_other(typed, name);
}

const char *
cmd_nearest(const char *typed, bool lab, bool actor)
{
	const struct cmd_entry	*e, *best = NULL;
	size_t			 i, d, bestd = SIZE_MAX;

	for (i = 0; i < cmd_count(); i++) {
		e = cmd_by_index((uint32_t)i);
		if (e->hidden || !(e->scope == CMD_LAB ? lab : actor))
			continue;
		d = edit_distance(typed, e->name);
		if (!near_enough(typed, e->name, d))
			continue;
		/* One the start of the other is nearest of all: "sig" is
		 * signals, not say. */
		if (one_starts_other(typed, e->name))
			d = 0;
		if (d < bestd) {
			bestd = d;
			best = e;
		}
	}
	return best != NULL ? best->name : NULL;
}

void
cmd_add_choices(struct buf *b, const struct arg_choice *c)
{
	for (; c != NULL && c->word != NULL; c++) {
		buf_adds(b, c->word);
		if (c[1].word != NULL)
			buf_addc(b, '|');
	}
}

const char *
cmd_choice_word(const struct arg_choice *c, int value)
{
	for (; c != NULL && c->word != NULL; c++) {
		if (c->value == value)
			return c->word;
	}
	return NULL;
}

/* What the usage calls a keyed argument's value, by its type. */
static const char *
keyed_meta(const struct arg_spec *s)
{
	switch (s->type) {
	case ARG_DURATION:
		return "DURATION";
	case ARG_INT:
		return "N";
	case ARG_SIZE:
		return "SIZE";
	case ARG_NAME:
		return "NAME";
	case ARG_REF:
		return "OBJECT";
	default:
		return "VALUE";
	}
}

void
cmd_add_usage(struct buf *b, const struct cmd_entry *e)
{
	const struct arg_spec	*s;
	struct buf		 choices;
	bool			 opt;

	if (e->scope == CMD_ACTOR)
		buf_adds(b, "ACTOR ");
	buf_adds(b, e->name);
	for (s = e->args; s != NULL && s->name != NULL; s++) {
		opt = (s->flags & ARG_OPTIONAL) || s->type == ARG_FLAG;
		buf_addc(b, ' ');
		if (opt)
			buf_addc(b, '[');
		if (s->type == ARG_FLAG)
			buf_adds(b, s->name);
		else if (s->flags & ARG_KEYED)
			buf_printf(b, "%s %s", s->name, keyed_meta(s));
		else if (s->type == ARG_CHOICE) {
			buf_init(&choices);
			cmd_add_choices(&choices, s->choices);
			buf_adds(b, choices.len <= 12 ? choices.data : s->name);
			buf_free(&choices);
		} else
			buf_adds(b, s->name);
		if (s->type == ARG_TEXT || s->type == ARG_LINE || s->type == ARG_LIST ||
		    s->type == ARG_SIGSET)
			buf_adds(b, "...");
		if (opt)
			buf_addc(b, ']');
	}
}

static void
add_wrapped(struct buf *b, const char *text, int indent)
{
	const char	*p = text, *space, *word_end;
	int		 col = indent, i;
	size_t		 wl;

	for (i = 0; i < indent; i++)
		buf_addc(b, ' ');
	while (*p != '\0') {
		if (*p == '\n') {
			buf_addc(b, '\n');
			/* An empty line between paragraphs stays empty. */
			for (i = 0; p[1] != '\n' && i < indent; i++)
				buf_addc(b, ' ');
			col = indent;
			p++;
			continue;
		}
		space = p;
		while (*space == ' ')
			space++;
		word_end = space;
		while (*word_end != '\0' && *word_end != ' ' && *word_end != '\n')
			word_end++;
		wl = (size_t)(word_end - space);
		if (col > indent && col + 1 + (int)wl > 78) {
			buf_addc(b, '\n');
			for (i = 0; i < indent; i++)
				buf_addc(b, ' ');
			col = indent;
		} else if (col > indent) {
			buf_addc(b, ' ');
			col++;
		}
		buf_add(b, space, wl);
		col += (int)wl;
		p = word_end;
	}
	buf_addc(b, '\n');
}

/* The columns of help's lines: an 80-column terminal never breaks one. */
#define HELP_WIDTH	78

/* text ends the line b holds, whose col columns are written already,
 * wrapped to HELP_WIDTH: at a blank, or after a '|' in a list of choices
 * (getfl|nonblock|...); its rows after the first indented by hang. */
static void
add_hanging(struct buf *b, int col, const char *text, int hang)
{
	const char	*p = text, *q;
	bool		 line_start = true, space;
	int		 cols, i;

	while (*p != '\0') {
		space = false;
		while (*p == ' ' || *p == '\n') {
			space = true;
			p++;
		}
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\n' && *q != '|'; q++)
			;
		if (*q == '|')
			q++;
		for (cols = 0, i = 0; p + i < q; i++)
			cols += ((unsigned char)p[i] & 0xc0) != 0x80;
		if (!line_start && col + (space ? 1 : 0) + cols > HELP_WIDTH) {
			buf_printf(b, "\n%*s", hang, "");
			col = hang;
			line_start = true;
		}
		if (space && !line_start) {
			buf_addc(b, ' ');
			col++;
		}
		buf_add(b, p, (size_t)(q - p));
		col += cols;
		line_start = false;
		p = q;
	}
	buf_addc(b, '\n');
}

static void
add_list_line(struct buf *b, const struct cmd_entry *e, int indent)
{
	struct buf	 u;
	const char	*usage;

	buf_init(&u);
	cmd_add_usage(&u, e);
	/* Drop the ACTOR prefix in the list: the heading says it. A long
	 * usage puts the summary on a line of its own. */
	usage = e->scope == CMD_ACTOR ? u.data + strlen("ACTOR ") : u.data;
	if (strlen(usage) > 34) {
		buf_printf(b, "%*s", indent, "");
		add_hanging(b, indent, usage, indent + 2);
		buf_printf(b, "%*s%-34s ", indent, "", "");
	} else
		buf_printf(b, "%*s%-34s ", indent, "", usage);
	add_hanging(b, indent + 35, e->summary, indent + 35);
	buf_free(&u);
}

static void
add_verb_help(struct buf *b, const struct cmd_entry *e)
{
	const struct arg_spec	*s;
	struct buf		 u;

	buf_init(&u);
	cmd_add_usage(&u, e);
	buf_adds(b, "usage: ");
	add_hanging(b, 7, u.data, 9);
	buf_free(&u);
	if (e->alias != NULL)
		buf_printf(b, "also: %s\n", e->alias);
	add_wrapped(b, e->help != NULL ? e->help : e->summary, 2);
	for (s = e->args; s != NULL && s->name != NULL; s++) {
		if (s->help == NULL)
			continue;
		/* The name, a gap, the text and its rows under it. */
		buf_printf(b, "  %-12s ", s->name);
		add_hanging(b, 15, s->help, 15);
		if (s->type == ARG_CHOICE) {
			buf_init(&u);
			cmd_add_choices(&u, s->choices);
			buf_printf(b, "  %-12s one of:  ", "");
			add_hanging(b, 24, u.data, 24);
			buf_free(&u);
		}
	}
	if (e->returns == RETURNS_ERRNUM)
		add_wrapped(b, "It returns 0, or the error number itself (shown = EPERM, not "
		    "= -1 EPERM), and leaves errno alone: last.ret is the number, last.errnum "
		    "its name, and there is no last.errno.", 2);
	else if (e->returns == RETURNS_ERRNUM_IN_THREAD)
		add_wrapped(b, "In a process's own thread it is sigprocmask, which returns -1 "
		    "and sets errno; in a thread it started, pthread_sigmask, which returns the "
		    "error number itself and leaves errno alone (last.errnum, no last.errno).", 2);
	if (e->example != NULL)
		buf_printf(b, "example: %s\n", e->example);
}

void
cmd_add_help(struct buf *b, const char *topic, char **cause)
{
	const struct cmd_entry	*lab, *actor;
	const struct mechanism	*m;
	size_t			 i, j;

	if (topic != NULL) {
		lab = cmd_find(CMD_LAB, topic);
		actor = cmd_find(CMD_ACTOR, topic);
		/* A name may be a mechanism and a verb too (pipe, signal,
		 * eventfd, socket, mmap): the mechanism first, then each verb. */
		for (i = 0; mechanisms[i] != NULL; i++) {
			m = mechanisms[i];
			if (strcmp(m->name, topic) != 0)
				continue;
			buf_printf(b, "%s: %s\n", m->name, m->title);
			add_wrapped(b, m->help, 2);
			for (j = 0; j < ntable; j++) {
				if (table[j]->mechanism == m)
					add_list_line(b, table[j], 2);
			}
			break;
		}
		if (mechanisms[i] != NULL && (lab != NULL || actor != NULL))
			buf_printf(b, "\nThe %s verb:\n", topic);
		if (lab != NULL)
			add_verb_help(b, lab);
		if (lab != NULL && actor != NULL)
			buf_addc(b, '\n');
		if (actor != NULL)
			add_verb_help(b, actor);
		if (mechanisms[i] != NULL || lab != NULL || actor != NULL)
			return;
		if (cmd_nearest(topic, true, true) != NULL)
			*cause = xasprintf("no command or mechanism called %s (did you mean %s?); "
			    "help lists them", word_short(topic), cmd_nearest(topic, true, true));
		else
			*cause = xasprintf("no command or mechanism called %s; help lists them",
			    word_short(topic));
		return;
	}

	buf_adds(b, "Lab commands:\n");
	for (i = 0; i < ntable; i++) {
		if (table[i]->scope == CMD_LAB && !table[i]->hidden)
			add_list_line(b, table[i], 2);
	}
	buf_adds(b, "\nCalls an actor makes, written after its name (A write p1 \"hi\"):\n");
	buf_adds(b, "  processes and threads:\n");
	for (i = 0; i < ntable; i++) {
		if (table[i]->scope == CMD_ACTOR && table[i]->mechanism == NULL && !table[i]->hidden)
			add_list_line(b, table[i], 4);
	}
	for (j = 0; mechanisms[j] != NULL; j++) {
		m = mechanisms[j];
		for (i = 0; i < ntable; i++) {
			if (table[i]->mechanism == m && table[i]->scope == CMD_ACTOR && !table[i]->hidden)
				break;
		}
		if (i == ntable)
			continue;
		buf_printf(b, "  %s: %s\n", m->name, m->title);
		for (; i < ntable; i++) {
			if (table[i]->mechanism == m && table[i]->scope == CMD_ACTOR &&
			    !table[i]->hidden)
				add_list_line(b, table[i], 4);
		}
	}
	buf_adds(b,
	    "\nValues: strings \"a\\n\\x00\" (C escapes) or 'literal'; sizes 512 4k 64KiB 1M;\n"
	    "durations 250ms 1.5s 2; signals TERM SIGKILL 9 RTMIN+1. # starts a comment.\n"
	    "A call ending in & (A incr m1 0 1000000 &) does not wait to settle: a script\n"
	    "goes on at once, so that two actors run together; wait A done waits for it.\n"
	    "help VERB explains a command; help MECHANISM (help pipe) a mechanism.\n");
}
