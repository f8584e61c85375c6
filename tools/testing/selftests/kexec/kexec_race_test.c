// SPDX-License-Identifier: GPL-2.0
/*
 * kexec's load, unload, crash-load, shrink and sysfs paths run at once.
 *
 *   kexec_race_test [KERNEL]
 *
 * For KEXEC_RACE_TEST_SECONDS (default 3) these processes run side by
 * side, each in a loop:
 *
 *   file_load      kexec_file_load of KERNEL (default
 *                  /boot/vmlinuz-$(uname -r)): 0 or EBUSY
 *   file_unload    KEXEC_FILE_UNLOAD: 0 or EBUSY
 *   segment_load   kexec_load of one page, replacing the loaded image, and
 *                  kexec_load's unload (no segments): 0 or EBUSY
 *   crash_load     KEXEC_FILE_ON_CRASH loads and unloads: 0 or EBUSY, and
 *                  EADDRNOTAVAIL once the region was shrunk below the image
 *   shrink         writes /sys/kernel/kexec_crash_size: its own size (a
 *                  shrink to the same size) returns 0, EBUSY, or ENOENT
 *                  while a crash kernel is loaded; with
 *                  KEXEC_RACE_TEST_MAY_SHRINK=1, after 100 writes it shrinks
 *                  the region below the image (for good: a shrink cannot be
 *                  undone) and then tries the old size back, which must be
 *                  refused with EINVAL (or EBUSY, ENOENT as above)
 *   sysfs_read     reads kexec_loaded and kexec_crash_loaded (0 or 1) and
 *                  kexec_crash_size (a number, or EBUSY while a load runs)
 *
 * crash_load and shrink run (and have a result) only when a crashkernel=
 * region is reserved.
 * Any other errno or value fails that process's result. Then, one TAP
 * result each: both slots unload and read 0; a good kexec_file_load works;
 * 1000 (KEXEC_RACE_TEST_CYCLES) load/unload cycles, one in 50 a
 * kexec_file_load and the others a kexec_load of one page, leave the free
 * memory (MemFree plus the pages on the per-CPU free lists, from
 * /proc/zoneinfo, after giving SLUB's empty slabs back) within
 * KEXEC_RACE_TEST_SLACK_PAGES (default 32, see SLACK_PAGES) pages of
 * where it started; and the kernel log of the run holds no report of a
 * kernel bug. Under KASAN its quarantine holds freed objects back, so the
 * memory result only reports the difference there: kmemleak, which that
 * kernel also has, looks for the leaks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest.h"
#include "kexec_test_lib.h"

#define CRASH_LOADED_PATH	"/sys/kernel/kexec_crash_loaded"
#define CRASH_SIZE_PATH		"/sys/kernel/kexec_crash_size"
#define PAGE			4096UL
/* Below any kernel image with its purgatory and ELF headers. */
#define TOO_SMALL_CRASH_SIZE	(2UL << 20)
#define MAX_WORKERS		8
/*
 * A kexec_file_load reads and hashes the whole image, which takes about
 * half a second under TCG (100 times a kexec_load of one page): the
 * memory cycles make one in 50 of that kind.
 */
#define FILE_LOAD_EVERY		50
#define WARM_UP_CYCLES		120
/*
 * Measured under TCG (x86_64, 2 CPUs): after the warm-up, 120, 1000 and
 * 3000 cycles each left 7 to 16 pages less free, the same for every count:
 * a fixed cost of the measuring, not of the cycles. A leak of one page per
 * kexec_load shows as 980 pages.
 */
#define SLACK_PAGES		32

static const char cmdline[] = "console=ttyS0 kexec_race_test";
static char page_buf[PAGE];
static const char *kernel_path;
static unsigned long ram_dest;
/*
 * The region's size, read before the race: a read during it may fail with
 * EBUSY, and writing that -1 back as ULONG_MAX once released the region.
 */
static unsigned long crash_size;

/* What each worker did, in memory shared with the parent. */
struct worker_stats {
	const char *name;
	unsigned long calls, ok, busy, other_allowed;
	int bad_errno;		/* the first errno it did not allow, or 0 */
	char bad_what[96];	/* and which call gave it */
};

static struct worker_stats *stats;
/* Set by SIGALRM's handler: read with stopped(), not cached in a loop. */
static int stop;
/* Set by shrink once the region is below the image: crash loads may fail. */
static int *region_shrunk;

/* Up to a millisecond off the CPU, so that a load holding the lock runs. */
static void pause_briefly(void)
{
	usleep(rand() % 1000);
}

static void on_alarm(int sig)
{
	(void)sig;
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
}

static bool stopped(void)
{
	return __atomic_load_n(&stop, __ATOMIC_RELAXED);
}

