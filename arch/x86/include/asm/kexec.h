/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86's side of the kexec interfaces in <linux/kexec.h>: the memory limits
 * and control page size the generic core asks every architecture for, the
 * register snapshot a crash dump starts from, struct kimage_arch (32-bit),
 * the relocate_kernel entry point, and the arch_* hooks x86 overrides.
 *
 * x86_64 is in arch/x86/kernel/machine_kexec_64.c and relocate_kernel_64.S,
 * whose control page layout is drawn in relocate_kernel_64.h. 32-bit x86
 * (machine_kexec_32.c, relocate_kernel_32.S) keeps the older page_list
 * interface, under CONFIG_X86_32 below.
 */
#ifndef _ASM_X86_KEXEC_H
#define _ASM_X86_KEXEC_H

/*
 * Room for the copied relocation code at the start of the control page;
 * what follows it is data. The linker script checks that the code
 * (kexec_control_code_size) fits, so this stays visible to assembly.
 */
#define KEXEC_CONTROL_CODE_MAX_SIZE	2048

#ifdef CONFIG_X86_32
/*
 * Indices of the page_list array machine_kexec_32.c hands to the 32-bit
 * relocate_kernel (also used by relocate_kernel_32.S).
 */
# define PA_CONTROL_PAGE	0
# define VA_CONTROL_PAGE	1
# define PA_PGD			2
# define PA_SWAP_PAGE		3
# define PAGES_NR		4
#endif

#ifndef __ASSEMBLY__

#include <linux/string.h>
#include <linux/kernel.h>

#include <asm/page.h>
#include <asm/ptrace.h>
#include <asm/bootparam.h>
#include <asm/kexec_reloc.h>

struct kimage;

/*
 * The limits <linux/kexec.h> requires, as highest usable addresses:
 *
 * KEXEC_SOURCE_MEMORY_LIMIT       pages holding the image while it waits
 * KEXEC_DESTINATION_MEMORY_LIMIT  where segments may be loaded
 * KEXEC_CONTROL_MEMORY_LIMIT      the control page and its page tables
 *
 * KEXEC_CONTROL_PAGE_SIZE is the size of the control area the core
 * allocates, physically contiguous and away from every destination.
 */
#ifdef CONFIG_X86_32
/* The copy runs with paging off: any physical address will do. */
# define KEXEC_SOURCE_MEMORY_LIMIT	(-1UL)
# define KEXEC_DESTINATION_MEMORY_LIMIT	(-1UL)
/* The control page is also mapped at its physical address in user space. */
# define KEXEC_CONTROL_MEMORY_LIMIT	TASK_SIZE

# define KEXEC_CONTROL_PAGE_SIZE	4096

# define KEXEC_ARCH			KEXEC_ARCH_386

/* A 32-bit kdump kernel can also read the dump of a 64-bit kernel. */
# define vmcore_elf_check_arch_cross(x)	((x)->e_machine == EM_X86_64)
#else
/* Everything the direct map covers, which the identity map copies. */
# define KEXEC_SOURCE_MEMORY_LIMIT	(MAXMEM - 1)
# define KEXEC_DESTINATION_MEMORY_LIMIT	(MAXMEM - 1)
# define KEXEC_CONTROL_MEMORY_LIMIT	(MAXMEM - 1)

/*
 * Two pages: the copied relocate_kernel code and struct
 * kexec_relocate_block in the first, relocate_kernel's stack in the second
 * (see arch/x86/kernel/relocate_kernel_64.h).
 */
# define KEXEC_CONTROL_PAGE_SIZE	(4096UL + 4096UL)

# define KEXEC_ARCH			KEXEC_ARCH_X86_64
#endif

/**
 * crash_setup_regs() - the registers a crash dump reports for this CPU
 * @newregs: filled in
 * @oldregs: registers saved by an exception or NMI entry, or NULL
 *
 * With @oldregs (a crash from an exception), copy them. Without (a call
 * from panic()), record the general purpose registers, segments, flags and
 * instruction pointer as they are here, in the caller.
 */
