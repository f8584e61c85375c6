// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_file_load(2): the kernel reads the next kernel and initrd from file
 * descriptors, an image loader (kexec_file_loaders[]) turns them into
 * segments, and this file places the segments in free memory, loads the
 * purgatory and records the digest the purgatory checks before it jumps.
 *
 * This is glue. The decisions are made by pure code: where a buffer goes by
 * kexec_find_hole() (<linux/kexec_ranges.h>), how the purgatory is laid out
 * and relocated by <linux/kexec_elf_rel.h>. Here the inputs are gathered
 * (System RAM or the crash kernel region, the segments placed so far) and the
 * results are stored in the struct kimage.
 */

#define pr_fmt(fmt) "kexec_file: " fmt

#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/elf.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ima.h>
#include <linux/kernel.h>
#include <linux/kernel_read_file.h>
#include <linux/kexec.h>
#include <linux/kexec_elf_rel.h>
#include <linux/kexec_elfcore.h>
#include <linux/kexec_pe.h>
#include <linux/kexec_ranges.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/vmalloc.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <asm/sections.h>

#include "kexec_internal.h"

/*
 * Byte ranges of a kernel file a loader may copy (x86: setup header, kernel;
 * arm64: the file up to its signature, without two PE header fields).
 */
#define KEXEC_MAX_LOADED_RANGES	4

/* Largest kernel or initrd file read: 4 GiB (kernel_read_file() takes a size_t). */
#define KEXEC_FILE_MAX_READ	((size_t)min_t(u64, SZ_4G, SSIZE_MAX))

/* The syscall's arguments, carried through the load as one bundle. */
struct kexec_file_args {
	int kernel_fd;
	int initrd_fd;
	const char __user *cmdline;
	unsigned long cmdline_len;
	unsigned long flags;
};

#ifdef CONFIG_KEXEC_SIG
static bool sig_enforce = IS_ENABLED(CONFIG_KEXEC_SIG_FORCE);

/**
 * set_kexec_sig_enforced() - require a valid signature on every kexec image
 *
 * Called by IMA when the platform boots in secure boot mode.
 */
void set_kexec_sig_enforced(void)
{
	sig_enforce = true;
}
#endif

/**
 * kexec_image_probe_default() - find the loader that accepts a kernel image
 * @image: the image being loaded; @image->fops is set on success
 * @buf: the kernel file
 * @buf_len: its size
 *
 * A probe answers 0 (its format), -ENOEXEC (not its format: the next
 * loader is asked) or another errno: its format, but malformed, which it
 * has logged; that ends the search, so a broken container (a UKI) is not
 * also refused by every loader after it.
 *
 * Return: 0, the errno of a loader that found its format malformed, or
 * -ENOEXEC when no loader in kexec_file_loaders[] accepts it.
 */
int kexec_image_probe_default(struct kimage *image, void *buf, unsigned long buf_len)
{
	const struct kexec_file_ops * const *ops;
	int ret;

	for (ops = kexec_file_loaders; *ops; ops++) {
		if (!(*ops)->probe)
			continue;
		ret = (*ops)->probe(buf, buf_len);
		if (!ret)
			image->fops = *ops;
		if (ret != -ENOEXEC)
			return ret;
	}
	/* Each loader has logged why it refused. */
	pr_debug("no loader accepts the %lu byte kernel image\n", buf_len);
	return -ENOEXEC;
}

/**
 * kexec_image_load_default() - let the probed loader build the segments
 * @image: the image, with kernel, initrd and command line read in
 *
 * Return: the loader's private data, or an ERR_PTR().
 */
void *kexec_image_load_default(struct kimage *image)
{
	if (!image->fops || !image->fops->load)
		return ERR_PTR(-ENOEXEC);
	return image->fops->load(image, image->kernel_buf, image->kernel_buf_len,
				 image->initrd_buf, image->initrd_buf_len,
				 image->cmdline_buf, image->cmdline_buf_len);
}

/**
 * kexec_image_post_load_cleanup_default() - let the loader free its data
 * @image: the image
 *
 * Return: the loader's cleanup result, 0 when it has no cleanup.
 */
int kexec_image_post_load_cleanup_default(struct kimage *image)
{
	if (!image->fops || !image->fops->cleanup)
		return 0;
	return image->fops->cleanup(image->image_loader_data);
}

/* The initrd file goes back to its writers once its pages are loaded. */
static void close_initrd(struct kimage *image)
{
	if (!image->initrd_file)
		return;
	allow_write_access(image->initrd_file);
	fput(image->initrd_file);
	image->initrd_file = NULL;
	/* Only the initrd's segment reads from a file. */
	memset(image->segment_file, 0, sizeof(image->segment_file));
}

/**
 * kimage_file_post_load_cleanup() - free what is only needed while loading
 * @image: the image; safe to call more than once
 */
void kimage_file_post_load_cleanup(struct kimage *image)
{
	struct purgatory_info *pi = &image->purgatory_info;

	/* The file contents, as read by kernel_read_file() and memdup_user(). */
	vfree(image->kernel_buf);
	kfree(image->cmdline_buf);
	image->kernel_buf = NULL;
	image->cmdline_buf = NULL;
	close_initrd(image);
	/* A crash image's ELF core header, built by the arch loader. */
	vfree(image->elf_headers);
	image->elf_headers = NULL;
	/* The purgatory as laid out by kexec_elf_rel_layout(). */
	kvfree(pi->purgatory_buf);
	kvfree(pi->sechdrs);
	*pi = (struct purgatory_info){};
#ifdef CONFIG_IMA_KEXEC
	vfree(image->ima_buffer);
	image->ima_buffer = NULL;
#endif
	arch_kimage_file_post_load_cleanup(image);
	/* The loader's cleanup above has released what the data points to. */
	kfree(image->image_loader_data);
	image->image_loader_data = NULL;
}

