#!/usr/bin/env bash
# Every test: check.sh [both|overlay|stock] [all|x86_64|arm64]
# Builds what is needed, runs the hosted unit tests, the lint gates
# (checkpatch, W=1, sparse, shellcheck) and the KUnit suites through
# kunit.py, and the QEMU kexec matrix (with the kexec kselftests and kdump)
# against the overlay kernel and/or the unpatched base, each built for x86_64
# and cross-built for arm64 (the kernels overlay, stock, overlay-arm64 and
# stock-arm64), prints the results side by side, TAP, and a closing
# "N passed, N failed, N skipped" line. Exit status is non-zero if anything
# failed or could not run.
#
# What runs, in which order and on which kernel, is the table STEPS below.
# To add a step, add a row:
#   step     its name; with "setup" below, also its result's: setup/NAME
#   kernels  "all" (each kernel checked), "x86_64" or "arm64" (that
#            architecture's kernels), or one kernel: "overlay", "stock",
#            "overlay-arm64", "stock-arm64" or "overlay-san" (checked with
#            the overlay; only the rows naming it run on it), or a
#            comma-separated list of those
#   runs     "once" (for all its kernels together), "each" (per kernel) or
#            "background" (per kernel, one kernel after the other, in one
#            job beside the steps after it; check.sh waits for it before
#            the report; its output goes to
#            build/logs/background-STEP-FIRSTKERNEL.log and is shown then;
#            a step that needs it waits for it first)
#   needs    steps (comma-separated) that must not have failed, nor been
#            left out for their own needs, on its kernels; or "-". A step
#            left out leaves "skip setup/NAME: blocked by STEP"
#   result   "setup": pass or fail setup/NAME by the exit status (the
#                     command may append its own results too, see below);
#            "results": the command prints results lines, which go to its
#                     kernels' results files; its exit status is ignored;
#            "must": no result; if it fails, check.sh stops
#   command  harness/SCRIPT.sh ARG... (run with bash) or a function of this
#            file; in ARG, $kernel is the kernel (the first, for "once") and
#            $results its results file (also in $KT_RESULTS)
# For example, a script that appends its own results lines to the file it
# is given, and must not stop the rest when it fails:
#   series | overlay | once | tree | setup | harness/series.sh $results
# A results line is "pass NAME", "fail NAME: reason" or "skip NAME: reason"
# (harness/results.sh reads TAP, kselftest and KUnit output into them).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

