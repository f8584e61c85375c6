// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the crash kernel's view of memory: the dump ranges
 * (kexec_crash_dump_ranges(): RAM minus the crash regions), the ELF core
 * header built over them (kernel/kexec_elfcore.c), and the older
 * crash_exclude_mem_range() interface with its fixed capacity.
 *
 * Input, consumed in order (missing bytes read as zero):
 *
 *   u8   RAM ranges, mod 8; u8 excluded ranges, mod 6; u8 CPUs - 1, mod 4
 *   u8   crash_mem spare slots, mod 4
 *   per range: u8 mode, then when mode is even u16 start and u16 size in
 *              pages (neighbours and overlaps are common), when odd u64
 *              start and u64 end (any order, so some end before they start)
 *
 * Properties: every result is 0 or the documented errno with exactly one
 * log line; nothing leaks or warns; a byte is in the dump exactly when it
 * is in some RAM range and in no excluded range (checked at every range
 * boundary, which decides membership everywhere); the ELF core header has
 * one PT_LOAD per dump range and fills the size it asked for; and
 * crash_exclude_mem_range() agrees with the same model or, when it runs out
 * of slots, leaves the list as it was.
 */
#include "../seams/kexec_pure.h"
#include "../../../../kernel/kexec_ranges.c"
#include "../../../../kernel/kexec_elfcore.c"

#include <stdlib.h>

#include "../harness/kt.h"
#include "fuzz_input.h"

#define MAX_RAM		8
#define MAX_EXCLUDE	6
#define MAX_CPUS	4
#define PAGE		0x1000ULL

static void take_range(struct fuzz_input *in, struct kexec_range *r)
{
	if (fuzz_take(in, 1) & 1) {
		r->start = fuzz_take(in, 8);
		r->end = fuzz_take(in, 8);
	} else {
		r->start = fuzz_take(in, 2) * PAGE;
		r->end = r->start + fuzz_take(in, 2) * PAGE;
	}
}

struct model {
	struct kexec_range ram[MAX_RAM], exclude[MAX_EXCLUDE];
	size_t nr_ram, nr_exclude;
	unsigned int nr_cpus, spare;
};

static bool in_any(const struct kexec_range *r, size_t nr, u64 byte)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (r[i].start <= byte && byte < r[i].end)
			return true;
	return false;
}

static bool model_dumps(const struct model *m, u64 byte)
{
	return in_any(m->ram, m->nr_ram, byte) && !in_any(m->exclude, m->nr_exclude, byte);
}

static bool any_reversed(const struct kexec_range *r, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (r[i].end < r[i].start)
			return true;
	return false;
}

/* Membership can change only at a boundary: probe each one and its left. */
static void check_against_model(const struct model *m,
				bool (*member)(const void *ctx, u64 byte), const void *ctx)
{
	const struct kexec_range *sets[] = { m->ram, m->exclude };
	const size_t nrs[] = { m->nr_ram, m->nr_exclude };
	size_t s, i;

	for (s = 0; s < 2; s++) {
		for (i = 0; i < nrs[s]; i++) {
			const u64 points[] = { sets[s][i].start, sets[s][i].end,
					       sets[s][i].start - 1, sets[s][i].end - 1 };
			size_t p;

			for (p = 0; p < 4; p++)
				if (member(ctx, points[p]) != model_dumps(m, points[p]))
					abort();
		}
	}
}

static bool set_member(const void *ctx, u64 byte)
{
	const struct kexec_range_set *set = ctx;

	return in_any(set->ranges, set->nr, byte);
}

static bool crash_mem_member(const void *ctx, u64 byte)
{
	const struct crash_mem *mem = ctx;
	unsigned int i;

	for (i = 0; i < mem->nr_ranges; i++)
		if (mem->ranges[i].start <= byte && byte <= mem->ranges[i].end)
			return true;
	return false;
}

static void check_sorted_disjoint(const struct kexec_range_set *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++) {
		if (kexec_range_empty(&set->ranges[i]))
			abort();
		if (i && set->ranges[i - 1].end >= set->ranges[i].start)
			abort();
	}
}

