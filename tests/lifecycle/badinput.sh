# Bad input never crashes ipcscope or leaks anything: each bad line is
# one error naming its line and column, and the lab goes on intact.
. "$SRCDIR/tests/lib.sh"
{
	echo 'spawn A'
	echo 'A pipe p1'
	echo 'frobnicate'
	echo 'spawn A'
	echo 'B read p1'
	echo 'A read nosuch'
	echo 'A write p1 unquoted'
	echo 'A read p1 lots'
	echo 'kill A SIGNOPE'
	echo 'kill A 99'
	echo 'sleep soon'
	echo 'A fcntl p1.w setpipe'
	echo 'A read p1.x'
	echo 'A write A "x"'
	echo 'A open p1 r'
	echo 'expect p1 nosuchfield == 1'
	echo 'expect p1 queued < "text"'
	echo 'wait nobody done'
	echo 'show nobody'
	echo 'spawn 9lives'
	echo 'spawn show'
	echo 'A "write" p1'
	echo 'A write p1 "unterminated'
	echo 'A write p1 "\q"'
	printf 'A write p1 "x"\0junk\n'
	printf 'A write p1 "%s"\n' "$(head -c 1100000 /dev/zero | tr '\0' x)"
	printf 'A write p1 %s\n' "$(head -c 5000000 /dev/zero | tr '\0' y)"
	echo 'A exit 300'
	echo 'spawn Z'
	echo 'Z exit 0'
	echo 'Z write p1 "x"'
	echo 'Z.t9 read p1'
	echo 'A waitpid nosuch'
	echo 'reap A'
	printf '%s\n' "$ESC_WORD"
	printf 'spawn %s\n' "$BIG_WORD"
	printf '%s\n' "$BIG_WORD"
	printf 'A write p1 %s\n' "$ESC_WORD"
	printf 'expect p1 %s == 1\n' "$BIG_WORD"
	printf 'expect p1 queued == %s\n' "$BIG_WORD"
	printf '%s\n' 'echo "\e]2;PWNED\a \x9b \xff"'
	printf '%s\n' 'A write p1 "\e[2J"'
	printf '%s\n' 'A read p1'
	echo 'A write p1 "still fine"'
	echo 'expect p1 contents == "still fine"'
} > "$T/bad.isc"
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
grep -q 'expect p1 contents == "still fine": ok' "$T/out" || fail "the lab did not go on: $(tail -5 "$T/out")"
n=$(grep -c "^ipcscope: $T/bad.isc:[0-9]*" "$T/err")
[ "$n" -eq 37 ] || { cat "$T/err"; fail "expected 37 errors, got $n"; }
# Each error is one line that names line and column where there is one.
grep -q "bad.isc:3:1: unknown command 'frobnicate'" "$T/err" || fail "no column for frobnicate"
grep -q "bad.isc:7:12: DATA must be a quoted string" "$T/err" || fail "no column for unquoted"
grep -q "bad.isc:25:.*NUL byte" "$T/err" || fail "NUL byte not reported"
grep -q "bad.isc:26:.*too long" "$T/err" || fail "huge string not reported"
grep -q "bad.isc:27: line is longer than 4 MiB" "$T/err" || fail "huge line not reported"
grep -q "bad.isc:31:1: Z has ended (exited 0)" "$T/err" || fail "call to an exited actor not refused"
grep -q "bad.isc:34:.*A is still running" "$T/err" || fail "reap of a live actor not refused"
# Escapes and a 100 KB word: quoted escaped, the word by its first 32
# characters; echo and the calls escaped too.
grep -qF "bad.isc:35:1: unknown command '\x1b]2;PWNED\x07\x1b[2J\x9b\xff'" "$T/err" ||
    fail "raw escapes in a command not escaped"
grep -q "bad.isc:36:7: name 'x\{32\}\.\.\.' is too long" "$T/err" || fail "100 KB name"
grep -q "bad.isc:37:1: unknown command 'x\{32\}\.\.\.'" "$T/err" || fail "100 KB command"
grep -q "bad.isc:39:11: p1 has no field x\{32\}\.\.\.;" "$T/err" || fail "100 KB expect path"
grep -q "bad.isc:40:21: p1 queued is a number: .*, not 'x\{32\}\.\.\.'$" "$T/err" || fail "100 KB expect value"
grep -qxF '\x1b]2;PWNED\x07 \x9b \xff' "$T/out" || fail "echo not escaped"
grep -qF 'read(3<p1.r>, "\x1b[2J", 65536) = 4' "$T/out" || fail "data read not escaped"
no_raw_bytes "$T/out" "$T/err"
# No line of stderr is longer than one line's worth: nothing dumps data.
awk 'length > 300 { exit 1 }' "$T/err" || fail "an error line is longer than 300 characters"
exit 0
