/* parse.c: from a line of text to a struct cmd, without actors or a
 * terminal. Words are split on blanks; "..." holds C escapes, '...' is
 * literal; # starts a comment. Each word is then checked against the
 * verb's argument spec and converted to its type. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "signames.h"

#define NAME_MAX_LEN	32
#define DATA_MAX_LEN	(1024 * 1024)

struct token {
	char	*text;
	size_t	 len;
	int	 column;
	size_t	 end;		/* offset just past the token in the line */
	bool	 quoted;
};

struct tokens {
	struct token	*v;
	size_t		 n;
};

static void
tokens_free(struct tokens *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].text);
	freep(&t->v);
	t->n = 0;
}

/* Decode a "..." string starting after the opening quote at *pos. */
static bool
tokenize_dquote(const char *s, size_t len, size_t *pos, struct buf *out,
    char **cause, int *column)
{
	size_t	 i = *pos;
	int	 v, d, k;

	while (i < len) {
		if (s[i] == '"') {
			*pos = i + 1;
			return true;
		}
		if (s[i] == '\0') {
			*cause = xstrdup("NUL byte in the line; inside a quoted string write it as \\x00 or \\0");
			*column = (int)i + 1;
			return false;
		}
		if (s[i] != '\\') {
			buf_addc(out, s[i++]);
			continue;
		}
		if (i + 1 >= len)
			break;
		i++;
		switch (s[i]) {
		case 'n': buf_addc(out, '\n'); i++; break;
		case 't': buf_addc(out, '\t'); i++; break;
		case 'r': buf_addc(out, '\r'); i++; break;
		case 'a': buf_addc(out, '\a'); i++; break;
		case 'b': buf_addc(out, '\b'); i++; break;
		case 'f': buf_addc(out, '\f'); i++; break;
		case 'v': buf_addc(out, '\v'); i++; break;
		case 'e': buf_addc(out, '\033'); i++; break;
		case '\\': buf_addc(out, '\\'); i++; break;
		case '"': buf_addc(out, '"'); i++; break;
		case '\'': buf_addc(out, '\''); i++; break;
		case 'x':
			i++;
			v = 0;
			for (k = 0; k < 2 && i < len && (d = hex_digit((unsigned char)s[i])) != -1; k++, i++)
				v = v * 16 + d;
			if (k == 0) {
				*cause = xstrdup("\\x needs one or two hex digits, like \\x00 or \\x7f");
				*column = (int)i;
				return false;
			}
			buf_addc(out, (char)v);
			break;
		default:
			if (s[i] >= '0' && s[i] <= '7') {
				v = 0;
				for (k = 0; k < 3 && i < len && s[i] >= '0' && s[i] <= '7'; k++, i++)
					v = v * 8 + (s[i] - '0');
				if (v > 255) {
					*cause = xstrdup("octal escape is over \\377");
					*column = (int)i;
					return false;
				}
				buf_addc(out, (char)v);
				break;
			}
			*cause = xasprintf("unknown escape \\%c; known are \\n \\t \\r \\0 \\\\ \\\" \\xHH \\ooo",
			    isprint((unsigned char)s[i]) ? s[i] : '?');
			*column = (int)i;
			return false;
		}
	}
	*cause = xstrdup("unterminated string: add the closing \"");
	*column = (int)*pos;
	return false;
}

static bool
tokenize(const char *s, size_t len, struct tokens *t, char **cause, int *column)
{
	struct buf	 word;
	size_t		 i = 0, start;
	bool		 quoted;

	t->v = NULL;
	t->n = 0;
	buf_init(&word);
	for (;;) {
		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		if (i >= len || s[i] == '#')
			break;
		start = i;
		buf_reset(&word);
		buf_add(&word, "", 0);
		quoted = false;
		if (s[i] == '"') {
			i++;
			if (!tokenize_dquote(s, len, &i, &word, cause, column))
				goto fail;
			quoted = true;
		} else if (s[i] == '\'') {
			i++;
			while (i < len && s[i] != '\'' && s[i] != '\0')
				buf_addc(&word, s[i++]);
			if (i >= len || s[i] != '\'') {
				*cause = xstrdup(i < len ?
				    "NUL byte in the line; write it as \\x00 inside a \"...\" string" :
				    "unterminated string: add the closing '");
				*column = i < len ? (int)i + 1 : (int)start + 1;
				goto fail;
			}
			i++;
			quoted = true;
		} else {
			while (i < len && s[i] != ' ' && s[i] != '\t' &&
			    s[i] != '\r' && s[i] != '\n') {
				if (s[i] == '\0') {
					*cause = xstrdup("NUL byte in the line; write it as \\x00 inside a \"...\" string");
					*column = (int)i + 1;
					goto fail;
				}
				if (s[i] == '"' || s[i] == '\'') {
					*cause = xasprintf("a quote must start a word; put a space before the %c", s[i]);
					*column = (int)i + 1;
					goto fail;
				}
				buf_addc(&word, s[i++]);
			}
		}
		/* A quote ends its word: a blank, a comment or the ; that
		 * ends a call of together's may follow. */
		if (quoted && i < len && s[i] != ' ' && s[i] != '\t' &&
		    s[i] != '\r' && s[i] != '\n' && s[i] != '#' && s[i] != ';') {
			*cause = xstrdup(s[i] == '\0' ?
			    "NUL byte in the line; write it as \\x00 inside a \"...\" string" :
			    "put a space after the closing quote");
			*column = (int)i + 1;
			goto fail;
		}
		t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
		t->v[t->n].len = word.len;
		t->v[t->n].text = buf_take(&word);
		t->v[t->n].column = (int)start + 1;
		t->v[t->n].end = i;
		t->v[t->n].quoted = quoted;
		t->n++;
	}
	buf_free(&word);
	return true;
fail:
	buf_free(&word);
	tokens_free(t);
	return false;
}

