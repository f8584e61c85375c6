// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_entries.c. The builder's pages come from a
 * fake memory whose page k sits at physical PHYS(k), so whole lists can be
 * compared entry by entry, indirection entries included.
 */
#include "seams/kexec_pure.h"
#include "../../../kernel/kexec_entries.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

#define PHYS_BASE	0x70000000ULL
#define PHYS_STRIDE	0x10000ULL	/* >= every page size used here */
#define PHYS(k)		(PHYS_BASE + (u64)(k) * PHYS_STRIDE)
#define FAKE_PAGES	64
#define MAX_ENTRIES	32

#define D(a)		((unsigned long)(a) | KEXEC_IND_DESTINATION)
#define S(a)		((unsigned long)(a) | KEXEC_IND_SOURCE)
#define I(k)		((unsigned long)PHYS(k) | KEXEC_IND_INDIRECTION)
#define DONE		KEXEC_IND_DONE

struct fake_mem {
	struct kexec_entry_ops ops;
	size_t nr;			/* pages handed out, freed ones included */
	void *virt[FAKE_PAGES];		/* NULL once freed */
	u64 skew;			/* added to every physical address */
};

static void *fake_alloc(void *ctx)
{
	struct fake_mem *m = ctx;
	void *p;

	if (m->nr == FAKE_PAGES)
		return NULL;
	p = kmalloc(m->ops.page_size, GFP_KERNEL);
	if (p)
		m->virt[m->nr++] = p;
	return p;
}

static size_t fake_index(struct fake_mem *m, const void *page)
{
	size_t k;

	for (k = 0; k < m->nr; k++)
		if (m->virt[k] == page)
			return k;
	fprintf(stderr, "page %p is not from the fake memory\n", page);
	abort();
}

static void fake_free(void *ctx, void *page)
{
	struct fake_mem *m = ctx;

	m->virt[fake_index(m, page)] = NULL;
	kfree(page);
}

static u64 fake_virt_to_phys(void *ctx, const void *page)
{
	struct fake_mem *m = ctx;

	return PHYS(fake_index(m, page)) + m->skew;
}

static void *fake_phys_to_virt(void *ctx, u64 phys)
{
	struct fake_mem *m = ctx;
	u64 k = (phys - PHYS_BASE) / PHYS_STRIDE;

	if (phys < PHYS_BASE || k >= m->nr || !m->virt[k]) {
		fprintf(stderr, "phys 0x%llx is not a live fake page\n", phys);
		abort();
	}
	return m->virt[k];
}

static void fake_init(struct fake_mem *m, size_t page_size)
{
	*m = (struct fake_mem){
		.ops = {
			.page_alloc = fake_alloc,
			.page_free = fake_free,
			.virt_to_phys = fake_virt_to_phys,
			.phys_to_virt = fake_phys_to_virt,
			.ctx = m,
			.page_size = page_size,
		},
	};
}

/*
 * Follows the list the way the relocation code does, collecting every entry
 * (indirections too) into @out, and checks the layout on the way: the head is
 * an indirection, indirections sit in the last slot of a page, and the slots
 * after the end are zero.
 */
static size_t raw_walk(struct kt *t, struct fake_mem *m, unsigned long head,
		       unsigned long *out, size_t max)
{
	size_t per = m->ops.page_size / sizeof(unsigned long), i, n = 0;
	const unsigned long *page;
	bool end = false;

	KT_ASSERT_EQ(t, head & KEXEC_IND_FLAGS, KEXEC_IND_INDIRECTION);
	page = fake_phys_to_virt(m, head & ~KEXEC_IND_FLAGS);
	while (!end) {
		const unsigned long *next = NULL;

		for (i = 0; i < per; i++) {
			unsigned long e = page[i];

			if (end || !e) {
				end = true;
				KT_EXPECT_EQ(t, e, 0);
				continue;
			}
			KT_ASSERT_TRUE(t, n < max);
			out[n++] = e;
			if (e & KEXEC_IND_INDIRECTION) {
				KT_EXPECT_EQ(t, i, per - 1);
				next = fake_phys_to_virt(m, e & ~KEXEC_IND_FLAGS);
			}
			end = e & KEXEC_IND_DONE;
		}
		if (!next)
			break;
		page = next;
		end = false;
	}
	return n;
}

