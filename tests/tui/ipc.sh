# Queues, sockets, epoll and ptys on the screen: each object's own line in
# the objects pane, the detail pane from its description, a poll's set in
# the actors pane, and the calls menu sending with the object's own call.
. "$SRCDIR/tests/lib.sh"
tui_start 180 44 "$IPCSCOPE"
see "Actors (0)"
tui_command 'spawn A'
tui_command 'spawn B'
tui_command 'B socket srv unix'
tui_command 'B bind srv'
tui_command 'B listen srv'
see_re "srv +socket +unix stream LISTEN srv.sock, backlog 0/5"
tui_command 'A socket c1 unix'
tui_command 'A connect c1 srv'
see "LISTEN srv.sock, backlog 1/5"
see "ESTABLISHED, (waiting in srv"
tui_command 'show srv'
see "srv: socket"
see "pending   c1"
tui_command 'B accept srv s1'
see_re "s1 +socket +unix stream ESTABLISHED peer c1"
# The calls menu on c1 sends with send(2).
tm send-keys -t lab Tab Tab
see "srv: socket"
tm send-keys -t lab Down
see "c1: socket"
tm send-keys -t lab Enter
see "c1 (socket): calls"
see "A: send on c1..."
tm send-keys -t lab Enter
see ':A send c1 ""'
tm send-keys -t lab -l 'over the socket'
tm send-keys -t lab Enter
see 'send(3<c1>, "over the socket", 15, 0) = 15'
see_re "s1 +socket +unix stream ESTABLISHED peer c1 \(A\), 15 bytes to read"
tui_command 'show s1'
see "over the socket"
see "peeked: nothing is consumed"
# A poll shows its set in the actors pane.
tui_command 'B recv s1'
see 'recv(4<s1>, "over the socket", 65536, 0) = 15'
tui_command 'B eventfd e1'
tui_command 'B poll s1 e1 timeout 30s'
see "blocked poll s1 e1"
tui_command 'A send c1 "x"'
see "(ready: s1)"
tui_command 'A msgget q1'
tui_command 'A msgsnd q1 7 "typed"'
see_re "q1 +msgq +5/16K"
tui_command 'show q1'
see "typed"
tui_command 'A posix_openpt pt1'
see_re "pt1 +pty +/dev/pts/[0-9]+ locked"
tui_quit
exit 0
