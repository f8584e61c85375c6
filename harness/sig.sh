#!/usr/bin/env bash
# Signed-image kexec on one variant's kernel:  sig.sh VARIANT
# Signs the built kernel with the project's test key (keys.sh), prepares
# the bad images (sig-images.py), adds them and harness/guest/sig1 to the
# stage-1 initramfs, and boots kernel A twice: with lockdown=integrity
# (every case refused or loaded with its errno, kexec_load refused with
# EPERM, then the project-signed kernel executed into stage 2), and without
# lockdown (the cases again, then lockdown raised to integrity through
# securityfs and Debian's signed kernel executed).
# Appends results lines to build/results/VARIANT. Needs the variant built,
# keys.sh trusted, initramfs.sh stage2 and kselftest.sh run.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: sig.sh overlay|stock}
obj=$(variant_obj "$variant")
results=$BUILD/results/$variant
logs=$BUILD/logs/$variant
dir=$BUILD/sig/$variant
root=$dir/root
mkdir -p "$logs" "$(dirname "$results")"

# The cases: NAME, then per kernel the errno and the number of kexec_file
# log lines. The stock kernel is 6.1: under lockdown every refusal is EPERM
# and nothing is logged under "kexec_file: "; without enforcement it loads
# everything, a signature found wrong included.
CASES=$(cat <<'EOF'
# mode       | case                | image               | overlay        | stock
enforced     | project-signed      | signed-built        | 0 0            | 0 0
enforced     | debian-signed       | debian              | 0 0            | 0 0
enforced     | unsigned            | unsigned            | ENODATA 1      | EPERM 0
enforced     | byte-changed        | byte-changed        | EKEYREJECTED 1 | EPERM 0
enforced     | untrusted-key       | untrusted-key       | ENOKEY 1       | EPERM 0
enforced     | sig-cut-short       | sig-cut-short       | EBADMSG 1      | EPERM 0
enforced     | certs-outside-file  | certs-outside-file  | EBADMSG 1      | EPERM 0
enforced     | two-sigs-first-bad  | two-sigs-first-bad  | EKEYREJECTED 1 | EPERM 0
enforced     | malformed-pe-header | malformed-pe-header | EBADMSG 1      | EPERM 0
unenforced   | project-signed      | signed-built        | 0 0            | 0 0
unenforced   | unsigned            | unsigned            | 0 1            | 0 0
unenforced   | untrusted-key       | untrusted-key       | 0 1            | 0 0
unenforced   | byte-changed        | byte-changed        | EKEYREJECTED 1 | 0 0
unenforced   | two-sigs-first-bad  | two-sigs-first-bad  | EKEYREJECTED 1 | 0 0
unenforced   | sig-cut-short       | sig-cut-short       | 0 1            | 0 0
unenforced   | certs-outside-file  | certs-outside-file  | 0 1            | 0 0
unenforced   | malformed-pe-header | malformed-pe-header | 0 1            | 0 0
EOF
)

# manifest_row MODE CASE IMAGE OVERLAY STOCK: one kexec_file_test sig line.
manifest_row()
{
	local want=$4
	[ "$variant" = stock ] && want=$5
	echo "$2 $want /kt/sig/$3" >>"$root/kt/sig/cases.$1"
}

prepare_images()
{
	local bz=$obj/arch/x86/boot/bzImage keys=$TOP/harness/keys.sh
	rm -rf "$dir" && mkdir -p "$root/kt/sig"
	bash "$TOP/harness/initramfs.sh" stage1 "$variant"
	cp "$bz" "$root/kt/sig/unsigned"
	bash "$keys" sign "$bz" "$root/kt/sig/signed-built"
	bash "$keys" sign "$bz" "$root/kt/sig/untrusted-key" untrusted
	# A trusted signature over other bytes: the kernel with one byte changed.
	cp "$bz" "$dir/other"
	printf '\377' | dd of="$dir/other" bs=1 seek=$((0x3000)) conv=notrunc status=none
	bash "$keys" sign "$dir/other" "$dir/other-signed"
	python3 "$TOP/harness/sig-images.py" "$root/kt/sig/signed-built" "$dir/other-signed" \
		"$root/kt/sig" || die "sig-images.py failed"
	ln -s /kt/target-debian "$root/kt/sig/debian"
	cp "$TOP/harness/guest/sig1" "$root/kt/sig1"
	each_row manifest_row <<<"$CASES"
	# The kernel reads concatenated newc archives as one.
	(cd "$root" && find . | sort | cpio -o -H newc --quiet) >"$dir/extra.cpio" ||
		die "cpio of $root failed"
	cat "$BUILD/guest/stage1-$variant.cpio" "$dir/extra.cpio" >"$dir/initramfs.cpio"
}

# boot NAME APPEND: one guest run; prints its log path.
boot()
{
	local log=$logs/${1//\//_}.log rc=0
	bash "$TOP/harness/qemu.sh" "$obj/arch/x86/boot/bzImage" "$dir/initramfs.cpio" \
		"console=ttyS0 panic=-1 rdinit=/kt/sig1 $2" "$log" || rc=$?
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
	elif [ "$got" != "$(cat "$BUILD/guest/cmdline-b")" ]; then
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
# Lockdown raised at run time after the unenforced cases: Debian's kernel.
log=$(boot sig/unenforced "kt.sig=unenforced kt.raise=integrity kt.exec=debian")
results_block tap sig/unenforced "$log" "KT1: sig" any-rc | record_lines
mapfile -t names < <(sed -n 's/^unenforced *| *\([^ ]*\) .*/sig\/unenforced\/\1/p' <<<"$CASES")
expect_results "$results" "kexec_file_test sig did not report" "${names[@]}" | record_lines
stage2 sig/lockdown-raised/debian-signed-round-trip "$log" "$(cat "$BUILD/debian/release")"
