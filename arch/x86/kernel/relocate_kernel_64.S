/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The last code the old kernel runs on x86_64: leave the kernel's page
 * tables for an identity map, carry out the kexec entry list and enter the
 * next image (the purgatory).
 *
 * relocate_kernel itself runs from kernel text. The identity page table
 * machine_kexec_prepare() built shares the kernel's top-level entry for
 * kernel text, so the instruction after the CR3 load is still there;
 * relocate_kernel then jumps to the copy of this code that
 * machine_kexec() placed in the control page, at its physical address,
 * since the copy loop may overwrite kernel text. The layout of the control
 * page is drawn in relocate_kernel_64.h.
 *
 * Only with preserve_context (KEXEC_JUMP) is there a way back: the pages
 * are swapped rather than copied, the next image is called and, when it
 * returns, the swaps are undone and kexec_back_in_kernel, in kernel text
 * again, restores the CPU state and returns to machine_kexec() with the
 * peer's re-entry point.
 */
#include <linux/kexec.h>
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/nospec-branch.h>
#include <asm/page_types.h>
#include <asm/processor-flags.h>
#include <asm/unwind_hints.h>

#include "relocate_kernel_64.h"

/* The bits of CR4 the copy loop and the next image keep: long mode needs them. */
#define KEEP_CR4	(X86_CR4_PAE | X86_CR4_LA57)
/* The bits of CR0 that must be off: no write protection, alignment or FPU traps. */
#define DROP_CR0	(X86_CR0_WP | X86_CR0_AM | X86_CR0_TS | X86_CR0_EM)

	.text
	.balign	16
	.code64

/*
 * unsigned long relocate_kernel(unsigned long head,
 *				 unsigned long block,	   (virtual address)
 *				 unsigned long entry,
 *				 unsigned int preserve_context,
 *				 unsigned int host_mem_enc_active);
 *
 * Called with interrupts off and the IDT and GDT invalidated. Returns only
 * with preserve_context, giving the next image's re-entry point.
 */
SYM_CODE_START_NOALIGN(relocate_kernel)
	UNWIND_HINT_EMPTY
	ANNOTATE_NOENDBR
	/* The C caller's callee-saved registers, for the way back. */
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15

	movq	%rdi, KRB_HEAD(%rsi)
	movq	%rdx, KRB_ENTRY(%rsi)
	movl	%ecx, KRB_PRESERVE(%rsi)
	movl	%r8d, KRB_MEM_ENC(%rsi)
	movq	%rsp, KRB_SAVED_RSP(%rsi)
	movq	%cr0, %rax
	movq	%rax, KRB_SAVED_CR0(%rsi)
	movq	%cr3, %rax
	movq	%rax, KRB_SAVED_CR3(%rsi)
	movq	%cr4, %rax
	movq	%rax, KRB_SAVED_CR4(%rsi)
	/*
	 * With IBT, the indirect jumps below would need ENDBR targets (and
	 * objtool seals the ones nothing takes the address of): turn CET off
	 * now, the next image gets it off anyway.
	 */
	andq	$~X86_CR4_CET, %rax
	movq	%rax, %cr4
	leaq	kexec_back_in_kernel(%rip), %rax
	movq	%rax, KRB_RETURN_VA(%rsi)

	movq	KRB_CONTROL_PA(%rsi), %r10
	movq	KRB_PGD_PA(%rsi), %rax
	/* From here the stack is unmapped: nothing is pushed until it is moved. */
	movq	%rax, %cr3
	leaq	(identity_mapped - relocate_kernel)(%r10), %rax
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%rax
SYM_CODE_END(relocate_kernel)

/*
 * Runs from the control page at its physical address.
 * In: %r10 the control page's physical address.
 */
SYM_CODE_START_LOCAL_NOALIGN(identity_mapped)
	UNWIND_HINT_EMPTY
	leaq	KRB_STACK_TOP(%r10), %rsp
	leaq	KRB_OFFSET(%r10), %r9

	/*
	 * CR4 first, so that nothing needing CR0.WP is left on when it goes:
	 * dropping PGE also flushes the kernel's global TLB entries. PAE and
	 * LA57 stay: long mode cannot run without them.
	 */
	movq	%cr4, %rax
	andl	$KEEP_CR4, %eax
	movq	%rax, %cr4

	movq	%cr0, %rax
	andq	$~DROP_CR0, %rax
	orl	$(X86_CR0_PG | X86_CR0_PE), %eax
	movq	%rax, %cr0

	/*
	 * With memory encryption, dirty lines cached for the encrypted view
	 * of a page could later be written back over the plain copy.
	 */
	cmpl	$0, KRB_MEM_ENC(%r9)
	je	1f
	wbinvd
