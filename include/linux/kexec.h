/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec: load a second kernel and boot it without going through firmware,
 * either on request (reboot(LINUX_REBOOT_CMD_KEXEC)) or, for the crash
 * kernel, on panic.
 *
 * The pieces, in the order this header declares them:
 *
 *   the entry list     IND_* encoded page list relocate_kernel carries out
 *   segments           what is loaded where (struct kexec_segment)
 *   kexec_file_load    loaders, placement (struct kexec_buf), purgatory
 *   struct kimage      one loaded image
 *   core interfaces    machine_kexec*(), crash entry points, the globals
 *   arch hooks         #ifndef arch_xxx defaults an architecture overrides
 *                      by defining the macro in its <asm/kexec.h>
 *
 * The architecture supplies, in <asm/kexec.h>, KEXEC_SOURCE_MEMORY_LIMIT,
 * KEXEC_DESTINATION_MEMORY_LIMIT, KEXEC_CONTROL_MEMORY_LIMIT,
 * KEXEC_CONTROL_PAGE_SIZE and KEXEC_ARCH, and may override the other
 * KEXEC_* constants defaulted below.
 */
#ifndef LINUX_KEXEC_H
#define LINUX_KEXEC_H

#include <linux/bits.h>

/*
 * The entry list: a chain of pages of kimage_entry_t, each a page-aligned
 * physical address ORed with exactly one of these flags (IND_DONE carries
 * no address). Visible to assembly: the relocation code tests the bits.
 *
 *   IND_DESTINATION  following sources are copied here, one page after another
 *   IND_INDIRECTION  the list continues in the page at this address
 *   IND_DONE         end of the list
 *   IND_SOURCE       copy this page to the current destination, which then
 *                    advances by one page
 */
#define IND_DESTINATION_BIT	0
#define IND_INDIRECTION_BIT	1
#define IND_DONE_BIT		2
#define IND_SOURCE_BIT		3

#define IND_DESTINATION		BIT(IND_DESTINATION_BIT)
#define IND_INDIRECTION		BIT(IND_INDIRECTION_BIT)
#define IND_DONE		BIT(IND_DONE_BIT)
#define IND_SOURCE		BIT(IND_SOURCE_BIT)
#define IND_FLAGS		(IND_DESTINATION | IND_INDIRECTION | IND_DONE | IND_SOURCE)

#if !defined(__ASSEMBLY__)

#include <linux/build_bug.h>
#include <linux/cleanup.h>
#include <linux/crash_core.h>
#include <linux/kexec_elf_rel.h>
#include <linux/kexec_elfcore.h>
#include <linux/kexec_entries.h>
#include <linux/io.h>

#include <uapi/linux/kexec.h>
#include <linux/verification.h>

/* A kexec_range_set (<linux/kexec_ranges.h>) freed when it goes out of scope. */
DEFINE_FREE(kexec_range_set, struct kexec_range_set, kexec_range_set_free(&_T))

/* The pure entry-list builder (kexec_entries.c) writes the same encoding. */
static_assert(KEXEC_IND_DESTINATION == IND_DESTINATION);
static_assert(KEXEC_IND_INDIRECTION == IND_INDIRECTION);
static_assert(KEXEC_IND_DONE == IND_DONE);
static_assert(KEXEC_IND_SOURCE == IND_SOURCE);
static_assert(KEXEC_IND_FLAGS == IND_FLAGS);

/* The memory reserved for the crash kernel (crashkernel=), and its part below 4 GiB. */
extern struct resource crashk_res;
extern struct resource crashk_low_res;
/* Per-CPU ELF notes the crashing kernel fills with each CPU's registers. */
extern note_buf_t __percpu *crash_notes;

#ifdef CONFIG_KEXEC_CORE
#include <linux/list.h>
#include <linux/compat.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <asm/kexec.h>

/* ---- what the architecture must and may provide ---- */

#ifndef KEXEC_SOURCE_MEMORY_LIMIT
#error KEXEC_SOURCE_MEMORY_LIMIT not defined
#endif

#ifndef KEXEC_DESTINATION_MEMORY_LIMIT
#error KEXEC_DESTINATION_MEMORY_LIMIT not defined
#endif

#ifndef KEXEC_CONTROL_MEMORY_LIMIT
#error KEXEC_CONTROL_MEMORY_LIMIT not defined
#endif

