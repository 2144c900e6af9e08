# The help overlay, generated from the key and command tables; a resize
# below 80x24 says how much room is needed, and back draws the panes.
. "$SRCDIR/tests/lib.sh"
tui_start 100 30 "$IPCSCOPE"
see "Actors (0)"
tm send-keys -t lab '?'
see "Help: ipcscope"
see "send the selected actor a signal"
see "next pane"
tm send-keys -t lab Down Down Down
tm send-keys -t lab Escape
unsee "Help: ipcscope"
tm resize-window -t lab -x 60 -y 20
see "ipcscope needs at least 80x24; this terminal is 60x20."
tm resize-window -t lab -x 100 -y 30
see "Actors (0)"
unsee "needs at least"
tm resize-window -t lab -x 80 -y 24
see "Objects (0)"
exit 0