1:
	call	kexec_walk_entries

	cmpl	$0, KRB_PRESERVE(%r9)
	jne	.Lcall_peer

	/*
	 * One way: enter the next image with every register but %rsp clear.
	 * The word at 0(%rsp) on entry is the jump-back address; it must be 0
	 * here. kexec-tools' purgatory has no other way to tell a normal
	 * kexec from a preserve-context one: it appends
	 * kexec_jump_back_entry= to the new kernel's command line whenever
	 * that word is not zero.
	 */
	pushq	$0
	pushq	KRB_ENTRY(%r9)
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	ANNOTATE_UNRET_SAFE
	ret
	int3

.Lcall_peer:
	/*
	 * The peer finds its way back in the return address below. When it
	 * comes back, the word on top of the stack is where it wants to be
	 * re-entered next time; it starts out as the entry itself.
	 */
	movq	KRB_ENTRY(%r9), %rax
	pushq	%rax
	ANNOTATE_RETPOLINE_SAFE
	call	*%rax

	/* The peer may have changed any register, the page table included. */
	movq	(%rsp), %rbp
	leaq	relocate_kernel(%rip), %r10
	leaq	KRB_OFFSET(%r10), %r9
	movq	KRB_PGD_PA(%r9), %rax
	movq	%rax, %cr3
	leaq	KRB_STACK_TOP(%r10), %rsp

	/* Swapping again gives every page its old content back. */
	call	kexec_walk_entries
	movq	KRB_RETURN_VA(%r9), %rax
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%rax
SYM_CODE_END(identity_mapped)

/*
 * Carry out the entry list at KRB_HEAD: copy each source page to the
 * destination cursor or, with preserve_context, swap the two through the
 * swap page.
 * In: %r9 the relocate block (physical address).
 * Clobbers %rax, %rbx, %rcx, %rdx, %rsi, %rdi, %r11.
 */
SYM_CODE_START_LOCAL_NOALIGN(kexec_walk_entries)
	UNWIND_HINT_EMPTY
	movq	KRB_SWAP_PA(%r9), %r11
	movq	KRB_HEAD(%r9), %rcx
	xorl	%edi, %edi
	jmp	.Ldispatch

.Lnext_entry:
	movq	(%rbx), %rcx
	addq	$8, %rbx
.Ldispatch:
	movq	%rcx, %rax
	andq	$PAGE_MASK, %rax
	btq	$IND_DONE_BIT, %rcx
	jc	.Lwalk_done
	btq	$IND_DESTINATION_BIT, %rcx
	jnc	1f
	movq	%rax, %rdi
	jmp	.Lnext_entry
1:
	btq	$IND_INDIRECTION_BIT, %rcx
	jnc	2f
	movq	%rax, %rbx
	jmp	.Lnext_entry
2:
	btq	$IND_SOURCE_BIT, %rcx
	jnc	.Lnext_entry
	cmpl	$0, KRB_PRESERVE(%r9)
	jne	.Lswap_page

	/*
	 * Source %rax to the cursor %rdi, which moves on by a page; a page
	 * claimed at load is its own source and needs no copy.
	 */
	cmpq	%rax, %rdi
	je	.Lin_place
	movq	%rax, %rsi
	movl	$(PAGE_SIZE / 8), %ecx
	rep movsq
	jmp	.Lnext_entry
.Lin_place:
	addq	$PAGE_SIZE, %rdi
	jmp	.Lnext_entry

.Lswap_page:
	movq	%rdi, %rdx
	/* destination -> swap page */
	movq	%rdx, %rsi
	movq	%r11, %rdi
	movl	$(PAGE_SIZE / 8), %ecx
	rep movsq
	/* source -> destination */
	movq	%rax, %rsi
	movq	%rdx, %rdi
	movl	$(PAGE_SIZE / 8), %ecx
	rep movsq
	/* swap page -> source */
	movq	%r11, %rsi
	movq	%rax, %rdi
	movl	$(PAGE_SIZE / 8), %ecx
	rep movsq
	leaq	PAGE_SIZE(%rdx), %rdi
	jmp	.Lnext_entry

.Lwalk_done:
	ANNOTATE_UNRET_SAFE
	ret
	int3
SYM_CODE_END(kexec_walk_entries)

/*
 * The way back with preserve_context, reached through the kernel text the
 * identity page table shares.
 * In: %r9 the relocate block (physical address), %rbp the re-entry point.
 */
SYM_CODE_START_LOCAL_NOALIGN(kexec_back_in_kernel)
	UNWIND_HINT_EMPTY
	/*
	 * CR0 before CR4: CET may only be set with CR0.WP. CR4 before CR3:
	 * PCIDE may only be set while CR3's PCID is 0.
	 */
	movq	KRB_SAVED_CR0(%r9), %rax
	movq	%rax, %cr0
	movq	KRB_SAVED_CR4(%r9), %rax
	movq	%rax, %cr4
	movq	KRB_SAVED_RSP(%r9), %rsp
	movq	KRB_SAVED_CR3(%r9), %rax
	movq	%rax, %cr3

	movq	%rbp, %rax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	RET
SYM_CODE_END(kexec_back_in_kernel)

	.globl	relocate_kernel_end
relocate_kernel_end:

	.globl	kexec_control_code_size
.set kexec_control_code_size, relocate_kernel_end - relocate_kernel
