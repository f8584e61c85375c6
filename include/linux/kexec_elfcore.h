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
 *
 * The header is written in the CPU's byte order (EI_DATA says which), as
 * the crash kernel that reads it runs on the same machine. e_phnum is 16
 * bits and 0xffff (PN_XNUM) would mean "the count is in section header 0",
 * which /proc/vmcore does not read, so a layout needing more than 0xfffe
 * program headers is rejected with -E2BIG.
 *
 * struct crash_mem and crash_exclude_mem_range() are the older interface
 * the architectures' kexec_file code still uses (inclusive ends, fixed
 * capacity); crash_prepare_elf64_headers() in <linux/kexec.h> converts such
 * a list into a layout.
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
 *	(touching neighbours are fine)
 * @direct_map_base: virtual address of physical address 0 (PAGE_OFFSET on
 *	x86_64); the sum with a range's start is taken modulo 2^64
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

/**
 * struct crash_mem_range - a physical range [start, end], @end inclusive
 * @start: first byte
 * @end: last byte
 */
struct crash_mem_range {
	u64 start, end;
};

/**
 * struct crash_mem - a list of ranges with a fixed capacity
 * @max_nr_ranges: number of @ranges allocated
 * @nr_ranges: number of @ranges in use
 * @ranges: the ranges
 */
struct crash_mem {
	unsigned int max_nr_ranges;
	unsigned int nr_ranges;
	struct crash_mem_range ranges[];
};

int crash_exclude_mem_range(struct crash_mem *mem, unsigned long long mstart,
			    unsigned long long mend);

int kexec_elfcore_size(const struct kexec_elfcore_layout *layout, size_t *size);
int kexec_elfcore_build(const struct kexec_elfcore_layout *layout, void *buf, size_t size);
int kexec_crash_dump_ranges(const struct kexec_range_set *ram,
			    const struct kexec_range *exclude, size_t nr_exclude,
			    struct kexec_range_set *dump);

#endif /* _LINUX_KEXEC_ELFCORE_H */
