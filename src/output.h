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

/* A record_sink: arg is a struct output. */
void	output_record(void *arg, const struct record *);

#endif
