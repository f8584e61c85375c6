/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted copy of arch/arm64/kernel/kexec_pure.h (same include guard), for
 * the pure files of arch/arm64/kernel/. The kernel APIs the pure files of
 * every directory use are in ../shim/kernel.h; this adds what only these
 * files need. The Image header is little endian and the hosts the tests
 * run on are too, so the byte-order helpers are identities (checked below).
 */
#ifndef _ARM64_KERNEL_KEXEC_PURE_H
#define _ARM64_KERNEL_KEXEC_PURE_H

#include "../shim/kernel.h"
#include "kexec_pure.h"
/* The host's libfdt (libfdt-dev), the same library as the kernel's lib/fdt*.c. */
#include <libfdt.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the hosted arm64 tests assume a little endian host"
#endif

/* ---- duplicates: include/linux/types.h, byteorder, bits, sizes ---- */
typedef u32 __le32;
typedef u64 __le64;
#define le32_to_cpu(x)	((u32)(x))
#define le64_to_cpu(x)	((u64)(x))
#define cpu_to_le32(x)	((__le32)(x))
#define cpu_to_le64(x)	((__le64)(x))
#ifndef __packed
#define __packed	__attribute__((__packed__))
#endif
#define BIT_ULL(n)	(1ULL << (n))
#define SZ_4K		0x00001000
#define SZ_64K		0x00010000
#define SZ_2M		0x00200000
#define SZ_4M		0x00400000
#define SZ_256M		0x10000000
#define ALIGN(x, a)	__ALIGN_MASK(x, (typeof(x))(a) - 1)
#define __ALIGN_MASK(x, mask)	(((x) + (mask)) & ~(mask))
#define pr_info(fmt, ...)	kt_log(KT_LOG_INFO, pr_fmt(fmt), ##__VA_ARGS__)

#endif /* _ARM64_KERNEL_KEXEC_PURE_H */
