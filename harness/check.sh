#!/usr/bin/env bash
# Every test: check.sh [both|overlay|stock]
# Builds what is needed, runs the hosted unit tests, the lint gates
# (checkpatch, W=1, sparse) and the KUnit suites through kunit.py, and the
# QEMU kexec matrix (with the kexec kselftests) against the overlay kernel
# and/or the unpatched base, prints the results
# side by side, TAP, and a closing "N passed, N failed, N skipped" line. Exit
# status is non-zero if anything failed or could not run.
. "$(dirname "$0")/lib.sh"

which=${1:-both}
case "$which" in
both) variants=(overlay stock) ;;
overlay | stock) variants=("$which") ;;
*) die "BASE must be both, overlay or stock, not '$which'" ;;
esac

results=$BUILD/results
rm -rf "$results" "$BUILD/logs"
mkdir -p "$results"

# run_step NAME COMMAND...: a step that must succeed for the rest to mean
# anything; its failure is a failed result, not a silent stop.
run_step()
{
	local name=$1
	shift
	if "$@"; then
		echo "pass setup/$name" >>"$results/$scope"
	else
		echo "fail setup/$name: exited $?" >>"$results/$scope"
		return 1
	fi
}

# Hosted unit tests: their TAP becomes results of the overlay.
hosted_tests()
{
	local out=$BUILD/logs/hosted.log line
	mkdir -p "$BUILD/logs"
	make -s -C "$TOP/tools/testing/kexec" check >"$out" 2>&1 || true
	while read -r line; do
		tap_result "$line" hosted
	done <"$out" >>"$results/overlay"
	grep -q '^[0-9]* passed, 0 failed$' "$out" ||
		echo "fail hosted/run: $(tail -n 1 "$out")" >>"$results/overlay"
}

# Each file in config/replaced-files must be the project's own, placed
# byte-identical in the overlay tree, and (for sources) compiled from there:
# its object must be at least as new as the placed file.
check_replaced()
{
	local rel obj why
	while read -r rel; do
		why=""
		obj=$BUILD/obj-overlay/${rel%.*}.o
		if ! owned_files | grep -qxF "$rel"; then
			why="still the base's file"
		elif ! cmp -s "$TOP/$rel" "$OVERLAY_TREE/$rel"; then
			why="overlay tree copy differs"
		elif [[ "$rel" = *.[cS] ]] && [ ! -f "$obj" ]; then
			why="${obj#"$BUILD/"} was not built"
		elif [[ "$rel" = *.[cS] ]] && [ "$OVERLAY_TREE/$rel" -nt "$obj" ]; then
			why="${obj#"$BUILD/"} is older than the source"
		fi
		if [ -n "$why" ]; then
			echo "fail replaced/$rel: $why"
		else
			echo "pass replaced/$rel"
		fi
	done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/config/replaced-files") >>"$results/overlay"
}

# Away from a test machine the kselftests must skip, never pass: each
# installed program, run on this host as an unprivileged user, must exit 4
# (KSFT_SKIP) and say why.
host_skips()
{
	local dir=$BUILD/guest/kselftest/kexec prog out rc run=()
	[ "$(id -u)" = 0 ] && run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	for prog in $(cut -d: -f2 "$BUILD/guest/kselftest/kselftest-list.txt"); do
		rc=0
		out=$(cd "$dir" && "${run[@]}" "./$prog" 2>&1) || rc=$?
		if [ $rc = 4 ] && [ -n "$out" ]; then
			echo "pass kselftest/host/$prog-skips-unprivileged"
		else
			echo "fail kselftest/host/$prog-skips-unprivileged: exit $rc, want 4: $(echo "$out" | tail -n 1)"
		fi
	done >>"$results/overlay"
}

list_owned()
{
	local rel replaced=0 added=0
	echo "# Base files this project replaces:"
	while read -r rel; do
		if [ -f "$BASE_TREE/$rel" ]; then
			echo "#   $rel"
			replaced=$((replaced + 1))
		else
			added=$((added + 1))
		fi
	done < <(owned_files)
	echo "# ($replaced replaced, $added added by the project, $(patch_series | wc -l) patches)"
}

bash "$TOP/harness/deps.sh"
# One tree.sh prepares both trees: the pristine base and the overlay.
tree_ok=0
bash "$TOP/harness/tree.sh" && tree_ok=1
for v in "${variants[@]}"; do
	scope=$v
	if [ $tree_ok = 1 ]; then
		echo "pass setup/tree" >>"$results/$v"
		run_step build bash "$TOP/harness/build.sh" "$v" || true
	else
		echo "fail setup/tree: harness/tree.sh failed" >>"$results/$v"
	fi
done
if [[ " ${variants[*]} " = *" overlay "* ]]; then
	# The hosted tests also parse Debian's stock kernel: fetch it first.
	bash "$TOP/harness/debian-kernel.sh" >/dev/null
	hosted_tests
	# The lint gates and kunit.py: about the project's files, so overlay only.
	scope=overlay
	if ! grep -q '^fail setup/build' "$results/overlay"; then
		run_step lint bash "$TOP/harness/lint.sh" || true
	fi
	[ $tree_ok = 1 ] && { run_step kunit.py bash "$TOP/harness/kunit.sh" || true; }
fi
bash "$TOP/harness/initramfs.sh" stage2
# The kexec kselftest target, installed once for both kernels' initramfs.
ksft_ok=0
[ $tree_ok = 1 ] && bash "$TOP/harness/kselftest.sh" && ksft_ok=1
[ $ksft_ok = 1 ] && [[ " ${variants[*]} " = *" overlay "* ]] && host_skips
for v in "${variants[@]}"; do
	if [ $ksft_ok = 1 ]; then
		echo "pass setup/kselftest-install" >>"$results/$v"
	else
		echo "fail setup/kselftest-install: harness/kselftest.sh failed" >>"$results/$v"
	fi
done
for v in "${variants[@]}"; do
	grep -q '^fail setup/' "$results/$v" && continue
	scope=$v
	run_step e2e bash "$TOP/harness/e2e.sh" "$v" || true
	run_step kdump bash "$TOP/harness/kdump.sh" "$v" || true
done

if [[ " ${variants[*]} " = *" overlay "* ]]; then
	grep -q '^fail setup/build' "$results/overlay" || check_replaced
	list_owned
fi
bash "$TOP/harness/report.sh" "${variants[@]}"
! cat "$results"/* | grep -q '^fail '
