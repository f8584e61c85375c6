// SPDX-License-Identifier: GPL-2.0
/*
 * The sections of a Unified Kernel Image (the UAPI Group's UKI
 * specification): a PE file, normally systemd-stub, with the kernel in
 * ".linux" and, optionally, ".initrd", ".cmdline", ".osrel", ".uname" and
 * ".dtb". The PE/COFF specification gives each section table entry a
 * VirtualSize (the bytes the section holds) and a SizeOfRawData at
 * PointerToRawData (the file-aligned bytes it occupies); systemd-stub reads
 * VirtualSize bytes, and so does this.
 *
 * Pure: kexec_uki_parse() takes the file and says where each known section
 * is, after checking every offset and size against the file, so the loader
 * (kernel/kexec_uki_loader.c) can use them without further checks.
 */

#define pr_fmt(fmt) "kexec_file: " fmt

#include <linux/kexec_pe.h>
#include <linux/kexec_uki.h>

#include "kexec_pure.h"

static const char * const uki_section_names[KEXEC_UKI_NR_PARTS] = {
	[KEXEC_UKI_LINUX]	= ".linux",
	[KEXEC_UKI_INITRD]	= ".initrd",
	[KEXEC_UKI_CMDLINE]	= ".cmdline",
	[KEXEC_UKI_OSREL]	= ".osrel",
	[KEXEC_UKI_UNAME]	= ".uname",
	[KEXEC_UKI_DTB]		= ".dtb",
};

/**
 * kexec_uki_section_name() - the PE section name of a UKI part
 * @part: the part
 *
 * Return: the name, for example ".linux".
 */
const char *kexec_uki_section_name(enum kexec_uki_part part)
{
	return uki_section_names[part];
}

/* The part a section name stands for, or -1 for the stub's own sections. */
static int part_of(const char *name)
{
	int part;

	for (part = 0; part < KEXEC_UKI_NR_PARTS; part++)
		if (!strcmp(name, uki_section_names[part]))
			return part;
	return -1;
}

/* A part's data: VirtualSize bytes, inside its raw data, after the headers, inside the file. */
static int check_part(const struct kexec_pe_section *s, u32 headers_end, size_t len,
		      char *why, size_t why_len)
{
	u64 end = (u64)s->raw_at + s->raw_size;

	if (!s->virtual_size) {
		snprintf(why, why_len, "UKI section %s is empty", s->name);
		return -EINVAL;
	}
	if (s->virtual_size > s->raw_size) {
		snprintf(why, why_len, "UKI section %s holds %u bytes but has %u in the file",
			 s->name, s->virtual_size, s->raw_size);
		return -EINVAL;
	}
	if (s->raw_at < headers_end || end > len) {
		snprintf(why, why_len, "UKI section %s [0x%x, 0x%llx) is outside [0x%x, 0x%zx)",
			 s->name, s->raw_at, end, headers_end, len);
		return -EINVAL;
	}
	return 0;
}

/* No two sections may share a byte of the file where a part is one of them. */
static int check_overlaps(const void *buf, const struct kexec_pe_table *table,
			  char *why, size_t why_len)
{
	struct kexec_pe_section a, b;
	unsigned int i, j;

	for (i = 0; i < table->nr; i++) {
		kexec_pe_section(buf, table, i, &a);
		if (part_of(a.name) < 0)
			continue;
		for (j = 0; j < table->nr; j++) {
			kexec_pe_section(buf, table, j, &b);
			if (j == i || !b.raw_size)
				continue;
			if ((u64)a.raw_at < (u64)b.raw_at + b.raw_size &&
			    (u64)b.raw_at < (u64)a.raw_at + a.raw_size) {
				snprintf(why, why_len, "UKI section %s overlaps section %s at 0x%x",
					 a.name, b.name, max(a.raw_at, b.raw_at));
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Record each known section once, checked against the file. */
static int find_parts(const void *buf, size_t len, const struct kexec_pe_table *table,
		      struct kexec_uki *uki, char *why, size_t why_len)
{
	struct kexec_pe_section s;
	unsigned int i;
	int part, ret;

	for (i = 0; i < table->nr; i++) {
		kexec_pe_section(buf, table, i, &s);
		part = part_of(s.name);
		if (part < 0)
			continue;
		if (uki->part[part].size) {
			snprintf(why, why_len, "UKI has two %s sections", s.name);
			return -EINVAL;
		}
		ret = check_part(&s, table->end, len, why, why_len);
		if (ret)
			return ret;
		uki->part[part] = (struct kexec_uki_blob){ .at = s.raw_at, .size = s.virtual_size };
	}
	return 0;
}

/**
 * kexec_uki_parse() - find the parts of a Unified Kernel Image
 * @buf: the file
 * @len: bytes at @buf
 * @uki: filled in on success
 * @why: on failure, the reason with its values (nothing is logged here)
 * @why_len: bytes at @why
 *
 * Return: 0 when @buf is a UKI whose known sections all lie inside the file
 * after the headers, overlap no other section and hold at most their raw
 * data, and ".linux" is one of them; -ENOEXEC when @buf is not a PE file or
 * has none of the known sections (not a UKI: the next format may take it);
 * -EINVAL when it is a UKI but a malformed one.
 */
int kexec_uki_parse(const void *buf, size_t len, struct kexec_uki *uki,
		    char *why, size_t why_len)
{
	struct kexec_pe_table table;
	enum kexec_uki_part part;
	bool any = false;
	int ret;

	memset(uki, 0, sizeof(*uki));
	ret = kexec_pe_section_table(buf, len, &table, why, why_len);
	if (ret)
		return -ENOEXEC;
	ret = find_parts(buf, len, &table, uki, why, why_len);
	if (ret)
		return ret;
	for (part = 0; part < KEXEC_UKI_NR_PARTS; part++)
		any |= uki->part[part].size != 0;
	if (!any) {
		snprintf(why, why_len, "PE file without UKI sections");
		return -ENOEXEC;
	}
	if (!uki->part[KEXEC_UKI_LINUX].size) {
		snprintf(why, why_len, "UKI without a .linux section");
		return -EINVAL;
	}
	return check_overlaps(buf, &table, why, why_len);
}

/**
 * kexec_uki_cmdline() - the embedded command line, as a C string
 * @buf: the file, parsed into @uki
 * @uki: its parts
 * @out: the string: the ".cmdline" bytes up to the first NUL, without
 *	trailing white space (an editor's final newline)
 * @out_len: bytes at @out, at least the section's size plus one
 *
 * Return: the string's length; 0 when there is no ".cmdline" section.
 */
size_t kexec_uki_cmdline(const void *buf, const struct kexec_uki *uki, char *out,
			 size_t out_len)
{
	const struct kexec_uki_blob *blob = &uki->part[KEXEC_UKI_CMDLINE];
	size_t n = min_t(size_t, blob->size, out_len - 1);

	memcpy(out, (const u8 *)buf + blob->at, n);
	out[n] = '\0';
	n = strlen(out);
	while (n && strchr(" \t\r\n", out[n - 1]))
		out[--n] = '\0';
	return n;
}
