#!/usr/bin/env bash
# The project's KUnit suites through kunit.py:  kunit.sh
# The overlay test kernel (build/obj-overlay) already has the suites built
# in (config/kexec-test.config), so kunit.py runs that kernel instead of
# building a third x86_64 kernel of its own:
#   ./tools/testing/kunit/kunit.py exec --arch=x86_64 --build_dir=build/obj-overlay
# What "kunit.py run --kunitconfig=kernel/kexec_kunit" would add is its
# config step: every option of kernel/kexec_kunit/.kunitconfig must be set
# in that kernel's .config, which is checked here as "kunit.py/kunitconfig".
# Appends to build/results/overlay one result per test case and parameter
# row, "kunit.py/SUITE/CASE[/ROW]", read from kunit.py's --json output, and
# "kunit.py/SUITE" for each suite kernel/kexec_kunit defines, which must
# have reported.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

obj=$(variant_obj overlay)
kunitconfig=$TOP/kernel/kexec_kunit/.kunitconfig
log=$BUILD/logs/kunit.log
json=$BUILD/logs/kunit.json
results=${KT_RESULTS:-$BUILD/results/overlay}
mkdir -p "$(dirname "$log")" "$(dirname "$results")"
rm -f "$json"

# The suites the project defines: '.name = "..."' of each struct kunit_suite.
suites()
{
	grep -h -A1 'struct kunit_suite .* = {' "$OVERLAY_TREE"/kernel/kexec_kunit/*.c |
		sed -n 's/.*\.name = "\(.*\)".*/\1/p'
}

# The .kunitconfig options the built kernel lacks, one per line.
missing_kunitconfig()
{
	grep -v -e '^#' -e '^$' "$kunitconfig" | grep -vxF -f "$obj/.config" || true
}

missing=$(missing_kunitconfig)
if [ -n "$missing" ]; then
	echo "fail kunit.py/kunitconfig: not in $(basename "$obj")/.config: $(echo "$missing" | paste -sd " ")" >>"$results"
else
	echo "pass kunit.py/kunitconfig" >>"$results"
fi

start=$(date +%s)
rc=0
(cd "$OVERLAY_TREE" && ./tools/testing/kunit/kunit.py exec --arch=x86_64 \
	--build_dir="$obj" --json="$json") >"$log" 2>&1 || rc=$?
note "kunit.py: exit $rc after $(($(date +%s) - start))s, log in ${log#"$TOP/"}"
if [ -s "$json" ]; then
	results_from kunit-json kunit.py "$json" >>"$results"
fi
for suite in $(suites); do
	if grep -q "^fail kunit.py/$suite/" "$results"; then
		echo "fail kunit.py/$suite: a case failed" >>"$results"
	elif grep -q "^pass kunit.py/$suite/" "$results"; then
		echo "pass kunit.py/$suite" >>"$results"
	elif grep -q "^skip kunit.py/$suite/" "$results"; then
		echo "skip kunit.py/$suite: every case skipped" >>"$results"
	else
		echo "fail kunit.py/$suite: no results (kunit.py exit $rc: $(tail -n 1 "$log"))" >>"$results"
	fi
done
[ "$rc" = 0 ] || echo "fail kunit.py/run: kunit.py exited $rc, see ${log#"$TOP/"}" >>"$results"
