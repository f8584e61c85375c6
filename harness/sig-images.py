#!/usr/bin/env python3
# Bad signed images for the signature tests:
#   sig-images.py SIGNED OTHER_SIGNED OUTDIR
# SIGNED is a kernel signed by a trusted key (harness/keys.sh sign); OTHER_SIGNED
# is another image signed by the same key, whose signature is a trusted one
# that does not match SIGNED. Each output is SIGNED with one defect; the PE
# headers are edited by their offsets in the PE/COFF specification.
import struct
import sys

PE_LFANEW = 0x3c
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


def text_offset(img):
    """An offset well inside the protected-mode kernel (loaded, signed)."""
    setup_sects = img[0x1f1] or 4
    return (setup_sects + 1) * 512 + 0x1000


def main():
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

    malformed = bytearray(signed)
    malformed[pe_offsets(signed)['lfanew']] ^= 0xff
    images['malformed-pe-header'] = malformed

    for name, data in images.items():
        with open(f'{outdir}/{name}', 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
