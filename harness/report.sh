#!/usr/bin/env bash
# Print the results of check.sh: report.sh VARIANT...
# A side-by-side table of the end-to-end results, then TAP of every result,
# then the closing "N passed, N failed, N skipped" line.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

results=$BUILD/results
verdict()
{
	local line
	line=$(result_of "$results/$1" "$2") || { echo -; return; }
	echo "${line%% *}"
}

echo
echo "# End-to-end results, side by side:"
# A column as wide as its kernel's name, at least 8.
width()
{
	local w=${#1}
	echo $((w > 8 ? w : 8))
}
printf '# %-48s' case
for v in "$@"; do printf ' %-*s' "$(width "$v")" "$v"; done
echo
cat "$results"/* | cut -d' ' -f2 | sed 's/:$//' | grep -v -E '^(hosted|lint)/|^(kunit|kunit\.py)/.*/|^kselftest/[^/]*/[^/]*/' |
	awk '!seen[$0]++' | while read -r name; do
	printf '# %-48s' "$name"
	for v in "$@"; do printf ' %-*s' "$(width "$v")" "$(verdict "$v" "$name")"; done
	echo
done

# Per group (first part of a name; two for lint, kselftest, kunit.py and
# the arm64 runs at el1 and el2):
# how many passed, failed, skipped.
echo
echo "# Results per group:"
printf '# %-40s %-13s %6s %6s %6s\n' group kernel passed failed skipped
for v in "$@"; do
	[ -f "$results/$v" ] || continue
	awk -v v="$v" '{
		split($2, p, "/"); g = p[1]
		if (g ~ /^(lint|kselftest|kunit\.py|el1|el2)$/)
			g = g "/" p[2]
		sub(/:$/, "", g)
		if (!(g in seen)) { seen[g] = 1; order[++n] = g }
		c[g, $1]++
	} END {
		for (i = 1; i <= n; i++)
			printf "# %-40s %-13s %6d %6d %6d\n", order[i], v,
				c[order[i], "pass"], c[order[i], "fail"], c[order[i], "skip"]
	}' "$results/$v"
done

echo
n=0 passed=0 failed=0 skipped=0
total=$(cat "$results"/* | wc -l)
echo "TAP version 13"
echo "1..$total"
for v in "$@"; do
	while read -r verdict rest; do
		n=$((n + 1))
		if [ "$verdict" = pass ]; then
			echo "ok $n - $v/$rest"
			passed=$((passed + 1))
		elif [ "$verdict" = skip ]; then
			echo "ok $n - $v/${rest%%: *} # SKIP ${rest#*: }"
			skipped=$((skipped + 1))
		else
			echo "not ok $n - $v/$rest"
			failed=$((failed + 1))
		fi
	done <"$results/$v"
done
echo "$passed passed, $failed failed, $skipped skipped"
