#!/usr/bin/env bash
# Benchmark kexec on x86_64, the overlay against the stock base built from
# the same config:  bench.sh  (make bench)
# Variables:
#   BENCH_RUNS        runs per kernel and size (default 5), overlay and stock
#                     alternating
#   BENCH_INITRD_MIB  initrd sizes in MiB (default "16 64 256 1024")
#   BENCH_MEM_MIB     guest RAM in MiB (default: 3 x the initrd + 1024, which
#                     holds kernel A's rootfs copy, the loaded image and
#                     kernel B's unpacked initrd)
#   BENCH_ICOUNT_RUNS runs per kernel and size under QEMU -icount (default
#                     1; 0 for none): the deterministic figures below
#   BENCH_BUILD       1 (default): prepare the trees and build both kernels,
#                     the kselftest loader and the initramfs images; 0: reuse
#                     what build/ holds
# Each run boots kernel A, loads Debian's kernel (kernel B) and an initrd of
# the given size (stage 2's initrd and a padding file) with kexec_file_test,
# and executes it. The serial log carries the host's time per line
# (KT_STAMPS, qemu.sh). Figures per run, in build/bench/raw.tsv:
#   load_us     kexec_file_load(2) alone, as kexec_file_test measures it
#   held_kib    MemFree before the load minus MemFree after it
#   peak_kib    free memory before the load minus the lowest free memory
#               during it (kexec_file_test samples it every millisecond):
#               what the load takes at its peak, what it holds included
#   downtime_s  host time from kexec_file_test's line just before
#               reboot(LINUX_REBOOT_CMD_KEXEC) to kernel B's first console
#               line (its "[    0.000000]" banner)
#   init_s      the same to the first line of kernel B's /init (stage 2)
#   copied_kib  what kernel A says the relocation code copies ("exec copies")
#   digest_mbs  the purgatory's SHA-256 speed, as it reports it on COM1
#   downtime_mcycles  millions of TSC ticks from kexec_file_test's line
#               before the reboot call to kernel B's /init (the counter
#               kexec_file_test printed there, and harness/guest/cycles.c
#               first thing in stage 2)
# Stock's kernel and purgatory print neither copied_kib nor digest_mbs: "n/a".
# Each run's mode is "wall" or "icount": under -icount (KT_ICOUNT=0 in
# qemu.sh) a tick is one guest instruction (idle periods jump), so the
# guest's own figures (load_us, digest_mbs, downtime_mcycles) do not depend
# on the host's load and a ratio can be reproduced; its host times are
# left out.
# The table of medians, with overlay/stock ratios, is printed and written to
# build/bench/table.md, and drawn in build/bench/plot.png; each run's serial
# log stays in build/bench/logs/.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

runs=${BENCH_RUNS:-5}
icount_runs=${BENCH_ICOUNT_RUNS:-1}
sizes=${BENCH_INITRD_MIB:-16 64 256 1024}
out=$BUILD/bench
guest=$(guest_dir x86_64)
variants=(overlay stock)

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "bench: BENCH_RUNS must be a positive number, not '$runs'"
[[ $icount_runs =~ ^[0-9]+$ ]] || die "bench: BENCH_ICOUNT_RUNS must be a number, not '$icount_runs'"
for size in $sizes; do
	[[ $size =~ ^[1-9][0-9]*$ ]] || die "bench: BENCH_INITRD_MIB holds '$size', not a size in MiB"
done

prepare()
{
	local v
	bash "$TOP/harness/deps.sh" bench
	bash "$TOP/harness/tree.sh"
	bash "$TOP/harness/keys.sh" trusted
	for v in "${variants[@]}"; do
		bash "$TOP/harness/build.sh" "$v"
	done
	bash "$TOP/harness/debian-kernel.sh" >/dev/null
	bash "$TOP/harness/initramfs.sh" stage2
	bash "$TOP/harness/kselftest.sh"
	for v in "${variants[@]}"; do
		bash "$TOP/harness/initramfs.sh" stage1 "$v"
	done
}

# bench_cpio SIZE: a cpio to append to kernel A's initramfs, holding
# /kt/initrd-bench: stage 2's initrd with a padding file, SIZE MiB in all.
bench_cpio()
{
	local size=$1 dir=$out/initrd-$1 pad
	rm -rf "$dir" && mkdir -p "$dir/b" "$dir/a/kt"
	cp -a "$guest/stage2-root/." "$dir/b/"
	pad=$((size * 1024 * 1024 - $(stat -c %s "$guest/initrd-good") - 4096))
	[ "$pad" -gt 0 ] || die "bench: an initrd of $size MiB cannot hold stage 2's"
	head -c "$pad" /dev/urandom >"$dir/b/padding"
	gcc -static -O2 -o "$dir/b/kt-cycles" "$TOP/harness/guest/cycles.c"
	(cd "$dir/b" && find . | sort | cpio -o -H newc --quiet) >"$dir/a/kt/initrd-bench"
	(cd "$dir/a" && find . | sort | cpio -o -H newc --quiet) >"$out/extra-$size.cpio"
	rm -rf "$dir"
}

