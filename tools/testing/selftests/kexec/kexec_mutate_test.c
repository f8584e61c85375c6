// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file_load(2) of randomly mutated kernel images, in a real kernel.
 *
 *   kexec_mutate_test [KERNEL [SECONDS [SEED]]]
 *
 * KERNEL (default /boot/vmlinuz-$(uname -r)) is read once. Each iteration
 * makes 1 to 4 mutations in a copy of its first HEADER_SPAN bytes, where the
 * formats keep what the kernel parses: the bzImage setup header
 * (Documentation/x86/boot.rst), the arm64 Image header
 * (Documentation/arm64/booting.rst), and the PE/COFF headers and section
 * table both carry for EFI. Half the mutations hit those fields, the others
 * anywhere in the span. A mutation sets a random byte, flips one bit, or
 * writes an edge value (0, all ones, the top bit alone, the file's size or
 * one past it) into an aligned 32-bit word.
 *
 * The mutated image, the rest of the file unchanged, is loaded with no
 * initrd, again and again for SECONDS (default 20; a load that succeeds
 * costs a fraction of a second under QEMU's TCG, a refusal much less).
 * Every call must succeed (the image is then unloaded) or fail with an
 * errno a bad image may get (bad_errno() lists them); a refusal must log at
 * most one kexec line and leave nothing loaded; the kernel must report no
 * bug. The seed (default: from the clock) is printed, so that a failing run
 * can be replayed with it.
 *
 * One TAP result each: errnos_documented, one_log_line_per_refusal,
 * nothing_loaded_after_refusals, kernel_log_clean.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest.h"
#include "kexec_test_lib.h"

#define HEADER_SPAN		1024
#define PE_SPAN			0x200
#define QUIET_AFTER		2
#define DEFAULT_SECONDS		20
#define MAX_MUTATIONS		4
/* Failures shown in detail per result; the rest are only counted. */
#define SHOW_FAILURES		5
#define WORK_PATH		"/tmp/kexec_mutate_test.img"

static const char cmdline[] = "kexec_mutate_test";

struct field_range {
	size_t start, end;
};

struct run {
	unsigned char *orig, span[HEADER_SPAN];
	size_t size;
	uint64_t rng;
	struct field_range fields[2];
	char what[MAX_MUTATIONS * 40];
	size_t touched[MAX_MUTATIONS];
	unsigned int nr_touched;
	/* Per offset: how often a mutation there alone still loaded. */
	unsigned char harmless[HEADER_SPAN];
	unsigned long accepted, refused, bad_errno, chatty, left_loaded;
	unsigned long by_errno[256];
	char first_bug[256];
};

/* xorshift64*: fast, and the same sequence for the same seed. */
static uint64_t next_random(struct run *run)
{
	run->rng ^= run->rng >> 12;
	run->rng ^= run->rng << 25;
	run->rng ^= run->rng >> 27;
	return run->rng * 0x2545f4914f6cdd1dULL;
}

static size_t random_below(struct run *run, size_t n)
{
	return next_random(run) % n;
}

static uint32_t le32_at(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The parsed fields of this architecture's image, and its PE headers. */
static void find_fields(struct run *run)
{
	uint32_t pe = le32_at(run->orig + 0x3c);

#ifdef __x86_64__
	run->fields[0] = (struct field_range){ 0x1f1, 0x268 };
#else
	run->fields[0] = (struct field_range){ 0x00, 0x40 };
#endif
	/* The PE signature, file header, optional header and a few sections. */
	if (run->orig[0] == 'M' && run->orig[1] == 'Z' && pe >= 0x40 && pe < HEADER_SPAN - PE_SPAN)
		run->fields[1] = (struct field_range){ pe, pe + PE_SPAN };
	else
		run->fields[1] = run->fields[0];
}

/*
 * Where a mutation goes: half into the format's own header, a quarter into
 * the PE headers, a quarter anywhere in the span. Most bytes of the span are
 * code or padding no parser reads, and every image a mutation leaves
 * loadable costs a whole load: an offset mutated in QUIET_AFTER images
 * that still loaded is passed over from then on, so the run spends its
 * calls on the bytes the kernel checks.
 */
static size_t pick_offset(struct run *run)
{
	const struct field_range *f;
	size_t off;
	int tries;

	for (tries = 0; tries < 16; tries++) {
		f = &run->fields[random_below(run, 2) ? 0 : 1];
		if (random_below(run, 4) == 0)
			off = random_below(run, HEADER_SPAN);
		else
			off = f->start + random_below(run, f->end - f->start);
		if (run->harmless[off] < QUIET_AFTER)
			break;
	}
	return off;
}

static void mutate_once(struct run *run)
{
	size_t off = pick_offset(run), len = strlen(run->what);
	uint32_t edges[] = { 0, 0xffffffff, 0x80000000, run->size, run->size + 1 };
	uint32_t word;

	run->touched[run->nr_touched++] = off;

	switch (random_below(run, 3)) {
	case 0:
		run->span[off] = next_random(run);
		snprintf(run->what + len, sizeof(run->what) - len, " [%#zx]=%#x", off,
			 run->span[off]);
		break;
	case 1:
		run->span[off] ^= 1 << random_below(run, 8);
		snprintf(run->what + len, sizeof(run->what) - len, " [%#zx]^=bit", off);
		break;
	default:
		off &= ~(size_t)3;
		word = edges[random_below(run, ARRAY_SIZE(edges))];
		memcpy(run->span + off, &word, sizeof(word));
		snprintf(run->what + len, sizeof(run->what) - len, " le32[%#zx]=%#x", off, word);
		break;
	}
}

static void write_span(const struct run *run)
{
	int fd = open(WORK_PATH, O_WRONLY);

	if (fd < 0 || pwrite(fd, run->span, HEADER_SPAN, 0) != HEADER_SPAN)
		ksft_exit_fail_msg("writing %s: %s\n", WORK_PATH, strerror(errno));
	close(fd);
}

/* kexec_file_load(2) of the work file; 0 or the errno. */
static int load_work_file(void)
{
	int fd = open_or_die(WORK_PATH), err;

	err = syscall(__NR_kexec_file_load, fd, -1, sizeof(cmdline), cmdline,
		      KEXEC_FILE_NO_INITRAMFS) ? errno : 0;
	close(fd);
	return err;
}

static void unload(void)
{
	syscall(__NR_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD);
}

/* The errnos a malformed or unplaceable image may get. */
static bool bad_errno(int err)
{
	switch (err) {
	case ENOEXEC: case EINVAL: case EFBIG: case E2BIG: case ENOMEM:
	case EADDRNOTAVAIL: case EKEYREJECTED: case EBADMSG: case EOVERFLOW:
		return false;
	}
	return true;
}

static void note_failure(unsigned long *count, const char *what, const char *detail)
{
	if (++*count <= SHOW_FAILURES)
		ksft_print_msg("mutations%s:%s\n", what, detail);
}

static void one_iteration(struct run *run, int kmsg)
{
	struct kexec_test_log log;
	char detail[64];
	int n = 1 + random_below(run, MAX_MUTATIONS), err;

	memcpy(run->span, run->orig, HEADER_SPAN);
	run->what[0] = '\0';
	run->nr_touched = 0;
	while (n--)
		mutate_once(run);
	write_span(run);
	err = load_work_file();
	kexec_test_read_kernel_log(kmsg, NULL, false, &log);
	if (log.bug[0] && !run->first_bug[0])
		snprintf(run->first_bug, sizeof(run->first_bug), "%.120s after%.120s",
			 log.bug, run->what);
	if (!err) {
		run->accepted++;
		while (run->nr_touched--)
			if (run->harmless[run->touched[run->nr_touched]] < QUIET_AFTER)
				run->harmless[run->touched[run->nr_touched]]++;
		unload();
		return;
	}
	run->refused++;
	if (err < 256)
		run->by_errno[err]++;
	snprintf(detail, sizeof(detail), " errno %d (%s)", err, strerror(err));
	if (bad_errno(err))
		note_failure(&run->bad_errno, run->what, detail);
	if (log.kexec_records > 1)
		note_failure(&run->chatty, run->what, " more than one kexec log line");
	if (kexec_loaded() != 0)
		note_failure(&run->left_loaded, run->what, " left an image loaded");
	unload();
}

static void read_kernel(struct run *run, const char *path)
{
	int fd = open_or_die(path), out;
	struct stat st;

	if (fstat(fd, &st) || st.st_size < HEADER_SPAN)
		ksft_exit_skip("%s is not a kernel image of %d bytes or more\n", path, HEADER_SPAN);
	run->size = st.st_size;
	run->orig = malloc(run->size);
	if (!run->orig || read(fd, run->orig, run->size) != (ssize_t)run->size)
		ksft_exit_fail_msg("reading %s: %s\n", path, strerror(errno));
	close(fd);
	out = open(WORK_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0 || write(out, run->orig, run->size) != (ssize_t)run->size)
		ksft_exit_fail_msg("writing %s: %s\n", WORK_PATH, strerror(errno));
	close(out);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - start->tv_sec + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static void report(const struct run *run, unsigned long iterations, double secs)
{
	int err;

	ksft_print_msg("%lu mutated images in %.1f s: %lu loaded, %lu refused\n", iterations,
		       secs, run->accepted, run->refused);
	for (err = 1; err < 256; err++)
		if (run->by_errno[err])
			ksft_print_msg("  %lu refused with errno %d (%s)\n", run->by_errno[err],
				       err, strerror(err));
	ksft_test_result(!run->bad_errno, "errnos_documented (%lu other)\n", run->bad_errno);
	ksft_test_result(!run->chatty, "one_log_line_per_refusal (%lu chatty)\n", run->chatty);
	ksft_test_result(!run->left_loaded && kexec_loaded() == 0,
			 "nothing_loaded_after_refusals (%lu left loaded)\n", run->left_loaded);
	if (run->first_bug[0])
		ksft_test_result_fail("kernel_log_clean: '%.200s'\n", run->first_bug);
	else
		ksft_test_result_pass("kernel_log_clean\n");
}

int main(int argc, char **argv)
{
	static char default_kernel[300];
	static struct run run;
	double seconds = DEFAULT_SECONDS;
	unsigned long i;
	const char *path = default_kernel;
	struct timespec start;
	struct utsname un;
	uint64_t seed;
	int kmsg;

	ksft_print_header();
	kexec_test_require_idle_root();
	uname(&un);
	snprintf(default_kernel, sizeof(default_kernel), "/boot/vmlinuz-%s", un.release);
	if (argc > 1)
		path = argv[1];
	if (argc > 2)
		seconds = strtod(argv[2], NULL);
	/* A guest without a real-time clock starts at 0: take the nanoseconds. */
	clock_gettime(CLOCK_MONOTONIC, &start);
	seed = argc > 3 ? strtoull(argv[3], NULL, 0) :
	       ((uint64_t)time(NULL) << 32 ^ start.tv_nsec) * 2654435761u;
	run.rng = seed | 1;
	read_kernel(&run, path);
	find_fields(&run);
	memcpy(run.span, run.orig, HEADER_SPAN);
	write_span(&run);
	if (load_work_file())
		ksft_exit_skip("%s does not load unmutated\n", path);
	unload();
	ksft_print_msg("%s, %zu bytes, seed %#llx\n", path, run.size, (unsigned long long)seed);
	ksft_set_plan(4);
	kmsg = kexec_test_open_kernel_log();
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (i = 0; !i || seconds_since(&start) < seconds; i++)
		one_iteration(&run, kmsg);
	close(kmsg);
	unlink(WORK_PATH);
	report(&run, i, seconds_since(&start));
	ksft_print_cnts();
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}
