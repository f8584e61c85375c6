#!/usr/bin/env bash
# Lint gates over the project's own files:  lint.sh
# Appends one result per checked file to build/results/overlay:
#   lint/checkpatch/FILE      scripts/checkpatch.pl --strict -f, every owned file
#   lint/checkpatch/patches/P checkpatch --strict on each patch in the series
#   lint/W=1/FILE             each owned C or asm file the overlay kernel
#                             compiles, compiled with W=1: no warning
#   lint/sparse/FILE          the same C files under sparse (C=2): no warning
#   lint/shellcheck/FILE      each shell script: harness/, .ci/run and owned
#                             *.sh, under shellcheck -S warning (harness/guest
#                             are busybox sh scripts, checked as dash)
#   lint/allow-list           every config/lint-allow entry has a reason and
#                             still matches a finding (of checkpatch, or
#                             one of shellcheck's, TYPE being its SCnnnn)
# A W=1 or sparse warning located in an owned header fails that header too.
# Files are found through owned_files and the overlay kernel's objects, so a
# new file is covered as soon as it is owned and built. The W=1 and sparse
# builds use their own object directory, build/obj-lint (same .config as
# obj-overlay), so the main kernel build is never rebuilt for them. Needs
# tree.sh and 'build.sh overlay' run first.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/allow-list.sh"

LINT=$BUILD/lint
OBJ=$BUILD/obj-lint
results=${KT_RESULTS:-$BUILD/results/overlay}
mkdir -p "$LINT" "$(dirname "$results")"

result()
{
	echo "$1 lint/$2${3:+: $3}" >>"$results"
}

