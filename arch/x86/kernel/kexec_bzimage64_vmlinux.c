// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a bzImage's decompressed payload for the x86_64 kexec_file loader.
 * Pure: the caller decompresses, allocates and places; see
 * kexec_bzimage64_vmlinux.h.
 *
 * The build makes the payload from two files put end to end and compressed
 * (arch/x86/boot/compressed/Makefile): vmlinux.bin, the kernel's ELF file
 * without symbols, and vmlinux.relocs (arch/x86/tools/relocs.c), three
 * tables of 32-bit little-endian words, each word the low half of the
 * virtual address of a field to adjust when the kernel runs at another
 * virtual address than it was linked for:
 *
 *   0, the 64-bit fields..., 0, the inverse 32-bit fields..., 0, the 32-bit fields...
 *
 * The file's own decompressor (misc.c) reads them backwards from the end;
 * here they are found from the end of the ELF file and must reach the end
 * of the blob exactly, so a blob that is anything else is refused.
 */

#define pr_fmt(fmt) "x86/kexec: " fmt

#include "kexec_pure.h"
#include "kexec_bzimage64_layout.h"
#include "kexec_bzimage64_vmlinux.h"

#define GZIP_MAGIC0		0x1f
#define GZIP_MAGIC1		0x8b
#define PAYLOAD_SIZE_BYTES	4	/* the le32 size the build appends */
#define RELOC_WORD		4
#define NR_RELOC_TABLES		3
/* A bigger kernel would not fit KERNEL_IMAGE_SIZE anyway. */
#define BZ64_VMLINUX_MAX_OUT	(512U << 20)

enum reloc_table { RELOCS_64, RELOCS_INV32, RELOCS_32 };

static const unsigned int reloc_width[NR_RELOC_TABLES] = { 8, 4, 4 };

static u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static void put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static u64 get_le64(const u8 *p)
{
	return get_le32(p) | (u64)get_le32(p + 4) << 32;
}

static void put_le64(u8 *p, u64 v)
{
	put_le32(p, v);
	put_le32(p + 4, v >> 32);
}

/**
 * bz64_find_payload() - where the compressed kernel is and what it gives
 * @buf: the bzImage file, accepted by bz64_parse() into @info
 * @len: bytes at @buf
 * @info: the parsed image
 * @payload: filled in on success
 *
 * Every compressor but gzip is followed by the size it decompresses to, as
 * a le32; gzip's own trailer ends with it (ISIZE), so its stream keeps it.
 *
 * Return: 0, or -ENOEXEC (one line logged) when there is no usable payload.
 */
int bz64_find_payload(const void *buf, size_t len, const struct bz64_image *info,
		      struct bz64_payload *payload)
{
	const u8 *start = (const u8 *)buf + info->setup_size + info->payload_offset;
	size_t plen = info->payload_length;
	bool gzip;

	if (plen <= PAYLOAD_SIZE_BYTES + 2) {
		pr_err("bzImage: payload of %zu bytes is too short to unpack\n", plen);
		return -ENOEXEC;
	}
	gzip = start[0] == GZIP_MAGIC0 && start[1] == GZIP_MAGIC1;
	payload->data = start;
	payload->len = gzip ? plen : plen - PAYLOAD_SIZE_BYTES;
	payload->out_size = get_le32(start + plen - PAYLOAD_SIZE_BYTES);
	if (payload->out_size > BZ64_VMLINUX_MAX_OUT) {
		pr_err("bzImage: payload says it unpacks to %u bytes, more than %u\n",
		       payload->out_size, BZ64_VMLINUX_MAX_OUT);
		return -ENOEXEC;
	}
	return 0;
}

static int check_ehdr(const Elf64_Ehdr *eh, size_t len)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		pr_err("bzImage: unpacked payload is not a 64-bit little-endian ELF file\n");
		return -ENOEXEC;
	}
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64) {
		pr_err("bzImage: unpacked payload is ELF type %u machine %u, not an x86_64 executable\n",
		       eh->e_type, eh->e_machine);
		return -ENOEXEC;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum ||
	    (eh->e_shnum && eh->e_shentsize != sizeof(Elf64_Shdr))) {
		pr_err("bzImage: unpacked ELF has header entries of %u and %u bytes\n",
		       eh->e_phentsize, eh->e_shentsize);
		return -ENOEXEC;
	}
	return 0;
}

