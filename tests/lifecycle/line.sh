# The line mode (--line), driven in a real terminal (tmux) as a
# person would: commands, Tab completion, Ctrl-C, events printed above
# the prompt, history kept privately, quit.
. "$SRCDIR/tests/lib.sh"
command -v tmux > /dev/null || fail "tmux is needed (tests/deps.sh installs it)"
tm() { tmux -S "$T/tmux" "$@"; }
screen() { tm capture-pane -p -t lab; }
# Wait until the screen shows $1 (up to 5 s).
see() {
	n=0
	until screen | grep -qF -- "$1"; do
		n=$((n + 1))
		[ $n -gt 50 ] && { screen; tm kill-server 2>/dev/null; fail "the screen never showed: $1"; }
		sleep 0.1
	done
}
trap 'tm kill-server 2>/dev/null' EXIT
export XDG_STATE_HOME="$T/state"
tm new-session -d -s lab -x 120 -y 40 "$IPCSCOPE --line"
see "ipcscope>"
# The greeting fits 80 columns.
screen | awk 'length > 80 { bad = 1; print } END { exit bad }' ||
    fail "the greeting is wider than 80 columns"
tm send-keys -t lab 'spawn A' Enter
see "A: spawned, pid"
tm send-keys -t lab 'A pipe p1' Enter 'A fork B' Enter 'A write p1 "hello"' Enter
see 'write(4<p1.w>, "hello", 5) = 5'
tm send-keys -t lab 'show p1' Enter
see 'contents: "hello"'
# Tab completes verbs.
tm send-keys -t lab 'A unbl' Tab
see "ipcscope> A unblock"
tm send-keys -t lab C-u
# Ctrl-C drops a half-typed line; nothing runs.
tm send-keys -t lab 'B read p1 99'
see 'ipcscope> B read p1 99'
tm send-keys -t lab C-c
see 'ipcscope> B read p1 99^C'
screen | grep -q 'read(3<p1.r>, ..., 99)' && fail "Ctrl-C ran the line"
# A blocked call gives the prompt back; its end is printed when it comes.
tm send-keys -t lab 'B read p1' Enter 'B read p1' Enter
see 'blocked in'
tm send-keys -t lab 'A write p1 "later"' Enter
see 'read(3<p1.r>, "later", 65536) = 5'
# Errors are one line with the column.
tm send-keys -t lab 'A write p1 later' Enter
see 'column 12: DATA must be a quoted string'
pid=$(tm list-panes -t lab -F '#{pane_pid}')
tm send-keys -t lab 'quit' Enter
n=0
while [ -e "/proc/$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null)" = ipcscope ]; do
	n=$((n + 1))
	[ $n -gt 50 ] && fail "quit did not end ipcscope"
	sleep 0.1
done
h="$XDG_STATE_HOME/ipcscope/history"
[ -f "$h" ] || fail "no history file"
[ "$(stat -c %a "$h")" = 600 ] || fail "history is not private"
grep -qx 'spawn A' "$h" || fail "history lacks spawn A"
# Where the full screen cannot be drawn, the line mode takes over.
tm kill-server 2>/dev/null
tm new-session -d -s dumb -x 100 -y 30 "env TERM=dumb $IPCSCOPE"
n=0
until tm capture-pane -p -t dumb | grep -qF "ipcscope>"; do
	n=$((n + 1))
	[ $n -gt 50 ] && { tm capture-pane -p -t dumb; fail "TERM=dumb did not give the line mode"; }
	sleep 0.1
done
tm capture-pane -p -t dumb | grep -qF "cannot show the full screen; using the line mode" ||
    fail "TERM=dumb: no word about the line mode"
tm send-keys -t dumb quit Enter
exit 0
