# A wait that a process the lab does not observe may end is no deadlock:
# R reads a pipe whose writers are W (blocked reading a pipe only R
# writes) and U (asleep, not observed). Observing R and W alone, R's
# chain names U as the one that may end it, --list says so too, and no
# deadlock is logged; once U is observed, the chain ends at it. Real
# processes the lab did not make, not actors.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/outside.py" <<'P'
import os, sys, time
r1, w1 = os.pipe()
r2, w2 = os.pipe()
with open(sys.argv[1] + ".tmp", "w") as f:
    pass
u = os.fork()
if u == 0:
    # U: a writer of the first pipe, asleep, holding nothing else.
    os.close(r1); os.close(r2); os.close(w2)
    time.sleep(1000)
    sys.exit(0)
w = os.fork()
if w == 0:
    # W: writes the first pipe, reads the second.
    os.close(r1); os.close(w2)
    os.read(r2, 1)
    sys.exit(0)
os.close(w1); os.close(r2)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d %d %d\n" % (os.getpid(), w, u))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
os.read(r1, 1)
P
"$PY" "$T/outside.py" "$T/pids" > /dev/null 2>&1 &
R=$!
trap 'kill $R $W $U 2>/dev/null' EXIT
n=0
until [ -s "$T/pids" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the processes did not start"
	sleep 0.05
done
read -r R W U < "$T/pids"
in_call $R 0
in_call $W 0
RN=$(observed_name $R)
WN=$(observed_name $W)

# --list of R and W: R's chain names U, not a deadlock.
"$IPCSCOPE" --list -p $R,$W > "$T/list" 2>&1 || { cat "$T/list"; fail "--list: status $?"; }
grep -q "^$RN .*; pid $U (python3), which the lab does not observe, may end it (observe $U)$" \
    "$T/list" || { cat "$T/list"; fail "--list does not name the writer the lab does not observe"; }
grep -q deadlock "$T/list" && { cat "$T/list"; fail "--list calls it a deadlock"; }

cat > "$T/s.isc" <<X
observe $R $W
echo a writer the lab does not observe may end the wait
expect $RN chain == "pid $U (python3), which the lab does not observe, may end it (observe $U)"
sleep 1.5s
observe $U
echo observed, it ends the chain
expect $RN chain == "python3-$U may end it, and is blocked in clock_nanosleep"
X
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "status $?"; }
[ "$(grep -c ': ok$' "$T/out")" -eq 2 ] || { cat "$T/out"; fail "want 2 checks that hold"; }
grep -q "deadlock" "$T/out" && { cat "$T/out"; fail "a deadlock was logged"; }
for p in $R $W $U; do
	alive $p || fail "observed pid $p did not outlive the lab"
done
exit 0
