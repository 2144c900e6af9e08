# expect refuses, in one line with the column, a value that is not in
# the units of the field it compares, whatever the operator: == is no
# more lenient than <. Text is compared with == != has lacks only.
. "$SRCDIR/tests/lib.sh"
cat > "$T/bad.isc" <<'X2'
spawn A
A pipe p1
A write p1 "hello"
expect A last.elapsed < 5k
expect A last.elapsed == fast
expect p1 capacity > 1s
expect p1 queued == "5"
expect A last.call < 3
A signal USR1 catch
kill A USR1
expect A signals.latest.signal == HUPP
expect A signals == 3
expect A signals.caught == SIGUSR1
expect A last.elapsed < 1s
X2
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
want_err "4:25: A last.elapsed is a duration: compare it with one such as 250ms, 1.5s or 2 (seconds), not '5k'"
want_err "5:26: A last.elapsed is a duration: .*, not 'fast'"
want_err "6:22: p1 capacity is a size in bytes: compare it with a size (512, 4k, 1M), not '1s'"
want_err "7:21: p1 queued is a number: .*, not a quoted string"
want_err "8:20: A last.call is text, and < compares numbers: use ==, !=, has or lacks"
want_err "11:35: A signals.latest.signal is a signal: compare it with a signal (USR1, SIGUSR1, 10), not 'HUPP'"
want_err "12:18: A signals has fields of its own: compare one of them (pending, "
want_err "13:28: A signals.caught is a list: .* compare its length (3, none); has and lacks look for an item, not 'SIGUSR1'"
want_out "expect A last.elapsed < 1s: ok"
[ "$(grep -c "^ipcscope: $T/bad.isc:" "$T/err")" -eq 9 ] || { cat "$T/err"; fail "want 8 refusals and the count"; }
exit 0
