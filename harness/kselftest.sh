#!/usr/bin/env bash
# Build the kexec kselftest target from the overlay tree and install it the
# way a kernel CI does:  kselftest.sh [ARCH] [INSTALL_PATH]
# ARCH is x86_64 (the default) or arm64 (cross-compiled with
# aarch64-linux-gnu-). The tests compile against the overlay's own UAPI
# headers (make headers into build/kselftest, or build/kselftest-arm64,
# which is also the selftests' O=). INSTALL_PATH (default kselftest/ in the
# architecture's guest directory, build/guest or build/guest-arm64) gets
# run_kselftest.sh, kselftest/runner.sh and kexec/. A compiler warning in
# the tests fails the build.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch=x86_64
case "${1:-}" in
x86_64 | arm64) arch=$1 && shift ;;
esac
read -ra archargs <<<"$(arch_make_args "$arch")"
out=$BUILD/kselftest
[ "$arch" = x86_64 ] || out=$BUILD/kselftest-$arch
dest=${1:-$(guest_dir "$arch")/kselftest}
log=$BUILD/logs/kselftest-build.log
[ "$arch" = x86_64 ] || log=$BUILD/logs/kselftest-build-$arch.log
mkdir -p "$out" "$(dirname "$log")"

make -s -C "$OVERLAY_TREE" O="$out" "${archargs[@]}" headers >"$log" 2>&1 ||
	die "make headers failed, see $log"
rm -rf "$dest"
mkdir -p "$dest"
# -B: recompile every time (two small programs), so a warning is never hidden
# by an up-to-date binary.
make -B -C "$OVERLAY_TREE/tools/testing/selftests" O="$out" "${archargs[@]}" TARGETS=kexec \
	install INSTALL_PATH="$dest" >>"$log" 2>&1 ||
	die "installing the kexec kselftests failed, see $log"
if grep -q 'warning:' "$log"; then
	grep 'warning:' "$log" >&2
	die "the kexec kselftests build with warnings, see $log"
fi
[ -x "$dest/run_kselftest.sh" ] && [ -s "$dest/kselftest-list.txt" ] ||
	die "no run_kselftest.sh or kselftest-list.txt in $dest"
