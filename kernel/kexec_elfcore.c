// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump ELF core header ("elfcorehdr"), layout in <linux/kexec_elfcore.h>.
 *
 * The crash kernel's /proc/vmcore treats the crashed kernel's physical memory
 * as the core file: the file offset of every PT_NOTE and PT_LOAD is a
 * physical address. Only the header is built here, at load time; the CPU
 * notes and vmcoreinfo it points at are filled in by the crashing kernel.
 *
 * kexec_elfcore_size() and kexec_elfcore_build() check the layout alike and
 * log one line for the first thing wrong with it. kexec_crash_dump_ranges()
 * and crash_exclude_mem_range() compute the memory to dump: System RAM
 * without the crash kernel's own regions.
 */

#define pr_fmt(fmt) "kexec: " fmt

#include <linux/kexec_elfcore.h>

#include "kexec_pure.h"

/* ELF-64 object file format, version 1.5: fixed record sizes. */
static_assert(sizeof(Elf64_Ehdr) == 64);
static_assert(sizeof(Elf64_Phdr) == 56);

/*
 * e_phnum is 16 bits; 0xffff (PN_XNUM) is an escape that moves the count into
 * section header 0, which /proc/vmcore does not look at.
 */
#define ELFCORE_MAX_PHDRS	(PN_XNUM - 1U)

/* The crashed kernel's memory: readable, writable and executable. */
#define ELFCORE_LOAD_FLAGS	(PF_R | PF_W | PF_X)

/* [paddr, paddr + size) is not empty and ends at or below U64_MAX. */
static bool span_ok(u64 paddr, u64 size)
{
	return size && paddr <= U64_MAX - size;
}

static int check_notes(const struct kexec_elfcore_layout *l)
{
	const struct kexec_elfcore_note *n;
	unsigned int cpu;

	for (cpu = 0; cpu < l->nr_cpu_notes; cpu++) {
		n = &l->cpu_notes[cpu];
		if (!span_ok(n->paddr, n->size)) {
			pr_err("elfcorehdr: CPU %u note at 0x%llx size 0x%llx is empty or wraps\n",
			       cpu, n->paddr, n->size);
			return -EINVAL;
		}
	}
	n = &l->vmcoreinfo;
	if (!span_ok(n->paddr, n->size)) {
		pr_err("elfcorehdr: vmcoreinfo note at 0x%llx size 0x%llx is empty or wraps\n",
		       n->paddr, n->size);
		return -EINVAL;
	}
	return 0;
}

static int check_kernel_map(const struct kexec_elfcore_layout *l)
{
	const struct kexec_elfcore_note *k = &l->kernel_map;

	if (!k->size || (span_ok(k->paddr, k->size) && span_ok(l->kernel_vaddr, k->size)))
		return 0;
	pr_err("elfcorehdr: kernel map 0x%llx at 0x%llx size 0x%llx wraps\n",
	       k->paddr, l->kernel_vaddr, k->size);
	return -EINVAL;
}

static int count_phdrs(const struct kexec_elfcore_layout *l, unsigned int *phnum)
{
	u64 n = (u64)l->nr_cpu_notes + 1 + !!l->kernel_map.size;

	if (check_add_overflow(n, (u64)l->nr_dump, &n) || n > ELFCORE_MAX_PHDRS) {
		pr_err("elfcorehdr: %u CPU notes and %zu dump ranges need more than %u program headers\n",
		       l->nr_cpu_notes, l->nr_dump, ELFCORE_MAX_PHDRS);
		return -E2BIG;
	}
	*phnum = n;
	return 0;
}

static int check_dump(const struct kexec_elfcore_layout *l)
{
	const struct kexec_range *r = l->dump;
	size_t i;

	if (l->nr_dump && !r) {
		pr_err("elfcorehdr: %zu dump ranges but no array\n", l->nr_dump);
		return -EINVAL;
	}
	for (i = 0; i < l->nr_dump; i++) {
		if (kexec_range_empty(&r[i])) {
			pr_err("elfcorehdr: dump range %zu [0x%llx, 0x%llx) is empty\n",
			       i, r[i].start, r[i].end);
			return -EINVAL;
		}
		if (i && r[i].start < r[i - 1].start) {
			pr_err("elfcorehdr: dump range %zu at 0x%llx is below range %zu at 0x%llx\n",
			       i, r[i].start, i - 1, r[i - 1].start);
			return -EINVAL;
		}
		if (i && r[i].start < r[i - 1].end) {
			pr_err("elfcorehdr: dump range %zu at 0x%llx overlaps range %zu ending at 0x%llx\n",
			       i, r[i].start, i - 1, r[i - 1].end);
			return -EINVAL;
		}
	}
	return 0;
}

