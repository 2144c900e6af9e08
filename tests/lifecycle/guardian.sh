# The guardian itself: killed while the lab lives, it is replaced by a new
# one that is told every actor again and cleans up when the controller is
# then killed; one that keeps dying is not started again and again; and
# it never outlives a clean end.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'S'
spawn A
A msgget q1
A mq_open m1 create
spawn B
B shm_open n1 create
echo READY
wait A signalled timeout 60s
S
start_batch "$T/s.isc" "$T/out"
wait_for_text "$T/out" READY || fail "not ready: $(cat "$T/out.err")"
dir=$(ls -d "$XDG_RUNTIME_DIR/ipcscope/$IPID"-*)
tag=ipcscope.${dir##*/}
qid=$(awk '/^msgq / {print $2}' "$dir/objects")
g=$(guardian_of)
[ -n "$g" ] || fail "no guardian"
kill -TERM $g
wait_for_text "$T/out" "the guardian (pid $g) was killed by SIGTERM; a new one, pid [0-9]*, watches the lab" ||
    fail "no new guardian: $(cat "$T/out")"
g2=$(grep -o 'a new one, pid [0-9]*' "$T/out" | grep -o '[0-9]*$')
alive "$g2" || fail "the new guardian $g2 is not alive"
[ "$(cat /proc/$g2/comm)" = ipcscope-guard ] || fail "pid $g2 is not a guardian"
# The new one knows both actors: SIGKILL, and it ends them and removes all.
kill -KILL $IPID
n=0
while :; do
	left=""
	ipcs -q | awk '{print $2}' | grep -qx "$qid" && left="$left queue"
	mq_exists "/$tag.m1" && left="$left posix-queue"
	[ -e "/dev/shm/$tag.n1" ] && left="$left posix-shm"
	[ -e "$dir" ] && left="$left directory"
	for p in $(json_pids "$T/out"); do alive $p && left="$left actor-$p"; done
	[ -z "$left" ] && break
	n=$((n + 1))
	[ $n -gt 10 ] && fail "1 s after SIGKILL, the new guardian left:$left"
	sleep 0.1
done
wait $IPID
# The guardian reports after it has cleaned up.
wait_for_text "$T/out.err" "ipcscope: killed by SIGKILL; the guardian ended 2 actors, removed 3 objects" ||
    fail "the new guardian did not report: $(cat "$T/out.err")"

# Guardians that keep dying young: after three the lab stops, says so,
# and still ends cleanly.
cat > "$T/s2.isc" <<'S'
spawn A
echo READY
wait A signalled timeout 60s
S
start_batch "$T/s2.isc" "$T/out2"
wait_for_text "$T/out2" READY || fail "not ready: $(cat "$T/out2.err")"
i=0
while [ $i -lt 3 ]; do
	g=$(guardian_of)
	[ -n "$g" ] || fail "no guardian to kill ($i)"
	kill -KILL $g
	while alive $g || [ "$(guardian_of)" = "$g" ]; do sleep 0.05; done
	i=$((i + 1))
	[ $i -lt 3 ] && { wait_for_text "$T/out2" "a new one, pid" || fail "no new guardian"; }
	n=0
	while [ $i -lt 3 ] && [ -z "$(guardian_of)" ]; do
		n=$((n + 1)); [ $n -gt 50 ] && fail "no new guardian after $i"
		sleep 0.1
	done
done
wait_for_text "$T/out2" "keeps ending; no new one is started" || fail "the lab did not give up: $(cat "$T/out2")"
[ -z "$(guardian_of)" ] || fail "a guardian was started again"
kill -TERM $IPID
wait $IPID
[ $? -eq 143 ] || fail "the lab did not end in order"
exit 0
