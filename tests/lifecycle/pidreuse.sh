# A run's identity survives pid reuse: a new run that gets a dead run's
# pid still sweeps what that run left, and makes its own objects under
# names of its own (its POSIX queue is new and empty, not the dead run's).
# Pids are chosen with ns_last_pid inside a new pid namespace.
. "$SRCDIR/tests/lib.sh"
if [ "$(id -u)" -eq 0 ]; then
	NS="unshare --pid --fork --mount-proc"
else
	NS="unshare --user --map-root-user --pid --fork --mount-proc"
fi
$NS sh -c 'echo 1 > /proc/sys/kernel/ns_last_pid' 2> /dev/null ||
    skip "no pid namespace with ns_last_pid here ($NS)"

cat > "$T/first.isc" <<'S'
spawn A
A mq_open m1 create
A mq_send m1 "from the dead run"
A shm_open n1 create
show lab
echo READY
sleep 60
S
cat > "$T/second.isc" <<'S'
spawn A
A mq_open m1 create
expect m1 messages == 0
A shm_open n1 create
show lab
S
cat > "$T/inner.sh" <<'INNER'
T=$1
[ $$ -eq 1 ] || { echo "not pid 1 of a new pid namespace"; exit 1; }
# The next process is pid 5000: ipcscope, after the shell's fork.
echo 4999 > /proc/sys/kernel/ns_last_pid
"$IPCSCOPE" --json --batch "$T/first.isc" > "$T/out1" 2> "$T/err1" &
first=$!
[ $first -eq 5000 ] || { echo "the first run is pid $first, not 5000"; exit 1; }
n=0
until grep -q READY "$T/out1"; do
	n=$((n + 1)); [ $n -gt 100 ] && { echo "the first run did not get ready"; exit 1; }
	sleep 0.1
done
g=""
for p in /proc/[0-9]*; do
	[ "$(cat $p/comm 2> /dev/null)" = ipcscope-guard ] && g=${p#/proc/}
done
[ -n "$g" ] || { echo "no guardian"; exit 1; }
# Nothing cleans up after it: its guardian is stopped, then killed too.
kill -STOP $g
kill -KILL $first
kill -KILL $g
wait $first
sleep 0.5
echo 4999 > /proc/sys/kernel/ns_last_pid
"$IPCSCOPE" --json --batch "$T/second.isc" > "$T/out2" 2> "$T/err2" &
second=$!
wait $second
echo "second $second status $?"
INNER
$NS sh "$T/inner.sh" "$T" > "$T/result" 2>&1
grep -q "^second 5000 status 0$" "$T/result" ||
    fail "$(cat "$T/result" "$T/err1" "$T/err2" "$T/out2" 2> /dev/null)"
run1=$(grep -o '"run":"[^"]*"' "$T/out1" | cut -d'"' -f4)
run2=$(grep -o '"run":"[^"]*"' "$T/out2" | cut -d'"' -f4)
case $run1 in 5000-*) ;; *) fail "the first run is $run1" ;; esac
case $run2 in 5000-*) ;; *) fail "the second run is $run2" ;; esac
[ "$run1" != "$run2" ] || fail "both runs are $run1"
grep -q "removed 1 runtime directory left by runs that did not end cleanly, and 2 objects they had made" "$T/err2" ||
    fail "the second run did not sweep the first: $(cat "$T/err2")"
grep -q 'expect m1 messages == 0: ok' "$T/out2" || fail "the second run's queue is not new: $(cat "$T/out2")"
mq_exists "/ipcscope.$run1.m1" && fail "the dead run's queue is left"
[ -e "/dev/shm/ipcscope.$run1.n1" ] && fail "the dead run's shared memory is left"
exit 0
