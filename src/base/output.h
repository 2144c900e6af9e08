/* output.h: records printed as lines on a stream: text for people, or
 * one JSON object per line for programs (--json). */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "record.h"

struct output {
	bool	 json;
	FILE	*out;		/* events and results */
	FILE	*err;		/* errors and failed checks (text mode) */
	bool	 broken;	/* out is a pipe nobody reads any more */
};

/* A record_sink: arg is a struct output. In text mode every line is
 * escaped for a terminal (buf_add_text); a line on err is cut at a few
 * hundred columns whatever it goes to, and wrapped at blanks to the
 * terminal's width when err is a terminal. */
void	output_record(void *arg, const struct record *);
/* "ipcscope: " and a message, the same way, to f (stderr): for what main
 * and the batch reader say outside any record. */
void	output_message(FILE *f, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
