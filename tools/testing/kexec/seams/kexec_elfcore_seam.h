/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted stand-in for kernel/kexec_elfcore_seam.h (same include guard). The
 * C library's <elf.h> (through the shim's <linux/elf.h>) has the Elf64_*
 * types, PT_*, PF_*, ET_CORE, ELFMAG and PN_XNUM with the kernel's values.
 */
#ifndef _KERNEL_KEXEC_ELFCORE_SEAM_H
#define _KERNEL_KEXEC_ELFCORE_SEAM_H

#include "../shim/kernel.h"
#include "../shim/include/linux/elf.h"

/* ---- duplicates: the CPU's byte order, as the kernel seam derives it ---- */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define KEXEC_ELFCORE_DATA	ELFDATA2MSB
#else
#define KEXEC_ELFCORE_DATA	ELFDATA2LSB
#endif

#endif /* _KERNEL_KEXEC_ELFCORE_SEAM_H */
