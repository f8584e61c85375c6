// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kexec_file placement and purgatory loading, against the
 * running kernel's real memory map and the purgatory built into it. The
 * hosted tests cover the same code on synthetic maps; these show that the
 * glue feeds it what /proc/iomem really says.
 */
#define pr_fmt(fmt) "kexec_file_kunit: " fmt

#include <kunit/test.h>
#include <linux/ioport.h>
#include <linux/kexec.h>
#include <linux/sizes.h>

#include "../kexec_internal.h"

static const u8 buffer_bytes[PAGE_SIZE];

static struct kimage *file_image(struct kunit *test)
{
	struct kimage *image = do_kimage_alloc_init();

	KUNIT_ASSERT_NOT_NULL(test, image);
	image->file_mode = 1;
	return image;
}

struct placement_case {
	const char *name;
	unsigned long pages;
	unsigned long align;
	unsigned long min;
	unsigned long max;	/* inclusive */
	bool top_down;
};

/* The guest has at least 512 MiB of RAM. */
static const struct placement_case placement_cases[] = {
	{ "anywhere, top down", 3, PAGE_SIZE, 0, ULONG_MAX, true },
	{ "2 MiB aligned above 16 MiB, bottom up", 2, SZ_2M, SZ_16M, SZ_512M - 1, false },
	{ "1 MiB aligned below 4 GiB, top down", 5, SZ_1M, 0, SZ_4G - 1, true },
	{ "narrow window, top down", 1, PAGE_SIZE, SZ_32M, SZ_32M + SZ_64K - 1, true },
};

static void placement_case_desc(const struct placement_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(placement, placement_cases, placement_case_desc);

static struct kexec_buf buffer_request(struct kimage *image, const struct placement_case *c)
{
	return (struct kexec_buf) {
		.image = image,
		.buffer = (void *)buffer_bytes,
		.bufsz = sizeof(buffer_bytes),
		.memsz = c->pages * PAGE_SIZE,
		.buf_align = c->align,
		.buf_min = c->min,
		.buf_max = c->max,
		.top_down = c->top_down,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
	};
}

static void buffer_lands_in_ram_inside_window(struct kunit *test)
{
	const struct placement_case *c = test->param_value;
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf = buffer_request(image, c);

	KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	KUNIT_EXPECT_EQ(test, kbuf.mem % c->align, 0UL);
	KUNIT_EXPECT_GE(test, kbuf.mem, c->min);
	KUNIT_EXPECT_LE(test, kbuf.mem + kbuf.memsz - 1, c->max);
	KUNIT_EXPECT_EQ(test, region_intersects(kbuf.mem, kbuf.memsz, IORESOURCE_SYSTEM_RAM,
						IORES_DESC_NONE), REGION_INTERSECTS);
	KUNIT_ASSERT_EQ(test, image->nr_segments, 1UL);
	KUNIT_EXPECT_EQ(test, image->segment[0].mem, kbuf.mem);
	KUNIT_EXPECT_EQ(test, image->segment[0].memsz, (size_t)c->pages * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, image->segment[0].bufsz, sizeof(buffer_bytes));
	kimage_free(image);
}

static void buffers_do_not_overlap(struct kunit *test)
{
	const struct placement_case c = { "", 2, PAGE_SIZE, 0, ULONG_MAX, true };
	struct kimage *image = file_image(test);
	struct kexec_segment *s = image->segment;
	unsigned long i, j;

	for (i = 0; i < 6; i++) {
		struct kexec_buf kbuf = buffer_request(image, &c);

		KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	}
	for (i = 0; i < image->nr_segments; i++)
		for (j = i + 1; j < image->nr_segments; j++)
			KUNIT_EXPECT_TRUE_MSG(test, s[i].mem + s[i].memsz <= s[j].mem ||
					      s[j].mem + s[j].memsz <= s[i].mem,
					      "segments %lu and %lu overlap", i, j);
	kimage_free(image);
}

static void buffer_without_room_is_refused(struct kunit *test)
{
	const struct placement_case c = { "", 2, PAGE_SIZE, SZ_32M, SZ_32M + PAGE_SIZE - 1, true };
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf = buffer_request(image, &c);

	KUNIT_EXPECT_EQ(test, kexec_add_buffer(&kbuf), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, image->nr_segments, 0UL);
	kimage_free(image);
}

static void segment_limit_is_enforced(struct kunit *test)
{
	const struct placement_case c = { "", 1, PAGE_SIZE, 0, ULONG_MAX, true };
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf;
	unsigned int i;

	for (i = 0; i < KEXEC_SEGMENT_MAX; i++) {
		kbuf = buffer_request(image, &c);
		KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	}
	kbuf = buffer_request(image, &c);
	KUNIT_EXPECT_EQ(test, kexec_add_buffer(&kbuf), -EINVAL);
	KUNIT_EXPECT_EQ(test, image->nr_segments, (unsigned long)KEXEC_SEGMENT_MAX);
	kimage_free(image);
}

/* The purgatory built into this kernel loads, relocates and exposes its symbols. */
static void purgatory_loads_with_its_symbols(struct kunit *test)
{
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf = { .image = image, .buf_min = 0, .buf_max = ULONG_MAX,
				  .top_down = true };
	u8 digest[32], readback[32];
	struct kexec_segment *seg;
	void *addr;

	KUNIT_ASSERT_EQ(test, kexec_load_purgatory(image, &kbuf), 0);
	KUNIT_ASSERT_EQ(test, image->nr_segments, 1UL);
	seg = &image->segment[0];
	KUNIT_EXPECT_GE(test, image->start, seg->mem);
	KUNIT_EXPECT_LT(test, image->start, seg->mem + seg->memsz);

	addr = kexec_purgatory_get_symbol_addr(image, "purgatory_sha_regions");
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(addr));
	addr = kexec_purgatory_get_symbol_addr(image, "purgatory_sha256_digest");
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(addr));
	KUNIT_EXPECT_TRUE(test, IS_ERR(kexec_purgatory_get_symbol_addr(image, "no_such_symbol")));

	memset(digest, 0xa5, sizeof(digest));
	KUNIT_EXPECT_EQ(test, kexec_purgatory_get_set_symbol(image, "purgatory_sha256_digest",
							     digest, sizeof(digest), false), 0);
	KUNIT_EXPECT_EQ(test, kexec_purgatory_get_set_symbol(image, "purgatory_sha256_digest",
							     readback, sizeof(readback), true), 0);
	KUNIT_EXPECT_EQ(test, memcmp(digest, readback, sizeof(digest)), 0);
	/* A size that does not match the symbol's is refused. */
	KUNIT_EXPECT_NE(test, kexec_purgatory_get_set_symbol(image, "purgatory_sha256_digest",
							     readback, 7, true), 0);
	kimage_free(image);
}

static struct kunit_case kexec_file_cases[] = {
	KUNIT_CASE_PARAM(buffer_lands_in_ram_inside_window, placement_gen_params),
	KUNIT_CASE(buffers_do_not_overlap),
	KUNIT_CASE(buffer_without_room_is_refused),
	KUNIT_CASE(segment_limit_is_enforced),
	KUNIT_CASE(purgatory_loads_with_its_symbols),
	{}
};

static struct kunit_suite kexec_file_suite = {
	.name = "kexec_file",
	.test_cases = kexec_file_cases,
};

kunit_test_suite(kexec_file_suite);

MODULE_LICENSE("GPL");
