# When ipcscope is SIGKILLed, its guardian ends every actor (blocked,
# stopped, forked, threads) and removes every object within a second; when
# the guardian cannot (it was stopped, then killed too), the next start
# sweeps what the dead run left.
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
# Everything the script makes, as in the kernel.
left() {
	what=""
	for p in $pids; do alive "$p" && what="$what actor-$p"; done
	[ -e "$XDG_RUNTIME_DIR/ipcscope" ] && what="$what runtime-directory"
	ipcs -q | grep -q 0x1badcafe && what="$what keyed-queue"
	for id in $qids; do ipcs -q | awk '{print $2}' | grep -qx "$id" && what="$what queue-$id"; done
	mq_exists "/$tag.m1" && what="$what posix-queue"
	[ -e "$T/outside.sock" ] && what="$what socket-file"
	ipcs -m | grep -q 0x1badcaff && what="$what segment"
	[ -e "/dev/shm/$tag.n1" ] && what="$what posix-shm"
	ipcs -s | grep -q 0x1badcb00 && what="$what semaphore-set"
	[ -e "/dev/shm/sem.$tag.y1" ] && what="$what named-semaphore"
	echo "$what"
}

# Run the script until READY; sets IPID, RPID, pids, qids, tag.
start() {
	rm -f "$T/out" "$T/out.pid"
	start_reaped "$T/s.isc" "$T/out"
	wait_for_text "$T/out" READY || fail "the script did not get ready: $(cat "$T/out.err")"
	pids=$(json_pids "$T/out")
	[ "$(echo "$pids" | wc -w)" -eq 5 ] || fail "expected 5 actor pids, got: $pids"
	dir=$(ls -d "$XDG_RUNTIME_DIR/ipcscope/$IPID"-*)
	tag=ipcscope.${dir##*/}
	qids=$(awk '/^msgq / {print $2}' "$dir/objects")
	[ "$(echo "$qids" | wc -w)" = 2 ] || fail "the manifest does not record both queues: $(cat "$dir/objects")"
	all=" runtime-directory keyed-queue$(for q in $qids; do printf ' queue-%s' $q; done) posix-queue socket-file segment posix-shm semaphore-set named-semaphore"
	[ "$(left | sed 's/ actor-[0-9]*//g')" = "$all" ] || fail "not everything was made: $(left)"
}

# 1. The guardian cleans up within a second.
start
kill -KILL $IPID
n=0
while [ -n "$(left)" ]; do
	n=$((n + 1))
	[ $n -gt 10 ] && fail "1 s after SIGKILL, left: $(left)"
	sleep 0.1
done
wait $RPID || fail "the reaper failed"
wait_for_text "$T/out.err" "ipcscope: killed by SIGKILL; the guardian ended 5 actors, removed 8 objects" ||
    fail "the guardian did not report: $(cat "$T/out.err")"

# 2. A guardian stopped, then killed with the controller, cleans nothing:
# the next start sweeps it all.
start
# Its actors end by themselves (their watcher sees the channel close),
# blocked, stopped and forked ones too.
kill_unguarded $IPID
wait $RPID || fail "the reaper failed"
[ -p "$dir/f1" ] || fail "expected the dead run's FIFO to be left"
[ "$(left)" = "$all" ] || fail "expected everything to be left, but left: $(left)"
printf 'echo swept\n' > "$T/empty.isc"
"$IPCSCOPE" --batch "$T/empty.isc" > "$T/out2" 2> "$T/err2" || fail "next run failed: $(cat "$T/err2")"
grep -q "removed 1 runtime directory left by runs that did not end cleanly, and 8 objects they had made" "$T/err2" ||
    fail "next run did not say it swept: $(cat "$T/err2")"
[ -z "$(left)" ] || fail "the sweep left: $(left)"
exit 0
