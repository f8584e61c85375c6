/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure half of the x86_64 bzImage loader: read and check a bzImage's
 * setup header, say where its pieces may go, and write the zero page the
 * new kernel receives. Nothing here touches the running machine; the glue in
 * kexec-bzimage64.c gathers the memory map, firmware data and addresses and
 * passes them in. Documentation/x86/boot.rst is the specification.
 */
#ifndef _X86_KEXEC_BZIMAGE64_LAYOUT_H
#define _X86_KEXEC_BZIMAGE64_LAYOUT_H

#include <linux/kexec_ranges.h>
#include <linux/types.h>

struct boot_params;
struct boot_e820_entry;
struct efi_info;
struct screen_info;

/* Oldest protocol with a 64-bit entry and xloadflags (boot.rst, 2.12). */
#define BZ64_MIN_PROTOCOL	0x020c
/* The 64-bit entry point sits this far into the protected-mode code. */
#define BZ64_ENTRY64_OFFSET	0x200
/* Bytes of SETUP_RNG_SEED data handed to the new kernel. */
#define BZ64_RNG_SEED_SIZE	32
/* boot.rst type_of_loader: 0xD is kexec; low nibble is the version. */
#define BZ64_LOADER_ID		0xd0

/**
 * struct bz64_image - what the loader needs from a checked bzImage
 * @protocol: boot protocol version, e.g. 0x020f for 2.15
 * @setup_size: bytes of boot sector plus real-mode setup in the file
 * @kernel_size: bytes of protected-mode code after the setup (syssize * 16)
 * @hdr_size: bytes of setup header to copy, counted from offset 0x1f1
 * @kernel_alignment: required physical alignment of the kernel (power of 2)
 * @init_size: bytes the kernel needs from its load address while booting
 * @cmdline_size: longest command line the kernel takes, NUL excluded
 * @initrd_addr_max: highest address of the last initrd byte (below 4G)
 * @xloadflags: XLF_* capabilities of the image
 * @payload_offset: where the compressed kernel starts, from @setup_size
 * @payload_length: its bytes (inside the protected-mode code)
 */
struct bz64_image {
	u16 protocol;
	u32 setup_size;
	u32 kernel_size;
	u32 hdr_size;
	u32 kernel_alignment;
	u32 init_size;
	u32 cmdline_size;
	u32 initrd_addr_max;
	u16 xloadflags;
	u32 payload_offset;
	u32 payload_length;
};

/**
 * struct bz64_place - where one segment may be put
 * @memsz: bytes of memory the segment occupies
 * @align: alignment of its start (power of two)
 * @min: lowest acceptable start
 * @max: highest acceptable address of its last byte
 */
struct bz64_place {
	u64 memsz;
	u64 align;
	u64 min;
	u64 max;
};

/**
 * struct bz64_item - one setup_data node to put in the chain
 * @type: SETUP_* type
 * @len: bytes at @data
 * @data: payload, copied into the boot_params block
 */
struct bz64_item {
	u32 type;
	u32 len;
	const void *data;
};

/**
 * struct bz64_params_src - everything the zero page is built from
 * @image: the bzImage file, already accepted by bz64_parse() into @info
 * @info: the result of bz64_parse() on @image
 * @cmdline: command line bytes (need not be NUL terminated)
 * @cmdline_len: bytes at @cmdline; the string ends at the first NUL
 * @e820: memory map for the new kernel; entries past the zero page's 128
 *	go to a SETUP_E820_EXT node
 * @nr_e820: entries in @e820
 * @items: setup_data nodes to chain, in this order (RNG seed, EFI, IMA...)
 * @nr_items: entries in @items
 * @inherit: the running kernel's boot_params, for the firmware fields a
 *	new kernel cannot find itself (EDD, subarch); may be NULL
 * @acpi_rsdp: physical address of the ACPI RSDP, 0 when unknown
 * @screen: the running kernel's screen_info; may be NULL
 * @efi: EFI boot information to pass on, or NULL when not booted via EFI
 * @efi_memmap: EFI runtime memory map copied after the setup_data nodes
 * @efi_memmap_size: bytes at @efi_memmap
 */
struct bz64_params_src {
	const u8 *image;
	const struct bz64_image *info;
	const char *cmdline;
	size_t cmdline_len;
	const struct boot_e820_entry *e820;
	unsigned int nr_e820;
	const struct bz64_item *items;
	unsigned int nr_items;
	const struct boot_params *inherit;
	u64 acpi_rsdp;
	const struct screen_info *screen;
	const struct efi_info *efi;
	const void *efi_memmap;
	u32 efi_memmap_size;
};

/**
 * struct bz64_addrs - physical addresses chosen for the segments
 * @params: the boot_params block (zero page, command line, setup_data)
 * @kernel: the protected-mode kernel
 * @initrd: the initrd (ignored when @initrd_size is 0)
 * @initrd_size: bytes of initrd, 0 for none
 */
struct bz64_addrs {
	u64 params;
	u64 kernel;
	u64 initrd;
	u64 initrd_size;
};

int bz64_parse(const void *buf, size_t len, struct bz64_image *info);
int bz64_loaded_ranges(const struct bz64_image *info, struct kexec_range *ranges,
		       unsigned int max);
int bz64_check_cmdline(const struct bz64_image *info, const char *cmdline, size_t len);
void bz64_kernel_place(const struct bz64_image *info, struct bz64_place *place);
int bz64_initrd_place(const struct bz64_image *info, u64 size, struct bz64_place *place);
int bz64_params_size(const struct bz64_params_src *src, size_t *size);
int bz64_build_params(const struct bz64_params_src *src, const struct bz64_addrs *at,
		      void *block, size_t block_size);
int bz64_crash_e820(const struct boot_e820_entry *map, unsigned int nr_map,
		    const struct kexec_range *ram, unsigned int nr_ram,
		    struct boot_e820_entry *out, unsigned int *nr_out);

static inline u64 bz64_entry64(const struct bz64_addrs *at)
{
	return at->kernel + BZ64_ENTRY64_OFFSET;
}

#endif /* _X86_KEXEC_BZIMAGE64_LAYOUT_H */
