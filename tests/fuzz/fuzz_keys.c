/* fuzz_keys.c: raw terminal bytes through termkey into the key names and
 * the binding table. The first byte picks the terminal (its low bits:
 * xterm, screen, tmux-256color, linux, rxvt-unicode, vt100) and the
 * encoding (bit 3: raw bytes, else UTF-8), with the flags the TUI uses,
 * and its high bits the size of each read (16 to 240 bytes; 0: as many
 * as termkey has room for); the rest is what the terminal sent. It goes
 * through the guard to termkey as the TUI sends it; every key is named
 * as the TUI names it and looked up in every pane. Then the same bytes,
 * as text, are read as a key name by termkey and named again. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyguard.h"
#include "keys.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const terms[] = {
	"xterm", "screen", "tmux-256color", "linux", "rxvt-unicode", "vt100",
};
static TermKey	*tks[nitems(terms)][2];

static TermKey *
termkey_for(uint8_t how)
{
	size_t	 term = (how & 7) % nitems(terms);
	int	 raw = (how & 8) != 0;

	if (tks[term][raw] == NULL) {
		tks[term][raw] = termkey_new_abstract(terms[term], TERMKEY_FLAG_NOTERMIOS |
		    TERMKEY_FLAG_SPACESYMBOL | TERMKEY_FLAG_CTRLC |
		    (raw ? TERMKEY_FLAG_RAW : TERMKEY_FLAG_UTF8));
		if (tks[term][raw] == NULL)
			abort();
	}
	return tks[term][raw];
}

/* Whether name is one of the blank-separated names of keys. */
static bool
has_name(const char *keys, const char *name)
{
	size_t	 len = strlen(name), n;

	for (; *keys != '\0'; keys += n + (keys[n] == ' ')) {
		n = strcspn(keys, " ");
		if (n == len && strncmp(keys, name, n) == 0)
			return true;
	}
	return false;
}

/* Name a key as the TUI does, and look it up in every pane. */
static void
key_seen(TermKey *tk, TermKeyKey *key)
{
	char		 name[64];
	size_t		 i;
	unsigned	 panes;
	int		 pane;

	memset(name, 'x', sizeof name);
	keys_name(tk, key, name, sizeof name);
	if (memchr(name, '\0', sizeof name) == NULL)
		abort();
	for (pane = 0; pane < PANE_COUNT; pane++) {
		if ((i = keys_lookup((enum pane)pane, name)) == keys_count())
			continue;
		/* A binding found has this name among its keys, whole. */
		if (!has_name(keys_binding(i, &panes), name))
			abort();
		if (panes != 0 && !(panes & (1U << pane)))
			abort();
	}
}

/* The keys termkey has, as the TUI's drain_keys takes them. */
static TermKeyResult
take_keys(TermKey *tk, struct keys_guard *guard)
{
	TermKeyKey	 key;
	TermKeyResult	 r;

	while ((r = termkey_getkey(tk, &key)) == TERMKEY_RES_KEY)
		key_seen(tk, &key);
	if (r == TERMKEY_RES_NONE)
		keys_guard_idle(guard);
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keys_guard	 guard;
	TermKey			*tk;
	TermKeyKey		 key;
	const char		*bytes, *rest;
	char			*text, out[256];
	size_t			 left, room, chunk, n;

	if (size < 1)
		return 0;
	tk = termkey_for(data[0]);
	keys_guard_init(&guard, (data[0] & 8) == 0);
	/* Reads of this many bytes (the high bits; 0: as many as fit). */
	chunk = data[0] >> 4 == 0 ? sizeof out : (size_t)(data[0] >> 4) * 16;
	bytes = (const char *)data + 1;
	left = size - 1;
	/* As the TUI does: read what termkey has room for, through the
	 * guard, and take the keys; when termkey waits for more, the key
	 * timer forces out what it holds. */
	while (left > 0) {
		/* Full of a sequence that never ends: forced out at once. */
		if ((room = termkey_get_buffer_remaining(tk)) == 0) {
			if (termkey_getkey_force(tk, &key) != TERMKEY_RES_KEY)
				abort();	/* the TUI would spin */
			key_seen(tk, &key);
			take_keys(tk, &guard);
			continue;
		}
		n = left < chunk ? left : chunk;
		if (n > room)
			n = room;
		if (termkey_push_bytes(tk, out, keys_guard(&guard, bytes, n, out)) == (size_t)-1)
			abort();
		bytes += n;
		left -= n;
		if (take_keys(tk, &guard) == TERMKEY_RES_AGAIN) {
			if (termkey_getkey_force(tk, &key) == TERMKEY_RES_KEY)
				key_seen(tk, &key);
			take_keys(tk, &guard);
		}
	}
	/* Nothing carries over to the next input. */
	while (termkey_getkey_force(tk, &key) == TERMKEY_RES_KEY)
		key_seen(tk, &key);

	/* The same bytes as a key name, the way a binding writes one. */
	text = xmalloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	rest = termkey_strpkey(tk, text, &key, TERMKEY_FORMAT_ALTISMETA);
	if (rest != NULL)
		key_seen(tk, &key);
	free(text);
	return 0;
}
