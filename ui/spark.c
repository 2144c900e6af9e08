/* spark.c: the gauges' histories and their sparklines (spark.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "spark.h"
#include "theme.h"

struct history *
spark_history(struct histories *t, const void *key)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].key == key)
			return &t->v[i];
	}
	t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
	memset(&t->v[t->n], 0, sizeof *t->v);
	t->v[t->n].key = key;
	return &t->v[t->n++];
}

/* One more sample of a gauge; whether what its sparkline shows moved
 * (a full history of one value pushed again does not). */
static bool
history_push(struct histories *t, const void *key, int64_t used, int64_t capacity)
{
	struct history	*h = spark_history(t, key);
	bool		 same;
	size_t		 i;

	same = h->n == HIST_LEN && h->capacity == capacity;
	for (i = 0; same && i < h->n; i++)
		same = h->used[i] == used;
	if (h->n == HIST_LEN) {
		memmove(h->used, h->used + 1, (HIST_LEN - 1) * sizeof *h->used);
		h->n--;
	}
	h->used[h->n++] = used;
	h->capacity = capacity;
	return !same;
}

/* What an object's list line draws as its fill: its first gauge (a
 * queue's bytes or messages against the capacity). */
const struct desc_node *
spark_gauge(const struct desc *d)
{
	const struct desc_node	*n;

	for (n = d->root->first; n != NULL; n = n->next) {
		if (n->type == DESC_GAUGE)
			return n;
	}
	return NULL;
}

void
spark_add_size(struct buf *b, int64_t v)
{
	if (v < 10240)
		buf_printf(b, "%lld", (long long)v);
	else if (v < 10 * 1024 * 1024)
		buf_printf(b, "%lldK", (long long)(v / 1024));
	else
		buf_printf(b, "%lldM", (long long)(v / (1024 * 1024)));
}

bool
spark_sample(struct histories *t, const struct sample *s)
{
	const struct desc_node	*gauge;
	size_t			 i;
	bool			 moved = false;

	for (i = 0; i < s->nobjects; i++) {
		if (s->objects[i].desc == NULL)
			continue;
		gauge = spark_gauge(s->objects[i].desc);
		if (gauge != NULL && gauge->max > 0 &&
		    history_push(t, s->objects[i].key, gauge->num, gauge->max))
			moved = true;
	}
	return moved;
}

void
spark_add(struct buf *b, const struct history *h, size_t width)
{
	size_t	 i, first;
	int	 level;

	if (h == NULL || h->n == 0 || h->capacity <= 0)
		return;
	first = h->n > width ? h->n - width : 0;
	for (i = first; i < h->n; i++) {
		level = h->used[i] == 0 ? 0 : (int)(1 + (h->used[i] * 6) / h->capacity);
		buf_adds(b, glyph_spark(level));
	}
}

void
spark_clear(struct histories *t)
{
	t->n = 0;
}
