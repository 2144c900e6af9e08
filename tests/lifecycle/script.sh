# Scripts told to an audience: say, chapter, ask and pace in batch and
# JSON output, repeat and tally (the histograms), source (nested, its errors named by file and line, its depth bounded,
# a missing file refused), and the lessons: listed with their titles and
# chapters, found by name, refused with the names there are.
. "$SRCDIR/tests/lib.sh"
cd "$T" || fail "cd"
cat > inner.isc <<'S'
say "inside the inner file"
spawn B
frobnicate
B pipe p9
S
cat > outer.isc <<'S'
chapter "First things"
say "A pipe is one-way."
spawn A
source inner.isc
expect p9 writers == 1
chapter "Second"
source missing.isc
source self.isc
say
echo end
S
echo 'source self.isc' > self.isc
"$IPCSCOPE" --batch outer.isc > out 2> err
[ $? -eq 1 ] || fail "a script with refused commands exits 1"
sed -n 1,2p out | diff - /dev/stdin <<'S' || fail "chapter and say lines"
== chapter 1: First things ==
A pipe is one-way.
S
grep -qx "inside the inner file" out || fail "the sourced file's say"
grep -q "expect p9 writers == 1: ok" out || fail "the sourced file's lines ran before the next line"
grep -qx "== chapter 2: Second ==" out || fail "the second chapter"
[ "$(tail -1 out)" = end ] || fail "the script went on after the sourced files"
grep -q "^ipcscope: inner.isc:3:1: unknown command 'frobnicate'" err || { cat err; fail "an error in a sourced file names it and its line"; }
grep -q "^ipcscope: outer.isc:7:8: cannot read missing.isc: No such file" err || { cat err; fail "a missing file"; }
grep -q "^ipcscope: self.isc:1:8: source nests more than 16 files deep" err || { cat err; fail "a file that sources itself"; }
grep -q "outer.isc: 0 checks failed, 3 commands refused" err || { cat err; fail "the count"; }

# JSON: types say and chapter, the chapter's number and title.
"$IPCSCOPE" -j --batch outer.isc > json 2>/dev/null
python3 - json <<'P' || fail "JSON say and chapter records"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
ch = [r for r in recs if r["type"] == "chapter"]
assert [(r["number"], r["title"]) for r in ch] == [(1, "First things"), (2, "Second")], ch
says = [r["text"] for r in recs if r["type"] == "say"]
assert says == ["A pipe is one-way.", "inside the inner file", ""], says
err = [r for r in recs if r["type"] == "error"]
assert err[0]["source"] == "inner.isc" and err[0]["line"] == 3, err[0]
P

# ask and pace in batch: the question is a line (JSON type ask) and the
# script goes on; pace is taken, and holds nothing without a terminal.
cat > ask.isc <<'S'
pace step
ask "What will B read?"
spawn B
pace play 2s
pace chapter 1s
echo done
S
"$IPCSCOPE" --batch ask.isc > out 2> err
[ $? -eq 1 ] || { cat out err; fail "pace chapter with a time is refused"; }
grep -qx "Question: What will B read?" out || { cat out; fail "the question"; }
grep -q "^B: spawned" out || fail "the script went on after ask"
grep -q "^ipcscope: ask.isc:5:14: only play takes a time between steps" err || { cat err; fail "pace's refusal"; }
[ "$(tail -1 out)" = done ] || fail "the script did not run to its end"
"$IPCSCOPE" -j --batch ask.isc 2>/dev/null | grep -q '"type":"ask","time":[0-9.]*,"text":"Question: What will B read?"' ||
    fail "JSON ask"

