/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device tree handed to the next arm64 kernel: a copy of the running
 * kernel's flattened tree with /chosen rewritten. Pure: the caller gathers
 * the seeds, the command line and the addresses.
 */
#ifndef _ARM64_KERNEL_KEXEC_FDT_H
#define _ARM64_KERNEL_KEXEC_FDT_H

#include <linux/types.h>

/* booting.rst: at most 2 MiB, on an 8-byte boundary. */
#define ARM64_FDT_MAX_SIZE	SZ_2M
#define ARM64_FDT_ALIGN		8
/* Room added on top of the source tree before the first try. */
#define ARM64_FDT_SLACK		SZ_4K
#define ARM64_FDT_RNG_SEED_SIZE	128
/* usable-memory-range entries: the crashkernel region and its low part. */
#define ARM64_FDT_MAX_USABLE	2

/* A physical range as /chosen writes it: address and size. */
struct arm64_fdt_range {
	u64 start;
	u64 size;
};

/**
 * struct arm64_fdt_params - what the next kernel's /chosen says
 * @cmdline: bootargs, or NULL/empty to remove bootargs
 * @initrd: linux,initrd-start/-end; size 0 for no initrd
 * @kaslr_seed: kaslr-seed, when @has_kaslr_seed
 * @has_kaslr_seed: write kaslr-seed
 * @rng_seed: rng-seed bytes, @rng_seed_len of them (0: none)
 * @rng_seed_len: bytes at @rng_seed
 * @ima: linux,ima-kexec-buffer and its /memreserve/ entry; size 0 for none
 * @elfcorehdr: crash kernel: linux,elfcorehdr; size 0 for a normal kexec
 * @usable: crash kernel: linux,usable-memory-range entries
 * @nr_usable: entries in @usable
 */
struct arm64_fdt_params {
	const char *cmdline;
	struct arm64_fdt_range initrd;
	u64 kaslr_seed;
	bool has_kaslr_seed;
	const u8 *rng_seed;
	size_t rng_seed_len;
	struct arm64_fdt_range ima;
	struct arm64_fdt_range elfcorehdr;
	struct arm64_fdt_range usable[ARM64_FDT_MAX_USABLE];
	unsigned int nr_usable;
};

int arm64_fdt_build(const void *src, const struct arm64_fdt_params *p, void **out,
		    size_t *out_size);

#endif /* _ARM64_KERNEL_KEXEC_FDT_H */
