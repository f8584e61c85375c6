// SPDX-License-Identifier: GPL-2.0
/*
 * bzImage header checks, segment constraints and zero page construction for
 * the x86_64 kexec_file loader. Pure: the caller passes the image, the memory
 * map, firmware data and the addresses it chose; see kexec_bzimage64_layout.h.
 *
 * The boot_params block handed to the new kernel looks like this (offsets
 * from its start; every setup_data node and the EFI map start 16-aligned):
 *
 *   0x0000  struct boot_params (the zero page, 4 KiB)
 *   0x1000  command line, NUL terminated
 *           [SETUP_E820_EXT node: memory map entries past the first 128]
 *           [one node per bz64_params_src.items entry, chained in order]
 *           [EFI runtime memory map]
 */

#define pr_fmt(fmt) "x86/kexec: " fmt

#include "kexec_pure.h"
#include "kexec_bzimage64_layout.h"

#define BZ64_HDR_START		0x1f1	/* first setup header byte in the file */
#define BZ64_JUMP_LEN_AT	0x201	/* header end = 0x202 + this byte */
#define BZ64_HDR_AREA_END	0x290	/* zero page room for the header */
#define BZ64_SECTOR		512
#define BZ64_DEFAULT_SECTS	4	/* boot.rst: setup_sects 0 means 4 */
#define BZ64_BOOT_FLAG		0xaa55
#define BZ64_MAGIC		0x53726448	/* "HdrS", little endian */
#define BZ64_PARAGRAPH		16	/* syssize unit */
#define BZ64_PAGE		4096ULL
#define BZ64_LOW_LIMIT		0x100000ULL	/* keep below-1M firmware areas */
#define BZ64_PARAMS_MIN		0x1000ULL
#define BZ64_NODE_ALIGN		16
#define BZ64_E820_RAM		1
#define BZ64_E820_RESERVED_KERN	128	/* RAM the kernel set aside (setup_data) */
#define BZ64_EXT_MEM_K_MAX	0xfc00	/* screen_info.ext_mem_k caps at 64M */

/*
 * The setup header as boot.rst lists it, from file offset 0x1f1. Only the
 * fields up to init_size exist in every protocol >= 2.12 image; the rest are
 * newer and never read here.
 */
struct bz64_hdr {
	u8 setup_sects;
	u16 root_flags;
	u32 syssize;
	u16 ram_size;
	u16 vid_mode;
	u16 root_dev;
	u16 boot_flag;
	u16 jump;
	u32 header;
	u16 version;
	u32 realmode_swtch;
	u16 start_sys_seg;
	u16 kernel_version;
	u8 type_of_loader;
	u8 loadflags;
	u16 setup_move_size;
	u32 code32_start;
	u32 ramdisk_image;
	u32 ramdisk_size;
	u32 bootsect_kludge;
	u16 heap_end_ptr;
	u8 ext_loader_ver;
	u8 ext_loader_type;
	u32 cmd_line_ptr;
	u32 initrd_addr_max;
	u32 kernel_alignment;
	u8 relocatable_kernel;
	u8 min_alignment;
	u16 xloadflags;
	u32 cmdline_size;
	u32 hardware_subarch;
	u64 hardware_subarch_data;
	u32 payload_offset;
	u32 payload_length;
	u64 setup_data;
	u64 pref_address;
	u32 init_size;
} __packed;

