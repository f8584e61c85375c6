// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kexec_file placement and purgatory loading, against the
 * running kernel's real memory map and the purgatory built into it. The
 * hosted tests cover the same code on synthetic maps; these show that the
 * glue feeds it what /proc/iomem really says.
 */
#define pr_fmt(fmt) "kexec_file_kunit: " fmt

#include <kunit/test.h>
#include <linux/elf.h>
#include <linux/ioport.h>
#include <linux/kexec.h>
#include <linux/percpu.h>
#include <linux/shmem_fs.h>
#include <linux/sizes.h>
#include <linux/vmalloc.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <asm/sections.h>

#include "../kexec_internal.h"

static const u8 buffer_bytes[PAGE_SIZE];

static struct kimage *file_image(struct kunit *test)
{
	struct kimage *image = do_kimage_alloc_init();

	KUNIT_ASSERT_NOT_NULL(test, image);
	image->file_mode = 1;
	return image;
}

struct placement_case {
	const char *name;
	unsigned long pages;
	unsigned long align;
	unsigned long min;
	unsigned long max;	/* inclusive */
	bool top_down;
};

/*
 * The guest has at least 512 MiB of RAM. The windows are offsets from the
 * 1 GiB block where RAM starts: 0 on x86, 1 GiB on arm64's QEMU virt.
 */
static const struct placement_case placement_cases[] = {
	{ "anywhere, top down", 3, PAGE_SIZE, 0, ULONG_MAX, true },
	{ "2 MiB aligned above 16 MiB, bottom up", 2, SZ_2M, SZ_16M, SZ_512M - 1, false },
	{ "1 MiB aligned below 4 GiB, top down", 5, SZ_1M, 0, SZ_4G - 1, true },
	{ "narrow window, top down", 1, PAGE_SIZE, SZ_32M, SZ_32M + SZ_64K - 1, true },
};

