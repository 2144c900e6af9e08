# help TOPIC typed in the TUI opens the help view, not the log's few
# lines: the whole text, wrapped to the screen, scrolled like less (Up,
# Down, PageUp, PageDown, Home, End), closed with q or Esc; the log keeps
# one line of it. At 100x30 and at 80x24.
. "$SRCDIR/tests/lib.sh"

for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'help fcntl'
	see "┌ help fcntl"
	see "usage: ACTOR fcntl TARGET OP [TYPE] [VALUE]"
	see "q Esc close"
	unsee "Actors (0)"
	# Every line whole: a paragraph wraps to the view (not cut at its
	# edge), and so does an argument's long line.
	pane "help fcntl" text | grep -q "The actor calls fcntl. nonblock and block change O_NONBLOCK on the open file description" ||
	    { screen; fail "the help's first paragraph is not whole"; }
	tm send-keys -t lab End
	see "example: A fcntl f1 setlkw write 0-9"
	pane "help fcntl" text | grep -q "VALUE setpipe: the capacity (rounded up to pages); locks: the bytes, START-END, START+LEN or START- (default: the whole file)" ||
	    { screen; fail "the help's last argument is not whole"; }
	# Other keys do not close it; q does.
	tm send-keys -t lab x
	sleep 0.3
	see "┌ help fcntl"
	tm send-keys -t lab q
	see "Actors (0)"
	unsee "┌ help fcntl"
	# The log keeps one line; the help's body is not in it.
	pane Log text | grep -q "usage: ACTOR fcntl TARGET OP \[TYPE\] \[VALUE\] ([0-9]* lines, in the help view)" ||
	    { screen; fail "the log does not say where the help went"; }
	pane Log | grep -q "TARGET  *an object" && { screen; fail "the help's body is in the log"; }

	# The list of every command is longer than the screen: it goes on
	# below, and says so; it scrolls; Esc closes it.
	tui_command 'help'
	see "┌ help"
	see "Lab commands:"
	pane "help" | tail -1 | grep -q "↓ [0-9]* more" || { screen; fail "no mark of more help below"; }
	tm send-keys -t lab End
	see "help VERB explains a command; help MECHANISM (help pipe) a mechanism."
	unsee "Lab commands:"
	pane "help" | head -1 | grep -q "↑ [0-9]* more" || { screen; fail "no mark of more help above"; }
	tm send-keys -t lab Home
	see "Lab commands:"
	tm send-keys -t lab PageDown
	unsee "Lab commands:"
	tm send-keys -t lab PageUp
	see "Lab commands:"
	tm send-keys -t lab Down Down
	unsee "Lab commands:"
	tm send-keys -t lab Up Up
	see "Lab commands:"
	tm send-keys -t lab Escape
	unsee "┌ help"
	see "Actors (0)"
	tm send-keys -t lab q
	tui_wait_gone
done
exit 0
