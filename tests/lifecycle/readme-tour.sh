# The README's tour works as written: every backquoted command of it, in
# the order it is written, run as one script, is accepted, and no call
# fails but the two that always return EINTR (sigsuspend, pause). A
# command is a span whose first word is a lab command, or an actor's name
# followed by a call.
. "$SRCDIR/tests/lib.sh"
[ "$(nproc)" -ge 2 ] || skip "the tour pins two actors to CPUs 0 and 1"
echo help | "$IPCSCOPE" --batch - > "$T/help" 2>&1 || fail "help failed"
sed -n '/^Lab commands:/,/^$/p' "$T/help" | awk 'NR > 1 && $1 != "" { print $1 }' > "$T/lab"
python3 - "$SRCDIR/README.md" "$T/lab" > "$T/tour.isc" <<'PY' || fail "no tour in the README"
import re, sys
text = open(sys.argv[1]).read()
lab = set(open(sys.argv[2]).read().split())
tour = text[text.index("## A short tour"):text.index("The scripts in `tests/scenarios/`")]
for span in re.findall(r"`([^`]+)`", tour):
    words = span.split()
    if not words:
        continue
    if words[0] in lab or (re.fullmatch(r"[A-Z][A-Za-z0-9]*(\.t[0-9]+)?", words[0]) and len(words) > 1):
        print(" ".join(words))
PY
n=$(wc -l < "$T/tour.isc")
[ "$n" -ge 60 ] || { cat "$T/tour.isc"; fail "only $n commands found in the README's tour"; }
"$IPCSCOPE" --batch "$T/tour.isc" > "$T/out" 2> "$T/err"
st=$?
grep "^ipcscope: " "$T/err" > "$T/refused"
[ -s "$T/refused" ] && { cat "$T/refused"; fail "the README's tour has commands that fail as written"; }
[ $st -eq 0 ] || { cat "$T/err"; fail "the tour's script exited $st"; }
grep -q "^expect p1 queued == 5: ok" "$T/out" || { cat "$T/out"; fail "the tour's check did not hold"; }
grep " = -1 " "$T/out" | grep -v "^A: \(sigsuspend\|pause\)(" > "$T/failed"
[ -s "$T/failed" ] && { cat "$T/failed"; fail "a call of the tour failed"; }
grep -q "^B: open(\"/dev/pts/[0-9]*\", O_RDWR) = [0-9]*<pt1.s>" "$T/out" || fail "the pty's slave did not open"
grep -q "^C: .*<a1>.* = [0-9]* (the counter" "$T/out" || fail "C did not share a1"
grep -q "^reset: " "$T/out" || fail "no reset at the end"
# What the tour must show, each in its place.
for c in 'B open f1 rw' 'A unlockpt pt1' 'A mmap a1 anon 4k' 'A fork C' \
    'together A incr a1 0 100000000; C incr a1 0 100000000' 'reset'; do
	grep -qxF "$c" "$T/tour.isc" || fail "the tour lacks: $c"
done
exit 0
