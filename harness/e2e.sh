#!/usr/bin/env bash
# Run the kexec round-trip matrix on one variant's kernel:  e2e.sh VARIANT
# Appends one line per result to build/results/VARIANT (check.sh clears it):
# "pass NAME", "fail NAME: reason" or "skip NAME: reason". Needs the variant
# built and 'initramfs.sh stage2' run.
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: e2e.sh overlay|stock}
obj=$(variant_obj "$variant")
results=$BUILD/results/$variant
logs=$BUILD/logs/$variant
mkdir -p "$logs" "$(dirname "$results")"

# Host-side expectations for a positive case. Prints the first mismatch.
check_stage2()
{
	local log=$1 release=$2 got
	got=$(grep -a '^KT2: cmdline=' "$log" | head -n 1 | sed 's/^KT2: cmdline=//')
	[ -n "$got" ] || { echo "stage 2 never ran"; return; }
	[ "$got" = "$(cat "$BUILD/guest/cmdline-b")" ] || { echo "cmdline differs: '$got'"; return; }
	grep -aq "^KT2: kernel=$release cpus=2 " "$log" ||
		{ echo "want kernel $release with 2 cpus: $(grep -a '^KT2: kernel=' "$log")"; return; }
	grep -aq '^KT2: RESULT PASS$' "$log" || echo "$(grep -a '^KT2: RESULT' "$log" || echo 'no verdict')"
}

# boot_case NAME LOADER TARGET INITRD: one guest run; prints its log path.
boot_case()
{
	guest_run "$1" "console=ttyS0 panic=-1 kt.loader=$2 kt.target=$3 kt.initrd=$4"
}

round_trip()
{
	local name=$1 loader=$2 target=$3 release log why
	case "$target" in
	built) release=$(cat "$obj/include/config/kernel.release") ;;
	debian) release=$(cat "$BUILD/debian/release") ;;
	esac
	log=$(boot_case "$name" "$loader" "$target" good)
	why=$(check_stage2 "$log" "$release")
	if [ -z "$why" ]; then
		record pass "$name"
	else
		record fail "$name" "$why"
		tail -n 25 "$log" | sed 's/^/      | /' >&2
	fi
}

# The KUnit suites run while kernel A boots; their KTAP lands in the serial
# log with printk timestamps. Cases are indented 4 spaces, parameter rows 8.
kunit_suites()
{
	local log suite="" sub="" line want
	log=$(boot_case kunit kunit built good)
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$log" >"$log.ktap"
	while IFS= read -r line; do
		case "$line" in
		"    # Subtest: "*) suite=${line#    \# Subtest: }; sub="" ;;
		"        # Subtest: "*) sub=${line#        \# Subtest: } ;;
		"    ok "* | "    not ok "*) record_line "$(tap_result "$line" "kunit/$suite")" ;;
		"        ok "* | "        not ok "*) record_line "$(tap_result "$line" "kunit/$suite/$sub")" ;;
		esac
	done <"$log.ktap"
	for want in "${KUNIT_SUITES[@]}"; do
		if grep -q "^ok [0-9]* $want$" "$log.ktap"; then
			record pass "kunit/$want"
		else
			record fail "kunit/$want" "suite did not report ok (missing or failed)"
		fi
	done
}

# with_reason RESULT REASON: RESULT, and if it is a skip without a reason
# (the runner gives none), REASON: what the program printed last.
with_reason()
{
	case "$1" in
	"skip "*": ") echo "$1${2:-no reason given}" ;;
	*) echo "$1" ;;
	esac
}

# The kexec kselftests, run by run_kselftest.sh in kernel A with TARGET as
# kexec_file_test's image. The runner's TAP has one line per program; each
# program's own TAP is nested under "# ". Both levels are results, and every
# program in the installed kselftest-list.txt must have reported.
kselftests()
{
	local target=$1 name=kselftest/$1 log line res prog="" reason="" want lines=0
	log=$(boot_case "$name" kselftest "$target" good)
	sed -n '/^KT1: kselftest-begin/,/^KT1: kselftest-end/p' "$log" >"$log.tap"
	grep -q '^KT1: kselftest-end' "$log.tap" ||
		record fail "$name" "run_kselftest.sh did not finish"
	while IFS= read -r line; do
		case "$line" in
		"# selftests: kexec: "*)
			prog=${line#"# selftests: kexec: "}
			reason="" lines=0
			;;
		"# ok "* | "# not ok "*)
			record_line "$(tap_result "${line#"# "}" "$name/$prog")"
			lines=$((lines + 1))
			;;
		"ok "* | "not ok "*)
			res=$(tap_result "${line/selftests: kexec: /}" "$name")
			# The runner shows each program's output; none means it was lost.
			[ $lines = 0 ] && [[ "$res" = "pass "* ]] &&
				res="fail ${res#pass }: its output did not reach the log"
			record_line "$(with_reason "${res/ # /: }" "$reason")"
			;;
		"# "*"# SKIP "*) reason=${line#*"# SKIP "} lines=$((lines + 1)) ;;
		"# "*) reason=${line#"# "} lines=$((lines + 1)) ;;
		esac
	done <"$log.tap"
	for want in $(cut -d: -f2 "$BUILD/guest/kselftest/kselftest-list.txt"); do
		grep -qE "^(pass|fail|skip) $name/$want(: |$)" "$results" ||
			record fail "$name/$want" "no result from run_kselftest.sh"
	done
}

# A damaged initrd must be noticed by stage 2: this proves the check can fail.
damaged_initrd()
{
	local name=$1 kind=$2 want=$3 log verdict
	log=$(boot_case "$name" own built "$kind")
	verdict=$(grep -a '^KT2: RESULT' "$log" | head -n 1)
	case "$verdict" in
	"KT2: RESULT FAIL $want"*) record pass "$name" ;;
	*) record fail "$name" "stage 2 said '${verdict:-nothing}', want 'FAIL $want'" ;;
	esac
}

note "$variant: building stage-1 initramfs"
bash "$TOP/harness/initramfs.sh" stage1 "$variant"
note "$variant: kexec round trips under QEMU (-smp 2)"
round_trip kexec_file/kexec-tools/built tools built
round_trip kexec_file/kexec-tools/debian tools debian
round_trip kexec_file/own-loader/built own built
round_trip kexec_file/own-loader/debian own debian
round_trip kexec_load/kexec-tools/built tools-c built
round_trip kexec_load/kexec-tools/debian tools-c debian
kselftests built
kselftests debian
damaged_initrd kexec_file/corrupted-initrd-detected corrupt "payload sha256"
damaged_initrd kexec_file/truncated-initrd-detected truncated "initrd size"
# The suites exist only in the overlay (kernel/kexec_kunit).
KUNIT_SUITES=(kexec_core kexec_file)
[ "$variant" = stock ] || kunit_suites