#ifndef KEXEC_CONTROL_PAGE_SIZE
#error KEXEC_CONTROL_PAGE_SIZE not defined
#endif

#ifndef KEXEC_ARCH
#error KEXEC_ARCH not defined
#endif

/* Allocation flags for control pages: fail rather than push hard for memory. */
#ifndef KEXEC_CONTROL_MEMORY_GFP
#define KEXEC_CONTROL_MEMORY_GFP	(GFP_KERNEL | __GFP_NORETRY)
#endif

/* Highest address of a control page of a crash image. */
#ifndef KEXEC_CRASH_CONTROL_MEMORY_LIMIT
#define KEXEC_CRASH_CONTROL_MEMORY_LIMIT	KEXEC_CONTROL_MEMORY_LIMIT
#endif

/* Alignment of the crashkernel reservation. */
#ifndef KEXEC_CRASH_MEM_ALIGN
#define KEXEC_CRASH_MEM_ALIGN	PAGE_SIZE
#endif

#define KEXEC_CORE_NOTE_NAME	CRASH_CORE_NOTE_NAME

/* ---- the entry list ---- */

/* One entry of the list encoded with IND_* above. */
typedef unsigned long kimage_entry_t;

static_assert(sizeof(kimage_entry_t) == sizeof(unsigned long));

/* ---- segments ---- */

/**
 * struct kexec_segment - one piece of the image and where it is loaded
 * @buf: the contents in user memory (kexec_load)
 * @kbuf: the contents in kernel memory (kexec_file_load)
 * @bufsz: bytes at @buf / @kbuf
 * @mem: physical load address, page aligned
 * @memsz: bytes reserved at @mem, page aligned, at least @bufsz; the rest
 *	is zero filled
 *
 * The same layout as the uapi struct kexec_segment, with @buf annotated;
 * use @buf for kexec_load() segments and @kbuf for kexec_file_load() ones.
 */
struct kexec_segment {
	union {
		void __user *buf;
		void *kbuf;
	};
	size_t bufsz;
	unsigned long mem;
	size_t memsz;
};

#ifdef CONFIG_COMPAT
/* The 32-bit userspace layout of struct kexec_segment. */
struct compat_kexec_segment {
	compat_uptr_t buf;
	compat_size_t bufsz;
	compat_ulong_t mem;	/* a (void *) in userspace */
	compat_size_t memsz;
};
#endif

/* ---- kexec_file_load ---- */

#ifdef CONFIG_KEXEC_FILE
/**
 * struct purgatory_info - the purgatory being loaded
 * @ehdr: ELF header of the built-in purgatory (kexec_purgatory); read only
 * @sechdrs: a modifiable copy of the section headers. For allocated
 *	sections sh_offset is the offset in @purgatory_buf and sh_addr the
 *	load address; other sections keep the object's values
 * @purgatory_buf: the purgatory as loaded: its allocated sections,
 *	relocated, and the segment's contents
 * @obj: the built-in purgatory as kexec_elf_rel_parse() validated it, once
 *	per load; symbol look-ups use this view instead of parsing again
 * @digest: while the segments are loaded, the SHA-256 of the pages loaded
 *	so far that the purgatory verifies; NULL otherwise
 *
 * @sechdrs and @purgatory_buf are freed once the image is loaded, by
 * kimage_file_post_load_cleanup().
 */
struct shash_desc;

struct purgatory_info {
	const Elf_Ehdr *ehdr;
	Elf_Shdr *sechdrs;
	void *purgatory_buf;
	struct kexec_elf_rel_obj obj;
	struct shash_desc *digest;
};

struct kimage;

/*
 * A kernel image format for kexec_file_load: probe() returns 0 if the
 * buffer is in its format; load() adds the segments to the image and
 * returns the loader's private data (kimage::image_loader_data) or an
 * ERR_PTR(); cleanup() releases what that data points to (kexec_file
 * frees the data itself); verify_sig() checks the image's signature.
 */
typedef int (kexec_probe_t)(const char *kernel_buf, unsigned long kernel_size);
typedef void *(kexec_load_t)(struct kimage *image, char *kernel_buf,
			     unsigned long kernel_len, char *initrd,
			     unsigned long initrd_len, char *cmdline,
			     unsigned long cmdline_len);
