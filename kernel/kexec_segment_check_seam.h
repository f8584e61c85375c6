/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kernel/kexec_segment_check.c needs from the kernel. The hosted build
 * (tools/testing/kexec/seams/kexec_segment_check_seam.h) provides its own
 * under the same include guard.
 */
#ifndef _KERNEL_KEXEC_SEGMENT_CHECK_SEAM_H
#define _KERNEL_KEXEC_SEGMENT_CHECK_SEAM_H

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/types.h>

#endif /* _KERNEL_KEXEC_SEGMENT_CHECK_SEAM_H */
