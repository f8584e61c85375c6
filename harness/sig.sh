#!/usr/bin/env bash
# Signed-image kexec on one kernel:  sig.sh KERNEL
# KERNEL: overlay or stock (x86_64, QEMU pc), overlay-arm64 or stock-arm64
# (QEMU virt, at EL1; see kernel_arch in lib.sh).
# Signs the built kernel with the project's test key (keys.sh), prepares
# the bad images (sig-images.py), adds them and harness/guest/sig1 to the
# stage-1 initramfs, and boots kernel A twice: with lockdown=integrity
# (every case refused or loaded with its errno, kexec_load refused with
# EPERM, then the project-signed kernel executed into stage 2), and without
# lockdown (the cases again, then lockdown raised to integrity through
# securityfs and Debian's signed kernel executed).
# Appends results lines to build/results/KERNEL. Needs the kernel built,
# keys.sh trusted, initramfs.sh stage2 ARCH, kselftest.sh ARCH and
# debian-kernel.sh ARCH run.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: sig.sh overlay|stock|overlay-arm64|stock-arm64}
arch=$(kernel_arch "$variant")
guest=$(guest_dir "$arch")
obj=$(variant_obj "$variant")
image=$obj/$(kernel_image "$variant")
results=$BUILD/results/$variant
logs=$BUILD/logs/$variant
dir=$BUILD/sig/$variant
root=$dir/root
mkdir -p "$logs" "$(dirname "$results")"