bool
parse_int(const char *s, int64_t *out)
{
	char		*end;
	long long	 v;

	if (*s == '\0' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

bool
parse_size(const char *s, int64_t *out)
{
	static const struct {
		const char	*suffix;
		int64_t		 mult;
	} units[] = {
		{ "", 1 }, { "b", 1 },
		{ "k", 1LL << 10 }, { "kib", 1LL << 10 }, { "kb", 1000 },
		{ "m", 1LL << 20 }, { "mib", 1LL << 20 }, { "mb", 1000000 },
		{ "g", 1LL << 30 }, { "gib", 1LL << 30 }, { "gb", 1000000000 },
	};
	char		*end;
	unsigned long long v;
	size_t		 i;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || v > INT64_MAX)
		return false;
	for (i = 0; i < nitems(units); i++) {
		if (strcasecmp(end, units[i].suffix) == 0) {
			if (v > (unsigned long long)(INT64_MAX / units[i].mult))
				return false;
			*out = (int64_t)v * units[i].mult;
			return true;
		}
	}
	return false;
}

bool
parse_duration(const char *s, int64_t *ns)
{
	static const struct {
		const char	*suffix;
		int64_t		 mult;
	} units[] = {
		{ "", NS_PER_S }, { "s", NS_PER_S }, { "sec", NS_PER_S },
		{ "ms", NS_PER_MS }, { "us", NS_PER_US }, { "\xc2\xb5s", NS_PER_US },
		{ "ns", 1 }, { "min", 60 * NS_PER_S }, { "h", 3600 * NS_PER_S },
	};
	const char	*p = s;
	int64_t		 whole = 0, frac = 0, scale = 1;
	size_t		 i;

	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p)) {
		if (whole > (INT64_MAX - 9) / 10)
			return false;
		whole = whole * 10 + (*p++ - '0');
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p)) {
			if (scale < NS_PER_S) {
				frac = frac * 10 + (*p - '0');
				scale *= 10;
			}
			p++;
		}
	}
	for (i = 0; i < nitems(units); i++) {
		if (strcmp(p, units[i].suffix) == 0) {
			if (whole > INT64_MAX / units[i].mult)
				return false;
			*ns = whole * units[i].mult + frac * (units[i].mult / scale);
			return true;
		}
	}
	return false;
}

bool
name_reserved(const char *name)
{
	return strcmp(name, "lab") == 0 || cmd_find(CMD_LAB, name) != NULL;
}

int
parse_cpu_count(void)
{
	long	 ncpu = sysconf(_SC_NPROCESSORS_CONF);

	return ncpu < 1 ? 1 : ncpu > 64 ? 64 : (int)ncpu;
}

/* all, or CPU numbers separated by commas, into a set. */
static bool
parse_cpus(const struct arg_spec *spec, const struct token *tok, struct arg *arg,
    char **cause)
{
	const char	*p = tok->text;
	char		*end;
	long		 n, ncpu = parse_cpu_count();
	uint64_t	 mask = 0;

	if (!tok->quoted && strcmp(p, "all") == 0) {
		arg->num = ncpu >= 64 ? -1 : (int64_t)((1ULL << ncpu) - 1);
		return true;
	}
	for (;;) {
		n = tok->quoted || !isdigit((unsigned char)*p) ? -1 : strtol(p, &end, 10);
		if (n < 0 || n >= ncpu) {
			*cause = xasprintf("%s is all or CPU numbers from 0 to %ld separated by commas (0,1), not '%s'",
			    spec->name, ncpu - 1, word_short(tok->text));
			return false;
		}
		mask |= 1ULL << n;
		if (*end == '\0')
			break;
		if (*end != ',') {
			*cause = xasprintf("%s is CPU numbers separated by commas (0,1), not '%s'",
			    spec->name, word_short(tok->text));
			return false;
		}
		p = end + 1;
	}
	arg->num = (int64_t)mask;
	return true;
}

