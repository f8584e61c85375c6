// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for arch/arm64/kernel/kexec_image_layout.c: the Image
 * header checks, the EFI PE/COFF truncation check, the command line limit
 * and the placement on synthetic memory maps; then the real Images (the
 * overlay's arm64 build and Debian's arm64 kernel) when they are present,
 * with what the loader copies of a signed one (kernel/kexec_pe.c's
 * kexec_pe_sig_file_ranges()): all of it signed.
 */
#include "seams/arm64_kexec_pure.h"
#include "../../../kernel/kexec_ranges.c"
#undef pr_fmt
#include "../../../arch/arm64/kernel/kexec_image_layout.c"
#undef pr_fmt
#include "../../../kernel/kexec_pe.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

/*
 * The synthetic Image: the 64-byte header, an EFI stub PE header at 0x40
 * with two sections, their data inside the 64 KiB file.
 *
 *   0x0000  header: code0 "MZ..", text_offset, image_size, flags, magic
 *   0x0040  "PE\0\0", COFF header (2 sections, 0xa0-byte optional header)
 *   0x00f8  section table: 2 x 40 bytes
 *   0x1000  .text raw data, 0x8000 bytes
 *   0x9000  .data raw data, 0x7000 bytes, ends at the end of the file
 */
#define IMG_LEN		0x10000
#define IMG_SIZE	0x200000ULL	/* image_size */
#define PE_AT		0x40
#define SEC_AT		(PE_AT + 4 + 20 + 0xa0)

static void put16(u8 *b, size_t at, u16 v) { memcpy(b + at, &v, 2); }
static void put32(u8 *b, size_t at, u32 v) { memcpy(b + at, &v, 4); }
static void put64(u8 *b, size_t at, u64 v) { memcpy(b + at, &v, 8); }

static u8 *img_new(bool pe)
{
	u8 *b = calloc(1, IMG_LEN);

	put32(b, 0x00, pe ? 0x91005a4d : 0x14000010);
	put64(b, 0x08, 0);				/* text_offset */
	put64(b, 0x10, IMG_SIZE);
	put64(b, 0x18, 0x2 | 0x8);			/* 4K pages, anywhere */
	put32(b, 0x38, ARM64_IMAGE_MAGIC);
	if (!pe)
		return b;
	put32(b, 0x3c, PE_AT);
	put32(b, PE_AT, ARM64_IMAGE_PE_MAGIC);
	put16(b, PE_AT + 4, 0xaa64);			/* machine */
	put16(b, PE_AT + 4 + 2, 2);			/* sections */
	put16(b, PE_AT + 4 + 16, 0xa0);			/* optional header size */
	put32(b, SEC_AT + 16, 0x8000);			/* .text size */
	put32(b, SEC_AT + 20, 0x1000);			/* .text data */
	put32(b, SEC_AT + 40 + 16, 0x7000);		/* .data size */
	put32(b, SEC_AT + 40 + 20, 0x9000);		/* .data data */
	return b;
}

/* ---------------- arm64_image_parse: good images ---------------- */

static void parse_reads_the_header(struct kt *t, const void *row)
{
	u8 *b = img_new(true);
	struct arm64_image img;

	put64(b, 0x08, 0x80000);
	KT_EXPECT_EQ(t, arm64_image_parse(b, IMG_LEN, &img), 0);
	KT_EXPECT_EQ(t, img.text_offset, 0x80000);
	KT_EXPECT_EQ(t, img.image_size, IMG_SIZE);
	KT_EXPECT_EQ(t, img.file_size, IMG_LEN);
	KT_EXPECT_EQ(t, img.page_shift, 12);
	KT_EXPECT_TRUE(t, img.phys_any);
	KT_EXPECT_FALSE(t, img.big_endian);
	KT_EXPECT_TRUE(t, img.pe);
	KT_EXPECT_NO_LOG(t);
	free(b);
}

