// SPDX-License-Identifier: GPL-2.0
/*
 * x86 kdump glue.
 *
 * At a crash: stop the other CPUs with an NMI (each saves its registers in
 * its crash note on the way down), quiesce the interrupt controllers and
 * timers the crash kernel will reprogram, and save the crashing CPU's own
 * registers. machine_kexec() then jumps into the crash kernel, whose
 * segments already sit in the crashkernel region.
 *
 * At a kexec_file crash load: work out which memory the dump covers, have
 * kexec_crash_elfcorehdr() describe it in an ELF core header, and put that
 * in a segment; and tell the bzImage loader which RAM the crash kernel may
 * use. Memory layout of the dump:
 *
 *   0         1M                crashkernel            top of RAM
 *   |  low    |   System RAM    |  reserved   |   System RAM   |
 *   | (skip)  |    dumped       |  (skip)     |    dumped      |
 *
 * The first megabyte is left out of the dump: the dead kernel kept it
 * reserved, and the crash kernel reuses it for its own real-mode trampoline,
 * so what /proc/vmcore would show there belongs to the crash kernel.
 */

#define pr_fmt(fmt) "x86/kexec: " fmt

#include <linux/interrupt.h>
#include <linux/kexec.h>
#include <linux/kexec_elfcore.h>
#include <linux/smp.h>

#include <asm/apic.h>
#include <asm/crash.h>
#include <asm/hpet.h>
#include <asm/intel_pt.h>
#include <asm/io_apic.h>
#include <asm/reboot.h>

/* ---- stopping the machine ---- */

#if defined(CONFIG_SMP) && defined(CONFIG_X86_LOCAL_APIC)

/* Runs on every other CPU, in NMI context, as the machine goes down. */
static void crash_nmi_stop_this_cpu(int cpu, struct pt_regs *regs)
{
	crash_save_cpu(regs, cpu);
	cpu_emergency_stop_pt();
	disable_local_APIC();
}

/**
 * kdump_nmi_shootdown_cpus() - stop the other CPUs, saving their registers
 *
 * smp_ops.crash_stop_other_cpus on x86.
 */
void kdump_nmi_shootdown_cpus(void)
{
	nmi_shootdown_cpus(crash_nmi_stop_this_cpu);
	disable_local_APIC();
}

/**
 * crash_smp_send_stop() - stop the other CPUs before panic notifiers run
 *
 * panic() calls this instead of smp_send_stop() when crash_kexec_post_notifiers
 * is set, and native_machine_crash_shutdown() calls it again; the CPUs are
 * only shot down once, because an NMI shootdown cannot be repeated.
 */
void crash_smp_send_stop(void)
{
	static bool stopped;

	if (stopped)
		return;
	stopped = true;
	if (smp_ops.crash_stop_other_cpus)
		smp_ops.crash_stop_other_cpus();
	else
		smp_send_stop();
}

#else

void crash_smp_send_stop(void)
{
	/* A single CPU has nobody to stop. */
}

#endif

/**
 * native_machine_crash_shutdown() - bring the machine to a state the crash
 * kernel can boot from
 * @regs: the registers of the crashing CPU
 *
 * Runs after a panic, with the kernel in an unknown state: it does as little
 * as it can, and nothing that takes a lock another CPU may hold.
 */
void native_machine_crash_shutdown(struct pt_regs *regs)
{
	local_irq_disable();
	crash_smp_send_stop();
	cpu_emergency_disable_virtualization();
	cpu_emergency_stop_pt();
#ifdef CONFIG_X86_IO_APIC
	/* Another CPU may have died holding ioapic_lock. */
	ioapic_zap_locks();
	clear_IO_APIC();
#endif
	lapic_shutdown();
	restore_boot_irq_mode();
#ifdef CONFIG_HPET_TIMER
	hpet_disable();
#endif
	crash_save_cpu(regs, smp_processor_id());
}

#ifdef CONFIG_KEXEC_FILE

/* ---- what a kexec_file crash load needs ---- */

