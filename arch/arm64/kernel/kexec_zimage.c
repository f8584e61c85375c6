// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file loaders for compressed arm64 kernels: an EFI zboot image
 * (vmlinuz.efi, CONFIG_EFI_ZBOOT) and a gzip compressed Image (Image.gz).
 * kexec_zimage_layout.c finds the compressed stream and its declared size;
 * this file decompresses it with the kernel's own zlib and zstd into a
 * buffer of exactly that size and hands the result to the Image loader.
 *
 * A zboot image is a signed PE file: its signature is checked as the file
 * was given, before anything is decompressed, and must cover the zboot
 * header and the whole payload (zboot_loaded_ranges()). A bare gzip file
 * carries no signature, so under enforcement kexec_file refuses it.
 *
 * The decompressed Image lives until the segments are copied: the load
 * returns it as the loader data, kimage_file_post_load_cleanup() frees it
 * through zimage_cleanup(). A load that fails frees it itself, as the
 * loader data is then never set.
 */

#define pr_fmt(fmt) "kexec_zimage: " fmt

#include <linux/crc32.h>
#include <linux/kexec.h>
#include <linux/kexec_ranges.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/zlib.h>
#include <linux/zstd.h>

#include "kexec_zimage_layout.h"

/* The loader data: the decompressed Image the kernel segment points into. */
struct zimage_data {
	void *image;
};

/* Raw deflate into @out; 0 when it ends exactly at @z->out_size bytes, CRC intact. */
static int inflate_gzip(const struct arm64_zimage *z, const u8 *in, u8 *out)
{
	struct z_stream_s s = {
		.next_in = in + z->stream_offset, .avail_in = z->stream_size,
		.next_out = out, .avail_out = z->out_size,
	};
	u32 crc;
	int zret;

	s.workspace = vmalloc(zlib_inflate_workspacesize());
	if (!s.workspace)
		return -ENOMEM;
	zret = zlib_inflateInit2(&s, -MAX_WBITS);
	if (zret == Z_OK)
		zret = zlib_inflate(&s, Z_FINISH);
	zlib_inflateEnd(&s);
	vfree(s.workspace);
	if (zret != Z_STREAM_END && !s.avail_out) {
		pr_err("gzip stream gives more than its declared 0x%llx bytes: decompression bomb\n",
		       z->out_size);
		return -EFBIG;
	}
	if (zret != Z_STREAM_END || s.avail_in || s.total_out != z->out_size) {
		pr_err("gzip stream truncated or corrupt: %lu of 0x%llx bytes out, %lu bytes left over (zlib %d)\n",
		       s.total_out, z->out_size, s.avail_in, zret);
		return -ENOEXEC;
	}
	crc = crc32_le(~0U, out, z->out_size) ^ ~0U;
	if (crc != z->crc32) {
		pr_err("gzip CRC-32 0x%08x of the output is not the declared 0x%08x\n",
		       crc, z->crc32);
		return -ENOEXEC;
	}
	return 0;
}

/* zstd frames into @out; 0 when they give exactly @z->out_size bytes. */
static int inflate_zstd(const struct arm64_zimage *z, const u8 *in, u8 *out)
{
	size_t wsize = zstd_dctx_workspace_bound(), n;
	void *ws = vmalloc(wsize);
	zstd_dctx *dctx = ws ? zstd_init_dctx(ws, wsize) : NULL;

	if (!dctx) {
		vfree(ws);
		return -ENOMEM;
	}
	n = zstd_decompress_dctx(dctx, out, z->out_size, in + z->stream_offset, z->stream_size);
	vfree(ws);
	if (zstd_is_error(n) && zstd_get_error_code(n) == ZSTD_error_dstSize_tooSmall) {
		pr_err("zstd stream gives more than its declared 0x%llx bytes: decompression bomb\n",
		       z->out_size);
		return -EFBIG;
	}
	if (zstd_is_error(n) || n != z->out_size) {
		pr_err("zstd stream truncated or corrupt: %s, 0x%llx bytes declared\n",
		       zstd_is_error(n) ? zstd_get_error_name(n) : "short output", z->out_size);
		return -ENOEXEC;
	}
	return 0;
}

