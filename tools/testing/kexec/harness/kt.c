// SPDX-License-Identifier: GPL-2.0
/*
 * kt: runner, expectations, counted allocator and log capture for the hosted
 * kexec tests. Output is TAP; the last line is "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shim/kernel.h"
#include "kt.h"

#define KT_LOG_LINE_MAX 512

unsigned int kt_warn_count;

static struct {
	long live;		/* allocations not yet freed */
	unsigned long calls;	/* allocation attempts since reset */
	unsigned long fail_at;	/* attempt number that fails; 0: none */
} alloc;

static struct {
	unsigned int count;	/* non-debug lines since reset */
	char last[KT_LOG_LINE_MAX];
	bool verbose;
} log_state;

/* ---------------- allocation shim ---------------- */

static bool alloc_should_fail(void)
{
	alloc.calls++;
	return alloc.fail_at && alloc.calls == alloc.fail_at;
}

void *kt_malloc(size_t size, bool zero)
{
	void *p;

	if (alloc_should_fail())
		return NULL;
	p = zero ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
	if (p)
		alloc.live++;
	return p;
}

void *kt_realloc(void *p, size_t size)
{
	void *n;

	if (!size) {
		kt_free(p);
		return NULL;
	}
	if (alloc_should_fail())
		return NULL;
	n = realloc(p, size);
	if (n && !p)
		alloc.live++;
	return n;
}

void kt_free(const void *p)
{
	if (!p)
		return;
	alloc.live--;
	free((void *)p);
}

long kt_alloc_live(void)
{
	return alloc.live;
}

unsigned long kt_alloc_calls(void)
{
	return alloc.calls;
}

static void alloc_reset(unsigned long fail_at)
{
	alloc.live = 0;
	alloc.calls = 0;
	alloc.fail_at = fail_at;
}

/* ---------------- log capture ---------------- */

