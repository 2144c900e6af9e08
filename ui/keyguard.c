/* keyguard.c: the bytes from the terminal on their way to termkey,
 * kept from the CSI sequences libtermkey 0.22 cannot read safely
 * (keyguard.h says which). */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "keyguard.h"

void
keys_guard_init(struct keys_guard *g, bool utf8)
{
	memset(g, 0, sizeof *g);
	g->utf8 = utf8;
}

void
keys_guard_idle(struct keys_guard *g)
{
	bool	 utf8 = g->utf8, drop = g->drop;

	/* A sequence cut short for termkey is still dropped. */
	keys_guard_init(g, utf8);
	g->drop = drop;
}

static void
csi_start(struct keys_guard *g)
{
	if (g->csi) {
		g->unsure = true;	/* which one termkey reads is not known */
		return;
	}
	g->csi = true;
	g->csi_len = 0;
	g->inter = g->initial = g->priv = g->priv_q = g->unsure = g->present = false;
	g->params = 0;
	g->value = 0;
	g->p0 = g->p2 = -1;
}

/* A parameter ends (at ';' or the final byte). */
static void
csi_param_end(struct keys_guard *g)
{
	long	 v = g->present ? g->value : -1;

	if (g->params == 0)
		g->p0 = v;
	else if (g->params == 2)
		g->p2 = v;
}

/* Whether termkey 0.22 reads the sequence ending in final safely. */
static bool
csi_safe(const struct keys_guard *g, unsigned char final)
{
	int	 nparams = g->params + (g->present ? 1 : 0);

	if (g->inter)
		return false;		/* its command indexes a table of 64 */
	if (g->priv && strchr("ABCDEFHPQSZ", final) != NULL)
		return false;		/* the same */
	if (final == 'R' && g->priv && !g->priv_q)
		return false;
	if (g->unsure && (final == 'u' || final == '~'))
		return false;		/* its parameters are not known */
	if (final == 'u' && !g->initial && (g->p0 < 0 || g->p0 > 0x10ffff))
		return false;		/* a code point of -1 indexes a table */
	if (final == '~' && g->p0 == 27 && (nparams < 3 || g->p2 < 0 || g->p2 > 0x10ffff))
		return false;		/* the third is read, set or not */
	return true;
}

/* One byte inside a CSI sequence, as termkey parses its parameters:
 * false if the sequence is to be cut here. */
static bool
csi_byte(struct keys_guard *g, unsigned char c)
{
	if (g->csi_len++ == 0 && c >= '<' && c <= '?') {
		g->initial = g->priv = true;
		g->priv_q = c == '?';
	} else if (c == 0x9b)
		g->unsure = true;	/* termkey may start one here */
	else if (g->inter)
		return true;		/* termkey reads no more of it */
	else if (c >= '0' && c <= '9') {
		g->value = g->present ? g->value * 10 + (c - '0') : c - '0';
		if (g->value > 0x110000)
			g->value = 0x110000;
		g->present = true;
	} else if (c == ';') {
		csi_param_end(g);
		g->present = false;
		if (++g->params >= 16)
			return false;	/* termkey keeps 16 */
	} else if (c >= 0x20 && c < 0x30)
		g->inter = true;
	else if (c >= '<' && c <= '?') {
		g->priv = true;
		g->priv_q = false;
	}
	return true;
}

/* What one byte given to termkey starts or ends, outside a CSI
 * sequence's parameters. */
static void
guard_follow(struct keys_guard *g, unsigned char c)
{
	bool	 esc = g->esc;

	g->esc = c == 0x1b;
	/* A UTF-8 character's next byte is nothing else. */
	if (g->more > 0 && c >= 0x80 && c < 0xc0 && !g->string && g->raw == 0) {
		g->more--;
		return;
	}
	g->more = 0;
	if (esc && c == '[')
		csi_start(g);
	else if (esc && (c == ']' || c == 'P'))
		g->string = true;
	else if (g->string) {
		/* termkey reads no UTF-8 inside; it ends at BEL or ST. */
		if (c == 0x07 || c == 0x9c || (esc && c == '\\'))
			g->string = false;
		else if (c == 0x9b)
			csi_start(g);
	} else if (g->raw > 0) {
		g->raw--;
		if (c == 0x9b)
			csi_start(g);
	} else if (c == 0x9b)
		csi_start(g);
	else if (c == 0x90 || c == 0x9d)
		g->string = true;
	else if (g->utf8 && c >= 0xc0 && c < 0xfe)
		g->more = c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf8 ? 3 : c < 0xfc ? 4 : 5;
}

size_t
keys_guard(struct keys_guard *g, const char *in, size_t len, char *out)
{
	const unsigned char	*p = (const unsigned char *)in;
	unsigned char		 c;
	size_t			 i, n = 0;

	for (i = 0; i < len; i++) {
		c = p[i];
		/* termkey ends a CSI sequence at its first byte of 0x40 to
		 * 0x7f; any other is part of it. */
		if (g->drop) {
			if (c >= 0x40 && c < 0x80)
				g->drop = false;
			continue;
		}
		if (g->csi && c >= 0x40 && c < 0x80) {
			csi_param_end(g);
			if (!csi_safe(g, c))
				c = '@';
			/* An X10 mouse report's three bytes may follow (and
			 * termkey reads them raw after the terminfo kmous too). */
			else if (c == 'M')
				g->raw = 3;
			g->csi = false;
			out[n++] = (char)c;
			/* An ESC [ inside one may start another where termkey's
			 * keys start elsewhere (after a mouse report's bytes). */
			if (g->esc && c == '[')
				csi_start(g);
			g->esc = false;
			continue;
		}
		if (g->csi && !csi_byte(g, c)) {
			out[n++] = '@';
			g->csi = false;
			g->esc = false;
			g->drop = true;
			continue;
		}
		if (g->csi) {
			out[n++] = (char)c;
			g->esc = c == 0x1b;
			continue;
		}
		out[n++] = (char)c;
		guard_follow(g, c);
	}
	return n;
}
