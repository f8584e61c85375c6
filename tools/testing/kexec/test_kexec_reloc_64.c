// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for arch/x86/kernel/kexec_reloc_64.c: the exact bytes each
 * accepted x86-64 relocation type writes, the edges where a 32-bit field
 * stops fitting, and the rejection of fields outside their section.
 *
 * Every case patches a 32-byte section loaded at SEC_ADDR, pre-filled with
 * 0xaa so a write of the wrong width or at the wrong place shows:
 *
 *   SEC_ADDR                          SEC_ADDR + 0x20
 *   |aa aa aa aa aa aa aa aa ... aa aa|
 *        ^ r_offset: the field (4 or 8 bytes) the relocation writes
 */
#include "seams/kexec_reloc_64_seam.h"
#include "../../../arch/x86/kernel/kexec_reloc_64.c"

#include "harness/kt.h"

#define SEC_ADDR	0x7ffff000ULL
#define SEC_SIZE	32
#define FILL		0xaa

struct apply_row {
	const char *name;
	u32 type;
	u64 offset;
	u64 s;
	s64 a;
	int rc;
	unsigned int width;	/* bytes expected written at offset */
	u8 want[8];		/* expected field bytes, little endian */
	const char *log[5];	/* needles of the one expected log line */
};

static const struct apply_row apply_rows[] = {
	/* exact bytes */
	{ "R_X86_64_64 stores S + A in 8 bytes", R_X86_64_64, 8,
	  0x1122334455667700ULL, 0x88, 0, 8,
	  { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 } },
	{ "R_X86_64_64 wraps S + A modulo 2^64", R_X86_64_64, 0,
	  0xfffffffffffffff0ULL, 0x20, 0, 8, { 0x10 } },
	{ "R_X86_64_32 stores S + A in 4 bytes", R_X86_64_32, 4,
	  0x12345600ULL, 0x78, 0, 4, { 0x78, 0x56, 0x34, 0x12 } },
	{ "R_X86_64_32 takes the largest zero-extending value", R_X86_64_32, 0,
	  0xfffffff0ULL, 0xf, 0, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "R_X86_64_32 with a negative addend above zero fits", R_X86_64_32, 0,
	  0x1000ULL, -0x10, 0, 4, { 0xf0, 0x0f, 0x00, 0x00 } },
	{ "R_X86_64_32S stores a negative S + A", R_X86_64_32S, 0,
	  0xffffffff80001000ULL, 0x10, 0, 4, { 0x10, 0x10, 0x00, 0x80 } },
	{ "R_X86_64_32S takes the largest positive value", R_X86_64_32S, 0,
	  0x7fffffffULL, 0, 0, 4, { 0xff, 0xff, 0xff, 0x7f } },
	{ "R_X86_64_32S takes the most negative value", R_X86_64_32S, 0,
	  0xffffffff80000000ULL, 0, 0, 4, { 0x00, 0x00, 0x00, 0x80 } },
	{ "R_X86_64_PC32 stores S + A - P forward", R_X86_64_PC32, 0x10,
	  SEC_ADDR + 0x1000, -4, 0, 4, { 0xec, 0x0f, 0x00, 0x00 } },
	{ "R_X86_64_PC32 stores S + A - P backward", R_X86_64_PC32, 0x10,
	  SEC_ADDR - 0x100, -4, 0, 4, { 0xec, 0xfe, 0xff, 0xff } },
	{ "R_X86_64_PLT32 computes as PC32", R_X86_64_PLT32, 0x1c,
	  SEC_ADDR + 0x40, -4, 0, 4, { 0x20, 0x00, 0x00, 0x00 } },
	{ "R_X86_64_PC32 reaches exactly 2^31 - 1 ahead", R_X86_64_PC32, 0,
	  SEC_ADDR + 0x7fffffffULL, 0, 0, 4, { 0xff, 0xff, 0xff, 0x7f } },
	{ "R_X86_64_PC32 reaches exactly 2^31 behind", R_X86_64_PC32, 0,
	  SEC_ADDR - 0x80000000ULL, 0, 0, 4, { 0x00, 0x00, 0x00, 0x80 } },
	{ "R_X86_64_NONE writes nothing", R_X86_64_NONE, 0, 0x1234, 0, 0, 0 },
	{ "a 4-byte field ending at the section end is accepted", R_X86_64_32, SEC_SIZE - 4,
	  0x01020304ULL, 0, 0, 4, { 0x04, 0x03, 0x02, 0x01 } },
	{ "an 8-byte field ending at the section end is accepted", R_X86_64_64, SEC_SIZE - 8,
	  0x0102030405060708ULL, 0, 0, 8, { 8, 7, 6, 5, 4, 3, 2, 1 } },

	/* overflow */
	{ "R_X86_64_32 one past 2^32 - 1 overflows", R_X86_64_32, 0,
	  0xffffffffULL, 1, -ENOEXEC, 0, {}, { "type 10", "overflows", "0x100000000" } },
	{ "R_X86_64_32 below zero overflows", R_X86_64_32, 0,
	  0x10ULL, -0x11, -ENOEXEC, 0, {}, { "type 10", "0xffffffffffffffff" } },
	{ "R_X86_64_32S at 2^31 overflows", R_X86_64_32S, 0,
	  0x7fffffffULL, 1, -ENOEXEC, 0, {}, { "type 11", "overflows", "0x80000000" } },
	{ "R_X86_64_32S one below -2^31 overflows", R_X86_64_32S, 0,
	  0xffffffff80000000ULL, -1, -ENOEXEC, 0, {}, { "type 11", "0xffffffff7fffffff" } },
	{ "R_X86_64_32S of a zero-extended 32-bit address overflows", R_X86_64_32S, 0,
	  0xfffff000ULL, 0, -ENOEXEC, 0, {}, { "type 11", "0xfffff000" } },
	{ "R_X86_64_PC32 2^31 ahead overflows", R_X86_64_PC32, 0,
	  SEC_ADDR + 0x80000000ULL, 0, -ENOEXEC, 0, {}, { "type 2", "overflows", "0x80000000" } },
	{ "R_X86_64_PC32 one beyond 2^31 behind overflows", R_X86_64_PC32, 0,
	  SEC_ADDR - 0x80000001ULL, 0, -ENOEXEC, 0, {}, { "type 2", "0xffffffff7fffffff" } },
	{ "R_X86_64_PLT32 out of reach overflows", R_X86_64_PLT32, 0,
	  SEC_ADDR + 0x100000000ULL, 0, -ENOEXEC, 0, {}, { "type 4", "0x100000000" } },

	/* unsupported types */
	{ "R_X86_64_GOTPCREL is unsupported", R_X86_64_GOTPCREL, 0,
	  SEC_ADDR, 0, -ENOEXEC, 0, {}, { "unsupported relocation type 9", "offset 0x0" } },
	{ "R_X86_64_PC64 is unsupported", R_X86_64_PC64, 8,
	  SEC_ADDR, 0, -ENOEXEC, 0, {}, { "unsupported relocation type 24", "offset 0x8" } },
	{ "R_X86_64_16 is unsupported", R_X86_64_16, 0,
	  0, 0, -ENOEXEC, 0, {}, { "unsupported relocation type 12" } },

	/* fields outside the section */
	{ "a 4-byte field one byte past the end is rejected", R_X86_64_32, SEC_SIZE - 3,
	  0, 0, -ENOEXEC, 0, {}, { "type 10", "offset 0x1d", "outside", "0x20 bytes" } },
	{ "an 8-byte field straddling the end is rejected", R_X86_64_64, SEC_SIZE - 4,
	  0, 0, -ENOEXEC, 0, {}, { "type 1", "offset 0x1c", "outside" } },
	{ "an offset at the section end is rejected", R_X86_64_PC32, SEC_SIZE,
	  SEC_ADDR, 0, -ENOEXEC, 0, {}, { "offset 0x20", "outside" } },
	{ "an offset near 2^64 is rejected without wrapping", R_X86_64_64, ~0ULL - 3,
	  0, 0, -ENOEXEC, 0, {}, { "offset 0xfffffffffffffffc", "outside" } },
};

