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

# record_line "VERDICT NAME[: reason]": one result, also shown as it comes.
record_line()
{
	echo "$1" >>"$results"
	echo "    [$variant] $1" >&2
}

record()
{
	record_line "$1 $2${3:+: $3}"
}

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

# In-guest API tests print kselftest TAP between api-begin and api-end.
record_api_results()
{
	local log=$1 prefix=$2 line
	sed -n '/^KT1: api-begin/,/^KT1: api-end/p' "$log" >"$log.api"
	grep -q '^KT1: api-end rc=0$' "$log.api" ||
		record fail "$prefix/api" "$(grep -a '^KT1: api-end' "$log.api" || echo 'api tests did not finish')"
	while read -r line; do
		line=$(tap_result "$line" "$prefix/api")
		[ -z "$line" ] || record_line "$line"
	done <"$log.api"
}

# boot_case NAME LOADER TARGET INITRD API: one guest run; prints its log path.
boot_case()
{
	local name=$1 log=$logs/${1//\//_}.log rc=0
	local append="console=ttyS0 panic=-1 kt.loader=$2 kt.target=$3 kt.initrd=$4 kt.api=$5"
	bash "$TOP/harness/qemu.sh" "$obj/arch/x86/boot/bzImage" \
		"$BUILD/guest/stage1-$variant.cpio" "$append" "$log" || rc=$?
	# The serial port ends lines with CR LF.
	[ -f "$log" ] && sed -i 's/\r$//' "$log"
	if [ $rc = 124 ]; then
		echo "    [$variant] $name: guest timed out; serial log tail:" >&2
		tail -n 25 "$log" | sed 's/^/      | /' >&2
	elif [ $rc != 0 ]; then
		echo "    [$variant] $name: qemu exited $rc; serial log tail:" >&2
		tail -n 25 "$log" | sed 's/^/      | /' >&2
	fi
	echo "$log"
}

round_trip()
{
	local name=$1 loader=$2 target=$3 release log why api=0
	case "$target" in
	built) release=$(cat "$obj/include/config/kernel.release") ;;
	debian) release=$(cat "$BUILD/debian/release") ;;
	esac
	# These loaders also run their in-guest syscall tests first.
	case "$loader" in own | tools-c) api=1 ;; esac
	log=$(boot_case "$name" "$loader" "$target" good "$api")
	[ "$api" = 1 ] && record_api_results "$log" "$name"
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
	log=$(boot_case kunit kunit built good 0)
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

# A damaged initrd must be noticed by stage 2: this proves the check can fail.
damaged_initrd()
{
	local name=$1 kind=$2 want=$3 log verdict
	log=$(boot_case "$name" own built "$kind" 0)
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
damaged_initrd kexec_file/corrupted-initrd-detected corrupt "payload sha256"
damaged_initrd kexec_file/truncated-initrd-detected truncated "initrd size"
# The suites exist only in the overlay (kernel/kexec_kunit).
KUNIT_SUITES=(kexec_core kexec_file)
[ "$variant" = stock ] || kunit_suites
