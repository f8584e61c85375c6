// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kernel/kexec_elf_rel.c: every input is parsed, and
 * what parses is laid out, placed, relocated and searched for the symbols
 * the kernel writes. The sanitizers catch bad accesses; a leak aborts.
 */
#include "../seams/kexec_pure.h"
#include "../../../../kernel/kexec_elf_rel.c"
/* The x86 files log under their own prefix (pr_fmt). */
#undef pr_fmt
#include "../seams/x86_kexec_pure.h"
#include "../../../../arch/x86/kernel/kexec_reloc_64.c"

#include <stdlib.h>

#include "../harness/kt.h"

/* Where the fuzzed image is placed: high enough to make 32-bit overflows. */
#define FUZZ_LOAD	0x7ff00000ULL

static void exercise(const struct kexec_elf_rel_obj *obj)
{
	struct kexec_elf_rel_image img;
	u64 addr;

	if (kexec_elf_rel_layout(obj, &img))
		return;
	if (!kexec_elf_rel_place(obj, &img, FUZZ_LOAD & ~(img.align - 1)) &&
	    !kexec_elf_rel_relocate(obj, &img, kexec_elf_rel_apply_x86_64)) {
		kexec_elf_rel_symbol_ptr(obj, &img, "purgatory_sha256_digest", 32);
		kexec_elf_rel_symbol_addr(obj, &img, "stack_end", &addr);
	}
	kexec_elf_rel_image_free(&img);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t len);

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	/* The loader wants the object 8-byte aligned, as the kernel's is. */
	u64 *buf = malloc(len + 8);
	struct kexec_elf_rel_obj obj;

	if (!buf)
		return 0;
	memcpy(buf, data, len);
	if (!kexec_elf_rel_parse(buf, len, EM_X86_64, &obj))
		exercise(&obj);
	free(buf);
	kt_log_reset();
	if (kt_alloc_live())
		abort();
	return 0;
}