static void placement_case_desc(const struct placement_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(placement, placement_cases, placement_case_desc);

static int note_first_ram(struct resource *res, void *arg)
{
	*(u64 *)arg = res->start;
	return 1;
}

/* The placement window of @c in this machine's physical addresses. */
static void window_of(const struct placement_case *c, unsigned long *min, unsigned long *max)
{
	u64 first_ram = 0;
	unsigned long base;

	walk_system_ram_res(0, ULONG_MAX, &first_ram, note_first_ram);
	base = ALIGN_DOWN(first_ram, SZ_1G);
	*min = c->min + base;
	*max = c->max == ULONG_MAX ? ULONG_MAX : c->max + base;
}

static struct kexec_buf buffer_request(struct kimage *image, const struct placement_case *c)
{
	unsigned long min, max;

	window_of(c, &min, &max);
	return (struct kexec_buf) {
		.image = image,
		.buffer = (void *)buffer_bytes,
		.bufsz = sizeof(buffer_bytes),
		.memsz = c->pages * PAGE_SIZE,
		.buf_align = c->align,
		.buf_min = min,
		.buf_max = max,
		.top_down = c->top_down,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
	};
}

static void buffer_lands_in_ram_inside_window(struct kunit *test)
{
	const struct placement_case *c = test->param_value;
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf = buffer_request(image, c);

	KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	KUNIT_EXPECT_EQ(test, kbuf.mem % c->align, 0UL);
	KUNIT_EXPECT_GE(test, kbuf.mem, kbuf.buf_min);
	KUNIT_EXPECT_LE(test, kbuf.mem + kbuf.memsz - 1, kbuf.buf_max);
	KUNIT_EXPECT_EQ(test, region_intersects(kbuf.mem, kbuf.memsz, IORESOURCE_SYSTEM_RAM,
						IORES_DESC_NONE), REGION_INTERSECTS);
	KUNIT_ASSERT_EQ(test, image->nr_segments, 1UL);
	KUNIT_EXPECT_EQ(test, image->segment[0].mem, kbuf.mem);
	KUNIT_EXPECT_EQ(test, image->segment[0].memsz, (size_t)c->pages * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, image->segment[0].bufsz, sizeof(buffer_bytes));
	kimage_free(image);
}

static void buffers_do_not_overlap(struct kunit *test)
{
	const struct placement_case c = { "", 2, PAGE_SIZE, 0, ULONG_MAX, true };
	struct kimage *image = file_image(test);
	struct kexec_segment *s = image->segment;
	unsigned long i, j;

	for (i = 0; i < 6; i++) {
		struct kexec_buf kbuf = buffer_request(image, &c);

		KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	}
	for (i = 0; i < image->nr_segments; i++)
		for (j = i + 1; j < image->nr_segments; j++)
			KUNIT_EXPECT_TRUE_MSG(test, s[i].mem + s[i].memsz <= s[j].mem ||
					      s[j].mem + s[j].memsz <= s[i].mem,
					      "segments %lu and %lu overlap", i, j);
	kimage_free(image);
}

/*
 * A buffer with a scratch tail loads only the page its bytes span; the rest
 * stays reserved: the next buffer, asked for just below it, goes below the
 * tail's end, and no control page lands in the tail.
 */
static void scratch_tail_is_reserved_not_loaded(struct kunit *test)
{
	const struct placement_case c = { "", 8, SZ_2M, 0, SZ_4G - 1, true };
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf = buffer_request(image, &c);
	struct kexec_segment *s = image->segment;
	struct page *control;
	phys_addr_t phys;
	u64 tail_end;

	kbuf.scratch_tail = true;
	KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	KUNIT_EXPECT_EQ(test, s[0].memsz, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, image->segment_scratch[0], 7 * PAGE_SIZE);
	tail_end = s[0].mem + 8 * PAGE_SIZE;

	kbuf = buffer_request(image, &c);
	kbuf.memsz = PAGE_SIZE;
	kbuf.buf_align = PAGE_SIZE;
	kbuf.buf_max = tail_end - 1;
	KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	KUNIT_EXPECT_LT(test, kbuf.mem, s[0].mem);

	KUNIT_EXPECT_TRUE(test, kimage_is_destination_range(image, tail_end - PAGE_SIZE, tail_end));
	control = kimage_alloc_control_pages(image, 0);
	KUNIT_ASSERT_NOT_NULL(test, control);
	phys = page_to_phys(control);
	KUNIT_EXPECT_FALSE(test, phys >= s[0].mem && phys < tail_end);
	kimage_free(image);
}

/* The bytes of the file segment tests: 2.5 pages of a counting pattern. */
#define FILE_SEGMENT_BYTES	(2 * PAGE_SIZE + PAGE_SIZE / 2)

static u8 file_segment_byte(size_t off)
{
	return (u8)(off * 7 + off / 251);
}

/* An in-memory file holding the pattern, the way an initrd fd would. */
static struct file *pattern_file(struct kunit *test, size_t len)
{
	struct file *file = shmem_kernel_file_setup("kexec_kunit", len, 0);
	u8 *bytes = kunit_kmalloc(test, len, GFP_KERNEL);
	loff_t pos = 0;
	size_t i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	KUNIT_ASSERT_NOT_NULL(test, bytes);
	for (i = 0; i < len; i++)
		bytes[i] = file_segment_byte(i);
	KUNIT_ASSERT_EQ(test, kernel_write(file, bytes, len, &pos), (ssize_t)len);
	return file;
}

static struct kexec_buf file_request(struct kimage *image, struct file *file, size_t len)
{
	const struct placement_case c = { "", 4, PAGE_SIZE, 0, SZ_4G - 1, true };
	struct kexec_buf kbuf = buffer_request(image, &c);

	kbuf.buffer = NULL;
	kbuf.file = file;
	kbuf.bufsz = len;
	return kbuf;
}

/* One image whose only segment is FILE_SEGMENT_BYTES of a pattern file. */
struct file_segment {
	struct kimage *image;
	struct file *file;
	struct kexec_segment *seg;
	u8 *page;	/* where the tests fill the segment's pages */
};

static void file_segment_add(struct kunit *test, struct file_segment *fs)
{
	struct kexec_buf kbuf;

	fs->image = file_image(test);
	fs->file = pattern_file(test, FILE_SEGMENT_BYTES);
	fs->page = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fs->page);
	kbuf = file_request(fs->image, fs->file, FILE_SEGMENT_BYTES);
	KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	fs->seg = &fs->image->segment[0];
}

/* The image does not own the file: kexec_file closes only the initrd's. */
static void file_segment_free(struct file_segment *fs)
{
	fs->image->segment_file[0] = NULL;
	kimage_free(fs->image);
	fput(fs->file);
}

