# record: --record keeps a run as JSON lines (a header, each line run
# with where it came from, each record with its time, flow and fields'
# types, a snapshot of the lab before each line and after changes, an
# end); --replay without a terminal prints its events as the run did,
# in text and in JSON, alike to the byte; a script after a replay reads
# its last snapshot and cannot call; broken recordings and files that
# cannot be written are refused with where and why.
. "$SRCDIR/tests/lib.sh"
cd "$T" || fail "cd"
cat > run.isc <<'S'
chapter Pipes
spawn A
A pipe p1
A fork B
B close p1.w
B read p1 &
wait B blocked
say B waits for bytes
A write p1 "hi"
wait B done
chapter Queues
A msgget q1
A msgsnd q1 1 "m1"
B msgrcv q1 0
expect B last.data == "m1"
S
"$IPCSCOPE" --record run.rec --batch run.isc > out1 2> err1 || { cat out1 err1; fail "the recorded run"; }
"$IPCSCOPE" --replay run.rec > out2 2> err2 || { cat err2; fail "the replay"; }
[ -s out1 ] || fail "the run printed nothing"
cmp -s out1 out2 || { diff out1 out2; fail "the replay prints what the run printed"; }
[ ! -s err2 ] || { cat err2; fail "the replay said something on stderr"; }
# In JSON, alike too: the records' fields and their types come back.
"$IPCSCOPE" -j --record runj.rec --batch run.isc > j1 2> /dev/null || fail "the JSON run"
"$IPCSCOPE" -j --replay runj.rec > j2 || fail "the JSON replay"
cmp -s j1 j2 || { diff j1 j2; fail "the JSON replay prints what the run printed"; }
# The file, line by line.
python3 - run.rec <<'P' || fail "the recording's lines"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
h = lines[0]
assert h["format"] == "ipcscope recording" and h["version"] == 1, h
assert h["program"].startswith("ipcscope ") and h["time"].endswith("Z"), h
body = lines[1:]
times = [l["at_ns"] for l in body]
assert times == sorted(times), "times go back"
kinds = []
for l in body:
    if "command" in l: kinds.append("command")
    elif "type" in l: kinds.append("record")
    elif l.get("format") == "ipcscope snapshot": kinds.append("snapshot")
    elif l.get("end") is True: kinds.append("end")
    else: raise AssertionError(l)
assert kinds[0] == "snapshot", "the lab as it began comes first"
assert kinds[-1] == "end" and kinds.count("end") == 1
cmds = [l for l in body if "command" in l]
assert [c["command"] for c in cmds] == [x.rstrip("\n") for x in open("run.isc")], cmds
assert all(c["source"] == "run.isc" for c in cmds)
assert [c["line"] for c in cmds] == list(range(1, 16))
recs = [l for l in body if "type" in l]
blocked = [r for r in recs if r["type"] == "blocked"]
assert len(blocked) == 1 and blocked[0]["who"] == "B" and blocked[0]["flow"] == "takes"
w = [r for r in recs if r["type"] == "call" and r["fields"]["call"] == "write"][0]
assert w["flow"] == "puts" and w["fields"]["object"] == "p1" and len(w["types"]) > 1
assert [r["fields"]["title"] for r in recs if r["type"] == "chapter"] == ["Pipes", "Queues"]
# A snapshot before each line that finds the lab changed: the one before
# "say" has B blocked in read.
i = next(i for i, l in enumerate(body) if l.get("command") == "say B waits for bytes")
snap = next(l for l in reversed(body[:i]) if l.get("format") == "ipcscope snapshot")
b = next(a for a in snap["actors"] if a["name"] == "B")
assert b["state"] == "blocked", b["state"]
assert sum(k == "snapshot" for k in kinds) >= 8, kinds
P
# A script after the replay reads the last snapshot, and calls nothing.
cat > after.isc <<'S'
expect B state == idle
expect q1 messages == 0
A write p1 "x"
S
"$IPCSCOPE" --replay run.rec --batch after.isc > out3 2> err3
[ $? -eq 1 ] || { cat out3 err3; fail "a call after a replay is refused"; }
grep -q "read-only" err3 || { cat err3; fail "the refusal says read-only"; }
grep -q "B state == idle" out3 && grep -q "q1 messages == 0" out3 || { cat out3; fail "the checks of the snapshot"; }
# Refusals: status 2, and the one line that says why.
refused() {
	line=$1
	shift
	"$@" > rout 2> rerr
	st=$?
	[ $st -eq 2 ] || { cat rout rerr; fail "status $st, not 2: $*"; }
	[ "$(cat rerr)" = "$line" ] || { cat rerr; fail "not '$line'"; }
}
printf '{"format":"ipcscope snapshot","version":1}\n' > notrec
refused "ipcscope: notrec: line 1: not a recording (ipcscope --record FILE makes one)" \
    "$IPCSCOPE" --replay notrec
head -1 run.rec > broken
printf '{"at_ns":5,"command":"spawn A"}\n{"at_ns":4,"command":"spawn B"}\n' >> broken
refused "ipcscope: broken: line 3: a time earlier than the line before" \
    "$IPCSCOPE" --replay broken
head -1 run.rec > broken2
printf '{"at_ns":5,"type":"nonsense","text":"x"}\n' >> broken2
refused "ipcscope: broken2: line 2: a record of no kind this program knows ('nonsense'), or without its text" \
    "$IPCSCOPE" --replay broken2
refused "ipcscope: --record /nonexistent/dir/r.rec: ENOENT" \
    "$IPCSCOPE" --record /nonexistent/dir/r.rec --batch run.isc
refused "ipcscope: --replay plays a recording, read-only; it does not go with --record" \
    "$IPCSCOPE" --replay run.rec --record x.rec
refused "ipcscope: missing: ENOENT" "$IPCSCOPE" --replay missing
exit 0
