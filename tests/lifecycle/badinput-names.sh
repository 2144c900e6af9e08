# Bad input around names made again (after unlink, or a key after
# IPC_RMID): each is one line that says what was wrong, either the lab's
# refusal (with the column) or the real call's errno with a hint; the lab
# goes on intact, and nothing is left behind.
. "$SRCDIR/tests/lib.sh"
# System V keys of this run's own.
K=$(printf '1b%04x' $(($$ % 65536)))
cat > "$T/bad.isc" <<X
spawn A
spawn B
A mq_open q1 create
A mq_unlink q1
B mq_open q1 rw
B mq_open q1 rw create
A mq_send q1 "x"
A mq_unlink q1-1
A shm_open m1 create
A shm_unlink m1
B shm_open m1 create
A shm_unlink m1-1
A sem_open s1 create
A sem_unlink s1
B sem_open s1 create
A sem_unlink s1-1
A mkfifo f1
A unlink f1
B open f1 rw
B mkfifo f1
B mkfifo f1
A unlink f1-1
A msgget k1 0x${K}31 create
A msgctl k1 rmid
B msgget k1 0x${K}31
B msgget k1 0x${K}31 create
B msgget k2 0x${K}31 create
B msgget k1 0x${K}32 create
A mq_open r1-1 create
A mq_open r1 create
A mq_unlink r1
A mq_open r1 create
A mq_open q$(printf '%031d' 0) create
A mq_unlink q$(printf '%031d' 0)
A mq_open q$(printf '%031d' 0) create
B mq_open q1-1
A shm_open m1-1
echo survived
expect A last.ret >= 3
expect r1-2 state == unlinked
expect q$(printf '%029d' 0)-1 state == unlinked
expect q1-1 holders.0.actor == A
X
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
# The run's names in the kernel: /ipcscope.PID-START.NAME
tag=$(grep -o '"/ipcscope\.[0-9-]*\.q1"' "$T/out" | head -1 | sed 's|^"/||; s|\.q1"$||')
[ -n "$tag" ] || fail "no queue name in the log: $(cat "$T/out")"
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
grep -q '^survived' "$T/out" || fail "the lab did not go on: $(tail -5 "$T/out")"
grep -q 'FAILED' "$T/out" && fail "a check failed: $(grep FAILED "$T/out")"
# Refused by the lab, with line and column.
want_err "7:11: A holds no write descriptor for q1; its 3 is q1-1, which had the name before"
want_err "8:13: q1-1 is unlinked already: the name is q1's now, and mq_unlink q1 removes it"
want_err "12:14: m1-1 is unlinked already: the name is m1's now, and shm_unlink m1 removes it"
want_err "16:14: s1-1 is unlinked already: the name is s1's now, and sem_unlink s1 removes it"
want_err "21:10: f1 is already an object (fifo)"
want_err "22:10: f1-1 is unlinked already: the name is f1's now, and unlink f1 removes it"
want_err "27:13: key 0x${K}31 is k1's: msgget k1 0x${K}31 gets it again"
want_err "28:10: k1 is already an object; a msgq by key may be got again under its name only with the same key"
n=$(grep -c "^ipcscope: $T/bad.isc:[0-9]" "$T/err")
[ "$n" -eq 8 ] || { cat "$T/err"; fail "expected 8 refusals, got $n"; }
# Made, and failed in the kernel: the errno and a hint, on one line.
want_out 'mq_open(.*O_RDWR) = -1 ENOENT .*: q1 was unlinked: no queue has its name now (create makes a new one)'
want_out 'open(.*/f1", O_RDWR) = -1 ENOENT .*: f1 was unlinked: no file has its name now'
want_out "msgget(0x${K}31, 0600) = -1 ENOENT .*: k1 was removed: no queue has its key now"
# Made again: the log says what became of the old object.
want_out 'mq_open(.*O_CREAT.*) = 3<q1> (new: the old q1, unlinked, is now q1-1)'
want_out 'mq_open(.*) = [0-9]*<r1> (new: the old r1, unlinked, is now r1-2)'
want_out "is now q$(printf '%029d' 0)-1)"
# A name an older object had reaches the object that has it now.
want_out "mq_open(\"/$tag\.q1\", O_RDWR) = [0-9]*<q1>"
want_out "shm_open(\"/$tag\.m1\", O_RDWR, 0600) = [0-9]*<m1>"
awk 'length > 400 { exit 1 }' "$T/err" || fail "an error line is longer than 400 characters"
mq_exists "/$tag.q1" && fail "the lab left the POSIX queue q1"
ls /dev/shm | grep -q "$tag\." && fail "the lab left in /dev/shm: $(ls /dev/shm | grep "$tag\.")"
ipcs -q | grep -q "0x${K}31" && fail "the lab left the System V queue"
exit 0
