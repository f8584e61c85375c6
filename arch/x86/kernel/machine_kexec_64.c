// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64 kexec: the identity-mapped page table the relocation runs on, the
 * jump into relocate_kernel, the purgatory's relocation hook for
 * kexec_file_load, crash-region protection and memory-encryption hooks.
 *
 * All per-load state lives in the image's control page (see
 * relocate_kernel_64.h) and in page-table pages taken from the image's
 * control-page allocator, which keeps them off every destination and frees
 * them with the image.
 */
#define pr_fmt(fmt) "x86/kexec: " fmt

#include <linux/cc_platform.h>
#include <linux/efi.h>
#include <linux/err.h>
#include <linux/ftrace.h>
#include <linux/ioport.h>
#include <linux/kexec.h>
#include <linux/mm.h>
#include <linux/pgalloc.h>
#include <linux/pgtable.h>
#include <linux/set_memory.h>
#include <linux/string.h>
#include <linux/suspend.h>
#include <linux/vmalloc.h>

#include <asm/apic.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/init.h>
#include <asm/io_apic.h>
#include <asm/kexec-bzimage64.h>
#include <asm/segment.h>
#include <asm/setup.h>

#include "relocate_kernel_64.h"

static_assert(offsetof(struct kexec_relocate_block, pgd_pa) == KRB_PGD_PA);
static_assert(offsetof(struct kexec_relocate_block, control_pa) == KRB_CONTROL_PA);
static_assert(offsetof(struct kexec_relocate_block, swap_pa) == KRB_SWAP_PA);
static_assert(offsetof(struct kexec_relocate_block, head) == KRB_HEAD);
static_assert(offsetof(struct kexec_relocate_block, entry) == KRB_ENTRY);
static_assert(offsetof(struct kexec_relocate_block, preserve_context) == KRB_PRESERVE);
static_assert(offsetof(struct kexec_relocate_block, mem_enc) == KRB_MEM_ENC);
static_assert(offsetof(struct kexec_relocate_block, return_va) == KRB_RETURN_VA);
static_assert(offsetof(struct kexec_relocate_block, saved_rsp) == KRB_SAVED_RSP);
static_assert(offsetof(struct kexec_relocate_block, saved_cr0) == KRB_SAVED_CR0);
static_assert(offsetof(struct kexec_relocate_block, saved_cr3) == KRB_SAVED_CR3);
static_assert(offsetof(struct kexec_relocate_block, saved_cr4) == KRB_SAVED_CR4);
static_assert(sizeof(struct kexec_relocate_block) == KRB_SIZE);
/* Code, block and stack must fit the control page, the first two its first page. */
static_assert(KRB_OFFSET + KRB_SIZE <= PAGE_SIZE);
static_assert(KRB_STACK_TOP <= KEXEC_CONTROL_PAGE_SIZE);

static struct kexec_relocate_block *control_block(struct kimage *image)
{
	return page_address(image->control_code_page) + KRB_OFFSET;
}

static unsigned long relocate_code_size(void)
{
	return relocate_kernel_end - (const u8 *)relocate_kernel;
}

/* ---- the identity-mapped page table ---- */

struct ident_map {
	struct x86_mapping_info info;
	pgd_t *pgd;
};

/* Page-table pages come from the control-page allocator: never a destination. */
static void *ident_alloc_table(void *context)
{
	struct page *page = kimage_alloc_control_pages(context, 0);
	void *table;

	if (!page)
		return NULL;
	table = page_address(page);
	clear_page(table);
	return table;
}

/* Map the physical range [start, end) at the same virtual addresses. */
static int ident_map_range(struct ident_map *map, u64 start, u64 end)
{
	if (start >= end)
		return 0;
	return kernel_ident_mapping_init(&map->info, map->pgd, start, end);
}

static int ident_map_resource(struct resource *res, void *arg)
{
	return ident_map_range(arg, res->start, res->end + 1);
}

/*
 * Firmware tables the next kernel reads before it builds page tables of its
 * own: the ACPI tables (the RSDP search, SRAT for KASLR) and, after an EFI
 * boot, the EFI system table.
 */
static int ident_map_firmware(struct ident_map *map)
{
	static const unsigned long descs[] = {
		IORES_DESC_ACPI_TABLES, IORES_DESC_ACPI_NV_STORAGE,
	};
	u64 systab;
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(descs); i++) {
		ret = walk_iomem_res_desc(descs[i], IORESOURCE_MEM | IORESOURCE_BUSY,
					  0, ULONG_MAX, map, ident_map_resource);
		/* -EINVAL: the firmware has no region of that kind. */
		if (ret && ret != -EINVAL)
			return ret;
	}
	if (!efi_enabled(EFI_BOOT))
		return 0;
	systab = boot_params.efi_info.efi_systab |
		 (u64)boot_params.efi_info.efi_systab_hi << 32;
	if (!systab)
		return 0;
	return ident_map_range(map, systab, systab + PAGE_SIZE);
}

