#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run each test binary given as an argument and merge their TAP into one
# stream: cases are renumbered, a binary that dies (sanitizer report, crash)
# or ends without its summary counts as one more failure, and the last line
# is "N passed, N failed". Exit status 1 when anything failed.

passed=0
failed=0
skipped=0
n=0

for bin in "$@"; do
	echo "# $bin"
	log=$(mktemp)
	"$bin" >"$log" 2>&1
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok "*" # SKIP"*)
			n=$((n + 1)); skipped=$((skipped + 1))
			echo "ok $n - ${line#ok * - }" ;;
		"# "*" skipped")
			;;
		"ok "*)
			n=$((n + 1)); passed=$((passed + 1))
			echo "ok $n - ${line#ok * - }" ;;
		"not ok "*)
			n=$((n + 1)); failed=$((failed + 1))
			echo "not ok $n - ${line#not ok * - }" ;;
		1..*|*" passed, "*" failed")
			;;
		*)
			echo "$line" ;;
		esac
	done <"$log"
	if ! tail -n 1 "$log" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$' ||
	   { [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$log"; }; then
		n=$((n + 1)); failed=$((failed + 1))
		echo "not ok $n - $bin exited with status $rc"
	fi
	rm -f "$log"
done

echo "1..$n"
# Skips are neither passes nor failures; say how many before the summary.
[ "$skipped" -eq 0 ] || echo "# $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
