# What an observed process's pipe holds is shown without taking it: the
# bytes queued, peeked through a duplicate of its descriptor, and the
# process then reads every one of them itself. Observing changes nothing.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/held.py" <<'P'
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
r, w = os.pipe()
os.write(w, b"hello, pipe")
open(sys.argv[1] + ".ready", "w").write("%d %d\n" % (r, w))
signal.sigwait({signal.SIGUSR1})
data = os.read(r, 100)
open(sys.argv[1], "w").write(data.decode())
P
"$PY" "$T/held.py" "$T/got" > /dev/null 2>&1 &
HP=$!
trap 'kill $HP 2>/dev/null' EXIT
n=0
until [ -s "$T/got.ready" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the holder did not start"
	sleep 0.05
done
read -r R W < "$T/got.ready"
NAME=$(tr -c 'A-Za-z0-9_\n-' '_' < /proc/$HP/comm)-$HP
printf 'observe %s\nshow %s\n' $HP "$NAME" > "$T/s.isc"
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "status $?"; }
grep -q "^    - fd=$R access=read flags=O_CLOEXEC file=pipe:\[[0-9]*\] queued=11 capacity=65536 bytes=\"hello, pipe\"$" "$T/out" ||
    { cat "$T/out"; fail "the read end's bytes are not shown"; }
grep -q "^    - fd=$W access=write flags=O_CLOEXEC file=pipe:\[[0-9]*\] queued=11 capacity=65536$" "$T/out" ||
    { cat "$T/out"; fail "the write end's count is not shown"; }
kill -USR1 $HP
n=0
until [ -s "$T/got" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the holder did not read"
	sleep 0.05
done
[ "$(cat "$T/got")" = "hello, pipe" ] || fail "the holder read '$(cat "$T/got")': observing took bytes"
