# Health in the full screen: a process the lab observes with zombie
# children piling up is marked "!" in the actors pane, its details say
# why, the log says it as it appears and as it clears (once the parent
# reaps them, and the mark goes), and the health command lists it.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/z.py" <<'P'
import os, signal, sys, time
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
for i in range(3):
    if os.fork() == 0:
        os._exit(0)
open(sys.argv[1] + ".tmp", "w").write("go\n")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
signal.sigwait({signal.SIGUSR1})
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
time.sleep(300)
P
"$PY" "$T/z.py" "$T/ready" > /dev/null 2>&1 &
ZP=$!
trap 'kill $ZP 2>/dev/null' EXIT
n=0
until [ -s "$T/ready" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the parent did not start"
	sleep 0.05
done
Z=$(observed_name $ZP)
tui_start 160 40 "$IPCSCOPE" -p $ZP
trap 'tm kill-server 2>/dev/null; kill $ZP 2>/dev/null' EXIT
see_re "$Z +$ZP ! observed, blocked"
see "$Z health: $Z has 3 zombie children it has not reaped"
pane "$Z" text | grep -q "health $Z has 3 zombie children" ||
    { screen | sed 's/^/  | /'; fail "the details do not say the finding"; }
tui_command "health"
see_re "^.*zombies +[0-9.]+m?s +$Z has 3 zombie children"
kill -USR1 $ZP
see "$Z health cleared after"
see_re "$Z +$ZP observed, blocked"
# Observed processes are not the lab's: q does not ask to kill them.
tm send-keys -t lab q
tui_wait_gone
