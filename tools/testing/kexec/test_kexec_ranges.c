// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_ranges.c: range helpers, merged range sets,
 * kexec_find_hole(), free memory (kexec_ranges_minus()) and the destination
 * overlap test (kexec_ranges_overlap()).
 */
#include "seams/kexec_pure.h"
#include "../../../kernel/kexec_ranges.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

#define R(s, e)		{ .start = (s), .end = (e) }
#define MAX_RANGES	8
/* A list of ranges and its length, for table rows. */
#define RANGES(field, ...)							\
	.field = { __VA_ARGS__ },						\
	.nr_##field = sizeof((struct kexec_range[]){ __VA_ARGS__ }) / sizeof(struct kexec_range)

#define TOP U64_MAX

/* ---------------- helpers ---------------- */

/* On failure the caller still frees @set. */
static int set_build(struct kexec_range_set *set, const struct kexec_range *r, size_t nr)
{
	size_t i;
	int ret = 0;

	kexec_range_set_init(set);
	for (i = 0; i < nr && !ret; i++)
		ret = kexec_range_set_add(set, &r[i]);
	return ret;
}

static void expect_set(struct kt *t, const struct kexec_range_set *set,
		       const struct kexec_range *want, size_t nr)
{
	size_t i;

	if (!KT_EXPECT_EQ(t, set->nr, nr))
		return;
	for (i = 0; i < nr; i++) {
		KT_EXPECT_EQ(t, set->ranges[i].start, want[i].start);
		KT_EXPECT_EQ(t, set->ranges[i].end, want[i].end);
	}
}

/* ---------------- kexec_range_from_size ---------------- */

struct from_size_row {
	const char *name;
	u64 start, size;
	int rc;
	u64 end;
};

static const struct from_size_row from_size_rows[] = {
	{ "zero size gives an empty range at start", 0x1000, 0, 0, 0x1000 },
	{ "ordinary range ends at start plus size", 0x100000, 0x2000, 0, 0x102000 },
	{ "range ending exactly at U64_MAX is accepted", U64_MAX - 0x1000, 0x1000, 0, U64_MAX },
	{ "range that would end at 2^64 is rejected", U64_MAX - 0xfff, 0x1000, -EINVAL },
	{ "start plus size wrapping past zero is rejected", 0x1000, U64_MAX, -EINVAL },
};

static void range_from_size(struct kt *t, const void *p)
{
	const struct from_size_row *row = p;
	struct kexec_range r = R(0xdead, 0xbeef);

	KT_EXPECT_EQ(t, kexec_range_from_size(row->start, row->size, &r), row->rc);
	KT_EXPECT_EQ(t, r.start, row->rc ? 0xdead : row->start);
	KT_EXPECT_EQ(t, r.end, row->rc ? 0xbeef : row->end);
}

/* ---------------- overlaps / contains / intersect ---------------- */

struct pair_row {
	const char *name;
	struct kexec_range a, b;
	bool overlaps;
	bool a_contains_b;
	struct kexec_range common;	/* intersection when overlaps */
};

static const struct pair_row pair_rows[] = {
	{ "disjoint ranges", R(0x1000, 0x2000), R(0x3000, 0x4000), false, false },
	{ "touching ranges do not overlap", R(0x1000, 0x2000), R(0x2000, 0x3000), false, false },
	{ "one shared byte overlaps", R(0x1000, 0x2001), R(0x2000, 0x3000), true, false,
	  R(0x2000, 0x2001) },
	{ "nested range overlaps and is contained", R(0x1000, 0x5000), R(0x2000, 0x3000),
	  true, true, R(0x2000, 0x3000) },
	{ "identical ranges contain each other", R(0x1000, 0x2000), R(0x1000, 0x2000),
	  true, true, R(0x1000, 0x2000) },
	{ "inner sharing the end is contained", R(0x1000, 0x5000), R(0x4000, 0x5000),
	  true, true, R(0x4000, 0x5000) },
	{ "inner one byte past the end is not contained", R(0x1000, 0x5000), R(0x4000, 0x5001),
	  true, false, R(0x4000, 0x5000) },
	{ "empty range inside overlaps nothing but is contained", R(0x1000, 0x5000),
	  R(0x2000, 0x2000), false, true },
	{ "empty range at the end is contained", R(0x1000, 0x5000), R(0x5000, 0x5000),
	  false, true },
	{ "empty range past the end is not contained", R(0x1000, 0x5000), R(0x5001, 0x5001),
	  false, false },
	{ "inverted range is neither overlapping nor contained", R(0x1000, 0x5000),
	  R(0x3000, 0x2000), false, false },
	{ "ranges at the TOP of the address space", R(TOP - 0x2000, TOP), R(TOP - 0x1000, TOP),
	  true, true, R(TOP - 0x1000, TOP) },
};