typedef int (kexec_cleanup_t)(void *loader_data);

#ifdef CONFIG_KEXEC_SIG
typedef int (kexec_verify_sig_t)(const char *kernel_buf,
				 unsigned long kernel_len);
struct kexec_range;
typedef int (kexec_loaded_ranges_t)(const char *kernel_buf,
				    unsigned long kernel_len,
				    struct kexec_range *ranges,
				    unsigned int max_ranges);
#endif

/**
 * struct kexec_file_ops - a kernel image format for kexec_file_load
 * @probe: 0 if the buffer is in this format, -ENOEXEC otherwise
 * @load: build the image's segments; private data or an ERR_PTR()
 * @cleanup: free what @load's data points to (kexec_file then frees the
 *	data itself); may be NULL
 * @verify_sig: verify the image's signature (CONFIG_KEXEC_SIG)
 * @loaded_ranges: for a PE-signed format, the byte ranges of the file that
 *	@load copies into memory (how many, or -errno); the signature must
 *	cover every one of them (CONFIG_KEXEC_SIG)
 */
struct kexec_file_ops {
	kexec_probe_t *probe;
	kexec_load_t *load;
	kexec_cleanup_t *cleanup;
#ifdef CONFIG_KEXEC_SIG
	kexec_verify_sig_t *verify_sig;
	kexec_loaded_ranges_t *loaded_ranges;
#endif
};

/* The architecture's formats, NULL terminated, probed in order. */
extern const struct kexec_file_ops * const kexec_file_loaders[];

int kexec_image_probe_default(struct kimage *image, void *buf,
			      unsigned long buf_len);
int kexec_image_post_load_cleanup_default(struct kimage *image);

/*
 * kexec_buf::mem value asking kexec_locate_mem_hole() to find a place.
 * An architecture may pick another value if 0 is a usable address.
 */
#ifndef KEXEC_BUF_MEM_UNKNOWN
#define KEXEC_BUF_MEM_UNKNOWN 0
#endif

/**
 * struct kexec_buf - a buffer to place in memory and add to an image
 * @image: the image being loaded
 * @buffer: the contents, in kernel memory
 * @bufsz: bytes at @buffer, or read from @file
 * @mem: the load address: KEXEC_BUF_MEM_UNKNOWN to have one found, which
 *	is stored here on success
 * @memsz: bytes to reserve at @mem, at least @bufsz
 * @buf_align: alignment of @mem, a power of two
 * @buf_min: lowest acceptable @mem
 * @buf_max: highest acceptable address of the buffer's last byte
 *	(inclusive)
 * @top_down: take the highest address that fits rather than the lowest
 * @scratch_tail: the bytes from @bufsz (rounded up to a page) to @memsz are
 *	working room the new kernel does not expect zeroed, such as a
 *	bzImage's decompression space: they are reserved like the rest of the
 *	segment but neither loaded nor hashed (kimage::segment_scratch)
 * @file: instead of @buffer (then NULL), the file whose first @bufsz bytes
 *	are read straight into the segment's pages when it is loaded
 *	(kimage::segment_file); the caller keeps it open until then
 */
struct kexec_buf {
	struct kimage *image;
	void *buffer;
	struct file *file;
	unsigned long bufsz;
	unsigned long mem;
	unsigned long memsz;
	unsigned long buf_align;
	unsigned long buf_min;
	unsigned long buf_max;
	bool top_down;
	bool scratch_tail;
};

int kexec_load_purgatory(struct kimage *image, struct kexec_buf *kbuf);
int kexec_purgatory_get_set_symbol(struct kimage *image, const char *name,
				   void *buf, unsigned int size,
				   bool get_value);
void *kexec_purgatory_get_symbol_addr(struct kimage *image, const char *name);
void *kexec_image_load_default(struct kimage *image);

/* Probe kexec_file_loaders[] for the image's format; sets kimage::fops. */
#ifndef arch_kexec_kernel_image_probe
static inline int
arch_kexec_kernel_image_probe(struct kimage *image, void *buf, unsigned long buf_len)
{
	return kexec_image_probe_default(image, buf, buf_len);
}
#endif