# The cases: NAME, then per kernel the errno and the number of kexec_file
# log lines. The stock kernel is 6.1: under lockdown every refusal is EPERM
# and nothing is logged under "kexec_file: "; without enforcement it loads
# everything, a signature found wrong included. The arm64 Image loader
# copies the file itself, so two cases are arm64's own: a signed Image
# whose copied bytes are not all hashed (6.1 loads it), and x86's
# malformed PE header (a moved PE signature), which the Image probe
# refuses before any signature check, logging under "kexec_image: " (see
# sig-images.py for arm64's malformed-pe-header).
CASES=$(cat <<'EOF'
# arch  | mode       | case                | image               | overlay        | stock
all     | enforced   | project-signed      | signed-built        | 0 0            | 0 0
all     | enforced   | debian-signed       | debian              | 0 0            | 0 0
all     | enforced   | unsigned            | unsigned            | ENODATA 1      | EPERM 0
all     | enforced   | byte-changed        | byte-changed        | EKEYREJECTED 1 | EPERM 0
all     | enforced   | untrusted-key       | untrusted-key       | ENOKEY 1       | EPERM 0
all     | enforced   | sig-cut-short       | sig-cut-short       | EBADMSG 1      | EPERM 0
all     | enforced   | certs-outside-file  | certs-outside-file  | EBADMSG 1      | EPERM 0
all     | enforced   | two-sigs-first-bad  | two-sigs-first-bad  | EKEYREJECTED 1 | EPERM 0
all     | enforced   | malformed-pe-header | malformed-pe-header | EBADMSG 1      | EPERM 0
arm64   | enforced   | copied-not-signed   | copied-not-signed   | EKEYREJECTED 1 | 0 0
arm64   | enforced   | pe-signature-moved  | pe-signature-moved  | ENOEXEC 0      | EPERM 0
all     | unenforced | project-signed      | signed-built        | 0 0            | 0 0
all     | unenforced | unsigned            | unsigned            | 0 1            | 0 0
all     | unenforced | untrusted-key       | untrusted-key       | 0 1            | 0 0
all     | unenforced | byte-changed        | byte-changed        | EKEYREJECTED 1 | 0 0
all     | unenforced | two-sigs-first-bad  | two-sigs-first-bad  | EKEYREJECTED 1 | 0 0
all     | unenforced | sig-cut-short       | sig-cut-short       | 0 1            | 0 0
all     | unenforced | certs-outside-file  | certs-outside-file  | 0 1            | 0 0
all     | unenforced | malformed-pe-header | malformed-pe-header | 0 1            | 0 0
arm64   | unenforced | copied-not-signed   | copied-not-signed   | EKEYREJECTED 1 | 0 0
arm64   | unenforced | pe-signature-moved  | pe-signature-moved  | ENOEXEC 0      | 0 0
# Unified Kernel Images of the built kernel. 6.1 knows no UKI: its probe
# refuses one as no kernel, NOFMT below: ENOEXEC on x86_64 (bzImage64),
# EINVAL on arm64 (Image). kexec_file_test sig passes its own command
# line, not the signed one.
all     | enforced   | uki-other-cmdline   | uki-signed          | EPERM 1        | NOFMT 0
all     | enforced   | uki-unsigned        | uki-unsigned        | ENODATA 1      | NOFMT 0
all     | enforced   | uki-cmdline-changed | uki-cmdline-changed | EKEYREJECTED 1 | NOFMT 0
all     | enforced   | uki-no-linux        | uki-no-linux        | EINVAL 1       | NOFMT 0
all     | enforced   | uki-overlap         | uki-overlap         | EINVAL 1       | NOFMT 0
all     | enforced   | uki-outside-file    | uki-outside-file    | EINVAL 1       | NOFMT 0
all     | unenforced | uki-other-cmdline   | uki-signed          | 0 0            | NOFMT 0
all     | unenforced | uki-unsigned        | uki-unsigned        | 0 1            | NOFMT 0
all     | unenforced | uki-cmdline-changed | uki-cmdline-changed | EKEYREJECTED 1 | NOFMT 0
all     | unenforced | uki-no-linux        | uki-no-linux        | EINVAL 1       | NOFMT 0
all     | unenforced | uki-overlap         | uki-overlap         | EINVAL 1       | NOFMT 0
all     | unenforced | uki-outside-file    | uki-outside-file    | EINVAL 1       | NOFMT 0
# Compressed arm64 kernels (harness/zimage.py): the built kernel's EFI
# zboot image signed with the project key, the same unsigned, signed and
# then one payload byte changed, and the built Image gzip compressed, which
# has no signature at all. 6.1 refuses them as no Image (NOFMT).
arm64   | enforced   | zboot-signed        | zboot-signed        | 0 0            | NOFMT 0
arm64   | enforced   | zboot-unsigned      | zboot-unsigned      | ENODATA 1      | NOFMT 0
arm64   | enforced   | zboot-tampered      | zboot-tampered      | EKEYREJECTED 1 | NOFMT 0
arm64   | enforced   | image-gz            | image-gz            | ENODATA 1      | NOFMT 0
arm64   | unenforced | zboot-signed        | zboot-signed        | 0 0            | NOFMT 0
arm64   | unenforced | zboot-unsigned      | zboot-unsigned      | 0 1            | NOFMT 0
arm64   | unenforced | zboot-tampered      | zboot-tampered      | EKEYREJECTED 1 | NOFMT 0
arm64   | unenforced | image-gz            | image-gz            | 0 1            | NOFMT 0
EOF
)
# This architecture's rows, without the arch column.
CASES=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' <<<"$CASES" |
	awk -F'|' -v arch="$arch" '{ a = $1; gsub(/ /, "", a) }
		a == "all" || a == arch { sub(/^[^|]*[|][ \t]*/, ""); print }')

# manifest_row MODE CASE IMAGE OVERLAY STOCK: one kexec_file_test sig line.
manifest_row()
{
	local want=$4 nofmt=ENOEXEC
	[ "$(kernel_variant "$variant")" = stock ] && want=$5
	[ "$arch" = arm64 ] && nofmt=EINVAL
	want=${want/NOFMT/$nofmt}
	echo "$2 $want /kt/sig/$3" >>"$root/kt/sig/cases.$1"
}

# Debian's signer must be one the kernels trust: keys.sh takes it from the
# amd64 vmlinuz, and Debian signs its arm64 kernel with the same
# certificate ("Debian Secure Boot Signer 2022 - linux"). Say so if that
# ever changes, rather than failing debian-signed with ENOKEY.
debian_signer_trusted()
{
	bash "$TOP/harness/keys.sh" verify "$1" ||
		die "$1 is not signed by a certificate in build/keys/trusted.pem"
}

