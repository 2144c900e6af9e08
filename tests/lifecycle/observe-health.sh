# What health points out in processes the lab did not make, each as it
# appears and as it clears: a System V segment and a queue whose maker
# has ended (removed), a writer blocked on a full pipe whose reader is
# stopped (continued), a head writing to a sleep that never reads (the
# sleep ended), a parent with unreaped zombies (it reaps them), a
# process whose descriptors keep growing (it stops), and queued signals
# near a tiny RLIMIT_SIGPENDING (taken), an eventfd counter near its most
# (read). Then --list and --list --json
# carry the health section, and the health command lists what lasts.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/h.py" <<'P'
import ctypes, os, resource, signal, sys, time
libc = ctypes.CDLL(None, use_errno=True)
mode, out = sys.argv[1], sys.argv[2]
def ready(text):
    open(out + ".tmp", "w").write(text)
    os.rename(out + ".tmp", out)
def usr1():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
    signal.sigwait({signal.SIGUSR1})
if mode == "ipc":
    # Make a segment (attached and detached) and a queue with a message,
    # then end.
    shm = libc.shmget(0, 4096, 0o1600)
    libc.shmat.restype = ctypes.c_void_p
    at = libc.shmat(shm, None, 0)
    libc.shmdt(ctypes.c_void_p(at))
    q = libc.msgget(0, 0o1600)
    msg = ctypes.create_string_buffer(b"\1\0\0\0\0\0\0\0hello", 13)
    libc.msgsnd(q, msg, 5, 0)
    ready("%d %d\n" % (shm, q))
elif mode == "pipe":
    r, w = os.pipe()
    if os.fork() == 0:
        os.close(w)
        os.kill(os.getpid(), signal.SIGSTOP)
        while os.read(r, 65536):
            pass
        sys.exit(0)
    os.close(r)
    ready("go\n")
    os.write(w, b"x" * 200000)
    os.close(w)
    os.wait()
elif mode == "zombies":
    for i in range(4):
        if os.fork() == 0:
            os._exit(0)
    ready("go\n")
    usr1()
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    time.sleep(300)
elif mode == "leak":
    stop = []
    signal.signal(signal.SIGUSR1, lambda s, f: stop.append(1))
    ready("go\n")
    kept = []
    while True:
        if not stop:
            kept.append(os.open("/dev/null", os.O_RDONLY))
        time.sleep(0.2)
elif mode == "sigq":
    resource.setrlimit(resource.RLIMIT_SIGPENDING, (8, 8))
    rt = signal.SIGRTMIN
    signal.pthread_sigmask(signal.SIG_BLOCK, {rt, signal.SIGUSR1})
    ready("%d\n" % os.getpid())
    signal.sigwait({signal.SIGUSR1})
    while signal.sigtimedwait({rt}, 0) is not None:
        pass
    time.sleep(300)
elif mode == "counter":
    e = os.eventfd(0)
    os.eventfd_write(e, 0xfffffffffffffff0)
    ready("%d\n" % e)
    usr1()
    os.eventfd_read(e)
    time.sleep(300)
elif mode == "send":
    # sigqueue(pid, SIGRTMIN, 0) until the kernel refuses (EAGAIN).
    pid = int(sys.argv[3])
    for i in range(8):
        if libc.sigqueue(pid, int(signal.SIGRTMIN), ctypes.c_void_p(0)) != 0:
            break
P
# health takes no argument: one error, naming the column.
printf 'health now\n' > "$T/bad.isc"
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err" && fail "health now was taken"
want_err "1:8: unexpected 'now'; usage: health"
PIDS=
SEG=
Q=
# The kernel counts queued signals per user: the process that queues
# them runs as user 65534 where it can, away from root's other processes.
SIGQ_AS=
SIGQ_DIR=$T
if [ "$(id -u)" = 0 ]; then
	nobody_dir
	SIGQ_AS=as_nobody
	SIGQ_DIR=$NOBODY
	cp "$T/h.py" "$NOBODY/h.py"
	chmod 644 "$NOBODY/h.py"