/* Free what loading needed and the image no longer does. */
#ifndef arch_kimage_file_post_load_cleanup
static inline int arch_kimage_file_post_load_cleanup(struct kimage *image)
{
	return kexec_image_post_load_cleanup_default(image);
}
#endif

/* Run the probed format's load(). */
#ifndef arch_kexec_kernel_image_load
static inline void *arch_kexec_kernel_image_load(struct kimage *image)
{
	return kexec_image_load_default(image);
}
#endif

#ifdef CONFIG_KEXEC_SIG
#ifdef CONFIG_SIGNED_PE_FILE_VERIFICATION
int kexec_kernel_verify_pe_sig(const char *kernel, unsigned long kernel_len);
#endif
#endif
const char *kexec_file_sig_enforcement(void);

/* Unified Kernel Images, probed before the architecture's own formats. */
extern const struct kexec_file_ops kexec_uki_ops;

int kexec_add_buffer(struct kexec_buf *kbuf);
void kexec_buf_set_initrd(struct kexec_buf *kbuf, const char *initrd, unsigned long len);
int kexec_locate_mem_hole(struct kexec_buf *kbuf);
int kexec_collect_free_ram(struct kimage *image, struct kexec_range_set *free);

#ifndef arch_kexec_locate_mem_hole
/**
 * arch_kexec_locate_mem_hole() - find free memory for a buffer
 * @kbuf: the buffer and its constraints
 *
 * On success @kbuf->mem is the address found.
 *
 * Return: 0 on success, negative errno on error.
 */
static inline int arch_kexec_locate_mem_hole(struct kexec_buf *kbuf)
{
	return kexec_locate_mem_hole(kbuf);
}
#endif

/* ---- the crash kernel's ELF core header (/proc/vmcore) ---- */

/* Alignment of the ELF core header segment. */
#define ELF_CORE_HEADER_ALIGN   4096

/*
 * struct crash_mem and crash_exclude_mem_range() live in
 * <linux/kexec_elfcore.h> with the builder this wraps.
 */
int crash_prepare_elf64_headers(struct crash_mem *mem, int need_kernel_map,
				void **addr, unsigned long *sz);
int kexec_crash_elfcorehdr(const struct kexec_range *dump, size_t nr_dump,
			   bool need_kernel_map, void **addr, unsigned long *sz);

/* ---- relocating the purgatory ---- */

/*
 * kexec_load_purgatory() lays the purgatory out with the generic ELF
 * loader (<linux/kexec_elf_rel.h>) and relocates it in one of two ways:
 *
 * arch_kexec_elf_rel_apply
 *	If the architecture defines this macro, to a function of type
 *	kexec_elf_rel_apply_t declared in its <asm/kexec.h>, the loader
 *	resolves every relocation's S, A and P itself and calls it once per
 *	relocation to apply the formula. The two hooks below are then unused.
 *
 * arch_kexec_apply_relocations_add / arch_kexec_apply_relocations
 *	Otherwise these are called once per SHT_RELA / SHT_REL section that
 *	applies to an allocated section, with the section headers of
 *	kimage::purgatory_info. The defaults refuse relocations.
 */
#ifndef arch_kexec_apply_relocations_add
/**
 * arch_kexec_apply_relocations_add() - relocate one section with a RELA table
 * @pi: the purgatory: its laid out buffer and section headers
 * @section: the allocated section the entries patch
 * @relsec: the SHT_RELA section holding the entries
 * @symtab: the symbol table the entries refer to
 *
 * Return: 0, or -ENOEXEC for an entry the architecture cannot apply; this
 * default applies none.
 */
static inline int
arch_kexec_apply_relocations_add(struct purgatory_info *pi, Elf_Shdr *section,
				 const Elf_Shdr *relsec, const Elf_Shdr *symtab)
{
	pr_err("purgatory: this architecture applies no RELA relocations\n");
	return -ENOEXEC;
}
#endif

#ifndef arch_kexec_apply_relocations
/**
 * arch_kexec_apply_relocations() - relocate one section with a REL table
 * @pi: the purgatory: its laid out buffer and section headers
 * @section: the allocated section the entries patch
 * @relsec: the SHT_REL section holding the entries
 * @symtab: the symbol table the entries refer to
 *
 * Return: 0, or -ENOEXEC for an entry the architecture cannot apply; this
 * default applies none.
 */