static void range_pair(struct kt *t, const void *p)
{
	const struct pair_row *row = p;
	struct kexec_range out = R(1, 1);

	KT_EXPECT_EQ(t, kexec_range_overlaps(&row->a, &row->b), row->overlaps);
	KT_EXPECT_EQ(t, kexec_range_overlaps(&row->b, &row->a), row->overlaps);
	KT_EXPECT_EQ(t, kexec_range_contains(&row->a, &row->b), row->a_contains_b);
	KT_EXPECT_EQ(t, kexec_range_intersect(&row->a, &row->b, &out), row->overlaps);
	KT_EXPECT_EQ(t, out.start, row->overlaps ? row->common.start : 1);
	KT_EXPECT_EQ(t, out.end, row->overlaps ? row->common.end : 1);
}

/* ---------------- subtract ---------------- */

struct subtract_row {
	const char *name;
	struct kexec_range a, b;
	unsigned int n;
	struct kexec_range out[2];
};

/*
 *   a:   |-----------------|
 *   b:         |-----|
 *   out: |-----|     |-----|     (middle cut: two pieces)
 */
static const struct subtract_row subtract_rows[] = {
	{ "cutting the middle leaves two pieces", R(0x1000, 0x9000), R(0x3000, 0x4000), 2,
	  { R(0x1000, 0x3000), R(0x4000, 0x9000) } },
	{ "cutting the head leaves the tail", R(0x1000, 0x9000), R(0x0, 0x4000), 1,
	  { R(0x4000, 0x9000) } },
	{ "cutting the tail leaves the head", R(0x1000, 0x9000), R(0x8000, 0xa000), 1,
	  { R(0x1000, 0x8000) } },
	{ "covering everything leaves nothing", R(0x1000, 0x9000), R(0x1000, 0x9000), 0 },
	{ "disjoint cut leaves the range whole", R(0x1000, 0x9000), R(0x9000, 0xa000), 1,
	  { R(0x1000, 0x9000) } },
	{ "empty cut leaves the range whole", R(0x1000, 0x9000), R(0x3000, 0x3000), 1,
	  { R(0x1000, 0x9000) } },
	{ "cutting from an empty range leaves nothing", R(0x3000, 0x3000), R(0x0, 0x9000), 0 },
	{ "cutting the middle at the TOP of the space", R(TOP - 0x3000, TOP),
	  R(TOP - 0x2000, TOP - 0x1000), 2,
	  { R(TOP - 0x3000, TOP - 0x2000), R(TOP - 0x1000, TOP) } },
};

static void range_subtract(struct kt *t, const void *p)
{
	const struct subtract_row *row = p;
	struct kexec_range out[2] = { R(0, 0), R(0, 0) };
	unsigned int i, n;

	n = kexec_range_subtract(&row->a, &row->b, out);
	KT_ASSERT_EQ(t, n, row->n);
	for (i = 0; i < n; i++) {
		KT_EXPECT_EQ(t, out[i].start, row->out[i].start);
		KT_EXPECT_EQ(t, out[i].end, row->out[i].end);
	}
}

/* ---------------- align ---------------- */

struct align_row {
	const char *name;
	u64 val, align;
	int up_rc;
	u64 up;
	int down_rc;
	u64 down;
};

static const struct align_row align_rows[] = {
	{ "aligned value stays put", 0x200000, 0x1000, 0, 0x200000, 0, 0x200000 },
	{ "unaligned value rounds both ways", 0x200001, 0x1000, 0, 0x201000, 0, 0x200000 },
	{ "alignment 1 changes nothing", 0x1235, 1, 0, 0x1235, 0, 0x1235 },
	{ "alignment 0 is rejected", 0x1000, 0, -EINVAL, 0, -EINVAL, 0 },
	{ "alignment 3 is rejected", 0x1000, 3, -EINVAL, 0, -EINVAL, 0 },
	{ "rounding up past U64_MAX overflows", TOP - 0xffe, 0x1000, -EOVERFLOW, 0,
	  0, TOP - 0xfff },
	{ "highest aligned value rounds up to itself", TOP - 0xfff, 0x1000, 0, TOP - 0xfff,
	  0, TOP - 0xfff },
	{ "alignment 2^63 above half overflows", (1ULL << 63) + 1, 1ULL << 63, -EOVERFLOW, 0,
	  0, 1ULL << 63 },
	{ "alignment above 4 GiB is honoured", 0x100000001ULL, 0x100000000ULL, 0,
	  0x200000000ULL, 0, 0x100000000ULL },
};

static void align_up_down(struct kt *t, const void *p)
{
	const struct align_row *row = p;
	u64 up = 0, down = 0;

	KT_EXPECT_EQ(t, kexec_align_up(row->val, row->align, &up), row->up_rc);
	KT_EXPECT_EQ(t, up, row->up);
	KT_EXPECT_EQ(t, kexec_align_down(row->val, row->align, &down), row->down_rc);
	KT_EXPECT_EQ(t, down, row->down);
}

