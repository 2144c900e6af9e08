#!/bin/sh
# names.sh: src/ and ui/ name no mechanism, but where they use one of its
# words for their own or in help text, each place listed with its reason.
# usage: tests/lint/names.sh [--list | --words | --write] [SRCDIR]
#
# A mechanism's words are read from the mechanisms at each run:
#   - its name: the .name of each struct mechanism in mechanisms/;
#   - its verbs and their aliases: what `ipcscope --batch` lists under
#     help NAME, and `also:` under help VERB ($IPCSCOPE, else SRCDIR/ipcscope);
#   - tests/lint/names.words: words of a mechanism that are neither
#     (MSG_COPY, eventfd-count, SigBlk...).
# Less tests/lint/names.ordinary: words that some mechanism has but that
# are also the program's own plain words (fd, read, close, kill...), each
# with the reason it may appear anywhere.
#
# src/ and ui/ are read as C, but for src/kernel: the kernel layer reads
# kernel objects of every kind (pipes, SysV queues, locks, signal sets) by
# pid and descriptor, and layers.sh keeps it from including the lab or a
# mechanism; there only the words of tests/lint/names.kernel are looked
# for (a mechanism's own fdinfo keys, which its file is to read). Comments
# and #include <...> lines are left out; each identifier and each string
# literal is cut into words at every character that is not a letter or a
# digit, and a mechanism's word matches a run of whole words (eventfd
# matches eventfd_count and "eventfd-id"; sem does not match semaphore;
# case counts). A hit is a file and a word.
#
# Code about a mechanism belongs to the mechanism. A hit is let be only
# where the word is the program's own (the event loop's epoll, the table
# of system call names) or help text (an example naming a pipe): each
# such place is a line of tests/lint/names.except, "FILE WORD  # own: why"
# or "FILE WORD  # help: why". The check fails on a hit not listed there
# (a new use needs its line and its reason), on a line there that no
# longer hits (stale: delete it), and on a line whose reason is not said
# (no "# own:" or "# help:", nothing after it, or "to be said").
#   --list   print every hit, FILE:LINE: WORD (where), listed or not
#   --words  print the words looked for
#   --write  write tests/lint/names.except for the tree as it is: stale
#            lines go, the reasons of the others are kept, and a new hit
#            gets a line "to be said", which fails the check until its
#            reason is given
# Exit 0 when the hits are the lines of names.except, each with its
# reason; 1 when not; 2 on a usage error or when the words cannot be read.
mode=check
case ${1:-} in
--list|--words|--write) mode=${1#--}; shift ;;
-*) echo "usage: tests/lint/names.sh [--list | --words | --write] [SRCDIR]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
LINT_SRC=$(cd "${1:-$here/../..}" && pwd) || exit 2
. "$here/lib.sh"
lint_tmp
except=$LINT_SRC/tests/lint/names.except
bin=${IPCSCOPE:-$LINT_SRC/ipcscope}
[ -x "$bin" ] || { echo "names.sh: no ipcscope binary ($bin): build it or set IPCSCOPE"; exit 2; }
cd "$LINT_SRC" || exit 2

# The mechanisms' names: the .name that follows "struct mechanism X = {".
find mechanisms -type f -name '*.c' ! -name registry.c | LC_ALL=C sort |
    xargs awk '
	/struct[ \t]+mechanism[ \t]+[A-Za-z0-9_]+[ \t]*=[ \t]*\{/ { in_mech = 1 }
	in_mech && /\.name[ \t]*=[ \t]*"/ {
		sub(/.*\.name[ \t]*=[ \t]*"/, ""); sub(/".*/, ""); print; in_mech = 0
	}
	in_mech && /^\};/ { in_mech = 0 }' /dev/null > "$LINT_TMP/mechanisms"
[ -s "$LINT_TMP/mechanisms" ] || { echo "names.sh: no struct mechanism found in mechanisms/"; exit 2; }

