# --cast FILE: a batch run recorded as an asciicast (version 2): a
# header object, then [time, code, text] events in time order; a marker
# for each chapter, with its number and title, after the output of what
# ran before it; the output events hold what the run printed; asciinema
# plays it back; the exit status is the run's; the script is read to its
# end from a standard input that is no terminal; a file that cannot be
# made, --cast twice and --cast with --list are refused before anything
# runs.
. "$SRCDIR/tests/lib.sh"
cd "$T" || fail "cd"
cat > two.isc <<'S'
echo BEFORE-ONE
chapter "A pipe is one-way"
spawn A
A pipe p1
echo BEFORE-TWO
chapter "Ünïcode, and a \"quote\""
A write p1 "abc"
echo AFTER-TWO
expect p1 queued == 3
S
"$IPCSCOPE" --cast two.cast --batch two.isc < /dev/null > out 2> err
st=$?
[ $st -eq 0 ] || { cat out err; fail "the run's status is $st"; }
[ -s err ] && { cat err; fail "errors"; }
grep -q AFTER-TWO out || { cat out; fail "the output is passed on"; }
python3 - two.cast <<'P' || fail "the recording"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "the last line ends with a newline"
head = json.loads(lines[0])
assert isinstance(head, dict), head
assert head["version"] == 2, head
assert isinstance(head["width"], int) and head["width"] > 0, head
assert isinstance(head["height"], int) and head["height"] > 0, head
assert isinstance(head["timestamp"], int) and head["timestamp"] > 1500000000, head
events = [json.loads(l) for l in lines[1:-1]]
last, out, marks = 0.0, "", []
for e in events:
    assert isinstance(e, list) and len(e) == 3, e
    assert isinstance(e[0], (int, float)) and e[0] >= last, (e, last)
    assert e[1] in ("o", "m", "r") and isinstance(e[2], str), e
    last = e[0]
    if e[1] == "o":
        out += e[2]
    elif e[1] == "m":
        marks.append((e[2], out))
want = ["chapter 1: A pipe is one-way", 'chapter 2: \u00dcn\u00efcode, and a "quote"']
assert [m[0] for m in marks] == want, marks
# Each marker comes after the output of the lines before its chapter
# (the output of the lines after it may come before it: the program does
# not wait for the relay), and the second after the first chapter's.
assert "BEFORE-ONE" in marks[0][1], marks[0]
assert "BEFORE-TWO" in marks[1][1] and "A: pipe(" in marks[1][1], marks[1]
for w in ("== chapter 1: A pipe is one-way ==", "A: spawned", "AFTER-TWO", "expect p1 queued == 3"):
    assert w in out, (w, out)
P
# asciinema plays it (it wants a terminal: script gives it one).
if command -v asciinema > /dev/null; then
	script -qec "asciinema cat two.cast" /dev/null < /dev/null > played 2>&1 ||
	    { cat played; fail "asciinema cat"; }
	grep -q "AFTER-TWO" played || { cat played; fail "asciinema cat did not print the output"; }
fi

# A script read from standard input (not a terminal) to its end, and
# the run's status passed on: a check that fails is 1.
printf 'chapter "Only"\necho FROM-STDIN\nexpect 1 == 2\n' > fails.isc
"$IPCSCOPE" --cast stdin.cast --batch - < fails.isc > out 2> err
st=$?
[ $st -eq 1 ] || { cat out err; fail "a failed check under --cast is status $st, not 1"; }
grep -q FROM-STDIN stdin.cast || fail "the script from standard input"
[ "$(grep -c '"m", "chapter 1: Only"' stdin.cast)" = 1 ] || { cat stdin.cast; fail "one marker"; }

# Refused before anything runs, with a status of 2 and one line.
"$IPCSCOPE" --cast /nonexistent/dir/x.cast --batch two.isc > out 2> err
[ $? -eq 2 ] || fail "an unwritable file is status 2"
grep -qx "ipcscope: --cast /nonexistent/dir/x.cast: ENOENT: the recording needs a file it can write" err ||
    { cat err; fail "the unwritable file's message"; }
[ -s out ] && { cat out; fail "output from a refused run"; }
"$IPCSCOPE" --cast a.cast --cast b.cast --batch two.isc > out 2> err
[ $? -eq 2 ] && grep -q "^ipcscope: --cast is given twice" err || { cat err; fail "--cast twice"; }
"$IPCSCOPE" --cast=a.cast --list > out 2> err
[ $? -eq 2 ] && grep -q "does not go with --cast" err || { cat err; fail "--cast with --list"; }
[ -e a.cast ] || [ -e b.cast ] && fail "a refused run made its file"
exit 0
