// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_file_load(2) against a table of bad inputs made from a real kernel.
 *
 *   kexec_bad_input_test [KERNEL [TABLE]]
 *
 * KERNEL is an image this kernel loads (default /boot/vmlinuz-$(uname -r));
 * TABLE (default bad_inputs.table beside this program) has one case per
 * line:
 *
 *   ARCH  NAME  ERRNO  EDITS  | LOG
 *
 * ARCH is "all" or a uname -m value (x86_64, aarch64). EDITS, separated by
 * commas, turn the good request (KERNEL, a small initrd, a short command
 * line, no flags) into the bad one; "none" changes nothing:
 *
 *   trunc=OFF        keep only the first OFF bytes of the image
 *   u8@OFF=V ... u64@OFF=V
 *                    store V little-endian at OFF in the image
 *   kernel=KIND      the kernel fd instead: empty, initrd, dir, badfd, negfd,
 *                    wronly (open for writing only), writable (open
 *                    read-write, which the kernel refuses to read from),
 *                    opath (an O_PATH fd), pipe (a pipe's read end)
 *   initrd=KIND      the initrd fd instead: the same kinds, opened on the
 *                    initrd file (empty: an empty file)
 *   cmdline=KIND     nonul (length without the NUL), overlong (8 KiB),
 *                    badptr (an unmapped address), badptr0 (an unmapped
 *                    address of length 0), hugelen (length ~0UL), x (one
 *                    byte 'x', no NUL), embedded (a NUL inside, then a
 *                    4 KiB tail), or a number N: N bytes, the last the
 *                    NUL (0: no command line, a NULL pointer)
 *   flags=V          the syscall's flags
 *   needs=pe         nothing, but the case skips unless the image has a
 *                    PE header (a cut that only a PE header reveals)
 *
 * With the edit "syscall=kexec_load" (first) the case calls kexec_load(2)
 * instead, starting from one page of segment loaded at DEST (a page 16 MiB
 * into RAM) with entry DEST and flags 0, and these edits apply:
 *
 *   nr=N             pass N segments, segment i a page at DEST + i pages
 *   sI.mem=A sI.memsz=V sI.bufsz=V
 *                    change segment I; A may be dest+N or dest-N
 *   sI.buf=KIND      segment I's buffer: unmapped, or halfmapped (its
 *                    second page is unmapped)
 *   segs=unmapped    the segment list pointer is unmapped
 *   entry=A          the entry point
 *   flags=V          the syscall's flags
 *
 * OFF is a number or BASE+N (or BASE-N) with BASE one of pe (the PE header,
 * from the MZ header's e_lfanew), sect (the PE section table), payload (a
 * bzImage's compressed kernel, from its setup header) or end (the image's
 * size). A case that needs a PE header skips on an image without
 * one. ERRNO is the name of the errno the call must fail with, or
 * 0 for a boundary the call must accept (it must then have loaded an image,
 * or unloaded with KEXEC_FILE_UNLOAD or no segments; the case unloads
 * again). LOG is text that one kernel log record of the call must hold; "-"
 * means the call must log nothing. Either way at most one record mentioning
 * kexec may appear, besides the notice that an unsigned image is being
 * loaded, and after a refusal neither an image nor a crash image may be
 * loaded.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/kexec.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../kselftest.h"
#include "kexec_test_lib.h"

#define DEFAULT_TABLE		"bad_inputs.table"
#define OVERLONG_CMDLINE_LEN	8192
#define TABLE_LINE_MAX		512
#define INITRD_LEN		4096
#define PAGE			4096UL
#define EMBEDDED_TAIL		4096
#define KEXEC_CRASH_LOADED_PATH	"/sys/kernel/kexec_crash_loaded"
/* Logged for every unsigned image that passes the probe: not a refusal. */

static const char good_cmdline[] = "console=ttyS0 kexec_bad_input_test";

/* The request one case makes, starting from the good one. */
struct bad_request {
	unsigned char *image;		/* private copy of the kernel, edited */
	size_t image_len;
	bool image_edited;
	int kernel_fd;
	int initrd_fd;
	int opened_fd;			/* opened for this case, closed after it */
	const char *cmdline;
	unsigned long cmdline_len;
	unsigned long flags;
	bool lacks_pe;			/* an edit needed a PE header */
	int pipe_fd;			/* a pipe's write end, closed after */
	/* kexec_load(2) cases */
	bool segment_mode;
	unsigned long entry;
	unsigned long nr_segments;
	struct kexec_segment *segs;
	struct kexec_segment seg_list[KEXEC_SEGMENT_MAX + 1];
};