# A UKI of the built kernel with stage 2's initrd and command line, signed
# with the project key, and its bad variants (uki.py).
prepare_ukis()
{
	local out=$root/kt/sig kind
	make_uki "$arch" "$out/uki-unsigned" "$image" "$guest/initrd-good" "$guest/cmdline-b"
	bash "$TOP/harness/keys.sh" sign "$out/uki-unsigned" "$out/uki-signed"
	python3 "$TOP/harness/uki.py" bad cmdline-byte "$out/uki-signed" "$out/uki-cmdline-changed" ||
		die "uki.py bad cmdline-byte failed"
	for kind in no-linux overlap outside-file; do
		python3 "$TOP/harness/uki.py" bad "$kind" "$out/uki-unsigned" "$out/uki-$kind" ||
			die "uki.py bad $kind failed"
	done
}

# arm64: the built kernel's zboot image signed, unsigned and tampered
# with after signing (a byte of its compressed payload), and its Image
# gzip compressed.
prepare_zboots()
{
	local out=$root/kt/sig efi=$obj/arch/arm64/boot/vmlinuz.efi
	cp "$efi" "$out/zboot-unsigned"
	bash "$TOP/harness/keys.sh" sign "$efi" "$out/zboot-signed"
	cp "$out/zboot-signed" "$out/zboot-tampered"
	# A byte in the middle of the payload (offset and size at 8 and 12 of
	# the header), inverted.
	python3 - "$out/zboot-tampered" <<'PY' || die "tampering with the zboot image failed"
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
off, size = struct.unpack_from('<II', b, 8)
b[off + size // 2] ^= 0xff
open(sys.argv[1], 'wb').write(b)
PY
	gzip -9 -n -c "$obj/arch/arm64/boot/Image" >"$out/image-gz"
}

prepare_images()
{
	local keys=$TOP/harness/keys.sh debian
	rm -rf "$dir" && mkdir -p "$root/kt/sig"
	debian=$(bash "$TOP/harness/debian-kernel.sh" "$arch")
	debian_signer_trusted "$debian"
	bash "$TOP/harness/initramfs.sh" stage1 "$variant"
	cp "$image" "$root/kt/sig/unsigned"
	bash "$keys" sign "$image" "$root/kt/sig/signed-built"
	bash "$keys" sign "$image" "$root/kt/sig/untrusted-key" untrusted
	# A trusted signature over other bytes: the kernel with one byte changed.
	cp "$image" "$dir/other"
	printf '\377' | dd of="$dir/other" bs=1 seek=$((0x3000)) conv=notrunc status=none
	bash "$keys" sign "$dir/other" "$dir/other-signed"
	python3 "$TOP/harness/sig-images.py" "$root/kt/sig/signed-built" "$dir/other-signed" \
		"$root/kt/sig" || die "sig-images.py failed"
	if [ "$arch" = arm64 ]; then
		python3 "$TOP/harness/sig-images.py" gap "$image" "$dir/gap" ||
			die "sig-images.py gap failed"
		bash "$keys" sign "$dir/gap" "$root/kt/sig/copied-not-signed"
	fi
	prepare_ukis
	[ "$arch" = arm64 ] && prepare_zboots
	ln -s /kt/target-debian "$root/kt/sig/debian"
	cp "$TOP/harness/guest/sig1" "$root/kt/sig1"
	each_row manifest_row <<<"$CASES"
	# The kernel reads concatenated newc archives as one.
	(cd "$root" && find . | sort | cpio -o -H newc --quiet) >"$dir/extra.cpio" ||
		die "cpio of $root failed"
	cat "$guest/stage1-$variant.cpio" "$dir/extra.cpio" >"$dir/initramfs.cpio"
}

# boot NAME APPEND: one guest run; prints its log path.
boot()
{
	local log=$logs/${1//\//_}.log rc=0 machine=pc
	[ "$arch" = x86_64 ] || machine=virt
	KT_MACHINE=$machine bash "$TOP/harness/qemu.sh" "$image" "$dir/initramfs.cpio" \
		"console=$(arch_console "$arch") panic=-1 rdinit=/kt/sig1 $2" "$log" || rc=$?
	[ -f "$log" ] && sed -i 's/\r$//' "$log"
	[ $rc = 0 ] || echo "    [$variant] $1: qemu exited $rc" >&2
	echo "$log"
}

# stage2 NAME LOG RELEASE: did kernel B start with what kernel A gave it?
stage2()
{
	local got why=""
	got=$(grep -a '^KT2: cmdline=' "$2" | head -n 1 | sed 's/^KT2: cmdline=//') || true
	if [ -z "$got" ]; then
		why="stage 2 never ran: $(grep -a '^KT1: FAIL' "$2" | head -n 1 || true)"
	elif [ "$got" != "$(cat "$guest/cmdline-b")" ]; then
		why="cmdline differs: '$got'"
	elif ! grep -aq "^KT2: kernel=$3 cpus=2 " "$2"; then
		why="want kernel $3: $(grep -a '^KT2: kernel=' "$2")"
	elif ! grep -aq '^KT2: RESULT PASS$' "$2"; then
		why=$(grep -a '^KT2: RESULT' "$2" || echo 'no verdict')
	fi
	record "$( [ -z "$why" ] && echo pass || echo fail)" "$1" "$why"
}

# kexec -c must fail with EPERM and leave nothing loaded.
kexec_c_refused()
{
	local line
	line=$(grep -a '^KT1: kexec-c rc=' "$2" | head -n 1) || true
	case "$line" in
	"KT1: kexec-c rc=0 "*) record fail "$1" "kexec -c succeeded: $line" ;;
	*"loaded=0: "*"Operation not permitted"*) record pass "$1" ;;
	*) record fail "$1" "want EPERM and nothing loaded: ${line:-no kexec -c line}" ;;
	esac
}

