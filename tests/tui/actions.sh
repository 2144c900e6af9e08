# Keys that make calls: s spawns, n makes an object through a short
# dialog, Enter offers the calls that fit the selection. Each ends up
# as a command in the log.
. "$SRCDIR/tests/lib.sh"
tui_start 120 40 "$IPCSCOPE"
see "Actors (0)"
# s puts "spawn A" on the command line; Enter runs it.
tm send-keys -t lab s
see ":spawn A"
tm send-keys -t lab Enter
see "Actors (1)"
# n: a pipe, made by A, named p1.
tm send-keys -t lab n
see "a new object"
tm send-keys -t lab Enter
see "made by which actor?"
tm send-keys -t lab Enter
see ":A pipe p1"
tm send-keys -t lab Enter
see "Objects (1)"
see 'pipe([3<p1.r>, 4<p1.w>]) = 0'
# Enter on A: the calls that fit; "write to p1..." leaves the cursor
# between the quotes.
tm send-keys -t lab Enter
see "A (idle): calls"
see "write to p1..."
tm send-keys -t lab Enter
see ':A write p1 ""'
tm send-keys -t lab -l 'abc'
tm send-keys -t lab Enter
see 'write(4<p1.w>, "abc", 3) = 3'
see "p1       pipe    3/64K"
# Enter on the object: read from it.
tm send-keys -t lab Tab Tab
tm send-keys -t lab Enter
see "p1 (pipe): calls"
see "A: read from p1"
tm send-keys -t lab Down Down
tm send-keys -t lab Enter
see 'read(3<p1.r>, "abc", 65536) = 3'
# The history has what was done, through menus too.
tm send-keys -t lab ':'
tm send-keys -t lab Up
see ':A read p1'
tm send-keys -t lab Escape
exit 0
