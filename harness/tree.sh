#!/usr/bin/env bash
# Prepare the source trees:
#   build/base/linux-source-6.1     pristine base, extracted once
#   build/overlay/linux-source-6.1  base + this repository's files + patches
# Only files whose content changed are rewritten, so an incremental kernel
# build recompiles only what the overlay changed. Ends by checking that every
# owned file in the overlay tree is byte-identical to the repository's copy.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# Marker file in the overlay tree: what the previous run put there.
STATE=$OVERLAY_TREE/.kexec-overlay-placed

extract_base()
{
	[ -f "$BASE_TREE/.extracted" ] && return 0
	[ -f "$BASE_TARBALL" ] || die "base tarball $BASE_TARBALL missing (package linux-source-6.1)"
	note "extracting $BASE_TARBALL"
	rm -rf "$BUILD/base"
	mkdir -p "$BUILD/base"
	tar xf "$BASE_TARBALL" -C "$BUILD/base" || die "extracting $BASE_TARBALL failed"
	[ -f "$BASE_TREE/Makefile" ] || die "$BASE_TARBALL did not contain $BASE_NAME/"
	touch "$BASE_TREE/.extracted"
}

# The overlay is a real copy even when build/base/linux-source-6.1 is a
# symlink to a shared extraction: cp -a of the link itself would make the
# overlay tree that link, and laying the overlay would write into the base.
copy_base_to_overlay()
{
	[ -L "$OVERLAY_TREE" ] && die "$OVERLAY_TREE is a symlink: remove build/overlay"
	[ -f "$OVERLAY_TREE/.extracted" ] && return 0
	note "creating overlay tree"
	rm -rf "$BUILD/overlay"
	mkdir -p "$OVERLAY_TREE"
	cp -a "$BASE_TREE/." "$OVERLAY_TREE/" || die "copying base tree failed"
}

# Copy $1 to $2 only if the content differs, keeping $2's mtime otherwise.
install_if_changed()
{
	cmp -s "$1" "$2" && return 0
	mkdir -p "$(dirname "$2")"
	cp "$1" "$2"
}

# Put back the base's version of a file the overlay no longer provides.
restore_from_base()
{
	local rel=$1
	if [ -f "$BASE_TREE/$rel" ]; then
		install_if_changed "$BASE_TREE/$rel" "$OVERLAY_TREE/$rel"
	else
		rm -f "$OVERLAY_TREE/$rel"
	fi
}

# Apply the series to pristine copies of the files it touches, in a staging
# directory, then install the results. Prints the files it placed.
apply_patches()
{
	local stage=$BUILD/patch-stage p rel
	rm -rf "$stage"
	mkdir -p "$stage"
	for p in $(patch_series); do
		[ -f "$TOP/patches/$p" ] || die "patches/series names $p, which does not exist"
		for rel in $(patch_targets "$TOP/patches/$p"); do
			is_owned "$rel" &&
				die "patch $p edits $rel, which the overlay owns: edit the file instead"
			[ -f "$stage/$rel" ] && continue
			mkdir -p "$(dirname "$stage/$rel")"
			if [ -f "$BASE_TREE/$rel" ]; then
				cp "$BASE_TREE/$rel" "$stage/$rel"
			fi
		done
		patch -s -p1 -d "$stage" --no-backup-if-mismatch <"$TOP/patches/$p" ||
			die "patch $p does not apply to the base"
	done
	(cd "$stage" && find . -type f | sed 's|^\./||') | while read -r rel; do
		install_if_changed "$stage/$rel" "$OVERLAY_TREE/$rel"
		echo "$rel"
	done
}

lay_overlay()
{
	local placed rel
	placed=$(mktemp)
	owned_files >"$placed.owned"
	while read -r rel; do
		install_if_changed "$TOP/$rel" "$OVERLAY_TREE/$rel"
	done <"$placed.owned"
	{ cat "$placed.owned"; apply_patches; } | sort -u >"$placed"
	# Anything placed last time but not this time goes back to the base.
	if [ -f "$STATE" ]; then
		comm -23 "$STATE" "$placed" | while read -r rel; do
			restore_from_base "$rel"
		done
	fi
	mv "$placed" "$STATE"
	rm -f "$placed.owned"
}

verify_owned()
{
	local rel bad=0
	while read -r rel; do
		if ! cmp -s "$TOP/$rel" "$OVERLAY_TREE/$rel"; then
			echo "error: $rel in the overlay tree differs from the repository" >&2
			bad=1
		fi
	done < <(owned_files)
	[ $bad = 0 ] || die "overlay tree does not hold the project's files"
}

mkdir -p "$BUILD"
extract_base
version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown)
note "base: $BASE_NAME package $version, kernel $(make -s -C "$BASE_TREE" kernelversion)"
[ "${1:-}" = --base-only ] && exit 0
copy_base_to_overlay
touch "$OVERLAY_TREE/.extracted"
lay_overlay
verify_owned
note "overlay: $(owned_files | wc -l) owned files placed and verified identical"
