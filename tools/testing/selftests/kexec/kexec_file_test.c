// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file_load(2) from userspace, without kexec-tools.
 *
 *   kexec_file_test [KERNEL [INITRD]]      syscall behaviour, TAP output
 *   kexec_file_test load KERNEL INITRD|- CMDLINE
 *   kexec_file_test exec                   reboot(LINUX_REBOOT_CMD_KEXEC)
 *   kexec_file_test sig MANIFEST           signature policy cases, TAP
 *
 * The syscall tests need root with CAP_SYS_BOOT, a kernel with
 * CONFIG_KEXEC_FILE and a KERNEL image it accepts (signed, if it enforces
 * signatures); they skip, saying why, when one is missing, and leave nothing
 * loaded behind. KERNEL defaults to /boot/vmlinuz-$(uname -r), like the
 * base's kexec tests; under run_kselftest.sh set
 * KSELFTEST_KEXEC_FILE_TEST_ARGS="KERNEL [INITRD]" to choose another. The
 * kernel never looks inside INITRD, so by default a small generated file
 * stands in for it. "load" with "-" as INITRD passes KEXEC_FILE_NO_INITRAMFS;
 * "load" and "exec" are the steps of a real kexec, for a test harness.
 *
 * "sig" runs one case per MANIFEST line "NAME ERRNO LINES IMAGE": loading
 * IMAGE (without initrd) must fail with ERRNO (a name, or 0 for success),
 * the kernel must log LINES lines under "kexec_file: " while doing it, and
 * after a refusal nothing may be loaded. It clears the kernel log.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest.h"
#include "kexec_test_lib.h"

/* Longer than any x86 setup header's cmdline_size (2047 in 6.1). */
#define OVERLONG_CMDLINE_LEN	8192
/* A flag bit the ABI does not define. */
#define UNDEFINED_FLAG		0x80UL
/* Mainline's values, for uapi headers older than the flags. */
#ifndef KEXEC_FILE_DEBUG
#define KEXEC_FILE_DEBUG	0x00000008
#endif
#ifndef KEXEC_FILE_NO_CMA
#define KEXEC_FILE_NO_CMA	0x00000010
#endif
#ifndef KEXEC_FILE_FORCE_DTB
#define KEXEC_FILE_FORCE_DTB	0x00000020
#endif
/* Size of the generated stand-in initrd. */
#define FAKE_INITRD_LEN		4096

struct load_request {
	int kernel_fd;
	int initrd_fd;
	const char *cmdline;
	unsigned long cmdline_len;
	unsigned long flags;
};

static long kexec_file_load(const struct load_request *req)
{
	return syscall(__NR_kexec_file_load, req->kernel_fd, req->initrd_fd,
		       req->cmdline_len, req->cmdline, req->flags);
}

/* The syscall's errno, or 0 on success. */
static int load_errno(const struct load_request *req)
{
	return kexec_file_load(req) ? errno : 0;
}

static int unload(void)
{
	struct load_request req = {
		.kernel_fd = -1, .initrd_fd = -1, .flags = KEXEC_FILE_UNLOAD,
	};

	return load_errno(&req);
}

struct api_files {
	int kernel_fd;
	int initrd_fd;
	int empty_fd;
};

static const char test_cmdline[] = "console=ttyS0 kexec_file_test";

static struct load_request full_load(const struct api_files *f)
{
	return (struct load_request) {
		.kernel_fd = f->kernel_fd, .initrd_fd = f->initrd_fd,
		.cmdline = test_cmdline, .cmdline_len = sizeof(test_cmdline),
	};
}

static void expect_loaded(const char *name, int want)
{
	int got = kexec_loaded();

	if (got == want)
		ksft_test_result_pass("%s\n", name);
	else
		ksft_test_result_fail("%s: %s reads %d, want %d\n", name,
				      KEXEC_LOADED_PATH, got, want);
}

static void test_load_and_unload(const struct api_files *f)
{
	struct load_request req = full_load(f);

	expect_loaded("nothing_loaded_at_start", 0);
	expect_errno("unload_with_nothing_loaded_succeeds", unload(), 0);
	expect_errno("load_kernel_and_initrd_succeeds", load_errno(&req), 0);
	expect_loaded("loaded_flag_set_after_load", 1);
	expect_errno("reload_replaces_loaded_image", load_errno(&req), 0);
	expect_loaded("loaded_flag_stays_set_after_reload", 1);
	expect_errno("unload_succeeds", unload(), 0);
	expect_loaded("loaded_flag_clear_after_unload", 0);

	req.initrd_fd = -1;
	req.flags = KEXEC_FILE_NO_INITRAMFS;
	expect_errno("load_with_no_initramfs_succeeds", load_errno(&req), 0);
	expect_loaded("loaded_flag_set_after_no_initramfs_load", 1);
	expect_errno("unload_after_no_initramfs_load_succeeds", unload(), 0);
	expect_loaded("loaded_flag_clear_after_second_unload", 0);
}

