/* menu.c: menus: the calls that fit the selection (Enter), the signals
 * (k, F9) and new objects (n). Every item is a command line: it is run
 * as typed, or put on the command line for the user to finish, so the
 * log and the history show what was done. The calls on objects and the
 * new objects are what each mechanism offers (mechanism.h). */
#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "lab.h"
#include "mechanism.h"
#include "menu.h"
#include "screen.h"
#include "signames.h"
#include "theme.h"

static void
menu_clear(struct menu *m)
{
	size_t	 i;

	for (i = 0; i < m->n; i++) {
		free(m->items[i].label);
		free(m->items[i].command);
		free(m->items[i].arg);
	}
	freep(&m->items);
	freep(&m->title);
	freep(&m->footer);
	m->n = 0;
	m->sel = 0;
	m->top = 0;
	m->find = NULL;
	m->typed[0] = '\0';
}

void
menu_close(struct tui *t)
{
	menu_clear(&t->menu);
	t->overlay = OVERLAY_NONE;
}

static void
menu_begin(struct tui *t, const char *fmt, ...)
{
	va_list	 ap;

	menu_clear(&t->menu);
	va_start(ap, fmt);
	t->menu.title = xvasprintf(fmt, ap);
	va_end(ap);
}

/* An item that runs (or, with prefill, proposes) command, which it takes
 * over (NULL for an item that opens something else). */
static struct menu_item *
menu_add(struct tui *t, char *command, bool prefill, int cursor_back,
    const char *fmt, ...)
{
	struct menu_item	*it;
	va_list			 ap;

	t->menu.items = xreallocarray(t->menu.items, t->menu.n + 1, sizeof *t->menu.items);
	it = &t->menu.items[t->menu.n++];
	memset(it, 0, sizeof *it);
	va_start(ap, fmt);
	it->label = xvasprintf(fmt, ap);
	va_end(ap);
	it->command = command;
	it->prefill = prefill;
	it->cursor_back = cursor_back;
	return it;
}

static void
menu_show(struct tui *t, const char *footer)
{
	if (t->menu.n == 0) {
		menu_close(t);
		return;
	}
	t->menu.footer = xstrdup(footer);
	t->overlay = OVERLAY_MENU;
}

static void
choose_signals(struct tui *t, struct menu_item *it)
{
	(void)it;
	menu_open_signals(t);
}

/* Whether a descriptor table holds an end of o that reads, and one that
 * writes. */
static void
holds(const struct fd_table *fds, const struct object *o, bool *reads, bool *writes)
{
	size_t	 k;

	*reads = *writes = false;
	for (k = 0; o->mech->fd_backed && k < fds->n; k++) {
		if (object_fd_which(o, &fds->v[k]) == -1)
			continue;
		if (fds->v[k].access != O_WRONLY)
			*reads = true;
		if (fds->v[k].access != O_RDONLY)
			*writes = true;
	}
}

/* A menu call's command or text, with the object's name for each %s. */
static char *
fill(const char *fmt, const char *name)
{
	struct buf	 b;
	const char	*p;

	buf_init(&b);
	for (p = fmt; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			buf_adds(&b, name);
			p++;
		} else
			buf_addc(&b, *p);
	}
	return buf_take(&b);
}

/* Those of calls offered where when says (MENU_*), made by who on o (or
 * on itself, with o NULL); label prefixes their text ("B: "), and in an
 * object's menu a call may say it otherwise. */
static void
add_calls(struct tui *t, const char *who, const struct object *o,
    const struct menu_call *calls, unsigned when, const char *label, bool object_menu)
{
	const struct menu_call	*c;
	const char		*name = o != NULL ? o->name : "";
	char			*command, *text;

	for (c = calls; c != NULL && c->command != NULL; c++) {
		if ((c->when & when) == 0)
			continue;
		command = fill(c->command, name);
		text = fill(object_menu && c->object_text != NULL ? c->object_text : c->text, name);
		menu_add(t, xasprintf("%s %s", who, command), c->prefill, c->cursor_back, "%s%s",
		    label, text);
		free(command);
		free(text);
	}
}

/* Send and recv, on the objects of a mechanism that offers no calls of
 * its own for them. */
