// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for bz64_crash_e820() in
 * arch/x86/kernel/kexec_bzimage64_layout.c: the e820 map a crash kernel
 * boots with, built from the running kernel's map and the crash regions.
 *
 * Input, consumed in order (missing bytes read as zero):
 *
 *   u8   map entries, mod 12; u8 RAM ranges, mod 5
 *   per map entry: u8 type (mod 8: RAM, reserved, ACPI, NVS, unusable,
 *                  persistent memory, reserved-kern, or an unknown type),
 *                  u16 gap before it and u16 size, in pages (at least one):
 *                  the map is sorted and without overlaps, as the kernel's is
 *   per RAM range: u8 mode, then u32 start and u16 size in pages when mode
 *                  is even, u64 start and u64 end when odd
 *
 * Properties: the result is 0 or -EINVAL, -EINVAL exactly when a RAM range
 * is empty or two entries of the result would overlap, with one log line;
 * an accepted map is sorted, has one entry per kept firmware entry and per
 * RAM range, and at each entry boundary has the type the rules give: RAM
 * where a RAM range is, else the firmware type of a non-RAM entry, else RAM
 * only below 1 MiB where the old map had RAM.
 */
#include "../seams/x86_kexec_pure.h"
#include "../../../../arch/x86/kernel/kexec_bzimage64_layout.c"

#include <stdlib.h>

#include "../harness/kt.h"
#include "fuzz_input.h"

#define MAX_MAP		12
#define MAX_RAM		5
#define PAGE		0x1000ULL
#define NO_ENTRY	0

static const u32 types[] = {
	BZ64_E820_RAM, 2, 3, 4, 5, 7, BZ64_E820_RESERVED_KERN, 0x1234,
};

struct model {
	struct boot_e820_entry map[MAX_MAP];
	unsigned int nr_map;
	struct kexec_range ram[MAX_RAM];
	unsigned int nr_ram;
};

static void parse(struct model *m, const u8 *data, size_t size)
{
	struct fuzz_input in = { .data = data, .left = size };
	u64 at = 0;
	unsigned int i;

	m->nr_map = fuzz_take(&in, 1) % MAX_MAP;
	m->nr_ram = fuzz_take(&in, 1) % MAX_RAM;
	for (i = 0; i < m->nr_map; i++) {
		m->map[i].type = types[fuzz_take(&in, 1) % ARRAY_SIZE(types)];
		at += fuzz_take(&in, 2) * PAGE;
		m->map[i].addr = at;
		m->map[i].size = (1 + fuzz_take(&in, 2)) * PAGE;
		at += m->map[i].size;
	}
	for (i = 0; i < m->nr_ram; i++) {
		if (fuzz_take(&in, 1) & 1) {
			m->ram[i].start = fuzz_take(&in, 8);
			m->ram[i].end = fuzz_take(&in, 8);
		} else {
			m->ram[i].start = fuzz_take(&in, 4) * PAGE;
			m->ram[i].end = m->ram[i].start + fuzz_take(&in, 2) * PAGE;
		}
	}
}

static bool is_ram(u32 type)
{
	return type == BZ64_E820_RAM || type == BZ64_E820_RESERVED_KERN;
}

/* The kept part of map entry @e, as [start, end); empty when dropped. */
static struct kexec_range kept(const struct boot_e820_entry *e)
{
	struct kexec_range r = { e->addr, e->addr + e->size };

	if (is_ram(e->type))
		r.end = min_t(u64, r.end, BZ64_LOW_LIMIT);
	return r;
}

static bool model_rejects(const struct model *m)
{
	struct kexec_range all[MAX_MAP + MAX_RAM];
	unsigned int n = 0, i, j;

	for (i = 0; i < m->nr_ram; i++) {
		if (kexec_range_empty(&m->ram[i]))
			return true;
		all[n++] = m->ram[i];
	}
	for (i = 0; i < m->nr_map; i++) {
		all[n] = kept(&m->map[i]);
		n += !kexec_range_empty(&all[n]);
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (all[i].start < all[j].end && all[j].start < all[i].end)
				return true;
	return false;
}

static unsigned int model_kept_count(const struct model *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < m->nr_map; i++) {
		struct kexec_range r = kept(&m->map[i]);

		n += !kexec_range_empty(&r);
	}
	return n;
}

static u32 model_type_at(const struct model *m, u64 byte)
{
	unsigned int i;

	for (i = 0; i < m->nr_ram; i++)
		if (m->ram[i].start <= byte && byte < m->ram[i].end)
			return BZ64_E820_RAM;
	for (i = 0; i < m->nr_map; i++) {
		struct kexec_range r = kept(&m->map[i]);

		if (r.start <= byte && byte < r.end)
			return is_ram(m->map[i].type) ? BZ64_E820_RAM : m->map[i].type;
	}
	return NO_ENTRY;
}

static u32 type_at(const struct boot_e820_entry *out, unsigned int n, u64 byte)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (out[i].addr <= byte && byte - out[i].addr < out[i].size)
			return out[i].type;
	return NO_ENTRY;
}

static void check_accepted(const struct model *m, const struct boot_e820_entry *out,
			   unsigned int n)
{
	unsigned int i;

	if (n != model_kept_count(m) + m->nr_ram)
		abort();
	for (i = 0; i < n; i++) {
		const u64 points[] = { out[i].addr, out[i].addr + out[i].size,
				       out[i].addr - 1, out[i].addr + out[i].size - 1 };
		unsigned int p;

		if (i && out[i - 1].addr > out[i].addr)
			abort();
		for (p = 0; p < ARRAY_SIZE(points); p++)
			if (type_at(out, n, points[p]) != model_type_at(m, points[p]))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct boot_e820_entry out[MAX_MAP + MAX_RAM];
	struct model m = {};
	unsigned int n = 0;
	int ret;

	parse(&m, data, size);
	kt_log_reset();
	ret = bz64_crash_e820(m.map, m.nr_map, m.ram, m.nr_ram, out, &n);
	if (ret != (model_rejects(&m) ? -EINVAL : 0))
		abort();
	if (kt_log_count() != (ret ? 1U : 0U))
		abort();
	if (!ret)
		check_accepted(&m, out, n);
	if (kt_warn_count || kt_alloc_live())
		abort();
	return 0;
}