/* Is [off, off + n * size) inside the blob? Its end goes to *@end. */
static bool table_fits(u64 off, u64 n, u64 size, size_t len, u64 *end)
{
	return !check_mul_overflow(n, size, end) && !check_add_overflow(*end, off, end) &&
	       *end <= len;
}

/* One PT_LOAD: inside the blob, above the previous one, within the image size. */
static int add_load(struct bz64_vmlinux *vm, const Elf64_Phdr *ph, size_t len, u64 *elf_end)
{
	struct bz64_vmlinux_load *l = &vm->loads[vm->nr_loads];
	u64 end;

	if (vm->nr_loads == BZ64_VMLINUX_MAX_LOADS) {
		pr_err("bzImage: unpacked ELF has more than %u PT_LOAD segments\n",
		       BZ64_VMLINUX_MAX_LOADS);
		return -ENOEXEC;
	}
	if (!table_fits(ph->p_offset, 1, ph->p_filesz, len, &end) || ph->p_filesz > ph->p_memsz) {
		pr_err("bzImage: unpacked PT_LOAD at 0x%llx+0x%llx is outside the %zu byte file\n",
		       (u64)ph->p_offset, (u64)ph->p_filesz, len);
		return -ENOEXEC;
	}
	if (!vm->nr_loads) {
		vm->base_paddr = ph->p_paddr;
		if (ph->p_vaddr - ph->p_paddr != BZ64_START_KERNEL_MAP ||
		    ph->p_paddr % BZ64_VMLINUX_MIN_ALIGN) {
			pr_err("bzImage: unpacked kernel linked at 0x%llx for 0x%llx is not an x86_64 kernel\n",
			       (u64)ph->p_vaddr, (u64)ph->p_paddr);
			return -ENOEXEC;
		}
	}
	if (ph->p_paddr < vm->base_paddr + vm->run_size || ph->p_memsz > BZ64_KERNEL_IMAGE_SIZE ||
	    ph->p_paddr - vm->base_paddr > BZ64_KERNEL_IMAGE_SIZE - ph->p_memsz) {
		pr_err("bzImage: unpacked PT_LOAD at physical 0x%llx overlaps or leaves the image\n",
		       (u64)ph->p_paddr);
		return -ENOEXEC;
	}
	*elf_end = max(*elf_end, end);
	l->file_offset = ph->p_offset;
	l->kernel_map = ph->p_vaddr - ph->p_paddr == BZ64_START_KERNEL_MAP;
	l->run_offset = ph->p_paddr - vm->base_paddr;
	l->filesz = ph->p_filesz;
	vm->load_size = max(vm->load_size, l->run_offset + l->filesz);
	vm->run_size = l->run_offset + ph->p_memsz;
	vm->nr_loads++;
	return 0;
}

/* The program headers; *@elf_end becomes the end of the ELF file's last part. */
static int read_loads(const u8 *blob, size_t len, const Elf64_Ehdr *eh,
		      struct bz64_vmlinux *vm, u64 *elf_end)
{
	Elf64_Phdr ph;
	u64 end;
	int i, ret;

