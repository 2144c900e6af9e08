# Names made again after unlink (keys after IPC_RMID): every new object
# is the lab's, so nothing is left when the lab ends, and a killed lab's
# manifest records the new ones, so the next start sweeps them.
. "$SRCDIR/tests/lib.sh"
# System V keys of this run's own, so that another run at the same time
# cannot hold them.
K=$(printf '1b%04x' $(($$ % 65536)))
# $1: the script's file; the keys start at 0x$K$2.
reuse_script() {
	cat > "$1" <<X
spawn A
spawn B
A mq_open q1 create
A mq_unlink q1
B mq_open q1 rw create
A shm_open m1 create
A shm_unlink m1
B shm_open m1 create
A sem_open s1 create value 1
A sem_unlink s1
B sem_open s1 create value 2
A mkfifo f1
A open f1 rw
A unlink f1
B mkfifo f1
A open g1 rw create
A unlink g1
B open g1 rw create
A msgget k1 0x$K${2}1 create
A msgctl k1 rmid
B msgget k1 0x$K${2}1 create
A shmget h1 4k 0x$K${2}2 create
A shmat h1
A shmctl h1 rmid
B shmget h1 4k 0x$K${2}2 create
A semget e1 1 0x$K${2}3 create
A semctl e1 rmid
B semget e1 1 0x$K${2}3 create
expect B last.previous == "e1-1"
expect q1 state == linked
expect m1 linked == yes
expect s1 linked == yes
expect f1 linked == yes
expect g1 linked == yes
expect k1 state == exists
expect h1 state == exists
X
}

# $1: the run's kernel tag (ipcscope.PID-START), $2: the keys' digit,
# $3: what to say.
none_left() {
	echo "$(left "$1" "$2")" | grep -q . && fail "$3:$(left "$1" "$2")"
	return 0
}

# What of a run (tag $1, keys' digit $2) is still there.
left() {
	mq_exists "/$1.q1" && printf ' posix-queue'
	ls /dev/shm | grep -q "^$1\.\|^sem\.$1\." && printf ' dev-shm:%s' "$(ls /dev/shm | grep "$1\." | tr '\n' ,)"
	ipcs -q | grep -q "0x$K${2}1" && printf ' queue'
	ipcs -m | grep -q "0x$K${2}2" && printf ' segment'
	ipcs -s | grep -q "0x$K${2}3" && printf ' semaphore-set'
	[ -e "$XDG_RUNTIME_DIR/ipcscope/${1#ipcscope.}" ] && printf ' runtime-directory'
	echo
}

# A run that ends: it removes the new objects as it removes the first.
reuse_script "$T/end.isc" 1
"$IPCSCOPE" --batch "$T/end.isc" > "$T/out" 2> "$T/err"
st=$?
tag=$(grep -o '"/ipcscope\.[0-9-]*\.q1"' "$T/out" | head -1 | sed 's|^"/||; s|\.q1"$||')
[ -n "$tag" ] || fail "no queue name in the log: $(cat "$T/out")"
none_left "$tag" 1 "the lab left"
[ $st -eq 0 ] || fail "the run failed: $(cat "$T/err")"
grep -q 'is now q1-1' "$T/out" || fail "the log does not say q1 was made again: $(cat "$T/out")"

# A run that is killed: its manifest records every new object, for its
# guardian, and for the next start when the guardian is gone too.
reuse_script "$T/kill.isc" 2
echo 'echo READY' >> "$T/kill.isc"
echo 'sleep 60' >> "$T/kill.isc"
start() {
	rm -f "$T/kout" "$T/kout.pid"
	start_reaped "$T/kill.isc" "$T/kout"
	wait_for_text "$T/kout" READY || fail "the script did not get ready: $(cat "$T/kout.err")"
	grep -q '"ok":false\|"type":"error"' "$T/kout" && fail "a check failed: $(grep '"ok":false\|"type":"error"' "$T/kout")"
	dir=$(ls -d "$XDG_RUNTIME_DIR/ipcscope/$IPID"-*)
	tag=ipcscope.${dir##*/}
	[ "$(left "$tag" 2)" = " posix-queue dev-shm:$tag.m1,sem.$tag.s1, queue segment semaphore-set runtime-directory" ] ||
	    fail "not everything was made: $(left "$tag" 2)"
}

# 1. The guardian removes the new objects.
start
kill -KILL $IPID
n=0
while [ -n "$(left "$tag" 2)" ]; do
	n=$((n + 1))
	[ $n -gt 20 ] && fail "2 s after SIGKILL, left:$(left "$tag" 2)"
	sleep 0.1
done
wait $RPID || fail "the reaper failed"

# 2. With the guardian stopped and killed too, the next start does.
start
kill_unguarded $IPID
wait $RPID || fail "the reaper failed"
[ -n "$(left "$tag" 2)" ] || fail "expected the killed run's objects to be left"
printf 'echo swept\n' > "$T/empty.isc"
"$IPCSCOPE" --batch "$T/empty.isc" > "$T/out2" 2> "$T/err2" || fail "next run failed: $(cat "$T/err2")"
none_left "$tag" 2 "the sweep left"
exit 0
