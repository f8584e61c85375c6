// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file_load(2) on arm64: the loaders, the device tree and, for a
 * crash kernel, the ELF core header. The device tree is built by the pure
 * kexec_fdt.c; this file gathers what only the running kernel knows (its
 * flattened tree, the RNG, the crashkernel region, System RAM).
 */

#define pr_fmt(fmt) "kexec_file: " fmt

#include <linux/kexec.h>
#include <linux/kexec_ranges.h>
#include <linux/ioport.h>
#include <linux/of_fdt.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "kexec_fdt.h"
#include "kexec_image_layout.h"

/*
 * A UKI first: it wraps a kernel that the formats after it then load. The
 * compressed formats only look at their magic, so they come before the Image.
 */
const struct kexec_file_ops * const kexec_file_loaders[] = {
	&kexec_uki_ops,
	&kexec_zboot_ops,
	&kexec_gzip_ops,
	&kexec_image_ops,
	NULL
};

/**
 * arch_kimage_file_post_load_cleanup() - free what only loading needed
 * @image: the image, its segments copied
 *
 * Return: the loader's cleanup result.
 */
int arch_kimage_file_post_load_cleanup(struct kimage *image)
{
	kfree_sensitive(image->arch.dtb);
	image->arch.dtb = NULL;
	return kexec_image_post_load_cleanup_default(image);
}

static int add_ram(struct resource *res, void *arg)
{
	struct kexec_range r = { .start = res->start, .end = (u64)res->end + 1 };

	return kexec_range_set_add(arg, &r);
}

/* The dump: System RAM without the crashkernel region the crash kernel runs in. */
static int crash_dump_ranges(struct kexec_range_set *dump)
{
	struct kexec_range crash = crashk_range(&crashk_res);
	struct kexec_range low = crashk_range(&crashk_low_res);
	int ret;

	ret = walk_system_ram_res(0, ULONG_MAX, dump, add_ram);
	if (ret)
		return ret;
	ret = kexec_range_set_remove(dump, &crash);
	if (ret)
		return ret;
	return kexec_range_empty(&low) ? 0 : kexec_range_set_remove(dump, &low);
}

static int add_elfcorehdr(struct kimage *image, u64 base, u64 above)
{
	struct kexec_range_set dump __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct kexec_buf kbuf = {
		.image = image, .buf_align = SZ_64K, .mem = KEXEC_BUF_MEM_UNKNOWN,
		.buf_min = above, .buf_max = base + ARM64_IMAGE_WINDOW - 1,
	};
	void *hdr;
	unsigned long size;
	int ret;

	ret = crash_dump_ranges(&dump);
	if (ret)
		return ret;
	ret = kexec_crash_elfcorehdr(dump.ranges, dump.nr, true, &hdr, &size);
	if (ret)
		return ret;
	kbuf.buffer = hdr;
	kbuf.bufsz = size;
	kbuf.memsz = size;
	ret = kexec_add_buffer(&kbuf);
	if (ret) {
		vfree(hdr);
		return ret;
	}
	image->elf_headers = hdr;
	image->elf_headers_sz = size;
	image->elf_load_addr = kbuf.mem;
	return 0;
}

static void crash_params(const struct kimage *image, struct arm64_fdt_params *p)
{
	p->elfcorehdr.start = image->elf_load_addr;
	p->elfcorehdr.size = image->elf_headers_sz;
	p->usable[p->nr_usable].start = crashk_res.start;
	p->usable[p->nr_usable++].size = resource_size(&crashk_res);
	if (crashk_reserved(&crashk_low_res)) {
		p->usable[p->nr_usable].start = crashk_low_res.start;
		p->usable[p->nr_usable++].size = resource_size(&crashk_low_res);
	}
}

/**
 * arm64_kexec_add_dtb() - build the next kernel's device tree and add it
 * @image: the image being loaded
 * @kernel_base: the kernel's 2 MiB aligned base
 * @above: lowest address for the device tree (and the ELF core header)
 * @initrd_addr: where the initrd was placed
 * @initrd_size: its size, 0 for none
 * @cmdline: the command line, or NULL
 *
 * A crash image also gets its ELF core header, which the tree points to.
 * The tree is placed 2 MiB aligned, so it never shares a 2 MiB block the
 * next kernel maps with other attributes (booting.rst).
 *
 * Return: 0 or -errno (one line logged).
 */
int arm64_kexec_add_dtb(struct kimage *image, u64 kernel_base, u64 above, u64 initrd_addr,
			u64 initrd_size, const char *cmdline)
{
	u8 rng_seed[ARM64_FDT_RNG_SEED_SIZE];
	struct arm64_fdt_params p = {
		.cmdline = cmdline,
		.initrd = { .start = initrd_addr, .size = initrd_size },
	};
	struct kexec_buf kbuf = {
		.image = image, .buf_align = SZ_2M, .mem = KEXEC_BUF_MEM_UNKNOWN,
		.buf_min = above, .buf_max = kernel_base + ARM64_IMAGE_WINDOW - 1,
	};
	size_t size;
	void *dtb;
	int ret;

	if (image->type == KEXEC_TYPE_CRASH) {
		ret = add_elfcorehdr(image, kernel_base, above);
		if (ret)
			return ret;
		crash_params(image, &p);
	}
#ifdef CONFIG_IMA_KEXEC
	/* ima_add_kexec_buffer() placed the measurement list already. */
	p.ima.start = image->ima_buffer_addr;
	p.ima.size = image->ima_buffer_size;
#endif
	if (rng_is_initialized()) {
		p.kaslr_seed = get_random_u64();
		p.has_kaslr_seed = true;
		get_random_bytes(rng_seed, sizeof(rng_seed));
		p.rng_seed = rng_seed;
		p.rng_seed_len = sizeof(rng_seed);
	}
	ret = arm64_fdt_build(initial_boot_params, &p, &dtb, &size);
	memzero_explicit(rng_seed, sizeof(rng_seed));
	if (ret)
		return ret;
	kbuf.buffer = dtb;
	kbuf.bufsz = size;
	kbuf.memsz = size;
	ret = kexec_add_buffer(&kbuf);
	if (ret) {
		kfree_sensitive(dtb);
		return ret;
	}
	image->arch.dtb = dtb;
	image->arch.dtb_mem = kbuf.mem;
	return 0;
}
