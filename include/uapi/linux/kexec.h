/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The userspace ABI of the two kexec system calls:
 *
 *   long kexec_load(unsigned long entry, unsigned long nr_segments,
 *                   struct kexec_segment *segments, unsigned long flags);
 *   long kexec_file_load(int kernel_fd, int initrd_fd,
 *                        unsigned long cmdline_len, const char *cmdline,
 *                        unsigned long flags);
 *
 * Both only stage the next kernel in memory; it runs on
 * reboot(LINUX_REBOOT_CMD_KEXEC) or, for a crash kernel, on panic. Neither
 * syncs nor unmounts filesystems: userspace does that first if it wants it.
 *
 * Every value here is ABI: kexec-tools and other loaders are built against
 * this file, so values never change and new ones only get added.
 */
#ifndef _UAPILINUX_KEXEC_H
#define _UAPILINUX_KEXEC_H

#include <linux/types.h>

/*
 * kexec_load() flags. The low 16 bits are flags; the high 16 bits
 * (KEXEC_ARCH_MASK) name the architecture of the loaded image.
 *
 * KEXEC_ON_CRASH          load the crash (kdump) kernel, run on panic,
 *                         into the reserved crashkernel memory
 * KEXEC_PRESERVE_CONTEXT  the loaded image may return to this kernel
 *                         (needs kexec jump support)
 * KEXEC_UPDATE_ELFCOREHDR, KEXEC_CRASH_HOTPLUG_SUPPORT
 *                         mainline's crash hotplug: the kernel may rewrite
 *                         the loaded crash image's ELF core header when CPUs
 *                         or memory come and go. This kernel refuses both
 *                         (-EINVAL): it has no crash hotplug.
 */
#define KEXEC_ON_CRASH		0x00000001
#define KEXEC_PRESERVE_CONTEXT	0x00000002
#define KEXEC_UPDATE_ELFCOREHDR	0x00000004
#define KEXEC_CRASH_HOTPLUG_SUPPORT	0x00000008
#define KEXEC_ARCH_MASK		0xffff0000

/*
 * kexec_file_load() flags.
 *
 * KEXEC_FILE_UNLOAD        unload the loaded image; the fds are ignored
 * KEXEC_FILE_ON_CRASH      the call is about the crash (kdump) image
 * KEXEC_FILE_NO_INITRAMFS  there is no initramfs: initrd_fd is ignored
 * KEXEC_FILE_DEBUG         print the load's layout to the kernel log
 * KEXEC_FILE_NO_CMA        place no segment in CMA memory
 * KEXEC_FILE_FORCE_DTB     hand the boot's device tree to the next kernel
 *
 * The last three have mainline's values (KEXEC_FILE_DEBUG since 6.8);
 * Documentation/core-api/kexec.rst says which this kernel honours.
 */
#define KEXEC_FILE_UNLOAD	0x00000001
#define KEXEC_FILE_ON_CRASH	0x00000002
#define KEXEC_FILE_NO_INITRAMFS	0x00000004
#define KEXEC_FILE_DEBUG	0x00000008
#define KEXEC_FILE_NO_CMA	0x00000010
#define KEXEC_FILE_FORCE_DTB	0x00000020

/*
 * The architecture field of the kexec_load() flags: the ELF e_machine
 * number (EM_*) of the image's architecture, shifted into the high 16 bits.
 * KEXEC_ARCH_DEFAULT means the running kernel's own architecture.
 */
#define KEXEC_ARCH_DEFAULT	(0 << 16)
#define KEXEC_ARCH_386		(3 << 16)	/* EM_386 */
#define KEXEC_ARCH_68K		(4 << 16)	/* EM_68K */
#define KEXEC_ARCH_MIPS		(8 << 16)	/* EM_MIPS */
#define KEXEC_ARCH_MIPS_LE	(10 << 16)	/* EM_MIPS_RS3_LE */
#define KEXEC_ARCH_PARISC	(15 << 16)	/* EM_PARISC */
#define KEXEC_ARCH_PPC		(20 << 16)	/* EM_PPC */
#define KEXEC_ARCH_PPC64	(21 << 16)	/* EM_PPC64 */
#define KEXEC_ARCH_S390		(22 << 16)	/* EM_S390 */
#define KEXEC_ARCH_ARM		(40 << 16)	/* EM_ARM */
#define KEXEC_ARCH_SH		(42 << 16)	/* EM_SH */
#define KEXEC_ARCH_IA_64	(50 << 16)	/* EM_IA_64 */
#define KEXEC_ARCH_X86_64	(62 << 16)	/* EM_X86_64 */
#define KEXEC_ARCH_AARCH64	(183 << 16)	/* EM_AARCH64 */
#define KEXEC_ARCH_RISCV	(243 << 16)	/* EM_RISCV */
#define KEXEC_ARCH_LOONGARCH	(258 << 16)	/* EM_LOONGARCH */

/* Most segments one kexec_load() call accepts (an arbitrary cap). */
#define KEXEC_SEGMENT_MAX	16

#ifndef __KERNEL__
/**
 * struct kexec_segment - one piece of the image, for kexec_load()
 * @buf: the bytes to load, in the caller's memory
 * @bufsz: number of bytes at @buf
 * @mem: physical address the piece is loaded at; page aligned
 * @memsz: bytes reserved at @mem, a multiple of the page size and at least
 *	@bufsz; the part past @bufsz is zero filled
 *
 * The kernel keeps its own definition (in <linux/kexec.h>) with the same
 * layout: four pointer-sized words.
 */
struct kexec_segment {
	const void *buf;
	__kernel_size_t bufsz;
	const void *mem;
	__kernel_size_t memsz;
};
#endif /* __KERNEL__ */

#endif /* _UAPILINUX_KEXEC_H */
