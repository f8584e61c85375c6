// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec core: the memory of a loaded image, the sequence both syscalls use
 * to build and install one (kimage_build(), kexec_replace_image()), the
 * crash-kernel hooks and the reboot into a loaded image.
 *
 * A normal image is staged in freshly allocated pages. At kexec time the
 * relocation code walks the entry list (<linux/kexec_entries.h>) and swaps
 * every source page with its destination, in list order. That is only safe
 * when no page it still has to read (a later source, a page of the list, a
 * control page) lies inside a destination, so every page handed out here is
 * checked against the segment list: a page that is a destination is either
 * the very destination being filled (then it is its own source and the swap
 * is a no-op) or it is held aside, keyed by frame number, so that a later
 * request for exactly that destination can take it. Held pages return to the
 * allocator when the image is freed.
 *
 * A crash image is copied straight to its destinations, which lie inside the
 * reserved crashkernel region; its control pages are carved from that region
 * above the segments.
 */

#define pr_fmt(fmt) "kexec: " fmt

#include <linux/console.h>
#include <linux/cpu.h>
#include <linux/elfcore.h>
#include <linux/freezer.h>
#include <linux/highmem.h>
#include <linux/ioport.h>
#include <linux/kexec.h>
#include <linux/kexec_entries.h>
#include <linux/kexec_ranges.h>
#include <linux/kexec_segment_check.h>
#include <linux/kmsg_dump.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/objtool.h>
#include <linux/panic.h>
#include <linux/percpu.h>
#include <linux/pm.h>
#include <linux/reboot.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/suspend.h>
#include <linux/syscore_ops.h>
#include <linux/sysctl.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#include <asm/page.h>

#include "kexec_internal.h"

/* The entry builder writes the values relocate_kernel decodes. */
static_assert(KEXEC_IND_DESTINATION == IND_DESTINATION);
static_assert(KEXEC_IND_INDIRECTION == IND_INDIRECTION);
static_assert(KEXEC_IND_DONE == IND_DONE);
static_assert(KEXEC_IND_SOURCE == IND_SOURCE);
static_assert(sizeof(kimage_entry_t) == sizeof(unsigned long));

/* A frame number no page can have: "this page is no destination's". */
#define KIMAGE_NO_DEST	U64_MAX

atomic_t __kexec_lock = ATOMIC_INIT(0);
note_buf_t __percpu *crash_notes;
bool kexec_in_progress;

struct kimage *kexec_image;
struct kimage *kexec_crash_image;
int kexec_load_disabled;

struct resource crashk_res = {
	.name	= "Crash kernel",
	.flags	= IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM,
	.desc	= IORES_DESC_CRASH_KERNEL,
};

struct resource crashk_low_res = {
	.name	= "Crash kernel",
	.flags	= IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM,
	.desc	= IORES_DESC_CRASH_KERNEL,
};

/**
 * struct kimage_core - a kimage with the state of its staging pages
 * @image: the image; first, because callers of do_kimage_alloc_init() may
 *	kfree() it directly before anything is loaded
 * @ops: page callbacks of @entries
 * @entries: the entry list (normal images, once the first segment loads)
 * @entries_ready: @entries has been initialised
 * @spare: one page kept back so that kimage_terminate() cannot fail
 * @terminating: kimage_terminate() is running; @spare may be used
 * @held: pages that are destinations, by frame number, not yet used
 * @claimed: destination ranges taken whole at load (kimage_claim_range());
 *	each of their pages is its own source
 * @nr_claimed: entries used in @claimed
 */
struct kimage_core {
	struct kimage image;
	struct kexec_entry_ops ops;
	struct kexec_entry_list entries;
	bool entries_ready;
	struct page *spare;
	bool terminating;
	struct xarray held;
	struct kexec_range claimed[KEXEC_SEGMENT_MAX];
	unsigned int nr_claimed;
};

/* Whether @dest lies in a range claimed for @kc's image. */
static bool kimage_claimed(const struct kimage_core *kc, u64 dest)
{
	unsigned int i;

	for (i = 0; i < kc->nr_claimed; i++)
		if (dest >= kc->claimed[i].start && dest < kc->claimed[i].end)
			return true;
	return false;
}

static struct kimage_core *to_core(struct kimage *image)
{
	return container_of(image, struct kimage_core, image);
}

static u64 page_phys(struct page *page)
{
	return (u64)page_to_boot_pfn(page) << PAGE_SHIFT;
}

/* ---- pages: the order is kept in page_private for freeing ---- */

static struct page *kimage_pages_alloc(gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (fatal_signal_pending(current))
		return NULL;
	page = alloc_pages(gfp & ~__GFP_ZERO, order);
	if (!page)
		return NULL;
	set_page_private(page, order);
	/*
	 * The hook may change the pages' encryption; a page in an unknown
	 * state must not go back to the allocator, so it is leaked.
	 */
	if (arch_kexec_post_alloc_pages(page_address(page), 1 << order, gfp)) {
		pr_warn("arch could not prepare %u staging pages\n", 1U << order);
		return NULL;
	}
	return page;
}

static void kimage_pages_free(struct page *page)
{
	unsigned int order = page_private(page);

	arch_kexec_pre_free_pages(page_address(page), 1 << order);
	set_page_private(page, 0);
	__free_pages(page, order);
}

/**
 * kimage_free_page_list() - free pages linked through their lru field
 * @list: pages from kimage_alloc_control_pages() or this file's allocator
 */
