// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for arch/arm64/kernel/kexec_zimage_layout.c: the EFI zboot
 * header and the gzip member header and trailer, each size and offset
 * checked against the file, and the decompressed size limit; then the
 * compressed images harness/zimage.py makes, when they are present.
 */
#include "seams/arm64_kexec_pure.h"
#include "../../../arch/arm64/kernel/kexec_zimage_layout.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

static void put32(u8 *b, size_t at, u32 v) { memcpy(b + at, &v, 4); }

/*
 * A synthetic gzip member of GZ_LEN bytes: the 10-byte header, deflate
 * data (never inflated here), the trailer with its CRC and size.
 */
#define GZ_LEN		0x100
#define GZ_CRC		0x12345678
#define GZ_ISIZE	0x2000000	/* 32 MiB */

static void gz_fill(u8 *b, size_t len, u8 flg)
{
	memset(b, 0xaa, len);
	b[0] = 0x1f;
	b[1] = 0x8b;
	b[2] = 8;
	b[3] = flg;
	put32(b, len - 8, GZ_CRC);
	put32(b, len - 4, GZ_ISIZE);
}

/*
 * A synthetic zboot file of ZB_LEN bytes:
 *
 *   0x0000  "MZ" "zimg" payload offset, payload size, "gzip" ... PE offset
 *   0x0040  (PE header and decompressor, not read)
 *   0x1000  payload: a ZB_PAYLOAD byte gzip member
 *   0x1100  (4 bytes: the size a zstd payload carries after it)
 *   0x1104  rest of the file
 */
#define ZB_LEN		0x2000
#define ZB_AT		0x1000
#define ZB_PAYLOAD	GZ_LEN

static u8 *zb_new(const char *type)
{
	u8 *b = calloc(1, ZB_LEN);

	memcpy(b, "MZ\0\0zimg", 8);
	put32(b, 0x08, ZB_AT);
	put32(b, 0x0c, ZB_PAYLOAD);
	strcpy((char *)b + 0x18, type);
	put32(b, 0x3c, 0x40);
	gz_fill(b + ZB_AT, ZB_PAYLOAD, 0);
	put32(b, ZB_AT + ZB_PAYLOAD, 0x1800000);
	return b;
}

/* ---------------- zboot ---------------- */

static void zboot_gzip_header_read(struct kt *t, const void *row)
{
	u8 *b = zb_new("gzip");
	struct arm64_zimage z;

	KT_EXPECT_TRUE(t, arm64_zboot_probe(b, ZB_LEN));
	KT_EXPECT_FALSE(t, arm64_gzip_probe(b, ZB_LEN));
	KT_ASSERT_EQ(t, arm64_zboot_parse(b, ZB_LEN, &z), 0);
	KT_EXPECT_EQ(t, z.comp, ARM64_ZIMAGE_GZIP);
	KT_EXPECT_EQ(t, z.stream_offset, ZB_AT + 10);
	KT_EXPECT_EQ(t, z.stream_size, ZB_PAYLOAD - 18);
	KT_EXPECT_EQ(t, z.out_size, GZ_ISIZE);
	KT_EXPECT_EQ(t, z.crc32, GZ_CRC);
	KT_EXPECT_TRUE(t, z.zboot);
	KT_EXPECT_EQ(t, z.payload_offset, ZB_AT);
	KT_EXPECT_EQ(t, z.payload_end, ZB_AT + ZB_PAYLOAD);
	KT_EXPECT_NO_LOG(t);
	free(b);
}

static void zboot_zstd_size_follows_payload(struct kt *t, const void *row)
{
	u8 *b = zb_new("zstd22");
	struct arm64_zimage z;

	KT_ASSERT_EQ(t, arm64_zboot_parse(b, ZB_LEN, &z), 0);
	KT_EXPECT_EQ(t, z.comp, ARM64_ZIMAGE_ZSTD);
	KT_EXPECT_EQ(t, z.stream_offset, ZB_AT);
	KT_EXPECT_EQ(t, z.stream_size, ZB_PAYLOAD);
	KT_EXPECT_EQ(t, z.out_size, 0x1800000);
	KT_EXPECT_TRUE(t, z.zboot);
	KT_EXPECT_EQ(t, z.payload_offset, ZB_AT);
	KT_EXPECT_EQ(t, z.payload_end, ZB_AT + ZB_PAYLOAD + 4);
	KT_EXPECT_NO_LOG(t);
	free(b);
}

