// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for arch/x86/kernel/kexec_bzimage64_vmlinux.c: finding the
 * payload, reading the decompressed kernel (ELF file, then relocation
 * tables), laying it out and relocating it, on a synthetic kernel and on
 * the overlay's own vmlinux.bin and vmlinux.relocs when they are built.
 *
 * The synthetic kernel, linked for physical 16 MiB like a real one:
 *
 *   blob offset  what                         runs at (from the start)
 *   0x0000       ELF header, 2 program headers
 *   0x1000       text, 0x100 bytes            0x0000 (virtual 0xffffffff81000000)
 *   0x2000       per-CPU data, 0x40 bytes     0x1800 (virtual 0)
 *                .bss: memsz 0x5000           up to 0x6800
 *   0x2040       relocation tables: 0, one 64-bit field (text + 0x10),
 *                0, one inverse 32-bit field (text + 0x20), 0, two 32-bit
 *                fields (text + 0x30, per-CPU + 0x8)
 */
#include "seams/x86_kexec_pure.h"
#include "../../../arch/x86/kernel/kexec_bzimage64_vmlinux.c"

#include <stdlib.h>

#include "harness/kt.h"

#define BASE		0x1000000ULL
#define TEXT_VADDR	(BZ64_START_KERNEL_MAP + BASE)
#define PCPU_RUN	0x1800
#define RELOCS_AT	0x2040
#define BLOB_LEN	(RELOCS_AT + 8 * 4)
#define MIB		0x100000ULL

struct blob {
	u8 b[BLOB_LEN];
};

static void put_phdr(struct blob *bl, int i, u64 off, u64 vaddr, u64 paddr, u64 filesz,
		     u64 memsz)
{
	Elf64_Phdr ph = {
		.p_type = PT_LOAD, .p_offset = off, .p_vaddr = vaddr, .p_paddr = paddr,
		.p_filesz = filesz, .p_memsz = memsz, .p_align = 0x200000,
	};

	memcpy(bl->b + sizeof(Elf64_Ehdr) + i * sizeof(ph), &ph, sizeof(ph));
}

static void put_word(struct blob *bl, int i, u32 w)
{
	put_le32(bl->b + RELOCS_AT + 4 * i, w);
}

static void blob_init(struct blob *bl)
{
	Elf64_Ehdr eh = {
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_entry = BASE, .e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = 2,
	};
	int i;

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	memset(bl->b, 0, sizeof(bl->b));
	memcpy(bl->b, &eh, sizeof(eh));
	put_phdr(bl, 0, 0x1000, TEXT_VADDR, BASE, 0x100, 0x100);
	put_phdr(bl, 1, 0x2000, 0, BASE + PCPU_RUN, 0x40, 0x5000);
	for (i = 0; i < 0x100; i++)
		bl->b[0x1000 + i] = (u8)i;
	for (i = 0; i < 0x40; i++)
		bl->b[0x2000 + i] = (u8)(0x80 + i);
	put_word(bl, 0, 0);
	put_word(bl, 1, (u32)(TEXT_VADDR + 0x10));
	put_word(bl, 2, 0);
	put_word(bl, 3, (u32)(TEXT_VADDR + 0x20));
	put_word(bl, 4, 0);
	put_word(bl, 5, (u32)(TEXT_VADDR + 0x30));
	put_word(bl, 6, (u32)(TEXT_VADDR + PCPU_RUN + 0x8));
	put_word(bl, 7, 0);	/* overwritten by the cases that need it */
}

/* The synthetic blob without its last word: the 32-bit table ends at word 6. */
#define SYNTH_LEN	(BLOB_LEN - 4)

