# Help breaks its lines between words, or after a '|' of a list of
# choices, with an indent; never in a word. In --batch and --line every
# line of help and of help VERB fits 80 columns (the terminal does not
# break it); the help view wraps to its width, at 100x30 and 80x24.
. "$SRCDIR/tests/lib.sh"

# The fcntl choices, each whole on the text on stdin.
choices_whole() {
	python3 -c '
import re, sys
text = sys.stdin.read()
for c in "getfl nonblock block getpipe setpipe setlk setlkw getlk ofd_setlk ofd_setlkw ofd_getlk".split():
    if not re.search(r"(^|[ |])" + c + r"(\||$| )", text, re.M):
        sys.exit("the choice %s is not whole" % c)
for w in "F_GETPIPE_SZ;", "F_SETPIPE_SZ;", "F_SETLKW":
    if not re.search(r"(^|\s)" + re.escape(w), text, re.M):
        sys.exit("%s is broken" % w)
'
}

# --batch: every help line, of every verb, at most 79 columns.
"$IPCSCOPE" --batch - > "$T/list" 2>&1 <<'X' || fail "help failed"
help
X
grep -E '^(  |    )[a-z_]+( |$)' "$T/list" | awk '$1 != "processes" {print $1}' | sort -u |
    sed 's/^/help /' > "$T/all.isc"
"$IPCSCOPE" --batch "$T/all.isc" > "$T/all" 2>&1 || { tail "$T/all"; fail "help VERB failed"; }
[ "$(wc -l < "$T/all.isc")" -gt 100 ] || fail "too few verbs in help"
cat "$T/list" "$T/all" | LC_ALL=C.UTF-8 awk 'length($0) > 79 { print; bad = 1 } END { exit bad }' ||
    fail "help lines wider than 80 columns"
grep -q '^                        getlk|ofd_setlk|ofd_setlkw|ofd_getlk$' "$T/all" ||
    { grep -A3 'one of:  getfl' "$T/all"; fail "fcntl's choices do not go on under the first"; }
choices_whole < "$T/all" || fail "in --batch"

# --line at 80 columns: what the terminal shows.
tui_start 80 60 env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE" --line
see "ipcscope>"
tm send-keys -t lab 'help fcntl' Enter
see "example: A fcntl f1 setlkw write 0-9"
screen | choices_whole || { screen; fail "in --line"; }
tm send-keys -t lab 'quit' Enter
tui_wait_gone

# The help view, at its width.
for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'help fcntl'
	see "┌ help fcntl"
	tm send-keys -t lab End
	see "example: A fcntl f1 setlkw write 0-9"
	pane "help fcntl" | sed 's/^│//; s/│$//' | choices_whole ||
	    { screen; fail "in the help view ($size)"; }
	tm send-keys -t lab q
	unsee "┌ help fcntl"
	tm send-keys -t lab q
	tui_wait_gone
done
exit 0
