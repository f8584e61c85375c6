// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_elf_rel.c: a synthetic x86-64 relocatable
 * object built here byte by byte, malformed variants of it, and the real
 * purgatory.ro from the overlay kernel build when it exists.
 */
#include "seams/kexec_pure.h"
#include "../../../kernel/kexec_elf_rel.c"
/* The x86 files log under their own prefix (pr_fmt). */
#undef pr_fmt
#include "seams/x86_kexec_pure.h"
#include "../../../arch/x86/kernel/kexec_reloc_64.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

/*
 * The synthetic object. Sections, in order:
 *
 *   [1] .text      PROGBITS AX, align 16, 32 bytes
 *   [2] .data      PROGBITS WA, align 8, 24 bytes
 *   [3] .bss       NOBITS   WA, align 64, 100 bytes
 *   [4] .rela.text RELA, link 5, info 1
 *   [5] .symtab    link 6
 *   [6] .strtab
 *   [7] .shstrtab
 *   [8] .comment   PROGBITS, not loaded
 *
 * Laid out at LOAD (a multiple of 64):
 *
 *   LOAD       +0x20      +0x38  +0x40              +0xa4
 *   |.text     |.data     |pad   |.bss               |
 *   \______ bufsz 0x38 ______/   \__ memsz 0xa4 _____/
 */
#define LOAD		0x100000ULL
#define NR_SECS		9
#define NR_SYMS		7
#define NR_RELAS	6
#define OBJ_WORDS	512

enum { S_TEXT = 1, S_DATA, S_BSS, S_RELA, S_SYMTAB, S_STRTAB, S_SHSTRTAB, S_COMMENT };
enum { Y_ENTRY = 1, Y_DATA, Y_BSS, Y_ABS, Y_UNDEF, Y_SECDATA };

static const char strtab[] = "\0entry\0data_var\0bss_var\0abs_sym\0undef";
static const char shstrtab[] =
	"\0.text\0.data\0.bss\0.rela.text\0.symtab\0.strtab\0.shstrtab\0.comment";

struct tobj {
	u64 words[OBJ_WORDS];	/* the object, 8-byte aligned */
	size_t len;
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	Elf64_Sym *sym;
	Elf64_Rela *rela;
	char *strtab;
};

static size_t append(struct tobj *o, const void *data, size_t len)
{
	size_t off = (o->len + 7) & ~(size_t)7;

	memcpy((u8 *)o->words + off, data, len);
	o->len = off + len;
	return off;
}

/* Offset of @name in shstrtab, which holds NUL separated names. */
static u32 shstr_off(const char *name)
{
	u32 off = 1;

	while (off < sizeof(shstrtab) && strcmp(shstrtab + off, name))
		off += strlen(shstrtab + off) + 1;
	return off;
}

static void add_sec(struct tobj *o, unsigned int i, const char *name, u32 type,
		    u64 flags, u64 align, u64 off, u64 size)
{
	Elf64_Shdr *sh = &o->sh[i];

	sh->sh_name = shstr_off(name);
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_addralign = align;
	sh->sh_offset = off;
	sh->sh_size = size;
}

static void fill_symbols(Elf64_Sym *s)
{
	s[Y_ENTRY] = (Elf64_Sym){ .st_name = 1, .st_shndx = S_TEXT, .st_value = 4,
		.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC) };
	s[Y_DATA] = (Elf64_Sym){ .st_name = 7, .st_shndx = S_DATA, .st_value = 8,
		.st_size = 16, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT) };
	s[Y_BSS] = (Elf64_Sym){ .st_name = 16, .st_shndx = S_BSS, .st_value = 32,
		.st_size = 8, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT) };
	s[Y_ABS] = (Elf64_Sym){ .st_name = 24, .st_shndx = SHN_ABS, .st_value = 0x1234,
		.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE) };
	s[Y_UNDEF] = (Elf64_Sym){ .st_name = 32, .st_shndx = SHN_UNDEF,
		.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE) };
	s[Y_SECDATA] = (Elf64_Sym){ .st_shndx = S_DATA,
		.st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION) };
}