struct zb_bad_row {
	const char *name;
	size_t len;		/* file length, ZB_LEN when 0 */
	u32 off, size;		/* payload offset and size, the good ones when 0 */
	const char *type;
	int gz_at;		/* byte of the payload to overwrite, -1 none */
	u8 gz_val;
	const char *needle;
};

static const struct zb_bad_row zb_bad_rows[] = {
	{ "payload size lies", 0, 0, ZB_LEN, "gzip", -1, 0,
	  "payload [0x1000, 0x3000) is not inside the 0x2000 byte file" },
	{ "payload offset past the file", 0, 0x10000, 0, "gzip", -1, 0,
	  "payload [0x10000, 0x10100) is not inside" },
	{ "payload offset inside the header", 0, 0x20, 0, "gzip", -1, 0,
	  "payload [0x20, 0x120) is not inside" },
	{ "payload size 0", 0, 0, 0xffffffff, "gzip", -1, 0, "is not inside" },
	{ "file cut inside the payload", 0x1080, 0, 0, "gzip", -1, 0,
	  "payload [0x1000, 0x1100) is not inside the 0x1080 byte file" },
	{ "file shorter than the header", 0x20, 0, 0, "gzip", -1, 0, "not a zboot image" },
	{ "unknown compression", 0, 0, 0, "lz4", -1, 0,
	  "compression type \"lz4\" is not gzip or zstd22" },
	{ "compression type not terminated", 0, 0, 0, "gzipgzipgzipgzipgzipgzipgzipgzipgzip",
	  -1, 0, "not NUL terminated" },
	{ "zstd without its size in the file", ZB_AT + ZB_PAYLOAD + 2, 0, 0, "zstd22", -1, 0,
	  "has no size after it" },
	{ "gzip payload without gzip magic", 0, 0, 0, "gzip", 1, 0x00, "no gzip magic" },
	{ "gzip payload header runs past it", 0, 0, 0, "gzip", 3, ARM64_GZIP_FNAME,
	  "file name is not terminated before the trailer at 0xf8" },
};

static void zboot_rejects(struct kt *t, const void *p)
{
	const struct zb_bad_row *row = p;
	u8 *b = zb_new(row->type);
	struct arm64_zimage z;

	if (row->off)
		put32(b, 0x08, row->off);
	if (row->size)
		put32(b, 0x0c, row->size == 0xffffffff ? 0 : row->size);
	if (row->gz_at >= 0)
		b[ZB_AT + row->gz_at] = row->gz_val;
	if (row->gz_val == ARM64_GZIP_FNAME)
		memset(b + ZB_AT + 10, 'n', ZB_PAYLOAD - 10);
	KT_EXPECT_EQ(t, arm64_zboot_parse(b, row->len ? row->len : ZB_LEN, &z), -ENOEXEC);
	KT_EXPECT_LOGGED(t, row->needle);
	free(b);
}

static void zboot_probe_wants_both_magics(struct kt *t, const void *row)
{
	u8 *b = zb_new("gzip");

	KT_EXPECT_FALSE(t, arm64_zboot_probe(b, 0x3f));
	b[4] = 'Z';
	KT_EXPECT_FALSE(t, arm64_zboot_probe(b, ZB_LEN));
	b[4] = 'z';
	b[0] = 'N';
	KT_EXPECT_FALSE(t, arm64_zboot_probe(b, ZB_LEN));
	KT_EXPECT_NO_LOG(t);
	free(b);
}

/* ---------------- gzip ---------------- */

