# An idle lab costs its tick's sample, not a frame: with nothing changing
# on the screen (an actor, an eventfd in the detail pane), the TUI draws
# no frame a tick; what changes is still drawn, and the highlight of a
# changed line still fades when nothing else happens.
. "$SRCDIR/tests/lib.sh"

cat > "$T/s.isc" <<'S'
spawn A
A eventfd e1
S
tui_start 100 30 env IPCSCOPE_TUI_STATS="$T/stats" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    "$IPCSCOPE" -d 100ms --source "$T/s.isc"
see "Objects (1)"
tui_command 'show e1'
see "e1: eventfd"
see_re "^│A +[0-9]+ idle +3:e1"
# Ten ticks a second for 6 s: a frame a tick would be 60.
sleep 6
tui_command 'A eventfd_write e1 5'
see_re "counter +5 "
# The changed line is highlighted (bold), and plain again once 1.5 s
# have gone by with nothing else to draw.
line() {
	tm capture-pane -e -p -t lab | grep -a "counter   5"
}
line | grep -q "$(printf '\033\\[1m')" || fail "the changed counter is not highlighted: $(line | cat -v)"
n=0
while line | grep -q "$(printf '\033\\[1m')"; do
	n=$((n + 1))
	[ $n -gt 40 ] && fail "the highlight of the counter never faded: $(line | cat -v)"
	sleep 0.1
done
tui_quit
frames=$(awk '$1 == "frames" {print $2}' "$T/stats")
[ -n "$frames" ] || fail "no frame statistics: $(cat "$T/stats")"
[ "$frames" -lt 25 ] || fail "$frames frames for an idle lab (a frame a tick?)"
