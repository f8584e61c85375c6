#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Seeds for fuzz_pe: small signed-looking PE32+ and PE32 images (the layout
# of test_kexec_pe.c) behind the target's 4-byte loaded-range prefix.
import struct
import sys


def image(pe32plus):
    b = bytearray(0x820)
    struct.pack_into('<H', b, 0, 0x5a4d)
    struct.pack_into('<I', b, 0x3c, 0x40)
    b[0x40:0x44] = b'PE\0\0'
    coff, opt = 0x44, 0x58
    struct.pack_into('<HH', b, coff + 2, 2, 0)
    struct.pack_into('<H', b, coff + 16, 0xf0)
    struct.pack_into('<H', b, opt, 0x20b if pe32plus else 0x10b)
    struct.pack_into('<I', b, opt + 60, 0x200)
    dirs = opt + (112 if pe32plus else 96)
    struct.pack_into('<I', b, dirs - 4, 16)
    struct.pack_into('<II', b, dirs + 32, 0x800, 0x20)
    sec = opt + 0xf0
    struct.pack_into('<II', b, sec + 16, 0x400, 0x200)
    struct.pack_into('<II', b, sec + 40 + 16, 0x200, 0x600)
    struct.pack_into('<IHH', b, 0x800, 0x18, 0x0200, 0x0002)
    return b


for name, plus, rng in (('pe32plus', True, (0x1f1, 0x700)), ('pe32', False, (0x90, 0x20))):
    with open(f'{sys.argv[1]}/{name}', 'wb') as f:
        f.write(struct.pack('<HH', *rng) + image(plus))
