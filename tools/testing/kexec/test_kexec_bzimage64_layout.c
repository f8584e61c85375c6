// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for arch/x86/kernel/kexec_bzimage64_layout.c: setup header
 * checks, segment constraints and the boot_params block, on synthetic
 * images and on real ones (the overlay's bzImage, Debian's vmlinuz) when
 * they have been built or unpacked.
 */
#include "seams/x86_kexec_pure.h"
#include "../../../arch/x86/kernel/kexec_bzimage64_layout.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

/*
 * The synthetic image: a 4-sector setup after the boot sector, then 16 KiB
 * of "protected-mode code" whose payload sits at 0x100..0x1100.
 *
 *   0x0000  boot sector, setup header at 0x1f1 (ends at 0x26c)
 *   0x0a00  protected-mode code (syssize 0x400 paragraphs)
 *   0x4a00  end of file
 */
#define IMG_SECTS	4
#define IMG_SETUP	((IMG_SECTS + 1) * 512)
#define IMG_KERNEL	0x4000
#define IMG_LEN		(IMG_SETUP + IMG_KERNEL)
#define IMG_HDR_END	0x26c
#define IMG_ALIGN	0x200000
#define IMG_INIT_SIZE	0x1234567
#define IMG_CMDLINE_MAX	2047

struct img {
	u8 b[IMG_LEN];
};

static void put16(struct img *im, size_t at, u16 v) { memcpy(im->b + at, &v, 2); }
static void put32(struct img *im, size_t at, u32 v) { memcpy(im->b + at, &v, 4); }

static void img_init(struct img *im)
{
	size_t i;

	for (i = 0; i < sizeof(im->b); i++)
		im->b[i] = (u8)(i * 7 + 3);
	memset(im->b + 0x1f1, 0, IMG_HDR_END - 0x1f1);
	im->b[0x1f1] = IMG_SECTS;
	put32(im, 0x1f4, IMG_KERNEL / 16);
	put16(im, 0x1fa, 0xffff);		/* vid_mode: normal */
	put16(im, 0x1fe, 0xaa55);
	im->b[0x200] = 0xeb;
	im->b[0x201] = IMG_HDR_END - 0x202;
	memcpy(im->b + 0x202, "HdrS", 4);
	put16(im, 0x206, 0x020f);
	im->b[0x211] = LOADED_HIGH | CAN_USE_HEAP;
	put32(im, 0x214, 0x100000);		/* code32_start */
	put16(im, 0x224, 0xde00);		/* heap_end_ptr */
	put32(im, 0x22c, 0x7fffffff);		/* initrd_addr_max */
	put32(im, 0x230, IMG_ALIGN);
	im->b[0x234] = 1;
	im->b[0x235] = 21;
	put16(im, 0x236, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);
	put32(im, 0x238, IMG_CMDLINE_MAX);
	put32(im, 0x248, 0x100);		/* payload_offset */
	put32(im, 0x24c, 0x1000);		/* payload_length */
	put32(im, 0x260, IMG_INIT_SIZE);
	put32(im, 0x264, 0x190);		/* handover_offset: newer than we read */
}

static struct img *img_new(void)
{
	struct img *im = malloc(sizeof(*im));

	img_init(im);
	return im;
}

/* ---------------- bz64_parse: a good image ---------------- */

static void parse_reads_the_header(struct kt *t, const void *row)
{
	struct img *im = img_new();
	struct bz64_image info;

	KT_EXPECT_EQ(t, bz64_parse(im->b, sizeof(im->b), &info), 0);
	KT_EXPECT_NO_LOG(t);
	KT_EXPECT_EQ(t, info.protocol, 0x020f);
	KT_EXPECT_EQ(t, info.setup_size, IMG_SETUP);
	KT_EXPECT_EQ(t, info.kernel_size, IMG_KERNEL);
	KT_EXPECT_EQ(t, info.hdr_size, IMG_HDR_END - 0x1f1);
	KT_EXPECT_EQ(t, info.kernel_alignment, IMG_ALIGN);
	KT_EXPECT_EQ(t, info.init_size, IMG_INIT_SIZE);
	KT_EXPECT_EQ(t, info.cmdline_size, IMG_CMDLINE_MAX);
	KT_EXPECT_EQ(t, info.initrd_addr_max, 0x7fffffff);
	KT_EXPECT_EQ(t, info.xloadflags, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);
	free(im);
}

static void parse_zero_setup_sects_means_four(struct kt *t, const void *row)
{
	struct img *im = img_new();
	struct bz64_image info;

	im->b[0x1f1] = 0;
	KT_EXPECT_EQ(t, bz64_parse(im->b, sizeof(im->b), &info), 0);
	KT_EXPECT_EQ(t, info.setup_size, 5 * 512);
	free(im);
}

static void parse_accepts_trailing_bytes(struct kt *t, const void *row)
{
	u8 *buf = calloc(1, IMG_LEN + 4096);	/* e.g. an appended signature */
	struct img *im = img_new();
	struct bz64_image info;

	memcpy(buf, im->b, IMG_LEN);
	KT_EXPECT_EQ(t, bz64_parse(buf, IMG_LEN + 4096, &info), 0);
	KT_EXPECT_EQ(t, info.kernel_size, IMG_KERNEL);
	free(im);
	free(buf);
}