static const struct menu_call generic_io[] = {
	{ MENU_WRITES, "send %s \"\"", "send on %s...", NULL, true, 1 },
	{ MENU_WRITES, "send %s 4k", "send 4 KiB on %s", NULL, false, 0 },
	{ MENU_READS, "recv %s", "receive from %s (blocks while it is empty)", NULL, false, 0 },
	{ MENU_READS, "recv %s nonblock", "receive from %s without waiting", NULL, false, 0 },
	{ 0, NULL, NULL, NULL, false, 0 },
};

/* Sending and receiving on an object the actor holds: the calls its
 * mechanism offers, or send and recv. label prefixes the descriptions
 * ("B: "). */
static void
add_io(struct tui *t, const char *who, struct object *o, bool reads, bool writes,
    const char *label)
{
	const struct mechanism	*m = o->mech;
	unsigned		 when = 0;

	if (writes && m->send_verb != NULL)
		when |= MENU_WRITES;
	if (reads && m->recv_verb != NULL)
		when |= MENU_READS;
	add_calls(t, who, o, m->menu_io != NULL ? m->menu_io : generic_io, when, label, false);
}

/* Each new object the mechanisms offer, by group and then in the
 * registry's order: fn is given the entry and where it is (registry
 * index i, entry j). */
static void
each_new(struct tui *t, const char *who,
    void (*fn)(struct tui *, const char *, const struct menu_new *, size_t, size_t))
{
	const struct mechanism *const	*mechs = cmd_mechanisms();
	const struct menu_new		*e;
	size_t				 i, j;
	int				 group;

	for (group = 0; group < MENU_GROUPS; group++) {
		for (i = 0; mechs[i] != NULL; i++) {
			for (j = 0, e = mechs[i]->menu_new; e != NULL && e->verb != NULL; j++, e++) {
				if ((int)e->group == group)
					fn(t, who, e, i, j);
			}
		}
	}
}

/* The rest of a new object's command with MEM, the memory it goes in,
 * replaced by the newest memory object's name, if there is one. */
static char *
memory_placeholder(struct tui *t, const char *rest)
{
	const char	*mem = strstr(rest, "MEM");
	struct object	*o;
	size_t		 i;

	if (mem == NULL)
		return xstrdup(rest);
	for (i = t->lab->nobjects; i > 0; i--) {
		o = t->lab->objects[i - 1];
		if (o->mech->mem_size != NULL && object_inside(o, NULL) == NULL)
			return xasprintf("%.*s%s%s", (int)(mem - rest), rest, o->name, mem + 3);
	}
	return xstrdup(rest);
}

/* A new object an actor's own menu offers: the command to finish. */
static void
add_new_for_actor(struct tui *t, const char *who, const struct menu_new *e, size_t i, size_t j)
{
	char	*name, *rest;

	(void)i;
	(void)j;
	if (e->actor_text == NULL)
		return;
	name = tui_free_name(t, e->prefix);
	rest = memory_placeholder(t, e->rest);
	menu_add(t, xasprintf("%s %s %s%s", who, e->verb, name, rest), true, 0, "%s", e->actor_text);
	free(name);
	free(rest);
}

/* The calls an actor can make on what it holds, on the objects it can
 * open, and on itself. */
