# The message line shows the latest outcome: an error goes when the next
# command, typed or made by a menu, runs. A command a menu made was never
# typed: its error quotes it and names no column of it.
. "$SRCDIR/tests/lib.sh"

# The message line: the last line of the screen.
msg() {
	screen | tail -1
}
# Wait until the message line is $1 exactly (up to 5 s).
msg_is() {
	n=0
	until [ "$(msg)" = "$1" ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && { screen; fail "the message line is '$(msg)', not '$1'"; }
		sleep 0.1
	done
}

for size in "100 30" "80 24"; do
	set -- $size
	tui_start "$1" "$2" "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	tui_command 'A fork B'
	tui_command 'kill B KILL'
	tui_command 'A waitpid B'
	see_re 'waitpid\([0-9]+<B>'
	# A typed error: it names the column of what was typed.
	tui_command 'show nobody'
	msg_is "column 6: no actor, object or job called nobody (show lists them)"
	# A typed command that succeeds: the error goes.
	tui_command 'show A'
	see_re 'A +[0-9]+ idle'
	msg_is ""
	# The signal menu on B, which was reaped: SIGTERM is refused. The
	# error quotes the command the menu made, with no column.
	tm send-keys -t lab Down k
	see "kill B (pid"
	tm send-keys -t lab Enter
	unsee "kill B (pid"
	see "kill B SIGTERM: B was reaped"
	msg | grep -q '^kill B SIGTERM: B was reaped; its pid [0-9]* may be another process' ||
	    fail "the menu's error is not what it should be: $(msg)"
	screen | grep -q 'column [0-9]*: B was reaped' && fail "the menu's error names a column"
	# A command made by a menu that succeeds clears it too: show B,
	# the last entry of B's menu of calls.
	tm send-keys -t lab Enter
	see "B (killed): calls"
	tm send-keys -t lab End Enter
	unsee "B (killed): calls"
	msg_is ""
	# And the error of a typed command, after the menu's.
	tui_command 'kill A SIGNOPE'
	see "column 8: "
	msg | grep -q '^column 8: ' || fail "the typed error is not on the message line: $(msg)"
	tm send-keys -t lab q
	see "quit and kill it? (y/n)"
	tm send-keys -t lab y
	tui_wait_gone
done
exit 0
