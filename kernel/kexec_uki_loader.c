// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file_load(2) of a Unified Kernel Image: the signature is checked on
 * the UKI as given (kexec_file.c, with this format's verify_sig and
 * loaded_ranges), then the kernel in its ".linux" section is loaded by the
 * architecture's own loader, with these rules (Documentation/core-api/kexec.rst):
 *
 * - initrd: the one passed by fd wins; with KEXEC_FILE_NO_INITRAMFS the
 *   UKI's ".initrd" is used.
 * - command line: an empty one is replaced by the UKI's ".cmdline". When
 *   a signature is required (sig_enforce, lockdown) a command line that
 *   differs from the signed ".cmdline" is refused, as systemd-stub ignores
 *   the boot loader's under Secure Boot; otherwise the given one wins.
 * - ".dtb" is not used: arm64 hands over the running kernel's device tree.
 */

#define pr_fmt(fmt) "kexec_file: " fmt

#include <linux/err.h>
#include <linux/kexec.h>
#include <linux/kexec_pe.h>
#include <linux/kexec_ranges.h>
#include <linux/kexec_uki.h>
#include <linux/slab.h>
#include <linux/string.h>

/**
 * struct uki_loader_data - what a UKI load keeps until cleanup
 * @inner: the architecture's format of the ".linux" kernel
 * @inner_data: its loader data
 * @cmdline: the command line the kernel was given, when it came from the UKI
 */
struct uki_loader_data {
	const struct kexec_file_ops *inner;
	void *inner_data;
	char *cmdline;
};

static int uki_parse_logged(const char *buf, unsigned long len, struct kexec_uki *uki)
{
	char why[KEXEC_PE_WHY_LEN];
	int ret = kexec_uki_parse(buf, len, uki, why, sizeof(why));

	/* -ENOEXEC: not a UKI, and the next format speaks for itself. */
	if (ret && ret != -ENOEXEC)
		pr_err("%s (%d)\n", why, ret);
	return ret;
}

static int uki_probe(const char *buf, unsigned long len)
{
	struct kexec_uki uki;

	return uki_parse_logged(buf, len, &uki);
}

/* The format of the embedded kernel: any of the architecture's but a UKI. */
static const struct kexec_file_ops *uki_inner_format(const char *kernel, unsigned long len)
{
	const struct kexec_file_ops * const *ops;

	for (ops = kexec_file_loaders; *ops; ops++) {
		if (*ops == &kexec_uki_ops || !(*ops)->probe)
			continue;
		if (!(*ops)->probe(kernel, len))
			return *ops;
	}
	pr_err("UKI refused: its %lu byte .linux is no kernel this architecture loads\n", len);
	return ERR_PTR(-ENOEXEC);
}

/* A command line's text without its NUL and trailing white space. */
static size_t cmdline_text_len(const char *cmdline, unsigned long len)
{
	size_t n = len ? strnlen(cmdline, len) : 0;

	while (n && strchr(" \t\r\n", cmdline[n - 1]))
		n--;
	return n;
}

/*
 * The command line to boot with: @given, or the UKI's when @given is empty
 * (then *@owned holds it, for cleanup). Under enforcement @given must say
 * what the signed ".cmdline" says.
 */
static int uki_choose_cmdline(const char *buf, const struct kexec_uki *uki,
			      char **cmdline, unsigned long *cmdline_len, char **owned)
{
	size_t given = cmdline_text_len(*cmdline, *cmdline_len), embedded_len;
	const char *mode;
	char *embedded;

	if (!uki->part[KEXEC_UKI_CMDLINE].size)
		return 0;
	embedded = kmalloc(uki->part[KEXEC_UKI_CMDLINE].size + 1, GFP_KERNEL);
	if (!embedded)
		return -ENOMEM;
	embedded_len = kexec_uki_cmdline(buf, uki, embedded, uki->part[KEXEC_UKI_CMDLINE].size + 1);
	if (!given) {
		*owned = embedded;
		*cmdline = embedded;
		*cmdline_len = embedded_len + 1;
		return 0;
	}
	if (given == embedded_len && !memcmp(*cmdline, embedded, given)) {
		kfree(embedded);
		return 0;
	}
	kfree(embedded);
	mode = kexec_file_sig_enforcement();
	if (!mode)
		return 0;
	pr_err("UKI refused%s: the command line differs from its signed .cmdline\n", mode);
	return -EPERM;
}

