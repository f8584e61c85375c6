/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical memory as half-open ranges, sorted range sets and one placement
 * call, for the kexec loaders. Pure: callers pass the memory map in.
 *
 * A range is [start, end): @end is exclusive and start <= end always holds
 * for a valid range; start == end is empty. Because @end is a u64, no range
 * can hold the byte at U64_MAX, and kexec_range_from_size() rejects a range
 * whose end would be 2^64. No machine has memory there (physical address
 * widths stop well below 64 bits), and in exchange every size fits a u64 and
 * no operation needs a special case for the top of the address space.
 */
#ifndef _LINUX_KEXEC_RANGES_H
#define _LINUX_KEXEC_RANGES_H

#include <linux/types.h>

/**
 * struct kexec_range - a half-open physical range [start, end)
 * @start: first byte
 * @end: one past the last byte
 */
struct kexec_range {
	u64 start;
	u64 end;
};

/**
 * struct kexec_range_set - sorted, merged set of ranges
 * @ranges: @nr ranges, sorted by start, none empty, and with a gap of at
 *	least one byte between neighbours (touching ranges are merged)
 * @nr: number of ranges in use
 * @cap: number of ranges allocated
 *
 * Start from KEXEC_RANGE_SET_INIT or kexec_range_set_init(); release with
 * kexec_range_set_free().
 */
struct kexec_range_set {
	struct kexec_range *ranges;
	size_t nr;
	size_t cap;
};

#define KEXEC_RANGE_SET_INIT { .ranges = NULL, .nr = 0, .cap = 0 }

/**
 * struct kexec_hole_req - constraints for kexec_find_hole()
 * @size: bytes needed; must not be 0
 * @align: alignment of the start; a power of two (1: none)
 * @min: lowest acceptable start address (inclusive)
 * @max: highest acceptable address of the last byte (inclusive), so that
 *	U64_MAX means "no upper limit" and 0xffffffff means "below 4 GiB"
 * @top_down: take the highest fitting address instead of the lowest
 */
struct kexec_hole_req {
	u64 size;
	u64 align;
	u64 min;
	u64 max;
	bool top_down;
};

static inline u64 kexec_range_size(const struct kexec_range *r)
{
	return r->end > r->start ? r->end - r->start : 0;
}

static inline bool kexec_range_empty(const struct kexec_range *r)
{
	return r->end <= r->start;
}

int kexec_range_from_size(u64 start, u64 size, struct kexec_range *out);
bool kexec_range_overlaps(const struct kexec_range *a, const struct kexec_range *b);
bool kexec_range_contains(const struct kexec_range *outer, const struct kexec_range *inner);
bool kexec_range_intersect(const struct kexec_range *a, const struct kexec_range *b,
			   struct kexec_range *out);
unsigned int kexec_range_subtract(const struct kexec_range *a, const struct kexec_range *b,
				  struct kexec_range out[2]);
int kexec_align_up(u64 val, u64 align, u64 *out);
int kexec_align_down(u64 val, u64 align, u64 *out);

void kexec_range_set_init(struct kexec_range_set *set);
void kexec_range_set_free(struct kexec_range_set *set);
int kexec_range_set_add(struct kexec_range_set *set, const struct kexec_range *r);
int kexec_range_set_remove(struct kexec_range_set *set, const struct kexec_range *r);
bool kexec_range_set_contains(const struct kexec_range_set *set, const struct kexec_range *r);
int kexec_find_hole(const struct kexec_range_set *avail, const struct kexec_hole_req *req,
		    u64 *addr);
int kexec_ranges_minus(const struct kexec_range *usable, size_t nr_usable,
		       const struct kexec_range *taken, size_t nr_taken,
		       struct kexec_range_set *out);
bool kexec_ranges_overlap(const struct kexec_range *ranges, size_t nr,
			  const struct kexec_range *r);

#endif /* _LINUX_KEXEC_RANGES_H */