/* Count one call's result; @allowed: a further errno it may return. */
static void count(struct worker_stats *w, const char *what, int err, int allowed)
{
	w->calls++;
	if (!err) {
		w->ok++;
	} else if (err == EBUSY) {
		w->busy++;
	} else if (allowed && err == allowed) {
		w->other_allowed++;
	} else if (!w->bad_errno) {
		w->bad_errno = err;
		snprintf(w->bad_what, sizeof(w->bad_what), "%s", what);
	}
}

static int file_load(unsigned long flags)
{
	int fd = open_or_die(kernel_path), err = 0;

	if (syscall(__NR_kexec_file_load, fd, -1, sizeof(cmdline), cmdline,
		    KEXEC_FILE_NO_INITRAMFS | flags))
		err = errno;
	close(fd);
	return err;
}

static int file_unload(unsigned long flags)
{
	return syscall(__NR_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD | flags) ?
	       errno : 0;
}

static int segment_load(void)
{
	struct kexec_segment seg = {
		.buf = page_buf, .bufsz = PAGE, .mem = (void *)ram_dest, .memsz = PAGE,
	};

	return syscall(__NR_kexec_load, ram_dest, 1, &seg, KEXEC_ARCH_DEFAULT) ? errno : 0;
}

static int segment_unload(void)
{
	return syscall(__NR_kexec_load, 0, 0, NULL, KEXEC_ARCH_DEFAULT) ? errno : 0;
}

/* Write @value to @path: 0 or the errno of the open or the write. */
static int write_number(const char *path, unsigned long value)
{
	char text[32];
	int fd = open(path, O_WRONLY), len, err = 0;

	if (fd < 0)
		return errno;
	len = snprintf(text, sizeof(text), "%lu", value);
	if (write(fd, text, len) != len)
		err = errno ? errno : EIO;
	close(fd);
	return err;
}

/* Read a one-number sysfs file: 0 with *@value set, or the read's errno. */
static int read_number(const char *path, long long *value)
{
	char text[32];
	int fd = open(path, O_RDONLY), err = 0;
	ssize_t len;

	if (fd < 0)
		return errno;
	len = read(fd, text, sizeof(text) - 1);
	if (len <= 0) {
		err = len < 0 ? errno : EIO;
	} else {
		text[len] = '\0';
		*value = strtoll(text, NULL, 0);
	}
	close(fd);
	return err;
}

static void work_file_load(struct worker_stats *w)
{
	while (!stopped()) {
		count(w, "kexec_file_load", file_load(0), 0);
		pause_briefly();
	}
}

static void work_file_unload(struct worker_stats *w)
{
	while (!stopped()) {
		count(w, "KEXEC_FILE_UNLOAD", file_unload(0), 0);
		pause_briefly();
	}
}

static void work_segment_load(struct worker_stats *w)
{
	while (!stopped()) {
		count(w, "kexec_load", segment_load(), 0);
		count(w, "kexec_load unload", segment_unload(), 0);
		pause_briefly();
	}
}

static void work_crash_load(struct worker_stats *w)
{
	while (!stopped()) {
		count(w, "KEXEC_FILE_ON_CRASH load", file_load(KEXEC_FILE_ON_CRASH),
		      __atomic_load_n(region_shrunk, __ATOMIC_RELAXED) ? EADDRNOTAVAIL : 0);
		count(w, "KEXEC_FILE_ON_CRASH unload", file_unload(KEXEC_FILE_ON_CRASH), 0);
		pause_briefly();
	}
}

static void work_shrink(struct worker_stats *w)
{
	unsigned long size = crash_size;
	const char *may = getenv("KEXEC_RACE_TEST_MAY_SHRINK");
	bool shrink = may && !strcmp(may, "1");
	unsigned long n = 0;
	int err;

	while (!stopped()) {
		if (shrink && ++n == 100 && size > TOO_SMALL_CRASH_SIZE) {
			/* Loads see the smaller region from the write on. */
			__atomic_store_n(region_shrunk, 1, __ATOMIC_RELAXED);
			do {
				err = write_number(CRASH_SIZE_PATH, TOO_SMALL_CRASH_SIZE);
				count(w, "shrink below the image", err, ENOENT);
				pause_briefly();
			} while (err && !stopped());
			if (!err)
				count(w, "grow back", write_number(CRASH_SIZE_PATH, size), EINVAL);
			if (!err)
				size = TOO_SMALL_CRASH_SIZE;
			continue;
		}
		count(w, "shrink to the same size", write_number(CRASH_SIZE_PATH, size), ENOENT);
		pause_briefly();
	}
}

