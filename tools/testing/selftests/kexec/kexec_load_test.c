// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_load(2) argument checks from userspace, without kexec-tools.
 *
 *   kexec_load_test      run the checks, TAP output
 *
 * Needs root with CAP_SYS_BOOT and a kernel with CONFIG_KEXEC; skips, saying
 * why, without them. Under lockdown the one case is that kexec_load is
 * refused with EPERM. Every
 * rejected call must leave /sys/kernel/kexec_loaded at 0. The one load that
 * succeeds is a single page of zeroes that is never executed, and it is
 * unloaded again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kselftest.h"
#include "kexec_test_lib.h"

#define PAGE			4096UL
/* One more than KEXEC_SEGMENT_MAX. */
#define TOO_MANY_SEGMENTS	(KEXEC_SEGMENT_MAX + 1)
/* A flag bit below the architecture field that the ABI does not define. */
#define UNDEFINED_FLAG		0x8000UL

#ifdef __x86_64__
#define FOREIGN_ARCH		KEXEC_ARCH_ARM
#else
#define FOREIGN_ARCH		KEXEC_ARCH_X86_64
#endif

/* Mainline's values, for uapi headers older than the flags. */
#ifndef KEXEC_UPDATE_ELFCOREHDR
#define KEXEC_UPDATE_ELFCOREHDR		0x00000004
#endif
#ifndef KEXEC_CRASH_HOTPLUG_SUPPORT
#define KEXEC_CRASH_HOTPLUG_SUPPORT	0x00000008
#endif

#define LOCKDOWN_PATH		"/sys/kernel/security/lockdown"

static char page_buf[2 * PAGE];
static unsigned long dest;

static long kexec_load(unsigned long entry, unsigned long nr,
		       struct kexec_segment *segs, unsigned long flags)
{
	return syscall(__NR_kexec_load, entry, nr, segs, flags);
}

/* The syscall's errno, or 0 on success. */
static int load_errno(unsigned long nr, struct kexec_segment *segs, unsigned long flags)
{
	return kexec_load(dest, nr, segs, flags) ? errno : 0;
}

static struct kexec_segment seg(unsigned long mem, size_t memsz, size_t bufsz)
{
	return (struct kexec_segment){
		.buf = page_buf, .bufsz = bufsz, .mem = (void *)mem, .memsz = memsz,
	};
}

/* A call that must fail with @want and leave nothing loaded. */
static void expect_rejected(const char *name, int got, int want)
{
	int loaded = kexec_loaded();

	if (got == want && loaded == 0)
		ksft_test_result_pass("%s\n", name);
	else
		ksft_test_result_fail("%s: errno %d (%s), want %d (%s); kexec_loaded %d\n",
				      name, got, strerror(got), want, strerror(want), loaded);
}

static void expect_state(const char *name, int got, int want_loaded)
{
	int loaded = kexec_loaded();

	if (!got && loaded == want_loaded)
		ksft_test_result_pass("%s\n", name);
	else
		ksft_test_result_fail("%s: errno %d (%s); kexec_loaded %d, want %d\n",
				      name, got, strerror(got), loaded, want_loaded);
}

static void test_segment_list(void)
{
	struct kexec_segment segs[TOO_MANY_SEGMENTS];
	unsigned long i;

	segs[0] = seg(dest + PAGE / 2, PAGE, PAGE);
	expect_rejected("misaligned_mem_rejected_eaddrnotavail",
			load_errno(1, segs, 0), EADDRNOTAVAIL);

	segs[0] = seg(dest, 2 * PAGE, PAGE);
	segs[1] = seg(dest + PAGE, 2 * PAGE, PAGE);
	expect_rejected("overlapping_segments_rejected_einval",
			load_errno(2, segs, 0), EINVAL);

	segs[0] = seg(dest, PAGE, 2 * PAGE);
	expect_rejected("bufsz_above_memsz_rejected_einval",
			load_errno(1, segs, 0), EINVAL);

	for (i = 0; i < TOO_MANY_SEGMENTS; i++)
		segs[i] = seg(dest + i * PAGE, PAGE, PAGE);
	expect_rejected("too_many_segments_rejected_einval",
			load_errno(TOO_MANY_SEGMENTS, segs, 0), EINVAL);
}

static void test_flags(void)
{
	struct kexec_segment one = seg(dest, PAGE, PAGE);

	expect_rejected("undefined_flag_rejected_einval",
			load_errno(1, &one, UNDEFINED_FLAG), EINVAL);
	expect_rejected("foreign_arch_rejected_einval",
			load_errno(1, &one, FOREIGN_ARCH), EINVAL);
	/* Mainline's crash hotplug flags: this kernel has no crash hotplug. */
	expect_rejected("update_elfcorehdr_flag_rejected_einval",
			load_errno(1, &one, KEXEC_UPDATE_ELFCOREHDR), EINVAL);
	expect_rejected("crash_hotplug_support_flag_rejected_einval",
			load_errno(1, &one, KEXEC_CRASH_HOTPLUG_SUPPORT), EINVAL);
}

static void test_load_and_unload(void)
{
	struct kexec_segment one = seg(dest, PAGE, PAGE);

	expect_state("one_page_load_succeeds", load_errno(1, &one, KEXEC_ARCH_DEFAULT), 1);
	expect_state("zero_segments_unloads", load_errno(0, NULL, 0), 0);
	expect_state("zero_segments_with_nothing_loaded_succeeds", load_errno(0, NULL, 0), 0);
}

/* Without CAP_SYS_BOOT the syscall must refuse before looking at anything. */
static int one_segment_errno(const void *segment)
{
	struct kexec_segment one = *(const struct kexec_segment *)segment;

	return load_errno(1, &one, 0);
}

static void test_unprivileged(void)
{
	struct kexec_segment one = seg(dest, PAGE, PAGE);
	int err = kexec_test_errno_unprivileged(one_segment_errno, &one);

	if (err < 0)
		ksft_test_result_fail("unprivileged_load_rejected_eperm: child failed\n");
	else
		expect_rejected("unprivileged_load_rejected_eperm", err, EPERM);
}

static void find_dest(void)
{
	dest = kexec_test_load_dest();
}

/*
 * Lockdown refuses kexec_load(2) altogether, so under it that refusal is the
 * one case; the file reads "[none] ..." when lockdown is off.
 */
static bool locked_down(char *mode, size_t len)
{
	FILE *file = fopen(LOCKDOWN_PATH, "r");

	mode[0] = '\0';
	if (!file)
		return false;
	if (!fgets(mode, len, file))
		mode[0] = '\0';
	fclose(file);
	mode[strcspn(mode, "\n")] = '\0';
	return mode[0] && !strstr(mode, "[none]");
}

static int run_locked_down(const char *mode)
{
	struct kexec_segment one = seg(dest, PAGE, PAGE);

	ksft_print_msg("lockdown: %s\n", mode);
	ksft_set_plan(1);
	expect_rejected("locked_down_load_rejected_eperm", load_errno(1, &one, 0), EPERM);
	ksft_print_cnts();
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}

int main(void)
{
	char mode[128];

	ksft_print_header();
	kexec_test_require_idle_root();
	if (locked_down(mode, sizeof(mode)))
		return run_locked_down(mode);
	find_dest();
	if (load_errno(0, NULL, 0) == ENOSYS)
		ksft_exit_skip("kexec_load(2) is ENOSYS: kernel without CONFIG_KEXEC\n");

	ksft_set_plan(12);
	test_segment_list();
	test_flags();
	test_load_and_unload();
	test_unprivileged();
	kexec_load(0, 0, NULL, 0);
	ksft_print_cnts();
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}
