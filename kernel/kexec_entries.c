// SPDX-License-Identifier: GPL-2.0
/*
 * Building the kexec entry list (format in <linux/kexec_entries.h>).
 *
 * Pages come from the caller's ops, so the glue decides where the list may
 * live and how addresses translate; nothing here touches the page allocator.
 * The only step that can fail for lack of memory is getting a new page, and
 * it happens before an operation writes anything: an operation that returns
 * -ENOMEM leaves the list exactly as it was. kexec_entries_destroy() frees
 * the list's own pages, never the source pages it points to.
 */

#define pr_fmt(fmt) "kexec: " fmt

#include <linux/kexec_entries.h>

#include "kexec_pure.h"

static size_t slots_per_page(const struct kexec_entry_list *list)
{
	return list->ops->page_size / sizeof(unsigned long);
}

static bool ops_sane(const struct kexec_entry_ops *ops)
{
	size_t ps = ops->page_size;

	return ps >= 4 * sizeof(unsigned long) && is_power_of_2(ps);
}

/* A zeroed page whose physical address can carry the flag bits. */
static int new_page(const struct kexec_entry_list *list, unsigned long **out)
{
	const struct kexec_entry_ops *ops = list->ops;
	unsigned long *page;
	u64 phys;

	page = ops->page_alloc(ops->ctx);
	if (!page)
		return -ENOMEM;
	phys = ops->virt_to_phys(ops->ctx, page);
	if (WARN_ON_ONCE(phys & (ops->page_size - 1) || (unsigned long)phys != phys)) {
		ops->page_free(ops->ctx, page);
		return -EINVAL;
	}
	memset(page, 0, ops->page_size);
	*out = page;
	return 0;
}

/**
 * kexec_entries_init() - start an empty list
 * @list: the list
 * @ops: page callbacks; must outlive the list
 *
 * Return: 0, -ENOMEM when the first page cannot be had, or -EINVAL (with a
 * warning: a kernel bug) for a bad @ops->page_size or a page from @ops whose
 * physical address is not page aligned.
 */
int kexec_entries_init(struct kexec_entry_list *list, const struct kexec_entry_ops *ops)
{
	int ret;

	*list = (struct kexec_entry_list){ .ops = ops };
	if (WARN_ON_ONCE(!ops_sane(ops)))
		return -EINVAL;
	ret = new_page(list, &list->first);
	if (ret)
		return ret;
	list->page = list->first;
	return 0;
}

/*
 * Make sure @need more entries can be written; *@spare gets the page the
 * list continues in when they do not fit in the current one.
 */
static int reserve(const struct kexec_entry_list *list, size_t need, unsigned long **spare)
{
	*spare = NULL;
	if (list->next + need < slots_per_page(list))
		return 0;
	return new_page(list, spare);
}

/* Append one entry, chaining to @spare when the current page is full. */
static void put(struct kexec_entry_list *list, unsigned long entry, unsigned long *spare)
{
	const struct kexec_entry_ops *ops = list->ops;

	if (list->next == slots_per_page(list) - 1) {
		list->page[list->next] = ops->virt_to_phys(ops->ctx, spare) | KEXEC_IND_INDIRECTION;
		list->page = spare;
		list->next = 0;
	}
	list->page[list->next++] = entry;
}

static int check_addr(const struct kexec_entry_list *list, const char *what, u64 addr)
{
	if (list->done) {
		pr_err("entry list already finished, cannot add %s 0x%llx\n", what, addr);
		return -EINVAL;
	}
	if (addr & (list->ops->page_size - 1) || (unsigned long)addr != addr) {
		pr_err("%s 0x%llx is not a page-aligned address that fits an entry\n", what, addr);
		return -EINVAL;
	}
	return 0;
}

/**
 * kexec_entries_add_page() - copy one page from @src to @dest at kexec time
 * @list: the list
 * @dest: physical destination, page aligned
 * @src: physical source, page aligned
 *
 * A destination entry is written only when @dest does not follow the
 * previous page's destination.
 *
 * Return: 0, -EINVAL for a misaligned address or a finished list, or -ENOMEM
 * (the list is then unchanged).
 */
int kexec_entries_add_page(struct kexec_entry_list *list, u64 dest, u64 src)
{
	bool new_run;
	unsigned long *spare;
	int ret;

	ret = check_addr(list, "destination", dest);
	if (ret)
		return ret;
	ret = check_addr(list, "source", src);
	if (ret)
		return ret;
	new_run = !list->dest_known || dest != list->dest_next;
	ret = reserve(list, new_run ? 2 : 1, &spare);
	if (ret)
		return ret;
	if (new_run)
		put(list, dest | KEXEC_IND_DESTINATION, spare);
	put(list, src | KEXEC_IND_SOURCE, spare);
	list->dest_known = !check_add_overflow(dest, (u64)list->ops->page_size,
					       &list->dest_next);
	return 0;
}

