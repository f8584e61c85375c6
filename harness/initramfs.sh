#!/usr/bin/env bash
# Build the guests' initramfs images in build/guest/ (x86_64) or
# build/guest-arm64/ (arm64).
#   initramfs.sh stage2 [ARCH]   new random payload, initrd for kernel B
#                                (good, corrupted and truncated copies) and
#                                B's command line with a new random token;
#                                ARCH: x86_64 (default) or arm64
#   initramfs.sh stage1 KERNEL   kernel A's initramfs: busybox, the loaders,
#                                the kselftest install tree, both targets,
#                                the stage-2 files and the crash kernel's
#                                initrd (initrd-kdump-KERNEL, built here too);
#                                KERNEL: see kernel_arch in lib.sh
# The x86_64 guests run the host's busybox, kexec-tools and makedumpfile,
# the arm64 ones Debian's arm64 builds of them (harness/arm64-userland.sh).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PAYLOAD_BYTES=$((2 * 1024 * 1024))

# newc cpio of directory $1 into $2, with /payload (if any) last so that the
# corruption offsets below fall inside it.
pack()
{
	(
		cd "$1" || exit 1
		{
			find . ! -name payload | sort
			if [ -f payload ]; then echo ./payload; fi
		} | cpio -o -H newc --quiet
	) >"$2" || die "cpio of $1 failed"
}

