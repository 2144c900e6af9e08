# How each call reports failure comes from the command table: the pthread
# functions (and sigwait, ptsname_r) return the error number and leave
# errno alone; the rest return -1 and set errno. help says which, the log
# and last follow it.
. "$SRCDIR/tests/lib.sh"
command -v python3 > /dev/null || fail "python3 is needed"
printf 'help\n' | "$IPCSCOPE" --json --batch - | python3 -c '
import json, sys
text = json.loads(sys.stdin.readline())["text"]
for line in text.splitlines():
    w = line.split()
    if line.startswith("  ") and not line.startswith(" " * 6) and w and w[0].islower() and not line.rstrip().endswith(":") and not w[0].endswith(":"):
        print(w[0])
' > "$T/verbs"
[ "$(wc -l < "$T/verbs")" -ge 25 ] || fail "help lists too few verbs"
n=0
while read -r v; do
	printf 'help %s\n' "$v" | "$IPCSCOPE" --batch - > "$T/h" 2>&1
	# The function's names: the usage's verb and the alias.
	names=$(sed -n 's/^usage: \(ACTOR \)\{0,1\}\([a-z_0-9]*\).*/\2/p; s/^also: //p' "$T/h" | tr '\n' ' ')
	errnum=no
	for name in $names; do
		case $name in
		pthread_exit) ;;
		pthread_*|sigwait|ptsname_r) errnum=yes ;;
		esac
	done
	says=no
	tr -s "\n " "  " < "$T/h" | grep -q "the error number itself" && says=yes
	case $v in
	block|unblock|setmask) errnum=yes ;;	# pthread_sigmask in a thread
	esac
	[ "$says" = "$errnum" ] || fail "help $v: says it returns the error number: $says, but its names ($names) say $errnum"
	[ "$errnum" = yes ] && n=$((n + 1))
done < "$T/verbs"
[ "$n" -ge 14 ] || fail "only $n verbs return the error number"

# The log and last: = EPERM, ret the number, no errno.
cat > "$T/s.isc" <<'S'
spawn A
A mmap m1 anon 4k
A mutex_init mx1 m1 0 errorcheck
A mutex_lock mx1
A thread t1
A.t1 mutex_unlock mx1
show A.t1
A sem_init s1 m1 64 value 0
A sem_trywait s1
show A
S
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "the script failed"; }
grep -q '^A.t1: pthread_mutex_unlock(.*) = EPERM (Operation not permitted)' "$T/out" || fail "no = EPERM in the log: $(cat "$T/out")"
sed -n '/^A.t1:$/,/^A:/p' "$T/out" | sed -n '/^  last:/,$p' > "$T/last"
grep -q '^    ret: 1$' "$T/last" || fail "last.ret is not 1: $(cat "$T/last")"
grep -q '^    errnum: EPERM$' "$T/last" || fail "last.errnum is not EPERM: $(cat "$T/last")"
grep -q 'errno' "$T/last" && fail "pthread_mutex_unlock has a last.errno: $(cat "$T/last")"
sed -n '/^A:$/,$p' "$T/out" | sed -n '/^  last:/,$p' > "$T/last2"
grep -q '^    ret: -1$' "$T/last2" && grep -q '^    errno: EAGAIN$' "$T/last2" ||
    fail "sem_trywait is not -1 and errno: $(cat "$T/last2")"
"$IPCSCOPE" --json --batch "$T/s.isc" > "$T/json" 2>&1 || fail "--json failed"
python3 - "$T/json" <<'P' || exit 1
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    if o.get("type") == "call" and o.get("call") == "pthread_mutex_unlock" and o.get("result") == "returned":
        assert o["ret"] == 1 and o["errnum"] == "EPERM" and "errno" not in o, line
        break
else:
    raise SystemExit("no pthread_mutex_unlock record")
P
exit 0
