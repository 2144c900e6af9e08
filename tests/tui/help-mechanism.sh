# help pipe, the help's own example of help MECHANISM, opens in the help
# view with the mechanism's text first and the pipe verb's usage after
# it, at 100x30 and at 80x24.
. "$SRCDIR/tests/lib.sh"
for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'help pipe'
	see "┌ help pipe"
	see "pipe: anonymous pipes"
	tm send-keys -t lab End
	see "The pipe verb:"
	see "usage: ACTOR pipe NAME [nonblock] [cloexec]"
	see "example: A pipe p1"
	tm send-keys -t lab q
	see "Actors (0)"
	tm send-keys -t lab q
	tui_wait_gone
done
exit 0
