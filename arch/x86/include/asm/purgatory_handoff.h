/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the x86_64 kexec_file loader and its purgatory.
 *
 * The loader writes struct purgatory_handoff into the purgatory symbol
 * PURGATORY_HANDOFF_SYM with kexec_purgatory_get_set_symbol(). After the
 * SHA-256 check passes, the purgatory enters @entry in 64-bit mode with
 * interrupts off, its own flat GDT loaded (code 0x10, data 0x18, as boot.rst
 * asks for __BOOT_CS/__BOOT_DS), a valid stack, %rsi = @boot_params and every
 * other general register zero. Paging is the identity map relocate_kernel
 * left on.
 */
#ifndef _ASM_X86_PURGATORY_HANDOFF_H
#define _ASM_X86_PURGATORY_HANDOFF_H

#define PURGATORY_HANDOFF_SYM		"purgatory_handoff"

/* Field offsets, for the assembly that consumes the structure. */
#define PURGATORY_HANDOFF_ENTRY		0
#define PURGATORY_HANDOFF_BOOT_PARAMS	8
#define PURGATORY_HANDOFF_TSC_KHZ	16
#define PURGATORY_HANDOFF_SIZE		24

/* Selectors of the purgatory's GDT, the ones the boot protocol names. */
#define PURGATORY_CS			0x10
#define PURGATORY_DS			0x18

#ifndef __ASSEMBLY__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/**
 * struct purgatory_handoff - how to enter the new kernel
 * @entry: physical address of its 64-bit entry point
 * @boot_params: physical address of its struct boot_params
 * @tsc_khz: the TSC frequency the old kernel measured, with which the
 *	purgatory reports how long the digest took and how fast it ran (0:
 *	no report)
 */
struct purgatory_handoff {
	u64 entry;
	u64 boot_params;
	u64 tsc_khz;
};

static_assert(offsetof(struct purgatory_handoff, entry) == PURGATORY_HANDOFF_ENTRY);
static_assert(offsetof(struct purgatory_handoff, boot_params) ==
	      PURGATORY_HANDOFF_BOOT_PARAMS);
static_assert(offsetof(struct purgatory_handoff, tsc_khz) == PURGATORY_HANDOFF_TSC_KHZ);
static_assert(sizeof(struct purgatory_handoff) == PURGATORY_HANDOFF_SIZE);

/* Inside the purgatory: the filled-in contract and the digest check. */
extern struct purgatory_handoff purgatory_handoff;
int purgatory_verify(void);
#endif /* __ASSEMBLY__ */

#endif /* _ASM_X86_PURGATORY_HANDOFF_H */