/* A sysfs file's value must be one of 0 and 1 (@flag) or a size. */
static void read_one(struct worker_stats *w, const char *path, bool flag)
{
	long long value = -1;
	int err = read_number(path, &value);

	if (!err && (flag ? value != 0 && value != 1 : value < 0))
		err = ERANGE;
	count(w, path, err, 0);
}

static void work_sysfs_read(struct worker_stats *w)
{
	bool crash = !access(CRASH_SIZE_PATH, F_OK);

	while (!stopped()) {
		read_one(w, KEXEC_LOADED_PATH, true);
		read_one(w, CRASH_LOADED_PATH, true);
		if (crash)
			read_one(w, CRASH_SIZE_PATH, false);
		pause_briefly();
	}
}

struct worker {
	const char *name;
	void (*work)(struct worker_stats *w);
	bool needs_crash_region;
};

static const struct worker workers[] = {
	{ .name = "file_load", .work = work_file_load },
	{ .name = "file_unload", .work = work_file_unload },
	{ .name = "segment_load", .work = work_segment_load },
	{ .name = "crash_load", .work = work_crash_load, .needs_crash_region = true },
	{ .name = "shrink", .work = work_shrink, .needs_crash_region = true },
	{ .name = "sysfs_read", .work = work_sysfs_read },
};

/* Run the workers for @seconds; one TAP result per worker. */
static void race(unsigned int seconds, bool crash_region)
{
	pid_t pids[MAX_WORKERS] = {};
	unsigned int i;
	int status;

	for (i = 0; i < ARRAY_SIZE(workers); i++) {
		stats[i].name = workers[i].name;
		if (workers[i].needs_crash_region && !crash_region)
			continue;
		pids[i] = fork();
		if (pids[i] < 0)
			ksft_exit_fail_msg("fork: %s\n", strerror(errno));
		if (!pids[i]) {
			srand(getpid());
			signal(SIGALRM, on_alarm);
			alarm(seconds);
			workers[i].work(&stats[i]);
			_exit(0);
		}
	}
	for (i = 0; i < ARRAY_SIZE(workers); i++) {
		struct worker_stats *w = &stats[i];

		if (!pids[i])
			continue;
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			ksft_test_result_fail("race_%s: the worker died (status 0x%x)\n",
					      w->name, status);
		else if (w->bad_errno)
			ksft_test_result_fail("race_%s: %s: errno %d (%s)\n", w->name,
					      w->bad_what, w->bad_errno, strerror(w->bad_errno));
		else
			ksft_test_result_pass("race_%s: %lu calls, %lu ok, %lu EBUSY, %lu %s\n",
					      w->name, w->calls, w->ok, w->busy, w->other_allowed,
					      "other documented errnos");
	}
}

/* Both slots empty, then a good load (left for the caller to unload). */
static void after_the_race(bool crash_region)
{
	int err = file_unload(0);

	if (!err)
		err = segment_unload();
	if (!err && crash_region)
		err = file_unload(KEXEC_FILE_ON_CRASH);
	if (!err && (kexec_loaded() ||
		     (crash_region && kexec_test_read_number(CRASH_LOADED_PATH))))
		err = EEXIST;
	expect_errno("nothing_loaded_after_unload", err, 0);
	err = file_load(0);
	if (!err && kexec_loaded() != 1)
		err = ENOENT;
	expect_errno("good_load_after_the_race", err, 0);
	file_unload(0);
}

/*
 * SLUB keeps some empty slabs of each cache for the next allocation, a few
 * pages each: give them back (/sys/kernel/slab/CACHE/shrink), so that the
 * free memory measured does not move by which caches happen to hold some.
 */
static void shrink_slabs(void)
{
	DIR *dir = opendir("/sys/kernel/slab");
	char path[512];
	struct dirent *d;

	if (!dir)
		return;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.') {
			snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", d->d_name);
			write_number(path, 1);
		}
	closedir(dir);
}

/*
 * Free pages: MemFree counts the buddy allocator's, and the pages each CPU
 * keeps on its free lists (the "count:" lines of /proc/zoneinfo) are free
 * too; without them the figure moves by a batch of pages at random.
 */
static long long free_pages(void)
{
	long long total = 0, value;
	char line[256];
	FILE *file = fopen("/proc/meminfo", "r");

	if (!file)
		ksft_exit_fail_msg("open /proc/meminfo: %s\n", strerror(errno));
	while (fgets(line, sizeof(line), file))
		if (sscanf(line, "MemFree: %lld kB", &value) == 1)
			total = value * 1024 / PAGE;
	fclose(file);
	file = fopen("/proc/zoneinfo", "r");
	if (!file)
		return total;
	while (fgets(line, sizeof(line), file))
		if (sscanf(line, " count: %lld", &value) == 1)
			total += value;
	fclose(file);
	return total;
}

