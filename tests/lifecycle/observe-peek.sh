# What an observed process's pipe holds is shown without taking it: who
# holds the other end, the bytes queued, peeked through a duplicate of
# its descriptor, and the process then reads every one of them itself.
# Observing changes nothing.
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
NAME=$(observed_name $HP)
printf 'observe %s\nshow %s\n' $HP "$NAME" > "$T/s.isc"
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "status $?"; }
# Each end says who holds the other (the holder itself), what is queued,
# and the read end the bytes.
awk -v r="$R" -v w="$W" -v me="$NAME" '
/^    -$/ { fd = "" }
/^      fd: / { fd = $2 }
fd == r && $0 == "      writers: " me { rw = 1 }
fd == r && $0 == "      queued: 11" { rq = 1 }
fd == r && $0 == "      bytes: \"hello, pipe\"" { rb = 1 }
fd == w && $0 == "      readers: " me { wr = 1 }
fd == w && $0 == "      queued: 11" { wq = 1 }
fd == w && /^      bytes:/ { wb = 1 }
END { exit !(rw && rq && rb && wr && wq && !wb) }' "$T/out" ||
    { cat "$T/out"; fail "the ends, their counts and the bytes are not as held"; }
kill -USR1 $HP
n=0
until [ -s "$T/got" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the holder did not read"
	sleep 0.05
done
[ "$(cat "$T/got")" = "hello, pipe" ] || fail "the holder read '$(cat "$T/got")': observing took bytes"
