# Runs that start together in one runtime directory never sweep each
# other: a run directory is swept only once its lock is there and not
# held, or it has had no lock for a minute (a run that died while it
# was being made). A run's lock is taken before it is put in place.
. "$SRCDIR/tests/lib.sh"
export XDG_RUNTIME_DIR="$T/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
base=$XDG_RUNTIME_DIR/ipcscope

# A run directory with no lock yet, just made: a run starting now.
mkdir -m 700 "$base" "$base/4000000-1"
out=$(echo 'echo started' | "$IPCSCOPE" --batch - 2>&1) || fail "a run failed: $out"
[ -d "$base/4000000-1" ] || fail "a run directory being made was swept"
# The same with no lock for two minutes: a run that died making it.
touch -d '2 minutes ago' "$base/4000000-1"
out=$(echo 'echo started' | "$IPCSCOPE" --batch - 2>&1) || fail "a run failed: $out"
[ ! -e "$base/4000000-1" ] || fail "a dead run's directory with no lock was not swept"

# Three runs started together, ten times: each makes its objects and
# ends well, and nothing of theirs is left.
cat > "$T/one.isc" <<'S'
spawn A
A pipe p1
A write p1 "x"
expect p1 queued == 1
S
for r in 1 2 3 4 5 6 7 8 9 10; do
	for i in 1 2 3; do
		("$IPCSCOPE" --batch "$T/one.isc" > "$T/out.$i" 2>&1; echo $? > "$T/rc.$i") &
	done
	wait
	for i in 1 2 3; do
		[ "$(cat "$T/rc.$i")" = 0 ] || fail "round $r, run $i: $(head -3 "$T/out.$i")"
	done
done
left=$(ls "$base" 2> /dev/null)
[ -z "$left" ] || fail "left in the runtime directory: $left"