#define RELA(off, sym, type, add) \
	{ .r_offset = (off), .r_info = ELF64_R_INFO(sym, type), .r_addend = (add) }

static const Elf64_Rela relas[NR_RELAS] = {
	RELA(0, Y_DATA, R_X86_64_64, 2),
	RELA(8, Y_ENTRY, R_X86_64_PC32, -4),
	RELA(12, Y_BSS, R_X86_64_32, 0),
	RELA(16, Y_ABS, R_X86_64_32S, -0x2000),
	RELA(20, Y_SECDATA, R_X86_64_PLT32, 4),
	RELA(24, Y_BSS, R_X86_64_PC64, 0),
};

static void build(struct tobj *o)
{
	static const u8 text[32] = { 0x90, 0x90, 0x90, 0x90, 0xc3 };
	static const u8 data[24] = { 1, 2, 3, 4 };
	Elf64_Sym syms[NR_SYMS] = {};
	Elf64_Shdr shdrs[NR_SECS] = {};
	size_t off[NR_SECS] = {};
	size_t shoff;

	memset(o, 0, sizeof(*o));
	o->len = sizeof(Elf64_Ehdr);
	fill_symbols(syms);
	off[S_TEXT] = append(o, text, sizeof(text));
	off[S_DATA] = append(o, data, sizeof(data));
	off[S_RELA] = append(o, relas, sizeof(relas));
	off[S_SYMTAB] = append(o, syms, sizeof(syms));
	off[S_STRTAB] = append(o, strtab, sizeof(strtab));
	off[S_SHSTRTAB] = append(o, shstrtab, sizeof(shstrtab));
	off[S_COMMENT] = append(o, "GCC", 4);
	shoff = append(o, shdrs, sizeof(shdrs));

	o->eh = (Elf64_Ehdr *)o->words;
	o->sh = (Elf64_Shdr *)((u8 *)o->words + shoff);
	o->sym = (Elf64_Sym *)((u8 *)o->words + off[S_SYMTAB]);
	o->rela = (Elf64_Rela *)((u8 *)o->words + off[S_RELA]);
	o->strtab = (char *)o->words + off[S_STRTAB];

	memcpy(o->eh->e_ident, ELFMAG, SELFMAG);
	o->eh->e_ident[EI_CLASS] = ELFCLASS64;
	o->eh->e_ident[EI_DATA] = ELFDATA2LSB;
	o->eh->e_ident[EI_VERSION] = EV_CURRENT;
	o->eh->e_type = ET_REL;
	o->eh->e_machine = EM_X86_64;
	o->eh->e_version = EV_CURRENT;
	o->eh->e_entry = 4;
	o->eh->e_shoff = shoff;
	o->eh->e_ehsize = sizeof(Elf64_Ehdr);
	o->eh->e_shentsize = sizeof(Elf64_Shdr);
	o->eh->e_shnum = NR_SECS;
	o->eh->e_shstrndx = S_SHSTRTAB;

	add_sec(o, S_TEXT, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 16,
		off[S_TEXT], sizeof(text));
	add_sec(o, S_DATA, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8,
		off[S_DATA], sizeof(data));
	add_sec(o, S_BSS, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 64, 0, 100);
	add_sec(o, S_RELA, ".rela.text", SHT_RELA, 0, 8, off[S_RELA], sizeof(relas));
	o->sh[S_RELA].sh_link = S_SYMTAB;
	o->sh[S_RELA].sh_info = S_TEXT;
	o->sh[S_RELA].sh_entsize = sizeof(Elf64_Rela);
	add_sec(o, S_SYMTAB, ".symtab", SHT_SYMTAB, 0, 8, off[S_SYMTAB], sizeof(syms));
	o->sh[S_SYMTAB].sh_link = S_STRTAB;
	o->sh[S_SYMTAB].sh_info = Y_ENTRY;
	o->sh[S_SYMTAB].sh_entsize = sizeof(Elf64_Sym);
	add_sec(o, S_STRTAB, ".strtab", SHT_STRTAB, 0, 1, off[S_STRTAB], sizeof(strtab));
	add_sec(o, S_SHSTRTAB, ".shstrtab", SHT_STRTAB, 0, 1, off[S_SHSTRTAB],
		sizeof(shstrtab));
	add_sec(o, S_COMMENT, ".comment", SHT_PROGBITS, 0, 1, off[S_COMMENT], 4);
}

