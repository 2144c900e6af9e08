# The command line: help, version, and clear errors for wrong use.
. "$SRCDIR/tests/lib.sh"
"$IPCSCOPE" --help | grep -q -- "--batch FILE" || fail "--help does not describe --batch"
"$IPCSCOPE" --version | grep -q "^ipcscope [0-9]" || fail "--version"
"$IPCSCOPE" --nosuch > /dev/null 2>&1; [ $? -eq 2 ] || fail "a bad option should exit 2"
"$IPCSCOPE" -d fast --batch /dev/null 2> "$T/err"; [ $? -eq 2 ] || fail "a bad delay should exit 2"
grep -q "duration" "$T/err" || fail "a bad delay should say what a duration is"
"$IPCSCOPE" < /dev/null 2> "$T/err"; [ $? -eq 2 ] || fail "no terminal and no --batch should exit 2"
grep -q -- "--batch -" "$T/err" || fail "no terminal: the message should say --batch -"
"$IPCSCOPE" --batch "$T/nonexistent" 2> "$T/err"; [ $? -eq 2 ] || fail "a missing script should exit 2"
grep -q "cannot read" "$T/err" || fail "a missing script should say so"
"$IPCSCOPE" script.isc 2> "$T/err"; [ $? -eq 2 ] || fail "a stray argument should exit 2"
grep -q -- "--batch script.isc" "$T/err" || fail "a stray argument should suggest --batch"
# Commands from stdin.
printf 'spawn A\nA pipe p1\nexpect p1 capacity == 64k\n' | "$IPCSCOPE" --batch - > "$T/out" 2>&1 || fail "stdin script failed: $(cat "$T/out")"
# -x prints each command before it runs.
printf 'spawn A\n' | "$IPCSCOPE" -x --batch - | head -1 | grep -qx "+ spawn A" || fail "-x"
# A reader that goes away (| head) ends the lab at once, cleanly.
printf 'spawn A\necho one\necho two\nsleep 30\necho never\n' > "$T/long.isc"
start=$(date +%s)
"$IPCSCOPE" --batch "$T/long.isc" | head -1 > "$T/head"
[ $(( $(date +%s) - start )) -lt 10 ] || fail "a closed stdout did not end the lab"
exit 0
