# What an idle tick keeps from the last one must follow what changes: an
# observed socketpair's line in the objects pane (said from the last
# sock_diag dump while its holders are still) shows the bytes its holder
# sends when it wakes; a reader on a socketpair keeps its chain while
# nothing moves, and names the new holder of the other end once the old
# one forks it away and ends; a file an observed process locks becomes
# an object at once, from its own fdinfo (/proc/locks, for others'
# locks, is read again only every 5 s).
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
mkfifo "$T/go" "$T/move" "$T/lock"
# Q holds both ends of a pair; each byte on go makes it send 5 bytes from
# one end to the other, and it waits again.
cat > "$T/q.py" <<'P'
import os, socket, sys
c, d = socket.socketpair()
f = os.open(sys.argv[1], os.O_RDWR)
while True:
    os.read(f, 1)
    d.send(b"hello")
P
# P keeps one end of a pair whose other end its child R reads; a byte on
# move makes P fork G, which keeps P's end, and end.
cat > "$T/p.py" <<'P'
import os, signal, socket, sys
a, b = socket.socketpair()
if os.fork() == 0:
    b.close()
    a.recv(1)
    sys.exit(0)
a.close()
f = os.open(sys.argv[1], os.O_RDWR)
os.read(f, 1)
if os.fork() == 0:
    with open(sys.argv[2] + ".tmp", "w") as o:
        o.write("%d\n" % os.getpid())
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    signal.pause()
os._exit(0)
P
# K holds a file, and locks it on a byte on lock.
cat > "$T/k.py" <<'P'
import fcntl, os, sys
f = open(sys.argv[2], "w")
c = os.open(sys.argv[1], os.O_RDWR)
os.read(c, 1)
fcntl.lockf(f, fcntl.LOCK_EX)
os.read(c, 1)
P
sleep 1000 &
S=$!
"$PY" "$T/q.py" "$T/go" > /dev/null 2>&1 &
Q=$!
"$PY" "$T/p.py" "$T/move" "$T/g.pid" > /dev/null 2>&1 &
P=$!
"$PY" "$T/k.py" "$T/lock" "$T/k" > /dev/null 2>&1 &
K=$!
PIDS="$S $Q $P $K"
trap 'kill $PIDS 2>/dev/null' EXIT
R=$(child_of $P)
PIDS="$PIDS $R"
in_call $Q 0
in_call $P 0
in_call $R 45
in_call $K 0
KI=$(stat -c %i "$T/k")
INO=$(stat -L -c %i /proc/$Q/fd/3)
INO2=$(stat -L -c %i /proc/$Q/fd/4)
[ "$INO2" -lt "$INO" ] && INO=$INO2

# The sleep first: the detail pane shows it, so that nothing but the
# objects pane's line asks for Q's sockets.
tui_start 160 45 "$IPCSCOPE" -d 200ms -p $S,$Q
trap 'tm kill-server 2>/dev/null; kill $PIDS 2>/dev/null' EXIT
see "Actors (2)"
see_re "socket-$INO +socket +observed, unix stream pair: a: ESTABLISHED; b"
# Idle ticks go by; then Q wakes and sends.
sleep 1
printf x > "$T/go"
see_re "socket-$INO +socket +observed, unix stream pair: a: ESTABLISHED, 5"
tm send-keys -t lab q
tui_wait_gone

# The chain of R, kept while still, then moved to G (observed as it
# starts, by the rule).
cat > "$T/s.isc" <<X
observe $P $R $K
observe comm python3
expect python3-$R waits_for.0.process == python3-$P
sleep 1s
expect python3-$R waits_for.0.process == python3-$P
echo move
expect python3-$R chain has "may end it, and is blocked in pause" within 5s
expect python3-$R waits_for.0.process != python3-$P
expect file-$KI summary has "1 lock" within 2s
show python3-$R
X
"$IPCSCOPE" -d 100ms --batch "$T/s.isc" > "$T/out" 2>&1 &
B=$!
PIDS="$PIDS $B"
n=0
until grep -q "^move" "$T/out"; do
	n=$((n + 1))
	[ $n -gt 200 ] && { cat "$T/out"; fail "the batch did not come to the move"; }
	sleep 0.05
done
printf x > "$T/move"
printf x > "$T/lock"
n=0
until [ -s "$T/g.pid" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "P did not fork G"
	sleep 0.05
done
G=$(cat "$T/g.pid")
PIDS="$PIDS $G"
wait $B || { cat "$T/out"; fail "the batch failed"; }
[ "$(grep -c ': ok$' "$T/out")" -eq 5 ] || { cat "$T/out"; fail "want 5 checks that hold"; }
grep -q "^    - process=python3-$G state=blocked$" "$T/out" ||
    { cat "$T/out"; fail "R's wait does not name G"; }
