// SPDX-License-Identifier: GPL-2.0
/*
 * kdump from userspace, without kexec-tools: crash-kernel loading rules and
 * the checks a crash kernel makes on the /proc/vmcore it was handed.
 *
 *   kdump_test api KERNEL INITRD       load/unload/shrink rules, TAP output
 *   kdump_test load KERNEL INITRD CMDLINE
 *                                      kexec_file_load(KEXEC_FILE_ON_CRASH)
 *   kdump_test pattern TOKEN           fill a locked page with a pattern made
 *                                      from TOKEN, print its physical address,
 *                                      and wait (for the panic)
 *   kdump_test vmcore PADDR TOKEN NCPUS
 *                                      in the crash kernel: check /proc/vmcore,
 *                                      TAP output
 *
 * "api" needs root and a crashkernel= reservation, and it shrinks that
 * reservation to nothing (the memory cannot be reserved again without a
 * reboot), so it only runs with KDUMP_TEST_MAY_SHRINK=1 in the environment;
 * the harness boots a guest for it. It leaves no crash kernel loaded.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <linux/kexec.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/procfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../kselftest.h"
#include "kexec_test_lib.h"

#define PAGE_SIZE_4K		4096UL
#define CRASH_LOADED_PATH	"/sys/kernel/kexec_crash_loaded"
#define CRASH_SIZE_PATH		"/sys/kernel/kexec_crash_size"
#define VMCORE_PATH		"/proc/vmcore"
/* Smaller than any x86_64 kernel's init_size, so a load cannot fit. */
#define TOO_SMALL_CRASH_SIZE	(2UL << 20)
/* A page-aligned physical address every x86 machine has RAM at. */
#define KEXEC_LOAD_TEST_DEST	0x1000000UL
#define LONG_CMDLINE_LEN	2040
/* /proc/self/pagemap: bit 63 says present, bits 0-54 hold the PFN. */
#define PAGEMAP_PRESENT		0x8000000000000000ULL
#define PAGEMAP_PFN_MASK	0x007fffffffffffffULL
#ifdef __aarch64__
/*
 * The kernel's addresses are in the upper half of the address space (with
 * 48-bit or 52-bit VAs: 0xffff0000... and up, text at 0xffff8000... or up).
 */
#define KERNEL_TEXT_START	0xffff000000000000ULL
/* pr_reg follows struct user_pt_regs: x0-x30, sp is 31, pc 32. */
#define PR_REG_PC		32
#define PR_REG_SP		31
#define CORE_MACHINE		EM_AARCH64
#define CORE_MACHINE_NAME	"aarch64"
#else
/* Kernel text lives in the top 2 GiB on x86_64. */
#define KERNEL_TEXT_START	0xffffffff80000000ULL
/* pr_reg follows struct user_regs_struct: rip is 16, rsp 19. */
#define PR_REG_PC		16
#define PR_REG_SP		19
#define CORE_MACHINE		EM_X86_64
#define CORE_MACHINE_NAME	"x86_64"
#endif
/* The direct map starts above this on x86_64 (4- and 5-level paging). */
#define DIRECT_MAP_LOWEST	0xff00000000000000ULL
#define KCORE_PATH		"/proc/kcore"
#define PTDUMP_PATH		"/sys/kernel/debug/page_tables/kernel"
/* All of the region but the control page: 99.9% of any region of 8 MiB+. */
#define READ_ONLY_PERMILLE_MIN	999

/* ---- small file helpers ---- */

/* Write @value to @path; the errno of the write, or 0. */
static int write_number(const char *path, unsigned long value)
{
	char text[32];
	int fd = open(path, O_WRONLY), err = 0, len;

	if (fd < 0)
		return errno;
	len = snprintf(text, sizeof(text), "%lu", value);
	if (write(fd, text, len) != len)
		err = errno;
	close(fd);
	return err;
}

static bool read_at(int fd, void *buf, size_t len, off_t off)
{
	return pread(fd, buf, len, off) == (ssize_t)len;
}

