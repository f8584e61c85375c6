// SPDX-License-Identifier: GPL-2.0
/*
 * Pure checks for compressed arm64 kernels: the EFI zboot header
 * (drivers/firmware/efi/libstub/zboot-header.S) and a gzip member's header
 * and trailer (RFC 1952). Every offset and size is checked against the
 * file before it is used; the result says which bytes to decompress and
 * how large the output must be. No kernel state is read here.
 *
 *   zboot:  0x00 "MZ" "zimg" offset size ... "gzip"/"zstd22"  0x3c PE offset
 *           ...  PE header, EFI decompressor ...
 *           offset: payload (size bytes) [le32 output size, not for gzip]
 *
 *   gzip:   10-byte header [extra] [name\0] [comment\0] [crc16]
 *           deflate data
 *           le32 CRC-32, le32 output size
 */

#define pr_fmt(fmt) "kexec_zimage: " fmt

#include "kexec_pure.h"
#include "kexec_zimage_layout.h"

static_assert(offsetof(struct arm64_zboot_header, mz) == 0x00);
static_assert(offsetof(struct arm64_zboot_header, magic) == 0x04);
static_assert(offsetof(struct arm64_zboot_header, payload_offset) == 0x08);
static_assert(offsetof(struct arm64_zboot_header, payload_size) == 0x0c);
static_assert(offsetof(struct arm64_zboot_header, res) == 0x10);
static_assert(offsetof(struct arm64_zboot_header, comp_type) == 0x18);
static_assert(offsetof(struct arm64_zboot_header, pe_offset) == 0x3c);
static_assert(sizeof(struct arm64_zboot_header) == 0x40);

static_assert(offsetof(struct arm64_gzip_header, flg) == 3);
static_assert(offsetof(struct arm64_gzip_header, mtime) == 4);
static_assert(offsetof(struct arm64_gzip_header, os) == 9);
static_assert(sizeof(struct arm64_gzip_header) == 10);
static_assert(sizeof(struct arm64_gzip_trailer) == 8);

/* FEXTRA's length field and FHCRC's CRC-16. */
#define GZIP_XLEN_SIZE		2
#define GZIP_HCRC_SIZE		2

/* An Image is at least its 64-byte header. */
#define ARM64_ZIMAGE_MIN_OUT	64

/**
 * arm64_zboot_probe() - is this an EFI zboot image?
 * @buf: the file
 * @len: bytes in @buf
 *
 * Return: true when @buf starts with "MZ" and "zimg", whatever follows.
 */
bool arm64_zboot_probe(const void *buf, size_t len)
{
	const struct arm64_zboot_header *h = buf;

	return len >= sizeof(*h) && (le32_to_cpu(h->mz) & 0xffff) == ARM64_ZBOOT_MZ &&
	       !memcmp(h->magic, ARM64_ZBOOT_MAGIC, sizeof(h->magic));
}

/**
 * arm64_gzip_probe() - is this a gzip file?
 * @buf: the file
 * @len: bytes in @buf
 *
 * Return: true when @buf starts with the gzip magic and method deflate.
 */
bool arm64_gzip_probe(const void *buf, size_t len)
{
	const u8 *b = buf;

	return len >= 3 && b[0] == ARM64_GZIP_ID1 && b[1] == ARM64_GZIP_ID2 &&
	       b[2] == ARM64_GZIP_CM_DEFLATE;
}

/* Step over a NUL terminated header field at *at; false when it runs off the end. */
static bool skip_string(const u8 *b, size_t len, size_t *at)
{
	const u8 *nul = *at < len ? memchr(b + *at, 0, len - *at) : NULL;

	if (!nul)
		return false;
	*at = nul - b + 1;
	return true;
}

/*
 * The variable part of the header, from RFC 1952 2.3.1, within the @len
 * bytes before the trailer; *at is past it on success.
 */
static int gzip_skip_optional(const u8 *b, size_t len, u8 flg, size_t *at)
{
	if (flg & ARM64_GZIP_FEXTRA) {
		if (*at + GZIP_XLEN_SIZE > len) {
			pr_err("gzip header: FEXTRA length at 0x%zx is past the trailer at 0x%zx\n",
			       *at, len);
			return -ENOEXEC;
		}
		*at += GZIP_XLEN_SIZE + (b[*at] | b[*at + 1] << 8);
	}
	if ((flg & ARM64_GZIP_FNAME) && !skip_string(b, len, at)) {
		pr_err("gzip header: file name is not terminated before the trailer at 0x%zx\n",
		       len);
		return -ENOEXEC;
	}
	if ((flg & ARM64_GZIP_FCOMMENT) && !skip_string(b, len, at)) {
		pr_err("gzip header: comment is not terminated before the trailer at 0x%zx\n",
		       len);
		return -ENOEXEC;
	}
	if (flg & ARM64_GZIP_FHCRC)
		*at += GZIP_HCRC_SIZE;
	return 0;
}

/**
 * arm64_gzip_parse() - find the deflate data and declared size of a gzip file
 * @buf: the file, one gzip member
 * @len: bytes in @buf
 * @z: filled in on success (@z->zboot false)
 *
 * Return: 0, or -ENOEXEC (one line logged) when @buf is not a complete gzip
 * member: no magic, a method other than deflate, reserved flags set, a
 * header that runs past the file or leaves no room for data and trailer.
 */
