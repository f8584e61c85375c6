/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure half of unpacking a bzImage at load time: find the compressed
 * payload (boot.rst, payload_offset and payload_length), and once the glue
 * has decompressed it, read the result, the kernel's ELF file (vmlinux.bin)
 * followed by its relocation tables (vmlinux.relocs), lay its PT_LOAD
 * segments out at their physical offsets and apply a virtual offset to it,
 * as the bzImage's own decompressor (arch/x86/boot/compressed/misc.c) would
 * at every boot.
 */
#ifndef _X86_KEXEC_BZIMAGE64_VMLINUX_H
#define _X86_KEXEC_BZIMAGE64_VMLINUX_H

#include <linux/types.h>

struct bz64_image;

/* x86_64's __START_KERNEL_map: the kernel's virtual base, physical 0. */
#define BZ64_START_KERNEL_MAP	0xffffffff80000000ULL
/*
 * KERNEL_IMAGE_SIZE: 512 MiB, or 1 GiB with CONFIG_RANDOMIZE_BASE, the
 * kernels that have relocation tables; no kernel is bigger than the first.
 */
#define BZ64_KERNEL_IMAGE_SIZE	0x20000000ULL
#define BZ64_KASLR_IMAGE_SIZE	0x40000000ULL
/* The physical alignment head_64.S insists on (a 2 MiB page). */
#define BZ64_VMLINUX_MIN_ALIGN	0x200000ULL
/* PT_LOAD segments vmlinux may have (it has four or five). */
#define BZ64_VMLINUX_MAX_LOADS	16

/**
 * struct bz64_payload - the compressed kernel inside a bzImage
 * @data: its first byte, inside the file
 * @len: bytes of compressed stream (the appended size excluded)
 * @out_size: bytes it decompresses to, as the build appended them
 */
struct bz64_payload {
	const u8 *data;
	size_t len;
	u32 out_size;
};

/**
 * struct bz64_vmlinux_load - one PT_LOAD segment of the decompressed kernel
 * @file_offset: where its bytes are in the decompressed blob
 * @run_offset: where they go, from the start of the kernel in memory
 * @filesz: bytes taken from the blob
 * @kernel_map: linked at __START_KERNEL_map plus its physical address (all
 *	but the per-CPU data, linked at 0)
 */
struct bz64_vmlinux_load {
	u64 file_offset;
	u64 run_offset;
	u64 filesz;
	bool kernel_map;
};

/**
 * struct bz64_vmlinux - a decompressed kernel, checked
 * @base_paddr: physical address it was linked for (its lowest PT_LOAD)
 * @entry_offset: its 64-bit entry (startup_64) from the start in memory
 * @load_size: bytes from the start that hold file data: what is loaded
 * @run_size: bytes from the start it occupies when running, .bss and .brk
 *	included; its own code clears those, so past @load_size nothing is
 *	loaded
 * @loads: its PT_LOAD segments, @nr_loads of them
 * @nr_loads: entries in @loads
 * @in_place: no segment lies lower in the blob than in memory, so the blob
 *	can be laid out where it is (bz64_vmlinux_lay_out())
 * @relocatable: it has relocation tables, so it can move in virtual memory
 * @relocs_start: offset of the relocation tables in the blob
 * @nr_relocs: entries in each table: 64-bit, inverse 32-bit, 32-bit
 */
struct bz64_vmlinux {
	u64 base_paddr;
	u64 entry_offset;
	u64 load_size;
	u64 run_size;
	struct bz64_vmlinux_load loads[BZ64_VMLINUX_MAX_LOADS];
	unsigned int nr_loads;
	bool in_place;
	bool relocatable;
	size_t relocs_start;
	u32 nr_relocs[3];
};

int bz64_find_payload(const void *buf, size_t len, const struct bz64_image *info,
		      struct bz64_payload *payload);
int bz64_vmlinux_parse(const void *blob, size_t len, struct bz64_vmlinux *vm);
void bz64_vmlinux_lay_out(const void *blob, const struct bz64_vmlinux *vm, void *dst);
void bz64_vmlinux_relocate(const void *blob, const struct bz64_vmlinux *vm, void *dst,
			   u64 delta);
u64 bz64_vmlinux_virt_delta(const struct bz64_vmlinux *vm, u64 align, u32 random);

#endif /* _X86_KEXEC_BZIMAGE64_VMLINUX_H */
