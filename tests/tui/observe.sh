# Observed processes in the full screen: -p puts a process the lab did
# not make in the actors pane, marked observed, with what it is blocked
# in, and its observing in the log; observe comm adds another as it
# starts; unobserve takes it away and leaves it running.
. "$SRCDIR/tests/lib.sh"
NAME=tuiobs-$$
cp /bin/sleep "$T/$NAME"
"$T/$NAME" 1000 > /dev/null 2>&1 &
SP=$!
LATE=
trap 'kill $SP 2>/dev/null' EXIT
n=0
until [ "$(cat /proc/$SP/comm 2>/dev/null)" = "$NAME" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the sleep did not start"
	sleep 0.05
done
tui_start 140 40 "$IPCSCOPE" -p $SP
trap 'tm kill-server 2>/dev/null; kill $SP $LATE 2>/dev/null' EXIT
see "Actors (1)"
see "0 actors 1 observed 0 objects"
see_re "$NAME-$SP +$SP observed, blocked clock_nanosleep"
see "observing $NAME-$SP: pid $SP ($NAME)"
tui_command "observe comm $NAME"
( sleep 0.5; exec "$T/$NAME" 1001 ) > /dev/null 2>&1 &
LATE=$!
see "Actors (2)"
see_re "$NAME-$LATE +$LATE observed, blocked"
tui_command "unobserve $NAME-$SP"
see "Actors (1)"
see "no longer observed: $NAME-$SP"
# Observed processes are not the lab's: q does not ask to kill them.
tm send-keys -t lab q
tui_wait_gone
alive $SP || fail "the observed process did not outlive the lab"
alive $LATE || fail "the process observed by a rule did not outlive the lab"
