# Nothing a script or a command line holds can make the terminal act:
# OSC titles, CSI clear screen, BEL, C1 controls and invalid UTF-8 come
# out escaped (\x1b) in batch mode, in the line mode and on the full
# screen, in echo, errors, calls and show; printable UTF-8 comes out as
# it is. A word of 100 KB is quoted in an error by a short prefix, and an
# error line is never longer than the terminal it is written to.
. "$SRCDIR/tests/lib.sh"
command -v python3 > /dev/null || fail "python3 is needed to read the bytes"
command -v tmux > /dev/null || fail "tmux is needed (tests/deps.sh installs it)"
BIG=$BIG_WORD

# What a terminal must never get from the line mode or the screen (file
# $1): they use ESC themselves, but never for a title, nor a clear screen
# from a script, nor a bell, nor a C1 control.
check_terminal_bytes() {
	python3 - "$1" <<'P' || fail "$1: a byte reached the terminal raw"
import re, sys
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("  invalid UTF-8 at %d: %r" % (e.start, data[max(0, e.start - 30):e.start + 10]))
bad = re.compile("\x1b\\]|\x1b\\[2J\x1b\\[H cleared|\x07|[\x80-\x9f]|PWNED\x07")
m = bad.search(text)
if m:
    sys.exit("  %r at %d: %r" % (m.group(), m.start(), text[max(0, m.start() - 40):m.start() + 20]))
P
}

# Lines of file $1 longer than $2 columns.
check_width() {
	python3 - "$1" "$2" <<'P' || fail "$1: a line is longer than $2 columns"
import sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8", errors="replace"), 1):
    line = line.rstrip("\n")
    if len(line) > int(sys.argv[2]):
        sys.exit("  line %d has %d columns: %s..." % (n, len(line), line[:100]))
P
}

# A line of a script as it is written (dash's echo reads backslashes).
l() {
	printf '%s\n' "$1"
}

# Every hostile input, as the lines of a script.
hostile() {
	l 'spawn A'
	l 'A pipe p1'
	l 'echo "\e]2;PWNED\a"'
	l 'echo "\e[2J\e[H cleared"'
	l 'echo "bell \a \007"'
	l 'echo "c1 \x9b31m \xc2\x9b31m \x9d0;PWNED\x9c"'
	l 'echo "bad utf-8 \xff\xfe \xc3 \xe2\x82 \xed\xa0\x80 \xc0\xaf"'
	l 'echo "two\nlines\r\ttab \x7f"'
	# The same bytes raw, in the words of commands.
	printf '\033]2;PWNED\007frob\n'
	printf 'spawn \033[2J\033[H\n'
	printf 'A write p1 \233\n'
	printf 'kill A \377\376\n'
	printf 'help \007\033]0;PWNED\007\n'
	printf 'expect p1 \302\2350;PWNED\302\234 == 1\n'
	printf 'A write p1 "raw \033]2;PWNED\007 in a string"\n'
	l 'show p1'
	l 'A read p1'
	# Words of 100 KB: a command, a name, arguments, an expect path and value.
	l "$BIG"
	l "spawn $BIG"
	l "spawn A$BIG"
	l "A $BIG p1"
	l "expect p1 $BIG == 1"
	l "expect p1 queued == $BIG"
	l "expect p1 queued < $BIG"
	l "kill A $BIG"
	l "sleep $BIG"
	l "A write p1 $BIG"
	l "A read $BIG"
	l "A poll $BIG"
	l "help $BIG"
	l "cancel $BIG"
	l "A setrlimit nofile $BIG"
	l "together A write p1 \"x\" $BIG; A read p1"
	l 'echo "héllo → ü"'
}

# Batch mode: stdout and stderr are files, later cat'ed to a terminal.
hostile > "$T/bad.isc"
l "echo $BIG" >> "$T/bad.isc"
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
[ $? -eq 1 ] || fail "exit status $?, want 1"
no_raw_bytes "$T/out" "$T/err"
grep -qx 'héllo → ü' "$T/out" || fail "UTF-8 was not printed as it is: $(grep llo "$T/out")"
grep -qxF '\x1b]2;PWNED\x07' "$T/out" || fail "the OSC title is not shown escaped"
grep -qxF 'c1 \x9b31m \xc2\x9b31m \x9d0;PWNED\x9c' "$T/out" || fail "C1 controls are not shown escaped"
grep -qxF 'bad utf-8 \xff\xfe \xc3 \xe2\x82 \xed\xa0\x80 \xc0\xaf' "$T/out" ||
    fail "invalid UTF-8 is not shown escaped"
