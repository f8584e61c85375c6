// SPDX-License-Identifier: GPL-2.0
/*
 * Pure checks and placement for the arm64 Image format, from
 * Documentation/arm64/booting.rst: the 64-byte header, the EFI PE/COFF
 * header distribution kernels carry in front of it, and where the kernel
 * goes in a map of free memory. No kernel state is read here.
 */

#define pr_fmt(fmt) "kexec_image: " fmt

#include "kexec_pure.h"
#include "kexec_image_layout.h"

static_assert(offsetof(struct arm64_image_header, code0) == 0x00);
static_assert(offsetof(struct arm64_image_header, code1) == 0x04);
static_assert(offsetof(struct arm64_image_header, text_offset) == 0x08);
static_assert(offsetof(struct arm64_image_header, image_size) == 0x10);
static_assert(offsetof(struct arm64_image_header, flags) == 0x18);
static_assert(offsetof(struct arm64_image_header, res2) == 0x20);
static_assert(offsetof(struct arm64_image_header, res3) == 0x28);
static_assert(offsetof(struct arm64_image_header, res4) == 0x30);
static_assert(offsetof(struct arm64_image_header, magic) == 0x38);
static_assert(offsetof(struct arm64_image_header, res5) == 0x3c);
static_assert(sizeof(struct arm64_image_header) == 64);

/* The text_offset granule: every page size an arm64 kernel may use divides it. */
#define ARM64_IMAGE_TEXT_ALIGN		SZ_4K

/* PE/COFF: "PE\0\0", the COFF file header, the optional header, sections. */
#define PE_COFF_HDR_SIZE		20	/* after the 4-byte signature */
#define PE_COFF_NSECTIONS		2	/* u16 NumberOfSections */
#define PE_COFF_OPT_SIZE		16	/* u16 SizeOfOptionalHeader */
#define PE_SECTION_SIZE			40
#define PE_SECTION_RAW_SIZE		16	/* u32 SizeOfRawData */
#define PE_SECTION_RAW_PTR		20	/* u32 PointerToRawData */

static u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static u16 get_le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

/* One section's raw data must lie inside the file. */
static int check_pe_section(const u8 *sec, unsigned int i, size_t len)
{
	u64 ptr = get_le32(sec + PE_SECTION_RAW_PTR);
	u64 size = get_le32(sec + PE_SECTION_RAW_SIZE);

	if (ptr + size > len) {
		pr_err("PE section %u data [0x%llx, 0x%llx) is past the end of the 0x%zx byte file: truncated Image\n",
		       i, ptr, ptr + size, len);
		return -ENOEXEC;
	}
	return 0;
}

/*
 * An EFI stub Image is also a PE/COFF file; when it is cut short the
 * section table or a section's data no longer fits, which would only show
 * as a hang after kexec.
 */
static int check_pe(const u8 *buf, size_t len, u32 pe_off)
{
	u64 coff = (u64)pe_off + 4, sections, end;
	unsigned int i, nsec;

	if (coff + PE_COFF_HDR_SIZE > len) {
		pr_err("PE header at 0x%x is past the end of the 0x%zx byte file\n", pe_off, len);
		return -ENOEXEC;
	}
	if (get_le32(buf + pe_off) != ARM64_IMAGE_PE_MAGIC) {
		pr_err("no PE signature at offset 0x%x of an MZ Image\n", pe_off);
		return -ENOEXEC;
	}
	nsec = get_le16(buf + coff + PE_COFF_NSECTIONS);
	sections = coff + PE_COFF_HDR_SIZE + get_le16(buf + coff + PE_COFF_OPT_SIZE);
	end = sections + (u64)nsec * PE_SECTION_SIZE;
	if (end > len) {
		pr_err("PE section table [0x%llx, 0x%llx) is past the end of the 0x%zx byte file: truncated Image\n",
		       sections, end, len);
		return -ENOEXEC;
	}
	for (i = 0; i < nsec; i++) {
		int ret = check_pe_section(buf + sections + (u64)i * PE_SECTION_SIZE, i, len);

		if (ret)
			return ret;
	}
	return 0;
}

static int check_sizes(const struct arm64_image *img)
{
	if (!img->image_size) {
		pr_err("image_size is 0: a kernel older than 3.17, which kexec cannot place\n");
		return -ENOEXEC;
	}
	if (img->text_offset % ARM64_IMAGE_TEXT_ALIGN) {
		pr_err("text_offset 0x%llx is not 4 KiB aligned\n", img->text_offset);
		return -ENOEXEC;
	}
	if (img->text_offset >= ARM64_IMAGE_BASE_ALIGN) {
		pr_err("text_offset 0x%llx is not below 2 MiB\n", img->text_offset);
		return -ENOEXEC;
	}
	if (img->image_size > U64_MAX / 2 || img->file_size > img->image_size) {
		pr_err("file of 0x%llx bytes does not fit image_size 0x%llx\n",
		       img->file_size, img->image_size);
		return -ENOEXEC;
	}
	return 0;
}

/**
 * arm64_image_parse() - check an arm64 Image header and read what loading needs
 * @buf: the file
 * @len: bytes in @buf
 * @img: filled in on success
 *
 * Return: 0, or -ENOEXEC (one line logged) when @buf is not a complete,
 * consistent Image: too short, no "ARM\x64" magic, flags with unknown bits,
 * image_size 0 or smaller than the file, text_offset misaligned, or a PE
 * header whose section table or sections do not fit in the file.
 */
