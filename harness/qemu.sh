#!/usr/bin/env bash
# Boot one guest:
#   [KT_MACHINE=M] [KT_SERIAL2=FILE] qemu.sh KERNEL INITRD APPEND LOG [TIMEOUT_SECONDS]
# KT_MACHINE: pc (default: qemu-system-x86_64), virt (qemu-system-aarch64
# -M virt: the kernel enters at EL1) or virt-el2 (-M virt,virtualization=on:
# at EL2). Serial output goes to LOG. The guest ends the run by rebooting
# (QEMU runs with -no-reboot). Exit 0 when QEMU exited by itself, 124 on
# timeout, and QEMU's status if it failed.
# KT_UNTIL=REGEX: a guest that halts rather than rebooting (the purgatory
# refusing an image) is stopped KT_UNTIL_GRACE seconds (default 5) after a
# line of LOG matches REGEX (grep -E), and the run counts as ended by
# itself (exit 0); the grace shows whether anything still followed.
# KT_MEM: guest RAM in MiB (default 1024). KT_STAMPS=1: each line of LOG
# starts with the host's time in seconds when it arrived ("%.6f "), for
# timing the guest from outside (harness/bench.sh). KT_ICOUNT=SHIFT: TCG
# counts instructions (-icount shift=SHIFT,sleep=off): guest time advances
# 2^SHIFT ns per instruction and jumps over idle periods, so the guest's
# clocks do not depend on how busy the host is. It runs one vCPU: QEMU 7.2
# hung bringing up the second one under -icount (x86, "Booting SMP
# configuration", for minutes).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 append=$3 log=$4 limit=${5:-${KT_GUEST_TIMEOUT:-300}}
machine=${KT_MACHINE:-pc}
[ -f "$kernel" ] || die "qemu: no kernel $kernel"
[ -f "$initrd" ] || die "qemu: no initrd $initrd"

# KVM is used only if a probe boot shows it works on this host: /dev/kvm may
# exist and still not run a guest. The answer is cached per build directory.
accel()
{
	local cache=$BUILD/accel probe_log=$BUILD/accel-probe.log
	if [ ! -f "$cache" ]; then
		echo tcg >"$cache"
		# The probe kernel panics (no init) and QEMU exits: its status
		# says nothing, the banner on the console says KVM ran it.
		if [ -w /dev/kvm ]; then
			timeout 20 qemu-system-x86_64 -accel kvm -m 512 -display none \
				-monitor none -serial stdio -no-reboot -kernel "$kernel" \
				-append "console=ttyS0 panic=-1 rdinit=/nonexistent" \
				>"$probe_log" 2>&1 </dev/null || true
			grep -q "Linux version" "$probe_log" && echo kvm >"$cache"
		fi
	fi
	cat "$cache"
}

# With KT_SERIAL2=FILE the guest's ttyS1 writes into FILE (a binary channel
# out of the guest, e.g. for a dump file). The virt machine has one UART.
serial2=()
if [ -n "${KT_SERIAL2:-}" ]; then
	[ "$machine" = pc ] || die "qemu: KT_SERIAL2 needs the pc machine, not $machine"
	serial2=(-serial "file:$KT_SERIAL2")
fi

# The arm64 guests always run under TCG (the host is x86_64). cortex-a57
# implements EL2 and is cheaper to emulate than "max" (no pointer
# authentication).
case "$machine" in
pc) qemu=(qemu-system-x86_64 -accel "$(accel)") ;;
virt) qemu=(qemu-system-aarch64 -accel tcg -M virt -cpu cortex-a57) ;;
virt-el2) qemu=(qemu-system-aarch64 -accel tcg -M "virt,virtualization=on" -cpu cortex-a57) ;;
*) die "qemu: KT_MACHINE must be pc, virt or virt-el2, not '$machine'" ;;
esac
command -v "${qemu[0]}" >/dev/null || die "${qemu[0]} not installed"
if [ -n "${KT_ICOUNT:-}" ]; then
	[[ $KT_ICOUNT =~ ^[0-9]+$ ]] || die "qemu: KT_ICOUNT must be a shift, not '$KT_ICOUNT'"
	[ "$machine" != pc ] || qemu=(qemu-system-x86_64 -accel tcg)
	qemu+=(-icount "shift=$KT_ICOUNT,sleep=off")
	smp=1
fi

run_qemu()
{
	timeout --kill-after=10 "$limit" "${qemu[@]}" \
		-m "${KT_MEM:-1024}" -smp "${smp:-2}" -display none -monitor none -serial stdio \
		"${serial2[@]}" -no-reboot -kernel "$kernel" -initrd "$initrd" -append "$append" \
		2>&1 </dev/null
}

# run_until REGEX: run_qemu into $log; stop it once REGEX showed up and the
# grace has passed.
run_until()
{
	local qemu_pid grace=${KT_UNTIL_GRACE:-5} rc=0
	# Empty before the first look: a previous run's log must not match.
	: >"$log"
	run_qemu >"$log" &
	qemu_pid=$!
	while kill -0 "$qemu_pid" 2>/dev/null; do
		if grep -aqE -- "$1" "$log"; then
			sleep "$grace"
			pkill -TERM -P "$qemu_pid" 2>/dev/null
			wait "$qemu_pid" 2>/dev/null
			return 0
		fi
		sleep 0.5
	done
	wait "$qemu_pid" || rc=$?
	return $rc
}

rc=0
if [ -n "${KT_UNTIL:-}" ]; then
	run_until "$KT_UNTIL" || rc=$?
elif [ "${KT_STAMPS:-0}" = 1 ]; then
	if ! run_qemu | perl -MTime::HiRes=time -ne '$| = 1; printf "%.6f %s", time, $_' >"$log"; then
		rc=${PIPESTATUS[0]}
	fi
else
	run_qemu >"$log" || rc=$?
fi
exit $rc