/* ---------------- set add / remove / contains ---------------- */

struct set_row {
	const char *name;
	struct kexec_range in[MAX_RANGES];
	size_t nr_in;
	struct kexec_range op;		/* removed, or looked up */
	struct kexec_range want[MAX_RANGES];
	size_t nr_want;
	bool contains;
};

static const struct set_row add_rows[] = {
	{ "ranges added out of order come out sorted",
	  RANGES(in, R(0x5000, 0x6000), R(0x1000, 0x2000), R(0x3000, 0x4000)),
	  RANGES(want, R(0x1000, 0x2000), R(0x3000, 0x4000), R(0x5000, 0x6000)) },
	{ "touching ranges merge into one",
	  RANGES(in, R(0x2000, 0x3000), R(0x1000, 0x2000), R(0x3000, 0x4000)),
	  RANGES(want, R(0x1000, 0x4000)) },
	{ "overlapping ranges merge into one",
	  RANGES(in, R(0x1000, 0x3000), R(0x2000, 0x5000)),
	  RANGES(want, R(0x1000, 0x5000)) },
	{ "a range bridging three ranges merges them all",
	  RANGES(in, R(0x1000, 0x2000), R(0x3000, 0x4000), R(0x5000, 0x6000), R(0x8000, 0x9000),
		 R(0x1800, 0x5800)),
	  RANGES(want, R(0x1000, 0x6000), R(0x8000, 0x9000)) },
	{ "a range inside an existing one changes nothing",
	  RANGES(in, R(0x1000, 0x9000), R(0x2000, 0x3000)),
	  RANGES(want, R(0x1000, 0x9000)) },
	{ "an empty range changes nothing",
	  RANGES(in, R(0x1000, 0x2000), R(0x5000, 0x5000)),
	  RANGES(want, R(0x1000, 0x2000)) },
	{ "a range one byte apart stays separate",
	  RANGES(in, R(0x1000, 0x2000), R(0x2001, 0x3000)),
	  RANGES(want, R(0x1000, 0x2000), R(0x2001, 0x3000)) },
	{ "a range ending at U64_MAX is kept",
	  RANGES(in, R(TOP - 0x1000, TOP), R(0, 0x1000)),
	  RANGES(want, R(0, 0x1000), R(TOP - 0x1000, TOP)) },
};

/* Also run as an allocation-failure sweep: every row allocates. */
static int set_add_op(struct kt *t, const void *p)
{
	const struct set_row *row = p;
	struct kexec_range_set set;
	int ret;

	ret = set_build(&set, row->in, row->nr_in);
	if (!ret) {
		expect_set(t, &set, row->want, row->nr_want);
		KT_EXPECT_NO_LOG(t);
	}
	kexec_range_set_free(&set);
	return ret;
}

static void set_add(struct kt *t, const void *p)
{
	KT_EXPECT_EQ(t, set_add_op(t, p), 0);
}

static void set_add_rejects_inverted_range(struct kt *t, const void *p)
{
	struct kexec_range_set set = KEXEC_RANGE_SET_INIT;
	struct kexec_range r = R(0x3000, 0x2000);

	KT_EXPECT_EQ(t, kexec_range_set_add(&set, &r), -EINVAL);
	KT_EXPECT_LOGGED(t, "kexec: add", "0x3000", "0x2000");
	KT_EXPECT_EQ(t, set.nr, 0);
	kexec_range_set_free(&set);
}

static void set_remove_rejects_inverted_range(struct kt *t, const void *p)
{
	struct kexec_range in = R(0x1000, 0x9000);
	struct kexec_range r = R(0x3000, 0x2000);
	struct kexec_range_set set;

	KT_ASSERT_EQ(t, set_build(&set, &in, 1), 0);
	KT_EXPECT_EQ(t, kexec_range_set_remove(&set, &r), -EINVAL);
	KT_EXPECT_LOGGED(t, "kexec: remove", "0x3000", "0x2000");
	expect_set(t, &set, &in, 1);
	kexec_range_set_free(&set);
}

