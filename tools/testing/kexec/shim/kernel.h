/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hosted stand-ins for the kernel APIs the pure kexec files use.
 *
 * Three kinds of definitions live here, as in tools/testing/vma:
 *  - duplicates: behave exactly as the kernel's (types, overflow helpers,
 *    min/max, static_assert); keep them in sync with include/linux;
 *  - stubs: compile to what the kernel would do in a non-debug build;
 *  - customised: allocation and printk go to harness/kt.c, which counts live
 *    allocations, can fail the Nth one and records log lines for the tests.
 *
 * Both hosted seam headers (seams/kexec_pure.h for kernel/,
 * seams/x86_kexec_pure.h for arch/x86/kernel/) include this file. Every
 * definition here is used by a pure file, a test or the harness.
 */
#ifndef KEXEC_HOSTED_KERNEL_H
#define KEXEC_HOSTED_KERNEL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- duplicates: types (u64 is unsigned long long, as in the kernel) ---- */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed int s32;
typedef signed long long s64;
typedef unsigned int gfp_t;

#define GFP_KERNEL	0x1u

#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)

/* ---- duplicates: compiler and helper macros ---- */
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define fallthrough	__attribute__((__fallthrough__))

#define static_assert(expr, ...) __static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...) _Static_assert(expr, msg)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* <linux/log2.h>: the same type as the kernel's, so a truncation shows here too. */
static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* ---- customised: WARN_ON_ONCE counts instead of printing a backtrace ---- */
extern unsigned int kt_warn_count;
#define WARN_ON_ONCE(cond) ({ bool __c = !!(cond); if (__c) kt_warn_count++; __c; })

/* ---- customised: printk records lines so tests can assert on them ---- */
enum kt_log_level { KT_LOG_DEBUG, KT_LOG_INFO, KT_LOG_WARN, KT_LOG_ERR };

__printf(2, 3) void kt_log(enum kt_log_level level, const char *fmt, ...);

/* pr_fmt is expanded at the call site, so each .c file's own prefix applies. */
#define pr_err(fmt, ...)	kt_log(KT_LOG_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	kt_log(KT_LOG_DEBUG, pr_fmt(fmt), ##__VA_ARGS__)

/* ---- customised: counted allocation with failure injection ---- */
void *kt_malloc(size_t size, bool zero);
void *kt_realloc(void *p, size_t size);
void kt_free(const void *p);

static inline void *kmalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	return kt_malloc(size, false);
}

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	return kt_malloc(size, true);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	(void)gfp;
	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kt_malloc(bytes, true);
}

static inline void *krealloc(const void *p, size_t size, gfp_t gfp)
{
	(void)gfp;
	return kt_realloc((void *)p, size);
}

static inline void kfree(const void *p)
{
	kt_free(p);
}

static inline void *kvzalloc(size_t size, gfp_t gfp)
{
	return kzalloc(size, gfp);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kcalloc(n, size, gfp);
}

/* 6.1 signature: the old size is passed in. */
static inline void *kvrealloc(const void *p, size_t oldsize, size_t newsize, gfp_t gfp)
{
	(void)oldsize;
	return krealloc(p, newsize, gfp);
}

static inline void kvfree(const void *p)
{
	kt_free(p);
}

#endif /* KEXEC_HOSTED_KERNEL_H */
