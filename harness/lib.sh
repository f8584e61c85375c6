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

# Source tree and object directory of a variant: "overlay" or "stock".
variant_src()
{
	case "$1" in
	overlay) echo "$OVERLAY_TREE" ;;
	stock) echo "$BASE_TREE" ;;
	*) die "unknown variant '$1' (want overlay or stock)" ;;
	esac
}

variant_obj()
{
	variant_src "$1" >/dev/null
	echo "$BUILD/obj-$1"
}

# The files this project owns, relative to $TOP: tracked or new, not ignored.
owned_files()
{
	git -C "$TOP" ls-files --cached --others --exclude-standard -- \
		"${OWNED_DIRS[@]}" | sort -u
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

# guest_case KERNELS FUNCTION ARG...: FUNCTION ARG... if this kernel is one
# of KERNELS ("all", "overlay" or "stock").
guest_case()
{
	case "$1" in
	all | "$variant") "${@:2}" ;;
	esac
}

# guest_run NAME APPEND: boot the variant's kernel with its stage-1 initramfs
# and APPEND as command line; prints the serial log's path. A timeout or a
# QEMU failure shows the log's tail. KT_SERIAL2 passes through to qemu.sh.
# shellcheck disable=SC2154 # $logs and $obj: see above
guest_run()
{
	local name=$1 log=$logs/${1//\//_}.log rc=0
	bash "$TOP/harness/qemu.sh" "$obj/arch/x86/boot/bzImage" \
		"$BUILD/guest/stage1-$variant.cpio" "$2" "$log" || rc=$?
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