STEPS=$(cat <<'EOF'
# step            | kernels | runs | needs                                 | result  | command
deps              | all     | once | -                                     | must    | harness/deps.sh
# One tree.sh prepares both trees: the pristine base and the overlay.
tree              | all     | once | -                                     | setup   | harness/tree.sh
# The kernels trust Debian's signer and the project's test key (build/keys).
keys              | all     | once | -                                     | must    | harness/keys.sh trusted
# Two cores: a TCG guest keeps one busy and a kernel build both, so the
# guests run in background jobs beside the builds. Where the time goes is
# in README.md ("How long it takes").
# The Debian 12 root file system of issue 12 (mmdebstrap, cached): mostly
# downloads, beside the first builds.
rootfs            | x86_64  | background | -                           | setup   | harness/rootfs.sh
# The x86_64 overlay first, then the sanitizer kernel, so that the
# sanitizer runs (the longest lane) start while the other kernels build.
build             | overlay | each | tree                                  | setup   | harness/build.sh $kernel
# Issue 11: the x86_64 overlay with KASAN, UBSAN, kmemleak and lockdep
# (overlay-san, config/kexec-test-sanitizers.config); the kernels take
# turns in build/src.
build-san         | overlay-san | each | tree                              | setup   | harness/build.sh $kernel
# The hosted tests also parse Debian's stock kernel: fetch it first.
debian-kernel     | overlay | once | -                                     | must    | harness/debian-kernel.sh
initramfs         | x86_64  | once | -                                     | must    | harness/initramfs.sh stage2
# The kexec kselftest target, installed once for both kernels' initramfs.
kselftest-install | x86_64  | once | tree                                  | setup   | harness/kselftest.sh
# The sanitizer runs: the kselftests, a round trip and the kdump api boot,
# their kernel logs and kmemleak checked. Minutes per boot under KASAN and
# TCG, so they run beside everything after them (builds, then guests).
san               | overlay-san | background | build-san                 | setup   | harness/san.sh $kernel
# The lint gates and kunit.py are about the project's files: overlay only.
lint              | overlay | once | build                                 | setup   | harness/lint.sh
# kunit.py exec runs the suites built into each architecture's overlay kernel.
kunit.py          | overlay | once | build                                 | setup   | harness/kunit.sh
# The patch series: generated, applied with git am, identical to the overlay.
series            | overlay | once | tree                                  | setup   | harness/series.sh check $results
host-skips        | overlay | once | kselftest-install                     | results | host_skips
# The guests: harness/e2e.sh, harness/kdump.sh, harness/sig.sh (signed
# images under lockdown=integrity and without) and on x86_64 harness/
# distro.sh (issue 12: systemctl kexec and kdump-tools on Debian 12), each
# a setup step of its own (guest_suites), in one background lane per
# kernel: the overlay's beside the other builds (once lint, kunit.py and
# the series check have passed), stock's as soon as it is built, the arm64
# kernels' one after the other. At most three lanes at once: with five SMP
# guests on two cores each ran 4 to 10 times slower than alone.
# initramfs and debian-kernel: setup steps on arm64 only (must on x86_64).
guests            | overlay | background | build,lint,kunit.py,kselftest-install,initramfs,debian-kernel | results | guest_suites $kernel
build             | stock   | each | tree                                  | setup   | harness/build.sh $kernel
guests            | stock   | background | build,lint,kunit.py,kselftest-install,initramfs,debian-kernel | results | guest_suites $kernel
build             | arm64   | each | tree                                  | setup   | harness/build.sh $kernel
# The arm64 side's own downloads fail its kernels' results, not the run.
debian-kernel     | arm64   | once | -                                     | setup   | harness/debian-kernel.sh arm64
# After the arm64 build: the hosted zimage tests read its images.
hosted            | overlay | once | -                                     | results | hosted_tests
kunit.py          | overlay-arm64 | once | build                           | setup   | harness/kunit.sh arm64
initramfs         | arm64   | once | -                                     | setup   | harness/initramfs.sh stage2 arm64
kselftest-install | arm64   | once | tree                                  | setup   | harness/kselftest.sh arm64
guests            | arm64   | background | build,lint,kunit.py,kselftest-install,initramfs,debian-kernel | results | guest_suites $kernel
replaced          | overlay | once | build                                 | results | check_replaced
EOF
)

# Steps that do not fit the CI budget: they run only with
# "make check SLOW=1" (KT_SLOW=1); otherwise check.sh says it left them out
# and they have no results at all (neither pass nor skip). None today: the
# distribution runs fit since the rootfs holds no kernel package.
SLOW_STEPS=""

# Hosted unit tests: their TAP becomes results of the overlay.
# The compressed arm64 kernels the zimage tests read, made as e2e makes
# them (harness/zimage.py), when the arm64 overlay kernel is built.
hosted_images()
{
	local boot=$BUILD/obj-arm64-overlay/arch/arm64/boot debian
	[ -f "$boot/vmlinuz.efi" ] || return 0
	debian=$(bash "$TOP/harness/debian-kernel.sh" arm64) &&
		python3 "$TOP/harness/zimage.py" "$BUILD/zimage/overlay-arm64" "$boot/vmlinuz.efi" \
			"$boot/Image" "$debian" >/dev/null ||
		echo "fail hosted/zimage-images: harness/zimage.py failed"
}

hosted_tests()
{
	local out=$BUILD/logs/hosted.log
	mkdir -p "$BUILD/logs"
	hosted_images
	make -s -C "$TOP/tools/testing/kexec" check >"$out" 2>&1 || true
	results_from tap hosted "$out"
	grep -q '^[0-9]* passed, 0 failed$' "$out" ||
		echo "fail hosted/run: $(tail -n 1 "$out")"
}

