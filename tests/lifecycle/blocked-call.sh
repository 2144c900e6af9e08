# A call is reported blocked only when it is asleep in the call the user
# asked for. 1. setuid in a process with threads waits in futex(2) until
# every thread has changed its ids (the C library's broadcast): that wait
# is setuid still running, not setuid blocked, however long it lasts.
# Here a thread is held stopped under ptrace while the test looks, so
# the wait is long, without loading the machine. 2. The record of what a call made
# (the manifest's write) is the lab's: a msgget whose record waits for a
# frozen filesystem is msgget still running.
. "$SRCDIR/tests/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "skipped: setuid and ptrace of the actor need root"
	exit 0
fi
# The script comes through a FIFO: setuid is sent only once t1 is held.
mkfifo "$T/in" "$T/hold"
"$IPCSCOPE" --json --batch - < "$T/in" > "$T/out" 2> "$T/out.err" &
IPID=$!
exec 3> "$T/in"
printf 'spawn U\nU pipe p1\nU thread t1\nU.t1 read p1\nwait U.t1 blocked\necho READY\n' >&3
wait_for_text "$T/out" READY || { exec 3>&-; fail "not ready: $(cat "$T/out.err")"; }
upid=$(json_pids "$T/out" | head -1)
tid=""
for t in /proc/$upid/task/*; do
	t=${t##*/}
	[ "$t" = "$upid" ] && continue
	[ "$(cat /proc/$upid/task/$t/comm)" = ipcscope-watch ] && continue
	tid=$t
done
[ -n "$tid" ] || { exec 3>&-; fail "no thread t1 in $upid"; }
# Hold t1 in a ptrace stop until told (a line on the hold FIFO), 20 s at
# most: glibc's setuid waits for it.
python3 - "$tid" "$T/hold" <<'P' &
import ctypes, select, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
tid = int(sys.argv[1])
PTRACE_SEIZE, PTRACE_INTERRUPT, PTRACE_DETACH = 0x4206, 0x4207, 17
if libc.ptrace(PTRACE_SEIZE, tid, None, None) != 0 or libc.ptrace(PTRACE_INTERRUPT, tid, None, None) != 0:
    sys.exit("ptrace: errno %d" % ctypes.get_errno())
hold = os.open(sys.argv[2], os.O_RDONLY | os.O_NONBLOCK)
select.select([hold], [], [], 20)
libc.ptrace(PTRACE_DETACH, tid, None, None)
P
tracer=$!
exec 4<> "$T/hold"
# Until t1 is in its ptrace stop (t)...
n=0
until [ "$(sed 's/.*) //' "/proc/$upid/task/$tid/stat" | cut -c1)" = t ]; do
	n=$((n + 1)); [ $n -gt 100 ] && { exec 3>&- 4>&-; fail "t1 was not stopped"; }
	sleep 0.1
done
printf 'U setuid 65534\necho SETUID-DONE\nexpect U last.ret == 0\n' >&3
exec 3>&-
# ...then U is in setuid, asleep in the C library's futex wait for t1...
n=0
until grep -q futex "/proc/$upid/wchan"; do
	n=$((n + 1)); [ $n -gt 100 ] && { exec 4>&-; fail "U is not waiting in futex: $(cat /proc/$upid/wchan)"; }
	sleep 0.1
done
# ...for a while, and the lab says nothing of it: not blocked, not returned.
sleep 1.5
grep -q futex "/proc/$upid/wchan" || { exec 4>&-; fail "U left the futex wait while t1 was held: $(cat /proc/$upid/wchan)"; }
grep 'setuid' "$T/out" && { exec 4>&-; fail "setuid was reported while the C library waited for a thread"; }
grep -q SETUID-DONE "$T/out" && { exec 4>&-; fail "the script went on before setuid returned"; }
echo go >&4
exec 4>&-
wait $tracer || fail "the tracer failed"
wait_for_text "$T/out" SETUID-DONE || fail "setuid never returned: $(tail -3 "$T/out")"
grep -q '"text":"setuid(65534) = 0' "$T/out" || fail "setuid did not return 0: $(grep setuid "$T/out")"
wait $IPID || fail "the script failed: $(cat "$T/out.err")"

# 2. The manifest on a filesystem of its own (an ext4 image, in a mount
# namespace of this test's), frozen while an actor records a queue.
command -v mkfs.ext4 > /dev/null && command -v fsfreeze > /dev/null ||
    { echo "skipped part 2: no mkfs.ext4 or fsfreeze"; exit 0; }
truncate -s 16M "$T/img"
mkfs.ext4 -q -F "$T/img" || fail "mkfs.ext4 failed"
mkdir "$T/mnt"
cat > "$T/inner.sh" <<'INNER'
T=$1
mount -o loop "$T/img" "$T/mnt" || { echo "mount failed"; exit 3; }
mkdir -m 700 "$T/mnt/run"
trap 'fsfreeze -u "$T/mnt" 2> /dev/null; umount "$T/mnt"' EXIT
# The script through a FIFO: msgget is sent once the filesystem is frozen.
mkfifo "$T/qin"
XDG_RUNTIME_DIR=$T/mnt/run "$IPCSCOPE" --json --batch - < "$T/qin" > "$T/qout" 2> "$T/qerr" &
ipid=$!
exec 3> "$T/qin"
printf 'spawn A\necho READY\n' >&3
n=0
until grep -q READY "$T/qout"; do
	n=$((n + 1)); [ $n -gt 100 ] && { echo "not ready"; exit 1; }
	sleep 0.1
done
fsfreeze -f "$T/mnt" || { echo "fsfreeze failed"; exit 3; }
printf 'A msgget q1\necho MSGGET-DONE\nexpect A last.ret >= 0\n' >&3
exec 3>&-
sleep 2
# A is in msgget's record, waiting for the filesystem...
grep -q 'percpu_rwsem\|sb_start\|freeze' /proc/$(grep -o '"pid":[0-9]*' "$T/qout" | cut -d: -f2)/wchan ||
    echo "note: A waits in $(cat /proc/$(grep -o '"pid":[0-9]*' "$T/qout" | cut -d: -f2)/wchan)"
# ...and the lab has said nothing of it.
grep msgget "$T/qout" && { echo "msgget was reported while its record waited"; exit 1; }
grep -q MSGGET-DONE "$T/qout" && { echo "the script went on before msgget returned"; exit 1; }
fsfreeze -u "$T/mnt"
wait $ipid || { echo "the script failed: $(cat "$T/qerr")"; exit 1; }
grep -q '"text":"msgget(IPC_PRIVATE, IPC_CREAT|0600) = [0-9]' "$T/qout" || { echo "msgget did not return: $(cat "$T/qout")"; exit 1; }
exit 0
INNER
unshare --mount --propagation private sh "$T/inner.sh" "$T" > "$T/inner.out" 2>&1
st=$?
[ $st -eq 3 ] && { echo "skipped part 2: $(cat "$T/inner.out")"; exit 0; }
[ $st -eq 0 ] || fail "$(cat "$T/inner.out")"
exit 0
