// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_elfcore.c: the kdump ELF core header, the
 * dump ranges it lists and crash_exclude_mem_range().
 *
 * Expected headers are written out field by field with the ELF
 * specification's numbers (ET_CORE is 4, PT_LOAD 1, PT_NOTE 4, an Ehdr 64
 * bytes, a Phdr 56), not with the macros the code under test uses.
 */
#include "seams/kexec_pure.h"
#include "../../../kernel/kexec_ranges.c"
#include "../../../kernel/kexec_elfcore.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

#define R(s, e)		{ .start = (s), .end = (e) }
#define SZ_4K		0x1000ULL
#define SZ_1M		0x100000ULL
#define SZ_2M		0x200000ULL
#define SZ_4M		0x400000ULL
#define SZ_1G		0x40000000ULL
#define SZ_4G		0x100000000ULL

#define EHDR_SIZE	64
#define PHDR_SIZE	56
#define X86_DMAP	0xffff888000000000ULL	/* x86_64 PAGE_OFFSET, 4-level */
#define VMCI_PADDR	0x2f00000ULL		/* where vmcoreinfo's note lives */
#define VMCI_SIZE	0x1000ULL

/* ---------------- helpers ---------------- */

/* One expected program header, every field. */
struct want_phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz;
};

#define NOTE(pa, sz)		{ 4, 0, (pa), 0, (pa), (sz), (sz) }
#define LOAD(pa, va, sz)	{ 1, 7, (pa), (va), (pa), (sz), (sz) }

static Elf64_Ehdr read_ehdr(const u8 *buf)
{
	Elf64_Ehdr eh;

	memcpy(&eh, buf, sizeof(eh));
	return eh;
}

static Elf64_Phdr read_phdr(const u8 *buf, size_t i)
{
	Elf64_Phdr ph;

	memcpy(&ph, buf + EHDR_SIZE + i * PHDR_SIZE, sizeof(ph));
	return ph;
}

static void expect_ehdr(struct kt *t, const u8 *buf, u16 machine, u8 osabi, u16 phnum)
{
	static const u8 ident[16] = { 0x7f, 'E', 'L', 'F', 2 /* 64-bit */,
				      1 /* LSB */, 1 /* EV_CURRENT */ };
	Elf64_Ehdr eh = read_ehdr(buf);
	size_t i;

	for (i = 0; i < sizeof(ident); i++)
		KT_EXPECT_EQ(t, eh.e_ident[i], i == 7 ? osabi : ident[i]);
	KT_EXPECT_EQ(t, eh.e_type, 4);
	KT_EXPECT_EQ(t, eh.e_machine, machine);
	KT_EXPECT_EQ(t, eh.e_version, 1);
	KT_EXPECT_EQ(t, eh.e_entry, 0);
	KT_EXPECT_EQ(t, eh.e_phoff, EHDR_SIZE);
	KT_EXPECT_EQ(t, eh.e_shoff, 0);
	KT_EXPECT_EQ(t, eh.e_flags, 0);
	KT_EXPECT_EQ(t, eh.e_ehsize, EHDR_SIZE);
	KT_EXPECT_EQ(t, eh.e_phentsize, PHDR_SIZE);
	KT_EXPECT_EQ(t, eh.e_phnum, phnum);
	KT_EXPECT_EQ(t, eh.e_shentsize, 0);
	KT_EXPECT_EQ(t, eh.e_shnum, 0);
	KT_EXPECT_EQ(t, eh.e_shstrndx, 0);
}

/* Returns false at the first differing field, so a long list reports once. */
static bool expect_phdr(struct kt *t, const u8 *buf, size_t i, const struct want_phdr *w)
{
	Elf64_Phdr ph = read_phdr(buf, i);

	return KT_EXPECT_EQ(t, ph.p_type, w->type) &&
	       KT_EXPECT_EQ(t, ph.p_flags, w->flags) &&
	       KT_EXPECT_EQ(t, ph.p_offset, w->offset) &&
	       KT_EXPECT_EQ(t, ph.p_vaddr, w->vaddr) &&
	       KT_EXPECT_EQ(t, ph.p_paddr, w->paddr) &&
	       KT_EXPECT_EQ(t, ph.p_filesz, w->filesz) &&
	       KT_EXPECT_EQ(t, ph.p_memsz, w->memsz) &&
	       KT_EXPECT_EQ(t, ph.p_align, 0);
}

/* Index of the first byte in [from, to) that is not @val, or @to. */
static size_t first_not(const u8 *buf, size_t from, size_t to, u8 val)
{
	while (from < to && buf[from] == val)
		from++;
	return from;
}

#define GUARD		0xa5	/* fill of bytes the builder must not touch */
#define GUARD_LEN	64

/*
 * Size and build @l into a guarded buffer; check the Ehdr, that the bytes
 * after the program headers up to the size are zero and that the guard
 * after the size is intact. Returns the buffer (free() it) or NULL.
 */
static u8 *build_checked(struct kt *t, const struct kexec_elfcore_layout *l, u16 phnum,
			 size_t want_size)
{
	size_t size = 0, end = EHDR_SIZE + (size_t)phnum * PHDR_SIZE;
	u8 *buf;

	if (!KT_EXPECT_EQ(t, kexec_elfcore_size(l, &size), 0) ||
	    !KT_EXPECT_EQ(t, size, want_size))
		return NULL;
	buf = malloc(size + GUARD_LEN);
	KT_ASSERT_TRUE(t, buf);
	memset(buf, GUARD, size + GUARD_LEN);
	if (!KT_EXPECT_EQ(t, kexec_elfcore_build(l, buf, size + GUARD_LEN), 0)) {
		free(buf);
		return NULL;
	}
	KT_EXPECT_NO_LOG(t);
	expect_ehdr(t, buf, l->machine, l->osabi, phnum);
	KT_EXPECT_EQ(t, first_not(buf, end, size, 0), size);
	KT_EXPECT_EQ(t, first_not(buf, size, size + GUARD_LEN, GUARD), size + GUARD_LEN);
	return buf;
}

/* ---------------- exact headers for synthetic maps ---------------- */

