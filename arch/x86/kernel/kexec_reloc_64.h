/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RELA relocation of an x86-64 ELF object (the kexec purgatory) in a buffer:
 * the psABI formulas, pure, shared with the hosted tests in
 * tools/testing/kexec.
 *
 * Notation of the psABI: S is the symbol's value, A the addend and P the
 * address of the patched bytes once the object runs at its load address.
 */
#ifndef _X86_KERNEL_KEXEC_RELOC_64_H
#define _X86_KERNEL_KEXEC_RELOC_64_H

#include <linux/elf.h>
#include <linux/kexec_elf_rel.h>
#include <linux/types.h>

/**
 * struct kexec_rela_section - the section the relocations patch
 * @buf: the section's bytes in the loader's buffer
 * @size: number of bytes at @buf
 * @addr: the address @buf[0] has when the object runs (P = @addr + offset)
 */
struct kexec_rela_section {
	void *buf;
	u64 size;
	u64 addr;
};

int kexec_rela_apply_one(const struct kexec_rela_section *sec, u64 offset,
			 u32 type, u64 s, s64 a);

#endif /* _X86_KERNEL_KEXEC_RELOC_64_H */