# field LOG PATTERN: the first line of LOG (time stamps removed) matching the
# extended regex PATTERN, with sed's \1 of it, or "n/a".
field()
{
	local got
	got=$(sed -E 's/^[0-9.]+ //; s/\r$//' "$1" | sed -nE "s@.*$2.*@\\1@p" | head -n 1)
	echo "${got:-n/a}"
}

# stamp_after LOG MARK PATTERN: seconds from the first line matching MARK to
# the first later line matching PATTERN, or "n/a".
stamp_after()
{
	awk -v mark="$2" -v pat="$3" '
		!t0 && $0 ~ mark { t0 = $1; next }
		t0 && $0 ~ pat { printf "%.3f\n", $1 - t0; found = 1; exit }
		END { if (!found) print "n/a" }' "$1"
}

# mcycles_between LOG: downtime_mcycles of a run, or "n/a".
mcycles_between()
{
	local from to
	from=$(field "$1" 'kexec_file_test: rebooting into the loaded kernel at cycle ([0-9]+)')
	to=$(field "$1" 'KT2: cycles ([0-9]+)')
	if [ "$from" = n/a ] || [ "$to" = n/a ] || [ "$to" -lt "$from" ]; then
		echo n/a
	else
		echo $(((to - from) / 1000000))
	fi
}

# one_run MODE KERNEL SIZE RUN: one boot, load and exec; a line of raw.tsv.
one_run()
{
	local mode=$1 v=$2 size=$3 run=$4 log mem before after held icount=()
	log=$out/logs/$mode-$v-$size-$run.log
	mem=${BENCH_MEM_MIB:-$((3 * size + 1024))}
	[ "$mode" = wall ] || icount=(KT_ICOUNT=0)
	cat "$guest/stage1-$v.cpio" "$out/extra-$size.cpio" >"$out/stage1-bench.cpio"
	env "${icount[@]}" KT_STAMPS=1 KT_MEM="$mem" bash "$TOP/harness/qemu.sh" \
		"$(variant_obj "$v")/$(kernel_image "$v")" "$out/stage1-bench.cpio" \
		"console=ttyS0 panic=-1 kt.loader=own kt.target=debian kt.initrd=bench" \
		"$log" 1800 || echo "    [$mode $v] $size MiB run $run: qemu exited $?" >&2
	before=$(field "$log" 'KT1: memfree-before-load ([0-9]+) kB')
	after=$(field "$log" 'KT1: memfree-after-load ([0-9]+) kB')
	held=n/a
	[ "$before" = n/a ] || [ "$after" = n/a ] || held=$((before - after))
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$v" "$size" "$run" \
		"$(field "$log" 'kexec_file_test: load took ([0-9]+) us')" "$held" \
		"$(field "$log" 'kexec_file_test: peak during load ([0-9]+) KiB')" \
		"$(stamp_after "$log" 'kexec_file_test: rebooting' '\[ +0\.0+\] ')" \
		"$(stamp_after "$log" 'kexec_file_test: rebooting' 'KT2: ')" \
		"$(field "$log" 'kexec: exec copies ([0-9]+) KiB')" \
		"$(field "$log" 'purgatory: verified .* ([0-9]+) MB/s')" \
		"$(mcycles_between "$log")" >>"$out/raw.tsv"
	tail -n 1 "$out/raw.tsv" | sed 's/^/    /' >&2
}

[ "${BENCH_BUILD:-1}" = 0 ] || prepare
for v in "${variants[@]}"; do
	[ -f "$guest/stage1-$v.cpio" ] || die "bench: no $guest/stage1-$v.cpio; run with BENCH_BUILD=1"
done
rm -rf "$out" && mkdir -p "$out/logs"
printf 'mode\tkernel\tinitrd_mib\trun\tload_us\theld_kib\tpeak_kib\tdowntime_s\tinit_s\tcopied_kib\tdigest_mbs\tdowntime_mcycles\n' \
	>"$out/raw.tsv"
for size in $sizes; do
	note "bench: initrd $size MiB, $runs runs per kernel, $icount_runs under -icount"
	bench_cpio "$size"
	for run in $(seq 1 "$runs"); do
		for v in "${variants[@]}"; do
			one_run wall "$v" "$size" "$run"
		done
	done
	for run in $(seq 1 "$icount_runs"); do
		for v in "${variants[@]}"; do
			one_run icount "$v" "$size" "$run"
		done
	done
	rm -f "$out/extra-$size.cpio" "$out/stage1-bench.cpio"
done
# Debian's python3, which has the python3-matplotlib deps.sh installs,
# even where another python3 comes first in PATH.
python=python3
[ ! -x /usr/bin/python3 ] || python=/usr/bin/python3
"$python" "$TOP/harness/bench-table.py" "$out/raw.tsv" "$out/plot.png" | tee "$out/table.md"
