# reset ends every actor and removes every object as the end of a run
# does, while the run goes on: afterwards ipcs, /dev/shm, /dev/mqueue and
# the run's directory hold nothing of the lab, the actors are gone, the
# manifest is empty, and the guardian is the same process. Then the lab
# works again with the same names.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'S'
spawn A
spawn B
A fork C
A msgget q1 create
A semget y1 2 create
A shmget g1 4096 create
A shmat g1
A mq_open q2 create
A shm_open m2 create
A ftruncate m2 4096
A sem_open s2 create
A mkfifo f1
A open fl rw create
A socket u unix
A bind u
A pipe p1
A write p1 "x"
kill C STOP
echo BEFORE
sleep 3s
reset
echo AFTER
sleep 3s
spawn A
A msgget q1 create
A mq_open q2 create excl
expect A last.ret == 3
echo AGAIN
sleep 1s
S
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2> "$T/err" &
IPID=$!
wait_for_text "$T/out" BEFORE || { cat "$T/out" "$T/err"; fail "the script did not get ready"; }
pids=$(sed -n 's/.*spawned, pid \([0-9]*\).*/\1/p; s/.*fork() = \([0-9]*\).*/\1/p' "$T/out")
[ "$(echo $pids | wc -w)" -eq 3 ] || { cat "$T/out"; fail "no pids"; }
q1=$(sed -n 's/.*msgget(.*) = \([0-9]*\)<q1>.*/\1/p' "$T/out")
y1=$(sed -n 's/.*semget(.*) = \([0-9]*\)<y1>.*/\1/p' "$T/out")
g1=$(sed -n 's/.*shmget(.*) = \([0-9]*\)<g1>.*/\1/p' "$T/out")
tag=$(sed -n 's/.*mq_open("\/\(ipcscope\.[0-9-]*\)\.q2".*/\1/p' "$T/out")
[ -n "$q1" ] && [ -n "$y1" ] && [ -n "$g1" ] && [ -n "$tag" ] || { cat "$T/out" "$T/err"; fail "no ids"; }
# Whether System V object $2 of kind $1 (-q, -s, -m) exists.
sysv_exists() {
	! ipcs "$1" -i "$2" 2>&1 | grep -q "not found"
}
run=$(ls -d "$XDG_RUNTIME_DIR"/ipcscope/*/ | head -1)
guard=$(guardian_of)
[ -n "$guard" ] || fail "no guardian"
sysv_exists -q "$q1" && sysv_exists -s "$y1" && sysv_exists -m "$g1" ||
    fail "the System V objects were not made"
[ -e "/dev/shm/$tag.m2" ] || fail "the shared memory object was not made"
[ -e "/dev/shm/sem.$tag.s2" ] || fail "the semaphore was not made"
mq_exists "/$tag.q2" || fail "the POSIX queue was not made"
[ -e "$run/f1" ] && [ -e "$run/fl" ] && [ -S "$run/u.sock" ] || { ls -la "$run"; fail "the files were not made"; }
[ -s "$run/objects" ] || fail "the manifest is empty before the reset"

wait_for_text "$T/out" AFTER || { cat "$T/out" "$T/err"; fail "the reset did not end"; }
grep -q "^reset: 3 actor processes killed, 10 objects removed" "$T/out" || { cat "$T/out"; fail "no reset line"; }
for p in $pids; do
	alive "$p" && fail "actor $p outlived the reset"
	[ -e "/proc/$p" ] && fail "actor $p was not reaped"
done
sysv_exists -q "$q1" && fail "the System V queue outlived the reset"
sysv_exists -s "$y1" && fail "the semaphore set outlived the reset"
sysv_exists -m "$g1" && fail "the segment outlived the reset"
ls /dev/shm | grep -qF "$tag" && fail "/dev/shm still has $(ls /dev/shm | grep -F "$tag")"
mq_exists "/$tag.q2" && fail "the POSIX queue outlived the reset"
[ "$(ls "$run" | tr '\n' ' ')" = "lock objects " ] || { ls -la "$run"; fail "the run's directory was not emptied"; }
[ -s "$run/objects" ] && { cat "$run/objects"; fail "the manifest was not emptied"; }
[ "$(guardian_of)" = "$guard" ] || fail "the guardian changed: $guard, now $(guardian_of)"
alive "$IPID" || fail "ipcscope ended"

wait $IPID
st=$?
[ "$st" -eq 0 ] || { cat "$T/out" "$T/err"; fail "the script failed after the reset ($st)"; }
grep -q AGAIN "$T/out" || fail "the lab did not go on"
exit 0
