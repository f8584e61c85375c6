/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unpacking a bzImage at load time (kexec_bzimage64_unpack.c): the kernel
 * decompressed, laid out and relocated while the machine still runs, so
 * that exec jumps straight into it and the downtime holds no decompression.
 */
#ifndef _X86_KEXEC_BZIMAGE64_UNPACK_H
#define _X86_KEXEC_BZIMAGE64_UNPACK_H

#include <linux/types.h>

#include "kexec_bzimage64_vmlinux.h"

struct bz64_image;
struct kimage;

/**
 * struct bz64_unpacked - a bzImage's kernel, ready to be loaded as it runs
 * @image: vmalloc()ed; its first @vm.load_size bytes are the kernel as it
 *	sits in memory (it may be the whole decompressed payload, laid out
 *	where it was)
 * @vm: its layout
 * @virt_delta: the virtual offset it was relocated by (KASLR), 0 for none
 * @method: the compressor its payload was made with, e.g. "xz"
 */
struct bz64_unpacked {
	void *image;
	struct bz64_vmlinux vm;
	u64 virt_delta;
	const char *method;
};

int bz64_unpack(const struct kimage *image, const void *buf, size_t len,
		const struct bz64_image *info, bool kaslr, struct bz64_unpacked *u);

#endif /* _X86_KEXEC_BZIMAGE64_UNPACK_H */
