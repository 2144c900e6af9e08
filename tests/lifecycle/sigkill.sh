# When ipcscope is SIGKILLed, its actors notice their channel closing and
# exit (blocked, stopped and forked ones too), and the next start sweeps
# the runtime directory the dead run left.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<X
spawn A
A pipe p1
A fork B
B read p1
wait B blocked
A thread t1
A.t1 read p1
wait A.t1 blocked
A mkfifo f1
spawn C
C open f1 r
wait C blocked
spawn D
kill D STOP
wait D stopped
spawn Q
Q msgget q1
Q msgget k1 0x1badcafe create
Q msgsnd q1 1 "left behind"
Q mq_open m1 create
Q socket s1 unix
Q bind s1 $T/outside.sock
Q shmget g1 4k 0x1badcaff create
Q shmat g1
Q shm_open n1 create
Q semget e1 1 0x1badcb00 create
Q sem_open y1 create value 1
echo READY
sleep 60
X
# Under a subreaper, as under init: this machine's pid 1 may be slow to
# reap orphans, and the test must see each actor end.
start_reaped "$T/s.isc" "$T/out"
wait_for_text "$T/out" READY || fail "the script did not get ready: $(cat "$T/out.err")"
pids=$(json_pids "$T/out")
[ "$(echo "$pids" | wc -w)" -eq 5 ] || fail "expected 5 actor pids, got: $pids"
kill -KILL $IPID
n=0
for p in $pids; do
	while [ -e /proc/$p ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && fail "actor $p outlived the lab by 5 s (state $(awk '{print $3}' /proc/$p/stat))"
		sleep 0.1
	done
done
# Every actor ended and was reaped: the reaper has no child left.
wait $RPID || fail "the reaper failed"
[ -d "$XDG_RUNTIME_DIR/ipcscope/$IPID" ] || fail "expected the dead run's directory to be left"
[ -p "$XDG_RUNTIME_DIR/ipcscope/$IPID/f1" ] || fail "expected the dead run's FIFO to be left"
ipcs -q | grep -q 0x1badcafe || fail "expected the dead run's queue to be left"
mq_exists "/ipcscope.$IPID.m1" || fail "expected the dead run's POSIX queue to be left"
[ -S "$T/outside.sock" ] || fail "expected the dead run's socket file to be left"
ipcs -m | grep -q 0x1badcaff || fail "expected the dead run's segment to be left"
[ -e "/dev/shm/ipcscope.$IPID.n1" ] || fail "expected the dead run's POSIX shared memory to be left"
ipcs -s | grep -q 0x1badcb00 || fail "expected the dead run's semaphore set to be left"
[ -e "/dev/shm/sem.ipcscope.$IPID.y1" ] || fail "expected the dead run's named semaphore to be left"
[ "$(grep -c '^msgq ' "$XDG_RUNTIME_DIR/ipcscope/$IPID/objects")" = 2 ] ||
    fail "the manifest does not record both queues: $(cat "$XDG_RUNTIME_DIR/ipcscope/$IPID/objects")"
cp "$XDG_RUNTIME_DIR/ipcscope/$IPID/objects" "$T/manifest"
printf 'echo swept\n' > "$T/empty.isc"
"$IPCSCOPE" --batch "$T/empty.isc" > "$T/out2" 2> "$T/err2" || fail "next run failed: $(cat "$T/err2")"
grep -q "removed 1 runtime directory" "$T/err2" || fail "next run did not say it swept: $(cat "$T/err2")"
[ -e "$XDG_RUNTIME_DIR/ipcscope" ] && fail "the sweep left $(ls -R "$XDG_RUNTIME_DIR/ipcscope")"
ipcs -q | grep -q 0x1badcafe && fail "the sweep left the queue"
mq_exists "/ipcscope.$IPID.m1" && fail "the sweep left the POSIX queue"
[ -e "$T/outside.sock" ] && fail "the sweep left the socket file"
ipcs -m | grep -q 0x1badcaff && fail "the sweep left the segment"
[ -e "/dev/shm/ipcscope.$IPID.n1" ] && fail "the sweep left the POSIX shared memory"
ipcs -s | grep -q 0x1badcb00 && fail "the sweep left the semaphore set"
[ -e "/dev/shm/sem.ipcscope.$IPID.y1" ] && fail "the sweep left the named semaphore"
for id in $(awk '/^msgq / {print $2}' "$T/manifest" 2>/dev/null); do
	ipcs -q | awk '{print $2}' | grep -qx "$id" && fail "the sweep left queue $id"
done
exit 0
