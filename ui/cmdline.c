/* cmdline.c: the command line at the bottom of the screen: readline in
 * callback mode, fed from termkey (our rl_getc_function), drawn by us (our
 * redisplay), with readline's terminal preparation and signal handling
 * off. A line it accepts goes to the session like any other command. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmdline.h"
#include "history.h"
#include "lab.h"
#include "screen.h"
#include "theme.h"

#define PROMPT	":"

static struct tui	*cl_tui;
static unsigned char	 cl_queue[64];
static size_t		 cl_head, cl_tail;
static FILE		*cl_null;
static char		*cl_matches;	/* what a Tab could complete, until the next key */

static int
cl_getc(FILE *f)
{
	(void)f;
	if (cl_head == cl_tail)
		return EOF;
	return cl_queue[cl_head++ % sizeof cl_queue];
}

static int
cl_available(void)
{
	return cl_head != cl_tail;
}

static void
cl_push(const char *bytes, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && cl_tail - cl_head < sizeof cl_queue; i++)
		cl_queue[cl_tail++ % sizeof cl_queue] = (unsigned char)bytes[i];
}

static void
cl_redisplay(void)
{
	if (cl_tui != NULL)
		cl_tui->dirty = true;
}

static void
cl_prep(int meta)
{
	(void)meta;
}

static void
cl_deprep(void)
{
}

/* Possible completions go on the line above the command line (the
 * message line is the command line while it is open), not over the
 * screen; the count first, should they not all fit. */
static void
cl_show_matches(char **matches, int n, int longest)
{
	struct buf	 b;
	int		 i;

	(void)longest;
	buf_init(&b);
	buf_printf(&b, "%d:", n);
	for (i = 1; i <= n && b.len < 1000; i++)
		buf_printf(&b, "  %s", matches[i]);
	free(cl_matches);
	cl_matches = buf_take(&b);
	if (cl_tui != NULL)
		cl_tui->dirty = true;
}

/* History that cannot be kept is said on the message line. */
static void
cl_warn(const char *why)
{
	if (cl_tui != NULL)
		tui_message(cl_tui, true, "%s", why);
}

static void
cl_accept(char *line)
{
	struct tui	*t = cl_tui;

	if (line == NULL) {		/* Ctrl-D on an empty line */
		cmdline_close(t);
		return;
	}
	history_add(line);
	cmdline_close(t);
	if (*line != '\0')
		tui_run_line(t, line);
	free(line);
}

void
cmdline_init(struct tui *t)
{
	cl_tui = t;
	cl_null = fopen("/dev/null", "we");
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_getc_function = cl_getc;
	rl_input_available_hook = cl_available;
	rl_redisplay_function = cl_redisplay;
	rl_prep_term_function = cl_prep;
	rl_deprep_term_function = cl_deprep;
	rl_completion_display_matches_hook = cl_show_matches;
	if (cl_null != NULL)
		rl_outstream = cl_null;
	complete_init(t->lab);
	history_load(cl_warn);
	/* The sequences cmdline_key sends for special keys. */
	rl_bind_keyseq("\\e[A", rl_get_previous_history);
	rl_bind_keyseq("\\e[B", rl_get_next_history);
	rl_bind_keyseq("\\e[C", rl_forward_char);
	rl_bind_keyseq("\\e[D", rl_backward_char);
	rl_bind_keyseq("\\e[H", rl_beg_of_line);
	rl_bind_keyseq("\\e[F", rl_end_of_line);
	rl_bind_keyseq("\\e[3~", rl_delete);
	rl_bind_keyseq("\\e[1;5C", rl_forward_word);
	rl_bind_keyseq("\\e[1;5D", rl_backward_word);
}

void
cmdline_end(void)
{
	if (cl_tui != NULL && cl_tui->cmd_active)
		rl_callback_handler_remove();
	history_save();
	if (cl_null != NULL) {
		rl_outstream = stdout;
		fclose(cl_null);
		cl_null = NULL;
	}
	freep(&cl_matches);
	cl_tui = NULL;
}

void
cmdline_open(struct tui *t, const char *prefill, int cursor_back)
{
	if (t->cmd_active)
		cmdline_close(t);
	cl_head = cl_tail = 0;
	rl_callback_handler_install(PROMPT, cl_accept);
	rl_replace_line(prefill, 0);
	rl_point = rl_end - cursor_back >= 0 ? rl_end - cursor_back : 0;
	t->cmd_active = true;
	t->dirty = true;
}

void
cmdline_close(struct tui *t)
{
	if (!t->cmd_active)
		return;
	t->cmd_active = false;
	freep(&cl_matches);
	rl_callback_handler_remove();
	t->dirty = true;
}

/* A key, re-encoded as the bytes readline expects. */
int
cmdline_key(struct tui *t, TermKeyKey *key, const char *name)
{
	static const struct {
		const char	*name;
		const char	*bytes;
	} special[] = {
		{ "<Enter>", "\r" }, { "<Tab>", "\t" }, { "<Backspace>", "\x7f" },
		{ "<DEL>", "\x7f" }, { "<Delete>", "\033[3~" }, { "<Up>", "\033[A" },
		{ "<Down>", "\033[B" }, { "<Right>", "\033[C" }, { "<Left>", "\033[D" },
		{ "<Home>", "\033[H" }, { "<End>", "\033[F" }, { "<Space>", " " },
		{ "<C-Right>", "\033[1;5C" }, { "<C-Left>", "\033[1;5D" },
	};
	char	 ch;
	size_t	 i;

	freep(&cl_matches);
	if (strcmp(name, "<Escape>") == 0 || strcmp(name, "<C-c>") == 0 ||
	    strcmp(name, "<C-g>") == 0) {
		cmdline_close(t);
		return UI_REDRAW;
	}
	for (i = 0; i < nitems(special); i++) {
		if (strcmp(name, special[i].name) == 0) {
			cl_push(special[i].bytes, strlen(special[i].bytes));
			goto feed;
		}
	}
	if (key->type == TERMKEY_TYPE_UNICODE) {
		if (key->modifiers & TERMKEY_KEYMOD_ALT)
			cl_push("\033", 1);
		if ((key->modifiers & TERMKEY_KEYMOD_CTRL) && key->code.codepoint < 128) {
			ch = (char)(key->code.codepoint & 0x1f);
			cl_push(&ch, 1);
		} else
			cl_push(key->utf8, strlen(key->utf8));
	} else
		return UI_HANDLED;	/* a key readline has no use for */
feed:
	while (t->cmd_active && cl_available())
		rl_callback_read_char();
	return UI_REDRAW;
}

void
cmdline_draw(struct tui *t, int y)
{
	int	 start, w = t->cols - 1, cursor;

	theme_set(ROLE_NORMAL);
	if (cl_matches != NULL && y > 0) {
		mvhline(y - 1, 0, ' ', t->cols);
		draw_text(y - 1, 0, t->cols, cl_matches);
	}
	mvhline(y, 0, ' ', t->cols);
	draw_text(y, 0, 1, PROMPT);
	/* Scroll the line so the cursor stays in view. */
	start = rl_point > w - 2 ? rl_point - (w - 2) : 0;
	draw_text(y, 1, w - 1, rl_line_buffer + start);
	cursor = 1 + rl_point - start;
	move(y, cursor < t->cols ? cursor : t->cols - 1);
}