bool
name_valid(const char *name, char **cause)
{
	size_t	 i, len = strlen(name);

	if (len == 0 || (!isalpha((unsigned char)name[0]) && name[0] != '_')) {
		*cause = xasprintf("'%s' is not a name: a name starts with a letter (A, p1, reader_2)",
		    word_short(name));
		return false;
	}
	for (i = 1; i < len; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' && name[i] != '-') {
			*cause = xasprintf("'%s' is not a name: use letters, digits, _ and -",
			    word_short(name));
			return false;
		}
	}
	if (len > NAME_MAX_LEN) {
		*cause = xasprintf("name '%s' is too long: at most %d characters", word_short(name),
		    NAME_MAX_LEN);
		return false;
	}
	if (name_reserved(name)) {
		*cause = xasprintf("'%s' is a lab command and cannot be a name", name);
		return false;
	}
	return true;
}

/* NAME or NAME.PART (an actor's thread, an object's end). */
bool
ref_valid(const char *ref)
{
	const char	*p = ref;
	bool		 dot = false;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return false;
	for (p++; *p != '\0'; p++) {
		if (*p == '.') {
			if (dot || p[1] == '\0' ||
			    (!isalnum((unsigned char)p[1]) && p[1] != '_'))
				return false;
			dot = true;
		} else if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
	}
	return p - ref <= 2 * NAME_MAX_LEN + 1;
}

/* " (did you mean write?)" for the verb of that scope nearest to what
 * was typed, if it is near enough. */
static void
add_suggestion(struct buf *b, enum cmd_scope scope, const char *typed)
{
	const char	*near = cmd_nearest(typed, scope == CMD_LAB, scope == CMD_ACTOR);

	if (near != NULL)
		buf_printf(b, " (did you mean %s?)", near);
}

/* The first word is neither a lab command nor, as far as the lab knows,
 * an actor: say so, with the command it is nearest to, or where a call
 * goes if it is one ("write A p1"). */
static char *
unknown_command(const struct tokens *t, const struct cmd_names *names)
{
	const char	*word0 = word_short(t->v[0].text);
	struct buf	 b;
	bool		 actor1;

	buf_init(&b);
	if (cmd_find(CMD_ACTOR, t->v[0].text) != NULL) {
		actor1 = t->n > 1 && !t->v[1].quoted && names->is_actor(names->arg, t->v[1].text);
		buf_printf(&b, "'%s' is a call an actor makes: write it after the actor's name (%s %s ...)",
		    word0, actor1 ? t->v[1].text : "A", word0);
		return buf_take(&b);
	}
	buf_printf(&b, "unknown command '%s'", word0);
	add_suggestion(&b, CMD_LAB, t->v[0].text);
	buf_adds(&b, "; help lists the commands");
	return buf_take(&b);
}

/* Why a word cannot be what an argument names (an actor, a thread, an
 * object or an end, each by its name in the lab), and what the argument
 * is, in the words of its help. */
static char *
ref_refusal(const struct arg_spec *spec, const struct token *tok)
{
	struct buf	 b;

	buf_init(&b);
	if (tok->quoted)
		buf_printf(&b, "%s takes a name, not a quoted string", spec->name);
	else if (strchr(tok->text, '/') != NULL)
		buf_printf(&b, "%s takes a name, and '%s' is a path: the lab opens no path, "
		    "only what it made, by its name", spec->name, word_short(tok->text));
	else
		buf_printf(&b, "%s takes a name, and '%s' is not one: a name starts with a "
		    "letter, then letters, digits, _ and -", spec->name, word_short(tok->text));
	if (spec->help != NULL)
		buf_printf(&b, " (%s: %s)", spec->name, spec->help);
	return buf_take(&b);
}

/* The verb whose target is a process group (ARG_GROUP), for a refusal
 * to point to; NULL if there is none. */
static const char *
group_verb(void)
{
	const struct cmd_entry	*e;
	size_t			 i;

	for (i = 0; i < cmd_count(); i++) {
		e = cmd_by_index((uint32_t)i);
		if (e->args != NULL && e->args[0].name != NULL && e->args[0].type == ARG_PROCESS &&
		    (e->args[0].flags & ARG_GROUP))
			return e->name;
	}
	return NULL;
}