/* Parse, lay out and place @o at @load; on failure nothing is left allocated. */
static int load(struct tobj *o, u64 load_addr, struct kexec_elf_rel_obj *obj,
		struct kexec_elf_rel_image *img)
{
	int ret = kexec_elf_rel_parse(o->words, o->len, EM_X86_64, obj);

	if (ret)
		return ret;
	ret = kexec_elf_rel_layout(obj, img);
	if (ret)
		return ret;
	ret = kexec_elf_rel_place(obj, img, load_addr);
	if (ret)
		kexec_elf_rel_image_free(img);
	return ret;
}

static u64 get_le(const struct kexec_elf_rel_image *img, u64 off, unsigned int width)
{
	u64 v = 0;

	memcpy(&v, (u8 *)img->buf + off, width);
	return v;
}

/* ---------------- layout ---------------- */

static void layout_places_sections_by_alignment(struct kt *t, const void *row)
{
	static struct tobj o;
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;

	build(&o);
	KT_ASSERT_EQ(t, load(&o, LOAD, &obj, &img), 0);
	KT_EXPECT_EQ(t, img.bufsz, 0x38);
	KT_EXPECT_EQ(t, img.memsz, 0xa4);
	KT_EXPECT_EQ(t, img.align, 64);
	KT_EXPECT_EQ(t, img.sechdrs[S_TEXT].sh_offset, 0);
	KT_EXPECT_EQ(t, img.sechdrs[S_DATA].sh_offset, 0x20);
	KT_EXPECT_EQ(t, img.sechdrs[S_BSS].sh_offset, 0x40);
	KT_EXPECT_EQ(t, img.sechdrs[S_TEXT].sh_addr, LOAD);
	KT_EXPECT_EQ(t, img.sechdrs[S_DATA].sh_addr, LOAD + 0x20);
	KT_EXPECT_EQ(t, img.sechdrs[S_BSS].sh_addr, LOAD + 0x40);
	/* Sections that are not loaded keep the object's values. */
	KT_EXPECT_EQ(t, img.sechdrs[S_COMMENT].sh_offset, o.sh[S_COMMENT].sh_offset);
	KT_EXPECT_EQ(t, img.sechdrs[S_COMMENT].sh_addr, 0);
	KT_EXPECT_EQ(t, img.entry, LOAD + 4);
	KT_EXPECT_EQ(t, get_le(&img, 0x20, 4), 0x04030201);
	KT_EXPECT_EQ(t, get_le(&img, 4, 1), 0xc3);
	KT_EXPECT_NO_LOG(t);
	kexec_elf_rel_image_free(&img);
}

static int layout_sweep(struct kt *t, const void *row)
{
	static struct tobj o;
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;
	int ret;

	build(&o);
	ret = load(&o, LOAD, &obj, &img);
	if (!ret)
		kexec_elf_rel_image_free(&img);
	kt_log_reset();
	return ret;
}

static void place_rejects_misaligned_address(struct kt *t, const void *row)
{
	static struct tobj o;
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;

	build(&o);
	KT_ASSERT_EQ(t, load(&o, LOAD + 0x20, &obj, &img), -EINVAL);
	KT_EXPECT_LOGGED(t, "load address 0x100020", "alignment 0x40");
}

/* ---------------- relocation ---------------- */

