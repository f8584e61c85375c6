// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the EFI zboot header and gzip member checks and the
 * decompressed size limit in arch/arm64/kernel/kexec_zimage_layout.c.
 *
 * Input byte 0 picks the mode: bit 0 the parser (zboot or bare gzip), bit 1
 * whether the rest is a whole file or is XORed onto a valid synthetic one
 * (byte 1 then trims its length), so mutations start next to an accepted
 * header.
 *
 * The parsers must not read outside the input, and what they accept must
 * hold what the decompressor relies on: the stream lies inside the
 * payload, the payload inside the file, and a size the limit check
 * accepts is at most 256 MiB.
 */
#include "../seams/arm64_kexec_pure.h"
#include "../../../../arch/arm64/kernel/kexec_zimage_layout.c"

#include <stdlib.h>

#include "../harness/kt.h"

#define SYN_LEN		0x400
#define SYN_AT		0x100
#define SYN_PAYLOAD	0x80

static void put32(u8 *b, size_t at, u32 v)
{
	memcpy(b + at, &v, 4);
}

/* A zboot file whose gzip payload is at SYN_AT; for gzip only that member. */
static void synthetic(u8 *b)
{
	u8 *g = b + SYN_AT;

	memset(b, 0, SYN_LEN);
	memcpy(b, "MZ\0\0zimg", 8);
	put32(b, 0x08, SYN_AT);
	put32(b, 0x0c, SYN_PAYLOAD);
	memcpy(b + 0x18, "gzip", 5);
	put32(b, 0x3c, 0x40);
	g[0] = 0x1f;
	g[1] = 0x8b;
	g[2] = 8;
	g[3] = 0x08;				/* FNAME */
	memcpy(g + 10, "Image", 6);
	put32(g, SYN_PAYLOAD - 4, 0x2000000);
}

static void check_accepted(const struct arm64_zimage *z, size_t len)
{
	if (z->payload_offset > z->payload_end || z->payload_end > len ||
	    z->stream_offset < z->payload_offset ||
	    z->stream_offset + z->stream_size > z->payload_end || !z->stream_size)
		abort();
	if (!arm64_zimage_check_out_size(z, ARM64_ZIMAGE_MAX_OUT) &&
	    (z->out_size > ARM64_ZIMAGE_MAX_OUT || z->out_size < 64))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct arm64_zimage z;
	bool zboot;
	size_t len, i, base;
	u8 *buf;

	if (size < 2)
		return 0;
	zboot = !(data[0] & 1);
	if (data[0] & 2) {
		len = size - 1;
		buf = malloc(len ? len : 1);
		memcpy(buf, data + 1, len);
	} else {
		buf = malloc(SYN_LEN);
		synthetic(buf);
		base = zboot ? 0 : SYN_AT;
		for (i = 2; i < size && base + i - 2 < SYN_LEN; i++)
			buf[base + i - 2] ^= data[i];
		len = (zboot ? SYN_LEN : SYN_PAYLOAD) - data[1] % 64;
		if (!zboot)
			memmove(buf, buf + SYN_AT, len);
		/* Realloc to the exact length so ASan sees any overread. */
		buf = realloc(buf, len);
	}
	kt_log_reset();
	if (!(zboot ? arm64_zboot_parse(buf, len, &z) : arm64_gzip_parse(buf, len, &z)))
		check_accepted(&z, len);
	free(buf);
	return 0;
}
