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
 *   R_X86_64_PC64  64 bit  S + A - P always
 *
 * kernel/kexec_elf_rel.c walks the object's RELA sections and resolves S, A
 * and P; kexec_elf_rel_apply_x86_64() is the callback it calls per entry.
 */
#define pr_fmt(fmt) "x86/kexec: " fmt

#include "kexec_pure.h"
#include "kexec_reloc_64.h"

/* Bytes of the field each accepted type writes; 0 for an unknown type. */
static unsigned int rela_width(u32 type)
{
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
	case R_X86_64_PC64:
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
	case R_X86_64_PC64:
		*value = v - (sec->addr + offset);
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
 * kexec_elf_rel_apply_x86_64() - apply one relocation for the ELF loader
 * @site: the relocation, with S, A and P resolved by kernel/kexec_elf_rel.c
 *
 * Return: as kexec_rela_apply_one(), for a field of @site->room bytes
 * loaded at @site->p.
 */
int kexec_elf_rel_apply_x86_64(const struct kexec_elf_rel_site *site)
{
	const struct kexec_rela_section field = {
		.buf = site->loc, .size = site->room, .addr = site->p,
	};

	return kexec_rela_apply_one(&field, 0, site->type, site->s, site->a);
}
