// SPDX-License-Identifier: GPL-2.0
/*
 * The device tree for the next arm64 kernel, built with libfdt from the
 * running kernel's flattened tree. Only /chosen changes:
 *
 *   removed   every property a previous boot or loader left that would be
 *             stale now (initrd, elfcorehdr, usable memory, seeds, bootargs)
 *   written   bootargs, linux,initrd-start/-end, kaslr-seed, rng-seed,
 *             linux,ima-kexec-buffer (IMA's measurement list, also kept
 *             out of the next kernel's allocator by a /memreserve/ entry)
 *             and, for a crash kernel, linux,elfcorehdr and
 *             linux,usable-memory-range
 *   kept      the rest, among it the linux,uefi-* properties of an EFI boot,
 *             which the next kernel needs to find the EFI system table
 *
 * The copy starts with some room and doubles until the edits fit, up to
 * the 2 MiB booting.rst allows.
 */

#define pr_fmt(fmt) "kexec_fdt: " fmt

#include "kexec_pure.h"
#include "kexec_fdt.h"

/* Properties of /chosen that describe one boot and are rewritten or dropped. */
static const char * const chosen_stale[] = {
	"bootargs",
	"linux,initrd-start",
	"linux,initrd-end",
	"linux,elfcorehdr",
	"linux,usable-memory-range",
	"kaslr-seed",
	"rng-seed",
	"linux,ima-kexec-buffer",
};

#define IMA_BUFFER_PROP "linux,ima-kexec-buffer"

static int chosen_offset(void *fdt)
{
	int off = fdt_path_offset(fdt, "/chosen");

	if (off == -FDT_ERR_NOTFOUND)
		off = fdt_add_subnode(fdt, 0, "chosen");
	return off;
}

/* Read one <address size> pair written in the root's cell sizes. */
static bool read_range(const void *fdt, int node, const char *name, struct arm64_fdt_range *r)
{
	int acells = fdt_address_cells(fdt, 0), scells = fdt_size_cells(fdt, 0);
	const fdt32_t *cell;
	int len, i;

	cell = fdt_getprop(fdt, node, name, &len);
	if (!cell || acells < 1 || acells > 2 || scells < 1 || scells > 2 ||
	    len != (acells + scells) * (int)sizeof(*cell))
		return false;
	r->start = 0;
	r->size = 0;
	for (i = 0; i < acells; i++)
		r->start = (r->start << 32) | fdt32_to_cpu(*cell++);
	for (i = 0; i < scells; i++)
		r->size = (r->size << 32) | fdt32_to_cpu(*cell++);
	return true;
}

/*
 * The measurement list a previous kexec handed to the running kernel is
 * freed once IMA has read it: drop its /memreserve/ entry with the property.
 */
static int remove_old_ima_reservation(void *fdt, int chosen)
{
	struct arm64_fdt_range old;
	int i, n = fdt_num_mem_rsv(fdt);

	if (!read_range(fdt, chosen, IMA_BUFFER_PROP, &old))
		return 0;
	for (i = 0; i < n; i++) {
		uint64_t start, size;

		if (fdt_get_mem_rsv(fdt, i, &start, &size))
			break;
		if (start == old.start && size == old.size)
			return fdt_del_mem_rsv(fdt, i);
	}
	return 0;
}

static int remove_stale(void *fdt, int chosen)
{
	unsigned int i;
	int ret = remove_old_ima_reservation(fdt, chosen);

	if (ret)
		return ret;

	for (i = 0; i < ARRAY_SIZE(chosen_stale); i++) {
		int ret = fdt_delprop(fdt, chosen, chosen_stale[i]);

		if (ret && ret != -FDT_ERR_NOTFOUND)
			return ret;
	}
	return 0;
}

/* One <address size> pair, in the root's #address-cells and #size-cells. */
static int append_range(void *fdt, int node, const char *name,
			const struct arm64_fdt_range *r)
{
	return fdt_appendprop_addrrange(fdt, 0, node, name, r->start, r->size);
}

static int write_crash(void *fdt, int chosen, const struct arm64_fdt_params *p)
{
	unsigned int i;
	int ret;

	if (!p->elfcorehdr.size)
		return 0;
	ret = append_range(fdt, chosen, "linux,elfcorehdr", &p->elfcorehdr);
	for (i = 0; !ret && i < p->nr_usable; i++)
		ret = append_range(fdt, chosen, "linux,usable-memory-range", &p->usable[i]);
	return ret;
}