static void relocate_applies_psabi_formulas(struct kt *t, const void *row)
{
	static struct tobj o;
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;

	build(&o);
	KT_ASSERT_EQ(t, load(&o, LOAD, &obj, &img), 0);
	KT_EXPECT_EQ(t, kexec_elf_rel_relocate(&obj, &img, kexec_elf_rel_apply_x86_64), 0);
	/* R_X86_64_64: data_var + 2 */
	KT_EXPECT_EQ(t, get_le(&img, 0, 8), LOAD + 0x28 + 2);
	/* R_X86_64_PC32: entry - 4 - P(LOAD + 8) = -8 */
	KT_EXPECT_EQ(t, get_le(&img, 8, 4), 0xfffffff8);
	/* R_X86_64_32: bss_var */
	KT_EXPECT_EQ(t, get_le(&img, 12, 4), LOAD + 0x60);
	/* R_X86_64_32S: 0x1234 - 0x2000 sign-extends */
	KT_EXPECT_EQ(t, get_le(&img, 16, 4), 0xfffff234);
	/* R_X86_64_PLT32 on the .data section symbol: .data + 4 - P(LOAD + 20) */
	KT_EXPECT_EQ(t, get_le(&img, 20, 4), 0x10);
	/* R_X86_64_PC64: bss_var - P(LOAD + 24) */
	KT_EXPECT_EQ(t, get_le(&img, 24, 8), 0x48);
	/* The .data contents around are untouched. */
	KT_EXPECT_EQ(t, get_le(&img, 0x20, 4), 0x04030201);
	KT_EXPECT_NO_LOG(t);
	kexec_elf_rel_image_free(&img);
}

struct reloc_row {
	const char *name;
	unsigned int idx;	/* relocation to change */
	u64 r_offset;
	u32 sym;
	u32 type;
	s64 addend;
	u64 load;
	const char *needle;
};

static const struct reloc_row reloc_rows[] = {
	{ "offset outside its section", 0, 32, Y_DATA, R_X86_64_64, 0, LOAD,
	  "offset 0x20 outside its 0x20 byte section" },
	{ "64-bit store past the section end", 0, 28, Y_DATA, R_X86_64_64, 0, LOAD,
	  "outside its section of 0x4 bytes" },
	{ "undefined symbol", 0, 0, Y_UNDEF, R_X86_64_64, 0, LOAD, "undefined symbol 'undef'" },
	{ "symbol index out of range", 0, 0, NR_SYMS, R_X86_64_64, 0, LOAD,
	  "symbol index 7 out of range" },
	{ "unsupported type", 0, 0, Y_DATA, R_X86_64_GOTPCREL, 0, LOAD,
	  "unsupported relocation type 9" },
	{ "R_X86_64_32 above 4 GiB", 2, 12, Y_BSS, R_X86_64_32, 0, 0x100000000ULL,
	  "overflows: value 0x100000060" },
	{ "R_X86_64_32S above 2 GiB", 2, 12, Y_BSS, R_X86_64_32S, 0, 0x80000000ULL,
	  "overflows: value 0x80000060" },
	{ "R_X86_64_PC32 too far", 1, 8, Y_ABS, R_X86_64_PC32, 0, 0x200000000ULL,
	  "overflows" },
	{ "R_X86_64_32 negative", 3, 16, Y_ABS, R_X86_64_32, -0x2000, LOAD,
	  "overflows: value 0xfffffffffffff234" },
};

static void relocate_rejects(struct kt *t, const void *arg)
{
	const struct reloc_row *row = arg;
	static struct tobj o;
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;

	build(&o);
	o.rela[row->idx] = (Elf64_Rela)RELA(row->r_offset, row->sym, row->type, row->addend);
	KT_ASSERT_EQ(t, load(&o, row->load, &obj, &img), 0);
	KT_EXPECT_EQ(t, kexec_elf_rel_relocate(&obj, &img, kexec_elf_rel_apply_x86_64),
		     -ENOEXEC);
	KT_EXPECT_LOGGED(t, row->needle);
	kexec_elf_rel_image_free(&img);
}

/* ---------------- malformed objects ---------------- */

struct bad_row {
	const char *name;
	void (*mutate)(struct tobj *o);
	const char *needle;
};

static void m_truncate(struct tobj *o)
{
	o->len = 40;
}

static void m_magic(struct tobj *o)
{
	o->eh->e_ident[1] = 'X';
}

static void m_class(struct tobj *o)
{
	o->eh->e_ident[EI_CLASS] = ELFCLASS32;
}

static void m_exec(struct tobj *o)
{
	o->eh->e_type = ET_EXEC;
}

