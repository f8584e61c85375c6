/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pure kexec files of kernel/ need from the rest of the kernel:
 * kexec_elf_rel.c, kexec_elfcore.c, kexec_entries.c, kexec_pe.c,
 * kexec_ranges.c and kexec_segment_check.c include this and no other kernel
 * header besides their own interface in include/linux/ (<linux/kernel.h>
 * is for kexec_pe.c's snprintf()).
 *
 * The hosted tests (tools/testing/kexec) compile those files unchanged in
 * userspace: their copy, tools/testing/kexec/seams/kexec_pure.h, uses the
 * same include guard, so the #include of this file is a no-op there.
 */
#ifndef _KERNEL_KEXEC_PURE_H
#define _KERNEL_KEXEC_PURE_H

#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/byteorder.h>

/* An ELF core header is stored with plain C stores: EI_DATA is the CPU's order. */
#ifdef __BIG_ENDIAN
#define KEXEC_ELFCORE_DATA	ELFDATA2MSB
#else
#define KEXEC_ELFCORE_DATA	ELFDATA2LSB
#endif

#endif /* _KERNEL_KEXEC_PURE_H */