static void parse_caps_a_long_header_at_the_zero_page_room(struct kt *t, const void *row)
{
	struct img *im = img_new();
	struct bz64_image info;

	im->b[0x201] = 0xff;			/* header "ends" at 0x301 */
	KT_EXPECT_EQ(t, bz64_parse(im->b, sizeof(im->b), &info), 0);
	KT_EXPECT_EQ(t, info.hdr_size, 0x290 - 0x1f1);
	free(im);
}

/* ---------------- bz64_parse: malformed images ---------------- */

struct bad_row {
	const char *name;
	size_t at;		/* byte offset to patch */
	unsigned int width;	/* 1, 2 or 4 bytes; 0: only truncate */
	u32 value;
	size_t len;		/* file length to present; 0: whole image */
	const char *needle;
};

static const struct bad_row bad_rows[] = {
	{ "truncated inside the setup header", 0, 0, 0, 0x200, "too short" },
	{ "empty file", 0, 0, 0, 1, "too short" },
	{ "truncated inside the setup sectors", 0, 0, 0, 0x800, "setup sectors" },
	{ "truncated inside the kernel", 0, 0, 0, IMG_LEN - 1, "syssize" },
	{ "boot flag is not 0xaa55", 0x1fe, 2, 0x55aa, 0, "boot sector flag 0x55aa" },
	{ "magic is not HdrS", 0x202, 4, 0x53726449, 0, "\"HdrS\"" },
	{ "protocol 2.11 is too old", 0x206, 2, 0x020b, 0, "2.11 is older than 2.12" },
	{ "protocol 1.00 is too old", 0x206, 2, 0x0100, 0, "1.00" },
	{ "setup_sects overflows the file", 0x1f1, 1, 0xff, 0, "255 setup sectors" },
	{ "header ends before the 2.12 fields", 0x201, 1, 0x50, 0, "header end 0x252" },
	{ "syssize beyond the file", 0x1f4, 4, IMG_KERNEL / 16 + 1, 0, "syssize of 16400" },
	{ "syssize huge", 0x1f4, 4, 0xffffffff, 0, "syssize" },
	{ "syssize zero", 0x1f4, 4, 0, 0, "syssize of 0" },
	{ "payload beyond the kernel", 0x24c, 4, IMG_KERNEL, 0, "payload ends at 0x4100" },
	{ "payload offset wraps", 0x248, 4, 0xffffffff, 0, "payload ends" },
	{ "not a bzImage", 0x211, 1, 0, 0, "LOADED_HIGH" },
	{ "not relocatable", 0x234, 1, 0, 0, "not relocatable" },
	{ "no 64-bit entry", 0x236, 2, XLF_CAN_BE_LOADED_ABOVE_4G, 0, "no 64-bit entry" },
	{ "cannot be loaded above 4G", 0x236, 2, XLF_KERNEL_64, 0, "above 4G" },
	{ "kernel_alignment not a power of two", 0x230, 4, 0x300000, 0,
	  "kernel_alignment 0x300000" },
	{ "kernel_alignment zero", 0x230, 4, 0, 0, "kernel_alignment 0x0" },
};

static void parse_rejects(struct kt *t, const void *p)
{
	const struct bad_row *row = p;
	struct img *im = img_new();
	struct bz64_image info = { .protocol = 0x1234 };
	size_t len = row->len ? row->len : sizeof(im->b);
	u8 *copy;

	if (row->width == 1)
		im->b[row->at] = row->value;
	else if (row->width == 2)
		put16(im, row->at, row->value);
	else if (row->width == 4)
		put32(im, row->at, row->value);
	/* An exact-size copy, so ASan catches any read past @len. */
	copy = malloc(len);
	memcpy(copy, im->b, len);
	KT_EXPECT_EQ(t, bz64_parse(copy, len, &info), -ENOEXEC);
	KT_EXPECT_LOGGED(t, "x86/kexec: bzImage: ", row->needle);
	free(copy);
	free(im);
}

/* ---------------- command line ---------------- */

struct cmdline_row {
	const char *name;
	size_t len;		/* string length */
	size_t buf;		/* bytes passed (string, NUL, ...) */
	int rc;
};

static const struct cmdline_row cmdline_rows[] = {
	{ "empty", 0, 1, 0 },
	{ "exactly cmdline_size", IMG_CMDLINE_MAX, IMG_CMDLINE_MAX + 1, 0 },
	{ "one byte over cmdline_size", IMG_CMDLINE_MAX + 1, IMG_CMDLINE_MAX + 2, -EINVAL },
	{ "unterminated, over cmdline_size", IMG_CMDLINE_MAX + 1, IMG_CMDLINE_MAX + 1, -EINVAL },
	{ "NUL early in a long buffer", 10, 4096, 0 },
};

