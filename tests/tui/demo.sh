# --demo: a newcomer sees motion at once: a producer filling a pipe that
# a consumer drains more slowly; stopping the consumer fills the pipe and
# the producer blocks in write.
. "$SRCDIR/tests/lib.sh"
tui_start 120 40 "$IPCSCOPE" --demo
see "producer"
see "consumer"
see "p1       pipe"
see "producer→consumer"
see "Demo: producer writes"
# It moves: the pipe is not empty for long, and calls keep coming.
see_re 'p1 +pipe +[1-9][0-9]*K?/64K'
see 'write(4<p1.w>, "abcdefghijklmnopqrstuvwxyzabcdef"..., 2048) = 2048'
see 'read(3<p1.r>, "abcdefghijklmnopqrstuvwxyzabcdef"..., 2048) = 2048'
tui_command 'kill consumer STOP'
see_re 'consumer +[0-9]+ stopped'
see "p1       pipe  64K/64K" 40
see_re 'producer +[0-9]+ blocked write p1'
tui_command 'kill consumer CONT'
see_re 'consumer +[0-9]+ (idle|running)'
tm send-keys -t lab q
see "quit and kill"
tm send-keys -t lab y
exit 0