/*
 * The maps below, in physical memory:
 *
 *   0x100000     0x20000000  0x30000000    0x7ffe0000  4G        6G
 *   |--- D1 ----|            |---- D2 ------|           |-- D3 ---|
 *
 * CPU notes near 0x7ffd0000 (inside D2, as per-CPU data is), vmcoreinfo at
 * 0x2f00000, the kernel image at 16 MiB mapped at 0xffffffff81000000.
 */
#define D1		R(0x100000, 0x20000000)
#define D2		R(0x30000000, 0x7ffe0000)
#define D3		R(SZ_4G, 0x180000000)
#define LOAD_D1		LOAD(0x100000, X86_DMAP + 0x100000, 0x1ff00000)
#define LOAD_D2		LOAD(0x30000000, X86_DMAP + 0x30000000, 0x4ffe0000)
#define LOAD_D3		LOAD(SZ_4G, X86_DMAP + SZ_4G, 0x80000000)
#define CPU0		{ .paddr = 0x7ffd1000, .size = 0x1a8 }
#define CPU1		{ .paddr = 0x7ffd0000, .size = 0x1a8 }
#define NOTE_CPU0	NOTE(0x7ffd1000, 0x1a8)
#define NOTE_CPU1	NOTE(0x7ffd0000, 0x1a8)
#define NOTE_VMCI	NOTE(VMCI_PADDR, VMCI_SIZE)
#define KMAP		.kernel_map = { .paddr = 0x1000000, .size = 0x2400000 }, \
			.kernel_vaddr = 0xffffffff81000000ULL
#define LOAD_KMAP	LOAD(0x1000000, 0xffffffff81000000ULL, 0x2400000)

struct build_row {
	const char *name;
	u16 machine;
	u8 osabi;
	struct kexec_elfcore_note cpus[2];
	unsigned int nr_cpus;
	struct kexec_elfcore_note kernel_map;
	u64 kernel_vaddr;
	struct kexec_range dump[3];
	size_t nr_dump;
	u64 direct_map_base;
	u64 align;
	size_t size;
	struct want_phdr phdrs[8];
	unsigned int nr_phdrs;
};

#define CPUS(...)	.cpus = { __VA_ARGS__ },					\
			.nr_cpus = ARRAY_SIZE(((struct kexec_elfcore_note[]){ __VA_ARGS__ }))
#define DUMP(...)	.dump = { __VA_ARGS__ },					\
			.nr_dump = ARRAY_SIZE(((struct kexec_range[]){ __VA_ARGS__ }))
#define PHDRS(...)	.phdrs = { __VA_ARGS__ },					\
			.nr_phdrs = ARRAY_SIZE(((struct want_phdr[]){ __VA_ARGS__ }))
#define X86		.machine = 62, .direct_map_base = X86_DMAP

static const struct build_row build_rows[] = {
	{ "one CPU without kernel map: its note, vmcoreinfo, then the ranges",
	  X86, CPUS(CPU0), DUMP(D1, D2), .align = SZ_4K, .size = 0x1000,
	  PHDRS(NOTE_CPU0, NOTE_VMCI, LOAD_D1, LOAD_D2) },
	{ "two CPUs: one PT_NOTE each, in CPU order, not address order",
	  X86, CPUS(CPU0, CPU1), DUMP(D1, D2, D3), .align = SZ_4K, .size = 0x1000,
	  PHDRS(NOTE_CPU0, NOTE_CPU1, NOTE_VMCI, LOAD_D1, LOAD_D2, LOAD_D3) },
	{ "kernel map is the first PT_LOAD, at the kernel's virtual address",
	  X86, CPUS(CPU0), KMAP, DUMP(D1, D2), .align = SZ_4K, .size = 0x1000,
	  PHDRS(NOTE_CPU0, NOTE_VMCI, LOAD_KMAP, LOAD_D1, LOAD_D2) },
	{ "two CPUs with kernel map and three ranges",
	  X86, CPUS(CPU0, CPU1), KMAP, DUMP(D1, D2, D3), .align = SZ_4K, .size = 0x1000,
	  PHDRS(NOTE_CPU0, NOTE_CPU1, NOTE_VMCI, LOAD_KMAP, LOAD_D1, LOAD_D2, LOAD_D3) },
	{ "no dump ranges: notes and kernel map only",
	  X86, CPUS(CPU0), KMAP, .align = SZ_4K, .size = 0x1000,
	  PHDRS(NOTE_CPU0, NOTE_VMCI, LOAD_KMAP) },
	{ "touching dump ranges stay two PT_LOADs",
	  X86, CPUS(CPU0), DUMP(R(SZ_1M, SZ_2M), R(SZ_2M, SZ_4M)), .align = SZ_4K, .size = 0x1000,
	  PHDRS(NOTE_CPU0, NOTE_VMCI, LOAD(SZ_1M, X86_DMAP + SZ_1M, SZ_1M),
		LOAD(SZ_2M, X86_DMAP + SZ_2M, SZ_2M)) },
	{ "e_machine and EI_OSABI come from the layout",
	  .machine = 183, .osabi = 3, .direct_map_base = 0xfffeffffc0000000ULL,
	  CPUS(CPU0), DUMP(R(SZ_1G, 2 * SZ_1G)), .align = SZ_4K, .size = 0x1000,
	  PHDRS(NOTE_CPU0, NOTE_VMCI, LOAD(SZ_1G, 0xffff000000000000ULL, SZ_1G)) },
	{ "virtual address is start plus direct map base modulo 2^64",
	  .machine = 62, .direct_map_base = 0xffff800000000000ULL, CPUS(CPU0),
	  DUMP(R(0x900000000000ULL, 0x900000001000ULL)), .align = SZ_4K, .size = 0x1000,
	  PHDRS(NOTE_CPU0, NOTE_VMCI, LOAD(0x900000000000ULL, 0x100000000000ULL, SZ_4K)) },
	{ "alignment 1: the size is exact, no padding",
	  X86, CPUS(CPU0), DUMP(D1), .align = 1, .size = EHDR_SIZE + 3 * PHDR_SIZE,
	  PHDRS(NOTE_CPU0, NOTE_VMCI, LOAD_D1) },
};