static void parse_reads_layout_and_tables(struct kt *t, const void *p)
{
	struct blob bl;
	struct bz64_vmlinux vm;

	blob_init(&bl);
	KT_ASSERT_EQ(t, bz64_vmlinux_parse(bl.b, SYNTH_LEN, &vm), 0);
	KT_EXPECT_EQ(t, vm.base_paddr, BASE);
	KT_EXPECT_EQ(t, vm.entry_offset, 0);
	KT_EXPECT_EQ(t, vm.load_size, PCPU_RUN + 0x40);
	KT_EXPECT_EQ(t, vm.run_size, PCPU_RUN + 0x5000);
	KT_EXPECT_EQ(t, vm.nr_loads, 2);
	KT_EXPECT_EQ(t, vm.loads[1].run_offset, PCPU_RUN);
	KT_EXPECT_EQ(t, vm.relocs_start, RELOCS_AT);
	KT_EXPECT_TRUE(t, vm.relocatable);
	KT_EXPECT_EQ(t, vm.nr_relocs[RELOCS_64], 1);
	KT_EXPECT_EQ(t, vm.nr_relocs[RELOCS_INV32], 1);
	KT_EXPECT_EQ(t, vm.nr_relocs[RELOCS_32], 2);
	KT_EXPECT_NO_LOG(t);
}

static void lay_out_places_segments_and_zeroes_gaps(struct kt *t, const void *p)
{
	struct blob bl;
	struct bz64_vmlinux vm;
	u8 *dst;

	blob_init(&bl);
	KT_ASSERT_EQ(t, bz64_vmlinux_parse(bl.b, SYNTH_LEN, &vm), 0);
	dst = malloc(vm.load_size);
	memset(dst, 0xee, vm.load_size);
	bz64_vmlinux_lay_out(bl.b, &vm, dst);
	KT_EXPECT_EQ(t, memcmp(dst, bl.b + 0x1000, 0x100), 0);
	KT_EXPECT_EQ(t, dst[0x100], 0);
	KT_EXPECT_EQ(t, dst[PCPU_RUN - 1], 0);
	KT_EXPECT_EQ(t, memcmp(dst + PCPU_RUN, bl.b + 0x2000, 0x40), 0);
	free(dst);
}

/* misc.c's arithmetic: 64 and 32 move up by delta, inverse 32 down. */
static void relocate_moves_each_table_its_way(struct kt *t, const void *p)
{
	const u64 delta = 0x2400000;
	struct blob bl;
	struct bz64_vmlinux vm;
	u8 *dst;

	blob_init(&bl);
	KT_ASSERT_EQ(t, bz64_vmlinux_parse(bl.b, SYNTH_LEN, &vm), 0);
	dst = malloc(vm.load_size);
	bz64_vmlinux_lay_out(bl.b, &vm, dst);
	put_le64(dst + 0x10, TEXT_VADDR + 0x40);
	put_le32(dst + 0x20, 0x1000);
	put_le32(dst + 0x30, (u32)(TEXT_VADDR + 0x50));
	put_le32(dst + PCPU_RUN + 8, (u32)(TEXT_VADDR + 0x60));
	bz64_vmlinux_relocate(bl.b, &vm, dst, delta);
	KT_EXPECT_EQ(t, get_le64(dst + 0x10), TEXT_VADDR + 0x40 + delta);
	KT_EXPECT_EQ(t, get_le32(dst + 0x20), (u32)(0x1000 - delta));
	KT_EXPECT_EQ(t, get_le32(dst + 0x30), (u32)(TEXT_VADDR + 0x50 + delta));
	KT_EXPECT_EQ(t, get_le32(dst + PCPU_RUN + 8), (u32)(TEXT_VADDR + 0x60 + delta));
	/* Nothing else changed. */
	KT_EXPECT_EQ(t, dst[0x18], 0x18);
	KT_EXPECT_EQ(t, dst[0x24], 0x24);
	free(dst);
}

/* Laid out and relocated where it was decompressed, the kernel is the same. */
static void lay_out_in_place_matches_a_copy(struct kt *t, const void *p)
{
	const u64 delta = 0x600000;
	struct blob bl, in_place;
	struct bz64_vmlinux vm;
	u8 *dst;

	blob_init(&bl);
	KT_ASSERT_EQ(t, bz64_vmlinux_parse(bl.b, SYNTH_LEN, &vm), 0);
	KT_ASSERT_TRUE(t, vm.in_place);
	dst = malloc(vm.load_size);
	bz64_vmlinux_lay_out(bl.b, &vm, dst);
	bz64_vmlinux_relocate(bl.b, &vm, dst, delta);
	in_place = bl;
	bz64_vmlinux_lay_out(in_place.b, &vm, in_place.b);
	bz64_vmlinux_relocate(in_place.b, &vm, in_place.b, delta);
	KT_EXPECT_EQ(t, memcmp(in_place.b, dst, vm.load_size), 0);
	KT_EXPECT_EQ(t, memcmp(in_place.b + RELOCS_AT, bl.b + RELOCS_AT, SYNTH_LEN - RELOCS_AT), 0);
	free(dst);
}

