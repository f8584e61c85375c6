# shellcheck shell=bash
# Common paths and helpers for the harness scripts. Sourced, never run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BASE_TARBALL=${BASE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
BASE_NAME=linux-source-6.1
# The pristine base tree: never written to after extraction. The stock
# kernel is built from it (out of tree) and the overlay is restored from it.
BASE_TREE=$BUILD/base/$BASE_NAME
OVERLAY_TREE=$BUILD/overlay/$BASE_NAME
# shellcheck disable=SC2034 # for build.sh
CONFIG_FRAGMENT=$TOP/config/kexec-test.config
OWNED_DIRS=(kernel arch include tools Documentation scripts)
JOBS=${JOBS:-$(nproc)}
# shellcheck source=results.sh
. "$TOP/harness/results.sh"

# One line on stderr saying what failed, then a non-zero exit.
die()
{
	echo "error: $*" >&2
	exit 1
}

note()
{
	echo ">>> $*" >&2
}

# A kernel is a variant, "overlay" or "stock", built for x86_64, or the
# same variant cross-built for arm64: "overlay-arm64" or "stock-arm64".
# "overlay-san" is the x86_64 overlay with the sanitizers
# (config/kexec-test-sanitizers.config), run only by its own steps.
# Its results file is build/results/KERNEL.
kernel_arch()
{
	case "$1" in
	overlay | stock | overlay-san) echo x86_64 ;;
	overlay-arm64 | stock-arm64) echo arm64 ;;
	*) die "unknown kernel '$1' (want overlay, stock, overlay-arm64, stock-arm64 or overlay-san)" ;;
	esac
}

# The variant of a kernel: overlay or stock (its source tree).
kernel_variant()
{
	kernel_arch "$1" >/dev/null
	case "$1" in
	overlay-san) echo overlay ;;
	*) echo "${1%-arm64}" ;;
	esac
}

# The config fragments a kernel adds to its architecture's and its
# variant's (build.sh): the sanitizers for overlay-san.
kernel_extra_fragments()
{
	case "$1" in
	overlay-san) echo "$TOP/config/kexec-test-sanitizers.config" ;;
	esac
}

# Source tree and object directory of a kernel (see kernel_arch): the x86_64
# ones build in build/obj-VARIANT, the arm64 ones in build/obj-arm64-VARIANT.
variant_src()
{
	case "$(kernel_variant "$1")" in
	overlay) echo "$OVERLAY_TREE" ;;
	stock) echo "$BASE_TREE" ;;
	esac
}

variant_obj()
{
	case "$(kernel_arch "$1")" in
	x86_64) echo "$BUILD/obj-$1" ;;
	arm64) echo "$BUILD/obj-arm64-$(kernel_variant "$1")" ;;
	esac
}

# target_obj KERNEL: the build directory of the image KERNEL's guests load
# as "built" (/kt/target-built). The sanitizer kernel is only ever kernel
# A: it loads the plain overlay's image, which KASAN digests in a third of
# the time of its own.
target_obj()
{
	case "$1" in
	overlay-san) variant_obj overlay ;;
	*) variant_obj "$1" ;;
	esac
}

# The make variables that select an architecture (nothing for the host's).
arch_make_args()
{
	case "$1" in
	x86_64) ;;
	arm64) echo ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- ;;
	*) die "unknown architecture '$1'" ;;
	esac
}

# The config fragment merged on top of tinyconfig for an architecture.
arch_fragment()
{
	case "$1" in
	x86_64) echo "$CONFIG_FRAGMENT" ;;
	arm64) echo "$TOP/config/kexec-test-arm64.config" ;;
	*) die "unknown architecture '$1'" ;;
	esac
}

# The boot image of a kernel, relative to its object directory, and the
# make target that builds it.
kernel_image()
{
	case "$(kernel_arch "$1")" in
	x86_64) echo arch/x86/boot/bzImage ;;
	arm64) echo arch/arm64/boot/Image ;;
	esac
}