/* What every case starts from. */
struct good_inputs {
	const unsigned char *image;
	size_t image_len;
	int kernel_fd;
	int initrd_fd;
	int empty_fd;
	int dir_fd;
	const char *path;
	char *overlong;
	char *embedded;
	char initrd_path[32];		/* /proc/self/fd/N of the initrd */
	unsigned long dest;		/* where kexec_load cases put segments */
	unsigned char *seg_buf;		/* two pages, the second unmapped */
};

static const struct { const char *name; int value; } errno_names[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EBADF", EBADF },
	{ "ENOMEM", ENOMEM }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY },
	{ "EINVAL", EINVAL }, { "ETXTBSY", ETXTBSY }, { "EFBIG", EFBIG },
	{ "E2BIG", E2BIG }, { "ENOEXEC", ENOEXEC }, { "EISDIR", EISDIR },
	{ "EADDRNOTAVAIL", EADDRNOTAVAIL }, { "EOVERFLOW", EOVERFLOW },
	{ "EKEYREJECTED", EKEYREJECTED }, { "ENODATA", ENODATA },
	{ "EBADMSG", EBADMSG }, { "ENOKEY", ENOKEY }, { "0", 0 },
};

static int errno_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (!strcmp(name, errno_names[i].name))
			return errno_names[i].value;
	return -1;
}

/* A temporary file holding @len bytes of @data, opened O_RDONLY, unlinked. */
static bool read_le(const unsigned char *buf, size_t len, size_t off, int width,
		    uint64_t *val)
{
	if (off > len || len - off < (size_t)width)
		return false;
	*val = 0;
	for (int i = width - 1; i >= 0; i--)
		*val = *val << 8 | buf[off + i];
	return true;
}

/* The offset BASE names in @req's image, or false if the image has none. */
/* A bzImage's compressed payload: setup sectors, then payload_offset (boot.rst). */
static bool payload_offset(struct bad_request *req, size_t *off)
{
	uint64_t sects, magic, payload;

	if (!read_le(req->image, req->image_len, 0x1f1, 1, &sects) ||
	    !read_le(req->image, req->image_len, 0x202, 4, &magic) || magic != 0x53726448 ||
	    !read_le(req->image, req->image_len, 0x248, 4, &payload))
		return false;
	*off = ((sects ? sects : 4) + 1) * 512 + payload;
	return true;
}

static bool base_offset(struct bad_request *req, const char *base, size_t *off)
{
	uint64_t pe, signature, opt_size;

	if (!strcmp(base, "end")) {
		*off = req->image_len;
		return true;
	}
	if (!strcmp(base, "payload"))
		return payload_offset(req, off);
	if (req->image_len < 2 || memcmp(req->image, "MZ", 2) ||
	    !read_le(req->image, req->image_len, 0x3c, 4, &pe) ||
	    !read_le(req->image, req->image_len, pe, 4, &signature) ||
	    signature != 0x4550) {	/* "PE\0\0" */
		req->lacks_pe = true;
		return false;
	}
	if (!strcmp(base, "pe")) {
		*off = pe;
		return true;
	}
	/* COFF header: 4-byte signature, SizeOfOptionalHeader at +20. */
	if (strcmp(base, "sect") ||
	    !read_le(req->image, req->image_len, pe + 20, 2, &opt_size))
		return false;
	*off = pe + 24 + opt_size;
	return true;
}

/* Parse OFF: a number, or BASE+N / BASE-N. False if it names nothing. */
static bool parse_offset(struct bad_request *req, const char *text, size_t *off)
{
	char base[8];
	size_t len = strcspn(text, "+-"), at;
	unsigned long long n;
	char *end;

	if (isdigit((unsigned char)text[0])) {
		n = strtoull(text, &end, 0);
		*off = n;
		return !*end;
	}
	if (len >= sizeof(base) || !text[len])
		return false;
	memcpy(base, text, len);
	base[len] = '\0';
	if (!base_offset(req, base, &at))
		return false;
	n = strtoull(text + len + 1, &end, 0);
	if (*end)
		return false;
	*off = text[len] == '+' ? at + n : at - n;
	return true;
}