# Each file in config/replaced-files must be the project's own, placed
# byte-identical in the overlay tree, and (for sources) compiled from it
# (build.sh compiles from build/src, a copy of that tree):
# its object must be at least as new as the placed file.
check_replaced()
{
	local rel obj why
	while read -r rel; do
		why=""
		obj=$BUILD/obj-overlay/${rel%.*}.o
		[[ "$rel" != arch/arm64/* ]] || obj=$BUILD/obj-arm64-overlay/${rel%.*}.o
		if ! is_owned "$rel"; then
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
	done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/config/replaced-files")
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
	done
}

# guest_suites KERNEL: the guest suites on KERNEL, each a setup step with
# the needs of the row that runs this (its results are the suites' own);
# on x86_64 then issue 12's distribution runs: systemd's systemctl kexec
# and Debian's kdump-tools.
guest_suites()
{
	local suite needs=build,lint,kunit.py,kselftest-install,initramfs,debian-kernel
	for suite in e2e kdump sig; do
		run_step "$suite" "$needs" setup "harness/$suite.sh \$kernel" "$1"
	done
	[ "$(kernel_arch "$1")" != x86_64 ] ||
		run_step distro build,rootfs setup "harness/distro.sh \$kernel" "$1"
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

# step NAME KERNELS RUNS NEEDS RESULT COMMAND: one row of STEPS.
step()
{
	local name=$1 on=$2 runs=$3 k item
	local -a mine=()
	if [[ " $SLOW_STEPS " == *" $name "* ]] && [ "${KT_SLOW:-0}" != 1 ]; then
		note "step $name left out: slow, run it with make check SLOW=1"
		return 0
	fi
	for k in "${kernels[@]}"; do
		[ "$k" != overlay-san ] || [ "$on" = "$k" ] || continue
		for item in ${on//,/ }; do
			case "$item" in
			all | "$k" | "$(kernel_arch "$k")") mine+=("$k") && break ;;
			esac
		done
	done
	if [ "$runs" = once ]; then
		if [ ${#mine[@]} -gt 0 ]; then run_step "$name" "$4" "$5" "$6" "${mine[@]}"; fi
	elif [ "$runs" = background ]; then
		[ ${#mine[@]} = 0 ] || start_background "$name" "$4" "$5" "$6" "${mine[@]}"
	else
		for k in "${mine[@]}"; do run_step "$name" "$4" "$5" "$6" "$k"; done
	fi
}

# start_background NAME NEEDS RESULT COMMAND KERNEL...: run_step for each
# KERNEL in turn, in the background, the output into a log of its own.
declare -A background=()	# [PID]: that step's log
declare -A background_pid=()	# [STEP]: its jobs (one per row), until waited for
start_background()
{
	local log=$BUILD/logs/background-$1-$5.log k
	mkdir -p "$BUILD/logs"
	note "step $1 on ${*:5} runs in the background (output: $log)"
	for k in "${@:5}"; do run_step "${@:1:4}" "$k"; done </dev/null >"$log" 2>&1 &
	background[$!]=$log
	background_pid[$1]+=" $!"
}

# wait_for_needs NEEDS: wait for the background steps among NEEDS.
wait_for_needs()
{
	local need pid
	for need in ${1//,/ }; do
		[ -n "${background_pid[$need]:-}" ] || continue
		note "waiting for the background step $need"
		# A background lane is a subshell, whose wait knows only its
		# own children: it watches the step's jobs instead.
		for pid in ${background_pid[$need]}; do
			wait "$pid" 2>/dev/null ||
				while kill -0 "$pid" 2>/dev/null; do sleep 5; done
		done
		unset "background_pid[$need]"
	done
}

# wait_background: wait for the background steps and show their output.
wait_background()
{
	local pid
	for pid in "${!background[@]}"; do
		note "waiting for the background step logged in ${background[$pid]}"
		wait "$pid" 2>/dev/null || true
		cat "${background[$pid]}" >&2
		note "the background step ended by +$(($(date +%s) - check_start))s"
	done
}

# unmet NEEDS KERNEL...: did a step in NEEDS fail, or not run, on a KERNEL?
# Prints the first such step.
unmet()
{
	local k need
	for k in "${@:2}"; do
		for need in ${1//,/ }; do
			if [ -n "${blocked[$k/$need]:-}" ] ||
				grep -q "^fail setup/$need: " "$results/$k" 2>/dev/null; then
				echo "$need"
				return 0
			fi
		done
	done
	return 1
}

# run_step NAME NEEDS RESULT COMMAND KERNEL...: COMMAND once, unless a step
# it needs failed or did not run on one of the KERNELs; its results go to
# each of them.
declare -A blocked=()	# [KERNEL/STEP]: that step did not run
run_step()
{
	local name=$1 needs=$2 how=$3 command=$4 k rc=0 out=$BUILD/logs/step-$1-$5.out by start
	local -a words
	shift 4
	wait_for_needs "$needs"
	if by=$(unmet "$needs" "$@"); then
		for k in "$@"; do
			blocked[$k/$name]=1
			echo "skip setup/$name: blocked by $by" >>"$results/$k"
		done
		return 0
	fi
	command=${command//\$kernel/$1}
	command=${command//\$results/$results/$1}
	read -ra words <<<"$command"
	[[ "${words[0]}" != harness/* ]] || words=(bash "$TOP/${words[0]}" "${words[@]:1}")
	start=$(date +%s)
	case "$how" in
	must)
		"${words[@]}" >/dev/null || die "$command failed (step $name)"
		;;
	setup)
		KT_RESULTS=$results/$1 "${words[@]}" >&2 || rc=$?
		for k in "$@"; do
			if [ $rc = 0 ]; then
				echo "pass setup/$name"
			else
				echo "fail setup/$name: $command exited $rc"
			fi >>"$results/$k"
		done
		;;
	results)
		mkdir -p "$BUILD/logs"
		KT_RESULTS=$results/$1 "${words[@]}" >"$out" || true
		for k in "$@"; do cat "$out" >>"$results/$k"; done
		rm -f "$out"
		;;
	*) die "step $name: result must be setup, results or must, not '$how'" ;;
	esac
	# Where CI's time goes: each step's duration and when it ended.
	note "step $name ($*): $(($(date +%s) - start))s, ended at +$(($(date +%s) - check_start))s"
}

which=${1:-both} arches=${2:-all}
case "$which" in
both) kernels=(overlay stock) ;;
overlay | stock) kernels=("$which") ;;
*) die "BASE must be both, overlay or stock, not '$which'" ;;
esac
case "$arches" in
all) kernels+=("${kernels[@]/%/-arm64}") ;;
x86_64) ;;
arm64) kernels=("${kernels[@]/%/-arm64}") ;;
*) die "ARCH must be all, x86_64 or arm64, not '$arches'" ;;
esac
# The sanitizer kernel goes with the x86_64 overlay.
[[ " ${kernels[*]} " != *" overlay "* ]] || kernels+=(overlay-san)

results=$BUILD/results
check_start=$(date +%s)
rm -rf "$results" "$BUILD/logs"
mkdir -p "$results"
each_row step <<<"$STEPS"
wait_background
[[ " ${kernels[*]} " != *" overlay"* ]] || list_owned
bash "$TOP/harness/report.sh" "${kernels[@]}"

# The gate: every result of an overlay kernel, and the stock kernels' setup
# (they must build and run). A stock kernel's test results are the
# comparison column: 6.1 refuses what the project added (KEXEC_FILE_DEBUG,
# its own errnos), which the table shows side by side without failing.
gate_failures()
{
	local k
	for k in "${kernels[@]}"; do
		case "$(kernel_variant "$k")" in
		overlay) grep '^fail ' "$results/$k" || true ;;
		*) grep '^fail setup/' "$results/$k" || true ;;
		esac
	done 2>/dev/null
}
stock_differences=$(cat "$results"/stock* 2>/dev/null | grep -c '^fail ' || true)
note "stock kernels: $stock_differences failing results, shown as the comparison column (not gating)"
[ -z "$(gate_failures)" ]
