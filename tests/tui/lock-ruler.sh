# The file-lock ruler: the scale and the rows under it are one width,
# and a range maps exactly onto the cells: of 20 bytes, 0-9 fills the
# first half and 10-19 the second, to the last cell. In the zoomed
# detail at 100x30 and 80x24, and in show's text; in --json, the ranges.
. "$SRCDIR/tests/lib.sh"

# Check the ruler in the text on stdin: the closing bars in one column,
# 16 cells of 32 for each half.
ruler_ok() {
	python3 -c '
import re, sys
text = sys.stdin.read()
scale = [l for l in text.split("\n") if re.search(r"bytes +\|0 +20\|", l)]
a = [l for l in text.split("\n") if re.search(r"A W +\|[#.]+\|", l)]
b = [l for l in text.split("\n") if re.search(r"B W +\|[#.]+\|", l)]
if not scale or not a or not b:
    sys.exit("no ruler: " + repr(scale) + repr(a) + repr(b))
ends = {l.rindex("|") if l.rstrip().endswith("|") else l.index("| ", l.index("|") + 1) for l in scale + a + b}
if len(ends) != 1:
    sys.exit("the closing bars are in columns %s" % sorted(ends))
cells = lambda l: re.search(r"\|([#.]+)\|", l).group(1)
if cells(a[0]) != "#" * 16 + "." * 16:
    sys.exit("0-9 of 20 is " + cells(a[0]))
if cells(b[0]) != "." * 16 + "#" * 16:
    sys.exit("10-19 of 20 is " + cells(b[0]))
'
}

for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	tui_command 'spawn B'
	tui_command 'A open f1 rw create'
	tui_command 'B open f1 rw'
	tui_command 'A fcntl f1 setlk write 0-9'
	tui_command 'B fcntl f1 setlk write 10-19'
	tui_command 'show f1'
	see "f1: file"
	# The detail, zoomed (Shift-Tab twice from the actors), at its end.
	tm send-keys -t lab BTab BTab z End
	see "zoomed: z again"
	# The keys may still be on their way: give the screen a moment.
	n=0
	until screen | ruler_ok 2> /dev/null; do
		n=$((n + 1))
		[ $n -lt 30 ] || { screen | sed 's/^/  | /'; screen | ruler_ok; fail "the ruler is not true ($size)"; }
		sleep 0.1
	done
	tm send-keys -t lab z
	tui_quit
done

printf '%s\n' 'spawn A' 'spawn B' 'A open f1 rw create' 'B open f1 rw' \
    'A fcntl f1 setlk write 0-9' 'B fcntl f1 setlk write 10-19' 'show f1' |
    "$IPCSCOPE" --batch - > "$T/out" 2>&1 || { cat "$T/out"; fail "the batch failed"; }
ruler_ok < "$T/out" || { cat "$T/out"; fail "show's ruler is not true"; }

# In JSON the ruler is data: the file's size and each lock's range.
printf '%s\n' 'spawn A' 'spawn B' 'A open f1 rw create' 'B open f1 rw' \
    'A fcntl f1 setlk write 0-9' 'B fcntl f1 setlk read 10-' 'A ftruncate f1 20' 'show f1' \
    'expect f1 ruler == 2' 'expect f1 ruler has "B read 10-EOF posix"' |
    "$IPCSCOPE" --json --batch - > "$T/json" 2>&1 || { cat "$T/json"; fail "the JSON batch failed"; }
python3 - "$T/json" <<'P' || fail "the ruler in JSON is not the ranges"
import json, sys
show = [o for o in map(json.loads, open(sys.argv[1])) if o["type"] == "show"][0]
r = show["ruler"]
assert r["extent"] == 20, r
assert sorted(r["ranges"], key=lambda x: x["start"]) == [
    {"start": 0, "len": 10, "kind": "write", "waiting": False, "owner": "A", "how": "posix"},
    {"start": 10, "len": -1, "kind": "read", "waiting": False, "owner": "B", "how": "posix"}], r
assert "|################................| posix" in show["text"], show["text"]
P
exit 0
