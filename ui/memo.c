/* memo.c: what each line of the screen showed, to highlight what
 * changed (memo.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "util.h"

#define CHANGED_NS	(1500 * NS_PER_MS)

/* Hash of memos: the text of each line as last drawn. */
static size_t
memo_hash(const char *s)
{
	size_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct memo *
memo_slot(struct memos *t, const char *key)
{
	struct memo	*old;
	size_t		 i, n, mask;

	if (t->n == 0 || t->v == NULL) {
		t->n = 1024;
		t->v = xcalloc(t->n, sizeof *t->v);
	}
	mask = t->n - 1;
	for (i = memo_hash(key) & mask;; i = (i + 1) & mask) {
		if (t->v[i].key == NULL || strcmp(t->v[i].key, key) == 0)
			break;
	}
	if (t->v[i].key != NULL)
		return &t->v[i];
	/* A new key: grow at three quarters full. */
	for (n = 0, i = 0; i < t->n; i++)
		n += t->v[i].key != NULL;
	if ((n + 1) * 4 > t->n * 3) {
		old = t->v;
		n = t->n;
		t->n *= 2;
		t->v = xcalloc(t->n, sizeof *t->v);
		mask = t->n - 1;
		for (i = 0; i < n; i++) {
			size_t	 j;

			if (old[i].key == NULL)
				continue;
			for (j = memo_hash(old[i].key) & mask; t->v[j].key != NULL;
			    j = (j + 1) & mask)
				;
			t->v[j] = old[i];
		}
		free(old);
	}
	mask = t->n - 1;
	for (i = memo_hash(key) & mask; t->v[i].key != NULL; i = (i + 1) & mask)
		;
	t->v[i].key = xstrdup(key);
	return &t->v[i];
}

/* A line highlighted as changed in this frame stops being so at: the
 * frame after the first of them is drawn then, with nothing else new. */
static void
fade_at(struct memos *t, int64_t when)
{
	if (t->fade_at == 0 || when < t->fade_at)
		t->fade_at = when;
}

bool
memo_changed(struct memos *t, const char *key, const char *text, int64_t now)
{
	struct memo	*m = memo_slot(t, key);

	if (m->text == NULL) {
		m->text = xstrdup(text);
		m->changed = 0;
		return false;
	}
	if (strcmp(m->text, text) != 0) {
		free(m->text);
		m->text = xstrdup(text);
		m->changed = now;
	}
	if (m->changed == 0 || now - m->changed >= CHANGED_NS)
		return false;
	fade_at(t, m->changed + CHANGED_NS);
	return true;
}

const char *
memo_cells(struct memos *t, const char *key, const char *text, int64_t now)
{
	struct memo	*m = memo_slot(t, key);
	size_t		 i, n;

	if (m->text == NULL) {
		m->text = xstrdup(text);
		return NULL;
	}
	if (strcmp(m->text, text) != 0) {
		n = strlen(text);
		free(m->hl);
		m->hl = xmalloc(n + 1);
		for (i = 0; i < n; i++)
			m->hl[i] = i < strlen(m->text) && m->text[i] == text[i] ? ' ' : '*';
		m->hl[n] = '\0';
		free(m->text);
		m->text = xstrdup(text);
		m->changed = now;
	}
	if (m->hl == NULL || now - m->changed >= CHANGED_NS)
		return NULL;
	fade_at(t, m->changed + CHANGED_NS);
	return m->hl;
}

void
memo_free(struct memos *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].key);
		free(t->v[i].text);
		free(t->v[i].hl);
	}
	freep(&t->v);
	t->n = 0;
}