/* Scalars and counts first, so that no array is walked past a bad count. */
static int check_layout(const struct kexec_elfcore_layout *l, unsigned int *phnum)
{
	int ret;

	if (!l->nr_cpu_notes || !l->cpu_notes) {
		pr_err("elfcorehdr: no CPU crash notes (%u given)\n", l->nr_cpu_notes);
		return -EINVAL;
	}
	if (!is_power_of_2(l->align)) {
		pr_err("elfcorehdr: alignment 0x%llx is not a power of two\n", l->align);
		return -EINVAL;
	}
	ret = count_phdrs(l, phnum);
	if (ret)
		return ret;
	ret = check_notes(l);
	if (ret)
		return ret;
	ret = check_kernel_map(l);
	if (ret)
		return ret;
	return check_dump(l);
}

/* Check @l; give its program header count and the aligned header size. */
static int layout_size(const struct kexec_elfcore_layout *l, unsigned int *phnum, size_t *size)
{
	u64 bytes;
	int ret;

	ret = check_layout(l, phnum);
	if (ret)
		return ret;
	bytes = sizeof(Elf64_Ehdr) + (u64)*phnum * sizeof(Elf64_Phdr);
	/* At most 3.6 MiB before rounding: only a 32-bit size_t can overflow. */
	if (kexec_align_up(bytes, l->align, &bytes) || (size_t)bytes != bytes) {
		pr_err("elfcorehdr: 0x%llx bytes aligned to 0x%llx overflow a size_t\n",
		       bytes, l->align);
		return -EOVERFLOW;
	}
	*size = bytes;
	return 0;
}

/**
 * kexec_elfcore_size() - bytes needed for the ELF core header of a layout
 * @layout: what the header describes
 * @size: receives the size: the ELF header and every program header, rounded
 *	up to @layout->align
 *
 * Return: 0; -EINVAL for a bad layout (no CPU notes, an empty or wrapping
 * note or kernel map, an alignment that is not a power of two, dump ranges
 * that are empty, out of order or overlapping); -E2BIG when more than 0xfffe
 * program headers would be needed; -EOVERFLOW when the aligned size does not
 * fit a size_t. A rejection logs one line and leaves @size untouched.
 */
int kexec_elfcore_size(const struct kexec_elfcore_layout *layout, size_t *size)
{
	unsigned int phnum;

	return layout_size(layout, &phnum, size);
}

static void put_ehdr(void *at, const struct kexec_elfcore_layout *l, unsigned int phnum)
{
	Elf64_Ehdr eh = {
		.e_ident = {
			[EI_MAG0] = ELFMAG0,
			[EI_MAG1] = ELFMAG1,
			[EI_MAG2] = ELFMAG2,
			[EI_MAG3] = ELFMAG3,
			[EI_CLASS] = ELFCLASS64,
			[EI_DATA] = KEXEC_ELFCORE_DATA,
			[EI_VERSION] = EV_CURRENT,
			[EI_OSABI] = l->osabi,
		},
		.e_type = ET_CORE,
		.e_machine = l->machine,
		.e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = phnum,
	};

	memcpy(at, &eh, sizeof(eh));
}

/* Write one program header at @at; the next one goes at the address returned. */
static u8 *put_phdr(u8 *at, u32 type, u64 paddr, u64 vaddr, u64 size)
{
	Elf64_Phdr ph = {
		.p_type = type,
		.p_flags = type == PT_LOAD ? ELFCORE_LOAD_FLAGS : 0,
		.p_offset = paddr,
		.p_vaddr = vaddr,
		.p_paddr = paddr,
		.p_filesz = size,
		.p_memsz = size,
	};

	memcpy(at, &ph, sizeof(ph));
	return at + sizeof(ph);
}

static u8 *put_note(u8 *at, const struct kexec_elfcore_note *n)
{
	return put_phdr(at, PT_NOTE, n->paddr, 0, n->size);
}

/**
 * kexec_elfcore_build() - write the ELF core header of a layout
 * @layout: what the header describes
 * @buf: where to write it; no alignment needed
 * @size: bytes available at @buf
 *
 * Writes exactly the size kexec_elfcore_size() gives: the ELF header, the
 * program headers in the order drawn in <linux/kexec_elfcore.h>, then zeroes
 * up to the aligned size. Bytes of @buf beyond that are not touched.
 *
 * Return: 0; -ENOSPC when @size is smaller than the header (nothing is
 * written); otherwise the errors of kexec_elfcore_size(). A rejection logs
 * one line.
 */
