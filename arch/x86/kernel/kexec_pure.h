/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pure x86 kexec files need from the rest of the kernel:
 * kexec_bzimage64_layout.c and kexec_reloc_64.c include this and no other
 * kernel header besides their own interfaces (kexec_bzimage64_layout.h,
 * kexec_reloc_64.h and what those include).
 *
 * The hosted tests (tools/testing/kexec) compile those files unchanged in
 * userspace: their copy, tools/testing/kexec/seams/x86_kexec_pure.h, uses
 * the same include guard, so the #include of this file is a no-op there.
 */
#ifndef _X86_KERNEL_KEXEC_PURE_H
#define _X86_KERNEL_KEXEC_PURE_H

#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/bootparam.h>
#include <asm/kexec_reloc.h>

#endif /* _X86_KERNEL_KEXEC_PURE_H */