static const struct set_row remove_rows[] = {
	{ "removing from the middle splits a range",
	  RANGES(in, R(0x1000, 0x9000)), R(0x3000, 0x4000),
	  RANGES(want, R(0x1000, 0x3000), R(0x4000, 0x9000)) },
	{ "removing the head trims the start",
	  RANGES(in, R(0x1000, 0x9000)), R(0x0, 0x2000),
	  RANGES(want, R(0x2000, 0x9000)) },
	{ "removing the tail trims the end",
	  RANGES(in, R(0x1000, 0x9000)), R(0x8000, 0xa000),
	  RANGES(want, R(0x1000, 0x8000)) },
	{ "removing a span deletes covered ranges and trims both ends",
	  RANGES(in, R(0x1000, 0x2000), R(0x3000, 0x4000), R(0x5000, 0x6000), R(0x7000, 0x8000)),
	  R(0x1800, 0x7800),
	  RANGES(want, R(0x1000, 0x1800), R(0x7800, 0x8000)) },
	{ "removing an exact range deletes it",
	  RANGES(in, R(0x1000, 0x2000), R(0x3000, 0x4000), R(0x5000, 0x6000)), R(0x3000, 0x4000),
	  RANGES(want, R(0x1000, 0x2000), R(0x5000, 0x6000)) },
	{ "removing a gap between ranges changes nothing",
	  RANGES(in, R(0x1000, 0x2000), R(0x3000, 0x4000)), R(0x2000, 0x3000),
	  RANGES(want, R(0x1000, 0x2000), R(0x3000, 0x4000)) },
	{ "removing an empty range changes nothing",
	  RANGES(in, R(0x1000, 0x9000)), R(0x3000, 0x3000),
	  RANGES(want, R(0x1000, 0x9000)) },
	{ "removing from an empty set changes nothing",
	  RANGES(in), R(0x3000, 0x4000), RANGES(want) },
	{ "removing everything leaves an empty set",
	  RANGES(in, R(0x1000, 0x2000), R(0x3000, 0x4000)), R(0, TOP),
	  RANGES(want) },
	{ "removing up to U64_MAX trims a TOP range",
	  RANGES(in, R(0x1000, 0x2000), R(TOP - 0x2000, TOP)), R(TOP - 0x1000, TOP),
	  RANGES(want, R(0x1000, 0x2000), R(TOP - 0x2000, TOP - 0x1000)) },
};

static void set_remove(struct kt *t, const void *p)
{
	const struct set_row *row = p;
	struct kexec_range_set set;

	KT_ASSERT_EQ(t, set_build(&set, row->in, row->nr_in), 0);
	KT_EXPECT_EQ(t, kexec_range_set_remove(&set, &row->op), 0);
	expect_set(t, &set, row->want, row->nr_want);
	KT_EXPECT_NO_LOG(t);
	kexec_range_set_free(&set);
}

static const struct set_row contains_rows[] = {
	{ "range inside one set range is contained",
	  RANGES(in, R(0x1000, 0x4000), R(0x6000, 0x9000)), R(0x6000, 0x7000), .contains = true },
	{ "range spanning a gap is not contained",
	  RANGES(in, R(0x1000, 0x4000), R(0x6000, 0x9000)), R(0x3000, 0x7000), .contains = false },
	{ "range spanning two merged additions is contained",
	  RANGES(in, R(0x1000, 0x4000), R(0x4000, 0x9000)), R(0x3000, 0x7000), .contains = true },
	{ "range one byte past a set range is not contained",
	  RANGES(in, R(0x1000, 0x4000)), R(0x1000, 0x4001), .contains = false },
	{ "range in a gap is not contained",
	  RANGES(in, R(0x1000, 0x4000), R(0x6000, 0x9000)), R(0x4000, 0x5000), .contains = false },
	{ "nothing is contained in an empty set",
	  RANGES(in), R(0x1000, 0x2000), .contains = false },
	{ "inverted range is not contained",
	  RANGES(in, R(0x1000, 0x9000)), R(0x3000, 0x2000), .contains = false },
	{ "empty range at the end of a set range is contained",
	  RANGES(in, R(0x1000, 0x4000)), R(0x4000, 0x4000), .contains = true },
	{ "range ending at U64_MAX is contained",
	  RANGES(in, R(TOP - 0x2000, TOP)), R(TOP - 0x1000, TOP), .contains = true },
};

static void set_contains(struct kt *t, const void *p)
{
	const struct set_row *row = p;
	struct kexec_range_set set;

	KT_ASSERT_EQ(t, set_build(&set, row->in, row->nr_in), 0);
	KT_EXPECT_EQ(t, kexec_range_set_contains(&set, &row->op), row->contains);
	kexec_range_set_free(&set);
}

/* ---------------- kexec_find_hole ---------------- */

struct hole_row {
	const char *name;
	struct kexec_range in[MAX_RANGES];
	size_t nr_in;
	struct kexec_hole_req req;
	int rc;
	u64 addr;
	const char *log;	/* needle of the one expected log line, if any */
};

#define REQ(sz, al, lo, hi, down) \
	{ .size = (sz), .align = (al), .min = (lo), .max = (hi), .top_down = (down) }

/*
 * Free memory used by most rows:
 *
 *   0x1000     0x3000   0x10000            0x30000      0x100000      0x200000
 *   |----------|        |------------------|            |-------------|
 */
#define MAP RANGES(in, R(0x1000, 0x3000), R(0x10000, 0x30000), R(0x100000, 0x200000))