static void test_bad_input(const struct api_files *f)
{
	struct load_request req;
	char *overlong;

	req = full_load(f);
	req.flags = UNDEFINED_FLAG;
	expect_errno("undefined_flag_rejected_einval", load_errno(&req), EINVAL);

	req = full_load(f);
	req.initrd_fd = -1;
	expect_errno("missing_initrd_fd_rejected_ebadf", load_errno(&req), EBADF);

	req = full_load(f);
	req.cmdline_len = strlen(test_cmdline);
	expect_errno("cmdline_without_nul_rejected_einval", load_errno(&req), EINVAL);

	req = full_load(f);
	req.kernel_fd = f->initrd_fd;
	expect_errno("non_kernel_image_rejected_enoexec", load_errno(&req), ENOEXEC);

	req = full_load(f);
	req.kernel_fd = f->empty_fd;
	expect_errno("empty_kernel_file_rejected_einval", load_errno(&req), EINVAL);

	overlong = malloc(OVERLONG_CMDLINE_LEN);
	if (!overlong)
		ksft_exit_fail_msg("out of memory\n");
	memset(overlong, 'x', OVERLONG_CMDLINE_LEN - 1);
	overlong[OVERLONG_CMDLINE_LEN - 1] = '\0';
	req = full_load(f);
	req.cmdline = overlong;
	req.cmdline_len = OVERLONG_CMDLINE_LEN;
	expect_errno("overlong_cmdline_rejected_einval", load_errno(&req), EINVAL);
	free(overlong);

	expect_loaded("nothing_loaded_after_rejections", 0);
}

/*
 * Whether the kernel log, from @kmsg_fd's position on, has a record holding
 * @needle. /dev/kmsg gives one record per read(); -EAGAIN ends the log.
 */
static bool kmsg_has(int kmsg_fd, const char *needle)
{
	char rec[2048];
	bool found = false;
	ssize_t n;

	for (;;) {
		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten since the seek */
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (strstr(rec, needle))
			found = true;
	}
	return found;
}

/* A log reader positioned at the end of the log, or -1. */
static int kmsg_at_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

#define UNPACK_PARAM_PATH "/sys/module/kexec_bzimage64/parameters/unpack"

/* Whether bzImages are unpacked at load (kexec_bzimage64.unpack, default Y). */
static bool bzimages_unpacked_at_load(void)
{
	char value = 'Y';
	int fd = open(UNPACK_PARAM_PATH, O_RDONLY);

	if (fd >= 0) {
		if (read(fd, &value, 1) != 1)
			value = 'Y';
		close(fd);
	}
	return value == 'Y';
}

/*
 * What a KEXEC_FILE_DEBUG load must print, each checked in its own log pass;
 * an @unpacked_only line only when the kernel is unpacked at load.
 */
static const struct {
	const char *name;
	const char *needle;
	bool unpacked_only;
} debug_lines[] = {
	{ "debug_flag_logs_entry", "kexec_file: load: default image, flags 0x8,", false },
	{ "debug_flag_logs_segments", "kexec_file: segment 0: mem 0x", false },
	/* The initrd goes from its file into its pages, with no buffer between. */
	{ "debug_flag_logs_initrd_read_straight", " bytes read straight from the initrd file",
	  false },
#ifdef __x86_64__
	/* The kernel's segment: past the loaded bytes, .bss and .brk are scratch. */
	{ "debug_flag_logs_kernel_scratch", ", reserved, not loaded", false },
	/* Unpacked at load (the built kernel is gzip, Debian's xz), moved for KASLR. */
	{ "debug_flag_logs_unpacked_kernel", " payload unpacked at load: ", true },
	{ "debug_flag_logs_e820_map", "x86/kexec: bzImage: e820 map of ", false },
	{ "debug_flag_logs_final_cmdline",
	  "x86/kexec: bzImage: command line: \"console=ttyS0 kexec_file_test\"", false },
#endif
};

