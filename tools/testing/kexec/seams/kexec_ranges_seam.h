/* SPDX-License-Identifier: GPL-2.0 */
/* Hosted stand-in for kernel/kexec_ranges_seam.h (same include guard). */
#ifndef _KERNEL_KEXEC_RANGES_SEAM_H
#define _KERNEL_KEXEC_RANGES_SEAM_H

#include "../shim/kernel.h"

#endif /* _KERNEL_KEXEC_RANGES_SEAM_H */
