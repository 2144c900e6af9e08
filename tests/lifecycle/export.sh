# export: what the actors did as a Mermaid sequence diagram (a column per
# actor; arrows from each put to the take that got its bytes, from a
# signal's sender to its receiver, from parent to forked child; blocking,
# end of file and ends as notes) and as Chrome trace JSON (a track per
# actor, calls and blocked stretches as slices, flows from put to take,
# signals as instants); a message taken out of order is drawn from the
# put that sent it; reset starts the timeline anew; a file that
# cannot be written is refused.
. "$SRCDIR/tests/lib.sh"
cd "$T" || fail "cd"
cat > seq.isc <<'S'
spawn A
A pipe p1
A fork B
B close p1.w
B read p1 &
wait B blocked
A write p1 "hi"
wait B done
A close p1.w
B read p1
A signal USR1 catch siginfo
B kill A USR1
expect A signals.caught has SIGUSR1
A msgget q1
A msgsnd q1 1 "m1"
A msgsnd q1 2 "m2"
B msgrcv q1 0
B msgrcv q1 0
kill B KILL
wait B exited
export mermaid seq.mmd
export trace seq.json
export mermaid /nonexistent/dir/x.mmd
S
"$IPCSCOPE" --batch seq.isc > out 2> err
[ $? -eq 1 ] || { cat out err; fail "the unwritable export is refused"; }
grep -q "^ipcscope: seq.isc:23:16: /nonexistent/dir/x.mmd: ENOENT" err || { cat err; fail "the refusal"; }
grep -q "events written to seq.mmd as a Mermaid sequence diagram" out || fail "said"
diff - seq.mmd <<'S' || fail "the Mermaid diagram"
sequenceDiagram
    participant a0 as A
    participant a1 as B
    a0->>a1: fork()
    Note over a1: blocked in read p1
    a0->>a1: write > read p1 "hi" (2)
    Note over a1: read p1 = 0: end of file
    a1-)a0: SIGUSR1
    a0->>a1: msgsnd > msgrcv q1 "m1" (2)
    a0->>a1: msgsnd > msgrcv q1 "m2" (2)
    Note over a1: killed by SIGKILL, a zombie until A reaps it (A waitpid B)
S
python3 - seq.json <<'P' || fail "the trace"
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
names = {e["tid"]: e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
assert names == {1: "A", 2: "B"}, names
tid = {v: k for k, v in names.items()}
calls = [(names[e["tid"]], e["name"]) for e in ev if e["ph"] == "X" and e["cat"] == "call"]
for want in [("A", "pipe"), ("A", "fork"), ("A", "write"), ("B", "read"), ("A", "msgsnd"), ("B", "msgrcv")]:
    assert want in calls, (want, calls)
assert all(e["dur"] >= 0 and e["ts"] >= 0 for e in ev if e["ph"] == "X")
blocked = [e for e in ev if e["ph"] == "X" and e["cat"] == "blocked"]
assert len(blocked) == 1 and blocked[0]["tid"] == tid["B"] and "blocked" in blocked[0]["args"]["line"], blocked
# The blocked read's slice covers its blocked stretch.
read = [e for e in ev if e["ph"] == "X" and e["name"] == "read" and e["tid"] == tid["B"]][0]
assert read["ts"] <= blocked[0]["ts"] and blocked[0]["ts"] + blocked[0]["dur"] <= read["ts"] + read["dur"] + 1, (read, blocked)
starts = {e["id"]: e for e in ev if e["ph"] == "s"}
ends = {e["id"]: e for e in ev if e["ph"] == "f"}
assert len(starts) == 3 and starts.keys() == ends.keys(), (starts, ends)
for i in starts:
    assert starts[i]["tid"] == tid["A"] and ends[i]["tid"] == tid["B"] and ends[i]["bp"] == "e"
    assert starts[i]["ts"] <= ends[i]["ts"], (starts[i], ends[i])
sig = [e for e in ev if e["ph"] == "i" and e["cat"] == "signal"]
assert len(sig) == 1 and sig[0]["name"] == "SIGUSR1" and sig[0]["tid"] == tid["A"], sig
end = [e for e in ev if e["ph"] == "i" and e["cat"] == "end"]
assert len(end) == 1 and end[0]["tid"] == tid["B"], end
P

# A take gets the oldest bytes: a read of two writes' bytes is drawn from
# the first, and what it took of the second is not drawn again.
cat > bytes.isc <<'S'
spawn A
A pipe p1
A fork B
A fork C
A write p1 "hello"
C write p1 "world"
B read p1 100
A write p1 "x"
B read p1
A write p1 "abcd"
B read p1 2
C write p1 "z"
B read p1 2
B read p1 10
export mermaid b.mmd
S
"$IPCSCOPE" --batch bytes.isc > out 2>&1 || { cat out; fail "bytes.isc"; }
diff - b.mmd <<'S' || fail "takes paired with the oldest bytes"
sequenceDiagram
    participant a0 as A
    participant a1 as B
    participant a2 as C
    a0->>a1: fork()
    a0->>a2: fork()
    a0->>a1: write > read p1 "helloworld" (10)
    a0->>a1: write > read p1 "x" (1)
    a0->>a1: write > read p1 "ab" (2)
    a0->>a1: write > read p1 "cd" (2)
    a2->>a1: write > read p1 "z" (1)
S

# A message taken out of order (msgrcv by type, a POSIX queue's highest
# priority first) is drawn from the put that sent it, not the oldest.
cat > order.isc <<'S'
spawn A
A msgget q1
A mq_open m1 create
A fork B
A fork C
A msgsnd q1 2 "two"
C msgsnd q1 1 "one"
B msgrcv q1 1
B msgrcv q1 0
A mq_send m1 "low" 1
C mq_send m1 "high" 5
B mq_receive m1
B mq_receive m1
export mermaid o.mmd
S
"$IPCSCOPE" --batch order.isc > out 2>&1 || { cat out; fail "order.isc"; }
diff - o.mmd <<'S' || fail "messages paired with the put that sent them"
sequenceDiagram
    participant a0 as A
    participant a1 as B
    participant a2 as C
    a0->>a1: fork()
    a0->>a2: fork()
    a2->>a1: msgsnd > msgrcv q1 "one" (3)
    a0->>a1: msgsnd > msgrcv q1 "two" (3)
    a2->>a1: mq_send > mq_receive m1 "high" (4)
    a0->>a1: mq_send > mq_receive m1 "low" (3)
S

# reset: the timeline starts anew.
cat > reset.isc <<'S'
spawn A
A fork B
reset
spawn C
C pipe p1
C write p1 "x"
C read p1
export mermaid r.mmd
S
"$IPCSCOPE" --batch reset.isc > out 2>&1 || { cat out; fail "reset.isc"; }
diff - r.mmd <<'S' || fail "the timeline after reset"
sequenceDiagram
    participant a0 as C
    a0->>a0: write > read p1 "x" (1)
S
exit 0