static void layout_of_row(const struct build_row *row, struct kexec_elfcore_layout *l)
{
	*l = (struct kexec_elfcore_layout){
		.machine = row->machine,
		.osabi = row->osabi,
		.cpu_notes = row->cpus,
		.nr_cpu_notes = row->nr_cpus,
		.vmcoreinfo = { .paddr = VMCI_PADDR, .size = VMCI_SIZE },
		.kernel_map = row->kernel_map,
		.kernel_vaddr = row->kernel_vaddr,
		.dump = row->dump,
		.nr_dump = row->nr_dump,
		.direct_map_base = row->direct_map_base,
		.align = row->align,
	};
}

static void build_exact(struct kt *t, const void *p)
{
	const struct build_row *row = p;
	struct kexec_elfcore_layout l;
	unsigned int i;
	u8 *buf;

	layout_of_row(row, &l);
	buf = build_checked(t, &l, row->nr_phdrs, row->size);
	if (!buf)
		return;
	for (i = 0; i < row->nr_phdrs; i++)
		expect_phdr(t, buf, i, &row->phdrs[i]);
	free(buf);
}

/* ---------------- size rounding ---------------- */

/* Enough synthetic notes and ranges for every size row. */
#define POOL	100
static struct kexec_elfcore_note note_pool[POOL];
static struct kexec_range range_pool[POOL];

static void fill_pools(void)
{
	size_t i;

	for (i = 0; i < POOL; i++) {
		note_pool[i] = (struct kexec_elfcore_note){ 0x7ff00000 + i * SZ_4K, 0x1a8 };
		range_pool[i] = (struct kexec_range)R(i * SZ_4M, i * SZ_4M + SZ_2M);
	}
}

struct size_row {
	const char *name;
	unsigned int nr_cpus;
	bool kernel_map;
	size_t nr_dump;
	u64 align;
	size_t size;
};

static const struct size_row size_rows[] = {
	{ "two program headers, align 1: 64 + 2 x 56 = 176", 1, false, 0, 1, 176 },
	{ "176 is already a multiple of 16", 1, false, 0, 16, 176 },
	{ "176 rounds up to 192 at alignment 32", 1, false, 0, 32, 192 },
	{ "176 rounds up to one page", 1, false, 0, SZ_4K, SZ_4K },
	{ "72 program headers fill exactly one page", 1, false, 70, SZ_4K, SZ_4K },
	{ "73 program headers need two pages", 1, false, 71, SZ_4K, 2 * SZ_4K },
	{ "kernel map counts as one program header", 1, true, 70, SZ_4K, 2 * SZ_4K },
	{ "every CPU counts as one program header", 2, false, 70, SZ_4K, 2 * SZ_4K },
	{ "100 CPUs and 100 ranges: 64 + 202 x 56 = 11376, three pages",
	  POOL, false, POOL, SZ_4K, 3 * SZ_4K },
	{ "2 MiB alignment", 1, false, 1, SZ_2M, SZ_2M },
	{ "alignment 2^63 gives a 2^63 byte size", 1, false, 0, 1ULL << 63, 1ULL << 63 },
};

static void size_rounding(struct kt *t, const void *p)
{
	const struct size_row *row = p;
	struct kexec_elfcore_layout l = {
		.machine = 62,
		.cpu_notes = note_pool,
		.nr_cpu_notes = row->nr_cpus,
		.vmcoreinfo = { VMCI_PADDR, VMCI_SIZE },
		.kernel_map = { .paddr = SZ_1G, .size = row->kernel_map ? SZ_1M : 0 },
		.kernel_vaddr = 0xffffffff81000000ULL,
		.dump = range_pool,
		.nr_dump = row->nr_dump,
		.direct_map_base = X86_DMAP,
		.align = row->align,
	};
	size_t size = 0;

	fill_pools();
	KT_EXPECT_EQ(t, kexec_elfcore_size(&l, &size), 0);
	KT_EXPECT_EQ(t, size, row->size);
	KT_EXPECT_NO_LOG(t);
}

/* ---------------- a buffer too small ---------------- */

static void build_into_short_buffer_is_enospc(struct kt *t, const void *p)
{
	static const struct kexec_elfcore_note cpu = CPU0;
	struct kexec_elfcore_layout l = {
		X86, .cpu_notes = &cpu, .nr_cpu_notes = 1,
		.vmcoreinfo = { VMCI_PADDR, VMCI_SIZE }, .align = SZ_4K,
	};
	u8 buf[0x1000];

	memset(buf, GUARD, sizeof(buf));
	KT_EXPECT_EQ(t, kexec_elfcore_build(&l, buf, sizeof(buf) - 1), -ENOSPC);
	KT_EXPECT_LOGGED(t, "kexec: elfcorehdr: buffer of 0xfff bytes", "needs 0x1000");
	KT_EXPECT_EQ(t, first_not(buf, 0, sizeof(buf), GUARD), sizeof(buf));
	kt_log_reset();
	KT_EXPECT_EQ(t, kexec_elfcore_build(&l, buf, 0), -ENOSPC);
	KT_EXPECT_LOGGED(t, "buffer of 0x0 bytes");
	KT_EXPECT_EQ(t, first_not(buf, 0, sizeof(buf), GUARD), sizeof(buf));
}

/* ---------------- bad layouts ---------------- */

static const struct kexec_elfcore_note cpus_ok[2] = { CPU0, CPU1 };
static const struct kexec_elfcore_note cpus_second_empty[2] = { CPU0, { 0x7ffd0000, 0 } };
static const struct kexec_elfcore_note cpus_first_wraps[1] = { { U64_MAX - 0xff, 0x1a8 } };
static const struct kexec_range dump_ok[2] = { D1, D2 };
static const struct kexec_range dump_second_empty[2] = { R(0x1000, 0x2000), R(0x5000, 0x5000) };
static const struct kexec_range dump_inverted[1] = { R(0x3000, 0x2000) };
static const struct kexec_range dump_unsorted[2] = { R(0x5000, 0x6000), R(0x1000, 0x2000) };
static const struct kexec_range dump_overlap[2] = { R(0x1000, 0x3000), R(0x2000, 0x4000) };
static const struct kexec_range dump_same_start[2] = { R(0x1000, 0x2000), R(0x1000, 0x3000) };

