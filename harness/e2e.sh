#!/usr/bin/env bash
# Run the kexec round-trip matrix on one kernel:  e2e.sh KERNEL
# KERNEL: overlay or stock (x86_64, QEMU pc), overlay-arm64 or stock-arm64
# (QEMU virt, kernel A entered at EL1 and at EL2; see kernel_arch in lib.sh).
# Appends one line per result to build/results/KERNEL (check.sh clears it):
# "pass NAME", "fail NAME: reason" or "skip NAME: reason". Needs the kernel
# built and 'initramfs.sh stage2 ARCH' and 'kselftest.sh ARCH' run.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: e2e.sh overlay|stock|overlay-arm64|stock-arm64}
arch=$(kernel_arch "$variant")
guest=$(guest_dir "$arch")
obj=$(variant_obj "$variant")
results=$BUILD/results/$variant
logs=$BUILD/logs/$variant
mkdir -p "$logs" "$(dirname "$results")"

# Host-side expectations for a positive case. Prints the first mismatch.
check_stage2()
{
	local log=$1 release=$2 got
	got=$(grep -a '^KT2: cmdline=' "$log" | head -n 1 | sed 's/^KT2: cmdline=//')
	[ -n "$got" ] || { echo "stage 2 never ran"; return; }
	[ "$got" = "$(cat "$guest/cmdline-b")" ] || { echo "cmdline differs: '$got'"; return; }
	grep -aq "^KT2: kernel=$release cpus=2 " "$log" ||
		{ echo "want kernel $release with 2 cpus: $(grep -a '^KT2: kernel=' "$log")"; return; }
	grep -aq '^KT2: RESULT PASS$' "$log" || echo "$(grep -a '^KT2: RESULT' "$log" || echo 'no verdict')"
}

# boot_case NAME LOADER TARGET INITRD: one guest run; prints its log path.
boot_case()
{
	guest_run "$1" "console=$(arch_console "$arch") panic=-1 kt.loader=$2 kt.target=$3 kt.initrd=$4"
}

# The kernel release stage 2 must report for TARGET (built or debian, or a
# compressed one made from them: zimage-debian, zimage-zboot*).
target_release()
{
	case "$1" in
	built | zimage-zboot* | bzpayload-*) cat "$(target_obj "$variant")/include/config/kernel.release" ;;
	debian | zimage-debian) cat "$(dirname "$(bash "$TOP/harness/debian-kernel.sh" "$arch")")/release" ;;
	esac
}

round_trip()
{
	local name=$1 loader=$2 target=$3 release log why
	release=$(target_release "$target")
	log=$(boot_case "$name" "$loader" "$target" good)
	why=$(check_stage2 "$log" "$release")
	if [ -z "$why" ]; then
		record pass "$name"
	else
		record fail "$name" "$why"
		tail -n 25 "$log" | sed 's/^/      | /' >&2
	fi
}

# The file of TARGET (built or debian).
target_image()
{
	case "$1" in
	built) echo "$obj/$(kernel_image "$variant")" ;;
	debian) bash "$TOP/harness/debian-kernel.sh" "$arch" ;;
	esac
}

# append_to_stage1 DIR: DIR/initramfs.cpio, the stage-1 initramfs with the
# files of DIR/root added (a second cpio archive after the first).
append_to_stage1()
{
	(cd "$1/root" && find . | sort | cpio -o -H newc --quiet) >"$1/extra.cpio" ||
		die "cpio of $1/root failed"
	cat "$guest/stage1-$variant.cpio" "$1/extra.cpio" >"$1/initramfs.cpio"
}

# zimage_initramfs: the stage-1 initramfs plus the compressed kernels
# harness/zimage.py makes (from this build's vmlinuz.efi and Image and from
# Debian's Image), /kt/target-zimage-NAME for each NAME.*; built like
# uki_initramfs, so that the other rows' initramfs stays small.
zimage_initramfs()
{
	local dir=$BUILD/zimage/$variant f
	if [ ! "$dir/initramfs.cpio" -nt "$guest/stage1-$variant.cpio" ]; then
		rm -rf "$dir" && mkdir -p "$dir/root/kt"
		python3 "$TOP/harness/zimage.py" "$dir" "$obj/arch/arm64/boot/vmlinuz.efi" \
			"$obj/arch/arm64/boot/Image" "$(target_image debian)" ||
			die "zimage.py failed"
		for f in "$dir"/*.*; do
			f=${f##*/}
			cp "$dir/$f" "$dir/root/kt/target-zimage-${f%%.*}"
		done
		append_to_stage1 "$dir"
	fi
	echo "$dir/initramfs.cpio"
}

