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
	/* A call's is noted where its verb is known (call_record). */
	if (kind != RECORD_CALL && kind != RECORD_BLOCKED)
		timeline_note(&lab->timeline, record_last(&lab->log), FLOW_NONE);
	listeners_recorded(&lab->listeners, record_last(&lab->log));
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
