# Who an observed thread waits for, and where the chain ends: two
# processes each reading the pipe only the other writes (a deadlock,
# named from either side), both ends of a socketpair waiting to read, a
# parent in waitpid for a child blocked writing a full pipe to it, a
# reader whose only writer is in a deadlock with a third (nobody can
# move, though the reader is on no cycle), a multiprocessing parent
# joining a child whose queue cannot be flushed, a sort pipeline whose
# middle is stopped,
# one reading a pipe only it writes (waiting for itself), and a reader
# whose writer is stopped, then continued.
# Real processes the lab did not make, not actors.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
NAME=chobs-$$
cp /bin/sleep "$T/$NAME"
cat > "$T/pair.py" <<'P'
import os, sys
r1, w1 = os.pipe()
r2, w2 = os.pipe()
if os.fork() == 0:
    os.close(r1); os.close(w2)
    os.read(r2, 1)
    sys.exit(0)
os.close(r2); os.close(w1)
os.read(r1, 1)
P
cat > "$T/waitpid.py" <<'P'
import os, sys
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, b"x" * 200000)
    sys.exit(0)
os.close(w)
os.waitpid(pid, 0)
P
cat > "$T/triple.py" <<'P'
import os, sys
ra, wa = os.pipe()
if os.fork() == 0:
    os.close(wa)
    os.read(ra, 1)
    sys.exit(0)
os.close(ra)
r1, w1 = os.pipe()
r2, w2 = os.pipe()
if os.fork() == 0:
    os.close(r1); os.close(w2); os.close(wa)
    os.read(r2, 1)
    sys.exit(0)
os.close(r2); os.close(w1)
os.read(r1, 1)
P
cat > "$T/mp.py" <<'P'
import multiprocessing as mp
def work(q):
    q.put(b"x" * 1000000)
if __name__ == "__main__":
    q = mp.Queue()
    p = mp.Process(target=work, args=(q,))
    p.start()
    p.join()
    q.get()
P
cat > "$T/polls.py" <<'P'
import os, select, sys
r1, w1 = os.pipe()
r2, w2 = os.pipe()
child = os.fork() == 0
mine = r2 if child else r1
os.close(r1 if child else r2)
os.close(w2 if child else w1)
if child:
    p = select.poll()
    p.register(mine, select.POLLIN)
    p.poll()
else:
    e = select.epoll()
    e.register(mine, select.EPOLLIN)
    e.poll()
P
cat > "$T/sockets.py" <<'P'
import os, socket, sys
a, b = socket.socketpair()
if os.fork() == 0:
    a.close()
    b.recv(1)
    sys.exit(0)