/* A segment that sits lower in the file than in memory needs a second buffer. */
static void segment_below_its_place_is_not_in_place(struct kt *t, const void *p)
{
	struct blob bl;
	struct bz64_vmlinux vm;

	blob_init(&bl);
	memcpy(bl.b + 0x1100, bl.b + 0x2000, 0x40);
	put_phdr(&bl, 1, 0x1100, 0, BASE + PCPU_RUN, 0x40, 0x5000);
	/* A null section header at 0x2000 keeps the ELF file's end at the tables. */
	memset(bl.b + 0x2000, 0, 0x40);
	put_le64(bl.b + offsetof(Elf64_Ehdr, e_shoff), 0x2000);
	put_le32(bl.b + offsetof(Elf64_Ehdr, e_shentsize), sizeof(Elf64_Shdr) | 1 << 16);
	KT_ASSERT_EQ(t, bz64_vmlinux_parse(bl.b, SYNTH_LEN, &vm), 0);
	KT_EXPECT_FALSE(t, vm.in_place);
}

static void no_tables_means_not_relocatable(struct kt *t, const void *p)
{
	struct blob bl;
	struct bz64_vmlinux vm;

	blob_init(&bl);
	KT_ASSERT_EQ(t, bz64_vmlinux_parse(bl.b, RELOCS_AT, &vm), 0);
	KT_EXPECT_FALSE(t, vm.relocatable);
	KT_EXPECT_EQ(t, bz64_vmlinux_virt_delta(&vm, 0x200000, 12345), 0);
	KT_EXPECT_NO_LOG(t);
}

/* Every offset is aligned and keeps the whole kernel below 1 GiB. */
static void virt_delta_stays_inside_the_kernel_image(struct kt *t, const void *p)
{
	struct bz64_vmlinux vm = { .base_paddr = BASE, .run_size = 30 * MIB + 1,
				   .relocatable = true };
	u64 slots = (1024 * MIB - BASE - 32 * MIB) / (2 * MIB) + 1;
	u32 r;

	KT_EXPECT_EQ(t, bz64_vmlinux_virt_delta(&vm, 2 * MIB, 0), 0);
	KT_EXPECT_EQ(t, bz64_vmlinux_virt_delta(&vm, 2 * MIB, slots - 1), (slots - 1) * 2 * MIB);
	KT_EXPECT_EQ(t, bz64_vmlinux_virt_delta(&vm, 2 * MIB, slots), 0);
	for (r = 0; r < 100000; r += 7) {
		u64 d = bz64_vmlinux_virt_delta(&vm, 2 * MIB, r * 2654435761u);

		KT_ASSERT_EQ(t, d % (2 * MIB), 0);
		KT_ASSERT_TRUE(t, BASE + d + vm.run_size <= 1024 * MIB);
	}
	vm.run_size = 1024 * MIB;
	KT_EXPECT_EQ(t, bz64_vmlinux_virt_delta(&vm, 2 * MIB, 99), 0);
}

/*
 * A kernel whose .bss has bytes in the file, because a PROGBITS section
 * follows it (Debian's layout): one PT_LOAD of 0x3000 bytes at 0x1000.
 *
 *   run offset  section
 *   0x0000      .text          PROGBITS
 *   0x0800      .bss           NOBITS (like .orc_lookup, in the middle)
 *   0x0c00      .text          PROGBITS
 *   0x1000      .bss           NOBITS
 *   0x2000      .init.scratch  PROGBITS (or another name)
 *   blob 0x4000: .shstrtab, then the section headers at 0x4040; no tables
 */
