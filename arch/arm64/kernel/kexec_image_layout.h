/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arm64 Image header (Documentation/arm64/booting.rst) and the pure
 * decisions made from it: is this a bootable Image, and where does it go.
 * Pure: no kernel state is read; kexec_image.c gathers the inputs.
 */
#ifndef _ARM64_KERNEL_KEXEC_IMAGE_LAYOUT_H
#define _ARM64_KERNEL_KEXEC_IMAGE_LAYOUT_H

#include <linux/kexec_ranges.h>
#include <linux/types.h>

/*
 * The 64-byte header at offset 0 of an Image, in booting.rst order. All
 * fields are little endian whatever the kernel's endianness.
 */
struct arm64_image_header {
	__le32 code0;		/* executable code (or "MZ" for EFI) */
	__le32 code1;		/* executable code */
	__le64 text_offset;	/* image load offset from a 2 MiB base */
	__le64 image_size;	/* effective image size; 0: before v3.17 */
	__le64 flags;		/* ARM64_IMAGE_FLAG_* */
	__le64 res2;
	__le64 res3;
	__le64 res4;
	__le32 magic;		/* ARM64_IMAGE_MAGIC */
	__le32 res5;		/* PE header offset, for EFI stub kernels */
} __packed;

/* "ARM\x64", read as a little endian u32. */
#define ARM64_IMAGE_MAGIC		0x644d5241U
/* "MZ" at the start of an Image that is also a PE/COFF file (EFI stub). */
#define ARM64_IMAGE_MZ			0x5a4dU
#define ARM64_IMAGE_PE_MAGIC		0x00004550U	/* "PE\0\0" */

/* flags: bit 0 endianness, bits 1-2 page size, bit 3 physical placement. */
#define ARM64_IMAGE_FLAG_BE		BIT_ULL(0)
#define ARM64_IMAGE_FLAG_PAGE_SHIFT	1
#define ARM64_IMAGE_FLAG_PAGE_MASK	(3ULL << ARM64_IMAGE_FLAG_PAGE_SHIFT)
#define ARM64_IMAGE_FLAG_PHYS_ANY	BIT_ULL(3)
#define ARM64_IMAGE_FLAGS_KNOWN		(ARM64_IMAGE_FLAG_BE |		\
					 ARM64_IMAGE_FLAG_PAGE_MASK |	\
					 ARM64_IMAGE_FLAG_PHYS_ANY)

/* Page size field values. */
#define ARM64_IMAGE_PAGE_UNSPEC		0
#define ARM64_IMAGE_PAGE_4K		1
#define ARM64_IMAGE_PAGE_16K		2
#define ARM64_IMAGE_PAGE_64K		3

/* The Image is loaded at a 2 MiB aligned base plus text_offset. */
#define ARM64_IMAGE_BASE_ALIGN		SZ_2M
/* initrd and DTB stay within 32 GiB of the kernel's base (linear map reach). */
#define ARM64_IMAGE_WINDOW		(32ULL << 30)

/**
 * struct arm64_image - what the loader needs from a valid Image header
 * @text_offset: the kernel's offset from its 2 MiB aligned base
 * @image_size: bytes reserved from base + text_offset (BSS included)
 * @file_size: bytes of the file (copied; the rest up to @image_size is zero)
 * @page_shift: 12, 14 or 16 from the flags, 0 when unspecified
 * @big_endian: the kernel runs big endian
 * @phys_any: the kernel may be placed anywhere in RAM (flags bit 3)
 * @pe: the Image carries an EFI PE/COFF header
 */
struct arm64_image {
	u64 text_offset;
	u64 image_size;
	u64 file_size;
	unsigned int page_shift;
	bool big_endian;
	bool phys_any;
	bool pe;
};

int arm64_image_parse(const void *buf, size_t len, struct arm64_image *img);
int arm64_image_check_runnable(const struct arm64_image *img, bool cpu_big_endian,
			       unsigned int page_shift);
int arm64_image_place(const struct arm64_image *img, const struct kexec_range_set *free,
		      u64 *load_addr);
int arm64_image_check_cmdline(const char *cmdline, size_t len, size_t max);

#endif /* _ARM64_KERNEL_KEXEC_IMAGE_LAYOUT_H */
