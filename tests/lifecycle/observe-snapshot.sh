# Snapshots of observed processes: save while two processes are
# deadlocked on pipes (the file holds each process's whole description,
# the chains, the deadlock, the time, the host and its boot id); --load
# in batch (show, expect, calls refused as a snapshot's) and in the full
# screen (the processes, the deadlock, the status bar); --list and the
# wait-for graph as DOT with the cycle in red; the lab's own actors in a
# flock deadlock, their files' locks read back as rulers; --diff across a
# change (a
# stopped writer continued fills a pipe and starts waiting, a second
# deadlock forms); bad files refused with where they are wrong.
# Real processes the lab did not make, not actors.
. "$SRCDIR/tests/lib.sh"
# Each script writes the pids it made to the file it is given: the
# interpreter may start children of its own as it starts.
cat > "$T/pair.py" <<'P'
import os, sys
r1, w1 = os.pipe()
r2, w2 = os.pipe()
child = os.fork()
if child == 0:
    os.close(r1); os.close(w2)
    os.read(r2, 1)
    sys.exit(0)
open(sys.argv[1] + ".tmp", "w").write("%d\n" % child)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
os.close(r2); os.close(w1)
os.read(r1, 1)
P
# A writer that stops itself, then fills a pipe its child never reads.
# Its parent, in the same session and another group, keeps the group from
# being orphaned (the kernel would hang up and continue it).
cat > "$T/filler.py" <<'P'
import os, signal, sys
if os.fork() != 0:
    os.wait()
    sys.exit(0)
os.setpgid(0, 0)
r, w = os.pipe()
child = os.fork()
if child == 0:
    os.close(w)
    signal.pause()
    sys.exit(0)