#ifdef CONFIG_KEXEC_SIG
#ifdef CONFIG_SIGNED_PE_FILE_VERIFICATION
/**
 * kexec_kernel_verify_pe_sig() - check the PE signature of a kernel image
 * @kernel: the image
 * @kernel_len: its size
 *
 * Tries the secondary trusted keyring, then the platform keyring.
 *
 * Return: 0 when the signature is valid, -errno otherwise.
 */
int kexec_kernel_verify_pe_sig(const char *kernel, unsigned long kernel_len)
{
	int ret = verify_pefile_signature(kernel, kernel_len, VERIFY_USE_SECONDARY_KEYRING,
					  VERIFYING_KEXEC_PE_SIGNATURE);

	if (ret != -ENOKEY || !IS_ENABLED(CONFIG_INTEGRITY_PLATFORM_KEYRING))
		return ret;
	return verify_pefile_signature(kernel, kernel_len, VERIFY_USE_PLATFORM_KEYRING,
				       VERIFYING_KEXEC_PE_SIGNATURE);
}
#endif

/* The reason behind a kexec_sig_errno() result of verify_pefile_signature(). */
static const char *verify_reason(int sig_errno)
{
	switch (sig_errno) {
	case -ENODATA:
		return "no signature";
	case -ENOKEY:
		return "signed by a key no trusted keyring holds";
	case -EKEYREJECTED:
		return "signature does not match the image";
	case -ENOMEM:
		return "out of memory while verifying";
	default:
		return "signature cannot be parsed";
	}
}

/* 0 when the image's signature is valid and trusted, else why not. */
static int image_signature(const struct kimage *image, char *why, size_t why_len)
{
	const struct kexec_file_ops *fops = image->fops;
	struct kexec_range loaded[KEXEC_MAX_LOADED_RANGES];
	struct kexec_pe_sig pe;
	int nr, ret;

	if (!fops || !fops->verify_sig) {
		snprintf(why, why_len, "no signature check for this image format");
		return -ENODATA;
	}
	if (fops->loaded_ranges) {
		ret = kexec_pe_sig_parse(image->kernel_buf, image->kernel_buf_len, &pe,
					 why, why_len);
		if (ret)
			return ret;
	}
	ret = fops->verify_sig(image->kernel_buf, image->kernel_buf_len);
	if (ret) {
		snprintf(why, why_len, "%s (verifier: %d)",
			 verify_reason(kexec_sig_errno(ret)), ret);
		return kexec_sig_errno(ret);
	}
	if (!fops->loaded_ranges)
		return 0;
	nr = fops->loaded_ranges(image->kernel_buf, image->kernel_buf_len, loaded,
				 ARRAY_SIZE(loaded));
	if (nr < 0) {
		snprintf(why, why_len, "cannot tell which bytes the loader copies (%d)", nr);
		return -EBADMSG;
	}
	return kexec_pe_sig_covers(image->kernel_buf, &pe, loaded, nr, why, why_len);
}

/**
 * kexec_file_sig_enforcement() - must this load carry a valid signature?
 *
 * Ask only when the answer decides something: under lockdown the lockdown
 * LSM logs a line of its own each time it says no.
 *
 * Return: why a valid signature is required, " (signatures enforced)" or
 * " (lockdown)" (lockdown unless IMA appraises the image), or NULL.
 */
const char *kexec_file_sig_enforcement(void)
{
	if (sig_enforce)
		return " (signatures enforced)";
	if (!ima_appraise_signature(READING_KEXEC_IMAGE) &&
	    security_locked_down(LOCKDOWN_KEXEC))
		return " (lockdown)";
	return NULL;
}

/*
 * Without enforcement only a signature found wrong stops the load; with it
 * anything but a valid signature does. Each outcome other than success logs
 * one line.
 */
static int check_kernel_image_signature(struct kimage *image)
{
	char why[KEXEC_PE_WHY_LEN];
	const char *mode;
	int ret;

	ret = image_signature(image, why, sizeof(why));
	if (!ret)
		return 0;
	mode = kexec_file_sig_enforcement();
	if (!kexec_sig_refuses(ret, !!mode)) {
		pr_notice("loading an unverified kernel image: %s\n", why);
		return 0;
	}
	pr_err("kernel image refused%s: %s (%d)\n", mode ?: "", why, ret);
	return ret;
}
#else
static int check_kernel_image_signature(struct kimage *image)
{
	return 0;
}

const char *kexec_file_sig_enforcement(void)
{
	return NULL;
}
#endif

/* The kernel is parsed in memory: read it whole. */
static int read_kernel(struct kimage *image, int fd)
{
	ssize_t ret = kernel_read_file_from_fd(fd, 0, &image->kernel_buf, KEXEC_FILE_MAX_READ,
					       NULL, READING_KEXEC_IMAGE);

	if (ret < 0) {
		pr_err("cannot read kernel from fd %d (%zd)\n", fd, ret);
		return ret;
	}
	image->kernel_buf_len = ret;
	return 0;
}