static bool
convert_arg(const struct arg_spec *spec, const struct token *tok,
    struct arg *arg, char **cause)
{
	const struct arg_choice	*choice;
	int			 sig;
	struct buf		 b;

	arg->present = true;
	arg->column = tok->column;
	arg->quoted = tok->quoted;
	arg->str = xmemdup(tok->text, tok->len + 1);
	arg->len = tok->len;

	switch (spec->type) {
	case ARG_NAME:
		if (tok->quoted || !name_valid(tok->text, cause)) {
			if (tok->quoted)
				*cause = xasprintf("%s is a name, not a quoted string", spec->name);
			return false;
		}
		return true;
	case ARG_PROCESS:
		if (!tok->quoted && strncmp(tok->text, "pid:", 4) == 0) {
			if (!parse_int(tok->text + 4, &arg->num) || arg->num > INT_MAX ||
			    arg->num < -(int64_t)INT_MAX) {
				*cause = xasprintf("%s: '%s' is not a process id (pid:1234)",
				    spec->name, word_short(tok->text));
				return false;
			}
			/* What kill(2) makes of these is never one process. */
			if (arg->num == 0 || arg->num == -1) {
				*cause = xasprintf("%s: pid:%lld would be kill(%lld): %s; ipcscope never sends to it",
				    spec->name, (long long)arg->num, (long long)arg->num,
				    arg->num == 0 ? "the sender's own process group" :
				    "every process you may signal");
				return false;
			}
			if (arg->num < 0) {
				const char *group = group_verb();

				if (spec->flags & ARG_GROUP)
					*cause = xasprintf("%s: pid:%lld would name process group %lld "
					    "to kill(2); the group is pid:%lld here",
					    spec->name, (long long)arg->num, (long long)-arg->num,
					    (long long)-arg->num);
				else if (group != NULL)
					*cause = xasprintf("%s: pid:%lld would name process group %lld "
					    "to kill(2); %s pid:%lld sends to a group",
					    spec->name, (long long)arg->num, (long long)-arg->num,
					    group, (long long)-arg->num);
				else
					*cause = xasprintf("%s: pid:%lld would name process group %lld "
					    "to kill(2); ipcscope sends only to a process here",
					    spec->name, (long long)arg->num, (long long)-arg->num);
				return false;
			}
			arg->is_number = true;
			return true;
		}
		if (tok->quoted || !ref_valid(tok->text)) {
			*cause = xasprintf("%s must name an actor (A), or a process by its id (pid:1234), not '%s'",
			    spec->name, word_short(tok->text));
			return false;
		}
		return true;
	case ARG_REF:
		if (tok->quoted || !ref_valid(tok->text)) {
			*cause = ref_refusal(spec, tok);
			return false;
		}
		return true;
	case ARG_FD:
		if (!tok->quoted && parse_int(tok->text, &arg->num)) {
			if (arg->num < 0 || arg->num > INT_MAX) {
				*cause = xasprintf("descriptor %s is out of range: 0 or more",
				    word_short(tok->text));
				return false;
			}
			arg->is_number = true;
			return true;
		}
		if (tok->quoted || !ref_valid(tok->text)) {
			*cause = xasprintf("%s must be a descriptor number (4), an object (p1) or an end (p1.w), not '%s'",
			    spec->name, word_short(tok->text));
			return false;
		}
		return true;
	case ARG_DATA:
		if (tok->quoted) {
			if (tok->len > DATA_MAX_LEN) {
				*cause = xasprintf("string of %zu bytes is too long: at most %d; use a size (1M) to send generated bytes",
				    tok->len, DATA_MAX_LEN);
				return false;
			}
			return true;
		}
		if (parse_size(tok->text, &arg->num)) {
			if (arg->num > DATA_MAX_LEN) {
				*cause = xasprintf("%s is too much data for one call: at most 1M",
				    word_short(tok->text));
				return false;
			}
			arg->is_number = true;
			return true;
		}
		*cause = xasprintf("%s must be a quoted string (\"%s\") or a size of generated bytes (4k)",
		    spec->name, word_short(tok->text));
		return false;
	case ARG_SIZE:
		if (tok->quoted || !parse_size(tok->text, &arg->num)) {
			*cause = xasprintf("%s must be a size such as 512, 4k, 64KiB or 1M, not '%s'",
			    spec->name, word_short(tok->text));
			return false;
		}
		return true;
	case ARG_INT:
		if (tok->quoted || !parse_int(tok->text, &arg->num)) {
			*cause = xasprintf("%s must be a whole number, not '%s'", spec->name,
			    word_short(tok->text));
			return false;
		}
		return true;
	case ARG_DURATION:
		if (tok->quoted || !parse_duration(tok->text, &arg->num)) {
			*cause = xasprintf("%s must be a duration such as 250ms, 1.5s or 2 (seconds), not '%s'",
			    spec->name, word_short(tok->text));
			return false;
		}
		return true;
	case ARG_SIGNAL:
		sig = tok->quoted ? -1 : sig_parse(tok->text);
		if (sig == -1) {
			buf_init(&b);
			buf_printf(&b, "'%s' is not a signal: try ", word_short(tok->text));
			sig_add_examples(&b);
			*cause = buf_take(&b);
			return false;
		}
		arg->num = sig;
		return true;
	case ARG_CHOICE:
		for (choice = spec->choices; choice->word != NULL; choice++) {
			if (!tok->quoted && strlen(choice->word) == tok->len &&
			    memcmp(choice->word, tok->text, tok->len) == 0) {
				arg->num = choice->value;
				return true;
			}
		}
		buf_init(&b);
		buf_printf(&b, "%s must be one of ", spec->name);
		cmd_add_choices(&b, spec->choices);
		buf_printf(&b, ", not '%s'", word_short(tok->text));
		*cause = buf_take(&b);
		return false;
	case ARG_CPUS:
		return parse_cpus(spec, tok, arg, cause);
	case ARG_VALUE:
		if (!tok->quoted && (parse_int(tok->text, &arg->num) || parse_size(tok->text, &arg->num)))
			arg->is_number = true;
		return true;
	case ARG_WORD:
	case ARG_TOPIC:
	case ARG_JOB:
	case ARG_FIELD:
	case ARG_TEXT:
	case ARG_LINE:
	case ARG_LIST:
	case ARG_SIGSET:
	case ARG_FLAG:
		return true;
	}
	return true;
}

