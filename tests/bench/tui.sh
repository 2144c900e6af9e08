#!/bin/sh
# tui.sh: figures for the full-screen interface, from the real program in
# a real terminal (tmux, 160x50), as medians:
#  - the CPU the controller of an idle TUI uses at a 100 ms refresh, as
#    a share of one core, over 20 s, three times: with 10 actors, each
#    holding a pipe with 1 KiB in it, and with 256 actors, each holding
#    an empty pipe; and htop's at -d 2 (0.2 s) over the same 20 s, run
#    beside it, if htop is installed (it says so if not);
#  - the time to build and draw one frame, with 10 actors, and with 100
#    actors and 500 objects (ipcscope's own measure of each frame);
#  - the time from a key press (as ipcscope reads it) to the updated
#    screen (written to the terminal).
#  - with "observe", only the CPU of an idle TUI observing the whole
#    machine (observe all) at a 1 s refresh, htop -d 10 beside it (run it
#    with a load in place: bench_observe runs it after its own figures).
# usage: tests/bench/tui.sh BUILDDIR [idle|observe]   (idle: the CPU figures alone)
# IDLE_RUNS and IDLE_SECS change the number and length of the windows.
B=$(cd "${1:-.}" && pwd)
only=${2:-}
runs=${IDLE_RUNS:-3}
secs=${IDLE_SECS:-20}
T=$(mktemp -d)
trap 'tmux -S "$T/tmux" kill-server 2>/dev/null; rm -rf "$T"' EXIT
export XDG_RUNTIME_DIR=$T/run XDG_STATE_HOME=$T/state
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
tm() { tmux -S "$T/tmux" "$@"; }
hz=$(getconf CLK_TCK)

ticks() {	# utime + stime of a process
	awk '{print $14 + $15}' "/proc/$1/stat"
}
wait_screen() {	# session, text
	n=0
	until tm capture-pane -p -t "$1" | grep -qF -- "$2"; do
		n=$((n + 1))
		[ $n -gt 1200 ] && { echo "bench: $1 never showed $2"; exit 1; }
		sleep 0.1
	done
}
median() {
	sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
# The process called comm in a pane: its first process or a child of it.
pane_proc() {	# session, comm
	p=$(tm list-panes -t "$1" -F '#{pane_pid}')
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$2" ] && { echo "$p"; return; }
	for c in $(ps -o pid= --ppid "$p"); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ] && { echo "$c"; return; }
	done
	echo "$p"
}
share() {	# ticks before, after, seconds: a share of one core
	echo "$1 $2 $3" | awk -v hz="$hz" '{printf "%.2f\n", ($2 - $1) * 100 / hz / $3}'
}
quit_lab() {	# session
	tm send-keys -t "$1" q
	sleep 0.3
	tm send-keys -t "$1" y 2>/dev/null	# asked only when actors are alive
	sleep 2
}
# Idle CPU: the lab of script (n actors) in the TUI, htop -d 2 beside it
# if there is one; the controller's and htop's share in the same windows.
# With a refresh and a text: at that refresh (htop at the same), once the
# screen shows the text.
idle() {	# name, script, n[, refresh, tenths, text, what]
	refresh=${4:-100ms}
	htop_d=${5:-2}
	tm new-session -d -s "$1" -x 160 -y 50 "$B/ipcscope -d $refresh --source $2"
	wait_screen "$1" "${6:-Actors ($3)}"
	pid=$(pane_proc "$1" ipcscope)
	hpid=""
	if command -v htop > /dev/null; then
		tm new-session -d -s "htop$1" -x 160 -y 50 "htop -d $htop_d"
		sleep 1
		hpid=$(pane_proc "htop$1" htop)
	fi
	sleep 3
	: > "$T/$1.cpu"
	: > "$T/$1.hcpu"
	for run in $(seq "$runs"); do
		a=$(ticks "$pid")
		[ -n "$hpid" ] && ha=$(ticks "$hpid")
		t0=$(date +%s.%N)
		sleep "$secs"
		b=$(ticks "$pid")
		[ -n "$hpid" ] && hb=$(ticks "$hpid")
		d=$(echo "$t0 $(date +%s.%N)" | awk '{print $2 - $1}')
		share "$a" "$b" "$d" >> "$T/$1.cpu"
		[ -n "$hpid" ] && share "$ha" "$hb" "$d" >> "$T/$1.hcpu"
	done
	quit_lab "$1"
	[ -n "$hpid" ] && tm kill-session -t "htop$1"
	line="idle CPU, ${7:-$3 actors}, $refresh refresh, ${secs} s windows (median of $runs):"
	line="$line controller $(median < "$T/$1.cpu")% of one core"
	if [ -s "$T/$1.hcpu" ]; then
		line="$line; htop -d $htop_d in the same windows $(median < "$T/$1.hcpu")%"
	else
		line="$line; htop is not installed: no figure beside it"
	fi
	echo "$line (runs: $(tr '\n' ' ' < "$T/$1.cpu")$([ -s "$T/$1.hcpu" ] &&
	    echo "; htop: $(tr '\n' ' ' < "$T/$1.hcpu")"))"
}
field() {	# stats file, line kind, field name ("count" for the count)
	awk -v k="$2" -v f="$3" '$1 == k { if (f == "count") print $2;
	    for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }' "$1"
}

