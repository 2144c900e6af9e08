# What a run makes is recorded in its manifest however much it makes and
# whatever its actors did first (setuid, a lowered RLIMIT_NOFILE), and a
# socket file by an absolute path: so the guardian, or the next start when
# the guardian is gone too, removes all of it. Ten thousand queues (a
# manifest of far more than 64 KiB) are gone within a second of SIGKILL.
. "$SRCDIR/tests/lib.sh"

# The queues whose ids the file $1 lists that still exist.
queues_left() {
	ipcs -q | awk 'NR > 3 && $2 ~ /^[0-9]+$/ {print $2}' | sort > "$T/now"
	sort "$1" | comm -12 - "$T/now" | wc -l
}

# Run script $1 (from directory $2) until READY, in the background.
run_ready() {
	rm -f "$T/out"
	(cd "$2" && exec "$IPCSCOPE" --json --batch "$1") > "$T/out" 2> "$T/err" &
	IPID=$!
	wait_for_text "$T/out" READY || fail "not ready: $(tail -3 "$T/err")"
	dir=$(ls -d "$XDG_RUNTIME_DIR/ipcscope/$IPID"-*)
}

# 1. Ten thousand queues.
{
	echo 'spawn A'
	i=0
	while [ $i -lt 10000 ]; do echo "A msgget q$i"; i=$((i + 1)); done
	echo 'echo READY'
	echo 'sleep 60'
} > "$T/many.isc"
for how in guardian next-start; do
	run_ready "$T/many.isc" "$T"
	awk '/^msgq / {print $2}' "$dir/objects" > "$T/ids"
	[ "$(wc -l < "$T/ids")" -eq 10000 ] ||
	    fail "the manifest records $(wc -l < "$T/ids") queues; msgget said: $(grep -o '"text":"msgget[^"]*= -1[^"]*' "$T/out" | sort | uniq -c | head -3) ($(ipcs -q | grep -c '^0x') queues on the machine, msgmni $(cat /proc/sys/kernel/msgmni))"
	[ "$(wc -c < "$dir/objects")" -gt 65536 ] || fail "the manifest is not over 64 KiB"
	[ "$(queues_left "$T/ids")" -eq 10000 ] || fail "not all 10000 queues were made"
	if [ $how = guardian ]; then
		kill -KILL $IPID
		n=0
		while [ "$(queues_left "$T/ids")" -gt 0 ]; do
			n=$((n + 1))
			[ $n -gt 10 ] && fail "1 s after SIGKILL, $(queues_left "$T/ids") queues are left"
			sleep 0.1
		done
		wait $IPID
		wait_no_actors 20 || fail "processes left: $(marked_pids)"
		wait_for_text "$T/err" "the guardian ended 1 actor, removed 10000 objects" ||
		    fail "the guardian did not report: $(cat "$T/err")"
	else
		kill_unguarded $IPID
		wait $IPID
		[ "$(queues_left "$T/ids")" -eq 10000 ] || fail "queues went before the next start"
		"$IPCSCOPE" --batch /dev/null 2> "$T/err2" || fail "the next start failed: $(cat "$T/err2")"
		grep -q "and 10000 objects they had made" "$T/err2" || fail "the next start said: $(cat "$T/err2")"
		[ "$(queues_left "$T/ids")" -eq 0 ] || fail "the next start left $(queues_left "$T/ids") of 10000 queues"
	fi
done

# 2. Made after setuid, and under RLIMIT_NOFILE 3: recorded all the same
# (only root can setuid).
if [ "$(id -u)" = 0 ]; then
	cat > "$T/setuid.isc" <<'S'
spawn U
U setuid 65534
U msgget q1
U shmget g1 4k
spawn V
V setrlimit nofile 3
V msgget q2
V semget e1 1
echo READY
sleep 60
S
	run_ready "$T/setuid.isc" "$T"
	[ "$(grep -c '^msgq ' "$dir/objects")" -eq 2 ] || fail "the manifest lacks a queue: $(cat "$dir/objects")"
	[ "$(grep -c '^shm ' "$dir/objects")" -eq 1 ] || fail "the manifest lacks the segment: $(cat "$dir/objects")"
	[ "$(grep -c '^sem ' "$dir/objects")" -eq 1 ] || fail "the manifest lacks the semaphore set: $(cat "$dir/objects")"
	awk '$1 == "msgq" || $1 == "shm" || $1 == "sem" {print $1, $2}' "$dir/objects" > "$T/made"
	kill_unguarded $IPID
	wait $IPID
	"$IPCSCOPE" --batch /dev/null 2> "$T/err2" || fail "the next start failed: $(cat "$T/err2")"
	grep -q "and 4 objects they had made" "$T/err2" || fail "the next start said: $(cat "$T/err2")"
	while read -r kind id; do
		case $kind in msgq) opt=-q ;; shm) opt=-m ;; sem) opt=-s ;; esac
		ipcs $opt | awk '{print $2}' | grep -qx "$id" && fail "$kind $id was not swept"
	done < "$T/made"
fi

# 3. A socket bound to a relative path, swept by a start in another
# directory.
mkdir "$T/sub"
cat > "$T/rel.isc" <<'S'
spawn A
A socket s1 unix
A bind s1 ./rel.sock
echo READY
sleep 60
S
run_ready "$T/rel.isc" "$T/sub"
[ -S "$T/sub/rel.sock" ] || fail "no socket file"
grep -q "^socket [0-9]* [0-9]* $T/sub/rel.sock$" "$dir/objects" || fail "not recorded by its absolute path: $(cat "$dir/objects")"
kill_unguarded $IPID
wait $IPID
[ -S "$T/sub/rel.sock" ] || fail "the socket file went before the next start"
(cd / && "$IPCSCOPE" --batch /dev/null) 2> "$T/err2" || fail "the next start failed: $(cat "$T/err2")"
[ -e "$T/sub/rel.sock" ] && fail "the next start, from /, left the socket file"
exit 0