static void gzip_plain_header(struct kt *t, const void *row)
{
	u8 b[GZ_LEN];
	struct arm64_zimage z;

	gz_fill(b, sizeof(b), 0);
	KT_EXPECT_TRUE(t, arm64_gzip_probe(b, sizeof(b)));
	KT_ASSERT_EQ(t, arm64_gzip_parse(b, sizeof(b), &z), 0);
	KT_EXPECT_EQ(t, z.comp, ARM64_ZIMAGE_GZIP);
	KT_EXPECT_EQ(t, z.stream_offset, 10);
	KT_EXPECT_EQ(t, z.stream_size, GZ_LEN - 18);
	KT_EXPECT_EQ(t, z.out_size, GZ_ISIZE);
	KT_EXPECT_EQ(t, z.crc32, GZ_CRC);
	KT_EXPECT_FALSE(t, z.zboot);
	KT_EXPECT_EQ(t, z.payload_offset, 0);
	KT_EXPECT_EQ(t, z.payload_end, GZ_LEN);
	KT_EXPECT_NO_LOG(t);
}

/*
 *   0   10-byte header, flags EXTRA|NAME|COMMENT|HCRC
 *   10  XLEN = 4, 4 bytes of extra field
 *   16  "vmlinux\0"
 *   24  "c\0"
 *   26  CRC-16
 *   28  deflate data
 */
static void gzip_optional_fields_skipped(struct kt *t, const void *row)
{
	u8 b[GZ_LEN];
	struct arm64_zimage z;

	gz_fill(b, sizeof(b), ARM64_GZIP_FEXTRA | ARM64_GZIP_FNAME | ARM64_GZIP_FCOMMENT |
			      ARM64_GZIP_FHCRC);
	b[10] = 4;
	b[11] = 0;
	memcpy(b + 16, "vmlinux", 8);
	memcpy(b + 24, "c", 2);
	KT_ASSERT_EQ(t, arm64_gzip_parse(b, sizeof(b), &z), 0);
	KT_EXPECT_EQ(t, z.stream_offset, 28);
	KT_EXPECT_EQ(t, z.stream_size, GZ_LEN - 8 - 28);
	KT_EXPECT_NO_LOG(t);
}

struct gz_bad_row {
	const char *name;
	size_t len;
	u8 flg;
	int at;			/* byte to overwrite, -1 none */
	u8 val;
	const char *needle;
};

static const struct gz_bad_row gz_bad_rows[] = {
	{ "shorter than header and trailer", 17, 0, -1, 0, "17 bytes is shorter" },
	{ "method not deflate", GZ_LEN, 0, 2, 7, "no gzip magic with method deflate (1f 8b 07)" },
	{ "reserved flag", GZ_LEN, 0x20, -1, 0, "flags 0x20 have reserved bits" },
	{ "extra field past the end", GZ_LEN, ARM64_GZIP_FEXTRA, 11, 0x10,
	  "no deflate data before the trailer" },
	{ "extra length past the end", 18, ARM64_GZIP_FEXTRA, -1, 0,
	  "FEXTRA length at 0xa is past the trailer at 0xa" },
	{ "name not terminated", GZ_LEN, ARM64_GZIP_FNAME, -1, 0,
	  "file name is not terminated before the trailer at 0xf8" },
	{ "comment not terminated", GZ_LEN, ARM64_GZIP_FCOMMENT, -1, 0,
	  "comment is not terminated" },
	{ "header only, no data", 18, 0, -1, 0, "gzip header ends at 0xa, no deflate data" },
	{ "header crc eats the data", 20, ARM64_GZIP_FHCRC, -1, 0, "ends at 0xc" },
};

static void gzip_rejects(struct kt *t, const void *p)
{
	const struct gz_bad_row *row = p;
	u8 b[GZ_LEN];
	struct arm64_zimage z;

	gz_fill(b, row->len, row->flg);
	if (row->at >= 0)
		b[row->at] = row->val;
	KT_EXPECT_EQ(t, arm64_gzip_parse(b, row->len, &z), -ENOEXEC);
	KT_EXPECT_LOGGED(t, row->needle);
}