static int read_cmdline(struct kimage *image, const struct kexec_file_args *args)
{
	char *cmdline;

	if (!args->cmdline_len)
		return 0;
	cmdline = memdup_user(args->cmdline, args->cmdline_len);
	if (IS_ERR(cmdline)) {
		pr_err("cannot copy the %lu byte command line (%ld)\n", args->cmdline_len,
		       PTR_ERR(cmdline));
		return PTR_ERR(cmdline);
	}
	image->cmdline_buf = cmdline;
	image->cmdline_buf_len = args->cmdline_len;
	if (cmdline[args->cmdline_len - 1] != '\0') {
		pr_err("command line of %lu bytes is not NUL terminated\n", args->cmdline_len);
		return -EINVAL;
	}
	ima_kexec_cmdline(args->kernel_fd, cmdline, args->cmdline_len - 1);
	return 0;
}

/*
 * The initrd is not read here but straight into its pages when its segment
 * is loaded (kimage_file_fill_page()), with no file-sized buffer between.
 * Until then no one may write to it. The checks are kernel_read_file()'s,
 * and the LSMs see a partial read: IMA then measures the file itself.
 */
static int check_initrd(struct file *file)
{
	loff_t size = i_size_read(file_inode(file));

	if (!S_ISREG(file_inode(file)->i_mode) || size <= 0)
		return -EINVAL;
	if (size > KEXEC_FILE_MAX_READ)
		return -EFBIG;
	return security_kernel_read_file(file, READING_KEXEC_INITRAMFS, false);
}

static int open_initrd(struct kimage *image, int fd)
{
	struct file *file = fget(fd);
	int ret = -EBADF;

	if (!file || !(file->f_mode & FMODE_READ))
		goto err_put;
	ret = deny_write_access(file);
	if (ret)
		goto err_put;
	ret = check_initrd(file);
	if (ret)
		goto err_allow_write;
	image->initrd_file = file;
	image->initrd_buf_len = i_size_read(file_inode(file));
	return 0;

err_allow_write:
	allow_write_access(file);
err_put:
	if (file)
		fput(file);
	pr_err("cannot read initrd from fd %d (%d)\n", fd, ret);
	return ret;
}

/* Read the inputs and have the image loader turn them into segments. */
static int prepare_segments(struct kimage *image, const struct kexec_file_args *args)
{
	void *ldata;
	int ret;

	ret = read_kernel(image, args->kernel_fd);
	if (ret)
		return ret;
	ret = arch_kexec_kernel_image_probe(image, image->kernel_buf, image->kernel_buf_len);
	if (ret)
		return ret;
	ret = check_kernel_image_signature(image);
	if (ret)
		return ret;
	if (!(args->flags & KEXEC_FILE_NO_INITRAMFS)) {
		ret = open_initrd(image, args->initrd_fd);
		if (ret)
			return ret;
	}
	ret = read_cmdline(image, args);
	if (ret)
		return ret;
	/* IMA hands its measurement list to the next kernel in a segment. */
	ima_add_kexec_buffer(image);
	ldata = arch_kexec_kernel_image_load(image);
	if (IS_ERR(ldata))
		return PTR_ERR(ldata);
	image->image_loader_data = ldata;
	return 0;
}

static int load_and_digest_segments(struct kimage *image);

/* KEXEC_FILE_DEBUG: what was loaded where, and where it will start. */
static void print_layout(const struct kimage *image, unsigned long flags)
{
	unsigned long i;

	kexec_dprintk(image, "load: %s image, flags 0x%lx, %lu segments, entry 0x%lx\n",
		      image->type == KEXEC_TYPE_CRASH ? "crash" : "default", flags,
		      image->nr_segments, image->start);
	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *seg = &image->segment[i];

		kexec_dprintk(image,
			      "segment %lu: mem 0x%lx-0x%lx (memsz 0x%zx) from %zu bytes%s\n",
			      i, seg->mem, seg->mem + seg->memsz - 1, seg->memsz, seg->bufsz,
			      image->segment_file[i] ? " read straight from the initrd file" : "");
		if (!image->segment_scratch[i])
			continue;
		kexec_dprintk(image, "segment %lu: scratch 0x%lx-0x%lx, reserved, not loaded\n",
			      i, seg->mem + seg->memsz,
			      seg->mem + seg->memsz + image->segment_scratch[i] - 1);
	}
}

/* kexec_replace_image()'s @create: read, place and load everything. */
static struct kimage *kimage_file_create(const void *data)
{
	const struct kexec_file_args *args = data;
	struct kimage *image __free(kimage) = do_kimage_alloc_init();
	int ret;

	if (!image)
		return ERR_PTR(-ENOMEM);
	image->file_mode = 1;
	image->dbg_print = !!(args->flags & KEXEC_FILE_DEBUG);
	if (args->flags & KEXEC_FILE_ON_CRASH) {
		if (!crashk_reserved(&crashk_res)) {
			pr_err("no crashkernel= region is reserved for a crash kernel\n");
			return ERR_PTR(-EADDRNOTAVAIL);
		}
		image->type = KEXEC_TYPE_CRASH;
	}
	ret = prepare_segments(image, args);
	if (ret)
		return ERR_PTR(ret);
	ret = kimage_build(image, load_and_digest_segments);
	if (ret)
		return ERR_PTR(ret);
	print_layout(image, args->flags);
	kimage_file_post_load_cleanup(image);
	return_ptr(image);
}

