/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86_64's relocation callback for the generic purgatory loader
 * (<linux/kexec_elf_rel.h>), defined with the psABI formulas in
 * arch/x86/kernel/kexec_reloc_64.c. <asm/kexec.h> names it as the
 * arch_kexec_elf_rel_apply hook; kexec_reloc_64.c, a pure file, includes only
 * this header and none of the kexec API.
 */
#ifndef _ASM_X86_KEXEC_RELOC_H
#define _ASM_X86_KEXEC_RELOC_H

struct kexec_elf_rel_site;

int kexec_elf_rel_apply_x86_64(const struct kexec_elf_rel_site *site);

#endif /* _ASM_X86_KEXEC_RELOC_H */