static void
actions_for_actor(struct tui *t, struct actor *a)
{
	const struct mechanism *const *mechs;
	const struct fd_table	*fds;
	const struct object_end	*e;
	struct object		*o;
	char			*name;
	size_t			 i;
	const char		*who = a->name;
	bool			 reads, writes;

	menu_begin(t, "%s (%s): calls", a->name, actor_state_name(actor_state(a)));
	if (actor_terminated(a) || (a->is_thread && a->ended)) {
		if (a->proc->life == ACTOR_ZOMBIE && a->proc->parent == NULL) {
			menu_add(t, xasprintf("reap %s", a->proc->name), false, 0, "reap: collect its exit status (waitid)");
		}
		menu_add(t, xasprintf("show %s", a->name), false, 0, "show it in the log");
		menu_show(t, "Enter runs  Esc closes");
		return;
	}
	fds = actor_fds(a);
	for (i = 0; i < t->lab->nobjects; i++) {
		o = t->lab->objects[i];
		if (!o->mech->fd_backed)
			continue;
		holds(fds, o, &reads, &writes);
		add_io(t, who, o, reads, writes, "");
		for (e = o->mech->ends; (reads || writes) && e != NULL && e->suffix != NULL; e++) {
			if ((e->access == O_RDONLY && !reads) || (e->access == O_WRONLY && !writes))
				continue;
			menu_add(t, xasprintf("%s close %s.%s", who, o->name, e->suffix), false, 0, "close %s.%s (its %s)", o->name, e->suffix, e->what);
		}
		if (!reads && !writes && o->path != NULL && !o->unlinked)
			add_calls(t, who, o, o->mech->menu_calls, MENU_UNHELD, "", false);
	}
	each_new(t, who, add_new_for_actor);
	name = tui_free_name(t, "B");
	menu_add(t, xasprintf("%s fork %s", who, name), true, 0, "fork: a child that inherits every descriptor...");
	free(name);
	menu_add(t, xasprintf("%s thread t1", who), true, 0, "pthread_create: a new thread...");
	for (i = 0; i < t->lab->nactors; i++) {
		struct actor *c = t->lab->actors[i];

		if (c->is_thread || c->parent != a->proc || c->life == ACTOR_REAPED)
			continue;
		menu_add(t, xasprintf("%s waitpid %s", who, c->name), false, 0, "waitpid %s (%s)", c->name,
		    actor_state_name(actor_state(c)));
	}
	menu_add(t, NULL, false, 0, "send a signal...")->choose = choose_signals;
	for (mechs = cmd_mechanisms(); *mechs != NULL; mechs++)
		add_calls(t, who, NULL, (*mechs)->menu_actor, a->is_thread ? MENU_THREAD : MENU_PROCESS,
		    "", false);
	menu_add(t, xasprintf("%s exit 0", who), true, 0, "exit: end the process...");
	menu_add(t, xasprintf("show %s", a->name), false, 0, "show it in the log");
	menu_show(t, "Enter runs it (... puts it on the command line)  Esc closes");
}

/* What each actor can do with an object, from who holds what. */
static void
actions_for_object(struct tui *t, struct object *o)
{
	const struct fd_table	*fds;
	const struct object_end	*e;
	struct actor		*a;
	char			*label;
	size_t			 i;
	bool			 reads, writes;

	menu_begin(t, "%s (%s): calls", o->name, o->mech->name);
	for (i = 0; i < t->lab->nactors; i++) {
		a = t->lab->actors[i];
		if (a->is_thread || actor_terminated(a))
			continue;
		fds = actor_fds(a);
		holds(fds, o, &reads, &writes);
		label = xasprintf("%s: ", a->name);
		add_io(t, a->name, o, reads, writes, label);
		for (e = o->mech->ends; (reads || writes) && e != NULL && e->suffix != NULL; e++) {
			if ((e->access == O_RDONLY && !reads) || (e->access == O_WRONLY && !writes))
				continue;
			menu_add(t, xasprintf("%s close %s.%s", a->name, o->name, e->suffix), false, 0, "%s: close %s.%s", a->name, o->name, e->suffix);
		}
		if (!reads && !writes && o->path != NULL && !o->unlinked)
			add_calls(t, a->name, o, o->mech->menu_calls, MENU_UNHELD, label, true);
		free(label);
	}
	if (o->path != NULL && !o->unlinked && o->creator != NULL && !actor_terminated(o->creator)) {
		label = xasprintf("%s: ", o->creator->name);
		add_calls(t, o->creator->name, o, o->mech->menu_calls, MENU_CREATOR, label, true);
		free(label);
	}
	menu_add(t, xasprintf("show %s", o->name), false, 0, "show it in the log");
	menu_show(t, "Enter runs it (... puts it on the command line)  Esc closes");
}

void
menu_open_actions(struct tui *t)
{
	struct actor	*a;
	struct object	*o;

	if (t->detail_of == PANE_OBJECTS && (o = tui_selected_object(t)) != NULL)
		actions_for_object(t, o);
	else if ((a = tui_selected_actor(t)) != NULL)
		actions_for_actor(t, a);
	else
		tui_message(t, false, "nothing selected: s spawns an actor");
}

