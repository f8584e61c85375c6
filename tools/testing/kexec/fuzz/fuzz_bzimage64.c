// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the bzImage setup header parser and the zero page
 * builder in arch/x86/kernel/kexec_bzimage64_layout.c.
 *
 * Input byte 0 picks the mode. Odd: the rest is a whole image file. Even:
 * the rest is XORed onto a valid synthetic image from offset 0x1f1 and byte
 * 1 trims its length, so mutations start next to an accepted header rather
 * than having to discover "HdrS" and 0xaa55 first.
 *
 * Whatever the input, the parser must not read outside it, and an accepted
 * image must satisfy the invariants the glue relies on when it slices the
 * file into segments and copies the header.
 */
#include "../seams/x86_kexec_pure.h"
#include "../../../../arch/x86/kernel/kexec_bzimage64_layout.c"

#include <stdlib.h>

#include "../harness/kt.h"

#define SYN_SETUP	(5 * 512)
#define SYN_LEN		(SYN_SETUP + 0x1000)

static void put(u8 *b, size_t at, u32 v, size_t n)
{
	memcpy(b + at, &v, n);
}

static void synthetic(u8 *b)
{
	memset(b, 0, SYN_LEN);
	b[0x1f1] = 4;
	put(b, 0x1f4, 0x1000 / 16, 4);
	put(b, 0x1fe, 0xaa55, 2);
	b[0x201] = 0x26c - 0x202;
	memcpy(b + 0x202, "HdrS", 4);
	put(b, 0x206, 0x020f, 2);
	b[0x211] = LOADED_HIGH;
	put(b, 0x230, 0x200000, 4);
	b[0x234] = 1;
	put(b, 0x236, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G, 2);
	put(b, 0x238, 2047, 4);
	put(b, 0x260, 0x100000, 4);
}

static void check_accepted(const u8 *img, size_t len, const struct bz64_image *info)
{
	static const char cmd[] = "console=ttyS0";
	struct bz64_params_src src = {
		.image = img, .info = info, .cmdline = cmd, .cmdline_len = sizeof(cmd),
	};
	struct bz64_addrs at = { .params = 0x10000, .kernel = 0x1000000,
				 .initrd = 0x2000000, .initrd_size = 0x1000 };
	struct bz64_place pl;
	size_t size;
	u8 *block;

	if ((u64)info->setup_size + info->kernel_size > len ||
	    BZ64_HDR_START + info->hdr_size > info->setup_size ||
	    info->hdr_size > BZ64_HDR_AREA_END - BZ64_HDR_START ||
	    !is_power_of_2(info->kernel_alignment) || info->protocol < BZ64_MIN_PROTOCOL)
		abort();
	bz64_kernel_place(info, &pl);
	if (pl.memsz < info->kernel_size || pl.memsz < info->init_size)
		abort();
	bz64_initrd_place(info, 0x1000, &pl);
	if (bz64_params_size(&src, &size) || size < sizeof(struct boot_params))
		abort();
	block = malloc(size);
	if (bz64_build_params(&src, &at, block, size))
		abort();
	free(block);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct bz64_image info;
	size_t len, i;
	u8 *img;

	if (size < 2)
		return 0;
	if (data[0] & 1) {
		len = size - 1;
		img = malloc(len ? len : 1);
		memcpy(img, data + 1, len);
	} else {
		img = malloc(SYN_LEN);
		synthetic(img);
		for (i = 2; i < size && 0x1f1 + i - 2 < SYN_LEN; i++)
			img[0x1f1 + i - 2] ^= data[i];
		len = SYN_LEN - (data[1] ? (size_t)data[1] * 13 : 0);
		/* Realloc to the exact length so ASan sees any overread. */
		img = realloc(img, len);
	}
	kt_log_reset();
	if (!bz64_parse(img, len, &info))
		check_accepted(img, len, &info);
	free(img);
	return 0;
}