SYSCALL_DEFINE5(kexec_file_load, int, kernel_fd, int, initrd_fd,
		unsigned long, cmdline_len, const char __user *, cmdline_ptr,
		unsigned long, flags)
{
	const struct kexec_file_args args = {
		.kernel_fd = kernel_fd, .initrd_fd = initrd_fd,
		.cmdline = cmdline_ptr, .cmdline_len = cmdline_len, .flags = flags,
	};

	if (!capable(CAP_SYS_BOOT) || kexec_load_disabled)
		return -EPERM;
	if (flags & KEXEC_FILE_FORCE_DTB) {
		pr_err("flags 0x%lx: KEXEC_FILE_FORCE_DTB is not supported, no device tree is handed over\n",
		       flags);
		return -EINVAL;
	}
	if (flags & ~KEXEC_FILE_FLAGS) {
		pr_err("flags 0x%lx have undefined bits 0x%lx\n", flags, flags & ~KEXEC_FILE_FLAGS);
		return -EINVAL;
	}
	return kexec_replace_image(flags & KEXEC_FILE_ON_CRASH,
				   flags & KEXEC_FILE_UNLOAD ? NULL : kimage_file_create, &args);
}

/* ---- placement ---- */

static int add_ram_range(struct resource *res, void *arg)
{
	struct kexec_range r = { .start = res->start, .end = res->end + 1 };

	/* Hot-plugged memory a driver manages may vanish under the new kernel. */
	if ((res->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED) || res->end < res->start ||
	    res->end == U64_MAX)
		return 0;
	return kexec_range_set_add(arg, &r);
}

/**
 * kexec_collect_free_ram() - the memory a new segment of an image may use
 * @image: the image being loaded
 * @free: receives System RAM (the crashkernel region for a crash image)
 *	minus the segments placed so far; the caller frees it
 *
 * For loaders that choose an address with the pure placement code
 * (<linux/kexec_ranges.h>) before kexec_add_buffer().
 *
 * Return: 0 or -ENOMEM.
 */
int kexec_collect_free_ram(struct kimage *image, struct kexec_range_set *free)
{
	struct kexec_range_set ram __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct kexec_range dest[KEXEC_SEGMENT_MAX];
	int ret;

	if (image->type == KEXEC_TYPE_CRASH)
		ret = walk_iomem_res_desc(crashk_res.desc,
					  IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
					  crashk_res.start, crashk_res.end, &ram, add_ram_range);
	else
		ret = walk_system_ram_res(0, ULONG_MAX, &ram, add_ram_range);
	/* -EINVAL from the walk only says that no resource matched. */
	if (ret && ret != -EINVAL)
		return ret;
	return kexec_ranges_minus(ram.ranges, ram.nr, dest, kimage_segment_ranges(image, dest),
				  free);
}

/* Candidates tried before a buffer is placed without its pages claimed. */
#define KEXEC_CLAIM_TRIES	32

/*
 * Place a normal image's buffer where its first @claim_size bytes (what is
 * loaded; a scratch tail is not) can be claimed now (kimage_claim_range()),
 * so that they need no copy at exec: the holes kexec_find_hole() offers in
 * @free, each time without the pageblocks that kept the last candidate from
 * being claimed.
 *
 * Return: 0 with *@addr claimed, -EBUSY when no candidate was, or the error
 * of kexec_find_hole() (-EADDRNOTAVAIL: nothing fits any more).
 */
static int locate_claimed_hole(struct kimage *image, const struct kexec_range_set *free,
			       const struct kexec_hole_req *req, u64 claim_size, u64 *addr)
{
	struct kexec_range_set left __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct kexec_range obstacle;
	size_t i;
	int ret;

	for (i = 0; i < free->nr; i++) {
		ret = kexec_range_set_add(&left, &free->ranges[i]);
		if (ret)
			return ret;
	}
	for (i = 0; i < KEXEC_CLAIM_TRIES; i++) {
		ret = kexec_find_hole(&left, req, addr);
		if (ret)
			return ret;
		if (!kimage_claim_range(image, *addr, claim_size, &obstacle))
			return 0;
		ret = kexec_range_set_remove(&left, &obstacle);
		if (ret)
			return ret;
	}
	return -EBUSY;
}

/* The bytes of @kbuf's segment that are loaded: memsz less a scratch tail. */
static unsigned long kexec_buf_loaded_size(const struct kexec_buf *kbuf)
{
	return kbuf->scratch_tail ? PAGE_ALIGN(kbuf->bufsz) : kbuf->memsz;
}

/**
 * kexec_locate_mem_hole() - find free memory for a buffer
 * @kbuf: what to place; @kbuf->mem receives the address
 *
 * Does nothing when @kbuf->mem is already set (not KEXEC_BUF_MEM_UNKNOWN).
 * A normal image's buffer goes where its pages can be claimed at once if
 * such a hole is found in a few tries, so that they need no copy at exec;
 * otherwise where kexec_find_hole() puts it.
 *
 * Return: 0, -EADDRNOTAVAIL when nothing fits, -EINVAL for a malformed
 * request, -ENOMEM.
 */