void kimage_free_page_list(struct list_head *list)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		kimage_pages_free(page);
	}
}

/**
 * kimage_segment_ranges() - the memory @image's segments reserve
 * @image: the image; its segments are checked or were placed by
 *	kexec_add_buffer(), so no destination wraps
 * @out: receives one range per segment, in segment order: its destination
 *	and the scratch tail after it (kimage::segment_scratch)
 *
 * Return: the number of ranges written, image->nr_segments.
 */
size_t kimage_segment_ranges(const struct kimage *image,
			     struct kexec_range out[KEXEC_SEGMENT_MAX])
{
	size_t i, nr = min_t(size_t, image->nr_segments, KEXEC_SEGMENT_MAX);

	for (i = 0; i < nr; i++)
		out[i] = (struct kexec_range){
			.start = image->segment[i].mem,
			.end = (u64)image->segment[i].mem + image->segment[i].memsz +
			       image->segment_scratch[i],
		};
	return nr;
}

/**
 * kimage_is_destination_range() - does [@start, @end) meet a segment?
 * @image: the image
 * @start: first byte
 * @end: one past the last byte
 *
 * Return: 1 when the range overlaps a segment's destination or scratch
 * tail, else 0.
 */
int kimage_is_destination_range(struct kimage *image, unsigned long start,
				unsigned long end)
{
	struct kexec_range dest[KEXEC_SEGMENT_MAX];
	struct kexec_range r = { .start = start, .end = end };

	return kexec_ranges_overlap(dest, kimage_segment_ranges(image, dest), &r);
}

static bool usable_as_source(struct kimage *image, struct page *page)
{
	u64 phys = page_phys(page);

	return page_to_boot_pfn(page) <= (KEXEC_SOURCE_MEMORY_LIMIT >> PAGE_SHIFT) &&
	       !kimage_is_destination_range(image, phys, phys + PAGE_SIZE);
}

static int kimage_hold_page(struct kimage_core *kc, struct page *page)
{
	return xa_err(xa_store(&kc->held, page_to_boot_pfn(page), page, GFP_KERNEL));
}

/*
 * One page the relocation code can read while it copies: outside every
 * destination, or exactly @dest (a page that becomes its own source).
 * Everything else the allocator offers is held until the image is freed,
 * so it is not offered again.
 */
static struct page *kimage_staging_page(struct kimage_core *kc, gfp_t gfp, u64 dest)
{
	struct page *page;

	for (;;) {
		page = kimage_pages_alloc(gfp, 0);
		if (!page || page_phys(page) == dest || usable_as_source(&kc->image, page))
			return page;
		if (kimage_hold_page(kc, page)) {
			kimage_pages_free(page);
			return NULL;
		}
	}
}

static struct page *kimage_source_page(struct kimage_core *kc, u64 dest)
{
	struct page *page;

	if (kimage_claimed(kc, dest))
		return boot_pfn_to_page(dest >> PAGE_SHIFT);
	page = xa_erase(&kc->held, dest >> PAGE_SHIFT);

	return page ?: kimage_staging_page(kc, GFP_HIGHUSER, dest);
}

static void kimage_release_held(struct kimage_core *kc)
{
	struct page *page;
	unsigned long pfn;

	xa_for_each(&kc->held, pfn, page)
		kimage_pages_free(page);
	xa_destroy(&kc->held);
}

/* ---- entry-list page callbacks ---- */

static void *entry_page_alloc(void *ctx)
{
	struct kimage_core *kc = ctx;
	struct page *page;

	if (kc->terminating) {
		page = kc->spare;
		kc->spare = NULL;
	} else {
		page = kimage_staging_page(kc, GFP_KERNEL, KIMAGE_NO_DEST);
	}
	return page ? page_address(page) : NULL;
}

static void entry_page_free(void *ctx, void *addr)
{
	kimage_pages_free(virt_to_page(addr));
}

static u64 entry_virt_to_phys(void *ctx, const void *addr)
{
	return virt_to_boot_phys((void *)addr);
}

static void *entry_phys_to_virt(void *ctx, u64 phys)
{
	return boot_phys_to_virt(phys);
}

/**
 * do_kimage_alloc_init() - allocate an empty image
 *
 * Return: the image, or NULL without memory. Every kimage must come from
 * here, as kimage_free() finds its staging state around it.
 */
struct kimage *do_kimage_alloc_init(void)
{
	struct kimage_core *kc = kzalloc(sizeof(*kc), GFP_KERNEL);

	if (!kc)
		return NULL;
	kc->ops = (struct kexec_entry_ops){
		.page_alloc	= entry_page_alloc,
		.page_free	= entry_page_free,
		.virt_to_phys	= entry_virt_to_phys,
		.phys_to_virt	= entry_phys_to_virt,
		.ctx		= kc,
		.page_size	= PAGE_SIZE,
	};
	xa_init(&kc->held);
	kc->image.head = IND_DONE;
	kc->image.control_page = ~0UL;
	kc->image.type = KEXEC_TYPE_DEFAULT;
	INIT_LIST_HEAD(&kc->image.control_pages);
	INIT_LIST_HEAD(&kc->image.dest_pages);
	INIT_LIST_HEAD(&kc->image.unusable_pages);
	return &kc->image;
}

/* ---- segment list ---- */