i=0
while [ $i -lt 10 ]; do
	printf 'spawn A%d\nA%d pipe q%d\nA%d write q%d 1k\n' $i $i $i $i $i
	i=$((i + 1))
done > "$T/ten.isc"
i=0
while [ $i -lt 256 ]; do
	printf 'spawn A%d\nA%d pipe q%d\n' $i $i $i
	i=$((i + 1))
done > "$T/many.isc"
i=0
while [ $i -lt 100 ]; do
	printf 'spawn X%d\n' $i
	for j in 0 1 2 3 4; do
		printf 'X%d pipe q%d_%d\nX%d write q%d_%d 100\n' $i $i $j $i $i $j
	done
	i=$((i + 1))
done > "$T/big.isc"

# Observing the whole machine (observe all) at a 1 s refresh: run with
# a load in place (bench_observe IPCSCOPE -- tests/bench/tui.sh B observe).
if [ "$only" = observe ]; then
	echo 'observe all' > "$T/all.isc"
	idle all "$T/all.isc" 0 1s 10 " observed " \
	    "observing the whole machine ($(ls -d /proc/[0-9]* | wc -l) processes)"
	exit 0
fi

# Idle: 10 actors, then 256.
idle ten "$T/ten.isc" 10
idle many "$T/many.isc" 256
[ "$only" = idle ] && exit 0

# 10 actors: frames, keys.
tm new-session -d -s ten -x 160 -y 50 "env IPCSCOPE_TUI_STATS=$T/ten.stats $B/ipcscope --source $T/ten.isc"
wait_screen ten "Actors (10)"
sleep 2
for k in $(seq 30); do
	tm send-keys -t ten Down
	sleep 0.1
	tm send-keys -t ten Up
	sleep 0.1
done
quit_lab ten

# 100 actors and 500 objects: frames while it refreshes, and keys.
tm new-session -d -s big -x 160 -y 50 "env IPCSCOPE_TUI_STATS=$T/big.stats $B/ipcscope --source $T/big.isc"
wait_screen big "Objects (500)"
sleep 5
for k in $(seq 20); do
	tm send-keys -t big Down
	sleep 0.1
done
tm send-keys -t big q
sleep 0.3
tm send-keys -t big y
sleep 2

echo "frame build and draw, 10 actors (median of $(field "$T/ten.stats" frames count)): $(field "$T/ten.stats" frames median_ns | awk '{printf "%.2f ms", $1 / 1e6}')"
echo "frame build and draw, 100 actors and 500 objects (median of $(field "$T/big.stats" frames count)): $(field "$T/big.stats" frames median_ns | awk '{printf "%.2f ms", $1 / 1e6}')"
echo "key press to updated screen, 10 actors (median of $(field "$T/ten.stats" keys count)): $(field "$T/ten.stats" keys median_ns | awk '{printf "%.2f ms", $1 / 1e6}')"
echo "key press to updated screen, 100 actors and 500 objects (median of $(field "$T/big.stats" keys count)): $(field "$T/big.stats" keys median_ns | awk '{printf "%.2f ms", $1 / 1e6}')"
