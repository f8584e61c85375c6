#!/usr/bin/env bash
# The project as a kernel patch series against the pristine base:
#
#   series.sh coverage            which patch holds each file (or what is wrong)
#   series.sh generate            write build/series/ (cover letter and one
#                                 git format-patch file per patch), print it
#   series.sh check RESULTS       the fast checks, one result line each,
#                                 appended to RESULTS (make check)
#   series.sh build-check [RESULTS]
#                                 apply the series one patch at a time and
#                                 build the test kernel after each, run the
#                                 hosted tests and checkpatch (make series-check)
#
# How the series is cut is data: config/series/NN-name, one file per patch in
# order, and config/series/cover for the cover letter (see config/series/README).
# Every owned file, every patches/ entry and MAINTAINERS is in exactly one
# patch; the commits are built from those lists, so the last one's tree is
# the overlay tree, which 'check' verifies after 'git am' on the base.
#
# The base is a git repository made once from the pristine tree and cached:
# build/series-base.git (tag "base"), with its working tree build/series-work
# (a copy of the base, never the base itself), where 'git am' runs and the
# per-patch builds take their sources; their objects go to build/obj-series.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/allow-list.sh"

SERIES_CFG=$TOP/config/series
OUT=$BUILD/series
GIT_BASE=$BUILD/series-base.git
WORK=$BUILD/series-work
# A second checkout of the base for 'check', so that it can run while
# 'build-check' holds build/series-work.
AM_TREE=$BUILD/series-am
# 'check' (make check) needs no build of the base: with SLIM set, the three
# above are a slim copy (base_files), made in seconds instead of minutes.
SLIM=
OBJ=$BUILD/obj-series
LOGS=$BUILD/series-logs
# Author and signer of every patch, as in MAINTAINERS.
AUTHOR_NAME="kexec rewrite maintainers"
AUTHOR_EMAIL="kexec@lists.infradead.org"

# ---- the series data -------------------------------------------------------

# The patch files in order.
series_files()
{
	find "$SERIES_CFG" -maxdepth 1 -type f -name '[0-9][0-9]-*' | sort
}

# The value of header $2 ("Subject", ...) of data file $1.
header()
{
	awk -v h="$2:" '/^$/ { exit } $1 == h { sub(/^[^:]*:[ \t]*/, ""); print; exit }' "$1"
}

