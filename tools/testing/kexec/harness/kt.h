/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kt: the hosted kexec test harness.
 *
 * A test binary #includes the hosted seam headers and the real kernel .c
 * files, defines an array of struct kt_case and ends with KT_MAIN(cases).
 *
 * Every case runs with fresh allocation and log counters and fails if it
 * leaves a live allocation behind or trips WARN_ON_ONCE. Table cases run once
 * per row and report one TAP line per row; a row struct must start with
 * "const char *name". A sweep case is an operation returning 0 or -errno that
 * cleans up after itself: it is run once cleanly (must return 0), counting N
 * allocations, then once with each allocation 1..N failing (each must return
 * -ENOMEM and leak nothing).
 */
#ifndef KEXEC_HOSTED_KT_H
#define KEXEC_HOSTED_KT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

struct kt {
	const char *name;	/* full name of the running case */
	unsigned int failures;	/* failed expectations so far */
	bool injecting;		/* an allocation is set to fail in this run */
	const char *skipped;	/* set by KT_SKIP: why the case could not run */
	jmp_buf abort;		/* KT_ASSERT_* jumps here */
};

struct kt_case {
	const char *name;
	void (*run)(struct kt *t, const void *row);
	int (*sweep)(struct kt *t, const void *row);
	const void *rows;	/* NULL: one run with row == NULL */
	size_t nr_rows;
	size_t row_size;
};

#define KT_CASE(fn)		{ .name = #fn, .run = fn }
#define KT_TABLE(fn, table)	{ .name = #fn, .run = fn, .rows = (table),		\
				  .nr_rows = sizeof(table) / sizeof((table)[0]),	\
				  .row_size = sizeof((table)[0]) }
#define KT_SWEEP(fn)		{ .name = #fn, .sweep = fn }
#define KT_SWEEP_TABLE(fn, table) { .name = #fn, .sweep = fn, .rows = (table),		\
				  .nr_rows = sizeof(table) / sizeof((table)[0]),	\
				  .row_size = sizeof((table)[0]) }

int kt_main(int argc, char **argv, const struct kt_case *cases, size_t nr_cases);

#define KT_MAIN(cases)								\
	int main(int argc, char **argv)						\
	{									\
		return kt_main(argc, argv, cases, sizeof(cases) / sizeof((cases)[0])); \
	}

/* ---- expectations: record a failure and go on ---- */
bool kt_check_eq(struct kt *t, const char *file, int line, const char *expr,
		 unsigned long long got, unsigned long long want);
bool kt_check_true(struct kt *t, const char *file, int line, const char *expr, bool ok);
bool kt_check_logged(struct kt *t, const char *file, int line, const char *const *needles);
void kt_abort(struct kt *t) __attribute__((__noreturn__));
void kt_skip(struct kt *t, const char *reason) __attribute__((__noreturn__));

#define KT_EXPECT_EQ(t, got, want)						\
	kt_check_eq(t, __FILE__, __LINE__, #got, (unsigned long long)(got),	\
		    (unsigned long long)(want))
#define KT_EXPECT_TRUE(t, cond)	kt_check_true(t, __FILE__, __LINE__, #cond, !!(cond))
#define KT_EXPECT_FALSE(t, cond) kt_check_true(t, __FILE__, __LINE__, "!(" #cond ")", !(cond))
/* Exactly one line was logged (debug level aside) and it holds every needle. */
#define KT_EXPECT_LOGGED(t, ...)						\
	kt_check_logged(t, __FILE__, __LINE__, (const char *const[]){ __VA_ARGS__, NULL })
#define KT_EXPECT_NO_LOG(t)	KT_EXPECT_EQ(t, kt_log_count(), 0)

/* ---- assertions: stop the case (use where going on would crash) ---- */
#define KT_ASSERT_EQ(t, got, want)						\
	do {									\
		struct kt *kt_assert_t_ = (t);					\
		if (!KT_EXPECT_EQ(kt_assert_t_, got, want))			\
			kt_abort(kt_assert_t_);					\
	} while (0)
#define KT_ASSERT_TRUE(t, cond)							\
	do {									\
		struct kt *kt_assert_t_ = (t);					\
		if (!KT_EXPECT_TRUE(kt_assert_t_, cond))			\
			kt_abort(kt_assert_t_);					\
	} while (0)

/*
 * ---- skips: the case cannot run here (e.g. an input file is absent) ----
 * Reported as "ok N - name # SKIP reason" and counted apart from passes.
 */
#define KT_SKIP(t, reason)	kt_skip(t, reason)

/*
 * ---- real input files (built kernels, downloaded images) ----
 * The whole file in a malloc()ed buffer (free() it), its size in *len;
 * NULL when it cannot be read, which a case reports with KT_SKIP.
 */
void *kt_read_file(const char *path, size_t *len);

/* ---- observation of the shim ---- */
unsigned int kt_log_count(void);
const char *kt_log_last(void);
void kt_log_reset(void);
long kt_alloc_live(void);
unsigned long kt_alloc_calls(void);

#endif /* KEXEC_HOSTED_KT_H */