/* ---------------- the output limit ---------------- */

static void out_size_limit(struct kt *t, const void *row)
{
	struct arm64_zimage z = { .out_size = ARM64_ZIMAGE_MAX_OUT };

	KT_EXPECT_EQ(t, arm64_zimage_check_out_size(&z, ARM64_ZIMAGE_MAX_OUT), 0);
	KT_EXPECT_NO_LOG(t);
	z.out_size++;
	KT_EXPECT_EQ(t, arm64_zimage_check_out_size(&z, ARM64_ZIMAGE_MAX_OUT), -EFBIG);
	KT_EXPECT_LOGGED(t, "size 0x10000001 is beyond the 0x10000000 byte limit");
	kt_log_reset();
	z.out_size = 63;
	KT_EXPECT_EQ(t, arm64_zimage_check_out_size(&z, ARM64_ZIMAGE_MAX_OUT), -ENOEXEC);
	KT_EXPECT_LOGGED(t, "size 63 is smaller than an Image header");
}

/* ---------------- the harness's images (harness/zimage.py) ---------------- */

struct real_row {
	const char *name;
	const char *path;
	bool zboot;
	enum arm64_zimage_comp comp;
	int ret;		/* of the parse and the size check */
};

#define ZDIR "../../../build/zimage/overlay-arm64/"
static const struct real_row real_rows[] = {
	{ "Debian Image.gz", ZDIR "debian.Image.gz", false, ARM64_ZIMAGE_GZIP, 0 },
	{ "built zboot gzip", ZDIR "zboot.efi", true, ARM64_ZIMAGE_GZIP, 0 },
	{ "built zboot zstd", ZDIR "zboot-zstd.efi", true, ARM64_ZIMAGE_ZSTD, 0 },
	{ "zboot payload size lies", ZDIR "bad-size.efi", true, 0, -ENOEXEC },
	{ "zboot payload offset past the file", ZDIR "bad-offset.efi", true, 0, -ENOEXEC },
	{ "gzip bomb beyond the limit", ZDIR "bomb-limit.Image.gz", false, ARM64_ZIMAGE_GZIP,
	  -EFBIG },
	{ "gzip whose size lies", ZDIR "bomb-isize.Image.gz", false, ARM64_ZIMAGE_GZIP, 0 },
	{ "truncated gzip", ZDIR "truncated.Image.gz", false, ARM64_ZIMAGE_GZIP, 0 },
};

static void real_image(struct kt *t, const void *p)
{
	const struct real_row *row = p;
	struct arm64_zimage z;
	size_t len = 0;
	u8 *buf = kt_read_file(row->path, &len);
	int ret;

	if (!buf)
		KT_SKIP(t, "image file absent (harness/zimage.py makes it)");
	KT_EXPECT_EQ(t, arm64_zboot_probe(buf, len), row->zboot);
	KT_EXPECT_EQ(t, arm64_gzip_probe(buf, len), !row->zboot);
	ret = row->zboot ? arm64_zboot_parse(buf, len, &z) : arm64_gzip_parse(buf, len, &z);
	if (!ret)
		ret = arm64_zimage_check_out_size(&z, ARM64_ZIMAGE_MAX_OUT);
	KT_EXPECT_EQ(t, ret, row->ret);
	if (!row->ret) {
		KT_EXPECT_EQ(t, z.comp, row->comp);
		KT_EXPECT_TRUE(t, z.stream_offset + z.stream_size <= len);
	}
	free(buf);
}

static const struct kt_case cases[] = {
	KT_CASE(zboot_gzip_header_read),
	KT_CASE(zboot_zstd_size_follows_payload),
	KT_TABLE(zboot_rejects, zb_bad_rows),
	KT_CASE(zboot_probe_wants_both_magics),
	KT_CASE(gzip_plain_header),
	KT_CASE(gzip_optional_fields_skipped),
	KT_TABLE(gzip_rejects, gz_bad_rows),
	KT_CASE(out_size_limit),
	KT_TABLE(real_image, real_rows),
};

KT_MAIN(cases)
