#!/usr/bin/env bash
# Fetch Debian's stock signed kernel (linux-image-6.1.0-*-amd64) without
# installing it: apt-get download, then dpkg-deb -x. Prints the vmlinuz path.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

dir=$BUILD/debian
mkdir -p "$dir"
if [ ! -f "$dir/vmlinuz" ]; then
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1)
	if [ -z "$pkg" ]; then
		apt-get update -q >"$dir/apt-update.log" 2>&1 || true
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1)
	fi
	[ -n "$pkg" ] || die "cannot find Debian's linux-image-6.1.0-*-amd64 package name"
	note "downloading $pkg"
	rm -rf "$dir/pkg" && mkdir -p "$dir/pkg"
	(cd "$dir/pkg" && apt-get download -q "$pkg" >"$dir/download.log" 2>&1) ||
		die "apt-get download $pkg failed, see $dir/download.log"
	dpkg-deb -x "$dir/pkg/$pkg"_*.deb "$dir/pkg/root" || die "dpkg-deb -x $pkg failed"
	release=${pkg#linux-image-}
	cp "$dir/pkg/root/boot/vmlinuz-$release" "$dir/vmlinuz" ||
		die "$pkg holds no boot/vmlinuz-$release"
	echo "$release" >"$dir/release"
	rm -rf "$dir/pkg"
fi
echo "$dir/vmlinuz"