static void cmdline_limit(struct kt *t, const void *p)
{
	const struct cmdline_row *row = p;
	struct bz64_image info = { .cmdline_size = IMG_CMDLINE_MAX };
	char *s = calloc(1, row->buf);

	memset(s, 'x', row->len);
	KT_EXPECT_EQ(t, bz64_check_cmdline(&info, s, row->buf), row->rc);
	if (row->rc)
		KT_EXPECT_LOGGED(t, "command line of 2048 bytes", "kernel's 2047");
	else
		KT_EXPECT_NO_LOG(t);
	free(s);
}

static void cmdline_absent_is_empty(struct kt *t, const void *row)
{
	struct bz64_image info = { .cmdline_size = 0 };

	KT_EXPECT_EQ(t, bz64_check_cmdline(&info, NULL, 0), 0);
}

/* ---------------- placement constraints ---------------- */

static void kernel_place_uses_init_size_and_alignment(struct kt *t, const void *row)
{
	struct bz64_image info = {
		.kernel_size = 0x4000, .init_size = 0x1234567, .kernel_alignment = 0x200000,
	};
	struct bz64_place pl;

	bz64_kernel_place(&info, &pl);
	KT_EXPECT_EQ(t, pl.memsz, 0x1235000);
	KT_EXPECT_EQ(t, pl.align, 0x200000);
	KT_EXPECT_EQ(t, pl.min, 0x100000);
	KT_EXPECT_EQ(t, pl.max, U64_MAX);
}

static void kernel_place_covers_code_larger_than_init_size(struct kt *t, const void *row)
{
	struct bz64_image info = {
		.kernel_size = 0x5001, .init_size = 0x1000, .kernel_alignment = 0x10,
	};
	struct bz64_place pl;

	bz64_kernel_place(&info, &pl);
	KT_EXPECT_EQ(t, pl.memsz, 0x6000);
	KT_EXPECT_EQ(t, pl.align, 0x1000);	/* never below a page */
}

struct initrd_row {
	const char *name;
	u16 xloadflags;
	u64 size;
	int rc;
	u64 max;
};

static const struct initrd_row initrd_rows[] = {
	{ "above 4G allowed: no limit", XLF_CAN_BE_LOADED_ABOVE_4G, 0x123456, 0, U64_MAX },
	{ "above 4G allowed: larger than 4G", XLF_CAN_BE_LOADED_ABOVE_4G, 0x100000001ULL,
	  0, U64_MAX },
	{ "below 4G: initrd_addr_max is the limit", 0, 0x123456, 0, 0x7fffffff },
	{ "below 4G: exactly fills 1M..initrd_addr_max", 0, 0x7ff00000, 0, 0x7fffffff },
	{ "below 4G: one byte too big", 0, 0x7ff00001, -E2BIG },
};

static void initrd_place(struct kt *t, const void *p)
{
	const struct initrd_row *row = p;
	struct bz64_image info = { .xloadflags = row->xloadflags,
				   .initrd_addr_max = 0x7fffffff };
	struct bz64_place pl = { 0 };

	KT_EXPECT_EQ(t, bz64_initrd_place(&info, row->size, &pl), row->rc);
	if (row->rc) {
		KT_EXPECT_LOGGED(t, "initrd of 2146435073 bytes", "0x7fffffff");
		return;
	}
	KT_EXPECT_EQ(t, pl.memsz, row->size);
	KT_EXPECT_EQ(t, pl.align, 0x1000);
	KT_EXPECT_EQ(t, pl.min, 0x100000);
	KT_EXPECT_EQ(t, pl.max, row->max);
}

/* ---------------- the boot_params block ---------------- */

static const struct boot_e820_entry small_map[] = {
	{ .addr = 0, .size = 0x9fc00, .type = 1 },
	{ .addr = 0x9fc00, .size = 0x400, .type = 2 },
	{ .addr = 0x100000, .size = 0x7ff00000, .type = 1 },
	{ .addr = 0xfffc0000, .size = 0x40000, .type = 2 },
};

static const u8 seed[BZ64_RNG_SEED_SIZE] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

static const char cmdline[] = "console=ttyS0 root=/dev/ram0 token=abc";

struct fixture {
	struct img *im;
	struct bz64_image info;
	struct bz64_item items[2];
	struct bz64_params_src src;
	struct bz64_addrs at;
	size_t size;
	u8 *block;
	struct boot_params *bp;
};

static void fixture_init(struct kt *t, struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->im = img_new();
	KT_ASSERT_EQ(t, bz64_parse(f->im->b, sizeof(f->im->b), &f->info), 0);
	f->items[0] = (struct bz64_item){ SETUP_RNG_SEED, sizeof(seed), seed };
	f->src = (struct bz64_params_src){
		.image = f->im->b, .info = &f->info,
		.cmdline = cmdline, .cmdline_len = sizeof(cmdline),
		.e820 = small_map, .nr_e820 = ARRAY_SIZE(small_map),
		.items = f->items, .nr_items = 1,
	};
	f->at = (struct bz64_addrs){
		.params = 0x7ffd0000, .kernel = 0x7e000000,
		.initrd = 0x7f000000, .initrd_size = 0x123456,
	};
}

