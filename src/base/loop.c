/* loop.c: the controller's event loop. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loop.h"
#include "util.h"

struct loop_watch {
	int		 fd;
	short		 events;
	loop_fd_cb	 cb;
	void		*arg;
	uint64_t	 id;		/* tells a re-registration from the old one */
};

struct loop_timer {
	struct loop	*loop;
	loop_timer_cb	 cb;
	void		*arg;
	int64_t		 when;
};

struct loop {
	struct loop_watch	*watches;
	size_t			 nwatches;
	uint64_t		 next_id;
	struct loop_timer	**timers;
	size_t			 ntimers;
	struct pollfd		*pfds;	/* a round's, room for npfds kept */
	uint64_t		*pids;
	size_t			 npfds;
};

struct loop *
loop_new(void)
{
	return xcalloc(1, sizeof(struct loop));
}

void
loop_free(struct loop **lp)
{
	struct loop	*l = *lp;

	if (l == NULL)
		return;
	if (l->ntimers != 0)
		fatal("loop freed with %zu timers", l->ntimers);
	free(l->watches);
	free(l->timers);
	free(l->pfds);
	free(l->pids);
	freep(lp);
}

static struct loop_watch *
loop_find(struct loop *l, int fd)
{
	size_t	 i;

	for (i = 0; i < l->nwatches; i++) {
		if (l->watches[i].fd == fd)
			return &l->watches[i];
	}
	return NULL;
}

void
loop_add_fd(struct loop *l, int fd, short events, loop_fd_cb cb, void *arg)
{
	struct loop_watch	*w;

	if (loop_find(l, fd) != NULL)
		fatal("descriptor %d registered twice", fd);
	l->watches = xreallocarray(l->watches, l->nwatches + 1, sizeof *l->watches);
	w = &l->watches[l->nwatches++];
	w->fd = fd;
	w->events = events;
	w->cb = cb;
	w->arg = arg;
	w->id = ++l->next_id;
}

void
loop_set_events(struct loop *l, int fd, short events)
{
	struct loop_watch	*w = loop_find(l, fd);

	if (w == NULL)
		fatal("descriptor %d is not registered", fd);
	w->events = events;
}

void
loop_del_fd(struct loop *l, int fd)
{
	struct loop_watch	*w = loop_find(l, fd);
	size_t			 i;

	if (w == NULL)
		fatal("descriptor %d is not registered", fd);
	i = (size_t)(w - l->watches);
	memmove(w, w + 1, (l->nwatches - i - 1) * sizeof *w);
	l->nwatches--;
}

struct loop_timer *
loop_timer_new(struct loop *l, loop_timer_cb cb, void *arg)
{
	struct loop_timer	*t;

	t = xcalloc(1, sizeof *t);
	t->loop = l;
	t->cb = cb;
	t->arg = arg;
	l->timers = xreallocarray(l->timers, l->ntimers + 1, sizeof *l->timers);
	l->timers[l->ntimers++] = t;
	return t;
}

void
loop_timer_at(struct loop_timer *t, int64_t when)
{
	t->when = when;
}

bool
loop_timer_armed(const struct loop_timer *t)
{
	return t->when != 0;
}

void
loop_timer_by(struct loop_timer *t, int64_t when)
{
	if (t->when == 0 || when < t->when)
		t->when = when;
}

void
loop_timer_free(struct loop_timer **tp)
{
	struct loop_timer	*t = *tp;
	struct loop		*l;
	size_t			 i;

	if (t == NULL)
		return;
	l = t->loop;
	for (i = 0; i < l->ntimers; i++) {
		if (l->timers[i] == t) {
			memmove(&l->timers[i], &l->timers[i + 1],
			    (l->ntimers - i - 1) * sizeof *l->timers);
			l->ntimers--;
			break;
		}
	}
	freep(tp);
}

void
loop_once(struct loop *l, int64_t max_wait)
{
	struct timespec		 ts, *tsp = NULL;
	struct loop_watch	*w;
	struct loop_timer	*t;
	int64_t			 now, wait = max_wait, next = 0;
	size_t			 i, n, j;
	int			 ready;

	for (i = 0; i < l->ntimers; i++) {
		if (l->timers[i]->when != 0 && (next == 0 || l->timers[i]->when < next))
			next = l->timers[i]->when;
	}
	now = now_ns();
	if (next != 0 && (wait < 0 || next - now < wait))
		wait = next - now > 0 ? next - now : 0;
	if (wait >= 0) {
		ts.tv_sec = wait / NS_PER_S;
		ts.tv_nsec = wait % NS_PER_S;
		tsp = &ts;
	}

	n = l->nwatches;
	if (n + 1 > l->npfds) {
		l->npfds = n + 1;
		l->pfds = xreallocarray(l->pfds, l->npfds, sizeof *l->pfds);
		l->pids = xreallocarray(l->pids, l->npfds, sizeof *l->pids);
	}
	for (i = 0; i < n; i++) {
		l->pfds[i].fd = l->watches[i].fd;
		l->pfds[i].events = l->watches[i].events;
		l->pfds[i].revents = 0;
		l->pids[i] = l->watches[i].id;
	}
	ready = ppoll(l->pfds, (nfds_t)n, tsp, NULL);
	if (ready == -1 && errno != EINTR)
		fatal("ppoll: %s", errno_str(errno));

	for (i = 0; ready > 0 && i < n; i++) {
		if (l->pfds[i].revents == 0)
			continue;
		/* Callbacks may have removed or replaced this watch. */
		w = NULL;
		for (j = 0; j < l->nwatches; j++) {
			if (l->watches[j].id == l->pids[i]) {
				w = &l->watches[j];
				break;
			}
		}
		if (w != NULL)
			w->cb(w->fd, l->pfds[i].revents, w->arg);
	}

	now = now_ns();
	for (i = 0; i < l->ntimers; i++) {
		t = l->timers[i];
		if (t->when != 0 && t->when <= now) {
			t->when = 0;
			t->cb(t->arg);
			/* The callback may have freed timers; start over. */
			i = (size_t)-1;
			now = now_ns();
		}
	}
}