# repeat and tally: the runs, and each value counted, as a histogram;
# numbers of more than 8 kinds in 8 ranges of equal width.
cat > run.isc <<'S'
A write p1 "x"
tally p1 queued
B read p1 0
tally B last.data
S
cat > rep.isc <<'S'
spawn A
A pipe p1
A fork B
tally A pid
repeat 20 run.isc
repeat 0 run.isc
repeat 1001 run.isc
repeat 2 none.isc
echo end
S
"$IPCSCOPE" --batch rep.isc > out 2> err
[ $? -eq 1 ] || fail "refused repeats exit 1"
python3 - out <<'P' || { cat out; fail "the histogram"; }
import sys
text = open(sys.argv[1]).read()
want = """repeat 20 run.isc: 20 runs
p1 queued, 20 values:
  1..3    ############################## 3
  4..6    ############################## 3
  7..9    ############################## 3
  10..12  ############################## 3
  13..15  ############################## 3
  16..18  ############################## 3
  19..20  ####################           2
B last.data, 20 values:
  ""  ############################## 20
"""
assert want in text, text
P
grep -c "^p1: tally p1 queued: " out | grep -qx 20 || fail "each tally is a line"
grep -q "^ipcscope: rep.isc:6:8: N is from 1 to 1000, not 0" err || { cat err; fail "repeat 0"; }
grep -q "^ipcscope: rep.isc:7:8: N is from 1 to 1000, not 1001" err || { cat err; fail "repeat 1001"; }
grep -q "^ipcscope: rep.isc:8:10: cannot read none.isc" err || { cat err; fail "repeat of a missing file"; }
printf 'repeat 2 run.isc
' > nest.isc
printf 'spawn A
A pipe p1
A fork B
repeat 2 nest.isc
' > outer2.isc
"$IPCSCOPE" --batch outer2.isc > out 2> err
grep -q "^ipcscope: nest.isc:1: a repeat does not run within a repeat" err || { cat err; fail "nested repeat"; }
"$IPCSCOPE" -j --batch rep.isc 2>/dev/null > json
python3 - json <<'P' || fail "JSON tally"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
rep = [r for r in recs if r["type"] == "tally" and "runs" in r]
assert len(rep) == 1 and rep[0]["runs"] == 20 and rep[0]["file"] == "run.isc", rep
t = rep[0]["tallies"]
assert t[0]["of"] == "p1 queued" and t[0]["values"][0] == {"from": 1, "to": 3, "count": 3}, t[0]
assert t[1]["values"] == [{"value": '""', "count": 20}], t[1]
one = [r for r in recs if r["type"] == "tally" and "runs" not in r]
# A tally outside a repeat is logged, and counted in no histogram.
assert len(one) == 41 and one[0]["of"] == "A pid" and one[1]["of"] == "p1 queued" and one[1]["value"] == "1", one[:2]
assert [x["of"] for x in t] == ["p1 queued", "B last.data"], t
P

# A file named in a script is found beside it first.
mkdir sub
printf 'echo the part beside it\n' > sub/part.isc
printf 'echo the part here\n' > part.isc
printf 'source part.isc\nsource only-here.isc\n' > sub/main.isc
printf 'echo only here\n' > only-here.isc
"$IPCSCOPE" --batch sub/main.isc > out 2>&1 || { cat out; fail "sub/main.isc"; }
printf 'the part beside it\nonly here\n' | diff - out || fail "a sourced file beside its script first"

# A require that does not hold inside a sourced file ends the script.
if [ "$(id -u)" -ne 0 ]; then
	printf 'require root\necho never\n' > needs.isc
	printf 'source needs.isc\necho after\n' > top.isc
	"$IPCSCOPE" --batch top.isc > out 2>&1
	[ $? -eq 77 ] || fail "a sourced require skips the script"
	grep -q "never\|after" out && fail "lines ran after a sourced require"
fi

# quit in a sourced file ends everything, the rest unread.
printf 'spawn Q\nquit\necho never\n' > q.isc
printf 'source q.isc\necho after\n' > top.isc
"$IPCSCOPE" --batch top.isc > out 2>&1 || fail "quit in a sourced file"
grep -q "never\|after" out && fail "lines ran after quit"

# The lessons.
"$IPCSCOPE" --lesson > out 2>&1 || fail "--lesson lists"
grep -q "^Lessons, in $SRCDIR/lessons:" out || { cat out; fail "the list names its directory"; }
for f in "$SRCDIR"/lessons/*.isc; do
	name=$(basename "$f" .isc)
	n=$(grep -c '^chapter ' "$f")
	title=$(head -1 "$f" | sed 's/^# //')
	sed 's/  */ /g' out | grep -qxF " $name $title ($n chapters)" || { cat out; fail "lesson $name listed with its title"; }
done
"$IPCSCOPE" --lesson nosuch > out 2>&1
[ $? -eq 2 ] || fail "an unknown lesson exits 2"
grep -q "no lesson called 'nosuch'; the lessons: locks, pipes, polling, ptys, queues, shm, signals, sockets and sync" out || { cat out; fail "the names there are"; }
"$IPCSCOPE" --lesson ../etc/passwd > out 2>&1
[ $? -eq 2 ] || fail "a lesson name is a name, not a path"
"$IPCSCOPE" --lesson pipes --batch x > out 2>&1
[ $? -eq 2 ] || fail "--lesson with --batch"
grep -q "to check a lesson without a terminal" out || fail "--batch's hint"
IPCSCOPE_LESSONS=$T/none "$IPCSCOPE" --lesson > out 2>&1
[ $? -eq 1 ] || fail "no lessons directory"
grep -q "no lessons in $T/none" out || { cat out; fail "no lessons: said"; }
exit 0