note "$variant: signed-image kexec (lockdown=integrity and without)"
prepare_images
release=$(cat "$obj/include/config/kernel.release")
log=$(boot sig/lockdown "lockdown=integrity kt.sig=enforced kt.eperm=1 kt.exec=signed-built")
results_block tap sig/lockdown "$log" "KT1: sig" any-rc | record_lines
mapfile -t names < <(sed -n 's/^enforced *| *\([^ ]*\) .*/sig\/lockdown\/\1/p' <<<"$CASES")
expect_results "$results" "kexec_file_test sig did not report" "${names[@]}" | record_lines
kexec_c_refused sig/lockdown/kexec-c-refused-eperm "$log"
results_block tap sig/lockdown/kexec_load_test "$log" "KT1: klt" any-rc | record_lines
expect_results "$results" "kexec_load_test did not report" \
	sig/lockdown/kexec_load_test/locked_down_load_rejected_eperm | record_lines
stage2 sig/lockdown/project-signed-round-trip "$log" "$release"
# The signed UKI under lockdown, with no initrd fd and no command line.
log=$(boot sig/lockdown-uki "lockdown=integrity kt.exec=uki-signed kt.uki=1")
stage2 sig/lockdown/uki-signed-round-trip "$log" "$release"
# arm64: the signed zboot image under lockdown, decompressed by kernel A.
if [ "$arch" = arm64 ]; then
	log=$(boot sig/lockdown-zboot "lockdown=integrity kt.exec=zboot-signed")
	stage2 sig/lockdown/zboot-signed-round-trip "$log" "$release"
fi
# Lockdown raised at run time after the unenforced cases: Debian's kernel.
log=$(boot sig/unenforced "kt.sig=unenforced kt.raise=integrity kt.exec=debian")
results_block tap sig/unenforced "$log" "KT1: sig" any-rc | record_lines
mapfile -t names < <(sed -n 's/^unenforced *| *\([^ ]*\) .*/sig\/unenforced\/\1/p' <<<"$CASES")
expect_results "$results" "kexec_file_test sig did not report" "${names[@]}" | record_lines
stage2 sig/lockdown-raised/debian-signed-round-trip "$log" \
	"$(cat "$(dirname "$(bash "$TOP/harness/debian-kernel.sh" "$arch")")/release")"
