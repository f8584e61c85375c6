/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The purgatory's stack. It stays in use by the new kernel's entry code
 * until that sets up its own, so it lives in the purgatory segment, which
 * no other segment overlaps. 8 KiB is ample for the SHA-256 pass.
 */
#include <linux/linkage.h>

	.bss
	.balign	16
SYM_DATA_START_LOCAL(purgatory_stack)
	.skip	8192
SYM_DATA_END_LABEL(purgatory_stack, SYM_L_GLOBAL, purgatory_stack_top)