# zimage_round_trip NAME TARGET: kernel A loads the compressed kernel TARGET
# (zimage-NAME) with kexec_file_test, not kexec-tools, which would
# decompress it itself.
zimage_round_trip()
{
	local initramfs
	initramfs=$(zimage_initramfs)
	KT_INITRAMFS=$initramfs round_trip "$1" own "$2"
}

# refused NAME TARGET ERRNO LOG: kexec_file_load(2) of TARGET (one of the
# zimage_initramfs files) fails with
# ERRNO (its strerror text), leaves nothing loaded and, unless LOG is "-",
# the kernel logs exactly one kexec line, which holds LOG (the notice that
# the image is unsigned aside).
refused()
{
	local name=$1 target=$2 want=$3 needle=$4 log got lines why='' initramfs
	initramfs=$(zimage_initramfs)
	log=$(KT_INITRAMFS=$initramfs boot_case "$name" own-refused "$target" good)
	got=$(grep -a '^KT1: refused: ' "$log" | head -n 1 | sed 's/.*: //')
	# Without enforcement an unsigned image also gets kexec_file's notice.
	lines=$(grep -a '^KT1: dmesg: .*kexec' "$log" | grep -v 'loading an unverified kernel image' || true)
	if [ "$got" != "$want" ]; then
		why="refused with '${got:-nothing}', want '$want'"
	elif ! grep -aq '^KT1: loaded=0$' "$log"; then
		why="kexec_loaded is not 0 after the refusal"
	elif [ "$needle" != - ] && { [ "$(grep -c . <<<"$lines")" != 1 ] ||
		! grep -qF -- "$needle" <<<"$lines"; }; then
		why="want one kexec line holding '$needle', got: $(tr '\n' '/' <<<"$lines")"
	fi
	if [ -z "$why" ]; then
		record pass "$name"
	else
		record fail "$name" "$why"
		tail -n 15 "$log" | sed 's/^/      | /' >&2
	fi
}

# ima_carried LOG TARGET: the first mismatch between the IMA measurements
# kernel B printed (from kernel A's list, handed over by kexec) and what
# kernel A's kexec_file read: the kernel file, the initrd, the command line.
ima_carried()
{
	local log=$1 target=$2 file want
	file=$(target_image "$target")
	for want in "ima-ng sha256:$(sha256sum <"$file" | cut -d' ' -f1) /kt/target-$target" \
		"ima-ng sha256:$(sha256sum <"$guest/initrd-good" | cut -d' ' -f1) /kt/initrd-good" \
		"ima-buf sha256:$(printf '%s' "$(cat "$guest/cmdline-b")" | sha256sum | cut -d' ' -f1) kexec-cmdline"; do
		grep -aq "^KT2: ima: .* $want" "$log" || { echo "kernel B's list lacks '$want'"; return; }
	done
}

# ima_in_chosen LOG: the first mismatch if kernel B's /chosen lacks a
# linux,ima-kexec-buffer of non-zero size.
ima_in_chosen()
{
	local cells
	cells=$(grep -a '^KT2: ima-kexec-buffer ' "$1" | head -n 1 | cut -d' ' -f3)
	[ "${#cells}" = 32 ] && [ "$((16#${cells:16}))" != 0 ] ||
		echo "kernel B's /chosen has no linux,ima-kexec-buffer ('$cells')"
}

# ima_round_trip NAME TARGET PROOF: kernel A measures what kexec_file reads
# (IMA policy written by stage 1). PROOF list: kernel B lists those
# measurements; chosen: kernel B cannot read the list (built without
# IMA_KEXEC), so its /chosen must show where it was handed over.
ima_round_trip()
{
	local name=$1 target=$2 proof=$3 release log why
	release=$(target_release "$target")
	log=$(boot_case "$name" tools-ima "$target" good)
	why=$(check_stage2 "$log" "$release")
	[ -n "$why" ] || case "$proof" in
	list) why=$(ima_carried "$log" "$target") ;;
	chosen) why=$(ima_in_chosen "$log") ;;
	esac
	if [ -z "$why" ]; then
		record pass "$name"
	else
		record fail "$name" "$why"
		grep -a 'ima' "$log" | tail -n 12 | sed 's/^/      | /' >&2
	fi
}

