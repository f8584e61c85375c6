/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64's side of the kexec interfaces in <linux/kexec.h>: the memory
 * limits and control page size the generic core asks for, the register
 * snapshot a crash dump starts from, struct kimage_arch and the hooks arm64
 * overrides.
 *
 * The image is copied with the MMU off (arch/arm64/kernel/relocate_kernel.S
 * runs from the control page at its physical address), so any page of RAM
 * can be a source, a destination or the control page.
 */
#ifndef _ARM64_KEXEC_H
#define _ARM64_KEXEC_H

#define KEXEC_SOURCE_MEMORY_LIMIT	(-1UL)
#define KEXEC_DESTINATION_MEMORY_LIMIT	(-1UL)
#define KEXEC_CONTROL_MEMORY_LIMIT	(-1UL)

/* The relocation code; vmlinux.lds.S checks that it fits in 4 KiB. */
#define KEXEC_CONTROL_PAGE_SIZE		4096

#define KEXEC_ARCH			KEXEC_ARCH_AARCH64

#ifndef __ASSEMBLY__

#include <linux/types.h>
#include <asm/ptrace.h>

struct kimage;

/**
 * crash_setup_regs() - the registers a crash dump reports for this CPU
 * @newregs: filled in
 * @oldregs: registers saved by an exception entry, or NULL
 *
 * With @oldregs, copy them. Without (a call from panic()), store x0..x30,
 * sp, the pc of this code and the flags (NZCV, DAIF, the current EL and
 * the stack pointer selection) as they are in the caller.
 */
static inline void crash_setup_regs(struct pt_regs *newregs, struct pt_regs *oldregs)
{
	u64 tmp1, tmp2;

	if (oldregs) {
		*newregs = *oldregs;
		return;
	}
	asm volatile("stp x0, x1, [%2, #16 * 0]\n"
		     "stp x2, x3, [%2, #16 * 1]\n"
		     "stp x4, x5, [%2, #16 * 2]\n"
		     "stp x6, x7, [%2, #16 * 3]\n"
		     "stp x8, x9, [%2, #16 * 4]\n"
		     "stp x10, x11, [%2, #16 * 5]\n"
		     "stp x12, x13, [%2, #16 * 6]\n"
		     "stp x14, x15, [%2, #16 * 7]\n"
		     "stp x16, x17, [%2, #16 * 8]\n"
		     "stp x18, x19, [%2, #16 * 9]\n"
		     "stp x20, x21, [%2, #16 * 10]\n"
		     "stp x22, x23, [%2, #16 * 11]\n"
		     "stp x24, x25, [%2, #16 * 12]\n"
		     "stp x26, x27, [%2, #16 * 13]\n"
		     "stp x28, x29, [%2, #16 * 14]\n"
		     "mov %0, sp\n"
		     "stp x30, %0, [%2, #16 * 15]\n"
		     "/* pstate from the flags, the EL and SPSel */\n"
		     "mrs %0, nzcv\n"
		     "mrs %1, daif\n"
		     "orr %0, %0, %1\n"
		     "mrs %1, CurrentEL\n"
		     "orr %0, %0, %1\n"
		     "mrs %1, SPSel\n"
		     "orr %0, %0, %1\n"
		     "adr %1, 1f\n"
		     "1:\n"
		     "stp %1, %0, [%2, #16 * 16]\n"
		     : "=&r" (tmp1), "=&r" (tmp2)
		     : "r" (newregs)
		     : "memory");
}

/**
 * struct kimage_arch - arm64 per-image state
 * @dtb: the device tree built by kexec_file_load, freed once it is copied
 * @dtb_mem: physical address of the device tree, handed to the next kernel
 *	in x0; 0 for kexec_load, whose purgatory sets x0 itself
 */
struct kimage_arch {
	void *dtb;
	phys_addr_t dtb_mem;
};

#define ARCH_HAS_KIMAGE_ARCH

/*
 * cpu_soft_restart() - turn the MMU off and jump (arch/arm64/kernel/cpu-reset.S)
 * @el2_switch: enter @entry at EL2 through the hyp stub
 * @entry: physical address to jump to, with arg0..arg2 in x0..x2
 *
 * Runs from the identity map.
 */
void cpu_soft_restart(unsigned long el2_switch, unsigned long entry,
		      unsigned long arg0, unsigned long arg1, unsigned long arg2);

/*
 * The crashkernel region stays mapped while a crash image is loaded, so a
 * hibernation image treats it as any other memory.
 */
static inline bool crash_is_nosave(unsigned long pfn) { return false; }
static inline void crash_prepare_suspend(void) { }
static inline void crash_post_resume(void) { }

#ifdef CONFIG_KEXEC_FILE
extern const struct kexec_file_ops kexec_image_ops;
extern const struct kexec_file_ops kexec_zboot_ops;
extern const struct kexec_file_ops kexec_gzip_ops;

int arch_kimage_file_post_load_cleanup(struct kimage *image);
#define arch_kimage_file_post_load_cleanup arch_kimage_file_post_load_cleanup

int arm64_kexec_add_dtb(struct kimage *image, u64 kernel_base, u64 above, u64 initrd_addr,
			u64 initrd_size, const char *cmdline);
#endif

#endif /* __ASSEMBLY__ */

#endif /* _ARM64_KEXEC_H */