/* Fill every page of the segment, check each, and hand it to @each. */
static void fill_and_check_pages(struct kunit *test, struct file_segment *fs,
				 void (*each)(const u8 *page, void *arg), void *arg)
{
	size_t off, i;

	for (off = 0; off < fs->seg->memsz; off += PAGE_SIZE) {
		memset(fs->page, 0xee, PAGE_SIZE);
		KUNIT_ASSERT_EQ(test, kimage_file_fill_page(fs->image, fs->seg, off, fs->page), 0);
		for (i = 0; i < PAGE_SIZE; i++) {
			u8 want = off + i < FILE_SEGMENT_BYTES ? file_segment_byte(off + i) : 0;

			if (fs->page[i] != want)
				break;
		}
		KUNIT_EXPECT_EQ_MSG(test, i, PAGE_SIZE, "page at offset 0x%zx", off);
		if (each)
			each(fs->page, arg);
	}
}

/* A segment whose contents are a file is filled from it, zeroed past them. */
static void file_segment_is_read_into_its_pages(struct kunit *test)
{
	struct file_segment fs;

	file_segment_add(test, &fs);
	KUNIT_EXPECT_PTR_EQ(test, fs.image->segment_file[0], fs.file);
	fill_and_check_pages(test, &fs, NULL, NULL);
	file_segment_free(&fs);
}

#ifdef CONFIG_ARCH_HAS_KEXEC_PURGATORY
static void hash_page(const u8 *page, void *sctx)
{
	sha256_update(sctx, page, PAGE_SIZE);
}

/*
 * The digest the purgatory gets is taken over the pages as they are filled,
 * by the crypto API's sha256: it must equal lib/crypto's over the pages.
 */
static void pages_are_hashed_as_filled(struct kunit *test)
{
	u8 got[SHA256_DIGEST_SIZE], want[SHA256_DIGEST_SIZE];
	struct crypto_shash *tfm = crypto_alloc_shash("sha256", 0, 0);
	struct sha256_state expected;
	struct shash_desc *loaded;
	struct file_segment fs;

	KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
	loaded = kunit_kzalloc(test, sizeof(*loaded) + crypto_shash_descsize(tfm), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, loaded);
	loaded->tfm = tfm;
	file_segment_add(test, &fs);
	KUNIT_ASSERT_EQ(test, crypto_shash_init(loaded), 0);
	sha256_init(&expected);
	fs.image->purgatory_info.digest = loaded;
	fill_and_check_pages(test, &fs, hash_page, &expected);
	fs.image->purgatory_info.digest = NULL;
	KUNIT_EXPECT_EQ(test, crypto_shash_final(loaded, got), 0);
	sha256_final(&expected, want);
	KUNIT_EXPECT_EQ(test, memcmp(got, want, sizeof(got)), 0);
	crypto_free_shash(tfm);
	file_segment_free(&fs);
}
#endif