struct page_row {
	const char *name;
	u64 flags;
	unsigned int shift;
	bool be, any;
};

static const struct page_row page_rows[] = {
	{ "unspecified", 0x0, 0, false, false },
	{ "4K", 0x2, 12, false, false },
	{ "16K", 0x4, 14, false, false },
	{ "64K big endian anywhere", 0x6 | 0x1 | 0x8, 16, true, true },
};

static void parse_decodes_flags(struct kt *t, const void *p)
{
	const struct page_row *row = p;
	u8 *b = img_new(false);
	struct arm64_image img;

	put64(b, 0x18, row->flags);
	KT_ASSERT_EQ(t, arm64_image_parse(b, IMG_LEN, &img), 0);
	KT_EXPECT_EQ(t, img.page_shift, row->shift);
	KT_EXPECT_EQ(t, img.big_endian, row->be);
	KT_EXPECT_EQ(t, img.phys_any, row->any);
	KT_EXPECT_FALSE(t, img.pe);
	free(b);
}

/* ---------------- arm64_image_parse: malformed images ---------------- */

struct bad_row {
	const char *name;
	size_t at;		/* where to write @val (@width bytes), or SIZE_MAX */
	u64 val;
	int width;
	size_t len;		/* file length passed */
	const char *needle;	/* in the one line logged */
};

static const struct bad_row bad_rows[] = {
	{ "shorter than the header", SIZE_MAX, 0, 0, 63, "shorter than the 64-byte" },
	{ "no magic", 0x38, 0x644d5240, 4, IMG_LEN, "not an arm64 Image" },
	{ "unknown flag bits", 0x18, 0x10, 8, IMG_LEN, "unknown bits 0x10" },
	{ "image_size 0 (pre 3.17)", 0x10, 0, 8, IMG_LEN, "older than 3.17" },
	{ "file larger than image_size", 0x10, 0x8000, 8, IMG_LEN, "does not fit image_size" },
	{ "text_offset not 4K aligned", 0x08, 0x80800, 8, IMG_LEN, "not 4 KiB aligned" },
	{ "text_offset at 2 MiB", 0x08, 0x200000, 8, IMG_LEN, "not below 2 MiB" },
	{ "PE offset past the end", 0x3c, IMG_LEN - 8, 4, IMG_LEN, "PE header at" },
	{ "no PE signature", PE_AT, 0x12345678, 4, IMG_LEN, "no PE signature" },
	{ "section table past the end", PE_AT + 4 + 2, 0x800, 2, IMG_LEN, "section table" },
	{ "truncated: last section cut", SIZE_MAX, 0, 0, IMG_LEN - 1, "PE section 1 data" },
	{ "truncated: half the file", SIZE_MAX, 0, 0, IMG_LEN / 2, "PE section 0 data" },
	{ "truncated: in the section table", SIZE_MAX, 0, 0, SEC_AT + 50, "section table" },
};

static void parse_rejects(struct kt *t, const void *p)
{
	const struct bad_row *row = p;
	u8 *b = img_new(true);
	struct arm64_image img;

	if (row->at != SIZE_MAX)
		memcpy(b + row->at, &row->val, row->width);
	KT_EXPECT_EQ(t, arm64_image_parse(b, row->len, &img), -ENOEXEC);
	KT_EXPECT_LOGGED(t, row->needle);
	free(b);
}

/* ---------------- arm64_image_check_runnable ---------------- */

static void runnable_checks_endianness_and_page(struct kt *t, const void *row)
{
	struct arm64_image img = { .text_offset = 0x80000, .image_size = IMG_SIZE };

	KT_EXPECT_EQ(t, arm64_image_check_runnable(&img, false, 12), 0);
	KT_EXPECT_EQ(t, arm64_image_check_runnable(&img, false, 16), 0);
	KT_EXPECT_EQ(t, arm64_image_check_runnable(&img, true, 12), -ENOEXEC);
	KT_EXPECT_LOGGED(t, "little endian, this kernel big endian");
	kt_log_reset();
	img.text_offset = 0x1000;
	KT_EXPECT_EQ(t, arm64_image_check_runnable(&img, false, 16), -ENOEXEC);
	KT_EXPECT_LOGGED(t, "text_offset 0x1000", "0x10000 byte page");
}

