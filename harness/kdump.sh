#!/usr/bin/env bash
# kdump end to end on one variant's kernel:  kdump.sh VARIANT
# Boots kernel A with crashkernel= under QEMU (-smp 2), loads the crash
# kernel with each loader, crashes it (sysrq-c, or an oops with
# panic_on_oops) and checks, inside the crash kernel, /proc/vmcore and
# Debian's makedumpfile on it. The own-loader run also sends the dump file
# to the host, where the crash utility must read the dead kernel's log from
# it with the built vmlinux. One more boot runs the crash-load rules
# (kdump_test api). Appends results to
# build/results/VARIANT like e2e.sh, which must have built the stage-1
# initramfs.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: kdump.sh overlay|stock|overlay-arm64|stock-arm64}
arch=$(kernel_arch "$variant")
obj=$(variant_obj "$variant")
results=$BUILD/results/$variant
logs=$BUILD/logs/$variant
mkdir -p "$logs"
# Room for the crash kernel, its initramfs (makedumpfile and its libraries)
# and makedumpfile's working memory.
CRASHKERNEL=192M

# kdump_boot NAME KDUMP_MODE [CRASH [EXPORT]]: one guest run; prints its log
# path. With EXPORT=1 the crash kernel sends its dump file to LOG.dump.
kdump_boot()
{
	local export=${4:-0} dump=$logs/${1//\//_}.log.dump
	rm -f "$dump"
	[ "$export" = 1 ] || dump=""
	KT_SERIAL2=$dump guest_run "$1" \
		"console=$(arch_console "$arch") panic=-1 crashkernel=$CRASHKERNEL kt.kdump=$2 kt.crash=${3:-panic} kt.export=$export"
}

# First mismatch between what the crash kernel reported and what it should.
crash_kernel_problem()
{
	local log=$1
	grep -aq '^KT1: crash kernel loaded' "$log" ||
		{ echo "kernel A: $(grep -a '^KT1: FAIL' "$log" || echo 'crash kernel never loaded')"; return; }
	grep -aq '^KT3: kernel=' "$log" || { echo "the crash kernel never ran"; return; }
	# arm64 passes the ELF core header in the DTB (linux,elfcorehdr).
	[ "$arch" = arm64 ] ||
		grep -aq '^KT3: kernel=.* cmdline=.*elfcorehdr=[0-9]' "$log" || echo "no elfcorehdr= on its command line"
}

# The crash utility, run on the host with the built vmlinux against the dump
# file the crash kernel exported, must show the dead kernel's last words.
crash_utility_log()
{
	local name=$1 log=$2 want=$3 got
	got=$(grep -a '^KT3: exported size=' "$log" || true)
	if [ -z "$got" ]; then
		record fail "$name/crash-utility-log" "the crash kernel did not export its dump"
		return
	fi
	if [ "$got" != "KT3: exported size=$(stat -c %s "$log.dump") sha256=$(sha256sum <"$log.dump" | cut -d' ' -f1)" ]; then
		record fail "$name/crash-utility-log" "the dump arrived damaged: $got"
		return
	fi
	# --kaslr auto: take the offset from the dump's vmcoreinfo; --no_kmem_cache:
	# tinyconfig's SLOB allocator has no caches crash can walk.
	printf 'log\nbt -a\nexit\n' >"$log.crash-cmds"
	timeout 300 crash -s --kaslr auto --no_kmem_cache "$obj/vmlinux" "$log.dump" \
		-i "$log.crash-cmds" </dev/null >"$log.crash" 2>&1 || true
	if grep -q "$want" "$log.crash"; then
		record pass "$name/crash-utility-log"
	else
		record fail "$name/crash-utility-log" "'$want' not in: $(tail -n 3 "$log.crash" | tr '\n' ' ')"
	fi
}

# kdump_round_trip NAME LOADER CRASH EXPORT LAST_WORDS
kdump_round_trip()
{
	local name=kdump/$1 log why line
	log=$(kdump_boot "$name" "$2" "$3" "$4")
	why=$(crash_kernel_problem "$log")
	if [ -n "$why" ]; then
		record fail "$name/crash-kernel-boots" "$why"
		return
	fi
	record pass "$name/crash-kernel-boots"
	results_block tap "$name/vmcore" "$log" "KT3: vmcore" | record_lines
	line=$(grep -a '^KT3: makedumpfile rc=' "$log" || true)
	case "$line" in
	"KT3: makedumpfile rc=0 size="[1-9]*) record pass "$name/makedumpfile-d31" ;;
	*) record fail "$name/makedumpfile-d31" "${line:-no result}" ;;
	esac
	line=$(grep -a '^KT3: dump-dmesg rc=' "$log" || true)
	case "$line" in
	"KT3: dump-dmesg rc=0 last-words="*"$5"*) record pass "$name/last-words-in-dumped-log" ;;
	*) record fail "$name/last-words-in-dumped-log" "want '$5': ${line:-no result}" ;;
	esac
	[ "$4" = 0 ] || crash_utility_log "$name" "$log" "$5"
}

