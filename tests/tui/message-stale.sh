# The message line shows the latest outcome: a key's word ("every pane
# again", "the log shows every line whole"), the greeting and the demo's
# hint go when the next command runs; a command that fails puts its
# error there.
. "$SRCDIR/tests/lib.sh"

msg() {
	screen | tail -1
}
# Wait until the message line is empty.
msg_empty() {
	n=0
	until [ -z "$(msg | tr -d ' ')" ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && { screen; fail "the message line still says '$(msg)' ($1)"; }
		sleep 0.1
	done
}

for size in "100 30" "80 24"; do
	set -- $size
	tui_start "$1" "$2" env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	see "ipcscope "	# the greeting
	tui_command 'spawn A'
	msg_empty "the greeting, after spawn A"
	tm send-keys -t lab z
	see "zoomed: z again shows every pane"
	tm send-keys -t lab z
	see "every pane again"
	tui_command 'spawn X'
	msg_empty "every pane again, after spawn X"
	# w in the log (Shift-Tab from the actors).
	tm send-keys -t lab BTab w
	see "the log shows every line whole"
	tui_command 'X pipe px'
	msg_empty "the log's word, after X pipe px"
	# An error takes the line; the next command's success clears it.
	tui_command 'show nobody'
	see "called nobody"
	tui_command 'X write px "a"'
	msg_empty "an error, after a command that worked"
	tui_quit

	# The demo's hint stays until the user's first command.
	tui_start "$1" "$2" env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE" --demo
	see "Demo: to stop the consumer"
	sleep 1
	see "Demo: to stop the consumer"
	tui_command 'echo hi'
	msg_empty "the demo's hint, after echo"
	tui_quit
done
exit 0