	if (!table_fits(eh->e_phoff, eh->e_phnum, sizeof(ph), len, &end) ||
	    (eh->e_shnum && !table_fits(eh->e_shoff, eh->e_shnum, sizeof(Elf64_Shdr), len,
					elf_end))) {
		pr_err("bzImage: unpacked ELF header tables are outside the %zu byte file\n", len);
		return -ENOEXEC;
	}
	*elf_end = max(*elf_end, end);
	for (i = 0; i < eh->e_phnum; i++) {
		memcpy(&ph, blob + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		ret = add_load(vm, &ph, len, elf_end);
		if (ret)
			return ret;
	}
	if (!vm->nr_loads) {
		pr_err("bzImage: unpacked ELF has no PT_LOAD segment\n");
		return -ENOEXEC;
	}
	return 0;
}

/* Section @i's header, or false when the table does not hold it. */
static bool read_shdr(const u8 *blob, const Elf64_Ehdr *eh, unsigned int i, Elf64_Shdr *sh)
{
	if (i >= eh->e_shnum)
		return false;
	memcpy(sh, blob + eh->e_shoff + i * sizeof(*sh), sizeof(*sh));
	return true;
}

/* Is section @sh named @name? False for a name outside .shstrtab. */
static bool section_named(const u8 *blob, size_t len, const Elf64_Shdr *names,
			  const Elf64_Shdr *sh, const char *name)
{
	size_t n = strlen(name) + 1;
	u64 end;

	return sh->sh_name < names->sh_size && names->sh_size - sh->sh_name >= n &&
	       table_fits(names->sh_offset, 1, names->sh_size, len, &end) &&
	       !memcmp(blob + names->sh_offset + sh->sh_name, name, n);
}

/* Where section @sh runs, from the kernel's start; false for per-CPU data (linked at 0). */
static bool section_run_offset(const struct bz64_vmlinux *vm, const Elf64_Shdr *sh, u64 *off)
{
	*off = sh->sh_addr - BZ64_START_KERNEL_MAP - vm->base_paddr;
	return sh->sh_addr >= BZ64_START_KERNEL_MAP + vm->base_paddr;
}

/*
 * Where the bytes the kernel needs loaded end: after its last allocated
 * section that is neither SHT_NOBITS (.bss, .brk, .orc_lookup) nor
 * .init.scratch, the workarea that vmlinux.lds.S puts past _end for SME's
 * early boot code, and after the per-CPU data (linked at 0, so found by
 * its segment); U64_MAX when there are no section headers to tell.
 */
static u64 needed_end(const u8 *blob, size_t len, const Elf64_Ehdr *eh,
		      const struct bz64_vmlinux *vm)
{
	Elf64_Shdr sh, names;
	u64 end = 0, off;
	unsigned int i;

	if (!read_shdr(blob, eh, eh->e_shstrndx, &names))
		return U64_MAX;
	for (i = 0; read_shdr(blob, eh, i, &sh); i++) {
		if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS ||
		    !section_run_offset(vm, &sh, &off) ||
		    section_named(blob, len, &names, &sh, ".init.scratch"))
			continue;
		/* A section past the segments says nothing trustworthy. */
		if (check_add_overflow(off, sh.sh_size, &off) || off > vm->run_size)
			return U64_MAX;
		end = max(end, off);
	}
	for (i = 0; i < vm->nr_loads; i++)
		if (!vm->loads[i].kernel_map)
			end = max(end, vm->loads[i].run_offset + vm->loads[i].filesz);
	return end ?: U64_MAX;
}

/*
 * The kernel clears .bss and each .brk allocation itself, and .init.scratch
 * is a workarea (the boot decompressor does not load .bss either when the
 * file has no bytes for it): the loaded bytes stop before them, even when
 * a section after them gives them bytes in the file (Debian's 17 MiB .bss,
 * before a 4 MiB .init.scratch).
 */
static void trim_scratch(const u8 *blob, size_t len, const Elf64_Ehdr *eh,
			 struct bz64_vmlinux *vm)
{
	u64 start = needed_end(blob, len, eh, vm);
	unsigned int i;

	if (start >= vm->load_size)
		return;
	vm->load_size = start;
	for (i = 0; i < vm->nr_loads; i++) {
		struct bz64_vmlinux_load *l = &vm->loads[i];

		l->filesz = l->run_offset >= start ? 0 : min(l->filesz, start - l->run_offset);
	}
}

/* Is the field named by relocation word @word inside the loaded bytes? */
static bool reloc_in_image(const struct bz64_vmlinux *vm, u32 word, unsigned int width)
{
	u64 vaddr = (u64)(s64)(s32)word;
	u64 off = vaddr - BZ64_START_KERNEL_MAP - vm->base_paddr;

	return vaddr >= BZ64_START_KERNEL_MAP + vm->base_paddr && vm->load_size >= width &&
	       off <= vm->load_size - width;
}

