// SPDX-License-Identifier: GPL-2.0
/*
 * Loader for ELF64 relocatable objects, used for the kexec purgatory.
 *
 * Everything an object says is checked before it is used: the headers, that
 * every section lies inside the buffer, the links between sections, that
 * string tables end in NUL, the section of every symbol and the offset of
 * every relocation. Sizes are added with overflow checks throughout.
 *
 * The SHF_ALLOC sections are laid out in section order, each at its own
 * alignment; those with contents come first and form the image buffer, the
 * NOBITS ones follow it in memory only:
 *
 *   load_addr                                bufsz          memsz
 *   |.text   |pad|.data      |pad|.rodata     |.bss          |
 *   \_________ image buffer, copied _________/\_ zeroed, not _/
 */

#define pr_fmt(fmt) "kexec: " fmt

#include <linux/kexec_elf_rel.h>

#include "kexec_pure.h"

/* Is [off, off + size) inside the object? */
static bool in_obj(const struct kexec_elf_rel_obj *obj, u64 off, u64 size)
{
	u64 end;

	return !check_add_overflow(off, size, &end) && end <= obj->len;
}

static bool aligned_at(const struct kexec_elf_rel_obj *obj, u64 off, size_t align)
{
	return !(((unsigned long)obj->buf + off) & (align - 1));
}

static bool host_is_lsb(void)
{
	const u16 probe = 1;

	return *(const u8 *)&probe == 1;
}

static int check_ehdr(const struct kexec_elf_rel_obj *obj, u16 machine)
{
	const Elf64_Ehdr *eh = obj->ehdr;
	u8 data = host_is_lsb() ? ELFDATA2LSB : ELFDATA2MSB;

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
		pr_err("ELF object: bad magic 0x%02x%02x%02x%02x\n", eh->e_ident[0],
		       eh->e_ident[1], eh->e_ident[2], eh->e_ident[3]);
		return -ENOEXEC;
	}
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != data ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT) {
		pr_err("ELF object: class %u, data %u, version %u not supported\n",
		       eh->e_ident[EI_CLASS], eh->e_ident[EI_DATA], eh->e_ident[EI_VERSION]);
		return -ENOEXEC;
	}
	if (eh->e_type != ET_REL || eh->e_machine != machine) {
		pr_err("ELF object: type %u machine %u, want ET_REL for machine %u\n",
		       eh->e_type, eh->e_machine, machine);
		return -ENOEXEC;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr)) {
		pr_err("ELF object: section header size %u, want %zu\n",
		       eh->e_shentsize, sizeof(Elf64_Shdr));
		return -ENOEXEC;
	}
	return 0;
}

/* Check the ELF header of @machine's object, then find its section headers. */
static int find_shdrs(struct kexec_elf_rel_obj *obj, u16 machine)
{
	const Elf64_Ehdr *eh = obj->ehdr;
	u64 bytes = (u64)eh->e_shnum * sizeof(Elf64_Shdr);
	int ret = check_ehdr(obj, machine);

	if (ret)
		return ret;
	/* e_shnum == 0 would mean extended numbering, not used by kexec. */
	if (!eh->e_shnum || !in_obj(obj, eh->e_shoff, bytes) ||
	    !aligned_at(obj, eh->e_shoff, 8)) {
		pr_err("ELF object: %u section headers at 0x%llx do not fit %zu bytes\n",
		       eh->e_shnum, (u64)eh->e_shoff, obj->len);
		return -ENOEXEC;
	}
	obj->shdrs = (const Elf64_Shdr *)(obj->buf + eh->e_shoff);
	obj->shnum = eh->e_shnum;
	return 0;
}

