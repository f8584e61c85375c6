// SPDX-License-Identifier: GPL-2.0
/*
 * Unpacking a bzImage at load time. A bzImage is a small decompressor with
 * the kernel inside, compressed; booted, it decompresses the kernel, lays
 * out its ELF segments, relocates it to a random virtual address (KASLR)
 * and jumps to it (arch/x86/boot/compressed). Done by kexec, that work
 * falls in the downtime, between the reboot call and the new kernel's first
 * line. Here it is done when the image is loaded instead: the payload is
 * decompressed with the kernel's own decompressors (xz, gzip, zstd), laid
 * out and relocated by kexec_bzimage64_vmlinux.c, and the result becomes
 * the kernel segment, entered at startup_64 the way the decompressor hands
 * over: 64-bit mode, paging on with the kernel identity mapped, boot_params
 * in %rsi.
 *
 * Payloads compressed otherwise (bzip2, lzma, lzo, lz4) are not unpacked:
 * the caller loads the bzImage as it is, and it decompresses itself.
 */

#define pr_fmt(fmt) "x86/kexec: " fmt

#include <linux/crc32.h>
#include <linux/kexec.h>
#include <linux/random.h>
#include <linux/vmalloc.h>
#include <linux/xz.h>
#include <linux/zlib.h>
#include <linux/zstd.h>

#include <asm/unaligned.h>

#include "kexec_bzimage64_layout.h"
#include "kexec_bzimage64_unpack.h"

/* RFC 1952: the fixed part of a gzip member's header and its flags. */
#define GZIP_FIXED_HEADER	10
#define GZIP_TRAILER		8	/* CRC-32, then ISIZE */
#define GZIP_CM_DEFLATE		8
#define GZIP_FHCRC		0x02
#define GZIP_FEXTRA		0x04
#define GZIP_FNAME		0x08
#define GZIP_FCOMMENT		0x10
#define GZIP_FRESERVED		0xe0

struct bz64_decompressor {
	const char *name;
	u8 magic[6];
	u8 magic_len;
	int (*run)(const struct bz64_payload *p, u8 *out);
};

static int unxz(const struct bz64_payload *p, u8 *out)
{
	struct xz_buf b = {
		.in = p->data, .in_size = p->len, .out = out, .out_size = p->out_size,
	};
	struct xz_dec *s = xz_dec_init(XZ_SINGLE, 0);
	enum xz_ret ret;

	if (!s)
		return -ENOMEM;
	ret = xz_dec_run(s, &b);
	xz_dec_end(s);
	if (ret == XZ_STREAM_END && b.out_pos == p->out_size)
		return 0;
	pr_err("bzImage: xz payload is corrupt or not the declared %u bytes (xz_dec %d after %zu)\n",
	       p->out_size, ret, b.out_pos);
	return -ENOEXEC;
}

static int unzstd(const struct bz64_payload *p, u8 *out)
{
	size_t wsize = zstd_dctx_workspace_bound(), n;
	void *ws = vmalloc(wsize);
	zstd_dctx *dctx = ws ? zstd_init_dctx(ws, wsize) : NULL;

	if (!dctx) {
		vfree(ws);
		return -ENOMEM;
	}
	n = zstd_decompress_dctx(dctx, out, p->out_size, p->data, p->len);
	vfree(ws);
	if (!zstd_is_error(n) && n == p->out_size)
		return 0;
	pr_err("bzImage: zstd payload is corrupt or not the declared %u bytes (%s)\n",
	       p->out_size, zstd_is_error(n) ? zstd_get_error_name(n) : "short output");
	return -ENOEXEC;
}

/* Bytes of gzip header before the deflate data, or 0 when it is malformed. */
static size_t gzip_header_len(const u8 *in, size_t len)
{
	size_t pos = GZIP_FIXED_HEADER;
	const u8 *end;
	u8 flags = in[3];

	if (len < GZIP_FIXED_HEADER + GZIP_TRAILER || in[2] != GZIP_CM_DEFLATE ||
	    (flags & GZIP_FRESERVED))
		return 0;
	if (flags & GZIP_FEXTRA)
		pos += 2 + (in[pos] | in[pos + 1] << 8);
	if ((flags & GZIP_FNAME) && pos < len) {
		end = memchr(in + pos, 0, len - pos);
		pos = end ? end - in + 1 : len;
	}
	if ((flags & GZIP_FCOMMENT) && pos < len) {
		end = memchr(in + pos, 0, len - pos);
		pos = end ? end - in + 1 : len;
	}
	if (flags & GZIP_FHCRC)
		pos += 2;
	return pos + GZIP_TRAILER <= len ? pos : 0;
}

