#!/usr/bin/env bash
# A small initramfs for Debian's x86_64 kernel (harness/debian-kernel.sh),
# kernel B's second target in the distribution runs (harness/distro.sh):
#   build/debian/kt-initrd.cpio.gz
# Debian builds virtio-pci, virtio-blk and ext4 as modules, so its kernel
# cannot mount root=/dev/vda by itself. Instead of initramfs-tools'
# mkinitramfs (minutes, and a kernel package installed in the root file
# system), this takes those modules and what they depend on (their
# .modinfo "depends=", and crc32c for ext4's and jbd2's checksums, their
# "softdep=pre: crypto-crc32c") from the kernel's own package, with a
# static busybox as /init that loads them in dependency order, mounts
# root= and switch_root's to its /sbin/init.
# Cached: rebuilt when this script or Debian's kernel release changes.
# Prints the initramfs's path.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

DIR=$BUILD/debian
OUT=$DIR/kt-initrd.cpio.gz
# What mounts root=/dev/vda as ext4 (crc32c first: the softdep of ext4 and
# jbd2); the rest follows from "depends=".
ROOTS="crc32c_generic virtio_pci virtio_blk ext4"

bash "$TOP/harness/debian-kernel.sh" >/dev/null || die "harness/debian-kernel.sh failed"
release=$(cat "$DIR/release")
want="$(sha256sum <"$0" | cut -d' ' -f1) $release"
if [ -f "$OUT" ] && [ "$(cat "$OUT.sum" 2>/dev/null)" = "$want" ]; then
	echo "$OUT"
	exit 0
fi
busybox=$(command -v busybox) || die "busybox not installed (busybox-static, harness/deps.sh)"
# Static: no program interpreter (readelf, not file(1), which CI may lack).
if readelf -l "$busybox" 2>/dev/null | grep 'program interpreter' >/dev/null; then
	die "$busybox is not statically linked (busybox-static)"
fi

work=$DIR/kt-initrd
rm -rf "$work" && mkdir -p "$work/pkg" "$work/root"
pkg=linux-image-$release
(cd "$work/pkg" && apt-get download -q "$pkg:amd64" >"$work/download.log" 2>&1) ||
	die "apt-get download $pkg failed, see $work/download.log"
dpkg-deb --fsys-tarfile "$work/pkg/$pkg"_*.deb |
	tar -x -C "$work/pkg" --wildcards './lib/modules/*/kernel/*' ||
	die "extracting the modules of $pkg failed"
moddir=$work/pkg/lib/modules/$release/kernel
[ -d "$moddir" ] || die "$pkg holds no lib/modules/$release/kernel"

# modinfo FILE KEY: a .modinfo field of a module (no kmod needed).
modinfo()
{
	objcopy -O binary --only-section=.modinfo "$1" /dev/stdout 2>/dev/null |
		tr '\0' '\n' | sed -n "s/^$2=//p"
}

# add NAME: NAME's dependencies, then NAME, into $order (once each).
order=()
declare -A seen=()
add()
{
	local name=$1 file dep
	[ -z "${seen[$name]:-}" ] || return 0
	seen[$name]=1
	file=$(find "$moddir" -name "$name.ko" -o -name "${name//_/-}.ko" | head -n 1)
	[ -n "$file" ] || die "$pkg has no module $name"
	for dep in $(modinfo "$file" depends | tr ',' ' '); do
		add "$dep"
	done
	order+=("${file#"$moddir/"}")
}
for name in $ROOTS; do add "$name"; done

root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,root,lib/modules}
cp "$busybox" "$root/bin/busybox"
for name in sh mount umount insmod switch_root sleep cat; do
	ln -s busybox "$root/bin/$name"
done
for rel in "${order[@]}"; do
	cp "$moddir/$rel" "$root/lib/modules/${rel##*/}"
	echo "${rel##*/}" >>"$root/lib/modules/order"
done
cat >"$root/init" <<'INIT'
#!/bin/sh
# harness/debian-initrd.sh: load the modules, mount root=, switch_root.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /lib/modules/order); do
	insmod "/lib/modules/$m" || echo "kt-initrd: insmod $m failed" >/dev/console
done
root= opts=ro
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	root=*) root=${arg#root=} ;;
	rw) opts=rw ;;
	esac
done
i=0
while [ ! -b "$root" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if ! mount -t ext4 -o "$opts" "$root" /root; then
	echo "kt-initrd: cannot mount root=$root" >/dev/console
	exec sh
fi
umount /proc /sys
mount --move /dev /root/dev
exec switch_root /root /sbin/init
INIT
chmod 755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) >"$OUT.tmp" || die "cpio of $root failed"
mv "$OUT.tmp" "$OUT"
echo "$want" >"$OUT.sum"
names=("${order[@]##*/}")
note "debian-initrd: $release, ${#order[@]} modules (${names[*]%.ko}), $(($(stat -c %s "$OUT") / 1024)) KiB"
rm -rf "$work"
echo "$OUT"