open(sys.argv[1] + ".tmp", "w").write("%d %d\n" % (os.getpid(), child))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
os.close(r)
os.kill(os.getpid(), signal.SIGSTOP)
os.write(w, b"x" * 100000)
P
# made FILE: what the script wrote in it, once it has.
made() {
	n=0
	until [ -s "$1" ]; do
		n=$((n + 1))
		[ $n -gt 200 ] && fail "$1 was never written"
		sleep 0.05
	done
	cat "$1"
}
python3 "$T/pair.py" "$T/pair1" > /dev/null 2>&1 &
PA=$!
python3 "$T/filler.py" "$T/filler" > /dev/null 2>&1 &
FT=$!
PIDS="$PA $FT"
trap 'kill $PIDS 2>/dev/null; kill -CONT $PIDS 2>/dev/null' EXIT
PB=$(made "$T/pair1")
PIDS="$PIDS $PB"
set -- $(made "$T/filler")
FW=$1
FR=$2
PIDS="$PIDS $FW $FR"
in_call $PA 0
in_call $PB 0
n=0
until [ "$(sed 's/.*) //' /proc/$FW/stat | cut -c1)" = T ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the writer did not stop"
	sleep 0.05
done
A=$(observed_name $PA)
B=$(observed_name $PB)
W=$(observed_name $FW)
R=$(observed_name $FR)

echo "save $T/s1.json" | "$IPCSCOPE" -p $PA,$PB,$FW,$FR --batch - > "$T/out" 2>&1 ||
    { cat "$T/out"; fail "save failed"; }
grep -qE "^saved to $T/s1.json: 4 processes and threads, [0-9]+ objects?, 1 deadlock \(taken " "$T/out" ||
    { cat "$T/out"; fail "save did not say what it saved"; }
# The file: JSON, each process whole (as show gives it), the chains, the
# deadlock, when and where.
python3 - "$T/s1.json" "$A" "$B" "$W" "$(cat /proc/sys/kernel/random/boot_id)" "$(uname -n)" <<'P' ||
import json, sys
path, a, b, w, boot, host = sys.argv[1:]
s = json.load(open(path))
assert s["format"] == "ipcscope snapshot" and s["version"] == 1, s.get("format")
assert s["host"]["boot_id"] == boot and s["host"]["name"] == host, s["host"]
assert s["time"].endswith("Z") and s["time_ns"] > 0
names = [x["name"] for x in s["actors"]]
assert a in names and b in names and w in names, names
actor = {x["name"]: x for x in s["actors"]}
assert actor[a]["state"] == "blocked" and actor[a]["call"] == "read", actor[a]
assert actor[a]["waits_for"][0]["process"] == b
assert actor[w]["state"] == "stopped"
assert any(f.get("queued") == 0 for f in actor[w]["fds"]), actor[w]["fds"]
cycle = "%s -> %s -> %s" % (min(a, b), max(a, b), min(a, b))
assert s["deadlocks"] == [cycle], s["deadlocks"]
chains = {c["name"]: c for c in s["chains"]}
assert chains[a]["waits_for"] == [b] and chains[a]["chain"].startswith("deadlock: "), chains
assert len(s["types"]["actors"]) == len(s["actors"])
P
    fail "the snapshot file does not hold what it should"

# Loaded in batch: show and expect read it, with its fields' types; every
# call and change is refused as a snapshot's.
cat > "$T/load.isc" <<X
expect lab kind == snapshot
expect lab deadlocks == 1
expect $A state == blocked
expect $A chain == "deadlock: $A -> $B -> $A"
expect $A waits_for == 1
expect $A blocked_for > 0
expect $W state == stopped
expect $A signals.ignored has PIPE
show $B
X
"$IPCSCOPE" --load "$T/s1.json" --batch "$T/load.isc" > "$T/out" 2> "$T/err" ||
    { cat "$T/out" "$T/err"; fail "the loaded snapshot did not answer show and expect"; }
grep -q "^loaded $T/s1.json: snapshot of $(uname -n) taken .*Z, read-only: 4 processes" "$T/out" ||
    { cat "$T/out"; fail "--load did not say what it loaded"; }
grep -q "^deadlock (in the snapshot): " "$T/out" || fail "--load did not name the deadlock"
grep -q "^  chain: deadlock: $B -> $A -> $B" "$T/out" || { cat "$T/out"; fail "show on a snapshot"; }
for line in "$A read 3 1" "spawn X" "observe $PA" "forget $A"; do
	echo "$line" > "$T/bad.isc"
	"$IPCSCOPE" --load "$T/s1.json" --batch "$T/bad.isc" > "$T/out" 2> "$T/err" &&
	    fail "'$line' ran on a snapshot"
	grep -q "this is a snapshot of .* taken .*, read-only: nothing in it can be called" "$T/err" ||
	    { cat "$T/err"; fail "'$line' was not refused as a snapshot's"; }
done
# What it was is still there: nothing was done to the processes.
[ "$(sed 's/.*) //' /proc/$FW/stat | cut -c1)" = T ] || fail "the writer is no longer stopped"

# --list of it, and the wait-for graph: the cycle's edges red.
"$IPCSCOPE" --load "$T/s1.json" --list > "$T/list" || fail "--load --list failed"
grep -q "^$A *pid $PA blocked .*in read on .*; deadlock: $A -> $B -> $A" "$T/list" ||
    { cat "$T/list"; fail "--load --list"; }
"$IPCSCOPE" --load "$T/s1.json" --list --dot > "$T/g.dot" || fail "--list --dot failed"
"$IPCSCOPE" -p $PA,$PB --list --dot > "$T/live.dot" || fail "--list --dot failed live"
for g in "$T/g.dot" "$T/live.dot"; do
	python3 - "$g" "$A" "$B" <<'P' || { cat "$g"; fail "the DOT of $g"; }
import re, sys
text, a, b = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
assert text.startswith("digraph waits {") and text.rstrip().endswith("}")
assert text.count("{") == text.count("}") == 1
edges = re.findall(r'^  "([^"]*)" -> "([^"]*)" \[(.*)\];$', text, re.M)
nodes = dict(re.findall(r'^  "([^"]*)" \[(shape=.*)\];$', text, re.M))
for x, y, _ in edges:
    assert x in nodes and y in nodes, (x, y)
assert 'label="%s\\nblocked"' % a in nodes[a] and "color=red" in nodes[a]
# a -> its pipe -> b -> its pipe -> a, every edge red.
pa = [y for x, y, s in edges if x == a][0]
pb = [y for x, y, s in edges if x == b][0]
assert pa.startswith("object pipe-") and nodes[pa].startswith("shape=ellipse")
red = {(x, y) for x, y, s in edges if "color=red" in s}
assert {(a, pa), (pa, b), (b, pb), (pb, a)} <= red, red
P
done
command -v dot > /dev/null || fail "Graphviz's dot is not installed (tests/deps.sh installs it)"
dot -Tsvg "$T/g.dot" > "$T/g.svg" 2> "$T/dot.err" || { cat "$T/dot.err"; fail "dot -Tsvg refused the graph"; }
[ ! -s "$T/dot.err" ] || { cat "$T/dot.err"; fail "dot -Tsvg warned"; }
[ "$(grep -c 'class="node"' "$T/g.svg")" = 4 ] && [ "$(grep -c 'class="edge"' "$T/g.svg")" = 4 ] ||
    fail "dot did not draw two processes, two pipes and four edges"
# The dot command writes the same graph.
echo "dot $T/cmd.dot" > "$T/dot.isc"
"$IPCSCOPE" --load "$T/s1.json" --batch "$T/dot.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "dot"; }
cmp -s "$T/cmd.dot" "$T/g.dot" || fail "the dot command and --list --dot differ"

# The full screen: the processes, the deadlock, the status bar; a
# command refused.
tui_start 160 40 "\"$IPCSCOPE\" --load \"$T/s1.json\""
trap 'tm kill-server 2>/dev/null; kill $PIDS 2>/dev/null; kill -CONT $PIDS 2>/dev/null' EXIT
see "snapshot of $(uname -n) taken "
see "read-only"
see "$A"
see "$B"
see "chain     deadlock: $A -> $B -> $A"
see "deadlock (in the snapshot)"
tui_command "spawn X"
see "spawn: this is a snapshot of"
tm send-keys -t lab q
tui_wait_gone

# The lab's own actors and objects too: two actors deadlocked on flock,
# saved with their files (each file's locks as a ruler) and drawn.
cat > "$T/lab.isc" <<X
spawn E
spawn F
E open f3 rw create
E open f4 rw create
F open f3 rw
F open f4 rw
E flock f3 ex
F flock f4 ex
together E flock f4 ex; F flock f3 ex
wait E blocked
wait F blocked
expect f3 deadlock has "waits for" within 2s
save $T/lab.json
X
"$IPCSCOPE" --batch "$T/lab.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "the lab's deadlock"; }
cat > "$T/lab2.isc" <<X
expect lab deadlocks.0 == "E -> F -> E"
expect E state == blocked
expect f3 ruler == 2
expect f3 waiters.0.blocked_by == E
X
"$IPCSCOPE" --load "$T/lab.json" --batch "$T/lab2.isc" > "$T/out" 2>&1 ||
    { cat "$T/out"; fail "the lab's actors and objects loaded"; }
"$IPCSCOPE" --load "$T/lab.json" --list --dot > "$T/lab.dot" || fail "--dot of the lab"
for edge in '"E" -> "object f4" \[label="flock", color=red' '"object f4" -> "F" \[color=red' \
    '"F" -> "object f3" \[label="flock", color=red' '"object f3" -> "E" \[color=red'; do
	grep -q "^  $edge" "$T/lab.dot" || { cat "$T/lab.dot"; fail "no edge like $edge"; }
done

# A change: the writer continued fills the pipe and waits in write, a
# second pair deadlocks.
kill -CONT $FW
in_call $FW 1
python3 "$T/pair.py" "$T/pair2" > /dev/null 2>&1 &
PC=$!
PIDS="$PIDS $PC"
PD=$(made "$T/pair2")
PIDS="$PIDS $PD"
in_call $PC 0
in_call $PD 0
C=$(observed_name $PC)
D=$(observed_name $PD)
echo "save $T/s2.json" | "$IPCSCOPE" -p $PA,$PB,$FW,$FR,$PC,$PD --batch - > "$T/out" 2>&1 ||
    { cat "$T/out"; fail "the second save failed"; }
"$IPCSCOPE" --diff "$T/s1.json" "$T/s2.json" > "$T/diff"
[ $? = 1 ] || { cat "$T/diff"; fail "--diff did not exit 1 on a change"; }
for want in "^--- snapshot of .* taken .*($T/s1.json)" \
    "^> $W started waiting: in write on " \
    "^~ $W fds\[fd [0-9]*\]\.queued filled: 0 -> 65536 of 65536" \
    "^~ $R fds\[fd [0-9]*\]\.queued filled: 0 -> 65536 of 65536" \
    "^+ $C appeared: pid $PC blocked" \
    "^! deadlock formed: $(printf '%s\n%s' "$C" "$D" | sort | head -1) -> "; do
	grep -q -- "$want" "$T/diff" || { cat "$T/diff"; fail "--diff: no line like '$want'"; }
done
grep -q "$A" "$T/diff" && { cat "$T/diff"; fail "--diff: $A did not change"; }
"$IPCSCOPE" --json --diff "$T/s1.json" "$T/s2.json" > "$T/diff.json"
python3 - "$T/diff.json" "$W" "$C" <<'P' || { cat "$T/diff.json"; fail "--diff --json"; }
import json, sys
changes = [json.loads(l) for l in open(sys.argv[1])]
kinds = {(c["change"], c.get("name")) for c in changes}
assert ("started_waiting", sys.argv[2]) in kinds and ("appeared", sys.argv[3]) in kinds, kinds
assert ("deadlock_formed", None) in kinds and ("filled", sys.argv[2]) in kinds, kinds
w = [c for c in changes if c["change"] == "started_waiting"][0]
assert w["from"] == "stopped" and w["call"] == "write", w
P
"$IPCSCOPE" --diff "$T/s2.json" "$T/s1.json" > "$T/back" && fail "--diff back: no change"
grep -q "^= deadlock cleared: " "$T/back" && grep -q "^< $W stopped waiting (it was in write on " "$T/back" &&
    grep -q "^- $C went: " "$T/back" && grep -q "drained: 65536 -> 0" "$T/back" ||
    { cat "$T/back"; fail "--diff back"; }
"$IPCSCOPE" --diff "$T/s1.json" "$T/s1.json" > "$T/same" || fail "--diff of a file with itself"
grep -q "^no change$" "$T/same" || { cat "$T/same"; fail "--diff of the same"; }

# Bad files: each refused with what is wrong and where, nothing loaded.
head -c 300 "$T/s1.json" > "$T/truncated.json"
echo "not json" > "$T/notjson.json"
sed 's/"version":1,/"version":99,/' "$T/s1.json" > "$T/v99.json"
echo '{"format":"something else","version":1}' > "$T/other.json"
: > "$T/empty.json"
for bad in "truncated.json:not a snapshot: line 1, column 301: the file ends inside" \
    "notjson.json:not a snapshot: line 1, column 1: not a JSON object" \
    "v99.json:a snapshot of version 99: this ipcscope reads version 1" \
    "other.json:not an ipcscope snapshot" \
    "empty.json:not a snapshot: line 1, column 1: empty" \
    "missing.json:ENOENT"; do
	f=${bad%%:*}
	why=${bad#*:}
	"$IPCSCOPE" --load "$T/$f" --list > "$T/out" 2> "$T/err"
	[ $? = 2 ] || fail "--load $f did not exit 2"
	grep -q "^ipcscope: $T/$f: $why" "$T/err" || { cat "$T/err"; fail "--load $f: '$why'"; }
	"$IPCSCOPE" --diff "$T/$f" "$T/s1.json" > "$T/out" 2> "$T/err"
	[ $? = 2 ] || fail "--diff $f did not exit 2"
	grep -q "^ipcscope: $T/$f: $why" "$T/err" || { cat "$T/err"; fail "--diff $f: '$why'"; }
	echo "load $T/$f" > "$T/bad.isc"
	"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err" && fail "load $f ran"
	grep -q "$T/$f: $why" "$T/err" || { cat "$T/err"; fail "load $f: '$why'"; }
done
no_raw_bytes "$T/err"
true
