# Who ends a wait of an observed thread where anyone may, and where the
# other side is a listener, a pty or a set of descriptors: a server in
# accept on a UNIX path and on a loopback port, with a client connected,
# then with none (anyone connecting may end it); a connect to a full
# backlog whose server waits for the client (a deadlock through the
# listener), on a UNIX path and on a loopback port; a UDP read (anyone
# who may send to it, its connected sender named); two processes each
# in sigwait, and one reading a signalfd
# (anyone who may signal them may end it: no deadlock, and a reader of a
# pipe only a sigwaiter writes is not stuck); an epoll_wait whose
# edge-triggered pipe was left unread (ready), and a poll with none
# ready, still known once stopped and continued (restart_syscall); both
# sides of a pty reading (a deadlock).
# Real processes the lab did not make, not actors.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/server.py" <<'P'
import os, socket, sys
if sys.argv[1] == "unix":
    s = socket.socket(socket.AF_UNIX)
    s.bind(sys.argv[2])
else:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
s.listen(1)
a, _ = s.accept()
s.accept()
P
cat > "$T/client.py" <<'P'
import os, socket, sys
if sys.argv[1] == "unix":
    c = socket.socket(socket.AF_UNIX)
    c.connect(sys.argv[2])
else:
    c = socket.socket()
    c.connect(("127.0.0.1", int(sys.argv[2])))
c.recv(1)
P
cat > "$T/connect.py" <<'P'
import os, socket, sys
fam = socket.AF_UNIX if sys.argv[1] == "unix" else socket.AF_INET
s = socket.socket(fam)
s.bind(sys.argv[2] if sys.argv[1] == "unix" else ("127.0.0.1", 0))
s.listen(0)
addr = s.getsockname()
r, w = os.pipe()
if os.fork() == 0:
    s.close(); os.close(r)
    c1 = socket.socket(fam); c1.connect(addr)
    # The backlog is full: a UNIX connect waits for room, a TCP SYN is
    # dropped and sent again.
    c2 = socket.socket(fam); c2.connect(addr)
    os.write(w, b"x")
    sys.exit(0)
os.close(w)
os.read(r, 1)
s.accept()
P
cat > "$T/udp.py" <<'P'
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
r, w = os.pipe()
if os.fork() == 0:
    s.close(); os.close(w)
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.connect(("127.0.0.1", int(open(sys.argv[1]).read())))
    os.read(r, 1)
    sys.exit(0)
os.close(r)
s.recv(1)
P
cat > "$T/sigwait.py" <<'P'
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
r, w = os.pipe()
if os.fork() == 0:
    os.close(w)
    os.read(r, 1)       # only the sigwaiters write
    sys.exit(0)
os.close(r)
if os.fork() == 0:
    signal.sigwait([signal.SIGUSR1])
    sys.exit(0)
signal.sigwait([signal.SIGUSR1])
P
cat > "$T/signalfd.py" <<'P'
import ctypes, os, signal
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
mask = (ctypes.c_ulong * 16)()
mask[0] = 1 << (signal.SIGUSR1 - 1)
fd = ctypes.CDLL(None, use_errno=True).signalfd(-1, mask, 0)
os.read(fd, 128)
P
cat > "$T/edge.py" <<'P'
import os, select
r1, w1 = os.pipe()
r2, w2 = os.pipe()
e = select.epoll()
e.register(r1, select.EPOLLIN | select.EPOLLET)
e.register(r2, select.EPOLLIN | select.EPOLLET)
os.write(w1, b"x")
e.poll()            # r1's edge, and its byte left unread
e.poll()
P
cat > "$T/poll.py" <<'P'
import os, select
r1, w1 = os.pipe()
r2, w2 = os.pipe()
p = select.poll()
p.register(r1, select.POLLIN)
p.register(r2, select.POLLIN)
p.poll()
P
cat > "$T/pty.py" <<'P'
import os, sys
m, s = os.openpty()
if os.fork() == 0:
    os.close(m)
    os.read(s, 1)
    sys.exit(0)