# kdump_api: the crash-load rules (kdump_test api) in one more boot, after
# the races with crash loads and shrinks (kexec_race_test) and the crash
# loads with each allocation failing in turn (kexec_fault_test).
kdump_api()
{
	local log
	log=$(kdump_boot kdump/api api)
	results_block tap kdump/race-crash "$log" "KT1: race" | record_lines
	results_block tap kdump/fault-crash "$log" "KT1: fault" | record_lines
	results_block tap kdump/api "$log" "KT1: api" | record_lines
}

# corrupted_crash NAME: the crash kernel is loaded, the first byte of its
# loaded initrd inverted, and kernel A panics: the purgatory must halt
# instead of entering the crash kernel.
corrupted_crash()
{
	purgatory_refusal "kdump/$1" \
		"console=$(arch_console "$arch") panic=-1 crashkernel=$CRASHKERNEL kt.kdump=own kt.crash=panic kt.export=0"
}

# at MACHINE FUNCTION ARG...: FUNCTION ARG... in QEMU's MACHINE (qemu.sh).
at()
{
	KT_MACHINE=$1 "${@:2}"
}

# What runs on which kernel, in this order. EXPORT 1: the crash utility reads
# the exported dump too.
note "$variant: kdump under QEMU (-smp 2, crashkernel=$CRASHKERNEL)"
[ "$arch" = arm64 ] || rows <<'EOF' | each_row guest_case
# kernels | function         | result name                   | loader  | crash | export | last words
all       | kdump_round_trip | kexec_file/kexec-tools        | tools   | panic | 0      | sysrq triggered crash
all       | kdump_round_trip | kexec_file/own-loader         | own     | panic | 1      | sysrq triggered crash
all       | kdump_round_trip | kexec_load/kexec-tools        | tools-c | panic | 0      | sysrq triggered crash
all       | kdump_round_trip | kexec_file/oops-panic_on_oops | tools   | oops  | 0      | Oops: 0002
all       | kdump_api
# The overlay's test-only CONFIG_KEXEC_CORRUPT_TEST damages the crash image.
overlay   | corrupted_crash  | purgatory-refuses-corrupted-segment
EOF
# arm64 (QEMU virt, one UART: no dump export, so no crash utility; the
# crash-load rules of kdump_test api are x86's).
[ "$arch" = x86_64 ] || rows <<'EOF' | each_row guest_case
# kernels | at | machine  | function         | result name                       | loader  | crash | export | last words
all       | at | virt     | kdump_round_trip | el1/kexec_file/kexec-tools        | tools   | panic | 0      | sysrq triggered crash
all       | at | virt     | kdump_round_trip | el1/kexec_file/own-loader         | own     | panic | 0      | sysrq triggered crash
all       | at | virt     | kdump_round_trip | el1/kexec_load/kexec-tools        | tools-c | panic | 0      | sysrq triggered crash
all       | at | virt-el2 | kdump_round_trip | el2/kexec_file/own-loader         | own     | panic | 0      | sysrq triggered crash
EOF