/* The signal that fits what was typed: a number, or a name with or
 * without SIG in any case (sig_parse); or, typed in part, the first signal
 * whose name starts so (ST: SIGSTKFLT, then STO: SIGSTOP), with SIG or
 * without, and last one whose name holds it (USR). Each item's arg is
 * its signal's number. */
static long
find_signal(const struct menu *m, const char *typed)
{
	char		 up[sizeof m->typed];
	const char	*name, *bare;
	size_t		 i, len;
	int		 sig, pass, want;
	bool		 digits = true;

	for (len = 0; typed[len] != '\0' && len < sizeof up - 1; len++) {
		up[len] = (char)toupper((unsigned char)typed[len]);
		if (!isdigit((unsigned char)typed[len]))
			digits = false;
	}
	up[len] = '\0';
	want = sig_parse(typed);
	for (pass = 0; pass < 4 && len > 0; pass++) {
		if (digits && pass > 0)
			break;
		for (i = 0; i < m->n; i++) {
			sig = atoi(m->items[i].arg);
			name = sig_name(sig);
			bare = strncmp(name, "SIG", 3) == 0 ? name + 3 : name;
			if ((pass == 0 && sig == want) ||
			    (pass == 1 && strncmp(bare, up, len) == 0) ||
			    (pass == 2 && strncmp(name, up, len) == 0) ||
			    (pass == 3 && strstr(bare, up) != NULL))
				return (long)i;
		}
	}
	return -1;
}

void
menu_open_signals(struct tui *t)
{
	const struct mechanism *const	*mechs;
	const struct menu_signal	*ms = NULL;
	struct actor			*a = tui_selected_actor(t);
	const char			*verb;
	int				 sig;

	if (a == NULL) {
		tui_message(t, true, "select an actor first (Tab to the actors pane)");
		return;
	}
	for (mechs = cmd_mechanisms(); ms == NULL && *mechs != NULL; mechs++)
		ms = (*mechs)->menu_signal;
	if (ms == NULL) {
		tui_message(t, true, "no mechanism sends signals");
		return;
	}
	/* A thread selected: to that thread alone (tgkill). */
	verb = a->is_thread ? ms->thread : ms->process;
	if (a->is_thread)
		menu_begin(t, "%s %s (tid %d): which signal?", verb, a->name, (int)a->tid);
	else
		menu_begin(t, "%s %s (pid %d): which signal?", verb, a->name, (int)a->pid);
	for (sig = 1; sig <= sig_max(); sig++) {
		if (sig > SIGSYS && sig < SIGRTMIN)
			continue;	/* the C library's own */
		menu_add(t, xasprintf("%s %s %s", verb, a->name, sig_name(sig)), false, 0, "%2d %-13s %-9s %s", sig, sig_name(sig),
		    sig_action_name(sig_default_action(sig)), sig_describe(sig))->arg = xasprintf("%d", sig);
		if (sig == SIGTERM)
			t->menu.sel = t->menu.n - 1;
	}
	t->menu.top = t->menu.sel > 5 ? t->menu.sel - 5 : 0;
	t->menu.find = find_signal;
	menu_show(t, "type a name or number (STOP, 19)  Enter sends it  Esc closes");
}

/* The entry a new-object item stands for: its arg is "I J", registry
 * index and entry. */
static const struct menu_new *
new_entry(const char *arg)
{
	const struct mechanism *const	*mechs = cmd_mechanisms();
	char				*end;
	size_t				 i, j;

	i = strtoul(arg, &end, 10);
	j = strtoul(end, NULL, 10);
	return &mechs[i]->menu_new[j];
}

/* What the lab makes itself (MENU_PLACES): its command on the command
 * line, NAME and PLACES in it filled in, for Enter to run. */