static void m_machine(struct tobj *o)
{
	o->eh->e_machine = EM_AARCH64;
}

static void m_shentsize(struct tobj *o)
{
	o->eh->e_shentsize = 40;
}

static void m_shoff(struct tobj *o)
{
	o->eh->e_shoff = o->len;
}

static void m_shoff_wrap(struct tobj *o)
{
	o->eh->e_shoff = ~0ULL - 8;
}

static void m_shnum(struct tobj *o)
{
	o->eh->e_shnum = 0xffff;
}

static void m_shnum0(struct tobj *o)
{
	o->eh->e_shnum = 0;
}

static void m_sec_past_end(struct tobj *o)
{
	o->sh[S_DATA].sh_offset = o->len - 8;
}

static void m_sec_wrap(struct tobj *o)
{
	o->sh[S_TEXT].sh_size = ~0ULL;
}

static void m_link(struct tobj *o)
{
	o->sh[S_COMMENT].sh_link = NR_SECS;
}

static void m_align(struct tobj *o)
{
	o->sh[S_DATA].sh_addralign = 24;
}

static void m_huge_align(struct tobj *o)
{
	o->sh[S_BSS].sh_addralign = 1ULL << 40;
}

static void m_strtab_unterminated(struct tobj *o)
{
	o->strtab[sizeof(strtab) - 1] = 'x';
}

static void m_shstrndx(struct tobj *o)
{
	o->eh->e_shstrndx = NR_SECS;
}

static void m_shstrndx_not_strtab(struct tobj *o)
{
	o->eh->e_shstrndx = S_TEXT;
}

static void m_sh_name(struct tobj *o)
{
	o->sh[S_DATA].sh_name = sizeof(shstrtab);
}

static void m_sym_section(struct tobj *o)
{
	o->sym[Y_DATA].st_shndx = 100;
}

static void m_sym_reserved(struct tobj *o)
{
	o->sym[Y_DATA].st_shndx = SHN_LORESERVE;
}

static void m_sym_value(struct tobj *o)
{
	o->sym[Y_DATA].st_value = 25;
}

static void m_sym_name(struct tobj *o)
{
	o->sym[Y_DATA].st_name = sizeof(strtab);
}

static void m_symtab_entsize(struct tobj *o)
{
	o->sh[S_SYMTAB].sh_entsize = 16;
}

static void m_symtab_link(struct tobj *o)
{
	o->sh[S_SYMTAB].sh_link = S_TEXT;
}

static void m_rela_info(struct tobj *o)
{
	o->sh[S_RELA].sh_info = NR_SECS;
}

static void m_rela_link(struct tobj *o)
{
	o->sh[S_RELA].sh_link = S_STRTAB;
}

static void m_rela_size(struct tobj *o)
{
	o->sh[S_RELA].sh_size -= 4;
}

static void m_rel(struct tobj *o)
{
	o->sh[S_RELA].sh_type = SHT_REL;
}

static void m_rela_bss(struct tobj *o)
{
	o->sh[S_RELA].sh_info = S_BSS;
}

static void m_entry(struct tobj *o)
{
	o->eh->e_entry = 32;
}

static void m_no_alloc(struct tobj *o)
{
	o->sh[S_TEXT].sh_flags = 0;
	o->sh[S_DATA].sh_flags = 0;
}

