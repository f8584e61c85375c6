/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted <linux/elf.h>: the C library's <elf.h> has the same ELF64 types,
 * field names and constants as the kernel's uapi header.
 */
#ifndef KEXEC_HOSTED_LINUX_ELF_H
#define KEXEC_HOSTED_LINUX_ELF_H

#include <elf.h>

#include "types.h"

#endif