/* The file parsed and decompressed into a new buffer of *@out_len bytes, or an ERR_PTR(). */
static void *decompress(const char *buf, unsigned long len, bool zboot, size_t *out_len)
{
	struct arm64_zimage z;
	void *out;
	int ret;

	ret = zboot ? arm64_zboot_parse(buf, len, &z) : arm64_gzip_parse(buf, len, &z);
	if (ret)
		return ERR_PTR(ret);
	ret = arm64_zimage_check_out_size(&z, ARM64_ZIMAGE_MAX_OUT);
	if (ret)
		return ERR_PTR(ret);
	/* Up to 256 MiB asked for by user space: fail quietly, then say why once. */
	out = __vmalloc(z.out_size, GFP_KERNEL | __GFP_NOWARN);
	if (!out) {
		pr_err("no memory for the 0x%llx byte decompressed Image\n", z.out_size);
		return ERR_PTR(-ENOMEM);
	}
	if (z.comp == ARM64_ZIMAGE_ZSTD)
		ret = inflate_zstd(&z, buf, out);
	else
		ret = inflate_gzip(&z, buf, out);
	if (ret) {
		vfree(out);
		return ERR_PTR(ret);
	}
	*out_len = z.out_size;
	return out;
}

static void *zimage_load(struct kimage *image, bool zboot, char *kernel, unsigned long kernel_len,
			 char *initrd, unsigned long initrd_len, char *cmdline,
			 unsigned long cmdline_len)
{
	struct zimage_data *data;
	void *ret;
	size_t len;

	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return ERR_PTR(-ENOMEM);
	data->image = decompress(kernel, kernel_len, zboot, &len);
	if (IS_ERR(data->image)) {
		ret = data->image;
		goto err_free_data;
	}
	pr_debug("%s: 0x%lx bytes decompressed to 0x%zx\n", zboot ? "zboot" : "gzip",
		 kernel_len, len);
	/* The Image loader keeps no data of its own: it returns NULL or an error. */
	ret = kexec_image_ops.load(image, data->image, len, initrd, initrd_len, cmdline,
				   cmdline_len);
	if (IS_ERR(ret))
		goto err_free_image;
	return data;

err_free_image:
	vfree(data->image);
err_free_data:
	kfree(data);
	return ret;
}

/* NULL when the load failed: it has freed its buffer and kexec_file has no data. */
static int zimage_cleanup(void *loader_data)
{
	struct zimage_data *data = loader_data;

	if (!data)
		return 0;
	vfree(data->image);
	data->image = NULL;
	return 0;
}

/*
 * The probes only look at the magic: a file that has it is refused, if
 * malformed, by the load with one line, instead of by every loader in turn.
 */
static int zboot_probe(const char *buf, unsigned long len)
{
	return arm64_zboot_probe(buf, len) ? 0 : -ENOEXEC;
}

static int gzip_probe(const char *buf, unsigned long len)
{
	return arm64_gzip_probe(buf, len) ? 0 : -ENOEXEC;
}

static void *zboot_load(struct kimage *image, char *kernel, unsigned long kernel_len,
			char *initrd, unsigned long initrd_len, char *cmdline,
			unsigned long cmdline_len)
{
	return zimage_load(image, true, kernel, kernel_len, initrd, initrd_len, cmdline,
			   cmdline_len);
}

static void *gzip_load(struct kimage *image, char *kernel, unsigned long kernel_len,
		       char *initrd, unsigned long initrd_len, char *cmdline,
		       unsigned long cmdline_len)
{
	return zimage_load(image, false, kernel, kernel_len, initrd, initrd_len, cmdline,
			   cmdline_len);
}

#ifdef CONFIG_KEXEC_IMAGE_VERIFY_SIG
/*
 * What the loaded kernel is made from, which the signature must cover: the
 * zboot header (it says where the payload is and how it is compressed) and
 * the payload with its gzip header and trailer or its appended size.
 */
static int zboot_loaded_ranges(const char *buf, unsigned long len, struct kexec_range *ranges,
			       unsigned int max)
{
	struct arm64_zimage z;
	int ret;

	if (max < 2)
		return -E2BIG;
	ret = arm64_zboot_parse(buf, len, &z);
	if (ret)
		return ret;
	ranges[0] = (struct kexec_range){ 0, sizeof(struct arm64_zboot_header) };
	ranges[1] = (struct kexec_range){ z.payload_offset, z.payload_end };
	return 2;
}
#endif

const struct kexec_file_ops kexec_zboot_ops = {
	.probe = zboot_probe,
	.load = zboot_load,
	.cleanup = zimage_cleanup,
#ifdef CONFIG_KEXEC_IMAGE_VERIFY_SIG
	.verify_sig = kexec_kernel_verify_pe_sig,
	.loaded_ranges = zboot_loaded_ranges,
#endif
};

const struct kexec_file_ops kexec_gzip_ops = {
	.probe = gzip_probe,
	.load = gzip_load,
	.cleanup = zimage_cleanup,
};
