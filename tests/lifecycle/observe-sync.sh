# Wait chains through System V semaphores, process-shared mutexes and
# System V message queues, between processes the lab did not make: two
# processes that each took one semaphore of a set and wait for the
# other's; two that each locked one pthread mutex in shared memory and
# wait for the other's (its owner read from glibc's mutex in the
# waiter's memory); two that each wait to receive on the queue only the
# other sends to.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/sync.py" <<'P'
import ctypes, mmap, os, struct, sys, time
libc = ctypes.CDLL(None, use_errno=True)
kind, out = sys.argv[1], sys.argv[2]
class sembuf(ctypes.Structure):
    _fields_ = [("sem_num", ctypes.c_ushort), ("sem_op", ctypes.c_short),
                ("sem_flg", ctypes.c_short)]
def take(semid, n):
    b = sembuf(n, -1, 0)
    libc.semop(semid, ctypes.byref(b), 1)
if kind == "sem":
    semid = libc.semget(0, 2, 0o600 | 0o1000)
    libc.semctl(semid, 0, 16, 1)
    libc.semctl(semid, 1, 16, 1)
    with open(out + ".tmp", "w") as f:
        f.write("%d\n" % semid)
    os.rename(out + ".tmp", out)
    child = os.fork() == 0
    take(semid, 1 if child else 0)
    time.sleep(0.5)
    take(semid, 0 if child else 1)
elif kind == "msgq":
    q1 = libc.msgget(0, 0o600 | 0o1000)
    q2 = libc.msgget(0, 0o600 | 0o1000)
    with open(out + ".tmp", "w") as f:
        f.write("%d %d\n" % (q1, q2))
    os.rename(out + ".tmp", out)
    m = ctypes.create_string_buffer(struct.pack("l", 1) + b"x")
    child = os.fork() == 0
    if not child:
        libc.msgsnd(q2, m, 1, 0)
    else:
        libc.msgsnd(q1, m, 1, 0)
    time.sleep(0.3)
    mine = q2 if child else q1
    libc.msgrcv(mine, m, 1, 0, 0)
    libc.msgrcv(mine, m, 1, 0, 0)
else:
    buf = mmap.mmap(-1, 4096)
    addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    attr = ctypes.create_string_buffer(64)
    libc.pthread_mutexattr_init(attr)
    libc.pthread_mutexattr_setpshared(attr, 1)
    m1, m2 = ctypes.c_void_p(addr), ctypes.c_void_p(addr + 64)
    libc.pthread_mutex_init(m1, attr)
    libc.pthread_mutex_init(m2, attr)
    child = os.fork() == 0
    libc.pthread_mutex_lock(m2 if child else m1)
    time.sleep(0.5)
    libc.pthread_mutex_lock(m1 if child else m2)
time.sleep(1000)
P
"$PY" "$T/sync.py" sem "$T/semid" > /dev/null 2>&1 &
SEM=$!
"$PY" "$T/sync.py" mutex "$T/x" > /dev/null 2>&1 &
MX=$!
"$PY" "$T/sync.py" msgq "$T/qids" > /dev/null 2>&1 &
MQ=$!
PIDS="$SEM $MX $MQ"
trap 'kill $PIDS 2>/dev/null; [ -s "$T/semid" ] && ipcrm -s $(cat "$T/semid") 2>/dev/null
    [ -s "$T/qids" ] && for q in $(cat "$T/qids"); do ipcrm -q $q 2>/dev/null; done' EXIT
SEMC=$(child_of $SEM)
MXC=$(child_of $MX)
MQC=$(child_of $MQ)
PIDS="$PIDS $SEMC $MXC $MQC"
# Until each waits in its call: semtimedop (220), futex (202).
in_call $SEM 220
in_call $SEMC 220
in_call $MX 202
in_call $MXC 202
# msgrcv (70), the second one: the first took the other's message.
n=0
until [ "$(cut -d' ' -f1 /proc/$MQ/task/$MQ/syscall 2>/dev/null)" = 70 ] &&
    [ "$(cut -d' ' -f1 /proc/$MQC/task/$MQC/syscall 2>/dev/null)" = 70 ] &&
    [ "$(ipcs -q | awk -v a="$(cut -d' ' -f1 "$T/qids")" '$2 == a { print $6 }')" = 0 ]; do
	n=$((n + 1))
	[ $n -gt 200 ] && fail "the receivers do not wait on empty queues"
	sleep 0.05
done
A=$(observed_name $SEM)
B=$(observed_name $SEMC)
C=$(observed_name $MX)
D=$(observed_name $MXC)
E=$(observed_name $MQ)
F=$(observed_name $MQC)
SEMID=$(cat "$T/semid")
cat > "$T/s.isc" <<X
observe $SEM $SEMC $MX $MXC $MQ $MQC
echo a semaphore set: each took one and waits for the other
expect $A on == "semaphore set $SEMID"
expect $A chain == "deadlock: $A -> $B -> $A"
expect $B chain == "deadlock: $B -> $A -> $B"
echo process-shared mutexes: each locked one and waits for the other
expect $C call == futex
expect $C chain == "deadlock: $C -> $D -> $C"
expect $D chain == "deadlock: $D -> $C -> $D"
echo message queues: each waits to receive what only the other sends
expect $E call == msgrcv
expect $E chain == "deadlock: $E -> $F -> $E"
X
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "status $?"; }
[ "$(grep -c ': ok$' "$T/out")" -eq 8 ] || { cat "$T/out"; fail "want 8 checks that hold"; }
for p in $PIDS; do
	alive $p || fail "observed pid $p did not outlive the lab"
done
exit 0
