/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the kexec selftests. Include after ../kselftest.h.
 */
#ifndef KEXEC_TEST_LIB_H
#define KEXEC_TEST_LIB_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEXEC_LOADED_PATH	"/sys/kernel/kexec_loaded"
/* The user the unprivileged cases run as. */
#define KEXEC_TEST_NOBODY	65534

/* Contents of /sys/kernel/kexec_loaded: 0, 1, or -1 if unreadable. */
static inline int kexec_loaded(void)
{
	char value = 0;
	int fd = open(KEXEC_LOADED_PATH, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, &value, 1) != 1)
		value = 0;
	close(fd);
	return value == '0' ? 0 : value == '1' ? 1 : -1;
}

#define KEXEC_LOAD_DISABLED_PATH	"/proc/sys/kernel/kexec_load_disabled"
/* include/uapi/linux/capability.h */
#define KEXEC_TEST_CAP_SYS_BOOT	22

/* Whether CAP_SYS_BOOT is in this process's effective set. */
static inline bool kexec_test_has_cap_sys_boot(void)
{
	unsigned long long caps = 0;
	char line[128];
	bool found = false;
	FILE *status = fopen("/proc/self/status", "r");

	if (!status)
		return false;
	while (!found && fgets(line, sizeof(line), status))
		found = sscanf(line, "CapEff: %llx", &caps) == 1;
	fclose(status);
	return caps & (1ULL << KEXEC_TEST_CAP_SYS_BOOT);
}

/* The number a one-number file holds (decimal or 0x hex), or -1 if unreadable. */
static inline long long kexec_test_read_number(const char *path)
{
	long long value = -1;
	FILE *file = fopen(path, "r");

	if (!file)
		return -1;
	if (fscanf(file, "%lli", &value) != 1)
		value = -1;
	fclose(file);
	return value;
}

static inline int open_or_die(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		ksft_exit_fail_msg("open %s: %s\n", path, strerror(errno));
	return fd;
}

/* Report one case: the call gave errno @got (0: success); the case wanted @want. */
static inline void expect_errno(const char *name, int got, int want)
{
	if (got == want)
		ksft_test_result_pass("%s\n", name);
	else
		ksft_test_result_fail("%s: errno %d (%s), want %d (%s)\n", name,
				      got, strerror(got), want, strerror(want));
}

/*
 * Skip the whole program unless it is root with CAP_SYS_BOOT, kexec exists,
 * is not disabled and nothing is loaded. Each skip says which of these failed.
 */
static inline void kexec_test_require_idle_root(void)
{
	if (geteuid())
		ksft_exit_skip("needs root (uid 0 with CAP_SYS_BOOT), running as uid %u\n",
			       geteuid());
	if (!kexec_test_has_cap_sys_boot())
		ksft_exit_skip("needs CAP_SYS_BOOT, which this process lacks\n");
	if (kexec_test_read_number(KEXEC_LOAD_DISABLED_PATH) == 1)
		ksft_exit_skip("%s is 1: kexec is disabled until reboot\n",
			       KEXEC_LOAD_DISABLED_PATH);
	if (kexec_loaded() < 0)
		ksft_exit_skip("%s missing: kernel without CONFIG_KEXEC_CORE\n",
			       KEXEC_LOADED_PATH);
	if (kexec_loaded() == 1)
		ksft_exit_skip("an image is already loaded; not disturbing it\n");
}

/*
 * Run @call in a child that has dropped to an unprivileged user.
 * Return: the errno @call returned (0 if it succeeded), or -1 if the child
 * could not drop privileges or did not exit normally.
 */
