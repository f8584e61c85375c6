// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the arm64 device tree builder in
 * arch/arm64/kernel/kexec_fdt.c.
 *
 * The input is the source tree itself (the "running kernel's" FDT), after
 * 8 bytes that pick the parameters (command line length, initrd, crash
 * properties). Whatever the source, the builder must not read or write
 * outside its buffers, and a tree it returns must be valid, at most 2 MiB,
 * and carry the /chosen it was asked for.
 */
#include "../seams/arm64_kexec_pure.h"
#include "../../../../arch/arm64/kernel/kexec_fdt.c"

#include <stdlib.h>

#include "../harness/kt.h"

static void check_built(const void *fdt, size_t size, const struct arm64_fdt_params *p)
{
	int chosen, len;
	const char *args;

	if (fdt_check_header(fdt) || size != fdt_totalsize(fdt) || size > ARM64_FDT_MAX_SIZE)
		abort();
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		abort();
	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (p->cmdline[0] && (!args || strcmp(args, p->cmdline)))
		abort();
	if (!!fdt_getprop(fdt, chosen, "linux,initrd-start", &len) != !!p->initrd.size)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct arm64_fdt_params p = { 0 };
	char cmdline[256];
	size_t out_size = 0;
	void *src, *out = NULL;

	if (size < 8)
		return 0;
	memset(cmdline, 'c', sizeof(cmdline));
	cmdline[data[0]] = '\0';
	p.cmdline = cmdline;
	if (data[1] & 1)
		p.initrd = (struct arm64_fdt_range){ 0x48000000, (u64)data[2] << 12 };
	if (data[1] & 2) {
		p.elfcorehdr = (struct arm64_fdt_range){ 0x7c000000, 0x10000 };
		p.usable[0] = (struct arm64_fdt_range){ 0x70000000, 0x10000000 };
		p.nr_usable = 1 + (data[1] >> 7);
		p.usable[1] = (struct arm64_fdt_range){ 0x38000000, 0x8000000 };
	}
	/* An exact-size copy, so ASan sees any overread of the source. */
	src = malloc(size - 8 ? size - 8 : 1);
	memcpy(src, data + 8, size - 8);
	kt_log_reset();
	/* libfdt reads the header before checking the length it was given. */
	if (size - 8 >= sizeof(struct fdt_header) && fdt_totalsize(src) <= size - 8 &&
	    !arm64_fdt_build(src, &p, &out, &out_size))
		check_built(out, out_size, &p);
	kfree(out);
	free(src);
	return 0;
}
