// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file loader for x86_64 bzImages: the glue around the pure code in
 * kexec_bzimage64_layout.c. This file reads what only the running kernel
 * knows (its e820 map, EFI and ACPI tables, the RNG, the IMA buffer), asks
 * kexec_add_buffer() for room, and tells the purgatory where to jump through
 * the contract in <asm/purgatory_handoff.h>.
 *
 * Segments, all placed top-down: the purgatory, the boot_params block (zero
 * page, command line, setup_data nodes, EFI map), the kernel and the initrd.
 * The kernel is unpacked at load time when its payload allows
 * (kexec_bzimage64_unpack.c): decompressed, laid out and relocated, entered
 * at startup_64. Otherwise it is the protected-mode code, given init_size
 * bytes at kernel_alignment to decompress itself in, entered 0x200 into it.
 */

#define pr_fmt(fmt) "x86/kexec: " fmt

#include <linux/cc_platform.h>
#include <linux/efi.h>
#include <linux/kexec.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/screen_info.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <asm/bootparam.h>
#include <asm/cmdline.h>
#include <asm/crash.h>
#include <asm/e820/api.h>
#include <asm/efi.h>
#include <asm/kexec-bzimage64.h>
#include <asm/purgatory_handoff.h>
#include <asm/setup.h>
#include <asm/tsc.h>

#include "kexec_bzimage64_layout.h"
#include "kexec_bzimage64_unpack.h"

#define BZ64_PURGATORY_MIN	0x3000UL
#define BZ64_PARAMS_MIN		0x3000UL
#define BZ64_PARAMS_ALIGN	16
#define BZ64_MAX_ITEMS		3	/* RNG seed, EFI, IMA */

/*
 * kexec_bzimage64.unpack=0 (or 0 in /sys/module/kexec_bzimage64/parameters/
 * unpack) loads every bzImage as it is, to decompress itself at boot.
 */
static bool unpack = true;
module_param(unpack, bool, 0644);
MODULE_PARM_DESC(unpack, "Decompress bzImages at load time, not in the downtime (default: on)");

/**
 * struct bz64_loader_data - per-image state between load and cleanup
 * @params: the boot_params block; kexec_add_buffer() keeps a pointer to it
 *	until the segments are copied, after which cleanup frees it
 * @unpacked: the unpacked kernel (vmalloc()ed), NULL when loaded packed;
 *	kept and freed like @params
 *
 * kexec_file owns this structure (it kfree()s image->image_loader_data).
 */
struct bz64_loader_data {
	void *params;
	void *unpacked;
};

/**
 * struct bz64_kernel - what the kernel segment is made of
 * @buf: its bytes
 * @bufsz: bytes at @buf, loaded and hashed
 * @place: where it may go; past @bufsz its memsz is room the kernel works
 *	in, not loaded (kexec_buf::scratch_tail)
 * @entry_offset: where the purgatory jumps, from the segment's start
 * @kaslr: it was moved to a random virtual address
 */
struct bz64_kernel {
	const void *buf;
	unsigned long bufsz;
	struct bz64_place place;
	u64 entry_offset;
	bool kaslr;
};

/* What the running kernel contributes to the zero page, for one load. */
struct bz64_firmware {
	struct bz64_params_src src;
	struct boot_e820_entry *e820;
	char *crash_cmdline;
	struct bz64_item items[BZ64_MAX_ITEMS];
	u8 seed[BZ64_RNG_SEED_SIZE];
	struct efi_setup_data efi_sd;
	struct efi_info efi;
	void *efi_map;
	struct ima_setup_data ima;
};

static int bzimage64_probe(const char *buf, unsigned long len)
{
	struct bz64_image info;
	int ret;

	ret = bz64_parse(buf, len, &info);
	if (ret)
		return ret;
	if (efi_enabled(EFI_RUNTIME_SERVICES) && !efi_enabled(EFI_64BIT)) {
		pr_err("bzImage: 32-bit EFI firmware cannot run a kernel above 4G\n");
		return -ENOEXEC;
	}
	if (pgtable_l5_enabled() && !(info.xloadflags & XLF_5LEVEL)) {
		pr_err("bzImage: 5-level paging is on and xloadflags 0x%04x lack XLF_5LEVEL\n",
		       info.xloadflags);
		return -ENOEXEC;
	}
	return 0;
}

