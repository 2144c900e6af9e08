# The signal menu (k, F9) lists every signal with its default action and
# sends the one chosen; the actors pane shows how the actor died.
. "$SRCDIR/tests/lib.sh"
tui_start 120 40 "$IPCSCOPE"
see "Actors (0)"
tui_command 'spawn A'
tui_command 'A fork B'
see "└ B"
# Select B (second row of the actors pane, which has the focus).
tm send-keys -t lab Down
tm send-keys -t lab k
see "kill B (pid"
see "15 SIGTERM       terminate"
see "19 SIGSTOP       stop"
see "SIGRTMIN+3"
# SIGTERM is chosen first: Enter sends it.
tm send-keys -t lab Enter
unsee "kill B (pid"
see "zombie: killed by SIGTERM"
see "lab      kill("
# F9 works too, from any pane; Escape closes the menu.
tm send-keys -t lab F9
see "which signal?"
tm send-keys -t lab Escape
unsee "which signal?"
# A stopped actor shows as stopped; SIGCONT resumes it.
tm send-keys -t lab Up k
see "kill A (pid"
tm send-keys -t lab Down Down Down Down Enter
see_re '^│A +[0-9]+ stopped'
tui_command 'kill A CONT'
see_re '^│A +[0-9]+ idle'
# The detail pane shows A's own descriptors: standard I/O on /dev/null.
see "fd 0 read-write 0 /dev/null"
exit 0
