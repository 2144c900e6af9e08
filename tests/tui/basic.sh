# The screen a person sees: panes drawn; a pipe's bytes queued in the
# objects pane and the bytes themselves in the detail pane; a read
# empties it and the log shows the call.
. "$SRCDIR/tests/lib.sh"
tui_start 120 40 "$IPCSCOPE"
see "Actors (0)"
see "Objects (0)"
see "Log"
see "q quit"
tui_command 'spawn A'

see "Actors (1)"
tui_command 'A pipe p1'
tui_command 'A fork B'
see "Actors (2)"
tui_command 'A write p1 "hello"'
see "p1       pipe    5/64K"
# The detail pane shows the object the last show named.
tui_command 'show p1'
see "p1: pipe"
see "5/65536 bytes"
see "68 65 6c 6c 6f"
see "hello"
tui_command 'B read p1'
see 'read(3<p1.r>, "hello", 65536) = 5'
see "p1       pipe    0/64K"
see "0/65536 bytes"
# The actors pane shows the tree and the descriptors.
see "└ B"
see "3:p1.r 4:p1.w"
tm send-keys -t lab q
see "2 actors are alive: quit and kill them? (y/n)"
tm send-keys -t lab y
tui_wait_gone
# The history is kept across runs, privately.
[ "$(stat -c %a "$XDG_STATE_HOME/ipcscope/history")" = 600 ] || fail "history is not private"
tui_start 120 40 "$IPCSCOPE"
see "Actors (0)"
tm send-keys -t lab ':'
see "Enter run"
tm send-keys -t lab Up
see ':B read p1'
tm send-keys -t lab Up
see ':show p1'
tm send-keys -t lab Escape q
exit 0
