/* events.c: what the lab tells: a record in its event log (lab_record),
 * and a change in what the kernel shows told to its listeners
 * (lab_changed, lab_listen). */
#include "config.h"

#include <stdarg.h>

#include "lab.h"
#include "timeline.h"

void
lab_record(struct lab *lab, enum record_kind kind, const char *who,
    enum record_level level, struct desc *d, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	record_addv(&lab->log, kind, who, level, d, fmt, ap);
	va_end(ap);
	/* An actor's call is noted by call_record, with its verb's flow; a
	 * call the lab makes itself (kill) is no actor's: it is told, but
	 * is not on the actors' timeline. */
	lab_noted(lab, record_last(&lab->log), FLOW_NONE,
	    kind != RECORD_CALL && kind != RECORD_BLOCKED);
}

void
lab_noted(struct lab *lab, const struct record *r, enum verb_flow flow, bool timed)
{
	if (timed)
		timeline_note(&lab->timeline, r, flow);
	listeners_recorded(&lab->listeners, r, flow, timed);
}

void
lab_record_again(struct lab *lab, const struct record *r, struct desc *d, enum verb_flow flow,
    bool timed)
{
	record_add_copy(&lab->log, r, d);
	lab_noted(lab, record_last(&lab->log), flow, timed);
}

void
lab_changed(struct lab *lab)
{
	lab->gen++;
	listeners_changed(&lab->listeners);
}

void
lab_listen(struct lab *lab, const struct lab_listener *obs)
{
	listener_add(&lab->listeners, obs);
}

void
lab_unlisten(struct lab *lab, const struct lab_listener *obs)
{
	listener_remove(&lab->listeners, obs);
}