static int write_ima_buffer(void *fdt, int chosen, const struct arm64_fdt_params *p)
{
	int ret;

	if (!p->ima.size)
		return 0;
	ret = append_range(fdt, chosen, IMA_BUFFER_PROP, &p->ima);
	if (ret)
		return ret;
	return fdt_add_mem_rsv(fdt, p->ima.start, p->ima.size);
}

static int write_seeds(void *fdt, int chosen, const struct arm64_fdt_params *p)
{
	int ret = 0;

	if (p->has_kaslr_seed)
		ret = fdt_setprop_u64(fdt, chosen, "kaslr-seed", p->kaslr_seed);
	if (!ret && p->rng_seed_len)
		ret = fdt_setprop(fdt, chosen, "rng-seed", p->rng_seed, p->rng_seed_len);
	return ret;
}

/* Every edit to /chosen; a libfdt error (NOSPACE: grow and retry). */
static int edit_chosen(void *fdt, const struct arm64_fdt_params *p)
{
	int chosen = chosen_offset(fdt), ret;

	if (chosen < 0)
		return chosen;
	ret = remove_stale(fdt, chosen);
	if (ret)
		return ret;
	if (p->cmdline && p->cmdline[0]) {
		ret = fdt_setprop_string(fdt, chosen, "bootargs", p->cmdline);
		if (ret)
			return ret;
	}
	if (p->initrd.size) {
		ret = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", p->initrd.start);
		if (!ret)
			ret = fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
					      p->initrd.start + p->initrd.size);
		if (ret)
			return ret;
	}
	ret = write_seeds(fdt, chosen, p);
	if (!ret)
		ret = write_ima_buffer(fdt, chosen, p);
	if (ret)
		return ret;
	return write_crash(fdt, chosen, p);
}

/* Copy @src into a @size byte buffer and edit it; 0 or a libfdt error. */
static int try_build(const void *src, const struct arm64_fdt_params *p, void *buf, size_t size)
{
	int ret = fdt_open_into(src, buf, size);

	if (ret)
		return ret;
	ret = edit_chosen(buf, p);
	if (ret)
		return ret;
	return fdt_pack(buf);
}

static size_t first_size(const void *src, const struct arm64_fdt_params *p)
{
	size_t want = fdt_totalsize(src) + ARM64_FDT_SLACK;

	if (p->cmdline)
		want += strlen(p->cmdline);
	want += p->rng_seed_len;
	return ALIGN(want, ARM64_FDT_ALIGN);
}

/**
 * arm64_fdt_build() - the next kernel's device tree
 * @src: the running kernel's flattened tree
 * @p: what /chosen must say
 * @out: receives a kmalloc()ed tree, packed, 8-byte aligned; kfree() it
 * @out_size: receives its size
 *
 * Return: 0; -EINVAL when @src is not a valid tree or libfdt refuses an
 * edit; -E2BIG when the result would exceed 2 MiB; -ENOMEM. One line is
 * logged on error.
 */
int arm64_fdt_build(const void *src, const struct arm64_fdt_params *p, void **out,
		    size_t *out_size)
{
	size_t size;
	int ret = fdt_check_header(src);

	if (ret) {
		pr_err("the running kernel's device tree is not valid: %s\n", fdt_strerror(ret));
		return -EINVAL;
	}
	for (size = first_size(src, p); ; size *= 2) {
		void *buf;

		size = min_t(size_t, size, ARM64_FDT_MAX_SIZE);
		buf = kmalloc(size, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		ret = try_build(src, p, buf, size);
		if (!ret) {
			*out = buf;
			*out_size = fdt_totalsize(buf);
			return 0;
		}
		kfree(buf);
		if (ret != -FDT_ERR_NOSPACE) {
			pr_err("editing /chosen failed: %s\n", fdt_strerror(ret));
			return -EINVAL;
		}
		if (size == ARM64_FDT_MAX_SIZE) {
			pr_err("the device tree does not fit in %u bytes\n", ARM64_FDT_MAX_SIZE);
			return -E2BIG;
		}
	}
}
