# A filesystem that stops answering does not freeze the observer. On a
# FUSE filesystem of the suite's (stuckfs) one process holds a file open,
# one has its working directory, and one writes the file's mapping into
# a pipe that another reads: once the filesystem is silent, that write
# sleeps in the kernel holding the pipe's lock, and so would any look at
# the pipe. observe and show, --list, and the TUI each answer within a
# bound: the held file is still named (its stat asks the filesystem
# nothing: AT_STATX_DONT_SYNC), and both ends of the pipe say slow.
. "$SRCDIR/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip "mounting a FUSE filesystem needs root"
[ -c /dev/fuse ] || skip "no /dev/fuse"
STUCKFS=$(dirname "$IPCSCOPE")/tests/helpers/stuckfs
[ -x "$STUCKFS" ] || skip "tests/helpers/stuckfs is not built"
M=$T/m
mkdir "$M"
SRV= H= C= W= R= P1= P2= L=
# What was started here is killed first: the writer, asleep in the
# filesystem where no signal wakes it, dies as the filesystem goes (had
# it gone first, the writer's call would fail, and a sanitizer's leak
# check at its exit would race the kill). Then the filesystem ends (its
# connection closes, and every call that waits on it fails); no helper
# is left.
cleanup() {
	for p in $W $R $H $C $P1 $P2 $L; do kill -KILL $p 2>/dev/null; done
	[ -n "$SRV" ] && kill -KILL $SRV 2>/dev/null
	wait $SRV 2>/dev/null
	umount -l "$M" 2>/dev/null
	[ "$TUI_SERVER" -gt 0 ] && tm kill-server 2>/dev/null
	n=0
	while pgrep -x ipcscope-read > /dev/null && [ $n -lt 50 ]; do
		n=$((n + 1))
		sleep 0.1
	done
}
trap cleanup EXIT
"$STUCKFS" serve "$M" "$T/ready" 2> "$T/srv.err" &
SRV=$!
n=0
until [ -e "$T/ready" ]; do
	alive $SRV || skip "stuckfs cannot mount here: $(cat "$T/srv.err")"
	n=$((n + 1))
	[ $n -gt 100 ] && fail "stuckfs did not mount"
	sleep 0.05
done
sleep 1000 < "$M/f" &
H=$!
# A file locked on it (the kernel keeps a FUSE file's locks when the
# filesystem does not): an object, whose size and contents are not asked.
(exec 9< "$M/f" && flock -s 9 && exec sleep 1000) &
L=$!
FI=$(stat -c %i "$M/f")
n=0
until grep -q "FLOCK.*:$FI " /proc/locks; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the file was not locked"
	sleep 0.05
