#!/usr/bin/env bash
# A real distribution on one variant's kernel:  distro.sh VARIANT
# Boots the Debian 12 root file system of harness/rootfs.sh with systemd on
# the variant's kernel (QEMU, virtio-blk, -smp 2) and checks, on the serial
# console's "KTD:" lines (harness/guest/distro/kt-distro):
#   - systemctl kexec: kernel A loads kernel B with kexec-tools (kexec -s -l
#     --append), systemctl kexec shuts A down through systemd (a unit's
#     ExecStop leaves A's boot id on the disk) and B, the kernel just built
#     or Debian's (harness/debian-kernel.sh) with the initramfs of
#     harness/debian-initrd.sh, boots the same disk to multi-user with
#     exactly the command line A gave it;
#   - kdump-tools, enabled the Debian way (/etc/default/kdump-tools,
#     crashkernel=): kdump-config loads the crash kernel at boot with
#     kexec_file_load (kexec -s), reports it ready, a sysrq-c panic boots it,
#     kdump-tools saves the dump and dmesg under /var/crash with makedumpfile
#     and reboots; after the reboot both files are there, and the crash
#     utility opens the dump, taken off the disk, with the built vmlinux.
# Appends results to build/results/VARIANT like e2e.sh.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: distro.sh overlay|stock}
obj=$(variant_obj "$variant")
results=$BUILD/results/$variant
logs=$BUILD/logs/$variant/distro
# The driver the guest runs; distro.sh writes it and its units into the image.
GUEST_FILES=$TOP/harness/guest/distro
# A systemd boot under TCG on a loaded machine takes minutes, not seconds.
TIMEOUT=${KT_DISTRO_TIMEOUT:-900}
CRASHKERNEL=${KT_DISTRO_CRASHKERNEL:-256M}
# Kernel A and the built kernel written into the image; KT_DISTRO_KERNEL
# (with KT_DISTRO_INITRD, KT_DISTRO_KDUMP_INITRD and KT_DISTRO_CRASHKERNEL)
# put another kernel in, e.g. Debian's, to try the guest side without a
# kernel build.
KERNEL=${KT_DISTRO_KERNEL:-$obj/arch/x86/boot/bzImage}
INITRD_A=()
[ -z "${KT_DISTRO_INITRD:-}" ] || INITRD_A=(-initrd "$KT_DISTRO_INITRD")
mkdir -p "$logs" "$(dirname "$results")"

# The crash kernel's initramfs: kdump-tools wants one. The built kernel has
# virtio-blk and ext4 built in, so it holds no /init and the kernel mounts
# root= itself.
kdump_initrd()
{
	local root=$BUILD/guest/distro-kdump-root out=$BUILD/guest/distro-kdump.cpio
	rm -rf "$root" && mkdir -p "$root/kt-no-init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$out" || die "cpio failed"
	echo "$out"
}

# The Debian way to enable kdump-tools, pointing at the built kernel.
kdump_defaults()
{
	cat <<'DEFAULTS'
# Written by harness/distro.sh
USE_KDUMP=1
KDUMP_KERNEL=/boot/kt/vmlinuz
KDUMP_INITRD=/boot/kt/initrd-kdump
# kexec_file_load(2), as on a secure boot machine
KDUMP_KEXEC_ARGS="-s"
KDUMP_COREDIR="/var/crash"
DEFAULTS
}

# The units that run the driver (harness/guest/distro/kt-distro) into $logs.
write_units()
{
	# Type=exec: boot finishes without waiting for the driver, which waits
	# for multi-user itself.
	cat >"$logs/kt-test.service" <<'UNIT'
[Unit]
Description=kexec distribution test driver

[Service]
Type=exec
ExecStart=/usr/local/sbin/kt-distro

[Install]
WantedBy=multi-user.target
UNIT
	# Proof that the system went through systemd's shutdown: stopping this
	# unit (on the way to kexec.target) writes the boot's id to the disk.
	cat >"$logs/kt-marker.service" <<'UNIT'
[Unit]
Description=kexec test shutdown marker

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
ExecStop=/usr/local/sbin/kt-distro stopping

[Install]
WantedBy=multi-user.target
UNIT
}

# fresh_disk NAME: a copy of the root file system with the test's files and
# this variant's kernel written in; prints its path.
fresh_disk()
{
	local disk=$logs/$1.raw cmds=$logs/$1.debugfs defaults=$logs/kdump-tools.default
	cp --sparse=always "$IMAGE" "$disk"
	kdump_defaults >"$defaults"
	cat >"$cmds" <<CMDS
mkdir /boot/kt
cd /boot/kt
write $KERNEL vmlinuz
write $KDUMP_INITRD initrd-kdump
write $DEBIAN_KERNEL debian-vmlinuz
write $DEBIAN_INITRD debian-initrd
cd /usr/local/sbin
write $GUEST_FILES/kt-distro kt-distro
cd /etc/systemd/system
write $logs/kt-test.service kt-test.service
write $logs/kt-marker.service kt-marker.service
mkdir multi-user.target.wants
cd multi-user.target.wants
symlink kt-test.service /etc/systemd/system/kt-test.service
symlink kt-marker.service /etc/systemd/system/kt-marker.service
cd /etc/default
rm kdump-tools
write $defaults kdump-tools
CMDS
	debugfs -w -f "$cmds" "$disk" >"$cmds.log" 2>&1 || die "debugfs on $disk failed, see $cmds.log"
	echo "$disk"
}