static void fixture_build(struct kt *t, struct fixture *f)
{
	KT_ASSERT_EQ(t, bz64_params_size(&f->src, &f->size), 0);
	f->block = malloc(f->size);
	memset(f->block, 0xa5, f->size);
	f->bp = (struct boot_params *)f->block;
	KT_ASSERT_EQ(t, bz64_build_params(&f->src, &f->at, f->block, f->size), 0);
}

static void fixture_free(struct fixture *f)
{
	free(f->block);
	free(f->im);
}

static const struct setup_data *node_at(const struct fixture *f, u64 addr)
{
	return (const struct setup_data *)(f->block + (addr - f->at.params));
}

static void params_block_layout(struct kt *t, const void *row)
{
	struct fixture f;

	fixture_init(t, &f);
	fixture_build(t, &f);
	/* zero page, cmdline (39 + NUL at 0x1000), RNG node at 0x1030 (16 + 32) */
	KT_EXPECT_EQ(t, f.size, 0x1060);
	KT_EXPECT_EQ(t, bz64_entry64(&f.at), 0x7e000200);
	fixture_free(&f);
}

static void params_copy_the_setup_header(struct kt *t, const void *row)
{
	struct fixture f;

	fixture_init(t, &f);
	fixture_build(t, &f);
	/* Bytes the loader does not own are the image's, byte for byte. */
	KT_EXPECT_EQ(t, memcmp(f.block + 0x1f1, f.im->b + 0x1f1, 0x210 - 0x1f1), 0);
	KT_EXPECT_EQ(t, memcmp(f.block + 0x22c, f.im->b + 0x22c, 0x250 - 0x22c), 0);
	KT_EXPECT_EQ(t, memcmp(f.block + 0x258, f.im->b + 0x258, IMG_HDR_END - 0x258), 0);
	KT_EXPECT_EQ(t, f.bp->hdr.version, 0x020f);
	KT_EXPECT_EQ(t, f.bp->hdr.init_size, IMG_INIT_SIZE);
	KT_EXPECT_EQ(t, f.bp->hdr.handover_offset, 0x190);
	KT_EXPECT_EQ(t, f.bp->hdr.code32_start, 0x100000);
	/* Nothing past the header area leaks in from the image. */
	KT_EXPECT_EQ(t, f.block[IMG_HDR_END], 0);
	KT_EXPECT_EQ(t, f.block[0x1f0], 0);
	fixture_free(&f);
}

static void params_loader_fields(struct kt *t, const void *row)
{
	struct fixture f;

	fixture_init(t, &f);
	fixture_build(t, &f);
	KT_EXPECT_EQ(t, f.bp->hdr.type_of_loader, 0xd0);
	KT_EXPECT_EQ(t, f.bp->hdr.loadflags, LOADED_HIGH);
	KT_EXPECT_EQ(t, f.bp->hdr.heap_end_ptr, 0);
	KT_EXPECT_EQ(t, f.bp->hdr.cmd_line_ptr, 0x7ffd1000);
	KT_EXPECT_EQ(t, f.bp->ext_cmd_line_ptr, 0);
	KT_EXPECT_EQ(t, strcmp((const char *)f.block + 0x1000, cmdline), 0);
	KT_EXPECT_EQ(t, f.bp->hdr.ramdisk_image, 0x7f000000);
	KT_EXPECT_EQ(t, f.bp->hdr.ramdisk_size, 0x123456);
	KT_EXPECT_EQ(t, f.bp->ext_ramdisk_image, 0);
	KT_EXPECT_EQ(t, f.bp->ext_ramdisk_size, 0);
	fixture_free(&f);
}

static void params_high_addresses_use_ext_fields(struct kt *t, const void *row)
{
	struct fixture f;

	fixture_init(t, &f);
	f.at = (struct bz64_addrs){
		.params = 0x23fff0000ULL, .kernel = 0x200000000ULL,
		.initrd = 0x300001000ULL, .initrd_size = 0x100000010ULL,
	};
	fixture_build(t, &f);
	KT_EXPECT_EQ(t, f.bp->hdr.cmd_line_ptr, 0x3fff1000);
	KT_EXPECT_EQ(t, f.bp->ext_cmd_line_ptr, 2);
	KT_EXPECT_EQ(t, f.bp->hdr.ramdisk_image, 0x00001000);
	KT_EXPECT_EQ(t, f.bp->ext_ramdisk_image, 3);
	KT_EXPECT_EQ(t, f.bp->hdr.ramdisk_size, 0x10);
	KT_EXPECT_EQ(t, f.bp->ext_ramdisk_size, 1);
	KT_EXPECT_EQ(t, f.bp->hdr.setup_data, 0x23fff1030ULL);
	KT_EXPECT_EQ(t, bz64_entry64(&f.at), 0x200000200ULL);
	fixture_free(&f);
}

