/* SPDX-License-Identifier: GPL-2.0 */
/* Hosted stand-in for kernel/kexec_elf_rel_seam.h (same include guard). */
#ifndef _KERNEL_KEXEC_ELF_REL_SEAM_H
#define _KERNEL_KEXEC_ELF_REL_SEAM_H

#include "../shim/kernel.h"
#include "../shim/include/linux/elf.h"

/* ---- duplicates: types the shim does not have yet ---- */
typedef signed int s32;

/* ---- duplicates: little-endian unaligned stores (asm/unaligned.h) ---- */
static inline void put_unaligned_le32(u32 val, void *p)
{
	u8 *b = p;

	b[0] = val;
	b[1] = val >> 8;
	b[2] = val >> 16;
	b[3] = val >> 24;
}

static inline void put_unaligned_le64(u64 val, void *p)
{
	put_unaligned_le32((u32)val, p);
	put_unaligned_le32((u32)(val >> 32), (u8 *)p + 4);
}

#endif /* _KERNEL_KEXEC_ELF_REL_SEAM_H */
