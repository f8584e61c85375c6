/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted stand-in for arch/x86/kernel/kexec_bzimage64_layout_seam.h (same
 * include guard). The zero page layout comes from the host's copy of the
 * x86 uapi <asm/bootparam.h>, which is ABI and so matches the kernel's.
 */
#ifndef _X86_KEXEC_BZIMAGE64_LAYOUT_SEAM_H
#define _X86_KEXEC_BZIMAGE64_LAYOUT_SEAM_H

#include "../shim/kernel.h"

/* The uapi header wants __u8..__u64, which the shim's <linux/types.h> lacks. */
#include <asm/types.h>
#include <asm/bootparam.h>

/* ---- duplicates of include/linux/compiler_attributes.h and kernel.h ---- */
#ifndef __packed
#define __packed	__attribute__((__packed__))
#endif
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))

#endif /* _X86_KEXEC_BZIMAGE64_LAYOUT_SEAM_H */
