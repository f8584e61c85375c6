#!/usr/bin/env bash
# Boot one guest: [KT_SERIAL2=FILE] qemu.sh KERNEL INITRD APPEND LOG [TIMEOUT_SECONDS]
# Serial output goes to LOG. The guest ends the run by rebooting (QEMU runs
# with -no-reboot). Exit 0 when QEMU exited by itself, 124 on timeout, and
# QEMU's status if it failed.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 append=$3 log=$4 limit=${5:-${KT_GUEST_TIMEOUT:-300}}
[ -f "$kernel" ] || die "qemu: no kernel $kernel"
[ -f "$initrd" ] || die "qemu: no initrd $initrd"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not installed"

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
# out of the guest, e.g. for a dump file).
serial2=()
[ -z "${KT_SERIAL2:-}" ] || serial2=(-serial "file:$KT_SERIAL2")

rc=0
timeout --kill-after=10 "$limit" qemu-system-x86_64 -accel "$(accel)" \
	-m 1024 -smp 2 -display none -monitor none -serial stdio "${serial2[@]}" -no-reboot \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	>"$log" 2>&1 </dev/null || rc=$?
exit $rc