#define BZ64_AT(field)	(BZ64_HDR_START + offsetof(struct bz64_hdr, field))
static_assert(BZ64_AT(setup_sects) == 0x1f1);
static_assert(BZ64_AT(syssize) == 0x1f4);
static_assert(BZ64_AT(boot_flag) == 0x1fe);
static_assert(BZ64_AT(jump) == 0x200);
static_assert(BZ64_AT(header) == 0x202);
static_assert(BZ64_AT(version) == 0x206);
static_assert(BZ64_AT(type_of_loader) == 0x210);
static_assert(BZ64_AT(loadflags) == 0x211);
static_assert(BZ64_AT(ramdisk_image) == 0x218);
static_assert(BZ64_AT(cmd_line_ptr) == 0x228);
static_assert(BZ64_AT(initrd_addr_max) == 0x22c);
static_assert(BZ64_AT(kernel_alignment) == 0x230);
static_assert(BZ64_AT(relocatable_kernel) == 0x234);
static_assert(BZ64_AT(xloadflags) == 0x236);
static_assert(BZ64_AT(cmdline_size) == 0x238);
static_assert(BZ64_AT(payload_offset) == 0x248);
static_assert(BZ64_AT(setup_data) == 0x250);
static_assert(BZ64_AT(pref_address) == 0x258);
static_assert(BZ64_AT(init_size) == 0x260);
static_assert(sizeof(struct bz64_hdr) == 0x264 - BZ64_HDR_START);

/* The zero page is ABI; make sure this build sees the documented layout. */
static_assert(sizeof(struct boot_params) == 4096);
static_assert(offsetof(struct boot_params, hdr) == BZ64_HDR_START);
static_assert(offsetof(struct boot_params, ext_ramdisk_image) == 0x0c0);
static_assert(offsetof(struct boot_params, ext_cmd_line_ptr) == 0x0c8);
static_assert(offsetof(struct boot_params, e820_entries) == 0x1e8);
static_assert(offsetof(struct boot_params, edd_mbr_sig_buffer) == BZ64_HDR_AREA_END);
static_assert(offsetof(struct boot_params, e820_table) == 0x2d0);
static_assert(sizeof(struct boot_e820_entry) == 20);

static u64 align_up(u64 val, u64 align)
{
	return (val + align - 1) & ~(align - 1);
}

/* Size and identity: is this an x86 boot sector with a setup header at all? */
static int check_identity(const u8 *buf, size_t len, const struct bz64_hdr *h)
{
	if (h->boot_flag != BZ64_BOOT_FLAG) {
		pr_err("bzImage: boot sector flag 0x%04x, want 0x%04x\n",
		       h->boot_flag, BZ64_BOOT_FLAG);
		return -ENOEXEC;
	}
	if (h->header != BZ64_MAGIC) {
		pr_err("bzImage: setup header magic 0x%08x is not \"HdrS\"\n", h->header);
		return -ENOEXEC;
	}
	if (h->version < BZ64_MIN_PROTOCOL) {
		pr_err("bzImage: boot protocol %u.%02u is older than 2.12\n",
		       h->version >> 8, h->version & 0xff);
		return -ENOEXEC;
	}
	return 0;
}

/* The file holds the setup, the whole header and the protected-mode code. */
static int check_extent(const u8 *buf, size_t len, const struct bz64_hdr *h,
			struct bz64_image *info)
{
	u32 sects = h->setup_sects ? h->setup_sects : BZ64_DEFAULT_SECTS;
	u32 hdr_end = BZ64_JUMP_LEN_AT + 1 + buf[BZ64_JUMP_LEN_AT];
	u64 kernel_size = (u64)h->syssize * BZ64_PARAGRAPH;
	u64 payload_end = (u64)h->payload_offset + h->payload_length;

	info->setup_size = (sects + 1) * BZ64_SECTOR;
	if (info->setup_size > len) {
		pr_err("bzImage: %u setup sectors run past the %zu byte file\n", sects, len);
		return -ENOEXEC;
	}
	if (hdr_end < BZ64_HDR_START + sizeof(*h) || hdr_end > info->setup_size) {
		pr_err("bzImage: setup header end 0x%x is outside [0x%zx, 0x%x]\n",
		       hdr_end, BZ64_HDR_START + sizeof(*h), info->setup_size);
		return -ENOEXEC;
	}
	if (!kernel_size || kernel_size > len - info->setup_size) {
		pr_err("bzImage: syssize of %llu bytes does not fit the %zu bytes after setup\n",
		       kernel_size, len - info->setup_size);
		return -ENOEXEC;
	}
	if (payload_end > kernel_size) {
		pr_err("bzImage: payload ends at 0x%llx, beyond the 0x%llx byte kernel\n",
		       payload_end, kernel_size);
		return -ENOEXEC;
	}
	info->hdr_size = min_t(u32, hdr_end, BZ64_HDR_AREA_END) - BZ64_HDR_START;
	info->kernel_size = kernel_size;
	return 0;
}

