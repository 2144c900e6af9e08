/* spark.h: the recent fill of each object shown with a gauge (a
 * queue's bytes against its capacity), one value a tick while its row
 * is shown, drawn as a sparkline. */
#ifndef SPARK_H
#define SPARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "desc.h"
#include "util.h"

#define HIST_LEN	24

struct history {
	const void	*key;		/* the object (sample_object's key) */
	int64_t		 used[HIST_LEN];
	int64_t		 capacity;
	size_t		 n;
};

struct histories {
	struct history	*v;
	size_t		 n;
};

struct sample;

/* The history of an object (made empty if it has none). */
struct history	*spark_history(struct histories *, const void *key);
/* A tick's sample into the histories of the objects whose row it
 * describes: whether a sparkline moved (a full history of one value
 * pushed again does not). */
bool		 spark_sample(struct histories *, const struct sample *);
/* Its last width values as a sparkline. */
void		 spark_add(struct buf *, const struct history *, size_t width);
/* The gauge an object's list line draws: its description's first. */
const struct desc_node *spark_gauge(const struct desc *);
/* A gauge's number, short: "512", "64K", "3M". */
void		 spark_add_size(struct buf *, int64_t);
/* Drop them all: the objects they were kept for may be gone. */
void		 spark_clear(struct histories *);

#endif