void kt_log(enum kt_log_level level, const char *fmt, ...)
{
	char line[KT_LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (log_state.verbose)
		printf("# log[%d]: %s", level, line);
	if (level == KT_LOG_DEBUG)
		return;
	log_state.count++;
	memcpy(log_state.last, line, sizeof(line));
}

unsigned int kt_log_count(void)
{
	return log_state.count;
}

const char *kt_log_last(void)
{
	return log_state.last;
}

void kt_log_reset(void)
{
	log_state.count = 0;
	log_state.last[0] = '\0';
}

/* ---------------- expectations ---------------- */

static void fail_at(struct kt *t, const char *file, int line)
{
	t->failures++;
	printf("#   %s:%d: ", file, line);
}

bool kt_check_eq(struct kt *t, const char *file, int line, const char *expr,
		 unsigned long long got, unsigned long long want)
{
	if (got == want)
		return true;
	fail_at(t, file, line);
	printf("%s == %lld (0x%llx), expected %lld (0x%llx)\n",
	       expr, (long long)got, got, (long long)want, want);
	return false;
}

bool kt_check_true(struct kt *t, const char *file, int line, const char *expr, bool ok)
{
	if (ok)
		return true;
	fail_at(t, file, line);
	printf("%s is false\n", expr);
	return false;
}

bool kt_check_logged(struct kt *t, const char *file, int line, const char *const *needles)
{
	const char *missing = NULL;

	for (; !missing && *needles; needles++)
		if (!strstr(log_state.last, *needles))
			missing = *needles;
	if (log_state.count == 1 && !missing)
		return true;
	fail_at(t, file, line);
	printf("expected one log line holding \"%s\", got %u line(s), last: %s%s",
	       missing ? missing : "", log_state.count, log_state.last,
	       strchr(log_state.last, '\n') ? "" : "\n");
	return false;
}

void kt_abort(struct kt *t)
{
	longjmp(t->abort, 1);
}

void kt_skip(struct kt *t, const char *reason)
{
	t->skipped = reason;
	longjmp(t->abort, 1);
}

/* ---------------- runner ---------------- */

struct kt_totals {
	unsigned int run;
	unsigned int passed;
	unsigned int failed;
	unsigned int skipped;
};

/* One run of one case row; returns the sweep's errno (0 for plain cases). */
static int run_once(struct kt *t, const struct kt_case *c, const void *row,
		    unsigned long fail_at_call)
{
	volatile int rc = 0;	/* survives the longjmp() of KT_ASSERT_* */

	alloc_reset(fail_at_call);
	kt_log_reset();
	kt_warn_count = 0;
	t->injecting = fail_at_call != 0;
	if (setjmp(t->abort) == 0) {
		if (c->run)
			c->run(t, row);
		else
			rc = c->sweep(t, row);
	} else if (!t->skipped) {
		printf("#   case aborted\n");
	}
	if (alloc.live) {
		t->failures++;
		printf("#   %ld allocation(s) leaked\n", alloc.live);
	}
	if (kt_warn_count) {
		t->failures++;
		printf("#   WARN_ON_ONCE fired %u time(s)\n", kt_warn_count);
	}
	return rc;
}

/* Clean run, then every allocation failing in turn. */
static void run_sweep(struct kt *t, const struct kt_case *c, const void *row)
{
	unsigned long n, i;
	int rc;

	rc = run_once(t, c, row, 0);
	n = alloc.calls;
	if (rc) {
		t->failures++;
		printf("#   clean run returned %d\n", rc);
		return;
	}
	if (!n) {
		t->failures++;
		printf("#   no allocation to fail: the sweep tests nothing\n");
		return;
	}
	for (i = 1; i <= n && !t->failures; i++) {
		rc = run_once(t, c, row, i);
		if (rc != -ENOMEM) {
			t->failures++;
			printf("#   allocation %lu of %lu failing: returned %d, expected %d\n",
			       i, n, rc, -ENOMEM);
		} else if (t->failures) {
			printf("#   (while allocation %lu of %lu failed)\n", i, n);
		}
	}
}

static void run_row(const struct kt_case *c, const void *row, const char *filter,
		    struct kt_totals *tot)
{
	char name[256];
	struct kt t = { .name = name };

	if (row)
		snprintf(name, sizeof(name), "%s: %s%s", c->name,
			 *(const char *const *)row, c->sweep ? " (allocation failures)" : "");
	else
		snprintf(name, sizeof(name), "%s%s", c->name,
			 c->sweep ? " (allocation failures)" : "");
	if (filter && !strstr(name, filter))
		return;
	if (c->sweep)
		run_sweep(&t, c, row);
	else
		run_once(&t, c, row, 0);
	tot->run++;
	if (!t.failures && t.skipped) {
		tot->skipped++;
		printf("ok %u - %s # SKIP %s\n", tot->run, name, t.skipped);
		fflush(stdout);
		return;
	}
	if (t.failures)
		tot->failed++;
	else
		tot->passed++;
	printf("%sok %u - %s\n", t.failures ? "not " : "", tot->run, name);
	fflush(stdout);
}

/**
 * kt_main() - run every case (or those whose name holds argv[1]).
 * @argc: from main()
 * @argv: from main(); argv[1] is an optional name filter
 * @cases: the cases
 * @nr_cases: how many
 *
 * Setting KT_VERBOSE in the environment echoes every log line as a comment.
 *
 * Return: 0 when every case passed, 1 otherwise.
 */
int kt_main(int argc, char **argv, const struct kt_case *cases, size_t nr_cases)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	struct kt_totals tot = { 0 };
	size_t i, r;

	log_state.verbose = !!getenv("KT_VERBOSE");
	for (i = 0; i < nr_cases; i++) {
		const struct kt_case *c = &cases[i];

		if (!c->rows) {
			run_row(c, NULL, filter, &tot);
			continue;
		}
		for (r = 0; r < c->nr_rows; r++)
			run_row(c, (const char *)c->rows + r * c->row_size, filter, &tot);
	}
	printf("1..%u\n", tot.run);
	if (tot.skipped)
		printf("# %u skipped\n", tot.skipped);
	printf("%u passed, %u failed\n", tot.passed, tot.failed);
	return tot.failed ? 1 : 0;
}

void *kt_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	void *buf = NULL;
	long n = -1;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0)
		n = ftell(fp);
	if (n > 0 && fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc(n);
		if (buf && fread(buf, 1, n, fp) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = n;
	}
	fclose(fp);
	return buf;
}
