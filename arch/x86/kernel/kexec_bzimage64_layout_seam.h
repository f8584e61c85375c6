/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What arch/x86/kernel/kexec_bzimage64_layout.c needs from the kernel. The
 * hosted build (tools/testing/kexec/seams/kexec_bzimage64_layout_seam.h)
 * provides its own under the same include guard.
 */
#ifndef _X86_KEXEC_BZIMAGE64_LAYOUT_SEAM_H
#define _X86_KEXEC_BZIMAGE64_LAYOUT_SEAM_H

#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/bootparam.h>

#endif /* _X86_KEXEC_BZIMAGE64_LAYOUT_SEAM_H */