b.close()
a.recv(1)
P
"$PY" "$T/pair.py" > /dev/null 2>&1 &
PAIR=$!
"$PY" "$T/sockets.py" > /dev/null 2>&1 &
SOCKS=$!
"$PY" "$T/waitpid.py" > /dev/null 2>&1 &
WAITER=$!
"$PY" "$T/triple.py" > /dev/null 2>&1 &
TRIPLE=$!
"$PY" "$T/mp.py" > /dev/null 2>&1 &
MPP=$!
"$PY" "$T/polls.py" > /dev/null 2>&1 &
POLLP=$!
# A sort pipeline whose middle is stopped.
"$T/$NAME" 1001 2>/dev/null | sort 2>/dev/null | cat > /dev/null 2>&1 &
SCAT=$!
"$PY" -c 'import os; r, w = os.pipe(); os.read(r, 1)' > /dev/null 2>&1 &
SELF=$!
"$T/$NAME" 1000 2>/dev/null | cat > /dev/null 2>&1 &
CATP=$!
PIDS="$PAIR $SELF $CATP"
trap 'kill $PIDS 2>/dev/null' EXIT
# Until each is asleep in its read (and the writer has exec'd).
asleep() {
	n=0
	until [ "$(sed 's/.*) //' /proc/$1/stat 2>/dev/null | cut -c1)" = S ] &&
	    [ "$(cat /proc/$1/task/$1/syscall 2>/dev/null | cut -d' ' -f1)" = 0 ] &&
	    { [ -z "$2" ] || [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ]; }; do
		n=$((n + 1))
		[ $n -gt 100 ] && fail "pid $1 is not asleep as $2"
		sleep 0.05
	done
}
n=0
until CHILD=$(cat /proc/$PAIR/task/$PAIR/children 2>/dev/null) && [ -n "$CHILD" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the pair's child did not start"
	sleep 0.05
done
CHILD=${CHILD% }
n=0
until SCHILD=$(cat /proc/$SOCKS/task/$SOCKS/children 2>/dev/null) && [ -n "$SCHILD" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the socket pair's child did not start"
	sleep 0.05
done
SCHILD=${SCHILD% }
n=0
until WCHILD=$(cat /proc/$WAITER/task/$WAITER/children 2>/dev/null) && [ -n "$WCHILD" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the waiter's child did not start"
	sleep 0.05
done
WCHILD=${WCHILD% }
n=0
until TKIDS=$(cat /proc/$TRIPLE/task/$TRIPLE/children 2>/dev/null) && [ "$(echo $TKIDS | wc -w)" -eq 2 ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the triple's children did not start"
	sleep 0.05
done
set -- $TKIDS
TA=$1
TC=$2
MPC=$(cat /proc/$MPP/task/$MPP/children 2>/dev/null)
n=0
until MPC=$(cat /proc/$MPP/task/$MPP/children 2>/dev/null) && [ -n "$MPC" ] &&
    [ "$(cut -d' ' -f1 /proc/$MPP/task/$MPP/syscall 2>/dev/null)" = 61 ]; do
	n=$((n + 1))
	[ $n -gt 200 ] && fail "the multiprocessing parent is not in wait4"
	sleep 0.05
done
MPC=${MPC% }
n=0
until POLLC=$(cat /proc/$POLLP/task/$POLLP/children 2>/dev/null) && [ -n "$POLLC" ] &&
    [ "$(cut -d' ' -f1 /proc/$POLLP/task/$POLLP/syscall 2>/dev/null)" = 232 ] &&
    [ "$(cut -d' ' -f1 /proc/${POLLC% }/task/${POLLC% }/syscall 2>/dev/null)" = 7 ]; do
	n=$((n + 1))
	[ $n -gt 200 ] && fail "the pollers are not in epoll_wait and poll"
	sleep 0.05
done
POLLC=${POLLC% }
SORTP=
SHEAD=
n=0
until [ -n "$SORTP" ] && [ -n "$SHEAD" ]; do
	for c in $(cat /proc/$$/task/$$/children); do
		[ "$(cat /proc/$c/comm 2>/dev/null)" = sort ] && SORTP=$c
		[ "$(cut -d' ' -f2- /proc/$c/cmdline 2>/dev/null | tr '\0' ' ')" = "$T/$NAME 1001 " ] && SHEAD=$c
	done
	n=$((n + 1))
	[ $n -gt 100 ] && fail "no sort"
	sleep 0.05
done
SP=
for c in $(cat /proc/$$/task/$$/children); do
	[ "$(cat /proc/$c/comm 2>/dev/null)" = "$NAME" ] && SP=$c
done
n=0
until [ -n "$SP" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the writer did not start"
	sleep 0.05
	for c in $(cat /proc/$$/task/$$/children); do
		[ "$(cat /proc/$c/comm 2>/dev/null)" = "$NAME" ] && SP=$c
	done
done
PIDS="$PIDS $CHILD $SP $SOCKS $SCHILD $WAITER $WCHILD $TRIPLE $TA $TC $MPP $MPC $SCAT $SORTP $SHEAD $POLLP $POLLC"
asleep $PAIR ""
asleep $CHILD ""
asleep $SELF ""
n=0
for p in $SOCKS $SCHILD; do
	until [ "$(sed 's/.*) //' /proc/$p/stat 2>/dev/null | cut -c1)" = S ] &&
	    [ "$(cut -d' ' -f1 /proc/$p/task/$p/syscall 2>/dev/null)" = 45 ]; do
		n=$((n + 1))
		[ $n -gt 200 ] && fail "pid $p is not asleep in recvfrom"
		sleep 0.05
	done
done
asleep $CATP cat
n=0
until [ "$(sed 's/.*) //' /proc/$SP/stat 2>/dev/null | cut -c1)" = S ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the writer is not asleep"
	sleep 0.05
done
A=$(observed_name $PAIR)
B=$(observed_name $CHILD)
S=$(observed_name $SELF)
C=$(observed_name $SOCKS)
D=$(observed_name $SCHILD)
n=0
until [ "$(cut -d' ' -f1 /proc/$WAITER/task/$WAITER/syscall 2>/dev/null)" = 61 ] &&
    [ "$(cut -d' ' -f1 /proc/$WCHILD/task/$WCHILD/syscall 2>/dev/null)" = 1 ]; do
	n=$((n + 1))
	[ $n -gt 200 ] && fail "the waiter is not in wait4 with its child in write"
	sleep 0.05
done
E=$(observed_name $WAITER)
F=$(observed_name $WCHILD)
for p in $TRIPLE $TA $TC; do
	until [ "$(cut -d' ' -f1 /proc/$p/task/$p/syscall 2>/dev/null)" = 0 ]; do
		n=$((n + 1))
		[ $n -gt 300 ] && fail "pid $p is not in read"
		sleep 0.05
	done
done
TP=$(observed_name $TRIPLE)
K=$(observed_name $MPP)
L=$(observed_name $MPC)
M=$(observed_name $POLLP)
Q=$(observed_name $POLLC)
asleep $SCAT cat
asleep $SORTP sort
G=$(observed_name $TA)
J=$(observed_name $TC)

cat > "$T/s.isc" <<X
observe $PAIR $CHILD $SELF $CATP $SP $SOCKS $SCHILD $WAITER $WCHILD $TRIPLE $TA $TC $MPP $MPC $SCAT $SORTP $POLLP $POLLC
echo a deadlock, from either side
expect $A chain == "deadlock: $A -> $B -> $A"
expect $B chain == "deadlock: $B -> $A -> $B"
expect $A waits_for == 1
echo both ends of a socketpair, each waiting to read
expect $C chain == "deadlock: $C -> $D -> $C"
expect $D chain == "deadlock: $D -> $C -> $D"
echo a parent in waitpid for a child that writes a full pipe to it
expect $E chain == "deadlock: $E -> $F -> $E"
expect $F chain == "deadlock: $F -> $E -> $F"
echo a reader whose only writer is in a deadlock of two others: nobody can move
expect $G chain == "nobody can move: every process $G waits for is blocked by another of them"
expect $TP chain == "deadlock: $TP -> $J -> $TP"
echo multiprocessing: a parent joins a child whose queue feeder waits for the parent to read
expect $K chain == "deadlock: $K -> $L -> $K"
echo waiting on many: epoll_wait and poll on pipes only the other writes
expect $M call == epoll_wait
expect $M chain == "deadlock: $M -> $Q -> $M"
expect $Q chain == "deadlock: $Q -> $M -> $Q"
echo a sort pipeline whose middle is stopped
kill pid:$SORTP STOP
wait sort-$SORTP stopped timeout 3s
expect cat-$SCAT chain == "sort-$SORTP may end it, and is stopped"
kill pid:$SORTP CONT
echo waiting for itself
expect $S chain == "deadlock: $S waits for itself, the only one that holds the other end"
echo a stopped writer; continued, its sleep is a restarted call
kill pid:$SP STOP
wait $NAME-$SP stopped timeout 3s
expect cat-$CATP chain == "$NAME-$SP may end it, and is stopped"
kill pid:$SP CONT
wait $NAME-$SP blocked timeout 3s
expect cat-$CATP chain == "$NAME-$SP may end it, and is blocked in restart_syscall"
show cat-$CATP
show $C
X
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "status $?"; }
[ "$(grep -c ': ok$' "$T/out")" -eq 17 ] || { cat "$T/out"; fail "want 17 checks that hold"; }
grep -q "^    - process=$NAME-$SP state=blocked$" "$T/out" || { cat "$T/out"; fail "waits_for does not list the writer"; }
grep -q "^      writers: $NAME-$SP$" "$T/out" || { cat "$T/out"; fail "the reader's pipe does not name its writer"; }
grep -q "^      peer: $D$" "$T/out" || { cat "$T/out"; fail "the socket does not name its peer"; }
grep -q "^      state: ESTABLISHED$" "$T/out" || { cat "$T/out"; fail "the socket's state is not shown"; }
for p in $PIDS; do
	alive $p || fail "observed pid $p did not outlive the lab"
done
exit 0
