/* test_keys.c: key decoding without a terminal: bytes a terminal sends,
 * pushed into an abstract libtermkey, named as the bindings name them. */
#include "config.h"

#include <stdlib.h>

#include "tui_int.h"
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
	termkey_destroy(tk);
	return unit_failed != 0;
}