static bool
choice_matches(const struct arg_spec *spec, const struct token *tok)
{
	struct arg	 probe;
	char		*cause = NULL;
	bool		 ok;

	memset(&probe, 0, sizeof probe);
	ok = convert_arg(spec, tok, &probe, &cause);
	free(probe.str);
	free(cause);
	return ok;
}

/* One more word of a set of signals: a signal, "all" or "none". */
static bool
sigset_add(struct arg *a, const struct arg_spec *s, const struct token *tok, char **cause)
{
	struct buf	 b;
	uint64_t	 set = 0;
	char		*p;
	int		 sig;

	if (tok->quoted) {
		*cause = xasprintf("%s is a list of signals, not quoted strings", s->name);
		return false;
	}
	if (strcmp(tok->text, "all") == 0)
		set = ~0ULL;
	else if (strcmp(tok->text, "none") != 0) {
		sig = sig_parse(tok->text);
		if (sig == 0) {
			*cause = xasprintf("0 is not a signal that can be in a set; name one (USR1), or none");
			return false;
		}
		if (sig == -1) {
			buf_init(&b);
			buf_printf(&b, "'%s' is not a signal: try ", word_short(tok->text));
			sig_add_examples(&b);
			buf_adds(&b, ", all or none");
			*cause = buf_take(&b);
			return false;
		}
		set = 1ULL << (sig - 1);
	}
	if (!a->present) {
		a->present = true;
		a->column = tok->column;
		a->str = xstrdup(tok->text);
	} else {
		p = xasprintf("%s %s", a->str, tok->text);
		free(a->str);
		a->str = p;
	}
	a->len = strlen(a->str);
	a->num = (int64_t)((uint64_t)a->num | set);
	return true;
}

/* A value that does not convert, where only the place of the next word
 * is wanted (next set): it counts as given. */
static bool
arg_failed(struct cmd_next *next, char **cause)
{
	if (next == NULL)
		return true;
	freep(cause);
	return false;
}

/* Match the words from first on to the verb's arguments. With next set
 * (completion: the line ends where a word is to start), the words are
 * all there is so far: say where the next one goes instead of what is
 * missing. */