/* ---------------- arm64_image_check_cmdline ---------------- */

static void cmdline_limit_is_command_line_size(struct kt *t, const void *row)
{
	char line[2049];

	memset(line, 'a', sizeof(line));
	line[2047] = '\0';			/* 2047 characters: fits 2048 */
	KT_EXPECT_EQ(t, arm64_image_check_cmdline(line, 2048, 2048), 0);
	KT_EXPECT_EQ(t, arm64_image_check_cmdline(NULL, 0, 2048), 0);
	KT_EXPECT_NO_LOG(t);
	line[2047] = 'a';
	line[2048] = '\0';			/* 2048 characters: one too many */
	KT_EXPECT_EQ(t, arm64_image_check_cmdline(line, 2049, 2048), -EINVAL);
	KT_EXPECT_LOGGED(t, "2048 bytes exceeds COMMAND_LINE_SIZE 2047");
}

/* ---------------- arm64_image_place ---------------- */

struct place_row {
	const char *name;
	struct kexec_range free[3];
	size_t nr;
	u64 text_offset;
	int ret;
	u64 addr;
};

/*
 * QEMU virt RAM starts at 1 GiB:
 *
 *   0x40000000 +--------------------+
 *              | free               |  first 2 MiB aligned base that fits
 */
static const struct place_row place_rows[] = {
	{ "lowest 2M base of RAM", { { 0x40000000, 0x80000000 } }, 1, 0, 0, 0x40000000 },
	{ "text_offset added", { { 0x40000000, 0x80000000 } }, 1, 0x80000, 0, 0x40080000 },
	{ "unaligned start rounds up", { { 0x40001000, 0x80000000 } }, 1, 0, 0, 0x40200000 },
	{ "skips a hole too small", { { 0x40000000, 0x40100000 }, { 0x41000000, 0x48000000 } },
	  2, 0, 0, 0x41000000 },
	{ "crash region", { { 0xb0000000, 0xbc000000 } }, 1, 0x80000, 0, 0xb0080000 },
	{ "no room", { { 0x40000000, 0x401ff000 }, { 0x40201000, 0x40500000 } }, 2, 0,
	  -EADDRNOTAVAIL, 0 },
	{ "text_offset makes it not fit", { { 0x40000000, 0x40200000 } }, 1,
	  0x80000, -EADDRNOTAVAIL, 0 },
};

static void place_on_memory_maps(struct kt *t, const void *p)
{
	const struct place_row *row = p;
	struct kexec_range_set free = KEXEC_RANGE_SET_INIT;
	struct arm64_image img = { .text_offset = row->text_offset, .image_size = IMG_SIZE };
	u64 addr = 0;
	size_t i;

	for (i = 0; i < row->nr; i++)
		KT_ASSERT_EQ(t, kexec_range_set_add(&free, &row->free[i]), 0);
	KT_EXPECT_EQ(t, arm64_image_place(&img, &free, &addr), row->ret);
	KT_EXPECT_EQ(t, addr, row->addr);
	kexec_range_set_free(&free);
}

static void place_refuses_overflowing_sizes(struct kt *t, const void *row)
{
	struct kexec_range_set free = KEXEC_RANGE_SET_INIT;
	struct arm64_image img = { .text_offset = 0x1000, .image_size = U64_MAX };
	u64 addr = 0;

	KT_EXPECT_EQ(t, arm64_image_place(&img, &free, &addr), -EINVAL);
	KT_EXPECT_EQ(t, addr, 0);
}

/* ---------------- real images ---------------- */