static int check_section(const struct kexec_elf_rel_obj *obj, unsigned int i)
{
	const Elf64_Shdr *sh = &obj->shdrs[i];
	bool has_bytes = sh->sh_type != SHT_NOBITS && sh->sh_type != SHT_NULL;

	if (has_bytes && !in_obj(obj, sh->sh_offset, sh->sh_size)) {
		pr_err("ELF section %u: [0x%llx, +0x%llx) outside the %zu byte object\n",
		       i, (u64)sh->sh_offset, (u64)sh->sh_size, obj->len);
		return -ENOEXEC;
	}
	if (sh->sh_link >= obj->shnum) {
		pr_err("ELF section %u: sh_link %u out of range\n", i, sh->sh_link);
		return -ENOEXEC;
	}
	if (sh->sh_addralign > 1 && (!is_power_of_2(sh->sh_addralign) ||
				     sh->sh_addralign > KEXEC_ELF_REL_MAX_ALIGN)) {
		pr_err("ELF section %u: alignment 0x%llx not supported\n",
		       i, (u64)sh->sh_addralign);
		return -ENOEXEC;
	}
	return 0;
}

/* A string table in bounds that ends in NUL, so strcmp() on it is safe. */
static int get_strtab(const struct kexec_elf_rel_obj *obj, unsigned int i,
		      const char **tab, size_t *len)
{
	const Elf64_Shdr *sh = &obj->shdrs[i];

	if (sh->sh_type != SHT_STRTAB || !sh->sh_size ||
	    obj->buf[sh->sh_offset + sh->sh_size - 1] != '\0') {
		pr_err("ELF section %u: not a NUL terminated string table\n", i);
		return -ENOEXEC;
	}
	*tab = (const char *)obj->buf + sh->sh_offset;
	*len = sh->sh_size;
	return 0;
}

/* A table of @entsize byte entries that the loader reads through a cast. */
static int check_table(const struct kexec_elf_rel_obj *obj, unsigned int i, u64 entsize)
{
	const Elf64_Shdr *sh = &obj->shdrs[i];

	if (sh->sh_entsize != entsize || sh->sh_size % entsize ||
	    !aligned_at(obj, sh->sh_offset, 8)) {
		pr_err("ELF section %u: entry size %llu, size %llu, offset 0x%llx invalid\n",
		       i, (u64)sh->sh_entsize, (u64)sh->sh_size, (u64)sh->sh_offset);
		return -ENOEXEC;
	}
	return 0;
}

static int check_symbol(const struct kexec_elf_rel_obj *obj, size_t i)
{
	const Elf64_Sym *sym = &obj->syms[i];
	u16 shndx = sym->st_shndx;

	if (sym->st_name >= obj->strtab_len) {
		pr_err("ELF symbol %zu: name offset %u outside the string table\n",
		       i, sym->st_name);
		return -ENOEXEC;
	}
	if (shndx == SHN_UNDEF || shndx == SHN_ABS || shndx == SHN_COMMON)
		return 0;
	if (shndx >= obj->shnum) {
		pr_err("ELF symbol %zu: section index %u out of range\n", i, shndx);
		return -ENOEXEC;
	}
	if (sym->st_value > obj->shdrs[shndx].sh_size) {
		pr_err("ELF symbol %zu: value 0x%llx beyond section %u\n",
		       i, (u64)sym->st_value, shndx);
		return -ENOEXEC;
	}
	return 0;
}

static int load_symtab(struct kexec_elf_rel_obj *obj, unsigned int i)
{
	const Elf64_Shdr *sh = &obj->shdrs[i];
	size_t k;
	int ret;

	if (obj->symtab_idx) {
		pr_err("ELF section %u: second symbol table\n", i);
		return -ENOEXEC;
	}
	ret = check_table(obj, i, sizeof(Elf64_Sym));
	if (ret)
		return ret;
	ret = get_strtab(obj, sh->sh_link, &obj->strtab, &obj->strtab_len);
	if (ret)
		return ret;
	obj->symtab_idx = i;
	obj->syms = (const Elf64_Sym *)(obj->buf + sh->sh_offset);
	obj->nr_syms = sh->sh_size / sizeof(Elf64_Sym);
	for (k = 0; k < obj->nr_syms; k++) {
		ret = check_symbol(obj, k);
		if (ret)
			return ret;
	}
	return 0;
}