static void add_item(struct bz64_firmware *fw, u32 type, const void *data, u32 len)
{
	struct bz64_item *it = &fw->items[fw->src.nr_items++];

	it->type = type;
	it->data = data;
	it->len = len;
}

static int gather_e820(struct bz64_firmware *fw)
{
	const struct e820_table *table = e820_table_kexec;
	u32 i;

	fw->e820 = kcalloc(table->nr_entries, sizeof(*fw->e820), GFP_KERNEL);
	if (!fw->e820)
		return -ENOMEM;
	for (i = 0; i < table->nr_entries; i++) {
		fw->e820[i].addr = table->entries[i].addr;
		fw->e820[i].size = table->entries[i].size;
		fw->e820[i].type = table->entries[i].type;
	}
	fw->src.e820 = fw->e820;
	fw->src.nr_e820 = table->nr_entries;
	return 0;
}

/* A seed is only worth passing on once the RNG has one to give. */
static void gather_rng_seed(struct bz64_firmware *fw)
{
	if (!rng_is_initialized())
		return;
	get_random_bytes(fw->seed, sizeof(fw->seed));
	add_item(fw, SETUP_RNG_SEED, fw->seed, sizeof(fw->seed));
}

static u64 acpi_rsdp(void)
{
	if (boot_params.acpi_rsdp_addr || !efi_enabled(EFI_BOOT))
		return boot_params.acpi_rsdp_addr;
	if (efi.acpi20 != EFI_INVALID_TABLE_ADDR)
		return efi.acpi20;
	if (efi.acpi != EFI_INVALID_TABLE_ADDR)
		return efi.acpi;
	return 0;
}

/* EFI runtime services survive kexec through SETUP_EFI and the runtime map. */
static int gather_efi(struct bz64_firmware *fw)
{
	int size;

	if (!IS_ENABLED(CONFIG_EFI) || !efi_enabled(EFI_RUNTIME_SERVICES) ||
	    !boot_params.efi_info.efi_memmap_size)
		return 0;

	fw->efi = boot_params.efi_info;
	fw->efi.efi_memdesc_size = efi_get_runtime_map_desc_size();
	size = efi_get_runtime_map_size();
	if (size > 0) {
		fw->efi_map = kmalloc(size, GFP_KERNEL);
		if (!fw->efi_map)
			return -ENOMEM;
		efi_runtime_map_copy(fw->efi_map, size);
		fw->src.efi_memmap = fw->efi_map;
		fw->src.efi_memmap_size = size;
	}
	fw->src.efi = &fw->efi;

	fw->efi_sd.fw_vendor = efi_fw_vendor;
	fw->efi_sd.tables = efi_config_table;
	fw->efi_sd.smbios = efi.smbios;
	add_item(fw, SETUP_EFI, &fw->efi_sd, sizeof(fw->efi_sd));
	return 0;
}

static void gather_ima(struct bz64_firmware *fw, const struct kimage *image)
{
#ifdef CONFIG_IMA_KEXEC
	if (!image->ima_buffer_size)
		return;
	fw->ima.addr = image->ima_buffer_addr;
	fw->ima.size = image->ima_buffer_size;
	add_item(fw, SETUP_IMA, &fw->ima, sizeof(fw->ima));
#endif
}

static void free_firmware(struct bz64_firmware *fw)
{
	if (!fw)
		return;
	kfree(fw->e820);
	kfree(fw->crash_cmdline);
	kfree(fw->efi_map);
	kfree_sensitive(fw);
}

static struct bz64_firmware *gather_firmware(const struct kimage *image)
{
	struct bz64_firmware *fw;
	int ret;

	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	if (!fw)
		return ERR_PTR(-ENOMEM);
	fw->src.items = fw->items;
	fw->src.inherit = &boot_params;
	fw->src.screen = &screen_info;
	fw->src.acpi_rsdp = acpi_rsdp();
	ret = gather_e820(fw);
	if (ret)
		goto err_free_fw;
	ret = gather_efi(fw);
	if (ret)
		goto err_free_fw;
	gather_rng_seed(fw);
	gather_ima(fw, image);
	return fw;

err_free_fw:
	free_firmware(fw);
	return ERR_PTR(ret);
}

