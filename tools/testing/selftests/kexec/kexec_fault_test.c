// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file_load(2) and kexec_load(2) with an allocation or a user copy
 * failing inside the kernel, at every reachable site in turn.
 *
 *   kexec_fault_test [KERNEL]
 *   kexec_fault_test crash KERNEL   the same as crash (kdump) loads
 *
 * The kernel's fault injection (Documentation/fault-injection/) does the
 * failing: writing N to /proc/thread-self/fail-nth makes the Nth failable
 * call of this task fail, whichever of failslab, fail_page_alloc and
 * fail_usercopy it is; reading 0 back says it happened. Each sweep arms
 * N = 1, 2, ... and makes the call, until a call completes without reaching
 * its Nth site. A call whose armed site failed must return ENOMEM (EFAULT
 * for a user copy) and leave nothing loaded; one that absorbed the failure
 * and loaded anyway is unloaded and the sweep goes on.
 *
 * The sweeps, one TAP result each:
 *
 *   file_slab     kexec_file_load of KERNEL (default
 *                 /boot/vmlinuz-$(uname -r)), every slab allocation
 *   file_pages    the same, page allocations: every one of the first
 *                 PAGE_SWEEP_DENSE, then about every 1.5x further, as
 *                 reading the image takes one per page
 *   load_slab     kexec_load of one page, every slab allocation
 *   load_pages    the same, every page allocation
 *   then a good kexec_file_load must succeed, and the kernel log of the
 *   whole run must hold no report of a kernel bug (WARNING, BUG, Oops,
 *   KASAN, UBSAN, lockdep, list corruption).
 *
 * "crash" makes every load a crash load (KEXEC_FILE_ON_CRASH, KEXEC_ON_CRASH
 * with the segment at the start of the crashkernel= region) and checks
 * /sys/kernel/kexec_crash_loaded instead; it needs that region reserved.
 *
 * KEXEC_FAULT_TEST_STRIDE=N arms only every Nth site of the dense parts
 * (all slab sites, the first PAGE_SWEEP_DENSE page allocations), for slow
 * kernels; the results then say which stride they used.
 *
 * A slab sweep switches page allocation failures off (fail_page_alloc's
 * min-order above any order kexec asks for) and a page sweep switches
 * sleeping slab allocations off; user copies count in every sweep. Skips
 * unless the kernel has CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC,
 * CONFIG_FAULT_INJECTION_USERCOPY and CONFIG_FAULT_INJECTION_DEBUG_FS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../kselftest.h"
#include "kexec_test_lib.h"

#define FAIL_NTH_PATH		"/proc/thread-self/fail-nth"
#define DEBUGFS			"/sys/kernel/debug"
#define PAGE			4096UL
/* Above MAX_ORDER: no page allocation is failed, or counted. */
#define PAGE_FAULTS_OFF		"20"
#define PAGE_SWEEP_DENSE	16
/* A sweep longer than this has not converged: the call never completes. */
#define SWEEP_MAX		100000

static const char cmdline[] = "console=ttyS0 kexec_fault_test";
static char page_buf[PAGE];
static const char *kernel_path;
static unsigned long ram_dest;
/* Crash loads: the flags each call adds, and where "loaded" is read. */
static unsigned long file_flags, load_flags;
static const char *loaded_path = KEXEC_LOADED_PATH;
/* /proc/thread-self/fail-nth, opened once: opening it is itself failable. */
static int fail_nth_fd = -1;

/* Write @value to @path; false if the file is missing or refuses it. */
static bool write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	close(fd);
	return ok;
}

static void set_knob(const char *knob, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), DEBUGFS "/%s", knob);
	if (!write_file(path, value))
		ksft_exit_fail_msg("cannot write %s to %s: %s\n", value, path, strerror(errno));
}

/* Quiet, per-task failures; skip the program if the kernel cannot do them. */
static void setup_fault_injection(void)
{
	static const char * const needed[] = {
		FAIL_NTH_PATH, DEBUGFS "/failslab", DEBUGFS "/fail_page_alloc",
		DEBUGFS "/fail_usercopy",
	};
	unsigned int i;

	mount("debugfs", DEBUGFS, "debugfs", 0, NULL);
	for (i = 0; i < ARRAY_SIZE(needed); i++)
		if (access(needed[i], F_OK))
			ksft_exit_skip("%s missing: no fault injection (%s)\n", needed[i],
				       "FAILSLAB, FAIL_PAGE_ALLOC, USERCOPY, DEBUG_FS");
	set_knob("failslab/verbose", "0");
	set_knob("fail_page_alloc/verbose", "0");
	set_knob("fail_usercopy/verbose", "0");
	set_knob("fail_page_alloc/ignore-gfp-highmem", "N");
	fail_nth_fd = open(FAIL_NTH_PATH, O_RDWR);
	if (fail_nth_fd < 0)
		ksft_exit_fail_msg("open %s: %s\n", FAIL_NTH_PATH, strerror(errno));
}

/* Which allocations a sweep fails: slab or pages (user copies always). */
static void fail_only(bool slab)
{
	set_knob("failslab/ignore-gfp-wait", slab ? "N" : "Y");
	set_knob("fail_page_alloc/ignore-gfp-wait", slab ? "Y" : "N");
	set_knob("fail_page_alloc/min-order", slab ? PAGE_FAULTS_OFF : "0");
}

/*
 * Arm fault @nth, or disarm with 0. A failure still armed when disarming
 * may hit the write's own copy from user space: that write fails with
 * EFAULT, having used the failure up, and the next one goes through.
 */
