/* loop.h: the controller's one event loop. Every registered descriptor
 * (the terminal or script, a signalfd, each actor's channel and pidfd)
 * in one epoll instance, waited for with timers folded into the timeout;
 * the callbacks of those ready run in the order they were registered,
 * as after poll(2). Nothing in the controller blocks anywhere else. */
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;
struct loop_timer;

typedef void	 (*loop_fd_cb)(int fd, short revents, void *arg);
typedef void	 (*loop_timer_cb)(void *arg);

struct loop	*loop_new(void);
void		 loop_free(struct loop **);

/* Watch fd for events (POLLIN, POLLOUT); cb runs when any happen. One
 * registration per descriptor; loop_del_fd may be called from any
 * callback, including the descriptor's own. */
void		 loop_add_fd(struct loop *, int fd, short events, loop_fd_cb, void *arg);
void		 loop_set_events(struct loop *, int fd, short events);
void		 loop_del_fd(struct loop *, int fd);

struct loop_timer *loop_timer_new(struct loop *, loop_timer_cb, void *arg);
/* Fire once at the monotonic time when_ns; 0 disarms. */
void		 loop_timer_at(struct loop_timer *, int64_t when_ns);
bool		 loop_timer_armed(const struct loop_timer *);
/* Fire at when_ns at the latest: armed then, unless it fires sooner. */
void		 loop_timer_by(struct loop_timer *, int64_t when_ns);
void		 loop_timer_free(struct loop_timer **);

/* Wait for events or the next timer, at most max_wait_ns (-1: no limit),
 * and run the callbacks. */
void		 loop_once(struct loop *, int64_t max_wait_ns);

#endif
