#!/usr/bin/env bash
# Keys for signed-image kexec, in build/keys/:
#   keys.sh trusted          the test kernels' trusted certificates,
#                            trusted.pem (CONFIG_SYSTEM_TRUSTED_KEYS): the
#                            certificate that signed Debian's kernel, taken
#                            from the PKCS#7 in its certificate table, and
#                            the project's test certificate (project.crt),
#                            generated here with openssl; also a key the
#                            kernels do not trust (untrusted.crt)
#   keys.sh sign IN OUT      OUT = IN signed with the project's test key
#                            (sbsign)
#   keys.sh verify IMAGE     exit 0 if one of the trusted certificates
#                            signed IMAGE (sbverify)
# Debian signs its amd64 and arm64 kernels with the same certificate, so
# the amd64 vmlinuz's is enough; sig.sh checks the arm64 one with verify.
# Keys are made once per build directory: regenerating them would change
# trusted.pem and rebuild both kernels.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

KEYS=$BUILD/keys

# new_key NAME SUBJECT: a self-signed RSA-2048 code-signing certificate.
new_key()
{
	[ -f "$KEYS/$1.crt" ] && return 0
	openssl req -new -x509 -newkey rsa:2048 -sha256 -nodes -days 36500 \
		-subj "/CN=$2" -addext "extendedKeyUsage=codeSigning" \
		-keyout "$KEYS/$1.key" -out "$KEYS/$1.crt" >"$KEYS/$1.log" 2>&1 ||
		die "openssl could not make the $1 key, see $KEYS/$1.log"
}

# The signer of Debian's kernel: its certificate travels in the PKCS#7
# signature in the vmlinuz's PE certificate table.
debian_cert()
{
	local vmlinuz
	vmlinuz=$(bash "$TOP/harness/debian-kernel.sh")
	rm -f "$KEYS/debian.p7"
	sbattach --detach "$KEYS/debian.p7" "$vmlinuz" >"$KEYS/debian.log" 2>&1 ||
		die "no signature in $vmlinuz (sbattach --detach), see $KEYS/debian.log"
	openssl pkcs7 -inform DER -in "$KEYS/debian.p7" -print_certs \
		-out "$KEYS/debian.pem.new" 2>>"$KEYS/debian.log" ||
		die "cannot read the certificates of Debian's signature, see $KEYS/debian.log"
	grep -q 'BEGIN CERTIFICATE' "$KEYS/debian.pem.new" ||
		die "Debian's signature carries no certificate"
	mv "$KEYS/debian.pem.new" "$KEYS/debian.pem"
}

trusted()
{
	mkdir -p "$KEYS"
	new_key project "kexec rewrite test signing key"
	new_key untrusted "kexec rewrite untrusted key"
	[ -f "$KEYS/debian.pem" ] || debian_cert
	cat "$KEYS/debian.pem" "$KEYS/project.crt" >"$KEYS/trusted.pem.new"
	# Keep the file (and its time stamp) when nothing changed.
	if cmp -s "$KEYS/trusted.pem.new" "$KEYS/trusted.pem"; then
		rm "$KEYS/trusted.pem.new"
	else
		mv "$KEYS/trusted.pem.new" "$KEYS/trusted.pem"
	fi
	note "trusted keys: $(grep -c 'BEGIN CERTIFICATE' "$KEYS/trusted.pem") certificates in ${KEYS#"$TOP/"}/trusted.pem"
}

# sign IN OUT [KEY]: OUT is IN signed by KEY (default: the project's key).
sign()
{
	local key=${3:-project}
	sbsign --key "$KEYS/$key.key" --cert "$KEYS/$key.crt" --output "$2" "$1" \
		>"$2.log" 2>&1 || die "sbsign $1 failed, see $2.log"
	rm -f "$2.log"
}

# verify IMAGE: did a certificate the kernels trust sign IMAGE?
verify()
{
	local crt
	for crt in "$KEYS/debian.pem" "$KEYS/project.crt"; do
		[ -f "$crt" ] || die "no $crt: run 'keys.sh trusted' first"
		sbverify --cert "$crt" "$1" >/dev/null 2>&1 && return 0
	done
	return 1
}

case "${1:-}" in
trusted) trusted ;;
verify) verify "${2:?usage: keys.sh verify IMAGE}" ;;
sign) sign "${2:?usage: keys.sh sign IN OUT [KEY]}" "${3:?usage: keys.sh sign IN OUT [KEY]}" "${4:-}" ;;
*) die "usage: keys.sh trusted | sign IN OUT [KEY] | verify IMAGE" ;;
esac
