/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Embed the relocatable purgatory object in the kernel image. kexec_file
 * parses it as ELF (kexec_purgatory, kexec_purgatory_size bytes), loads it
 * and applies its relocations for the address it chose.
 */
#include <linux/linkage.h>

	.pushsection .rodata, "a"

	.p2align 3
SYM_DATA_START(kexec_purgatory)
	.incbin	"arch/x86/purgatory/purgatory.ro"
SYM_DATA_END_LABEL(kexec_purgatory, SYM_L_LOCAL, purgatory_ro_end)

	.p2align 3
SYM_DATA(kexec_purgatory_size, .quad purgatory_ro_end - kexec_purgatory)

	.popsection
