#!/usr/bin/env python3
# Unified Kernel Images for the tests, from systemd's EFI stub:
#   uki.py build OBJCOPY STUB OUT [--linux F] [--initrd F] [--cmdline F]
#                                 [--osrel F] [--uname F]
#   uki.py bad KIND UKI OUT
# "build" adds each given file to the stub as a PE section with objcopy, the
# way systemd's documentation of linuxx64.efi.stub does: each section at
# the next SectionAlignment boundary after the stub's image (SizeOfImage)
# and the sections before it.
# "bad" writes UKI with one defect (offsets from the PE/COFF specification):
#   no-linux       .linux renamed .nolinux: a UKI without a kernel
#   overlap        .cmdline's data starts inside .linux's
#   outside-file   .initrd's data starts 16 bytes before the end of the file
#   cmdline-byte   one byte of .cmdline's data changed (for a signed UKI: a
#                  trusted signature that no longer matches)
import struct
import subprocess
import sys

PE_LFANEW = 0x3c
OPT_MAGIC_PE32PLUS = 0x20b
SECTION_SIZE = 40
VIRT_SIZE, RAW_SIZE, RAW_AT = 8, 16, 20


def headers(img):
    """The optional header's offset and magic, and the section table."""
    lfanew = struct.unpack_from('<I', img, PE_LFANEW)[0]
    if img[lfanew:lfanew + 4] != b'PE\0\0':
        sys.exit('uki.py: not a PE file')
    coff = lfanew + 4
    opt = coff + 20
    nsec, = struct.unpack_from('<H', img, coff + 2)
    optsize, = struct.unpack_from('<H', img, coff + 16)
    return opt, struct.unpack_from('<H', img, opt)[0], opt + optsize, nsec


def layout(img):
    """ImageBase, SectionAlignment and SizeOfImage of a PE32+ or PE32 file."""
    opt, magic, _, _ = headers(img)
    if magic == OPT_MAGIC_PE32PLUS:
        base, = struct.unpack_from('<Q', img, opt + 24)
    else:
        base, = struct.unpack_from('<I', img, opt + 28)
    align, = struct.unpack_from('<I', img, opt + 32)
    size, = struct.unpack_from('<I', img, opt + 56)
    return base, align, size


def section(img, name):
    """The section table offset of the entry called name."""
    _, _, table, nsec = headers(img)
    for i in range(nsec):
        at = table + i * SECTION_SIZE
        if img[at:at + 8].rstrip(b'\0') == name.encode():
            return at
    sys.exit(f'uki.py: no {name} section')


def build(objcopy, stub, out, parts):
    with open(stub, 'rb') as f:
        base, align, vma = layout(f.read())
    vma = (vma + align - 1) // align * align
    args = [objcopy]
    for name, path in parts:
        with open(path, 'rb') as f:
            size = len(f.read())
        args += ['--add-section', f'{name}={path}',
                 '--change-section-vma', f'{name}={base + vma:#x}']
        vma = (vma + size + align - 1) // align * align
    subprocess.run(args + [stub, out], check=True)


def bad(kind, img):
    if kind == 'no-linux':
        at = section(img, '.linux')
        img[at:at + 8] = b'.nolinux'
    elif kind == 'overlap':
        linux, cmdline = section(img, '.linux'), section(img, '.cmdline')
        at, = struct.unpack_from('<I', img, linux + RAW_AT)
        struct.pack_into('<I', img, cmdline + RAW_AT, at + 0x200)
    elif kind == 'outside-file':
        struct.pack_into('<I', img, section(img, '.initrd') + RAW_AT, len(img) - 16)
    elif kind == 'cmdline-byte':
        at, = struct.unpack_from('<I', img, section(img, '.cmdline') + RAW_AT)
        img[at] ^= 0x20
    else:
        sys.exit(f'uki.py: unknown defect {kind}')
    return img


def main(argv):
    if len(argv) >= 4 and argv[0] == 'build':
        opts = argv[4:]
        names = {'--linux': '.linux', '--initrd': '.initrd', '--cmdline': '.cmdline',
                 '--osrel': '.osrel', '--uname': '.uname'}
        parts = [(names[opts[i]], opts[i + 1]) for i in range(0, len(opts), 2)]
        # The order systemd documents: metadata and command line first, the kernel, the initrd.
        order = ['.osrel', '.cmdline', '.uname', '.linux', '.initrd']
        build(argv[1], argv[2], argv[3], sorted(parts, key=lambda p: order.index(p[0])))
    elif len(argv) == 4 and argv[0] == 'bad':
        with open(argv[2], 'rb') as f:
            img = bytearray(f.read())
        with open(argv[3], 'wb') as f:
            f.write(bad(argv[1], img))
    else:
        sys.exit(__doc__ or 'usage: see the head of uki.py')


main(sys.argv[1:])