/* A file that shrank under the load fails it with -EIO, not short data. */
static void file_segment_cut_short_fails_with_eio(struct kunit *test)
{
	struct file_segment fs;

	file_segment_add(test, &fs);
	KUNIT_ASSERT_EQ(test, vfs_truncate(&fs.file->f_path, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, kimage_file_fill_page(fs.image, fs.seg, 0, fs.page), 0);
	KUNIT_EXPECT_EQ(test, kimage_file_fill_page(fs.image, fs.seg, PAGE_SIZE, fs.page), -EIO);
	file_segment_free(&fs);
}

/* A file shorter than the segment's bytes, or a buffer as well, is refused. */
static void file_segment_must_hold_its_bytes(struct kunit *test)
{
	struct kimage *image = file_image(test);
	struct file *file = pattern_file(test, FILE_SEGMENT_BYTES);
	struct kexec_buf kbuf = file_request(image, file, FILE_SEGMENT_BYTES + 1);

	KUNIT_EXPECT_EQ(test, kexec_add_buffer(&kbuf), -EINVAL);
	kbuf = file_request(image, file, FILE_SEGMENT_BYTES);
	kbuf.buffer = (void *)buffer_bytes;
	KUNIT_EXPECT_EQ(test, kexec_add_buffer(&kbuf), -EINVAL);
	KUNIT_EXPECT_EQ(test, image->nr_segments, 0UL);
	kimage_free(image);
	fput(file);
}

static void buffer_without_room_is_refused(struct kunit *test)
{
	const struct placement_case c = { "", 2, PAGE_SIZE, SZ_32M, SZ_32M + PAGE_SIZE - 1, true };
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf = buffer_request(image, &c);

	KUNIT_EXPECT_EQ(test, kexec_add_buffer(&kbuf), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, image->nr_segments, 0UL);
	kimage_free(image);
}

static void segment_limit_is_enforced(struct kunit *test)
{
	const struct placement_case c = { "", 1, PAGE_SIZE, 0, ULONG_MAX, true };
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf;
	unsigned int i;

	for (i = 0; i < KEXEC_SEGMENT_MAX; i++) {
		kbuf = buffer_request(image, &c);
		KUNIT_ASSERT_EQ(test, kexec_add_buffer(&kbuf), 0);
	}
	kbuf = buffer_request(image, &c);
	KUNIT_EXPECT_EQ(test, kexec_add_buffer(&kbuf), -EINVAL);
	KUNIT_EXPECT_EQ(test, image->nr_segments, (unsigned long)KEXEC_SEGMENT_MAX);
	kimage_free(image);
}

#ifdef CONFIG_ARCH_HAS_KEXEC_PURGATORY
/* The purgatory built into this kernel loads, relocates and exposes its symbols. */
static void purgatory_loads_with_its_symbols(struct kunit *test)
{
	struct kimage *image = file_image(test);
	struct kexec_buf kbuf = { .image = image, .buf_min = 0, .buf_max = ULONG_MAX,
				  .top_down = true };
	u8 digest[32], readback[32];
	struct kexec_segment *seg;
	void *addr;

	KUNIT_ASSERT_EQ(test, kexec_load_purgatory(image, &kbuf), 0);
	KUNIT_ASSERT_EQ(test, image->nr_segments, 1UL);
	/* Parsed once, at load: the symbol accessors below use this view. */
	KUNIT_EXPECT_PTR_EQ(test, (const void *)image->purgatory_info.obj.buf,
			    (const void *)kexec_purgatory);
	seg = &image->segment[0];
	KUNIT_EXPECT_GE(test, image->start, seg->mem);
	KUNIT_EXPECT_LT(test, image->start, seg->mem + seg->memsz);

	addr = kexec_purgatory_get_symbol_addr(image, "purgatory_sha_regions");
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(addr));
	addr = kexec_purgatory_get_symbol_addr(image, "purgatory_sha256_digest");
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(addr));
	KUNIT_EXPECT_TRUE(test, IS_ERR(kexec_purgatory_get_symbol_addr(image, "no_such_symbol")));

	memset(digest, 0xa5, sizeof(digest));
	KUNIT_EXPECT_EQ(test, kexec_purgatory_get_set_symbol(image, "purgatory_sha256_digest",
							     digest, sizeof(digest), false), 0);
	KUNIT_EXPECT_EQ(test, kexec_purgatory_get_set_symbol(image, "purgatory_sha256_digest",
							     readback, sizeof(readback), true), 0);
	KUNIT_EXPECT_EQ(test, memcmp(digest, readback, sizeof(digest)), 0);
	/* A size that does not match the symbol's is refused. */
	KUNIT_EXPECT_NE(test, kexec_purgatory_get_set_symbol(image, "purgatory_sha256_digest",
							     readback, 7, true), 0);
	kimage_free(image);
}
#endif /* CONFIG_ARCH_HAS_KEXEC_PURGATORY: x86_64 has one, arm64 none */

/* Two RAM ranges, [1M, 16M) and [32M, 64M), in struct crash_mem's inclusive form. */
static struct crash_mem *two_ranges(struct kunit *test, u64 second_start)
{
	struct crash_mem *mem = kunit_kzalloc(test, struct_size(mem, ranges, 2), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mem);
	mem->max_nr_ranges = 2;
	mem->nr_ranges = 2;
	mem->ranges[0] = (struct crash_mem_range){ .start = SZ_1M, .end = SZ_16M - 1 };
	mem->ranges[1] = (struct crash_mem_range){ .start = second_start, .end = SZ_64M - 1 };
	return mem;
}

