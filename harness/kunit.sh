#!/usr/bin/env bash
# The project's KUnit suites through kunit.py:  kunit.sh [x86_64|arm64]
# The overlay test kernel of the architecture (build/obj-overlay, or
# build/obj-arm64-overlay) already has the suites built in, so kunit.py runs
# that kernel instead of building one of its own:
#   ./tools/testing/kunit/kunit.py exec --arch=x86_64 --build_dir=build/obj-overlay
#   ./tools/testing/kunit/kunit.py exec --arch=arm64 --build_dir=build/obj-arm64-overlay
# (on arm64 kunit.py boots arch/arm64/boot/Image.gz in QEMU virt, made here
# from the built Image). What "kunit.py run --kunitconfig=kernel/kexec_kunit"
# would add is its config step: every option of kernel/kexec_kunit/.kunitconfig
# must be set in that kernel's .config, checked as "kunit.py/kunitconfig".
# Appends to $KT_RESULTS (build/results/overlay or overlay-arm64) one result
# per test case and parameter row, "kunit.py/SUITE/CASE[/ROW]", read from
# kunit.py's --json output, and "kunit.py/SUITE" for each suite
# kernel/kexec_kunit defines, which must have reported.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
case "$arch" in
x86_64) kernel=overlay suffix="" ;;
arm64) kernel=overlay-arm64 suffix=-arm64 ;;
*) die "kunit.sh: ARCH must be x86_64 or arm64, not '$arch'" ;;
esac
obj=$(variant_obj "$kernel")
kunitconfig=$TOP/kernel/kexec_kunit/.kunitconfig
log=$BUILD/logs/kunit$suffix.log
json=$BUILD/logs/kunit$suffix.json
results=${KT_RESULTS:-$BUILD/results/$kernel}
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

[ -f "$obj/.config" ] || die "kunit.sh $arch: build $kernel first"
missing=$(missing_kunitconfig)
if [ -n "$missing" ]; then
	echo "fail kunit.py/kunitconfig: not in $(basename "$obj")/.config: $(echo "$missing" | paste -sd " ")" >>"$results"
else
	echo "pass kunit.py/kunitconfig" >>"$results"
fi

if [ "$arch" = arm64 ]; then
	gzip -c "$obj/arch/arm64/boot/Image" >"$obj/arch/arm64/boot/Image.gz"
fi
start=$(date +%s)
rc=0
(cd "$OVERLAY_TREE" && ./tools/testing/kunit/kunit.py exec --arch="$arch" \
	--build_dir="$obj" --json="$json") >"$log" 2>&1 || rc=$?
note "kunit.py exec ($arch): exit $rc after $(($(date +%s) - start))s, log in ${log#"$TOP/"}"
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