static void expect_entries(struct kt *t, const unsigned long *got, size_t nr_got,
			   const unsigned long *want, size_t nr_want)
{
	size_t i;

	for (i = 0; i < nr_got && i < nr_want; i++)
		if (!KT_EXPECT_EQ(t, got[i], want[i]))
			printf("#   at entry %zu\n", i);
	KT_EXPECT_EQ(t, nr_got, nr_want);
}

/* ---------------- exact layouts ---------------- */

struct copy {
	u64 dest, src;
};

struct layout_row {
	const char *name;
	size_t page_size;
	struct copy copies[16];
	size_t nr_copies;
	bool unfinished;
	unsigned long want[MAX_ENTRIES];
	size_t nr_want;
};

#define COPIES(...)							\
	.copies = { __VA_ARGS__ },					\
	.nr_copies = sizeof((struct copy[]){ __VA_ARGS__ }) / sizeof(struct copy)
#define WANT(...)							\
	.want = { __VA_ARGS__ },					\
	.nr_want = sizeof((unsigned long[]){ __VA_ARGS__ }) / sizeof(unsigned long)

#define A	0x1000000ULL	/* destinations */
#define B	0x3000000ULL
#define SRC	0x5000000ULL	/* sources */
#define P4K	0x1000ULL
#define P32	0x20ULL		/* 4 slots: 3 entries and the indirection */

static const struct layout_row layout_rows[] = {
	{ "an empty list holds only DONE", P4K, .nr_copies = 0, WANT(DONE) },
	{ "an unfinished list ends without DONE", P4K, COPIES({ A, SRC }), .unfinished = true,
	  WANT(D(A), S(SRC)) },
	{ "contiguous destinations are announced once", P4K,
	  COPIES({ A, SRC + 0x7000 }, { A + P4K, SRC }, { A + 2 * P4K, SRC + 0x3000 }),
	  WANT(D(A), S(SRC + 0x7000), S(SRC), S(SRC + 0x3000), DONE) },
	{ "a gap between destinations starts a new run", P4K,
	  COPIES({ A, SRC }, { A + P4K, SRC + P4K }, { B, SRC + 2 * P4K }),
	  WANT(D(A), S(SRC), S(SRC + P4K), D(B), S(SRC + 2 * P4K), DONE) },
	{ "a lower destination after a higher one starts a new run", P4K,
	  COPIES({ A + P4K, SRC }, { A, SRC + P4K }),
	  WANT(D(A + P4K), S(SRC), D(A), S(SRC + P4K), DONE) },
	{ "repeating a destination announces it again", P4K,
	  COPIES({ A, SRC }, { A, SRC + P4K }),
	  WANT(D(A), S(SRC), D(A), S(SRC + P4K), DONE) },
	/*
	 * page 0: D(A)  S0  S1  I(1)
	 * page 1: S2    S3  S4  I(2)
	 * page 2: DONE  0   0   0
	 */
	{ "a run continues across indirection pages", P32,
	  COPIES({ A, SRC }, { A + P32, SRC + P32 }, { A + 2 * P32, SRC + 2 * P32 },
		 { A + 3 * P32, SRC + 3 * P32 }, { A + 4 * P32, SRC + 4 * P32 }),
	  WANT(D(A), S(SRC), S(SRC + P32), I(1), S(SRC + 2 * P32), S(SRC + 3 * P32),
	       S(SRC + 4 * P32), I(2), DONE) },
	/*
	 * page 0: D(A)  S0    D(B)  I(1)
	 * page 1: S1    DONE  0     0
	 */
	{ "a destination may end a page with its source on the next", P32,
	  COPIES({ A, SRC }, { B, SRC + P32 }),
	  WANT(D(A), S(SRC), D(B), I(1), S(SRC + P32), DONE) },
	{ "three runs spill over four pages", P32,
	  COPIES({ A, SRC }, { A + P32, SRC + P32 }, { B, SRC + 2 * P32 },
		 { B + P32, SRC + 3 * P32 }, { 0, SRC + 4 * P32 }, { P32, SRC + 5 * P32 }),
	  WANT(D(A), S(SRC), S(SRC + P32), I(1), D(B), S(SRC + 2 * P32), S(SRC + 3 * P32), I(2),
	       D(0), S(SRC + 4 * P32), S(SRC + 5 * P32), I(3), DONE) },
	{ "a destination at the top of the space does not wrap into the next", P4K,
	  COPIES({ U64_MAX - 0xfff, SRC }, { 0, SRC + P4K }),
	  WANT(D(U64_MAX - 0xfff), S(SRC), D(0), S(SRC + P4K), DONE) },
};