# help_of FILE: help for each word of FILE, in one batch run of a lab of
# its own; "no command called" is said of the verbs made for send and
# recv only, anything else on stderr is a failure.
mkdir -m 700 "$LINT_TMP/run"
help_of() {
	sed 's/^/help /' "$1" | XDG_RUNTIME_DIR=$LINT_TMP/run "$bin" --batch - 2> "$LINT_TMP/help.err"
	if grep -v -e 'no command or mechanism called' -e 'commands* refused$' "$LINT_TMP/help.err" |
	    grep -q .; then
		echo "names.sh: $bin help failed:" >&2
		cat "$LINT_TMP/help.err" >&2
		echo "help failed" > "$LINT_TMP/help.failed"
	fi
}

# Their verbs: help NAME prints "NAME: title", a paragraph, then one
# line per verb: its usage at column 3, its summary on the same line
# after a gap or on the next line, far in; a blank line ends it.
help_of "$LINT_TMP/mechanisms" |
awk -v names="$LINT_TMP/mechanisms" '
BEGIN { while ((getline m < names) > 0) head[m ":"] = 1 }
!inside && /^[^ ]/ && ($1 in head) { inside = 1; next }
inside && /^$/ { inside = 0; next }
inside { line[++n] = $0 }
END {
	for (i = 1; i <= n; i++)
		if (line[i] ~ /^  [a-z_]/ && (line[i] ~ /[^ ]   / || line[i + 1] ~ /^    /)) {
			split(line[i], w, " "); print w[1]
		}
}' | LC_ALL=C sort -u > "$LINT_TMP/verbs"
[ -s "$LINT_TMP/verbs" ] && [ ! -f "$LINT_TMP/help.failed" ] || {
	echo "names.sh: no verbs read from $bin help"; exit 2
}
# ...and their aliases: "also: A, B" under help VERB.
help_of "$LINT_TMP/verbs" | sed -n 's/^also: //p' | tr ',' '\n' | tr -d ' ' > "$LINT_TMP/aliases"
[ ! -f "$LINT_TMP/help.failed" ] || { echo "names.sh: no aliases read from $bin help"; exit 2; }

words() {
	lint_list "$1" | cut -d' ' -f1
}
{ cat "$LINT_TMP/mechanisms" "$LINT_TMP/verbs" "$LINT_TMP/aliases"
  words tests/lint/names.words; } | LC_ALL=C sort -u > "$LINT_TMP/all"
words tests/lint/names.ordinary | LC_ALL=C sort -u > "$LINT_TMP/ordinary"
LC_ALL=C comm -23 "$LINT_TMP/all" "$LINT_TMP/ordinary" > "$LINT_TMP/vocabulary"
words tests/lint/names.kernel | LC_ALL=C sort -u > "$LINT_TMP/kernel"
if [ $mode = words ]; then
	cat "$LINT_TMP/vocabulary"
	sed 's/$/ (in src\/kernel too)/' "$LINT_TMP/kernel"
	exit 0
fi

cat "$LINT_TMP/verbs" "$LINT_TMP/aliases" > "$LINT_TMP/calls"

# The hits: "FILE:LINE: WORD (in identifier X | in a string)".
for d in src ui; do
	[ -d "$d" ] && find "$d" -type f \( -name '*.c' -o -name '*.h' \)
done | LC_ALL=C sort | xargs awk -v vocab="$LINT_TMP/vocabulary" -v verbs="$LINT_TMP/calls" \
    -v kernel="$LINT_TMP/kernel" '