# bzpayload_initramfs: the stage-1 initramfs plus the built bzImage with its
# payload compressed otherwise (harness/bzpayload.py), /kt/target-bzpayload-
# xz and -zstd; built like uki_initramfs.
bzpayload_initramfs()
{
	local dir=$BUILD/bzpayload/$variant f
	if [ ! "$dir/initramfs.cpio" -nt "$guest/stage1-$variant.cpio" ]; then
		rm -rf "$dir" && mkdir -p "$dir/root/kt"
		python3 "$TOP/harness/bzpayload.py" "$dir" "$(target_image built)" ||
			die "bzpayload.py failed"
		for f in xz zstd; do
			cp "$dir/$f.bzImage" "$dir/root/kt/target-bzpayload-$f"
		done
		append_to_stage1 "$dir"
	fi
	echo "$dir/initramfs.cpio"
}

bzpayload_round_trip()
{
	local initramfs
	initramfs=$(bzpayload_initramfs)
	KT_INITRAMFS=$initramfs round_trip "$1" own "$2"
}

# packed_round_trip NAME TARGET: kernel A with kexec_bzimage64.unpack=0,
# which loads every bzImage as it is, to decompress itself in kernel B.
packed_round_trip()
{
	local name=$1 log why
	log=$(KT_APPEND=kexec_bzimage64.unpack=0 boot_case "$name" own "$2" good)
	why=$(check_stage2 "$log" "$(target_release "$2")")
	# Stock 6.1 always loads a bzImage as it is and has no such parameter.
	[[ "$variant" != overlay* ]] || grep -aqx 'KT1: unpack=N' "$log" ||
		why=${why:-kernel A did not say unpack=N}
	if [ -z "$why" ]; then
		record pass "$name"
	else
		record fail "$name" "$why"
		tail -n 25 "$log" | sed 's/^/      | /' >&2
	fi
}

# uki_initramfs: the stage-1 initramfs plus /kt/uki-built and /kt/uki-debian,
# UKIs of the two targets with stage 2's initrd and command line inside;
# built on first use after the stage-1 initramfs (so each run builds it
# once), separately so that the other rows' initramfs stays small.
uki_initramfs()
{
	local dir=$BUILD/uki/$variant target
	if [ ! "$dir/initramfs.cpio" -nt "$guest/stage1-$variant.cpio" ]; then
		rm -rf "$dir" && mkdir -p "$dir/root/kt"
		for target in built debian; do
			make_uki "$arch" "$dir/root/kt/uki-$target" "$(target_image "$target")" \
				"$guest/initrd-good" "$guest/cmdline-b"
		done
		append_to_stage1 "$dir"
	fi
	echo "$dir/initramfs.cpio"
}

# uki_round_trip NAME TARGET: kernel A loads a UKI of TARGET with no initrd
# fd and an empty command line; stage 2 must have received the UKI's.
uki_round_trip()
{
	local initramfs
	initramfs=$(uki_initramfs)
	KT_INITRAMFS=$initramfs round_trip "$1" own-uki "$2"
}

# kunit_suites SUITE...: the KUnit suites run while kernel A boots; their
# KTAP lands in the serial log. Each SUITE must have reported.
kunit_suites()
{
	local log
	log=$(boot_case kunit kunit built good)
	results_from tap kunit "$log" | record_lines
	expect_results "$results" "the suite did not report" "${@/#/kunit/}" | record_lines
}

# kselftests TARGET: the kexec kselftests, run by run_kselftest.sh in kernel
# A with TARGET as kexec_file_test's image. The runner's TAP has one line per
# program; each program's own TAP is nested under "# ". Both levels are
# results, and every program in the installed kselftest-list.txt must have
# reported (kexec_fault_test, kexec_mutate_test, kexec_race_test and
# kexec_bad_input_test, which load the built image either way, and
# kexec_load_test, which loads no image, only with the built target).
kselftests()
{
	local name=kselftest/$1 log progs append=${KT_APPEND:-}
	# Debian's xz kernel loaded as it is (kexec_bzimage64.unpack=0): its
	# kexec_file_test loads it dozens of times, and with the xz
	# decompression at each that boot took 152 s, not 30 s (beside one
	# other guest). The round trips into Debian's kernel unpack it at
	# load, and the built target's boot covers unpacking here.
	[ "$1" != debian ] || [ "$arch" != x86_64 ] || append+="${append:+ }kexec_bzimage64.unpack=0"
	# The built target's boot runs the fault sweeps, 20 s of mutations and
	# the race run: about 5 min alone, more beside CI's other guests.
	log=$(KT_APPEND=$append KT_GUEST_TIMEOUT=${KT_GUEST_TIMEOUT:-900} boot_case "$name" kselftest "$1" good)
	results_block kselftest "$name" "$log" "KT1: kselftest" any-rc | record_lines
	mapfile -t progs < <(cut -d: -f2 "$guest/kselftest/kselftest-list.txt" |
		if [ "$1" = built ]; then cat; else grep -vx -e kexec_fault_test -e kexec_mutate_test -e kexec_race_test \
			-e kexec_bad_input_test -e kexec_load_test; fi)
	expect_results "$results" "no result from run_kselftest.sh" "${progs[@]/#/$name/}" |
		record_lines
}