static bool store_le(struct bad_request *req, int width, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char off_text[32];
	unsigned long long val;
	size_t off;
	char *end;

	if (!eq || eq - spec >= (long)sizeof(off_text))
		return false;
	memcpy(off_text, spec, eq - spec);
	off_text[eq - spec] = '\0';
	val = strtoull(eq + 1, &end, 0);
	if (*end || !parse_offset(req, off_text, &off) ||
	    off > req->image_len || req->image_len - off < (size_t)width)
		return false;
	for (int i = 0; i < width; i++)
		req->image[off + i] = val >> (8 * i);
	req->image_edited = true;
	return true;
}

/* A pipe holding a few bytes; *@fd its read end. */
static bool open_pipe(struct bad_request *req, int *fd)
{
	int ends[2];

	if (req->opened_fd >= 0 || pipe(ends))
		return false;
	if (write(ends[1], "pipe", 4) != 4)
		ksft_exit_fail_msg("writing a pipe: %s\n", strerror(errno));
	*fd = req->opened_fd = ends[0];
	req->pipe_fd = ends[1];
	return true;
}

/* Set *@fd to the fd KIND names; false if it names none. */
static bool fd_of_kind(struct bad_request *req, const struct good_inputs *good,
		       const char *kind, int *fd, const char *path)
{
	int flags = -1;

	if (!strcmp(kind, "empty"))
		*fd = good->empty_fd;
	else if (!strcmp(kind, "initrd"))
		*fd = good->initrd_fd;
	else if (!strcmp(kind, "dir"))
		*fd = good->dir_fd;
	else if (!strcmp(kind, "badfd"))
		*fd = INT_MAX;	/* never open */
	else if (!strcmp(kind, "negfd"))
		*fd = -1;
	else if (!strcmp(kind, "wronly"))
		flags = O_WRONLY;
	else if (!strcmp(kind, "writable"))
		flags = O_RDWR;
	else if (!strcmp(kind, "opath"))
		flags = O_PATH;
	else if (!strcmp(kind, "pipe"))
		return open_pipe(req, fd);
	else
		return false;
	if (flags < 0)
		return true;
	*fd = req->opened_fd = open(path, flags);
	return *fd >= 0;
}

static bool set_cmdline(struct bad_request *req, const struct good_inputs *good,
			const char *kind)
{
	char *end;
	unsigned long n;

	if (isdigit((unsigned char)kind[0])) {
		n = strtoul(kind, &end, 0);
		if (*end || n > OVERLONG_CMDLINE_LEN)
			return false;
		/* The last n bytes of the overlong line: n - 1 'x', the NUL. */
		req->cmdline = n ? good->overlong + OVERLONG_CMDLINE_LEN - n : NULL;
		req->cmdline_len = n;
	} else if (!strcmp(kind, "nonul")) {
		req->cmdline_len = strlen(good_cmdline);
	} else if (!strcmp(kind, "x")) {
		req->cmdline = good->overlong;
		req->cmdline_len = 1;
	} else if (!strcmp(kind, "embedded")) {
		req->cmdline = good->embedded;
		req->cmdline_len = sizeof(good_cmdline) + EMBEDDED_TAIL;
	} else if (!strcmp(kind, "badptr0")) {
		req->cmdline = (const char *)16;
		req->cmdline_len = 0;
	} else if (!strcmp(kind, "hugelen")) {
		req->cmdline_len = ~0UL;
	} else if (!strcmp(kind, "overlong")) {
		req->cmdline = good->overlong;
		req->cmdline_len = OVERLONG_CMDLINE_LEN;
	} else if (!strcmp(kind, "badptr")) {
		req->cmdline = (const char *)16;	/* never mapped */
	} else {
		return false;
	}
	return true;
}

/* A kexec_load address: a number, or dest+N / dest-N. */
static bool parse_addr(const struct good_inputs *good, const char *text, unsigned long *addr)
{
	unsigned long n;
	char *end;

	if (!strcmp(text, "dest")) {
		*addr = good->dest;
		return true;
	}
	if (!strncmp(text, "dest", 4) && (text[4] == '+' || text[4] == '-')) {
		n = strtoul(text + 5, &end, 0);
		*addr = text[4] == '+' ? good->dest + n : good->dest - n;
	} else {
		*addr = strtoul(text, &end, 0);
	}
	return !*end && text[0];
}