done
(cd "$M" && exec sleep 1000) &
C=$!
sh -c 'echo $$ > "$1"; exec "$2" mapwrite "$3" 2> /dev/null' sh "$T/w.pid" "$STUCKFS" "$M/f" | cat > /dev/null &
R=$!
n=0
until [ -s "$T/w.pid" ] && W=$(cat "$T/w.pid") &&
    [ "$(sed 's/.*) //' /proc/$W/stat 2>/dev/null | cut -c1)" = T ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the writer did not map the file"
	sleep 0.05
done
in_call $R 0
# Silent from now on; the writer's bytes have to come from the file.
kill -USR1 $SRV
kill -CONT $W
n=0
until [ "$(cat /proc/$W/wchan 2>/dev/null)" = request_wait_answer ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the writer does not wait for the filesystem"
	sleep 0.05
done

# $1 runs within $2 seconds, or the test fails (and the hung run is
# killed once the filesystem is gone).
within() {
	t0=$(date +%s%N)
	timeout -s KILL 20 "$IPCSCOPE" $3 > "$T/out" 2>&1
	st=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ $st = 0 ] || { cat "$T/out"; fail "$1: status $st after $ms ms"; }
	[ $ms -lt $(($2 * 1000)) ] || { cat "$T/out"; fail "$1 took $ms ms"; }
}
HN=$(observed_name $H)
CN=$(observed_name $C)
WN=$(observed_name $W)
RN=$(observed_name $R)
printf 'observe %s %s %s %s %s\nshow %s\nshow %s\nshow %s\nshow %s\nshow file-%s\n' \
    $H $C $W $R $L "$HN" "$CN" "$WN" "$RN" $FI > "$T/s.isc"
within "observe and show" 5 "--batch $T/s.isc"
grep -q "^  contents: not read: its filesystem is not a local one" "$T/out" ||
    { cat "$T/out"; fail "the locked file's contents are not said to be left unread"; }
# The held file is named; each end of the pipe says slow, once asked and
# then without asking again.
grep -qE "^    - fd=0 (object=file-[0-9]+ )?access=read flags=0 file=$M/f\$" "$T/out" ||
    { cat "$T/out"; fail "the held file is not named"; }
[ "$(grep -c '^      slow: the pipe did not answer within 200 ms$' "$T/out")" = 2 ] ||
    { cat "$T/out"; fail "both ends of the pipe do not say slow"; }
grep -q "$M/f did not answer" "$T/out" && { cat "$T/out"; fail "a stat asked the filesystem"; }
# The writer sleeps in the filesystem, not in the pipe: no deadlock with
# its reader is made up.
grep -v "deadlock: none" "$T/out" | grep -q "deadlock" && { cat "$T/out"; fail "a deadlock is made up"; }

# --list's process lines read no pipe; the pipe's own line, and the
# JSON (the whole description), say it is slow. The pipes of a listing
# are looked at together: two that answer, looked at after the one that
# does not, still say what they hold.
printf abc | sleep 1000 > /dev/null &
P1=$!
printf abcdef | sleep 1000 > /dev/null &
P2=$!
n=0
until [ "$(cat /proc/$P1/comm /proc/$P2/comm 2>/dev/null)" = "sleep
sleep" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the sleeps did not start"
	sleep 0.05
done
within "--list" 5 "-p $H,$C,$W,$R,$P1,$P2,$L --list"
grep -qE "^file-$FI +file +[0-9]+ bytes, 1 lock" "$T/out" ||
    { cat "$T/out"; fail "--list: the locked file's line does not say its size"; }
kill $P1 $P2
grep -qE "^pipe-[0-9]+ +pipe +3/65536 bytes queued, writers nobody, readers sleep-$P1\$" "$T/out" &&
    grep -qE "^pipe-[0-9]+ +pipe +6/65536 bytes queued, writers nobody, readers sleep-$P2\$" "$T/out" ||
    { cat "$T/out"; fail "--list: a pipe looked at after the slow one does not say its fill"; }
grep -qE "^$WN +pid $W blocked [0-9]+s in write on 1<pipe[^>]*>" "$T/out" &&
    grep -qE "^$RN +pid $R blocked [0-9]+s in read on 0<pipe[^>]*>" "$T/out" &&
    grep -qE "^$HN +pid $H " "$T/out" && grep -qE "^$CN +pid $C " "$T/out" ||
    { cat "$T/out"; fail "--list: a process is missing"; }
grep -qE "^pipe-[0-9]+ +pipe +slow: the pipe did not answer within 200 ms, writers $WN, readers $RN" \
    "$T/out" || { cat "$T/out"; fail "--list: the pipe does not say slow"; }
within "--list --json" 5 "-p $W --list --json"
grep -q '"slow":"the pipe did not answer within 200 ms"' "$T/out" ||
    { cat "$T/out"; fail "--list --json: no slow field"; }
within "--read-timeout" 5 "--read-timeout 50ms -p $W --list --json"
grep -q '"slow":"the pipe did not answer within 50 ms"' "$T/out" ||
    { cat "$T/out"; fail "--read-timeout 50ms is not the deadline"; }

# The screen keeps answering keys while the pipe does not.
tui_start 160 50 "$IPCSCOPE -p $W,$R"
trap cleanup EXIT
see "$RN"
# The writer's row is selected: the detail pane says its pipe is slow.
see "slow the pipe"
tm send-keys -t lab '?'
see 'q Esc close'
tm send-keys -t lab q
tui_command "echo still here"
see "still here"
