/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Builder for the kexec entry list: the chain of pages that tells the
 * relocation code which source page to copy to which destination.
 *
 * Every entry is a page-aligned physical address ORed with one flag:
 *
 *   KEXEC_IND_DESTINATION  following sources are copied here, page after page
 *   KEXEC_IND_SOURCE       copy this page to the current destination, which
 *                          then advances by one page
 *   KEXEC_IND_INDIRECTION  the list goes on in the page at this address
 *   KEXEC_IND_DONE         end of the list (no address)
 *
 * The builder puts an indirection entry only in the last slot of a page, so
 * each page holds page_size / sizeof(unsigned long) - 1 other entries; slots
 * after the end are zero. Entries are unsigned long; the flag values and that
 * width are the ones relocate_kernel and kimage_entry_t use.
 */
#ifndef _LINUX_KEXEC_ENTRIES_H
#define _LINUX_KEXEC_ENTRIES_H

#include <linux/types.h>

#define KEXEC_IND_DESTINATION	0x1UL
#define KEXEC_IND_INDIRECTION	0x2UL
#define KEXEC_IND_DONE		0x4UL
#define KEXEC_IND_SOURCE	0x8UL
#define KEXEC_IND_FLAGS		0xfUL

/**
 * struct kexec_entry_ops - how the builder gets and addresses its pages
 * @page_alloc: return one page (virtual address) or NULL; the glue picks
 *	pages that no destination will overwrite
 * @page_free: give back a page from @page_alloc
 * @virt_to_phys: physical address of a page from @page_alloc
 * @phys_to_virt: the reverse, for pages from @page_alloc
 * @ctx: passed to every callback
 * @page_size: bytes per page, a power of two of at least four entries
 */
struct kexec_entry_ops {
	void *(*page_alloc)(void *ctx);
	void (*page_free)(void *ctx, void *page);
	u64 (*virt_to_phys)(void *ctx, const void *page);
	void *(*phys_to_virt)(void *ctx, u64 phys);
	void *ctx;
	size_t page_size;
};

/**
 * struct kexec_entry_list - a list being built
 * @ops: page callbacks
 * @first: first page of entries, NULL before kexec_entries_init()
 * @page: page being filled
 * @next: next free slot in @page
 * @dest_next: where the next source lands without a new destination entry
 * @dest_known: @dest_next is valid
 * @done: the list is terminated
 */
struct kexec_entry_list {
	const struct kexec_entry_ops *ops;
	unsigned long *first;
	unsigned long *page;
	size_t next;
	u64 dest_next;
	bool dest_known;
	bool done;
};

int kexec_entries_init(struct kexec_entry_list *list, const struct kexec_entry_ops *ops);
int kexec_entries_add_page(struct kexec_entry_list *list, u64 dest, u64 src);
int kexec_entries_finish(struct kexec_entry_list *list);
unsigned long kexec_entries_head(const struct kexec_entry_list *list);
int kexec_entries_walk(const struct kexec_entry_list *list,
		       int (*fn)(void *arg, unsigned long entry), void *arg);
void kexec_entries_destroy(struct kexec_entry_list *list);

/**
 * struct kexec_entry_moves - what the relocation code will do with a list
 * @copied: source pages whose destination is another page
 * @in_place: source pages that already are their destination
 */
struct kexec_entry_moves {
	u64 copied;
	u64 in_place;
};

void kexec_entries_count_moves(const struct kexec_entry_list *list,
			       struct kexec_entry_moves *moves);

#endif /* _LINUX_KEXEC_ENTRIES_H */