static void expect_debug_lines(const struct api_files *f, unsigned long flags)
{
	struct load_request req = full_load(f);
	bool unpacked = bzimages_unpacked_at_load();
	bool want;
	size_t i;
	int fd;

	req.flags = flags;
	for (i = 0; i < ARRAY_SIZE(debug_lines); i++) {
		want = (flags & KEXEC_FILE_DEBUG) && (unpacked || !debug_lines[i].unpacked_only);
		fd = kmsg_at_end();
		if (fd < 0) {
			ksft_test_result_skip("%s: /dev/kmsg: %s\n", debug_lines[i].name,
					      strerror(errno));
			continue;
		}
		if (load_errno(&req))
			ksft_test_result_fail("%s: the load failed: %s\n", debug_lines[i].name,
					      strerror(errno));
		else if (kmsg_has(fd, debug_lines[i].needle) != want)
			ksft_test_result_fail("%s: '%s' %s the log\n", debug_lines[i].name,
					      debug_lines[i].needle, want ? "not in" : "in");
		else
			ksft_test_result_pass("%s%s\n", debug_lines[i].name,
					      !(flags & KEXEC_FILE_DEBUG) ? "_only_when_asked" :
					      want ? "" : "_only_when_unpacking");
		close(fd);
		unload();
	}
}

/*
 * Flags newer than 6.1, with mainline's values: KEXEC_FILE_DEBUG prints the
 * layout (and only then), KEXEC_FILE_NO_CMA is what every load here does
 * anyway, KEXEC_FILE_FORCE_DTB is refused (no device tree hand-over).
 */
static void test_later_flags(const struct api_files *f)
{
	struct load_request req = full_load(f);

	req.flags = KEXEC_FILE_DEBUG;
	expect_errno("debug_flag_load_succeeds", load_errno(&req), 0);
	unload();
	expect_debug_lines(f, KEXEC_FILE_DEBUG);
	expect_debug_lines(f, 0);

	req.flags = KEXEC_FILE_NO_CMA;
	expect_errno("no_cma_flag_load_succeeds", load_errno(&req), 0);
	unload();
	req.flags = KEXEC_FILE_FORCE_DTB;
	expect_errno("force_dtb_flag_rejected_einval", load_errno(&req), EINVAL);
	expect_loaded("nothing_loaded_after_later_flags", 0);
}

static int load_request_errno(const void *req)
{
	return load_errno(req);
}

/* Without CAP_SYS_BOOT the syscall must refuse before looking at anything. */
static void test_unprivileged(const struct api_files *f)
{
	struct load_request req = full_load(f);
	int err = kexec_test_errno_unprivileged(load_request_errno, &req);

	if (err < 0)
		ksft_test_result_fail("unprivileged_load_rejected_eperm: child failed\n");
	else
		expect_errno("unprivileged_load_rejected_eperm", err, EPERM);
}

/*
 * A regular file of @len bytes of @fill, open read-only: the kernel refuses
 * to read an image from a file that is open for writing (ETXTBSY), which is
 * another case.
 */
static int make_file(size_t len, char fill)
{
	char path[] = "/tmp/kexec_file_test.XXXXXX";
	char buf[FAKE_INITRD_LEN];
	int fd = mkstemp(path);

	if (fd < 0)
		ksft_exit_fail_msg("mkstemp: %s\n", strerror(errno));
	memset(buf, fill, sizeof(buf));
	if (len > sizeof(buf) || write(fd, buf, len) != (ssize_t)len)
		ksft_exit_fail_msg("writing %s: %s\n", path, strerror(errno));
	close(fd);
	fd = open_or_die(path);
	unlink(path);
	return fd;
}

/* Open the image to load, or skip if there is none: a missing file is setup. */
static int open_kernel_or_skip(const char *kernel)
{
	char fallback[300];
	struct utsname uts;
	int fd;

	if (!kernel) {
		if (uname(&uts))
			ksft_exit_fail_msg("uname: %s\n", strerror(errno));
		snprintf(fallback, sizeof(fallback), "/boot/vmlinuz-%s", uts.release);
		kernel = fallback;
	}
	fd = open(kernel, O_RDONLY);
	if (fd < 0)
		ksft_exit_skip("no kernel image to load: %s: %s (pass one as KERNEL)\n",
			       kernel, strerror(errno));
	return fd;
}

static int run_api(const char *kernel, const char *initrd)
{
	struct api_files f;

	ksft_print_header();
	kexec_test_require_idle_root();
	if (unload() == ENOSYS)
		ksft_exit_skip("kexec_file_load(2) is ENOSYS: kernel without CONFIG_KEXEC_FILE\n");

	f.kernel_fd = open_kernel_or_skip(kernel);
	f.initrd_fd = initrd ? open_or_die(initrd) : make_file(FAKE_INITRD_LEN, 'i');
	f.empty_fd = make_file(0, 0);

	ksft_set_plan(20 + 4 + 2 * ARRAY_SIZE(debug_lines));
	test_load_and_unload(&f);
	test_bad_input(&f);
	test_later_flags(&f);
	test_unprivileged(&f);
	unload();
	ksft_print_cnts();
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}