static inline int
arch_kexec_apply_relocations(struct purgatory_info *pi, Elf_Shdr *section,
			     const Elf_Shdr *relsec, const Elf_Shdr *symtab)
{
	pr_err("purgatory: this architecture applies no REL relocations\n");
	return -ENOEXEC;
}
#endif
#endif /* CONFIG_KEXEC_FILE */

#ifdef CONFIG_KEXEC_ELF
/**
 * struct kexec_elf_info - an ELF executable kernel image being loaded
 * @buffer: the file's contents; owned by the caller
 * @ehdr: its ELF header
 * @proghdrs: its program headers
 */
struct kexec_elf_info {
	const char *buffer;
	const struct elfhdr *ehdr;
	const struct elf_phdr *proghdrs;
};

int kexec_build_elf_info(const char *buf, size_t len, struct elfhdr *ehdr,
			 struct kexec_elf_info *elf_info);

int kexec_elf_load(struct kimage *image, struct elfhdr *ehdr,
		   struct kexec_elf_info *elf_info,
		   struct kexec_buf *kbuf,
		   unsigned long *lowest_load_addr);

void kexec_free_elf_info(struct kexec_elf_info *elf_info);
int kexec_elf_probe(const char *buf, unsigned long len);
#endif

/* ---- one loaded image ---- */

/* Values of kimage::type. */
#define KEXEC_TYPE_DEFAULT	0
#define KEXEC_TYPE_CRASH	1

/**
 * struct kimage - a loaded kexec image
 * @head: first entry of the entry list (IND_*)
 * @entry: the slot the next entry goes into
 * @last_entry: the last slot of the current entry page
 * @start: physical address execution starts at (the purgatory or the
 *	entry point kexec_load was given)
 * @control_code_page: KEXEC_CONTROL_PAGE_SIZE bytes the architecture's
 *	relocation code runs from, away from every destination
 * @swap_page: a spare page for swapping pages during a preserve_context
 *	kexec; none for a crash image
 * @vmcoreinfo_data_copy: for a crash image, vmcoreinfo copied into a
 *	control page in crashkernel memory, protected along with the image
 * @nr_segments: entries used in @segment
 * @segment: what is loaded where
 * @control_pages: pages from kimage_alloc_control_pages()
 * @dest_pages: pages allocated that were already at their destination
 * @unusable_pages: pages allocated that a destination would overwrite;
 *	held so they are not handed out again, freed with the image
 * @control_page: for a crash image, where the next control page is taken
 *	from inside the crashkernel region
 * @type: KEXEC_TYPE_DEFAULT or KEXEC_TYPE_CRASH
 * @preserve_context: the image may return (KEXEC_PRESERVE_CONTEXT)
 * @file_mode: loaded by kexec_file_load
 * @arch: architecture state (ARCH_HAS_KIMAGE_ARCH)
 * @kernel_buf: the kernel file's contents (kexec_file_load, while loading)
 * @kernel_buf_len: bytes in @kernel_buf
 * @initrd_buf: an initrd in memory, handed to the loader as is; NULL for
 *	the one passed by fd, which stays in @initrd_file
 * @initrd_buf_len: the initrd's size in bytes, wherever it is
 * @initrd_file: the initrd passed by fd, or NULL: held open and denied
 *	to writers while loading, and read straight into its segment's pages
 * @cmdline_buf: the command line, NUL terminated, or NULL
 * @cmdline_buf_len: bytes in @cmdline_buf, the NUL included
 * @fops: the image format the kernel was probed as
 * @image_loader_data: what @fops->load returned
 * @purgatory_info: the purgatory being loaded
 * @ima_buffer: the IMA measurement list passed to the next kernel
 * @ima_buffer_addr: its load address
 * @ima_buffer_size: its size
 * @elf_headers: the ELF core header built for a crash image
 * @elf_headers_sz: its size
 * @elf_load_addr: its load address
 */
struct kimage {
	kimage_entry_t head;
	kimage_entry_t *entry;
	kimage_entry_t *last_entry;

	unsigned long start;
	struct page *control_code_page;
	struct page *swap_page;
	void *vmcoreinfo_data_copy;

