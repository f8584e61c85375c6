// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kernel/kexec_uki.c: the sections of a Unified Kernel
 * Image.
 *
 * Input: the file.
 *
 * Properties checked on every input: parsing returns 0, -ENOEXEC or
 * -EINVAL and logs nothing; an accepted UKI has a .linux part, and every
 * part it reports is non-empty, lies inside the file after the section
 * table, holds no more than its section's raw data, and shares no byte with
 * another part; the embedded command line is a string no longer than its
 * section, without trailing white space.
 */
#include "../seams/kexec_pure.h"
#include "../../../../kernel/kexec_pe.c"
#include "../../../../kernel/kexec_uki.c"

#include <stdlib.h>

#include "../harness/kt.h"

static void check_blob(const struct kexec_uki_blob *blob, u32 table_end, size_t len)
{
	if (!blob->size)
		return;
	if (blob->at < table_end || (u64)blob->at + blob->size > len)
		abort();
}

static void check_disjoint(const struct kexec_uki *uki)
{
	for (int i = 0; i < KEXEC_UKI_NR_PARTS; i++) {
		const struct kexec_uki_blob *a = &uki->part[i];

		for (int j = i + 1; j < KEXEC_UKI_NR_PARTS; j++) {
			const struct kexec_uki_blob *b = &uki->part[j];

			if (a->size && b->size && (u64)a->at < (u64)b->at + b->size &&
			    (u64)b->at < (u64)a->at + a->size)
				abort();
		}
	}
}

static void check_cmdline(const u8 *data, const struct kexec_uki *uki)
{
	u32 size = uki->part[KEXEC_UKI_CMDLINE].size;
	char *out = malloc(size + 1);
	size_t n;

	if (!out)
		abort();
	n = kexec_uki_cmdline(data, uki, out, size + 1);
	if (n > size || strlen(out) != n || (n && strchr(" \t\r\n", out[n - 1])))
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	char why[128];
	struct kexec_pe_table table;
	struct kexec_uki uki;
	int ret;

	kt_log_reset();
	ret = kexec_uki_parse(data, len, &uki, why, sizeof(why));
	if (kt_log_count())
		abort();
	if (ret == -ENOEXEC || ret == -EINVAL)
		return 0;
	if (ret || !uki.part[KEXEC_UKI_LINUX].size)
		abort();
	if (kexec_pe_section_table(data, len, &table, why, sizeof(why)))
		abort();
	for (int i = 0; i < KEXEC_UKI_NR_PARTS; i++)
		check_blob(&uki.part[i], table.end, len);
	check_disjoint(&uki);
	check_cmdline(data, &uki);
	return 0;
}
