// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the next kernel on arm64.
 *
 * The exec path, from kernel_kexec() or a crash:
 *
 *   1. every other CPU is offline (machine_shutdown()) or, for a crash,
 *      stopped by IPI with its registers saved (machine_crash_shutdown());
 *   2. the relocation code is copied into the control page, and it, the
 *      entry list and every page it names are cleaned to the point of
 *      coherency, because the copy runs with the D-cache off;
 *   3. interrupts are masked, the identity map installed and
 *      cpu_soft_restart() turns the MMU off and jumps to the control page,
 *      through the hyp stub at EL2 when the kernel was booted at EL2;
 *   4. arm64_relocate_new_kernel (relocate_kernel.S) copies the pages and
 *      enters the new kernel with x0 = device tree, x1..x3 = 0.
 */

#define pr_fmt(fmt) "kexec: " fmt

#include <linux/cacheflush.h>
#include <linux/cpu.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kexec.h>
#include <linux/mm.h>
#include <linux/mmu_context.h>
#include <linux/reboot.h>
#include <linux/smp.h>

#include <asm/cpu_ops.h>
#include <asm/daifflags.h>
#include <asm/sections.h>
#include <asm/virt.h>

/* The first online CPU other than @self that cannot be taken offline, or -1. */
static int cpu_that_stays_online(unsigned int self)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		const struct cpu_operations *ops = get_cpu_ops(cpu);

		if (cpu == self)
			continue;
		if (!IS_ENABLED(CONFIG_HOTPLUG_CPU) || !ops)
			return cpu;
#ifdef CONFIG_HOTPLUG_CPU
		if (!ops->cpu_die)
			return cpu;
#endif
	}
	return -1;
}

/**
 * machine_kexec_prepare() - refuse an image this machine cannot start
 * @image: the image being loaded
 *
 * A normal kexec needs every other CPU offline; refuse at load time when
 * one of them has no way to go offline, or a CPU is stuck in the kernel
 * (it failed to come up and still runs kernel text that kexec overwrites).
 * A crash image is started with the other CPUs parked instead.
 *
 * Return: 0, or -EBUSY (one line naming the CPU).
 */
int machine_kexec_prepare(struct kimage *image)
{
	int cpu;

	if (image->type == KEXEC_TYPE_CRASH)
		return 0;
	if (cpus_are_stuck_in_kernel()) {
		pr_err("a secondary CPU is stuck in the kernel: cannot kexec\n");
		return -EBUSY;
	}
	cpu = cpu_that_stays_online(raw_smp_processor_id());
	/* Any one CPU may be the one left to run the exec. */
	if (cpu >= 0 && cpu_that_stays_online(cpu) >= 0) {
		pr_err("CPU%d cannot be taken offline (no cpu_die method): cannot kexec\n", cpu);
		return -EBUSY;
	}
	return 0;
}

/**
 * machine_kexec_cleanup() - release the architecture's per-image state
 * @image: the image being freed
 *
 * Nothing: the device tree is freed after loading.
 */
void machine_kexec_cleanup(struct kimage *image)
{
}

static void clean_page(unsigned long phys)
{
	unsigned long va = (unsigned long)phys_to_virt(phys);

	dcache_clean_poc(va, va + PAGE_SIZE);
}

/* The entry pages and the source pages, as the relocation code reads them. */
static void clean_entry_list(const struct kimage *image)
{
	kimage_entry_t entry = image->head;
	const kimage_entry_t *slot = NULL;

	while (entry && !(entry & IND_DONE)) {
		if (entry & (IND_INDIRECTION | IND_SOURCE))
			clean_page(entry & PAGE_MASK);
		if (entry & IND_INDIRECTION)
			slot = phys_to_virt(entry & PAGE_MASK);
		if (!slot)
			break;
		entry = *slot++;
	}
}

/* A crash image was loaded in place: its segments are read with the D-cache off. */
static void clean_segments(const struct kimage *image)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++) {
		unsigned long va = (unsigned long)phys_to_virt(image->segment[i].mem);

		dcache_clean_poc(va, va + image->segment[i].memsz);
	}
}

static phys_addr_t install_relocation_code(struct kimage *image)
{
	void *page = page_address(image->control_code_page);
	size_t size = __relocate_new_kernel_end - __relocate_new_kernel_start;

	memcpy(page, __relocate_new_kernel_start, size);
	/* Executed with the MMU off: clean to the PoC, not only the PoU. */
	caches_clean_inval_pou((unsigned long)page, (unsigned long)page + size);
	dcache_clean_inval_poc((unsigned long)page, (unsigned long)page + size);
	return page_to_phys(image->control_code_page);
}

/**
 * machine_kexec() - copy the image into place and enter it
 * @image: the image, normal or crash
 *
 * Does not return, except for a normal image while another CPU is still
 * online (one line logged naming it).
 */
void machine_kexec(struct kimage *image)
{
	typeof(cpu_soft_restart) *restart;
	bool crash = image == kexec_crash_image;
	unsigned int self = smp_processor_id(), cpu;
	phys_addr_t reloc;

	for_each_online_cpu(cpu) {
		if (cpu != self && !crash) {
			pr_emerg("CPU%u is still online: cannot start the new kernel\n", cpu);
			return;
		}
	}
	reloc = install_relocation_code(image);
	clean_entry_list(image);
	if (crash)
		clean_segments(image);
	pr_info("entering the new kernel at 0x%lx at EL%u, device tree at 0x%llx\n",
		image->start, is_hyp_nvhe() || is_kernel_in_hyp_mode() ? 2 : 1,
		(unsigned long long)image->arch.dtb_mem);

	local_daif_mask();
	cpu_install_idmap();
	restart = (void *)__pa_symbol(cpu_soft_restart);
	restart(is_hyp_nvhe(), reloc, image->head, image->start, image->arch.dtb_mem);
	unreachable();
}

/* An interrupt in progress or left enabled would reach the crash kernel. */
static void mask_interrupts(void)
{
	struct irq_desc *desc;
	unsigned int irq;

	for_each_irq_desc(irq, desc) {
		struct irq_chip *chip = irq_desc_get_chip(desc);

		if (!chip)
			continue;
		if (chip->irq_eoi && irqd_irq_inprogress(&desc->irq_data))
			chip->irq_eoi(&desc->irq_data);
		if (chip->irq_mask)
			chip->irq_mask(&desc->irq_data);
		if (chip->irq_disable && !irqd_irq_disabled(&desc->irq_data))
			chip->irq_disable(&desc->irq_data);
	}
}

/**
 * machine_crash_shutdown() - stop the machine for the crash kernel
 * @regs: this CPU's registers at the crash
 *
 * The other CPUs are stopped by IPI and save their own registers in
 * ipi_cpu_crash_stop(); this CPU's go into its crash note here.
 */
void machine_crash_shutdown(struct pt_regs *regs)
{
	local_irq_disable();
	crash_smp_send_stop();
	crash_save_cpu(regs, smp_processor_id());
	mask_interrupts();
	pr_info("starting the crash kernel\n");
}
