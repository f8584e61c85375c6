// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file loader for the arm64 Image format: the glue around the pure
 * header checks and placement in kexec_image_layout.c.
 *
 * Segments, in this order, bottom-up:
 *
 *   kernel   at a 2 MiB aligned base + text_offset, image_size bytes
 *   initrd   above the kernel, within 32 GiB of its base
 *   ELF core header (crash kernel only), and the device tree, likewise
 *
 * kexec_file_load(2) has no purgatory on arm64: the relocation code enters
 * the kernel directly with the device tree's address in x0.
 *
 * The kernel segment is the file itself. A signed Image (EFI stub, signed
 * with sbsign) carries its signature in a certificate table at the end of
 * the file, and two header fields Authenticode does not hash: so the
 * segment stops at the certificate table and holds zeros in those fields
 * (image_loaded_ranges()); kexec_file refuses the Image when the rest is
 * not all signed.
 */

#define pr_fmt(fmt) "kexec_image: " fmt

#include <linux/kexec.h>
#include <linux/kexec_pe.h>
#include <linux/kexec_ranges.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <asm/setup.h>

#include "kexec_image_layout.h"

static int image_probe(const char *buf, unsigned long len)
{
	struct arm64_image img;

	return arm64_image_parse(buf, len, &img);
}

/* What of a signed Image the kernel segment holds: the file up to its signature. */
static int image_loaded_ranges(const char *buf, unsigned long len,
			       struct kexec_range *ranges, unsigned int max)
{
	char why[KEXEC_PE_WHY_LEN];
	struct kexec_pe_sig pe;
	int ret;

	ret = kexec_pe_sig_parse(buf, len, &pe, why, sizeof(why));
	if (ret)
		return ret;
	return kexec_pe_sig_file_ranges(&pe, ranges, max);
}

/*
 * The bytes of @kernel the kernel segment copies, with what
 * image_loaded_ranges() leaves out zeroed. An Image without a signature the
 * parser accepts is copied whole: kexec_file only lets it through when
 * signatures are not enforced.
 */
static unsigned long image_copy_size(char *kernel, unsigned long len)
{
	struct kexec_range keep[3];
	int nr;

	if (!IS_ENABLED(CONFIG_KEXEC_IMAGE_VERIFY_SIG))
		return len;
	nr = image_loaded_ranges(kernel, len, keep, ARRAY_SIZE(keep));
	if (nr <= 0)
		return len;
	return kexec_pe_sig_keep(kernel, keep, nr);
}

static int add_kernel(struct kimage *image, const struct arm64_image *img, char *buf,
		      u64 *load_addr)
{
	struct kexec_range_set free __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct kexec_buf kbuf = {
		.image = image, .buffer = buf, .bufsz = img->file_size,
		.memsz = img->image_size, .buf_align = PAGE_SIZE,
	};
	int ret;

	ret = kexec_collect_free_ram(image, &free);
	if (ret)
		return ret;
	ret = arm64_image_place(img, &free, load_addr);
	if (ret) {
		pr_err("no 2 MiB aligned room for 0x%llx + 0x%llx bytes%s\n",
		       img->text_offset, img->image_size,
		       image->type == KEXEC_TYPE_CRASH ? " in the crashkernel region" : "");
		return -EADDRNOTAVAIL;
	}
	kbuf.mem = *load_addr;
	return kexec_add_buffer(&kbuf);
}

static int add_initrd(struct kimage *image, u64 base, u64 above, char *initrd,
		      unsigned long len, u64 *addr)
{
	struct kexec_buf kbuf = {
		.image = image, .memsz = len,
		.buf_align = PAGE_SIZE, .mem = KEXEC_BUF_MEM_UNKNOWN,
		.buf_min = above, .buf_max = base + ARM64_IMAGE_WINDOW - 1,
	};
	int ret;

	*addr = 0;
	if (!len)
		return 0;
	kexec_buf_set_initrd(&kbuf, initrd, len);
	ret = kexec_add_buffer(&kbuf);
	if (ret)
		return ret;
	*addr = kbuf.mem;
	return 0;
}

static void *image_load(struct kimage *image, char *kernel, unsigned long kernel_len,
			char *initrd, unsigned long initrd_len, char *cmdline,
			unsigned long cmdline_len)
{
	struct arm64_image img;
	u64 load_addr, base, initrd_addr;
	int ret;

	ret = arm64_image_parse(kernel, kernel_len, &img);
	if (ret)
		return ERR_PTR(ret);
	ret = arm64_image_check_runnable(&img, IS_ENABLED(CONFIG_CPU_BIG_ENDIAN), PAGE_SHIFT);
	if (ret)
		return ERR_PTR(ret);
	ret = arm64_image_check_cmdline(cmdline, cmdline_len, COMMAND_LINE_SIZE);
	if (ret)
		return ERR_PTR(ret);
	img.file_size = image_copy_size(kernel, kernel_len);
	ret = add_kernel(image, &img, kernel, &load_addr);
	if (ret)
		return ERR_PTR(ret);
	base = load_addr - img.text_offset;
	ret = add_initrd(image, base, load_addr + img.image_size, initrd, initrd_len,
			 &initrd_addr);
	if (ret)
		return ERR_PTR(ret);
	ret = arm64_kexec_add_dtb(image, base, load_addr + img.image_size, initrd_addr,
				  initrd_addr ? initrd_len : 0, cmdline);
	if (ret)
		return ERR_PTR(ret);
	image->start = load_addr;
	pr_debug("kernel at 0x%llx (0x%llx bytes), initrd at 0x%llx, device tree at 0x%llx\n",
		 load_addr, img.image_size, initrd_addr, (u64)image->arch.dtb_mem);
	return NULL;
}

const struct kexec_file_ops kexec_image_ops = {
	.probe = image_probe,
	.load = image_load,
#ifdef CONFIG_KEXEC_IMAGE_VERIFY_SIG
	.verify_sig = kexec_kernel_verify_pe_sig,
	.loaded_ranges = image_loaded_ranges,
#endif
};