static void apply_one(struct kt *t, const void *p)
{
	const struct apply_row *row = p;
	u8 buf[SEC_SIZE];
	struct kexec_rela_section sec = { .buf = buf, .size = SEC_SIZE, .addr = SEC_ADDR };
	u8 want[SEC_SIZE];

	memset(buf, FILL, sizeof(buf));
	memset(want, FILL, sizeof(want));
	if (row->width)
		memcpy(want + row->offset, row->want, row->width);

	KT_EXPECT_EQ(t, kexec_rela_apply_one(&sec, row->offset, row->type, row->s, row->a),
		     row->rc);
	KT_EXPECT_TRUE(t, memcmp(buf, want, sizeof(buf)) == 0);
	if (row->rc)
		kt_check_logged(t, __FILE__, __LINE__, row->log);
	else
		KT_EXPECT_NO_LOG(t);
}

/*
 * A two-section object: .text loaded at 0x100000, .data at 0x200000.
 * Symbol 1 is .data+0x40, symbol 2 absolute 0xfee00000, symbol 3 undefined,
 * symbol 4 common, symbol 5 in a section index past the table.
 */
static const Elf64_Shdr obj_shdrs[] = {
	{ 0 },
	{ .sh_addr = 0x100000 },
	{ .sh_addr = 0x200000 },
};

