#!/usr/bin/env bash
# The main job: build the overlay kernel and show one live kernel
# replacement in QEMU.  run.sh [LOADER [TARGET]]
#   LOADER: own (the project's kexec_file_test), tools (kexec -s) or
#           tools-c (kexec -c: kexec_load(2))
#   TARGET: built (the kernel just built) or debian (Debian's stock kernel)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=progress.sh
. "$TOP/harness/progress.sh"

loader=${1:-own} target=${2:-built}
case "$loader" in own | tools | tools-c) ;; *) die "LOADER must be own, tools or tools-c, not '$loader'" ;; esac
case "$target" in built | debian) ;; *) die "TARGET must be built or debian, not '$target'" ;; esac

bash "$TOP/harness/deps.sh"
bash "$TOP/harness/tree.sh"
with_progress "building the overlay kernel" "$BUILD/obj-overlay" bash "$TOP/harness/build.sh" overlay
bash "$TOP/harness/initramfs.sh" stage2
bash "$TOP/harness/kselftest.sh"
bash "$TOP/harness/initramfs.sh" stage1 overlay

log=$BUILD/logs/run.log
mkdir -p "$(dirname "$log")"
note "booting kernel A in QEMU (TCG, 2 CPUs); serial log: $log"
rc=0
rm -f "$log"
bash "$TOP/harness/qemu.sh" "$BUILD/obj-overlay/arch/x86/boot/bzImage" \
	"$BUILD/guest/stage1-overlay.cpio" \
	"console=ttyS0 panic=-1 kt.loader=$loader kt.target=$target kt.initrd=good" \
	"$log" &
qemu=$!
# The story as it happens: each kernel's banner and the stages' lines.
follow_guest "$log" "$qemu" "$log.timeline"
wait "$qemu" || rc=$?
sed -i 's/\r$//' "$log"
print_timeline "$log.timeline"
[ $rc = 0 ] || die "guest did not finish (qemu exit $rc); see $log"
grep -aq '^KT2: RESULT PASS$' "$log" || die "kernel B did not confirm what it received; see $log"
note "live kernel replacement done: kernel B received exactly the cmdline and initrd kernel A gave it"
