# A lesson in the full screen: its chapter and narration shown as a
# framed caption above the status rows, the next say replacing it, say
# alone taking it away; source typed in the lab runs a file; Escape
# stops a sourced file's wait and the rest of it.
. "$SRCDIR/tests/lib.sh"
tui_start 120 40 "$IPCSCOPE" --lesson locks
# The lesson runs to its end: its last chapter and caption stay.
see "chapter 4: Deadlocks the kernel does not catch" 30
see "Lock in one order everywhere (f3, then f4), and no cycle can form." 10
# The caption is a box of its own at the bottom, under the log.
box=$(pane "chapter 4:")
[ -n "$box" ] || { screen; fail "no caption box"; }
echo "$box" | grep -q "Lock in one order everywhere" || { echo "$box"; fail "the caption in its box"; }
last_box_row=$(screen | grep -n '└' | tail -1 | cut -d: -f1)
cap_row=$(screen | grep -n 'Lock in one order everywhere' | tail -1 | cut -d: -f1)
[ "$cap_row" -lt "$last_box_row" ] && [ "$cap_row" -gt $((last_box_row - 6)) ] ||
    { screen; fail "the caption is not the bottom box"; }
# Its text is also in the log.
pane Log text | grep -q "Only ending one of them breaks it" || fail "narration in the log"
# What the caption box holds, once it holds $1 (up to 5 s).
caption_is() {
	n=0
	while [ "$(pane "chapter $2:" text)" != "$1" ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && { screen; fail "the caption is not '$1'"; }
		sleep 0.1
	done
}
tui_command 'say "A new caption for the back row"'
caption_is "A new caption for the back row" 4
# say alone: the caption goes; the chapter's title stays, as a bar.
tui_command 'say'
caption_is "" 4
# source, typed: its lines run in turn; Escape stops its wait and the rest.
cat > "$T/s.isc" <<'S'
chapter "Sourced"
say "from a file"
sleep 30s
say "never shown"
S
tui_command "source $T/s.isc"
see "chapter 5: Sourced"
caption_is "from a file" 5
sleep 0.5
tm send-keys -t lab Escape
see "the rest of the sourced file is not run"
sleep 0.5
unsee "never shown"
tui_quit
exit 0
