# --demo: a newcomer sees motion at once: a producer filling a pipe that
# a consumer drains more slowly; stopping the consumer fills the pipe and
# the producer blocks in write.
. "$SRCDIR/tests/lib.sh"
tui_start 120 40 "$IPCSCOPE" --demo
see "producer"
see "consumer"
see "p1       pipe"
see "producer→consumer"
see "Demo: to stop the consumer"
# It moves: the pipe is not empty for long, and calls keep coming.
see_re 'p1 +pipe +[1-9][0-9]*K?/64K'
see 'write(4<p1.w>, "abcdefghijklmnopqrstuvwxyzabcdef"..., 2048) = 2048'
see 'read(3<p1.r>, "abcdefghijklmnopqrstuvwxyzabcdef"..., 2048) = 2048'
tui_command 'kill consumer STOP'
see_re 'consumer +[0-9]+ stopped'
see "p1       pipe    64K/64K" 40
see_re 'producer +[0-9]+ blocked write p1'
tui_command 'kill consumer CONT'
see_re 'consumer +[0-9]+ (idle|running)'
# The lab goes on while the command line is open: the log keeps moving.
tm send-keys -t lab ':'
see "Enter run"
last1=$(screen | grep 'write(4<p1.w>' | tail -1)
n=0
while [ "$(screen | grep 'write(4<p1.w>' | tail -1)" = "$last1" ]; do
	n=$((n + 1)); [ $n -gt 50 ] && fail "the log stood still while the command line was open"
	sleep 0.1
done
tm send-keys -t lab Escape
# Break it: without its reader the producer dies of SIGPIPE.
tui_command 'kill consumer KILL'
see "killed by SIGPIPE" 10
see_re 'producer +[0-9]+ zombie: killed by SIGPIPE'
see_re 'consumer +killed by SIGKILL'
# Nobody is alive: q quits without asking.
tm send-keys -t lab q
tui_wait_gone
exit 0