static void check_elfcore(const struct model *m, const struct kexec_range_set *dump)
{
	struct kexec_elfcore_note notes[MAX_CPUS];
	struct kexec_elfcore_layout layout = {
		.machine = EM_X86_64, .cpu_notes = notes, .nr_cpu_notes = m->nr_cpus,
		.vmcoreinfo = { .paddr = 0x1000, .size = 0x1000 },
		.dump = dump->ranges, .nr_dump = dump->nr,
		.direct_map_base = 0xffff888000000000ULL, .align = 4096,
	};
	const Elf64_Ehdr *eh;
	size_t size, i;
	u8 *buf;

	for (i = 0; i < m->nr_cpus; i++)
		notes[i] = (struct kexec_elfcore_note){ .paddr = 0x2000 + i * 0x400,
							.size = 0x400 };
	if (kexec_elfcore_size(&layout, &size))
		abort();
	buf = malloc(size);
	if (!buf)
		abort();
	memset(buf, 0xa5, size);
	if (kexec_elfcore_build(&layout, buf, size))
		abort();
	eh = (const Elf64_Ehdr *)buf;
	if (eh->e_phnum != m->nr_cpus + 1 + dump->nr)
		abort();
	if (eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > size)
		abort();
	free(buf);
}

static void check_dump_ranges(const struct model *m)
{
	struct kexec_range_set ram = KEXEC_RANGE_SET_INIT, dump = KEXEC_RANGE_SET_INIT;
	size_t i;
	int ret;

	for (i = 0; i < m->nr_ram; i++)
		if (!kexec_range_empty(&m->ram[i]) && kexec_range_set_add(&ram, &m->ram[i]))
			abort();
	kt_log_reset();
	ret = kexec_crash_dump_ranges(&ram, m->exclude, m->nr_exclude, &dump);
	if (ret != (any_reversed(m->exclude, m->nr_exclude) ? -EINVAL : 0))
		abort();
	if (kt_log_count() != (ret ? 1U : 0U))
		abort();
	if (!ret) {
		check_sorted_disjoint(&dump);
		check_against_model(m, set_member, &dump);
		check_elfcore(m, &dump);
	}
	kexec_range_set_free(&dump);
	kexec_range_set_free(&ram);
}

/* crash_mem takes inclusive ends: only RAM ranges that are not empty. */
static void check_crash_mem(struct model *m)
{
	struct crash_mem *mem, *before;
	size_t slots, bytes, i;
	int ret = 0;

	for (i = 0; i < m->nr_ram; i++)
		if (kexec_range_empty(&m->ram[i]))
			m->ram[i] = (struct kexec_range){};
	slots = m->nr_ram + m->spare;
	bytes = sizeof(*mem) + slots * sizeof(mem->ranges[0]);
	mem = calloc(1, bytes);
	before = calloc(1, bytes);
	if (!mem || !before)
		abort();
	mem->max_nr_ranges = slots;
	for (i = 0; i < m->nr_ram; i++)
		if (!kexec_range_empty(&m->ram[i]))
			mem->ranges[mem->nr_ranges++] =
				(struct crash_mem_range){ m->ram[i].start, m->ram[i].end - 1 };
	for (i = 0; i < m->nr_exclude && !ret; i++) {
		if (kexec_range_empty(&m->exclude[i])) {
			m->exclude[i] = (struct kexec_range){};
			continue;
		}
		memcpy(before, mem, bytes);
		kt_log_reset();
		ret = crash_exclude_mem_range(mem, m->exclude[i].start, m->exclude[i].end - 1);
		if (ret && (ret != -ENOMEM || memcmp(before, mem, bytes)))
			abort();
		if (kt_log_count() != (ret ? 1U : 0U))
			abort();
	}
	/* The model compares once every exclusion has been applied. */
	if (!ret)
		check_against_model(m, crash_mem_member, mem);
	free(before);
	free(mem);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = { .data = data, .left = size };
	struct model m = {};
	size_t i;

	m.nr_ram = fuzz_take(&in, 1) % MAX_RAM;
	m.nr_exclude = fuzz_take(&in, 1) % MAX_EXCLUDE;
	m.nr_cpus = 1 + fuzz_take(&in, 1) % MAX_CPUS;
	m.spare = fuzz_take(&in, 1) % 4;
	for (i = 0; i < m.nr_ram; i++)
		take_range(&in, &m.ram[i]);
	for (i = 0; i < m.nr_exclude; i++)
		take_range(&in, &m.exclude[i]);

	check_dump_ranges(&m);
	check_crash_mem(&m);
	if (kt_warn_count || kt_alloc_live())
		abort();
	return 0;
}
