# The README's screen is the whole screen ipcscope --demo draws at
# 100x30 once the consumer is stopped and the producer blocked, its 30
# lines: the same panes, titles, borders, marks, key bar and message
# line, numbers aside (pids, times, counts).
. "$SRCDIR/tests/lib.sh"

# Lines of the drawing, its numbers made 9 and its gauges made #: the
# shape, which does not change from run to run.
shape() {
	sed -e 's/[0-9][0-9]*/9/g' -e 's/  */ /g' -e 's/[█·▁▂▃▄▅▆▇]/#/g' -e 's/#[# ]*#/#/g' -e 's/ *$//'
}

awk '/^```$/ { n++; next } n == 1' "$SRCDIR/README.md" > "$T/readme"
[ "$(wc -l < "$T/readme")" -eq 30 ] || fail "the README's screen is not the screen's 30 lines"
tui_start 100 30 env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE" --demo
see "p1       pipe"
tui_command 'kill consumer STOP'
screen_until E yes 'producer +[0-9]+ blocked write p1' 20 'the producer never blocked'
sleep 1
screen | head -30 > "$T/screen"
[ "$(wc -l < "$T/screen")" -eq 30 ] || fail "the screen is not 30 lines"
shape < "$T/readme" > "$T/readme.shape"
shape < "$T/screen" > "$T/screen.shape"
# The borders, titles and marks, and the key bar; and the message line,
# the 30th.
[ "$(tail -1 "$T/readme.shape")" = "$(tail -1 "$T/screen.shape")" ] ||
    fail "the README's message line is not the screen's: '$(tail -1 "$T/readme")'"
grep '^[┌└]\|^Tab' "$T/readme.shape" > "$T/a"
grep '^[┌└]\|^Tab' "$T/screen.shape" > "$T/b"
diff "$T/a" "$T/b" > "$T/diff" || { cat "$T/diff"; fail "the README's screen is not what is drawn"; }
# Every row: the same text but for numbers and gauges, the log aside
# (when a write comes is not the same twice).
head -20 "$T/readme.shape" | sed 's/#//g' > "$T/a"
head -20 "$T/screen.shape" | sed 's/#//g' > "$T/b"
diff "$T/a" "$T/b" > "$T/diff" || { cat "$T/diff"; fail "the README's panes are not what is drawn"; }
tm send-keys -t lab q
see "quit and kill"
tm send-keys -t lab y
tui_wait_gone
exit 0