#define SEC_STRTAB	0x4000
#define SEC_SHDRS	0x4040
#define SEC_LEN		(SEC_SHDRS + 7 * sizeof(Elf64_Shdr))
static const char sec_names[] = "\0.text\0.bss\0.init.scratch\0.shstrtab";

static void put_shdr(u8 *b, int i, u32 name, u32 type, u64 addr, u64 off, u64 size)
{
	Elf64_Shdr sh = {
		.sh_name = name, .sh_type = type, .sh_addr = addr, .sh_offset = off,
		.sh_size = size, .sh_flags = addr ? SHF_ALLOC : 0,
	};

	memcpy(b + SEC_SHDRS + i * sizeof(sh), &sh, sizeof(sh));
}

static u8 *sectioned_blob(const char *scratch_name)
{
	u8 *b = calloc(1, SEC_LEN);
	struct blob bl;
	Elf64_Ehdr eh;

	blob_init(&bl);
	memcpy(&eh, bl.b, sizeof(eh));
	eh.e_phnum = 1;
	eh.e_shoff = SEC_SHDRS;
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = 7;
	eh.e_shstrndx = 6;
	memcpy(b, &eh, sizeof(eh));
	memcpy(bl.b, b, sizeof(eh));
	put_phdr(&bl, 0, 0x1000, TEXT_VADDR, BASE, 0x3000, 0x3000);
	memcpy(b + sizeof(eh), bl.b + sizeof(eh), sizeof(Elf64_Phdr));
	memset(b + 0x1000, 0x5a, 0x1000);
	memcpy(b + SEC_STRTAB, sec_names, sizeof(sec_names));
	memcpy(b + SEC_STRTAB + 12, scratch_name, strlen(scratch_name));
	put_shdr(b, 1, 1, SHT_PROGBITS, TEXT_VADDR, 0x1000, 0x800);
	put_shdr(b, 2, 7, SHT_NOBITS, TEXT_VADDR + 0x800, 0x1800, 0x400);
	put_shdr(b, 3, 1, SHT_PROGBITS, TEXT_VADDR + 0xc00, 0x1c00, 0x400);
	put_shdr(b, 4, 7, SHT_NOBITS, TEXT_VADDR + 0x1000, 0x2000, 0x1000);
	put_shdr(b, 5, 12, SHT_PROGBITS, TEXT_VADDR + 0x2000, 0x3000, 0x1000);
	put_shdr(b, 6, 26, SHT_STRTAB, 0, SEC_STRTAB, sizeof(sec_names));
	return b;
}

/* .bss and .init.scratch are the kernel's own to clear or use: not loaded. */
static void bss_before_init_scratch_is_not_loaded(struct kt *t, const void *p)
{
	u8 *b = sectioned_blob(".init.scratch"), *dst;
	struct bz64_vmlinux vm;

	KT_ASSERT_EQ(t, bz64_vmlinux_parse(b, SEC_LEN, &vm), 0);
	KT_EXPECT_EQ(t, vm.load_size, 0x1000);
	KT_EXPECT_EQ(t, vm.run_size, 0x3000);
	KT_EXPECT_EQ(t, vm.loads[0].filesz, 0x1000);
	KT_EXPECT_FALSE(t, vm.relocatable);
	dst = malloc(vm.load_size);
	bz64_vmlinux_lay_out(b, &vm, dst);
	KT_EXPECT_EQ(t, dst[0xfff], 0x5a);
	KT_EXPECT_NO_LOG(t);
	free(dst);
	free(b);
}

/* Any other section after .bss may need its bytes: all of them are loaded. */
static void bss_before_other_section_is_loaded(struct kt *t, const void *p)
{
	u8 *b = sectioned_blob(".init.stuff!!");
	struct bz64_vmlinux vm;

	KT_ASSERT_EQ(t, bz64_vmlinux_parse(b, SEC_LEN, &vm), 0);
	KT_EXPECT_EQ(t, vm.load_size, 0x3000);
	KT_EXPECT_EQ(t, vm.loads[0].filesz, 0x3000);
	KT_EXPECT_NO_LOG(t);
	free(b);
}

struct bad_row {
	const char *name;
	void (*spoil)(struct blob *bl, size_t *len);
	const char *log;
};