static const struct bad_row bad_rows[] = {
	{ "truncated header", m_truncate, "40 bytes is too short" },
	{ "bad magic", m_magic, "bad magic 0x7f58" },
	{ "32-bit class", m_class, "class 1" },
	{ "not ET_REL", m_exec, "type 2 machine 62" },
	{ "wrong machine", m_machine, "machine 183, want ET_REL for machine 62" },
	{ "bad e_shentsize", m_shentsize, "section header size 40" },
	{ "section table past the end", m_shoff, "section headers" },
	{ "section table offset wraps", m_shoff_wrap, "section headers" },
	{ "e_shnum overflows the object", m_shnum, "65535 section headers" },
	{ "extended numbering", m_shnum0, "0 section headers" },
	{ "section past the end", m_sec_past_end, "section 2: [0x",  },
	{ "section size wraps", m_sec_wrap, "section 1: [0x" },
	{ "sh_link out of range", m_link, "section 8: sh_link 9 out of range" },
	{ "alignment not a power of two", m_align, "alignment 0x18 not supported" },
	{ "alignment too large", m_huge_align, "alignment 0x10000000000" },
	{ "unterminated string table", m_strtab_unterminated,
	  "section 6: not a NUL terminated string table" },
	{ "e_shstrndx out of range", m_shstrndx, "name table index 9" },
	{ "e_shstrndx not a string table", m_shstrndx_not_strtab,
	  "section 1: not a NUL terminated" },
	{ "section name out of range", m_sh_name, "section 2: name offset" },
	{ "symbol in a bad section", m_sym_section, "symbol 2: section index 100" },
	{ "symbol in a reserved section", m_sym_reserved, "symbol 2: section index 65280" },
	{ "symbol value past its section", m_sym_value, "symbol 2: value 0x19 beyond section 2" },
	{ "symbol name out of range", m_sym_name, "symbol 2: name offset" },
	{ "bad symbol entry size", m_symtab_entsize, "section 5: entry size 16" },
	{ "symbol table linked to a non string table", m_symtab_link,
	  "section 1: not a NUL terminated" },
	{ "relocated section out of range", m_rela_info, "relocated section 9 out of range" },
	{ "relocations not linked to the symbol table", m_rela_link,
	  "sh_link 6 is not the symbol table" },
	{ "relocation table size not a multiple", m_rela_size, "section 4: entry size 24" },
	{ "REL relocations", m_rel, "REL relocations are not supported" },
};

static void parse_rejects(struct kt *t, const void *arg)
{
	const struct bad_row *row = arg;
	static struct tobj o;
	struct kexec_elf_rel_obj obj;

	build(&o);
	row->mutate(&o);
	KT_EXPECT_EQ(t, kexec_elf_rel_parse(o.words, o.len, EM_X86_64, &obj), -ENOEXEC);
	KT_EXPECT_LOGGED(t, row->needle);
}

static const struct bad_row late_rows[] = {
	{ "relocations against a NOBITS section", m_rela_bss, "relocates NOBITS section 3" },
	{ "entry outside executable sections", m_entry, "entry 0x20 is in no executable" },
	{ "nothing loadable", m_no_alloc, "no loadable section" },
};

/* Objects that parse but cannot be laid out, placed or relocated. */
static void load_rejects(struct kt *t, const void *arg)
{
	const struct bad_row *row = arg;
	static struct tobj o;
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;
	int ret;

	build(&o);
	row->mutate(&o);
	ret = load(&o, LOAD, &obj, &img);
	if (!ret) {
		ret = kexec_elf_rel_relocate(&obj, &img, kexec_elf_rel_apply_x86_64);
		kexec_elf_rel_image_free(&img);
	}
	KT_EXPECT_EQ(t, ret, -ENOEXEC);
	KT_EXPECT_LOGGED(t, row->needle);
}

/* ---------------- symbols ---------------- */

static void symbols_resolve_to_buffer_and_address(struct kt *t, const void *row)
{
	static struct tobj o;
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;
	u64 addr = 0;

	build(&o);
	KT_ASSERT_EQ(t, load(&o, LOAD, &obj, &img), 0);
	KT_EXPECT_TRUE(t, kexec_elf_rel_find_symbol(&obj, "entry") == &obj.syms[Y_ENTRY]);
	KT_EXPECT_TRUE(t, !kexec_elf_rel_find_symbol(&obj, "undef"));
	KT_EXPECT_TRUE(t, kexec_elf_rel_symbol_ptr(&obj, &img, "data_var", 16) ==
		       (u8 *)img.buf + 0x28);
	KT_EXPECT_EQ(t, kexec_elf_rel_symbol_addr(&obj, &img, "bss_var", &addr), 0);
	KT_EXPECT_EQ(t, addr, LOAD + 0x60);
	KT_EXPECT_EQ(t, kexec_elf_rel_symbol_addr(&obj, &img, "abs_sym", &addr), 0);
	KT_EXPECT_EQ(t, addr, 0x1234);
	KT_EXPECT_NO_LOG(t);
	kexec_elf_rel_image_free(&img);
}

