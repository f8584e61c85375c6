/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86_64 kexec control page, shared by machine_kexec_64.c (which fills
 * it) and relocate_kernel_64.S (which runs from it).
 *
 * The core allocates the control page (KEXEC_CONTROL_PAGE_SIZE, two
 * physically contiguous pages) away from every destination, so the copy
 * loop can never overwrite it:
 *
 *   control_pa + 0x0000 +----------------------------------+
 *                       | copy of relocate_kernel ..       | code, run at its
 *                       |         relocate_kernel_end      | physical address
 *                KRB_OFFSET (0x800) +----------------------+
 *                       | struct kexec_relocate_block:     | written through
 *                       |  identity page table, control    | the direct map
 *                       |  and swap pages, the arguments,  | before the jump
 *                       |  saved CR0/CR3/CR4/%rsp          |
 *                0x1000 +----------------------------------+
 *                       | stack, growing down              | identity map only
 *     KRB_STACK_TOP     +----------------------------------+ <- %rsp
 *                0x2000
 *
 * Only the first page is ever written through the kernel's direct map, so
 * for a crash image only that page must stay writable while the rest of the
 * crashkernel region is read-only.
 */
#ifndef _X86_KERNEL_RELOCATE_KERNEL_64_H
#define _X86_KERNEL_RELOCATE_KERNEL_64_H

#include <asm/kexec.h>

/* Where struct kexec_relocate_block starts: right after the longest code. */
#define KRB_OFFSET		KEXEC_CONTROL_CODE_MAX_SIZE
#define KRB_STACK_TOP		0x2000

/* Offsets inside struct kexec_relocate_block, for the assembly. */
#define KRB_PGD_PA		0x00
#define KRB_CONTROL_PA		0x08
#define KRB_SWAP_PA		0x10
#define KRB_HEAD		0x18
#define KRB_ENTRY		0x20
#define KRB_PRESERVE		0x28
#define KRB_MEM_ENC		0x2c
#define KRB_RETURN_VA		0x30
#define KRB_SAVED_RSP		0x38
#define KRB_SAVED_CR0		0x40
#define KRB_SAVED_CR3		0x48
#define KRB_SAVED_CR4		0x50
#define KRB_SIZE		0x58

#ifndef __ASSEMBLY__

#include <linux/types.h>

/**
 * struct kexec_relocate_block - state relocate_kernel reads and saves
 * @pgd_pa: physical address of the identity-mapped page table
 * @control_pa: physical address of the control page
 * @swap_pa: physical address of the swap page (0 without one)
 * @head: the entry list (kimage::head)
 * @entry: where to jump when the copy is done (kimage::start)
 * @preserve_context: swap pages and call @entry so that it can come back
 * @mem_enc: host memory encryption is active: flush caches before copying
 * @return_va: where, in kernel text, the way back from @entry continues
 * @saved_rsp: the kernel stack pointer at the jump
 * @saved_cr0: CR0 at the jump
 * @saved_cr3: CR3 at the jump
 * @saved_cr4: CR4 at the jump
 */
struct kexec_relocate_block {
	u64 pgd_pa;
	u64 control_pa;
	u64 swap_pa;
	u64 head;
	u64 entry;
	u32 preserve_context;
	u32 mem_enc;
	u64 return_va;
	u64 saved_rsp;
	u64 saved_cr0;
	u64 saved_cr3;
	u64 saved_cr4;
};

/* The copied code: relocate_kernel is declared in <asm/kexec.h>. */
extern const u8 relocate_kernel_end[];

#endif /* __ASSEMBLY__ */

#endif /* _X86_KERNEL_RELOCATE_KERNEL_64_H */
