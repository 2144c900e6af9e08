# The terminal is given back sane on every way out: quit, SIGTERM,
# SIGINT, SIGHUP, a crash (restored first, then reported); Ctrl-Z
# suspends and fg restores the screen. Each run is from a shell in a real
# terminal, which compares stty -g before and after.
. "$SRCDIR/tests/lib.sh"
command -v bash > /dev/null || fail "bash is needed for job control"
tui_start 100 30 bash --norc --noprofile
tm send-keys -t lab "PS1='$ '; ulimit -c 0" Enter

shell=$(tm list-panes -t lab -F '#{pane_pid}')
# Run ipcscope in the shell; when it ends the shell writes its status
# and the terminal modes, then says BACK-n.
run() {
	tm send-keys -t lab -l "stty -g > $T/before; ${3:-} $IPCSCOPE $2; echo \$? > $T/status; stty -g > $T/after; echo BA\"\"CK-$1"
	tm send-keys -t lab Enter
	see "Actors (0)"
}
ipid() {
	pgrep -P "$shell" -x ipcscope
}
back() {
	see "BACK-$1"
	[ "$(cat "$T/status")" = "$2" ] || fail "$1: exit status $(cat "$T/status"), want $2"
	cmp -s "$T/before" "$T/after" || fail "$1: the terminal modes changed: $(cat "$T/before") -> $(cat "$T/after")"
	tm send-keys -t lab clear Enter
	unsee "BACK-$1"
}

run quit ""
tui_command 'spawn A'
see "Actors (1)"
tm send-keys -t lab q
see "quit and kill"
tm send-keys -t lab y
back quit 0

for sig in TERM INT HUP; do
	run $sig ""
	tui_command 'spawn A'
	see "Actors (1)"
	kill -$sig "$(ipid)"
	case $sig in TERM) want=143 ;; INT) want=130 ;; HUP) want=129 ;; esac
	back $sig $want
done

# Ctrl-Z: the shell has the terminal back; fg restores the screen. (A
# stopped command lets the rest of a shell list run, so this one runs
# alone.)
tm send-keys -t lab -l "stty -g > $T/before; clear"
tm send-keys -t lab Enter
tm send-keys -t lab -l "$IPCSCOPE"
tm send-keys -t lab Enter
see "Actors (0)"
tm send-keys -t lab C-z
see "Stopped"
unsee "Actors (0)"
tm send-keys -t lab -l "stty -g > $T/during; fg"
tm send-keys -t lab Enter
see "Actors (0)"
tm send-keys -t lab q
# Keys typed before it has gone would be its own.
n=0
while [ -n "$(ipid)" ]; do
	n=$((n + 1)); [ $n -gt 50 ] && fail "suspend: q did not quit"; sleep 0.1
done
tm send-keys -t lab -l "echo \$? > $T/status; stty -g > $T/after; echo BA\"\"CK-suspend"
tm send-keys -t lab Enter
back suspend 0
cmp -s "$T/before" "$T/during" || fail "suspend: the shell got the terminal in changed modes"

# A real crash (IPCSCOPE_TEST_CRASH=segv: SIGUSR2 makes the controller
# fault) and SIGKILL: the controller cannot clean up; its guardian
# restores the terminal first, then ends the actors, removes what the lab
# made, and says so.
for how in crash kill; do
	run $how "" "IPCSCOPE_TEST_CRASH=segv"
	tui_command 'spawn A'
	see "Actors (1)"
	tui_command 'A mq_open m1 create'
	see "m1"
	pid=$(ipid)
	actor=$(pgrep -P "$pid" -x ipcscope | head -1)
	[ -n "$actor" ] || fail "$how: no actor"
	if [ $how = crash ]; then
		kill -USR2 "$pid"
		want="ipcscope: killed by SIGSEGV; the guardian ended 1 actor, removed 1 object"
		code=139
	else
		kill -KILL "$pid"
		want="ipcscope: killed by SIGKILL; the guardian ended 1 actor, removed 1 object"
		code=137
	fi
	see "BACK-$how"
	see "$want"
	[ "$(tm display -p -t lab '#{alternate_on}')" = 0 ] || fail "$how: the terminal is still in the alternate screen"
	[ "$(tm display -p -t lab '#{cursor_flag}')" = 1 ] || fail "$how: the cursor is still hidden"
	alive "$actor" && fail "$how: the actor outlived the controller"
	[ -e "$XDG_RUNTIME_DIR/ipcscope" ] && fail "$how: the runtime directory is left: $(ls -R "$XDG_RUNTIME_DIR/ipcscope")"
	back $how $code
done
exit 0