#define GOOD_CPUS	.cpu_notes = cpus_ok, .nr_cpu_notes = 2
#define GOOD_VMCI	.vmcoreinfo = { VMCI_PADDR, VMCI_SIZE }
#define GOOD_DUMP	.dump = dump_ok, .nr_dump = 2
#define PAGE		.align = SZ_4K

struct bad_row {
	const char *name;
	struct kexec_elfcore_layout l;
	int rc;
	const char *needle[2];
};

static const struct bad_row bad_rows[] = {
	{ "no CPU notes", { X86, .cpu_notes = cpus_ok, GOOD_VMCI, GOOD_DUMP, PAGE },
	  -EINVAL, { "no CPU crash notes", "0 given" } },
	{ "CPU note count without an array", { X86, .nr_cpu_notes = 2, GOOD_VMCI, GOOD_DUMP, PAGE },
	  -EINVAL, { "no CPU crash notes", "2 given" } },
	{ "empty CPU note",
	  { X86, .cpu_notes = cpus_second_empty, .nr_cpu_notes = 2, GOOD_VMCI, GOOD_DUMP, PAGE },
	  -EINVAL, { "CPU 1 note at 0x7ffd0000", "size 0x0" } },
	{ "CPU note wrapping past 2^64",
	  { X86, .cpu_notes = cpus_first_wraps, .nr_cpu_notes = 1, GOOD_VMCI, GOOD_DUMP, PAGE },
	  -EINVAL, { "CPU 0 note at 0xffffffffffffff00", "wraps" } },
	{ "empty vmcoreinfo note",
	  { X86, GOOD_CPUS, .vmcoreinfo = { VMCI_PADDR, 0 }, GOOD_DUMP, PAGE },
	  -EINVAL, { "vmcoreinfo note at 0x2f00000", "size 0x0" } },
	{ "vmcoreinfo note ending at 2^64",
	  { X86, GOOD_CPUS, .vmcoreinfo = { 0xfffffffffffff000ULL, SZ_4K }, GOOD_DUMP, PAGE },
	  -EINVAL, { "vmcoreinfo note at 0xfffffffffffff000", "wraps" } },
	{ "kernel map wrapping past the top of physical memory",
	  { X86, GOOD_CPUS, GOOD_VMCI, .kernel_map = { U64_MAX - 0xfff, SZ_1M },
	    .kernel_vaddr = 0xffffffff81000000ULL, GOOD_DUMP, PAGE },
	  -EINVAL, { "kernel map 0xfffffffffffff000 at 0xffffffff81000000", "wraps" } },
	{ "kernel map wrapping past the top of virtual memory",
	  { X86, GOOD_CPUS, GOOD_VMCI, .kernel_map = { 0x1000000, 0x2400000 },
	    .kernel_vaddr = 0xffffffffff000000ULL, GOOD_DUMP, PAGE },
	  -EINVAL, { "kernel map 0x1000000 at 0xffffffffff000000", "size 0x2400000" } },
	{ "alignment 0", { X86, GOOD_CPUS, GOOD_VMCI, GOOD_DUMP },
	  -EINVAL, { "alignment 0x0 is not a power of two" } },
	{ "alignment 0x1800", { X86, GOOD_CPUS, GOOD_VMCI, GOOD_DUMP, .align = 0x1800 },
	  -EINVAL, { "alignment 0x1800 is not a power of two" } },
	{ "dump range count without an array", { X86, GOOD_CPUS, GOOD_VMCI, .nr_dump = 2, PAGE },
	  -EINVAL, { "2 dump ranges but no array" } },
	{ "empty dump range",
	  { X86, GOOD_CPUS, GOOD_VMCI, .dump = dump_second_empty, .nr_dump = 2, PAGE },
	  -EINVAL, { "dump range 1 [0x5000, 0x5000) is empty" } },
	{ "dump range ending before it starts",
	  { X86, GOOD_CPUS, GOOD_VMCI, .dump = dump_inverted, .nr_dump = 1, PAGE },
	  -EINVAL, { "dump range 0 [0x3000, 0x2000) is empty" } },
	{ "dump ranges out of order",
	  { X86, GOOD_CPUS, GOOD_VMCI, .dump = dump_unsorted, .nr_dump = 2, PAGE },
	  -EINVAL, { "dump range 1 at 0x1000 is below range 0 at 0x5000" } },
	{ "overlapping dump ranges",
	  { X86, GOOD_CPUS, GOOD_VMCI, .dump = dump_overlap, .nr_dump = 2, PAGE },
	  -EINVAL, { "dump range 1 at 0x2000 overlaps range 0 ending at 0x3000" } },
	{ "two dump ranges starting at the same address",
	  { X86, GOOD_CPUS, GOOD_VMCI, .dump = dump_same_start, .nr_dump = 2, PAGE },
	  -EINVAL, { "dump range 1 at 0x1000 overlaps range 0 ending at 0x2000" } },
	{ "SIZE_MAX dump ranges: -E2BIG, no overflow, array not read",
	  { X86, GOOD_CPUS, GOOD_VMCI, .dump = dump_ok, .nr_dump = SIZE_MAX, PAGE },
	  -E2BIG, { "2 CPU notes and 18446744073709551615 dump ranges",
		    "more than 65534 program headers" } },
	{ "65535 CPU notes: -E2BIG before the notes are read",
	  { X86, .cpu_notes = cpus_ok, .nr_cpu_notes = 0xffff, GOOD_VMCI, PAGE },
	  -E2BIG, { "65535 CPU notes and 0 dump ranges", "more than 65534" } },
};