int kexec_locate_mem_hole(struct kexec_buf *kbuf)
{
	struct kexec_range_set free __free(kexec_range_set) = KEXEC_RANGE_SET_INIT;
	struct kexec_hole_req req = {
		.size = kbuf->memsz, .align = kbuf->buf_align,
		.min = kbuf->buf_min, .max = kbuf->buf_max, .top_down = kbuf->top_down,
	};
	u64 addr;
	int ret;

	if (kbuf->mem != KEXEC_BUF_MEM_UNKNOWN)
		return 0;
	ret = kexec_collect_free_ram(kbuf->image, &free);
	if (ret)
		return ret;
	/* Memory placed and claimed now is not copied at exec. */
	if (kbuf->image->type != KEXEC_TYPE_CRASH &&
	    !locate_claimed_hole(kbuf->image, &free, &req, kexec_buf_loaded_size(kbuf), &addr)) {
		kbuf->mem = addr;
		return 0;
	}
	ret = kexec_find_hole(&free, &req, &addr);
	if (ret == -EADDRNOTAVAIL)
		pr_err("no room for 0x%lx bytes in [0x%lx, 0x%lx]%s\n",
		       kbuf->memsz, kbuf->buf_min, kbuf->buf_max,
		       kbuf->image->type == KEXEC_TYPE_CRASH ? " of the crashkernel region" : "");
	if (ret)
		return ret;
	kbuf->mem = addr;
	return 0;
}

/**
 * kexec_add_buffer() - place a buffer and add it to the image as a segment
 * @kbuf: contents and constraints; @kbuf->memsz is rounded up to pages and
 *	@kbuf->mem receives the address. With @kbuf->scratch_tail the segment
 *	loads only the pages @kbuf->bufsz spans, and the rest of @kbuf->memsz
 *	is recorded as its scratch tail.
 *
 * Must be called with the kexec lock held and before control pages are
 * allocated (their placement avoids the segments).
 *
 * Return: 0, -EINVAL for a bad request or a full segment table,
 * -EADDRNOTAVAIL when nothing fits, -ENOMEM.
 */
int kexec_add_buffer(struct kexec_buf *kbuf)
{
	struct kimage *image = kbuf->image;
	struct kexec_segment *seg;
	int ret;

	if (!image->file_mode || WARN_ON_ONCE(!list_empty(&image->control_pages)))
		return -EINVAL;
	if (image->nr_segments >= KEXEC_SEGMENT_MAX) {
		pr_err("more than %d segments\n", KEXEC_SEGMENT_MAX);
		return -EINVAL;
	}
	if (!kbuf->memsz || (kbuf->scratch_tail && !kbuf->bufsz) || kbuf->bufsz > kbuf->memsz ||
	    kbuf->memsz > ULONG_MAX - PAGE_SIZE) {
		pr_err("buffer of 0x%lx bytes does not fit memsz 0x%lx\n",
		       kbuf->bufsz, kbuf->memsz);
		return -EINVAL;
	}
	if (kbuf->file && (kbuf->buffer ||
			   i_size_read(file_inode(kbuf->file)) < (loff_t)kbuf->bufsz)) {
		pr_err("a buffer or a %lu byte file, not both, must hold the segment\n",
		       kbuf->bufsz);
		return -EINVAL;
	}
	kbuf->memsz = PAGE_ALIGN(kbuf->memsz);
	kbuf->buf_align = max(kbuf->buf_align, PAGE_SIZE);
	ret = arch_kexec_locate_mem_hole(kbuf);
	if (ret)
		return ret;
	seg = &image->segment[image->nr_segments++];
	seg->kbuf = kbuf->buffer;
	image->segment_file[image->nr_segments - 1] = kbuf->file;
	seg->bufsz = kbuf->bufsz;
	seg->mem = kbuf->mem;
	seg->memsz = kexec_buf_loaded_size(kbuf);
	image->segment_scratch[image->nr_segments - 1] = kbuf->memsz - seg->memsz;
	return 0;
}

/**
 * kexec_buf_set_initrd() - make a loader's initrd the contents of @kbuf
 * @kbuf: the buffer, its @image set
 * @initrd: the initrd the loader was given: NULL for the one passed by fd,
 *	which is read straight into its pages (kimage::initrd_file), or one
 *	in memory (a UKI's own)
 * @len: its size in bytes
 */
void kexec_buf_set_initrd(struct kexec_buf *kbuf, const char *initrd, unsigned long len)
{
	kbuf->buffer = (void *)initrd;
	kbuf->file = initrd ? NULL : kbuf->image->initrd_file;
	kbuf->bufsz = len;
}

#ifdef CONFIG_ARCH_HAS_KEXEC_PURGATORY

/* ---- purgatory ---- */

static struct kexec_elf_rel_image purgatory_img(const struct purgatory_info *pi)
{
	return (struct kexec_elf_rel_image){
		.sechdrs = (Elf64_Shdr *)pi->sechdrs, .buf = pi->purgatory_buf,
	};
}

#ifdef arch_kexec_elf_rel_apply
/* The loader resolves each relocation; the architecture applies it. */
static int relocate_purgatory(struct purgatory_info *pi, struct kexec_elf_rel_image *img)
{
	return kexec_elf_rel_relocate(&pi->obj, img, arch_kexec_elf_rel_apply);
}
#else
/* The architecture relocates whole sections: arch_kexec_apply_relocations*(). */
static int relocate_purgatory(struct purgatory_info *pi, struct kexec_elf_rel_image *img)
{
	unsigned int i;
	int ret;

	for (i = 0; i < pi->obj.shnum; i++) {
		Elf_Shdr *rs = &pi->sechdrs[i];
		Elf_Shdr *symtab = &pi->sechdrs[pi->obj.symtab_idx];
		Elf_Shdr *tgt;

		/* kexec_elf_rel_parse() checked sh_info of relocation sections. */
		if (rs->sh_type != SHT_RELA && rs->sh_type != SHT_REL)
			continue;
		tgt = &pi->sechdrs[rs->sh_info];
		if (!(tgt->sh_flags & SHF_ALLOC))
			continue;
		if (rs->sh_type == SHT_RELA)
			ret = arch_kexec_apply_relocations_add(pi, tgt, rs, symtab);
		else
			ret = arch_kexec_apply_relocations(pi, tgt, rs, symtab);
		if (ret)
			return ret;
	}
	return 0;
}
#endif