/* ---- crash loads ---- */

static int crash_file_load(int kernel_fd, int initrd_fd, const char *cmdline)
{
	if (syscall(__NR_kexec_file_load, kernel_fd, initrd_fd, strlen(cmdline) + 1,
		    cmdline, KEXEC_FILE_ON_CRASH))
		return errno;
	return 0;
}

static int crash_file_unload(void)
{
	if (syscall(__NR_kexec_file_load, -1, -1, 0UL, NULL,
		    KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH))
		return errno;
	return 0;
}

/* kexec_load(2) with no segments unloads. */
static int crash_segment_unload(void)
{
	if (syscall(__NR_kexec_load, 0UL, 0UL, NULL, KEXEC_ON_CRASH | KEXEC_ARCH_DEFAULT))
		return errno;
	return 0;
}

/* One page of zeroes for the crash slot at @dest, through kexec_load(2). */
static int crash_segment_load(unsigned long dest)
{
	static char page[PAGE_SIZE_4K];
	struct kexec_segment seg = {
		.buf = page, .bufsz = sizeof(page), .mem = (void *)dest, .memsz = sizeof(page),
	};

	if (syscall(__NR_kexec_load, dest, 1UL, &seg, KEXEC_ON_CRASH | KEXEC_ARCH_DEFAULT))
		return errno;
	return 0;
}

static void expect_value(const char *name, const char *path, long long want)
{
	long long got = kexec_test_read_number(path);

	if (got == want)
		ksft_test_result_pass("%s\n", name);
	else
		ksft_test_result_fail("%s: %s reads %lld, want %lld\n", name, path, got, want);
}

/* Bytes of the "Crash kernel" line in /proc/iomem, 0 when there is none. */
static unsigned long long iomem_crash_size(void)
{
	unsigned long long start, end, total = 0;
	char line[256];
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, " : Crash kernel"))
			continue;
		if (sscanf(line, " %llx-%llx", &start, &end) == 2 && end > start)
			total += end - start + 1;
	}
	fclose(f);
	return total;
}

/*
 * The direct map's virtual address of physical 0: /proc/kcore describes
 * each RAM block with its direct-map address and its physical address.
 */
static bool direct_map_base(uint64_t *base)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	bool found = false;
	int fd = open(KCORE_PATH, O_RDONLY), i;

	if (fd < 0)
		return false;
	if (read_at(fd, &eh, sizeof(eh), 0)) {
		for (i = 0; i < eh.e_phnum && !found; i++) {
			if (!read_at(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)))
				break;
			found = ph.p_type == PT_LOAD && ph.p_paddr != UINT64_MAX &&
				ph.p_vaddr >= DIRECT_MAP_LOWEST && ph.p_vaddr < KERNEL_TEXT_START;
			*base = ph.p_vaddr - ph.p_paddr;
		}
	}
	close(fd);
	return found;
}

/* Bytes of [start, end) the kernel page-table dump shows mapped read-only. */
static long long read_only_bytes(uint64_t start, uint64_t end)
{
	unsigned long long first, last, lo, hi, total = 0;
	char line[256];
	FILE *f = fopen(PTDUMP_PATH, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "0x%llx-0x%llx", &first, &last) != 2 || !strstr(line, " ro "))
			continue;
		lo = first > start ? first : start;
		hi = last < end ? last : end;
		if (lo < hi)
			total += hi - lo;
	}
	fclose(f);
	return total;
}

/*
 * How much of the crashkernel region's direct mapping is read-only, in
 * per mille, or -1 when it cannot be told (reason in @why).
 */
static int crash_region_read_only_permille(const char **why)
{
	uint64_t start, end, base;
	long long ro;

	if (!kexec_test_crash_region(&start, &end)) {
		*why = "no Crash kernel line in /proc/iomem";
		return -1;
	}
	if (!direct_map_base(&base)) {
		*why = "no direct-map RAM block in " KCORE_PATH;
		return -1;
	}
	ro = read_only_bytes(base + start, base + end);
	if (ro < 0) {
		*why = PTDUMP_PATH " unreadable (CONFIG_PTDUMP_DEBUGFS, debugfs mounted?)";
		return -1;
	}
	return ro * 1000 / (end - start);
}

