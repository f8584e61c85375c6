/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kernel/kexec_core.c shares with the two loaders, kernel/kexec.c
 * (kexec_load) and kernel/kexec_file.c (kexec_file_load), and nothing else
 * includes.
 */
#ifndef LINUX_KEXEC_INTERNAL_H
#define LINUX_KEXEC_INTERNAL_H

#include <linux/kexec.h>

/* ---- image life cycle, in kexec_core.c ---- */

/*
 * do_kimage_alloc_init - a zeroed image with empty page lists and an
 * empty entry list; NULL when out of memory.
 */
struct kimage *do_kimage_alloc_init(void);

/*
 * sanity_check_segment_list - validate image->segment[0..nr_segments):
 * page aligned, inside the architecture's limits, no overlaps, not too
 * large and, for a crash image, inside crashk_res. 0 or -errno.
 */
int sanity_check_segment_list(struct kimage *image);

/* kimage_free_page_list - free every page on @list (linked by page->lru). */
void kimage_free_page_list(struct list_head *list);

/* kimage_free - free an image, its pages and its entry list; NULL is a no-op. */
void kimage_free(struct kimage *image);

/* kimage_load_segment - copy one segment's contents into the image. 0 or -errno. */
int kimage_load_segment(struct kimage *image, struct kexec_segment *segment);

/* kimage_terminate - end the image's entry list with IND_DONE. */
void kimage_terminate(struct kimage *image);

/*
 * kimage_is_destination_range - whether the physical range [@start, @end)
 * overlaps a segment's destination [mem, mem + memsz). @end is exclusive.
 * Returns nonzero on overlap.
 */
int kimage_is_destination_range(struct kimage *image,
				unsigned long start, unsigned long end);

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
int kimage_build(struct kimage *image, int (*before_copy)(struct kimage *image));
int kexec_replace_image(bool crash, struct kimage *(*create)(const void *args),
			const void *args);

/* ---- kexec_file_load, in kexec_file.c ---- */

#ifdef CONFIG_KEXEC_FILE
#include <linux/purgatory.h>

/*
 * kimage_file_post_load_cleanup - free what only loading needed: the
 * kernel, initrd and command line read in, the purgatory's work buffers,
 * the IMA buffer and the loader's data. Safe to call more than once.
 */
void kimage_file_post_load_cleanup(struct kimage *image);

/* The built-in purgatory, an ELF relocatable object (arch/<arch>/purgatory). */
extern char kexec_purgatory[];
extern size_t kexec_purgatory_size;
#else
static inline void kimage_file_post_load_cleanup(struct kimage *image) { }
#endif /* CONFIG_KEXEC_FILE */

#endif /* LINUX_KEXEC_INTERNAL_H */
