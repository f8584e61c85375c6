#!/usr/bin/env bash
# The project's KUnit suites through kunit.py, as a kernel developer runs
# them from the overlaid tree:  kunit.sh [arm64]
#   ./tools/testing/kunit/kunit.py run --arch=x86_64 \
#       --kunitconfig=kernel/kexec_kunit --build_dir=BUILD/kunit-x86_64
# kunit.py builds its own x86_64 kernel (incrementally in build/kunit-x86_64)
# and boots it in QEMU. Appends to build/results/overlay one result per test
# case and parameter row, "kunit.py/SUITE/CASE[/ROW]", read from kunit.py's
# --json output, and "kunit.py/SUITE" for each suite kernel/kexec_kunit
# defines, which must have reported.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

out=$BUILD/kunit-x86_64
log=$BUILD/logs/kunit.log
json=$BUILD/logs/kunit.json
results=${KT_RESULTS:-$BUILD/results/overlay}
mkdir -p "$out" "$(dirname "$log")" "$(dirname "$results")"
rm -f "$json"

# The suites the project defines: '.name = "..."' of each struct kunit_suite.
suites()
{
	grep -h -A1 'struct kunit_suite .* = {' "$OVERLAY_TREE"/kernel/kexec_kunit/*.c |
		sed -n 's/.*\.name = "\(.*\)".*/\1/p'
}

# kunit_exec_arm64: "kunit.sh arm64" runs the suites built into the arm64
# overlay kernel (build.sh overlay-arm64) with kunit.py exec, no new build:
#   ./tools/testing/kunit/kunit.py exec --arch=arm64 \
#       --build_dir=BUILD/obj-arm64-overlay
# kunit.py boots arch/arm64/boot/Image.gz (its qemu_configs/arm64.py: QEMU
# virt, cortex-a57), made here from the built Image. The results, named as
# above, go to $KT_RESULTS (build/results/overlay-arm64); the log is
# build/logs/kunit-arm64.log.
kunit_exec_arm64()
{
	local obj=$BUILD/obj-arm64-overlay
	results=${KT_RESULTS:-$BUILD/results/overlay-arm64}
	log=$BUILD/logs/kunit-arm64.log
	json=$BUILD/logs/kunit-arm64.json
	rm -f "$json"
	[ -f "$obj/arch/arm64/boot/Image" ] || die "kunit.sh arm64: build overlay-arm64 first"
	gzip -c "$obj/arch/arm64/boot/Image" >"$obj/arch/arm64/boot/Image.gz"
	start=$(date +%s)
	rc=0
	(cd "$OVERLAY_TREE" && ./tools/testing/kunit/kunit.py exec --arch=arm64 \
		--build_dir="$obj" --json="$json") >"$log" 2>&1 || rc=$?
	note "kunit.py exec (arm64): exit $rc after $(($(date +%s) - start))s, log in ${log#"$TOP/"}"
	if [ -s "$json" ]; then
		results_from kunit-json kunit.py "$json" >>"$results"
	fi
}

start=$(date +%s)
rc=0
if [ "${1:-}" = arm64 ]; then
	kunit_exec_arm64
else
(cd "$OVERLAY_TREE" && ./tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig=kernel/kexec_kunit --build_dir="$out" --jobs="$JOBS" \
	--json="$json") >"$log" 2>&1 || rc=$?
note "kunit.py: exit $rc after $(($(date +%s) - start))s, log in ${log#"$TOP/"}"
if [ -s "$json" ]; then
	results_from kunit-json kunit.py "$json" >>"$results"
fi
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
