// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for arch/arm64/kernel/kexec_fdt.c: the next kernel's device
 * tree, read back with libfdt. The source tree stands for the running
 * kernel's: a /memory node, a /chosen with properties of the previous boot
 * (stale ones and EFI ones), #address-cells = #size-cells = 2.
 */
#include "seams/arm64_kexec_pure.h"
#include "../../../arch/arm64/kernel/kexec_fdt.c"

#include <stdio.h>
#include <stdlib.h>

#include "harness/kt.h"

#define SRC_SIZE	0x4000

static void *src_new(bool with_chosen)
{
	void *fdt = malloc(SRC_SIZE);
	int chosen, mem;

	fdt_create_empty_tree(fdt, SRC_SIZE);
	fdt_setprop_u32(fdt, 0, "#address-cells", 2);
	fdt_setprop_u32(fdt, 0, "#size-cells", 2);
	mem = fdt_add_subnode(fdt, 0, "memory@40000000");
	fdt_setprop_string(fdt, mem, "device_type", "memory");
	fdt_appendprop_addrrange(fdt, 0, mem, "reg", 0x40000000, 0x40000000);
	if (!with_chosen)
		return fdt;
	chosen = fdt_add_subnode(fdt, 0, "chosen");
	fdt_setprop_string(fdt, chosen, "bootargs", "old=1");
	fdt_setprop_u64(fdt, chosen, "linux,initrd-start", 0x48000000);
	fdt_setprop_u64(fdt, chosen, "linux,initrd-end", 0x48100000);
	fdt_setprop_u64(fdt, chosen, "kaslr-seed", 0);
	fdt_setprop_string(fdt, chosen, "rng-seed", "stale");
	fdt_appendprop_addrrange(fdt, 0, chosen, "linux,elfcorehdr", 0x1000, 0x1000);
	fdt_setprop_u64(fdt, chosen, "linux,uefi-system-table", 0x7fff0000);
	fdt_setprop_u32(fdt, chosen, "linux,uefi-mmap-size", 0x1230);
	fdt_setprop_string(fdt, chosen, "stdout-path", "/pl011@9000000");
	return fdt;
}

static const void *chosen_prop(const void *fdt, const char *name, int *len)
{
	int chosen = fdt_path_offset(fdt, "/chosen");

	if (chosen < 0)
		return NULL;
	return fdt_getprop(fdt, chosen, name, len);
}

static u64 be64_at(const void *p, int i)
{
	fdt64_t v;

	memcpy(&v, (const u8 *)p + 8 * i, sizeof(v));
	return fdt64_to_cpu(v);
}