static bool
match_args(struct cmd *cmd, struct tokens *t, size_t first, const char *line,
    char **cause, int *column, struct cmd_next *next, bool partial)
{
	const struct cmd_entry	*e = cmd->entry;
	const struct arg_spec	*s;
	struct arg		*a;
	struct buf		 b;
	size_t			 ti, si, nspecs = 0, next_pos = 0;
	char			*p;
	bool			 matched;

	for (s = e->args; s != NULL && s->name != NULL; s++)
		nspecs++;
	if (nspecs > CMD_MAX_ARGS)
		fatal("verb %s has %zu arguments, more than %d", e->name, nspecs, CMD_MAX_ARGS);

	for (ti = first; ti < t->n; ti++) {
		struct token	*tok = &t->v[ti];

		matched = false;
		/* Flags and keyed arguments are recognised by their keyword. */
		for (si = 0; !tok->quoted && si < nspecs; si++) {
			s = &e->args[si];
			if (!(s->type == ARG_FLAG || (s->flags & ARG_KEYED)) ||
			    strcmp(s->name, tok->text) != 0 || cmd->args[si].present)
				continue;
			if (s->type == ARG_FLAG) {
				cmd->args[si].present = true;
				cmd->args[si].column = tok->column;
			} else {
				if (ti + 1 >= t->n && next != NULL) {
					next->kind = NEXT_VALUE;
					next->pos = si;
					return true;
				}
				if (ti + 1 >= t->n) {
					*cause = xasprintf("'%s' needs a value after it", s->name);
					*column = tok->column;
					return false;
				}
				ti++;
				if (!convert_arg(s, &t->v[ti], &cmd->args[si], cause) &&
				    arg_failed(next, cause)) {
					*column = t->v[ti].column;
					return false;
				}
			}
			matched = true;
			break;
		}
		if (matched)
			continue;
		/* Otherwise it is the next positional argument. */
		for (; next_pos < nspecs; next_pos++) {
			s = &e->args[next_pos];
			if (s->type == ARG_FLAG || (s->flags & ARG_KEYED))
				continue;
			/* An optional choice that does not match is skipped. */
			if ((s->flags & ARG_OPTIONAL) && s->type == ARG_CHOICE &&
			    !choice_matches(s, tok))
				continue;
			break;
		}
		if (next_pos >= nspecs && next != NULL)
			continue;	/* a word too many: only keywords fit */
		if (next_pos >= nspecs) {
			buf_init(&b);
			buf_printf(&b, "unexpected '%s'; usage: ", word_short(tok->text));
			cmd_add_usage(&b, e);
			*cause = buf_take(&b);
			*column = tok->column;
			return false;
		}
		s = &e->args[next_pos];
		if (s->type == ARG_LINE && next != NULL) {
			next->kind = NEXT_LINE;
			next->line_start = (size_t)(tok->column - 1);
			return true;
		}
		if (s->type == ARG_LINE) {
			cmd->args[next_pos].present = true;
			cmd->args[next_pos].column = tok->column;
			cmd->args[next_pos].len = t->v[t->n - 1].end - (size_t)(tok->column - 1);
			cmd->args[next_pos].str = xstrndup(line + tok->column - 1,
			    cmd->args[next_pos].len);
			break;
		}
		if (s->type == ARG_SIGSET) {
			if (!sigset_add(&cmd->args[next_pos], s, tok, cause) &&
			    arg_failed(next, cause)) {
				*column = tok->column;
				return false;
			}
			continue;
		}
		if (s->type == ARG_LIST) {
			/* Stays the next positional: every word joins it. */
			if (tok->quoted && next != NULL)
				continue;
			if (tok->quoted) {
				*cause = xasprintf("%s is a list of words, not quoted strings", s->name);
				*column = tok->column;
				return false;
			}
			a = &cmd->args[next_pos];
			if (!a->present) {
				a->present = true;
				a->column = tok->column;
				a->str = xstrdup(tok->text);
			} else {
				p = xasprintf("%s %s", a->str, tok->text);
				free(a->str);
				a->str = p;
			}
			a->len = strlen(a->str);
			a->num++;
			continue;
		}
		if (s->type == ARG_TEXT && next != NULL) {
			next->kind = NEXT_NONE;
			return true;
		}
		if (s->type == ARG_TEXT) {
			buf_init(&b);
			cmd->args[next_pos].present = true;
			cmd->args[next_pos].column = tok->column;
			for (; ti < t->n; ti++) {
				if (b.len > 0)
					buf_addc(&b, ' ');
				buf_add(&b, t->v[ti].text, t->v[ti].len);
			}
			cmd->args[next_pos].len = b.len;
			cmd->args[next_pos].str = buf_take(&b);
			break;
		}
		if (!convert_arg(s, tok, &cmd->args[next_pos], cause) &&
		    arg_failed(next, cause)) {
			*column = tok->column;
			return false;
		}
		next_pos++;
	}
	if (next != NULL) {
		next->kind = NEXT_ARG;
		next->pos = next_pos;
		for (si = 0; si < nspecs; si++) {
			next->given[si] = cmd->args[si].present;
			if (cmd->args[si].str != NULL)
				next->values[si] = xstrdup(cmd->args[si].str);
		}
		if (next_pos < nspecs && e->args[next_pos].type == ARG_LINE) {
			next->kind = NEXT_LINE;
			next->line_start = strlen(line);
		}
		return true;
	}
	for (si = 0; si < nspecs; si++) {
		s = &e->args[si];
		if (cmd->args[si].present || (s->flags & ARG_OPTIONAL) || s->type == ARG_FLAG)
			continue;
		if (partial) {
			/* Not typed yet: empty, and after the line, so that a
			 * refusal of it is told from one of the words typed. */
			cmd->args[si].str = xstrdup("");
			cmd->args[si].column = (int)t->v[t->n - 1].end + 2 + (int)si;
			continue;
		}
		buf_init(&b);
		buf_printf(&b, "missing %s; usage: ", s->name);
		cmd_add_usage(&b, e);
		*cause = buf_take(&b);
		*column = 0;
		return false;
	}
	return true;
}

