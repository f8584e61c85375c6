#!/usr/bin/env bash
# Fetch Debian's stock signed kernel without installing it: apt-get download,
# then dpkg-deb -x. Prints the path of the image the guests load.
#   debian-kernel.sh          linux-image-6.1.0-*-amd64 in build/debian:
#                             vmlinuz (a bzImage)
#   debian-kernel.sh arm64    linux-image-6.1.0-*-arm64 in build/debian-arm64:
#                             vmlinuz (a signed EFI Image, not compressed:
#                             the arm64 kexec_file loader takes no gzip)
# Each directory also gets "release", the package's uname -r.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
case "$arch" in
x86_64) dir=$BUILD/debian deb_arch=amd64 ;;
arm64) dir=$BUILD/debian-arm64 deb_arch=arm64 ;;
*) die "usage: debian-kernel.sh [x86_64|arm64]" ;;
esac

# The versioned package the meta-package linux-image-ARCH depends on.
package_name()
{
	local meta=linux-image-$deb_arch
	[ "$deb_arch" = amd64 ] || meta=$meta:$deb_arch
	apt-cache depends "$meta" 2>/dev/null |
		sed -n "s/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-$deb_arch\)\(:$deb_arch\)\?$/\1/p" | head -n 1
}

mkdir -p "$dir"
if [ ! -f "$dir/vmlinuz" ]; then
	[ "$deb_arch" = amd64 ] || dpkg --print-foreign-architectures | grep -qx "$deb_arch" ||
		die "dpkg does not know $deb_arch packages: run harness/deps.sh (dpkg --add-architecture $deb_arch)"
	pkg=$(package_name)
	if [ -z "$pkg" ]; then
		apt-get update -q >"$dir/apt-update.log" 2>&1 || true
		pkg=$(package_name)
	fi
	[ -n "$pkg" ] || die "cannot find Debian's linux-image-6.1.0-*-$deb_arch package name"
	note "downloading $pkg"
	rm -rf "$dir/pkg" && mkdir -p "$dir/pkg"
	(cd "$dir/pkg" && apt-get download -q "$pkg:$deb_arch" >"$dir/download.log" 2>&1) ||
		die "apt-get download $pkg failed, see $dir/download.log"
	dpkg-deb -x "$dir/pkg/$pkg"_*.deb "$dir/pkg/root" || die "dpkg-deb -x $pkg failed"
	release=${pkg#linux-image-}
	cp "$dir/pkg/root/boot/vmlinuz-$release" "$dir/vmlinuz" ||
		die "$pkg holds no boot/vmlinuz-$release"
	# booting.rst: the magic "ARM\x64" at offset 56.
	[ "$deb_arch" = amd64 ] || [ "$(od -An -c -j 56 -N 4 "$dir/vmlinuz" | tr -d ' ')" = 'ARMd' ] ||
		{ rm -f "$dir/vmlinuz"; die "$pkg: vmlinuz-$release is not an arm64 Image"; }
	echo "$release" >"$dir/release"
	rm -rf "$dir/pkg"
fi
echo "$dir/vmlinuz"