struct sym_row {
	const char *name;
	const char *sym;
	size_t size;
	const char *needle;
};

static const struct sym_row sym_rows[] = {
	{ "missing symbol", "nope", 8, "no symbol 'nope'" },
	{ "wrong size", "data_var", 8, "'data_var' is 16 bytes, not 8" },
	{ "NOBITS symbol has no bytes", "bss_var", 8, "'bss_var' has no bytes" },
	{ "absolute symbol has no bytes", "abs_sym", 0, "'abs_sym' has no bytes" },
};

static void symbol_ptr_rejects(struct kt *t, const void *arg)
{
	const struct sym_row *row = arg;
	static struct tobj o;
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;

	build(&o);
	KT_ASSERT_EQ(t, load(&o, LOAD, &obj, &img), 0);
	KT_EXPECT_TRUE(t, !kexec_elf_rel_symbol_ptr(&obj, &img, row->sym, row->size));
	KT_EXPECT_LOGGED(t, row->needle);
	kexec_elf_rel_image_free(&img);
}

/* ---------------- the real purgatory ---------------- */

#define PURGATORY_RO "../../../build/obj-overlay/arch/x86/purgatory/purgatory.ro"

/* The kernel sets both symbols: they must exist with the sizes it writes. */
static void purgatory_ro_loads_and_relocates(struct kt *t, const void *row)
{
	struct kexec_elf_rel_obj obj;
	struct kexec_elf_rel_image img;
	size_t len = 0;
	void *buf = kt_read_file(PURGATORY_RO, &len);
	u64 stack = 0;

	if (!buf) {
		KT_SKIP(t, PURGATORY_RO " not built");
		return;
	}
	KT_ASSERT_EQ(t, kexec_elf_rel_parse(buf, len, EM_X86_64, &obj), 0);
	KT_ASSERT_EQ(t, kexec_elf_rel_layout(&obj, &img), 0);
	KT_EXPECT_EQ(t, kexec_elf_rel_place(&obj, &img, 0x7ff00000), 0);
	KT_EXPECT_EQ(t, kexec_elf_rel_relocate(&obj, &img, kexec_elf_rel_apply_x86_64), 0);
	KT_EXPECT_TRUE(t, img.entry >= 0x7ff00000 && img.entry < 0x7ff00000 + img.bufsz);
	KT_EXPECT_TRUE(t, kexec_elf_rel_symbol_ptr(&obj, &img, "purgatory_sha_regions",
						   16 * 16));
	KT_EXPECT_TRUE(t, kexec_elf_rel_symbol_ptr(&obj, &img, "purgatory_sha256_digest",
						   32));
	/* The loader's hand-off to the purgatory: entry, boot_params, tsc_khz. */
	KT_EXPECT_TRUE(t, kexec_elf_rel_symbol_ptr(&obj, &img, "purgatory_handoff", 24));
	/* The purgatory's own stack lies inside the image. */
	KT_EXPECT_EQ(t, kexec_elf_rel_symbol_addr(&obj, &img, "purgatory_stack_top", &stack), 0);
	KT_EXPECT_TRUE(t, stack > 0x7ff00000 && stack <= 0x7ff00000 + img.memsz);
	KT_EXPECT_NO_LOG(t);
	kexec_elf_rel_image_free(&img);
	free(buf);
}

static const struct kt_case cases[] = {
	KT_CASE(layout_places_sections_by_alignment),
	KT_SWEEP(layout_sweep),
	KT_CASE(place_rejects_misaligned_address),
	KT_CASE(relocate_applies_psabi_formulas),
	KT_TABLE(relocate_rejects, reloc_rows),
	KT_TABLE(parse_rejects, bad_rows),
	KT_TABLE(load_rejects, late_rows),
	KT_CASE(symbols_resolve_to_buffer_and_address),
	KT_TABLE(symbol_ptr_rejects, sym_rows),
	KT_CASE(purgatory_ro_loads_and_relocates),
};

KT_MAIN(cases)
