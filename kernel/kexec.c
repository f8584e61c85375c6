// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_load(2): load an image that user space has already laid out as a
 * list of segments (buffer, size, physical destination, reserved size).
 *
 * The checks run in an order user space can rely on: permission first
 * (-EPERM), then the flags and the segment count (-EINVAL), then the
 * architecture bits (-EINVAL), then the segment list itself
 * (sanity_check_segment_list(): -EADDRNOTAVAIL or -EINVAL). A load that fails
 * leaves the image that was loaded before it in place, except for crash
 * loads, which always drop the old crash image first because the new one is
 * written over it. nr_segments == 0 unloads.
 */

#define pr_fmt(fmt) "kexec_load: " fmt

#include <linux/capability.h>
#include <linux/cleanup.h>
#include <linux/compat.h>
#include <linux/kexec.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#include "kexec_internal.h"

/* Who may load: CAP_SYS_BOOT, not disabled by sysctl, LSM and lockdown. */
static int kexec_load_allowed(void)
{
	int ret;

	if (!capable(CAP_SYS_BOOT)) {
		pr_notice_ratelimited("caller lacks CAP_SYS_BOOT\n");
		return -EPERM;
	}
	if (kexec_load_disabled) {
		pr_notice_ratelimited("disabled by kernel.kexec_load_disabled=1\n");
		return -EPERM;
	}
	ret = security_kernel_load_data(LOADING_KEXEC_IMAGE, false);
	if (ret) {
		pr_err("refused by a security module: %d\n", ret);
		return ret;
	}
	/* Lockdown logs its own refusal. */
	return security_locked_down(LOCKDOWN_KEXEC);
}

static int kexec_load_check_args(unsigned long nr_segments, unsigned long flags)
{
	unsigned long undefined = flags & ~KEXEC_ARCH_MASK & ~(unsigned long)KEXEC_FLAGS;

	if (undefined) {
		pr_err("flags 0x%lx have undefined bits 0x%lx\n", flags, undefined);
		return -EINVAL;
	}
	if (nr_segments > KEXEC_SEGMENT_MAX) {
		pr_err("%lu segments, at most %d allowed\n",
		       nr_segments, KEXEC_SEGMENT_MAX);
		return -EINVAL;
	}
	return 0;
}

/* @want_explicit: compat callers must name the architecture. */
static int kexec_load_check_arch(unsigned long flags, bool want_explicit)
{
	unsigned long arch = flags & KEXEC_ARCH_MASK;

	if (want_explicit && arch == KEXEC_ARCH_DEFAULT) {
		pr_err("compat caller gave no architecture in flags 0x%lx\n", flags);
		return -EINVAL;
	}
	if (!want_explicit && arch != KEXEC_ARCH_DEFAULT && arch != KEXEC_ARCH) {
		pr_err("architecture %lu in the flags, this kernel is %d\n",
		       arch >> 16, KEXEC_ARCH >> 16);
		return -EINVAL;
	}
	return 0;
}

/* What both entry points check before copying anything from userspace. */
static int kexec_load_precheck(unsigned long nr_segments, unsigned long flags, bool compat)
{
	int ret = kexec_load_allowed();

	if (!ret)
		ret = kexec_load_check_args(nr_segments, flags);
	if (!ret)
		ret = kexec_load_check_arch(flags, compat);
	return ret;
}

static int check_crash_entry(unsigned long entry)
{
	if (entry >= phys_to_boot_phys(crashk_res.start) &&
	    entry <= phys_to_boot_phys(crashk_res.end))
		return 0;
	pr_err("crash entry 0x%lx is outside the crashkernel region [%pa, %pa]\n",
	       entry, &crashk_res.start, &crashk_res.end);
	return -EADDRNOTAVAIL;
}

/* Image with its segments checked and its control pages reserved. */
static int kexec_image_create(struct kimage **out, unsigned long entry,
			      unsigned long nr_segments, const struct kexec_segment *segs,
			      unsigned long flags)
{
	bool crash = flags & KEXEC_ON_CRASH;
	struct kimage *image;
	int ret;

	if (crash) {
		ret = check_crash_entry(entry);
		if (ret)
			return ret;
	}
	image = do_kimage_alloc_init();
	if (!image)
		return -ENOMEM;
	image->start = entry;
	image->nr_segments = nr_segments;
	memcpy(image->segment, segs, nr_segments * sizeof(*segs));
	image->preserve_context = !!(flags & KEXEC_PRESERVE_CONTEXT);
	if (crash) {
		image->type = KEXEC_TYPE_CRASH;
		image->control_page = crashk_res.start;
	}
	ret = sanity_check_segment_list(image);
	if (ret)
		goto err_free_image;
	ret = -ENOMEM;
	image->control_code_page =
		kimage_alloc_control_pages(image, get_order(KEXEC_CONTROL_PAGE_SIZE));
	if (!image->control_code_page) {
		pr_err("no memory for the control code pages\n");
		goto err_free_image;
	}
	if (!crash) {
		image->swap_page = kimage_alloc_control_pages(image, 0);
		if (!image->swap_page) {
			pr_err("no memory for the swap page\n");
			goto err_free_image;
		}
	}
	*out = image;
	return 0;

err_free_image:
	kimage_free(image);
	return ret;
}

