/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unified Kernel Images for kexec_file_load(2): a PE file (an EFI stub)
 * carrying the kernel, and optionally an initrd, a command line and
 * metadata, in named sections (the UAPI Group's UKI specification). Pure:
 * the caller passes the file; kernel/kexec_uki_loader.c loads what this
 * finds.
 */
#ifndef _LINUX_KEXEC_UKI_H
#define _LINUX_KEXEC_UKI_H

#include <linux/types.h>

/* The sections this kernel reads, in the order of kexec_uki_section_name(). */
enum kexec_uki_part {
	KEXEC_UKI_LINUX,	/* the kernel image: required */
	KEXEC_UKI_INITRD,
	KEXEC_UKI_CMDLINE,
	KEXEC_UKI_OSREL,	/* os-release of the image, logged only */
	KEXEC_UKI_UNAME,	/* the kernel's release, logged only */
	KEXEC_UKI_DTB,		/* ignored: the running kernel's tree is handed over */
	KEXEC_UKI_NR_PARTS
};

/**
 * struct kexec_uki_blob - one section's data in the file
 * @at: file offset (PointerToRawData)
 * @size: bytes of data (VirtualSize); 0 when the section is absent
 */
struct kexec_uki_blob {
	u32 at;
	u32 size;
};

/**
 * struct kexec_uki - what a UKI holds
 * @part: each known section's data, by enum kexec_uki_part
 */
struct kexec_uki {
	struct kexec_uki_blob part[KEXEC_UKI_NR_PARTS];
};

const char *kexec_uki_section_name(enum kexec_uki_part part);
int kexec_uki_parse(const void *buf, size_t len, struct kexec_uki *uki,
		    char *why, size_t why_len);
size_t kexec_uki_cmdline(const void *buf, const struct kexec_uki *uki, char *out,
			 size_t out_len);

#endif /* _LINUX_KEXEC_UKI_H */
