// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the kexec core: what only the running kernel can show.
 * The page allocator is real here, so these cases check that pages the core
 * takes for its own use (control pages, source copies) never sit inside a
 * segment's destination, where relocate_kernel would overwrite them while
 * still reading them, and that the entry list describes a segment exactly.
 *
 * Entry list, as relocate_kernel walks it (head is itself an entry):
 *
 *   head -> [DEST d][SRC s0][SRC s1][SRC s2][DONE]
 *
 * An INDIRECTION entry continues the walk in the page it points to.
 */
#define pr_fmt(fmt) "kexec_core_kunit: " fmt

#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "../kexec_internal.h"

/* Segment size used by the cases, in pages. */
#define SEGMENT_PAGES	3
/* A destination window wide enough to cover where the next allocation lands. */
#define WINDOW_BYTES	SZ_64M

struct entry_walk {
	unsigned long dest[KEXEC_SEGMENT_MAX];
	unsigned long src[KEXEC_SEGMENT_MAX * SEGMENT_PAGES];
	unsigned int nr_dest;
	unsigned int nr_src;
	bool done;
};

static void walk_entries(struct kunit *test, struct kimage *image, struct entry_walk *w)
{
	kimage_entry_t entry = image->head;
	kimage_entry_t *next = NULL;
	unsigned int steps = 0;

	memset(w, 0, sizeof(*w));
	/* Bounded: a corrupt list must fail the case, not hang the kernel. */
	while (steps++ < 4096) {
		if (entry & IND_DONE) {
			w->done = true;
			return;
		}
		if (entry & IND_INDIRECTION) {
			next = phys_to_virt(entry & PAGE_MASK);
		} else if (entry & IND_DESTINATION) {
			KUNIT_ASSERT_LT(test, w->nr_dest, ARRAY_SIZE(w->dest));
			w->dest[w->nr_dest++] = entry & PAGE_MASK;
		} else if (entry & IND_SOURCE) {
			KUNIT_ASSERT_LT(test, w->nr_src, ARRAY_SIZE(w->src));
			w->src[w->nr_src++] = entry & PAGE_MASK;
		}
		if (!next)
			return;	/* an empty list: head was never set */
		entry = *next++;
	}
	KUNIT_FAIL(test, "entry list did not end within 4096 entries");
}

/* A file-mode image with one segment whose source is a kernel buffer. */
static struct kimage *image_with_segment(struct kunit *test, void *buf, unsigned long dest)
{
	struct kimage *image = do_kimage_alloc_init();

	KUNIT_ASSERT_NOT_NULL(test, image);
	image->file_mode = 1;
	image->nr_segments = 1;
	image->segment[0].kbuf = buf;
	image->segment[0].bufsz = SEGMENT_PAGES * PAGE_SIZE;
	image->segment[0].mem = dest;
	image->segment[0].memsz = SEGMENT_PAGES * PAGE_SIZE;
	return image;
}

static void *patterned_buffer(struct kunit *test)
{
	u8 *buf = kunit_kmalloc(test, SEGMENT_PAGES * PAGE_SIZE, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < SEGMENT_PAGES * PAGE_SIZE; i++)
		buf[i] = (i / PAGE_SIZE + 1) * 0x11 ^ (i & 0xff);
	return buf;
}

/*
 * The physical address the page allocator is about to hand out: allocate a
 * page and give it back, so the next order-0 allocation most likely gets it.
 */
static phys_addr_t next_free_page(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	phys_addr_t phys;

	KUNIT_ASSERT_NOT_NULL(test, page);
	phys = page_to_phys(page);
	__free_page(page);
	return phys;
}

static void segment_becomes_destination_and_source_entries(struct kunit *test)
{
	u8 *buf = patterned_buffer(test);
	struct kimage *image = image_with_segment(test, buf, SZ_16M);
	struct entry_walk w;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, kimage_load_segment(image, &image->segment[0]), 0);
	kimage_terminate(image);
	walk_entries(test, image, &w);

	KUNIT_EXPECT_TRUE(test, w.done);
	KUNIT_EXPECT_EQ(test, w.nr_dest, 1U);
	KUNIT_EXPECT_EQ(test, w.dest[0], (unsigned long)SZ_16M);
	KUNIT_ASSERT_EQ(test, w.nr_src, (unsigned int)SEGMENT_PAGES);
	for (i = 0; i < SEGMENT_PAGES; i++)
		KUNIT_EXPECT_EQ_MSG(test, memcmp(phys_to_virt(w.src[i]), buf + i * PAGE_SIZE,
						 PAGE_SIZE), 0, "source page %u differs", i);
	kimage_free(image);
}