BEGIN {
	while ((getline w < vocab) > 0) if (w != "") all[w] = 1
	while ((getline w < kernel) > 0) if (w != "") kern[w] = 1
	while ((getline w < verbs) > 0) if (w != "") verb[w] = 1
	q1 = "\047"
}
# The words for this file: in src/kernel, the kernel list only.
FNR == 1 {
	incomment = 0
	split("", voc)
	if (FILENAME ~ /^src\/kernel\//) { for (w in kern) voc[w] = 1 }
	else { for (w in all) voc[w] = 1 }
}
# System headers: their names are not the program speaking.
!incomment && /^[ \t]*#[ \t]*include[ \t]*</ { next }
{
	# Drop comments; set string literals aside; keep the rest as code.
	line = $0; n = length(line); code = ""; ns = 0; i = 1
	while (i <= n) {
		c = substr(line, i, 1)
		if (incomment) {
			if (c == "*" && substr(line, i + 1, 1) == "/") { incomment = 0; i += 2 }
			else i++
			code = code " "
			continue
		}
		if (c == "/" && substr(line, i + 1, 1) == "*") { incomment = 1; i += 2; code = code " "; continue }
		if (c == "/" && substr(line, i + 1, 1) == "/") break
		if (c == "\"" || c == q1) {
			str = ""
			for (j = i + 1; j <= n; j++) {
				d = substr(line, j, 1)
				if (d == "\\") { str = str " "; j++; continue }
				if (d == c) break
				str = str d
			}
			if (c == "\"") strs[++ns] = str
			code = code " "; i = j + 1
			continue
		}
		code = code c; i++
	}
	prev = ""
	while (match(code, /[A-Za-z_][A-Za-z0-9_]*/)) {
		id = substr(code, RSTART, RLENGTH)
		code = substr(code, RSTART + RLENGTH)
		# The C library called by a verb'"'"'s own name, or its struct of
		# that name: the program'"'"'s own system call, not a name.
		libc = (id in verb) && (code ~ /^[ \t]*\(/ || prev == "struct")
		if (!libc) hits(id, "in identifier " id)
		prev = id
	}
	for (k = 1; k <= ns; k++) hits(strs[k], "in a string")
}
# Each longest run of whole words (joined by _ or -, as in the text) that
# is a mechanism word.
function hits(text, where,    np, part, sep, x, a, b, run, best, bestb) {
	np = 0; x = text
	while (match(x, /[A-Za-z0-9]+/)) {
		np++
		sep[np] = substr(x, 1, RSTART - 1)
		part[np] = substr(x, RSTART, RLENGTH)
		x = substr(x, RSTART + RLENGTH)
	}
	a = 1
	while (a <= np) {
		best = ""; run = part[a]
		if (run in voc) { best = run; bestb = a }
		for (b = a + 1; b <= np && b < a + 5 && (sep[b] == "_" || sep[b] == "-"); b++) {
			run = run sep[b] part[b]
			if (run in voc) { best = run; bestb = b }
		}
		if (best == "") { a++; continue }
		printf "%s:%d: %s (%s)\n", FILENAME, FNR, best, where
		a = bestb + 1
	}
}' /dev/null > "$LINT_TMP/hits"
sed 's/^\([^:]*\):[0-9]*: \([^ ]*\) .*/\1 \2/' "$LINT_TMP/hits" | LC_ALL=C sort -u > "$LINT_TMP/found"

case $mode in
list)
	cat "$LINT_TMP/hits"
	exit 0
	;;
write)
	{
	cat <<'EOF'
# names.except: where src/ or ui/ uses a mechanism's word for something of
# its own, or in help text (tests/lint/names.sh), as "FILE WORD  # own: why"
# or "FILE WORD  # help: why". Code about a mechanism belongs to the
# mechanism: this is not a list of leaks. The check fails on a hit not
# listed here (a new use needs its line and its reason), on a line here
# that no longer hits, and on a line without its reason. To write the
# lines for the tree as it is, keeping the reasons given (a new line is
# "to be said", which fails until its reason is given):
#   tests/lint/names.sh --write
EOF
	# The reason already given for an entry, or a request for one.
	awk -v except="${except}" '
	BEGIN {
		while ((getline l < except) > 0) {
			if (l ~ /^[ \t]*(#|$)/) continue
			why = ""
			if (index(l, "#")) { why = substr(l, index(l, "#")); sub(/[ \t]+$/, "", why) }
			k = l; sub(/[ \t]*#.*/, "", k); split(k, f, " ")
			reason[f[1] " " f[2]] = why
		}
	}
	{
		why = ($0 in reason) && reason[$0] != "" ? reason[$0] : "# own or help: to be said"
		printf "%-40s %s\n", $0, why
	}' "$LINT_TMP/found"
	} > "$LINT_TMP/except.new"
	lint_list "$except" | cut -d' ' -f1,2 | LC_ALL=C sort -u > "$LINT_TMP/was"
	cp "$LINT_TMP/except.new" "$except" || exit 2
	unsaid=$(grep -v '^[[:space:]]*#' "$except" | grep -c 'to be said')
	echo "$(lint_rel "$except"): $(wc -l < "$LINT_TMP/found") lines:" \
	    "$(LC_ALL=C comm -23 "$LINT_TMP/found" "$LINT_TMP/was" | wc -l) new," \
	    "$(LC_ALL=C comm -13 "$LINT_TMP/found" "$LINT_TMP/was" | wc -l) gone," \
	    "$unsaid to be said"
	[ "$unsaid" -eq 0 ] || echo "the check fails until each line to be said has its reason (# own: why, or # help: why)"
	exit 0
	;;
esac

# The lines of names.except (none when it is missing): "FILE WORD"
# listed, and each line that is not "FILE WORD  # own: why" or
# "# help: why", or is listed twice.
lines=$except
[ -f "$lines" ] || lines=/dev/null
awk '
/^[ \t]*(#|$)/ { next }
{
	l = $0; sub(/[ \t]+$/, "", l); why = ""
	if (index(l, "#")) why = substr(l, index(l, "#") + 1)
	k = l; sub(/[ \t]*#.*/, "", k)
	n = split(k, f, " ")
	if (n != 2) { printf "  line %d: not FILE WORD: %s\n", NR, l > bad; next }
	key = f[1] " " f[2]
	print key > listed
	if (key in seen) printf "  line %d: listed again (line %d): %s\n", NR, seen[key], l > bad
	seen[key] = NR
	sub(/^[ \t]+/, "", why); sub(/[ \t]+$/, "", why)
	said = why; sub(/^(own|help):[ \t]*/, "", said)
	if (why !~ /^(own|help):/ || said == "" || said ~ /^to be said/)
		printf "  line %d: no reason (# own: why, or # help: why): %s\n", NR, l > bad
}' listed="$LINT_TMP/listed" bad="$LINT_TMP/bad" "$lines"
touch "$LINT_TMP/listed" "$LINT_TMP/bad"
LC_ALL=C sort -u -o "$LINT_TMP/listed" "$LINT_TMP/listed"
LC_ALL=C comm -23 "$LINT_TMP/found" "$LINT_TMP/listed" > "$LINT_TMP/new"
LC_ALL=C comm -13 "$LINT_TMP/found" "$LINT_TMP/listed" > "$LINT_TMP/stale"

if [ ! -s "$LINT_TMP/new" ] && [ ! -s "$LINT_TMP/stale" ] && [ ! -s "$LINT_TMP/bad" ]; then
	echo "no mechanism named in src/ or ui/: the $(wc -l < "$LINT_TMP/found") uses of a mechanism's word are the program's own or help text, each in tests/lint/names.except with its reason"
	exit 0
fi
if [ -s "$LINT_TMP/new" ]; then
	echo "a mechanism named in src/ or ui/ (move the code to the mechanism; or, where the word is the program's own or help text, add \"FILE WORD  # own: why\" or \"# help: why\" to tests/lint/names.except):"
	while read -r file word; do
		awk -v f="$file" -v w="$word" '{ x = $0; sub(/:.*/, "", x); y = $0; sub(/^[^ ]* /, "", y); sub(/ .*/, "", y) }
		    x == f && y == w' "$LINT_TMP/hits" | sed 's/^/  /'
	done < "$LINT_TMP/new"
fi
if [ -s "$LINT_TMP/stale" ]; then
	echo "stale in tests/lint/names.except (no longer a hit: delete these lines):"
	sed 's/^/  /' "$LINT_TMP/stale"
fi
if [ -s "$LINT_TMP/bad" ]; then
	echo "lines of tests/lint/names.except without their reason:"
	cat "$LINT_TMP/bad"
fi
exit 1
