// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kernel/kexec_pe.c: the bounds of a signed PE image.
 *
 * Input: u16 start and u16 length of a "loaded" byte range, then the image.
 *
 * Properties checked on every input: parsing returns 0, -ENODATA or
 * -EBADMSG and logs nothing; an accepted image has its headers, sections
 * and certificate table inside the file, the table ending it; and
 * kexec_pe_sig_covers() agrees with a byte map of what Authenticode hashes
 * (the headers minus CheckSum and the certificate entry, each section's raw
 * data, the tail up to the table), returning 0 or -EKEYREJECTED; and the
 * ranges of a loader that copies the file itself (kexec_pe_sig_file_ranges())
 * are ascending, end at the table, and kexec_pe_sig_keep() zeroes exactly
 * the bytes between them, inside the file.
 */
#include "../seams/kexec_pure.h"
#include "../../../../kernel/kexec_pe.c"

#include <stdlib.h>

#include "../harness/kt.h"

#define MAX_IMAGE	0x10000

static bool hashed[MAX_IMAGE];

static void mark(u64 start, u64 end, bool on)
{
	for (u64 i = start; i < end && i < MAX_IMAGE; i++)
		hashed[i] = on;
}

/* The byte map of what verify_pefile_signature() hashes. */
static void model(const u8 *b, const struct kexec_pe_sig *pe)
{
	memset(hashed, 0, sizeof(hashed));
	mark(0, pe->header_size, true);
	mark(pe->checksum_at, pe->checksum_at + 4, false);
	mark(pe->dirent_at, pe->dirent_at + 8, false);
	for (unsigned int i = 0; i < pe->nr_sections; i++) {
		const u8 *s = b + pe->sections_at + i * PE_SECTION_SIZE;
		u64 at = rd32(s + PE_SECTION_RAW_AT);

		mark(at, at + rd32(s + PE_SECTION_RAW_SIZE), true);
	}
	mark(pe->tail_at, pe->certs_at, true);
}

static void check_accepted(const u8 *b, size_t len, const struct kexec_pe_sig *pe)
{
	if (pe->header_size > len || pe->certs_at < pe->header_size ||
	    (u64)pe->certs_at + pe->certs_size != len ||
	    pe->sections_at + (u64)pe->nr_sections * PE_SECTION_SIZE > pe->header_size ||
	    pe->tail_at > pe->certs_at || pe->dirent_at + 8 > pe->header_size)
		abort();
}

/* The file ranges cover the file up to the table but for the two fields. */
static void check_file_ranges(u8 *b, const struct kexec_pe_sig *pe)
{
	struct kexec_range f[3];
	u64 at = 0;

	if (kexec_pe_sig_file_ranges(pe, f, 3) != 3 || f[0].start != 0 ||
	    kexec_pe_sig_keep(b, f, 3) != pe->certs_at)
		abort();
	for (unsigned int i = 0; i < 3; i++) {
		if (f[i].start < at || f[i].end < f[i].start)
			abort();
		for (; at < f[i].start; at++)
			if (b[at])
				abort();
		at = f[i].end;
	}
	if (f[0].end != pe->checksum_at || f[2].start != pe->dirent_at + 8 ||
	    f[2].end != pe->certs_at)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char why[KEXEC_PE_WHY_LEN];
	struct kexec_pe_sig pe;
	struct kexec_range r;
	const u8 *b = data + 4;
	size_t len;
	bool want = true;
	u8 *copy;
	int ret;

	if (size < 4 || size - 4 > MAX_IMAGE)
		return 0;
	len = size - 4;
	r.start = data[0] | data[1] << 8;
	r.end = r.start + (data[2] | data[3] << 8);
	/* An exact-size heap copy, so ASan sees any read past the image. */
	copy = malloc(len ? len : 1);
	memcpy(copy, b, len);
	kt_log_reset();
	ret = kexec_pe_sig_parse(copy, len, &pe, why, sizeof(why));
	if (kt_log_count() || (ret && ret != -ENODATA && ret != -EBADMSG))
		abort();
	if (!ret) {
		check_accepted(copy, len, &pe);
		model(copy, &pe);
		for (u64 i = r.start; i < r.end; i++)
			want = want && i < MAX_IMAGE && hashed[i];
		ret = kexec_pe_sig_covers(copy, &pe, &r, 1, why, sizeof(why));
		if (ret != (want ? 0 : -EKEYREJECTED) || kt_log_count())
			abort();
		check_file_ranges(copy, &pe);
	}
	free(copy);
	return 0;
}