static void params_without_initrd_or_cmdline(struct kt *t, const void *row)
{
	struct fixture f;

	fixture_init(t, &f);
	f.at.initrd_size = 0;
	f.src.cmdline = NULL;
	f.src.cmdline_len = 0;
	fixture_build(t, &f);
	KT_EXPECT_EQ(t, f.bp->hdr.ramdisk_image, 0);
	KT_EXPECT_EQ(t, f.bp->hdr.ramdisk_size, 0);
	KT_EXPECT_EQ(t, f.bp->hdr.cmd_line_ptr, 0x7ffd1000);
	KT_EXPECT_EQ(t, f.block[0x1000], 0);
	fixture_free(&f);
}

static void params_e820_and_memory_size(struct kt *t, const void *row)
{
	struct fixture f;
	unsigned int i;

	fixture_init(t, &f);
	fixture_build(t, &f);
	KT_ASSERT_EQ(t, f.bp->e820_entries, ARRAY_SIZE(small_map));
	for (i = 0; i < ARRAY_SIZE(small_map); i++) {
		KT_EXPECT_EQ(t, f.bp->e820_table[i].addr, small_map[i].addr);
		KT_EXPECT_EQ(t, f.bp->e820_table[i].size, small_map[i].size);
		KT_EXPECT_EQ(t, f.bp->e820_table[i].type, small_map[i].type);
	}
	KT_EXPECT_EQ(t, f.bp->e820_table[i].addr, 0);
	/* RAM from 1M to 0x80000000: 0x7ff00000 bytes = 0x1ffc00 KiB */
	KT_EXPECT_EQ(t, f.bp->alt_mem_k, 0x1ffc00);
	KT_EXPECT_EQ(t, f.bp->screen_info.ext_mem_k, 0xfc00);
	fixture_free(&f);
}

static void params_rng_seed_node(struct kt *t, const void *row)
{
	const struct setup_data *sd;
	struct fixture f;

	fixture_init(t, &f);
	fixture_build(t, &f);
	KT_ASSERT_EQ(t, f.bp->hdr.setup_data, 0x7ffd1030);
	sd = node_at(&f, f.bp->hdr.setup_data);
	KT_EXPECT_EQ(t, sd->type, SETUP_RNG_SEED);
	KT_EXPECT_EQ(t, sd->len, 32);
	KT_EXPECT_EQ(t, sd->next, 0);
	KT_EXPECT_EQ(t, memcmp(sd->data, seed, 32), 0);
	fixture_free(&f);
}

/* 130 entries: 128 in the zero page, 2 in a SETUP_E820_EXT node first. */
static void params_big_map_spills_to_e820_ext(struct kt *t, const void *row)
{
	struct boot_e820_entry map[130];
	const struct setup_data *ext, *rng;
	struct fixture f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		map[i] = (struct boot_e820_entry){ .addr = 0x100000ULL * (i + 1),
						   .size = 0x1000, .type = 1 + i % 2 };
	fixture_init(t, &f);
	f.src.e820 = map;
	f.src.nr_e820 = ARRAY_SIZE(map);
	fixture_build(t, &f);
	KT_EXPECT_EQ(t, f.bp->e820_entries, 128);
	KT_EXPECT_EQ(t, f.bp->e820_table[127].addr, 0x8000000);
	KT_ASSERT_EQ(t, f.bp->hdr.setup_data, 0x7ffd1030);
	ext = node_at(&f, f.bp->hdr.setup_data);
	KT_EXPECT_EQ(t, ext->type, SETUP_E820_EXT);
	KT_EXPECT_EQ(t, ext->len, 2 * 20);
	KT_EXPECT_EQ(t, memcmp(ext->data, &map[128], 2 * 20), 0);
	/* 0x1030 + 16 + 40 = 0x1068, next node 16-aligned at 0x1070 */
	KT_ASSERT_EQ(t, ext->next, 0x7ffd1070);
	rng = node_at(&f, ext->next);
	KT_EXPECT_EQ(t, rng->type, SETUP_RNG_SEED);
	KT_EXPECT_EQ(t, rng->next, 0);
	KT_EXPECT_EQ(t, f.size, 0x10a0);
	fixture_free(&f);
}

static void params_inherit_firmware_fields(struct kt *t, const void *row)
{
	struct boot_params *old = calloc(1, sizeof(*old));
	struct screen_info screen = { .orig_video_mode = 3, .ext_mem_k = 77 };
	struct fixture f;

	old->hdr.hardware_subarch = 2;
	old->hdr.hardware_subarch_data = 0x1234;
	old->acpi_rsdp_addr = 0xdead;		/* the glue decides; not copied */
	old->eddbuf_entries = 2;
	old->eddbuf[1].device = 0x81;
	old->edd_mbr_sig_buf_entries = 1;
	old->edd_mbr_sig_buffer[0] = 0xcafe;
	old->secure_boot = 3;
	fixture_init(t, &f);
	f.src.inherit = old;
	f.src.screen = &screen;
	f.src.acpi_rsdp = 0xf0000;
	fixture_build(t, &f);
	KT_EXPECT_EQ(t, f.bp->hdr.hardware_subarch, 2);
	KT_EXPECT_EQ(t, f.bp->hdr.hardware_subarch_data, 0x1234);
	KT_EXPECT_EQ(t, f.bp->acpi_rsdp_addr, 0xf0000);
	KT_EXPECT_EQ(t, f.bp->eddbuf_entries, 2);
	KT_EXPECT_EQ(t, f.bp->eddbuf[1].device, 0x81);
	KT_EXPECT_EQ(t, f.bp->edd_mbr_sig_buf_entries, 1);
	KT_EXPECT_EQ(t, f.bp->edd_mbr_sig_buffer[0], 0xcafe);
	KT_EXPECT_EQ(t, f.bp->secure_boot, 0);	/* only with EFI */
	KT_EXPECT_EQ(t, f.bp->screen_info.orig_video_mode, 3);
	KT_EXPECT_EQ(t, f.bp->screen_info.ext_mem_k, 0xfc00);	/* from the map */
	fixture_free(&f);
	free(old);
}