/* ---- a crash kernel ---- */

/* Replace the running kernel's map with the crash kernel's (bz64_crash_e820()). */
static int crash_e820(const struct kimage *image, struct bz64_firmware *fw)
{
	struct kexec_range_set ram __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct boot_e820_entry *map __free(kfree) = NULL;
	unsigned int nr;
	int ret;

	ret = crash_kernel_ram(image, &ram);
	if (ret)
		return ret;
	map = kcalloc(fw->src.nr_e820 + ram.nr, sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	ret = bz64_crash_e820(fw->e820, fw->src.nr_e820, ram.ranges, ram.nr, map, &nr);
	if (ret)
		return ret;
	kfree(fw->e820);
	fw->e820 = no_free_ptr(map);
	fw->src.e820 = fw->e820;
	fw->src.nr_e820 = nr;
	return 0;
}

/* The user's command line with "elfcorehdr=" appended. */
static int crash_cmdline(const struct kimage *image, struct bz64_firmware *fw)
{
	const char *user = fw->src.cmdline_len ? fw->src.cmdline : "";
	int user_len = strnlen(user, fw->src.cmdline_len);

	fw->crash_cmdline = kasprintf(GFP_KERNEL, "%.*s%selfcorehdr=0x%lx", user_len, user,
				      user_len ? " " : "", image->elf_load_addr);
	if (!fw->crash_cmdline)
		return -ENOMEM;
	fw->src.cmdline = fw->crash_cmdline;
	fw->src.cmdline_len = strlen(fw->crash_cmdline) + 1;
	return 0;
}

/*
 * A crash kernel gets the ELF core header of this kernel as a segment, its
 * address on the command line, and a memory map limited to the crashkernel
 * regions plus the firmware areas every kernel needs.
 */
static int prepare_crash(struct kimage *image, struct bz64_firmware *fw)
{
	int ret;

	if (image->type != KEXEC_TYPE_CRASH)
		return 0;
	ret = crash_load_elfcorehdr(image);
	if (ret)
		return ret;
	ret = crash_e820(image, fw);
	if (ret)
		return ret;
	ret = crash_cmdline(image, fw);
	if (ret)
		return ret;
	return bz64_check_cmdline(fw->src.info, fw->src.cmdline, fw->src.cmdline_len);
}

/*
 * Place @kbuf, whose contents the caller set (buffer or file, and bufsz),
 * where @place allows. @scratch_tail: the part of @place's memsz past bufsz
 * is room the new kernel works in (kexec_buf::scratch_tail).
 */
static int add_segment(struct kexec_buf *kbuf, const struct bz64_place *place,
		       bool scratch_tail, u64 *addr)
{
	int ret;

	kbuf->memsz = place->memsz;
	kbuf->buf_align = place->align;
	kbuf->buf_min = place->min;
	kbuf->buf_max = min_t(u64, place->max, ULONG_MAX);
	kbuf->top_down = true;
	kbuf->scratch_tail = scratch_tail;
	kbuf->mem = KEXEC_BUF_MEM_UNKNOWN;
	ret = kexec_add_buffer(kbuf);
	if (ret)
		return ret;
	*addr = kbuf->mem;
	return 0;
}

/* Put the params block, kernel and initrd in memory; record where. */
static int place_segments(struct kimage *image, const struct bz64_params_src *src,
			  void *params, size_t params_size, const struct bz64_kernel *k,
			  struct bz64_addrs *at, const char *initrd)
{
	const struct bz64_image *info = src->info;
	struct bz64_place place = {
		.memsz = params_size, .align = BZ64_PARAMS_ALIGN,
		.min = BZ64_PARAMS_MIN, .max = U64_MAX,
	};
	struct kexec_buf kbuf = { .image = image, .buffer = params, .bufsz = params_size };
	int ret;

	ret = add_segment(&kbuf, &place, false, &at->params);
	if (ret)
		return ret;
	kbuf = (struct kexec_buf){ .image = image, .buffer = (void *)k->buf, .bufsz = k->bufsz };
	ret = add_segment(&kbuf, &k->place, true, &at->kernel);
	if (ret || !at->initrd_size)
		return ret;
	ret = bz64_initrd_place(info, at->initrd_size, &place);
	if (ret)
		return ret;
	kbuf = (struct kexec_buf){ .image = image };
	kexec_buf_set_initrd(&kbuf, initrd, at->initrd_size);
	return add_segment(&kbuf, &place, false, &at->initrd);
}

static int load_purgatory(struct kimage *image, const struct bz64_addrs *at, u64 entry)
{
	struct kexec_buf pbuf = {
		.image = image,
		.buf_min = BZ64_PURGATORY_MIN,
		.buf_max = ULONG_MAX,
		.top_down = true,
	};
	struct purgatory_handoff handoff = {
		.entry = entry,
		.boot_params = at->params,
		.tsc_khz = tsc_khz,
	};
	int ret;

	ret = kexec_load_purgatory(image, &pbuf);
	if (ret) {
		pr_err("bzImage: loading the purgatory failed (%d)\n", ret);
		return ret;
	}
	return kexec_purgatory_get_set_symbol(image, PURGATORY_HANDOFF_SYM, &handoff,
					      sizeof(handoff), false);
}

/*
 * The bzImage as it is: its protected-mode code decompresses and relocates
 * itself in init_size bytes (Documentation/x86/boot.rst) and clears the
 * .bss it uses, so past the file's bytes nothing needs loading or hashing.
 */
static void packed_kernel(const struct bz64_params_src *src, struct bz64_kernel *k)
{
	k->buf = src->image + src->info->setup_size;
	k->bufsz = src->info->kernel_size;
	bz64_kernel_place(src->info, &k->place);
	k->entry_offset = BZ64_ENTRY64_OFFSET;
}

/*
 * The kernel unpacked (kexec_bzimage64_unpack.c), or -EOPNOTSUPP to load
 * it packed. Confidential guests keep the bzImage's own path: its
 * decompressor also sets up their SEV or TDX state.
 */
static int unpacked_kernel(struct kimage *image, const struct bz64_params_src *src,
			   size_t len, struct bz64_loader_data *ld, struct bz64_kernel *k)
{
	bool kaslr = !cmdline_find_option_bool(src->cmdline ?: "", "nokaslr");
	struct bz64_unpacked u = {};
	int ret;

	if (!unpack || cc_platform_has(CC_ATTR_MEM_ENCRYPT))
		return -EOPNOTSUPP;
	ret = bz64_unpack(image, src->image, len, src->info, kaslr, &u);
	if (ret)
		return ret;
	ld->unpacked = u.image;
	k->buf = u.image;
	k->bufsz = u.vm.load_size;
	k->place = (struct bz64_place){
		.memsz = PAGE_ALIGN(u.vm.run_size),
		.align = max_t(u64, src->info->kernel_alignment, BZ64_VMLINUX_MIN_ALIGN),
		.min = u.vm.base_paddr, .max = U64_MAX,
	};
	k->entry_offset = u.vm.entry_offset;
	k->kaslr = kaslr && u.vm.relocatable;
	kexec_dprintk(image, "bzImage: %s payload unpacked at load: 0x%llx of 0x%llx loaded\n",
		      u.method, u.vm.load_size, u.vm.run_size);
	kexec_dprintk(image, "bzImage: entry +0x%llx, virtual offset 0x%llx, %u relocations\n",
		      u.vm.entry_offset, u.virt_delta,
		      u.vm.nr_relocs[0] + u.vm.nr_relocs[1] + u.vm.nr_relocs[2]);
	return 0;
}

/* The zero page tells a kernel unpacked here that it was moved (KASLR_FLAG). */
static int build_params(const struct bz64_params_src *src, const struct bz64_addrs *at,
			const struct bz64_kernel *k, void *params, size_t size)
{
	struct boot_params *bp = params;
	int ret;

	ret = bz64_build_params(src, at, params, size);
	if (!ret && k->kaslr)
		bp->hdr.loadflags |= KASLR_FLAG;
	return ret;
}

static void free_loader_data(struct bz64_loader_data *ld)
{
	kfree(ld->params);
	ld->params = NULL;
	vfree(ld->unpacked);
	ld->unpacked = NULL;
}

static void *load_image(struct kimage *image, const struct bz64_params_src *src, size_t len,
			const char *initrd, struct bz64_addrs *at)
{
	struct bz64_loader_data *ld;
	struct bz64_kernel k = {};
	size_t size;
	int ret;

	ret = bz64_params_size(src, &size);
	if (ret)
		return ERR_PTR(ret);
	ld = kzalloc(sizeof(*ld), GFP_KERNEL);
	if (!ld)
		return ERR_PTR(-ENOMEM);
	ld->params = kzalloc(size, GFP_KERNEL);
	ret = ld->params ? unpacked_kernel(image, src, len, ld, &k) : -ENOMEM;
	if (ret == -EOPNOTSUPP) {
		packed_kernel(src, &k);
		ret = 0;
	}
	if (!ret)
		ret = place_segments(image, src, ld->params, size, &k, at, initrd);
	if (!ret)
		ret = build_params(src, at, &k, ld->params, size);
	if (!ret)
		ret = load_purgatory(image, at, at->kernel + k.entry_offset);
	if (ret) {
		free_loader_data(ld);
		kfree(ld);
		return ERR_PTR(ret);
	}
	return ld;
}

/* KEXEC_FILE_DEBUG: what the new kernel is told, as its zero page says it. */
static void print_handoff(const struct kimage *image, const struct bz64_params_src *src,
			  const struct bz64_addrs *at)
{
	unsigned int i;

	kexec_dprintk(image, "bzImage: params 0x%llx, kernel 0x%llx, initrd 0x%llx+0x%llx\n",
		      at->params, at->kernel, at->initrd, at->initrd_size);
	kexec_dprintk(image, "bzImage: e820 map of %u entries:\n", src->nr_e820);
	for (i = 0; i < src->nr_e820; i++)
		kexec_dprintk(image, "bzImage:   [mem 0x%016llx-0x%016llx] type %u\n",
			      src->e820[i].addr, src->e820[i].addr + src->e820[i].size - 1,
			      src->e820[i].type);
	kexec_dprintk(image, "bzImage: command line: \"%.*s\"\n",
		      (int)strnlen(src->cmdline ?: "", src->cmdline_len), src->cmdline ?: "");
}

static void *bzimage64_load(struct kimage *image, char *kernel, unsigned long kernel_len,
			    char *initrd, unsigned long initrd_len, char *cmdline,
			    unsigned long cmdline_len)
{
	struct bz64_addrs at = { .initrd_size = initrd_len };
	struct bz64_firmware *fw;
	struct bz64_image info;
	void *ld;
	int ret;

	ret = bz64_parse(kernel, kernel_len, &info);
	if (ret)
		return ERR_PTR(ret);
	ret = bz64_check_cmdline(&info, cmdline, cmdline_len);
	if (ret)
		return ERR_PTR(ret);

	fw = gather_firmware(image);
	if (IS_ERR(fw))
		return fw;
	fw->src.image = (const u8 *)kernel;
	fw->src.info = &info;
	fw->src.cmdline = cmdline;
	fw->src.cmdline_len = cmdline_len;
	ret = prepare_crash(image, fw);
	ld = ret ? ERR_PTR(ret) : load_image(image, &fw->src, kernel_len, initrd, &at);
	if (!IS_ERR(ld))
		print_handoff(image, &fw->src, &at);
	free_firmware(fw);
	return ld;
}

#ifdef CONFIG_KEXEC_BZIMAGE_VERIFY_SIG
/* The signature must cover these: see bz64_loaded_ranges(). */
static int bzimage64_loaded_ranges(const char *buf, unsigned long len,
				   struct kexec_range *ranges, unsigned int max)
{
	struct bz64_image info;
	int ret;

	ret = bz64_parse(buf, len, &info);
	if (ret)
		return ret;
	return bz64_loaded_ranges(&info, ranges, max);
}
#endif

/* kexec_file frees @loader_data itself once this returns. */
static int bzimage64_cleanup(void *loader_data)
{
	if (loader_data)
		free_loader_data(loader_data);
	return 0;
}

const struct kexec_file_ops kexec_bzImage64_ops = {
	.probe = bzimage64_probe,
	.load = bzimage64_load,
	.cleanup = bzimage64_cleanup,
#ifdef CONFIG_KEXEC_BZIMAGE_VERIFY_SIG
	.verify_sig = kexec_kernel_verify_pe_sig,
	.loaded_ranges = bzimage64_loaded_ranges,
#endif
};