static const Elf64_Sym obj_syms[] = {
	{ 0 },
	{ .st_shndx = 2, .st_value = 0x40 },
	{ .st_shndx = SHN_ABS, .st_value = 0xfee00000 },
	{ .st_shndx = SHN_UNDEF },
	{ .st_shndx = SHN_COMMON, .st_value = 8 },
	{ .st_shndx = 3, .st_value = 0 },
};

static const struct kexec_rela_symbols obj_st = {
	.syms = obj_syms, .nr_syms = ARRAY_SIZE(obj_syms),
	.shdrs = obj_shdrs, .nr_shdrs = ARRAY_SIZE(obj_shdrs),
};

struct sym_row {
	const char *name;
	u64 index;
	int rc;
	u64 value;
	const char *log[4];
};

static const struct sym_row sym_rows[] = {
	{ "a section symbol is its offset plus the section's load address", 1, 0, 0x200040 },
	{ "an absolute symbol keeps its value", 2, 0, 0xfee00000 },
	{ "an undefined symbol is rejected", 3, -ENOEXEC, 0, { "symbol 3", "st_shndx 0x0" } },
	{ "a common symbol is rejected", 4, -ENOEXEC, 0, { "symbol 4", "st_shndx 0xfff2" } },
	{ "a symbol in a missing section is rejected", 5, -ENOEXEC, 0, { "symbol 5", "0x3" } },
	{ "an index past the table is rejected", 6, -ENOEXEC, 0,
	  { "symbol index 6", "table of 6" } },
};

static void symbol_value(struct kt *t, const void *p)
{
	const struct sym_row *row = p;
	u64 value = 0;

	KT_EXPECT_EQ(t, kexec_rela_symbol_value(&obj_st, row->index, &value), row->rc);
	KT_EXPECT_EQ(t, value, row->value);
	if (row->rc)
		kt_check_logged(t, __FILE__, __LINE__, row->log);
	else
		KT_EXPECT_NO_LOG(t);
}

#define RELA(off, sym, type, add)						\
	{ .r_offset = (off), .r_info = ELF64_R_INFO(sym, type), .r_addend = (add) }

