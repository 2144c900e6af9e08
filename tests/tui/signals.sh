# The signal grid in the detail pane: what is pending, blocked and caught,
# one cell per signal, the cell that changed in colour; what was received;
# and the signal menu of a thread, which sends with tkill.
. "$SRCDIR/tests/lib.sh"
tui_start 170 50 env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
see "Actors (0)"
tui_command 'spawn A'
tui_command 'A thread t1'
see "└ A.t1"
tui_command 'A signal USR1 catch siginfo'
tui_command 'A block USR1'
tui_command 'A.t1 block USR1'
# The actors pane has the focus and A selected: its detail is shown.
see "signals   1        9        17       25       33       41       49       57     64"
see "caught  ........ .C...... ........"
see "USR1 term"
tui_command 'kill A USR1'
see "process ........ .P...... ........"
see "blocked ........ .B...... ........"
# The cell that changed is drawn in the changed colour (bold yellow).
tm capture-pane -e -p -t lab | grep 'process ' | head -1 > "$T/changed"
grep -q ".$(printf '\033')\[1m$(printf '\033')\[33mP" "$T/changed" ||
    fail "the new pending cell is not highlighted: $(cat -v "$T/changed")"
tui_command 'A.t1 unblock USR1'
see "process ........ ........ ........"
see "received (1 in all)"
# It may be below the pane's last row (a long line wraps): the end of
# the detail, then back to the actors.
tm send-keys -t lab BTab BTab End
see_re "SIGUSR1 handler\\(siginfo\\) A\\.t1 SI_USER from the lab pid [0-9]+ uid 0"
tm send-keys -t lab BTab
# Select the thread: its own grid, and k sends to it alone.
tm send-keys -t lab Down
see "A.t1: thread"
tm send-keys -t lab k
see "tkill A.t1 (tid"
see "10 SIGUSR1       terminate"
tm send-keys -t lab Escape
unsee "tkill A.t1 (tid"
tui_command 'A.t1 block USR2'
tui_command 'tkill A.t1 USR2'
see "thread  ........ ...P.... ........"
tm send-keys -t lab q
see "quit and kill it? (y/n)"
tm send-keys -t lab y
tui_wait_gone
exit 0