static void params_efi_info_and_runtime_map(struct kt *t, const void *row)
{
	struct boot_params *old = calloc(1, sizeof(*old));
	struct efi_info efi = {
		.efi_loader_signature = 0x34364c45, .efi_systab = 0x7f000018,
		.efi_memdesc_size = 48, .efi_memdesc_version = 1,
		.efi_memmap = 0x1111, .efi_memmap_size = 0x2222, .efi_systab_hi = 0,
	};
	static const u8 esd[80] = { 0xee };
	u8 map[96];
	const struct setup_data *sd;
	struct fixture f;

	memset(map, 0x3c, sizeof(map));
	old->secure_boot = 3;
	fixture_init(t, &f);
	f.items[1] = (struct bz64_item){ SETUP_EFI, sizeof(esd), esd };
	f.src.nr_items = 2;
	f.src.inherit = old;
	f.src.efi = &efi;
	f.src.efi_memmap = map;
	f.src.efi_memmap_size = sizeof(map);
	fixture_build(t, &f);
	/* RNG node at 0x1030 (48 bytes), EFI node at 0x1060 (96), map at 0x10c0 */
	KT_EXPECT_EQ(t, f.size, 0x1120);
	KT_EXPECT_EQ(t, f.bp->efi_info.efi_loader_signature, 0x34364c45);
	KT_EXPECT_EQ(t, f.bp->efi_info.efi_systab, 0x7f000018);
	KT_EXPECT_EQ(t, f.bp->efi_info.efi_memdesc_size, 48);
	KT_EXPECT_EQ(t, f.bp->efi_info.efi_memmap, 0x7ffd10c0);
	KT_EXPECT_EQ(t, f.bp->efi_info.efi_memmap_hi, 0);
	KT_EXPECT_EQ(t, f.bp->efi_info.efi_memmap_size, sizeof(map));
	KT_EXPECT_EQ(t, memcmp(f.block + 0x10c0, map, sizeof(map)), 0);
	KT_EXPECT_EQ(t, f.bp->secure_boot, 3);
	sd = node_at(&f, f.bp->hdr.setup_data);
	KT_ASSERT_EQ(t, sd->next, 0x7ffd1060);
	sd = node_at(&f, sd->next);
	KT_EXPECT_EQ(t, sd->type, SETUP_EFI);
	KT_EXPECT_EQ(t, sd->len, 80);
	KT_EXPECT_EQ(t, sd->data[0], 0xee);
	KT_EXPECT_EQ(t, sd->next, 0);
	fixture_free(&f);
	free(old);
}

static void params_block_too_small_is_a_caller_bug(struct kt *t, const void *row)
{
	struct fixture f;
	u8 *small;

	fixture_init(t, &f);
	KT_ASSERT_EQ(t, bz64_params_size(&f.src, &f.size), 0);
	small = malloc(f.size - 1);
	KT_EXPECT_EQ(t, bz64_build_params(&f.src, &f.at, small, f.size - 1), -EINVAL);
	KT_EXPECT_EQ(t, kt_warn_count, 1);
	kt_warn_count = 0;
	free(small);
	fixture_free(&f);
}

/* ---------------- bz64_crash_e820 ---------------- */

#define E820_RAM	1
#define E820_RESERVED	2
#define E820_ACPI	3
#define E820_RES_KERN	128

/*
 * QEMU's map for 1 GiB, with a crashkernel region at 0x30000000 whose first
 * page holds the ELF core header:
 *
 *   0x0        0x9fc00  0xa0000  0xf0000   0x100000             0x3ffe0000
 *   |   RAM      | res  |        |  res    |        RAM           | res |
 *                                             [0x30001000, 0x3c000000) crash
 */
static const struct boot_e820_entry qemu_map[] = {
	{ 0x0, 0x9fc00, E820_RAM },
	{ 0x9fc00, 0x400, E820_RESERVED },
	{ 0xf0000, 0x10000, E820_RESERVED },
	{ 0x100000, 0x3fee0000, E820_RAM },
	{ 0x3ffe0000, 0x20000, E820_RESERVED },
	{ 0xfffc0000, 0x40000, E820_RESERVED },
};

