#!/usr/bin/env bash
# The long in-guest mutation run (make mutate):  mutate.sh [KERNEL...]
# Boots each KERNEL (default: overlay and overlay-arm64) with stage 1's
# "mutate" loader, which runs kexec_mutate_test alone on the built image for
# MUTATE_SECONDS (default 600): kexec_file_load(2) of randomly mutated
# bzImage or arm64 Image headers through the real system call, each call
# refused with a documented errno and one log line or loaded and unloaded,
# nothing left loaded, no kernel bug reported. make check runs the same
# test for 20 s inside the kselftest boots. Prints the results and the
# counts; the serial logs are build/logs/KERNEL/mutate.log.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

seconds=${MUTATE_SECONDS:-600}
[ $# -gt 0 ] || set -- overlay overlay-arm64
bash "$TOP/harness/deps.sh"
bash "$TOP/harness/tree.sh"
rc=0
for variant in "$@"; do
	arch=$(kernel_arch "$variant")
	obj=$(variant_obj "$variant")
	logs=$BUILD/logs/$variant
	results=$BUILD/logs/$variant/mutate.results
	mkdir -p "$logs" && : >"$results"
	bash "$TOP/harness/build.sh" "$variant"
	bash "$TOP/harness/initramfs.sh" stage2 "$arch"
	bash "$TOP/harness/kselftest.sh" "$arch"
	bash "$TOP/harness/initramfs.sh" stage1 "$variant"
	note "$variant: $seconds s of mutated images (kexec_mutate_test)"
	machine=pc
	[ "$arch" = x86_64 ] || machine=virt
	log=$(KT_MACHINE=$machine KT_GUEST_TIMEOUT=$((seconds + 240)) guest_run mutate \
		"console=$(arch_console "$arch") panic=-1 kt.loader=mutate kt.target=built kt.seconds=$seconds")
	results_block tap "mutate" "$log" "KT1: mutate" >"$results"
	sed 's/^/    /' "$results"
	grep -a '^# .*mutated images\|refused with errno\|seed' "$log" | sed 's/^/    /'
	grep -q '^fail ' "$results" && rc=1
	grep -q '^pass ' "$results" || rc=1
done
exit $rc