static inline void crash_setup_regs(struct pt_regs *newregs,
				    struct pt_regs *oldregs)
{
	if (oldregs) {
		memcpy(newregs, oldregs, sizeof(*newregs));
		return;
	}
#ifdef CONFIG_X86_32
	asm volatile("movl %%ebx,%0" : "=m"(newregs->bx));
	asm volatile("movl %%ecx,%0" : "=m"(newregs->cx));
	asm volatile("movl %%edx,%0" : "=m"(newregs->dx));
	asm volatile("movl %%esi,%0" : "=m"(newregs->si));
	asm volatile("movl %%edi,%0" : "=m"(newregs->di));
	asm volatile("movl %%ebp,%0" : "=m"(newregs->bp));
	asm volatile("movl %%eax,%0" : "=m"(newregs->ax));
	asm volatile("movl %%esp,%0" : "=m"(newregs->sp));
	asm volatile("movl %%ss, %%eax;" : "=a"(newregs->ss));
	asm volatile("movl %%cs, %%eax;" : "=a"(newregs->cs));
	asm volatile("movl %%ds, %%eax;" : "=a"(newregs->ds));
	asm volatile("movl %%es, %%eax;" : "=a"(newregs->es));
	asm volatile("pushfl; popl %0" : "=m"(newregs->flags));
#else
	asm volatile("movq %%rbx,%0" : "=m"(newregs->bx));
	asm volatile("movq %%rcx,%0" : "=m"(newregs->cx));
	asm volatile("movq %%rdx,%0" : "=m"(newregs->dx));
	asm volatile("movq %%rsi,%0" : "=m"(newregs->si));
	asm volatile("movq %%rdi,%0" : "=m"(newregs->di));
	asm volatile("movq %%rbp,%0" : "=m"(newregs->bp));
	asm volatile("movq %%rax,%0" : "=m"(newregs->ax));
	asm volatile("movq %%rsp,%0" : "=m"(newregs->sp));
	asm volatile("movq %%r8,%0" : "=m"(newregs->r8));
	asm volatile("movq %%r9,%0" : "=m"(newregs->r9));
	asm volatile("movq %%r10,%0" : "=m"(newregs->r10));
	asm volatile("movq %%r11,%0" : "=m"(newregs->r11));
	asm volatile("movq %%r12,%0" : "=m"(newregs->r12));
	asm volatile("movq %%r13,%0" : "=m"(newregs->r13));
	asm volatile("movq %%r14,%0" : "=m"(newregs->r14));
	asm volatile("movq %%r15,%0" : "=m"(newregs->r15));
	asm volatile("movl %%ss, %%eax;" : "=a"(newregs->ss));
	asm volatile("movl %%cs, %%eax;" : "=a"(newregs->cs));
	asm volatile("pushfq; popq %0" : "=m"(newregs->flags));
#endif
	newregs->ip = _THIS_IP_;
}

#ifdef CONFIG_X86_32
/*
 * Copy the image into place with paging off and jump to it. @control_page
 * is the page_list array (PA_CONTROL_PAGE and friends above).
 */
asmlinkage unsigned long
relocate_kernel(unsigned long indirection_page,
		unsigned long control_page,
		unsigned long start_address,
		unsigned int has_pae,
		unsigned int preserve_context);
#else
/*
 * relocate_kernel() - carry out the entry list at @head and enter @entry
 * @head: the entry list, kimage::head
 * @block: virtual address of the struct kexec_relocate_block in the
 *	control page (see arch/x86/kernel/relocate_kernel_64.h)
 * @entry: physical address to enter, kimage::start
 * @preserve_context: swap instead of copy and come back (KEXEC_JUMP)
 * @host_mem_enc_active: flush caches first (memory encryption is on)
 *
 * Returns only with @preserve_context: the peer's re-entry point.
 */
unsigned long
relocate_kernel(unsigned long head,
		unsigned long block,
		unsigned long entry,
		unsigned int preserve_context,
		unsigned int host_mem_enc_active);
#endif

#ifdef CONFIG_X86_32
/*
 * 32-bit x86 keeps the page tables that map its control page in kimage::arch.
 * x86_64 builds its identity map in the image's control pages instead and
 * needs no per-image state of its own.
 */
#define ARCH_HAS_KIMAGE_ARCH

struct kimage_arch {
	pgd_t *pgd;
#ifdef CONFIG_X86_PAE
	pmd_t *pmd0;
	pmd_t *pmd1;
#endif
	pte_t *pte0;
	pte_t *pte1;
};
#endif /* CONFIG_X86_32 */

#ifdef CONFIG_X86_64
/*
 * The <linux/kexec.h> hooks x86_64 overrides, all in machine_kexec_64.c:
 * kexec pages are mapped decrypted under memory encryption, and the loaded
 * crash image is kept read-only while it waits.
 */
int arch_kexec_post_alloc_pages(void *vaddr, unsigned int pages, gfp_t gfp);
#define arch_kexec_post_alloc_pages arch_kexec_post_alloc_pages

void arch_kexec_pre_free_pages(void *vaddr, unsigned int pages);
#define arch_kexec_pre_free_pages arch_kexec_pre_free_pages

void arch_kexec_protect_crashkres(void);
#define arch_kexec_protect_crashkres arch_kexec_protect_crashkres

void arch_kexec_unprotect_crashkres(void);
#define arch_kexec_unprotect_crashkres arch_kexec_unprotect_crashkres

#ifdef CONFIG_KEXEC_FILE
int arch_kimage_file_post_load_cleanup(struct kimage *image);
#define arch_kimage_file_post_load_cleanup arch_kimage_file_post_load_cleanup

/*
 * The purgatory is relocated by the generic ELF loader with the x86-64
 * psABI formulas of arch/x86/kernel/kexec_reloc_64.c (see
 * arch_kexec_elf_rel_apply in <linux/kexec.h>).
 */
#define arch_kexec_elf_rel_apply kexec_elf_rel_apply_x86_64
#endif /* CONFIG_KEXEC_FILE */
#endif /* CONFIG_X86_64 */

/* Stop the other CPUs by NMI before the crash kernel runs (crash.c). */
void kdump_nmi_shootdown_cpus(void);

#endif /* __ASSEMBLY__ */

#endif /* _ASM_X86_KEXEC_H */