static int add_purgatory_segment(struct kexec_buf *kbuf, struct kexec_elf_rel_image *img)
{
	kbuf->buffer = img->buf;
	kbuf->bufsz = img->bufsz;
	kbuf->memsz = img->memsz;
	kbuf->buf_align = img->align;
	kbuf->mem = KEXEC_BUF_MEM_UNKNOWN;
	return kexec_add_buffer(kbuf);
}

/**
 * kexec_load_purgatory() - place and relocate the purgatory
 * @image: the image being loaded
 * @kbuf: placement constraints (@buf_min, @buf_max, @top_down); on success
 *	@kbuf->mem is the purgatory's load address
 *
 * Parses the built-in purgatory once; the view stays in
 * @image->purgatory_info for the symbol accessors below. Sets @image->start
 * to the purgatory entry point and fills @image->purgatory_info, which
 * kimage_file_post_load_cleanup() releases.
 *
 * Return: 0, -ENOEXEC for a malformed purgatory, -EADDRNOTAVAIL, -ENOMEM.
 */
int kexec_load_purgatory(struct kimage *image, struct kexec_buf *kbuf)
{
	struct purgatory_info *pi = &image->purgatory_info;
	struct kexec_elf_rel_image img;
	int ret;

	BUILD_BUG_ON(sizeof(Elf_Shdr) != sizeof(Elf64_Shdr));
	ret = kexec_elf_rel_parse(kexec_purgatory, kexec_purgatory_size, ELF_ARCH, &pi->obj);
	if (ret)
		return ret;
	ret = kexec_elf_rel_layout(&pi->obj, &img);
	if (ret)
		goto err_forget_obj;
	ret = add_purgatory_segment(kbuf, &img);
	if (ret)
		goto err_free_img;
	ret = kexec_elf_rel_place(&pi->obj, &img, kbuf->mem);
	if (ret)
		goto err_drop_segment;
	pi->ehdr = pi->obj.ehdr;
	pi->sechdrs = (Elf_Shdr *)img.sechdrs;
	pi->purgatory_buf = img.buf;
	ret = relocate_purgatory(pi, &img);
	if (ret)
		goto err_forget_pi;
	image->start = img.entry;
	return 0;

err_forget_pi:
	pi->ehdr = NULL;
	pi->sechdrs = NULL;
	pi->purgatory_buf = NULL;
err_drop_segment:
	image->nr_segments--;
err_free_img:
	kexec_elf_rel_image_free(&img);
err_forget_obj:
	pi->obj = (struct kexec_elf_rel_obj){};
	return ret;
}

/**
 * kexec_purgatory_get_symbol_addr() - load address of a purgatory symbol
 * @image: an image whose purgatory is loaded
 * @name: global symbol
 *
 * Return: the address, or ERR_PTR(-EINVAL).
 */
void *kexec_purgatory_get_symbol_addr(struct kimage *image, const char *name)
{
	struct purgatory_info *pi = &image->purgatory_info;
	struct kexec_elf_rel_image img = purgatory_img(pi);
	u64 addr;

	if (!pi->sechdrs || kexec_elf_rel_symbol_addr(&pi->obj, &img, name, &addr))
		return ERR_PTR(-EINVAL);
	return (void *)(unsigned long)addr;
}

/**
 * kexec_purgatory_get_set_symbol() - read or write a purgatory variable
 * @image: an image whose purgatory is loaded
 * @name: global symbol, in a section with contents
 * @buf: source or destination
 * @size: bytes; must equal the symbol's size
 * @get_value: true to read the symbol into @buf, false to write @buf to it
 *
 * Return: 0, or -EINVAL when there is no such symbol of that size.
 */
int kexec_purgatory_get_set_symbol(struct kimage *image, const char *name,
				   void *buf, unsigned int size, bool get_value)
{
	struct purgatory_info *pi = &image->purgatory_info;
	struct kexec_elf_rel_image img = purgatory_img(pi);
	void *sym;

	if (!pi->purgatory_buf)
		return -EINVAL;
	sym = kexec_elf_rel_symbol_ptr(&pi->obj, &img, name, size);
	if (!sym)
		return -EINVAL;
	if (get_value)
		memcpy(buf, sym, size);
	else
		memcpy(sym, buf, size);
	return 0;
}

/* ---- digest ---- */

/*
 * The purgatory verifies every segment but its own, which holds the digest:
 * each page is hashed as it is loaded (kimage_file_fill_page()), so the
 * data passes through the cache once, with nothing hashed beforehand.
 * load_and_digest_segments() sets @digest only while it loads the others.
 */
static int digest_page(struct kimage *image, const void *page)
{
	struct shash_desc *digest = image->purgatory_info.digest;

	return digest ? crypto_shash_update(digest, page, PAGE_SIZE) : 0;
}

/*
 * The crypto API's "sha256": the fastest the CPU offers (SHA-NI, AVX2,
 * SSSE3 where those drivers are loaded), as 6.1 hashes at load, rather
 * than the generic C of lib/crypto.
 */
