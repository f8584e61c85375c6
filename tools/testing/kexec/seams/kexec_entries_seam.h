/* SPDX-License-Identifier: GPL-2.0 */
/* Hosted stand-in for kernel/kexec_entries_seam.h (same include guard). */
#ifndef _KERNEL_KEXEC_ENTRIES_SEAM_H
#define _KERNEL_KEXEC_ENTRIES_SEAM_H

#include "../shim/kernel.h"

#endif /* _KERNEL_KEXEC_ENTRIES_SEAM_H */