grep -qxF 'two\nlines\r\ttab \x7f' "$T/out" || fail "echo with a newline is not one line"
grep -qx "$BIG" "$T/out" || fail "echo did not print its 100 KB word whole"
grep -qF "unknown command '\\x1b]2;PWNED\\x07frob'" "$T/err" || fail "a raw escape in a command name"
grep -qF "unknown command 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'" "$T/err" ||
    fail "the 100 KB command is not quoted by a prefix of 32"
# Each error quotes at most 32 characters of a word (no_raw_bytes), so
# no line of stderr is long; and there is one line per error.
check_width "$T/err" 300
n=$(grep -c "^ipcscope: $T/bad.isc:" "$T/err")
[ "$n" -eq 23 ] || { cat "$T/err"; fail "expected 22 errors and the count, got $n"; }
# With -x each command is printed before it runs: escaped too.
"$IPCSCOPE" -x --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
no_raw_bytes "$T/out" "$T/err"
# Words on the command line.
"$IPCSCOPE" -d "$(printf '\033]2;PWNED\007')$BIG" --batch - < /dev/null 2> "$T/err"
"$IPCSCOPE" --batch - "$(printf '\033[2J\033[H cleared')$BIG" < /dev/null 2>> "$T/err"
"$IPCSCOPE" --batch "$T/no$(printf '\033]2;PWNED\007\233')such" 2>> "$T/err"
[ "$(wc -l < "$T/err")" -eq 3 ] || { cat "$T/err"; fail "expected 3 errors for bad arguments"; }
no_raw_bytes "$T/err"

# The line mode, in a terminal 80 columns wide: the same lines as a -s
# source, every byte it writes logged.
hostile > "$T/line.isc"
l 'echo "-- the end --"' >> "$T/line.isc"
export XDG_STATE_HOME="$T/state"
tui_start 80 30 sh -c "read go; exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 '$IPCSCOPE' --line -s '$T/line.isc'"
tm pipe-pane -o -t lab "cat >> '$T/raw'"
tm send-keys -t lab Enter
see "ipcscope>" 20
see "-- the end --"
tm send-keys -t lab 'echo "typed \e]2;PWNED\a \e[2J\e[H cleared"' Enter
see 'typed \x1b]2;PWNED\x07'
[ "$(tm display -p -t lab '#{pane_title}')" != PWNED ] || fail "the line mode let a script set the title"
# No error line longer than the terminal: lines the terminal had to wrap
# show joined (-J); ipcscope wraps its own at blanks, the rest indented.
tm capture-pane -p -J -S - -t lab > "$T/screen"
# An error wrapped at a blank reads as one line with its rows joined.
tr -s '\n ' '  ' < "$T/screen" | grep -qF "unknown command 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'" ||
    { cat "$T/screen"; fail "line mode: the 100 KB command is not quoted by a prefix"; }
grep -E '^(ipcscope: |expect |  )' "$T/screen" > "$T/errors"
[ "$(wc -l < "$T/errors")" -ge 25 ] || { cat "$T/screen"; fail "line mode: errors missing"; }
check_width "$T/errors" 80
tm send-keys -t lab quit Enter
tui_wait_gone
check_terminal_bytes "$T/raw"
grep -qF 'héllo → ü' "$T/raw" || fail "line mode: UTF-8 was not printed as it is"

# The full screen: the pane title stays, the log shows the escapes, and
# a long error in the status line is cut with an ellipsis at its end
# ("..." where the locale is not UTF-8).
{
	l 'echo "\e]2;PWNED\a two\nlines"'
	l 'spawn A'
	l "sleep $BIG"
} > "$T/tui.isc"
tui_start 100 30 sh -c "read go; exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 '$IPCSCOPE' -s '$T/tui.isc'"
tm pipe-pane -o -t lab "cat >> '$T/traw'"
tm send-keys -t lab Enter
see 'two\nlines'
see_re "tui\\.isc:3:7: DURATION must be .*(…|\\.\\.\\.)$"
[ "$(tm display -p -t lab '#{pane_title}')" != PWNED ] || fail "the TUI let a script set the title"
tm send-keys -t lab q
see "quit and kill it? (y/n)"
tm send-keys -t lab y
tui_wait_gone
check_terminal_bytes "$T/traw"
exit 0
