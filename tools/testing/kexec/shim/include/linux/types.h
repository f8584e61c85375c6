/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted <linux/types.h>: the public kexec headers include it for u64 and
 * friends. The Makefile puts shim/include ahead of the overlay's include/.
 */
#ifndef KEXEC_HOSTED_LINUX_TYPES_H
#define KEXEC_HOSTED_LINUX_TYPES_H

#include "../../kernel.h"

#endif
