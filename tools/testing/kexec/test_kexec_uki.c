// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_uki.c: where a Unified Kernel Image's
 * sections are, every offset and size checked against the file, and the
 * embedded command line as a string. Nothing here logs: the reason comes
 * back in the caller's buffer, which the rows check.
 */
#include "seams/kexec_pure.h"
#include "../../../kernel/kexec_pe.c"
#include "../../../kernel/kexec_uki.c"

#include "harness/kt.h"
#include "harness/poke.h"

/*
 * The synthetic UKI every row starts from (a PE32+ stub with four
 * sections), 0x1000 bytes:
 *
 *   0x000  MZ, e_lfanew = 0x40
 *   0x044  COFF header: 4 sections, optional header 0xf0 bytes
 *   0x148  section table, 4 x 40 bytes, ends at 0x1e8
 *   0x200  .text    raw [0x200, 0x400)    the stub's code
 *   0x400  .cmdline raw [0x400, 0x600)    "console=ttyS0 quiet\n", 20 bytes
 *   0x600  .linux   raw [0x600, 0xa00)    0x3f0 bytes
 *   0xa00  .initrd  raw [0xa00, 0x1000)   0x600 bytes
 */
#define IMG_LEN		0x1000
#define LFANEW		0x40
#define COFF		(LFANEW + 4)
#define OPT		(COFF + 20)
#define OPT_SIZE	0xf0
#define SECTIONS	(OPT + OPT_SIZE)
#define SEC(i, f)	(SECTIONS + (i) * 40 + (f))
#define NAME		0
#define VIRT_SIZE	8
#define RAW_SIZE	16
#define RAW_AT		20
#define CMDLINE		"console=ttyS0 quiet\n"
#define BUF_LEN		0x2000

static void section(u8 *b, int i, const char *name, u32 virt, u32 raw_at, u32 raw_size)
{
	memcpy(b + SEC(i, NAME), name, strlen(name));
	put(b, SEC(i, VIRT_SIZE), 4, virt);
	put(b, SEC(i, RAW_SIZE), 4, raw_size);
	put(b, SEC(i, RAW_AT), 4, raw_at);
}

/* The image above, then @pokes; returns its length (IMG_LEN + @grow). */
static size_t build(u8 *b, const struct poke *pokes, int grow)
{
	memset(b, 0xcc, BUF_LEN);
	memset(b, 0, 0x200);
	put(b, 0, 2, 0x5a4d);
	put(b, 0x3c, 4, LFANEW);
	put(b, LFANEW, 4, 0x00004550);
	put(b, COFF + 2, 2, 4);
	put(b, COFF + 16, 2, OPT_SIZE);
	put(b, OPT, 2, 0x20b);
	section(b, 0, ".text", 0x180, 0x200, 0x200);
	section(b, 1, ".cmdline", strlen(CMDLINE), 0x400, 0x200);
	section(b, 2, ".linux", 0x3f0, 0x600, 0x400);
	section(b, 3, ".initrd", 0x600, 0xa00, 0x600);
	memcpy(b + 0x400, CMDLINE, strlen(CMDLINE));
	apply_pokes(b, pokes);
	return IMG_LEN + grow;
}

struct parse_row {
	const char *name;
	struct poke pokes[4];
	int grow;
	int rc;
	const char *why;
};

static const struct parse_row parse_rows[] = {
	{ "a UKI with .linux, .initrd and .cmdline parses" },
	{ "a UKI with .linux only parses",
	  { { SEC(1, NAME), 1, 'x' }, { SEC(3, NAME), 1, 'x' } } },
	{ "a file without MZ is not a UKI: -ENOEXEC", { { 0, 2, 0x1234 } },
	  .rc = -ENOEXEC, .why = "no MZ header" },
	{ "a PE file without UKI sections is not a UKI: -ENOEXEC",
	  { { SEC(1, NAME), 1, 'x' }, { SEC(2, NAME), 1, 'x' }, { SEC(3, NAME), 1, 'x' } },
	  .rc = -ENOEXEC, .why = "PE file without UKI sections" },
	{ "a section table past the file is not a UKI: -ENOEXEC", { { COFF + 2, 2, 96 } },
	  .rc = -ENOEXEC, .why = "section table of 96 entries" },
	{ "a UKI without .linux is -EINVAL", { { SEC(2, NAME), 1, 'x' } },
	  .rc = -EINVAL, .why = "UKI without a .linux section" },
	{ "two .linux sections are -EINVAL",
	  { { SEC(3, NAME + 1), 4, 0x756e696c }, { SEC(3, NAME + 5), 2, 0x0078 } },
	  .rc = -EINVAL, .why = "UKI has two .linux sections" },
	{ "an empty .initrd is -EINVAL", { { SEC(3, VIRT_SIZE), 4, 0 } },
	  .rc = -EINVAL, .why = "UKI section .initrd is empty" },
	{ "a .linux larger than its raw data is -EINVAL", { { SEC(2, VIRT_SIZE), 4, 0x401 } },
	  .rc = -EINVAL, .why = "UKI section .linux holds 1025 bytes but has 1024 in the file" },
	{ "a .initrd past the end of the file is -EINVAL", .grow = -1,
	  .rc = -EINVAL, .why = "UKI section .initrd [0xa00, 0x1000) is outside [0x1e8, 0xfff)" },
	{ "a .linux whose offset wraps is -EINVAL", { { SEC(2, RAW_AT), 4, 0xfffffe00 } },
	  .rc = -EINVAL, .why = "UKI section .linux [0xfffffe00, 0x100000200) is outside" },
	{ "a .cmdline inside the headers is -EINVAL", { { SEC(1, RAW_AT), 4, 0x100 } },
	  .rc = -EINVAL, .why = "UKI section .cmdline [0x100, 0x300) is outside [0x1e8," },
	{ "a .linux overlapping .initrd is -EINVAL", { { SEC(2, RAW_SIZE), 4, 0x500 } },
	  .rc = -EINVAL, .why = "UKI section .linux overlaps section .initrd at 0xa00" },
	{ "a .cmdline overlapping the stub's .text is -EINVAL", { { SEC(0, RAW_SIZE), 4, 0x201 } },
	  .rc = -EINVAL, .why = "UKI section .cmdline overlaps section .text at 0x400" },
	{ "an .osrel and .uname are found too",
	  { { SEC(1, NAME + 1), 4, 0x6c65736f }, { SEC(3, NAME + 1), 4, 0x6d616e75 },
	    { SEC(3, NAME + 5), 2, 0x0065 } } },
};

