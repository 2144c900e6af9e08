/* test_keys.c: key decoding without a terminal: bytes a terminal sends,
 * pushed into an abstract libtermkey, named as the bindings name them. */
#include "config.h"

#include <stdlib.h>

#include "keyguard.h"
#include "keys.h"
#include "unit.h"

static TermKey	*tk;

/* The name of the key the bytes make, forcing a lone Escape out. */
static const char *
name_of(const char *bytes)
{
	static char	 name[64];
	TermKeyKey	 key;
	TermKeyResult	 r;

	termkey_push_bytes(tk, bytes, strlen(bytes));
	r = termkey_getkey(tk, &key);
	if (r == TERMKEY_RES_AGAIN)
		r = termkey_getkey_force(tk, &key);
	if (r != TERMKEY_RES_KEY)
		return "(none)";
	keys_name(tk, &key, name, sizeof name);
	return name;
}

static void
test_sequences(void)
{
	CHECK_STR(name_of("q"), "q");
	CHECK_STR(name_of("?"), "?");
	CHECK_STR(name_of(":"), ":");
	CHECK_STR(name_of("\x1b[A"), "<Up>");
	CHECK_STR(name_of("\x1bOB"), "<Down>");
	CHECK_STR(name_of("\t"), "<Tab>");
	CHECK_STR(name_of("\x1b[Z"), "<S-Tab>");
	CHECK_STR(name_of("\r"), "<Enter>");
	CHECK_STR(name_of(" "), "<Space>");
	CHECK_STR(name_of("\x1b[20~"), "<F9>");
	CHECK_STR(name_of("\x1b[21~"), "<F10>");
	CHECK_STR(name_of("\x1bOP"), "<F1>");
	CHECK_STR(name_of("\x1b[5~"), "<PageUp>");
	CHECK_STR(name_of("\x1b[6~"), "<PageDown>");
	CHECK_STR(name_of("\x1a"), "<C-z>");
	CHECK_STR(name_of("\x03"), "<C-c>");
	CHECK_STR(name_of("\x0c"), "<C-l>");
	CHECK_STR(name_of("\x1b"), "<Escape>");
	CHECK_STR(name_of("\xc3\xa9"), "\xc3\xa9");
}

static void
test_bindings(void)
{
	TermKeyKey	 key;
	const char	*keys, *rest;
	char		 name[64], again[64];
	size_t		 i, j, len;
	unsigned	 panes, other;

	for (i = 0; i < keys_count(); i++) {
		keys = keys_binding(i, &panes);
		for (const char *p = keys; *p != '\0'; p += len + (p[len] == ' ')) {
			len = strcspn(p, " ");
			snprintf(name, sizeof name, "%.*s", (int)len, p);
			/* Every name is one termkey can produce. (strpkey does
			 * not read the <> wrapping that strfkey writes.) */
			if (name[0] == '<' && len > 2) {
				memmove(name, name + 1, len - 2);
				name[len - 2] = '\0';
			}
			rest = termkey_strpkey(tk, name, &key, TERMKEY_FORMAT_ALTISMETA);
			CHECK(rest != NULL && *rest == '\0');
			snprintf(name, sizeof name, "%.*s", (int)len, p);
			if (rest == NULL)
				continue;
			keys_name(tk, &key, again, sizeof again);
			CHECK_STR(again, name);
			/* And it is bound once in any pane. */
			for (j = i + 1; j < keys_count(); j++) {
				const char *k2 = keys_binding(j, &other);
				const char *hit = strstr(k2, name);
				bool whole = hit != NULL && (hit == k2 || hit[-1] == ' ') &&
				    (hit[len] == '\0' || hit[len] == ' ');

				if (whole && (panes == 0 || other == 0 || (panes & other)))
					printf("  %s is bound twice\n", name);
				CHECK(!(whole && (panes == 0 || other == 0 || (panes & other))));
			}
		}
	}
}

/* The bytes as the guard gives them to termkey, read in pieces of n. */
static const char *
guarded(const char *bytes, size_t n)
{
	static char		 out[256];
	struct keys_guard	 g;
	size_t			 len = strlen(bytes), done = 0, step;

	keys_guard_init(&g, true);
	for (; len > 0; bytes += step, len -= step) {
		step = len < n ? len : n;
		done += keys_guard(&g, bytes, step, out + done);
	}
	out[done] = '\0';
	return out;
}

static void
test_guard(void)
{
	static const char *const intact[] = {
		"q:s\t\r\x1b[Z", "\x1b[A\x1b[1;5C\x1bOB\x1b[20~\x1b[5;3~\x1bOP\x1b[1;2P",
		"\x1b[<0;12;5M\x1b[<0;12;5m", "\x1b[97u\x1b[27;5;106~\x1b[?12;40R",
		/* 0x9b ends these UTF-8 characters: no CSI starts there. */
		"\xc4\x9b \xd1\x9b-\xc3\x9b!", "A write p1 \"a-b c/d\"",
	};
	size_t	 i;

	for (i = 0; i < nitems(intact); i++) {
		CHECK_STR(guarded(intact[i], 256), intact[i]);
		CHECK_STR(guarded(intact[i], 1), intact[i]);
	}
	/* What libtermkey 0.22 reads out of bounds becomes a sequence it
	 * knows no key for. */
	CHECK_STR(guarded("\x1b[-S", 256), "\x1b[-@");
	CHECK_STR(guarded("\x1b[1$A", 1), "\x1b[1$@");
	CHECK_STR(guarded("\x9b/B", 256), "\x9b/@");
	CHECK_STR(guarded("\x1b[<A", 256), "\x1b[<@");
	CHECK_STR(guarded("\x1b[;u\x1b[;<u", 256), "\x1b[;@\x1b[;<@");
	CHECK_STR(guarded("\x1b[27;5~", 256), "\x1b[27;5@");
	CHECK_STR(guarded("\x1b[;;;;;;;;;;;;;;;;1Aq", 256), "\x1b[;;;;;;;;;;;;;;;@q");
	/* A CSI that may start inside what termkey reads raw. */
	CHECK_STR(guarded("\x1b[Mab\xc3\x9b-S", 256), "\x1b[Mab\xc3\x9b-@");
	/* And termkey reads it as one unknown key, then the next. */
	CHECK_STR(name_of(guarded("\x1b[-S", 256)), "<CSI @>");
	CHECK_STR(name_of("q"), "q");
}

int
main(void)
{
	tk = termkey_new_abstract("xterm", TERMKEY_FLAG_UTF8 | TERMKEY_FLAG_SPACESYMBOL |
	    TERMKEY_FLAG_CTRLC);
	if (tk == NULL) {
		printf("FAIL termkey_new_abstract\n");
		return 1;
	}
	RUN(test_sequences);
	RUN(test_bindings);
	RUN(test_guard);
	termkey_destroy(tk);
	return unit_failed != 0;
}
