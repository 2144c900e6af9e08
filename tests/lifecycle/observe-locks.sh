# Wait chains through file locks, between processes the lab did not
# make: two holding OFD locks on one file that each want the other's (a
# deadlock the kernel does not check for), two holding a flock each that
# want the other's file, and a POSIX lock's waiter whose holder sleeps.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/locks.py" <<'P'
import fcntl, os, struct, sys, time
kind, f1, f2 = sys.argv[1], sys.argv[2], sys.argv[3]
def ofd(fd, start):
    fcntl.fcntl(fd, fcntl.F_OFD_SETLKW, struct.pack("hhqqi", fcntl.F_WRLCK, 0, start, 1, 0))
def run(child):
    if kind == "ofd":
        fd = os.open(f1, os.O_RDWR)
        ofd(fd, 1 if child else 0)
        time.sleep(0.5)
        ofd(fd, 0 if child else 1)
    elif kind == "flock":
        a = os.open(f2 if child else f1, os.O_RDWR)
        b = os.open(f1 if child else f2, os.O_RDWR)
        fcntl.flock(a, fcntl.LOCK_EX)
        time.sleep(0.5)
        fcntl.flock(b, fcntl.LOCK_EX)
    elif kind == "posix":
        fd = os.open(f1, os.O_RDWR)
        if child:
            time.sleep(0.5)
        fcntl.lockf(fd, fcntl.LOCK_EX)
    time.sleep(1000)
if os.fork() == 0:
    run(True)
    sys.exit(0)
run(False)
P
: > "$T/f1"
: > "$T/f2"
: > "$T/f3"
"$PY" "$T/locks.py" ofd "$T/f1" "$T/f2" > /dev/null 2>&1 &
OFD=$!
"$PY" "$T/locks.py" flock "$T/f1" "$T/f2" > /dev/null 2>&1 &
FL=$!
"$PY" "$T/locks.py" posix "$T/f3" "$T/f3" > /dev/null 2>&1 &
PX=$!
PIDS="$OFD $FL $PX"
trap 'kill $PIDS 2>/dev/null' EXIT
OFDC=$(child_of $OFD)
FLC=$(child_of $FL)
PXC=$(child_of $PX)
PIDS="$PIDS $OFDC $FLC $PXC"
# Until each is in its call: fcntl (72) or flock (73).
in_call $OFD 72
in_call $OFDC 72
in_call $FL 73
in_call $FLC 73
in_call $PXC 72
A=$(observed_name $OFD)
B=$(observed_name $OFDC)
C=$(observed_name $FL)
D=$(observed_name $FLC)
H=$(observed_name $PX)
W=$(observed_name $PXC)
cat > "$T/s.isc" <<X
observe $OFD $OFDC $FL $FLC $PX $PXC
echo OFD locks: a deadlock the kernel does not see
expect $A chain == "deadlock: $A -> $B -> $A"
expect $B chain == "deadlock: $B -> $A -> $B"
expect $A waits_for == 1
echo flock: each holds one file and wants the other
expect $C chain == "deadlock: $C -> $D -> $C"
expect $D chain == "deadlock: $D -> $C -> $D"
echo a POSIX lock: the waiter, and its holder asleep
expect $W chain == "$H may end it, and is blocked in clock_nanosleep"
X
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "status $?"; }
[ "$(grep -c ': ok$' "$T/out")" -eq 6 ] || { cat "$T/out"; fail "want 6 checks that hold"; }
for p in $PIDS; do
	alive $p || fail "observed pid $p did not outlive the lab"
done
exit 0
