// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_pe.c on real arm64 kernels, with what the
 * arm64 Image loader copies of a signed Image (kexec_pe_sig_file_ranges():
 * the file up to its certificate table, without the CheckSum and the
 * certificate entry): Debian's signed vmlinuz must parse as an Image and as
 * a signed PE file, with every copied byte signed; the built Image (EFI
 * stub, unsigned) must be "no signature".
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

struct image_row {
	const char *name;
	const char *path;	/* relative to tools/testing/kexec */
	int rc;			/* of kexec_pe_sig_parse() */
};

static const struct image_row image_rows[] = {
	{ "Debian arm64 vmlinuz: signed, every copied byte covered",
	  "../../../build/debian-arm64/vmlinuz", 0 },
	{ "overlay arm64 Image: a PE image without a signature",
	  "../../../build/obj-arm64-overlay/arch/arm64/boot/Image", -ENODATA },
};

static void real_image(struct kt *t, const void *p)
{
	const struct image_row *row = p;
	char why[KEXEC_PE_WHY_LEN] = "";
	struct kexec_range copied[3];
	struct arm64_image img;
	struct kexec_pe_sig pe;
	size_t len = 0;
	u8 *buf = kt_read_file(row->path, &len);

	if (!buf)
		KT_SKIP(t, "image file absent");
	KT_ASSERT_EQ(t, arm64_image_parse(buf, len, &img), 0);
	KT_EXPECT_TRUE(t, img.pe);
	KT_EXPECT_EQ(t, kexec_pe_sig_parse(buf, len, &pe, why, sizeof(why)), row->rc);
	if (!row->rc) {
		KT_ASSERT_EQ(t, kexec_pe_sig_file_ranges(&pe, copied, 3), 3);
		KT_EXPECT_EQ(t, kexec_pe_sig_covers(buf, &pe, copied, 3, why, sizeof(why)), 0);
		/* The fields left out lie after the 64-byte Image header. */
		KT_EXPECT_TRUE(t, pe.checksum_at >= sizeof(struct arm64_image_header));
		/* What is copied is the Image as built, before sbsign. */
		KT_EXPECT_EQ(t, kexec_pe_sig_keep(buf, copied, 3), pe.certs_at);
		KT_EXPECT_EQ(t, pe.certs_at + pe.certs_size, len);
		KT_EXPECT_EQ(t, arm64_image_parse(buf, pe.certs_at, &img), 0);
	}
	KT_EXPECT_NO_LOG(t);
	free(buf);
}

static const struct kt_case cases[] = {
	KT_TABLE(real_image, image_rows),
};

KT_MAIN(cases)