static void *uki_load(struct kimage *image, char *kernel, unsigned long kernel_len,
		      char *initrd, unsigned long initrd_len, char *cmdline,
		      unsigned long cmdline_len)
{
	struct uki_loader_data *data;
	struct kexec_uki uki;
	char *linux_buf;
	int ret;

	ret = uki_parse_logged(kernel, kernel_len, &uki);
	if (ret)
		return ERR_PTR(ret);
	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return ERR_PTR(-ENOMEM);
	linux_buf = kernel + uki.part[KEXEC_UKI_LINUX].at;
	data->inner = uki_inner_format(linux_buf, uki.part[KEXEC_UKI_LINUX].size);
	if (IS_ERR(data->inner)) {
		ret = PTR_ERR(data->inner);
		goto err_free_data;
	}
	ret = uki_choose_cmdline(kernel, &uki, &cmdline, &cmdline_len, &data->cmdline);
	if (ret)
		goto err_free_data;
	if (!initrd_len && uki.part[KEXEC_UKI_INITRD].size) {
		initrd = kernel + uki.part[KEXEC_UKI_INITRD].at;
		initrd_len = uki.part[KEXEC_UKI_INITRD].size;
	}
	kexec_dprintk(image, "UKI: .linux %u bytes, initrd %lu bytes from %s, cmdline from %s\n",
		      uki.part[KEXEC_UKI_LINUX].size, initrd_len,
		      image->initrd_file ? "the fd" : "the UKI",
		      data->cmdline ? "the UKI" : "the caller");
	data->inner_data = data->inner->load(image, linux_buf, uki.part[KEXEC_UKI_LINUX].size,
					     initrd, initrd_len, cmdline, cmdline_len);
	if (IS_ERR(data->inner_data)) {
		ret = PTR_ERR(data->inner_data);
		goto err_free_cmdline;
	}
	return data;

err_free_cmdline:
	kfree(data->cmdline);
err_free_data:
	kfree(data);
	return ERR_PTR(ret);
}

/*
 * As for every format, kexec_file frees @loader_data itself after this; the
 * inner format's data is this format's to free, after its own cleanup.
 */
static int uki_cleanup(void *loader_data)
{
	struct uki_loader_data *data = loader_data;
	int ret = 0;

	if (!data)
		return 0;
	if (data->inner->cleanup)
		ret = data->inner->cleanup(data->inner_data);
	kfree(data->inner_data);
	data->inner_data = NULL;
	kfree(data->cmdline);
	data->cmdline = NULL;
	return ret;
}

#if defined(CONFIG_KEXEC_SIG) && defined(CONFIG_SIGNED_PE_FILE_VERIFICATION)
/* What the load takes from the file: the sections it uses, all signed. */
static int uki_loaded_ranges(const char *buf, unsigned long len,
			     struct kexec_range *ranges, unsigned int max)
{
	static const enum kexec_uki_part used[] = {
		KEXEC_UKI_LINUX, KEXEC_UKI_INITRD, KEXEC_UKI_CMDLINE,
	};
	struct kexec_uki uki;
	unsigned int i, nr = 0;
	int ret;

	ret = uki_parse_logged(buf, len, &uki);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(used); i++) {
		const struct kexec_uki_blob *blob = &uki.part[used[i]];

		if (!blob->size)
			continue;
		if (nr == max)
			return -E2BIG;
		ranges[nr++] = (struct kexec_range){ blob->at, (u64)blob->at + blob->size };
	}
	return nr;
}
#endif

const struct kexec_file_ops kexec_uki_ops = {
	.probe = uki_probe,
	.load = uki_load,
	.cleanup = uki_cleanup,
#if defined(CONFIG_KEXEC_SIG) && defined(CONFIG_SIGNED_PE_FILE_VERIFICATION)
	.verify_sig = kexec_kernel_verify_pe_sig,
	.loaded_ranges = uki_loaded_ranges,
#endif
};