/* What a 64-bit kexec needs: bzImage, relocatable, 64-bit entry, above 4G. */
static int check_capabilities(const struct bz64_hdr *h)
{
	if (!(h->loadflags & LOADED_HIGH)) {
		pr_err("bzImage: loadflags 0x%02x lack LOADED_HIGH (a zImage)\n", h->loadflags);
		return -ENOEXEC;
	}
	if (!h->relocatable_kernel) {
		pr_err("bzImage: kernel is not relocatable (relocatable_kernel 0)\n");
		return -ENOEXEC;
	}
	if (!(h->xloadflags & XLF_KERNEL_64)) {
		pr_err("bzImage: no 64-bit entry point (xloadflags 0x%04x)\n", h->xloadflags);
		return -ENOEXEC;
	}
	if (!(h->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G)) {
		pr_err("bzImage: cannot be loaded above 4G (xloadflags 0x%04x)\n", h->xloadflags);
		return -ENOEXEC;
	}
	if (!is_power_of_2(h->kernel_alignment)) {
		pr_err("bzImage: kernel_alignment 0x%x is not a power of two\n",
		       h->kernel_alignment);
		return -ENOEXEC;
	}
	return 0;
}

/**
 * bz64_parse() - check a bzImage and extract what loading it needs
 * @buf: the image file
 * @len: bytes at @buf
 * @info: filled in on success
 *
 * Logs one line naming the first problem found.
 *
 * Return: 0, or -ENOEXEC when @buf is not a loadable 64-bit bzImage.
 */
int bz64_parse(const void *buf, size_t len, struct bz64_image *info)
{
	const u8 *bytes = buf;
	struct bz64_hdr h;
	int ret;

	if (len < BZ64_HDR_START + sizeof(h)) {
		pr_err("bzImage: file of %zu bytes is too short for a setup header\n", len);
		return -ENOEXEC;
	}
	memcpy(&h, bytes + BZ64_HDR_START, sizeof(h));

	ret = check_identity(bytes, len, &h);
	if (ret)
		return ret;
	ret = check_extent(bytes, len, &h, info);
	if (ret)
		return ret;
	ret = check_capabilities(&h);
	if (ret)
		return ret;

	info->protocol = h.version;
	info->kernel_alignment = h.kernel_alignment;
	info->init_size = h.init_size;
	info->cmdline_size = h.cmdline_size;
	info->initrd_addr_max = h.initrd_addr_max;
	info->xloadflags = h.xloadflags;
	info->payload_offset = h.payload_offset;
	info->payload_length = h.payload_length;
	return 0;
}

/**
 * bz64_loaded_ranges() - the bytes of the file that reach memory
 * @info: the parsed image
 * @ranges: filled with half-open file offsets
 * @max: entries at @ranges
 *
 * The loader copies two parts of the file: the setup header, into the new
 * boot_params, and the protected-mode kernel. Nothing else of the file is
 * read after parsing, so a signature covering these covers what is loaded.
 *
 * Return: the number of ranges (2), or -E2BIG when @max is smaller.
 */
int bz64_loaded_ranges(const struct bz64_image *info, struct kexec_range *ranges,
		       unsigned int max)
{
	if (max < 2)
		return -E2BIG;
	ranges[0] = (struct kexec_range){ BZ64_HDR_START, BZ64_HDR_START + info->hdr_size };
	ranges[1] = (struct kexec_range){ info->setup_size,
					  (u64)info->setup_size + info->kernel_size };
	return 2;
}

/**
 * bz64_check_cmdline() - check a command line against the kernel's limit
 * @info: the parsed image
 * @cmdline: command line bytes; the string ends at the first NUL or at @len
 * @len: bytes at @cmdline
 *
 * Return: 0, or -EINVAL (one line logged) when the string is longer than
 * the image's cmdline_size.
 */