static const struct hole_row hole_rows[] = {
	{ "bottom-up takes the lowest aligned fit", MAP,
	  REQ(0x1000, 0x1000, 0, TOP, false), 0, 0x1000 },
	{ "top-down takes the highest aligned fit", MAP,
	  REQ(0x1000, 0x1000, 0, TOP, true), 0, 0x1ff000 },
	{ "bottom-up skips a range too small for the buffer", MAP,
	  REQ(0x3000, 0x1000, 0, TOP, false), 0, 0x10000 },
	{ "alignment pushes the buffer into a later range", MAP,
	  REQ(0x1000, 0x100000, 0, TOP, false), 0, 0x100000 },
	{ "min excludes lower memory", MAP,
	  REQ(0x1000, 0x1000, 0x11000, TOP, false), 0, 0x11000 },
	{ "min inside a range is rounded up to the alignment", MAP,
	  REQ(0x1000, 0x1000, 0x11001, TOP, false), 0, 0x12000 },
	{ "max is inclusive: the buffer may end on it", MAP,
	  REQ(0x2000, 0x1000, 0, 0x2fff, true), 0, 0x1000 },
	{ "max one byte short of the needed end does not fit", MAP,
	  REQ(0x2000, 0x1000, 0, 0x2ffe, true), -EADDRNOTAVAIL },
	{ "top-down stays below max", MAP,
	  REQ(0x1000, 0x1000, 0, 0x2ffff, true), 0, 0x2f000 },
	{ "top-down with a max one byte short moves down a page", MAP,
	  REQ(0x1000, 0x1000, 0, 0x2fffe, true), 0, 0x2e000 },
	{ "buffer larger than any range does not fit", MAP,
	  REQ(0x100001, 1, 0, TOP, false), -EADDRNOTAVAIL },
	{ "window between ranges does not fit", MAP,
	  REQ(0x1000, 0x1000, 0x30000, 0xfffff, true), -EADDRNOTAVAIL },
	{ "empty set does not fit", RANGES(in),
	  REQ(0x1000, 0x1000, 0, TOP, false), -EADDRNOTAVAIL },
	{ "size U64_MAX does not fit and does not wrap", MAP,
	  REQ(TOP, 1, 0, TOP, true), -EADDRNOTAVAIL },
	{ "size 0 is rejected", MAP,
	  REQ(0, 0x1000, 0, TOP, false), -EINVAL, 0, "0 bytes" },
	{ "alignment 0 is rejected", MAP,
	  REQ(0x1000, 0, 0, TOP, false), -EINVAL, 0, "alignment 0x0" },
	{ "alignment 0x3000 is rejected", MAP,
	  REQ(0x1000, 0x3000, 0, TOP, false), -EINVAL, 0, "alignment 0x3000" },
	{ "min above max is rejected", MAP,
	  REQ(0x1000, 0x1000, 0x5000, 0x4fff, false), -EINVAL, 0, "[0x5000, 0x4fff]" },
	{ "bottom-up fits a range ending at U64_MAX",
	  RANGES(in, R(TOP - 0x2fff, TOP)), REQ(0x1000, 0x1000, 0, TOP, false), 0, TOP - 0x2fff },
	{ "top-down fits a range ending at U64_MAX",
	  RANGES(in, R(TOP - 0x2fff, TOP)), REQ(0x1000, 0x1000, 0, TOP, true), 0, TOP - 0x1fff },
	{ "alignment near U64_MAX does not wrap to address 0",
	  RANGES(in, R(TOP - 0x10, TOP)), REQ(0x8, 0x1000, 0, TOP, false), -EADDRNOTAVAIL },
	{ "top-down alignment near U64_MAX does not wrap to address 0",
	  RANGES(in, R(TOP - 0x10, TOP)), REQ(0x8, 0x1000, 0, TOP, true), -EADDRNOTAVAIL },
	{ "top-down skips a range whose aligned fit falls below its start",
	  RANGES(in, R(0x1000, 0x3000), R(0x10800, 0x11400)), REQ(0x800, 0x1000, 0, TOP, true),
	  0, 0x2000 },
	{ "unaligned request takes the byte-exact end", MAP,
	  REQ(0x123, 1, 0, TOP, true), 0, 0x200000 - 0x123 },
};

static void find_hole(struct kt *t, const void *p)
{
	const struct hole_row *row = p;
	struct kexec_range_set set;
	u64 addr = 0x5a5a;

	KT_ASSERT_EQ(t, set_build(&set, row->in, row->nr_in), 0);
	KT_EXPECT_EQ(t, kexec_find_hole(&set, &row->req, &addr), row->rc);
	KT_EXPECT_EQ(t, addr, row->rc ? 0x5a5a : row->addr);
	if (row->log)
		KT_EXPECT_LOGGED(t, row->log);
	else
		KT_EXPECT_NO_LOG(t);
	kexec_range_set_free(&set);
}

