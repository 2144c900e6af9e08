# Descriptors run out: the lab raises its soft limit to the hard one at
# start; under a low hard limit it spawns what fits, refuses the rest in
# one line each, and keeps enough free that its picture stays true (a new
# pipe is known, an actor's descriptors are shown, an eventfd is open);
# below what actors need it refuses to spawn and says why; an actor that
# cannot start (its parent lowered the limit) says why.
. "$SRCDIR/tests/lib.sh"
command -v bash > /dev/null || fail "bash is needed for ulimit -n"

# The soft limit is raised to the hard one.
printf 'echo READY\nsleep 30\n' > "$T/idle.isc"
bash -c 'ulimit -Sn 256; exec "$0" --batch "$1"' "$IPCSCOPE" "$T/idle.isc" > "$T/idle.out" 2>&1 &
IPID=$!
wait_for_text "$T/idle.out" READY || fail "not ready: $(cat "$T/idle.out")"
soft=$(awk '/^Max open files/ {print $4}' /proc/$IPID/limits)
hard=$(awk '/^Max open files/ {print $5}' /proc/$IPID/limits)
[ "$soft" = "$hard" ] || fail "the soft limit was not raised: $soft of $hard"
kill -TERM $IPID
wait $IPID

# A hard limit of 1024: spawn 400 actors, far more than fit.
{
	i=0
	while [ $i -lt 400 ]; do echo "spawn x$i"; i=$((i + 1)); done
	echo 'x0 pipe pp'
	echo 'x0 eventfd e1'
	echo 'expect pp kind == pipe'
	echo 'expect x0 fds.3.object == pp.r'
	echo 'expect x0 fds.4.object == pp.w'
	echo 'expect e1 kind == eventfd'
	echo 'expect e1 holders has x0'
	echo 'x0 eventfd_write e1 5'
	echo 'expect e1 counter == 5'
} > "$T/many.isc"
bash -c 'ulimit -n 1024; exec "$0" --batch "$1"' "$IPCSCOPE" "$T/many.isc" > "$T/out" 2> "$T/err"
st=$?
spawned=$(grep -c 'spawned, pid' "$T/out")
refused=$(grep -c 'the lab is out of descriptors for a new actor' "$T/err")
[ "$spawned" -gt 100 ] || fail "only $spawned actors were spawned: $(head -5 "$T/err")"
[ $((spawned + refused)) -eq 400 ] || fail "$spawned spawned and $refused refused, of 400: $(grep -v 'out of descriptors' "$T/err" | head -5)"
grep -q "^ipcscope: $T/many.isc: 0 checks failed, $refused commands refused" "$T/err" ||
    fail "unexpected summary: $(grep -v "out of descriptors" "$T/err" | tail -5)"
[ "$st" = 1 ] || fail "exit status $st, want 1 (commands were refused)"
grep -q 'exited 127' "$T/out" && fail "an actor exited 127: $(grep 'exited 127' "$T/out" | head -3)"

# Below what actors need: spawn says why, and nothing starts.
printf 'spawn A\n' > "$T/low.isc"
bash -c 'ulimit -n 1001; exec "$0" --batch "$1"' "$IPCSCOPE" "$T/low.isc" > "$T/out" 2> "$T/err"
grep -q "cannot spawn A: actors keep the lab's descriptors from 1000 up, so they need a limit of open files of at least 1024, and this one is 1001 (ulimit -n)" "$T/err" ||
    fail "no reason for the refused spawn: $(cat "$T/err")"
grep -q 'spawned' "$T/out" && fail "an actor was spawned: $(cat "$T/out")"

# An actor that cannot start says why: its parent lowered the limit below
# the lab's channel.
cat > "$T/fork.isc" <<'S'
spawn A
A setrlimit nofile 10
A fork B
wait B exited
expect B exit == 127
S
"$IPCSCOPE" --batch "$T/fork.isc" > "$T/out" 2> "$T/err" || fail "the script failed: $(cat "$T/err")"
grep -q "^B: could not start: cannot place the lab's channel at descriptor 1000: the limit of open files is 10 (ulimit -n)" "$T/out" ||
    fail "B did not say why it could not start: $(cat "$T/out")"
exit 0