int bz64_check_cmdline(const struct bz64_image *info, const char *cmdline, size_t len)
{
	size_t n = cmdline ? strnlen(cmdline, len) : 0;

	if (n > info->cmdline_size) {
		pr_err("bzImage: command line of %zu bytes exceeds the kernel's %u\n",
		       n, info->cmdline_size);
		return -EINVAL;
	}
	return 0;
}

/**
 * bz64_kernel_place() - constraints for the protected-mode kernel segment
 * @info: the parsed image
 * @place: filled in: init_size (at least the code) rounded to pages,
 *	kernel_alignment, anywhere above 1M
 */
void bz64_kernel_place(const struct bz64_image *info, struct bz64_place *place)
{
	u64 need = max_t(u64, info->init_size, info->kernel_size);

	place->memsz = align_up(need, BZ64_PAGE);
	place->align = max_t(u64, info->kernel_alignment, BZ64_PAGE);
	place->min = BZ64_LOW_LIMIT;
	place->max = U64_MAX;
}

/**
 * bz64_initrd_place() - constraints for the initrd segment
 * @info: the parsed image
 * @size: bytes of initrd (not 0)
 * @place: filled in on success
 *
 * Images that can be loaded above 4G take the initrd anywhere; others want
 * its last byte at or below initrd_addr_max.
 *
 * Return: 0, or -E2BIG (one line logged) when it cannot fit under the limit.
 */