static void bad_magic(struct blob *bl, size_t *len) { bl->b[1] = 'X'; }
static void bad_type(struct blob *bl, size_t *len) { bl->b[16] = ET_DYN; }
static void bad_machine(struct blob *bl, size_t *len) { bl->b[18] = 3; }
static void short_blob(struct blob *bl, size_t *len) { *len = 40; }
static void load_past_end(struct blob *bl, size_t *len)
{
	put_phdr(bl, 1, 0x2000, 0, BASE + PCPU_RUN, 0x4000, 0x5000);
}

static void load_overlaps(struct blob *bl, size_t *len)
{
	put_phdr(bl, 1, 0x2000, 0, BASE + 0x80, 0x40, 0x40);
}

static void not_kernel_map(struct blob *bl, size_t *len)
{
	put_phdr(bl, 0, 0x1000, 0x400000, BASE, 0x100, 0x100);
}

/* Found by fuzz_bzimage64_vmlinux: 448 MiB to allocate for a 4 KiB file. */
static void load_spread_out(struct blob *bl, size_t *len)
{
	put_phdr(bl, 1, 0x2000, 0, BASE + 0x1c000000, 0x40, 0x40);
}

static void reloc_outside(struct blob *bl, size_t *len)
{
	put_word(bl, 5, (u32)(TEXT_VADDR + PCPU_RUN + 0x3e));
}

static void reloc_below(struct blob *bl, size_t *len)
{
	put_word(bl, 1, (u32)(TEXT_VADDR - 8));
}

static void tables_short(struct blob *bl, size_t *len)
{
	put_word(bl, 0, (u32)(TEXT_VADDR + 0x40));	/* the first terminator is gone */
}

static void gap_before_tables(struct blob *bl, size_t *len)
{
	put_word(bl, 7, 0);
	*len = BLOB_LEN;	/* a fourth terminator: one word too many */
}

static void odd_tail(struct blob *bl, size_t *len) { *len = SYNTH_LEN - 2; }
static void entry_outside(struct blob *bl, size_t *len)
{
	put_le64(bl->b + offsetof(Elf64_Ehdr, e_entry), BASE + 0x8000);
}

static const struct bad_row bad_rows[] = {
	{ "not ELF", bad_magic, "not a 64-bit little-endian ELF" },
	{ "ET_DYN", bad_type, "not an x86_64 executable" },
	{ "other machine", bad_machine, "not an x86_64 executable" },
	{ "shorter than a header", short_blob, "too short for ELF" },
	{ "segment past the file", load_past_end, "outside the" },
	{ "segments overlap", load_overlaps, "overlaps or leaves" },
	{ "not linked at __START_KERNEL_map", not_kernel_map, "is not an x86_64 kernel" },
	{ "segments wider than the file", load_spread_out, "more than its 0x205c byte file" },
	{ "field past the loaded bytes", reloc_outside, "outside the kernel" },
	{ "field below the kernel", reloc_below, "outside the kernel" },
	{ "tables run into the ELF file", tables_short, "run into the unpacked ELF" },
	{ "a word between ELF and tables", gap_before_tables, "between the unpacked ELF" },
	{ "tail not whole words", odd_tail, "no relocation tables" },
	{ "entry past the loaded bytes", entry_outside, "entry point" },
};

static void parse_refuses(struct kt *t, const void *p)
{
	const struct bad_row *row = p;
	struct blob bl;
	struct bz64_vmlinux vm;
	size_t len = SYNTH_LEN;

	blob_init(&bl);
	row->spoil(&bl, &len);
	KT_EXPECT_EQ(t, bz64_vmlinux_parse(bl.b, len, &vm), -ENOEXEC);
	KT_EXPECT_LOGGED(t, row->log);
}