static void bad_layout(struct kt *t, const void *p)
{
	const struct bad_row *row = p;
	size_t size = 0x5a5a;
	u8 buf[64];

	KT_EXPECT_EQ(t, kexec_elfcore_size(&row->l, &size), row->rc);
	KT_EXPECT_LOGGED(t, "kexec: elfcorehdr: ", row->needle[0],
			 row->needle[1] ? row->needle[1] : "");
	KT_EXPECT_EQ(t, size, 0x5a5a);
	kt_log_reset();
	memset(buf, GUARD, sizeof(buf));
	KT_EXPECT_EQ(t, kexec_elfcore_build(&row->l, buf, sizeof(buf)), row->rc);
	KT_EXPECT_LOGGED(t, "kexec: elfcorehdr: ", row->needle[0],
			 row->needle[1] ? row->needle[1] : "");
	KT_EXPECT_EQ(t, first_not(buf, 0, sizeof(buf), GUARD), sizeof(buf));
}

/* ---------------- the e_phnum limit ---------------- */

struct phnum_row {
	const char *name;
	bool kernel_map;
	size_t nr_dump;
	int rc;
	size_t size;	/* when rc is 0; e_phnum is then 2 + kernel_map + nr_dump */
};

static const struct phnum_row phnum_rows[] = {
	/* 64 + 65534 x 56 = 3669968, rounded up to 3670016 (896 pages) */
	{ "65534 program headers are the most e_phnum holds", false, 65532, 0, 3670016 },
	{ "65534 program headers including the kernel map", true, 65531, 0, 3670016 },
	{ "65535 program headers are -E2BIG (0xffff is PN_XNUM)", false, 65533, -E2BIG },
	{ "kernel map tips 65534 over the limit", true, 65532, -E2BIG },
};

static void phnum_limit(struct kt *t, const void *p)
{
	const struct phnum_row *row = p;
	static const struct kexec_elfcore_note cpu = CPU0;
	struct kexec_elfcore_layout l = {
		X86, .cpu_notes = &cpu, .nr_cpu_notes = 1, GOOD_VMCI, PAGE,
		.kernel_map = { SZ_1G, row->kernel_map ? SZ_1M : 0 },
		.kernel_vaddr = 0xffffffff81000000ULL,
	};
	struct kexec_range *dump = calloc(row->nr_dump, sizeof(*dump));
	unsigned int phnum = 2 + row->kernel_map + row->nr_dump;
	struct want_phdr last;
	size_t i, size;
	u8 *buf;

	KT_ASSERT_TRUE(t, dump);
	for (i = 0; i < row->nr_dump; i++)
		dump[i] = (struct kexec_range)R(i * SZ_2M, i * SZ_2M + SZ_1M);
	l.dump = dump;
	l.nr_dump = row->nr_dump;
	if (row->rc) {
		KT_EXPECT_EQ(t, kexec_elfcore_size(&l, &size), row->rc);
		KT_EXPECT_LOGGED(t, "more than 65534 program headers");
	} else {
		buf = build_checked(t, &l, phnum, row->size);
		i = row->nr_dump - 1;
		last = (struct want_phdr)LOAD(i * SZ_2M, X86_DMAP + i * SZ_2M, SZ_1M);
		if (buf)
			expect_phdr(t, buf, phnum - 1, &last);
		free(buf);
	}
	free(dump);
}

/* ---------------- kexec_crash_dump_ranges ---------------- */

struct dump_row {
	const char *name;
	struct kexec_range ram[4];
	size_t nr_ram;
	struct kexec_range exclude[4];
	size_t nr_exclude;
	struct kexec_range want[4];
	size_t nr_want;
};

#define RAM(...)	.ram = { __VA_ARGS__ },						\
			.nr_ram = ARRAY_SIZE(((struct kexec_range[]){ __VA_ARGS__ }))
#define EXCL(...)	.exclude = { __VA_ARGS__ },					\
			.nr_exclude = ARRAY_SIZE(((struct kexec_range[]){ __VA_ARGS__ }))
#define WANT(...)	.want = { __VA_ARGS__ },					\
			.nr_want = ARRAY_SIZE(((struct kexec_range[]){ __VA_ARGS__ }))

/* An x86 guest with 8 GiB: RAM below 640K, below 3 GiB and above 4 GiB. */
#define X86_RAM		R(0x1000, 0x9f000), R(SZ_1M, 0xbffe0000), R(SZ_4G, 0x240000000)
#define LOW_1M		R(0, SZ_1M)
#define CRASHK		R(0x220000000, 0x240000000)	/* crashkernel=512M,high */
#define CRASHK_LOW	R(0xaf000000, 0xbf000000)	/* crashkernel=256M,low */

