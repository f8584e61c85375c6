// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_pe.c on real x86 kernels, with the bzImage
 * loader's own account of what it copies (bz64_loaded_ranges()): Debian's
 * signed vmlinuz must parse and have every loaded byte signed; the built,
 * unsigned bzImage must be "no signature".
 */
#include "seams/x86_kexec_pure.h"
#include "seams/kexec_pure.h"
#include "../../../arch/x86/kernel/kexec_bzimage64_layout.c"
/* Both files set pr_fmt; nothing here logs. */
#undef pr_fmt
#include "../../../kernel/kexec_pe.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

struct image_row {
	const char *name;
	const char *path;	/* relative to tools/testing/kexec */
	int rc;			/* of kexec_pe_sig_parse() */
};

static const struct image_row image_rows[] = {
	{ "Debian vmlinuz: signed, every loaded byte covered",
	  "../../../build/debian/vmlinuz", 0 },
	{ "overlay bzImage: a PE image without a signature",
	  "../../../build/obj-overlay/arch/x86/boot/bzImage", -ENODATA },
};

static void real_image(struct kt *t, const void *p)
{
	const struct image_row *row = p;
	char why[KEXEC_PE_WHY_LEN] = "";
	struct kexec_range loaded[2];
	struct bz64_image info;
	struct kexec_pe_sig pe;
	size_t len = 0;
	u8 *buf = kt_read_file(row->path, &len);

	if (!buf)
		KT_SKIP(t, "image file absent");
	KT_ASSERT_EQ(t, bz64_parse(buf, len, &info), 0);
	KT_ASSERT_EQ(t, bz64_loaded_ranges(&info, loaded, 2), 2);
	KT_EXPECT_EQ(t, loaded[0].start, 0x1f1);
	KT_EXPECT_EQ(t, loaded[1].end, (u64)info.setup_size + info.kernel_size);
	KT_EXPECT_EQ(t, bz64_loaded_ranges(&info, loaded, 1), -E2BIG);
	KT_EXPECT_EQ(t, kexec_pe_sig_parse(buf, len, &pe, why, sizeof(why)), row->rc);
	if (!row->rc) {
		KT_EXPECT_EQ(t, kexec_pe_sig_covers(buf, &pe, loaded, 2, why, sizeof(why)), 0);
		/* The loader never copies the unsigned CheckSum field. */
		KT_EXPECT_TRUE(t, pe.checksum_at + 4 <= loaded[0].start);
		KT_EXPECT_TRUE(t, pe.dirent_at + 8 <= loaded[0].start);
	}
	KT_EXPECT_NO_LOG(t);
	free(buf);
}

static const struct kt_case cases[] = {
	KT_TABLE(real_image, image_rows),
};

KT_MAIN(cases)