	unsigned long nr_segments;
	struct kexec_segment segment[KEXEC_SEGMENT_MAX];
	/*
	 * Bytes past each segment's memsz that the new kernel uses as scratch
	 * (kexec_buf::scratch_tail): no other segment, control or staging
	 * page goes there, but nothing is loaded, zeroed or hashed there.
	 */
	unsigned long segment_scratch[KEXEC_SEGMENT_MAX];
	/*
	 * For each segment, the file its contents are read from while it is
	 * loaded (kexec_buf::file), or NULL when they come from its buffer.
	 */
	struct file *segment_file[KEXEC_SEGMENT_MAX];

	struct list_head control_pages;
	struct list_head dest_pages;
	struct list_head unusable_pages;

	unsigned long control_page;

	unsigned int type : 1;
	unsigned int preserve_context : 1;
	unsigned int file_mode : 1;
	/* KEXEC_FILE_DEBUG: kexec_dprintk() prints this load's layout. */
	unsigned int dbg_print : 1;

#ifdef ARCH_HAS_KIMAGE_ARCH
	struct kimage_arch arch;
#endif

#ifdef CONFIG_KEXEC_FILE
	void *kernel_buf;
	unsigned long kernel_buf_len;

	void *initrd_buf;
	unsigned long initrd_buf_len;
	struct file *initrd_file;

	char *cmdline_buf;
	unsigned long cmdline_buf_len;

	const struct kexec_file_ops *fops;
	void *image_loader_data;

	struct purgatory_info purgatory_info;
#endif

#ifdef CONFIG_IMA_KEXEC
	void *ima_buffer;

	phys_addr_t ima_buffer_addr;
	size_t ima_buffer_size;
#endif

	void *elf_headers;
	unsigned long elf_headers_sz;
	unsigned long elf_load_addr;
};

/* ---- core interfaces ---- */

/* The architecture's half of an image: prepare at load, jump at kexec. */
void machine_kexec(struct kimage *image);
int machine_kexec_prepare(struct kimage *image);
void machine_kexec_cleanup(struct kimage *image);
int kernel_kexec(void);
struct page *kimage_alloc_control_pages(struct kimage *image,
					unsigned int order);

/* Called once the image is fully loaded, before it is installed. */
#ifndef machine_kexec_post_load
static inline int machine_kexec_post_load(struct kimage *image) { return 0; }
#endif

/* Crash entry points: run the crash kernel, if one is loaded. */
void __crash_kexec(struct pt_regs *regs);
void crash_kexec(struct pt_regs *regs);
int kexec_should_crash(struct task_struct *p);
int kexec_crash_loaded(void);
void crash_save_cpu(struct pt_regs *regs, int cpu);
int kimage_crash_copy_vmcoreinfo(struct kimage *image);

/* The images loaded, and the sysctl that forbids loading more. */
extern struct kimage *kexec_image;
extern struct kimage *kexec_crash_image;
extern int kexec_load_disabled;

/* Make a freshly written page visible to instruction fetch. */
#ifndef kexec_flush_icache_page
#define kexec_flush_icache_page(page)
#endif

/* The kexec_load flags this kernel accepts. */
#ifndef CONFIG_KEXEC_JUMP
#define KEXEC_FLAGS	KEXEC_ON_CRASH
#else
#define KEXEC_FLAGS	(KEXEC_ON_CRASH | KEXEC_PRESERVE_CONTEXT)
#endif

/*
 * The kexec_file_load flags this kernel accepts. KEXEC_FILE_NO_CMA asks for
 * what every load here does anyway: segments are never placed in CMA.
 */
#define KEXEC_FILE_FLAGS	(KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH | \
				 KEXEC_FILE_NO_INITRAMFS | KEXEC_FILE_DEBUG | \
				 KEXEC_FILE_NO_CMA)

/*
 * kexec_dprintk() - one line of a KEXEC_FILE_DEBUG load's layout
 *
 * Printed at info level, so it reaches the log without dynamic debug, and
 * only for a load that asked: the switch lives in the image being loaded,
 * not in a global.
 */