static void arm_fault(unsigned long nth)
{
	char value[32];
	int len = snprintf(value, sizeof(value), "%lu", nth), tries = 0;

	while (pwrite(fail_nth_fd, value, len, 0) != len)
		if (errno != EFAULT || nth || ++tries > 2)
			ksft_exit_fail_msg("cannot write %s to %s: %s\n", value, FAIL_NTH_PATH,
					   strerror(errno));
}

/*
 * Disarm; true if the armed failure was injected (fail-nth reads 0). When
 * it was not, the read's own copy to user space may be the site that fails:
 * that read errs, and also means not injected.
 */
static bool fault_injected(void)
{
	char value[32] = "";
	bool injected = pread(fail_nth_fd, value, sizeof(value) - 1, 0) > 0 && atol(value) == 0;

	arm_fault(0);
	return injected;
}

/*
 * The calls: each arms fault @nth (0: none) right before its system call,
 * after opening what it needs, so that only the call's own sites count.
 */
static int file_load(unsigned long nth)
{
	int fd = open_or_die(kernel_path), err = 0;

	arm_fault(nth);
	if (syscall(__NR_kexec_file_load, fd, -1, sizeof(cmdline), cmdline,
		    KEXEC_FILE_NO_INITRAMFS | file_flags))
		err = errno;
	close(fd);
	return err;
}

static int segment_load(unsigned long nth)
{
	struct kexec_segment seg = {
		.buf = page_buf, .bufsz = PAGE, .mem = (void *)ram_dest, .memsz = PAGE,
	};
	int err = 0;

	arm_fault(nth);
	if (syscall(__NR_kexec_load, ram_dest, 1, &seg, KEXEC_ARCH_DEFAULT | load_flags))
		err = errno;
	return err;
}

static void unload(void)
{
	syscall(__NR_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD | file_flags);
	syscall(__NR_kexec_load, 0, 0, NULL, KEXEC_ARCH_DEFAULT | load_flags);
}

/* What the sweep's kind of load reads in sysfs: 0, 1, or -1. */
static int loaded(void)
{
	long long value = kexec_test_read_number(loaded_path);

	return value == 0 || value == 1 ? value : -1;
}

/*
 * Every site_stride-th site of the dense part of a sweep is armed: 1 (all
 * of them) unless KEXEC_FAULT_TEST_STRIDE says otherwise, for kernels on
 * which each load is slow (the sanitizer kernel under emulation).
 */
static unsigned long site_stride = 1;

/* The next site to arm: every site_stride-th, or past @dense about every 1.5x. */
static unsigned long next_site(unsigned long nth, unsigned long dense)
{
	return nth < dense ? nth + site_stride : nth + nth / 2;
}

/*
 * One sweep; one TAP result. Every injected failure must be ENOMEM or
 * EFAULT with nothing loaded.
 */
static void sweep(const char *name, bool slab, int (*call)(unsigned long nth),
		  unsigned long dense)
{
	unsigned long nth, sites = 0, absorbed = 0;
	bool injected;
	int err;

	fail_only(slab);
	for (nth = 1; nth < SWEEP_MAX; nth = next_site(nth, dense)) {
		err = call(nth);
		injected = fault_injected();
		if (!err && !injected) {
			unload();
			ksft_test_result_pass("%s: %lu sites failed in turn %s%lu absorbed%s%lu)\n",
					      name, sites, "(", absorbed, ", stride ", site_stride);
			return;
		}
		sites++;
		if (!err) {
			absorbed++;
			unload();
			continue;
		}
		if ((err != ENOMEM && err != EFAULT) || !injected || loaded()) {
			unload();
			ksft_test_result_fail("%s: site %lu: errno %d (%s), failure %s, %s %d\n",
					      name, nth, err, strerror(err),
					      injected ? "injected" : "not injected", loaded_path,
					      loaded());
			return;
		}
	}
	unload();
	ksft_test_result_fail("%s: still failing after %d sites\n", name, SWEEP_MAX);
}

/* "crash KERNEL": crash loads, into the crashkernel= region. */
static void setup_crash(void)
{
	uint64_t start, end;

	if (!kexec_test_crash_region(&start, &end))
		ksft_exit_skip("no Crash kernel region in /proc/iomem: boot with crashkernel=\n");
	file_flags = KEXEC_FILE_ON_CRASH;
	load_flags = KEXEC_ON_CRASH;
	loaded_path = "/sys/kernel/kexec_crash_loaded";
	ram_dest = start;
}

int main(int argc, char **argv)
{
	static char default_kernel[300];
	bool crash = argc > 2 && !strcmp(argv[1], "crash");
	struct utsname un;
	int err, kmsg;

	const char *stride = getenv("KEXEC_FAULT_TEST_STRIDE");

	ksft_print_header();
	kexec_test_require_idle_root();
	if (stride && atol(stride) > 0)
		site_stride = atol(stride);
	setup_fault_injection();
	ram_dest = kexec_test_load_dest();
	if (crash)
		setup_crash();
	kmsg = kexec_test_open_kernel_log();
	if (argc > 1) {
		kernel_path = argv[crash ? 2 : 1];
	} else {
		uname(&un);
		snprintf(default_kernel, sizeof(default_kernel), "/boot/vmlinuz-%s", un.release);
		kernel_path = default_kernel;
	}
	if (file_load(0))
		ksft_exit_skip("%s does not load even without a fault\n", kernel_path);
	unload();
	ksft_set_plan(6);
	sweep("file_slab", true, file_load, SWEEP_MAX);
	sweep("file_pages", false, file_load, PAGE_SWEEP_DENSE);
	sweep("load_slab", true, segment_load, SWEEP_MAX);
	sweep("load_pages", false, segment_load, SWEEP_MAX);
	err = file_load(0);
	unload();
	expect_errno("good_load_after_the_sweeps", err, 0);
	kexec_test_check_kernel_log(kmsg);
	close(kmsg);
	ksft_print_cnts();
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}