static void
choose_new_place(struct tui *t, const struct menu_new *k)
{
	struct object	*last[2];
	struct buf	 b;
	const char	*r;
	char		*name = tui_free_name(t, k->prefix);
	size_t		 i, n = 0;

	buf_init(&b);
	buf_adds(&b, k->verb);
	for (r = k->rest; *r != '\0'; r++) {
		if (strncmp(r, "NAME", 4) == 0) {
			buf_adds(&b, name);
			r += 3;
		} else if (strncmp(r, "PLACES", 6) == 0) {
			/* The two newest, in the order they were made. */
			for (i = t->lab->nobjects; i > 0 && n < 2; i--) {
				if (t->lab->objects[i - 1]->mech->place != NULL)
					last[n++] = t->lab->objects[i - 1];
			}
			for (i = n; i > 0; i--)
				buf_printf(&b, "%s%s", i < n ? " " : "", last[i - 1]->name);
			r += 5;
		} else
			buf_addc(&b, *r);
	}
	menu_close(t);
	cmdline_open(t, b.data, 0);
	buf_free(&b);
	free(name);
}

static void
choose_new_kind(struct tui *t, struct menu_item *it)
{
	const struct menu_new	*k = new_entry(it->arg);
	char			*name, *rest;
	size_t			 i;
	bool			 any = false;

	if (k->group == MENU_PLACES) {
		choose_new_place(t, k);
		return;
	}
	name = tui_free_name(t, k->prefix);
	rest = memory_placeholder(t, k->rest);
	menu_begin(t, "%s %s: made by which actor?", k->verb, name);
	for (i = 0; i < t->lab->nactors; i++) {
		struct actor *a = t->lab->actors[i];

		if (actor_terminated(a) || (a->is_thread && a->ended))
			continue;
		menu_add(t, xasprintf("%s %s %s%s", a->name, k->verb, name, rest), true, 0,
		    "%s", a->name);
		any = true;
	}
	free(name);
	free(rest);
	if (!any) {
		menu_close(t);
		tui_message(t, true, "no actor can make it: s spawns one");
		return;
	}
	menu_show(t, "Enter puts the command on the command line  Esc closes");
}

static void
add_new_kind(struct tui *t, const char *who, const struct menu_new *e, size_t i, size_t j)
{
	(void)who;
	menu_add(t, NULL, false, 0, "%s", e->text)->choose = choose_new_kind;
	t->menu.items[t->menu.n - 1].arg = xasprintf("%zu %zu", i, j);
}

void
menu_open_new(struct tui *t)
{
	menu_begin(t, "a new object");
	each_new(t, NULL, add_new_kind);
	menu_show(t, "Enter chooses  Esc closes");
}

static int
menu_choose(struct tui *t)
{
	struct menu_item	 it = t->menu.items[t->menu.sel];
	char			*command = it.command != NULL ? xstrdup(it.command) : NULL;

	if (it.choose != NULL) {
		/* It may open another menu, which replaces this one. */
		it.arg = it.arg != NULL ? xstrdup(it.arg) : NULL;
		it.choose(t, &it);
		free(it.arg);
		free(command);
		return UI_REDRAW;
	}
	menu_close(t);
	if (command != NULL && it.prefill)
		cmdline_open(t, command, it.cursor_back);
	else if (command != NULL)
		tui_run_made(t, command);
	free(command);
	return UI_REDRAW;
}

/* A key of a menu one types in: a character adds to what was typed,
 * Backspace takes the last one back, Ctrl-U all; the item that fits is
 * chosen. Whether the key was one of those. */
static bool
menu_type(struct menu *m, const char *name)
{
	size_t	 len = strlen(m->typed);
	long	 fit;

	if (strcmp(name, "<Backspace>") == 0 || strcmp(name, "<DEL>") == 0 ||
	    strcmp(name, "<C-h>") == 0) {
		if (len > 0)
			m->typed[len - 1] = '\0';
	} else if (strcmp(name, "<C-u>") == 0)
		m->typed[0] = '\0';
	else if (strlen(name) == 1 && isgraph((unsigned char)name[0])) {
		if (len + 1 < sizeof m->typed) {
			m->typed[len] = name[0];
			m->typed[len + 1] = '\0';
		}
	} else
		return false;
	if (m->typed[0] != '\0' && (fit = m->find(m, m->typed)) >= 0)
		m->sel = (size_t)fit;
	return true;
}

