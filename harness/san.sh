#!/usr/bin/env bash
# The sanitizer runs (issue 11) on the overlay-san kernel (KASAN, UBSAN,
# kmemleak, lockdep: config/kexec-test-sanitizers.config):  san.sh KERNEL
# The rows of harness/e2e.sh and harness/kdump.sh, chosen by their row
# filters: the kexec kselftests of the built target (kexec_file_test, the
# bad-input table, kexec_fault_test's sweeps, kexec_race_test), one
# kexec_file round trip with the own loader into the built kernel, and the
# kdump api boot (kexec_race_test with crash loads and shrinks,
# kexec_fault_test crash, kdump_test api). The kselftest and api runs end
# with a kmemleak scan (harness/guest/san-report). Then, one result per
# run: its serial log must hold no report of a kernel bug (san/log/NAME),
# and kmemleak must list nothing (san/kmemleak/NAME). Results go to
# build/results/KERNEL like e2e.sh's.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: san.sh overlay-san}
logs=$BUILD/logs/$variant
results=$BUILD/results/$variant
# KASAN and lockdep under TCG: a boot takes minutes, not seconds. Since
# bzImages are unpacked at load (xz_dec is instrumented too) the kselftest
# boot took 971 s and 1316 s of guest time beside other guests: room to spare.
export KT_GUEST_TIMEOUT=${KT_GUEST_TIMEOUT:-2700}
# The whole kernel log must fit in the ring buffer for san-report's copy.
# The 1000 load/unload cycles only report under KASAN (its quarantine
# holds freed memory back; kmemleak looks for the leaks): fewer do, and
# in the kdump api boot, whose race is about crash loads and shrinks, 20.
# One kexec_file_load takes about 3 s here: the race runs 10 s, not 3.
# The fault sweeps arm every 8th site of their dense parts (the plain
# overlay's kselftest boot arms every site): about 4 min less per boot.
san_append="log_buf_len=8M kt.race-seconds=10 kt.fault-stride=8"

# What the checker calls a report of a kernel bug: the first line of each
# kind of report the kernel's detectors print.
REPORTS='BUG:|WARNING:|KASAN|UBSAN:|suspected memory leak|possible circular locking|'
REPORTS+='possible recursive locking|inconsistent lock state|list_add corruption|'
REPORTS+='list_del corruption|Oops|general protection fault|INFO: task .* blocked'

# The kernel's own lines of a serial log: the console's, timestamped, and
# san-report's copy of the whole log.
kernel_lines()
{
	sed -n -e 's/^KT1: dmesg-all: //p' -e '/^\[ *[0-9]*\.[0-9]*\]/p' "$1"
}

# log_result NAME LOG: one result, the run's kernel log is free of reports.
log_result()
{
	local name=san/log/$1 log=$2 first
	if [ ! -s "$log" ]; then
		record fail "$name" "no serial log $log"
		return
	fi
	first=$(kernel_lines "$log" | grep -a -m 1 -E "$REPORTS" || true)
	if [ -n "$first" ]; then
		record fail "$name" "$first"
	else
		record pass "$name"
	fi
}

# The first backtrace frame of kmemleak's first object that is not the
# allocator's own, to name the leak in the result line.
first_leak_caller()
{
	sed -n 's/^KT1: kmemleak: *\[<[^>]*>\] //p' "$1" |
		grep -a -v -E '^(kmem_cache_|kmalloc|__kmalloc|__kmem_cache|kmemleak_|slab_|__alloc_pages|alloc_pages|kvmalloc|__vmalloc|vmalloc)' |
		head -n 1
}

# kmemleak_result NAME LOG: kmemleak listed no unreferenced object.
kmemleak_result()
{
	local name=san/kmemleak/$1 log=$2 objects end
	end=$(grep -a '^KT1: kmemleak-end' "$log" || true)
	objects=$(grep -a -c '^KT1: kmemleak: unreferenced object' "$log" || true)
	if [ "$end" != "KT1: kmemleak-end rc=0" ]; then
		record fail "$name" "no kmemleak scan (${end:-the run ended before it})"
	elif [ "$objects" != 0 ]; then
		record fail "$name" "$objects unreferenced objects, the first from $(first_leak_caller "$log")"
	else
		record pass "$name"
	fi
}

# The image the runs load is the plain overlay's (initramfs.sh stage1),
# which make check builds first; build.sh here would take build/src from
# the steps running beside this one.
[ -f "$(target_obj "$variant")/$(kernel_image overlay)" ] ||
	die "no overlay kernel to load: run 'harness/build.sh overlay' first"
start=$(date +%s)
KT_APPEND="$san_append kt.race-cycles=200" KT_ROWS='\| kselftests +\| built$|kexec_file/own-loader/built' \
	bash "$TOP/harness/e2e.sh" "$variant"
KT_APPEND="$san_append kt.race-cycles=20" KT_ROWS='kdump_api' bash "$TOP/harness/kdump.sh" "$variant"
log_result kselftest-built "$logs/kselftest_built.log"
kmemleak_result kselftest-built "$logs/kselftest_built.log"
log_result kexec_file-own-loader-built "$logs/kexec_file_own-loader_built.log"
log_result kdump-api "$logs/kdump_api.log"
kmemleak_result kdump-api "$logs/kdump_api.log"
note "$variant: the sanitizer runs took $(($(date +%s) - start))s"