/* @loaded: a crash kernel is loaded, so all but its control page is read-only. */
static void expect_read_only(const char *name, bool loaded)
{
	const char *why = NULL;
	int permille = crash_region_read_only_permille(&why);

	if (permille < 0)
		ksft_test_result_skip("%s: %s\n", name, why);
	else if (loaded ? permille >= READ_ONLY_PERMILLE_MIN : permille == 0)
		ksft_test_result_pass("%s\n", name);
	else
		ksft_test_result_fail("%s: %d.%d%% of the region is read-only\n", name,
				      permille / 10, permille % 10);
}

static const char api_cmdline[] = "console=ttyS0 kdump_test";

/*
 * A command line a normal load accepts (shorter than x86's cmdline_size of
 * 2047) but that leaves no room for the " elfcorehdr=0x..." a crash load adds.
 */
static const char *long_cmdline(void)
{
	static char line[LONG_CMDLINE_LEN + 1];

	memset(line, 'x', LONG_CMDLINE_LEN);
	memcpy(line, "console=ttyS0 ", 14);
	return line;
}

/* Load, reload and unload while the reservation is intact. */
static void test_load_rules(int kernel_fd, int initrd_fd)
{
	long long size = kexec_test_read_number(CRASH_SIZE_PATH);

	expect_errno("unload_with_nothing_loaded_succeeds", crash_file_unload(), 0);
	expect_errno("kexec_load_unload_with_nothing_loaded_succeeds",
		     crash_segment_unload(), 0);
	if ((unsigned long long)size == iomem_crash_size())
		ksft_test_result_pass("crash_size_matches_iomem\n");
	else
		ksft_test_result_fail("crash_size_matches_iomem: %lld vs %llu\n",
				      size, iomem_crash_size());
	expect_errno("load_succeeds", crash_file_load(kernel_fd, initrd_fd, api_cmdline), 0);
	expect_value("crash_loaded_reads_1", CRASH_LOADED_PATH, 1);
	expect_value("normal_image_not_loaded", KEXEC_LOADED_PATH, 0);
	expect_read_only("crash_region_read_only_while_loaded", true);
	expect_errno("reload_succeeds", crash_file_load(kernel_fd, initrd_fd, api_cmdline), 0);
	expect_errno("shrink_while_loaded_rejected_enoent",
		     write_number(CRASH_SIZE_PATH, TOO_SMALL_CRASH_SIZE), ENOENT);
	expect_value("size_unchanged_after_rejected_shrink", CRASH_SIZE_PATH, size);
	expect_errno("unload_succeeds", crash_file_unload(), 0);
	expect_value("crash_loaded_reads_0_after_unload", CRASH_LOADED_PATH, 0);
	expect_read_only("crash_region_writable_after_unload", false);
	expect_errno("cmdline_without_room_for_elfcorehdr_rejected_einval",
		     crash_file_load(kernel_fd, initrd_fd, long_cmdline()), EINVAL);
	expect_value("nothing_loaded_after_cmdline_rejection", CRASH_LOADED_PATH, 0);
}