static void writes_chosen_and_drops_stale(struct kt *t, const void *row)
{
	void *src = src_new(true), *out = NULL;
	static const u8 seed[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct arm64_fdt_params p = {
		.cmdline = "console=ttyAMA0 kt=1",
		.initrd = { .start = 0x50000000, .size = 0x123000 },
		.kaslr_seed = 0x1122334455667788ULL, .has_kaslr_seed = true,
		.rng_seed = seed, .rng_seed_len = sizeof(seed),
	};
	size_t size = 0;
	const void *v;
	int len;

	KT_ASSERT_EQ(t, arm64_fdt_build(src, &p, &out, &size), 0);
	KT_EXPECT_EQ(t, fdt_check_header(out), 0);
	KT_EXPECT_EQ(t, size, fdt_totalsize(out));
	KT_EXPECT_EQ(t, (uintptr_t)out % ARM64_FDT_ALIGN, 0);
	v = chosen_prop(out, "bootargs", &len);
	KT_ASSERT_TRUE(t, v);
	KT_EXPECT_EQ(t, strcmp(v, "console=ttyAMA0 kt=1"), 0);
	v = chosen_prop(out, "linux,initrd-start", &len);
	KT_ASSERT_TRUE(t, v && len == 8);
	KT_EXPECT_EQ(t, be64_at(v, 0), 0x50000000);
	v = chosen_prop(out, "linux,initrd-end", &len);
	KT_ASSERT_TRUE(t, v && len == 8);
	KT_EXPECT_EQ(t, be64_at(v, 0), 0x50123000);
	v = chosen_prop(out, "kaslr-seed", &len);
	KT_ASSERT_TRUE(t, v && len == 8);
	KT_EXPECT_EQ(t, be64_at(v, 0), 0x1122334455667788ULL);
	v = chosen_prop(out, "rng-seed", &len);
	KT_ASSERT_TRUE(t, v && len == 8);
	KT_EXPECT_EQ(t, memcmp(v, seed, 8), 0);
	/* The previous boot's crash property is gone, EFI and the rest stay. */
	KT_EXPECT_TRUE(t, !chosen_prop(out, "linux,elfcorehdr", &len));
	KT_EXPECT_TRUE(t, !chosen_prop(out, "linux,usable-memory-range", &len));
	v = chosen_prop(out, "linux,uefi-system-table", &len);
	KT_EXPECT_TRUE(t, v && len == 8 && be64_at(v, 0) == 0x7fff0000);
	KT_EXPECT_TRUE(t, chosen_prop(out, "linux,uefi-mmap-size", &len));
	KT_EXPECT_TRUE(t, chosen_prop(out, "stdout-path", &len));
	KT_EXPECT_TRUE(t, fdt_path_offset(out, "/memory@40000000") >= 0);
	KT_EXPECT_NO_LOG(t);
	kfree(out);
	free(src);
}

static void no_initrd_no_cmdline_no_seeds(struct kt *t, const void *row)
{
	void *src = src_new(true), *out = NULL;
	struct arm64_fdt_params p = { 0 };
	size_t size = 0;
	int len;

	KT_ASSERT_EQ(t, arm64_fdt_build(src, &p, &out, &size), 0);
	KT_EXPECT_TRUE(t, !chosen_prop(out, "bootargs", &len));
	KT_EXPECT_TRUE(t, !chosen_prop(out, "linux,initrd-start", &len));
	KT_EXPECT_TRUE(t, !chosen_prop(out, "linux,initrd-end", &len));
	KT_EXPECT_TRUE(t, !chosen_prop(out, "kaslr-seed", &len));
	KT_EXPECT_TRUE(t, !chosen_prop(out, "rng-seed", &len));
	KT_EXPECT_TRUE(t, chosen_prop(out, "stdout-path", &len));
	kfree(out);
	free(src);
}

static void crash_kernel_properties(struct kt *t, const void *row)
{
	void *src = src_new(false), *out = NULL;
	struct arm64_fdt_params p = {
		.cmdline = "maxcpus=1",
		.elfcorehdr = { .start = 0x7c000000, .size = 0x10000 },
		.usable = { { 0x70000000, 0x0c000000 }, { 0x38000000, 0x08000000 } },
		.nr_usable = 2,
	};
	size_t size = 0;
	const void *v;
	int len;

	KT_ASSERT_EQ(t, arm64_fdt_build(src, &p, &out, &size), 0);
	/* /chosen did not exist: it is created. */
	v = chosen_prop(out, "linux,elfcorehdr", &len);
	KT_ASSERT_TRUE(t, v && len == 16);
	KT_EXPECT_EQ(t, be64_at(v, 0), 0x7c000000);
	KT_EXPECT_EQ(t, be64_at(v, 1), 0x10000);
	v = chosen_prop(out, "linux,usable-memory-range", &len);
	KT_ASSERT_TRUE(t, v && len == 32);
	KT_EXPECT_EQ(t, be64_at(v, 0), 0x70000000);
	KT_EXPECT_EQ(t, be64_at(v, 1), 0x0c000000);
	KT_EXPECT_EQ(t, be64_at(v, 2), 0x38000000);
	KT_EXPECT_EQ(t, be64_at(v, 3), 0x08000000);
	kfree(out);
	free(src);
}

static bool has_mem_rsv(const void *fdt, u64 start, u64 size)
{
	int i, n = fdt_num_mem_rsv(fdt);

	for (i = 0; i < n; i++) {
		uint64_t s, z;

		if (!fdt_get_mem_rsv(fdt, i, &s, &z) && s == start && z == size)
			return true;
	}
	return false;
}

/*
 * IMA's measurement list: the property and a /memreserve/ entry for the
 * new buffer; the ones a previous kexec left for the running kernel go.
 */
static void ima_buffer_replaces_the_previous_one(struct kt *t, const void *row)
{
	void *src = src_new(true), *out = NULL;
	struct arm64_fdt_params p = { .ima = { .start = 0x7e000000, .size = 0x3000 } };
	int chosen = fdt_path_offset(src, "/chosen"), len;
	size_t size = 0;
	const void *v;

	fdt_appendprop_addrrange(src, 0, chosen, "linux,ima-kexec-buffer", 0x5f000000, 0x2000);
	fdt_add_mem_rsv(src, 0x40000000, 0x1000);
	fdt_add_mem_rsv(src, 0x5f000000, 0x2000);
	KT_ASSERT_EQ(t, arm64_fdt_build(src, &p, &out, &size), 0);
	v = chosen_prop(out, "linux,ima-kexec-buffer", &len);
	KT_ASSERT_TRUE(t, v && len == 16);
	KT_EXPECT_EQ(t, be64_at(v, 0), 0x7e000000);
	KT_EXPECT_EQ(t, be64_at(v, 1), 0x3000);
	KT_EXPECT_TRUE(t, has_mem_rsv(out, 0x7e000000, 0x3000));
	KT_EXPECT_TRUE(t, !has_mem_rsv(out, 0x5f000000, 0x2000));
	/* Someone else's reservation stays. */
	KT_EXPECT_TRUE(t, has_mem_rsv(out, 0x40000000, 0x1000));
	KT_EXPECT_EQ(t, fdt_num_mem_rsv(out), 2);
	kfree(out);
	free(src);
}

/* Without IMA the old buffer's property and reservation still go. */
static void no_ima_buffer_drops_the_previous_one(struct kt *t, const void *row)
{
	void *src = src_new(true), *out = NULL;
	struct arm64_fdt_params p = { 0 };
	int chosen = fdt_path_offset(src, "/chosen"), len;
	size_t size = 0;

	fdt_appendprop_addrrange(src, 0, chosen, "linux,ima-kexec-buffer", 0x5f000000, 0x2000);
	fdt_add_mem_rsv(src, 0x5f000000, 0x2000);
	KT_ASSERT_EQ(t, arm64_fdt_build(src, &p, &out, &size), 0);
	KT_EXPECT_TRUE(t, !chosen_prop(out, "linux,ima-kexec-buffer", &len));
	KT_EXPECT_EQ(t, fdt_num_mem_rsv(out), 0);
	kfree(out);
	free(src);
}

/* A command line larger than the first buffer's slack: the copy grows. */
static void grows_for_a_long_cmdline(struct kt *t, const void *row)
{
	void *src = src_new(true), *out = NULL;
	char *line = malloc(100000);
	struct arm64_fdt_params p = { .cmdline = line };
	size_t size = 0;
	int len;

	memset(line, 'x', 99999);
	line[99999] = '\0';
	KT_ASSERT_EQ(t, arm64_fdt_build(src, &p, &out, &size), 0);
	KT_EXPECT_TRUE(t, size > 100000 && size <= ARM64_FDT_MAX_SIZE);
	KT_EXPECT_EQ(t, strlen(chosen_prop(out, "bootargs", &len)), 99999);
	kfree(out);
	free(line);
	free(src);
}

static void refuses_more_than_2m(struct kt *t, const void *row)
{
	void *src = src_new(true), *out = NULL;
	char *line = malloc(SZ_2M + 1);
	struct arm64_fdt_params p = { .cmdline = line };
	size_t size = 0;

	memset(line, 'x', SZ_2M);
	line[SZ_2M] = '\0';
	KT_EXPECT_EQ(t, arm64_fdt_build(src, &p, &out, &size), -E2BIG);
	KT_EXPECT_LOGGED(t, "does not fit in 2097152 bytes");
	KT_EXPECT_TRUE(t, !out);
	free(line);
	free(src);
}

static void refuses_a_bad_source(struct kt *t, const void *row)
{
	u8 junk[64] = { 0xd0, 0x0d, 0xfe, 0xee };
	struct arm64_fdt_params p = { 0 };
	void *out = NULL;
	size_t size = 0;

	KT_EXPECT_EQ(t, arm64_fdt_build(junk, &p, &out, &size), -EINVAL);
	KT_EXPECT_LOGGED(t, "device tree is not valid");
}

/* Every allocation failing in turn returns -ENOMEM and leaks nothing. */
static int build_sweep(struct kt *t, const void *row)
{
	void *src = src_new(true), *out = NULL;
	struct arm64_fdt_params p = { .cmdline = "a=b" };
	size_t size = 0;
	int ret = arm64_fdt_build(src, &p, &out, &size);

	kfree(out);
	free(src);
	return ret;
}

static const struct kt_case cases[] = {
	KT_CASE(writes_chosen_and_drops_stale),
	KT_CASE(no_initrd_no_cmdline_no_seeds),
	KT_CASE(crash_kernel_properties),
	KT_CASE(ima_buffer_replaces_the_previous_one),
	KT_CASE(no_ima_buffer_drops_the_previous_one),
	KT_CASE(grows_for_a_long_cmdline),
	KT_CASE(refuses_more_than_2m),
	KT_CASE(refuses_a_bad_source),
	KT_SWEEP(build_sweep),
};

KT_MAIN(cases)
