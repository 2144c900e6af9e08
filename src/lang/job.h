/* job.h: jobs: a command repeated every so often (every 500ms A write p1
 * "x"), the lab's own timer running it through the same parser and
 * dispatcher as everything else. A round is skipped while the job's actor
 * is busy or stopped; a job whose actor has ended ends too. */
#ifndef JOB_H
#define JOB_H

#include <stdbool.h>
#include <stdint.h>

struct desc;
struct lab;
struct loop_timer;

struct job {
	struct lab		*lab;
	int			 id;		/* job1 is 1 */
	char			*line;		/* the command */
	int64_t			 period;
	struct loop_timer	*timer;
	uint64_t		 runs;		/* rounds it ran */
	uint64_t		 skips;		/* rounds skipped: the actor was busy or stopped */
	char			*last_error;	/* said once, not every round */
	char			*ended;		/* why it ended, or NULL while it runs */
};

/* Start a job; NULL with a cause if the line is not a command a job can
 * repeat. The first round runs at once: if it is refused, so is the job,
 * and there is none. */
struct job	*job_start(struct lab *, int64_t period, const char *line, char **cause);
/* Find a job by name ("job1"). */
struct job	*job_find(struct lab *, const char *name);
/* The lab's jobs, ended ones too, in the order they started: how many,
 * and the i-th. */
size_t		 job_count(struct lab *);
struct job	*job_at(struct lab *, size_t i);
/* End a job; it stays listed, with why. */
void		 job_cancel(struct job *, const char *why);
/* state (running, ended), the command, runs, skipped. */
void		 job_describe(struct job *, struct desc *);

#endif
