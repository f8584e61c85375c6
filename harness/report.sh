#!/usr/bin/env bash
# Print the results of check.sh: report.sh VARIANT...
# A side-by-side table of the end-to-end results, then TAP of every result,
# then the closing "N passed, N failed, N skipped" line.
. "$(dirname "$0")/lib.sh"

results=$BUILD/results
verdict()
{
	local line
	line=$(grep -m 1 -E "^(pass|fail|skip) $2(: |$)" "$results/$1" 2>/dev/null) || { echo -; return; }
	echo "${line%% *}"
}

echo
echo "# End-to-end results, side by side:"
printf '# %-48s' case
for v in "$@"; do printf ' %-8s' "$v"; done
echo
cat "$results"/* | cut -d' ' -f2 | sed 's/:$//' | grep -v '^hosted/' | grep -v '/api/' | grep -v '^kunit/.*/' |
	awk '!seen[$0]++' | while read -r name; do
	printf '# %-48s' "$name"
	for v in "$@"; do printf ' %-8s' "$(verdict "$v" "$name")"; done
	echo
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
