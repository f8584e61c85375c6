/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted <linux/elf.h>: the C library's <elf.h> has the same Elf64_* types,
 * field names, SHN_* indices and R_X86_64_* relocation numbers as the
 * kernel's headers.
 */
#ifndef KEXEC_HOSTED_LINUX_ELF_H
#define KEXEC_HOSTED_LINUX_ELF_H

#include <elf.h>

#include "types.h"
#include "../../kernel.h"

#endif
