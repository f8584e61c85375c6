/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64_relocate_new_kernel: carry out the kexec entry list and enter the
 * next kernel.
 *
 * machine_kexec() copies this code into the image's control page, cleans
 * it, the entry list and every source page to the point of coherency, and
 * reaches it through cpu_soft_restart(), so it runs:
 *
 *   - from the control page, at its physical address, position independent;
 *   - with the MMU and the D-cache off, at EL1, or at EL2 when the kernel
 *     was booted at EL2 (the hyp stub's HVC_SOFT_RESTART brought it there);
 *   - with interrupts masked and no stack.
 *
 * In:  x0 = kimage::head (first entry of the IND_* list)
 *      x1 = physical entry point (the kernel, or kexec_load's purgatory)
 *      x2 = physical address of the device tree (0 for kexec_load)
 *
 * Out: at x1, with x0 = the device tree and x1..x3 = 0, as booting.rst wants.
 */

#include <linux/kexec.h>
#include <linux/linkage.h>
#include <asm/assembler.h>
#include <asm/page.h>

	.pushsection	".kexec_relocate.text", "ax"

/*
 * Registers:
 *   x9   the current entry
 *   x10  the next slot of the current entry page (0 until one is reached)
 *   x11  the current destination
 *   x12  the entry's address part
 *   x13  the D-cache line size in bytes
 *   x14  the entry point, x15 the device tree
 *   x4..x8 scratch
 */
SYM_CODE_START(arm64_relocate_new_kernel)
	mov	x9, x0
	mov	x14, x1
	mov	x15, x2
	mov	x10, xzr
	mov	x11, xzr
	/* CTR_EL0.DminLine: log2 of the smallest D-cache line, in words. */
	mrs	x4, ctr_el0
	ubfx	x4, x4, #16, #4
	mov	x13, #4
	lsl	x13, x13, x4

.Lnext_entry:
	cbz	x9, .Ldone			/* an empty list */
	tbnz	x9, #IND_DONE_BIT, .Ldone
	and	x12, x9, #PAGE_MASK
	tbnz	x9, #IND_SOURCE_BIT, .Lsource
	tbnz	x9, #IND_DESTINATION_BIT, .Ldestination
	tbnz	x9, #IND_INDIRECTION_BIT, .Lindirection
	b	.Lload_entry			/* no flag: skip it */

.Lindirection:
	mov	x10, x12
	b	.Lload_entry

.Ldestination:
	mov	x11, x12
	b	.Lload_entry

.Lsource:
	/*
	 * The old kernel may hold lines of the destination page, dirty ones
	 * even; they would be written back over the copy later. Drop them
	 * first: with the D-cache off the copy goes straight to memory.
	 */
	mov	x4, x11
	add	x5, x11, #PAGE_SIZE
1:	dc	ivac, x4
	add	x4, x4, x13
	cmp	x4, x5
	b.lo	1b
	dsb	sy

	mov	x6, x12
2:	ldp	x7, x8, [x6], #16
	stp	x7, x8, [x11], #16
	cmp	x11, x5
	b.lo	2b

.Lload_entry:
	cbz	x10, .Ldone			/* a list that never reached an entry page */
	ldr	x9, [x10], #8
	b	.Lnext_entry

.Ldone:
	dsb	nsh
	/* The copied kernel is fetched fresh. */
	ic	iallu
	dsb	nsh
	isb

	mov	x0, x15
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x14
SYM_CODE_END(arm64_relocate_new_kernel)

	.popsection
