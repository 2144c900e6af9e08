# A script that needs root says so with require root: as root it goes
# on; as another user, or as uid 0 of a user namespace, it prints one
# line, skipped: this script needs root (REASON), runs nothing more and
# ends with status 77, leaving nothing behind.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'X'
spawn A
require root A calls setuid
A pipe p1
echo went on
X
chmod 644 "$T/s.isc"
if [ "$(id -u)" -eq 0 ]; then
	"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1
	st=$?
	[ "$st" -eq 0 ] || { cat "$T/out"; fail "as root: status $st, want 0"; }
	grep -q "^went on$" "$T/out" || { cat "$T/out"; fail "as root: the script did not go on"; }
	grep -q skipped "$T/out" && { cat "$T/out"; fail "as root: skipped"; }
	# As an unprivileged user, who may read the script.
	nobody_dir
	cp "$T/s.isc" "$NOBODY/s.isc"
	as_nobody "$IPCSCOPE" --batch "$NOBODY/s.isc" > "$T/out" 2>&1
	st=$?
	as_nobody "$IPCSCOPE" --json --batch "$NOBODY/s.isc" > "$T/json" 2>&1
	st_json=$?
	nobody_leftovers "as uid 65534"
	who="as uid 65534"
else
	"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1
	st=$?
	"$IPCSCOPE" --json --batch "$T/s.isc" > "$T/json" 2>&1
	st_json=$?
	who="as $(id -un)"
fi
[ "$st" -eq 77 ] || { cat "$T/out"; fail "$who: status $st, want 77"; }
[ "$st_json" -eq 77 ] || { cat "$T/json"; fail "$who: --json: status $st_json, want 77"; }
[ "$(grep -c . "$T/out")" -eq 2 ] || { cat "$T/out"; fail "$who: want the spawn and the skip line only"; }
grep -q "^A: spawned, pid [0-9]*$" "$T/out" || { cat "$T/out"; fail "$who: no spawn"; }
grep -qx "skipped: this script needs root (A calls setuid)" "$T/out" ||
    { cat "$T/out"; fail "$who: no skip line"; }
grep -q '^{"type":"skip",.*"text":"skipped: this script needs root (A calls setuid)","needs":"root","reason":"A calls setuid"}$' "$T/json" ||
    { cat "$T/json"; fail "$who: --json: no skip record"; }
# uid 0 of a user namespace is not the machine's root.
if unshare --user --map-root-user true 2> /dev/null; then
	mkdir -m 700 "$T/userns"
	XDG_RUNTIME_DIR=$T/userns unshare --user --map-root-user "$IPCSCOPE" --batch "$T/s.isc" \
	    > "$T/out" 2>&1
	st=$?
	[ "$st" -eq 77 ] || { cat "$T/out"; fail "in a user namespace: status $st, want 77"; }
	grep -qx "skipped: this script needs root (A calls setuid)" "$T/out" ||
	    { cat "$T/out"; fail "in a user namespace: no skip line"; }
	[ -e "$T/userns/ipcscope" ] && fail "in a user namespace: the runtime directory was left"
fi
exit 0