static const struct dump_row dump_rows[] = {
	/*
	 *   RAM   [1M ...................................... 2G)
	 *   crash           [0x30000000 .. 0x40000000)
	 *   dump  [1M ... 0x30000000)          [0x40000000 .. 2G)
	 */
	{ "crash region in the middle of a RAM range splits it",
	  RAM(R(SZ_1M, 2 * SZ_1G)), EXCL(R(0x30000000, 0x40000000)),
	  WANT(R(SZ_1M, 0x30000000), R(0x40000000, 2 * SZ_1G)) },
	{ "crash region at the start of a RAM range trims its start",
	  RAM(R(SZ_1M, 2 * SZ_1G)), EXCL(R(SZ_1M, 0x11000000)),
	  WANT(R(0x11000000, 2 * SZ_1G)) },
	{ "crash region at the end of a RAM range trims its end",
	  RAM(R(SZ_1M, 2 * SZ_1G)), EXCL(R(0x70000000, 2 * SZ_1G)),
	  WANT(R(SZ_1M, 0x70000000)) },
	{ "crash region covering a whole RAM range drops it",
	  RAM(R(SZ_1M, 2 * SZ_1G), R(SZ_4G, 10 * SZ_1G)), EXCL(R(SZ_4G, 10 * SZ_1G)),
	  WANT(R(SZ_1M, 2 * SZ_1G)) },
	/*
	 *   RAM   [1M ....... 0x7ffe0000)     [4G ............ 10G)
	 *   crash          [0x70000000 ............. 0x110000000)
	 *   dump  [1M .. 0x70000000)                [0x110000000 .. 10G)
	 */
	{ "crash region spanning two RAM ranges trims both",
	  RAM(R(SZ_1M, 0x7ffe0000), R(SZ_4G, 10 * SZ_1G)), EXCL(R(0x70000000, 0x110000000)),
	  WANT(R(SZ_1M, 0x70000000), R(0x110000000, 10 * SZ_1G)) },
	/*
	 *   RAM   [4K..640K) [1M ....................... 3G)  [4G ........... 9G)
	 *   excl  [0 .. 1M)            [low: 0xaf000000, 0xbf000000)  [crash 8.5G, 9G)
	 *   dump             [1M .. 0xaf000000)  [0xbf000000 .. 3G)  [4G .. 8.5G)
	 */
	{ "x86: first 1 MiB, crashkernel and crashkernel-low excluded at once",
	  RAM(X86_RAM), EXCL(LOW_1M, CRASHK, CRASHK_LOW),
	  WANT(R(SZ_1M, 0xaf000000), R(0xbf000000, 0xbffe0000), R(SZ_4G, 0x220000000)) },
	{ "the same exclusions in another order give the same dump",
	  RAM(X86_RAM), EXCL(CRASHK_LOW, CRASHK, LOW_1M),
	  WANT(R(SZ_1M, 0xaf000000), R(0xbf000000, 0xbffe0000), R(SZ_4G, 0x220000000)) },
	{ "exclusion in a hole between RAM ranges changes nothing",
	  RAM(X86_RAM), EXCL(R(0xc0000000, SZ_4G)), WANT(X86_RAM) },
	{ "no exclusions: the dump is all RAM", RAM(X86_RAM), WANT(X86_RAM) },
	{ "empty exclusion is ignored", RAM(X86_RAM), EXCL(R(0x5000, 0x5000)), WANT(X86_RAM) },
	{ "exclusion covering all RAM leaves nothing", RAM(X86_RAM), EXCL(R(0, U64_MAX)) },
};

/* @ram is built from @r; on failure it is freed and empty. */
static int ram_of(struct kexec_range_set *ram, const struct kexec_range *r, size_t nr)
{
	size_t i;
	int ret = 0;

	kexec_range_set_init(ram);
	for (i = 0; i < nr && !ret; i++)
		ret = kexec_range_set_add(ram, &r[i]);
	if (ret)
		kexec_range_set_free(ram);
	return ret;
}

static void expect_ranges(struct kt *t, const struct kexec_range_set *set,
			  const struct kexec_range *want, size_t nr)
{
	size_t i;

	if (!KT_EXPECT_EQ(t, set->nr, nr))
		return;
	for (i = 0; i < nr; i++)
		if (!KT_EXPECT_EQ(t, set->ranges[i].start, want[i].start) ||
		    !KT_EXPECT_EQ(t, set->ranges[i].end, want[i].end))
			return;
}

/* On failure @dump must be empty and hold no memory. */
static void expect_empty_after_failure(struct kt *t, const struct kexec_range_set *dump)
{
	KT_EXPECT_EQ(t, dump->nr, 0);
	KT_EXPECT_EQ(t, dump->cap, 0);
	KT_EXPECT_TRUE(t, !dump->ranges);
}

static int dump_ranges_op(struct kt *t, const void *p)
{
	const struct dump_row *row = p;
	struct kexec_range_set ram, dump = { .nr = 99 };
	int ret;

	ret = ram_of(&ram, row->ram, row->nr_ram);
	if (ret)
		return ret;
	ret = kexec_crash_dump_ranges(&ram, row->exclude, row->nr_exclude, &dump);
	if (ret) {
		expect_empty_after_failure(t, &dump);
	} else {
		expect_ranges(t, &dump, row->want, row->nr_want);
		KT_EXPECT_NO_LOG(t);
	}
	kexec_range_set_free(&dump);
	kexec_range_set_free(&ram);
	return ret;
}

static void dump_ranges(struct kt *t, const void *p)
{
	KT_EXPECT_EQ(t, dump_ranges_op(t, p), 0);
}

static void dump_ranges_of_no_ram_is_empty(struct kt *t, const void *p)
{
	static const struct kexec_range excl[] = { LOW_1M };
	struct kexec_range_set ram = KEXEC_RANGE_SET_INIT, dump = { .nr = 99 };

	KT_EXPECT_EQ(t, kexec_crash_dump_ranges(&ram, excl, ARRAY_SIZE(excl), &dump), 0);
	KT_EXPECT_EQ(t, dump.nr, 0);
	KT_EXPECT_NO_LOG(t);
	kexec_range_set_free(&dump);
}

static void dump_ranges_reject_an_inverted_exclusion(struct kt *t, const void *p)
{
	static const struct kexec_range ram_r[] = { X86_RAM };
	static const struct kexec_range excl[] = { LOW_1M, R(0x3000, 0x2000) };
	struct kexec_range_set ram, dump;

	KT_ASSERT_EQ(t, ram_of(&ram, ram_r, ARRAY_SIZE(ram_r)), 0);
	KT_EXPECT_EQ(t, kexec_crash_dump_ranges(&ram, excl, ARRAY_SIZE(excl), &dump), -EINVAL);
	KT_EXPECT_LOGGED(t, "kexec: remove", "0x3000", "0x2000");
	expect_empty_after_failure(t, &dump);
	kexec_range_set_free(&ram);
}

/* ---------------- thousands of ranges ---------------- */

/*
 * 5000 RAM ranges of 3 MiB every 4 MiB. Excluded: the first 1 MiB (cuts
 * range 0), a crash region from the middle of range 1000 to 1 MiB into range
 * 1200 (drops 199 ranges), and 4 KiB one MiB into each of ranges 2000..3999
 * (2000 splits). 5000 - 199 + 2000 = 6801 dump ranges.
 */
#define BIG_RAM		5000
#define BIG_DUMP	6801
#define BIG_EXCL	2002

static struct kexec_range big_exclude[BIG_EXCL];
static struct kexec_range big_want[BIG_DUMP];

static u64 ram_at(size_t i)
{
	return i * SZ_4M;
}