static unsigned long long free_bytes(void)
{
	struct sysinfo si;

	if (sysinfo(&si))
		return 0;
	return (unsigned long long)si.freeram * si.mem_unit;
}

/* A child that samples the free memory every millisecond while a load runs. */
struct free_watch {
	pid_t pid;
	int stop_fd;	/* closed to stop the child */
	int lowest_fd;	/* the lowest free memory it saw */
};

static void sample_free_memory(int stop_fd, int lowest_fd)
{
	struct pollfd stop = { .fd = stop_fd, .events = POLLIN };
	unsigned long long lowest = free_bytes(), now;

	while (poll(&stop, 1, 1) == 0) {
		now = free_bytes();
		if (now && now < lowest)
			lowest = now;
	}
	if (write(lowest_fd, &lowest, sizeof(lowest)) != sizeof(lowest))
		_exit(1);
	_exit(0);
}

static int watch_free_memory(struct free_watch *w)
{
	int stop[2], lowest[2];

	*w = (struct free_watch){ .pid = -1, .stop_fd = -1, .lowest_fd = -1 };
	if (pipe(stop))
		return -1;
	if (pipe(lowest)) {
		close(stop[0]);
		close(stop[1]);
		return -1;
	}
	w->pid = fork();
	if (w->pid == 0) {
		close(stop[1]);
		close(lowest[0]);
		sample_free_memory(stop[0], lowest[1]);
	}
	close(stop[0]);
	close(lowest[1]);
	w->stop_fd = stop[1];
	w->lowest_fd = lowest[0];
	return w->pid < 0 ? -1 : 0;
}

/* Stops the child; the lowest free memory it saw, 0 if it saw nothing. */
static unsigned long long lowest_free_memory(struct free_watch *w)
{
	unsigned long long lowest = 0;

	if (w->stop_fd >= 0)
		close(w->stop_fd);
	if (w->pid > 0) {
		if (read(w->lowest_fd, &lowest, sizeof(lowest)) != sizeof(lowest))
			lowest = 0;
		waitpid(w->pid, NULL, 0);
	}
	if (w->lowest_fd >= 0)
		close(w->lowest_fd);
	return lowest;
}

static int run_load(const char *kernel, const char *initrd, const char *cmdline)
{
	struct load_request req = {
		.kernel_fd = open_or_die(kernel),
		.initrd_fd = -1,
		.cmdline = cmdline,
		.cmdline_len = strlen(cmdline) + 1,
	};
	unsigned long long free_before, lowest;
	struct timespec start, end;
	struct free_watch watch;
	int err;

	if (strcmp(initrd, "-"))
		req.initrd_fd = open_or_die(initrd);
	else
		req.flags |= KEXEC_FILE_NO_INITRAMFS;
	free_before = free_bytes();
	if (watch_free_memory(&watch))
		fprintf(stderr, "kexec_file_test: cannot watch the free memory: %s\n",
			strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &start);
	err = kexec_file_load(&req) ? errno : 0;
	clock_gettime(CLOCK_MONOTONIC, &end);
	lowest = lowest_free_memory(&watch);
	if (err) {
		fprintf(stderr, "kexec_file_load %s: %s\n", kernel, strerror(err));
		return 1;
	}
	/* For a benchmark: the syscall alone, file reads included. */
	printf("kexec_file_test: load took %lld us\n",
	       (long long)(end.tv_sec - start.tv_sec) * 1000000 +
	       (end.tv_nsec - start.tv_nsec) / 1000);
	/* And the most memory it took at once, what it holds included. */
	if (lowest && lowest <= free_before)
		printf("kexec_file_test: peak during load %llu KiB\n",
		       (free_before - lowest) / 1024);
	return 0;
}

/*
 * The CPU's cycle counter, which keeps counting across a kexec: under QEMU
 * with -icount its ticks are guest instructions, a figure that does not
 * depend on how busy the host is (harness/bench.sh).
 */
static unsigned long long cycle_counter(void)
{
#if defined(__x86_64__)
	unsigned int lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return (unsigned long long)hi << 32 | lo;
#elif defined(__aarch64__)
	unsigned long long cnt;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r" (cnt));
	return cnt;
#else
	return 0;
#endif
}