int arm64_gzip_parse(const void *buf, size_t len, struct arm64_zimage *z)
{
	const struct arm64_gzip_header *h = buf;
	const struct arm64_gzip_trailer *t;
	size_t at = sizeof(*h);
	int ret;

	if (len < sizeof(*h) + sizeof(*t)) {
		pr_err("gzip file of %zu bytes is shorter than a gzip header and trailer: truncated\n",
		       len);
		return -ENOEXEC;
	}
	if (!arm64_gzip_probe(buf, len)) {
		pr_err("no gzip magic with method deflate (%02x %02x %02x)\n",
		       h->id1, h->id2, h->cm);
		return -ENOEXEC;
	}
	if (h->flg & ARM64_GZIP_FRESERVED) {
		pr_err("gzip header flags 0x%02x have reserved bits set\n", h->flg);
		return -ENOEXEC;
	}
	ret = gzip_skip_optional(buf, len - sizeof(*t), h->flg, &at);
	if (ret)
		return ret;
	if (at >= len - sizeof(*t)) {
		pr_err("gzip header ends at 0x%zx, no deflate data before the trailer of the 0x%zx byte file: truncated\n",
		       at, len);
		return -ENOEXEC;
	}
	t = (const void *)((const u8 *)buf + len - sizeof(*t));
	*z = (struct arm64_zimage){
		.comp = ARM64_ZIMAGE_GZIP,
		.stream_offset = at,
		.stream_size = len - sizeof(*t) - at,
		.out_size = le32_to_cpu(t->isize),
		.crc32 = le32_to_cpu(t->crc32),
		.payload_end = len,
	};
	return 0;
}

/* The payload is zstd: its decompressed size is the le32 the build appends. */
static int zboot_zstd(const u8 *b, size_t len, u64 off, u64 size, struct arm64_zimage *z)
{
	u64 at = off + size;

	if (at + ARM64_ZBOOT_SIZE_LEN > len) {
		pr_err("zboot zstd payload [0x%llx, 0x%llx) has no size after it in the 0x%zx byte file\n",
		       off, at, len);
		return -ENOEXEC;
	}
	*z = (struct arm64_zimage){
		.comp = ARM64_ZIMAGE_ZSTD,
		.stream_offset = off,
		.stream_size = size,
		.out_size = b[at] | b[at + 1] << 8 | b[at + 2] << 16 | (u32)b[at + 3] << 24,
		.zboot = true,
		.payload_offset = off,
		.payload_end = at + ARM64_ZBOOT_SIZE_LEN,
	};
	return 0;
}

/**
 * arm64_zboot_parse() - find the compressed Image inside an EFI zboot file
 * @buf: the file
 * @len: bytes in @buf
 * @z: filled in on success (@z->zboot true)
 *
 * Return: 0, or -ENOEXEC (one line logged) when @buf is not a zboot file,
 * its payload is empty or not inside the file, its compression type is
 * not gzip or zstd, or the gzip payload is not a complete gzip member.
 */
int arm64_zboot_parse(const void *buf, size_t len, struct arm64_zimage *z)
{
	const struct arm64_zboot_header *h = buf;
	size_t type_len;
	u64 off, size;
	int ret;

	if (!arm64_zboot_probe(buf, len)) {
		pr_err("no MZ and zimg magic in the 0x%zx byte file: not a zboot image\n", len);
		return -ENOEXEC;
	}
	off = le32_to_cpu(h->payload_offset);
	size = le32_to_cpu(h->payload_size);
	if (off < sizeof(*h) || !size || off + size > len) {
		pr_err("zboot payload [0x%llx, 0x%llx) is not inside the 0x%zx byte file\n",
		       off, off + size, len);
		return -ENOEXEC;
	}
	type_len = strnlen(h->comp_type, sizeof(h->comp_type));
	if (type_len == sizeof(h->comp_type)) {
		pr_err("zboot compression type is not NUL terminated\n");
		return -ENOEXEC;
	}
	if (!strcmp(h->comp_type, ARM64_ZBOOT_COMP_ZSTD))
		return zboot_zstd(buf, len, off, size, z);
	if (strcmp(h->comp_type, ARM64_ZBOOT_COMP_GZIP)) {
		pr_err("zboot compression type \"%s\" is not gzip or zstd22\n", h->comp_type);
		return -ENOEXEC;
	}
	ret = arm64_gzip_parse((const u8 *)buf + off, size, z);
	if (ret)
		return ret;
	z->stream_offset += off;
	z->zboot = true;
	z->payload_offset = off;
	z->payload_end = off + size;
	return 0;
}

/**
 * arm64_zimage_check_out_size() - refuse a declared size no Image can have
 * @z: a parsed compressed file
 * @limit: the most the kernel decompresses, ARM64_ZIMAGE_MAX_OUT
 *
 * The decompressor writes into a buffer of exactly @z->out_size bytes, so a
 * stream that would produce more is cut off there and refused; this check
 * refuses before anything is allocated.
 *
 * Return: 0, -EFBIG (one line logged) when the declared size is beyond
 * @limit, -ENOEXEC when it is smaller than an Image header.
 */
int arm64_zimage_check_out_size(const struct arm64_zimage *z, u64 limit)
{
	if (z->out_size > limit) {
		pr_err("declared decompressed size 0x%llx is beyond the 0x%llx byte limit\n",
		       z->out_size, limit);
		return -EFBIG;
	}
	if (z->out_size < ARM64_ZIMAGE_MIN_OUT) {
		pr_err("declared decompressed size %llu is smaller than an Image header\n",
		       z->out_size);
		return -ENOEXEC;
	}
	return 0;
}
