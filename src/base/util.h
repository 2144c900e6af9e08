/* util.h: allocation that cannot fail, fatal errors, growable buffers, time and text helpers. */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

#define NS_PER_US	1000LL
#define NS_PER_MS	1000000LL
#define NS_PER_S	1000000000LL

/* Allocation: on failure these print a message and abort; they never return NULL. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	*xmemdup(const void *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* free(*pp) and set *pp to NULL; pp is a pointer to any pointer. */
void	 freep(void *pp);

/* An internal invariant broke: a bug. Prints file, line and message, then aborts. */
#define fatal(...)	fatal_at(__FILE__, __LINE__, __VA_ARGS__)
void	 fatal_at(const char *, int, const char *, ...)
	    __attribute__((noreturn, format(printf, 3, 4)));
/* Run before fatal() aborts: restores the terminal and ends the lab. */
extern void (*fatal_hook)(void);

/* A growable byte buffer, always NUL-terminated after its contents. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 size;
};
void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addc(struct buf *, char);
void	 buf_adds(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list) __attribute__((format(printf, 2, 0)));
void	 buf_consume(struct buf *, size_t);
/* Take the contents as a malloc'd string; the buffer is left empty. */
char	*buf_take(struct buf *);

/* Append bytes as a C string literal body, strace-style: printable ASCII
 * as is, \n \t \r \\ \" and \xHH otherwise. At most max bytes are shown;
 * "..." follows the closing quote when more were given. */
void	 buf_add_quoted(struct buf *, const void *, size_t len, size_t max);

/* Text for a terminal. Nothing ipcscope prints may make a terminal act:
 * printable ASCII and printable UTF-8 characters stay as they are; C0
 * controls, DEL, C1 controls (U+0080 to U+009F) and bytes that are not
 * valid UTF-8 become \n \t \r or \xHH, the escapes the command language
 * reads. A backslash stays as it is, so escaping twice changes nothing.
 * With keep_nl, a newline is kept: it separates the lines of a text of
 * several (show, help). */
void	 buf_add_text(struct buf *, const void *, size_t len, bool keep_nl);
/* Whether buf_add_text would add the text unchanged. */
bool	 text_is_plain(const void *, size_t len, bool keep_nl);
/* The length of the valid UTF-8 sequence at p (its code point in *cp), or
 * 0 for a byte that starts none. */
size_t	 utf8_decode(const void *p, size_t len, uint32_t *cp);
/* The length of the printable character at p, or 0 when it is escaped. */
size_t	 text_char(const void *p, size_t len);
/* Columns a printable character takes: 2 for wide ones, else 1. */
int	 text_char_cols(const void *p, size_t len);
/* How many bytes of text s (len bytes, escaped) fill at most cols
 * columns; *used gets the columns they take. */
size_t	 text_fit(const char *s, size_t len, size_t cols, size_t *used);
/* A word the user typed, quoted in a message: escaped, and at most
 * WORD_SHOWN columns of it, with "..." after when there were more.
 * The result is one of WORD_SLOTS thread-local buffers: it stays valid
 * for WORD_SLOTS - 1 more calls, enough for the words of one message. */
#define WORD_SHOWN	32
#define WORD_SLOTS	4
const char *word_short(const char *);
/* The value of a hex digit, or -1. */
int	 hex_digit(int c);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t	 now_ns(void);
/* The CLOCK_REALTIME time ns from now: a deadline for the timed waits. */
struct timespec;
void	 realtime_after(struct timespec *, int64_t ns);
/* Bytes sent for a size instead of a string (write p1 4k): the alphabet,
 * over and over, so that boundaries show when they are read back. */
void	 fill_pattern(char *, size_t);
void	 buf_add_pattern(struct buf *, size_t);
/* Flags by name, "O_NONBLOCK|O_CLOEXEC", or "0" for none: from a table
 * ending with a NULL name. */
struct flag_name {
	unsigned long long	 bit;
	const char		*name;
};
void	 buf_add_flags(struct buf *, unsigned long long, const struct flag_name *);
/* A number in decimal, without printf (for what runs per object per
 * refresh). */
void	 buf_add_uint(struct buf *, unsigned long long);
/* Copy a string into a fixed buffer, cut to fit: strlcpy. */
void	 copy_str(char *, size_t, const char *);
/* "12us", "3.4ms", "1.20s": a short human duration. */
void	 buf_add_duration(struct buf *, int64_t ns);
/* "65536 (64 KiB)" style is left to callers; this gives "64 KiB", "5 B". */
void	 buf_add_size(struct buf *, int64_t bytes);

/* "EAGAIN" for an errno value, or "E123" when the name is unknown. */
const char *errno_str(int);

/* Write all of a buffer to a descriptor, retrying on EINTR and short writes. */
bool	 write_all(int fd, const void *, size_t);
/* The controller keeps this many descriptors free for its probes, which
 * open and close at once; fd_room says whether want more can be held
 * for long (a new actor's channel, pidfd and stat file) and still leave
 * them free. */
#define FD_RESERVE	64
bool	 fd_room(unsigned want);
/* Read a whole small file (from /proc) into buf; false with errno on failure. */
bool	 read_file(const char *path, struct buf *);
/* A text's lines, without their newlines, in a NULL-terminated array
 * (a last line without a newline is one too); freed by lines_free. */
char	**lines_split(const char *text, size_t len);
void	 lines_free(char ***);
/* The lines of file path (lines_split), or NULL with errno set. */
char	**read_lines(const char *path);

/* A directory open at fd (the caller's, to close), read with getdents64
 * alone: opendir and fdopendir add a stat and fcntls, which a read of
 * every /proc/PID/fd of a machine pays hundreds of times. dir_next gives
 * each name but . and .. with its inode, and NULL at the end, or with
 * error set (an errno). */
struct dir_reader {
	int	 fd;
	int	 error;
	size_t	 len, at;
	char	 buf[16384];
};
void	 dir_reader_init(struct dir_reader *, int fd);
const char *dir_next(struct dir_reader *, ino_t *ino);

#endif