int bz64_initrd_place(const struct bz64_image *info, u64 size, struct bz64_place *place)
{
	u64 max = U64_MAX;

	if (!(info->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		max = info->initrd_addr_max;
	if (max < BZ64_LOW_LIMIT || size > max - BZ64_LOW_LIMIT + 1) {
		pr_err("bzImage: initrd of %llu bytes cannot fit below 0x%llx\n", size, max);
		return -E2BIG;
	}
	place->memsz = size;
	place->align = BZ64_PAGE;
	place->min = BZ64_LOW_LIMIT;
	place->max = max;
	return 0;
}

/* Offsets inside the boot_params block; see the drawing at the top. */
struct bz64_layout {
	size_t cmdline;
	size_t cmdline_len;	/* string bytes, NUL excluded */
	size_t e820_ext;	/* 0: no SETUP_E820_EXT node */
	unsigned int nr_e820_ext;
	size_t items;
	size_t efi_map;
	size_t total;
};

/* Reserve @bytes at the next aligned offset; store that offset in @at. */
static int take(size_t *cursor, size_t bytes, size_t *at)
{
	size_t start = align_up(*cursor, BZ64_NODE_ALIGN);

	if (start < *cursor || check_add_overflow(start, bytes, cursor))
		return -E2BIG;
	*at = start;
	return 0;
}

static int node_bytes(size_t payload, size_t *bytes)
{
	return check_add_overflow(sizeof(struct setup_data), payload, bytes) ? -E2BIG : 0;
}

/* Take @payload bytes of setup_data node at *@cursor. */
static int take_node(size_t *cursor, size_t payload, size_t *at)
{
	size_t bytes;
	int ret;

	ret = node_bytes(payload, &bytes);
	if (ret)
		return ret;
	return take(cursor, bytes, at);
}

/* Offsets of everything after the zero page; -E2BIG when a size overflows. */
static int plan_offsets(const struct bz64_params_src *src, struct bz64_layout *l,
			size_t *cursor)
{
	unsigned int i;
	size_t at;
	int ret;

	l->cmdline_len = src->cmdline ? strnlen(src->cmdline, src->cmdline_len) : 0;
	ret = take(cursor, l->cmdline_len + 1, &l->cmdline);
	if (ret)
		return ret;
	if (src->nr_e820 > E820_MAX_ENTRIES_ZEROPAGE) {
		l->nr_e820_ext = src->nr_e820 - E820_MAX_ENTRIES_ZEROPAGE;
		ret = take_node(cursor, (size_t)l->nr_e820_ext * sizeof(*src->e820),
				&l->e820_ext);
		if (ret)
			return ret;
	}
	l->items = align_up(*cursor, BZ64_NODE_ALIGN);
	for (i = 0; i < src->nr_items; i++) {
		ret = take_node(cursor, src->items[i].len, &at);
		if (ret)
			return ret;
	}
	return take(cursor, src->efi ? src->efi_memmap_size : 0, &l->efi_map);
}

static int plan_layout(const struct bz64_params_src *src, struct bz64_layout *l)
{
	size_t cursor = sizeof(struct boot_params);
	int ret;

	memset(l, 0, sizeof(*l));
	ret = plan_offsets(src, l, &cursor);
	if (ret) {
		pr_err("bzImage: boot_params block does not fit in size_t\n");
		return ret;
	}
	l->total = cursor;
	return 0;
}

/**
 * bz64_params_size() - bytes of the boot_params block for @src
 * @src: what the block will hold
 * @size: filled in on success
 *
 * Return: 0, or -E2BIG when the sizes overflow.
 */
int bz64_params_size(const struct bz64_params_src *src, size_t *size)
{
	struct bz64_layout l;
	int ret;

	ret = plan_layout(src, &l);
	if (ret)
		return ret;
	*size = l.total;
	return 0;
}

/* Firmware facts the new kernel cannot probe for itself after a kexec. */
static void inherit_firmware(struct boot_params *bp, const struct bz64_params_src *src)
{
	const struct boot_params *old = src->inherit;

	bp->acpi_rsdp_addr = src->acpi_rsdp;
	if (src->screen)
		memcpy(&bp->screen_info, src->screen, sizeof(bp->screen_info));
	if (!old)
		return;
	bp->hdr.hardware_subarch = old->hdr.hardware_subarch;
	bp->hdr.hardware_subarch_data = old->hdr.hardware_subarch_data;
	memcpy(bp->eddbuf, old->eddbuf, sizeof(bp->eddbuf));
	bp->eddbuf_entries = min_t(u8, old->eddbuf_entries, ARRAY_SIZE(bp->eddbuf));
	memcpy(bp->edd_mbr_sig_buffer, old->edd_mbr_sig_buffer, sizeof(bp->edd_mbr_sig_buffer));
	bp->edd_mbr_sig_buf_entries = min_t(u8, old->edd_mbr_sig_buf_entries,
					    ARRAY_SIZE(bp->edd_mbr_sig_buffer));
	if (src->efi)
		bp->secure_boot = old->secure_boot;
}

/* Legacy memory sizes: KiB of RAM from 1M up, from the entry covering 1M. */
static void set_mem_k(struct boot_params *bp, const struct boot_e820_entry *map,
		      unsigned int nr)
{
	unsigned int i;
	u64 end, mem_k;

	for (i = 0; i < nr; i++) {
		if (map[i].type != BZ64_E820_RAM || map[i].addr > BZ64_LOW_LIMIT)
			continue;
		if (check_add_overflow(map[i].addr, map[i].size, &end) || end <= BZ64_LOW_LIMIT)
			continue;
		mem_k = (end - BZ64_LOW_LIMIT) >> 10;
		bp->screen_info.ext_mem_k = min_t(u64, mem_k, BZ64_EXT_MEM_K_MAX);
		bp->alt_mem_k = min_t(u64, mem_k, U32_MAX);
		return;
	}
}

/* The zero page and each node hold a u64 "next" link; write it by offset. */
static void set_link(u8 *block, size_t link, u64 addr)
{
	memcpy(block + link, &addr, sizeof(addr));
}

/*
 * Write one setup_data node at @off, hang it on the chain at @link and
 * return where its own link lives.
 */
static size_t add_node(u8 *block, u64 base, size_t off, size_t link,
		       const struct bz64_item *it)
{
	struct setup_data *sd = (struct setup_data *)(block + off);

	sd->next = 0;
	sd->type = it->type;
	sd->len = it->len;
	if (it->len)
		memcpy(sd->data, it->data, it->len);
	set_link(block, link, base + off);
	return off + offsetof(struct setup_data, next);
}

static size_t write_e820(u8 *block, const struct bz64_params_src *src,
			 const struct bz64_layout *l, u64 base, size_t link)
{
	struct boot_params *bp = (struct boot_params *)block;
	unsigned int nr = min_t(unsigned int, src->nr_e820, E820_MAX_ENTRIES_ZEROPAGE);
	struct bz64_item ext = { .type = SETUP_E820_EXT };

	if (!nr)
		return link;
	memcpy(bp->e820_table, src->e820, nr * sizeof(*src->e820));
	bp->e820_entries = nr;
	set_mem_k(bp, src->e820, src->nr_e820);
	if (!l->nr_e820_ext)
		return link;
	ext.len = l->nr_e820_ext * sizeof(*src->e820);
	ext.data = src->e820 + nr;
	return add_node(block, base, l->e820_ext, link, &ext);
}

static void write_chain(u8 *block, const struct bz64_params_src *src,
			const struct bz64_layout *l, u64 base)
{
	size_t link = offsetof(struct boot_params, hdr.setup_data);
	size_t off = l->items;
	unsigned int i;

	set_link(block, link, 0);
	link = write_e820(block, src, l, base, link);
	for (i = 0; i < src->nr_items; i++) {
		off = align_up(off, BZ64_NODE_ALIGN);
		link = add_node(block, base, off, link, &src->items[i]);
		off += sizeof(struct setup_data) + src->items[i].len;
	}
}

static void write_efi(struct boot_params *bp, const struct bz64_params_src *src,
		      const struct bz64_layout *l, u64 base)
{
	u64 map = base + l->efi_map;

	if (!src->efi)
		return;
	bp->efi_info = *src->efi;
	bp->efi_info.efi_memmap = 0;
	bp->efi_info.efi_memmap_hi = 0;
	bp->efi_info.efi_memmap_size = src->efi_memmap_size;
	if (!src->efi_memmap_size)
		return;
	memcpy((u8 *)bp + l->efi_map, src->efi_memmap, src->efi_memmap_size);
	bp->efi_info.efi_memmap = lower_32_bits(map);
	bp->efi_info.efi_memmap_hi = upper_32_bits(map);
}

static void write_loader_fields(struct boot_params *bp, const struct bz64_params_src *src,
				const struct bz64_layout *l, const struct bz64_addrs *at)
{
	u64 cmdline = at->params + l->cmdline;

	bp->hdr.type_of_loader = BZ64_LOADER_ID;
	/* No real-mode heap is set up: the 64-bit entry never runs setup. */
	bp->hdr.loadflags &= ~CAN_USE_HEAP;
	bp->hdr.heap_end_ptr = 0;
	bp->hdr.cmd_line_ptr = lower_32_bits(cmdline);
	bp->ext_cmd_line_ptr = upper_32_bits(cmdline);
	if (l->cmdline_len)
		memcpy((u8 *)bp + l->cmdline, src->cmdline, l->cmdline_len);
	((u8 *)bp)[l->cmdline + l->cmdline_len] = '\0';
	if (!at->initrd_size)
		return;
	bp->hdr.ramdisk_image = lower_32_bits(at->initrd);
	bp->ext_ramdisk_image = upper_32_bits(at->initrd);
	bp->hdr.ramdisk_size = lower_32_bits(at->initrd_size);
	bp->ext_ramdisk_size = upper_32_bits(at->initrd_size);
}

/**
 * bz64_build_params() - write the boot_params block the new kernel gets
 * @src: image, command line, memory map, setup_data payloads, firmware data
 * @at: chosen physical addresses; @at->params is where @block will live
 * @block: destination, bz64_params_size() bytes or more; zeroed here
 * @block_size: bytes at @block
 *
 * The setup header is copied from the image as boot.rst asks (0x1f1 up to
 * 0x202 + the byte at 0x201), then the loader-owned fields are filled in.
 *
 * Return: 0, -E2BIG when sizes overflow, or -EINVAL when @block_size is
 * smaller than bz64_params_size() (a caller bug, warned about once).
 */
int bz64_build_params(const struct bz64_params_src *src, const struct bz64_addrs *at,
		      void *block, size_t block_size)
{
	struct boot_params *bp = block;
	struct bz64_layout l;
	int ret;

	ret = plan_layout(src, &l);
	if (ret)
		return ret;
	if (WARN_ON_ONCE(block_size < l.total))
		return -EINVAL;

	memset(block, 0, l.total);
	memcpy((u8 *)bp + BZ64_HDR_START, src->image + BZ64_HDR_START, src->info->hdr_size);
	inherit_firmware(bp, src);
	write_loader_fields(bp, src, &l, at);
	write_chain(block, src, &l, at->params);
	write_efi(bp, src, &l, at->params);
	return 0;
}

/* ---------------- the crash kernel's memory map ---------------- */

static bool e820_is_ram(u32 type)
{
	return type == BZ64_E820_RAM || type == BZ64_E820_RESERVED_KERN;
}

/*
 * The firmware entries a crash kernel keeps: every non-RAM entry (ACPI
 * tables and NVS, reserved and device ranges, persistent memory) as it is,
 * and RAM only below 1 MiB. Returns the number of entries written.
 */
static unsigned int keep_firmware_entries(const struct boot_e820_entry *map, unsigned int nr,
					  struct boot_e820_entry *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr; i++) {
		struct boot_e820_entry e = map[i];

		if (e820_is_ram(e.type)) {
			if (e.addr >= BZ64_LOW_LIMIT)
				continue;
			e.size = min_t(u64, e.size, BZ64_LOW_LIMIT - e.addr);
			e.type = BZ64_E820_RAM;
		}
		out[n++] = e;
	}
	return n;
}

/* Insert RAM [r->start, r->end) into the sorted @out, which has room. */
static unsigned int insert_ram(struct boot_e820_entry *out, unsigned int n,
			       const struct kexec_range *r)
{
	unsigned int at = n;

	while (at && out[at - 1].addr > r->start)
		at--;
	memmove(out + at + 1, out + at, (n - at) * sizeof(*out));
	out[at].addr = r->start;
	out[at].size = kexec_range_size(r);
	out[at].type = BZ64_E820_RAM;
	return n + 1;
}

static int check_no_overlap(const struct boot_e820_entry *out, unsigned int n)
{
	unsigned int i;

	for (i = 1; i < n; i++) {
		if (out[i - 1].addr + out[i - 1].size <= out[i].addr)
			continue;
		pr_err("crash memory map: [0x%llx+0x%llx) overlaps [0x%llx+0x%llx)\n",
		       out[i - 1].addr, out[i - 1].size, out[i].addr, out[i].size);
		return -EINVAL;
	}
	return 0;
}

/**
 * bz64_crash_e820() - the memory map a crash kernel boots with
 * @map: the running kernel's e820 map, sorted and without overlaps
 * @nr_map: entries in @map
 * @ram: the RAM the crash kernel may use (the crashkernel regions minus the
 *	ELF core header), sorted, each non-empty
 * @nr_ram: entries in @ram
 * @out: room for @nr_map + @nr_ram entries
 * @nr_out: receives the number of entries written
 *
 * The crash kernel must not touch the dead kernel's memory, so of the RAM
 * in @map it keeps only the first megabyte (the real-mode area it needs to
 * start CPUs, which the dead kernel kept reserved); every non-RAM entry
 * stays so that it finds its ACPI tables and devices. @ram is added as RAM.
 *
 * Return: 0, or -EINVAL when a @ram range is empty or overlaps another entry.
 */
int bz64_crash_e820(const struct boot_e820_entry *map, unsigned int nr_map,
		    const struct kexec_range *ram, unsigned int nr_ram,
		    struct boot_e820_entry *out, unsigned int *nr_out)
{
	unsigned int i, n;

	n = keep_firmware_entries(map, nr_map, out);
	for (i = 0; i < nr_ram; i++) {
		if (kexec_range_empty(&ram[i])) {
			pr_err("crash memory map: empty RAM range at 0x%llx\n", ram[i].start);
			return -EINVAL;
		}
		n = insert_ram(out, n, &ram[i]);
	}
	*nr_out = n;
	return check_no_overlap(out, n);
}