# boot NAME APPEND [reboot]: one QEMU run on a fresh disk until the guest
# powers off (with "reboot", a reboot restarts kernel A instead of ending
# the run); prints the serial log's path.
boot()
{
	local log=$logs/$1.log disk rc=0 accel=tcg noreboot=(-no-reboot)
	disk=$(fresh_disk "$1")
	[ "${3:-}" = reboot ] && noreboot=()
	[ -f "$BUILD/accel" ] && accel=$(cat "$BUILD/accel")
	timeout --kill-after=10 "$TIMEOUT" qemu-system-x86_64 -accel "$accel" \
		-m 1024 -smp 2 -display none -monitor none -serial stdio "${noreboot[@]}" \
		-drive "file=$disk,format=raw,if=virtio" \
		-kernel "$KERNEL" "${INITRD_A[@]}" -append "$2" \
		>"$log" 2>&1 </dev/null || rc=$?
	sed -i 's/\r$//' "$log"
	if [ $rc != 0 ]; then
		echo "    [$variant] $1: qemu exited $rc (124: timeout); serial log tail:" >&2
		tail -n 25 "$log" | sed 's/^/      | /' >&2
	fi
	echo "$log"
}

# ktd LOG PATTERN: the first KTD line matching PATTERN (grep -E), without
# "KTD: ". A line may follow a getty's prompt on the console.
ktd()
{
	{ grep -a -o -E "KTD: $2.*" "$1" || true; } | head -n 1 | sed 's/^KTD: //'
}

# check NAME PROBLEM: a result; an empty PROBLEM passes.
check()
{
	if [ -z "$2" ]; then record pass "$1"; else record fail "$1" "$2"; fi
}

up_problem()
{
	local line=$1
	case "$line" in
	"") echo "never reached the test driver" ;;
	*"multi-user=active"*) ;;
	*) echo "not multi-user: $line" ;;
	esac
}

# systemctl_kexec NAME TARGET: one A -> B round trip through systemctl kexec.
systemctl_kexec()
{
	local token log
	token=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
	log=$(boot "systemctl-kexec-$2" \
		"root=/dev/vda rw console=ttyS0 panic=-1 kt.distro=kexec kt.target=$2 kt.token=$token")
	judge_kexec "distro/$1" "$2" "$token" "$log"
	# A disk is 1.2 GB (sparse): keep only the logs.
	rm -f "${log%.log}.raw"
}

# judge_kexec NAME TARGET TOKEN LOG: the results of one systemctl kexec run.
judge_kexec()
{
	local name=$1 target=$2 token=$3 log=$4 a_up b_up stopped a_boot want got release
	a_up=$(ktd "$log" "up ")
	check "$name/kernel-a-multi-user" "$(up_problem "$a_up")"
	[ -n "$a_up" ] || return 0
	got=$(ktd "$log" "loaded ")
	check "$name/kexec-s-l-loads" "$([ "$got" = "${got#loaded kexec_loaded=1}" ] && echo "${got:-no load}: $(ktd "$log" 'kexec: ')")"
	a_boot=$(echo "$a_up" | sed -n 's/.* boot=//p')
	stopped=$(ktd "$log" "stopping boot=")
	check "$name/kernel-a-shutdown-ran" "$([ "$stopped" = "${stopped#"stopping boot=$a_boot"}" ] && echo "no ExecStop of kt-marker.service from boot $a_boot: '$stopped'")"
	b_up=$({ grep -a -o 'KTD: up .*' "$log" || true; } | sed -n '2p' | sed 's/^KTD: //')
	case "$target" in
	built) release=$(cat "$obj/include/config/kernel.release") ;;
	debian) release=$DEBIAN_RELEASE ;;
	esac
	check "$name/kernel-b-multi-user" "$(up_problem "$b_up")"
	check "$name/kernel-b-is-$target" "$(case "$b_up" in "up kernel=$release "*) ;; *) echo "want kernel $release: '$b_up'" ;; esac)"
	want="root=/dev/vda rw console=ttyS0 panic=-1 kt.distro=kexec kt.stage=b kt.target=$target kt.token=$token"
	got=$(ktd "$log" "B cmdline=" | sed 's/^B cmdline=//')
	check "$name/kernel-b-cmdline" "$([ "$got" = "$want" ] || echo "got '$got'")"
	got=$(ktd "$log" "B a-boot=")
	check "$name/kernel-b-sees-a-shutdown" "$([ "$got" = "B a-boot=$a_boot stopped=$a_boot" ] || echo "'$got', want A's boot id $a_boot in both")"
}