/* sI.FIELD=V: one field of one segment. */
static bool edit_segment(struct bad_request *req, const struct good_inputs *good,
			 const char *edit)
{
	struct kexec_segment *seg;
	unsigned long i, val;
	char *field, *eq;

	i = strtoul(edit + 1, &field, 10);
	eq = strchr(field, '=');
	if (i > KEXEC_SEGMENT_MAX || *field != '.' || !eq)
		return false;
	seg = &req->seg_list[i];
	if (!strncmp(field, ".buf=", 5)) {
		if (!strcmp(eq + 1, "unmapped"))
			seg->buf = (void *)16;
		else if (!strcmp(eq + 1, "halfmapped"))
			seg->buf = good->seg_buf;
		else
			return false;
		return true;
	}
	if (!parse_addr(good, eq + 1, &val))
		return false;
	if (!strncmp(field, ".mem=", 5))
		seg->mem = (void *)val;
	else if (!strncmp(field, ".memsz=", 7))
		seg->memsz = val;
	else if (!strncmp(field, ".bufsz=", 7))
		seg->bufsz = val;
	else
		return false;
	return true;
}

/* Edits of a kexec_load(2) case. */
static bool apply_segment_edit(struct bad_request *req, const struct good_inputs *good,
			       const char *edit)
{
	if (!strncmp(edit, "nr=", 3)) {
		req->nr_segments = strtoul(edit + 3, NULL, 0);
		return true;
	}
	if (edit[0] == 's' && isdigit((unsigned char)edit[1]))
		return edit_segment(req, good, edit);
	if (!strcmp(edit, "segs=unmapped")) {
		req->segs = (struct kexec_segment *)16;
		return true;
	}
	if (!strncmp(edit, "entry=", 6))
		return parse_addr(good, edit + 6, &req->entry);
	if (!strncmp(edit, "flags=", 6)) {
		req->flags = strtoul(edit + 6, NULL, 0);
		return true;
	}
	return false;
}

/* Switch @req to the good kexec_load(2) request: one page at dest. */
static void segment_mode(struct bad_request *req, const struct good_inputs *good)
{
	static char page[PAGE];

	req->segment_mode = true;
	req->entry = good->dest;
	req->nr_segments = 1;
	req->segs = req->seg_list;
	for (unsigned long i = 0; i < ARRAY_SIZE(req->seg_list); i++)
		req->seg_list[i] = (struct kexec_segment){
			.buf = page, .bufsz = PAGE,
			.mem = (void *)(good->dest + i * PAGE), .memsz = PAGE,
		};
}

/* Apply one edit; false if it is malformed or does not fit the image. */
static bool apply_edit(struct bad_request *req, const struct good_inputs *good,
		       const char *edit)
{
	static const struct { const char *prefix; int width; } stores[] = {
		{ "u8@", 1 }, { "u16@", 2 }, { "u32@", 4 }, { "u64@", 8 },
	};
	size_t off;

	if (!strcmp(edit, "none"))
		return true;
	if (!strcmp(edit, "syscall=kexec_load")) {
		segment_mode(req, good);
		return true;
	}
	if (req->segment_mode)
		return apply_segment_edit(req, good, edit);
	for (size_t i = 0; i < ARRAY_SIZE(stores); i++)
		if (!strncmp(edit, stores[i].prefix, strlen(stores[i].prefix)))
			return store_le(req, stores[i].width,
					edit + strlen(stores[i].prefix));
	if (!strncmp(edit, "trunc=", 6)) {
		if (!parse_offset(req, edit + 6, &off) || off > req->image_len)
			return false;
		req->image_len = off;
		req->image_edited = true;
		return true;
	}
	if (!strncmp(edit, "kernel=", 7))
		return fd_of_kind(req, good, edit + 7, &req->kernel_fd, good->path);
	if (!strncmp(edit, "initrd=", 7))
		return fd_of_kind(req, good, edit + 7, &req->initrd_fd, good->initrd_path);
	if (!strncmp(edit, "cmdline=", 8))
		return set_cmdline(req, good, edit + 8);
	if (!strcmp(edit, "needs=pe"))
		return base_offset(req, "pe", &off);
	if (!strncmp(edit, "flags=", 6)) {
		req->flags = strtoul(edit + 6, NULL, 0);
		return true;
	}
	return false;
}

static int call_load(const struct bad_request *req)
{
	if (req->segment_mode)
		return syscall(__NR_kexec_load, req->entry, req->nr_segments, req->segs,
			       req->flags) ? errno : 0;
	return syscall(__NR_kexec_file_load, req->kernel_fd, req->initrd_fd,
		       req->cmdline_len, req->cmdline, req->flags) ? errno : 0;
}

static void unload(void)
{
	syscall(__NR_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD);
	syscall(__NR_kexec_file_load, -1, -1, 0, NULL,
		KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH);
}

