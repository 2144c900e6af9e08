# The log puts a cause before its effects: a parent's end before the
# reaping of its orphans; a call's line before the socket states it
# changed; an actor's kill before the stop, the handler's report or the
# end it caused; a killed process's end before the call it woke; a
# handler's report before the line of the call it ran in. Each case is
# repeated, since the wrong order came from races between the lab and
# its actors.
. "$SRCDIR/tests/lib.sh"

# $1 must come before $2 in the output, both present.
before() {
	a=$(grep -n -m1 -e "$1" "$T/out" | cut -d: -f1)
	b=$(grep -n -m1 -e "$2" "$T/out" | cut -d: -f1)
	[ -n "$a" ] || { cat "$T/out"; fail "no line '$1'"; }
	[ -n "$b" ] || { cat "$T/out"; fail "no line '$2'"; }
	[ "$a" -lt "$b" ] || { cat "$T/out"; fail "'$2' came before '$1'"; }
}

# Orphans: the parent's end, killed by the lab or by its alarm, then the
# lab reaps the zombie child it left.
: > "$T/s.isc"
for i in 1 2 3; do
	cat >> "$T/s.isc" <<S
spawn A$i
A$i fork B$i
kill B$i KILL
sleep 100ms
kill A$i TERM
wait A$i exited
spawn C$i
C$i fork D$i
kill D$i KILL
sleep 100ms
C$i alarm 100ms
wait C$i exited
sleep 50ms
S
done
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the orphan script failed"; }
for i in 1 2 3; do
	before "^A$i: killed by SIGTERM" "^B$i: its parent had ended, so the lab reaped it"
	before "^C$i: killed by SIGALRM" "^D$i: its parent had ended, so the lab reaped it"
done

# TCP: the socket states a close caused come after the close's line, even
# when something looks at the sockets while the close is being made.
{
	echo "spawn A"
	echo "spawn B"
	echo "B socket l tcp"
	echo "B listen l"
	for i in 1 2 3 4 5 6 7 8; do
		echo "A socket c$i tcp"
		echo "A connect c$i l"
		echo "B accept l s$i"
		echo "A send c$i \"hello\""
		echo "A close c$i"
		echo "B close s$i &"
		echo "show s$i"
		echo "show c$i"
		echo "wait B idle"
		echo "sleep 20ms"
	done
} > "$T/tcp.isc"
"$IPCSCOPE" --batch "$T/tcp.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the TCP script failed"; }
for i in 1 2 3 4 5 6 7 8; do
	before "^B: close(4<s$i>) = 0" "^c$i: TCP [A-Z_0-9]* -> closed"
	before "^B: close(4<s$i>) = 0" "^s$i: TCP CLOSE_WAIT -> "
done

# Signals an actor sends: its kill's line, then what the signal did.
: > "$T/sig.isc"
for i in 1 2 3; do
	cat >> "$T/sig.isc" <<S
spawn A$i
spawn B$i
A$i signal USR1 catch
B$i kill A$i STOP
B$i kill A$i CONT
B$i kill A$i USR1
B$i kill A$i TERM
wait A$i exited
spawn H$i
H$i fork I$i
I$i kill H$i STOP
I$i kill H$i KILL
wait H$i exited
S
done
"$IPCSCOPE" --batch "$T/sig.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the signal script failed"; }
for i in 1 2 3; do
	before "^B$i: kill([0-9]*<A$i>, SIGSTOP) = 0" "^A$i: stopped by SIGSTOP"
	before "^B$i: kill([0-9]*<A$i>, SIGCONT) = 0" "^A$i: continued"
	before "^B$i: kill([0-9]*<A$i>, SIGUSR1) = 0" "^A$i: SIGUSR1 caught"
	before "^B$i: kill([0-9]*<A$i>, SIGTERM) = 0" "^A$i: killed by SIGTERM"
	before "^I$i: kill([0-9]*<H$i>, SIGSTOP) = 0" "^H$i: stopped"
	before "^I$i: kill([0-9]*<H$i>, SIGKILL) = 0" "^H$i: killed by SIGKILL"
done

# A call that returns because a killed process ended (the pipe's last
# writer, a robust mutex's owner): the end, then the call's line.
: > "$T/end.isc"
for i in 1 2 3 4 5 6; do
	cat >> "$T/end.isc" <<S
spawn P$i
P$i pipe p$i
P$i fork R$i
P$i close p$i.r
R$i close p$i.w
R$i read p$i.r &
wait R$i blocked
kill P$i KILL
wait R$i done
spawn M$i
M$i mmap m$i anon 4k
M$i fork O$i
M$i fork W$i
M$i mutex_init mx$i m$i 0 robust
O$i mutex_lock mx$i
W$i mutex_lock mx$i &
wait W$i blocked
kill O$i KILL
wait W$i done
S
done
"$IPCSCOPE" --batch "$T/end.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the end script failed"; }
for i in 1 2 3 4 5 6; do
	before "^P$i: killed by SIGKILL" "^R$i: read(.*) = 0"
	before "^O$i: killed by SIGKILL" "^W$i: pthread_mutex_lock(.*) = EOWNERDEAD"
done

# A handler that ran during a call: its report, then the call's line,
# however the loop orders the report pipe and the actor's channel. A
# wait that looks for reports while a send has no reply yet (B's kill,
# not waited for) holds them back for the send's line, and the pipe is
# then watched after the channels of the actors there are; A's pause is
# continued while the lab is busy, so that its report and its reply are
# both there when the lab looks.
: > "$T/during.isc"
for i in 1 2 3 4 5 6; do
	echo "spawn A$i" >> "$T/during.isc"
	echo "spawn B$i" >> "$T/during.isc"
	echo "A$i signal USR1 catch" >> "$T/during.isc"
	for k in 1 2 3; do
		printf 'B%s kill A%s USR1 &\nwait A%s signalled\nwait B%s done\n' $i $i $i $i \
		    >> "$T/during.isc"
	done
	cat >> "$T/during.isc" <<S
A$i pause &
wait A$i blocked
kill A$i STOP
kill A$i USR1
kill A$i CONT
wait A$i done
S
done
"$IPCSCOPE" --batch "$T/during.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the handler script failed"; }
for i in 1 2 3 4 5 6; do
	caught=$(grep -n -e "^A$i: SIGUSR1 caught" "$T/out" | tail -n 1 | cut -d: -f1)
	eintr=$(grep -n -m1 -e "^A$i: pause() = -1 EINTR" "$T/out" | cut -d: -f1)
	[ -n "$caught" ] && [ -n "$eintr" ] || { cat "$T/out"; fail "A$i's handler or pause is missing"; }
	[ "$caught" -lt "$eintr" ] || { cat "$T/out"; fail "A$i's pause returned before its handler's report"; }
done
exit 0
