// SPDX-License-Identifier: GPL-2.0
/*
 * Half-open physical ranges, merged range sets and hole finding for kexec.
 *
 * Nothing here reads the machine's memory map: the glue collects it (System
 * RAM, the crashkernel region, reserved areas) into a struct kexec_range_set
 * and asks the questions below. The small per-range helpers never log; the
 * set operations and kexec_find_hole() log one line per rejected argument.
 *
 * Costs, n being the number of ranges in a set: lookups are O(log n), add and
 * remove are O(log n) plus an O(n) memmove (O(1) amortised when ranges arrive
 * in ascending order, as they do from a memory map walk), and
 * kexec_find_hole() is O(n).
 */

#define pr_fmt(fmt) "kexec: " fmt

#include <linux/kexec_ranges.h>

#include "kexec_pure.h"

/* Smallest allocation of a set, in ranges: enough for a typical e820 map. */
#define KEXEC_RANGE_SET_MIN_CAP 16

/**
 * kexec_range_from_size() - build [start, start + size)
 * @start: first byte
 * @size: length in bytes; 0 gives an empty range
 * @out: the range
 *
 * Return: 0, or -EINVAL when start + size would exceed U64_MAX (the range
 * would have to end at 2^64, which struct kexec_range cannot express).
 */
int kexec_range_from_size(u64 start, u64 size, struct kexec_range *out)
{
	u64 end;

	if (check_add_overflow(start, size, &end))
		return -EINVAL;
	out->start = start;
	out->end = end;
	return 0;
}

/**
 * kexec_range_overlaps() - do two ranges share at least one byte?
 * @a: a range
 * @b: another range
 *
 * Return: true when they share a byte; an empty range overlaps nothing.
 */
bool kexec_range_overlaps(const struct kexec_range *a, const struct kexec_range *b)
{
	if (kexec_range_empty(a) || kexec_range_empty(b))
		return false;
	return a->start < b->end && b->start < a->end;
}

/**
 * kexec_range_contains() - is @inner entirely within @outer?
 * @outer: the enclosing range
 * @inner: the range tested
 *
 * An empty @inner is contained when its position lies in
 * [@outer->start, @outer->end], so a zero-length destination is still checked
 * for where it points.
 *
 * Return: true when @inner lies within @outer.
 */
bool kexec_range_contains(const struct kexec_range *outer, const struct kexec_range *inner)
{
	return inner->start <= inner->end && outer->start <= inner->start &&
	       inner->end <= outer->end;
}

/**
 * kexec_range_intersect() - the bytes two ranges have in common
 * @a: a range
 * @b: another range
 * @out: set to the common part when there is one; untouched otherwise
 *
 * Return: true when the intersection is not empty.
 */
bool kexec_range_intersect(const struct kexec_range *a, const struct kexec_range *b,
			   struct kexec_range *out)
{
	if (!kexec_range_overlaps(a, b))
		return false;
	out->start = max(a->start, b->start);
	out->end = min(a->end, b->end);
	return true;
}

/**
 * kexec_range_subtract() - the parts of @a that are not in @b
 * @a: the range to cut from
 * @b: the range cut out
 * @out: receives the pieces, lowest first
 *
 * Cutting from the middle of @a leaves two pieces; cutting an end leaves one;
 * covering @a leaves none. Pieces are never empty.
 *
 * Return: the number of pieces written to @out (0, 1 or 2).
 */
unsigned int kexec_range_subtract(const struct kexec_range *a, const struct kexec_range *b,
				  struct kexec_range out[2])
{
	unsigned int n = 0;

	if (kexec_range_empty(a))
		return 0;
	if (!kexec_range_overlaps(a, b)) {
		out[0] = *a;
		return 1;
	}
	if (a->start < b->start)
		out[n++] = (struct kexec_range){ .start = a->start, .end = b->start };
	if (b->end < a->end)
		out[n++] = (struct kexec_range){ .start = b->end, .end = a->end };
	return n;
}