/* Also run as an allocation-failure sweep: every row allocates. */
static int build_layout_op(struct kt *t, const void *p)
{
	const struct layout_row *row = p;
	struct kexec_entry_list list;
	unsigned long got[MAX_ENTRIES];
	struct fake_mem m;
	size_t i, n;
	int ret;

	fake_init(&m, row->page_size);
	ret = kexec_entries_init(&list, &m.ops);
	for (i = 0; i < row->nr_copies && !ret; i++)
		ret = kexec_entries_add_page(&list, row->copies[i].dest, row->copies[i].src);
	if (!ret && !row->unfinished)
		ret = kexec_entries_finish(&list);
	if (!ret) {
		KT_EXPECT_EQ(t, kexec_entries_head(&list), I(0));
		n = raw_walk(t, &m, kexec_entries_head(&list), got, MAX_ENTRIES);
		expect_entries(t, got, n, row->want, row->nr_want);
		KT_EXPECT_NO_LOG(t);
	}
	kexec_entries_destroy(&list);
	return ret;
}

static void build_layout(struct kt *t, const void *p)
{
	KT_EXPECT_EQ(t, build_layout_op(t, p), 0);
}

/* ---------------- rejections ---------------- */

struct reject_row {
	const char *name;
	struct copy before;	/* added first, when .finish_first is not set */
	bool finish_first;
	struct copy bad;
	const char *log[3];
};

static const struct reject_row reject_rows[] = {
	{ "a destination off a page boundary is -EINVAL", { A, SRC }, false,
	  { A + 0x10, SRC + P4K }, { "destination 0x1000010" } },
	{ "a source off a page boundary is -EINVAL", { A, SRC }, false,
	  { A + P4K, SRC + 0x801 }, { "source 0x5000801" } },
	{ "adding to a finished list is -EINVAL", { 0 }, true,
	  { A, SRC }, { "already finished", "destination 0x1000000" } },
};

/* A rejected add leaves the list as it was: still just D(A) S(SRC) or DONE. */
static void reject_add(struct kt *t, const void *p)
{
	const struct reject_row *row = p;
	struct kexec_entry_list list;
	unsigned long got[MAX_ENTRIES];
	struct fake_mem m;
	size_t n;

	fake_init(&m, P4K);
	KT_ASSERT_EQ(t, kexec_entries_init(&list, &m.ops), 0);
	if (row->finish_first)
		KT_ASSERT_EQ(t, kexec_entries_finish(&list), 0);
	else
		KT_ASSERT_EQ(t, kexec_entries_add_page(&list, row->before.dest,
						       row->before.src), 0);
	KT_EXPECT_EQ(t, kexec_entries_add_page(&list, row->bad.dest, row->bad.src), -EINVAL);
	kt_check_logged(t, __FILE__, __LINE__, row->log);
	n = raw_walk(t, &m, kexec_entries_head(&list), got, MAX_ENTRIES);
	if (row->finish_first)
		expect_entries(t, got, n, (unsigned long[]){ DONE }, 1);
	else
		expect_entries(t, got, n, (unsigned long[]){ D(A), S(SRC) }, 2);
	kexec_entries_destroy(&list);
}

static void finishing_twice_is_rejected(struct kt *t, const void *p)
{
	struct kexec_entry_list list;
	struct fake_mem m;

	fake_init(&m, P4K);
	KT_ASSERT_EQ(t, kexec_entries_init(&list, &m.ops), 0);
	KT_EXPECT_EQ(t, kexec_entries_finish(&list), 0);
	KT_EXPECT_EQ(t, kexec_entries_finish(&list), -EINVAL);
	KT_EXPECT_LOGGED(t, "already finished");
	kexec_entries_destroy(&list);
}

struct bad_ops_row {
	const char *name;
	size_t page_size;
	u64 skew;
};

static const struct bad_ops_row bad_ops_rows[] = {
	{ "page size of 3 entries", 3 * sizeof(unsigned long), 0 },
	{ "page size not a power of two", 0x1800, 0 },
	{ "page with a misaligned physical address", P4K, 8 },
};