/*
 * Walk the tables back from the end of the blob, as misc.c does, checking
 * every field; the third terminator must be the first word after the ELF.
 * An x86_64 kernel has them exactly when it was built with
 * CONFIG_RANDOMIZE_BASE (X86_NEED_RELOCS), which moves the kernel's top
 * from 512 MiB to 1 GiB (KERNEL_IMAGE_SIZE).
 */
static int read_relocs(const u8 *blob, size_t len, u64 elf_end, struct bz64_vmlinux *vm)
{
	size_t pos = len;
	int t;

	vm->relocs_start = elf_end;
	if (len == elf_end)
		return 0;	/* built without CONFIG_RANDOMIZE_BASE: none */
	if ((len - elf_end) % RELOC_WORD || len - elf_end < NR_RELOC_TABLES * RELOC_WORD) {
		pr_err("bzImage: the %llu bytes after the unpacked ELF file are no relocation tables\n",
		       len - elf_end);
		return -ENOEXEC;
	}
	for (t = RELOCS_32; t >= RELOCS_64; t--) {
		u32 word;

		while (pos - RELOC_WORD >= elf_end && (word = get_le32(blob + pos - RELOC_WORD))) {
			if (!reloc_in_image(vm, word, reloc_width[t])) {
				pr_err("bzImage: relocation of the field at 0x%x is outside the kernel\n",
				       word);
				return -ENOEXEC;
			}
			vm->nr_relocs[t]++;
			pos -= RELOC_WORD;
		}
		if (pos - RELOC_WORD < elf_end) {
			pr_err("bzImage: relocation tables run into the unpacked ELF file\n");
			return -ENOEXEC;
		}
		pos -= RELOC_WORD;
	}
	if (pos != elf_end) {
		pr_err("bzImage: %zu bytes between the unpacked ELF file and its relocation tables\n",
		       pos - (size_t)elf_end);
		return -ENOEXEC;
	}
	vm->relocatable = true;
	return 0;
}

/* Can the blob become the kernel where it is (bz64_vmlinux_lay_out())? */
static bool lays_out_in_place(const struct bz64_vmlinux *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_loads; i++)
		if (vm->loads[i].filesz && vm->loads[i].file_offset < vm->loads[i].run_offset)
			return false;
	return true;
}

/**
 * bz64_vmlinux_parse() - check a decompressed payload and say how to load it
 * @blob: the decompressed payload
 * @len: bytes at @blob
 * @vm: filled in on success
 *
 * Return: 0, or -ENOEXEC (one line logged) when @blob is not an x86_64
 * kernel with relocation tables that only touch its own loaded bytes.
 */
int bz64_vmlinux_parse(const void *blob, size_t len, struct bz64_vmlinux *vm)
{
	Elf64_Ehdr eh;
	u64 elf_end = sizeof(eh);
	int ret;

	memset(vm, 0, sizeof(*vm));
	if (len < sizeof(eh)) {
		pr_err("bzImage: unpacked payload of %zu bytes is too short for ELF\n", len);
		return -ENOEXEC;
	}
	memcpy(&eh, blob, sizeof(eh));
	ret = check_ehdr(&eh, len);
	if (ret)
		return ret;
	ret = read_loads(blob, len, &eh, vm, &elf_end);
	if (ret)
		return ret;
	trim_scratch(blob, len, &eh, vm);
	/*
	 * A real kernel's segments sit at the same distances in the file as
	 * in memory, give or take alignment: one spread wider than its file
	 * would only make the loader allocate and hash room for nothing.
	 */
	if (vm->load_size > len) {
		pr_err("bzImage: unpacked kernel spans 0x%llx bytes, more than its 0x%zx byte file\n",
		       vm->load_size, len);
		return -ENOEXEC;
	}
	if (eh.e_entry < vm->base_paddr || eh.e_entry - vm->base_paddr >= vm->load_size) {
		pr_err("bzImage: unpacked entry point 0x%llx is outside the kernel\n",
		       (u64)eh.e_entry);
		return -ENOEXEC;
	}
	vm->entry_offset = eh.e_entry - vm->base_paddr;
	vm->in_place = lays_out_in_place(vm);
	return read_relocs(blob, len, elf_end, vm);
}

