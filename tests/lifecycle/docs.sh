# Every command in the table is in help and in the man page, and the man
# page is clean under mandoc -Tlint.
. "$SRCDIR/tests/lib.sh"
printf 'help\n' | "$IPCSCOPE" --batch - > "$T/help" || fail "help failed"
verbs=$(printf 'help\n' | "$IPCSCOPE" --json --batch - | python3 -c '
import json, sys
text = json.loads(sys.stdin.readline())["text"]
for line in text.splitlines():
    w = line.split()
    # Verbs are indented 2 or 4; deeper lines are summaries of long usages.
    if line.startswith("  ") and not line.startswith(" " * 6) and w and w[0].islower() and not line.rstrip().endswith(":") and not w[0].endswith(":"):
        print(w[0])
')
[ "$(echo "$verbs" | wc -w)" -ge 25 ] || fail "help lists too few verbs: $verbs"
for v in $verbs; do
	grep -q "^\.It Ic $v\b\|^\.It Ar ACTOR Ic $v\b\|^\.It Ar actor Ic $v\b" "$SRCDIR/man/ipcscope.1" || fail "man page lacks $v"
	printf 'help %s\n' "$v" | "$IPCSCOPE" --batch - | grep -q "^usage: " || fail "help $v"
done
if command -v mandoc > /dev/null; then
	mandoc -Tlint -W warning "$SRCDIR/man/ipcscope.1" > "$T/lint" 2>&1 || { cat "$T/lint"; fail "mandoc -Tlint"; }
else
	fail "mandoc is not installed (tests/deps.sh installs it)"
fi
exit 0
