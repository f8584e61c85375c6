/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kernel/kexec_elfcore.c needs from the kernel. The hosted build
 * (tools/testing/kexec/seams/kexec_elfcore_seam.h) provides its own under the
 * same include guard.
 */
#ifndef _KERNEL_KEXEC_ELFCORE_SEAM_H
#define _KERNEL_KEXEC_ELFCORE_SEAM_H

#include <linux/build_bug.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/byteorder.h>

/* The header is stored with plain C stores: EI_DATA is the CPU's order. */
#ifdef __BIG_ENDIAN
#define KEXEC_ELFCORE_DATA	ELFDATA2MSB
#else
#define KEXEC_ELFCORE_DATA	ELFDATA2LSB
#endif

#endif /* _KERNEL_KEXEC_ELFCORE_SEAM_H */