static int kimage_allowed_memory(struct kimage *image, struct kexec_range_set *ram)
{
	struct kexec_range r = { .start = 0, .end = KEXEC_DESTINATION_MEMORY_LIMIT };

	if (image->type == KEXEC_TYPE_CRASH)
		r = crashk_range(&crashk_res);
	return kexec_range_set_add(ram, &r);
}

/**
 * sanity_check_segment_list() - validate @image's segments before loading
 * @image: the image, with nr_segments and segment[] filled in
 *
 * Normal images may use [0, KEXEC_DESTINATION_MEMORY_LIMIT), crash images
 * only the crashkernel region; together the segments may take at most half
 * of the RAM pages. The rules and their errnos are kexec_segments_check()'s.
 *
 * Return: 0, -EADDRNOTAVAIL for a misaligned, wrapping or out-of-range
 * destination, -EINVAL for overlaps, bufsz above memsz, too many segments or
 * too much memory, -ENOMEM.
 */
int sanity_check_segment_list(struct kimage *image)
{
	struct kexec_segment_desc descs[KEXEC_SEGMENT_MAX];
	struct kexec_range_set ram __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct kexec_segment_limits lim = {
		.max_segments	 = KEXEC_SEGMENT_MAX,
		.page_size	 = PAGE_SIZE,
		.max_total_memsz = (u64)(totalram_pages() / 2) << PAGE_SHIFT,
	};
	unsigned long i;
	int ret;

	if (!image->nr_segments)
		return 0;
	for (i = 0; i < image->nr_segments && i < KEXEC_SEGMENT_MAX; i++)
		descs[i] = (struct kexec_segment_desc){
			.buf	= (u64)(unsigned long)image->segment[i].buf,
			.bufsz	= image->segment[i].bufsz,
			.mem	= image->segment[i].mem,
			.memsz	= image->segment[i].memsz,
		};
	ret = kimage_allowed_memory(image, &ram);
	if (ret)
		return ret;
	return kexec_segments_check(descs, image->nr_segments, &ram, &lim);
}

/* ---- control pages ---- */

static bool control_pages_fit(struct kimage *image, struct page *page, unsigned int order)
{
	u64 start = page_phys(page), end = start + (PAGE_SIZE << order);

	return end - 1 <= KEXEC_CONTROL_MEMORY_LIMIT &&
	       !kimage_is_destination_range(image, start, end);
}

static struct page *kimage_normal_control_pages(struct kimage *image, unsigned int order)
{
	LIST_HEAD(rejected);
	struct page *page;

	for (;;) {
		page = kimage_pages_alloc(KEXEC_CONTROL_MEMORY_GFP, order);
		if (!page || control_pages_fit(image, page, order))
			break;
		list_add(&page->lru, &rejected);
	}
	kimage_free_page_list(&rejected);
	if (page)
		list_add(&page->lru, &image->control_pages);
	return page;
}

/* The crashkernel region from image->control_page up, minus the segments. */
static int crash_free_area(struct kimage *image, struct kexec_range_set *avail)
{
	struct kexec_range region = crashk_range(&crashk_res);
	struct kexec_range dest[KEXEC_SEGMENT_MAX];

	region.start = max_t(u64, image->control_page, region.start);
	return kexec_ranges_minus(&region, !kexec_range_empty(&region),
				  dest, kimage_segment_ranges(image, dest), avail);
}

static struct page *kimage_crash_control_pages(struct kimage *image, unsigned int order)
{
	struct kexec_range_set avail __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct kexec_hole_req req = {
		.size = PAGE_SIZE << order,
		.align = PAGE_SIZE << order,
		.max = U64_MAX,
	};
	struct page *page;
	u64 addr;
	int ret;

	ret = crash_free_area(image, &avail);
	if (ret)
		return NULL;
	ret = kexec_find_hole(&avail, &req, &addr);
	if (ret)
		return NULL;
	image->control_page = addr + req.size;
	page = boot_pfn_to_page(addr >> PAGE_SHIFT);
	arch_kexec_post_alloc_pages(page_address(page), 1 << order, 0);
	return page;
}

/**
 * kimage_alloc_control_pages() - pages the kexec code runs from or reads
 * @image: the image; its segments must be known
 * @order: 2^@order contiguous pages
 *
 * The pages never overlap a destination. For a crash image they come from
 * the crashkernel region, above image->control_page, and stay there; for a
 * normal image from the page allocator, on image->control_pages.
 *
 * Return: the first page, or NULL when none could be found.
 */
struct page *kimage_alloc_control_pages(struct kimage *image, unsigned int order)
{
	if (image->type == KEXEC_TYPE_CRASH)
		return kimage_crash_control_pages(image, order);
	return kimage_normal_control_pages(image, order);
}

/**
 * kimage_crash_copy_vmcoreinfo() - put the vmcoreinfo copy in crash memory
 * @image: the image; nothing to do unless it is a crash image
 *
 * The crash region's direct mapping is write-protected once an image is
 * loaded, so the copy is reached through its own vmap.
 *
 * Return: 0, or -ENOMEM.
 */
int kimage_crash_copy_vmcoreinfo(struct kimage *image)
{
	struct page *page;
	void *copy;

	if (image->type != KEXEC_TYPE_CRASH)
		return 0;
	page = kimage_alloc_control_pages(image, 0);
	if (!page) {
		pr_err("no page left in the crashkernel region for vmcoreinfo\n");
		return -ENOMEM;
	}
	copy = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!copy) {
		pr_err("cannot map the vmcoreinfo copy\n");
		return -ENOMEM;
	}
	image->vmcoreinfo_data_copy = copy;
	crash_update_vmcoreinfo_safecopy(copy);
	return 0;
}

