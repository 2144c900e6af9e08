# forget and reset from the full screen, at 100x30 and 80x24: what has
# ended leaves the panes; reset empties them, leaves nothing of the lab
# in ipcs, and the lab goes on. The same from the line mode.
. "$SRCDIR/tests/lib.sh"
sysv_exists() {
	! ipcs "$1" -i "$2" 2>&1 | grep -q "not found"
}
for size in "100 30" "80 24"; do
	tui_start $size "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	tui_command 'spawn B'
	tui_command 'A pipe p1'
	tui_command 'kill B KILL'
	tui_command 'reap B'
	tui_command 'A close p1.r'
	tui_command 'A close p1.w'
	see "Actors (2)"
	see "Objects (1)"
	tui_command 'forget'
	see "forgot B, p1"
	see "Actors (1)"
	see "Objects (0)"
	tui_command 'A msgget q1 create'
	see "Objects (1)"
	q1=$(screen | sed -n 's/.*msgget(.*) = \([0-9]*\)<q1>.*/\1/p' | head -1)
	[ -n "$q1" ] || { screen; fail "$size: no queue id on the screen"; }
	sysv_exists -q "$q1" || fail "$size: the queue was not made"
	tui_command 'reset'
	see "reset: 1 actor process killed"
	see "Actors (0)"
	see "Objects (0)"
	sysv_exists -q "$q1" && fail "$size: the queue outlived the reset"
	tui_command 'spawn A'
	see "Actors (1)"
	tm send-keys -t lab q
	see "is alive: quit and kill it? (y/n)"
	tm send-keys -t lab y
	tui_wait_gone
done

# The line mode.
TUI_SERVER=$((TUI_SERVER + 1))
tm new-session -d -s lab -x 100 -y 30 "$IPCSCOPE --line" || fail "tmux would not start"
see "ipcscope>"
tm send-keys -t lab -l 'spawn A'
tm send-keys -t lab Enter
see "A: spawned"
tm send-keys -t lab -l 'A msgget q1 create'
tm send-keys -t lab Enter
see "<q1>"
q1=$(screen | sed -n 's/.*msgget(.*) = \([0-9]*\)<q1>.*/\1/p' | head -1)
sysv_exists -q "$q1" || fail "line: the queue was not made"
tm send-keys -t lab -l 'reset'
tm send-keys -t lab Enter
see "reset: 1 actor process killed, 1 object removed"
sysv_exists -q "$q1" && fail "line: the queue outlived the reset"
tm send-keys -t lab -l 'show'
tm send-keys -t lab Enter
see "the lab is empty"
tm send-keys -t lab -l 'quit'
tm send-keys -t lab Enter
tui_wait_gone
exit 0
