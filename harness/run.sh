#!/usr/bin/env bash
# The main job: build the overlay kernel and show one live kernel
# replacement in QEMU.  run.sh [LOADER [TARGET]]
#   LOADER: own (the project's kexec_file_test), tools (kexec -s) or
#           tools-c (kexec -c: kexec_load(2))
#   TARGET: built (the kernel just built) or debian (Debian's stock kernel)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

loader=${1:-own} target=${2:-built}
case "$loader" in own | tools | tools-c) ;; *) die "LOADER must be own, tools or tools-c, not '$loader'" ;; esac
case "$target" in built | debian) ;; *) die "TARGET must be built or debian, not '$target'" ;; esac

bash "$TOP/harness/deps.sh"
bash "$TOP/harness/tree.sh"
bash "$TOP/harness/build.sh" overlay
bash "$TOP/harness/initramfs.sh" stage2
bash "$TOP/harness/kselftest.sh"
bash "$TOP/harness/initramfs.sh" stage1 overlay

log=$BUILD/logs/run.log
mkdir -p "$(dirname "$log")"
note "booting kernel A in QEMU (TCG, 2 CPUs); serial log: $log"
rc=0
bash "$TOP/harness/qemu.sh" "$BUILD/obj-overlay/arch/x86/boot/bzImage" \
	"$BUILD/guest/stage1-overlay.cpio" \
	"console=ttyS0 panic=-1 kt.loader=$loader kt.target=$target kt.initrd=good" \
	"$log" || rc=$?
sed -i 's/\r$//' "$log"
# The story, from the serial log: each kernel's banner and the stages' lines.
grep -a -E 'Linux version|smp: Brought up|Run /init|^KT[12]:|Starting new kernel|reboot:' "$log" |
	sed -e 's/^KT1:/  stage 1 (kernel A):/' -e 's/^KT2:/  stage 2 (kernel B):/'
[ $rc = 0 ] || die "guest did not finish (qemu exit $rc); see $log"
grep -aq '^KT2: RESULT PASS$' "$log" || die "kernel B did not confirm what it received; see $log"
note "live kernel replacement done: kernel B received exactly the cmdline and initrd kernel A gave it"
