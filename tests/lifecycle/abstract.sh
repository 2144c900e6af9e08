# Abstract UNIX socket names: "\0name" reaches the kernel as a NUL and the
# name, is never a file, so the manifest has no record of it (nothing for
# a sweep to unlink) while a path bind has one; a NUL inside a path, or in
# an inet address, is refused with one line and its column.
. "$SRCDIR/tests/lib.sh"
cat > "$T/run.isc" <<'X2'
spawn A
A socket s unix
A bind s "\0abstract-one"
A socket p unix
A bind p
show lab
sleep 10
X2
start_batch "$T/run.isc" "$T/out"
wait_for_text "$T/out" '"manifest"' || { kill $IPID; fail "no show lab: $(cat "$T/out.err")"; }
manifest=$(grep -o '"manifest":"[^"]*"' "$T/out" | cut -d'"' -f4)
records=$(cat "$manifest")
kill -TERM $IPID
wait $IPID
grep -q '"text":"bind(3<s>, {AF_UNIX, @\\"abstract-one\\"}, 15) = 0' "$T/out" ||
    fail "the abstract bind: $(grep -o '"text":"bind[^"]*[^,]*' "$T/out")"
echo "$records" | grep -q "^socket .*/p.sock$" || fail "the path bind is not in the manifest: $records"
echo "$records" | grep -q "abstract-one" && fail "the abstract name is in the manifest: $records"
[ "$(echo "$records" | grep -c '^socket ')" -eq 1 ] || fail "socket records: $records"

cat > "$T/bad.isc" <<'X2'
spawn A
A socket s unix
A bind s "/tmp/a\0b"
A socket t tcp
A connect t "127.0.0.1\0:80"
A bind s "\0"
expect A last.ret == 0
X2
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
want_err "3:10: a UNIX socket's path ends at its first NUL byte"
want_err "5:13: an inet address holds no NUL byte"
want_out 'bind(3<s>, {AF_UNIX, @""}, 3) = 0'
exit 0