static void source_pages_avoid_other_destinations(struct kunit *test)
{
	u8 *buf = patterned_buffer(test);
	phys_addr_t hot = next_free_page(test);
	unsigned long window = ALIGN_DOWN(hot, WINDOW_BYTES);
	struct kimage *image = image_with_segment(test, buf, SZ_16M);
	struct entry_walk w;
	unsigned int i;

	/* Segment 1 claims the memory the allocator would pick next. */
	image->nr_segments = 2;
	image->segment[1].mem = window;
	image->segment[1].memsz = WINDOW_BYTES;
	KUNIT_ASSERT_EQ(test, kimage_load_segment(image, &image->segment[0]), 0);
	kimage_terminate(image);
	walk_entries(test, image, &w);

	KUNIT_ASSERT_EQ(test, w.nr_src, (unsigned int)SEGMENT_PAGES);
	for (i = 0; i < w.nr_src; i++) {
		/* A page may be its own destination: it is never moved. */
		if (w.src[i] == SZ_16M + i * PAGE_SIZE)
			continue;
		KUNIT_EXPECT_FALSE_MSG(test, w.src[i] >= window && w.src[i] < window + WINDOW_BYTES,
				       "source page %#lx inside destination [%#lx, %#lx)",
				       w.src[i], window, window + WINDOW_BYTES);
	}
	kimage_free(image);
}

static void control_page_avoids_destinations(struct kunit *test)
{
	phys_addr_t hot = next_free_page(test);
	unsigned long window = ALIGN_DOWN(hot, WINDOW_BYTES);
	struct kimage *image = image_with_segment(test, NULL, window);
	struct page *control;
	phys_addr_t phys;

	image->segment[0].bufsz = 0;
	image->segment[0].memsz = WINDOW_BYTES;
	control = kimage_alloc_control_pages(image, 0);
	KUNIT_ASSERT_NOT_NULL(test, control);
	phys = page_to_phys(control);
	KUNIT_EXPECT_FALSE_MSG(test, phys >= window && phys < window + WINDOW_BYTES,
			       "control page %pa inside destination [%#lx, %#lx)",
			       &phys, window, window + WINDOW_BYTES);
	kimage_free(image);
}

struct destination_case {
	const char *name;
	unsigned long start;
	unsigned long end;	/* exclusive: the query is [start, end) */
	bool hit;
};

/*
 * One segment at [16 MiB, 16 MiB + 3 pages). The base's kexec_file.c passed
 * an inclusive end to this exclusive-end query; these rows pin the meaning.
 */
static const struct destination_case destination_cases[] = {
	{ "ends right before", SZ_16M - PAGE_SIZE, SZ_16M, false },
	{ "ends one byte in", SZ_16M - PAGE_SIZE, SZ_16M + 1, true },
	{ "inside", SZ_16M + PAGE_SIZE, SZ_16M + 2 * PAGE_SIZE, true },
	{ "starts on last byte", SZ_16M + 3 * PAGE_SIZE - 1, SZ_16M + 4 * PAGE_SIZE, true },
	{ "starts right after", SZ_16M + 3 * PAGE_SIZE, SZ_16M + 4 * PAGE_SIZE, false },
	{ "covers it", 0, SZ_32M, true },
};

static void destination_case_desc(const struct destination_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(destination, destination_cases, destination_case_desc);

static void destination_range_query(struct kunit *test)
{
	const struct destination_case *c = test->param_value;
	struct kimage *image = image_with_segment(test, NULL, SZ_16M);

	KUNIT_EXPECT_EQ(test, !!kimage_is_destination_range(image, c->start, c->end), c->hit);
	kimage_free(image);
}

static struct kunit_case kexec_core_cases[] = {
	KUNIT_CASE(segment_becomes_destination_and_source_entries),
	KUNIT_CASE(source_pages_avoid_other_destinations),
	KUNIT_CASE(control_page_avoids_destinations),
	KUNIT_CASE_PARAM(destination_range_query, destination_gen_params),
	{}
};

static struct kunit_suite kexec_core_suite = {
	.name = "kexec_core",
	.test_cases = kexec_core_cases,
};

kunit_test_suite(kexec_core_suite);

MODULE_LICENSE("GPL");