# kdump_tools NAME: the Debian kdump-tools cycle; three boots in one QEMU run.
kdump_tools()
{
	local name=distro/$1 log got dump
	log=$(boot kdump-tools \
		"root=/dev/vda rw console=ttyS0 crashkernel=$CRASHKERNEL kt.distro=kdump" reboot)
	check "$name/kernel-a-multi-user" "$(up_problem "$(ktd "$log" "up ")")"
	got=$(ktd "$log" "kdump-tools.service=")
	check "$name/kdump-tools-service-active" "$([ "$got" = "kdump-tools.service=active" ] || echo "'$got'")"
	got=$(ktd "$log" "status: current state")
	check "$name/kdump-config-status-ready" "$(case "$got" in *"ready to kdump"*) [ "${got#*Not ready}" = "$got" ] || echo "'$got'" ;; *) echo "'${got:-no status}'" ;; esac)"
	got=$(ktd "$log" "kexec_cmd: ")
	check "$name/loaded-with-kexec_file_load" "$(case "$got" in *"kexec -p -s "* | *"kexec -p "*" -s "*) ;; *) echo "kexec_cmd: '$got'" ;; esac)"
	got=$(grep -a -c 'kdump-tools-dump.service' "$log" || true)
	check "$name/crash-kernel-runs-kdump-tools-dump" "$([ "$got" -gt 0 ] || echo "the crash kernel never started kdump-tools-dump.service")"
	dump=$(ktd "$log" "after-crash dump=")
	check "$name/dump-saved-in-var-crash" "$(case "$dump" in *"dump=/var/crash/2"*"/dump."*" size="[1-9]*" dmesg=/var/crash/2"*"/dmesg."*) ;; *) echo "'${dump:-no report after the reboot}'" ;; esac)"
	got=$(ktd "$log" "after-crash dmesg-panic=")
	check "$name/dmesg-file-has-panic" "$(case "$got" in *"dmesg-panic="[1-9]*) ;; *) echo "'${got:-no report}'" ;; esac)"
	[ -z "$dump" ] || crash_opens_dump "$name" "$(echo "$dump" | sed 's/^after-crash dump=\([^ ]*\).*/\1/')"
	rm -f "${log%.log}.raw"
}

# The dump kdump-tools saved (makedumpfile -F: flattened), taken off the
# disk, rebuilt with makedumpfile -R and opened by crash with the vmlinux.
crash_opens_dump()
{
	local name=$1 dumpfile=$2 out=$logs/kdump-tools.dump
	rm -f "$out.flat" "$out"
	debugfs -R "dump $dumpfile $out.flat" "$logs/kdump-tools.raw" >/dev/null 2>&1
	makedumpfile -R "$out" <"$out.flat" >"$out.log" 2>&1 || true
	printf 'log\nexit\n' >"$out.cmds"
	timeout 300 crash -s --kaslr auto --no_kmem_cache "$obj/vmlinux" "$out" \
		-i "$out.cmds" </dev/null >"$out.crash" 2>&1 || true
	check "$name/crash-opens-dump" "$(grep -q 'sysrq triggered crash' "$out.crash" ||
		echo "no 'sysrq triggered crash' in crash's log: $(tail -n 2 "$out.crash" | tr '\n' ' ')")"
}

IMAGE=$(bash "$TOP/harness/rootfs.sh")
write_units
KDUMP_INITRD=${KT_DISTRO_KDUMP_INITRD:-$(kdump_initrd)}
# Debian's kernel, its release and its initramfs (kernel B's second target).
DEBIAN_KERNEL=$(bash "$TOP/harness/debian-kernel.sh") || die "harness/debian-kernel.sh failed"
DEBIAN_RELEASE=$(cat "$(dirname "$DEBIAN_KERNEL")/release")
DEBIAN_INITRD=$(bash "$TOP/harness/debian-initrd.sh") || die "harness/debian-initrd.sh failed"
# A row runs when its result name matches KT_DISTRO_ONLY (grep -E; all by default).
distro_case()
{
	echo "$3" | grep -qE "${KT_DISTRO_ONLY:-.}" || return 0
	guest_case "$@"
}

note "$variant: Debian 12 with systemd under QEMU (systemctl kexec, kdump-tools)"
each_row distro_case <<'EOF2'
# kernels | function        | result name           | kernel B
all       | systemctl_kexec | systemctl-kexec/built  | built
all       | systemctl_kexec | systemctl-kexec/debian | debian
# kernels | function        | result name
all       | kdump_tools     | kdump-tools
EOF2
