// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for arch/x86/kernel/kexec_reloc_64.c: the exact bytes each
 * accepted x86-64 relocation type writes, the edges where a 32-bit field
 * stops fitting, the rejection of fields outside their section, and the
 * callback the generic ELF loader (kernel/kexec_elf_rel.c) calls.
 *
 * Every case patches a 32-byte section loaded at SEC_ADDR, pre-filled with
 * 0xaa so a write of the wrong width or at the wrong place shows:
 *
 *   SEC_ADDR                          SEC_ADDR + 0x20
 *   |aa aa aa aa aa aa aa aa ... aa aa|
 *        ^ r_offset: the field (4 or 8 bytes) the relocation writes
 */
#include "seams/x86_kexec_pure.h"
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
	{ "R_X86_64_PC64 stores S + A - P in 8 bytes", R_X86_64_PC64, 8,
	  SEC_ADDR + 0x1000, -4, 0, 8, { 0xf4, 0x0f, 0, 0, 0, 0, 0, 0 } },
	{ "R_X86_64_PC64 stores a backward offset", R_X86_64_PC64, 0,
	  SEC_ADDR - 0x100000000ULL, 0, 0, 8, { 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff } },
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

/* The generic ELF loader hands one resolved site to the x86-64 callback. */
static void elf_rel_site_patches_its_field(struct kt *t, const void *p)
{
	u8 buf[SEC_SIZE];
	const struct kexec_elf_rel_site site = {
		.type = R_X86_64_PC32, .loc = buf + 0x10, .room = SEC_SIZE - 0x10,
		.s = SEC_ADDR + 0x1000, .a = -4, .p = SEC_ADDR + 0x10,
	};

	memset(buf, FILL, sizeof(buf));
	KT_EXPECT_EQ(t, kexec_elf_rel_apply_x86_64(&site), 0);
	KT_EXPECT_EQ(t, buf[0x10], 0xec);
	KT_EXPECT_EQ(t, buf[0x11], 0x0f);
	KT_EXPECT_EQ(t, buf[0x12], 0x00);
	KT_EXPECT_EQ(t, buf[0x13], 0x00);
	KT_EXPECT_EQ(t, buf[0x14], FILL);
	KT_EXPECT_NO_LOG(t);
}

/* A site with fewer bytes left in its section than the field needs is refused. */
static void elf_rel_site_without_room_is_refused(struct kt *t, const void *p)
{
	u8 buf[SEC_SIZE];
	const struct kexec_elf_rel_site site = {
		.type = R_X86_64_64, .loc = buf + SEC_SIZE - 4, .room = 4,
		.s = 0x1234, .p = SEC_ADDR + SEC_SIZE - 4,
	};

	memset(buf, FILL, sizeof(buf));
	KT_EXPECT_EQ(t, kexec_elf_rel_apply_x86_64(&site), -ENOEXEC);
	KT_EXPECT_EQ(t, buf[SEC_SIZE - 4], FILL);
	KT_EXPECT_LOGGED(t, "outside");
}

static const struct kt_case cases[] = {
	KT_TABLE(apply_one, apply_rows),
	KT_CASE(elf_rel_site_patches_its_field),
	KT_CASE(elf_rel_site_without_room_is_refused),
};

KT_MAIN(cases)