static struct shash_desc *digest_alloc(void)
{
	struct crypto_shash *tfm = crypto_alloc_shash("sha256", 0, 0);
	struct shash_desc *desc;

	if (IS_ERR(tfm)) {
		pr_err("no sha256 for the segment digest (%ld)\n", PTR_ERR(tfm));
		return ERR_CAST(tfm);
	}
	desc = kzalloc(sizeof(*desc) + crypto_shash_descsize(tfm), GFP_KERNEL);
	if (!desc) {
		crypto_free_shash(tfm);
		return ERR_PTR(-ENOMEM);
	}
	desc->tfm = tfm;
	return desc;
}

static void digest_free(struct shash_desc *desc)
{
	crypto_free_shash(desc->tfm);
	kfree(desc);
}

/*
 * The purgatory recomputes SHA-256 over purgatory_sha_regions and compares
 * it with purgatory_sha256_digest before it starts the new kernel: the
 * segments in the order load_and_digest_segments() hashed them.
 */
static int store_segment_digests(struct kimage *image, struct shash_desc *desc)
{
	struct kexec_sha_region regions[KEXEC_SEGMENT_MAX] = {};
	const void *purgatory = image->purgatory_info.purgatory_buf;
	u8 digest[SHA256_DIGEST_SIZE];
	unsigned long i, n = 0;
	int ret;

	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *seg = &image->segment[i];

		if (seg->kbuf == purgatory)
			continue;
		regions[n].start = seg->mem;
		regions[n++].len = seg->memsz;
	}
	ret = crypto_shash_final(desc, digest);
	if (ret)
		return ret;
	ret = kexec_purgatory_get_set_symbol(image, "purgatory_sha_regions",
					     regions, sizeof(regions), false);
	if (ret)
		return ret;
	return kexec_purgatory_get_set_symbol(image, "purgatory_sha256_digest",
					      digest, sizeof(digest), false);
}

/* Every segment but the purgatory's, each page hashed into @desc as loaded. */
static int load_hashed_segments(struct kimage *image, struct shash_desc *desc,
				struct kexec_segment **own)
{
	struct purgatory_info *pi = &image->purgatory_info;
	unsigned long i;
	int ret;

	ret = crypto_shash_init(desc);
	pi->digest = desc;
	for (i = 0; i < image->nr_segments && !ret; i++) {
		if (image->segment[i].kbuf == pi->purgatory_buf)
			*own = &image->segment[i];
		else
			ret = kimage_load_segment(image, &image->segment[i]);
	}
	pi->digest = NULL;
	return ret;
}

/*
 * kimage_build()'s @load: every segment but the purgatory's, hashed while
 * loaded; then the digest goes into the purgatory, and its segment last.
 */
static int load_and_digest_segments(struct kimage *image)
{
	struct kexec_segment *own = NULL;
	struct shash_desc *desc;
	int ret;

	if (!image->purgatory_info.purgatory_buf)
		return kimage_load_segments(image);
	desc = digest_alloc();
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	ret = load_hashed_segments(image, desc, &own);
	if (!ret)
		ret = store_segment_digests(image, desc);
	digest_free(desc);
	if (!ret && own)
		ret = kimage_load_segment(image, own);
	if (!ret)
		kimage_terminate(image);
	return ret;
}

#else /* !CONFIG_ARCH_HAS_KEXEC_PURGATORY */

static int digest_page(struct kimage *image, const void *page)
{
	return 0;
}

static int load_and_digest_segments(struct kimage *image)
{
	return kimage_load_segments(image);
}

#endif /* CONFIG_ARCH_HAS_KEXEC_PURGATORY */

/* ---- loading the pages ---- */

/* @len bytes of @file at @pos into @dst; the file cannot have shrunk. */
static int read_file_range(struct file *file, loff_t pos, void *dst, size_t len)
{
	while (len) {
		ssize_t got = kernel_read(file, dst, len, &pos);

		if (got < 0)
			return got;
		if (!got)
			return -EIO;
		dst += got;
		len -= got;
	}
	return 0;
}

/**
 * kimage_file_fill_page() - fill one page of a kexec_file_load segment
 * @image: the image being loaded
 * @seg: one of its segments
 * @off: the page's offset in @seg
 * @dst: the page, mapped
 *
 * From the segment's buffer or straight from its file, zeroed past bufsz,
 * and hashed for the purgatory.
 *
 * Return: 0, the file read's error (-EIO when the file came up short), or
 * the hash's.
 */
int kimage_file_fill_page(struct kimage *image, const struct kexec_segment *seg, size_t off,
			  void *dst)
{
	struct file *file = image->segment_file[seg - image->segment];
	size_t n = kimage_page_data_bytes(seg, off);
	int ret;

	if (file) {
		ret = read_file_range(file, off, dst, n);
		if (ret)
			return ret;
	} else {
		memcpy(dst, seg->kbuf + off, n);
	}
	memset(dst + n, 0, PAGE_SIZE - n);
	return digest_page(image, dst);
}

/* ---- crash dump ELF headers ---- */

/*
 * The header itself is built by kexec_elfcore_build() (kexec_elfcore.c);
 * here the running kernel's addresses are gathered into its layout.
 */

/* One note per possible CPU, in CPU order; kvfree() the array. */
static struct kexec_elfcore_note *crash_cpu_notes(unsigned int *nr)
{
	struct kexec_elfcore_note *notes;
	unsigned int cpu, i = 0;

