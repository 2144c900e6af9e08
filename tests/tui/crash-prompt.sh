# A full screen that crashes gives the terminal back itself, before it
# dies: the shell's prompt, which comes as soon as it is dead, is not
# wiped by the guardian giving the terminal back later (leaving the
# alternate screen). The guardian is held stopped while the controller
# crashes, so the order is not left to the scheduler.
. "$SRCDIR/tests/lib.sh"
cat > "$T/lab.isc" <<'S'
spawn A
A pipe p1
echo READY
S
for how in segv abort; do
	tui_start 100 30 bash --norc --noprofile
	tm send-keys -t lab "PS1='$ '; ulimit -c 0" Enter
	shell=$(tm list-panes -t lab -F '#{pane_pid}')
	tm send-keys -t lab -l "clear; IPCSCOPE_TEST_CRASH=$how $IPCSCOPE -s $T/lab.isc; echo BA\"\"CK-\$?"
	tm send-keys -t lab Enter
	see READY 10
	ctl=""
	for p in $(marked_pids); do
		[ "$(cat /proc/$p/comm)" = ipcscope ] &&
		    [ "$(ps -o ppid= -p "$p" | tr -d ' ')" = "$shell" ] && ctl=$p
	done
	[ -n "$ctl" ] || fail "$how: no controller"
	g=$(guardian_of)
	[ -n "$g" ] || fail "$how: no guardian"
	kill -STOP "$g"
	kill -USR2 "$ctl"
	want=$([ $how = segv ] && echo 139 || echo 134)
	see "BACK-$want" 15
	[ "$(tm display -p -t lab '#{alternate_on}')" = 0 ] || fail "$how: the full screen was not left"
	kill -CONT "$g"
	sig=$([ $how = segv ] && echo SIGSEGV || echo SIGABRT)
	see "ipcscope: killed by $sig; the guardian ended 1 actor" 15
	see "BACK-$want"
	[ "$(tm display -p -t lab '#{alternate_on}')" = 0 ] || fail "$how: the guardian went back to the full screen"
	wait_no_actors 50 || fail "$how: actors outlived the run"
done
exit 0
