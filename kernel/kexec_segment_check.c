// SPDX-License-Identifier: GPL-2.0
/*
 * Checks on a kexec_load(2) segment list.
 *
 * The errno values are user-space ABI and keep their historical meaning:
 * -EADDRNOTAVAIL for a destination that is misaligned, wraps, or lies
 * outside the memory a load may use; -EINVAL for anything else wrong with the
 * list (no segments, too many, bufsz above memsz, overlaps, too much memory
 * in total). Each rejection logs exactly one line naming the segment and the
 * values at fault.
 *
 * Checks run in this order, so a list with several faults reports the first:
 * the count; then per segment, in index order, mem alignment, memsz
 * alignment, mem + memsz wrapping, bufsz against memsz, the destination lying
 * inside one allowed range, and the running memsz total; finally overlaps
 * between any two segments.
 */

#define pr_fmt(fmt) "kexec: " fmt

#include <linux/kexec_segment_check.h>

#include "kexec_pure.h"

static bool limits_sane(const struct kexec_segment_limits *lim)
{
	return lim->max_segments && is_power_of_2(lim->page_size);
}

static int check_count(size_t nr, const struct kexec_segment_limits *lim)
{
	if (!nr) {
		pr_err("no segments to load\n");
		return -EINVAL;
	}
	if (nr > lim->max_segments) {
		pr_err("%zu segments given, at most %u allowed\n", nr, lim->max_segments);
		return -EINVAL;
	}
	return 0;
}

/* Alignment and wrap-around of one destination; fills @dst on success. */
static int check_dest(const struct kexec_segment_desc *s, size_t i, u64 page_size,
		      struct kexec_range *dst)
{
	if (s->mem & (page_size - 1)) {
		pr_err("segment %zu: mem 0x%llx is not aligned to the page size 0x%llx\n",
		       i, s->mem, page_size);
		return -EADDRNOTAVAIL;
	}
	if (s->memsz & (page_size - 1)) {
		pr_err("segment %zu: memsz 0x%llx is not a multiple of the page size 0x%llx\n",
		       i, s->memsz, page_size);
		return -EADDRNOTAVAIL;
	}
	if (kexec_range_from_size(s->mem, s->memsz, dst)) {
		pr_err("segment %zu: mem 0x%llx + memsz 0x%llx wraps past the top of memory\n",
		       i, s->mem, s->memsz);
		return -EADDRNOTAVAIL;
	}
	return 0;
}

static int check_segment(const struct kexec_segment_desc *s, size_t i,
			 const struct kexec_range_set *ram,
			 const struct kexec_segment_limits *lim, u64 *total)
{
	struct kexec_range dst;
	int ret;

	ret = check_dest(s, i, lim->page_size, &dst);
	if (ret)
		return ret;
	if (s->bufsz > s->memsz) {
		pr_err("segment %zu: bufsz 0x%llx exceeds memsz 0x%llx\n", i, s->bufsz, s->memsz);
		return -EINVAL;
	}
	if (!kexec_range_set_contains(ram, &dst)) {
		pr_err("segment %zu: [0x%llx, 0x%llx) is not inside one range of usable memory\n",
		       i, dst.start, dst.end);
		return -EADDRNOTAVAIL;
	}
	if (check_add_overflow(*total, s->memsz, total) || *total > lim->max_total_memsz) {
		pr_err("segment %zu: memsz 0x%llx takes the total over the limit 0x%llx\n",
		       i, s->memsz, lim->max_total_memsz);
		return -EINVAL;
	}
	return 0;
}

/* Only for segments that passed check_dest(), so the end cannot wrap. */
static struct kexec_range seg_dest(const struct kexec_segment_desc *s)
{
	return (struct kexec_range){ .start = s->mem, .end = s->mem + s->memsz };
}

/* O(nr^2) pairwise: nr is at most lim->max_segments (16 for kexec_load). */
static int check_overlaps(const struct kexec_segment_desc *segs, size_t nr)
{
	struct kexec_range a, b;
	size_t i, j;

	for (i = 0; i < nr; i++) {
		a = seg_dest(&segs[i]);
		for (j = i + 1; j < nr; j++) {
			b = seg_dest(&segs[j]);
			if (!kexec_range_overlaps(&a, &b))
				continue;
			pr_err("segment %zu [0x%llx, 0x%llx) overlaps segment %zu [0x%llx, 0x%llx)\n",
			       i, a.start, a.end, j, b.start, b.end);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * kexec_segments_check() - validate a kexec_load() segment list
 * @segs: the segments, copied from user space
 * @nr: how many
 * @ram: where segments may land: System RAM for a normal load, the
 *	crashkernel region for a crash load; each segment must lie inside one
 *	range of it
 * @lim: limits of the running kernel
 *
 * The caller handles nr == 0 as "unload" before calling, as kexec_load()
 * defines it; here an empty list is an error.
 *
 * Return: 0 when the list may be loaded; -EINVAL for no segments, more than
 * @lim->max_segments, bufsz above memsz, a total memsz above
 * @lim->max_total_memsz or two overlapping segments; -EADDRNOTAVAIL for a mem
 * or memsz that is not page aligned, a destination that wraps past 2^64 (or
 * ends exactly there) or one outside @ram. Malformed @lim is a kernel bug:
 * WARN once and -EINVAL.
 */
int kexec_segments_check(const struct kexec_segment_desc *segs, size_t nr,
			 const struct kexec_range_set *ram,
			 const struct kexec_segment_limits *lim)
{
	u64 total = 0;
	size_t i;
	int ret;

	if (WARN_ON_ONCE(!limits_sane(lim)))
		return -EINVAL;
	ret = check_count(nr, lim);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++) {
		ret = check_segment(&segs[i], i, ram, lim, &total);
		if (ret)
			return ret;
	}
	return check_overlaps(segs, nr);
}
