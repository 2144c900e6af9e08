/* keyguard.h: the terminal's bytes on their way to termkey, kept from
 * the CSI sequences libtermkey 0.22 cannot read safely. */
#ifndef KEYGUARD_H
#define KEYGUARD_H

#include <stdbool.h>
#include <stddef.h>

/* The bytes from the terminal on their way to termkey. libtermkey 0.22
 * reads and writes out of bounds on some CSI sequences a terminal may
 * be sent: an intermediate byte (ESC [ - S) or a private one (ESC [ < A)
 * before a cursor or function key's letter, a CSI u without a code
 * point (ESC [ ; u), ESC [ 27 ~ without its third parameter, 16
 * parameters. The guard gives termkey such a sequence with '@' for its
 * final byte, which termkey knows no key for (ESC [ 1 $ @), or cut at
 * its 16th ';'. Where termkey's keys start is not always known (control
 * strings, X10 mouse reports, a sequence forced out half-way), so one
 * is taken to start at every ESC [, and at every 0x9b (8-bit CSI) that
 * is not inside a UTF-8 character: it may spoil garbage, never let a
 * harmful sequence by. */
struct keys_guard {
	bool		 utf8;		/* termkey decodes UTF-8 */
	bool		 esc;		/* the last byte was an ESC */
	bool		 string;	/* in a control string (OSC, DCS), up to its end */
	bool		 drop;		/* the rest of a sequence cut short, up to its final byte */
	int		 more;		/* UTF-8 continuation bytes still due */
	int		 raw;		/* bytes of an X10 mouse report still due */
	/* A CSI sequence, up to its final byte (0x40 to 0x7e). */
	bool		 csi;
	int		 csi_len;	/* its bytes so far, after ESC [ */
	bool		 inter;		/* an intermediate byte (0x20 to 0x2f) */
	bool		 initial;	/* a private byte (< = > ?) before its parameters */
	bool		 priv;		/* one anywhere */
	bool		 priv_q;	/* only a '?' before its parameters */
	bool		 unsure;	/* another may have started inside (0x9b) */
	int		 params;	/* its ';' so far */
	bool		 present;	/* digits since the last ';' */
	long		 value;		/* their value (at most 0x110000) */
	long		 p0, p2;	/* its first and third parameters, -1 if none */
};

void		 keys_guard_init(struct keys_guard *, bool utf8);
/* The len bytes read, as termkey may have them, into out (room for len
 * bytes); returns how many. */
size_t		 keys_guard(struct keys_guard *, const char *, size_t len, char *out);
/* termkey holds nothing (getkey gave TERMKEY_RES_NONE): the next byte
 * starts a key. After a sequence that never finished, which termkey was
 * forced to give as keys, this puts the guard back in step. */
void		 keys_guard_idle(struct keys_guard *);

#endif
