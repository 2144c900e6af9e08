# record: --record keeps a run as JSON lines (a header, each line run
# with where it came from, each record with its time, flow and fields'
# types, a snapshot of the lab before each line and after changes, an
# end); --replay without a terminal prints its events as the run did, in
# text and in JSON, alike to the byte (the lab's own calls too); a script
# after a replay reads its last snapshot and cannot call; a repeat's
# lines are marked and take no snapshot each; broken recordings and files
# that cannot be written are refused with where and why; a recording cut
# short plays up to where it was cut, with a warning.
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
kill B 0
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
assert [c["line"] for c in cmds] == list(range(1, 17))
recs = [l for l in body if "type" in l]
blocked = [r for r in recs if r["type"] == "blocked"]
assert len(blocked) == 1 and blocked[0]["who"] == "B" and blocked[0]["flow"] == "takes"
w = [r for r in recs if r["type"] == "call" and r["fields"]["call"] == "write"][0]
assert w["flow"] == "puts" and w["fields"]["object"] == "p1" and len(w["types"]) > 1
assert [r["fields"]["title"] for r in recs if r["type"] == "chapter"] == ["Pipes", "Queues"]
# The lab's own kill: recorded, and kept off the actors' timeline.
k = [r for r in recs if r.get("who") == "lab"]
assert len(k) == 1 and k[0]["timeline"] is False and k[0]["fields"]["call"] == "kill", k
# A snapshot before each line that finds the lab changed: the one before
# "say" has B blocked in read.
i = next(i for i, l in enumerate(body) if l.get("command") == "say B waits for bytes")
snap = next(l for l in reversed(body[:i]) if l.get("format") == "ipcscope snapshot")
b = next(a for a in snap["actors"] if a["name"] == "B")
assert b["state"] == "blocked", b["state"]
assert sum(k == "snapshot" for k in kinds) >= 8, kinds
P
# A repeat's lines are recorded as its own, with no snapshot before each.
cat > part.isc <<'S'
A write p1 "x"
A read p1
S
cat > rep.isc <<'S'
spawn A
A pipe p1
repeat 20 part.isc
echo done
S
"$IPCSCOPE" --record rep.rec --batch rep.isc > /dev/null 2>&1 || fail "rep.isc"
python3 - rep.rec <<'P' || fail "a repeat's lines"
import json, sys
body = [json.loads(l) for l in open(sys.argv[1])][1:]
rep = [l for l in body if l.get("repeat")]
assert len(rep) == 40 and all(l["command"] in ('A write p1 "x"', "A read p1") for l in rep), len(rep)
i = body.index(rep[0]); j = body.index(rep[-1])
assert not any(l.get("format") == "ipcscope snapshot" for l in body[i:j]), "a snapshot inside the repeat"
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
head -1 run.rec > headonly
refused "ipcscope: headonly: no snapshot of the lab in it (a recording begins with one): not a whole recording" \
    "$IPCSCOPE" --replay headonly
head -1 run.rec > badsnap
printf '{"at_ns":1,"format":"ipcscope snapshot","version":1}\n' >> badsnap
"$IPCSCOPE" --replay badsnap > rout 2> rerr && fail "a snapshot line that is not one is refused"
grep -q "^ipcscope: badsnap: line 2: " rerr || { cat rerr; fail "the bad snapshot's line"; }
refused "ipcscope: --record run.isc: the script this run reads; a recording would overwrite it" \
    "$IPCSCOPE" --record run.isc --batch run.isc
mkfifo fifo
refused "ipcscope: --record fifo: not a regular file" "$IPCSCOPE" --record fifo --batch run.isc
refused "ipcscope: --lesson without a name lists the lessons; to record one: ipcscope --record FILE --lesson NAME" \
    "$IPCSCOPE" --record x.rec --lesson
[ ! -e x.rec ] || fail "a refused --record made its file"
# A recording cut short (a crash, a full disk: its last line a part of
# one) plays up to it, and says so.
head -c -200 run.rec > cut.rec
"$IPCSCOPE" --replay cut.rec > out4 2> err4 || { cat err4; fail "the cut recording"; }
grep -q "^ipcscope: cut.rec: line [0-9]* is cut short (.*): played up to the line before it$" err4 ||
    { cat err4; fail "the cut recording's warning"; }
[ "$(head -n 3 out4)" = "$(head -n 3 out1)" ] || { cat out4; fail "the cut recording's start"; }
exit 0
