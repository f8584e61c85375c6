// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the arm64 Image header and PE/COFF checks and the
 * placement in arch/arm64/kernel/kexec_image_layout.c.
 *
 * Input byte 0 picks the mode. Odd: the rest is a whole Image file. Even:
 * the rest is XORed onto a valid synthetic EFI stub Image and byte 1 trims
 * its length, so mutations start next to an accepted header.
 *
 * The parser must not read outside the input, and an accepted Image must
 * satisfy what the loader relies on: image_size covers the file, the
 * text_offset is 4 KiB aligned and below 2 MiB, and a placement found is
 * 2 MiB aligned plus text_offset inside the free memory.
 */
#include "../seams/arm64_kexec_pure.h"
#include "../../../../kernel/kexec_ranges.c"
#undef pr_fmt
#include "../../../../arch/arm64/kernel/kexec_image_layout.c"

#include <stdlib.h>

#include "../harness/kt.h"

#define SYN_LEN		0x2000
#define SYN_PE		0x40
#define SYN_SEC		(SYN_PE + 4 + 20 + 0xa0)

static void put(u8 *b, size_t at, u64 v, size_t n)
{
	memcpy(b + at, &v, n);
}

static void synthetic(u8 *b)
{
	memset(b, 0, SYN_LEN);
	put(b, 0x00, 0x91005a4d, 4);
	put(b, 0x10, 0x400000, 8);
	put(b, 0x18, 0xa, 8);
	put(b, 0x38, ARM64_IMAGE_MAGIC, 4);
	put(b, 0x3c, SYN_PE, 4);
	put(b, SYN_PE, ARM64_IMAGE_PE_MAGIC, 4);
	put(b, SYN_PE + 6, 1, 2);
	put(b, SYN_PE + 20, 0xa0, 2);
	put(b, SYN_SEC + 16, 0x1000, 4);
	put(b, SYN_SEC + 20, 0x1000, 4);
}

static void check_accepted(const struct arm64_image *img, size_t len)
{
	static const struct kexec_range ram = { 0x40000000, 0xc0000000 };
	struct kexec_range_set free = KEXEC_RANGE_SET_INIT;
	u64 addr;

	if (img->file_size != len || img->image_size < len ||
	    img->text_offset % SZ_4K || img->text_offset >= SZ_2M)
		abort();
	if (kexec_range_set_add(&free, &ram))
		abort();
	if (!arm64_image_place(img, &free, &addr) &&
	    ((addr - img->text_offset) % SZ_2M || addr < ram.start ||
	     addr + img->image_size > ram.end))
		abort();
	kexec_range_set_free(&free);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct arm64_image img;
	size_t len, i;
	u8 *buf;

	if (size < 2)
		return 0;
	if (data[0] & 1) {
		len = size - 1;
		buf = malloc(len ? len : 1);
		memcpy(buf, data + 1, len);
	} else {
		buf = malloc(SYN_LEN);
		synthetic(buf);
		for (i = 2; i < size && i - 2 < SYN_LEN; i++)
			buf[i - 2] ^= data[i];
		len = SYN_LEN - (size_t)data[1] * 29;
		/* Realloc to the exact length so ASan sees any overread. */
		buf = realloc(buf, len);
	}
	kt_log_reset();
	if (!arm64_image_parse(buf, len, &img))
		check_accepted(&img, len);
	free(buf);
	return 0;
}