fi
cleanup() {
	[ -n "${NOBODY:-}" ] && rm -rf "$NOBODY"
	kill $PIDS 2>/dev/null
	kill -CONT $PIDS 2>/dev/null
	[ -n "$SEG" ] && ipcrm -m "$SEG" 2>/dev/null
	[ -n "$Q" ] && ipcrm -q "$Q" 2>/dev/null
	[ -n "$IPID" ] && kill "$IPID" 2>/dev/null
}
trap cleanup EXIT
started() {
	n=0
	until [ -s "${2:-$T}/$1.ready" ]; do
		n=$((n + 1))
		[ $n -gt 100 ] && fail "the $1 process did not start"
		sleep 0.05
	done
}
"$PY" "$T/h.py" ipc "$T/ipc.ready" > /dev/null 2>&1
started ipc
read -r SEG Q < "$T/ipc.ready"
"$PY" "$T/h.py" pipe "$T/pipe.ready" > /dev/null 2>&1 &
WP=$!
"$PY" "$T/h.py" zombies "$T/zombies.ready" > /dev/null 2>&1 &
ZP=$!
"$PY" "$T/h.py" leak "$T/leak.ready" > /dev/null 2>&1 &
LP=$!
"$PY" "$T/h.py" counter "$T/counter.ready" > /dev/null 2>&1 &
EP=$!
# A reader blocked elsewhere: a sleep reads nothing of what head writes.
NAME=hsleep-$$
cp /bin/sleep "$T/$NAME"
head -c 200000 /dev/zero 2>/dev/null | "$T/$NAME" 600 2>/dev/null &
NP=$!
$SIGQ_AS "$PY" "$SIGQ_DIR/h.py" sigq "$SIGQ_DIR/sigq.ready" > /dev/null 2>&1 &
PIDS="$WP $ZP $LP $EP $NP"
started pipe
RP=$(child_of $WP)
PIDS="$PIDS $RP"
started zombies
started leak
started counter
EFD=$(cat "$T/counter.ready")
started sigq "$SIGQ_DIR"
SP=$(cat "$SIGQ_DIR/sigq.ready")
PIDS="$PIDS $SP"
"$PY" "$T/h.py" send "$T/send" $SP
# The writer asleep in write(2), its reader stopped.
in_call $WP 1
HP=
n=0
until [ -n "$HP" ] && [ "$(cut -d' ' -f1 /proc/$HP/task/$HP/syscall 2>/dev/null)" = 1 ] &&
    [ "$(cat /proc/$NP/comm 2>/dev/null)" = "$NAME" ]; do
	for c in $(cat /proc/$$/task/$$/children); do
		[ "$(cat /proc/$c/comm 2>/dev/null)" = head ] && HP=$c
	done
	n=$((n + 1))
	[ $n -gt 100 ] && fail "head is not blocked writing to the sleep"
	sleep 0.05