/* ---- destinations claimed at load: pages that need no copy at exec ---- */

#ifdef CONFIG_CONTIG_ALLOC
/*
 * Whether alloc_contig_range() can take [@pfn, @end) (at most one pageblock)
 * in @zone: valid pages, none reserved, in a movable pageblock. Sets @zone
 * on the first call.
 */
static bool pageblock_claimable(unsigned long pfn, unsigned long end, struct zone **zone)
{
	if (!pfn_valid(pfn) ||
	    get_pageblock_migratetype(pfn_to_page(pfn)) != MIGRATE_MOVABLE)
		return false;
	for (; pfn < end; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn))
			return false;
		page = pfn_to_page(pfn);
		if (PageReserved(page) || (*zone && page_zone(page) != *zone))
			return false;
		*zone = page_zone(page);
	}
	return true;
}

/*
 * The span of the pageblocks of [@pfn, @end) that alloc_contig_range() would
 * refuse, as a physical range; empty if none.
 */
static struct kexec_range claim_obstacles(unsigned long pfn, unsigned long end)
{
	struct kexec_range bad = { 0, 0 };
	struct zone *zone = NULL;
	unsigned long next;

	for (; pfn < end; pfn = next) {
		next = min(ALIGN(pfn + 1, pageblock_nr_pages), end);
		if (pageblock_claimable(pfn, next, &zone))
			continue;
		if (kexec_range_empty(&bad))
			bad.start = PFN_PHYS(pfn);
		bad.end = PFN_PHYS(next);
	}
	return bad;
}

/**
 * kimage_claim_range() - take a normal image's destination pages now
 * @image: a normal image being loaded
 * @start: physical address, page aligned
 * @size: bytes, page aligned
 * @obstacle: receives the span of the pageblocks that kept the range from
 *	being claimed, or the whole range when the allocator refused it
 *
 * The pages are taken from the page allocator (what uses them now is
 * migrated) and held for @image, so that at load each becomes its own
 * source page and the relocation code has nothing to copy at exec.
 *
 * Return: 0 when every page of the range is held, -EBUSY when none is.
 */
int kimage_claim_range(struct kimage *image, u64 start, u64 size, struct kexec_range *obstacle)
{
	struct kimage_core *kc = to_core(image);
	unsigned long pfn = PHYS_PFN(start), end = PHYS_PFN(start + size);

	*obstacle = claim_obstacles(pfn, end);
	if (!kexec_range_empty(obstacle))
		return -EBUSY;
	*obstacle = (struct kexec_range){ .start = start, .end = start + size };
	if (kc->nr_claimed == ARRAY_SIZE(kc->claimed) ||
	    alloc_contig_range(pfn, end, MIGRATE_MOVABLE, GFP_KERNEL | __GFP_NOWARN))
		return -EBUSY;
	/* A page in an unknown encryption state must not be reused: leak it. */
	if (arch_kexec_post_alloc_pages(page_address(pfn_to_page(pfn)), end - pfn, 0)) {
		pr_warn("arch could not prepare %lu claimed pages\n", end - pfn);
		return -EBUSY;
	}
	kc->claimed[kc->nr_claimed++] = *obstacle;
	*obstacle = (struct kexec_range){ 0, 0 };
	return 0;
}

static void kimage_release_claimed(struct kimage_core *kc)
{
	while (kc->nr_claimed) {
		const struct kexec_range *r = &kc->claimed[--kc->nr_claimed];
		unsigned long pfn = PHYS_PFN(r->start), nr = PHYS_PFN(kexec_range_size(r));

		arch_kexec_pre_free_pages(page_address(pfn_to_page(pfn)), nr);
		free_contig_range(pfn, nr);
	}
}
#else
int kimage_claim_range(struct kimage *image, u64 start, u64 size, struct kexec_range *obstacle)
{
	*obstacle = (struct kexec_range){ .start = start, .end = start + size };
	return -EBUSY;
}

static void kimage_release_claimed(struct kimage_core *kc)
{
}
#endif

/* ---- loading ---- */

/* A kexec_load segment's page: from the caller's memory, zeroed past bufsz. */
static int kimage_user_fill_page(const struct kexec_segment *seg, size_t off, void *dst)
{
	size_t n = kimage_page_data_bytes(seg, off);

	if (copy_from_user(dst, seg->buf + off, n))
		return -EFAULT;
	memset(dst + n, 0, PAGE_SIZE - n);
	return 0;
}

/* Fill @page with the part of @seg's data at @off; zero what is past it. */
static int kimage_fill_page(struct kimage *image, struct page *page,
			    const struct kexec_segment *seg, size_t off)
{
	void *dst = kmap_local_page(page);
	int ret;

	if (image->file_mode)
		ret = kimage_file_fill_page(image, seg, off, dst);
	else
		ret = kimage_user_fill_page(seg, off, dst);
	kexec_flush_icache_page(page);
	kunmap_local(dst);
	return ret;
}