#define kexec_dprintk(image, fmt, ...)				\
	do {							\
		if ((image)->dbg_print)				\
			pr_info(fmt, ##__VA_ARGS__);		\
	} while (0)

/* Set once kernel_kexec() is committed to booting the image. */
extern bool kexec_in_progress;

/* Resize the crashkernel reservation (/sys/kernel/kexec_crash_size). */
int crash_shrink_memory(unsigned long new_size);
ssize_t crash_get_memory_size(void);

/**
 * crashk_reserved() - does a crashkernel region hold a reservation?
 * @res: &crashk_res or &crashk_low_res
 *
 * A region never reserved is [0, 0]; one shrunk to nothing by
 * crash_shrink_memory() ends one byte below its start.
 *
 * Return: true when @res is reserved.
 */
static inline bool crashk_reserved(const struct resource *res)
{
	return res->end > res->start;
}

/**
 * crashk_range() - a crashkernel region as a half-open range
 * @res: &crashk_res or &crashk_low_res
 *
 * Return: [start, end + 1), or an empty range when @res is not reserved.
 */
static inline struct kexec_range crashk_range(const struct resource *res)
{
	if (!crashk_reserved(res))
		return (struct kexec_range){ .start = 0, .end = 0 };
	return (struct kexec_range){ .start = res->start, .end = (u64)res->end + 1 };
}

/* ---- arch hooks with defaults ---- */

/*
 * Protect the crashkernel region while a crash image is loaded, so stray
 * writes cannot corrupt it, and lift the protection to change it.
 */
#ifndef arch_kexec_protect_crashkres
static inline void arch_kexec_protect_crashkres(void) { }
#endif

#ifndef arch_kexec_unprotect_crashkres
static inline void arch_kexec_unprotect_crashkres(void) { }
#endif

/*
 * Addresses as the next kernel sees them. They differ from the running
 * kernel's only where the architecture says so (an offset between the two
 * views of RAM); the relocation code and the entry list use these.
 */
#ifndef page_to_boot_pfn
static inline unsigned long page_to_boot_pfn(struct page *page)
{
	return page_to_pfn(page);
}
#endif

#ifndef boot_pfn_to_page
static inline struct page *boot_pfn_to_page(unsigned long boot_pfn)
{
	return pfn_to_page(boot_pfn);
}
#endif

#ifndef phys_to_boot_phys
static inline unsigned long phys_to_boot_phys(phys_addr_t phys)
{
	return phys;
}
#endif

#ifndef boot_phys_to_phys
static inline phys_addr_t boot_phys_to_phys(unsigned long boot_phys)
{
	return boot_phys;
}
#endif

/* Give the physical range [@begin, @end) of crashkernel memory back. */
#ifndef crash_free_reserved_phys_range
static inline void crash_free_reserved_phys_range(unsigned long begin, unsigned long end)
{
	unsigned long addr;

	for (addr = begin; addr < end; addr += PAGE_SIZE)
		free_reserved_page(boot_pfn_to_page(addr >> PAGE_SHIFT));
}
#endif

static inline unsigned long virt_to_boot_phys(void *addr)
{
	return phys_to_boot_phys(__pa((unsigned long)addr));
}

static inline void *boot_phys_to_virt(unsigned long entry)
{
	return phys_to_virt(boot_phys_to_phys(entry));
}

/*
 * Prepare pages just allocated for the image, and undo that before they
 * are freed (e.g. map them decrypted under memory encryption).
 */
#ifndef arch_kexec_post_alloc_pages
static inline int arch_kexec_post_alloc_pages(void *vaddr, unsigned int pages, gfp_t gfp)
{
	return 0;
}
#endif

#ifndef arch_kexec_pre_free_pages
static inline void arch_kexec_pre_free_pages(void *vaddr, unsigned int pages) { }
#endif

#else /* !CONFIG_KEXEC_CORE */
struct pt_regs;
struct task_struct;
static inline void __crash_kexec(struct pt_regs *regs) { }
static inline void crash_kexec(struct pt_regs *regs) { }
static inline int kexec_should_crash(struct task_struct *p) { return 0; }
static inline int kexec_crash_loaded(void) { return 0; }
#define kexec_in_progress false
#endif /* CONFIG_KEXEC_CORE */

/* Require signed kernels from now on (IMA, under secure boot). */
#ifdef CONFIG_KEXEC_SIG
void set_kexec_sig_enforced(void);
#else
static inline void set_kexec_sig_enforced(void) {}
#endif

#endif /* !defined(__ASSEMBLY__) */

#endif /* LINUX_KEXEC_H */