struct real_row {
	const char *name;
	const char *env;	/* overrides @path */
	const char *path;	/* relative to tools/testing/kexec */
	int sig;		/* kexec_pe_sig_parse(): 0 signed, -ENODATA not */
};

static const struct real_row real_rows[] = {
	{ "overlay arm64 Image", "KT_ARM64_IMAGE",
	  "../../../build/obj-arm64-overlay/arch/arm64/boot/Image", -ENODATA },
	{ "Debian arm64 vmlinuz", "KT_ARM64_VMLINUZ", "../../../build/debian-arm64/vmlinuz", 0 },
};

/*
 * A real Image parses with the file's own header values, and the same
 * file cut one byte short is refused (distribution kernels are EFI stub
 * kernels whose last section ends at the end of the file). The built one
 * is unsigned; of Debian's signed one the loader copies the file up to the
 * certificate table, without the CheckSum and the certificate entry, all
 * signed bytes, and what it copies is the Image as it was before signing.
 */
static void signed_image(struct kt *t, u8 *buf, size_t len, int sig)
{
	char why[KEXEC_PE_WHY_LEN] = "";
	struct kexec_range copied[3];
	struct arm64_image img;
	struct kexec_pe_sig pe;

	KT_EXPECT_EQ(t, kexec_pe_sig_parse(buf, len, &pe, why, sizeof(why)), sig);
	if (sig)
		return;
	KT_ASSERT_EQ(t, kexec_pe_sig_file_ranges(&pe, copied, 3), 3);
	KT_EXPECT_EQ(t, kexec_pe_sig_covers(buf, &pe, copied, 3, why, sizeof(why)), 0);
	/* The fields left out lie after the 64-byte Image header. */
	KT_EXPECT_TRUE(t, pe.checksum_at >= sizeof(struct arm64_image_header));
	KT_EXPECT_EQ(t, kexec_pe_sig_keep(buf, copied, 3), pe.certs_at);
	KT_EXPECT_EQ(t, (u64)pe.certs_at + pe.certs_size, len);
	KT_EXPECT_EQ(t, arm64_image_parse(buf, pe.certs_at, &img), 0);
	KT_EXPECT_NO_LOG(t);
}

static void real_image(struct kt *t, const void *p)
{
	const struct real_row *row = p;
	const char *path = getenv(row->env) ? getenv(row->env) : row->path;
	struct arm64_image img;
	size_t len = 0;
	u8 *buf = kt_read_file(path, &len);
	u64 v;

	if (!buf)
		KT_SKIP(t, "image file absent");
	KT_ASSERT_EQ(t, arm64_image_parse(buf, len, &img), 0);
	memcpy(&v, buf + 0x08, 8);
	KT_EXPECT_EQ(t, img.text_offset, v);
	memcpy(&v, buf + 0x10, 8);
	KT_EXPECT_EQ(t, img.image_size, v);
	KT_EXPECT_TRUE(t, img.image_size >= len);
	KT_EXPECT_EQ(t, arm64_image_check_runnable(&img, false, 12), 0);
	if (img.pe)
		signed_image(t, buf, len, row->sig);
	if (img.pe) {
		KT_EXPECT_EQ(t, arm64_image_parse(buf, len / 2, &img), -ENOEXEC);
		KT_EXPECT_LOGGED(t, "truncated Image");
	}
	free(buf);
}

static const struct kt_case cases[] = {
	KT_CASE(parse_reads_the_header),
	KT_TABLE(parse_decodes_flags, page_rows),
	KT_TABLE(parse_rejects, bad_rows),
	KT_CASE(runnable_checks_endianness_and_page),
	KT_CASE(cmdline_limit_is_command_line_size),
	KT_TABLE(place_on_memory_maps, place_rows),
	KT_CASE(place_refuses_overflowing_sizes),
	KT_TABLE(real_image, real_rows),
};

KT_MAIN(cases)