/* ---------------- kexec_ranges_minus ---------------- */

struct minus_row {
	const char *name;
	struct kexec_range usable[MAX_RANGES];
	size_t nr_usable;
	struct kexec_range taken[MAX_RANGES];
	size_t nr_taken;
	struct kexec_range want[MAX_RANGES];
	size_t nr_want;
};

/*
 * Where the next kexec_file segment may go: RAM minus the segments placed
 * so far.
 *
 *   RAM     [0x1000 ............................ 0x100000)
 *   placed        [0x8000, 0xa000)   [0x40000, 0x80000)
 *   free    [0x1000, 0x8000) [0xa000, 0x40000) [0x80000, 0x100000)
 */
static const struct minus_row minus_rows[] = {
	{ "placed segments split the RAM they sit in",
	  RANGES(usable, R(0x1000, 0x100000)),
	  RANGES(taken, R(0x8000, 0xa000), R(0x40000, 0x80000)),
	  RANGES(want, R(0x1000, 0x8000), R(0xa000, 0x40000), R(0x80000, 0x100000)) },
	{ "nothing placed leaves all RAM free",
	  RANGES(usable, R(0x1000, 0x9f000), R(0x100000, 0x200000)), RANGES(taken),
	  RANGES(want, R(0x1000, 0x9f000), R(0x100000, 0x200000)) },
	{ "usable ranges given out of order and overlapping come out merged",
	  RANGES(usable, R(0x100000, 0x200000), R(0x1000, 0x3000), R(0x180000, 0x280000)),
	  RANGES(taken),
	  RANGES(want, R(0x1000, 0x3000), R(0x100000, 0x280000)) },
	{ "a segment at the start of a range trims it",
	  RANGES(usable, R(0x100000, 0x200000)), RANGES(taken, R(0x100000, 0x110000)),
	  RANGES(want, R(0x110000, 0x200000)) },
	{ "a segment at the end of a range trims it",
	  RANGES(usable, R(0x100000, 0x200000)), RANGES(taken, R(0x1f0000, 0x200000)),
	  RANGES(want, R(0x100000, 0x1f0000)) },
	{ "a segment covering a whole range drops it",
	  RANGES(usable, R(0x1000, 0x3000), R(0x100000, 0x200000)),
	  RANGES(taken, R(0x1000, 0x3000)),
	  RANGES(want, R(0x100000, 0x200000)) },
	{ "a segment spanning a gap trims the ranges on both sides",
	  RANGES(usable, R(0x1000, 0x9f000), R(0x100000, 0x200000)),
	  RANGES(taken, R(0x90000, 0x110000)),
	  RANGES(want, R(0x1000, 0x90000), R(0x110000, 0x200000)) },
	{ "a segment outside usable memory changes nothing",
	  RANGES(usable, R(0x100000, 0x200000)), RANGES(taken, R(0x300000, 0x400000)),
	  RANGES(want, R(0x100000, 0x200000)) },
	{ "empty usable and taken ranges are ignored",
	  RANGES(usable, R(0x100000, 0x200000), R(0x5000, 0x5000)),
	  RANGES(taken, R(0x150000, 0x150000)),
	  RANGES(want, R(0x100000, 0x200000)) },
	/*
	 * A crash image's control pages: the crashkernel region above
	 * image->control_page, minus the segments loaded there.
	 */
	{ "crash region above the control pages minus its segments",
	  RANGES(usable, R(0x20003000, 0x30000000)),
	  RANGES(taken, R(0x20000000, 0x20800000), R(0x21000000, 0x21100000)),
	  RANGES(want, R(0x20800000, 0x21000000), R(0x21100000, 0x30000000)) },
	{ "everything taken leaves nothing", RANGES(usable, R(0x1000, 0x9f000)),
	  RANGES(taken, R(0, TOP)), RANGES(want) },
};

/* On failure @out must be empty and hold no memory. */
static void expect_freed(struct kt *t, const struct kexec_range_set *out)
{
	KT_EXPECT_EQ(t, out->nr, 0);
	KT_EXPECT_EQ(t, out->cap, 0);
	KT_EXPECT_TRUE(t, !out->ranges);
}

/* Also run as an allocation-failure sweep: every row allocates. */
static int ranges_minus_op(struct kt *t, const void *p)
{
	const struct minus_row *row = p;
	struct kexec_range_set out = { .nr = 99 };
	int ret;

	ret = kexec_ranges_minus(row->usable, row->nr_usable, row->taken, row->nr_taken, &out);
	if (ret) {
		expect_freed(t, &out);
	} else {
		expect_set(t, &out, row->want, row->nr_want);
		KT_EXPECT_NO_LOG(t);
	}
	kexec_range_set_free(&out);
	return ret;
}

static void ranges_minus(struct kt *t, const void *p)
{
	KT_EXPECT_EQ(t, ranges_minus_op(t, p), 0);
}