/**
 * kexec_align_up() - round up to a power-of-two boundary
 * @val: the value
 * @align: the boundary, a power of two
 * @out: the rounded value
 *
 * Return: 0, -EINVAL when @align is not a power of two, or -EOVERFLOW when
 * the result would not fit in a u64 (@out is then untouched).
 */
int kexec_align_up(u64 val, u64 align, u64 *out)
{
	u64 mask = align - 1;

	if (!is_power_of_2(align))
		return -EINVAL;
	if (val > U64_MAX - mask)
		return -EOVERFLOW;
	*out = (val + mask) & ~mask;
	return 0;
}

/**
 * kexec_align_down() - round down to a power-of-two boundary
 * @val: the value
 * @align: the boundary, a power of two
 * @out: the rounded value
 *
 * Return: 0, or -EINVAL when @align is not a power of two.
 */
int kexec_align_down(u64 val, u64 align, u64 *out)
{
	if (!is_power_of_2(align))
		return -EINVAL;
	*out = val & ~(align - 1);
	return 0;
}

/**
 * kexec_range_set_init() - make an empty set
 * @set: the set
 */
void kexec_range_set_init(struct kexec_range_set *set)
{
	*set = (struct kexec_range_set)KEXEC_RANGE_SET_INIT;
}

/**
 * kexec_range_set_free() - release a set's memory and leave it empty
 * @set: the set
 */
void kexec_range_set_free(struct kexec_range_set *set)
{
	kvfree(set->ranges);
	kexec_range_set_init(set);
}

