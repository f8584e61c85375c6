/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ELF core header a crash kernel reads as /proc/vmcore's table of
 * contents ("elfcorehdr"), built from a description the glue collects. Pure:
 * nothing here reads the memory map, the per-CPU crash notes or vmcoreinfo;
 * callers pass their physical addresses in.
 *
 *   +------------+---------------------------+---------------+----------+
 *   | Elf64_Ehdr | PT_NOTE x nr_cpu_notes    | PT_NOTE       | PT_LOAD  |
 *   | ET_CORE    | (one per possible CPU,    | (vmcoreinfo)  | x (1 + n)|
 *   |            |  in CPU order)            |               |          |
 *   +------------+---------------------------+---------------+----------+
 *
 * The first PT_LOAD is the kernel text mapping when the layout has one; the
 * rest are the dump ranges in ascending order. The whole is padded with
 * zeroes to a multiple of the layout's alignment.
 */
#ifndef _LINUX_KEXEC_ELFCORE_H
#define _LINUX_KEXEC_ELFCORE_H

#include <linux/kexec_ranges.h>
#include <linux/types.h>

/**
 * struct kexec_elfcore_note - a note buffer in the crashed kernel's memory
 * @paddr: physical address of the buffer
 * @size: bytes the crash kernel may read from it
 */
struct kexec_elfcore_note {
	u64 paddr;
	u64 size;
};

/**
 * struct kexec_elfcore_layout - what the ELF core header describes
 * @machine: e_machine (EM_X86_64, EM_AARCH64)
 * @osabi: e_ident[EI_OSABI]
 * @cpu_notes: @nr_cpu_notes crash-note buffers, one per possible CPU
 * @nr_cpu_notes: number of @cpu_notes; at least 1
 * @vmcoreinfo: the vmcoreinfo note
 * @kernel_map: when its size is non-zero, a PT_LOAD for the kernel text
 *	mapping: physical @kernel_map.paddr mapped at @kernel_vaddr
 * @kernel_vaddr: virtual address of the kernel text mapping
 * @dump: the physical memory to dump, one PT_LOAD per range, each mapped
 *	at paddr + @direct_map_base
 * @nr_dump: number of @dump ranges; sorted, non-empty, non-overlapping
 * @direct_map_base: virtual address of physical address 0 (PAGE_OFFSET)
 * @align: the header's size is rounded up to this power of two
 */
struct kexec_elfcore_layout {
	u16 machine;
	u8 osabi;
	const struct kexec_elfcore_note *cpu_notes;
	unsigned int nr_cpu_notes;
	struct kexec_elfcore_note vmcoreinfo;
	struct kexec_elfcore_note kernel_map;
	u64 kernel_vaddr;
	const struct kexec_range *dump;
	size_t nr_dump;
	u64 direct_map_base;
	u64 align;
};

int kexec_elfcore_size(const struct kexec_elfcore_layout *layout, size_t *size);
int kexec_elfcore_build(const struct kexec_elfcore_layout *layout, void *buf, size_t size);
int kexec_crash_dump_ranges(const struct kexec_range_set *ram,
			    const struct kexec_range *exclude, size_t nr_exclude,
			    struct kexec_range_set *dump);

#endif /* _LINUX_KEXEC_ELFCORE_H */
