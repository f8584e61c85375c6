// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 RELA relocations for the kexec purgatory, applied to a buffer.
 *
 * Only the types a small -mcmodel=large or -mcmodel=kernel object needs are
 * accepted; anything else, a value that does not fit its field or a field
 * that does not lie inside its section is -ENOEXEC with one log line.
 *
 *   type          field   value     fits when
 *   R_X86_64_NONE   -       -         -
 *   R_X86_64_64    64 bit  S + A     always
 *   R_X86_64_32    32 bit  S + A     it zero-extends back to the 64-bit value
 *   R_X86_64_32S   32 bit  S + A     it sign-extends back to the 64-bit value
 *   R_X86_64_PC32  32 bit  S + A - P it sign-extends back (a signed offset)
 *   R_X86_64_PLT32 32 bit  S + A - P as PC32: no PLT, the symbol is local
 */
#define pr_fmt(fmt) "kexec: " fmt

#include "kexec_reloc_64_seam.h"
#include "kexec_reloc_64.h"

/* Bytes of the field each accepted type writes; 0 for an unknown type. */
static unsigned int rela_width(u32 type)
{
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
		return 8;
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		return 4;
	default:
		return 0;
	}
}

static bool rela_type_known(u32 type)
{
	return type == R_X86_64_NONE || rela_width(type) != 0;
}

/* Is the field [offset, offset + width) inside the section? */
static bool rela_field_fits(const struct kexec_rela_section *sec, u64 offset,
			    unsigned int width)
{
	return offset <= sec->size && sec->size - offset >= width;
}

/*
 * The value to store for @type and whether it survives truncation to the
 * field. Arithmetic is modulo 2^64, as the psABI's is on a 64-bit target.
 */
static bool rela_value(const struct kexec_rela_section *sec, u64 offset,
		       u32 type, u64 s, s64 a, u64 *value)
{
	u64 v = s + (u64)a;

	switch (type) {
	case R_X86_64_64:
		*value = v;
		return true;
	case R_X86_64_32:
		*value = v;
		return v == (u64)(u32)v;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		v -= sec->addr + offset;
		fallthrough;
	case R_X86_64_32S:
		*value = v;
		return (s64)v == (s64)(s32)(u32)v;
	default:
		return false;
	}
}

/**
 * kexec_rela_apply_one() - apply one relocation to a section buffer
 * @sec: the section being patched
 * @offset: r_offset: where in @sec the field starts
 * @type: the relocation type (ELF64_R_TYPE of r_info)
 * @s: the symbol's value
 * @a: the addend
 *
 * Return: 0 on success (the field written, little endian), -ENOEXEC for an
 * unsupported type, a field outside @sec or a value that does not fit; the
 * section is left unchanged on error.
 */
int kexec_rela_apply_one(const struct kexec_rela_section *sec, u64 offset,
			 u32 type, u64 s, s64 a)
{
	unsigned int width = rela_width(type);
	u8 *field;
	u64 value;

	if (!rela_type_known(type)) {
		pr_err("purgatory: unsupported relocation type %u at offset 0x%llx\n",
		       type, (unsigned long long)offset);
		return -ENOEXEC;
	}
	if (type == R_X86_64_NONE)
		return 0;
	if (!rela_field_fits(sec, offset, width)) {
		pr_err("purgatory: relocation type %u at offset 0x%llx is outside its section of 0x%llx bytes\n",
		       type, (unsigned long long)offset, (unsigned long long)sec->size);
		return -ENOEXEC;
	}
	if (!rela_value(sec, offset, type, s, a, &value)) {
		pr_err("purgatory: relocation type %u at offset 0x%llx overflows: value 0x%llx\n",
		       type, (unsigned long long)offset, (unsigned long long)value);
		return -ENOEXEC;
	}
	field = (u8 *)sec->buf + offset;
	if (width == 8) {
		u64 v64 = value;

		memcpy(field, &v64, sizeof(v64));
	} else {
		u32 v32 = (u32)value;

		memcpy(field, &v32, sizeof(v32));
	}
	return 0;
}

/**
 * kexec_rela_symbol_value() - the value S of a symbol at its load address
 * @st: the symbol table and the loaded section headers
 * @index: the symbol's index (ELF64_R_SYM of r_info)
 * @value: set to S on success
 *
 * Absolute symbols keep their value; others are their offset in their
 * section plus the section's load address.
 *
 * Return: 0 on success, -ENOEXEC for an index outside the table or an
 * undefined, common or reserved-section symbol.
 */
int kexec_rela_symbol_value(const struct kexec_rela_symbols *st, u64 index,
			    u64 *value)
{
	const Elf64_Sym *sym;

	if (index >= st->nr_syms) {
		pr_err("purgatory: symbol index %llu outside a table of %zu\n",
		       (unsigned long long)index, st->nr_syms);
		return -ENOEXEC;
	}
	sym = &st->syms[index];
	if (sym->st_shndx == SHN_ABS) {
		*value = sym->st_value;
		return 0;
	}
	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx == SHN_COMMON ||
	    sym->st_shndx >= st->nr_shdrs) {
		pr_err("purgatory: symbol %llu has no loaded section: st_shndx 0x%x\n",
		       (unsigned long long)index, sym->st_shndx);
		return -ENOEXEC;
	}
	*value = st->shdrs[sym->st_shndx].sh_addr + sym->st_value;
	return 0;
}

/**
 * kexec_rela_apply() - apply a RELA table to a section buffer
 * @sec: the section being patched
 * @rela: the relocations
 * @nr: entries in @rela
 * @st: the symbols they refer to
 *
 * Stops at the first relocation that fails; the ones before it stay
 * applied, so a caller must discard the buffer on error.
 *
 * Return: 0 on success, -ENOEXEC as kexec_rela_symbol_value() and
 * kexec_rela_apply_one() return it.
 */
int kexec_rela_apply(const struct kexec_rela_section *sec,
		     const Elf64_Rela *rela, size_t nr,
		     const struct kexec_rela_symbols *st)
{
	size_t i;
	u64 s;
	int ret;

	for (i = 0; i < nr; i++) {
		u32 type = ELF64_R_TYPE(rela[i].r_info);

		if (type == R_X86_64_NONE)
			continue;
		ret = kexec_rela_symbol_value(st, ELF64_R_SYM(rela[i].r_info), &s);
		if (ret)
			return ret;
		ret = kexec_rela_apply_one(sec, rela[i].r_offset, type, s,
					   rela[i].r_addend);
		if (ret)
			return ret;
	}
	return 0;
}
