#!/usr/bin/env bash
# The main job: build the overlay kernel and show one live kernel
# replacement in QEMU.  run.sh [LOADER [TARGET [ARCH]]]
#   LOADER: own (the project's kexec_file_test), tools (kexec -s) or
#           tools-c (kexec -c: kexec_load(2))
#   TARGET: built (the kernel just built) or debian (Debian's stock kernel)
#   ARCH:   x86_64 (QEMU pc, the default) or arm64 (the kernel cross-built,
#           QEMU virt with kernel A at EL2; KT_MACHINE=virt: at EL1)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=progress.sh
. "$TOP/harness/progress.sh"

loader=${1:-own} target=${2:-built} arch=${3:-x86_64}
case "$loader" in own | tools | tools-c) ;; *) die "LOADER must be own, tools or tools-c, not '$loader'" ;; esac
case "$target" in built | debian) ;; *) die "TARGET must be built or debian, not '$target'" ;; esac
case "$arch" in
x86_64) kernel=overlay machine=pc ;;
arm64) kernel=overlay-arm64 machine=${KT_MACHINE:-virt-el2} ;;
*) die "ARCH must be x86_64 or arm64, not '$arch'" ;;
esac

bash "$TOP/harness/deps.sh"
bash "$TOP/harness/tree.sh"
with_progress "building the $kernel kernel" "$(variant_obj "$kernel")" bash "$TOP/harness/build.sh" "$kernel"
bash "$TOP/harness/initramfs.sh" stage2 "$arch"
bash "$TOP/harness/kselftest.sh" "$arch"
bash "$TOP/harness/initramfs.sh" stage1 "$kernel"

log=$BUILD/logs/run.log
[ "$arch" = x86_64 ] || log=$BUILD/logs/run-$arch.log
mkdir -p "$(dirname "$log")"
note "booting kernel A in QEMU ($machine, TCG, 2 CPUs); serial log: $log"
rc=0
rm -f "$log"
KT_MACHINE=$machine bash "$TOP/harness/qemu.sh" "$(variant_obj "$kernel")/$(kernel_image "$kernel")" \
	"$(guest_dir "$arch")/stage1-$kernel.cpio" \
	"console=$(arch_console "$arch") panic=-1 kt.loader=$loader kt.target=$target kt.initrd=good" \
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