# checkpatch_gate NAME OUTPUT [SOURCE]: one result from checkpatch output;
# SOURCE, for a checked file, adds the reported source line to the text.
checkpatch_gate()
{
	local name=$1 out=$2 bad
	mapfile -t bad < <(unallowed_findings "$out" "${3:-}" "$LINT/allow-used")
	if [ ${#bad[@]} = 0 ]; then
		result pass "checkpatch/$name"
	else
		result fail "checkpatch/$name" "${bad[*]} (see ${out#"$BUILD/"})"
		sed 's/^/      | /' "$out" >&2
	fi
}

checkpatch_all()
{
	local rel p
	rm -rf "$LINT/checkpatch"
	mkdir -p "$LINT/checkpatch"
	# From the overlay tree's root: it has no .git, so checkpatch does not
	# hand SPDX tags to scripts/spdxcheck.py (needs python3-ply and git).
	owned_files | (cd "$OVERLAY_TREE" && xargs -P "$JOBS" -I{} sh -c '
		out=$1/$(echo "$2" | tr / _).out
		scripts/checkpatch.pl --strict --show-types --no-summary --quiet -f "$2" >"$out" 2>&1
		true' sh "$LINT/checkpatch" {})
	while read -r rel; do
		checkpatch_gate "$rel" "$LINT/checkpatch/$(echo "$rel" | tr / _).out" "$TOP/$rel"
	done < <(owned_files)
	for p in $(patch_series); do
		(cd "$BASE_TREE" && scripts/checkpatch.pl --strict --show-types --no-summary \
			--quiet "$TOP/patches/$p") >"$LINT/checkpatch/patch-$p.out" 2>&1 || true
		checkpatch_gate "patches/$p" "$LINT/checkpatch/patch-$p.out"
	done
}

# The owned C and asm files the overlay kernel compiled, as "FILE OBJECT".
compiled_files()
{
	local rel
	owned_files | grep -E '^(kernel|arch|init|lib|mm|drivers)/.*\.[cS]$' | while read -r rel; do
		[ -f "$BUILD/obj-overlay/${rel%.*}.o" ] && echo "$rel ${rel%.*}.o"
	done
	return 0
}

# Warnings from a build log as "FILE<TAB>MESSAGE", FILE relative to the tree.
warnings_in()
{
	sed -n -E 's/^([^ :]+):[0-9]+:([0-9]+:)? (warning|error): (.*)$/\1\t\3: \4/p' "$1" |
		sed -E -e "s|^$OVERLAY_TREE/||" -e 's|^(\.\./)+build/overlay/[^/]+/||' -e 's|^\./||' | sort -u
}

# warning_gate KIND LOG SUFFIXES: lint/KIND/FILE for each compiled file
# whose name matches the regex SUFFIXES and any owned file a warning names.
warning_gate()
{
	local kind=$1 log=$2 rel obj msgs
	local -A named=()
	while read -r rel obj; do
		[[ "$rel" =~ $3 ]] && named[$rel]=1
	done < <(compiled_files)
	while IFS=$'\t' read -r rel _; do
		is_owned "$rel" && named[$rel]=1
	done < <(warnings_in "$log")
	for rel in $(printf '%s\n' "${!named[@]}" | sort); do
		msgs=$(warnings_in "$log" | awk -F'\t' -v f="$rel" '$1 == f { print $2 }')
		if [ -n "$msgs" ]; then
			result fail "$kind/$rel" "$(echo "$msgs" | head -n 3 | tr '\n' ' ')(see ${log#"$BUILD/"})"
		else
			result pass "$kind/$rel"
		fi
	done
	# Warnings in base files are the base's: listed, not counted.
	warnings_in "$log" | while IFS=$'\t' read -r rel msg; do
		is_owned "$rel" || echo "note: base file $rel: $msg" >&2
	done
}

w1_and_sparse()
{
	local objs=() rel obj start
	while read -r rel obj; do objs+=("$obj"); done < <(compiled_files)
	mkdir -p "$OBJ"
	if ! cmp -s "$BUILD/obj-overlay/.config" "$OBJ/.config"; then
		cp "$BUILD/obj-overlay/.config" "$OBJ/.config"
		make -s -C "$OVERLAY_TREE" O="$OBJ" olddefconfig >"$LINT/config.log" 2>&1 ||
			die "olddefconfig in $OBJ failed, see $LINT/config.log"
	fi
	# Compile the project's objects afresh with W=1: a warning is printed only
	# when its file is compiled, so an up-to-date object would hide it.
	for obj in "${objs[@]}"; do rm -f "$OBJ/$obj"; done
	start=$(date +%s)
	make -C "$OVERLAY_TREE" O="$OBJ" -j"$JOBS" -k W=1 "${objs[@]}" >"$LINT/w1.log" 2>&1 ||
		echo "$OVERLAY_TREE: the W=1 build failed" >>"$LINT/w1.log"
	note "lint: W=1 build of ${#objs[@]} objects in $(($(date +%s) - start))s"
	for obj in "${objs[@]}"; do
		[ -f "$OBJ/$obj" ] || echo "$OVERLAY_TREE/${obj%.o}.c:0: error: not compiled" >>"$LINT/w1.log"
	done
	warning_gate W=1 "$LINT/w1.log" '\.[cS]$'
	# The objects are up to date now: C=2 runs only sparse, on every file.
	start=$(date +%s)
	make -C "$OVERLAY_TREE" O="$OBJ" -j"$JOBS" -k W=1 C=2 "${objs[@]}" >"$LINT/sparse.log" 2>&1 ||
		echo "$OVERLAY_TREE: the sparse run failed" >>"$LINT/sparse.log"
	note "lint: sparse over the same files in $(($(date +%s) - start))s"
	warning_gate sparse "$LINT/sparse.log" '\.c$'
}

# The shell scripts: everything in harness/ but its Python and C helpers,
# .ci/run, and any owned file that is one by its name or its #! line.
shell_scripts()
{
	local rel
	{
		git -C "$TOP" ls-files --cached --others --exclude-standard -- harness .ci
		owned_files
	} | sort -u | while read -r rel; do
		case "$rel" in
		*.py | *.c) ;;
		harness/* | *.sh) echo "$rel" ;;
		*) if head -n 1 "$TOP/$rel" | grep -q '^#!.*sh$'; then echo "$rel"; fi ;;
		esac
	done
}

# lint/shellcheck/FILE, its findings in checkpatch's form for the allow-list:
# "FILE<TAB>LINE<TAB>SCnnnn<TAB>MESSAGE SOURCE-LINE".
shellcheck_all()
{
	local rel out file line type text n bad
	rm -rf "$LINT/shellcheck"
	mkdir -p "$LINT/shellcheck"
	for rel in $(shell_scripts); do
		out=$LINT/shellcheck/$(echo "$rel" | tr / _).out
		(cd "$TOP" && shellcheck -x -P SCRIPTDIR -S warning -f gcc "$rel") >"$out" 2>&1 || true
		bad=()
		while IFS=$'\t' read -r file line type text; do
			text="$text $(sed -n "${line}p" "$TOP/$file" 2>/dev/null)"
			if n=$(allowed_by "$file" "$type" "$text"); then
				echo "$n" >>"$LINT/allow-used"
			else
				bad+=("$type at $file:$line")
			fi
		done < <(sed -n -E 's/^([^:]+):([0-9]+):[0-9]+: [a-z]+: (.*) \[(SC[0-9]+)\]$/\1\t\2\t\4\t\3/p' "$out")
		if [ ${#bad[@]} = 0 ] && ! grep -qv '^[^:]*:[0-9]*:[0-9]*: ' "$out"; then
			result pass "shellcheck/$rel"
		else
			result fail "shellcheck/$rel" "${bad[*]:-shellcheck failed} (see ${out#"$BUILD/"})"
			sed 's/^/      | /' "$out" >&2
		fi
	done
}

# Every entry needs a reason, and one that matches nothing is stale.
allow_list_gate()
{
	local n=0 file type sub reason bad=()
	while IFS='|' read -r file type sub reason; do
		n=$((n + 1))
		file=$(trim "$file") type=$(trim "$type")
		[ -n "$(trim "$reason")" ] && [ -n "$(trim "$sub")" ] ||
			bad+=("entry $n ($file $type) has no substring or reason")
		grep -qx "$n" "$LINT/allow-used" 2>/dev/null ||
			bad+=("entry $n ($file $type) matches nothing")
	done < <(allow_entries)
	if [ ${#bad[@]} = 0 ]; then
		result pass allow-list
	else
		result fail allow-list "$(printf '%s; ' "${bad[@]}")"
	fi
}

command -v sparse >/dev/null || die "sparse is not installed (harness/deps.sh)"
command -v shellcheck >/dev/null || die "shellcheck is not installed (harness/deps.sh)"
[ -f "$BUILD/obj-overlay/.config" ] || die "build the overlay kernel first"
rm -f "$LINT/allow-used"
start=$(date +%s)
checkpatch_all
note "lint: checkpatch in $(($(date +%s) - start))s"
w1_and_sparse
start=$(date +%s)
shellcheck_all
note "lint: shellcheck in $(($(date +%s) - start))s"
allow_list_gate
