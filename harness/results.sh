# shellcheck shell=bash
# The one reader of test output, and of results files. Sourced by lib.sh.
#
# A results line is "pass NAME", "fail NAME[: reason]" or "skip NAME: reason";
# a step appends them to build/results/KERNEL and report.sh prints them.
#
#   results_from FORMAT PREFIX FILE   the results in a test's output
#     tap        TAP 13/14 and KTAP (kt, kselftest.h, KUnit in a serial log):
#                subtests nested by four spaces, announced by "# Subtest: NAME"
#     kselftest  run_kselftest.sh: each program's TAP nested under "# ",
#                announced by "# selftests: COLLECTION: PROGRAM"
#     kunit-json kunit.py --json: one result per test case or parameter row
#   results_block FORMAT PREFIX LOG MARKER [any-rc]
#                the results in the TAP that LOG holds between "MARKER-begin"
#                and "MARKER-end rc=N"; a missing end (or N != 0, unless
#                any-rc) is one more failure, named PREFIX
#   result_of FILE NAME               the result for NAME in a results file
#   expect_results FILE REASON NAME...  "fail NAME: REASON" for each NAME
#                without a result in FILE
#
# A TAP result "ok N [- ]DESC [# DIRECTIVE]" at nesting depth D is named
# PREFIX/S1/.../SD/DESC ("test N" without a DESC), S1..SD being the announced subtests it is nested in
# (a DESC that is itself an announcement, "selftests: kexec: P", names P).
# "# SKIP why" makes it a skip; a "not ok" keeps its directive as the reason.
# A skip without a reason takes the last line its subtest printed; an
# announced subtest that passed without printing anything fails, as its
# output was lost. Leading printk timestamps and trailing blanks are ignored.

results_from()
{
	local format=$1 prefix=$2 file=$3
	case "$format" in
	tap) nested_tap '    ' '^# Subtest: (.*)$' "$prefix" <"$file" ;;
	kselftest) nested_tap '# ' '^selftests: [^:]+: (.*)$' "$prefix" <"$file" ;;
	kunit-json) kunit_json "$prefix" "$file" ;;
	*) die "results_from: unknown format '$format'" ;;
	esac
}

# nested_tap UNIT HEADER PREFIX: TAP on stdin, nesting by UNIT, a subtest
# announced by a line matching the regex HEADER (its name in group 1).
# Per depth D: path[D] the announced subtest's name, said[D] set when it was
# announced, count[D] the lines it printed, last[D] its last non-result line.
nested_tap()
{
	local unit=$1 header=$2 prefix=$3 line rest depth k j name verdict number desc dir
	local -a path=() said=() count=() last=()
	while IFS= read -r line; do
		[[ "$line" =~ ^\[\ *[0-9]+\.[0-9]+\]\ (.*)$ ]] && line=${BASH_REMATCH[1]}
		rest=$line depth=0
		while [[ "$rest" == "$unit"* ]]; do
			rest=${rest#"$unit"}
			depth=$((depth + 1))
		done
		rest=${rest%"${rest##*[![:space:]]}"}
		if [ $depth -gt 0 ] && [[ "$rest" =~ $header ]]; then
			for k in "${!path[@]}" "${!said[@]}"; do
				[ "$k" -lt $depth ] || unset "path[k]" "said[k]" "count[k]" "last[k]"
			done
			for ((k = 1; k < depth; k++)); do count[k]=$((${count[k]:-0} + 1)); done
			path[depth]=${BASH_REMATCH[1]} said[depth]=1 count[depth]=0 last[depth]=""
			continue
		fi
		for ((k = 1; k <= depth; k++)); do count[k]=$((${count[k]:-0} + 1)); done
		if ! [[ "$rest" =~ ^(not )?ok\ ([0-9]+)(\ (.*))?$ ]]; then
			# Output of the subtests it is nested in, as each printed it.
			for ((k = 1; k <= depth; k++)); do
				last[k]=$line
				for ((j = 0; j < k; j++)); do last[k]=${last[k]#"$unit"}; done
			done
			continue
		fi
		verdict=pass number=${BASH_REMATCH[2]} desc=${BASH_REMATCH[4]#- } dir=""
		[ -z "${BASH_REMATCH[1]}" ] || verdict=fail
		case "$desc" in
		"# "*) dir=${desc#"# "} desc="" ;;
		*" # "*) dir=${desc#* # } desc=${desc%% # *} ;;
		esac
		# A result without a description is named by its number.
		[ -n "$desc" ] || desc="test $number"
		if [[ "$desc" =~ $header ]]; then desc=${BASH_REMATCH[1]}; fi
		name=$prefix
		for ((k = 1; k <= depth; k++)); do name+=${path[k]:+/${path[k]}}; done
		name+=/$desc
		k=$((depth + 1))
		if [ $verdict = pass ] && [[ "$dir" == SKIP* ]]; then
			dir=${dir#SKIP}
			dir=${dir# }
			if [ -z "$dir" ] && [ -n "${said[k]:-}" ]; then
				dir=${last[k]}
				[[ "$dir" != *"# SKIP "* ]] || dir=${dir#*"# SKIP "}
			fi
			echo "skip $name: ${dir:-no reason given}"
		elif [ $verdict = pass ] && [ -n "${said[k]:-}" ] && [ "${count[k]}" = 0 ]; then
			echo "fail $name: its output did not reach the log"
		else
			echo "$verdict $name${dir:+: $dir}"
		fi
		unset "path[k]" "said[k]" "count[k]" "last[k]"
	done
}

# kunit.py's JSON: leaves are test cases or parameter rows; groups (suites,
# parameterised cases) only name them.
kunit_json()
{
	python3 - "$1" "$2" <<'EOF'
import json, sys

prefix, path = sys.argv[1], sys.argv[2]
VERDICT = {"PASS": "pass", "SKIP": "skip"}

def walk(group, names):
    for case in group.get("test_cases", []):
        verdict = VERDICT.get(case["status"], "fail")
        name = "/".join([prefix] + names + [case["name"]])
        if verdict == "skip":
            print(f"skip {name}: skipped (see build/logs/kunit.log)")
        elif verdict == "fail":
            print(f"fail {name}: {case['status']}")
        else:
            print(f"pass {name}")
    for sub in group.get("sub_groups", []):
        walk(sub, names + [sub["name"]])

with open(path) as f:
    walk(json.load(f), [])
EOF
}

results_block()
{
	local format=$1 prefix=$2 log=$3 marker=$4 end
	sed -n "/^$marker-begin/,/^$marker-end/p" "$log" >"$log.tap"
	end=$(grep -a "^$marker-end" "$log.tap" || true)
	if [ -z "$end" ]; then
		echo "fail $prefix: did not finish"
	elif [ "${5:-}" != any-rc ] && [ "$end" != "$marker-end rc=0" ]; then
		echo "fail $prefix: $end"
	fi
	results_from "$format" "$prefix" "$log.tap"
}

result_of()
{
	grep -m 1 -E "^(pass|fail|skip) $2(: |$)" "$1" 2>/dev/null
}

expect_results()
{
	local file=$1 reason=$2 name
	shift 2
	for name in "$@"; do
		result_of "$file" "$name" >/dev/null || echo "fail $name: $reason"
	done
}
