#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Seeds for fuzz_uki: small UKIs in the layout of test_kexec_uki.c (a PE32+
# stub's .text, then .cmdline, .linux and .initrd), one with every part.
import struct
import sys


def uki(parts):
    b = bytearray(0x1000)
    struct.pack_into('<H', b, 0, 0x5a4d)
    struct.pack_into('<I', b, 0x3c, 0x40)
    b[0x40:0x44] = b'PE\0\0'
    coff, opt = 0x44, 0x58
    struct.pack_into('<H', b, coff + 2, len(parts) + 1)
    struct.pack_into('<H', b, coff + 16, 0xf0)
    struct.pack_into('<H', b, opt, 0x20b)
    sec = opt + 0xf0
    at = 0x200
    for i, (name, data) in enumerate([('.text', b'\xcc' * 0x100)] + parts):
        entry = sec + 40 * i
        b[entry:entry + len(name)] = name.encode()
        raw = (len(data) + 0xff) & ~0xff
        struct.pack_into('<I', b, entry + 8, len(data))
        struct.pack_into('<II', b, entry + 16, raw, at)
        b[at:at + len(data)] = data
        at += raw
    return bytes(b[:at])


SEEDS = {
    'full': [('.cmdline', b'console=ttyS0 quiet\n'), ('.linux', b'MZ' + b'\0' * 0x2fe),
             ('.initrd', b'070701' + b'\0' * 0x1fa), ('.osrel', b'ID=debian\n'),
             ('.uname', b'6.1.0\n'), ('.dtb', b'\xd0\x0d\xfe\xed' + b'\0' * 12)],
    'linux-only': [('.linux', b'MZ' + b'\0' * 0xfe)],
    'no-linux': [('.cmdline', b'quiet')],
}

for name, parts in SEEDS.items():
    with open(f'{sys.argv[1]}/{name}', 'wb') as f:
        f.write(uki(parts))
