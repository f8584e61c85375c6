/* SPDX-License-Identifier: GPL-2.0 */
/* Hosted stand-in for arch/x86/kernel/kexec_reloc_64_seam.h (same include guard). */
#ifndef _X86_KERNEL_KEXEC_RELOC_64_SEAM_H
#define _X86_KERNEL_KEXEC_RELOC_64_SEAM_H

#include "../shim/kernel.h"
#include <linux/elf.h>

typedef signed int s32;

#endif /* _X86_KERNEL_KEXEC_RELOC_64_SEAM_H */