/* Shrink the reservation until nothing fits, then to nothing. */
static void test_shrink_rules(int kernel_fd, int initrd_fd)
{
	long long size = kexec_test_read_number(CRASH_SIZE_PATH);

	expect_errno("grow_rejected_einval", write_number(CRASH_SIZE_PATH, size + (1 << 20)),
		     EINVAL);
	/* Rounded up to a page, ULONG_MAX once wrapped to 0 and freed it all. */
	expect_errno("grow_to_ulong_max_rejected_einval", write_number(CRASH_SIZE_PATH, -1UL),
		     EINVAL);
	expect_value("size_unchanged_after_ulong_max", CRASH_SIZE_PATH, size);
	expect_errno("shrink_succeeds", write_number(CRASH_SIZE_PATH, TOO_SMALL_CRASH_SIZE), 0);
	expect_value("size_reads_shrunk_value", CRASH_SIZE_PATH, TOO_SMALL_CRASH_SIZE);
	if (iomem_crash_size() == TOO_SMALL_CRASH_SIZE)
		ksft_test_result_pass("iomem_shows_shrunk_region\n");
	else
		ksft_test_result_fail("iomem_shows_shrunk_region: %llu bytes\n",
				      iomem_crash_size());
	expect_errno("load_that_does_not_fit_rejected_eaddrnotavail",
		     crash_file_load(kernel_fd, initrd_fd, api_cmdline), EADDRNOTAVAIL);
	expect_value("nothing_loaded_after_failed_load", CRASH_LOADED_PATH, 0);
	expect_errno("shrink_to_zero_succeeds", write_number(CRASH_SIZE_PATH, 0), 0);
	expect_value("size_reads_0", CRASH_SIZE_PATH, 0);
	expect_errno("load_without_reservation_rejected_eaddrnotavail",
		     crash_file_load(kernel_fd, initrd_fd, api_cmdline), EADDRNOTAVAIL);
	expect_value("nothing_loaded_without_reservation", CRASH_LOADED_PATH, 0);
	expect_errno("kexec_load_without_reservation_rejected_eaddrnotavail",
		     crash_segment_load(KEXEC_LOAD_TEST_DEST), EADDRNOTAVAIL);
	expect_value("nothing_loaded_after_kexec_load_without_reservation",
		     CRASH_LOADED_PATH, 0);
	expect_errno("unload_without_reservation_succeeds", crash_file_unload(), 0);
}

static int run_api(const char *kernel, const char *initrd)
{
	const char *may_shrink = getenv("KDUMP_TEST_MAY_SHRINK");
	int kernel_fd, initrd_fd;

	ksft_print_header();
	if (geteuid())
		ksft_exit_skip("needs root (CAP_SYS_BOOT)\n");
	if (kexec_test_read_number(CRASH_SIZE_PATH) <= 0)
		ksft_exit_skip("no crashkernel= reservation (%s)\n", CRASH_SIZE_PATH);
	if (kexec_test_read_number(CRASH_LOADED_PATH) != 0)
		ksft_exit_skip("a crash kernel is already loaded; not disturbing it\n");
	if (!may_shrink || strcmp(may_shrink, "1"))
		ksft_exit_skip("shrinks the crashkernel reservation for good; "
			       "set KDUMP_TEST_MAY_SHRINK=1 on a throw-away boot\n");
	kernel_fd = open_or_die(kernel);
	initrd_fd = open_or_die(initrd);
	ksft_set_plan(30);
	test_load_rules(kernel_fd, initrd_fd);
	test_shrink_rules(kernel_fd, initrd_fd);
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}

static int run_load(const char *kernel, const char *initrd, const char *cmdline)
{
	int err = crash_file_load(open_or_die(kernel), open_or_die(initrd), cmdline);

	if (err)
		fprintf(stderr, "kexec_file_load(ON_CRASH) %s: %s\n", kernel, strerror(err));
	return !!err;
}

/* ---- the pattern the crash kernel must find ---- */

static void fill_pattern(unsigned char *page, const char *token)
{
	size_t i, len = strlen(token);

	for (i = 0; i < PAGE_SIZE_4K; i++)
		page[i] = (unsigned char)(token[i % len] ^ (i >> 8));
}