static void parse(struct kt *t, const void *p)
{
	const struct parse_row *row = p;
	static u8 buf[BUF_LEN];
	char why[KEXEC_PE_WHY_LEN] = "";
	struct kexec_uki uki;
	size_t len = build(buf, row->pokes, row->grow);

	KT_EXPECT_EQ(t, kexec_uki_parse(buf, len, &uki, why, sizeof(why)), row->rc);
	if (row->why)
		KT_EXPECT_TRUE(t, strstr(why, row->why));
	if (row->rc)
		return;
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_LINUX].at, 0x600);
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_LINUX].size, 0x3f0);
	KT_EXPECT_NO_LOG(t);
}

static void finds_every_part_where_the_table_says(struct kt *t, const void *p)
{
	static u8 buf[BUF_LEN];
	char why[KEXEC_PE_WHY_LEN] = "";
	struct kexec_uki uki;
	size_t len = build(buf, NULL, 0);

	KT_ASSERT_EQ(t, kexec_uki_parse(buf, len, &uki, why, sizeof(why)), 0);
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_CMDLINE].at, 0x400);
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_CMDLINE].size, strlen(CMDLINE));
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_INITRD].at, 0xa00);
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_INITRD].size, 0x600);
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_OSREL].size, 0);
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_UNAME].size, 0);
	KT_EXPECT_EQ(t, uki.part[KEXEC_UKI_DTB].size, 0);
	KT_EXPECT_TRUE(t, !strcmp(kexec_uki_section_name(KEXEC_UKI_DTB), ".dtb"));
}

struct cmdline_row {
	const char *name;
	const char *text;	/* the section's bytes */
	u32 size;		/* VirtualSize */
	const char *want;
};

static const struct cmdline_row cmdline_rows[] = {
	{ "the trailing newline is dropped", "console=ttyS0 quiet\n", 20, "console=ttyS0 quiet" },
	{ "trailing spaces, tabs and CRs are dropped", "a=1 \t\r\n", 7, "a=1" },
	{ "the text stops at the first NUL", "a=1\0b=2", 7, "a=1" },
	{ "a section of newlines is empty", "\n\n", 2, "" },
	{ "leading and inner spaces stay", " a=1  b=2", 9, " a=1  b=2" },
};

static void cmdline(struct kt *t, const void *p)
{
	const struct cmdline_row *row = p;
	static u8 buf[BUF_LEN];
	char out[0x201];
	struct kexec_uki uki = { 0 };
	size_t n;

	build(buf, NULL, 0);
	memcpy(buf + 0x400, row->text, row->size);
	uki.part[KEXEC_UKI_CMDLINE] = (struct kexec_uki_blob){ .at = 0x400, .size = row->size };
	n = kexec_uki_cmdline(buf, &uki, out, row->size + 1);
	KT_EXPECT_EQ(t, n, strlen(row->want));
	KT_EXPECT_TRUE(t, !strcmp(out, row->want));
}

static void no_cmdline_section_is_an_empty_string(struct kt *t, const void *p)
{
	static u8 buf[BUF_LEN];
	struct kexec_uki uki = { 0 };
	char out[1] = { 'x' };

	build(buf, NULL, 0);
	KT_EXPECT_EQ(t, kexec_uki_cmdline(buf, &uki, out, sizeof(out)), 0);
	KT_EXPECT_EQ(t, out[0], '\0');
}

static const struct kt_case cases[] = {
	KT_TABLE(parse, parse_rows),
	KT_CASE(finds_every_part_where_the_table_says),
	KT_TABLE(cmdline, cmdline_rows),
	KT_CASE(no_cmdline_section_is_an_empty_string),
};

KT_MAIN(cases)
