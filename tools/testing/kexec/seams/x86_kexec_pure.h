/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted copy of arch/x86/kernel/kexec_pure.h (same include guard), for the
 * pure files of arch/x86/kernel/. The kernel APIs the pure files of both
 * directories use are in ../shim/kernel.h; this adds what only these files
 * need. The zero page layout comes from the host's copy of the x86 uapi
 * <asm/bootparam.h>, which is ABI and so matches the kernel's.
 */
#ifndef _X86_KERNEL_KEXEC_PURE_H
#define _X86_KERNEL_KEXEC_PURE_H

#include "../shim/kernel.h"
#include <linux/elf.h>

/* The uapi header wants __u8..__u64, which the shim's <linux/types.h> lacks. */
#include <asm/types.h>
#include <asm/bootparam.h>

/* The kernel's own declaration of the relocation callback: it needs nothing. */
#include "../../../../arch/x86/include/asm/kexec_reloc.h"

/* ---- duplicates of include/linux/compiler_attributes.h and kernel.h ---- */
#ifndef __packed
#define __packed	__attribute__((__packed__))
#endif
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))

#endif /* _X86_KERNEL_KEXEC_PURE_H */
