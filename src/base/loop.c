/* loop.c: the controller's event loop. The descriptors are watched by
 * one epoll instance, so that a wait costs the same with 500 of them
 * as with 5; the wait itself is one epoll_pwait2(2), whose timeout has
 * the timers' precision (settling looks every 300 us). */
#include "config.h"

#include <sys/epoll.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "util.h"

struct loop_watch {
	int		 fd;
	short		 events;
	loop_fd_cb	 cb;
	void		*arg;
	uint64_t	 id;		/* tells a re-registration from the old one */
	/* A file epoll cannot watch (a regular file, /dev/null): always
	 * ready, as poll(2) has it. */
	bool		 plain;
};

/* A watch epoll found ready: where it was in the list, so that the
 * callbacks run in the order the watches were added, as they would
 * after poll(2). */
struct loop_ready {
	size_t		 place;
	uint64_t	 id;
	short		 revents;
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
	int			 epfd;
	struct epoll_event	*evs;
	struct loop_ready	*ready;
	size_t			 cap;		/* room in evs and ready */
	bool			 no_pwait2;	/* the kernel has no epoll_pwait2 */
};

struct loop *
loop_new(void)
{
	struct loop	*l = xcalloc(1, sizeof(struct loop));

	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		fatal("epoll_create1: %s", errno_str(errno));
	return l;
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
	free(l->evs);
	free(l->ready);
	close(l->epfd);
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

/* Tell epoll of a watch: false if it cannot watch that file (EPERM: a
 * regular file or the like, which poll(2) has always ready). Gone
 * already, at a delete, is as good as deleted. */
static bool
loop_epoll(struct loop *l, int op, const struct loop_watch *w)
{
	struct epoll_event	 ev;

	memset(&ev, 0, sizeof ev);
	/* poll(2)'s bits are epoll's. */
	ev.events = (uint32_t)(unsigned short)w->events;
	ev.data.u64 = w->id;
	if (epoll_ctl(l->epfd, op, w->fd, &ev) == 0)
		return true;
	if (op == EPOLL_CTL_ADD && errno == EPERM)
		return false;
	if (op == EPOLL_CTL_DEL && (errno == EBADF || errno == ENOENT))
		return true;
	fatal("epoll_ctl %d on descriptor %d: %s", op, w->fd, errno_str(errno));
}

static int
ready_cmp(const void *a, const void *b)
{
	const struct loop_ready	*x = a, *y = b;

	return (x->place > y->place) - (x->place < y->place);
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
	w->plain = !loop_epoll(l, EPOLL_CTL_ADD, w);
}

void
loop_set_events(struct loop *l, int fd, short events)
{
	struct loop_watch	*w = loop_find(l, fd);

	if (w == NULL)
		fatal("descriptor %d is not registered", fd);
	w->events = events;
	if (!w->plain)
		loop_epoll(l, EPOLL_CTL_MOD, w);
}

void
loop_del_fd(struct loop *l, int fd)
{
	struct loop_watch	*w = loop_find(l, fd);
	size_t			 i;

	if (w == NULL)
		fatal("descriptor %d is not registered", fd);
	if (!w->plain)
		loop_epoll(l, EPOLL_CTL_DEL, w);
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
	struct pollfd		 pfd;
	struct loop_watch	*w;
	struct loop_timer	*t;
	int64_t			 now, wait = max_wait, next = 0;
	size_t			 i, n = 0, j;
	int			 ready = 0, k;
	short			 plain_ready;

	for (i = 0; i < l->ntimers; i++) {
		if (l->timers[i]->when != 0 && (next == 0 || l->timers[i]->when < next))
			next = l->timers[i]->when;
	}
	now = now_ns();
	if (next != 0 && (wait < 0 || next - now < wait))
		wait = next - now > 0 ? next - now : 0;
	if (l->cap < l->nwatches + 1) {
		l->cap = l->nwatches + 1;
		l->evs = xreallocarray(l->evs, l->cap, sizeof *l->evs);
		l->ready = xreallocarray(l->ready, l->cap, sizeof *l->ready);
	}
	/* What epoll cannot watch is ready now, as poll(2) says. */
	for (i = 0; i < l->nwatches; i++) {
		w = &l->watches[i];
		plain_ready = w->events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
		if (w->plain && plain_ready != 0) {
			l->ready[n++] = (struct loop_ready){ i, w->id, plain_ready };
			wait = 0;
		}
	}
	if (wait >= 0) {
		ts.tv_sec = wait / NS_PER_S;
		ts.tv_nsec = wait % NS_PER_S;
		tsp = &ts;
	}

	/* One call waits and takes what is ready; before Linux 5.11 a
	 * ppoll of the instance waits with the same precision. */
	if (!l->no_pwait2) {
		ready = epoll_pwait2(l->epfd, l->evs, (int)(l->cap - n), tsp, NULL);
		if (ready == -1 && errno == ENOSYS)
			l->no_pwait2 = true;
		else if (ready == -1 && errno != EINTR)
			fatal("epoll_pwait2: %s", errno_str(errno));
		if (ready == -1)
			ready = 0;
	}
	if (l->no_pwait2) {
		pfd = (struct pollfd){ .fd = l->epfd, .events = POLLIN };
		if (ppoll(&pfd, 1, tsp, NULL) == -1 && errno != EINTR)
			fatal("ppoll: %s", errno_str(errno));
		if (pfd.revents & POLLIN) {
			ready = epoll_wait(l->epfd, l->evs, (int)(l->cap - n), 0);
			if (ready == -1 && errno != EINTR)
				fatal("epoll_wait: %s", errno_str(errno));
		}
	}
	for (k = 0; k < ready; k++) {
		for (j = 0; j < l->nwatches; j++) {
			if (l->watches[j].id == l->evs[k].data.u64) {
				l->ready[n++] = (struct loop_ready){ j, l->watches[j].id,
				    (short)l->evs[k].events };
				break;
			}
		}
	}
	qsort(l->ready, n, sizeof *l->ready, ready_cmp);

	for (i = 0; i < n; i++) {
		/* Callbacks may have removed or replaced this watch. */
		w = NULL;
		for (j = 0; j < l->nwatches; j++) {
			if (l->watches[j].id == l->ready[i].id) {
				w = &l->watches[j];
				break;
			}
		}
		if (w != NULL)
			w->cb(w->fd, l->ready[i].revents, w->arg);
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
