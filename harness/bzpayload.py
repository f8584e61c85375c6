#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make x86 bzImages whose payload another compressor made (issue 15).

  bzpayload.py OUTDIR BZIMAGE

BZIMAGE is a gzip bzImage the build made (config/kexec-test.config).
kexec_file unpacks a bzImage's payload at load time by its magic (xz,
gzip, zstd), so each file written into OUTDIR holds the same kernel
compressed another way, followed by its le32 output size as the kernel
build appends it (scripts/Makefile.lib):

  xz.bzImage    the payload decompressed and compressed the way
                scripts/xz_wrap.sh does: x86 BCJ, LZMA2, CRC32 check
  zstd.bzImage  the same with zstd -19

The new payload goes after the protected-mode code, where the setup
header's payload_offset and payload_length now point, and syssize grows to
cover it. The original payload is zeroed: the bzImage's own decompressor
reads it from where it was built, not from the header, so the image could
not boot by decompressing itself. Kernel B coming up proves the loader
unpacked the new payload. Nothing else changes; the PE header still
describes the old file, which kexec_file does not read for an unsigned
image.
"""
import gzip
import lzma
import os
import struct
import subprocess
import sys

SETUP_SECTS, SYSSIZE, MAGIC = 0x1f1, 0x1f4, 0x202
PAYLOAD_OFFSET, PAYLOAD_LENGTH = 0x248, 0x24c


def parts(image):
    if image[MAGIC:MAGIC + 4] != b"HdrS":
        sys.exit(f"bzpayload.py: no setup header in {sys.argv[2]}")
    setup = ((image[SETUP_SECTS] or 4) + 1) * 512
    offset, length = struct.unpack_from("<II", image, PAYLOAD_OFFSET)
    return setup, offset, length


def with_payload(image, payload):
    setup, offset, length = parts(image)
    kernel_size = struct.unpack_from("<I", image, SYSSIZE)[0] * 16
    out = bytearray(image[:setup + kernel_size])
    out[setup + offset:setup + offset + length] = bytes(length)
    new_offset = kernel_size
    out += payload + bytes(-len(payload) % 16)
    struct.pack_into("<II", out, PAYLOAD_OFFSET, new_offset, len(payload))
    struct.pack_into("<I", out, SYSSIZE, (len(out) - setup) // 16)
    return bytes(out)


def main():
    outdir, bzimage = sys.argv[1], sys.argv[2]
    image = open(bzimage, "rb").read()
    setup, offset, length = parts(image)
    kernel = gzip.decompress(image[setup + offset:setup + offset + length])
    size = struct.pack("<I", len(kernel))
    xz = lzma.compress(kernel, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                       filters=[{"id": lzma.FILTER_X86},
                                {"id": lzma.FILTER_LZMA2, "preset": 9, "dict_size": 32 << 20}])
    zstd = subprocess.run(["zstd", "-19", "-q", "-c"], input=kernel, check=True,
                          stdout=subprocess.PIPE).stdout
    os.makedirs(outdir, exist_ok=True)
    for name, payload in (("xz", xz + size), ("zstd", zstd + size)):
        with open(os.path.join(outdir, f"{name}.bzImage"), "wb") as f:
            f.write(with_payload(image, payload))


if __name__ == "__main__":
    main()
