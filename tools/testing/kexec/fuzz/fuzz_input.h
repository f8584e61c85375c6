/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a libFuzzer input as a stream of little-endian fields, for the
 * targets that decode it into a structured model: bytes past the end read
 * as zero, so every input, however short, decodes to something.
 */
#ifndef _KEXEC_FUZZ_INPUT_H
#define _KEXEC_FUZZ_INPUT_H

struct fuzz_input {
	const u8 *data;
	size_t left;
};

/* The next @bytes (at most 8) bytes as a little-endian number. */
static inline u64 fuzz_take(struct fuzz_input *in, size_t bytes)
{
	u64 v = 0;
	size_t i;

	for (i = 0; i < bytes && in->left; i++, in->data++, in->left--)
		v |= (u64)in->data[0] << (8 * i);
	return v;
}

#endif /* _KEXEC_FUZZ_INPUT_H */
