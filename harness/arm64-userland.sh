#!/usr/bin/env bash
# The arm64 guests' userland, taken from Debian's arm64 packages without
# installing them (apt-get download, dpkg-deb -x) into a sysroot,
# build/debian-arm64/sysroot: busybox-static, kexec-tools, makedumpfile and
# the libraries they link. Idempotent. Needs dpkg to know arm64 (deps.sh).
#   arm64-userland.sh                  fill the sysroot
#   arm64-userland.sh copy ROOT PROG   copy PROG (a path in the sysroot) to
#                                      the same path in ROOT, with the
#                                      libraries it needs, found by their
#                                      DT_NEEDED names in the sysroot
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

dir=$BUILD/debian-arm64
sysroot=$dir/sysroot
PROGRAMS=(busybox-static kexec-tools makedumpfile)
LIBDIRS=(lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib)

# The libraries the programs depend on, directly or not: from apt-cache's
# recursive Depends, the arm64 library packages only (not dpkg, perl, ...).
library_packages()
{
	apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "${PROGRAMS[@]/%/:arm64}" 2>/dev/null |
		sed -n 's/^\(lib[^ ]*\|zlib1g\):arm64$/\1/p' | sort -u
}

fill()
{
	local pkgs deb
	[ -f "$sysroot/.done" ] && return 0
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		die "dpkg does not know arm64 packages: run harness/deps.sh"
	mapfile -t pkgs < <(library_packages)
	[ ${#pkgs[@]} -gt 0 ] || die "apt-cache found no arm64 libraries for ${PROGRAMS[*]} (apt-get update?)"
	pkgs+=("${PROGRAMS[@]}")
	note "arm64 userland: downloading ${#pkgs[@]} Debian arm64 packages"
	rm -rf "$dir/debs" "$sysroot" && mkdir -p "$dir/debs" "$sysroot"
	(cd "$dir/debs" && apt-get download -q "${pkgs[@]/%/:arm64}") >"$dir/download.log" 2>&1 ||
		die "apt-get download of the arm64 userland failed, see $dir/download.log"
	for deb in "$dir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$sysroot" || die "dpkg-deb -x $deb failed"
	done
	[ -x "$sysroot/bin/busybox" ] || die "busybox-static:arm64 holds no bin/busybox"
	rm -rf "$dir/debs"
	touch "$sysroot/.done"
}

# The path, in the sysroot, of the library named NAME.
find_lib()
{
	local d
	for d in "${LIBDIRS[@]}"; do
		if [ -e "$sysroot/$d/$1" ]; then
			echo "$d/$1"
			return 0
		fi
	done
	die "arm64 userland: no $1 in the sysroot"
}

# copy ROOT PROG: PROG, its interpreter (at the path PROG names) and,
# recursively, its DT_NEEDED libraries.
copy()
{
	local root=$1 prog=${2#/} lib path interp
	local -a todo=("$prog")
	interp=$(aarch64-linux-gnu-readelf -l "$sysroot/$prog" |
		sed -n 's/.*\[Requesting program interpreter: \/\(.*\)\]$/\1/p')
	[ -z "$interp" ] || todo+=("$interp")
	local -A seen=()
	while [ ${#todo[@]} -gt 0 ]; do
		path=${todo[0]}
		todo=("${todo[@]:1}")
		[ -z "${seen[$path]:-}" ] || continue
		seen[$path]=1
		mkdir -p "$root/$(dirname "$path")"
		cp -L "$sysroot/$path" "$root/$path" || die "arm64 userland: cannot copy $path"
		for lib in $(aarch64-linux-gnu-readelf -d "$sysroot/$path" |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
			todo+=("$(find_lib "$lib")")
		done
	done
}

fill
case "${1:-}" in
"") ;;
copy) copy "${2:?usage: arm64-userland.sh copy ROOT PROG}" "${3:?usage: arm64-userland.sh copy ROOT PROG}" ;;
*) die "usage: arm64-userland.sh [copy ROOT PROG]" ;;
esac