static void big_map_expectation(void)
{
	size_t i, n = 0, e = 0;

	big_exclude[e++] = (struct kexec_range)LOW_1M;
	big_exclude[e++] = (struct kexec_range)R(ram_at(1000) + SZ_2M, ram_at(1200) + SZ_1M);
	for (i = 2000; i < 4000; i++) {
		u64 hole = ram_at(i) + SZ_1M;

		big_exclude[e++] = (struct kexec_range)R(hole, hole + SZ_4K);
	}

	big_want[n++] = (struct kexec_range)R(SZ_1M, ram_at(0) + 3 * SZ_1M);
	for (i = 1; i < 5000; i++) {
		u64 s = ram_at(i), e3 = s + 3 * SZ_1M;

		if (i > 1000 && i < 1200)
			continue;
		if (i == 1000) {
			big_want[n++] = (struct kexec_range)R(s, s + SZ_2M);
		} else if (i == 1200) {
			big_want[n++] = (struct kexec_range)R(s + SZ_1M, e3);
		} else if (i >= 2000 && i < 4000) {
			big_want[n++] = (struct kexec_range)R(s, s + SZ_1M);
			big_want[n++] = (struct kexec_range)R(s + SZ_1M + SZ_4K, e3);
		} else {
			big_want[n++] = (struct kexec_range)R(s, e3);
		}
	}
}

static int big_ram(struct kexec_range_set *ram)
{
	struct kexec_range r;
	size_t i;
	int ret = 0;

	kexec_range_set_init(ram);
	for (i = 0; i < BIG_RAM && !ret; i++) {
		r = (struct kexec_range)R(ram_at(i), ram_at(i) + 3 * SZ_1M);
		ret = kexec_range_set_add(ram, &r);
	}
	if (ret)
		kexec_range_set_free(ram);
	return ret;
}

static int big_map_op(struct kt *t, const void *p)
{
	struct kexec_range_set ram, dump;
	int ret;

	big_map_expectation();
	ret = big_ram(&ram);
	if (ret)
		return ret;
	ret = kexec_crash_dump_ranges(&ram, big_exclude, BIG_EXCL, &dump);
	if (ret)
		expect_empty_after_failure(t, &dump);
	else
		expect_ranges(t, &dump, big_want, BIG_DUMP);
	kexec_range_set_free(&dump);
	kexec_range_set_free(&ram);
	return ret;
}

static void big_map_header_lists_every_range(struct kt *t, const void *p)
{
	struct kexec_range_set ram, dump;
	struct kexec_elfcore_layout l = {
		X86, .cpu_notes = cpus_ok, .nr_cpu_notes = 2, GOOD_VMCI, KMAP, PAGE,
	};
	const struct want_phdr kmap = LOAD_KMAP;
	struct want_phdr w;
	size_t i;
	u8 *buf;

	big_map_expectation();
	KT_ASSERT_EQ(t, big_ram(&ram), 0);
	KT_ASSERT_EQ(t, kexec_crash_dump_ranges(&ram, big_exclude, BIG_EXCL, &dump), 0);
	l.dump = dump.ranges;
	l.nr_dump = dump.nr;
	/* 2 notes + vmcoreinfo + kernel map + 6801 = 6805; 64 + 6805 x 56 = 381144 */
	buf = build_checked(t, &l, 4 + BIG_DUMP, 94 * SZ_4K);
	if (buf && expect_phdr(t, buf, 3, &kmap)) {
		for (i = 0; i < BIG_DUMP; i++) {
			w = (struct want_phdr)LOAD(big_want[i].start, X86_DMAP + big_want[i].start,
						   big_want[i].end - big_want[i].start);
			if (!expect_phdr(t, buf, 4 + i, &w))
				break;
		}
	}
	free(buf);
	kexec_range_set_free(&dump);
	kexec_range_set_free(&ram);
}

/* ---------------- crash_exclude_mem_range ---------------- */

#define CM_MAX	6

struct cm_row {
	const char *name;
	struct crash_mem_range in[CM_MAX];
	unsigned int nr_in;
	unsigned int max;	/* 0: CM_MAX */
	u64 mstart, mend;
	int rc;
	struct crash_mem_range out[CM_MAX];
	unsigned int nr_out;
};

#define IN(...)		.in = { __VA_ARGS__ },						\
			.nr_in = ARRAY_SIZE(((struct crash_mem_range[]){ __VA_ARGS__ }))
#define OUT(...)	.out = { __VA_ARGS__ },						\
			.nr_out = ARRAY_SIZE(((struct crash_mem_range[]){ __VA_ARGS__ }))
#define C(s, e)		{ .start = (s), .end = (e) }
/* Two ranges with a gap: [0x1000, 0x1fff] and [0x3000, 0x3fff], ends inclusive. */
#define TWO		IN(C(0x1000, 0x1fff), C(0x3000, 0x3fff))
#define TWO_OUT		OUT(C(0x1000, 0x1fff), C(0x3000, 0x3fff))

