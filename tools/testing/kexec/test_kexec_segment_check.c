// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_segment_check.c: every rejection has its own
 * errno (the kexec_load ABI's) and exactly one log line naming the segment
 * and the values at fault.
 */
#include "seams/kexec_pure.h"
#include "../../../kernel/kexec_ranges.c"
#include "../../../kernel/kexec_segment_check.c"

#include "harness/kt.h"

#define KiB		0x400ULL
#define MiB		0x100000ULL
#define GiB		0x40000000ULL
#define PAGE		0x1000ULL
#define TOP		U64_MAX
#define MAX_SEGS	20

#define R(s, e)		{ .start = (s), .end = (e) }
/* buf is carried but never read: give it a recognisable junk value. */
#define SEG(m, msz, bsz) { .buf = 0xdeadbeef, .bufsz = (bsz), .mem = (m), .memsz = (msz) }
#define SEGS(...)								\
	.segs = { __VA_ARGS__ },						\
	.nr = sizeof((struct kexec_segment_desc[]){ __VA_ARGS__ }) /		\
	      sizeof(struct kexec_segment_desc)

/*
 * Usable memory of most rows:
 *
 *   1 MiB               1 GiB         4 GiB              5 GiB
 *   |-------------------|             |------------------|
 *
 * and of the crash rows, the crashkernel region only:
 *
 *             512 MiB        768 MiB
 *             |--------------|
 */
static const struct kexec_range system_ram[] = {
	R(MiB, GiB), R(4 * GiB, 5 * GiB),
};

static const struct kexec_range crash_ram[] = {
	R(512 * MiB, 768 * MiB),
};

static const struct kexec_segment_limits limits_4k = {
	.max_segments = 16, .page_size = PAGE, .max_total_memsz = 256 * MiB,
};

static const struct kexec_segment_limits limits_64k = {
	.max_segments = 16, .page_size = 64 * KiB, .max_total_memsz = 256 * MiB,
};

struct seg_row {
	const char *name;
	struct kexec_segment_desc segs[MAX_SEGS];
	size_t nr;
	unsigned int fill;	/* instead of segs: this many one-page segments */
	bool crash;		/* land in crash_ram instead of system_ram */
	const struct kexec_segment_limits *lim;	/* NULL: limits_4k */
	int rc;
	const char *log[5];	/* needles of the one expected log line */
};

static const struct seg_row seg_rows[] = {
	/* accepted */
	{ "kernel, initrd and purgatory segments are accepted",
	  SEGS(SEG(16 * MiB, 8 * MiB, 7 * MiB + 3), SEG(64 * MiB, 32 * MiB, 32 * MiB),
	       SEG(4 * GiB, PAGE, 0x234)) },
	{ "segments listed in descending order are accepted",
	  SEGS(SEG(4 * GiB, PAGE, PAGE), SEG(64 * MiB, PAGE, 0), SEG(16 * MiB, PAGE, 1)) },
	{ "segments touching end to start are accepted",
	  SEGS(SEG(16 * MiB, 2 * PAGE, 0), SEG(16 * MiB + 2 * PAGE, PAGE, 0)) },
	{ "sixteen segments are accepted", .fill = 16 },
	{ "a zero-size segment inside memory is accepted",
	  SEGS(SEG(16 * MiB, 0, 0)) },
	{ "a segment ending at the end of a memory range is accepted",
	  SEGS(SEG(GiB - PAGE, PAGE, PAGE)) },
	{ "a total memsz equal to the limit is accepted",
	  SEGS(SEG(16 * MiB, 128 * MiB, 0), SEG(256 * MiB, 128 * MiB, 0)) },
	{ "a crash load inside the crashkernel region is accepted", .crash = true,
	  SEGS(SEG(512 * MiB, 16 * MiB, 9 * MiB), SEG(768 * MiB - PAGE, PAGE, 0x100)) },
	{ "64 KiB-aligned segments are accepted with 64 KiB pages", .lim = &limits_64k,
	  SEGS(SEG(16 * MiB, 128 * KiB, 100 * KiB)) },

	/* the count */
	{ "an empty list is -EINVAL", .nr = 0, .rc = -EINVAL, .log = { "no segments" } },
	{ "seventeen segments are -EINVAL", .fill = 17, .rc = -EINVAL,
	  .log = { "17 segments", "at most 16" } },

	/* destinations */
	{ "a mem off a page boundary is -EADDRNOTAVAIL",
	  SEGS(SEG(16 * MiB, PAGE, 0), SEG(32 * MiB + 0x800, PAGE, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 1:", "mem 0x2000800", "page size 0x1000" } },
	{ "a memsz not a page multiple is -EADDRNOTAVAIL",
	  SEGS(SEG(16 * MiB, PAGE + 1, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 0:", "memsz 0x1001" } },
	{ "4 KiB alignment is not enough with 64 KiB pages", .lim = &limits_64k,
	  SEGS(SEG(16 * MiB + PAGE, 64 * KiB, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 0:", "mem 0x1001000", "page size 0x10000" } },
	{ "mem + memsz wrapping past 2^64 is -EADDRNOTAVAIL",
	  SEGS(SEG(16 * MiB, PAGE, 0), SEG(TOP - 0xfff, 2 * PAGE, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 1:", "mem 0xfffffffffffff000", "memsz 0x2000", "wraps" } },
	{ "a destination ending exactly at 2^64 is -EADDRNOTAVAIL",
	  SEGS(SEG(TOP - 0xfff, PAGE, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 0:", "mem 0xfffffffffffff000", "memsz 0x1000" } },
	{ "a destination below usable memory is -EADDRNOTAVAIL",
	  SEGS(SEG(0, PAGE, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 0:", "[0x0, 0x1000)", "not inside" } },
	{ "a destination in the hole between RAM ranges is -EADDRNOTAVAIL",
	  SEGS(SEG(16 * MiB, PAGE, 0), SEG(2 * GiB, PAGE, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 1:", "[0x80000000, 0x80001000)" } },
	{ "a destination straddling a RAM range's end is -EADDRNOTAVAIL",
	  SEGS(SEG(GiB - PAGE, 2 * PAGE, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 0:", "[0x3ffff000, 0x40001000)" } },
	{ "a crash load outside the crashkernel region is -EADDRNOTAVAIL", .crash = true,
	  SEGS(SEG(512 * MiB, PAGE, 0), SEG(768 * MiB, PAGE, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 1:", "[0x30000000, 0x30001000)" } },
	{ "a crash load crossing the crashkernel start is -EADDRNOTAVAIL", .crash = true,
	  SEGS(SEG(512 * MiB - PAGE, 2 * PAGE, 0)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 0:", "[0x1ffff000, 0x20001000)" } },

	/* sizes */
	{ "bufsz above memsz is -EINVAL",
	  SEGS(SEG(16 * MiB, PAGE, PAGE), SEG(32 * MiB, PAGE, PAGE + 1)), .rc = -EINVAL,
	  .log = { "segment 1:", "bufsz 0x1001", "memsz 0x1000" } },
	{ "bufsz with memsz 0 is -EINVAL",
	  SEGS(SEG(16 * MiB, 0, 1)), .rc = -EINVAL,
	  .log = { "segment 0:", "bufsz 0x1", "memsz 0x0" } },
	{ "a total memsz one page over the limit is -EINVAL",
	  SEGS(SEG(16 * MiB, 128 * MiB, 0), SEG(256 * MiB, 128 * MiB + PAGE, 0)), .rc = -EINVAL,
	  .log = { "segment 1:", "memsz 0x8001000", "limit 0x10000000" } },
	{ "one segment larger than the limit is -EINVAL",
	  SEGS(SEG(4 * GiB, 512 * MiB, 0)), .rc = -EINVAL,
	  .log = { "segment 0:", "memsz 0x20000000" } },

	/* overlaps */
	{ "identical segments overlap: -EINVAL",
	  SEGS(SEG(16 * MiB, PAGE, 0), SEG(16 * MiB, PAGE, 0)), .rc = -EINVAL,
	  .log = { "segment 0 [0x1000000, 0x1001000) overlaps segment 1" } },
	{ "an overlap between non-adjacent, unsorted segments is -EINVAL",
	  SEGS(SEG(64 * MiB, 4 * PAGE, 0), SEG(16 * MiB, PAGE, 0),
	       SEG(64 * MiB + 3 * PAGE, PAGE, 0)),
	  .rc = -EINVAL,
	  .log = { "segment 0 [0x4000000, 0x4004000) overlaps segment 2 [0x4003000, 0x4004000)" } },
	{ "a segment nested in another overlaps: -EINVAL",
	  SEGS(SEG(16 * MiB, PAGE, 0), SEG(64 * MiB + PAGE, PAGE, 0), SEG(64 * MiB, 8 * PAGE, 0)),
	  .rc = -EINVAL, .log = { "segment 1", "overlaps segment 2" } },

	/* several faults: the first one in check order is the one reported */
	{ "with several faults only the first segment's is reported",
	  SEGS(SEG(16 * MiB + 1, PAGE, 0), SEG(32 * MiB, PAGE, 2 * PAGE)), .rc = -EADDRNOTAVAIL,
	  .log = { "segment 0:", "mem 0x1000001" } },
};

static void ram_build(struct kt *t, struct kexec_range_set *set, bool crash)
{
	const struct kexec_range *r = crash ? crash_ram : system_ram;
	size_t i, nr = crash ? ARRAY_SIZE(crash_ram) : ARRAY_SIZE(system_ram);

	kexec_range_set_init(set);
	for (i = 0; i < nr; i++)
		KT_ASSERT_EQ(t, kexec_range_set_add(set, &r[i]), 0);
	kt_log_reset();
}

static void segments_check(struct kt *t, const void *p)
{
	const struct seg_row *row = p;
	struct kexec_segment_desc segs[MAX_SEGS];
	struct kexec_range_set ram;
	size_t i, nr = row->nr;

	memcpy(segs, row->segs, sizeof(segs));
	if (row->fill) {
		nr = row->fill;
		for (i = 0; i < nr; i++)
			segs[i] = (struct kexec_segment_desc)SEG(16 * MiB + i * PAGE, PAGE, PAGE);
	}
	ram_build(t, &ram, row->crash);
	KT_EXPECT_EQ(t, kexec_segments_check(segs, nr, &ram, row->lim ? row->lim : &limits_4k),
		     row->rc);
	if (row->rc)
		kt_check_logged(t, __FILE__, __LINE__, row->log);
	else
		KT_EXPECT_NO_LOG(t);
	kexec_range_set_free(&ram);
}

/* Memory reported as two touching ranges is one range once merged. */
static void touching_ram_ranges_hold_a_straddling_segment(struct kt *t, const void *p)
{
	const struct kexec_range parts[] = { R(MiB, 64 * MiB), R(64 * MiB, 128 * MiB) };
	const struct kexec_segment_desc seg = SEG(64 * MiB - PAGE, 2 * PAGE, 0);
	struct kexec_range_set ram = KEXEC_RANGE_SET_INIT;

	KT_ASSERT_EQ(t, kexec_range_set_add(&ram, &parts[0]), 0);
	KT_ASSERT_EQ(t, kexec_range_set_add(&ram, &parts[1]), 0);
	KT_EXPECT_EQ(t, kexec_segments_check(&seg, 1, &ram, &limits_4k), 0);
	KT_EXPECT_NO_LOG(t);
	kexec_range_set_free(&ram);
}

struct bad_limits_row {
	const char *name;
	struct kexec_segment_limits lim;
};

static const struct bad_limits_row bad_limits_rows[] = {
	{ "page size 0", { .max_segments = 16, .page_size = 0, .max_total_memsz = GiB } },
	{ "page size 0x3000", { .max_segments = 16, .page_size = 0x3000, .max_total_memsz = GiB } },
	{ "max_segments 0", { .max_segments = 0, .page_size = PAGE, .max_total_memsz = GiB } },
};

/* Limits come from the kernel, not from user space: a bad one is a kernel bug. */
static void malformed_limits_warn_and_fail(struct kt *t, const void *p)
{
	const struct bad_limits_row *row = p;
	const struct kexec_segment_desc seg = SEG(16 * MiB, PAGE, 0);
	struct kexec_range_set ram;

	ram_build(t, &ram, false);
	KT_EXPECT_EQ(t, kexec_segments_check(&seg, 1, &ram, &row->lim), -EINVAL);
	KT_EXPECT_EQ(t, kt_warn_count, 1);
	kt_warn_count = 0;
	kexec_range_set_free(&ram);
}

static const struct kt_case cases[] = {
	KT_TABLE(segments_check, seg_rows),
	KT_CASE(touching_ram_ranges_hold_a_straddling_segment),
	KT_TABLE(malformed_limits_warn_and_fail, bad_limits_rows),
};

KT_MAIN(cases)