int
menu_key(struct tui *t, const char *name)
{
	struct menu	*m = &t->menu;
	long		 sel = (long)m->sel;
	bool		 letters = m->find == NULL;	/* j, k, g, G, q move and close */

	if (strcmp(name, "<Escape>") == 0 || strcmp(name, "<C-c>") == 0 ||
	    (letters && strcmp(name, "q") == 0)) {
		menu_close(t);
		return UI_REDRAW;
	}
	/* What was typed fits nothing: Enter does not send what was
	 * chosen before it. */
	if (strcmp(name, "<Enter>") == 0 && !letters && m->typed[0] != '\0' &&
	    m->find(m, m->typed) < 0)
		return UI_HANDLED;
	if (strcmp(name, "<Enter>") == 0)
		return menu_choose(t);
	if (!letters && menu_type(m, name))
		return UI_REDRAW;
	if (strcmp(name, "<Up>") == 0 || (letters && strcmp(name, "k") == 0))
		sel--;
	else if (strcmp(name, "<Down>") == 0 || (letters && strcmp(name, "j") == 0))
		sel++;
	else if (strcmp(name, "<PageUp>") == 0)
		sel -= 10;
	else if (strcmp(name, "<PageDown>") == 0)
		sel += 10;
	else if (strcmp(name, "<Home>") == 0 || (letters && strcmp(name, "g") == 0))
		sel = 0;
	else if (strcmp(name, "<End>") == 0 || (letters && strcmp(name, "G") == 0))
		sel = (long)m->n - 1;
	else
		return UI_HANDLED;
	/* Moved by hand: what was typed no longer says what is chosen. */
	m->typed[0] = '\0';
	if (sel < 0)
		sel = 0;
	if (sel >= (long)m->n)
		sel = (long)m->n - 1;
	m->sel = (size_t)sel;
	return UI_REDRAW;
}

void
menu_draw(struct tui *t)
{
	struct menu	*m = &t->menu;
	struct rect	 r;
	size_t		 i, wmax;
	int		 rows, y;

	wmax = strlen(m->title) + 4;
	for (i = 0; i < m->n; i++) {
		if (strlen(m->items[i].label) + 4 > wmax)
			wmax = strlen(m->items[i].label) + 4;
	}
	if (m->footer != NULL && strlen(m->footer) + 4 > wmax)
		wmax = strlen(m->footer) + 4;
	r.w = (int)wmax < t->cols - 4 ? (int)wmax : t->cols - 4;
	rows = (int)m->n < t->rows - 6 ? (int)m->n : t->rows - 6;
	r.h = rows + 3;
	r.y = (t->rows - r.h) / 2;
	r.x = (t->cols - r.w) / 2;
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + (size_t)rows)
		m->top = m->sel - (size_t)rows + 1;

	theme_set(ROLE_NORMAL);
	for (y = 0; y < r.h; y++)
		mvhline(r.y + y, r.x, ' ', r.w);
	draw_box(r, m->title, true);
	for (i = 0; i < (size_t)rows && m->top + i < m->n; i++) {
		theme_set(m->top + i == m->sel ? ROLE_SELECTED : ROLE_NORMAL);
		mvhline(r.y + 1 + (int)i, r.x + 1, ' ', r.w - 2);
		draw_text_cut(r.y + 1 + (int)i, r.x + 2, r.w - 4, m->items[m->top + i].label);
	}
	if (m->typed[0] != '\0') {
		char *line = xasprintf("typed: %s%s", m->typed,
		    m->find(m, m->typed) >= 0 ? "" : "  (nothing fits: Backspace)");

		theme_set(ROLE_KEY);
		draw_text_cut(r.y + r.h - 2, r.x + 2, r.w - 4, line);
		free(line);
	} else {
		theme_set(ROLE_DIM);
		draw_text_cut(r.y + r.h - 2, r.x + 2, r.w - 4, m->footer);
	}
	if (m->top > 0)
		draw_text(r.y, r.x + r.w - 3, 1, glyph_up());
	if (m->top + (size_t)rows < m->n)
		draw_text(r.y + r.h - 2, r.x + r.w - 3, 1, glyph_down());
	theme_set(ROLE_NORMAL);
}
