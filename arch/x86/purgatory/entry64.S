/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Leave the purgatory for the new kernel's 64-bit entry point, in the state
 * Documentation/x86/boot.rst ("64-bit BOOT PROTOCOL") asks for: long mode,
 * identity paging, interrupts off, __BOOT_CS/__BOOT_DS style flat segments
 * (already loaded by purgatory_start), %rsi = boot_params. The other general
 * registers are cleared so the new kernel never sees stale values.
 */
#include <linux/linkage.h>
#include <asm/purgatory_handoff.h>

	.text
	.code64
SYM_CODE_START(purgatory_enter_kernel)
	leaq	purgatory_handoff(%rip), %rdx
	movq	PURGATORY_HANDOFF_BOOT_PARAMS(%rdx), %rsi
	pushq	PURGATORY_HANDOFF_ENTRY(%rdx)

	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
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
	/* Pops the entry point pushed above. */
	ret
SYM_CODE_END(purgatory_enter_kernel)
