// SPDX-License-Identifier: GPL-2.0-only
/*
 * A test-only way to damage a loaded image between load and exec, so that a
 * test can prove the purgatory refuses to enter a kernel whose segments no
 * longer match the digest taken at load (CONFIG_KEXEC_CORRUPT_TEST):
 *
 *   /sys/kernel/debug/kexec/corrupt_segment        the normal image
 *   /sys/kernel/debug/kexec/corrupt_crash_segment  the crash image
 *
 * Reading lists the image's segments, one per line: "INDEX MEM BUFSZ MEMSZ"
 * (hexadecimal but the index). Writing an index inverts the first byte that
 * segment will hold in memory when the image runs. The kernel is tainted
 * (TAINT_USER): the image is deliberately broken.
 */
#define pr_fmt(fmt) "kexec: " fmt

#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/seq_file.h>

#include "kexec_internal.h"

static int segments_show(struct seq_file *m, void *unused)
{
	struct kimage **slot = m->private;
	struct kimage *image;
	unsigned long i;

	if (!kexec_trylock())
		return -EBUSY;
	image = *slot;
	for (i = 0; image && i < image->nr_segments; i++)
		seq_printf(m, "%lu %#lx %#zx %#zx\n", i, image->segment[i].mem,
			   image->segment[i].bufsz, image->segment[i].memsz);
	kexec_unlock();
	return 0;
}

static int segments_open(struct inode *inode, struct file *file)
{
	return single_open(file, segments_show, inode->i_private);
}

/* Inverts the byte at @dest, inside @image's segments; under the kexec lock. */
static int invert_byte(struct kimage *image, u64 dest)
{
	bool crash = image->type == KEXEC_TYPE_CRASH;
	struct page *page = kimage_page_at(image, dest);
	u8 *p;

	if (!page)
		return -ENOENT;
	/* A loaded crash image is kept read-only (x86) until it runs. */
	if (crash)
		arch_kexec_unprotect_crashkres();
	p = kmap_local_page(page);
	p[offset_in_page(dest)] ^= 0xff;
	kunmap_local(p);
	if (crash)
		arch_kexec_protect_crashkres();
	return 0;
}

static ssize_t segments_write(struct file *file, const char __user *ubuf, size_t len,
			      loff_t *ppos)
{
	struct kimage **slot = file_inode(file)->i_private;
	const struct kexec_segment *seg;
	unsigned int index;
	int ret;

	ret = kstrtouint_from_user(ubuf, len, 0, &index);
	if (ret)
		return ret;
	if (!kexec_trylock())
		return -EBUSY;
	ret = -ENOENT;
	if (!*slot)
		goto out_unlock;
	ret = -EINVAL;
	if (index >= (*slot)->nr_segments || !(*slot)->segment[index].memsz)
		goto out_unlock;
	seg = &(*slot)->segment[index];
	ret = invert_byte(*slot, seg->mem);
	if (ret)
		goto out_unlock;
	add_taint(TAINT_USER, LOCKDEP_STILL_OK);
	pr_warn("test: inverted the byte at %#lx, segment %u of the %s image\n",
		seg->mem, index, slot == &kexec_crash_image ? "crash" : "normal");
	ret = len;
out_unlock:
	kexec_unlock();
	return ret;
}

static const struct file_operations segments_fops = {
	.owner = THIS_MODULE,
	.open = segments_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = segments_write,
};

static int __init kexec_corrupt_test_init(void)
{
	struct dentry *dir = debugfs_create_dir("kexec", NULL);

	debugfs_create_file("corrupt_segment", 0600, dir, &kexec_image, &segments_fops);
	debugfs_create_file("corrupt_crash_segment", 0600, dir, &kexec_crash_image,
			    &segments_fops);
	return 0;
}
late_initcall(kexec_corrupt_test_init);