static unsigned long env_number(const char *name, unsigned long fallback)
{
	const char *value = getenv(name);

	return value && *value ? strtoul(value, NULL, 0) : fallback;
}

/* Whether the running kernel was built with @option (its installed config). */
static bool kernel_has(const char *option)
{
	char path[300], line[256];
	struct utsname un;
	bool found = false;
	FILE *file;

	uname(&un);
	snprintf(path, sizeof(path), "/lib/modules/%s/config", un.release);
	file = fopen(path, "r");
	if (!file)
		return false;
	while (!found && fgets(line, sizeof(line), file))
		found = !strncmp(line, option, strlen(option));
	fclose(file);
	return found;
}

/* One cycle: load and unload; every FILE_LOAD_EVERY-th through kexec_file_load. */
static int load_cycle(unsigned long i)
{
	int err;

	if (i % FILE_LOAD_EVERY == 0) {
		err = file_load(0);
		return err ? err : file_unload(0);
	}
	err = segment_load();
	return err ? err : segment_unload();
}

static void memory_cycles(void)
{
	unsigned long cycles = env_number("KEXEC_RACE_TEST_CYCLES", 1000), i;
	long long slack = env_number("KEXEC_RACE_TEST_SLACK_PAGES", SLACK_PAGES), before, after;
	bool kasan = kernel_has("CONFIG_KASAN=y");
	cpu_set_t one;
	int err = 0;

	/* One CPU's free lists; warm the slab caches and those lists first. */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	/*
	 * The warm-up loads the image enough times for vmalloc to have reused
	 * its lazily freed addresses once: the page tables of the addresses
	 * it used stay, and would otherwise count as memory the cycles took.
	 * Under KASAN the memory is not compared, and each of its dozen file
	 * loads costs seconds: no warm-up there.
	 */
	for (i = 0; i < WARM_UP_CYCLES && !err && !kasan; i++)
		err = load_cycle(i * FILE_LOAD_EVERY / 10);
	sleep(1);
	shrink_slabs();
	before = free_pages();

	for (i = 0; i < cycles && !err; i++)
		err = load_cycle(i);
	sleep(1);
	shrink_slabs();
	after = free_pages();
	if (err)
		ksft_test_result_fail("memory_after_%lu_cycles: cycle %lu: errno %d (%s)\n",
				      cycles, i, err, strerror(err));
	else if (kasan)
		ksft_test_result_pass("memory_after_%lu_cycles: %lld pages apart (%s)\n",
				      cycles, before - after,
				      "KASAN's quarantine: not checked, kmemleak is");
	else if (llabs(before - after) > slack)
		ksft_test_result_fail("memory_after_%lu_cycles: %lld pages apart, want <= %lld\n",
				      cycles, before - after, slack);
	else
		ksft_test_result_pass("memory_after_%lu_cycles: %lld pages apart (<= %lld)\n",
				      cycles, before - after, slack);
}

int main(int argc, char **argv)
{
	static char default_kernel[300];
	unsigned int seconds = env_number("KEXEC_RACE_TEST_SECONDS", 3);
	uint64_t start, end;
	bool crash_region;
	struct utsname un;
	int kmsg;

	ksft_print_header();
	kexec_test_require_idle_root();
	if (argc > 1) {
		kernel_path = argv[1];
	} else {
		uname(&un);
		snprintf(default_kernel, sizeof(default_kernel), "/boot/vmlinuz-%s", un.release);
		kernel_path = default_kernel;
	}
	ram_dest = kexec_test_load_dest();
	crash_region = kexec_test_crash_region(&start, &end) &&
		       !kexec_test_read_number(CRASH_LOADED_PATH) &&
		       kexec_test_read_number(CRASH_SIZE_PATH) > 0;
	if (crash_region)
		crash_size = kexec_test_read_number(CRASH_SIZE_PATH);
	stats = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED)
		ksft_exit_fail_msg("mmap: %s\n", strerror(errno));
	region_shrunk = (int *)&stats[MAX_WORKERS];
	kmsg = kexec_test_open_kernel_log();
	if (file_load(0))
		ksft_exit_skip("%s does not load\n", kernel_path);
	file_unload(0);
	if (!crash_region)
		ksft_print_msg("no crashkernel= region: no crash_load, no shrink\n");
	ksft_set_plan(ARRAY_SIZE(workers) - (crash_region ? 0 : 2) + 4);
	race(seconds, crash_region);
	after_the_race(crash_region);
	memory_cycles();
	kexec_test_check_kernel_log(kmsg);
	close(kmsg);
	ksft_print_cnts();
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}
