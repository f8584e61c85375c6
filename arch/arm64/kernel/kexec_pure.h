/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pure arm64 kexec files need from the rest of the kernel:
 * kexec_image_layout.c and kexec_fdt.c include this and no other kernel
 * header besides their own interfaces (kexec_image_layout.h, kexec_fdt.h
 * and what those include).
 *
 * The hosted tests (tools/testing/kexec) compile those files unchanged in
 * userspace: their copy, tools/testing/kexec/seams/arm64_kexec_pure.h, uses
 * the same include guard, so the #include of this file is a no-op there.
 */
#ifndef _ARM64_KERNEL_KEXEC_PURE_H
#define _ARM64_KERNEL_KEXEC_PURE_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/libfdt.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/byteorder.h>

#endif /* _ARM64_KERNEL_KEXEC_PURE_H */
