#!/bin/sh
# args.sh [SRCDIR]: every argument name the code reads is one its verbs
# have. cmd_arg(c, "X") with a name the verb lacks is fatal when it runs;
# this finds such a name before anything runs, on paths no test takes.
#
# Read are the literal names in cmd_arg(C, "X"), cmd_has_arg(C, "X") and
# helpers whose second parameter is `const char *argname` (msgq_arg(c,
# "QUEUE", ...)). A function's verbs are the command entries of its file
# (struct cmd_entry) whose functions (prepare, run, check...) lead to it
# through calls or pointers in the same file: the name must be an argument
# of one of them. A function no entry of its file leads to (a helper of
# another file's verbs, one reached through a macro) is held to the
# arguments of its file's verbs, or of every verb if its file has none.
# A name that is not a literal (a table of flags) is left to cmd_arg.
# Prints each name that is none of these, with file and line; exit 1 if
# any.
set -u
SRCDIR=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRCDIR" || exit 2

sources=$(ls src/*.c src/*/*.c mechanisms/*.c mechanisms/*/*.c ui/*.c tests/unit/*.c tests/fuzz/*.c 2>/dev/null)
headers=$(ls src/*/*.h mechanisms/*.h mechanisms/*/*.h 2>/dev/null)

awk '
# Pass 1 (every file): the helpers that take an argument name, and every
# argument name of every verb.
pass == 1 {
	if (match($0, /[a-z_][a-z_0-9]*\([^,()]*, const char \*argname/)) {
		name = substr($0, RSTART, RLENGTH)
		sub(/\(.*/, "", name)
		accessor[name] = 1
	}
	if ($0 ~ /struct arg_spec [a-z_0-9]+\[\] = \{/)
		in_spec1 = 1
	else if (in_spec1 && $0 ~ /^};/)
		in_spec1 = 0
	else if (in_spec1 && match($0, /^[ \t]*\{ "[^"]+"/)) {
		name = substr($0, RSTART, RLENGTH)
		sub(/^[^"]*"/, "", name)
		sub(/"$/, "", name)
		every_name[name] = 1
	}
	next
}

# Forget one file.
function clear_file() {
	split("", spec_names); split("", file_names); split("", entry_args)
	split("", entry_fns); split("", is_func); split("", body); split("", uses)
	split("", reached); nentries = 0; nuses = 0; in_spec = ""; in_entry = ""
	in_func = ""; pending = ""
}

# The identifiers in s, strings left out, separated by blanks.
function idents(s) {
	gsub(/"([^"\\]|\\.)*"/, " ", s)
	gsub(/[^A-Za-z_0-9]+/, " ", s)
	return s
}

# The names read in line s of function f.
function find_uses(f, s,    rest, call, name) {
	rest = s
	while (match(rest, use_re)) {
		call = substr(rest, RSTART, RLENGTH)
		rest = substr(rest, RSTART + RLENGTH)
		name = call
		sub(/^[^"]*"/, "", name)
		sub(/"$/, "", name)
		nuses++
		use_func[nuses] = f
		use_name[nuses] = name
		use_line[nuses] = FNR
	}
}

# Whether verb entry e has an argument called n.
function entry_has(e, n) {
	return index(" " spec_names[entry_args[e]] " ", " " n " ") > 0
}

function check_file(file,    e, n, i, k, f, g, todo, ntodo, seen, w, ok, verbs) {
	# Which entries lead to which functions: from each entry
	# function, along the identifiers in bodies that are functions.
	for (e in entry_fns) {
		split("", seen)
		ntodo = split(entry_fns[e], todo, " ")
		for (i = 1; i <= ntodo; i++) {
			f = todo[i]
			if (!(f in is_func) || (f in seen))
				continue
			seen[f] = 1
			reached[f] = reached[f] " " e
			n = split(idents(body[f]), w, " ")
			for (k = 1; k <= n; k++) {
				g = w[k]
				if ((g in is_func) && !(g in seen))
					todo[++ntodo] = g
			}
		}
	}
	for (i = 1; i <= nuses; i++) {
		f = use_func[i]
		n = use_name[i]
		ok = 0
		verbs = ""
		if (f in reached) {
			k = split(reached[f], w, " ")
			for (g = 1; g <= k; g++) {
				if (entry_has(w[g], n))
					ok = 1
				verbs = verbs " " entry_name[w[g]]
			}
		} else if (nspecs > 0) {
			ok = n in file_names
			verbs = " (no verb of this file has it)"
		} else {
			ok = n in every_name
			verbs = " (no verb has it)"
		}
		if (!ok) {
			printf "%s:%d: %s reads argument %s, which its verbs do not have:%s\n",
			    file, use_line[i], f, n, verbs
			bad = 1
		}
	}
}

pass == 2 && FNR == 1 {
	if (file != "")
		check_file(file)
	clear_file()
	nspecs = 0
	file = FILENAME
	if (use_re == "") {
		names = "cmd_arg|cmd_has_arg"
		for (a in accessor)
			names = names "|" a
		use_re = "(^|[^a-z_0-9])(" names ")\\([^,()\"]*, \"[^\"]*\""
	}
}

pass == 2 {
	# An argument spec: its names.
	if (match($0, /struct arg_spec [a-z_0-9]+\[\] = \{/)) {
		in_spec = $0
		sub(/^.*struct arg_spec /, "", in_spec)
		sub(/\[.*/, "", in_spec)
		spec_names[in_spec] = ""
		nspecs++
		next
	}
	if (in_spec != "") {
		if ($0 ~ /^};/)
			in_spec = ""
		else if (match($0, /^[ \t]*\{ "[^"]+"/)) {
			name = substr($0, RSTART, RLENGTH)
			sub(/^[^"]*"/, "", name)
			sub(/"$/, "", name)
			spec_names[in_spec] = spec_names[in_spec] " " name
			file_names[name] = 1
		}
		next
	}
	# A command entry: its verb, its arguments, its functions.
	if (match($0, /struct cmd_entry [a-z_0-9]+ = \{/)) {
		in_entry = $0
		sub(/^.*struct cmd_entry /, "", in_entry)
		sub(/ .*/, "", in_entry)
		entry_fns[in_entry] = ""
		entry_name[in_entry] = in_entry
		next
	}
	if (in_entry != "") {
		if ($0 ~ /^};/)
			in_entry = ""
		else if (match($0, /\.name = "[^"]*"/)) {
			name = substr($0, RSTART, RLENGTH)
			sub(/^[^"]*"/, "", name)
			sub(/"$/, "", name)
			entry_name[in_entry] = name
		} else if (match($0, /\.args = [a-z_0-9]+/)) {
			name = substr($0, RSTART, RLENGTH)
			sub(/^.*= /, "", name)
			entry_args[in_entry] = name
		} else if (match($0, /\.[a-z_]+ = [a-z_][a-z_0-9]*,/)) {
			name = substr($0, RSTART, RLENGTH)
			sub(/^.*= /, "", name)
			sub(/,$/, "", name)
			entry_fns[in_entry] = entry_fns[in_entry] " " name
		}
		next
	}
	# A function on one line: static bool x_prepare(...) { ... }
	if (in_func == "" && match($0, /^static [^=(]*[ \t*][a-z_][a-z_0-9]*\([^)]*\)[ \t]*\{.*\}[ \t]*$/)) {
		name = $0
		sub(/\(.*/, "", name)
		sub(/^.*[ \t*]/, "", name)
		is_func[name] = 1
		rest = $0
		sub(/^[^{]*\{/, "", rest)
		body[name] = rest
		find_uses(name, rest)
		next
	}
	# A function: its name at the start of a line, its body from { to }.
	if (in_func == "" && match($0, /^[A-Za-z_][A-Za-z_0-9]*\(/) && $0 !~ /;[ \t]*$/) {
		pending = substr($0, RSTART, RLENGTH - 1)
		next
	}
	if (in_func == "" && pending != "" && $0 ~ /^\{/) {
		in_func = pending
		pending = ""
		is_func[in_func] = 1
		body[in_func] = ""
		next
	}
	if (in_func != "") {
		if ($0 ~ /^\}/) {
			in_func = ""
			next
		}
		body[in_func] = body[in_func] " " $0
		find_uses(in_func, $0)
	} else if (match($0, use_re)) {
		printf "%s:%d: an argument name read where this check finds no function\n",
		    FILENAME, FNR
		bad = 1
	}
}

END {
	if (file != "")
		check_file(file)
	exit bad
}
' pass=1 $headers $sources pass=2 $sources