static int kimage_entries_ready(struct kimage_core *kc)
{
	int ret;

	if (kc->entries_ready)
		return 0;
	ret = kexec_entries_init(&kc->entries, &kc->ops);
	if (ret)
		return ret;
	kc->spare = kimage_staging_page(kc, GFP_KERNEL, KIMAGE_NO_DEST);
	if (!kc->spare) {
		kexec_entries_destroy(&kc->entries);
		return -ENOMEM;
	}
	kc->entries_ready = true;
	kc->image.head = kexec_entries_head(&kc->entries);
	return 0;
}

static int kimage_stage_page(struct kimage_core *kc, const struct kexec_segment *seg,
			     size_t off)
{
	u64 dest = seg->mem + off;
	struct page *page;
	int ret;

	if (fatal_signal_pending(current))
		return -EINTR;
	page = kimage_source_page(kc, dest);
	if (!page)
		return -ENOMEM;
	ret = kimage_fill_page(&kc->image, page, seg, off);
	if (ret)
		goto err_free_page;
	ret = kexec_entries_add_page(&kc->entries, dest, page_phys(page));
	if (ret)
		goto err_free_page;
	return 0;

err_free_page:
	/* A claimed page goes back with its whole range, when the image is freed. */
	if (!kimage_claimed(kc, dest))
		kimage_pages_free(page);
	return ret;
}

static int kimage_load_crash_page(struct kimage *image, const struct kexec_segment *seg,
				  size_t off)
{
	struct page *page = boot_pfn_to_page((seg->mem + off) >> PAGE_SHIFT);
	int ret;

	arch_kexec_post_alloc_pages(page_address(page), 1, 0);
	ret = kimage_fill_page(image, page, seg, off);
	arch_kexec_pre_free_pages(page_address(page), 1);
	return ret;
}

static int kimage_load_page(struct kimage *image, const struct kexec_segment *seg, size_t off)
{
	if (image->type == KEXEC_TYPE_CRASH)
		return kimage_load_crash_page(image, seg, off);
	return kimage_stage_page(to_core(image), seg, off);
}

static int kimage_load_failed(const struct kexec_segment *seg, size_t off, int ret)
{
	pr_err("loading the segment at 0x%lx failed at offset 0x%zx: %d\n", seg->mem, off, ret);
	return ret;
}

/**
 * kimage_load_segment() - copy one segment's data into @image
 * @image: the image, after sanity_check_segment_list()
 * @segment: one of @image's segments; ->buf is a user pointer, or ->kbuf a
 *	kernel one for file-mode images
 *
 * The memsz bytes past bufsz are zero-filled. Crash images are written in
 * place; normal ones are staged and listed for relocation.
 *
 * Return: 0, -EFAULT for an unreadable user buffer, -ENOMEM, or -EINTR when
 * the caller is being killed.
 */
int kimage_load_segment(struct kimage *image, struct kexec_segment *segment)
{
	size_t off;
	int ret;

	if (image->type != KEXEC_TYPE_CRASH) {
		ret = kimage_entries_ready(to_core(image));
		if (ret)
			return kimage_load_failed(segment, 0, ret);
	}
	for (off = 0; off < segment->memsz; off += PAGE_SIZE) {
		ret = kimage_load_page(image, segment, off);
		if (ret)
			return kimage_load_failed(segment, off, ret);
		cond_resched();
	}
	return 0;
}

#if IS_ENABLED(CONFIG_KEXEC_CORRUPT_TEST)
struct find_source {
	u64 want;
	u64 dest;
	unsigned long src;
};

/* Follows the destination each source entry is copied to; stops at @want. */
static int find_source_entry(void *arg, unsigned long entry)
{
	struct find_source *f = arg;

	if (entry & IND_DESTINATION) {
		f->dest = entry & PAGE_MASK;
		return 0;
	}
	if (!(entry & IND_SOURCE))
		return 0;
	if (f->dest == f->want) {
		f->src = entry & PAGE_MASK;
		return 1;
	}
	f->dest += PAGE_SIZE;
	return 0;
}

/**
 * kimage_page_at() - the page whose contents land at @dest when @image runs
 * @image: a loaded image; the caller holds the kexec lock
 * @dest: a physical address inside one of @image's segments
 *
 * For a crash image that is the destination page itself; for a normal one,
 * the source page the relocation code copies there (or leaves in place).
 *
 * Return: the page, or NULL when nothing is staged for @dest.
 */
struct page *kimage_page_at(struct kimage *image, u64 dest)
{
	struct kimage_core *kc = to_core(image);
	struct find_source f = { .want = dest & PAGE_MASK };

	if (image->type == KEXEC_TYPE_CRASH)
		return boot_pfn_to_page(dest >> PAGE_SHIFT);
	if (!kc->entries_ready ||
	    kexec_entries_walk(&kc->entries, find_source_entry, &f) != 1)
		return NULL;
	return boot_pfn_to_page(f.src >> PAGE_SHIFT);
}
#endif

/**
 * kimage_terminate() - close the entry list after the last segment
 * @image: the image
 */
void kimage_terminate(struct kimage *image)
{
	struct kimage_core *kc = to_core(image);

	if (!kc->entries_ready) {
		image->head = IND_DONE;
		return;
	}
	kc->terminating = true;
	/* Needs at most one new page, and the spare is kept for it. */
	WARN_ON_ONCE(kexec_entries_finish(&kc->entries));
	kc->terminating = false;
}

