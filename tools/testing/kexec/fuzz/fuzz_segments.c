// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kernel/kexec_segment_check.c: the checks kexec_load(2)
 * runs on the segment list user space hands in.
 *
 * Input, consumed in order (missing bytes read as zero):
 *
 *   u8   segment count, mod 24 (some above every limit)
 *   u8   usable ranges, mod 5
 *   u8   page size: 4 KiB when even, 64 KiB when odd
 *   u8   max_segments - 1, mod 20
 *   u64  max_total_memsz
 *   per usable range:  u64 start, u64 size
 *   per segment:       u8 mode, u64 buf, then when mode is even
 *                      u64 bufsz, u64 mem, u64 memsz, when odd (aligned)
 *                      u32 bufsz, u32 mem and u16 memsz in pages
 *
 * Properties checked on every input: the result is 0, -EINVAL or
 * -EADDRNOTAVAIL; a rejection logs exactly one line and an acceptance none;
 * nothing leaks and nothing warns; and the result agrees with a plain
 * reference model written from the rules in the file's header, in both
 * directions (an accepted list really is aligned, in range, disjoint and
 * within the limits, and such a list is never rejected).
 */
#include "../seams/kexec_pure.h"
#include "../../../../kernel/kexec_ranges.c"
#include "../../../../kernel/kexec_segment_check.c"

#include <stdlib.h>

#include "../harness/kt.h"
#include "fuzz_input.h"

#define MAX_SEGS	24
#define MAX_RANGES	5

struct model {
	struct kexec_range ram[MAX_RANGES];
	size_t nr_ram;
	struct kexec_segment_desc segs[MAX_SEGS];
	size_t nr;
	struct kexec_segment_limits lim;
};

/* Is [s, e) covered by the union of the non-empty usable ranges? */
static bool model_covered(const struct model *m, u64 s, u64 e)
{
	bool moved = true;
	size_t i;

	if (s == e) {
		for (i = 0; i < m->nr_ram; i++)
			if (m->ram[i].start < m->ram[i].end &&
			    m->ram[i].start <= s && s <= m->ram[i].end)
				return true;
		return false;
	}
	while (s < e && moved) {
		moved = false;
		for (i = 0; i < m->nr_ram; i++) {
			if (m->ram[i].start <= s && s < m->ram[i].end) {
				s = m->ram[i].end;
				moved = true;
			}
		}
	}
	return s >= e;
}

static bool model_segment_ok(const struct model *m, const struct kexec_segment_desc *d,
			     u64 *total)
{
	u64 ps = m->lim.page_size;

	if (d->mem % ps || d->memsz % ps || d->mem + d->memsz < d->mem ||
	    (d->memsz && d->mem + d->memsz == 0) || d->bufsz > d->memsz)
		return false;
	if (!model_covered(m, d->mem, d->mem + d->memsz))
		return false;
	if (*total + d->memsz < *total)
		return false;
	*total += d->memsz;
	return *total <= m->lim.max_total_memsz;
}

/* True when the rules accept the list. */
static bool model_accepts(const struct model *m)
{
	const struct kexec_segment_desc *a, *b;
	u64 total = 0;
	size_t i, j;

	if (!m->nr || m->nr > m->lim.max_segments)
		return false;
	for (i = 0; i < m->nr; i++)
		if (!model_segment_ok(m, &m->segs[i], &total))
			return false;
	for (i = 0; i < m->nr; i++) {
		for (j = i + 1; j < m->nr; j++) {
			a = &m->segs[i];
			b = &m->segs[j];
			if (a->memsz && b->memsz && a->mem < b->mem + b->memsz &&
			    b->mem < a->mem + a->memsz)
				return false;
		}
	}
	return true;
}

/* An odd mode byte gives page-aligned fields, so accepted lists are common. */
static void parse_segment(struct fuzz_input *in, struct kexec_segment_desc *d, u64 page_size)
{
	bool aligned = fuzz_take(in, 1) & 1;

	d->buf = fuzz_take(in, 8);
	if (aligned) {
		d->bufsz = fuzz_take(in, 4);
		d->mem = fuzz_take(in, 4) * page_size;
		d->memsz = fuzz_take(in, 2) * page_size;
	} else {
		d->bufsz = fuzz_take(in, 8);
		d->mem = fuzz_take(in, 8);
		d->memsz = fuzz_take(in, 8);
	}
}

static void parse(struct model *m, const u8 *data, size_t size)
{
	struct fuzz_input in = { .data = data, .left = size };
	size_t i;

	m->nr = fuzz_take(&in, 1) % MAX_SEGS;
	m->nr_ram = fuzz_take(&in, 1) % MAX_RANGES;
	m->lim.page_size = fuzz_take(&in, 1) & 1 ? 0x10000 : 0x1000;
	m->lim.max_segments = 1 + fuzz_take(&in, 1) % 20;
	m->lim.max_total_memsz = fuzz_take(&in, 8);
	for (i = 0; i < m->nr_ram; i++) {
		m->ram[i].start = fuzz_take(&in, 8);
		m->ram[i].end = m->ram[i].start + fuzz_take(&in, 8);
		if (m->ram[i].end < m->ram[i].start)
			m->ram[i].end = U64_MAX;
	}
	for (i = 0; i < m->nr; i++)
		parse_segment(&in, &m->segs[i], m->lim.page_size);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct kexec_range_set ram = KEXEC_RANGE_SET_INIT;
	struct model m = {};
	size_t i;
	int ret;

	parse(&m, data, size);
	for (i = 0; i < m.nr_ram; i++)
		if (kexec_range_set_add(&ram, &m.ram[i]))
			abort();
	kt_log_reset();
	ret = kexec_segments_check(m.segs, m.nr, &ram, &m.lim);
	kexec_range_set_free(&ram);

	if (ret != 0 && ret != -EINVAL && ret != -EADDRNOTAVAIL)
		abort();
	if (kt_log_count() != (ret ? 1U : 0U))
		abort();
	if (kt_warn_count || kt_alloc_live())
		abort();
	if (!ret != model_accepts(&m))
		abort();
	return 0;
}
