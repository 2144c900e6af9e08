# The descriptors ipcscope opens for itself are close-on-exec, in the
# controller and in actors (their channel), and its files are private.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'X'
spawn A
A pipe p1
A fork B
A mkfifo f1
A open f1 rw
echo READY
sleep 60
X
# Start it with only standard input, output and error open, so that every
# other descriptor it has is its own.
python3 -c 'import os, sys; os.closerange(3, 65536); os.execv(sys.argv[1], sys.argv[1:])' \
    "$IPCSCOPE" --json --batch "$T/s.isc" > "$T/out" 2> "$T/out.err" &
IPID=$!
wait_for_text "$T/out" READY || fail "not ready: $(cat "$T/out.err")"
dir=$(ls -d "$XDG_RUNTIME_DIR/ipcscope/$IPID"-*)
[ -d "$dir" ] || fail "no run directory named after pid $IPID: $(ls "$XDG_RUNTIME_DIR/ipcscope")"
for f in /proc/$IPID/fdinfo/*; do
	fd=${f##*/}
	[ "$fd" -le 2 ] && continue
	flags=$(awk '/^flags:/ {print $2}' "$f")
	# O_CLOEXEC is 02000000.
	[ $(( 0$flags & 02000000 )) -ne 0 ] || fail "controller fd $fd ($(readlink /proc/$IPID/fd/$fd)) is not O_CLOEXEC"
done
for p in $(json_pids "$T/out"); do
	for fd in 1000 1001 1002; do
		flags=$(awk '/^flags:/ {print $2}' /proc/$p/fdinfo/$fd)
		[ $(( 0$flags & 02000000 )) -ne 0 ] || fail "actor $p's descriptor $fd is not O_CLOEXEC"
	done
	[ "$(readlink /proc/$p/fd/1002)" = "$dir/objects" ] || fail "actor $p's descriptor 1002 is not the manifest"
	# The user's descriptors are not: that is for the user to choose.
	flags=$(awk '/^flags:/ {print $2}' /proc/$p/fdinfo/3)
	[ $(( 0$flags & 02000000 )) -eq 0 ] || fail "actor $p's pipe end got O_CLOEXEC"
	[ "$(readlink /proc/$p/fd/0)" = /dev/null ] || fail "actor $p's stdin is not /dev/null"
done
mode() { stat -c %a "$1"; }
[ "$(mode "$XDG_RUNTIME_DIR/ipcscope")" = 700 ] || fail "base directory mode $(mode "$XDG_RUNTIME_DIR/ipcscope")"
[ "$(mode "$dir")" = 700 ] || fail "run directory is not 0700"
[ "$(mode "$dir/f1")" = 600 ] || fail "FIFO is not 0600"
[ "$(mode "$dir/lock")" = 600 ] || fail "lock is not 0600"
[ "$(mode "$dir/objects")" = 600 ] || fail "manifest is not 0600"
# The guardian keeps only its socket, pidfds (the controller's, the
# actors'), the run's lock and standard error (for its report); 0 and 1
# are /dev/null.
for p in $(marked_pids); do
	[ "$(cat /proc/$p/comm)" = ipcscope-guard ] || continue
	[ "$(readlink /proc/$p/fd/0)" = /dev/null ] || fail "the guardian's stdin is $(readlink /proc/$p/fd/0)"
	[ "$(readlink /proc/$p/fd/1)" = /dev/null ] || fail "the guardian's stdout is $(readlink /proc/$p/fd/1)"
	for f in /proc/$p/fd/*; do
		[ "${f##*/}" -le 2 ] && continue
		case $(readlink "$f") in
		"anon_inode:[pidfd]"|socket:*|"$dir/lock"|"$T/out.err") ;;
		*) fail "the guardian holds $(readlink "$f")" ;;
		esac
	done
	[ "$(awk '{print $6}' /proc/$p/stat)" = "$p" ] || fail "the guardian is not in a session of its own"
	g=$p
done
[ -n "${g:-}" ] || fail "no guardian"
kill -TERM $IPID
wait $IPID
alive "$g" && fail "the guardian outlived a clean end"
exit 0