static int run_pattern(const char *token)
{
	unsigned char *page;
	uint64_t entry;
	int fd;

	page = mmap(NULL, PAGE_SIZE_4K, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED | MAP_POPULATE, -1, 0);
	if (page == MAP_FAILED || !*token)
		return 1;
	fill_pattern(page, token);
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || pread(fd, &entry, sizeof(entry),
			    (uintptr_t)page / PAGE_SIZE_4K * sizeof(entry)) != sizeof(entry))
		return 1;
	if (!(entry & PAGEMAP_PRESENT) || !(entry & PAGEMAP_PFN_MASK))
		return 1;
	printf("paddr=0x%llx\n", (unsigned long long)((entry & PAGEMAP_PFN_MASK) * PAGE_SIZE_4K));
	fflush(stdout);
	for (;;)
		pause();
}

/* ---- checking /proc/vmcore ---- */

struct vmcore {
	int fd;
	Elf64_Ehdr ehdr;
	Elf64_Phdr *phdrs;
};

static const char *ehdr_problem(const Elf64_Ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return "no ELF magic";
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return "not ELF64 little-endian";
	if (eh->e_type != ET_CORE)
		return "not ET_CORE";
	if (eh->e_machine != CORE_MACHINE)
		return "not EM_" CORE_MACHINE_NAME;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum)
		return "bad program header table";
	return NULL;
}

static void check_ehdr(struct vmcore *vc)
{
	const char *problem;
	size_t size;

	if (!read_at(vc->fd, &vc->ehdr, sizeof(vc->ehdr), 0))
		ksft_exit_fail_msg("cannot read the ELF header of %s\n", VMCORE_PATH);
	problem = ehdr_problem(&vc->ehdr);
	if (problem)
		ksft_exit_fail_msg("ELF header: %s\n", problem);
	size = vc->ehdr.e_phnum * sizeof(Elf64_Phdr);
	vc->phdrs = malloc(size);
	if (!vc->phdrs || !read_at(vc->fd, vc->phdrs, size, vc->ehdr.e_phoff))
		ksft_exit_fail_msg("cannot read %u program headers\n", vc->ehdr.e_phnum);
	ksft_test_result_pass("elf_header_is_" CORE_MACHINE_NAME "_core\n");
}

struct note_census {
	unsigned int prstatus;
	unsigned int prstatus_with_regs;
	bool vmcoreinfo_release;
	bool vmcoreinfo_crashtime;
};

/* A saved register set: a kernel instruction pointer and a stack. */
static bool prstatus_has_regs(const void *desc, size_t len)
{
	struct elf_prstatus st;

	if (len < sizeof(st))
		return false;
	memcpy(&st, desc, sizeof(st));
	return st.pr_reg[PR_REG_PC] >= KERNEL_TEXT_START && st.pr_reg[PR_REG_SP];
}

static void census_vmcoreinfo(struct note_census *c, const char *text, size_t len)
{
	char want[128];
	struct utsname u;

	uname(&u);
	snprintf(want, sizeof(want), "OSRELEASE=%s\n", u.release);
	c->vmcoreinfo_release = !!memmem(text, len, want, strlen(want));
	c->vmcoreinfo_crashtime = !!memmem(text, len, "CRASHTIME=", 10);
}

static void census_notes(struct note_census *c, const unsigned char *buf, size_t len)
{
	size_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= len) {
		const Elf64_Nhdr *nh = (const void *)(buf + off);
		size_t name_at = off + sizeof(*nh);
		size_t desc_at = name_at + ((nh->n_namesz + 3) & ~3UL);
		size_t next = desc_at + ((nh->n_descsz + 3) & ~3UL);

		if (!nh->n_namesz || next > len)
			break;
		if (nh->n_type == NT_PRSTATUS && !strncmp((const char *)buf + name_at, "CORE", 5)) {
			c->prstatus++;
			c->prstatus_with_regs += prstatus_has_regs(buf + desc_at, nh->n_descsz);
		} else if (!strncmp((const char *)buf + name_at, "VMCOREINFO", 11)) {
			census_vmcoreinfo(c, (const char *)buf + desc_at, nh->n_descsz);
		}
		off = next;
	}
}

