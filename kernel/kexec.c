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
	/* Widened first: ~ of the unsigned int mask would also clear bits 32-63. */
	unsigned long undefined = flags & ~(unsigned long)KEXEC_ARCH_MASK &
				  ~(unsigned long)KEXEC_FLAGS;

	/* Mainline's crash hotplug flags: known, but this kernel has no hotplug. */
	if (undefined & (KEXEC_UPDATE_ELFCOREHDR | KEXEC_CRASH_HOTPLUG_SUPPORT)) {
		pr_err("flags 0x%lx ask for crash hotplug updates, which this kernel does not support\n",
		       flags);
		return -EINVAL;
	}
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
	int ret;

	ret = kexec_load_allowed();
	if (ret)
		return ret;
	ret = kexec_load_check_args(nr_segments, flags);
	if (ret)
		return ret;
	return kexec_load_check_arch(flags, compat);
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

/* The syscall's arguments, with the segment list copied in. */
struct kexec_load_args {
	unsigned long entry;
	unsigned long nr_segments;
	const struct kexec_segment *segs;
	unsigned long flags;
};

/* kexec_replace_image()'s @create: an image built from the segment list. */
static struct kimage *kexec_image_create(const void *data)
{
	const struct kexec_load_args *args = data;
	bool crash = args->flags & KEXEC_ON_CRASH;
	struct kimage *image __free(kimage) = NULL;
	int ret;

	if (crash) {
		ret = check_crash_entry(args->entry);
		if (ret)
			return ERR_PTR(ret);
	}
	image = do_kimage_alloc_init();
	if (!image)
		return ERR_PTR(-ENOMEM);
	image->start = args->entry;
	image->nr_segments = args->nr_segments;
	memcpy(image->segment, args->segs, args->nr_segments * sizeof(*args->segs));
	image->preserve_context = !!(args->flags & KEXEC_PRESERVE_CONTEXT);
	if (crash)
		image->type = KEXEC_TYPE_CRASH;
	ret = kimage_build(image, kimage_load_segments);
	if (ret)
		return ERR_PTR(ret);
	return_ptr(image);
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
#endif

/* The user's segment list, in a kmalloc()ed array. */
static struct kexec_segment *copy_segments(void __user *user, unsigned long nr, bool compat)
{
#ifdef CONFIG_COMPAT
	if (compat)
		return compat_copy_segments(user, nr);
#endif
	return memdup_array_user(user, nr, sizeof(struct kexec_segment));
}

/* Both entry points: check, copy the segment list in, then load or unload. */
static int kexec_load_user(unsigned long entry, unsigned long nr_segments,
			   void __user *segments, unsigned long flags, bool compat)
{
	struct kexec_segment *segs __free(kfree) = NULL;
	struct kexec_load_args args = {
		.entry = entry, .nr_segments = nr_segments, .flags = flags,
	};
	int ret;

	ret = kexec_load_precheck(nr_segments, flags, compat);
	if (ret)
		return ret;
	if (nr_segments) {
		segs = copy_segments(segments, nr_segments, compat);
		if (IS_ERR(segs)) {
			ret = PTR_ERR(segs);
			pr_err("cannot copy %lu %ssegments: %d\n", nr_segments,
			       compat ? "compat " : "", ret);
			return ret;
		}
	}
	args.segs = segs;
	/* No segments: unload. */
	return kexec_replace_image(flags & KEXEC_ON_CRASH,
				   nr_segments ? kexec_image_create : NULL, &args);
}

SYSCALL_DEFINE4(kexec_load, unsigned long, entry, unsigned long, nr_segments,
		struct kexec_segment __user *, segments, unsigned long, flags)
{
	return kexec_load_user(entry, nr_segments, segments, flags, false);
}

#ifdef CONFIG_COMPAT
COMPAT_SYSCALL_DEFINE4(kexec_load, compat_ulong_t, entry, compat_ulong_t, nr_segments,
		       struct compat_kexec_segment __user *, segments, compat_ulong_t, flags)
{
	return kexec_load_user(entry, nr_segments, segments, flags, true);
}
#endif