void
cmd_parse_next(const char *line, size_t len, struct cmd_next *next)
{
	struct tokens	 t;
	struct cmd	*cmd;
	char		*text = xstrndup(line, len), *cause = NULL;
	int		 column;
	size_t		 first = 1;

	memset(next, 0, sizeof *next);
	next->kind = NEXT_NONE;
	if (!tokenize(text, len, &t, &cause, &column)) {
		free(cause);
		free(text);
		return;
	}
	cmd = xcalloc(1, sizeof *cmd);
	if (t.n == 0)
		next->kind = NEXT_VERB;
	else if (t.v[0].quoted)
		;
	else if ((cmd->entry = cmd_find(CMD_LAB, t.v[0].text)) == NULL) {
		next->target = xstrdup(t.v[0].text);
		first = 2;
		if (t.n == 1)
			next->kind = NEXT_ACTOR_VERB;
		else if (!t.v[1].quoted && strcmp(t.v[t.n - 1].text, "&") != 0)
			cmd->entry = cmd_find(CMD_ACTOR, t.v[1].text);
	}
	if (cmd->entry != NULL) {
		next->entry = cmd->entry;
		if (!match_args(cmd, &t, first, text, &cause, &column, next, false))
			next->kind = NEXT_NONE;
		free(cause);
	}
	cmd_free(&cmd);
	tokens_free(&t);
	free(text);
}

void
cmd_next_clear(struct cmd_next *next)
{
	size_t	 i;

	freep(&next->target);
	for (i = 0; i < CMD_MAX_ARGS; i++)
		freep(&next->values[i]);
}

struct cmd *
cmd_parse(const char *line, size_t len, char **cause, int *column)
{
	return cmd_parse_names(line, len, NULL, cause, column);
}

/* Any first word that is not a command is taken for an actor's. */
static bool
any_actor(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return true;
}

struct cmd *
cmd_parse_partial(const char *line, size_t len)
{
	const struct cmd_names	 names = { any_actor, NULL, true };
	struct cmd		*cmd;
	char			*cause = NULL;
	int			 column;

	cmd = cmd_parse_names(line, len, &names, &cause, &column);
	free(cause);
	return cmd;
}