static void check_notes(const struct vmcore *vc, unsigned int ncpus)
{
	struct note_census c = { 0 };
	unsigned int i;

	for (i = 0; i < vc->ehdr.e_phnum; i++) {
		const Elf64_Phdr *ph = &vc->phdrs[i];
		unsigned char *buf;

		if (ph->p_type != PT_NOTE)
			continue;
		buf = malloc(ph->p_filesz);
		if (buf && read_at(vc->fd, buf, ph->p_filesz, ph->p_offset))
			census_notes(&c, buf, ph->p_filesz);
		free(buf);
	}
	ksft_print_msg("%u PRSTATUS notes, %u with registers\n", c.prstatus,
		       c.prstatus_with_regs);
	ksft_test_result(c.prstatus == ncpus, "prstatus_note_per_cpu\n");
	ksft_test_result(c.prstatus_with_regs == ncpus, "every_cpu_saved_registers\n");
	ksft_test_result(c.vmcoreinfo_release, "vmcoreinfo_names_the_release\n");
	ksft_test_result(c.vmcoreinfo_crashtime, "vmcoreinfo_has_crashtime\n");
}

static const Elf64_Phdr *load_covering(const struct vmcore *vc, uint64_t paddr)
{
	unsigned int i;

	for (i = 0; i < vc->ehdr.e_phnum; i++) {
		const Elf64_Phdr *ph = &vc->phdrs[i];

		if (ph->p_type == PT_LOAD && paddr >= ph->p_paddr &&
		    paddr - ph->p_paddr + PAGE_SIZE_4K <= ph->p_filesz)
			return ph;
	}
	return NULL;
}

static void check_pattern(const struct vmcore *vc, uint64_t paddr, const char *token)
{
	unsigned char want[PAGE_SIZE_4K], got[PAGE_SIZE_4K];
	const Elf64_Phdr *ph = load_covering(vc, paddr);

	if (!ph) {
		ksft_test_result_fail("pattern_page_is_dumped: no PT_LOAD covers 0x%llx\n",
				      (unsigned long long)paddr);
		ksft_test_result_fail("pattern_found_at_its_physical_address\n");
		return;
	}
	ksft_test_result_pass("pattern_page_is_dumped\n");
	fill_pattern(want, token);
	if (!read_at(vc->fd, got, sizeof(got), ph->p_offset + (paddr - ph->p_paddr)))
		ksft_test_result_fail("pattern_found_at_its_physical_address: read: %s\n",
				      strerror(errno));
	else
		ksft_test_result(!memcmp(got, want, sizeof(got)),
				 "pattern_found_at_its_physical_address\n");
}

static int run_vmcore(const char *paddr_text, const char *token, const char *ncpus_text)
{
	struct vmcore vc = { 0 };
	uint64_t paddr = strtoull(paddr_text, NULL, 0);

	ksft_print_header();
	if (access(VMCORE_PATH, R_OK))
		ksft_exit_skip("%s not readable: not a crash kernel, or not root\n", VMCORE_PATH);
	vc.fd = open_or_die(VMCORE_PATH);
	ksft_set_plan(7);
	check_ehdr(&vc);
	check_notes(&vc, strtoul(ncpus_text, NULL, 0));
	check_pattern(&vc, paddr, token);
	free(vc.phdrs);
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}

static int print_usage(void)
{
	fprintf(stderr, "usage: kdump_test api KERNEL INITRD\n"
			"       kdump_test load KERNEL INITRD CMDLINE\n"
			"       kdump_test pattern TOKEN\n"
			"       kdump_test vmcore PADDR TOKEN NCPUS\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "api"))
		return run_api(argv[2], argv[3]);
	if (argc == 5 && !strcmp(argv[1], "load"))
		return run_load(argv[2], argv[3], argv[4]);
	if (argc == 3 && !strcmp(argv[1], "pattern"))
		return run_pattern(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "vmcore"))
		return run_vmcore(argv[2], argv[3], argv[4]);
	return print_usage();
}