int kexec_elfcore_build(const struct kexec_elfcore_layout *layout, void *buf, size_t size)
{
	const struct kexec_range *r;
	unsigned int phnum, cpu;
	size_t need, i;
	u8 *at;
	int ret;

	ret = layout_size(layout, &phnum, &need);
	if (ret)
		return ret;
	if (size < need) {
		pr_err("elfcorehdr: buffer of 0x%zx bytes, the header needs 0x%zx\n", size, need);
		return -ENOSPC;
	}
	memset(buf, 0, need);
	put_ehdr(buf, layout, phnum);
	at = (u8 *)buf + sizeof(Elf64_Ehdr);
	for (cpu = 0; cpu < layout->nr_cpu_notes; cpu++)
		at = put_note(at, &layout->cpu_notes[cpu]);
	at = put_note(at, &layout->vmcoreinfo);
	if (layout->kernel_map.size)
		at = put_phdr(at, PT_LOAD, layout->kernel_map.paddr, layout->kernel_vaddr,
			      layout->kernel_map.size);
	for (i = 0; i < layout->nr_dump; i++) {
		r = &layout->dump[i];
		/* Modulo 2^64, as the direct map's base may be notional. */
		at = put_phdr(at, PT_LOAD, r->start, r->start + layout->direct_map_base,
			      kexec_range_size(r));
	}
	return 0;
}

/**
 * kexec_crash_dump_ranges() - the memory a crash dump covers
 * @ram: System RAM
 * @exclude: @nr_exclude ranges to leave out (the crash kernel's regions,
 *	low memory the firmware owns); in any order, empty ones are ignored
 * @nr_exclude: number of @exclude ranges
 * @dump: receives @ram without @exclude; its previous contents are
 *	overwritten, not freed
 *
 * On success the caller releases @dump with kexec_range_set_free(). On
 * failure @dump is empty and holds no memory, so freeing it is harmless.
 *
 * Return: 0, -EINVAL (one line logged) for an @exclude range that ends before
 * it starts, or -ENOMEM.
 */
int kexec_crash_dump_ranges(const struct kexec_range_set *ram,
			    const struct kexec_range *exclude, size_t nr_exclude,
			    struct kexec_range_set *dump)
{
	return kexec_ranges_minus(ram->ranges, ram->nr, exclude, nr_exclude, dump);
}

/* Cutting [first, last] out of @r leaves a piece on either side. */
static bool cut_splits(const struct crash_mem_range *r, u64 first, u64 last)
{
	return r->start < first && last < r->end;
}

/*
 * Cut [first, last] out of mem->ranges[i], which has room to split when it
 * must. Return the index of the next range to look at.
 */
static unsigned int cut_range(struct crash_mem *mem, unsigned int i, u64 first, u64 last)
{
	struct crash_mem_range *r = &mem->ranges[i];
	size_t tail = (mem->nr_ranges - i - 1) * sizeof(*r);

	if (last < r->start || first > r->end)
		return i + 1;
	if (first <= r->start && r->end <= last) {
		memmove(r, r + 1, tail);
		mem->nr_ranges--;
		return i;
	}
	if (cut_splits(r, first, last)) {
		memmove(r + 2, r + 1, tail);
		r[1].start = last + 1;
		r[1].end = r->end;
		r->end = first - 1;
		mem->nr_ranges++;
		return i + 2;
	}
	if (first <= r->start)
		r->start = last + 1;
	else
		r->end = first - 1;
	return i + 1;
}

/**
 * crash_exclude_mem_range() - remove [@mstart, @mend] from a list of ranges
 * @mem: the list; each range is [start, end] with @end inclusive
 * @mstart: first byte to remove
 * @mend: last byte to remove; below @mstart, nothing is removed
 *
 * Ranges inside [@mstart, @mend] are dropped, ranges it overlaps at one end
 * are trimmed, and a range it lies strictly inside is split in two, which
 * takes one more slot of @mem. The order of the ranges is kept.
 *
 * Return: 0, or -ENOMEM (one line logged) when the splits need more slots
 * than @mem has free; @mem is then unchanged.
 */
int crash_exclude_mem_range(struct crash_mem *mem, unsigned long long mstart,
			    unsigned long long mend)
{
	unsigned int i, splits = 0, room;

	if (mend < mstart)
		return 0;
	for (i = 0; i < mem->nr_ranges; i++)
		splits += cut_splits(&mem->ranges[i], mstart, mend);
	room = mem->max_nr_ranges > mem->nr_ranges ? mem->max_nr_ranges - mem->nr_ranges : 0;
	if (splits > room) {
		pr_err("crash_mem: no room to split a range around [0x%llx, 0x%llx] (%u of %u used)\n",
		       mstart, mend, mem->nr_ranges, mem->max_nr_ranges);
		return -ENOMEM;
	}
	i = 0;
	while (i < mem->nr_ranges)
		i = cut_range(mem, i, mstart, mend);
	return 0;
}