static int gunzip(const struct bz64_payload *p, u8 *out)
{
	size_t hlen = gzip_header_len(p->data, p->len);
	struct z_stream_s s = {
		.next_in = p->data + hlen, .avail_in = p->len - hlen - GZIP_TRAILER,
		.next_out = out, .avail_out = p->out_size,
	};
	const u8 *trailer = p->data + p->len - GZIP_TRAILER;
	int zret;

	if (!hlen) {
		pr_err("bzImage: gzip payload has a malformed header\n");
		return -ENOEXEC;
	}
	s.workspace = vmalloc(zlib_inflate_workspacesize());
	if (!s.workspace)
		return -ENOMEM;
	zret = zlib_inflateInit2(&s, -MAX_WBITS);
	if (zret == Z_OK)
		zret = zlib_inflate(&s, Z_FINISH);
	zlib_inflateEnd(&s);
	vfree(s.workspace);
	if (zret != Z_STREAM_END || s.total_out != p->out_size || s.avail_in) {
		pr_err("bzImage: gzip payload is corrupt or not the declared %u bytes (zlib %d after %lu)\n",
		       p->out_size, zret, s.total_out);
		return -ENOEXEC;
	}
	if ((crc32_le(~0U, out, p->out_size) ^ ~0U) != get_unaligned_le32(trailer)) {
		pr_err("bzImage: gzip payload fails its CRC-32\n");
		return -ENOEXEC;
	}
	return 0;
}

/* The magic numbers are each format's own; boot/compressed/Makefile names them. */
static const struct bz64_decompressor decompressors[] = {
	{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, unxz },
	{ "gzip", { 0x1f, 0x8b }, 2, gunzip },
	{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4, unzstd },
	{ "bzip2", { 'B', 'Z', 'h' }, 3, NULL },
	{ "lzma", { 0x5d, 0x00, 0x00 }, 3, NULL },
	{ "lzo", { 0x89, 'L', 'Z', 'O' }, 4, NULL },
	{ "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4, NULL },
};

static const struct bz64_decompressor *find_decompressor(const struct bz64_payload *p)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(decompressors); i++)
		if (p->len >= decompressors[i].magic_len &&
		    !memcmp(p->data, decompressors[i].magic, decompressors[i].magic_len))
			return &decompressors[i];
	return NULL;
}

/*
 * The decompressed @blob checked, laid out and moved by a random offset;
 * where the segments allow, in @blob itself (then @u->image is @blob).
 */
static int lay_out(void *blob, size_t len, const struct bz64_image *info, bool kaslr,
		   struct bz64_unpacked *u)
{
	u64 align = max_t(u64, info->kernel_alignment, BZ64_VMLINUX_MIN_ALIGN);
	int ret;

	ret = bz64_vmlinux_parse(blob, len, &u->vm);
	if (ret)
		return ret;
	u->image = u->vm.in_place ? blob : __vmalloc(u->vm.load_size, GFP_KERNEL | __GFP_NOWARN);
	if (!u->image) {
		pr_err("bzImage: no memory for the 0x%llx byte unpacked kernel\n", u->vm.load_size);
		return -ENOMEM;
	}
	bz64_vmlinux_lay_out(blob, &u->vm, u->image);
	u->virt_delta = kaslr ? bz64_vmlinux_virt_delta(&u->vm, align, get_random_u32()) : 0;
	bz64_vmlinux_relocate(blob, &u->vm, u->image, u->virt_delta);
	return 0;
}

/**
 * bz64_unpack() - decompress, lay out and relocate a bzImage's kernel
 * @image: the image being loaded, for KEXEC_FILE_DEBUG lines
 * @buf: the bzImage file, accepted by bz64_parse() into @info
 * @len: bytes at @buf
 * @info: the parsed image
 * @kaslr: move the kernel to a random virtual address, as its own
 *	decompressor would
 * @u: filled in on success; the caller vfree()s @u->image
 *
 * Return: 0; -EOPNOTSUPP (not logged) when the payload's compressor is not
 * one this loader unpacks, so the caller loads the bzImage as it is; or
 * another errno (one line logged) when the payload is broken.
 */
int bz64_unpack(const struct kimage *image, const void *buf, size_t len,
		const struct bz64_image *info, bool kaslr, struct bz64_unpacked *u)
{
	const struct bz64_decompressor *d;
	struct bz64_payload p;
	void *blob;
	int ret;

	ret = bz64_find_payload(buf, len, info, &p);
	if (ret)
		return ret;
	d = find_decompressor(&p);
	if (!d || !d->run) {
		kexec_dprintk(image, "bzImage: %s payload left for the kernel to unpack\n",
			      d ? d->name : "unknown");
		return -EOPNOTSUPP;
	}
	/* Up to 512 MiB a file asks for: fail quietly, then say why once. */
	blob = __vmalloc(p.out_size, GFP_KERNEL | __GFP_NOWARN);
	if (!blob) {
		pr_err("bzImage: no memory for the %u byte %s payload\n", p.out_size, d->name);
		return -ENOMEM;
	}
	u->method = d->name;
	ret = d->run(&p, blob);
	if (!ret)
		ret = lay_out(blob, p.out_size, info, kaslr, u);
	if (u->image != blob)
		vfree(blob);
	return ret;
}