static void ranges_minus_of_no_usable_memory_is_empty(struct kt *t, const void *p)
{
	static const struct kexec_range taken[] = { R(0x1000, 0x2000) };
	struct kexec_range_set out = { .nr = 99 };

	KT_EXPECT_EQ(t, kexec_ranges_minus(NULL, 0, taken, ARRAY_SIZE(taken), &out), 0);
	KT_EXPECT_EQ(t, out.nr, 0);
	KT_EXPECT_NO_LOG(t);
	kexec_range_set_free(&out);
}

static void ranges_minus_rejects_inverted_usable_range(struct kt *t, const void *p)
{
	static const struct kexec_range usable[] = { R(0x1000, 0x9f000), R(0x300000, 0x200000) };
	struct kexec_range_set out;

	KT_EXPECT_EQ(t, kexec_ranges_minus(usable, ARRAY_SIZE(usable), NULL, 0, &out), -EINVAL);
	KT_EXPECT_LOGGED(t, "kexec: add", "0x300000", "0x200000");
	expect_freed(t, &out);
}

static void ranges_minus_rejects_inverted_taken_range(struct kt *t, const void *p)
{
	static const struct kexec_range usable[] = { R(0x1000, 0x9f000) };
	static const struct kexec_range taken[] = { R(0x2000, 0x3000), R(0x8000, 0x4000) };
	struct kexec_range_set out;

	KT_EXPECT_EQ(t, kexec_ranges_minus(usable, 1, taken, ARRAY_SIZE(taken), &out), -EINVAL);
	KT_EXPECT_LOGGED(t, "kexec: remove", "0x8000", "0x4000");
	expect_freed(t, &out);
}

/* ---------------- kexec_ranges_overlap ---------------- */

struct overlap_row {
	const char *name;
	struct kexec_range in[MAX_RANGES];
	size_t nr_in;
	struct kexec_range r;
	bool overlaps;
};

/*
 * Destinations of two segments, as kimage_is_destination_range() asks:
 *
 *   0x100000    0x103000        0x200000    0x201000
 *   |-----------|               |-----------|
 */
#define DESTS RANGES(in, R(0x200000, 0x201000), R(0x100000, 0x103000))

static const struct overlap_row overlap_rows[] = {
	{ "page ending right before a destination is free", DESTS,
	  R(0xff000, 0x100000), false },
	{ "range ending one byte into a destination overlaps", DESTS,
	  R(0xff000, 0x100001), true },
	{ "page inside a destination overlaps", DESTS, R(0x101000, 0x102000), true },
	{ "range starting on a destination's last byte overlaps", DESTS,
	  R(0x102fff, 0x104000), true },
	{ "page starting right after a destination is free", DESTS,
	  R(0x103000, 0x104000), false },
	{ "page between two destinations is free", DESTS, R(0x150000, 0x151000), false },
	{ "page in the destination listed first overlaps", DESTS,
	  R(0x200000, 0x201000), true },
	{ "range covering every destination overlaps", DESTS, R(0, 0x400000), true },
	{ "an empty range overlaps nothing", DESTS, R(0x101000, 0x101000), false },
	{ "an empty destination is overlapped by nothing",
	  RANGES(in, R(0x100000, 0x100000)), R(0xff000, 0x101000), false },
	{ "no destinations: nothing overlaps", RANGES(in), R(0, TOP), false },
};

static void ranges_overlap(struct kt *t, const void *p)
{
	const struct overlap_row *row = p;

	KT_EXPECT_EQ(t, kexec_ranges_overlap(row->in, row->nr_in, &row->r), row->overlaps);
}

/* ---------------- large sets ---------------- */

#define BIG 4096

/* Ranges [i * 0x10000, i * 0x10000 + 0x8000) for i < BIG, added high to low. */
static void big_set_merges_and_splits_in_order(struct kt *t, const void *p)
{
	struct kexec_range_set set = KEXEC_RANGE_SET_INIT;
	struct kexec_range r;
	size_t i;
	u64 addr;

	for (i = BIG; i-- > 0;) {
		r = (struct kexec_range)R(i * 0x10000, i * 0x10000 + 0x8000);
		KT_ASSERT_EQ(t, kexec_range_set_add(&set, &r), 0);
	}
	KT_ASSERT_EQ(t, set.nr, BIG);
	for (i = 0; i < BIG; i++)
		if (!KT_EXPECT_EQ(t, set.ranges[i].start, i * 0x10000))
			break;
	/* Filling every other gap merges pairs. */
	for (i = 0; i < BIG; i += 2) {
		r = (struct kexec_range)R(i * 0x10000 + 0x8000, (i + 1) * 0x10000);
		KT_ASSERT_EQ(t, kexec_range_set_add(&set, &r), 0);
	}
	KT_EXPECT_EQ(t, set.nr, BIG / 2);
	KT_EXPECT_EQ(t, set.ranges[BIG / 2 - 1].end, (u64)(BIG - 1) * 0x10000 + 0x8000);
	KT_EXPECT_EQ(t, kexec_find_hole(&set, &(struct kexec_hole_req)
					REQ(0x18000, 0x1000, 0, TOP, true), &addr), 0);
	KT_EXPECT_EQ(t, addr, (u64)(BIG - 2) * 0x10000);
	kexec_range_set_free(&set);
}

