/* view.c: what any part of the screen may do with its state (view.h):
 * say something on the message line, run a line through the session or
 * queue it, find the selected actor or object, a name not yet taken. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "lab.h"
#include "view.h"

void
tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list	 ap;

	free(t->msg);
	va_start(ap, fmt);
	t->msg = xvasprintf(fmt, ap);
	va_end(ap);
	t->msg_error = error;
	t->msg_time = now_ns();
	t->dirty = true;
}

struct actor *
tui_selected_actor(struct tui *t)
{
	return t->sel_actor[0] != '\0' ? lab_actor(t->lab, t->sel_actor) : NULL;
}

struct object *
tui_selected_object(struct tui *t)
{
	return t->sel_object[0] != '\0' ? lab_object(t->lab, t->sel_object) : NULL;
}

char *
tui_free_name(struct tui *t, const char *stem)
{
	char	*name, *cause = NULL;
	int	 i;

	/* A capital letter goes on through the alphabet: A, B, C... */
	if (stem[0] >= 'A' && stem[0] <= 'Z' && stem[1] == '\0') {
		for (i = stem[0]; i <= 'Z'; i++) {
			name = xasprintf("%c", i);
			if (lab_name_free(t->lab, name, &cause))
				return name;
			freep(&cause);
			free(name);
		}
	}
	for (i = 1;; i++) {
		name = xasprintf("%s%d", stem, i);
		if (lab_name_free(t->lab, name, &cause))
			return name;
		freep(&cause);
		free(name);
	}
}

void
tui_queue(struct tui *t, const char *line, enum line_origin origin)
{
	t->queue = xreallocarray(t->queue, t->nqueue + 1, sizeof *t->queue);
	t->queue[t->nqueue].text = xstrdup(line);
	t->queue[t->nqueue++].origin = origin;
}

/* Give the session a line. One of the user's is the latest outcome:
 * what the message line still shows is older (an earlier command's
 * error, a key's feedback, the greeting, the demo's hint), and goes;
 * this one's error, if it has one, takes its place. */
static void
start_line(struct tui *t, const char *line, enum line_origin origin)
{
	if (origin != LINE_SETUP && t->msg != NULL) {
		freep(&t->msg);
		t->msg_error = false;
	}
	t->session.made = origin == LINE_MADE;
	session_line(&t->session, line, strlen(line));
	t->dirty = true;
}

static void
run_line(struct tui *t, const char *line, enum line_origin origin)
{
	char	 word[8], name[80];

	history_add(line);
	/* help TOPIC: its text opens in the help view, with this title. */
	if (strncmp(line, "help", 4) == 0 && (line[4] == '\0' || line[4] == ' ')) {
		free(t->help_asked);
		t->help_asked = xstrdup(line);
	}
	/* show NAME also shows it in the detail pane. */
	if (sscanf(line, "%7s %79s", word, name) == 2 && strcmp(word, "show") == 0) {
		if (lab_object(t->lab, name) != NULL) {
			snprintf(t->sel_object, sizeof t->sel_object, "%s", name);
			t->detail_of = PANE_OBJECTS;
		} else if (lab_actor(t->lab, name) != NULL) {
			snprintf(t->sel_actor, sizeof t->sel_actor, "%s", name);
			t->detail_of = PANE_ACTORS;
		}
	}
	if (session_busy(&t->session) || t->nqueue > 0) {
		tui_queue(t, line, origin);
		return;
	}
	start_line(t, line, origin);
}

void
tui_run_line(struct tui *t, const char *line)
{
	run_line(t, line, LINE_TYPED);
}

void
tui_run_made(struct tui *t, const char *line)
{
	run_line(t, line, LINE_MADE);
}

void
tui_feed_queue(struct tui *t)
{
	struct queued_line	 q;

	while (!session_busy(&t->session)) {
		/* A sourced file's lines come before what was queued after
		 * its source. */
		t->session.made = false;
		if (session_feed(&t->session)) {
			t->dirty = true;
			continue;
		}
		if (t->nqueue == 0)
			break;
		q = t->queue[0];
		memmove(t->queue, t->queue + 1, (t->nqueue - 1) * sizeof *t->queue);
		t->nqueue--;
		start_line(t, q.text, q.origin);
		free(q.text);
	}
}