/**
 * bz64_vmlinux_lay_out() - the kernel as it sits in memory
 * @blob: the payload bz64_vmlinux_parse() accepted into @vm
 * @vm: its layout
 * @dst: @vm->load_size bytes: each segment at its offset, the gaps zero;
 *	may be @blob itself when @vm->in_place
 *
 * In place, each segment moves down (or stays), in ascending order, and a
 * gap is zeroed below the segment that follows it: nothing is written over
 * bytes still to be moved, nor over the relocation tables past the ELF
 * file (bz64_vmlinux_parse() checked both).
 */
void bz64_vmlinux_lay_out(const void *blob, const struct bz64_vmlinux *vm, void *dst)
{
	const struct bz64_vmlinux_load *l;
	u64 done = 0;
	unsigned int i;

	for (i = 0; i < vm->nr_loads; i++) {
		l = &vm->loads[i];
		if (!l->filesz)
			continue;
		memset((u8 *)dst + done, 0, l->run_offset - done);
		memmove((u8 *)dst + l->run_offset, (const u8 *)blob + l->file_offset, l->filesz);
		done = l->run_offset + l->filesz;
	}
	memset((u8 *)dst + done, 0, vm->load_size - done);
}

/* The field relocation word @word names, in the laid-out kernel @dst. */
static u8 *reloc_field(const struct bz64_vmlinux *vm, u8 *dst, u32 word)
{
	return dst + ((u64)(s64)(s32)word - BZ64_START_KERNEL_MAP - vm->base_paddr);
}

/**
 * bz64_vmlinux_relocate() - move the laid-out kernel @delta bytes up in
 *	virtual memory
 * @blob: the payload bz64_vmlinux_parse() accepted into @vm
 * @vm: its layout
 * @dst: the kernel as bz64_vmlinux_lay_out() wrote it
 * @delta: virtual offset, a multiple of the kernel's alignment
 *
 * The arithmetic of misc.c's handle_relocations(): 64-bit and 32-bit
 * fields hold addresses and move up; inverse 32-bit fields hold distances
 * from a per-CPU address (which does not move) to the kernel, and shrink.
 */
void bz64_vmlinux_relocate(const void *blob, const struct bz64_vmlinux *vm, void *dst,
			   u64 delta)
{
	const u8 *word = (const u8 *)blob + vm->relocs_start;
	unsigned int t;
	u32 i;
	u8 *f;

	for (t = RELOCS_64; t <= RELOCS_32 && delta; t++) {
		word += RELOC_WORD;	/* the table's zero terminator */
		for (i = 0; i < vm->nr_relocs[t]; i++, word += RELOC_WORD) {
			f = reloc_field(vm, dst, get_le32(word));
			if (t == RELOCS_64)
				put_le64(f, get_le64(f) + delta);
			else if (t == RELOCS_INV32)
				put_le32(f, get_le32(f) - (u32)delta);
			else
				put_le32(f, get_le32(f) + (u32)delta);
		}
	}
}

/**
 * bz64_vmlinux_virt_delta() - a random virtual offset for KASLR
 * @vm: the kernel's layout
 * @align: its alignment (a power of two)
 * @random: a random number
 *
 * One of the @align-aligned offsets that keep the whole kernel inside
 * BZ64_KASLR_IMAGE_SIZE, chosen by @random, as the bzImage's own
 * decompressor chooses one (find_random_virt_addr()); 0 when the kernel
 * has no relocation tables or there is no other.
 *
 * Return: the offset to pass to bz64_vmlinux_relocate().
 */
u64 bz64_vmlinux_virt_delta(const struct bz64_vmlinux *vm, u64 align, u32 random)
{
	u64 top = vm->base_paddr + ((vm->run_size + align - 1) & ~(align - 1));

	if (!vm->relocatable || top >= BZ64_KASLR_IMAGE_SIZE)
		return 0;
	return (random % ((BZ64_KASLR_IMAGE_SIZE - top) / align + 1)) * align;
}
