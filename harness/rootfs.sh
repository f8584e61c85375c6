#!/usr/bin/env bash
# A minimal Debian 12 root file system for the distribution tests
# (harness/distro.sh), built with mmdebstrap from Debian's packages:
#   build/rootfs/debian12.raw   ext4 image, used through virtio-blk
# Cached: rebuilt only when this script (its package list, its setup)
# changes. The test's own files and kernels are written into a copy of the
# image for each run (distro.sh), so changing them costs no rebuild.
# Prints the image's path.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

DIR=$BUILD/rootfs
IMAGE=$DIR/debian12.raw
# systemd as init, with udev (a Recommends: without it no device unit ever
# appears and serial-getty@ttyS0 waits 90 s for dev-ttyS0.device); the
# loaders and kdump's tools. No kernel package:
# installing one runs initramfs-tools' mkinitramfs (about 10 min under load);
# Debian's kernel, kernel B's second target, comes from
# harness/debian-kernel.sh with a small initramfs of its own (distro.sh).
PACKAGES=systemd,systemd-sysv,udev,kexec-tools,kdump-tools,makedumpfile
# Room left for the dumps kdump-tools saves under /var/crash.
SPARE_MIB=512

want=$(sha256sum <"$0" | cut -d' ' -f1)
if [ -f "$IMAGE" ] && [ "$(cat "$DIR/.sum" 2>/dev/null)" = "$want" ]; then
	echo "$IMAGE"
	exit 0
fi
command -v mmdebstrap >/dev/null || die "mmdebstrap not installed (harness/deps.sh)"
[ "$(id -u)" = 0 ] || die "building the root file system needs root (mmdebstrap --mode=root)"
rm -rf "$DIR"
mkdir -p "$DIR"
tree=$DIR/tree
note "rootfs: mmdebstrap bookworm ($PACKAGES), log: $DIR/mmdebstrap.log"
start=$(date +%s)
# No recommends: the smallest system that boots to multi-user. The host's
# apt sources name the mirror. kdump-tools would build a crash initramfs for
# each installed kernel: the test names its own (distro.sh).
# dpkg without fsync: the tree is copied into the image once it is done.
mmdebstrap --mode=root --variant=apt --include="$PACKAGES" \
	--aptopt='APT::Install-Recommends "false"' --dpkgopt=force-unsafe-io \
	--essential-hook='mkdir -p "$1/etc/default" && echo "USE_KDUMP=0" >"$1/etc/default/kdump-tools"' \
	--customize-hook='echo kt-debian12 >"$1/etc/hostname"' \
	--customize-hook='printf "/dev/vda / ext4 rw 0 1\n" >"$1/etc/fstab"' \
	--customize-hook='chroot "$1" passwd -d root' \
	--customize-hook='mkdir -p "$1/var/lib/kt" "$1/var/crash"' \
	--customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
	bookworm "$tree" >"$DIR/mmdebstrap.log" 2>&1 ||
	die "mmdebstrap failed, see $DIR/mmdebstrap.log"
size=$(($(du -sm "$tree" | cut -f1) + SPARE_MIB))
mkfs.ext4 -q -F -L kt-root -d "$tree" "$IMAGE" "${size}M" >>"$DIR/mmdebstrap.log" 2>&1 ||
	die "mkfs.ext4 -d failed, see $DIR/mmdebstrap.log"
rm -rf "$tree"
echo "$want" >"$DIR/.sum"
note "rootfs: ${size} MiB image built in $(($(date +%s) - start))s"
echo "$IMAGE"
