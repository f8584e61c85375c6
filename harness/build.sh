#!/usr/bin/env bash
# Configure and build one kernel (see kernel_arch in lib.sh): build.sh KERNEL
#   overlay, stock                bzImage in build/obj-VARIANT, tinyconfig
#                                 plus config/kexec-test.config and
#                                 config/kexec-test-distro.config
#   overlay-arm64, stock-arm64    Image in build/obj-arm64-VARIANT, cross-built
#                                 with aarch64-linux-gnu-, tinyconfig plus
#                                 config/kexec-test-arm64.config
#   overlay-san                   bzImage in build/obj-overlay-san, the
#                                 overlay plus config/kexec-test-sanitizers.config
# The overlay also merges config/overlay-only.config. The config is
# regenerated only when the fragments change. The release is 6.1.y-VARIANT,
# so stage 2 can tell which kernel it is running.
#
# Every kernel compiles from one path, build/src, which holds a copy of the
# variant's tree while it builds, through ccache (build/ccache). The same
# file at the same path with the same flags is then the same compilation,
# so the second kernel of an architecture reuses the first one's objects
# and compiles only the files the overlay changed: a fresh make check builds
# two kernels' worth of objects instead of four.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

kernel=${1:?usage: build.sh overlay|stock|overlay-arm64|stock-arm64|overlay-san}
arch=$(kernel_arch "$kernel")
variant=$(kernel_variant "$kernel")
tree=$(variant_src "$kernel")
src=$BUILD/src
obj=$(variant_obj "$kernel")
image=$(kernel_image "$kernel")
read -ra archargs <<<"$(arch_make_args "$arch")"
cc=gcc
[ "$arch" = arm64 ] && cc=aarch64-linux-gnu-gcc
archargs+=("CC=$TOP/harness/ccache-cc.sh $cc")
# Depend mode: a miss compiles once and takes the headers from the
# compiler's own -MMD output, so the first kernel pays no extra
# preprocessor run for the cache. KT_CCACHE_DIR lets several checkouts
# (worktrees) share one cache; the base directory makes their absolute
# paths relative, so the same file in two checkouts is one compilation.
export CCACHE_DIR=${KT_CCACHE_DIR:-$BUILD/ccache} CCACHE_BASEDIR=$TOP
export CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=8G CCACHE_DEPEND=1

# The fragments this kernel merges on top of tinyconfig.
fragments=("$(arch_fragment "$arch")")
[ "$variant" = overlay ] && fragments+=("$TOP/config/overlay-only.config")
read -ra extra <<<"$(kernel_extra_fragments "$kernel")"
fragments+=("${extra[@]}")
# x86_64 also has the distribution runs' needs built in (virtio-blk, ext4,
# systemd's; harness/distro.sh), overlay and stock alike. Not the sanitizer
# kernel: its runs boot the busybox initramfs only, and the fragment (the
# network stack above all) is about a fifth more to build with KASAN.
[ "$arch" = x86_64 ] && [ "$kernel" != overlay-san ] && fragments+=("$TOP/config/kexec-test-distro.config")

configure()
{
	local want
	want=$(cat "${fragments[@]}" | sha256sum)
	[ -f "$obj/.config" ] && [ "$(cat "$obj/.fragment-sum" 2>/dev/null)" = "$want" ] && return 0
	note "$kernel: configuring (tinyconfig + ${fragments[*]##*/})"
	mkdir -p "$obj"
	make -s -C "$src" O="$obj" "${archargs[@]}" tinyconfig >"$obj/config.log" 2>&1 ||
		die "$kernel: make tinyconfig failed, see $obj/config.log"
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
		"${fragments[@]}" >>"$obj/config.log" 2>&1 ||
		die "$kernel: merging the config fragment failed, see $obj/config.log"
	make -s -C "$src" O="$obj" "${archargs[@]}" olddefconfig >>"$obj/config.log" 2>&1 ||
		die "$kernel: make olddefconfig failed, see $obj/config.log"
	check_fragment_applied
	echo "$want" >"$obj/.fragment-sum"
}

# Kconfig silently drops options whose dependencies are unmet; a dropped
# option would make the tests measure something else, so refuse it. A
# symbol a later fragment sets again is checked at its last value.
check_fragment_applied()
{
	local line sym bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*=*) sym=${line%%=*} ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
		*) continue ;;
		esac
		if ! grep -qxF "$line" "$obj/.config"; then
			echo "error: $kernel: '$line' did not survive olddefconfig (now: $(grep -E "^(# )?${sym}[= ]" "$obj/.config" || echo absent))" >&2
			bad=1
		fi
	done < <(cat "${fragments[@]}" | fragment_lines)
	[ $bad = 0 ] || { rm -f "$obj/.config"; die "$kernel: config fragment not applied"; }
}

# The fragments' CONFIG_ lines (set or not set), the last one of each symbol.
fragment_lines()
{
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1 &/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1 &/p' |
		tac | awk '!seen[$1]++ { sub(/^[^ ]* /, ""); print }' | tac
}

# Make build/src a copy of this variant's tree. rsync -a keeps each file's
# mtime, so make in obj sees exactly the files that differ from the tree it
# last built from as changed: stock's files carry the tarball's times,
# older than any object, and the overlay's their own.
stage_source()
{
	mkdir -p "$src"
	rsync -a --delete --exclude=/.extracted --exclude=/.kexec-overlay-placed \
		"$tree/" "$src/" || die "$kernel: copying $tree to $src failed"
}

# ccache's direct mode, which skips the preprocessor, checks every header a
# file included; autoconf.h differs between the variants only by the
# overlay-only symbols, which no file both trees share can use. Hash the
# config without them (any other difference still misses) instead of
# autoconf.h itself, so stock's unchanged files hit without preprocessing.
ccache_config()
{
	grep -vFf <(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/#define \1 /p' "$TOP/config/overlay-only.config") \
		"$obj/include/generated/autoconf.h" >"$obj/.ccache-config"
	export CCACHE_EXTRAFILES=$obj/.ccache-config
	export CCACHE_IGNOREHEADERS=include/generated/autoconf.h
}

# One build at a time owns build/src (make run beside make check).
exec 9>"$BUILD/src.lock"
flock 9
stage_source
configure
make -s -C "$src" O="$obj" "${archargs[@]}" syncconfig >>"$obj/config.log" 2>&1 ||
	die "$kernel: make syncconfig failed, see $obj/config.log"
ccache_config
note "$kernel: building ${image##*/}"
start=$(date +%s)
ccache -z >/dev/null
# arm64 also builds the EFI zboot image of the same kernel (CONFIG_EFI_ZBOOT),
# arch/arm64/boot/vmlinuz.efi, which harness/zimage.py turns into test images.
targets=("${image##*/}")
[ "$arch" = arm64 ] && targets+=(vmlinuz.efi)
make -s -C "$src" O="$obj" "${archargs[@]}" -j"$JOBS" LOCALVERSION=-"${kernel%-arm64}" "${targets[@]}" >"$obj/build.log" 2>&1 || {
	grep -E 'error|Error' "$obj/build.log" | head -20 >&2
	die "$kernel: kernel build failed, see $obj/build.log"
}
hits=$(ccache --print-stats | awk -F'\t' '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { n += $2 } END { print n + 0 }')
misses=$(ccache --print-stats | awk -F'\t' '$1 == "cache_miss" { print $2 }')
note "$kernel: $(cat "$obj/include/config/kernel.release") built in $(($(date +%s) - start))s (ccache: $hits reused, $misses compiled)"
