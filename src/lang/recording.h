/* recording.h: a run kept as it happened (--record FILE) and played back
 * into the panes without a call made (--replay FILE).
 *
 * A recording is JSON lines, in the order they happened, each with
 * "at_ns", its time: a header ({"format": "ipcscope
 * recording", "version": 1, ...}); each line of the language run
 * ({"at_ns", "command", "source", "line", "repeat"}); each record, as -j
 * prints it but with its fields under "fields", their types, the flow
 * of its call's verb, and "timeline": false for what is on no actor's
 * timeline; and a snapshot of the lab (as save writes it, with "at_ns")
 * at the start, before each line not a repeat's, and after changes;
 * then {"at_ns", "end"}. "at_ns" is nanoseconds since the lab started.
 * A snapshot line can be cut out and loaded (--load). */
#ifndef RECORDING_H
#define RECORDING_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

struct lab;
struct loop;

#define RECORDING_FORMAT	"ipcscope recording"
#define RECORDING_VERSION	1
/* A snapshot is taken this long after a change, at the latest (one for
 * all the changes in between). */
#define RECORDING_SETTLE_NS	(100 * NS_PER_MS)
/* ...and after a tick that changed nothing else, at most once this long. */
#define RECORDING_TICK_NS	(1 * NS_PER_S)
/* A pause longer than this plays back as this long (nothing happens in
 * it), as asciinema's idle limit does. */
#define REPLAY_IDLE_NS		(2 * NS_PER_S)

struct recorder;

/* The file a recording goes to, made anew (a regular file); -1 with a
 * one-line cause. main checks it before the run. */
int		 recording_create(const char *path, char **cause);
/* Record the lab into path (made anew) from now on: the lines run (by
 * any session), the records, and snapshots after changes. NULL with a
 * one-line cause if path cannot be written. */
struct recorder	*recorder_open(struct lab *, struct loop *, const char *path, char **cause);
/* The last snapshot and the end line written, the file closed. */
void		 recorder_close(struct recorder **);

struct replay;

/* A recording read whole; NULL with a one-line cause that says where
 * it is wrong ("run.rec: line 3: ..."). */
struct replay	*replay_load(const char *path, char **cause);
/* A recording cut short (its last line a part of one, the file without
 * its last newline) is played up to it: what to say of it, or NULL. */
const char	*replay_warning(const struct replay *);
/* Play it into the lab: its records into the log, its snapshots into
 * the panes (read-only, as load shows one); with play, at the pace it
 * was made (a timer on loop), else held until a step. What the
 * recording holds at its time 0 is shown at once. */
void		 replay_start(struct replay *, struct lab *, struct loop *, bool play,
		    bool sampled);
/* With sampled, the frontend keeps samples, which point into the
 * snapshots shown: it calls this once its sample is of the one shown
 * now, and the ones before it go. Without, they go as they are left. */
void		 replay_prune(struct replay *);
/* One step: the next line run and all that came of it up to the line
 * after it; held after it. False if nothing was left. */
bool		 replay_step(struct replay *);
/* Up to the next chapter's start, then held; false if none is left (the
 * rest was played). */
bool		 replay_chapter(struct replay *);
/* Everything left, at once. */
void		 replay_rest(struct replay *);
/* Started and played whole at once, for a frontend that keeps no
 * samples (a script, the line mode, printing). */
void		 replay_whole(struct replay *, struct lab *, struct loop *);
/* Play on at the pace it was made, or hold. */
void		 replay_play(struct replay *, bool);
bool		 replay_playing(const struct replay *);
bool		 replay_done(const struct replay *);
/* The next line to run, or NULL; the last chapter begun (0: none) and
 * its title. */
const char	*replay_next_command(const struct replay *);
int		 replay_chapter_now(const struct replay *, const char **title);
/* "replay of run.rec: 3.2 s of 10.5 s, held": where it is. */
void		 replay_add_status(struct buf *, const struct replay *);
void		 replay_free(struct replay **);

#endif