# The serial console of an architecture's guests.
arch_console()
{
	case "$1" in
	x86_64) echo ttyS0 ;;
	arm64) echo ttyAMA0 ;;
	*) die "unknown architecture '$1'" ;;
	esac
}

# The guests' files of an architecture (initramfs.sh, kselftest.sh).
guest_dir()
{
	case "$1" in
	x86_64) echo "$BUILD/guest" ;;
	arm64) echo "$BUILD/guest-arm64" ;;
	*) die "unknown architecture '$1'" ;;
	esac
}

# The files this project owns, relative to $TOP: tracked or new, not ignored.
owned_files()
{
	git -C "$TOP" ls-files --cached --others --exclude-standard -- \
		"${OWNED_DIRS[@]}" | sort -u
}

# is_owned REL: is REL one of owned_files? grep reads the whole list: with
# -q it would stop at the match, sort would die of SIGPIPE on its next
# write, and under pipefail the pipeline would say "not owned".
is_owned()
{
	owned_files | grep -xF -- "$1" >/dev/null
}

# Patches in application order, from patches/series (comments allowed).
patch_series()
{
	local series=$TOP/patches/series
	[ -f "$series" ] || return 0
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series"
}

# Files a patch modifies, relative to the tree root.
patch_targets()
{
	sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$1"
}