/* Whether an accepted call must have left an image loaded. */
static bool loads(const struct bad_request *req)
{
	if (req->segment_mode)
		return req->nr_segments && !(req->flags & KEXEC_ON_CRASH);
	return !(req->flags & (KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH));
}

/* Run the case, report it; @want_log NULL: nothing may be logged. */
static void run_case(const char *name, int want, const char *want_log,
		     struct bad_request *req)
{
	int kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	int got, loaded, crash_loaded, want_loaded;
	bool own_fd = req->image_edited;
	struct kexec_test_log log;

	if (kmsg < 0) {
		ksft_test_result_skip("%s: /dev/kmsg: %s\n", name, strerror(errno));
		return;
	}
	lseek(kmsg, 0, SEEK_END);
	if (own_fd)
		req->kernel_fd = kexec_test_file_with(req->image, req->image_len);
	got = call_load(req);
	kexec_test_read_kernel_log(kmsg, want_log, true, &log);
	loaded = kexec_loaded();
	crash_loaded = kexec_test_read_number(KEXEC_CRASH_LOADED_PATH);
	want_loaded = !want && loads(req);
	unload();
	close(kmsg);
	if (own_fd)
		close(req->kernel_fd);

	if (got != want)
		ksft_test_result_fail("%s: errno %d (%s), want %d (%s)\n", name, got,
				      strerror(got), want, strerror(want));
	else if (loaded != want_loaded)
		ksft_test_result_fail("%s: %s reads %d after the call, want %d\n", name,
				      KEXEC_LOADED_PATH, loaded, want_loaded);
	else if (crash_loaded > 0)
		ksft_test_result_fail("%s: %s reads %d after the call\n", name,
				      KEXEC_CRASH_LOADED_PATH, crash_loaded);
	else if (log.bug[0])
		ksft_test_result_fail("%s: the kernel reported a bug: '%.160s'\n", name, log.bug);
	else if (want_log && !log.found)
		ksft_test_result_fail("%s: no log record holds '%s'\n", name, want_log);
	else if (log.kexec_records > (want_log ? 1 : 0))
		ksft_test_result_fail("%s: %d kexec log records, want %d\n", name,
				      log.kexec_records, want_log ? 1 : 0);
	else
		ksft_test_result_pass("%s\n", name);
}

static bool arch_matches(const char *arch)
{
	struct utsname uts;

	return !strcmp(arch, "all") || (!uname(&uts) && !strcmp(arch, uts.machine));
}

/* One table line: prepare its request from @good and run it. */
static void table_case(char *line, const struct good_inputs *good,
		       unsigned char *scratch)
{
	char *name, *errno_name, *edits, *bar, *log, *edit, *save = NULL;
	struct bad_request req = {
		.image = scratch, .image_len = good->image_len,
		.kernel_fd = good->kernel_fd, .initrd_fd = good->initrd_fd,
		.cmdline = good_cmdline, .cmdline_len = sizeof(good_cmdline),
		.opened_fd = -1, .pipe_fd = -1,
	};
	int want;

	bar = strstr(line, " | ");
	strtok_r(line, " \t", &save);	/* ARCH, matched by read_table() */
	name = strtok_r(NULL, " \t", &save);
	errno_name = strtok_r(NULL, " \t", &save);
	edits = strtok_r(NULL, " \t", &save);
	if (!bar || !edits || edits > bar)
		ksft_exit_fail_msg("malformed table line: %s\n", line);
	log = bar + 3;
	log[strcspn(log, "\n")] = '\0';
	want = errno_by_name(errno_name);
	if (want < 0)
		ksft_exit_fail_msg("%s: unknown errno %s\n", name, errno_name);

	memcpy(scratch, good->image, good->image_len);
	for (edit = strtok_r(edits, ",", &save); edit; edit = strtok_r(NULL, ",", &save))
		if (!apply_edit(&req, good, edit))
			break;
	if (edit && req.lacks_pe)
		ksft_test_result_skip("%s: the image has no PE header for %s\n", name, edit);
	else if (edit)
		ksft_test_result_fail("%s: edit %s does not apply\n", name, edit);
	else
		run_case(name, want, strcmp(log, "-") ? log : NULL, &req);
	if (req.opened_fd >= 0)
		close(req.opened_fd);
	if (req.pipe_fd >= 0)
		close(req.pipe_fd);
}

