# Colours with NO_COLOR respected, and ASCII drawing when the locale is
# not UTF-8.
. "$SRCDIR/tests/lib.sh"
tui_start 100 30 env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
see "Actors (0)"
tm capture-pane -e -p -t lab > "$T/color"
grep -q "$(printf '\033')\[3[0-9]" "$T/color" || grep -q "$(printf '\033')\[[0-9;]*3[0-9]m" "$T/color" ||
    fail "no colours by default"
tm send-keys -t lab q
tui_start 100 30 env NO_COLOR=1 LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
see "Actors (0)"
tm capture-pane -e -p -t lab > "$T/mono"
grep -q "$(printf '\033')\[[0-9;]*3[0-7]m" "$T/mono" && fail "NO_COLOR is set, yet there are colours"
tm send-keys -t lab q
# What changed is highlighted for a moment (bold yellow), then not.
tui_start 100 30 env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
see "Actors (0)"
tui_command 'spawn A'
tui_command 'A pipe p1'
see "p1       pipe    0/64K"
sleep 2
tui_command 'A write p1 "x"'
see "p1       pipe    1/64K"
tm capture-pane -e -p -t lab | grep 'p1 .*pipe' | head -1 > "$T/changed"
grep -q "$(printf '\033')\[1m$(printf '\033')\[33m\|$(printf '\033')\[33m" "$T/changed" ||
    grep -q "$(printf '\033')\[[0-9;]*33[;m]" "$T/changed" || fail "a changed line is not highlighted: $(cat -v "$T/changed")"
# Gone after 1.5 s with nothing else changing: 4 s is ample.
n=0
while tm capture-pane -e -p -t lab | grep 'p1 .*pipe' | head -1 > "$T/later" &&
    grep -q "$(printf '\033')\[[0-9;]*33[;m]" "$T/later"; do
	n=$((n + 1)); [ $n -gt 40 ] && fail "the highlight did not go: $(cat -v "$T/later")"
	sleep 0.1
done
tm send-keys -t lab q
see "quit and kill"
tm send-keys -t lab y

tui_start 100 30 env LANG=C LC_ALL=C "$IPCSCOPE" --demo
see "p1       pipe"
see "producer>consumer"
see "Up/Dn move"
screen | grep -q "$(printf '\342\206\222')" && fail "a UTF-8 arrow in the C locale"
tm send-keys -t lab q
see "quit and kill"
tm send-keys -t lab y
tui_wait_gone
exit 0