/* Frees a staged source page; claimed ones go back with their range. */
static int free_source_entry(void *arg, unsigned long entry)
{
	const struct kimage_core *kc = arg;

	if ((entry & IND_SOURCE) && !kimage_claimed(kc, entry & PAGE_MASK))
		kimage_pages_free(boot_pfn_to_page(entry >> PAGE_SHIFT));
	return 0;
}

static void kimage_free_staging(struct kimage_core *kc)
{
	if (kc->entries_ready) {
		kexec_entries_walk(&kc->entries, free_source_entry, kc);
		kexec_entries_destroy(&kc->entries);
		kc->entries_ready = false;
	}
	if (kc->spare)
		kimage_pages_free(kc->spare);
	kc->spare = NULL;
	kimage_release_held(kc);
	kimage_release_claimed(kc);
	kimage_free_page_list(&kc->image.dest_pages);
	kimage_free_page_list(&kc->image.unusable_pages);
}

/**
 * kimage_free() - free an image and every page it holds
 * @image: the image, possibly partly built; NULL is ignored
 */
void kimage_free(struct kimage *image)
{
	if (!image)
		return;
	if (image->vmcoreinfo_data_copy) {
		crash_update_vmcoreinfo_safecopy(NULL);
		vunmap(image->vmcoreinfo_data_copy);
	}
	kimage_free_staging(to_core(image));
	machine_kexec_cleanup(image);
	kimage_free_page_list(&image->control_pages);
	if (image->file_mode)
		kimage_file_post_load_cleanup(image);
	kfree(to_core(image));
}

/* ---- building and installing an image, for both syscalls ---- */

/* The control code page and, for a normal image, the swap page. */
static int kimage_alloc_control_code(struct kimage *image)
{
	bool crash = image->type == KEXEC_TYPE_CRASH;

	/* A crash image's control pages come from its region, above the segments. */
	if (crash)
		image->control_page = crashk_res.start;
	image->control_code_page =
		kimage_alloc_control_pages(image, get_order(KEXEC_CONTROL_PAGE_SIZE));
	if (!image->control_code_page) {
		pr_err("no memory for the control code pages\n");
		return -ENOMEM;
	}
	/* A crash kernel runs in place; only a normal one swaps pages. */
	if (crash)
		return 0;
	image->swap_page = kimage_alloc_control_pages(image, 0);
	if (!image->swap_page) {
		pr_err("no memory for the swap page\n");
		return -ENOMEM;
	}
	return 0;
}

/*
 * Claim the destinations of a normal image that placement did not claim
 * (kexec_load(2) segments, or a kexec_file hole no claim succeeded in),
 * before any page is staged. Best effort: what cannot be claimed is staged
 * and copied at exec.
 */
static int kimage_claim_destinations(struct kimage *image)
{
	struct kexec_range obstacle;
	unsigned long i;

	if (image->type == KEXEC_TYPE_CRASH)
		return 0;
	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *seg = &image->segment[i];

		if (fatal_signal_pending(current))
			return -EINTR;
		if (!kimage_claimed(to_core(image), seg->mem))
			kimage_claim_range(image, seg->mem, seg->memsz, &obstacle);
	}
	return 0;
}

/**
 * kimage_load_segments() - load every segment in order, close the entry list
 * @image: the image
 *
 * kimage_build()'s @load for kexec_load, and for file images that carry no
 * digest.
 *
 * Return: 0, or the error of the segment that failed.
 */
int kimage_load_segments(struct kimage *image)
{
	unsigned long i;
	int ret;

	for (i = 0; i < image->nr_segments; i++) {
		ret = kimage_load_segment(image, &image->segment[i]);
		if (ret)
			return ret;
	}
	kimage_terminate(image);
	return 0;
}

/**
 * kimage_build() - check, prepare and load an image whose segments are known
 * @image: from do_kimage_alloc_init(), with its type, entry point and
 *	segment list set
 * @load: loads the segments and closes the entry list, once the
 *	architecture has prepared @image: kimage_load_segments(), or
 *	kexec_file's own, which hashes the pages as they are loaded and stores
 *	the digest in the purgatory before loading it
 *
 * The sequence both syscalls share, stopping at the first step that fails;
 * the caller then frees @image.
 *
 * Return: 0, or the error of the step that failed (-ENOMEM when no control
 * page could be found).
 */