static int ident_map_segments(struct ident_map *map, struct kimage *image)
{
	unsigned long i;
	int ret;

	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *seg = &image->segment[i];

		ret = ident_map_range(map, seg->mem, seg->mem + seg->memsz);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * relocate_kernel loads CR3 while it runs from kernel text, so the new table
 * shares the kernel's own top-level entry for that text. Only the few
 * instructions up to the jump into the control page, and the way back with
 * preserve_context once every page is swapped back, run through it; the
 * copy loop never does. Identity ranges stay in the lower half, below it.
 */
static void ident_share_kernel_text(pgd_t *pgd)
{
	unsigned long text = (unsigned long)relocate_kernel;

	set_pgd(pgd + pgd_index(text), *pgd_offset_k(text));
}

/*
 * The top level is allocated as the kernel allocates its own: with page
 * table isolation, set_pgd() also writes a user copy of lower-half entries
 * into the page after it.
 */
static pgd_t *ident_alloc_pgd(struct kimage *image)
{
	struct page *pages = kimage_alloc_control_pages(image, PGD_ALLOCATION_ORDER);
	int i;

	if (!pages)
		return NULL;
	for (i = 0; i < 1 << PGD_ALLOCATION_ORDER; i++)
		clear_page(page_address(pages + i));
	return page_address(pages);
}

/*
 * Everything the copy loop, the purgatory and the next kernel's first
 * instructions touch: all system RAM (sources, destinations, the entry
 * list, the control and swap pages), the segments and the firmware tables;
 * plus relocate_kernel's kernel text.
 */
static int ident_map_build(struct kimage *image, pgd_t **pgd)
{
	struct ident_map map = {
		.info = {
			.alloc_pgt_page	= ident_alloc_table,
			.context	= image,
			.page_flag	= __PAGE_KERNEL_LARGE_EXEC,
			.kernpg_flag	= _KERNPG_TABLE_NOENC,
			.direct_gbpages	= direct_gbpages,
		},
	};
	int ret;

	map.pgd = ident_alloc_pgd(image);
	if (!map.pgd)
		return -ENOMEM;
	ret = walk_system_ram_res(0, ULONG_MAX, &map, ident_map_resource);
	if (ret)
		return ret;
	ret = ident_map_segments(&map, image);
	if (ret)
		return ret;
	ret = ident_map_firmware(&map);
	if (ret)
		return ret;
	ident_share_kernel_text(map.pgd);
	*pgd = map.pgd;
	return 0;
}

/**
 * machine_kexec_prepare() - build what machine_kexec() needs for an image
 * @image: the image just loaded
 *
 * Builds the identity-mapped page table and records it, with the control
 * and swap pages, in the control page. The pages come from the image and
 * are freed with it, also on error.
 *
 * Return: 0 on success, -EINVAL for preserve_context on an image without
 * a swap page (a crash image), -ENOMEM when the page table does not fit.
 */
int machine_kexec_prepare(struct kimage *image)
{
	struct kexec_relocate_block *block = control_block(image);
	pgd_t *pgd;
	int ret;

	if (image->preserve_context && !image->swap_page) {
		pr_err("preserve_context needs a swap page; image type %d has none\n",
		       image->type);
		return -EINVAL;
	}
	ret = ident_map_build(image, &pgd);
	if (ret) {
		pr_err("cannot build the identity page table: %d\n", ret);
		return ret;
	}
	memset(block, 0, sizeof(*block));
	block->pgd_pa = __pa(pgd);
	block->control_pa = page_to_phys(image->control_code_page);
	if (image->swap_page)
		block->swap_pa = page_to_phys(image->swap_page);
	return 0;
}

/**
 * machine_kexec_cleanup() - undo machine_kexec_prepare()
 * @image: the image being freed
 *
 * Nothing to do: the page table and the control page are the image's
 * control pages, which the core frees with it.
 */
void machine_kexec_cleanup(struct kimage *image)
{
}

/* ---- the jump ---- */

/*
 * Load the data segment registers while the GDT is still valid, so their
 * hidden parts stay usable once it is gone, then invalidate the IDT and GDT:
 * an exception from here on resets the machine instead of running handlers
 * the copy may have overwritten.
 */
static void drop_descriptor_tables(void)
{
	loadsegment(ds, __KERNEL_DS);
	loadsegment(es, __KERNEL_DS);
	loadsegment(ss, __KERNEL_DS);
	native_idt_invalidate();
	native_gdt_invalidate();
}

/* The next image expects the interrupt controllers as the firmware left them. */
static void irq_chips_to_boot_mode(void)
{
#ifdef CONFIG_X86_IO_APIC
	clear_IO_APIC();
	restore_boot_irq_mode();
#endif
}

/**
 * machine_kexec() - copy the image into place and enter it
 * @image: the image to run, prepared by machine_kexec_prepare()
 *
 * Called on the last CPU running, the others stopped. Does not return,
 * except with preserve_context, once the image jumped back: image->start
 * is then where to re-enter it.
 */
void machine_kexec(struct kimage *image)
{
	struct kexec_relocate_block *block = control_block(image);
	void *control = page_address(image->control_code_page);
	int ftrace_was_enabled;

	ftrace_was_enabled = __ftrace_enabled_save();
	local_irq_disable();
	hw_breakpoint_disable();
	if (image->preserve_context)
		irq_chips_to_boot_mode();

	memcpy(control, relocate_kernel, relocate_code_size());
#ifdef CONFIG_KEXEC_JUMP
	if (image->preserve_context)
		save_processor_state();
#endif
	drop_descriptor_tables();

	image->start = relocate_kernel((unsigned long)image->head,
				       (unsigned long)block, image->start,
				       image->preserve_context,
				       cc_platform_has(CC_ATTR_HOST_MEM_ENCRYPT));

#ifdef CONFIG_KEXEC_JUMP
	if (image->preserve_context)
		restore_processor_state();
#endif
	__ftrace_enabled_restore(ftrace_was_enabled);
}

/* ---- kexec_file_load ---- */

#ifdef CONFIG_KEXEC_FILE
/* A UKI first: it wraps a kernel that the formats after it then load. */
const struct kexec_file_ops * const kexec_file_loaders[] = {
	&kexec_uki_ops,
	&kexec_bzImage64_ops,
	NULL
};

/**
 * arch_kimage_file_post_load_cleanup() - free what loading left behind
 * @image: the image, loaded or failed
 *
 * Return: what the loader's cleanup returns.
 */
int arch_kimage_file_post_load_cleanup(struct kimage *image)
{
	vfree(image->elf_headers);
	image->elf_headers = NULL;
	image->elf_headers_sz = 0;
	return kexec_image_post_load_cleanup_default(image);
}
#endif /* CONFIG_KEXEC_FILE */

/* ---- the loaded crash image, read-only while it waits ---- */

/* Set the direct map of the physical range [start, end) read-only or back. */
static void crash_range_set_ro(phys_addr_t start, phys_addr_t end, bool ro)
{
	unsigned long addr = (unsigned long)phys_to_virt(start);
	int pages = PFN_DOWN(end) - PFN_DOWN(start);

	if (start >= end)
		return;
	if (ro)
		set_memory_ro(addr, pages);
	else
		set_memory_rw(addr, pages);
}

/* All of the crashkernel region but the control page, which machine_kexec() writes. */
static void crash_image_set_ro(bool ro)
{
	phys_addr_t keep_start, keep_end;

	if (!kexec_crash_image || !crashk_reserved(&crashk_res))
		return;
	keep_start = page_to_phys(kexec_crash_image->control_code_page);
	keep_end = keep_start + KEXEC_CONTROL_PAGE_SIZE;
	crash_range_set_ro(crashk_res.start, keep_start, ro);
	crash_range_set_ro(keep_end, crashk_res.end + 1, ro);
}

/**
 * arch_kexec_protect_crashkres() - make the loaded crash image read-only
 */
void arch_kexec_protect_crashkres(void)
{
	crash_image_set_ro(true);
}

/**
 * arch_kexec_unprotect_crashkres() - make the crash image writable again
 */
void arch_kexec_unprotect_crashkres(void)
{
	crash_image_set_ro(false);
}

/* ---- memory encryption ---- */

/**
 * arch_kexec_post_alloc_pages() - map pages for kexec unencrypted
 * @vaddr: direct-map address of the first page
 * @pages: number of pages
 * @gfp: allocation flags (unused)
 *
 * The next image and the relocation read these pages through mappings
 * without the encryption bit, so they must hold plain text.
 *
 * Return: 0 on success, or the errno of set_memory_decrypted().
 */
int arch_kexec_post_alloc_pages(void *vaddr, unsigned int pages, gfp_t gfp)
{
	return set_memory_decrypted((unsigned long)vaddr, pages);
}

/**
 * arch_kexec_pre_free_pages() - give freed kexec pages back encrypted
 * @vaddr: direct-map address of the first page
 * @pages: number of pages
 */
void arch_kexec_pre_free_pages(void *vaddr, unsigned int pages)
{
	set_memory_encrypted((unsigned long)vaddr, pages);
}