/* Bad ops are the glue's bug: WARN, -EINVAL, nothing leaked, destroy is safe. */
static void bad_ops_warn_and_fail(struct kt *t, const void *p)
{
	const struct bad_ops_row *row = p;
	struct kexec_entry_list list;
	struct fake_mem m;

	fake_init(&m, row->page_size);
	m.skew = row->skew;
	KT_EXPECT_EQ(t, kexec_entries_init(&list, &m.ops), -EINVAL);
	KT_EXPECT_EQ(t, kt_warn_count, 1);
	kt_warn_count = 0;
	KT_EXPECT_EQ(t, kexec_entries_head(&list), 0);
	kexec_entries_destroy(&list);
}

/* ---------------- walking ---------------- */

struct collect {
	unsigned long seen[MAX_ENTRIES];
	size_t nr;
	size_t stop_after;	/* return 1 after this many; 0: never */
};

static int collect_entry(void *arg, unsigned long entry)
{
	struct collect *c = arg;

	c->seen[c->nr++] = entry;
	return c->stop_after && c->nr == c->stop_after;
}

static void walk_skips_indirections_and_stops_on_request(struct kt *t, const void *p)
{
	struct collect all = { .stop_after = 0 }, two = { .stop_after = 2 };
	struct kexec_entry_list list;
	struct fake_mem m;
	size_t i;

	fake_init(&m, P32);
	KT_ASSERT_EQ(t, kexec_entries_init(&list, &m.ops), 0);
	for (i = 0; i < 4; i++)
		KT_ASSERT_EQ(t, kexec_entries_add_page(&list, A + i * P32, SRC + i * P32), 0);
	KT_ASSERT_EQ(t, kexec_entries_finish(&list), 0);
	KT_EXPECT_EQ(t, kexec_entries_walk(&list, collect_entry, &all), 0);
	expect_entries(t, all.seen, all.nr, (unsigned long[]){ D(A), S(SRC), S(SRC + P32),
		       S(SRC + 2 * P32), S(SRC + 3 * P32), DONE }, 6);
	KT_EXPECT_EQ(t, kexec_entries_walk(&list, collect_entry, &two), 1);
	KT_EXPECT_EQ(t, two.nr, 2);
	kexec_entries_destroy(&list);
}

/*
 * Six pages in two runs: the first run's middle page and the second run's
 * first page were staged in their destination; indirection pages (P32 holds
 * three entries and a link) do not count.
 */
static void count_moves_tells_copies_from_in_place(struct kt *t, const void *p)
{
	static const u64 dest[] = { A, A + P32, A + 2 * P32, B, B + P32, B + 2 * P32 };
	const u64 src[] = { SRC, A + P32, SRC + P32, B, SRC + 2 * P32, SRC + 3 * P32 };
	struct kexec_entry_moves moves = { 7, 7 };
	struct kexec_entry_list list;
	struct fake_mem m;
	size_t i;

	fake_init(&m, P32);
	KT_ASSERT_EQ(t, kexec_entries_init(&list, &m.ops), 0);
	for (i = 0; i < ARRAY_SIZE(dest); i++)
		KT_ASSERT_EQ(t, kexec_entries_add_page(&list, dest[i], src[i]), 0);
	KT_ASSERT_EQ(t, kexec_entries_finish(&list), 0);
	kexec_entries_count_moves(&list, &moves);
	KT_EXPECT_EQ(t, moves.copied, 4);
	KT_EXPECT_EQ(t, moves.in_place, 2);
	kexec_entries_destroy(&list);
}

/* An empty list, and one never initialised, move nothing. */
static void count_moves_of_empty_lists_is_zero(struct kt *t, const void *p)
{
	struct kexec_entry_moves moves = { 7, 7 };
	struct kexec_entry_list list = { 0 };
	struct fake_mem m;

	kexec_entries_count_moves(&list, &moves);
	KT_EXPECT_EQ(t, moves.copied, 0);
	KT_EXPECT_EQ(t, moves.in_place, 0);
	fake_init(&m, P32);
	KT_ASSERT_EQ(t, kexec_entries_init(&list, &m.ops), 0);
	KT_ASSERT_EQ(t, kexec_entries_finish(&list), 0);
	moves = (struct kexec_entry_moves){ 7, 7 };
	kexec_entries_count_moves(&list, &moves);
	KT_EXPECT_EQ(t, moves.copied, 0);
	KT_EXPECT_EQ(t, moves.in_place, 0);
	kexec_entries_destroy(&list);
}

