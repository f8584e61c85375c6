/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What arch/x86/kernel/kexec_reloc_64.c needs from the kernel. The hosted
 * build (tools/testing/kexec/seams/kexec_reloc_64_seam.h) provides its own
 * under the same include guard.
 */
#ifndef _X86_KERNEL_KEXEC_RELOC_64_SEAM_H
#define _X86_KERNEL_KEXEC_RELOC_64_SEAM_H

#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/kexec.h>

#endif /* _X86_KERNEL_KEXEC_RELOC_64_SEAM_H */
