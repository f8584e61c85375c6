/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kernel/kexec_elf_rel.c needs from the kernel. The hosted build
 * (tools/testing/kexec/seams/kexec_elf_rel_seam.h) provides its own under the
 * same include guard.
 */
#ifndef _KERNEL_KEXEC_ELF_REL_SEAM_H
#define _KERNEL_KEXEC_ELF_REL_SEAM_H

#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

#endif /* _KERNEL_KEXEC_ELF_REL_SEAM_H */