static void expect_e820(struct kt *t, const struct boot_e820_entry *got, unsigned int nr_got,
			const struct boot_e820_entry *want, unsigned int nr_want)
{
	unsigned int i;

	KT_ASSERT_EQ(t, nr_got, nr_want);
	for (i = 0; i < nr_want; i++) {
		KT_EXPECT_EQ(t, got[i].addr, want[i].addr);
		KT_EXPECT_EQ(t, got[i].size, want[i].size);
		KT_EXPECT_EQ(t, got[i].type, want[i].type);
	}
}

static void crash_e820_keeps_firmware_low_ram_and_crash_ram(struct kt *t, const void *row)
{
	const struct kexec_range ram[] = { { 0x30001000, 0x3c000000 } };
	const struct boot_e820_entry want[] = {
		{ 0x0, 0x9fc00, E820_RAM },
		{ 0x9fc00, 0x400, E820_RESERVED },
		{ 0xf0000, 0x10000, E820_RESERVED },
		{ 0x30001000, 0xbfff000, E820_RAM },
		{ 0x3ffe0000, 0x20000, E820_RESERVED },
		{ 0xfffc0000, 0x40000, E820_RESERVED },
	};
	struct boot_e820_entry out[ARRAY_SIZE(qemu_map) + 1];
	unsigned int nr = 0;

	KT_ASSERT_EQ(t, bz64_crash_e820(qemu_map, ARRAY_SIZE(qemu_map), ram, 1, out, &nr), 0);
	expect_e820(t, out, nr, want, ARRAY_SIZE(want));
	KT_EXPECT_NO_LOG(t);
}

static void crash_e820_clips_ram_at_1m(struct kt *t, const void *row)
{
	const struct boot_e820_entry map[] = {
		{ 0x1000, 0x3ff000, E820_RAM },
		{ 0x400000, 0x1000, E820_ACPI },
	};
	const struct boot_e820_entry want[] = {
		{ 0x1000, 0xff000, E820_RAM },
		{ 0x400000, 0x1000, E820_ACPI },
	};
	struct boot_e820_entry out[2];
	unsigned int nr = 0;

	KT_ASSERT_EQ(t, bz64_crash_e820(map, 2, NULL, 0, out, &nr), 0);
	expect_e820(t, out, nr, want, ARRAY_SIZE(want));
}

/* setup_data the old kernel reserved is its RAM: gone above 1M, RAM below. */
static void crash_e820_treats_reserved_kern_as_ram(struct kt *t, const void *row)
{
	const struct boot_e820_entry map[] = {
		{ 0x8000, 0x1000, E820_RES_KERN },
		{ 0x200000, 0x1000, E820_RES_KERN },
	};
	const struct boot_e820_entry want[] = { { 0x8000, 0x1000, E820_RAM } };
	struct boot_e820_entry out[2];
	unsigned int nr = 0;

	KT_ASSERT_EQ(t, bz64_crash_e820(map, 2, NULL, 0, out, &nr), 0);
	expect_e820(t, out, nr, want, ARRAY_SIZE(want));
}

/* A crashkernel,low region and a high one both land in order. */
static void crash_e820_sorts_low_and_high_regions(struct kt *t, const void *row)
{
	const struct kexec_range ram[] = {
		{ 0x1000000, 0x11000000 },
		{ 0x140000000, 0x150000000 },
	};
	const struct boot_e820_entry want[] = {
		{ 0x0, 0x9fc00, E820_RAM },
		{ 0x9fc00, 0x400, E820_RESERVED },
		{ 0xf0000, 0x10000, E820_RESERVED },
		{ 0x1000000, 0x10000000, E820_RAM },
		{ 0x3ffe0000, 0x20000, E820_RESERVED },
		{ 0xfffc0000, 0x40000, E820_RESERVED },
		{ 0x140000000, 0x10000000, E820_RAM },
	};
	struct boot_e820_entry out[ARRAY_SIZE(qemu_map) + 2];
	unsigned int nr = 0;

	KT_ASSERT_EQ(t, bz64_crash_e820(qemu_map, ARRAY_SIZE(qemu_map), ram, 2, out, &nr), 0);
	expect_e820(t, out, nr, want, ARRAY_SIZE(want));
}

static void crash_e820_rejects_ram_over_a_firmware_entry(struct kt *t, const void *row)
{
	const struct kexec_range ram[] = { { 0x3ff00000, 0x3fff0000 } };
	struct boot_e820_entry out[ARRAY_SIZE(qemu_map) + 1];
	unsigned int nr = 0;

	KT_EXPECT_EQ(t, bz64_crash_e820(qemu_map, ARRAY_SIZE(qemu_map), ram, 1, out, &nr),
		     -EINVAL);
	KT_EXPECT_LOGGED(t, "overlaps", "0x3ff00000", "0x3ffe0000");
}

static void crash_e820_rejects_an_empty_ram_range(struct kt *t, const void *row)
{
	const struct kexec_range ram[] = { { 0x30000000, 0x30000000 } };
	struct boot_e820_entry out[ARRAY_SIZE(qemu_map) + 1];
	unsigned int nr = 0;

	KT_EXPECT_EQ(t, bz64_crash_e820(qemu_map, ARRAY_SIZE(qemu_map), ram, 1, out, &nr),
		     -EINVAL);
	KT_EXPECT_LOGGED(t, "empty RAM range", "0x30000000");
}