static void expect_phdr(struct kunit *test, const Elf64_Phdr *ph, u32 type, u64 paddr,
			u64 vaddr, u64 size)
{
	KUNIT_EXPECT_EQ(test, ph->p_type, type);
	KUNIT_EXPECT_EQ(test, ph->p_paddr, paddr);
	KUNIT_EXPECT_EQ(test, ph->p_offset, paddr);
	KUNIT_EXPECT_EQ(test, ph->p_vaddr, vaddr);
	KUNIT_EXPECT_EQ(test, ph->p_filesz, size);
	KUNIT_EXPECT_EQ(test, ph->p_memsz, size);
}

/*
 * The kdump ELF core header names this kernel's own addresses: a crash note
 * per possible CPU, the vmcoreinfo note, the kernel text and the given RAM
 * through the direct map.
 */
static void elfcorehdr_describes_this_kernel(struct kunit *test)
{
	unsigned int ncpus = num_possible_cpus(), first_cpu = cpumask_first(cpu_possible_mask);
	struct crash_mem *mem = two_ranges(test, SZ_32M);
	unsigned long size = 0;
	const Elf64_Phdr *ph;
	const Elf64_Ehdr *eh;
	void *buf = NULL;

	KUNIT_ASSERT_EQ(test, crash_prepare_elf64_headers(mem, 1, &buf, &size), 0);
	eh = buf;
	ph = buf + eh->e_phoff;
	KUNIT_EXPECT_EQ(test, size % ELF_CORE_HEADER_ALIGN, 0UL);
	KUNIT_EXPECT_EQ(test, eh->e_type, ET_CORE);
	KUNIT_EXPECT_EQ(test, eh->e_machine, ELF_ARCH);
	KUNIT_ASSERT_EQ(test, eh->e_phnum, ncpus + 4);
	expect_phdr(test, &ph[0], PT_NOTE,
		    per_cpu_ptr_to_phys(per_cpu_ptr(crash_notes, first_cpu)), 0,
		    sizeof(note_buf_t));
	expect_phdr(test, &ph[ncpus], PT_NOTE, paddr_vmcoreinfo_note(), 0, VMCOREINFO_NOTE_SIZE);
	expect_phdr(test, &ph[ncpus + 1], PT_LOAD, __pa_symbol(_text), (unsigned long)_text,
		    _end - _text);
	expect_phdr(test, &ph[ncpus + 2], PT_LOAD, SZ_1M, (unsigned long)__va(SZ_1M),
		    SZ_16M - SZ_1M);
	expect_phdr(test, &ph[ncpus + 3], PT_LOAD, SZ_32M, (unsigned long)__va(SZ_32M),
		    SZ_64M - SZ_32M);
	vfree(buf);
}

static void elfcorehdr_refuses_overlapping_ranges(struct kunit *test)
{
	struct crash_mem *mem = two_ranges(test, SZ_8M);
	unsigned long size = 0;
	void *buf = NULL;

	KUNIT_EXPECT_EQ(test, crash_prepare_elf64_headers(mem, 1, &buf, &size), -EINVAL);
	KUNIT_EXPECT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, size, 0UL);
}

static struct kunit_case kexec_file_cases[] = {
	KUNIT_CASE_PARAM(buffer_lands_in_ram_inside_window, placement_gen_params),
	KUNIT_CASE(buffers_do_not_overlap),
	KUNIT_CASE(scratch_tail_is_reserved_not_loaded),
	KUNIT_CASE(file_segment_is_read_into_its_pages),
#ifdef CONFIG_ARCH_HAS_KEXEC_PURGATORY
	KUNIT_CASE(pages_are_hashed_as_filled),
#endif
	KUNIT_CASE(file_segment_must_hold_its_bytes),
	KUNIT_CASE(file_segment_cut_short_fails_with_eio),
	KUNIT_CASE(buffer_without_room_is_refused),
	KUNIT_CASE(segment_limit_is_enforced),
#ifdef CONFIG_ARCH_HAS_KEXEC_PURGATORY
	KUNIT_CASE(purgatory_loads_with_its_symbols),
#endif
	KUNIT_CASE(elfcorehdr_describes_this_kernel),
	KUNIT_CASE(elfcorehdr_refuses_overlapping_ranges),
	{}
};

static struct kunit_suite kexec_file_suite = {
	.name = "kexec_file",
	.test_cases = kexec_file_cases,
};

kunit_test_suite(kexec_file_suite);

MODULE_LICENSE("GPL");