/* The dump starts above the real-mode area the crash kernel reuses. */
#define CRASH_LOW_SKIP_END	0x100000ULL

static int add_system_ram(struct resource *res, void *arg)
{
	struct kexec_range r = { .start = res->start, .end = (u64)res->end + 1 };

	return kexec_range_set_add(arg, &r);
}

/* The crashkernel regions that exist (main, then ,low) as half-open ranges. */
static size_t crash_regions(struct kexec_range out[2])
{
	const struct resource *regions[] = { &crashk_res, &crashk_low_res };
	size_t i, nr = 0;

	for (i = 0; i < ARRAY_SIZE(regions); i++)
		if (crashk_reserved(regions[i]))
			out[nr++] = crashk_range(regions[i]);
	return nr;
}

/* System RAM minus the first megabyte and the crashkernel regions. */
static int collect_dump_ranges(struct kexec_range_set *dump)
{
	struct kexec_range_set ram __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct kexec_range skip[3] = { { .start = 0, .end = CRASH_LOW_SKIP_END } };
	int ret;

	ret = walk_system_ram_res(0, ULONG_MAX, &ram, add_system_ram);
	if (ret) {
		pr_err("crash: cannot collect System RAM (%d)\n", ret);
		return ret;
	}
	return kexec_crash_dump_ranges(&ram, skip, 1 + crash_regions(skip + 1), dump);
}

/* This kernel's ELF core header, in image->elf_headers. */
static int crash_build_elfcorehdr(struct kimage *image, size_t *nr_dump)
{
	struct kexec_range_set dump __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	int ret;

	ret = collect_dump_ranges(&dump);
	if (ret)
		return ret;
	*nr_dump = dump.nr;
	return kexec_crash_elfcorehdr(dump.ranges, dump.nr, true, &image->elf_headers,
				      &image->elf_headers_sz);
}

/**
 * crash_load_elfcorehdr() - build the ELF core header and place it
 * @image: a crash image being loaded by kexec_file
 *
 * The header goes in a segment inside the crashkernel region; its address
 * is image->elf_load_addr, which the loader passes as "elfcorehdr=". The
 * buffer is freed with the image's other load-time data.
 *
 * Return: 0, -ENOMEM, or the placement error from kexec_add_buffer().
 */
int crash_load_elfcorehdr(struct kimage *image)
{
	/* Anywhere in the crashkernel region, lowest address first. */
	struct kexec_buf kbuf = {
		.image = image,
		.buf_max = ULONG_MAX,
		.buf_align = ELF_CORE_HEADER_ALIGN,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
	};
	size_t nr_dump;
	int ret;

	ret = crash_build_elfcorehdr(image, &nr_dump);
	if (ret)
		return ret;
	kbuf.buffer = image->elf_headers;
	kbuf.bufsz = image->elf_headers_sz;
	kbuf.memsz = image->elf_headers_sz;
	ret = kexec_add_buffer(&kbuf);
	if (ret)
		return ret;
	image->elf_load_addr = kbuf.mem;
	pr_debug("crash: elfcorehdr at 0x%lx, %lu bytes, %zu dump ranges\n",
		 image->elf_load_addr, image->elf_headers_sz, nr_dump);
	return 0;
}

/**
 * crash_kernel_ram() - the RAM a crash kernel may use
 * @image: a crash image whose ELF core header is already placed
 * @ram: receives the crashkernel regions minus the ELF core header; its
 *	previous contents are overwritten, not freed
 *
 * The header stays out of the crash kernel's RAM so that it cannot be
 * overwritten before /proc/vmcore reads it.
 *
 * Return: 0 or -ENOMEM; on failure @ram is empty.
 */
int crash_kernel_ram(const struct kimage *image, struct kexec_range_set *ram)
{
	struct kexec_range regions[2];
	struct kexec_range hdr = {
		.start = image->elf_load_addr,
		.end = (u64)image->elf_load_addr + image->elf_headers_sz,
	};

	return kexec_ranges_minus(regions, crash_regions(regions), &hdr, 1, ram);
}

#endif /* CONFIG_KEXEC_FILE */