/* The table's lines for this architecture; comments and blanks dropped. */
static char **read_table(const char *path, int *nr)
{
	char line[TABLE_LINE_MAX], arch[32], **lines = NULL;
	FILE *file = fopen(path, "r");

	if (!file)
		ksft_exit_fail_msg("open %s: %s\n", path, strerror(errno));
	*nr = 0;
	while (fgets(line, sizeof(line), file)) {
		if (line[0] == '#' || sscanf(line, "%31s", arch) != 1 || !arch_matches(arch))
			continue;
		lines = realloc(lines, (*nr + 1) * sizeof(*lines));
		if (!lines)
			ksft_exit_fail_msg("out of memory\n");
		lines[*nr] = strdup(line);
		if (!lines[(*nr)++])
			ksft_exit_fail_msg("out of memory\n");
	}
	fclose(file);
	return lines;
}

static void load_good_inputs(struct good_inputs *good, const char *kernel)
{
	static char initrd[INITRD_LEN];
	struct stat st;
	void *map;

	good->path = kernel;
	good->kernel_fd = open(kernel, O_RDONLY);
	if (good->kernel_fd < 0)
		ksft_exit_skip("no kernel image to load: %s: %s (pass one as KERNEL)\n",
			       kernel, strerror(errno));
	if (fstat(good->kernel_fd, &st) || !st.st_size)
		ksft_exit_fail_msg("%s: empty or unreadable\n", kernel);
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, good->kernel_fd, 0);
	if (map == MAP_FAILED)
		ksft_exit_fail_msg("mmap %s: %s\n", kernel, strerror(errno));
	good->image = map;
	good->image_len = st.st_size;
	memset(initrd, 'i', sizeof(initrd));
	good->initrd_fd = kexec_test_file_with(initrd, sizeof(initrd));
	snprintf(good->initrd_path, sizeof(good->initrd_path), "/proc/self/fd/%d",
		 good->initrd_fd);
	good->empty_fd = kexec_test_file_with(initrd, 0);
	good->dir_fd = open("/", O_RDONLY | O_DIRECTORY);
	good->overlong = malloc(OVERLONG_CMDLINE_LEN);
	if (good->dir_fd < 0 || !good->overlong)
		ksft_exit_fail_msg("setting up: %s\n", strerror(errno));
	memset(good->overlong, 'x', OVERLONG_CMDLINE_LEN - 1);
	good->overlong[OVERLONG_CMDLINE_LEN - 1] = '\0';
	/* The good line, its NUL, then a tail that is too long on its own. */
	good->embedded = malloc(sizeof(good_cmdline) + EMBEDDED_TAIL);
	if (!good->embedded)
		ksft_exit_fail_msg("out of memory\n");
	memcpy(good->embedded, good_cmdline, sizeof(good_cmdline));
	memcpy(good->embedded + sizeof(good_cmdline), good->overlong, EMBEDDED_TAIL);
	good->embedded[sizeof(good_cmdline) + EMBEDDED_TAIL - 1] = '\0';
	good->dest = kexec_test_load_dest();
	good->seg_buf = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (good->seg_buf == MAP_FAILED || munmap(good->seg_buf + PAGE, PAGE))
		ksft_exit_fail_msg("mapping the segment buffer: %s\n", strerror(errno));
	memset(good->seg_buf, 's', PAGE);
}

/* The table beside this program, for run_kselftest.sh's working directory. */
static const char *default_table(void)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return DEFAULT_TABLE;
	path[n] = '\0';
	slash = strrchr(path, '/');
	snprintf(slash + 1, sizeof(path) - (slash + 1 - path), "%s", DEFAULT_TABLE);
	return path;
}

int main(int argc, char **argv)
{
	char fallback[300], **lines;
	struct good_inputs good;
	unsigned char *scratch;
	struct utsname uts;
	int nr;

	ksft_print_header();
	if (argc > 3) {
		fprintf(stderr, "usage: %s [KERNEL [TABLE]]\n", argv[0]);
		return 2;
	}
	kexec_test_require_idle_root();
	if (argc < 2) {
		if (uname(&uts))
			ksft_exit_fail_msg("uname: %s\n", strerror(errno));
		snprintf(fallback, sizeof(fallback), "/boot/vmlinuz-%s", uts.release);
	}
	load_good_inputs(&good, argc > 1 ? argv[1] : fallback);
	lines = read_table(argc > 2 ? argv[2] : default_table(), &nr);
	scratch = malloc(good.image_len);
	if (!scratch)
		ksft_exit_fail_msg("out of memory\n");

	ksft_set_plan(nr);
	for (int i = 0; i < nr; i++)
		table_case(lines[i], &good, scratch);
	ksft_print_cnts();
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}