done
PIDS="$PIDS $HP"
n=0
until [ "$(sed 's/.*) //' /proc/$RP/stat | cut -c1)" = T ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the reader did not stop"
	sleep 0.05
done
W=$(observed_name $WP)
R=$(observed_name $RP)
Z=$(observed_name $ZP)
L=$(observed_name $LP)
S=$(observed_name $SP)
E=$(observed_name $EP)
H=$(observed_name $HP)
N=$(observed_name $NP)

# Found as they are (and --list says it at once, but for the growth,
# which needs looks over time).
"$IPCSCOPE" --list -p $WP,$RP,$ZP,$SP,$EP,$HP,$NP > "$T/list" 2>&1 || { cat "$T/list"; fail "--list failed"; }
for want in "^health:" \
    "^  orphaned  System V shared memory segment $SEG (key 0x00000000) is left with nobody: no attachment, its creator [0-9]* dead$" \
    "^  orphaned  System V message queue $Q (key 0x00000000) is left with nobody: its last user [0-9]* dead; messages wait in it$" \
    "^  stalled   $W is blocked writing [0-9]*<pipe[^>]*>, full: its only reader $R is stopped$" \
    "^  stalled   $H is blocked writing 1<pipe[^>]*>, full: its only reader $N is blocked in clock_nanosleep$" \
    "^  zombies   $Z has 4 zombie children it has not reaped" \
    "^  limit     $S: [89] signals queued of the 8 its RLIMIT_SIGPENDING allows" \
    "^  limit     $E: its eventfd $EFD is at 18446744073709551600 of the most it counts, 18446744073709551614"; do
	grep -q -- "$want" "$T/list" || { cat "$T/list"; fail "--list does not say: $want"; }
done
"$IPCSCOPE" --list --json -p $ZP > "$T/list.json" 2>&1 || fail "--list --json failed"
tail -n 1 "$T/list.json" | grep -q "^{\"health\":\[.*{\"kind\":\"zombies\",\"process\":\"$Z\",\"text\":\"$Z has 4 zombie" ||
    { cat "$T/list.json"; fail "--list --json has no health section with the zombies"; }

# The log: each once as it appears, and once as it clears.
mkfifo "$T/in"
"$IPCSCOPE" --batch - < "$T/in" > "$T/out" 2>&1 &
IPID=$!
exec 3> "$T/in"
echo "observe $WP $RP $ZP $LP $SP $EP $HP $NP" >&3
for want in "health: System V shared memory segment $SEG " "health: System V message queue $Q " \
    "$W: health: $W is blocked writing" "$Z: health: $Z has 4 zombie children" \
    "$S: health: $S: [89] signals queued" "$L: health: $L: descriptors growing, " \
    "$E: health: $E: its eventfd $EFD is at" "$H: health: $H is blocked writing 1<pipe"; do
	wait_for_text "$T/out" "$want" || { cat "$T/out"; fail "not logged: $want"; }
done
grep -q "$L: health: $L: descriptors growing, [0-9]* to [0-9]* in [0-9.]*s ([0-9.]* a second)" "$T/out" ||
    { cat "$T/out"; fail "the growth is not said with its rate"; }
echo "show $Z" >&3
echo "show msgq-$Q" >&3
echo "health" >&3
wait_for_text "$T/out" "^growing " || { cat "$T/out"; fail "the health command does not list the growth"; }
grep -A 1 "^  health:$" "$T/out" | grep -q "^    - $Z has 4 zombie children" ||
    { cat "$T/out"; fail "show has no health field"; }
# The queue's own description carries its finding (its row is marked).
grep -A 1 "^  health:$" "$T/out" |
    grep -q "^    - System V message queue $Q (key 0x00000000) is left with nobody" ||
    { cat "$T/out"; fail "show msgq-$Q has no health field"; }
for k in orphaned stalled zombies limit; do
	grep -q "^$k " "$T/out" || { cat "$T/out"; fail "the health command does not list $k"; }
done

# Each condition ends; each finding clears.
SEGID=$SEG
ipcrm -m "$SEG" && SEG=
ipcrm -q "$Q" && Q=
kill -CONT $RP
kill -USR1 $ZP $LP $SP $EP
kill $NP
for want in "health cleared after [0-9]*s: System V shared memory segment" \
    "health cleared after [0-9]*s: System V message queue" \
    "$W: health cleared after [0-9]*s: $W is blocked writing" \
    "$Z: health cleared after [0-9]*s: $Z has 4 zombie" \
    "$S: health cleared after [0-9]*s: $S: [89] signals queued" \
    "$L: health cleared after [0-9]*s: $L: descriptors growing" \
    "$E: health cleared after [0-9]*s: $E: its eventfd" \
    "$H: health cleared after [0-9]*s: $H is blocked writing"; do
	wait_for_text "$T/out" "$want" || { cat "$T/out"; fail "not cleared: $want"; }
done
# Each told once.
for want in "health: System V shared memory segment $SEGID " "$Z: health: $Z has" "$W: health: $W is"; do
	[ "$(grep -c -- "$want" "$T/out")" -eq 1 ] || { cat "$T/out"; fail "logged more than once: $want"; }
done
echo quit >&3
exec 3>&-
wait $IPID || { cat "$T/out"; fail "ipcscope ended with status $?"; }
IPID=