static inline int kexec_test_errno_unprivileged(int (*call)(const void *arg), const void *arg)
{
	int status, err;
	pid_t pid = fork();

	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (pid == 0) {
		if (setuid(KEXEC_TEST_NOBODY))
			_exit(255);
		err = call(arg);
		_exit(err > 254 ? 254 : err);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Where kexec_load(2) segments of a test go: a page-aligned physical address
 * in RAM, 16 MiB into the first top-level System RAM range of /proc/iomem on
 * machines whose RAM does not start at 0 (arm64: QEMU's virt machine has it
 * at 1 GiB), 16 MiB on x86, which always has RAM there.
 */
#define KEXEC_TEST_RAM_OFFSET	0x1000000UL

static inline unsigned long kexec_test_load_dest(void)
{
#ifdef __x86_64__
	return KEXEC_TEST_RAM_OFFSET;
#else
	unsigned long start, end;
	char line[256];
	FILE *file = fopen("/proc/iomem", "r");

	if (!file)
		ksft_exit_fail_msg("cannot open /proc/iomem: %s\n", strerror(errno));
	while (fgets(line, sizeof(line), file)) {
		if (line[0] == ' ' || !strstr(line, " : System RAM"))
			continue;
		if (sscanf(line, "%lx-%lx", &start, &end) != 2 ||
		    start + KEXEC_TEST_RAM_OFFSET > end)
			continue;
		fclose(file);
		return start + KEXEC_TEST_RAM_OFFSET;
	}
	fclose(file);
	ksft_exit_fail_msg("no System RAM range of 16 MiB or more in /proc/iomem\n");
	return 0;
#endif
}

/* Physical [start, end) of the "Crash kernel" line in /proc/iomem. */
static inline bool kexec_test_crash_region(uint64_t *start, uint64_t *end)
{
	unsigned long long first = 0, last = 0;
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, " : Crash kernel") &&
			sscanf(line, " %llx-%llx", &first, &last) == 2;
	fclose(f);
	*start = first;
	*end = last + 1;
	return found;
}

/*
 * A read-only fd of a file holding @data: written, closed and opened again,
 * since kexec_file_load(2) refuses a file someone has open for writing. The
 * file is unlinked at once.
 */
static inline int kexec_test_file_with(const void *data, size_t len)
{
	char path[] = "/tmp/kexec_test.XXXXXX";
	int fd = mkstemp(path);
	size_t done = 0;
	ssize_t n;

	if (fd < 0)
		ksft_exit_fail_msg("mkstemp: %s\n", strerror(errno));
	while (done < len) {
		n = write(fd, (const char *)data + done, len - done);
		if (n <= 0)
			ksft_exit_fail_msg("writing %s: %s\n", path, strerror(errno));
		done += n;
	}
	close(fd);
	fd = open_or_die(path);
	unlink(path);
	return fd;
}

/* kexec_file_load(2)'s notice for an image loaded without a signature check. */
#define KEXEC_TEST_UNVERIFIED_NOTICE	"loading an unverified kernel image"

/* The kernel log from here on: /dev/kmsg, read from its current end. */
static inline int kexec_test_open_kernel_log(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		ksft_exit_fail_msg("open /dev/kmsg: %s\n", strerror(errno));
	lseek(fd, 0, SEEK_END);
	return fd;
}

/* Whether a kernel log record reports a kernel bug. */
static inline bool kexec_test_bug_report(const char *record)
{
	static const char * const reports[] = {
		"WARNING:", "BUG:", "Oops", "general protection", "UBSAN:",
		"possible circular locking", "possible recursive locking",
		"inconsistent lock state", "list_add corruption", "list_del corruption",
		"suspected memory leak",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(reports); i++)
		if (strstr(record, reports[i]))
			return true;
	return false;
}

/* What kexec_test_read_kernel_log() found. */
struct kexec_test_log {
	int kexec_records;	/* records mentioning kexec, the unverified notice aside */
	bool found;		/* one of those holds the text asked for */
	char bug[256];		/* the first record reporting a kernel bug, or "" */
};

/*
 * Read what the kernel logged since the last read of @kmsg into @log; show
 * the kexec records when @show; look for @want (may be NULL) in them.
 */
static inline void kexec_test_read_kernel_log(int kmsg, const char *want, bool show,
					      struct kexec_test_log *log)
{
	char record[2048];
	const char *text;
	ssize_t n;

	memset(log, 0, sizeof(*log));
	for (;;) {
		n = read(kmsg, record, sizeof(record) - 1);
		/* EPIPE: records were overwritten before they were read; go on. */
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		record[n] = '\0';
		text = strchr(record, ';') ? strchr(record, ';') + 1 : record;
		if (!log->bug[0] && kexec_test_bug_report(text))
			snprintf(log->bug, sizeof(log->bug), "%.255s", text);
		if (strstr(text, KEXEC_TEST_UNVERIFIED_NOTICE) || !strstr(text, "kexec"))
			continue;
		if (show)
			ksft_print_msg("  log: %s", text);
		log->kexec_records++;
		if (want && strstr(text, want))
			log->found = true;
	}
}

/*
 * One TAP result, kernel_log_clean: what the kernel logged since the last
 * read of @kmsg holds no report of a kernel bug (those of the sanitizer
 * kernels included), or the first one.
 */
static inline void kexec_test_check_kernel_log(int kmsg)
{
	struct kexec_test_log log;

	kexec_test_read_kernel_log(kmsg, NULL, false, &log);
	if (log.bug[0])
		ksft_test_result_fail("kernel_log_clean: '%.160s'\n", log.bug);
	else
		ksft_test_result_pass("kernel_log_clean\n");
}

#endif /* KEXEC_TEST_LIB_H */
