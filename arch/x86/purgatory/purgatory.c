// SPDX-License-Identifier: GPL-2.0
/*
 * The C half of the x86_64 purgatory: between relocate_kernel and the new
 * kernel, check that every loaded segment still hashes to the SHA-256 the
 * loader recorded. Nothing here may use the kernel's runtime: no printk, no
 * per-CPU data, no instrumentation; only lib/crypto/sha256.c is linked in.
 */

#include <linux/purgatory.h>
#include <linux/string.h>
#include <crypto/sha2.h>
#include <asm/purgatory_handoff.h>

/*
 * kexec_file fills these by name before the image is sealed. They must be
 * in a PROGBITS section: kexec_purgatory_get_set_symbol() refuses to write
 * into .bss, which has no bytes in the ELF file.
 */
struct kexec_sha_region purgatory_sha_regions[KEXEC_SEGMENT_MAX] __section(".data");
u8 purgatory_sha256_digest[SHA256_DIGEST_SIZE] __section(".data");
struct purgatory_handoff purgatory_handoff __section(".data");

/* 16550 UART at the legacy COM1 port, used only to say why we stopped. */
#define COM1_BASE	0x3f8
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define UART_ABSENT	0xff
#define UART_SPINS	100000

static u8 port_in(u16 port)
{
	u8 val;

	asm volatile("inb %1, %0" : "=a" (val) : "Nd" (port));
	return val;
}

static void port_out(u16 port, u8 val)
{
	asm volatile("outb %0, %1" : : "a" (val), "Nd" (port));
}

/* Best effort: an absent UART reads as all ones and is skipped. */
static void report(const char *msg)
{
	unsigned int spins;

	for (; *msg; msg++) {
		for (spins = 0; spins < UART_SPINS; spins++) {
			u8 lsr = port_in(COM1_BASE + UART_LSR);

			if (lsr == UART_ABSENT)
				return;
			if (lsr & UART_LSR_THRE)
				break;
		}
		port_out(COM1_BASE, *msg);
	}
}

static bool digests_match(const u8 *a, const u8 *b)
{
	unsigned int i;
	u8 diff = 0;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

/**
 * purgatory_verify() - hash the loaded segments and compare
 *
 * Context: purgatory_start, on the purgatory's own GDT and stack.
 *
 * Return: 0 when the segments are intact, -1 (after a message on COM1)
 * when the new kernel must not be entered.
 */
int purgatory_verify(void)
{
	u8 digest[SHA256_DIGEST_SIZE];
	struct sha256_state state;
	unsigned int i;

	sha256_init(&state);
	for (i = 0; i < KEXEC_SEGMENT_MAX; i++) {
		const struct kexec_sha_region *r = &purgatory_sha_regions[i];

		if (r->len)
			sha256_update(&state, (const u8 *)r->start, r->len);
	}
	sha256_final(&state, digest);

	if (digests_match(digest, purgatory_sha256_digest))
		return 0;
	report("purgatory: SHA-256 of the loaded segments does not match, halting\r\n");
	return -1;
}

/*
 * The compiler and lib/crypto/sha256.c need these two; the kernel's own
 * versions are not linked into the purgatory.
 */
void *memcpy(void *dst, const void *src, size_t len)
{
	void *ret = dst;

	asm volatile("rep movsb" : "+D" (dst), "+S" (src), "+c" (len) : : "memory");
	return ret;
}

void *memset(void *dst, int c, size_t len)
{
	void *ret = dst;

	asm volatile("rep stosb" : "+D" (dst), "+c" (len) : "a" (c) : "memory");
	return ret;
}