# Flip every bit of the byte at offset $2 of file $1.
flip_byte()
{
	local old
	old=$(od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((255 - old)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# install_prog ROOT PROG: PROG (a path), with what it links, into ROOT for
# the guests' architecture $arch. busybox is static.
install_prog()
{
	case "$arch/$2" in
	x86_64//bin/busybox) cp /bin/busybox "$1/bin/busybox" ;;
	x86_64/*) copy_with_libs "$1" "$2" ;;
	arm64/*) bash "$TOP/harness/arm64-userland.sh" copy "$1" "$2" ;;
	esac
}

build_stage2()
{
	local root=$GUEST/stage2-root size sum token
	rm -rf "$root" && mkdir -p "$root/bin"
	install_prog "$root" /bin/busybox
	cp "$TOP/harness/guest/stage2" "$root/init"
	head -c "$PAYLOAD_BYTES" /dev/urandom >"$root/payload"
	pack "$root" "$GUEST/initrd-good"
	size=$(stat -c %s "$GUEST/initrd-good")
	sum=$(sha256sum <"$root/payload" | cut -d' ' -f1)
	# The payload ends less than 1 KiB before the archive does.
	cp "$GUEST/initrd-good" "$GUEST/initrd-corrupt"
	flip_byte "$GUEST/initrd-corrupt" $((size - PAYLOAD_BYTES / 2))
	head -c $((size - PAYLOAD_BYTES / 4)) "$GUEST/initrd-good" >"$GUEST/initrd-truncated"
	token=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
	echo "console=$(arch_console "$arch") panic=-1 kt.stage=2 kt.token=$token kt.size=$size kt.sum=$sum" \
		>"$GUEST/cmdline-b"
}

# build_kdump_initrd VARIANT: the crash kernel's initramfs, which checks
# /proc/vmcore and runs makedumpfile. One per kernel: check.sh may build one
# kernel's stage 1 while the sanitizer runs build theirs.
build_kdump_initrd()
{
	local root=$GUEST/kdump-root-$1
	rm -rf "$root" && mkdir -p "$root/bin"
	install_prog "$root" /bin/busybox
	cp "$TOP/harness/guest/kdump2" "$root/init"
	cp "$GUEST/kselftest/kexec/kdump_test" "$root/bin/kdump_test"
	install_prog "$root" /usr/bin/makedumpfile
	pack "$root" "$GUEST/initrd-kdump-$1"
}

# Copy a dynamically linked program and the libraries it needs.
copy_with_libs()
{
	local root=$1 prog=$2 lib
	mkdir -p "$root/$(dirname "$prog")"
	cp "$prog" "$root/$prog"
	for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
		mkdir -p "$root/$(dirname "$lib")"
		cp -L "$lib" "$root/$lib"
	done
}

# test_kexec_file_load.sh (x86 only) reads the image's PE signature with
# pesign and its security.ima xattr with getfattr, and skips without them.
# It wants a signed image (KEXEC_BZIMAGE_VERIFY_SIG counts as "PE signature
# required"): target-signed is the built kernel signed with the project key.
add_signature_tools()
{
	local root=$1
	copy_with_libs "$root" /usr/bin/pesign
	copy_with_libs "$root" /usr/bin/getfattr
	bash "$TOP/harness/keys.sh" sign "$root/kt/target-built" "$root/kt/target-signed"
}

build_stage1()
{
	local variant=$1 root=$GUEST/stage1-root-$1 obj f release
	obj=$(variant_obj "$variant")
	[ -f "$GUEST/cmdline-b" ] || die "run 'initramfs.sh stage2' first"
	[ -x "$GUEST/kselftest/run_kselftest.sh" ] || die "run 'kselftest.sh' first"
	rm -rf "$root" && mkdir -p "$root/bin" "$root/kt"
	install_prog "$root" /bin/busybox
	cp "$TOP/harness/guest/stage1" "$root/init"
	case "$arch" in
	x86_64) install_prog "$root" /usr/sbin/kexec ;;
	arm64) install_prog "$root" /sbin/kexec ;;
	esac
	# The kselftest install tree (harness/kselftest.sh), run by stage 1 with
	# run_kselftest.sh; the round trips use kexec_file_test from it too, and
	# kdump runs kdump_test.
	cp -a "$GUEST/kselftest" "$root/kselftest"
	ln -s /kselftest/kexec/kexec_file_test "$root/bin/kexec_file_test"
	ln -s /kselftest/kexec/kdump_test "$root/bin/kdump_test"
	cp "$TOP/harness/guest/kdump1" "$root/kt/kdump1"
	cp "$TOP/harness/guest/corrupt-segment" "$root/kt/corrupt-segment"
	# The sanitizer kernel's runs end with kmemleak's scan and the whole log.
	[ "$variant" != overlay-san ] || cp "$TOP/harness/guest/san-report" "$root/kt/san-report"
	build_kdump_initrd "$variant"
	# The image the kselftests load and the round trips boot.
	cp "$(target_obj "$variant")/$(kernel_image "$variant")" "$root/kt/target-built"
	[ "$arch" = x86_64 ] && add_signature_tools "$root"
	# Where the kexec kselftests look for the running kernel and its config.
	release=$(cat "$obj/include/config/kernel.release")
	mkdir -p "$root/boot" "$root/lib/modules/$release"
	ln -s /kt/target-built "$root/boot/vmlinuz-$release"
	cp "$obj/.config" "$root/lib/modules/$release/config"
	cp "$(bash "$TOP/harness/debian-kernel.sh" "$arch")" "$root/kt/target-debian"
	for f in initrd-good initrd-corrupt initrd-truncated cmdline-b; do
		cp "$GUEST/$f" "$root/kt/$f"
	done
	cp "$GUEST/initrd-kdump-$variant" "$root/kt/initrd-kdump"
	pack "$root" "$GUEST/stage1-$variant.cpio"
}

case "${1:-}" in
stage2) arch=${2:-x86_64} ;;
stage1) arch=$(kernel_arch "${2:?usage: initramfs.sh stage1 KERNEL}") ;;
*) die "usage: initramfs.sh stage2 [ARCH] | stage1 KERNEL" ;;
esac
GUEST=$(guest_dir "$arch")
[ "$arch" = x86_64 ] || bash "$TOP/harness/arm64-userland.sh"
mkdir -p "$GUEST"
case "$1" in
stage2) build_stage2 ;;
stage1) build_stage1 "$2" ;;
esac