/* Checks add, remove, contains and find_hole against a byte map of 256 bytes. */
static void random_ops_agree_with_a_byte_map(struct kt *t, const void *p)
{
	struct kexec_range_set set = KEXEC_RANGE_SET_INIT;
	bool map[256] = { false };
	unsigned int seed = 12345, step, b;

	for (step = 0; step < 4000 && !t->failures; step++) {
		unsigned int s = rand_r(&seed) % 256, len = rand_r(&seed) % 40;
		unsigned int e = min(s + len, 256u), op = rand_r(&seed) % 4;
		struct kexec_range r = R(s, e);
		bool want = true;
		u64 addr = 0;

		if (op <= 1) {
			KT_ASSERT_EQ(t, op ? kexec_range_set_remove(&set, &r) :
					     kexec_range_set_add(&set, &r), 0);
			for (b = s; b < e; b++)
				map[b] = !op;
		} else if (op == 2) {
			for (b = s; b < e; b++)
				want = want && map[b];
			if (s == e)	/* position check: inside or at the end of a run */
				want = (s < 256 && map[s]) || (s > 0 && map[s - 1]);
			KT_EXPECT_EQ(t, kexec_range_set_contains(&set, &r), want);
		} else if (len) {
			/* Lowest fit of len bytes: first run of len set bytes. */
			unsigned int run = 0, first = 256;

			for (b = 0; b < 256 && first == 256; b++) {
				run = map[b] ? run + 1 : 0;
				if (run == len)
					first = b + 1 - len;
			}
			KT_EXPECT_EQ(t, kexec_find_hole(&set, &(struct kexec_hole_req)
							REQ(len, 1, 0, TOP, false), &addr),
				     first < 256 ? 0 : -EADDRNOTAVAIL);
			if (first < 256)
				KT_EXPECT_EQ(t, addr, first);
		}
	}
	kexec_range_set_free(&set);
}

/* ---------------- allocation failures ---------------- */

/*
 * Builds a 100-range set, then splits each range (each split needs room for
 * one more range). A failed add or split must leave the set as it was.
 */
static int set_growth_fails_cleanly(struct kt *t, const void *p)
{
	struct kexec_range_set set = KEXEC_RANGE_SET_INIT;
	struct kexec_range r, before[200];
	size_t i, nr = 0;
	int ret = 0;

	for (i = 0; i < 200 && !ret; i++) {
		r = (struct kexec_range)R(i * 0x10000, i * 0x10000 + 0x8000);
		if (i >= 100)	/* split range i - 100 */
			r = (struct kexec_range)R((i - 100) * 0x10000 + 0x1000,
						  (i - 100) * 0x10000 + 0x2000);
		nr = set.nr;
		if (nr)
			memcpy(before, set.ranges, nr * sizeof(before[0]));
		ret = i < 100 ? kexec_range_set_add(&set, &r) : kexec_range_set_remove(&set, &r);
	}
	if (ret)
		expect_set(t, &set, before, nr);
	else
		KT_EXPECT_EQ(t, set.nr, 200);
	kexec_range_set_free(&set);
	return ret;
}

static const struct kt_case cases[] = {
	KT_TABLE(range_from_size, from_size_rows),
	KT_TABLE(range_pair, pair_rows),
	KT_TABLE(range_subtract, subtract_rows),
	KT_TABLE(align_up_down, align_rows),
	KT_TABLE(set_add, add_rows),
	KT_SWEEP_TABLE(set_add_op, add_rows),
	KT_CASE(set_add_rejects_inverted_range),
	KT_CASE(set_remove_rejects_inverted_range),
	KT_TABLE(set_remove, remove_rows),
	KT_TABLE(set_contains, contains_rows),
	KT_TABLE(find_hole, hole_rows),
	KT_TABLE(ranges_minus, minus_rows),
	KT_SWEEP_TABLE(ranges_minus_op, minus_rows),
	KT_CASE(ranges_minus_of_no_usable_memory_is_empty),
	KT_CASE(ranges_minus_rejects_inverted_usable_range),
	KT_CASE(ranges_minus_rejects_inverted_taken_range),
	KT_TABLE(ranges_overlap, overlap_rows),
	KT_CASE(big_set_merges_and_splits_in_order),
	KT_CASE(random_ops_agree_with_a_byte_map),
	KT_SWEEP(set_growth_fails_cleanly),
};

KT_MAIN(cases)
