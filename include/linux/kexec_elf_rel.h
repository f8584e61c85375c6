/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A loader for ELF64 relocatable objects (ET_REL), such as the kexec
 * purgatory. Pure: it works on a buffer and a load address passed in and
 * never touches memory maps or kexec state.
 *
 * The steps, each returning 0 or -errno:
 *
 *   kexec_elf_rel_parse()     validate the object and build a view of it
 *   kexec_elf_rel_layout()    lay the SHF_ALLOC sections out in one buffer
 *   kexec_elf_rel_place()     give the laid out sections their load address
 *   kexec_elf_rel_relocate()  apply the SHT_RELA sections through a callback
 *
 * The image's section header copy follows the kernel's struct purgatory_info
 * convention: for SHF_ALLOC sections sh_offset is the offset in the image
 * buffer and sh_addr the load address; other sections keep the object's
 * values.
 */
#ifndef _LINUX_KEXEC_ELF_REL_H
#define _LINUX_KEXEC_ELF_REL_H

#include <linux/types.h>
#include <linux/elf.h>

/* Largest image buffer (sections with contents) the loader accepts. */
#define KEXEC_ELF_REL_MAX_BUF		0x1000000ULL
/* Largest image in memory, NOBITS sections included. */
#define KEXEC_ELF_REL_MAX_MEM		0x4000000ULL
/* Largest section alignment the loader accepts. */
#define KEXEC_ELF_REL_MAX_ALIGN		0x100000ULL

/**
 * struct kexec_elf_rel_obj - validated view of a relocatable object
 * @buf: the object; read only
 * @len: bytes in @buf
 * @ehdr: ELF header, at @buf
 * @shdrs: section headers, inside @buf
 * @shnum: number of section headers
 * @shstrtab: section name string table, NUL terminated at its end
 * @shstrtab_len: bytes in @shstrtab
 * @syms: symbol table, or NULL when the object has none
 * @nr_syms: entries in @syms
 * @strtab: string table of @syms, NUL terminated at its end
 * @strtab_len: bytes in @strtab
 * @symtab_idx: section index of the symbol table (0: none)
 */
struct kexec_elf_rel_obj {
	const u8 *buf;
	size_t len;
	const Elf64_Ehdr *ehdr;
	const Elf64_Shdr *shdrs;
	unsigned int shnum;
	const char *shstrtab;
	size_t shstrtab_len;
	const Elf64_Sym *syms;
	size_t nr_syms;
	const char *strtab;
	size_t strtab_len;
	unsigned int symtab_idx;
};

/**
 * struct kexec_elf_rel_image - the object laid out for loading
 * @sechdrs: @shnum modifiable section headers (see the file comment)
 * @buf: @bufsz bytes: the SHF_ALLOC sections with contents, zero padded
 * @bufsz: bytes of @buf; NOBITS sections follow it in memory
 * @memsz: bytes the image needs in memory
 * @align: alignment the load address must have
 * @load_addr: load address, set by kexec_elf_rel_place()
 * @entry: address of e_entry once placed
 */
struct kexec_elf_rel_image {
	Elf64_Shdr *sechdrs;
	void *buf;
	u64 bufsz;
	u64 memsz;
	u64 align;
	u64 load_addr;
	u64 entry;
};

/**
 * struct kexec_elf_rel_site - one relocation, ready to be applied
 * @type: ELF64_R_TYPE() of the relocation
 * @loc: bytes to patch, in the image buffer
 * @room: bytes available at @loc inside the target section
 * @s: symbol value S (load address of the symbol)
 * @a: addend A
 * @p: place P (load address of @loc)
 */
struct kexec_elf_rel_site {
	u32 type;
	u8 *loc;
	u64 room;
	u64 s;
	s64 a;
	u64 p;
};

/*
 * Applies one relocation; returns 0 or -ENOEXEC (and logs why). An
 * architecture whose purgatory this loader relocates names its callback
 * with "#define arch_kexec_elf_rel_apply" in <asm/kexec.h>;
 * kexec_load_purgatory() then passes it to kexec_elf_rel_relocate(). x86_64
 * uses kexec_elf_rel_apply_x86_64() in arch/x86/kernel/kexec_reloc_64.c,
 * declared in <asm/kexec_reloc.h>.
 */
typedef int (*kexec_elf_rel_apply_t)(const struct kexec_elf_rel_site *site);

int kexec_elf_rel_parse(const void *buf, size_t len, u16 machine,
			struct kexec_elf_rel_obj *obj);
int kexec_elf_rel_layout(const struct kexec_elf_rel_obj *obj,
			 struct kexec_elf_rel_image *img);
int kexec_elf_rel_place(const struct kexec_elf_rel_obj *obj,
			struct kexec_elf_rel_image *img, u64 load_addr);
int kexec_elf_rel_relocate(const struct kexec_elf_rel_obj *obj,
			   struct kexec_elf_rel_image *img,
			   kexec_elf_rel_apply_t apply);
const Elf64_Sym *kexec_elf_rel_find_symbol(const struct kexec_elf_rel_obj *obj,
					   const char *name);
int kexec_elf_rel_symbol_addr(const struct kexec_elf_rel_obj *obj,
			      const struct kexec_elf_rel_image *img,
			      const char *name, u64 *addr);
void *kexec_elf_rel_symbol_ptr(const struct kexec_elf_rel_obj *obj,
			       const struct kexec_elf_rel_image *img,
			       const char *name, size_t size);
void kexec_elf_rel_image_free(struct kexec_elf_rel_image *img);

#endif /* _LINUX_KEXEC_ELF_REL_H */
