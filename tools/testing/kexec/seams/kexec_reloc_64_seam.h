/* SPDX-License-Identifier: GPL-2.0 */
/* Hosted stand-in for arch/x86/kernel/kexec_reloc_64_seam.h (same include guard). */
#ifndef _X86_KERNEL_KEXEC_RELOC_64_SEAM_H
#define _X86_KERNEL_KEXEC_RELOC_64_SEAM_H

#include "../shim/kernel.h"
#include <linux/elf.h>

typedef signed int s32;

/* Duplicate, kept in sync: the kernel declares it in <asm/kexec.h>. */
struct kexec_elf_rel_site;
int kexec_elf_rel_apply_x86_64(const struct kexec_elf_rel_site *site);

#endif /* _X86_KERNEL_KEXEC_RELOC_64_SEAM_H */
