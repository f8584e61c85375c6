#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make the compressed arm64 kernels the e2e rows load (issue 13).

  zimage.py OUTDIR VMLINUZ_EFI IMAGE DEBIAN_IMAGE

VMLINUZ_EFI is the EFI zboot image the build made (CONFIG_EFI_ZBOOT, gzip
payload), IMAGE the same build's plain Image, DEBIAN_IMAGE Debian's arm64
kernel (a plain, signed Image). Writes into OUTDIR:

  debian.Image.gz   Debian's Image, gzip -9
  zboot.efi         VMLINUZ_EFI as built
  zboot-zstd.efi    VMLINUZ_EFI with its payload recompressed with zstd,
                    in place: the PE file is unchanged, the header says
                    "zstd22" and the new size, the zstd frame is followed by
                    its le32 output size as the kernel build appends it and
                    zeros up to the old payload's end. The cheap route: no
                    second kernel build with KERNEL_ZSTD. The EFI stub in
                    the file still only knows gzip, kexec never runs it.
  bad-size.efi      zboot whose payload size runs past the end of the file
  bad-offset.efi    zboot whose payload offset is past the end of the file
  truncated.Image.gz  IMAGE gzipped, half its deflate data cut out
                    (header and trailer kept)
  bomb-limit.Image.gz  an Image header and 300 MiB of zeros: the declared
                    size is beyond the kernel's 256 MiB limit
  bomb-isize.Image.gz  IMAGE gzipped with its trailer's size lowered to
                    1 MiB: the stream gives more than it declares
"""
import gzip
import os
import struct
import subprocess
import sys
import zlib

HDR_OFF = 8          # zboot header: payload offset, then payload size
TYPE_AT, TYPE_LEN = 0x18, 36


def zboot_payload(efi):
    if efi[:2] != b'MZ' or efi[4:8] != b'zimg':
        sys.exit('zimage.py: no zboot header (MZ, zimg) in the EFI image')
    off, size = struct.unpack_from('<II', efi, HDR_OFF)
    ctype = efi[TYPE_AT:TYPE_AT + TYPE_LEN].split(b'\0')[0]
    if ctype != b'gzip':
        sys.exit(f'zimage.py: zboot payload is {ctype!r}, want gzip (CONFIG_KERNEL_GZIP)')
    return off, size


def with_fields(efi, off=None, size=None, ctype=None):
    b = bytearray(efi)
    if off is not None:
        struct.pack_into('<I', b, HDR_OFF, off)
    if size is not None:
        struct.pack_into('<I', b, HDR_OFF + 4, size)
    if ctype is not None:
        b[TYPE_AT:TYPE_AT + TYPE_LEN] = ctype.ljust(TYPE_LEN, b'\0')
    return bytes(b)


def zstd_variant(efi):
    off, size = zboot_payload(efi)
    image = gzip.decompress(efi[off:off + size])
    zst = subprocess.run(['zstd', '-q', '-c', '--ultra', '-22'], input=image,
                         stdout=subprocess.PIPE, check=True).stdout
    if len(zst) + 4 > size:
        sys.exit(f'zimage.py: zstd payload of {len(zst)} bytes does not fit the {size} of gzip')
    payload = zst + struct.pack('<I', len(image))
    b = efi[:off] + payload + bytes(size - len(payload)) + efi[off + size:]
    return with_fields(b, size=len(zst), ctype=b'zstd22')


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def truncated(image):
    g = gz(image)
    data = g[10:-8]
    return g[:10] + data[:len(data) // 2] + g[-8:]


def bomb_limit(image):
    out = bytearray(b'\x1f\x8b\x08\0\0\0\0\0\x02\x03')
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc, n, zeros = 0, 0, bytes(1 << 20)
    head = image[:64]
    out += c.compress(head)
    crc, n = zlib.crc32(head, crc), n + len(head)
    for _ in range(300):
        out += c.compress(zeros)
        crc, n = zlib.crc32(zeros, crc), n + len(zeros)
    out += c.flush()
    return bytes(out) + struct.pack('<II', crc, n & 0xffffffff)


def bomb_isize(image):
    g = gz(image)
    return g[:-4] + struct.pack('<I', 1 << 20)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    outdir, efi_path, image_path, debian_path = sys.argv[1:]
    efi = open(efi_path, 'rb').read()
    image = open(image_path, 'rb').read()
    zboot_payload(efi)
    files = {
        'debian.Image.gz': gz(open(debian_path, 'rb').read()),
        'zboot.efi': efi,
        'zboot-zstd.efi': zstd_variant(efi),
        'bad-size.efi': with_fields(efi, size=len(efi)),
        'bad-offset.efi': with_fields(efi, off=len(efi) + 0x1000),
        'truncated.Image.gz': truncated(image),
        'bomb-limit.Image.gz': bomb_limit(image),
        'bomb-isize.Image.gz': bomb_isize(image),
    }
    os.makedirs(outdir, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