/* 2000 pages in runs of 300, 4 KiB pages of 511 entries plus the link. */
static void long_list_fills_whole_pages(struct kt *t, const void *p)
{
	const size_t nr = 2000, run = 300, per = P4K / sizeof(unsigned long) - 1;
	size_t i, runs = (nr + run - 1) / run, logical = nr + runs + 1;
	struct kexec_entry_list list;
	struct fake_mem m;
	u64 dest;

	fake_init(&m, P4K);
	KT_ASSERT_EQ(t, kexec_entries_init(&list, &m.ops), 0);
	for (i = 0; i < nr; i++) {
		dest = (i / run) * 0x10000000ULL + (i % run) * P4K;
		KT_ASSERT_EQ(t, kexec_entries_add_page(&list, dest, SRC + i * P4K), 0);
	}
	KT_ASSERT_EQ(t, kexec_entries_finish(&list), 0);
	KT_EXPECT_EQ(t, m.nr, (logical + per - 1) / per);
	kexec_entries_destroy(&list);
	for (i = 0; i < m.nr; i++)
		KT_EXPECT_TRUE(t, !m.virt[i]);
}

static void destroying_twice_frees_each_page_once(struct kt *t, const void *p)
{
	struct kexec_entry_list list;
	struct fake_mem m;
	size_t i;

	fake_init(&m, P32);
	KT_ASSERT_EQ(t, kexec_entries_init(&list, &m.ops), 0);
	for (i = 0; i < 8; i++)
		KT_ASSERT_EQ(t, kexec_entries_add_page(&list, A + i * P32, SRC + i * P32), 0);
	KT_ASSERT_EQ(t, m.nr, 3);
	kexec_entries_destroy(&list);
	kexec_entries_destroy(&list);
	KT_EXPECT_EQ(t, kexec_entries_head(&list), 0);
	for (i = 0; i < m.nr; i++)
		KT_EXPECT_TRUE(t, !m.virt[i]);
}

/* ---------------- allocation failures ---------------- */

static int count_entry(void *arg, unsigned long entry)
{
	(*(size_t *)arg)++;
	return 0;
}

/*
 * 24 copies in runs of 5 with 64-byte pages (7 entries each): about 30
 * entries over five pages. A failed step must leave the list as it was.
 */
static int build_fails_cleanly(struct kt *t, const void *p)
{
	struct kexec_entry_list list;
	size_t i, before, after;
	struct fake_mem m;
	int ret;

	fake_init(&m, 64);
	ret = kexec_entries_init(&list, &m.ops);
	for (i = 0; i < 24 && !ret; i++) {
		before = 0;
		after = 0;
		kexec_entries_walk(&list, count_entry, &before);
		ret = kexec_entries_add_page(&list, (i / 5) * 0x100000 + (i % 5) * 64,
					     SRC + i * 64);
		if (ret) {
			kexec_entries_walk(&list, count_entry, &after);
			KT_EXPECT_EQ(t, after, before);
		}
	}
	if (!ret)
		ret = kexec_entries_finish(&list);
	if (!ret)
		KT_EXPECT_EQ(t, m.nr, 5);
	kexec_entries_destroy(&list);
	return ret;
}

static const struct kt_case cases[] = {
	KT_TABLE(build_layout, layout_rows),
	KT_SWEEP_TABLE(build_layout_op, layout_rows),
	KT_TABLE(reject_add, reject_rows),
	KT_CASE(finishing_twice_is_rejected),
	KT_TABLE(bad_ops_warn_and_fail, bad_ops_rows),
	KT_CASE(walk_skips_indirections_and_stops_on_request),
	KT_CASE(count_moves_tells_copies_from_in_place),
	KT_CASE(count_moves_of_empty_lists_is_zero),
	KT_CASE(long_list_fills_whole_pages),
	KT_CASE(destroying_twice_frees_each_page_once),
	KT_SWEEP(build_fails_cleanly),
};

KT_MAIN(cases)
