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
tui_start 100 30 env LANG=C LC_ALL=C "$IPCSCOPE" --demo
see "p1       pipe"
see "producer>consumer"
see "Up/Dn move"
screen | grep -q "$(printf '\342\206\222')" && fail "a UTF-8 arrow in the C locale"
tm send-keys -t lab q
see "quit and kill"
tm send-keys -t lab y
exit 0