/* A table patching .text at 0x100000 with each type once. */
static void table_patches_every_field(struct kt *t, const void *p)
{
	static const Elf64_Rela rela[] = {
		RELA(0x00, 1, R_X86_64_64, 8),		/* .data + 0x48 */
		RELA(0x08, 2, R_X86_64_32, 0x10),	/* 0xfee00010 */
		RELA(0x0c, 1, R_X86_64_32S, 0),		/* 0x200040 */
		RELA(0x10, 1, R_X86_64_PC32, -4),	/* 0x200040 - 4 - 0x100010 */
		RELA(0x14, 0, R_X86_64_NONE, 0),
		RELA(0x18, 1, R_X86_64_PLT32, -4),	/* 0x200040 - 4 - 0x100018 */
	};
	static const u8 want[SEC_SIZE] = {
		0x48, 0x00, 0x20, 0, 0, 0, 0, 0,
		0x10, 0x00, 0xe0, 0xfe,
		0x40, 0x00, 0x20, 0x00,
		0x2c, 0x00, 0x10, 0x00,
		FILL, FILL, FILL, FILL,
		0x24, 0x00, 0x10, 0x00,
		FILL, FILL, FILL, FILL,
	};
	u8 buf[SEC_SIZE];
	struct kexec_rela_section sec = { .buf = buf, .size = SEC_SIZE, .addr = 0x100000 };

	memset(buf, FILL, sizeof(buf));
	KT_EXPECT_EQ(t, kexec_rela_apply(&sec, rela, ARRAY_SIZE(rela), &obj_st), 0);
	KT_EXPECT_TRUE(t, memcmp(buf, want, sizeof(buf)) == 0);
	KT_EXPECT_NO_LOG(t);
}

/* The first bad entry stops the table; the entries after it are not applied. */
static void table_stops_at_the_first_bad_entry(struct kt *t, const void *p)
{
	static const Elf64_Rela rela[] = {
		RELA(0x00, 2, R_X86_64_32, 0),
		RELA(0x04, 3, R_X86_64_32, 0),		/* undefined symbol */
		RELA(0x08, 2, R_X86_64_32, 0),
	};
	u8 buf[SEC_SIZE];
	struct kexec_rela_section sec = { .buf = buf, .size = SEC_SIZE, .addr = 0x100000 };

	memset(buf, FILL, sizeof(buf));
	KT_EXPECT_EQ(t, kexec_rela_apply(&sec, rela, ARRAY_SIZE(rela), &obj_st), -ENOEXEC);
	KT_EXPECT_EQ(t, buf[3], 0xfe);
	KT_EXPECT_EQ(t, buf[4], FILL);
	KT_EXPECT_EQ(t, buf[8], FILL);
	KT_EXPECT_LOGGED(t, "symbol 3");
}

/* R_X86_64_NONE entries name no symbol, so their symbol index is not looked up. */
static void table_skips_none_with_any_symbol(struct kt *t, const void *p)
{
	static const Elf64_Rela rela[] = { RELA(0x1000, 99, R_X86_64_NONE, 0) };
	u8 buf[SEC_SIZE];
	struct kexec_rela_section sec = { .buf = buf, .size = SEC_SIZE, .addr = 0x100000 };

	memset(buf, FILL, sizeof(buf));
	KT_EXPECT_EQ(t, kexec_rela_apply(&sec, rela, ARRAY_SIZE(rela), &obj_st), 0);
	KT_EXPECT_EQ(t, buf[0], FILL);
	KT_EXPECT_NO_LOG(t);
}

static const struct kt_case cases[] = {
	KT_TABLE(apply_one, apply_rows),
	KT_TABLE(symbol_value, sym_rows),
	KT_CASE(table_patches_every_field),
	KT_CASE(table_stops_at_the_first_bad_entry),
	KT_CASE(table_skips_none_with_any_symbol),
};

KT_MAIN(cases)