int arm64_image_parse(const void *buf, size_t len, struct arm64_image *img)
{
	const struct arm64_image_header *h = buf;
	u64 flags;
	int ret;

	if (len < sizeof(*h)) {
		pr_err("file of %zu bytes is shorter than the 64-byte Image header\n", len);
		return -ENOEXEC;
	}
	if (le32_to_cpu(h->magic) != ARM64_IMAGE_MAGIC) {
		pr_err("no ARM\\x64 magic at 0x38 (0x%08x): not an arm64 Image\n",
		       le32_to_cpu(h->magic));
		return -ENOEXEC;
	}
	flags = le64_to_cpu(h->flags);
	if (flags & ~ARM64_IMAGE_FLAGS_KNOWN) {
		pr_err("flags 0x%llx have unknown bits 0x%llx\n", flags,
		       flags & ~ARM64_IMAGE_FLAGS_KNOWN);
		return -ENOEXEC;
	}
	*img = (struct arm64_image){
		.text_offset = le64_to_cpu(h->text_offset),
		.image_size = le64_to_cpu(h->image_size),
		.file_size = len,
		.big_endian = flags & ARM64_IMAGE_FLAG_BE,
		.phys_any = flags & ARM64_IMAGE_FLAG_PHYS_ANY,
		.pe = (le32_to_cpu(h->code0) & 0xffff) == ARM64_IMAGE_MZ,
	};
	switch ((flags & ARM64_IMAGE_FLAG_PAGE_MASK) >> ARM64_IMAGE_FLAG_PAGE_SHIFT) {
	case ARM64_IMAGE_PAGE_4K:
		img->page_shift = 12;
		break;
	case ARM64_IMAGE_PAGE_16K:
		img->page_shift = 14;
		break;
	case ARM64_IMAGE_PAGE_64K:
		img->page_shift = 16;
		break;
	default:
		img->page_shift = 0;
	}
	ret = check_sizes(img);
	if (ret)
		return ret;
	return img->pe ? check_pe(buf, len, le32_to_cpu(h->res5)) : 0;
}

/**
 * arm64_image_check_runnable() - can this CPU and kernel start the Image?
 * @img: a parsed Image
 * @cpu_big_endian: the running kernel is big endian
 * @page_shift: the running kernel's page shift; text_offset must be a
 *	multiple of its page size to be a segment address
 *
 * Return: 0, or -ENOEXEC (one line logged).
 */
int arm64_image_check_runnable(const struct arm64_image *img, bool cpu_big_endian,
			       unsigned int page_shift)
{
	if (img->big_endian != cpu_big_endian) {
		pr_err("the Image is %s endian, this kernel %s endian\n",
		       img->big_endian ? "big" : "little", cpu_big_endian ? "big" : "little");
		return -ENOEXEC;
	}
	if (img->text_offset & ((1ULL << page_shift) - 1)) {
		pr_err("text_offset 0x%llx is not a multiple of the 0x%llx byte page\n",
		       img->text_offset, 1ULL << page_shift);
		return -ENOEXEC;
	}
	return 0;
}

/**
 * arm64_image_place() - choose the Image's load address
 * @img: a parsed Image
 * @free: the free memory, sorted half-open ranges
 * @load_addr: receives base + text_offset
 *
 * The base is 2 MiB aligned and text_offset + image_size bytes from it are
 * free. The lowest such base is taken: booting.rst wants it as close to
 * the start of DRAM as possible unless flags bit 3 allows anywhere, and the
 * lowest base serves both (in a crash kernel "DRAM" starts at the region).
 * The bytes below base + text_offset are not reserved: booting.rst leaves
 * them free for other use.
 *
 * Return: 0, -EADDRNOTAVAIL when nothing fits, -EINVAL for sizes that overflow.
 */
int arm64_image_place(const struct arm64_image *img, const struct kexec_range_set *free,
		      u64 *load_addr)
{
	struct kexec_hole_req req = {
		.align = ARM64_IMAGE_BASE_ALIGN, .min = 0, .max = U64_MAX, .top_down = false,
	};
	u64 base;
	int ret;

	if (check_add_overflow(img->text_offset, img->image_size, &req.size))
		return -EINVAL;
	ret = kexec_find_hole(free, &req, &base);
	if (ret)
		return ret;
	*load_addr = base + img->text_offset;
	return 0;
}

/**
 * arm64_image_check_cmdline() - refuse a command line the kernel would cut
 * @cmdline: the command line, NUL terminated within @len, or NULL
 * @len: bytes of @cmdline with its NUL, 0 for none
 * @max: the kernel's COMMAND_LINE_SIZE, its NUL included
 *
 * Return: 0, or -EINVAL (one line logged) when it is longer than @max - 1.
 */
int arm64_image_check_cmdline(const char *cmdline, size_t len, size_t max)
{
	size_t n = cmdline ? strnlen(cmdline, len) : 0;

	if (n >= max) {
		pr_err("command line of %zu bytes exceeds COMMAND_LINE_SIZE %zu\n", n, max - 1);
		return -EINVAL;
	}
	return 0;
}