/**
 * kexec_entries_finish() - terminate the list
 * @list: the list
 *
 * Return: 0, -EINVAL when already finished, or -ENOMEM (list unchanged).
 */
int kexec_entries_finish(struct kexec_entry_list *list)
{
	unsigned long *spare;
	int ret;

	if (list->done) {
		pr_err("entry list already finished\n");
		return -EINVAL;
	}
	ret = reserve(list, 1, &spare);
	if (ret)
		return ret;
	put(list, KEXEC_IND_DONE, spare);
	list->done = true;
	return 0;
}

/**
 * kexec_entries_head() - the entry that starts the list
 * @list: the list
 *
 * Return: the physical address of the first page ORed with
 * KEXEC_IND_INDIRECTION, as the relocation code expects its head; 0 when the
 * list has no page.
 */
unsigned long kexec_entries_head(const struct kexec_entry_list *list)
{
	const struct kexec_entry_ops *ops = list->ops;

	if (!list->first)
		return 0;
	return ops->virt_to_phys(ops->ctx, list->first) | KEXEC_IND_INDIRECTION;
}

/* Page after @page, or NULL when @page is the last one. */
static unsigned long *next_page(const struct kexec_entry_list *list, const unsigned long *page)
{
	const struct kexec_entry_ops *ops = list->ops;
	unsigned long last = page[slots_per_page(list) - 1];

	if (!(last & KEXEC_IND_INDIRECTION))
		return NULL;
	return ops->phys_to_virt(ops->ctx, last & ~(unsigned long)(ops->page_size - 1));
}

/**
 * kexec_entries_walk() - call @fn on each destination, source and done entry
 * @list: the list
 * @fn: callback; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Indirection entries are followed, not reported. An unfinished list ends at
 * its last entry.
 *
 * Return: 0 after the last entry, or the first non-zero value of @fn.
 */
int kexec_entries_walk(const struct kexec_entry_list *list,
		       int (*fn)(void *arg, unsigned long entry), void *arg)
{
	const unsigned long *page = list->first;
	size_t i = 0;
	int ret;

	while (page) {
		if (i == slots_per_page(list) - 1) {
			page = next_page(list, page);
			i = 0;
			continue;
		}
		if (!page[i])
			break;
		ret = fn(arg, page[i]);
		if (ret || page[i] & KEXEC_IND_DONE)
			return ret;
		i++;
	}
	return 0;
}

struct count_moves {
	struct kexec_entry_moves *moves;
	unsigned long page_size;
	unsigned long dest;
};

static int count_move(void *arg, unsigned long entry)
{
	struct count_moves *c = arg;
	unsigned long addr = entry & ~KEXEC_IND_FLAGS;

	if (entry & KEXEC_IND_DESTINATION) {
		c->dest = addr;
	} else if (entry & KEXEC_IND_SOURCE) {
		if (addr == c->dest)
			c->moves->in_place++;
		else
			c->moves->copied++;
		c->dest += c->page_size;
	}
	return 0;
}

/**
 * kexec_entries_count_moves() - count the pages the relocation code copies
 * @list: the list, finished or not
 * @moves: filled with the number of copied and of in-place source pages
 *
 * A source entry equal to its destination is a page that was staged where it
 * will run; the relocation code copies every other one.
 */
void kexec_entries_count_moves(const struct kexec_entry_list *list,
			       struct kexec_entry_moves *moves)
{
	struct count_moves c = { .moves = moves };

	*moves = (struct kexec_entry_moves){ 0 };
	if (!list->ops)
		return;
	c.page_size = list->ops->page_size;
	kexec_entries_walk(list, count_move, &c);
}

/**
 * kexec_entries_destroy() - free the list's pages and leave it empty
 * @list: the list; may be one whose init failed, or already destroyed
 *
 * The source pages the entries point to belong to the caller, who can find
 * them with kexec_entries_walk() before destroying the list.
 */
void kexec_entries_destroy(struct kexec_entry_list *list)
{
	const struct kexec_entry_ops *ops = list->ops;
	unsigned long *page = list->first, *next;

	while (page) {
		next = next_page(list, page);
		ops->page_free(ops->ctx, page);
		page = next;
	}
	*list = (struct kexec_entry_list){ .ops = ops };
}