static int check_rel_section(const struct kexec_elf_rel_obj *obj, unsigned int i)
{
	const Elf64_Shdr *sh = &obj->shdrs[i];
	int ret;

	if (sh->sh_info == 0 || sh->sh_info >= obj->shnum) {
		pr_err("ELF section %u: relocated section %u out of range\n", i, sh->sh_info);
		return -ENOEXEC;
	}
	if (!obj->symtab_idx || sh->sh_link != obj->symtab_idx) {
		pr_err("ELF section %u: sh_link %u is not the symbol table\n", i, sh->sh_link);
		return -ENOEXEC;
	}
	if (sh->sh_type == SHT_REL) {
		if (!(obj->shdrs[sh->sh_info].sh_flags & SHF_ALLOC))
			return 0;
		pr_err("ELF section %u: REL relocations are not supported\n", i);
		return -ENOEXEC;
	}
	ret = check_table(obj, i, sizeof(Elf64_Rela));
	return ret;
}

static int check_all_sections(struct kexec_elf_rel_obj *obj)
{
	unsigned int i;
	int ret;

	for (i = 0; i < obj->shnum; i++) {
		ret = check_section(obj, i);
		if (ret)
			return ret;
	}
	if (obj->ehdr->e_shstrndx >= obj->shnum) {
		pr_err("ELF object: section name table index %u out of range\n",
		       obj->ehdr->e_shstrndx);
		return -ENOEXEC;
	}
	ret = get_strtab(obj, obj->ehdr->e_shstrndx, &obj->shstrtab, &obj->shstrtab_len);
	if (ret)
		return ret;
	for (i = 0; i < obj->shnum; i++) {
		if (obj->shdrs[i].sh_name >= obj->shstrtab_len) {
			pr_err("ELF section %u: name offset %u outside the string table\n",
			       i, obj->shdrs[i].sh_name);
			return -ENOEXEC;
		}
		if (obj->shdrs[i].sh_type == SHT_SYMTAB)
			ret = load_symtab(obj, i);
		if (ret)
			return ret;
	}
	for (i = 0; i < obj->shnum; i++) {
		if (obj->shdrs[i].sh_type != SHT_RELA && obj->shdrs[i].sh_type != SHT_REL)
			continue;
		ret = check_rel_section(obj, i);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * kexec_elf_rel_parse() - validate a relocatable object and build a view of it
 * @buf: the object; must stay valid and unchanged while @obj is used
 * @len: bytes in @buf
 * @machine: required e_machine (EM_X86_64, ...)
 * @obj: filled in on success
 *
 * Return: 0, or -ENOEXEC when the object is malformed or not of the wanted
 * kind (one line logged with the reason).
 */
int kexec_elf_rel_parse(const void *buf, size_t len, u16 machine,
			struct kexec_elf_rel_obj *obj)
{
	int ret;

	*obj = (struct kexec_elf_rel_obj){ .buf = buf, .len = len };
	if (len < sizeof(Elf64_Ehdr) || !aligned_at(obj, 0, 8)) {
		pr_err("ELF object: %zu bytes is too short or misaligned\n", len);
		return -ENOEXEC;
	}
	obj->ehdr = buf;
	ret = find_shdrs(obj, machine);
	if (ret)
		return ret;
	return check_all_sections(obj);
}

static bool is_loaded(const Elf64_Shdr *sh)
{
	return (sh->sh_flags & SHF_ALLOC) && sh->sh_type != SHT_NULL;
}

/* Give every loaded section of one kind an offset, starting at *@cursor. */
static int assign_offsets(struct kexec_elf_rel_image *img, unsigned int shnum,
			  bool nobits, u64 *cursor)
{
	unsigned int i;

	for (i = 0; i < shnum; i++) {
		Elf64_Shdr *sh = &img->sechdrs[i];
		u64 align = max_t(u64, sh->sh_addralign, 1);
		bool is_nobits = sh->sh_type == SHT_NOBITS;
		u64 off, end;

		if (!is_loaded(sh) || is_nobits != nobits)
			continue;
		if (check_add_overflow(*cursor, align - 1, &off) ||
		    check_add_overflow(off & ~(align - 1), (u64)sh->sh_size, &end) ||
		    end > KEXEC_ELF_REL_MAX_MEM) {
			pr_err("ELF section %u: image grows beyond 0x%llx bytes\n",
			       i, KEXEC_ELF_REL_MAX_MEM);
			return -E2BIG;
		}
		sh->sh_offset = off & ~(align - 1);
		sh->sh_addr = sh->sh_offset;
		img->align = max(img->align, align);
		*cursor = end;
	}
	return 0;
}

static void copy_contents(const struct kexec_elf_rel_obj *obj,
			  struct kexec_elf_rel_image *img)
{
	unsigned int i;

	for (i = 0; i < obj->shnum; i++) {
		const Elf64_Shdr *sh = &img->sechdrs[i];

		if (is_loaded(sh) && sh->sh_type != SHT_NOBITS)
			memcpy((u8 *)img->buf + sh->sh_offset,
			       obj->buf + obj->shdrs[i].sh_offset, sh->sh_size);
	}
}

/**
 * kexec_elf_rel_layout() - lay out the loadable sections of a parsed object
 * @obj: from kexec_elf_rel_parse()
 * @img: filled in on success; release with kexec_elf_rel_image_free()
 *
 * Return: 0; -ENOEXEC when nothing is loadable, -E2BIG when the image would
 * be larger than KEXEC_ELF_REL_MAX_BUF/KEXEC_ELF_REL_MAX_MEM, -ENOMEM.
 */
int kexec_elf_rel_layout(const struct kexec_elf_rel_obj *obj,
			 struct kexec_elf_rel_image *img)
{
	u64 cursor = 0;
	int ret;

	*img = (struct kexec_elf_rel_image){ .align = 1 };
	img->sechdrs = kvcalloc(obj->shnum, sizeof(*img->sechdrs), GFP_KERNEL);
	if (!img->sechdrs)
		return -ENOMEM;
	memcpy(img->sechdrs, obj->shdrs, obj->shnum * sizeof(*img->sechdrs));
	ret = assign_offsets(img, obj->shnum, false, &cursor);
	if (ret)
		goto err_free_sechdrs;
	img->bufsz = cursor;
	ret = assign_offsets(img, obj->shnum, true, &cursor);
	if (ret)
		goto err_free_sechdrs;
	img->memsz = cursor;
	ret = -ENOEXEC;
	if (!img->bufsz) {
		pr_err("ELF object: no loadable section with contents\n");
		goto err_free_sechdrs;
	}
	ret = -E2BIG;
	if (img->bufsz > KEXEC_ELF_REL_MAX_BUF) {
		pr_err("ELF object: 0x%llx byte image buffer is too large\n", img->bufsz);
		goto err_free_sechdrs;
	}
	ret = -ENOMEM;
	img->buf = kvzalloc(img->bufsz, GFP_KERNEL);
	if (!img->buf)
		goto err_free_sechdrs;
	copy_contents(obj, img);
	return 0;

err_free_sechdrs:
	kvfree(img->sechdrs);
	img->sechdrs = NULL;
	return ret;
}

/* The new address of e_entry: inside an executable section of the object. */
static int find_entry(const struct kexec_elf_rel_obj *obj, struct kexec_elf_rel_image *img)
{
	u64 entry = obj->ehdr->e_entry;
	unsigned int i;

	for (i = 0; i < obj->shnum; i++) {
		const Elf64_Shdr *sh = &obj->shdrs[i];

		if (!is_loaded(sh) || !(sh->sh_flags & SHF_EXECINSTR) ||
		    entry < sh->sh_addr || entry - sh->sh_addr >= sh->sh_size)
			continue;
		img->entry = img->sechdrs[i].sh_addr + (entry - sh->sh_addr);
		return 0;
	}
	pr_err("ELF object: entry 0x%llx is in no executable section\n", entry);
	return -ENOEXEC;
}

/**
 * kexec_elf_rel_place() - set the load address of a laid out image
 * @obj: from kexec_elf_rel_parse()
 * @img: from kexec_elf_rel_layout(), not yet placed
 * @load_addr: where the image buffer will be; a multiple of @img->align
 *
 * Sets sh_addr of every loaded section and @img->entry.
 *
 * Return: 0; -EINVAL for a misaligned or too high @load_addr, -ENOEXEC when
 * the entry point is in no executable section.
 */
int kexec_elf_rel_place(const struct kexec_elf_rel_obj *obj,
			struct kexec_elf_rel_image *img, u64 load_addr)
{
	unsigned int i;
	u64 end;

	if ((load_addr & (img->align - 1)) ||
	    check_add_overflow(load_addr, img->memsz, &end)) {
		pr_err("ELF object: load address 0x%llx invalid for alignment 0x%llx\n",
		       load_addr, img->align);
		return -EINVAL;
	}
	img->load_addr = load_addr;
	for (i = 0; i < obj->shnum; i++)
		if (is_loaded(&img->sechdrs[i]))
			img->sechdrs[i].sh_addr = load_addr + img->sechdrs[i].sh_offset;
	return find_entry(obj, img);
}

static const char *sym_name(const struct kexec_elf_rel_obj *obj, const Elf64_Sym *sym)
{
	return obj->strtab + sym->st_name;
}

/* S: the load address of a symbol a relocation refers to. */
static int symbol_value(const struct kexec_elf_rel_obj *obj,
			const struct kexec_elf_rel_image *img,
			const Elf64_Sym *sym, u64 *s)
{
	switch (sym->st_shndx) {
	case SHN_UNDEF:
		pr_err("ELF relocation: undefined symbol '%s'\n", sym_name(obj, sym));
		return -ENOEXEC;
	case SHN_COMMON:
		pr_err("ELF relocation: common symbol '%s' not supported\n", sym_name(obj, sym));
		return -ENOEXEC;
	case SHN_ABS:
		*s = sym->st_value;
		return 0;
	}
	if (!is_loaded(&img->sechdrs[sym->st_shndx])) {
		pr_err("ELF object: symbol '%s' is in section %u, which is not loaded\n",
		       sym_name(obj, sym), sym->st_shndx);
		return -ENOEXEC;
	}
	*s = img->sechdrs[sym->st_shndx].sh_addr + sym->st_value;
	return 0;
}

static int apply_one(const struct kexec_elf_rel_obj *obj, struct kexec_elf_rel_image *img,
		     const Elf64_Shdr *tgt, const Elf64_Rela *rela,
		     kexec_elf_rel_apply_t apply)
{
	u64 symi = ELF64_R_SYM(rela->r_info);
	struct kexec_elf_rel_site site = {
		.type = ELF64_R_TYPE(rela->r_info),
		.a = rela->r_addend,
	};
	int ret;

	if (symi >= obj->nr_syms) {
		pr_err("ELF relocation: symbol index %llu out of range\n", symi);
		return -ENOEXEC;
	}
	if (rela->r_offset >= tgt->sh_size) {
		pr_err("ELF relocation: offset 0x%llx outside its 0x%llx byte section\n",
		       (u64)rela->r_offset, (u64)tgt->sh_size);
		return -ENOEXEC;
	}
	/* Symbol 0 is the null symbol: S is 0 (R_X86_64_NONE uses it). */
	ret = symi ? symbol_value(obj, img, &obj->syms[symi], &site.s) : 0;
	if (ret)
		return ret;
	site.loc = (u8 *)img->buf + tgt->sh_offset + rela->r_offset;
	site.room = tgt->sh_size - rela->r_offset;
	site.p = tgt->sh_addr + rela->r_offset;
	return apply(&site);
}

static int relocate_section(const struct kexec_elf_rel_obj *obj,
			    struct kexec_elf_rel_image *img, unsigned int i,
			    kexec_elf_rel_apply_t apply)
{
	const Elf64_Shdr *rs = &obj->shdrs[i];
	const Elf64_Shdr *tgt = &img->sechdrs[rs->sh_info];
	const Elf64_Rela *relas = (const Elf64_Rela *)(obj->buf + rs->sh_offset);
	size_t k, n = rs->sh_size / sizeof(*relas);
	int ret;

	if (tgt->sh_type == SHT_NOBITS) {
		pr_err("ELF section %u: relocates NOBITS section %u\n", i, rs->sh_info);
		return -ENOEXEC;
	}
	for (k = 0; k < n; k++) {
		ret = apply_one(obj, img, tgt, &relas[k], apply);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * kexec_elf_rel_relocate() - apply the RELA relocations of the loaded sections
 * @obj: from kexec_elf_rel_parse()
 * @img: placed with kexec_elf_rel_place(); its buffer is patched
 * @apply: the architecture's relocation formulas
 *
 * Relocation sections for sections that are not loaded (debug information)
 * are skipped.
 *
 * Return: 0, or -ENOEXEC for a relocation that cannot be applied.
 */
int kexec_elf_rel_relocate(const struct kexec_elf_rel_obj *obj,
			   struct kexec_elf_rel_image *img,
			   kexec_elf_rel_apply_t apply)
{
	unsigned int i;
	int ret;

	for (i = 0; i < obj->shnum; i++) {
		const Elf64_Shdr *rs = &obj->shdrs[i];

		if (rs->sh_type != SHT_RELA || !is_loaded(&img->sechdrs[rs->sh_info]))
			continue;
		ret = relocate_section(obj, img, i, apply);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * kexec_elf_rel_find_symbol() - look up a global, defined symbol by name
 * @obj: from kexec_elf_rel_parse()
 * @name: symbol name
 *
 * Return: the symbol, or NULL when there is no such global defined symbol.
 */
const Elf64_Sym *kexec_elf_rel_find_symbol(const struct kexec_elf_rel_obj *obj,
					   const char *name)
{
	size_t i;

	for (i = 0; i < obj->nr_syms; i++) {
		const Elf64_Sym *sym = &obj->syms[i];

		if (ELF64_ST_BIND(sym->st_info) != STB_GLOBAL ||
		    sym->st_shndx == SHN_UNDEF || !sym->st_name)
			continue;
		if (!strcmp(sym_name(obj, sym), name))
			return sym;
	}
	return NULL;
}

/**
 * kexec_elf_rel_symbol_addr() - load address of a symbol of a placed image
 * @obj: from kexec_elf_rel_parse()
 * @img: placed with kexec_elf_rel_place()
 * @name: global symbol
 * @addr: the address on success
 *
 * Return: 0, or -EINVAL when there is no such symbol or it is a common one.
 */
int kexec_elf_rel_symbol_addr(const struct kexec_elf_rel_obj *obj,
			      const struct kexec_elf_rel_image *img,
			      const char *name, u64 *addr)
{
	const Elf64_Sym *sym = kexec_elf_rel_find_symbol(obj, name);

	if (!sym || sym->st_shndx == SHN_COMMON) {
		pr_err("ELF object: no symbol '%s' with an address\n", name);
		return -EINVAL;
	}
	return symbol_value(obj, img, sym, addr);
}

/**
 * kexec_elf_rel_symbol_ptr() - where a symbol's bytes are in the image buffer
 * @obj: from kexec_elf_rel_parse()
 * @img: from kexec_elf_rel_layout()
 * @name: global symbol
 * @size: the symbol's size; must equal its st_size
 *
 * Return: pointer to @size bytes in @img->buf, or NULL (one line logged) when
 * the symbol does not exist, has another size or has no bytes in the buffer.
 */
void *kexec_elf_rel_symbol_ptr(const struct kexec_elf_rel_obj *obj,
			       const struct kexec_elf_rel_image *img,
			       const char *name, size_t size)
{
	const Elf64_Sym *sym = kexec_elf_rel_find_symbol(obj, name);
	const Elf64_Shdr *sh;
	u64 end;

	if (!sym) {
		pr_err("ELF object: no symbol '%s'\n", name);
		return NULL;
	}
	if (sym->st_size != size) {
		pr_err("ELF object: symbol '%s' is %llu bytes, not %zu\n",
		       name, (u64)sym->st_size, size);
		return NULL;
	}
	sh = sym->st_shndx < obj->shnum ? &img->sechdrs[sym->st_shndx] : NULL;
	if (!sh || !is_loaded(sh) || sh->sh_type == SHT_NOBITS ||
	    check_add_overflow((u64)sym->st_value, (u64)size, &end) || end > sh->sh_size) {
		pr_err("ELF object: symbol '%s' has no bytes in the image\n", name);
		return NULL;
	}
	return (u8 *)img->buf + sh->sh_offset + sym->st_value;
}

/**
 * kexec_elf_rel_image_free() - release what kexec_elf_rel_layout() allocated
 * @img: the image; may be all zero
 */
void kexec_elf_rel_image_free(struct kexec_elf_rel_image *img)
{
	kvfree(img->buf);
	kvfree(img->sechdrs);
	img->buf = NULL;
	img->sechdrs = NULL;
}
