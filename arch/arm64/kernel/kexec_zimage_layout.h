/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compressed arm64 kernels: an EFI zboot image (CONFIG_EFI_ZBOOT's
 * vmlinuz.efi, drivers/firmware/efi/libstub/zboot-header.S) and a gzip
 * file (Image.gz, RFC 1952). Pure: finds the compressed stream and the
 * size it declares, with every offset and size checked against the file;
 * kexec_zimage.c decompresses it.
 */
#ifndef _ARM64_KERNEL_KEXEC_ZIMAGE_LAYOUT_H
#define _ARM64_KERNEL_KEXEC_ZIMAGE_LAYOUT_H

#include <linux/types.h>

/*
 * The zboot header: the first 64 bytes of the PE file, which are its DOS
 * header (only "MZ" and the PE header offset at 0x3c mean anything to
 * firmware), in zboot-header.S order. Little endian.
 */
struct arm64_zboot_header {
	__le32 mz;		/* "MZ" and two bytes of the DOS header */
	u8 magic[4];		/* "zimg" */
	__le32 payload_offset;	/* compressed data, from the start of the file */
	__le32 payload_size;	/* its bytes, an appended size excluded */
	__le32 res[2];
	char comp_type[36];	/* NUL terminated: "gzip", "zstd22", ... */
	__le32 pe_offset;	/* the PE header */
} __packed;

#define ARM64_ZBOOT_MZ			0x5a4dU		/* "MZ" */
#define ARM64_ZBOOT_MAGIC		"zimg"
#define ARM64_ZBOOT_COMP_GZIP		"gzip"
/* EFI_ZBOOT with KERNEL_ZSTD: zstd at level 22. */
#define ARM64_ZBOOT_COMP_ZSTD		"zstd22"
/* Behind a non-gzip payload, the build appends its size as a le32. */
#define ARM64_ZBOOT_SIZE_LEN		4

/* The fixed part of a gzip member (RFC 1952 2.3), then the trailer. */
struct arm64_gzip_header {
	u8 id1;			/* 0x1f */
	u8 id2;			/* 0x8b */
	u8 cm;			/* 8: deflate */
	u8 flg;			/* ARM64_GZIP_F* */
	__le32 mtime;
	u8 xfl;
	u8 os;
} __packed;

struct arm64_gzip_trailer {
	__le32 crc32;		/* of the uncompressed data */
	__le32 isize;		/* its size modulo 2^32 */
} __packed;

#define ARM64_GZIP_ID1			0x1f
#define ARM64_GZIP_ID2			0x8b
#define ARM64_GZIP_CM_DEFLATE		8
#define ARM64_GZIP_FTEXT		0x01
#define ARM64_GZIP_FHCRC		0x02
#define ARM64_GZIP_FEXTRA		0x04
#define ARM64_GZIP_FNAME		0x08
#define ARM64_GZIP_FCOMMENT		0x10
#define ARM64_GZIP_FRESERVED		0xe0

/*
 * The most a compressed kernel may decompress to. Distribution arm64
 * Images are 30-60 MiB; more than this is refused as a decompression bomb
 * before anything is allocated.
 */
#define ARM64_ZIMAGE_MAX_OUT		SZ_256M

enum arm64_zimage_comp {
	ARM64_ZIMAGE_GZIP = 1,	/* raw deflate data, then a gzip trailer */
	ARM64_ZIMAGE_ZSTD,	/* one or more zstd frames */
};

/**
 * struct arm64_zimage - the compressed stream inside a file
 * @comp: how @stream_offset is compressed
 * @stream_offset: the stream's first byte in the file
 * @stream_size: its bytes: for gzip the deflate data, header and trailer
 *	excluded
 * @out_size: the size the container declares for the decompressed Image
 * @crc32: gzip only: the CRC-32 of the decompressed Image
 * @zboot: the file is a zboot PE file, not a bare gzip file
 * @payload_offset: the bytes of the file the decompressed Image depends
 *	on, besides a zboot header: the whole payload with its gzip header
 *	and trailer or its appended size; for a bare gzip file all of it
 * @payload_end: where those bytes end
 */
struct arm64_zimage {
	enum arm64_zimage_comp comp;
	u64 stream_offset;
	u64 stream_size;
	u64 out_size;
	u32 crc32;
	bool zboot;
	u64 payload_offset;
	u64 payload_end;
};

bool arm64_zboot_probe(const void *buf, size_t len);
bool arm64_gzip_probe(const void *buf, size_t len);
int arm64_zboot_parse(const void *buf, size_t len, struct arm64_zimage *z);
int arm64_gzip_parse(const void *buf, size_t len, struct arm64_zimage *z);
int arm64_zimage_check_out_size(const struct arm64_zimage *z, u64 limit);

#endif /* _ARM64_KERNEL_KEXEC_ZIMAGE_LAYOUT_H */
