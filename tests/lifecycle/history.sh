# The command-line history is kept where the XDG spec says, whatever of
# the way there is missing: in a fresh home (no ~/.local), and under an
# XDG_STATE_HOME whose parents do not exist yet, the directories are
# made (mode 0700) and each line is written as it runs; the next run
# recalls it. Where it cannot be kept, that is said once: on stderr in
# the line mode, on the message line of the full screen.
. "$SRCDIR/tests/lib.sh"
command -v tmux > /dev/null || fail "tmux is needed (tests/deps.sh installs it)"
# Start the line mode with the environment $@ (env's arguments).
start_line() {
	tui_start 150 30 env "$@" "$IPCSCOPE" --line
	see "ipcscope>"
}
mode() {
	[ "$(stat -c %a "$1")" = "$2" ] || fail "$1 has mode $(stat -c %a "$1"), not $2"
}

# A fresh home: no .local at all.
home=$T/home
mkdir -m 700 "$home"
start_line -u XDG_STATE_HOME HOME="$home"
tm send-keys -t lab 'spawn A' Enter
see 'A: spawned'
h=$home/.local/state/ipcscope/history
# Written as it runs, not only at the end.
n=0
until grep -qx 'spawn A' "$h" 2>/dev/null; do
	n=$((n + 1))
	[ $n -gt 50 ] && fail "no history in a fresh home: $(find "$home")"
	sleep 0.1
done
screen | grep -q 'history will not be saved' && fail "a warning where history is kept"
tm send-keys -t lab quit Enter
tui_wait_gone
for d in "$home/.local" "$home/.local/state" "$home/.local/state/ipcscope"; do
	mode "$d" 700
done
mode "$h" 600
# The next run recalls it: quit, then spawn A.
start_line -u XDG_STATE_HOME HOME="$home"
tm send-keys -t lab Up
see 'ipcscope> quit'
tm send-keys -t lab Up
see 'ipcscope> spawn A'
tm send-keys -t lab C-u quit Enter
tui_wait_gone
[ "$(tail -1 "$h")" = quit ] || fail "the history does not end with quit: $(tail -3 "$h")"

# XDG_STATE_HOME, its parents missing, wins over HOME.
state=$T/xdg/deep/state
start_line XDG_STATE_HOME="$state" HOME="$home"
tm send-keys -t lab 'echo here' Enter
see 'ipcscope> echo here'
tm send-keys -t lab quit Enter
tui_wait_gone
grep -qx 'echo here' "$state/ipcscope/history" || fail "no history under XDG_STATE_HOME"
grep -q 'echo here' "$h" && fail "history went to HOME despite XDG_STATE_HOME"
for d in "$T/xdg" "$T/xdg/deep" "$state" "$state/ipcscope"; do
	mode "$d" 700
done

# Where it cannot be made (a file is in the way): said once, on stderr.
: > "$T/file"
start_line XDG_STATE_HOME="$T/file/state" HOME="$home"
see "ipcscope: history will not be saved: cannot make $T/file/state: Not a directory"
tm send-keys -t lab 'echo one' Enter 'echo two' Enter
see 'two'
[ "$(screen | grep -c 'history will not be saved')" = 1 ] || { screen; fail "not said once"; }
tm send-keys -t lab quit Enter
tui_wait_gone

# The full screen says it on its message line.
tui_start 100 30 env XDG_STATE_HOME="$T/file/state" HOME="$home" "$IPCSCOPE"
see "history will not be saved: cannot make $T/file"
tm send-keys -t lab q
tui_wait_gone
rm -rf "$home" "$T/xdg" "$T/file"
exit 0
