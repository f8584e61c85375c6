/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 kdump: what the bzImage loader asks of arch/x86/kernel/crash.c when it
 * loads a crash kernel, and the early CPU stop panic() uses.
 */
#ifndef _ASM_X86_CRASH_H
#define _ASM_X86_CRASH_H

#include <linux/types.h>

struct kimage;
struct kexec_range_set;

int crash_load_elfcorehdr(struct kimage *image);
int crash_kernel_ram(const struct kimage *image, struct kexec_range_set *ram);
void crash_smp_send_stop(void);

#endif /* _ASM_X86_CRASH_H */