int kimage_build(struct kimage *image, int (*load)(struct kimage *image))
{
	int (*const steps[])(struct kimage *image) = {
		sanity_check_segment_list,
		/* First, so that nothing else of the image takes those pages. */
		kimage_claim_destinations,
		kimage_alloc_control_code,
		machine_kexec_prepare,
		/* After machine_kexec_prepare(): some arches touch crash memory there. */
		kimage_crash_copy_vmcoreinfo,
		load,
		machine_kexec_post_load,
	};
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		ret = steps[i](image);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * kexec_replace_image() - install a new image, or unload the loaded one
 * @crash: change kexec_crash_image rather than kexec_image
 * @create: builds the new image, called with the kexec lock held; NULL
 *	unloads
 * @args: passed to @create
 *
 * Under the kexec lock, and with the crashkernel region's protection lifted
 * while the crash slot changes: a crash image is dropped before @create runs,
 * because the new one is written over it; a normal image stays until the new
 * one is built, and stays loaded when that fails. The image replaced is
 * freed.
 *
 * Return: 0, -EBUSY while another load or a kexec runs, or the error
 * @create returned.
 */
int kexec_replace_image(bool crash, struct kimage *(*create)(const void *args),
			const void *args)
{
	struct kimage **slot = crash ? &kexec_crash_image : &kexec_image;
	struct kimage *image;
	int ret = 0;

	if (!kexec_trylock()) {
		pr_err("another load or kexec is in progress\n");
		return -EBUSY;
	}
	if (crash && kexec_crash_image)
		arch_kexec_unprotect_crashkres();
	if (crash || !create)
		kimage_free(xchg(slot, NULL));
	if (create) {
		image = create(args);
		if (IS_ERR(image))
			ret = PTR_ERR(image);
		else
			kimage_free(xchg(slot, image));
	}
	if (crash && kexec_crash_image)
		arch_kexec_protect_crashkres();
	kexec_unlock();
	return ret;
}

/* ---- crash ---- */

/**
 * kexec_should_crash() - should an oops of @p go to the crash kernel now?
 * @p: the task that oopsed
 *
 * Return: 1 when the oops will end in panic() anyway and the crash kernel is
 * to run before the panic notifiers, else 0.
 */
int kexec_should_crash(struct task_struct *p)
{
	if (crash_kexec_post_notifiers)
		return 0;
	return in_interrupt() || !p->pid || is_global_init(p) || panic_on_oops;
}

/**
 * kexec_crash_loaded() - is a crash kernel loaded?
 *
 * Return: 1 or 0.
 */
int kexec_crash_loaded(void)
{
	return !!kexec_crash_image;
}
EXPORT_SYMBOL_GPL(kexec_crash_loaded);

/**
 * __crash_kexec() - boot the crash kernel, if one is loaded
 * @regs: registers at the crash, or NULL to take the current ones
 *
 * The caller owns panic_cpu. The kexec lock keeps a concurrent load from
 * rewriting the crash kernel under us; when it is taken, nothing happens.
 */
void __noclone __crash_kexec(struct pt_regs *regs)
{
	struct pt_regs saved;

	if (!kexec_trylock())
		return;
	if (kexec_crash_image) {
		crash_setup_regs(&saved, regs);
		crash_save_vmcoreinfo();
		machine_crash_shutdown(&saved);
		machine_kexec(kexec_crash_image);
	}
	kexec_unlock();
}

STACK_FRAME_NON_STANDARD(__crash_kexec);

/**
 * crash_kexec() - boot the crash kernel from any context but a panic
 * @regs: registers at the crash
 *
 * Takes panic_cpu so that only one CPU runs this or panic() at a time.
 */
void crash_kexec(struct pt_regs *regs)
{
	int self = raw_smp_processor_id();

	if (atomic_cmpxchg(&panic_cpu, PANIC_CPU_INVALID, self) != PANIC_CPU_INVALID)
		return;
	__crash_kexec(regs);
	atomic_set(&panic_cpu, PANIC_CPU_INVALID);
}

/* Bytes in the crashkernel region; 0 when none is reserved. */
static u64 crashk_size(void)
{
	struct kexec_range r = crashk_range(&crashk_res);

	return kexec_range_size(&r);
}

/**
 * crash_get_memory_size() - size of the crashkernel region
 *
 * Return: bytes, 0 when there is none, or -EBUSY while a load runs.
 */
ssize_t crash_get_memory_size(void)
{
	ssize_t size;

	if (!kexec_trylock())
		return -EBUSY;
	size = crashk_size();
	kexec_unlock();
	return size;
}

/* Give [@from, crashk_res.end] back to the page allocator as System RAM. */
static int crash_release_tail(resource_size_t from)
{
	struct resource *ram = kzalloc(sizeof(*ram), GFP_KERNEL);

	if (!ram)
		return -ENOMEM;
	crash_free_reserved_phys_range(from, crashk_res.end + 1);
	if (from == crashk_res.start && crashk_res.parent)
		release_resource(&crashk_res);
	ram->name = "System RAM";
	ram->flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM;
	ram->start = from;
	ram->end = crashk_res.end;
	crashk_res.end = from - 1;
	insert_resource(&iomem_resource, ram);
	return 0;
}

/**
 * crash_shrink_memory() - shrink the crashkernel region to @new_size
 * @new_size: bytes to keep, rounded up to KEXEC_CRASH_MEM_ALIGN
 *
 * Return: 0, -EBUSY while a load runs, -ENOENT while a crash kernel is
 * loaded, -EINVAL when @new_size is above the current size, -ENOMEM.
 */
int crash_shrink_memory(unsigned long new_size)
{
	unsigned long old_size;
	int ret = 0;

	if (!kexec_trylock())
		return -EBUSY;
	old_size = crashk_size();
	/*
	 * Round up only what is not above the region already: rounding a
	 * size within KEXEC_CRASH_MEM_ALIGN of ULONG_MAX up wraps to 0, and
	 * writing ULONG_MAX would release the whole region.
	 */
	if (new_size <= old_size)
		new_size = roundup(new_size, KEXEC_CRASH_MEM_ALIGN);
	if (kexec_crash_image) {
		pr_err("cannot shrink the crashkernel region while a crash kernel is loaded\n");
		ret = -ENOENT;
	} else if (new_size > old_size) {
		pr_err("crashkernel size 0x%lx is above the current 0x%lx\n", new_size, old_size);
		ret = -EINVAL;
	} else if (new_size < old_size) {
		ret = crash_release_tail(crashk_res.start + new_size);
	}
	kexec_unlock();
	return ret;
}

/**
 * crash_save_cpu() - record @cpu's registers in its crash note
 * @regs: the registers
 * @cpu: the CPU; out-of-range numbers are ignored
 */
void crash_save_cpu(struct pt_regs *regs, int cpu)
{
	struct elf_prstatus status = {};
	u32 *note;

	if (cpu < 0 || cpu >= nr_cpu_ids || !crash_notes)
		return;
	note = (u32 *)per_cpu_ptr(crash_notes, cpu);
	status.common.pr_pid = current->pid;
	elf_core_copy_regs(&status.pr_reg, regs);
	note = append_elf_note(note, KEXEC_CORE_NOTE_NAME, NT_PRSTATUS,
			       &status, sizeof(status));
	final_note(note);
}

/*
 * Only the start and size of each CPU's note are exported (sysfs), so a
 * note must not straddle two physical pages: aligning it to its size
 * rounded up to a power of two (at most a page) guarantees that.
 */
static_assert(sizeof(note_buf_t) <= PAGE_SIZE);

static int __init crash_notes_memory_init(void)
{
	size_t align = min_t(size_t, roundup_pow_of_two(sizeof(note_buf_t)), PAGE_SIZE);

	crash_notes = __alloc_percpu(sizeof(note_buf_t), align);
	if (!crash_notes) {
		pr_warn("no memory for the per-CPU crash notes\n");
		return -ENOMEM;
	}
	return 0;
}
subsys_initcall(crash_notes_memory_init);

/* ---- reboot into the loaded image ---- */

#ifdef CONFIG_KEXEC_JUMP
/*
 * Run @image and come back: devices and CPUs are suspended as for
 * hibernation, and resumed when the image jumps back.
 */
static int kexec_jump(struct kimage *image)
{
	int ret;

	pm_prepare_console();
	ret = freeze_processes();
	if (ret) {
		ret = -EBUSY;
		goto err_restore_console;
	}
	suspend_console();
	ret = dpm_suspend_start(PMSG_FREEZE);
	if (ret)
		goto err_resume_console;
	ret = dpm_suspend_end(PMSG_FREEZE);
	if (ret)
		goto err_resume_devices;
	ret = suspend_disable_secondary_cpus();
	if (ret)
		goto err_enable_cpus;
	local_irq_disable();
	ret = syscore_suspend();
	if (ret)
		goto err_enable_irqs;
	kmsg_dump(KMSG_DUMP_SHUTDOWN);
	machine_kexec(image);
	syscore_resume();
err_enable_irqs:
	local_irq_enable();
err_enable_cpus:
	suspend_enable_secondary_cpus();
	dpm_resume_start(PMSG_RESTORE);
err_resume_devices:
	dpm_resume_end(PMSG_RESTORE);
err_resume_console:
	resume_console();
	thaw_processes();
err_restore_console:
	pm_restore_console();
	return ret;
}
#else
static int kexec_jump(struct kimage *image)
{
	return -EINVAL;
}
#endif

/* Shut the machine down as for a reboot and start @image; no return. */
static void kexec_reboot(struct kimage *image)
{
	kexec_in_progress = true;
	kernel_restart_prepare("kexec reboot");
	migrate_to_reboot_cpu();
	syscore_shutdown();
	/*
	 * migrate_to_reboot_cpu() leaves CPU hotplug disabled, but
	 * machine_shutdown() takes the other CPUs offline through it.
	 */
	cpu_hotplug_enable();
	pr_notice("Starting new kernel\n");
	machine_shutdown();
	kmsg_dump(KMSG_DUMP_SHUTDOWN);
	machine_kexec(image);
}

/* One line on what the relocation code is about to copy: part of the downtime. */
static void kimage_log_moves(struct kimage *image)
{
	struct kexec_entry_moves moves;

	kexec_entries_count_moves(&to_core(image)->entries, &moves);
	pr_info("exec copies %llu KiB (%llu pages in place)\n",
		moves.copied << (PAGE_SHIFT - 10), moves.in_place);
}

/**
 * kernel_kexec() - execute the loaded image (reboot(LINUX_REBOOT_CMD_KEXEC))
 *
 * Return: does not return on success; -EBUSY while a load runs, -EINVAL
 * without a loaded image, or the error of a failed preserve-context jump (or
 * 0 after the image jumped back).
 */
int kernel_kexec(void)
{
	int ret = 0;

	if (!kexec_trylock())
		return -EBUSY;
	if (!kexec_image) {
		pr_err("no kexec image loaded\n");
		ret = -EINVAL;
	} else if (kexec_image->preserve_context) {
		kimage_log_moves(kexec_image);
		ret = kexec_jump(kexec_image);
	} else {
		kimage_log_moves(kexec_image);
		kexec_reboot(kexec_image);
	}
	kexec_unlock();
	return ret;
}

#ifdef CONFIG_SYSCTL
/* kernel.kexec_load_disabled: only the step from 0 to 1 is possible. */
static struct ctl_table kexec_sysctls[] = {
	{
		.procname	= "kexec_load_disabled",
		.data		= &kexec_load_disabled,
		.maxlen		= sizeof(kexec_load_disabled),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
		.extra2		= SYSCTL_ONE,
	},
	{ }
};

static int __init kexec_sysctls_init(void)
{
	register_sysctl_init("kernel", kexec_sysctls);
	return 0;
}
late_initcall(kexec_sysctls_init);
#endif