os.close(s)
os.read(m, 1)
P
"$PY" "$T/server.py" unix "$T/l.sock" > /dev/null 2>&1 &
US=$!
"$PY" "$T/server.py" tcp "$T/port" > /dev/null 2>&1 &
TS=$!
"$PY" "$T/connect.py" unix "$T/c.sock" > /dev/null 2>&1 &
CS=$!
"$PY" "$T/connect.py" tcp > /dev/null 2>&1 &
TCS=$!
"$PY" "$T/sigwait.py" > /dev/null 2>&1 &
SW=$!
"$PY" "$T/udp.py" "$T/uport" > /dev/null 2>&1 &
UDP=$!
"$PY" "$T/edge.py" > /dev/null 2>&1 &
EDGE=$!
"$PY" "$T/poll.py" > /dev/null 2>&1 &
POLLP=$!
"$PY" "$T/pty.py" > /dev/null 2>&1 &
PTYP=$!
PIDS="$US $TS $CS $TCS $SW $UDP $EDGE $POLLP $PTYP"
trap 'kill $PIDS 2>/dev/null' EXIT
"$PY" "$T/signalfd.py" > /dev/null 2>&1 &
SFD=$!
PIDS="$PIDS $SFD"
n=0
until [ -S "$T/l.sock" ] && [ -s "$T/port" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the servers did not start"
	sleep 0.05
done
"$PY" "$T/client.py" unix "$T/l.sock" > /dev/null 2>&1 &
UC=$!
"$PY" "$T/client.py" tcp "$(cat "$T/port")" > /dev/null 2>&1 &
TC=$!
PIDS="$PIDS $UC $TC"
CC2=$(child_of $CS)
TCC2=$(child_of $TCS)
UDPC=$(child_of $UDP)
SKIDS=
n=0
until SKIDS=$(cat /proc/$SW/task/$SW/children 2>/dev/null) && [ "$(echo $SKIDS | wc -w)" -eq 2 ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the sigwaiter's children did not start"
	sleep 0.05
done
set -- $SKIDS
# The reader is the one in read.
call_of() {
	cut -d' ' -f1 /proc/$1/task/$1/syscall 2>/dev/null
}
n=0
until [ "$(call_of $1)" = 0 ] || [ "$(call_of $2)" = 0 ]; do
	n=$((n + 1))
	[ $n -gt 200 ] && fail "the sigwaiters' reader is not in read"
	sleep 0.05
done
if [ "$(call_of $1)" = 0 ]; then
	SR=$1
	SW2=$2
else
	SR=$2
	SW2=$1
fi
PTYC=$(child_of $PTYP)
PIDS="$PIDS $CC2 $TCC2 $UDPC $SR $SW2 $PTYC"
# Each in its call (x86-64 numbers): the servers in accept4 (288) for the
# second time (their client in recvfrom, 45), the connecting children
# in connect (42) and their parents in read (0), the sigwaiters in
# rt_sigtimedwait (128) and their reader in read, the signalfd reader in
# read, the pollers in epoll_wait (232) and poll (7), both sides of the
# pty in read.
in_call $UC 45
in_call $TC 45
in_call $US 288
in_call $TS 288
in_call $CC2 42
in_call $CS 0
in_call $TCC2 42
in_call $TCS 0
in_call $UDP 45
in_call $UDPC 0
in_call $SW 128
in_call $SW2 128
in_call $SR 0
in_call $SFD 0
in_call $EDGE 232
in_call $POLLP 7
in_call $PTYP 0
in_call $PTYC 0
PORT=$(cat "$T/port")
UPORT=$(cat "$T/uport")
# A pipe's read end, as an observed process's descriptor names it: the
# lab's object of the pipe (pipe-INODE).
read_end() {
	printf 'pipe-%s.r' "$(stat -L -c %i /proc/$1/fd/$2)"
}
R1=$(read_end $EDGE 3)
R2=$(read_end $EDGE 5)
P1=$(read_end $POLLP 3)
P2=$(read_end $POLLP 5)
SWN=$(observed_name $SW)
SW2N=$(observed_name $SW2)
SRN=$(observed_name $SR)

cat > "$T/s.isc" <<X
observe $US $TS $UC $TC $CS $CC2 $TCS $TCC2 $UDP $UDPC $SW $SW2 $SR $EDGE $POLLP $PTYP $PTYC $SFD
echo a server in accept on a UNIX path: anyone connecting may end it; its client is named
expect python3-$US call == accept4
expect python3-$US chain == "any process connecting to $T/l.sock may end it"
expect python3-$US waits_for == 1
echo the same on a loopback port
expect python3-$TS chain == "any process connecting to 127.0.0.1:$PORT may end it"
expect python3-$TS waits_for == 1
echo a connect to a full backlog waits for the holder of the listener, who waits for the client: a deadlock
expect python3-$CC2 call == connect
expect python3-$CC2 chain == "deadlock: python3-$CC2 -> python3-$CS -> python3-$CC2"
expect python3-$CS chain == "deadlock: python3-$CS -> python3-$CC2 -> python3-$CS"
echo the same on a loopback port, its SYN dropped
expect python3-$TCC2 call == connect
expect python3-$TCC2 chain == "deadlock: python3-$TCC2 -> python3-$TCS -> python3-$TCC2"
echo a UDP read: anyone who may send to it, and the socket connected to it is named
expect python3-$UDP chain == "any process that may send to 127.0.0.1:$UPORT may end it"
expect python3-$UDP waits_for == 1
echo two processes in sigwait: each may be signalled by the other, and by anyone of their user: no deadlock
expect $SWN on == SIGUSR1
expect $SWN chain has "any process that may signal it"
expect $SWN chain has "may end it"
expect $SW2N chain has "any process that may signal it"
expect $SWN waits_for >= 1
echo a reader of a pipe only the sigwaiters write is not stuck: they may move
expect $SRN chain has "may end it, and is blocked in rt_sigtimedwait"
echo an edge-triggered pipe left unread: ready while the thread sleeps
expect python3-$EDGE ready == "3<$R1>"
echo a poll with nothing ready, stopped and continued: its set is still known
expect python3-$POLLP ready == none
kill pid:$POLLP STOP
wait python3-$POLLP stopped timeout 3s
kill pid:$POLLP CONT
wait python3-$POLLP blocked timeout 3s
expect python3-$POLLP call == restart_syscall
expect python3-$POLLP on == "3<$P1>, 5<$P2>"
expect python3-$POLLP ready == none
echo both sides of a pty reading: a deadlock
expect python3-$PTYP chain == "deadlock: python3-$PTYP -> python3-$PTYC -> python3-$PTYP"
expect python3-$PTYC chain == "deadlock: python3-$PTYC -> python3-$PTYP -> python3-$PTYC"
echo a signalfd read: anyone who may signal it
expect python3-$SFD call == read
expect python3-$SFD chain has "any process that may signal it"
show python3-$US
show python3-$UDP
X
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "status $?"; }
[ "$(grep -c ': ok$' "$T/out")" -eq 27 ] || { cat "$T/out"; fail "want 27 checks that hold"; }
grep -q "^    - process=python3-$UC state=blocked$" "$T/out" ||
    { cat "$T/out"; fail "the accept does not name the connected client"; }
grep -q "^    - process=python3-$UDPC state=blocked$" "$T/out" ||
    { cat "$T/out"; fail "the UDP read does not name the connected sender"; }
grep -q "deadlock: .*\(python3-$SW\|python3-$SW2\)" "$T/out" &&
    { cat "$T/out"; fail "sigwaiters named in a deadlock"; }
grep -q "nobody can move" "$T/out" && { cat "$T/out"; fail "nobody can move, said falsely"; }

# The clients gone: anyone may still connect; none is named.
kill $UC $TC
wait $UC $TC 2>/dev/null
cat > "$T/s2.isc" <<X
observe $US $TS
expect python3-$US chain == "any process connecting to $T/l.sock may end it"
expect python3-$US waits_for == 0
expect python3-$TS chain == "any process connecting to 127.0.0.1:$PORT may end it"
expect python3-$TS waits_for == 0
X
"$IPCSCOPE" --batch "$T/s2.isc" > "$T/out2" 2>&1 || { cat "$T/out2"; fail "status $?"; }
[ "$(grep -c ': ok$' "$T/out2")" -eq 4 ] || { cat "$T/out2"; fail "want 4 checks that hold"; }
for p in $US $TS $CS $CC2 $TCS $TCC2 $UDP $UDPC $SW $SW2 $SR $EDGE $POLLP $PTYP $PTYC $SFD; do
	alive $p || fail "observed pid $p did not outlive the lab"
done
exit 0