/* Every compressor but gzip appends its output size; gzip's trailer ends with it. */
static void find_payload_reads_the_appended_size(struct kt *t, const void *p)
{
	static const u8 xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z' };
	u8 file[0x400] = { 0 };
	struct bz64_image info = { .setup_size = 0x200, .payload_offset = 0x10,
				   .payload_length = 0x40 };
	struct bz64_payload pl;

	memcpy(file + 0x210, xz_magic, sizeof(xz_magic));
	put_le32(file + 0x210 + 0x3c, 0x123456);
	KT_ASSERT_EQ(t, bz64_find_payload(file, sizeof(file), &info, &pl), 0);
	KT_EXPECT_TRUE(t, pl.data == file + 0x210);
	KT_EXPECT_EQ(t, pl.len, 0x3c);
	KT_EXPECT_EQ(t, pl.out_size, 0x123456);
	file[0x210] = 0x1f;
	file[0x211] = 0x8b;
	KT_ASSERT_EQ(t, bz64_find_payload(file, sizeof(file), &info, &pl), 0);
	KT_EXPECT_EQ(t, pl.len, 0x40);
	put_le32(file + 0x210 + 0x3c, 0x20000001);
	KT_EXPECT_EQ(t, bz64_find_payload(file, sizeof(file), &info, &pl), -ENOEXEC);
	KT_EXPECT_LOGGED(t, "unpacks to 536870913 bytes");
	kt_log_reset();
	info.payload_length = 6;
	KT_EXPECT_EQ(t, bz64_find_payload(file, sizeof(file), &info, &pl), -ENOEXEC);
	KT_EXPECT_LOGGED(t, "too short to unpack");
}

#define OBJ_COMPRESSED	"../../../build/obj-overlay/arch/x86/boot/compressed/"

/*
 * The overlay's own kernel, as its bzImage's payload holds it: every field
 * its tables name is inside it, the entry is startup_64 at the start, and
 * .bss (and .brk) lie past the loaded bytes.
 */
static void real_kernel_parses(struct kt *t, const void *p)
{
	size_t elf_len = 0, rel_len = 0;
	u8 *elf = kt_read_file(OBJ_COMPRESSED "vmlinux.bin", &elf_len);
	u8 *rel = kt_read_file(OBJ_COMPRESSED "vmlinux.relocs", &rel_len);
	struct bz64_vmlinux vm;
	u8 *blob, *dst;

	if (!elf || !rel) {
		free(elf);
		free(rel);
		KT_SKIP(t, "the overlay kernel is not built");
	}
	blob = malloc(elf_len + rel_len);
	memcpy(blob, elf, elf_len);
	memcpy(blob + elf_len, rel, rel_len);
	KT_ASSERT_EQ(t, bz64_vmlinux_parse(blob, elf_len + rel_len, &vm), 0);
	KT_EXPECT_EQ(t, vm.base_paddr, 0x1000000);
	KT_EXPECT_EQ(t, vm.entry_offset, 0);
	KT_EXPECT_EQ(t, vm.relocs_start, elf_len);
	KT_EXPECT_TRUE(t, vm.in_place);
	KT_EXPECT_EQ(t, (vm.nr_relocs[0] + vm.nr_relocs[1] + vm.nr_relocs[2] + 3) * 4, rel_len);
	KT_EXPECT_TRUE(t, vm.run_size > vm.load_size);
	dst = malloc(vm.load_size);
	bz64_vmlinux_lay_out(blob, &vm, dst);
	bz64_vmlinux_relocate(blob, &vm, dst, 0x4000000);
	KT_EXPECT_NO_LOG(t);
	free(dst);
	free(blob);
	free(elf);
	free(rel);
}

static const struct kt_case cases[] = {
	KT_CASE(parse_reads_layout_and_tables),
	KT_CASE(lay_out_places_segments_and_zeroes_gaps),
	KT_CASE(relocate_moves_each_table_its_way),
	KT_CASE(lay_out_in_place_matches_a_copy),
	KT_CASE(segment_below_its_place_is_not_in_place),
	KT_CASE(no_tables_means_not_relocatable),
	KT_CASE(bss_before_init_scratch_is_not_loaded),
	KT_CASE(bss_before_other_section_is_loaded),
	KT_CASE(virt_delta_stays_inside_the_kernel_image),
	KT_TABLE(parse_refuses, bad_rows),
	KT_CASE(find_payload_reads_the_appended_size),
	KT_CASE(real_kernel_parses),
};

KT_MAIN(cases)