struct cmd *
cmd_parse_names(const char *line, size_t len, const struct cmd_names *names, char **cause,
    int *column)
{
	struct tokens		 t;
	struct cmd		*cmd;
	const struct cmd_entry	*e;
	struct buf		 b;
	size_t			 first;
	const char		*word0, *dot;
	char			*proc;

	*cause = NULL;
	*column = 0;
	if (!tokenize(line, len, &t, cause, column))
		return NULL;
	if (t.n == 0)
		return NULL;

	cmd = xcalloc(1, sizeof *cmd);
	cmd->line = xstrndup(line, len);
	if (t.v[0].quoted) {
		*cause = xstrdup("a command starts with a verb (spawn A) or an actor's name (A write p1 \"hi\")");
		*column = t.v[0].column;
		goto fail;
	}
	e = cmd_find(CMD_LAB, t.v[0].text);
	word0 = word_short(t.v[0].text);
	if (e != NULL) {
		first = 1;
		cmd->verb_column = t.v[0].column;
	} else {
		if (!ref_valid(t.v[0].text)) {
			buf_init(&b);
			buf_printf(&b, "unknown command '%s'", word0);
			add_suggestion(&b, CMD_LAB, t.v[0].text);
			buf_adds(&b, "; help lists the commands");
			*cause = buf_take(&b);
			*column = t.v[0].column;
			goto fail;
		}
		/* "A spawn" is taken on below: a lab command second; and so
		 * is a thread (A.t1), which is not yet, or no longer, there. */
		if (names != NULL && strchr(t.v[0].text, '.') == NULL &&
		    !names->is_actor(names->arg, t.v[0].text) &&
		    (t.n < 2 || t.v[1].quoted || (cmd_find(CMD_ACTOR, t.v[1].text) == NULL &&
		    cmd_find(CMD_LAB, t.v[1].text) == NULL))) {
			*cause = unknown_command(&t, names);
			*column = t.v[0].column;
			goto fail;
		}
		if (t.n < 2) {
			buf_init(&b);
			dot = strchr(t.v[0].text, '.');
			if (names != NULL && names->is_actor(names->arg, t.v[0].text))
				buf_printf(&b, "%s is an actor: write a call after its name: %s write p1 \"hi\"",
				    word0, word0);
			else if (names != NULL && dot != NULL) {
				/* A thread that is not there: say so, and what makes it. */
				proc = xstrndup(t.v[0].text, (size_t)(dot - t.v[0].text));
				if (names->is_actor(names->arg, proc))
					buf_printf(&b, "no thread called %s (%s thread %s makes it)", word0,
					    proc, word_short(dot + 1));
				else
					buf_printf(&b, "no actor called %s (spawn %s makes one), so no thread %s",
					    word_short(proc), word_short(proc), word0);
				free(proc);
			} else {
				buf_printf(&b, "unknown command '%s'", word0);
				add_suggestion(&b, CMD_LAB, t.v[0].text);
				buf_printf(&b, "; to give actor %s a call, write it after the name: %s write p1 \"hi\"",
				    word0, word0);
			}
			*cause = buf_take(&b);
			*column = t.v[0].column;
			goto fail;
		}
		e = t.v[1].quoted ? NULL : cmd_find(CMD_ACTOR, t.v[1].text);
		if (e == NULL) {
			buf_init(&b);
			/* "spwan A": a misspelt lab command, not an actor. */
			if (names == NULL)
				add_suggestion(&b, CMD_LAB, t.v[0].text);
			if (b.len > 0) {
				buf_reset(&b);
				buf_printf(&b, "unknown command '%s'", word0);
				add_suggestion(&b, CMD_LAB, t.v[0].text);
				*cause = buf_take(&b);
				*column = t.v[0].column;
				goto fail;
			}
			if (!t.v[1].quoted && cmd_find(CMD_LAB, t.v[1].text) != NULL)
				buf_printf(&b, "'%s' is a lab command: write it first (%s %s)",
				    t.v[1].text, t.v[1].text, word0);
			else {
				buf_printf(&b, "unknown call '%s' for actor %s",
				    word_short(t.v[1].text), word0);
				if (!t.v[1].quoted)
					add_suggestion(&b, CMD_ACTOR, t.v[1].text);
				buf_adds(&b, "; help lists the calls an actor can make");
			}
			*cause = buf_take(&b);
			*column = t.v[1].column;
			goto fail;
		}
		cmd->target = xstrdup(t.v[0].text);
		cmd->target_column = t.v[0].column;
		cmd->verb_column = t.v[1].column;
		first = 2;
		/* A trailing & starts the call without waiting for it to
		 * settle, as a shell does: two actors can then run at once. */
		if (t.n > 2 && !t.v[t.n - 1].quoted && strcmp(t.v[t.n - 1].text, "&") == 0) {
			cmd->background = true;
			free(t.v[--t.n].text);
		}
	}
	cmd->entry = e;
	if (!match_args(cmd, &t, first, line, cause, column, NULL,
	    names != NULL && names->partial))
		goto fail;
	tokens_free(&t);
	return cmd;
fail:
	tokens_free(&t);
	cmd_free(&cmd);
	return NULL;
}

void
cmd_free(struct cmd **cmdp)
{
	struct cmd	*cmd = *cmdp;
	size_t		 i;

	if (cmd == NULL)
		return;
	for (i = 0; i < CMD_MAX_ARGS; i++)
		free(cmd->args[i].str);
	free(cmd->target);
	free(cmd->line);
	freep(cmdp);
}

/* The index of the verb's argument called name, or -1. */
static int
arg_index(const struct cmd_entry *e, const char *name)
{
	const struct arg_spec	*s;
	int			 i;

	for (i = 0, s = e->args; s != NULL && s->name != NULL; s++, i++) {
		if (strcmp(s->name, name) == 0)
			return i;
	}
	return -1;
}

const struct arg *
cmd_arg(const struct cmd *cmd, const char *name)
{
	int	 i = arg_index(cmd->entry, name);

	/* A misspelt name would read as an argument not given. */
	if (i == -1)
		fatal("%s has no argument %s", cmd->entry->name, name);
	return &cmd->args[i];
}

bool
cmd_has_arg(const struct cmd *cmd, const char *name)
{
	return arg_index(cmd->entry, name) != -1;
}
