/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted copy of kernel/kexec_pure.h (same include guard), for the pure
 * files of kernel/. The kernel APIs the pure files of both directories use
 * are in ../shim/kernel.h; this adds what only these files need. The C
 * library's <elf.h> (through the shim's <linux/elf.h>) has the Elf64_*
 * types, SHT_*, PT_*, PF_*, ET_CORE, ELFMAG and PN_XNUM with the kernel's
 * values.
 */
#ifndef _KERNEL_KEXEC_PURE_H
#define _KERNEL_KEXEC_PURE_H

#include "../shim/kernel.h"
#include <linux/elf.h>
/* snprintf(), which the kernel declares in <linux/kernel.h>. */
#include <stdio.h>

/* ---- duplicates: the CPU's byte order, as the kernel's copy derives it ---- */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define KEXEC_ELFCORE_DATA	ELFDATA2MSB
#else
#define KEXEC_ELFCORE_DATA	ELFDATA2LSB
#endif

#endif /* _KERNEL_KEXEC_PURE_H */