/* Index of the first range whose end is >= @addr (set->nr if none). */
static size_t first_end_at_or_after(const struct kexec_range_set *set, u64 addr)
{
	size_t lo = 0, hi = set->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (set->ranges[mid].end < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int set_reserve_one(struct kexec_range_set *set)
{
	struct kexec_range *grown;
	size_t cap, old_bytes, new_bytes;

	if (set->nr < set->cap)
		return 0;
	cap = max_t(size_t, set->cap * 2, KEXEC_RANGE_SET_MIN_CAP);
	if (check_mul_overflow(cap, sizeof(*grown), &new_bytes))
		return -ENOMEM;
	old_bytes = set->cap * sizeof(*grown);
	grown = kvrealloc(set->ranges, old_bytes, new_bytes, GFP_KERNEL);
	if (!grown)
		return -ENOMEM;
	set->ranges = grown;
	set->cap = cap;
	return 0;
}

static int set_insert_at(struct kexec_range_set *set, size_t i, const struct kexec_range *r)
{
	int ret = set_reserve_one(set);

	if (ret)
		return ret;
	memmove(&set->ranges[i + 1], &set->ranges[i], (set->nr - i) * sizeof(*r));
	set->ranges[i] = *r;
	set->nr++;
	return 0;
}

/* Drop ranges [from, to). */
static void set_delete(struct kexec_range_set *set, size_t from, size_t to)
{
	memmove(&set->ranges[from], &set->ranges[to], (set->nr - to) * sizeof(set->ranges[0]));
	set->nr -= to - from;
}

static int check_range_arg(const char *op, const struct kexec_range *r)
{
	if (r->start <= r->end)
		return 0;
	pr_err("%s: range [0x%llx, 0x%llx) ends before it starts\n", op, r->start, r->end);
	return -EINVAL;
}

/**
 * kexec_range_set_add() - add a range, merging it with those it touches
 * @set: the set
 * @r: the range; an empty one changes nothing
 *
 * Return: 0, -EINVAL when @r ends before it starts, or -ENOMEM (the set is
 * then unchanged).
 */
int kexec_range_set_add(struct kexec_range_set *set, const struct kexec_range *r)
{
	size_t i, j;
	int ret;

	ret = check_range_arg("add", r);
	if (ret || kexec_range_empty(r))
		return ret;
	/* Ranges i..j-1 overlap or touch @r. */
	i = first_end_at_or_after(set, r->start);
	for (j = i; j < set->nr && set->ranges[j].start <= r->end; j++)
		;
	if (i == j)
		return set_insert_at(set, i, r);
	set->ranges[i].start = min(set->ranges[i].start, r->start);
	set->ranges[i].end = max(set->ranges[j - 1].end, r->end);
	set_delete(set, i + 1, j);
	return 0;
}

/* @r lies strictly inside ranges[i]: cut it in two. */
static int set_split(struct kexec_range_set *set, size_t i, const struct kexec_range *r)
{
	struct kexec_range upper = { .start = r->end, .end = set->ranges[i].end };
	int ret;

	ret = set_insert_at(set, i + 1, &upper);
	if (ret)
		return ret;
	set->ranges[i].end = r->start;
	return 0;
}

/**
 * kexec_range_set_remove() - take a range out of a set
 * @set: the set
 * @r: the range; it may cover, cut or split ranges of the set, or miss them
 *
 * Return: 0, -EINVAL when @r ends before it starts, or -ENOMEM when a split
 * needed room that could not be allocated (the set is then unchanged).
 */
int kexec_range_set_remove(struct kexec_range_set *set, const struct kexec_range *r)
{
	size_t i, first;
	int ret;

	ret = check_range_arg("remove", r);
	if (ret || kexec_range_empty(r))
		return ret;
	i = first_end_at_or_after(set, r->start + 1);
	if (i == set->nr || set->ranges[i].start >= r->end)
		return 0;
	if (set->ranges[i].start < r->start && set->ranges[i].end > r->end)
		return set_split(set, i, r);
	if (set->ranges[i].start < r->start)
		set->ranges[i++].end = r->start;
	for (first = i; i < set->nr && set->ranges[i].end <= r->end; i++)
		;
	if (i < set->nr && set->ranges[i].start < r->end)
		set->ranges[i].start = r->end;
	set_delete(set, first, i);
	return 0;
}

/**
 * kexec_range_set_contains() - is @r entirely inside one range of the set?
 * @set: the set
 * @r: the range; an empty one is inside when its position is (see
 *	kexec_range_contains())
 *
 * Touching ranges are merged, so "inside one range" equals "inside the set".
 *
 * Return: true when @r lies within a range of @set.
 */
bool kexec_range_set_contains(const struct kexec_range_set *set, const struct kexec_range *r)
{
	size_t i;

	if (r->start > r->end)
		return false;
	i = first_end_at_or_after(set, r->start);
	return i < set->nr && kexec_range_contains(&set->ranges[i], r);
}

static int check_hole_req(const struct kexec_hole_req *req)
{
	if (!req->size) {
		pr_err("hole request for 0 bytes\n");
		return -EINVAL;
	}
	if (!is_power_of_2(req->align)) {
		pr_err("hole alignment 0x%llx is not a power of two\n", req->align);
		return -EINVAL;
	}
	if (req->min > req->max) {
		pr_err("hole window [0x%llx, 0x%llx] is inverted\n", req->min, req->max);
		return -EINVAL;
	}
	return 0;
}

/* The inclusive window [*lo, *hi] of @r that the request allows. */
static bool clip_to_req(const struct kexec_range *r, const struct kexec_hole_req *req,
			u64 *lo, u64 *hi)
{
	*lo = max(r->start, req->min);
	*hi = min(r->end - 1, req->max);
	return *lo <= *hi;
}

static bool fit_lowest(const struct kexec_range *r, const struct kexec_hole_req *req, u64 *addr)
{
	u64 lo, hi, a;

	if (!clip_to_req(r, req, &lo, &hi))
		return false;
	if (kexec_align_up(lo, req->align, &a) || a > hi || hi - a < req->size - 1)
		return false;
	*addr = a;
	return true;
}

static bool fit_highest(const struct kexec_range *r, const struct kexec_hole_req *req, u64 *addr)
{
	u64 lo, hi, a;

	if (!clip_to_req(r, req, &lo, &hi) || hi - lo < req->size - 1)
		return false;
	a = (hi - (req->size - 1)) & ~(req->align - 1);
	if (a < lo)
		return false;
	*addr = a;
	return true;
}

/**
 * kexec_find_hole() - place a buffer in free memory
 * @avail: the free ranges to choose from
 * @req: size, alignment, window and direction
 * @addr: receives the chosen start address
 *
 * The buffer [*@addr, *@addr + @req->size) lies inside one range of @avail,
 * starts at or above @req->min, ends at or below @req->max (inclusive), and
 * *@addr is a multiple of @req->align. Among the fits it is the lowest, or the
 * highest when @req->top_down is set.
 *
 * Return: 0, -EINVAL for a malformed request, or -EADDRNOTAVAIL when nothing
 * fits (@addr is then untouched).
 */
int kexec_find_hole(const struct kexec_range_set *avail, const struct kexec_hole_req *req,
		    u64 *addr)
{
	size_t k, i;
	int ret;

	ret = check_hole_req(req);
	if (ret)
		return ret;
	for (k = 0; k < avail->nr; k++) {
		i = req->top_down ? avail->nr - 1 - k : k;
		if (req->top_down ? fit_highest(&avail->ranges[i], req, addr) :
				    fit_lowest(&avail->ranges[i], req, addr))
			return 0;
	}
	pr_debug("no 0x%llx bytes aligned to 0x%llx free in [0x%llx, 0x%llx]\n",
		 req->size, req->align, req->min, req->max);
	return -EADDRNOTAVAIL;
}

/* Add @usable to @set, then remove @taken from it. */
static int set_add_then_remove(struct kexec_range_set *set,
			       const struct kexec_range *usable, size_t nr_usable,
			       const struct kexec_range *taken, size_t nr_taken)
{
	size_t i;
	int ret;

	for (i = 0; i < nr_usable; i++) {
		ret = kexec_range_set_add(set, &usable[i]);
		if (ret)
			return ret;
	}
	for (i = 0; i < nr_taken; i++) {
		ret = kexec_range_set_remove(set, &taken[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * kexec_ranges_minus() - usable memory without what is already taken
 * @usable: @nr_usable ranges that may be used, in any order; they may overlap,
 *	and empty ones are ignored
 * @nr_usable: number of @usable ranges
 * @taken: @nr_taken ranges to leave out (placed segments, reserved areas), in
 *	any order; empty ones are ignored
 * @nr_taken: number of @taken ranges
 * @out: receives the result; its previous contents are overwritten, not freed
 *
 * On success the caller releases @out with kexec_range_set_free(). On failure
 * @out is empty and holds no memory, so freeing it is harmless.
 *
 * Return: 0, -EINVAL (one line logged) for a range that ends before it
 * starts, or -ENOMEM.
 */
int kexec_ranges_minus(const struct kexec_range *usable, size_t nr_usable,
		       const struct kexec_range *taken, size_t nr_taken,
		       struct kexec_range_set *out)
{
	int ret;

	kexec_range_set_init(out);
	ret = set_add_then_remove(out, usable, nr_usable, taken, nr_taken);
	if (ret)
		kexec_range_set_free(out);
	return ret;
}

/**
 * kexec_ranges_overlap() - does @r share a byte with any of @nr ranges?
 * @ranges: the ranges, in any order (for example the segments' destinations)
 * @nr: number of @ranges
 * @r: the range tested
 *
 * Return: true when @r overlaps one of @ranges; an empty range, on either
 * side, overlaps nothing.
 */
bool kexec_ranges_overlap(const struct kexec_range *ranges, size_t nr,
			  const struct kexec_range *r)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (kexec_range_overlaps(&ranges[i], r))
			return true;
	return false;
}