/* Arch preparation, segment copies and the end of the entry list. */
static int kexec_image_fill(struct kimage *image)
{
	unsigned long i;
	int ret;

	ret = machine_kexec_prepare(image);
	if (ret)
		return ret;
	/* After machine_kexec_prepare(): some arches touch crash memory there. */
	ret = kimage_crash_copy_vmcoreinfo(image);
	if (ret)
		return ret;
	for (i = 0; i < image->nr_segments; i++) {
		ret = kimage_load_segment(image, &image->segment[i]);
		if (ret)
			return ret;
	}
	kimage_terminate(image);
	return machine_kexec_post_load(image);
}

static int do_kexec_load(unsigned long entry, unsigned long nr_segments,
			 const struct kexec_segment *segs, unsigned long flags)
{
	bool crash = flags & KEXEC_ON_CRASH;
	struct kimage **slot = crash ? &kexec_crash_image : &kexec_image;
	struct kimage *image = NULL;
	int ret = 0;

	if (!kexec_trylock()) {
		pr_err("another load or kexec is in progress\n");
		return -EBUSY;
	}
	if (crash && kexec_crash_image)
		arch_kexec_unprotect_crashkres();
	/* Unload, or drop the crash image the new one will overwrite. */
	if (!nr_segments || crash)
		kimage_free(xchg(slot, NULL));
	if (nr_segments) {
		ret = kexec_image_create(&image, entry, nr_segments, segs, flags);
		if (!ret)
			ret = kexec_image_fill(image);
		if (!ret)
			image = xchg(slot, image);
		kimage_free(image);
	}
	if (crash && kexec_crash_image)
		arch_kexec_protect_crashkres();
	kexec_unlock();
	return ret;
}

SYSCALL_DEFINE4(kexec_load, unsigned long, entry, unsigned long, nr_segments,
		struct kexec_segment __user *, segments, unsigned long, flags)
{
	struct kexec_segment *segs __free(kfree) = NULL;
	int ret;

	ret = kexec_load_precheck(nr_segments, flags, false);
	if (ret)
		return ret;
	if (nr_segments) {
		segs = memdup_array_user(segments, nr_segments, sizeof(*segs));
		if (IS_ERR(segs)) {
			ret = PTR_ERR(segs);
			pr_err("cannot copy %lu segments: %d\n", nr_segments, ret);
			return ret;
		}
	}
	return do_kexec_load(entry, nr_segments, segs, flags);
}

#ifdef CONFIG_COMPAT
static struct kexec_segment *compat_copy_segments(struct compat_kexec_segment __user *user,
						  unsigned long nr)
{
	struct compat_kexec_segment *in __free(kfree) = NULL;
	struct kexec_segment *out;
	unsigned long i;

	in = memdup_array_user(user, nr, sizeof(*in));
	if (IS_ERR(in))
		return ERR_CAST(no_free_ptr(in));
	out = kmalloc_array(nr, sizeof(*out), GFP_KERNEL);
	if (!out)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < nr; i++)
		out[i] = (struct kexec_segment){
			.buf	= compat_ptr(in[i].buf),
			.bufsz	= in[i].bufsz,
			.mem	= in[i].mem,
			.memsz	= in[i].memsz,
		};
	return out;
}

COMPAT_SYSCALL_DEFINE4(kexec_load, compat_ulong_t, entry, compat_ulong_t, nr_segments,
		       struct compat_kexec_segment __user *, segments, compat_ulong_t, flags)
{
	struct kexec_segment *segs __free(kfree) = NULL;
	int ret;

	ret = kexec_load_precheck(nr_segments, flags, true);
	if (ret)
		return ret;
	if (nr_segments) {
		segs = compat_copy_segments(segments, nr_segments);
		if (IS_ERR(segs)) {
			ret = PTR_ERR(segs);
			pr_err("cannot copy %u compat segments: %d\n",
			       nr_segments, ret);
			return ret;
		}
	}
	return do_kexec_load(entry, nr_segments, segs, flags);
}
#endif