static int run_exec(void)
{
	sync();
	/* A benchmark times the downtime from this line to the next kernel's first. */
	printf("kexec_file_test: rebooting into the loaded kernel at cycle %llu\n",
	       cycle_counter());
	fflush(stdout);
	reboot(LINUX_REBOOT_CMD_KEXEC);
	fprintf(stderr, "reboot(LINUX_REBOOT_CMD_KEXEC): %s\n", strerror(errno));
	return 1;
}

/* syslog(2) actions: read all, clear. */
#define KLOG_READ_ALL		3
#define KLOG_CLEAR		5
#define KLOG_BUF_LEN		(64 * 1024)
#define SIG_LOG_PREFIX		"kexec_file: "

static const struct { const char *name; int value; } errno_names[] = {
	{ "0", 0 }, { "EPERM", EPERM }, { "ENODATA", ENODATA }, { "ENOKEY", ENOKEY },
	{ "EKEYREJECTED", EKEYREJECTED }, { "EBADMSG", EBADMSG }, { "ENOEXEC", ENOEXEC },
	{ "EINVAL", EINVAL },
};

static int errno_value(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (!strcmp(name, errno_names[i].name))
			return errno_names[i].value;
	ksft_exit_fail_msg("unknown errno name %s\n", name);
	return -1;
}

/* Lines the kernel logged under SIG_LOG_PREFIX since the last clear, shown as diagnostics. */
static int kexec_log_lines(void)
{
	static char buf[KLOG_BUF_LEN + 1];
	int len = klogctl(KLOG_READ_ALL, buf, KLOG_BUF_LEN), lines = 0;
	char *line, *save = NULL;

	if (len < 0)
		ksft_exit_fail_msg("syslog(READ_ALL): %s\n", strerror(errno));
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, SIG_LOG_PREFIX))
			continue;
		ksft_print_msg("%s\n", line);
		lines++;
	}
	return lines;
}

static void sig_case(const char *name, int want, int want_lines, const char *image)
{
	struct load_request req = {
		.kernel_fd = open_or_die(image), .initrd_fd = -1,
		.cmdline = test_cmdline, .cmdline_len = sizeof(test_cmdline),
		.flags = KEXEC_FILE_NO_INITRAMFS,
	};
	int got, lines, loaded;

	klogctl(KLOG_CLEAR, NULL, 0);
	got = load_errno(&req);
	lines = kexec_log_lines();
	loaded = kexec_loaded();
	close(req.kernel_fd);
	unload();
	if (got != want)
		ksft_test_result_fail("%s: errno %d (%s), want %d\n", name, got,
				      strerror(got), want);
	else if (lines != want_lines)
		ksft_test_result_fail("%s: %d kexec_file log lines, want %d\n", name,
				      lines, want_lines);
	else if (loaded != !want)
		ksft_test_result_fail("%s: %s reads %d after the load\n", name,
				      KEXEC_LOADED_PATH, loaded);
	else
		ksft_test_result_pass("%s\n", name);
}

static int run_sig(const char *manifest)
{
	char name[128], want[32], image[256];
	FILE *file = fopen(manifest, "r");
	int lines, nr = 0;

	ksft_print_header();
	kexec_test_require_idle_root();
	if (!file)
		ksft_exit_fail_msg("open %s: %s\n", manifest, strerror(errno));
	while (fscanf(file, "%127s %31s %d %255s", name, want, &lines, image) == 4)
		nr++;
	ksft_set_plan(nr);
	rewind(file);
	while (fscanf(file, "%127s %31s %d %255s", name, want, &lines, image) == 4)
		sig_case(name, errno_value(want), lines, image);
	fclose(file);
	ksft_print_cnts();
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}

static int print_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [KERNEL [INITRD]]\n"
			"       %s load KERNEL INITRD|- CMDLINE\n"
			"       %s exec\n"
			"       %s sig MANIFEST\n", prog, prog, prog, prog);
	return 2;
}

int main(int argc, char **argv)
{
	const char *prog = argv[0];

	if (argc == 5 && !strcmp(argv[1], "load"))
		return run_load(argv[2], argv[3], argv[4]);
	if (argc == 2 && !strcmp(argv[1], "exec"))
		return run_exec();
	if (argc == 3 && !strcmp(argv[1], "sig"))
		return run_sig(argv[2]);
	/* "api" is the older spelling of the syscall tests. */
	if (argc > 1 && !strcmp(argv[1], "api")) {
		argc--;
		argv++;
	}
	if (argc <= 3 && (argc < 2 || argv[1][0] != '-'))
		return run_api(argv[1], argc == 3 ? argv[2] : NULL);
	return print_usage(prog);
}