static const struct cm_row cm_rows[] = {
	{ "below every range: unchanged", TWO, .mstart = 0, .mend = 0x7ff, .rc = 0, TWO_OUT },
	{ "ending one byte before a range: unchanged", TWO, .mstart = 0x800, .mend = 0xfff,
	  TWO_OUT },
	{ "ending on a range's first byte removes that byte", TWO, .mstart = 0x800,
	  .mend = 0x1000, OUT(C(0x1001, 0x1fff), C(0x3000, 0x3fff)) },
	{ "starting on a range's last byte removes that byte", TWO, .mstart = 0x1fff,
	  .mend = 0x27ff, OUT(C(0x1000, 0x1ffe), C(0x3000, 0x3fff)) },
	{ "starting one byte after a range: unchanged", TWO, .mstart = 0x2000, .mend = 0x2fff,
	  TWO_OUT },
	{ "above every range: unchanged", TWO, .mstart = 0x4000, .mend = 0x4fff, TWO_OUT },
	{ "covering a range exactly drops it", TWO, .mstart = 0x1000, .mend = 0x1fff,
	  OUT(C(0x3000, 0x3fff)) },
	{ "covering a range with room either side drops it", TWO, .mstart = 0x800,
	  .mend = 0x27ff, OUT(C(0x3000, 0x3fff)) },
	{ "covering the last range drops it", TWO, .mstart = 0x3000, .mend = U64_MAX,
	  OUT(C(0x1000, 0x1fff)) },
	{ "at a range's start trims its start", TWO, .mstart = 0x1000, .mend = 0x17ff,
	  OUT(C(0x1800, 0x1fff), C(0x3000, 0x3fff)) },
	{ "at a range's end trims its end", TWO, .mstart = 0x1800, .mend = 0x1fff,
	  OUT(C(0x1000, 0x17ff), C(0x3000, 0x3fff)) },
	{ "strictly inside a range splits it in two", TWO, .mstart = 0x1400, .mend = 0x17ff,
	  OUT(C(0x1000, 0x13ff), C(0x1800, 0x1fff), C(0x3000, 0x3fff)) },
	{ "one byte inside a range splits it", TWO, .mstart = 0x3400, .mend = 0x3400,
	  OUT(C(0x1000, 0x1fff), C(0x3000, 0x33ff), C(0x3401, 0x3fff)) },
	{ "a three-byte range loses its middle byte", IN(C(0x10, 0x12)), .mstart = 0x11,
	  .mend = 0x11, OUT(C(0x10, 0x10), C(0x12, 0x12)) },
	{ "a one-byte range excluded by itself is dropped", IN(C(0x5, 0x5)), .mstart = 0x5,
	  .mend = 0x5 },
	{ "spanning two ranges trims the end of one and the start of the next", TWO,
	  .mstart = 0x1800, .mend = 0x37ff, OUT(C(0x1000, 0x17ff), C(0x3800, 0x3fff)) },
	{ "spanning three ranges drops the middle one",
	  IN(C(0x1000, 0x1fff), C(0x3000, 0x3fff), C(0x5000, 0x5fff)), .mstart = 0x1800,
	  .mend = 0x57ff, OUT(C(0x1000, 0x17ff), C(0x5800, 0x5fff)) },
	{ "the whole address space empties the list", TWO, .mstart = 0, .mend = U64_MAX },
	{ "a range ending at U64_MAX trimmed from above",
	  IN(C(0xffffffffffff0000ULL, U64_MAX)), .mstart = 0xffffffffffff8000ULL,
	  .mend = U64_MAX, OUT(C(0xffffffffffff0000ULL, 0xffffffffffff7fffULL)) },
	{ "a range starting at 0 trimmed from below", IN(C(0, 0xfff)), .mstart = 0, .mend = 0x7ff,
	  OUT(C(0x800, 0xfff)) },
	{ "end below start removes nothing", TWO, .mstart = 0x1800, .mend = 0x17ff, TWO_OUT },
	{ "an empty list stays empty", .mstart = 0, .mend = U64_MAX },
	{ "split with the list full: -ENOMEM, list unchanged", TWO, .max = 2, .mstart = 0x1400,
	  .mend = 0x17ff, .rc = -ENOMEM, TWO_OUT },
	{ "split into the last free slot", TWO, .max = 3, .mstart = 0x1400, .mend = 0x17ff,
	  OUT(C(0x1000, 0x13ff), C(0x1800, 0x1fff), C(0x3000, 0x3fff)) },
	{ "trim with the list full needs no slot", TWO, .max = 2, .mstart = 0x1800,
	  .mend = 0x37ff, OUT(C(0x1000, 0x17ff), C(0x3800, 0x3fff)) },
	{ "drop with the list full needs no slot", TWO, .max = 2, .mstart = 0x1000,
	  .mend = 0x1fff, OUT(C(0x3000, 0x3fff)) },
	{ "two overlapping ranges to split need two free slots: -ENOMEM with one",
	  IN(C(0x1000, 0x1fff), C(0x1000, 0x2fff)), .max = 3, .mstart = 0x1400, .mend = 0x17ff,
	  .rc = -ENOMEM, OUT(C(0x1000, 0x1fff), C(0x1000, 0x2fff)) },
};

static void exclude_mem_range(struct kt *t, const void *p)
{
	const struct cm_row *row = p;
	unsigned int max = row->max ? row->max : CM_MAX, i;
	struct crash_mem *mem;

	mem = kzalloc(sizeof(*mem) + max * sizeof(mem->ranges[0]), GFP_KERNEL);
	KT_ASSERT_TRUE(t, mem);
	mem->max_nr_ranges = max;
	mem->nr_ranges = row->nr_in;
	memcpy(mem->ranges, row->in, row->nr_in * sizeof(row->in[0]));

	KT_EXPECT_EQ(t, crash_exclude_mem_range(mem, row->mstart, row->mend), row->rc);
	if (row->rc)
		KT_EXPECT_LOGGED(t, "kexec: crash_mem: no room to split");
	else
		KT_EXPECT_NO_LOG(t);
	KT_EXPECT_EQ(t, mem->max_nr_ranges, max);
	if (KT_EXPECT_EQ(t, mem->nr_ranges, row->nr_out)) {
		for (i = 0; i < row->nr_out; i++) {
			KT_EXPECT_EQ(t, mem->ranges[i].start, row->out[i].start);
			KT_EXPECT_EQ(t, mem->ranges[i].end, row->out[i].end);
		}
	}
	kfree(mem);
}

static const struct kt_case cases[] = {
	KT_TABLE(build_exact, build_rows),
	KT_TABLE(size_rounding, size_rows),
	KT_CASE(build_into_short_buffer_is_enospc),
	KT_TABLE(bad_layout, bad_rows),
	KT_TABLE(phnum_limit, phnum_rows),
	KT_TABLE(dump_ranges, dump_rows),
	KT_SWEEP_TABLE(dump_ranges_op, dump_rows),
	KT_CASE(dump_ranges_of_no_ram_is_empty),
	KT_CASE(dump_ranges_reject_an_inverted_exclusion),
	KT_SWEEP(big_map_op),
	KT_CASE(big_map_header_lists_every_range),
	KT_TABLE(exclude_mem_range, cm_rows),
};

KT_MAIN(cases)
