// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the reader of a bzImage's decompressed payload in
 * arch/x86/kernel/kexec_bzimage64_vmlinux.c: the kernel's ELF file and the
 * relocation tables after it.
 *
 * Input byte 0 picks the mode. Odd: the rest is the whole blob. Even: the
 * rest is XORed onto a valid synthetic kernel (two segments, section
 * headers with a .bss before .init.scratch, three relocation tables) and
 * byte 1 trims its length, so mutations start next to an accepted blob.
 *
 * Whatever the input, the reader must not read outside it; an accepted blob
 * must lay out into load_size bytes and relocate there without touching
 * anything else (ASan watches both buffers), with its tables exactly
 * filling the blob's end, and where it says it can be laid out in place,
 * doing so must give the same kernel.
 */
#include "../seams/x86_kexec_pure.h"
#include "../../../../arch/x86/kernel/kexec_bzimage64_vmlinux.c"

#include <stdlib.h>

#include "../harness/kt.h"

#define BASE		0x1000000ULL
#define TEXT		(BZ64_START_KERNEL_MAP + BASE)
#define SHDRS		0x3040
#define RELOCS		(SHDRS + 5 * sizeof(Elf64_Shdr))
#define SYN_LEN		(RELOCS + 7 * 4)

static const char names[] = "\0.text\0.bss\0.init.scratch\0.shstrtab";

static void phdr(u8 *b, int i, u64 off, u64 vaddr, u64 paddr, u64 filesz, u64 memsz)
{
	Elf64_Phdr ph = { .p_type = PT_LOAD, .p_offset = off, .p_vaddr = vaddr,
			  .p_paddr = paddr, .p_filesz = filesz, .p_memsz = memsz };

	memcpy(b + sizeof(Elf64_Ehdr) + i * sizeof(ph), &ph, sizeof(ph));
}

static void shdr(u8 *b, int i, u32 name, u32 type, u64 addr, u64 off, u64 size)
{
	Elf64_Shdr sh = { .sh_name = name, .sh_type = type, .sh_addr = addr,
			  .sh_offset = off, .sh_size = size, .sh_flags = addr ? SHF_ALLOC : 0 };

	memcpy(b + SHDRS + i * sizeof(sh), &sh, sizeof(sh));
}

static void synthetic(u8 *b)
{
	static const u32 words[] = { 0, (u32)(TEXT + 0x10), 0, (u32)(TEXT + 0x20), 0,
				     (u32)(TEXT + 0x30), (u32)(TEXT + 0x2008) };
	Elf64_Ehdr eh = {
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_entry = BASE,
		.e_phoff = sizeof(eh), .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 2,
		.e_shoff = SHDRS, .e_shentsize = sizeof(Elf64_Shdr), .e_shnum = 5,
		.e_shstrndx = 4,
	};
	unsigned int i;

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	memset(b, 0, SYN_LEN);
	memcpy(b, &eh, sizeof(eh));
	/* text 0x1000 bytes, then per-CPU data, then .bss and .init.scratch */
	phdr(b, 0, 0x1000, TEXT, BASE, 0x1000, 0x1000);
	phdr(b, 1, 0x2000, 0, BASE + 0x2000, 0x1000, 0x3000);
	memcpy(b + 0x3000, names, sizeof(names));
	shdr(b, 1, 1, SHT_PROGBITS, TEXT, 0x1000, 0x1000);
	shdr(b, 2, 7, SHT_NOBITS, TEXT + 0x3000, 0x3000, 0x1000);
	shdr(b, 3, 12, SHT_PROGBITS, TEXT + 0x4000, 0x3000, 0x1000);
	shdr(b, 4, 26, SHT_STRTAB, 0, 0x3000, sizeof(names));
	for (i = 0; i < ARRAY_SIZE(words); i++)
		put_le32(b + RELOCS + 4 * i, words[i]);
}

static void check_accepted(const u8 *blob, size_t len, const struct bz64_vmlinux *vm)
{
	u32 n = vm->nr_relocs[0] + vm->nr_relocs[1] + vm->nr_relocs[2];
	u64 delta = bz64_vmlinux_virt_delta(vm, 0x200000, 0x9e3779b9);
	u8 *dst, *copy;

	if (!vm->load_size || vm->load_size > vm->run_size || vm->entry_offset >= vm->load_size ||
	    vm->run_size > BZ64_KERNEL_IMAGE_SIZE || vm->relocs_start > len ||
	    (vm->relocatable && vm->relocs_start + 4ULL * (n + 3) != len) ||
	    (!vm->relocatable && (n || vm->relocs_start != len)))
		abort();
	dst = malloc(vm->load_size);
	bz64_vmlinux_lay_out(blob, vm, dst);
	bz64_vmlinux_relocate(blob, vm, dst, delta);
	/* In place, the same kernel must come out of the blob's own bytes. */
	if (vm->in_place) {
		copy = malloc(len);
		memcpy(copy, blob, len);
		bz64_vmlinux_lay_out(copy, vm, copy);
		bz64_vmlinux_relocate(copy, vm, copy, delta);
		if (memcmp(copy, dst, vm->load_size))
			abort();
		free(copy);
	}
	free(dst);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct bz64_vmlinux vm;
	size_t len, i;
	u8 *blob;

	if (size < 2)
		return 0;
	if (data[0] & 1) {
		len = size - 1;
		blob = malloc(len ? len : 1);
		memcpy(blob, data + 1, len);
	} else {
		blob = malloc(SYN_LEN);
		synthetic(blob);
		for (i = 2; i < size && i - 2 < SYN_LEN; i++)
			blob[i - 2] ^= data[i];
		len = SYN_LEN - data[1] * 16;
		/* Realloc to the exact length so ASan sees any overread. */
		blob = realloc(blob, len);
	}
	kt_log_reset();
	if (!bz64_vmlinux_parse(blob, len, &vm))
		check_accepted(blob, len, &vm);
	free(blob);
	return 0;
}
