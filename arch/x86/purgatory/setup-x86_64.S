/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Purgatory entry. relocate_kernel jumps here in 64-bit mode on its identity
 * page tables with interrupts off, after machine_kexec() invalidated the GDT:
 * no segment register may be written before a GDT of our own is loaded.
 */
#include <linux/linkage.h>
#include <asm/purgatory_handoff.h>

	.text
	.code64
SYM_CODE_START(purgatory_start)
	cli
	cld
	lgdt	purgatory_gdt_ptr(%rip)
	movl	$PURGATORY_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	purgatory_stack_top(%rip), %rsp

	/* %cs still caches the old kernel's descriptor: reload it from ours. */
	leaq	.Lflat_cs(%rip), %rax
	pushq	$PURGATORY_CS
	pushq	%rax
	lretq
.Lflat_cs:
	call	purgatory_verify
	testl	%eax, %eax
	jz	purgatory_enter_kernel

	/* A corrupted image must never run: stop this CPU for good. */
.Lstop:
	cli
	hlt
	jmp	.Lstop
SYM_CODE_END(purgatory_start)

/*
 * Flat 4 GiB segments at the selectors boot.rst's 64-bit protocol names:
 * 0x10 long-mode code (access 0x9a, G and L set), 0x18 data (access 0x92,
 * G and D/B set). The CPU sets accessed bits, so keep this writable.
 */
	.data
	.balign	16
SYM_DATA_START_LOCAL(purgatory_gdt)
	.quad	0
	.quad	0
	.quad	0x00af9a000000ffff
	.quad	0x00cf92000000ffff
SYM_DATA_END_LABEL(purgatory_gdt, SYM_L_LOCAL, purgatory_gdt_end)

	.balign	16
SYM_DATA_START_LOCAL(purgatory_gdt_ptr)
	.word	purgatory_gdt_end - purgatory_gdt - 1
	.quad	purgatory_gdt
SYM_DATA_END(purgatory_gdt_ptr)
