/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kernel/kexec_core.c shares with the two loaders, kernel/kexec.c
 * (kexec_load) and kernel/kexec_file.c (kexec_file_load), and nothing else
 * includes.
 */
#ifndef LINUX_KEXEC_INTERNAL_H
#define LINUX_KEXEC_INTERNAL_H

#include <linux/kexec.h>

/* ---- image life cycle, in kexec_core.c; the kernel-doc is there ---- */

struct kimage *do_kimage_alloc_init(void);
int sanity_check_segment_list(struct kimage *image);
void kimage_free_page_list(struct list_head *list);
void kimage_free(struct kimage *image);
int kimage_load_segment(struct kimage *image, struct kexec_segment *segment);
int kimage_load_segments(struct kimage *image);
void kimage_terminate(struct kimage *image);
struct page *kimage_page_at(struct kimage *image, u64 dest);
struct kexec_range;
int kimage_claim_range(struct kimage *image, u64 start, u64 size, struct kexec_range *obstacle);
int kimage_is_destination_range(struct kimage *image,
				unsigned long start, unsigned long end);

/* How many of the page at @off of @seg come from its data; the rest are zeroed. */
static inline size_t kimage_page_data_bytes(const struct kexec_segment *seg, size_t off)
{
	return off < seg->bufsz ? min_t(size_t, seg->bufsz - off, PAGE_SIZE) : 0;
}

/*
 * The kexec lock: one load, unload or kexec at a time. It must be NMI safe,
 * because __crash_kexec() takes it during nmi_panic(), so it is an atomic
 * flag taken with a cmpxchg rather than a mutex: kexec_trylock() never
 * sleeps and fails (false) when someone else holds it.
 */
extern atomic_t __kexec_lock;

static inline bool kexec_trylock(void)
{
	return atomic_cmpxchg_acquire(&__kexec_lock, 0, 1) == 0;
}

static inline void kexec_unlock(void)
{
	atomic_set_release(&__kexec_lock, 0);
}

/* ---- what both syscalls share, in kexec_core.c ---- */

/* An image freed when it goes out of scope; it never holds an ERR_PTR(). */
DEFINE_FREE(kimage, struct kimage *, kimage_free(_T))

size_t kimage_segment_ranges(const struct kimage *image,
			     struct kexec_range out[KEXEC_SEGMENT_MAX]);
int kimage_build(struct kimage *image, int (*load)(struct kimage *image));
int kexec_replace_image(bool crash, struct kimage *(*create)(const void *args),
			const void *args);

/* ---- kexec_file_load, in kexec_file.c; the kernel-doc is there ---- */

#ifdef CONFIG_KEXEC_FILE
#include <linux/purgatory.h>

void kimage_file_post_load_cleanup(struct kimage *image);
int kimage_file_fill_page(struct kimage *image, const struct kexec_segment *seg, size_t off,
			  void *dst);

/* The built-in purgatory, an ELF relocatable object (arch/<arch>/purgatory). */
extern char kexec_purgatory[];
extern size_t kexec_purgatory_size;
#else
static inline void kimage_file_post_load_cleanup(struct kimage *image) { }

/* Without kexec_file_load no image is in file mode. */
static inline int kimage_file_fill_page(struct kimage *image, const struct kexec_segment *seg,
					size_t off, void *dst)
{
	return -EINVAL;
}
#endif /* CONFIG_KEXEC_FILE */

#endif /* LINUX_KEXEC_INTERNAL_H */
