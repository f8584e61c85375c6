/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of the segment list given to kexec_load(2), before anything is
 * allocated or copied. Pure: the caller passes the segments (already copied
 * from user space), the memory they may land in and the limits.
 */
#ifndef _LINUX_KEXEC_SEGMENT_CHECK_H
#define _LINUX_KEXEC_SEGMENT_CHECK_H

#include <linux/kexec_ranges.h>
#include <linux/types.h>

/**
 * struct kexec_segment_desc - one segment, as user space described it
 * @buf: user address of the data; only carried along, never dereferenced
 * @bufsz: bytes of data to copy from @buf
 * @mem: physical destination
 * @memsz: bytes reserved at @mem; the part past @bufsz is zero-filled
 *
 * Mirrors struct kexec_segment of <uapi/linux/kexec.h> with fixed-width
 * fields, so the checks read the same on 32- and 64-bit kernels.
 */
struct kexec_segment_desc {
	u64 buf;
	u64 bufsz;
	u64 mem;
	u64 memsz;
};

/**
 * struct kexec_segment_limits - what the running kernel allows
 * @max_segments: most segments in one load (KEXEC_SEGMENT_MAX for kexec_load)
 * @page_size: PAGE_SIZE; @mem and @memsz of every segment must be multiples
 * @max_total_memsz: most bytes all segments together may reserve (kexec_load
 *	allows half of the RAM pages)
 */
struct kexec_segment_limits {
	unsigned int max_segments;
	u64 page_size;
	u64 max_total_memsz;
};

int kexec_segments_check(const struct kexec_segment_desc *segs, size_t nr,
			 const struct kexec_range_set *ram,
			 const struct kexec_segment_limits *lim);

#endif /* _LINUX_KEXEC_SEGMENT_CHECK_H */