# each_row FUNCTION: for each row of the table on stdin, FUNCTION COLUMN...
# Columns are separated by "|" and trimmed; "#" starts a comment, blank rows
# are skipped. The table is read whole first, so FUNCTION may use stdin.
each_row()
{
	local fn=$1 row col rows cells cols
	mapfile -t rows < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d')
	for row in "${rows[@]}"; do
		cols=()
		IFS='|' read -ra cells <<<"$row"
		for col in "${cells[@]}"; do
			col=${col#"${col%%[![:space:]]*}"}
			cols+=("${col%"${col##*[![:space:]]}"}")
		done
		"$fn" "${cols[@]}"
	done
}

# ---- for the per-variant guest scripts (e2e.sh, kdump.sh), which set
# ---- $variant, $obj (its build directory), $results and $logs

# record_line "VERDICT NAME[: reason]": one result, also shown as it comes.
# shellcheck disable=SC2154 # $results and $variant: see above
record_line()
{
	echo "$1" >>"$results"
	echo "    [$variant] $1" >&2
}

# record_lines: each results line on stdin, recorded.
record_lines()
{
	local line
	while IFS= read -r line; do
		record_line "$line"
	done
}

record()
{
	record_line "$1 $2${3:+: $3}"
}

# rows: a guest table's rows (stdin), or with KT_ROWS=REGEX (KT_E2E_ROWS,
# its older name) only those matching it, for a developer rerunning some
# rows of e2e.sh or kdump.sh; make check runs them all.
rows()
{
	local only=${KT_ROWS:-${KT_E2E_ROWS:-}}
	if [ -n "$only" ]; then
		grep -E -- "$only" || true
	else
		cat
	fi
}

# guest_case KERNELS FUNCTION ARG...: FUNCTION ARG... if this kernel is one
# of KERNELS ("all", "overlay" or "stock": of either architecture).
guest_case()
{
	case "$1" in
	all | "$variant" | "$(kernel_variant "$variant")") "${@:2}" ;;
	esac
}

# guest_run NAME APPEND: boot the variant's kernel with its stage-1 initramfs
# (or KT_INITRAMFS) and APPEND as command line; prints the serial log's
# path. A timeout or a QEMU failure shows the log's tail. KT_SERIAL2 and
# KT_MACHINE pass through to qemu.sh; KT_APPEND is added to APPEND. Here $variant is the kernel's name
# (see kernel_arch).
# shellcheck disable=SC2154 # $logs and $obj: see above
guest_run()
{
	local name=$1 log=$logs/${1//\//_}.log rc=0
	bash "$TOP/harness/qemu.sh" "$obj/$(kernel_image "$variant")" \
		"${KT_INITRAMFS:-$(guest_dir "$(kernel_arch "$variant")")/stage1-$variant.cpio}" \
		"$2${KT_APPEND:+ $KT_APPEND}" "$log" || rc=$?
	# The serial port ends lines with CR LF.
	[ -f "$log" ] && sed -i 's/\r$//' "$log"
	if [ $rc = 124 ]; then
		echo "    [$variant] $name: guest timed out; serial log tail:" >&2
		tail -n 25 "$log" | sed 's/^/      | /' >&2
	elif [ $rc != 0 ]; then
		echo "    [$variant] $name: qemu exited $rc; serial log tail:" >&2
		tail -n 25 "$log" | sed 's/^/      | /' >&2
	fi
	echo "$log"
}

# purgatory_refusal NAME APPEND: a guest run (command line APPEND plus
# kt.corrupt=1) that inverts a byte of a loaded segment
# (harness/guest/corrupt-segment) and then executes the image or panics into
# it. The purgatory must print that it halts, and no kernel may boot after
# that; qemu.sh stops the halted guest (KT_UNTIL).
purgatory_refusal()
{
	local name=$1 log why='' refusal='purgatory: SHA-256 of the loaded segments does not match, halting'
	log=$(KT_UNTIL=$refusal guest_run "$name" "$2 kt.corrupt=1")
	if ! grep -aq '^KT1: corrupted segment ' "$log"; then
		why="no segment corrupted: $(grep -a '^KT1: FAIL' "$log" | head -n 1)"
	elif ! grep -aqF "$refusal" "$log"; then
		why="the purgatory never refused"
	elif [ "$(grep -ac 'Linux version' "$log")" != 1 ]; then
		why="a kernel booted after the corruption"
	fi
	if [ -z "$why" ]; then
		record pass "$name"
	else
		record fail "$name" "$why"
		tail -n 15 "$log" | sed 's/^/      | /' >&2
	fi
}

# uki_stub ARCH: systemd's EFI stub for ARCH (package systemd-boot-efi; for
# arm64 the arm64 package, unpacked under build/debian-arm64).
uki_stub()
{
	local dir=$BUILD/debian-arm64/systemd-boot-efi
	case "$1" in
	x86_64) echo /usr/lib/systemd/boot/efi/linuxx64.efi.stub ;;
	arm64)
		if [ ! -f "$dir/usr/lib/systemd/boot/efi/linuxaa64.efi.stub" ]; then
			mkdir -p "$dir/deb"
			(cd "$dir/deb" && apt-get download -q systemd-boot-efi:arm64) >"$dir/download.log" 2>&1 ||
				die "apt-get download systemd-boot-efi:arm64 failed, see $dir/download.log"
			dpkg-deb -x "$dir"/deb/systemd-boot-efi_*_arm64.deb "$dir"
		fi
		echo "$dir/usr/lib/systemd/boot/efi/linuxaa64.efi.stub"
		;;
	esac
}

# make_uki ARCH OUT KERNEL [INITRD CMDLINE_FILE]: a Unified Kernel Image of
# KERNEL (and INITRD and the command line in CMDLINE_FILE) around
# systemd's stub, with the .osrel and .uname a UKI tool would add.
make_uki()
{
	local objcopy=objcopy tmp parts=(--linux "$3")
	[ "$1" = arm64 ] && objcopy=aarch64-linux-gnu-objcopy
	tmp=$(mktemp -d)
	printf 'ID=debian\nVERSION_ID=12\n' >"$tmp/osrel"
	printf 'kexec-test\n' >"$tmp/uname"
	parts+=(--osrel "$tmp/osrel" --uname "$tmp/uname")
	[ $# -ge 5 ] && parts+=(--initrd "$4" --cmdline "$5")
	python3 "$TOP/harness/uki.py" build "$objcopy" "$(uki_stub "$1")" "$2" "${parts[@]}" ||
		die "uki.py build $2 failed"
	rm -rf "$tmp"
}
