#!/usr/bin/env python3
# Bad signed images for the signature tests:
#   sig-images.py SIGNED OTHER_SIGNED OUTDIR
#   sig-images.py gap UNSIGNED OUT
# SIGNED is a kernel signed by a trusted key (harness/keys.sh sign); OTHER_SIGNED
# is another image signed by the same key, whose signature is a trusted one
# that does not match SIGNED. Each output is SIGNED with one defect; the PE
# headers are edited by their offsets in the PE/COFF specification. SIGNED
# is an x86 bzImage or an arm64 Image (both EFI stub PE files).
# "gap" writes an arm64 Image whose headers end 60 KiB before its first
# section: once signed, Authenticode hashes neither those bytes nor their
# absence, but the Image loader copies them (sig.sh: copied-not-signed).
import struct
import sys

PE_LFANEW = 0x3c
ARM64_MAGIC_AT = 0x38
OPT_SIZE_OF_HEADERS = 60
GAP_HEADERS = 0x1000
OPT_MAGIC_PE32PLUS = 0x20b
CERT_DIR = 4
WIN_CERT = struct.Struct('<IHH')  # dwLength, wRevision, wCertificateType


def pe_offsets(img):
    """File offsets of the optional header, the certificate entry and the section table."""
    lfanew = struct.unpack_from('<I', img, PE_LFANEW)[0]
    if img[lfanew:lfanew + 4] != b'PE\0\0':
        sys.exit('sig-images: not a PE image')
    coff = lfanew + 4
    opt = coff + 20
    nsec, optsize = struct.unpack_from('<H', img, coff + 2)[0], struct.unpack_from('<H', img, coff + 16)[0]
    magic = struct.unpack_from('<H', img, opt)[0]
    dirs = opt + (112 if magic == OPT_MAGIC_PE32PLUS else 96)
    return {'lfanew': lfanew, 'opt': opt, 'dirent': dirs + CERT_DIR * 8,
            'sections': opt + optsize, 'nsec': nsec}


def certs(img):
    off = pe_offsets(img)
    at, size = struct.unpack_from('<II', img, off['dirent'])
    return off, at, size


def signatures(img):
    """The PKCS#7 blobs in the certificate table, in order."""
    _, at, size = certs(img)
    out, pos = [], at
    while pos + WIN_CERT.size <= at + size:
        length = WIN_CERT.unpack_from(img, pos)[0]
        if length <= WIN_CERT.size:
            break
        out.append(bytes(img[pos + WIN_CERT.size:pos + length]))
        pos += (length + 7) & ~7
    return out


def with_table(img, blobs, wrapper_len=None):
    """img without its certificate table, plus a new one holding blobs."""
    off, at, _ = certs(img)
    out = bytearray(img[:at])
    table = bytearray()
    for blob in blobs:
        length = wrapper_len if wrapper_len is not None else WIN_CERT.size + len(blob)
        entry = WIN_CERT.pack(length, 0x0200, 0x0002) + blob
        table += entry + b'\0' * (-len(entry) % 8)
    struct.pack_into('<II', out, off['dirent'], at, len(table))
    return out + table


def is_arm64(img):
    """The arm64 Image magic "ARM\\x64" at 0x38 (Documentation/arm64/booting.rst)."""
    return img[ARM64_MAGIC_AT:ARM64_MAGIC_AT + 4] == b'ARM\x64'


def size_of_headers(img):
    return struct.unpack_from('<I', img, pe_offsets(img)['opt'] + OPT_SIZE_OF_HEADERS)[0]


def text_offset(img):
    """An offset well inside the kernel's code (loaded, signed)."""
    if is_arm64(img):
        # The arm64 Image's .text section starts where its headers end.
        return size_of_headers(img) + 0x1000
    setup_sects = img[0x1f1] or 4
    return (setup_sects + 1) * 512 + 0x1000


def malformed_header(img):
    """A PE header verify_pefile_signature() cannot parse."""
    out = bytearray(img)
    off = pe_offsets(img)
    if is_arm64(img):
        # The Image probe itself refuses a moved PE signature (sig.sh:
        # pe-signature-moved); the optional header's magic only the
        # signature check reads.
        struct.pack_into('<H', out, off['opt'], 0x1234)
    else:
        out[off['lfanew']] ^= 0xff
    return out


def gap(path, out_path):
    """An unsigned arm64 Image whose SizeOfHeaders stops at 4 KiB."""
    img = bytearray(open(path, 'rb').read())
    if not is_arm64(img) or size_of_headers(img) <= GAP_HEADERS:
        sys.exit('sig-images: gap wants an arm64 EFI Image with headers over 4 KiB')
    struct.pack_into('<I', img, pe_offsets(img)['opt'] + OPT_SIZE_OF_HEADERS, GAP_HEADERS)
    with open(out_path, 'wb') as f:
        f.write(img)


def main():
    if sys.argv[1] == 'gap':
        gap(sys.argv[2], sys.argv[3])
        return
    signed = bytearray(open(sys.argv[1], 'rb').read())
    other = bytearray(open(sys.argv[2], 'rb').read())
    outdir = sys.argv[3]
    images = {}

    flipped = bytearray(signed)
    flipped[text_offset(flipped)] ^= 0xff
    images['byte-changed'] = flipped

    blob = signatures(signed)[0]
    cut = len(blob) - 64
    images['sig-cut-short'] = with_table(signed, [blob[:cut]])

    outside = bytearray(signed)
    off, at, size = certs(outside)
    struct.pack_into('<II', outside, off['dirent'], at, size + 0x10000)
    images['certs-outside-file'] = outside

    images['two-sigs-first-bad'] = with_table(signed, [signatures(other)[0], blob])

    images['malformed-pe-header'] = malformed_header(signed)

    if is_arm64(signed):
        moved = bytearray(signed)
        moved[pe_offsets(signed)['lfanew']] ^= 0xff
        images['pe-signature-moved'] = moved

    for name, data in images.items():
        with open(f'{outdir}/{name}', 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
