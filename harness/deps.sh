#!/usr/bin/env bash
# Install, with apt-get, whatever Debian packages the build and tests need
# and are not yet installed:  deps.sh [bench]  (bench: also what make bench
# alone needs). Idempotent; quiet when nothing is missing.
# dpkg also learns the arm64 architecture, so that the arm64 guests'
# userland (harness/arm64-userland.sh) and Debian's arm64 kernel
# (harness/debian-kernel.sh arm64) can be downloaded; nothing of arm64
# is installed.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PACKAGES=(
	linux-source-6.1	# the base tree
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils
	rsync			# kselftest install (lib.mk), build.sh's staging tree
	ccache			# stock builds reuse the overlay's objects (build.sh)
	qemu-system-x86		# guests run under TCG
	kexec-tools		# the real userspace loader, run inside the guest
	makedumpfile		# filters the vmcore inside the crash kernel
	crash			# reads the exported dump with the built vmlinux
	busybox-static		# the guests' userland
	sparse			# C=2 gate
	shellcheck		# the harness's scripts
	clang			# libFuzzer targets
	libfdt-dev		# the arm64 device tree tests link the host libfdt
	python3			# shared/tools/originality, kunit.py
	sbsigntool		# signs the built kernel (harness/keys.sh)
	pesign			# test_kexec_file_load.sh reads signatures with it
	attr			# getfattr: the same script looks for IMA xattrs
	systemd-boot-efi	# its EFI stub, around which the tests build UKIs (uki.py)
	openssl			# makes the test keys (harness/keys.sh)
	mmdebstrap		# the Debian 12 root file system (rootfs.sh)
	zstd			# the zstd bzImage payload (harness/bzpayload.py)
	e2fsprogs		# its ext4 image: mkfs.ext4 -d, debugfs
	gcc-aarch64-linux-gnu	# the arm64 kernels and kselftests
	libc6-dev-arm64-cross	# the static arm64 kselftests: a recommends of the compiler, which --no-install-recommends leaves out
	qemu-system-arm		# qemu-system-aarch64: the arm64 guests
)
# make bench draws its medians (harness/bench-table.py).
[ "${1:-}" != bench ] || PACKAGES+=(python3-matplotlib)

missing=()
for pkg in "${PACKAGES[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$pkg")
done
foreign=$(dpkg --print-foreign-architectures)
[ ${#missing[@]} -eq 0 ] && [[ "$foreign" == *arm64* ]] && exit 0
mkdir -p "$BUILD"

[ "$(id -u)" = 0 ] || die "packages missing (${missing[*]:-none}) or dpkg without arm64, and not root: install them with apt-get"
if [[ "$foreign" != *arm64* ]]; then
	note "dpkg --add-architecture arm64"
	dpkg --add-architecture arm64 || die "dpkg --add-architecture arm64 failed"
fi
note "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >"$BUILD/apt-update.log" 2>&1 ||
	die "apt-get update failed, see $BUILD/apt-update.log"
apt-get install -y -q --no-install-recommends "${missing[@]}" \
	>"$BUILD/apt-install.log" 2>&1 ||
	die "apt-get install ${missing[*]} failed, see $BUILD/apt-install.log"
