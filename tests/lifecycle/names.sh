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

# $1: the run's pid, $2: the keys' digit, $3: what to say.
none_left() {
	mq_exists "/ipcscope.$1.q1" && fail "$3 the POSIX queue q1"
	ls /dev/shm | grep -q "ipcscope\.$1\." && fail "$3 in /dev/shm: $(ls /dev/shm | grep "ipcscope\.$1\.")"
	ipcs -q | grep -q "0x$K${2}1" && fail "$3 the System V queue"
	ipcs -m | grep -q "0x$K${2}2" && fail "$3 the System V segment"
	ipcs -s | grep -q "0x$K${2}3" && fail "$3 the System V semaphore set"
	[ -e "$XDG_RUNTIME_DIR/ipcscope/$1" ] && fail "$3 the runtime directory: $(ls "$XDG_RUNTIME_DIR/ipcscope/$1")"
	return 0
}

# A run that ends: it removes the new objects as it removes the first.
reuse_script "$T/end.isc" 1
"$IPCSCOPE" --batch "$T/end.isc" > "$T/out" 2> "$T/err" &
pid=$!
wait $pid
st=$?
none_left $pid 1 "the lab left"
[ $st -eq 0 ] || fail "the run failed: $(cat "$T/err")"
grep -q 'is now q1-1' "$T/out" || fail "the log does not say q1 was made again: $(cat "$T/out")"

# A run that is killed: its manifest records every new object.
reuse_script "$T/kill.isc" 2
echo 'echo READY' >> "$T/kill.isc"
echo 'sleep 60' >> "$T/kill.isc"
start_reaped "$T/kill.isc" "$T/kout"
wait_for_text "$T/kout" READY || fail "the script did not get ready: $(cat "$T/kout.err")"
grep -q '"ok":false\|"type":"error"' "$T/kout" && fail "a check failed: $(grep '"ok":false\|"type":"error"' "$T/kout")"
kill -KILL $IPID
wait $RPID || fail "the reaper failed"
mq_exists "/ipcscope.$IPID.q1" || fail "expected the killed run's new POSIX queue to be left"
[ -e "/dev/shm/ipcscope.$IPID.m1" ] || fail "expected the killed run's new shared memory to be left"
[ -e "/dev/shm/sem.ipcscope.$IPID.s1" ] || fail "expected the killed run's new semaphore to be left"
ipcs -q | grep -q "0x${K}21" || fail "expected the killed run's new System V queue to be left"
printf 'echo swept\n' > "$T/empty.isc"
"$IPCSCOPE" --batch "$T/empty.isc" > "$T/out2" 2> "$T/err2" || fail "next run failed: $(cat "$T/err2")"
none_left $IPID 2 "the sweep left"
exit 0