/* ---------------- real images ---------------- */

struct real_row {
	const char *name;
	const char *env;	/* overrides @path */
	const char *path;	/* relative to tools/testing/kexec */
};

static const struct real_row real_rows[] = {
	{ "overlay bzImage", "KT_BZIMAGE", "../../../build/obj-overlay/arch/x86/boot/bzImage" },
	{ "Debian vmlinuz", "KT_VMLINUZ", "../../../build/debian/vmlinuz" },
};

/*
 * Whatever the kernel, the values the loader relies on must be the file's
 * own: setup size from setup_sects, kernel size from syssize, and a zero
 * page whose header is the file's bytes.
 */
static void real_image(struct kt *t, const void *p)
{
	const struct real_row *row = p;
	const char *path = getenv(row->env) ? getenv(row->env) : row->path;
	struct bz64_image info;
	struct bz64_params_src src;
	struct bz64_addrs at = { .params = 0x10000, .kernel = 0x1000000 };
	struct bz64_place pl;
	size_t len = 0, size;
	u8 *buf = kt_read_file(path, &len), *block;
	u8 sects;
	u32 syssize;

	if (!buf)
		KT_SKIP(t, "image file absent");
	KT_ASSERT_EQ(t, bz64_parse(buf, len, &info), 0);
	sects = buf[0x1f1] ? buf[0x1f1] : 4;
	memcpy(&syssize, buf + 0x1f4, 4);
	KT_EXPECT_EQ(t, info.setup_size, (sects + 1) * 512);
	KT_EXPECT_EQ(t, info.kernel_size, (u64)syssize * 16);
	KT_EXPECT_TRUE(t, info.setup_size + info.kernel_size <= len);
	KT_EXPECT_TRUE(t, info.protocol >= 0x020c);
	KT_EXPECT_EQ(t, info.hdr_size, 0x202 + buf[0x201] - 0x1f1);
	bz64_kernel_place(&info, &pl);
	KT_EXPECT_TRUE(t, pl.memsz >= info.init_size && pl.memsz >= info.kernel_size);
	KT_EXPECT_EQ(t, pl.align, info.kernel_alignment);

	src = (struct bz64_params_src){ .image = buf, .info = &info,
					.cmdline = cmdline, .cmdline_len = sizeof(cmdline) };
	KT_ASSERT_EQ(t, bz64_params_size(&src, &size), 0);
	block = malloc(size);
	KT_ASSERT_EQ(t, bz64_build_params(&src, &at, block, size), 0);
	KT_EXPECT_EQ(t, memcmp(block + 0x1f1, buf + 0x1f1, 0x210 - 0x1f1), 0);
	KT_EXPECT_EQ(t, memcmp(block + 0x1f1 + 0x4f, buf + 0x1f1 + 0x4f, 0x250 - 0x240), 0);
	KT_EXPECT_EQ(t, ((struct boot_params *)block)->hdr.cmd_line_ptr, 0x11000);
	KT_EXPECT_EQ(t, bz64_entry64(&at), 0x1000200);
	KT_EXPECT_NO_LOG(t);
	free(block);
	free(buf);
}

static const struct kt_case cases[] = {
	KT_CASE(parse_reads_the_header),
	KT_CASE(parse_zero_setup_sects_means_four),
	KT_CASE(parse_accepts_trailing_bytes),
	KT_CASE(parse_caps_a_long_header_at_the_zero_page_room),
	KT_TABLE(parse_rejects, bad_rows),
	KT_TABLE(cmdline_limit, cmdline_rows),
	KT_CASE(cmdline_absent_is_empty),
	KT_CASE(kernel_place_uses_init_size_and_alignment),
	KT_CASE(kernel_place_covers_code_larger_than_init_size),
	KT_TABLE(initrd_place, initrd_rows),
	KT_CASE(params_block_layout),
	KT_CASE(params_copy_the_setup_header),
	KT_CASE(params_loader_fields),
	KT_CASE(params_high_addresses_use_ext_fields),
	KT_CASE(params_without_initrd_or_cmdline),
	KT_CASE(params_e820_and_memory_size),
	KT_CASE(params_rng_seed_node),
	KT_CASE(params_big_map_spills_to_e820_ext),
	KT_CASE(params_inherit_firmware_fields),
	KT_CASE(params_efi_info_and_runtime_map),
	KT_CASE(params_block_too_small_is_a_caller_bug),
	KT_CASE(crash_e820_keeps_firmware_low_ram_and_crash_ram),
	KT_CASE(crash_e820_clips_ram_at_1m),
	KT_CASE(crash_e820_treats_reserved_kern_as_ram),
	KT_CASE(crash_e820_sorts_low_and_high_regions),
	KT_CASE(crash_e820_rejects_ram_over_a_firmware_entry),
	KT_CASE(crash_e820_rejects_an_empty_ram_range),
	KT_TABLE(real_image, real_rows),
};

KT_MAIN(cases)