# The entries of the Files: header of data file $1, one per line.
entries()
{
	awk '
		/^$/ { exit }
		/^Files:/ { infiles = 1; next }
		/^[^ \t]/ { infiles = 0 }
		infiles { sub(/#.*/, ""); gsub(/[ \t]/, ""); if ($0 != "") print }
	' "$1"
}

# The commit message body of data file $1: everything after the headers.
body()
{
	sed '1,/^$/d' "$1"
}

# Every unit a patch can hold: the owned files, patches/NAME for each
# patch in patches/series, and MAINTAINERS.
units()
{
	owned_files
	patch_series | sed 's|^|patches/|'
	echo MAINTAINERS
}

# Map each unit to the patch holding it: prints "UNIT<TAB>DATAFILE" and
# fails, naming the unit and the patches, when a unit is in none or in two,
# or when an entry names nothing.
assign_units()
{
	local f e hits bad=0 all
	local -A owner=()
	all=$(units)
	for f in $(series_files); do
		header "$f" Subject | grep -q . ||
			{ echo "error: ${f#"$TOP/"} has no Subject: header" >&2; bad=1; }
		for e in $(entries "$f"); do
			if [[ "$e" = */ ]]; then
				hits=$(grep -F -- "$e" <<<"$all" | awk -v p="$e" 'index($0, p) == 1')
			else
				hits=$(grep -xF -- "$e" <<<"$all" || true)
			fi
			if [ -z "$hits" ]; then
				echo "error: ${f#"$TOP/"} lists '$e', which is no owned file, patches/ entry or MAINTAINERS" >&2
				bad=1
				continue
			fi
			while read -r e; do
				if [ -n "${owner[$e]:-}" ]; then
					echo "error: $e is in two patches: ${owner[$e]#"$TOP/"} and ${f#"$TOP/"}" >&2
					bad=1
				fi
				owner[$e]=$f
			done <<<"$hits"
		done
	done
	while read -r e; do
		if [ -z "${owner[$e]:-}" ]; then
			echo "error: $e is in no patch: add it to the config/series/NN-* file of the patch that needs it" >&2
			bad=1
		else
			printf '%s\t%s\n' "$e" "${owner[$e]#"$TOP/"}"
		fi
	done <<<"$all"
	return $bad
}

# The name of the base's MAINTAINERS entry the project's entry replaces:
# the Replaces-entry: header of the patch that holds MAINTAINERS.
replaced_entry()
{
	local f
	for f in $(series_files); do
		entries "$f" | grep -qxF MAINTAINERS && header "$f" Replaces-entry
	done
	return 0
}

# ---- the base repository ---------------------------------------------------

git_base()
{
	git --git-dir="$GIT_BASE" --work-tree="$WORK" "$@"
}

# Make build/series-base.git and build/series-work once from the pristine
# tree: a copy, so nothing is ever written into build/base.
ensure_base_repo()
{
	git_base rev-parse -q --verify refs/tags/base >/dev/null 2>&1 && [ -f "$WORK/MAINTAINERS" ] &&
		{ [ -n "$SLIM" ] || [ -f "$WORK/Makefile" ]; } && [ "$(cat "$WORK.files" 2>/dev/null)" = "$(base_files)" ] &&
		return 0
	[ -f "$BASE_TREE/.extracted" ] || bash "$TOP/harness/tree.sh" --base-only
	rm -rf "$GIT_BASE" "$WORK" "$AM_TREE"
	if [ -n "$SLIM" ]; then
		note "series: making the slim base repository (the base's copies of the files the series touches)"
		mkdir -p "$WORK"
		base_files | (cd "$BASE_TREE" && xargs cp --parents -a -t "$WORK") ||
			die "copying the base's files to $WORK failed"
	else
		note "series: making the base repository (once, about 2 minutes)"
		cp -a "$BASE_TREE/." "$WORK/" || die "copying the base tree to $WORK failed"
		rm -f "$WORK/.extracted"
	fi
	git init -q --bare "$GIT_BASE"
	git --git-dir="$GIT_BASE" config core.bare false
	git --git-dir="$GIT_BASE" config core.worktree "$WORK"
	git_base config gc.auto 0
	# -f: the tarball has files its own .gitignore files would hide.
	echo "gitdir: $GIT_BASE" >"$WORK/.git"
	git -C "$WORK" add -f -A || die "git add of the base failed"
	git -C "$WORK" -c user.name=base -c user.email=base@localhost commit -q \
		-m "Linux $(make -s -C "$BASE_TREE" kernelversion) (Debian $BASE_NAME)" ||
		die "committing the base failed"
	git_base tag base
	base_files >"$WORK.files"
}

# What the base repository holds: the whole base tree, or with SLIM the
# base's copies of the files the series touches (owned files the base has,
# the patched files, MAINTAINERS). The patches' diffs and index lines are
# the same either way; only the per-patch build needs the whole tree.
base_files()
{
	local rel
	[ -n "$SLIM" ] || { echo all; return 0; }
	{
		owned_files
		for rel in $(patch_series); do patch_targets "$TOP/patches/$rel"; done
		echo MAINTAINERS
	} | sort -u | while read -r rel; do
		[ -f "$BASE_TREE/$rel" ] && echo "$rel"
	done
	return 0
}

# ---- generation ------------------------------------------------------------

# The project's MAINTAINERS entry with only the F: lines whose pattern
# matches one of the files listed in $1 (one per line); "all" keeps all.
project_entry()
{
	local have=$1 line pat f
	while IFS= read -r line; do
		case "$line" in
		F:*) ;;
		*) echo "$line"; continue ;;
		esac
		pat=${line#F:}
		pat=${pat#"${pat%%[! 	]*}"}
		if [ "$have" = all ]; then
			echo "$line"
			continue
		fi
		while read -r f; do
			# shellcheck disable=SC2053 # MAINTAINERS patterns are globs
			if { [[ "$pat" = */ ]] && [[ "$f" = "$pat"* ]]; } || [[ "$f" == $pat ]]; then
				echo "$line"
				break
			fi
		done <<<"$have"
	done <"$TOP/MAINTAINERS"
}

# MAINTAINERS for a step: the base's, with the project's entry ($1, a file)
# right after the entry named $2 or, if $3 is "replace", instead of it.
maintainers_with()
{
	awk -v name="$2" -v mode="$3" -v entry="$1" '
		function put() { while ((getline l < entry) > 0) print l; close(entry) }
		!done && $0 == name { inside = 1 }
		inside && $0 == "" {
			inside = 0; done = 1
			if (mode != "replace") print ""
			put(); print ""; next
		}
		inside && mode == "replace" { next }
		{ print }
	' "$BASE_TREE/MAINTAINERS"
}

# The content of patches/ targets after the patches/ entries listed in $2
# (names, one per line) are applied to the base, in patches/series order,
# into directory $1.
stage_patches()
{
	local stage=$1 want=$2 p rel
	rm -rf "$stage"
	mkdir -p "$stage"
	for p in $(patch_series); do
		grep -qxF "$p" <<<"$want" || continue
		for rel in $(patch_targets "$TOP/patches/$p"); do
			[ -f "$stage/$rel" ] && continue
			mkdir -p "$(dirname "$stage/$rel")"
			[ -f "$BASE_TREE/$rel" ] && cp "$BASE_TREE/$rel" "$stage/$rel"
		done
		patch -s -p1 -d "$stage" --no-backup-if-mismatch <"$TOP/patches/$p" >&2 ||
			die "patches/$p does not apply at this point of the series"
	done
}

# Index lines ("MODE SHA<TAB>PATH") for the files named on stdin as
# "PATH<TAB>CONTENT-FILE", the contents written as blobs; for
# 'git update-index --index-info', one call per step: the index of the
# whole base is large, and every update-index call rewrites it.
index_lines()
{
	local rel src mode
	local -a rels=() srcs=()
	while IFS=$'\t' read -r rel src; do
		rels+=("$rel")
		srcs+=("$src")
	done
	[ ${#rels[@]} = 0 ] && return 0
	paste <(printf '%s\n' "${srcs[@]}" | git --git-dir="$GIT_BASE" hash-object -w --stdin-paths) \
		<(printf '%s\n' "${rels[@]}") <(printf '%s\n' "${srcs[@]}") |
		while IFS=$'\t' read -r sha rel src; do
			mode=100644
			[ -x "$src" ] && mode=100755
			printf '%s %s\t%s\n' "$mode" "$sha" "$rel"
		done
}

# The commits, one per data file, on top of the tag "base"; prints the last.
build_commits()
{
	local map=$1 tmp f u parent tree msg applied="" added="" entry replaced="" rel
	local date
	tmp=$(mktemp -d)
	date=$(git -C "$TOP" log -1 --format=%aD 2>/dev/null || date -R)
	export GIT_INDEX_FILE=$tmp/index
	git --git-dir="$GIT_BASE" read-tree base
	parent=$(git --git-dir="$GIT_BASE" rev-parse base)
	for f in $(series_files); do
		: >"$tmp/put"
		while IFS=$'\t' read -r u _; do
			case "$u" in
			patches/*) applied+="${u#patches/}"$'\n' ;;
			MAINTAINERS) replaced=$(replaced_entry) ;;
			*) printf '%s\t%s\n' "$u" "$TOP/$u" >>"$tmp/put"; added+="$u"$'\n' ;;
			esac
		done < <(awk -F'\t' -v f="${f#"$TOP/"}" '$2 == f' "$map")
		if [ -n "$applied" ]; then
			stage_patches "$tmp/stage" "$applied"
			(cd "$tmp/stage" && find . -type f | sed 's|^\./||') | while read -r rel; do
				printf '%s\t%s\n' "$rel" "$tmp/stage/$rel"
			done >>"$tmp/put"
		fi
		# The project's entry grows with the files each patch adds, so no
		# patch adds a file MAINTAINERS does not cover; the patch holding
		# MAINTAINERS takes over the base's entry.
		entry=$tmp/entry
		if [ -n "$replaced" ]; then
			project_entry all >"$entry"
			maintainers_with "$entry" "$replaced" replace >"$tmp/MAINTAINERS"
		else
			project_entry "${added%$'\n'}" >"$entry"
			maintainers_with "$entry" "$(replaced_entry)" after >"$tmp/MAINTAINERS"
		fi
		[ -n "$added" ] && printf 'MAINTAINERS\t%s\n' "$tmp/MAINTAINERS" >>"$tmp/put"
		index_lines <"$tmp/put" | git --git-dir="$GIT_BASE" update-index --index-info ||
			die "updating the index for ${f#"$TOP/"} failed"
		tree=$(git --git-dir="$GIT_BASE" write-tree)
		msg=$tmp/msg
		{
			header "$f" Subject
			echo
			body "$f" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
			echo
			echo "Signed-off-by: $AUTHOR_NAME <$AUTHOR_EMAIL>"
		} >"$msg"
		parent=$(GIT_AUTHOR_NAME=$AUTHOR_NAME GIT_AUTHOR_EMAIL=$AUTHOR_EMAIL \
			GIT_COMMITTER_NAME=$AUTHOR_NAME GIT_COMMITTER_EMAIL=$AUTHOR_EMAIL \
			GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date \
			git --git-dir="$GIT_BASE" commit-tree "$tree" -p "$parent" -F "$msg")
	done
	unset GIT_INDEX_FILE
	rm -rf "$tmp"
	echo "$parent"
}

# The section of README.md whose heading starts with $1, without the heading.
readme_section()
{
	awk -v h="## $1" 'index($0, h) == 1 { on = 1; next } on && /^## / { exit } on' "$TOP/README.md"
}

# Fill in format-patch's cover letter template from config/series/cover.
write_cover()
{
	local cover=$1 blurb
	blurb=$(mktemp)
	{
		body "$SERIES_CFG/cover" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
		echo
		echo "Figures (from README.md, \"How long it takes\"):"
		# The table as "- step: time" lines: mail is read as plain text.
		readme_section "How long it takes" | awk -F' [|] ' '
			/^\| (step|---) / { next }
			/^\| / { sub(/^\| /, "", $1); sub(/ \|$/, "", $2); print "- " $1 ": " $2; next }
			{ print }
		' | tr -d '`' | awk '
			# Wrap at 72 columns, items with a hanging indent.
			length($0) <= 72 { print; next }
			{
				n = split($0, w, " "); line = w[1]
				for (i = 2; i <= n; i++) {
					if (length(line) + 1 + length(w[i]) > 72) { print line; line = "  " w[i] }
					else line = line " " w[i]
				}
				print line
			}
		' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
	} >"$blurb"
	# The patches' date rather than now, so the same tree gives the same series.
	awk -v subject="$(header "$SERIES_CFG/cover" Subject)" -v blurb="$blurb" \
		-v date="$(git --git-dir="$GIT_BASE" log -1 --format=%aD series)" '
		/^Date: / && !dated { print "Date: " date; dated = 1; next }
		/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
		/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < blurb) > 0) print l; next }
		{ print }
	' "$cover" >"$cover.new"
	mv "$cover.new" "$cover"
	rm -f "$blurb"
}

# One generation at a time: 'check' and 'build-check' share the base
# repository and build/series.
generate()
{
	mkdir -p "$BUILD"
	(
		flock -w 900 9 || die "another series.sh holds $BUILD/.series.lock"
		generate_locked
	) 9>"$BUILD/.series.lock"
}

generate_locked()
{
	local map head n
	ensure_base_repo
	map=$(mktemp)
	assign_units >"$map" || { rm -f "$map"; die "config/series does not cover the project exactly once"; }
	head=$(build_commits "$map")
	rm -f "$map"
	git --git-dir="$GIT_BASE" update-ref refs/heads/series "$head"
	rm -rf "$OUT"
	mkdir -p "$OUT"
	n=$(git --git-dir="$GIT_BASE" rev-list --count base..series)
	git --git-dir="$GIT_BASE" -c user.name="$AUTHOR_NAME" -c user.email="$AUTHOR_EMAIL" \
		format-patch -q --cover-letter --no-signature --zero-commit -o "$OUT" base..series ||
		die "git format-patch failed"
	write_cover "$OUT/0000-cover-letter.patch"
	note "series: $n patches and a cover letter"
	echo "$OUT"
}

# ---- checks ----------------------------------------------------------------

result()
{
	echo "$1 series/$2${3:+: $3}" >>"$results"
	echo "    $1 series/$2${3:+: $3}" >&2
}

# The patch files of the generated series, without the cover letter.
series_patches()
{
	find "$OUT" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-cover-letter.patch' | sort
}

# The data file's name for generated patch $1 (NNNN-subject.patch).
patch_name()
{
	local n
	n=$(basename "$1" | cut -c1-4)
	basename "$(series_files | sed -n "$((10#$n))p")"
}

# Run the hosted test binaries in $1/out (not the compiler's .d files).
hosted_run()
{
	local bins
	mapfile -t bins < <(cd "$1" && find out -maxdepth 1 -type f -name 'test_*' ! -name '*.d' | sort)
	(cd "$1" && ./run_tests.sh "${bins[@]}")
}

# Reset checkout $1 to the base, dropping anything a build left there.
reset_work()
{
	git -C "$1" am --abort >/dev/null 2>&1 || true
	git -C "$1" reset -q --hard base
	git -C "$1" clean -q -fdx
}

# git am in checkout $1 of the patches $2...
am()
{
	local tree=$1
	shift
	git -C "$tree" -c user.name="$AUTHOR_NAME" -c user.email="$AUTHOR_EMAIL" am -q "$@"
}

# The checkout 'check' uses: a clone sharing the base repository's objects.
ensure_am_tree()
{
	git -C "$AM_TREE" rev-parse -q --verify refs/tags/base >/dev/null 2>&1 && return 0
	note "series: checking out the base for git am (once)"
	rm -rf "$AM_TREE"
	git clone -q --shared --no-checkout "$GIT_BASE" "$AM_TREE" &&
		git -C "$AM_TREE" checkout -q --detach base ||
		die "checking out the base in $AM_TREE failed"
}

# Where checkpatch's output on patch $1 goes.
checkpatch_out()
{
	echo "$LOGS/$(basename "$1" .patch).checkpatch"
}

# checkpatch --strict on the patches named on stdin, $JOBS at a time. From
# the base tree, which has no .git: checkpatch then does not run
# scripts/spdxcheck.py, as in lint.sh.
checkpatch_run()
{
	(cd "$BASE_TREE" && xargs -P "$JOBS" -I{} sh -c '
		out=$1/$(basename "$2" .patch).checkpatch
		scripts/checkpatch.pl --strict --show-types --no-summary --quiet "$2" >"$out" 2>&1
		true' sh "$LOGS" {})
}

# One result for patch $1 from its checkpatch output: findings not in
# config/lint-allow fail.
checkpatch_gate()
{
	local p=$1 name out bad
	name=checkpatch/$(patch_name "$p")
	out=$(checkpatch_out "$p")
	mapfile -t bad < <(unallowed_findings "$out")
	if [ ${#bad[@]} = 0 ]; then
		result pass "$name"
	else
		result fail "$name" "${bad[*]} (see ${out#"$BUILD/"})"
		sed 's/^/      | /' "$out" >&2
	fi
}

# The tree after 'git am' against the overlay tree: every file the series
# changes is owned, patched or MAINTAINERS and equal to the overlay's, and
# every owned or patched file is changed.
identity()
{
	local rel bad=() expected changed
	expected=$(mktemp)
	changed=$(mktemp)
	{
		owned_files
		for rel in $(patch_series); do patch_targets "$TOP/patches/$rel"; done
		echo MAINTAINERS
	} | sort -u >"$expected"
	git -C "$AM_TREE" diff --no-renames --name-only base HEAD | sort -u >"$changed"
	while read -r rel; do
		bad+=("$rel differs from the base but is neither owned nor patched")
	done < <(comm -13 "$expected" "$changed")
	while read -r rel; do
		bad+=("$rel is not changed by the series")
	done < <(comm -23 "$expected" "$changed")
	while read -r rel; do
		[ "$rel" = MAINTAINERS ] && continue
		cmp -s "$AM_TREE/$rel" "$OVERLAY_TREE/$rel" ||
			bad+=("$rel differs from build/overlay")
	done < <(comm -12 "$expected" "$changed")
	# MAINTAINERS: the base's, with the repository's entry verbatim in
	# place of the base's entry it replaces.
	project_entry all >"$expected.entry"
	maintainers_with "$expected.entry" "$(replaced_entry)" replace >"$expected.m"
	cmp -s "$AM_TREE/MAINTAINERS" "$expected.m" ||
		bad+=("MAINTAINERS is not the base's with the entry of ./MAINTAINERS in place of its $(replaced_entry) entry")
	rm -f "$expected" "$expected.entry" "$expected.m" "$changed"
	if [ ${#bad[@]} = 0 ]; then
		result pass identity
	else
		result fail identity "$(printf '%s; ' "${bad[@]}")"
	fi
}

check()
{
	local out p log
	results=${1:?usage: series.sh check RESULTS_FILE}
	SLIM=1 GIT_BASE=$BUILD/series-slim.git WORK=$BUILD/series-slim-work AM_TREE=$BUILD/series-slim-am
	mkdir -p "$(dirname "$results")" "$LOGS"
	log=$LOGS/coverage.log
	if ! assign_units >/dev/null 2>"$log"; then
		result fail coverage "$(sed 's/^error: //' "$log" | tr '\n' ';')"
		return 0
	fi
	result pass coverage
	log=$LOGS/generate.log
	if ! out=$(generate 2>"$log"); then
		result fail generate "$(grep -m 3 '^error:' "$log" | tr '\n' ' ')(see ${log#"$BUILD/"})"
		return 0
	fi
	result pass generate
	ensure_am_tree
	reset_work "$AM_TREE"
	mapfile -t patches < <(series_patches)
	if am "$AM_TREE" "${patches[@]}" >"$LOGS/am.log" 2>&1; then
		result pass am
		bash "$TOP/harness/tree.sh" >>"$LOGS/tree.log" 2>&1 ||
			die "tree.sh failed, see $LOGS/tree.log"
		identity
	else
		result fail am "$(grep -m 2 -E 'error|fail|Patch failed' "$LOGS/am.log" | tr '\n' ' ')(see ${LOGS#"$BUILD/"}/am.log)"
		git -C "$AM_TREE" am --abort >/dev/null 2>&1 || true
	fi
	rm -f "$LOGS"/*.checkpatch
	printf '%s\n' "${patches[@]}" | checkpatch_run
	for p in "${patches[@]}"; do
		checkpatch_gate "$p"
	done
}

# ---- the per-patch build ---------------------------------------------------

# The test kernel's config, as build.sh makes it for the overlay: tinyconfig
# plus the fragments. Regenerated at every step, as a patch may add Kconfig
# symbols; Kbuild rebuilds only what a changed option touches. Prints the
# fragment lines that did not survive (a symbol the tree does not have yet).
configure_step()
{
	local line
	mkdir -p "$OBJ"
	{
		make -s -C "$WORK" O="$OBJ" tinyconfig &&
			"$WORK/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" \
				"$CONFIG_FRAGMENT" "$TOP/config/overlay-only.config" &&
			make -s -C "$WORK" O="$OBJ" olddefconfig
	} >"$LOGS/config.log" 2>&1 || return 1
	while read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$OBJ/.config" || echo "$line" ;;
		esac
	done < <(cat "$CONFIG_FRAGMENT" "$TOP/config/overlay-only.config")
}

# Build step $1 (a name) in $WORK's current state.
build_step()
{
	local name=$1 start dropped log=$LOGS/build-$1.log
	start=$(date +%s)
	# A patch that changes only files Kbuild never reads leaves the
	# previous step's kernel as it was.
	if [ "$name" != 00-base ] && ! git -C "$WORK" diff --name-only HEAD~1 HEAD |
		grep -qvE '^(tools/|Documentation/|MAINTAINERS$)'; then
		result pass "build/$name" "nothing the kernel build reads changed"
	elif ! dropped=$(configure_step); then
		result fail "build/$name" "configuring failed (see ${LOGS#"$BUILD/"}/config.log)"
	elif make -s -C "$WORK" O="$OBJ" -j"$JOBS" LOCALVERSION=-series bzImage >"$log" 2>&1; then
		result pass "build/$name" "$(($(date +%s) - start))s${dropped:+, not yet in Kconfig: $(echo "$dropped" | tr '\n' ' ')}"
	else
		result fail "build/$name" "$(grep -m 2 -E 'error' "$log" | tr '\n' ' ')(see ${log#"$BUILD/"})"
	fi
	# The hosted tests of the pure files, once the harness is there.
	[ -f "$WORK/tools/testing/kexec/Makefile" ] || return 0
	log=$LOGS/hosted-$name.log
	if ! compgen -G "$WORK/tools/testing/kexec/test_*.c" >/dev/null; then
		result pass "hosted/$name" "no tests yet"
	elif make -s -C "$WORK/tools/testing/kexec" -j"$JOBS" all >"$log" 2>&1 &&
		hosted_run "$WORK/tools/testing/kexec" >>"$log" 2>&1; then
		result pass "hosted/$name" "$(tail -n 1 "$log")"
	else
		result fail "hosted/$name" "$(tail -n 1 "$log") (see ${log#"$BUILD/"})"
	fi
}

build_check()
{
	local p name
	results=${1:-$BUILD/results/series-check}
	# Its own logs: 'check' may run meanwhile.
	LOGS=$BUILD/series-check-logs
	rm -rf "$LOGS"
	mkdir -p "$(dirname "$results")" "$LOGS"
	generate >/dev/null || die "generating the series failed"
	# A copy: 'check' may regenerate build/series meanwhile.
	(
		flock -w 900 9 || die "another series.sh holds $BUILD/.series.lock"
		rm -rf "$BUILD/series-checked"
		cp -r "$OUT" "$BUILD/series-checked"
	) 9>"$BUILD/.series.lock"
	reset_work "$WORK"
	build_step 00-base
	for p in $(OUT=$BUILD/series-checked series_patches); do
		name=$(patch_name "$p")
		if ! am "$WORK" "$p" >"$LOGS/am-$name.log" 2>&1; then
			result fail "am/$name" "see ${LOGS#"$BUILD/"}/am-$name.log"
			return 0
		fi
		echo "$p" | checkpatch_run
		checkpatch_gate "$p"
		build_step "$name"
	done
	note "series: per-patch results in $results"
}

main()
{
	case "${1:-}" in
	base) ensure_base_repo ;;
	coverage) assign_units ;;
	generate) generate ;;
	check) shift; check "$@" ;;
	build-check) shift; build_check "$@" ;;
	*) die "usage: series.sh coverage | generate | check RESULTS_FILE | build-check [RESULTS_FILE]" ;;
	esac
}

# One line, so that bash has read it all before running: editing this file
# during a long build-check does not change what the running one does.
main "$@"; exit $?