# A damaged initrd must be noticed by stage 2: this proves the check can fail.
damaged_initrd()
{
	local name=$1 kind=$2 want=$3 log verdict
	log=$(boot_case "$name" own built "$kind")
	verdict=$(grep -a '^KT2: RESULT' "$log" | head -n 1)
	case "$verdict" in
	"KT2: RESULT FAIL $want"*) record pass "$name" ;;
	*) record fail "$name" "stage 2 said '${verdict:-nothing}', want 'FAIL $want'" ;;
	esac
}

# corrupted_exec NAME: kernel A loads the built kernel, inverts the first
# byte of its loaded initrd and executes it: the purgatory must halt (x86).
corrupted_exec()
{
	purgatory_refusal "$1" \
		"console=$(arch_console "$arch") panic=-1 kt.loader=own kt.target=built kt.initrd=good"
}

# at MACHINE FUNCTION ARG...: FUNCTION ARG... in QEMU's MACHINE (qemu.sh).
at()
{
	KT_MACHINE=$1 "${@:2}"
}

note "$variant: building stage-1 initramfs"
bash "$TOP/harness/initramfs.sh" stage1 "$variant"
# What runs on which kernel, in this order.
note "$variant: kexec round trips under QEMU (-smp 2)"
[ "$arch" = arm64 ] || rows <<'EOF' | each_row guest_case
# kernels | function       | result name                          | loader  | target
all       | round_trip     | kexec_file/kexec-tools/built         | tools   | built
all       | round_trip     | kexec_file/kexec-tools/debian        | tools   | debian
all       | round_trip     | kexec_file/own-loader/built          | own     | built
all       | round_trip     | kexec_file/own-loader/debian         | own     | debian
all       | round_trip     | kexec_load/kexec-tools/built         | tools-c | built
all       | round_trip     | kexec_load/kexec-tools/debian        | tools-c | debian
# The bzImage's payload is unpacked at load by its magic (the test kernels
# are gzip); the same kernel with an xz or a zstd payload, which its own
# decompressor cannot boot (harness/bzpayload.py). Stock loads them as they
# are and hangs in that decompressor until the guest's time limit (300 s
# each of CI's budget, to show what is already known): overlay only. And
# every bzImage loaded as it is.
# kernels | function             | result name                    | target
overlay   | bzpayload_round_trip | kexec_file/unpacked/xz         | bzpayload-xz
overlay   | bzpayload_round_trip | kexec_file/unpacked/zstd       | bzpayload-zstd
all       | packed_round_trip    | kexec_file/packed/built        | built
all       | packed_round_trip    | kexec_file/packed/debian       | debian
# Unified Kernel Images: initrd and command line from the UKI.
# kernels | function       | result name                          | target
all       | uki_round_trip | uki/own-loader/built                 | built
all       | uki_round_trip | uki/own-loader/debian                | debian
# IMA's measurement list handed over (SETUP_IMA): kexec -s with a policy.
# kernels | function       | result name                          | target | proof
all       | ima_round_trip | ima/kexec_file/kexec-tools/built     | built  | list
all       | ima_round_trip | ima/kexec_file/kexec-tools/debian    | debian | list
# kernels | function       | kexec_file_test's target
all       | kselftests     | built
all       | kselftests     | debian
# kernels | function       | result name                          | initrd    | stage 2's verdict
all       | damaged_initrd | kexec_file/corrupted-initrd-detected | corrupt   | payload sha256
all       | damaged_initrd | kexec_file/truncated-initrd-detected | truncated | initrd size
# The purgatory's digest check refuses a segment changed after the load
# (the overlay's test-only CONFIG_KEXEC_CORRUPT_TEST; stock has no way in).
# kernels | function       | result name
overlay   | corrupted_exec | purgatory/refuses-corrupted-segment
# The suites exist only in the overlay (kernel/kexec_kunit).
# kernels | function       | suites
overlay   | kunit_suites   | kexec_core | kexec_file
EOF
# arm64: QEMU virt enters kernel A at EL1 (virt) or at EL2 (virt-el2, with
# virtualization=on); kexec must start kernel B at the same level.
[ "$arch" = x86_64 ] || rows <<'EOF' | each_row guest_case
# kernels | at | machine  | function       | result name                              | loader  | target
all       | at | virt     | round_trip     | el1/kexec_file/kexec-tools/built         | tools   | built
all       | at | virt     | round_trip     | el1/kexec_file/kexec-tools/debian        | tools   | debian
all       | at | virt     | round_trip     | el1/kexec_file/own-loader/built          | own     | built
all       | at | virt     | round_trip     | el1/kexec_file/own-loader/debian         | own     | debian
all       | at | virt     | round_trip     | el1/kexec_load/kexec-tools/built         | tools-c | built
all       | at | virt     | round_trip     | el1/kexec_load/kexec-tools/debian        | tools-c | debian
# kernels | at | machine  | function       | result name                              | target
all       | at | virt     | uki_round_trip | el1/uki/own-loader/built                 | built
all       | at | virt     | uki_round_trip | el1/uki/own-loader/debian                | debian
# At EL2 each loader once, with both targets between them (CI time).
all       | at | virt-el2 | round_trip     | el2/kexec_file/kexec-tools/debian        | tools   | debian
all       | at | virt-el2 | round_trip     | el2/kexec_file/own-loader/built          | own     | built
all       | at | virt-el2 | round_trip     | el2/kexec_load/kexec-tools/built         | tools-c | built
# IMA's list handed over in /chosen's linux,ima-kexec-buffer. Debian's
# arm64 kernel has no IMA_KEXEC: it is only shown the buffer.
# kernels | at | machine  | function       | result name                              | target | proof
all       | at | virt     | ima_round_trip | el1/ima/kexec_file/kexec-tools/built     | built  | list
all       | at | virt     | ima_round_trip | el1/ima/kexec_file/kexec-tools/debian    | debian | chosen
# kernels | at | machine  | function       | kexec_file_test's target
all       | at | virt     | kselftests     | built
all       | at | virt     | kselftests     | debian
# kernels | at | machine  | function       | result name                              | initrd    | stage 2's verdict
all       | at | virt     | damaged_initrd | el1/kexec_file/corrupted-initrd-detected | corrupt   | payload sha256
all       | at | virt     | damaged_initrd | el1/kexec_file/truncated-initrd-detected | truncated | initrd size
# kernels | at | machine  | function       | suites
overlay   | at | virt     | kunit_suites   | kexec_core | kexec_file
# Compressed kernels (harness/zimage.py): the overlay decompresses them
# itself; stock 6.1 refuses them as no Image (EINVAL, the comparison
# column). The malformed ones are refused with their errno, one line, and
# nothing loaded.
# kernels | at | machine  | function          | result name                              | target
all       | at | virt     | zimage_round_trip | el1/zimage/debian-gz                     | zimage-debian
all       | at | virt     | zimage_round_trip | el1/zimage/zboot                         | zimage-zboot
all       | at | virt     | zimage_round_trip | el1/zimage/zboot-zstd                    | zimage-zboot-zstd
# kernels | at | machine  | function          | result name                              | target            | errno             | log
all       | at | virt     | refused           | el1/zimage/refused/zboot-size-lies       | zimage-bad-size   | Exec format error | is not inside the
all       | at | virt     | refused           | el1/zimage/refused/zboot-offset-past-end | zimage-bad-offset | Exec format error | is not inside the
all       | at | virt     | refused           | el1/zimage/refused/gzip-truncated        | zimage-truncated  | Exec format error | gzip stream truncated or corrupt
all       | at | virt     | refused           | el1/zimage/refused/gzip-bomb-over-limit  | zimage-bomb-limit | File too large    | beyond the 0x10000000 byte limit
all       | at | virt     | refused           | el1/zimage/refused/gzip-size-lies        | zimage-bomb-isize | File too large    | decompression bomb
EOF