	notes = kvcalloc(num_possible_cpus(), sizeof(*notes), GFP_KERNEL);
	if (!notes)
		return NULL;
	for_each_possible_cpu(cpu) {
		notes[i].paddr = per_cpu_ptr_to_phys(per_cpu_ptr(crash_notes, cpu));
		notes[i++].size = sizeof(note_buf_t);
	}
	*nr = i;
	return notes;
}

/* @mem's inclusive ranges as half-open ones; kvfree() the array. */
static struct kexec_range *crash_mem_to_ranges(const struct crash_mem *mem)
{
	struct kexec_range *r;
	unsigned int i;

	r = kvcalloc(max(mem->nr_ranges, 1U), sizeof(*r), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < mem->nr_ranges; i++) {
		/* [start, U64_MAX] has no half-open form. */
		if (mem->ranges[i].end == U64_MAX) {
			pr_err("crash memory range %u ends at the top of the address space\n", i);
			kvfree(r);
			return ERR_PTR(-EINVAL);
		}
		r[i].start = mem->ranges[i].start;
		r[i].end = mem->ranges[i].end + 1;
	}
	return r;
}

/*
 * The direct map's virtual address of physical 0, modulo 2^64. __va() is
 * linear over RAM, but on arm64 it is only defined at or above PHYS_OFFSET,
 * so take the offset at a real RAM address rather than at 0 (on x86_64 this
 * is PAGE_OFFSET).
 */
static u64 crash_direct_map_base(const struct kexec_range *dump, size_t nr_dump)
{
	u64 pa = nr_dump ? dump[0].start : 0;

	return (u64)(unsigned long)__va(pa) - pa;
}

/* A vmalloc()ed header for @layout in *@addr, its size in *@sz. */
static int elfcorehdr_alloc_build(const struct kexec_elfcore_layout *layout, void **addr,
				  unsigned long *sz)
{
	size_t size;
	void *buf;
	int ret;

	ret = kexec_elfcore_size(layout, &size);
	if (ret)
		return ret;
	buf = vzalloc(size);
	if (!buf)
		return -ENOMEM;
	ret = kexec_elfcore_build(layout, buf, size);
	if (ret) {
		vfree(buf);
		return ret;
	}
	*addr = buf;
	*sz = size;
	return 0;
}

/**
 * kexec_crash_elfcorehdr() - build this kernel's ELF core header for a dump
 * @dump: the memory to dump, half-open ranges, sorted and not overlapping
 * @nr_dump: number of @dump ranges
 * @need_kernel_map: add a PT_LOAD for the kernel text mapping
 * @addr: receives the vmalloc()ed header
 * @sz: receives its size, a multiple of ELF_CORE_HEADER_ALIGN
 *
 * One PT_NOTE per possible CPU (its crash notes), one for vmcoreinfo, then
 * the kernel map if asked and one PT_LOAD per range: the layout
 * kexec_elfcore_build() writes, filled in with this kernel's addresses.
 *
 * Return: 0, -ENOMEM, or -EINVAL/-E2BIG (one line logged) for ranges the
 * header cannot describe.
 */
int kexec_crash_elfcorehdr(const struct kexec_range *dump, size_t nr_dump,
			   bool need_kernel_map, void **addr, unsigned long *sz)
{
	struct kexec_elfcore_layout layout = {
		.machine = ELF_ARCH,
		.osabi = ELF_OSABI,
		.vmcoreinfo = { .paddr = paddr_vmcoreinfo_note(), .size = VMCOREINFO_NOTE_SIZE },
		.dump = dump,
		.nr_dump = nr_dump,
		.direct_map_base = crash_direct_map_base(dump, nr_dump),
		.align = ELF_CORE_HEADER_ALIGN,
	};
	struct kexec_elfcore_note *notes;
	int ret;

	if (need_kernel_map) {
		layout.kernel_map.paddr = __pa_symbol(_text);
		layout.kernel_map.size = _end - _text;
		layout.kernel_vaddr = (unsigned long)_text;
	}
	notes = crash_cpu_notes(&layout.nr_cpu_notes);
	if (!notes)
		return -ENOMEM;
	layout.cpu_notes = notes;
	ret = elfcorehdr_alloc_build(&layout, addr, sz);
	kvfree(notes);
	return ret;
}

/**
 * crash_prepare_elf64_headers() - build the ELF core header for /proc/vmcore
 * @mem: the memory ranges to dump, each [start, end] inclusive; sorted and
 *	not overlapping (see kexec_elfcore_build())
 * @need_kernel_map: add a PT_LOAD for the kernel text mapping
 * @addr: receives the vmalloc()ed headers
 * @sz: receives their size, a multiple of ELF_CORE_HEADER_ALIGN
 *
 * The interface other architectures' kexec_file code calls: kexec_crash_elfcorehdr()
 * on @mem's ranges.
 *
 * Return: 0, -ENOMEM, or -EINVAL/-E2BIG (one line logged) for a list of
 * ranges the header cannot describe: out of order, overlapping, empty,
 * ending at U64_MAX, or more than e_phnum can count.
 */
int crash_prepare_elf64_headers(struct crash_mem *mem, int need_kernel_map,
				void **addr, unsigned long *sz)
{
	struct kexec_range *dump = crash_mem_to_ranges(mem);
	int ret;

	if (IS_ERR(dump))
		return PTR_ERR(dump);
	ret = kexec_crash_elfcorehdr(dump, mem->nr_ranges, need_kernel_map, addr, sz);
	kvfree(dump);
	return ret;
}
