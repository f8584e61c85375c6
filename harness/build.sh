#!/usr/bin/env bash
# Configure and build bzImage for a variant (overlay or stock), out of tree
# in build/obj-VARIANT. The config is tinyconfig plus config/kexec-test.config
# and is regenerated only when the fragment changes. The release is
# 6.1.y-VARIANT, so stage 2 can tell which kernel it is running.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: build.sh overlay|stock}
src=$(variant_src "$variant")
obj=$(variant_obj "$variant")

# The fragments this variant merges on top of tinyconfig.
fragments=("$CONFIG_FRAGMENT")
[ "$variant" = overlay ] && fragments+=("$TOP/config/overlay-only.config")

configure()
{
	local want
	want=$(cat "${fragments[@]}" | sha256sum)
	[ -f "$obj/.config" ] && [ "$(cat "$obj/.fragment-sum" 2>/dev/null)" = "$want" ] && return 0
	note "$variant: configuring (tinyconfig + ${fragments[*]##*/})"
	mkdir -p "$obj"
	make -s -C "$src" O="$obj" tinyconfig >"$obj/config.log" 2>&1 ||
		die "$variant: make tinyconfig failed, see $obj/config.log"
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
		"${fragments[@]}" >>"$obj/config.log" 2>&1 ||
		die "$variant: merging the config fragment failed, see $obj/config.log"
	make -s -C "$src" O="$obj" olddefconfig >>"$obj/config.log" 2>&1 ||
		die "$variant: make olddefconfig failed, see $obj/config.log"
	check_fragment_applied
	echo "$want" >"$obj/.fragment-sum"
}

# Kconfig silently drops options whose dependencies are unmet; a dropped
# option would make the tests measure something else, so refuse it.
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
			echo "error: $variant: '$line' did not survive olddefconfig (now: $(grep -E "^(# )?${sym}[= ]" "$obj/.config" || echo absent))" >&2
			bad=1
		fi
	done < <(cat "${fragments[@]}")
	[ $bad = 0 ] || { rm -f "$obj/.config"; die "$variant: config fragment not applied"; }
}

configure
note "$variant: building bzImage"
start=$(date +%s)
make -s -C "$src" O="$obj" -j"$JOBS" LOCALVERSION=-"$variant" bzImage >"$obj/build.log" 2>&1 || {
	grep -E 'error|Error' "$obj/build.log" | head -20 >&2
	die "$variant: kernel build failed, see $obj/build.log"
}
note "$variant: $(cat "$obj/include/config/kernel.release") built in $(($(date +%s) - start))s"
